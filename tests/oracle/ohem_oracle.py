#!/usr/bin/python3
"""Runs the seed's OhemCELoss (PyTorch) on cases written by the C# parity tests.

Usage: /usr/bin/python3 ohem_oracle.py MANIFEST.json   (or --probe to check that torch imports)

MANIFEST: {"cases": [{"name", "dir", "thresh", "n_min", "ignore_lb", "logits_dtype": "f32"|"f16"|"bf16",
                      "mode": "bisenet-v1"|"bisenet-v2"|"hrnet"|"topk-percent"|"mmseg"|"paddleseg"|"mmseg-loss"|"deeplab-tf"
                      |"model-garden"|"torchseg"|"pytorch-loss"|"paddleseg-bootstrapped"|"paddleseg-topk"|"deeplab2" (default bisenet-v1), "fraction",
                      "scope": "batch"|"image" (default batch),
                      "layout": "nhwc" (optional),
                      "class_weights": [w0, ...] (optional: PyTorch's weight= of the criterion, as float32)}],
           "thresh_values": [..]}
bisenet-v1 runs the seed verbatim; the other modes run the functions below, written from each project's rule.
scope "image" (and paddleseg-bootstrapped, which is always per image) runs the mode on each image alone and averages;
deeplab2 (always per image) is its reference's own per-sample computation.
With class_weights, each reference's criterion gets weight= as its own code passes it (see weighted_seed and the
weight argument of the functions below).
Each case dir holds logits.npy (N,C,H,W; bf16 as uint16 bits) and labels.npy (N,H,W; int64, int32 or uint8).
Writes per case: result.json, grad.npy (d loss / d logits, float32, autograd through the seed) and ce.npy
(the per-pixel cross-entropy, float32). With "layout": "nhwc" also logits_cl.npy: the raw memory, flat, of the logits
after .contiguous(memory_format=torch.channels_last) (bf16 as uint16 bits), which is what Ohem's NHWC engine is fed;
the seed itself still runs on the N,C,H,W tensor. Writes thresh.json beside the manifest. One process for all cases:
importing torch is the slow part.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


# ---- The seed: seed.py beside this file holds the one verbatim copy (shared/seed/README.md). This runs on the CPU:
# its .cuda() is the identity where torch has no CUDA. ----
from seed import OhemCELoss as VerbatimOhemCELoss, cuda_optional  # noqa: E402


class OhemCELoss(VerbatimOhemCELoss):
    def __init__(self, *args, **kwargs):
        with cuda_optional():
            super().__init__(*args, **kwargs)
# ---- end of the seed ----


def weighted_seed(thresh, n_min, ignore_lb, weight):
    """The seed with class weights. Its constructor takes none, so this builds it verbatim and gives its criteria the
    weight= that HRNet's OhemCrossEntropy passes to the same nn.CrossEntropyLoss (HRNet lib/core/criterion.py,
    tools/train.py: weight=train_dataset.class_weights); ohem_anchors.md 2.1: "If weight= were added to criteria,
    selection would run on the weighted loss", which the seed's forward then does unchanged."""
    crit = OhemCELoss(thresh, n_min, ignore_lb)
    if weight is not None:
        crit.criteria = nn.CrossEntropyLoss(weight=weight, ignore_index=ignore_lb, reduction='none')
    return crit


def seed_branch(crit, logits, labels):
    """The seed's forward, statement for statement, reporting which branch ran and how many losses it kept."""
    loss = crit.criteria(logits, labels).view(-1)
    loss, _ = torch.sort(loss, descending=True)
    if loss[crit.n_min] > crit.thresh:
        return "AboveThreshold", int(loss[loss > crit.thresh].numel())
    return "TopNMin", int(loss[:crit.n_min].numel())


# ---- The other public variants, written from their rules (not copied). Each returns (loss, rule, kept). ----

def bisenet_v2(logits, labels, thresh, fraction, ignore_lb, weight=None):
    """CoinCheung/BiSeNet lib/ohem_ce_loss.py (the later OhemCELoss): n_min is a share of the valid pixels (1/16
    there); the losses above -ln(thresh) if there are at least n_min of them, else the n_min largest over all pixels
    (ignored ones are zeros), then the mean. Class weights go to its criteria (nn.CrossEntropyLoss), as for the seed."""
    thresh_loss = -torch.log(torch.tensor(thresh, dtype=torch.float))
    loss = F.cross_entropy(logits, labels, weight=weight, ignore_index=ignore_lb, reduction="none").view(-1)
    n_min = int(int((labels != ignore_lb).sum()) * fraction)
    hard = loss[loss > thresh_loss.to(loss.dtype)]
    if hard.numel() >= n_min:
        return hard.mean(), "AboveThreshold", int(hard.numel())
    top, _ = loss.topk(n_min)
    return top.mean(), "TopNMin", n_min


