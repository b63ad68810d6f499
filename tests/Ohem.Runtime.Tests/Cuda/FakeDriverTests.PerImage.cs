using System;
using System.Linq;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    public sealed partial class FakeDriverTests
    {
        /// <summary>
        /// Per image (3 images of 37×61 = 2257 pixels, 19 classes): the per-batch pass once per image on that image's
        /// slices into its own state, one combine into the result state, and one backward pass per image.
        /// </summary>
        [SkippableFact]
        public void PerImageRunsOnePassPerImageThenCombines()
        {
            CudaTestEnvironment.RequireNvrtc();
            var (stdout, log) = RunScenario("per-image");

            // The fake decide writes kept 42, valid 4000, loss 1.5, threshold 0.25 and rule 1 into each image's state;
            // the fake combine sums kept and valid and averages the losses, as the real one does.
            Assert.Equal("loss=1.5 kept=126 rule=AboveThreshold threshold=0.25 pixels=6771 valid=12000 backend=Cuda", stdout["per-image"]);
            Assert.Equal("loss=1.5 kept=126 rule=AboveThreshold threshold=0.25 pixels=6771 valid=12000 backend=Cuda", stdout["bootstrapped"]);
            Assert.Equal("nMin NMin = 2257 must be less than the pixel count of one image H·W = 2257: the selection is per image (the seed's loss[n_min], PaddleSeg's sorted_loss[min_K], would raise IndexError).", stdout["nmin"]);
            Assert.Equal("nMin NMin = 4000 is not less than the 4000 valid pixels of image 0 (of 3; Scope = PerImage selects in each image), the candidates of Mode hrnet, and NMinPolicy = Throw.", stdout["nmin-throw"]);
            Assert.Equal("nMin NMin = 4001 is more than the 4000 valid pixels of image 0 (of 3; Scope = PerImage selects in each image), the candidates of Mode torchseg, and NMinPolicy = Throw.", stdout["later-nmin-throw"]);
            Assert.Equal("0", stdout["live"]);
            Assert.Equal("0", stdout["refs"]);

            var launches = log.Where(l => l.Kind == "launch").ToList();
            string[] pass = { "ohem_reset", "ohem_forward", "ohem_decide", "ohem_refine", "ohem_select", "ohem_refine", "ohem_select" };
            string[] back = { "ohem_tiecount", "ohem_tiescan", "ohem_backward" };
            var forward = pass.Concat(pass).Concat(pass).Append("ohem_combine");
            // The NMin engine throws before launching anything; the NMinPolicy = Throw engine after its forward.
            // Then TorchSeg per image with NMinPolicy = Throw, also after its forward.
            Assert.Equal(forward.Concat(back).Concat(back).Concat(back).Concat(forward).Concat(forward).Concat(forward), launches.Select(l => l.Name));

            const long Plane = 2257, Classes = 19;
            var first = launches.Take(22).ToList();
            ulong logits = Hex(first[1]["logits"]), labels = Hex(first[1]["labels"]), loss = Hex(first[1]["loss"]), states = Hex(first[0]["state"]);
            for (int n = 0; n < 3; ++n)
            {
                var (reset, fwd, decide) = (first[n * 7], first[(n * 7) + 1], first[(n * 7) + 2]);
                ulong state = states + ((ulong)n * 128);
                Assert.Equal(state, Hex(reset["state"]));
                // One image: 2257 pixels in 3 tiles; pointers offset by n·C·H·W logits, n·H·W labels and losses.
                Assert.Equal(("3,1,1", "2257", "2257", "19"), (fwd["grid"], fwd["m"], fwd["plane"], fwd["c"]));
                Assert.Equal(logits + ((ulong)n * Classes * Plane * 4), Hex(fwd["logits"]));
                Assert.Equal(labels + ((ulong)n * Plane * 8), Hex(fwd["labels"]));
                Assert.Equal(loss + ((ulong)n * Plane * 4), Hex(fwd["loss"]));
                Assert.Equal(state, Hex(fwd["state"]));
                Assert.Equal(("100", "2257", state), (decide["nmin"], decide["pixels"], Hex(decide["state"])));
                foreach (var select in first.Skip((n * 7) + 3).Take(4))
                {
                    Assert.Equal(state, Hex(select["state"]));
                }
            }

            var combine = first[21];
            Assert.Equal(("1,1,1", states, "3", "2257"), (combine["grid"], Hex(combine["images"]), combine["n"], combine["plane"]));
            Assert.Equal(stdout["state"], combine["total"]);
            Assert.NotEqual(states, Hex(combine["total"]));

            var backward = launches.Skip(22).Take(9).ToList();
            ulong grad = Hex(backward[2]["grad"]);
            for (int n = 0; n < 3; ++n)
            {
                var (tieCount, tieScan, bwd) = (backward[n * 3], backward[(n * 3) + 1], backward[(n * 3) + 2]);
                ulong state = states + ((ulong)n * 128);
                Assert.Equal(("3,1,1", "2257", state), (tieCount["grid"], tieCount["m"], Hex(tieCount["state"])));
                Assert.Equal(loss + ((ulong)n * Plane * 4), Hex(tieCount["loss"]));
                Assert.Equal(("1,1,1", "3", state), (tieScan["grid"], tieScan["ntiles"], Hex(tieScan["state"])));
                Assert.Equal(("3,1,1", "2257", "2257", "19", "0.5", "3"), (bwd["grid"], bwd["m"], bwd["plane"], bwd["c"], bwd["upstream"], bwd["images"]));
                Assert.Equal(state, Hex(bwd["state"]));
                Assert.Equal(logits + ((ulong)n * Classes * Plane * 4), Hex(bwd["logits"]));
                Assert.Equal(labels + ((ulong)n * Plane * 8), Hex(bwd["labels"]));
                Assert.Equal(grad + ((ulong)n * Classes * Plane * 4), Hex(bwd["grad"]));
                Assert.Equal(loss + ((ulong)n * Plane * 4), Hex(bwd["loss"]));
            }

            // PaddleSegBootstrapped: the same per-image sequence, min_K as the decide argument of each image.
            var bootstrapped = launches.Skip(31).Take(22).ToList();
            Assert.Equal(new[] { "100", "100", "100" }, bootstrapped.Where(l => l.Name == "ohem_decide").Select(l => l["nmin"]));
            Assert.All(bootstrapped.Where(l => l.Name == "ohem_forward"), l => Assert.Equal("2257", l["m"]));
            Assert.Equal(new[] { "4000", "4000", "4000" }, launches.Skip(53).Take(22).Where(l => l.Name == "ohem_decide").Select(l => l["nmin"]));
            Assert.Equal(new[] { "4001", "4001", "4001" }, launches.Skip(75).Where(l => l.Name == "ohem_decide").Select(l => l["nmin"]));
        }
    }
}
