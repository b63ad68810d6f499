using System;

namespace Ohem
{
    /// <summary>
    /// Turns a <c>partial class</c> into an online hard example mining cross-entropy loss for semantic
    /// segmentation. At build time the Ohem generator validates the arguments (diagnostics OHEM0001 onward)
    /// and emits specialised CUDA C plus the typed other half of the class.
    /// </summary>
    /// <remarks>
    /// The loss (default <see cref="Mode"/>, <see cref="OhemMode.BiSeNetV1"/>): per-pixel cross-entropy over the whole
    /// batch (N·H·W pixels flattened), keep every pixel whose loss is above −ln(<see cref="Thresh"/>) when more than
    /// <see cref="NMin"/> are, otherwise keep the <see cref="NMin"/> largest losses; the result is the mean of the kept
    /// losses. The other modes are described on <see cref="OhemMode"/> and in docs/modes.md.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class OhemLossAttribute : Attribute
    {
        /// <summary>Probability threshold: a pixel is hard when its true-class probability is below it. 0 &lt; Thresh ≤ 1. Default 0.7.
        /// <see cref="OhemMode.PaddleSegBootstrapped"/> reads it as a loss threshold (loss_th): a finite value ≥ 0.</summary>
        public double Thresh { get; set; } = OhemLossDefaults.Thresh;

        /// <summary>The least number of pixels kept per batch (BiSeNetV1); HRNet's and PaddleSeg's min_kept; MMSegSampler's min_kept per image. Not read by BiSeNetV2 or TopKPercent. ≥ 0. Default 100000.</summary>
        public long NMin { get; set; } = OhemLossDefaults.NMin;

        /// <summary>Label value whose pixels have zero loss and no gradient. Default 255; negative values such as −1 are allowed.</summary>
        public int IgnoreLabel { get; set; } = OhemLossDefaults.IgnoreLabel;

        /// <summary>Number of classes: 0 = given at run time; ≥ 2 = baked into the kernels. Default 0.</summary>
        public int NumClasses { get; set; } = OhemLossDefaults.NumClasses;

        /// <summary>Element type of the logits (N×C×H×W). Default <see cref="OhemLogits.Float32"/>.</summary>
        public OhemLogits Logits { get; set; } = OhemLossDefaults.Logits;

        /// <summary>Element type of the labels (N×H×W). Default <see cref="OhemLabels.Int64"/>, as PyTorch.</summary>
        public OhemLabels Labels { get; set; } = OhemLossDefaults.Labels;

        /// <summary>Which public OHEM rule to reproduce. Default <see cref="OhemMode.BiSeNetV1"/>, the seed's.</summary>
        public OhemMode Mode { get; set; } = OhemLossDefaults.Mode;

        /// <summary>
        /// A fraction in (0, 1] used by some modes; 0 (the default) means the mode's own default.
        /// <see cref="OhemMode.BiSeNetV2"/>: n_min as a fraction of the valid pixels (default 1/16).
        /// <see cref="OhemMode.TopKPercent"/>, <see cref="OhemMode.DeepLabTF"/>, <see cref="OhemMode.ModelGarden"/>: the share of
        /// all pixels kept (default 1), as does <see cref="OhemMode.PaddleSegTopK"/>; <see cref="OhemMode.DeepLab2"/>: the share of
        /// each image's pixels (default 1). <see cref="OhemMode.PytorchLossOhem"/>: n_min as a share of all pixels, instead of NMin.
        /// </summary>
        public double Fraction { get; set; } = OhemLossDefaults.Fraction;

        /// <summary>
        /// <see cref="OhemMode.MMSegSampler"/> and <see cref="OhemMode.MMSegByLoss"/> only: divide the kept sum by the valid pixels (+ float32 epsilon), as mmseg's
        /// <c>avg_non_ignore=True</c>, instead of by N·H·W (false, the default).
        /// </summary>
        public bool AverageOverValid { get; set; } = OhemLossDefaults.AverageOverValid;

        /// <summary>
        /// Memory order of the logits; the shape passed at run time stays (N, C, H, W) either way.
        /// <see cref="OhemLayout.NCHW"/> (the default): element (n, c, h, w) at ((n·C + c)·H + h)·W + w.
        /// <see cref="OhemLayout.NHWC"/>: at ((n·H + h)·W + w)·C + c, i.e. a pixel's C logits are contiguous, as PyTorch's
        /// <c>channels_last</c> memory format and ONNX N×H×W×C outputs store them. The gradient has the logits' layout. Every
        /// mode gives bitwise the same loss, kept count and (permuted) gradient for either layout of the same tensor.
        /// </summary>
        public OhemLayout Layout { get; set; } = OhemLossDefaults.Layout;

        /// <summary>
        /// Per-class weights, as PyTorch's <c>nn.CrossEntropyLoss(weight=...)</c>: a pixel's loss is multiplied by the weight
        /// of its label (rounded to float32). One finite weight ≥ 0 per class, so <see cref="NumClasses"/> must be given.
        /// BiSeNetV1, BiSeNetV2, TopKPercent, MMSegByLoss, DeepLabTF, ModelGarden and PaddleSegBootstrapped select on the
        /// weighted loss; HRNet, MMSegSampler, PaddleSeg and TorchSeg select on the probability and sum the weighted losses
        /// (TorchSeg divides by their Σ w, PyTorch's weighted mean). PytorchLossOhem takes none (OHEM0017). Default null: no weights.
        /// </summary>
        public double[]? ClassWeights { get; set; }

        /// <summary>
        /// <see cref="OhemScope.PerBatch"/> (the default): the rule runs once over the N·H·W pixels of the batch.
        /// <see cref="OhemScope.PerImage"/>: it runs on each image's H·W pixels on its own and the loss is the mean of the
        /// per-image losses. <see cref="OhemMode.PaddleSegBootstrapped"/> and <see cref="OhemMode.DeepLab2"/> are always per image and do not read it.
        /// </summary>
        public OhemScope Scope { get; set; } = OhemLossDefaults.Scope;

        /// <summary>Threshold and cut-off comparison (strict or inclusive). Default: the mode's own. See docs/modes.md, "Knobs". Every mode, per batch or per image, with or without ClassWeights, except TorchSeg with ClassWeights (a non-default value is OHEM0016 there for now); what each mode does with it: docs/modes.md.</summary>
        public OhemComparison Comparison { get; set; } = OhemLossDefaults.Comparison;

        /// <summary>The loss when nothing is kept: NaN, 0 (zero gradient) or an exception. Default: the mode's own. Every mode, per batch or per image, with or without ClassWeights, except TorchSeg with ClassWeights (a non-default value is OHEM0016 there for now); what each mode does with it: docs/modes.md.</summary>
        public OhemOnEmpty OnEmpty { get; set; } = OhemLossDefaults.OnEmpty;

        /// <summary>What happens when n_min is at least the candidate count: throw or clamp. Default: the mode's own. Every mode, per batch or per image, with or without ClassWeights, except TorchSeg with ClassWeights (a non-default value is OHEM0016 there for now); what each mode does with it: docs/modes.md.</summary>
        public OhemNMinPolicy NMinPolicy { get; set; } = OhemLossDefaults.NMinPolicy;

        /// <summary>Whether a top-k ranks all pixels (ignored ones as zeros) or only the valid ones. Default: the mode's own. Every mode, per batch or per image, with or without ClassWeights, except TorchSeg with ClassWeights (a non-default value is OHEM0016 there for now); what each mode does with it: docs/modes.md.</summary>
        public OhemCandidates Candidates { get; set; } = OhemLossDefaults.Candidates;

        /// <summary>The mode's mean or the plain kept sum (per image: the sum of the image sums). Default: the mode's own normaliser. Every mode, per batch or per image, with or without ClassWeights, except TorchSeg with ClassWeights (a non-default value is OHEM0016 there for now); what each mode does with it: docs/modes.md.</summary>
        public OhemReduction Reduction { get; set; } = OhemLossDefaults.Reduction;
    }
}
