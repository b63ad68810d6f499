using System;
using System.Collections.Generic;

namespace Ohem
{
    // The policy knobs with the later modes (MMSegByLoss ... PaddleSegBootstrapped): which values the per-batch texts of
    // modes 6-10 honour, and which ones contradict a mode (docs/modes.md, "Knobs", the later-modes table). The values a
    // mode never reads are OHEM0012 in the generator (OhemLossGenerator.Execute, UnusedKnobs).
    sealed partial class OhemSpec
    {
        /// <summary>TorchSeg or pytorch-loss with Comparison = Strict: p &lt; the cut-off (ℓ &gt; τ), their own rule being p ≤.</summary>
        public bool IsStrictInclusiveMode => Comparison == OhemComparison.Strict && (Mode == OhemMode.TorchSeg || Mode == OhemMode.PytorchLossOhem);

        /// <summary>DeepLabTF, ModelGarden or PaddleSegTopK with Candidates = ValidOnly and a fraction below 1: k = int(float(r) × float(valid)).</summary>
        public bool IsValidOnlyTfTopK => Candidates == OhemCandidates.ValidOnly && (Mode == OhemMode.DeepLabTF || Mode == OhemMode.ModelGarden || Mode == OhemMode.PaddleSegTopK)
            && EffectiveFraction != 1.0;

        /// <summary>TorchSeg with NMinPolicy = Clamp: min_kept above the valid count mines with k = valid instead of not mining.</summary>
        public bool ClampsTorchSegNMin => Mode == OhemMode.TorchSeg && NMinPolicy == OhemNMinPolicy.Clamp;

        /// <summary>The knobs a later mode never reads, with the reason OHEM0012 gives (the generator reports them where written).</summary>
        public static IEnumerable<(string Argument, string Reason)> UnusedLaterModeKnobs(OhemMode mode)
        {
            if (mode == OhemMode.MMSegByLoss || mode == OhemMode.DeepLabTF || mode == OhemMode.ModelGarden || mode == OhemMode.PaddleSegTopK || mode == OhemMode.DeepLab2)
            {
                yield return ("Comparison", "a top-k by count compares with no threshold");
            }

            if (mode == OhemMode.DeepLabTF || mode == OhemMode.ModelGarden || mode == OhemMode.PaddleSegTopK || mode == OhemMode.DeepLab2)
            {
                yield return ("NMinPolicy", "k = Fraction × pixels never exceeds the candidates");
            }

            if (mode == OhemMode.PytorchLossOhem)
            {
                yield return ("Candidates", "ignored pixels rank last, so the n_min lowest probabilities hold the valid pixels first either way");
            }
        }

        /// <summary>
        /// The knob checks of modes 6-13 (11-13 in OhemSpec.RuleModeKnobs.cs). Returns false for modes 0-5 (and undefined modes), which the rest of
        /// <see cref="ValidateKnobs"/> checks; true when this method has checked the spec.
        /// </summary>
        private bool ValidateLaterModeKnobs(List<OhemSpecProblem> problems)
        {
            if (Mode <= OhemMode.PaddleSeg || !Enum.IsDefined(typeof(OhemMode), Mode))
            {
                return false;
            }

            if (!HasKnob || ValidateRuleModeKnobs(problems))
            {
                return true;
            }

            // With or without ClassWeights and per image alike: TorchSeg's weights enter only its levels 4 and 5 (Σ w·ℓ / Σ w
            // over the kept set), never the ranking, so AllPixels has nothing to rank there either.
            if (Candidates == OhemCandidates.AllPixels && (Mode == OhemMode.MMSegByLoss || Mode == OhemMode.TorchSeg))
            {
                string ranked = Mode == OhemMode.MMSegByLoss ? "the losses" : "the true-class probabilities";
                problems.Add(new OhemSpecProblem(
                    OhemSpecProblemKind.KnobNotSupported, nameof(Candidates), "AllPixels",
                    $"Mode {ModeName(Mode)} ranks {ranked} of the valid pixels only"));
            }

            if (IsSum && AverageOverValid && Mode == OhemMode.MMSegByLoss)
            {
                problems.Add(new OhemSpecProblem(
                    OhemSpecProblemKind.KnobNotSupported, nameof(Reduction), "Sum",
                    "AverageOverValid = true asks for a divisor that a sum does not have"));
            }

            return true;
        }
    }
}
