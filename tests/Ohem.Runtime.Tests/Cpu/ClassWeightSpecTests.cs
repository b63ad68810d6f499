using System;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>The spec side of class weights: key, copies, validation (OHEM0013/OHEM0014 for runtime-built specs).</summary>
    public sealed class ClassWeightSpecTests
    {
        [Fact]
        public void WeightsAreInTheKeyOnlyWhenGiven()
        {
            Assert.Equal("ohem/v1;mode=hrnet;thresh=0.7;nmin=100000;ignore=255;classes=3;logits=f32;labels=i64", new OhemSpec(numClasses: 3, mode: OhemMode.HRNet).Key);
            var weighted = new OhemSpec(numClasses: 3, mode: OhemMode.HRNet, classWeights: new[] { 1.0, 0.5, 2.25 });
            Assert.Equal("ohem/v1;mode=hrnet;thresh=0.7;nmin=100000;ignore=255;classes=3;logits=f32;labels=i64;weights=[1.0,0.5,2.25]", weighted.Key);
            Assert.NotEqual(new OhemSpec(numClasses: 3, mode: OhemMode.HRNet).KernelNames.Forward, weighted.KernelNames.Forward);
            Assert.Equal(weighted, new OhemSpec(numClasses: 3, mode: OhemMode.HRNet, classWeights: new[] { 1.0, 0.5, 2.25 }));
        }

        [Fact]
        public void WeightsAreCopied_AndNegativeZeroIsZero()
        {
            var given = new[] { 1.0, -0.0 };
            var spec = new OhemSpec(numClasses: 2, classWeights: given);
            given[0] = 7;
            Assert.Equal(new[] { 1.0, 0.0 }, spec.ClassWeights);
            Assert.False(double.IsNegative(spec.ClassWeights![1]));
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(spec.ClassWeightsFloat32()[1]));
            Assert.Empty(spec.Validate());
        }

        [Theory]
        [InlineData(OhemMode.BiSeNetV1, true)]
        [InlineData(OhemMode.BiSeNetV2, true)]
        [InlineData(OhemMode.TopKPercent, true)]
        [InlineData(OhemMode.HRNet, false)]
        [InlineData(OhemMode.MMSegSampler, false)]
        [InlineData(OhemMode.PaddleSeg, false)]
        [InlineData(OhemMode.MMSegByLoss, true)]
        [InlineData(OhemMode.DeepLabTF, true)]
        [InlineData(OhemMode.ModelGarden, true)]
        [InlineData(OhemMode.TorchSeg, false)]
        public void LossModesSelectOnTheWeightedLoss(OhemMode mode, bool weightedSelection)
        {
            var spec = new OhemSpec(numClasses: 2, mode: mode, classWeights: new[] { 1.0, 2.0 });
            Assert.Empty(spec.Validate());
            Assert.Equal(weightedSelection, spec.SelectsOnWeightedLoss);
            Assert.Equal(!weightedSelection, spec.HasWeightedLosses);
            Assert.Equal(mode == OhemMode.TorchSeg, spec.DividesByWeightSum);
            Assert.False(new OhemSpec(numClasses: 2, mode: mode).HasWeightedLosses);
            Assert.False(new OhemSpec(numClasses: 2, mode: mode).DividesByWeightSum);
        }

        [Theory]
        [InlineData(3, new[] { 1.0, 2.0 }, "ClassWeights has 2 entries, but NumClasses is 3: give exactly one weight per class")]
        [InlineData(0, new[] { 1.0, 2.0 }, "ClassWeights has 2 entries, but NumClasses is 0 (given at run time): class weights need NumClasses baked in, one weight per class")]
        [InlineData(2, new[] { 1.0, double.PositiveInfinity }, "ClassWeights[1] is Infinity, but a class weight must be a finite float32 value ≥ 0")]
        [InlineData(2, new[] { -1e-300, 1.0 }, "ClassWeights[0] is -1E-300, but a class weight must be a finite float32 value ≥ 0")]
        [InlineData(2, new[] { 1.0, 3.5e38 }, "ClassWeights[1] is 3.5E+38, but a class weight must be a finite float32 value ≥ 0")]
        public void EnsureValid_NamesTheProblem(int classes, double[] weights, string message)
        {
            var spec = new OhemSpec(numClasses: classes, classWeights: weights);
            var e = Assert.Throws<ArgumentException>(() => spec.EnsureValid());
            Assert.Equal("ClassWeights", e.ParamName);
            Assert.StartsWith(message, e.Message);
        }

        [Fact]
        public void AnEngineRefusesWeightsWithoutABakedClassCount()
        {
            var e = Assert.Throws<ArgumentException>(() => new Ohem.Cpu.CpuOhemEngine(new OhemSpec(mode: OhemMode.HRNet, classWeights: new[] { 1.0, 2.0 })));
            Assert.Equal("ClassWeights", e.ParamName);
            Assert.StartsWith("ClassWeights has 2 entries, but NumClasses is 0 (given at run time)", e.Message);
        }

        [Fact]
        public void PytorchLossRefusesWeights_ItsCriterionTakesNone()
        {
            var spec = new OhemSpec(numClasses: 2, mode: OhemMode.PytorchLossOhem, classWeights: new[] { 1.0, 2.0 });
            Assert.False(spec.SupportsClassWeights);
            var e = Assert.Throws<ArgumentException>(() => new Ohem.Cpu.CpuOhemEngine(spec));
            Assert.Equal("ClassWeights", e.ParamName);
            Assert.StartsWith(
                "ClassWeights is given, but Mode pytorch-loss does not take class weights: pytorch-loss's OhemCELoss builds its nn.CrossEntropyLoss without weight=",
                e.Message);
            Assert.Empty(new OhemSpec(numClasses: 2, mode: OhemMode.PytorchLossOhem).Validate());
        }

        [Theory]
        [InlineData(OhemMode.MMSegByLoss)]
        [InlineData(OhemMode.DeepLabTF)]
        [InlineData(OhemMode.ModelGarden)]
        [InlineData(OhemMode.TorchSeg)]
        public void LaterModesTakeWeights(OhemMode mode)
        {
            var spec = new OhemSpec(numClasses: 2, mode: mode, classWeights: new[] { 1.0, 2.0 });
            Assert.True(spec.SupportsClassWeights);
            using var engine = new Ohem.Cpu.CpuOhemEngine(spec);
            Assert.EndsWith(";weights=[1.0,2.0]", spec.Key);
        }

        [Fact]
        public void PaddleSegBootstrappedSelectsOnTheWeightedLoss()
        {
            var spec = new OhemSpec(0.3, 10, numClasses: 2, mode: OhemMode.PaddleSegBootstrapped, classWeights: new[] { 1.0, 2.0 });
            Assert.Empty(spec.Validate());
            Assert.True(spec.SelectsOnWeightedLoss);
            Assert.False(spec.HasWeightedLosses);
        }

        [Fact]
        public void Validate_ReportsEveryBadWeight()
        {
            var problems = new OhemSpec(numClasses: 3, classWeights: new[] { double.NaN, 1.0, -2.0 }).Validate();
            Assert.Equal(2, problems.Count);
            Assert.All(problems, p => Assert.Equal(OhemSpecProblemKind.ClassWeightInvalid, p.Kind));
            Assert.Equal("ClassWeights[0] is NaN, but a class weight must be a finite float32 value ≥ 0", problems[0].Message);
            Assert.Equal("ClassWeights[2] is -2.0, but a class weight must be a finite float32 value ≥ 0", problems[1].Message);
        }
    }
}
