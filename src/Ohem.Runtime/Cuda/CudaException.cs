using System;
using System.Runtime.InteropServices;
using Ohem.Cuda.Interop;

namespace Ohem.Cuda
{
    /// <summary>A CUDA driver call failed. The message names the call, the CUresult's name and the driver's text for it.</summary>
    public sealed class CudaException : Exception
    {
        /// <summary>Creates the exception for a failed call.</summary>
        public CudaException(string call, int result)
            : this(call, result, NameOf(result), TextOf(result))
        {
        }

        private CudaException(string call, int result, string name, string text)
            : base($"{call} failed with {name} ({result}): {text}")
        {
            Call = call;
            Result = result;
            ResultName = name;
            ResultText = text;
        }

        /// <summary>The driver function that failed.</summary>
        public string Call { get; }

        /// <summary>The CUresult value.</summary>
        public int Result { get; }

        /// <summary>The CUresult's name, e.g. CUDA_ERROR_OUT_OF_MEMORY.</summary>
        public string ResultName { get; }

        /// <summary>The driver's description of the result.</summary>
        public string ResultText { get; }

        /// <summary>The CUresult's name from the driver, or from a built-in table when the driver cannot say.</summary>
        public static unsafe string NameOf(int result)
        {
            try
            {
                if (CudaDriver.cuGetErrorName(result, out byte* name) == 0 && name != null)
                {
                    return Marshal.PtrToStringUTF8((IntPtr)name) ?? CudaResultNames.Name(result);
                }
            }
            catch (DllNotFoundException)
            {
            }

            return CudaResultNames.Name(result);
        }

        private static unsafe string TextOf(int result)
        {
            try
            {
                if (CudaDriver.cuGetErrorString(result, out byte* text) == 0 && text != null)
                {
                    return Marshal.PtrToStringUTF8((IntPtr)text) ?? CudaResultNames.Text(result);
                }
            }
            catch (DllNotFoundException)
            {
            }

            return CudaResultNames.Text(result);
        }
    }
}
