namespace Ohem
{
    /// <summary>Where a loss runs.</summary>
    public enum OhemBackend
    {
        /// <summary>CUDA when a device, the driver and NVRTC are present; the CPU otherwise.</summary>
        Auto = 0,
        /// <summary>The SIMD CPU backend (same algorithm, same per-pixel arithmetic).</summary>
        Cpu = 1,
        /// <summary>The CUDA backend; fails with a clear error when the driver, NVRTC or a device is missing.</summary>
        Cuda = 2,
    }

    /// <summary>Which branch of the seed's rule produced the loss.</summary>
    public enum OhemRule
    {
        /// <summary>More than NMin pixels were above −ln(Thresh): all of them were kept.</summary>
        AboveThreshold = 1,
        /// <summary>The NMin largest losses were kept (ignored pixels count as zeros).</summary>
        TopNMin = 2,
    }
}
