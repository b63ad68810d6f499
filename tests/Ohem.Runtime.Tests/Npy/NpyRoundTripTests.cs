using System;
using System.IO;
using System.Text;
using Ohem.NumPy;
using Xunit;

namespace Ohem.Runtime.Tests.NumPy
{
    public sealed class NpyRoundTripTests
    {
        [Fact]
        public void Float32_round_trips_with_shape_and_bits()
        {
            var values = new[] { 1.5f, -0f, float.NaN, float.PositiveInfinity, float.Epsilon, -3.25f };
            var back = RoundTrip<float>(values, 2, 3);
            Assert.Equal(NpyDType.Float32, back.DType);
            Assert.Equal(new long[] { 2, 3 }, back.Shape);
            Assert.Equal(Bits(values), Bits(back.AsSpan<float>().ToArray()));
        }

        [Fact]
        public void Float16_round_trips()
        {
            var values = new[] { (Half)0.5f, Half.MaxValue, Half.Epsilon, (Half)(-2f) };
            var back = RoundTrip<Half>(values, 4);
            Assert.Equal(NpyDType.Float16, back.DType);
            Assert.Equal(values, back.AsSpan<Half>().ToArray());
        }

        [Fact]
        public void Int64_Int32_UInt8_round_trip()
        {
            Assert.Equal(new[] { long.MinValue, 255L, long.MaxValue }, RoundTrip<long>(new[] { long.MinValue, 255L, long.MaxValue }, 1, 3).AsSpan<long>().ToArray());
            Assert.Equal(new[] { -1, 0, int.MaxValue, 7 }, RoundTrip<int>(new[] { -1, 0, int.MaxValue, 7 }, 2, 1, 2).AsSpan<int>().ToArray());
            Assert.Equal(new byte[] { 0, 255, 19 }, RoundTrip<byte>(new byte[] { 0, 255, 19 }, 3).AsSpan<byte>().ToArray());
        }

        [Fact]
        public void Scalar_and_empty_shapes_round_trip()
        {
            var scalar = RoundTrip<float>(new[] { 4f }, Array.Empty<long>());
            Assert.Empty(scalar.Shape);
            Assert.Equal(4f, scalar.AsSpan<float>()[0]);
            var empty = RoundTrip<int>(Array.Empty<int>(), 0, 5);
            Assert.Equal(new long[] { 0, 5 }, empty.Shape);
            Assert.Equal(0, empty.Length);
        }

        [Fact]
        public void Header_is_version_1_padded_to_64_bytes_with_a_trailing_newline()
        {
            using var stream = new MemoryStream();
            NpyFile.Write(stream, NpyDType.Int32, new long[] { 5 }, new byte[20]);
            var bytes = stream.ToArray();
            int headerLength = BitConverter.ToUInt16(bytes, 8);
            Assert.Equal(1, bytes[6]);
            Assert.Equal(0, (10 + headerLength) % 64);
            Assert.Equal((byte)'\n', bytes[10 + headerLength - 1]);
            Assert.StartsWith("{'descr': '<i4', 'fortran_order': False, 'shape': (5,), }", Encoding.ASCII.GetString(bytes, 10, headerLength));
            Assert.Equal(10 + headerLength + 20, bytes.Length);
        }

        [Fact]
        public void A_header_over_65535_bytes_is_written_as_version_2_and_read_back()
        {
            var shape = new long[25_000]; // all zero: no elements, a header of ~75 kB.
            using var stream = new MemoryStream();
            NpyFile.Write(stream, NpyDType.UInt8, shape, ReadOnlySpan<byte>.Empty);
            var bytes = stream.ToArray();
            Assert.Equal(2, bytes[6]);
            Assert.Equal(0, (12 + BitConverter.ToInt32(bytes, 8)) % 64);
            stream.Position = 0;
            var back = NpyFile.Read(stream, "big-header");
            Assert.Equal(25_000, back.Shape.Length);
        }

        [Fact]
        public void Read_with_expected_dtype_and_shape_accepts_a_match()
        {
            using var dir = new TempDir();
            string path = dir.File("a.npy");
            NpyFile.Write<int>(path, new[] { 1, 2, 3, 4, 5, 6 }, 3, 2);
            var array = NpyFile.Read(path, NpyDType.Int32, 3, 2);
            Assert.Equal(path, array.Source);
            Assert.Equal(6, array.AsSpan<int>()[5]);
        }

        private static NpyArray RoundTrip<T>(T[] values, params long[] shape)
            where T : unmanaged
        {
            using var dir = new TempDir();
            string path = dir.File("x.npy");
            NpyFile.Write<T>(path, values, shape);
            return NpyFile.Read(path);
        }

        private static int[] Bits(float[] values) => Array.ConvertAll(values, BitConverter.SingleToInt32Bits);
    }
}
