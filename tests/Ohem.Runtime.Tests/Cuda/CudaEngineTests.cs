using System;
using Ohem.Cpu;
using Ohem.Cuda;
using Ohem.Runtime.Tests.Support;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    /// <summary>The CUDA engine against the CPU engine. Needs a GPU: skipped with the reason without one, failed when OHEM_REQUIRE_GPU=1.</summary>
    public sealed class CudaEngineTests
    {
        [SkippableTheory]
        [MemberData(nameof(GpuCases.All), MemberType = typeof(GpuCases))]
        public void ForwardAndBackwardEqualTheCpuEngine(string specName, string input)
        {
            CudaTestEnvironment.RequireGpu();
            var probe = GpuCases.Spec(specName, 1);
            var (x, y, shape, nMin) = GpuCases.Make(input, probe, seed: specName.Length * 31 + input.Length);
            var spec = GpuCases.Spec(specName, nMin);
            using var cpu = new CpuOhemEngine(spec);
            using var gpu = new CudaOhemEngine(spec);

            var (expected, expectedGrad) = Run(cpu, spec, x, y, shape, 0.5f);
            var (actual, actualGrad) = Run(gpu, spec, x, y, shape, 0.5f);

            Assert.Null(EngineComparison.Difference(expected, expectedGrad, actual, actualGrad));
        }

        [SkippableFact]
        public void TenRunsAreBitwiseIdentical()
        {
            CudaTestEnvironment.RequireGpu();
            var spec = GpuCases.Spec("classes19", 1);
            var (x, y, shape, nMin) = GpuCases.Make("sharpened", spec, 7);
            spec = GpuCases.Spec("classes19", nMin);
            using var gpu = new CudaOhemEngine(spec);
            var (first, firstGrad) = Run(gpu, spec, x, y, shape, 1f);
            for (int run = 1; run < 10; run++)
            {
                var (again, grad) = Run(gpu, spec, x, y, shape, 1f);
                Assert.Equal(first, again);
                Assert.Equal(firstGrad, grad);
            }
        }

        [SkippableFact]
        public void AThousandCallsDoNotGrowDeviceMemory()
        {
            CudaTestEnvironment.RequireGpu();
            var spec = GpuCases.Spec("classes19", 1);
            var (x, y, shape, nMin) = GpuCases.Make("random", spec, 3);
            spec = GpuCases.Spec("classes19", nMin);
            using var gpu = new CudaOhemEngine(spec);
            var grad = new float[shape.Logits];
            gpu.Forward<float, long>(x, y, shape);
            gpu.Backward<float, long>(x, y, shape, grad);
            long before = CudaDevices.MemoryInfo().Free;
            for (int i = 0; i < 1000; i++)
            {
                gpu.Forward<float, long>(x, y, shape);
                gpu.Backward<float, long>(x, y, shape, grad);
            }

            Assert.Equal(before, CudaDevices.MemoryInfo().Free);
        }

        [SkippableFact]
        public void DeviceViewsGiveTheHostResultAndA16BitGradient()
        {
            var device = CudaTestEnvironment.RequireGpu();
            var spec = GpuCases.Spec("f16-u8", 1);
            var (x, y, shape, nMin) = GpuCases.Make("random", spec, 11);
            spec = GpuCases.Spec("f16-u8", nMin);
            Half[] logits = Support.Inputs.ToHalf(x);
            byte[] labels = Support.Inputs.ToByte(y);
            using var gpu = new CudaOhemEngine(spec, device: device.Ordinal);
            var hostResult = gpu.Forward<Half, byte>(logits, labels, shape);
            var hostGrad = new float[shape.Logits];
            gpu.Backward<Half, byte>(logits, labels, shape, hostGrad);

            using var context = new CudaPrimaryContext(device.Ordinal);
            using var dx = new DeviceBuffer(context, shape.Logits * 2);
            using var dy = new DeviceBuffer(context, shape.Pixels);
            using var dg = new DeviceBuffer(context, shape.Logits * 2);
            dx.CopyFrom<Half>(logits);
            dy.CopyFrom<byte>(labels);
            var xv = dx.View(shape.Logits, OhemElementType.Float16);
            var yv = dy.View(shape.Pixels, OhemElementType.UInt8);
            var viewResult = gpu.Forward(xv, yv, shape);
            gpu.Backward(xv, yv, shape, dg.View(shape.Logits, OhemElementType.Float16));
            var nativeGrad = new Half[shape.Logits];
            dg.CopyTo<Half>(nativeGrad);

            Assert.Equal(hostResult, viewResult);
            Assert.Equal(Array.ConvertAll(hostGrad, g => (Half)g), nativeGrad);
        }

        [SkippableFact]
        public void AnInvalidLabelIsReportedAsTheCpuEngineReportsIt()
        {
            CudaTestEnvironment.RequireGpu();
            var spec = GpuCases.Spec("classes19", 100);
            var (x, y, shape, _) = GpuCases.Make("random", spec, 5);
            y[4321] = 19;
            y[5000] = -3;
            using var cpu = new CpuOhemEngine(spec);
            using var gpu = new CudaOhemEngine(spec);

            var expected = Assert.Throws<ArgumentException>(() => cpu.Forward<float, long>(x, y, shape));
            var actual = Assert.Throws<ArgumentException>(() => gpu.Forward<float, long>(x, y, shape));

            Assert.Equal("labels", actual.ParamName);
            Assert.Equal(expected.Message, actual.Message);
            Assert.Contains("labels[4321] = 19", actual.Message);
            Assert.Throws<InvalidOperationException>(() => gpu.Backward<float, long>(x, y, shape, new float[shape.Logits]));
        }

        [SkippableFact]
        public void NMinNotBelowThePixelCountIsRejectedBeforeAnyLaunch()
        {
            CudaTestEnvironment.RequireGpu();
            var shape = new OhemShape(1, 19, 8, 8);
            using var gpu = new CudaOhemEngine(GpuCases.Spec("classes19", 64));
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => gpu.Forward<float, long>(new float[shape.Logits], new long[shape.Pixels], shape));
            Assert.Equal("nMin", e.ParamName);
            Assert.Contains("NMin = 64", e.Message);
            Assert.Contains("= 64", e.Message);
        }

        [SkippableFact]
        public void AutoPicksCudaWhenADeviceIsPresent()
        {
            CudaTestEnvironment.RequireGpu();
            using var engine = OhemLossEngine.Create(new OhemSpec(numClasses: 19));
            Assert.Equal(OhemBackend.Cuda, engine.Backend);
            Assert.StartsWith("CUDA on device 0", engine.BackendReason);
        }

        private static (OhemResult Result, float[] Gradient) Run(OhemLossEngine engine, OhemSpec spec, float[] x, long[] y, OhemShape shape, float upstream) =>
            EngineComparison.Run(engine, spec, x, y, shape, upstream);
    }
}
