using System.Text;

namespace Ohem
{
    static partial class OhemCudaEmitter
    {
        // Where a pixel's logits (and gradient) live. The logical shape is (N, C, H, W) in both layouts and the kernels
        // keep the same arguments: NCHW reads `plane` (H*W) as the class stride, NHWC ignores it, since pixel p's C values
        // start at p*C and are contiguous. Only the NHWC text differs; the NCHW text is exactly what it was before layouts.

        private static void EmitRowMacros(StringBuilder s, OhemSpec spec)
        {
            bool registers = UsesRegisters(spec);
            if (spec.IsChannelsLast)
            {
                s.Append("// A pixel's row of logits: C contiguous values at logits + p*C (NHWC); plane is not read.\n");
                if (registers && NhwcRowWordBytes(spec) > 0)
                {
                    EmitWideRowLoad(s, spec);
                    return;
                }

                s.Append(registers
                    ? """
#define OHEM_ROW_DECLARE float row[OHEM_CLASSES];
#define OHEM_ROW_LOAD(x, plane) { _Pragma("unroll") for (int c_ = 0; c_ < OHEM_CLASSES; ++c_) row[c_] = ohem_load((x) + c_); }
#define OHEM_LOGIT(x, plane, c) row[c]

"""
                    : """
#define OHEM_ROW_DECLARE float* row = 0;
#define OHEM_ROW_LOAD(x, plane)
#define OHEM_LOGIT(x, plane, c) ohem_load((x) + (c))

""");
                return;
            }

            s.Append("// A pixel's row of logits: C values at stride H*W (NCHW).\n");
            s.Append(registers
                ? """
#define OHEM_ROW_DECLARE float row[OHEM_CLASSES];
#define OHEM_ROW_LOAD(x, plane) { _Pragma("unroll") for (int c_ = 0; c_ < OHEM_CLASSES; ++c_) row[c_] = ohem_load((x) + (i64)c_ * (plane)); }
#define OHEM_LOGIT(x, plane, c) row[c]

"""
                : """
#define OHEM_ROW_DECLARE float* row = 0;
#define OHEM_ROW_LOAD(x, plane)
#define OHEM_LOGIT(x, plane, c) ohem_load((x) + (i64)(c) * (plane))

""");
        }

        /// <summary>The forward's statements that point <c>x</c> at pixel <c>p</c>'s first logit (indented for its place).</summary>
        private static string ForwardRowPointer(OhemSpec spec) => spec.IsChannelsLast
            ? "const logit_t* x = logits + p * OHEM_CLASSES;"
            : "const i64 n = p / plane;\n                    const logit_t* x = logits + (n * OHEM_CLASSES) * plane + (p - n * plane);";

        /// <summary>The backward's statements that set <c>offset</c>, pixel <c>p</c>'s first element in logits and gradient.</summary>
        private static string BackwardRowOffset(OhemSpec spec) => spec.IsChannelsLast
            ? "const i64 offset = p * OHEM_CLASSES;"
            : "const i64 n = p / plane;\n            const i64 offset = (n * OHEM_CLASSES) * plane + (p - n * plane);";

        // NHWC with the row not in registers (run-time C or C > 32): the backward's two per-class store loops are unrolled
        // less than NCHW's, because with contiguous stores ptxas otherwise spills a few bytes on sm_70/80/90 (seen with
        // NVRTC 11.8 for f16/bf16/f32, C = 33, 64, 150 and run-time C; checked by NvrtcCompileTests).

        /// <summary>The pragma of the backward's gradient loop.</summary>
        private static string GradientUnroll(OhemSpec spec) => spec.IsChannelsLast && !UsesRegisters(spec) ? "#pragma unroll 2" : Unroll(spec);

        /// <summary>What precedes the loop that zeroes an unkept pixel's gradient row (rolled for NHWC without registers, and NCHW C = 3, 4: see SmallRows).</summary>
        private static string ZeroRowLoopPrefix(OhemSpec spec) => (spec.IsChannelsLast && !UsesRegisters(spec)) || RollsSmallZeroRow(spec)
            ? "#pragma unroll 1\n                "
            : string.Empty;

        /// <summary>Class <c>c</c>'s element of the row at <c>g</c>.</summary>
        private static string GradientClass(OhemSpec spec) => spec.IsChannelsLast ? "g[c]" : "g[(i64)c * plane]";

