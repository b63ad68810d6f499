using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    /// <summary>
    /// The engine's host side without a GPU: a fake libcuda (tests/Ohem.Runtime.FakeCudaHost/fake_cuda.c, built here
    /// with gcc) logs every launch with its decoded parameters, and a child process runs the engine against it. This
    /// checks the launch sequence, grids, argument order and values, streams, the state layout as read back, and
    /// that every allocation and context retain is released. Kernel arithmetic needs the real GPU (CudaEngineTests).
    /// </summary>
    public sealed partial class FakeDriverTests : IDisposable
    {
        private readonly string directory = Directory.CreateTempSubdirectory("ohem-fake-cuda-").FullName;

        public void Dispose() => Directory.Delete(directory, recursive: true);

        [SkippableFact]
        public void TheEngineDrivesTheKernelsAsSpecified()
        {
            CudaTestEnvironment.RequireNvrtc();
            var (stdout, log) = RunScenario();

            Assert.StartsWith("CUDA on device 0 (Ohem fake device, sm_90, 4 SMs, driver 12.4)", stdout["probe"]);
            Assert.Equal("sm_90", stdout["image"]);
            // The fake's decide kernel writes kept 42 @16, valid 4000 @24, loss 1.5 @88, threshold 0.25 @92, rule 1 @96.
            const string expected = "loss=1.5 kept=42 rule=AboveThreshold threshold=0.25 pixels=4514 valid=4000 backend=Cuda";
            Assert.Equal(expected, stdout["result"]);
            Assert.Equal(expected, stdout["result16"]);
            Assert.Equal("88", stdout["device-loss"]);
            Assert.Equal("Backward was given shape 2×19×61×37, but the last Forward ran on shape 2×19×37×61; run Forward on these inputs first.", stdout["mismatch"]);
            Assert.Equal("0", stdout["live"]);
            Assert.Equal("0", stdout["refs"]);

            Assert.Equal(expected, stdout["bisenet-v2"]);
            Assert.Equal(expected, stdout["hrnet"]);
            Assert.Equal(expected, stdout["topk-percent"]);
            Assert.Equal(expected, stdout["mmseg"]);
            Assert.Equal(expected, stdout["paddleseg"]);
            Assert.Equal(expected, stdout["mmseg-loss"]);
            Assert.Equal(expected, stdout["deeplab-tf"]);
            Assert.Equal(expected, stdout["model-garden"]);
            Assert.Equal(expected, stdout["torchseg"]);
            Assert.Equal(expected, stdout["pytorch-loss"]);

            Assert.Equal(16, log.Count(l => l.Kind == "cuModuleLoadDataEx" && l.Text.EndsWith("cubin", StringComparison.Ordinal)));
            Assert.Equal(16, log.Count(l => l.Kind == "cuModuleUnload"));

            Assert.Equal(expected, stdout["nhwc"]);

            Assert.Equal(expected, stdout["bisenet-v1-weights"]);
            Assert.Equal(expected, stdout["hrnet-weights"]);
            Assert.Equal(expected, stdout["torchseg-weights"]);

            var launches = log.Where(l => l.Kind == "launch").ToList();
            string[] forward = { "ohem_reset", "ohem_forward", "ohem_decide", "ohem_refine", "ohem_select", "ohem_refine", "ohem_select" };
            Assert.Equal(
                forward.Concat(new[] { "ohem_tiecount", "ohem_tiescan", "ohem_backward" })
                    .Concat(forward).Concat(new[] { "ohem_tiecount", "ohem_tiescan", "ohem_backward_native" })
                    .Concat(Enumerable.Repeat(forward, 10).SelectMany(f => f))
                    .Concat(forward).Concat(new[] { "ohem_tiecount", "ohem_tiescan", "ohem_backward" })
                    .Concat(forward).Concat(forward).Concat(new[] { "ohem_refine", "ohem_select" })
                    .Concat(forward).Concat(new[] { "ohem_refine", "ohem_select", "ohem_refine", "ohem_select" }),
                launches.Select(l => l.Name));
            Assert.All(launches, l => Assert.Equal("256,1,1", l["block"]));

            var views = stdout["views"].Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
            CheckPass(launches.Take(10).ToList(), "(nil)", upstream: "0.5", gradient: null, logits: null, labels: null);
            CheckPass(launches.Skip(10).Take(10).ToList(), "0x77", upstream: "3", gradient: views["grad"], logits: views["logits"], labels: views["labels"]);
            // NHWC: every argument as for NCHW, plane (H·W = 2257) included.
            CheckPass(launches.Skip(90).Take(10).ToList(), "(nil)", upstream: "0.5", gradient: null, logits: null, labels: null);
            // The decide kernel's argument per mode: unused (0), NMin, N·H·W, min_kept × N (mmseg, N = 2), NMin (PaddleSeg);
            // then min_kept × N (MMSegByLoss) and NMin for the other later modes (DeepLabTF and ModelGarden do not read it);
            // every mode gets N·H·W after it (read by the modes with a divisor and the later ones).
            int[] decides = { 22, 29, 36, 43, 50, 57, 64, 71, 78, 85 };
            Assert.Equal(
                new[] { "0", "100000", "4514", "200000", "100000", "200000", "100000", "100000", "100000", "100000" },
                decides.Select(i => launches[i]["nmin"]));
            Assert.All(decides, i => Assert.Equal("4514", launches[i]["pixels"]));
            Assert.All(decides, i => Assert.Equal("ohem_decide", launches[i].Name));
            CheckWeightedLevel4(launches.Skip(107).Take(9).ToList(), log);
            CheckWeightSumLevel5(launches.Skip(116).ToList());
        }

        /// <summary>Weighted TorchSeg: level 4 as for HRNet, then level 5 (Σ w) on the same buffers.</summary>
        private static void CheckWeightSumLevel5(List<LogLine> l)
        {
            Assert.Equal(11, l.Count);
            var (fwd, refine4, select4, refine5, select5) = (l[1], l[7], l[8], l[9], l[10]);
            Assert.Equal(("4", "4"), (refine4["level"], select4["level"]));
            Assert.Equal(("8,1,1", fwd["loss"], "4514", "5", fwd["state"]), (refine5["grid"], refine5["loss"], refine5["m"], refine5["level"], refine5["state"]));
            Assert.Equal((refine4["hist"], refine4["partials"]), (refine5["hist"], refine5["partials"]));
            Assert.Equal(("1,1,1", refine5["partials"], "8", refine4["hist"], "5", fwd["state"]), (select5["grid"], select5["partials"], select5["n"], select5["hist"], select5["level"], select5["state"]));
        }

        /// <summary>Weighted HRNet: level 4 reruns refine and select on the level-3 histogram, over the same loss buffer.</summary>
        private static void CheckWeightedLevel4(List<LogLine> l, List<LogLine> log)
        {
            Assert.Equal(9, l.Count);
            var (fwd, refine3, select3, refine4, select4) = (l[1], l[5], l[6], l[7], l[8]);
            Assert.Equal(("8,1,1", fwd["loss"], "4514", "4", fwd["state"]), (refine4["grid"], refine4["loss"], refine4["m"], refine4["level"], refine4["state"]));
            Assert.Equal((refine3["hist"], refine3["partials"]), (refine4["hist"], refine4["partials"]));
            Assert.Equal(("1,1,1", refine4["partials"], "8", select3["hist"], "4"), (select4["grid"], select4["partials"], select4["n"], select4["hist"], select4["level"]));
            // The keys and the weighted losses: 2 × 4514 floats in one buffer (the unweighted specs allocate 4514).
            Assert.Contains(log, x => x.Kind == "cuMemAlloc" && x.Text.EndsWith(" " + (2 * 4514 * 4), StringComparison.Ordinal));
        }

        private static void CheckPass(List<LogLine> l, string stream, string upstream, string? gradient, string? logits, string? labels)
        {
            Assert.All(l, x => Assert.Equal(stream, x["stream"]));
            var (reset, fwd, decide, refine2, select2, refine3, select3, tieCount, tieScan, backward) = (l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7], l[8], l[9]);
            ulong hist1 = Hex(reset["hist"]);
            string state = reset["state"];

            // 2×19×37×61: 4514 pixels in 5 tiles of 1024; 4 SMs × 2 resident blocks = 8 at most per grid.
            Assert.Equal(("1,1,1", "5,1,1", "1,1,1"), (reset["grid"], fwd["grid"], decide["grid"]));
            Assert.Equal(("4514", "2257", "19"), (fwd["m"], fwd["plane"], fwd["c"]));
            Assert.Equal((hist1, state), (Hex(fwd["hist1"]), fwd["state"]));
            if (logits is not null)
            {
                Assert.Equal((logits, labels), (fwd["logits"], fwd["labels"]));
            }

            Assert.Equal((fwd["partials"], "5", hist1, state, "100"), (decide["partials"], decide["n"], Hex(decide["hist1"]), decide["state"], decide["nmin"]));
            foreach (var (refine, select, level, offset) in new[] { (refine2, select2, "2", 2048UL * 8), (refine3, select3, "3", 4096UL * 8) })
            {
                Assert.Equal(("8,1,1", fwd["loss"], "4514", level, state), (refine["grid"], refine["loss"], refine["m"], refine["level"], refine["state"]));
                Assert.Equal(hist1 + offset, Hex(refine["hist"]));
                Assert.Equal(("1,1,1", refine["partials"], "8", refine["hist"], level, state), (select["grid"], select["partials"], select["n"], select["hist"], select["level"], select["state"]));
            }

            Assert.Equal(("5,1,1", fwd["loss"], "4514", state), (tieCount["grid"], tieCount["loss"], tieCount["m"], tieCount["state"]));
            Assert.Equal(("1,1,1", tieCount["tiles"], "5", state), (tieScan["grid"], tieScan["tiles"], tieScan["ntiles"], tieScan["state"]));
            Assert.Equal(("5,1,1", fwd["logits"], fwd["labels"], "4514", "2257", "19"), (backward["grid"], backward["logits"], backward["labels"], backward["m"], backward["plane"], backward["c"]));
            Assert.Equal((fwd["loss"], tieCount["tiles"], state, upstream), (backward["loss"], backward["tiles"], backward["state"], backward["upstream"]));
            if (gradient is not null)
            {
                Assert.Equal(gradient, backward["grad"]);
            }
        }

        private (Dictionary<string, string> Stdout, List<LogLine> Log) RunScenario(params string[] scenario)
        {
            string library = BuildFakeDriver();
            string logPath = Path.Combine(directory, "launches.log");
            string stdout = RunHost(scenario, new() { ["OHEM_CUDA_LIBRARY"] = library, ["OHEM_FAKE_CUDA_LOG"] = logPath });
            var values = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(": ", 2)).ToDictionary(p => p[0], p => p[1].TrimEnd('\r'));
            return (values, File.ReadAllLines(logPath).Select(l => new LogLine(l)).ToList());
        }

        /// <summary>Builds tests/Ohem.Runtime.FakeCudaHost/fake_cuda.c with gcc into this test's directory.</summary>
        private string BuildFakeDriver()
        {
            string library = Path.Combine(directory, "libfakecuda.so");
            string gcc = new[] { "/usr/bin/gcc", "/usr/bin/cc", "/usr/local/bin/gcc" }.FirstOrDefault(File.Exists) ?? string.Empty;
            Skip.If(gcc.Length == 0 || !OperatingSystem.IsLinux(), "The fake driver needs Linux and gcc.");
            string source = Path.Combine(CompileSpecs.RepositoryRoot(), "tests", "Ohem.Runtime.FakeCudaHost", "fake_cuda.c");
            Run(gcc, new[] { "-shared", "-fPIC", "-O1", "-o", library, source, "-ldl" }, new());
            return library;
        }

        /// <summary>Runs the host program (built with the test project) on one scenario and returns its standard output.</summary>
        private static string RunHost(string[] scenario, Dictionary<string, string> environment, bool expectSuccess = true)
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            string root = CompileSpecs.RepositoryRoot();
            string host = Path.Combine(root, "tests", "Ohem.Runtime.FakeCudaHost", "bin", output.Parent!.Name, output.Name, "Ohem.Runtime.FakeCudaHost.dll");
            Assert.True(File.Exists(host), "Build Ohem.Runtime.FakeCudaHost first (the test project references it): " + host);
            return Run("dotnet", new[] { host }.Concat(scenario).ToArray(), environment, expectSuccess);
        }

        private static string Run(string file, string[] args, Dictionary<string, string> environment, bool expectSuccess = true)
        {
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in args) info.ArgumentList.Add(a);
            foreach (var (k, v) in environment) info.Environment[k] = v;
            using var p = Process.Start(info)!;
            var error = p.StandardError.ReadToEndAsync();
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True((p.ExitCode == 0) == expectSuccess, $"{file} exited with {p.ExitCode}: {output}\n{error.Result}");
            return output;
        }

        private static ulong Hex(string text) => Convert.ToUInt64(text, 16);

        private sealed class LogLine
        {
            private readonly Dictionary<string, string> fields = new();

            public LogLine(string text)
            {
                Text = text;
                string[] parts = text.Split(' ');
                Kind = parts[0];
                Name = parts.Length > 1 ? parts[1] : string.Empty;
                foreach (string part in parts.Skip(2))
                {
                    string[] kv = part.Split('=', 2);
                    if (kv.Length == 2) fields[kv[0]] = kv[1];
                }
            }

            public string Text { get; }

            public string Kind { get; }

            public string Name { get; }

            public string this[string key] => fields.TryGetValue(key, out string? v) ? v : throw new KeyNotFoundException($"'{key}' not in: {Text}");
        }
    }
}
