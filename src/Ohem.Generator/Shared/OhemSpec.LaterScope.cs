namespace Ohem
{
    // The knobs of modes 6-10 with Scope = PerImage and ClassWeights (docs/modes.md, "Combinations"). Per image each image
    // is a batch of one, so the per-batch texts with the knobs run unchanged on each image; only the host checks of
    // NMinPolicy = Throw need each image's counts. With weights the loss-domain modes (MMSegByLoss, DeepLabTF,
    // ModelGarden) rank the weighted losses, so the knobs act on them as without weights; TorchSeg ranks the unweighted
    // probabilities and its levels 4 and 5 (Σ w·ℓ / Σ w) sum over the kept set the knobs chose (OhemCudaEmitter.WeightSum).
    sealed partial class OhemSpec
    {
        /// <summary>MMSegByLoss and TorchSeg with NMinPolicy = Throw: more than the valid pixels (per batch, or of any image) throws after the forward.</summary>
        public bool ThrowsLaterNMinAgainstValid => NMinPolicy == OhemNMinPolicy.Throw && (Mode == OhemMode.MMSegByLoss || Mode == OhemMode.TorchSeg);
    }
}
