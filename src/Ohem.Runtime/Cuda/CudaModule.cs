using System;
using System.Linq;
using System.Text;
using Ohem.Cuda.Interop;

namespace Ohem.Cuda
{
    /// <summary>
    /// A spec's kernels loaded in one context. The image is a cubin for the device's exact sm_XY when NVRTC knows
    /// that architecture (no driver JIT, so a driver older than NVRTC still loads it), otherwise PTX for the newest
    /// architecture NVRTC knows below the device's, which the driver JIT-compiles (that needs a driver at least as new
    /// as NVRTC). If the first choice does not load, the other is tried before giving up.
    /// </summary>
    internal sealed unsafe class CudaModule : IDisposable
    {
        private IntPtr module;

        public CudaModule(CudaPrimaryContext context, OhemSpec spec, string source, OhemKernelCache cache)
        {
            context.MakeCurrent();
            int arch = context.Device.Architecture;
            var supported = OhemArchitectures.Supported;
            bool exact = supported.Contains(arch);
            int ptxArch = supported.Where(a => a <= arch).DefaultIfEmpty(supported.Min()).Max();
            var first = exact ? (arch, OhemCompileTarget.Cubin) : (ptxArch, OhemCompileTarget.Ptx);
            var second = exact ? (ptxArch, OhemCompileTarget.Ptx) : (arch, OhemCompileTarget.Cubin);

            var image = OhemCompiler.Compile(spec, first.Item1, first.Item2, source, cache);
            int result = TryLoad(image.Image.Span, out module, out string jitLog);
            if (result != 0 && exact)
            {
                var other = OhemCompiler.Compile(spec, second.Item1, second.Item2, source, cache);
                int retry = TryLoad(other.Image.Span, out module, out string otherLog);
                if (retry == 0)
                {
                    image = other;
                    result = 0;
                }
                else
                {
                    jitLog += otherLog;
                }
            }

            if (result != 0)
            {
                string hint = result == 222
                    ? $" The driver ({context.Device.DriverVersion}) is older than NVRTC ({OhemCompiler.NvrtcVersionNumber}): update the NVIDIA driver or point OHEM_NVRTC_LIBRARY at an older NVRTC."
                    : string.Empty;
                throw new InvalidOperationException(
                    $"The kernels of spec '{spec.Key}' could not be loaded on {context.Device}: {CudaException.NameOf(result)} ({result}).{hint} JIT log: {jitLog}",
                    new CudaException("cuModuleLoadDataEx", result));
            }

            Image = image;
            Names = spec.KernelNames;
            Reset = Function(Names.Reset);
            Forward = Function(Names.Forward);
            Decide = Function(Names.Decide);
            Refine = Function(Names.Refine);
            Select = Function(Names.Select);
            TieCount = Function(Names.TieCount);
            TieScan = Function(Names.TieScan);
            Backward = Function(Names.Backward);
            BackwardNative = Names.HasNativeBackward ? Function(Names.BackwardNative) : IntPtr.Zero;
            Combine = Names.HasCombine ? Function(Names.Combine) : IntPtr.Zero;
        }

        public OhemCompiledModule Image { get; }

        public OhemKernelNames Names { get; }

        public IntPtr Reset { get; }

        /// <summary>The per-image combine kernel, or zero for a per-batch spec.</summary>
        public IntPtr Combine { get; }

        public IntPtr Forward { get; }

        public IntPtr Decide { get; }

        public IntPtr Refine { get; }

        public IntPtr Select { get; }

        public IntPtr TieCount { get; }

        public IntPtr TieScan { get; }

        public IntPtr Backward { get; }

        public IntPtr BackwardNative { get; }

        /// <summary>Resident blocks of 256 threads per SM for a kernel.</summary>
        public static int Occupancy(IntPtr function)
        {
            CudaDriver.Check(CudaDriver.cuOccupancyMaxActiveBlocksPerMultiprocessor(out int blocks, function, OhemCudaEmitter.BlockThreads, 0), "cuOccupancyMaxActiveBlocksPerMultiprocessor");
            return Math.Max(blocks, 1);
        }

        public void Dispose()
        {
            if (module != IntPtr.Zero)
            {
                CudaDriver.cuModuleUnload(module);
                module = IntPtr.Zero;
            }
        }

        private static int TryLoad(ReadOnlySpan<byte> image, out IntPtr loaded, out string log)
        {
            const int logBytes = 8192;
            byte* buffer = stackalloc byte[logBytes];
            buffer[0] = 0;
            int* options = stackalloc int[2] { CudaDriver.JitErrorLogBuffer, CudaDriver.JitErrorLogBufferSizeBytes };
            void** values = stackalloc void*[2] { buffer, (void*)(nint)logBytes };
            int result;
            fixed (byte* p = image)
            {
                result = CudaDriver.cuModuleLoadDataEx(out loaded, p, 2, options, values);
            }

            int length = 0;
            while (length < logBytes && buffer[length] != 0)
            {
                length++;
            }

            log = Encoding.UTF8.GetString(buffer, length);
            return result;
        }

        private IntPtr Function(string name)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(name + "\0");
            fixed (byte* p = bytes)
            {
                CudaDriver.Check(CudaDriver.cuModuleGetFunction(out IntPtr function, module, p), "cuModuleGetFunction(" + name + ")");
                return function;
            }
        }
    }
}
