using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ohem.Cpu
{
    /// <summary>What one chunk of pixels contributes; reduced in chunk order so totals never depend on the schedule.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct ChunkPartial
    {
        public long Above;
        public long Valid;
        public long Nans;
        public long FirstBad;
        public long Ties;
        public double SumAbove;
        public double SumSelect;
        private long pad;
    }

    /// <summary>
    /// An engine's scratch: the per-pixel key buffer, the chunk partials and the per-worker radix histograms. Allocated
    /// on the pinned heap and only ever grown, so steady-state calls allocate nothing and pointers stay valid.
    /// </summary>
    internal sealed unsafe class CpuScratch
    {
        public const int HistogramStride = OhemCudaEmitter.Level1Bins;

        private uint[] keys = Array.Empty<uint>();
        private float[] weighted = Array.Empty<float>();
        private ChunkPartial[] partials = Array.Empty<ChunkPartial>();
        private uint[] histograms;
        private readonly long[] merged = GC.AllocateArray<long>(HistogramStride, pinned: true);
        private float[] tiles = Array.Empty<float>();
        private int tileStride;

        public CpuScratch(int workers)
        {
            Workers = workers;
            histograms = GC.AllocateArray<uint>(workers * HistogramStride, pinned: true);
        }

        public int Workers { get; }

        /// <summary>The current range's keys: per image, image n's start at n·H·W, so the backward still finds every image's keys.</summary>
        public uint* Keys => (uint*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(keys)) + KeyOffset;

        /// <summary>Where the current range's keys start (0 per batch).</summary>
        public long KeyOffset { get; set; }

        /// <summary>The weighted losses of a probability mode with class weights (next to the unweighted keys).</summary>
        public float* Weighted => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(weighted));

        public ChunkPartial* Partials => (ChunkPartial*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(partials));

        /// <summary>One histogram of <see cref="HistogramStride"/> counters per worker.</summary>
        public uint* Histograms => (uint*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(histograms));

        /// <summary>The workers' histograms added up.</summary>
        public long* Merged => (long*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(merged));

        /// <summary>Worker <paramref name="worker"/>'s tile of widened logits: classes × <see cref="TilePixels"/> floats.</summary>
        public float* Tile(int worker) => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(tiles)) + ((long)worker * tileStride);

        /// <summary>Pixels per tile: the vector loops copy a tile's logits, class by class, into a contiguous buffer.</summary>
        public const int TilePixels = 128;

        /// <summary>Makes room for <paramref name="pixels"/> keys, <paramref name="chunks"/> partials and tiles of <paramref name="classes"/> classes.</summary>
        public void Ensure(long pixels, int chunks, int classes, bool weightedLosses = false)
        {
            if (weightedLosses && weighted.LongLength < pixels)
            {
                weighted = GC.AllocateUninitializedArray<float>(checked((int)pixels), pinned: true);
            }

            int stride = checked(classes * TilePixels);
            if (tiles.Length < (long)stride * Workers)
            {
                tiles = GC.AllocateUninitializedArray<float>(checked(stride * Workers), pinned: true);
            }

            tileStride = stride;

            if (keys.LongLength < pixels)
            {
                keys = GC.AllocateUninitializedArray<uint>(checked((int)pixels), pinned: true);
            }

            if (partials.Length < chunks)
            {
                partials = GC.AllocateArray<ChunkPartial>(chunks, pinned: true);
            }
        }

        /// <summary>Zeroes the first <paramref name="bins"/> counters of every worker's histogram.</summary>
        public void ClearHistograms(int bins)
        {
            for (int w = 0; w < Workers; ++w)
            {
                new Span<uint>(Histograms + (w * HistogramStride), bins).Clear();
            }
        }

        /// <summary>Adds the workers' histograms into <see cref="Merged"/>; integer sums, so any order gives the same.</summary>
        public void MergeHistograms(int bins)
        {
            long* m = Merged;
            uint* h = Histograms;
            for (int b = 0; b < bins; ++b)
            {
                long total = 0;
                for (int w = 0; w < Workers; ++w)
                {
                    total += h[(w * HistogramStride) + b];
                }

                m[b] = total;
            }
        }
    }
}
