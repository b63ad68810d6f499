using System.Text;

namespace Ohem
{
    static partial class OhemCudaEmitter
    {
        private static void EmitBlockHelpers(StringBuilder s)
        {
            s.Append("""
// Fixed-shape tree over the block: the same order on every run, so fp64 sums are bitwise repeatable.
template <typename T>
static __device__ __forceinline__ T ohem_block_sum(T v, T* shared)
{
    shared[threadIdx.x] = v;
    __syncthreads();
    for (int half = OHEM_THREADS / 2; half > 0; half >>= 1)
    {
        if ((int)threadIdx.x < half) shared[threadIdx.x] += shared[threadIdx.x + half];
        __syncthreads();
    }
    const T total = shared[0];
    __syncthreads();
    return total;
}

// The bin holding the r-th largest key (1-based) of a histogram read from its top bin down, and r minus the
// count of all higher bins. Each thread owns bins/OHEM_THREADS adjacent bins; a suffix scan over the threads
// finds the one owner. Every thread of the block must call it.
static __device__ void ohem_find_bin(const u64* __restrict__ hist, int bins, u64 r, u32* out_bin, u64* out_rest, u64* scratch)
{
    const int per = bins / OHEM_THREADS;
    const int first = (int)threadIdx.x * per;
    u64 mine = 0;
    for (int i = 0; i < per; ++i) mine += hist[first + i];
    scratch[threadIdx.x] = mine;
    __syncthreads();
    for (int offset = 1; offset < OHEM_THREADS; offset <<= 1)
    {
        const u64 add = (int)threadIdx.x + offset < OHEM_THREADS ? scratch[threadIdx.x + offset] : 0ull;
        __syncthreads();
        scratch[threadIdx.x] += add;
        __syncthreads();
    }
    const u64 inclusive = scratch[threadIdx.x];
    const u64 above = inclusive - mine;
    if (above < r && r <= inclusive)
    {
        u64 acc = above;
        for (int i = per - 1; i >= 0; --i)
        {
            const u64 c = hist[first + i];
            if (r <= acc + c)
            {
                *out_bin = (u32)(first + i);
                *out_rest = r - acc;
                break;
            }
            acc += c;
        }
    }
    __syncthreads();
}


""");
        }

        private static void EmitForward(StringBuilder s, OhemSpec spec, OhemKernelNames names)
        {
            string negativeCheck = spec.Labels == OhemLabels.UInt8 ? string.Empty : "raw < 0 || ";
            s.Append($$"""
// Zeroes the three radix histograms (2048 + 2048 + 512 u64) and the state before each forward. The kernels that
// store into the state (this one, decide, select) take it without __restrict__, which would let the compiler move
// those stores and loads across __syncthreads.
extern "C" __global__ void __launch_bounds__(OHEM_THREADS) {{names.Reset}}(u64* __restrict__ hist, OhemState* state)
{
    for (int i = threadIdx.x; i < {{Int(Level1Bins + Level2Bins + Level3Bins)}}; i += OHEM_THREADS) hist[i] = 0ull;
    u64* words = (u64*)state;
    for (int i = threadIdx.x; i < (int)(sizeof(OhemState) / 8); i += OHEM_THREADS) words[i] = 0ull;
    __syncthreads();
    if (threadIdx.x == 0) state->bad_index = ~0ull;
}

// One pass over the logits: per-pixel cross-entropy into loss_buf (canonical keys: NaN as 0x7fffffff, ignored
// pixels as +0), per-block partial counts and fp64 sum of losses above the threshold, and the level-1 radix
// histogram. Tiles of OHEM_TILE pixels are dealt to blocks round-robin (static, never work-stealing).
extern "C" __global__ void __launch_bounds__(OHEM_THREADS) {{names.Forward}}(
    const logit_t* __restrict__ logits, const label_t* __restrict__ labels,
    i64 num_pixels, i64 plane, int num_classes,
    float* __restrict__ loss_buf, OhemPartial* __restrict__ partials,
    u64* __restrict__ hist1, OhemState* __restrict__ state)
{
    __shared__ u32 s_hist[{{Int(Level1Bins)}}];
    __shared__ u64 s_u64[OHEM_THREADS];
    __shared__ double s_f64[OHEM_THREADS];
    for (int i = threadIdx.x; i < {{Int(Level1Bins)}}; i += OHEM_THREADS) s_hist[i] = 0u;
    __syncthreads();

    u64 above = 0, valid = 0, nans = 0;
    double sum = 0.0;
    const i64 tiles = (num_pixels + OHEM_TILE - 1) / OHEM_TILE;
    for (i64 tile = blockIdx.x; tile < tiles; tile += gridDim.x)
    {
        {{Unroll(spec)}}
        for (int j = 0; j < OHEM_PPT; ++j)
        {
            const i64 p = tile * OHEM_TILE + j * OHEM_THREADS + threadIdx.x;
            if (p >= num_pixels) continue;
            const label_t raw = labels[p];
            float loss = 0.0f;
{{WeightedDeclare(spec)}}            if (raw != OHEM_IGNORE)
            {
                if ({{negativeCheck}}(i64)raw >= (i64)OHEM_CLASSES)
                {
                    atomicMin(&state->bad_index, (u64)p);
                }
                else
                {
                    {{ForwardRowPointer(spec)}}
                    OHEM_ROW_DECLARE
                    const OhemRowStats r = ohem_row_stats(x, plane, num_classes, (int)raw, row);
                    loss = (r.max - r.label_logit) + ohem_log(r.denom);
{{WeightedLoss(spec)}}                    ++valid;
                }
            }
            const u32 key = ohem_key(loss);
            loss_buf[p] = __uint_as_float(key);
{{WeightedStore(spec)}}            if ({{AboveTest(spec)}})
            {
                ++above;
                sum += (double){{SummedLoss(spec)}};
            }
            nans += key == OHEM_NAN_KEY ? 1ull : 0ull;
            atomicAdd(&s_hist[key >> 20], 1u);
        }
    }
    __syncthreads();
    for (int i = threadIdx.x; i < {{Int(Level1Bins)}}; i += OHEM_THREADS)
    {
        if (s_hist[i] != 0u) atomicAdd(&hist1[i], (u64)s_hist[i]);
    }
    above = ohem_block_sum(above, s_u64);
    valid = ohem_block_sum(valid, s_u64);
    nans = ohem_block_sum(nans, s_u64);
    sum = ohem_block_sum(sum, s_f64);
    if (threadIdx.x == 0)
    {
        partials[blockIdx.x].count_above = above;
        partials[blockIdx.x].valid = valid;
        partials[blockIdx.x].nan_count = nans;
        partials[blockIdx.x].sum_above = sum;
    }
}


""");
        }
    }
}
