namespace Ohem
{
    static partial class OhemCudaEmitter
    {
        // TorchSeg with class weights: nn.CrossEntropyLoss(weight) with reduction='mean' is Σ w·ℓ / Σ w over the kept
        // pixels. The selection stays on the unweighted keys; loss_buf's second block holds each pixel's weight (0 for
        // ignored pixels), from which level 4 sums w·ℓ (the same float32 product as the forward's) and level 5 sums w
        // over the kept pixels into the state's divisor. The threshold rule already has Σ w·ℓ from the forward and runs
        // level 5 only (refine = OHEM_REFINE_WEIGHTS). Other specs emit none of this.

        /// <summary>Decide, threshold rule: keep the forward's weighted sum and leave Σ w to level 5.</summary>
        private static string WeightSumAbove(string indent) => Indent(indent, """
if (hard >= k)
{
    // The weighted mean needs the kept weights: level 5 sums them and divides.
    state->rule = OHEM_RULE_ABOVE;
    state->kept = hard;
    state->sum_selected = sum;
    state->threshold = OHEM_THRESH_LOSS;
    state->refine = OHEM_REFINE_WEIGHTS;
}
""");

        private const string WeightSumDefine = "#define OHEM_REFINE_WEIGHTS 5u\n";

        /// <summary>
        /// Levels 4 and 5 over the kept set. TorchSeg's own rule keeps every key at or above the cut-off; with Comparison =
        /// Strict mining keeps only the keys above it (ties none), no mining every valid pixel as before (ties all).
        /// </summary>
        private static string WeightSumRefine(OhemSpec spec)
        {
            bool strict = spec.IsStrictInclusiveMode;
            string kept = strict ? "key > cut || (ties && key == cut)" : "key >= cut";
            string ties = strict ? "        const bool ties = state->ties != OHEM_TIES_NONE;\n" : string.Empty;
            string level5 = strict
                ? "else the keys above the cut-off, and at it too without mining (Strict mining drops the ties at its cut-off;\n        // no mining keeps every valid pixel, at 0 with the ignored ones, whose weight is 0)."
                : "else every key at or above the cut-off (all ties; at 0 that includes ignored pixels, whose weight is 0).";
            string level4 = strict ? "keys above the cut-off, at it too without mining" : "keys at or above the cut-off";
            return $$"""
    if (level == 5)
    {
        // Σ w over the kept pixels: the losses above OHEM_THRESH_LOSS (the forward's test) for the threshold rule,
        // {{level5}}
        const bool above_rule = state->rule == OHEM_RULE_ABOVE;
        const u32 cut = state->key;
{{ties}}        double weight_sum = 0.0;
        const i64 stride5 = (i64)gridDim.x * OHEM_THREADS;
        for (i64 i = (i64)blockIdx.x * OHEM_THREADS + threadIdx.x; i < num_pixels; i += stride5)
        {
            const u32 key = __float_as_uint(loss_buf[i]);
            if (above_rule ? __uint_as_float(key) > OHEM_THRESH_LOSS : {{(strict ? "(" + kept + ")" : kept)}}) weight_sum += (double)loss_buf[num_pixels + i];
        }
        weight_sum = ohem_block_sum(weight_sum, s_f64);
        if (threadIdx.x == 0) partials[blockIdx.x] = weight_sum;
        return;
    }
    if (state->refine == OHEM_REFINE_WEIGHTS) return;
    if (level == 4)
    {
        // Σ w·ℓ over the kept pixels ({{level4}}), w·ℓ the forward's float32 product.
        const u32 cut = state->key;
{{ties}}        double weighted_sum = 0.0;
        const i64 stride4 = (i64)gridDim.x * OHEM_THREADS;
        for (i64 i = (i64)blockIdx.x * OHEM_THREADS + threadIdx.x; i < num_pixels; i += stride4)
        {
            const u32 key = __float_as_uint(loss_buf[i]);
            if ({{kept}}) weighted_sum += (double)(__uint_as_float(key) * loss_buf[num_pixels + i]);
        }
        weighted_sum = ohem_block_sum(weighted_sum, s_f64);
        if (threadIdx.x == 0) partials[blockIdx.x] = weighted_sum;
        return;
    }

""";
        }

        /// <summary>Level 5's last step: Σ w·ℓ / Σ w, or with Reduction = Sum Σ w·ℓ itself (Σ w kept as the divisor, unused).</summary>
        private static string WeightSumSelect(OhemSpec spec) => (spec.IsSum ? """
    if (level == 5)
    {
        if (threadIdx.x == 0)
        {
            // Reduction = Sum: reduction='sum' is Σ w·ℓ over the kept pixels, 0 when every kept weight is 0.
            state->divisor = sum;
            state->loss64 = state->sum_selected;
""" + "\n" : """
    if (level == 5)
    {
        if (threadIdx.x == 0)
        {
            // PyTorch's weighted mean: 0 / 0 = NaN when every kept weight is 0, as torch gives.
            state->divisor = sum;
            state->loss64 = state->sum_selected / sum;
""" + "\n") + """
            state->loss = (float)state->loss64;
            state->refine = 0u;
""" + "\n" + WeightSumEmptyFix(spec) + """
        }
        return;
    }
    if (state->refine == OHEM_REFINE_WEIGHTS) return;
    if (level == 4)
    {
        if (threadIdx.x == 0) state->sum_selected = sum;
        return;
    }

""";

        /// <summary>
        /// The empty fix after level 5 (OnEmpty, Reduction = Sum): only Comparison = Strict reaches it with nothing kept
        /// (its mining drops every tie at the cut-off); TorchSeg's own rule keeps at least min_kept pixels there, and no
        /// valid pixel is fixed in the decide kernel, which leaves levels 4 and 5 out. Σ w = 0 with pixels kept is not
        /// empty: it stays PyTorch's 0 / 0 = NaN (0 with Sum).
        /// </summary>
        private static string WeightSumEmptyFix(OhemSpec spec) => spec.IsStrictInclusiveMode ? Deeper(EmptyFix(spec, string.Empty)) : string.Empty;
    }
}
