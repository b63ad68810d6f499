using System;
using System.Linq;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Oracle
{
    /// <summary>
    /// The edges the later-mode knob cases were built for (OracleCases.LaterKnobs.cs), asserted on torch's result and the
    /// engine's together, so a case that drifts away from its edge fails instead of passing as an ordinary batch.
    /// </summary>
    [Collection(OracleCollection.Name)]
    public sealed class TorchLaterKnobEdgeTests
    {
        private readonly OracleFixture oracle;

        public TorchLaterKnobEdgeTests(OracleFixture oracle) => this.oracle = oracle;

        [SkippableFact]
        public void TorchSeg_Strict_DropsEveryTieAtTheCutOff()
        {
            var (c, torch, ours) = Both("knob-torchseg-strict-ties");
            uint cut = BitConverter.SingleToUInt32Bits(ours.Threshold);
            long tied = torch.CrossEntropy.Count(l => BitConverter.SingleToUInt32Bits(l) == cut);
            Assert.True(tied > 1, "the case must tie at the cut-off");
            Assert.True(ours.Kept < c.Spec.NMin, $"kept {ours.Kept}, min_kept {c.Spec.NMin}");
            Assert.Equal(torch.CrossEntropy.Count(l => l > ours.Threshold), ours.Kept);
            Assert.Equal(torch.Kept, ours.Kept);
        }

        [SkippableFact]
        public void TorchSeg_StrictClamp_MinesAtTheValidCount()
        {
            // min_kept 10^6 > valid: clamped to valid, strict drops the easiest valid pixel(s) where no mining keeps all.
            var (c, torch, ours) = Both("knob-torchseg-strict-clamp-exceeds-valid-bf16");
            Assert.True(c.Spec.NMin > ours.ValidPixels);
            Assert.True(ours.Kept < ours.ValidPixels && ours.Kept >= ours.ValidPixels - 2, $"kept {ours.Kept} of {ours.ValidPixels}");
            Assert.Equal(torch.Kept, ours.Kept);
        }

        [SkippableTheory]
        [InlineData("knob-torchseg-no-valid-zero")]
        [InlineData("knob-pytorch-loss-no-valid-zero")]
        public void OnEmptyZero_ReplacesTheNaN(string name)
        {
            var (_, torch, ours) = Both(name);
            Assert.Equal(0, ours.ValidPixels);
            Assert.Equal((0L, 0u), (torch.Kept, BitConverter.SingleToUInt32Bits(torch.Loss)));
            Assert.Equal((0L, 0u), (ours.Kept, BitConverter.SingleToUInt32Bits(ours.Loss)));
        }

        [SkippableTheory]
        [InlineData("knob-mmseg-loss-min-kept-0-nan")]
        [InlineData("knob-deeplab-tf-no-valid-nan")]
        public void OnEmptyNaN_ReplacesTheZero(string name)
        {
            var (_, torch, ours) = Both(name);
            Assert.Equal(0, ours.Kept);
            Assert.True(float.IsNaN(torch.Loss) && float.IsNaN(ours.Loss), $"torch {torch.Loss:R}, engine {ours.Loss:R}");
        }

        [SkippableFact]
        public void PytorchLoss_StrictThreshOne_KeepsEveryPositiveValidLoss()
        {
            var (_, torch, ours) = Both("knob-pytorch-loss-strict-thresh-1");
            Assert.Equal(torch.CrossEntropy.Count(l => l > 0), ours.Kept);
            Assert.Equal(ours.ValidPixels, ours.Kept);
            Assert.Equal(torch.Kept, ours.Kept);
        }

        [SkippableTheory]
        [InlineData("knob-deeplab-tf-valid-only", 0.2)]
        [InlineData("knob-model-garden-valid-only", 0.25)]
        public void TensorFlowModes_ValidOnly_KIsAShareOfTheValidPixels(string name, double fraction)
        {
            var (c, torch, ours) = Both(name);
            Assert.True(ours.ValidPixels < c.Shape.Pixels, "ignored pixels must be in the batch");
            Assert.Equal((long)((float)fraction * (float)ours.ValidPixels), ours.Kept);
            Assert.Equal(torch.Kept, ours.Kept);
        }

        private (OracleCase Case, TorchResult Torch, OhemResult Ours) Both(string name)
        {
            oracle.RequireTorch();
            OracleCase c = oracle.Cases[name];
            using var engine = new CpuOhemEngine(c.Spec, 2);
            OhemResult r = (c.Logits, c.Labels) switch
            {
                (float[] x, long[] y) => engine.Forward<float, long>(x, y, c.Shape),
                (float[] x, int[] y) => engine.Forward<float, int>(x, y, c.Shape),
                (BFloat16[] x, long[] y) => engine.Forward<BFloat16, long>(x, y, c.Shape),
                (BFloat16[] x, int[] y) => engine.Forward<BFloat16, int>(x, y, c.Shape),
                _ => throw new NotSupportedException(name),
            };
            return (c, oracle.Results[name], r);
        }
    }
}
