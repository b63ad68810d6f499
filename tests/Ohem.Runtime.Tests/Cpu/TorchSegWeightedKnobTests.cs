using System;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// Weighted TorchSeg (Σ w·ℓ / Σ w over the kept pixels) with Comparison = Strict, OnEmpty and Candidates, by hand.
    /// C = 2, class-0 logits 0 and class-1 logits a = {2, −2, 0, 1, 0, 0}, labels {0, 0, 1, 1, 0, 1}, weights {1, 4}:
    /// losses {2.127, .127, ln 2, .313, ln 2, ln 2} (pixels 2, 4, 5 tie bit for bit: both logits 0), probabilities
    /// {.119, .881, .5, .731, .5, .5}, weights per pixel {1, 1, 4, 4, 1, 4}.
    /// </summary>
    public sealed class TorchSegWeightedKnobTests
    {
        private static readonly float[] A = { 2f, -2f, 0f, 1f, 0f, 0f };
        private static readonly long[] Y = { 0, 0, 1, 1, 0, 1 };
        private static readonly double[] W = { 1, 4 };

        private static double L(int p) => Math.Log(1 + Math.Exp(Y[p] == 0 ? A[p] : -A[p]));

        private static OhemSpec Spec(
            double thresh, long nMin, OhemComparison comparison = OhemComparison.Strict, OhemOnEmpty onEmpty = OhemOnEmpty.Default,
            OhemScope scope = OhemScope.PerBatch, double[]? weights = null, OhemReduction reduction = OhemReduction.Default,
            OhemCandidates candidates = OhemCandidates.Default) =>
            new OhemSpec(thresh, nMin, numClasses: 2, mode: OhemMode.TorchSeg, classWeights: weights ?? W, scope: scope, comparison: comparison,
                onEmpty: onEmpty, candidates: candidates, reduction: reduction).EnsureValid();

        /// <summary>One image of 1×6, or two of 1×3 (pixels 0-2 and 3-5).</summary>
        private static OhemShape Shape(bool twoImages) => twoImages ? new OhemShape(2, 2, 1, 3) : new OhemShape(1, 2, 1, 6);

        private static float[] Logits(bool twoImages) => twoImages
            ? new[] { 0f, 0f, 0f, A[0], A[1], A[2], 0f, 0f, 0f, A[3], A[4], A[5] }
            : new[] { 0f, 0f, 0f, 0f, 0f, 0f, A[0], A[1], A[2], A[3], A[4], A[5] };

        private static (OhemResult Result, float[] Gradient) Run(OhemSpec spec, long[] labels, bool twoImages = false)
        {
            OhemShape shape = Shape(twoImages);
            float[] x = Logits(twoImages);
            using var engine = new CpuOhemEngine(spec, 2);
            OhemResult r = engine.Forward<float, long>(x, labels, shape);
            var g = new float[shape.Logits];
            g.AsSpan().Fill(float.NaN);
            engine.Backward<float, long>(x, labels, shape, g);
            return (r, g);
        }

        private static void Close(double expected, float actual) =>
            Assert.True(Math.Abs(actual - expected) <= 1e-6 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

        private static double Sigmoid(double a) => 1 / (1 + Math.Exp(-a));

        [Fact]
        public void Strict_DropsTheTiesAtTheCutOff_FromBothWeightedSums()
        {
            // Thresh .3 (τ = 1.204), NMin 3: one loss above τ, so mining: v = the third largest loss = ln 2, shared by
            // pixels 2, 4, 5. Inclusive keeps p ≤ .5: pixels 0, 2, 4, 5, (ℓ0 + 4 ln 2 + ln 2 + 4 ln 2) / (1 + 4 + 1 + 4).
            // Strict keeps p < .5: pixel 0 alone, w·ℓ0 / w = ℓ0.
            var (inclusive, _) = Run(Spec(0.3, 3, OhemComparison.Default), Y);
            Assert.Equal(4, inclusive.Kept);
            Close((L(0) + (9 * Math.Log(2))) / 10, inclusive.Loss);

            var (strict, g) = Run(Spec(0.3, 3), Y);
            Assert.Equal(OhemRule.TopNMin, strict.Rule);
            Assert.Equal(1, strict.Kept);
            Close(L(0), strict.Loss);
            // Pixel 0 (class 0, weight 1, Σ w = 1): class 0 gets σ(−2) − 1, class 1 σ(2); every tie gets nothing.
            Close(Sigmoid(-2) - 1, g[0]);
            Close(Sigmoid(2), g[6]);
            foreach (int p in new[] { 1, 2, 3, 4, 5 })
            {
                Assert.Equal(0f, g[p]);
                Assert.Equal(0f, g[6 + p]);
            }

            // Reduction = Sum: w·ℓ over the same set.
            var (sum, _) = Run(Spec(0.3, 3, reduction: OhemReduction.Sum), Y);
            Assert.Equal(1, sum.Kept);
            Close(L(0), sum.Loss);

            // The threshold rule (Thresh .6, τ = .511, NMin 1): the forward's ℓ > τ, pixels 0, 2, 4, 5 over their Σ w.
            var (above, _) = Run(Spec(0.6, 1), Y);
            Assert.Equal(OhemRule.AboveThreshold, above.Rule);
            Assert.Equal(4, above.Kept);
            Close((L(0) + (9 * Math.Log(2))) / 10, above.Loss);
        }

        [Fact]
        public void Strict_WithEveryCandidateTied_KeepsNothing_AndOnEmptySetsTheLoss()
        {
            // Pixel 0 ignored: the valid losses are {.127, ln 2, .313, ln 2, ln 2}; NMin 2 mines at v = ln 2, the largest,
            // and strict keeps nothing above it. Σ w·ℓ = Σ w = 0: the mean's own NaN, 0 with Sum; OnEmpty sets it.
            long[] labels = { 255, 0, 1, 1, 0, 1 };
            var (own, ownGradient) = Run(Spec(0.3, 2), labels);
            Assert.Equal((0L, OhemRule.TopNMin), (own.Kept, own.Rule));
            Assert.True(float.IsNaN(own.Loss), $"{own.Loss:R}");
            Assert.All(ownGradient, v => Assert.Equal(0u, BitConverter.SingleToUInt32Bits(v)));

            var (zero, zeroGradient) = Run(Spec(0.3, 2, onEmpty: OhemOnEmpty.Zero), labels);
            Assert.Equal((0L, 0u), (zero.Kept, BitConverter.SingleToUInt32Bits(zero.Loss)));
            Assert.All(zeroGradient, v => Assert.Equal(0u, BitConverter.SingleToUInt32Bits(v)));

            var (sum, _) = Run(Spec(0.3, 2, reduction: OhemReduction.Sum), labels);
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(sum.Loss));
            var (sumNaN, _) = Run(Spec(0.3, 2, onEmpty: OhemOnEmpty.NaN, reduction: OhemReduction.Sum), labels);
            Assert.True(float.IsNaN(sumNaN.Loss), $"{sumNaN.Loss:R}");

            OhemSpec throwing = Spec(0.3, 2, onEmpty: OhemOnEmpty.Throw);
            using var engine = new CpuOhemEngine(throwing, 1);
            var e = Assert.Throws<InvalidOperationException>(() => engine.Forward<float, long>(Logits(false), labels, Shape(false)));
            Assert.Equal($"No pixel was selected: none of the 5 valid pixels (of 6) passed the rule; Mode torchseg with OnEmpty = Throw, spec {throwing.Key}.", e.Message);
        }

        [Fact]
        public void OnEmpty_WithNoValidPixel_IsTheDecideKernelsFix()
        {
            long[] none = { 255, 255, 255, 255, 255, 255 };
            var (zero, g) = Run(Spec(0.7, 2, OhemComparison.Default, OhemOnEmpty.Zero), none);
            Assert.Equal((0L, 0L, 0u), (zero.Kept, zero.ValidPixels, BitConverter.SingleToUInt32Bits(zero.Loss)));
            Assert.All(g, v => Assert.Equal(0u, BitConverter.SingleToUInt32Bits(v)));

            var (nan, _) = Run(Spec(0.7, 2, onEmpty: OhemOnEmpty.NaN, reduction: OhemReduction.Sum), none);
            Assert.True(float.IsNaN(nan.Loss), $"{nan.Loss:R}");

            OhemSpec throwing = Spec(0.7, 2, OhemComparison.Default, OhemOnEmpty.Throw);
            using var engine = new CpuOhemEngine(throwing, 1);
            var e = Assert.Throws<InvalidOperationException>(() => engine.Forward<float, long>(Logits(false), none, Shape(false)));
            Assert.StartsWith("No pixel was selected: 0 valid pixels among the 6; Mode torchseg with OnEmpty = Throw", e.Message);
        }

        [Fact]
        public void WeightSumZero_WithPixelsKept_IsNotEmpty_AndStaysNaN()
        {
            // Weights {0, 4}: strict (Thresh .3, NMin 3) keeps pixel 0 alone, of class 0: Σ w·ℓ = Σ w = 0, PyTorch's
            // 0 / 0 = NaN. One pixel is kept, so OnEmpty does not act: Zero stays NaN, Throw does not throw, and the kept
            // pixel's gradient is w / Σ w = 0 / 0 = NaN as torch's.
            double[] zeroFirst = { 0, 4 };
            foreach (OhemOnEmpty onEmpty in new[] { OhemOnEmpty.Default, OhemOnEmpty.Zero, OhemOnEmpty.Throw })
            {
                var (r, g) = Run(Spec(0.3, 3, onEmpty: onEmpty, weights: zeroFirst), Y);
                Assert.Equal(1, r.Kept);
                Assert.True(float.IsNaN(r.Loss), $"{onEmpty}: {r.Loss:R}");
                Assert.True(float.IsNaN(g[0]) && float.IsNaN(g[6]), $"{onEmpty}: {g[0]:R}, {g[6]:R}");
                Assert.Equal(0f, g[2]);
                Assert.Equal(0f, g[8]);
            }

            // Reduction = Sum: Σ w·ℓ = 0 over the kept pixel, not NaN; its gradient 0·(softmax − onehot) = 0.
            var (sum, sumGradient) = Run(Spec(0.3, 3, onEmpty: OhemOnEmpty.NaN, weights: zeroFirst, reduction: OhemReduction.Sum), Y);
            Assert.Equal((1L, 0u), (sum.Kept, BitConverter.SingleToUInt32Bits(sum.Loss)));
            Assert.All(sumGradient, v => Assert.Equal(0f, v));
        }

        [Fact]
        public void PerImage_EachImageIsABatchOfOne()
        {
            // Image 0 = pixels 0-2 (losses 2.127, .127, ln 2), image 1 = pixels 3-5 (.313, ln 2, ln 2). Thresh .3, NMin 2,
            // strict: image 0 mines at v = ln 2 and keeps pixel 0 (ℓ0); image 1 mines at v = ln 2, the largest, and keeps
            // nothing. Zero: (ℓ0 + 0) / 2, the gradient of pixel 0 over Σ w · N = 2; NaN: NaN; Throw names image 1.
            var (zero, g) = Run(Spec(0.3, 2, onEmpty: OhemOnEmpty.Zero, scope: OhemScope.PerImage), Y, twoImages: true);
            Assert.Equal(1, zero.Kept);
            Close(L(0) / 2, zero.Loss);
            Close((Sigmoid(-2) - 1) / 2, g[0]);
            Close(Sigmoid(2) / 2, g[3]);
            foreach (int i in new[] { 1, 2, 4, 5, 6, 7, 8, 9, 10, 11 })
            {
                Assert.Equal(0f, g[i]);
            }

            var (nan, _) = Run(Spec(0.3, 2, onEmpty: OhemOnEmpty.NaN, scope: OhemScope.PerImage), Y, twoImages: true);
            Assert.True(float.IsNaN(nan.Loss), $"{nan.Loss:R}");

            // Sum: the sum of the image sums, ℓ0 + 0.
            var (sum, _) = Run(Spec(0.3, 2, scope: OhemScope.PerImage, reduction: OhemReduction.Sum), Y, twoImages: true);
            Close(L(0), sum.Loss);

            OhemSpec throwing = Spec(0.3, 2, onEmpty: OhemOnEmpty.Throw, scope: OhemScope.PerImage);
            using var engine = new CpuOhemEngine(throwing, 1);
            var e = Assert.Throws<InvalidOperationException>(() => engine.Forward<float, long>(Logits(true), Y, Shape(true)));
            Assert.Equal($"No pixel was selected in image 1 (of 2; Scope = PerImage selects in each image); Mode torchseg with OnEmpty = Throw, spec {throwing.Key}.", e.Message);
        }

        [Fact]
        public void ValidOnly_IsTorchSegsOwnCandidates_BitForBit()
        {
            // TorchSeg ranks the valid probabilities only: ValidOnly changes the key, not the result or the gradient.
            foreach (var (thresh, nMin, comparison) in new[] { (0.3, 3L, OhemComparison.Default), (0.3, 3L, OhemComparison.Strict), (0.6, 1L, OhemComparison.Default), (0.3, 9L, OhemComparison.Default) })
            {
                OhemSpec own = Spec(thresh, nMin, comparison);
                OhemSpec valid = Spec(thresh, nMin, comparison, candidates: OhemCandidates.ValidOnly);
                Assert.NotEqual(own.Key, valid.Key);
                var (a, ag) = Run(own, Y);
                var (b, bg) = Run(valid, Y);
                Assert.Equal((a.Kept, a.Rule, BitConverter.SingleToInt32Bits(a.Loss)), (b.Kept, b.Rule, BitConverter.SingleToInt32Bits(b.Loss)));
                Assert.Equal(ag, bg);
            }
        }
    }
}
