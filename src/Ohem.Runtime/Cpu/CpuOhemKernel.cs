using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Ohem.Cpu
{
    /// <summary>The type-erased face of <see cref="CpuOhemKernel{TLogit, TLabel}"/>, called once per forward or backward.</summary>
    internal unsafe interface ICpuOhemKernel
    {
        /// <summary>The shape of the last successful forward, if any.</summary>
        OhemShape? LastShape { get; }

        /// <summary>Runs the forward pass; the caller has checked the shape, the lengths and NMin &lt; N·H·W.</summary>
        OhemResult Forward(void* logits, void* labels, OhemShape shape);

        /// <summary>Drops the last forward (its result was refused), so a backward needs a new one.</summary>
        void Forget();

        /// <summary>Per image: which image kept nothing and which has the fewest valid pixels, for the Throw knobs.</summary>
        OhemImageFacts ImageFacts { get; }

        /// <summary>Runs the backward pass of the last forward into <paramref name="gradient"/>.</summary>
        void Backward(void* logits, void* labels, OhemShape shape, float* gradient, float upstream);
    }

    /// <summary>Which of the pixels tied at the cut-off key the top-k rule keeps.</summary>
    internal enum TieRule
    {
        /// <summary>The first <see cref="SelectionState.TiesKeep"/> in flat index order (all of them when that is every tie).</summary>
        ByRank,
        /// <summary>None: HRNet keeps only pixels strictly above the cut-off.</summary>
        None,
    }

    /// <summary>What the rule decided in the last forward; the backward reads it.</summary>
    internal struct SelectionState
    {
        public OhemRule Rule;
        public TieRule Ties;
        public long Kept;
        public uint CutKey;
        public long TiesKeep;
        /// <summary>What the kept sum is divided by in MMSegSampler and PaddleSeg (the others divide by <see cref="Kept"/>).</summary>
        public double Divisor;
        public long TiesTotal;
    }

    /// <summary>
    /// The CPU algorithm for one spec, specialised by the JIT for one logit and one label type. Pixels are processed in
    /// fixed chunks of <see cref="ChunkPixels"/>; each chunk writes its own partial and the partials are reduced in chunk
    /// order, so every result is bitwise the same for any number of threads. Within a chunk, tiles of up to 128 pixels of
    /// one image are read class plane by class plane into a contiguous buffer and computed eight pixels per vector (NCHW
    /// keeps each plane contiguous; NHWC rows are transposed into the same buffer, see CpuOhemKernel.Layout.cs); the few pixels left at the end of an image or chunk go through the scalar code, which
    /// gives the same bits.
    /// </summary>
    internal sealed unsafe partial class CpuOhemKernel<TLogit, TLabel> : ICpuOhemKernel, IChunkJob
        where TLogit : unmanaged
        where TLabel : unmanaged
    {
        /// <summary>Pixels per chunk: fixed, so partial sums do not depend on the thread count.</summary>
        public const int ChunkPixels = 32768;

        private readonly float threshLoss;
        private readonly bool inclusive;
        private readonly bool sum;
        private readonly int ignore;
        private readonly long nMin;
        private readonly OhemSpec spec;
        private readonly bool vectorized;
        private readonly bool channelsLast;
        private readonly ChunkRunner runner;
        private readonly CpuScratch scratch;
        private readonly float[]? weights;
        private readonly bool weightLoss;
        private readonly bool weightedLosses;
        private readonly bool weightSum;

        // The current call's inputs; valid only while Forward or Backward runs (the caller keeps them pinned).
        private TLogit* logits;
        private TLabel* labels;
        private float* gradient;
        private long pixels;
        private long images;
        private long plane;
        private int classes;
        private Phase phase;
        private uint prefix;
        private float scale;

        private SelectionState state;
        private OhemShape? lastShape;

        private enum Phase
        {
            Forward,
            Histogram1,
            Level2,
            Level3,
            TieCount,
            WeightedSum,
            WeightSum,
            Backward,
        }

        public CpuOhemKernel(OhemSpec spec, ChunkRunner runner, bool allowVectors)
        {
            threshLoss = spec.CompareLoss;
            inclusive = spec.IsInclusiveKnob;
            sum = spec.IsSum;
            ignore = spec.IgnoreLabel;
            nMin = spec.NMin;
            this.spec = spec;
            vectorized = allowVectors && OhemVectorMath.IsAccelerated;
            channelsLast = spec.IsChannelsLast;
            this.runner = runner;
            scratch = new CpuScratch(runner.Degree);
            if (spec.HasClassWeights)
            {
                weights = GC.AllocateArray<float>(spec.NumClasses, pinned: true);
                spec.ClassWeightsFloat32().CopyTo(weights, 0);
                weightLoss = spec.SelectsOnWeightedLoss;
                weightedLosses = spec.HasWeightedLosses;
                weightSum = spec.DividesByWeightSum;
            }
        }

        public OhemShape? LastShape => lastShape;

        public void Forget() => lastShape = null;

        private int Chunks => (int)((pixels + ChunkPixels - 1) / ChunkPixels);

        public void Run(int chunk, int worker)
        {
            long begin = (long)chunk * ChunkPixels;
            long end = Math.Min(begin + ChunkPixels, pixels);
            switch (phase)
            {
                case Phase.Forward:
                    ForwardChunk(chunk, worker, begin, end);
                    break;
                case Phase.Histogram1:
                    Histogram1Chunk(worker, begin, end);
                    break;
                case Phase.Level2:
                case Phase.Level3:
                    RefineChunk(chunk, worker, begin, end);
                    break;
                case Phase.TieCount:
                    TieCountChunk(chunk, begin, end);
                    break;
                case Phase.WeightedSum:
                    WeightedSumChunk(chunk, begin, end);
                    break;
                case Phase.WeightSum:
                    WeightSumChunk(chunk, begin, end);
                    break;
                default:
                    BackwardChunk(chunk, worker, begin, end);
                    break;
            }
        }

        public OhemResult Forward(void* logitsPtr, void* labelsPtr, OhemShape shape)
        {
            lastShape = null;
            OhemResult result = spec.IsPerImage ? ForwardPerImage(logitsPtr, labelsPtr, shape) : ForwardRange(logitsPtr, labelsPtr, shape);
            lastShape = shape;
            return result;
        }

        /// <summary>The rule over one selection range: the whole batch, or (per image) one image as a batch of one.</summary>
        private OhemResult ForwardRange(void* logitsPtr, void* labelsPtr, OhemShape shape)
        {
            Bind(logitsPtr, labelsPtr, shape);
            int chunks = Chunks;
            scratch.Ensure(pixels, chunks, classes, weightedLosses);
            phase = Phase.Forward;
            runner.Run(this, chunks);

            long above = 0, valid = 0, nans = 0, firstBad = -1;
            double sum = 0.0;
            ChunkPartial* parts = scratch.Partials;
            for (int i = 0; i < chunks; ++i)
            {
                if (parts[i].FirstBad >= 0)
                {
                    firstBad = parts[i].FirstBad;
                    break;
                }

                above += parts[i].Above;
                valid += parts[i].Valid;
                nans += parts[i].Nans;
                sum += parts[i].SumAbove;
            }

            if (firstBad >= 0)
            {
                long value = LabelReader.ToInt64(labels[firstBad]);
                Unbind();
                throw CpuOhemErrors.BadLabel(indexBase + firstBad, value, ignore, classes);
            }

            OhemResult result = EmptyFixed(Decide(above, valid, nans, sum));
            Unbind();
            return result;
        }

        /// <summary>
        /// The seed's rule: torch.sort(descending) puts NaNs first, so loss[n_min] &gt; thresh holds exactly when
        /// n_min ≥ #NaN and more than n_min − #NaN losses are above the threshold.
        /// </summary>
        private OhemResult Decide(long above, long valid, long nans, double sumAbove)
        {
            state = default;
            switch (spec.RuleMode)
            {
                case OhemMode.BiSeNetV2:
                    return DecideBiSeNetV2(above, valid, sumAbove);
                case OhemMode.HRNet:
                    return DecideHRNet(above, valid, sumAbove);
                case OhemMode.TopKPercent:
                    return TopK(spec.FractionCount(spec.IsValidOnlyTopK ? valid : pixels), valid);
                case OhemMode.MMSegSampler:
                    return DecideMMSeg(above, valid, sumAbove);
                case OhemMode.PaddleSeg:
                    return DecidePaddleSeg(above, valid, sumAbove);
                case var more when OhemCudaEmitter.IsMoreMode(more):
                    return DecideMore(above, valid, nans, sumAbove);
            }

            long k = spec.IsValidOnlyTopK ? Math.Min(nMin, valid) : spec.ClampsNMinToPixels ? Math.Min(nMin, pixels) : nMin;
            if (k >= nans && above > k - nans)
            {
                state.Rule = OhemRule.AboveThreshold;
                state.Kept = above;
                return new OhemResult((float)Reduce(sumAbove, above), above, OhemRule.AboveThreshold, threshLoss, pixels, valid, OhemBackend.Cpu);
            }

            return TopK(k, valid);
        }

        public void Backward(void* logitsPtr, void* labelsPtr, OhemShape shape, float* grad, float upstream)
        {
            if (spec.IsPerImage)
            {
                BackwardPerImage(logitsPtr, labelsPtr, shape, grad, upstream);
                return;
            }

            BackwardRange(logitsPtr, labelsPtr, shape, grad, upstream, 1);
        }

        /// <summary>The backward of one selection range from <see cref="state"/>; per image the scale is also divided by the image count.</summary>
        private void BackwardRange(void* logitsPtr, void* labelsPtr, OhemShape shape, float* grad, float upstream, long imageCount)
        {
            Bind(logitsPtr, labelsPtr, shape);
            gradient = grad;
            int chunks = Chunks;
            double divisor = spec.HasDivisorField ? state.Divisor : state.Kept;
            scale = state.Kept == 0 ? 0.0f : sum ? upstream : (float)((double)upstream / (spec.IsPerImage ? divisor * imageCount : divisor));
            if (NeedsTieRanks)
            {
                phase = Phase.TieCount;
                runner.Run(this, chunks);
                ChunkPartial* parts = scratch.Partials;
                long running = 0;
                for (int i = 0; i < chunks; ++i)
                {
                    long count = parts[i].Ties;
                    parts[i].Ties = running;
                    running += count;
                }
            }

            phase = Phase.Backward;
            runner.Run(this, chunks);
            Unbind();
        }

        /// <summary>Ranks among the pixels tied at the cut-off are needed only when some but not all of them are kept.</summary>
        private bool NeedsTieRanks => state.Rule == OhemRule.TopNMin && state.Ties == TieRule.ByRank && state.Kept != 0 && state.TiesKeep < state.TiesTotal;

        private void Bind(void* logitsPtr, void* labelsPtr, OhemShape shape)
        {
            logits = (TLogit*)logitsPtr;
            labels = (TLabel*)labelsPtr;
            pixels = shape.Pixels;
            images = shape.N;
            plane = shape.Plane;
            classes = shape.C;
        }

        private void Unbind()
        {
            logits = null;
            labels = null;
            gradient = null;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<float> Load8(TLogit* p) => LogitConvert.Load8(ref Unsafe.AsRef<TLogit>(p));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static int Count(Vector256<uint> mask) => BitOperations.PopCount(mask.ExtractMostSignificantBits());

        /// <summary>Lane bits (bit i = lane i) back to a lane mask.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<uint> MaskOf(uint bits)
        {
            Vector256<uint> lanes = Vector256.Create(1u, 2u, 4u, 8u, 16u, 32u, 64u, 128u);
            return Vector256.Equals(Vector256.Create(bits) & lanes, lanes);
        }

        /// <summary>Adds the four lanes of two fp64 accumulators in a fixed order.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static double Total(Vector256<double> lo, Vector256<double> hi)
        {
            Vector256<double> s = lo + hi;
            return ((s.GetElement(0) + s.GetElement(1)) + s.GetElement(2)) + s.GetElement(3);
        }
    }
}
