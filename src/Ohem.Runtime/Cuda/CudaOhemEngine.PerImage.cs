using System;

namespace Ohem.Cuda
{
    /// <summary>
    /// Per-image selection: the per-batch launch sequence runs once per image on that image's pixels (pointers offset by
    /// n·C·H·W and n·H·W) into that image's own 128-byte state, then one single-thread combine kernel writes the batch
    /// result (the mean of the per-image losses) into the result state, so <see cref="StatePointer"/> and
    /// <see cref="LossOnDevice"/> mean the same as per batch. The backward also runs per image, each on its own state.
    /// That is N times the launches of a per-batch call: cheap for the usual few images per device, and exact.
    /// </summary>
    public sealed unsafe partial class CudaOhemEngine
    {
        /// <summary>
        /// Floats per pixel in the loss buffer: weighted probability modes keep each range's weighted losses right after
        /// its keys (the kernels address them at loss_buf + num_pixels), so a per-image range spans 2·H·W floats.
        /// </summary>
        private long LossBufferFactor => Spec.HasWeightedLosses ? 2 : 1;

        /// <summary>What the combine kernel recorded for the Throw checks (see <see cref="OhemImageFacts"/>); only those specs write it.</summary>
        private OhemImageFacts ImageFacts(in OhemDeviceState s) => new(
            Spec.RecordsEmptyImage && s.K != ulong.MaxValue ? (long)s.K : -1,
            Spec.RecordsFewestValidImage ? (long)s.Remaining : -1,
            Spec.RecordsFewestValidImage ? (long)s.TiesTotal : -1);

        private void EnqueueForwardPerImage(OhemDeviceView logits, OhemDeviceView labels, OhemShape shape, IntPtr stream)
        {
            long plane = shape.Plane;
            long images = shape.N;
            ulong loss = Grow(ref losses, shape.Pixels * sizeof(float) * LossBufferFactor).Address;
            ulong states = Grow(ref imageStates, images * sizeof(OhemDeviceState)).Address;
            ulong logitStride = (ulong)(shape.C * plane * OhemElementTypes.SizeOf(logits.ElementType));
            ulong labelStride = (ulong)(plane * OhemElementTypes.SizeOf(labels.ElementType));
            for (long n = 0; n < images; ++n)
            {
                EnqueueSelection(
                    logits.Address + ((ulong)n * logitStride), labels.Address + ((ulong)n * labelStride), plane, plane, shape.C, 1,
                    loss + ((ulong)(n * plane * LossBufferFactor) * sizeof(float)), states + ((ulong)n * (ulong)sizeof(OhemDeviceState)), stream);
            }

            ulong total = state.Address;
            void** combine = stackalloc void*[] { &states, &images, &plane, &total };
            Launch(module.Combine, 1, combine, stream, module.Names.Combine);
        }

        private void EnqueueBackwardPerImage(OhemDeviceView logits, OhemDeviceView labels, OhemShape shape, OhemDeviceView gradient, ulong upstreamAddress, IntPtr stream)
        {
            bool native = gradient.ElementType != OhemElementType.Float32;
            long plane = shape.Plane;
            long images = shape.N;
            int classes = shape.C;
            long tiles = (plane + OhemCudaEmitter.TilePixels - 1) / OhemCudaEmitter.TilePixels;
            int grid = (int)Math.Min(tiles, BackwardBlocks);
            ulong counts = Grow(ref tileCounts, tiles * sizeof(ulong)).Address;
            ulong up = upstreamAddress;
            ulong logitStride = (ulong)(classes * plane * OhemElementTypes.SizeOf(logits.ElementType));
            ulong labelStride = (ulong)(plane * OhemElementTypes.SizeOf(labels.ElementType));
            ulong gradientStride = (ulong)(classes * plane * OhemElementTypes.SizeOf(gradient.ElementType));
            for (long n = 0; n < images; ++n)
            {
                ulong loss = losses!.Address + ((ulong)(n * plane * LossBufferFactor) * sizeof(float));
                ulong st = imageStates!.Address + ((ulong)n * (ulong)sizeof(OhemDeviceState));
                ulong logitsAddress = logits.Address + ((ulong)n * logitStride);
                ulong labelsAddress = labels.Address + ((ulong)n * labelStride);
                ulong gradientAddress = gradient.Address + ((ulong)n * gradientStride);
                EnqueueImageBackward(logitsAddress, labelsAddress, plane, classes, loss, counts, tiles, grid, st, up, gradientAddress, images, native, stream);
            }
        }

        private void EnqueueImageBackward(
            ulong logitsAddress, ulong labelsAddress, long plane, int classes, ulong loss, ulong counts, long tiles, int grid,
            ulong st, ulong up, ulong gradientAddress, long images, bool native, IntPtr stream)
        {
            long m = plane;
            void** tieCount = stackalloc void*[] { &loss, &m, &counts, &st };
            Launch(module.TieCount, grid, tieCount, stream, module.Names.TieCount);
            void** tieScan = stackalloc void*[] { &counts, &tiles, &st };
            Launch(module.TieScan, 1, tieScan, stream, module.Names.TieScan);
            void** backward = stackalloc void*[] { &logitsAddress, &labelsAddress, &m, &plane, &classes, &loss, &counts, &st, &up, &gradientAddress, &images };
            Launch(native ? module.BackwardNative : module.Backward, grid, backward, stream, native ? module.Names.BackwardNative : module.Names.Backward);
        }
    }
}
