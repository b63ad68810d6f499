#!/usr/bin/env python3
"""Times the seed's OhemCELoss (PyTorch, CUDA) on inputs written by Ohem.GpuCheck and prints one JSON line.

Usage: python3 seed_bench.py --logits L.npy --labels Y.npy [--thresh 0.7 --n-min 100000 --ignore 255]
                             [--warmup 3 --iters 20] [--grad-out G.npy]
logits.npy is float32 or float16 (N,C,H,W); labels.npy int64 (N,H,W). --grad-out writes d(loss)/d(logits) of the
float32 widening of the logits (float32), to compare gradients value by value.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

# The seed, verbatim, is tests/oracle/seed.py: scripts/gpu-check.sh copies it next to this file in out/gpucheck/; run
# from scripts/, it is found in the repository. Its .cuda() runs as written: this times the GPU.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path[1:1] = [os.path.join(_here, "..", "tests", "oracle"), os.path.join(_here, "..", "..", "tests", "oracle")]
from seed import OhemCELoss  # noqa: E402


def median_ms(fn, warmup, iters):
    for _ in range(warmup):
        fn()
    torch.cuda.synchronize()
    start = torch.cuda.Event(enable_timing=True)
    end = torch.cuda.Event(enable_timing=True)
    times = []
    for _ in range(iters):
        start.record()
        fn()
        end.record()
        end.synchronize()
        times.append(start.elapsed_time(end))
    times.sort()
    return times[len(times) // 2]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--logits", required=True)
    p.add_argument("--labels", required=True)
    p.add_argument("--thresh", type=float, default=0.7)
    p.add_argument("--n-min", type=int, default=100000)
    p.add_argument("--ignore", type=int, default=255)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--iters", type=int, default=20)
    p.add_argument("--grad-out")
    a = p.parse_args()
    if not torch.cuda.is_available():
        print(json.dumps({"error": "torch.cuda.is_available() is False", "torch": torch.__version__}))
        return 2

    x = torch.from_numpy(np.load(a.logits)).cuda()
    y = torch.from_numpy(np.load(a.labels)).cuda()
    crit = OhemCELoss(a.thresh, a.n_min, a.ignore)
    with torch.no_grad():
        loss = float(crit(x, y))
        loss_widened = float(crit(x.float(), y))

    def fwd():
        with torch.no_grad():
            crit(x, y)

    def fwd_bwd():
        xg = x.detach().requires_grad_(True)
        crit(xg, y).backward()

    out = {
        "torch": torch.__version__,
        "device": torch.cuda.get_device_name(),
        "loss": loss,
        "loss_widened": loss_widened,
        "forward_ms": median_ms(fwd, a.warmup, a.iters),
        "forward_backward_ms": median_ms(fwd_bwd, a.warmup, a.iters),
    }
    if a.grad_out:
        xg = x.detach().float().requires_grad_(True)
        crit(xg, y).backward()
        np.save(a.grad_out, xg.grad.cpu().numpy().astype(np.float32))
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
