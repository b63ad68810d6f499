namespace Ohem
{
    static partial class OhemCudaEmitter
    {
        // The decide and final-select text of PaddleSegTopK and DeepLab2, hooked into the switches of
        // OhemCudaEmitter.MoreModes.cs. Both are top-k selections of the per-batch machinery; DeepLab2 is always per
        // image, so its num_pixels is one image's H*W.

        /// <summary>PaddleSeg CrossEntropyLoss's EPS, added in float32 to the mean of its coefficients.</summary>
        public const float PaddleSegTopKEpsilon = 1e-8f;

        /// <summary>The modes whose decide and select text live in this file.</summary>
        internal static bool IsTopKMode(OhemMode mode) => mode == OhemMode.PaddleSegTopK || mode == OhemMode.DeepLab2;

        private static string TopKDecideComment(OhemSpec spec) => spec.Mode == OhemMode.PaddleSegTopK
            ? (spec.EffectiveFraction == 1.0
                ? """
// One block. Reduces the forward partials in a fixed order and applies PaddleSeg CrossEntropyLoss with
// top_k_percent_pixels == 1: mean(loss) / (mean(mask) + 1e-8), i.e. the valid sum over
// N*H*W * (float(valid / (N*H*W)) + 1e-8f), the float32 mean of the mask plus EPS as Paddle adds it.

"""
                : """
// One block. Reduces the forward partials in a fixed order and applies PaddleSeg CrossEntropyLoss's
// top_k_percent_pixels rule: the mean of the k largest losses over all pixels (ignored ones as zeros) over
// mean(coef) + 1e-8, which is 1.0f without class weights; the k-th largest found by exact radix selection.

""")
            : """
// One block. Reduces the forward partials in a fixed order and applies deeplab2's compute_average_top_k_loss to one
// image: the sum of its k largest losses divided by how many of them are non-zero (divide_no_nan: 0 when none), the
// k-th largest found by exact radix selection starting here.

""";

        private static string TopKDecideBody(OhemSpec spec)
        {
            if (spec.Mode == OhemMode.DeepLab2)
            {
                string count = spec.EffectiveFraction == 1.0
                    ? "        // top_k_percentage == 1: no top-k, every pixel of the image.\n        const u64 k = (u64)num_pixels;"
                    : spec.IsValidOnlyDeepLab2 ? DeepLab2ValidOnlyCount(spec)
                    : "        // k = round(r * float(H*W)) in float32, half to even as tf.math.round; at most H*W.\n"
                        + "        const float scaled = rintf(" + F((float)spec.EffectiveFraction) + " * (float)num_pixels);\n"
                        + "        const u64 k = (u64)scaled < (u64)num_pixels ? (u64)scaled : (u64)num_pixels;";
                return $$"""
    if (threadIdx.x == 0)
    {
{{count}}
{{CommonDecideFields}}
{{TopKStart("k > 0ull ? 1u : 0u")}}
        if (k == 0ull)
        {
            // divide_no_nan: nothing present gives 0.
{{EmptyResult("0.0", "0.0f")}}
        }

""";
            }

            if (spec.EffectiveFraction == 1.0)
            {
                return $$"""
    if (threadIdx.x == 0)
    {
        // top_k_percent_pixels == 1: every valid pixel; the divisor is N*H*W times Paddle's float32 mean(mask) + EPS.
        const u64 k = valid;
{{CommonDecideFields}}
        state->divisor = (double)num_pixels * (double)((float)((double)valid / (double)num_pixels) + {{F(PaddleSegTopKEpsilon)}});
{{TopKStart("k > 0ull ? 1u : 0u")}}
        if (k == 0ull)
        {
            // 0 / (0 + 1e-8).
{{EmptyResult("0.0", "0.0f")}}
        }

""";
            }

            return $$"""
    if (threadIdx.x == 0)
    {
{{FixedTopKCount(spec)}}
{{CommonDecideFields}}
        // Without class weights every coef is 1 and mean(coef) + 1e-8 rounds to 1.0f: the divisor is k.
        state->divisor = (double)k;
{{TopKStart("k > 0ull ? 1u : 0u")}}
        if (k == 0ull)
        {
            // paddle.topk of nothing: the mean of an empty tensor, NaN.
{{EmptyResult("__longlong_as_double(0x7ff8000000000000ll)", "__uint_as_float(0x7fc00000u)")}}
        }

""";
        }

        /// <summary>DeepLab2 with Candidates = ValidOnly: k from the image's valid count instead of H*W.</summary>
        private static string DeepLab2ValidOnlyCount(OhemSpec spec) =>
            "        // Candidates = ValidOnly: k = round(r * float(valid)) in float32, half to even; at most valid.\n"
            + "        const float scaled = rintf(" + F((float)spec.EffectiveFraction) + " * (float)valid);\n"
            + "        const u64 k = (u64)scaled < valid ? (u64)scaled : valid;";

        private static string TopKSelectFinal(OhemSpec spec) => spec.Mode == OhemMode.PaddleSegTopK
            ? RankedFinal(spec,
                spec.EffectiveFraction == 1.0
                    ? "        // v is the valid-count-th largest key: every valid loss (ties by rank) over the divisor.\n"
                    : "        // v is the k-th largest key: the losses above it and r of those equal to it (ties by rank) over the divisor.\n",
                "state->divisor")
            : FinalBlock($$"""
        // v is the k-th largest key of the image. deeplab2 divides by the non-zero losses among the top k: all k when
        // v > 0, else the k - r above v (the zeros get no gradient); none gives 0 (divide_no_nan).
{{NonZeroTopK(spec, "0.0")}}
""");
    }
}
