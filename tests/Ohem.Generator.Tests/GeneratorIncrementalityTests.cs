using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Ohem.TestUtilities;
using Xunit;

namespace Ohem.Generator.Tests
{
    /// <summary>The pipeline caches: unrelated edits regenerate nothing, a spec change regenerates, models hold no Roslyn state.</summary>
    public sealed class GeneratorIncrementalityTests
    {
        // The generator's TrackingNames (internal), spelled out: they are the contract these tests read.
        private const string Execute = "Ohem.Execute";
        private const string Diagnostics = "Ohem.Diagnostics";
        private const string Output = "Ohem.Output";

        private const string Loss = """
            using Ohem;

            namespace Demo;

            // The Cityscapes loss.
            [OhemLoss(Thresh = 0.7, NMin = 100_000, IgnoreLabel = 255, NumClasses = 19)]
            public partial class CityscapesOhem;
            """;

        private const string Other = """
            namespace Demo;

            // Unrelated code.
            public static class Helpers
            {
                public static int Twice(int x) => 2 * x;
            }
            """;

        [Fact]
        public void TrackingNames_AreTheGeneratorsOwn()
        {
            var names = typeof(OhemLossGenerator).Assembly.GetType("Ohem.Generator.TrackingNames", throwOnError: true)!
                .GetFields(BindingFlags.Public | BindingFlags.Static)
                .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

            Assert.Equal(new Dictionary<string, string> { ["Execute"] = Execute, ["Diagnostics"] = Diagnostics, ["Output"] = Output }, names);
        }

        [Fact]
        public void SameCompilation_RerunIsCached()
        {
            var compilation = GeneratorHarness.CreateCompilation(Loss, Other);
            var first = GeneratorHarness.Run(new OhemLossGenerator(), compilation);
            var second = GeneratorHarness.Run(first.Driver, compilation);

            var steps = second.Result.Results.Single().TrackedSteps;
            Assert.All(Reasons(steps, Execute), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
            Assert.All(Reasons(steps, Output), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
            Assert.NotEmpty(Reasons(steps, Output));
            Assert.Equal(Texts(first), Texts(second));
        }

        [Fact]
        public void AddedUnrelatedTree_DoesNotRegenerate()
        {
            var compilation = GeneratorHarness.CreateCompilation(Loss);
            var first = GeneratorHarness.Run(new OhemLossGenerator(), compilation);
            var second = GeneratorHarness.Run(first.Driver, compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Other, GeneratorHarness.ParseOptions, "Other.cs")));

            AssertNotRegenerated(second);
            Assert.Equal(Texts(first), Texts(second));
        }

        [Fact]
        public void CommentEditedInOtherFile_DoesNotRegenerate()
        {
            var compilation = GeneratorHarness.CreateCompilation(Loss, Other);
            var first = GeneratorHarness.Run(new OhemLossGenerator(), compilation);
            var edited = Replace(compilation, "Source1.cs", Other.Replace("// Unrelated code.", "// Unrelated code, edited."));
            var second = GeneratorHarness.Run(first.Driver, edited);

            AssertNotRegenerated(second);
            Assert.Equal(Texts(first), Texts(second));
        }

        [Fact]
        public void CommentEditedInSameFile_OutputUnchanged()
        {
            var compilation = GeneratorHarness.CreateCompilation(Loss);
            var first = GeneratorHarness.Run(new OhemLossGenerator(), compilation);
            var edited = Replace(compilation, "Source.cs", Loss.Replace("// The Cityscapes loss.", "// The Cityscapes loss, 19 classes."));
            var second = GeneratorHarness.Run(first.Driver, edited);

            AssertNotRegenerated(second);
            Assert.Equal(Texts(first), Texts(second));
        }

