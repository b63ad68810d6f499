using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using Ohem.Generator.Diagnostics;
using Ohem.Generator.Helpers;
using Ohem.Generator.Models;

namespace Ohem.Generator
{
    public sealed partial class OhemLossGenerator
    {
        /// <summary>From the attributed symbol to the equatable model, validation included.</summary>
        private static class Execute
        {
            public static OhemLossInfo GetInfo(GeneratorAttributeSyntaxContext context, CancellationToken token)
            {
                var symbol = (INamedTypeSymbol)context.TargetSymbol;
                var declaration = (ClassDeclarationSyntax)context.TargetNode;
                var attribute = context.Attributes[0];
                var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(token) as AttributeSyntax;
                var diagnostics = new List<DiagnosticInfo>();
                var hierarchy = GetHierarchy(symbol);

                ValidateShape(symbol, declaration, diagnostics, token);
                token.ThrowIfCancellationRequested();

                // An argument the compiler rejects (NumClasses = 1.5, Logits = 3) still reaches us converted (1, an
                // enum 3): its own error is the whole story, so nothing is read from such an attribute.
                var spec = HasErrors(context.SemanticModel, attributeSyntax, token) ? null : ReadSpec(attribute);
                if (spec is null)
                {
                    // An argument the compiler already rejects (wrong type, missing constant): its error is enough.
                    return new OhemLossInfo(hierarchy, null, EquatableArray.From(diagnostics));
                }

                bool hasError = diagnostics.Count > 0;
                foreach (var problem in spec.ToSpec().Validate())
                {
                    var node = ArgumentNode(attributeSyntax, ArgumentsFor(problem)) ?? (SyntaxNode?)attributeSyntax ?? declaration.Identifier.Parent!;
                    diagnostics.Add(Create(DiagnosticDescriptors.For(problem.Kind), node.GetLocation(), problem.Message));
                    hasError |= problem.IsError;
                }

                ReportUnusedArguments(spec.ToSpec(), attributeSyntax, diagnostics);

                return new OhemLossInfo(hierarchy, hasError ? null : spec, EquatableArray.From(diagnostics));
            }

