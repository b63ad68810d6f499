using System.Collections.Generic;

namespace Ohem.Runtime.Tests.Oracle
{
    /// <summary>
    /// The knobs with modes 6-10 against ohem_oracle.py, whose functions take them from the formula: strict compares
    /// p &lt; θ (lt) where TorchSeg and pytorch-loss compare p ≤ θ, clamp reads TorchSeg's min_kept &gt; valid as valid,
    /// valid-only takes the TF top k over the valid losses with k = int(r · float(valid)), sum drops the normaliser, and
    /// on_empty replaces the loss of an empty selection.
    /// </summary>
    public static partial class OracleCases
    {
        private static IEnumerable<OracleCase> LaterKnobCases()
        {
            var s19 = new OhemShape(2, 19, 32, 48);
            var small = new OhemShape(2, 7, 12, 20);
            var tiny = new OhemShape(1, 5, 8, 8);
            const OhemComparison Strict = OhemComparison.Strict;
            const OhemReduction Sum = OhemReduction.Sum;

            // TorchSeg, Comparison = Strict: the order statistic, its ties dropped (the palette ties many pixels), the
            // threshold rule, and NMinPolicy = Clamp with min_kept beyond the valid pixels.
            yield return ModeRandom("knob-torchseg-strict-topk", s19, new OhemSpec(0.7, 2000, numClasses: 19, mode: OhemMode.TorchSeg, comparison: Strict), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-torchseg-strict-above", s19, new OhemSpec(0.7, 100, numClasses: 19, mode: OhemMode.TorchSeg, comparison: Strict), 0f, 0.1, OhemRule.AboveThreshold);
            yield return Palette("knob-torchseg-strict-ties", new OhemSpec(0.01, 333, numClasses: 4, mode: OhemMode.TorchSeg, comparison: Strict), OhemRule.TopNMin);
            yield return ModeRandom("knob-torchseg-strict-clamp-exceeds-valid-bf16", new OhemShape(1, 19, 24, 32), new OhemSpec(0.7, 1_000_000, numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.TorchSeg, comparison: Strict, nMinPolicy: OhemNMinPolicy.Clamp), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-torchseg-sum-above-f16", small, new OhemSpec(0.6, 60, numClasses: 7, logits: OhemLogits.Float16, mode: OhemMode.TorchSeg, reduction: Sum), 10f, 0.2, OhemRule.AboveThreshold);
            yield return ModeRandom("knob-torchseg-sum-topk", s19, new OhemSpec(0.7, 2000, numClasses: 19, mode: OhemMode.TorchSeg, reduction: Sum), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-torchseg-no-valid-zero", tiny, new OhemSpec(0.7, 10, numClasses: 5, mode: OhemMode.TorchSeg, onEmpty: OhemOnEmpty.Zero), 0f, 1.0, OhemRule.TopNMin);

            // pytorch-loss, Comparison = Strict: rank slots; Thresh 1 (p < 1 is every non-saturated valid pixel); sums.
            yield return ModeRandom("knob-pytorch-loss-strict-topk", s19, new OhemSpec(0.7, 2000, numClasses: 19, mode: OhemMode.PytorchLossOhem, comparison: Strict), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-pytorch-loss-strict-thresh-1", new OhemShape(2, 5, 8, 8), new OhemSpec(1.0, 10, numClasses: 5, mode: OhemMode.PytorchLossOhem, comparison: Strict), 0f, 0.2, OhemRule.AboveThreshold);
            yield return ModeRandom("knob-pytorch-loss-sum-sixteenth-u8", s19, new OhemSpec(0.7, numClasses: 19, labels: OhemLabels.UInt8, mode: OhemMode.PytorchLossOhem, fraction: 0.0625, reduction: Sum), 14f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("knob-pytorch-loss-sum-topk", s19, new OhemSpec(0.7, 2000, numClasses: 19, mode: OhemMode.PytorchLossOhem, reduction: Sum), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-pytorch-loss-no-valid-zero", tiny, new OhemSpec(0.7, 10, numClasses: 5, mode: OhemMode.PytorchLossOhem, onEmpty: OhemOnEmpty.Zero), 0f, 1.0, OhemRule.TopNMin);

            // MMSegByLoss: the kept sum (random and tied), and OnEmpty = NaN for min_kept 0.
            yield return ModeRandom("knob-mmseg-loss-sum", s19, new OhemSpec(nMin: 1000, numClasses: 19, mode: OhemMode.MMSegByLoss, reduction: Sum), 14f, 0.1, OhemRule.TopNMin);
            yield return Palette("knob-mmseg-loss-sum-ties", new OhemSpec(nMin: 150, numClasses: 4, mode: OhemMode.MMSegByLoss, reduction: Sum), OhemRule.TopNMin);
            yield return ModeRandom("knob-mmseg-loss-min-kept-0-nan", new OhemShape(2, 5, 8, 8), new OhemSpec(nMin: 0, numClasses: 5, mode: OhemMode.MMSegByLoss, onEmpty: OhemOnEmpty.NaN), 0f, 0.1, OhemRule.TopNMin);

            // DeepLabTF and ModelGarden, Candidates = ValidOnly (k from the valid count), sums, OnEmpty = NaN.
            yield return ModeRandom("knob-deeplab-tf-valid-only", s19, new OhemSpec(numClasses: 19, mode: OhemMode.DeepLabTF, fraction: 0.2, candidates: OhemCandidates.ValidOnly), 6f, 0.3, OhemRule.TopNMin);
            yield return Palette("knob-deeplab-tf-valid-only-sum-ties", new OhemSpec(numClasses: 4, mode: OhemMode.DeepLabTF, fraction: 0.3, candidates: OhemCandidates.ValidOnly, reduction: Sum), OhemRule.TopNMin);
            yield return ModeRandom("knob-deeplab-tf-no-valid-nan", tiny, new OhemSpec(numClasses: 5, mode: OhemMode.DeepLabTF, fraction: 0.5, onEmpty: OhemOnEmpty.NaN), 0f, 1.0, OhemRule.TopNMin);
            yield return ModeRandom("knob-model-garden-valid-only", s19, new OhemSpec(numClasses: 19, mode: OhemMode.ModelGarden, fraction: 0.25, candidates: OhemCandidates.ValidOnly), 6f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("knob-model-garden-valid-only-sum-bf16-i32", small, new OhemSpec(ignoreLabel: -1, logits: OhemLogits.BFloat16, labels: OhemLabels.Int32, mode: OhemMode.ModelGarden, fraction: 0.95, candidates: OhemCandidates.ValidOnly, reduction: Sum), 4f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("knob-model-garden-1-sum", s19, new OhemSpec(numClasses: 19, mode: OhemMode.ModelGarden, reduction: Sum), 6f, 0.3, OhemRule.TopNMin);
        }
    }
}
