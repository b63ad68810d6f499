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
        /// key &gt; v plus the first r pixels with key = v in flat index order (top-NMin rule). Tiles with no kept pixel
        /// write zeros without reading logits.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void BackwardChunk(int chunk, int worker, long begin, long end)
        {
            int c = classes;
            long hw = plane;
            long cs = ClassStride, ps = PixelStride;
            bool rows = channelsLast;
            uint* keys = scratch.Keys;
            float* tile = scratch.Tile(worker);
            Vector256<int>* y = stackalloc Vector256<int>[TileVectors];
            Vector256<float>* keep = stackalloc Vector256<float>[TileVectors];
            Vector256<float>* max = stackalloc Vector256<float>[TileVectors];
            Vector256<float>* denom = stackalloc Vector256<float>[TileVectors];
            Vector256<float>* scales = stackalloc Vector256<float>[TileVectors];
            bool weighting = weights is not null;
            bool above = state.Rule == OhemRule.AboveThreshold;
            bool none = state.Kept == 0;
            bool ranks = NeedsTieRanks;
            bool ties = state.Ties != TieRule.None;
            uint cut = state.CutKey;
            long tiesKeep = state.TiesKeep;
            long running = ranks ? scratch.Partials[chunk].Ties : 0;
            float thresh = threshLoss;
            float s = scale;
            Vector256<float> threshV = Vector256.Create(thresh);
            Vector256<uint> cutV = Vector256.Create(cut);
            Vector256<int> ignoreV = Vector256.Create(ignore);
            Vector256<uint> classesV = Vector256.Create((uint)c);
            Vector256<float> scaleV = Vector256.Create(s);

            long p = begin;
            while (p < end)
            {
                long n = p / hw;
                long segmentEnd = Math.Min(end, (n + 1) * hw);
                long offset = RowOffset(p, n, c, hw);
                TLogit* x = logits + offset;
                float* g = gradient + offset;
                while (vectorized && segmentEnd - p >= 8)
                {
                    int vectors = (int)Math.Min(TileVectors, (segmentEnd - p) / 8);
                    bool anyKept = false;
                    for (int v = 0; v < vectors; ++v)
                    {
                        Vector256<uint> key = Vector256.Load(keys + p + (v * 8));
                        uint bits;
                        if (none)
                        {
                            bits = 0;
                        }
                        else if (above)
                        {
                            bits = (inclusive
                                ? Vector256.GreaterThanOrEqual(key.AsSingle(), threshV)
                                : Vector256.GreaterThan(key.AsSingle(), threshV)).ExtractMostSignificantBits();
                        }
                        else
                        {
                            bits = Vector256.GreaterThan(key, cutV).ExtractMostSignificantBits();
                            uint tie = Vector256.Equals(key, cutV).ExtractMostSignificantBits();
                            if (ranks)
                            {
                                while (tie != 0)
                                {
                                    int lane = BitOperations.TrailingZeroCount(tie);
                                    tie &= tie - 1;
                                    bits |= running < tiesKeep ? 1u << lane : 0u;
                                    ++running;
                                }
                            }
                            else if (ties)
                            {
                                bits |= tie;
                            }
                        }

                        y[v] = Vector256<int>.Zero;
                        if (bits != 0)
                        {
                            LabelReader.TryLoad8(ref Unsafe.AsRef<TLabel>(labels + p + (v * 8)), c, ignore, out y[v]);
                            // Ignored pixels (and labels that changed into bad ones since the forward) get no gradient.
                            Vector256<int> labelled = ~Vector256.Equals(y[v], ignoreV) & Vector256.LessThan(y[v].AsUInt32(), classesV).AsInt32();
                            bits &= labelled.ExtractMostSignificantBits();
                        }

                        // scale * w[y] in float32, as the CUDA text's wscale; lanes not kept are masked out later.
                        scales[v] = weighting && bits != 0 ? scaleV * Weights8(y[v], MaskOf(bits).AsInt32()) : scaleV;

                        keep[v] = MaskOf(bits).AsSingle();
                        anyKept |= bits != 0;
                    }

                    if (anyKept)
                    {
                        TileGradient(rows, x, g, hw, c, vectors, y, keep, tile, max, denom, scales);
                    }
                    else if (rows)
                    {
                        new System.Span<float>(g, vectors * 8 * c).Clear();
                    }
                    else
                    {
                        for (int k = 0; k < c; ++k)
                        {
                            float* row = g + (k * hw);
                            for (int v = 0; v < vectors; ++v)
                            {
                                Vector256<float>.Zero.Store(row + (v * 8));
                            }
                        }
                    }

                    p += vectors * 8;
                    x += vectors * 8 * ps;
                    g += vectors * 8 * ps;
                }

                for (; p < segmentEnd; ++p, x += ps, g += ps)
                {
                    uint key = keys[p];
                    bool kept;
                    if (none)
                    {
                        kept = false;
                    }
                    else if (above)
                    {
                        float l = BitConverter.UInt32BitsToSingle(key);
                        kept = inclusive ? l >= thresh : l > thresh;
                    }
                    else
                    {
                        kept = key > cut;
                        if (key == cut)
                        {
                            kept = ties && (!ranks || running < tiesKeep);
                            running += ranks ? 1 : 0;
                        }
                    }

                    long label = kept ? LabelReader.ToInt64(labels[p]) : ignore;
                    if (label == ignore || (ulong)label >= (ulong)c)
                    {
                        for (int k = 0; k < c; ++k)
                        {
                            g[k * cs] = 0.0f;
                        }

                        continue;
                    }

                    ScalarGradient(x, g, cs, c, (int)label, weighting ? s * WeightTable[label] : s);
                }
            }
        }

        /// <summary>A tile's gradients; lanes outside <paramref name="keep"/> get +0.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void TileGradient(bool rows, TLogit* x, float* g, long hw, int c, int vectors, Vector256<int>* y, Vector256<float>* keep,
            float* tile, Vector256<float>* max, Vector256<float>* denom, Vector256<float>* scale)
        {
            // The label logit is not needed here; pass 1 writes it into denom, which pass 2 then overwrites.
            TileStatsAny(rows, x, hw, c, vectors, y, tile, max, denom);
            for (int v = 0; v < vectors; ++v)
            {
                denom[v] = TileDenominator(tile, c, v, max[v]);
            }

            float* buffered = tile;
            for (int k = 0; k < c; ++k, buffered += TilePixels)
            {
                // NHWC: the values go back into the tile buffer (each read once just before) and are transposed out below.
                float* row = rows ? buffered : g + (k * hw);
                Vector256<int> kV = Vector256.Create(k);
                for (int v = 0; v < vectors; ++v)
                {
                    Vector256<float> prob = OhemVectorMath.Exp(Vector256.Load(buffered + (v * 8)) - max[v]) / denom[v];
                    Vector256<float> hot = Vector256.Equals(y[v], kV).AsSingle() & Vector256<float>.One;
                    Vector256<float> value = ((prob - hot) * scale[v]) & keep[v];
                    value = Vector256.ConditionalSelect(Vector256.Equals(value, value), value, Vector256.Create(CanonicalNaN.Gradient));
                    value.Store(row + (v * 8));
                }
            }

            if (rows)
            {
                StoreRows(tile, g, c, vectors);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void ScalarGradient(TLogit* x, float* g, long stride, int c, int y, float scale)
        {
            OhemScalarMath.RowStats(ref Unsafe.AsRef<TLogit>(x), (nint)stride, c, y, out float m, out _, out float d);
            for (int k = 0; k < c; ++k)
            {
                float prob = OhemScalarMath.Exp(LogitConvert.ToSingle(x[k * stride]) - m) / d;
                float value = (prob - (k == y ? 1.0f : 0.0f)) * scale;
                g[k * stride] = float.IsNaN(value) ? CanonicalNaN.Gradient : value;
            }
        }
    }
}
