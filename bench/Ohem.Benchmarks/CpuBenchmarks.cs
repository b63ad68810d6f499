using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Ohem.Cpu;

namespace Ohem.Benchmarks
{
    /// <summary>The CPU engine on an 8×19×512×1024 float32 batch (int64 labels), 2 threads, both rules.</summary>
    [MemoryDiagnoser]
    [SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 3, iterationCount: 10)]
    public class CpuBenchmarks
    {
        private BenchInputs inputs = null!;
        private float[] gradient = null!;
        private CpuOhemEngine engine = null!;

        /// <summary>100 000 (the default: more pixels are hard, the above-threshold rule) or 3 000 000 (more than the ~2.15 M hard pixels: the top-NMin rule with radix selection).</summary>
        [Params(100_000L, 3_000_000L)]
        public long NMin { get; set; }

        [GlobalSetup]
        public void Setup()
        {
            inputs = new BenchInputs(8, 19, 512, 1024);
            gradient = new float[inputs.Shape.Logits];
            engine = new CpuOhemEngine(new OhemSpec(0.7, NMin, 255, 19), 2);
        }

        [GlobalCleanup]
        public void Cleanup() => engine.Dispose();

        [Benchmark]
        public float Forward() => engine.Forward<float, long>(inputs.Logits, inputs.Labels, inputs.Shape).Loss;

        [Benchmark]
        public float ForwardBackward()
        {
            float loss = engine.Forward<float, long>(inputs.Logits, inputs.Labels, inputs.Shape).Loss;
            engine.Backward<float, long>(inputs.Logits, inputs.Labels, inputs.Shape, gradient);
            return loss;
        }
    }
}
