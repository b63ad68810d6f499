using System.Text;

namespace Ohem
{
    static partial class OhemCudaEmitter
    {
        private static void EmitSelection(StringBuilder s, OhemSpec spec, OhemKernelNames names)
        {
            s.Append(DecideComment(spec));
            s.Append($$"""
extern "C" __global__ void __launch_bounds__(OHEM_THREADS) {{names.Decide}}(
    const OhemPartial* __restrict__ partials, int num_partials, const u64* __restrict__ hist1,
    OhemState* state, i64 {{DecideArgument(spec)}})
{
    __shared__ u64 s_u64[OHEM_THREADS];
    __shared__ double s_f64[OHEM_THREADS];
    __shared__ u32 s_bin;
    __shared__ u64 s_rest;
    __shared__ u32 s_refine;
    __shared__ u64 s_remaining;
    u64 above = 0, valid = 0, nans = 0;
    double sum = 0.0;
    for (int i = threadIdx.x; i < num_partials; i += OHEM_THREADS)
    {
        above += partials[i].count_above;
        valid += partials[i].valid;
        nans += partials[i].nan_count;
        sum += partials[i].sum_above;
    }
    above = ohem_block_sum(above, s_u64);
    valid = ohem_block_sum(valid, s_u64);
    nans = ohem_block_sum(nans, s_u64);
    sum = ohem_block_sum(sum, s_f64);
{{DecideBody(spec)}}{{EmptyFix(spec, "state->refine == 0u && ")}}        s_bin = 0u;
        s_rest = 0ull;
        s_refine = state->refine;
        s_remaining = state->remaining;
    }
    __syncthreads();
    // Thread 0's decision reaches the other threads through shared memory, never by reading the state back: a
    // compiler may move a load of global memory across __syncthreads when it cannot see another thread's store
    // (NVRTC did, for a __restrict__ state: the other threads read refine = 0 and skipped the selection).
    if (s_refine != 0u)
    {
        ohem_find_bin(hist1, {{Int(Level1Bins)}}, s_remaining, &s_bin, &s_rest, s_u64);
        if (threadIdx.x == 0)
        {
            state->prefix = s_bin;
            state->remaining = s_rest;
        }
    }
}

// A radix refinement pass over the loss buffer (level 2: key[19:9] within the level-1 bin; level 3: key[8:0]
// within the level-2 bin). Losses in higher bins of the current level are summed in fp64 per block.
// A no-op unless the top-n_min rule is being refined.
extern "C" __global__ void __launch_bounds__(OHEM_THREADS) {{names.Refine}}(
    const float* __restrict__ loss_buf, i64 num_pixels, double* __restrict__ partials,
    u64* __restrict__ hist, const OhemState* __restrict__ state, int level)
{
    __shared__ u32 s_hist[{{Int(Level2Bins)}}];
    __shared__ double s_f64[OHEM_THREADS];
    if (state->refine == 0u) return;
{{WeightedRefine(spec)}}    const u32 prefix = state->prefix;
    const int shift = level == 2 ? 20 : 9;
    const int digit_shift = level == 2 ? 9 : 0;
    const u32 digit_mask = level == 2 ? {{Int(Level2Bins - 1)}}u : {{Int(Level3Bins - 1)}}u;
    const int bins = level == 2 ? {{Int(Level2Bins)}} : {{Int(Level3Bins)}};
    for (int i = threadIdx.x; i < bins; i += OHEM_THREADS) s_hist[i] = 0u;
    __syncthreads();
    double sum = 0.0;
    const i64 stride = (i64)gridDim.x * OHEM_THREADS;
    for (i64 i = (i64)blockIdx.x * OHEM_THREADS + threadIdx.x; i < num_pixels; i += stride)
    {
        const u32 key = __float_as_uint(loss_buf[i]);
        const u32 high = key >> shift;
        if (high == prefix)
        {
            atomicAdd(&s_hist[(key >> digit_shift) & digit_mask], 1u);
        }
        else if (high > prefix && (level == 2 || (high >> 11) == (prefix >> 11)))
        {
            sum += (double)__uint_as_float(key);
        }
    }
    __syncthreads();
    for (int i = threadIdx.x; i < bins; i += OHEM_THREADS)
    {
        if (s_hist[i] != 0u) atomicAdd(&hist[i], (u64)s_hist[i]);
    }
    sum = ohem_block_sum(sum, s_f64);
    if (threadIdx.x == 0) partials[blockIdx.x] = sum;
}

// One block. Adds a refinement pass's sums (fixed order) and picks the next bin. At level 3 the bin is one exact
// value v: loss = (sum of all losses above v + r * v) / n_min, exact whatever the ties.
extern "C" __global__ void __launch_bounds__(OHEM_THREADS) {{names.Select}}(
    const double* __restrict__ partials, int num_partials, const u64* __restrict__ hist,
    OhemState* state, int level)
{
    __shared__ u64 s_u64[OHEM_THREADS];
    __shared__ double s_f64[OHEM_THREADS];
    __shared__ u32 s_bin;
    __shared__ u64 s_rest;
    if (state->refine == 0u) return;
    double sum = 0.0;
    for (int i = threadIdx.x; i < num_partials; i += OHEM_THREADS) sum += partials[i];
    sum = ohem_block_sum(sum, s_f64);
{{WeightedSelect(spec)}}    if (threadIdx.x == 0)
    {
        s_bin = 0u;
        s_rest = 0ull;
    }
    const u32 prefix = state->prefix;
    const u64 remaining = state->remaining;
    __syncthreads();
    ohem_find_bin(hist, level == 2 ? {{Int(Level2Bins)}} : {{Int(Level3Bins)}}, remaining, &s_bin, &s_rest, s_u64);
    if (level == 2)
    {
        if (threadIdx.x == 0)
        {
            state->sum_selected += sum;
            state->prefix = (prefix << 11) | s_bin;
            state->remaining = s_rest;
        }
        return;
    }
    const u32 key = (prefix << 9) | s_bin;
    double higher = 0.0;
    for (int b = (int)s_bin + 1 + (int)threadIdx.x; b < {{Int(Level3Bins)}}; b += OHEM_THREADS)
    {
        const u64 c = hist[b];
        if (c != 0ull) higher += (double)c * (double)__uint_as_float((prefix << 9) | (u32)b);
    }
    higher = ohem_block_sum(higher, s_f64);
{{WithEmptyFix(spec, SelectFinal(spec))}}
""");
        }
    }
}
