namespace Ohem
{
    /// <summary>The defaults of <see cref="OhemLossAttribute"/>, in one place so the generator (which links this file) and the attribute agree.</summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    static class OhemLossDefaults
    {
        /// <summary>Default probability threshold.</summary>
        public const double Thresh = 0.7;
        /// <summary>Default least number of kept pixels.</summary>
        public const long NMin = 100_000;
        /// <summary>Default ignore label.</summary>
        public const int IgnoreLabel = 255;
        /// <summary>Default class count (0 = given at run time).</summary>
        public const int NumClasses = 0;
        /// <summary>Default logits type.</summary>
        public const OhemLogits Logits = OhemLogits.Float32;
        /// <summary>Default labels type.</summary>
        public const OhemLabels Labels = OhemLabels.Int64;
        /// <summary>Default mode.</summary>
        public const OhemMode Mode = OhemMode.BiSeNetV1;
        /// <summary>Default fraction: 0 = the mode's own default.</summary>
        public const double Fraction = 0.0;
        /// <summary>BiSeNetV2's default n_min fraction of the valid pixels.</summary>
        public const double BiSeNetV2Fraction = 1.0 / 16.0;
        /// <summary>Default normaliser of MMSegSampler: N·H·W (mmseg's avg_non_ignore=False).</summary>
        public const bool AverageOverValid = false;
        /// <summary>Default logits layout: channels-first (N×C×H×W), as PyTorch's default contiguous tensors.</summary>
        public const OhemLayout Layout = OhemLayout.NCHW;

        /// <summary>Default scope: the rule runs once over the whole batch.</summary>
        public const OhemScope Scope = OhemScope.PerBatch;
        /// <summary>TopKPercent's default fraction of all pixels.</summary>
        public const double TopKPercentFraction = 1.0;
        /// <summary>Default comparison: the mode's own.</summary>
        public const OhemComparison Comparison = OhemComparison.Default;
        /// <summary>Default empty-selection result: the mode's own.</summary>
        public const OhemOnEmpty OnEmpty = OhemOnEmpty.Default;
        /// <summary>Default n_min policy: the mode's own.</summary>
        public const OhemNMinPolicy NMinPolicy = OhemNMinPolicy.Default;
        /// <summary>Default candidates: the mode's own.</summary>
        public const OhemCandidates Candidates = OhemCandidates.Default;
        /// <summary>Default reduction: the mode's own.</summary>
        public const OhemReduction Reduction = OhemReduction.Default;
    }
}
