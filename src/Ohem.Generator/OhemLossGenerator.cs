using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ohem.Generator
{
    /// <summary>
    /// Turns each <c>[OhemLoss]</c> partial class into a specialised loss: validates the attribute, then emits
    /// <c>{FullName}.OhemLoss.g.cs</c> holding the CUDA C and the typed C# half of the class.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed partial class OhemLossGenerator : IIncrementalGenerator
    {
        /// <summary>The attribute's full metadata name.</summary>
        public const string AttributeMetadataName = "Ohem.OhemLossAttribute";

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var infos = context.SyntaxProvider
                .ForAttributeWithMetadataName(AttributeMetadataName, static (node, _) => node is ClassDeclarationSyntax, Execute.GetInfo)
                .WithTrackingName(TrackingNames.Execute);

            var diagnostics = infos
                .Select(static (info, _) => info.Diagnostics)
                .Where(static d => !d.IsEmpty)
                .WithTrackingName(TrackingNames.Diagnostics);
            // Paired with the compilation only to turn file + span back into a source location (squiggles,
            // #pragma suppression); the models stay free of trees, and this step runs only for classes with problems.
            context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), static (spc, pair) => Execute.Report(spc, pair.Left, pair.Right));

            var outputs = infos
                .Where(static info => info.Spec is not null)
                .Select(static (info, _) => info with { Diagnostics = default })
                .WithTrackingName(TrackingNames.Output);
            context.RegisterSourceOutput(outputs, static (spc, info) => spc.AddSource(info.Hierarchy.HintName, Emit.CSharp(info, spc.CancellationToken)));
        }
    }
}
