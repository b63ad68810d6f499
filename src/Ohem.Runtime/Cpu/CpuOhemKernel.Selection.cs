using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ohem.Cpu
{
    internal sealed unsafe partial class CpuOhemKernel<TLogit, TLabel>
    {
        /// <summary>
        /// The exact k-th largest key v by three radix levels (key[30:20], key[19:9], key[8:0]) over the key buffer, as
        /// the CUDA selection does; returns Σ keys above v in fp64 (in the kernels' order) and r, how many of the pixels
        /// tied at v complete the k. Runs only for the top-k rules.
        /// </summary>
        private double SelectTop(long k, out float v, out long r)
        {
            int chunks = Chunks;
            long* hist = scratch.Merged;

            phase = Phase.Histogram1;
            scratch.ClearHistograms(OhemCudaEmitter.Level1Bins);
            runner.Run(this, chunks);
            scratch.MergeHistograms(OhemCudaEmitter.Level1Bins);
            uint bin = FindBin(hist, OhemCudaEmitter.Level1Bins, k, out long remaining);

            phase = Phase.Level2;
            prefix = bin;
            scratch.ClearHistograms(OhemCudaEmitter.Level2Bins);
            runner.Run(this, chunks);
            scratch.MergeHistograms(OhemCudaEmitter.Level2Bins);
            double sum2 = SelectedSum(chunks);
            bin = FindBin(hist, OhemCudaEmitter.Level2Bins, remaining, out remaining);

            phase = Phase.Level3;
            prefix = (prefix << 11) | bin;
            scratch.ClearHistograms(OhemCudaEmitter.Level3Bins);
            runner.Run(this, chunks);
            scratch.MergeHistograms(OhemCudaEmitter.Level3Bins);
            double sum3 = SelectedSum(chunks);
            bin = FindBin(hist, OhemCudaEmitter.Level3Bins, remaining, out r);

            double higher = 0.0;
            for (int b = (int)bin + 1; b < OhemCudaEmitter.Level3Bins; ++b)
            {
                if (hist[b] != 0)
                {
                    higher += hist[b] * (double)BitConverter.UInt32BitsToSingle((prefix << 9) | (uint)b);
                }
            }

            uint key = (prefix << 9) | bin;
            v = BitConverter.UInt32BitsToSingle(key);
            state.CutKey = key;
            state.TiesKeep = r;
            state.TiesTotal = hist[bin];
            return (sum2 + sum3) + higher;
        }

        /// <summary>
        /// The bin holding the r-th largest key (1-based), reading the histogram from its top bin down, and r minus the
        /// count of all higher bins.
        /// </summary>
        private static uint FindBin(long* hist, int bins, long r, out long rest)
        {
            long acc = 0;
            for (int b = bins - 1; b >= 0; --b)
            {
                long c = hist[b];
                if (r <= acc + c)
                {
                    rest = r - acc;
                    return (uint)b;
                }

                acc += c;
            }

            throw new InvalidOperationException($"Radix selection lost count: rank {r} exceeds the {acc} keys in the histogram.");
        }

        private double SelectedSum(int chunks)
        {
            double sum = 0.0;
            ChunkPartial* parts = scratch.Partials;
            for (int i = 0; i < chunks; ++i)
            {
                sum += parts[i].SumSelect;
            }

            return sum;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Histogram1Chunk(int worker, long begin, long end)
        {
            uint* keys = scratch.Keys;
            uint* h = scratch.Histograms + (worker * CpuScratch.HistogramStride);
            for (long p = begin; p < end; ++p)
            {
                ++h[keys[p] >> 20];
            }
        }

        /// <summary>
        /// Level 2: counts key[19:9] (the digit is key &gt;&gt; 9, not key &amp; 2047) of keys whose key[30:20] is the chosen level-1 bin, sums keys in higher level-1
        /// bins. Level 3: counts key[8:0] of keys whose key[30:9] is the chosen prefix, sums keys in higher level-2 bins
        /// of the same level-1 bin.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void RefineChunk(int chunk, int worker, long begin, long end)
        {
            uint* keys = scratch.Keys;
            uint* h = scratch.Histograms + (worker * CpuScratch.HistogramStride);
            bool level2 = phase == Phase.Level2;
            int shift = level2 ? 20 : 9;
            int digitShift = level2 ? 9 : 0;
            uint digitMask = level2 ? OhemCudaEmitter.Level2Bins - 1u : OhemCudaEmitter.Level3Bins - 1u;
            uint pre = prefix;
            uint top = level2 ? uint.MaxValue : pre >> 11;
            Vector256<uint> preV = Vector256.Create(pre);
            Vector256<uint> topV = Vector256.Create(top);
            Vector256<double> sumLo = Vector256<double>.Zero, sumHi = Vector256<double>.Zero;
            double sumTail = 0.0;
            long p = begin;
            if (vectorized)
            {
                for (; p + 8 <= end; p += 8)
                {
                    Vector256<uint> key = Vector256.Load(keys + p);
                    Vector256<uint> high = Vector256.ShiftRightLogical(key, shift);
                    Vector256<uint> higherBin = Vector256.GreaterThan(high, preV);
                    if (!level2)
                    {
                        higherBin &= Vector256.Equals(Vector256.ShiftRightLogical(key, 20), topV);
                    }

                    Vector256<float> selected = key.AsSingle() & higherBin.AsSingle();
                    sumLo += Vector256.WidenLower(selected);
                    sumHi += Vector256.WidenUpper(selected);
                    uint inBin = Vector256.Equals(high, preV).ExtractMostSignificantBits();
                    while (inBin != 0)
                    {
                        int lane = BitOperations.TrailingZeroCount(inBin);
                        inBin &= inBin - 1;
                        ++h[(key.GetElement(lane) >> digitShift) & digitMask];
                    }
                }
            }

            for (; p < end; ++p)
            {
                uint key = keys[p];
                uint high = key >> shift;
                if (high == pre)
                {
                    ++h[(key >> digitShift) & digitMask];
                }
                else if (high > pre && (level2 || key >> 20 == top))
                {
                    sumTail += BitConverter.UInt32BitsToSingle(key);
                }
            }

            scratch.Partials[chunk].SumSelect = Total(sumLo, sumHi) + sumTail;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void TieCountChunk(int chunk, long begin, long end)
        {
            uint* keys = scratch.Keys;
            uint cut = state.CutKey;
            long count = 0;
            long p = begin;
            if (vectorized)
            {
                Vector256<uint> cutV = Vector256.Create(cut);
                for (; p + 8 <= end; p += 8)
                {
                    count += Count(Vector256.Equals(Vector256.Load(keys + p), cutV));
                }
            }

            for (; p < end; ++p)
            {
                count += keys[p] == cut ? 1 : 0;
            }

            scratch.Partials[chunk].Ties = count;
        }
    }
}
