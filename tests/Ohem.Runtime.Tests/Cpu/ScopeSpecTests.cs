using System;
using System.Linq;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>The spec side of Scope and PaddleSegBootstrapped: names, keys, validation and the loss threshold.</summary>
    public sealed class ScopeSpecTests
    {
        [Theory]
        [InlineData(OhemScope.PerBatch, "batch")]
        [InlineData(OhemScope.PerImage, "image")]
        public void ScopeNamesRoundTrip(OhemScope scope, string name)
        {
            Assert.Equal(name, OhemSpec.ScopeName(scope));
            Assert.True(OhemSpec.TryParseScope(name.ToUpperInvariant(), out OhemScope parsed));
            Assert.Equal(scope, parsed);
        }

        [Theory]
        [InlineData("")]
        [InlineData(null)]
        [InlineData("images")]
        public void UnknownScopeNamesDoNotParse(string? name) => Assert.False(OhemSpec.TryParseScope(name, out _));

        [Fact]
        public void ScopeValuesAreNeverRenumbered() =>
            Assert.Equal(new[] { 0, 1 }, Array.ConvertAll(Enum.GetValues<OhemScope>(), s => (int)s));

        [Fact]
        public void PerImageIsInTheKeyOnlyWhenSet()
        {
            const string Default = "ohem/v1;mode=bisenet-v1;thresh=0.7;nmin=100000;ignore=255;classes=0;logits=f32;labels=i64";
            Assert.Equal(Default, new OhemSpec(scope: OhemScope.PerBatch).Key);
            Assert.Equal(Default + ";scope=image", new OhemSpec(scope: OhemScope.PerImage).Key);
            Assert.Equal(
                "ohem/v1;mode=mmseg;thresh=0.7;nmin=100000;ignore=255;classes=0;logits=f32;labels=i64;avg-valid=1;scope=image",
                new OhemSpec(mode: OhemMode.MMSegSampler, averageOverValid: true, scope: OhemScope.PerImage).Key);
            Assert.NotEqual(new OhemSpec().KernelNames.Forward, new OhemSpec(scope: OhemScope.PerImage).KernelNames.Forward);
        }

        [Fact]
        public void OnlyPerImageSpecsHaveTheCombineKernel()
        {
            Assert.DoesNotContain(new OhemSpec().KernelNames.All, n => n.StartsWith("ohem_combine_", StringComparison.Ordinal));
            string[] all = new OhemSpec(scope: OhemScope.PerImage).KernelNames.All;
            Assert.Equal(new[] { "reset", "forward", "decide", "refine", "select", "combine", "tiecount", "tiescan", "backward" }, all.Select(n => n.Split('_')[1]));
            Assert.Contains(new OhemSpec(mode: OhemMode.PaddleSegBootstrapped).KernelNames.All, n => n.StartsWith("ohem_combine_", StringComparison.Ordinal));
        }

        [Fact]
        public void BootstrappedIsAlwaysPerImageAndUsesTheSeedRule()
        {
            var spec = new OhemSpec(0.3, 4096, mode: OhemMode.PaddleSegBootstrapped);
            Assert.True(spec.IsPerImage);
            Assert.Equal(OhemScope.PerBatch, spec.Scope);
            Assert.Equal(OhemMode.BiSeNetV1, spec.RuleMode);
            Assert.True(spec.UsesNMin);
            Assert.False(spec.UsesFraction);
            Assert.Equal("ohem/v1;mode=paddleseg-bootstrapped;thresh=0.3;nmin=4096;ignore=255;classes=0;logits=f32;labels=i64", spec.Key);
        }

        [Theory]
        [InlineData(0.3, 0.3f)]
        [InlineData(0.0, 0.0f)]
        [InlineData(2.5, 2.5f)]
        [InlineData(0.1, 0.1f)]
        public void BootstrappedThreshIsTheLossThresholdInFloat32(double thresh, float expected)
        {
            var spec = new OhemSpec(thresh, 10, mode: OhemMode.PaddleSegBootstrapped);
            Assert.Equal(expected, spec.ThreshLoss);
            Assert.Empty(spec.Validate());
        }

        [Theory]
        [InlineData(-0.1, "-0.1")]
        [InlineData(double.NaN, "NaN")]
        [InlineData(double.PositiveInfinity, "Infinity")]
        [InlineData(double.NegativeInfinity, "-Infinity")]
        public void BootstrappedRejectsABadLossThreshold(double thresh, string text)
        {
            var spec = new OhemSpec(thresh, 10, mode: OhemMode.PaddleSegBootstrapped);
            var problem = Assert.Single(spec.Validate());
            Assert.Equal(OhemSpecProblemKind.LossThreshOutOfRange, problem.Kind);
            var e = Assert.Throws<ArgumentException>(() => spec.EnsureValid());
            Assert.Equal("Thresh", e.ParamName);
            Assert.StartsWith($"Thresh is {text}, but Mode paddleseg-bootstrapped reads it as a loss threshold (loss_th), which must be finite and 0 or more", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void AnUndefinedScopeIsAnError()
        {
            var problem = Assert.Single(new OhemSpec(scope: (OhemScope)7).Validate());
            Assert.Equal(OhemSpecProblemKind.UndefinedEnumValue, problem.Kind);
            Assert.Equal("Scope", problem.Argument);
        }
    }
}
