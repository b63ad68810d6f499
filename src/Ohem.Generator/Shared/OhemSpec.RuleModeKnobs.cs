using System.Collections.Generic;

namespace Ohem
{
    // The policy knobs with PaddleSegBootstrapped, PaddleSegTopK and DeepLab2 (docs/modes.md, "Knobs with the later
    // modes"). PaddleSegBootstrapped's texts are BiSeNetV1's per image with the loss threshold loss_th, and every knob
    // reads RuleMode, so each value acts on each image's selection as it does for BiSeNetV1 with Scope = PerImage.
    // PaddleSegTopK and DeepLab2 are top-k selections: OnEmpty and Reduction go through the shared empty fix and Per,
    // Candidates = ValidOnly takes k from the valid count; Comparison and NMinPolicy they never read (OHEM0012).
    sealed partial class OhemSpec
    {
        /// <summary>DeepLab2 with Candidates = ValidOnly and a fraction below 1: k = round-half-even(float(r) × float(|Vₙ|)) per image.</summary>
        public bool IsValidOnlyDeepLab2 => Candidates == OhemCandidates.ValidOnly && Mode == OhemMode.DeepLab2 && EffectiveFraction != 1.0;

        /// <summary>
        /// The knob checks of modes 11-13. Returns false for the other modes, which the caller checks; true when this
        /// method has checked the spec. No value contradicts these modes.
        /// </summary>
        private bool ValidateRuleModeKnobs(List<OhemSpecProblem> problems)
        {
            _ = problems;
            return Mode == OhemMode.PaddleSegBootstrapped || IsTopKMode;
        }
    }
}