def hrnet(logits, labels, thresh, min_kept, ignore_lb, weight=None, inclusive=False, reduce_sum=False):
    """HRNet lib/core/criterion.py OhemCrossEntropy (also PIDNet, openseg): sort the true-class probabilities of the
    valid pixels ascending, take the one at index min(max(1, min_kept), count - 1), raise it to thresh if lower, and
    average the cross-entropy of the valid pixels whose probability is strictly below that. No valid pixel: HRNet
    indexes an empty tensor (IndexError); Ohem documents NaN with nothing kept instead, which this reports. HRNet's
    criterion takes weight= (class weights scale each pixel's loss); the probabilities it selects on do not, and the
    mean is over the kept count.
    Knobs: inclusive keeps probabilities <= the cut-off (the comparison of TorchSeg furnace/seg_opr/loss_opr.py
    ProbOhemCrossEntropy2d and CCNet utils/loss.py OhemCrossEntropy2d, here with HRNet's index k); reduce_sum returns the
    kept sum (0 when nothing is kept) instead of the mean."""
    loss = F.cross_entropy(logits, labels, weight=weight, ignore_index=ignore_lb, reduction="none").view(-1)
    valid = (labels != ignore_lb).view(-1)
    target = labels.clone()
    target[target == ignore_lb] = 0
    prob = F.softmax(logits, dim=1).gather(1, target.unsqueeze(1)).view(-1)[valid]
    if prob.numel() == 0:
        return loss.sum() * float("nan"), "TopNMin", 0
    ordered, _ = prob.sort()
    k = min(max(1, min_kept), prob.numel() - 1)
    cut = max(float(ordered[k]), thresh)
    chosen = loss[valid][prob <= cut if inclusive else prob < cut]
    wins = float(ordered[k]) <= thresh if inclusive else float(ordered[k]) < thresh
    rule = "AboveThreshold" if wins else "TopNMin"
    return (chosen.sum() if reduce_sum else chosen.mean()), rule, int(chosen.numel())


def topk_percent(logits, labels, fraction, ignore_lb, weight=None, valid_only=False, reduce_sum=False):
    """detectron2 projects/DeepLab/deeplab/loss.py DeepLabCE: the mean of the int(fraction * N*H*W) largest
    per-pixel losses over all pixels (ignored ones are zeros); fraction 1 is the plain mean over all pixels. Its
    criterion is nn.CrossEntropyLoss(weight=weight, ...), so the top k are by weighted loss.
    Knobs: valid_only ranks the valid pixels only, k = int(fraction * valid count); reduce_sum returns the sum of the
    top k instead of their mean."""
    loss = F.cross_entropy(logits, labels, weight=weight, ignore_index=ignore_lb, reduction="none").view(-1)
    if valid_only or reduce_sum:
        cand = loss[(labels != ignore_lb).view(-1)] if valid_only else loss
        k = int(fraction * cand.numel())
        top, _ = torch.topk(cand, k)
        return (top.sum() if reduce_sum else top.mean()), "TopNMin", k
    if fraction == 1.0:
        return loss.mean(), "TopNMin", int(loss.numel())
    k = int(fraction * loss.numel())
    top, _ = torch.topk(loss, k)
    return top.mean(), "TopNMin", k


def true_class_prob(logits, labels, ignore_lb):
    """softmax(logits)[label] per pixel, flattened; ignored pixels read class 0 (callers mask them)."""
    target = labels.clone()
    target[target == ignore_lb] = 0
    return F.softmax(logits, dim=1).gather(1, target.unsqueeze(1)).view(-1)


def mmseg_sampler(logits, labels, thresh, min_kept, ignore_lb, avg_non_ignore=False, weight=None, inclusive=False, reduce_sum=False):
    """open-mmlab/mmsegmentation mmseg/structures/sampler/ohem_pixel_sampler.py OHEMPixelSampler(thresh, min_kept)
    feeding mmseg/models/losses/cross_entropy_loss.py CrossEntropyLoss (avg_non_ignore=False). The sampler, without
    gradient: batch_kept = min_kept * N; over the valid pixels' ascending true-class probabilities the cut-off is the
    one at min(batch_kept, count - 1) (0.0 when there is no valid pixel), raised to thresh; the weight is 1 where the
    probability is strictly below it. The loss is the weighted per-pixel cross-entropy averaged over all N*H*W pixels
    (avg_non_ignore=False), or summed and divided by the valid count plus float32 epsilon (avg_non_ignore=True, as its
    weight_reduce_loss does with an avg_factor), so no valid pixel (every weight 0) gives 0 either way. class_weight
    goes to F.cross_entropy(weight=...); the divisor is mmseg 0.x's (N*H*W, or valid + eps), which ignores it (1.x
    divides by the sum of the labels' class weights instead: see docs/modes.md).
    Knobs: inclusive weights probabilities <= the cut-off; reduce_sum returns the weighted sum."""
    loss = F.cross_entropy(logits, labels, weight=weight, ignore_index=ignore_lb, reduction="none").view(-1)
    valid = (labels != ignore_lb).view(-1)
    with torch.no_grad():
        prob = true_class_prob(logits, labels, ignore_lb)[valid]
        if prob.numel() > 0:
            ordered, _ = prob.sort()
            min_threshold = float(ordered[min(min_kept * labels.size(0), prob.numel() - 1)])
        else:
            min_threshold = 0.0
        weight = torch.zeros_like(loss)
        cut = max(min_threshold, thresh)
        weight[valid] = (prob <= cut if inclusive else prob < cut).to(loss.dtype)
    wins = min_threshold <= thresh if inclusive else min_threshold < thresh
    rule = "AboveThreshold" if prob.numel() > 0 and wins else "TopNMin"
    if reduce_sum:
        return (loss * weight).sum(), rule, int(weight.sum())
    if avg_non_ignore:
        return (loss * weight).sum() / (int(valid.sum()) + torch.finfo(torch.float32).eps), rule, int(weight.sum())
    return (loss * weight).mean(), rule, int(weight.sum())


