using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Ohem.Cuda;
using Ohem.Cuda.Interop;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    /// <summary>What only separate processes can show: concurrent cache writers, and the library override read from the real environment.</summary>
    public sealed class CrossProcessTests : IDisposable
    {
        private readonly string directory = Directory.CreateTempSubdirectory("ohem-cache-processes-").FullName;

        public void Dispose() => Directory.Delete(directory, recursive: true);

        [SkippableFact]
        public void TwoProcessesWritingTheSameEntryLeaveOneValidEntry()
        {
            CudaTestEnvironment.RequireNvrtc();
            string tool = GpuCheckAssembly();
            var processes = Enumerable.Range(0, 2).Select(_ => Start(tool)).ToArray();
            foreach (var p in processes)
            {
                string output = p.StandardOutput.ReadToEnd();
                string error = p.StandardError.ReadToEnd();
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {output} {error}");
                Assert.Contains("ohem_forward_", output);
                p.Dispose();
            }

            string entry = Assert.Single(Directory.GetFiles(directory));
            Assert.EndsWith(".ohemkc", entry);
            var spec = new OhemSpec(numClasses: 7);
            var fromDisk = OhemCompiler.Compile(spec, "sm_80", cache: new OhemKernelCache(directory));
            Assert.Equal(OhemImageOrigin.Disk, fromDisk.Origin);
            Assert.Equal(spec.KernelNames.All.Length, fromDisk.Kernels.Count);
        }

        /// <summary>End to end through the real environment: a process whose OHEM_NVRTC_LIBRARY names a missing file fails cleanly, naming it.</summary>
        [Fact]
        public void AnNvrtcOverrideToAMissingFileFailsTheProcessCleanlyNamingThePath()
        {
            string missing = Path.Combine(directory, "libnvrtc.so.12");
            using var p = Start(GpuCheckAssembly(), (CudaLibraries.NvrtcOverride, missing));
            string output = p.StandardOutput.ReadToEnd();
            string error = p.StandardError.ReadToEnd();
            p.WaitForExit();

            Assert.Equal(2, p.ExitCode);
            Assert.Equal(string.Empty, output);
            Assert.StartsWith("ohem-gpucheck: Could not load NVRTC (the CUDA runtime compiler) (OHEM_NVRTC_LIBRARY is set, so only its path was tried). Tried: '" + missing + "'.", error);
            Assert.Empty(Directory.GetFiles(directory));
        }

        private Process Start(string tool, params (string Name, string Value)[] environment)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in new[] { tool, "--kernels", "sm_80", "--classes", "7" })
            {
                info.ArgumentList.Add(a);
            }

            info.Environment[OhemKernelCache.DirectoryVariable] = directory;
            foreach (var (name, value) in environment)
            {
                info.Environment[name] = value;
            }

            return Process.Start(info)!;
        }

        private static string GpuCheckAssembly()
        {
            // tests/Ohem.Runtime.Tests/bin/<Configuration>/net10.0/ → src/Ohem.GpuCheck/bin/<Configuration>/net10.0/
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string configuration = output.Parent!.Name;
            string path = Path.Combine(CompileSpecs.RepositoryRoot(), "src", "Ohem.GpuCheck", "bin", configuration, output.Name, "Ohem.GpuCheck.dll");
            Assert.True(File.Exists(path), "Build Ohem.GpuCheck first (the test project references it): " + path);
            return path;
        }
    }
}
