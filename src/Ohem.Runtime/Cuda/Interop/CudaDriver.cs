using System;
using System.Runtime.InteropServices;

namespace Ohem.Cuda.Interop
{
    /// <summary>
    /// The CUDA driver API calls Ohem uses, and nothing else. Handles are pointers, devices are ordinals,
    /// device addresses are 64-bit integers; every signature is blittable. The library is found by
    /// <see cref="CudaLibraries"/>, whose resolver is registered before the first call.
    /// </summary>
    internal static unsafe partial class CudaDriver
    {
        public const int AttributeMultiprocessorCount = 16;
        public const int AttributeComputeCapabilityMajor = 75;
        public const int AttributeComputeCapabilityMinor = 76;
        public const int FunctionAttributeSharedSizeBytes = 1;
        public const int FunctionAttributeLocalSizeBytes = 3;
        public const int FunctionAttributeNumRegs = 4;
        public const int JitErrorLogBuffer = 5;
        public const int JitErrorLogBufferSizeBytes = 6;

        private const string Library = CudaLibraries.DriverName;

        static CudaDriver() => CudaLibraries.RegisterResolver();

        [LibraryImport(Library)] public static partial int cuInit(uint flags);
        [LibraryImport(Library)] public static partial int cuDriverGetVersion(out int version);
        [LibraryImport(Library)] public static partial int cuDeviceGet(out int device, int ordinal);
        [LibraryImport(Library)] public static partial int cuDeviceGetCount(out int count);
        [LibraryImport(Library)] public static partial int cuDeviceGetAttribute(out int value, int attribute, int device);
        [LibraryImport(Library)] public static partial int cuDeviceGetName(byte* name, int length, int device);
        [LibraryImport(Library)] public static partial int cuDevicePrimaryCtxRetain(out IntPtr context, int device);
        [LibraryImport(Library, EntryPoint = "cuDevicePrimaryCtxRelease_v2")] public static partial int cuDevicePrimaryCtxRelease(int device);
        [LibraryImport(Library)] public static partial int cuCtxSetCurrent(IntPtr context);
        [LibraryImport(Library)] public static partial int cuCtxGetCurrent(out IntPtr context);
        [LibraryImport(Library)] public static partial int cuCtxSynchronize();
        [LibraryImport(Library)] public static partial int cuModuleLoadData(out IntPtr module, byte* image);
        [LibraryImport(Library)] public static partial int cuModuleLoadDataEx(out IntPtr module, byte* image, uint optionCount, int* options, void** optionValues);
        [LibraryImport(Library)] public static partial int cuModuleUnload(IntPtr module);
        [LibraryImport(Library)] public static partial int cuModuleGetFunction(out IntPtr function, IntPtr module, byte* name);
        [LibraryImport(Library)] public static partial int cuFuncGetAttribute(out int value, int attribute, IntPtr function);
        [LibraryImport(Library)] public static partial int cuOccupancyMaxActiveBlocksPerMultiprocessor(out int blocks, IntPtr function, int blockSize, nuint dynamicSharedBytes);

        [LibraryImport(Library)]
        public static partial int cuLaunchKernel(
            IntPtr function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
            uint sharedBytes, IntPtr stream, void** parameters, void** extra);

        [LibraryImport(Library, EntryPoint = "cuMemAlloc_v2")] public static partial int cuMemAlloc(out ulong pointer, nuint bytes);
        [LibraryImport(Library, EntryPoint = "cuMemFree_v2")] public static partial int cuMemFree(ulong pointer);
        [LibraryImport(Library, EntryPoint = "cuMemGetInfo_v2")] public static partial int cuMemGetInfo(out nuint free, out nuint total);
        [LibraryImport(Library, EntryPoint = "cuMemcpyHtoD_v2")] public static partial int cuMemcpyHtoD(ulong destination, void* source, nuint bytes);
        [LibraryImport(Library, EntryPoint = "cuMemcpyDtoH_v2")] public static partial int cuMemcpyDtoH(void* destination, ulong source, nuint bytes);
        [LibraryImport(Library, EntryPoint = "cuMemcpyDtoD_v2")] public static partial int cuMemcpyDtoD(ulong destination, ulong source, nuint bytes);
        [LibraryImport(Library, EntryPoint = "cuMemcpyHtoDAsync_v2")] public static partial int cuMemcpyHtoDAsync(ulong destination, void* source, nuint bytes, IntPtr stream);
        [LibraryImport(Library, EntryPoint = "cuMemcpyDtoHAsync_v2")] public static partial int cuMemcpyDtoHAsync(void* destination, ulong source, nuint bytes, IntPtr stream);
        [LibraryImport(Library)] public static partial int cuMemsetD8Async(ulong destination, byte value, nuint count, IntPtr stream);
        [LibraryImport(Library)] public static partial int cuStreamSynchronize(IntPtr stream);

        [LibraryImport(Library)] public static partial int cuEventCreate(out IntPtr ev, uint flags);
        [LibraryImport(Library)] public static partial int cuEventRecord(IntPtr ev, IntPtr stream);
        [LibraryImport(Library)] public static partial int cuEventSynchronize(IntPtr ev);
        [LibraryImport(Library)] public static partial int cuEventElapsedTime(out float milliseconds, IntPtr start, IntPtr end);
        [LibraryImport(Library, EntryPoint = "cuEventDestroy_v2")] public static partial int cuEventDestroy(IntPtr ev);

        [LibraryImport(Library)] public static partial int cuGetErrorName(int result, out byte* name);
        [LibraryImport(Library)] public static partial int cuGetErrorString(int result, out byte* text);

        /// <summary>Throws <see cref="CudaException"/> naming <paramref name="call"/> unless <paramref name="result"/> is CUDA_SUCCESS.</summary>
        public static void Check(int result, string call)
        {
            if (result != 0)
            {
                throw new CudaException(call, result);
            }
        }
    }
}