def paddleseg(logits, labels, thresh, min_kept, ignore_lb, weight=None, inclusive=False, reduce_sum=False):
    """PaddlePaddle/PaddleSeg paddleseg/models/losses/ohem_cross_entropy_loss.py OhemCrossEntropyLoss. Mining only when
    0 < min_kept < number of valid pixels: ignored pixels' probabilities are pushed above 1, the cut-off is the
    (min_kept - 1)-th smallest true-class probability (0-based) when it exceeds thresh, else thresh, and only valid pixels
    strictly below it stay in the mask. Otherwise the mask is every valid pixel. The loss is
    mean(loss * mask) / (mean(mask) + 1e-5), the mask carrying no gradient; no valid pixel gives 0. Its weight= goes to
    F.cross_entropy (per-pixel weighted loss); the divisor stays the mask count.
    Knobs: inclusive keeps probabilities <= the cut-off (then the selection is TorchSeg's ProbOhemCrossEntropy2d rule:
    index min_kept - 1, no mining when min_kept >= valid); reduce_sum returns sum(loss * mask)."""
    loss = F.cross_entropy(logits, labels, weight=weight, ignore_index=ignore_lb, reduction="none").view(-1)
    mask = (labels != ignore_lb).view(-1).to(loss.dtype)
    num_valid = int(mask.sum())
    rule = "TopNMin"
    if min_kept < num_valid and num_valid > 0:
        with torch.no_grad():
            prob = true_class_prob(logits, labels, ignore_lb) + (1 - mask)
            if min_kept > 0:
                cut = float(prob[prob.argsort()[min(prob.numel(), min_kept) - 1]])
                rule = "AboveThreshold" if (cut <= thresh if inclusive else cut < thresh) else "TopNMin"
                theta = max(cut, thresh)
                mask = mask * (prob <= theta if inclusive else prob < theta).to(loss.dtype)
    if reduce_sum:
        return (loss * mask).sum(), rule, int(mask.sum())
    return (loss * mask).mean() / (mask.mean() + 1e-5), rule, int(mask.sum())


def paddleseg_bootstrapped(logits, labels, min_k, loss_th, ignore_lb, weight=None):
    """PaddleSeg paddleseg/models/losses/bootstrapped_cross_entropy.py BootstrappedCrossEntropyLoss(min_K, loss_th)
    (weight= as its criterion takes it), rewritten in torch from its forward: per image, the per-pixel cross-entropy (ignored pixels 0)
    sorted descending; if sorted[K] > loss_th the losses above loss_th, else the K largest; their mean; the batch
    result is the sum of the image means divided by n. loss_th is a loss, compared with the float32 losses."""
    n = logits.shape[0]
    total = 0.0
    rule, kept = "AboveThreshold", 0
    for i in range(n):
        loss = F.cross_entropy(logits[i:i + 1], labels[i:i + 1], weight=weight, ignore_index=ignore_lb, reduction="none").view(-1)
        sorted_loss, _ = torch.sort(loss, descending=True)
        if sorted_loss[min_k] > loss_th:
            chosen = sorted_loss[sorted_loss > loss_th]
        else:
            chosen = sorted_loss[:min_k]
            rule = "TopNMin"
        kept += int(chosen.numel())
        total = total + chosen.mean()
    return total / float(n), rule, kept


def paddleseg_bootstrapped_knobs(logits, labels, min_k, loss_th, ignore_lb, weight=None, inclusive=False, valid_only=False,
                                 reduce_sum=False, clamp=False, empty="default"):
    """paddleseg_bootstrapped with the knobs, per image: the candidates are all pixels (ignored ones as zeros) or with
    valid_only the valid ones, K = min(min_K, candidates) with valid_only, min(min_K, H*W) with clamp; if the loss at
    index K passes loss_th (> loss_th; inclusive: >=, and then only valid pixels are kept) the passing losses, else the
    K largest candidates; their mean (reduce_sum: sum). An image that kept nothing is NaN or 0 with empty "nan"/"zero".
    The batch is the mean of the image losses (reduce_sum: their sum)."""
    n = logits.shape[0]
    total = 0.0
    rule, kept = "AboveThreshold", 0
    for i in range(n):
        loss = F.cross_entropy(logits[i:i + 1], labels[i:i + 1], weight=weight, ignore_index=ignore_lb, reduction="none").view(-1)
        valid = (labels[i] != ignore_lb).view(-1)
        cand = loss[valid] if valid_only else loss
        k = min(min_k, cand.numel()) if valid_only or clamp else min_k
        ordered, _ = torch.sort(cand, descending=True)
        if k < cand.numel() and bool(ordered[k] >= loss_th if inclusive else ordered[k] > loss_th):
            chosen = loss[valid & (loss >= loss_th)] if inclusive else loss[loss > loss_th]
        else:
            chosen, _ = cand.topk(k)
            rule = "TopNMin"
        kept += int(chosen.numel())
        image = chosen.sum() if reduce_sum else chosen.mean()
        if chosen.numel() == 0 and empty in ("nan", "zero"):
            image = torch.full((), float("nan") if empty == "nan" else 0.0, dtype=loss.dtype)
        total = total + image
    return (total if reduce_sum else total / float(n)), rule, kept


