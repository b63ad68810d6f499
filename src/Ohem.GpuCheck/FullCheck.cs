using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Ohem.Cpu;
using Ohem.Cuda;
using Ohem.Cuda.Interop;
using Ohem.NumPy;

namespace Ohem.GpuCheck
{
    /// <summary>
    /// The GPU check: for float32 and float16 logits and each shape, the CUDA result against the CPU backend (rule,
    /// kept, threshold bitwise, loss within 1 ulp, gradient bitwise) and against PyTorch running the seed (loss), then
    /// CUDA-event medians of forward and forward+backward for both, and the forward's GB/s against a device copy.
    /// </summary>
    internal sealed class FullCheck
    {
        private const int Warmup = 3;
        private readonly Options options;
        private readonly List<string[]> rows = new();
        private int failures;

        public FullCheck(Options options) => this.options = options;

        public int Run()
        {
            var probe = CudaAvailability.Probe();
            if (!probe.IsAvailable)
            {
                throw new EnvironmentMissingException("no usable CUDA device, so there is nothing to check. " + probe.Reason);
            }

            string? script = null;
            string torchNote = "skipped (--no-torch)";
            if (!options.NoTorch)
            {
                try
                {
                    script = options.ResolveScript();
                }
                catch (FileNotFoundException e)
                {
                    torchNote = e.Message;
                }
            }

            string work = options.Work ?? Path.Combine(Path.GetTempPath(), "ohem-gpucheck-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(work);
            using var context = new CudaPrimaryContext(options.Device);
            Console.WriteLine($"Ohem GPU check on {context.Device}, NVRTC {OhemCompiler.NvrtcVersionText}, {options.Iterations} timed iterations after {Warmup} warm-up runs (CUDA events, median).");
            var shapes = options.Quick
                ? new[] { new OhemShape(2, 19, 256, 512) }
                : new[] { new OhemShape(8, 19, 512, 1024), new OhemShape(16, 19, 1024, 2048) };
            bool first = true;
            foreach (var shape in shapes)
            {
                var batch = new Batch(shape, OhemLossDefaults.IgnoreLabel, 2024);
                double copy = GpuTimer.CopyGigabytesPerSecond(context, shape.Logits * 4, Warmup, options.Iterations);
                Console.WriteLine($"{shape}: device-to-device copy of the float32 logits: {copy:F0} GB/s");
                foreach (var logits in new[] { OhemLogits.Float32, OhemLogits.Float16 })
                {
                    try
                    {
                        CheckOne(context, batch, logits, copy, script, work, first && logits == OhemLogits.Float32, ref torchNote);
                    }
                    catch (CudaException e) when (e.Result == 2)
                    {
                        rows.Add(new[] { Name(logits), shape.ToString(), "out of device memory: " + e.Message });
                        failures++;
                    }
                }

                first = false;
            }

            failures += ModeCheck.Run(options.Device);
            failures += RowWordCheck.Run(options.Device);
            Print(torchNote);
            return failures == 0 ? 0 : 1;
        }

        private void CheckOne(CudaPrimaryContext context, Batch batch, OhemLogits logits, double copyGBs, string? script, string work, bool torchGradient, ref string torchNote)
        {
            var shape = batch.Shape;
            var spec = new OhemSpec(options.Thresh, options.NMin, numClasses: 19, logits: logits);
            int size = logits == OhemLogits.Float32 ? 4 : 2;
            var type = logits == OhemLogits.Float32 ? OhemElementType.Float32 : OhemElementType.Float16;
            Half[]? half = logits == OhemLogits.Float16 ? batch.LogitsHalf() : null;
            using var engine = new CudaOhemEngine(spec, device: options.Device);
            using var cpu = new CpuOhemEngine(spec);
            using var dx = new DeviceBuffer(context, shape.Logits * size);
            using var dy = new DeviceBuffer(context, shape.Pixels * 8);
            using var dg = new DeviceBuffer(context, shape.Logits * 4);
            using var dn = new DeviceBuffer(context, shape.Logits * size);
            if (half is null)
            {
                dx.CopyFrom<float>(batch.Logits);
            }
            else
            {
                dx.CopyFrom<Half>(half);
            }

            dy.CopyFrom<long>(batch.Labels);
            var xv = dx.View(shape.Logits, type);
            var yv = dy.View(shape.Pixels, OhemElementType.Int64);
            var gv = dg.View(shape.Logits, OhemElementType.Float32);
            var nv = dn.View(shape.Logits, type);

            // Correctness against the CPU backend.
            var gpu = engine.Forward(xv, yv, shape);
            engine.Backward(xv, yv, shape, gv);
            CudaDriver.Check(CudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
            var gpuGrad = new float[shape.Logits];
            dg.CopyTo<float>(gpuGrad);
            var cpuGrad = new float[shape.Logits];
            OhemResult reference;
            if (half is null)
            {
                reference = cpu.Forward<float, long>(batch.Logits, batch.Labels, shape);
                cpu.Backward<float, long>(batch.Logits, batch.Labels, shape, cpuGrad);
            }
            else
            {
                reference = cpu.Forward<Half, long>(half, batch.Labels, shape);
                cpu.Backward<Half, long>(half, batch.Labels, shape, cpuGrad);
            }

            ResultMatch match = ResultMatch.Of(gpu, reference, gpuGrad, cpuGrad);
            bool cpuSame = match.Same;
            failures += cpuSame ? 0 : 1;
            cpuGrad = Array.Empty<float>();

            // Timings.
            double forward = GpuTimer.MedianMilliseconds(() => engine.Forward(xv, yv, shape), Warmup, options.Iterations);
            double forwardBackward = GpuTimer.MedianMilliseconds(
                () =>
                {
                    engine.Forward(xv, yv, shape);
                    engine.Backward(xv, yv, shape, nv);
                },
                Warmup,
                options.Iterations);
            double bytes = (shape.Logits * (double)size) + (shape.Pixels * 8.0) + (shape.Pixels * 4.0);
            double gbs = bytes / (forward * 1e6);

            // PyTorch's seed.
            string torchLoss = "-", torchDiff = "-", torchForward = "-", torchFb = "-", speedForward = "-", speedFb = "-", torchGrad = "-";
            if (script is not null)
            {
                try
                {
                    string xPath = Path.Combine(work, "logits.npy");
                    string yPath = Path.Combine(work, "labels.npy");
                    string? gPath = torchGradient ? Path.Combine(work, "grad.npy") : null;
                    if (half is null)
                    {
                        NpyFile.Write<float>(xPath, batch.Logits, shape.N, shape.C, shape.H, shape.W);
                    }
                    else
                    {
                        NpyFile.Write<Half>(xPath, half, shape.N, shape.C, shape.H, shape.W);
                    }

                    NpyFile.Write<long>(yPath, batch.Labels, shape.N, shape.H, shape.W);
                    var seed = SeedBench.Run(options.Python, script, xPath, yPath, spec, Warmup, options.Iterations, gPath);
                    torchNote = "PyTorch " + seed.Torch + " running the seed OhemCELoss (forward under no_grad; forward+backward through autograd)";
                    double relative = Math.Abs(gpu.Loss - (double)seed.LossWidened) / Math.Abs((double)seed.LossWidened);
                    torchLoss = F(seed.Loss, "R");
                    torchDiff = relative.ToString("E1", CultureInfo.InvariantCulture);
                    failures += relative <= 1e-4 ? 0 : 1;
                    torchForward = F(seed.ForwardMs, "F2");
                    torchFb = F(seed.ForwardBackwardMs, "F2");
                    speedForward = F(seed.ForwardMs / forward, "F1") + "x";
                    speedFb = F(seed.ForwardBackwardMs / forwardBackward, "F1") + "x";
                    if (gPath is not null)
                    {
                        float[] tg = NpyFile.Read<float>(gPath, shape.N, shape.C, shape.H, shape.W);
                        double max = 0;
                        for (long i = 0; i < tg.Length; i++)
                        {
                            max = Math.Max(max, Math.Abs(tg[i] - gpuGrad[i]));
                        }

                        torchGrad = max.ToString("E1", CultureInfo.InvariantCulture);
                        File.Delete(gPath);
                    }

                    File.Delete(xPath);
                    File.Delete(yPath);
                }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
                {
                    torchNote = "PyTorch columns unavailable: " + e.Message;
                }
            }

            rows.Add(new[]
            {
                Name(logits), shape.ToString(), gpu.Rule.ToString(), gpu.Kept.ToString(CultureInfo.InvariantCulture), F(gpu.Loss, "R"),
                cpuSame ? $"equal ({match.Ulps} ulp)" : $"DIFFER (rule {reference.Rule}, kept {reference.Kept}, {match.Ulps} ulp, {match.GradientDiffer} grads)",
                torchLoss, torchDiff, torchGrad,
                F(forward, "F2"), torchForward, speedForward, F(forwardBackward, "F2"), torchFb, speedFb,
                F(gbs, "F0"), F(100 * gbs / copyGBs, "F0") + "%",
            });
        }

        private void Print(string torchNote)
        {
            string[] header =
            {
                "logits", "shape", "rule", "kept", "loss (ours)", "vs CPU backend", "loss (seed)", "rel. diff", "grad max|diff|",
                "fwd ms", "seed fwd ms", "speed-up", "fwd+bwd ms", "seed f+b ms", "speed-up", "fwd GB/s", "of D2D copy",
            };
            var widths = new int[header.Length];
            foreach (var row in new[] { header }.AsSpan())
            {
                for (int i = 0; i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
            }

            foreach (var row in rows)
            {
                for (int i = 0; i < row.Length && i < widths.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
            }

            Console.WriteLine();
            Console.WriteLine("| " + string.Join(" | ", Pad(header, widths)) + " |");
            Console.WriteLine("|" + string.Join("|", Array.ConvertAll(widths, w => new string('-', w + 2))) + "|");
            foreach (var row in rows)
            {
                Console.WriteLine("| " + string.Join(" | ", Pad(row, widths)) + " |");
            }

            Console.WriteLine();
            Console.WriteLine("seed: " + torchNote + ". rel. diff: |ours - seed on the float32 widening| / seed. grad: against torch autograd (first float32 shape).");
            Console.WriteLine("fwd GB/s: (logits + int64 labels + the 4-byte loss buffer) / forward time.");
            Console.WriteLine(failures == 0 ? "RESULT: all checks passed" : $"RESULT: {failures} check(s) FAILED");
        }

        private static string[] Pad(string[] row, int[] widths)
        {
            var padded = new string[widths.Length];
            for (int i = 0; i < widths.Length; i++) padded[i] = (i < row.Length ? row[i] : string.Empty).PadRight(widths[i]);
            return padded;
        }

        private static string Name(OhemLogits logits) => logits == OhemLogits.Float32 ? "float32" : "float16";

        private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

        private static string F(float value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
    }
}
