namespace Ohem.Cuda
{
    /// <summary>Names of the CUresults Ohem can meet, for messages when the driver itself cannot describe them.</summary>
    internal static class CudaResultNames
    {
        public static string Name(int result) => result switch
        {
            0 => "CUDA_SUCCESS",
            1 => "CUDA_ERROR_INVALID_VALUE",
            2 => "CUDA_ERROR_OUT_OF_MEMORY",
            3 => "CUDA_ERROR_NOT_INITIALIZED",
            4 => "CUDA_ERROR_DEINITIALIZED",
            34 => "CUDA_ERROR_STUB_LIBRARY",
            100 => "CUDA_ERROR_NO_DEVICE",
            101 => "CUDA_ERROR_INVALID_DEVICE",
            200 => "CUDA_ERROR_INVALID_IMAGE",
            201 => "CUDA_ERROR_INVALID_CONTEXT",
            209 => "CUDA_ERROR_NO_BINARY_FOR_GPU",
            218 => "CUDA_ERROR_INVALID_PTX",
            222 => "CUDA_ERROR_UNSUPPORTED_PTX_VERSION",
            400 => "CUDA_ERROR_INVALID_HANDLE",
            500 => "CUDA_ERROR_NOT_FOUND",
            700 => "CUDA_ERROR_ILLEGAL_ADDRESS",
            701 => "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES",
            702 => "CUDA_ERROR_LAUNCH_TIMEOUT",
            719 => "CUDA_ERROR_LAUNCH_FAILED",
            801 => "CUDA_ERROR_NOT_SUPPORTED",
            803 => "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH",
            804 => "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE",
            999 => "CUDA_ERROR_UNKNOWN",
            _ => "CUresult " + result.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        public static string Text(int result) => result switch
        {
            2 => "out of memory",
            3 => "initialization error (cuInit was not called or failed)",
            34 => "the CUDA driver is a stub library (no NVIDIA driver is installed)",
            100 => "no CUDA-capable device is detected",
            209 => "no kernel image is available for execution on the device",
            222 => "the provided PTX was compiled with an unsupported toolchain (the driver is older than NVRTC)",
            _ => "(the driver gave no description)",
        };
    }
}
