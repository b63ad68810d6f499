using System;
using System.Linq;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// MMSegByLoss, DeepLabTF, ModelGarden, TorchSeg and PytorchLossOhem on the batch of <see cref="SumModeHandComputedTests"/>:
    /// C = 2, four pixels, class-0 logits 0, class-1 logits a = {2, −2, 0, 1}, labels 0, so loss = softplus(a) =
    /// {2.127, 0.127, ln 2, 1.313} (largest first: pixel 0, 3, 2, 1) and the true-class probabilities are
    /// {.119, .881, .5, .269} (ascending: pixel 0, 3, 2, 1).
    /// </summary>
    public sealed class MoreModeHandComputedTests
    {
        private static readonly float[] A = { 2f, -2f, 0f, 1f };
        private static readonly long[] AllValid = { 0, 0, 0, 0 };
        private static readonly long[] AllIgnored = { 255, 255, 255, 255 };
        private static readonly long[] EvenValid = { 0, 255, 0, 255 };
        private static readonly long[] FirstValid = { 0, 255, 255, 255 };

        private static double L(float a) => Math.Log(1 + Math.Exp(a));

        private static double L(int pixel) => L(A[pixel]);

        private static float Loss(int pixel) => OhemScalarMath.PixelLoss(new[] { 0f, A[pixel] }, 0);

        private static void Close(double expected, float actual) =>
            Assert.True(Math.Abs(actual - expected) <= 4e-7 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

        /// <summary>The four pixels as one 1×4 image, or as two 1×2 images (N = 2), with class-1 logits <paramref name="a"/>.</summary>
        private static (OhemResult Result, float[] Gradient) Run(OhemSpec spec, long[] labels, bool twoImages = false, float[]? a = null)
        {
            a ??= A;
            OhemShape shape = twoImages ? new OhemShape(2, 2, 1, 2) : new OhemShape(1, 2, 1, 4);
            float[] x = twoImages
                ? new float[] { 0f, 0f, a[0], a[1], 0f, 0f, a[2], a[3] }
                : new float[] { 0f, 0f, 0f, 0f, a[0], a[1], a[2], a[3] };
            using var engine = new CpuOhemEngine(spec, 2);
            OhemResult r = engine.Forward<float, long>(x, labels, shape);
            var g = new float[shape.Logits];
            g.AsSpan().Fill(float.NaN);
            engine.Backward<float, long>(x, labels, shape, g);
            return (r, twoImages ? new[] { g[0], g[1], g[4], g[5], g[2], g[3], g[6], g[7] } : g);
        }

        /// <summary>Which pixels got a gradient; each must be ∓σ(a) / divisor, and the others exactly 0.</summary>
        private static bool[] KeptPixels(float[] g, double divisor, float[]? a = null)
        {
            a ??= A;
            var result = new bool[4];
            for (int p = 0; p < 4; ++p)
            {
                result[p] = g[4 + p] != 0;
                if (result[p])
                {
                    double sigma = 1 / (1 + Math.Exp(-a[p]));
                    Assert.True(Math.Abs(g[4 + p] - (sigma / divisor)) < 1e-7, $"pixel {p}: {g[4 + p]:R}");
                    Assert.True(Math.Abs(g[p] + (sigma / divisor)) < 1e-7, $"pixel {p}: {g[p]:R}");
                }
                else
                {
                    Assert.Equal(0u, BitConverter.SingleToUInt32Bits(g[p]));
                }
            }

            return result;
        }

        private static void AllZero(float[] g) => Assert.All(g, v => Assert.Equal(0u, BitConverter.SingleToUInt32Bits(v)));

        // ---- MMSegByLoss ----

        [Theory]
        [InlineData(0.01)]
        [InlineData(0.99)]
        public void MMSegByLoss_TopMinKeptLosses_SumOverAllPixels_ThreshNotRead(double thresh)
        {
            // min_kept 2, one image: the two largest losses (pixels 0 and 3) over N·H·W = 4.
            var (r, g) = Run(new OhemSpec(thresh, 2, numClasses: 2, mode: OhemMode.MMSegByLoss), AllValid);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(2, r.Kept);
            Assert.Equal(Loss(3), r.Threshold);
            Close((L(0) + L(3)) / 4, r.Loss);
            Assert.Equal(new[] { true, false, false, true }, KeptPixels(g, 4));
        }

        [Fact]
        public void MMSegByLoss_MinKeptIsPerImage()
        {
            // Two images, min_kept 1: batch_kept = 2, the same two pixels.
            var (r, g) = Run(new OhemSpec(0.7, 1, numClasses: 2, mode: OhemMode.MMSegByLoss), AllValid, twoImages: true);
            Assert.Equal(2, r.Kept);
            Close((L(0) + L(3)) / 4, r.Loss);
            Assert.Equal(new[] { true, false, false, true }, KeptPixels(g, 4));
        }

        [Fact]
        public void MMSegByLoss_MinKeptAboveValid_KeepsEveryValidPixel()
        {
            // Unlike the probability branch (MMSegSampler), the loss branch drops nothing: all 2 valid pixels.
            var (r, g) = Run(new OhemSpec(0.7, 100, numClasses: 2, mode: OhemMode.MMSegByLoss), EvenValid);
            Assert.Equal(2, r.Kept);
            Close((L(0) + L(2)) / 4, r.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(g, 4));
        }

        [Fact]
        public void MMSegByLoss_AverageOverValid_DividesByValidPlusFloatEpsilon()
        {
            double divisor = 2 + Math.Pow(2, -23);
            var (r, g) = Run(new OhemSpec(0.7, 1, numClasses: 2, mode: OhemMode.MMSegByLoss, averageOverValid: true), EvenValid);
            Assert.Equal(1, r.Kept);
            Close(L(0) / divisor, r.Loss);
            Assert.Equal(new[] { true, false, false, false }, KeptPixels(g, divisor));
        }

        [Fact]
        public void MMSegByLoss_MinKeptZeroOrAllIgnored_IsZero()
        {
            foreach (var (nMin, labels) in new[] { (0L, AllValid), (2L, AllIgnored) })
            {
                var (r, g) = Run(new OhemSpec(0.7, nMin, numClasses: 2, mode: OhemMode.MMSegByLoss), labels);
                Assert.Equal(0u, BitConverter.SingleToUInt32Bits(r.Loss));
                Assert.Equal(0, r.Kept);
                AllZero(g);
            }
        }

        // ---- DeepLabTF ----

        [Fact]
        public void DeepLabTF_TopKOverTheirCount()
        {
            // k = int(0.5 × 4) = 2: pixels 0 and 3, both non-zero.
            var (r, g) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLabTF, fraction: 0.5), AllValid);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(2, r.Kept);
            Close((L(0) + L(3)) / 2, r.Loss);
            Assert.Equal(new[] { true, false, false, true }, KeptPixels(g, 2));
        }

        [Fact]
        public void DeepLabTF_ZerosInTheTopKAreNotCounted()
        {
            // One valid pixel, k = 3: the top 3 are L0 and two ignored zeros; TF divides by the one non-zero loss.
            var (r, g) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLabTF, fraction: 0.75), FirstValid);
            Assert.Equal(1, r.Kept);
            Assert.Equal(0f, r.Threshold);
            Close(L(0), r.Loss);
            Assert.Equal(new[] { true, false, false, false }, KeptPixels(g, 1));
        }

        [Fact]
        public void DeepLabTF_FractionOne_IsTheMeanOverValidPixels()
        {
            // Not over all 4 pixels (detectron2's DeepLabCE does that): over the 2 valid ones.
            var (r, g) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLabTF), EvenValid);
            Assert.Equal(2, r.Kept);
            Close((L(0) + L(2)) / 2, r.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(g, 2));
        }

        [Theory]
        [InlineData(0.5, 255L)]
        [InlineData(0.0, 255L)]
        [InlineData(0.2, 0L)]
        public void DeepLabTF_NothingPresent_IsZero(double fraction, long label)
        {
            // All ignored (top-k zeros, or no valid pixel with fraction 1), or k = int(0.2 × 4) = 0: _div_maybe_zero gives 0.
            var (r, g) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLabTF, fraction: fraction), new[] { label, label, label, label });
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(r.Loss));
            Assert.Equal(0, r.Kept);
            AllZero(g);
        }

        [Theory]
        [InlineData(OhemMode.DeepLabTF)]
        [InlineData(OhemMode.ModelGarden)]
        public void TensorFlowModes_CountInFloat32(OhemMode mode)
        {
            // 0.29 × 100 is 28.999… in double (TopKPercent keeps 28) but rounds to 29 in float32, as TF computes it.
            var shape = new OhemShape(1, 3, 10, 10);
            var rng = new Random(5);
            float[] x = Enumerable.Range(0, (int)shape.Logits).Select(_ => (float)rng.NextDouble() * 4).ToArray();
            long[] y = Enumerable.Range(0, (int)shape.Pixels).Select(p => (long)(p % 3)).ToArray();
            using var engine = new CpuOhemEngine(new OhemSpec(numClasses: 3, mode: mode, fraction: 0.29), 1);
            Assert.Equal(29, engine.Forward<float, long>(x, y, shape).Kept);
            using var topk = new CpuOhemEngine(new OhemSpec(numClasses: 3, mode: OhemMode.TopKPercent, fraction: 0.29), 1);
            Assert.Equal(28, topk.Forward<float, long>(x, y, shape).Kept);
        }

        // ---- ModelGarden ----

        [Fact]
        public void ModelGarden_TopKOverKPlusEpsilon()
        {
            var (r, g) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.ModelGarden, fraction: 0.5), AllValid);
            Assert.Equal(2, r.Kept);
            Close((L(0) + L(3)) / (2 + 1e-5), r.Loss);
            Assert.Equal(new[] { true, false, false, true }, KeptPixels(g, 2 + 1e-5));
        }

        [Fact]
        public void ModelGarden_KAboveValid_DividesByValid()
        {
            // k = 3 but one valid pixel: min(3, 1) + 1e-5.
            var (r, g) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.ModelGarden, fraction: 0.75), FirstValid);
            Assert.Equal(3, r.Kept);
            Close(L(0) / (1 + 1e-5), r.Loss);
            Assert.Equal(new[] { true, false, false, false }, KeptPixels(g, 1 + 1e-5));
        }

        [Fact]
        public void ModelGarden_FractionOne_ValidSumOverValidPlusEpsilon()
        {
            var (r, g) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.ModelGarden), EvenValid);
            Assert.Equal(2, r.Kept);
            Close((L(0) + L(2)) / (2 + 1e-5), r.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(g, 2 + 1e-5));

            var (none, gz) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.ModelGarden), AllIgnored);
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(none.Loss));
            Assert.Equal(0, none.Kept);
            AllZero(gz);
        }

        // ---- TorchSeg ----

        [Fact]
        public void TorchSeg_ThresholdWins_KeepsAtOrBelowIt()
        {
            // min_kept 2: p at index 1 is .269 ≤ .7, so θ = .7: pixels 0, 3, 2; the mean.
            var (r, g) = Run(new OhemSpec(0.7, 2, numClasses: 2, mode: OhemMode.TorchSeg), AllValid);
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(3, r.Kept);
            Close((L(0) + L(2) + L(3)) / 3, r.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(g, 3));
        }

        [Fact]
        public void TorchSeg_OrderStatistic_IsInclusive()
        {
            // Thresh .3, min_kept 3: θ = p at index 2 = .5 and p ≤ .5 keeps pixels 0, 3 and 2 (PaddleSeg keeps 0 and 3).
            var (r, g) = Run(new OhemSpec(0.3, 3, numClasses: 2, mode: OhemMode.TorchSeg), AllValid);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(3, r.Kept);
            Assert.Equal(Loss(2), r.Threshold);
            Close((L(0) + L(2) + L(3)) / 3, r.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(g, 3));
        }

        [Fact]
        public void TorchSeg_TiesAtTheCutOffAreAllKept()
        {
            // a = {1, 1, 1, −2}: three pixels tie at p = .269; min_kept 2, thresh .1: θ = .269 keeps all three (HRNet: none).
            float[] a = { 1f, 1f, 1f, -2f };
            var (r, g) = Run(new OhemSpec(0.1, 2, numClasses: 2, mode: OhemMode.TorchSeg), AllValid, a: a);
            Assert.Equal(3, r.Kept);
            Close(L(1f), r.Loss);
            Assert.Equal(new[] { true, true, true, false }, KeptPixels(g, 3, a));
        }

        [Theory]
        [InlineData(5L)]
        [InlineData(0L)]
        [InlineData(4L)]
        public void TorchSeg_NoMiningOrMinKeptEqualToValid_KeepsEveryValidPixel(long minKept)
        {
            // 5 > 4 valid and 0: no mining. 4 = valid: mining with θ = p at index 3 = .881, which keeps all four.
            var (r, g) = Run(new OhemSpec(0.01, minKept, numClasses: 2, mode: OhemMode.TorchSeg), AllValid);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(4, r.Kept);
            Close((L(0) + L(1) + L(2) + L(3)) / 4, r.Loss);
            Assert.Equal(new[] { true, true, true, true }, KeptPixels(g, 4));
        }

        [Fact]
        public void TorchSeg_ThreshOne_KeepsEveryValidPixelButNoIgnoredOne()
        {
            // −ln 1 = 0: every valid p ≤ 1. The comparison float is below 0, so ignored zeros pass it; they must not count.
            var (r, g) = Run(new OhemSpec(1.0, 1, numClasses: 2, mode: OhemMode.TorchSeg), EvenValid);
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(2, r.Kept);
            Close((L(0) + L(2)) / 2, r.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(g, 2));
        }

        [Fact]
        public void TorchSeg_AllIgnored_IsNaN()
        {
            var (r, g) = Run(new OhemSpec(0.7, 2, numClasses: 2, mode: OhemMode.TorchSeg), AllIgnored);
            Assert.True(float.IsNaN(r.Loss));
            Assert.Equal(0, r.Kept);
            AllZero(g);
        }

        // ---- PytorchLossOhem ----

        [Fact]
        public void PytorchLoss_ThresholdWins_KeepsAtOrBelowIt()
        {
            var (r, g) = Run(new OhemSpec(0.7, 2, numClasses: 2, mode: OhemMode.PytorchLossOhem), AllValid);
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(3, r.Kept);
            Close((L(0) + L(2) + L(3)) / 3, r.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(g, 3));
        }

        [Fact]
        public void PytorchLoss_RankSlots_KeepTheNMinLowestProbabilities()
        {
            // Thresh .3: only p = .119 and .269 are at or below it (2 < n_min 3), so the 3 lowest: pixels 0, 3, 2.
            var (r, g) = Run(new OhemSpec(0.3, 3, numClasses: 2, mode: OhemMode.PytorchLossOhem), AllValid);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(3, r.Kept);
            Assert.Equal(Loss(2), r.Threshold);
            Close((L(0) + L(2) + L(3)) / 3, r.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(g, 3));
        }

        [Fact]
        public void PytorchLoss_TiedRankSlots_GoToTheLowestIndices()
        {
            // a = {1, 1, 1, −2}, thresh .1, n_min 2: three pixels tie at p = .269; the stable sort gives the slots to 0 and 1.
            float[] a = { 1f, 1f, 1f, -2f };
            var (r, g) = Run(new OhemSpec(0.1, 2, numClasses: 2, mode: OhemMode.PytorchLossOhem), AllValid, a: a);
            Assert.Equal(2, r.Kept);
            Close(L(1f), r.Loss);
            Assert.Equal(new[] { true, true, false, false }, KeptPixels(g, 2, a));
        }

        [Fact]
        public void PytorchLoss_IgnoredPixelsRankLast_AndStayIgnored()
        {
            // Labels {0, 255, 0, 255}, thresh .01, n_min 3: ranks 0 and 1 are pixels 0 and 2, rank 2 an ignored pixel.
            var (r, g) = Run(new OhemSpec(0.01, 3, numClasses: 2, mode: OhemMode.PytorchLossOhem), EvenValid);
            Assert.Equal(2, r.Kept);
            Close((L(0) + L(2)) / 2, r.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(g, 2));
        }

        [Theory]
        [InlineData(4L, 0.01)]
        [InlineData(1000L, 0.01)]
        [InlineData(1L, 1.0)]
        public void PytorchLoss_NoMining_WhenNMinReachesThePixelCountOrThreshIsOne(long nMin, double thresh)
        {
            var (r, g) = Run(new OhemSpec(thresh, nMin, numClasses: 2, mode: OhemMode.PytorchLossOhem), AllValid);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(4, r.Kept);
            Close((L(0) + L(1) + L(2) + L(3)) / 4, r.Loss);
            Assert.Equal(new[] { true, true, true, true }, KeptPixels(g, 4));
        }

        [Fact]
        public void PytorchLoss_FractionIsAShareOfAllPixels()
        {
            // Fraction 0.75 of 4 pixels: n_min = 3, as NMin = 3 (thresh .3 keeps only 2 on its own).
            var (r, _) = Run(new OhemSpec(0.3, numClasses: 2, mode: OhemMode.PytorchLossOhem, fraction: 0.75), AllValid);
            Assert.Equal(3, r.Kept);
            Close((L(0) + L(2) + L(3)) / 3, r.Loss);
        }

        [Theory]
        [InlineData(0L, 0L)]
        [InlineData(2L, 255L)]
        public void PytorchLoss_NothingKept_IsNaN(long nMin, long label)
        {
            // n_min 0 with nothing at or below thresh .01, or every pixel ignored: a cross-entropy mean over nothing.
            var (r, g) = Run(new OhemSpec(0.01, nMin, numClasses: 2, mode: OhemMode.PytorchLossOhem), new[] { label, label, label, label });
            Assert.True(float.IsNaN(r.Loss));
            Assert.Equal(0, r.Kept);
            AllZero(g);
        }
    }
}
