namespace Ohem.Cpu
{
    /// <summary>The decision of each mode, mirroring the decide and select kernels of that mode's CUDA text.</summary>
    internal sealed unsafe partial class CpuOhemKernel<TLogit, TLabel>
    {
        /// <summary>The mean of the k largest keys over all pixels (ignored ones as zeros); k = 0 gives NaN, as torch.mean of nothing.</summary>
        private OhemResult TopK(long k, long valid)
        {
            state.Rule = OhemRule.TopNMin;
            state.Kept = k;
            if (k == 0)
            {
                // torch.mean of an empty selection.
                return new OhemResult(CanonicalNaN.Single, 0, OhemRule.TopNMin, CanonicalNaN.Single, pixels, valid, OhemBackend.Cpu);
            }

            double above = SelectTop(k, out float v, out long r);
            double loss64 = Reduce(above + (r * (double)v), k);
            return new OhemResult((float)loss64, k, OhemRule.TopNMin, v, pixels, valid, OhemBackend.Cpu);
        }

        /// <summary>
        /// BiSeNet's later rule: n_min = ⌊valid × fraction⌋; at least n_min losses above the threshold → their mean
        /// (0 / 0 = NaN when none are, which needs n_min = 0), else the n_min largest.
        /// </summary>
        private OhemResult DecideBiSeNetV2(long above, long valid, double sumAbove)
        {
            long k = spec.FractionCount(valid);
            if (above >= k)
            {
                state.Rule = OhemRule.AboveThreshold;
                state.Kept = above;
                return new OhemResult((float)Reduce(sumAbove, above), above, OhemRule.AboveThreshold, threshLoss, pixels, valid, OhemBackend.Cpu);
            }

            return TopK(k, valid);
        }

        /// <summary>
        /// HRNet's rule in the loss domain: k = min(max(1, NMin), valid − 1); the cut-off is min(loss of rank k, ThreshLoss)
        /// and the kept pixels are strictly above it. More than k losses above ThreshLoss → those; else the pixels
        /// strictly above the (k+1)-th largest key v (never the ties at v). No valid pixel → NaN, nothing kept.
        /// </summary>
        private OhemResult DecideHRNet(long above, long valid, double sumAbove)
        {
            state.Ties = TieRule.None;
            if (valid == 0)
            {
                // HRNet raises IndexError here.
                state.Rule = OhemRule.TopNMin;
                return new OhemResult(CanonicalNaN.Single, 0, OhemRule.TopNMin, CanonicalNaN.Single, pixels, valid, OhemBackend.Cpu);
            }

            long k = System.Math.Min(System.Math.Max(1, nMin), valid - 1);
            if (above >= k + 1)
            {
                state.Rule = OhemRule.AboveThreshold;
                state.Kept = above;
                return new OhemResult((float)Reduce(sumAbove, above), above, OhemRule.AboveThreshold, threshLoss, pixels, valid, OhemBackend.Cpu);
            }

            double total = SelectTop(k + 1, out float v, out long r);
            long kept = k + 1 - r;
            if (inclusive)
            {
                kept = IncludeTies(ref total, k + 1, r, v, valid);
            }

            state.Rule = OhemRule.TopNMin;
            state.Kept = kept;
            state.TiesKeep = inclusive ? state.TiesKeep : 0;
            total = weightedLosses ? WeightedKeptSum() : total;
            return new OhemResult((float)Reduce(total, kept), kept, OhemRule.TopNMin, v, pixels, valid, OhemBackend.Cpu);
        }
    }
}
