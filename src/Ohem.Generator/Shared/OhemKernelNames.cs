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
        public OhemKernelNames(string suffix, bool hasNativeBackward, bool hasCombine = false)
        {
            Suffix = suffix;
            HasNativeBackward = hasNativeBackward;
            HasCombine = hasCombine;
        }

        /// <summary>The spec-unique suffix.</summary>
        public string Suffix { get; }

        /// <summary>Whether a backward writing the logits' own 16-bit type is emitted.</summary>
        public bool HasNativeBackward { get; }

        /// <summary>Whether the per-image combine kernel is emitted (per-image specs only).</summary>
        public bool HasCombine { get; }

        /// <summary>Per image: the batch result from the per-image states (the mean of the per-image losses).</summary>
        public string Combine => "ohem_combine_" + Suffix;

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
        public string[] All
        {
            get
            {
                var all = new System.Collections.Generic.List<string> { Reset, Forward, Decide, Refine, Select };
                if (HasCombine)
                {
                    all.Add(Combine);
                }

                all.AddRange(new[] { TieCount, TieScan, Backward });
                if (HasNativeBackward)
                {
                    all.Add(BackwardNative);
                }

                return all.ToArray();
            }
        }
    }
}
