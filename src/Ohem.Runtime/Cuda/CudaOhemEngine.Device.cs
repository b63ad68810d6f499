using System;
using Ohem.Cuda.Interop;

namespace Ohem.Cuda
{
    public sealed unsafe partial class CudaOhemEngine
    {
        /// <summary>
        /// The loss of device-resident logits and labels (zero-copy), enqueued on <paramref name="stream"/>
        /// (0 = the legacy default stream), then one 128-byte copy of the result; blocks until it arrives.
        /// </summary>
        public OhemResult Forward(OhemDeviceView logits, OhemDeviceView labels, OhemShape shape, IntPtr stream = default)
        {
            lock (gate)
            {
                EnqueueForwardCore(logits, labels, shape, stream);
                return ReadResultCore(stream);
            }
        }

        /// <summary>
        /// Enqueues the forward pass without waiting: the result stays on the device (<see cref="StatePointer"/>,
        /// <see cref="LossOnDevice"/>). <see cref="ReadResult"/> copies it back and checks the labels.
        /// </summary>
        public void EnqueueForward(OhemDeviceView logits, OhemDeviceView labels, OhemShape shape, IntPtr stream = default)
        {
            lock (gate)
            {
                EnqueueForwardCore(logits, labels, shape, stream);
            }
        }

        /// <summary>Waits for the last forward on <paramref name="stream"/> and returns its result (throws for an invalid label).</summary>
        public OhemResult ReadResult(IntPtr stream = default)
        {
            lock (gate)
            {
                Enter();
                if (lastPixels < 0)
                {
                    throw new InvalidOperationException("ReadResult needs a forward pass first.");
                }

                return ReadResultCore(stream);
            }
        }

        /// <summary>
        /// d(loss)/d(logits) × <paramref name="upstream"/> for the last forward into a device gradient of the logits'
        /// shape: float32, or the logits' own 16-bit type. Enqueued on <paramref name="stream"/>; does not wait.
        /// </summary>
        public void Backward(OhemDeviceView logits, OhemDeviceView labels, OhemShape shape, OhemDeviceView gradient, float upstream = 1f, IntPtr stream = default)
        {
            lock (gate)
            {
                Enter();
                float value = upstream;
                CudaDriver.Check(CudaDriver.cuMemcpyHtoDAsync(this.upstream.Address, &value, sizeof(float), stream), "cuMemcpyHtoDAsync");
                EnqueueBackwardCore(logits, labels, shape, gradient, this.upstream.Address, stream);
            }
        }

        /// <summary>As the other overload, with the upstream gradient read on the device (a one-element float32 view, e.g. autograd's grad_output).</summary>
        public void Backward(OhemDeviceView logits, OhemDeviceView labels, OhemShape shape, OhemDeviceView gradient, OhemDeviceView upstream, IntPtr stream = default)
        {
            CudaInputValidation.Type(nameof(upstream), upstream.ElementType, OhemElementType.Float32);
            lock (gate)
            {
                Enter();
                EnqueueBackwardCore(logits, labels, shape, gradient, upstream.Address, stream);
            }
        }

        private void ValidateViews(OhemDeviceView logits, OhemDeviceView labels, OhemShape shape)
        {
            CudaInputValidation.Inputs(Spec, shape, logits.ElementType, logits.Length, labels.ElementType, labels.Length);
            RequireRowAlignment(logits);
        }

        private void EnqueueForwardCore(OhemDeviceView logits, OhemDeviceView labels, OhemShape shape, IntPtr stream)
        {
            ValidateViews(logits, labels, shape);
            Enter();
            if (Spec.IsPerImage)
            {
                EnqueueForwardPerImage(logits, labels, shape, stream);
            }
            else
            {
                // Weighted probability modes keep the weighted losses after the keys.
                ulong loss = Grow(ref losses, shape.Pixels * sizeof(float) * LossBufferFactor).Address;
                EnqueueSelection(logits.Address, labels.Address, shape.Pixels, shape.Plane, shape.C, shape.N, loss, state.Address, stream);
            }

            lastPixels = shape.Pixels;
            lastShape = shape;
            lastLabels = labels;
        }

