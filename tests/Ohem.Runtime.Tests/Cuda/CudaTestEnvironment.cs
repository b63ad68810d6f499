using System;
using Ohem.Cuda;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    /// <summary>
    /// Skips a test with the reason when NVRTC or a GPU is missing, but fails it when the environment says the
    /// dependency must be there (CI sets OHEM_REQUIRE_NVRTC=1; a GPU machine sets OHEM_REQUIRE_GPU=1).
    /// </summary>
    internal static class CudaTestEnvironment
    {
        public static void RequireNvrtc()
        {
            bool available = OhemCompiler.IsAvailable(out string reason);
            if (!available && Required("OHEM_REQUIRE_NVRTC"))
            {
                Assert.Fail("OHEM_REQUIRE_NVRTC=1 but NVRTC is not available: " + reason);
            }

            Skip.IfNot(available, "NVRTC is not available: " + reason);
        }

        public static CudaDeviceInfo RequireGpu()
        {
            var probe = CudaAvailability.Probe();
            if (!probe.IsAvailable && Required("OHEM_REQUIRE_GPU"))
            {
                Assert.Fail("OHEM_REQUIRE_GPU=1 but no CUDA device is usable: " + probe.Reason);
            }

            Skip.IfNot(probe.IsAvailable, "No CUDA device: " + probe.Reason);
            return probe.Device!.Value;
        }

        public static bool Required(string variable) => Environment.GetEnvironmentVariable(variable) == "1";
    }
}
