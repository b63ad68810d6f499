using System.Collections.Generic;

namespace Ohem.Runtime.Tests.Oracle
{
    /// <summary>
    /// The knobs against ohem_oracle.py, where each mode's function takes them from the formula: inclusive compares
    /// p ≤ θ (TorchSeg ProbOhemCrossEntropy2d, CCNet OhemCrossEntropy2d; for BiSeNetV1 the ℓ ≥ τ of pytorch-loss ohem_cpp),
    /// valid-only ranks the valid losses, sum returns the kept sum.
    /// </summary>
    public static partial class OracleCases
    {
        private static IEnumerable<OracleCase> KnobCases()
        {
            var s19 = new OhemShape(2, 19, 32, 48);
            const OhemComparison Inclusive = OhemComparison.Inclusive;

            // Comparison = Inclusive: ties at the order statistic are kept (the palettes tie many pixels exactly).
            yield return ModeRandom("knob-hrnet-inclusive-above", s19, new OhemSpec(0.7, 100, numClasses: 19, mode: OhemMode.HRNet, comparison: Inclusive), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("knob-hrnet-inclusive-topk", s19, new OhemSpec(0.7, 2000, numClasses: 19, mode: OhemMode.HRNet, comparison: Inclusive), 14f, 0.1, OhemRule.TopNMin);
            yield return Palette("knob-hrnet-inclusive-ties", new OhemSpec(0.01, 333, numClasses: 4, mode: OhemMode.HRNet, comparison: Inclusive), OhemRule.TopNMin);
            yield return Palette("knob-mmseg-inclusive-ties", new OhemSpec(0.01, 150, numClasses: 4, mode: OhemMode.MMSegSampler, comparison: Inclusive), OhemRule.TopNMin);
            yield return Palette("knob-paddleseg-inclusive-ties", new OhemSpec(0.01, 333, numClasses: 4, mode: OhemMode.PaddleSeg, comparison: Inclusive), OhemRule.TopNMin);
            yield return ModeRandom("knob-v1-inclusive-above", s19, new OhemSpec(0.7, 100, numClasses: 19, comparison: Inclusive), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("knob-v1-inclusive-topk", s19, new OhemSpec(0.7, 2000, numClasses: 19, comparison: Inclusive), 14f, 0.1, OhemRule.TopNMin);

            // Candidates = ValidOnly: NMin 30 beyond the 10 hard valid pixels keeps exactly them (all pixels: 20 zeros too); TopKPercent's k over the valid ones.
            yield return FewValid("knob-v1-valid-only", new OhemSpec(0.01, 30, numClasses: 5, candidates: OhemCandidates.ValidOnly), 10, easy: false, OhemRule.TopNMin);
            yield return ModeRandom("knob-topk-percent-valid-only", s19, new OhemSpec(numClasses: 19, mode: OhemMode.TopKPercent, fraction: 0.2, candidates: OhemCandidates.ValidOnly), 6f, 0.3, OhemRule.TopNMin);

            // Reduction = Sum.
            yield return ModeRandom("knob-hrnet-sum", s19, new OhemSpec(0.7, 2000, numClasses: 19, mode: OhemMode.HRNet, reduction: OhemReduction.Sum), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-topk-percent-valid-only-sum", s19, new OhemSpec(numClasses: 19, mode: OhemMode.TopKPercent, fraction: 0.2, candidates: OhemCandidates.ValidOnly, reduction: OhemReduction.Sum), 6f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("knob-paddleseg-inclusive-sum", s19, new OhemSpec(0.7, 2000, numClasses: 19, mode: OhemMode.PaddleSeg, comparison: Inclusive, reduction: OhemReduction.Sum), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-mmseg-sum", s19, new OhemSpec(0.7, 1000, numClasses: 19, mode: OhemMode.MMSegSampler, reduction: OhemReduction.Sum), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-v1-sum", s19, new OhemSpec(0.7, 100, numClasses: 19, reduction: OhemReduction.Sum), 0f, 0.1, OhemRule.AboveThreshold);
        }
    }
}
