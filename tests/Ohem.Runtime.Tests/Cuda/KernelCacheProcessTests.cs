using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Ohem.Cuda;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    /// <summary>Two processes compiling the same spec into one cache directory at once leave one valid entry.</summary>
    public sealed class KernelCacheProcessTests : IDisposable
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

        private Process Start(string tool)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in new[] { tool, "--kernels", "sm_80", "--classes", "7" })
            {
                info.ArgumentList.Add(a);
            }

            info.Environment[OhemKernelCache.DirectoryVariable] = directory;
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
