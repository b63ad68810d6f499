using System;
using System.Runtime.CompilerServices;

namespace Ohem.Cpu
{
    /// <summary>
    /// The per-pixel arithmetic of the CUDA text (OhemCudaEmitter EmitMath and ohem_row_stats), one float at a time.
    /// The same operations in the same order with the same explicit fused multiply-adds, and nothing contracted, so a
    /// pixel's loss here has the same bits as on the GPU and as <see cref="OhemVectorMath"/>.
    /// </summary>
    internal static class OhemScalarMath
    {
        /// <summary>ohem_exp: e^x for x ≤ 0 (and NaN); 0 below <see cref="OhemMathConstants.ExpCutoff"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Exp(float x)
        {
            float t = MathF.FusedMultiplyAdd(x, OhemMathConstants.Log2E, OhemMathConstants.RoundMagic);
            float n = t - OhemMathConstants.RoundMagic;
            float r = MathF.FusedMultiplyAdd(n, -OhemMathConstants.Ln2Hi, x);
            r = MathF.FusedMultiplyAdd(n, OhemMathConstants.Ln2LoNeg, r);
            float p = OhemPolynomials.E0;
            p = MathF.FusedMultiplyAdd(p, r, OhemPolynomials.E1);
            p = MathF.FusedMultiplyAdd(p, r, OhemPolynomials.E2);
            p = MathF.FusedMultiplyAdd(p, r, OhemPolynomials.E3);
            p = MathF.FusedMultiplyAdd(p, r, OhemPolynomials.E4);
            p = MathF.FusedMultiplyAdd(p, r, OhemPolynomials.E5);
            float y = MathF.FusedMultiplyAdd(p, r * r, r) + 1.0f;
            // Only lanes with -87 <= x <= 0 use the scale, where n is an integer in [-126, 0]; .NET's saturating
            // conversion makes NaN and infinities harmless (they return NaN or 0 below).
            float scale = BitConverter.UInt32BitsToSingle(((uint)((int)n + 127)) << 23);
            return x < OhemMathConstants.ExpCutoff ? 0.0f : y * scale;
        }

        /// <summary>ohem_log: ln d for d ≥ 1 (a softmax denominator) and NaN.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Log(float d)
        {
            int bits = BitConverter.SingleToInt32Bits(d);
            float e0 = (float)((bits >> 23) - 126);
            float m = BitConverter.Int32BitsToSingle((bits & 0x007fffff) | 0x3f000000);
            bool low = m < OhemMathConstants.SqrtHalf;
            float e = low ? e0 - 1.0f : e0;
            float x = low ? (m + m) - 1.0f : m - 1.0f;
            float z = x * x;
            float y = OhemPolynomials.L0;
            y = MathF.FusedMultiplyAdd(y, x, OhemPolynomials.L1);
            y = MathF.FusedMultiplyAdd(y, x, OhemPolynomials.L2);
            y = MathF.FusedMultiplyAdd(y, x, OhemPolynomials.L3);
            y = MathF.FusedMultiplyAdd(y, x, OhemPolynomials.L4);
            y = MathF.FusedMultiplyAdd(y, x, OhemPolynomials.L5);
            y = MathF.FusedMultiplyAdd(y, x, OhemPolynomials.L6);
            y = MathF.FusedMultiplyAdd(y, x, OhemPolynomials.L7);
            y = MathF.FusedMultiplyAdd(y, x, OhemPolynomials.L8);
            y = (y * x) * z;
            y = MathF.FusedMultiplyAdd(e, -OhemMathConstants.Ln2LoNeg, y);
            y = MathF.FusedMultiplyAdd(-0.5f, z, y);
            float r = x + y;
            r = MathF.FusedMultiplyAdd(e, OhemMathConstants.Ln2Hi, r);
            return float.IsNaN(d) ? d : r;
        }

        /// <summary>
        /// ohem_row_stats: the NaN-propagating max, the label's logit, and the sum of exps in class order, of the
        /// row <c>x[0], x[stride], …, x[(classes-1)·stride]</c>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void RowStats<TLogit>(ref TLogit x, nint stride, int classes, int y, out float max, out float labelLogit, out float denom)
            where TLogit : unmanaged
        {
            float m = LogitConvert.ToSingle(x);
            float xy = m;
            for (int c = 1; c < classes; ++c)
            {
                float t = LogitConvert.ToSingle(Unsafe.Add(ref x, c * stride));
                m = (t > m || float.IsNaN(t)) ? t : m;
                xy = c == y ? t : xy;
            }

            float d = 0.0f;
            for (int c = 0; c < classes; ++c)
            {
                d += Exp(LogitConvert.ToSingle(Unsafe.Add(ref x, c * stride)) - m);
            }

            max = m;
            labelLogit = xy;
            denom = d;
        }

        /// <summary>A valid pixel's cross-entropy, <c>(max − x_y) + ln Σ exp(x_c − max)</c>; ≥ 0 or NaN.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float PixelLoss<TLogit>(ref TLogit x, nint stride, int classes, int y)
            where TLogit : unmanaged
        {
            RowStats(ref x, stride, classes, y, out float m, out float xy, out float d);
            return (m - xy) + Log(d);
        }

        /// <summary><see cref="PixelLoss{TLogit}(ref TLogit, nint, int, int)"/> of a contiguous row (tests and tools).</summary>
        public static float PixelLoss(ReadOnlySpan<float> row, int y)
        {
            if ((uint)y >= (uint)row.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(y), y, $"Expected a class index in [0, {row.Length}).");
            }

            return PixelLoss(ref System.Runtime.InteropServices.MemoryMarshal.GetReference(row), 1, row.Length, y);
        }

        /// <summary>The selection key of a loss: its bits, NaN canonicalised to 0x7fffffff so that NaN sorts above +∞.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static uint Key(float loss) => float.IsNaN(loss) ? OhemMathConstants.NaNKey : BitConverter.SingleToUInt32Bits(loss);
    }
}
