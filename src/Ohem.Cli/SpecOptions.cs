using System;
using System.CommandLine;
using System.Globalization;
using System.IO;

namespace Ohem.Cli
{
    /// <summary>The options that make an <see cref="OhemSpec"/>, shared by every command, named like the attribute's properties.</summary>
    internal sealed class SpecOptions
    {
        public Option<double> Thresh { get; } = new("--thresh")
        {
            Description = "Probability threshold in (0, 1]: a pixel is hard when its true-class probability is below it (paddleseg-bootstrapped: a loss threshold ≥ 0).",
            DefaultValueFactory = _ => OhemLossDefaults.Thresh,
        };

        public Option<long> NMin { get; } = new("--n-min")
        {
            Description = "The least number of pixels kept per batch (≥ 0; must be less than N·H·W at run time).",
            DefaultValueFactory = _ => OhemLossDefaults.NMin,
        };

        public Option<int> IgnoreLabel { get; } = new("--ignore-label")
        {
            Description = "Label whose pixels have zero loss and no gradient.",
            DefaultValueFactory = _ => OhemLossDefaults.IgnoreLabel,
        };

        public Option<int> Classes { get; } = new("--classes")
        {
            Description = "Class count baked into the kernels: 0 = given at run time, or ≥ 2.",
            DefaultValueFactory = _ => OhemLossDefaults.NumClasses,
        };

        public Option<string?> Logits { get; }

        public Option<string?> Labels { get; }

        public Option<string> Mode { get; } = new("--mode")
        {
            Description = "Selection rule: bisenet-v1 (the seed), bisenet-v2, hrnet, topk-percent, mmseg, paddleseg, mmseg-loss, deeplab-tf, model-garden, torchseg, pytorch-loss, paddleseg-bootstrapped, paddleseg-topk or deeplab2 (see docs/modes.md).",
            DefaultValueFactory = _ => OhemSpec.ModeName(OhemMode.BiSeNetV1),
        };

        public Option<double> Fraction { get; } = new("--fraction")
        {
            Description = "bisenet-v2: n_min as a share of the valid pixels (default 1/16); topk-percent, deeplab-tf, model-garden, paddleseg-topk: the share of all pixels kept (default 1); deeplab2: the share of each image's pixels (default 1); pytorch-loss: n_min as a share of all pixels instead of --n-min. 0 = the mode's default.",
            DefaultValueFactory = _ => OhemLossDefaults.Fraction,
        };

        public Option<bool> AverageOverValid { get; } = new("--average-over-valid")
        {
            Description = "mmseg and mmseg-loss only: divide by the valid pixels (avg_non_ignore=True) instead of N·H·W.",
        };

        public Option<string> Layout { get; } = new("--layout")
        {
            Description = "Memory order of the logits: nchw (channels-first, the default) or nhwc (channels-last: each pixel's C logits contiguous, as torch's channels_last and ONNX N×H×W×C outputs). eval then reads an N×H×W×C .npy as it is.",
            DefaultValueFactory = _ => OhemSpec.LayoutName(OhemLossDefaults.Layout),
        };

        public Option<string?> ClassWeights { get; } = new("--class-weights")
        {
            Description = "Per-class weights as PyTorch's weight=, comma-separated (e.g. 1,2.5,0.8): one finite value ≥ 0 per class; needs --classes.",
        };

        public Option<string> Scope { get; } = new("--scope")
        {
            Description = "batch: the rule runs once over the batch; image: on each image on its own, the loss being the mean of the per-image losses (paddleseg-bootstrapped and deeplab2 are always per image).",
            DefaultValueFactory = _ => OhemSpec.ScopeName(OhemScope.PerBatch),
        };

        public Option<string> Comparison { get; } = new("--comparison")
        {
            Description = "default (the mode's own), strict (keep p < Thresh, drop ties at the cut-off) or inclusive (keep p <= Thresh and the ties; TorchSeg, pytorch-loss).",
            DefaultValueFactory = _ => OhemSpec.ComparisonName(OhemComparison.Default),
        };

        public Option<string> OnEmpty { get; } = new("--on-empty")
        {
            Description = "The loss when nothing is kept: default (the mode's own), nan, zero (zero gradient) or throw.",
            DefaultValueFactory = _ => OhemSpec.OnEmptyName(OhemOnEmpty.Default),
        };

