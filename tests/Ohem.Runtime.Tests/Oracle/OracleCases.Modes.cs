using System;
using System.Collections.Generic;
using Ohem.Runtime.Tests.Support;

namespace Ohem.Runtime.Tests.Oracle
{
    /// <summary>Batches for the modes other than the seed's, each against its own PyTorch function in ohem_oracle.py.</summary>
    public static partial class OracleCases
    {
        private static IEnumerable<OracleCase> ModeCases()
        {
            var s19 = new OhemShape(2, 19, 32, 48);

            // BiSeNetV2: n_min = valid / 16 by default.
            yield return ModeRandom("v2-above", s19, new OhemSpec(0.7, numClasses: 19, mode: OhemMode.BiSeNetV2), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("v2-topk", s19, new OhemSpec(0.001, numClasses: 19, mode: OhemMode.BiSeNetV2), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("v2-topk-fraction-half-f16", s19, new OhemSpec(0.7, numClasses: 19, logits: OhemLogits.Float16, mode: OhemMode.BiSeNetV2, fraction: 0.5), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("v2-above-u8", new OhemShape(1, 19, 24, 32), new OhemSpec(0.7, numClasses: 19, labels: OhemLabels.UInt8, mode: OhemMode.BiSeNetV2), 2f, 0.2, OhemRule.AboveThreshold);
            // Every pixel ignored: n_min = 0 and nothing above, so the mean of nothing (NaN), kept 0.
            yield return ModeRandom("v2-all-ignored", new OhemShape(1, 5, 8, 8), new OhemSpec(0.7, numClasses: 5, mode: OhemMode.BiSeNetV2), 0f, 1.0, OhemRule.AboveThreshold);
            // 10 valid pixels: n_min = 0; all easy → NaN; the losses above the threshold otherwise.
            yield return FewValid("v2-k0-nothing-above", new OhemSpec(0.01, numClasses: 5, mode: OhemMode.BiSeNetV2), 10, easy: true, OhemRule.AboveThreshold);
            yield return FewValid("v2-k0-some-above", new OhemSpec(0.7, numClasses: 5, mode: OhemMode.BiSeNetV2), 10, easy: false, OhemRule.AboveThreshold);
            yield return Palette("v2-ties", new OhemSpec(0.01, numClasses: 4, mode: OhemMode.BiSeNetV2, fraction: 0.3), OhemRule.TopNMin);

            // HRNet: k = min(max(1, NMin), valid − 1), strict.
            yield return ModeRandom("hrnet-above", s19, new OhemSpec(0.7, 100, numClasses: 19, mode: OhemMode.HRNet), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("hrnet-topk", s19, new OhemSpec(0.7, 2000, numClasses: 19, mode: OhemMode.HRNet), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("hrnet-thresh-0.9-runtime-c", new OhemShape(3, 7, 5, 13), new OhemSpec(0.9, 131_072, mode: OhemMode.HRNet), 10f, 0.2, OhemRule.TopNMin);
            yield return ModeRandom("hrnet-nmin0-i32-minus1", new OhemShape(2, 19, 16, 24), new OhemSpec(0.7, 0, -1, 19, labels: OhemLabels.Int32, mode: OhemMode.HRNet), 14f, 0.3, OhemRule.AboveThreshold);
            // NMin above the valid count: k = valid − 1, so only the easiest valid pixel is dropped.
            yield return ModeRandom("hrnet-min-kept-exceeds-valid-bf16", new OhemShape(1, 19, 24, 32), new OhemSpec(0.7, 1_000_000, numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.HRNet), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("hrnet-no-valid", new OhemShape(1, 5, 8, 8), new OhemSpec(0.7, 10, numClasses: 5, mode: OhemMode.HRNet), 0f, 1.0, OhemRule.TopNMin);
            yield return FewValid("hrnet-one-valid-easy", new OhemSpec(0.01, 10, numClasses: 5, mode: OhemMode.HRNet), 1, easy: true, OhemRule.TopNMin);
            yield return FewValid("hrnet-one-valid-hard", new OhemSpec(0.7, 10, numClasses: 5, mode: OhemMode.HRNet), 1, easy: false, OhemRule.AboveThreshold);
            yield return Palette("hrnet-ties", new OhemSpec(0.01, 333, numClasses: 4, mode: OhemMode.HRNet), OhemRule.TopNMin);

            // More than one 32 768-pixel chunk, an image boundary inside a chunk, planes not a multiple of 8.
            var chunks = new OhemShape(3, 19, 121, 123);
            yield return ModeRandom("v2-multi-chunk-topk", chunks, new OhemSpec(0.001, numClasses: 19, mode: OhemMode.BiSeNetV2), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("hrnet-multi-chunk-topk", chunks, new OhemSpec(0.7, 30_000, numClasses: 19, mode: OhemMode.HRNet), 12f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("topk-percent-multi-chunk", chunks, new OhemSpec(numClasses: 19, mode: OhemMode.TopKPercent, fraction: 0.3), 6f, 0.1, OhemRule.TopNMin);

            // TopKPercent: k = int(fraction × N·H·W).
            yield return ModeRandom("topk-percent-0.2", s19, new OhemSpec(numClasses: 19, mode: OhemMode.TopKPercent, fraction: 0.2), 6f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("topk-percent-1", s19, new OhemSpec(numClasses: 19, mode: OhemMode.TopKPercent), 6f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("topk-percent-0.37-f16-u8", new OhemShape(3, 7, 5, 13), new OhemSpec(logits: OhemLogits.Float16, labels: OhemLabels.UInt8, mode: OhemMode.TopKPercent, fraction: 0.37), 4f, 0.2, OhemRule.TopNMin);
            yield return ModeRandom("topk-percent-k0", new OhemShape(1, 5, 8, 8), new OhemSpec(numClasses: 5, mode: OhemMode.TopKPercent, fraction: 0.01), 0f, 0.1, OhemRule.TopNMin);
            yield return Palette("topk-percent-ties", new OhemSpec(numClasses: 4, mode: OhemMode.TopKPercent, fraction: 0.3), OhemRule.TopNMin);

            // MMSegSampler: k = min(min_kept × N, valid − 1), strict, the kept sum over N·H·W.
            yield return ModeRandom("mmseg-above", s19, new OhemSpec(0.7, 50, numClasses: 19, mode: OhemMode.MMSegSampler), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("mmseg-topk", s19, new OhemSpec(0.7, 1000, numClasses: 19, mode: OhemMode.MMSegSampler), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("mmseg-per-image-f16-u8", new OhemShape(3, 7, 5, 13), new OhemSpec(0.9, 40, logits: OhemLogits.Float16, labels: OhemLabels.UInt8, mode: OhemMode.MMSegSampler), 10f, 0.2, OhemRule.TopNMin);
            yield return ModeRandom("mmseg-min-kept-exceeds-valid-bf16", new OhemShape(1, 19, 24, 32), new OhemSpec(0.7, 1_000_000, numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.MMSegSampler), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("mmseg-no-valid", new OhemShape(1, 5, 8, 8), new OhemSpec(0.7, 10, numClasses: 5, mode: OhemMode.MMSegSampler), 0f, 1.0, OhemRule.TopNMin);
            yield return FewValid("mmseg-one-valid-easy", new OhemSpec(0.01, 10, numClasses: 5, mode: OhemMode.MMSegSampler), 1, easy: true, OhemRule.TopNMin);
            yield return Palette("mmseg-ties", new OhemSpec(0.01, 150, numClasses: 4, mode: OhemMode.MMSegSampler), OhemRule.TopNMin);
            yield return ModeRandom("mmseg-avg-non-ignore", s19, new OhemSpec(0.7, 1000, numClasses: 19, mode: OhemMode.MMSegSampler, averageOverValid: true), 14f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("mmseg-avg-non-ignore-no-valid", new OhemShape(1, 5, 8, 8), new OhemSpec(0.7, 10, numClasses: 5, mode: OhemMode.MMSegSampler, averageOverValid: true), 0f, 1.0, OhemRule.TopNMin);
            yield return ModeRandom("mmseg-multi-chunk-topk", chunks, new OhemSpec(0.7, 10_000, numClasses: 19, mode: OhemMode.MMSegSampler), 12f, 0.1, OhemRule.TopNMin);

            // PaddleSeg: mining only when 0 < min_kept < valid, at the (min_kept − 1)-th probability; ÷ (kept + 1e-5·M).
            yield return ModeRandom("paddleseg-above", s19, new OhemSpec(0.7, 100, numClasses: 19, mode: OhemMode.PaddleSeg), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("paddleseg-topk", s19, new OhemSpec(0.7, 2000, numClasses: 19, mode: OhemMode.PaddleSeg), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("paddleseg-thresh-0.9-f16-i32", new OhemShape(3, 7, 5, 13), new OhemSpec(0.9, 60, -1, 7, OhemLogits.Float16, OhemLabels.Int32, mode: OhemMode.PaddleSeg), 10f, 0.2, OhemRule.AboveThreshold);
            yield return ModeRandom("paddleseg-min-kept-exceeds-valid-bf16", new OhemShape(1, 19, 24, 32), new OhemSpec(0.7, 1_000_000, numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.PaddleSeg), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("paddleseg-min-kept-0", new OhemShape(2, 19, 16, 24), new OhemSpec(0.7, 0, numClasses: 19, mode: OhemMode.PaddleSeg), 14f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("paddleseg-no-valid", new OhemShape(1, 5, 8, 8), new OhemSpec(0.7, 10, numClasses: 5, mode: OhemMode.PaddleSeg), 0f, 1.0, OhemRule.TopNMin);
            yield return Palette("paddleseg-ties", new OhemSpec(0.01, 333, numClasses: 4, mode: OhemMode.PaddleSeg), OhemRule.TopNMin);
            yield return ModeRandom("paddleseg-multi-chunk-topk", chunks, new OhemSpec(0.7, 30_000, numClasses: 19, mode: OhemMode.PaddleSeg), 12f, 0.1, OhemRule.TopNMin);

            // NHWC: the seed runs on the N,C,H,W tensor; the engine gets torch's channels_last memory of it.
            var nhwc = OhemLayout.NHWC;
            yield return ModeRandom("nhwc-seed-multi-chunk-topk", chunks, new OhemSpec(0.7, 30_000, numClasses: 19, layout: nhwc), 12f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("nhwc-seed-above-f16-runtime-c", new OhemShape(3, 7, 5, 13), new OhemSpec(0.7, 20, logits: OhemLogits.Float16, layout: nhwc), 0f, 0.2, OhemRule.AboveThreshold);
            yield return ModeRandom("nhwc-hrnet-topk-bf16", s19, new OhemSpec(0.7, 2000, numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.HRNet, layout: nhwc), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("nhwc-topk-percent-u8", s19, new OhemSpec(numClasses: 19, labels: OhemLabels.UInt8, mode: OhemMode.TopKPercent, fraction: 0.2, layout: nhwc), 6f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("nhwc-mmseg-avg-valid", s19, new OhemSpec(0.7, 1000, numClasses: 19, mode: OhemMode.MMSegSampler, averageOverValid: true, layout: nhwc), 14f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("nhwc-paddleseg-i32", s19, new OhemSpec(0.7, 2000, numClasses: 19, labels: OhemLabels.Int32, mode: OhemMode.PaddleSeg, layout: nhwc), 14f, 0.1, OhemRule.TopNMin);
            yield return Palette("nhwc-v2-ties", new OhemSpec(0.01, numClasses: 4, mode: OhemMode.BiSeNetV2, fraction: 0.3, layout: nhwc), OhemRule.TopNMin);
            // Class weights (weight= of each reference's criterion): HRNet's Cityscapes weights, and a spread 0 … 3 with a
            // zero-weight class, so the weighted and the unweighted selections differ.
            double[] city = { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 };
            double[] spread = new double[19];
            for (int i = 0; i < spread.Length; i++)
            {
                spread[i] = i == 4 ? 0 : (i % 7) * 0.5;
            }

            yield return ModeRandom("weights-v1-above", s19, new OhemSpec(0.7, 100, numClasses: 19, classWeights: spread), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("weights-v1-topk", s19, new OhemSpec(0.7, 2000, numClasses: 19, classWeights: city), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("weights-v1-multi-chunk-topk-f16", chunks, new OhemSpec(0.7, 30_000, numClasses: 19, logits: OhemLogits.Float16, classWeights: spread), 12f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("weights-v2-topk", s19, new OhemSpec(0.001, numClasses: 19, mode: OhemMode.BiSeNetV2, classWeights: city), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("weights-v2-above", s19, new OhemSpec(0.7, numClasses: 19, mode: OhemMode.BiSeNetV2, classWeights: spread), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("weights-topk-percent-0.2", s19, new OhemSpec(numClasses: 19, mode: OhemMode.TopKPercent, fraction: 0.2, classWeights: spread), 6f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("weights-topk-percent-1-u8", s19, new OhemSpec(numClasses: 19, labels: OhemLabels.UInt8, mode: OhemMode.TopKPercent, classWeights: city), 6f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("weights-hrnet-above", s19, new OhemSpec(0.7, 100, numClasses: 19, mode: OhemMode.HRNet, classWeights: spread), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("weights-hrnet-topk", s19, new OhemSpec(0.9, 2000, numClasses: 19, mode: OhemMode.HRNet, classWeights: city), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("weights-hrnet-multi-chunk-topk-bf16", chunks, new OhemSpec(0.7, 30_000, numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.HRNet, classWeights: spread), 12f, 0.1, OhemRule.TopNMin);
            yield return Palette("weights-hrnet-ties", new OhemSpec(0.01, 333, numClasses: 4, mode: OhemMode.HRNet, classWeights: new[] { 0.5, 2.0, 1.0, 3.0 }), OhemRule.TopNMin);
            yield return ModeRandom("weights-mmseg-above", s19, new OhemSpec(0.7, 50, numClasses: 19, mode: OhemMode.MMSegSampler, classWeights: spread), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("weights-mmseg-topk", s19, new OhemSpec(0.7, 1000, numClasses: 19, mode: OhemMode.MMSegSampler, classWeights: city), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("weights-mmseg-avg-non-ignore", s19, new OhemSpec(0.7, 1000, numClasses: 19, mode: OhemMode.MMSegSampler, averageOverValid: true, classWeights: spread), 14f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("weights-paddleseg-above", s19, new OhemSpec(0.7, 100, numClasses: 19, mode: OhemMode.PaddleSeg, classWeights: spread), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("weights-paddleseg-topk", s19, new OhemSpec(0.7, 2000, numClasses: 19, mode: OhemMode.PaddleSeg, classWeights: city), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("weights-paddleseg-min-kept-0", new OhemShape(2, 19, 16, 24), new OhemSpec(0.7, 0, numClasses: 19, mode: OhemMode.PaddleSeg, classWeights: spread), 14f, 0.3, OhemRule.TopNMin);
            yield return Palette("weights-paddleseg-ties", new OhemSpec(0.01, 333, numClasses: 4, mode: OhemMode.PaddleSeg, classWeights: new[] { 0.5, 2.0, 0.0, 3.0 }), OhemRule.TopNMin);
            foreach (OracleCase c in PerImageCases())
            {
                yield return c;
            }
        }

        /// <summary>Scope = PerImage for every mode, and PaddleSegBootstrapped (always per image), against per_image() and paddleseg_bootstrapped().</summary>
        private static IEnumerable<OracleCase> PerImageCases()
        {
            var s3 = new OhemShape(3, 19, 24, 32);
            const OhemScope Image = OhemScope.PerImage;
            yield return ModeRandom("per-image-v1-above", s3, new OhemSpec(0.7, 50, numClasses: 19, scope: Image), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("per-image-v1-topk", s3, new OhemSpec(0.7, 300, numClasses: 19, scope: Image), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("per-image-v1-topk-f16-u8", new OhemShape(4, 7, 5, 13), new OhemSpec(0.7, 40, logits: OhemLogits.Float16, labels: OhemLabels.UInt8, scope: Image), 10f, 0.2, OhemRule.TopNMin);
            yield return ModeRandom("per-image-v2", s3, new OhemSpec(0.001, numClasses: 19, mode: OhemMode.BiSeNetV2, scope: Image), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("per-image-hrnet", s3, new OhemSpec(0.7, 300, numClasses: 19, mode: OhemMode.HRNet, scope: Image), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("per-image-topk-percent-bf16", s3, new OhemSpec(numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.TopKPercent, fraction: 0.3, scope: Image), 6f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("per-image-mmseg-i32", s3, new OhemSpec(0.7, 300, numClasses: 19, labels: OhemLabels.Int32, mode: OhemMode.MMSegSampler, scope: Image), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("per-image-paddleseg", s3, new OhemSpec(0.7, 300, numClasses: 19, mode: OhemMode.PaddleSeg, scope: Image), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("per-image-multi-chunk", new OhemShape(3, 19, 121, 123), new OhemSpec(0.7, 8_000, numClasses: 19, scope: Image), 12f, 0.1, OhemRule.TopNMin);
            // Image 1 has nothing above the threshold and NMin = 0: its mean is of nothing (NaN), so the batch is NaN.
            yield return EasySecondImage("per-image-v1-nan-image", new OhemSpec(0.7, 0, numClasses: 5, scope: Image), OhemRule.TopNMin);

            // PaddleSeg BootstrappedCrossEntropyLoss(min_K = NMin, loss_th = Thresh as a loss).
            yield return ModeRandom("bootstrapped-above", s3, new OhemSpec(0.3, 50, numClasses: 19, mode: OhemMode.PaddleSegBootstrapped), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("bootstrapped-topk", s3, new OhemSpec(0.3, 300, numClasses: 19, mode: OhemMode.PaddleSegBootstrapped), 30f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("bootstrapped-loss-th-2.5-f16-i32", new OhemShape(4, 7, 5, 13), new OhemSpec(2.5, 20, -1, 7, OhemLogits.Float16, OhemLabels.Int32, mode: OhemMode.PaddleSegBootstrapped), 4f, 0.2, OhemRule.TopNMin);
            yield return ModeRandom("bootstrapped-multi-chunk", new OhemShape(2, 19, 121, 123), new OhemSpec(0.3, 4096, numClasses: 19, mode: OhemMode.PaddleSegBootstrapped), 30f, 0.1, OhemRule.TopNMin);
            yield return EasySecondImage("bootstrapped-min-k-0-nan-image", new OhemSpec(0.5, 0, numClasses: 5, mode: OhemMode.PaddleSegBootstrapped), OhemRule.TopNMin);

            // Everything at once: per image, channels_last memory and class weights.
            double[] w19 = { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 };
            yield return ModeRandom("combo-per-image-nhwc-weights-hrnet", s3, new OhemSpec(0.7, 300, numClasses: 19, mode: OhemMode.HRNet, layout: OhemLayout.NHWC, classWeights: w19, scope: Image), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("combo-per-image-nhwc-weights-v1", s3, new OhemSpec(0.7, 300, numClasses: 19, layout: OhemLayout.NHWC, classWeights: w19, scope: Image), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("combo-bootstrapped-weights-nhwc", s3, new OhemSpec(0.3, 300, numClasses: 19, mode: OhemMode.PaddleSegBootstrapped, layout: OhemLayout.NHWC, classWeights: w19), 30f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("combo-per-image-torchseg-nhwc", s3, new OhemSpec(0.7, 300, numClasses: 19, mode: OhemMode.TorchSeg, layout: OhemLayout.NHWC, scope: Image), 14f, 0.1, OhemRule.TopNMin);
        }

        /// <summary>Two 8×8 images: the first random (hard), the second with every true class far ahead (every loss ≈ 0).</summary>
        private static OracleCase EasySecondImage(string name, OhemSpec spec, OhemRule rule)
        {
            var shape = new OhemShape(2, 5, 8, 8);
            var rng = new Random(StableSeed(name));
            float[] x = Inputs.Logits(rng, shape);
            long[] y = Inputs.Labels(rng, shape, spec.IgnoreLabel, 0.0);
            long plane = shape.Plane;
            for (long p = plane; p < shape.Pixels; ++p)
            {
                x[(shape.C * plane) + (y[p] * plane) + (p - plane)] = 30f;
            }

            return Make(name, shape, spec, x, y, rule);
        }

        private static IEnumerable<OracleCase> MoreModeCases()
        {
            var s19 = new OhemShape(2, 19, 32, 48);
            var small = new OhemShape(3, 7, 5, 13);
            var chunks = new OhemShape(3, 19, 121, 123);

            // MMSegByLoss: the min(min_kept × N, valid) largest valid losses, the sum over N·H·W (or valid + ε).
            yield return ModeRandom("mmseg-loss-topk", s19, new OhemSpec(nMin: 1000, numClasses: 19, mode: OhemMode.MMSegByLoss), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("mmseg-loss-avg-non-ignore-f16-u8", small, new OhemSpec(nMin: 40, logits: OhemLogits.Float16, labels: OhemLabels.UInt8, mode: OhemMode.MMSegByLoss, averageOverValid: true), 4f, 0.2, OhemRule.TopNMin);
            yield return ModeRandom("mmseg-loss-min-kept-exceeds-valid-bf16", new OhemShape(1, 19, 24, 32), new OhemSpec(nMin: 1_000_000, numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.MMSegByLoss), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("mmseg-loss-min-kept-0", new OhemShape(2, 5, 8, 8), new OhemSpec(nMin: 0, numClasses: 5, mode: OhemMode.MMSegByLoss), 0f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("mmseg-loss-no-valid", new OhemShape(1, 5, 8, 8), new OhemSpec(nMin: 10, numClasses: 5, mode: OhemMode.MMSegByLoss), 0f, 1.0, OhemRule.TopNMin);
            yield return Palette("mmseg-loss-ties", new OhemSpec(nMin: 150, numClasses: 4, mode: OhemMode.MMSegByLoss), OhemRule.TopNMin);
            yield return ModeRandom("mmseg-loss-multi-chunk", chunks, new OhemSpec(nMin: 10_000, numClasses: 19, mode: OhemMode.MMSegByLoss), 12f, 0.1, OhemRule.TopNMin);

            // DeepLabTF: Σ top int(r·M) over the non-zero count among them; r = 1 is Σ valid over valid.
            yield return ModeRandom("deeplab-tf-0.2", s19, new OhemSpec(numClasses: 19, mode: OhemMode.DeepLabTF, fraction: 0.2), 6f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("deeplab-tf-1", s19, new OhemSpec(numClasses: 19, mode: OhemMode.DeepLabTF), 6f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("deeplab-tf-0.37-f16-u8", small, new OhemSpec(logits: OhemLogits.Float16, labels: OhemLabels.UInt8, mode: OhemMode.DeepLabTF, fraction: 0.37), 4f, 0.2, OhemRule.TopNMin);
            // k above the non-zero losses: zeros (ignored pixels) in the top k are not counted.
            yield return ModeRandom("deeplab-tf-zeros-in-top-k", s19, new OhemSpec(numClasses: 19, mode: OhemMode.DeepLabTF, fraction: 0.9), 6f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("deeplab-tf-no-valid", new OhemShape(1, 5, 8, 8), new OhemSpec(numClasses: 5, mode: OhemMode.DeepLabTF, fraction: 0.5), 0f, 1.0, OhemRule.TopNMin);
            yield return ModeRandom("deeplab-tf-1-no-valid", new OhemShape(1, 5, 8, 8), new OhemSpec(numClasses: 5, mode: OhemMode.DeepLabTF), 0f, 1.0, OhemRule.TopNMin);
            yield return ModeRandom("deeplab-tf-k0", new OhemShape(1, 5, 8, 8), new OhemSpec(numClasses: 5, mode: OhemMode.DeepLabTF, fraction: 0.01), 0f, 0.1, OhemRule.TopNMin);
            yield return Palette("deeplab-tf-ties", new OhemSpec(numClasses: 4, mode: OhemMode.DeepLabTF, fraction: 0.3), OhemRule.TopNMin);

            // ModelGarden: Σ top int(r·M) over min(k, valid) + 1e-5; r = 1 is Σ valid over valid + 1e-5.
            yield return ModeRandom("model-garden-0.25", s19, new OhemSpec(numClasses: 19, mode: OhemMode.ModelGarden, fraction: 0.25), 6f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("model-garden-1", s19, new OhemSpec(numClasses: 19, mode: OhemMode.ModelGarden), 6f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("model-garden-k-above-valid-bf16-i32", small, new OhemSpec(ignoreLabel: -1, logits: OhemLogits.BFloat16, labels: OhemLabels.Int32, mode: OhemMode.ModelGarden, fraction: 0.95), 4f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("model-garden-no-valid", new OhemShape(1, 5, 8, 8), new OhemSpec(numClasses: 5, mode: OhemMode.ModelGarden), 0f, 1.0, OhemRule.TopNMin);
            yield return Palette("model-garden-ties", new OhemSpec(numClasses: 4, mode: OhemMode.ModelGarden, fraction: 0.3), OhemRule.TopNMin);

            // TorchSeg: mining when 0 < min_kept ≤ valid, inclusive (p ≤ θ); otherwise every valid pixel; none → NaN.
            yield return ModeRandom("torchseg-above", s19, new OhemSpec(0.7, 100, numClasses: 19, mode: OhemMode.TorchSeg), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("torchseg-topk", s19, new OhemSpec(0.7, 2000, numClasses: 19, mode: OhemMode.TorchSeg), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("torchseg-thresh-0.6-f16-i32", small, new OhemSpec(0.6, 60, -1, 7, OhemLogits.Float16, OhemLabels.Int32, mode: OhemMode.TorchSeg), 10f, 0.2, OhemRule.TopNMin);
            yield return ModeRandom("torchseg-min-kept-exceeds-valid-bf16", new OhemShape(1, 19, 24, 32), new OhemSpec(0.7, 1_000_000, numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.TorchSeg), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("torchseg-min-kept-0-u8", new OhemShape(2, 19, 16, 24), new OhemSpec(0.7, 0, numClasses: 19, labels: OhemLabels.UInt8, mode: OhemMode.TorchSeg), 14f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("torchseg-no-valid", new OhemShape(1, 5, 8, 8), new OhemSpec(0.7, 10, numClasses: 5, mode: OhemMode.TorchSeg), 0f, 1.0, OhemRule.TopNMin);
            yield return ModeRandom("torchseg-thresh-1", new OhemShape(2, 5, 8, 8), new OhemSpec(1.0, 10, numClasses: 5, mode: OhemMode.TorchSeg), 0f, 0.2, OhemRule.AboveThreshold);
            yield return Palette("torchseg-ties", new OhemSpec(0.01, 333, numClasses: 4, mode: OhemMode.TorchSeg), OhemRule.TopNMin);
            yield return ModeRandom("torchseg-multi-chunk-topk", chunks, new OhemSpec(0.7, 30_000, numClasses: 19, mode: OhemMode.TorchSeg), 12f, 0.1, OhemRule.TopNMin);

            // PytorchLossOhem: valid ∩ (n_min lowest probabilities ∪ {p ≤ thresh}); no mining when n_min ≥ M; none → NaN.
            yield return ModeRandom("pytorch-loss-above", s19, new OhemSpec(0.7, 100, numClasses: 19, mode: OhemMode.PytorchLossOhem), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("pytorch-loss-sixteenth-topk", s19, new OhemSpec(0.001, numClasses: 19, mode: OhemMode.PytorchLossOhem, fraction: 0.0625), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("pytorch-loss-f16-u8", small, new OhemSpec(0.6, 200, numClasses: 7, logits: OhemLogits.Float16, labels: OhemLabels.UInt8, mode: OhemMode.PytorchLossOhem), 10f, 0.2, OhemRule.TopNMin);
            yield return ModeRandom("pytorch-loss-n-min-exceeds-pixels", new OhemShape(1, 19, 24, 32), new OhemSpec(0.7, 1_000_000, numClasses: 19, mode: OhemMode.PytorchLossOhem), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("pytorch-loss-n-min-0", new OhemShape(2, 19, 16, 24), new OhemSpec(0.7, 0, numClasses: 19, mode: OhemMode.PytorchLossOhem), 0f, 0.3, OhemRule.AboveThreshold);
            yield return ModeRandom("pytorch-loss-no-valid", new OhemShape(1, 5, 8, 8), new OhemSpec(0.7, 10, numClasses: 5, mode: OhemMode.PytorchLossOhem), 0f, 1.0, OhemRule.TopNMin);
            // n_min 40 of 64 pixels, about 26 of them valid: the other rank slots hold ignored pixels (loss 0), so every
            // valid pixel is kept and the zeros are not.
            yield return ModeRandom("pytorch-loss-n-min-above-valid", new OhemShape(1, 5, 8, 8), new OhemSpec(0.7, 40, numClasses: 5, mode: OhemMode.PytorchLossOhem), 0f, 0.6, OhemRule.TopNMin);
            yield return ModeRandom("pytorch-loss-thresh-1-bf16", new OhemShape(2, 5, 8, 8), new OhemSpec(1.0, 10, numClasses: 5, logits: OhemLogits.BFloat16, mode: OhemMode.PytorchLossOhem), 0f, 0.2, OhemRule.TopNMin);
            yield return Palette("pytorch-loss-ties", new OhemSpec(0.01, 333, numClasses: 4, mode: OhemMode.PytorchLossOhem), OhemRule.TopNMin);
            yield return ModeRandom("pytorch-loss-multi-chunk-topk", chunks, new OhemSpec(0.7, 30_000, numClasses: 19, mode: OhemMode.PytorchLossOhem), 12f, 0.1, OhemRule.TopNMin);
        }

        private static OracleCase ModeRandom(string name, OhemShape shape, OhemSpec spec, float boost, double ignoredShare, OhemRule rule)
        {
            var rng = new Random(StableSeed(name));
            float[] x = Inputs.Logits(rng, shape);
            long[] y = Inputs.Labels(rng, shape, spec.IgnoreLabel, ignoredShare);
            Inputs.Sharpen(x, y, shape, spec.IgnoreLabel, rng, boost);
            return Make(name, shape, spec, x, y, rule);
        }

        /// <summary>A 64-pixel batch with only <paramref name="valid"/> labelled pixels, all easy or all hard.</summary>
        private static OracleCase FewValid(string name, OhemSpec spec, int valid, bool easy, OhemRule rule)
        {
            var shape = new OhemShape(1, 5, 8, 8);
            var rng = new Random(StableSeed(name));
            float[] x = Inputs.Logits(rng, shape, 0.5f);
            long[] y = new long[shape.Pixels];
            Array.Fill(y, spec.IgnoreLabel);
            for (int i = 0; i < valid; ++i)
            {
                long p = 5 + (i * 6);
                y[p] = i % 5;
                // Easy: the true class far ahead (p ≈ 1); hard: far behind (p ≈ 0).
                x[(y[p] * shape.Plane) + p] = easy ? 20f : -20f;
            }

            return Make(name, shape, spec, x, y, rule);
        }

        /// <summary>
        /// Pixels drawn from six (logit row, label) pairs, so equal losses are equal bit for bit in torch's softmax as
        /// well as in the engine: many pixels tie at every cut-off.
        /// </summary>
        private static OracleCase Palette(string name, OhemSpec spec, OhemRule rule)
        {
            var shape = new OhemShape(2, 4, 20, 30);
            var rng = new Random(StableSeed(name));
            var rows = new float[6][];
            var labels = new long[6];
            for (int r = 0; r < rows.Length; ++r)
            {
                rows[r] = new float[] { rng.Next(3), rng.Next(3), rng.Next(3), rng.Next(3) };
                labels[r] = rng.Next(4);
            }

            var x = new float[shape.Logits];
            var y = new long[shape.Pixels];
            long plane = shape.Plane;
            for (long p = 0; p < shape.Pixels; ++p)
            {
                long n = p / plane;
                int pick = rng.Next(7);
                if (pick == 6)
                {
                    y[p] = spec.IgnoreLabel;
                    continue;
                }

                y[p] = labels[pick];
                for (int c = 0; c < 4; ++c)
                {
                    x[(n * 4 * plane) + (c * plane) + (p - (n * plane))] = rows[pick][c];
                }
            }

            return Make(name, shape, spec, x, y, rule);
        }
    }
}