def on_empty(case, loss, kept):
    """OnEmpty zero/nan: the loss of a selection that kept nothing, with no gradient (torch.mean of nothing is NaN,
    a sum of nothing 0); any other value keeps the mode's own."""
    policy = case.get("on_empty", "default")
    if kept != 0 or policy not in ("zero", "nan"):
        return loss
    return torch.full((), 0.0 if policy == "zero" else float("nan"), dtype=loss.dtype)


def per_image(case, x, labels, weight=None):
    """Scope "image": the mode's rule on each image's H*W pixels alone (its own n_min, k and valid count), then the
    mean of the per-image losses (PaddleSeg's Bootstrapped loop, deeplab2's per-sample top-k). A NaN image makes the
    batch NaN. Kept is the sum; the rule is TopNMin if any image used it. The knobs act on each image as a batch of
    one (OnEmpty on each image's empty selection); with reduction "sum" the loss is the sum of the image sums."""
    n = x.shape[0]
    total = 0.0
    rule, kept = "AboveThreshold", 0
    for i in range(n):
        xi, yi = x[i:i + 1], labels[i:i + 1]
        if case.get("mode", "bisenet-v1") == "bisenet-v1" and not has_knobs(case):
            crit = weighted_seed(case["thresh"], case["n_min"], case["ignore_lb"], weight)
            loss = crit(xi, yi)
            r, k = seed_branch(crit, xi.detach(), yi)
        else:
            loss, r, k = run_mode(case, xi, yi, weight)
        total = total + on_empty(case, loss, k)
        kept += k
        if r == "TopNMin":
            rule = "TopNMin"
    return (total if case.get("reduction") == "sum" else total / float(n)), rule, kept


def mmseg_by_loss(logits, labels, min_kept, ignore_lb, avg_non_ignore=False, reduce_sum=False, weight=None):
    """open-mmlab/mmsegmentation mmseg/structures/sampler/ohem_pixel_sampler.py OHEMPixelSampler(thresh=None, min_kept)
    feeding CrossEntropyLoss: without gradient, batch_kept = min_kept * N; the valid pixels' losses sorted descending
    and the first batch_kept of them weighted 1 (all of them when there are fewer). The weighted loss averaged over all
    N*H*W pixels, or summed over the valid count plus float32 epsilon (avg_non_ignore=True). class_weight: the loss the
    sampler sorts is loss_decode's per-pixel loss (reduction_override='none'), which already carries it, and the final
    CrossEntropyLoss applies it again to the same pixels, so both are F.cross_entropy(weight=...); the divisor is mmseg
    0.x's, as for mmseg_sampler.
    Knobs: reduce_sum returns the weighted sum (no normaliser)."""
    loss = F.cross_entropy(logits, labels, weight=weight, ignore_index=ignore_lb, reduction="none").view(-1)
    valid = (labels != ignore_lb).view(-1)
    with torch.no_grad():
        _, order = loss.detach()[valid].sort(descending=True)
        chosen = torch.zeros(int(valid.sum()), dtype=loss.dtype)
        chosen[order[:min_kept * labels.size(0)]] = 1
        weight = torch.zeros_like(loss)
        weight[valid] = chosen
    if reduce_sum:
        return (loss * weight).sum(), "TopNMin", int(weight.sum())
    if avg_non_ignore:
        return (loss * weight).sum() / (int(valid.sum()) + torch.finfo(torch.float32).eps), "TopNMin", int(weight.sum())
    return (loss * weight).mean(), "TopNMin", int(weight.sum())


def tf_top_k_count(fraction, pixels):
    """tf.to_int32(top_k_percent_pixels * tf.to_float(num_pixels)): the product in float32, truncated."""
    return int(torch.tensor(fraction, dtype=torch.float32) * torch.tensor(float(pixels), dtype=torch.float32))


def label_weights(labels, ignore_lb, weight, dtype):
    """Each pixel's class weight, 0 for ignored pixels (utils.get_label_weight_mask in TF DeepLab; Model Garden's
    einsum of one_hot(labels) with class_weights times the valid mask); 1 per valid pixel without weights."""
    valid = (labels != ignore_lb).view(-1)
    if weight is None:
        return valid.to(dtype)
    w = torch.zeros(valid.numel(), dtype=dtype)
    w[valid] = weight.to(dtype)[labels.view(-1)[valid]]
    return w


