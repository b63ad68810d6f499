using Ohem.Generator.Helpers;

namespace Ohem.Generator.Models
{
    /// <summary>A type containing the attributed class: its keyword ("class", "record struct", ...) and name.</summary>
    internal sealed record ContainingTypeInfo(string Keyword, string Name);

    /// <summary>Where the attributed class lives: namespace ("" for the global one), containing types outermost first.</summary>
    internal sealed record HierarchyInfo(string Namespace, string ClassName, string HintName, EquatableArray<ContainingTypeInfo> ContainingTypes);

    /// <summary>The attribute's values as plain numbers (enums as their integer values).</summary>
    internal sealed record SpecInfo(double Thresh, long NMin, int IgnoreLabel, int NumClasses, int Logits, int Labels, int Mode, double Fraction, bool AverageOverValid, int Layout,
        EquatableArray<double>? ClassWeights, int Scope, int Comparison, int OnEmpty, int NMinPolicy, int Candidates, int Reduction)
    {
        public OhemSpec ToSpec() => new OhemSpec(Thresh, NMin, IgnoreLabel, NumClasses, (OhemLogits)Logits, (OhemLabels)Labels, (OhemMode)Mode, Fraction, AverageOverValid, (OhemLayout)Layout,
            ClassWeights is { } weights ? System.Linq.Enumerable.ToArray(weights) : null, (OhemScope)Scope,
            (OhemComparison)Comparison, (OhemOnEmpty)OnEmpty, (OhemNMinPolicy)NMinPolicy, (OhemCandidates)Candidates, (OhemReduction)Reduction);
    }

    /// <summary>A diagnostic to report, with its location as numbers (never a Location or SyntaxTree, which would defeat caching).</summary>
    internal sealed record DiagnosticInfo(
        string Id, string FilePath, int SpanStart, int SpanLength, int StartLine, int StartCharacter, int EndLine, int EndCharacter,
        EquatableArray<string> Arguments);

    /// <summary>Everything the generator knows about one attributed class. Spec is null when the attribute has errors.</summary>
    internal sealed record OhemLossInfo(HierarchyInfo Hierarchy, SpecInfo? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
}
