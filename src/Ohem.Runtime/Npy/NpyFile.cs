using System;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace Ohem.NumPy
{
    /// <summary>
    /// Reads and writes NumPy .npy files (format 1.0 and 2.0; 3.0 is read too): C order, little-endian, the dtypes of
    /// <see cref="NpyDType"/>. Anything else (Fortran order, big-endian, another dtype, a bad header, a truncated or
    /// overlong file) is an <see cref="NpyFormatException"/> naming the file, what was found and what was expected.
    /// </summary>
    public static class NpyFile
    {
        // 0x93 is not ASCII: a u8 literal would encode it as two UTF-8 bytes.
        private static ReadOnlySpan<byte> Magic => new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

        private const string Supported = "'<f4', '<f2', '<i8', '<i4' or '|u1'";

        /// <summary>Reads a whole file.</summary>
        public static NpyArray Read(string path)
        {
            ArgumentNullException.ThrowIfNull(path);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"{path}: no such file.", path);
            }

            using var stream = File.OpenRead(path);
            return Read(stream, path);
        }

        /// <summary>Reads and checks the element type and shape in one step.</summary>
        public static NpyArray Read(string path, NpyDType dtype, params long[] shape)
        {
            var array = Read(path);
            if (array.DType != dtype)
            {
                throw new NpyFormatException(path, $"dtype is '{NpyDTypes.Descr(array.DType)}', but '{NpyDTypes.Descr(dtype)}' was expected.");
            }

            return array.RequireShape("the array", shape);
        }

        /// <summary>Reads an array from a stream; <paramref name="source"/> names it in errors.</summary>
        public static NpyArray Read(Stream stream, string source)
        {
            ArgumentNullException.ThrowIfNull(stream);
            Span<byte> preamble = stackalloc byte[12];
            int got = ReadUpTo(stream, preamble.Slice(0, 8));
            if (got < 8 || !preamble.Slice(0, 6).SequenceEqual(Magic))
            {
                throw new NpyFormatException(source, $"not a .npy file: it starts with {Hex(preamble.Slice(0, got))}, but the magic \\x93NUMPY and a version were expected.");
            }

            byte major = preamble[6], minor = preamble[7];
            if (major < 1 || major > 3 || minor != 0)
            {
                throw new NpyFormatException(source, $"format version {major}.{minor} is not supported; 1.0, 2.0 or 3.0 was expected.");
            }

            int lengthBytes = major == 1 ? 2 : 4;
            if (ReadUpTo(stream, preamble.Slice(8, lengthBytes)) < lengthBytes)
            {
                throw new NpyFormatException(source, "the file is truncated inside the header length.");
            }

            long headerLength = major == 1
                ? BinaryPrimitives.ReadUInt16LittleEndian(preamble.Slice(8, 2))
                : BinaryPrimitives.ReadUInt32LittleEndian(preamble.Slice(8, 4));
            if (headerLength > 1 << 24)
            {
                throw new NpyFormatException(source, $"the header claims {headerLength} bytes; a header of at most 16 MiB was expected.");
            }

            var headerBytes = new byte[headerLength];
            if (ReadUpTo(stream, headerBytes) < headerLength)
            {
                throw new NpyFormatException(source, $"the file is truncated inside the header ({headerLength} header bytes expected).");
            }

            string headerText = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes).TrimEnd('\n', ' ', '\0');
            var header = NpyHeader.TryParse(headerText, out string? problem)
                ?? throw new NpyFormatException(source, $"bad header {headerText}: {problem}.");
            if (header.Descr.StartsWith('>'))
            {
                throw new NpyFormatException(source, $"dtype '{header.Descr}' is big-endian; little-endian {Supported} was expected.");
            }

            var dtype = NpyDTypes.Parse(header.Descr)
                ?? throw new NpyFormatException(source, $"dtype '{header.Descr}' is not supported; {Supported} was expected.");
            if (header.FortranOrder)
            {
                throw new NpyFormatException(source, $"the array {NpyArray.FormatShape(header.Shape)} is in Fortran order; C order was expected (np.ascontiguousarray before np.save).");
            }

            long count;
            try
            {
                count = NpyArray.ElementCount(header.Shape);
            }
            catch (OverflowException)
            {
                throw new NpyFormatException(source, $"shape {NpyArray.FormatShape(header.Shape)} has more elements than a long holds.");
            }

            long dataLength = count * NpyDTypes.Size(dtype);
            if (dataLength > Array.MaxLength)
            {
                throw new NpyFormatException(source, $"shape {NpyArray.FormatShape(header.Shape)} of '{header.Descr}' is {dataLength} bytes; at most {Array.MaxLength} bytes were expected.");
            }

            var data = new byte[dataLength];
            int read = ReadUpTo(stream, data);
            if (read < dataLength)
            {
                throw new NpyFormatException(source, $"the file is truncated: shape {NpyArray.FormatShape(header.Shape)} of '{header.Descr}' needs {dataLength} data bytes, but only {read} were found.");
            }

            if (stream.ReadByte() >= 0)
            {
                throw new NpyFormatException(source, $"the file has bytes after the {dataLength} data bytes of shape {NpyArray.FormatShape(header.Shape)} of '{header.Descr}'; it was expected to end there.");
            }

            return new NpyArray(dtype, header.Shape, data, source);
        }

        /// <summary>Writes typed elements with a shape.</summary>
        public static void Write<T>(string path, ReadOnlySpan<T> values, params long[] shape)
            where T : unmanaged
        {
            var dtype = NpyDTypes.Of<T>();
            long count = NpyArray.ElementCount(shape);
            if (count != values.Length)
            {
                throw new ArgumentException($"Shape {NpyArray.FormatShape(shape)} has {count} elements, but {values.Length} values were given.", nameof(values));
            }

            using var stream = File.Create(path);
            Write(stream, dtype, shape, MemoryMarshal.AsBytes(values));
        }

        /// <summary>Writes an array.</summary>
        public static void Write(string path, NpyArray array)
        {
            ArgumentNullException.ThrowIfNull(array);
            using var stream = File.Create(path);
            Write(stream, array.DType, array.Shape, array.Bytes);
        }

        /// <summary>
        /// Writes a header and the data as <c>np.save</c> does: format 1.0 when the header fits a 16-bit length, else
        /// 2.0; the header is padded with spaces and ends with a newline so the data starts on a 64-byte boundary.
        /// </summary>
        public static void Write(Stream stream, NpyDType dtype, long[] shape, ReadOnlySpan<byte> data)
        {
            ArgumentNullException.ThrowIfNull(stream);
            ArgumentNullException.ThrowIfNull(shape);
            if (NpyArray.ElementCount(shape) * NpyDTypes.Size(dtype) != data.Length)
            {
                throw new ArgumentException($"Shape {NpyArray.FormatShape(shape)} of '{NpyDTypes.Descr(dtype)}' needs {NpyArray.ElementCount(shape) * NpyDTypes.Size(dtype)} bytes, but {data.Length} were given.", nameof(data));
            }

            string dict = NpyHeader.Format(dtype, shape);
            int major = 1;
            int preamble = 10;
            int total = Align(preamble + dict.Length + 1);
            if (total - preamble > ushort.MaxValue)
            {
                major = 2;
                preamble = 12;
                total = Align(preamble + dict.Length + 1);
            }

            var head = new byte[total];
            Magic.CopyTo(head);
            head[6] = (byte)major;
            head[7] = 0;
            int headerLength = total - preamble;
            if (major == 1)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(8), (ushort)headerLength);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(8), (uint)headerLength);
            }

            head.AsSpan(preamble).Fill((byte)' ');
            Encoding.ASCII.GetBytes(dict, head.AsSpan(preamble));
            head[total - 1] = (byte)'\n';
            stream.Write(head);
            stream.Write(data);
        }

        private static int Align(int length) => (length + 63) / 64 * 64;

        private static int ReadUpTo(Stream stream, Span<byte> buffer)
        {
            int total = 0;
            while (total < buffer.Length)
            {
                int n = stream.Read(buffer.Slice(total));
                if (n == 0)
                {
                    break;
                }

                total += n;
            }

            return total;
        }

        private static string Hex(ReadOnlySpan<byte> bytes) =>
            bytes.IsEmpty ? "nothing (the file is empty)" : Convert.ToHexString(bytes);
    }
}
