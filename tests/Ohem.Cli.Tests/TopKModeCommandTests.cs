using System;
using Xunit;

namespace Ohem.Cli.Tests
{
    /// <summary>--mode paddleseg-topk and --mode deeplab2 on emit and eval (EvalData: 2 images of 8×8, 4 classes).</summary>
    public sealed class TopKModeCommandTests : IDisposable
    {
        private readonly EvalData data = new();

        public void Dispose() => data.Dispose();

        [Fact]
        public void Emit_with_the_new_mode_names_equals_the_generated_CudaSource()
        {
            var paddle = Cli.Run("emit", "--mode", "paddleseg-topk", "--fraction", "0.2", "--classes", "19");
            Assert.Equal((0, ""), (paddle.Code, paddle.Stderr));
            Assert.Equal(PaddleTopKCliLoss.CudaSource, paddle.Stdout);

            var deeplab2 = Cli.Run("emit", "--mode", "deeplab2", "--fraction", "0.2", "--logits", "bf16");
            Assert.Equal((0, ""), (deeplab2.Code, deeplab2.Stderr));
            Assert.Equal(DeepLab2CliLoss.CudaSource, deeplab2.Stdout);

            // The knobs the top-k modes take are no usage error.
            var knobs = Cli.Run("emit", "--mode", "deeplab2", "--fraction", "0.2", "--classes", "19", "--on-empty", "nan", "--candidates", "valid", "--reduction", "sum");
            Assert.Equal((0, ""), (knobs.Code, knobs.Stderr));
            Assert.Equal(DeepLab2KnobsCliLoss.CudaSource, knobs.Stdout);
        }

        [Fact]
        public void Eval_deeplab2_is_per_image_without_scope()
        {
            // deeplab2 averages per-image losses; the per-batch DeepLabTF rule on the same fraction gives another value.
            var json = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--mode", "deeplab2", "--fraction", "0.3", "--classes", "4", "--backend", "cpu").Json();
            using var engine = OhemLossEngine.Create(new OhemSpec(numClasses: 4, mode: OhemMode.DeepLab2, fraction: 0.3), null, OhemBackend.Cpu);
            var expected = engine.Forward<float, long>(data.Logits, data.Labels, data.Shape);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected.Loss), BitConverter.SingleToInt32Bits(json.GetProperty("loss").GetSingle()));
            var batch = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--mode", "deeplab-tf", "--fraction", "0.3", "--classes", "4", "--backend", "cpu").Json();
            Assert.NotEqual(batch.GetProperty("loss").GetSingle(), json.GetProperty("loss").GetSingle());
        }
    }
}
