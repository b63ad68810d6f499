using System;
using System.Runtime.InteropServices;

namespace Ohem.Cuda.Interop
{
    /// <summary>The NVRTC calls Ohem uses. NVRTC needs no GPU and no driver: compilation works on any machine that has it.</summary>
    internal static unsafe partial class Nvrtc
    {
        private const string Library = CudaLibraries.NvrtcName;

        static Nvrtc() => CudaLibraries.RegisterResolver();

        [LibraryImport(Library)] public static partial int nvrtcVersion(out int major, out int minor);
        [LibraryImport(Library)] public static partial int nvrtcGetNumSupportedArchs(out int count);
        [LibraryImport(Library)] public static partial int nvrtcGetSupportedArchs(int* architectures);
        [LibraryImport(Library)] public static partial int nvrtcCreateProgram(out IntPtr program, byte* source, byte* name, int headerCount, byte** headers, byte** includeNames);
        [LibraryImport(Library)] public static partial int nvrtcCompileProgram(IntPtr program, int optionCount, byte** options);
        [LibraryImport(Library)] public static partial int nvrtcGetProgramLogSize(IntPtr program, out nuint size);
        [LibraryImport(Library)] public static partial int nvrtcGetProgramLog(IntPtr program, byte* log);
        [LibraryImport(Library)] public static partial int nvrtcGetPTXSize(IntPtr program, out nuint size);
        [LibraryImport(Library)] public static partial int nvrtcGetPTX(IntPtr program, byte* ptx);
        [LibraryImport(Library)] public static partial int nvrtcGetCUBINSize(IntPtr program, out nuint size);
        [LibraryImport(Library)] public static partial int nvrtcGetCUBIN(IntPtr program, byte* cubin);
        [LibraryImport(Library)] public static partial int nvrtcDestroyProgram(ref IntPtr program);
        [LibraryImport(Library)] public static partial byte* nvrtcGetErrorString(int result);

        /// <summary>Throws <see cref="NvrtcException"/> naming <paramref name="call"/> unless <paramref name="result"/> is NVRTC_SUCCESS.</summary>
        public static void Check(int result, string call)
        {
            if (result != 0)
            {
                throw new NvrtcException(call, result);
            }
        }
    }
}