            public static void Report(SourceProductionContext context, EquatableArray<DiagnosticInfo> diagnostics, Compilation compilation)
            {
                foreach (var info in diagnostics)
                {
                    var span = new TextSpan(info.SpanStart, info.SpanLength);
                    var tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == info.FilePath);
                    var location = tree is not null && span.End <= tree.Length
                        ? Location.Create(tree, span)
                        : Location.Create(
                            info.FilePath,
                            span,
                            new LinePositionSpan(new LinePosition(info.StartLine, info.StartCharacter), new LinePosition(info.EndLine, info.EndCharacter)));
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ById(info.Id), location, info.Arguments.Cast<object>().ToArray()));
                }
            }

            private static void ValidateShape(INamedTypeSymbol symbol, ClassDeclarationSyntax declaration, List<DiagnosticInfo> diagnostics, CancellationToken token)
            {
                var name = declaration.Identifier.GetLocation();
                if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    diagnostics.Add(Create(DiagnosticDescriptors.ClassNotPartial, name, symbol.Name));
                }

                if (symbol.IsStatic)
                {
                    diagnostics.Add(Create(DiagnosticDescriptors.StaticClass, name, symbol.Name));
                }

                bool generic = symbol.IsGenericType;
                for (var outer = symbol.ContainingType; outer is not null; outer = outer.ContainingType)
                {
                    generic |= outer.IsGenericType;
                    foreach (var reference in outer.DeclaringSyntaxReferences)
                    {
                        if (reference.GetSyntax(token) is TypeDeclarationSyntax outerSyntax && !outerSyntax.Modifiers.Any(SyntaxKind.PartialKeyword))
                        {
                            diagnostics.Add(Create(DiagnosticDescriptors.ContainingTypeNotPartial, name, symbol.Name, outer.Name));
                            break;
                        }
                    }
                }

                if (generic)
                {
                    diagnostics.Add(Create(DiagnosticDescriptors.GenericClass, name, symbol.Name));
                }
            }

            private static SpecInfo? ReadSpec(AttributeData attribute)
            {
                double thresh = OhemLossDefaults.Thresh;
                long nMin = OhemLossDefaults.NMin;
                int ignore = OhemLossDefaults.IgnoreLabel, classes = OhemLossDefaults.NumClasses;
                int logits = (int)OhemLossDefaults.Logits, labels = (int)OhemLossDefaults.Labels, mode = (int)OhemLossDefaults.Mode;
                double fraction = OhemLossDefaults.Fraction;
                bool averageOverValid = OhemLossDefaults.AverageOverValid;
                int layout = (int)OhemLossDefaults.Layout;
                EquatableArray<double>? classWeights = null;
                int scope = (int)OhemLossDefaults.Scope;
                int comparison = 0, onEmpty = 0, nMinPolicy = 0, candidates = 0, reduction = 0;
                foreach (var argument in attribute.NamedArguments)
                {
                    var value = argument.Value;
                    if (argument.Key == "ClassWeights" && value.Kind == TypedConstantKind.Array)
                    {
                        // An array's Value throws; ClassWeights = null is the default, no weights.
                        if (!value.IsNull)
                        {
                            var weights = ReadWeights(value);
                            if (weights is null)
                            {
                                return null;
                            }

                            classWeights = weights;
                        }

                        continue;
                    }

                    if (value.Kind == TypedConstantKind.Error || value.Value is null)
                    {
                        return null;
                    }

                    // A value of another type than the property's (NumClasses = 1.5, Logits = 3) is a compile error
                    // already; reading it anyway would add a second, misleading diagnostic about a rounded value.
                    switch (argument.Key)
                    {
                        case "Thresh" when value.Value is double d: thresh = d; break;
                        case "NMin" when value.Value is long n: nMin = n; break;
                        case "IgnoreLabel" when value.Value is int i: ignore = i; break;
                        case "NumClasses" when value.Value is int c: classes = c; break;
                        case "Logits" when IsEnum(value, "Ohem.OhemLogits") && value.Value is int l: logits = l; break;
                        case "Labels" when IsEnum(value, "Ohem.OhemLabels") && value.Value is int l: labels = l; break;
                        case "Mode" when IsEnum(value, "Ohem.OhemMode") && value.Value is int m: mode = m; break;
                        case "Fraction" when value.Value is double f: fraction = f; break;
                        case "AverageOverValid" when value.Value is bool b: averageOverValid = b; break;
                        case "Layout" when IsEnum(value, "Ohem.OhemLayout") && value.Value is int l: layout = l; break;
                        case "Scope" when IsEnum(value, "Ohem.OhemScope") && value.Value is int s: scope = s; break;
                        case "Comparison" when IsEnum(value, "Ohem.OhemComparison") && value.Value is int k: comparison = k; break;
                        case "OnEmpty" when IsEnum(value, "Ohem.OhemOnEmpty") && value.Value is int k: onEmpty = k; break;
                        case "NMinPolicy" when IsEnum(value, "Ohem.OhemNMinPolicy") && value.Value is int k: nMinPolicy = k; break;
                        case "Candidates" when IsEnum(value, "Ohem.OhemCandidates") && value.Value is int k: candidates = k; break;
                        case "Reduction" when IsEnum(value, "Ohem.OhemReduction") && value.Value is int k: reduction = k; break;
                        default: return null;
                    }
                }

                return new SpecInfo(thresh, nMin, ignore, classes, logits, labels, mode, fraction, averageOverValid, layout, classWeights, scope,
                    comparison, onEmpty, nMinPolicy, candidates, reduction);
            }

            private static EquatableArray<double>? ReadWeights(TypedConstant array)
            {
                var values = ImmutableArray.CreateBuilder<double>(array.Values.Length);
                foreach (var element in array.Values)
                {
                    if (element.Kind == TypedConstantKind.Error || element.Value is not double w)
                    {
                        return null;
                    }

                    values.Add(w);
                }

                return new EquatableArray<double>(values.MoveToImmutable());
            }

            /// <summary>
            /// OHEM0012: an argument written out that the chosen mode never reads. Only the generator can tell, since
            /// a spec cannot distinguish NMin = 100000 written from the default.
            /// </summary>
            private static void ReportUnusedArguments(OhemSpec spec, AttributeSyntax? attributeSyntax, List<DiagnosticInfo> diagnostics)
            {
                if (!System.Enum.IsDefined(typeof(OhemMode), spec.Mode))
                {
                    return;
                }

                string mode = OhemSpec.ModeName(spec.Mode);
                if (!spec.UsesThresh && ArgumentNode(attributeSyntax, new[] { "Thresh" }) is { } thresh)
                {
                    diagnostics.Add(Create(DiagnosticDescriptors.ArgumentUnused, thresh.GetLocation(), "Thresh", mode, "it keeps a fixed number of the largest losses"));
                }

                if (!spec.UsesNMin && ArgumentNode(attributeSyntax, new[] { "NMin" }) is { } nMin)
                {
                    diagnostics.Add(Create(DiagnosticDescriptors.ArgumentUnused, nMin.GetLocation(), "NMin", mode, "the kept count comes from Fraction"));
                }

                if (!spec.UsesFraction && ArgumentNode(attributeSyntax, new[] { "Fraction" }) is { } fraction)
                {
                    diagnostics.Add(Create(DiagnosticDescriptors.ArgumentUnused, fraction.GetLocation(), "Fraction", mode, "the kept count comes from NMin"));
                }

                if (spec.Mode != OhemMode.MMSegSampler && spec.Mode != OhemMode.MMSegByLoss && ArgumentNode(attributeSyntax, new[] { "AverageOverValid" }) is { } average)
                {
                    diagnostics.Add(Create(DiagnosticDescriptors.ArgumentUnused, average.GetLocation(), "AverageOverValid", mode, "only mmseg has a choice of normaliser"));
                }

                if ((spec.Mode == OhemMode.PaddleSegBootstrapped || spec.Mode == OhemMode.DeepLab2) && ArgumentNode(attributeSyntax, new[] { "Scope" }) is { } scope)
                {
                    diagnostics.Add(Create(DiagnosticDescriptors.ArgumentUnused, scope.GetLocation(), "Scope", mode, "it is always per image"));
                }

                foreach (var (argument, reason) in UnusedKnobs(spec.Mode))
                {
                    if (ArgumentNode(attributeSyntax, new[] { argument }) is { } node)
                    {
                        diagnostics.Add(Create(DiagnosticDescriptors.ArgumentUnused, node.GetLocation(), argument, mode, reason));
                    }
                }
            }

            /// <summary>The arguments (Thresh and the knobs) a mode never reads, with the reason OHEM0012 gives.</summary>
            private static IEnumerable<(string Argument, string Reason)> UnusedKnobs(OhemMode mode)
            {
                if (mode == OhemMode.TopKPercent)
                {
                    yield return ("Comparison", "a top-k by count compares with no threshold");
                    yield return ("NMinPolicy", "k = Fraction × pixels never exceeds the candidates");
                }

                if (mode == OhemMode.BiSeNetV2)
                {
                    yield return ("NMinPolicy", "n_min = Fraction × valid never exceeds the candidates");
                    yield return ("Candidates", "n_min = Fraction × valid never exceeds the valid pixels");
                }

                foreach (var unused in OhemSpec.UnusedLaterModeKnobs(mode))
                {
                    yield return unused;
                }
            }

            private static bool HasErrors(SemanticModel model, AttributeSyntax? attribute, CancellationToken token) =>
                attribute is not null && model.GetDiagnostics(attribute.Span, token).Any(d => d.Severity == DiagnosticSeverity.Error);

            private static bool IsEnum(TypedConstant value, string fullName) =>
                value.Kind == TypedConstantKind.Enum && value.Type?.ToDisplayString() == fullName;

            /// <summary>Which attribute arguments a problem is about, most specific first.</summary>
            private static string[] ArgumentsFor(OhemSpecProblem problem) => problem.Kind switch
            {
                OhemSpecProblemKind.IgnoreLabelIsAClass => new[] { "IgnoreLabel", "NumClasses" },
                OhemSpecProblemKind.IgnoreLabelNotRepresentable => new[] { "IgnoreLabel", "Labels" },
                _ => new[] { problem.Argument },
            };

            private static SyntaxNode? ArgumentNode(AttributeSyntax? attribute, string[] names)
            {
                var arguments = attribute?.ArgumentList?.Arguments;
                if (arguments is null)
                {
                    return null;
                }

                foreach (var name in names)
                {
                    foreach (var argument in arguments)
                    {
                        if (argument.NameEquals?.Name.Identifier.ValueText == name)
                        {
                            return argument;
                        }
                    }
                }

                return null;
            }

            private static HierarchyInfo GetHierarchy(INamedTypeSymbol symbol)
            {
                var containing = new List<ContainingTypeInfo>();
                for (var outer = symbol.ContainingType; outer is not null; outer = outer.ContainingType)
                {
                    containing.Insert(0, new ContainingTypeInfo(Keyword(outer), outer.Name));
                }

                string ns = symbol.ContainingNamespace.IsGlobalNamespace ? string.Empty : symbol.ContainingNamespace.ToDisplayString();
                string metadataName = symbol.Name;
                foreach (var outer in containing.AsEnumerable().Reverse())
                {
                    metadataName = outer.Name + "." + metadataName;
                }

                string hint = (ns.Length == 0 ? metadataName : ns + "." + metadataName) + ".OhemLoss.g.cs";
                return new HierarchyInfo(ns, symbol.Name, hint, EquatableArray.From(containing));
            }

            private static string Keyword(INamedTypeSymbol type) => type switch
            {
                { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
                { IsRecord: true } => "record",
                { TypeKind: TypeKind.Struct } => "struct",
                { TypeKind: TypeKind.Interface } => "interface",
                _ => "class",
            };

            private static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location location, params string[] arguments)
            {
                var span = location.GetLineSpan();
                return new DiagnosticInfo(
                    descriptor.Id, span.Path, location.SourceSpan.Start, location.SourceSpan.Length,
                    span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character,
                    EquatableArray.From(arguments));
            }
        }
    }
}
