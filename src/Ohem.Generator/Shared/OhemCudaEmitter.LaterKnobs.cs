namespace Ohem
{
    // The knobs' pieces of the later modes' CUDA text (MMSegByLoss, DeepLabTF, ModelGarden, TorchSeg, PytorchLossOhem).
    // Reduction = Sum goes through Per(...) in OhemCudaEmitter.MoreModes.cs, OnEmpty through the shared empty fix; the
    // pieces here are the ones only these modes have. Each gives the mode's own text for a Default knob.
    static partial class OhemCudaEmitter
    {
        /// <summary>Whether the mode keeps every valid pixel without counting hard ones: inclusive with Thresh 1 (τ = 0).</summary>
        private static bool KeepsEveryValid(OhemSpec spec) => spec.IsInclusive && spec.ThreshLoss == 0f;

        /// <summary>The comments' word for the threshold comparison of TorchSeg and pytorch-loss.</summary>
        private static string AtOrAbove(OhemSpec spec) => spec.IsStrictInclusiveMode ? "above" : "at or above";

        /// <summary>The hard count with Comparison = Strict: OHEM_THRESH_LOSS is thresh_loss itself, so the forward counted ℓ &gt; τ.</summary>
        private const string StrictHardCount =
            "        // Comparison = Strict (p < thresh): the forward counted loss > thresh_loss over the valid pixels.\n        const u64 hard = above;";

        /// <summary>TorchSeg's k: min_kept, or with NMinPolicy = Clamp at most the valid count (mining instead of none).</summary>
        private static string TorchSegK(OhemSpec spec) => spec.ClampsTorchSegNMin
            ? "        // NMinPolicy = Clamp: min_kept above the valid count is read as the valid count, so mining goes on.\n"
              + "        const u64 k = (u64)n_min < valid ? (u64)n_min : valid;"
            : "        const u64 k = (u64)n_min;";

        /// <summary>TorchSeg's mining ties: all at the cut-off (p ≤ θ), none with Comparison = Strict (p &lt; θ).</summary>
        private static string TorchSegMiningTies(OhemSpec spec) => spec.IsStrictInclusiveMode ? "OHEM_TIES_NONE" : "OHEM_TIES_ALL";

        /// <summary>k of DeepLabTF/ModelGarden with Candidates = ValidOnly: TF's float32 product over the valid count.</summary>
        private static string ValidOnlyTfTopKCount(OhemSpec spec) => $$"""
        // Candidates = ValidOnly: k = int(r * float(valid)) in float32, as TF computes it; at most valid.
        const float scaled = {{F((float)spec.EffectiveFraction)}} * (float)valid;
        const u64 k = (u64)scaled < valid ? (u64)scaled : valid;
""";

        /// <summary>
        /// TorchSeg's last select step with Comparison = Strict: mining (ties none) keeps only the keys above v, the
        /// min_kept-th largest (p &lt; θ); no mining (ties all) keeps every valid pixel as before.
        /// </summary>
        private static string TorchSegStrictFinal(OhemSpec spec) => $$"""
        if (state->ties == OHEM_TIES_NONE)
        {
            // Strict: the keys above v; the ties at v are dropped, so nothing may be kept.
            const u64 kept = state->k - r;
            state->sum_selected = above_v;
            state->kept = kept;
            state->loss64 = above_v{{Per(spec, "(double)kept")}};
            state->loss = (float)state->loss64;
            state->ties_keep = 0ull;
            state->ties_total = tied;
            state->needs_tie_ranks = 0u;
        }
        else
        {
{{InclusiveFinal(spec, "            ")}}
        }
""";
    }
}
