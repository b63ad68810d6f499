using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ohem.Cpu
{
    /// <summary>Labels (long, int or byte) read one at a time or eight at a time, generic so the JIT keeps one branch.</summary>
    internal static class LabelReader
    {
        /// <summary>Whether <typeparamref name="TLabel"/> is one of long, int, byte.</summary>
        public static bool IsSupported<TLabel>() =>
            typeof(TLabel) == typeof(long) || typeof(TLabel) == typeof(int) || typeof(TLabel) == typeof(byte);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static long ToInt64<TLabel>(TLabel value)
            where TLabel : unmanaged
        {
            if (typeof(TLabel) == typeof(long))
            {
                return Unsafe.As<TLabel, long>(ref value);
            }

            if (typeof(TLabel) == typeof(int))
            {
                return Unsafe.As<TLabel, int>(ref value);
            }

            if (typeof(TLabel) == typeof(byte))
            {
                return Unsafe.As<TLabel, byte>(ref value);
            }

            throw new NotSupportedException();
        }

        /// <summary>
        /// Eight consecutive labels as ints. False when one of them is neither <paramref name="ignore"/> nor in
        /// [0, <paramref name="classes"/>) (the caller then finds which); when true every lane holds a class or the
        /// ignore label, so narrowing 64-bit labels lost nothing.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool TryLoad8<TLabel>(ref TLabel y, int classes, int ignore, out Vector256<int> labels)
            where TLabel : unmanaged
        {
            if (typeof(TLabel) == typeof(long))
            {
                ref long y64 = ref Unsafe.As<TLabel, long>(ref y);
                Vector256<long> lo = Vector256.LoadUnsafe(ref y64);
                Vector256<long> hi = Vector256.LoadUnsafe(ref y64, 4);
                Vector256<ulong> c = Vector256.Create((ulong)classes);
                Vector256<long> ign = Vector256.Create((long)ignore);
                Vector256<ulong> ok = (Vector256.LessThan(lo.AsUInt64(), c) | Vector256.Equals(lo, ign).AsUInt64())
                    & (Vector256.LessThan(hi.AsUInt64(), c) | Vector256.Equals(hi, ign).AsUInt64());
                labels = Vector256.Narrow(lo, hi);
                return ok == Vector256<ulong>.AllBitsSet;
            }

            Vector256<int> v;
            if (typeof(TLabel) == typeof(int))
            {
                v = Vector256.LoadUnsafe(ref Unsafe.As<TLabel, int>(ref y));
            }
            else if (typeof(TLabel) == typeof(byte))
            {
                Vector128<byte> b = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<TLabel, byte>(ref y))).AsByte();
                v = Vector256.WidenLower(Vector128.WidenLower(b).ToVector256Unsafe()).AsInt32();
            }
            else
            {
                throw new NotSupportedException();
            }

            Vector256<uint> okInt = Vector256.LessThan(v.AsUInt32(), Vector256.Create((uint)classes)) | Vector256.Equals(v, Vector256.Create(ignore)).AsUInt32();
            labels = v;
            return okInt == Vector256<uint>.AllBitsSet;
        }
    }
}