        /// <summary>
        /// The forward and the exact selection over one range of <paramref name="m"/> pixels (the batch, or one image as a
        /// batch of one) into one state: reset, forward, decide, then two refine/select levels.
        /// </summary>
        private void EnqueueSelection(ulong logitsAddress, ulong labelsAddress, long m, long plane, int classes, long images, ulong loss, ulong st, IntPtr stream)
        {
            // The decide kernel's last argument: NMin (BiSeNetV1, HRNet), N·H·W (TopKPercent computes k from it) or
            // unused (BiSeNetV2 computes n_min from the valid count on the device). MMSegSampler passes min_kept × N
            // (its min_kept is per image; the device clamps it to valid − 1) and, like PaddleSeg, N·H·W as a second
            // argument for its divisor.
            long nMin = Spec.Mode switch
            {
                OhemMode.TopKPercent => m,
                OhemMode.BiSeNetV2 => 0,
                OhemMode.MMSegSampler => OhemSpec.BatchKept(Spec.NMin, images),
                OhemMode.MMSegByLoss => OhemSpec.BatchKept(Spec.NMin, images),
                _ => OhemKnobChecks.HostNMin(Spec, m),
            };
            long tiles = (m + OhemCudaEmitter.TilePixels - 1) / OhemCudaEmitter.TilePixels;
            int forwardGrid = (int)Math.Min(tiles, ForwardBlocks);
            int refineGrid = (int)Math.Min((m + OhemCudaEmitter.BlockThreads - 1) / OhemCudaEmitter.BlockThreads, RefineBlocks);
            ulong hist1 = histograms.Address;
            ulong hist2 = hist1 + (OhemCudaEmitter.Level1Bins * 8UL);
            ulong hist3 = hist2 + (OhemCudaEmitter.Level2Bins * 8UL);
            ulong fp = forwardPartials.Address;
            ulong rp = refinePartials.Address;
            int level2 = 2;
            int level3 = 3;

            void** reset = stackalloc void*[] { &hist1, &st };
            Launch(module.Reset, 1, reset, stream, module.Names.Reset);
            void** forward = stackalloc void*[] { &logitsAddress, &labelsAddress, &m, &plane, &classes, &loss, &fp, &hist1, &st };
            Launch(module.Forward, forwardGrid, forward, stream, module.Names.Forward);
            // The driver reads as many parameters as the kernel declares, so the five-argument decide kernels of the
            // other modes ignore the sixth.
            void** decide = stackalloc void*[] { &fp, &forwardGrid, &hist1, &st, &nMin, &m };
            Launch(module.Decide, 1, decide, stream, module.Names.Decide);
            void** refine2 = stackalloc void*[] { &loss, &m, &rp, &hist2, &st, &level2 };
            Launch(module.Refine, refineGrid, refine2, stream, module.Names.Refine);
            void** select2 = stackalloc void*[] { &rp, &refineGrid, &hist2, &st, &level2 };
            Launch(module.Select, 1, select2, stream, module.Names.Select);
            void** refine3 = stackalloc void*[] { &loss, &m, &rp, &hist3, &st, &level3 };
            Launch(module.Refine, refineGrid, refine3, stream, module.Names.Refine);
            void** select3 = stackalloc void*[] { &rp, &refineGrid, &hist3, &st, &level3 };
            Launch(module.Select, 1, select3, stream, module.Names.Select);
            if (Spec.HasWeightedLosses)
            {
                // Level 4: the weighted sum over the kept pixels (the text of other specs has no such level).
                int level4 = 4;
                void** refine4 = stackalloc void*[] { &loss, &m, &rp, &hist3, &st, &level4 };
                Launch(module.Refine, refineGrid, refine4, stream, module.Names.Refine);
                void** select4 = stackalloc void*[] { &rp, &refineGrid, &hist3, &st, &level4 };
                Launch(module.Select, 1, select4, stream, module.Names.Select);
                if (Spec.DividesByWeightSum)
                {
                    // Level 5 (TorchSeg's weighted mean): the sum of the kept pixels' weights, the divisor.
                    int level5 = 5;
                    void** refine5 = stackalloc void*[] { &loss, &m, &rp, &hist3, &st, &level5 };
                    Launch(module.Refine, refineGrid, refine5, stream, module.Names.Refine);
                    void** select5 = stackalloc void*[] { &rp, &refineGrid, &hist3, &st, &level5 };
                    Launch(module.Select, 1, select5, stream, module.Names.Select);
                }
            }
        }

