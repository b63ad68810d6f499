using System;
using Ohem.Cpu;
using Ohem.Runtime.Tests.Support;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// The engine (chunks, SIMD, radix selection) against <see cref="Reference"/> (scalar losses, full sort): same rule,
    /// same kept count, bitwise the same threshold and gradient, the loss within one float ulp (fp64 sums differ in order).
    /// </summary>
    public sealed class ReferenceTests
    {
        public static TheoryData<int, int, int, int, double, long, float, OhemRule> Cases() => new()
        {
            // N, C, H, W, thresh, nMin, sharpen boost (0 = raw random logits), the rule that must apply
            { 2, 19, 13, 29, 0.7, 100, 0f, OhemRule.AboveThreshold },  // odd width: vector tails in every row
            { 2, 19, 13, 29, 0.7, 700, 6f, OhemRule.TopNMin },
            { 1, 2, 7, 9, 0.7, 10, 3f, OhemRule.AboveThreshold },
            { 1, 2, 7, 9, 0.7, 40, 3f, OhemRule.TopNMin },
            { 3, 3, 16, 16, 0.5, 300, 5f, OhemRule.TopNMin },
            { 1, 150, 5, 11, 0.7, 20, 8f, OhemRule.AboveThreshold },
            { 1, 150, 5, 11, 0.7, 40, 8f, OhemRule.TopNMin },
            { 1, 1000, 3, 5, 0.9, 3, 0f, OhemRule.AboveThreshold },
            { 1, 1000, 3, 5, 0.00001, 5, 0f, OhemRule.TopNMin },
            { 2, 19, 200, 190, 0.7, 20_000, 30f, OhemRule.TopNMin },  // several 32768-pixel chunks; images straddle chunks
            { 2, 19, 200, 190, 0.7, 2_000, 1f, OhemRule.AboveThreshold },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void EngineMatchesTheSortingReference(int n, int c, int h, int w, double thresh, long nMin, float boost, OhemRule rule)
        {
            var shape = new OhemShape(n, c, h, w);
            var rng = new Random((n * 31) + (c * 7) + h + w + (int)nMin);
            float[] x = Inputs.Logits(rng, shape);
            long[] y = Inputs.Labels(rng, shape, 255);
            if (boost > 0)
            {
                Inputs.Sharpen(x, y, shape, 255, rng, boost);
            }

            var spec = new OhemSpec(thresh, nMin, 255, c);
            Assert.Equal(rule, Check(spec, x, y, shape));
        }

        [Fact]
        public void ManyTiesAtTheCutOffKeepTheLowestIndices()
        {
            // Logits quantised to a few values make thousands of equal losses; the cut falls inside a tie group.
            var shape = new OhemShape(2, 4, 50, 61);
            var rng = new Random(5);
            var x = new float[shape.Logits];
            for (int i = 0; i < x.Length; ++i)
            {
                x[i] = rng.Next(3);
            }

            long[] y = Inputs.Labels(rng, shape, 255, 0.05);
            Assert.Equal(OhemRule.TopNMin, Check(new OhemSpec(0.01, 3001, 255, 4), x, y, shape));
            Assert.Equal(OhemRule.TopNMin, Check(new OhemSpec(0.01, 4999, 255, 4), x, y, shape));
        }

        internal static OhemRule Check(OhemSpec spec, float[] x, long[] y, OhemShape shape)
        {
            Reference.Result expected = Reference.Run(x, y, shape, spec.ThreshLoss, spec.NMin, spec.IgnoreLabel);
            using var engine = new CpuOhemEngine(spec, 2);
            OhemResult r = engine.Forward<float, long>(x, y, shape);
            Assert.Equal(expected.Rule, r.Rule);
            Assert.Equal(expected.Kept, r.Kept);
            Assert.Equal(expected.Valid, r.ValidPixels);
            Assert.Equal(BitConverter.SingleToUInt32Bits(expected.Threshold), BitConverter.SingleToUInt32Bits(r.Threshold));
            float want = (float)expected.Loss;
            Assert.True(
                Math.Abs(BitConverter.SingleToInt32Bits(want) - BitConverter.SingleToInt32Bits(r.Loss)) <= 1,
                $"loss {r.Loss:R}, reference {want:R}");

            var g = new float[shape.Logits];
            g.AsSpan().Fill(float.NaN);
            engine.Backward<float, long>(x, y, shape, g, 1.5f);
            float[] wantG = Reference.Gradient(x, y, shape, expected, 1.5f, spec.IgnoreLabel);
            for (long i = 0; i < g.Length; ++i)
            {
                if (BitConverter.SingleToUInt32Bits(g[i]) != BitConverter.SingleToUInt32Bits(wantG[i]))
                {
                    Assert.Fail($"gradient[{i}] = {g[i]:R}, reference {wantG[i]:R}");
                }
            }

            return r.Rule;
        }
    }
}
