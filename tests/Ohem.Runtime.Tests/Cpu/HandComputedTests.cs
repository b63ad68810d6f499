using System;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>Small batches whose losses and gradients follow from the formulas by hand (two classes: softplus).</summary>
    public sealed class HandComputedTests
    {
        // One image, C = 2, 1×4 pixels. Class-0 logits are 0, class-1 logits a; every label 0 → loss = ln(1 + e^a).
        private static readonly float[] A = { 2f, -2f, 0f, 1f };
        private static readonly OhemShape Shape = new(1, 2, 1, 4);

        private static float[] Logits() => new float[] { 0f, 0f, 0f, 0f, A[0], A[1], A[2], A[3] };

        private static double Softplus(double a) => Math.Log(1 + Math.Exp(a));

        private static void Close(double expected, float actual, double relative = 4e-7) =>
            Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

        [Fact]
        public void AboveThresholdAveragesEveryLossAboveMinusLnThresh()
        {
            // ThreshLoss = -ln 0.7 = 0.35667497; losses 2.127, 0.127, 0.693, 1.313: three are above, more than NMin = 1.
            using var engine = new CpuOhemEngine(new OhemSpec(0.7, nMin: 1, numClasses: 2));
            OhemResult r = engine.Forward<float, long>(Logits(), new long[] { 0, 0, 0, 0 }, Shape);
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(3, r.Kept);
            Assert.Equal(0.35667497f, r.Threshold); // -ln(0.7f) in float32, as torch 1.13 computes it
            Assert.Equal(4, r.Pixels);
            Assert.Equal(4, r.ValidPixels);
            Assert.Equal(OhemBackend.Cpu, r.Backend);
            Close((Softplus(2) + Softplus(0) + Softplus(1)) / 3, r.Loss);

            var g = new float[8];
            engine.Backward<float, long>(Logits(), new long[] { 0, 0, 0, 0 }, Shape, g, upstream: 2f);
            for (int p = 0; p < 4; ++p)
            {
                // d/dx0 = (σ(-a) − 1)·2/3, d/dx1 = σ(a)·2/3 for kept pixels; pixel 1 (loss 0.127) is not kept.
                double p1 = 1 / (1 + Math.Exp(-A[p]));
                double k = p == 1 ? 0 : 2.0 / 3;
                Assert.True(Math.Abs(g[p] - ((1 - p1 - 1) * k)) < 1e-7, $"pixel {p} class 0: {g[p]}");
                Assert.True(Math.Abs(g[4 + p] - (p1 * k)) < 1e-7, $"pixel {p} class 1: {g[4 + p]}");
            }

            Assert.Equal(0f, g[1]);
            Assert.Equal(0f, g[5]);
        }

        [Fact]
        public void TopNMinKeepsTheNMinLargestWhenNoMoreThanNMinAreAbove()
        {
            // Three losses above the threshold is not more than NMin = 3: the three largest are kept, v = ln 2.
            using var engine = new CpuOhemEngine(new OhemSpec(0.7, nMin: 3, numClasses: 2));
            OhemResult r = engine.Forward<float, long>(Logits(), new long[] { 0, 0, 0, 0 }, Shape);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(3, r.Kept);
            Close(Math.Log(2), r.Threshold);
            Close((Softplus(2) + Softplus(0) + Softplus(1)) / 3, r.Loss);

            // NMin = 2: the two largest (pixels 0 and 3), v = softplus(1).
            using var two = new CpuOhemEngine(new OhemSpec(0.9, nMin: 2, numClasses: 2));
            OhemResult r2 = two.Forward<float, long>(Logits(), new long[] { 0, 0, 0, 0 }, Shape);
            Assert.Equal(OhemRule.AboveThreshold, r2.Rule); // -ln 0.9 = 0.105: all four are above, 4 > 2.
            using var high = new CpuOhemEngine(new OhemSpec(0.2, nMin: 2, numClasses: 2));
            OhemResult r3 = high.Forward<float, long>(Logits(), new long[] { 0, 0, 0, 0 }, Shape);
            Assert.Equal(OhemRule.TopNMin, r3.Rule); // -ln 0.2 = 1.609: one above, not more than 2.
            Assert.Equal(2, r3.Kept);
            Close(Softplus(1), r3.Threshold);
            Close((Softplus(2) + Softplus(1)) / 2, r3.Loss);
            var g = new float[8];
            high.Backward<float, long>(Logits(), new long[] { 0, 0, 0, 0 }, Shape, g);
            Assert.Equal(new[] { true, false, false, true }, new[] { g[4] != 0, g[5] != 0, g[6] != 0, g[7] != 0 });
        }

        [Fact]
        public void IgnoredPixelsAreAveragedInAsZerosWhenNMinExceedsTheValidCount()
        {
            // One valid pixel (loss softplus(2)) and three ignored: the top 3 are that loss and two zeros.
            using var engine = new CpuOhemEngine(new OhemSpec(0.7, nMin: 3, ignoreLabel: 255, numClasses: 2));
            var labels = new long[] { 0, 255, 255, 255 };
            OhemResult r = engine.Forward<float, long>(Logits(), labels, Shape);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
            Assert.Equal(3, r.Kept);
            Assert.Equal(1, r.ValidPixels);
            Assert.Equal(0f, r.Threshold);
            Close(Softplus(2) / 3, r.Loss);

            var g = new float[8];
            engine.Backward<float, long>(Logits(), labels, Shape, g);
            double p1 = 1 / (1 + Math.Exp(-2.0));
            Assert.True(Math.Abs(g[0] - (-p1 / 3)) < 1e-7, g[0].ToString("R")); // (softmax_0 − 1)/3 = ((1 − σ(2)) − 1)/3
            Assert.True(Math.Abs(g[4] - (p1 / 3)) < 1e-7, g[4].ToString("R"));
            Assert.Equal(new float[] { 0, 0, 0 }, new[] { g[1], g[2], g[3] });
            Assert.Equal(new float[] { 0, 0, 0 }, new[] { g[5], g[6], g[7] });
        }

        [Fact]
        public void LabelSelectsTheTrueClassLogit()
        {
            // Same logits, labels 1: loss = ln(1 + e^-a).
            using var engine = new CpuOhemEngine(new OhemSpec(0.99, nMin: 1, numClasses: 2));
            OhemResult r = engine.Forward<float, long>(Logits(), new long[] { 1, 1, 1, 1 }, Shape);
            // -ln 0.99 = 0.01005: losses 0.127, 2.127, 0.693, 0.313 are all above.
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(4, r.Kept);
            Close((Softplus(-2) + Softplus(2) + Softplus(0) + Softplus(-1)) / 4, r.Loss);
        }

        [Fact]
        public void PixelsAreFlattenedAcrossTheBatch()
        {
            // Two images of 1×2 pixels; the second image's class planes start after the first image's.
            var logits = new float[] { 0f, 0f, 3f, -3f, 0f, 0f, 1f, 0.5f };
            var labels = new long[] { 0, 0, 1, 0 };
            using var engine = new CpuOhemEngine(new OhemSpec(0.7, nMin: 1, numClasses: 2));
            OhemResult r = engine.Forward<float, long>(logits, labels, new OhemShape(2, 2, 1, 2));
            // Losses: softplus(3)=3.049, softplus(-3)=0.049, softplus(-1)=0.313, softplus(0.5)=0.974 → two above.
            Assert.Equal(OhemRule.AboveThreshold, r.Rule);
            Assert.Equal(2, r.Kept);
            Close((Softplus(3) + Softplus(0.5)) / 2, r.Loss);
        }
    }
}
