using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ohem.Cpu
{
    /// <summary>
    /// <see cref="OhemScalarMath"/> on eight lanes: lane for lane the same operations, the same explicit fused
    /// multiply-adds and the same selects, so every lane has the bits the scalar code (and the GPU) gives.
    /// </summary>
    internal static class OhemVectorMath
    {
        /// <summary>Whether the vector path is worth taking (otherwise the engine runs the scalar code).</summary>
        public static bool IsAccelerated => Vector256.IsHardwareAccelerated;

        /// <summary>ohem_exp on eight lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Exp(Vector256<float> x)
        {
            Vector256<float> magic = Vector256.Create(OhemMathConstants.RoundMagic);
            Vector256<float> t = Vector256.FusedMultiplyAdd(x, Vector256.Create(OhemMathConstants.Log2E), magic);
            Vector256<float> n = t - magic;
            Vector256<float> r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-OhemMathConstants.Ln2Hi), x);
            r = Vector256.FusedMultiplyAdd(n, Vector256.Create(OhemMathConstants.Ln2LoNeg), r);
            Vector256<float> p = Vector256.Create(OhemPolynomials.E0);
            p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(OhemPolynomials.E1));
            p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(OhemPolynomials.E2));
            p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(OhemPolynomials.E3));
            p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(OhemPolynomials.E4));
            p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(OhemPolynomials.E5));
            Vector256<float> y = Vector256.FusedMultiplyAdd(p, r * r, r) + Vector256<float>.One;
            // Lanes where the scale matters hold an integer n in [-126, 0]; others are NaN or cut to 0 below.
            Vector256<float> scale = ((Vector256.ConvertToInt32Native(n) + Vector256.Create(127)) << 23).AsSingle();
            Vector256<float> below = Vector256.LessThan(x, Vector256.Create(OhemMathConstants.ExpCutoff));
            return Vector256.AndNot(y * scale, below);
        }

        /// <summary>ohem_log on eight lanes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Log(Vector256<float> d)
        {
            Vector256<int> bits = d.AsInt32();
            Vector256<float> e0 = Vector256.ConvertToSingle(Vector256.ShiftRightArithmetic(bits, 23) - Vector256.Create(126));
            Vector256<float> m = ((bits & Vector256.Create(0x007fffff)) | Vector256.Create(0x3f000000)).AsSingle();
            Vector256<float> low = Vector256.LessThan(m, Vector256.Create(OhemMathConstants.SqrtHalf));
            Vector256<float> one = Vector256<float>.One;
            Vector256<float> e = Vector256.ConditionalSelect(low, e0 - one, e0);
            Vector256<float> x = Vector256.ConditionalSelect(low, (m + m) - one, m - one);
            Vector256<float> z = x * x;
            Vector256<float> y = Vector256.Create(OhemPolynomials.L0);
            y = Vector256.FusedMultiplyAdd(y, x, Vector256.Create(OhemPolynomials.L1));
            y = Vector256.FusedMultiplyAdd(y, x, Vector256.Create(OhemPolynomials.L2));
            y = Vector256.FusedMultiplyAdd(y, x, Vector256.Create(OhemPolynomials.L3));
            y = Vector256.FusedMultiplyAdd(y, x, Vector256.Create(OhemPolynomials.L4));
            y = Vector256.FusedMultiplyAdd(y, x, Vector256.Create(OhemPolynomials.L5));
            y = Vector256.FusedMultiplyAdd(y, x, Vector256.Create(OhemPolynomials.L6));
            y = Vector256.FusedMultiplyAdd(y, x, Vector256.Create(OhemPolynomials.L7));
            y = Vector256.FusedMultiplyAdd(y, x, Vector256.Create(OhemPolynomials.L8));
            y = (y * x) * z;
            y = Vector256.FusedMultiplyAdd(e, Vector256.Create(-OhemMathConstants.Ln2LoNeg), y);
            y = Vector256.FusedMultiplyAdd(Vector256.Create(-0.5f), z, y);
            Vector256<float> r = x + y;
            r = Vector256.FusedMultiplyAdd(e, Vector256.Create(OhemMathConstants.Ln2Hi), r);
            Vector256<float> nan = ~Vector256.Equals(d, d);
            return Vector256.ConditionalSelect(nan, d, r);
        }

        /// <summary>The selection keys of eight losses (NaN → 0x7fffffff).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<uint> Key(Vector256<float> loss)
        {
            Vector256<uint> nan = ~Vector256.Equals(loss, loss).AsUInt32();
            return Vector256.ConditionalSelect(nan, Vector256.Create(OhemMathConstants.NaNKey), loss.AsUInt32());
        }
    }
}
