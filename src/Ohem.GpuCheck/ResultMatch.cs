using System;

namespace Ohem.GpuCheck
{
    /// <summary>
    /// How a CUDA result matches the CPU engine's on the same input: rule, kept and threshold bitwise, the loss within 1
    /// ulp (both NaN counts as equal: an empty selection's NaN), the gradient bitwise. One definition for every check.
    /// </summary>
    internal readonly record struct ResultMatch(bool Same, long Ulps, long GradientDiffer, bool BothNaN)
    {
        public static ResultMatch Of(OhemResult gpu, OhemResult cpu, ReadOnlySpan<float> gpuGrad, ReadOnlySpan<float> cpuGrad)
        {
            long ulps = Math.Abs((long)BitConverter.SingleToInt32Bits(gpu.Loss) - BitConverter.SingleToInt32Bits(cpu.Loss));
            bool bothNaN = float.IsNaN(gpu.Loss) && float.IsNaN(cpu.Loss);
            long differ = 0;
            for (int i = 0; i < gpuGrad.Length; i++)
            {
                differ += BitConverter.SingleToInt32Bits(gpuGrad[i]) == BitConverter.SingleToInt32Bits(cpuGrad[i]) ? 0 : 1;
            }

            bool same = gpu.Rule == cpu.Rule && gpu.Kept == cpu.Kept && (bothNaN || ulps <= 1) && differ == 0
                && gpuGrad.Length == cpuGrad.Length
                && BitConverter.SingleToInt32Bits(gpu.Threshold) == BitConverter.SingleToInt32Bits(cpu.Threshold);
            return new ResultMatch(same, bothNaN ? 0 : ulps, differ, bothNaN);
        }
    }
}