        private OhemResult ReadResultCore(IntPtr stream)
        {
            CudaDriver.Check(CudaDriver.cuMemcpyDtoHAsync(hostState, state.Address, (nuint)sizeof(OhemDeviceState), stream), "cuMemcpyDtoHAsync");
            CudaDriver.Check(CudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
            OhemDeviceState s = *hostState;
            if (s.BadIndex != ulong.MaxValue)
            {
                // The state is not a result: a backward must not use it.
                lastPixels = -1;
                throw CudaInputValidation.BadLabel(Spec, lastShape, s.BadIndex, ReadLabel(s.BadIndex));
            }

            var result = new OhemResult(s.Loss, (long)s.Kept, (OhemRule)s.Rule, s.Threshold, lastPixels, (long)s.Valid, OhemBackend.Cuda);
            try
            {
                OhemKnobChecks.AfterForward(Spec, result, lastShape, ImageFacts(s));
            }
            catch
            {
                // As for a bad label: the state is not a result a backward may use.
                lastPixels = -1;
                throw;
            }

            return result;
        }

        private long ReadLabel(ulong index)
        {
            int size = OhemElementTypes.SizeOf(lastLabels.ElementType);
            long raw = 0;
            CudaDriver.Check(CudaDriver.cuMemcpyDtoH(&raw, lastLabels.Address + (index * (ulong)size), (nuint)size), "cuMemcpyDtoH");
            return lastLabels.ElementType switch
            {
                OhemElementType.Int32 => (int)raw,
                OhemElementType.UInt8 => (byte)raw,
                _ => raw,
            };
        }

        private void EnqueueBackwardCore(OhemDeviceView logits, OhemDeviceView labels, OhemShape shape, OhemDeviceView gradient, ulong upstreamAddress, IntPtr stream)
        {
            ValidateViews(logits, labels, shape);
            bool native = gradient.ElementType != OhemElementType.Float32;
            if (native && gradient.ElementType != OhemElementTypes.Of(Spec.Logits))
            {
                throw new ArgumentException(
                    $"gradient holds {gradient.ElementType} elements; expected Float32 or the logits' type {OhemElementTypes.Of(Spec.Logits)}.", nameof(gradient));
            }

            CudaInputValidation.Length(nameof(gradient), gradient.Length, shape.Logits, shape, "N·C·H·W");
            if (lastPixels < 0)
            {
                throw Cpu.CpuOhemErrors.NoForward();
            }

            if (lastShape != shape)
            {
                throw Cpu.CpuOhemErrors.ShapeChanged(shape, lastShape);
            }

            if (Spec.IsPerImage)
            {
                EnqueueBackwardPerImage(logits, labels, shape, gradient, upstreamAddress, stream);
                return;
            }

            long m = shape.Pixels;
            long plane = shape.Plane;
            int classes = shape.C;
            long tiles = (m + OhemCudaEmitter.TilePixels - 1) / OhemCudaEmitter.TilePixels;
            int grid = (int)Math.Min(tiles, BackwardBlocks);
            ulong loss = losses!.Address;
            ulong counts = Grow(ref tileCounts, tiles * sizeof(ulong)).Address;
            ulong st = state.Address;
            ulong logitsAddress = logits.Address;
            ulong labelsAddress = labels.Address;
            ulong gradientAddress = gradient.Address;
            ulong up = upstreamAddress;

            void** tieCount = stackalloc void*[] { &loss, &m, &counts, &st };
            Launch(module.TieCount, grid, tieCount, stream, module.Names.TieCount);
            void** tieScan = stackalloc void*[] { &counts, &tiles, &st };
            Launch(module.TieScan, 1, tieScan, stream, module.Names.TieScan);
            // The image count, read only by the backward of a per-image spec (the driver passes as many parameters as the
            // kernel declares, as for the decide kernel).
            long images = 1;
            void** backward = stackalloc void*[] { &logitsAddress, &labelsAddress, &m, &plane, &classes, &loss, &counts, &st, &up, &gradientAddress, &images };
            Launch(native ? module.BackwardNative : module.Backward, grid, backward, stream, native ? module.Names.BackwardNative : module.Names.Backward);
        }
    }
}
