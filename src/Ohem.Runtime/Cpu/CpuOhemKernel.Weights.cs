using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ohem.Cpu
{
    /// <summary>
    /// Class weights, mirroring OhemCudaEmitter.Weights: the loss-domain modes weight the loss before anything reads it;
    /// the probability modes select on the unweighted keys and sum the weighted losses, kept in
    /// <see cref="CpuScratch.Weighted"/>, by one more pass over the kept pixels (the CUDA text's level 4).
    /// </summary>
    internal sealed unsafe partial class CpuOhemKernel<TLogit, TLabel>
    {
        private float* WeightTable => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(weights!));

        /// <summary>The weights of eight labels; lanes outside <paramref name="mask"/> get 0 (their labels are not classes).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<float> Weights8(Vector256<int> y, Vector256<int> mask)
        {
            float* w = WeightTable;
            Vector256<int> index = y & mask;
            Vector256<float> gathered = Vector256.Create(
                w[index.GetElement(0)], w[index.GetElement(1)], w[index.GetElement(2)], w[index.GetElement(3)],
                w[index.GetElement(4)], w[index.GetElement(5)], w[index.GetElement(6)], w[index.GetElement(7)]);
            return gathered & mask.AsSingle();
        }

        /// <summary>
        /// Σ of the weighted losses of the kept pixels, in chunk order: keys above the cut-off, and at it when ties are
        /// kept (PaddleSeg without mining; a tie left out there is at key 0, whose weighted loss is 0).
        /// </summary>
        private double WeightedKeptSum()
        {
            int chunks = Chunks;
            phase = Phase.WeightedSum;
            runner.Run(this, chunks);
            return SelectedSum(chunks);
        }

        private void WeightedSumChunk(int chunk, long begin, long end)
        {
            if (weightSum)
            {
                scratch.Partials[chunk].SumSelect = KeptWeightedLossChunk(begin, end);
                return;
            }

            uint* keys = scratch.Keys;
            float* weighted = scratch.Weighted;
            uint cut = state.CutKey;
            bool ties = state.Ties != TieRule.None;
            double sum = 0.0;
            for (long p = begin; p < end; ++p)
            {
                uint key = keys[p];
                if (key > cut || (ties && key == cut))
                {
                    sum += weighted[p];
                }
            }

            scratch.Partials[chunk].SumSelect = sum;
        }
    }
}
