using Xunit;

namespace Ohem.Cli.Tests
{
    public sealed class CompileCommandTests
    {
        [Fact]
        public void Compile_says_the_NVRTC_API_is_not_in_this_build()
        {
            Cli.Fails(Program.Usage, "NVRTC compile API not available in this build", "compile", "--classes", "19", "--arch", "sm_90");
        }

        [Fact]
        public void Compile_validates_the_spec_first()
        {
            Cli.Fails(Program.Usage, new OhemSpec(thresh: 2).Validate()[0].Message, "compile", "--thresh", "2");
        }

        [Fact]
        public void Compile_has_help()
        {
            var run = Cli.Run("compile", "--help");
            Assert.Equal(0, run.Code);
            Assert.Contains("--arch", run.Stdout);
            Assert.Contains("registers, spills and shared memory", run.Stdout);
        }
    }
}
