using System;
using Ohem.Cpu;
using Ohem.Runtime.Tests.Support;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// NHWC against NCHW through the engine for class counts the 8×8 transpose treats differently (C &lt; 8: the loads run
    /// into the next pixels; C ≥ 8 not a multiple of 8: the last class block overlaps), in all three logit types, with
    /// tiles that end in a partial vector count and a scalar tail at each image boundary (23·29 = 667 = 5·128 + 3·8 + 3
    /// pixels per image), on both rules, with 1 and 2 threads. (C = 1 is not a valid shape; the transpose's own tests cover it.)
    /// </summary>
    public sealed class LayoutClassCountTests
    {
        public static TheoryData<int, OhemLogits, long> Cases()
        {
            var data = new TheoryData<int, OhemLogits, long>();
            foreach (int c in new[] { 2, 3, 5, 8, 9, 19, 150 })
            {
                foreach (OhemLogits type in new[] { OhemLogits.Float32, OhemLogits.Float16, OhemLogits.BFloat16 })
                {
                    // 50: the above-threshold rule; 1 300 (more than the ~1 200 labelled pixels): the top-NMin rule.
                    data.Add(c, type, 50);
                    data.Add(c, type, 1_300);
                }
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void NhwcGivesTheNchwBitsForAnyClassCount(int c, OhemLogits type, long nMin)
        {
            var shape = new OhemShape(2, c, 23, 29);
            var rng = new Random(c + (int)type);
            float[] x = Inputs.Logits(rng, shape);
            long[] y = Inputs.Labels(rng, shape, 255);
            Inputs.Sharpen(x, y, shape, 255, rng, 3f);
            // Baked and run-time class counts take the same CPU path; exercise both.
            int baked = c % 2 == 0 ? c : 0;
            var nchw = new OhemSpec(0.7, nMin, 255, baked, type);
            var nhwc = new OhemSpec(0.7, nMin, 255, baked, type, layout: OhemLayout.NHWC);
            Array logits = Typed(x, type);
            Array channelsLast = Layouts.ToNhwc(logits, shape);
            (OhemResult expected, float[] expectedGrad) = Run(nchw, logits, y, shape, 2);
            Assert.Equal(nMin > 1_000 ? OhemRule.TopNMin : OhemRule.AboveThreshold, expected.Rule);
            float[] permuted = Layouts.ToNhwc(expectedGrad, shape);
            foreach (int degree in new[] { 1, 2 })
            {
                (OhemResult r, float[] g) = Run(nhwc, channelsLast, y, shape, degree);
                Assert.Equal(BitConverter.SingleToUInt32Bits(expected.Loss), BitConverter.SingleToUInt32Bits(r.Loss));
                Assert.Equal(BitConverter.SingleToUInt32Bits(expected.Threshold), BitConverter.SingleToUInt32Bits(r.Threshold));
                Assert.Equal(expected, r);
                Assert.True(permuted.AsSpan().SequenceEqual(g), $"C = {c}, {type}, {degree} threads: the NHWC gradient is not the permuted NCHW gradient");
            }
        }

        private static Array Typed(float[] x, OhemLogits type) => type switch
        {
            OhemLogits.Float16 => Inputs.ToHalf(x),
            OhemLogits.BFloat16 => Inputs.ToBFloat16(x),
            _ => x,
        };

        private static (OhemResult Result, float[] Gradient) Run(OhemSpec spec, Array x, long[] y, OhemShape shape, int degree)
        {
            using var engine = new CpuOhemEngine(spec, degree);
            var g = new float[shape.Logits];
            OhemResult r;
            switch (x)
            {
                case Half[] h:
                    r = engine.Forward<Half, long>(h, y, shape);
                    engine.Backward<Half, long>(h, y, shape, g, 0.5f);
                    break;
                case BFloat16[] b:
                    r = engine.Forward<BFloat16, long>(b, y, shape);
                    engine.Backward<BFloat16, long>(b, y, shape, g, 0.5f);
                    break;
                default:
                    r = engine.Forward<float, long>((float[])x, y, shape);
                    engine.Backward<float, long>((float[])x, y, shape, g, 0.5f);
                    break;
            }

            return (r, g);
        }
    }
}
