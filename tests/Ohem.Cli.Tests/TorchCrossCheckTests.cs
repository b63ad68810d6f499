using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Xunit;

namespace Ohem.Cli.Tests
{
    /// <summary>`ohem eval` against the seed's OhemCELoss run by real PyTorch on the same .npy files.</summary>
    public sealed class TorchCrossCheckTests : IDisposable
    {
        private const string Python = "/usr/bin/python3";

        private const string Seed =
            "import sys, numpy as np, torch, torch.nn as nn\n"
            + "x = torch.from_numpy(np.load(sys.argv[1])); y = torch.from_numpy(np.load(sys.argv[2]))\n"
            + "thresh, n_min = float(sys.argv[3]), int(sys.argv[4])\n"
            + "t = -torch.log(torch.tensor(thresh, dtype=torch.float))\n"
            + "loss = nn.CrossEntropyLoss(ignore_index=255, reduction='none')(x, y).view(-1)\n"
            + "loss, _ = torch.sort(loss, descending=True)\n"
            + "kept = loss[loss > t] if loss[n_min] > t else loss[:n_min]\n"
            + "print(repr(torch.mean(kept).item()), kept.numel())";

        private readonly EvalData data = new(n: 2, c: 5, h: 16, w: 12, seed: 11);

        public void Dispose() => data.Dispose();

        [SkippableTheory]
        [InlineData("0.7", 20)]
        [InlineData("0.7", 300)]
        [InlineData("0.95", 100)]
        public void Eval_matches_the_seed_in_pytorch(string thresh, int nMin)
        {
            string? missing = MissingTorch();
            if (missing is not null)
            {
                Assert.False(Environment.GetEnvironmentVariable("OHEM_REQUIRE_TORCH") == "1", "OHEM_REQUIRE_TORCH=1 but " + missing);
                Skip.If(true, missing);
            }

            var json = Cli.Run("eval", "--logits", data.LogitsPath, "--labels", data.LabelsPath, "--thresh", thresh, "--n-min", nMin.ToString(CultureInfo.InvariantCulture), "--backend", "cpu").Json();
            var fields = RunPython(Seed, data.LogitsPath, data.LabelsPath, thresh, nMin.ToString(CultureInfo.InvariantCulture)).Trim().Split(' ');
            double torchLoss = double.Parse(fields[0], CultureInfo.InvariantCulture);
            Assert.Equal(long.Parse(fields[1], CultureInfo.InvariantCulture), json.GetProperty("kept").GetInt64());
            // torch sums in float32 in its own order; the engine sums in fp64: a few ulps apart at most.
            Assert.Equal(torchLoss, json.GetProperty("loss").GetSingle(), 1e-5 * Math.Abs(torchLoss));
        }

        private static string? MissingTorch()
        {
            if (!File.Exists(Python))
            {
                return Python + " is missing, so PyTorch cannot be run";
            }

            var info = new ProcessStartInfo(Python, "-c \"import torch, numpy\"") { RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(info)!;
            string err = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : "PyTorch/NumPy are not importable by " + Python + ": " + err.Trim();
        }

        private static string RunPython(string script, params string[] args)
        {
            var info = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(script);
            foreach (var a in args)
            {
                info.ArgumentList.Add(a);
            }

            using var process = Process.Start(info)!;
            var err = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, "python failed: " + err.Result);
            return output;
        }
    }
}
