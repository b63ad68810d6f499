#!/usr/bin/python3
"""Times the seed's OhemCELoss (PyTorch, CPU) on the .npy batch the C# side-by-side runner wrote.

Prints one JSON line: forward and forward+backward wall and process CPU times in ms (after warm-up), the loss,
the torch version.
The seed class is imported from tests/oracle/ohem_oracle.py (tests/oracle/seed.py, the verbatim copy the parity tests
use, with .cuda() the identity where torch has no CUDA).
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "oracle"))
from ohem_oracle import OhemCELoss  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--logits", required=True)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--thresh", type=float, default=0.7)
    ap.add_argument("--n-min", type=int, default=100000)
    ap.add_argument("--ignore", type=int, default=255)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    logits = torch.from_numpy(np.load(a.logits))
    labels = torch.from_numpy(np.load(a.labels)).long()
    crit = OhemCELoss(a.thresh, a.n_min, a.ignore)

    def forward():
        with torch.no_grad():
            return crit(logits, labels)

    x = logits.clone().requires_grad_(True)

    def forward_backward():
        x.grad = None
        loss = crit(x, labels)
        loss.backward()
        return loss

    def timed(fn):
        for _ in range(a.warmup):
            fn()
        times, cpu = [], []
        for _ in range(a.runs):
            c0 = time.process_time()
            t0 = time.perf_counter()
            fn()
            times.append((time.perf_counter() - t0) * 1000.0)
            cpu.append((time.process_time() - c0) * 1000.0)
        return times, cpu

    fwd, fwd_cpu = timed(forward)
    fb, fb_cpu = timed(forward_backward)
    print(json.dumps({
        "forward_ms": fwd,
        "forward_backward_ms": fb,
        "forward_cpu_ms": fwd_cpu,
        "forward_backward_cpu_ms": fb_cpu,
        "loss": float(forward().item()),
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
    }))


if __name__ == "__main__":
    main()
