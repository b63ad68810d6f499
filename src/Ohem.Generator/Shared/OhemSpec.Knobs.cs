using System;
using System.Collections.Generic;
using System.Globalization;

namespace Ohem
{
    // The policy knobs (docs/modes.md, "Knobs"): each is Default unless written, and a Default knob changes neither the
    // key nor the emitted text. The resolved properties below say what each mode does with them; the emitter, the CPU
    // engine and the host checks all read these, never the raw values.
    sealed partial class OhemSpec
    {
        /// <summary>Strict or inclusive threshold and cut-off comparisons.</summary>
        public OhemComparison Comparison { get; }

        /// <summary>The loss when nothing is kept.</summary>
        public OhemOnEmpty OnEmpty { get; }

        /// <summary>What happens when n_min is at least the candidate count.</summary>
        public OhemNMinPolicy NMinPolicy { get; }

        /// <summary>Which pixels a top-k ranks.</summary>
        public OhemCandidates Candidates { get; }

        /// <summary>The mode's mean or the plain kept sum.</summary>
        public OhemReduction Reduction { get; }

        /// <summary>Whether the mode compares inclusively: ℓ ≥ τ, and (HRNet, MMSegSampler, PaddleSeg) every tie at the cut-off kept. TopKPercent has no threshold.</summary>
        public bool IsInclusiveKnob => Comparison == OhemComparison.Inclusive && Mode != OhemMode.TopKPercent && !OhemCudaEmitter.IsMoreMode(Mode);

        /// <summary>Whether the loss is the kept sum, not divided by the mode's normaliser.</summary>
        public bool IsSum => Reduction == OhemReduction.Sum;

        /// <summary>Whether a top-k of BiSeNetV1 (PaddleSegBootstrapped) or TopKPercent ranks only the valid pixels (k at most the valid count).</summary>
        public bool IsValidOnlyTopK => Candidates == OhemCandidates.ValidOnly && (RuleMode == OhemMode.BiSeNetV1 || Mode == OhemMode.TopKPercent);

        /// <summary>
        /// The loss of an empty selection as the kernels leave it: NaN (a mean of nothing) for BiSeNetV1/V2, HRNet and
        /// TopKPercent, 0 for MMSegSampler and PaddleSeg, 0 for any mode with <see cref="OhemReduction.Sum"/> (the sum of
        /// nothing); <see cref="OhemOnEmpty.NaN"/> and <see cref="OhemOnEmpty.Zero"/> override it. Throw keeps this value on
        /// the device and raises when the result is read on the host.
        /// </summary>
        public bool EmptyIsNaN => OnEmpty switch
        {
            OhemOnEmpty.NaN => true,
            OhemOnEmpty.Zero => false,
            _ => !IsSum && !HasDivisor,
        };

        /// <summary>
        /// Whether the emitted text sets the empty loss explicitly: the modes' own texts reach their values by 0 / 0 or
        /// 0 / divisor, which a Sum or an explicit NaN/Zero changes.
        /// </summary>
        public bool FixesEmptyLoss => IsSum || OnEmpty == OhemOnEmpty.NaN || OnEmpty == OhemOnEmpty.Zero;

        /// <summary>Whether BiSeNetV1 (PaddleSegBootstrapped: per image, H·W) clamps NMin to N·H·W on the host instead of throwing (the seed raises IndexError).</summary>
        public bool ClampsNMinToPixels => RuleMode == OhemMode.BiSeNetV1 && NMinPolicy == OhemNMinPolicy.Clamp && !IsValidOnlyTopK;

        /// <summary>Whether BiSeNetV1 throws before the forward when NMin ≥ N·H·W (its default, over all pixels).</summary>
        public bool ThrowsNMinBeyondPixels => NMinMustBeBelowPixels;

        /// <summary>The key fragments of the knobs that are not Default, in the global order.</summary>
        private string KnobKey =>
            (Comparison != OhemComparison.Default ? ";compare=" + ComparisonName(Comparison) : string.Empty)
            + (OnEmpty != OhemOnEmpty.Default ? ";on-empty=" + OnEmptyName(OnEmpty) : string.Empty)
            + (NMinPolicy != OhemNMinPolicy.Default ? ";nmin-policy=" + NMinPolicyName(NMinPolicy) : string.Empty)
            + (Candidates != OhemCandidates.Default ? ";candidates=" + CandidatesName(Candidates) : string.Empty)
            + (Reduction != OhemReduction.Default ? ";reduction=" + ReductionName(Reduction) : string.Empty);

