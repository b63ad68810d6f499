using System;
using System.Linq;
using Ohem.Runtime.Tests.Support;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// The float32 exp/log of the per-pixel math is accurate enough: the engine's loss is within 1e-6 relative of the
    /// seed's rule evaluated entirely in float64 (log-sum-exp in double from the same float32 logits, exact sort).
    /// </summary>
    public sealed class Float64AccuracyTests
    {
        public static TheoryData<int, int, int, int, float, float, long> Cases() => new()
        {
            // N, C, H, W, logit spread, true-class boost, NMin
            { 2, 19, 64, 96, 4f, 0f, 500 },        // above-threshold rule
            { 2, 19, 64, 96, 4f, 9f, 6_000 },      // top-NMin rule
            { 4, 2, 50, 70, 3f, 2f, 1_000 },
            { 1, 150, 20, 30, 6f, 10f, 100 },
            { 1, 1000, 6, 10, 5f, 0f, 10 },
            { 2, 19, 32, 32, 1e4f, 0f, 200 },      // extreme logits: losses in the thousands
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void LossIsWithinOneMillionthOfTheFloat64Seed(int n, int c, int h, int w, float spread, float boost, long nMin)
        {
            var shape = new OhemShape(n, c, h, w);
            var rng = new Random((n * 1000) + c + h + w);
            float[] x = Inputs.Logits(rng, shape, spread);
            long[] y = Inputs.Labels(rng, shape, 255);
            if (boost > 0)
            {
                Inputs.Sharpen(x, y, shape, 255, rng, boost);
            }

            var spec = new OhemSpec(0.7, nMin, 255, 0);
            using var engine = OhemLossEngine.Create(spec, backend: OhemBackend.Cpu);
            OhemResult r = engine.Forward<float, long>(x, y, shape);

            double expected = SeedInFloat64(x, y, shape, 255, spec.ThreshLoss, nMin);
            double relative = Math.Abs(r.Loss - expected) / Math.Abs(expected);
            Assert.True(relative <= 1e-6, $"loss {r.Loss:R}, float64 seed {expected:R}, relative error {relative:E2}");
        }

        /// <summary>The seed's forward in double: CE per pixel (0 when ignored), sort descending, its two branches.</summary>
        private static double SeedInFloat64(float[] x, long[] y, OhemShape shape, int ignore, float threshLoss, long nMin)
        {
            long plane = shape.Plane;
            var losses = new double[shape.Pixels];
            for (long p = 0; p < losses.Length; ++p)
            {
                if (y[p] == ignore)
                {
                    continue;
                }

                long n = p / plane, s = p - (n * plane);
                double max = double.NegativeInfinity;
                for (int k = 0; k < shape.C; ++k)
                {
                    max = Math.Max(max, x[(n * shape.C * plane) + (k * plane) + s]);
                }

                double sum = 0;
                for (int k = 0; k < shape.C; ++k)
                {
                    sum += Math.Exp(x[(n * shape.C * plane) + (k * plane) + s] - max);
                }

                losses[p] = max + Math.Log(sum) - x[(n * shape.C * plane) + (y[p] * plane) + s];
            }

            double[] sorted = losses.OrderByDescending(v => v).ToArray();
            return sorted[nMin] > threshLoss
                ? sorted.Where(v => v > threshLoss).Average()
                : sorted.Take((int)nMin).Average();
        }
    }
}
