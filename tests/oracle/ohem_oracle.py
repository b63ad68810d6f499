#!/usr/bin/python3
"""Runs the seed's OhemCELoss (PyTorch) on cases written by the C# parity tests.

Usage: /usr/bin/python3 ohem_oracle.py MANIFEST.json   (or --probe to check that torch imports)

MANIFEST: {"cases": [{"name", "dir", "thresh", "n_min", "ignore_lb", "logits_dtype": "f32"|"f16"|"bf16",
                      "mode": "bisenet-v1"|"bisenet-v2"|"hrnet"|"topk-percent"|"mmseg"|"paddleseg"|"mmseg-loss"|"deeplab-tf"
                      |"model-garden"|"torchseg"|"pytorch-loss" (default bisenet-v1), "fraction"}],
           "thresh_values": [..]}
bisenet-v1 runs the seed verbatim; the other modes run the functions below, written from each project's rule.
Each case dir holds logits.npy (N,C,H,W; bf16 as uint16 bits) and labels.npy (N,H,W; int64, int32 or uint8).
Writes per case: result.json, grad.npy (d loss / d logits, float32, autograd through the seed) and ce.npy
(the per-pixel cross-entropy, float32). Writes thresh.json beside the manifest. One process for all cases:
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


def seed_branch(crit, logits, labels):
    """The seed's forward, statement for statement, reporting which branch ran and how many losses it kept."""
    loss = crit.criteria(logits, labels).view(-1)
    loss, _ = torch.sort(loss, descending=True)
    if loss[crit.n_min] > crit.thresh:
        return "AboveThreshold", int(loss[loss > crit.thresh].numel())
    return "TopNMin", int(loss[:crit.n_min].numel())


# ---- The other public variants, written from their rules (not copied). Each returns (loss, rule, kept). ----

def bisenet_v2(logits, labels, thresh, fraction, ignore_lb):
    """CoinCheung/BiSeNet lib/ohem_ce_loss.py (the later OhemCELoss): n_min is a share of the valid pixels (1/16
    there); the losses above -ln(thresh) if there are at least n_min of them, else the n_min largest over all pixels
    (ignored ones are zeros), then the mean."""
    thresh_loss = -torch.log(torch.tensor(thresh, dtype=torch.float))
    loss = F.cross_entropy(logits, labels, ignore_index=ignore_lb, reduction="none").view(-1)
    n_min = int(int((labels != ignore_lb).sum()) * fraction)
    hard = loss[loss > thresh_loss.to(loss.dtype)]
    if hard.numel() >= n_min:
        return hard.mean(), "AboveThreshold", int(hard.numel())
    top, _ = loss.topk(n_min)
    return top.mean(), "TopNMin", n_min


def hrnet(logits, labels, thresh, min_kept, ignore_lb):
    """HRNet lib/core/criterion.py OhemCrossEntropy (also PIDNet, openseg): sort the true-class probabilities of the
    valid pixels ascending, take the one at index min(max(1, min_kept), count - 1), raise it to thresh if lower, and
    average the cross-entropy of the valid pixels whose probability is strictly below that. No valid pixel: HRNet
    indexes an empty tensor (IndexError); Ohem documents NaN with nothing kept instead, which this reports."""
    loss = F.cross_entropy(logits, labels, ignore_index=ignore_lb, reduction="none").view(-1)
    valid = (labels != ignore_lb).view(-1)
    target = labels.clone()
    target[target == ignore_lb] = 0
    prob = F.softmax(logits, dim=1).gather(1, target.unsqueeze(1)).view(-1)[valid]
    if prob.numel() == 0:
        return loss.sum() * float("nan"), "TopNMin", 0
    ordered, _ = prob.sort()
    k = min(max(1, min_kept), prob.numel() - 1)
    cut = max(float(ordered[k]), thresh)
    chosen = loss[valid][prob < cut]
    rule = "AboveThreshold" if float(ordered[k]) < thresh else "TopNMin"
    return chosen.mean(), rule, int(chosen.numel())


def topk_percent(logits, labels, fraction, ignore_lb):
    """detectron2 projects/DeepLab/deeplab/loss.py DeepLabCE: the mean of the int(fraction * N*H*W) largest
    per-pixel losses over all pixels (ignored ones are zeros); fraction 1 is the plain mean over all pixels."""
    loss = F.cross_entropy(logits, labels, ignore_index=ignore_lb, reduction="none").view(-1)
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