        public Option<string> NMinPolicy { get; } = new("--nmin-policy")
        {
            Description = "When n-min is at least the candidates: default (the mode's own), throw or clamp.",
            DefaultValueFactory = _ => OhemSpec.NMinPolicyName(OhemNMinPolicy.Default),
        };

        public Option<string> Candidates { get; } = new("--candidates")
        {
            Description = "What a top-k ranks: default (the mode's own), all (every pixel, ignored ones as zeros) or valid.",
            DefaultValueFactory = _ => OhemSpec.CandidatesName(OhemCandidates.Default),
        };

        public Option<string> Reduction { get; } = new("--reduction")
        {
            Description = "default (the mode's own normaliser), mean (the same) or sum (the kept sum, not divided).",
            DefaultValueFactory = _ => OhemSpec.ReductionName(OhemReduction.Default),
        };

        /// <param name="fromFiles">True where the element types default to those of the input files (eval).</param>
        public SpecOptions(bool fromFiles)
        {
            // eval's --logits/--labels name files, so there the element types are --logits-type/--labels-type.
            string suffix = fromFiles ? " Default: the input file's dtype." : " Default: f32.";
            Logits = new Option<string?>(fromFiles ? "--logits-type" : "--logits") { Description = "Logits element type: f32, f16 or bf16." + suffix };
            Labels = new Option<string?>(fromFiles ? "--labels-type" : "--labels") { Description = "Labels element type: i64, i32 or u8." + (fromFiles ? " Default: the input file's dtype." : " Default: i64.") };
            Logits.AcceptOnlyFromAmong("f32", "f16", "bf16");
            Labels.AcceptOnlyFromAmong("i64", "i32", "u8");
            Mode.AcceptOnlyFromAmong(Array.ConvertAll(Enum.GetValues<OhemMode>(), OhemSpec.ModeName));
            Layout.AcceptOnlyFromAmong(Array.ConvertAll(Enum.GetValues<OhemLayout>(), OhemSpec.LayoutName));
            Scope.AcceptOnlyFromAmong(Array.ConvertAll(Enum.GetValues<OhemScope>(), OhemSpec.ScopeName));
            Comparison.AcceptOnlyFromAmong(Array.ConvertAll(Enum.GetValues<OhemComparison>(), OhemSpec.ComparisonName));
            OnEmpty.AcceptOnlyFromAmong(Array.ConvertAll(Enum.GetValues<OhemOnEmpty>(), OhemSpec.OnEmptyName));
            NMinPolicy.AcceptOnlyFromAmong(Array.ConvertAll(Enum.GetValues<OhemNMinPolicy>(), OhemSpec.NMinPolicyName));
            Candidates.AcceptOnlyFromAmong(Array.ConvertAll(Enum.GetValues<OhemCandidates>(), OhemSpec.CandidatesName));
            Reduction.AcceptOnlyFromAmong(Array.ConvertAll(Enum.GetValues<OhemReduction>(), OhemSpec.ReductionName));
        }

        public void AddTo(Command command)
        {
            command.Options.Add(Thresh);
            command.Options.Add(NMin);
            command.Options.Add(IgnoreLabel);
            command.Options.Add(Classes);
            command.Options.Add(Logits);
            command.Options.Add(Labels);
            command.Options.Add(Mode);
            command.Options.Add(Fraction);
            command.Options.Add(AverageOverValid);
            command.Options.Add(Layout);
            command.Options.Add(ClassWeights);
            command.Options.Add(Scope);
            command.Options.Add(Comparison);
            command.Options.Add(OnEmpty);
            command.Options.Add(NMinPolicy);
            command.Options.Add(Candidates);
            command.Options.Add(Reduction);
        }

        /// <summary>The logits type named on the command line, or null.</summary>
        public OhemLogits? LogitsType(ParseResult parse) => parse.GetValue(Logits) switch
        {
            null => null,
            "f16" => OhemLogits.Float16,
            "bf16" => OhemLogits.BFloat16,
            _ => OhemLogits.Float32,
        };

        /// <summary>The logits layout named on the command line (default NCHW).</summary>
        public OhemLayout LayoutOf(ParseResult parse) => OhemSpec.TryParseLayout(parse.GetValue(Layout), out OhemLayout layout) ? layout : OhemLossDefaults.Layout;

