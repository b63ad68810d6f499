using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Ohem.Cuda;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    /// <summary>Every spec compiles with NVRTC, without a GPU, to cubin and PTX for sm_70/80/90: no warnings, no spills.</summary>
    public sealed class NvrtcCompileTests
    {
        // Memory only: these tests check compilation, the cache has its own tests.
        private static readonly OhemKernelCache Cache = new(directory: null);

        public static IEnumerable<object[]> BuiltInCases() =>
            from name in CompileSpecs.BuiltIn.Keys
            from arch in CompileSpecs.Architectures
            from target in new[] { OhemCompileTarget.Cubin, OhemCompileTarget.Ptx }
            select new object[] { name, arch, target };

        [SkippableTheory]
        [MemberData(nameof(BuiltInCases))]
        public void BuiltInSpecCompilesCleanly(string name, string arch, OhemCompileTarget target)
        {
            CudaTestEnvironment.RequireNvrtc();
            var spec = CompileSpecs.BuiltIn[name];
            AssertClean(spec, OhemCudaEmitter.Emit(spec), OhemCompiler.Compile(spec, arch, target, cache: Cache), arch, target);
        }

        [SkippableFact]
        public void EverySnapshotCompilesCleanly()
        {
            CudaTestEnvironment.RequireNvrtc();
            var files = CompileSpecs.SnapshotFiles();
            if (files.Count == 0 && CudaTestEnvironment.Required("OHEM_REQUIRE_SNAPSHOTS"))
            {
                Assert.Fail("OHEM_REQUIRE_SNAPSHOTS=1 but no *.verified.cu file exists under tests/.");
            }

            Skip.If(files.Count == 0, "No *.verified.cu snapshots under tests/ yet (the built-in specs are compiled by BuiltInSpecCompilesCleanly).");
            string root = CompileSpecs.RepositoryRoot();
            foreach (string file in files)
            {
                string source = File.ReadAllText(Path.Combine(root, file));
                var spec = CompileSpecs.ParseKey(source);
                foreach (string arch in CompileSpecs.Architectures)
                {
                    foreach (var target in new[] { OhemCompileTarget.Cubin, OhemCompileTarget.Ptx })
                    {
                        AssertClean(spec, source, OhemCompiler.Compile(spec, arch, target, source, Cache), arch + " " + file, target);
                    }
                }
            }
        }

        [SkippableFact]
        public void TheRefineCheckFindsTheLoadThatBrokeTheDevice()
        {
            // The decide kernel as it was when the H200 run failed: the other threads read refine and remaining back from
            // a __restrict__ state after the barrier. The check must see that load; the current text has none.
            CudaTestEnvironment.RequireNvrtc();
            var spec = new OhemSpec(0.7, 100_000, numClasses: 19);
            string current = OhemCudaEmitter.Emit(spec);
            string before = current
                .Replace("OhemState* state, i64 n_min)", "OhemState* __restrict__ state, i64 n_min)", StringComparison.Ordinal)
                .Replace("if (s_refine != 0u)", "if (state->refine != 0u)", StringComparison.Ordinal)
                .Replace("ohem_find_bin(hist1, 2048, s_remaining,", "ohem_find_bin(hist1, 2048, state->remaining,", StringComparison.Ordinal);
            Assert.NotEqual(current, before);
            int refine = EmittedStateLayout.Of(current).Offsets["refine"];
            foreach (string arch in new[] { "compute_70", "compute_90" })
            {
                string Ptx(string source) => Encoding.UTF8.GetString(OhemCompiler.Compile(spec, arch, OhemCompileTarget.Ptx, source, Cache).Image.Span);
                Assert.NotEmpty(StatePtx.Accesses(Ptx(before), spec.KernelNames.Decide, 3, refine, 4, "ld"));
                Assert.Empty(StatePtx.Accesses(Ptx(current), spec.KernelNames.Decide, 3, refine, 4, "ld"));
            }
        }

        [SkippableFact]
        public void ABrokenSourceThrowsWithTheLogLineAndTheSpecKey()
        {
            CudaTestEnvironment.RequireNvrtc();
            var spec = new OhemSpec(numClasses: 19);
            string broken = OhemCudaEmitter.Emit(spec).Replace("loss = (r.max - r.label_logit)", "loss = (r.max - ohem_not_declared)");

            var e = Assert.Throws<NvrtcCompilationException>(() => OhemCompiler.Compile(spec, "sm_80", OhemCompileTarget.Cubin, broken, new OhemKernelCache(null)));

            Assert.Contains("identifier \"ohem_not_declared\" is undefined", e.Log);
            Assert.Contains("identifier \"ohem_not_declared\" is undefined", e.Message);
            Assert.Contains(spec.Key, e.Message);
            Assert.Equal(spec.Key, e.SpecKey);
            Assert.Equal(OhemCompiler.SourceHash(broken), e.SourceHash);
            Assert.Contains(e.SourceHash, e.Message);
            Assert.Equal("NVRTC_ERROR_COMPILATION", e.ResultName);
        }

        [SkippableTheory]
        [InlineData("sm_91")]
        [InlineData("sm_20")]
        [InlineData("gfx90a")]
        [InlineData("sm_9")]
        public void AnUnsupportedArchitectureIsRejectedNamingItAndTheSupportedList(string arch)
        {
            CudaTestEnvironment.RequireNvrtc();
            var e = Assert.Throws<ArgumentException>(() => OhemCompiler.Compile(new OhemSpec(), arch));

            Assert.Equal("architecture", e.ParamName);
            Assert.Contains("'" + arch + "'", e.Message);
            foreach (string supported in CompileSpecs.Architectures)
            {
                Assert.Contains(supported, e.Message);
            }
        }

        [SkippableFact]
        public void ArchitecturesAcceptTheThreeSpellings()
        {
            CudaTestEnvironment.RequireNvrtc();
            Assert.Equal(80, OhemArchitectures.Parse("sm_80", "a"));
            Assert.Equal(80, OhemArchitectures.Parse("compute_80", "a"));
            Assert.Equal(80, OhemArchitectures.Parse("80", "a"));
            Assert.Contains(70, OhemArchitectures.Supported);
            Assert.Contains(90, OhemArchitectures.Supported);
        }

        [SkippableFact]
        public void CompileOptionsAlwaysIncludeTheEmittersOptions()
        {
            CudaTestEnvironment.RequireNvrtc();
            var cubin = OhemCompiler.OptionsFor(90, OhemCompileTarget.Cubin);
            var ptx = OhemCompiler.OptionsFor(90, OhemCompileTarget.Ptx);
            Assert.Equal(OhemCudaEmitter.CompileOptions.Concat(new[] { "--gpu-architecture=sm_90", "--ptxas-options=-v" }), cubin);
            Assert.Equal(OhemCudaEmitter.CompileOptions.Concat(new[] { "--gpu-architecture=compute_90" }), ptx);
        }

        /// <summary>
        /// Thread 0 of the decide kernel writes <c>refine</c>; the other threads must get it from shared memory. A device run
        /// found them loading it from the state instead, and NVRTC had placed that load above the __syncthreads, so they
        /// read the reset value 0 and skipped the selection (the top-n_min fallback summed every pixel).
        /// </summary>
        private static void AssertDecideNeverLoadsRefine(OhemSpec spec, string source, string ptx, string what)
        {
            const int stateParameter = 3; // (partials, num_partials, hist1, state, ...)
            int refine = EmittedStateLayout.Of(source).Offsets["refine"];
            string decide = spec.KernelNames.Decide;
            Assert.True(StatePtx.Accesses(ptx, decide, stateParameter, refine, 4, "st").Count > 0, what + ": the decide kernel's store of refine was not found in the PTX");
            var loads = StatePtx.Accesses(ptx, decide, stateParameter, refine, 4, "ld");
            Assert.True(loads.Count == 0, what + ": the decide kernel loads refine from the state: " + string.Join("; ", loads));
        }

        private static void AssertClean(OhemSpec spec, string source, OhemCompiledModule module, string what, OhemCompileTarget target)
        {
            Assert.True(module.Warnings.Count == 0, what + ": warnings in the NVRTC log:\n" + module.Log);
            Assert.True(module.Image.Length > 0, what + ": empty image");
            var names = spec.KernelNames.All.OrderBy(n => n, StringComparer.Ordinal).ToArray();
            if (target == OhemCompileTarget.Ptx)
            {
                string ptx = Encoding.UTF8.GetString(module.Image.Span);
                Assert.Equal(0, module.Image.Span[^1]);
                Assert.Empty(module.Kernels);
                foreach (string name in names)
                {
                    Assert.Contains(".entry " + name + "(", ptx);
                }

                AssertDecideNeverLoadsRefine(spec, source, ptx, what);
                return;
            }

            // An ELF cubin whose ptxas report covers exactly the spec's entry points.
            Assert.True(module.Image.Span.StartsWith("\u007fELF"u8), what + ": not an ELF image");
            Assert.Equal(names, module.Kernels.Select(k => k.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray());
            foreach (var kernel in module.Kernels)
            {
                Assert.True(kernel.SpillStoreBytes == 0 && kernel.SpillLoadBytes == 0, $"{what}: {kernel} spills.\n{module.Log}");
                Assert.True(kernel.Registers > 0 && kernel.Registers <= 255, $"{what}: {kernel}");
                Assert.True(kernel.StackFrameBytes == 0, $"{what}: {kernel} uses a stack frame.\n{module.Log}");
            }
        }
    }
}
