using System;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// OnEmpty, Reduction = Sum and Candidates = ValidOnly with PaddleSegTopK and DeepLab2, on hand-computed batches:
    /// C = 2, class-0 logits 0, class-1 logits a, label 0, so pixel p has loss softplus(a[p]) (0 when ignored).
    /// </summary>
    public sealed class TopKModeKnobHandComputedTests
    {
        private const long I = 255;

        private static double L(float a) => Math.Log(1 + Math.Exp(a));

        private static void Close(double expected, float actual) =>
            Assert.True(Math.Abs(actual - expected) <= 1e-6 * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

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

        /// <summary>(softmax − onehot)·scale[p] on the pixels with a scale, +0 on the others.</summary>
        private static void Gradient(float[] g, float[] a, int images, double[] scale)
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
                double e0 = -p1 * scale[p], e1 = p1 * scale[p];
                Assert.True(Math.Abs(g0 - e0) < 1e-7 + (4e-7 * Math.Abs(e0)), $"pixel {p}, class 0: {g0:R}, expected {e0:R}");
                Assert.True(Math.Abs(g1 - e1) < 1e-7 + (4e-7 * Math.Abs(e1)), $"pixel {p}, class 1: {g1:R}, expected {e1:R}");
            }
        }

        // One image of four pixels, the last ignored: losses L(2) > L(1) > L(−3) > 0.
        private static readonly float[] A = { 2f, 1f, -3f, 4f };
        private static readonly long[] Y = { 0, 0, 0, I };

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void PaddleSegTopK_SumAndValidOnly(bool vectors)
        {
            // f = 0.5: k = int(0.5 × 4) = 2, the mean of L(2), L(1) over k.
            var (mean, _) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.PaddleSegTopK, fraction: 0.5), A, Y, 1, vectors);
            Close((L(2) + L(1)) / 2, mean.Loss);

            // Sum: no divisor, the gradient undivided.
            var (sum, g) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.PaddleSegTopK, fraction: 0.5, reduction: OhemReduction.Sum), A, Y, 1, vectors);
            Close(L(2) + L(1), sum.Loss);
            Assert.Equal(2L, sum.Kept);
            Gradient(g, A, 1, new[] { 1.0, 1, 0, 0 });

            // ValidOnly: k = int(0.5 × 3 valid) = 1.
            var (valid, gv) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.PaddleSegTopK, fraction: 0.5, candidates: OhemCandidates.ValidOnly), A, Y, 1, vectors);
            Close(L(2), valid.Loss);
            Assert.Equal(1L, valid.Kept);
            Gradient(gv, A, 1, new[] { 1.0, 0, 0, 0 });

            // f = 1 with Sum: every valid loss, undivided.
            var (whole, gw) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.PaddleSegTopK, reduction: OhemReduction.Sum), A, Y, 1, vectors);
            Close(L(2) + L(1) + L(-3), whole.Loss);
            Gradient(gw, A, 1, new[] { 1.0, 1, 1, 0 });
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void PaddleSegTopK_OnEmpty_WhenKIsZero(bool vectors)
        {
            // f = 0.2: k = int(0.8) = 0, Paddle's topk of nothing: NaN by default.
            Assert.True(float.IsNaN(Run(new OhemSpec(numClasses: 2, mode: OhemMode.PaddleSegTopK, fraction: 0.2), A, Y, 1, vectors).Result.Loss));
            var (zero, g) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.PaddleSegTopK, fraction: 0.2, onEmpty: OhemOnEmpty.Zero), A, Y, 1, vectors);
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(zero.Loss));
            Gradient(g, A, 1, new double[4]);
            Assert.Equal(0u, BitConverter.SingleToUInt32Bits(Run(new OhemSpec(numClasses: 2, mode: OhemMode.PaddleSegTopK, fraction: 0.2, reduction: OhemReduction.Sum), A, Y, 1, vectors).Result.Loss));

            var spec = new OhemSpec(numClasses: 2, mode: OhemMode.PaddleSegTopK, fraction: 0.2, onEmpty: OhemOnEmpty.Throw);
            var e = Assert.Throws<InvalidOperationException>(() => Run(spec, A, Y, 1, vectors));
            Assert.Equal($"No pixel was selected: none of the 3 valid pixels (of 4) passed the rule; Mode paddleseg-topk with OnEmpty = Throw, spec {spec.Key}.", e.Message);
        }

        // Two images of four pixels: image 0 all valid, image 1 all ignored.
        private static readonly float[] A2 = { 2f, 1f, -3f, -2f, 1f, 2f, 3f, 4f };
        private static readonly long[] Y2 = { 0, 0, 0, 0, I, I, I, I };

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void DeepLab2_SumAndOnEmpty(bool vectors)
        {
            // f = 0.5: k = round(2) = 2 per image; image 1 has no non-zero loss: 0 (divide_no_nan) in the mean.
            var (mean, gm) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLab2, fraction: 0.5), A2, Y2, 2, vectors);
            Close(((L(2) + L(1)) / 2) / 2, mean.Loss);
            Gradient(gm, A2, 2, new[] { 0.25, 0.25, 0, 0, 0, 0, 0, 0 });

            // Sum: the sum of the image sums, the gradient undivided.
            var (sum, gs) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLab2, fraction: 0.5, reduction: OhemReduction.Sum), A2, Y2, 2, vectors);
            Close(L(2) + L(1), sum.Loss);
            Assert.Equal(2L, sum.Kept);
            Gradient(gs, A2, 2, new[] { 1.0, 1, 0, 0, 0, 0, 0, 0 });

            // NaN: the empty image makes the batch NaN; image 0 keeps its gradient.
            var (nan, gn) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLab2, fraction: 0.5, onEmpty: OhemOnEmpty.NaN), A2, Y2, 2, vectors);
            Assert.True(float.IsNaN(nan.Loss));
            Gradient(gn, A2, 2, new[] { 0.25, 0.25, 0, 0, 0, 0, 0, 0 });

            var spec = new OhemSpec(numClasses: 2, mode: OhemMode.DeepLab2, fraction: 0.5, onEmpty: OhemOnEmpty.Throw);
            var e = Assert.Throws<InvalidOperationException>(() => Run(spec, A2, Y2, 2, vectors));
            Assert.Equal($"No pixel was selected in image 1 (of 2; Scope = PerImage selects in each image); Mode deeplab2 with OnEmpty = Throw, spec {spec.Key}.", e.Message);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void DeepLab2_ValidOnly_TakesKFromTheValidCount(bool vectors)
        {
            // f = 0.75: k = round(0.75 × 4) = 3 of all pixels (L(2), L(1), L(−3)); ValidOnly: round(0.75 × 3 = 2.25) = 2.
            var (all, _) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLab2, fraction: 0.75), A, Y, 1, vectors);
            Close((L(2) + L(1) + L(-3)) / 3, all.Loss);
            var (valid, g) = Run(new OhemSpec(numClasses: 2, mode: OhemMode.DeepLab2, fraction: 0.75, candidates: OhemCandidates.ValidOnly), A, Y, 1, vectors);
            Close((L(2) + L(1)) / 2, valid.Loss);
            Assert.Equal(2L, valid.Kept);
            Gradient(g, A, 1, new[] { 0.5, 0.5, 0, 0 });
        }
    }
}
