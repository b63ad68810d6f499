using System;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// The AVX NHWC transpose against the element-by-element loops: the same bits in the tile and in the rows (NaN
    /// payloads, −0, subnormals, ±∞ included, since only values move), and nothing written outside the block.
    /// </summary>
    public sealed unsafe class RowTransposeTests
    {
        private const int Stride = CpuScratch.TilePixels;
        private const uint Sentinel = 0x7fc0beefu;

        public static TheoryData<int, int> Sizes()
        {
            var data = new TheoryData<int, int>();
            foreach (int c in new[] { 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 19, 150 })
            {
                foreach (int count in new[] { 8, 24, Stride })
                {
                    data.Add(c, count);
                }
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void Float32RowsLoadAsTheScalarLoopsLoadThem(int c, int count)
        {
            var rng = new Random((c * 1000) + count);
            uint[] x = RandomBits(rng, count * c, 32);
            uint[] fast = NewTile(c), slow = NewTile(c);
            fixed (uint* px = x)
            fixed (uint* pf = fast)
            fixed (uint* ps = slow)
            {
                RowTranspose.Load((float*)px, c, count, (float*)pf, Stride);
                RowTranspose.LoadScalar((float*)px, c, count, (float*)ps, Stride);
            }

            AssertSameTiles(c, count, fast, slow);
            // Class-major: pixel i's class k (row element i·C + k) is tile element k·Stride + i.
            Assert.Equal(x[(count * c) - 1], fast[((c - 1) * Stride) + (count - 1)]);
            Assert.Equal(x[(count - 1) * c], fast[count - 1]);
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void HalfAndBFloat16RowsLoadAsTheScalarLoopsLoadThem(int c, int count)
        {
            var rng = new Random((c * 1000) + count + 1);
            ushort[] x = Array.ConvertAll(RandomBits(rng, count * c, 16), v => (ushort)v);
            uint[] fastHalf = NewTile(c), slowHalf = NewTile(c), fastBrain = NewTile(c), slowBrain = NewTile(c);
            fixed (ushort* px = x)
            fixed (uint* pfh = fastHalf)
            fixed (uint* psh = slowHalf)
            fixed (uint* pfb = fastBrain)
            fixed (uint* psb = slowBrain)
            {
                RowTranspose.Load((Half*)px, c, count, (float*)pfh, Stride);
                RowTranspose.LoadScalar((Half*)px, c, count, (float*)psh, Stride);
                RowTranspose.Load((BFloat16*)px, c, count, (float*)pfb, Stride);
                RowTranspose.LoadScalar((BFloat16*)px, c, count, (float*)psb, Stride);
            }

            AssertSameTiles(c, count, fastHalf, slowHalf);
            AssertSameTiles(c, count, fastBrain, slowBrain);
            Assert.Equal((uint)x[(count * c) - 1] << 16, fastBrain[((c - 1) * Stride) + (count - 1)]);
        }

        [Theory]
        [MemberData(nameof(Sizes))]
        public void RowsStoreAsTheScalarLoopsStoreThemAndStayInTheBlock(int c, int count)
        {
            var rng = new Random((c * 1000) + count + 2);
            uint[] tile = RandomBits(rng, c * Stride, 32);
            const int Guard = 16;
            var fast = new uint[(count * c) + (2 * Guard)];
            var slow = new uint[fast.Length];
            Array.Fill(fast, Sentinel);
            Array.Fill(slow, Sentinel);
            fixed (uint* pt = tile)
            fixed (uint* pf = fast)
            fixed (uint* ps = slow)
            {
                RowTranspose.Store((float*)pt, Stride, (float*)(pf + Guard), c, count);
                RowTranspose.StoreScalar((float*)pt, Stride, (float*)(ps + Guard), c, count);
            }

            Assert.Equal(slow, fast);
            for (int i = 0; i < Guard; ++i)
            {
                Assert.Equal(Sentinel, fast[i]);
                Assert.Equal(Sentinel, fast[fast.Length - 1 - i]);
            }

            // Row-major: pixel i's class k is tile element k·Stride + i.
            Assert.Equal(tile[((c - 1) * Stride) + (count - 1)], fast[Guard + (count * c) - 1]);
            Assert.Equal(tile[count - 1], fast[Guard + ((count - 1) * c)]);
        }

        /// <summary>A tile with one spare class row; it and the columns past count hold a sentinel that no load may touch.</summary>
        private static uint[] NewTile(int c)
        {
            var tile = new uint[(c + 1) * Stride];
            Array.Fill(tile, Sentinel);
            return tile;
        }

        private static void AssertSameTiles(int c, int count, uint[] fast, uint[] slow)
        {
            Assert.Equal(slow, fast);
            Assert.Equal(Sentinel, fast[(c * Stride) + (count - 1)]);
            Assert.NotEqual(Sentinel, fast[((c - 1) * Stride) + (count - 1)]);
        }

        /// <summary>Random bit patterns with a share of special ones (NaNs with payloads, ±0, ±∞, subnormals).</summary>
        private static uint[] RandomBits(Random rng, int length, int bits)
        {
            uint[] special = bits == 32
                ? new[] { 0x7fc00001u, 0xffa00003u, 0x80000000u, 0u, 0x7f800000u, 0xff800000u, 0x00000001u, 0x807fffffu }
                : new[] { 0x7e01u, 0xfd03u, 0x8000u, 0u, 0x7c00u, 0xfc00u, 0x0001u, 0x83ffu, 0x7f81u, 0xff80u };
            var x = new uint[length];
            for (int i = 0; i < length; ++i)
            {
                uint r = (uint)rng.NextInt64(0, 1L << bits);
                x[i] = rng.Next(8) == 0 ? special[rng.Next(special.Length)] : r;
            }

            return x;
        }
    }
}
