namespace Ohem
{
    /// <summary>The CUDA entry points of one spec; the suffix keeps several specs apart in one process.</summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    sealed class OhemKernelNames
    {
        /// <summary>Creates the names for a suffix.</summary>
        public OhemKernelNames(string suffix, bool hasNativeBackward)
        {
            Suffix = suffix;
            HasNativeBackward = hasNativeBackward;
        }

        /// <summary>The spec-unique suffix.</summary>
        public string Suffix { get; }

        /// <summary>Whether a backward writing the logits' own 16-bit type is emitted.</summary>
        public bool HasNativeBackward { get; }

        /// <summary>Zeroes the histograms and the state.</summary>
        public string Reset => "ohem_reset_" + Suffix;

        /// <summary>The fused cross-entropy + statistics pass over the logits.</summary>
        public string Forward => "ohem_forward_" + Suffix;

        /// <summary>Reduces the forward partials and picks the rule (and the first radix bin).</summary>
        public string Decide => "ohem_decide_" + Suffix;

        /// <summary>One radix refinement pass over the loss buffer.</summary>
        public string Refine => "ohem_refine_" + Suffix;

        /// <summary>Reduces a refinement pass and picks the next radix bin (and finalises at the last level).</summary>
        public string Select => "ohem_select_" + Suffix;

        /// <summary>Counts the pixels tied at the cut-off per backward tile.</summary>
        public string TieCount => "ohem_tiecount_" + Suffix;

        /// <summary>Exclusive scan of the tie counts.</summary>
        public string TieScan => "ohem_tiescan_" + Suffix;

        /// <summary>The backward writing float32 gradients.</summary>
        public string Backward => "ohem_backward_" + Suffix;

        /// <summary>The backward writing gradients in the logits' 16-bit type (only when the logits are 16-bit).</summary>
        public string BackwardNative => "ohem_backward_native_" + Suffix;

        /// <summary>All entry points, in launch order.</summary>
        public string[] All => HasNativeBackward
            ? new[] { Reset, Forward, Decide, Refine, Select, TieCount, TieScan, Backward, BackwardNative }
            : new[] { Reset, Forward, Decide, Refine, Select, TieCount, TieScan, Backward };
    }
}
