using System.Text;

namespace Ohem
{
    static partial class OhemCudaEmitter
    {
        /// <summary>Largest baked class count whose logits are held in registers (two passes without re-reading memory).</summary>
        public const int MaxRegisterClasses = 32;

        private static bool UsesRegisters(OhemSpec spec) => spec.HasFixedClassCount && spec.NumClasses <= MaxRegisterClasses;

        private static string Unroll(OhemSpec spec) => UsesRegisters(spec) ? "#pragma unroll" : "#pragma unroll 4";

        private static void EmitPixel(StringBuilder s, OhemSpec spec)
        {
            switch (spec.Logits)
            {
                case OhemLogits.Float32:
                    s.Append("""
static __device__ __forceinline__ float ohem_load(const logit_t* p) { return *p; }
static __device__ __forceinline__ logit_t ohem_store_native(float v) { return v; }

""");
                    break;
                case OhemLogits.Float16:
                    s.Append("""
// binary16 <-> float through PTX cvt (no cuda_fp16.h in NVRTC 11.x).
static __device__ __forceinline__ float ohem_load(const logit_t* p)
{
    const unsigned short h = *p;
    float f;
    asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h));
    return f;
}
static __device__ __forceinline__ logit_t ohem_store_native(float v)
{
    unsigned short h;
    asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(v));
    return h;
}

""");
                    break;
                default:
                    s.Append("""
// bfloat16 <-> float by bits (no cuda_bf16.h in NVRTC 11.x; cvt to bf16 needs sm_80): round to nearest even, NaN kept quiet.
static __device__ __forceinline__ float ohem_load(const logit_t* p) { return __uint_as_float(((u32)*p) << 16); }
static __device__ __forceinline__ logit_t ohem_store_native(float v)
{
    u32 u = __float_as_uint(v);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (logit_t)((u >> 16) | 0x40u);
    u += 0x7fffu + ((u >> 16) & 1u);
    return (logit_t)(u >> 16);
}

""");
                    break;
            }

            string unroll = Unroll(spec);
            EmitRowMacros(s, spec);
            s.Append($$"""
// Max (NaN-propagating, as torch's max), the true-class logit, then the sum of exps in class order: the same
// operations in the same order as the CPU backend. loss = (max - x_y) + log(sum) is >= 0 (never -0).
struct OhemRowStats
{
    float max;
    float label_logit;
    float denom;
};

static __device__ __forceinline__ OhemRowStats ohem_row_stats(const logit_t* __restrict__ x, i64 plane, int num_classes, int y, float* row)
{
    OHEM_ROW_LOAD(x, plane)
    OhemRowStats r;
    float m = OHEM_LOGIT(x, plane, 0);
    float xy = m;
    {{unroll}}
    for (int c = 1; c < OHEM_CLASSES; ++c)
    {
        const float t = OHEM_LOGIT(x, plane, c);
        m = (t > m || t != t) ? t : m;
        xy = c == y ? t : xy;
    }
    float d = 0.0f;
    {{unroll}}
    for (int c = 0; c < OHEM_CLASSES; ++c)
    {
        d += ohem_exp(OHEM_LOGIT(x, plane, c) - m);
    }
    r.max = m;
    r.label_logit = xy;
    r.denom = d;
    return r;
}

static __device__ __forceinline__ u32 ohem_key(float loss) { return loss != loss ? OHEM_NAN_KEY : __float_as_uint(loss); }

// A NaN float32 gradient element as 0x7fffffff (what the GPU's arithmetic gives; x86 keeps NaN payloads), so both
// backends write the same bits. The 16-bit stores canonicalise NaN themselves (cvt; ohem_store_native for bf16).
static __device__ __forceinline__ float ohem_canonical_nan(float v) { return v != v ? __uint_as_float(0x7fffffffu) : v; }


""");
        }
    }
}