def mmseg_sampler(logits, labels, thresh, min_kept, ignore_lb, avg_non_ignore=False):
    """open-mmlab/mmsegmentation mmseg/structures/sampler/ohem_pixel_sampler.py OHEMPixelSampler(thresh, min_kept)
    feeding mmseg/models/losses/cross_entropy_loss.py CrossEntropyLoss (avg_non_ignore=False). The sampler, without
    gradient: batch_kept = min_kept * N; over the valid pixels' ascending true-class probabilities the cut-off is the
    one at min(batch_kept, count - 1) (0.0 when there is no valid pixel), raised to thresh; the weight is 1 where the
    probability is strictly below it. The loss is the weighted per-pixel cross-entropy averaged over all N*H*W pixels
    (avg_non_ignore=False), or summed and divided by the valid count plus float32 epsilon (avg_non_ignore=True, as its
    weight_reduce_loss does with an avg_factor), so no valid pixel (every weight 0) gives 0 either way."""
    loss = F.cross_entropy(logits, labels, ignore_index=ignore_lb, reduction="none").view(-1)
    valid = (labels != ignore_lb).view(-1)
    with torch.no_grad():
        prob = true_class_prob(logits, labels, ignore_lb)[valid]
        if prob.numel() > 0:
            ordered, _ = prob.sort()
            min_threshold = float(ordered[min(min_kept * labels.size(0), prob.numel() - 1)])
        else:
            min_threshold = 0.0
        weight = torch.zeros_like(loss)
        weight[valid] = (prob < max(min_threshold, thresh)).to(loss.dtype)
    rule = "AboveThreshold" if prob.numel() > 0 and min_threshold < thresh else "TopNMin"
    if avg_non_ignore:
        return (loss * weight).sum() / (int(valid.sum()) + torch.finfo(torch.float32).eps), rule, int(weight.sum())
    return (loss * weight).mean(), rule, int(weight.sum())


def paddleseg(logits, labels, thresh, min_kept, ignore_lb):
    """PaddlePaddle/PaddleSeg paddleseg/models/losses/ohem_cross_entropy_loss.py OhemCrossEntropyLoss. Mining only when
    0 < min_kept < number of valid pixels: ignored pixels' probabilities are pushed above 1, the cut-off is the
    (min_kept - 1)-th smallest true-class probability (0-based) when it exceeds thresh, else thresh, and only valid pixels
    strictly below it stay in the mask. Otherwise the mask is every valid pixel. The loss is
    mean(loss * mask) / (mean(mask) + 1e-5), the mask carrying no gradient; no valid pixel gives 0."""
    loss = F.cross_entropy(logits, labels, ignore_index=ignore_lb, reduction="none").view(-1)
    mask = (labels != ignore_lb).view(-1).to(loss.dtype)
    num_valid = int(mask.sum())
    rule = "TopNMin"
    if min_kept < num_valid and num_valid > 0:
        with torch.no_grad():
            prob = true_class_prob(logits, labels, ignore_lb) + (1 - mask)
            if min_kept > 0:
                cut = float(prob[prob.argsort()[min(prob.numel(), min_kept) - 1]])
                rule = "AboveThreshold" if cut < thresh else "TopNMin"
                mask = mask * (prob < max(cut, thresh)).to(loss.dtype)
    return (loss * mask).mean() / (mask.mean() + 1e-5), rule, int(mask.sum())


