using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ohem.Cpu
{
    /// <summary>
    /// NHWC rows (C contiguous values per pixel) to and from the class-major tile buffer (class k of pixel i at
    /// k·stride + i), eight pixels by eight classes at a time with an AVX 8×8 transpose. Only values move (widened exactly
    /// as <see cref="LogitConvert.Load8{TLogit}"/>, which commutes with the transpose), so the tile holds the same bits as
    /// the scalar loops and as the NCHW path's tile.
    /// <para>
    /// Classes go in blocks of eight; when C is not a multiple of 8 and C ≥ 8 the last block is C − 8 … C − 1, overlapping
    /// the one before (the overlapped values are moved twice, identically), so no access leaves a pixel's row. When C &lt; 8
    /// a block's eight loads (or stores) start C apart and run into the next pixels' rows: the loads only keep lanes below
    /// C, the stores go in pixel order so each pixel's own store comes after the zeros its predecessors spilled onto it,
    /// and the last rows of the block, where eight would pass its end, go through a small buffer. Nothing outside the
    /// <c>count</c>·C elements of the block is read or written (other threads own the elements after it).
    /// </para>
    /// </summary>
    internal static unsafe class RowTranspose
    {
        /// <summary>Rows of <paramref name="count"/> (a multiple of 8) pixels from <paramref name="x"/> into the tile.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Load<TLogit>(TLogit* x, int c, int count, float* tile, int stride)
            where TLogit : unmanaged
        {
            if (!Avx.IsSupported)
            {
                LoadScalar(x, c, count, tile, stride);
                return;
            }

            if (c == 1)
            {
                for (int i = 0; i < count; i += 8)
                {
                    LogitConvert.Load8(ref x[i]).Store(tile + i);
                }

                return;
            }

            long limit = (long)count * c;
            int width = Math.Min(c, 8);
            for (int p0 = 0; p0 < count; p0 += 8)
            {
                int kb = 0;
                while (true)
                {
                    long o = ((long)p0 * c) + kb;
                    Vector256<float> r0 = Row(x, o, limit);
                    Vector256<float> r1 = Row(x, o + c, limit);
                    Vector256<float> r2 = Row(x, o + (2 * c), limit);
                    Vector256<float> r3 = Row(x, o + (3 * c), limit);
                    Vector256<float> r4 = Row(x, o + (4 * c), limit);
                    Vector256<float> r5 = Row(x, o + (5 * c), limit);
                    Vector256<float> r6 = Row(x, o + (6 * c), limit);
                    Vector256<float> r7 = Row(x, o + (7 * c), limit);
                    Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
                    float* t = tile + ((long)kb * stride) + p0;
                    r0.Store(t);
                    r1.Store(t + stride);
                    if (width > 2)
                    {
                        r2.Store(t + (2 * stride));
                    }

                    if (width > 3)
                    {
                        r3.Store(t + (3 * stride));
                    }

                    if (width > 4)
                    {
                        r4.Store(t + (4 * stride));
                    }

                    if (width > 5)
                    {
                        r5.Store(t + (5 * stride));
                    }

                    if (width > 6)
                    {
                        r6.Store(t + (6 * stride));
                    }

                    if (width > 7)
                    {
                        r7.Store(t + (7 * stride));
                    }

                    if (kb + 8 >= c)
                    {
                        break;
                    }

                    kb = Math.Min(kb + 8, c - 8);
                }
            }
        }

        /// <summary>The inverse of <see cref="Load{TLogit}"/> for float32 values: the tile into rows at <paramref name="g"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(float* tile, int stride, float* g, int c, int count)
        {
            if (!Avx.IsSupported)
            {
                StoreScalar(tile, stride, g, c, count);
                return;
            }

            if (c == 1)
            {
                for (int i = 0; i < count; i += 8)
                {
                    Vector256.Load(tile + i).Store(g + i);
                }

                return;
            }

            long limit = (long)count * c;
            int width = Math.Min(c, 8);
            for (int p0 = 0; p0 < count; p0 += 8)
            {
                int kb = 0;
                while (true)
                {
                    float* t = tile + ((long)kb * stride) + p0;
                    Vector256<float> r0 = Vector256.Load(t);
                    Vector256<float> r1 = Vector256.Load(t + stride);
                    Vector256<float> r2 = width > 2 ? Vector256.Load(t + (2 * stride)) : Vector256<float>.Zero;
                    Vector256<float> r3 = width > 3 ? Vector256.Load(t + (3 * stride)) : Vector256<float>.Zero;
                    Vector256<float> r4 = width > 4 ? Vector256.Load(t + (4 * stride)) : Vector256<float>.Zero;
                    Vector256<float> r5 = width > 5 ? Vector256.Load(t + (5 * stride)) : Vector256<float>.Zero;
                    Vector256<float> r6 = width > 6 ? Vector256.Load(t + (6 * stride)) : Vector256<float>.Zero;
                    Vector256<float> r7 = width > 7 ? Vector256.Load(t + (7 * stride)) : Vector256<float>.Zero;
                    Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
                    long o = ((long)p0 * c) + kb;
                    PutRow(r0, g, o, limit);
                    PutRow(r1, g, o + c, limit);
                    PutRow(r2, g, o + (2 * c), limit);
                    PutRow(r3, g, o + (3 * c), limit);
                    PutRow(r4, g, o + (4 * c), limit);
                    PutRow(r5, g, o + (5 * c), limit);
                    PutRow(r6, g, o + (6 * c), limit);
                    PutRow(r7, g, o + (7 * c), limit);
                    if (kb + 8 >= c)
                    {
                        break;
                    }

                    kb = Math.Min(kb + 8, c - 8);
                }
            }
        }

        /// <summary>The element-by-element loads: the reference, and the path without AVX.</summary>
        public static void LoadScalar<TLogit>(TLogit* x, int c, int count, float* tile, int stride)
            where TLogit : unmanaged
        {
            for (int i = 0; i < count; ++i)
            {
                TLogit* row = x + ((long)i * c);
                float* column = tile + i;
                for (int k = 0; k < c; ++k)
                {
                    column[(long)k * stride] = LogitConvert.ToSingle(row[k]);
                }
            }
        }

        /// <summary>The element-by-element stores: the reference, and the path without AVX.</summary>
        public static void StoreScalar(float* tile, int stride, float* g, int c, int count)
        {
            for (int i = 0; i < count; ++i)
            {
                float* row = g + ((long)i * c);
                float* column = tile + i;
                for (int k = 0; k < c; ++k)
                {
                    row[k] = column[(long)k * stride];
                }
            }
        }

        /// <summary>Eight widened values from <paramref name="o"/>; past <paramref name="limit"/> the lanes are 0 (C &lt; 8 only).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Row<TLogit>(TLogit* x, long o, long limit)
            where TLogit : unmanaged
            => o + 8 <= limit ? LogitConvert.Load8(ref x[o]) : RowTail(x, o, limit);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Vector256<float> RowTail<TLogit>(TLogit* x, long o, long limit)
            where TLogit : unmanaged
        {
            float* buffer = stackalloc float[8];
            Vector256<float>.Zero.Store(buffer);
            for (long e = o; e < limit; ++e)
            {
                buffer[e - o] = LogitConvert.ToSingle(x[e]);
            }

            return Vector256.Load(buffer);
        }

        /// <summary>Eight values to <paramref name="o"/>; only those before <paramref name="limit"/> (C &lt; 8 only).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void PutRow(Vector256<float> r, float* g, long o, long limit)
        {
            if (o + 8 <= limit)
            {
                r.Store(g + o);
            }
            else
            {
                PutRowTail(r, g, o, limit);
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void PutRowTail(Vector256<float> r, float* g, long o, long limit)
        {
            float* buffer = stackalloc float[8];
            r.Store(buffer);
            for (long e = o; e < limit; ++e)
            {
                g[e] = buffer[e - o];
            }
        }

        /// <summary>Rows r0…r7 become columns 0…7 (unpack pairs, shuffle quads, swap 128-bit halves).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Transpose(
            ref Vector256<float> r0, ref Vector256<float> r1, ref Vector256<float> r2, ref Vector256<float> r3,
            ref Vector256<float> r4, ref Vector256<float> r5, ref Vector256<float> r6, ref Vector256<float> r7)
        {
            Vector256<float> t0 = Avx.UnpackLow(r0, r1);
            Vector256<float> t1 = Avx.UnpackHigh(r0, r1);
            Vector256<float> t2 = Avx.UnpackLow(r2, r3);
            Vector256<float> t3 = Avx.UnpackHigh(r2, r3);
            Vector256<float> t4 = Avx.UnpackLow(r4, r5);
            Vector256<float> t5 = Avx.UnpackHigh(r4, r5);
            Vector256<float> t6 = Avx.UnpackLow(r6, r7);
            Vector256<float> t7 = Avx.UnpackHigh(r6, r7);
            Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44);
            Vector256<float> s1 = Avx.Shuffle(t0, t2, 0xEE);
            Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44);
            Vector256<float> s3 = Avx.Shuffle(t1, t3, 0xEE);
            Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44);
            Vector256<float> s5 = Avx.Shuffle(t4, t6, 0xEE);
            Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44);
            Vector256<float> s7 = Avx.Shuffle(t5, t7, 0xEE);
            r0 = Avx.Permute2x128(s0, s4, 0x20);
            r1 = Avx.Permute2x128(s1, s5, 0x20);
            r2 = Avx.Permute2x128(s2, s6, 0x20);
            r3 = Avx.Permute2x128(s3, s7, 0x20);
            r4 = Avx.Permute2x128(s0, s4, 0x31);
            r5 = Avx.Permute2x128(s1, s5, 0x31);
            r6 = Avx.Permute2x128(s2, s6, 0x31);
            r7 = Avx.Permute2x128(s3, s7, 0x31);
        }
    }
}
