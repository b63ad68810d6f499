using System;
using System.Linq;
using Ohem.Cuda;
using Xunit;
using Xunit.Abstractions;

namespace Ohem.Runtime.Tests.Cuda
{
    /// <summary>
    /// Which NHWC texts read a row in words: baked C ≤ 20 (the row in registers), float32 or float16, with C·sizeof(logit)
    /// a multiple of 16 (float32 only), 8, or (float16) 4 bytes; every other text reads element by element and is what it was before.
    /// </summary>
    public sealed class NhwcRowWordTests
    {
        private static readonly OhemKernelCache Cache = new(directory: null);
        private readonly ITestOutputHelper output;

        public NhwcRowWordTests(ITestOutputHelper output) => this.output = output;

        /// <summary>
        /// The words and the row stay in registers: no kernel of a word text has a bigger stack frame or more spill than
        /// the NCHW text of the same spec (whose row is in registers too); the registers are reported.
        /// </summary>
        [SkippableTheory]
        [InlineData(20, OhemLogits.Float32)]
        [InlineData(6, OhemLogits.Float32)]
        [InlineData(20, OhemLogits.Float16)]
        [InlineData(18, OhemLogits.Float16)]
        [InlineData(8, OhemLogits.Float16)]
        public void WordRowsStayInRegisters(int classes, OhemLogits logits)
        {
            CudaTestEnvironment.RequireNvrtc();
            var words = new OhemSpec(numClasses: classes, logits: logits, layout: OhemLayout.NHWC);
            var planes = new OhemSpec(numClasses: classes, logits: logits);
            foreach (string arch in new[] { "sm_70", "sm_80", "sm_90" })
            {
                var w = OhemCompiler.Compile(words, arch, OhemCompileTarget.Cubin, cache: Cache).Kernels.ToDictionary(k => k.Name.Replace(words.NameSuffix, string.Empty, StringComparison.Ordinal));
                var p = OhemCompiler.Compile(planes, arch, OhemCompileTarget.Cubin, cache: Cache).Kernels.ToDictionary(k => k.Name.Replace(planes.NameSuffix, string.Empty, StringComparison.Ordinal));
                Assert.Equal(p.Keys.OrderBy(k => k, StringComparer.Ordinal), w.Keys.OrderBy(k => k, StringComparer.Ordinal));
                foreach ((string name, OhemKernelInfo k) in w)
                {
                    output.WriteLine($"{arch} C={classes} {logits} {name}: {k.Registers} registers (NCHW {p[name].Registers}), stack {k.StackFrameBytes}, spills {k.SpillStoreBytes}/{k.SpillLoadBytes}");
                    Assert.Equal(0, k.SpillStoreBytes + k.SpillLoadBytes);
                    Assert.True(k.StackFrameBytes <= p[name].StackFrameBytes, $"{arch} {name}: stack frame {k.StackFrameBytes} bytes, NCHW {p[name].StackFrameBytes}");
                }
            }
        }

        [Theory]
        [InlineData(20, OhemLogits.Float32, OhemLayout.NHWC, 16)]
        [InlineData(32, OhemLogits.Float32, OhemLayout.NHWC, 0)]
        [InlineData(24, OhemLogits.Float32, OhemLayout.NHWC, 0)]
        [InlineData(6, OhemLogits.Float32, OhemLayout.NHWC, 8)]
        [InlineData(2, OhemLogits.Float32, OhemLayout.NHWC, 8)]
        [InlineData(19, OhemLogits.Float32, OhemLayout.NHWC, 0)]
        [InlineData(3, OhemLogits.Float32, OhemLayout.NHWC, 0)]
        [InlineData(8, OhemLogits.Float16, OhemLayout.NHWC, 8)]
        [InlineData(20, OhemLogits.Float16, OhemLayout.NHWC, 8)]
        [InlineData(18, OhemLogits.Float16, OhemLayout.NHWC, 4)]
        [InlineData(19, OhemLogits.Float16, OhemLayout.NHWC, 0)]
        [InlineData(16, OhemLogits.BFloat16, OhemLayout.NHWC, 0)]
        [InlineData(2, OhemLogits.BFloat16, OhemLayout.NHWC, 0)]
        [InlineData(150, OhemLogits.BFloat16, OhemLayout.NHWC, 0)]
        [InlineData(36, OhemLogits.Float32, OhemLayout.NHWC, 0)]
        [InlineData(0, OhemLogits.Float32, OhemLayout.NHWC, 0)]
        [InlineData(20, OhemLogits.Float32, OhemLayout.NCHW, 0)]
        public void TheWordFollowsTheRowSize(int classes, OhemLogits logits, OhemLayout layout, int bytes)
        {
            var spec = new OhemSpec(numClasses: classes, logits: logits, layout: layout);
            Assert.Equal(bytes, OhemCudaEmitter.NhwcRowWordBytes(spec));
            string text = OhemCudaEmitter.Emit(spec);
            Assert.Equal(bytes > 0, text.Contains("ohem_unpack(", StringComparison.Ordinal));
        }

        [Fact]
        public void A20ClassFloat32RowIsFiveUint4Words()
        {
            string text = OhemCudaEmitter.Emit(new OhemSpec(numClasses: 20, layout: OhemLayout.NHWC));
            Assert.Contains("// Read as 5 16-byte words: the host requires logits to be 16-byte aligned.", text, StringComparison.Ordinal);
            Assert.Contains(
                "#define OHEM_ROW_LOAD(x, plane) { const uint4* w_ = (const uint4*)(x); _Pragma(\"unroll\") for (int q_ = 0; q_ < 5; ++q_) { const uint4 v_ = w_[q_]; ohem_unpack(v_.x, row + (q_ * 4 + 0) * 1); ohem_unpack(v_.y, row + (q_ * 4 + 1) * 1); ohem_unpack(v_.z, row + (q_ * 4 + 2) * 1); ohem_unpack(v_.w, row + (q_ * 4 + 3) * 1); } }",
                text,
                StringComparison.Ordinal);
        }

        [Fact]
        public void An18ClassHalfRowIsNineU32WordsOfTwoHalves()
        {
            string text = OhemCudaEmitter.Emit(new OhemSpec(numClasses: 18, logits: OhemLogits.Float16, layout: OhemLayout.NHWC));
            Assert.Contains("for (int q_ = 0; q_ < 9; ++q_) { const u32 v_ = w_[q_]; ohem_unpack(v_, row + (q_ * 1 + 0) * 2); } }", text, StringComparison.Ordinal);
            Assert.Contains("const logit_t v[2] = { (logit_t)(w & 0xffffu), (logit_t)(w >> 16) }; out[0] = ohem_load(v); out[1] = ohem_load(v + 1);", text, StringComparison.Ordinal);
        }
    }
}
