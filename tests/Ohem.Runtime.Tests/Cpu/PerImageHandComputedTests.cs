using System;
using Ohem.Cpu;
using Ohem.Runtime.Tests.Support;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// Per-image selection and PaddleSegBootstrapped by hand, on the four pixels of <see cref="SumModeHandComputedTests"/>
    /// split into two 1×2 images: C = 2, class-0 logits 0, class-1 logits a = {2, −2 | 0, 1}, labels 0, so
    /// loss = softplus(a) = {2.127, 0.127 | 0.693, 1.313}. Image 0 holds pixels 0 and 1, image 1 pixels 2 and 3.
    /// </summary>
    public sealed class PerImageHandComputedTests
    {
        private static readonly float[] A = { 2f, -2f, 0f, 1f };
        private static readonly long[] AllValid = { 0, 0, 0, 0 };
        private static readonly OhemShape TwoImages = new(2, 2, 1, 2);

        /// <summary>The per-pixel loss as the engine computes it in float32 (the per-image means are of these).</summary>
        private static double L(int pixel) => OhemScalarMath.PixelLoss(new[] { 0f, A[pixel] }, 0);

        private static void Close(double expected, float actual) =>
            Assert.True(Math.Abs(actual - expected) <= 4e-7 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

        private static (OhemResult Result, float[] Gradient) Run(OhemSpec spec, long[] labels, float upstream = 1f)
        {
            float[] x = { 0f, 0f, A[0], A[1], 0f, 0f, A[2], A[3] };
            using var engine = new CpuOhemEngine(spec, 2);
            OhemResult r = engine.Forward<float, long>(x, labels, TwoImages);
            var g = new float[TwoImages.Logits];
            g.AsSpan().Fill(float.NaN);
            engine.Backward<float, long>(x, labels, TwoImages, g, upstream);
            return (r, g);
        }

        /// <summary>The class-1 gradient of pixel p (NCHW of two 1×2 images) must be σ(a)·scale, class 0 its negation; 0 when scale is 0.</summary>
        private static void Gradient(float[] g, int pixel, double scale)
        {
            int n = pixel / 2, hw = pixel % 2;
            float g0 = g[(n * 4) + hw], g1 = g[(n * 4) + 2 + hw];
            if (scale == 0)
            {
                Assert.Equal(0u, BitConverter.SingleToUInt32Bits(g0));
                Assert.Equal(0u, BitConverter.SingleToUInt32Bits(g1));
                return;
            }

            double sigma = 1 / (1 + Math.Exp(-A[pixel]));
            Assert.True(Math.Abs(g1 - (sigma * scale)) < 1e-7, $"pixel {pixel}: {g1:R}, expected {sigma * scale:R}");
            Assert.True(Math.Abs(g0 + (sigma * scale)) < 1e-7, $"pixel {pixel}: {g0:R}");
        }

        [Fact]
        public void BiSeNetV1_PerImageDiffersFromPerBatch()
        {
            // τ = −ln 0.7 = 0.357, NMin = 1. Per batch: 3 losses above τ (> 1) → their mean.
            var (batch, _) = Run(new OhemSpec(0.7, 1, numClasses: 2), AllValid);
            Assert.Equal(OhemRule.AboveThreshold, batch.Rule);
            Assert.Equal(3, batch.Kept);
            Close((L(0) + L(2) + L(3)) / 3, batch.Loss);

            // Per image: image 0 has one loss above τ (not more than 1) → its top 1, L0; image 1 has two → (L2 + L3) / 2.
            var (r, g) = Run(new OhemSpec(0.7, 1, numClasses: 2, scope: OhemScope.PerImage), AllValid);
            Close((L(0) + ((L(2) + L(3)) / 2)) / 2, r.Loss);
            Assert.Equal(3, r.Kept);
            Assert.Equal(4, r.ValidPixels);
            Assert.Equal(4, r.Pixels);
            // Image 0 used the top-k rule: the batch reports it, with image 0's cut-off (its largest loss).
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal((float)L(0), r.Threshold);
            // g / N · the image's gradient: 1/2 · 1/1 for pixel 0, 1/2 · 1/2 for pixels 2 and 3.
            Gradient(g, 0, 0.5);
            Gradient(g, 1, 0);
            Gradient(g, 2, 0.25);
            Gradient(g, 3, 0.25);
        }

        [Fact]
        public void BiSeNetV1_PerImage_UpstreamScalesTheGradient()
        {
            var (_, g) = Run(new OhemSpec(0.7, 1, numClasses: 2, scope: OhemScope.PerImage), AllValid, upstream: 3f);
            Gradient(g, 0, 1.5);
            Gradient(g, 2, 0.75);
        }

        [Fact]
        public void EveryImageAboveThreshold_ReportsTheThreshold()
        {
            // τ = −ln 0.95 = 0.0513: every loss is above it; NMin = 0 → each image keeps both → the mean of the two means.
            var (r, g) = Run(new OhemSpec(0.95, 0, numClasses: 2, scope: OhemScope.PerImage), AllValid);
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(OhemSpec.ThreshLossOf(0.95), r.Threshold);
            Assert.Equal(4, r.Kept);
            Close((((L(0) + L(1)) / 2) + ((L(2) + L(3)) / 2)) / 2, r.Loss);
            for (int p = 0; p < 4; ++p)
            {
                Gradient(g, p, 0.25);
            }
        }

        [Fact]
        public void AnImageWithNothingKept_MakesTheBatchNaN()
        {
            // τ = −ln 0.2 = 1.609, NMin = 0: image 0 keeps L0 (above τ); image 1 has nothing above τ and n_min = 0, so its
            // mean is of nothing: NaN, as PaddleSeg's per-image loop sums it. Its pixels get no gradient; image 0's do.
            var (r, g) = Run(new OhemSpec(0.2, 0, numClasses: 2, scope: OhemScope.PerImage), AllValid);
            Assert.True(float.IsNaN(r.Loss));
            Assert.Equal(1, r.Kept);
            Gradient(g, 0, 0.5);
            Gradient(g, 1, 0);
            Gradient(g, 2, 0);
            Gradient(g, 3, 0);
        }

        [Fact]
        public void PaddleSeg_AnIgnoredImageContributesZero()
        {
            // PaddleSeg per image, NMin = 0 (no mining): image 0 is Σ/(2 + 1e-5·2); image 1 is all ignored: 0 / (0 + 1e-5·2) = 0.
            var (r, g) = Run(new OhemSpec(0.7, 0, numClasses: 2, mode: OhemMode.PaddleSeg, scope: OhemScope.PerImage), new long[] { 0, 0, 255, 255 });
            double divisor = 2 + (1e-5 * 2);
            Close(((L(0) + L(1)) / divisor) / 2, r.Loss);
            Assert.Equal(2, r.Kept);
            Assert.Equal(2, r.ValidPixels);
            Gradient(g, 0, 1 / (divisor * 2));
            Gradient(g, 1, 1 / (divisor * 2));
            Gradient(g, 2, 0);
            Gradient(g, 3, 0);
        }

        [Fact]
        public void TopKPercent_KIsPerImage()
        {
            // f = 0.75: per batch k = ⌊3⌋ = 3 (L0, L3, L2); per image k = ⌊1.5⌋ = 1 each (L0; L3).
            var (batch, _) = Run(new OhemSpec(mode: OhemMode.TopKPercent, fraction: 0.75, numClasses: 2), AllValid);
            Close((L(0) + L(3) + L(2)) / 3, batch.Loss);
            var (r, g) = Run(new OhemSpec(mode: OhemMode.TopKPercent, fraction: 0.75, numClasses: 2, scope: OhemScope.PerImage), AllValid);
            Close((L(0) + L(3)) / 2, r.Loss);
            Assert.Equal(2, r.Kept);
            Gradient(g, 0, 0.5);
            Gradient(g, 1, 0);
            Gradient(g, 2, 0);
            Gradient(g, 3, 0.5);
        }

        [Fact]
        public void NMinAtLeastTheImagePixels_ThrowsNamingNMin()
        {
            // NMin = 2 < N·H·W = 4 is fine per batch, but each image has H·W = 2 pixels.
            float[] x = new float[8];
            using var engine = new CpuOhemEngine(new OhemSpec(0.7, 2, numClasses: 2, scope: OhemScope.PerImage), 1);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => engine.Forward<float, long>(x, AllValid, TwoImages));
            Assert.Equal("nMin", e.ParamName);
            Assert.Equal(2L, e.ActualValue);
            Assert.Contains("pixel count of one image H·W = 2", e.Message, StringComparison.Ordinal);
            using var bootstrapped = new CpuOhemEngine(new OhemSpec(0.3, 2, numClasses: 2, mode: OhemMode.PaddleSegBootstrapped), 1);
            e = Assert.Throws<ArgumentOutOfRangeException>(() => bootstrapped.Forward<float, long>(x, AllValid, TwoImages));
            Assert.Equal("nMin", e.ParamName);
            using var perBatch = new CpuOhemEngine(new OhemSpec(0.7, 2, numClasses: 2), 1);
            Assert.Equal(4, perBatch.Forward<float, long>(x, AllValid, TwoImages).Kept);
            // Modes that clamp NMin do not throw per image either.
            using var hrnet = new CpuOhemEngine(new OhemSpec(0.7, 2, numClasses: 2, mode: OhemMode.HRNet, scope: OhemScope.PerImage), 1);
            hrnet.Forward<float, long>(x, AllValid, TwoImages);
        }

        [Fact]
        public void ABadLabelInTheSecondImage_IsReportedAtItsBatchIndex()
        {
            using var engine = new CpuOhemEngine(new OhemSpec(0.7, 1, numClasses: 2, scope: OhemScope.PerImage), 1);
            var e = Assert.Throws<ArgumentException>(() => engine.Forward<float, long>(new float[8], new long[] { 0, 0, 0, 7 }, TwoImages));
            Assert.Equal("labels", e.ParamName);
            Assert.StartsWith("labels[3] = 7 is neither", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Bootstrapped_ThreshIsALossThreshold()
        {
            // loss_th = 1.0 (a loss, not a probability), min_K = 1. Image 0 sorted {2.127, 0.127}: sorted[1] = 0.127 ≤ 1
            // → top 1 = L0. Image 1 sorted {1.313, 0.693}: sorted[1] = 0.693 ≤ 1 → top 1 = L3. Mean of the two.
            var (r, g) = Run(new OhemSpec(1.0, 1, numClasses: 2, mode: OhemMode.PaddleSegBootstrapped), AllValid);
            Close((L(0) + L(3)) / 2, r.Loss);
            Assert.Equal(2, r.Kept);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Gradient(g, 0, 0.5);
            Gradient(g, 1, 0);
            Gradient(g, 2, 0);
            Gradient(g, 3, 0.5);
        }

        [Fact]
        public void Bootstrapped_KeepsAboveLossThresholdWhenSortedKIsAbove()
        {
            // loss_th = 0.1, min_K = 1: sorted[1] = 0.127 > 0.1 in image 0 → both; 0.693 > 0.1 in image 1 → both.
            var (r, g) = Run(new OhemSpec(0.1, 1, numClasses: 2, mode: OhemMode.PaddleSegBootstrapped), AllValid);
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(0.1f, r.Threshold);
            Assert.Equal(4, r.Kept);
            Close((((L(0) + L(1)) / 2) + ((L(2) + L(3)) / 2)) / 2, r.Loss);
            Gradient(g, 1, 0.25);
        }

        [Fact]
        public void Bootstrapped_ATieAtTheLossThresholdIsNotAbove()
        {
            // loss_th exactly L1 in float32, min_K = 1: `sorted[1] > loss_th` is false (strict), so image 0 keeps its top 1.
            var (r, _) = Run(new OhemSpec(L(1), 1, numClasses: 2, mode: OhemMode.PaddleSegBootstrapped), AllValid);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Close((L(0) + ((L(2) + L(3)) / 2)) / 2, r.Loss);
            Assert.Equal(3, r.Kept);
        }

        [Fact]
        public void Bootstrapped_NoMinKAndNothingAboveIsNaN()
        {
            // min_K = 0 and loss_th above every loss: sorted[0] ≤ loss_th → sorted[:0], whose mean is NaN (Paddle too).
            var (r, g) = Run(new OhemSpec(5.0, 0, numClasses: 2, mode: OhemMode.PaddleSegBootstrapped), AllValid);
            Assert.True(float.IsNaN(r.Loss));
            Assert.Equal(0, r.Kept);
            Assert.All(g, v => Assert.Equal(0u, BitConverter.SingleToUInt32Bits(v)));
        }

        /// <summary>Per image is, bit for bit, the per-batch engine on each image alone, averaged in fp64 over the float losses.</summary>
        [Theory]
        [InlineData(OhemMode.BiSeNetV1, 0.7, 3_000L, 0.0, 12f)]
        [InlineData(OhemMode.BiSeNetV1, 0.7, 100L, 0.0, 0f)]
        [InlineData(OhemMode.BiSeNetV2, 0.7, 0L, 0.0, 0f)]
        [InlineData(OhemMode.HRNet, 0.7, 3_000L, 0.0, 12f)]
        [InlineData(OhemMode.TopKPercent, 0.7, 0L, 0.3, 6f)]
        [InlineData(OhemMode.MMSegSampler, 0.7, 3_000L, 0.0, 12f)]
        [InlineData(OhemMode.PaddleSeg, 0.7, 3_000L, 0.0, 12f)]
        [InlineData(OhemMode.PaddleSegBootstrapped, 0.3, 3_000L, 0.0, 12f)]
        public void PerImageIsTheMeanOfEachImageAlone(OhemMode mode, double thresh, long nMin, double fraction, float boost)
        {
            var shape = new OhemShape(3, 5, 60, 70);
            var image = new OhemShape(1, 5, 60, 70);
            var rng = new Random(31);
            float[] x = Inputs.Logits(rng, shape);
            long[] y = Inputs.Labels(rng, shape, 255);
            Inputs.Sharpen(x, y, shape, 255, rng, boost);
            var perImage = new OhemSpec(thresh, nMin, 255, 5, mode: mode, fraction: fraction, scope: OhemScope.PerImage);
            // The per-batch rule applied to one image: PaddleSegBootstrapped is the seed's rule with the raw loss threshold.
            var alone = new OhemSpec(thresh, nMin, 255, 5, mode: mode, fraction: fraction);
            using var engine = new CpuOhemEngine(perImage, 2);
            OhemResult r = engine.Forward<float, long>(x, y, shape);
            var g = new float[shape.Logits];
            engine.Backward<float, long>(x, y, shape, g, 2f);

            using var single = new CpuOhemEngine(alone, 2);
            double sum = 0;
            long kept = 0, valid = 0;
            int planeLogits = 5 * 60 * 70, plane = 60 * 70;
            for (int n = 0; n < 3; ++n)
            {
                float[] xn = x.AsSpan(n * planeLogits, planeLogits).ToArray();
                long[] yn = y.AsSpan(n * plane, plane).ToArray();
                OhemResult rn = single.Forward<float, long>(xn, yn, image);
                var gn = new float[planeLogits];
                single.Backward<float, long>(xn, yn, image, gn, 2f);
                sum += rn.Loss;
                kept += rn.Kept;
                valid += rn.ValidPixels;
                for (int i = 0; i < planeLogits; ++i)
                {
                    float expected = gn[i] / 3;
                    float actual = g[(n * planeLogits) + i];
                    // g/(N·kept) rounded once against (g/kept)/N rounded twice: a few float ulps apart.
                    Assert.True(Math.Abs(actual - expected) <= 5e-7 * Math.Abs(expected), $"image {n}, element {i}: {actual:R} vs {expected:R}");
                    Assert.Equal(gn[i] == 0, actual == 0);
                }
            }

            Assert.Equal(BitConverter.SingleToUInt32Bits((float)(sum / 3)), BitConverter.SingleToUInt32Bits(r.Loss));
            Assert.Equal(kept, r.Kept);
            Assert.Equal(valid, r.ValidPixels);
            Assert.False(float.IsNaN(r.Loss));
        }

        [Fact]
        public void OneImagePerImageIsPerBatchBitForBit()
        {
            var shape = new OhemShape(1, 19, 90, 110);
            var rng = new Random(32);
            float[] x = Inputs.Logits(rng, shape);
            long[] y = Inputs.Labels(rng, shape, 255);
            Inputs.Sharpen(x, y, shape, 255, rng, 12f);
            foreach (OhemMode mode in new[] { OhemMode.BiSeNetV1, OhemMode.HRNet, OhemMode.MMSegSampler, OhemMode.PaddleSeg })
            {
                using var a = new CpuOhemEngine(new OhemSpec(0.7, 2_000, 255, 19, mode: mode), 2);
                using var b = new CpuOhemEngine(new OhemSpec(0.7, 2_000, 255, 19, mode: mode, scope: OhemScope.PerImage), 2);
                var ga = new float[shape.Logits];
                var gb = new float[shape.Logits];
                OhemResult ra = a.Forward<float, long>(x, y, shape);
                OhemResult rb = b.Forward<float, long>(x, y, shape);
                a.Backward<float, long>(x, y, shape, ga);
                b.Backward<float, long>(x, y, shape, gb);
                Assert.Equal(ra, rb);
                Assert.True(ga.AsSpan().SequenceEqual(gb), mode.ToString());
            }
        }

        [Fact]
        public void WarmPerImageCallsAllocateNothing()
        {
            var shape = new OhemShape(4, 19, 50, 60);
            var rng = new Random(33);
            float[] x = Inputs.Logits(rng, shape);
            long[] y = Inputs.Labels(rng, shape, 255);
            Inputs.Sharpen(x, y, shape, 255, rng, 20f);
            var g = new float[shape.Logits];
            using var engine = new CpuOhemEngine(new OhemSpec(0.7, 2_000, 255, 19, scope: OhemScope.PerImage), 2);
            engine.Forward<float, long>(x, y, shape);
            engine.Backward<float, long>(x, y, shape, g);
            long before = GC.GetAllocatedBytesForCurrentThread();
            engine.Forward<float, long>(x, y, shape);
            engine.Backward<float, long>(x, y, shape, g);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
