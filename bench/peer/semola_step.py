#!/usr/bin/env python3
"""PyTorch peer of one SEMoLA training step, for `semola bench`.

The same sizes as the benchmark's step (2-body: d = 8 features in and out, an equivariant target;
k = 1 generator; MLP 8-256-256-256-8 with ReLU; batch 64; 4 augmentations; forward + backward + Adam
on the model and the generator) and the same loss terms as the engine's two presets
(src-main/engine/losses, src-main/engine/options/table.ts):

  paper:   task MSE + equivariance MSE(f(g x), g y) + 0.1 |mean cos(g x, x)| + 0.001 mean ||L||_1,
           raw units, constant initial generator
  default: the same in standardized units (differences divided by per-feature spreads), the motion
           floor instead of the cosine term, and the on-distribution term (weight 1) on 128 anchors
           per step, each with a [d, d] normal-space projector

g = expm(t L) with t ~ U(-1, 1) and L normalised to Frobenius norm sqrt(d). The data are random:
this measures speed, not accuracy. Prints one JSON object.
"""
import argparse
import json
import os
import math
import time

import torch

D = 8
HIDDEN = (256, 256, 256)
BATCH = 64
N_AUG = 4
K = 1
LR = 1e-3
ANCHOR_POOL = 2048
ANCHOR_BATCH = 128
MOTION_FLOOR = 0.5


def mlp() -> torch.nn.Sequential:
    layers, width = [], D
    for h in HIDDEN:
        layers += [torch.nn.Linear(width, h), torch.nn.ReLU()]
        width = h
    layers.append(torch.nn.Linear(width, D))
    return torch.nn.Sequential(*layers)


def generators(raw: torch.Tensor) -> torch.Tensor:
    """Per-generator Frobenius normalisation to sqrt(d): [k, d, d]."""
    norms = raw.pow(2).sum(dim=(1, 2), keepdim=True).sqrt()
    return raw * (math.sqrt(D) / (norms + 1e-6))


def mse(pred: torch.Tensor, target: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    return ((pred - target) / scale).pow(2).mean()


class Step:
    def __init__(self, recipe: str, seed: int):
        torch.manual_seed(seed)
        self.recipe = recipe
        self.model = mlp()
        init = torch.full((K, D, D), 1e-2) if recipe == 'paper' else 1e-2 * torch.randn(K, D, D)
        self.raw = torch.nn.Parameter(init)
        self.opt = torch.optim.Adam([{'params': self.model.parameters()}, {'params': [self.raw]}], lr=LR)
        self.x = torch.randn(4096, D)
        self.y = torch.randn(4096, D)
        standardized = recipe == 'default'
        self.feature_scale = self.x.std(0) if standardized else torch.ones(D)
        self.target_scale = self.y.std(0) if standardized else torch.ones(D)
        # Normal-space projectors of the anchors (I - V V^T for a random 3-D tangent space each).
        v = torch.linalg.qr(torch.randn(ANCHOR_POOL, D, 3)).Q
        self.normals = torch.eye(D) - v @ v.transpose(1, 2)
        self.anchors = torch.randn(ANCHOR_POOL, D)

    def losses(self, idx: torch.Tensor) -> dict:
        x, y = self.x[idx], self.y[idx]
        m = x.shape[0]
        basis = generators(self.raw)
        t = torch.empty(m * N_AUG, K).uniform_(-1, 1)
        g = torch.linalg.matrix_exp(torch.einsum('bk,kij->bij', t, basis))
        xr = x.repeat_interleave(N_AUG, 0)
        yr = y.repeat_interleave(N_AUG, 0)
        gx = (g @ xr.unsqueeze(-1)).squeeze(-1)
        gy = (g @ yr.unsqueeze(-1)).squeeze(-1)
        terms = {
            'task': mse(self.model(x), y, self.target_scale),
            'equiv': mse(self.model(gx), gy, self.target_scale),
            'sparse': basis.abs().sum(dim=(1, 2)).mean(),
        }
        if self.recipe == 'paper':
            cos = torch.nn.functional.cosine_similarity(gx, xr, dim=1, eps=1e-12)
            terms['aug'] = cos.mean().abs()
        else:
            s = self.feature_scale
            lx = torch.einsum('kij,bj->kbi', basis, x) / s
            r = lx.pow(2).sum(dim=(1, 2)) / (x / s).pow(2).sum().clamp_min(1e-12)
            terms['aug'] = torch.relu(math.log(MOTION_FLOOR) - 0.5 * torch.log(r + 1e-8)).mean()
            a = torch.randint(0, ANCHOR_POOL, (ANCHOR_BATCH,))
            v = torch.einsum('kij,bj->kbi', basis, self.anchors[a]) / s
            off = torch.einsum('bij,kbj->kbi', self.normals[a], v)
            terms['manifold'] = (off.pow(2).sum(dim=(1, 2)) / (v.pow(2).sum(dim=(1, 2)) + 1e-12)).mean()
        weights = {'task': 1.0, 'equiv': 1.0, 'aug': 0.1, 'sparse': 0.001, 'manifold': 1.0}
        terms['total'] = sum(weights[name] * value for name, value in terms.items())
        return terms

    def run(self, idx: torch.Tensor) -> dict:
        self.opt.zero_grad(set_to_none=True)
        terms = self.losses(idx)
        terms['total'].backward()
        self.opt.step()
        return {name: float(value.detach()) for name, value in terms.items()}


def time_recipe(recipe: str, warmup: int, steps: int) -> dict:
    step = Step(recipe, seed=0)
    batches = [torch.randint(0, step.x.shape[0], (BATCH,)) for _ in range(warmup + steps)]
    first = step.run(batches[0])
    for b in batches[1:warmup]:
        step.run(b)
    start = time.perf_counter()
    cpu_start = time.process_time()
    for b in batches[warmup:]:
        step.run(b)
    seconds = time.perf_counter() - start
    # CPU seconds per wall second: 1 on one thread. torch.set_num_threads does not bind the BLAS
    # library's own threads; the caller sets OPENBLAS_NUM_THREADS / OMP_NUM_THREADS for that.
    cpu_per_wall = (time.process_time() - cpu_start) / seconds
    return {'msPerStep': 1000 * seconds / steps, 'steps': steps, 'warmup': warmup, 'cpuPerWall': cpu_per_wall, 'firstStepLosses': first}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--steps', type=int, default=200)
    parser.add_argument('--warmup', type=int, default=20)
    parser.add_argument('--recipes', default='paper,default')
    args = parser.parse_args()
    # Single-threaded, like the wasm backend it is compared with.
    torch.set_num_threads(1)
    recipes = {r: time_recipe(r, max(1, args.warmup), args.steps) for r in args.recipes.split(',')}
    # OS threads of this process after the timed steps (Linux): 1 when the BLAS library ran none.
    tasks = '/proc/self/task'
    os_threads = len(os.listdir(tasks)) if os.path.isdir(tasks) else None
    print(json.dumps({
        'torch': torch.__version__,
        'threads': torch.get_num_threads(),
        'osThreads': os_threads,
        'sizes': {'d': D, 'k': K, 'hidden': list(HIDDEN), 'batch': BATCH, 'nAug': N_AUG, 'optimizer': 'Adam', 'lr': LR},
        'recipes': recipes,
    }))


if __name__ == '__main__':
    main()
