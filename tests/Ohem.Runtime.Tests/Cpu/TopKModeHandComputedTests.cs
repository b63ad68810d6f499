using System;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// PaddleSegTopK and DeepLab2 by hand. Each image is a row of pixels with C = 2, class-0 logits 0 and class-1 logits a,
    /// label 0 (or 255, ignored), so a pixel's loss is softplus(a) and its gradient on class 1 is σ(a) / divisor (minus
    /// that on class 0). With a = {2, −2, 0, 1} the losses are {2.127, 0.127, ln 2, 1.313}: largest first pixel 0, 3, 2, 1.
    /// </summary>
    public sealed class TopKModeHandComputedTests
    {
        private static readonly float[] A = { 2f, -2f, 0f, 1f };
        private static readonly long[] AllValid = { 0, 0, 0, 0 };
        private static readonly long[] EvenValid = { 0, 255, 0, 255 };
        private static readonly long[] FirstValid = { 0, 255, 255, 255 };
        private static readonly long[] AllIgnored = { 255, 255, 255, 255 };

        private static float Loss(float a) => OhemScalarMath.PixelLoss(new[] { 0f, a }, 0);

        private static void Close(double expected, float actual) =>
            Assert.True(Math.Abs(actual - expected) <= 4e-7 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

        /// <summary>N images of 1×W pixels (W = each row's length): class-1 logits <paramref name="a"/>[n], labels <paramref name="y"/>[n].</summary>
        private static (OhemResult Result, float[][] Class1Gradient) Run(OhemSpec spec, float[][] a, long[][] y)
        {
            int n = a.Length, w = a[0].Length;
            var shape = new OhemShape(n, 2, 1, w);
            var x = new float[shape.Logits];
            var labels = new long[shape.Pixels];
            for (int i = 0; i < n; ++i)
            {
                Array.Copy(a[i], 0, x, (i * 2 * w) + w, w);
                Array.Copy(y[i], 0, labels, i * w, w);
            }

            using var engine = new CpuOhemEngine(spec, 2);
            OhemResult r = engine.Forward<float, long>(x, labels, shape);
            var g = new float[shape.Logits];
            g.AsSpan().Fill(float.NaN);
            engine.Backward<float, long>(x, labels, shape, g);
            var class1 = new float[n][];
            for (int i = 0; i < n; ++i)
            {
                class1[i] = new float[w];
                for (int p = 0; p < w; ++p)
                {
                    float g0 = g[(i * 2 * w) + p], g1 = g[(i * 2 * w) + w + p];
                    // Two classes: the class-0 gradient is the negated class-1 one (up to rounding), and 0 exactly where that is.
                    Assert.True(g1 == 0f ? g0 == 0f : Math.Abs(g0 + g1) < 1e-7, $"image {i} pixel {p}: {g0:R} and {g1:R}");
                    class1[i][p] = g1;
                }
            }

            return (r, class1);
        }

        private static (OhemResult Result, float[] Class1Gradient) Run1(OhemSpec spec, long[] y, float[]? a = null)
        {
            var (r, g) = Run(spec, new[] { a ?? A }, new[] { y });
            return (r, g[0]);
        }

        /// <summary>The class-1 gradient expected on a kept pixel: σ(a) / divisor; 0 elsewhere.</summary>
        private static void AssertGradient(float[] g, float[] a, bool[] kept, double divisor)
        {
            for (int p = 0; p < g.Length; ++p)
            {
                double expected = kept[p] ? 1 / (1 + Math.Exp(-a[p])) / divisor : 0.0;
                Assert.True(kept[p] ? Math.Abs(g[p] - expected) < 1e-7 : g[p] == 0f, $"pixel {p}: {g[p]:R}, expected {expected:R}");
            }
        }

        private static OhemSpec Paddle(double fraction = 0) => new(numClasses: 2, mode: OhemMode.PaddleSegTopK, fraction: fraction);

        private static OhemSpec DeepLab2(double fraction = 0) => new(numClasses: 2, mode: OhemMode.DeepLab2, fraction: fraction);

        // ---- PaddleSegTopK ----

        [Fact]
        public void PaddleSegTopK_MeanOfTheTopK()
        {
            // k = int(0.5f × 4f) = 2: pixels 0 and 3; mean(coef) + 1e-8 is 1.0f, so the divisor is k.
            var (r, g) = Run1(Paddle(0.5), AllValid);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(2, r.Kept);
            Assert.Equal(Loss(1f), r.Threshold);
            Assert.Equal((float)(((double)Loss(2f) + (double)Loss(1f)) / 2), r.Loss);
            AssertGradient(g, A, new[] { true, false, false, true }, 2);
        }

        [Fact]
        public void PaddleSegTopK_TiesAtTheCutOff_ExactValue_GradientToTheLowestIndices()
        {
            // Three pixels tie at softplus(1); k = 2 takes two of them: the loss is that value, the first two get gradient.
            float[] a = { 1f, 1f, 1f, -2f };
            var (r, g) = Run1(Paddle(0.5), AllValid, a);
            Assert.Equal(2, r.Kept);
            Assert.Equal(Loss(1f), r.Loss);
            AssertGradient(g, a, new[] { true, true, false, false }, 2);
        }

        [Fact]
        public void PaddleSegTopK_KZero_IsNaN()
        {
            // int(0.2f × 4f) = 0: paddle.topk of nothing, whose mean is NaN.
            var (r, g) = Run1(Paddle(0.2), AllValid);
            Assert.True(float.IsNaN(r.Loss));
            Assert.Equal(0, r.Kept);
            AssertGradient(g, A, new bool[4], 1);
        }

        [Fact]
        public void PaddleSegTopK_FloatK_DiffersFromTopKPercent()
        {
            // 0.29 × 100: 29 in float32 (Paddle's scale op), 28 in fp64 (TopKPercent).
            var a = new float[100];
            var y = new long[100];
            for (int p = 0; p < 100; ++p)
            {
                a[p] = (p % 37) * 0.1f;
            }

            var (paddle, _) = Run1(Paddle(0.29), y, a);
            var (topk, _) = Run1(new OhemSpec(numClasses: 2, mode: OhemMode.TopKPercent, fraction: 0.29), y, a);
            Assert.Equal(29, paddle.Kept);
            Assert.Equal(28, topk.Kept);
        }

        [Fact]
        public void PaddleSegTopK_FractionOne_AllValid_IsTheMean()
        {
            // mean(loss) / (mean(mask) + 1e-8) with mean(mask) = 1: 1 + 1e-8 is 1.0f, the divisor 4.
            var (r, g) = Run1(Paddle(), AllValid);
            Assert.Equal(4, r.Kept);
            Close((Loss(2f) + Loss(-2f) + Loss(0f) + Loss(1f)) / 4.0, r.Loss);
            AssertGradient(g, A, new[] { true, true, true, true }, 4);
        }

        [Fact]
        public void PaddleSegTopK_FractionOne_HalfValid_DividesByTheValidCount()
        {
            // mean(mask) = 0.5; 0.5f + 1e-8f is 0.5f, so the divisor is 4 × 0.5 = 2.
            var (r, g) = Run1(Paddle(), EvenValid);
            Assert.Equal(2, r.Kept);
            Assert.Equal((float)(((double)Loss(2f) + (double)Loss(0f)) / 2), r.Loss);
            AssertGradient(g, A, new[] { true, false, true, false }, 2);
        }

        [Fact]
        public void PaddleSegTopK_FractionOne_SparseValid_TheEpsilonShows()
        {
            // One valid pixel of 64: mean(mask) = 1/64, and 1/64 + 1e-8 in float32 is 1/64 + 5 ulps (2^-29 each), so the
            // loss is L / (64 × (1/64 + 5 · 2^-29)) = L / (1 + 5 · 2^-23), below L itself.
            var a = new float[64];
            var y = new long[64];
            Array.Fill(y, 255L);
            a[5] = 2f;
            y[5] = 0;
            var (r, g) = Run1(Paddle(), y, a);
            double divisor = 1 + (5 * Math.Pow(2, -23));
            Assert.Equal(64.0 * (double)((1f / 64f) + 1e-8f), divisor);
            Assert.Equal(1, r.Kept);
            Assert.Equal((float)(Loss(2f) / divisor), r.Loss);
            Assert.True(r.Loss < Loss(2f));
            var kept = new bool[64];
            kept[5] = true;
            AssertGradient(g, a, kept, divisor);
        }

        [Fact]
        public void PaddleSegTopK_FractionOne_AllIgnored_IsZero()
        {
            // 0 / (0 + 1e-8).
            var (r, g) = Run1(Paddle(), AllIgnored);
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(r.Loss));
            Assert.Equal(0, r.Kept);
            AssertGradient(g, A, new bool[4], 1);
        }

        [Fact]
        public void PaddleSegTopK_IgnoredZerosFillTheTopK()
        {
            // One valid pixel, k = 3: the top 3 are L0 and two ignored zeros, and the mean is over all three.
            var (r, g) = Run1(Paddle(0.75), FirstValid);
            Assert.Equal(3, r.Kept);
            Assert.Equal((float)((double)Loss(2f) / 3), r.Loss);
            AssertGradient(g, A, new[] { true, false, false, false }, 3);
        }

        // ---- DeepLab2 ----

        [Theory]
        [InlineData(0.375, 2)] // 1.5 → 2 (int() gives 1)
        [InlineData(0.625, 2)] // 2.5 → 2, half to even (half up gives 3)
        [InlineData(0.875, 4)] // 3.5 → 4
        [InlineData(0.125, 0)] // 0.5 → 0
        [InlineData(0.3, 1)] // 1.2 → 1
        public void DeepLab2_KIsRoundedHalfToEven(double fraction, int k)
        {
            var (r, _) = Run1(DeepLab2(fraction), AllValid);
            Assert.Equal(k, r.Kept);
            Assert.Equal(k, CpuOhemKernel<float, long>.DeepLab2Count(fraction, 4));
        }

        [Fact]
        public void DeepLab2_PerImageTopK_MeanOverImages()
        {
            // k = round(0.5 × 4) = 2 per image. Image 0: pixels 0 and 3. Image 1 (a = {0, 3, −1, 0.5}): pixels 1 and 3.
            float[] b = { 0f, 3f, -1f, 0.5f };
            var (r, g) = Run(DeepLab2(0.5), new[] { A, b }, new[] { AllValid, AllValid });
            float l0 = (float)(((double)Loss(2f) + (double)Loss(1f)) / 2);
            float l1 = (float)(((double)Loss(3f) + (double)Loss(0.5f)) / 2);
            Assert.Equal(4, r.Kept);
            Assert.Equal((float)(((double)l0 + (double)l1) / 2), r.Loss);
            AssertGradient(g[0], A, new[] { true, false, false, true }, 4);
            AssertGradient(g[1], b, new[] { false, true, false, true }, 4);
        }

        [Fact]
        public void DeepLab2_ZerosInTheTopK_AreNotCounted()
        {
            // One valid pixel, k = 3: the top 3 are L0 and two ignored zeros; divide_no_nan by the one non-zero loss.
            var (r, g) = Run1(DeepLab2(0.75), FirstValid);
            Assert.Equal(1, r.Kept);
            Assert.Equal(Loss(2f), r.Loss);
            AssertGradient(g, A, new[] { true, false, false, false }, 1);
        }

        [Fact]
        public void DeepLab2_AnIgnoredImage_CountsAsZero()
        {
            // Image 1 has nothing non-zero: 0 for it (divide_no_nan), and the mean over both images halves image 0's loss.
            var (r, g) = Run(DeepLab2(0.5), new[] { A, A }, new[] { AllValid, AllIgnored });
            float l0 = (float)(((double)Loss(2f) + (double)Loss(1f)) / 2);
            Assert.Equal(2, r.Kept);
            Assert.Equal((float)((double)l0 / 2), r.Loss);
            AssertGradient(g[0], A, new[] { true, false, false, true }, 4);
            AssertGradient(g[1], A, new bool[4], 1);
        }

        [Fact]
        public void DeepLab2_KZero_And_AllIgnored_AreZero()
        {
            foreach (var (spec, y) in new[] { (DeepLab2(0.1), AllValid), (DeepLab2(), AllIgnored), (DeepLab2(0.5), AllIgnored) })
            {
                var (r, g) = Run1(spec, y);
                Assert.Equal(0u, BitConverter.SingleToUInt32Bits(r.Loss));
                Assert.Equal(0, r.Kept);
                AssertGradient(g, A, new bool[4], 1);
            }
        }

        [Fact]
        public void DeepLab2_TiesAtTheCutOff_ExactValue_GradientToTheLowestIndices()
        {
            float[] a = { 1f, 1f, 1f, -2f };
            var (r, g) = Run1(DeepLab2(0.5), AllValid, a);
            Assert.Equal(2, r.Kept);
            Assert.Equal(Loss(1f), r.Loss);
            AssertGradient(g, a, new[] { true, true, false, false }, 2);
        }

        [Fact]
        public void DeepLab2_FractionOne_EveryNonZeroLoss()
        {
            // No top-k: the sum over the image over its non-zero losses (the valid ones here).
            var (r, g) = Run1(DeepLab2(), EvenValid);
            Assert.Equal(2, r.Kept);
            Assert.Equal((float)(((double)Loss(2f) + (double)Loss(0f)) / 2), r.Loss);
            AssertGradient(g, A, new[] { true, false, true, false }, 2);
        }
    }
}
