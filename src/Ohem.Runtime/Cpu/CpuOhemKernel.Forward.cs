using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ohem.Cpu
{
    internal sealed unsafe partial class CpuOhemKernel<TLogit, TLabel>
    {
        /// <summary>
        /// Per-pixel losses of one chunk into the key buffer, with the chunk's count and fp64 sum of losses above the
        /// threshold, its valid and NaN counts, and the first bad label (the chunk stops there: the call throws).
        /// </summary>
        private void ForwardChunk(int chunk, long begin, long end)
        {
            int c = classes;
            long hw = plane;
            float thresh = threshLoss;
            uint* keys = scratch.Keys;
            Vector256<float> threshV = Vector256.Create(thresh);
            Vector256<int> ignoreV = Vector256.Create(ignore);
            Vector256<double> sumLo = Vector256<double>.Zero, sumHi = Vector256<double>.Zero;
            double sumTail = 0.0;
            long above = 0, valid = 0, nans = 0, firstBad = -1;

            long p = begin;
            while (p < end && firstBad < 0)
            {
                long n = p / hw;
                long segmentEnd = Math.Min(end, (n + 1) * hw);
                TLogit* x = logits + (n * c * hw) + (p - (n * hw));
                if (vectorized)
                {
                    for (; p + 8 <= segmentEnd; p += 8, x += 8)
                    {
                        if (!LabelReader.TryLoad8(ref Unsafe.AsRef<TLabel>(labels + p), c, ignore, out Vector256<int> y))
                        {
                            firstBad = FirstBadLabel(p, 8);
                            break;
                        }

                        Vector256<int> validMask = ~Vector256.Equals(y, ignoreV);
                        if (validMask == Vector256<int>.Zero)
                        {
                            Vector256<uint>.Zero.Store(keys + p);
                            continue;
                        }

                        Vector256<float> loss = VectorLoss(x, hw, c, y) & validMask.AsSingle();
                        Vector256<uint> key = OhemVectorMath.Key(loss);
                        key.Store(keys + p);
                        Vector256<float> hot = Vector256.GreaterThan(loss, threshV);
                        above += Count(hot.AsUInt32());
                        valid += Count(validMask.AsUInt32());
                        nans += Count(Vector256.Equals(key, Vector256.Create(OhemMathConstants.NaNKey)));
                        Vector256<float> kept = loss & hot;
                        sumLo += Vector256.WidenLower(kept);
                        sumHi += Vector256.WidenUpper(kept);
                    }
                }

                for (; p < segmentEnd && firstBad < 0; ++p, ++x)
                {
                    long label = LabelReader.ToInt64(labels[p]);
                    float loss = 0.0f;
                    if (label != ignore)
                    {
                        if ((ulong)label >= (ulong)c)
                        {
                            firstBad = p;
                            break;
                        }

                        loss = OhemScalarMath.PixelLoss(ref Unsafe.AsRef<TLogit>(x), (nint)hw, c, (int)label);
                        ++valid;
                    }

                    uint key = OhemScalarMath.Key(loss);
                    keys[p] = key;
                    if (loss > thresh)
                    {
                        ++above;
                        sumTail += loss;
                    }

                    nans += key == OhemMathConstants.NaNKey ? 1 : 0;
                }
            }

            ChunkPartial* part = scratch.Partials + chunk;
            part->Above = above;
            part->Valid = valid;
            part->Nans = nans;
            part->FirstBad = firstBad;
            part->SumAbove = Total(sumLo, sumHi) + sumTail;
        }

        /// <summary>
        /// Eight valid-or-ignored pixels' losses (ignored lanes are garbage; the caller masks them): ohem_row_stats
        /// lane for lane, then (max − x_y) + ln(denominator).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static Vector256<float> VectorLoss(TLogit* x, long hw, int c, Vector256<int> y)
        {
            RowStats8(x, hw, c, y, out Vector256<float> m, out Vector256<float> xy, out Vector256<float> d);
            return (m - xy) + OhemVectorMath.Log(d);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void RowStats8(TLogit* x, long hw, int c, Vector256<int> y, out Vector256<float> max, out Vector256<float> labelLogit, out Vector256<float> denom)
        {
            Vector256<float> m = Load8(x);
            Vector256<float> xy = m;
            TLogit* row = x;
            for (int k = 1; k < c; ++k)
            {
                row += hw;
                Vector256<float> t = Load8(row);
                Vector256<float> take = Vector256.GreaterThan(t, m) | ~Vector256.Equals(t, t);
                m = Vector256.ConditionalSelect(take, t, m);
                xy = Vector256.ConditionalSelect(Vector256.Equals(y, Vector256.Create(k)).AsSingle(), t, xy);
            }

            Vector256<float> d = Vector256<float>.Zero;
            row = x;
            for (int k = 0; k < c; ++k, row += hw)
            {
                d += OhemVectorMath.Exp(Load8(row) - m);
            }

            max = m;
            labelLogit = xy;
            denom = d;
        }

        /// <summary>The flat index of the first bad label among <paramref name="count"/> from <paramref name="p"/>, or -1.</summary>
        private long FirstBadLabel(long p, int count)
        {
            for (int i = 0; i < count; ++i)
            {
                long label = LabelReader.ToInt64(labels[p + i]);
                if (label != ignore && (ulong)label >= (ulong)classes)
                {
                    return p + i;
                }
            }

            return -1;
        }
    }
}
