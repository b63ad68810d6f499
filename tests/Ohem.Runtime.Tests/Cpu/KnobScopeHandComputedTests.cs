using System;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// The knobs with Scope = PerImage and with ClassWeights, on hand-computed batches: C = 2, class-0 logits 0, class-1
    /// logits a, so a label-0 pixel has loss softplus(a) and a label-1 pixel softplus(−a); a label-0 pixel at a and a
    /// label-1 pixel at −a tie exactly (the same float ops in another order of commutative additions). Each case checks
    /// the loss, the kept count and the gradient w[y]·(softmax − onehot)·scale on exactly the kept pixels.
    /// </summary>
    public sealed class KnobScopeHandComputedTests
    {
        private const long I = 255;

        private static double Softplus(double a) => Math.Log(1 + Math.Exp(a));

        /// <summary>The unweighted loss of pixel p.</summary>
        private static double L(float[] a, long[] y, int p) => y[p] == I ? 0 : Softplus(y[p] == 0 ? a[p] : -a[p]);

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

        /// <summary>
        /// Asserts the gradient of every pixel: w[y]·(softmax − onehot)·scale[p] where scale[p] ≠ 0 (within 1e-7 + 4e-7 relative), and +0
        /// on the pixels whose scale is 0 (not kept).
        /// </summary>
        private static void Gradient(float[] g, float[] a, long[] y, int images, double[] scale, double[]? weights = null)
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
                double s = scale[p] * (weights is null ? 1 : weights[y[p]]);
                double e0 = ((1 - p1) - (y[p] == 0 ? 1 : 0)) * s, e1 = (p1 - (y[p] == 1 ? 1 : 0)) * s;
                Assert.True(Math.Abs(g0 - e0) < 1e-7 + (4e-7 * Math.Abs(e0)), $"pixel {p}, class 0: {g0:R}, expected {e0:R}");
                Assert.True(Math.Abs(g1 - e1) < 1e-7 + (4e-7 * Math.Abs(e1)), $"pixel {p}, class 1: {g1:R}, expected {e1:R}");
            }
        }

        // Two images of two pixels: image 0 has both losses above τ = −ln 0.5, image 1 none.
        private static readonly float[] TwoImagesA = { 2f, 1f, -3f, -2f };
        private static readonly long[] TwoImagesY = { 0, 0, 0, 0 };

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void PerImage_OnEmptyZero_AnEmptyImageAddsZeroToTheMean(bool vectors)
        {
            float[] a = TwoImagesA;
            long[] y = TwoImagesY;
            // NMin = 0: image 0 keeps its two losses above τ, image 1 keeps nothing (NaN by default, 0 with Zero).
            var (nan, _) = Run(new OhemSpec(0.5, 0, numClasses: 2, scope: OhemScope.PerImage), a, y, 2, vectors);
            Assert.True(float.IsNaN(nan.Loss));

            var (r, g) = Run(new OhemSpec(0.5, 0, numClasses: 2, scope: OhemScope.PerImage, onEmpty: OhemOnEmpty.Zero), a, y, 2, vectors);
            Close(((L(a, y, 0) + L(a, y, 1)) / 2 + 0) / 2, r.Loss);
            Assert.Equal(2, r.Kept);
            Assert.Equal(4, r.ValidPixels);
            Gradient(g, a, y, 2, new[] { 0.25, 0.25, 0, 0 });
        }

        [Fact]
        public void PerImage_OnEmptyThrow_NamesTheFirstEmptyImage()
        {
            var spec = new OhemSpec(0.5, 0, numClasses: 2, scope: OhemScope.PerImage, onEmpty: OhemOnEmpty.Throw);
            var e = Assert.Throws<InvalidOperationException>(() => Run(spec, TwoImagesA, TwoImagesY, 2));
            Assert.Equal($"No pixel was selected in image 1 (of 2; Scope = PerImage selects in each image); Mode bisenet-v1 with OnEmpty = Throw, spec {spec.Key}.", e.Message);

            // Per image, one empty image is enough, even when the batch kept pixels (per batch this would not throw).
            var (batch, _) = Run(new OhemSpec(0.5, 0, numClasses: 2, onEmpty: OhemOnEmpty.Throw), TwoImagesA, TwoImagesY, 2);
            Assert.Equal(2, batch.Kept);

            // After the exception no backward runs on that forward.
            using var engine = new CpuOhemEngine(spec, 2);
            var x = new float[] { 0, 0, 2, 1, 0, 0, -3, -2 };
            var shape = new OhemShape(2, 2, 1, 2);
            Assert.Throws<InvalidOperationException>(() => engine.Forward<float, long>(x, TwoImagesY, shape));
            var ex = Assert.Throws<InvalidOperationException>(() => engine.Backward<float, long>(x, TwoImagesY, shape, new float[8]));
            Assert.StartsWith("Backward needs a successful Forward", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void PerImage_Sum_IsTheSumOfTheImageSums_WithAnUndividedGradient(bool vectors)
        {
            float[] a = TwoImagesA;
            long[] y = TwoImagesY;
            // NMin = 1: image 0 keeps both (2 above τ > 1), image 1 its largest loss (pixel 3).
            var (mean, gm) = Run(new OhemSpec(0.5, 1, numClasses: 2, scope: OhemScope.PerImage), a, y, 2, vectors);
            Close(((L(a, y, 0) + L(a, y, 1)) / 2 + L(a, y, 3)) / 2, mean.Loss);
            Gradient(gm, a, y, 2, new[] { 0.25, 0.25, 0, 0.5 });

            var (sum, gs) = Run(new OhemSpec(0.5, 1, numClasses: 2, scope: OhemScope.PerImage, reduction: OhemReduction.Sum), a, y, 2, vectors);
            Close(L(a, y, 0) + L(a, y, 1) + L(a, y, 3), sum.Loss);
            Assert.Equal(3, sum.Kept);
            Gradient(gs, a, y, 2, new[] { 1.0, 1, 0, 1 });

            // The per-batch kept sum of the same selection: per image with Sum it is the sum over images, not a mean.
            var (one, _) = Run(new OhemSpec(0.5, 1, numClasses: 2, reduction: OhemReduction.Sum), new[] { 2f, 1f }, new long[] { 0, 0 }, 1, vectors);
            var (two, _) = Run(new OhemSpec(0.5, 1, numClasses: 2, reduction: OhemReduction.Sum), new[] { -3f, -2f }, new long[] { 0, 0 }, 1, vectors);
            Assert.Equal((float)((double)one.Loss + (double)two.Loss), sum.Loss);
        }

        [Fact]
        public void PerImage_Sum_MMSegAndPaddleSeg_DropTheirDivisors()
        {
            float[] a = TwoImagesA;
            long[] y = TwoImagesY;
            // MMSeg per image: k = min(NMin, valid − 1) = 1, rank 2 of 2 is the smaller loss; strict keeps the larger.
            // τ = −ln 0.5 = 0.69: image 0 has 2 losses above (≥ k + 1), so both are kept; image 1 keeps pixel 3.
            var (m, gm) = Run(new OhemSpec(0.5, 1, numClasses: 2, mode: OhemMode.MMSegSampler, scope: OhemScope.PerImage, reduction: OhemReduction.Sum), a, y, 2);
            Close(L(a, y, 0) + L(a, y, 1) + L(a, y, 3), m.Loss);
            Assert.Equal(3, m.Kept);
            Gradient(gm, a, y, 2, new[] { 1.0, 1, 0, 1 });

            // PaddleSeg per image, NMin = 1 < 2 valid: image 0 keeps its losses above τ, image 1 the ones above its
            // largest (none, strict): 0 + nothing.
            var (p, gp) = Run(new OhemSpec(0.5, 1, numClasses: 2, mode: OhemMode.PaddleSeg, scope: OhemScope.PerImage, reduction: OhemReduction.Sum), a, y, 2);
            Close(L(a, y, 0) + L(a, y, 1), p.Loss);
            Assert.Equal(2, p.Kept);
            Gradient(gp, a, y, 2, new[] { 1.0, 1, 0, 0 });
        }

        [Fact]
        public void PerImage_NMinPolicyThrow_NamesTheImageWithTheFewestValidPixels()
        {
            float[] a = { 2f, 1f, -3f, -2f, 1f, 0f };
            long[] y = { 0, 0, 0, 0, 0, I };
            // Images of 3 pixels: 3 and 2 valid. HRNet per image with NMin 2: image 1 has only 2 valid pixels.
            var spec = new OhemSpec(0.01, 2, numClasses: 2, mode: OhemMode.HRNet, scope: OhemScope.PerImage, nMinPolicy: OhemNMinPolicy.Throw);
            var e = Assert.Throws<ArgumentOutOfRangeException>("nMin", () => Run(spec, a, y, 2));
            Assert.Equal(2L, e.ActualValue);
            Assert.StartsWith("NMin = 2 is not less than the 2 valid pixels of image 1 (of 2; Scope = PerImage selects in each image), the candidates of Mode hrnet, and NMinPolicy = Throw.", e.Message);

            // MMSegSampler per image compares NMin itself (not NMin × N): NMin 1 is below every image's valid count.
            var (ok, _) = Run(new OhemSpec(0.01, 1, numClasses: 2, mode: OhemMode.MMSegSampler, scope: OhemScope.PerImage, nMinPolicy: OhemNMinPolicy.Throw), a, y, 2);
            Assert.Equal(2, ok.Kept);

            // Clamp (the mode's own clamp) and the default agree.
            var (d, _) = Run(new OhemSpec(0.01, 2, numClasses: 2, mode: OhemMode.HRNet, scope: OhemScope.PerImage), a, y, 2);
            var (c, _) = Run(new OhemSpec(0.01, 2, numClasses: 2, mode: OhemMode.HRNet, scope: OhemScope.PerImage, nMinPolicy: OhemNMinPolicy.Clamp), a, y, 2);
            Assert.Equal(d, c);
        }

        [Fact]
        public void PerImage_ClampAndValidOnly_BiSeNetV1_CountPerImage()
        {
            float[] a = { 2f, 1f, -3f, -2f };
            long[] y = { 0, 0, 0, I };
            // NMin = 5 ≥ H·W = 2 throws per image by default; Clamp makes it the image's 2 pixels (ignored zeros included).
            Assert.Throws<ArgumentOutOfRangeException>("nMin", () => Run(new OhemSpec(0.01, 5, numClasses: 2, scope: OhemScope.PerImage), a, y, 2));
            var (c, gc) = Run(new OhemSpec(0.01, 5, numClasses: 2, scope: OhemScope.PerImage, nMinPolicy: OhemNMinPolicy.Clamp), a, y, 2);
            Close(((L(a, y, 0) + L(a, y, 1)) / 2 + (L(a, y, 2) + 0) / 2) / 2, c.Loss);
            Assert.Equal(4, c.Kept);
            Gradient(gc, a, y, 2, new[] { 0.25, 0.25, 0.25, 0 });

            // ValidOnly: k = min(NMin, valid) per image, so image 1's mean is over its one valid pixel.
            var (v, gv) = Run(new OhemSpec(0.01, 5, numClasses: 2, scope: OhemScope.PerImage, candidates: OhemCandidates.ValidOnly), a, y, 2);
            Close(((L(a, y, 0) + L(a, y, 1)) / 2 + L(a, y, 2)) / 2, v.Loss);
            Assert.Equal(3, v.Kept);
            Gradient(gv, a, y, 2, new[] { 0.25, 0.25, 0.5, 0 });
        }

        [Fact]
        public void PerImage_Inclusive_HRNet_KeepsEachImagesTies()
        {
            // Image 0: two tied losses; image 1: two different. HRNet k = 1, rank 2 = the smaller key; τ = −ln 0.01 is
            // above everything. Strict: image 0 keeps nothing (NaN), image 1 its larger loss. Inclusive: all four.
            float[] a = { 1f, 1f, 2f, -1f };
            long[] y = { 0, 0, 0, 0 };
            var (strict, _) = Run(new OhemSpec(0.01, 1, numClasses: 2, mode: OhemMode.HRNet, scope: OhemScope.PerImage), a, y, 2);
            Assert.True(float.IsNaN(strict.Loss));
            Assert.Equal(1, strict.Kept);

            var (r, g) = Run(new OhemSpec(0.01, 1, numClasses: 2, mode: OhemMode.HRNet, scope: OhemScope.PerImage, comparison: OhemComparison.Inclusive), a, y, 2);
            Close((L(a, y, 0) + ((L(a, y, 2) + L(a, y, 3)) / 2)) / 2, r.Loss);
            Assert.Equal(4, r.Kept);
            Gradient(g, a, y, 2, new[] { 0.25, 0.25, 0.25, 0.25 });

            // Strict with OnEmpty = Zero: image 0 adds 0, image 1 its larger loss.
            var (z, gz) = Run(new OhemSpec(0.01, 1, numClasses: 2, mode: OhemMode.HRNet, scope: OhemScope.PerImage, onEmpty: OhemOnEmpty.Zero), a, y, 2);
            Close(L(a, y, 2) / 2, z.Loss);
            Gradient(gz, a, y, 2, new[] { 0, 0, 0.5, 0 });
        }

        // One image of four: pixels 0 (label 0, a = 2) and 1 (label 1, a = −2) tie at softplus(2); weights 1 and 4.
        private static readonly float[] TieA = { 2f, -2f, 0f, -1f };
        private static readonly long[] TieY = { 0, 1, 0, 0 };
        private static readonly double[] W = { 1, 4 };

        private static OhemSpec Weighted(OhemMode mode, long nMin, OhemComparison comparison = default, OhemOnEmpty onEmpty = default, OhemReduction reduction = default) =>
            new(0.01, nMin, numClasses: 2, mode: mode, classWeights: W, comparison: comparison, onEmpty: onEmpty, reduction: reduction);

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Weighted_HRNet_Inclusive_TheLevel4SumTakesBothTies(bool vectors)
        {
            // k = 1, rank 2: v = the tied softplus(2). Strict keeps nothing (NaN); inclusive keeps both ties, whose
            // weighted losses are 1·L and 4·L, over the kept count 2.
            double l = L(TieA, TieY, 0);
            var (strict, _) = Run(Weighted(OhemMode.HRNet, 1), TieA, TieY, 1, vectors);
            Assert.True(float.IsNaN(strict.Loss));
            Assert.Equal(0, strict.Kept);

            var (r, g) = Run(Weighted(OhemMode.HRNet, 1, OhemComparison.Inclusive), TieA, TieY, 1, vectors);
            Close(5 * l / 2, r.Loss);
            Assert.Equal(2, r.Kept);
            Gradient(g, TieA, TieY, 1, new[] { 0.5, 0.5, 0, 0 }, W);

            var (s, gs) = Run(Weighted(OhemMode.HRNet, 1, OhemComparison.Inclusive, reduction: OhemReduction.Sum), TieA, TieY, 1, vectors);
            Close(5 * l, s.Loss);
            Gradient(gs, TieA, TieY, 1, new[] { 1.0, 1, 0, 0 }, W);
        }

        [Fact]
        public void Weighted_EmptySelection_OnEmptyAppliesAfterTheWeightedSum()
        {
            // HRNet strict keeps nothing: NaN by default, 0 with Zero, an exception with Throw; the gradient is zero.
            var (z, gz) = Run(Weighted(OhemMode.HRNet, 1, onEmpty: OhemOnEmpty.Zero), TieA, TieY, 1);
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(z.Loss));
            Assert.Equal(0, z.Kept);
            Gradient(gz, TieA, TieY, 1, new double[4], W);
            Assert.Throws<InvalidOperationException>(() => Run(Weighted(OhemMode.HRNet, 1, onEmpty: OhemOnEmpty.Throw), TieA, TieY, 1));

            // MMSegSampler (k = 1 as well): 0 by default (0 / M), NaN with OnEmpty = NaN.
            var (m, _) = Run(Weighted(OhemMode.MMSegSampler, 1), TieA, TieY, 1);
            Assert.Equal(0f, m.Loss);
            var (mn, gmn) = Run(Weighted(OhemMode.MMSegSampler, 1, onEmpty: OhemOnEmpty.NaN), TieA, TieY, 1);
            Assert.True(float.IsNaN(mn.Loss));
            Gradient(gmn, TieA, TieY, 1, new double[4], W);
        }

        [Fact]
        public void Weighted_PaddleSegAndMMSeg_Inclusive_SumAndMean()
        {
            double l = L(TieA, TieY, 0);
            // PaddleSeg, NMin = 2 < 4 valid: mining at the 2nd largest key, the tie; inclusive keeps both.
            var (p, gp) = Run(Weighted(OhemMode.PaddleSeg, 2, OhemComparison.Inclusive), TieA, TieY, 1);
            double divisor = 2 + (1e-5 * 4);
            Close(5 * l / divisor, p.Loss);
            Assert.Equal(2, p.Kept);
            Gradient(gp, TieA, TieY, 1, new[] { 1 / divisor, 1 / divisor, 0, 0 }, W);
            var (ps, _) = Run(Weighted(OhemMode.PaddleSeg, 2, OhemComparison.Inclusive, reduction: OhemReduction.Sum), TieA, TieY, 1);
            Close(5 * l, ps.Loss);

            // MMSegSampler, k = 1: inclusive keeps both ties, over M = 4.
            var (m, gm) = Run(Weighted(OhemMode.MMSegSampler, 1, OhemComparison.Inclusive), TieA, TieY, 1);
            Close(5 * l / 4, m.Loss);
            Gradient(gm, TieA, TieY, 1, new[] { 0.25, 0.25, 0, 0 }, W);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Weighted_BiSeNetV1_Inclusive_AtThreshOne_KeepsZeroWeightPixels(bool vectors)
        {
            // Thresh = 1: τ = 0. The weighted loss of a class with weight 0 is 0: strict (> 0) drops those pixels,
            // inclusive (≥ 0, valid pixels only) keeps them, with a zero gradient, and counts them in the mean.
            float[] a = { 2f, -2f, 0f, 3f };
            long[] y = { 0, 1, 1, I };
            var w = new[] { 0.0, 2.0 };
            double s = 2 * (L(a, y, 1) + L(a, y, 2));
            var (strict, gs) = Run(new OhemSpec(1.0, 0, numClasses: 2, classWeights: w), a, y, 1, vectors);
            Close(s / 2, strict.Loss);
            Assert.Equal(2, strict.Kept);
            Gradient(gs, a, y, 1, new[] { 0, 0.5, 0.5, 0 }, w);

            var (inc, gi) = Run(new OhemSpec(1.0, 0, numClasses: 2, classWeights: w, comparison: OhemComparison.Inclusive), a, y, 1, vectors);
            Close(s / 3, inc.Loss);
            Assert.Equal(3, inc.Kept);
            // Pixel 0 is kept with weight 0: its gradient is (±0)·…, compared as 0 within 1e-7.
            Gradient(gi, a, y, 1, new[] { 1.0 / 3, 1.0 / 3, 1.0 / 3, 0 }, w);
        }

        [Fact]
        public void Weighted_BiSeNetV1_ValidOnlySum_TopKOfTheWeightedValidLosses()
        {
            // NMin 10 ≥ M = 4 would throw over all pixels; ValidOnly makes k = 3 (the valid pixels); Sum adds their
            // weighted losses: 1·L0 + 4·L1 + 1·L2.
            float[] a = { 2f, -2f, 0f, 5f };
            long[] y = { 0, 1, 0, I };
            var (r, g) = Run(new OhemSpec(0.01, 10, numClasses: 2, classWeights: W, candidates: OhemCandidates.ValidOnly, reduction: OhemReduction.Sum), a, y, 1);
            Close(L(a, y, 0) + (4 * L(a, y, 1)) + L(a, y, 2), r.Loss);
            Assert.Equal(3, r.Kept);
            Gradient(g, a, y, 1, new[] { 1.0, 1, 1, 0 }, W);
        }

        [Fact]
        public void WeightedPerImage_Inclusive_PaddleSeg_Zero()
        {
            // Two images: image 0 is the weighted tie case cut to two pixels (both tie: PaddleSeg NMin 1 < 2 valid
            // mines at the largest key, the tie; inclusive keeps both); image 1 is all ignored (0 with Zero, which is
            // PaddleSeg's own value too).
            float[] a = { 2f, -2f, 0f, 0f };
            long[] y = { 0, 1, I, I };
            double l = L(a, y, 0);
            var spec = new OhemSpec(0.01, 1, numClasses: 2, mode: OhemMode.PaddleSeg, classWeights: W, scope: OhemScope.PerImage, comparison: OhemComparison.Inclusive, onEmpty: OhemOnEmpty.Zero);
            var (r, g) = Run(spec, a, y, 2);
            double divisor = 2 + (1e-5 * 2);
            Close((5 * l / divisor) / 2, r.Loss);
            Assert.Equal(2, r.Kept);
            Gradient(g, a, y, 2, new[] { 0.5 / divisor, 0.5 / divisor, 0, 0 }, W);
        }
    }
}
