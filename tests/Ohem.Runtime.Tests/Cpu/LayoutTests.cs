using System;
using Ohem.Cpu;
using Ohem.Runtime.Tests.Support;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// NHWC logits: the same logical tensor stored channels-last gives bitwise the same loss, kept count, rule and
    /// threshold as NCHW, and the gradient is the NCHW gradient permuted into NHWC, for every mode.
    /// </summary>
    public sealed class LayoutTests
    {
        // 3 × 240 × 250 = 180 000 pixels: six chunks, the last partial; image boundaries fall inside tiles.
        private static readonly OhemShape Large = new(3, 19, 240, 250);

        [Theory]
        [InlineData(OhemMode.BiSeNetV1, 0.7, 1_000L, 0.0, 0f)]
        [InlineData(OhemMode.BiSeNetV1, 0.7, 100_000L, 0.0, 20f)]
        [InlineData(OhemMode.BiSeNetV2, 0.001, 0L, 0.0, 14f)]
        [InlineData(OhemMode.BiSeNetV2, 0.7, 0L, 0.0, 0f)]
        [InlineData(OhemMode.HRNet, 0.7, 100_000L, 0.0, 20f)]
        [InlineData(OhemMode.HRNet, 0.7, 1_000L, 0.0, 0f)]
        [InlineData(OhemMode.TopKPercent, 0.7, 0L, 0.3, 6f)]
        [InlineData(OhemMode.MMSegSampler, 0.7, 10_000L, 0.0, 20f)]
        [InlineData(OhemMode.MMSegSampler, 0.7, 500L, 0.0, 0f)]
        [InlineData(OhemMode.PaddleSeg, 0.7, 20_000L, 0.0, 20f)]
        [InlineData(OhemMode.PaddleSeg, 0.7, 0L, 0.0, 6f)]
        public void EveryModeGivesTheSameBitsInEitherLayout(OhemMode mode, double thresh, long nMin, double fraction, float boost)
        {
            var rng = new Random(31);
            float[] x = Inputs.Logits(rng, Large);
            long[] y = Inputs.Labels(rng, Large, 255);
            Inputs.Sharpen(x, y, Large, 255, rng, boost);
            var nchw = new OhemSpec(thresh, nMin, 255, 19, mode: mode, fraction: fraction);
            var nhwc = new OhemSpec(thresh, nMin, 255, 19, mode: mode, fraction: fraction, layout: OhemLayout.NHWC);

            (OhemResult expected, float[] expectedGrad) = Run(nchw, x, y, Large, 2, true);
            float[] xt = Layouts.ToNhwc(x, Large);
            float[] permutedGrad = Layouts.ToNhwc(expectedGrad, Large);
            foreach ((int degree, bool vectors) in new[] { (1, true), (2, true), (2, false) })
            {
                (OhemResult r, float[] g) = Run(nhwc, xt, y, Large, degree, vectors);
                if (vectors)
                {
                    AssertSameBits(expected, r);
                }
                else
                {
                    // The scalar path sums the kept losses in another order (as for NCHW): compare with NCHW's scalar path.
                    AssertSameBits(Run(nchw, x, y, Large, 2, false).Result, r);
                }

                Assert.True(permutedGrad.AsSpan().SequenceEqual(g), $"NHWC gradient is not the permuted NCHW gradient ({degree} threads, vectors {vectors})");
            }
        }

        [Theory]
        [InlineData(OhemMode.BiSeNetV1, 3_000L, 0.0)]
        [InlineData(OhemMode.TopKPercent, 0L, 0.3)]
        [InlineData(OhemMode.HRNet, 2_000L, 0.0)]
        public void TiesAtTheCutOffKeepTheSamePixels(OhemMode mode, long nMin, double fraction)
        {
            // Integer logits over four classes: many pixels share a loss, so the tie ranks decide the gradient. Thresh 1e-6
            // puts −ln(Thresh) above every loss here, so every mode takes its top-k path.
            var shape = new OhemShape(2, 4, 61, 67);
            var rng = new Random(32);
            float[] x = Array.ConvertAll(new float[shape.Logits], _ => (float)rng.Next(3));
            long[] y = Inputs.Labels(rng, shape, 255);
            (OhemResult expected, float[] expectedGrad) = Run(new OhemSpec(1e-6, nMin, 255, 0, mode: mode, fraction: fraction), x, y, shape, 2, true);
            (OhemResult r, float[] g) = Run(new OhemSpec(1e-6, nMin, 255, 0, mode: mode, fraction: fraction, layout: OhemLayout.NHWC), Layouts.ToNhwc(x, shape), y, shape, 2, true);
            Assert.Equal(OhemRule.TopNMin, expected.Rule);
            AssertSameBits(expected, r);
            Assert.True(Layouts.ToNhwc(expectedGrad, shape).AsSpan().SequenceEqual(g));
        }

        [Fact]
        public void HalfLogitsWithARunTimeClassCountGiveTheSameBits()
        {
            var shape = new OhemShape(2, 5, 37, 41);
            var rng = new Random(33);
            float[] x = Inputs.Logits(rng, shape);
            long[] y = Inputs.Labels(rng, shape, 255);
            Half[] h = Inputs.ToHalf(x);
            Half[] ht = Layouts.ToNhwc(h, shape);
            foreach (var mode in new[] { OhemMode.BiSeNetV1, OhemMode.HRNet })
            {
                var nchw = new OhemSpec(0.7, 400, 255, 0, OhemLogits.Float16, mode: mode);
                var nhwc = new OhemSpec(0.7, 400, 255, 0, OhemLogits.Float16, mode: mode, layout: OhemLayout.NHWC);
                using var a = new CpuOhemEngine(nchw, 2);
                using var b = new CpuOhemEngine(nhwc, 2);
                var ga = new float[shape.Logits];
                var gb = new float[shape.Logits];
                AssertSameBits(a.Forward<Half, long>(h, y, shape), b.Forward<Half, long>(ht, y, shape));
                a.Backward<Half, long>(h, y, shape, ga);
                b.Backward<Half, long>(ht, y, shape, gb);
                Assert.True(Layouts.ToNhwc(ga, shape).AsSpan().SequenceEqual(gb));
            }
        }

        [Fact]
        public void ARowIsReadAcrossTheContiguousClasses()
        {
            // Two pixels, two classes, label 0. NHWC memory [2, 0, 1, 3]: pixel 0 = (2, 0), pixel 1 = (1, 3).
            // Thresh 1 makes τ = 0, so both losses are kept: ln(1 + e⁻²) and 2 + ln(1 + e⁻²), mean 1 + ln(1 + e⁻²).
            // (Read as NCHW the rows would be (2, 1) and (0, 3), another loss.)
            var shape = new OhemShape(1, 2, 1, 2);
            using var engine = new CpuOhemEngine(new OhemSpec(1.0, 0, 255, 2, layout: OhemLayout.NHWC), 1);
            float[] x = { 2f, 0f, 1f, 3f };
            long[] y = { 0, 0 };
            OhemResult r = engine.Forward<float, long>(x, y, shape);
            Assert.Equal(2, r.Kept);
            Assert.Equal(1 + Math.Log(1 + Math.Exp(-2)), r.Loss, 1e-6);
            var g = new float[4];
            engine.Backward<float, long>(x, y, shape, g);
            double s = 1 / (1 + Math.Exp(2)); // softmax of the smaller logit when the two differ by 2
            double[] expected = { -s / 2, s / 2, -(1 - s) / 2, (1 - s) / 2 };
            for (int i = 0; i < 4; ++i)
            {
                Assert.Equal(expected[i], g[i], 1e-6);
            }
        }

        [Fact]
        public void WarmNhwcCallsAllocateNothing()
        {
            var shape = new OhemShape(2, 19, 100, 190);
            var rng = new Random(34);
            float[] x = Layouts.ToNhwc(Inputs.Logits(rng, shape), shape);
            long[] y = Inputs.Labels(rng, shape, 255);
            var g = new float[shape.Logits];
            using var engine = new CpuOhemEngine(new OhemSpec(1e-6, 30_000, 255, 19, layout: OhemLayout.NHWC), 2);
            engine.Forward<float, long>(x, y, shape);
            engine.Backward<float, long>(x, y, shape, g);
            long before = GC.GetAllocatedBytesForCurrentThread();
            OhemResult r = engine.Forward<float, long>(x, y, shape);
            engine.Backward<float, long>(x, y, shape, g);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
        }

        [Fact]
        public void AnUndefinedLayoutIsRejected()
        {
            var e = Assert.Throws<ArgumentException>(() => new CpuOhemEngine(new OhemSpec(layout: (OhemLayout)2), 1));
            Assert.Equal("Layout", e.ParamName);
            Assert.StartsWith("Layout is 2, which is not a defined value of its enum", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void TheKeyNamesOnlyANonDefaultLayout()
        {
            Assert.Equal(new OhemSpec().Key, new OhemSpec(layout: OhemLayout.NCHW).Key);
            Assert.DoesNotContain("layout", new OhemSpec().Key, StringComparison.Ordinal);
            Assert.EndsWith(";avg-valid=1;layout=nhwc", new OhemSpec(mode: OhemMode.MMSegSampler, averageOverValid: true, layout: OhemLayout.NHWC).Key, StringComparison.Ordinal);
            Assert.NotEqual(new OhemSpec().NameSuffix, new OhemSpec(layout: OhemLayout.NHWC).NameSuffix);
            Assert.True(OhemSpec.TryParseLayout("NHWC", out OhemLayout parsed));
            Assert.Equal(OhemLayout.NHWC, parsed);
            Assert.False(OhemSpec.TryParseLayout("nhcw", out _));
        }

        private static void AssertSameBits(OhemResult expected, OhemResult actual)
        {
            Assert.Equal(BitConverter.SingleToUInt32Bits(expected.Loss), BitConverter.SingleToUInt32Bits(actual.Loss));
            Assert.Equal(BitConverter.SingleToUInt32Bits(expected.Threshold), BitConverter.SingleToUInt32Bits(actual.Threshold));
            Assert.Equal(expected, actual);
        }

        private static (OhemResult Result, float[] Gradient) Run(OhemSpec spec, float[] x, long[] y, OhemShape shape, int degree, bool vectors)
        {
            using var engine = new CpuOhemEngine(spec, degree, vectors);
            OhemResult r = engine.Forward<float, long>(x, y, shape);
            var g = new float[shape.Logits];
            engine.Backward<float, long>(x, y, shape, g, 0.5f);
            return (r, g);
        }
    }
}
