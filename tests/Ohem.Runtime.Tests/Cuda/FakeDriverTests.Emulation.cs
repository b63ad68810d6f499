using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace Ohem.Runtime.Tests.Cuda
{
    /// <summary>
    /// The kernels' arithmetic without a GPU: the fake driver in emulation mode compiles each spec's CUDA C with g++ and
    /// runs every launch on the CPU, one fiber per CUDA thread (tests/Ohem.Runtime.FakeCudaHost/emu), so the real engine's
    /// launch sequence and the emitted kernels run end to end. The child process runs the GPU check's mode matrix and its
    /// NHWC word-load check, CUDA engine against CPU engine: rule, kept and threshold bitwise, loss within 1 ulp, gradient
    /// bitwise. What NVRTC and the hardware do with the text (reordering, memory model) still needs a device.
    /// </summary>
    public sealed partial class FakeDriverTests
    {
        [SkippableFact]
        public void TheModeMatrixRunsOnTheEmulatedDeviceAsOnTheCpuEngine()
        {
            var (output, launches) = RunEmulated("matrix");
            Assert.Contains("mode matrix: every spec matches the CPU engine", output);
            int specs = AssertEverySpecOk(output, minimum: 40);
            // reset, forward, decide, 2 × (refine, select), tie count, tie scan, backward at least, per spec.
            Assert.True(launches >= 10 * specs, $"only {launches} emulated launches for {specs} specs");
        }

        [SkippableFact]
        public void TheNhwcWordLoadsRunOnTheEmulatedDeviceAsOnTheCpuEngine()
        {
            var (output, _) = RunEmulated("words");
            Assert.Contains("nhwc words: every spec matches the CPU engine", output);
            AssertEverySpecOk(output, minimum: 10);
        }

        [SkippableFact]
        public void EveryGpuCaseRunsOnTheEmulatedDeviceAsOnTheCpuEngine()
        {
            // CudaEngineTests.ForwardAndBackwardEqualTheCpuEngine's cases (every GpuCases spec × random, sharpened, tied,
            // all ignored, NaN and extreme logits; float16/bfloat16 logits, 8/32/64-bit labels) with the same comparison.
            var (output, _) = RunEmulated("cases");
            var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("case ", StringComparison.Ordinal)).ToList();
            Assert.Equal(GpuCases.Specs.Length * GpuCases.Inputs.Length, lines.Count);
            Assert.All(lines, l => Assert.EndsWith(": ok", l, StringComparison.Ordinal));
            Assert.Contains("gpu cases: every case matches the CPU engine", output);
        }

        [SkippableFact]
        public void TheEmulatedDeviceFindsAWrongKernel()
        {
            // The same two specs with one refine-kernel comparison off by one bin (the host's "sabotaged" scenario): the
            // threshold rule never reaches it and stays equal; the top-n_min selection must differ.
            var (output, _) = RunEmulated("sabotaged", expectSuccess: false);
            var lines = SpecLines(output);
            Assert.Equal(2, lines.Count);
            Assert.EndsWith(" ok", lines[0], StringComparison.Ordinal);
            Assert.Contains("DIFFERS", lines[1], StringComparison.Ordinal);
            Assert.Contains("mode matrix: 1 spec(s) differ", output);
        }

        private static int AssertEverySpecOk(string output, int minimum)
        {
            var lines = SpecLines(output);
            int count = int.Parse(output.Split('\n').Single(l => l.StartsWith("emulated specs: ", StringComparison.Ordinal))["emulated specs: ".Length..].Trim());
            Assert.True(count >= minimum, $"only {count} specs emulated");
            Assert.Equal(count, lines.Count);
            Assert.All(lines, l => Assert.Matches(@"\bok\b", l));
            Assert.DoesNotContain("DIFFERS", output, StringComparison.Ordinal);
            Assert.DoesNotContain("FAILED", output, StringComparison.Ordinal);
            return count;
        }

        /// <summary>The table rows: every line that names a rule (the check prints one per spec).</summary>
        private static List<string> SpecLines(string output) => output.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.Contains("AboveThreshold", StringComparison.Ordinal) || l.Contains("TopNMin", StringComparison.Ordinal) || l.Contains("FAILED:", StringComparison.Ordinal))
            .ToList();

        private (string Output, int EmulatedLaunches) RunEmulated(string which, bool expectSuccess = true)
        {
            CudaTestEnvironment.RequireNvrtc();
            string gxx = new[] { "/usr/bin/g++", "/usr/local/bin/g++" }.FirstOrDefault(File.Exists) ?? string.Empty;
            if (gxx.Length == 0 && CudaTestEnvironment.Required("OHEM_REQUIRE_EMULATOR"))
            {
                Assert.Fail("OHEM_REQUIRE_EMULATOR=1 but g++ is not installed (the emulated device compiles the kernels with it).");
            }

            Skip.If(gxx.Length == 0, "The emulated device needs g++ (apt-get install g++).");
            string library = BuildFakeDriver();
            string root = CompileSpecs.RepositoryRoot();
            string kernels = Directory.CreateDirectory(Path.Combine(directory, "emulated-" + which)).FullName;
            string logPath = Path.Combine(directory, "emulated-" + which + ".log");
            var environment = new Dictionary<string, string>
            {
                ["OHEM_CUDA_LIBRARY"] = library,
                ["OHEM_FAKE_CUDA_LOG"] = logPath,
                ["OHEM_FAKE_CUDA_EMULATE"] = kernels,
                ["OHEM_FAKE_CUDA_EMU_SOURCES"] = Path.Combine(root, "tests", "Ohem.Runtime.FakeCudaHost", "emu"),
                ["OHEM_CACHE_DIR"] = Path.Combine(directory, "cache"),
            };
            string output = RunHost(new[] { "emulate", which }, environment, expectSuccess);
            int launches = File.ReadLines(logPath).Count(l => l.StartsWith("launch ", StringComparison.Ordinal) && l.EndsWith(" emulated", StringComparison.Ordinal));
            Assert.DoesNotContain(File.ReadLines(logPath), l => l.StartsWith("launch ", StringComparison.Ordinal) && !l.EndsWith(" emulated", StringComparison.Ordinal));
            return (output, launches);
        }
    }
}
