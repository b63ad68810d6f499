using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Spectre.Console;

namespace Ohem.Samples.Segmentation
{
    /// <summary>One epoch's numbers.</summary>
    internal sealed record EpochStats(int Epoch, double Loss, double Kept, string Rule, double MeanIou, double[] Iou, double Seconds);

    /// <summary>What a whole run leaves: the curve, the final IoU and the validation predictions.</summary>
    internal sealed record RunResult(string Name, List<EpochStats> Epochs, byte[][] Predictions, double Seconds);

    /// <summary>Trains the per-pixel MLP with one loss; the same seed gives the same initial weights and batch order.</summary>
    internal static class Trainer
    {
        public const int Hidden = 32;

        public static RunResult Run(ISegmentationLoss loss, Dataset data, SampleOptions options)
        {
            var clock = Stopwatch.StartNew();
            var random = new Random(options.Seed + 1000);
            var model = new PixelMlp(Features.Count, Hidden, Scenes.Classes, random);
            int size = data.Size, plane = size * size, batch = options.Batch;
            var shape = new OhemShape(batch, Scenes.Classes, size, size);
            var logits = new float[shape.Logits];
            var gradient = new float[shape.Logits];
            var activations = new float[shape.Pixels * Hidden];
            var labels = new byte[shape.Pixels];
            var order = Enumerable.Range(0, data.Train.Length).ToArray();
            var epochs = new List<EpochStats>();
            Console.WriteLine($"{loss.Name}: {data.Train.Length} training scenes of {size}×{size}, batches of {batch}, {model.ParameterCount} parameters");
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                var epochClock = Stopwatch.StartNew();
                random.Shuffle(order);
                int batches = order.Length / batch;
                double lossSum = 0, keptSum = 0;
                var rules = new Dictionary<string, int>();
                float rate = options.LearningRate * (epoch > options.Epochs * 2 / 3 ? 0.3f : 1f);
                void RunBatches(Action advance)
                {
                    for (int b = 0; b < batches; b++)
                    {
                        var features = new float[batch][];
                        for (int i = 0; i < batch; i++)
                        {
                            var scene = data.Train[order[(b * batch) + i]];
                            features[i] = data.TrainFeatures[order[(b * batch) + i]];
                            Array.Copy(scene.Labels, 0, labels, (long)i * plane, plane);
                        }

                        model.Forward(features, plane, logits, activations);
                        var step = loss.Compute(logits, labels, shape, gradient);
                        model.BackwardAndStep(features, plane, gradient, activations, rate);
                        lossSum += step.Loss;
                        keptSum += step.Kept;
                        rules[step.Rule] = rules.GetValueOrDefault(step.Rule) + 1;
                        advance();
                    }
                }

                if (AnsiConsole.Profile.Capabilities.Interactive)
                {
                    AnsiConsole.Progress()
                        .AutoClear(false)
                        .HideCompleted(false)
                        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                        .Start(ctx =>
                        {
                            var task = ctx.AddTask($"{loss.Name} epoch {epoch,2}/{options.Epochs}", maxValue: batches);
                            RunBatches(() => task.Increment(1));
                        });
                }
                else
                {
                    // Redirected output: Spectre would print a progress line every few hundred ms, so no bar.
                    RunBatches(() => { });
                }

                var (iou, _) = Evaluate(model, data, keepPredictions: false);
                var stats = new EpochStats(epoch, lossSum / batches, keptSum / batches, string.Join(", ", rules.OrderByDescending(r => r.Value).Select(r => $"{r.Key} ×{r.Value}")), IouCounter.Mean(iou), iou, epochClock.Elapsed.TotalSeconds);
                epochs.Add(stats);
                // Plain console lines: Spectre would wrap them at 80 columns when the output is redirected.
                Console.WriteLine(
                    $"  epoch {epoch,2}  loss {stats.Loss:F4}  kept {stats.Kept,6:F0} px/batch  {stats.Rule,-20}  mIoU {stats.MeanIou * 100,5:F1}  |  "
                    + string.Join("  ", Scenes.ShortNames.Select((n, c) => $"{n} {iou[c] * 100,5:F1}")));
            }

            var (_, predictions) = Evaluate(model, data, keepPredictions: true);
            return new RunResult(loss.Name, epochs, predictions, clock.Elapsed.TotalSeconds);
        }

        private static (double[] Iou, byte[][] Predictions) Evaluate(PixelMlp model, Dataset data, bool keepPredictions)
        {
            int size = data.Size, plane = size * size;
            var counter = new IouCounter();
            var predictions = new byte[data.Validation.Length][];
            const int chunk = 8;
            var logits = new float[(long)chunk * Scenes.Classes * plane];
            var activations = new float[(long)chunk * plane * Hidden];
            for (int start = 0; start < data.Validation.Length; start += chunk)
            {
                int count = Math.Min(chunk, data.Validation.Length - start);
                var features = data.ValidationFeatures.Skip(start).Take(count).ToArray();
                model.Forward(features, plane, logits, activations);
                for (int i = 0; i < count; i++)
                {
                    var prediction = new byte[plane];
                    PixelMlp.Predict(logits, i, Scenes.Classes, plane, prediction);
                    counter.Add(data.Validation[start + i].Labels, prediction);
                    predictions[start + i] = keepPredictions ? prediction : Array.Empty<byte>();
                }
            }

            return (counter.PerClass(), predictions);
        }
    }
}
