using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ohem.Cpu
{
    /// <summary>
    /// Addressing of the two logits layouts. The logical shape is (N, C, H, W) in both; only where a pixel's row lives
    /// changes. NCHW: pixel p of image n starts at n·C·H·W + (p − n·H·W) and its classes are H·W apart. NHWC: it starts at
    /// p·C and its classes are adjacent. The tile code sees both through the same class-major tile buffer (NHWC rows are
    /// transposed into it and the gradient transposed out of it), so every float operation, and so every bit of the
    /// result, is the same for either layout of one tensor; the chunk and image segmentation is shared too, which keeps
    /// the fp64 summation order the same.
    /// </summary>
    internal sealed unsafe partial class CpuOhemKernel<TLogit, TLabel>
    {
        /// <summary>Element offset of pixel <paramref name="p"/> (of image <paramref name="n"/>)'s class 0 in the logits and the gradient.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private long RowOffset(long p, long n, int c, long hw) => channelsLast ? p * c : (n * c * hw) + (p - (n * hw));

        /// <summary>Elements between one pixel's class k and class k + 1.</summary>
        private long ClassStride => channelsLast ? 1 : plane;

        /// <summary>Elements between one pixel's row and the next pixel's in the same image.</summary>
        private long PixelStride => channelsLast ? classes : 1;

        /// <summary>
        /// Copies the rows of <paramref name="vectors"/>·8 NHWC pixels into the class-major tile buffer (class k of pixel i at
        /// k·<see cref="TilePixels"/> + i), widened exactly as <see cref="Load8"/> would (an AVX 8×8 transpose: <see cref="RowTranspose"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void LoadRows(TLogit* x, int c, int vectors, float* tile) => RowTranspose.Load(x, c, vectors * 8, tile, TilePixels);

        /// <summary>The inverse of <see cref="LoadRows"/> for the gradient: class-major tile buffer to NHWC rows.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreRows(float* tile, float* g, int c, int vectors) => RowTranspose.Store(tile, TilePixels, g, c, vectors * 8);

        /// <summary>
        /// Pass 1 of ohem_row_stats for an NHWC tile: the same operations, in the same order, as <see cref="TileStats"/>
        /// on NCHW planes, after the rows are transposed into the tile buffer.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void TileStatsRows(TLogit* x, int c, int vectors, Vector256<int>* y, float* tile, Vector256<float>* max, Vector256<float>* xy)
        {
            LoadRows(x, c, vectors, tile);
            for (int v = 0; v < vectors; ++v)
            {
                Vector256<float> t = Vector256.Load(tile + (v * 8));
                max[v] = t;
                xy[v] = t;
            }

            float* buffered = tile;
            for (int k = 1; k < c; ++k)
            {
                buffered += TilePixels;
                Vector256<int> kV = Vector256.Create(k);
                for (int v = 0; v < vectors; ++v)
                {
                    Vector256<float> t = Vector256.Load(buffered + (v * 8));
                    Vector256<float> m = max[v];
                    Vector256<float> take = Vector256.GreaterThan(t, m) | ~Vector256.Equals(t, t);
                    max[v] = Vector256.ConditionalSelect(take, t, m);
                    xy[v] = Vector256.ConditionalSelect(Vector256.Equals(y[v], kV).AsSingle(), t, xy[v]);
                }
            }
        }

        /// <summary>Pass 1 in either layout: <paramref name="stride"/> is the NCHW class stride (H·W), unused for NHWC.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void TileStatsAny(bool rows, TLogit* x, long stride, int c, int vectors, Vector256<int>* y, float* tile, Vector256<float>* max, Vector256<float>* xy)
        {
            if (rows)
            {
                TileStatsRows(x, c, vectors, y, tile, max, xy);
            }
            else
            {
                TileStats(x, stride, c, vectors, y, tile, max, xy);
            }
        }
    }
}
