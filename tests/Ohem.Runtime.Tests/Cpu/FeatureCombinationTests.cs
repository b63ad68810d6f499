using System;
using Ohem.Cpu;
using Ohem.Runtime.Tests.Support;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// The orthogonal arguments together: per-image selection, NHWC logits and class weights were each tested alone;
    /// here a spec with all of them must give (1) bitwise the NCHW result and the permuted gradient, and (2) the mean of
    /// the per-batch engine run on each image alone, for every mode that takes them.
    /// </summary>
    public sealed class FeatureCombinationTests
    {
        private static readonly OhemShape Shape = new(3, 5, 60, 70);
        private static readonly OhemShape Image = new(1, 5, 60, 70);
        private static readonly double[] Weights = { 0.5, 2.0, 0.0, 1.25, 3.0 };

        [Theory]
        [InlineData(OhemMode.BiSeNetV1, 0.7, 3_000L, 0.0, 12f, true)]
        [InlineData(OhemMode.BiSeNetV2, 0.001, 0L, 0.0, 12f, true)]
        [InlineData(OhemMode.HRNet, 0.7, 3_000L, 0.0, 12f, true)]
        [InlineData(OhemMode.TopKPercent, 0.7, 0L, 0.3, 6f, true)]
        [InlineData(OhemMode.MMSegSampler, 0.7, 3_000L, 0.0, 12f, true)]
        [InlineData(OhemMode.PaddleSeg, 0.7, 3_000L, 0.0, 12f, true)]
        [InlineData(OhemMode.PaddleSegBootstrapped, 0.3, 3_000L, 0.0, 12f, true)]
        [InlineData(OhemMode.MMSegByLoss, 0.7, 1_000L, 0.0, 12f, false)]
        [InlineData(OhemMode.DeepLabTF, 0.7, 0L, 0.2, 6f, false)]
        [InlineData(OhemMode.ModelGarden, 0.7, 0L, 0.2, 6f, false)]
        [InlineData(OhemMode.TorchSeg, 0.7, 3_000L, 0.0, 12f, false)]
        [InlineData(OhemMode.PytorchLossOhem, 0.7, 3_000L, 0.0, 12f, false)]
        [InlineData(OhemMode.PaddleSegTopK, 0.7, 0L, 0.2, 6f, false)]
        [InlineData(OhemMode.PaddleSegTopK, 0.7, 0L, 0.0, 6f, false)]
        [InlineData(OhemMode.DeepLab2, 0.7, 0L, 0.2, 6f, false)]
        [InlineData(OhemMode.DeepLab2, 0.7, 0L, 0.0, 6f, false)]
        public void PerImageNhwcWeighted_IsNchwBitwise_AndTheMeanOfEachImageAlone(
            OhemMode mode, double thresh, long nMin, double fraction, float boost, bool weighted)
        {
            var rng = new Random(41);
            float[] x = Inputs.Logits(rng, Shape);
            long[] y = Inputs.Labels(rng, Shape, 255);
            Inputs.Sharpen(x, y, Shape, 255, rng, boost);
            double[]? weights = weighted ? Weights : null;
            OhemSpec Spec(OhemScope scope, OhemLayout layout) =>
                new OhemSpec(thresh, nMin, 255, 5, mode: mode, fraction: fraction, layout: layout, classWeights: weights, scope: scope);

            (OhemResult nchw, float[] nchwGrad) = Run(Spec(OhemScope.PerImage, OhemLayout.NCHW), x, y, Shape);
            (OhemResult nhwc, float[] nhwcGrad) = Run(Spec(OhemScope.PerImage, OhemLayout.NHWC), Layouts.ToNhwc(x, Shape), y, Shape);
            Assert.Equal(nchw, nhwc);
            Assert.True(Layouts.ToNhwc(nchwGrad, Shape).AsSpan().SequenceEqual(nhwcGrad), "NHWC gradient is not the permuted NCHW gradient");

            double sum = 0;
            long kept = 0;
            int imageLogits = 5 * 60 * 70, plane = 60 * 70;
            for (int n = 0; n < Shape.N; ++n)
            {
                float[] xn = x.AsSpan(n * imageLogits, imageLogits).ToArray();
                long[] yn = y.AsSpan(n * plane, plane).ToArray();
                (OhemResult alone, float[] aloneGrad) = Run(Spec(OhemScope.PerBatch, OhemLayout.NCHW), xn, yn, Image);
                sum += alone.Loss;
                kept += alone.Kept;
                for (int i = 0; i < imageLogits; ++i)
                {
                    float expected = aloneGrad[i] / Shape.N;
                    float actual = nchwGrad[(n * imageLogits) + i];
                    // g/(N·divisor) rounded once against (g/divisor)/N rounded twice: a few float ulps apart.
                    Assert.True(Math.Abs(actual - expected) <= 5e-7 * Math.Abs(expected), $"image {n}, element {i}: {actual:R} vs {expected:R}");
                }
            }

            Assert.Equal(BitConverter.SingleToUInt32Bits((float)(sum / Shape.N)), BitConverter.SingleToUInt32Bits(nchw.Loss));
            Assert.Equal(kept, nchw.Kept);
            Assert.True(nchw.Kept > 0, "the case must keep pixels to test anything");
        }

        [Fact]
        public void WeightsChangeThePerImageResult()
        {
            // Guards the test above against weights being dropped on the way: weighted and unweighted must differ.
            var rng = new Random(41);
            float[] x = Inputs.Logits(rng, Shape);
            long[] y = Inputs.Labels(rng, Shape, 255);
            var plain = new OhemSpec(0.7, 3_000, 255, 5, mode: OhemMode.HRNet, scope: OhemScope.PerImage, layout: OhemLayout.NHWC);
            var weighted = new OhemSpec(0.7, 3_000, 255, 5, mode: OhemMode.HRNet, scope: OhemScope.PerImage, layout: OhemLayout.NHWC, classWeights: Weights);
            float[] xt = Layouts.ToNhwc(x, Shape);
            Assert.NotEqual(Run(plain, xt, y, Shape).Result.Loss, Run(weighted, xt, y, Shape).Result.Loss);
        }

        private static (OhemResult Result, float[] Gradient) Run(OhemSpec spec, float[] x, long[] y, OhemShape shape)
        {
            using var engine = new CpuOhemEngine(spec, 2);
            OhemResult r = engine.Forward<float, long>(x, y, shape);
            var g = new float[shape.Logits];
            engine.Backward<float, long>(x, y, shape, g, 2f);
            return (r, g);
        }
    }
}
