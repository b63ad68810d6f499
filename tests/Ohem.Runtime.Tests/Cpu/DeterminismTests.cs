using System;
using Ohem.Cpu;
using Ohem.Runtime.Tests.Support;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>Bitwise the same results for any thread count and run to run; the scalar path agrees with the SIMD one.</summary>
    public sealed class DeterminismTests
    {
        // 3 × 240 × 250 = 180 000 pixels: six chunks, the last one partial; planes not a multiple of 8.
        private static readonly OhemShape Shape = new(3, 19, 240, 250);

        [Theory]
        [InlineData(0.7, 1_000L, 0f)]
        [InlineData(0.7, 100_000L, 20f)]
        public void LossAndGradientBitsDoNotDependOnTheThreadCount(double thresh, long nMin, float boost) =>
            AssertThreadCountIndependent(new OhemSpec(thresh, nMin, 255, 19), boost);

        [Theory]
        [InlineData(OhemMode.BiSeNetV2, 0.001, 0L, 0.0, 14f)]
        [InlineData(OhemMode.BiSeNetV2, 0.7, 0L, 0.0, 0f)]
        [InlineData(OhemMode.HRNet, 0.7, 100_000L, 0.0, 20f)]
        [InlineData(OhemMode.HRNet, 0.7, 1_000L, 0.0, 0f)]
        [InlineData(OhemMode.TopKPercent, 0.7, 0L, 0.3, 6f)]
        [InlineData(OhemMode.MMSegSampler, 0.7, 10_000L, 0.0, 20f)]
        [InlineData(OhemMode.MMSegSampler, 0.7, 500L, 0.0, 0f)]
        [InlineData(OhemMode.PaddleSeg, 0.7, 20_000L, 0.0, 20f)]
        [InlineData(OhemMode.PaddleSeg, 0.7, 500L, 0.0, 0f)]
        [InlineData(OhemMode.PaddleSeg, 0.7, 0L, 0.0, 6f)]
        [InlineData(OhemMode.MMSegByLoss, 0.7, 10_000L, 0.0, 20f)]
        [InlineData(OhemMode.DeepLabTF, 0.7, 0L, 0.3, 6f)]
        [InlineData(OhemMode.DeepLabTF, 0.7, 0L, 0.0, 6f)]
        [InlineData(OhemMode.ModelGarden, 0.7, 0L, 0.3, 6f)]
        [InlineData(OhemMode.TorchSeg, 0.7, 20_000L, 0.0, 20f)]
        [InlineData(OhemMode.TorchSeg, 0.7, 500L, 0.0, 0f)]
        [InlineData(OhemMode.PytorchLossOhem, 0.7, 20_000L, 0.0, 20f)]
        [InlineData(OhemMode.PytorchLossOhem, 0.7, 0L, 0.0625, 0f)]
        public void EveryModeIsBitwiseTheSameForAnyThreadCount(OhemMode mode, double thresh, long nMin, double fraction, float boost) =>
            AssertThreadCountIndependent(new OhemSpec(thresh, nMin, 255, 19, mode: mode, fraction: fraction), boost);

        [Theory]
        [InlineData(OhemMode.BiSeNetV1, 0.7, 100_000L, 20f)]
        [InlineData(OhemMode.BiSeNetV2, 0.7, 0L, 0f)]
        [InlineData(OhemMode.HRNet, 0.7, 100_000L, 20f)]
        [InlineData(OhemMode.TopKPercent, 0.7, 0L, 6f)]
        [InlineData(OhemMode.MMSegSampler, 0.7, 10_000L, 20f)]
        [InlineData(OhemMode.PaddleSeg, 0.7, 0L, 6f)]
        public void ClassWeightsAreBitwiseTheSameForAnyThreadCount(OhemMode mode, double thresh, long nMin, float boost)
        {
            var weights = new double[19];
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = i == 3 ? 0 : 0.25 + (i * 0.15);
            }

            AssertThreadCountIndependent(new OhemSpec(thresh, nMin, 255, 19, mode: mode, classWeights: weights), boost);
        }

        [Theory]
        [InlineData(OhemMode.BiSeNetV1, 0.7, 20_000L, 0.0, 20f)]
        [InlineData(OhemMode.BiSeNetV2, 0.7, 0L, 0.0, 0f)]
        [InlineData(OhemMode.HRNet, 0.7, 100_000L, 0.0, 20f)]
        [InlineData(OhemMode.TopKPercent, 0.7, 0L, 0.3, 6f)]
        [InlineData(OhemMode.MMSegSampler, 0.7, 10_000L, 0.0, 20f)]
        [InlineData(OhemMode.PaddleSeg, 0.7, 20_000L, 0.0, 20f)]
        [InlineData(OhemMode.PaddleSegBootstrapped, 0.3, 20_000L, 0.0, 20f)]
        public void EveryModePerImageIsBitwiseTheSameForAnyThreadCount(OhemMode mode, double thresh, long nMin, double fraction, float boost) =>
            AssertThreadCountIndependent(new OhemSpec(thresh, nMin, 255, 19, mode: mode, fraction: fraction, scope: OhemScope.PerImage), boost);

        private static void AssertThreadCountIndependent(OhemSpec spec, float boost)
        {
            var rng = new Random(11);
            float[] x = Inputs.Logits(rng, Shape);
            long[] y = Inputs.Labels(rng, Shape, 255);
            Inputs.Sharpen(x, y, Shape, 255, rng, boost);

            (OhemResult first, float[] firstGrad) = Run(spec, x, y, 1, true);
            foreach (int degree in new[] { 2, 4, 1 })
            {
                (OhemResult r, float[] g) = Run(spec, x, y, degree, true);
                Assert.Equal(BitConverter.SingleToUInt32Bits(first.Loss), BitConverter.SingleToUInt32Bits(r.Loss));
                Assert.Equal(first, r);
                Assert.True(firstGrad.AsSpan().SequenceEqual(g), $"gradient differs with {degree} threads");
            }

            // The scalar path: the same per-pixel bits, so the same selection and gradient; the fp64 sum of the kept
            // losses runs in another order, so the loss may differ by one float ulp at most.
            (OhemResult s, float[] sg) = Run(spec, x, y, 2, false);
            Assert.Equal(first.Rule, s.Rule);
            Assert.Equal(first.Kept, s.Kept);
            Assert.Equal(BitConverter.SingleToUInt32Bits(first.Threshold), BitConverter.SingleToUInt32Bits(s.Threshold));
            Assert.True(Math.Abs(BitConverter.SingleToInt32Bits(first.Loss) - BitConverter.SingleToInt32Bits(s.Loss)) <= 1);
            Assert.True(firstGrad.AsSpan().SequenceEqual(sg), "scalar gradient differs from SIMD gradient");
        }

        [Fact]
        public void RepeatedCallsOnOneEngineGiveTheSameBits()
        {
            var rng = new Random(12);
            float[] x = Inputs.Logits(rng, Shape);
            long[] y = Inputs.Labels(rng, Shape, 255);
            using var engine = new CpuOhemEngine(new OhemSpec(0.7, 50_000, 255, 19), 2);
            var g1 = new float[Shape.Logits];
            var g2 = new float[Shape.Logits];
            OhemResult a = engine.Forward<float, long>(x, y, Shape);
            engine.Backward<float, long>(x, y, Shape, g1);
            // A forward on other inputs in between must not leave anything behind.
            engine.Forward<float, long>(Inputs.Logits(rng, Shape), y, Shape);
            OhemResult b = engine.Forward<float, long>(x, y, Shape);
            engine.Backward<float, long>(x, y, Shape, g2);
            Assert.Equal(a, b);
            Assert.True(g1.AsSpan().SequenceEqual(g2));
        }

        private static (OhemResult, float[]) Run(OhemSpec spec, float[] x, long[] y, int degree, bool vectors)
        {
            using var engine = new CpuOhemEngine(spec, degree, vectors);
            OhemResult r = engine.Forward<float, long>(x, y, Shape);
            var g = new float[Shape.Logits];
            engine.Backward<float, long>(x, y, Shape, g, 0.5f);
            return (r, g);
        }
    }
}
