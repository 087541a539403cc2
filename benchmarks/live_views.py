"""Live views' cost: snapshots/s reaching the GUI and training speed with every live view on.

Not part of ``run_all.py``. Each mode runs in a fresh process (``--worker MODE``), one
after the other, repeated; the table gives each mode's median and the app's training
speed as a share of the headless Trainer's measured in the same repeat.

Modes (spiral.json, NumPy, epochs raised so training never stops):

- ``headless``: ``Trainer.train_steps(50)`` in a loop, nothing else (the reference, as
  ``playground train`` runs it);
- ``worker``: the TrainingController and worker thread with the default 100x100
  boundary grid, no window (what the throttled snapshots cost by themselves);
- ``app``: the main window at 1280x800 (offscreen), shown and training: boundary and
  loss plots, neuron pictures and weights live;
- ``app-no-neurons``: the same with View > Show Neurons off (no neuron probes);
- ``cnn-headless`` and ``cnn-filters``: mnist-cnn.json headless, and in the main window with
  every view installed and the CNN filters tab showing (its probe runs at most every
  0.1 s); ``filters/s`` is how often that view got a new readout to draw.

    QT_QPA_PLATFORM=offscreen python benchmarks/live_views.py [--seconds 8] [--repeats 3] [--modes ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SPIRAL = REPO / "assets" / "examples" / "spiral.json"
MNIST_CNN = REPO / "assets" / "examples" / "mnist-cnn.json"
MODES = ("headless", "worker", "app", "app-no-neurons", "cnn-headless", "cnn-filters")
REFERENCE = {"cnn-filters": "cnn-headless"}  # the headless run each mode is compared with (else "headless")


def _design(path: Path = SPIRAL):
    from engine.design_io import load_design

    d = load_design(path)
    return replace(d, train=replace(d.train, backend="numpy", epochs=10_000_000))


def run_headless(seconds: float, path: Path = SPIRAL) -> dict:
    from engine.training import Trainer

    t = Trainer(_design(path), backend="numpy")
    warm = time.perf_counter()
    while time.perf_counter() - warm < min(1.0, seconds / 4):
        t.train_steps(10, stop_at_epoch_end=False)
    t0 = time.perf_counter()
    n = 0
    chunk = 50 if path == SPIRAL else 2
    while time.perf_counter() - t0 < seconds:
        n += len(t.train_steps(chunk, stop_at_epoch_end=False))
    return {"steps_per_second": n / (time.perf_counter() - t0)}


def _cpu() -> float:
    return time.process_time()


def run_worker(seconds: float) -> dict:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from playground.training.controller import TrainingController

    app = QApplication.instance() or QApplication([])
    c = TrainingController()
    c.set_design(_design())

    def wait(s: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(s * 1000), loop.quit)
        loop.exec()

    wait(0.5)
    c.play()
    wait(1.0)
    return _measure(c, wait, seconds, lambda: c.shutdown(), app)


def _measure(controller, wait, seconds: float, stop, app, extra=None) -> dict:
    s0 = controller.snapshots_received
    g0 = controller.last_snapshot.global_step
    t0 = time.perf_counter()
    c0 = _cpu()
    wait(seconds)
    dt = time.perf_counter() - t0
    cpu = _cpu() - c0
    s1 = controller.snapshots_received
    g1 = controller.last_snapshot.global_step
    out = {
        "snapshots_per_second": (s1 - s0) / dt,
        "steps_per_second": (g1 - g0) / dt,
        "process_cpu_share": cpu / dt,  # both threads together, in cores
    }
    if extra is not None:
        out.update(extra())
    stop()
    app.processEvents()
    return out


def run_app(seconds: float, neurons: bool) -> dict:
    import pyqtgraph as pg
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    pg.setConfigOptions(imageAxisOrder="row-major", antialias=True, background="w", foreground="k")
    from playground.main_window import MainWindow

    window = MainWindow(probe_gpu=False)
    window.load_initial(None)
    window.document.load_spec(_design())
    window.neurons_action.setChecked(neurons)
    window.resize(1280, 800)
    window.show()

    slot_time = [0.0, 0]
    original = window._on_controller_snapshot

    def timed(snapshot):
        t = time.perf_counter()
        original(snapshot)
        slot_time[0] += time.perf_counter() - t
        slot_time[1] += 1

    window.controller.snapshot_ready.disconnect(window._on_controller_snapshot)
    window.controller.snapshot_ready.connect(timed)

    def wait(s: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(s * 1000), loop.quit)
        loop.exec()

    wait(0.8)
    window.controller.play()
    wait(1.0)
    slot_time[:] = [0.0, 0]

    def extra() -> dict:
        return {
            "gui_slot_ms_per_snapshot": 1000 * slot_time[0] / max(1, slot_time[1]),
            "neuron_maps_shown": window.neuron_view.maps_shown,
        }

    def stop() -> None:
        window._closing = True
        window.close()
        window.shutdown()

    return _measure(window.controller, wait, seconds, stop, app, extra)


def run_cnn_filters(seconds: float) -> dict:
    import pyqtgraph as pg
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    pg.setConfigOptions(imageAxisOrder="row-major", antialias=True, background="w", foreground="k")
    from playground.extras import install_extras
    from playground.main_window import MainWindow

    window = MainWindow(probe_gpu=False)
    install_extras(window, autosave=False)
    window.load_initial(None)
    window.document.load_spec(_design(MNIST_CNN))
    window.resize(1280, 800)
    window.show()
    view = next(v for v in window.analysis_views if v.objectName() == "cnnFiltersView")
    window.view_tabs.setCurrentWidget(view)

    def wait(s: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(s * 1000), loop.quit)
        loop.exec()

    wait(1.0)
    window.controller.play()
    wait(2.0)
    r0 = view.readouts_received

    def extra() -> dict:
        return {"filters_per_second": (view.readouts_received - r0) / seconds}

    def stop() -> None:
        window._closing = True
        window.close()
        window.shutdown()

    return _measure(window.controller, wait, seconds, stop, app, extra)


def worker_main(mode: str, seconds: float) -> None:
    if mode == "headless":
        result = run_headless(seconds)
    elif mode == "cnn-headless":
        result = run_headless(seconds, MNIST_CNN)
    elif mode == "cnn-filters":
        result = run_cnn_filters(seconds)
    elif mode == "worker":
        result = run_worker(seconds)
    else:
        result = run_app(seconds, neurons=mode == "app")
    print(json.dumps({"mode": mode, **result}), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--worker", choices=MODES)
    args = parser.parse_args()
    if args.worker:
        sys.path.insert(0, str(REPO))
        worker_main(args.worker, args.seconds)
        return 0
    import tempfile

    settings = Path(tempfile.mkdtemp()) / "settings.ini"  # never the person's own preferences
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PLAYGROUND_NO_GPU="1", OMP_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1", PLAYGROUND_SETTINGS_FILE=str(settings))
    modes = [m for m in args.modes.split(",") if m]
    load_before = " ".join(f"{v:.2f}" for v in os.getloadavg())
    results: dict[str, list[dict]] = {m: [] for m in modes}
    ratios: dict[str, list[float]] = {m: [] for m in modes if not m.endswith("headless")}
    for r in range(args.repeats):
        got = {}
        for mode in modes:
            out = subprocess.run(
                [sys.executable, __file__, "--worker", mode, "--seconds", str(args.seconds)],
                env=env, capture_output=True, text=True, check=True, cwd=REPO,
            ).stdout.strip().splitlines()[-1]
            got[mode] = json.loads(out)
            results[mode].append(got[mode])
            print(f"repeat {r + 1} {mode}: {got[mode]}", flush=True)
        for mode in ratios:
            reference = got.get(REFERENCE.get(mode, "headless"))
            if reference is not None:
                ratios[mode].append(got[mode]["steps_per_second"] / reference["steps_per_second"])
    print()
    load_after = " ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"{args.repeats} repeat(s) of {args.seconds:g} s; load average (1/5/15 min) before: {load_before}, "
          f"after: {load_after}; {os.cpu_count()} CPUs")
    print()
    print("| mode | steps/s (median) | vs headless (median, min..max) | snapshots/s | GUI ms/snapshot | CPU cores "
          "| filters/s |")
    print("|---|---|---|---|---|---|---|")
    for mode in modes:
        rs = results[mode]
        sps = statistics.median(r["steps_per_second"] for r in rs)
        ratio = ""
        if ratios.get(mode):
            q = ratios[mode]
            ratio = f"{statistics.median(q):.0%} ({min(q):.0%}..{max(q):.0%})"
        headless = mode.endswith("headless")
        snaps = None if headless else statistics.median(r.get("snapshots_per_second", 0.0) for r in rs)
        slot = statistics.median(r.get("gui_slot_ms_per_snapshot", 0.0) for r in rs) if "app" in mode else None
        cpu = None if headless else statistics.median(r.get("process_cpu_share", 0.0) for r in rs)
        filters = statistics.median(r["filters_per_second"] for r in rs) if mode == "cnn-filters" else None
        print(
            f"| {mode} | {sps:,.0f} | {ratio or '–'} | {'–' if snaps is None else f'{snaps:.1f}'} | "
            f"{'–' if slot is None else f'{slot:.2f}'} | {'–' if cpu is None else f'{cpu:.2f}'} | "
            f"{'–' if filters is None else f'{filters:.1f}'} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
