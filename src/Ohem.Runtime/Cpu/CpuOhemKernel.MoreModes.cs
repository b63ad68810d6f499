using System;

namespace Ohem.Cpu
{
    /// <summary>
    /// The decisions of MMSegByLoss, DeepLabTF, ModelGarden, TorchSeg and PytorchLossOhem, mirroring their decide and
    /// select kernels (OhemCudaEmitter.MoreModes.cs) operation for operation.
    /// </summary>
    internal sealed unsafe partial class CpuOhemKernel<TLogit, TLabel>
    {
        private OhemResult DecideMore(long above, long valid, long nans, double sumAbove)
        {
            // The valid pixels with loss ≥ ThreshLoss: the forward counted loss > CompareLoss; with Thresh 1 CompareLoss
            // is negative and ignored pixels passed too.
            long hard = spec.IsInclusive && spec.ThreshLoss == 0f ? valid - nans : above;
            state.Rule = OhemRule.TopNMin;
            return spec.Mode switch
            {
                OhemMode.MMSegByLoss => DecideMMSegByLoss(valid),
                OhemMode.DeepLabTF => DecideDeepLabTF(valid),
                OhemMode.ModelGarden => DecideModelGarden(valid),
                OhemMode.TorchSeg => DecideTorchSeg(hard, valid, sumAbove),
                OhemMode.PaddleSegTopK => DecidePaddleSegTopK(valid),
                OhemMode.DeepLab2 => DecideDeepLab2(valid),
                _ => DecidePytorchLoss(hard, valid, sumAbove),
            };
        }

        private OhemResult Result(double loss64, long kept, OhemRule rule, float threshold, long valid) =>
            new OhemResult((float)loss64, kept, rule, threshold, pixels, valid, OhemBackend.Cpu);

        /// <summary>mmseg OHEMPixelSampler(thresh=None): the min(min_kept × N, valid) largest keys, ties by rank, over mmseg's divisor.</summary>
        private OhemResult DecideMMSegByLoss(long valid)
        {
            state.Divisor = spec.AverageOverValid ? valid + OhemCudaEmitter.MMSegEpsilon : pixels;
            long k = Math.Min(OhemSpec.BatchKept(nMin, images), valid);
            state.Kept = k;
            if (k == 0)
            {
                return Result(0.0, 0, OhemRule.TopNMin, CanonicalNaN.Single, valid);
            }

            double above = SelectTop(k, out float v, out long r);
            return Result(Reduce(above + (r * (double)v), state.Divisor), k, OhemRule.TopNMin, v, valid);
        }

        /// <summary>k of the TF top-k modes: the valid count for fraction 1, else int(float(r) × float(N·H·W)), at most N·H·W.</summary>
        private long FixedTopKCount(long valid)
        {
            if (spec.EffectiveFraction == 1.0)
            {
                return valid;
            }

            if (spec.IsValidOnlyTfTopK)
            {
                // Candidates = ValidOnly: TF's float32 product over the valid count.
                return Math.Min((long)((float)spec.EffectiveFraction * (float)valid), valid);
            }

            float scaled = (float)spec.EffectiveFraction * (float)pixels;
            return Math.Min((long)scaled, pixels);
        }

        /// <summary>TF DeepLab: Σ top k over the non-zero count among them (0 when none); fraction 1: Σ valid over valid.</summary>
        private OhemResult DecideDeepLabTF(long valid)
        {
            long k = FixedTopKCount(valid);
            state.Kept = k;
            if (k == 0)
            {
                return Result(0.0, 0, OhemRule.TopNMin, CanonicalNaN.Single, valid);
            }

            double above = SelectTop(k, out float v, out long r);
            if (spec.EffectiveFraction == 1.0)
            {
                return Result(Reduce(above + (r * (double)v), k), k, OhemRule.TopNMin, v, valid);
            }

            return NonZeroTopK(k, above, v, r, 0.0, valid);
        }

