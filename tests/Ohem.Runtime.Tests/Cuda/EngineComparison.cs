using System;
using System.Globalization;
using Ohem.Runtime.Tests.Support;

namespace Ohem.Runtime.Tests.Cuda
{
    /// <summary>
    /// One forward and backward on an engine with the spec's own logit and label types, and how a CUDA result differs
    /// from the CPU engine's. Shared by CudaEngineTests (a real device) and the fake driver's emulated device
    /// (tests/Ohem.Runtime.FakeCudaHost links this file), so both hold CUDA to the same rule.
    /// </summary>
    internal static class EngineComparison
    {
        public static (OhemResult Result, float[] Gradient) Run(OhemLossEngine engine, OhemSpec spec, float[] x, long[] y, OhemShape shape, float upstream) =>
            spec.Logits switch
            {
                OhemLogits.Float32 => WithLabels(engine, spec, x, y, shape, upstream),
                OhemLogits.Float16 => WithLabels(engine, spec, Inputs.ToHalf(x), y, shape, upstream),
                OhemLogits.BFloat16 => WithLabels(engine, spec, Inputs.ToBFloat16(x), y, shape, upstream),
                _ => throw new NotSupportedException(spec.Key),
            };

        /// <summary>
        /// Null when the CUDA result equals the CPU engine's: rule, kept, pixel and valid counts and the threshold bitwise,
        /// the loss within 1 ulp (NaN for NaN), every gradient element bitwise; otherwise what differs.
        /// </summary>
        public static string? Difference(OhemResult cpu, float[] cpuGradient, OhemResult cuda, float[] cudaGradient)
        {
            if (cuda.Backend != OhemBackend.Cuda)
            {
                return $"backend {cuda.Backend}";
            }

            if (cpu.Rule != cuda.Rule || cpu.Kept != cuda.Kept || cpu.Pixels != cuda.Pixels || cpu.ValidPixels != cuda.ValidPixels)
            {
                return $"rule {cuda.Rule}, kept {cuda.Kept}, pixels {cuda.Pixels}, valid {cuda.ValidPixels}; the CPU engine: {cpu.Rule}, {cpu.Kept}, {cpu.Pixels}, {cpu.ValidPixels}";
            }

            if (BitConverter.SingleToInt32Bits(cpu.Threshold) != BitConverter.SingleToInt32Bits(cuda.Threshold))
            {
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"threshold {cuda.Threshold:R} (0x{BitConverter.SingleToUInt32Bits(cuda.Threshold):x8}), the CPU engine's {cpu.Threshold:R} (0x{BitConverter.SingleToUInt32Bits(cpu.Threshold):x8})");
            }

            long ulps = Math.Abs((long)BitConverter.SingleToInt32Bits(cpu.Loss) - BitConverter.SingleToInt32Bits(cuda.Loss));
            if (float.IsNaN(cpu.Loss) != float.IsNaN(cuda.Loss) || (!float.IsNaN(cpu.Loss) && ulps > 1))
            {
                return string.Create(CultureInfo.InvariantCulture, $"loss {cuda.Loss:R}, the CPU engine's {cpu.Loss:R}");
            }

            int differ = 0, first = -1;
            for (int i = 0; i < cpuGradient.Length; i++)
            {
                if (BitConverter.SingleToInt32Bits(cpuGradient[i]) != BitConverter.SingleToInt32Bits(cudaGradient[i]))
                {
                    differ++;
                    first = first < 0 ? i : first;
                }
            }

            return differ == 0 ? null : string.Create(
                CultureInfo.InvariantCulture, $"{differ} gradient elements differ, first [{first}]: {cudaGradient[first]:R}, the CPU engine's {cpuGradient[first]:R}");
        }

        private static (OhemResult, float[]) WithLabels<TLogit>(OhemLossEngine engine, OhemSpec spec, TLogit[] x, long[] y, OhemShape shape, float upstream)
            where TLogit : unmanaged =>
            spec.Labels switch
            {
                OhemLabels.Int64 => Typed(engine, x, y, shape, upstream),
                OhemLabels.Int32 => Typed(engine, x, Inputs.ToInt32(y), shape, upstream),
                OhemLabels.UInt8 => Typed(engine, x, Inputs.ToByte(y), shape, upstream),
                _ => throw new NotSupportedException(spec.Key),
            };

        private static (OhemResult, float[]) Typed<TLogit, TLabel>(OhemLossEngine engine, TLogit[] x, TLabel[] y, OhemShape shape, float upstream)
            where TLogit : unmanaged
            where TLabel : unmanaged
        {
            var gradient = new float[shape.Logits];
            OhemResult result = engine.Forward<TLogit, TLabel>(x, y, shape);
            engine.Backward<TLogit, TLabel>(x, y, shape, gradient, upstream);
            return (result, gradient);
        }
    }
}
