namespace Ohem
{
    // The policy knobs under the modes (docs/modes.md, "Knobs"). Value 0 of each is Default: the chosen mode's own,
    // faithful behaviour, so a spec that never names a knob is exactly the spec it was before knobs existed.

    /// <summary>How losses are compared with the threshold and with the order-statistic cut-off.</summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    enum OhemComparison
    {
        /// <summary>The mode's own comparison (strict in every mode so far).</summary>
        Default = 0,
        /// <summary>Keep ℓ &gt; τ (p &lt; Thresh) and drop the pixels tied at an order-statistic cut-off (BiSeNet, HRNet, mmseg, PaddleSeg).</summary>
        Strict = 1,
        /// <summary>Keep ℓ ≥ τ (p ≤ Thresh, pytorch-loss, TorchSeg, CCNet); the probability modes also keep every pixel tied at the cut-off.</summary>
        Inclusive = 2,
    }

    /// <summary>The loss when no pixel is kept.</summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    enum OhemOnEmpty
    {
        /// <summary>The mode's own value: NaN (mean of nothing) for BiSeNetV1/V2, HRNet, TopKPercent; 0 for MMSegSampler and PaddleSeg.</summary>
        Default = 0,
        /// <summary>NaN, with a zero gradient.</summary>
        NaN = 1,
        /// <summary>0, with a zero gradient.</summary>
        Zero = 2,
        /// <summary>Forward throws <see cref="System.InvalidOperationException"/> when the result is read on the host.</summary>
        Throw = 3,
    }

    /// <summary>What happens when n_min is at least the candidate count.</summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    enum OhemNMinPolicy
    {
        /// <summary>The mode's own: BiSeNetV1 throws (IndexError in PyTorch), HRNet and MMSegSampler clamp to valid − 1, PaddleSeg stops mining.</summary>
        Default = 0,
        /// <summary>Forward throws <see cref="System.ArgumentOutOfRangeException"/> naming nMin.</summary>
        Throw = 1,
        /// <summary>n_min becomes the candidate count (HRNet, MMSegSampler, PaddleSeg: their own clamp, the same as Default).</summary>
        Clamp = 2,
    }

    /// <summary>Which pixels a top-k ranks.</summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    enum OhemCandidates
    {
        /// <summary>The mode's own: all pixels with ignored ones as zeros for BiSeNetV1/V2 and TopKPercent, the valid ones for the others.</summary>
        Default = 0,
        /// <summary>All N·H·W pixels, ignored ones as zero losses.</summary>
        AllPixels = 1,
        /// <summary>Only the valid pixels: k is at most the valid count (TopKPercent: k = ⌊Fraction × valid⌋).</summary>
        ValidOnly = 2,
    }

    /// <summary>How the kept losses are reduced.</summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    enum OhemReduction
    {
        /// <summary>The mode's own normaliser.</summary>
        Default = 0,
        /// <summary>The kept sum divided by the mode's own normaliser (the same as Default).</summary>
        Mean = 1,
        /// <summary>The kept sum, not divided; the gradient on a kept pixel is g·(softmax − onehot).</summary>
        Sum = 2,
    }
}
