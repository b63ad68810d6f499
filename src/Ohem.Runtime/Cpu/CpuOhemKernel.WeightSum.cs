using System;

namespace Ohem.Cpu
{
    /// <summary>
    /// TorchSeg with class weights, mirroring OhemCudaEmitter.WeightSum: PyTorch's weighted mean Σ w·ℓ / Σ w over the
    /// kept pixels (with Reduction = Sum, Σ w·ℓ itself). <see cref="CpuScratch.Weighted"/> holds each pixel's weight (0 for ignored pixels); the level-4 pass
    /// sums w·ℓ over the kept keys and the level-5 pass the kept weights, which become the divisor.
    /// </summary>
    internal sealed unsafe partial class CpuOhemKernel<TLogit, TLabel>
    {
        private bool aboveRule;

        /// <summary>The threshold rule: the forward's Σ w·ℓ of the losses above CompareLoss over their Σ w.</summary>
        private OhemResult WeightedAbove(long hard, double sumAbove, long valid)
        {
            state.Rule = OhemRule.AboveThreshold;
            state.Kept = hard;
            state.Divisor = KeptWeightSum(above: true);
            return Result(Reduce(sumAbove, state.Divisor), hard, OhemRule.AboveThreshold, threshLoss, valid);
        }

        /// <summary>
        /// The selection's kept set (every key at or above the cut-off; with Comparison = Strict mining, ties none, only
        /// those above it) with Σ w·ℓ over Σ w. None kept keeps the unweighted result (0 / 0 = NaN, 0 with Sum), which
        /// the empty fix then sets as the CUDA text's after level 5; Σ w = 0 with pixels kept stays 0 / 0 = NaN.
        /// </summary>
        private OhemResult WeightedMean(OhemResult unweighted)
        {
            if (unweighted.Kept == 0)
            {
                return unweighted;
            }

            double total = WeightedKeptSum();
            state.Divisor = KeptWeightSum(above: false);
            return Result(Reduce(total, state.Divisor), unweighted.Kept, unweighted.Rule, unweighted.Threshold, unweighted.ValidPixels);
        }

        private double KeptWeightSum(bool above)
        {
            int chunks = Chunks;
            aboveRule = above;
            phase = Phase.WeightSum;
            runner.Run(this, chunks);
            return SelectedSum(chunks);
        }

        /// <summary>Level 4: Σ (double)(ℓ × w) over the kept keys (at or above the cut-off; strict mining: above it), ℓ × w the forward's float32 product.</summary>
        private double KeptWeightedLossChunk(long begin, long end)
        {
            uint* keys = scratch.Keys;
            float* w = scratch.Weighted;
            uint cut = state.CutKey;
            bool ties = state.Ties != TieRule.None;
            double sum = 0.0;
            for (long p = begin; p < end; ++p)
            {
                uint key = keys[p];
                if (key > cut || (ties && key == cut))
                {
                    sum += BitConverter.UInt32BitsToSingle(key) * w[p];
                }
            }

            return sum;
        }

        /// <summary>Level 5: Σ w over the losses above CompareLoss (threshold rule) or the kept keys, as level 4.</summary>
        private void WeightSumChunk(int chunk, long begin, long end)
        {
            uint* keys = scratch.Keys;
            float* w = scratch.Weighted;
            uint cut = state.CutKey;
            float thresh = threshLoss;
            bool above = aboveRule;
            bool ties = state.Ties != TieRule.None;
            double sum = 0.0;
            for (long p = begin; p < end; ++p)
            {
                uint key = keys[p];
                if (above ? BitConverter.UInt32BitsToSingle(key) > thresh : key > cut || (ties && key == cut))
                {
                    sum += w[p];
                }
            }

            scratch.Partials[chunk].SumSelect = sum;
        }
    }
}
