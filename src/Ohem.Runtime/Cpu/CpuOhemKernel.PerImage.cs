using System;

namespace Ohem.Cpu
{
    /// <summary>
    /// Per-image selection, mirroring the CUDA host: the per-batch algorithm runs on each image as a batch of one
    /// (its own NMin, k, fractions and valid count), each image's selection is kept for the backward, and the batch
    /// result is the mean (Reduction = Sum: the sum) of the per-image float losses added in image order in fp64, as the combine kernel does.
    /// </summary>
    internal sealed unsafe partial class CpuOhemKernel<TLogit, TLabel>
    {
        // Grown only, like the other scratch: a call with no more images than before allocates nothing.
        private SelectionState[] imageStates = Array.Empty<SelectionState>();

        // The batch flat index of the current range's first pixel, so a bad label is reported where it is in the batch.
        private long indexBase;

        /// <summary>What the host checks of the Throw knobs need to name the image that failed (the last per-image forward).</summary>
        public OhemImageFacts ImageFacts => imageFacts;

        private OhemImageFacts imageFacts = OhemImageFacts.None;

        private OhemResult ForwardPerImage(void* logitsPtr, void* labelsPtr, OhemShape shape)
        {
            if (imageStates.Length < shape.N)
            {
                imageStates = new SelectionState[shape.N];
            }

            var image = new OhemShape(1, shape.C, shape.H, shape.W);
            long planeSize = shape.Plane;
            long imageLogits = shape.C * planeSize;
            // Keys for the whole batch: each image's stay for the backward.
            scratch.Ensure(shape.Pixels, (int)((planeSize + ChunkPixels - 1) / ChunkPixels), shape.C);
            double total = 0.0;
            long kept = 0, valid = 0;
            long empty = -1, fewest = 0, fewestValid = long.MaxValue;
            OhemRule rule = OhemRule.AboveThreshold;
            float threshold = 0.0f;
            try
            {
                for (int n = 0; n < shape.N; ++n)
                {
                    indexBase = n * planeSize;
                    scratch.KeyOffset = n * planeSize;
                    OhemResult r = ForwardRange((TLogit*)logitsPtr + (n * imageLogits), (TLabel*)labelsPtr + (n * planeSize), image);
                    imageStates[n] = state;
                    if (n == 0)
                    {
                        threshold = r.Threshold;
                    }

                    // The first image that used the top-k rule gives the batch's rule and threshold.
                    if (r.Rule == OhemRule.TopNMin && rule != OhemRule.TopNMin)
                    {
                        rule = OhemRule.TopNMin;
                        threshold = r.Threshold;
                    }

                    total += (double)r.Loss;
                    kept += r.Kept;
                    valid += r.ValidPixels;
                    if (empty < 0 && r.Kept == 0)
                    {
                        empty = n;
                    }

                    if (r.ValidPixels < fewestValid)
                    {
                        fewest = n;
                        fewestValid = r.ValidPixels;
                    }
                }
            }
            finally
            {
                indexBase = 0;
                scratch.KeyOffset = 0;
            }

            // Reduction = Sum: the sum of the per-image kept sums; otherwise their mean (the combine kernel's order).
            double loss64 = sum ? total : total / (double)shape.N;
            imageFacts = new OhemImageFacts(empty, fewest, fewestValid);
            return new OhemResult((float)loss64, kept, rule, threshold, shape.Pixels, valid, OhemBackend.Cpu);
        }

        /// <summary>Each image's backward from its own selection, scaled by g / (N · its divisor).</summary>
        private void BackwardPerImage(void* logitsPtr, void* labelsPtr, OhemShape shape, float* grad, float upstream)
        {
            var image = new OhemShape(1, shape.C, shape.H, shape.W);
            long planeSize = shape.Plane;
            long imageLogits = shape.C * planeSize;
            try
            {
                for (int n = 0; n < shape.N; ++n)
                {
                    state = imageStates[n];
                    scratch.KeyOffset = n * planeSize;
                    BackwardRange(
                        (TLogit*)logitsPtr + (n * imageLogits), (TLabel*)labelsPtr + (n * planeSize), image, grad + (n * imageLogits), upstream, shape.N);
                }
            }
            finally
            {
                scratch.KeyOffset = 0;
            }
        }
    }
}
