using System;
using Xunit;

namespace Ohem.Cli.Tests
{
    /// <summary>--scope batch|image and --mode paddleseg-bootstrapped on emit and eval (EvalData: 2 images of 8×8, 4 classes).</summary>
    public sealed class ScopeCommandTests : IDisposable
    {
        private readonly EvalData data = new();

        public void Dispose() => data.Dispose();

        [Fact]
        public void Emit_with_scope_image_and_the_bootstrapped_mode_equals_the_generated_CudaSource()
        {
            var perImage = Cli.Run("emit", "--scope", "image", "--n-min", "4096", "--classes", "19");
            Assert.Equal((0, ""), (perImage.Code, perImage.Stderr));
            Assert.Equal(PerImageCliLoss.CudaSource, perImage.Stdout);

            var bootstrapped = Cli.Run("emit", "--mode", "paddleseg-bootstrapped", "--thresh", "0.3", "--n-min", "4096", "--classes", "19", "--logits", "f16");
            Assert.Equal((0, ""), (bootstrapped.Code, bootstrapped.Stderr));
            Assert.Equal(BootstrappedCliLoss.CudaSource, bootstrapped.Stdout);

            // The knobs with the bootstrapped mode (BiSeNetV1's rule per image) are no usage error.
            var knobs = Cli.Run("emit", "--mode", "paddleseg-bootstrapped", "--thresh", "0.3", "--n-min", "4096", "--classes", "19", "--comparison", "inclusive", "--on-empty", "zero", "--candidates", "valid", "--reduction", "sum");
            Assert.Equal((0, ""), (knobs.Code, knobs.Stderr));
            Assert.Equal(BootstrappedKnobsCliLoss.CudaSource, knobs.Stdout);

            // --scope batch is the default: the text of a spec without a scope.
            var batch = Cli.Run("emit", "--scope", "batch", "--classes", "19");
            Assert.Equal(CityscapesLoss.CudaSource, batch.Stdout);
        }

        [Fact]
        public void Eval_scope_image_is_the_per_image_CPU_engine_and_differs_from_batch()
        {
            var image = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "40", "--classes", "4", "--scope", "image", "--backend", "cpu").Json();
            var batch = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "40", "--classes", "4", "--scope", "batch", "--backend", "cpu").Json();
            using var engine = OhemLossEngine.Create(new OhemSpec(nMin: 40, numClasses: 4, scope: OhemScope.PerImage), null, OhemBackend.Cpu);
            var expected = engine.Forward<float, long>(data.Logits, data.Labels, data.Shape);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected.Loss), BitConverter.SingleToInt32Bits(image.GetProperty("loss").GetSingle()));
            Assert.Equal(expected.Kept, image.GetProperty("kept").GetInt64());
            Assert.NotEqual(image.GetProperty("loss").GetSingle(), batch.GetProperty("loss").GetSingle());
        }

        [Fact]
        public void Eval_bootstrapped_reads_thresh_as_a_loss()
        {
            var json = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--mode", "paddleseg-bootstrapped", "--thresh", "2.5", "--n-min", "8", "--backend", "cpu").Json();
            Assert.Equal(2.5f, new OhemSpec(2.5, 8, mode: OhemMode.PaddleSegBootstrapped).ThreshLoss);
            using var engine = OhemLossEngine.Create(new OhemSpec(2.5, 8, mode: OhemMode.PaddleSegBootstrapped), null, OhemBackend.Cpu);
            var expected = engine.Forward<float, long>(data.Logits, data.Labels, data.Shape);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected.Loss), BitConverter.SingleToInt32Bits(json.GetProperty("loss").GetSingle()));
            Assert.Equal(expected.Kept, json.GetProperty("kept").GetInt64());
        }

        [Fact]
        public void N_min_of_an_image_or_more_is_an_input_error_per_image()
        {
            // 64 < N·H·W = 128, but each image has 64 pixels.
            Cli.Fails(Program.Failed, "--n-min is 64, but it must be less than the pixel count of one image H·W = 64 (8×8): the selection is per image, and PyTorch/Paddle raise IndexError here.",
                "eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "64", "--scope", "image", "--backend", "cpu");
            Cli.Fails(Program.Failed, "--n-min is 64, but it must be less than the pixel count of one image H·W = 64 (8×8): the selection is per image, and PyTorch/Paddle raise IndexError here.",
                "eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "64", "--mode", "paddleseg-bootstrapped", "--thresh", "0.3", "--backend", "cpu");
            Cli.Fails(Program.Usage, "--n-min is 100, but it must be less than the pixel count of one image H·W = 100 (10×10): the selection is per image, and PyTorch/Paddle raise IndexError here.",
                "bench", "--size", "2,3,10,10", "--n-min", "100", "--scope", "image", "--backend", "cpu");
        }

        [Fact]
        public void Bad_scope_and_loss_threshold_are_usage_errors()
        {
            Cli.Fails(Program.Usage, "Argument 'images' not recognized. Must be one of: 'batch' 'image'", "emit", "--scope", "images");
            Cli.Fails(Program.Usage, "Thresh is -1.0, but Mode paddleseg-bootstrapped reads it as a loss threshold (loss_th), which must be finite and 0 or more", "emit", "--mode", "paddleseg-bootstrapped", "--thresh", "-1");
        }

        [Fact]
        public void Help_lists_scope()
        {
            var run = Cli.Run("emit", "--help");
            Assert.Contains("--scope", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("paddleseg-bootstrapped", run.Stdout, StringComparison.Ordinal);
        }
    }
}
