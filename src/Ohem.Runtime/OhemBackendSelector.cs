using System;

namespace Ohem
{
    /// <summary>Chooses between the CUDA and CPU engines.</summary>
    internal static class OhemBackendSelector
    {
        public static OhemLossEngine CreateAuto(OhemSpec spec, string? cudaSource) => new Cpu.CpuOhemEngine(spec);

        public static OhemLossEngine CreateCuda(OhemSpec spec, string? cudaSource) =>
            throw new PlatformNotSupportedException("The CUDA backend is not built yet (issue: GPU runtime); use OhemBackend.Cpu.");
    }
}
