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
    }
}
