namespace Ohem
{
    // The knobs with Scope = PerImage (docs/modes.md, "Combinations"): each image is a batch of one, so every knob acts on
    // each image's selection; only the host checks of the Throw values need to know which image failed, and the combine
    // kernel records that in the result state only for the specs that throw.
    sealed partial class OhemSpec
    {
        /// <summary>Whether NMinPolicy = Throw compares NMin with the valid count after the forward (HRNet, MMSegSampler, PaddleSeg, BiSeNetV1 and PaddleSegBootstrapped with ValidOnly).</summary>
        public bool ThrowsNMinAgainstValid => NMinPolicy == OhemNMinPolicy.Throw
            && (Mode == OhemMode.HRNet || Mode == OhemMode.MMSegSampler || Mode == OhemMode.PaddleSeg || (RuleMode == OhemMode.BiSeNetV1 && IsValidOnlyTopK));

        /// <summary>Per image with OnEmpty = Throw: the combine kernel records the first image that kept nothing.</summary>
        public bool RecordsEmptyImage => IsPerImage && OnEmpty == OhemOnEmpty.Throw;

        /// <summary>Per image with NMinPolicy = Throw: the combine kernel records the image with the fewest valid pixels.</summary>
        public bool RecordsFewestValidImage => IsPerImage && (ThrowsNMinAgainstValid || ThrowsLaterNMinAgainstValid);
    }
}
