using System;

namespace Ohem.Cpu
{
    /// <summary>
    /// The decisions of PaddleSegTopK and DeepLab2, mirroring their decide and select kernels
    /// (OhemCudaEmitter.TopKModes.cs) operation for operation. DeepLab2 is always per image, so <c>pixels</c> is H·W.
    /// </summary>
    internal sealed unsafe partial class CpuOhemKernel<TLogit, TLabel>
    {
        /// <summary>
        /// PaddleSeg CrossEntropyLoss: fraction 1 is Σ valid over N·H·W × (float(valid / N·H·W) + 1e-8f) (0 when none);
        /// otherwise the top k = int(float(r) × float(N·H·W)), ties by rank, over k (NaN when k = 0).
        /// </summary>
        private OhemResult DecidePaddleSegTopK(long valid)
        {
            bool whole = spec.EffectiveFraction == 1.0;
            long k = FixedTopKCount(valid);
            state.Kept = k;
            state.Divisor = whole
                ? pixels * (double)((float)((double)valid / pixels) + OhemCudaEmitter.PaddleSegTopKEpsilon)
                : k;
            if (k == 0)
            {
                return Result(whole ? 0.0 : CanonicalNaN.Double, 0, OhemRule.TopNMin, CanonicalNaN.Single, valid);
            }

            double above = SelectTop(k, out float v, out long r);
            return Result(Reduce(above + (r * (double)v), state.Divisor), k, OhemRule.TopNMin, v, valid);
        }

        /// <summary>deeplab2, one image: Σ top k (k = round-half-even(float(r) × float(H·W)), or of |Vₙ| with ValidOnly) over the non-zero count among them, 0 when none.</summary>
        private OhemResult DecideDeepLab2(long valid)
        {
            // Candidates = ValidOnly: k from the image's valid count.
            long k = DeepLab2Count(spec.EffectiveFraction, spec.IsValidOnlyDeepLab2 ? valid : pixels);
            state.Kept = k;
            if (k == 0)
            {
                return Result(0.0, 0, OhemRule.TopNMin, CanonicalNaN.Single, valid);
            }

            double above = SelectTop(k, out float v, out long r);
            return NonZeroTopK(k, above, v, r, 0.0, valid);
        }

        /// <summary>deeplab2's top_k_pixels: tf.math.round (half to even) of float32(r) × float32(H·W), at most H·W; all of them for r = 1.</summary>
        internal static long DeepLab2Count(double fraction, long imagePixels)
        {
            if (fraction == 1.0)
            {
                return imagePixels;
            }

            float scaled = MathF.Round((float)fraction * (float)imagePixels, MidpointRounding.ToEven);
            return Math.Min((long)scaled, imagePixels);
        }
    }
}
