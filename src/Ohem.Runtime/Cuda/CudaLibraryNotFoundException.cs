using System;
using System.Collections.Generic;
using System.Linq;

namespace Ohem.Cuda
{
    /// <summary>The CUDA driver or NVRTC could not be loaded; the message lists every name tried and how to install it.</summary>
    public sealed class CudaLibraryNotFoundException : DllNotFoundException
    {
        /// <summary>Creates the exception.</summary>
        public CudaLibraryNotFoundException(CudaLibraryKind library, IReadOnlyList<string> tried, string? overrideVariable)
            : base(Describe(library, tried, overrideVariable))
        {
            Library = library;
            Tried = tried;
        }

        /// <summary>Which library is missing.</summary>
        public CudaLibraryKind Library { get; }

        /// <summary>Every name or path tried, in order.</summary>
        public IReadOnlyList<string> Tried { get; }

        private static string Describe(CudaLibraryKind library, IReadOnlyList<string> tried, string? overrideVariable)
        {
            string what = library == CudaLibraryKind.Driver ? "the CUDA driver library" : "NVRTC (the CUDA runtime compiler)";
            string list = string.Join(", ", tried.Select(t => "'" + t + "'"));
            string how = library == CudaLibraryKind.Driver
                ? "Install the NVIDIA driver (it provides libcuda.so.1 / nvcuda.dll), or set OHEM_CUDA_LIBRARY to the library's full path."
                : "Install NVRTC: Debian/Ubuntu `apt install libnvrtc11.2` (non-free) or the CUDA toolkit; pip `pip install nvidia-cuda-nvrtc-cu12` "
                  + "(then set OHEM_NVRTC_LIBRARY to .../site-packages/nvidia/cuda_nvrtc/lib/libnvrtc.so.12); conda `conda install -c nvidia cuda-nvrtc`; "
                  + "or set OHEM_NVRTC_LIBRARY to the library's full path.";
            string source = overrideVariable is null ? string.Empty : $" ({overrideVariable} is set, so only its path was tried)";
            return $"Could not load {what}{source}. Tried: {list}. {how} Or use OhemBackend.Cpu.";
        }
    }
}
