"""PyTorch peer of the engine's training on the arrays it trained on, for `semola bench accuracy`.

Reads the split the engine used (train, validation and test arrays as .npy, written by
src-main/host/bench/accuracy.ts) and trains the same recipe with PyTorch: MLP d-256-256-256-d with
ReLU, inputs standardised and outputs de-standardised by the training split's column mean and
std (n - 1), Adam, batch 64 in a fresh shuffle every epoch (a last batch below 2 is dropped),
the last epoch's model (no best-epoch selection). Methods:
  plain        task loss only
  fixed-basis  + equivariance loss with the given basis (the true rotation), g = expm(t L)
  semola       the paper recipe: a learned basis from a constant start (1e-2), per-generator
               Frobenius normalisation to sqrt(d), + 0.1 |mean cos(g x, x)| + 0.001 mean ||L||_1
               (+ 0.01 orthogonality, 0 for k = 1)
with t ~ U(-1, 1), nAug copies per sample, losses in raw units (the paper preset) or divided by the
training spread (--standardized-losses). Test MSE: per element, raw units, over the whole test
split, for direct prediction f(x) and for averaging (1/n) sum g_j^-1 f(g_j x).
Prints one JSON object.
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch


def load(folder: str, name: str) -> torch.Tensor:
    return torch.from_numpy(np.load(os.path.join(folder, f'{name}.npy')).astype(np.float32))


def column_stats(a: torch.Tensor):
    """Mean and unbiased std per column in float64, std below 1e-12 replaced by 1 (samples.ts)."""
    a64 = a.double()
    mean = a64.mean(0)
    std = a64.std(0, unbiased=True)
    std = torch.where(std > 1e-12, std, torch.ones_like(std))
    return mean.float(), std.float()


class Mlp(torch.nn.Module):
    def __init__(self, d_in: int, d_out: int, hidden, init: str, stats):
        super().__init__()
        dims = [d_in, *hidden, d_out]
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(dims[:-1], dims[1:]))
        for layer in self.layers:
            if init == 'he-uniform':
                # The engine's former initialisation: U(-sqrt(6 / fan_in), +), zero bias.
                limit = math.sqrt(6 / layer.in_features)
                torch.nn.init.uniform_(layer.weight, -limit, limit)
                torch.nn.init.zeros_(layer.bias)
            elif init != 'torch':
                raise ValueError(f'unknown init {init}')
            # 'torch': nn.Linear's own, U(-1/sqrt(fan_in), +) for weights and biases.
        self.in_mean, self.in_std, self.out_mean, self.out_std = stats

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = (x - self.in_mean) / self.in_std
        for i, layer in enumerate(self.layers):
            h = layer(h)
            if i < len(self.layers) - 1:
                h = torch.relu(h)
        return h * self.out_std + self.out_mean


def normalised(raw: torch.Tensor, scale: float) -> torch.Tensor:
    norms = raw.pow(2).sum(dim=(1, 2), keepdim=True).sqrt()
    return raw * (scale / (norms + 1e-6))


def group_elements(t: torch.Tensor, basis: torch.Tensor) -> torch.Tensor:
    return torch.linalg.matrix_exp(torch.einsum('bk,kij->bij', t, basis))


def act(g: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    return (g @ x.unsqueeze(-1)).squeeze(-1)


def train(args) -> dict:
    torch.manual_seed(args.seed)
    x, y = load(args.data, 'train_x'), load(args.data, 'train_y')
    vx, vy = load(args.data, 'val_x'), load(args.data, 'val_y')
    tx, ty = load(args.data, 'test_x'), load(args.data, 'test_y')
    d = x.shape[1]
    in_stats, out_stats = column_stats(x), column_stats(y)
    model = Mlp(d, y.shape[1], args.hidden, args.init, (*in_stats, *out_stats))
    # Losses divided by the spread: an equivariant target shares the input's pooled feature scale.
    target_scale = x.double().reshape(-1, d).std(0).float() if args.standardized_losses else torch.ones(d)
    feature_scale = target_scale
    params = [{'params': model.parameters(), 'lr': args.lr}]
    basis_raw = None
    if args.method == 'fixed-basis':
        fixed = torch.tensor(json.loads(args.basis), dtype=torch.float32)
        basis_of = lambda: fixed  # noqa: E731 (the given basis is used as given)
    elif args.method == 'semola':
        basis_raw = torch.nn.Parameter(torch.full((args.k, d, d), args.init_value))
        params.append({'params': [basis_raw], 'lr': args.lr})
        basis_of = lambda: normalised(basis_raw, math.sqrt(d))  # noqa: E731
    else:
        basis_of = None
    opt = torch.optim.Adam(params, eps=args.adam_eps)
    n = x.shape[0]
    epochs = []
    t0 = time.perf_counter()
    for epoch in range(args.epochs):
        order = torch.randperm(n)
        total = 0.0
        steps = 0
        for s in range(0, n, args.batch):
            idx = order[s:s + args.batch]
            if len(idx) < 2:
                break
            if args.schedule == 'cosine':
                factor = 0.5 * (1 + math.cos(math.pi * (epoch + s / n) / args.epochs))
                for group in opt.param_groups:
                    group['lr'] = args.lr * factor
            xb, yb = x[idx], y[idx]
            loss = ((model(xb) - yb) / target_scale).pow(2).mean()
            if basis_of is not None:
                basis = basis_of()
                m = xb.shape[0]
                t = torch.empty(m * args.n_aug, basis.shape[0]).uniform_(-1, 1)
                g = group_elements(t, basis)
                xr = xb.repeat_interleave(args.n_aug, 0)
                yr = yb.repeat_interleave(args.n_aug, 0)
                gx = act(g, xr)
                loss = loss + ((model(gx) - act(g, yr)) / target_scale).pow(2).mean()
                if basis_raw is not None:
                    a, b = gx / feature_scale, xr / feature_scale
                    cos = (a * b).sum(1) / ((a.pow(2).sum(1) * b.pow(2).sum(1) + 1e-24).sqrt() + 1e-12)
                    loss = loss + 0.1 * cos.mean().abs() + 0.001 * basis.abs().sum(dim=(1, 2)).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += float(loss.detach())
            steps += 1
        with torch.no_grad():
            val = float(((model(vx) - vy) / target_scale).pow(2).mean()) if vx.shape[0] > 0 else None
        epochs.append({'epoch': epoch + 1, 'loss': total / max(1, steps), 'valLoss': val})
    seconds = time.perf_counter() - t0
    with torch.no_grad():
        direct = float((model(tx) - ty).pow(2).mean())
        averaging = None
        if basis_of is not None:
            basis = basis_of()
            m = tx.shape[0]
            t = torch.empty(m * args.inference_samples, basis.shape[0]).uniform_(-1, 1)
            g = group_elements(t, basis)
            g_inv = group_elements(-t, basis)
            out = act(g_inv, model(act(g, tx.repeat_interleave(args.inference_samples, 0))))
            averaging = float((out.reshape(m, args.inference_samples, -1).mean(1) - ty).pow(2).mean())
    return {
        'method': args.method,
        'seed': args.seed,
        'trainSamples': n,
        'testSamples': tx.shape[0],
        'testMse': {'direct': direct, 'averaging': averaging},
        'epochs': epochs,
        'basis': basis_of().tolist() if basis_raw is not None else None,
        'seconds': seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--data', required=True, help='folder with train_x.npy ... test_y.npy')
    parser.add_argument('--method', choices=['plain', 'fixed-basis', 'semola'], required=True)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--epochs', type=int, default=20)
    parser.add_argument('--batch', type=int, default=64)
    parser.add_argument('--lr', type=float, default=1e-3)
    parser.add_argument('--schedule', choices=['constant', 'cosine'], default='constant')
    parser.add_argument('--adam-eps', type=float, default=1e-8)
    parser.add_argument('--init', choices=['torch', 'he-uniform'], default='torch')
    parser.add_argument('--hidden', type=lambda s: [int(v) for v in s.split(',')], default=[256, 256, 256])
    parser.add_argument('--n-aug', type=int, default=4)
    parser.add_argument('--inference-samples', type=int, default=4)
    parser.add_argument('--k', type=int, default=1)
    parser.add_argument('--init-value', type=float, default=1e-2)
    parser.add_argument('--basis', default=None, help='fixed basis [[[...]]] as JSON (fixed-basis)')
    parser.add_argument('--standardized-losses', action='store_true')
    parser.add_argument('--threads', type=int, default=1)
    args = parser.parse_args()
    if args.method == 'fixed-basis' and args.basis is None:
        parser.error('--method fixed-basis needs --basis')
    torch.set_num_threads(args.threads)
    print(json.dumps(train(args)))


if __name__ == '__main__':
    main()