        /// <summary>
        /// Bytes of the words an NHWC row is read in (16 or 8 for float32, 8 or 4 for float16), or 0 where it is read element by
        /// element: only baked C ≤ 20 (the row is held in registers) with C·sizeof(logit) a multiple of the word, so that
        /// every row starts word-aligned when the logits do. The host checks that alignment before each launch.
        /// </summary>
        /// <summary>Largest class count whose NHWC row is read in words.</summary>
        internal const int MaxWordRowClasses = 20;

        internal static int NhwcRowWordBytes(OhemSpec spec)
        {
            // bfloat16 rows stay element by element: read in words (8 or 16 bytes), ptxas spilled 4 bytes in the sm_70
            // backward for C = 16 (NVRTC 11.8).
            // Nor rows of more than MaxWordRowClasses classes: float32 C = 32 with class weights and per-image scope spilled
            // 8 bytes in the sm_70 backward; every spec up to 20 classes compiled checked here is clean.
            if (!spec.IsChannelsLast || !UsesRegisters(spec) || spec.Logits == OhemLogits.BFloat16 || spec.NumClasses > MaxWordRowClasses)
            {
                return 0;
            }

            int element = spec.Logits == OhemLogits.Float32 ? 4 : 2;
            int bytes = spec.NumClasses * element;
            // float16 rows at most in 8-byte words, as a margin against the same (not seen for float16).
            return bytes % 16 == 0 && element == 4 ? 16 : bytes % 8 == 0 ? 8 : bytes % 4 == 0 && element == 2 ? 4 : 0;
        }

        // The row in 4-, 8- or 16-byte words: fewer, wider load instructions per pixel (a warp's rows are C·sizeof apart,
        // so each scalar load instruction touches up to 32 lines; a 16-byte one moves four times the data for the same
        // lines). Each 32-bit lane's element(s) go through ohem_load, so the row holds the same bits.
        private static void EmitWideRowLoad(StringBuilder s, OhemSpec spec)
        {
            int word = NhwcRowWordBytes(spec);
            int perLane = spec.Logits == OhemLogits.Float32 ? 1 : 2;
            int words = spec.NumClasses * (spec.Logits == OhemLogits.Float32 ? 4 : 2) / word;
            string type = word == 16 ? "uint4" : word == 8 ? "uint2" : "u32";
            string[] lanes = word == 16 ? new[] { "x", "y", "z", "w" } : word == 8 ? new[] { "x", "y" } : new[] { string.Empty };
            int lanesPerWord = lanes.Length;
            s.Append("// Read as ").Append(Int(words)).Append(' ').Append(Int(word)).Append("-byte words: the host requires logits to be ")
                .Append(Int(word)).Append("-byte aligned.\n");
            // Through ohem_load itself, on the lane's element(s) rebuilt from its bits: the same widening by construction.
            s.Append(spec.Logits == OhemLogits.Float32
                ? "static __device__ __forceinline__ void ohem_unpack(u32 w, float* out) { const logit_t v[1] = { __uint_as_float(w) }; out[0] = ohem_load(v); }\n"
                : "static __device__ __forceinline__ void ohem_unpack(u32 w, float* out) { const logit_t v[2] = { (logit_t)(w & 0xffffu), (logit_t)(w >> 16) }; out[0] = ohem_load(v); out[1] = ohem_load(v + 1); }\n");
            s.Append("#define OHEM_ROW_DECLARE float row[OHEM_CLASSES];\n");
            s.Append("#define OHEM_ROW_LOAD(x, plane) { const ").Append(type).Append("* w_ = (const ").Append(type)
                .Append("*)(x); _Pragma(\"unroll\") for (int q_ = 0; q_ < ").Append(Int(words)).Append("; ++q_) { const ")
                .Append(type).Append(" v_ = w_[q_];");
            for (int i = 0; i < lanesPerWord; ++i)
            {
                string lane = lanes[i].Length == 0 ? "v_" : "v_." + lanes[i];
                s.Append(" ohem_unpack(").Append(lane).Append(", row + (q_ * ").Append(Int(lanesPerWord)).Append(" + ").Append(Int(i))
                    .Append(") * ").Append(Int(perLane)).Append(");");
            }

            s.Append(" } }\n#define OHEM_LOGIT(x, plane, c) row[c]\n\n");
        }
    }
}
