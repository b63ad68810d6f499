using System;
using System.IO;
using System.Linq;
using Ohem.Cuda;
using Xunit;

namespace Ohem.Cli.Tests
{
    public sealed class CompileCommandTests
    {
        [SkippableFact]
        public void Compile_lists_every_kernel_of_the_spec_in_launch_order_with_no_spills()
        {
            RequireNvrtc();
            var run = Cli.Run("compile", "--classes", "19", "--arch", "sm_90");
            Assert.True(run.Code == 0, run.Stderr);
            Assert.Equal("", run.Stderr);
            var lines = run.Stdout.TrimEnd('\n').Split('\n');
            var spec = new OhemSpec(numClasses: 19);
            Assert.Equal("spec " + spec.Key, lines[0]);
            Assert.StartsWith($"sm_90 cubin, NVRTC {OhemCompiler.NvrtcVersionText}, ", lines[1], StringComparison.Ordinal);
            Assert.Equal("kernel", lines[2].Split(' ')[0]);
            var rows = lines.Skip(3).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
            Assert.Equal(spec.KernelNames.All.ToArray(), rows.Select(r => r[0]).ToArray());
            foreach (var row in rows)
            {
                Assert.InRange(int.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture), 1, 255);
                Assert.Equal("0", row[2]);
                Assert.Equal("0", row[3]);
            }
        }

        [SkippableFact]
        public void Ptx_target_reports_the_image_without_registers()
        {
            RequireNvrtc();
            var run = Cli.Run("compile", "--target", "ptx", "--arch", "compute_80", "--logits", "f16");
            Assert.True(run.Code == 0, run.Stderr);
            Assert.Contains("compute_80 ptx, NVRTC ", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("use --target cubin for registers and spills", run.Stdout, StringComparison.Ordinal);
        }

        [SkippableFact]
        public void A_source_that_does_not_compile_prints_the_log_and_fails()
        {
            RequireNvrtc();
            string path = Path.Combine(Path.GetTempPath(), "ohem-bad-" + Guid.NewGuid().ToString("N") + ".cu");
            File.WriteAllText(path, "extern \"C\" __global__ void k() { int x = ; }\n");
            try
            {
                var run = Cli.Run("compile", "--source", path, "--classes", "19");
                Assert.Equal(Program.Failed, run.Code);
                Assert.Equal("", run.Stdout);
                Assert.Contains("error: expected an expression", run.Stderr, StringComparison.Ordinal);
                Assert.EndsWith($"ohem: NVRTC could not compile the CUDA C of spec '{new OhemSpec(numClasses: 19).Key}' for sm_90 (the log is above).\n", run.Stderr, StringComparison.Ordinal);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [SkippableFact]
        public void An_unsupported_architecture_names_the_supported_ones()
        {
            RequireNvrtc();
            Cli.Fails(
                Program.Usage,
                $"Architecture 'sm_12' is not supported by NVRTC {OhemCompiler.NvrtcVersionText}; expected one of {string.Join(", ", OhemArchitectures.Supported.Select(a => "sm_" + a))}.",
                "compile",
                "--arch",
                "sm_12");
        }

        [Fact]
        public void A_missing_source_file_is_named()
        {
            string path = Path.Combine(Path.GetTempPath(), "ohem-none-" + Guid.NewGuid().ToString("N") + ".cu");
            Cli.Fails(Program.Failed, $"{path}: no such file.", "compile", "--source", path);
        }

        [Fact]
        public void Compile_validates_the_spec_first()
        {
            Cli.Fails(Program.Usage, new OhemSpec(thresh: 2).Validate()[0].Message, "compile", "--thresh", "2");
            Cli.Fails(Program.Usage, "Argument 'sass' not recognized. Must be one of: 'cubin' 'ptx'", "compile", "--target", "sass");
        }

        [Fact]
        public void Compile_has_help()
        {
            var run = Cli.Run("compile", "--help");
            Assert.Equal(0, run.Code);
            Assert.Contains("--arch", run.Stdout);
            Assert.Contains("registers, spills, shared memory and stack", run.Stdout);
        }

        /// <summary>Skips without NVRTC on a user's machine; fails when CI sets OHEM_REQUIRE_NVRTC=1.</summary>
        private static void RequireNvrtc()
        {
            if (!OhemCompiler.IsAvailable(out string reason))
            {
                Assert.False(Environment.GetEnvironmentVariable("OHEM_REQUIRE_NVRTC") == "1", "OHEM_REQUIRE_NVRTC=1 but NVRTC is missing: " + reason);
                Skip.If(true, "NVRTC is not available: " + reason);
            }
        }
    }
}
