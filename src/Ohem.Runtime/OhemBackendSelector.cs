using System;
using Ohem.Cuda;

namespace Ohem
{
    /// <summary>Chooses between the CUDA and CPU engines.</summary>
    internal static class OhemBackendSelector
    {
        public static OhemLossEngine CreateAuto(OhemSpec spec, string? cudaSource)
        {
            var probe = CudaAvailability.Probe();
            if (!probe.IsAvailable)
            {
                var cpu = new Cpu.CpuOhemEngine(spec);
                cpu.BackendReason = "CPU: CUDA is not available. " + probe.Reason;
                return cpu;
            }

            var engine = new CudaOhemEngine(spec, cudaSource);
            engine.BackendReason = probe.Reason;
            return engine;
        }

        public static OhemLossEngine CreateCuda(OhemSpec spec, string? cudaSource)
        {
            var probe = CudaAvailability.Probe();
            if (!probe.IsAvailable)
            {
                throw new PlatformNotSupportedException("OhemBackend.Cuda was requested, but " + probe.Reason);
            }

            var engine = new CudaOhemEngine(spec, cudaSource);
            engine.BackendReason = probe.Reason;
            return engine;
        }
    }
}
