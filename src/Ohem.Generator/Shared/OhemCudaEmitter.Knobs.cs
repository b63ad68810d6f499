namespace Ohem
{
    // The knobs' pieces of the CUDA text. Each returns the mode's own text for a Default knob, so a spec without knobs
    // emits exactly what it emitted before they existed.
    static partial class OhemCudaEmitter
    {
        /// <summary>
        /// The forward's threshold test. Inclusive keeps ℓ ≥ τ; an ignored pixel (ℓ = 0) must not count even when
        /// τ = 0 (Thresh = 1), so the label is tested too.
        /// </summary>
        private static string AboveTest(OhemSpec spec) => spec.IsInclusiveKnob
            ? "loss >= OHEM_THRESH_LOSS && raw != OHEM_IGNORE"
            : "loss > OHEM_THRESH_LOSS";

        /// <summary>The backward's threshold comparison (an ignored pixel it lets through gets no gradient anyway).</summary>
        private static string AboveOperator(OhemSpec spec) => spec.IsInclusiveKnob ? ">=" : ">";

        /// <summary>" / divisor", or nothing when the reduction is the plain kept sum.</summary>
        private static string Per(OhemSpec spec, string divisor) => spec.IsSum ? string.Empty : " / " + divisor;

        /// <summary>BiSeNetV1's k: NMin as passed (the host checked or clamped it), or at most the valid count.</summary>
        private static string BiSeNetK(OhemSpec spec) => spec.IsValidOnlyTopK
            ? "(u64)n_min < valid ? (u64)n_min : valid"
            : "(u64)n_min";

        /// <summary>TopKPercent's k over all pixels (ignored ones as zeros) or over the valid ones.</summary>
        private static string TopKPercentK(OhemSpec spec, string fraction) => spec.IsValidOnlyTopK
            ? "        // k = int(fraction * valid): only the valid pixels are candidates.\n        const u64 k = (u64)((double)valid * " + fraction + ");"
            : "        // k = int(fraction * N*H*W), ignored pixels included as zeros.\n        const u64 k = (u64)((double)num_pixels * " + fraction + ");";

        /// <summary>Sets the empty selection's loss where a knob changes it (see <see cref="OhemSpec.EmptyIsNaN"/>).</summary>
        private static string EmptyFix(OhemSpec spec, string guard)
        {
            if (!spec.FixesEmptyLoss)
            {
                return string.Empty;
            }

            bool nan = spec.EmptyIsNaN;
            return "        if (" + guard + "state->kept == 0ull)\n        {\n"
                + "            // Nothing kept: the loss is " + (nan ? "NaN" : "0") + " (OnEmpty, Reduction) and the gradient zero.\n"
                + "            state->loss64 = " + (nan ? "__longlong_as_double(0x7ff8000000000000ll)" : "0.0") + ";\n"
                + "            state->loss = " + (nan ? "__uint_as_float(0x7fc00000u)" : "0.0f") + ";\n"
                + "        }\n";
        }

        /// <summary>The select kernel's last step followed by the empty fix, inside its thread-0 block.</summary>
        private static string WithEmptyFix(OhemSpec spec, string final)
        {
            // Weighted probability modes finish at level 4, which carries the fix (OhemCudaEmitter.Weights).
            string fix = spec.HasWeightedLosses ? string.Empty : EmptyFix(spec, string.Empty);
            if (fix.Length == 0)
            {
                return final;
            }

            const string last = "        state->refine = 0u;\n";
            int at = final.LastIndexOf(last, System.StringComparison.Ordinal) + last.Length;
            return final.Substring(0, at) + fix + final.Substring(at);
        }

        /// <summary>
        /// The last select step of HRNet and MMSegSampler with Comparison = Inclusive: p ≤ θ keeps every key at or above
        /// v, the ties included. At v = 0 that is every valid pixel (the ignored ones tie at 0 but are not candidates).
        /// </summary>
        private static string InclusiveFinal(string comment, string divisor, string refine) => "    if (threadIdx.x == 0)\n    {\n" + comment + $$"""
        const float v = __uint_as_float(key);
        const u64 r = s_rest;
        const u64 tied = hist[s_bin];
        const u64 kept = key == 0u ? state->valid : (state->k - r) + tied;
        const double total = ((state->sum_selected + sum) + higher) + (double)tied * (double)v;
        state->sum_selected = total;
        state->kept = kept;
        state->loss64 = total{{divisor}};
        state->loss = (float)state->loss64;
        state->threshold = v;
        state->key = key;
        state->ties_keep = tied;
        state->ties_total = tied;
        state->needs_tie_ranks = 0u;
        state->ties = OHEM_TIES_ALL;
        state->refine = {{refine}};
    }
}


""";

        /// <summary>PaddleSeg's last select step with Comparison = Inclusive: mining keeps every key at or above v.</summary>
        private static string PaddleInclusiveFinal(OhemSpec spec) => $$"""
    if (threadIdx.x == 0)
    {
        // Mining (ties none until here), inclusive: v is the min_kept-th largest key and every key at or above it is
        // kept (p <= the cut-off; at v = 0 every valid pixel); the divisor gains the kept count. No mining (ties by
        // rank): all valid pixels, the ties at v by rank, divisor already whole.
        const float v = __uint_as_float(key);
        const u64 r = s_rest;
        const u64 tied = hist[s_bin];
        const bool mining = state->ties == OHEM_TIES_NONE;
        const double above_v = (state->sum_selected + sum) + higher;
        const double total = mining ? above_v + (double)tied * (double)v : above_v + (double)r * (double)v;
        const u64 kept = mining ? (key == 0u ? state->valid : (state->k - r) + tied) : state->k;
        state->sum_selected = total;
        state->kept = kept;
        state->divisor = mining ? (double)kept + state->divisor : state->divisor;
        state->loss64 = total{{Per(spec, "state->divisor")}};
        state->loss = (float)state->loss64;
        state->threshold = v;
        state->key = key;
        state->ties_keep = mining ? tied : r;
        state->ties_total = tied;
        state->needs_tie_ranks = !mining && r < tied ? 1u : 0u;
        state->ties = mining ? OHEM_TIES_ALL : (r < tied ? OHEM_TIES_RANK : OHEM_TIES_ALL);
        state->refine = {{RefineAfterSelect(spec)}};
    }
}


""";
    }
}
