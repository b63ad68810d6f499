using System;
using System.Linq;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// Every value of every knob on hand-computed batches: C = 2, class-0 logits 0, class-1 logits a, labels 0 unless
    /// 255, so loss = softplus(a) and p = σ(−a). a = −200 gives a loss of exactly 0 (p = 1, the saturated tie of
    /// ohem_anchors.md §4). Each case runs the vector and the scalar code (the pattern is repeated to reach the vector
    /// path) and checks the loss, the kept count and the gradient ∓σ(a)·scale on exactly the kept pixels.
    /// </summary>
    public sealed class KnobHandComputedTests
    {
        private const long I = 255;

        private static double L(float a) => Math.Log(1 + Math.Exp(a));

        private static void Close(double expected, float actual) =>
            Assert.True(Math.Abs(actual - expected) <= 4e-7 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

        private static (OhemResult Result, float[] Gradient) Run(OhemSpec spec, float[] a, long[] labels, bool vectors = true, int images = 1)
        {
            int p = a.Length / images;
            var shape = new OhemShape(images, 2, 1, p);
            var x = new float[2 * a.Length];
            for (int n = 0; n < images; ++n)
            {
                Array.Copy(a, n * p, x, (2 * n * p) + p, p);
            }

            using var engine = new CpuOhemEngine(spec, 2, vectors);
            OhemResult r = engine.Forward<float, long>(x, labels, shape);
            var g = new float[shape.Logits];
            g.AsSpan().Fill(float.NaN);
            engine.Backward<float, long>(x, labels, shape, g);
            // Back to one row per class over the flat pixels.
            var flat = new float[g.Length];
            for (int n = 0; n < images; ++n)
            {
                Array.Copy(g, 2 * n * p, flat, n * p, p);
                Array.Copy(g, (2 * n * p) + p, flat, a.Length + (n * p), p);
            }

            return (r, flat);
        }

        /// <summary>Asserts the gradient: ±σ(a)·scale on the kept pixels (within 1e-7), +0 elsewhere.</summary>
        private static void Gradient(float[] g, float[] a, bool[] kept, double scale)
        {
            int m = a.Length;
            for (int p = 0; p < m; ++p)
            {
                if (kept[p])
                {
                    double sigma = 1 / (1 + Math.Exp(-a[p]));
                    Assert.True(Math.Abs(g[m + p] - (sigma * scale)) < 1e-7, $"pixel {p}: {g[m + p]:R}");
                    Assert.True(Math.Abs(g[p] + (sigma * scale)) < 1e-7, $"pixel {p}: {g[p]:R}");
                }
                else
                {
                    Assert.Equal(0u, BitConverter.SingleToUInt32Bits(g[m + p]));
                    Assert.Equal(0u, BitConverter.SingleToUInt32Bits(g[p]));
                }
            }
        }

        private static T[] Repeat<T>(T[] pattern, int times) => Enumerable.Range(0, times).SelectMany(_ => pattern).ToArray();

        private static bool[] Mask(int length, params int[] kept)
        {
            var mask = new bool[length];
            foreach (int p in kept)
            {
                mask[p] = true;
            }

            return mask;
        }

        // ---- Comparison ----

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void BiSeNetV1_Inclusive_KeepsLossesEqualToTheThreshold_ButNeverIgnoredPixels(bool vectors)
        {
            // Thresh = 1: τ = 0. Pattern a = {2, −200, −200, 1, 0, 0, 0, 0}, labels {0, 0, 0, 0, 255 ×4}, twice (16 px).
            // Strict: ℓ > 0 are pixels 0 and 3 of each copy, 4 > NMin = 1, their mean. Inclusive: ℓ ≥ 0 over the valid
            // pixels only, 8 of them (the 8 ignored zeros do not count although 0 ≥ 0): the same sum over 8.
            float[] a = Repeat(new[] { 2f, -200f, -200f, 1f, 0f, 0f, 0f, 0f }, 2);
            long[] y = Repeat(new[] { 0L, 0, 0, 0, I, I, I, I }, 2);
            double total = 2 * (L(2) + L(1));

            var (strict, gs) = Run(new OhemSpec(1.0, 1, numClasses: 2, comparison: OhemComparison.Strict), a, y, vectors);
            Assert.Equal(OhemRule.AboveThreshold, strict.Rule);
            Assert.Equal(4, strict.Kept);
            Close(total / 4, strict.Loss);
            Gradient(gs, a, Mask(16, 0, 3, 8, 11), 0.25);

            var (inclusive, gi) = Run(new OhemSpec(1.0, 1, numClasses: 2, comparison: OhemComparison.Inclusive), a, y, vectors);
            Assert.Equal(OhemRule.AboveThreshold, inclusive.Rule);
            Assert.Equal(8, inclusive.Kept);
            Close(total / 8, inclusive.Loss);
            // The saturated pixels are kept, but their gradient σ(−200) is 0 in float32.
            Gradient(gi, a, Mask(16, 0, 3, 8, 11), 0.125);
        }

        [Fact]
        public void BiSeNetV1_StrictIsTheDefault_BitForBit()
        {
            float[] a = { 2f, -2f, 0f, 1f };
            long[] y = { 0, 0, 0, 0 };
            var (d, gd) = Run(new OhemSpec(0.6, 1, numClasses: 2), a, y);
            var (s, gs) = Run(new OhemSpec(0.6, 1, numClasses: 2, comparison: OhemComparison.Strict, reduction: OhemReduction.Mean, candidates: OhemCandidates.AllPixels), a, y);
            Assert.Equal(d.Loss, s.Loss);
            Assert.Equal(d.Kept, s.Kept);
            Assert.Equal(gd, gs);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void HRNet_Inclusive_KeepsEveryTieAtTheCutOff(bool vectors)
        {
            // a = {1, 1, 1, −2} ×2 (8 px), Thresh .1 (τ = 2.30, nothing above). NMin 1: p ascending .269 ×6, .881 ×2,
            // p₍₁₎ = .269 > .1 so θ = .269. Strict p < θ keeps nothing (NaN); inclusive p ≤ θ keeps the six ties.
            float[] a = Repeat(new[] { 1f, 1f, 1f, -2f }, 2);
            long[] y = new long[8];
            var (strict, gs) = Run(new OhemSpec(0.1, 1, numClasses: 2, mode: OhemMode.HRNet), a, y, vectors);
            Assert.Equal(0, strict.Kept);
            Assert.True(float.IsNaN(strict.Loss));
            Gradient(gs, a, new bool[8], 0);

            var (inclusive, gi) = Run(new OhemSpec(0.1, 1, numClasses: 2, mode: OhemMode.HRNet, comparison: OhemComparison.Inclusive), a, y, vectors);
            Assert.Equal(OhemRule.TopNMin, inclusive.Rule);
            Assert.Equal(6, inclusive.Kept);
            Close(L(1), inclusive.Loss);
            Gradient(gi, a, Mask(8, 0, 1, 2, 4, 5, 6), 1.0 / 6);
        }

        [Fact]
        public void HRNet_Inclusive_CutOffAtZero_KeepsEveryValidPixelAndNoIgnoredOne()
        {
            // a = {2, −200, −200, 1, 0, 0}, two ignored. NMin 2: k = 2, p ascending .119, .269, 1, 1 → θ = 1. Strict keeps
            // p < 1 (pixels 0, 3); inclusive p ≤ 1 keeps all 4 valid pixels (the ignored zeros tie at the cut-off key 0).
            float[] a = { 2f, -200f, -200f, 1f, 0f, 0f };
            long[] y = { 0, 0, 0, 0, I, I };
            var (strict, _) = Run(new OhemSpec(0.7, 2, numClasses: 2, mode: OhemMode.HRNet), a, y);
            Assert.Equal(2, strict.Kept);
            Close((L(2) + L(1)) / 2, strict.Loss);

            var (inclusive, g) = Run(new OhemSpec(0.7, 2, numClasses: 2, mode: OhemMode.HRNet, comparison: OhemComparison.Inclusive), a, y);
            Assert.Equal(4, inclusive.Kept);
            Assert.Equal(0f, inclusive.Threshold);
            Close((L(2) + L(1)) / 4, inclusive.Loss);
            Gradient(g, a, Mask(6, 0, 3), 0.25);
        }

        [Fact]
        public void HRNet_Inclusive_ThresholdWins_KeepsLossesAtOrAboveIt()
        {
            // Thresh .7, NMin 1 on a = {2, −2, 0, 1}: p₍₁₎ = .269 ≤ .7, so θ = .7: the same 3 pixels either way (no ties).
            float[] a = { 2f, -2f, 0f, 1f };
            long[] y = new long[4];
            var (r, g) = Run(new OhemSpec(0.7, 1, numClasses: 2, mode: OhemMode.HRNet, comparison: OhemComparison.Inclusive), a, y);
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(3, r.Kept);
            Close((L(2) + L(0) + L(1)) / 3, r.Loss);
            Gradient(g, a, Mask(4, 0, 2, 3), 1.0 / 3);
        }

        [Fact]
        public void MMSeg_Inclusive_KeepsTheTies_DividesByAllPixels()
        {
            float[] a = { 1f, 1f, 1f, -2f };
            long[] y = new long[4];
            var (strict, _) = Run(new OhemSpec(0.1, 1, numClasses: 2, mode: OhemMode.MMSegSampler), a, y);
            Assert.Equal(0, strict.Kept);
            Assert.Equal(0f, strict.Loss);

            var (r, g) = Run(new OhemSpec(0.1, 1, numClasses: 2, mode: OhemMode.MMSegSampler, comparison: OhemComparison.Inclusive), a, y);
            Assert.Equal(3, r.Kept);
            Close(3 * L(1) / 4, r.Loss);
            Gradient(g, a, Mask(4, 0, 1, 2), 0.25);
        }

        [Fact]
        public void PaddleSeg_Inclusive_KeepsTheTiesAndCountsThemInTheDivisor()
        {
            // NMin 2 (0 < 2 < 4): θ = max(p₍₁₎, .1) = .269. Strict keeps nothing: 0 / (0 + 4e-5) = 0. Inclusive: 3 pixels.
            float[] a = { 1f, 1f, 1f, -2f };
            long[] y = new long[4];
            var (strict, _) = Run(new OhemSpec(0.1, 2, numClasses: 2, mode: OhemMode.PaddleSeg), a, y);
            Assert.Equal(0, strict.Kept);
            Assert.Equal(0f, strict.Loss);

            double divisor = 3 + (1e-5 * 4);
            var (r, g) = Run(new OhemSpec(0.1, 2, numClasses: 2, mode: OhemMode.PaddleSeg, comparison: OhemComparison.Inclusive), a, y);
            Assert.Equal(3, r.Kept);
            Close(3 * L(1) / divisor, r.Loss);
            Gradient(g, a, Mask(4, 0, 1, 2), 1 / divisor);
        }

        // ---- OnEmpty ----

        [Fact]
        public void OnEmpty_NaN_Zero_Throw()
        {
            // HRNet's strict tie batch keeps nothing: Default NaN, Zero 0, NaN NaN, Throw an exception from Forward.
            float[] a = { 1f, 1f, 1f, -2f };
            long[] y = new long[4];
            var (zero, gz) = Run(new OhemSpec(0.1, 1, numClasses: 2, mode: OhemMode.HRNet, onEmpty: OhemOnEmpty.Zero), a, y);
            Assert.Equal(0, zero.Kept);
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(zero.Loss));
            Gradient(gz, a, new bool[4], 0);

            // mmseg's own empty value is 0; NaN overrides it.
            var (nan, gn) = Run(new OhemSpec(0.1, 1, numClasses: 2, mode: OhemMode.MMSegSampler, onEmpty: OhemOnEmpty.NaN), a, y);
            Assert.Equal(0, nan.Kept);
            Assert.True(float.IsNaN(nan.Loss));
            Gradient(gn, a, new bool[4], 0);

            var spec = new OhemSpec(0.1, 1, numClasses: 2, mode: OhemMode.HRNet, onEmpty: OhemOnEmpty.Throw);
            using var engine = new CpuOhemEngine(spec, 1);
            var x = new float[] { 0, 0, 0, 0, 1, 1, 1, -2 };
            var shape = new OhemShape(1, 2, 1, 4);
            var e = Assert.Throws<InvalidOperationException>(() => engine.Forward<float, long>(x, y, shape));
            Assert.Equal(
                "No pixel was selected: none of the 4 valid pixels (of 4) passed the rule; Mode hrnet with OnEmpty = Throw, spec "
                + spec.Key + ".",
                e.Message);
            // The refused forward leaves nothing for a backward.
            Assert.Throws<InvalidOperationException>(() => engine.Backward<float, long>(x, y, shape, new float[8]));

            var ignored = new long[] { I, I, I, I };
            var empty = Assert.Throws<InvalidOperationException>(() => engine.Forward<float, long>(x, ignored, shape));
            Assert.StartsWith("No pixel was selected: 0 valid pixels among the 4; Mode hrnet", empty.Message);

            // A non-empty selection does not throw: a = {2, −2, 0, 1}, θ = max(p₍₁₎ = .269, .1) keeps pixel 0.
            var x2 = new float[] { 0, 0, 0, 0, 2, -2, 0, 1 };
            Assert.Equal(1, engine.Forward<float, long>(x2, y, shape).Kept);
        }

        [Fact]
        public void OnEmpty_Zero_PaddleAndTopK()
        {
            // TopKPercent with ⌊f·M⌋ = 0: NaN by default, 0 with Zero.
            float[] a = { 2f, -2f, 0f, 1f };
            long[] y = new long[4];
            var (d, _) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.TopKPercent, fraction: 0.2), a, y);
            Assert.True(float.IsNaN(d.Loss));
            var (z, g) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.TopKPercent, fraction: 0.2, onEmpty: OhemOnEmpty.Zero), a, y);
            Assert.Equal(0, z.Kept);
            Assert.Equal(0f, z.Loss);
            Gradient(g, a, new bool[4], 0);
        }

        // ---- NMinPolicy ----

        [Fact]
        public void BiSeNetV1_Clamp_NMinBecomesThePixelCount()
        {
            // NMin 100 ≥ M = 6 throws by default; Clamp keeps all 6 (ignored zeros included) and averages over 6.
            float[] a = { 2f, -2f, 0f, 1f, 0f, 0f };
            long[] y = { 0, 0, 0, 0, I, I };
            Assert.Throws<ArgumentOutOfRangeException>("nMin", () => Run(new OhemSpec(0.1, 100, numClasses: 2), a, y));
            Assert.Throws<ArgumentOutOfRangeException>("nMin", () => Run(new OhemSpec(0.1, 6, numClasses: 2, nMinPolicy: OhemNMinPolicy.Throw), a, y));

            var (r, g) = Run(new OhemSpec(0.1, 100, numClasses: 2, nMinPolicy: OhemNMinPolicy.Clamp), a, y);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(6, r.Kept);
            Close((L(2) + L(-2) + L(0) + L(1)) / 6, r.Loss);
            Gradient(g, a, Mask(6, 0, 1, 2, 3), 1.0 / 6);
        }

        [Fact]
        public void HRNet_Throw_WhenNMinReachesTheValidCount()
        {
            float[] a = { 2f, -2f, 0f, 1f, 0f, 0f };
            long[] y = { 0, 0, 0, 0, I, I };
            // 4 valid pixels: NMin 3 is fine, NMin 4 would be clamped to 3 by HRNet; Throw refuses it.
            var (ok, _) = Run(new OhemSpec(0.01, 3, numClasses: 2, mode: OhemMode.HRNet, nMinPolicy: OhemNMinPolicy.Throw), a, y);
            Assert.Equal(3, ok.Kept);
            var e = Assert.Throws<ArgumentOutOfRangeException>("nMin", () => Run(new OhemSpec(0.01, 4, numClasses: 2, mode: OhemMode.HRNet, nMinPolicy: OhemNMinPolicy.Throw), a, y));
            Assert.Equal(4L, e.ActualValue);
            Assert.StartsWith("NMin = 4 is not less than the 4 valid pixels of this batch, the candidates of Mode hrnet, and NMinPolicy = Throw.", e.Message);

            // Clamp is HRNet's own clamp to valid − 1: the default's result.
            var (d, _) = Run(new OhemSpec(0.01, 4, numClasses: 2, mode: OhemMode.HRNet), a, y);
            var (c, _) = Run(new OhemSpec(0.01, 4, numClasses: 2, mode: OhemMode.HRNet, nMinPolicy: OhemNMinPolicy.Clamp), a, y);
            Assert.Equal(d, c);
        }

        [Fact]
        public void MMSegAndPaddle_Throw_WhenNMinReachesTheValidCount()
        {
            float[] a = { 2f, -2f, 0f, 1f };
            long[] y = new long[4];
            var e = Assert.Throws<ArgumentOutOfRangeException>("nMin", () => Run(new OhemSpec(0.01, 2, numClasses: 2, mode: OhemMode.MMSegSampler, nMinPolicy: OhemNMinPolicy.Throw), a, y, images: 2));
            Assert.StartsWith("NMin = 2 (NMin × N = 4) is not less than the 4 valid pixels", e.Message);
            var (ok, _) = Run(new OhemSpec(0.01, 1, numClasses: 2, mode: OhemMode.MMSegSampler, nMinPolicy: OhemNMinPolicy.Throw), a, y, images: 2);
            Assert.Equal(2, ok.Kept);

            Assert.Throws<ArgumentOutOfRangeException>("nMin", () => Run(new OhemSpec(0.01, 4, numClasses: 2, mode: OhemMode.PaddleSeg, nMinPolicy: OhemNMinPolicy.Throw), a, y));
            // PaddleSeg's own answer (no mining) is also its Clamp.
            var (d, _) = Run(new OhemSpec(0.01, 4, numClasses: 2, mode: OhemMode.PaddleSeg), a, y);
            var (c, _) = Run(new OhemSpec(0.01, 4, numClasses: 2, mode: OhemMode.PaddleSeg, nMinPolicy: OhemNMinPolicy.Clamp), a, y);
            Assert.Equal(4, d.Kept);
            Assert.Equal(d, c);
        }

        // ---- Candidates ----

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void BiSeNetV1_ValidOnly_ClampsKToTheValidPixels(bool vectors)
        {
            // Thresh .1 (nothing above), NMin 5 over {2, −2, 0, 1} + 4 ignored (8 px): all pixels → the top 5 include one
            // ignored zero, ÷ 5; valid only → k = min(5, 4) = 4, ÷ 4. NMin 100 ≥ M is no error over the valid pixels.
            float[] a = { 2f, -2f, 0f, 1f, 0f, 0f, 0f, 0f };
            long[] y = { 0, 0, 0, 0, I, I, I, I };
            double total = L(2) + L(-2) + L(0) + L(1);
            var (all, _) = Run(new OhemSpec(0.1, 5, numClasses: 2), a, y, vectors);
            Assert.Equal(5, all.Kept);
            Close(total / 5, all.Loss);

            foreach (long nMin in new[] { 5L, 100L })
            {
                var (valid, g) = Run(new OhemSpec(0.1, nMin, numClasses: 2, candidates: OhemCandidates.ValidOnly), a, y, vectors);
                Assert.Equal(4, valid.Kept);
                Close(total / 4, valid.Loss);
                Gradient(g, a, Mask(8, 0, 1, 2, 3), 0.25);
            }

            // Valid only with Throw: NMin ≥ the 4 valid pixels is refused after the forward.
            Assert.Throws<ArgumentOutOfRangeException>("nMin", () => Run(new OhemSpec(0.1, 4, numClasses: 2, candidates: OhemCandidates.ValidOnly, nMinPolicy: OhemNMinPolicy.Throw), a, y, vectors));
        }

        [Fact]
        public void TopKPercent_ValidOnly_KIsAFractionOfTheValidPixels()
        {
            // f = .5 over 8 pixels, 4 valid: all pixels → k = 4 (the four valid losses); valid only → k = 2 (pixels 0, 3).
            float[] a = { 2f, -2f, 0f, 1f, 0f, 0f, 0f, 0f };
            long[] y = { 0, 0, 0, 0, I, I, I, I };
            var (all, _) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.TopKPercent, fraction: 0.5), a, y);
            Assert.Equal(4, all.Kept);
            Close((L(2) + L(-2) + L(0) + L(1)) / 4, all.Loss);
            var (valid, g) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.TopKPercent, fraction: 0.5, candidates: OhemCandidates.ValidOnly), a, y);
            Assert.Equal(2, valid.Kept);
            Close((L(2) + L(1)) / 2, valid.Loss);
            Gradient(g, a, Mask(8, 0, 3), 0.5);
        }

        // ---- Reduction ----

        [Fact]
        public void Sum_IsTheKeptSum_WithAnUndividedGradient()
        {
            float[] a = { 2f, -2f, 0f, 1f };
            long[] y = new long[4];
            double above = L(2) + L(0) + L(1);
            foreach (OhemMode mode in new[] { OhemMode.BiSeNetV1, OhemMode.HRNet, OhemMode.MMSegSampler, OhemMode.PaddleSeg })
            {
                // Thresh .7: pixels 0, 2, 3 in every mode (BiSeNetV1 NMin 1; the others NMin 1 or 2 with p₍ₖ₎ ≤ .7).
                var (r, g) = Run(new OhemSpec(0.7, mode == OhemMode.PaddleSeg ? 2 : 1, numClasses: 2, mode: mode, reduction: OhemReduction.Sum), a, y);
                Assert.Equal(3, r.Kept);
                Close(above, r.Loss);
                Gradient(g, a, Mask(4, 0, 2, 3), 1.0);
            }

            // A top-k sum (ties included exactly) and the upstream gradient passed through as is.
            var (t, gt) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.TopKPercent, fraction: 0.5, reduction: OhemReduction.Sum), a, y);
            Assert.Equal(2, t.Kept);
            Close(L(2) + L(1), t.Loss);
            Gradient(gt, a, Mask(4, 0, 3), 1.0);
        }

        [Fact]
        public void Sum_OfNothingIsZero_UnlessOnEmptySaysNaN()
        {
            float[] a = { 1f, 1f, 1f, -2f };
            long[] y = new long[4];
            var (r, _) = Run(new OhemSpec(0.1, 1, numClasses: 2, mode: OhemMode.HRNet, reduction: OhemReduction.Sum), a, y);
            Assert.Equal(0, r.Kept);
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(r.Loss));
            var (n, _) = Run(new OhemSpec(0.1, 1, numClasses: 2, mode: OhemMode.HRNet, reduction: OhemReduction.Sum, onEmpty: OhemOnEmpty.NaN), a, y);
            Assert.True(float.IsNaN(n.Loss));
        }

        [Fact]
        public void Mean_IsTheDefault_BitForBit()
        {
            float[] a = { 2f, -2f, 0f, 1f };
            long[] y = new long[4];
            foreach (OhemMode mode in new[] { OhemMode.BiSeNetV1, OhemMode.BiSeNetV2, OhemMode.HRNet, OhemMode.TopKPercent, OhemMode.MMSegSampler, OhemMode.PaddleSeg })
            {
                var (d, gd) = Run(new OhemSpec(0.3, 2, numClasses: 2, mode: mode), a, y);
                var (m, gm) = Run(new OhemSpec(0.3, 2, numClasses: 2, mode: mode, reduction: OhemReduction.Mean, nMinPolicy: mode == OhemMode.BiSeNetV1 ? OhemNMinPolicy.Throw : OhemNMinPolicy.Default), a, y);
                Assert.Equal(d, m);
                Assert.Equal(gd, gm);
            }
        }
    }
}
