using Microsoft.CodeAnalysis;
using Xunit;

namespace Ohem.Generator.Tests
{
    /// <summary>The diagnostics of PaddleSegTopK and DeepLab2: the arguments and knobs they never read, the weights they refuse, the knobs they take.</summary>
    public sealed partial class GeneratorDiagnosticTests
    {
        [Fact]
        public void ThreshWithPaddleSegTopK_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.PaddleSegTopK, [|Thresh = 0.7|], Fraction = 0.2)]
            public partial class Loss;
            """, "Thresh is given but Mode paddleseg-topk does not use it (it keeps a fixed number of the largest losses); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void NMinWithDeepLab2_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.DeepLab2, Fraction = 0.2, [|NMin = 4096|])]
            public partial class Loss;
            """, "NMin is given but Mode deeplab2 does not use it (the kept count comes from Fraction); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void ScopeWithDeepLab2_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.DeepLab2, Fraction = 0.2, NumClasses = 19, [|Scope = OhemScope.PerImage|])]
            public partial class Loss;
            """, "Scope is given but Mode deeplab2 does not use it (it is always per image); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void AverageOverValidWithPaddleSegTopK_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.PaddleSegTopK, [|AverageOverValid = true|])]
            public partial class Loss;
            """, "AverageOverValid is given but Mode paddleseg-topk does not use it (only mmseg has a choice of normaliser); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void ClassWeightsWithPaddleSegTopK_OHEM0017() => Expect("OHEM0017", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.PaddleSegTopK, Fraction = 0.2, NumClasses = 3, [|ClassWeights = new[] { 0.5, 2.0, 1.0 }|])]
            public partial class Loss;
            """, "ClassWeights is given, but Mode paddleseg-topk does not take class weights: PaddleSeg divides its top-k mean by the mean class weight of the k selected pixels, which needs the class of each of them, ties at the cut-off included, in the forward; the selection ranks the tied pixels only in the backward");

        [Fact]
        public void ClassWeightsWithDeepLab2_OHEM0017() => Expect("OHEM0017", """
            using Ohem;

            [OhemLoss([|ClassWeights = new[] { 0.5, 2.0, 1.0 }|], NumClasses = 3, Mode = OhemMode.DeepLab2)]
            public partial class Loss;
            """, "ClassWeights is given, but Mode deeplab2 does not take class weights: deeplab2's loss has no class weights; its weights are per pixel, from the data pipeline, which no engine call carries");

        [Fact]
        public void ComparisonWithPaddleSegTopK_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.PaddleSegTopK, Fraction = 0.2, OnEmpty = OhemOnEmpty.Zero, [|Comparison = OhemComparison.Inclusive|])]
            public partial class Loss;
            """, "Comparison is given but Mode paddleseg-topk does not use it (a top-k by count compares with no threshold); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void NMinPolicyWithDeepLab2_OHEM0012() => Expect("OHEM0012", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.DeepLab2, Fraction = 0.2, Reduction = OhemReduction.Sum,
                [|NMinPolicy = OhemNMinPolicy.Clamp|])]
            public partial class Loss;
            """, "NMinPolicy is given but Mode deeplab2 does not use it (k = Fraction × pixels never exceeds the candidates); remove it or choose a mode that reads it", DiagnosticSeverity.Warning);

        [Fact]
        public void OnEmptyReductionCandidatesWithTopKModes_NoDiagnostics()
        {
            var run = Run("""
                using Ohem;

                [OhemLoss(Mode = OhemMode.PaddleSegTopK, Fraction = 0.2, OnEmpty = OhemOnEmpty.Throw, Candidates = OhemCandidates.ValidOnly, Reduction = OhemReduction.Sum)]
                public partial class A;

                [OhemLoss(Mode = OhemMode.DeepLab2, Fraction = 0.2, OnEmpty = OhemOnEmpty.NaN, Candidates = OhemCandidates.ValidOnly, Reduction = OhemReduction.Mean)]
                public partial class B;

                [OhemLoss(Mode = OhemMode.PaddleSegTopK, Scope = OhemScope.PerImage, OnEmpty = OhemOnEmpty.Zero, Candidates = OhemCandidates.AllPixels, Reduction = OhemReduction.Sum)]
                public partial class C;
                """);

            Assert.Empty(run.Result.Diagnostics);
            Assert.Equal(3, run.Result.GeneratedTrees.Length);
        }
    }
}
