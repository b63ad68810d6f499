namespace Ohem.Cuda
{
    /// <summary>The two native libraries the CUDA backend loads.</summary>
    public enum CudaLibraryKind
    {
        /// <summary>The CUDA driver (libcuda.so.1, nvcuda.dll), installed with the NVIDIA driver.</summary>
        Driver = 0,
        /// <summary>The runtime compiler NVRTC (libnvrtc.so.13/.12/.11.2, nvrtc64_*.dll), from the CUDA toolkit or its pip/conda/Debian packages.</summary>
        Nvrtc = 1,
    }
}
