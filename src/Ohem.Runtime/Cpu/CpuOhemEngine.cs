using System;

namespace Ohem.Cpu
{
    /// <summary>
    /// The SIMD CPU engine: the algorithm of the CUDA text on the host, with per-pixel losses bit-identical to it
    /// (same exp/log operations, same explicit FMAs), the same rule, the same exact radix selection and the same
    /// backward with the same tie rule (among pixels tied at the cut-off the lowest flat indices are kept).
    /// </summary>
    /// <remarks>
    /// <para>Results are bitwise the same for any <c>maxDegreeOfParallelism</c>: pixels are split into fixed chunks whose
    /// partial sums are reduced in chunk order. Scratch (a 4-byte key per pixel, chunk partials, histograms) is kept by
    /// the engine and only grown; a call allocates nothing. An engine runs one call at a time (calls are serialised).</para>
    /// <para>Errors: NMin ≥ N·H·W throws <see cref="ArgumentOutOfRangeException"/> in mode BiSeNetV1 (PyTorch raises IndexError; the other modes never index by NMin;
    /// <see cref="OhemNMinPolicy.Clamp"/> and <see cref="OhemCandidates.ValidOnly"/> lift it, and the Throw knobs raise after the kernels, see docs/modes.md "Knobs"); a label
    /// that is neither the ignore label nor in [0, C) throws <see cref="ArgumentException"/> naming the first bad flat
    /// index and its value. NMin = 0 with no loss above the threshold gives a NaN loss, Kept = 0 and a zero gradient,
    /// as torch.mean of an empty selection.</para>
    /// </remarks>
    public sealed unsafe class CpuOhemEngine : OhemLossEngine
    {
        private readonly ChunkRunner runner;
        private readonly ICpuOhemKernel kernel;
        private readonly object gate = new();
        private bool disposed;

        /// <summary>Creates an engine that uses every processor.</summary>
        public CpuOhemEngine(OhemSpec spec)
            : this(spec, -1)
        {
        }

        /// <summary>Creates an engine that runs on at most <paramref name="maxDegreeOfParallelism"/> threads (-1: all processors).</summary>
        public CpuOhemEngine(OhemSpec spec, int maxDegreeOfParallelism)
            : this(spec, maxDegreeOfParallelism, allowVectors: true)
        {
        }

        /// <summary>Creates an engine; <paramref name="allowVectors"/> = false forces the scalar code (tests compare both).</summary>
        internal CpuOhemEngine(OhemSpec spec, int maxDegreeOfParallelism, bool allowVectors)
            : base(spec)
        {
            runner = new ChunkRunner(maxDegreeOfParallelism);
            kernel = CreateKernel(Spec, runner, allowVectors);
        }

        /// <summary>Stops the worker threads of an engine that was never disposed (they hold no reference to it).</summary>
        ~CpuOhemEngine() => Dispose(false);

        /// <inheritdoc/>
        public override OhemBackend Backend => OhemBackend.Cpu;

        internal ChunkRunner Runner => runner;

        /// <summary>The most threads a call uses.</summary>
        public int MaxDegreeOfParallelism => runner.Degree;

        /// <inheritdoc/>
        public override OhemResult Forward<TLogit, TLabel>(ReadOnlySpan<TLogit> logits, ReadOnlySpan<TLabel> labels, OhemShape shape)
        {
            CheckInputs<TLogit, TLabel>(logits.Length, labels.Length, shape);
            OhemKnobChecks.BeforeForward(Spec, shape);

            lock (gate)
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                fixed (TLogit* x = logits)
                fixed (TLabel* y = labels)
                {
                    OhemResult result = kernel.Forward(x, y, shape);
                    try
                    {
                        OhemKnobChecks.AfterForward(Spec, result, shape, kernel.ImageFacts);
                    }
                    catch
                    {
                        // A forward that throws leaves nothing for a backward.
                        kernel.Forget();
                        throw;
                    }

                    return result;
                }
            }
        }

        /// <inheritdoc/>
        public override void Backward<TLogit, TLabel>(ReadOnlySpan<TLogit> logits, ReadOnlySpan<TLabel> labels, OhemShape shape, Span<float> gradient, float upstream = 1f)
        {
            CheckInputs<TLogit, TLabel>(logits.Length, labels.Length, shape);
            if (gradient.Length != shape.Logits)
            {
                throw CpuOhemErrors.Length(nameof(gradient), gradient.Length, shape, shape.Logits, "N·C·H·W");
            }

            lock (gate)
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                OhemShape last = kernel.LastShape ?? throw CpuOhemErrors.NoForward();
                if (last != shape)
                {
                    throw CpuOhemErrors.ShapeChanged(shape, last);
                }

                fixed (TLogit* x = logits)
                fixed (TLabel* y = labels)
                fixed (float* g = gradient)
                {
                    kernel.Backward(x, y, shape, g, upstream);
                }
            }
        }

        /// <inheritdoc/>
        protected override void Dispose(bool disposing)
        {
            lock (gate)
            {
                if (!disposed)
                {
                    disposed = true;
                    // Null when a constructor threw (the finalizer still runs).
                    runner?.Dispose();
                }
            }

            base.Dispose(disposing);
        }

        private void CheckInputs<TLogit, TLabel>(long logitCount, long labelCount, OhemShape shape)
        {
            shape.Validate(nameof(shape));
            if (Spec.HasFixedClassCount && shape.C != Spec.NumClasses)
            {
                throw CpuOhemErrors.ClassCount(shape, Spec.NumClasses);
            }

            if (typeof(TLogit) != ExpectedLogit(Spec.Logits))
            {
                throw CpuOhemErrors.LogitType(typeof(TLogit), Spec.Logits);
            }

            if (typeof(TLabel) != ExpectedLabel(Spec.Labels))
            {
                throw CpuOhemErrors.LabelType(typeof(TLabel), Spec.Labels);
            }

            if (logitCount != shape.Logits)
            {
                throw CpuOhemErrors.Length("logits", logitCount, shape, shape.Logits, "N·C·H·W");
            }

            if (labelCount != shape.Pixels)
            {
                throw CpuOhemErrors.Length("labels", labelCount, shape, shape.Pixels, "N·H·W");
            }
        }

        private static Type ExpectedLogit(OhemLogits logits) => logits switch
        {
            OhemLogits.Float32 => typeof(float),
            OhemLogits.Float16 => typeof(Half),
            _ => typeof(BFloat16),
        };

        private static Type ExpectedLabel(OhemLabels labels) => labels switch
        {
            OhemLabels.Int64 => typeof(long),
            OhemLabels.Int32 => typeof(int),
            _ => typeof(byte),
        };

        private static ICpuOhemKernel CreateKernel(OhemSpec spec, ChunkRunner runner, bool vectors) => spec.Logits switch
        {
            OhemLogits.Float32 => CreateKernel<float>(spec, runner, vectors),
            OhemLogits.Float16 => CreateKernel<Half>(spec, runner, vectors),
            _ => CreateKernel<BFloat16>(spec, runner, vectors),
        };

        private static ICpuOhemKernel CreateKernel<TLogit>(OhemSpec spec, ChunkRunner runner, bool vectors)
            where TLogit : unmanaged => spec.Labels switch
            {
                OhemLabels.Int64 => new CpuOhemKernel<TLogit, long>(spec, runner, vectors),
                OhemLabels.Int32 => new CpuOhemKernel<TLogit, int>(spec, runner, vectors),
                _ => new CpuOhemKernel<TLogit, byte>(spec, runner, vectors),
            };
    }
}
