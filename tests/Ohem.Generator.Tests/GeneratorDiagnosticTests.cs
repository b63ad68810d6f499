using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Ohem.TestUtilities;
using Xunit;

namespace Ohem.Generator.Tests
{
    /// <summary>
    /// Every invalid use of [OhemLoss]: the diagnostics snapshot (Snapshots/GeneratorDiagnosticTests.*.verified.txt)
    /// plus an explicit check of the id, severity and exact span ([|marked|] in the source) of the one diagnostic.
    /// </summary>
    public sealed partial class GeneratorDiagnosticTests
    {
        [Fact]
        public void NotPartial_OHEM0001() => Expect("OHEM0001", """
            using Ohem;

            namespace Demo;

            [OhemLoss(NumClasses = 19)]
            public class [|Plain|]
            {
            }
            """, "The class 'Plain' has [OhemLoss] but is not partial; declare it 'partial class Plain' so the generator can add the loss");

        [Fact]
        public void Static_OHEM0002() => Expect("OHEM0002", """
            using Ohem;

            namespace Demo;

            [OhemLoss]
            public static partial class [|Holder|]
            {
            }
            """, "The class 'Holder' has [OhemLoss] but is static; the loss has instance state (scratch buffers, the last forward)");

        [Fact]
        public void GenericClass_OHEM0003() => Expect("OHEM0003", """
            using Ohem;

            namespace Demo;

            [OhemLoss]
            public partial class [|Generic|]<T>
            {
            }
            """, "The class 'Generic' has [OhemLoss] but is generic or nested in a generic type; a loss spec is fixed at compile time");

        [Fact]
        public void NestedInGenericType_OHEM0003() => Expect("OHEM0003", """
            using Ohem;

            namespace Demo;

            public partial class Outer<T>
            {
                [OhemLoss]
                public partial class [|Inner|]
                {
                }
            }
            """, "The class 'Inner' has [OhemLoss] but is generic or nested in a generic type; a loss spec is fixed at compile time");

        [Fact]
        public void NestedInNonPartialType_OHEM0004() => Expect("OHEM0004", """
            using Ohem;

            namespace Demo;

            public class Outer
            {
                [OhemLoss]
                public partial class [|Inner|]
                {
                }
            }
            """, "The class 'Inner' is nested in 'Outer', which is not partial; make every containing type partial");

        [Fact]
        public void ThreshZero_OHEM0005() => Expect("OHEM0005", """
            using Ohem;

            [OhemLoss(NumClasses = 19, [|Thresh = 0|])]
            public partial class Loss;
            """, "Thresh is 0.0, but it is a probability and must be in (0, 1]");

        [Fact]
        public void ThreshNegative_OHEM0005() => Expect("OHEM0005", """
            using Ohem;

            [OhemLoss([|Thresh = -0.1|])]
            public partial class Loss;
            """, "Thresh is -0.1, but it is a probability and must be in (0, 1]");

        [Fact]
        public void ThreshAboveOne_OHEM0005() => Expect("OHEM0005", """
            using Ohem;

            [OhemLoss([|Thresh = 1.5|], NMin = 10)]
            public partial class Loss;
            """, "Thresh is 1.5, but it is a probability and must be in (0, 1]");

        [Fact]
        public void ThreshNaN_OHEM0005() => Expect("OHEM0005", """
            using Ohem;

            [OhemLoss([|Thresh = double.NaN|])]
            public partial class Loss;
            """, "Thresh is NaN, but it is a probability and must be in (0, 1]");

        [Fact]
        public void NMinNegative_OHEM0006() => Expect("OHEM0006", """
            using Ohem;

            [OhemLoss(Thresh = 0.7, [|NMin = -1|])]
            public partial class Loss;
            """, "NMin is -1, but it must be 0 or more");

        [Fact]
        public void NumClassesOne_OHEM0007() => Expect("OHEM0007", """
            using Ohem;

            [OhemLoss([|NumClasses = 1|])]
            public partial class Loss;
            """, "NumClasses is 1, but it must be 0 (given at run time) or at least 2");

        [Fact]
        public void NumClassesNegative_OHEM0007() => Expect("OHEM0007", """
            using Ohem;

            [OhemLoss([|NumClasses = -3|])]
            public partial class Loss;
            """, "NumClasses is -3, but it must be 0 (given at run time) or at least 2");

        [Fact]
        public void IgnoreLabelIsAClass_OHEM0008_StillGenerates() => Expect("OHEM0008", """
            using Ohem;

            [OhemLoss([|IgnoreLabel = 3|], NumClasses = 19)]
            public partial class Loss;
            """, "IgnoreLabel is 3, which is a real class in [0, NumClasses): its pixels would be ignored", DiagnosticSeverity.Warning);

        [Fact]
        public void IgnoreLabelNegativeForUInt8_OHEM0009() => Expect("OHEM0009", """
            using Ohem;

            [OhemLoss([|IgnoreLabel = -1|], Labels = OhemLabels.UInt8)]
            public partial class Loss;
            """, "IgnoreLabel is -1, which the label type cannot hold, so no pixel would ever be ignored");

