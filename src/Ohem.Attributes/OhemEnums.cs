namespace Ohem
{
    /// <summary>Element type of the logits.</summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    enum OhemLogits
    {
        /// <summary>IEEE binary32 (torch.float32).</summary>
        Float32 = 0,
        /// <summary>IEEE binary16 (torch.float16).</summary>
        Float16 = 1,
        /// <summary>bfloat16 (torch.bfloat16).</summary>
        BFloat16 = 2,
    }

    /// <summary>Element type of the labels.</summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    enum OhemLabels
    {
        /// <summary>64-bit signed integers (torch.int64, what PyTorch's cross-entropy takes).</summary>
        Int64 = 0,
        /// <summary>32-bit signed integers.</summary>
        Int32 = 1,
        /// <summary>8-bit unsigned integers (label PNGs loaded as bytes).</summary>
        UInt8 = 2,
    }

    /// <summary>The selection rule. More public variants arrive as further members; values are never renumbered.</summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    enum OhemMode
    {
        /// <summary>The seed (BiSeNet v1 OhemCELoss): keep all losses above −ln(Thresh) if more than NMin are, else the NMin largest, over all pixels (ignored ones as zeros).</summary>
        BiSeNetV1 = 0,

        /// <summary>BiSeNet's later OhemCELoss: n_min = ⌊valid pixels × <c>Fraction</c>⌋ (default 1/16), computed per batch; keep the losses above −ln(Thresh) if at least n_min are, else the n_min largest. NMin is not used.</summary>
        BiSeNetV2 = 1,

        /// <summary>HRNet's OhemCrossEntropy (also PIDNet, openseg): over valid pixels, threshold = max(k-th smallest true-class probability, Thresh) with k = min(max(1, NMin), valid − 1); keep the pixels strictly below it. Fraction is not used.</summary>
        HRNet = 2,

        /// <summary>detectron2 DeepLabCE: the mean of the ⌊<c>Fraction</c> × N·H·W⌋ largest losses over all pixels (ignored ones as zeros), default fraction 1. Thresh and NMin are not used.</summary>
        TopKPercent = 3,

        /// <summary>mmsegmentation OHEMPixelSampler(thresh, min_kept) then CrossEntropyLoss with its weights: the HRNet rule with k = min(NMin × N, valid − 1) (NMin per image, N the batch size), the kept losses summed and divided by N·H·W (avg_non_ignore=False). No valid pixel gives 0. Fraction is not used.</summary>
        MMSegSampler = 4,

        /// <summary>PaddleSeg OhemCrossEntropyLoss: if 0 &lt; NMin &lt; valid, threshold = max((NMin − 1)-th smallest true-class probability, Thresh) and the pixels strictly below it are kept; otherwise every valid pixel. The kept losses summed and divided by (kept + 1e-5 × N·H·W). Fraction is not used.</summary>
        PaddleSeg = 5,

        /// <summary>mmsegmentation OHEMPixelSampler(thresh=None, min_kept) then CrossEntropyLoss with its weights: the min(NMin × N, valid) largest losses of the valid pixels, summed and divided by N·H·W (or by valid + float32 epsilon with AverageOverValid). Thresh and Fraction are not used.</summary>
        MMSegByLoss = 6,

        /// <summary>TensorFlow DeepLab (v1) top_k_percent_pixels: the k = int(<c>Fraction</c> × N·H·W) largest losses over all pixels (ignored ones as zeros), summed and divided by how many of them are non-zero (0 when none); Fraction 1 (the default) is the mean over the valid pixels. Thresh and NMin are not used.</summary>
        DeepLabTF = 7,

        /// <summary>TensorFlow Model Garden SegmentationLoss top_k_percent_pixels: the k = int(<c>Fraction</c> × N·H·W) largest losses over all pixels, summed and divided by min(k, valid) + 1e-5; Fraction 1 (the default) is the valid sum over valid + 1e-5. Thresh and NMin are not used.</summary>
        ModelGarden = 8,

        /// <summary>TorchSeg ProbOhemCrossEntropy2d (also Tramac, CCNet at full resolution): if 0 &lt; NMin ≤ valid, threshold = max((NMin − 1)-th smallest true-class probability, Thresh) and the valid pixels at or below it (inclusive, ties kept) are averaged; otherwise every valid pixel. No valid pixel gives NaN. Fraction is not used.</summary>
        TorchSeg = 9,

        /// <summary>CoinCheung/pytorch-loss OhemCELoss (ohem_cpp): n_min = NMin, or ⌊<c>Fraction</c> × N·H·W⌋ when Fraction is given (1/16 is its default, n_min=None); if n_min &lt; N·H·W, the valid pixels among the n_min lowest probabilities (ignored pixels rank last) or at or below Thresh are averaged, otherwise every valid pixel. No valid pixel gives NaN.</summary>
        PytorchLossOhem = 10,

        /// <summary>PaddleSeg BootstrappedCrossEntropyLoss(min_K = NMin, loss_th = Thresh), always per image: for each image, keep its losses above <c>Thresh</c>, read here as a loss (≥ 0), not a probability, if more than NMin are, else its NMin largest; the mean of the per-image means. Fraction and Scope are not used.</summary>
        PaddleSegBootstrapped = 11,

        /// <summary>PaddleSeg CrossEntropyLoss(top_k_percent_pixels = <c>Fraction</c>): the k = int(<c>Fraction</c> × N·H·W) largest losses over all pixels (ignored ones as zeros), their mean divided by mean(coef) + 1e-8, which without class weights is 1 (k = 0 gives NaN); Fraction 1 (the default) is PaddleSeg's own branch, the valid sum over N·H·W × (valid / (N·H·W) + 1e-8) in float32 (0 when no pixel is valid). Thresh and NMin are not used.</summary>
        PaddleSegTopK = 12,

        /// <summary>google-research/deeplab2 compute_average_top_k_loss, always per image: for each image, the k = round(<c>Fraction</c> × H·W) largest losses (half to even, as tf.math.round; ignored ones as zeros), summed and divided by how many of them are non-zero (0 when none); the mean of the per-image values. Fraction 1 (the default) takes every pixel of the image. Thresh, NMin and Scope are not used.</summary>
        DeepLab2 = 13,
    }

    /// <summary>Over which pixels the mode's rule is applied.</summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    enum OhemScope
    {
        /// <summary>Once over all N·H·W pixels of the batch (every PyTorch reference).</summary>
        PerBatch = 0,

        /// <summary>On each image's H·W pixels on its own (NMin, k, fractions and valid counts per image); the loss is the mean of the per-image losses (PaddleSeg Bootstrapped, deeplab2, TF Model Garden panoptic).</summary>
        PerImage = 1,
    }

    /// <summary>
    /// Memory order of the logits. The logical shape is always (N, C, H, W) (<c>OhemShape</c>); this says where element
    /// (n, c, h, w) lives. Values are never renumbered.
    /// </summary>
#if OHEM_GENERATOR
    internal
#else
    public
#endif
    enum OhemLayout
    {
        /// <summary>Channels-first: element (n, c, h, w) at ((n·C + c)·H + h)·W + w, PyTorch's default contiguous layout.</summary>
        NCHW = 0,

        /// <summary>
        /// Channels-last: element (n, c, h, w) at ((n·H + h)·W + w)·C + c, so each pixel's C logits are contiguous. This is
        /// what PyTorch/TorchSharp store after <c>.contiguous(memory_format=torch.channels_last)</c> (shape still reported as
        /// N×C×H×W) and what an ONNX model with an N×H×W×C output produces. The gradient is written in the same layout.
        /// </summary>
        NHWC = 1,
    }
}
