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

            foreach (OracleCase c in KnobScopeCases())
            {
                yield return c;
            }
        }

        /// <summary>
        /// The knobs per image (each image a batch of one; Sum adds the image sums, OnEmpty acts on each image) and with
        /// class weights (the loss-domain modes on the weighted loss; the probability modes select on p and sum w[y]·ℓ,
        /// the ties at the cut-off included when inclusive). Random batches and edges: an empty image, NMin at or
        /// beyond one image's valid pixels, ties.
        /// </summary>
        private static IEnumerable<OracleCase> KnobScopeCases()
        {
            var s3 = new OhemShape(3, 19, 24, 32);
            var s19 = new OhemShape(2, 19, 32, 48);
            var small = new OhemShape(2, 5, 8, 8);
            const OhemScope Image = OhemScope.PerImage;
            const OhemComparison Inclusive = OhemComparison.Inclusive;
            const OhemReduction Sum = OhemReduction.Sum;
            const OhemCandidates Valid = OhemCandidates.ValidOnly;
            double[] w19 = { 1.0, 0.5, 2.0, 0.0, 3.0, 1.25, 0.75, 1.0, 1.5, 0.25, 2.5, 1.0, 0.8, 1.2, 0.9, 1.1, 2.25, 0.6, 1.75 };
            double[] w5 = { 0.5, 2.0, 1.0, 0.0, 3.0 };
            double[] w4 = { 0.5, 2.0, 1.0, 3.0 };

            // Per image, random.
            yield return ModeRandom("knob-per-image-hrnet-inclusive-sum-weights", s3, new OhemSpec(0.7, 300, numClasses: 19, mode: OhemMode.HRNet, classWeights: w19, scope: Image, comparison: Inclusive, reduction: Sum), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-per-image-v1-valid-only-inclusive-weights", s3, new OhemSpec(0.7, 300, numClasses: 19, classWeights: w19, scope: Image, comparison: Inclusive, candidates: Valid), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-per-image-v1-sum-above", s3, new OhemSpec(0.7, 50, numClasses: 19, scope: Image, reduction: Sum), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("knob-per-image-topk-percent-valid-only-sum", s3, new OhemSpec(numClasses: 19, mode: OhemMode.TopKPercent, fraction: 0.2, classWeights: w19, scope: Image, candidates: Valid, reduction: Sum), 6f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("knob-per-image-mmseg-inclusive-weights", s3, new OhemSpec(0.7, 300, numClasses: 19, mode: OhemMode.MMSegSampler, classWeights: w19, scope: Image, comparison: Inclusive), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-per-image-paddleseg-sum-weights", s3, new OhemSpec(0.7, 300, numClasses: 19, mode: OhemMode.PaddleSeg, classWeights: w19, scope: Image, reduction: Sum), 14f, 0.1, OhemRule.TopNMin);

            // Per image, edges: an empty image (NMin = 0, the second image easy) is 0 with Zero; NMin at or beyond an
            // image's valid pixels (HRNet clamps per image, PaddleSeg stops mining in that image, BiSeNetV1 clamps to H·W).
            yield return EasySecondImage("knob-per-image-v1-empty-image-zero", new OhemSpec(0.7, 0, numClasses: 5, scope: Image, onEmpty: OhemOnEmpty.Zero), OhemRule.TopNMin);
            yield return EasySecondImage("knob-per-image-v1-empty-image-zero-sum-weights", new OhemSpec(0.7, 0, numClasses: 5, classWeights: w5, scope: Image, onEmpty: OhemOnEmpty.Zero, reduction: Sum), OhemRule.TopNMin);
            yield return ModeRandom("knob-per-image-hrnet-n-min-beyond-valid-inclusive-weights", small, new OhemSpec(0.7, 60, numClasses: 5, mode: OhemMode.HRNet, classWeights: w5, scope: Image, comparison: Inclusive), 4f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("knob-per-image-paddleseg-n-min-beyond-valid-sum", small, new OhemSpec(0.7, 50, numClasses: 5, mode: OhemMode.PaddleSeg, scope: Image, comparison: Inclusive, reduction: Sum), 4f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("knob-per-image-v1-clamp", small, new OhemSpec(0.7, 100, numClasses: 5, scope: Image, nMinPolicy: OhemNMinPolicy.Clamp), 4f, 0.3, OhemRule.TopNMin);

            // Per image, ties (six pixel kinds): inclusive keeps every tie at each image's cut-off.
            yield return Palette("knob-per-image-hrnet-inclusive-ties-weights", new OhemSpec(0.01, 150, numClasses: 4, mode: OhemMode.HRNet, classWeights: w4, scope: Image, comparison: Inclusive), OhemRule.TopNMin);
            yield return Palette("knob-per-image-paddleseg-inclusive-ties-sum", new OhemSpec(0.01, 150, numClasses: 4, mode: OhemMode.PaddleSeg, scope: Image, comparison: Inclusive, reduction: Sum), OhemRule.TopNMin);

            // Class weights per batch: ties at the cut-off in the level-4 weighted sum, sums, valid-only top-k.
            yield return Palette("knob-weights-hrnet-inclusive-ties", new OhemSpec(0.01, 333, numClasses: 4, mode: OhemMode.HRNet, classWeights: w4, comparison: Inclusive), OhemRule.TopNMin);
            yield return Palette("knob-weights-mmseg-inclusive-ties-sum", new OhemSpec(0.01, 150, numClasses: 4, mode: OhemMode.MMSegSampler, classWeights: w4, comparison: Inclusive, reduction: Sum), OhemRule.TopNMin);
            yield return Palette("knob-weights-paddleseg-inclusive-ties", new OhemSpec(0.01, 333, numClasses: 4, mode: OhemMode.PaddleSeg, classWeights: new[] { 0.5, 2.0, 0.0, 3.0 }, comparison: Inclusive), OhemRule.TopNMin);
            yield return ModeRandom("knob-weights-hrnet-sum-above", s19, new OhemSpec(0.7, 100, numClasses: 19, mode: OhemMode.HRNet, classWeights: w19, reduction: Sum), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("knob-weights-v1-inclusive-topk", s19, new OhemSpec(0.7, 2000, numClasses: 19, classWeights: w19, comparison: Inclusive), 14f, 0.1, OhemRule.TopNMin);
            // No zero weight here: a weighted loss of 0 would put the cut-off at 0, tied with every ignored pixel.
            yield return FewValid("knob-weights-v1-valid-only-sum", new OhemSpec(0.01, 30, numClasses: 5, classWeights: new[] { 0.5, 2.0, 1.0, 1.5, 3.0 }, candidates: Valid, reduction: Sum), 10, easy: false, OhemRule.TopNMin);
            yield return ModeRandom("knob-weights-topk-percent-valid-only", s19, new OhemSpec(numClasses: 19, mode: OhemMode.TopKPercent, fraction: 0.2, classWeights: w19, candidates: Valid), 6f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("knob-weights-paddleseg-inclusive-sum", s19, new OhemSpec(0.7, 2000, numClasses: 19, mode: OhemMode.PaddleSeg, classWeights: w19, comparison: Inclusive, reduction: Sum), 14f, 0.1, OhemRule.TopNMin);
        }
    }
}
