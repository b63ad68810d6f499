using System;
using System.Collections.Generic;
using Ohem.Runtime.Tests.Support;

namespace Ohem.Runtime.Tests.Oracle
{
    /// <summary>
    /// Weighted TorchSeg (use_weight=True: Σ w·ℓ / Σ w over the kept pixels) with Comparison = Strict, OnEmpty and
    /// Candidates = ValidOnly, per batch and per image, against ohem_oracle.py's torchseg(strict=, weight=) and on_empty:
    /// random batches for both rules, the palette's ties at the cut-off (strict drops them all, also when every candidate
    /// ties and nothing is kept), an image with no valid pixel, and kept pixels whose weights are all 0 (Σ w = 0: NaN, not
    /// an empty selection).
    /// </summary>
    public static partial class OracleCases
    {
        private static IEnumerable<OracleCase> TorchSegWeightedKnobCases()
        {
            var s3 = new OhemShape(3, 19, 24, 32);
            var s19 = new OhemShape(2, 19, 32, 48);
            const OhemScope Image = OhemScope.PerImage;
            const OhemComparison Strict = OhemComparison.Strict;
            const OhemCandidates Valid = OhemCandidates.ValidOnly;
            const OhemMode TorchSeg = OhemMode.TorchSeg;
            double[] w19 = { 1.0, 0.5, 2.0, 0.0, 3.0, 1.25, 0.75, 1.0, 1.5, 0.25, 2.5, 1.0, 0.8, 1.2, 0.9, 1.1, 2.25, 0.6, 1.75 };
            double[] w4 = { 0.5, 2.0, 1.0, 3.0 };

            // Strict, random: the order statistic (levels 4 and 5 over the keys above it) and the threshold rule.
            yield return ModeRandom("knob-weights-torchseg-strict-topk", s19, new OhemSpec(0.7, 2000, numClasses: 19, mode: TorchSeg, classWeights: w19, comparison: Strict), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-weights-torchseg-strict-above", s19, new OhemSpec(0.7, 100, numClasses: 19, mode: TorchSeg, classWeights: w19, comparison: Strict, onEmpty: OhemOnEmpty.Zero), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("knob-weights-torchseg-per-image-strict-throw-valid-only", s3, new OhemSpec(0.7, 300, numClasses: 19, mode: TorchSeg, classWeights: w19, scope: Image, comparison: Strict, onEmpty: OhemOnEmpty.Throw, candidates: Valid), 14f, 0.1, OhemRule.TopNMin);

            // Strict ties (the palette): many pixels at the cut-off, all dropped; with NMin 50 every candidate ties at the
            // largest loss, so nothing is kept (Zero: 0; per image NaN).
            yield return Palette("knob-weights-torchseg-strict-ties", new OhemSpec(0.01, 333, numClasses: 4, mode: TorchSeg, classWeights: w4, comparison: Strict), OhemRule.TopNMin);
            yield return Palette("knob-weights-torchseg-per-image-strict-ties-sum", new OhemSpec(0.01, 200, numClasses: 4, mode: TorchSeg, classWeights: w4, scope: Image, comparison: Strict, reduction: OhemReduction.Sum), OhemRule.TopNMin);
            yield return Palette("knob-weights-torchseg-strict-all-tied-zero", new OhemSpec(0.01, 50, numClasses: 4, mode: TorchSeg, classWeights: w4, comparison: Strict, onEmpty: OhemOnEmpty.Zero), OhemRule.TopNMin);
            yield return Palette("knob-weights-torchseg-per-image-strict-all-tied-nan", new OhemSpec(0.01, 50, numClasses: 4, mode: TorchSeg, classWeights: w4, scope: Image, comparison: Strict, onEmpty: OhemOnEmpty.NaN, reduction: OhemReduction.Sum), OhemRule.TopNMin);

            // No valid pixel: in the batch (NaN with Sum, whose own value is 0) and in one image (Zero: that image adds 0).
            yield return ModeRandom("knob-weights-torchseg-no-valid-sum-nan", new OhemShape(1, 5, 8, 8), new OhemSpec(0.7, 10, numClasses: 5, mode: TorchSeg, classWeights: new[] { 0.5, 2.0, 1.0, 0.0, 3.0 }, onEmpty: OhemOnEmpty.NaN, reduction: OhemReduction.Sum), 0f, 1.0, OhemRule.TopNMin);
            yield return IgnoredSecondImage("knob-weights-torchseg-per-image-strict-ignored-image-zero", new OhemSpec(0.7, 10, numClasses: 5, mode: TorchSeg, classWeights: new[] { 0.5, 2.0, 1.0, 0.0, 3.0 }, scope: Image, comparison: Strict, onEmpty: OhemOnEmpty.Zero));

            // Candidates = ValidOnly: TorchSeg's own candidates, the default's result.
            yield return ModeRandom("knob-weights-torchseg-valid-only", s19, new OhemSpec(0.7, 2000, numClasses: 19, mode: TorchSeg, classWeights: w19, candidates: Valid), 14f, 0.1, OhemRule.TopNMin);

            // Σ w = 0 over a non-empty kept set: 0 / 0 = NaN as torch gives; OnEmpty = Zero does not act on it.
            yield return WeightZeroKept("knob-weights-torchseg-strict-weight-zero-kept-zero", new OhemSpec(0.7, 4, numClasses: 4, mode: TorchSeg, classWeights: new[] { 1.0, 2.0, 0.5, 0.0 }, comparison: Strict, onEmpty: OhemOnEmpty.Zero));
        }

        /// <summary>
        /// One 8×8 image of C = 4: the pixels of class 3 (weight 0 in the spec) are hard (true logit −8), the others easy
        /// (+8), so the threshold rule keeps exactly the class-3 pixels and their Σ w is 0.
        /// </summary>
        private static OracleCase WeightZeroKept(string name, OhemSpec spec)
        {
            var shape = new OhemShape(1, 4, 8, 8);
            var rng = new Random(StableSeed(name));
            float[] x = Inputs.Logits(rng, shape, 1f);
            long[] y = Inputs.Labels(rng, shape, spec.IgnoreLabel, 0.1);
            for (long p = 0; p < shape.Pixels; ++p)
            {
                if (y[p] != spec.IgnoreLabel)
                {
                    x[(y[p] * shape.Plane) + p] += y[p] == 3 ? -8f : 8f;
                }
            }

            return Make(name, shape, spec, x, y, OhemRule.AboveThreshold);
        }
    }
}
