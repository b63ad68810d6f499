using System;
using System.Linq;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>The knobs in the spec: key fragments only when not Default, Validate's OHEM0016 and OHEM0010 problems.</summary>
    public sealed class KnobSpecTests
    {
        [Fact]
        public void DefaultKnobs_LeaveTheKeyAsItWas()
        {
            var explicitDefaults = new OhemSpec(
                mode: OhemMode.HRNet, comparison: OhemComparison.Default, onEmpty: OhemOnEmpty.Default,
                nMinPolicy: OhemNMinPolicy.Default, candidates: OhemCandidates.Default, reduction: OhemReduction.Default);
            Assert.Equal("ohem/v1;mode=hrnet;thresh=0.7;nmin=100000;ignore=255;classes=0;logits=f32;labels=i64", explicitDefaults.Key);
            Assert.Equal(OhemCudaEmitter.Emit(new OhemSpec(mode: OhemMode.HRNet)), OhemCudaEmitter.Emit(explicitDefaults));
        }

        [Fact]
        public void EveryKnob_AppendsItsFragment_InTheGlobalOrder()
        {
            var spec = new OhemSpec(
                mode: OhemMode.MMSegSampler, averageOverValid: true, comparison: OhemComparison.Inclusive, onEmpty: OhemOnEmpty.Throw,
                nMinPolicy: OhemNMinPolicy.Clamp, candidates: OhemCandidates.ValidOnly, reduction: OhemReduction.Mean);
            Assert.EndsWith(";avg-valid=1;compare=inclusive;on-empty=throw;nmin-policy=clamp;candidates=valid;reduction=mean", spec.Key);
            Assert.Empty(spec.Validate());
            // Strict names the default rule but is a different spec (its own key and kernel names).
            Assert.NotEqual(new OhemSpec(), new OhemSpec(comparison: OhemComparison.Strict));
            Assert.NotEqual(new OhemSpec().NameSuffix, new OhemSpec(comparison: OhemComparison.Strict).NameSuffix);
        }

        [Theory]
        [InlineData(OhemMode.HRNet)]
        [InlineData(OhemMode.MMSegSampler)]
        [InlineData(OhemMode.PaddleSeg)]
        public void AllPixels_WithAValidOnlyMode_IsOHEM0016(OhemMode mode)
        {
            var spec = new OhemSpec(mode: mode, candidates: OhemCandidates.AllPixels);
            var problem = Assert.Single(spec.Validate());
            Assert.Equal(OhemSpecProblemKind.KnobNotSupported, problem.Kind);
            Assert.True(problem.IsError);
            Assert.Equal("Candidates", problem.Argument);
            var e = Assert.Throws<ArgumentException>("Candidates", () => spec.EnsureValid());
            Assert.StartsWith($"Candidates is AllPixels, which cannot be honoured: Mode {OhemSpec.ModeName(mode)} ranks", e.Message);
        }

        [Fact]
        public void SumWithAverageOverValid_IsOHEM0016_OnlyForMMSeg()
        {
            var problem = Assert.Single(new OhemSpec(mode: OhemMode.MMSegSampler, averageOverValid: true, reduction: OhemReduction.Sum).Validate());
            Assert.Equal(("Reduction", "Sum", OhemSpecProblemKind.KnobNotSupported), (problem.Argument, problem.Value, problem.Kind));
            Assert.Empty(new OhemSpec(mode: OhemMode.MMSegSampler, reduction: OhemReduction.Sum).Validate());
        }

        [Theory]
        [InlineData(OhemMode.MMSegByLoss)]
        [InlineData(OhemMode.DeepLabTF)]
        [InlineData(OhemMode.ModelGarden)]
        [InlineData(OhemMode.TorchSeg)]
        [InlineData(OhemMode.PytorchLossOhem)]
        public void OnEmptyAndSum_WithALaterMode_AreValid(OhemMode mode)
        {
            double fraction = mode == OhemMode.PytorchLossOhem || mode == OhemMode.DeepLabTF || mode == OhemMode.ModelGarden ? 0.0625 : 0;
            var spec = new OhemSpec(0.7, 256, fraction: fraction, mode: mode, onEmpty: OhemOnEmpty.NaN, reduction: OhemReduction.Sum);
            Assert.Empty(spec.Validate());
            Assert.EndsWith(";on-empty=nan;reduction=sum", spec.Key);
            Assert.NotEqual(OhemCudaEmitter.Emit(new OhemSpec(0.7, 256, fraction: fraction, mode: mode)), OhemCudaEmitter.Emit(spec));
        }

        [Fact]
        public void PaddleSegBootstrapped_EveryKnob_IsValid_AndChangesTheKeyAndText()
        {
            var spec = new OhemSpec(0.3, 256, mode: OhemMode.PaddleSegBootstrapped, comparison: OhemComparison.Inclusive, onEmpty: OhemOnEmpty.Throw,
                nMinPolicy: OhemNMinPolicy.Clamp, candidates: OhemCandidates.ValidOnly, reduction: OhemReduction.Sum);
            Assert.Empty(spec.Validate());
            Assert.EndsWith(";compare=inclusive;on-empty=throw;nmin-policy=clamp;candidates=valid;reduction=sum", spec.Key);
            Assert.Empty(new OhemSpec(0.3, 256, mode: OhemMode.PaddleSegBootstrapped, comparison: OhemComparison.Strict, nMinPolicy: OhemNMinPolicy.Throw, candidates: OhemCandidates.AllPixels, reduction: OhemReduction.Mean).Validate());

            // The knobs read the rule (BiSeNetV1's), not the mode.
            Assert.True(spec.IsInclusiveKnob);
            Assert.True(spec.IsValidOnlyTopK);
            Assert.False(spec.ClampsNMinToPixels); // ValidOnly already bounds k by the valid count.
            Assert.True(new OhemSpec(0.3, 256, mode: OhemMode.PaddleSegBootstrapped, nMinPolicy: OhemNMinPolicy.Clamp).ClampsNMinToPixels);
            Assert.False(new OhemSpec(0.3, 256, mode: OhemMode.PaddleSegBootstrapped, nMinPolicy: OhemNMinPolicy.Clamp).NMinMustBeBelowPixels);
            Assert.True(new OhemSpec(0.3, 256, mode: OhemMode.PaddleSegBootstrapped, candidates: OhemCandidates.ValidOnly, nMinPolicy: OhemNMinPolicy.Throw).ThrowsNMinAgainstValid);
            Assert.NotEqual(OhemCudaEmitter.Emit(new OhemSpec(0.3, 256, mode: OhemMode.PaddleSegBootstrapped)), OhemCudaEmitter.Emit(spec));
        }

        [Fact]
        public void LaterModeKnobs_PerImageOrWeighted_AreAccepted_AndContradictionsNameTheReason()
        {
            Assert.Empty(new OhemSpec(mode: OhemMode.DeepLabTF, fraction: 0.2, scope: OhemScope.PerImage, reduction: OhemReduction.Sum).Validate());
            Assert.Empty(new OhemSpec(0.7, 256, mode: OhemMode.TorchSeg, scope: OhemScope.PerImage, comparison: OhemComparison.Strict, onEmpty: OhemOnEmpty.Throw, nMinPolicy: OhemNMinPolicy.Clamp, reduction: OhemReduction.Sum).Validate());
            Assert.Empty(new OhemSpec(0.7, 256, mode: OhemMode.PytorchLossOhem, scope: OhemScope.PerImage, comparison: OhemComparison.Strict, nMinPolicy: OhemNMinPolicy.Throw).Validate());
            Assert.Empty(new OhemSpec(nMin: 100, numClasses: 2, mode: OhemMode.MMSegByLoss, classWeights: new[] { 1.0, 0.5 }, scope: OhemScope.PerImage, nMinPolicy: OhemNMinPolicy.Throw, reduction: OhemReduction.Sum).Validate());
            Assert.Empty(new OhemSpec(numClasses: 2, mode: OhemMode.ModelGarden, fraction: 0.2, classWeights: new[] { 1.0, 0.5 }, onEmpty: OhemOnEmpty.Throw, candidates: OhemCandidates.ValidOnly).Validate());
            var perImageAll = Assert.Single(new OhemSpec(mode: OhemMode.TorchSeg, scope: OhemScope.PerImage, candidates: OhemCandidates.AllPixels).Validate());
            Assert.Equal("Candidates is AllPixels, which cannot be honoured: Mode torchseg ranks the true-class probabilities of the valid pixels only", perImageAll.Message);
            // pytorch-loss takes no weights (OHEM0017); its knobs add nothing to that.
            var pytorchWeighted = Assert.Single(new OhemSpec(numClasses: 2, mode: OhemMode.PytorchLossOhem, classWeights: new[] { 1.0, 0.5 }, comparison: OhemComparison.Strict).Validate());
            Assert.NotEqual(OhemSpecProblemKind.KnobNotSupported, pytorchWeighted.Kind);

            // Weighted TorchSeg takes every knob as without weights; AllPixels is refused with the real reason, alone.
            Assert.Empty(new OhemSpec(0.7, 256, numClasses: 2, mode: OhemMode.TorchSeg, classWeights: new[] { 1.0, 0.5 }, scope: OhemScope.PerImage, nMinPolicy: OhemNMinPolicy.Throw).Validate());
            Assert.Empty(new OhemSpec(0.7, 256, numClasses: 2, mode: OhemMode.TorchSeg, classWeights: new[] { 1.0, 0.5 }, nMinPolicy: OhemNMinPolicy.Clamp, reduction: OhemReduction.Sum).Validate());
            Assert.Empty(new OhemSpec(numClasses: 2, mode: OhemMode.TorchSeg, classWeights: new[] { 1.0, 0.5 }, comparison: OhemComparison.Strict, nMinPolicy: OhemNMinPolicy.Clamp, candidates: OhemCandidates.ValidOnly, reduction: OhemReduction.Sum).Validate());
            Assert.Empty(new OhemSpec(numClasses: 2, mode: OhemMode.TorchSeg, classWeights: new[] { 1.0, 0.5 }, scope: OhemScope.PerImage, onEmpty: OhemOnEmpty.Zero).Validate());
            Assert.Empty(new OhemSpec(numClasses: 2, mode: OhemMode.TorchSeg, classWeights: new[] { 1.0, 0.5 }, comparison: OhemComparison.Inclusive, onEmpty: OhemOnEmpty.Throw).Validate());
            var weighted = Assert.Single(new OhemSpec(numClasses: 2, mode: OhemMode.TorchSeg, classWeights: new[] { 1.0, 0.5 }, comparison: OhemComparison.Strict, onEmpty: OhemOnEmpty.NaN, candidates: OhemCandidates.AllPixels).Validate());
            Assert.Equal(("Candidates", "AllPixels", OhemSpecProblemKind.KnobNotSupported), (weighted.Argument, weighted.Value, weighted.Kind));
            Assert.Equal("Candidates is AllPixels, which cannot be honoured: Mode torchseg ranks the true-class probabilities of the valid pixels only", weighted.Message);

            var allPixels = Assert.Single(new OhemSpec(mode: OhemMode.MMSegByLoss, candidates: OhemCandidates.AllPixels).Validate());
            Assert.Equal(("Candidates", "AllPixels", OhemSpecProblemKind.KnobNotSupported), (allPixels.Argument, allPixels.Value, allPixels.Kind));
            Assert.Single(new OhemSpec(mode: OhemMode.TorchSeg, candidates: OhemCandidates.AllPixels).Validate());
            var sum = Assert.Single(new OhemSpec(mode: OhemMode.MMSegByLoss, averageOverValid: true, reduction: OhemReduction.Sum).Validate());
            Assert.Equal(("Reduction", "Sum"), (sum.Argument, sum.Value));

            // The values that are the mode's own rule are accepted (and change only the key).
            Assert.Empty(new OhemSpec(mode: OhemMode.TorchSeg, comparison: OhemComparison.Inclusive, candidates: OhemCandidates.ValidOnly).Validate());
            Assert.Empty(new OhemSpec(mode: OhemMode.PytorchLossOhem, comparison: OhemComparison.Strict, nMinPolicy: OhemNMinPolicy.Clamp).Validate());
        }

        [Fact]
        public void LaterModeKnobs_TheirOwnRule_EmitsTheModesText_ButForTheKey()
        {
            // Inclusive is TorchSeg's own comparison, AllPixels DeepLab's own candidates: only the key line differs.
            static string WithoutKey(string text) => string.Join("\n", text.Split('\n').Where(l => !l.Contains("ohem/v1", StringComparison.Ordinal)));
            Assert.Equal(
                WithoutKey(OhemCudaEmitter.Emit(new OhemSpec(0.6, 256, mode: OhemMode.TorchSeg))),
                WithoutKey(OhemCudaEmitter.Emit(new OhemSpec(0.6, 256, mode: OhemMode.TorchSeg, comparison: OhemComparison.Inclusive, candidates: OhemCandidates.ValidOnly))).Replace(new OhemSpec(0.6, 256, mode: OhemMode.TorchSeg, comparison: OhemComparison.Inclusive, candidates: OhemCandidates.ValidOnly).NameSuffix, new OhemSpec(0.6, 256, mode: OhemMode.TorchSeg).NameSuffix));
        }

        [Fact]
        public void Knobs_PerImageAndWithClassWeights_AreValid_ButTheRealRefusalsStay()
        {
            Assert.Empty(new OhemSpec(mode: OhemMode.HRNet, scope: OhemScope.PerImage, candidates: OhemCandidates.ValidOnly, reduction: OhemReduction.Sum).Validate());
            Assert.Empty(new OhemSpec(numClasses: 2, classWeights: new[] { 1.0, 0.5 }, nMinPolicy: OhemNMinPolicy.Clamp, comparison: OhemComparison.Inclusive).Validate());
            Assert.Empty(new OhemSpec(numClasses: 2, classWeights: new[] { 1.0, 0.5 }, mode: OhemMode.PaddleSeg, scope: OhemScope.PerImage, onEmpty: OhemOnEmpty.Throw, nMinPolicy: OhemNMinPolicy.Throw).Validate());

            // Per image and weighted, the reasons that have nothing to do with scope or weights still hold.
            var allPixels = Assert.Single(new OhemSpec(mode: OhemMode.MMSegSampler, scope: OhemScope.PerImage, candidates: OhemCandidates.AllPixels).Validate());
            Assert.Equal(("Candidates", "AllPixels", OhemSpecProblemKind.KnobNotSupported), (allPixels.Argument, allPixels.Value, allPixels.Kind));
            Assert.Equal("Candidates is AllPixels, which cannot be honoured: Mode mmseg ranks the true-class probabilities of the valid pixels only", allPixels.Message);
            var sum = Assert.Single(new OhemSpec(numClasses: 2, classWeights: new[] { 1.0, 0.5 }, mode: OhemMode.MMSegSampler, averageOverValid: true, reduction: OhemReduction.Sum).Validate());
            Assert.Equal("Reduction is Sum, which cannot be honoured: AverageOverValid = true asks for a divisor that a sum does not have", sum.Message);

            // PaddleSegBootstrapped (always per image) takes the knobs as BiSeNetV1 per image does.
            Assert.Empty(new OhemSpec(0.3, 16, mode: OhemMode.PaddleSegBootstrapped, onEmpty: OhemOnEmpty.Zero).Validate());
        }

        [Fact]
        public void UndefinedKnobValues_AreOHEM0010()
        {
            var spec = new OhemSpec(
                comparison: (OhemComparison)3, onEmpty: (OhemOnEmpty)4, nMinPolicy: (OhemNMinPolicy)3,
                candidates: (OhemCandidates)3, reduction: (OhemReduction)3);
            var problems = spec.Validate();
            Assert.All(problems, p => Assert.Equal(OhemSpecProblemKind.UndefinedEnumValue, p.Kind));
            Assert.Equal(new[] { "Comparison", "OnEmpty", "NMinPolicy", "Candidates", "Reduction" }, problems.Select(p => p.Argument));
            Assert.Equal("OnEmpty is 4, which is not a defined value of its enum", problems[1].Message);
        }

        [Fact]
        public void KnobNames_RoundTrip()
        {
            foreach (var value in Enum.GetValues<OhemOnEmpty>())
            {
                Assert.True(OhemSpec.TryParseKnob(OhemSpec.OnEmptyName(value), Enum.GetValues<OhemOnEmpty>(), OhemSpec.OnEmptyName, out OhemOnEmpty parsed));
                Assert.Equal(value, parsed);
            }

            Assert.True(OhemSpec.TryParseKnob("INCLUSIVE", Enum.GetValues<OhemComparison>(), OhemSpec.ComparisonName, out OhemComparison c));
            Assert.Equal(OhemComparison.Inclusive, c);
            Assert.False(OhemSpec.TryParseKnob("loose", Enum.GetValues<OhemComparison>(), OhemSpec.ComparisonName, out _));
        }
    }
}
