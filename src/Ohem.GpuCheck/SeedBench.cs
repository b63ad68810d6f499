using System;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Ohem.GpuCheck
{
    /// <summary>What scripts/seed_bench.py reported.</summary>
    internal sealed record SeedResult(string Torch, float Loss, float LossWidened, double ForwardMs, double ForwardBackwardMs);

    /// <summary>Runs the PyTorch seed in a child process and reads its one JSON line.</summary>
    internal static class SeedBench
    {
        public static SeedResult Run(string python, string script, string logits, string labels, OhemSpec spec, int warmup, int iterations, string? gradOut)
        {
            string args = $"\"{script}\" --logits \"{logits}\" --labels \"{labels}\" --thresh {spec.Thresh.ToString("R", CultureInfo.InvariantCulture)} "
                + $"--n-min {spec.NMin} --ignore {spec.IgnoreLabel} --warmup {warmup} --iters {iterations}"
                + (gradOut is null ? string.Empty : $" --grad-out \"{gradOut}\"");
            var info = new ProcessStartInfo(python, args)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {python}.");
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            string[] lines = stdout.Trim().Split('\n');
            string last = lines.Length == 0 ? string.Empty : lines[^1];
            if (process.ExitCode != 0 || !last.StartsWith('{'))
            {
                throw new InvalidOperationException($"{python} {script} exited with {process.ExitCode}: {last} {stderr.Result.Trim()}");
            }

            using var json = JsonDocument.Parse(last);
            var root = json.RootElement;
            return new SeedResult(
                root.GetProperty("torch").GetString() ?? "?",
                (float)root.GetProperty("loss").GetDouble(),
                (float)root.GetProperty("loss_widened").GetDouble(),
                root.GetProperty("forward_ms").GetDouble(),
                root.GetProperty("forward_backward_ms").GetDouble());
        }
    }
}
