using System;
using System.Runtime.InteropServices;
using Ohem.Cuda.Interop;

namespace Ohem.Cuda
{
    /// <summary>
    /// The CUDA engine: one spec's kernels in a device's primary context, with scratch allocated once and grown
    /// when a larger batch arrives. Calls on one engine are serialised; the context is made current at each entry.
    /// Host-span overloads copy through device staging buffers; <see cref="OhemDeviceView"/> overloads are zero-copy.
    /// </summary>
    public sealed unsafe partial class CudaOhemEngine : OhemLossEngine
    {
        private const int HistogramWords = OhemCudaEmitter.Level1Bins + OhemCudaEmitter.Level2Bins + OhemCudaEmitter.Level3Bins;
        private const int PartialBytes = 32;

        private readonly object gate = new();
        private readonly CudaPrimaryContext context;
        private readonly CudaModule module;
        private readonly DeviceBuffer histograms;
        private readonly DeviceBuffer state;
        private readonly DeviceBuffer upstream;
        private readonly DeviceBuffer forwardPartials;
        private readonly DeviceBuffer refinePartials;
        private readonly OhemDeviceState* hostState;
        private DeviceBuffer? losses;
        private DeviceBuffer? tileCounts;
        private DeviceBuffer? imageStates;
        private DeviceBuffer? stagingLogits;
        private DeviceBuffer? stagingLabels;
        private DeviceBuffer? stagingGradient;
        private long lastPixels = -1;
        private OhemShape lastShape;
        private OhemDeviceView lastLabels;
        private bool disposed;

        /// <summary>Compiles (or finds in the cache) and loads the spec's kernels on a device.</summary>
        public CudaOhemEngine(OhemSpec spec, string? cudaSource = null, int device = 0, OhemKernelCache? cache = null)
            : base(spec)
        {
            context = new CudaPrimaryContext(device);
            try
            {
                context.MakeCurrent();
                module = new CudaModule(context, Spec, cudaSource ?? OhemCudaEmitter.Emit(Spec), cache ?? OhemKernelCache.Default);
                int sms = context.Device.Multiprocessors;
                ForwardBlocks = sms * CudaModule.Occupancy(module.Forward);
                RefineBlocks = sms * CudaModule.Occupancy(module.Refine);
                BackwardBlocks = sms * CudaModule.Occupancy(module.Backward);
                histograms = new DeviceBuffer(context, HistogramWords * 8L);
                state = new DeviceBuffer(context, sizeof(OhemDeviceState));
                upstream = new DeviceBuffer(context, 16);
                forwardPartials = new DeviceBuffer(context, (long)ForwardBlocks * PartialBytes);
                refinePartials = new DeviceBuffer(context, (long)RefineBlocks * 8);
                hostState = (OhemDeviceState*)NativeMemory.AllocZeroed((nuint)sizeof(OhemDeviceState));
            }
            catch
            {
                DisposeDevice();
                throw;
            }
        }

        /// <inheritdoc/>
        public override OhemBackend Backend => OhemBackend.Cuda;

        /// <summary>The device the kernels run on.</summary>
        public CudaDeviceInfo Device => context.Device;

        /// <summary>The loaded image (cubin or PTX) with its log and per-kernel registers and spills.</summary>
        public OhemCompiledModule Image => module.Image;

        /// <summary>The largest forward grid (SMs × resident blocks per SM).</summary>
        public int ForwardBlocks { get; }

        /// <summary>The largest refinement grid.</summary>
        public int RefineBlocks { get; }

        /// <summary>The largest backward grid.</summary>
        public int BackwardBlocks { get; }

        /// <summary>
        /// The result state on the device (128 bytes, <see cref="OhemDeviceState"/>) after
        /// <see cref="EnqueueForward"/>; valid until the next forward.
        /// </summary>
        public IntPtr StatePointer => (IntPtr)state.Address;

        /// <summary>The loss as a one-element float view on the device, e.g. to hand to a tensor without a copy.</summary>
        public OhemDeviceView LossOnDevice => new((IntPtr)(state.Address + OhemDeviceState.LossOffset), 1, OhemElementType.Float32);

        /// <summary>Device memory this engine holds, in bytes (scratch and staging).</summary>
        public long DeviceBytes =>
            histograms.Bytes + state.Bytes + upstream.Bytes + forwardPartials.Bytes + refinePartials.Bytes
            + (losses?.Bytes ?? 0) + (tileCounts?.Bytes ?? 0) + (imageStates?.Bytes ?? 0) + (stagingLogits?.Bytes ?? 0) + (stagingLabels?.Bytes ?? 0) + (stagingGradient?.Bytes ?? 0);

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            lock (gate)
            {
                if (!disposed)
                {
                    disposed = true;
                    DisposeDevice();
                }
            }

            base.Dispose(disposing);
        }

        private void DisposeDevice()
        {
            foreach (var buffer in new[] { losses, tileCounts, imageStates, stagingLogits, stagingLabels, stagingGradient, histograms, state, upstream, forwardPartials, refinePartials })
            {
                buffer?.Dispose();
            }

            module?.Dispose();
            context.Dispose();
            if (hostState != null)
            {
                NativeMemory.Free(hostState);
            }
        }

        private void Enter()
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            context.MakeCurrent();
        }

        private DeviceBuffer Grow(ref DeviceBuffer? buffer, long bytes)
        {
            if (buffer is null || buffer.Bytes < bytes)
            {
                buffer?.Dispose();
                buffer = null;
                buffer = new DeviceBuffer(context, Math.Max(bytes, 256));
            }

            return buffer;
        }

        private static void Launch(IntPtr function, long grid, void** arguments, IntPtr stream, string name)
        {
            CudaDriver.Check(
                CudaDriver.cuLaunchKernel(function, (uint)grid, 1, 1, OhemCudaEmitter.BlockThreads, 1, 1, 0, stream, arguments, null),
                "cuLaunchKernel(" + name + ")");
        }
    }
}
