"""The seed's OhemCELoss: the one verbatim copy (shared/seed/README.md), imported by tests/oracle/ohem_oracle.py (the
parity oracle, on the CPU), bench/side_by_side.py (through the oracle) and scripts/seed_bench.py (the GPU check).

The seed's __init__ calls .cuda(), which fails where torch has no CUDA; cuda_optional() lets the CPU callers build it
unchanged, and the GPU check builds it as it is.
"""
import contextlib

import torch
import torch.nn as nn


# ---- The seed, verbatim (shared/seed/README.md). ----
class OhemCELoss(nn.Module):
    def __init__(self, thresh, n_min, ignore_lb=255, *args, **kwargs):
        super(OhemCELoss, self).__init__()
        self.thresh = -torch.log(torch.tensor(thresh, dtype=torch.float)).cuda()
        self.n_min = n_min
        self.ignore_lb = ignore_lb
        self.criteria = nn.CrossEntropyLoss(ignore_index=ignore_lb, reduction='none')

    def forward(self, logits, labels):
        N, C, H, W = logits.size()
        loss = self.criteria(logits, labels).view(-1)
        loss, _ = torch.sort(loss, descending=True)
        if loss[self.n_min] > self.thresh:
            loss = loss[loss>self.thresh]
        else:
            loss = loss[:self.n_min]
        return torch.mean(loss)
# ---- end of the seed ----


@contextlib.contextmanager
def cuda_optional():
    """Inside the block, Tensor.cuda() returns the tensor itself when torch has no CUDA device; with one it moves the
    tensor to it, as the seed says."""
    if torch.cuda.is_available():
        yield
        return
    cuda = torch.Tensor.cuda
    torch.Tensor.cuda = lambda self, *args, **kwargs: self
    try:
        yield
    finally:
        torch.Tensor.cuda = cuda
