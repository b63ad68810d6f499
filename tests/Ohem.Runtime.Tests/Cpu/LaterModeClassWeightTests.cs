using System;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// Class weights with modes 6–9, by hand. C = 2, four pixels with class-0 logits 0 and class-1 logits a, so a pixel's
    /// loss is softplus(±a) and its true-class probability a sigmoid. The default a = {2, −2, 0, 1} with labels {0, 0, 1, 1}
    /// gives losses {2.127, .127, .693, .313}, probabilities {.119, .881, .5, .731} and, with weights {1, 4}, weighted losses
    /// {2.127, .127, 2.773, 1.253}: the largest weighted loss (pixel 2) is not the largest loss (pixel 0), so each case
    /// tells the weighted reading from the unweighted one, and TorchSeg's Σw divisor from a kept count.
    /// </summary>
    public sealed class LaterModeClassWeightTests
    {
        private static readonly float[] DefaultA = { 2f, -2f, 0f, 1f };
        private static readonly long[] DefaultLabels = { 0, 0, 1, 1 };
        private static readonly double[] W = { 1, 4 };
        private static readonly double[] Zero = { 0, 4 };

        private static double L(float a, long label) => Math.Log(1 + Math.Exp(label == 0 ? a : -a));

        private static double L(int p) => L(DefaultA[p], DefaultLabels[p]);

        private static void Close(double expected, float actual) =>
            Assert.True(Math.Abs(actual - expected) <= 1e-6 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

        private static OhemSpec Spec(double thresh, long nMin, OhemMode mode, double[] weights, double fraction = 0, bool averageOverValid = false) =>
            new OhemSpec(thresh, nMin, numClasses: 2, mode: mode, fraction: fraction, averageOverValid: averageOverValid, classWeights: weights).EnsureValid();

        private static (OhemResult Result, float[] Gradient) Run(OhemSpec spec, long[]? labels = null, float[]? a = null)
        {
            labels ??= DefaultLabels;
            a ??= DefaultA;
            var shape = new OhemShape(1, 2, 1, 4);
            float[] x = { 0f, 0f, 0f, 0f, a[0], a[1], a[2], a[3] };
            using var engine = new CpuOhemEngine(spec, 2);
            OhemResult r = engine.Forward<float, long>(x, labels, shape);
            var g = new float[shape.Logits];
            g.AsSpan().Fill(float.NaN);
            engine.Backward<float, long>(x, labels, shape, g);
            return (r, g);
        }

        /// <summary>Checks every gradient against w[y]·(softmax − onehot) / divisor on <paramref name="kept"/>, 0 elsewhere.</summary>
        private static void Gradient(float[] g, bool[] kept, double divisor, double[] weights, long[]? labels = null, float[]? a = null)
        {
            labels ??= DefaultLabels;
            a ??= DefaultA;
            for (int p = 0; p < 4; ++p)
            {
                double sigma = 1 / (1 + Math.Exp(-a[p]));
                double w = kept[p] ? weights[labels[p]] : 0;
                double g1 = w * (sigma - (labels[p] == 1 ? 1 : 0)) / divisor;
                double g0 = w * ((1 - sigma) - (labels[p] == 0 ? 1 : 0)) / divisor;
                Assert.True(Math.Abs(g[4 + p] - g1) < 1e-7, $"pixel {p} class 1: {g[4 + p]:R}, expected {g1:R}");
                Assert.True(Math.Abs(g[p] - g0) < 1e-7, $"pixel {p} class 0: {g[p]:R}, expected {g0:R}");
            }
        }

        [Fact]
        public void MMSegByLoss_TopKOfTheWeightedLosses_OverAllPixels()
        {
            // k = min(1 × N, 4) = 1: the largest weighted loss, pixel 2 (unweighted it would be pixel 0), over M = 4.
            var (r, g) = Run(Spec(0.7, 1, OhemMode.MMSegByLoss, W));
            Assert.Equal(1, r.Kept);
            Assert.Equal((float)(0.6931472f * 4f), r.Threshold, 6);
            Close(4 * L(2) / 4, r.Loss);
            Gradient(g, new[] { false, false, true, false }, 4, W);
        }

        [Fact]
        public void MMSegByLoss_ZeroWeightPixelsFillTheTopKAsZeros()
        {
            // Weights {0, 4}, k = 3: weighted {0, 0, 2.77, 1.25}; the third slot is a zero (pixel 0 by rank), which
            // adds nothing and gets no gradient (weight 0). mmseg counts it among its 3 kept weights.
            var (r, g) = Run(Spec(0.7, 3, OhemMode.MMSegByLoss, Zero));
            Assert.Equal(3, r.Kept);
            Assert.Equal(0f, r.Threshold);
            Close((4 * L(2) + 4 * L(3)) / 4, r.Loss);
            Gradient(g, new[] { true, false, true, true }, 4, Zero);
        }

        [Fact]
        public void MMSegByLoss_AverageOverValid_IgnoredPixel()
        {
            // Pixel 3 ignored: valid 3, k = 2: pixels 2 and 0 by weighted loss, over 3 + ε.
            long[] labels = { 0, 0, 1, 255 };
            var (r, g) = Run(Spec(0.7, 2, OhemMode.MMSegByLoss, W, averageOverValid: true), labels);
            Assert.Equal(2, r.Kept);
            Assert.Equal(3, r.ValidPixels);
            double divisor = 3 + OhemCudaEmitter.MMSegEpsilon;
            Close((L(0) + 4 * L(2)) / divisor, r.Loss);
            Gradient(g, new[] { true, false, true, false }, divisor, W, labels);
        }

        [Fact]
        public void DeepLabTF_TopKOfTheWeightedLosses()
        {
            // k = int(.25f × 4f) = 1: pixel 2 by weighted loss, one non-zero loss.
            var (r, g) = Run(Spec(0.7, 0, OhemMode.DeepLabTF, W, fraction: 0.25));
            Assert.Equal(1, r.Kept);
            Close(4 * L(2), r.Loss);
            Gradient(g, new[] { false, false, true, false }, 1, W);
        }

        [Fact]
        public void DeepLabTF_ZeroWeightPixelsDropOutOfTheNonZeroCount()
        {
            // Weights {0, 4}, k = int(.75f × 4f) = 3: top 3 = {2.77, 1.25, 0}; two are non-zero, so ÷ 2 and kept 2.
            var (r, g) = Run(Spec(0.7, 0, OhemMode.DeepLabTF, Zero, fraction: 0.75));
            Assert.Equal(2, r.Kept);
            Close((4 * L(2) + 4 * L(3)) / 2, r.Loss);
            Gradient(g, new[] { false, false, true, true }, 2, Zero);
        }

        [Fact]
        public void DeepLabTF_FractionOne_DividesByTheValidCount()
        {
            // Weights {0, 4}, fraction 1: TF's Σ ℓ·w over keep_mask's count (4), neither Σw (8) nor the non-zero count (2).
            var (r, g) = Run(Spec(0.7, 0, OhemMode.DeepLabTF, Zero, fraction: 1));
            Assert.Equal(4, r.Kept);
            Close((4 * L(2) + 4 * L(3)) / 4, r.Loss);
            Gradient(g, new[] { true, true, true, true }, 4, Zero);
        }

        [Fact]
        public void ModelGarden_WeightedTopK_OverMinKValidPlusEpsilon()
        {
            // Weights {0, 4}, k = 3: Σ {2.77, 1.25, 0} / (min(3, 4) + 1e-5); the zero counts (unlike DeepLab).
            var (r, g) = Run(Spec(0.7, 0, OhemMode.ModelGarden, Zero, fraction: 0.75));
            Assert.Equal(3, r.Kept);
            double divisor = 3 + 1e-5;
            Close((4 * L(2) + 4 * L(3)) / divisor, r.Loss);
            Gradient(g, new[] { true, false, true, true }, divisor, Zero);
        }

        [Fact]
        public void ModelGarden_FractionOne_IgnoredPixel()
        {
            // Pixel 3 ignored: Σ_V ℓ·w / (3 + 1e-5).
            long[] labels = { 0, 0, 1, 255 };
            var (r, g) = Run(Spec(0.7, 0, OhemMode.ModelGarden, W, fraction: 1), labels);
            Assert.Equal(3, r.Kept);
            double divisor = 3 + 1e-5;
            Close((L(0) + L(1) + 4 * L(2)) / divisor, r.Loss);
            Gradient(g, new[] { true, true, true, false }, divisor, W, labels);
        }

        [Fact]
        public void TorchSeg_ThresholdRule_WeightedMean()
        {
            // Thresh .6, NMin 1: p ≤ .6 holds for pixels 0 (.119) and 2 (.5), at least NMin, so those two (pixel 3's
            // weighted loss 1.25 is above τ but its probability .731 is not below .6). Σ wℓ / Σ w = (ℓ0 + 4ℓ2) / 5, not
            // ÷ 2 (HRNet's |S|).
            var (r, g) = Run(Spec(0.6, 1, OhemMode.TorchSeg, W));
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(2, r.Kept);
            Close((L(0) + 4 * L(2)) / 5, r.Loss);
            Gradient(g, new[] { true, false, true, false }, 5, W);
        }

        [Fact]
        public void TorchSeg_OrderStatistic_WeightedMean()
        {
            // Thresh .3, NMin 3: only pixel 0 has p ≤ .3, so θ = p₍₂₎ = .731 (pixel 3), inclusive: pixels 0, 2, 3.
            // (ℓ0 + 4ℓ2 + 4ℓ3) / 9; the cut-off is pixel 3's unweighted loss.
            var (r, g) = Run(Spec(0.3, 3, OhemMode.TorchSeg, W));
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(3, r.Kept);
            Assert.Equal(OhemScalarMath.PixelLoss(new[] { 0f, 1f }, 1), r.Threshold);
            Close((L(0) + 4 * L(2) + 4 * L(3)) / 9, r.Loss);
            Gradient(g, new[] { true, false, true, true }, 9, W);
        }

        [Fact]
        public void TorchSeg_TiesAtTheCutOffAreAllKept_WithTheirOwnWeights()
        {
            // a = {2, −2, 0, 0}, labels {0, 0, 1, 0}: pixels 2 and 3 both have p = .5 (classes 1 and 0). Thresh .3,
            // NMin 2: θ = p₍₁₎ = .5, inclusive, so pixels 0, 2 and 3: (ℓ0 + 4 ln 2 + ln 2) / (1 + 4 + 1).
            float[] a = { 2f, -2f, 0f, 0f };
            long[] labels = { 0, 0, 1, 0 };
            var (r, g) = Run(Spec(0.3, 2, OhemMode.TorchSeg, W), labels, a);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(3, r.Kept);
            Close((L(2f, 0) + (5 * Math.Log(2))) / 6, r.Loss);
            Gradient(g, new[] { true, false, true, true }, 6, W, labels, a);
        }

        [Fact]
        public void TorchSeg_NoMining_IgnoredPixel()
        {
            // NMin 0: every valid pixel (pixel 3 ignored): (ℓ0 + ℓ1 + 4ℓ2) / 6.
            long[] labels = { 0, 0, 1, 255 };
            var (r, g) = Run(Spec(0.6, 0, OhemMode.TorchSeg, W), labels);
            Assert.Equal(3, r.Kept);
            Close((L(0) + L(1) + 4 * L(2)) / 6, r.Loss);
            Gradient(g, new[] { true, true, true, false }, 6, W, labels);
        }

        [Fact]
        public void TorchSeg_ZeroWeightPixels_CountInKeptButNotInTheDivisor()
        {
            // Weights {0, 4}, Thresh .3, NMin 3: pixels 0, 2, 3 as above; Σw = 0 + 4 + 4.
            var (r, g) = Run(Spec(0.3, 3, OhemMode.TorchSeg, Zero));
            Assert.Equal(3, r.Kept);
            Close((4 * L(2) + 4 * L(3)) / 8, r.Loss);
            Gradient(g, new[] { true, false, true, true }, 8, Zero);
        }

        [Fact]
        public void TorchSeg_EveryKeptWeightZero_IsNaN_AsTorch()
        {
            // Weights {0, 4}, Thresh .2, NMin 1: only pixel 0 (p = .119, weight 0): torch's 0 / 0 = NaN, and its
            // backward -w / Σw gives NaN on that pixel; the others get 0.
            var (r, g) = Run(Spec(0.2, 1, OhemMode.TorchSeg, Zero));
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(1, r.Kept);
            Assert.True(float.IsNaN(r.Loss));
            Assert.True(float.IsNaN(g[0]) && float.IsNaN(g[4]));
            for (int p = 1; p < 4; ++p)
            {
                Assert.Equal(0f, g[p]);
                Assert.Equal(0f, g[4 + p]);
            }
        }

        [Fact]
        public void TorchSeg_NoValidPixel_IsNaN_ZeroGradient()
        {
            var (r, g) = Run(Spec(0.6, 1, OhemMode.TorchSeg, W), new long[] { 255, 255, 255, 255 });
            Assert.Equal(0, r.Kept);
            Assert.True(float.IsNaN(r.Loss));
            Assert.All(g, v => Assert.Equal(0f, v));
        }
    }
}
