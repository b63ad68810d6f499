using System.Collections.Generic;

namespace Ohem.Runtime.Tests.Oracle
{
    /// <summary>
    /// The knobs of modes 6-10 per image (each image a batch of one: ohem_oracle.py's per_image runs the mode's function
    /// with the knob arguments on each image, on_empty on each image, the sum of the image sums with reduction "sum") and
    /// with class weights (MMSegByLoss, DeepLabTF, ModelGarden rank ℓ' = w[y]·ℓ). Random batches, ties (the palette), an
    /// image with no valid pixel.
    /// </summary>
    public static partial class OracleCases
    {
        private static IEnumerable<OracleCase> LaterKnobScopeCases()
        {
            var s3 = new OhemShape(3, 19, 24, 32);
            var s19 = new OhemShape(2, 19, 32, 48);
            const OhemScope Image = OhemScope.PerImage;
            const OhemComparison Strict = OhemComparison.Strict;
            const OhemReduction Sum = OhemReduction.Sum;
            const OhemCandidates Valid = OhemCandidates.ValidOnly;
            double[] w19 = { 1.0, 0.5, 2.0, 0.0, 3.0, 1.25, 0.75, 1.0, 1.5, 0.25, 2.5, 1.0, 0.8, 1.2, 0.9, 1.1, 2.25, 0.6, 1.75 };
            double[] w4 = { 0.5, 2.0, 1.0, 3.0 };

            // Per image, random: each mode with a knob it reads.
            yield return ModeRandom("knob-per-image-torchseg-strict-topk", s3, new OhemSpec(0.7, 300, numClasses: 19, mode: OhemMode.TorchSeg, scope: Image, comparison: Strict), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-per-image-torchseg-clamp-sum", s3, new OhemSpec(0.7, 5000, numClasses: 19, mode: OhemMode.TorchSeg, scope: Image, nMinPolicy: OhemNMinPolicy.Clamp, reduction: Sum), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-per-image-pytorch-loss-strict-sum", s3, new OhemSpec(0.7, 300, numClasses: 19, mode: OhemMode.PytorchLossOhem, scope: Image, comparison: Strict, reduction: Sum), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-per-image-mmseg-loss-sum", s3, new OhemSpec(nMin: 300, numClasses: 19, mode: OhemMode.MMSegByLoss, scope: Image, reduction: Sum), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-per-image-deeplab-tf-valid-only", s3, new OhemSpec(numClasses: 19, mode: OhemMode.DeepLabTF, fraction: 0.2, scope: Image, candidates: Valid), 6f, 0.3, OhemRule.TopNMin);

            // Per image, an image with no valid pixel: TorchSeg's NaN image is 0 with Zero; ModelGarden's k = 0 image adds 0.
            yield return IgnoredSecondImage("knob-per-image-torchseg-strict-ignored-image-zero", new OhemSpec(0.7, 100, numClasses: 5, mode: OhemMode.TorchSeg, scope: Image, comparison: Strict, onEmpty: OhemOnEmpty.Zero));
            yield return IgnoredSecondImage("knob-per-image-model-garden-valid-only-sum-ignored-image", new OhemSpec(numClasses: 5, mode: OhemMode.ModelGarden, fraction: 0.3, scope: Image, candidates: Valid, reduction: Sum));

            // Per image, ties (the palette): strict drops each image's ties at its cut-off; mmseg's sum keeps k by rank.
            yield return Palette("knob-per-image-torchseg-strict-ties", new OhemSpec(0.01, 200, numClasses: 4, mode: OhemMode.TorchSeg, scope: Image, comparison: Strict, onEmpty: OhemOnEmpty.Zero), OhemRule.TopNMin);
            yield return Palette("knob-per-image-mmseg-loss-sum-ties", new OhemSpec(nMin: 150, numClasses: 4, mode: OhemMode.MMSegByLoss, scope: Image, reduction: Sum), OhemRule.TopNMin);

            // Class weights: the weighted loss ranked, per batch and per image, with ties.
            yield return ModeRandom("knob-weights-mmseg-loss-sum", s19, new OhemSpec(nMin: 1000, numClasses: 19, mode: OhemMode.MMSegByLoss, classWeights: w19, reduction: Sum), 14f, 0.1, OhemRule.TopNMin);
            yield return Palette("knob-weights-deeplab-tf-valid-only-ties", new OhemSpec(numClasses: 4, mode: OhemMode.DeepLabTF, fraction: 0.3, classWeights: w4, candidates: Valid), OhemRule.TopNMin);
            yield return ModeRandom("knob-weights-model-garden-per-image-valid-only-sum", s3, new OhemSpec(numClasses: 19, mode: OhemMode.ModelGarden, fraction: 0.25, classWeights: w19, scope: Image, candidates: Valid, reduction: Sum), 6f, 0.3, OhemRule.TopNMin);
            // Weighted TorchSeg with NMinPolicy: Clamp mines at the valid count (per batch and per image), Throw's counts as without weights.
            yield return ModeRandom("knob-weights-torchseg-clamp", s19, new OhemSpec(0.7, 5000, numClasses: 19, mode: OhemMode.TorchSeg, classWeights: w19, nMinPolicy: OhemNMinPolicy.Clamp), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-weights-torchseg-per-image-clamp", s3, new OhemSpec(0.7, 5000, numClasses: 19, mode: OhemMode.TorchSeg, classWeights: w19, scope: Image, nMinPolicy: OhemNMinPolicy.Clamp), 14f, 0.1, OhemRule.TopNMin);
            yield return Palette("knob-weights-torchseg-throw-ties", new OhemSpec(0.01, 200, numClasses: 4, mode: OhemMode.TorchSeg, classWeights: w4, nMinPolicy: OhemNMinPolicy.Throw), OhemRule.TopNMin);
            // Weighted TorchSeg with Reduction = Sum: reduction='sum' of the weighted CE over the kept pixels (no Σ w divisor).
            yield return ModeRandom("knob-weights-torchseg-sum-topk", s19, new OhemSpec(0.7, 2000, numClasses: 19, mode: OhemMode.TorchSeg, classWeights: w19, reduction: Sum), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-weights-torchseg-sum-above", s19, new OhemSpec(0.7, 100, numClasses: 19, mode: OhemMode.TorchSeg, classWeights: w19, reduction: Sum), 0f, 0.1, OhemRule.AboveThreshold);
            yield return Palette("knob-weights-torchseg-per-image-clamp-sum-ties", new OhemSpec(0.01, 5000, numClasses: 4, mode: OhemMode.TorchSeg, classWeights: w4, scope: Image, nMinPolicy: OhemNMinPolicy.Clamp, reduction: Sum), OhemRule.TopNMin);
            yield return IgnoredSecondImage("knob-weights-deeplab-tf-per-image-ignored-image-nan", new OhemSpec(numClasses: 5, mode: OhemMode.DeepLabTF, fraction: 0.4, classWeights: new[] { 0.5, 2.0, 1.0, 0.0, 3.0 }, scope: Image, onEmpty: OhemOnEmpty.Zero));
        }
    }
}
