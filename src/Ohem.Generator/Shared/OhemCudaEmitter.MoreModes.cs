namespace Ohem
{
    static partial class OhemCudaEmitter
    {
        // The decide and final-select text of MMSegByLoss, DeepLabTF, ModelGarden, TorchSeg and PytorchLossOhem, hooked
        // into the switches of OhemCudaEmitter.Modes.cs. As there, only the chosen mode's text is emitted.

        /// <summary>The modes whose decide and select text live in this file.</summary>
        internal static bool IsMoreMode(OhemMode mode) =>
            mode == OhemMode.MMSegByLoss || mode == OhemMode.DeepLabTF || mode == OhemMode.ModelGarden
            || mode == OhemMode.TorchSeg || mode == OhemMode.PytorchLossOhem || IsTopKMode(mode);

        /// <summary>Model Garden's EPSILON, added to its top-k normaliser.</summary>
        public const double ModelGardenEpsilon = 1e-5;

        private static string MoreDecideComment(OhemSpec spec) => spec.Mode switch
        {
            _ when IsTopKMode(spec.Mode) => TopKDecideComment(spec),
            OhemMode.MMSegByLoss => """
// One block. Reduces the forward partials in a fixed order and applies mmseg's OHEMPixelSampler(thresh=None) rule:
// the min(min_kept * N, valid) largest losses (only valid pixels have a positive loss), found by exact radix
// selection starting here, then its CrossEntropyLoss with the sampler's 0/1 weights: the kept sum over the divisor.

""",
            OhemMode.DeepLabTF => """
// One block. Reduces the forward partials in a fixed order and applies TF DeepLab's top_k_percent_pixels rule: the
// sum of the k largest losses over all pixels divided by how many of them are non-zero (0 when none), the k-th
// largest found by exact radix selection starting here.

""",
            OhemMode.ModelGarden => """
// One block. Reduces the forward partials in a fixed order and applies TF Model Garden's SegmentationLoss top-k rule:
// the sum of the k largest losses over all pixels divided by min(k, valid) + 1e-5, the k-th largest found by exact
// radix selection starting here.

""",
            OhemMode.TorchSeg => """
// One block. Reduces the forward partials in a fixed order and applies TorchSeg's ProbOhemCrossEntropy2d in the loss
// domain: with 0 < min_kept <= valid the cut-off is min(min_kept-th largest loss, thresh_loss) and the valid losses
// at or above it are kept (inclusive: p <= max(p_(min_kept-1), thresh)); otherwise every valid pixel. The mean.

""",
            _ => """
// One block. Reduces the forward partials in a fixed order and applies pytorch-loss's ohem_cpp relabelling in the loss
// domain: with n_min < N*H*W the valid pixels among the n_min largest keys (ties by flat index, as its stable sort)
// or at or above thresh_loss (p <= thresh) are kept; otherwise every valid pixel. The mean.

""",
        };

        /// <summary>The decide kernel's last arguments: the host passes NMin (min_kept × N for MMSegByLoss) and N·H·W.</summary>
        private static string MoreDecideArgument(OhemSpec spec) => spec.Mode == OhemMode.DeepLabTF || spec.Mode == OhemMode.ModelGarden || IsTopKMode(spec.Mode)
            ? "/* n_min: not read */, i64 num_pixels"
            : "n_min, i64 num_pixels";

        private static string MoreDecideBody(OhemSpec spec) => spec.Mode switch
        {
            _ when IsTopKMode(spec.Mode) => TopKDecideBody(spec),
            OhemMode.MMSegByLoss => $$"""
    if (threadIdx.x == 0)
    {
        // k = min(min_kept * N, valid): mmseg sorts the valid pixels' losses and weights the first min_kept * N.
{{MMSegDivisorComment(spec)}}
        const u64 k = (u64)n_min < valid ? (u64)n_min : valid;
{{CommonDecideFields}}
        state->divisor = {{MMSegDivisor(spec)}};
{{TopKStart("k > 0ull ? 1u : 0u")}}
        if (k == 0ull)
        {
            // No weight is 1, so the loss is 0.
{{EmptyResult("0.0", "0.0f")}}
        }

""",
            OhemMode.DeepLabTF => $$"""
    if (threadIdx.x == 0)
    {
{{FixedTopKCount(spec)}}
{{CommonDecideFields}}
{{TopKStart("k > 0ull ? 1u : 0u")}}
        if (k == 0ull)
        {
            // _div_maybe_zero: nothing present gives 0.
{{EmptyResult("0.0", "0.0f")}}
        }

""",
            OhemMode.ModelGarden => $$"""
    if (threadIdx.x == 0)
    {
{{FixedTopKCount(spec)}}
{{CommonDecideFields}}
        state->divisor = (double)(k < valid ? k : valid) + {{Literals.Double(ModelGardenEpsilon)}};
{{TopKStart("k > 0ull ? 1u : 0u")}}
        if (k == 0ull)
        {
            // 0 / (0 + 1e-5).
{{EmptyResult("0.0", "0.0f")}}
        }

""",
            OhemMode.TorchSeg => $$"""
    if (threadIdx.x == 0)
    {
{{HardCount(spec)}}
{{TorchSegK(spec)}}
{{CommonDecideFields}}
        state->ties = {{TorchSegMiningTies(spec)}};
        if (k > 0ull && k <= valid)
        {
            // At least min_kept losses {{AtOrAbove(spec)}} thresh_loss put the min_kept-th largest there: the threshold wins.
            state->k = k;
{{(spec.DividesByWeightSum ? WeightSumAbove("            ") : InclusiveAbove(spec, "            "))}}
            else
            {
                state->rule = OHEM_RULE_TOPK;
                state->kept = 0ull;
                state->remaining = k;
                state->refine = 1u;
            }
        }
        else
        {
            // No mining (min_kept > valid, or 0).
{{EveryValid("            ")}}
        }

""",
            _ => PytorchLossDecide(spec),
        };

        private static string PytorchLossDecide(OhemSpec spec)
        {
            string k = spec.Fraction != 0
                ? "        // n_min = int(N*H*W * fraction) (pytorch-loss's n_min=None is numel // 16).\n        const u64 k = (u64)((double)num_pixels * " + Literals.Double(spec.EffectiveFraction) + ");"
                : "        const u64 k = (u64)n_min;";
            // Thresh 1 keeps every valid pixel whatever n_min is, so that text needs no count of hard pixels.
            string hard = KeepsEveryValid(spec) ? string.Empty : HardCount(spec) + "\n";
            string head = $$"""
    if (threadIdx.x == 0)
    {
{{hard}}{{k}}
{{CommonDecideFields}}
        state->k = k;

""";
            if (KeepsEveryValid(spec))
            {
                return head + $$"""
        // Thresh 1: every valid probability is at or below it, so every valid pixel is kept.
{{EveryValid("        ")}}

""";
            }

            return head + $$"""
        if (k < (u64)num_pixels)
        {
            // At least n_min losses {{AtOrAbove(spec)}} thresh_loss: the n_min largest are among them.
{{InclusiveAbove(spec, "            ")}}
            else
            {
                // The n_min largest keys, ties by flat index; the final step keeps the valid ones.
                state->ties = OHEM_TIES_RANK;
                state->rule = OHEM_RULE_TOPK;
                state->kept = 0ull;
                state->remaining = k;
                state->refine = 1u;
            }
        }
        else
        {
            // n_min >= N*H*W: no relabelling, plain cross-entropy over the valid pixels.
{{EveryValid("            ")}}
        }

""";
        }

        private const string CommonDecideFields = """
        state->valid = valid;
        state->count_above = above;
        state->nan_count = nans;
        state->sum_selected = 0.0;
        state->prefix = 0u;
""";

        private static string TopKStart(string refine) => $$"""
        state->rule = OHEM_RULE_TOPK;
        state->k = k;
        state->kept = k;
        state->remaining = k;
        state->refine = {{refine}};
""";

        private static string EmptyResult(string loss64, string loss) => $$"""
            state->loss64 = {{loss64}};
            state->loss = {{loss}};
            state->threshold = __uint_as_float(0x7fc00000u);
""";

        /// <summary>k of the TF top-k modes: the valid count for fraction 1, else int(float(r) × float(N·H·W)) as TF computes it.</summary>
        private static string FixedTopKCount(OhemSpec spec) => spec.IsValidOnlyTfTopK ? ValidOnlyTfTopKCount(spec) : spec.EffectiveFraction == 1.0
            ? """
        // top_k_percent_pixels == 1: every valid pixel.
        const u64 k = valid;
"""
            : $$"""
        // k = int(r * float(N*H*W)) in float32, as TF computes it; at most N*H*W.
        const float scaled = {{F((float)spec.EffectiveFraction)}} * (float)num_pixels;
        const u64 k = (u64)scaled < (u64)num_pixels ? (u64)scaled : (u64)num_pixels;
""";

        /// <summary>
        /// The valid pixels with loss ≥ thresh_loss. The forward counts loss &gt; OHEM_THRESH_LOSS, the float below
        /// thresh_loss; with Thresh 1 that float is negative and ignored pixels pass too, so every non-NaN valid pixel.
        /// </summary>
        private static string HardCount(OhemSpec spec) => spec.IsStrictInclusiveMode ? StrictHardCount : spec.ThreshLoss == 0f
            ? "        // Thresh 1: every valid pixel that is not NaN has loss >= 0.\n        const u64 hard = valid - nans;"
            : "        // OHEM_THRESH_LOSS is the float below thresh_loss, so the forward counted loss >= thresh_loss.\n        const u64 hard = above;";

        private static string InclusiveAbove(OhemSpec spec, string indent) => Indent(indent, $$"""
if (hard >= k)
{
    state->rule = OHEM_RULE_ABOVE;
    state->kept = hard;
    state->loss64 = sum{{Per(spec, "(double)hard")}};
    state->loss = (float)state->loss64;
    state->threshold = OHEM_THRESH_LOSS;
    state->refine = 0u;
}
""");

        private static string EveryValid(string indent) => Indent(indent, """
// Every valid pixel: the valid-count largest keys with all ties at the cut-off; none gives NaN (a mean of nothing).
state->ties = OHEM_TIES_ALL;
state->rule = OHEM_RULE_TOPK;
state->k = valid;
state->kept = valid;
state->remaining = valid;
state->refine = valid > 0ull ? 1u : 0u;
if (valid == 0ull)
{
    state->loss64 = __longlong_as_double(0x7ff8000000000000ll);
    state->loss = __uint_as_float(0x7fc00000u);
    state->threshold = __uint_as_float(0x7fc00000u);
}
""");

        private static string Indent(string indent, string text) =>
            indent + text.Replace("\n", "\n" + indent);

        private static string MoreSelectFinal(OhemSpec spec) => spec.Mode switch
        {
            _ when IsTopKMode(spec.Mode) => TopKSelectFinal(spec),
            OhemMode.MMSegByLoss => RankedFinal(spec,
                "        // v is the k-th largest key: the losses above it and r of those equal to it (ties by rank) over the divisor.\n",
                "state->divisor"),
            OhemMode.ModelGarden => RankedFinal(spec,
                "        // v is the k-th largest key: the losses above it and r of those equal to it (ties by rank) over min(k, valid) + 1e-5.\n",
                "state->divisor"),
            OhemMode.DeepLabTF when spec.EffectiveFraction == 1.0 => RankedFinal(spec,
                "        // v is the valid-count-th largest key: every valid loss (ties by rank) over the valid count.\n",
                "(double)state->k"),
            OhemMode.DeepLabTF => FinalBlock($$"""
        // v is the k-th largest key. TF divides by the non-zero losses among the top k: all k when v > 0, else the k - r
        // above v (the zeros get no gradient); none gives 0 (_div_maybe_zero).
{{NonZeroTopK(spec, "0.0")}}
"""),
            OhemMode.TorchSeg when spec.IsStrictInclusiveMode => FinalBlock(TorchSegStrictFinal(spec), RefineAfterSelect(spec)),
            OhemMode.TorchSeg => FinalBlock($$"""
{{InclusiveFinal(spec, "        ")}}
""", RefineAfterSelect(spec)),
            _ => FinalBlock($$"""
        if (state->ties == OHEM_TIES_ALL)
        {
{{InclusiveFinal(spec, "            ")}}
        }
        else
        {
            // v is the n_min-th largest key: keys above it and r of those equal to it by rank are all valid when v > 0.
            // With v = 0 the rank slots at 0 hold ignored pixels (and valid ones with a loss of exactly 0, which
            // pytorch-loss would count and Ohem does not); the positive losses are kept, NaN when there are none.
{{Indent("    ", NonZeroTopK(spec, "__longlong_as_double(0x7ff8000000000000ll)"))}}
        }
"""),
        };

        private static string FinalBlock(string body, string refine = "0u") => "    if (threadIdx.x == 0)\n    {\n" + """
        const float v = __uint_as_float(key);
        const u64 r = s_rest;
        const u64 tied = hist[s_bin];
        const double above_v = (state->sum_selected + sum) + higher;

""" + body.TrimEnd('\n') + "\n        state->threshold = v;\n        state->key = key;\n        state->refine = " + refine + ";\n    }\n}\n\n";

        /// <summary>The top k with ties by rank, the kept sum over <paramref name="divisor"/>; kept stays k.</summary>
        private static string RankedFinal(OhemSpec spec, string comment, string divisor) => FinalBlock(comment + $$"""
        const double total = above_v + (double)r * (double)v;
        state->sum_selected = total;
        state->loss64 = total{{Per(spec, divisor)}};
        state->loss = (float)state->loss64;
        state->ties_keep = r;
        state->ties_total = tied;
        state->needs_tie_ranks = r < tied ? 1u : 0u;
        state->ties = r < tied ? OHEM_TIES_RANK : OHEM_TIES_ALL;

""");

        /// <summary>The top k, but with v = 0 only the k − r positive losses (ties none); kept 0 gives <paramref name="empty"/>.</summary>
        private static string NonZeroTopK(OhemSpec spec, string empty) => $$"""
        const bool zero = key == 0u;
        const double total = zero ? above_v : above_v + (double)r * (double)v;
        const u64 kept = zero ? state->k - r : state->k;
        state->sum_selected = total;
        state->kept = kept;
        state->loss64 = {{(spec.IsSum ? "total" : "kept != 0ull ? total / (double)kept : " + empty)}};
        state->loss = (float)state->loss64;
        state->ties_keep = zero ? 0ull : r;
        state->ties_total = tied;
        state->needs_tie_ranks = !zero && r < tied ? 1u : 0u;
        state->ties = zero ? OHEM_TIES_NONE : (r < tied ? OHEM_TIES_RANK : OHEM_TIES_ALL);
""";

        /// <summary>Inclusive: every key at or above v, all ties; with v = 0 that is every valid pixel.</summary>
        private static string InclusiveFinal(OhemSpec spec, string indent) => Indent(indent, $$"""
// Inclusive: every key at or above v (all the ties at v); with v = 0 that is every valid pixel.
const bool zero = key == 0u;
const double total = above_v + (double)tied * (double)v;
const u64 kept = zero ? state->valid : (state->k - r) + tied;
state->sum_selected = total;
state->kept = kept;
state->loss64 = total{{Per(spec, "(double)kept")}};
state->loss = (float)state->loss64;
state->ties_keep = tied;
state->ties_total = tied;
state->needs_tie_ranks = 0u;
state->ties = OHEM_TIES_ALL;
""");
    }
}
