using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace Ohem.Generator.Tests
{
    /// <summary>One valid generator input: its source and, per generated file, the spec the runtime would build for it.</summary>
    public sealed record MatrixCase(string Name, string Source, IReadOnlyDictionary<string, OhemSpec> SpecsByHint);

    /// <summary>The valid inputs every snapshot, compilation and emitter-equality test runs over.</summary>
    public static class MatrixCases
    {
        private static readonly MatrixCase[] Cases =
        {
            Single(nameof(DefaultSpec), "Demo.DefaultLoss.OhemLoss.g.cs", new OhemSpec(), """
                using Ohem;

                namespace Demo;

                [OhemLoss]
                public partial class DefaultLoss;
                """),
            Single(nameof(NumClasses19), "Demo.CityscapesOhem.OhemLoss.g.cs", new OhemSpec(0.7, 100_000, 255, 19), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Thresh = 0.7, NMin = 100_000, IgnoreLabel = 255, NumClasses = 19)]
                public partial class CityscapesOhem;
                """),
            Single(nameof(Float16Logits), "Demo.HalfLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, logits: OhemLogits.Float16), """
                using Ohem;

                namespace Demo;

                [OhemLoss(NumClasses = 19, Logits = OhemLogits.Float16)]
                public partial class HalfLoss;
                """),
            Single(nameof(BFloat16Logits), "Demo.BrainLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, logits: OhemLogits.BFloat16), """
                using Ohem;

                namespace Demo;

                [OhemLoss(NumClasses = 19, Logits = OhemLogits.BFloat16)]
                public partial class BrainLoss;
                """),
            Single(nameof(UInt8Labels), "Demo.ByteLabelLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, labels: OhemLabels.UInt8), """
                using Ohem;

                namespace Demo;

                [OhemLoss(NumClasses = 19, Labels = OhemLabels.UInt8)]
                public partial class ByteLabelLoss;
                """),
            Single(nameof(Int32Labels), "Demo.IntLabelLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, labels: OhemLabels.Int32), """
                using Ohem;

                namespace Demo;

                [OhemLoss(NumClasses = 19, Labels = OhemLabels.Int32)]
                public partial class IntLabelLoss;
                """),
            Single(nameof(IgnoreLabelMinusOne), "Demo.AdeLoss.OhemLoss.g.cs", new OhemSpec(ignoreLabel: -1, numClasses: 19), """
                using Ohem;

                namespace Demo;

                [OhemLoss(IgnoreLabel = -1, NumClasses = 19)]
                public partial class AdeLoss;
                """),
            Single(nameof(NestedInPartialClass), "Demo.Losses.Cityscapes.OhemLoss.g.cs", new OhemSpec(thresh: 0.6, nMin: 50_000, numClasses: 19), """
                using Ohem;

                namespace Demo
                {
                    /// <summary>Losses of the demo.</summary>
                    public static partial class Losses
                    {
                        [OhemLoss(Thresh = 0.6, NMin = 50_000, NumClasses = 19)]
                        internal sealed partial class Cityscapes
                        {
                        }
                    }
                }
                """),
            Single(nameof(NestedInPartialRecord), "Demo.Training.Config.Loss.OhemLoss.g.cs", new OhemSpec(numClasses: 19), """
                using Ohem;

                namespace Demo;

                /// <summary>Training settings.</summary>
                public partial class Training
                {
                    /// <summary>One configuration.</summary>
                    /// <param name="Epochs">How long to train.</param>
                    public partial record Config(int Epochs)
                    {
                        [OhemLoss(NumClasses = 19)]
                        public partial class Loss;
                    }
                }
                """),
            Single(nameof(GlobalNamespace), "GlobalLoss.OhemLoss.g.cs", new OhemSpec(thresh: 0.5, nMin: 16, numClasses: 21), """
                [Ohem.OhemLoss(Thresh = 0.5, NMin = 16, NumClasses = 21)]
                public partial class GlobalLoss;
                """),
            new MatrixCase(
                nameof(TwoClasses),
                """
                using Ohem;

                namespace Demo;

                [OhemLoss(NumClasses = 19)]
                public partial class FirstLoss;

                [OhemLoss(Thresh = 0.9, NMin = 1_000, IgnoreLabel = -1, NumClasses = 19, Labels = OhemLabels.Int32)]
                public partial class SecondLoss;
                """,
                new Dictionary<string, OhemSpec>
                {
                    ["Demo.FirstLoss.OhemLoss.g.cs"] = new OhemSpec(numClasses: 19),
                    ["Demo.SecondLoss.OhemLoss.g.cs"] = new OhemSpec(0.9, 1_000, -1, 19, OhemLogits.Float32, OhemLabels.Int32),
                }),
            Single(nameof(NumClasses150), "Demo.AdeFullLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 150), """
                using Ohem;

                namespace Demo;

                [OhemLoss(NumClasses = 150)]
                public partial class AdeFullLoss;
                """),
            Single(nameof(NumClasses2), "Demo.BinaryLoss.OhemLoss.g.cs", new OhemSpec(thresh: 0.7, nMin: 4_096, ignoreLabel: 255, numClasses: 2), """
                using Ohem;

                namespace Demo;

                [OhemLoss(NMin = 4_096, NumClasses = 2)]
                public partial class BinaryLoss;
                """),
            Single(nameof(BiSeNetV2Default), "Demo.BiSeNetNewLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, mode: OhemMode.BiSeNetV2), """
                using Ohem;

                namespace Demo;

                [OhemLoss(NumClasses = 19, Mode = OhemMode.BiSeNetV2)]
                public partial class BiSeNetNewLoss;
                """),
            Single(nameof(BiSeNetV2Fraction), "Demo.BiSeNetEighthLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, mode: OhemMode.BiSeNetV2, fraction: 0.125), """
                using Ohem;

                namespace Demo;

                [OhemLoss(NumClasses = 19, Mode = OhemMode.BiSeNetV2, Fraction = 0.125)]
                public partial class BiSeNetEighthLoss;
                """),
            Single(nameof(HRNetMode), "Demo.HrnetLoss.OhemLoss.g.cs", new OhemSpec(thresh: 0.9, nMin: 131_072, numClasses: 19, mode: OhemMode.HRNet), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.HRNet, Thresh = 0.9, NMin = 131072, NumClasses = 19)]
                public partial class HrnetLoss;
                """),
            Single(nameof(HRNetRuntimeClassesHalf), "Demo.PidnetLoss.OhemLoss.g.cs", new OhemSpec(thresh: 0.9, nMin: 131_072, logits: OhemLogits.Float16, labels: OhemLabels.UInt8, mode: OhemMode.HRNet), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.HRNet, Thresh = 0.9, NMin = 131072, Logits = OhemLogits.Float16, Labels = OhemLabels.UInt8)]
                public partial class PidnetLoss;
                """),
            Single(nameof(TopKPercentDeepLab), "Demo.DeepLabLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, mode: OhemMode.TopKPercent, fraction: 0.2), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.TopKPercent, Fraction = 0.2, NumClasses = 19)]
                public partial class DeepLabLoss;
                """),
            Single(nameof(TopKPercentDefault), "Demo.MeanLoss.OhemLoss.g.cs", new OhemSpec(mode: OhemMode.TopKPercent, logits: OhemLogits.BFloat16), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.TopKPercent, Logits = OhemLogits.BFloat16)]
                public partial class MeanLoss;
                """),
            Single(nameof(MMSegSamplerMode), "Demo.MmsegLoss.OhemLoss.g.cs", new OhemSpec(nMin: 10_000, numClasses: 19, mode: OhemMode.MMSegSampler), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.MMSegSampler, NMin = 10000, NumClasses = 19)]
                public partial class MmsegLoss;
                """),
            Single(nameof(MMSegSamplerRuntimeClassesHalf), "Demo.MmsegHalfLoss.OhemLoss.g.cs", new OhemSpec(logits: OhemLogits.Float16, labels: OhemLabels.UInt8, mode: OhemMode.MMSegSampler), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.MMSegSampler, Logits = OhemLogits.Float16, Labels = OhemLabels.UInt8)]
                public partial class MmsegHalfLoss;
                """),
            Single(nameof(MMSegSamplerAverageOverValid), "Demo.MmsegValidLoss.OhemLoss.g.cs", new OhemSpec(nMin: 10_000, numClasses: 19, mode: OhemMode.MMSegSampler, averageOverValid: true), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.MMSegSampler, NMin = 10000, NumClasses = 19, AverageOverValid = true)]
                public partial class MmsegValidLoss;
                """),
            Single(nameof(PaddleSegMode), "Demo.PaddleLoss.OhemLoss.g.cs", new OhemSpec(nMin: 130_000, numClasses: 19, mode: OhemMode.PaddleSeg), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.PaddleSeg, NMin = 130000, NumClasses = 19)]
                public partial class PaddleLoss;
                """),
            Single(nameof(PaddleSegRuntimeClassesBFloat16), "Demo.PaddleBf16Loss.OhemLoss.g.cs", new OhemSpec(thresh: 0.9, logits: OhemLogits.BFloat16, labels: OhemLabels.Int32, mode: OhemMode.PaddleSeg), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.PaddleSeg, Thresh = 0.9, Logits = OhemLogits.BFloat16, Labels = OhemLabels.Int32)]
                public partial class PaddleBf16Loss;
                """),
            Single(nameof(NhwcFixedClasses19), "Demo.ChannelsLastLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, layout: OhemLayout.NHWC), """
                using Ohem;

                namespace Demo;

                [OhemLoss(NumClasses = 19, Layout = OhemLayout.NHWC)]
                public partial class ChannelsLastLoss;
                """),
            Single(nameof(NhwcRuntimeClassesHalf), "Demo.OnnxHalfLoss.OhemLoss.g.cs", new OhemSpec(logits: OhemLogits.Float16, mode: OhemMode.HRNet, layout: OhemLayout.NHWC), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.HRNet, Logits = OhemLogits.Float16, Layout = OhemLayout.NHWC)]
                public partial class OnnxHalfLoss;
                """),
            // HRNet's Cityscapes class weights (lib/datasets/cityscapes.py), as the seed's criterion would take them.
            Single(nameof(BiSeNetV1ClassWeights), "Demo.WeightedLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, classWeights: new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }), """
                using Ohem;

                namespace Demo;

                [OhemLoss(NumClasses = 19, ClassWeights = new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 })]
                public partial class WeightedLoss;
                """),
            Single(nameof(HRNetClassWeights), "Demo.HrnetWeightedLoss.OhemLoss.g.cs", new OhemSpec(thresh: 0.9, nMin: 131_072, numClasses: 19, mode: OhemMode.HRNet, classWeights: new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.HRNet, Thresh = 0.9, NMin = 131072, NumClasses = 19, ClassWeights = new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 })]
                public partial class HrnetWeightedLoss;
                """),
            Single(nameof(MMSegByLossClassWeights), "Demo.MmsegLossWeightedLoss.OhemLoss.g.cs", new OhemSpec(nMin: 10_000, numClasses: 5, mode: OhemMode.MMSegByLoss, classWeights: new[] { 1.0, 0.0, 2.5, 0.5, 1.5 }), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.MMSegByLoss, NMin = 10000, NumClasses = 5, ClassWeights = new[] { 1.0, 0.0, 2.5, 0.5, 1.5 })]
                public partial class MmsegLossWeightedLoss;
                """),
            Single(nameof(DeepLabTFClassWeightsHalf), "Demo.DeepLabTfWeightedLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, logits: OhemLogits.Float16, mode: OhemMode.DeepLabTF, fraction: 0.2, classWeights: new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.DeepLabTF, Fraction = 0.2, NumClasses = 19, Logits = OhemLogits.Float16, ClassWeights = new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 })]
                public partial class DeepLabTfWeightedLoss;
                """),
            Single(nameof(ModelGardenClassWeights), "Demo.ModelGardenWeightedLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 5, mode: OhemMode.ModelGarden, fraction: 0.2, classWeights: new[] { 0.5, 2.0, 1.0, 0.0, 3.0 }), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.ModelGarden, Fraction = 0.2, NumClasses = 5, ClassWeights = new[] { 0.5, 2.0, 1.0, 0.0, 3.0 })]
                public partial class ModelGardenWeightedLoss;
                """),
            Single(nameof(TorchSegClassWeights), "Demo.TorchSegWeightedLoss.OhemLoss.g.cs", new OhemSpec(thresh: 0.6, nMin: 256, numClasses: 19, mode: OhemMode.TorchSeg, classWeights: new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.TorchSeg, Thresh = 0.6, NMin = 256, NumClasses = 19, ClassWeights = new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 })]
                public partial class TorchSegWeightedLoss;
                """),
            Single(nameof(TorchSegClassWeightsThreshOneHalf), "Demo.TorchSegWeightedAllLoss.OhemLoss.g.cs", new OhemSpec(thresh: 1.0, nMin: 256, numClasses: 2, logits: OhemLogits.Float16, labels: OhemLabels.UInt8, mode: OhemMode.TorchSeg, classWeights: new[] { 0.0, 3.0 }), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.TorchSeg, Thresh = 1.0, NMin = 256, NumClasses = 2, Logits = OhemLogits.Float16, Labels = OhemLabels.UInt8, ClassWeights = new[] { 0.0, 3.0 })]
                public partial class TorchSegWeightedAllLoss;
                """),
            Single(nameof(PerImageBiSeNetV1), "Demo.PerImageLoss.OhemLoss.g.cs", new OhemSpec(nMin: 4096, numClasses: 19, scope: OhemScope.PerImage), """
                using Ohem;

                namespace Demo;

                [OhemLoss(NMin = 4096, NumClasses = 19, Scope = OhemScope.PerImage)]
                public partial class PerImageLoss;
                """),
            Single(nameof(PerImagePaddleSegBFloat16), "Demo.PerImagePaddleLoss.OhemLoss.g.cs", new OhemSpec(nMin: 10_000, logits: OhemLogits.BFloat16, mode: OhemMode.PaddleSeg, scope: OhemScope.PerImage), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.PaddleSeg, NMin = 10000, Logits = OhemLogits.BFloat16, Scope = OhemScope.PerImage)]
                public partial class PerImagePaddleLoss;
                """),
            Single(nameof(PaddleSegBootstrappedMode), "Demo.BootstrappedLoss.OhemLoss.g.cs", new OhemSpec(thresh: 0.3, nMin: 4096, numClasses: 19, mode: OhemMode.PaddleSegBootstrapped), """
                using Ohem;

                namespace Demo;

                // HarDNet's BootstrappedCrossEntropyLoss(min_K: 4096, loss_th: 0.3).
                [OhemLoss(Mode = OhemMode.PaddleSegBootstrapped, Thresh = 0.3, NMin = 4096, NumClasses = 19)]
                public partial class BootstrappedLoss;
                """),
            Single(nameof(MMSegByLossMode), "Demo.MmsegLossLoss.OhemLoss.g.cs", new OhemSpec(nMin: 10_000, numClasses: 19, mode: OhemMode.MMSegByLoss), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.MMSegByLoss, NMin = 10000, NumClasses = 19)]
                public partial class MmsegLossLoss;
                """),
            Single(nameof(MMSegByLossAverageOverValidHalf), "Demo.MmsegLossValidLoss.OhemLoss.g.cs", new OhemSpec(nMin: 10_000, logits: OhemLogits.Float16, labels: OhemLabels.UInt8, mode: OhemMode.MMSegByLoss, averageOverValid: true), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.MMSegByLoss, NMin = 10000, Logits = OhemLogits.Float16, Labels = OhemLabels.UInt8, AverageOverValid = true)]
                public partial class MmsegLossValidLoss;
                """),
            Single(nameof(DeepLabTFDefault), "Demo.DeepLabTfMeanLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, mode: OhemMode.DeepLabTF), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.DeepLabTF, NumClasses = 19)]
                public partial class DeepLabTfMeanLoss;
                """),
            Single(nameof(DeepLabTFFractionHalf), "Demo.DeepLabTfLoss.OhemLoss.g.cs", new OhemSpec(logits: OhemLogits.Float16, mode: OhemMode.DeepLabTF, fraction: 0.2), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.DeepLabTF, Fraction = 0.2, Logits = OhemLogits.Float16)]
                public partial class DeepLabTfLoss;
                """),
            Single(nameof(PaddleSegTopKDefault), "Demo.PaddleCeLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, mode: OhemMode.PaddleSegTopK), """
                using Ohem;

                namespace Demo;

                // PaddleSeg CrossEntropyLoss() with its default top_k_percent_pixels = 1.0.
                [OhemLoss(Mode = OhemMode.PaddleSegTopK, NumClasses = 19)]
                public partial class PaddleCeLoss;
                """),
            Single(nameof(PaddleSegTopKFractionHalf), "Demo.PaddleTopKLoss.OhemLoss.g.cs", new OhemSpec(logits: OhemLogits.Float16, mode: OhemMode.PaddleSegTopK, fraction: 0.2), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.PaddleSegTopK, Fraction = 0.2, Logits = OhemLogits.Float16)]
                public partial class PaddleTopKLoss;
                """),
            Single(nameof(DeepLab2Default), "Demo.DeepLab2MeanLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, mode: OhemMode.DeepLab2), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.DeepLab2, NumClasses = 19)]
                public partial class DeepLab2MeanLoss;
                """),
            Single(nameof(DeepLab2FractionNhwcBFloat16), "Demo.DeepLab2Loss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.DeepLab2, fraction: 0.2, layout: OhemLayout.NHWC), """
                using Ohem;

                namespace Demo;

                // deeplab2's semantic loss with top_k_percent: 0.2, on channels-last logits.
                [OhemLoss(Mode = OhemMode.DeepLab2, Fraction = 0.2, NumClasses = 19, Logits = OhemLogits.BFloat16, Layout = OhemLayout.NHWC)]
                public partial class DeepLab2Loss;
                """),
            Single(nameof(ModelGardenDefault), "Demo.GardenMeanLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, mode: OhemMode.ModelGarden), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.ModelGarden, NumClasses = 19)]
                public partial class GardenMeanLoss;
                """),
            Single(nameof(ModelGardenFractionBFloat16), "Demo.GardenLoss.OhemLoss.g.cs", new OhemSpec(logits: OhemLogits.BFloat16, labels: OhemLabels.Int32, mode: OhemMode.ModelGarden, fraction: 0.25), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.ModelGarden, Fraction = 0.25, Logits = OhemLogits.BFloat16, Labels = OhemLabels.Int32)]
                public partial class GardenLoss;
                """),
            Single(nameof(TorchSegMode), "Demo.TorchSegLoss.OhemLoss.g.cs", new OhemSpec(thresh: 0.6, nMin: 256, numClasses: 19, mode: OhemMode.TorchSeg), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.TorchSeg, Thresh = 0.6, NMin = 256, NumClasses = 19)]
                public partial class TorchSegLoss;
                """),
            Single(nameof(TorchSegThreshOneHalf), "Demo.TorchSegAllLoss.OhemLoss.g.cs", new OhemSpec(thresh: 1.0, nMin: 256, logits: OhemLogits.Float16, labels: OhemLabels.UInt8, mode: OhemMode.TorchSeg), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.TorchSeg, Thresh = 1.0, NMin = 256, Logits = OhemLogits.Float16, Labels = OhemLabels.UInt8)]
                public partial class TorchSegAllLoss;
                """),
            Single(nameof(PytorchLossSixteenth), "Demo.PytorchLossLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, mode: OhemMode.PytorchLossOhem, fraction: 0.0625), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.PytorchLossOhem, Fraction = 0.0625, NumClasses = 19)]
                public partial class PytorchLossLoss;
                """),
            Single(nameof(PytorchLossNMinThreshOne), "Demo.PytorchLossAllLoss.OhemLoss.g.cs", new OhemSpec(thresh: 1.0, nMin: 5000, mode: OhemMode.PytorchLossOhem), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.PytorchLossOhem, Thresh = 1.0, NMin = 5000)]
                public partial class PytorchLossAllLoss;
                """),
            Single(nameof(KnobsHRNetInclusive), "Demo.TorchSegLikeLoss.OhemLoss.g.cs", new OhemSpec(0.9, 131_072, 255, 19, mode: OhemMode.HRNet, comparison: OhemComparison.Inclusive), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.HRNet, Thresh = 0.9, NMin = 131072, NumClasses = 19, Comparison = OhemComparison.Inclusive)]
                public partial class TorchSegLikeLoss;
                """),
            Single(nameof(KnobsBiSeNetV1ValidOnlyInclusiveZero), "Demo.ValidOnlyLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, comparison: OhemComparison.Inclusive, onEmpty: OhemOnEmpty.Zero, candidates: OhemCandidates.ValidOnly), """
                using Ohem;

                namespace Demo;

                [OhemLoss(NumClasses = 19, Comparison = OhemComparison.Inclusive, OnEmpty = OhemOnEmpty.Zero, Candidates = OhemCandidates.ValidOnly)]
                public partial class ValidOnlyLoss;
                """),
            Single(nameof(KnobsTopKPercentValidOnlySum), "Demo.TopKSumLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, mode: OhemMode.TopKPercent, fraction: 0.2, onEmpty: OhemOnEmpty.NaN, candidates: OhemCandidates.ValidOnly, reduction: OhemReduction.Sum), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.TopKPercent, Fraction = 0.2, NumClasses = 19, OnEmpty = OhemOnEmpty.NaN, Candidates = OhemCandidates.ValidOnly, Reduction = OhemReduction.Sum)]
                public partial class TopKSumLoss;
                """),
            Single(nameof(KnobsMMSegInclusiveThrow), "Demo.MmsegStrictLoss.OhemLoss.g.cs", new OhemSpec(nMin: 10_000, numClasses: 19, mode: OhemMode.MMSegSampler, comparison: OhemComparison.Inclusive, onEmpty: OhemOnEmpty.Throw, nMinPolicy: OhemNMinPolicy.Throw), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.MMSegSampler, NMin = 10000, NumClasses = 19, Comparison = OhemComparison.Inclusive, OnEmpty = OhemOnEmpty.Throw, NMinPolicy = OhemNMinPolicy.Throw)]
                public partial class MmsegStrictLoss;
                """),
            Single(nameof(KnobsPaddleSegInclusiveSum), "Demo.PaddleSumLoss.OhemLoss.g.cs", new OhemSpec(nMin: 130_000, logits: OhemLogits.Float16, mode: OhemMode.PaddleSeg, comparison: OhemComparison.Inclusive, reduction: OhemReduction.Sum), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.PaddleSeg, NMin = 130000, Logits = OhemLogits.Float16, Comparison = OhemComparison.Inclusive, Reduction = OhemReduction.Sum)]
                public partial class PaddleSumLoss;
                """),
            Single(nameof(KnobsTorchSegStrictClampSum), "Demo.TorchSegStrictLoss.OhemLoss.g.cs", new OhemSpec(thresh: 0.6, nMin: 256, numClasses: 19, mode: OhemMode.TorchSeg, comparison: OhemComparison.Strict, nMinPolicy: OhemNMinPolicy.Clamp, reduction: OhemReduction.Sum), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.TorchSeg, Thresh = 0.6, NMin = 256, NumClasses = 19, Comparison = OhemComparison.Strict, NMinPolicy = OhemNMinPolicy.Clamp, Reduction = OhemReduction.Sum)]
                public partial class TorchSegStrictLoss;
                """),
            Single(nameof(KnobsPytorchLossStrictThreshOneZero), "Demo.PytorchLossStrictLoss.OhemLoss.g.cs", new OhemSpec(thresh: 1.0, nMin: 5000, logits: OhemLogits.Float16, mode: OhemMode.PytorchLossOhem, comparison: OhemComparison.Strict, onEmpty: OhemOnEmpty.Zero), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.PytorchLossOhem, Thresh = 1.0, NMin = 5000, Logits = OhemLogits.Float16, Comparison = OhemComparison.Strict, OnEmpty = OhemOnEmpty.Zero)]
                public partial class PytorchLossStrictLoss;
                """),
            Single(nameof(KnobsDeepLabTFValidOnlySumNaN), "Demo.DeepLabTfSumLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, mode: OhemMode.DeepLabTF, fraction: 0.2, onEmpty: OhemOnEmpty.NaN, candidates: OhemCandidates.ValidOnly, reduction: OhemReduction.Sum), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.DeepLabTF, Fraction = 0.2, NumClasses = 19, OnEmpty = OhemOnEmpty.NaN, Candidates = OhemCandidates.ValidOnly, Reduction = OhemReduction.Sum)]
                public partial class DeepLabTfSumLoss;
                """),
            Single(nameof(KnobsModelGardenValidOnlyThrow), "Demo.GardenValidLoss.OhemLoss.g.cs", new OhemSpec(logits: OhemLogits.BFloat16, mode: OhemMode.ModelGarden, fraction: 0.25, onEmpty: OhemOnEmpty.Throw, candidates: OhemCandidates.ValidOnly), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.ModelGarden, Fraction = 0.25, Logits = OhemLogits.BFloat16, OnEmpty = OhemOnEmpty.Throw, Candidates = OhemCandidates.ValidOnly)]
                public partial class GardenValidLoss;
                """),
            Single(nameof(KnobsMMSegByLossSumThrowNaN), "Demo.MmsegLossSumLoss.OhemLoss.g.cs", new OhemSpec(nMin: 10_000, numClasses: 19, mode: OhemMode.MMSegByLoss, onEmpty: OhemOnEmpty.NaN, nMinPolicy: OhemNMinPolicy.Throw, reduction: OhemReduction.Sum), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.MMSegByLoss, NMin = 10000, NumClasses = 19, OnEmpty = OhemOnEmpty.NaN, NMinPolicy = OhemNMinPolicy.Throw, Reduction = OhemReduction.Sum)]
                public partial class MmsegLossSumLoss;
                """),
            Single(nameof(KnobsPerImageHRNetSumThrow), "Demo.PerImageSumLoss.OhemLoss.g.cs", new OhemSpec(nMin: 4096, numClasses: 19, mode: OhemMode.HRNet, scope: OhemScope.PerImage, onEmpty: OhemOnEmpty.Throw, nMinPolicy: OhemNMinPolicy.Throw, reduction: OhemReduction.Sum), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.HRNet, NMin = 4096, NumClasses = 19, Scope = OhemScope.PerImage, OnEmpty = OhemOnEmpty.Throw, NMinPolicy = OhemNMinPolicy.Throw, Reduction = OhemReduction.Sum)]
                public partial class PerImageSumLoss;
                """),
            Single(nameof(KnobsWeightedHRNetInclusiveZero), "Demo.WeightedInclusiveLoss.OhemLoss.g.cs", new OhemSpec(thresh: 0.9, nMin: 131_072, numClasses: 19, mode: OhemMode.HRNet, classWeights: new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, comparison: OhemComparison.Inclusive, onEmpty: OhemOnEmpty.Zero), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.HRNet, Thresh = 0.9, NMin = 131072, NumClasses = 19, ClassWeights = new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, Comparison = OhemComparison.Inclusive, OnEmpty = OhemOnEmpty.Zero)]
                public partial class WeightedInclusiveLoss;
                """),
            Single(nameof(KnobsWeightedPaddleSegPerImageSum), "Demo.WeightedPaddleSumLoss.OhemLoss.g.cs", new OhemSpec(nMin: 10_000, numClasses: 19, logits: OhemLogits.Float16, mode: OhemMode.PaddleSeg, classWeights: new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, scope: OhemScope.PerImage, comparison: OhemComparison.Inclusive, reduction: OhemReduction.Sum), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.PaddleSeg, NMin = 10000, NumClasses = 19, Logits = OhemLogits.Float16, ClassWeights = new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, Scope = OhemScope.PerImage, Comparison = OhemComparison.Inclusive, Reduction = OhemReduction.Sum)]
                public partial class WeightedPaddleSumLoss;
                """),
            Single(nameof(KnobsWeightedBiSeNetV1PerImageValidOnly), "Demo.WeightedValidOnlyLoss.OhemLoss.g.cs", new OhemSpec(nMin: 4096, numClasses: 19, classWeights: new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, scope: OhemScope.PerImage, comparison: OhemComparison.Inclusive, onEmpty: OhemOnEmpty.Zero, candidates: OhemCandidates.ValidOnly), """
                using Ohem;

                namespace Demo;

                [OhemLoss(NMin = 4096, NumClasses = 19, ClassWeights = new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, Scope = OhemScope.PerImage, Comparison = OhemComparison.Inclusive, OnEmpty = OhemOnEmpty.Zero, Candidates = OhemCandidates.ValidOnly)]
                public partial class WeightedValidOnlyLoss;
                """),
            Single(nameof(KnobsPerImageTorchSegStrictThrow), "Demo.PerImageTorchSegLoss.OhemLoss.g.cs", new OhemSpec(thresh: 0.6, nMin: 256, numClasses: 19, mode: OhemMode.TorchSeg, scope: OhemScope.PerImage, comparison: OhemComparison.Strict, onEmpty: OhemOnEmpty.Throw, nMinPolicy: OhemNMinPolicy.Throw), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.TorchSeg, Thresh = 0.6, NMin = 256, NumClasses = 19, Scope = OhemScope.PerImage, Comparison = OhemComparison.Strict, OnEmpty = OhemOnEmpty.Throw, NMinPolicy = OhemNMinPolicy.Throw)]
                public partial class PerImageTorchSegLoss;
                """),
            Single(nameof(KnobsWeightedMMSegByLossPerImageSum), "Demo.WeightedMmsegLossSumLoss.OhemLoss.g.cs", new OhemSpec(nMin: 10_000, numClasses: 19, mode: OhemMode.MMSegByLoss, classWeights: new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, scope: OhemScope.PerImage, reduction: OhemReduction.Sum), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.MMSegByLoss, NMin = 10000, NumClasses = 19, ClassWeights = new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, Scope = OhemScope.PerImage, Reduction = OhemReduction.Sum)]
                public partial class WeightedMmsegLossSumLoss;
                """),
            Single(nameof(KnobsWeightedTorchSegPerImageClamp), "Demo.WeightedTorchSegClampLoss.OhemLoss.g.cs", new OhemSpec(0.7, 5000, numClasses: 19, mode: OhemMode.TorchSeg, classWeights: new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, scope: OhemScope.PerImage, nMinPolicy: OhemNMinPolicy.Clamp), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.TorchSeg, Thresh = 0.7, NMin = 5000, NumClasses = 19, ClassWeights = new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, Scope = OhemScope.PerImage, NMinPolicy = OhemNMinPolicy.Clamp)]
                public partial class WeightedTorchSegClampLoss;
                """),
            Single(nameof(KnobsWeightedTorchSegSum), "Demo.WeightedTorchSegSumLoss.OhemLoss.g.cs", new OhemSpec(0.7, 100_000, numClasses: 19, mode: OhemMode.TorchSeg, classWeights: new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, reduction: OhemReduction.Sum), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.TorchSeg, Thresh = 0.7, NMin = 100000, NumClasses = 19, ClassWeights = new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, Reduction = OhemReduction.Sum)]
                public partial class WeightedTorchSegSumLoss;
                """),
            Single(nameof(KnobsWeightedTorchSegStrictZero), "Demo.WeightedTorchSegStrictLoss.OhemLoss.g.cs", new OhemSpec(0.6, 256, numClasses: 19, mode: OhemMode.TorchSeg, classWeights: new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, comparison: OhemComparison.Strict, onEmpty: OhemOnEmpty.Zero), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.TorchSeg, Thresh = 0.6, NMin = 256, NumClasses = 19, ClassWeights = new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, Comparison = OhemComparison.Strict, OnEmpty = OhemOnEmpty.Zero)]
                public partial class WeightedTorchSegStrictLoss;
                """),
            Single(nameof(KnobsWeightedTorchSegPerImageStrictThrowValidOnly), "Demo.WeightedTorchSegPerImageLoss.OhemLoss.g.cs", new OhemSpec(0.6, 256, numClasses: 19, mode: OhemMode.TorchSeg, classWeights: new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, scope: OhemScope.PerImage, comparison: OhemComparison.Strict, onEmpty: OhemOnEmpty.Throw, candidates: OhemCandidates.ValidOnly, reduction: OhemReduction.Sum), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.TorchSeg, Thresh = 0.6, NMin = 256, NumClasses = 19, ClassWeights = new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, Scope = OhemScope.PerImage, Comparison = OhemComparison.Strict, OnEmpty = OhemOnEmpty.Throw, Candidates = OhemCandidates.ValidOnly, Reduction = OhemReduction.Sum)]
                public partial class WeightedTorchSegPerImageLoss;
                """),
            Single(nameof(KnobsWeightedDeepLabTFValidOnlyZero), "Demo.WeightedDeepLabValidLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, mode: OhemMode.DeepLabTF, fraction: 0.2, classWeights: new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, onEmpty: OhemOnEmpty.Zero, candidates: OhemCandidates.ValidOnly), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.DeepLabTF, Fraction = 0.2, NumClasses = 19, ClassWeights = new[] { 0.8373, 0.918, 0.866, 1.0345, 1.0166, 0.9969, 0.9754, 1.0489, 0.8786, 1.0023, 0.9539, 0.9843, 1.1116, 0.9037, 1.0865, 1.0955, 1.0865, 1.1529, 1.0507 }, OnEmpty = OhemOnEmpty.Zero, Candidates = OhemCandidates.ValidOnly)]
                public partial class WeightedDeepLabValidLoss;
                """),
            Single(nameof(KnobsBootstrappedInclusiveSumThrow), "Demo.BootstrappedInclusiveLoss.OhemLoss.g.cs", new OhemSpec(thresh: 0.3, nMin: 4096, numClasses: 19, mode: OhemMode.PaddleSegBootstrapped, comparison: OhemComparison.Inclusive, onEmpty: OhemOnEmpty.Throw, reduction: OhemReduction.Sum), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.PaddleSegBootstrapped, Thresh = 0.3, NMin = 4096, NumClasses = 19, Comparison = OhemComparison.Inclusive, OnEmpty = OhemOnEmpty.Throw, Reduction = OhemReduction.Sum)]
                public partial class BootstrappedInclusiveLoss;
                """),
            Single(nameof(KnobsBootstrappedValidOnlyThrowF16), "Demo.BootstrappedValidOnlyLoss.OhemLoss.g.cs", new OhemSpec(thresh: 0.3, nMin: 4096, numClasses: 19, logits: OhemLogits.Float16, mode: OhemMode.PaddleSegBootstrapped, onEmpty: OhemOnEmpty.Zero, nMinPolicy: OhemNMinPolicy.Throw, candidates: OhemCandidates.ValidOnly), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.PaddleSegBootstrapped, Thresh = 0.3, NMin = 4096, NumClasses = 19, Logits = OhemLogits.Float16, OnEmpty = OhemOnEmpty.Zero, NMinPolicy = OhemNMinPolicy.Throw, Candidates = OhemCandidates.ValidOnly)]
                public partial class BootstrappedValidOnlyLoss;
                """),
            Single(nameof(KnobsPaddleSegTopKValidOnlySumThrow), "Demo.PaddleTopKKnobsLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, mode: OhemMode.PaddleSegTopK, fraction: 0.2, onEmpty: OhemOnEmpty.Throw, candidates: OhemCandidates.ValidOnly, reduction: OhemReduction.Sum), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.PaddleSegTopK, Fraction = 0.2, NumClasses = 19, OnEmpty = OhemOnEmpty.Throw, Candidates = OhemCandidates.ValidOnly, Reduction = OhemReduction.Sum)]
                public partial class PaddleTopKKnobsLoss;
                """),
            Single(nameof(KnobsDeepLab2ValidOnlyThrowBf16), "Demo.DeepLab2KnobsLoss.OhemLoss.g.cs", new OhemSpec(numClasses: 19, logits: OhemLogits.BFloat16, mode: OhemMode.DeepLab2, fraction: 0.25, onEmpty: OhemOnEmpty.Throw, candidates: OhemCandidates.ValidOnly), """
                using Ohem;

                namespace Demo;

                [OhemLoss(Mode = OhemMode.DeepLab2, Fraction = 0.25, NumClasses = 19, Logits = OhemLogits.BFloat16, OnEmpty = OhemOnEmpty.Throw, Candidates = OhemCandidates.ValidOnly)]
                public partial class DeepLab2KnobsLoss;
                """),
        };

        // Names double as test method names in GeneratorSnapshotTests.
        public const string DefaultSpec = nameof(DefaultSpec);
        public const string NumClasses19 = nameof(NumClasses19);
        public const string Float16Logits = nameof(Float16Logits);
        public const string BFloat16Logits = nameof(BFloat16Logits);
        public const string UInt8Labels = nameof(UInt8Labels);
        public const string Int32Labels = nameof(Int32Labels);
        public const string IgnoreLabelMinusOne = nameof(IgnoreLabelMinusOne);
        public const string NestedInPartialClass = nameof(NestedInPartialClass);
        public const string NestedInPartialRecord = nameof(NestedInPartialRecord);
        public const string GlobalNamespace = nameof(GlobalNamespace);
        public const string TwoClasses = nameof(TwoClasses);
        public const string NumClasses150 = nameof(NumClasses150);
        public const string NumClasses2 = nameof(NumClasses2);
        public const string BiSeNetV2Default = nameof(BiSeNetV2Default);
        public const string BiSeNetV2Fraction = nameof(BiSeNetV2Fraction);
        public const string HRNetMode = nameof(HRNetMode);
        public const string HRNetRuntimeClassesHalf = nameof(HRNetRuntimeClassesHalf);
        public const string TopKPercentDeepLab = nameof(TopKPercentDeepLab);
        public const string TopKPercentDefault = nameof(TopKPercentDefault);
        public const string MMSegSamplerMode = nameof(MMSegSamplerMode);
        public const string MMSegSamplerRuntimeClassesHalf = nameof(MMSegSamplerRuntimeClassesHalf);
        public const string MMSegSamplerAverageOverValid = nameof(MMSegSamplerAverageOverValid);
        public const string PaddleSegMode = nameof(PaddleSegMode);
        public const string PaddleSegRuntimeClassesBFloat16 = nameof(PaddleSegRuntimeClassesBFloat16);
        public const string NhwcFixedClasses19 = nameof(NhwcFixedClasses19);
        public const string NhwcRuntimeClassesHalf = nameof(NhwcRuntimeClassesHalf);
        public const string BiSeNetV1ClassWeights = nameof(BiSeNetV1ClassWeights);
        public const string HRNetClassWeights = nameof(HRNetClassWeights);
        public const string MMSegByLossClassWeights = nameof(MMSegByLossClassWeights);
        public const string DeepLabTFClassWeightsHalf = nameof(DeepLabTFClassWeightsHalf);
        public const string ModelGardenClassWeights = nameof(ModelGardenClassWeights);
        public const string TorchSegClassWeights = nameof(TorchSegClassWeights);
        public const string TorchSegClassWeightsThreshOneHalf = nameof(TorchSegClassWeightsThreshOneHalf);
        public const string PerImageBiSeNetV1 = nameof(PerImageBiSeNetV1);
        public const string PerImagePaddleSegBFloat16 = nameof(PerImagePaddleSegBFloat16);
        public const string PaddleSegBootstrappedMode = nameof(PaddleSegBootstrappedMode);
        public const string MMSegByLossMode = nameof(MMSegByLossMode);
        public const string MMSegByLossAverageOverValidHalf = nameof(MMSegByLossAverageOverValidHalf);
        public const string DeepLabTFDefault = nameof(DeepLabTFDefault);
        public const string DeepLabTFFractionHalf = nameof(DeepLabTFFractionHalf);
        public const string PaddleSegTopKDefault = nameof(PaddleSegTopKDefault);
        public const string PaddleSegTopKFractionHalf = nameof(PaddleSegTopKFractionHalf);
        public const string DeepLab2Default = nameof(DeepLab2Default);
        public const string DeepLab2FractionNhwcBFloat16 = nameof(DeepLab2FractionNhwcBFloat16);
        public const string ModelGardenDefault = nameof(ModelGardenDefault);
        public const string ModelGardenFractionBFloat16 = nameof(ModelGardenFractionBFloat16);
        public const string TorchSegMode = nameof(TorchSegMode);
        public const string TorchSegThreshOneHalf = nameof(TorchSegThreshOneHalf);
        public const string PytorchLossSixteenth = nameof(PytorchLossSixteenth);
        public const string PytorchLossNMinThreshOne = nameof(PytorchLossNMinThreshOne);
        public const string KnobsHRNetInclusive = nameof(KnobsHRNetInclusive);
        public const string KnobsBiSeNetV1ValidOnlyInclusiveZero = nameof(KnobsBiSeNetV1ValidOnlyInclusiveZero);
        public const string KnobsTopKPercentValidOnlySum = nameof(KnobsTopKPercentValidOnlySum);
        public const string KnobsMMSegInclusiveThrow = nameof(KnobsMMSegInclusiveThrow);
        public const string KnobsPaddleSegInclusiveSum = nameof(KnobsPaddleSegInclusiveSum);
        public const string KnobsTorchSegStrictClampSum = nameof(KnobsTorchSegStrictClampSum);
        public const string KnobsPytorchLossStrictThreshOneZero = nameof(KnobsPytorchLossStrictThreshOneZero);
        public const string KnobsDeepLabTFValidOnlySumNaN = nameof(KnobsDeepLabTFValidOnlySumNaN);
        public const string KnobsModelGardenValidOnlyThrow = nameof(KnobsModelGardenValidOnlyThrow);
        public const string KnobsMMSegByLossSumThrowNaN = nameof(KnobsMMSegByLossSumThrowNaN);
        public const string KnobsPerImageHRNetSumThrow = nameof(KnobsPerImageHRNetSumThrow);
        public const string KnobsWeightedHRNetInclusiveZero = nameof(KnobsWeightedHRNetInclusiveZero);
        public const string KnobsWeightedPaddleSegPerImageSum = nameof(KnobsWeightedPaddleSegPerImageSum);
        public const string KnobsWeightedBiSeNetV1PerImageValidOnly = nameof(KnobsWeightedBiSeNetV1PerImageValidOnly);
        public const string KnobsPerImageTorchSegStrictThrow = nameof(KnobsPerImageTorchSegStrictThrow);
        public const string KnobsWeightedMMSegByLossPerImageSum = nameof(KnobsWeightedMMSegByLossPerImageSum);
        public const string KnobsWeightedDeepLabTFValidOnlyZero = nameof(KnobsWeightedDeepLabTFValidOnlyZero);
        public const string KnobsWeightedTorchSegPerImageClamp = nameof(KnobsWeightedTorchSegPerImageClamp);
        public const string KnobsWeightedTorchSegSum = nameof(KnobsWeightedTorchSegSum);
        public const string KnobsWeightedTorchSegStrictZero = nameof(KnobsWeightedTorchSegStrictZero);
        public const string KnobsWeightedTorchSegPerImageStrictThrowValidOnly = nameof(KnobsWeightedTorchSegPerImageStrictThrowValidOnly);
        public const string KnobsBootstrappedInclusiveSumThrow = nameof(KnobsBootstrappedInclusiveSumThrow);
        public const string KnobsBootstrappedValidOnlyThrowF16 = nameof(KnobsBootstrappedValidOnlyThrowF16);
        public const string KnobsPaddleSegTopKValidOnlySumThrow = nameof(KnobsPaddleSegTopKValidOnlySumThrow);
        public const string KnobsDeepLab2ValidOnlyThrowBf16 = nameof(KnobsDeepLab2ValidOnlyThrowBf16);

        /// <summary>Every case name, for [MemberData].</summary>
        public static TheoryData<string> Names
        {
            get
            {
                var data = new TheoryData<string>();
                foreach (var c in Cases)
                {
                    data.Add(c.Name);
                }

                return data;
            }
        }

        /// <summary>The case of a name.</summary>
        public static MatrixCase Get(string name) => Cases.Single(c => c.Name == name);

        private static MatrixCase Single(string name, string hint, OhemSpec spec, string source) =>
            new MatrixCase(name, source, new Dictionary<string, OhemSpec> { [hint] = spec });
    }
}
