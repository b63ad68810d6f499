using System.Text;

namespace Ohem
{
    static partial class OhemCudaEmitter
    {
        private static void EmitBackward(StringBuilder s, OhemSpec spec, OhemKernelNames names)
        {
            string negativeCheck = spec.Labels == OhemLabels.UInt8 ? string.Empty : "raw < 0 || ";
            s.Append($$"""
// Tie ranks, needed only when fewer pixels tied at the cut-off value are kept than exist (0 < r < n_eq).
// Rule: the lowest flat pixel indices win. First the number of ties per backward tile...
extern "C" __global__ void __launch_bounds__(OHEM_THREADS) {{names.TieCount}}(
    const float* __restrict__ loss_buf, i64 num_pixels, u64* __restrict__ tile_counts, const OhemState* __restrict__ state)
{
    __shared__ u64 s_u64[OHEM_THREADS];
    if (state->rule != OHEM_RULE_TOPK || state->needs_tie_ranks == 0u) return;
    const u32 key = state->key;
    const i64 tiles = (num_pixels + OHEM_TILE - 1) / OHEM_TILE;
    for (i64 tile = blockIdx.x; tile < tiles; tile += gridDim.x)
    {
        u64 count = 0;
        for (int j = 0; j < OHEM_PPT; ++j)
        {
            const i64 p = tile * OHEM_TILE + j * OHEM_THREADS + threadIdx.x;
            if (p < num_pixels && __float_as_uint(loss_buf[p]) == key) ++count;
        }
        count = ohem_block_sum(count, s_u64);
        if (threadIdx.x == 0) tile_counts[tile] = count;
    }
}

// ...then their exclusive prefix sums, in place (one block: contiguous chunks per thread, scan over threads).
extern "C" __global__ void __launch_bounds__(OHEM_THREADS) {{names.TieScan}}(
    u64* __restrict__ tile_counts, i64 num_tiles, const OhemState* __restrict__ state)
{
    __shared__ u64 s_u64[OHEM_THREADS];
    if (state->rule != OHEM_RULE_TOPK || state->needs_tie_ranks == 0u) return;
    const i64 per = (num_tiles + OHEM_THREADS - 1) / OHEM_THREADS;
    const i64 begin = (i64)threadIdx.x * per;
    const i64 end = begin + per < num_tiles ? begin + per : num_tiles;
    u64 mine = 0;
    for (i64 i = begin; i < end; ++i) mine += tile_counts[i];
    s_u64[threadIdx.x] = mine;
    __syncthreads();
    for (int offset = 1; offset < OHEM_THREADS; offset <<= 1)
    {
        const u64 add = (int)threadIdx.x >= offset ? s_u64[threadIdx.x - offset] : 0ull;
        __syncthreads();
        s_u64[threadIdx.x] += add;
        __syncthreads();
    }
    u64 running = s_u64[threadIdx.x] - mine;
    for (i64 i = begin; i < end; ++i)
    {
        const u64 c = tile_counts[i];
        tile_counts[i] = running;
        running += c;
    }
}

// d(loss)/d(logits) = g * (softmax - onehot(y)) / kept for kept pixels, 0 elsewhere, in the logits' layout.
// Unkept pixels write zeros without reading logits or labels. No atomics: bitwise repeatable.
template <typename G, bool Native>
static __device__ __forceinline__ void ohem_backward_body(
    const logit_t* __restrict__ logits, const label_t* __restrict__ labels,
    i64 num_pixels, i64 plane, int num_classes,
    const float* __restrict__ loss_buf, const u64* __restrict__ tile_prefix,
    const OhemState* __restrict__ state, const float* __restrict__ upstream, G* __restrict__ grad{{ImagesParameter(spec)}})
{
    __shared__ u32 s_warp[OHEM_THREADS / 32];
    const u32 rule = state->rule;
    const u64 kept = state->kept;
    const float scale = {{BackwardScale(spec)}};
    const u32 cut = state->key;
    const bool ranks = rule == OHEM_RULE_TOPK && state->needs_tie_ranks != 0u;
    const u64 ties_keep = state->ties_keep;
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    const i64 tiles = (num_pixels + OHEM_TILE - 1) / OHEM_TILE;
    for (i64 tile = blockIdx.x; tile < tiles; tile += gridDim.x)
    {
        u64 running = ranks ? tile_prefix[tile] : 0ull;
        for (int j = 0; j < OHEM_PPT; ++j)
        {
            const i64 p = tile * OHEM_TILE + j * OHEM_THREADS + threadIdx.x;
            const bool inside = p < num_pixels;
            const u32 key = inside ? __float_as_uint(loss_buf[p]) : 0u;
            bool keep;
            if (rule == OHEM_RULE_ABOVE) keep = inside && __uint_as_float(key) {{AboveOperator(spec)}} OHEM_THRESH_LOSS;
            else {{KeepSelected(spec)}}
            if (ranks)
            {
                const bool tie = inside && key == cut;
                const u32 ballot = __ballot_sync(0xffffffffu, tie);
                if (lane == 0) s_warp[warp] = __popc(ballot);
                __syncthreads();
                u32 before = 0, total = 0;
                for (int w = 0; w < OHEM_THREADS / 32; ++w)
                {
                    before += w < warp ? s_warp[w] : 0u;
                    total += s_warp[w];
                }
                const u64 rank = running + before + __popc(ballot & ((1u << lane) - 1u));
                if (tie) keep = rank < ties_keep;
                running += total;
                __syncthreads();
            }
            if (!inside) continue;
            {{BackwardRowOffset(spec)}}
            G* g = grad + offset;
            const label_t raw = keep ? labels[p] : OHEM_IGNORE;
            if (raw == OHEM_IGNORE || {{negativeCheck}}(i64)raw >= (i64)OHEM_CLASSES)
            {
                {{ZeroRowLoopPrefix(spec)}}for (int c = 0; c < OHEM_CLASSES; ++c) {{GradientClass(spec)}} = Native ? ohem_store_native(0.0f) : (G)0.0f;
                continue;
            }
            const int y = (int)raw;
            const logit_t* x = logits + offset;
            OHEM_ROW_DECLARE
            const OhemRowStats r = ohem_row_stats(x, plane, num_classes, y, row);
{{WeightedScaleDeclare(spec)}}            {{GradientUnroll(spec)}}
            for (int c = 0; c < OHEM_CLASSES; ++c)
            {
                const float prob = ohem_exp(OHEM_LOGIT(x, plane, c) - r.max) / r.denom;
                const float value = (prob - (c == y ? 1.0f : 0.0f)) * {{GradientScale(spec)}};
                {{GradientClass(spec)}} = Native ? ohem_store_native(value) : (G)ohem_canonical_nan(value);
            }
        }
    }
}

extern "C" __global__ void __launch_bounds__(OHEM_THREADS) {{names.Backward}}(
    const logit_t* __restrict__ logits, const label_t* __restrict__ labels,
    i64 num_pixels, i64 plane, int num_classes,
    const float* __restrict__ loss_buf, const u64* __restrict__ tile_prefix,
    const OhemState* __restrict__ state, const float* __restrict__ upstream, float* __restrict__ grad{{ImagesParameter(spec)}})
{
    ohem_backward_body<float, false>(logits, labels, num_pixels, plane, num_classes, loss_buf, tile_prefix, state, upstream, grad{{ImagesArgument(spec)}});
}

""");
            if (names.HasNativeBackward)
            {
                s.Append($$"""

extern "C" __global__ void __launch_bounds__(OHEM_THREADS) {{names.BackwardNative}}(
    const logit_t* __restrict__ logits, const label_t* __restrict__ labels,
    i64 num_pixels, i64 plane, int num_classes,
    const float* __restrict__ loss_buf, const u64* __restrict__ tile_prefix,
    const OhemState* __restrict__ state, const float* __restrict__ upstream, logit_t* __restrict__ grad{{ImagesParameter(spec)}})
{
    ohem_backward_body<logit_t, true>(logits, labels, num_pixels, plane, num_classes, loss_buf, tile_prefix, state, upstream, grad{{ImagesArgument(spec)}});
}

""");
            }
        }
    }
}
