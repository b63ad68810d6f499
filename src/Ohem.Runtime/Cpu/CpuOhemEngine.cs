using System;

namespace Ohem.Cpu
{
    /// <summary>The SIMD CPU engine (placeholder until the CPU backend lands).</summary>
    internal sealed class CpuOhemEngine : OhemLossEngine
    {
        public CpuOhemEngine(OhemSpec spec)
            : base(spec)
        {
        }

        public override OhemBackend Backend => OhemBackend.Cpu;

        public override OhemResult Forward<TLogit, TLabel>(ReadOnlySpan<TLogit> logits, ReadOnlySpan<TLabel> labels, OhemShape shape) =>
            throw new NotImplementedException();

        public override void Backward<TLogit, TLabel>(ReadOnlySpan<TLogit> logits, ReadOnlySpan<TLabel> labels, OhemShape shape, Span<float> gradient, float upstream = 1f) =>
            throw new NotImplementedException();
    }
}
