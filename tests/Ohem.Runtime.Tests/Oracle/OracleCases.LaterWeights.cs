using System.Collections.Generic;

namespace Ohem.Runtime.Tests.Oracle
{
    /// <summary>
    /// Class weights with modes 6–9 against ohem_oracle.py, where each reference's function takes weight= as its own code
    /// uses it: mmseg's per-pixel loss (sorted and summed) carries class_weight, TF DeepLab and Model Garden multiply the
    /// unweighted loss by the label's weight before top-k, TorchSeg's nn.CrossEntropyLoss(weight) is Σ w·ℓ / Σ w.
    /// </summary>
    public static partial class OracleCases
    {
        private static IEnumerable<OracleCase> LaterWeightCases()
        {
            var s19 = new OhemShape(2, 19, 32, 48);
            var small = new OhemShape(3, 7, 5, 13);
            var chunks = new OhemShape(3, 19, 121, 123);
            double[] city = { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 };
            // 0 … 3 with a zero-weight class (4), so the weighted and unweighted orders differ and some pixels weigh nothing.
            double[] spread = new double[19];
            for (int i = 0; i < spread.Length; i++)
            {
                spread[i] = i == 4 ? 0 : (i % 7) * 0.5;
            }

            double[] seven = { 0.5, 0.0, 2.0, 1.0, 3.0, 0.25, 1.5 };
            double[] four = { 0.5, 2.0, 0.0, 3.0 };

            yield return ModeRandom("weights-mmseg-loss-topk", s19, new OhemSpec(nMin: 1000, numClasses: 19, mode: OhemMode.MMSegByLoss, classWeights: spread), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("weights-mmseg-loss-avg-non-ignore-f16-u8", small, new OhemSpec(nMin: 40, numClasses: 7, logits: OhemLogits.Float16, labels: OhemLabels.UInt8, mode: OhemMode.MMSegByLoss, averageOverValid: true, classWeights: seven), 4f, 0.2, OhemRule.TopNMin);
            yield return ModeRandom("weights-mmseg-loss-min-kept-exceeds-valid", new OhemShape(1, 19, 24, 32), new OhemSpec(nMin: 1_000_000, numClasses: 19, mode: OhemMode.MMSegByLoss, classWeights: city), 14f, 0.1, OhemRule.TopNMin);
            yield return Palette("weights-mmseg-loss-ties", new OhemSpec(nMin: 150, numClasses: 4, mode: OhemMode.MMSegByLoss, classWeights: four), OhemRule.TopNMin);

            yield return ModeRandom("weights-deeplab-tf-0.2", s19, new OhemSpec(numClasses: 19, mode: OhemMode.DeepLabTF, fraction: 0.2, classWeights: spread), 6f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("weights-deeplab-tf-1-bf16", s19, new OhemSpec(numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.DeepLabTF, classWeights: spread), 6f, 0.3, OhemRule.TopNMin);
            // k reaches into the zeros (ignored and weight-0 pixels): they drop out of the non-zero count.
            yield return ModeRandom("weights-deeplab-tf-zeros-in-top-k", s19, new OhemSpec(numClasses: 19, mode: OhemMode.DeepLabTF, fraction: 0.9, classWeights: spread), 6f, 0.3, OhemRule.TopNMin);
            yield return Palette("weights-deeplab-tf-ties", new OhemSpec(numClasses: 4, mode: OhemMode.DeepLabTF, fraction: 0.3, classWeights: four), OhemRule.TopNMin);

            yield return ModeRandom("weights-model-garden-0.25", s19, new OhemSpec(numClasses: 19, mode: OhemMode.ModelGarden, fraction: 0.25, classWeights: city), 6f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("weights-model-garden-1-i32", s19, new OhemSpec(ignoreLabel: -1, numClasses: 19, labels: OhemLabels.Int32, mode: OhemMode.ModelGarden, classWeights: spread), 6f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("weights-model-garden-k-above-valid", small, new OhemSpec(numClasses: 7, mode: OhemMode.ModelGarden, fraction: 0.95, classWeights: seven), 4f, 0.3, OhemRule.TopNMin);

            yield return ModeRandom("weights-torchseg-above", s19, new OhemSpec(0.7, 100, numClasses: 19, mode: OhemMode.TorchSeg, classWeights: spread), 0f, 0.1, OhemRule.AboveThreshold);
            yield return ModeRandom("weights-torchseg-topk", s19, new OhemSpec(0.7, 2000, numClasses: 19, mode: OhemMode.TorchSeg, classWeights: city), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("weights-torchseg-thresh-0.6-f16-i32", small, new OhemSpec(0.6, 60, -1, 7, OhemLogits.Float16, OhemLabels.Int32, mode: OhemMode.TorchSeg, classWeights: seven), 10f, 0.2, OhemRule.TopNMin);
            yield return ModeRandom("weights-torchseg-min-kept-0-u8", new OhemShape(2, 19, 16, 24), new OhemSpec(0.7, 0, numClasses: 19, labels: OhemLabels.UInt8, mode: OhemMode.TorchSeg, classWeights: spread), 14f, 0.3, OhemRule.TopNMin);
            yield return ModeRandom("weights-torchseg-thresh-1", new OhemShape(2, 7, 8, 8), new OhemSpec(1.0, 10, numClasses: 7, mode: OhemMode.TorchSeg, classWeights: seven), 0f, 0.2, OhemRule.AboveThreshold);
            yield return Palette("weights-torchseg-ties", new OhemSpec(0.01, 333, numClasses: 4, mode: OhemMode.TorchSeg, classWeights: four), OhemRule.TopNMin);
            yield return ModeRandom("weights-torchseg-multi-chunk-topk-bf16", chunks, new OhemSpec(0.7, 30_000, numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.TorchSeg, classWeights: spread), 12f, 0.1, OhemRule.TopNMin);
            // Per image with channels_last memory: each image's own Σ w.
            yield return ModeRandom("combo-per-image-nhwc-weights-torchseg", new OhemShape(3, 19, 24, 32), new OhemSpec(0.7, 300, numClasses: 19, mode: OhemMode.TorchSeg, layout: OhemLayout.NHWC, classWeights: city, scope: OhemScope.PerImage), 14f, 0.1, OhemRule.TopNMin);
            yield return ModeRandom("combo-per-image-weights-deeplab-tf", new OhemShape(3, 19, 24, 32), new OhemSpec(numClasses: 19, mode: OhemMode.DeepLabTF, fraction: 0.3, classWeights: spread, scope: OhemScope.PerImage), 6f, 0.2, OhemRule.TopNMin);
        }
    }
}
