using System;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// The policy knobs with PaddleSegBootstrapped (BiSeNetV1's rule per image, Thresh = loss_th as a loss), on
    /// hand-computed batches: C = 2, class-0 logits 0, class-1 logits a, label 0, so pixel p has loss softplus(a[p]).
    /// Each case checks the loss, the kept count and the gradient (softmax − onehot)·scale on exactly the kept pixels.
    /// </summary>
    public sealed class BootstrappedKnobHandComputedTests
    {
        private const long I = 255;
        private const OhemMode Bootstrapped = OhemMode.PaddleSegBootstrapped;

        private static double Softplus(double a) => Math.Log(1 + Math.Exp(a));

        private static double L(float[] a, long[] y, int p) => y[p] == I ? 0 : Softplus(a[p]);

        private static void Close(double expected, float actual) =>
            Assert.True(Math.Abs(actual - expected) <= 1e-6 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

        /// <summary>Runs forward and backward on N images of 1 × (a.Length / N) pixels; the gradient is NCHW.</summary>
        private static (OhemResult Result, float[] Gradient) Run(OhemSpec spec, float[] a, long[] y, int images, bool vectors = true)
        {
            int p = a.Length / images;
            var shape = new OhemShape(images, 2, 1, p);
            var x = new float[2 * a.Length];
            for (int n = 0; n < images; ++n)
            {
                Array.Copy(a, n * p, x, (2 * n * p) + p, p);
            }

            using var engine = new CpuOhemEngine(spec, 2, vectors);
            OhemResult r = engine.Forward<float, long>(x, y, shape);
            var g = new float[shape.Logits];
            g.AsSpan().Fill(float.NaN);
            engine.Backward<float, long>(x, y, shape, g);
            return (r, g);
        }

        /// <summary>(softmax − onehot)·scale[p] on the pixels with a scale, +0 on the others (label 0 or ignored).</summary>
        private static void Gradient(float[] g, float[] a, long[] y, int images, double[] scale)
        {
            int per = a.Length / images;
            for (int p = 0; p < a.Length; ++p)
            {
                int n = p / per, hw = p % per;
                float g0 = g[(2 * n * per) + hw], g1 = g[(2 * n * per) + per + hw];
                if (scale[p] == 0)
                {
                    Assert.Equal(0u, BitConverter.SingleToUInt32Bits(g0));
                    Assert.Equal(0u, BitConverter.SingleToUInt32Bits(g1));
                    continue;
                }

                double p1 = 1 / (1 + Math.Exp(-a[p]));
                double e0 = (1 - p1 - 1) * scale[p], e1 = p1 * scale[p];
                Assert.True(Math.Abs(g0 - e0) < 1e-7 + (4e-7 * Math.Abs(e0)), $"pixel {p}, class 0: {g0:R}, expected {e0:R}");
                Assert.True(Math.Abs(g1 - e1) < 1e-7 + (4e-7 * Math.Abs(e1)), $"pixel {p}, class 1: {g1:R}, expected {e1:R}");
            }
        }

        /// <summary>The engine's own float32 loss of a label-0 pixel at logit a (a batch of one pixel, loss_th 0 keeps it).</summary>
        private static float EngineLoss(float a) => Run(new OhemSpec(0, 0, numClasses: 2, mode: Bootstrapped), new[] { a }, new long[] { 0 }, 1).Result.Loss;

        // Two images of four pixels; logit 0 gives ℓ₀ = ln 2, used as loss_th, so image 0 has two losses at loss_th and one
        // above, image 1 one at and one above.
        private static readonly float[] TiesA = { 0f, 0f, -3f, 2f, -1f, 1f, 0f, -5f };
        private static readonly long[] TiesY = { 0, 0, 0, 0, 0, 0, 0, 0 };

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Inclusive_KeepsTheLossesAtLossTh_InEachImage(bool vectors)
        {
            float l0 = EngineLoss(0f);
            Close(Math.Log(2), l0);
            float[] a = TiesA;
            long[] y = TiesY;

            // Strict (Paddle's own >): each image has one loss above loss_th, not more than K = 1, so its top 1.
            var (strict, gs) = Run(new OhemSpec(l0, 1, numClasses: 2, mode: Bootstrapped), a, y, 2, vectors);
            Close((L(a, y, 3) + L(a, y, 5)) / 2, strict.Loss);
            Assert.Equal((2L, OhemRule.TopNMin), (strict.Kept, strict.Rule));
            Gradient(gs, a, y, 2, new[] { 0, 0, 0, 0.5, 0, 0.5, 0, 0 });

            // Inclusive: ℓ ≥ loss_th counts 3 > 1 in image 0 and 2 > 1 in image 1, so each keeps its losses at or above it.
            var (r, g) = Run(new OhemSpec(l0, 1, numClasses: 2, mode: Bootstrapped, comparison: OhemComparison.Inclusive), a, y, 2, vectors);
            Close((((2.0 * l0) + L(a, y, 3)) / 3 + ((L(a, y, 5) + l0) / 2)) / 2, r.Loss);
            Assert.Equal((5L, OhemRule.AboveThreshold, l0), (r.Kept, r.Rule, r.Threshold));
            Gradient(g, a, y, 2, new[] { 1.0 / 6, 1.0 / 6, 0, 1.0 / 6, 0, 0.25, 0.25, 0 });

            // Inclusive with Sum: the sum of the image sums, the gradient undivided.
            var (sum, gsum) = Run(new OhemSpec(l0, 1, numClasses: 2, mode: Bootstrapped, comparison: OhemComparison.Inclusive, reduction: OhemReduction.Sum), a, y, 2, vectors);
            Close((2.0 * l0) + L(a, y, 3) + L(a, y, 5) + l0, sum.Loss);
            Assert.Equal(5L, sum.Kept);
            Gradient(gsum, a, y, 2, new[] { 1.0, 1, 0, 1, 0, 1, 1, 0 });
        }

        // Two images of two pixels: image 0 has both losses above loss_th 0.5, image 1 none.
        private static readonly float[] TwoA = { 2f, 1f, -3f, -2f };
        private static readonly long[] TwoY = { 0, 0, 0, 0 };

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void OnEmpty_ActsOnEachImage(bool vectors)
        {
            // min_K = 0 and nothing above loss_th in image 1: Paddle's mean of nothing, NaN, makes the batch NaN.
            var (nan, _) = Run(new OhemSpec(0.5, 0, numClasses: 2, mode: Bootstrapped), TwoA, TwoY, 2, vectors);
            Assert.True(float.IsNaN(nan.Loss));

            var (r, g) = Run(new OhemSpec(0.5, 0, numClasses: 2, mode: Bootstrapped, onEmpty: OhemOnEmpty.Zero), TwoA, TwoY, 2, vectors);
            Close(((L(TwoA, TwoY, 0) + L(TwoA, TwoY, 1)) / 2) / 2, r.Loss);
            Assert.Equal(2L, r.Kept);
            Gradient(g, TwoA, TwoY, 2, new[] { 0.25, 0.25, 0, 0 });

            // Sum: the empty image adds 0 by default; NaN with OnEmpty = NaN.
            var (sum, _) = Run(new OhemSpec(0.5, 0, numClasses: 2, mode: Bootstrapped, reduction: OhemReduction.Sum), TwoA, TwoY, 2, vectors);
            Close(L(TwoA, TwoY, 0) + L(TwoA, TwoY, 1), sum.Loss);
            var (sumNaN, _) = Run(new OhemSpec(0.5, 0, numClasses: 2, mode: Bootstrapped, onEmpty: OhemOnEmpty.NaN, reduction: OhemReduction.Sum), TwoA, TwoY, 2, vectors);
            Assert.True(float.IsNaN(sumNaN.Loss));
        }

        [Fact]
        public void OnEmptyThrow_NamesTheFirstEmptyImage()
        {
            var spec = new OhemSpec(0.5, 0, numClasses: 2, mode: Bootstrapped, onEmpty: OhemOnEmpty.Throw);
            var e = Assert.Throws<InvalidOperationException>(() => Run(spec, TwoA, TwoY, 2));
            Assert.Equal($"No pixel was selected in image 1 (of 2; Scope = PerImage selects in each image); Mode paddleseg-bootstrapped with OnEmpty = Throw, spec {spec.Key}.", e.Message);
        }

        // Two images of two pixels, the last one ignored: image 0 has 2 valid pixels, image 1 one.
        private static readonly float[] IgnoredA = { 2f, 1f, -3f, 4f };
        private static readonly long[] IgnoredY = { 0, 0, 0, I };

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void NMinPolicyClamp_TakesEveryPixelOfTheImage(bool vectors)
        {
            // min_K = 5 ≥ H·W = 2: Paddle's sorted_loss[min_K] raises IndexError, and so does the default (and Throw).
            var e = Assert.Throws<ArgumentOutOfRangeException>("nMin", () => Run(new OhemSpec(0.5, 5, numClasses: 2, mode: Bootstrapped), IgnoredA, IgnoredY, 2, vectors));
            Assert.StartsWith("NMin = 5 must be less than the pixel count of one image H·W = 2", e.Message, StringComparison.Ordinal);
            Assert.Throws<ArgumentOutOfRangeException>("nMin", () => Run(new OhemSpec(0.5, 5, numClasses: 2, mode: Bootstrapped, nMinPolicy: OhemNMinPolicy.Throw), IgnoredA, IgnoredY, 2, vectors));

            // Clamp: K = min(5, H·W) = 2, the top 2 of each image, image 1's ignored zero included in its mean.
            var (r, g) = Run(new OhemSpec(0.5, 5, numClasses: 2, mode: Bootstrapped, nMinPolicy: OhemNMinPolicy.Clamp), IgnoredA, IgnoredY, 2, vectors);
            Close((((L(IgnoredA, IgnoredY, 0) + L(IgnoredA, IgnoredY, 1)) / 2) + (L(IgnoredA, IgnoredY, 2) / 2)) / 2, r.Loss);
            Assert.Equal((4L, 3L, OhemRule.TopNMin), (r.Kept, r.ValidPixels, r.Rule));
            Gradient(g, IgnoredA, IgnoredY, 2, new[] { 0.25, 0.25, 0.25, 0 });
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void CandidatesValidOnly_TakesAtMostTheValidPixelsOfEachImage(bool vectors)
        {
            // K = min(5, |Vₙ|): image 0 its 2 valid pixels, image 1 its one (the ignored zero is no candidate).
            var (r, g) = Run(new OhemSpec(0.5, 5, numClasses: 2, mode: Bootstrapped, candidates: OhemCandidates.ValidOnly), IgnoredA, IgnoredY, 2, vectors);
            Close((((L(IgnoredA, IgnoredY, 0) + L(IgnoredA, IgnoredY, 1)) / 2) + L(IgnoredA, IgnoredY, 2)) / 2, r.Loss);
            Assert.Equal((3L, OhemRule.TopNMin), (r.Kept, r.Rule));
            Gradient(g, IgnoredA, IgnoredY, 2, new[] { 0.25, 0.25, 0.5, 0 });

            // With NMinPolicy = Throw, min_K is compared with each image's valid count after the forward.
            var spec = new OhemSpec(0.5, 1, numClasses: 2, mode: Bootstrapped, candidates: OhemCandidates.ValidOnly, nMinPolicy: OhemNMinPolicy.Throw);
            var e = Assert.Throws<ArgumentOutOfRangeException>("nMin", () => Run(spec, IgnoredA, IgnoredY, 2, vectors));
            Assert.StartsWith("NMin = 1 is not less than the 1 valid pixels of image 1 (of 2; Scope = PerImage selects in each image), the candidates of Mode paddleseg-bootstrapped, and NMinPolicy = Throw.", e.Message, StringComparison.Ordinal);
        }
    }
}
