using System.Collections.Generic;

namespace Ohem.Runtime.Tests.Oracle
{
    /// <summary>
    /// The knobs with PaddleSegBootstrapped against ohem_oracle.py's paddleseg_bootstrapped_knobs: per image, inclusive
    /// keeps ℓ ≥ loss_th, valid-only ranks the valid losses with K at most their count, clamp takes K = min(min_K, H·W),
    /// sum adds the image sums, OnEmpty sets an empty image's loss.
    /// </summary>
    public static partial class OracleCases
    {
        private static IEnumerable<OracleCase> BootstrappedKnobCases()
        {
            var s3 = new OhemShape(3, 19, 24, 32);
            var small = new OhemShape(2, 5, 8, 8);
            const OhemMode Bootstrapped = OhemMode.PaddleSegBootstrapped;
            const OhemComparison Inclusive = OhemComparison.Inclusive;
            const OhemReduction Sum = OhemReduction.Sum;
            double[] w19 = { 1.0, 0.5, 2.0, 0.0, 3.0, 1.25, 0.75, 1.0, 1.5, 0.25, 2.5, 1.0, 0.8, 1.2, 0.9, 1.1, 2.25, 0.6, 1.75 };

            yield return ModeRandom("knob-bootstrapped-inclusive-topk", s3, new OhemSpec(0.3, 300, numClasses: 19, mode: Bootstrapped, comparison: Inclusive), 30f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-bootstrapped-inclusive-above-sum", s3, new OhemSpec(0.3, 50, numClasses: 19, mode: Bootstrapped, comparison: Inclusive, reduction: Sum), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("knob-bootstrapped-sum-weights-nhwc", s3, new OhemSpec(0.3, 300, numClasses: 19, mode: Bootstrapped, layout: OhemLayout.NHWC, classWeights: w19, reduction: Sum), 30f, 0.1, OhemRule.TopNMin);

            // min_K = 100 beyond H·W = 64: ValidOnly takes each image's valid pixels, Clamp all 64 (ignored zeros included).
            yield return ModeRandom("knob-bootstrapped-valid-only", small, new OhemSpec(0.5, 100, numClasses: 5, mode: Bootstrapped, candidates: OhemCandidates.ValidOnly), 4f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("knob-bootstrapped-clamp", small, new OhemSpec(0.5, 100, numClasses: 5, mode: Bootstrapped, nMinPolicy: OhemNMinPolicy.Clamp), 4f, 0.3, OhemRule.TopNMin);

            // min_K = 0 and an easy second image: that image keeps nothing and adds 0 (Zero) instead of making the batch NaN.
            yield return EasySecondImage("knob-bootstrapped-empty-image-zero", new OhemSpec(0.5, 0, numClasses: 5, mode: Bootstrapped, onEmpty: OhemOnEmpty.Zero), OhemRule.TopNMin);
            yield return EasySecondImage("knob-bootstrapped-empty-image-nan-sum", new OhemSpec(0.5, 0, numClasses: 5, mode: Bootstrapped, onEmpty: OhemOnEmpty.NaN, reduction: Sum), OhemRule.TopNMin);
        }
    }
}
