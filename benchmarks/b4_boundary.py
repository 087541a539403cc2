"""B4: one decision-boundary evaluation (100x100 grid) of spiral.json; target <= 0.5 ms.

Prints the median over 200 calls of ``BoundaryGrid.evaluate`` (forward pass plus the
mapping to probabilities and classes), of the bare grid forward pass, and of PyTorch's
forward pass of the same network on the same points when torch is importable.

``--live`` instead compares training speed: a headless Trainer against the app's
worker thread + TrainingController with a LossPlot and a BoundaryPlot attached in a
1280x800 window (offscreen), alternating the two for a few rounds, and counts the
snapshots the GUI receives per second (targets: >= 80 % of headless, >= 25 per second).

    python benchmarks/b4_boundary.py [design.json] [--size 100] [--calls 200]
    python benchmarks/b4_boundary.py --live [--seconds 3] [--rounds 4]
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
        import torch
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


def live(design_path: str, seconds: float, rounds: int) -> int:
    """Headless steps/s vs worker + controller + plots steps/s, and snapshots per second."""
    import os
    from dataclasses import replace

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

    from playground.plots import BoundaryPlot, LossPlot
    from playground.training import TrainingController

    app = QApplication.instance() or QApplication([])
    design = load_design(design_path)
    design = replace(design, train=replace(design.train, epochs=1_000_000, backend="numpy"))

    def run_for(sec: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(sec * 1000), loop.quit)
        loop.exec()

    def headless() -> float:
        trainer, n, t0 = Trainer(design), 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            trainer.train_step()
            n += 1
        return n / seconds

    window = QWidget()
    row = QHBoxLayout(window)
    loss, boundary = LossPlot(), BoundaryPlot()
    row.addWidget(boundary, 1)
    row.addWidget(loss, 1)
    window.resize(1280, 800)
    window.show()
    ctl = TrainingController()
    ctl.snapshot_ready.connect(boundary.update_snapshot)
    ctl.snapshot_ready.connect(loss.update_snapshot)
    ctl.set_design(design)
    run_for(0.5)
    ratios, rates = [], []
    try:
        for r in range(rounds):
            h = headless()
            ctl.reset()
            run_for(0.2)
            s0, step0 = ctl.snapshots_received, ctl.last_snapshot.global_step
            ctl.play()
            t0 = time.perf_counter()
            run_for(seconds)
            dt = time.perf_counter() - t0
            ctl.pause()
            run_for(0.3)
            g = (ctl.last_snapshot.global_step - step0) / dt
            rates.append((ctl.snapshots_received - s0) / dt)
            ratios.append(g / h)
            print(f"round {r}: headless {h:.0f} steps/s, worker+plots {g:.0f} steps/s = {g / h:.0%}, "
                  f"{rates[-1]:.1f} snapshots/s", flush=True)
    finally:
        ctl.shutdown()
        window.close()
        window.deleteLater()
        app.processEvents()
    print(f"median: {statistics.median(ratios):.0%} of headless, {statistics.median(rates):.1f} snapshots/s")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("design", nargs="?", default=str(ROOT / "assets" / "examples" / "spiral.json"))
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--live", action="store_true", help="compare headless and in-app training speed")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    if args.live:
        return live(args.design, args.seconds, args.rounds)
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
    print(f"  grid forward only (preallocated path):      "
          f"{median_ms(lambda: grid.outputs(trainer), args.calls):.3f} ms")
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
