using System;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Ohem.Cli.Commands
{
    /// <summary><c>ohem bench</c>: median forward and forward+backward times on fresh random inputs.</summary>
    internal static class BenchCommand
    {
        private const string Help =
            "Time the loss: one warm-up, then the median of --runs runs of forward and of forward+backward, each run on fresh random inputs "
            + "(logits uniform in [-4, 4), never zero; labels uniform classes with about 5% ignore pixels). Prints one JSON object: "
            + "forwardMs, forwardBackwardMs, backend, threads (the CPU engine's thread count; null on CUDA), size [N, C, H, W], runs, logits, labels.";

        public static Command Create(TextWriter stdout, TextWriter stderr)
        {
            var command = new Command("bench", Help);
            var size = new Option<string>("--size") { Description = "N,C,H,W of the logits.", DefaultValueFactory = _ => "2,19,512,1024" };
            var runs = new Option<int>("--runs") { Description = "Timed runs (≥ 1); the median is reported.", DefaultValueFactory = _ => 5 };
            var seed = new Option<int>("--seed") { Description = "Random seed of the inputs.", DefaultValueFactory = _ => 1 };
            var threads = new Option<int?>("--threads") { Description = "CPU backend only: the most threads a call uses (default: every processor)." };
            var backend = BackendOption.Create();
            var spec = new SpecOptions(fromFiles: false);
            command.Options.Add(size);
            command.Options.Add(backend);
            command.Options.Add(runs);
            command.Options.Add(seed);
            command.Options.Add(threads);
            spec.AddTo(command);
            command.SetAction(CliApp.Guard(stderr, parse =>
            {
                var shape = ParseSize(parse.GetValue(size) ?? "");
                int count = parse.GetValue(runs);
                if (count < 1)
                {
                    throw CliException.Usage($"--runs is {count}, but it must be at least 1.");
                }

                var ohemSpec = spec.Build(parse, stderr);
                if (ohemSpec.HasFixedClassCount && ohemSpec.NumClasses != shape.C)
                {
                    throw CliException.Usage($"--size has C = {shape.C} classes, but --classes is {ohemSpec.NumClasses}.");
                }

                if (SpecOptions.NMinProblem(ohemSpec, shape) is { } problem)
                {
                    throw CliException.Usage(problem);
                }

                var chosen = BackendOption.Parse(parse.GetValue(backend));
                int? threadCount = parse.GetValue(threads);
                if (threadCount is { } t && (t < 1 || chosen != OhemBackend.Cpu))
                {
                    throw CliException.Usage(t < 1
                        ? $"--threads is {t}, but it must be at least 1."
                        : "--threads applies to the CPU backend only: add --backend cpu.");
                }

                using var engine = threadCount is { } threadLimit
                    ? new Ohem.Cpu.CpuOhemEngine(ohemSpec, threadLimit)
                    : OhemLossEngine.Create(ohemSpec, null, chosen);
                var random = new Random(parse.GetValue(seed));
                var forward = new double[count];
                var both = new double[count];
                // One gradient buffer, touched before timing: a fresh 80 MB array would time page faults, not the loss.
                var gradient = new float[shape.Logits];
                Array.Fill(gradient, 1f);
                var timer = new TimeAction(engine, gradient);
                for (int i = -1; i < count; i++)
                {
                    var batch = RandomBatch.Create(ohemSpec, shape, random);
                    var (f, fb) = batch.Apply(timer);
                    if (i >= 0)
                    {
                        forward[i] = f;
                        both[i] = fb;
                    }
                }

                Reports.Write(stdout, new BenchReport(
                    Median(forward),
                    Median(both),
                    Reports.BackendName(engine.Backend),
                    engine is Ohem.Cpu.CpuOhemEngine cpu ? cpu.MaxDegreeOfParallelism : null,
                    new[] { shape.N, shape.C, shape.H, shape.W },
                    count,
                    OhemSpec.LogitsName(ohemSpec.Logits),
                    OhemSpec.LabelsName(ohemSpec.Labels)));
                return Program.Ok;
            }));
            return command;
        }

        internal static OhemShape ParseSize(string text)
        {
            var parts = text.Split(',');
            var dims = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]) || dims[i] < 1)
                {
                    dims = Array.Empty<int>();
                    break;
                }
            }

            if (dims.Length != 4)
            {
                throw CliException.Usage($"--size is '{text}', but four positive integers N,C,H,W were expected (e.g. 2,19,512,1024).");
            }

            var shape = new OhemShape(dims[0], dims[1], dims[2], dims[3]);
            if (shape.C < 2)
            {
                throw CliException.Usage($"--size has C = {shape.C}, but cross-entropy needs at least 2 classes.");
            }

            if (shape.Logits > Array.MaxLength)
            {
                throw CliException.Usage($"--size {text} is {shape.Logits} logits, but at most {Array.MaxLength} fit in one array.");
            }

            return shape;
        }

        private static double Median(double[] values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            int mid = sorted.Length / 2;
            double median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
            return Math.Round(median, 3);
        }

        private sealed class TimeAction : IBatchAction<(double Forward, double ForwardBackward)>
        {
            private readonly OhemLossEngine engine;
            private readonly float[] gradient;

            public TimeAction(OhemLossEngine engine, float[] gradient)
            {
                this.engine = engine;
                this.gradient = gradient;
            }

            public (double Forward, double ForwardBackward) Run<TLogit, TLabel>(TLogit[] logits, TLabel[] labels, OhemShape shape)
                where TLogit : unmanaged
                where TLabel : unmanaged
            {
                var clock = Stopwatch.StartNew();
                engine.Forward<TLogit, TLabel>(logits, labels, shape);
                double forward = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                engine.Forward<TLogit, TLabel>(logits, labels, shape);
                engine.Backward<TLogit, TLabel>(logits, labels, shape, gradient);
                return (forward, clock.Elapsed.TotalMilliseconds);
            }
        }
    }
}
