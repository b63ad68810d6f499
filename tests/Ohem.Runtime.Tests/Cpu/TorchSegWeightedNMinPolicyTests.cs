using System;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// Weighted TorchSeg (Σ w·ℓ / Σ w over the kept pixels) with NMinPolicy, by hand. As in LaterModeClassWeightTests:
    /// C = 2, class-0 logits 0 and class-1 logits a = {2, −2, 0, 1}, labels {0, 0, 1, 1}, weights {1, 4}; losses
    /// {2.127, .127, .693, .313}, probabilities {.119, .881, .5, .731}.
    /// </summary>
    public sealed class TorchSegWeightedNMinPolicyTests
    {
        private static readonly float[] A = { 2f, -2f, 0f, 1f };
        private static readonly double[] W = { 1, 4 };

        private static double L(int p, long label) => Math.Log(1 + Math.Exp(label == 0 ? A[p] : -A[p]));

        private static OhemSpec Spec(double thresh, long nMin, OhemNMinPolicy policy, OhemScope scope = OhemScope.PerBatch, double[]? weights = null, OhemReduction reduction = OhemReduction.Default) =>
            new OhemSpec(thresh, nMin, numClasses: 2, mode: OhemMode.TorchSeg, classWeights: weights ?? W, scope: scope, nMinPolicy: policy, reduction: reduction).EnsureValid();

        private static OhemShape Shape(bool twoImages) => twoImages ? new OhemShape(2, 2, 1, 2) : new OhemShape(1, 2, 1, 4);

        private static float[] Logits(bool twoImages) => twoImages
            ? new[] { 0f, 0f, A[0], A[1], 0f, 0f, A[2], A[3] }
            : new[] { 0f, 0f, 0f, 0f, A[0], A[1], A[2], A[3] };

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

        [Fact]
        public void Clamp_MinesAtTheValidCount_WithTheWeightedMean()
        {
            // min_kept 5 > 4 valid. Default: no mining; Clamp: k = 4, θ = max(p₍₃₎ = .881, .3), inclusive: all four as well,
            // (ℓ0 + ℓ1 + 4ℓ2 + 4ℓ3) / (1 + 1 + 4 + 4), bit for bit the default's, gradient included.
            long[] labels = { 0, 0, 1, 1 };
            var (d, dg) = Run(Spec(0.3, 5, OhemNMinPolicy.Default), labels);
            var (c, cg) = Run(Spec(0.3, 5, OhemNMinPolicy.Clamp), labels);
            Assert.Equal(4, c.Kept);
            Assert.Equal(OhemRule.TopNMin, c.Rule);
            Close((L(0, 0) + L(1, 0) + (4 * L(2, 1)) + (4 * L(3, 1))) / 10, c.Loss);
            Assert.Equal(BitConverter.SingleToInt32Bits(d.Loss), BitConverter.SingleToInt32Bits(c.Loss));
            Assert.Equal(dg, cg);
            // Pixel 2 (class 1, weight 4): 4·(σ(0) − 1) / 10.
            Assert.True(Math.Abs(cg[6] - (4 * (0.5 - 1) / 10)) < 1e-7, $"{cg[6]:R}");

            // min_kept ≤ valid: Clamp changes nothing; Thresh .3, NMin 3 keeps pixels 0, 2, 3 over Σ w = 9.
            var (m, _) = Run(Spec(0.3, 3, OhemNMinPolicy.Clamp), labels);
            Assert.Equal(3, m.Kept);
            Close((L(0, 0) + (4 * L(2, 1)) + (4 * L(3, 1))) / 9, m.Loss);
        }

        [Fact]
        public void Throw_WhenMinKeptExceedsTheValidCount_OfTheBatch()
        {
            long[] labels = { 0, 0, 1, 255 };
            using var engine = new CpuOhemEngine(Spec(0.7, 4, OhemNMinPolicy.Throw), 1);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => engine.Forward<float, long>(Logits(false), labels, Shape(false)));
            Assert.Equal("nMin", e.ParamName);
            Assert.StartsWith("NMin = 4 is more than the 3 valid pixels of this batch, the candidates of Mode torchseg, and NMinPolicy = Throw.", e.Message);

            // min_kept = valid mines at the last probability: every valid pixel, (ℓ0 + ℓ1 + 4ℓ2) / 6.
            var (r, _) = Run(Spec(0.01, 3, OhemNMinPolicy.Throw), labels);
            Assert.Equal(3, r.Kept);
            Close((L(0, 0) + L(1, 0) + (4 * L(2, 1))) / 6, r.Loss);
        }

        [Fact]
        public void Throw_PerImage_NamesTheImage()
        {
            // Image 0 = pixels 0, 1 (both valid), image 1 = pixels 2, 3 with pixel 3 ignored: NMin 2 > 1 valid in image 1.
            long[] labels = { 0, 0, 1, 255 };
            using var engine = new CpuOhemEngine(Spec(0.7, 2, OhemNMinPolicy.Throw, OhemScope.PerImage), 1);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => engine.Forward<float, long>(Logits(true), labels, Shape(true)));
            Assert.Equal("nMin", e.ParamName);
            Assert.Contains("valid pixels of image 1 (of 2", e.Message);
        }
    
        [Fact]
        public void Sum_IsTheWeightedSum_WithTheGradientScaledByG()
        {
            long[] labels = { 0, 0, 1, 1 };
            // Order statistic (Thresh .3, NMin 3): pixels 0, 2, 3, ℓ0 + 4ℓ2 + 4ℓ3, no Σ w = 9 divisor.
            var (r, g) = Run(Spec(0.3, 3, OhemNMinPolicy.Default, reduction: OhemReduction.Sum), labels);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(3, r.Kept);
            Close(L(0, 0) + (4 * L(2, 1)) + (4 * L(3, 1)), r.Loss);
            // Pixel 2 (class 1, weight 4): 4·(σ(0) − 1); pixel 0 (class 0, weight 1): (1 − σ(2)) − 1; pixel 1 not kept.
            Assert.True(Math.Abs(g[6] - (4 * (0.5 - 1))) < 1e-6, $"{g[6]:R}");
            Assert.True(Math.Abs(g[0] - ((1 - (1 / (1 + Math.Exp(-2)))) - 1)) < 1e-6, $"{g[0]:R}");
            Assert.Equal(0f, g[1]);
            Assert.Equal(0f, g[5]);

            // Threshold rule (Thresh .6, NMin 1): pixels 0 and 2, ℓ0 + 4ℓ2.
            var (a, _) = Run(Spec(0.6, 1, OhemNMinPolicy.Default, reduction: OhemReduction.Sum), labels);
            Assert.Equal(OhemRule.AboveThreshold, a.Rule);
            Close(L(0, 0) + (4 * L(2, 1)), a.Loss);

            // Every kept weight 0 (weights {0, 4}, Thresh .2, NMin 1: only pixel 0): the sum is 0 where the mean is NaN.
            var (z, zg) = Run(Spec(0.2, 1, OhemNMinPolicy.Default, weights: new double[] { 0, 4 }, reduction: OhemReduction.Sum), labels);
            Assert.Equal(1, z.Kept);
            Assert.Equal(0f, z.Loss);
            Assert.All(zg, v => Assert.Equal(0f, v));

            // No valid pixel: the sum over nothing is 0 (the mean's NaN), no gradient.
            var (e, eg) = Run(Spec(0.7, 1, OhemNMinPolicy.Default, reduction: OhemReduction.Sum), new long[] { 255, 255, 255, 255 });
            Assert.Equal(0, e.Kept);
            Assert.Equal(0f, e.Loss);
            Assert.All(eg, v => Assert.Equal(0f, v));
        }
    }
}
