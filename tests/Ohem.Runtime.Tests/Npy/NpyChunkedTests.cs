using System;
using System.IO;
using Ohem.NumPy;
using Xunit;

namespace Ohem.Runtime.Tests.NumPy
{
    /// <summary>
    /// Arrays over 2 GB (the GPU check's batches) cannot pass through one byte span, so data moves in chunks; these
    /// arrays span more than one chunk, and every chunk boundary must join without a gap or a repeated element.
    /// </summary>
    public sealed class NpyChunkedTests
    {
        private const int Count = (NpyFile.ChunkBytes / sizeof(float) * 2) + 4;

        [Fact]
        public void Typed_writes_go_out_in_chunks_of_at_most_16_MiB()
        {
            var values = Ramp();
            using var stream = new RecordingStream();
            NpyFile.Write<float>(stream, values, 4, Count / 4);
            Assert.True(stream.LargestWrite <= NpyFile.ChunkBytes, $"largest write {stream.LargestWrite} bytes");
            Assert.Equal(4, stream.Writes); // the header, two full chunks, the rest.
            stream.Position = 0;
            var back = NpyFile.Read(stream, "chunks");
            Assert.Equal(new long[] { 4, Count / 4 }, back.Shape);
            Assert.Equal(values, back.AsSpan<float>().ToArray());
        }

        [Fact]
        public void Typed_reads_return_every_element_across_chunk_boundaries()
        {
            using var dir = new TempDir();
            string path = dir.File("big.npy");
            var values = Ramp();
            NpyFile.Write<float>(path, values, Count);
            Assert.Equal(values, NpyFile.Read<float>(path, Count));
        }

        [Fact]
        public void Typed_reads_check_dtype_shape_and_length()
        {
            using var dir = new TempDir();
            string path = dir.File("a.npy");
            NpyFile.Write<int>(path, new[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
            Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, NpyFile.Read<int>(path, 2, 3));
            Assert.Equal($"{path}: dtype is '<i4', but '<f4' was expected.", Assert.Throws<NpyFormatException>(() => NpyFile.Read<float>(path, 2, 3)).Message);
            Assert.Equal($"{path}: the array has shape (2, 3), but (6,) was expected.", Assert.Throws<NpyFormatException>(() => NpyFile.Read<int>(path, 6)).Message);

            byte[] bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length - 4).ToArray());
            Assert.Equal($"{path}: the file is truncated: shape (2, 3) of '<i4' needs 24 data bytes, but only 20 were found.", Assert.Throws<NpyFormatException>(() => NpyFile.Read<int>(path, 2, 3)).Message);
            File.WriteAllBytes(path, [.. bytes, 0]);
            Assert.Equal($"{path}: the file has bytes after the 24 data bytes of shape (2, 3) of '<i4'; it was expected to end there.", Assert.Throws<NpyFormatException>(() => NpyFile.Read<int>(path, 2, 3)).Message);
            Assert.Throws<FileNotFoundException>(() => NpyFile.Read<int>(dir.File("missing.npy"), 2, 3));
        }

        private static float[] Ramp()
        {
            var values = new float[Count];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = i;
            }

            return values;
        }

        private sealed class RecordingStream : MemoryStream
        {
            public int Writes { get; private set; }

            public int LargestWrite { get; private set; }

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                Writes++;
                LargestWrite = Math.Max(LargestWrite, buffer.Length);
                base.Write(buffer);
            }
        }
    }
}
