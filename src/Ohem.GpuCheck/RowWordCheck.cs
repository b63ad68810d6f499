using System;
using System.Collections.Generic;
using System.Globalization;
using Ohem.Cpu;
using Ohem.Cuda;

namespace Ohem.GpuCheck
{
    /// <summary>
    /// NHWC texts that read each pixel's row in 4-, 8- or 16-byte words (baked C with C·sizeof(logit) a multiple of the
    /// word: OhemCudaEmitter.NhwcRowWordBytes), each word size with float32 and float16, CUDA against the CPU engine (rule, kept
    /// and threshold bitwise, loss within 1 ulp, gradient bitwise) on a 2×C×128×256 batch, on both rules.
    /// </summary>
    internal static class RowWordCheck
    {
        public static IEnumerable<(string Name, OhemSpec Spec)> Specs()
        {
            foreach (long nMin in new[] { 1_000L, 60_000L })
            {
                yield return ($"nhwc f32 C=20 float4 nmin={nMin}", new OhemSpec(0.7, nMin, numClasses: 20, layout: OhemLayout.NHWC));
                yield return ($"nhwc f32 C=6 uint2 nmin={nMin}", new OhemSpec(0.7, nMin, numClasses: 6, layout: OhemLayout.NHWC));
                yield return ($"nhwc f16 C=20 uint2 nmin={nMin}", new OhemSpec(0.7, nMin, numClasses: 20, logits: OhemLogits.Float16, layout: OhemLayout.NHWC));
                yield return ($"nhwc f16 C=18 u32 nmin={nMin}", new OhemSpec(0.7, nMin, numClasses: 18, logits: OhemLogits.Float16, layout: OhemLayout.NHWC));
                yield return ($"nhwc f16 C=8 uint2 nmin={nMin}", new OhemSpec(0.7, nMin, numClasses: 8, logits: OhemLogits.Float16, layout: OhemLayout.NHWC));
            }
        }

        public static int Run(int device)
        {
            int failures = 0;
            Console.WriteLine("NHWC rows read in words: CUDA against the CPU engine.");
            foreach ((string name, OhemSpec spec) in Specs())
            {
                var shape = new OhemShape(2, spec.NumClasses, 128, 256);
                var batch = new Batch(shape, OhemLossDefaults.IgnoreLabel, 11);
                float[] nhwc = ModeCheck.ToNhwc(batch.Logits, shape);
                string line;
                try
                {
                    line = spec.Logits switch
                    {
                        OhemLogits.Float16 => Compare(spec, Array.ConvertAll(nhwc, v => (Half)v), batch.Labels, shape, device),
                        _ => Compare(spec, nhwc, batch.Labels, shape, device),
                    };
                }
                catch (Exception e) when (e is CudaException or ArgumentException or InvalidOperationException)
                {
                    line = "FAILED: " + e.Message;
                }

                bool ok = line.StartsWith("ok", StringComparison.Ordinal);
                failures += ok ? 0 : 1;
                Console.WriteLine($"{name,-44} {line}");
            }

            Console.WriteLine(failures == 0 ? "nhwc words: every spec matches the CPU engine" : $"nhwc words: {failures} spec(s) differ");
            return failures;
        }

        private static string Compare<T>(OhemSpec spec, T[] logits, long[] labels, OhemShape shape, int device)
            where T : unmanaged
        {
            using var gpu = new CudaOhemEngine(spec, device: device);
            using var cpu = new CpuOhemEngine(spec);
            OhemResult g = gpu.Forward<T, long>(logits, labels, shape);
            OhemResult c = cpu.Forward<T, long>(logits, labels, shape);
            var gg = new float[shape.Logits];
            var cg = new float[shape.Logits];
            gpu.Backward<T, long>(logits, labels, shape, gg, 2f);
            cpu.Backward<T, long>(logits, labels, shape, cg, 2f);
            ResultMatch m = ResultMatch.Of(g, c, gg, cg);
            return string.Create(
                CultureInfo.InvariantCulture,
                $"{(m.Same ? "ok" : "DIFFERS")} {g.Rule} kept {g.Kept} (cpu {c.Rule} {c.Kept}), {m.Ulps} ulps, {m.GradientDiffer} gradient elements differ");
        }
    }
}
