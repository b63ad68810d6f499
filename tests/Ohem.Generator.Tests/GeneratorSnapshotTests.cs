using System.Linq;
using System.Runtime.CompilerServices;
using Ohem.TestUtilities;
using Xunit;

namespace Ohem.Generator.Tests
{
    /// <summary>The generated C# and CUDA C of every valid case, pinned as snapshots (Snapshots/GeneratorSnapshotTests.*).</summary>
    public sealed class GeneratorSnapshotTests
    {
        [Fact]
        public void DefaultSpec() => Verify();

        [Fact]
        public void NumClasses19() => Verify();

        [Fact]
        public void Float16Logits() => Verify();

        [Fact]
        public void BFloat16Logits() => Verify();

        [Fact]
        public void UInt8Labels() => Verify();

        [Fact]
        public void Int32Labels() => Verify();

        [Fact]
        public void IgnoreLabelMinusOne() => Verify();

        [Fact]
        public void NestedInPartialClass() => Verify();

        [Fact]
        public void NestedInPartialRecord() => Verify();

        [Fact]
        public void GlobalNamespace() => Verify();

        [Fact]
        public void TwoClasses() => Verify();

        [Fact]
        public void NumClasses150() => Verify();

        [Fact]
        public void NumClasses2() => Verify();

        [Fact]
        public void BiSeNetV2Default() => Verify();

        [Fact]
        public void BiSeNetV2Fraction() => Verify();

        [Fact]
        public void HRNetMode() => Verify();

        [Fact]
        public void HRNetRuntimeClassesHalf() => Verify();

        [Fact]
        public void TopKPercentDeepLab() => Verify();

        [Fact]
        public void TopKPercentDefault() => Verify();

        [Fact]
        public void MMSegSamplerMode() => Verify();

        [Fact]
        public void MMSegSamplerRuntimeClassesHalf() => Verify();

        [Fact]
        public void MMSegSamplerAverageOverValid() => Verify();

        [Fact]
        public void PaddleSegMode() => Verify();

        [Fact]
        public void PaddleSegRuntimeClassesBFloat16() => Verify();

        [Fact]
        public void NhwcFixedClasses19() => Verify();

        [Fact]
        public void NhwcRuntimeClassesHalf() => Verify();

        [Fact]
        public void BiSeNetV1ClassWeights() => Verify();

        [Fact]
        public void HRNetClassWeights() => Verify();

        [Fact]
        public void MMSegByLossClassWeights() => Verify();

        [Fact]
        public void DeepLabTFClassWeightsHalf() => Verify();

        [Fact]
        public void ModelGardenClassWeights() => Verify();

        [Fact]
        public void TorchSegClassWeights() => Verify();

        [Fact]
        public void TorchSegClassWeightsThreshOneHalf() => Verify();

        [Fact]
        public void PerImageBiSeNetV1() => Verify();

        [Fact]
        public void PerImagePaddleSegBFloat16() => Verify();

        [Fact]
        public void PaddleSegBootstrappedMode() => Verify();

        [Fact]
        public void MMSegByLossMode() => Verify();

        [Fact]
        public void MMSegByLossAverageOverValidHalf() => Verify();

        [Fact]
        public void DeepLabTFDefault() => Verify();

        [Fact]
        public void DeepLabTFFractionHalf() => Verify();

        [Fact]
        public void PaddleSegTopKDefault() => Verify();

        [Fact]
        public void PaddleSegTopKFractionHalf() => Verify();

        [Fact]
        public void DeepLab2Default() => Verify();

        [Fact]
        public void DeepLab2FractionNhwcBFloat16() => Verify();

        [Fact]
        public void ModelGardenDefault() => Verify();

        [Fact]
        public void ModelGardenFractionBFloat16() => Verify();

        [Fact]
        public void TorchSegMode() => Verify();

        [Fact]
        public void TorchSegThreshOneHalf() => Verify();

        [Fact]
        public void PytorchLossSixteenth() => Verify();

        [Fact]
        public void PytorchLossNMinThreshOne() => Verify();

        [Fact]
        public void KnobsHRNetInclusive() => Verify();

        [Fact]
        public void KnobsBiSeNetV1ValidOnlyInclusiveZero() => Verify();

        [Fact]
        public void KnobsTopKPercentValidOnlySum() => Verify();

        [Fact]
        public void KnobsMMSegInclusiveThrow() => Verify();

        [Fact]
        public void KnobsPaddleSegInclusiveSum() => Verify();

        [Fact]
        public void KnobsTorchSegStrictClampSum() => Verify();

        [Fact]
        public void KnobsPytorchLossStrictThreshOneZero() => Verify();

        [Fact]
        public void KnobsDeepLabTFValidOnlySumNaN() => Verify();

        [Fact]
        public void KnobsModelGardenValidOnlyThrow() => Verify();

        [Fact]
        public void KnobsMMSegByLossSumThrowNaN() => Verify();

        [Fact]
        public void KnobsPerImageHRNetSumThrow() => Verify();

        [Fact]
        public void KnobsWeightedHRNetInclusiveZero() => Verify();

        [Fact]
        public void KnobsWeightedPaddleSegPerImageSum() => Verify();

        [Fact]
        public void KnobsWeightedBiSeNetV1PerImageValidOnly() => Verify();

        [Fact]
        public void KnobsPerImageTorchSegStrictThrow() => Verify();

        [Fact]
        public void KnobsWeightedMMSegByLossPerImageSum() => Verify();

        [Fact]
        public void KnobsWeightedDeepLabTFValidOnlyZero() => Verify();

        [Fact]
        public void KnobsWeightedTorchSegPerImageClamp() => Verify();

        [Fact]
        public void KnobsWeightedTorchSegSum() => Verify();

        [Fact]
        public void KnobsWeightedTorchSegStrictZero() => Verify();

        [Fact]
        public void KnobsWeightedTorchSegPerImageStrictThrowValidOnly() => Verify();

        [Fact]
        public void KnobsBootstrappedInclusiveSumThrow() => Verify();

        [Fact]
        public void KnobsBootstrappedValidOnlyThrowF16() => Verify();

        [Fact]
        public void KnobsPaddleSegTopKValidOnlySumThrow() => Verify();

        [Fact]
        public void KnobsDeepLab2ValidOnlyThrowBf16() => Verify();

        private static void Verify([CallerMemberName] string name = "")
        {
            var matrixCase = MatrixCases.Get(name);
            var run = GeneratorHarness.Run(new OhemLossGenerator(), GeneratorHarness.CreateCompilation(matrixCase.Source));

            Assert.Null(run.Result.Results.Single().Exception);
            Assert.Empty(run.Result.Diagnostics);
            Assert.Equal(
                matrixCase.SpecsByHint.Keys.OrderBy(h => h, System.StringComparer.Ordinal),
                run.Result.GeneratedTrees.Select(t => System.IO.Path.GetFileName(t.FilePath)).OrderBy(h => h, System.StringComparer.Ordinal));
            Snapshot.Verify(run.Result, testMethod: name);
        }
    }
}
