using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;
using Ohem.Cuda;
using Ohem.Cuda.Interop;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    public sealed class CudaLibrariesTests
    {
        private static IntPtr RealLoad(string name) => NativeLibrary.TryLoad(name, out IntPtr handle) ? handle : IntPtr.Zero;

        [Fact]
        public void NvrtcOverrideToAMissingPathThrowsListingThePathAndTheVariable()
        {
            const string missing = "/nonexistent/ohem/libnvrtc.so.12";
            var env = new Dictionary<string, string?> { [CudaLibraries.NvrtcOverride] = missing };

            var e = Assert.Throws<CudaLibraryNotFoundException>(() => CudaLibraries.Load(CudaLibraryKind.Nvrtc, v => env.GetValueOrDefault(v), RealLoad));

            Assert.Equal(CudaLibraryKind.Nvrtc, e.Library);
            Assert.Equal(new[] { missing }, e.Tried);
            Assert.Contains("'" + missing + "'", e.Message);
            Assert.Contains("OHEM_NVRTC_LIBRARY is set", e.Message);
            Assert.Contains("libnvrtc11.2", e.Message);
            Assert.Contains("nvidia-cuda-nvrtc-cu12", e.Message);
        }

        [Fact]
        public void DriverOverrideToAMissingPathThrowsWithDriverInstallAdvice()
        {
            const string missing = "/nonexistent/ohem/libcuda.so.1";
            var e = Assert.Throws<CudaLibraryNotFoundException>(
                () => CudaLibraries.Load(CudaLibraryKind.Driver, v => v == CudaLibraries.DriverOverride ? missing : null, RealLoad));

            Assert.Equal(new[] { missing }, e.Tried);
            Assert.Contains("the CUDA driver library", e.Message);
            Assert.Contains("NVIDIA driver", e.Message);
            Assert.Contains("OHEM_CUDA_LIBRARY", e.Message);
        }

        [SkippableFact]
        public void NvrtcCandidatesAreTriedNewestFirstThenTheDevelopmentSymlink()
        {
            Skip.IfNot(OperatingSystem.IsLinux(), "Linux names.");
            var tried = new List<string>();
            var e = Assert.Throws<CudaLibraryNotFoundException>(() => CudaLibraries.Load(CudaLibraryKind.Nvrtc, _ => null, name =>
            {
                tried.Add(name);
                return IntPtr.Zero;
            }));

            Assert.Equal(new[] { "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so" }, tried.GetRange(0, 4));
            Assert.Equal(tried, e.Tried);
            Assert.Contains("/usr/local/cuda/lib64/libnvrtc.so.12", tried);
            foreach (string name in tried)
            {
                Assert.Contains("'" + name + "'", e.Message);
            }
        }

        [SkippableFact]
        public void CudaHomeAddsItsLib64Directory()
        {
            Skip.IfNot(OperatingSystem.IsLinux(), "Linux names.");
            var candidates = CudaLibraries.Candidates(CudaLibraryKind.Nvrtc, v => v == "CUDA_HOME" ? "/opt/cuda-x" : null);
            Assert.Contains("/opt/cuda-x/lib64/libnvrtc.so.12", candidates);
            Assert.True(candidates.ToList().IndexOf("libnvrtc.so") < candidates.ToList().IndexOf("/opt/cuda-x/lib64/libnvrtc.so.13"));
        }

        [SkippableFact]
        public void DriverCandidatesPreferTheVersionedName()
        {
            Skip.IfNot(OperatingSystem.IsLinux(), "Linux names.");
            Assert.Equal(new[] { "libcuda.so.1", "libcuda.so" }, CudaLibraries.Candidates(CudaLibraryKind.Driver, _ => null));
        }

        [SkippableFact]
        public void TheFirstCandidateThatLoadsWins()
        {
            Skip.IfNot(OperatingSystem.IsLinux(), "Linux names.");
            IntPtr handle = CudaLibraries.Load(CudaLibraryKind.Nvrtc, _ => null, name => name == "libnvrtc.so.11.2" ? (IntPtr)42 : IntPtr.Zero);
            Assert.Equal((IntPtr)42, handle);
        }
    }
}
