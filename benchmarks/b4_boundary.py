"""B4: one decision-boundary evaluation (100x100 grid) of spiral.json; target <= 0.5 ms.

Prints the median over 200 calls of ``BoundaryGrid.evaluate`` (forward pass plus the
mapping to probabilities and classes), of the bare grid forward pass, and of PyTorch's
forward pass of the same network on the same points when torch is importable.

    python benchmarks/b4_boundary.py [design.json] [--size 100] [--calls 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from engine.design_io import load_design  # noqa: E402
from engine.probes import BoundaryGrid  # noqa: E402
from engine.training import Trainer  # noqa: E402


def median_ms(fn, calls: int) -> float:
    for _ in range(10):
        fn()
    times = []
    for _ in range(calls):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def torch_ms(trainer: Trainer, x: np.ndarray, calls: int) -> float | None:
    try:
        import torch  # noqa: PLC0415
    except ImportError:
        return None
    torch.set_num_threads(1)
    mods: list = []
    acts = {"tanh": torch.nn.Tanh, "relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid, "linear": None}
    for layer in trainer.network.layers:
        if layer.spec.type != "dense":
            return None
        w = layer.params["W"]
        lin = torch.nn.Linear(w.shape[0], w.shape[1], bias="b" in layer.params)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(w.T)))
            if "b" in layer.params:
                lin.bias.copy_(torch.from_numpy(layer.params["b"]))
        mods.append(lin)
        act = acts.get(layer.act.name, "unsupported")
        if act == "unsupported":
            return None
        if act is not None:
            mods.append(act())
    model = torch.nn.Sequential(*mods).eval()
    tx = torch.from_numpy(np.ascontiguousarray(x))
    with torch.inference_mode():
        return median_ms(lambda: model(tx).numpy(), calls)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("design", nargs="?", default=str(ROOT / "assets" / "examples" / "spiral.json"))
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    trainer = Trainer(load_design(args.design), backend="numpy")
    for _ in range(200):
        trainer.train_step()
    grid = BoundaryGrid.for_dataset(trainer.dataset, args.size)
    if grid is None:
        print("this design's data are not 2-D points; there is no boundary to evaluate")
        return 1
    x = grid.features(trainer.dataset.feature_names, trainer.backend)
    print(f"design: {args.design}")
    print(f"grid: {args.size}x{args.size} = {len(grid.points)} points, extent {grid.extent}")
    print(f"BoundaryGrid.evaluate (forward + mapping), median of {args.calls}: "
          f"{median_ms(lambda: grid.evaluate(trainer), args.calls):.3f} ms (target <= 0.5 ms)")
    print(f"  grid forward only (preallocated path):      {median_ms(lambda: grid.outputs(trainer), args.calls):.3f} ms")
    print(f"  Network.forward on the same points:          "
          f"{median_ms(lambda: trainer.network.forward(x, training=False), args.calls):.3f} ms")
    t = torch_ms(trainer, np.asarray(x), args.calls)
    if t is None:
        print("  PyTorch: not importable (or the network is not a plain Dense stack)")
    else:
        print(f"  PyTorch forward (1 thread, inference_mode):  {t:.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
