namespace Ohem.Cpu
{
    /// <summary>The knobs' pieces of the later modes' decisions, mirroring OhemCudaEmitter.LaterKnobs.</summary>
    internal sealed unsafe partial class CpuOhemKernel<TLogit, TLabel>
    {
        /// <summary>
        /// TorchSeg mining with Comparison = Strict (p &lt; θ): the keys above the k-th largest v, the ties at v dropped;
        /// nothing kept gives 0 / 0 = NaN (a mean of nothing) unless a knob fixes it.
        /// </summary>
        private OhemResult StrictTorchSeg(long k, long valid)
        {
            double above = SelectTop(k, out float v, out long r);
            long kept = k - r;
            state.Rule = OhemRule.TopNMin;
            state.Ties = TieRule.None;
            state.TiesKeep = 0;
            state.Kept = kept;
            return Result(Reduce(above, kept), kept, OhemRule.TopNMin, v, valid);
        }
    }
}
