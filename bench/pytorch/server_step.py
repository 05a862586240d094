"""The server step of `bin/cutmixsl bench profile` written in plain PyTorch eager, for a side-by-side figure.

Same model shape (fmnist-tiny's body and tail: class token, 6 pre-norm encoder blocks of width 64, 4 heads, MLP
ratio 2, exact GELU, final layer norm, linear tail to 10 classes), same step (320 samples of 49 tokens, soft
cross-entropy over the step's sample count, one backward, dL/dX copied back to host memory, one AdamW step with
weight decay 0.05), same intra-op threads. It prints step_ms (median of the timed steps, no profiler), then the
operators of torch.profiler's key averages per step, in the format of `bench profile`.

    python3 bench/pytorch/server_step.py [--samples 320] [--steps 10] [--warmup 5] [--threads 2] [--top 20]

Needs PyTorch (CPU): python3 -m venv VENV && VENV/bin/pip install torch. The README's performance section says
which version was measured and how to read the figures beside the Java ones.
"""

import argparse
import statistics
import time

import torch
import torch.nn.functional as F
from torch import nn


class Block(nn.Module):
    def __init__(self, width, heads, mlp_ratio):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(width, eps=1e-6)
        self.qkv = nn.Linear(width, 3 * width)
        self.proj = nn.Linear(width, width)
        self.norm2 = nn.LayerNorm(width, eps=1e-6)
        self.fc1 = nn.Linear(width, mlp_ratio * width)
        self.fc2 = nn.Linear(mlp_ratio * width, width)

    def forward(self, x):
        b, t, d = x.shape
        dh = d // self.heads
        qkv = self.qkv(self.norm1(x)).reshape(b, t, 3, self.heads, dh).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0] * dh ** -0.5, qkv[1], qkv[2]
        attention = (q @ k.transpose(-2, -1)).softmax(-1)
        x = x + self.proj((attention @ v).transpose(1, 2).reshape(b, t, d))
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x))))


class BodyAndTail(nn.Module):
    def __init__(self, width=64, depth=6, heads=4, mlp_ratio=2, classes=10):
        super().__init__()
        self.cls = nn.Parameter(torch.zeros(1, 1, width))
        self.blocks = nn.ModuleList(Block(width, heads, mlp_ratio) for _ in range(depth))
        self.norm = nn.LayerNorm(width, eps=1e-6)
        self.tail = nn.Linear(width, classes)

    def forward(self, tokens):
        x = torch.cat([self.cls.expand(tokens.shape[0], -1, -1), tokens], 1)
        for block in self.blocks:
            x = block(x)
        return self.tail(self.norm(x)[:, 0])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--samples", type=int, default=320)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--top", type=int, default=20)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(7)
    model = BodyAndTail()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
    tokens = torch.rand(a.samples, 49, 64) * 2 - 1
    targets = F.one_hot(torch.randint(0, 10, (a.samples,)), 10).float()

    def step():
        x = tokens.clone().requires_grad_(True)
        loss = -(F.log_softmax(model(x), -1) * targets).sum() / a.samples
        loss.item()
        loss.backward()
        x.grad.numpy().copy()  # dL/dX back to host memory, as the server returns it to clients
        optimizer.step()
        optimizer.zero_grad()

    for _ in range(a.warmup):
        step()
    times = []
    for _ in range(a.steps):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1e3)
    print(f"pytorch_version={torch.__version__}")
    print(f"pytorch_threads={torch.get_num_threads()}")
    print(f"pytorch_step_ms={statistics.median(times):.3f}")
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as prof:
        for _ in range(a.steps):
            step()
    events = sorted(prof.key_averages(), key=lambda e: -e.self_cpu_time_total)
    total = sum(e.self_cpu_time_total for e in events)
    print(f"# {'operator':<58} {'calls/step':>9} {'self_ms/step':>10} {'share':>7}")
    for e in events[: a.top or None]:
        print(f"op {e.key:<58} {e.count / a.steps:9.1f} {e.self_cpu_time_total / 1e3 / a.steps:10.3f}"
              f" {100 * e.self_cpu_time_total / total:6.1f}%")


if __name__ == "__main__":
    main()
