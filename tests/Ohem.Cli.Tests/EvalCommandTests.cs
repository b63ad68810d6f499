using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Ohem.NumPy;
using Xunit;

namespace Ohem.Cli.Tests
{
    public sealed class EvalCommandTests : IDisposable
    {
        private readonly EvalData data = new();

        public void Dispose() => data.Dispose();

        [Fact]
        public void Eval_prints_what_the_CPU_engine_computes_bit_for_bit()
        {
            var json = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "16", "--classes", "4", "--backend", "cpu").Json();
            using var engine = OhemLossEngine.Create(new OhemSpec(nMin: 16, numClasses: 4), null, OhemBackend.Cpu);
            var expected = engine.Forward<float, long>(data.Logits, data.Labels, data.Shape);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected.Loss), BitConverter.SingleToInt32Bits(json.GetProperty("loss").GetSingle()));
            Assert.Equal(expected.Kept, json.GetProperty("kept").GetInt64());
            Assert.Equal(expected.Rule == OhemRule.AboveThreshold ? "above-threshold" : "top-n-min", json.GetProperty("rule").GetString());
            Assert.Equal(expected.Threshold, json.GetProperty("thresholdLoss").GetSingle());
            Assert.Equal("cpu", json.GetProperty("backend").GetString());
            Assert.Equal(128, json.GetProperty("pixels").GetInt64());
            Assert.Equal(Array.FindAll(data.Labels, v => v != 255).Length, json.GetProperty("validPixels").GetInt64());
            Assert.True(json.GetProperty("ms").GetDouble() >= 0);
            Assert.Equal(new[] { "loss", "kept", "rule", "thresholdLoss", "backend", "pixels", "validPixels", "ms" }, Names(json));
        }

        [Fact]
        public void Few_hard_pixels_select_top_n_min_and_many_select_above_threshold()
        {
            // Random logits: about 3/4 of the valid pixels are above −ln(0.7).
            var above = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "10", "--backend", "cpu").Json();
            Assert.Equal("above-threshold", above.GetProperty("rule").GetString());
            Assert.Equal(new OhemSpec().ThreshLoss, above.GetProperty("thresholdLoss").GetSingle());
            Assert.True(above.GetProperty("kept").GetInt64() > 10);

            var top = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "120", "--backend", "cpu").Json();
            Assert.Equal("top-n-min", top.GetProperty("rule").GetString());
            Assert.Equal(120, top.GetProperty("kept").GetInt64());
        }

        [Theory]
        [InlineData("hrnet", "0")]
        [InlineData("bisenet-v2", "0.5")]
        [InlineData("topk-percent", "0.25")]
        [InlineData("mmseg", "0")]
        [InlineData("paddleseg", "0")]
        [InlineData("mmseg-loss", "0")]
        [InlineData("deeplab-tf", "0.25")]
        [InlineData("model-garden", "0.25")]
        [InlineData("torchseg", "0")]
        [InlineData("pytorch-loss", "0.0625")]
        [InlineData("pytorch-loss", "0")]
        [InlineData("paddleseg-topk", "0.25")]
        [InlineData("paddleseg-topk", "0")]
        [InlineData("deeplab2", "0.3")]
        [InlineData("deeplab2", "0")]
        public void Eval_runs_every_mode_as_the_CPU_engine_and_n_min_above_the_pixels_is_no_error_there(string mode, string fraction)
        {
            // --n-min 100000 exceeds the 128 pixels: an error only for bisenet-v1.
            var json = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--mode", mode, "--fraction", fraction, "--n-min", "100000", "--classes", "4", "--backend", "cpu").Json();
            Assert.True(OhemSpec.TryParseMode(mode, out OhemMode parsed));
            var spec = new OhemSpec(nMin: 100_000, numClasses: 4, mode: parsed, fraction: double.Parse(fraction, CultureInfo.InvariantCulture));
            using var engine = OhemLossEngine.Create(spec, null, OhemBackend.Cpu);
            var expected = engine.Forward<float, long>(data.Logits, data.Labels, data.Shape);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected.Loss), BitConverter.SingleToInt32Bits(json.GetProperty("loss").GetSingle()));
            Assert.Equal(expected.Kept, json.GetProperty("kept").GetInt64());
            Assert.True(expected.Kept > 0);
        }

        [Theory]
        [InlineData("bisenet-v1")]
        [InlineData("hrnet")]
        [InlineData("paddleseg")]
        [InlineData("mmseg-loss")]
        [InlineData("deeplab-tf")]
        [InlineData("model-garden")]
        [InlineData("torchseg")]
        public void Eval_with_class_weights_is_the_weighted_CPU_engine(string mode)
        {
            var json = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--mode", mode, "--n-min", "16", "--classes", "4", "--class-weights", "0.5,2,1,3", "--backend", "cpu").Json();
            Assert.True(OhemSpec.TryParseMode(mode, out OhemMode parsed));
            var spec = new OhemSpec(nMin: 16, numClasses: 4, mode: parsed, classWeights: new[] { 0.5, 2, 1, 3 });
            using var engine = OhemLossEngine.Create(spec, null, OhemBackend.Cpu);
            var expected = engine.Forward<float, long>(data.Logits, data.Labels, data.Shape);
            using var plain = OhemLossEngine.Create(new OhemSpec(nMin: 16, numClasses: 4, mode: parsed), null, OhemBackend.Cpu);
            Assert.NotEqual(plain.Forward<float, long>(data.Logits, data.Labels, data.Shape).Loss, expected.Loss);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected.Loss), BitConverter.SingleToInt32Bits(json.GetProperty("loss").GetSingle()));
            Assert.Equal(expected.Kept, json.GetProperty("kept").GetInt64());
        }

        [Fact]
        public void Eval_knobs_clamp_n_min_and_throw_or_zero_on_an_empty_selection()
        {
            // bisenet-v1 with n-min 100000 > 128 pixels: an error by default, all 128 pixels with --nmin-policy clamp.
            Assert.Equal(Program.Failed, Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "100000", "--backend", "cpu").Code);
            var clamp = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "100000", "--nmin-policy", "clamp", "--backend", "cpu").Json();
            Assert.Equal(128, clamp.GetProperty("kept").GetInt64());

            // Nothing kept (n-min 0, −ln(1e-30) above every loss): NaN by default, 0 with zero, an error with throw.
            var zero = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "0", "--thresh", "1e-30", "--on-empty", "zero", "--backend", "cpu").Json();
            Assert.Equal(0f, zero.GetProperty("loss").GetSingle());
            Assert.Equal(0, zero.GetProperty("kept").GetInt64());
            var thrown = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "0", "--thresh", "1e-30", "--on-empty", "throw", "--backend", "cpu");
            Assert.Equal(Program.Failed, thrown.Code);
            Assert.StartsWith("ohem: No pixel was selected: none of the", thrown.Stderr, StringComparison.Ordinal);
            Assert.Contains("Mode bisenet-v1 with OnEmpty = Throw", thrown.Stderr, StringComparison.Ordinal);
        }

        [Fact]
        public void Eval_knobs_per_image_sum_and_throw_name_the_image()
        {
            // Per image with Reduction = Sum: the sum of the two images' kept sums (the per-image engine's own result).
            var sum = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "10", "--scope", "image", "--reduction", "sum", "--backend", "cpu").Json();
            using var engine = OhemLossEngine.Create(new OhemSpec(nMin: 10, scope: OhemScope.PerImage, reduction: OhemReduction.Sum), null, OhemBackend.Cpu);
            var expected = engine.Forward<float, long>(data.Logits, data.Labels, data.Shape);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected.Loss), BitConverter.SingleToInt32Bits(sum.GetProperty("loss").GetSingle()));
            Assert.Equal(expected.Kept, sum.GetProperty("kept").GetInt64());

            // Nothing kept in either image: the error names the first one.
            var thrown = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "0", "--thresh", "1e-30", "--scope", "image", "--on-empty", "throw", "--backend", "cpu");
            Assert.Equal(Program.Failed, thrown.Code);
            Assert.StartsWith("ohem: No pixel was selected in image 0 (of 2; Scope = PerImage selects in each image); Mode bisenet-v1 with OnEmpty = Throw", thrown.Stderr, StringComparison.Ordinal);
        }

        [Fact]
        public void Nothing_kept_writes_null_loss_and_null_threshold()
        {
            // −ln(1e-30) ≈ 69 is above every loss here and n-min 0 keeps nothing: torch.mean of nothing is NaN.
            var run = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "0", "--thresh", "1e-30", "--backend", "cpu");
            var json = run.Json();
            Assert.Equal(JsonValueKind.Null, json.GetProperty("loss").ValueKind);
            Assert.Equal(JsonValueKind.Null, json.GetProperty("thresholdLoss").ValueKind);
            Assert.Equal(0, json.GetProperty("kept").GetInt64());
            Assert.Contains("\"loss\":null", run.Stdout, StringComparison.Ordinal);
        }

        [Fact]
        public void Grad_writes_the_engine_gradient_as_float32_npy_of_the_logits_shape()
        {
            string grad = data.File("grad.npy");
            Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "50", "--backend", "cpu", "--grad", grad).Json();
            var array = NpyFile.Read(grad, NpyDType.Float32, 2, 4, 8, 8);
            using var engine = OhemLossEngine.Create(new OhemSpec(nMin: 50), null, OhemBackend.Cpu);
            engine.Forward<float, long>(data.Logits, data.Labels, data.Shape);
            var expected = new float[data.Logits.Length];
            engine.Backward<float, long>(data.Logits, data.Labels, data.Shape, expected);
            Assert.Equal(expected, array.AsSpan<float>().ToArray());
            Assert.Contains(expected, g => g != 0f);
        }

        [Theory]
        [InlineData("bisenet-v1", "50")]
        [InlineData("hrnet", "20")]
        public void Layout_nhwc_reads_an_NHWC_file_as_it_is_and_matches_NCHW_bit_for_bit(string mode, string nMin)
        {
            // The same logical tensor as logits.npy, stored N×H×W×C.
            var s = data.Shape;
            var nhwc = new float[data.Logits.Length];
            for (int n = 0; n < s.N; n++)
            {
                for (int c = 0; c < s.C; c++)
                {
                    for (int q = 0; q < s.Plane; q++)
                    {
                        nhwc[(((n * s.Plane) + q) * s.C) + c] = data.Logits[(((n * s.C) + c) * s.Plane) + q];
                    }
                }
            }

            string path = data.Write("nhwc.npy", nhwc, s.N, s.H, s.W, s.C);
            string gradNchw = data.File("g-nchw.npy"), gradNhwc = data.File("g-nhwc.npy");
            var a = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--mode", mode, "--n-min", nMin, "--backend", "cpu", "--grad", gradNchw).Json();
            var b = Cli.Run("eval", "--logits", path, "--labels", data.LabelsPath, "--mode", mode, "--n-min", nMin, "--backend", "cpu", "--grad", gradNhwc, "--layout", "nhwc").Json();
            Assert.Equal(a.GetProperty("loss").GetSingle(), b.GetProperty("loss").GetSingle());
            Assert.Equal(a.GetProperty("kept").GetInt64(), b.GetProperty("kept").GetInt64());
            Assert.Equal(a.GetProperty("thresholdLoss").GetSingle(), b.GetProperty("thresholdLoss").GetSingle());
            Assert.True(b.GetProperty("kept").GetInt64() > 0);

            float[] ga = NpyFile.Read(gradNchw, NpyDType.Float32, s.N, s.C, s.H, s.W).AsSpan<float>().ToArray();
            float[] gb = NpyFile.Read(gradNhwc, NpyDType.Float32, s.N, s.H, s.W, s.C).AsSpan<float>().ToArray();
            for (int n = 0; n < s.N; n++)
            {
                for (int c = 0; c < s.C; c++)
                {
                    for (int q = 0; q < s.Plane; q++)
                    {
                        Assert.Equal(ga[(((n * s.C) + c) * s.Plane) + q], gb[(((n * s.Plane) + q) * s.C) + c]);
                    }
                }
            }

            Assert.Contains(gb, g => g != 0f);
        }

        [Fact]
        public void Layout_nhwc_takes_C_from_the_last_dimension()
        {
            // Read as NHWC, the 2×4×8×8 NCHW file has C = 8 classes: labels 2×4×8 are expected.
            var run = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--layout", "nhwc", "--backend", "cpu");
            Assert.Equal(Program.Failed, run.Code);
            Assert.Contains("labels (N×H×W) has shape (2, 8, 8), but (2, 4, 8) was expected.", run.Stderr, StringComparison.Ordinal);
        }

        [Fact]
        public void Half_logits_int32_and_byte_labels_and_bf16_conversion_match_the_engine()
        {
            var half = Array.ConvertAll(data.Logits, v => (Half)v);
            var bytes = Array.ConvertAll(data.Labels, v => (byte)v);
            var ints = Array.ConvertAll(data.Labels, v => (int)v);
            string halfPath = data.Write("h.npy", half, 2, 4, 8, 8);
            string bytePath = data.Write("b.npy", bytes, 2, 8, 8);
            string intPath = data.Write("i.npy", ints, 2, 8, 8);

            var h = Cli.Run("eval", "--logits", halfPath, "--labels", bytePath, "--n-min", "16", "--backend", "cpu").Json();
            using (var engine = OhemLossEngine.Create(new OhemSpec(nMin: 16, logits: OhemLogits.Float16, labels: OhemLabels.UInt8), null, OhemBackend.Cpu))
            {
                Assert.Equal(engine.Forward<Half, byte>(half, bytes, data.Shape).Loss, h.GetProperty("loss").GetSingle());
            }

            var b = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", intPath, "--logits-type", "bf16", "--n-min", "16", "--backend", "cpu").Json();
            using (var engine = OhemLossEngine.Create(new OhemSpec(nMin: 16, logits: OhemLogits.BFloat16, labels: OhemLabels.Int32), null, OhemBackend.Cpu))
            {
                var bf = Array.ConvertAll(data.Logits, v => (BFloat16)v);
                Assert.Equal(engine.Forward<BFloat16, int>(bf, ints, data.Shape).Loss, b.GetProperty("loss").GetSingle());
            }
        }

        [Fact]
        public void Missing_files_are_named()
        {
            string none = data.File("none.npy");
            Cli.Fails(Program.Failed, $"{none}: no such file.", "eval", "--logits", none, "--labels", data.LabelsPath);
            Cli.Fails(Program.Failed, $"{none}: no such file.", "eval", "--logits", data.LogitsPath, "--labels", none);
        }

        [Fact]
        public void Missing_required_options_are_usage_errors()
        {
            Cli.Fails(Program.Usage, "Option '--labels' is required.", "eval", "--logits", data.LogitsPath);
        }

        [Fact]
        public void Label_shape_and_logits_rank_mismatches_say_both_shapes()
        {
            string labels = data.Write("y.npy", new long[2 * 8 * 7], 2, 8, 7);
            Cli.Fails(Program.Failed, $"{labels}: labels (N×H×W) has shape (2, 8, 7), but (2, 8, 8) was expected.", "eval", "--logits", data.LogitsPath, "--labels", labels);
            string logits = data.Write("x3.npy", new float[4 * 8 * 8], 4, 8, 8);
            Cli.Fails(Program.Failed, $"{logits}: logits (N×C×H×W) has shape (4, 8, 8) (3 dimensions), but 4 dimensions were expected.", "eval", "--logits", logits, "--labels", data.LabelsPath);
        }

        [Fact]
        public void Out_of_range_labels_name_the_first_bad_pixel()
        {
            var labels = (long[])data.Labels.Clone();
            labels[75] = 4;
            labels[90] = -2;
            string path = data.Write("bad.npy", labels, 2, 8, 8);
            Cli.Fails(Program.Failed, $"{path}: label 4 at flat index 75 (n=1, h=1, w=3) is neither the ignore label 255 nor a class in [0, 4).", "eval", "--logits", data.LogitsPath, "--labels", path);
        }

        [Fact]
        public void N_min_must_be_below_the_pixel_count()
        {
            Cli.Fails(Program.Failed, "--n-min is 128, but it must be less than the pixel count N·H·W = 128 (2×8×8); PyTorch's seed raises IndexError here.", "eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "128");
        }

        [Fact]
        public void Classes_must_match_the_logits()
        {
            Cli.Fails(Program.Failed, $"{data.LogitsPath}: logits have C = 4 classes (shape (2, 4, 8, 8)), but --classes is 19.", "eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--classes", "19");
        }

        [Fact]
        public void Dtype_mismatches_are_named()
        {
            Cli.Fails(Program.Failed, $"{data.LabelsPath}: labels dtype is '<i8', but --labels-type u8 expects '|u1'.", "eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--labels-type", "u8");
            string intLogits = data.Write("xi.npy", new int[data.Logits.Length], 2, 4, 8, 8);
            Cli.Fails(Program.Failed, $"{intLogits}: logits dtype is '<i4', but float32 ('<f4') or float16 ('<f2') was expected.", "eval", "--logits", intLogits, "--labels", data.LabelsPath);
            string floatLabels = data.Write("yf.npy", new float[128], 2, 8, 8);
            Cli.Fails(Program.Failed, $"{floatLabels}: labels dtype is '<f4', but int64 ('<i8'), int32 ('<i4') or uint8 ('|u1') was expected.", "eval", "--logits", data.LogitsPath, "--labels", floatLabels);
        }

        [Fact]
        public void Empty_and_single_class_logits_are_refused()
        {
            string empty = data.Write("x0.npy", Array.Empty<float>(), 0, 4, 8, 8);
            Cli.Fails(Program.Failed, $"{empty}: logits shape (0, 4, 8, 8) has a dimension outside [1, 2147483647].", "eval", "--logits", empty, "--labels", data.LabelsPath);
            string single = data.Write("x1.npy", new float[2 * 8 * 8], 2, 1, 8, 8);
            Cli.Fails(Program.Failed, $"{single}: logits have C = 1 class (shape (2, 1, 8, 8)), but cross-entropy needs at least 2.", "eval", "--logits", single, "--labels", data.LabelsPath);
        }

        [Fact]
        public void A_gradient_path_that_cannot_be_written_fails_in_one_line_without_json()
        {
            string grad = Path.Combine(data.Dir, "no-such-dir", "g.npy");
            var run = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "16", "--backend", "cpu", "--grad", grad);
            Assert.Equal(Program.Failed, run.Code);
            Assert.Equal("", run.Stdout);
            Assert.Equal($"ohem: Could not find a part of the path '{grad}'.\n", run.Stderr);
        }

        [Fact]
        public void A_corrupt_file_is_reported_in_one_line()
        {
            string path = data.File("cut.npy");
            var bytes = File.ReadAllBytes(data.LogitsPath);
            File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length - 5).ToArray());
            Cli.Fails(Program.Failed, $"{path}: the file is truncated: shape (2, 4, 8, 8) of '<f4' needs 2048 data bytes, but only 2043 were found.", "eval", "--logits", path, "--labels", data.LabelsPath);
        }

        [Fact]
        public void An_invalid_spec_prints_the_spec_problem()
        {
            Cli.Fails(Program.Usage, new OhemSpec(thresh: 1.5).Validate()[0].Message, "eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--thresh", "1.5");
        }

        [SkippableFact]
        public void An_unavailable_backend_fails_in_one_line()
        {
            Skip.If(Environment.GetEnvironmentVariable("OHEM_REQUIRE_GPU") == "1", "a GPU is present");
            var run = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--n-min", "16", "--backend", "cuda");
            if (run.Code == 0)
            {
                return; // A CUDA machine: the backend exists.
            }

            Assert.Equal(Program.Failed, run.Code);
            Assert.StartsWith("ohem: ", run.Stderr, StringComparison.Ordinal);
            Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
            Assert.Equal("", run.Stdout);
        }

        [Fact]
        public void Help_documents_the_json_and_nan()
        {
            var run = Cli.Run("eval", "--help");
            Assert.Equal(0, run.Code);
            Assert.Contains("null when NaN", run.Stdout);
            Assert.Contains("--grad", run.Stdout);
        }

        private static string[] Names(JsonElement json)
        {
            var names = new System.Collections.Generic.List<string>();
            foreach (var p in json.EnumerateObject())
            {
                names.Add(p.Name);
            }

            return names.ToArray();
        }
    }
}
