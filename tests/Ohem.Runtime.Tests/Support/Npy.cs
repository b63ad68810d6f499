using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace Ohem.Runtime.Tests.Support
{
    /// <summary>A minimal .npy (format 1.0, C order, little endian) writer and float32 reader for the torch oracle.</summary>
    public static class Npy
    {
        public static void Write<T>(string path, ReadOnlySpan<T> data, params long[] shape)
            where T : unmanaged
        {
            string descr = Descr<T>();
            string dims = shape.Length == 1
                ? shape[0].ToString(CultureInfo.InvariantCulture) + ","
                : string.Join(", ", Array.ConvertAll(shape, d => d.ToString(CultureInfo.InvariantCulture)));
            string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
            // Magic (6) + version (2) + length (2) + header + '\n' must be a multiple of 64.
            int total = 10 + header.Length + 1;
            header += new string(' ', ((total + 63) / 64 * 64) - total) + "\n";
            using var stream = File.Create(path);
            stream.WriteByte(0x93);
            stream.Write("NUMPY"u8);
            stream.WriteByte(1);
            stream.WriteByte(0);
            stream.WriteByte((byte)(header.Length & 0xff));
            stream.WriteByte((byte)(header.Length >> 8));
            stream.Write(Encoding.ASCII.GetBytes(header));
            stream.Write(MemoryMarshal.AsBytes(data));
        }

        /// <summary>Reads a little-endian float32 array and checks its element count.</summary>
        public static float[] ReadSingle(string path, long expectedCount)
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            {
                throw new InvalidDataException($"{path} is not a .npy file.");
            }

            int headerLength;
            int offset;
            if (bytes[6] == 1)
            {
                headerLength = bytes[8] | (bytes[9] << 8);
                offset = 10;
            }
            else
            {
                headerLength = BitConverter.ToInt32(bytes, 8);
                offset = 12;
            }

            string header = Encoding.ASCII.GetString(bytes, offset, headerLength);
            if (!header.Contains("'<f4'", StringComparison.Ordinal) || header.Contains("True", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{path}: expected C-order little-endian float32, header {header}");
            }

            int start = offset + headerLength;
            var data = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(start)).ToArray();
            if (data.Length != expectedCount)
            {
                throw new InvalidDataException($"{path}: {data.Length} floats, expected {expectedCount}.");
            }

            return data;
        }

        private static string Descr<T>()
        {
            if (typeof(T) == typeof(float)) return "<f4";
            if (typeof(T) == typeof(double)) return "<f8";
            if (typeof(T) == typeof(Half)) return "<f2";
            if (typeof(T) == typeof(long)) return "<i8";
            if (typeof(T) == typeof(int)) return "<i4";
            if (typeof(T) == typeof(byte)) return "|u1";
            if (typeof(T) == typeof(ushort) || typeof(T) == typeof(BFloat16)) return "<u2";
            throw new NotSupportedException(typeof(T).Name);
        }
    }
}