def deeplab_tf(logits, labels, fraction, ignore_lb, valid_only=False, reduce_sum=False, weight=None):
    """tensorflow/models research/deeplab/utils/train_utils.py add_softmax_cross_entropy_loss_for_each_scale (no
    hard_example_mining_step): the unweighted per-pixel losses times the label weights (loss_weight per class, 0 for
    ignored pixels). Fraction 1: their sum over the valid count (keep_mask, not the weights); otherwise the sum of the
    top int(r * num_pixels) weighted losses over how many of those are non-zero. Either way _div_maybe_zero: 0 when
    the count is 0.
    Knobs: valid_only ranks the valid (weighted) losses with k = int(r * float(valid count)); reduce_sum returns the
    sum."""
    loss = F.cross_entropy(logits, labels, ignore_index=ignore_lb, reduction="none").view(-1)
    weighted = loss * label_weights(labels, ignore_lb, weight, loss.dtype)
    if valid_only and fraction != 1.0:
        cand = weighted[(labels != ignore_lb).view(-1)]
        top, _ = torch.topk(cand, min(tf_top_k_count(fraction, cand.numel()), cand.numel()))
        present = int((top != 0).sum())
        return (top.sum() if reduce_sum else float(present > 0) * top.sum() / max(1e-5, present)), "TopNMin", present
    if fraction == 1.0:
        total = weighted.sum()
        present = int((labels != ignore_lb).sum())
    else:
        top, _ = torch.topk(weighted, min(tf_top_k_count(fraction, loss.numel()), loss.numel()))
        total = top.sum()
        present = int((top != 0).sum())
    return (total if reduce_sum else float(present > 0) * total / max(1e-5, present)), "TopNMin", present


def model_garden(logits, labels, fraction, ignore_lb, valid_only=False, reduce_sum=False, weight=None):
    """tensorflow/models official/vision/losses/segmentation_losses.py SegmentationLoss (no label smoothing): the
    per-pixel losses times the class weight of the label (weight_mask) and the valid mask; fraction < 1: the sum of the
    top int(r * size) over min(k, valid) + EPSILON (1e-5), else the sum over valid + EPSILON (num_valid_values counts
    pixels, not weights).
    Knobs: valid_only ranks the valid (weighted) losses with k = int(r * float(valid count)); reduce_sum returns the
    sum."""
    loss = F.cross_entropy(logits, labels, ignore_index=ignore_lb, reduction="none").view(-1)
    valid = (labels != ignore_lb).view(-1)
    loss = loss * label_weights(labels, ignore_lb, weight, loss.dtype)
    num_valid = int(valid.sum())
    if fraction < 1.0:
        cand = loss[valid] if valid_only else loss
        k = min(tf_top_k_count(fraction, cand.numel()), cand.numel())
        top, _ = torch.topk(cand, k)
        return (top.sum() if reduce_sum else top.sum() / (min(k, num_valid) + 1e-5)), "TopNMin", k
    return (loss.sum() if reduce_sum else loss.sum() / (num_valid + 1e-5)), "TopNMin", num_valid


def paddleseg_topk(logits, labels, fraction, ignore_lb, valid_only=False, reduce_sum=False):
    """PaddlePaddle/PaddleSeg paddleseg/models/losses/cross_entropy_loss.py CrossEntropyLoss(weight=None,
    top_k_percent_pixels) forward, rewritten in torch: loss = CE(reduction='none') * mask, coef = ones_like(label) (1 for
    ignored pixels too). top_k_percent_pixels == 1.0: mean(loss) / (mean(mask * coef) + EPS). Otherwise
    top_k_pixels = int(r * loss.numel()) (numel() is an int64 tensor, which Paddle casts to float32 for a float
    scalar, so the product is float32), paddle.topk, loss.mean() / (mean(coef of the top k) + EPS). EPS = 1e-8.
    Knobs: valid_only ranks the valid losses with k = int(r * float(valid count)); reduce_sum returns the kept sum."""
    eps = 1e-8
    loss = F.cross_entropy(logits, labels, ignore_index=ignore_lb, reduction="none")
    mask = (labels != ignore_lb).to(loss.dtype)
    loss = loss * mask
    coef = torch.ones_like(mask)
    if fraction == 1.0:
        return (loss.sum() if reduce_sum else loss.mean() / ((mask * coef).mean() + eps)), "TopNMin", int(mask.sum())
    keep = mask.reshape(-1) > 0 if valid_only else torch.ones_like(mask.reshape(-1), dtype=torch.bool)
    loss = loss.reshape(-1)[keep]
    coef = coef.reshape(-1)[keep]
    k = tf_top_k_count(fraction, loss.numel())
    top, index = torch.topk(loss, k)
    return (top.sum() if reduce_sum else top.mean() / (coef[index].mean() + eps)), "TopNMin", k


