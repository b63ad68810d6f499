using System;
using Xunit;

namespace Ohem.Cli.Tests
{
    public sealed class EmitCommandTests
    {
        [Fact]
        public void Emit_equals_the_generated_CudaSource_for_the_default_cityscapes_spec()
        {
            var run = Cli.Run("emit", "--thresh", "0.7", "--n-min", "100000", "--ignore-label", "255", "--classes", "19", "--logits", "f32", "--labels", "i64", "--mode", "bisenet-v1");
            Assert.Equal((0, ""), (run.Code, run.Stderr));
            Assert.Equal(CityscapesLoss.CudaSource, run.Stdout);
        }

        [Fact]
        public void Emit_equals_the_generated_CudaSource_for_half_logits_int_labels_and_runtime_classes()
        {
            var run = Cli.Run("emit", "--thresh", "0.5", "--n-min", "4096", "--ignore-label", "-1", "--logits", "f16", "--labels", "i32");
            Assert.Equal((0, ""), (run.Code, run.Stderr));
            Assert.Equal(HalfRuntimeClassesLoss.CudaSource, run.Stdout);
        }

        [Fact]
        public void Emit_equals_the_generated_CudaSource_for_bfloat16_logits_byte_labels_and_n_min_0()
        {
            var run = Cli.Run("emit", "--thresh", "0.9", "--n-min", "0", "--classes", "5", "--logits", "bf16", "--labels", "u8");
            Assert.Equal((0, ""), (run.Code, run.Stderr));
            Assert.Equal(BFloatBytesLoss.CudaSource, run.Stdout);
        }

        [Fact]
        public void Emit_equals_the_generated_CudaSource_for_each_further_mode()
        {
            var hrnet = Cli.Run("emit", "--mode", "hrnet", "--thresh", "0.9", "--n-min", "131072", "--classes", "19");
            Assert.Equal((0, ""), (hrnet.Code, hrnet.Stderr));
            Assert.Equal(HrnetLoss.CudaSource, hrnet.Stdout);

            var deepLab = Cli.Run("emit", "--mode", "topk-percent", "--fraction", "0.2", "--classes", "19", "--logits", "f16");
            Assert.Equal((0, ""), (deepLab.Code, deepLab.Stderr));
            Assert.Equal(DeepLabLoss.CudaSource, deepLab.Stdout);

            var v2 = Cli.Run("emit", "--mode", "bisenet-v2", "--classes", "19");
            Assert.Equal((0, ""), (v2.Code, v2.Stderr));
            Assert.Equal(BiSeNetNewLoss.CudaSource, v2.Stdout);

            var mmseg = Cli.Run("emit", "--mode", "mmseg", "--n-min", "10000", "--classes", "19", "--labels", "u8", "--average-over-valid");
            Assert.Equal((0, ""), (mmseg.Code, mmseg.Stderr));
            Assert.Equal(MmsegLoss.CudaSource, mmseg.Stdout);

            var paddle = Cli.Run("emit", "--mode", "paddleseg", "--n-min", "130000", "--logits", "bf16");
            Assert.Equal((0, ""), (paddle.Code, paddle.Stderr));
            Assert.Equal(PaddleLoss.CudaSource, paddle.Stdout);

            var torchSeg = Cli.Run("emit", "--mode", "torchseg", "--thresh", "0.6", "--n-min", "256", "--classes", "19", "--logits", "f16");
            Assert.Equal((0, ""), (torchSeg.Code, torchSeg.Stderr));
            Assert.Equal(TorchSegLoss.CudaSource, torchSeg.Stdout);

            var pytorchLoss = Cli.Run("emit", "--mode", "pytorch-loss", "--fraction", "0.0625", "--labels", "u8");
            Assert.Equal((0, ""), (pytorchLoss.Code, pytorchLoss.Stderr));
            Assert.Equal(PytorchLossLoss.CudaSource, pytorchLoss.Stdout);

            var garden = Cli.Run("emit", "--mode", "model-garden", "--fraction", "0.25", "--classes", "19");
            Assert.Equal((0, ""), (garden.Code, garden.Stderr));
            Assert.Equal(GardenLoss.CudaSource, garden.Stdout);
        }

