using System;
using System.Linq;
using Xunit;

namespace Ohem.Cli.Tests
{
    public sealed class BenchCommandTests
    {
        [Fact]
        public void Bench_prints_one_json_object_with_medians()
        {
            var json = Cli.Run("bench", "--size", "2,5,16,24", "--runs", "3", "--n-min", "100", "--backend", "cpu", "--logits", "f16", "--labels", "u8").Json();
            Assert.True(json.GetProperty("forwardMs").GetDouble() > 0);
            Assert.True(json.GetProperty("forwardBackwardMs").GetDouble() > 0);
            Assert.Equal("cpu", json.GetProperty("backend").GetString());
            Assert.Equal(Environment.ProcessorCount, json.GetProperty("threads").GetInt32());
            Assert.Equal(new[] { 2, 5, 16, 24 }, json.GetProperty("size").EnumerateArray().Select(e => e.GetInt32()).ToArray());
            Assert.Equal(3, json.GetProperty("runs").GetInt32());
            Assert.Equal("f16", json.GetProperty("logits").GetString());
            Assert.Equal("u8", json.GetProperty("labels").GetString());
        }

        [Fact]
        public void Threads_sets_the_CPU_engine_thread_count()
        {
            var json = Cli.Run("bench", "--size", "1,3,16,16", "--runs", "1", "--n-min", "10", "--backend", "cpu", "--threads", "1").Json();
            Assert.Equal(1, json.GetProperty("threads").GetInt32());
            Assert.Equal(1, json.GetProperty("runs").GetInt32());
        }

        [Theory]
        [InlineData("1,2,3", "--size is '1,2,3', but four positive integers N,C,H,W were expected (e.g. 2,19,512,1024).")]
        [InlineData("1,2,3,0", "--size is '1,2,3,0', but four positive integers N,C,H,W were expected (e.g. 2,19,512,1024).")]
        [InlineData("a,b,c,d", "--size is 'a,b,c,d', but four positive integers N,C,H,W were expected (e.g. 2,19,512,1024).")]
        [InlineData("1,1,8,8", "--size has C = 1, but cross-entropy needs at least 2 classes.")]
        public void Bad_sizes_are_refused(string size, string message)
        {
            Cli.Fails(Program.Usage, message, "bench", "--size", size);
        }

        [Fact]
        public void Bad_runs_n_min_and_classes_are_refused()
        {
            Cli.Fails(Program.Usage, "--runs is 0, but it must be at least 1.", "bench", "--size", "1,3,8,8", "--runs", "0");
            Cli.Fails(Program.Usage, "--n-min is 64, but it must be less than the pixel count N·H·W = 64 (1×8×8); PyTorch's seed raises IndexError here.", "bench", "--size", "1,3,8,8", "--n-min", "64");
            Cli.Fails(Program.Usage, "--size has C = 3 classes, but --classes is 19.", "bench", "--size", "1,3,8,8", "--classes", "19", "--n-min", "1");
            Cli.Fails(Program.Usage, new OhemSpec(nMin: -5).Validate()[0].Message, "bench", "--n-min", "-5");
            Cli.Fails(Program.Usage, "--threads is 0, but it must be at least 1.", "bench", "--size", "1,3,8,8", "--n-min", "1", "--backend", "cpu", "--threads", "0");
            Cli.Fails(Program.Usage, "--threads applies to the CPU backend only: add --backend cpu.", "bench", "--size", "1,3,8,8", "--n-min", "1", "--threads", "1");
            Cli.Fails(Program.Usage, "Argument 'gpu' not recognized. Must be one of: 'auto' 'cpu' 'cuda'", "bench", "--backend", "gpu");
        }

        [Fact]
        public void Bench_has_help()
        {
            var run = Cli.Run("bench", "--help");
            Assert.Equal(0, run.Code);
            Assert.Contains("median", run.Stdout);
            Assert.Contains("--size", run.Stdout);
        }
    }
}
