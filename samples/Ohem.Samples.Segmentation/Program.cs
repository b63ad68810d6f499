using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Spectre.Console;

namespace Ohem.Samples.Segmentation
{
    /// <summary>
    /// Trains a small per-pixel segmentation model twice on the same procedural scenes, once with the generated OHEM
    /// loss and once with plain cross-entropy, and shows what OHEM does to the thin and small classes.
    /// </summary>
    internal static class Program
    {
        public static int Main(string[] args)
        {
            SampleOptions options;
            try
            {
                options = SampleOptions.Parse(args);
            }
            catch (SampleOptions.HelpRequested)
            {
                Console.WriteLine(SampleOptions.Usage);
                return 0;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                Console.Error.WriteLine(SampleOptions.Usage);
                return 2;
            }

            var clock = Stopwatch.StartNew();
            var loss = new SceneLoss { RequestedBackend = options.Backend };
            OhemBackend backend;
            try
            {
                backend = loss.Engine.Backend;
            }
            catch (Exception e) when (e is PlatformNotSupportedException or InvalidOperationException or DllNotFoundException)
            {
                Console.Error.WriteLine($"error: the {options.Backend} backend is not available: {e.Message}");
                return 1;
            }

            Console.WriteLine(backend == OhemBackend.Cuda
                ? "Backend: CUDA (the generated kernels, compiled with NVRTC)"
                : $"Backend: CPU (SIMD, {Environment.ProcessorCount} cores){(options.Backend == OhemBackend.Auto ? "; CUDA was not available" : "")}");
            Console.WriteLine($"Loss: {nameof(SceneLoss)} {SceneLoss.Spec.Key}");

            var data = Dataset.Create(options.Train, options.Validation, options.Size, options.Seed);
            var shares = data.ClassShares();
            Console.WriteLine("Training pixels per class: " + string.Join(", ", Scenes.Names.Select((n, c) => $"{n} {shares[c]:P1}")) + $" (ignored border of {Scenes.Border} px)");

            RunResult ohem, plain;
            using (var ohemLoss = new OhemSegmentationLoss(loss))
            {
                ohem = Trainer.Run(ohemLoss, data, options);
            }

            using (var ceLoss = new PlainCrossEntropy())
            {
                plain = Trainer.Run(ceLoss, data, options);
            }

            Compare(ohem, plain);
            Directory.CreateDirectory(options.Output);
            string pictures = Path.GetFullPath(Path.Combine(options.Output, "predictions.png"));
            string lossPlot = Path.GetFullPath(Path.Combine(options.Output, "loss.png"));
            string iouPlot = Path.GetFullPath(Path.Combine(options.Output, "iou.png"));
            Pictures.Write(pictures, data, ohem.Predictions, plain.Predictions, rows: 4);
            Plots.WriteLoss(lossPlot, ohem, plain);
            Plots.WriteIou(iouPlot, ohem, plain);
            Console.WriteLine($"Pictures (rows: validation scenes; columns: input, ground truth, OHEM, plain CE): {pictures}");
            Console.WriteLine($"Training loss curves: {lossPlot}");
            Console.WriteLine($"Validation IoU curves: {iouPlot}");
            Console.WriteLine($"Total {clock.Elapsed.TotalSeconds:F1} s (OHEM run {ohem.Seconds:F1} s, plain CE run {plain.Seconds:F1} s)");
            return 0;
        }

        private static void Compare(RunResult ohem, RunResult plain)
        {
            var o = ohem.Epochs[^1];
            var p = plain.Epochs[^1];
            var table = new Table().Title("Validation IoU, last epoch")
                .AddColumn("class").AddColumn(new TableColumn("plain CE").RightAligned()).AddColumn(new TableColumn("OHEM").RightAligned()).AddColumn(new TableColumn("OHEM − CE").RightAligned());
            for (int c = 0; c < Scenes.Classes; c++)
            {
                table.AddRow(Scenes.Names[c], $"{p.Iou[c]:P1}", $"{o.Iou[c]:P1}", Delta(o.Iou[c] - p.Iou[c]));
            }

            table.AddRow("[bold]mean IoU[/]", $"[bold]{p.MeanIou:P1}[/]", $"[bold]{o.MeanIou:P1}[/]", Delta(o.MeanIou - p.MeanIou));
            AnsiConsole.Write(table);
        }

        private static string Delta(double d) => (d >= 0 ? "[green]+" : "[red]") + $"{d * 100:F1} pt[/]";
    }
}
