using System;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>The spec side of the modes: names, keys, fractions and validation.</summary>
    public sealed class ModeSpecTests
    {
        [Theory]
        [InlineData(OhemMode.BiSeNetV1, "bisenet-v1")]
        [InlineData(OhemMode.BiSeNetV2, "bisenet-v2")]
        [InlineData(OhemMode.HRNet, "hrnet")]
        [InlineData(OhemMode.TopKPercent, "topk-percent")]
        [InlineData(OhemMode.MMSegSampler, "mmseg")]
        [InlineData(OhemMode.PaddleSeg, "paddleseg")]
        [InlineData(OhemMode.MMSegByLoss, "mmseg-loss")]
        [InlineData(OhemMode.DeepLabTF, "deeplab-tf")]
        [InlineData(OhemMode.ModelGarden, "model-garden")]
        [InlineData(OhemMode.TorchSeg, "torchseg")]
        [InlineData(OhemMode.PytorchLossOhem, "pytorch-loss")]
        [InlineData(OhemMode.PaddleSegBootstrapped, "paddleseg-bootstrapped")]
        [InlineData(OhemMode.PaddleSegTopK, "paddleseg-topk")]
        [InlineData(OhemMode.DeepLab2, "deeplab2")]
        public void NamesRoundTrip(OhemMode mode, string name)
        {
            Assert.Equal(name, OhemSpec.ModeName(mode));
            Assert.True(OhemSpec.TryParseMode(name, out OhemMode parsed));
            Assert.Equal(mode, parsed);
            Assert.True(OhemSpec.TryParseMode(name.ToUpperInvariant(), out parsed));
            Assert.Equal(mode, parsed);
        }

        [Theory]
        [InlineData("")]
        [InlineData(null)]
        [InlineData("hrnet2")]
        [InlineData("mode1")]
        public void UnknownNamesDoNotParse(string? name) => Assert.False(OhemSpec.TryParseMode(name, out _));

        [Fact]
        public void ValuesAreNeverRenumbered()
        {
            Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 }, Array.ConvertAll(Enum.GetValues<OhemMode>(), m => (int)m));
        }

        [Theory]
        [InlineData(OhemMode.MMSegByLoss, 0.0, true, false, false, true)]
        [InlineData(OhemMode.DeepLabTF, 0.0, false, true, false, false)]
        [InlineData(OhemMode.ModelGarden, 0.0, false, true, false, true)]
        [InlineData(OhemMode.TorchSeg, 0.0, true, false, true, false)]
        [InlineData(OhemMode.PytorchLossOhem, 0.0, true, true, true, false)]
        [InlineData(OhemMode.PytorchLossOhem, 0.0625, false, true, true, false)]
        [InlineData(OhemMode.TopKPercent, 0.0, false, true, false, false)]
        [InlineData(OhemMode.HRNet, 0.0, true, false, true, false)]
        [InlineData(OhemMode.PaddleSegTopK, 0.0, false, true, false, true)]
        [InlineData(OhemMode.DeepLab2, 0.2, false, true, false, false)]
        public void WhatEachModeReads(OhemMode mode, double fraction, bool nMin, bool usesFraction, bool thresh, bool divisor)
        {
            var spec = new OhemSpec(mode: mode, fraction: fraction);
            Assert.Equal(nMin, spec.UsesNMin);
            Assert.Equal(usesFraction, spec.UsesFraction);
            Assert.Equal(thresh, spec.UsesThresh);
            Assert.Equal(divisor, spec.HasDivisor);
        }

        [Fact]
        public void DeepLab2IsAlwaysPerImage_PaddleSegTopKOnlyWithScope()
        {
            var deeplab2 = new OhemSpec(mode: OhemMode.DeepLab2);
            Assert.True(deeplab2.IsPerImage);
            Assert.True(deeplab2.KernelNames.HasCombine);
            Assert.Equal(OhemScope.PerBatch, deeplab2.Scope);
            Assert.DoesNotContain(";scope=", deeplab2.Key);
            Assert.False(new OhemSpec(mode: OhemMode.PaddleSegTopK).IsPerImage);
            Assert.True(new OhemSpec(mode: OhemMode.PaddleSegTopK, scope: OhemScope.PerImage).IsPerImage);
            Assert.Equal(1.0, deeplab2.EffectiveFraction);
            Assert.Equal(1.0, new OhemSpec(mode: OhemMode.PaddleSegTopK).EffectiveFraction);
        }

        [Theory]
        [InlineData(OhemMode.PaddleSegTopK, "PaddleSeg divides its top-k mean by the mean class weight")]
        [InlineData(OhemMode.DeepLab2, "deeplab2's loss has no class weights")]
        public void TopKModesRefuseClassWeightsWithTheirReason(OhemMode mode, string reason)
        {
            var spec = new OhemSpec(numClasses: 2, mode: mode, classWeights: new[] { 1.0, 2.0 });
            var problem = Assert.Single(spec.Validate());
            Assert.Equal((OhemSpecProblemKind.ClassWeightsUnsupported, "ClassWeights"), (problem.Kind, problem.Argument));
            Assert.StartsWith($"ClassWeights is given, but Mode {OhemSpec.ModeName(mode)} does not take class weights: {reason}", problem.Message);
            var e = Assert.Throws<ArgumentException>(() => spec.EnsureValid());
            Assert.Equal("ClassWeights", e.ParamName);
        }

        [Fact]
        public void InclusiveModesCompareWithTheFloatBelowTheThreshold()
        {
            var torchSeg = new OhemSpec(0.7, mode: OhemMode.TorchSeg);
            Assert.Equal(BitConverter.SingleToUInt32Bits(torchSeg.ThreshLoss) - 1, BitConverter.SingleToUInt32Bits(torchSeg.CompareLoss));
            Assert.Equal(torchSeg.ThreshLoss, new OhemSpec(0.7, mode: OhemMode.HRNet).CompareLoss);
            // Thresh 1: −ln 1 is −0; the float below it is the negative denormal closest to 0.
            Assert.Equal(-float.Epsilon, new OhemSpec(1.0, mode: OhemMode.PytorchLossOhem).CompareLoss);
            Assert.Equal(0f, new OhemSpec(1.0, mode: OhemMode.PytorchLossOhem).ThreshLoss);
        }

        [Fact]
        public void AverageOverValidIsInTheKeyOnlyWhenSet()
        {
            Assert.Equal("ohem/v1;mode=mmseg;thresh=0.7;nmin=100000;ignore=255;classes=0;logits=f32;labels=i64", new OhemSpec(mode: OhemMode.MMSegSampler).Key);
            Assert.Equal("ohem/v1;mode=mmseg;thresh=0.7;nmin=100000;ignore=255;classes=0;logits=f32;labels=i64;avg-valid=1",
                new OhemSpec(mode: OhemMode.MMSegSampler, averageOverValid: true).Key);
            Assert.NotEqual(new OhemSpec(mode: OhemMode.MMSegSampler).KernelNames.Forward, new OhemSpec(mode: OhemMode.MMSegSampler, averageOverValid: true).KernelNames.Forward);
        }

        [Theory]
        [InlineData(10_000L, 1L, 10_000L)]
        [InlineData(10_000L, 4L, 40_000L)]
        [InlineData(0L, 4L, 0L)]
        [InlineData(long.MaxValue / 2, 3L, long.MaxValue)]
        public void BatchKeptIsMinKeptTimesImagesSaturated(long minKept, long images, long expected) =>
            Assert.Equal(expected, OhemSpec.BatchKept(minKept, images));

        [Fact]
        public void FractionIsInTheKeyOnlyWhenGiven()
        {
            Assert.Equal("ohem/v1;mode=bisenet-v1;thresh=0.7;nmin=100000;ignore=255;classes=0;logits=f32;labels=i64", new OhemSpec().Key);
            Assert.Equal("ohem/v1;mode=topk-percent;thresh=0.7;nmin=100000;ignore=255;classes=0;logits=f32;labels=i64;fraction=0.2",
                new OhemSpec(mode: OhemMode.TopKPercent, fraction: 0.2).Key);
            Assert.NotEqual(new OhemSpec(mode: OhemMode.BiSeNetV2).Hash, new OhemSpec(mode: OhemMode.BiSeNetV2, fraction: 0.0625).Hash);
        }

        [Theory]
        [InlineData(OhemMode.BiSeNetV2, 0.0, 0.0625)]
        [InlineData(OhemMode.BiSeNetV2, 0.25, 0.25)]
        [InlineData(OhemMode.TopKPercent, 0.0, 1.0)]
        [InlineData(OhemMode.TopKPercent, 0.2, 0.2)]
        [InlineData(OhemMode.HRNet, 0.0, 0.0)]
        [InlineData(OhemMode.BiSeNetV1, 0.0, 0.0)]
        [InlineData(OhemMode.MMSegSampler, 0.0, 0.0)]
        [InlineData(OhemMode.PaddleSeg, 0.0, 0.0)]
        [InlineData(OhemMode.MMSegByLoss, 0.0, 0.0)]
        [InlineData(OhemMode.DeepLabTF, 0.0, 1.0)]
        [InlineData(OhemMode.DeepLabTF, 0.25, 0.25)]
        [InlineData(OhemMode.ModelGarden, 0.0, 1.0)]
        [InlineData(OhemMode.TorchSeg, 0.0, 0.0)]
        [InlineData(OhemMode.PytorchLossOhem, 0.0, 0.0)]
        [InlineData(OhemMode.PytorchLossOhem, 0.0625, 0.0625)]
        public void EffectiveFraction(OhemMode mode, double given, double effective) =>
            Assert.Equal(effective, new OhemSpec(mode: mode, fraction: given).EffectiveFraction);

        [Theory]
        [InlineData(OhemMode.BiSeNetV2, 0.0, 15, 0)]
        [InlineData(OhemMode.BiSeNetV2, 0.0, 16, 1)]
        [InlineData(OhemMode.BiSeNetV2, 0.0, 31, 1)]
        [InlineData(OhemMode.BiSeNetV2, 0.0, 2_097_152, 131_072)]
        [InlineData(OhemMode.TopKPercent, 0.2, 10, 2)]
        [InlineData(OhemMode.TopKPercent, 0.7, 10, 7)]
        [InlineData(OhemMode.TopKPercent, 0.0, 12_345, 12_345)]
        public void FractionCountIsTheFloorOfTheDoubleProduct(OhemMode mode, double fraction, long count, long k) =>
            Assert.Equal(k, new OhemSpec(mode: mode, fraction: fraction).FractionCount(count));

        [Theory]
        [InlineData(1.5)]
        [InlineData(-0.25)]
        [InlineData(double.NaN)]
        [InlineData(double.PositiveInfinity)]
        public void FractionOutsideZeroOneIsAnError(double fraction)
        {
            var spec = new OhemSpec(mode: OhemMode.TopKPercent, fraction: fraction);
            OhemSpecProblem problem = Assert.Single(spec.Validate());
            Assert.Equal(OhemSpecProblemKind.FractionOutOfRange, problem.Kind);
            Assert.True(problem.IsError);
            var e = Assert.Throws<ArgumentException>(() => spec.EnsureValid());
            Assert.Equal("Fraction", e.ParamName);
            Assert.StartsWith($"Fraction is {Literals.Double(fraction)}, but it must be in (0, 1]", e.Message);
        }

        [Theory]
        [InlineData(0.0)]
        [InlineData(1.0)]
        [InlineData(1e-9)]
        public void FractionInRangeOrZeroIsValid(double fraction) =>
            Assert.Empty(new OhemSpec(mode: OhemMode.BiSeNetV2, fraction: fraction).Validate());
    }
}