        [Fact]
        public void IgnoreLabelTooLargeForUInt8_OHEM0009() => Expect("OHEM0009", """
            using Ohem;

            [OhemLoss(Labels = OhemLabels.UInt8, [|IgnoreLabel = 300|])]
            public partial class Loss;
            """, "IgnoreLabel is 300, which the label type cannot hold, so no pixel would ever be ignored");

        [Fact]
        public void UndefinedLogits_OHEM0010() => Expect("OHEM0010", """
            using Ohem;

            [OhemLoss([|Logits = (OhemLogits)7|])]
            public partial class Loss;
            """, "Logits is 7, which is not a defined value of its enum");

        [Fact]
        public void UndefinedLabels_OHEM0010() => Expect("OHEM0010", """
            using Ohem;

            [OhemLoss([|Labels = (OhemLabels)9|])]
            public partial class Loss;
            """, "Labels is 9, which is not a defined value of its enum");

        [Fact]
        public void UndefinedMode_OHEM0010() => Expect("OHEM0010", """
            using Ohem;

            [OhemLoss([|Mode = (OhemMode)99|])]
            public partial class Loss;
            """, "Mode is 99, which is not a defined value of its enum");

        [Fact]
        public void UndefinedLayout_OHEM0010() => Expect("OHEM0010", """
            using Ohem;

            [OhemLoss(NumClasses = 19, [|Layout = (OhemLayout)2|])]
            public partial class Loss;
            """, "Layout is 2, which is not a defined value of its enum");

