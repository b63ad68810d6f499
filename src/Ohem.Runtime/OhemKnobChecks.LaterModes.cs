using System;

namespace Ohem
{
    /// <summary>NMinPolicy = Throw with the later modes, whose fallbacks (no mining, the clamp to the candidates) it refuses.</summary>
    internal static partial class OhemKnobChecks
    {
        /// <summary>
        /// pytorch-loss does not relabel when n_min ≥ N·H·W (its candidates are every pixel, ignored ones ranked last), so
        /// with NMinPolicy = Throw that is an error, known from the shape before any kernel runs.
        /// </summary>
        private static void PytorchLossNMinBeforeForward(OhemSpec spec, OhemShape shape)
        {
            if (spec.Mode != OhemMode.PytorchLossOhem || spec.NMinPolicy != OhemNMinPolicy.Throw)
            {
                return;
            }

            // Per image each image is a batch of one: its candidates are its H·W pixels.
            long pixels = spec.IsPerImage ? shape.Plane : shape.Pixels;
            long nMin = spec.Fraction != 0 ? spec.FractionCount(pixels) : spec.NMin;
            if (nMin >= pixels)
            {
                string given = spec.Fraction != 0 ? $"n_min = Fraction × N·H·W = {I(nMin)}" : $"NMin = {I(nMin)}";
                throw new ArgumentOutOfRangeException(
                    spec.Fraction != 0 ? "fraction" : "nMin",
                    spec.Fraction != 0 ? (object)spec.Fraction : spec.NMin,
                    $"{given} is not less than the {I(pixels)} pixels {(spec.IsPerImage ? "(H·W) of each image (Scope = PerImage selects in each image)" : "(N·H·W) of this batch")}, the candidates of Mode {OhemSpec.ModeName(spec.Mode)}, which does not mine then; NMinPolicy = Throw.");
            }
        }

        /// <summary>
        /// MMSegByLoss (NMin × N) and TorchSeg (NMin) with NMinPolicy = Throw: more than the valid pixels, the candidates of
        /// their top-k, is an error instead of mmseg's clamp to the valid count and TorchSeg's no-mining fallback. Taking
        /// exactly the valid count is a full selection, not an error.
        /// </summary>
        private static void LaterModeNMinAfterForward(OhemSpec spec, OhemResult result, OhemShape shape, OhemImageFacts images)
        {
            if (!spec.ThrowsLaterNMinAgainstValid)
            {
                return;
            }

            if (spec.IsPerImage)
            {
                // Each image is a batch of one (MMSegByLoss: NMin × 1): NMin against the fewest valid pixels of any image.
                if (spec.NMin > images.FewestValid)
                {
                    throw new ArgumentOutOfRangeException(
                        "nMin",
                        spec.NMin,
                        $"NMin = {I(spec.NMin)} is more than the {I(images.FewestValid)} valid pixels of image {I(images.FewestValidImage)} (of {I(shape.N)}; Scope = PerImage selects in each image), the candidates of Mode {OhemSpec.ModeName(spec.Mode)}, and NMinPolicy = Throw.");
                }

                return;
            }

            long wanted = spec.Mode == OhemMode.MMSegByLoss ? OhemSpec.BatchKept(spec.NMin, shape.N) : spec.NMin;
            if (wanted > result.ValidPixels)
            {
                string batch = spec.Mode == OhemMode.MMSegByLoss ? $" (NMin × N = {I(wanted)})" : string.Empty;
                throw new ArgumentOutOfRangeException(
                    "nMin",
                    spec.NMin,
                    $"NMin = {I(spec.NMin)}{batch} is more than the {I(result.ValidPixels)} valid pixels of this batch, the candidates of Mode {OhemSpec.ModeName(spec.Mode)}, and NMinPolicy = Throw.");
            }
        }
    }
}
