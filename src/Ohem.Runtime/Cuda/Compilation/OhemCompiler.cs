using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Ohem.Cuda.Interop;

namespace Ohem.Cuda
{
    /// <summary>
    /// Compiles a spec's CUDA C with NVRTC, for any supported architecture, without a GPU. Always passes
    /// <see cref="OhemCudaEmitter.CompileOptions"/>; cubins are compiled with ptxas -v so the result reports
    /// registers and spills per kernel. Results are cached in memory and on disk (<see cref="OhemKernelCache"/>).
    /// </summary>
    public static class OhemCompiler
    {
        private static (int Major, int Minor)? version;

        /// <summary>NVRTC's version.</summary>
        public static Version NvrtcVersion
        {
            get
            {
                var (major, minor) = NvrtcMajorMinor();
                return new Version(major, minor);
            }
        }

        /// <summary>NVRTC's version as "major.minor".</summary>
        public static string NvrtcVersionText => NvrtcVersion.ToString(2);

        /// <summary>NVRTC's version in cuDriverGetVersion's encoding (1000 × major + 10 × minor).</summary>
        public static int NvrtcVersionNumber
        {
            get
            {
                var (major, minor) = NvrtcMajorMinor();
                return (major * 1000) + (minor * 10);
            }
        }

        /// <summary>Whether NVRTC loads; when not, why.</summary>
        public static bool IsAvailable(out string reason) => CudaLibraries.TryLoad(CudaLibraryKind.Nvrtc, out reason);

        /// <summary>The options given to NVRTC for an architecture and target.</summary>
        public static IReadOnlyList<string> OptionsFor(int architecture, OhemCompileTarget target)
        {
            var options = new List<string>(OhemCudaEmitter.CompileOptions)
            {
                "--gpu-architecture=" + OhemArchitectures.Name(architecture, target),
            };
            if (target == OhemCompileTarget.Cubin)
            {
                options.Add("--ptxas-options=-v");
            }

            return options;
        }

