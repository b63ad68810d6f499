using System;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using Ohem.NumPy;

namespace Ohem.Cli.Commands
{
    /// <summary><c>ohem eval</c>: the loss (and optionally its gradient) of logits and labels stored as .npy files.</summary>
    internal static class EvalCommand
    {
        private const string Help =
            "Compute the OHEM loss of N×C×H×W logits (.npy float32 or float16, C order; N×H×W×C with --layout nhwc) and N×H×W labels (.npy int64, int32 or uint8). "
            + "Prints one JSON object: loss, kept, rule (above-threshold | top-n-min), thresholdLoss, backend, pixels, validPixels, ms (forward time). "
            + "loss and thresholdLoss are null when NaN (nothing kept: --n-min 0 and no pixel above the threshold). "
            + "--logits-type converts the file's floats (narrowing rounds to nearest even; bf16 always comes from such a conversion); --labels-type must match the file's dtype. "
            + "Exit codes: 0 ok, 1 bad input or failed run, 2 bad command line.";

        public static Command Create(TextWriter stdout, TextWriter stderr)
        {
            var command = new Command("eval", Help);
            var logitsPath = new Option<string>("--logits") { Description = "Logits .npy, N×C×H×W (N×H×W×C with --layout nhwc).", Required = true };
            var labelsPath = new Option<string>("--labels") { Description = "Labels .npy, N×H×W.", Required = true };
            var grad = new Option<string?>("--grad") { Description = "Write d(loss)/d(logits) here as float32 .npy of the logits' shape (and layout)." };
            var backend = BackendOption.Create();
            var spec = new SpecOptions(fromFiles: true);
            command.Options.Add(logitsPath);
            command.Options.Add(labelsPath);
            spec.AddTo(command);
            command.Options.Add(backend);
            command.Options.Add(grad);
            command.SetAction(CliApp.Guard(stderr, parse =>
            {
                bool channelsLast = spec.LayoutOf(parse) == OhemLayout.NHWC;
                var x = NpyFile.Read(parse.GetRequiredValue(logitsPath)).RequireRank(4, channelsLast ? "logits (N×H×W×C)" : "logits (N×C×H×W)");
                var y = NpyFile.Read(parse.GetRequiredValue(labelsPath));
                var shape = ShapeOf(x, channelsLast);
                y.RequireShape("labels (N×H×W)", shape.N, shape.H, shape.W);

                var logitsType = spec.LogitsType(parse) ?? Batch.LogitsTypeOf(x);
                var labelsType = spec.LabelsType(parse) ?? Batch.LabelsTypeOf(y);
                var ohemSpec = spec.Build(parse, stderr, logitsType, labelsType);
                if (ohemSpec.HasFixedClassCount && ohemSpec.NumClasses != shape.C)
                {
                    throw CliException.Input($"{x.Source}: logits have C = {shape.C} classes (shape {NpyArray.FormatShape(x.Shape)}), but --classes is {ohemSpec.NumClasses}.");
                }

                var batch = new Batch(Batch.ConvertLogits(x, logitsType), Batch.LabelsOf(y, labelsType), shape);
                Check(batch, ohemSpec, y.Source);

                using var engine = OhemLossEngine.Create(ohemSpec, null, BackendOption.Parse(parse.GetValue(backend)));
                var run = batch.Apply(new EvalAction(engine, parse.GetValue(grad) is not null));
                if (parse.GetValue(grad) is { } gradPath)
                {
                    NpyFile.Write<float>(gradPath, run.Gradient, x.Shape);
                }

                var r = run.Result;
                Reports.Write(stdout, new EvalReport(
                    Reports.Finite(r.Loss),
                    r.Kept,
                    Reports.RuleName(r.Rule),
                    Reports.Finite(r.Threshold),
                    Reports.BackendName(r.Backend),
                    r.Pixels,
                    r.ValidPixels,
                    Reports.Ms(run.Forward)));
                return Program.Ok;
            }));
            return command;
        }

        /// <summary>The checks PyTorch makes, in its order (labels in cross-entropy, then loss[n_min]), as clear errors before anything runs.</summary>
        internal static void Check(Batch batch, OhemSpec spec, string labelsSource)
        {
            var shape = batch.Shape;
            if (batch.FirstBadLabel(spec.IgnoreLabel) is { } bad)
            {
                long plane = shape.Plane;
                throw CliException.Input($"{labelsSource}: label {bad.Value} at flat index {bad.Index} (n={bad.Index / plane}, h={bad.Index % plane / shape.W}, w={bad.Index % shape.W}) is neither the ignore label {spec.IgnoreLabel} nor a class in [0, {shape.C}).");
            }

            if (SpecOptions.NMinProblem(spec, shape) is { } problem)
            {
                throw CliException.Input(problem);
            }
        }

        /// <summary>The logical (N, C, H, W) of an N×C×H×W file, or of an N×H×W×C one (NHWC: its memory is used as it is).</summary>
        private static OhemShape ShapeOf(NpyArray x, bool channelsLast)
        {
            foreach (long d in x.Shape)
            {
                if (d <= 0 || d > int.MaxValue)
                {
                    throw CliException.Input($"{x.Source}: logits shape {NpyArray.FormatShape(x.Shape)} has a dimension outside [1, {int.MaxValue}].");
                }
            }

            var shape = channelsLast
                ? new OhemShape((int)x.Shape[0], (int)x.Shape[3], (int)x.Shape[1], (int)x.Shape[2])
                : new OhemShape((int)x.Shape[0], (int)x.Shape[1], (int)x.Shape[2], (int)x.Shape[3]);
            if (shape.C < 2)
            {
                throw CliException.Input($"{x.Source}: logits have C = {shape.C} class (shape {NpyArray.FormatShape(x.Shape)}), but cross-entropy needs at least 2.");
            }

            return shape;
        }

        private readonly record struct EvalRun(OhemResult Result, TimeSpan Forward, float[] Gradient);

        private sealed class EvalAction : IBatchAction<EvalRun>
        {
            private readonly OhemLossEngine engine;
            private readonly bool gradient;

            public EvalAction(OhemLossEngine engine, bool gradient)
            {
                this.engine = engine;
                this.gradient = gradient;
            }

            public EvalRun Run<TLogit, TLabel>(TLogit[] logits, TLabel[] labels, OhemShape shape)
                where TLogit : unmanaged
                where TLabel : unmanaged
            {
                var clock = Stopwatch.StartNew();
                var result = engine.Forward<TLogit, TLabel>(logits, labels, shape);
                var forward = clock.Elapsed;
                var grad = Array.Empty<float>();
                if (gradient)
                {
                    grad = new float[logits.Length];
                    engine.Backward<TLogit, TLabel>(logits, labels, shape, grad);
                }

                return new EvalRun(result, forward, grad);
            }
        }
    }
}
