using System;
using System.Linq;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Oracle
{
    /// <summary>
    /// The edges the weighted TorchSeg knob cases were built for (OracleCases.TorchSegWeightedKnobs.cs), asserted on torch's
    /// result and the engine's together, so a case that drifts away from its edge fails instead of passing as an ordinary
    /// batch; and OnEmpty = Throw on the batches torch says keep nothing.
    /// </summary>
    [Collection(OracleCollection.Name)]
    public sealed class TorchSegWeightedKnobEdgeTests
    {
        private readonly OracleFixture oracle;

        public TorchSegWeightedKnobEdgeTests(OracleFixture oracle) => this.oracle = oracle;

        [SkippableFact]
        public void Strict_DropsEveryTieAtTheCutOff_FromTheWeightedMean()
        {
            var (c, torch, ours) = Both("knob-weights-torchseg-strict-ties");
            uint cut = BitConverter.SingleToUInt32Bits(ours.Threshold);
            long tied = torch.CrossEntropy.Count(l => BitConverter.SingleToUInt32Bits(l) == cut);
            Assert.True(tied > 1, "the case must tie at the cut-off");
            Assert.True(ours.Kept > 0 && ours.Kept < c.Spec.NMin, $"kept {ours.Kept}, min_kept {c.Spec.NMin}");
            Assert.Equal(torch.CrossEntropy.Count(l => l > ours.Threshold), ours.Kept);
            Assert.Equal(torch.Kept, ours.Kept);
        }

        [SkippableTheory]
        [InlineData("knob-weights-torchseg-strict-all-tied-zero", false)]
        [InlineData("knob-weights-torchseg-per-image-strict-all-tied-nan", true)]
        public void Strict_WithEveryCandidateTied_KeepsNothing(string name, bool nan)
        {
            var (_, torch, ours) = Both(name);
            Assert.True(ours.ValidPixels > 0);
            Assert.Equal((0L, 0L), (torch.Kept, ours.Kept));
            if (nan)
            {
                Assert.True(float.IsNaN(torch.Loss) && float.IsNaN(ours.Loss), $"torch {torch.Loss:R}, engine {ours.Loss:R}");
            }
            else
            {
                Assert.Equal((0u, 0u), (BitConverter.SingleToUInt32Bits(torch.Loss), BitConverter.SingleToUInt32Bits(ours.Loss)));
            }
        }

        [SkippableFact]
        public void OnEmpty_NaN_ReplacesTheSumOfNothing()
        {
            var (_, torch, ours) = Both("knob-weights-torchseg-no-valid-sum-nan");
            Assert.Equal((0L, 0L, 0L), (ours.ValidPixels, torch.Kept, ours.Kept));
            Assert.True(float.IsNaN(torch.Loss) && float.IsNaN(ours.Loss), $"torch {torch.Loss:R}, engine {ours.Loss:R}");
        }

        [SkippableFact]
        public void WeightSumZero_WithPixelsKept_IsNaN_NotEmpty()
        {
            var (c, torch, ours) = Both("knob-weights-torchseg-strict-weight-zero-kept-zero");
            Assert.Equal(OhemOnEmpty.Zero, c.Spec.OnEmpty);
            Assert.True(ours.Kept > 0);
            Assert.Equal(torch.Kept, ours.Kept);
            Assert.True(float.IsNaN(torch.Loss) && float.IsNaN(ours.Loss), $"torch {torch.Loss:R}, engine {ours.Loss:R}");
        }

        [SkippableFact]
        public void ValidOnly_IsTheDefaultResult()
        {
            var (c, _, ours) = Both("knob-weights-torchseg-valid-only");
            var own = new OhemSpec(c.Spec.Thresh, c.Spec.NMin, numClasses: c.Spec.NumClasses, mode: OhemMode.TorchSeg, classWeights: c.Spec.ClassWeights!.ToArray());
            using var engine = new CpuOhemEngine(own, 2);
            OhemResult r = engine.Forward<float, long>((float[])c.Logits, (long[])c.Labels, c.Shape);
            Assert.Equal((r.Kept, r.Rule, BitConverter.SingleToInt32Bits(r.Loss)), (ours.Kept, ours.Rule, BitConverter.SingleToInt32Bits(ours.Loss)));
        }

        [SkippableFact]
        public void OnEmpty_Throw_RaisesWhereTorchKeepsNothing()
        {
            // The batch torch keeps nothing of (every candidate tied at the cut-off): Throw instead of Zero raises.
            var (c, torch, _) = Both("knob-weights-torchseg-strict-all-tied-zero");
            Assert.Equal(0, torch.Kept);
            OhemSpec batch = WithThrow(c.Spec, OhemScope.PerBatch);
            var e = Assert.Throws<InvalidOperationException>(() => Forward(batch, c));
            Assert.StartsWith("No pixel was selected: none of the ", e.Message);
            Assert.EndsWith($"passed the rule; Mode torchseg with OnEmpty = Throw, spec {batch.Key}.", e.Message);

            // Per image: the second image has no valid pixel (torch's per-image mean is the first image's loss over 2).
            var (ci, _, image) = Both("knob-weights-torchseg-per-image-strict-ignored-image-zero");
            Assert.True(image.Kept > 0);
            OhemSpec perImage = WithThrow(ci.Spec, OhemScope.PerImage);
            var ei = Assert.Throws<InvalidOperationException>(() => Forward(perImage, ci));
            Assert.Equal($"No pixel was selected in image 1 (of 2; Scope = PerImage selects in each image); Mode torchseg with OnEmpty = Throw, spec {perImage.Key}.", ei.Message);
        }

        private static OhemSpec WithThrow(OhemSpec s, OhemScope scope) => new OhemSpec(
            s.Thresh, s.NMin, numClasses: s.NumClasses, mode: s.Mode, classWeights: s.ClassWeights!.ToArray(), scope: scope, comparison: s.Comparison,
            onEmpty: OhemOnEmpty.Throw, reduction: s.Reduction).EnsureValid();

        private static OhemResult Forward(OhemSpec spec, OracleCase c)
        {
            using var engine = new CpuOhemEngine(spec, 2);
            return engine.Forward<float, long>((float[])c.Logits, (long[])c.Labels, c.Shape);
        }

        private (OracleCase Case, TorchResult Torch, OhemResult Ours) Both(string name)
        {
            oracle.RequireTorch();
            OracleCase c = oracle.Cases[name];
            return (c, oracle.Results[name], Forward(c.Spec, c));
        }
    }
}
