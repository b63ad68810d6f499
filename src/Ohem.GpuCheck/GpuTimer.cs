using System;
using System.Linq;
using Ohem.Cuda;
using Ohem.Cuda.Interop;

namespace Ohem.GpuCheck
{
    /// <summary>Medians of CUDA-event timings on the default stream, after warm-up.</summary>
    internal static class GpuTimer
    {
        public static double MedianMilliseconds(Action work, int warmup, int iterations)
        {
            for (int i = 0; i < warmup; i++)
            {
                work();
            }

            CudaDriver.Check(CudaDriver.cuCtxSynchronize(), "cuCtxSynchronize");
            CudaDriver.Check(CudaDriver.cuEventCreate(out IntPtr start, 0), "cuEventCreate");
            CudaDriver.Check(CudaDriver.cuEventCreate(out IntPtr end, 0), "cuEventCreate");
            try
            {
                var times = new double[iterations];
                for (int i = 0; i < iterations; i++)
                {
                    CudaDriver.Check(CudaDriver.cuEventRecord(start, IntPtr.Zero), "cuEventRecord");
                    work();
                    CudaDriver.Check(CudaDriver.cuEventRecord(end, IntPtr.Zero), "cuEventRecord");
                    CudaDriver.Check(CudaDriver.cuEventSynchronize(end), "cuEventSynchronize");
                    CudaDriver.Check(CudaDriver.cuEventElapsedTime(out float ms, start, end), "cuEventElapsedTime");
                    times[i] = ms;
                }

                Array.Sort(times);
                return times[times.Length / 2];
            }
            finally
            {
                CudaDriver.cuEventDestroy(start);
                CudaDriver.cuEventDestroy(end);
            }
        }

        /// <summary>Device-to-device copy bandwidth (read + write bytes per second) for a buffer of <paramref name="bytes"/>.</summary>
        public static double CopyGigabytesPerSecond(CudaPrimaryContext context, long bytes, int warmup, int iterations)
        {
            using var a = new DeviceBuffer(context, bytes);
            using var b = new DeviceBuffer(context, bytes);
            double ms = MedianMilliseconds(() => CudaDriver.Check(CudaDriver.cuMemcpyDtoD(b.Address, a.Address, (nuint)bytes), "cuMemcpyDtoD"), warmup, iterations);
            return 2.0 * bytes / (ms * 1e6);
        }
    }
}
