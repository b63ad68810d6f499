using System.Collections.Generic;

namespace Ohem.Runtime.Tests.Oracle
{
    /// <summary>
    /// The knobs with PaddleSegTopK and DeepLab2 against paddleseg_topk() and deeplab2() with valid_only (k from the
    /// valid count), reduce_sum (the kept sum; DeepLab2: the sum of the image sums) and OnEmpty.
    /// </summary>
    public static partial class OracleCases
    {
        private static IEnumerable<OracleCase> TopKModeKnobCases()
        {
            var s19 = new OhemShape(2, 19, 32, 48);
            var s3 = new OhemShape(3, 19, 24, 32);
            var tiny = new OhemShape(1, 5, 8, 8);
            const OhemMode Paddle = OhemMode.PaddleSegTopK;
            const OhemMode DeepLab2 = OhemMode.DeepLab2;
            const OhemReduction Sum = OhemReduction.Sum;
            const OhemCandidates Valid = OhemCandidates.ValidOnly;

            yield return ModeRandom("knob-paddleseg-topk-sum", s19, new OhemSpec(numClasses: 19, mode: Paddle, fraction: 0.2, reduction: Sum), 6f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-paddleseg-topk-1-sum", s19, new OhemSpec(numClasses: 19, mode: Paddle, reduction: Sum), 6f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("knob-paddleseg-topk-valid-only", s19, new OhemSpec(numClasses: 19, mode: Paddle, fraction: 0.3, candidates: Valid), 6f, 0.3, OhemRule.TopNMin);
            // k = int(0.01 × 64) = 0: Paddle's topk of nothing is NaN; Zero and Sum give 0.
            yield return ModeRandom("knob-paddleseg-topk-k0-zero", tiny, new OhemSpec(numClasses: 5, mode: Paddle, fraction: 0.01, onEmpty: OhemOnEmpty.Zero), 0f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-paddleseg-topk-k0-sum", tiny, new OhemSpec(numClasses: 5, mode: Paddle, fraction: 0.01, reduction: Sum), 0f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-paddleseg-topk-per-image-valid-sum-nhwc", s3, new OhemSpec(numClasses: 19, mode: Paddle, fraction: 0.25, layout: OhemLayout.NHWC, scope: OhemScope.PerImage, candidates: Valid, reduction: Sum), 6f, 0.3, OhemRule.TopNMin);

            yield return ModeRandom("knob-deeplab2-sum", s3, new OhemSpec(numClasses: 19, mode: DeepLab2, fraction: 0.2, reduction: Sum), 6f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("knob-deeplab2-valid-only", s3, new OhemSpec(numClasses: 19, mode: DeepLab2, fraction: 0.3, candidates: Valid), 6f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("knob-deeplab2-valid-only-sum-nhwc", s3, new OhemSpec(numClasses: 19, mode: DeepLab2, fraction: 0.6, layout: OhemLayout.NHWC, candidates: Valid, reduction: Sum), 6f, 0.3, OhemRule.TopNMin);
            // The ignored second image keeps nothing: NaN makes the batch NaN (deeplab2's own divide_no_nan gives 0).
            yield return IgnoredSecondImage("knob-deeplab2-ignored-image-nan", new OhemSpec(numClasses: 5, mode: DeepLab2, fraction: 0.3, onEmpty: OhemOnEmpty.NaN));
        }
    }
}
