namespace Ohem.Cuda
{
    /// <summary>What NVRTC produces.</summary>
    public enum OhemCompileTarget
    {
        /// <summary>A cubin for one real architecture (sm_XY): loads without the driver's JIT, reports registers and spills.</summary>
        Cubin = 0,
        /// <summary>PTX for a virtual architecture (compute_XY): the driver JIT-compiles it for newer devices.</summary>
        Ptx = 1,
    }

    /// <summary>Where a compiled image came from.</summary>
    public enum OhemImageOrigin
    {
        /// <summary>NVRTC compiled it in this call.</summary>
        Compiled = 0,
        /// <summary>The in-memory cache of this process.</summary>
        Memory = 1,
        /// <summary>A verified entry of the on-disk cache.</summary>
        Disk = 2,
    }
}