def deeplab2(logits, labels, fraction, ignore_lb, valid_only=False, reduce_sum=False, empty="default"):
    """google-research/deeplab2 model/loss/base_loss.py TopKCrossEntropyLoss (per-pixel weights 1, so the weights are
    encode_one_hot's keep mask) and compute_average_top_k_loss, rewritten in torch: per sample, the weighted losses
    flattened; unless top_k_percentage == 1.0 the top round(r * H*W) of them (tf.math.round of the float32 product:
    half to even, as torch.round); divide_no_nan(sum, count of non-zero entries) per sample. The trainer averages the
    [batch] vector (tf.nn.compute_average_loss over the global batch: the mean on one replica). Kept: the non-zero
    entries of all samples.
    Knobs: valid_only takes k = round(r * float(valid count)) per sample over its valid losses; reduce_sum returns the
    sum of the sample sums; empty "nan" makes a sample with no non-zero entry NaN."""
    n = logits.shape[0]
    if valid_only or reduce_sum or empty != "default":
        total, kept = 0.0, 0
        loss = F.cross_entropy(logits, labels, ignore_index=ignore_lb, reduction="none").reshape(n, -1)
        valid = (labels != ignore_lb).reshape(n, -1)
        for i in range(n):
            sample = loss[i][valid[i]] if valid_only else loss[i] * valid[i].to(loss.dtype)
            if fraction != 1.0:
                scaled = torch.tensor(fraction, dtype=torch.float32) * torch.tensor(float(sample.numel()), dtype=torch.float32)
                sample = torch.topk(sample, int(torch.round(scaled)))[0]
            present = int((sample != 0).sum())
            kept += present
            value = sample.sum() if reduce_sum else (sample.sum() / present if present > 0 else torch.zeros((), dtype=loss.dtype))
            if present == 0 and empty in ("nan", "zero"):
                value = torch.full((), float("nan") if empty == "nan" else 0.0, dtype=loss.dtype)
            total = total + value
        return (total if reduce_sum else total / float(n)), "TopNMin", kept
    loss = F.cross_entropy(logits, labels, ignore_index=ignore_lb, reduction="none")
    loss = (loss * (labels != ignore_lb).to(loss.dtype)).reshape(n, -1)
    if fraction != 1.0:
        scaled = torch.tensor(fraction, dtype=torch.float32) * torch.tensor(float(loss.shape[1]), dtype=torch.float32)
        loss = torch.topk(loss, int(torch.round(scaled)), dim=1)[0]
    non_zero = (loss != 0).sum(1).to(loss.dtype)
    per_sample = torch.where(non_zero > 0, loss.sum(1) / non_zero.clamp(min=1), torch.zeros_like(non_zero))
    return per_sample.mean(), "TopNMin", int((loss != 0).sum())


def torchseg(logits, labels, thresh, min_kept, ignore_lb, strict=False, clamp=False, reduce_sum=False, weight=None):
    """yu-changqian/TorchSeg furnace/seg_opr/loss_opr.py ProbOhemCrossEntropy2d: no mining when
    min_kept > valid; otherwise, with valid > 0 and min_kept > 0, ignored probabilities become 1, the cut-off is the
    probability at argsort index min(M, min_kept) - 1 when it exceeds thresh (else thresh), and the valid pixels whose
    probability is at or below it (le) stay; then CrossEntropyLoss (mean over the remaining pixels). use_weight=True
    passes weight= to that CrossEntropyLoss (reduction='mean': sum of w*loss over sum of w); the probabilities it
    selects on are unweighted.
    Knobs (with or without weight): strict keeps p < the cut-off (lt; the threshold wins when the order statistic is
    below thresh), so the weighted mean is over that set (0 / 0 = NaN when nothing is kept or every kept weight is 0);
    clamp reads min_kept > valid as valid (mining instead of none); reduce_sum returns the CE sum. OnEmpty is applied
    by the caller (on_empty) on kept == 0 only."""
    b, c, h, w = logits.shape
    target = labels.reshape(-1).clone()
    valid = target != ignore_lb
    target = target * valid.long()
    num_valid = int(valid.sum())
    if clamp:
        min_kept = min(min_kept, num_valid)
    rule = "TopNMin"
    with torch.no_grad():
        prob = F.softmax(logits, dim=1).transpose(0, 1).reshape(c, -1)
        if min_kept > num_valid:
            pass
        elif num_valid > 0:
            prob = prob.masked_fill(~valid, 1)
            mask_prob = prob[target, torch.arange(len(target), dtype=torch.long)]
            threshold = thresh
            if min_kept > 0:
                index = mask_prob.argsort()
                threshold_index = index[min(len(index), min_kept) - 1]
                if (mask_prob[threshold_index] >= thresh) if strict else (mask_prob[threshold_index] > thresh):
                    threshold = mask_prob[threshold_index]
                else:
                    rule = "AboveThreshold"
                valid = valid & (mask_prob.lt(threshold) if strict else mask_prob.le(threshold))
    target = target.masked_fill(~valid, ignore_lb).view(b, h, w)
    return F.cross_entropy(logits, target, weight=weight, ignore_index=ignore_lb, reduction="sum" if reduce_sum else "mean"), rule, int(valid.sum())


def pytorch_loss(logits, labels, thresh, n_min, fraction, ignore_lb, strict=False, reduce_sum=False):
    """CoinCheung/pytorch-loss pytorch_loss/ohem_loss.py OhemCELoss with csrc/ohem_label_kernel.cu: n_min given, or
    numel // 16 when None (here int(numel * fraction)); if n_min < numel: the true-class probability per pixel (1.0
    for ignored ones), sorted ascending by a stable sort (thrust's radix sort), and every pixel past rank n_min whose
    probability is above thresh relabelled to ignore; then CrossEntropyLoss (mean).
    Knobs: strict relabels those at or above thresh (keeps p < thresh); reduce_sum returns the CE sum."""
    m = labels.numel()
    if fraction:
        n_min = int(m * fraction)
    target = labels.reshape(-1).clone()
    valid = target != ignore_lb
    rule = "TopNMin"
    if n_min < m:
        with torch.no_grad():
            scores = true_class_prob(logits.float(), labels, ignore_lb).masked_fill(~valid, 1.0)
            ordered, index = torch.sort(scores, stable=True)
            late = index[n_min:][(ordered[n_min:] >= thresh) if strict else (ordered[n_min:] > thresh)]
            target[late] = ignore_lb
            if strict and int((scores[valid] < thresh).sum()) >= n_min:
                rule = "AboveThreshold"
            if not strict and thresh < 1.0 and int((scores[valid] <= thresh).sum()) >= n_min:
                rule = "AboveThreshold"
    kept = int((target != ignore_lb).sum())
    return F.cross_entropy(logits, target.view(labels.shape), ignore_index=ignore_lb, reduction="sum" if reduce_sum else "mean"), rule, kept


