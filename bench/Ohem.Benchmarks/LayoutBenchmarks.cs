using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Ohem.Cpu;

namespace Ohem.Benchmarks
{
    /// <summary>
    /// NCHW against NHWC logits of the same 2×19×512×1024 batch (float32 and float16, int64 labels, NMin 100 000: the
    /// above-threshold rule), one thread, so the ratio measures the work per core rather than how the shared machine
    /// schedules two workers. The NHWC tensor is the NCHW one permuted, so both compute the same bits.
    /// </summary>
    [MemoryDiagnoser]
    [MedianColumn]
    [SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 3, iterationCount: 15)]
    public class LayoutBenchmarks
    {
        private static readonly OhemShape Shape = new(2, 19, 512, 1024);
        private float[] single = null!;
        private Half[] half = null!;
        private long[] labels = null!;
        private float[] gradient = null!;
        private CpuOhemEngine engine = null!;

        [Params(OhemLayout.NCHW, OhemLayout.NHWC)]
        public OhemLayout Layout { get; set; }

        [Params(OhemLogits.Float32, OhemLogits.Float16)]
        public OhemLogits Logits { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            var inputs = new BenchInputs(Shape.N, Shape.C, Shape.H, Shape.W);
            labels = inputs.Labels;
            single = Layout == OhemLayout.NHWC ? ToNhwc(inputs.Logits, Shape) : inputs.Logits;
            half = Array.ConvertAll(single, v => (Half)v);
            gradient = new float[Shape.Logits];
            engine = new CpuOhemEngine(new OhemSpec(0.7, 100_000, 255, 19, Logits, layout: Layout), 1);
        }

        [GlobalCleanup]
        public void Cleanup() => engine.Dispose();

        [Benchmark]
        public float Forward() => Logits == OhemLogits.Float16
            ? engine.Forward<Half, long>(half, labels, Shape).Loss
            : engine.Forward<float, long>(single, labels, Shape).Loss;

        [Benchmark]
        public float ForwardBackward()
        {
            float loss = Forward();
            if (Logits == OhemLogits.Float16)
            {
                engine.Backward<Half, long>(half, labels, Shape, gradient);
            }
            else
            {
                engine.Backward<float, long>(single, labels, Shape, gradient);
            }

            return loss;
        }

        /// <summary>NCHW → NHWC: element (n, c, h, w) moves from ((n·C + c)·H + h)·W + w to ((n·H + h)·W + w)·C + c.</summary>
        internal static float[] ToNhwc(float[] nchw, OhemShape shape)
        {
            var result = new float[nchw.Length];
            long plane = shape.Plane;
            int c = shape.C;
            for (long n = 0; n < shape.N; ++n)
            {
                for (int k = 0; k < c; ++k)
                {
                    for (long q = 0; q < plane; ++q)
                    {
                        result[(((n * plane) + q) * c) + k] = nchw[(((n * c) + k) * plane) + q];
                    }
                }
            }

            return result;
        }
    }
}