        [Fact]
        public void Emit_with_layout_nhwc_equals_the_generated_CudaSource_and_nchw_is_the_default()
        {
            var nhwc = Cli.Run("emit", "--classes", "19", "--logits", "f16", "--layout", "nhwc");
            Assert.Equal((0, ""), (nhwc.Code, nhwc.Stderr));
            Assert.Equal(ChannelsLastHalfLoss.CudaSource, nhwc.Stdout);

            var nchw = Cli.Run("emit", "--thresh", "0.7", "--n-min", "100000", "--classes", "19", "--layout", "nchw");
            Assert.Equal((0, ""), (nchw.Code, nchw.Stderr));
            Assert.Equal(CityscapesLoss.CudaSource, nchw.Stdout);

            Cli.Fails(Program.Usage, "Argument 'nhcw' not recognized. Must be one of: 'nchw' 'nhwc'", "emit", "--layout", "nhcw");
        }

        [Fact]
        public void Class_weights_emit_what_the_attribute_generates()
        {
            var run = Cli.Run("emit", "--mode", "hrnet", "--classes", "3", "--class-weights", "1, 2.5,0.8");
            Assert.Equal((0, ""), (run.Code, run.Stderr));
            Assert.Equal(WeightedHrnetLoss.CudaSource, run.Stdout);
            Assert.Contains("__constant__ float ohem_class_weight[3] = { 1.0f, 2.5f, 0.8f };", run.Stdout);
        }

        [Fact]
        public void Bad_class_weights_are_usage_errors_naming_the_problem()
        {
            Cli.Fails(Program.Usage, "--class-weights: 'x' (weight 1) is not a number; expected comma-separated numbers such as 1,2.5,0.8",
                "emit", "--classes", "2", "--class-weights", "1,x");
            Cli.Fails(Program.Usage, "ClassWeights has 2 entries, but NumClasses is 3: give exactly one weight per class",
                "emit", "--classes", "3", "--class-weights", "1,2");
            Cli.Fails(Program.Usage, "ClassWeights has 2 entries, but NumClasses is 0 (given at run time): class weights need NumClasses baked in, one weight per class",
                "emit", "--class-weights", "1,2");
            Cli.Fails(Program.Usage, "ClassWeights[0] is -1.0, but a class weight must be a finite float32 value ≥ 0",
                "emit", "--classes", "2", "--class-weights", "-1,2");
            Cli.Fails(Program.Usage, "ClassWeights is given, but Mode pytorch-loss does not take class weights: pytorch-loss's OhemCELoss builds its nn.CrossEntropyLoss without weight=",
                "emit", "--mode", "pytorch-loss", "--classes", "2", "--class-weights", "1,2");
        }

