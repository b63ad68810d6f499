using System.Linq;

namespace Ohem.Samples.Segmentation
{
    /// <summary>Loss curves and validation IoU per epoch of both runs (ScottPlot), one PNG each.</summary>
    internal static class Plots
    {
        public static void WriteLoss(string path, RunResult ohem, RunResult plain)
        {
            var plot = new ScottPlot.Plot();
            foreach (var run in new[] { ohem, plain })
            {
                var line = plot.Add.Scatter(Epochs(run), run.Epochs.Select(e => e.Loss).ToArray());
                line.LegendText = run.Name;
            }

            plot.Title("Training loss per epoch (OHEM averages only the kept, hard pixels)");
            plot.XLabel("epoch");
            plot.YLabel("mean batch loss");
            plot.ShowLegend();
            plot.SavePng(path, 900, 500);
        }

        public static void WriteIou(string path, RunResult ohem, RunResult plain)
        {
            var plot = new ScottPlot.Plot();
            foreach (var run in new[] { ohem, plain })
            {
                var mean = plot.Add.Scatter(Epochs(run), run.Epochs.Select(e => e.MeanIou * 100).ToArray());
                mean.LegendText = run.Name + ": mean IoU";
                var small = plot.Add.Scatter(Epochs(run), run.Epochs.Select(e => (e.Iou[Scenes.Line] + e.Iou[Scenes.Dot]) * 50).ToArray());
                small.LegendText = run.Name + ": mean IoU of lines and dots";
                small.LinePattern = ScottPlot.LinePattern.Dashed;
                small.Color = mean.Color;
            }

            plot.Title("Validation IoU per epoch (%)");
            plot.XLabel("epoch");
            plot.YLabel("IoU %");
            plot.ShowLegend(ScottPlot.Alignment.LowerRight);
            plot.SavePng(path, 900, 500);
        }

        private static double[] Epochs(RunResult run) => run.Epochs.Select(e => (double)e.Epoch).ToArray();
    }
}
