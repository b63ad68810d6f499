using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ohem.Cpu
{
    internal sealed unsafe partial class CpuOhemKernel<TLogit, TLabel>
    {
        /// <summary>
        /// grad = scale·(softmax − onehot(y)) for kept pixels, 0 elsewhere. Kept: loss &gt; ThreshLoss (above rule), or
        /// key &gt; v plus the first r pixels with key = v in flat index order (top-NMin rule). Unkept pixels write zeros
        /// without reading logits.
        /// </summary>
        private void BackwardChunk(int chunk, long begin, long end)
        {
            int c = classes;
            long hw = plane;
            uint* keys = scratch.Keys;
            bool above = state.Rule == OhemRule.AboveThreshold;
            bool none = state.Kept == 0;
            bool ranks = NeedsTieRanks;
            uint cut = state.CutKey;
            long tiesKeep = state.TiesKeep;
            long running = ranks ? scratch.Partials[chunk].Ties : 0;
            float thresh = threshLoss;
            float s = scale;
            Vector256<float> threshV = Vector256.Create(thresh);
            Vector256<uint> cutV = Vector256.Create(cut);
            Vector256<int> ignoreV = Vector256.Create(ignore);
            Vector256<uint> classesV = Vector256.Create((uint)c);

            long p = begin;
            while (p < end)
            {
                long n = p / hw;
                long segmentEnd = Math.Min(end, (n + 1) * hw);
                long offset = (n * c * hw) + (p - (n * hw));
                TLogit* x = logits + offset;
                float* g = gradient + offset;
                if (vectorized)
                {
                    for (; p + 8 <= segmentEnd; p += 8, x += 8, g += 8)
                    {
                        Vector256<uint> key = Vector256.Load(keys + p);
                        uint keep;
                        if (none)
                        {
                            keep = 0;
                        }
                        else if (above)
                        {
                            keep = Vector256.GreaterThan(key.AsSingle(), threshV).ExtractMostSignificantBits();
                        }
                        else
                        {
                            keep = Vector256.GreaterThan(key, cutV).ExtractMostSignificantBits();
                            if (ranks)
                            {
                                uint tie = Vector256.Equals(key, cutV).ExtractMostSignificantBits();
                                while (tie != 0)
                                {
                                    int lane = BitOperations.TrailingZeroCount(tie);
                                    tie &= tie - 1;
                                    keep |= running < tiesKeep ? 1u << lane : 0u;
                                    ++running;
                                }
                            }
                            else
                            {
                                keep |= Vector256.Equals(key, cutV).ExtractMostSignificantBits();
                            }
                        }

                        Vector256<int> y = Vector256<int>.Zero;
                        if (keep != 0)
                        {
                            LabelReader.TryLoad8(ref Unsafe.AsRef<TLabel>(labels + p), c, ignore, out y);
                            // Ignored pixels (and labels that changed into bad ones since the forward) get no gradient.
                            Vector256<int> labelled = ~Vector256.Equals(y, ignoreV) & Vector256.LessThan(y.AsUInt32(), classesV).AsInt32();
                            keep &= labelled.ExtractMostSignificantBits();
                        }

                        if (keep == 0)
                        {
                            for (int k = 0; k < c; ++k)
                            {
                                Vector256<float>.Zero.Store(g + (k * hw));
                            }

                            continue;
                        }

                        VectorGradient(x, g, hw, c, y, MaskOf(keep).AsSingle(), Vector256.Create(s));
                    }
                }

                for (; p < segmentEnd; ++p, ++x, ++g)
                {
                    uint key = keys[p];
                    bool keep;
                    if (none)
                    {
                        keep = false;
                    }
                    else if (above)
                    {
                        keep = BitConverter.UInt32BitsToSingle(key) > thresh;
                    }
                    else
                    {
                        keep = key > cut;
                        if (key == cut)
                        {
                            keep = !ranks || running < tiesKeep;
                            running += ranks ? 1 : 0;
                        }
                    }

                    long label = keep ? LabelReader.ToInt64(labels[p]) : ignore;
                    if (label == ignore || (ulong)label >= (ulong)c)
                    {
                        for (int k = 0; k < c; ++k)
                        {
                            g[k * hw] = 0.0f;
                        }

                        continue;
                    }

                    ScalarGradient(x, g, hw, c, (int)label, s);
                }
            }
        }

        /// <summary>Eight pixels' gradients; lanes outside <paramref name="keep"/> get +0.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void VectorGradient(TLogit* x, float* g, long hw, int c, Vector256<int> y, Vector256<float> keep, Vector256<float> scale)
        {
            RowStats8(x, hw, c, y, out Vector256<float> m, out _, out Vector256<float> d);
            TLogit* row = x;
            for (int k = 0; k < c; ++k, row += hw)
            {
                Vector256<float> prob = OhemVectorMath.Exp(Load8(row) - m) / d;
                Vector256<float> hot = Vector256.Equals(y, Vector256.Create(k)).AsSingle() & Vector256<float>.One;
                Vector256<float> value = ((prob - hot) * scale) & keep;
                value.Store(g + (k * hw));
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void ScalarGradient(TLogit* x, float* g, long hw, int c, int y, float scale)
        {
            OhemScalarMath.RowStats(ref Unsafe.AsRef<TLogit>(x), (nint)hw, c, y, out float m, out _, out float d);
            for (int k = 0; k < c; ++k)
            {
                float prob = OhemScalarMath.Exp(LogitConvert.ToSingle(x[k * hw]) - m) / d;
                float value = (prob - (k == y ? 1.0f : 0.0f)) * scale;
                g[k * hw] = value;
            }
        }
    }
}
