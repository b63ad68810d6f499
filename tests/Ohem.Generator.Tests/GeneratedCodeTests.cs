using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Ohem.TestUtilities;
using Xunit;

namespace Ohem.Generator.Tests
{
    /// <summary>The generated C# compiles cleanly against the runtime, and its constants are what the runtime computes from the same spec.</summary>
    public sealed class GeneratedCodeTests
    {
        [Theory]
        [MemberData(nameof(MatrixCases.Names), MemberType = typeof(MatrixCases))]
        public void GeneratedCode_CompilesWithoutDiagnostics(string name)
        {
            var run = GeneratorHarness.Run(new OhemLossGenerator(), GeneratorHarness.CreateCompilation(MatrixCases.Get(name).Source));

            Assert.Empty(run.Diagnostics);
            // Suppressed ones included: '#pragma warning disable' in the generated file must hide nothing.
            var diagnostics = run.Output.GetDiagnostics();
            Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics.Select(d => d.ToString() + (d.IsSuppressed ? " (suppressed)" : string.Empty))));
            using var image = new MemoryStream();
            var emit = run.Output.Emit(image);
            Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        }

        [Theory]
        [MemberData(nameof(MatrixCases.Names), MemberType = typeof(MatrixCases))]
        public void CudaSource_EqualsRuntimeEmitterForTheSameSpec(string name)
        {
            var matrixCase = MatrixCases.Get(name);
            var run = GeneratorHarness.Run(new OhemLossGenerator(), GeneratorHarness.CreateCompilation(matrixCase.Source));

            Assert.Equal(matrixCase.SpecsByHint.Count, run.Result.GeneratedTrees.Length);
            foreach (var tree in run.Result.GeneratedTrees)
            {
                var spec = matrixCase.SpecsByHint[Path.GetFileName(tree.FilePath)];
                var constants = Constants(run.Output, tree);

                Assert.Equal(OhemCudaEmitter.Emit(spec), constants["CudaSource"]);
                Assert.Equal(spec.Hash, constants["SpecHash"]);
                Assert.Equal(spec.ThreshLoss, (float)constants["ThreshLoss"]);
                Assert.Equal(spec.NMin, (long)constants["NMin"]);
                Assert.Equal(spec.IgnoreLabel, (int)constants["IgnoreLabel"]);
                Assert.Equal(spec.NumClasses, (int)constants["NumClasses"]);
            }
        }

        [Fact]
        public void CudaSource_SnapshotMatchesRuntimeEmitter()
        {
            // The .verified.cu files are what the runtime emits too, so a reviewer reading them reads the real kernel.
            var matrixCase = MatrixCases.Get(MatrixCases.NumClasses19);
            var spec = matrixCase.SpecsByHint.Values.Single();
            string file = Path.Combine(SnapshotFolder(), "GeneratorSnapshotTests.NumClasses19#Demo.CityscapesOhem.OhemLoss.g.verified.cu");
            Assert.Equal(SnapshotText.Normalize(OhemCudaEmitter.Emit(spec)), SnapshotText.Normalize(File.ReadAllText(file)));
        }

        private static System.Collections.Generic.Dictionary<string, object> Constants(Compilation compilation, SyntaxTree tree)
        {
            var model = compilation.GetSemanticModel(tree);
            return tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>()
                .Select(v => model.GetDeclaredSymbol(v))
                .OfType<IFieldSymbol>()
                .Where(f => f.HasConstantValue)
                .ToDictionary(f => f.Name, f => f.ConstantValue!);
        }

        private static string SnapshotFolder([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
            Path.Combine(Path.GetDirectoryName(file)!, Snapshot.FolderName);
    }
}
