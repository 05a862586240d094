"""Plain centralized training of the whole fmnist-tiny ViT in PyTorch eager: the figure to put beside
`centralized_images_per_s` of `bin/cutmixsl bench model` and the `*_centralized_images_per_s_b*` keys of `gpu-check`
(and of `gpu/run-torch-check.sh`), on the same machine in the same run.

Same step as the Java CentralizedBench: a minibatch of uint8 images drawn from a pool of max(2048, 2B) synthetic
images, scaled to floats on the host, copied to the device; patch embedding (4x4 patches,
linear to width 64) plus a learned position embedding; server_step.py's body and tail; soft cross-entropy over the
batch; the loss read back (which waits for the device, as the Java loop does); one backward; one AdamW step
(lr 1e-3, weight decay 0.05).

    python3 bench/pytorch/centralized.py [--device cpu|cuda] [--batches 64,512] [--steps 30] [--warmup 5] [--threads T]
"""

import argparse
import os
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_step import BodyAndTail  # noqa: E402  the same body and tail as the server-step reference


class ViT(nn.Module):
    def __init__(self, image=28, patch=4, width=64):
        super().__init__()
        self.patch = patch
        self.grid = image // patch
        self.embed = nn.Linear(patch * patch, width)
        self.position = nn.Parameter(torch.zeros(1, self.grid * self.grid, width))
        self.body_and_tail = BodyAndTail(width=width)

    def forward(self, images):  # images: (B, 28, 28, 1) floats, channels last as the Java head takes them
        b, p, g = images.shape[0], self.patch, self.grid
        patches = images.reshape(b, g, p, g, p, 1).permute(0, 1, 3, 2, 4, 5).reshape(b, g * g, p * p)
        return self.body_and_tail(self.embed(patches) + self.position)


def images_per_second(device, batch, steps, warmup):
    torch.manual_seed(7)
    pool = max(2048, 2 * batch)
    pixels = torch.randint(0, 256, (pool, 28, 28, 1), dtype=torch.uint8)
    labels = torch.randint(0, 10, (pool,))
    model = ViT().to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)

    def step():
        idx = torch.randperm(pool)[:batch]
        x = ((pixels[idx].float() / 255 - 0.5) / 0.5).to(device)
        targets = F.one_hot(labels[idx], 10).float().to(device)
        loss = -(F.log_softmax(model(x), -1) * targets).sum() / batch
        loss.item()
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

    for _ in range(warmup):
        step()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    return steps * batch / (time.perf_counter() - start)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--device", default="cpu")
    p.add_argument("--batches", default="64,512")
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    print(f"pytorch_version={torch.__version__}")
    print(f"pytorch_device={a.device}")
    print(f"pytorch_threads={torch.get_num_threads()}")
    for batch in (int(b) for b in a.batches.split(",")):
        ips = images_per_second(torch.device(a.device), batch, a.steps, a.warmup)
        print(f"pytorch_centralized_images_per_s_b{batch}={ips:.1f}", flush=True)


if __name__ == "__main__":
    main()
