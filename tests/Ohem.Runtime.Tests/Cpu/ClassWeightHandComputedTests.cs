using System;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// Class weights (PyTorch's weight=: loss'ᵢ = w[yᵢ]·lossᵢ) per mode family, by hand. C = 2, four pixels, class-0 logits
    /// 0, class-1 logits a = {2, −2, 0, 1}, labels {0, 0, 1, 1}, so loss = {softplus(2), softplus(−2), ln 2, softplus(−1)}
    /// = {2.127, 0.127, 0.693, 0.313}, true-class probabilities {.119, .881, .5, .731}. Weights {1, 4} give weighted losses
    /// {2.127, 0.127, 2.773, 1.253}: pixel 3 is easy by probability but hard by weighted loss, and pixel 2 is the
    /// largest weighted loss but not the largest loss, so every assertion below tells the two readings apart.
    /// </summary>
    public sealed class ClassWeightHandComputedTests
    {
        private static readonly float[] A = { 2f, -2f, 0f, 1f };
        private static readonly long[] Labels = { 0, 0, 1, 1 };
        private static readonly double[] W = { 1, 4 };

        private static double L(int p) => Math.Log(1 + Math.Exp(Labels[p] == 0 ? A[p] : -A[p]));

        /// <summary>The weighted loss of pixel p.</summary>
        private static double Lw(int p) => W[Labels[p]] * L(p);

        private static double Paddle(long kept) => kept + (1e-5 * 4);

        private static void Close(double expected, float actual) =>
            Assert.True(Math.Abs(actual - expected) <= 1e-6 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

        private static (OhemResult Result, float[] Gradient) Run(OhemSpec spec, long[]? labels = null)
        {
            labels ??= Labels;
            var shape = new OhemShape(1, 2, 1, 4);
            float[] x = { 0f, 0f, 0f, 0f, A[0], A[1], A[2], A[3] };
            using var engine = new CpuOhemEngine(spec, 2);
            OhemResult r = engine.Forward<float, long>(x, labels, shape);
            var g = new float[shape.Logits];
            g.AsSpan().Fill(float.NaN);
            engine.Backward<float, long>(x, labels, shape, g);
            return (r, g);
        }

        /// <summary>Which pixels got a gradient; each must be w[y]·(softmax − onehot) / divisor.</summary>
        private static bool[] KeptPixels(float[] g, double divisor, double[] weights)
        {
            var kept = new bool[4];
            for (int p = 0; p < 4; ++p)
            {
                kept[p] = g[4 + p] != 0 || g[p] != 0;
                double sigma = 1 / (1 + Math.Exp(-A[p]));
                double w = weights[Labels[p]];
                double g1 = kept[p] ? w * (sigma - (Labels[p] == 1 ? 1 : 0)) / divisor : 0;
                double g0 = kept[p] ? w * ((1 - sigma) - (Labels[p] == 0 ? 1 : 0)) / divisor : 0;
                Assert.True(Math.Abs(g[4 + p] - g1) < 1e-7, $"pixel {p} class 1: {g[4 + p]:R}, expected {g1:R}");
                Assert.True(Math.Abs(g[p] - g0) < 1e-7, $"pixel {p} class 0: {g[p]:R}, expected {g0:R}");
            }

            return kept;
        }

        private static OhemSpec Spec(double thresh, long nMin, OhemMode mode, double fraction = 0, bool averageOverValid = false, double[]? weights = null) =>
            new OhemSpec(thresh, nMin, numClasses: 2, mode: mode, fraction: fraction, averageOverValid: averageOverValid, classWeights: weights ?? W).EnsureValid();

        [Fact]
        public void BiSeNetV1_SelectsOnTheWeightedLoss()
        {
            // τ = .357: weighted losses above it are pixels 0, 2, 3 (unweighted: only 0 and 2); 3 > NMin 1, so their mean.
            var (r, g) = Run(Spec(0.7, 1, OhemMode.BiSeNetV1));
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(3, r.Kept);
            Close((Lw(0) + Lw(2) + Lw(3)) / 3, r.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(g, 3, W));
        }

        [Fact]
        public void BiSeNetV1_TopNMinIsTheLargestWeightedLoss()
        {
            // Thresh .05 (τ = 3.0): nothing above it, so the single largest weighted loss: pixel 2 (4 ln 2), not pixel 0.
            var (r, g) = Run(Spec(0.05, 1, OhemMode.BiSeNetV1));
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(1, r.Kept);
            Assert.Equal((float)(0.6931472f * 4f), r.Threshold, 6);
            Close(Lw(2), r.Loss);
            Assert.Equal(new[] { false, false, true, false }, KeptPixels(g, 1, W));
        }

        [Fact]
        public void BiSeNetV2_ZeroWeightRemovesAClass()
        {
            // Weights {0, 4}: class-0 pixels weigh 0. n_min = ⌊4 × .5⌋ = 2 and two weighted losses (pixels 2, 3) are above τ.
            var zero = new double[] { 0, 4 };
            var (r, g) = Run(Spec(0.7, 0, OhemMode.BiSeNetV2, fraction: 0.5, weights: zero));
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(2, r.Kept);
            Close((4 * L(2) + 4 * L(3)) / 2, r.Loss);
            Assert.Equal(new[] { false, false, true, true }, KeptPixels(g, 2, zero));
        }

        [Fact]
        public void TopKPercent_MeanOfTheLargestWeightedLosses()
        {
            // k = ⌊.5 × 4⌋ = 2: pixels 2 and 0 by weighted loss.
            var (r, g) = Run(Spec(0.7, 0, OhemMode.TopKPercent, fraction: 0.5));
            Assert.Equal(2, r.Kept);
            Close((Lw(2) + Lw(0)) / 2, r.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(g, 2, W));
        }

        [Fact]
        public void HRNet_SelectsOnProbability_AveragesWeightedLosses()
        {
            // k = 1, p₍₁₎ = .5 < .7: θ = .7 keeps pixels 0 and 2 (pixel 3, p = .731, stays out although its weighted
            // loss 1.25 is above τ). The mean of their weighted losses over the kept count 2, not over Σw = 5.
            var (r, g) = Run(Spec(0.7, 1, OhemMode.HRNet));
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(2, r.Kept);
            Close((Lw(0) + Lw(2)) / 2, r.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(g, 2, W));
        }

        [Fact]
        public void HRNet_OrderStatistic_WeightedSumOverTheRadixSelection()
        {
            // Thresh .3, k = 2: θ = p₍₂₎ = .731 (pixel 3), strictly below it: pixels 0 and 2. The cut-off is pixel 3's
            // unweighted loss; the sum is the weighted one.
            var (r, g) = Run(Spec(0.3, 2, OhemMode.HRNet));
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(2, r.Kept);
            Assert.Equal(OhemScalarMath.PixelLoss(new[] { 0f, A[3] }, 1), r.Threshold);
            Close((Lw(0) + Lw(2)) / 2, r.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(g, 2, W));
        }

        [Fact]
        public void MMSeg_WeightedSumOverAllPixels()
        {
            // The HRNet selection (k = min(2 × 1, 3) = 2), the weighted kept sum over N·H·W = 4.
            var (r, g) = Run(Spec(0.3, 2, OhemMode.MMSegSampler));
            Assert.Equal(2, r.Kept);
            Close((Lw(0) + Lw(2)) / 4, r.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(g, 4, W));
        }

        [Fact]
        public void MMSeg_AverageOverValid_StillDividesByTheValidCount()
        {
            // mmseg 0.x semantics (see docs/modes.md): valid + FLT_EPSILON, not Σ w over the valid pixels.
            double divisor = 4 + Math.Pow(2, -23);
            var (r, g) = Run(Spec(0.7, 1, OhemMode.MMSegSampler, averageOverValid: true));
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(2, r.Kept);
            Close((Lw(0) + Lw(2)) / divisor, r.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(g, divisor, W));
        }

        [Fact]
        public void PaddleSeg_Mining_WeightedSumOverKeptPlusEps()
        {
            // Thresh .3, min_kept 3: θ = p at index 2 = .731, strictly below: pixels 0 and 2; ÷ (2 + 1e-5·4), the count.
            var (r, g) = Run(Spec(0.3, 3, OhemMode.PaddleSeg));
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(2, r.Kept);
            Close((Lw(0) + Lw(2)) / Paddle(2), r.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(g, Paddle(2), W));
        }

        [Fact]
        public void PaddleSeg_ThresholdWins_WeightedSum()
        {
            var (r, g) = Run(Spec(0.7, 2, OhemMode.PaddleSeg));
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(2, r.Kept);
            Close((Lw(0) + Lw(2)) / Paddle(2), r.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(g, Paddle(2), W));
        }

        [Fact]
        public void PaddleSeg_NoMining_EveryValidPixelWeighted()
        {
            // min_kept 0: no mining. Pixel 1 ignored: the three valid weighted losses over 3 + 1e-5·4.
            var (r, g) = Run(Spec(0.01, 0, OhemMode.PaddleSeg), new long[] { 0, 255, 1, 1 });
            Assert.Equal(3, r.Kept);
            Close((Lw(0) + Lw(2) + Lw(3)) / Paddle(3), r.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(g, Paddle(3), W));
        }

        [Theory]
        [InlineData(OhemMode.BiSeNetV1)]
        [InlineData(OhemMode.BiSeNetV2)]
        [InlineData(OhemMode.HRNet)]
        [InlineData(OhemMode.TopKPercent)]
        [InlineData(OhemMode.MMSegSampler)]
        [InlineData(OhemMode.PaddleSeg)]
        [InlineData(OhemMode.MMSegByLoss)]
        [InlineData(OhemMode.DeepLabTF)]
        [InlineData(OhemMode.ModelGarden)]
        [InlineData(OhemMode.TorchSeg)]
        public void UnitWeights_AreTheUnweightedLoss(OhemMode mode)
        {
            // A batch large enough for the vector code, with ignored pixels and both rules reachable.
            const int n = 2, c = 5, h = 37, w = 29;
            var shape = new OhemShape(n, c, h, w);
            var rng = new Random(12345 + (int)mode);
            var x = new float[shape.Logits];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = (float)(rng.NextDouble() * 6 - 3);
            }

            var y = new long[shape.Pixels];
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = rng.Next(10) == 0 ? 255 : rng.Next(c);
            }

            foreach (var (thresh, nMin) in new[] { (0.7, 100L), (0.2, 1000L), (0.05, 0L) })
            {
                double fraction = mode == OhemMode.TopKPercent || mode == OhemMode.DeepLabTF || mode == OhemMode.ModelGarden ? 0.3 : 0;
                var plain = new OhemSpec(thresh, nMin, numClasses: c, mode: mode, fraction: fraction);
                var ones = new OhemSpec(thresh, nMin, numClasses: c, mode: mode, fraction: fraction, classWeights: new double[] { 1, 1, 1, 1, 1 });
                var (r0, g0) = Forward(plain, x, y, shape);
                var (r1, g1) = Forward(ones, x, y, shape);
                Assert.Equal(r0.Kept, r1.Kept);
                Assert.Equal(r0.Rule, r1.Rule);
                Assert.Equal(r0.Threshold, r1.Threshold);
                if (ones.SelectsOnWeightedLoss)
                {
                    Assert.Equal(BitConverter.SingleToUInt32Bits(r0.Loss), BitConverter.SingleToUInt32Bits(r1.Loss));
                }
                else
                {
                    Assert.True(Math.Abs(r0.Loss - r1.Loss) <= 1e-6 * Math.Abs(r0.Loss), $"{r0.Loss:R} vs {r1.Loss:R}");
                }

                Assert.Equal(g0, g1);
            }
        }

        [Fact]
        public void Weights_ScaleTheGradientPerClass()
        {
            // BiSeNetV1's top 20 (Thresh 1e-6, τ = 13.8, is above every weighted loss here): doubling every weight keeps
            // the order, so the same pixels, and doubles the loss and every gradient exactly (×2 is exact in float32 and fp64).
            var shape = new OhemShape(1, 3, 5, 7);
            var rng = new Random(7);
            var x = new float[shape.Logits];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = (float)(rng.NextDouble() * 4 - 2);
            }

            var y = new long[shape.Pixels];
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = rng.Next(3);
            }

            var (r1, g1) = Forward(new OhemSpec(1e-6, 20, numClasses: 3, classWeights: new[] { 0.5, 1.5, 0.25 }), x, y, shape);
            var (r2, g2) = Forward(new OhemSpec(1e-6, 20, numClasses: 3, classWeights: new[] { 1.0, 3.0, 0.5 }), x, y, shape);
            Assert.Equal(OhemRule.TopNMin, r1.Rule);
            Assert.Equal(20, r1.Kept);
            Assert.Equal(r1.Loss * 2, r2.Loss);
            Assert.Contains(g1, v => v != 0);
            for (int i = 0; i < g1.Length; i++)
            {
                Assert.Equal(g1[i] * 2, g2[i]);
            }
        }

        private static (OhemResult, float[]) Forward(OhemSpec spec, float[] x, long[] y, OhemShape shape)
        {
            using var engine = new CpuOhemEngine(spec, 2);
            var r = engine.Forward<float, long>(x, y, shape);
            var g = new float[shape.Logits];
            engine.Backward<float, long>(x, y, shape, g);
            return (r, g);
        }
    }
}
