using System;
using System.Collections.Generic;
using System.Globalization;
using Ohem.Cpu;
using Ohem.Cuda;

namespace Ohem.GpuCheck
{
    /// <summary>
    /// Every mode and every orthogonal argument on the device: the CUDA engine against the CPU engine (rule, kept and
    /// threshold bitwise, loss within 1 ulp, gradient bitwise) on one moderate batch, for specs covering modes 0–11 on
    /// both rules, NHWC logits, class weights, per-image selection and the policy knobs. The test suite's GpuCases cover
    /// the same ground but need .NET on the device; this binary does not.
    /// </summary>
    internal static class ModeCheck
    {
        private static readonly double[] Weights19 = { 1.0, 0.5, 2.0, 0.0, 3.0, 1.25, 0.75, 1.0, 1.5, 0.25, 2.5, 1.0, 0.8, 1.2, 0.9, 1.1, 2.25, 0.6, 1.75 };

        public static int Run(int device) => Run(device, Specs());

        /// <summary>The check over some specs of the matrix (the fake driver's emulation tests run a subset too).</summary>
        public static int Run(int device, IEnumerable<(string Name, OhemSpec Spec)> specs)
        {
            var shape = new OhemShape(4, 19, 128, 256);
            var batch = new Batch(shape, OhemLossDefaults.IgnoreLabel, 7);
            float[] nhwc = ToNhwc(batch.Logits, shape);
            int failures = 0;
            Console.WriteLine($"Mode matrix on {shape}: CUDA against the CPU engine.");
            Console.WriteLine($"{"spec",-44} {"rule",-15} {"kept",8} {"ulps",5} {"grad diff",9}  result");
            foreach ((string name, OhemSpec spec) in specs)
            {
                float[] logits = spec.IsChannelsLast ? nhwc : batch.Logits;
                string line;
                try
                {
                    using var gpu = new CudaOhemEngine(spec, device: device);
                    using var cpu = new CpuOhemEngine(spec);
                    OhemResult g = gpu.Forward<float, long>(logits, batch.Labels, shape);
                    OhemResult c = cpu.Forward<float, long>(logits, batch.Labels, shape);
                    var gg = new float[shape.Logits];
                    var cg = new float[shape.Logits];
                    gpu.Backward<float, long>(logits, batch.Labels, shape, gg, 2f);
                    cpu.Backward<float, long>(logits, batch.Labels, shape, cg, 2f);
                    ResultMatch m = ResultMatch.Of(g, c, gg, cg);
                    bool same = m.Same;
                    failures += same ? 0 : 1;
                    line = $"{name,-44} {g.Rule,-15} {g.Kept,8} {m.Ulps,5} {m.GradientDiffer,9}  {(same ? "ok" : $"DIFFERS (cpu: {c.Rule}, kept {c.Kept}, loss {c.Loss.ToString("R", CultureInfo.InvariantCulture)} vs {g.Loss.ToString("R", CultureInfo.InvariantCulture)})")}";
                }
                catch (Exception e) when (e is CudaException or ArgumentException or InvalidOperationException)
                {
                    failures++;
                    line = $"{name,-44} FAILED: {e.Message}";
                }

                Console.WriteLine(line);
            }

            Console.WriteLine(failures == 0 ? "mode matrix: every spec matches the CPU engine" : $"mode matrix: {failures} spec(s) differ");
            return failures;
        }

