using System;
using System.Collections.Generic;
using Ohem.Runtime.Tests.Support;

namespace Ohem.Runtime.Tests.Oracle
{
    /// <summary>PaddleSegTopK and DeepLab2 against paddleseg_topk() and deeplab2() in ohem_oracle.py.</summary>
    public static partial class OracleCases
    {
        private static IEnumerable<OracleCase> TopKModeCases()
        {
            var s19 = new OhemShape(2, 19, 32, 48);
            var s3 = new OhemShape(3, 19, 24, 32);
            var small = new OhemShape(3, 7, 5, 13);
            var chunks = new OhemShape(2, 19, 121, 123);
            var tiny = new OhemShape(1, 5, 8, 8);
            const OhemMode Paddle = OhemMode.PaddleSegTopK;
            const OhemMode DeepLab2 = OhemMode.DeepLab2;

            // PaddleSeg CrossEntropyLoss: mean of the top int(float32 r · M) over 1.0f; r = 1: mean(loss) / (mean(mask) + 1e-8).
            yield return ModeRandom("paddleseg-topk-0.2", s19, new OhemSpec(numClasses: 19, mode: Paddle, fraction: 0.2), 6f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("paddleseg-topk-1", s19, new OhemSpec(numClasses: 19, mode: Paddle), 6f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("paddleseg-topk-0.37-f16-u8", small, new OhemSpec(logits: OhemLogits.Float16, labels: OhemLabels.UInt8, mode: Paddle, fraction: 0.37), 4f, 0.2, OhemRule.TopNMin);
            // 0.29 × 100 is 29 in float32 (TopKPercent's fp64 floor gives 28).
            yield return ModeRandom("paddleseg-topk-0.29-float32-k-bf16-i32", new OhemShape(1, 5, 10, 10), new OhemSpec(ignoreLabel: -1, numClasses: 5, logits: OhemLogits.BFloat16, labels: OhemLabels.Int32, mode: Paddle, fraction: 0.29), 4f, 0.2, OhemRule.TopNMin);
            yield return ModeRandom("paddleseg-topk-1-no-valid", tiny, new OhemSpec(numClasses: 5, mode: Paddle), 0f, 1.0, OhemRule.TopNMin);
            yield return ModeRandom("paddleseg-topk-zeros-in-top-k", s19, new OhemSpec(numClasses: 19, mode: Paddle, fraction: 0.9), 6f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("paddleseg-topk-k0", tiny, new OhemSpec(numClasses: 5, mode: Paddle, fraction: 0.01), 0f, 0.1, OhemRule.TopNMin);
            yield return FewValid("paddleseg-topk-1-sparse-valid", new OhemSpec(numClasses: 5, mode: Paddle), 5, easy: false, OhemRule.TopNMin);
            yield return Palette("paddleseg-topk-ties", new OhemSpec(numClasses: 4, mode: Paddle, fraction: 0.3), OhemRule.TopNMin);
            yield return ModeRandom("paddleseg-topk-multi-chunk", chunks, new OhemSpec(numClasses: 19, mode: Paddle, fraction: 0.3), 6f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("paddleseg-topk-per-image-nhwc", s3, new OhemSpec(numClasses: 19, mode: Paddle, fraction: 0.25, layout: OhemLayout.NHWC, scope: OhemScope.PerImage), 6f, 0.1, OhemRule.TopNMin);

            // deeplab2: per image, Σ top round(r · H·W) over the non-zero count among them (0 when none); the mean over images.
            yield return ModeRandom("deeplab2-0.2", s3, new OhemSpec(numClasses: 19, mode: DeepLab2, fraction: 0.2), 6f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("deeplab2-1", s3, new OhemSpec(numClasses: 19, mode: DeepLab2), 6f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("deeplab2-0.37-f16-u8", new OhemShape(4, 7, 5, 13), new OhemSpec(logits: OhemLogits.Float16, labels: OhemLabels.UInt8, mode: DeepLab2, fraction: 0.37), 4f, 0.2, OhemRule.TopNMin);
            // H·W = 20: 0.125 × 20 = 2.5 rounds to 2 (half to even), 0.175 × 20 = 3.5 (in float32) to 4.
            yield return ModeRandom("deeplab2-round-2.5-bf16-i32", new OhemShape(2, 5, 4, 5), new OhemSpec(ignoreLabel: -1, numClasses: 5, logits: OhemLogits.BFloat16, labels: OhemLabels.Int32, mode: DeepLab2, fraction: 0.125), 4f, 0.0, OhemRule.TopNMin);
            yield return ModeRandom("deeplab2-round-3.5", new OhemShape(2, 5, 4, 5), new OhemSpec(numClasses: 5, mode: DeepLab2, fraction: 0.175), 4f, 0.0, OhemRule.TopNMin);
            yield return ModeRandom("deeplab2-zeros-in-top-k", s3, new OhemSpec(numClasses: 19, mode: DeepLab2, fraction: 0.9), 6f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("deeplab2-k0", new OhemShape(2, 5, 8, 8), new OhemSpec(numClasses: 5, mode: DeepLab2, fraction: 0.005), 0f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("deeplab2-no-valid", new OhemShape(2, 5, 8, 8), new OhemSpec(numClasses: 5, mode: DeepLab2), 0f, 1.0, OhemRule.TopNMin);
            yield return IgnoredSecondImage("deeplab2-ignored-image", new OhemSpec(numClasses: 5, mode: DeepLab2, fraction: 0.3));
            yield return ModeRandom("deeplab2-multi-chunk", chunks, new OhemSpec(numClasses: 19, mode: DeepLab2, fraction: 0.3), 6f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("deeplab2-nhwc", s3, new OhemSpec(numClasses: 19, mode: DeepLab2, fraction: 0.25, layout: OhemLayout.NHWC), 6f, 0.1, OhemRule.TopNMin);
        }

        /// <summary>Two 8×8 images: the first random, the second with every pixel ignored (deeplab2 gives it 0).</summary>
        private static OracleCase IgnoredSecondImage(string name, OhemSpec spec)
        {
            var shape = new OhemShape(2, 5, 8, 8);
            var rng = new Random(StableSeed(name));
            float[] x = Inputs.Logits(rng, shape);
            long[] y = Inputs.Labels(rng, shape, spec.IgnoreLabel, 0.1);
            for (long p = shape.Plane; p < shape.Pixels; ++p)
            {
                y[p] = spec.IgnoreLabel;
            }

            return Make(name, shape, spec, x, y, OhemRule.TopNMin);
        }
    }
}