        [Fact]
        public void Emit_equals_the_generated_CudaSource_with_knobs()
        {
            var knobs = Cli.Run(
                "emit", "--mode", "hrnet", "--thresh", "0.9", "--n-min", "131072", "--classes", "19",
                "--comparison", "inclusive", "--on-empty", "zero", "--nmin-policy", "throw", "--reduction", "sum");
            Assert.Equal((0, ""), (knobs.Code, knobs.Stderr));
            Assert.Equal(KnobLoss.CudaSource, knobs.Stdout);

            var valid = Cli.Run("emit", "--mode", "topk-percent", "--fraction", "0.25", "--candidates", "valid");
            Assert.Equal((0, ""), (valid.Code, valid.Stderr));
            Assert.Equal(ValidTopKLoss.CudaSource, valid.Stdout);

            // "default" (or leaving the option out) is the spec without the knob; "mean" and "strict" name the same rule
            // but are part of the key.
            var plain = Cli.Run("emit", "--mode", "hrnet", "--thresh", "0.9", "--n-min", "131072", "--classes", "19", "--comparison", "default", "--on-empty", "default", "--nmin-policy", "default", "--candidates", "default", "--reduction", "default");
            Assert.Equal(HrnetLoss.CudaSource, plain.Stdout);
            var strict = Cli.Run("emit", "--mode", "hrnet", "--thresh", "0.9", "--n-min", "131072", "--classes", "19", "--comparison", "strict", "--reduction", "mean");
            Assert.Contains(";compare=strict;reduction=mean\n", strict.Stdout, StringComparison.Ordinal);
            var torchSegStrict = Cli.Run("emit", "--mode", "torchseg", "--thresh", "0.6", "--n-min", "256", "--comparison", "strict", "--nmin-policy", "clamp", "--reduction", "sum");
            Assert.Equal((0, ""), (torchSegStrict.Code, torchSegStrict.Stderr));
            Assert.Equal(TorchSegStrictCliLoss.CudaSource, torchSegStrict.Stdout);

            // The later modes' knobs per image: the per-image text with the knob's lines and the combine kernel's record.
            var perImage = Cli.Run("emit", "--mode", "torchseg", "--thresh", "0.6", "--n-min", "256", "--classes", "19", "--scope", "image", "--comparison", "strict", "--on-empty", "throw", "--nmin-policy", "throw");
            Assert.Equal((0, ""), (perImage.Code, perImage.Stderr));
            Assert.Contains(";scope=image;compare=strict;on-empty=throw;nmin-policy=throw\n", perImage.Stdout, StringComparison.Ordinal);
            Assert.Contains("    total->k = empty;\n", perImage.Stdout, StringComparison.Ordinal);
            Assert.Contains("    total->remaining = fewest;\n", perImage.Stdout, StringComparison.Ordinal);

            // Weighted TorchSeg with Strict and OnEmpty: the text the engine compiles for that spec, the fix after level 5.
            var weighted = Cli.Run("emit", "--mode", "torchseg", "--thresh", "0.6", "--n-min", "256", "--classes", "2", "--class-weights", "1,2", "--comparison", "strict", "--on-empty", "zero", "--candidates", "valid");
            Assert.Equal((0, ""), (weighted.Code, weighted.Stderr));
            var weightedSpec = new OhemSpec(0.6, 256, numClasses: 2, mode: OhemMode.TorchSeg, classWeights: new[] { 1.0, 2.0 }, comparison: OhemComparison.Strict, onEmpty: OhemOnEmpty.Zero, candidates: OhemCandidates.ValidOnly);
            Assert.Equal(OhemCudaEmitter.Emit(weightedSpec), weighted.Stdout);
            Assert.Contains(";compare=strict;on-empty=zero;candidates=valid\n", weighted.Stdout, StringComparison.Ordinal);
            Assert.Contains("            state->refine = 0u;\n            if (state->kept == 0ull)\n", weighted.Stdout, StringComparison.Ordinal);
        }

        [Fact]
        public void A_knob_the_mode_cannot_honour_is_a_usage_error()
        {
            Cli.Fails(Program.Usage, "Candidates is AllPixels, which cannot be honoured: Mode hrnet ranks the true-class probabilities of the valid pixels only", "emit", "--mode", "hrnet", "--candidates", "all");
            Cli.Fails(Program.Usage, "Reduction is Sum, which cannot be honoured: AverageOverValid = true asks for a divisor that a sum does not have", "emit", "--mode", "mmseg", "--average-over-valid", "--reduction", "sum");
            Cli.Fails(Program.Usage, "Candidates is AllPixels, which cannot be honoured: Mode torchseg ranks the true-class probabilities of the valid pixels only", "emit", "--mode", "torchseg", "--candidates", "all");
            Cli.Fails(Program.Usage, "Candidates is AllPixels, which cannot be honoured: Mode paddleseg ranks the true-class probabilities of the valid pixels only", "emit", "--mode", "paddleseg", "--scope", "image", "--classes", "2", "--class-weights", "1,2", "--candidates", "all");
            Cli.Fails(Program.Usage, "Candidates is AllPixels, which cannot be honoured: Mode torchseg ranks the true-class probabilities of the valid pixels only", "emit", "--mode", "torchseg", "--classes", "2", "--class-weights", "1,2", "--on-empty", "zero", "--candidates", "all");
            Cli.Fails(Program.Usage, "Candidates is AllPixels, which cannot be honoured: Mode mmseg-loss ranks the losses of the valid pixels only", "emit", "--mode", "mmseg-loss", "--scope", "image", "--candidates", "all");
            var unknown = Cli.Run("emit", "--on-empty", "maybe");
            Assert.Equal(Program.Usage, unknown.Code);
            Assert.Contains("maybe", unknown.Stderr, StringComparison.Ordinal);
            Assert.Equal("", unknown.Stdout);
        }

        [Fact]
        public void A_fraction_outside_zero_one_is_a_usage_error()
        {
            Cli.Fails(Program.Usage, "Fraction is 1.5, but it must be in (0, 1] (or 0 for the mode's default)", "emit", "--mode", "topk-percent", "--fraction", "1.5");
        }