        /// <summary>The matrix; --self-check compiles each of them without a GPU.</summary>
        public static IEnumerable<(string Name, OhemSpec Spec)> Specs()
        {
            // NMin 1000 keeps the pixels above the threshold; 200 000 forces the exact top-k selection.
            foreach (long nMin in new[] { 1_000L, 100_000L })
            {
                yield return ($"bisenet-v1 nmin={nMin}", new OhemSpec(0.7, nMin, numClasses: 19));
                yield return ($"hrnet nmin={nMin}", new OhemSpec(0.7, nMin, numClasses: 19, mode: OhemMode.HRNet));
                yield return ($"mmseg nmin={nMin / 4}", new OhemSpec(0.7, nMin / 4, numClasses: 19, mode: OhemMode.MMSegSampler));
                yield return ($"paddleseg nmin={nMin}", new OhemSpec(0.7, nMin, numClasses: 19, mode: OhemMode.PaddleSeg));
                yield return ($"mmseg-loss nmin={nMin / 4}", new OhemSpec(0.7, nMin / 4, numClasses: 19, mode: OhemMode.MMSegByLoss));
                yield return ($"torchseg nmin={nMin}", new OhemSpec(0.7, nMin, numClasses: 19, mode: OhemMode.TorchSeg));
                yield return ($"pytorch-loss nmin={nMin}", new OhemSpec(0.7, nMin, numClasses: 19, mode: OhemMode.PytorchLossOhem));
                yield return ($"bootstrapped nmin={nMin / 4}", new OhemSpec(0.3, nMin / 4, numClasses: 19, mode: OhemMode.PaddleSegBootstrapped));
            }

            yield return ("bisenet-v2", new OhemSpec(numClasses: 19, mode: OhemMode.BiSeNetV2));
            yield return ("bisenet-v2 thresh=0.001", new OhemSpec(0.001, numClasses: 19, mode: OhemMode.BiSeNetV2));
            yield return ("topk-percent 0.2", new OhemSpec(numClasses: 19, mode: OhemMode.TopKPercent, fraction: 0.2));
            // k = 100000 exactly (0.762939453125 × 131072): the same k as the threshold modes' top-n_min fallback above. These two
            // split the decide-kernel defect of 2026-11-29 (the threshold modes' fallback summed every pixel; docs/benchmarks.md).
            yield return ("topk-percent k=100000", new OhemSpec(numClasses: 19, mode: OhemMode.TopKPercent, fraction: 0.762939453125));
            yield return ("bisenet-v1 thresh=1e-9 nmin=100000", new OhemSpec(1e-9, 100_000, numClasses: 19));
            yield return ("deeplab-tf 0.2", new OhemSpec(numClasses: 19, mode: OhemMode.DeepLabTF, fraction: 0.2));
            yield return ("model-garden 0.2", new OhemSpec(numClasses: 19, mode: OhemMode.ModelGarden, fraction: 0.2));
            yield return ("paddleseg-topk 0.2", new OhemSpec(numClasses: 19, mode: OhemMode.PaddleSegTopK, fraction: 0.2));
            yield return ("paddleseg-topk 1", new OhemSpec(numClasses: 19, mode: OhemMode.PaddleSegTopK));
            yield return ("deeplab2 0.2", new OhemSpec(numClasses: 19, mode: OhemMode.DeepLab2, fraction: 0.2));
            yield return ("deeplab2 1 nhwc", new OhemSpec(numClasses: 19, mode: OhemMode.DeepLab2, layout: OhemLayout.NHWC));
            yield return ("pytorch-loss fraction=1/16", new OhemSpec(0.7, 0, numClasses: 19, mode: OhemMode.PytorchLossOhem, fraction: 0.0625));
            yield return ("runtime classes hrnet", new OhemSpec(0.7, 100_000, mode: OhemMode.HRNet));
            yield return ("nhwc bisenet-v1 top-k", new OhemSpec(0.7, 100_000, numClasses: 19, layout: OhemLayout.NHWC));
            yield return ("nhwc runtime classes topk-percent", new OhemSpec(mode: OhemMode.TopKPercent, fraction: 0.3, layout: OhemLayout.NHWC));
            yield return ("weights bisenet-v1 top-k", new OhemSpec(0.7, 100_000, numClasses: 19, classWeights: Weights19));
            yield return ("weights hrnet top-k", new OhemSpec(0.7, 100_000, numClasses: 19, mode: OhemMode.HRNet, classWeights: Weights19));
            yield return ("weights paddleseg no mining", new OhemSpec(0.7, 0, numClasses: 19, mode: OhemMode.PaddleSeg, classWeights: Weights19));
            yield return ("weights mmseg-loss", new OhemSpec(0.7, 50_000, numClasses: 19, mode: OhemMode.MMSegByLoss, classWeights: Weights19));
            yield return ("weights deeplab-tf 0.2", new OhemSpec(numClasses: 19, mode: OhemMode.DeepLabTF, fraction: 0.2, classWeights: Weights19));
            yield return ("weights torchseg top-k", new OhemSpec(0.7, 100_000, numClasses: 19, mode: OhemMode.TorchSeg, classWeights: Weights19));
            yield return ("weights torchseg above", new OhemSpec(0.7, 1_000, numClasses: 19, mode: OhemMode.TorchSeg, classWeights: Weights19));
            yield return ("per-image torchseg nhwc weights", new OhemSpec(0.7, 20_000, numClasses: 19, mode: OhemMode.TorchSeg, layout: OhemLayout.NHWC, classWeights: Weights19, scope: OhemScope.PerImage));
            yield return ("per-image bisenet-v1", new OhemSpec(0.7, 20_000, numClasses: 19, scope: OhemScope.PerImage));
            yield return ("per-image hrnet nhwc weights", new OhemSpec(0.7, 20_000, numClasses: 19, mode: OhemMode.HRNet, layout: OhemLayout.NHWC, classWeights: Weights19, scope: OhemScope.PerImage));
            yield return ("per-image mmseg", new OhemSpec(0.7, 20_000, numClasses: 19, mode: OhemMode.MMSegSampler, scope: OhemScope.PerImage));
            yield return ("knobs hrnet inclusive sum", new OhemSpec(0.7, 100_000, numClasses: 19, mode: OhemMode.HRNet, comparison: OhemComparison.Inclusive, reduction: OhemReduction.Sum));
            yield return ("knobs bisenet-v1 valid-only clamp", new OhemSpec(0.7, 600_000, numClasses: 19, nMinPolicy: OhemNMinPolicy.Clamp, candidates: OhemCandidates.ValidOnly));
            yield return ("knobs topk-percent valid-only zero", new OhemSpec(numClasses: 19, mode: OhemMode.TopKPercent, fraction: 0.2, onEmpty: OhemOnEmpty.Zero, candidates: OhemCandidates.ValidOnly));
            yield return ("knobs torchseg strict clamp", new OhemSpec(0.7, 600_000, numClasses: 19, mode: OhemMode.TorchSeg, comparison: OhemComparison.Strict, nMinPolicy: OhemNMinPolicy.Clamp));
            yield return ("knobs pytorch-loss strict sum", new OhemSpec(0.7, 100_000, numClasses: 19, mode: OhemMode.PytorchLossOhem, comparison: OhemComparison.Strict, reduction: OhemReduction.Sum));
            yield return ("knobs deeplab-tf valid-only sum", new OhemSpec(numClasses: 19, mode: OhemMode.DeepLabTF, fraction: 0.2, candidates: OhemCandidates.ValidOnly, reduction: OhemReduction.Sum));
            yield return ("knobs model-garden valid-only nan", new OhemSpec(numClasses: 19, mode: OhemMode.ModelGarden, fraction: 0.2, onEmpty: OhemOnEmpty.NaN, candidates: OhemCandidates.ValidOnly));
            yield return ("knobs per-image hrnet inclusive sum weights", new OhemSpec(0.7, 20_000, numClasses: 19, mode: OhemMode.HRNet, classWeights: Weights19, scope: OhemScope.PerImage, comparison: OhemComparison.Inclusive, reduction: OhemReduction.Sum));
            yield return ("knobs per-image bisenet-v1 valid-only zero", new OhemSpec(0.7, 20_000, numClasses: 19, scope: OhemScope.PerImage, onEmpty: OhemOnEmpty.Zero, candidates: OhemCandidates.ValidOnly));
            yield return ("knobs weights torchseg strict zero", new OhemSpec(0.7, 100_000, numClasses: 19, mode: OhemMode.TorchSeg, classWeights: Weights19, comparison: OhemComparison.Strict, onEmpty: OhemOnEmpty.Zero));
            yield return ("knobs per-image weights torchseg strict nan", new OhemSpec(0.7, 20_000, numClasses: 19, mode: OhemMode.TorchSeg, classWeights: Weights19, scope: OhemScope.PerImage, comparison: OhemComparison.Strict, onEmpty: OhemOnEmpty.NaN, candidates: OhemCandidates.ValidOnly));
            yield return ("knobs weights paddleseg inclusive nan", new OhemSpec(0.7, 100_000, numClasses: 19, mode: OhemMode.PaddleSeg, classWeights: Weights19, comparison: OhemComparison.Inclusive, onEmpty: OhemOnEmpty.NaN));
        }

        internal static float[] ToNhwc(float[] nchw, OhemShape shape)
        {
            var result = new float[nchw.Length];
            long plane = shape.Plane;
            for (long n = 0; n < shape.N; n++)
            {
                for (long c = 0; c < shape.C; c++)
                {
                    for (long s = 0; s < plane; s++)
                    {
                        result[(((n * plane) + s) * shape.C) + c] = nchw[(((n * shape.C) + c) * plane) + s];
                    }
                }
            }

            return result;
        }
    }
}
