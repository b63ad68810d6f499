using System;
using System.Linq;
using System.Runtime.InteropServices;

namespace Ohem.NumPy
{
    /// <summary>An n-dimensional array read from (or to be written to) a .npy file: C order, little-endian.</summary>
    public sealed class NpyArray
    {
        private readonly byte[] data;

        /// <summary>Wraps raw little-endian bytes; <paramref name="data"/> must hold exactly the shape's elements.</summary>
        public NpyArray(NpyDType dtype, long[] shape, byte[] data, string source = "<memory>")
        {
            ArgumentNullException.ThrowIfNull(shape);
            ArgumentNullException.ThrowIfNull(data);
            long count = ElementCount(shape);
            if (count * NpyDTypes.Size(dtype) != data.LongLength)
            {
                throw new ArgumentException($"Shape {FormatShape(shape)} of {NpyDTypes.Descr(dtype)} needs {count * NpyDTypes.Size(dtype)} bytes, but {data.LongLength} were given.", nameof(data));
            }

            DType = dtype;
            Shape = (long[])shape.Clone();
            this.data = data;
            Source = source;
        }

        /// <summary>The element type.</summary>
        public NpyDType DType { get; }

        /// <summary>The dimensions (empty for a scalar).</summary>
        public long[] Shape { get; }

        /// <summary>Where the array came from (a path), used in error messages.</summary>
        public string Source { get; }

        /// <summary>The number of elements.</summary>
        public long Length => ElementCount(Shape);

        /// <summary>The raw little-endian bytes.</summary>
        public ReadOnlySpan<byte> Bytes => data;

        /// <summary>Creates an array from typed elements.</summary>
        public static NpyArray From<T>(ReadOnlySpan<T> values, params long[] shape)
            where T : unmanaged
        {
            var dtype = NpyDTypes.Of<T>();
            return new NpyArray(dtype, shape, MemoryMarshal.AsBytes(values).ToArray());
        }

        /// <summary>The elements as <typeparamref name="T"/>; throws <see cref="NpyFormatException"/> when the dtype differs.</summary>
        public ReadOnlySpan<T> AsSpan<T>()
            where T : unmanaged
        {
            var wanted = NpyDTypes.Of<T>();
            if (wanted != DType)
            {
                throw new NpyFormatException(Source, $"dtype is '{NpyDTypes.Descr(DType)}', but '{NpyDTypes.Descr(wanted)}' was expected.");
            }

            return MemoryMarshal.Cast<byte, T>(data);
        }

        /// <summary>Throws <see cref="NpyFormatException"/> naming <paramref name="what"/> unless the array has <paramref name="rank"/> dimensions.</summary>
        public NpyArray RequireRank(int rank, string what)
        {
            if (Shape.Length != rank)
            {
                throw new NpyFormatException(Source, $"{what} has shape {FormatShape(Shape)} ({Shape.Length} dimensions), but {rank} dimensions were expected.");
            }

            return this;
        }

        /// <summary>Throws <see cref="NpyFormatException"/> naming <paramref name="what"/> unless the shape equals <paramref name="expected"/>.</summary>
        public NpyArray RequireShape(string what, params long[] expected)
        {
            if (!Shape.SequenceEqual(expected))
            {
                throw new NpyFormatException(Source, $"{what} has shape {FormatShape(Shape)}, but {FormatShape(expected)} was expected.");
            }

            return this;
        }

        /// <summary>A shape as Python writes a tuple: <c>(2, 3)</c>, <c>(5,)</c>, <c>()</c>.</summary>
        public static string FormatShape(long[] shape)
        {
            ArgumentNullException.ThrowIfNull(shape);
            return shape.Length == 1
                ? "(" + shape[0].ToString(System.Globalization.CultureInfo.InvariantCulture) + ",)"
                : "(" + string.Join(", ", shape.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + ")";
        }

        internal static long ElementCount(long[] shape)
        {
            long count = 1;
            foreach (long d in shape)
            {
                if (d < 0)
                {
                    throw new ArgumentException($"Shape {FormatShape(shape)} has a negative dimension.", nameof(shape));
                }

                count = checked(count * d);
            }

            return count;
        }
    }
}
