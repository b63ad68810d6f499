using Microsoft.CodeAnalysis;
using Ohem;

namespace Ohem.Generator.Diagnostics
{
    /// <summary>Every diagnostic of the Ohem generator. Ids are never reused or renumbered.</summary>
    internal static class DiagnosticDescriptors
    {
        private const string Category = "Ohem.Usage";
        private const string HelpLink = "https://example.invalid/ohem/README.md#diagnostics";

        /// <summary>OHEM0001: "The class '{0}' has [OhemLoss] but is not partial; declare it 'partial class {0}' so the generator can add the loss".</summary>
        public static readonly DiagnosticDescriptor ClassNotPartial = Error("OHEM0001", "Class with [OhemLoss] must be partial",
            "The class '{0}' has [OhemLoss] but is not partial; declare it 'partial class {0}' so the generator can add the loss");

        /// <summary>OHEM0002: "The class '{0}' has [OhemLoss] but is static; the loss has instance state (scratch buffers, the last forward)".</summary>
        public static readonly DiagnosticDescriptor StaticClass = Error("OHEM0002", "Class with [OhemLoss] must not be static",
            "The class '{0}' has [OhemLoss] but is static; the loss has instance state (scratch buffers, the last forward)");

        /// <summary>OHEM0003: "The class '{0}' has [OhemLoss] but is generic or nested in a generic type; a loss spec is fixed at compile time".</summary>
        public static readonly DiagnosticDescriptor GenericClass = Error("OHEM0003", "Class with [OhemLoss] must not be generic or nested in a generic type",
            "The class '{0}' has [OhemLoss] but is generic or nested in a generic type; a loss spec is fixed at compile time");

        /// <summary>OHEM0004: "The class '{0}' is nested in '{1}', which is not partial; make every containing type partial".</summary>
        public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error("OHEM0004", "Types containing an [OhemLoss] class must be partial",
            "The class '{0}' is nested in '{1}', which is not partial; make every containing type partial");

        /// <summary>OHEM0005: "{0}" (Thresh is X, but it is a probability and must be in (0, 1]).</summary>
        public static readonly DiagnosticDescriptor ThreshOutOfRange = Error("OHEM0005", "Thresh must be a probability in (0, 1]", "{0}");

        /// <summary>OHEM0006: "{0}" (NMin is X, but it must be 0 or more).</summary>
        public static readonly DiagnosticDescriptor NMinNegative = Error("OHEM0006", "NMin must not be negative", "{0}");

        /// <summary>OHEM0007: "{0}" (NumClasses is X, but it must be 0 (given at run time) or at least 2).</summary>
        public static readonly DiagnosticDescriptor NumClassesInvalid = Error("OHEM0007", "NumClasses must be 0 or at least 2", "{0}");

        /// <summary>OHEM0008 (warning): "{0}" (IgnoreLabel is X, which is a real class in [0, NumClasses)).</summary>
        public static readonly DiagnosticDescriptor IgnoreLabelIsAClass = new DiagnosticDescriptor("OHEM0008", "IgnoreLabel is a real class", "{0}",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink);

        /// <summary>OHEM0009: "{0}" (IgnoreLabel is X, which the label type cannot hold).</summary>
        public static readonly DiagnosticDescriptor IgnoreLabelNotRepresentable = Error("OHEM0009", "IgnoreLabel is not representable in the label type", "{0}");

        /// <summary>OHEM0010: "{0}" (an enum argument is not a defined value).</summary>
        public static readonly DiagnosticDescriptor UndefinedEnumValue = Error("OHEM0010", "Undefined enum value", "{0}");

        /// <summary>OHEM0011: "{0}" (Fraction is X, but it must be in (0, 1]).</summary>
        public static readonly DiagnosticDescriptor FractionOutOfRange = Error("OHEM0011", "Fraction must be in (0, 1]", "{0}");

        /// <summary>OHEM0015: "{0}" (Thresh is X, but Mode paddleseg-bootstrapped reads it as a loss threshold, which must be finite and 0 or more).</summary>
        public static readonly DiagnosticDescriptor LossThreshOutOfRange = Error("OHEM0015", "A loss threshold must be finite and not negative", "{0}");

