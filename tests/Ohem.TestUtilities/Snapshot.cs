using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Ohem.TestUtilities
{
    /// <summary>
    /// A small stand-in for Verify.SourceGenerators with the same file convention, so moving to Verify later is a
    /// drop-in: <c>{TestClass}.{TestMethod}#{HintNameWithoutExt}.verified.cs</c> (first line <c>//HintName: …</c>),
    /// the embedded CUDA C beside it as <c>.verified.cu</c>, and the diagnostics as <c>{TestClass}.{TestMethod}.verified.txt</c>.
    /// Snapshots live in <c>Snapshots/</c> beside the calling test file.
    /// </summary>
    public static class Snapshot
    {
        /// <summary>The folder beside the test file that holds the snapshots.</summary>
        public const string FolderName = "Snapshots";

        /// <summary>
        /// Compares what a generator run produced with the committed snapshots. Fails on a difference, a missing
        /// snapshot or a stale one (a file of this test the run no longer produces), writing <c>.received.</c> files;
        /// with OHEM_ACCEPT_SNAPSHOTS=1 (never on CI) it writes the <c>.verified.</c> files instead.
        /// </summary>
        public static void Verify(GeneratorDriverRunResult result, [CallerFilePath] string callerFile = "", [CallerMemberName] string testMethod = "")
        {
            var directory = FolderFor(callerFile);
            string prefix = Path.GetFileNameWithoutExtension(callerFile) + "." + testMethod;
            VerifyFiles(Targets(result), directory, prefix, SnapshotMode.Accept);
        }

        /// <summary>The snapshot files of a run: suffix after the test prefix (e.g. <c>#X.g.verified.cs</c>) and content.</summary>
        public static IReadOnlyList<KeyValuePair<string, string>> Targets(GeneratorDriverRunResult result)
        {
            foreach (var run in result.Results)
            {
                if (run.Exception is not null)
                {
                    throw new InvalidOperationException("The generator " + run.Generator.GetGeneratorType().Name + " threw: " + run.Exception, run.Exception);
                }
            }

            var targets = new List<KeyValuePair<string, string>>();
            var sources = result.Results.SelectMany(r => r.GeneratedSources).OrderBy(s => s.HintName, StringComparer.Ordinal);
            foreach (var source in sources)
            {
                string name = "#" + Path.GetFileNameWithoutExtension(source.HintName);
                string csharp = SnapshotText.Normalize(source.SourceText.ToString());
                targets.Add(new KeyValuePair<string, string>(name + ".verified.cs", "//HintName: " + source.HintName + "\n" + SnapshotText.ScrubVersion(csharp)));
                string? cuda = SnapshotText.ExtractCudaSource(csharp);
                if (cuda is not null)
                {
                    targets.Add(new KeyValuePair<string, string>(name + ".verified.cu", SnapshotText.Normalize(cuda)));
                }
            }

            if (!result.Diagnostics.IsEmpty)
            {
                targets.Add(new KeyValuePair<string, string>(".verified.txt", DiagnosticText.Format(result.Diagnostics)));
            }

            return targets;
        }

        /// <summary>Compares (or accepts) a set of snapshot files for one test prefix in one folder.</summary>
        public static void VerifyFiles(IReadOnlyList<KeyValuePair<string, string>> targets, string directory, string prefix, bool accept)
        {
            if (accept)
            {
                Directory.CreateDirectory(directory);
            }

            var problems = new StringBuilder();
            var produced = new HashSet<string>(StringComparer.Ordinal);
            foreach (var target in targets)
            {
                string verifiedName = prefix + target.Key;
                produced.Add(verifiedName);
                string verifiedPath = Path.Combine(directory, verifiedName);
                string receivedPath = Path.Combine(directory, ReceivedName(verifiedName));
                string? verified = File.Exists(verifiedPath) ? SnapshotText.Normalize(File.ReadAllText(verifiedPath, SnapshotText.Encoding).TrimStart('\uFEFF')) : null;
                if (verified == target.Value)
                {
                    File.Delete(receivedPath);
                    continue;
                }

                if (accept)
                {
                    File.WriteAllText(verifiedPath, target.Value, SnapshotText.Encoding);
                    File.Delete(receivedPath);
                    continue;
                }

                if (Directory.Exists(directory))
                {
                    File.WriteAllText(receivedPath, target.Value, SnapshotText.Encoding);
                }

                if (verified is null)
                {
                    problems.Append("Missing snapshot ").Append(verifiedName).Append(" (the run's output is in ").Append(ReceivedName(verifiedName)).Append(").\n");
                }
                else
                {
                    problems.Append("Snapshot ").Append(verifiedName).Append(" differs (- verified, + received):\n");
                    problems.Append(SnapshotDiff.Lines(verified, target.Value));
                }
            }

            foreach (string stale in ExistingVerified(directory, prefix).Where(name => !produced.Contains(name)))
            {
                if (accept)
                {
                    File.Delete(Path.Combine(directory, stale));
                }
                else
                {
                    problems.Append("Stale snapshot ").Append(stale).Append(": this test no longer produces it; delete it.\n");
                }
            }

            if (problems.Length > 0)
            {
                problems.Append(SnapshotMode.IsCi
                    ? "Snapshots are never accepted on CI: accept them locally and commit them."
                    : "Review the .received. files; to accept them, run again with " + SnapshotMode.AcceptVariable + "=1 and commit the .verified. files.");
                problems.Append(" Folder: ").Append(directory);
                throw new SnapshotMismatchException(problems.ToString());
            }
        }

        /// <summary>Every committed snapshot of one test: <c>{prefix}#*.verified.*</c> and <c>{prefix}.verified.*</c>.</summary>
        public static IEnumerable<string> ExistingVerified(string directory, string prefix)
        {
            if (!Directory.Exists(directory))
            {
                return Enumerable.Empty<string>();
            }

            return Directory.EnumerateFiles(directory)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(name => name.Contains(".verified.", StringComparison.Ordinal)
                    && (name.StartsWith(prefix + "#", StringComparison.Ordinal) || name.StartsWith(prefix + ".verified.", StringComparison.Ordinal)))
                .OrderBy(name => name, StringComparer.Ordinal)
                .ToList();
        }

        private static string ReceivedName(string verifiedName)
        {
            int at = verifiedName.LastIndexOf(".verified.", StringComparison.Ordinal);
            return verifiedName.Substring(0, at) + ".received." + verifiedName.Substring(at + ".verified.".Length);
        }

        private static string FolderFor(string callerFile)
        {
            string? testDirectory = Path.GetDirectoryName(callerFile);
            if (string.IsNullOrEmpty(testDirectory) || !Directory.Exists(testDirectory))
            {
                // A path-mapped build (/_/...) hides where the test file is; the test project turns mapping off.
                throw new InvalidOperationException(
                    "Cannot find the test's source folder from [CallerFilePath] '" + callerFile + "'; build the test project with DeterministicSourcePaths=false.");
            }

            return Path.Combine(testDirectory, FolderName);
        }
    }
}
