using System;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// MMSegSampler and PaddleSeg, whose loss is the kept sum over a divisor other than the kept count, on the batch of
    /// <see cref="ModeHandComputedTests"/>: C = 2, four pixels, class-0 logits 0, class-1 logits a = {2, −2, 0, 1},
    /// labels 0, so loss = softplus(a) = {2.127, 0.127, ln 2, 1.313} and the true-class probabilities are
    /// {.119, .881, .5, .269} (ascending: pixel 0, 3, 2, 1).
    /// </summary>
    public sealed class SumModeHandComputedTests
    {
        private static readonly float[] A = { 2f, -2f, 0f, 1f };
        private static readonly long[] AllValid = { 0, 0, 0, 0 };
        private static readonly long[] AllIgnored = { 255, 255, 255, 255 };

        /// <summary>PaddleSeg's divisor for this four-pixel batch: kept + 1e-5 × 4.</summary>
        private static double Paddle(long kept) => kept + (1e-5 * 4);

        private static double L(int pixel) => Math.Log(1 + Math.Exp(A[pixel]));

        private static float Loss(int pixel) => OhemScalarMath.PixelLoss(new[] { 0f, A[pixel] }, 0);

        private static void Close(double expected, float actual) =>
            Assert.True(Math.Abs(actual - expected) <= 4e-7 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

        /// <summary>The four pixels as one 1×4 image, or as two 1×2 images (N = 2) in NCHW order.</summary>
        private static (OhemResult Result, float[] Gradient) Run(OhemSpec spec, long[] labels, bool twoImages = false)
        {
            OhemShape shape = twoImages ? new OhemShape(2, 2, 1, 2) : new OhemShape(1, 2, 1, 4);
            float[] x = twoImages
                ? new float[] { 0f, 0f, A[0], A[1], 0f, 0f, A[2], A[3] }
                : new float[] { 0f, 0f, 0f, 0f, A[0], A[1], A[2], A[3] };
            using var engine = new CpuOhemEngine(spec, 2);
            OhemResult r = engine.Forward<float, long>(x, labels, shape);
            var g = new float[shape.Logits];
            g.AsSpan().Fill(float.NaN);
            engine.Backward<float, long>(x, labels, shape, g);
            return (r, twoImages ? new[] { g[0], g[1], g[4], g[5], g[2], g[3], g[6], g[7] } : g);
        }

        /// <summary>Which pixels got a gradient; each must be ∓σ(a) / divisor exactly as the formula.</summary>
        private static bool[] KeptPixels(float[] g, double divisor)
        {
            var result = new bool[4];
            for (int p = 0; p < 4; ++p)
            {
                result[p] = g[4 + p] != 0;
                if (result[p])
                {
                    double sigma = 1 / (1 + Math.Exp(-A[p]));
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

        [Fact]
        public void MMSeg_ThresholdWins_SumOverAllPixels()
        {
            // k = min(2 × 1, 3) = 2; p₍₂₎ = .5 < .7, so θ = .7: pixels 0, 2, 3; the sum over N·H·W = 4, not over 3.
            var (r, g) = Run(new OhemSpec(0.7, 2, numClasses: 2, mode: OhemMode.MMSegSampler), AllValid);
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(3, r.Kept);
            Assert.Equal(0.35667497f, r.Threshold);
            Close((L(0) + L(2) + L(3)) / 4, r.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(g, 4));
        }

        [Fact]
        public void MMSeg_OrderStatisticWins_KeepsStrictlyBelowIt()
        {
            // Thresh .3: k = 2, p₍₂₎ = .5 > .3, so θ = .5 and p < .5 keeps pixels 0 and 3; the cut-off loss is ln 2.
            var (r, g) = Run(new OhemSpec(0.3, 2, numClasses: 2, mode: OhemMode.MMSegSampler), AllValid);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(2, r.Kept);
            Assert.Equal(Loss(2), r.Threshold);
            Close((L(0) + L(3)) / 4, r.Loss);
            Assert.Equal(new[] { true, false, false, true }, KeptPixels(g, 4));
        }

        [Fact]
        public void MMSeg_MinKeptIsPerImage()
        {
            // Thresh .2. One image, min_kept 1: k = 1, p₍₁₎ = .269 → pixel 0 only. Two images of two pixels, min_kept 1:
            // batch_kept = 2, p₍₂₎ = .5 → pixels 0 and 3. Both divide by the same N·H·W = 4.
            var spec = new OhemSpec(0.2, 1, numClasses: 2, mode: OhemMode.MMSegSampler);
            var (one, g1) = Run(spec, AllValid);
            Assert.Equal(1, one.Kept);
            Close(L(0) / 4, one.Loss);
            Assert.Equal(new[] { true, false, false, false }, KeptPixels(g1, 4));

            var (two, g2) = Run(spec, AllValid, twoImages: true);
            Assert.Equal(2, two.Kept);
            Close((L(0) + L(3)) / 4, two.Loss);
            Assert.Equal(new[] { true, false, false, true }, KeptPixels(g2, 4));
        }

        [Fact]
        public void MMSeg_MinKeptAboveValid_DropsTheEasiestAndIsNoError()
        {
            // min_kept 100 ≥ N·H·W is fine here (an error only for BiSeNetV1): k = valid − 1 = 3, θ = p₍₃₎ = .881.
            var (r, g) = Run(new OhemSpec(0.01, 100, numClasses: 2, mode: OhemMode.MMSegSampler), AllValid);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(3, r.Kept);
            Close((L(0) + L(2) + L(3)) / 4, r.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(g, 4));
        }

        [Fact]
        public void MMSeg_IgnoredPixelsCountInTheDivisor()
        {
            // Labels {0, 255, 0, 255}: k = min(1, 1) = 1, p₍₁₎ = .5 < .7 → pixels 0 and 2, divided by all 4 pixels.
            var (r, g) = Run(new OhemSpec(0.7, 1, numClasses: 2, mode: OhemMode.MMSegSampler), new long[] { 0, 255, 0, 255 });
            Assert.Equal(2, r.ValidPixels);
            Assert.Equal(2, r.Kept);
            Close((L(0) + L(2)) / 4, r.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(g, 4));
        }

        [Fact]
        public void MMSeg_AverageOverValid_DividesByValidPlusFloatEpsilon()
        {
            // The same selection as MMSeg_IgnoredPixelsCountInTheDivisor, divided by 2 valid + 2⁻²³ instead of 4.
            double divisor = 2 + Math.Pow(2, -23);
            var (r, g) = Run(new OhemSpec(0.7, 1, numClasses: 2, mode: OhemMode.MMSegSampler, averageOverValid: true), new long[] { 0, 255, 0, 255 });
            Assert.Equal(2, r.Kept);
            Close((L(0) + L(2)) / divisor, r.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(g, divisor));

            var (none, gz) = Run(new OhemSpec(0.7, 1, numClasses: 2, mode: OhemMode.MMSegSampler, averageOverValid: true), AllIgnored);
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(none.Loss));
            AllZero(gz);
        }

        [Fact]
        public void MMSeg_AllIgnored_IsZeroNotNaN()
        {
            var (r, g) = Run(new OhemSpec(0.7, 2, numClasses: 2, mode: OhemMode.MMSegSampler), AllIgnored);
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(r.Loss));
            Assert.Equal(0, r.Kept);
            Assert.True(float.IsNaN(r.Threshold));
            AllZero(g);
        }

        [Fact]
        public void PaddleSeg_ThresholdWins_DividesByKeptPlusEps()
        {
            // min_kept 2 < 4 valid: p at index 1 is .269 < .7, so θ = .7: pixels 0, 2, 3 over 3 + 1e-5 × 4.
            var (r, g) = Run(new OhemSpec(0.7, 2, numClasses: 2, mode: OhemMode.PaddleSeg), AllValid);
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(3, r.Kept);
            Close((L(0) + L(2) + L(3)) / Paddle(3), r.Loss);
            Assert.Equal(new[] { true, false, true, true }, KeptPixels(g, Paddle(3)));
        }

        [Fact]
        public void PaddleSeg_OrderStatisticMinKeptMinusOne_KeepsMinKeptMinusOne()
        {
            // Thresh .3, min_kept 3: p at index 2 is .5 > .3, so θ = .5 and only pixels 0 and 3 (min_kept − 1) stay.
            var (r, g) = Run(new OhemSpec(0.3, 3, numClasses: 2, mode: OhemMode.PaddleSeg), AllValid);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(2, r.Kept);
            Assert.Equal(Loss(2), r.Threshold);
            Close((L(0) + L(3)) / Paddle(2), r.Loss);
            Assert.Equal(new[] { true, false, false, true }, KeptPixels(g, Paddle(2)));
        }

        [Theory]
        [InlineData(4L)]
        [InlineData(1000L)]
        [InlineData(0L)]
        public void PaddleSeg_NoMining_WhenMinKeptIsNotBetweenZeroAndValid(long minKept)
        {
            // Thresh .99 would drop nothing anyway; Thresh .01 shows there is no mining: every valid pixel is kept.
            var (r, g) = Run(new OhemSpec(0.01, minKept, numClasses: 2, mode: OhemMode.PaddleSeg), AllValid);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(4, r.Kept);
            Close((L(0) + L(1) + L(2) + L(3)) / Paddle(4), r.Loss);
            Assert.Equal(new[] { true, true, true, true }, KeptPixels(g, Paddle(4)));
        }

        [Fact]
        public void PaddleSeg_NoMining_KeepsOnlyTheValidPixels()
        {
            var (r, g) = Run(new OhemSpec(0.01, 5, numClasses: 2, mode: OhemMode.PaddleSeg), new long[] { 0, 255, 0, 255 });
            Assert.Equal(2, r.Kept);
            Close((L(0) + L(2)) / Paddle(2), r.Loss);
            Assert.Equal(new[] { true, false, true, false }, KeptPixels(g, Paddle(2)));
        }

        [Fact]
        public void PaddleSeg_AllIgnored_IsZeroNotNaN()
        {
            var (r, g) = Run(new OhemSpec(0.7, 2, numClasses: 2, mode: OhemMode.PaddleSeg), AllIgnored);
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(r.Loss));
            Assert.Equal(0, r.Kept);
            AllZero(g);
        }
    }
}
