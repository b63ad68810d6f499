using System;
using System.Linq;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>The documented edges: empty selections, all pixels ignored, ties, NaN and infinite logits, many classes.</summary>
    public sealed class EdgeCaseTests
    {
        private static readonly OhemShape Shape = new(1, 2, 1, 4);

        private static float Softplus(double a) => (float)Math.Log(1 + Math.Exp(a));

        [Fact]
        public void NMinZeroWithNothingAboveIsNaNWithNothingKept()
        {
            // Every loss is ln(1 + e^-5) = 0.0067, below -ln 0.7: torch.mean(loss[:0]) is NaN.
            var logits = new float[] { 5, 5, 5, 5, 0, 0, 0, 0 };
            using var engine = new CpuOhemEngine(new OhemSpec(0.7, nMin: 0, numClasses: 2));
            OhemResult r = engine.Forward<float, long>(logits, new long[4], Shape);
            Assert.True(float.IsNaN(r.Loss));
            Assert.True(float.IsNaN(r.Threshold));
            Assert.Equal(0, r.Kept);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            var g = Enumerable.Repeat(7f, 8).ToArray();
            engine.Backward<float, long>(logits, new long[4], Shape, g);
            Assert.All(g, v => Assert.Equal(0f, v));
        }

        [Fact]
        public void NMinZeroWithLossesAboveKeepsThemAll()
        {
            var logits = new float[] { 0, 5, 0, 5, 0, 0, 3, 0 };
            using var engine = new CpuOhemEngine(new OhemSpec(0.7, nMin: 0, numClasses: 2));
            OhemResult r = engine.Forward<float, long>(logits, new long[4], Shape);
            // Losses ln 2, 0.0067, 3.049, 0.0067: two above, more than 0.
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(2, r.Kept);
            Assert.True(Math.Abs(r.Loss - ((Math.Log(2) + Softplus(3)) / 2)) < 1e-6);
        }

        [Fact]
        public void AllPixelsIgnoredGiveZeroLossOverNMinZeros()
        {
            var logits = new float[] { 1, 2, 3, 4, 5, 6, 7, 8 };
            using var engine = new CpuOhemEngine(new OhemSpec(0.7, nMin: 2, ignoreLabel: 255, numClasses: 2));
            var labels = new byte[] { 255, 255, 255, 255 };
            using var bytes = new CpuOhemEngine(new OhemSpec(0.7, nMin: 2, ignoreLabel: 255, numClasses: 2, labels: OhemLabels.UInt8));
            OhemResult r = bytes.Forward<float, byte>(logits, labels, Shape);
            Assert.Equal(0f, r.Loss);
            Assert.Equal(2, r.Kept);
            Assert.Equal(0, r.ValidPixels);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(0f, r.Threshold);
            var g = Enumerable.Repeat(7f, 8).ToArray();
            bytes.Backward<float, byte>(logits, labels, Shape, g);
            Assert.All(g, v => Assert.Equal(0f, v));
        }

        [Fact]
        public void TiesAtTheCutOffAreExactForwardAndKeepTheLowestIndicesBackward()
        {
            // 1×3×2×5, every logit 0 and every label 0: ten losses of exactly ln 3, all below -ln 0.01 = 4.6, so the
            // top-4 rule applies and the cut-off value is shared by ten pixels.
            var shape = new OhemShape(1, 3, 2, 5);
            var logits = new float[30];
            var labels = new int[10];
            using var engine = new CpuOhemEngine(new OhemSpec(0.01, nMin: 4, numClasses: 3, labels: OhemLabels.Int32));
            OhemResult r = engine.Forward<float, int>(logits, labels, shape);
            float ln3 = OhemScalarMath.PixelLoss(new float[] { 0, 0, 0 }, 0);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(4, r.Kept);
            Assert.Equal(ln3, r.Threshold);
            Assert.Equal(ln3, r.Loss); // (0 + 4·v) / 4, exact
            Assert.True(Math.Abs(r.Loss - Math.Log(3)) < 1e-6);

            var g = new float[30];
            engine.Backward<float, int>(logits, labels, shape, g);
            for (int p = 0; p < 10; ++p)
            {
                bool kept = p < 4;
                float softmax = OhemScalarMath.Exp(0f) / (3 * OhemScalarMath.Exp(0f));
                Assert.Equal(kept ? (softmax - 1f) * 0.25f : 0f, g[p]);
                Assert.Equal(kept ? softmax * 0.25f : 0f, g[10 + p]);
                Assert.Equal(kept ? softmax * 0.25f : 0f, g[20 + p]);
            }
        }

        [Fact]
        public void NaNLogitsGiveNaNLossesThatSortFirst()
        {
            // Pixel 0 has a NaN logit; pixels 1..3 have losses 0.127, 2.127, 1.313.
            var logits = new float[] { float.NaN, 0, 0, 0, 0, -2, 2, 1 };
            var labels = new long[4];
            using (var above = new CpuOhemEngine(new OhemSpec(0.7, nMin: 1, numClasses: 2)))
            {
                // loss[1] (after the NaN) = 2.127 > thresh: keep the two finite losses above; the NaN is not "above".
                OhemResult r = above.Forward<float, long>(logits, labels, Shape);
                Assert.Equal(OhemRule.AboveThreshold, r.Rule);
                Assert.Equal(2, r.Kept);
                Assert.True(Math.Abs(r.Loss - ((Softplus(2) + Softplus(1)) / 2)) < 1e-6);
                var g = new float[8];
                above.Backward<float, long>(logits, labels, Shape, g);
                Assert.Equal(0f, g[0]);
                Assert.Equal(0f, g[4]);
            }

            using (var zero = new CpuOhemEngine(new OhemSpec(0.7, nMin: 0, numClasses: 2)))
            {
                // loss[0] is NaN, not > thresh: torch.mean(loss[:0]) = NaN.
                OhemResult r = zero.Forward<float, long>(logits, labels, Shape);
                Assert.Equal(OhemRule.TopNMin, r.Rule);
                Assert.Equal(0, r.Kept);
                Assert.True(float.IsNaN(r.Loss));
            }

            using (var top = new CpuOhemEngine(new OhemSpec(0.01, nMin: 2, numClasses: 2)))
            {
                // Nothing above 4.6: the top two are the NaN and 2.127, so the mean is NaN and v = 2.127.
                OhemResult r = top.Forward<float, long>(logits, labels, Shape);
                Assert.Equal(OhemRule.TopNMin, r.Rule);
                Assert.True(float.IsNaN(r.Loss));
                Assert.True(Math.Abs(r.Threshold - Softplus(2)) < 1e-6);
                var g = new float[8];
                top.Backward<float, long>(logits, labels, Shape, g);
                // The NaN logit is .NET's float.NaN (0xFFC00000); the gradient's NaN is the GPU's 0x7fffffff on both backends.
                Assert.Equal(0x7fffffffu, BitConverter.SingleToUInt32Bits(g[0]));
                Assert.Equal(0x7fffffffu, BitConverter.SingleToUInt32Bits(g[4]));
                Assert.True(g[2] < 0 && g[6] > 0);
                Assert.Equal(0f, g[1]);
                Assert.Equal(0f, g[3]);
            }
        }

        [Fact]
        public void CutOffAmongNaNsKeepsTheLowestIndexedNaNs()
        {
            // Three NaN pixels (1, 2, 3) and NMin = 2: the cut-off key is the NaN key, two of the three NaN pixels are
            // kept (the lowest indices, 1 and 2), the mean and the threshold are NaN.
            var logits = new float[] { 0, float.NaN, float.NaN, float.NaN, 0, 0, 0, 0 };
            var labels = new long[4];
            using var engine = new CpuOhemEngine(new OhemSpec(0.7, nMin: 2, numClasses: 2));
            OhemResult r = engine.Forward<float, long>(logits, labels, Shape);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(2, r.Kept);
            Assert.True(float.IsNaN(r.Loss));
            Assert.Equal(OhemMathConstants.NaNKey, BitConverter.SingleToUInt32Bits(r.Threshold));
            var g = new float[8];
            engine.Backward<float, long>(logits, labels, Shape, g);
            Assert.Equal(new[] { false, true, true, false }, new[] { float.IsNaN(g[0]), float.IsNaN(g[1]), float.IsNaN(g[2]), float.IsNaN(g[3]) });
            Assert.Equal(0x7fffffffu, BitConverter.SingleToUInt32Bits(g[1]));
            Assert.Equal(0x7fffffffu, BitConverter.SingleToUInt32Bits(g[2]));
            Assert.Equal(0f, g[0]);
            Assert.Equal(0f, g[3]);
        }

        [Fact]
        public void InfiniteLogitsGiveInfiniteOrNaNLossesAsPyTorch()
        {
            // Pixel 0: true-class logit -inf → loss +inf. Pixel 1: a +inf logit → max - max is NaN → NaN (torch too).
            var logits = new float[] { float.NegativeInfinity, float.PositiveInfinity, 0, 0, 0, 0, 3, 0 };
            var labels = new long[4];
            using var engine = new CpuOhemEngine(new OhemSpec(0.7, nMin: 1, numClasses: 2));
            OhemResult r = engine.Forward<float, long>(logits, labels, Shape);
            // NaN count 1 ≤ NMin and above {+inf, 3.049, ln 2} = 3 > 0: the mean is +inf.
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(3, r.Kept);
            Assert.Equal(float.PositiveInfinity, r.Loss);
        }

        [Fact]
        public void HugeLogitsStayFinite()
        {
            var logits = new float[] { 1e4f, -1e4f, 0, 3e4f, -1e4f, 1e4f, 0, -3e4f };
            using var engine = new CpuOhemEngine(new OhemSpec(0.7, nMin: 1, numClasses: 2));
            OhemResult r = engine.Forward<float, long>(logits, new long[4], Shape);
            // Losses: 0, 2e4, ln 2, 0 → two above.
            Assert.Equal(2, r.Kept);
            Assert.True(Math.Abs(r.Loss - ((2e4 + Math.Log(2)) / 2)) < 1e-3);
        }

        [Theory]
        [InlineData(2)]
        [InlineData(5)]
        [InlineData(19)]
        [InlineData(64)]
        [InlineData(150)]
        [InlineData(1000)]
        public void ClassCountsFromTwoToAThousand(int classes)
        {
            var shape = new OhemShape(2, classes, 3, 11);
            var rng = new Random(classes);
            float[] x = Support.Inputs.Logits(rng, shape);
            long[] y = Support.Inputs.Labels(rng, shape, 255);
            ReferenceTests.Check(new OhemSpec(0.7, 10, 255, 0), x, y, shape);
            ReferenceTests.Check(new OhemSpec(0.00001, 10, 255, classes), x, y, shape);
        }

        [Fact]
        public void SixteenBitLogitsEqualTheirFloatWidening()
        {
            var shape = new OhemShape(2, 7, 9, 13);
            var rng = new Random(3);
            float[] x = Support.Inputs.Logits(rng, shape);
            long[] y = Support.Inputs.Labels(rng, shape, 255);
            Half[] half = Support.Inputs.ToHalf(x);
            BFloat16[] bf = Support.Inputs.ToBFloat16(x);
            foreach (long nMin in new long[] { 10, 200 })
            {
                AssertSame(new OhemSpec(0.7, nMin, 255, 7, OhemLogits.Float16), half, Support.Inputs.FromHalf(half), y, shape);
                AssertSame(new OhemSpec(0.7, nMin, 255, 7, OhemLogits.BFloat16), bf, Support.Inputs.FromBFloat16(bf), y, shape);
            }
        }

        [Fact]
        public void LabelTypesGiveTheSameResult()
        {
            var shape = new OhemShape(1, 5, 9, 13);
            var rng = new Random(4);
            float[] x = Support.Inputs.Logits(rng, shape);
            long[] y = Support.Inputs.Labels(rng, shape, 255);
            using var l64 = new CpuOhemEngine(new OhemSpec(0.7, 30, 255, 5));
            using var l32 = new CpuOhemEngine(new OhemSpec(0.7, 30, 255, 5, labels: OhemLabels.Int32));
            using var l8 = new CpuOhemEngine(new OhemSpec(0.7, 30, 255, 5, labels: OhemLabels.UInt8));
            OhemResult a = l64.Forward<float, long>(x, y, shape);
            Assert.Equal(a, l32.Forward<float, int>(x, Support.Inputs.ToInt32(y), shape));
            Assert.Equal(a, l8.Forward<float, byte>(x, Support.Inputs.ToByte(y), shape));
        }

        private static void AssertSame<TLogit>(OhemSpec spec, TLogit[] narrow, float[] wide, long[] y, OhemShape shape)
            where TLogit : unmanaged
        {
            using var engine = new CpuOhemEngine(spec);
            using var f32 = new CpuOhemEngine(new OhemSpec(spec.Thresh, spec.NMin, spec.IgnoreLabel, spec.NumClasses));
            OhemResult r = engine.Forward<TLogit, long>(narrow, y, shape);
            OhemResult w = f32.Forward<float, long>(wide, y, shape);
            Assert.Equal(w, r);
            var g1 = new float[shape.Logits];
            var g2 = new float[shape.Logits];
            engine.Backward<TLogit, long>(narrow, y, shape, g1);
            f32.Backward<float, long>(wide, y, shape, g2);
            Assert.Equal(g2, g1);
        }
    }
}