        [Fact]
        public void FractionAboveOne_OHEM0011() => Expect("OHEM0011", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.TopKPercent, [|Fraction = 1.5|])]
            public partial class Loss;
            """, "Fraction is 1.5, but it must be in (0, 1] (or 0 for the mode's default)");

        [Fact]
        public void FractionNegative_OHEM0011() => Expect("OHEM0011", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.BiSeNetV2,
                      [|Fraction = -0.25|])]
            public partial class Loss;
            """, "Fraction is -0.25, but it must be in (0, 1] (or 0 for the mode's default)");

        [Fact]
        public void FractionNaN_OHEM0011() => Expect("OHEM0011", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.BiSeNetV2, [|Fraction = double.NaN|])]
            public partial class Loss;
            """, "Fraction is NaN, but it must be in (0, 1] (or 0 for the mode's default)");

        [Fact]
        public void NMinWithBiSeNetV2_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.BiSeNetV2, [|NMin = 100_000|], NumClasses = 19)]
            public partial class Loss;
            """, "NMin is given but Mode bisenet-v2 does not use it (the kept count comes from Fraction); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void NMinWithTopKPercent_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss([|NMin = 5|], Mode = OhemMode.TopKPercent, NumClasses = 19)]
            public partial class Loss;
            """, "NMin is given but Mode topk-percent does not use it (the kept count comes from Fraction); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void FractionWithDefaultMode_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(NumClasses = 19, [|Fraction = 0.25|])]
            public partial class Loss;
            """, "Fraction is given but Mode bisenet-v1 does not use it (the kept count comes from NMin); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void FractionWithHRNet_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.HRNet, NumClasses = 19, [|Fraction = 0.5|])]
            public partial class Loss;
            """, "Fraction is given but Mode hrnet does not use it (the kept count comes from NMin); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void FractionWithMMSegSampler_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.MMSegSampler, NumClasses = 19, [|Fraction = 0.5|])]
            public partial class Loss;
            """, "Fraction is given but Mode mmseg does not use it (the kept count comes from NMin); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void FractionWithPaddleSeg_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss([|Fraction = 0.0625|], Mode = OhemMode.PaddleSeg)]
            public partial class Loss;
            """, "Fraction is given but Mode paddleseg does not use it (the kept count comes from NMin); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void ThreshWithDeepLabTF_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.DeepLabTF, [|Thresh = 0.7|], Fraction = 0.25)]
            public partial class Loss;
            """, "Thresh is given but Mode deeplab-tf does not use it (it keeps a fixed number of the largest losses); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void ThreshWithMMSegByLoss_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss([|Thresh = 0.7|], Mode = OhemMode.MMSegByLoss, NMin = 10000)]
            public partial class Loss;
            """, "Thresh is given but Mode mmseg-loss does not use it (it keeps a fixed number of the largest losses); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void NMinWithModelGarden_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.ModelGarden, [|NMin = 1000|])]
            public partial class Loss;
            """, "NMin is given but Mode model-garden does not use it (the kept count comes from Fraction); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void NMinWithPytorchLossFraction_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.PytorchLossOhem, Fraction = 0.0625, [|NMin = 1000|])]
            public partial class Loss;
            """, "NMin is given but Mode pytorch-loss does not use it (the kept count comes from Fraction); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void FractionWithTorchSeg_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.TorchSeg, NMin = 256, [|Fraction = 0.5|])]
            public partial class Loss;
            """, "Fraction is given but Mode torchseg does not use it (the kept count comes from NMin); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void AverageOverValidWithTorchSeg_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.TorchSeg, [|AverageOverValid = true|])]
            public partial class Loss;
            """, "AverageOverValid is given but Mode torchseg does not use it (only mmseg has a choice of normaliser); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void AverageOverValidWithHRNet_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.HRNet, [|AverageOverValid = true|])]
            public partial class Loss;
            """, "AverageOverValid is given but Mode hrnet does not use it (only mmseg has a choice of normaliser); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void ClassWeightsWrongLength_OHEM0013() => Expect("OHEM0013", """
            using Ohem;

            [OhemLoss(NumClasses = 3, [|ClassWeights = new[] { 1.0, 2.0 }|])]
            public partial class Loss;
            """, "ClassWeights has 2 entries, but NumClasses is 3: give exactly one weight per class");

        [Fact]
        public void ClassWeightsWithPytorchLoss_OHEM0017() => Expect("OHEM0017", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.PytorchLossOhem, NumClasses = 2, [|ClassWeights = new[] { 1.0, 2.0 }|])]
            public partial class Loss;
            """, "ClassWeights is given, but Mode pytorch-loss does not take class weights: pytorch-loss's OhemCELoss builds its nn.CrossEntropyLoss without weight=");

        [Fact]
        public void ClassWeightsFirstWithPytorchLossFraction_OHEM0017() => Expect("OHEM0017", """
            using Ohem;

            [OhemLoss([|ClassWeights = new[] { 0.5, 2.0, 1.0 }|], NumClasses = 3, Mode = OhemMode.PytorchLossOhem, Fraction = 0.0625)]
            public partial class Loss;
            """, "ClassWeights is given, but Mode pytorch-loss does not take class weights: pytorch-loss's OhemCELoss builds its nn.CrossEntropyLoss without weight=");

        [Fact]
        public void ClassWeightsRuntimeClasses_OHEM0013() => Expect("OHEM0013", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.HRNet, [|ClassWeights = new double[] { 1, 2, 3 }|])]
            public partial class Loss;
            """, "ClassWeights has 3 entries, but NumClasses is 0 (given at run time): class weights need NumClasses baked in, one weight per class");

        [Fact]
        public void ClassWeightsEmpty_OHEM0013() => Expect("OHEM0013", """
            using Ohem;

            [OhemLoss(NumClasses = 2, [|ClassWeights = new double[0]|])]
            public partial class Loss;
            """, "ClassWeights has 0 entries, but NumClasses is 2: give exactly one weight per class");

        [Fact]
        public void ClassWeightNegative_OHEM0014() => Expect("OHEM0014", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.PaddleSeg, NumClasses = 3, [|ClassWeights = new[] { 1.0, -0.5, 1.0 }|])]
            public partial class Loss;
            """, "ClassWeights[1] is -0.5, but a class weight must be a finite float32 value ≥ 0");

        [Fact]
        public void ClassWeightNaN_OHEM0014() => Expect("OHEM0014", """
            using Ohem;

            [OhemLoss(NumClasses = 2, [|ClassWeights = new[] { double.NaN, 1.0 }|])]
            public partial class Loss;
            """, "ClassWeights[0] is NaN, but a class weight must be a finite float32 value ≥ 0");

        [Fact]
        public void ClassWeightBeyondFloat32_OHEM0014() => Expect("OHEM0014", """
            using Ohem;

            [OhemLoss(NumClasses = 2, [|ClassWeights = new[] { 1.0, 1e300 }|])]
            public partial class Loss;
            """, "ClassWeights[1] is 1E+300, but a class weight must be a finite float32 value ≥ 0");

        [Fact]
        public void ClassWeightsNull_IsNoWeights()
        {
            var run = Run("""
                using Ohem;

                [OhemLoss(NumClasses = 19, ClassWeights = null)]
                public partial class Loss;
                """);

            Assert.Empty(run.Result.Diagnostics);
            string cs = run.Result.GeneratedTrees.Single().ToString();
            Assert.Contains("ohem/v1;mode=bisenet-v1;thresh=0.7;nmin=100000;ignore=255;classes=19;logits=f32;labels=i64,", cs);
            Assert.DoesNotContain("weights", cs);
        }

        [Fact]
        public void ClassWeightsEveryMode_NoOHEM0012()
        {
            var run = Run("""
                using Ohem;

                [OhemLoss(NumClasses = 2, ClassWeights = new[] { 1.0, 2.0 })]
                public partial class A;

                [OhemLoss(Mode = OhemMode.BiSeNetV2, NumClasses = 2, ClassWeights = new[] { 1.0, 2.0 })]
                public partial class B;

                [OhemLoss(Mode = OhemMode.HRNet, NumClasses = 2, ClassWeights = new[] { 1.0, 2.0 })]
                public partial class C;

                [OhemLoss(Mode = OhemMode.TopKPercent, NumClasses = 2, ClassWeights = new[] { 1.0, 2.0 })]
                public partial class D;

                [OhemLoss(Mode = OhemMode.MMSegSampler, NumClasses = 2, ClassWeights = new[] { 1.0, 2.0 })]
                public partial class E;

                [OhemLoss(Mode = OhemMode.PaddleSeg, NumClasses = 2, ClassWeights = new[] { 1.0, 0.0 })]
                public partial class F;

                [OhemLoss(Mode = OhemMode.MMSegByLoss, NumClasses = 2, ClassWeights = new[] { 1.0, 2.0 })]
                public partial class G;

                [OhemLoss(Mode = OhemMode.DeepLabTF, Fraction = 0.2, NumClasses = 2, ClassWeights = new[] { 1.0, 2.0 })]
                public partial class H;

                [OhemLoss(Mode = OhemMode.ModelGarden, NumClasses = 2, ClassWeights = new[] { 1.0, 2.0 })]
                public partial class I;

                [OhemLoss(Mode = OhemMode.TorchSeg, NumClasses = 2, ClassWeights = new[] { 1.0, 2.0 })]
                public partial class J;
                """);

            Assert.Empty(run.Result.Diagnostics);
            Assert.Equal(10, run.Result.GeneratedTrees.Length);
            Assert.All(run.Result.GeneratedTrees, t => Assert.Contains("ohem_class_weight[2]", t.ToString()));
        }

        [Fact]
        public void LossThreshNegative_OHEM0015() => Expect("OHEM0015", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.PaddleSegBootstrapped, [|Thresh = -0.3|], NMin = 4096)]
            public partial class Loss;
            """, "Thresh is -0.3, but Mode paddleseg-bootstrapped reads it as a loss threshold (loss_th), which must be finite and 0 or more");

        [Fact]
        public void LossThreshNaN_OHEM0015() => Expect("OHEM0015", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.PaddleSegBootstrapped, [|Thresh = double.NaN|])]
            public partial class Loss;
            """, "Thresh is NaN, but Mode paddleseg-bootstrapped reads it as a loss threshold (loss_th), which must be finite and 0 or more");

        [Fact]
        public void LossThreshInfinite_OHEM0015() => Expect("OHEM0015", """
            using Ohem;

            [OhemLoss([|Thresh = double.PositiveInfinity|], Mode = OhemMode.PaddleSegBootstrapped)]
            public partial class Loss;
            """, "Thresh is Infinity, but Mode paddleseg-bootstrapped reads it as a loss threshold (loss_th), which must be finite and 0 or more");

        [Fact]
        public void ScopeWithPaddleSegBootstrapped_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.PaddleSegBootstrapped, Thresh = 0.3, NMin = 4096, NumClasses = 19, [|Scope = OhemScope.PerImage|])]
            public partial class Loss;
            """, "Scope is given but Mode paddleseg-bootstrapped does not use it (it is always per image); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void UndefinedScope_OHEM0010() => Expect("OHEM0010", """
            using Ohem;

            [OhemLoss([|Scope = (OhemScope)2|])]
            public partial class Loss;
            """, "Scope is 2, which is not a defined value of its enum");

        [Fact]
        public void LossThreshAboveOneAndZero_AreValid()
        {
            // A loss threshold is not a probability: 0 and values above 1 are fine (no OHEM0005), and Scope is read by every other mode.
            var run = Run("""
                using Ohem;

                [OhemLoss(Mode = OhemMode.PaddleSegBootstrapped, Thresh = 1.5, NMin = 4096, NumClasses = 19)]
                public partial class A;

                [OhemLoss(Mode = OhemMode.PaddleSegBootstrapped, Thresh = 0, NMin = 0, NumClasses = 19)]
                public partial class B;

                [OhemLoss(Mode = OhemMode.HRNet, Scope = OhemScope.PerImage, NumClasses = 19)]
                public partial class C;

                [OhemLoss(Mode = OhemMode.TopKPercent, Fraction = 0.25, Scope = OhemScope.PerBatch, NumClasses = 19)]
                public partial class D;
                """);

            Assert.Empty(run.Result.Diagnostics);
            Assert.Equal(4, run.Result.GeneratedTrees.Length);
        }

        [Fact]
        public void UsedArguments_NoOHEM0012()
        {
            var run = Run("""
                using Ohem;

                [OhemLoss(Mode = OhemMode.HRNet, NMin = 10, NumClasses = 19)]
                public partial class A;

                [OhemLoss(Mode = OhemMode.TopKPercent, Fraction = 0.2, NumClasses = 19)]
                public partial class B;

                [OhemLoss(Mode = OhemMode.BiSeNetV2, Fraction = 0.0625, NumClasses = 19)]
                public partial class C;

                [OhemLoss(Mode = OhemMode.MMSegSampler, Thresh = 0.7, NMin = 10000, NumClasses = 19, AverageOverValid = false)]
                public partial class D;

                [OhemLoss(Mode = OhemMode.PaddleSeg, Thresh = 0.7, NMin = 130000, NumClasses = 19)]
                public partial class E;
                """);

            Assert.Empty(run.Result.Diagnostics);
            Assert.Equal(5, run.Result.GeneratedTrees.Length);
        }

        [Fact]
        public void LaterModeKnobs_TheModeReads_NoDiagnostic()
        {
            var run = Run("""
                using Ohem;

                [OhemLoss(Mode = OhemMode.MMSegByLoss, NMin = 10, OnEmpty = OhemOnEmpty.NaN, NMinPolicy = OhemNMinPolicy.Throw, Candidates = OhemCandidates.ValidOnly, Reduction = OhemReduction.Sum)]
                public partial class A;

                [OhemLoss(Mode = OhemMode.DeepLabTF, Fraction = 0.2, OnEmpty = OhemOnEmpty.Throw, Candidates = OhemCandidates.ValidOnly, Reduction = OhemReduction.Mean)]
                public partial class B;

                [OhemLoss(Mode = OhemMode.ModelGarden, Fraction = 0.2, OnEmpty = OhemOnEmpty.Zero, Candidates = OhemCandidates.AllPixels, Reduction = OhemReduction.Sum)]
                public partial class C;

                [OhemLoss(Mode = OhemMode.TorchSeg, NMin = 256, Comparison = OhemComparison.Strict, OnEmpty = OhemOnEmpty.Zero, NMinPolicy = OhemNMinPolicy.Clamp, Candidates = OhemCandidates.ValidOnly, Reduction = OhemReduction.Sum)]
                public partial class D;

                [OhemLoss(Mode = OhemMode.PytorchLossOhem, Fraction = 0.0625, Comparison = OhemComparison.Inclusive, OnEmpty = OhemOnEmpty.Throw, NMinPolicy = OhemNMinPolicy.Throw, Reduction = OhemReduction.Sum)]
                public partial class E;
                """);

            Assert.Empty(run.Result.Diagnostics);
            Assert.Equal(5, run.Result.GeneratedTrees.Length);
        }

        [Fact]
        public void ThreshOne_IsValid()
        {
            var run = Run("""
                using Ohem;

                [OhemLoss(Thresh = 1, NumClasses = 19)]
                public partial class Loss;
                """);

            Assert.Empty(run.Result.Diagnostics);
            Assert.Equal("Loss.OhemLoss.g.cs", System.IO.Path.GetFileName(Assert.Single(run.Result.GeneratedTrees).FilePath));
        }

        [Fact]
        public void SeveralProblems_AllReported_InSourceOrder()
        {
            var run = Run("""
                using Ohem;

                [OhemLoss(Thresh = 2, NMin = -1, NumClasses = 1, Labels = OhemLabels.UInt8, IgnoreLabel = 256)]
                public class Loss;
                """);

            Assert.Equal(
                new[] { "OHEM0005", "OHEM0006", "OHEM0007", "OHEM0009", "OHEM0001" },
                run.Result.Diagnostics.OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.Id));
            Assert.All(run.Result.Diagnostics, d => Assert.Equal(DiagnosticSeverity.Error, d.Severity));
            Assert.Empty(run.Result.GeneratedTrees);
            Snapshot.Verify(run.Result);
        }

        [Theory]
        [InlineData("Thresh = \"high\"")]
        [InlineData("NMin = Undefined.Value")]
        [InlineData("NumClasses = 1.5")]
        [InlineData("Logits = 3")]
        public void ArgumentTheCompilerRejects_GeneratesNothing_AndDoesNotThrow(string argument)
        {
            var run = Run("using Ohem;\n\n[OhemLoss(" + argument + ")]\npublic partial class Loss;\n");

            // The compiler's own error is enough: no OHEM diagnostic on top of it, no half-made class.
            Assert.NotEmpty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", System.StringComparison.Ordinal)));
            Assert.Empty(run.Result.Diagnostics);
            Assert.Empty(run.Result.GeneratedTrees);
        }

        private static GeneratorRun Run(string source)
        {
            var run = GeneratorHarness.Run(new OhemLossGenerator(), GeneratorHarness.CreateCompilation(source));
            Assert.Null(run.Result.Results.Single().Exception);
            return run;
        }

        [Fact]
        public void CandidatesAllPixelsWithHRNet_OHEM0016() => Expect("OHEM0016", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.HRNet, NumClasses = 19, [|Candidates = OhemCandidates.AllPixels|])]
            public partial class Loss;
            """, "Candidates is AllPixels, which cannot be honoured: Mode hrnet ranks the true-class probabilities of the valid pixels only");

        [Fact]
        public void CandidatesAllPixelsWithPaddleSeg_OHEM0016() => Expect("OHEM0016", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.PaddleSeg,
                      [|Candidates = OhemCandidates.AllPixels|], NumClasses = 19)]
            public partial class Loss;
            """, "Candidates is AllPixels, which cannot be honoured: Mode paddleseg ranks the true-class probabilities of the valid pixels only");

        [Fact]
        public void ReductionSumWithAverageOverValid_OHEM0016() => Expect("OHEM0016", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.MMSegSampler, AverageOverValid = true, [|Reduction = OhemReduction.Sum|])]
            public partial class Loss;
            """, "Reduction is Sum, which cannot be honoured: AverageOverValid = true asks for a divisor that a sum does not have");

        [Fact]
        public void EveryKnobWithPaddleSegBootstrapped_NoDiagnostics()
        {
            // BiSeNetV1's rule per image: every value of every knob is honoured.
            var run = Run("""
                using Ohem;

                [OhemLoss(Mode = OhemMode.PaddleSegBootstrapped, Thresh = 0.3, NMin = 4096, Comparison = OhemComparison.Inclusive, OnEmpty = OhemOnEmpty.Throw, NMinPolicy = OhemNMinPolicy.Clamp, Reduction = OhemReduction.Sum)]
                public partial class A;

                [OhemLoss(Mode = OhemMode.PaddleSegBootstrapped, Thresh = 0.3, NMin = 4096, Comparison = OhemComparison.Strict, OnEmpty = OhemOnEmpty.Zero, NMinPolicy = OhemNMinPolicy.Throw, Candidates = OhemCandidates.ValidOnly, Reduction = OhemReduction.Mean)]
                public partial class B;

                [OhemLoss(Mode = OhemMode.PaddleSegBootstrapped, Thresh = 0.3, NMin = 4096, NumClasses = 2, ClassWeights = new[] { 1.0, 2.0 }, OnEmpty = OhemOnEmpty.NaN, Candidates = OhemCandidates.AllPixels)]
                public partial class C;
                """);

            Assert.Empty(run.Result.Diagnostics);
            Assert.Equal(3, run.Result.GeneratedTrees.Length);
        }

        [Fact]
        public void CandidatesAllPixelsWithMMSegByLoss_OHEM0016() => Expect("OHEM0016", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.MMSegByLoss, NMin = 10000, [|Candidates = OhemCandidates.AllPixels|])]
            public partial class Loss;
            """, "Candidates is AllPixels, which cannot be honoured: Mode mmseg-loss ranks the losses of the valid pixels only");

        [Fact]
        public void CandidatesAllPixelsWithTorchSeg_OHEM0016() => Expect("OHEM0016", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.TorchSeg, NMin = 256,
                [|Candidates = OhemCandidates.AllPixels|])]
            public partial class Loss;
            """, "Candidates is AllPixels, which cannot be honoured: Mode torchseg ranks the true-class probabilities of the valid pixels only");

        [Fact]
        public void ReductionSumWithMMSegByLossAverageOverValid_OHEM0016() => Expect("OHEM0016", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.MMSegByLoss, NMin = 10000, AverageOverValid = true, [|Reduction = OhemReduction.Sum|])]
            public partial class Loss;
            """, "Reduction is Sum, which cannot be honoured: AverageOverValid = true asks for a divisor that a sum does not have");

        [Fact]
        public void AllPixelsWithMMSegByLossPerImageWeighted_OHEM0016() => Expect("OHEM0016", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.MMSegByLoss, NMin = 256, NumClasses = 2, ClassWeights = new[] { 1.0, 2.0 }, Scope = OhemScope.PerImage, OnEmpty = OhemOnEmpty.Zero, [|Candidates = OhemCandidates.AllPixels|])]
            public partial class Loss;
            """, "Candidates is AllPixels, which cannot be honoured: Mode mmseg-loss ranks the losses of the valid pixels only");

        [Fact]
        public void AllPixelsWithHRNetPerImage_OHEM0016() => Expect("OHEM0016", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.HRNet, Scope = OhemScope.PerImage, Reduction = OhemReduction.Sum, [|Candidates = OhemCandidates.AllPixels|])]
            public partial class Loss;
            """, "Candidates is AllPixels, which cannot be honoured: Mode hrnet ranks the true-class probabilities of the valid pixels only");

        [Fact]
        public void ReductionSumWithAverageOverValidWeightedPerImage_OHEM0016() => Expect("OHEM0016", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.MMSegSampler, AverageOverValid = true, NumClasses = 2, ClassWeights = new[] { 1.0, 2.0 }, Scope = OhemScope.PerImage, OnEmpty = OhemOnEmpty.Zero, [|Reduction = OhemReduction.Sum|])]
            public partial class Loss;
            """, "Reduction is Sum, which cannot be honoured: AverageOverValid = true asks for a divisor that a sum does not have");

        [Fact]
        public void KnobsPerImageAndWithClassWeights_NoDiagnostics()
        {
            var run = Run("""
                using Ohem;

                [OhemLoss(NMin = 4096, Scope = OhemScope.PerImage, Reduction = OhemReduction.Sum, NMinPolicy = OhemNMinPolicy.Clamp)]
                public partial class A;

                [OhemLoss(Mode = OhemMode.HRNet, NumClasses = 2, ClassWeights = new[] { 1.0, 2.0 }, OnEmpty = OhemOnEmpty.Zero, Comparison = OhemComparison.Inclusive)]
                public partial class B;

                [OhemLoss(Mode = OhemMode.PaddleSeg, NumClasses = 2, ClassWeights = new[] { 1.0, 2.0 }, Scope = OhemScope.PerImage, OnEmpty = OhemOnEmpty.Throw, NMinPolicy = OhemNMinPolicy.Throw, Candidates = OhemCandidates.ValidOnly)]
                public partial class C;

                [OhemLoss(Mode = OhemMode.TopKPercent, Fraction = 0.25, NumClasses = 2, ClassWeights = new[] { 1.0, 0.5 }, Scope = OhemScope.PerImage, Candidates = OhemCandidates.ValidOnly, Reduction = OhemReduction.Sum)]
                public partial class D;

                [OhemLoss(Mode = OhemMode.BiSeNetV2, Scope = OhemScope.PerImage, Comparison = OhemComparison.Inclusive, OnEmpty = OhemOnEmpty.NaN)]
                public partial class E;
                """);

            Assert.Empty(run.Result.Diagnostics);
            Assert.Equal(5, run.Result.GeneratedTrees.Length);
        }

        [Fact]
        public void LaterModeKnobsPerImageAndWithClassWeights_NoDiagnostics()
        {
            var run = Run("""
                using Ohem;

                [OhemLoss(Mode = OhemMode.TorchSeg, NMin = 256, Scope = OhemScope.PerImage, Comparison = OhemComparison.Strict, OnEmpty = OhemOnEmpty.Zero, NMinPolicy = OhemNMinPolicy.Clamp, Reduction = OhemReduction.Sum)]
                public partial class A;

                [OhemLoss(Mode = OhemMode.PytorchLossOhem, NMin = 256, Scope = OhemScope.PerImage, Comparison = OhemComparison.Strict, NMinPolicy = OhemNMinPolicy.Throw)]
                public partial class B;

                [OhemLoss(Mode = OhemMode.MMSegByLoss, NMin = 256, NumClasses = 2, ClassWeights = new[] { 1.0, 2.0 }, Scope = OhemScope.PerImage, OnEmpty = OhemOnEmpty.Throw, NMinPolicy = OhemNMinPolicy.Throw, Reduction = OhemReduction.Sum)]
                public partial class C;

                [OhemLoss(Mode = OhemMode.DeepLabTF, Fraction = 0.25, NumClasses = 2, ClassWeights = new[] { 1.0, 0.5 }, Candidates = OhemCandidates.ValidOnly, OnEmpty = OhemOnEmpty.NaN)]
                public partial class D;

                [OhemLoss(Mode = OhemMode.ModelGarden, Fraction = 0.25, NumClasses = 2, ClassWeights = new[] { 1.0, 0.5 }, Scope = OhemScope.PerImage, Candidates = OhemCandidates.ValidOnly, Reduction = OhemReduction.Sum)]
                public partial class E;

                [OhemLoss(Mode = OhemMode.TorchSeg, NMin = 256, NumClasses = 2, ClassWeights = new[] { 1.0, 0.5 }, Comparison = OhemComparison.Strict, OnEmpty = OhemOnEmpty.Throw, Candidates = OhemCandidates.ValidOnly)]
                public partial class F;

                [OhemLoss(Mode = OhemMode.TorchSeg, NMin = 256, NumClasses = 2, ClassWeights = new[] { 1.0, 0.5 }, Scope = OhemScope.PerImage, Comparison = OhemComparison.Inclusive, OnEmpty = OhemOnEmpty.NaN)]
                public partial class G;
                """);

            Assert.Empty(run.Result.Diagnostics);
            Assert.Equal(7, run.Result.GeneratedTrees.Length);
        }

        [Fact]
        public void KnobWithWeightedTorchSeg_OHEM0016() => Expect("OHEM0016", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.TorchSeg, NumClasses = 2, ClassWeights = new[] { 1.0, 2.0 }, Comparison = OhemComparison.Strict, OnEmpty = OhemOnEmpty.Zero, NMinPolicy = OhemNMinPolicy.Clamp, Reduction = OhemReduction.Sum, [|Candidates = OhemCandidates.AllPixels|])]
            public partial class Loss;
            """, "Candidates is AllPixels, which cannot be honoured: Mode torchseg ranks the true-class probabilities of the valid pixels only");

        [Fact]
        public void UndefinedComparison_OHEM0010() => Expect("OHEM0010", """
            using Ohem;

            [OhemLoss([|Comparison = (OhemComparison)7|])]
            public partial class Loss;
            """, "Comparison is 7, which is not a defined value of its enum");

        [Fact]
        public void UndefinedOnEmpty_OHEM0010() => Expect("OHEM0010", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.HRNet, [|OnEmpty = (OhemOnEmpty)4|])]
            public partial class Loss;
            """, "OnEmpty is 4, which is not a defined value of its enum");

        [Fact]
        public void ThreshWithTopKPercent_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.TopKPercent, Fraction = 0.2, [|Thresh = 0.7|])]
            public partial class Loss;
            """, "Thresh is given but Mode topk-percent does not use it (it keeps a fixed number of the largest losses); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void ComparisonWithTopKPercent_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.TopKPercent, [|Comparison = OhemComparison.Inclusive|])]
            public partial class Loss;
            """, "Comparison is given but Mode topk-percent does not use it (a top-k by count compares with no threshold); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void ComparisonWithMMSegByLoss_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.MMSegByLoss, NMin = 10000, [|Comparison = OhemComparison.Strict|])]
            public partial class Loss;
            """, "Comparison is given but Mode mmseg-loss does not use it (a top-k by count compares with no threshold); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void ComparisonWithDeepLabTF_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.DeepLabTF, Fraction = 0.2, [|Comparison = OhemComparison.Inclusive|])]
            public partial class Loss;
            """, "Comparison is given but Mode deeplab-tf does not use it (a top-k by count compares with no threshold); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void ComparisonWithModelGarden_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.ModelGarden, [|Comparison = OhemComparison.Inclusive|], Fraction = 0.25)]
            public partial class Loss;
            """, "Comparison is given but Mode model-garden does not use it (a top-k by count compares with no threshold); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void NMinPolicyWithDeepLabTF_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.DeepLabTF, Fraction = 0.2, [|NMinPolicy = OhemNMinPolicy.Throw|])]
            public partial class Loss;
            """, "NMinPolicy is given but Mode deeplab-tf does not use it (k = Fraction × pixels never exceeds the candidates); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void NMinPolicyWithModelGarden_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.ModelGarden, Fraction = 0.25, [|NMinPolicy = OhemNMinPolicy.Clamp|])]
            public partial class Loss;
            """, "NMinPolicy is given but Mode model-garden does not use it (k = Fraction × pixels never exceeds the candidates); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void CandidatesWithPytorchLoss_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.PytorchLossOhem, NMin = 4096, [|Candidates = OhemCandidates.ValidOnly|])]
            public partial class Loss;
            """, "Candidates is given but Mode pytorch-loss does not use it (ignored pixels rank last, so the n_min lowest probabilities hold the valid pixels first either way); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void NMinPolicyWithBiSeNetV2_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.BiSeNetV2, [|NMinPolicy = OhemNMinPolicy.Clamp|])]
            public partial class Loss;
            """, "NMinPolicy is given but Mode bisenet-v2 does not use it (n_min = Fraction × valid never exceeds the candidates); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void CandidatesWithBiSeNetV2_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.BiSeNetV2, [|Candidates = OhemCandidates.ValidOnly|])]
            public partial class Loss;
            """, "Candidates is given but Mode bisenet-v2 does not use it (n_min = Fraction × valid never exceeds the valid pixels); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void ValidKnobs_NoDiagnostics()
        {
            var run = Run("""
                using Ohem;

                [OhemLoss(Comparison = OhemComparison.Inclusive, OnEmpty = OhemOnEmpty.Zero, NMinPolicy = OhemNMinPolicy.Clamp, Candidates = OhemCandidates.ValidOnly, Reduction = OhemReduction.Sum, NumClasses = 19)]
                public partial class A;

                [OhemLoss(Mode = OhemMode.HRNet, Comparison = OhemComparison.Strict, OnEmpty = OhemOnEmpty.Throw, NMinPolicy = OhemNMinPolicy.Throw, Candidates = OhemCandidates.ValidOnly, Reduction = OhemReduction.Mean)]
                public partial class B;

                [OhemLoss(Mode = OhemMode.TopKPercent, Fraction = 0.25, OnEmpty = OhemOnEmpty.NaN, Candidates = OhemCandidates.AllPixels, Reduction = OhemReduction.Sum)]
                public partial class C;

                [OhemLoss(Mode = OhemMode.MMSegSampler, AverageOverValid = true, Comparison = OhemComparison.Inclusive, Reduction = OhemReduction.Mean)]
                public partial class D;

                [OhemLoss(Mode = OhemMode.BiSeNetV2, Comparison = OhemComparison.Inclusive, OnEmpty = OhemOnEmpty.Zero, Reduction = OhemReduction.Sum)]
                public partial class E;
                """);

            Assert.Empty(run.Result.Diagnostics);
            Assert.Equal(5, run.Result.GeneratedTrees.Length);
        }

        private static void Expect(string id, string markup, string message, DiagnosticSeverity severity = DiagnosticSeverity.Error, [CallerMemberName] string test = "")
        {
            var source = SourceMarkup.Parse(markup);
            var run = Run(source.Source);

            var diagnostic = Assert.Single(run.Result.Diagnostics);
            Assert.Equal(id, diagnostic.Id);
            Assert.Equal(severity, diagnostic.Severity);
            Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("Source.cs", diagnostic.Location.GetLineSpan().Path);
            Assert.Equal(source.Span, diagnostic.Location.SourceSpan);
            Assert.Equal(source.LineSpan, diagnostic.Location.GetLineSpan().Span);
            // A source location in the compilation's own tree: what the IDE squiggles and #pragma can suppress.
            Assert.True(diagnostic.Location.IsInSource);
            Assert.Same(run.Output.SyntaxTrees.First(), diagnostic.Location.SourceTree);
            Assert.Equal(source.MarkedText, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));

            // An error stops generation (the compiler's own errors are enough); the warning still generates.
            Assert.Equal(severity == DiagnosticSeverity.Error ? 0 : 1, run.Result.GeneratedTrees.Length);
            Snapshot.Verify(run.Result, testMethod: test);
        }
    }
}
