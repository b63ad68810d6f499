namespace Ohem
{
    /// <summary>What one forward pass computed.</summary>
    /// <param name="Loss">The mean of the kept losses (NaN when nothing is kept, as torch.mean of an empty tensor).</param>
    /// <param name="Kept">How many pixels the mean is over (ignored pixels kept by the top-NMin rule count).</param>
    /// <param name="Rule">Which branch of the rule applied.</param>
    /// <param name="Threshold">−ln(Thresh) for <see cref="OhemRule.AboveThreshold"/>; for <see cref="OhemRule.TopNMin"/> the k-th largest loss
    /// (k = NMin, or the mode's computed k; HRNet: the (k+1)-th largest, kept pixels being strictly above it); NaN when nothing was selected.</param>
    /// <param name="Pixels">N·H·W.</param>
    /// <param name="ValidPixels">Pixels whose label is not the ignore label.</param>
    /// <param name="Backend">Where it ran.</param>
    public readonly record struct OhemResult(float Loss, long Kept, OhemRule Rule, float Threshold, long Pixels, long ValidPixels, OhemBackend Backend);
}
