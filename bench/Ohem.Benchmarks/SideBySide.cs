using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Ohem.Cpu;
using Ohem.NumPy;

namespace Ohem.Benchmarks
{
    /// <summary>
    /// One run that times the CPU engine and then the seed in PyTorch (bench/side_by_side.py, /usr/bin/python3) on the
    /// same batch with the same thread count, and prints medians and ratios.
    /// </summary>
    public static class SideBySide
    {
        public static int Run(string[] args)
        {
            int threads = Option(args, "--threads", 2);
            int runs = Option(args, "--runs", 7);
            int warmup = Option(args, "--warmup", 2);
            int torchRuns = Option(args, "--torch-runs", 5);
            long nMin = Option(args, "--nmin", 100_000);
            int[] dims = (Value(args, "--shape") ?? "8,19,512,1024").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var inputs = new BenchInputs(dims[0], dims[1], dims[2], dims[3]);
            OhemShape shape = inputs.Shape;
            var spec = new OhemSpec(0.7, nMin, 255, shape.C);
            Console.WriteLine($"Batch {shape} float32 logits, int64 labels; Thresh 0.7, NMin {nMin}, IgnoreLabel 255; {threads} threads; {Environment.ProcessorCount} processors; {RuntimeInfo()}");

            var gradient = new float[shape.Logits];
            OhemResult result;
            double[] forward, forwardBackward, forwardCpu, forwardBackwardCpu;
            using (var engine = new CpuOhemEngine(spec, threads))
            {
                result = engine.Forward<float, long>(inputs.Logits, inputs.Labels, shape);
                (forward, forwardCpu) = Time(warmup, runs, () => engine.Forward<float, long>(inputs.Logits, inputs.Labels, shape));
                (forwardBackward, forwardBackwardCpu) = Time(warmup, runs, () =>
                {
                    engine.Forward<float, long>(inputs.Logits, inputs.Labels, shape);
                    engine.Backward<float, long>(inputs.Logits, inputs.Labels, shape, gradient);
                });
            }

            Console.WriteLine($"Ohem CPU:  loss {result.Loss:R}, rule {result.Rule}, kept {result.Kept}, valid {result.ValidPixels}");
            Console.WriteLine($"Ohem CPU:  forward {Median(forward):F1} ms, forward+backward {Median(forwardBackward):F1} ms (median wall time of {runs} after {warmup} warm-up; all: {Join(forward)} | {Join(forwardBackward)})");
            Console.WriteLine($"Ohem CPU:  process CPU time per call (all threads): forward {Median(forwardCpu):F1} ms, forward+backward {Median(forwardBackwardCpu):F1} ms");

            if (Array.IndexOf(args, "--no-torch") >= 0)
            {
                return 0;
            }

            string dir = Path.Combine(Path.GetTempPath(), "ohem-side-by-side-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            try
            {
                string logits = Path.Combine(dir, "logits.npy"), labels = Path.Combine(dir, "labels.npy");
                NpyFile.Write<float>(logits, inputs.Logits, shape.N, shape.C, shape.H, shape.W);
                NpyFile.Write<long>(labels, inputs.Labels, shape.N, shape.H, shape.W);
                inputs = null!;
                GC.Collect();
                string script = Path.Combine(RepositoryRoot(), "bench", "side_by_side.py");
                string output = Python(script, "--logits", logits, "--labels", labels, "--n-min", nMin.ToString(CultureInfo.InvariantCulture),
                    "--threads", threads.ToString(CultureInfo.InvariantCulture), "--runs", torchRuns.ToString(CultureInfo.InvariantCulture), "--warmup", "1");
                using JsonDocument doc = JsonDocument.Parse(output.Trim().Split('\n').Last());
                JsonElement r = doc.RootElement;
                double[] tf = r.GetProperty("forward_ms").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                double[] tfb = r.GetProperty("forward_backward_ms").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                double[] cf = r.GetProperty("forward_cpu_ms").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                double[] cfb = r.GetProperty("forward_backward_cpu_ms").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                float torchLoss = (float)r.GetProperty("loss").GetDouble();
                Console.WriteLine($"PyTorch {r.GetProperty("torch").GetString()} ({r.GetProperty("threads").GetInt32()} threads): loss {torchLoss:R}");
                Console.WriteLine($"PyTorch:   forward {Median(tf):F1} ms, forward+backward {Median(tfb):F1} ms (median of {torchRuns} after 1 warm-up; all: {Join(tf)} | {Join(tfb)})");
                Console.WriteLine($"PyTorch:   process CPU time per call (all threads): forward {Median(cf):F1} ms, forward+backward {Median(cfb):F1} ms");
                Console.WriteLine($"Loss relative difference: {Math.Abs(result.Loss - torchLoss) / Math.Abs(torchLoss):E2}");
                Console.WriteLine($"Speed-up (wall):      forward {Median(tf) / Median(forward):F1}x, forward+backward {Median(tfb) / Median(forwardBackward):F1}x");
                Console.WriteLine($"Speed-up (CPU time):  forward {Median(cf) / Median(forwardCpu):F1}x, forward+backward {Median(cfb) / Median(forwardBackwardCpu):F1}x");
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }

            return 0;
        }

        /// <summary>Wall time and process CPU time (all threads; less sensitive to other load on a shared machine) per run.</summary>
        private static (double[] Wall, double[] Cpu) Time(int warmup, int runs, Action action)
        {
            for (int i = 0; i < warmup; ++i)
            {
                action();
            }

            var wall = new double[runs];
            var cpu = new double[runs];
            using var self = Process.GetCurrentProcess();
            for (int i = 0; i < runs; ++i)
            {
                self.Refresh();
                TimeSpan c0 = self.TotalProcessorTime;
                long t0 = Stopwatch.GetTimestamp();
                action();
                wall[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                self.Refresh();
                cpu[i] = (self.TotalProcessorTime - c0).TotalMilliseconds;
            }

            return (wall, cpu);
        }

        private static double Median(double[] v)
        {
            double[] s = v.OrderBy(x => x).ToArray();
            return s.Length % 2 == 1 ? s[s.Length / 2] : (s[(s.Length / 2) - 1] + s[s.Length / 2]) / 2;
        }

        private static string Join(double[] v) => string.Join(" ", v.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)));

        private static string RuntimeInfo() =>
            $".NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, Vector256 accelerated: {System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated}";

        private static string RepositoryRoot()
        {
            for (string? d = AppContext.BaseDirectory; d is not null; d = Path.GetDirectoryName(d))
            {
                if (File.Exists(Path.Combine(d, "Ohem.sln")))
                {
                    return d;
                }
            }

            throw new InvalidOperationException("Run from inside the repository (Ohem.sln not found above " + AppContext.BaseDirectory + ").");
        }

        private static string Python(string script, params string[] args)
        {
            var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
            info.ArgumentList.Add(script);
            foreach (string a in args)
            {
                info.ArgumentList.Add(a);
            }

            using var p = Process.Start(info) ?? throw new InvalidOperationException("/usr/bin/python3 did not start.");
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"side_by_side.py exited with {p.ExitCode}.");
            }

            return output;
        }

        private static string? Value(string[] args, string name)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        private static T Option<T>(string[] args, string name, T fallback)
            where T : IParsable<T> => Value(args, name) is { } v ? T.Parse(v, CultureInfo.InvariantCulture) : fallback;
    }
}
