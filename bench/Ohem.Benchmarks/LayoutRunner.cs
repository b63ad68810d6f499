using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Ohem.Cpu;

namespace Ohem.Benchmarks
{
    /// <summary>
    /// <c>--layouts [--runs 15] [--threads 1]</c>: NCHW and NHWC logits of the 2×19×512×1024 batch of
    /// <see cref="LayoutBenchmarks"/>, float32 and float16, calls interleaved (NCHW, NHWC, NCHW, …) so both layouts see
    /// the same machine state; prints the median wall and process-CPU time per call and the NHWC/NCHW ratios. On a
    /// shared machine the CPU time is the steadier figure.
    /// </summary>
    public static class LayoutRunner
    {
        public static int Run(string[] args)
        {
            int runs = Option(args, "--runs", 15);
            int threads = Option(args, "--threads", 1);
            var shape = new OhemShape(2, 19, 512, 1024);
            var inputs = new BenchInputs(shape.N, shape.C, shape.H, shape.W);
            float[] nhwc = LayoutBenchmarks.ToNhwc(inputs.Logits, shape);
            var gradient = new float[shape.Logits];
            Console.WriteLine($"{shape}, {threads} thread(s), median of {runs} after 2 warm-up calls; wall ms / process CPU ms per call");
            Console.WriteLine("| Logits | Call | NCHW wall | NHWC wall | NHWC/NCHW wall | NCHW CPU | NHWC CPU | NHWC/NCHW CPU |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (OhemLogits type in new[] { OhemLogits.Float32, OhemLogits.Float16 })
            {
                Array first = type == OhemLogits.Float16 ? Array.ConvertAll(inputs.Logits, v => (Half)v) : inputs.Logits;
                Array last = type == OhemLogits.Float16 ? Array.ConvertAll(nhwc, v => (Half)v) : nhwc;
                using var a = new CpuOhemEngine(new OhemSpec(0.7, 100_000, 255, 19, type), threads);
                using var b = new CpuOhemEngine(new OhemSpec(0.7, 100_000, 255, 19, type, layout: OhemLayout.NHWC), threads);
                foreach (bool backward in new[] { false, true })
                {
                    var times = new (double Wall, double Cpu)[2, runs];
                    for (int r = -2; r < runs; ++r)
                    {
                        for (int l = 0; l < 2; ++l)
                        {
                            var (wall, cpu) = Time(l == 0 ? a : b, l == 0 ? first : last, inputs.Labels, shape, gradient, backward);
                            if (r >= 0)
                            {
                                times[l, r] = (wall, cpu);
                            }
                        }
                    }

                    double w0 = Median(times, 0, t => t.Wall), w1 = Median(times, 1, t => t.Wall);
                    double c0 = Median(times, 0, t => t.Cpu), c1 = Median(times, 1, t => t.Cpu);
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"| {type} | {(backward ? "forward+backward" : "forward")} | {w0:F1} | {w1:F1} | {w1 / w0:F2}× | {c0:F1} | {c1:F1} | {c1 / c0:F2}× |"));
                }
            }

            return 0;
        }

        private static (double Wall, double Cpu) Time(CpuOhemEngine engine, Array x, long[] y, OhemShape shape, float[] gradient, bool backward)
        {
            var process = Process.GetCurrentProcess();
            TimeSpan cpu = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            if (x is Half[] h)
            {
                engine.Forward<Half, long>(h, y, shape);
                if (backward)
                {
                    engine.Backward<Half, long>(h, y, shape, gradient);
                }
            }
            else
            {
                engine.Forward<float, long>((float[])x, y, shape);
                if (backward)
                {
                    engine.Backward<float, long>((float[])x, y, shape, gradient);
                }
            }

            double wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            process.Refresh();
            return (wall, (process.TotalProcessorTime - cpu).TotalMilliseconds);
        }

        private static double Median((double Wall, double Cpu)[,] times, int layout, Func<(double Wall, double Cpu), double> pick)
        {
            double[] v = Enumerable.Range(0, times.GetLength(1)).Select(r => pick(times[layout, r])).OrderBy(t => t).ToArray();
            return v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
        }

        private static int Option(string[] args, string name, int fallback)
        {
            int i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }
    }
}
