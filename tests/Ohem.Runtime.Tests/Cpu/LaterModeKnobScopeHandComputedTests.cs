using System;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// The policy knobs of modes 6-10 per image and with class weights, hand-computed. The batch is two images of two
    /// pixels (C = 2, class-0 logits 0, class-1 logits a = {2, −2 | 0, 1}, labels 0): loss = softplus(a) =
    /// {2.127, 0.127 | ln 2, 1.313}, true-class probabilities {.119, .881 | .5, .269}.
    /// </summary>
    public sealed class LaterModeKnobScopeHandComputedTests
    {
        private static readonly float[] A = { 2f, -2f, 0f, 1f };
        private static readonly long[] AllValid = { 0, 0, 0, 0 };

        private static double L(int pixel) => Math.Log(1 + Math.Exp(A[pixel]));

        private static double F(int pixel) => OhemScalarMath.PixelLoss(new[] { 0f, A[pixel] }, 0);

        private static void Close(double expected, float actual) =>
            Assert.True(Math.Abs(actual - expected) <= 4e-7 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

        private static OhemShape Shape => new(2, 2, 1, 2);

        private static float[] Logits => new[] { 0f, 0f, A[0], A[1], 0f, 0f, A[2], A[3] };

        private static (OhemResult Result, float[] Gradient) Run(OhemSpec spec, long[] labels)
        {
            using var engine = new CpuOhemEngine(spec, 2);
            OhemResult r = engine.Forward<float, long>(Logits, labels, Shape);
            var g = new float[8];
            g.AsSpan().Fill(float.NaN);
            engine.Backward<float, long>(Logits, labels, Shape, g);
            return (r, new[] { g[0], g[1], g[4], g[5], g[2], g[3], g[6], g[7] });
        }

        private static Exception Refused(OhemSpec spec, long[] labels)
        {
            using var engine = new CpuOhemEngine(spec, 1);
            var e = Record.Exception(() => engine.Forward<float, long>(Logits, labels, Shape));
            Assert.NotNull(e);
            Assert.Throws<InvalidOperationException>(() => engine.Backward<float, long>(Logits, labels, Shape, new float[8]));
            return e!;
        }

        /// <summary>Which pixels got a gradient; each must be ∓σ(a)·scale[p], and the others exactly 0.</summary>
        private static bool[] KeptPixels(float[] g, params double[] scale)
        {
            var result = new bool[4];
            for (int p = 0; p < 4; ++p)
            {
                result[p] = g[4 + p] != 0;
                if (result[p])
                {
                    double sigma = 1 / (1 + Math.Exp(-A[p]));
                    double s = scale.Length == 1 ? scale[0] : scale[p];
                    Assert.True(Math.Abs(g[4 + p] - (sigma * s)) < 1e-7, $"pixel {p}: {g[4 + p]:R}");
                    Assert.True(Math.Abs(g[p] + (sigma * s)) < 1e-7, $"pixel {p}: {g[p]:R}");
                }
                else
                {
                    Assert.Equal(0u, BitConverter.SingleToUInt32Bits(g[p]));
                }
            }

            return result;
        }

        // ---- Scope = PerImage ----

        [Fact]
        public void MMSegByLoss_PerImage_Sum_AddsEachImagesTopNMin()
        {
            // NMin 1 per image: image 0 keeps pixel 0, image 1 pixel 3; Sum: no divisor (not H·W, not N).
            var (r, g) = Run(new OhemSpec(nMin: 1, numClasses: 2, mode: OhemMode.MMSegByLoss, scope: OhemScope.PerImage, reduction: OhemReduction.Sum), AllValid);
            Assert.Equal(2, r.Kept);
            Close(F(0) + F(3), r.Loss);
            Assert.Equal(new[] { true, false, false, true }, KeptPixels(g, 1.0));
        }

        [Fact]
        public void MMSegByLoss_PerImage_NMinThrow_NamesTheImageWithTooFewValidPixels()
        {
            // NMin 2 is each image's H·W: exactly the valid count is a full top-k, no error.
            var (ok, _) = Run(new OhemSpec(nMin: 2, numClasses: 2, mode: OhemMode.MMSegByLoss, scope: OhemScope.PerImage, nMinPolicy: OhemNMinPolicy.Throw), AllValid);
            Close(((F(0) + F(1)) / 2 + (F(2) + F(3)) / 2) / 2, ok.Loss);

            var e = Assert.IsType<ArgumentOutOfRangeException>(Refused(
                new OhemSpec(nMin: 2, numClasses: 2, mode: OhemMode.MMSegByLoss, scope: OhemScope.PerImage, nMinPolicy: OhemNMinPolicy.Throw), new long[] { 0, 0, 0, 255 }));
            Assert.Equal("nMin", e.ParamName);
            Assert.StartsWith("NMin = 2 is more than the 1 valid pixels of image 1 (of 2; Scope = PerImage selects in each image), the candidates of Mode mmseg-loss, and NMinPolicy = Throw.", e.Message);
        }

        [Fact]
        public void TorchSeg_PerImage_StrictWithOnEmptyZero_AnEmptyImageAddsZero()
        {
            // Thresh .1, min_kept 2. Image 0: θ = max(p₍₁₎ = .881, .1), p < θ keeps pixel 0. Image 1 has no valid pixel:
            // nothing kept, 0 with OnEmpty = Zero. The mean over the two images; pixel 0's gradient σ / (2 · 1).
            var spec = new OhemSpec(0.1, 2, numClasses: 2, mode: OhemMode.TorchSeg, scope: OhemScope.PerImage, comparison: OhemComparison.Strict, onEmpty: OhemOnEmpty.Zero);
            var (r, g) = Run(spec, new long[] { 0, 0, 255, 255 });
            Assert.Equal(1, r.Kept);
            Close(F(0) / 2, r.Loss);
            Assert.Equal(new[] { true, false, false, false }, KeptPixels(g, 0.5));

            // Both images mine: image 1 keeps pixel 3 (p .269 < θ = .5).
            var (both, gb) = Run(spec, AllValid);
            Close((F(0) + F(3)) / 2, both.Loss);
            Assert.Equal(new[] { true, false, false, true }, KeptPixels(gb, 0.5));

            // Clamp: min_kept 3 > 2 valid mines at k = 2 in each image, the same selection as min_kept 2.
            var (clamp, _) = Run(new OhemSpec(0.1, 3, numClasses: 2, mode: OhemMode.TorchSeg, scope: OhemScope.PerImage, comparison: OhemComparison.Strict, nMinPolicy: OhemNMinPolicy.Clamp), AllValid);
            Assert.Equal(BitConverter.SingleToUInt32Bits(both.Loss), BitConverter.SingleToUInt32Bits(clamp.Loss));
        }

        [Fact]
        public void TorchSeg_PerImage_Throw_NamesTheImage()
        {
            var empty = Assert.IsType<InvalidOperationException>(Refused(
                new OhemSpec(0.1, 2, numClasses: 2, mode: OhemMode.TorchSeg, scope: OhemScope.PerImage, comparison: OhemComparison.Strict, onEmpty: OhemOnEmpty.Throw), new long[] { 0, 0, 255, 255 }));
            Assert.StartsWith("No pixel was selected in image 1 (of 2; Scope = PerImage selects in each image); Mode torchseg with OnEmpty = Throw, spec ", empty.Message);

            var nMin = Assert.IsType<ArgumentOutOfRangeException>(Refused(
                new OhemSpec(0.1, 2, numClasses: 2, mode: OhemMode.TorchSeg, scope: OhemScope.PerImage, nMinPolicy: OhemNMinPolicy.Throw), new long[] { 0, 255, 0, 0 }));
            Assert.Equal("nMin", nMin.ParamName);
            Assert.StartsWith("NMin = 2 is more than the 1 valid pixels of image 0 (of 2; Scope = PerImage selects in each image), the candidates of Mode torchseg, and NMinPolicy = Throw.", nMin.Message);
        }

        [Fact]
        public void PytorchLoss_PerImage_StrictAndNMinThrowAgainstEachImagesPixels()
        {
            // Thresh .5, n_min 1: image 0 keeps p < .5 = pixel 0; image 1 keeps pixel 3 (p = .5 is not below .5).
            var (r, g) = Run(new OhemSpec(0.5, 1, numClasses: 2, mode: OhemMode.PytorchLossOhem, scope: OhemScope.PerImage, comparison: OhemComparison.Strict), AllValid);
            Assert.Equal(2, r.Kept);
            Close((F(0) + F(3)) / 2, r.Loss);
            Assert.Equal(new[] { true, false, false, true }, KeptPixels(g, 0.5));

            // n_min 2 is each image's H·W (the batch's N·H·W is 4): refused before the forward.
            using var engine = new CpuOhemEngine(new OhemSpec(0.5, 2, numClasses: 2, mode: OhemMode.PytorchLossOhem, scope: OhemScope.PerImage, nMinPolicy: OhemNMinPolicy.Throw), 1);
            var e = Assert.Throws<ArgumentOutOfRangeException>("nMin", () => engine.Forward<float, long>(Logits, AllValid, Shape));
            Assert.StartsWith("NMin = 2 is not less than the 2 pixels (H·W) of each image (Scope = PerImage selects in each image), the candidates of Mode pytorch-loss, which does not mine then; NMinPolicy = Throw.", e.Message);
        }

        [Fact]
        public void DeepLabTF_PerImage_Sum_And_ModelGarden_PerImage_ValidOnly()
        {
            // f = .5: k = 1 per image. DeepLabTF Sum: pixel 0 + pixel 3, gradient σ.
            var (tf, gt) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLabTF, fraction: 0.5, scope: OhemScope.PerImage, reduction: OhemReduction.Sum), AllValid);
            Close(F(0) + F(3), tf.Loss);
            Assert.Equal(new[] { true, false, false, true }, KeptPixels(gt, 1.0));

            // ModelGarden ValidOnly, pixel 3 ignored: image 0 k = int(.5·2) = 1 → ℓ₀ / (1 + 1e-5); image 1 k = int(.5·1) = 0 → 0.
            var (mg, gm) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.ModelGarden, fraction: 0.5, scope: OhemScope.PerImage, candidates: OhemCandidates.ValidOnly), new long[] { 0, 0, 0, 255 });
            Assert.Equal(1, mg.Kept);
            Close(F(0) / (1 + 1e-5) / 2, mg.Loss);
            Assert.Equal(new[] { true, false, false, false }, KeptPixels(gm, 1 / (2 * (1 + 1e-5))));
        }

        // ---- ClassWeights (the loss-domain modes rank ℓ' = w[y]·ℓ) ----

        [Fact]
        public void MMSegByLoss_Weighted_Sum_IsTheWeightedTopK()
        {
            // w = {2, .5}, labels 0: ℓ' = 2ℓ. NMin 1 × N 2 = 2: pixels 0 and 3. Sum: Σ ℓ', gradient w·σ·g.
            var spec = new OhemSpec(nMin: 1, numClasses: 2, mode: OhemMode.MMSegByLoss, classWeights: new[] { 2.0, 0.5 }, reduction: OhemReduction.Sum);
            var (r, g) = Run(spec, AllValid);
            Assert.Equal(2, r.Kept);
            Close(2 * (F(0) + F(3)), r.Loss);
            Assert.Equal(new[] { true, false, false, true }, KeptPixels(g, 2.0));
        }

        [Fact]
        public void DeepLabTF_Weighted_AllWeightsZero_IsAnEmptySelection_ThatOnEmptyDecides()
        {
            // w = {0, 1}, labels 0: every ℓ' is 0, so the top k = 2 holds no non-zero loss: 0 by default (_div_maybe_zero).
            double[] w = { 0.0, 1.0 };
            var (own, g) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLabTF, fraction: 0.5, classWeights: w), AllValid);
            Assert.Equal((0L, 0u), (own.Kept, BitConverter.SingleToUInt32Bits(own.Loss)));
            Assert.All(g, v => Assert.Equal(0u, BitConverter.SingleToUInt32Bits(v)));

            var (nan, gn) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLabTF, fraction: 0.5, classWeights: w, onEmpty: OhemOnEmpty.NaN), AllValid);
            Assert.True(float.IsNaN(nan.Loss));
            Assert.All(gn, v => Assert.Equal(0u, BitConverter.SingleToUInt32Bits(v)));

            var e = Assert.IsType<InvalidOperationException>(Refused(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLabTF, fraction: 0.5, classWeights: w, onEmpty: OhemOnEmpty.Throw), AllValid));
            Assert.StartsWith("No pixel was selected: none of the 4 valid pixels (of 4) passed the rule; Mode deeplab-tf with OnEmpty = Throw", e.Message);
        }

        [Fact]
        public void ModelGarden_Weighted_PerImage_ValidOnly()
        {
            // w = {2, .5}, pixel 3 ignored, f = .5: image 0 k = 1 → 2ℓ₀ / (1 + 1e-5); image 1 k = int(.5·1) = 0 → 0; the mean.
            var spec = new OhemSpec(numClasses: 2, mode: OhemMode.ModelGarden, fraction: 0.5, classWeights: new[] { 2.0, 0.5 }, scope: OhemScope.PerImage, candidates: OhemCandidates.ValidOnly);
            var (r, g) = Run(spec, new long[] { 0, 0, 0, 255 });
            Assert.Equal(1, r.Kept);
            Close(2 * F(0) / (1 + 1e-5) / 2, r.Loss);
            Assert.Equal(new[] { true, false, false, false }, KeptPixels(g, 2 / (2 * (1 + 1e-5))));
        }
    }
}