        /// <summary>The labels type named on the command line, or null.</summary>
        public OhemLabels? LabelsType(ParseResult parse) => parse.GetValue(Labels) switch
        {
            null => null,
            "i32" => OhemLabels.Int32,
            "u8" => OhemLabels.UInt8,
            _ => OhemLabels.Int64,
        };

        /// <summary>
        /// The spec; an invalid one is a usage error with <see cref="OhemSpecProblem.Message"/> as its text. A warning
        /// (the ignore label is a real class) goes to stderr and the command goes on.
        /// </summary>
        public OhemSpec Build(ParseResult parse, TextWriter stderr, OhemLogits? logits = null, OhemLabels? labels = null)
        {
            var spec = new OhemSpec(
                thresh: parse.GetValue(Thresh),
                nMin: parse.GetValue(NMin),
                ignoreLabel: parse.GetValue(IgnoreLabel),
                numClasses: parse.GetValue(Classes),
                logits: logits ?? LogitsType(parse) ?? OhemLogits.Float32,
                labels: labels ?? LabelsType(parse) ?? OhemLabels.Int64,
                mode: OhemSpec.TryParseMode(parse.GetValue(Mode), out OhemMode mode) ? mode : OhemMode.BiSeNetV1,
                fraction: parse.GetValue(Fraction),
                averageOverValid: parse.GetValue(AverageOverValid),
                layout: LayoutOf(parse),
                classWeights: ParseWeights(parse.GetValue(ClassWeights)),
                scope: OhemSpec.TryParseScope(parse.GetValue(Scope), out OhemScope scope) ? scope : OhemScope.PerBatch,
                comparison: Knob<OhemComparison>(parse, Comparison, OhemSpec.ComparisonName),
                onEmpty: Knob<OhemOnEmpty>(parse, OnEmpty, OhemSpec.OnEmptyName),
                nMinPolicy: Knob<OhemNMinPolicy>(parse, NMinPolicy, OhemSpec.NMinPolicyName),
                candidates: Knob<OhemCandidates>(parse, Candidates, OhemSpec.CandidatesName),
                reduction: Knob<OhemReduction>(parse, Reduction, OhemSpec.ReductionName));
            foreach (var problem in spec.Validate())
            {
                if (problem.IsError)
                {
                    throw CliException.Usage(problem.Message);
                }

                stderr.WriteLine(CliApp.ErrorLine("warning: " + problem.Message));
            }

            return spec;
        }

        /// <summary>The weights of --class-weights (invariant culture, comma-separated), or null when not given.</summary>
        public static double[]? ParseWeights(string? text)
        {
            if (text is null)
            {
                return null;
            }

            string[] parts = text.Split(',');
            var weights = new double[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out weights[i]))
                {
                    throw CliException.Usage($"--class-weights: '{parts[i]}' (weight {i}) is not a number; expected comma-separated numbers such as 1,2.5,0.8");
                }
            }

            return weights;
        }

        /// <summary>
        /// Why NMin cannot be used with this shape, or null: the seed's rule (bisenet-v1, paddleseg-bootstrapped) indexes
        /// loss[n_min], so NMin must be below the pixels it selects from (N·H·W per batch, H·W per image).
        /// </summary>
        public static string? NMinProblem(OhemSpec spec, OhemShape shape)
        {
            if (!spec.NMinMustBeBelowPixels)
            {
                return null;
            }

            if (spec.IsPerImage && spec.NMin >= shape.Plane)
            {
                return $"--n-min is {spec.NMin}, but it must be less than the pixel count of one image H·W = {shape.Plane} ({shape.H}×{shape.W}): the selection is per image, and PyTorch/Paddle raise IndexError here.";
            }

            return spec.NMin >= shape.Pixels
                ? $"--n-min is {spec.NMin}, but it must be less than the pixel count N·H·W = {shape.Pixels} ({shape.N}×{shape.H}×{shape.W}); PyTorch's seed raises IndexError here."
                : null;
        }
        /// <summary>A knob's value from its option (already restricted to the names by AcceptOnlyFromAmong).</summary>
        private static T Knob<T>(ParseResult parse, Option<string> option, Func<T, string> nameOf)
            where T : struct, Enum =>
            OhemSpec.TryParseKnob(parse.GetValue(option), Enum.GetValues<T>(), nameOf, out T value) ? value : default;

        public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
