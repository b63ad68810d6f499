using System;
using Ohem.Cuda;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    /// <summary>The CUDA engine's host-side checks (run before any launch, so they are testable without a GPU).</summary>
    public sealed class CudaValidationTests
    {
        private static readonly OhemSpec Spec19 = new(nMin: 100, numClasses: 19);
        private static readonly OhemShape Shape = new(2, 19, 8, 16);

        [Fact]
        public void NMinNotBelowThePixelCountNamesNMinTheValueAndTheCount()
        {
            var spec = new OhemSpec(nMin: 256, numClasses: 19);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => Inputs(spec, Shape));
            Assert.Equal("nMin", e.ParamName);
            Assert.Equal(256L, e.ActualValue);
            Assert.Contains("NMin = 256", e.Message);
            Assert.Contains("N·H·W = 256", e.Message);
            Inputs(new OhemSpec(nMin: 255, numClasses: 19), Shape);
        }

        [Theory]
        [InlineData(OhemMode.BiSeNetV2)]
        [InlineData(OhemMode.HRNet)]
        [InlineData(OhemMode.TopKPercent)]
        [InlineData(OhemMode.MMSegSampler)]
        [InlineData(OhemMode.PaddleSeg)]
        [InlineData(OhemMode.MMSegByLoss)]
        [InlineData(OhemMode.DeepLabTF)]
        [InlineData(OhemMode.ModelGarden)]
        [InlineData(OhemMode.TorchSeg)]
        [InlineData(OhemMode.PytorchLossOhem)]
        public void NMinAtOrAboveThePixelCountIsAnErrorOnlyForBiSeNetV1(OhemMode mode)
        {
            // BiSeNetV2 and TopKPercent never read NMin; HRNet and MMSegSampler clamp it to the valid count minus one;
            // PaddleSeg stops mining.
            Inputs(new OhemSpec(nMin: 100_000, numClasses: 19, mode: mode), Shape);
        }

        [Fact]
        public void PytorchLossNMinPolicyThrow_RefusesNMinAtThePixelCount_BeforeAnyLaunch()
        {
            // 2×8×16 = 256 pixels: pytorch-loss does not mine at n_min ≥ 256, which NMinPolicy = Throw refuses on the host.
            var spec = new OhemSpec(nMin: 256, numClasses: 19, mode: OhemMode.PytorchLossOhem, nMinPolicy: OhemNMinPolicy.Throw);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => Inputs(spec, Shape));
            Assert.Equal("nMin", e.ParamName);
            Assert.Equal(256L, e.ActualValue);
            Assert.StartsWith("NMin = 256 is not less than the 256 pixels (N·H·W) of this batch, the candidates of Mode pytorch-loss", e.Message);
            Inputs(new OhemSpec(nMin: 255, numClasses: 19, mode: OhemMode.PytorchLossOhem, nMinPolicy: OhemNMinPolicy.Throw), Shape);
            Inputs(new OhemSpec(nMin: 256, numClasses: 19, mode: OhemMode.PytorchLossOhem, nMinPolicy: OhemNMinPolicy.Clamp), Shape);
        }

        [Fact]
        public void ABakedClassCountOtherThanTheShapesIsRejected()
        {
            var e = Assert.Throws<ArgumentException>(() => Inputs(Spec19, Shape with { C = 20 }));
            Assert.Equal("shape", e.ParamName);
            Assert.Contains("C = 20", e.Message);
            Assert.Contains("NumClasses = 19", e.Message);
        }

        [Fact]
        public void LengthsAreCheckedAgainstTheShape()
        {
            var logits = Assert.Throws<ArgumentException>(() => CudaInputValidation.Inputs(Spec19, Shape, OhemElementType.Float32, Shape.Logits - 1, OhemElementType.Int64, Shape.Pixels));
            var labels = Assert.Throws<ArgumentException>(() => CudaInputValidation.Inputs(Spec19, Shape, OhemElementType.Float32, Shape.Logits, OhemElementType.Int64, Shape.Pixels + 1));
            Assert.Equal("logits", logits.ParamName);
            Assert.Contains("4863 elements", logits.Message);
            Assert.Contains("4864", logits.Message);
            Assert.Equal("labels", labels.ParamName);
            Assert.Contains("257 elements", labels.Message);
        }

        [Fact]
        public void ElementTypesMustMatchTheSpec()
        {
            var logits = Assert.Throws<ArgumentException>(() => CudaInputValidation.Inputs(Spec19, Shape, OhemElementType.Float16, Shape.Logits, OhemElementType.Int64, Shape.Pixels));
            var labels = Assert.Throws<ArgumentException>(() => CudaInputValidation.Inputs(Spec19, Shape, OhemElementType.Float32, Shape.Logits, OhemElementType.Int32, Shape.Pixels));
            Assert.Equal("logits", logits.ParamName);
            Assert.Contains("Float16", logits.Message);
            Assert.Equal("labels", labels.ParamName);
            Assert.Contains("Int32", labels.Message);
            var host = Assert.Throws<ArgumentException>(() => CudaInputValidation.HostTypes<double, long>(Spec19));
            Assert.Equal("logits", host.ParamName);
            Assert.Contains("Double", host.Message);
        }

        [Fact]
        public void ABadLabelNamesTheIndexTheValueTheRangeAndTheIgnoreLabel()
        {
            var e = CudaInputValidation.BadLabel(Spec19, Shape, 4321, -3);
            Assert.Equal("labels", e.ParamName);
            Assert.Contains("labels[4321] = -3", e.Message);
            Assert.Contains("[0, 19)", e.Message);
            Assert.Contains("255", e.Message);
        }

        [Fact]
        public void DeviceViewsRejectNullPointersAndEmptyLengths()
        {
            Assert.Equal("pointer", Assert.Throws<ArgumentException>(() => new OhemDeviceView(IntPtr.Zero, 4, OhemElementType.Float32)).ParamName);
            Assert.Equal("length", Assert.Throws<ArgumentOutOfRangeException>(() => new OhemDeviceView((IntPtr)256, 0, OhemElementType.Float32)).ParamName);
            Assert.Equal("elementType", Assert.Throws<ArgumentOutOfRangeException>(() => new OhemDeviceView((IntPtr)256, 1, (OhemElementType)9)).ParamName);
            Assert.Equal(24L, new OhemDeviceView((IntPtr)256, 3, OhemElementType.Int64).Bytes);
        }

        [Theory]
        [InlineData(OhemElementType.Float32, 4)]
        [InlineData(OhemElementType.Float16, 2)]
        [InlineData(OhemElementType.BFloat16, 2)]
        [InlineData(OhemElementType.Int64, 8)]
        [InlineData(OhemElementType.Int32, 4)]
        [InlineData(OhemElementType.UInt8, 1)]
        public void ElementSizes(OhemElementType type, int size) => Assert.Equal(size, OhemElementTypes.SizeOf(type));

        [SkippableFact]
        public void WithoutCudaAutoRunsOnTheCpuAndSaysWhy()
        {
            var probe = CudaAvailability.Probe();
            Skip.If(probe.IsAvailable, "CUDA is available here: " + probe.Reason);
            Assert.False(string.IsNullOrEmpty(probe.Reason));
            using var engine = OhemLossEngine.Create(new OhemSpec(numClasses: 19));
            Assert.Equal(OhemBackend.Cpu, engine.Backend);
            Assert.Equal("CPU: CUDA is not available. " + probe.Reason, engine.BackendReason);
            var e = Assert.Throws<PlatformNotSupportedException>(() => OhemLossEngine.Create(new OhemSpec(numClasses: 19), backend: OhemBackend.Cuda));
            Assert.Contains(probe.Reason, e.Message);
            Assert.Contains("OhemBackend.Cuda", e.Message);
        }

        private static void Inputs(OhemSpec spec, OhemShape shape) =>
            CudaInputValidation.Inputs(spec, shape, OhemElementType.Float32, shape.Logits, OhemElementType.Int64, shape.Pixels);
    }
}
