using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ohem.Cpu
{
    internal sealed unsafe partial class CpuOhemKernel<TLogit, TLabel>
    {
        private const int TilePixels = CpuScratch.TilePixels;
        private const int TileVectors = TilePixels / 8;

        /// <summary>
        /// Per-pixel losses of one chunk into the key buffer, with the chunk's count and fp64 sum of losses above the
        /// threshold, its valid and NaN counts, and the first bad label (the chunk stops there: the call throws).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ForwardChunk(int chunk, int worker, long begin, long end)
        {
            int c = classes;
            long hw = plane;
            long cs = ClassStride, ps = PixelStride;
            bool rows = channelsLast;
            float thresh = threshLoss;
            uint* keys = scratch.Keys;
            float* weighted = scratch.Weighted;
            bool weighting = weights is not null;
            float* table = weighting ? WeightTable : null;
            float* tile = scratch.Tile(worker);
            Vector256<int>* y = stackalloc Vector256<int>[TileVectors];
            Vector256<float>* loss = stackalloc Vector256<float>[TileVectors];
            Vector256<float>* xy = stackalloc Vector256<float>[TileVectors];
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
                TLogit* x = logits + RowOffset(p, n, c, hw);
                while (vectorized && segmentEnd - p >= 8)
                {
                    int vectors = (int)Math.Min(TileVectors, (segmentEnd - p) / 8);
                    bool anyValid = false;
                    for (int v = 0; v < vectors; ++v)
                    {
                        if (!LabelReader.TryLoad8(ref Unsafe.AsRef<TLabel>(labels + p + (v * 8)), c, ignore, out y[v]))
                        {
                            firstBad = FirstBadLabel(p + (v * 8), 8);
                            break;
                        }

                        anyValid |= y[v] != ignoreV;
                    }

                    if (firstBad >= 0)
                    {
                        break;
                    }

                    if (anyValid)
                    {
                        TileLosses(rows, x, hw, c, vectors, y, tile, loss, xy);
                    }

                    for (int v = 0; v < vectors; ++v)
                    {
                        Vector256<int> validMask = ~Vector256.Equals(y[v], ignoreV);
                        Vector256<float> l = anyValid ? loss[v] & validMask.AsSingle() : Vector256<float>.Zero;
                        Vector256<float> lw = l;
                        if (weighting)
                        {
                            // loss * w[y] in float32, as the CUDA text; ignored lanes stay 0.
                            Vector256<float> w = Weights8(y[v], validMask);
                            lw = l * w;
                            if (weightLoss)
                            {
                                l = lw;
                            }
                            else
                            {
                                (weightSum ? w : lw).Store(weighted + p + (v * 8));
                            }
                        }

                        Vector256<uint> key = OhemVectorMath.Key(l);
                        key.Store(keys + p + (v * 8));
                        // Inclusive: l >= thresh, ignored lanes excluded (they are 0, which thresh = 0 would take).
                        Vector256<float> hot = inclusive
                            ? Vector256.GreaterThanOrEqual(l, threshV) & validMask.AsSingle()
                            : Vector256.GreaterThan(l, threshV);
                        above += Count(hot.AsUInt32());
                        valid += Count(validMask.AsUInt32());
                        nans += Count(Vector256.Equals(key, Vector256.Create(OhemMathConstants.NaNKey)));
                        Vector256<float> kept = (weightedLosses ? lw : l) & hot;
                        sumLo += Vector256.WidenLower(kept);
                        sumHi += Vector256.WidenUpper(kept);
                    }

                    p += vectors * 8;
                    x += vectors * 8 * ps;
                }

                for (; p < segmentEnd && firstBad < 0; ++p, x += ps)
                {
                    long label = LabelReader.ToInt64(labels[p]);
                    float l = 0.0f;
                    float lw = 0.0f;
                    float w = 0.0f;
                    if (label != ignore)
                    {
                        if ((ulong)label >= (ulong)c)
                        {
                            firstBad = p;
                            break;
                        }

                        l = OhemScalarMath.PixelLoss(ref Unsafe.AsRef<TLogit>(x), (nint)cs, c, (int)label);
                        if (weighting)
                        {
                            w = table[label];
                            lw = l * w;
                            l = weightLoss ? lw : l;
                        }

                        ++valid;
                    }

                    uint key = OhemScalarMath.Key(l);
                    keys[p] = key;
                    if (weightedLosses)
                    {
                        weighted[p] = weightSum ? w : lw;
                    }

                    if (inclusive ? l >= thresh && label != ignore : l > thresh)
                    {
                        ++above;
                        sumTail += weightedLosses ? lw : l;
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
        /// Losses of <paramref name="vectors"/> groups of eight pixels (ignored lanes are garbage; the caller masks them):
        /// ohem_row_stats lane for lane, then (max − x_y) + ln(denominator).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void TileLosses(bool rows, TLogit* x, long hw, int c, int vectors, Vector256<int>* y, float* tile, Vector256<float>* loss, Vector256<float>* xy)
        {
            TileStatsAny(rows, x, hw, c, vectors, y, tile, loss, xy);
            for (int v = 0; v < vectors; ++v)
            {
                Vector256<float> m = loss[v];
                Vector256<float> d = TileDenominator(tile, c, v, m);
                loss[v] = (m - xy[v]) + OhemVectorMath.Log(d);
            }
        }

        /// <summary>
        /// Pass 1 of ohem_row_stats for a tile: reads each class plane once, in order (NCHW planes are H·W apart, often a
        /// large power of two, so reading the classes of a few pixels at a time would thrash one cache set), keeps the
        /// widened logits in <paramref name="tile"/> (class-major, <see cref="TilePixels"/> floats per class) for the later
        /// passes, and leaves the NaN-propagating max in <paramref name="max"/> and the label's logit in <paramref name="xy"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void TileStats(TLogit* x, long hw, int c, int vectors, Vector256<int>* y, float* tile, Vector256<float>* max, Vector256<float>* xy)
        {
            Prefetch(x);
            for (int v = 0; v < vectors; ++v)
            {
                Vector256<float> t = Load8(x + (v * 8));
                t.Store(tile + (v * 8));
                max[v] = t;
                xy[v] = t;
            }

            TLogit* row = x;
            float* buffered = tile;
            for (int k = 1; k < c; ++k)
            {
                row += hw;
                buffered += TilePixels;
                Prefetch(row);
                Vector256<int> kV = Vector256.Create(k);
                for (int v = 0; v < vectors; ++v)
                {
                    Vector256<float> t = Load8(row + (v * 8));
                    t.Store(buffered + (v * 8));
                    Vector256<float> m = max[v];
                    Vector256<float> take = Vector256.GreaterThan(t, m) | ~Vector256.Equals(t, t);
                    max[v] = Vector256.ConditionalSelect(take, t, m);
                    xy[v] = Vector256.ConditionalSelect(Vector256.Equals(y[v], kV).AsSingle(), t, xy[v]);
                }
            }
        }

        /// <summary>
        /// Asks for a class plane's logits one tile ahead: the hardware prefetchers lose track of the many plane streams
        /// (one per class, read a tile at a time), and on a 2-core machine memory, not arithmetic, otherwise sets the pace.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Prefetch(TLogit* row)
        {
            if (System.Runtime.Intrinsics.X86.Sse.IsSupported)
            {
                byte* ahead = (byte*)(row + TilePixels);
                for (int i = 0; i < TilePixels * sizeof(TLogit); i += 64)
                {
                    System.Runtime.Intrinsics.X86.Sse.Prefetch0(ahead + i);
                }
            }
        }

        /// <summary>Pass 2: Σ_c ohem_exp(x_c − max) in class order for vector <paramref name="v"/> of a tile.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> TileDenominator(float* tile, int c, int v, Vector256<float> m)
        {
            Vector256<float> d = Vector256<float>.Zero;
            float* buffered = tile + (v * 8);
            for (int k = 0; k < c; ++k, buffered += TilePixels)
            {
                d += OhemVectorMath.Exp(Vector256.Load(buffered) - m);
            }

            return d;
        }

        /// <summary>Eight pixels' losses through the tile code (tests compare it with the scalar code).</summary>
        internal static Vector256<float> VectorLoss(TLogit* x, long hw, int c, Vector256<int> y)
        {
            float* tile = stackalloc float[c * TilePixels];
            Vector256<float> loss, xy;
            TileLosses(false, x, hw, c, 1, &y, tile, &loss, &xy);
            return loss;
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