def bisenet_v1_knobs(logits, labels, thresh, n_min, ignore_lb, inclusive=False, valid_only=False, reduce_sum=False, weight=None):
    """The seed's rule (CoinCheung/BiSeNet old/loss.py) with the knobs. Sort the candidate losses descending (all pixels,
    ignored ones as zeros; or valid_only: the valid pixels, with n_min clamped to their count); if the one at index
    n_min passes the threshold (> thresh_loss; inclusive: >=, the comparison of pytorch-loss ohem_cpp, p <= thresh),
    every valid loss passing it is kept, else the n_min largest candidates. reduce_sum returns their sum. weight= goes to
    the criterion as for the seed (weighted_seed), so the rule runs on the weighted loss."""
    loss = F.cross_entropy(logits, labels, weight=weight, ignore_index=ignore_lb, reduction="none").view(-1)
    valid = (labels != ignore_lb).view(-1)
    t = (-torch.log(torch.tensor(thresh, dtype=torch.float))).to(loss.dtype)
    cand = loss[valid] if valid_only else loss
    k = min(n_min, cand.numel()) if valid_only else n_min
    ordered, _ = cand.sort(descending=True)
    if k < cand.numel() and bool(ordered[k] >= t if inclusive else ordered[k] > t):
        hard = loss[valid & (loss >= t)] if inclusive else loss[loss > t]
        return (hard.sum() if reduce_sum else hard.mean()), "AboveThreshold", int(hard.numel())
    top, _ = cand.topk(k)
    return (top.sum() if reduce_sum else top.mean()), "TopNMin", k


def has_knobs(case):
    return any(case.get(knob, "default") != "default" for knob in ("comparison", "candidates", "reduction", "nmin_policy"))


def run_mode(case, x, labels, weight=None):
    loss, rule, kept = run_mode_rule(case, x, labels, weight)
    # OnEmpty NaN / Zero: the loss of an empty selection, with no gradient (a constant).
    on_empty = case.get("on_empty", "default")
    if kept == 0 and on_empty in ("nan", "zero"):
        loss = torch.tensor(float("nan") if on_empty == "nan" else 0.0, dtype=x.dtype)
    return loss, rule, kept


def run_mode_rule(case, x, labels, weight=None):
    mode = case["mode"]
    strict = case.get("comparison") == "strict"
    clamp = case.get("nmin_policy") == "clamp"
    inclusive = case.get("comparison") == "inclusive"
    valid_only = case.get("candidates") == "valid"
    reduce_sum = case.get("reduction") == "sum"
    if mode == "bisenet-v1":
        # Only with knobs: the seed's own criterion runs the default.
        # NMinPolicy clamp: n_min at most the pixels it ranks (all of them kept, as a top-k of everything).
        n_min = min(case["n_min"], labels.numel()) if case.get("nmin_policy") == "clamp" and not valid_only else case["n_min"]
        return bisenet_v1_knobs(x, labels, case["thresh"], n_min, case["ignore_lb"], inclusive, valid_only, reduce_sum, weight)
    if mode == "paddleseg-bootstrapped":
        if has_knobs(case) or case.get("on_empty", "default") != "default":
            return paddleseg_bootstrapped_knobs(x, labels, case["n_min"], case["thresh"], case["ignore_lb"], weight, inclusive,
                                                valid_only, reduce_sum, clamp, case.get("on_empty", "default"))
        return paddleseg_bootstrapped(x, labels, case["n_min"], case["thresh"], case["ignore_lb"], weight)
    if mode == "bisenet-v2":
        return bisenet_v2(x, labels, case["thresh"], case["fraction"], case["ignore_lb"], weight)
    if mode == "hrnet":
        return hrnet(x, labels, case["thresh"], case["n_min"], case["ignore_lb"], weight, inclusive, reduce_sum)
    if mode == "topk-percent":
        return topk_percent(x, labels, case["fraction"], case["ignore_lb"], weight, valid_only, reduce_sum)
    if mode == "mmseg":
        return mmseg_sampler(x, labels, case["thresh"], case["n_min"], case["ignore_lb"], case.get("avg_non_ignore", False), weight, inclusive, reduce_sum)
    if mode == "paddleseg":
        return paddleseg(x, labels, case["thresh"], case["n_min"], case["ignore_lb"], weight, inclusive, reduce_sum)
    if mode == "mmseg-loss":
        return mmseg_by_loss(x, labels, case["n_min"], case["ignore_lb"], case.get("avg_non_ignore", False), reduce_sum, weight)
    if mode == "deeplab-tf":
        return deeplab_tf(x, labels, case["fraction"], case["ignore_lb"], valid_only, reduce_sum, weight)
    if mode == "model-garden":
        return model_garden(x, labels, case["fraction"], case["ignore_lb"], valid_only, reduce_sum, weight)
    if mode == "paddleseg-topk":
        return paddleseg_topk(x, labels, case["fraction"], case["ignore_lb"], valid_only, reduce_sum)
    if mode == "deeplab2":
        return deeplab2(x, labels, case["fraction"], case["ignore_lb"], valid_only, reduce_sum, case.get("on_empty", "default"))
    if mode == "torchseg":
        return torchseg(x, labels, case["thresh"], case["n_min"], case["ignore_lb"], strict, clamp, reduce_sum, weight)
    if mode == "pytorch-loss":
        return pytorch_loss(x, labels, case["thresh"], case["n_min"], case["fraction"], case["ignore_lb"], strict, reduce_sum)
    raise ValueError("unknown mode " + mode)
