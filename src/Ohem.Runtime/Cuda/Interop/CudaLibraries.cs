using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;

namespace Ohem.Cuda.Interop
{
    /// <summary>
    /// Finds the CUDA driver and NVRTC. .NET's default probing of "cuda"/"nvrtc" would look for the unversioned
    /// development symlinks (libcuda.so, libnvrtc.so), which runtime-only installs lack; this resolver tries the
    /// versioned names first, newest NVRTC first, and honours explicit paths in OHEM_CUDA_LIBRARY / OHEM_NVRTC_LIBRARY.
    /// </summary>
    internal static class CudaLibraries
    {
        /// <summary>Logical name of the driver in the imports; unique so the resolver never touches other libraries.</summary>
        public const string DriverName = "ohem-cuda-driver";

        /// <summary>Logical name of NVRTC in the imports.</summary>
        public const string NvrtcName = "ohem-nvrtc";

        public const string DriverOverride = "OHEM_CUDA_LIBRARY";
        public const string NvrtcOverride = "OHEM_NVRTC_LIBRARY";

        private static int registered;
        private static IntPtr driver;
        private static IntPtr nvrtc;

        /// <summary>Registers the resolver for this assembly once (the import classes call it from their static constructors).</summary>
        public static void RegisterResolver()
        {
            if (Interlocked.Exchange(ref registered, 1) == 0)
            {
                NativeLibrary.SetDllImportResolver(typeof(CudaLibraries).Assembly, Resolve);
            }
        }

        /// <summary>The loaded library, loading it on first use; throws <see cref="CudaLibraryNotFoundException"/>.</summary>
        public static IntPtr Load(CudaLibraryKind kind)
        {
            ref IntPtr slot = ref kind == CudaLibraryKind.Driver ? ref driver : ref nvrtc;
            IntPtr handle = Volatile.Read(ref slot);
            if (handle != IntPtr.Zero)
            {
                return handle;
            }

            handle = Load(kind, Environment.GetEnvironmentVariable, TryLoadLibrary);
            IntPtr previous = Interlocked.CompareExchange(ref slot, handle, IntPtr.Zero);
            return previous != IntPtr.Zero ? previous : handle;
        }

        /// <summary>Whether the library loads; when not, why (the exception's message).</summary>
        public static bool TryLoad(CudaLibraryKind kind, out string reason)
        {
            try
            {
                Load(kind);
                reason = string.Empty;
                return true;
            }
            catch (CudaLibraryNotFoundException e)
            {
                reason = e.Message;
                return false;
            }
        }

        /// <summary>Tries every candidate in order with <paramref name="tryLoad"/>; the seams make the order testable.</summary>
        internal static IntPtr Load(CudaLibraryKind kind, Func<string, string?> environment, Func<string, IntPtr> tryLoad)
        {
            var tried = Candidates(kind, environment);
            foreach (string name in tried)
            {
                IntPtr handle = tryLoad(name);
                if (handle != IntPtr.Zero)
                {
                    return handle;
                }
            }

            string? overridePath = environment(OverrideVariable(kind));
            throw new CudaLibraryNotFoundException(kind, tried, string.IsNullOrEmpty(overridePath) ? null : OverrideVariable(kind));
        }

        /// <summary>The names tried, in order: only the override when it is set, else the platform's names, newest first.</summary>
        internal static IReadOnlyList<string> Candidates(CudaLibraryKind kind, Func<string, string?> environment)
        {
            string? overridePath = environment(OverrideVariable(kind));
            if (!string.IsNullOrEmpty(overridePath))
            {
                return new[] { overridePath };
            }

            var names = new List<string>();
            bool windows = OperatingSystem.IsWindows();
            if (kind == CudaLibraryKind.Driver)
            {
                names.Add(windows ? "nvcuda.dll" : "libcuda.so.1");
                if (!windows)
                {
                    names.Add("libcuda.so");
                }

                return names;
            }

            string[] files = windows
                ? new[] { "nvrtc64_130_0.dll", "nvrtc64_120_0.dll", "nvrtc64_112_0.dll" }
                : new[] { "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so" };
            names.AddRange(files);
            foreach (string variable in new[] { "CUDA_HOME", "CUDA_PATH" })
            {
                string? root = environment(variable);
                if (!string.IsNullOrEmpty(root))
                {
                    foreach (string file in files)
                    {
                        names.Add(Path.Combine(root, windows ? "bin" : "lib64", file));
                    }
                }
            }

            if (!windows)
            {
                foreach (string file in files)
                {
                    names.Add(Path.Combine("/usr/local/cuda/lib64", file));
                }
            }

            return names;
        }

        /// <summary>The environment variable holding an explicit path for a library.</summary>
        public static string OverrideVariable(CudaLibraryKind kind) => kind == CudaLibraryKind.Driver ? DriverOverride : NvrtcOverride;

        private static IntPtr TryLoadLibrary(string name) => NativeLibrary.TryLoad(name, out IntPtr handle) ? handle : IntPtr.Zero;

        private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) => name switch
        {
            DriverName => Load(CudaLibraryKind.Driver),
            NvrtcName => Load(CudaLibraryKind.Nvrtc),
            _ => IntPtr.Zero,
        };
    }
}
