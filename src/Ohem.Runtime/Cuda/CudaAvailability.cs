using System;

namespace Ohem.Cuda
{
    /// <summary>Whether the CUDA backend can run here, and why not.</summary>
    /// <param name="IsAvailable">The driver and NVRTC load, cuInit succeeds and a device exists.</param>
    /// <param name="Reason">What was found, or what is missing.</param>
    /// <param name="Device">Device 0 when available.</param>
    public readonly record struct CudaAvailability(bool IsAvailable, string Reason, CudaDeviceInfo? Device)
    {
        private static readonly Lazy<CudaAvailability> Cached = new(ProbeNow);

        /// <summary>Probes once per process (the answer does not change while it runs).</summary>
        public static CudaAvailability Probe() => Cached.Value;

        /// <summary>
        /// Catches only the conditions that mean "no CUDA here": a missing library, a driver that cannot
        /// initialise (no device, stub library, driver/kernel-module mismatch) or zero devices.
        /// </summary>
        private static CudaAvailability ProbeNow()
        {
            if (!OhemCompiler.IsAvailable(out string nvrtcReason))
            {
                return new CudaAvailability(false, nvrtcReason, null);
            }

            try
            {
                CudaDevices.Initialise();
                int count = CudaDevices.Count;
                if (count == 0)
                {
                    return new CudaAvailability(false, "The CUDA driver loaded but reports no device.", null);
                }

                var device = CudaDevices.Get(0);
                return new CudaAvailability(true, $"CUDA on {device}, NVRTC {OhemCompiler.NvrtcVersionText}.", device);
            }
            catch (CudaLibraryNotFoundException e)
            {
                return new CudaAvailability(false, e.Message, null);
            }
            catch (CudaException e) when (e.Call == "cuInit" || e.Result is 100 or 34 or 35 or 803 or 804 or 999)
            {
                return new CudaAvailability(false, "The CUDA driver cannot be used: " + e.Message, null);
            }
        }
    }
}
