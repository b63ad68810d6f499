using System;
using System.Linq;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// The three further modes on batches small enough to follow by hand. As in <see cref="HandComputedTests"/>: one
    /// image, C = 2, 1×4 pixels, class-0 logits 0 and class-1 logits a, labels 0, so loss = softplus(a):
    /// pixel 0: 2.127, pixel 1: 0.127, pixel 2: ln 2 = 0.693, pixel 3: 1.313 (true-class probabilities .119, .881, .5, .269).
    /// </summary>
    public sealed class ModeHandComputedTests
    {
        private static readonly float[] A = { 2f, -2f, 0f, 1f };
        private static readonly OhemShape Shape = new(1, 2, 1, 4);
        private static readonly long[] AllValid = { 0, 0, 0, 0 };
        private static readonly long[] AllIgnored = { 255, 255, 255, 255 };

        private static float[] Logits() => new float[] { 0f, 0f, 0f, 0f, A[0], A[1], A[2], A[3] };

        private static double L(int pixel) => Math.Log(1 + Math.Exp(A[pixel]));

        private static float Loss(int pixel) => OhemScalarMath.PixelLoss(new[] { 0f, A[pixel] }, 0);

        private static void Close(double expected, float actual, double relative = 4e-7) =>
            Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

        private static (OhemResult Result, float[] Gradient) Run(OhemSpec spec, long[] labels, float[]? logits = null, OhemShape? shape = null)
        {
            OhemShape s = shape ?? Shape;
            float[] x = logits ?? Logits();
            using var engine = new CpuOhemEngine(spec, 2);
            OhemResult r = engine.Forward<float, long>(x, labels, s);
            var g = new float[s.Logits];
            g.AsSpan().Fill(float.NaN);
            engine.Backward<float, long>(x, labels, s, g);
            return (r, g);
        }

        /// <summary>Pixels with a non-zero gradient; each kept one must have grad_1 = σ(a)/kept exactly as the formula.</summary>
        private static bool[] KeptPixels(float[] g, long kept)
        {
            var result = new bool[4];
            for (int p = 0; p < 4; ++p)
            {
                result[p] = g[4 + p] != 0;
                if (result[p])
                {
                    double sigma = 1 / (1 + Math.Exp(-A[p]));
                    Assert.True(Math.Abs(g[4 + p] - (sigma / kept)) < 1e-7, $"pixel {p}: {g[4 + p]:R}");
                    Assert.True(Math.Abs(g[p] + (sigma / kept)) < 1e-7, $"pixel {p}: {g[p]:R}");
                }
                else
                {
                    Assert.Equal(0u, BitConverter.SingleToUInt32Bits(g[p]));
                }
            }

            return result;
        }

        private static void AllZero(float[] g) => Assert.All(g, v => Assert.Equal(0u, BitConverter.SingleToUInt32Bits(v)));

        [Fact]
        public void BiSeNetV2_DefaultFraction_NMinIsZeroForFourPixels_KeepsTheLossesAboveTheThreshold()
        {
            // n_min = ⌊4/16⌋ = 0; three losses are above −ln 0.7 = 0.357, and 3 ≥ 0.
            var (r, g) = Run(new OhemSpec(0.7, numClasses: 2, mode: OhemMode.BiSeNetV2), AllValid);
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(3, r.Kept);
            Assert.Equal(0.35667497f, r.Threshold);
            Close((L(0) + L(2) + L(3)) / 3, r.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(g, 3));
        }

        [Fact]
        public void BiSeNetV2_FractionHalf_EnoughAboveKeepsThemAll()
        {
            // n_min = ⌊4 × 0.5⌋ = 2 ≤ 3 above: not the top 2, all three.
            var (r, _) = Run(new OhemSpec(0.7, numClasses: 2, mode: OhemMode.BiSeNetV2, fraction: 0.5), AllValid);
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(3, r.Kept);
        }

        [Fact]
        public void BiSeNetV2_FewerAboveThanNMin_KeepsTheNMinLargest()
        {
            // −ln 0.2 = 1.609: one loss above; n_min = ⌊4 × 0.75⌋ = 3 → the three largest, cut-off ln 2.
            var (r, g) = Run(new OhemSpec(0.2, numClasses: 2, mode: OhemMode.BiSeNetV2, fraction: 0.75), AllValid);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(3, r.Kept);
            Assert.Equal(Loss(2), r.Threshold);
            Close((L(0) + L(2) + L(3)) / 3, r.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(g, 3));
        }

        [Fact]
        public void BiSeNetV2_NMinCountsValidPixelsButTheTopKRunsOverAll()
        {
            // Labels {0, 255, 0, 255}: 2 valid, fraction 1 → n_min = 2; −ln 0.01 = 4.6: nothing above, so the top 2
            // over all four pixels: pixel 0 (2.127) and pixel 2 (ln 2); the ignored ones are zeros.
            var (r, g) = Run(new OhemSpec(0.01, numClasses: 2, mode: OhemMode.BiSeNetV2, fraction: 1), new long[] { 0, 255, 0, 255 });
            Assert.Equal(2, r.ValidPixels);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(2, r.Kept);
            Close((L(0) + L(2)) / 2, r.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(g, 2));

            // Fraction 1 with three ignored: n_min = 1, the top 1 is the valid pixel even with every other key 0.
            var (one, _) = Run(new OhemSpec(0.01, numClasses: 2, mode: OhemMode.BiSeNetV2, fraction: 1), new long[] { 0, 255, 255, 255 });
            Assert.Equal(1, one.Kept);
            Close(L(0), one.Loss);
        }

        [Fact]
        public void BiSeNetV2_AllIgnored_IsNaNWithNothingKept()
        {
            var (r, g) = Run(new OhemSpec(0.7, numClasses: 2, mode: OhemMode.BiSeNetV2), AllIgnored);
            Assert.True(float.IsNaN(r.Loss));
            Assert.Equal(0, r.Kept);
            Assert.Equal(0, r.ValidPixels);
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            AllZero(g);
        }

        [Fact]
        public void BiSeNetV2_K0_NothingAbove_IsNaN()
        {
            // n_min = 0 and −ln 0.01 = 4.6 is above every loss: 0 ≥ 0 takes the empty set of losses above it.
            var (r, g) = Run(new OhemSpec(0.01, numClasses: 2, mode: OhemMode.BiSeNetV2), AllValid);
            Assert.True(float.IsNaN(r.Loss));
            Assert.Equal(0, r.Kept);
            AllZero(g);
        }

        [Fact]
        public void HRNet_MoreThanKAboveTheThreshold_KeepsThemAll()
        {
            // k = min(max(1, 1), 3) = 1; p₍₁₎ = .269 < 0.7, so the threshold is 0.7: p < 0.7 ⇔ loss > 0.357, three pixels.
            var (r, g) = Run(new OhemSpec(0.7, 1, numClasses: 2, mode: OhemMode.HRNet), AllValid);
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(3, r.Kept);
            Close((L(0) + L(2) + L(3)) / 3, r.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(g, 3));

            // NMin = 0 is read as 1 (max(1, min_kept)): the same result.
            var (zero, _) = Run(new OhemSpec(0.7, 0, numClasses: 2, mode: OhemMode.HRNet), AllValid);
            Assert.Equal(r, zero);
        }

        [Fact]
        public void HRNet_ThresholdBelowTheKthProbability_KeepsThePixelsStrictlyBelowIt()
        {
            // k = 2: p₍₂₎ = 0.5 (pixel 2) > 0.2, so the threshold is 0.5 and p < 0.5 keeps pixels 0 and 3 only:
            // the pixel at the cut-off is not kept, so fewer than k + 1 pixels.
            var (r, g) = Run(new OhemSpec(0.2, 2, numClasses: 2, mode: OhemMode.HRNet), AllValid);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(2, r.Kept);
            Assert.Equal(Loss(2), r.Threshold);
            Close((L(0) + L(3)) / 2, r.Loss);
            Assert.Equal(new[] { true, false, false, true }, KeptPixels(g, 2));
        }

        [Fact]
        public void HRNet_MinKeptAtOrAboveTheValidCount_DropsTheEasiestPixel()
        {
            // NMin = 100 ≥ N·H·W is no error here: k = min(100, 4 − 1) = 3, p₍₃₎ = .881 (pixel 1) is the cut-off.
            var (r, g) = Run(new OhemSpec(0.2, 100, numClasses: 2, mode: OhemMode.HRNet), AllValid);
            Assert.Equal(3, r.Kept);
            Close((L(0) + L(2) + L(3)) / 3, r.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(g, 3));
        }

        [Fact]
        public void HRNet_NoValidPixel_IsNaNWithNothingKept()
        {
            // HRNet raises IndexError here; the documented deviation is NaN, kept 0, zero gradient.
            var (r, g) = Run(new OhemSpec(0.7, 10, numClasses: 2, mode: OhemMode.HRNet), AllIgnored);
            Assert.True(float.IsNaN(r.Loss));
            Assert.Equal(0, r.Kept);
            Assert.True(float.IsNaN(r.Threshold));
            AllZero(g);
        }

        [Fact]
        public void HRNet_OneValidPixel_KeptOnlyWhenHard()
        {
            // k = min(max(1, 10), 0) = 0: the threshold is max(p, Thresh), and p < max(p, Thresh) only when p < Thresh.
            var labels = new long[] { 0, 255, 255, 255 };
            var (easy, easyGrad) = Run(new OhemSpec(0.01, 10, numClasses: 2, mode: OhemMode.HRNet), labels);
            Assert.True(float.IsNaN(easy.Loss));
            Assert.Equal(0, easy.Kept);
            AllZero(easyGrad);

            var (hard, hardGrad) = Run(new OhemSpec(0.7, 10, numClasses: 2, mode: OhemMode.HRNet), labels);
            Assert.Equal(OhemRule.AboveThreshold, hard.Rule);
            Assert.Equal(1, hard.Kept);
            Close(L(0), hard.Loss);
            Assert.Equal(new[] { true, false, false, false }, KeptPixels(hardGrad, 1));
        }

        [Fact]
        public void HRNet_TiesAtTheCutOff_AreNeverKept_SoFewerThanK()
        {
            // 1×3×1×6, labels 0. Pixels 0 and 1: logits (0, 2, 0), loss ln(2 + e²); pixels 2–5: logits 0, loss ln 3.
            // NMin = 3, −ln 0.01 = 4.6 above all: the cut-off is the 4th largest, ln 3, shared by four pixels, and
            // only the two pixels strictly above it are kept, although k = 3.
            var shape = new OhemShape(1, 3, 1, 6);
            var x = new float[18];
            x[6] = 2f;
            x[7] = 2f;
            var labels = new long[6];
            var (r, g) = Run(new OhemSpec(0.01, 3, numClasses: 3, mode: OhemMode.HRNet), labels, x, shape);
            float high = OhemScalarMath.PixelLoss(new[] { 0f, 2f, 0f }, 0);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(2, r.Kept);
            Assert.Equal(OhemScalarMath.PixelLoss(new[] { 0f, 0f, 0f }, 0), r.Threshold);
            Assert.Equal(high, r.Loss); // (high + high) / 2 in fp64, exact
            for (int p = 0; p < 6; ++p)
            {
                Assert.Equal(p < 2, g[p] != 0);
                Assert.Equal(p < 2, g[6 + p] != 0);
            }
        }

        [Fact]
        public void TopKPercent_DefaultFractionOne_IsTheMeanOverAllPixels()
        {
            // k = N·H·W = 4, ignored pixels as zeros: (L0 + L2) / 4 for labels {0, 255, 0, 255}.
            var (r, g) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.TopKPercent), new long[] { 0, 255, 0, 255 });
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(4, r.Kept);
            Close((L(0) + L(2)) / 4, r.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(g, 4));

            var (all, _) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.TopKPercent), AllValid);
            Close((L(0) + L(1) + L(2) + L(3)) / 4, all.Loss);
        }

        [Fact]
        public void TopKPercent_Half_KeepsTheTwoLargest()
        {
            var (r, g) = Run(new OhemSpec(0.9, numClasses: 2, mode: OhemMode.TopKPercent, fraction: 0.5), AllValid);
            Assert.Equal(2, r.Kept);
            Assert.Equal(Loss(3), r.Threshold);
            Close((L(0) + L(3)) / 2, r.Loss);
            Assert.Equal(new[] { true, false, false, true }, KeptPixels(g, 2));
        }

        [Fact]
        public void TopKPercent_K0_IsNaN()
        {
            // k = ⌊0.2 × 4⌋ = 0.
            var (r, g) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.TopKPercent, fraction: 0.2), AllValid);
            Assert.True(float.IsNaN(r.Loss));
            Assert.Equal(0, r.Kept);
            AllZero(g);
        }

        [Fact]
        public void TopKPercent_TiesAtTheCutOff_KeepTheLowestIndices()
        {
            // Ten losses of exactly ln 3, k = ⌊0.4 × 10⌋ = 4: the loss is ln 3 exactly and pixels 0–3 get the gradient.
            var shape = new OhemShape(1, 3, 2, 5);
            var (r, g) = Run(new OhemSpec(numClasses: 3, mode: OhemMode.TopKPercent, fraction: 0.4), new long[10], new float[30], shape);
            Assert.Equal(4, r.Kept);
            Assert.Equal(OhemScalarMath.PixelLoss(new[] { 0f, 0f, 0f }, 0), r.Loss);
            Assert.Equal(Enumerable.Range(0, 10).Select(p => p < 4), Enumerable.Range(0, 10).Select(p => g[p] != 0));
        }
    }
}
