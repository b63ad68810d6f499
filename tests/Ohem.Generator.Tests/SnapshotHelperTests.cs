using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using Ohem.TestUtilities;
using Xunit;

namespace Ohem.Generator.Tests
{
    /// <summary>The snapshot helper fails when it should (difference, missing, stale) and accepts only when asked.</summary>
    public sealed class SnapshotHelperTests : IDisposable
    {
        private readonly string directory = Path.Combine(Path.GetTempPath(), "ohem-snapshot-tests-" + Guid.NewGuid().ToString("N"));

        public SnapshotHelperTests() => Directory.CreateDirectory(directory);

        public void Dispose() => Directory.Delete(directory, recursive: true);

        [Fact]
        public void Matching_Passes_AndRemovesOldReceived()
        {
            Write("T.M#A.g.verified.cs", "line 1\nline 2");
            Write("T.M#A.g.received.cs", "old");

            Snapshot.VerifyFiles(Targets(("#A.g.verified.cs", "line 1\nline 2")), directory, "T.M", accept: false);

            Assert.False(File.Exists(Path.Combine(directory, "T.M#A.g.received.cs")));
        }

        [Fact]
        public void Matching_IgnoresCrLfAndTrailingNewline()
        {
            Write("T.M#A.g.verified.cs", "line 1\r\nline 2\r\n");

            Snapshot.VerifyFiles(Targets(("#A.g.verified.cs", "line 1\nline 2")), directory, "T.M", accept: false);
        }

        [Fact]
        public void Difference_Fails_WithLineDiff_AndWritesReceived()
        {
            Write("T.M#A.g.verified.cs", "same\nold line\nsame too");

            var error = Assert.Throws<SnapshotMismatchException>(() =>
                Snapshot.VerifyFiles(Targets(("#A.g.verified.cs", "same\nnew line\nsame too")), directory, "T.M", accept: false));

            Assert.Contains("Snapshot T.M#A.g.verified.cs differs", error.Message, StringComparison.Ordinal);
            Assert.Contains("- old line\n", error.Message, StringComparison.Ordinal);
            Assert.Contains("+ new line\n", error.Message, StringComparison.Ordinal);
            Assert.Contains("  same\n", error.Message, StringComparison.Ordinal);
            Assert.Equal("same\nnew line\nsame too", Read("T.M#A.g.received.cs"));
            Assert.Equal("same\nold line\nsame too", Read("T.M#A.g.verified.cs"));
        }

        [Fact]
        public void Missing_Fails_AndWritesReceived()
        {
            var error = Assert.Throws<SnapshotMismatchException>(() =>
                Snapshot.VerifyFiles(Targets(("#A.g.verified.cu", "kernel")), directory, "T.M", accept: false));

            Assert.Contains("Missing snapshot T.M#A.g.verified.cu", error.Message, StringComparison.Ordinal);
            Assert.Equal("kernel", Read("T.M#A.g.received.cu"));
        }

