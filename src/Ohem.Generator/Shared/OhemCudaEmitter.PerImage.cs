using System.Text;

namespace Ohem
{
    static partial class OhemCudaEmitter
    {
        // Per image, the host runs the unchanged per-batch sequence (reset .. select) on each image's pixels into its own
        // state, then the combine kernel below writes the batch result into the result state. The backward runs per image
        // too, on that image's state, and divides by the image count it is given. A per-batch spec emits none of this.

        /// <summary>The backward's extra parameter (per image only): the number of images the loss is the mean over.</summary>
        private static string ImagesParameter(OhemSpec spec) => spec.IsPerImage ? ", i64 images" : string.Empty;

        private static string ImagesArgument(OhemSpec spec) => spec.IsPerImage ? ", images" : string.Empty;

        /// <summary>g / (N · kept), or g / (N · the image's divisor): the image's own gradient scale over the image count.</summary>
        private static string PerImageBackwardScale(OhemSpec spec) => spec.IsSum
            ? "kept != 0ull ? upstream[0] : 0.0f"
            : spec.HasDivisorField
            ? "kept != 0ull ? (float)((double)upstream[0] / (state->divisor * (double)images)) : 0.0f"
            : "kept != 0ull ? (float)((double)upstream[0] / ((double)kept * (double)images)) : 0.0f";

        // The host checks of OnEmpty = Throw and NMinPolicy = Throw name the image that failed: the combine kernel leaves
        // it in result-state words the batch result does not use (k, remaining, ties_total), only for those specs.
        private static string CombineDeclare(OhemSpec spec) =>
            (spec.RecordsEmptyImage ? "    u64 empty = ~0ull;\n" : string.Empty)
            + (spec.RecordsFewestValidImage ? "    u64 fewest = 0ull, fewest_valid = ~0ull;\n" : string.Empty);

        private static string CombineTrack(OhemSpec spec) =>
            (spec.RecordsEmptyImage ? "        if (empty == ~0ull && image->kept == 0ull) empty = (u64)n;\n" : string.Empty)
            + (spec.RecordsFewestValidImage ? "        if (image->valid < fewest_valid)\n        {\n            fewest = (u64)n;\n            fewest_valid = image->valid;\n        }\n" : string.Empty);

        private static string CombineRecord(OhemSpec spec) =>
            (spec.RecordsEmptyImage ? "    // OnEmpty = Throw: the first image that kept nothing (~0 if none), for the host check.\n    total->k = empty;\n" : string.Empty)
            + (spec.RecordsFewestValidImage ? "    // NMinPolicy = Throw: the first image with the fewest valid pixels and their count, for the host check.\n    total->remaining = fewest;\n    total->ties_total = fewest_valid;\n" : string.Empty);

        private static string CombineComment(OhemSpec spec) => spec.IsSum
            ? "// Per image, Reduction = Sum: the batch loss is the sum of the per-image kept sums (floats), added in image order\n"
              + "// in fp64; a NaN image makes the batch NaN."
            : "// Per image: the batch loss is the mean of the per-image float losses, added in image order in fp64 and divided by\n"
              + "// the image count (an image whose loss is NaN makes the batch NaN, as the mean of an empty selection does in\n"
              + "// PaddleSeg's per-image loop).";

        private static void EmitCombine(StringBuilder s, OhemSpec spec, OhemKernelNames names)
        {
            if (!spec.IsPerImage)
            {
                return;
            }

            s.Append($$"""
{{CombineComment(spec)}} Kept and valid are summed; the rule is top-k if any image used it, with that first
// image's threshold; the first bad label gets its batch flat index. One thread: the order is fixed.
extern "C" __global__ void __launch_bounds__(OHEM_THREADS) {{names.Combine}}(
    const OhemState* __restrict__ images, i64 num_images, i64 plane, OhemState* __restrict__ total)
{
    if (threadIdx.x != 0) return;
    double sum = 0.0;
    u64 kept = 0ull, valid = 0ull, above = 0ull, nans = 0ull, bad = ~0ull;
{{CombineDeclare(spec)}}    u32 rule = OHEM_RULE_ABOVE;
    float threshold = images[0].threshold;
    for (i64 n = 0; n < num_images; ++n)
    {
        const OhemState* image = images + n;
        if (bad == ~0ull && image->bad_index != ~0ull) bad = (u64)n * (u64)plane + image->bad_index;
{{CombineTrack(spec)}}        sum += (double)image->loss;
        kept += image->kept;
        valid += image->valid;
        above += image->count_above;
        nans += image->nan_count;
        if (image->rule == OHEM_RULE_TOPK && rule != OHEM_RULE_TOPK)
        {
            rule = OHEM_RULE_TOPK;
            threshold = image->threshold;
        }
    }
    u64* words = (u64*)total;
    for (int i = 0; i < (int)(sizeof(OhemState) / sizeof(u64)); ++i) words[i] = 0ull;
    total->loss64 = sum{{Per(spec, "(double)num_images")}};
    total->loss = (float)total->loss64;
    total->kept = kept;
    total->valid = valid;
    total->count_above = above;
    total->nan_count = nans;
    total->bad_index = bad;
    total->rule = rule;
    total->threshold = threshold;
{{CombineRecord(spec)}}}


""");
        }
    }
}