        /// <summary>OHEM0012 (warning): "{0} is given but Mode {1} does not use it ({2}); remove it or choose a mode that reads it".</summary>
        public static readonly DiagnosticDescriptor ArgumentUnused = new DiagnosticDescriptor("OHEM0012", "Argument not used by the chosen mode",
            "{0} is given but Mode {1} does not use it ({2}); remove it or choose a mode that reads it",
            Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink);

        /// <summary>OHEM0013: "{0}" (ClassWeights has X entries, but NumClasses is Y).</summary>
        public static readonly DiagnosticDescriptor ClassWeightsLength = Error("OHEM0013", "ClassWeights must have one weight per class, with NumClasses given", "{0}");

        /// <summary>OHEM0014: "{0}" (ClassWeights[i] is X, but a class weight must be a finite float32 value ≥ 0).</summary>
        public static readonly DiagnosticDescriptor ClassWeightInvalid = Error("OHEM0014", "Class weights must be finite and not negative", "{0}");

        /// <summary>OHEM0016: "{0}" (a knob value the mode or another argument cannot honour, and why).</summary>
        public static readonly DiagnosticDescriptor KnobNotSupported = Error("OHEM0016", "Knob value not supported with this mode", "{0}");

        /// <summary>OHEM0017: "{0}" (ClassWeights is given, but Mode X takes no class weights: ...).</summary>
        public static readonly DiagnosticDescriptor ClassWeightsUnsupported = Error("OHEM0017", "The chosen mode takes no class weights", "{0}");

        /// <summary>The descriptor for a spec problem found by <see cref="OhemSpec.Validate"/>.</summary>
        public static DiagnosticDescriptor For(OhemSpecProblemKind kind) => kind switch
        {
            OhemSpecProblemKind.ThreshOutOfRange => ThreshOutOfRange,
            OhemSpecProblemKind.NMinNegative => NMinNegative,
            OhemSpecProblemKind.NumClassesInvalid => NumClassesInvalid,
            OhemSpecProblemKind.IgnoreLabelIsAClass => IgnoreLabelIsAClass,
            OhemSpecProblemKind.IgnoreLabelNotRepresentable => IgnoreLabelNotRepresentable,
            OhemSpecProblemKind.FractionOutOfRange => FractionOutOfRange,
            OhemSpecProblemKind.ClassWeightsLength => ClassWeightsLength,
            OhemSpecProblemKind.ClassWeightInvalid => ClassWeightInvalid,
            OhemSpecProblemKind.LossThreshOutOfRange => LossThreshOutOfRange,
            OhemSpecProblemKind.KnobNotSupported => KnobNotSupported,
            OhemSpecProblemKind.ClassWeightsUnsupported => ClassWeightsUnsupported,
            _ => UndefinedEnumValue,
        };

        /// <summary>Looks a descriptor up by id (diagnostics travel through the pipeline as ids).</summary>
        public static DiagnosticDescriptor ById(string id) => id switch
        {
            "OHEM0001" => ClassNotPartial,
            "OHEM0002" => StaticClass,
            "OHEM0003" => GenericClass,
            "OHEM0004" => ContainingTypeNotPartial,
            "OHEM0005" => ThreshOutOfRange,
            "OHEM0006" => NMinNegative,
            "OHEM0007" => NumClassesInvalid,
            "OHEM0008" => IgnoreLabelIsAClass,
            "OHEM0009" => IgnoreLabelNotRepresentable,
            "OHEM0011" => FractionOutOfRange,
            "OHEM0012" => ArgumentUnused,
            "OHEM0013" => ClassWeightsLength,
            "OHEM0014" => ClassWeightInvalid,
            "OHEM0015" => LossThreshOutOfRange,
            "OHEM0016" => KnobNotSupported,
            "OHEM0017" => ClassWeightsUnsupported,
            _ => UndefinedEnumValue,
        };

        private static DiagnosticDescriptor Error(string id, string title, string message) =>
            new DiagnosticDescriptor(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink);
    }
}
