using System;

namespace Ohem.Cpu
{
    /// <summary>
    /// The NaN the CUDA text writes for an empty selection (<c>__uint_as_float(0x7fc00000u)</c>,
    /// <c>__longlong_as_double(0x7ff8000000000000ll)</c>): the CPU engine reports the same bits, so thresholds compare
    /// bitwise across backends. .NET's <see cref="float.NaN"/> is 0xFFC00000, the sign bit set.
    /// </summary>
    internal static class CanonicalNaN
    {
        public static readonly float Single = BitConverter.Int32BitsToSingle(0x7fc00000);

        public static readonly double Double = BitConverter.Int64BitsToDouble(0x7ff8000000000000);

        /// <summary>
        /// A NaN gradient element: 0x7fffffff, the NaN a GPU's arithmetic produces (x86 keeps payloads, e.g. a NaN logit's),
        /// written by both backends (<c>ohem_canonical_nan</c> in the CUDA text).
        /// </summary>
        public static readonly float Gradient = BitConverter.Int32BitsToSingle(0x7fffffff);
    }
}