def mmseg_by_loss(logits, labels, min_kept, ignore_lb, avg_non_ignore=False):
    """open-mmlab/mmsegmentation mmseg/structures/sampler/ohem_pixel_sampler.py OHEMPixelSampler(thresh=None, min_kept)
    feeding CrossEntropyLoss: without gradient, batch_kept = min_kept * N; the valid pixels' losses sorted descending
    and the first batch_kept of them weighted 1 (all of them when there are fewer). The weighted loss averaged over all
    N*H*W pixels, or summed over the valid count plus float32 epsilon (avg_non_ignore=True)."""
    loss = F.cross_entropy(logits, labels, ignore_index=ignore_lb, reduction="none").view(-1)
    valid = (labels != ignore_lb).view(-1)
    with torch.no_grad():
        _, order = loss.detach()[valid].sort(descending=True)
        chosen = torch.zeros(int(valid.sum()), dtype=loss.dtype)
        chosen[order[:min_kept * labels.size(0)]] = 1
        weight = torch.zeros_like(loss)
        weight[valid] = chosen
    if avg_non_ignore:
        return (loss * weight).sum() / (int(valid.sum()) + torch.finfo(torch.float32).eps), "TopNMin", int(weight.sum())
    return (loss * weight).mean(), "TopNMin", int(weight.sum())


def tf_top_k_count(fraction, pixels):
    """tf.to_int32(top_k_percent_pixels * tf.to_float(num_pixels)): the product in float32, truncated."""
    return int(torch.tensor(fraction, dtype=torch.float32) * torch.tensor(float(pixels), dtype=torch.float32))


def deeplab_tf(logits, labels, fraction, ignore_lb):
    """tensorflow/models research/deeplab/utils/train_utils.py add_softmax_cross_entropy_loss_for_each_scale (no
    hard_example_mining_step, loss_weight 1): the per-pixel losses times 0/1 weights (0 for ignored pixels). Fraction
    1: their sum over the valid count; otherwise the sum of the top int(r * num_pixels) over how many of those are
    non-zero. Either way _div_maybe_zero: 0 when the count is 0."""
    loss = F.cross_entropy(logits, labels, ignore_index=ignore_lb, reduction="none").view(-1)
    weighted = loss * (labels != ignore_lb).view(-1).to(loss.dtype)
    if fraction == 1.0:
        total = weighted.sum()
        present = int((labels != ignore_lb).sum())
    else:
        top, _ = torch.topk(weighted, min(tf_top_k_count(fraction, loss.numel()), loss.numel()))
        total = top.sum()
        present = int((top != 0).sum())
    return float(present > 0) * total / max(1e-5, present), "TopNMin", present


def model_garden(logits, labels, fraction, ignore_lb):
    """tensorflow/models official/vision/losses/segmentation_losses.py SegmentationLoss (no label smoothing, no class
    weights): the per-pixel losses times the valid mask; fraction < 1: the sum of the top int(r * size) over
    min(k, valid) + EPSILON (1e-5), else the sum over valid + EPSILON."""
    loss = F.cross_entropy(logits, labels, ignore_index=ignore_lb, reduction="none").view(-1)
    loss = loss * (labels != ignore_lb).view(-1).to(loss.dtype)
    num_valid = int((labels != ignore_lb).sum())
    if fraction < 1.0:
        k = min(tf_top_k_count(fraction, loss.numel()), loss.numel())
        top, _ = torch.topk(loss, k)
        return top.sum() / (min(k, num_valid) + 1e-5), "TopNMin", k
    return loss.sum() / (num_valid + 1e-5), "TopNMin", num_valid


def torchseg(logits, labels, thresh, min_kept, ignore_lb):
    """yu-changqian/TorchSeg furnace/seg_opr/loss_opr.py ProbOhemCrossEntropy2d (use_weight=False): no mining when
    min_kept > valid; otherwise, with valid > 0 and min_kept > 0, ignored probabilities become 1, the cut-off is the
    probability at argsort index min(M, min_kept) - 1 when it exceeds thresh (else thresh), and the valid pixels whose
    probability is at or below it (le) stay; then CrossEntropyLoss (mean over the remaining pixels)."""
    b, c, h, w = logits.shape
    target = labels.reshape(-1).clone()
    valid = target != ignore_lb
    target = target * valid.long()
    num_valid = int(valid.sum())
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
                if mask_prob[threshold_index] > thresh:
                    threshold = mask_prob[threshold_index]
                else:
                    rule = "AboveThreshold"
                valid = valid & mask_prob.le(threshold)
    target = target.masked_fill(~valid, ignore_lb).view(b, h, w)
    return F.cross_entropy(logits, target, ignore_index=ignore_lb), rule, int(valid.sum())


