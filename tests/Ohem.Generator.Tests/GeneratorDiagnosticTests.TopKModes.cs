using Microsoft.CodeAnalysis;
using Xunit;

namespace Ohem.Generator.Tests
{
    /// <summary>The diagnostics of PaddleSegTopK and DeepLab2: the arguments they never read, weights and knobs they refuse.</summary>
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
        public void OnEmptyWithPaddleSegTopK_OHEM0016() => Expect("OHEM0016", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.PaddleSegTopK, Fraction = 0.2, [|OnEmpty = OhemOnEmpty.Zero|])]
            public partial class Loss;
            """, "OnEmpty is Zero, which cannot be honoured: the policy knobs are not supported with Mode paddleseg-topk yet");

        [Fact]
        public void ReductionWithDeepLab2_OHEM0016() => Expect("OHEM0016", """
            using Ohem;

            [OhemLoss(Mode = OhemMode.DeepLab2, [|Reduction = OhemReduction.Sum|])]
            public partial class Loss;
            """, "Reduction is Sum, which cannot be honoured: the policy knobs are not supported with Mode deeplab2 yet");
    }
}
