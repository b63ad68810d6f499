using System.Linq;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    public sealed partial class FakeDriverTests
    {
        /// <summary>
        /// PaddleSegTopK is per batch: one pass over all 3 × 2257 pixels, its decide getting N·H·W. DeepLab2 is always
        /// per image without Scope: the per-image sequence (one pass per image, each decide getting H·W, then the combine)
        /// and one backward per image with the image count as its last argument.
        /// </summary>
        [SkippableFact]
        public void TopKModes_PaddleSegPerBatch_DeepLab2PerImage()
        {
            CudaTestEnvironment.RequireNvrtc();
            var (stdout, log) = RunScenario("topk-modes");

            Assert.Equal("loss=1.5 kept=42 rule=AboveThreshold threshold=0.25 pixels=6771 valid=4000 backend=Cuda", stdout["paddleseg-topk"]);
            // The fake combine sums kept and valid over the 3 images and averages their losses.
            Assert.Equal("loss=1.5 kept=126 rule=AboveThreshold threshold=0.25 pixels=6771 valid=12000 backend=Cuda", stdout["deeplab2"]);
            Assert.Equal("yes", stdout["combine"]);

            var launches = log.Where(l => l.Kind == "launch").ToList();
            string[] pass = { "ohem_reset", "ohem_forward", "ohem_decide", "ohem_refine", "ohem_select", "ohem_refine", "ohem_select" };
            string[] back = { "ohem_tiecount", "ohem_tiescan", "ohem_backward" };
            Assert.Equal(
                pass.Concat(back)
                    .Concat(pass).Concat(pass).Concat(pass).Append("ohem_combine").Concat(back).Concat(back).Concat(back),
                launches.Select(l => l.Name));

            // PaddleSegTopK: the decide reads N·H·W (k = int(0.2f × N·H·W)); NMin is passed but not read.
            Assert.Equal(("6771", "6771"), (launches[1]["m"], launches[2]["pixels"]));
            // The host passes the image count (1 per batch) to every backward; per-batch kernels do not declare it.
            Assert.Equal(("ohem_backward", "1", "6771"), (launches[9].Name, launches[9]["images"], launches[9]["m"]));

            // DeepLab2: each image's decide reads its H·W (k = round(0.2f × H·W)); the backward divides by N = 3.
            var perImage = launches.Skip(10).ToList();
            Assert.Equal(new[] { "2257", "2257", "2257" }, perImage.Where(l => l.Name == "ohem_decide").Select(l => l["pixels"]));
            Assert.Equal(new[] { "2257", "2257", "2257" }, perImage.Where(l => l.Name == "ohem_forward").Select(l => l["m"]));
            var combine = Assert.Single(perImage, l => l.Name == "ohem_combine");
            Assert.Equal(("3", "2257"), (combine["n"], combine["plane"]));
            Assert.Equal(new[] { "3", "3", "3" }, perImage.Where(l => l.Name == "ohem_backward").Select(l => l["images"]));
        }
    }
}
