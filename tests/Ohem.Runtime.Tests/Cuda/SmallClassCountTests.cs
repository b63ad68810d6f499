using System;
using System.Collections.Generic;
using System.Linq;
using Ohem.Cuda;
using Xunit;
using Xunit.Abstractions;

namespace Ohem.Runtime.Tests.Cuda
{
    /// <summary>
    /// Baked class counts 2..8 (the row and the unrolled class loops in registers): every text compiles for sm_70/80/90
    /// without spills or a stack frame. NCHW with C = 3 or 4 spilled 4-8 bytes in the sm_70 backward until its zero-row
    /// loop was rolled (see OhemCudaEmitter.SmallRows.cs); the other texts are what they were.
    /// </summary>
    public sealed class SmallClassCountTests
    {
        private static readonly OhemKernelCache Cache = new(directory: null);
        private readonly ITestOutputHelper output;

        public SmallClassCountTests(ITestOutputHelper output) => this.output = output;

        public static IEnumerable<object[]> SmallSpecs() =>
            from classes in Enumerable.Range(2, 7)
            from logits in new[] { OhemLogits.Float32, OhemLogits.Float16, OhemLogits.BFloat16 }
            from layout in new[] { OhemLayout.NCHW, OhemLayout.NHWC }
            from weighted in new[] { false, true }
            select new object[] { classes, logits, layout, weighted };

        /// <summary>Weights 0.5, 1, 2, 1.5, ... (C of them): a weighted text differs from the unweighted one in the backward scale.</summary>
        private static double[] Weights(int classes) => Enumerable.Range(0, classes).Select(i => new[] { 0.5, 1.0, 2.0, 1.5 }[i % 4]).ToArray();

        private static OhemSpec Spec(int classes, OhemLogits logits, OhemLayout layout, bool weighted) =>
            new(numClasses: classes, logits: logits, layout: layout, classWeights: weighted ? Weights(classes) : null);

        [SkippableTheory]
        [MemberData(nameof(SmallSpecs))]
        public void SmallClassCountCompilesWithoutSpills(int classes, OhemLogits logits, OhemLayout layout, bool weighted)
        {
            CudaTestEnvironment.RequireNvrtc();
            var spec = Spec(classes, logits, layout, weighted);
            foreach (string arch in CompileSpecs.Architectures)
            {
                var module = OhemCompiler.Compile(spec, arch, OhemCompileTarget.Cubin, cache: Cache);
                Assert.True(module.Warnings.Count == 0, arch + ": warnings in the NVRTC log:\n" + module.Log);
                Assert.Equal(spec.KernelNames.All.Length, module.Kernels.Count);
                foreach (var k in module.Kernels)
                {
                    output.WriteLine($"{arch} {spec.Key} {k.Name}: {k.Registers} registers, spills {k.SpillStoreBytes}/{k.SpillLoadBytes}, stack {k.StackFrameBytes}");
                    Assert.True(k.SpillStoreBytes == 0 && k.SpillLoadBytes == 0, $"{arch} {spec.Key}: {k} spills.\n{module.Log}");
                    Assert.True(k.StackFrameBytes == 0, $"{arch} {spec.Key}: {k} uses a stack frame.\n{module.Log}");
                }
            }
        }

        /// <summary>Only NCHW texts with a baked C of 3 or 4 roll the zero-row loop; every other text keeps its unrolled loop.</summary>
        [Theory]
        [InlineData(2, OhemLayout.NCHW, false)]
        [InlineData(3, OhemLayout.NCHW, true)]
        [InlineData(4, OhemLayout.NCHW, true)]
        [InlineData(5, OhemLayout.NCHW, false)]
        [InlineData(19, OhemLayout.NCHW, false)]
        [InlineData(0, OhemLayout.NCHW, false)]
        [InlineData(3, OhemLayout.NHWC, false)]
        [InlineData(4, OhemLayout.NHWC, false)]
        public void TheNchwZeroRowLoopIsRolledForThreeAndFourClasses(int classes, OhemLayout layout, bool rolled)
        {
            foreach (var logits in new[] { OhemLogits.Float32, OhemLogits.Float16, OhemLogits.BFloat16 })
            {
                var spec = new OhemSpec(numClasses: classes, logits: logits, layout: layout);
                Assert.Equal(rolled, OhemCudaEmitter.RollsSmallZeroRow(spec));
                string text = OhemCudaEmitter.Emit(spec);
                string zeroLoop = layout == OhemLayout.NCHW
                    ? "for (int c = 0; c < OHEM_CLASSES; ++c) g[(i64)c * plane] = Native ? ohem_store_native(0.0f) : (G)0.0f;"
                    : "for (int c = 0; c < OHEM_CLASSES; ++c) g[c] = Native ? ohem_store_native(0.0f) : (G)0.0f;";
                Assert.Equal(1, Occurrences(text, zeroLoop));
                Assert.Equal(rolled, text.Contains("#pragma unroll 1\n                " + zeroLoop, StringComparison.Ordinal));
            }
        }

        private static int Occurrences(string text, string part)
        {
            int count = 0;
            for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }
    }
}
