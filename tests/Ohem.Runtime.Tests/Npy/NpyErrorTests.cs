using System;
using System.IO;
using System.Text;
using Ohem.NumPy;
using Xunit;

namespace Ohem.Runtime.Tests.NumPy
{
    /// <summary>Every refusal names the file, what was found and what was expected.</summary>
    public sealed class NpyErrorTests : IDisposable
    {
        private readonly TempDir dir = new();

        public void Dispose() => dir.Dispose();

        [Fact]
        public void Missing_file_is_named()
        {
            string path = dir.File("none.npy");
            var e = Assert.Throws<FileNotFoundException>(() => NpyFile.Read(path));
            Assert.Equal($"{path}: no such file.", e.Message);
        }

        [Fact]
        public void Bad_magic_shows_the_bytes_found()
        {
            string path = Write("magic.npy", Encoding.ASCII.GetBytes("PK\x03\x04 not numpy at all"));
            var e = Assert.Throws<NpyFormatException>(() => NpyFile.Read(path));
            Assert.Equal($"{path}: not a .npy file: it starts with 504B0304206E6F74, but the magic \\x93NUMPY and a version were expected.", e.Message);
        }

        [Fact]
        public void Empty_file_is_refused()
        {
            string path = Write("empty.npy", Array.Empty<byte>());
            var e = Assert.Throws<NpyFormatException>(() => NpyFile.Read(path));
            Assert.Equal($"{path}: not a .npy file: it starts with nothing (the file is empty), but the magic \\x93NUMPY and a version were expected.", e.Message);
        }

        [Fact]
        public void Unknown_version_is_refused()
        {
            var bytes = Valid();
            bytes[6] = 4;
            string path = Write("v4.npy", bytes);
            Assert.Equal($"{path}: format version 4.0 is not supported; 1.0, 2.0 or 3.0 was expected.", Assert.Throws<NpyFormatException>(() => NpyFile.Read(path)).Message);
        }

        [Fact]
        public void Truncated_data_says_how_many_bytes_were_needed_and_found()
        {
            var bytes = Valid();
            string path = Write("short.npy", bytes.AsSpan(0, bytes.Length - 3).ToArray());
            var e = Assert.Throws<NpyFormatException>(() => NpyFile.Read(path));
            Assert.Equal($"{path}: the file is truncated: shape (2, 3) of '<f4' needs 24 data bytes, but only 21 were found.", e.Message);
        }

        [Fact]
        public void Truncated_header_is_refused()
        {
            string path = Write("head.npy", Valid().AsSpan(0, 30).ToArray());
            Assert.Equal($"{path}: the file is truncated inside the header (118 header bytes expected).", Assert.Throws<NpyFormatException>(() => NpyFile.Read(path)).Message);
        }

        [Fact]
        public void Trailing_bytes_are_refused()
        {
            var bytes = Valid();
            string path = Write("long.npy", [.. bytes, 1, 2]);
            Assert.Equal($"{path}: the file has bytes after the 24 data bytes of shape (2, 3) of '<f4'; it was expected to end there.", Assert.Throws<NpyFormatException>(() => NpyFile.Read(path)).Message);
        }

        [Theory]
        [InlineData("{'descr': '<f4', 'fortran_order': False}", "the keys 'descr', 'fortran_order' and 'shape' are required")]
        [InlineData("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2, 3), }", "expected True or False at character 34, found 'Maybe, 'shap'")]
        [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }", "expected a non-negative integer dimension at character 54, found '-3), }'")]
        [InlineData("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", "'descr' is not a simple dtype string (structured dtypes are not supported)")]
        [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}", "unexpected key 'extra'")]
        [InlineData("not a dict", "expected '{' at character 0, found 'not a dict'")]
        public void Bad_headers_say_what_was_expected(string header, string problem)
        {
            string path = Write("bad.npy", WithHeader(header, 24));
            var e = Assert.Throws<NpyFormatException>(() => NpyFile.Read(path));
            Assert.Equal($"{path}: bad header {header}: {problem}.", e.Message);
        }

        [Theory]
        [InlineData("'>i8'", "dtype '>i8' is big-endian; little-endian '<f4', '<f2', '<i8', '<i4' or '|u1' was expected.")]
        [InlineData("'<u2'", "dtype '<u2' is not supported; '<f4', '<f2', '<i8', '<i4' or '|u1' was expected.")]
        [InlineData("'|b1'", "dtype '|b1' is not supported; '<f4', '<f2', '<i8', '<i4' or '|u1' was expected.")]
        public void Unsupported_dtypes_are_named(string descr, string problem)
        {
            string path = Write("dtype.npy", WithHeader("{'descr': " + descr + ", 'fortran_order': False, 'shape': (3,), }", 24));
            Assert.Equal($"{path}: {problem}", Assert.Throws<NpyFormatException>(() => NpyFile.Read(path)).Message);
        }

        [Fact]
        public void Fortran_order_is_refused()
        {
            string path = Write("f.npy", WithHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", 24));
            Assert.Equal($"{path}: the array (2, 3) is in Fortran order; C order was expected (np.ascontiguousarray before np.save).", Assert.Throws<NpyFormatException>(() => NpyFile.Read(path)).Message);
        }

        [Fact]
        public void Shape_and_dtype_expectations_name_both_sides()
        {
            string path = Write("ok.npy", Valid());
            Assert.Equal($"{path}: the array has shape (2, 3), but (3, 2) was expected.", Assert.Throws<NpyFormatException>(() => NpyFile.Read(path, NpyDType.Float32, 3, 2)).Message);
            Assert.Equal($"{path}: dtype is '<f4', but '<i8' was expected.", Assert.Throws<NpyFormatException>(() => NpyFile.Read(path, NpyDType.Int64, 2, 3)).Message);
            var array = NpyFile.Read(path);
            Assert.Equal($"{path}: logits has shape (2, 3) (2 dimensions), but 4 dimensions were expected.", Assert.Throws<NpyFormatException>(() => array.RequireRank(4, "logits")).Message);
            Assert.Equal($"{path}: dtype is '<f4', but '|u1' was expected.", Assert.Throws<NpyFormatException>(() => array.AsSpan<byte>().Length).Message);
        }

        [Fact]
        public void Writing_checks_the_element_count()
        {
            var e = Assert.Throws<ArgumentException>(() => NpyFile.Write<float>(dir.File("w.npy"), new float[5], 2, 3));
            Assert.StartsWith("Shape (2, 3) has 6 elements, but 5 values were given.", e.Message);
            Assert.Equal("values", e.ParamName);
        }

        private string Write(string name, byte[] bytes)
        {
            string path = dir.File(name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        /// <summary>A valid 2×3 float32 file.</summary>
        private static byte[] Valid()
        {
            using var stream = new MemoryStream();
            NpyFile.Write(stream, NpyDType.Float32, new long[] { 2, 3 }, new byte[24]);
            return stream.ToArray();
        }

        private static byte[] WithHeader(string header, int dataBytes)
        {
            var text = Encoding.ASCII.GetBytes(header + "\n");
            var bytes = new byte[10 + text.Length + dataBytes];
            Encoding.Latin1.GetBytes("\x93NUMPY").CopyTo(bytes, 0);
            bytes[6] = 1;
            BitConverter.GetBytes((ushort)text.Length).CopyTo(bytes, 8);
            text.CopyTo(bytes, 10);
            return bytes;
        }
    }
}
