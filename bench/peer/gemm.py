"""Dense matrix products of the MLP step's shapes in PyTorch on one thread: ms per product and
GFLOP/s (2 m k n flops), median of repeats. Prints JSON. Used by src-main/host/bench/gemm-bound.ts."""
import json
import sys
import time

import torch

torch.set_num_threads(1)
shapes = json.loads(sys.argv[1])
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 50
out = []
for m, k, n in shapes:
    a = torch.randn(m, k)
    b = torch.randn(k, n)
    for _ in range(5):
        a @ b
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - t0)
    times.sort()
    ms = times[len(times) // 2] * 1e3
    out.append({"shape": [m, k, n], "ms": ms, "gflops": 2 * m * k * n / (ms * 1e6)})
print(json.dumps({"torch": torch.__version__, "products": out}))
