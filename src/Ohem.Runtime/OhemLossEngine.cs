using System;

namespace Ohem
{
    /// <summary>
    /// Runs one spec's OHEM loss. Scratch (per-pixel losses, histograms) is allocated once and grown when needed,
    /// never per call. <see cref="Backward{TLogit, TLabel}"/> uses the state of the last
    /// <see cref="Forward{TLogit, TLabel}"/>, which must have been given the same inputs.
    /// </summary>
    public abstract class OhemLossEngine : IDisposable
    {
        /// <summary>Creates the engine for a spec.</summary>
        protected OhemLossEngine(OhemSpec spec)
        {
            ArgumentNullException.ThrowIfNull(spec);
            Spec = spec.EnsureValid();
        }

        /// <summary>The spec this engine runs.</summary>
        public OhemSpec Spec { get; }

        /// <summary>Where this engine runs (never <see cref="OhemBackend.Auto"/>).</summary>
        public abstract OhemBackend Backend { get; }

        /// <summary>Why this backend was chosen (for Auto: what CUDA probing found); empty when chosen explicitly.</summary>
        public string BackendReason { get; internal set; } = string.Empty;

        /// <summary>
        /// Creates an engine. <paramref name="cudaSource"/> is the generated CUDA C (emitted from the spec when null).
        /// Auto picks CUDA when a device, the driver and NVRTC are present, the CPU otherwise.
        /// </summary>
        public static OhemLossEngine Create(OhemSpec spec, string? cudaSource = null, OhemBackend backend = OhemBackend.Auto)
        {
            ArgumentNullException.ThrowIfNull(spec);
            spec.EnsureValid();
            return backend switch
            {
                OhemBackend.Cpu => new Cpu.CpuOhemEngine(spec),
                OhemBackend.Auto => OhemBackendSelector.CreateAuto(spec, cudaSource),
                OhemBackend.Cuda => OhemBackendSelector.CreateCuda(spec, cudaSource),
                _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "Expected Auto, Cpu or Cuda."),
            };
        }

        /// <summary>The loss of N×C×H×W logits (NCHW) and N×H×W labels.</summary>
        public abstract OhemResult Forward<TLogit, TLabel>(ReadOnlySpan<TLogit> logits, ReadOnlySpan<TLabel> labels, OhemShape shape)
            where TLogit : unmanaged
            where TLabel : unmanaged;

        /// <summary>d(loss)/d(logits) × <paramref name="upstream"/> for the last forward, into <paramref name="gradient"/> (NCHW float32).</summary>
        public abstract void Backward<TLogit, TLabel>(ReadOnlySpan<TLogit> logits, ReadOnlySpan<TLabel> labels, OhemShape shape, Span<float> gradient, float upstream = 1f)
            where TLogit : unmanaged
            where TLabel : unmanaged;

        /// <summary>Releases scratch memory.</summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Releases scratch memory.</summary>
        protected virtual void Dispose(bool disposing)
        {
        }
    }
}
