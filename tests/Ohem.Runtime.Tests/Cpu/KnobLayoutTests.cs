using System;
using Ohem.Cpu;
using Ohem.Runtime.Tests.Support;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>
    /// The knobs with NHWC logits: the layout changes only the loads, so a knob spec must give bitwise the NCHW result
    /// and the permuted gradient; and each knob must change something, or the comparison proves nothing.
    /// </summary>
    public sealed class KnobLayoutTests
    {
        private static readonly OhemShape Shape = new(2, 5, 40, 30);

        [Theory]
        [InlineData(OhemMode.BiSeNetV1, 0.7, 1_000L, 0.0, OhemComparison.Inclusive, OhemCandidates.ValidOnly, OhemReduction.Sum)]
        [InlineData(OhemMode.BiSeNetV2, 0.001, 0L, 0.0, OhemComparison.Inclusive, OhemCandidates.Default, OhemReduction.Sum)]
        [InlineData(OhemMode.HRNet, 0.7, 1_000L, 0.0, OhemComparison.Inclusive, OhemCandidates.Default, OhemReduction.Sum)]
        [InlineData(OhemMode.TopKPercent, 0.7, 0L, 0.3, OhemComparison.Default, OhemCandidates.ValidOnly, OhemReduction.Sum)]
        [InlineData(OhemMode.MMSegSampler, 0.7, 1_000L, 0.0, OhemComparison.Inclusive, OhemCandidates.Default, OhemReduction.Sum)]
        [InlineData(OhemMode.PaddleSeg, 0.7, 1_000L, 0.0, OhemComparison.Inclusive, OhemCandidates.Default, OhemReduction.Sum)]
        public void KnobSpec_Nhwc_IsNchwBitwise(
            OhemMode mode, double thresh, long nMin, double fraction, OhemComparison comparison, OhemCandidates candidates, OhemReduction reduction)
        {
            var rng = new Random(7);
            float[] x = Inputs.Logits(rng, Shape);
            long[] y = Inputs.Labels(rng, Shape, 255);
            Inputs.Sharpen(x, y, Shape, 255, rng, 12f);
            OhemSpec Spec(OhemLayout layout, bool knobs) => knobs
                ? new OhemSpec(thresh, nMin, 255, 5, mode: mode, fraction: fraction, layout: layout, comparison: comparison, candidates: candidates, reduction: reduction)
                : new OhemSpec(thresh, nMin, 255, 5, mode: mode, fraction: fraction, layout: layout);
            Assert.Empty(Spec(OhemLayout.NHWC, knobs: true).Validate());

            (OhemResult nchw, float[] nchwGrad) = Run(Spec(OhemLayout.NCHW, knobs: true), x, y);
            (OhemResult nhwc, float[] nhwcGrad) = Run(Spec(OhemLayout.NHWC, knobs: true), Layouts.ToNhwc(x, Shape), y);
            Assert.Equal(nchw, nhwc);
            Assert.True(Layouts.ToNhwc(nchwGrad, Shape).AsSpan().SequenceEqual(nhwcGrad), "NHWC gradient is not the permuted NCHW gradient");
            Assert.True(nchw.Kept > 0, "the case must keep pixels to test anything");

            // Reduction = Sum: the knob spec's loss is not the default's (a mean), so the knobs did reach the kernel.
            Assert.NotEqual(Run(Spec(OhemLayout.NHWC, knobs: false), Layouts.ToNhwc(x, Shape), y).Result.Loss, nhwc.Loss);
        }

        private static (OhemResult Result, float[] Gradient) Run(OhemSpec spec, float[] x, long[] y)
        {
            using var engine = new CpuOhemEngine(spec, 2);
            OhemResult r = engine.Forward<float, long>(x, y, Shape);
            var g = new float[Shape.Logits];
            engine.Backward<float, long>(x, y, Shape, g, 2f);
            return (r, g);
        }
    }
}