def pytorch_loss(logits, labels, thresh, n_min, fraction, ignore_lb):
    """CoinCheung/pytorch-loss pytorch_loss/ohem_loss.py OhemCELoss with csrc/ohem_label_kernel.cu: n_min given, or
    numel // 16 when None (here int(numel * fraction)); if n_min < numel: the true-class probability per pixel (1.0
    for ignored ones), sorted ascending by a stable sort (thrust's radix sort), and every pixel past rank n_min whose
    probability is above thresh relabelled to ignore; then CrossEntropyLoss (mean)."""
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
            late = index[n_min:][ordered[n_min:] > thresh]
            target[late] = ignore_lb
            if thresh < 1.0 and int((scores[valid] <= thresh).sum()) >= n_min:
                rule = "AboveThreshold"
    kept = int((target != ignore_lb).sum())
    return F.cross_entropy(logits, target.view(labels.shape), ignore_index=ignore_lb), rule, kept


def run_mode(case, x, labels):
    mode = case["mode"]
    if mode == "bisenet-v2":
        return bisenet_v2(x, labels, case["thresh"], case["fraction"], case["ignore_lb"])
    if mode == "hrnet":
        return hrnet(x, labels, case["thresh"], case["n_min"], case["ignore_lb"])
    if mode == "topk-percent":
        return topk_percent(x, labels, case["fraction"], case["ignore_lb"])
    if mode == "mmseg":
        return mmseg_sampler(x, labels, case["thresh"], case["n_min"], case["ignore_lb"], case.get("avg_non_ignore", False))
    if mode == "paddleseg":
        return paddleseg(x, labels, case["thresh"], case["n_min"], case["ignore_lb"])
    if mode == "mmseg-loss":
        return mmseg_by_loss(x, labels, case["n_min"], case["ignore_lb"], case.get("avg_non_ignore", False))
    if mode == "deeplab-tf":
        return deeplab_tf(x, labels, case["fraction"], case["ignore_lb"])
    if mode == "model-garden":
        return model_garden(x, labels, case["fraction"], case["ignore_lb"])
    if mode == "torchseg":
        return torchseg(x, labels, case["thresh"], case["n_min"], case["ignore_lb"])
    if mode == "pytorch-loss":
        return pytorch_loss(x, labels, case["thresh"], case["n_min"], case["fraction"], case["ignore_lb"])
    raise ValueError("unknown mode " + mode)
# ---- end of the variants ----


def load_logits(path, dtype):
    a = np.load(path)
    if dtype == "bf16":
        t = torch.from_numpy(a.astype(np.int32) << 16).view(torch.float32)
        return t.clone()
    t = torch.from_numpy(a)
    return t.float()  # float16 logits: the seed runs on their exact float32 widening


def float_bits(x):
    return int(np.array([x], dtype=np.float32).view(np.uint32)[0])


def run_case(case):
    d = case["dir"]
    logits = load_logits(os.path.join(d, "logits.npy"), case["logits_dtype"])
    labels = torch.from_numpy(np.load(os.path.join(d, "labels.npy")).astype(np.int64))  # torch needs int64 targets
    crit = OhemCELoss(case["thresh"], case["n_min"], case["ignore_lb"])
    x = logits.clone().requires_grad_(True)
    if case.get("mode", "bisenet-v1") == "bisenet-v1":
        loss = crit(x, labels)
        rule, kept = seed_branch(crit, logits, labels)
        with torch.no_grad():
            loss64 = crit(logits.double(), labels)
    else:
        loss, rule, kept = run_mode(case, x, labels)
        with torch.no_grad():
            loss64 = run_mode(case, logits.double(), labels)[0]
    if loss.requires_grad:
        loss.backward()
    with torch.no_grad():
        ce = crit.criteria(logits, labels).view(-1)
    grad = x.grad if x.grad is not None else torch.zeros_like(logits)
    np.save(os.path.join(d, "grad.npy"), grad.numpy().astype(np.float32))
    np.save(os.path.join(d, "ce.npy"), ce.numpy().astype(np.float32))
    result = {
        "loss_bits": float_bits(loss.item()),
        "loss64_bits": int(np.array([loss64.item()], dtype=np.float64).view(np.uint64)[0]),
        "kept": kept,
        "rule": rule,
        "thresh_loss_bits": float_bits(crit.thresh.item()),
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
