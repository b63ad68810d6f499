using System.Collections.Generic;

namespace Ohem
{
    // The policy knobs with PaddleSegBootstrapped (docs/modes.md, "Knobs with the later modes"). Its texts are
    // BiSeNetV1's per image with the loss threshold loss_th, and every knob reads RuleMode, so each value acts on each
    // image's selection exactly as it does for BiSeNetV1 with Scope = PerImage; no value contradicts the rule.
    sealed partial class OhemSpec
    {
        /// <summary>
        /// The knob checks of PaddleSegBootstrapped. Returns false for the other modes, which the caller checks; true when
        /// this method has checked the spec.
        /// </summary>
        private bool ValidateRuleModeKnobs(List<OhemSpecProblem> problems)
        {
            _ = problems;
            return Mode == OhemMode.PaddleSegBootstrapped;
        }
    }
}
