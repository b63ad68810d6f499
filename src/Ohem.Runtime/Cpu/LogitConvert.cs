using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ohem.Cpu
{
    /// <summary>
    /// Exact widening of a logit to float32, one at a time or eight consecutive ones. Generic over the element type so
    /// the JIT keeps only the branch of the type it compiles for.
    /// </summary>
    internal static class LogitConvert
    {
        /// <summary>Whether <typeparamref name="TLogit"/> is one of float, Half, BFloat16.</summary>
        public static bool IsSupported<TLogit>() =>
            typeof(TLogit) == typeof(float) || typeof(TLogit) == typeof(Half) || typeof(TLogit) == typeof(BFloat16);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float ToSingle<TLogit>(TLogit value)
            where TLogit : unmanaged
        {
            if (typeof(TLogit) == typeof(float))
            {
                return Unsafe.As<TLogit, float>(ref value);
            }

            if (typeof(TLogit) == typeof(Half))
            {
                return HalfBitsToSingle(Unsafe.As<TLogit, ushort>(ref value));
            }

            if (typeof(TLogit) == typeof(BFloat16))
            {
                return BitConverter.UInt32BitsToSingle((uint)Unsafe.As<TLogit, ushort>(ref value) << 16);
            }

            throw new NotSupportedException();
        }

        /// <summary>Eight consecutive logits from <paramref name="x"/>, widened.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load8<TLogit>(ref TLogit x)
            where TLogit : unmanaged
        {
            if (typeof(TLogit) == typeof(float))
            {
                return Vector256.LoadUnsafe(ref Unsafe.As<TLogit, float>(ref x));
            }

            Vector256<uint> wide = Vector256.WidenLower(Vector128.LoadUnsafe(ref Unsafe.As<TLogit, ushort>(ref x)).ToVector256Unsafe());
            if (typeof(TLogit) == typeof(BFloat16))
            {
                return (wide << 16).AsSingle();
            }

            if (typeof(TLogit) == typeof(Half))
            {
                return HalfBitsToSingle(wide);
            }

            throw new NotSupportedException();
        }

        /// <summary>
        /// binary16 → binary32, exact: the exponent and mantissa move to float's positions and a multiply by 2^112
        /// rebiases them (exact, and it normalises subnormals); infinities and NaNs get the all-ones exponent.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float HalfBitsToSingle(ushort h)
        {
            uint em = (uint)(h & 0x7fff) << 13;
            uint sign = (uint)(h & 0x8000) << 16;
            uint magnitude = em >= 0x0f800000u
                ? em | 0x7f800000u
                : BitConverter.SingleToUInt32Bits(BitConverter.UInt32BitsToSingle(em) * 5.192296858534828e33f);
            return BitConverter.UInt32BitsToSingle(magnitude | sign);
        }

        /// <summary>Eight lanes of <see cref="HalfBitsToSingle(ushort)"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> HalfBitsToSingle(Vector256<uint> h)
        {
            Vector256<uint> em = (h & Vector256.Create(0x7fffu)) << 13;
            Vector256<uint> sign = (h & Vector256.Create(0x8000u)) << 16;
            Vector256<uint> special = Vector256.GreaterThanOrEqual(em, Vector256.Create(0x0f800000u));
            Vector256<uint> scaled = (em.AsSingle() * Vector256.Create(5.192296858534828e33f)).AsUInt32();
            Vector256<uint> magnitude = Vector256.ConditionalSelect(special, em | Vector256.Create(0x7f800000u), scaled);
            return (magnitude | sign).AsSingle();
        }
    }
}
