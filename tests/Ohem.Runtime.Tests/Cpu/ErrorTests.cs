using System;
using Ohem.Cpu;
using Xunit;

namespace Ohem.Runtime.Tests.Cpu
{
    /// <summary>Every argument error names the argument, the value and what was expected, and nothing is read out of range.</summary>
    public sealed class ErrorTests
    {
        private static readonly OhemShape Shape = new(2, 3, 2, 5);

        private static CpuOhemEngine Engine(long nMin = 4, int classes = 3, OhemLabels labels = OhemLabels.Int64, OhemLogits logits = OhemLogits.Float32) =>
            new(new OhemSpec(0.7, nMin, 255, classes, logits, labels));

        [Fact]
        public void LogitsOfTheWrongLength()
        {
            using var e = Engine();
            var ex = Assert.Throws<ArgumentException>(() => e.Forward<float, long>(new float[59], new long[20], Shape));
            Assert.Equal("logits", ex.ParamName);
            Assert.Contains("logits has 59 elements, but shape 2×3×2×5 needs N·C·H·W = 60.", ex.Message);
        }

        [Fact]
        public void LabelsOfTheWrongLength()
        {
            using var e = Engine();
            var ex = Assert.Throws<ArgumentException>(() => e.Forward<float, long>(new float[60], new long[21], Shape));
            Assert.Equal("labels", ex.ParamName);
            Assert.Contains("labels has 21 elements, but shape 2×3×2×5 needs N·H·W = 20.", ex.Message);
        }

        [Theory]
        [InlineData(0, 3, 2, 5, "must have every dimension positive")]
        [InlineData(2, 1, 2, 5, "has C = 1, but cross-entropy needs at least 2 classes")]
        [InlineData(2, 3, -2, 5, "must have every dimension positive")]
        [InlineData(int.MaxValue, int.MaxValue, int.MaxValue, 4, "has more than 2^63 logits")]
        public void InvalidShapes(int n, int c, int h, int w, string expected)
        {
            using var e = Engine(classes: 0);
            var ex = Assert.Throws<ArgumentException>(() => e.Forward<float, long>(new float[60], new long[20], new OhemShape(n, c, h, w)));
            Assert.Equal("shape", ex.ParamName);
            Assert.Contains(expected, ex.Message);
        }

        [Fact]
        public void ClassCountDifferentFromTheBakedOne()
        {
            using var e = Engine(classes: 19);
            var ex = Assert.Throws<ArgumentException>(() => e.Forward<float, long>(new float[60], new long[20], Shape));
            Assert.Equal("shape", ex.ParamName);
            Assert.Contains("Shape 2×3×2×5 has C = 3, but this loss was built for NumClasses = 19.", ex.Message);
        }

        [Fact]
        public void ElementTypesDifferentFromTheSpec()
        {
            using var e = Engine();
            var ex = Assert.Throws<ArgumentException>(() => e.Forward<Half, long>(new Half[60], new long[20], Shape));
            Assert.Equal("logits", ex.ParamName);
            Assert.Contains("The logits are Half, but the spec expects Single (Logits = Float32).", ex.Message);
            ex = Assert.Throws<ArgumentException>(() => e.Forward<float, int>(new float[60], new int[20], Shape));
            Assert.Equal("labels", ex.ParamName);
            Assert.Contains("The labels are Int32, but the spec expects Int64 (Labels = Int64).", ex.Message);
            using var bf = Engine(logits: OhemLogits.BFloat16, labels: OhemLabels.UInt8);
            ex = Assert.Throws<ArgumentException>(() => bf.Forward<float, byte>(new float[60], new byte[20], Shape));
            Assert.Contains("The logits are Single, but the spec expects BFloat16 (Logits = BFloat16).", ex.Message);
            ex = Assert.Throws<ArgumentException>(() => bf.Forward<BFloat16, sbyte>(new BFloat16[60], new sbyte[20], Shape));
            Assert.Contains("The labels are SByte, but the spec expects Byte (Labels = UInt8).", ex.Message);
        }

        [Theory]
        [InlineData(13, 3L)]
        [InlineData(0, -1L)]
        [InlineData(19, 254L)]
        [InlineData(7, long.MaxValue)]
        [InlineData(8, long.MinValue)]
        public void LabelOutsideTheClassesReportsTheFirstBadIndexAndItsValue(int index, long value)
        {
            var shape = new OhemShape(1, 3, 4, 5);
            var labels = new long[20];
            labels[index] = value;
            if (index < 19)
            {
                labels[19] = 77; // a later bad label must not be the one reported
            }

            labels[(index + 1) % 20] = 255; // ignored labels are fine
            using var e = Engine();
            var ex = Assert.Throws<ArgumentException>(() => e.Forward<float, long>(new float[60], labels, shape));
            Assert.Equal("labels", ex.ParamName);
            Assert.Contains($"labels[{index}] = {value} is neither the ignore label 255 nor a class in [0, 3).", ex.Message);
        }

