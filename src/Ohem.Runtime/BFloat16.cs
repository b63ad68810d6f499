using System;

namespace Ohem
{
    /// <summary>
    /// bfloat16 (torch.bfloat16): the top 16 bits of a float32. .NET has no such type, so this is its storage and
    /// conversions; converting to float is exact, from float rounds to nearest even.
    /// </summary>
    public readonly struct BFloat16 : IEquatable<BFloat16>
    {
        /// <summary>Wraps raw bits.</summary>
        public BFloat16(ushort bits) => Bits = bits;

        /// <summary>The raw bits.</summary>
        public ushort Bits { get; }

        /// <summary>Exact widening.</summary>
        public static explicit operator float(BFloat16 value) => BitConverter.UInt32BitsToSingle((uint)value.Bits << 16);

        /// <summary>Round to nearest even; NaN stays a quiet NaN.</summary>
        public static explicit operator BFloat16(float value)
        {
            uint u = BitConverter.SingleToUInt32Bits(value);
            if ((u & 0x7fffffffu) > 0x7f800000u)
            {
                return new BFloat16((ushort)((u >> 16) | 0x40u));
            }

            u += 0x7fffu + ((u >> 16) & 1u);
            return new BFloat16((ushort)(u >> 16));
        }

        /// <inheritdoc/>
        public bool Equals(BFloat16 other) => Bits == other.Bits;

        /// <inheritdoc/>
        public override bool Equals(object? obj) => obj is BFloat16 other && Equals(other);

        /// <inheritdoc/>
        public override int GetHashCode() => Bits;

        /// <inheritdoc/>
        public override string ToString() => ((float)this).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