# ---- end of the variants ----


def load_logits(path, dtype):
    a = np.load(path)
    if dtype == "bf16":
        t = torch.from_numpy(a.astype(np.int32) << 16).view(torch.float32)
        return t.clone()
    t = torch.from_numpy(a)
    return t.float()  # float16 logits: the seed runs on their exact float32 widening


def save_channels_last(path, src):
    """The storage order PyTorch gives an N,C,H,W tensor in channels_last memory format, as a flat array."""
    a = np.load(src)
    bits = a.dtype == np.uint16  # bf16 bits: torch 1.13 has no uint16, and int16 keeps the bits
    t = torch.from_numpy(a.view(np.int16) if bits else a)
    cl = t.contiguous(memory_format=torch.channels_last)
    assert cl.is_contiguous(memory_format=torch.channels_last) and cl.shape == t.shape
    flat = torch.as_strided(cl, (cl.numel(),), (1,)).numpy()
    np.save(path, flat.view(np.uint16) if bits else flat)


def float_bits(x):
    return int(np.array([x], dtype=np.float32).view(np.uint32)[0])


def run_case(case):
    d = case["dir"]
    logits = load_logits(os.path.join(d, "logits.npy"), case["logits_dtype"])
    labels = torch.from_numpy(np.load(os.path.join(d, "labels.npy")).astype(np.int64))  # torch needs int64 targets
    if case.get("layout") == "nhwc":
        save_channels_last(os.path.join(d, "logits_cl.npy"), os.path.join(d, "logits.npy"))
    # Class weights in the logits' dtype (float32), as torch uses them; the float64 run takes the same values widened.
    weights = case.get("class_weights")
    weight = None if weights is None else torch.tensor(weights, dtype=torch.float32)
    weight64 = None if weight is None else weight.double()
    mode = case.get("mode", "bisenet-v1")
    crit = weighted_seed(case["thresh"], case["n_min"], case["ignore_lb"], weight)
    x = logits.clone().requires_grad_(True)
    if case.get("scope", "batch") == "image":
        loss, rule, kept = per_image(case, x, labels, weight)
        with torch.no_grad():
            loss64 = per_image(case, logits.double(), labels, weight64)[0]
    elif mode == "bisenet-v1" and not has_knobs(case):
        rule, kept = seed_branch(crit, logits, labels)
        loss = on_empty(case, crit(x, labels), kept)
        with torch.no_grad():
            loss64 = on_empty(case, weighted_seed(case["thresh"], case["n_min"], case["ignore_lb"], weight64)(logits.double(), labels), kept)
    else:
        loss, rule, kept = run_mode(case, x, labels, weight)
        loss = on_empty(case, loss, kept)
        with torch.no_grad():
            loss64 = on_empty(case, run_mode(case, logits.double(), labels, weight64)[0], kept)
    if loss.requires_grad:
        loss.backward()
    with torch.no_grad():
        # The per-pixel loss the mode selects on: weighted for the loss-domain modes, unweighted for the others.
        selects_weighted = mode in ("bisenet-v1", "bisenet-v2", "topk-percent", "paddleseg-bootstrapped", "mmseg-loss", "deeplab-tf", "model-garden")
        ce = F.cross_entropy(logits, labels, weight=weight if selects_weighted else None,
                             ignore_index=case["ignore_lb"], reduction="none").view(-1)
    grad = x.grad if x.grad is not None else torch.zeros_like(logits)
    np.save(os.path.join(d, "grad.npy"), grad.numpy().astype(np.float32))
    np.save(os.path.join(d, "ce.npy"), ce.numpy().astype(np.float32))
    result = {
        "loss_bits": float_bits(loss.item()),
        "loss64_bits": int(np.array([loss64.item()], dtype=np.float64).view(np.uint64)[0]),
        "kept": kept,
        "rule": rule,
        # PaddleSeg Bootstrapped compares with loss_th itself (as float32), not -ln(thresh).
        "thresh_loss_bits": float_bits(case["thresh"] if case.get("mode") == "paddleseg-bootstrapped" else crit.thresh.item()),
    }
    with open(os.path.join(d, "result.json"), "w") as f:
        json.dump(result, f)


def main():
    if sys.argv[1:] == ["--probe"]:
        print("torch", torch.__version__)
        return
    torch.set_num_threads(1)
    with open(sys.argv[1]) as f:
        manifest = json.load(f)
    for case in manifest["cases"]:
        run_case(case)
    thresh = {repr(float(t)): float_bits((-torch.log(torch.tensor(t, dtype=torch.float))).item())
              for t in manifest.get("thresh_values", [])}
    with open(os.path.join(os.path.dirname(os.path.abspath(sys.argv[1])), "thresh.json"), "w") as f:
        json.dump(thresh, f)
    print("ok", len(manifest["cases"]))


if __name__ == "__main__":
    main()
