using System;
using System.Linq;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Oracle
{
    /// <summary>
    /// The edge behaviours each mode's oracle case was built for, asserted on torch's result and the engine's together,
    /// so a case that drifts away from its edge fails instead of passing as an ordinary batch.
    /// </summary>
    [Collection(OracleCollection.Name)]
    public sealed class TorchModeEdgeTests
    {
        private readonly OracleFixture oracle;

        public TorchModeEdgeTests(OracleFixture oracle) => this.oracle = oracle;

        [SkippableTheory]
        [InlineData("v2-all-ignored")]
        [InlineData("v2-k0-nothing-above")]
        [InlineData("hrnet-no-valid")]
        [InlineData("hrnet-one-valid-easy")]
        [InlineData("topk-percent-k0")]
        [InlineData("torchseg-no-valid")]
        [InlineData("pytorch-loss-no-valid")]
        public void NothingKept_NaN(string name)
        {
            var (c, torch, ours) = Both(name);
            Assert.True(float.IsNaN(torch.Loss), $"torch gave {torch.Loss:R}");
            Assert.True(float.IsNaN(ours.Loss), $"engine gave {ours.Loss:R}");
            Assert.Equal(0, torch.Kept);
            Assert.Equal(0, ours.Kept);
            Assert.True(c.Spec.Mode != OhemMode.BiSeNetV2 || c.Spec.FractionCount(ours.ValidPixels) == 0);
        }

        [SkippableFact]
        public void BiSeNetV2_K0_KeepsEveryLossAboveTheThreshold()
        {
            var (_, torch, ours) = Both("v2-k0-some-above");
            Assert.Equal(10, ours.ValidPixels);
            Assert.Equal(10, torch.Kept);
            Assert.Equal(10, ours.Kept);
            Assert.Equal(OhemRule.AboveThreshold, ours.Rule);
        }

        [SkippableFact]
        public void BiSeNetV2_TopK_KeepsValidOver16()
        {
            var (_, torch, ours) = Both("v2-topk");
            Assert.Equal(ours.ValidPixels / 16, ours.Kept);
            Assert.Equal(torch.Kept, ours.Kept);
        }

        [SkippableFact]
        public void HRNet_OneHardValidPixel_IsKept()
        {
            var (_, torch, ours) = Both("hrnet-one-valid-hard");
            Assert.Equal(1, ours.ValidPixels);
            Assert.Equal(1, torch.Kept);
            Assert.Equal(1, ours.Kept);
        }

        [SkippableFact]
        public void HRNet_MinKeptAboveValid_DropsOnlyTheEasiestPixel()
        {
            var (_, torch, ours) = Both("hrnet-min-kept-exceeds-valid-bf16");
            Assert.Equal(ours.ValidPixels - 1, ours.Kept);
            Assert.Equal(torch.Kept, ours.Kept);
        }

        [SkippableFact]
        public void HRNet_TiesAtTheCutOff_AreAllDropped()
        {
            var (c, torch, ours) = Both("hrnet-ties");
            long k = Math.Min(Math.Max(1, c.Spec.NMin), ours.ValidPixels - 1);
            uint cut = BitConverter.SingleToUInt32Bits(ours.Threshold);
            long tied = torch.CrossEntropy.Count(l => BitConverter.SingleToUInt32Bits(l) == cut);
            long above = torch.CrossEntropy.Count(l => l > ours.Threshold);
            Assert.Equal(OhemRule.TopNMin, ours.Rule);
            Assert.True(tied > 1, "the case must tie at the cut-off");
            Assert.True(ours.Kept < k + 1, $"kept {ours.Kept}, k + 1 = {k + 1}");
            Assert.Equal(above, ours.Kept);
            Assert.Equal(torch.Kept, ours.Kept);
        }

        [SkippableFact]
        public void TopKPercent_Fraction_KeepsThatShareOfAllPixels()
        {
            var (c, torch, ours) = Both("topk-percent-0.2");
            Assert.Equal((long)(0.2 * c.Shape.Pixels), ours.Kept);
            Assert.Equal(torch.Kept, ours.Kept);
        }

        [SkippableFact]
        public void TopKPercent_One_IsTheMeanOverAllPixels()
        {
            var (c, torch, ours) = Both("topk-percent-1");
            Assert.Equal(c.Shape.Pixels, ours.Kept);
            Assert.True(ours.ValidPixels < c.Shape.Pixels, "ignored pixels must be in the batch");
            double mean = torch.CrossEntropy.Sum(l => (double)l) / c.Shape.Pixels;
            Assert.True(Math.Abs(ours.Loss - mean) <= 1e-5 * mean, $"loss {ours.Loss:R}, mean over all pixels {mean:R}");
        }

        [SkippableTheory]
        [InlineData("mmseg-no-valid")]
        [InlineData("mmseg-one-valid-easy")]
        [InlineData("paddleseg-no-valid")]
        [InlineData("mmseg-avg-non-ignore-no-valid")]
        [InlineData("mmseg-loss-no-valid")]
        [InlineData("mmseg-loss-min-kept-0")]
        [InlineData("deeplab-tf-no-valid")]
        [InlineData("deeplab-tf-1-no-valid")]
        [InlineData("deeplab-tf-k0")]
        [InlineData("model-garden-no-valid")]
        public void NothingKept_Zero(string name)
        {
            // mmseg (every sampler weight 0, ÷ N·H·W) and PaddleSeg (0 / (0 + 1e-5·M)) give 0, not NaN.
            var (_, torch, ours) = Both(name);
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(torch.Loss));
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(ours.Loss));
            Assert.Equal(0, torch.Kept);
            Assert.Equal(0, ours.Kept);
        }

        [SkippableFact]
        public void MMSeg_MinKeptIsPerImage_AndTheSumIsOverAllPixels()
        {
            var (c, torch, ours) = Both("mmseg-topk");
            Assert.Equal(OhemRule.TopNMin, ours.Rule);
            Assert.Equal(c.Spec.NMin * c.Shape.N, ours.Kept);
            Assert.Equal(torch.Kept, ours.Kept);
            double sum = torch.CrossEntropy.Where(l => l > ours.Threshold).Sum(l => (double)l);
            Assert.True(Math.Abs(ours.Loss - (sum / c.Shape.Pixels)) <= 1e-5 * ours.Loss, $"loss {ours.Loss:R}, kept sum / N·H·W {sum / c.Shape.Pixels:R}");
        }

        [SkippableFact]
        public void MMSeg_AverageOverValid_DividesByTheValidCount()
        {
            var (c, torch, ours) = Both("mmseg-avg-non-ignore");
            Assert.Equal(torch.Kept, ours.Kept);
            Assert.True(ours.ValidPixels < c.Shape.Pixels, "ignored pixels must be in the batch");
            double sum = torch.CrossEntropy.Where(l => l > ours.Threshold).Sum(l => (double)l);
            Assert.True(Math.Abs(ours.Loss - (sum / ours.ValidPixels)) <= 1e-5 * ours.Loss, $"loss {ours.Loss:R}, kept sum / valid {sum / ours.ValidPixels:R}");
        }

        [SkippableTheory]
        [InlineData("mmseg-min-kept-exceeds-valid-bf16")]
        public void MMSeg_MinKeptAboveValid_DropsOnlyTheEasiestPixel(string name)
        {
            var (_, torch, ours) = Both(name);
            Assert.Equal(ours.ValidPixels - 1, ours.Kept);
            Assert.Equal(torch.Kept, ours.Kept);
        }

        [SkippableTheory]
        [InlineData("mmseg-ties")]
        [InlineData("paddleseg-ties")]
        public void TiesAtTheCutOff_AreAllDropped(string name)
        {
            var (c, torch, ours) = Both(name);
            long rank = c.Spec.Mode == OhemMode.PaddleSeg ? c.Spec.NMin : Math.Min(c.Spec.NMin * c.Shape.N, ours.ValidPixels - 1) + 1;
            uint cut = BitConverter.SingleToUInt32Bits(ours.Threshold);
            long tied = torch.CrossEntropy.Count(l => BitConverter.SingleToUInt32Bits(l) == cut);
            Assert.Equal(OhemRule.TopNMin, ours.Rule);
            Assert.True(tied > 1, "the case must tie at the cut-off");
            Assert.True(ours.Kept < rank, $"kept {ours.Kept}, rank {rank}");
            Assert.Equal(torch.CrossEntropy.Count(l => l > ours.Threshold), ours.Kept);
            Assert.Equal(torch.Kept, ours.Kept);
        }

        [SkippableFact]
        public void PaddleSeg_KeepsMinKeptMinusOne()
        {
            var (c, torch, ours) = Both("paddleseg-topk");
            Assert.Equal(OhemRule.TopNMin, ours.Rule);
            Assert.Equal(c.Spec.NMin - 1, ours.Kept);
            Assert.Equal(torch.Kept, ours.Kept);
            double sum = torch.CrossEntropy.Where(l => l > ours.Threshold).Sum(l => (double)l);
            double expected = sum / (ours.Kept + (1e-5 * c.Shape.Pixels));
            Assert.True(Math.Abs(ours.Loss - expected) <= 1e-5 * ours.Loss, $"loss {ours.Loss:R}, expected {expected:R}");
        }

        [SkippableTheory]
        [InlineData("paddleseg-min-kept-exceeds-valid-bf16")]
        [InlineData("paddleseg-min-kept-0")]
        public void PaddleSeg_NoMining_KeepsEveryValidPixel(string name)
        {
            var (_, torch, ours) = Both(name);
            Assert.True(ours.ValidPixels > 0);
            Assert.Equal(ours.ValidPixels, ours.Kept);
            Assert.Equal(torch.Kept, ours.Kept);
        }

        [SkippableTheory]
        [InlineData("mmseg-loss-min-kept-exceeds-valid-bf16")]
        [InlineData("torchseg-min-kept-exceeds-valid-bf16")]
        [InlineData("pytorch-loss-n-min-exceeds-pixels")]
        [InlineData("pytorch-loss-n-min-above-valid")]
        public void MinKeptAboveValidOrPixels_KeepsEveryValidPixel(string name)
        {
            var (_, torch, ours) = Both(name);
            Assert.True(ours.ValidPixels > 0);
            Assert.Equal(ours.ValidPixels, ours.Kept);
            Assert.Equal(torch.Kept, ours.Kept);
        }

        [SkippableFact]
        public void TorchSeg_TiesAtTheCutOff_AreAllKept()
        {
            var (c, torch, ours) = Both("torchseg-ties");
            // torch's cross-entropy may differ from the engine's by an ulp, so ties are counted within float noise.
            float near = ours.Threshold * (1 - 1e-6f);
            long tied = torch.CrossEntropy.Count(l => Math.Abs(l - ours.Threshold) <= 1e-6f * ours.Threshold);
            Assert.Equal(OhemRule.TopNMin, ours.Rule);
            Assert.True(tied > 1, "the case must tie at the cut-off");
            Assert.True(ours.Kept > c.Spec.NMin, $"kept {ours.Kept}, min_kept {c.Spec.NMin}");
            Assert.Equal(torch.CrossEntropy.Count(l => l >= near), ours.Kept);
            Assert.Equal(torch.Kept, ours.Kept);
        }

        [SkippableFact]
        public void PytorchLoss_TiedRankSlots_KeepExactlyNMin()
        {
            var (c, torch, ours) = Both("pytorch-loss-ties");
            Assert.True(torch.CrossEntropy.Count(l => Math.Abs(l - ours.Threshold) <= 1e-6f * ours.Threshold) > 1, "the case must tie at the cut-off");
            Assert.Equal(c.Spec.NMin, ours.Kept);
            Assert.Equal(torch.Kept, ours.Kept);
        }

        [SkippableFact]
        public void DeepLabTF_ZerosInTheTopK_AreNotCounted()
        {
            var (c, torch, ours) = Both("deeplab-tf-zeros-in-top-k");
            long k = (long)(0.9f * (float)c.Shape.Pixels);
            Assert.Equal(0f, ours.Threshold);
            Assert.Equal(torch.CrossEntropy.Count(l => l > 0), ours.Kept);
            Assert.True(ours.Kept < k, $"kept {ours.Kept}, k {k}");
            Assert.Equal(torch.Kept, ours.Kept);
        }

        [SkippableFact]
        public void ModelGarden_KAboveValid_DividesByValid()
        {
            var (c, torch, ours) = Both("model-garden-k-above-valid-bf16-i32");
            long k = (long)(0.95f * (float)c.Shape.Pixels);
            Assert.True(k > ours.ValidPixels);
            Assert.Equal(k, ours.Kept);
            double sum = torch.CrossEntropy.Sum(l => (double)l);
            double expected = sum / (ours.ValidPixels + 1e-5);
            Assert.True(Math.Abs(ours.Loss - expected) <= 1e-5 * ours.Loss, $"loss {ours.Loss:R}, expected {expected:R}");
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