        [Fact]
        public void Emit_defaults_are_the_attribute_defaults()
        {
            var run = Cli.Run("emit", "--thresh", "1", "--n-min", "16", "--classes", "3");
            Assert.Equal(SmallLoss.CudaSource, run.Stdout);
            Assert.NotEqual(CityscapesLoss.CudaSource, SmallLoss.CudaSource);
        }

        [Fact]
        public void A_warning_goes_to_stderr_and_the_source_is_still_printed()
        {
            var run = Cli.Run("emit", "--ignore-label", "3", "--classes", "19");
            Assert.Equal(0, run.Code);
            Assert.Equal("ohem: warning: IgnoreLabel is 3, which is a real class in [0, NumClasses): its pixels would be ignored\n", run.Stderr);
            Assert.Equal(OhemCudaEmitter.Emit(new OhemSpec(ignoreLabel: 3, numClasses: 19)), run.Stdout);
        }

        [Theory]
        [InlineData("--thresh", "1.5", OhemSpecProblemKind.ThreshOutOfRange)]
        [InlineData("--thresh", "0", OhemSpecProblemKind.ThreshOutOfRange)]
        [InlineData("--thresh", "NaN", OhemSpecProblemKind.ThreshOutOfRange)]
        [InlineData("--n-min", "-1", OhemSpecProblemKind.NMinNegative)]
        [InlineData("--classes", "1", OhemSpecProblemKind.NumClassesInvalid)]
        public void An_invalid_spec_prints_the_spec_problem_message(string option, string value, OhemSpecProblemKind kind)
        {
            var spec = option switch
            {
                "--thresh" => new OhemSpec(thresh: double.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
                "--n-min" => new OhemSpec(nMin: long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
                _ => new OhemSpec(numClasses: int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)),
            };
            var problem = Assert.Single(spec.Validate());
            Assert.Equal(kind, problem.Kind);
            Cli.Fails(Program.Usage, problem.Message, "emit", option, value);
        }

        [Fact]
        public void An_ignore_label_that_bytes_cannot_hold_is_refused_with_u8_labels()
        {
            Cli.Fails(Program.Usage, "IgnoreLabel is 300, which the label type cannot hold, so no pixel would ever be ignored", "emit", "--labels", "u8", "--ignore-label", "300");
        }

        [Fact]
        public void Bad_command_lines_give_one_line()
        {
            Cli.Fails(Program.Usage, "Cannot parse argument 'abc' for option '--thresh' as expected type 'System.Double'.", "emit", "--thresh", "abc");
            Cli.Fails(Program.Usage, "Cannot parse argument '1e99' for option '--n-min' as expected type 'System.Int64'.", "emit", "--n-min", "1e99");
            Cli.Fails(Program.Usage, "Argument 'f64' not recognized. Must be one of: 'f32' 'f16' 'bf16'", "emit", "--logits", "f64");
            Cli.Fails(Program.Usage, "Argument 'i8' not recognized. Must be one of: 'i64' 'i32' 'u8'", "emit", "--labels", "i8");
            Cli.Fails(Program.Usage, "Argument 'ohem-v2' not recognized. Must be one of: 'bisenet-v1' 'bisenet-v2' 'hrnet' 'topk-percent' 'mmseg' 'paddleseg' 'mmseg-loss' 'deeplab-tf' 'model-garden' 'torchseg' 'pytorch-loss' 'paddleseg-bootstrapped' 'paddleseg-topk' 'deeplab2'", "emit", "--mode", "ohem-v2");
            Cli.Fails(Program.Usage, "Unrecognized command or argument '--frobnicate'.", "emit", "--frobnicate");
            Cli.Fails(Program.Usage, "Unrecognized command or argument 'emitt'.", "emitt");
            Cli.Fails(Program.Usage, "Required command was not provided.");
        }

        [Fact]
        public void Help_lists_every_spec_option()
        {
            var run = Cli.Run("emit", "--help");
            Assert.Equal((0, ""), (run.Code, run.Stderr));
            foreach (var option in new[] { "--thresh", "--n-min", "--ignore-label", "--classes", "--logits", "--labels", "--mode", "--fraction", "--layout", "--class-weights", "--scope", "--comparison", "--on-empty", "--nmin-policy", "--candidates", "--reduction" })
            {
                Assert.Contains(option, run.Stdout);
            }

            var root = Cli.Run("--help");
            Assert.Equal(0, root.Code);
            foreach (var command in new[] { "emit", "compile", "eval", "bench" })
            {
                Assert.Contains("  " + command + " ", root.Stdout);
            }
        }
    }
}
