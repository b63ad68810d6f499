using System;
using System.Globalization;
using Ohem.Cpu;

namespace Ohem
{
    /// <summary>
    /// The host-side halves of the Throw and Clamp knobs, shared by both backends: NMin against N·H·W before a forward,
    /// NMin against the valid count and the empty selection once the result is on the host.
    /// </summary>
    internal static partial class OhemKnobChecks
    {
        private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// BiSeNetV1's rule over all pixels: NMin ≥ N·H·W (or H·W per image) throws unless NMinPolicy = Clamp or
        /// Candidates = ValidOnly (the seed's IndexError); see <see cref="OhemSpec.NMinMustBeBelowPixels"/>.
        /// </summary>
        public static void BeforeForward(OhemSpec spec, OhemShape shape)
        {
            CpuOhemErrors.CheckNMin(spec, shape);
            PytorchLossNMinBeforeForward(spec, shape);
        }

        /// <summary>BiSeNetV1's n_min as the kernels get it: clamped to the range's pixels (N·H·W) with NMinPolicy = Clamp.</summary>
        public static long HostNMin(OhemSpec spec, long pixels) =>
            spec.ClampsNMinToPixels ? Math.Min(spec.NMin, pixels) : spec.NMin;

        /// <summary>
        /// NMinPolicy = Throw against the valid count (known only after the forward), then OnEmpty = Throw. The result is
        /// computed by then; the caller forgets it so that no backward runs on it.
        /// </summary>
        public static void AfterForward(OhemSpec spec, OhemResult result, OhemShape shape, OhemImageFacts images)
        {
            LaterModeNMinAfterForward(spec, result, shape, images);
            if (spec.IsPerImage)
            {
                AfterForwardPerImage(spec, shape, images);
                return;
            }

            if (spec.NMinPolicy == OhemNMinPolicy.Throw)
            {
                long wanted = spec.Mode switch
                {
                    OhemMode.HRNet => Math.Max(1, spec.NMin),
                    OhemMode.MMSegSampler => OhemSpec.BatchKept(spec.NMin, shape.N),
                    OhemMode.PaddleSeg => spec.NMin,
                    OhemMode.BiSeNetV1 when spec.IsValidOnlyTopK => spec.NMin,
                    _ => -1,
                };
                if (wanted >= 0 && wanted >= result.ValidPixels)
                {
                    string batch = spec.Mode == OhemMode.MMSegSampler ? $" (NMin × N = {I(wanted)})" : spec.Mode == OhemMode.HRNet && spec.NMin == 0 ? " (read as 1)" : string.Empty;
                    throw new ArgumentOutOfRangeException(
                        "nMin",
                        spec.NMin,
                        $"NMin = {I(spec.NMin)}{batch} is not less than the {I(result.ValidPixels)} valid pixels of this batch, the candidates of Mode {OhemSpec.ModeName(spec.Mode)}, and NMinPolicy = Throw.");
                }
            }

            if (spec.OnEmpty == OhemOnEmpty.Throw && result.Kept == 0)
            {
                string why = result.ValidPixels == 0
                    ? $"0 valid pixels among the {I(shape.Pixels)}"
                    : $"none of the {I(result.ValidPixels)} valid pixels (of {I(shape.Pixels)}) passed the rule";
                throw new InvalidOperationException(
                    $"No pixel was selected: {why}; Mode {OhemSpec.ModeName(spec.Mode)} with OnEmpty = Throw, spec {spec.Key}.");
            }
        }

        /// <summary>
        /// Per image each image is a batch of one: NMinPolicy = Throw against the fewest valid pixels of any image (NMin,
        /// not NMin × N, for MMSegSampler), then OnEmpty = Throw on the first image that kept nothing.
        /// </summary>
        private static void AfterForwardPerImage(OhemSpec spec, OhemShape shape, OhemImageFacts images)
        {
            if (spec.ThrowsNMinAgainstValid)
            {
                long wanted = spec.Mode == OhemMode.HRNet ? Math.Max(1, spec.NMin) : spec.NMin;
                if (wanted >= images.FewestValid)
                {
                    string read = spec.Mode == OhemMode.HRNet && spec.NMin == 0 ? " (read as 1)" : string.Empty;
                    throw new ArgumentOutOfRangeException(
                        "nMin",
                        spec.NMin,
                        $"NMin = {I(spec.NMin)}{read} is not less than the {I(images.FewestValid)} valid pixels of image {I(images.FewestValidImage)} (of {I(shape.N)}; Scope = PerImage selects in each image), the candidates of Mode {OhemSpec.ModeName(spec.Mode)}, and NMinPolicy = Throw.");
                }
            }

            if (spec.OnEmpty == OhemOnEmpty.Throw && images.EmptyImage >= 0)
            {
                throw new InvalidOperationException(
                    $"No pixel was selected in image {I(images.EmptyImage)} (of {I(shape.N)}; Scope = PerImage selects in each image); Mode {OhemSpec.ModeName(spec.Mode)} with OnEmpty = Throw, spec {spec.Key}.");
            }
        }
    }
}
