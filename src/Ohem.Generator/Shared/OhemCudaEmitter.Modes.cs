namespace Ohem
{
    static partial class OhemCudaEmitter
    {
        // Only the chosen mode's decision and finalisation are emitted: one text per spec, no runtime switch.
        // BiSeNetV1's pieces are the text the emitter had before modes existed, byte for byte.

        private static string DecideComment(OhemSpec spec) => spec.RuleMode switch
        {
            _ when IsMoreMode(spec.Mode) => MoreDecideComment(spec),
            OhemMode.BiSeNetV2 => """
// One block. Reduces the forward partials in a fixed order and applies BiSeNet's later rule: n_min is a fraction of
// this batch's valid pixels; if at least n_min losses are above the threshold, the mean of those, in one pass;
// otherwise the n_min largest over all pixels, found by exact radix selection starting here with the level-1 bin.

""",
            OhemMode.HRNet => """
// One block. Reduces the forward partials in a fixed order and applies HRNet's rule in the loss domain (loss = -ln p,
// so p < max(p_k, thresh) is loss > min(loss_k, thresh_loss); equal except within float rounding of the cut-off):
// if more than k losses are above thresh_loss, the mean of those; otherwise the losses strictly above the
// (k+1)-th largest, found by exact radix selection starting here with the level-1 bin.

""",
            OhemMode.TopKPercent => """
// One block. Reduces the forward partials in a fixed order and applies DeepLab's top-k rule: the mean of the
// int(fraction * N*H*W) largest losses over all pixels, found by exact radix selection starting here.

""",
            OhemMode.MMSegSampler => """
// One block. Reduces the forward partials in a fixed order and applies mmseg's OHEMPixelSampler(thresh) rule in the
// loss domain (the HRNet rule with k = min(min_kept * N, valid - 1); equal except within float rounding of the
// cut-off), then its CrossEntropyLoss with the sampler's 0/1 weights: the kept sum over all N*H*W pixels.

""",
            OhemMode.PaddleSeg => """
// One block. Reduces the forward partials in a fixed order and applies PaddleSeg's OhemCrossEntropyLoss in the loss
// domain: with 0 < min_kept < valid the cut-off is min(min_kept-th largest loss, thresh_loss) and the kept losses
// are strictly above it; otherwise every valid pixel. Either way the kept sum over (kept + 1e-5 * N*H*W).

""",
            _ => """
// One block. Reduces the forward partials in a fixed order and applies the seed's rule:
// torch.sort(descending) puts NaNs first, so loss[n_min] > thresh holds exactly when n_min >= #NaN and more than
// n_min - #NaN losses are above the threshold. Then the mean of those, in one pass; otherwise the n_min largest,
// found by exact radix selection starting here with the level-1 bin.

""",
        };

        /// <summary>
        /// The decide kernel's last argument: NMin, or the pixel count for TopKPercent (unused by BiSeNetV2). MMSegSampler
        /// (min_kept × N) and PaddleSeg (NMin) take the pixel count as a second one, for their divisors.
        /// </summary>
        private static string DecideArgument(OhemSpec spec) => spec.RuleMode switch
        {
            _ when IsMoreMode(spec.Mode) => MoreDecideArgument(spec),
            OhemMode.BiSeNetV2 => "/* n_min: from the valid count */",
            OhemMode.TopKPercent => "num_pixels",
            OhemMode.MMSegSampler => "n_min, i64 num_pixels",
            OhemMode.PaddleSeg => "n_min, i64 num_pixels",
            _ => "n_min",
        };

        private static string DecideBody(OhemSpec spec)
        {
            string fraction = Literals.Double(spec.EffectiveFraction);
            return spec.RuleMode switch
            {
                _ when IsMoreMode(spec.Mode) => MoreDecideBody(spec),
                OhemMode.BiSeNetV2 => $$"""
    if (threadIdx.x == 0)
    {
        // n_min = int(valid * fraction) from this batch's valid count, on the device: no host round-trip.
        const u64 k = (u64)((double)valid * {{fraction}});
        state->valid = valid;
        state->count_above = above;
        state->nan_count = nans;
        state->k = k;
        if (above >= k)
        {
            // The mean of the losses above the threshold; 0 / 0 = NaN when none are (then k = 0 too).
            state->rule = OHEM_RULE_ABOVE;
            state->kept = above;
            state->loss64 = sum{{Per(spec, "(double)above")}};
            state->loss = (float)state->loss64;
            state->threshold = OHEM_THRESH_LOSS;
            state->refine = 0u;
        }
        else
        {
            state->rule = OHEM_RULE_TOPK;
            state->kept = k;
            state->remaining = k;
            state->sum_selected = 0.0;
            state->prefix = 0u;
            state->refine = 1u;
        }

""",
                OhemMode.HRNet => $$"""
    if (threadIdx.x == 0)
    {
        // k = min(max(1, min_kept), valid - 1); HRNet indexes the sorted probabilities of valid pixels with it.
        const u64 least = n_min > 1 ? (u64)n_min : 1ull;
        state->valid = valid;
        state->count_above = above;
        state->nan_count = nans;
        state->ties = OHEM_TIES_NONE;
        state->sum_selected = 0.0;
        state->prefix = 0u;
        if (valid == 0ull)
        {
            // HRNet raises IndexError on an empty selection; here the loss is NaN and nothing is kept.
            state->rule = OHEM_RULE_TOPK;
            state->k = 0ull;
            state->kept = 0ull;
            state->refine = 0u;
            state->loss64 = __longlong_as_double(0x7ff8000000000000ll);
            state->loss = __uint_as_float(0x7fc00000u);
            state->threshold = __uint_as_float(0x7fc00000u);
        }
        else
        {
            const u64 k = least < valid - 1ull ? least : valid - 1ull;
            // In the loss domain the cut-off is min(loss of rank k, thresh_loss); more than k losses above
            // thresh_loss put the rank-k loss above it, so the threshold wins and no selection is needed.
            state->k = k + 1ull;
            if (above >= k + 1ull)
            {
                state->rule = OHEM_RULE_ABOVE;
                state->kept = above;
                state->loss64 = sum{{Per(spec, "(double)above")}};
                state->loss = (float)state->loss64;
                state->threshold = OHEM_THRESH_LOSS;
                state->refine = 0u;
            }
            else
            {
                state->rule = OHEM_RULE_TOPK;
                state->kept = 0ull;
                state->remaining = k + 1ull;
                state->refine = 1u;
            }
        }

""",
                OhemMode.TopKPercent => $$"""
    if (threadIdx.x == 0)
    {
{{TopKPercentK(spec, fraction)}}
        state->valid = valid;
        state->count_above = above;
        state->nan_count = nans;
        state->k = k;
        state->rule = OHEM_RULE_TOPK;
        state->kept = k;
        state->remaining = k;
        state->sum_selected = 0.0;
        state->prefix = 0u;
        state->refine = k > 0 ? 1u : 0u;
        if (k == 0)
        {
            // The mean of an empty selection, as torch.mean gives.
            state->loss64 = __longlong_as_double(0x7ff8000000000000ll);
            state->loss = __uint_as_float(0x7fc00000u);
            state->threshold = __uint_as_float(0x7fc00000u);
        }

""",
                OhemMode.MMSegSampler => $$"""
    if (threadIdx.x == 0)
    {
        // k = min(min_kept * N, valid - 1); mmseg indexes the sorted probabilities of valid pixels with it.
{{MMSegDivisorComment(spec)}}
        state->valid = valid;
        state->count_above = above;
        state->nan_count = nans;
        state->ties = OHEM_TIES_NONE;
        state->sum_selected = 0.0;
        state->prefix = 0u;
        state->divisor = {{MMSegDivisor(spec)}};
        if (valid == 0ull)
        {
            // mmseg: min_threshold = 0.0, every weight 0, so the loss is 0.
            state->rule = OHEM_RULE_TOPK;
            state->k = 0ull;
            state->kept = 0ull;
            state->refine = 0u;
            state->loss64 = 0.0;
            state->loss = 0.0f;
            state->threshold = __uint_as_float(0x7fc00000u);
        }
        else
        {
            const u64 least = (u64)n_min;
            const u64 k = least < valid - 1ull ? least : valid - 1ull;
            state->k = k + 1ull;
            if (above >= k + 1ull)
            {
                state->rule = OHEM_RULE_ABOVE;
                state->kept = above;
                state->loss64 = sum{{Per(spec, "state->divisor")}};
                state->loss = (float)state->loss64;
                state->threshold = OHEM_THRESH_LOSS;
                state->refine = 0u;
            }
            else
            {
                state->rule = OHEM_RULE_TOPK;
                state->kept = 0ull;
                state->remaining = k + 1ull;
                state->refine = 1u;
            }
        }

""",
                OhemMode.PaddleSeg => $$"""
    if (threadIdx.x == 0)
    {
        // avg_loss = mean(loss * mask) / (mean(mask) + EPS) = kept sum / (kept + EPS * N*H*W).
        const double eps = 1e-5 * (double)num_pixels;
        state->valid = valid;
        state->count_above = above;
        state->nan_count = nans;
        state->sum_selected = 0.0;
        state->prefix = 0u;
        if (n_min > 0 && (u64)n_min < valid)
        {
            // The (min_kept-1)-th smallest probability is the min_kept-th largest loss; more than min_kept - 1
            // losses above thresh_loss put it above, so the threshold wins and no selection is needed.
            const u64 k = (u64)n_min;
            state->ties = OHEM_TIES_NONE;
            state->k = k;
            if (above >= k)
            {
                state->rule = OHEM_RULE_ABOVE;
                state->kept = above;
                state->divisor = (double)above + eps;
                state->loss64 = sum{{Per(spec, "state->divisor")}};
                state->loss = (float)state->loss64;
                state->threshold = OHEM_THRESH_LOSS;
                state->refine = 0u;
            }
            else
            {
                // The selection adds the kept count to the divisor.
                state->rule = OHEM_RULE_TOPK;
                state->kept = 0ull;
                state->remaining = k;
                state->divisor = eps;
                state->refine = 1u;
            }
        }
        else
        {
            // No mining: plain cross-entropy over the valid pixels, i.e. the valid-count largest keys (ignored keys
            // are 0, the smallest), ties at the cut-off by rank. No valid pixel: 0 / (EPS * N*H*W) = 0.
            state->ties = OHEM_TIES_RANK;
            state->rule = OHEM_RULE_TOPK;
            state->k = valid;
            state->kept = valid;
            state->remaining = valid;
            state->divisor = (double)valid + eps;
            state->refine = valid > 0ull ? 1u : 0u;
            if (valid == 0ull)
            {
                state->loss64 = 0.0;
                state->loss = 0.0f;
                state->threshold = __uint_as_float(0x7fc00000u);
            }
        }

""",
                _ => $$"""
    if (threadIdx.x == 0)
    {
        const u64 k = {{BiSeNetK(spec)}};
        state->valid = valid;
        state->count_above = above;
        state->nan_count = nans;
        state->k = k;
        if (k >= nans && above > k - nans)
        {
            state->rule = OHEM_RULE_ABOVE;
            state->kept = above;
            state->loss64 = sum{{Per(spec, "(double)above")}};
            state->loss = (float)state->loss64;
            state->threshold = OHEM_THRESH_LOSS;
            state->refine = 0u;
        }
        else
        {
            state->rule = OHEM_RULE_TOPK;
            state->kept = k;
            state->remaining = k;
            state->sum_selected = 0.0;
            state->prefix = 0u;
            state->refine = k > 0 ? 1u : 0u;
            if (k == 0)
            {
                // The mean of an empty selection, as torch.mean gives.
                state->loss64 = __longlong_as_double(0x7ff8000000000000ll);
                state->loss = __uint_as_float(0x7fc00000u);
                state->threshold = __uint_as_float(0x7fc00000u);
            }
        }

""",
            };
        }

        /// <summary>The last select step of the strict modes (HRNet, MMSegSampler): keep only keys above v, no ties.</summary>
        private static string StrictFinal(string comment, string divisor, string refine) => "    if (threadIdx.x == 0)\n    {\n" + comment + $$"""
        const float v = __uint_as_float(key);
        const u64 r = s_rest;
        const u64 tied = hist[s_bin];
        const u64 kept = state->k - r;
        const double total = (state->sum_selected + sum) + higher;
        state->sum_selected = total;
        state->kept = kept;
        state->loss64 = total{{divisor}};
        state->loss = (float)state->loss64;
        state->threshold = v;
        state->key = key;
        state->ties_keep = 0ull;
        state->ties_total = tied;
        state->needs_tie_ranks = 0u;
        state->ties = OHEM_TIES_NONE;
        state->refine = {{refine}};
    }
}


""";

        private static string SelectFinal(OhemSpec spec) => spec.RuleMode switch
        {
            _ when IsMoreMode(spec.Mode) => MoreSelectFinal(spec),
            OhemMode.HRNet when spec.IsInclusiveKnob => InclusiveFinal(
                "        // v is the (k+1)-th largest key; inclusive (p <= the cut-off), so every key at or above v.\n",
                Per(spec, "(double)kept"), RefineAfterSelect(spec)),
            OhemMode.MMSegSampler when spec.IsInclusiveKnob => InclusiveFinal(
                "        // v is the (k+1)-th largest key; inclusive (p <= the cut-off), so every key at or above v; the divisor\n"
                + "        // stays as decided.\n",
                Per(spec, "state->divisor"), RefineAfterSelect(spec)),
            OhemMode.PaddleSeg when spec.IsInclusiveKnob => PaddleInclusiveFinal(spec),
            OhemMode.HRNet => StrictFinal(
                "        // v is the (k+1)-th largest key; HRNet keeps probabilities strictly below the cut-off, so only keys above v.\n",
                Per(spec, "(double)kept"), RefineAfterSelect(spec)),
            OhemMode.MMSegSampler => StrictFinal(
                "        // v is the (k+1)-th largest key; the sampler weights probabilities strictly below the cut-off, so only keys\n"
                + "        // above v; the divisor stays as decided (nothing kept gives 0).\n",
                Per(spec, "state->divisor"), RefineAfterSelect(spec)),
            OhemMode.PaddleSeg => $$"""
    if (threadIdx.x == 0)
    {
        // Mining (ties none): v is the min_kept-th largest key and only keys above it are kept; the divisor gains
        // the kept count. No mining (ties by rank): all valid pixels, the ties at v by rank, divisor already whole.
        const float v = __uint_as_float(key);
        const u64 r = s_rest;
        const u64 tied = hist[s_bin];
        const bool strict = state->ties == OHEM_TIES_NONE;
        const double above_v = (state->sum_selected + sum) + higher;
        const double total = strict ? above_v : above_v + (double)r * (double)v;
        const u64 kept = strict ? state->k - r : state->k;
        state->sum_selected = total;
        state->kept = kept;
        state->divisor = strict ? (double)kept + state->divisor : state->divisor;
        state->loss64 = total{{Per(spec, "state->divisor")}};
        state->loss = (float)state->loss64;
        state->threshold = v;
        state->key = key;
        state->ties_keep = strict ? 0ull : r;
        state->ties_total = tied;
        state->needs_tie_ranks = !strict && r < tied ? 1u : 0u;
        state->ties = strict ? OHEM_TIES_NONE : (r < tied ? OHEM_TIES_RANK : OHEM_TIES_ALL);
        state->refine = {{RefineAfterSelect(spec)}};
    }
}


""",
            OhemMode.BiSeNetV1 => $$"""
    if (threadIdx.x == 0)
    {
        const float v = __uint_as_float(key);
        const u64 r = s_rest;
        const u64 tied = hist[s_bin];
        const double total = ((state->sum_selected + sum) + higher) + (double)r * (double)v;
        state->sum_selected = total;
        state->loss64 = total{{Per(spec, "(double)state->k")}};
        state->loss = (float)state->loss64;
        state->threshold = v;
        state->key = key;
        state->ties_keep = r;
        state->ties_total = tied;
        state->needs_tie_ranks = r < tied ? 1u : 0u;
        state->refine = 0u;
    }
}


""",
            _ => $$"""
    if (threadIdx.x == 0)
    {
        const float v = __uint_as_float(key);
        const u64 r = s_rest;
        const u64 tied = hist[s_bin];
        const double total = ((state->sum_selected + sum) + higher) + (double)r * (double)v;
        state->sum_selected = total;
        state->loss64 = total{{Per(spec, "(double)state->k")}};
        state->loss = (float)state->loss64;
        state->threshold = v;
        state->key = key;
        state->ties_keep = r;
        state->ties_total = tied;
        state->needs_tie_ranks = r < tied ? 1u : 0u;
        state->ties = r < tied ? OHEM_TIES_RANK : OHEM_TIES_ALL;
        state->refine = 0u;
    }
}


""",
        };

        /// <summary>mmseg's CE normaliser: N·H·W (avg_non_ignore=False), or the valid count + float32 epsilon (True).</summary>
        private static string MMSegDivisor(OhemSpec spec) => spec.AverageOverValid
            ? "(double)valid + " + Literals.Double(MMSegEpsilon)
            : "(double)num_pixels";

        private static string MMSegDivisorComment(OhemSpec spec) => spec.AverageOverValid
            ? "        // The sampler's weights feed a CE with avg_non_ignore: the divisor is valid + FLT_EPSILON, whatever is kept."
            : "        // The sampler's weights feed a CE averaged over every pixel, so the divisor is N*H*W whatever is kept.";

        /// <summary>torch.finfo(torch.float32).eps, which mmseg adds to its avg_factor.</summary>
        public const double MMSegEpsilon = 1.1920928955078125e-07;

        // BiSeNetV1 decides ties from needs_tie_ranks alone and keeps its padding; the other modes say it in a field.
        private static string TieDefines(OhemSpec spec) => spec.RuleMode == OhemMode.BiSeNetV1 ? string.Empty : """
#define OHEM_TIES_RANK 0u
#define OHEM_TIES_ALL 1u
#define OHEM_TIES_NONE 2u

""";

        private static string TieField(OhemSpec spec) => spec.RuleMode == OhemMode.BiSeNetV1 ? "    u32 pad[3];" : spec.HasDivisorField ? """
    u32 ties;
    double divisor;
""" : """
    u32 ties;
    u32 pad[2];
""";

        /// <summary>The backward's gradient scale: g / kept, or g / the mode's divisor (0 when nothing is kept).</summary>
        private static string BackwardScale(OhemSpec spec) => spec.IsPerImage ? PerImageBackwardScale(spec) : spec.IsSum
            ? "kept != 0ull ? upstream[0] : 0.0f"
            : spec.HasDivisorField
            ? "kept != 0ull ? (float)((double)upstream[0] / state->divisor) : 0.0f"
            : "kept != 0ull ? (float)((double)upstream[0] / (double)kept) : 0.0f";

        /// <summary>The backward's keep test for the selection rule; HRNet's set is strict, so a tie is never kept there.</summary>
        private static string KeepSelected(OhemSpec spec) => spec.RuleMode == OhemMode.BiSeNetV1
            ? "keep = inside && kept != 0ull && key >= cut;"
            : "keep = inside && kept != 0ull && (key > cut || (key == cut && state->ties != OHEM_TIES_NONE));";
    }
}
