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
