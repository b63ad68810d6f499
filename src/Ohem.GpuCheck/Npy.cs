using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace Ohem.GpuCheck
{
    /// <summary>Minimal .npy (format 1.0, C order, little-endian) writer and float32 reader, for exchanging arrays with the PyTorch script.</summary>
    internal static class Npy
    {
        public static void Write<T>(string path, ReadOnlySpan<T> data, string descr, params long[] shape)
            where T : unmanaged
        {
            string dims = shape.Length == 1 ? shape[0] + "," : string.Join(", ", shape);
            string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
            int total = 10 + header.Length + 1;
            header = header.PadRight(header.Length + ((64 - (total % 64)) % 64)) + "\n";
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            stream.Write(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 });
            stream.Write(BitConverter.GetBytes((ushort)header.Length));
            stream.Write(Encoding.ASCII.GetBytes(header));
            // In element chunks: the byte length of a large batch (2.5 GB) does not fit a span.
            const int chunk = 1 << 24;
            for (int offset = 0; offset < data.Length; offset += chunk)
            {
                stream.Write(MemoryMarshal.AsBytes(data.Slice(offset, Math.Min(chunk, data.Length - offset))));
            }
        }

        public static float[] ReadFloat32(string path)
        {
            using var stream = File.OpenRead(path);
            var prefix = new byte[10];
            stream.ReadExactly(prefix);
            int headerLength = BitConverter.ToUInt16(prefix, 8);
            var header = new byte[headerLength];
            stream.ReadExactly(header);
            string text = Encoding.ASCII.GetString(header);
            if (!text.Contains("'<f4'", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{path}: expected float32 ('<f4'), header {text.Trim()}");
            }

            long count = (stream.Length - stream.Position) / 4;
            var data = new float[count];
            const int chunk = 1 << 24;
            for (int offset = 0; offset < data.Length; offset += chunk)
            {
                stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan(offset, Math.Min(chunk, data.Length - offset))));
            }

            return data;
        }
    }
}