        [Fact]
        public void BadLabelInAVectorGroupOfALargeBatchIsTheFirstOne()
        {
            // Bad labels far apart in different chunks and threads: the lowest flat index is reported, for every label type.
            var shape = new OhemShape(2, 3, 300, 301);
            var x = new float[shape.Logits];
            var y = new int[shape.Pixels];
            y[150_001] = 3;
            y[99_999] = -5;
            y[170_000] = 9;
            using var e = new CpuOhemEngine(new OhemSpec(0.7, 4, 255, 3, labels: OhemLabels.Int32), 2);
            var ex = Assert.Throws<ArgumentException>(() => e.Forward<float, int>(x, y, shape));
            Assert.Contains("labels[99999] = -5 is neither", ex.Message);
            var bytes = new byte[shape.Pixels];
            bytes[123_457] = 3;
            using var b = new CpuOhemEngine(new OhemSpec(0.7, 4, 255, 3, labels: OhemLabels.UInt8), 2);
            ex = Assert.Throws<ArgumentException>(() => b.Forward<float, byte>(x, bytes, shape));
            Assert.Contains("labels[123457] = 3 is neither", ex.Message);
            // A failed forward leaves nothing for a backward.
            Assert.Throws<InvalidOperationException>(() => b.Backward<float, byte>(x, bytes, shape, new float[shape.Logits]));
        }

        [Fact]
        public void NMinNotBelowThePixelCount()
        {
            using var e = Engine(nMin: 20);
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => e.Forward<float, long>(new float[60], new long[20], Shape));
            Assert.Equal("nMin", ex.ParamName);
            Assert.Equal(20L, ex.ActualValue);
            Assert.Contains("NMin = 20 must be less than the pixel count N·H·W = 20", ex.Message);
            Assert.Contains("IndexError", ex.Message);

            // Only BiSeNetV1 indexes loss[n_min]; the other modes run with NMin = 20 on 20 pixels.
            foreach (OhemMode mode in new[]
            {
                OhemMode.BiSeNetV2, OhemMode.HRNet, OhemMode.TopKPercent, OhemMode.MMSegSampler, OhemMode.PaddleSeg,
                OhemMode.MMSegByLoss, OhemMode.DeepLabTF, OhemMode.ModelGarden, OhemMode.TorchSeg, OhemMode.PytorchLossOhem,
            })
            {
                using var other = new CpuOhemEngine(new OhemSpec(0.7, 20, 255, 3, mode: mode), 2);
                Assert.Equal(20, other.Forward<float, long>(new float[60], new long[20], Shape).Pixels);
            }
        }

        [Fact]
        public void GradientOfTheWrongLength()
        {
            using var e = Engine();
            e.Forward<float, long>(new float[60], new long[20], Shape);
            var ex = Assert.Throws<ArgumentException>(() => e.Backward<float, long>(new float[60], new long[20], Shape, new float[61]));
            Assert.Equal("gradient", ex.ParamName);
            Assert.Contains("gradient has 61 elements, but shape 2×3×2×5 needs N·C·H·W = 60.", ex.Message);
        }

        [Fact]
        public void BackwardWithoutForwardOrWithAnotherShape()
        {
            using var e = Engine();
            var ex = Assert.Throws<InvalidOperationException>(() => e.Backward<float, long>(new float[60], new long[20], Shape, new float[60]));
            Assert.Contains("Backward needs a successful Forward", ex.Message);
            e.Forward<float, long>(new float[60], new long[20], Shape);
            var other = new OhemShape(1, 3, 4, 5);
            ex = Assert.Throws<InvalidOperationException>(() => e.Backward<float, long>(new float[60], new long[20], other, new float[60]));
            Assert.Contains("Backward was given shape 1×3×4×5, but the last Forward ran on shape 2×3×2×5", ex.Message);
        }

        [Fact]
        public void DisposedEngineRefuses()
        {
            var e = Engine();
            e.Dispose();
            Assert.Throws<ObjectDisposedException>(() => e.Forward<float, long>(new float[60], new long[20], Shape));
        }

        [Fact]
        public void ThreadCountMustBePositiveOrMinusOne()
        {
            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new CpuOhemEngine(new OhemSpec(), 0));
            Assert.Equal("maxDegreeOfParallelism", ex.ParamName);
            Assert.Contains("Expected -1 (all processors) or a positive thread count.", ex.Message);
        }
    }
}
