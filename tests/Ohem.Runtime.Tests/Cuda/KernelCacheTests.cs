using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Ohem.Cuda;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    public sealed class KernelCacheTests : IDisposable
    {
        private readonly string directory = Path.Combine(Path.GetTempPath(), "ohem-cache-tests-" + Guid.NewGuid().ToString("N"));
        private readonly OhemSpec spec = new(numClasses: 19, logits: OhemLogits.Float16, labels: OhemLabels.UInt8);

        public void Dispose()
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        [SkippableFact]
        public void MissCompilesThenTheSameCacheHitsMemoryAndAFreshOneHitsDisk()
        {
            CudaTestEnvironment.RequireNvrtc();
            var cache = new OhemKernelCache(directory);

            var first = OhemCompiler.Compile(spec, "sm_80", cache: cache);
            var second = OhemCompiler.Compile(spec, "sm_80", cache: cache);
            var third = OhemCompiler.Compile(spec, "sm_80", cache: new OhemKernelCache(directory));

            Assert.Equal(OhemImageOrigin.Compiled, first.Origin);
            Assert.Equal(OhemImageOrigin.Memory, second.Origin);
            Assert.Equal(OhemImageOrigin.Disk, third.Origin);
            Assert.Equal(first.Image.ToArray(), third.Image.ToArray());
            Assert.Equal(first.Log, third.Log);
            Assert.Equal(first.Kernels, third.Kernels);
            Assert.Single(Directory.GetFiles(directory));
        }

        [SkippableFact]
        public void DifferentArchitecturesTargetsAndSourcesAreDifferentEntries()
        {
            CudaTestEnvironment.RequireNvrtc();
            var cache = new OhemKernelCache(directory);
            OhemCompiler.Compile(spec, "sm_80", cache: cache);
            OhemCompiler.Compile(spec, "sm_90", cache: cache);
            OhemCompiler.Compile(spec, "sm_90", OhemCompileTarget.Ptx, cache: cache);
            var edited = OhemCompiler.Compile(spec, "sm_90", source: OhemCudaEmitter.Emit(spec) + "// edited\n", cache: cache);

            Assert.Equal(OhemImageOrigin.Compiled, edited.Origin);
            Assert.Equal(4, Directory.GetFiles(directory).Length);
        }

        [SkippableTheory]
        [InlineData("flip")]
        [InlineData("truncate")]
        [InlineData("header")]
        [InlineData("empty")]
        public void ADamagedEntryIsRebuiltAndRewrittenNeverLoaded(string damage)
        {
            CudaTestEnvironment.RequireNvrtc();
            var original = OhemCompiler.Compile(spec, "sm_90", cache: new OhemKernelCache(directory));
            string path = Directory.GetFiles(directory).Single();
            byte[] good = File.ReadAllBytes(path);
            byte[] bad = damage switch
            {
                "flip" => Flip(good, good.Length - 100),
                "truncate" => good.AsSpan(0, good.Length / 2).ToArray(),
                "header" => Flip(good, 3),
                _ => Array.Empty<byte>(),
            };
            File.WriteAllBytes(path, bad);

            var rebuilt = OhemCompiler.Compile(spec, "sm_90", cache: new OhemKernelCache(directory));

            Assert.Equal(OhemImageOrigin.Compiled, rebuilt.Origin);
            Assert.Equal(original.Image.ToArray(), rebuilt.Image.ToArray());
            Assert.Equal(good, File.ReadAllBytes(path));
            Assert.Equal(OhemImageOrigin.Disk, OhemCompiler.Compile(spec, "sm_90", cache: new OhemKernelCache(directory)).Origin);
        }

        [SkippableFact]
        public void ConcurrentCompilersLeaveOneValidEntryAndNoTemporaryFiles()
        {
            CudaTestEnvironment.RequireNvrtc();
            using var start = new Barrier(6);
            var results = new OhemCompiledModule[6];
            Parallel.For(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i =>
            {
                var cache = new OhemKernelCache(directory);
                start.SignalAndWait();
                results[i] = OhemCompiler.Compile(spec, "sm_70", cache: cache);
            });

            string entry = Directory.GetFiles(directory).Single();
            Assert.EndsWith(".ohemkc", entry);
            Assert.All(results, r => Assert.Equal(results[0].Image.ToArray(), r.Image.ToArray()));
            Assert.Equal(OhemImageOrigin.Disk, OhemCompiler.Compile(spec, "sm_70", cache: new OhemKernelCache(directory)).Origin);
        }

        [Fact]
        public void ConcurrentRawWritersOfDifferentPayloadsLeaveOneCompleteEntry()
        {
            var cache = new OhemKernelCache(directory);
            var payloads = Enumerable.Range(1, 8).Select(i => Enumerable.Repeat((byte)i, 100_000 * i).ToArray()).ToArray();
            Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => Assert.True(cache.TryWrite("key", payloads[i % 8])));

            byte[]? read = cache.TryRead("key");
            Assert.NotNull(read);
            Assert.Contains(payloads, p => p.AsSpan().SequenceEqual(read));
            Assert.Single(Directory.GetFiles(directory));
        }

        [Fact]
        public void AMissingEntryReadsAsNullAndAMemoryOnlyCacheNeverWrites()
        {
            Assert.Null(new OhemKernelCache(directory).TryRead("absent"));
            var memoryOnly = new OhemKernelCache(null);
            Assert.False(memoryOnly.TryWrite("key", new byte[] { 1 }));
            Assert.Null(memoryOnly.TryRead("key"));
        }

        [Fact]
        public void TheDirectoryVariableOverridesTheDefault()
        {
            string? saved = Environment.GetEnvironmentVariable(OhemKernelCache.DirectoryVariable);
            try
            {
                Environment.SetEnvironmentVariable(OhemKernelCache.DirectoryVariable, directory);
                Assert.Equal(directory, OhemKernelCache.DefaultDirectory());
                Environment.SetEnvironmentVariable(OhemKernelCache.DirectoryVariable, null);
                string? fallback = OhemKernelCache.DefaultDirectory();
                Assert.NotNull(fallback);
                Assert.EndsWith("ohem", fallback);
            }
            finally
            {
                Environment.SetEnvironmentVariable(OhemKernelCache.DirectoryVariable, saved);
            }
        }

        private static byte[] Flip(byte[] bytes, int index)
        {
            var copy = (byte[])bytes.Clone();
            copy[index] ^= 0x5a;
            return copy;
        }
    }
}
