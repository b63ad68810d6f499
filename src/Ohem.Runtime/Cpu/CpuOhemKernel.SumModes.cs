namespace Ohem.Cpu
{
    /// <summary>
    /// The modes whose loss is the kept sum over a divisor other than the kept count (MMSegSampler, PaddleSeg),
    /// mirroring their decide and select kernels. The backward divides by the same divisor.
    /// </summary>
    internal sealed unsafe partial class CpuOhemKernel<TLogit, TLabel>
    {
        /// <summary>PaddleSeg's EPS, times N·H·W in the divisor kept + EPS·N·H·W.</summary>
        private const double PaddleEps = 1e-5;

        /// <summary>
        /// mmseg's OHEMPixelSampler(thresh) then CE with its weights: the HRNet rule with k = min(min_kept × N, valid − 1),
        /// the kept sum divided by N·H·W (or by valid + float32 epsilon with AverageOverValid). No valid pixel: every
        /// weight is 0, so the loss is 0.
        /// </summary>
        private OhemResult DecideMMSeg(long above, long valid, double sumAbove)
        {
            state.Ties = TieRule.None;
            state.Divisor = spec.AverageOverValid ? valid + OhemCudaEmitter.MMSegEpsilon : pixels;
            state.Rule = OhemRule.TopNMin;
            if (valid == 0)
            {
                return new OhemResult(0f, 0, OhemRule.TopNMin, CanonicalNaN.Single, pixels, valid, OhemBackend.Cpu);
            }

            long k = System.Math.Min(OhemSpec.BatchKept(nMin, images), valid - 1);
            return Strict(k + 1, above, valid, sumAbove, 0);
        }

        /// <summary>
        /// PaddleSeg's OhemCrossEntropyLoss: with 0 &lt; min_kept &lt; valid, the HRNet rule at the (min_kept − 1)-th smallest
        /// probability (the min_kept-th largest loss); otherwise every valid pixel. The kept sum over kept + 1e-5·N·H·W.
        /// </summary>
        private OhemResult DecidePaddleSeg(long above, long valid, double sumAbove)
        {
            double eps = PaddleEps * pixels;
            if (nMin > 0 && nMin < valid)
            {
                state.Ties = TieRule.None;
                return Strict(nMin, above, valid, sumAbove, eps);
            }

            // No mining: the valid-count largest keys (ignored ones are 0, the smallest), ties at the cut-off by rank.
            state.Rule = OhemRule.TopNMin;
            state.Kept = valid;
            state.Divisor = valid + eps;
            if (valid == 0)
            {
                return new OhemResult(0f, 0, OhemRule.TopNMin, CanonicalNaN.Single, pixels, valid, OhemBackend.Cpu);
            }

            double above64 = SelectTop(valid, out float v, out long r);
            double total = weightedLosses ? WeightedKeptSum() : above64 + (r * (double)v);
            double loss64 = Reduce(total, state.Divisor);
            return new OhemResult((float)loss64, valid, OhemRule.TopNMin, v, pixels, valid, OhemBackend.Cpu);
        }

        /// <summary>
        /// Keeps the losses strictly above the rank-th largest key (or all above the threshold when at least rank are),
        /// divided by the divisor: N·H·W for mmseg (<paramref name="eps"/> 0, the divisor already set), kept + eps for PaddleSeg.
        /// </summary>
        private OhemResult Strict(long rank, long above, long valid, double sumAbove, double eps)
        {
            bool paddle = spec.Mode == OhemMode.PaddleSeg;
            if (above >= rank)
            {
                state.Rule = OhemRule.AboveThreshold;
                state.Kept = above;
                state.Divisor = paddle ? above + eps : state.Divisor;
                return new OhemResult((float)Reduce(sumAbove, state.Divisor), above, OhemRule.AboveThreshold, threshLoss, pixels, valid, OhemBackend.Cpu);
            }

            double total = SelectTop(rank, out float v, out long r);
            long kept = rank - r;
            if (inclusive)
            {
                kept = IncludeTies(ref total, rank, r, v, valid);
            }

            state.Rule = OhemRule.TopNMin;
            state.Kept = kept;
            state.TiesKeep = inclusive ? state.TiesKeep : 0;
            state.Divisor = paddle ? kept + eps : state.Divisor;
            total = weightedLosses ? WeightedKeptSum() : total;
            return new OhemResult((float)Reduce(total, state.Divisor), kept, OhemRule.TopNMin, v, pixels, valid, OhemBackend.Cpu);
        }
    }
}
