using System;
using Ohem.Cpu;
using Ohem.Runtime.Tests.Support;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>Scratch lives in the engine: once warm, a forward and a backward allocate nothing.</summary>
    public sealed class AllocationTests
    {
        [Theory]
        [InlineData(1, 100L)]        // above-threshold rule
        [InlineData(2, 100L)]
        [InlineData(2, 60_000L)]     // top-NMin rule: the radix selection and tie ranks run too
        public void WarmCallsAllocateNothing(int degree, long nMin)
        {
            var shape = new OhemShape(2, 19, 200, 190);
            var rng = new Random(21);
            float[] x = Inputs.Logits(rng, shape);
            long[] y = Inputs.Labels(rng, shape, 255);
            Inputs.Sharpen(x, y, shape, 255, rng, nMin > 1000 ? 30f : 0f);
            var g = new float[shape.Logits];
            using var engine = new CpuOhemEngine(new OhemSpec(0.7, nMin, 255, 19), degree);
            OhemResult warm = engine.Forward<float, long>(x, y, shape);
            engine.Backward<float, long>(x, y, shape, g);

            long before = GC.GetAllocatedBytesForCurrentThread();
            OhemResult r = default;
            for (int i = 0; i < 3; ++i)
            {
                r = engine.Forward<float, long>(x, y, shape);
                engine.Backward<float, long>(x, y, shape, g);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
            Assert.Equal(warm, r);
            Assert.Equal(nMin > 1000 ? OhemRule.TopNMin : OhemRule.AboveThreshold, r.Rule);
        }

        [Theory]
        [InlineData(OhemMode.BiSeNetV1)]
        [InlineData(OhemMode.HRNet)]
        [InlineData(OhemMode.PaddleSeg)]
        public void ClassWeightsAllocateNothingEither(OhemMode mode)
        {
            // Top-NMin rules, so the weighted pass over the kept pixels (HRNet, PaddleSeg) runs too.
            var shape = new OhemShape(1, 19, 120, 130);
            var rng = new Random(23);
            float[] x = Inputs.Logits(rng, shape);
            long[] y = Inputs.Labels(rng, shape, 255);
            Inputs.Sharpen(x, y, shape, 255, rng, 30f);
            var weights = new double[19];
            Array.Fill(weights, 1.5);
            weights[0] = 0.5;
            var g = new float[shape.Logits];
            using var engine = new CpuOhemEngine(new OhemSpec(0.7, 5_000, 255, 19, mode: mode, classWeights: weights), 2);
            OhemResult warm = engine.Forward<float, long>(x, y, shape);
            engine.Backward<float, long>(x, y, shape, g);

            long before = GC.GetAllocatedBytesForCurrentThread();
            OhemResult r = default;
            for (int i = 0; i < 3; ++i)
            {
                r = engine.Forward<float, long>(x, y, shape);
                engine.Backward<float, long>(x, y, shape, g);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(warm, r);
            Assert.Equal(OhemRule.TopNMin, r.Rule);
        }

        [Fact]
        public void SixteenBitLogitsAndByteLabelsAllocateNothingEither()
        {
            var shape = new OhemShape(1, 19, 100, 130);
            var rng = new Random(22);
            Half[] x = Inputs.ToHalf(Inputs.Logits(rng, shape));
            byte[] y = Inputs.ToByte(Inputs.Labels(rng, shape, 255));
            var g = new float[shape.Logits];
            using var engine = new CpuOhemEngine(new OhemSpec(0.7, 5_000, 255, 19, OhemLogits.Float16, OhemLabels.UInt8), 2);
            engine.Forward<Half, byte>(x, y, shape);
            engine.Backward<Half, byte>(x, y, shape, g);
            long before = GC.GetAllocatedBytesForCurrentThread();
            engine.Forward<Half, byte>(x, y, shape);
            engine.Backward<Half, byte>(x, y, shape, g);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        [Fact]
        public void AnUndisposedEngineStopsItsThreadsWhenCollected()
        {
            System.Threading.Thread[] workers = Leak();
            Assert.Equal(2, workers.Length);
            for (int i = 0; i < 50 && Array.Exists(workers, t => t.IsAlive); ++i)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                System.Threading.Thread.Sleep(20);
            }

            Assert.All(workers, t => Assert.False(t.IsAlive, "a worker thread outlived its engine"));

            [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            static System.Threading.Thread[] Leak()
            {
                var shape = new OhemShape(1, 2, 300, 300);
                var engine = new CpuOhemEngine(new OhemSpec(0.7, 10, 255, 2), 3);
                engine.Forward<float, long>(new float[shape.Logits], new long[shape.Pixels], shape);
                return engine.Runner.WorkerThreads;
            }
        }
    }
}
