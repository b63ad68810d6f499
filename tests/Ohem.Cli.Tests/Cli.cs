using System;
using System.IO;
using System.Text.Json;
using Xunit;

namespace Ohem.Cli.Tests
{
    /// <summary>Runs the tool in-process and captures what it writes.</summary>
    internal static class Cli
    {
        public static CliRun Run(params string[] args)
        {
            var stdout = new StringWriter { NewLine = "\n" };
            var stderr = new StringWriter { NewLine = "\n" };
            int code = Program.Run(args, stdout, stderr);
            return new CliRun(code, stdout.ToString(), stderr.ToString());
        }

        /// <summary>Asserts a failure with exactly one stderr line, equal to "ohem: " + <paramref name="message"/>, and nothing on stdout.</summary>
        public static void Fails(int code, string message, params string[] args)
        {
            var run = Run(args);
            Assert.Equal("ohem: " + message + "\n", run.Stderr);
            Assert.Equal("", run.Stdout);
            Assert.Equal(code, run.Code);
        }
    }

    internal sealed record CliRun(int Code, string Stdout, string Stderr)
    {
        /// <summary>Stdout must be exactly one JSON object on one line.</summary>
        public JsonElement Json()
        {
            Assert.True(Code == 0, $"exit {Code}: {Stderr}");
            Assert.Equal("", Stderr);
            Assert.EndsWith("\n", Stdout);
            Assert.Single(Stdout.TrimEnd('\n').Split('\n'));
            using var doc = JsonDocument.Parse(Stdout);
            Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
            return doc.RootElement.Clone();
        }
    }
}
