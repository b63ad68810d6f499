using System;

namespace Ohem.NumPy
{
    /// <summary>The NumPy element types Ohem reads and writes (little-endian; bfloat16 is not a NumPy dtype).</summary>
    public enum NpyDType
    {
        /// <summary><c>&lt;f4</c>, float32.</summary>
        Float32,
        /// <summary><c>&lt;f2</c>, float16 (<see cref="Half"/>).</summary>
        Float16,
        /// <summary><c>&lt;i8</c>, int64.</summary>
        Int64,
        /// <summary><c>&lt;i4</c>, int32.</summary>
        Int32,
        /// <summary><c>|u1</c>, uint8.</summary>
        UInt8,
    }

    /// <summary>Descriptors, sizes and the CLR type of each <see cref="NpyDType"/>.</summary>
    public static class NpyDTypes
    {
        /// <summary>The descriptor NumPy writes for a dtype (what <c>np.save</c> puts in the header).</summary>
        public static string Descr(NpyDType dtype) => dtype switch
        {
            NpyDType.Float32 => "<f4",
            NpyDType.Float16 => "<f2",
            NpyDType.Int64 => "<i8",
            NpyDType.Int32 => "<i4",
            NpyDType.UInt8 => "|u1",
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a supported .npy dtype."),
        };

        /// <summary>Bytes per element.</summary>
        public static int Size(NpyDType dtype) => dtype switch
        {
            NpyDType.Float32 or NpyDType.Int32 => 4,
            NpyDType.Float16 => 2,
            NpyDType.Int64 => 8,
            NpyDType.UInt8 => 1,
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not a supported .npy dtype."),
        };

        /// <summary>The dtype stored as <typeparamref name="T"/> (float, Half, long, int, byte).</summary>
        public static NpyDType Of<T>()
            where T : unmanaged
        {
            if (typeof(T) == typeof(float))
            {
                return NpyDType.Float32;
            }

            if (typeof(T) == typeof(Half))
            {
                return NpyDType.Float16;
            }

            if (typeof(T) == typeof(long))
            {
                return NpyDType.Int64;
            }

            if (typeof(T) == typeof(int))
            {
                return NpyDType.Int32;
            }

            if (typeof(T) == typeof(byte))
            {
                return NpyDType.UInt8;
            }

            throw new NotSupportedException($"{typeof(T).Name} has no .npy dtype here; expected float, Half, long, int or byte.");
        }

        /// <summary>
        /// Parses a descriptor. Little-endian (<c>&lt;</c>), native (<c>=</c>, little-endian on every platform .NET
        /// runs this on) and not-applicable (<c>|</c>, one-byte types) orders are accepted; null when unsupported.
        /// </summary>
        public static NpyDType? Parse(string descr)
        {
            if (descr.Length < 3)
            {
                return null;
            }

            char order = descr[0];
            string kind = descr.Substring(1);
            bool accepted = order switch
            {
                '<' or '=' => BitConverter.IsLittleEndian,
                '|' => kind == "u1",
                _ => false,
            };
            if (!accepted)
            {
                return null;
            }

            return kind switch
            {
                "f4" => NpyDType.Float32,
                "f2" => NpyDType.Float16,
                "i8" => NpyDType.Int64,
                "i4" => NpyDType.Int32,
                "u1" => NpyDType.UInt8,
                _ => null,
            };
        }
    }
}
