using System;
using System.Runtime.InteropServices;
using Ohem.Cuda.Interop;

namespace Ohem.Cuda
{
    /// <summary>An NVRTC call failed. The message names the call and the nvrtcResult's name and meaning.</summary>
    public class NvrtcException : Exception
    {
        /// <summary>Creates the exception for a failed call.</summary>
        public NvrtcException(string call, int result)
            : this(call, result, $"{call} failed with {NameOf(result)} ({result}): {NvrtcResultNames.Text(result)}")
        {
        }

        /// <summary>Creates the exception with a full message.</summary>
        protected NvrtcException(string call, int result, string message)
            : base(message)
        {
            Call = call;
            Result = result;
            ResultName = NameOf(result);
        }

        /// <summary>The NVRTC function that failed.</summary>
        public string Call { get; }

        /// <summary>The nvrtcResult value.</summary>
        public int Result { get; }

        /// <summary>The nvrtcResult's name, e.g. NVRTC_ERROR_COMPILATION.</summary>
        public string ResultName { get; }

        /// <summary>The nvrtcResult's name from NVRTC, or from the built-in table when NVRTC cannot be loaded.</summary>
        public static unsafe string NameOf(int result)
        {
            try
            {
                byte* name = Nvrtc.nvrtcGetErrorString(result);
                if (name != null)
                {
                    return Marshal.PtrToStringUTF8((IntPtr)name) ?? NvrtcResultNames.Name(result);
                }
            }
            catch (DllNotFoundException)
            {
            }

            return NvrtcResultNames.Name(result);
        }
    }
}