        /// <summary>SHA-256 of the UTF-8 source, lowercase hex.</summary>
        public static string SourceHash(string source) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source)));

        /// <summary>The cache key: SHA-256 of the source, the options, the architecture and NVRTC's version.</summary>
        public static string CacheKey(string source, IReadOnlyList<string> options, string architectureName, string nvrtcVersion)
        {
            string material = source + "\n\u0000options=" + string.Join(" ", options) + "\n\u0000arch=" + architectureName + "\n\u0000nvrtc=" + nvrtcVersion;
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
        }

        /// <summary>
        /// Compiles <paramref name="source"/> (the spec's emitted CUDA C when null) for <paramref name="architecture"/>
        /// ("sm_90", "compute_90" or "90"). Throws <see cref="ArgumentException"/> for an unsupported architecture,
        /// <see cref="CudaLibraryNotFoundException"/> without NVRTC, <see cref="NvrtcCompilationException"/> with the log.
        /// </summary>
        public static OhemCompiledModule Compile(OhemSpec spec, string architecture, OhemCompileTarget target = OhemCompileTarget.Cubin, string? source = null, OhemKernelCache? cache = null)
        {
            ArgumentNullException.ThrowIfNull(spec);
            if (target is not (OhemCompileTarget.Cubin or OhemCompileTarget.Ptx))
            {
                throw new ArgumentOutOfRangeException(nameof(target), target, "Expected Cubin or Ptx.");
            }

            spec.EnsureValid();
            int arch = OhemArchitectures.Parse(architecture, nameof(architecture));
            return Compile(spec, arch, target, source ?? OhemCudaEmitter.Emit(spec), cache ?? OhemKernelCache.Default);
        }

        internal static OhemCompiledModule Compile(OhemSpec spec, int architecture, OhemCompileTarget target, string source, OhemKernelCache cache)
        {
            var options = OptionsFor(architecture, target);
            string archName = OhemArchitectures.Name(architecture, target);
            string key = CacheKey(source, options, archName, NvrtcVersionText);
            if (cache.TryGetMemory(key, out var cached))
            {
                return cached.WithOrigin(OhemImageOrigin.Memory);
            }

            string sourceHash = SourceHash(source);
            byte[]? payload = cache.TryRead(key);
            if (payload is not null && TryDecode(payload, out string log, out byte[] image))
            {
                var fromDisk = new OhemCompiledModule(spec.Key, sourceHash, architecture, target, image, log, OhemImageOrigin.Disk);
                return cache.AddMemory(key, fromDisk);
            }

            var compiled = CompileNative(spec, architecture, target, source, options, sourceHash);
            cache.TryWrite(key, Encode(compiled.Log, compiled.Image.Span));
            cache.AddMemory(key, compiled);
            return compiled;
        }

        private static unsafe OhemCompiledModule CompileNative(OhemSpec spec, int architecture, OhemCompileTarget target, string source, IReadOnlyList<string> options, string sourceHash)
        {
            CudaLibraries.Load(CudaLibraryKind.Nvrtc);
            byte[] sourceBytes = Zero(source);
            byte[] nameBytes = Zero("ohem_" + spec.NameSuffix + ".cu");
            byte[][] optionBytes = options.Select(Zero).ToArray();
            var handles = new System.Runtime.InteropServices.GCHandle[optionBytes.Length];
            byte** optionPointers = stackalloc byte*[optionBytes.Length];
            IntPtr program = IntPtr.Zero;
            try
            {
                for (int i = 0; i < optionBytes.Length; i++)
                {
                    handles[i] = System.Runtime.InteropServices.GCHandle.Alloc(optionBytes[i], System.Runtime.InteropServices.GCHandleType.Pinned);
                    optionPointers[i] = (byte*)handles[i].AddrOfPinnedObject();
                }

                fixed (byte* src = sourceBytes)
                fixed (byte* name = nameBytes)
                {
                    Nvrtc.Check(Nvrtc.nvrtcCreateProgram(out program, src, name, 0, null, null), "nvrtcCreateProgram");
                }

                int result = Nvrtc.nvrtcCompileProgram(program, optionBytes.Length, optionPointers);
                string log = ReadLog(program);
                if (result != 0)
                {
                    if (result == 6)
                    {
                        throw new NvrtcCompilationException(result, log, spec.Key, sourceHash, OhemArchitectures.Name(architecture, target), string.Join(" ", options));
                    }

                    Nvrtc.Check(result, "nvrtcCompileProgram");
                }

                byte[] image = target == OhemCompileTarget.Cubin ? ReadCubin(program) : ReadPtx(program);
                return new OhemCompiledModule(spec.Key, sourceHash, architecture, target, image, log, OhemImageOrigin.Compiled);
            }
            finally
            {
                if (program != IntPtr.Zero)
                {
                    Nvrtc.nvrtcDestroyProgram(ref program);
                }

                foreach (var handle in handles)
                {
                    if (handle.IsAllocated)
                    {
                        handle.Free();
                    }
                }
            }
        }

        private static unsafe string ReadLog(IntPtr program)
        {
            Nvrtc.Check(Nvrtc.nvrtcGetProgramLogSize(program, out nuint size), "nvrtcGetProgramLogSize");
            var bytes = new byte[(int)size + 1];
            fixed (byte* p = bytes)
            {
                Nvrtc.Check(Nvrtc.nvrtcGetProgramLog(program, p), "nvrtcGetProgramLog");
            }

            return Encoding.UTF8.GetString(bytes).TrimEnd('\0');
        }

        private static unsafe byte[] ReadCubin(IntPtr program)
        {
            Nvrtc.Check(Nvrtc.nvrtcGetCUBINSize(program, out nuint size), "nvrtcGetCUBINSize");
            var bytes = new byte[(int)size];
            fixed (byte* p = bytes)
            {
                Nvrtc.Check(Nvrtc.nvrtcGetCUBIN(program, p), "nvrtcGetCUBIN");
            }

            return bytes;
        }

        private static unsafe byte[] ReadPtx(IntPtr program)
        {
            // The size includes the terminating NUL, which cuModuleLoadData needs.
            Nvrtc.Check(Nvrtc.nvrtcGetPTXSize(program, out nuint size), "nvrtcGetPTXSize");
            var bytes = new byte[(int)size];
            fixed (byte* p = bytes)
            {
                Nvrtc.Check(Nvrtc.nvrtcGetPTX(program, p), "nvrtcGetPTX");
            }

            return bytes;
        }

        private static byte[] Zero(string text)
        {
            var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
            Encoding.UTF8.GetBytes(text, 0, text.Length, bytes, 0);
            return bytes;
        }

        private static byte[] Encode(string log, ReadOnlySpan<byte> image)
        {
            byte[] logBytes = Encoding.UTF8.GetBytes(log);
            var payload = new byte[4 + logBytes.Length + image.Length];
            BinaryPrimitives.WriteInt32LittleEndian(payload, logBytes.Length);
            logBytes.CopyTo(payload, 4);
            image.CopyTo(payload.AsSpan(4 + logBytes.Length));
            return payload;
        }

        private static bool TryDecode(byte[] payload, out string log, out byte[] image)
        {
            log = string.Empty;
            image = Array.Empty<byte>();
            if (payload.Length < 4)
            {
                return false;
            }

            int logLength = BinaryPrimitives.ReadInt32LittleEndian(payload);
            if (logLength < 0 || logLength > payload.Length - 4 || payload.Length - 4 - logLength == 0)
            {
                return false;
            }

            log = Encoding.UTF8.GetString(payload, 4, logLength);
            image = payload.AsSpan(4 + logLength).ToArray();
            return true;
        }

        private static (int Major, int Minor) NvrtcMajorMinor()
        {
            if (version is { } known)
            {
                return known;
            }

            CudaLibraries.Load(CudaLibraryKind.Nvrtc);
            Nvrtc.Check(Nvrtc.nvrtcVersion(out int major, out int minor), "nvrtcVersion");
            version = (major, minor);
            return (major, minor);
        }
    }
}