        /// <summary>TF Model Garden: Σ top k over min(k, valid) + 1e-5, ties by rank.</summary>
        private OhemResult DecideModelGarden(long valid)
        {
            long k = FixedTopKCount(valid);
            state.Kept = k;
            state.Divisor = Math.Min(k, valid) + OhemCudaEmitter.ModelGardenEpsilon;
            if (k == 0)
            {
                return Result(0.0, 0, OhemRule.TopNMin, CanonicalNaN.Single, valid);
            }

            double above = SelectTop(k, out float v, out long r);
            return Result(Reduce(above + (r * (double)v), state.Divisor), k, OhemRule.TopNMin, v, valid);
        }

        /// <summary>TorchSeg: mining when 0 &lt; min_kept ≤ valid (inclusive cut-off min(min_kept-th largest, ThreshLoss)), else every valid pixel.</summary>
        private OhemResult DecideTorchSeg(long hard, long valid, double sumAbove)
        {
            long k = spec.ClampsTorchSegNMin ? Math.Min(nMin, valid) : nMin;
            if (k > 0 && k <= valid)
            {
                if (hard >= k)
                {
                    return weightSum ? WeightedAbove(hard, sumAbove, valid) : Above(hard, sumAbove, valid);
                }

                OhemResult mined = spec.IsStrictInclusiveMode ? StrictTorchSeg(k, valid) : Inclusive(k, valid);
                return weightSum ? WeightedMean(mined) : mined;
            }

            return weightSum ? WeightedMean(EveryValid(valid)) : EveryValid(valid);
        }

        /// <summary>pytorch-loss: with n_min &lt; N·H·W, the valid pixels among the n_min largest keys or at or above ThreshLoss.</summary>
        private OhemResult DecidePytorchLoss(long hard, long valid, double sumAbove)
        {
            long k = spec.Fraction != 0 ? spec.FractionCount(pixels) : nMin;
            if ((spec.IsInclusive && spec.ThreshLoss == 0f) || k >= pixels)
            {
                return EveryValid(valid);
            }

            if (hard >= k)
            {
                return Above(hard, sumAbove, valid);
            }

            double above = SelectTop(k, out float v, out long r);
            return NonZeroTopK(k, above, v, r, CanonicalNaN.Double, valid);
        }

        /// <summary>The inclusive modes' threshold rule: every loss above CompareLoss (0 / 0 = NaN when none).</summary>
        private OhemResult Above(long hard, double sumAbove, long valid)
        {
            state.Rule = OhemRule.AboveThreshold;
            state.Kept = hard;
            return Result(Reduce(sumAbove, hard), hard, OhemRule.AboveThreshold, threshLoss, valid);
        }

        /// <summary>Every valid pixel: the valid-count largest keys with all ties; NaN when there is none.</summary>
        private OhemResult EveryValid(long valid)
        {
            if (valid == 0)
            {
                state.Kept = 0;
                return Result(CanonicalNaN.Double, 0, OhemRule.TopNMin, CanonicalNaN.Single, valid);
            }

            return Inclusive(valid, valid);
        }

        /// <summary>Every key at or above the k-th largest v (all ties); v = 0 keeps every valid pixel.</summary>
        private OhemResult Inclusive(long k, long valid)
        {
            double above = SelectTop(k, out float v, out long r);
            long tied = state.TiesTotal;
            double total = above + (tied * (double)v);
            long kept = state.CutKey == 0 ? valid : (k - r) + tied;
            state.Rule = OhemRule.TopNMin;
            state.Ties = TieRule.ByRank;
            state.TiesKeep = tied;
            state.Kept = kept;
            return Result(Reduce(total, kept), kept, OhemRule.TopNMin, v, valid);
        }

        /// <summary>The top k, ties by rank; with v = 0 only the k − r positive losses (ties none); nothing kept gives <paramref name="empty"/>.</summary>
        private OhemResult NonZeroTopK(long k, double above, float v, long r, double empty, long valid)
        {
            bool zero = state.CutKey == 0;
            double total = zero ? above : above + (r * (double)v);
            long kept = zero ? k - r : k;
            state.Kept = kept;
            if (zero)
            {
                state.Ties = TieRule.None;
                state.TiesKeep = 0;
            }

            return Result(sum ? total : kept != 0 ? total / kept : empty, kept, OhemRule.TopNMin, v, valid);
        }
    }
}