        [Fact]
        public void Stale_Fails_ButOtherTestsFilesAreNotStale()
        {
            Write("T.M#A.g.verified.cs", "a");
            Write("T.M#Gone.g.verified.cs", "gone");
            Write("T.M.verified.txt", "old diagnostics");
            Write("T.M2#A.g.verified.cs", "another test's file");
            Write("T.Mx.verified.txt", "another test's file");

            var error = Assert.Throws<SnapshotMismatchException>(() =>
                Snapshot.VerifyFiles(Targets(("#A.g.verified.cs", "a")), directory, "T.M", accept: false));

            Assert.Contains("Stale snapshot T.M#Gone.g.verified.cs", error.Message, StringComparison.Ordinal);
            Assert.Contains("Stale snapshot T.M.verified.txt", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("T.M2#", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("T.Mx", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Accept_WritesVerified_DeletesStaleAndReceived()
        {
            Write("T.M#A.g.verified.cs", "old");
            Write("T.M#A.g.received.cs", "old received");
            Write("T.M#Gone.g.verified.cs", "gone");

            Snapshot.VerifyFiles(Targets(("#A.g.verified.cs", "new"), (".verified.txt", "diagnostics")), directory, "T.M", accept: true);

            Assert.Equal("new", Read("T.M#A.g.verified.cs"));
            Assert.Equal("diagnostics", Read("T.M.verified.txt"));
            Assert.False(File.Exists(Path.Combine(directory, "T.M#Gone.g.verified.cs")));
            Assert.False(File.Exists(Path.Combine(directory, "T.M#A.g.received.cs")));
            Assert.DoesNotContain((byte)'\r', File.ReadAllBytes(Path.Combine(directory, "T.M#A.g.verified.cs")));
        }

        [Fact]
        public void WrittenFiles_AreUtf8WithoutBom_AndKeepNonAscii()
        {
            Snapshot.VerifyFiles(Targets(("#A.g.verified.cs", "−ln(Thresh) × N")), directory, "T.M", accept: true);

            var bytes = File.ReadAllBytes(Path.Combine(directory, "T.M#A.g.verified.cs"));
            Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF);
            Assert.Equal("−ln(Thresh) × N", System.Text.Encoding.UTF8.GetString(bytes));
        }

        [Theory]
        [InlineData(null, null, null, false)]
        [InlineData("1", null, null, true)]
        [InlineData("0", null, null, false)]
        [InlineData("1", "true", null, false)]
        [InlineData("1", "True", null, false)]
        [InlineData("1", "1", null, false)]
        [InlineData("1", null, "1", false)]
        [InlineData("1", "false", null, true)]
        public void Accept_OnlyWhenAskedAndNeverOnCi(string? accept, string? ci, string? ohemCi, bool expected)
        {
            var environment = new Dictionary<string, string?> { [SnapshotMode.AcceptVariable] = accept, ["CI"] = ci, ["OHEM_CI"] = ohemCi };

            Assert.Equal(expected, SnapshotMode.AcceptsWith(name => environment.TryGetValue(name, out var value) ? value : null));
        }

        [Fact]
        public void ScrubVersion_ReplacesOnlyTheGeneratorVersion()
        {
            string text = "[global::System.CodeDom.Compiler.GeneratedCode(\"Ohem.Generator\", \"1.2.3\")]\n[GeneratedCode(\"Other\", \"1.2.3\")]";

            Assert.Equal(
                "[global::System.CodeDom.Compiler.GeneratedCode(\"Ohem.Generator\", \"<OHEM_VERSION>\")]\n[GeneratedCode(\"Other\", \"1.2.3\")]",
                SnapshotText.ScrubVersion(text));
        }

        [Fact]
        public void ExtractCudaSource_ReadsTheRawLiteralsValue()
        {
            string csharp = "class C\n{\n    public const string CudaSource = \"\"\"\n// kernel\nint x;\n\n\"\"\";\n}\n";

            Assert.Equal("// kernel\nint x;\n", SnapshotText.ExtractCudaSource(csharp));
            Assert.Null(SnapshotText.ExtractCudaSource("class C { }"));
        }

        [Fact]
        public void EverySnapshot_BelongsToAnExistingTest()
        {
            // The stale check sees only tests that run; this catches files of renamed or deleted tests.
            var tests = typeof(SnapshotHelperTests).Assembly.GetTypes()
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => t.Name + "." + m.Name))
                .ToHashSet(StringComparer.Ordinal);
            var files = Directory.GetFiles(SnapshotFolder()).Select(Path.GetFileName).OfType<string>().ToList();

            Assert.NotEmpty(files);
            Assert.All(files, file =>
            {
                Assert.Contains(".verified.", file, StringComparison.Ordinal);
                string prefix = file.Split('#')[0];
                prefix = prefix.Substring(0, prefix.IndexOf(".verified.", StringComparison.Ordinal) is int at and >= 0 ? at : prefix.Length);
                Assert.True(tests.Contains(prefix), "No test " + prefix + " for the snapshot " + file);
            });
        }

        private static IReadOnlyList<KeyValuePair<string, string>> Targets(params (string Suffix, string Content)[] targets) =>
            targets.Select(t => new KeyValuePair<string, string>(t.Suffix, t.Content)).ToList();

        private static string SnapshotFolder([CallerFilePath] string file = "") => Path.Combine(Path.GetDirectoryName(file)!, Snapshot.FolderName);

        private void Write(string name, string content) => File.WriteAllText(Path.Combine(directory, name), content);

        private string Read(string name) => File.ReadAllText(Path.Combine(directory, name));
    }
}
