namespace Ohem.Cpu
{
    /// <summary>The knobs' pieces of the decision, mirroring OhemCudaEmitter.Knobs.</summary>
    internal sealed unsafe partial class CpuOhemKernel<TLogit, TLabel>
    {
        /// <summary>The kept sum over the mode's normaliser, or the sum itself with Reduction = Sum.</summary>
        private double Reduce(double total, double divisor) => sum ? total : total / divisor;

        /// <summary>
        /// Inclusive cut-off (HRNet, MMSegSampler, PaddleSeg mining): every key at or above v is kept, the ties too; at
        /// v = 0 that is every valid pixel (ignored pixels tie at 0 but are not candidates). Adds the ties to the sum in
        /// the kernels' order and returns the kept count; the backward keeps all ties (no ranks).
        /// </summary>
        private long IncludeTies(ref double total, long rank, long r, float v, long valid)
        {
            long tied = state.TiesTotal;
            total += tied * (double)v;
            state.Ties = TieRule.ByRank;
            state.TiesKeep = tied;
            return state.CutKey == 0u ? valid : (rank - r) + tied;
        }

        /// <summary>The empty selection's loss where a knob sets it (OhemSpec.EmptyIsNaN), as the kernels' empty fix.</summary>
        private OhemResult EmptyFixed(OhemResult result) =>
            spec.FixesEmptyLoss && result.Kept == 0 ? result with { Loss = spec.EmptyIsNaN ? CanonicalNaN.Single : 0f } : result;
    }
}