        [Fact]
        public void ThreshChanged_ModifiesOutput()
        {
            var compilation = GeneratorHarness.CreateCompilation(Loss);
            var first = GeneratorHarness.Run(new OhemLossGenerator(), compilation);
            var edited = Replace(compilation, "Source.cs", Loss.Replace("Thresh = 0.7", "Thresh = 0.8"));
            var second = GeneratorHarness.Run(first.Driver, edited);

            var steps = second.Result.Results.Single().TrackedSteps;
            Assert.Equal(new[] { IncrementalStepRunReason.Modified }, Reasons(steps, Execute));
            Assert.Equal(new[] { IncrementalStepRunReason.Modified }, Reasons(steps, Output));
            Assert.NotEqual(Texts(first), Texts(second));
            Assert.Contains("thresh=0.8;", Texts(second).Single(), StringComparison.Ordinal);
        }

        [Fact]
        public void DiagnosticFixed_RemovesDiagnosticsAndGenerates()
        {
            string invalid = Loss.Replace("Thresh = 0.7", "Thresh = 1.5");
            var compilation = GeneratorHarness.CreateCompilation(invalid);
            var first = GeneratorHarness.Run(new OhemLossGenerator(), compilation);
            Assert.Equal("OHEM0005", Assert.Single(first.Result.Diagnostics).Id);
            Assert.Empty(first.Result.GeneratedTrees);

            var second = GeneratorHarness.Run(first.Driver, Replace(compilation, "Source.cs", Loss));
            Assert.Empty(second.Result.Diagnostics);
            Assert.Single(second.Result.GeneratedTrees);
            Assert.Equal(new[] { IncrementalStepRunReason.New }, Reasons(second.Result.Results.Single().TrackedSteps, Output));
        }

        [Fact]
        public void Models_HoldNoRoslynState()
        {
            var assembly = typeof(OhemLossGenerator).Assembly;
            var models = assembly.GetTypes().Where(t => t.Namespace == "Ohem.Generator.Models").ToList();
            Assert.Contains(models, t => t.Name == "OhemLossInfo");

            var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Compilation), typeof(Location), typeof(SemanticModel), typeof(AttributeData), typeof(SyntaxToken) };
            var seen = new HashSet<Type>();
            var queue = new Queue<(Type Type, string Path)>(models.Select(m => (m, m.Name)));
            while (queue.Count > 0)
            {
                var (type, path) = queue.Dequeue();
                if (!seen.Add(type))
                {
                    continue;
                }

                Assert.False(forbidden.Any(f => f.IsAssignableFrom(type)), "The model graph reaches " + type + " at " + path);
                foreach (var next in Reachable(type))
                {
                    queue.Enqueue((next.Type, path + "." + next.Name));
                }
            }

            // The walk really went through the arrays' element types, not only the top-level records.
            Assert.Contains(seen, t => t.Name == "DiagnosticInfo");
            Assert.Contains(seen, t => t.Name == "ContainingTypeInfo");
        }

        private static IEnumerable<(Type Type, string Name)> Reachable(Type type)
        {
            if (type.IsArray)
            {
                yield return (type.GetElementType()!, "[]");
                yield break;
            }

            if (type.IsPrimitive || type == typeof(string) || type.IsEnum || type.IsPointer)
            {
                yield break;
            }

            foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : Type.EmptyTypes)
            {
                yield return (argument, "<" + argument.Name + ">");
            }

            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                yield return (field.FieldType, field.Name);
            }
        }

        private static void AssertNotRegenerated(GeneratorRun run)
        {
            var steps = run.Result.Results.Single().TrackedSteps;
            var output = Reasons(steps, Output);
            Assert.NotEmpty(output);
            Assert.All(output, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "Output step was " + r));
            Assert.All(Reasons(steps, Execute), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, "Execute step was " + r));
            Assert.False(steps.ContainsKey(Diagnostics) && Reasons(steps, Diagnostics).Any(r => r is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified));
        }

        private static IncrementalStepRunReason[] Reasons(IReadOnlyDictionary<string, System.Collections.Immutable.ImmutableArray<IncrementalGeneratorRunStep>> steps, string name) =>
            steps.TryGetValue(name, out var runs) ? runs.SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray() : Array.Empty<IncrementalStepRunReason>();

        private static string[] Texts(GeneratorRun run) => run.Result.GeneratedTrees.Select(t => t.GetText().ToString()).ToArray();

        private static Compilation Replace(Compilation compilation, string path, string text)
        {
            var old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
            return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, path));
        }
    }
}