        /// <summary>Undefined knob values (OHEM0010), then combinations the mode cannot honour (OHEM0016).</summary>
        private void ValidateKnobs(List<OhemSpecProblem> problems)
        {
            Undefined(problems, typeof(OhemComparison), Comparison, nameof(Comparison));
            Undefined(problems, typeof(OhemOnEmpty), OnEmpty, nameof(OnEmpty));
            Undefined(problems, typeof(OhemNMinPolicy), NMinPolicy, nameof(NMinPolicy));
            Undefined(problems, typeof(OhemCandidates), Candidates, nameof(Candidates));
            Undefined(problems, typeof(OhemReduction), Reduction, nameof(Reduction));
            if (ValidateLaterModeKnobs(problems))
            {
                // Modes 6-13 have their own checks; modes 0-5 take every knob per batch or per image, with or without
                // class weights, except the values below.
                return;
            }

            bool validOnlyMode = Mode == OhemMode.HRNet || Mode == OhemMode.MMSegSampler || Mode == OhemMode.PaddleSeg;
            if (Candidates == OhemCandidates.AllPixels && validOnlyMode)
            {
                problems.Add(new OhemSpecProblem(
                    OhemSpecProblemKind.KnobNotSupported, nameof(Candidates), "AllPixels",
                    $"Mode {ModeName(Mode)} ranks the true-class probabilities of the valid pixels only"));
            }

            if (IsSum && AverageOverValid && Mode == OhemMode.MMSegSampler)
            {
                problems.Add(new OhemSpecProblem(
                    OhemSpecProblemKind.KnobNotSupported, nameof(Reduction), "Sum",
                    "AverageOverValid = true asks for a divisor that a sum does not have"));
            }
        }

        /// <summary>Whether any knob is not Default.</summary>
        public bool HasKnob => Comparison != OhemComparison.Default || OnEmpty != OhemOnEmpty.Default
            || NMinPolicy != OhemNMinPolicy.Default || Candidates != OhemCandidates.Default || Reduction != OhemReduction.Default;

        private static void Undefined(List<OhemSpecProblem> problems, Type type, object value, string argument)
        {
            if (!Enum.IsDefined(type, value))
            {
                problems.Add(new OhemSpecProblem(OhemSpecProblemKind.UndefinedEnumValue, argument, ((int)value).ToString(CultureInfo.InvariantCulture)));
            }
        }

        /// <summary>The key and CLI name of a comparison.</summary>
        public static string ComparisonName(OhemComparison value) => value switch
        {
            OhemComparison.Default => "default",
            OhemComparison.Strict => "strict",
            OhemComparison.Inclusive => "inclusive",
            _ => "comparison" + ((int)value).ToString(CultureInfo.InvariantCulture),
        };

        /// <summary>The key and CLI name of an empty-selection policy.</summary>
        public static string OnEmptyName(OhemOnEmpty value) => value switch
        {
            OhemOnEmpty.Default => "default",
            OhemOnEmpty.NaN => "nan",
            OhemOnEmpty.Zero => "zero",
            OhemOnEmpty.Throw => "throw",
            _ => "on-empty" + ((int)value).ToString(CultureInfo.InvariantCulture),
        };

        /// <summary>The key and CLI name of an n_min policy.</summary>
        public static string NMinPolicyName(OhemNMinPolicy value) => value switch
        {
            OhemNMinPolicy.Default => "default",
            OhemNMinPolicy.Throw => "throw",
            OhemNMinPolicy.Clamp => "clamp",
            _ => "nmin-policy" + ((int)value).ToString(CultureInfo.InvariantCulture),
        };

        /// <summary>The key and CLI name of a candidate set.</summary>
        public static string CandidatesName(OhemCandidates value) => value switch
        {
            OhemCandidates.Default => "default",
            OhemCandidates.AllPixels => "all",
            OhemCandidates.ValidOnly => "valid",
            _ => "candidates" + ((int)value).ToString(CultureInfo.InvariantCulture),
        };

        /// <summary>The key and CLI name of a reduction.</summary>
        public static string ReductionName(OhemReduction value) => value switch
        {
            OhemReduction.Default => "default",
            OhemReduction.Mean => "mean",
            OhemReduction.Sum => "sum",
            _ => "reduction" + ((int)value).ToString(CultureInfo.InvariantCulture),
        };

        /// <summary>The knob value among <paramref name="values"/> named <paramref name="name"/> by <paramref name="nameOf"/> (ordinal, case-insensitive), for the CLI.</summary>
        public static bool TryParseKnob<T>(string? name, T[] values, Func<T, string> nameOf, out T value)
            where T : struct
        {
            foreach (T candidate in values)
            {
                if (string.Equals(name, nameOf(candidate), StringComparison.OrdinalIgnoreCase))
                {
                    value = candidate;
                    return true;
                }
            }

            value = default;
            return false;
        }
    }
}
