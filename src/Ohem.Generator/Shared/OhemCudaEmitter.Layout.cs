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

        /// <summary>What precedes the loop that zeroes an unkept pixel's gradient row (rolled for NHWC without registers).</summary>
        private static string ZeroRowLoopPrefix(OhemSpec spec) => spec.IsChannelsLast && !UsesRegisters(spec)
            ? "#pragma unroll 1\n                "
            : string.Empty;

        /// <summary>Class <c>c</c>'s element of the row at <c>g</c>.</summary>
        private static string GradientClass(OhemSpec spec) => spec.IsChannelsLast ? "g[c]" : "g[(i64)c * plane]";
    }
}
