"""GUI responsiveness and training speed while a design trains with every view open (prints a table).

Each measurement runs in a fresh process, one after the other, and the set is repeated
(``--repeats``): per repeat the headless Trainer runs, then the app, then the headless
Trainer again, and the app's speed is taken as a share of the mean of the two headless
runs around it, so both sides see the same machine load. The table gives medians over
the repeats (and min..max), with the load average before and after.

- ``headless``: ``Trainer.train_steps(50)`` in a loop on the same design, as
  ``playground train`` runs it (the reference);
- ``app``: the real main window with every view the app installs (``install_extras``),
  offscreen unless a display is set, at ``--size``; Play is pressed and the Qt event
  loop runs as in the app. For ``--seconds`` nothing else happens (a class watching)
  while it measures the training speed, how often each view is redrawn and the CPU
  time of the two threads; for ``--seconds`` more it also measures responsiveness (these
  probes are Python code in the GUI thread themselves, 250 times a second, so the
  training speed during them is reported apart):

  - input latency: another thread posts a synthetic key press to the network editor every
    20 ms (as the window system delivers a person's input) and the time until the GUI
    thread has it in a Python event filter is recorded (it waits while the GUI thread is
    busy painting, and for the GIL);
  - timer lateness: how late a 5 ms precise timer fires;

Usage: ``python benchmarks/gui_latency.py [DESIGN] [--seconds 8] [--size 1280x800] [--repeats 3]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SPIRAL = ROOT / "assets" / "examples" / "spiral.json"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _thread_cpu() -> dict[str, float]:
    """CPU seconds used so far by each thread of this process (Linux), by ``name:tid``; the GUI
    (main) thread is called ``gui``."""
    out: dict[str, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return out
    for tid in tids:
        try:
            with open(f"/proc/self/task/{tid}/comm") as f:
                name = f.read().strip()
            with open(f"/proc/self/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        name = "gui" if int(tid) == os.getpid() else name
        out[f"{name}:{tid}"] = (int(fields[11]) + int(fields[12])) / tick
    return out


def run_headless(design_path: Path, seconds: float) -> dict[str, Any]:
    from engine.design_io import load_design
    from engine.training import Trainer

    trainer = Trainer(load_design(design_path), backend="numpy")
    trainer.train_steps(200)
    t0, steps = time.perf_counter(), 0
    while time.perf_counter() - t0 < seconds:
        steps += len(trainer.train_steps(50, stop_at_epoch_end=False))
    return {"steps_per_second": steps / (time.perf_counter() - t0)}


def run_app(design_path: Path, seconds: float, size: tuple[int, int]) -> dict[str, Any]:
    from dataclasses import replace

    from engine.design_io import load_design, save_design

    # the examples stop after a few hundred epochs (under a second at full speed): train "forever"
    design = load_design(design_path)
    endless = Path(tempfile.mkdtemp()) / design_path.name
    save_design(replace(design, train=replace(design.train, epochs=1_000_000)), endless)

    import pyqtgraph as pg
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication([])  # kept alive for the run
    pg.setConfigOptions(imageAxisOrder="row-major", antialias=True, background="w", foreground="k")
    from playground.extras import install_extras
    from playground.main_window import MainWindow

    window = MainWindow()
    install_extras(window, autosave=False)
    window.load_initial(str(endless))
    window.resize(*size)
    window.show()

    def wait(s: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(s * 1000), loop.quit)
        loop.exec()

    latencies: list[float] = []
    lateness: list[float] = []
    sent: list[float] = []  # post times, in order (Qt delivers posted events in order)
    counts = {"boundary": 0, "curves": 0}

    def counting(obj: Any, name: str, key: str) -> None:
        original = getattr(obj, name)

        def wrapper(*a: Any, **k: Any) -> Any:
            counts[key] += 1
            return original(*a, **k)

        setattr(obj, name, wrapper)

    counting(window.boundary_plot.image, "render", "boundary")  # a new boundary picture
    counting(window.loss_plot.batch_curve, "setData", "curves")  # a redraw of the curves

    class Probe(QObject):
        def eventFilter(self, obj: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_F24:
                if sent:
                    latencies.append(time.perf_counter() - sent.pop(0))
                return True
            return False

    target = window.editor.viewport()
    probe = Probe()
    target.installEventFilter(probe)

    stop_keys = threading.Event()

    def post_keys() -> None:  # not in the GUI thread: like input from the window system
        while not stop_keys.wait(0.02):
            event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_F24, Qt.KeyboardModifier.NoModifier)
            sent.append(time.perf_counter())
            QCoreApplication.postEvent(target, event)

    key_thread = threading.Thread(target=post_keys, daemon=True)
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        lateness.append(max(0.0, now - last[0] - 0.005))
        last[0] = now

    tick_timer = QTimer()
    tick_timer.setTimerType(Qt.TimerType.PreciseTimer)
    tick_timer.timeout.connect(tick)

    wait(0.8)
    window.controller.play()
    wait(1.0)  # warm up
    controller = window.controller

    def step() -> int:
        return controller.last_snapshot.global_step if controller.last_snapshot else 0

    # 1. watching: the app alone (the probes below take the GIL 250 times a second themselves)
    step0, snaps0, maps0 = step(), controller.snapshots_received, window.neuron_view.maps_shown
    counts.update(boundary=0, curves=0)
    cpu0 = _thread_cpu()
    t0 = time.perf_counter()
    wait(seconds)
    elapsed = time.perf_counter() - t0
    cpu1 = _thread_cpu()
    result = {
        "steps_per_second": (step() - step0) / elapsed,
        "snapshots_per_second": (controller.snapshots_received - snaps0) / elapsed,
        "boundary_per_second": counts["boundary"] / elapsed,
        "curves_per_second": counts["curves"] / elapsed,
        "neuron_maps_per_second": (window.neuron_view.maps_shown - maps0) / elapsed,
        "thread_cpu": {k: (cpu1[k] - cpu0.get(k, 0.0)) / elapsed for k in cpu1 if cpu1[k] - cpu0.get(k, 0.0) > 0},
    }
    # 2. input: key presses every 20 ms and a 5 ms timer, for as long again
    step0 = step()
    key_thread.start()
    tick_timer.start(5)
    t0 = time.perf_counter()
    wait(seconds)
    elapsed = time.perf_counter() - t0
    stop_keys.set()
    key_thread.join()
    tick_timer.stop()
    result.update(
        latency_ms=[v * 1000 for v in latencies],
        lateness_ms=[v * 1000 for v in lateness],
        steps_per_second_probed=(step() - step0) / elapsed,
    )
    controller.pause()
    wait(0.3)
    window.shutdown()
    window.close()
    return result


def _worker(mode: str, args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    w, h = (int(v) for v in args.size.lower().split("x"))
    if mode == "headless":
        out = run_headless(Path(args.design), args.seconds)
    else:
        out = run_app(Path(args.design), args.seconds, (w, h))
    print(json.dumps({"mode": mode, **out}), flush=True)


def _load() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "?"


def _spread(values: list[float], fmt: str) -> str:
    return f"{format(statistics.median(values), fmt)} ({format(min(values), fmt)}..{format(max(values), fmt)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("design", nargs="?", default=str(SPIRAL))
    parser.add_argument("--seconds", type=float, default=8.0, help="length of each app and headless run")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="BLAS/OpenMP threads per process (0: as set)")
    parser.add_argument("--json", help="also write every raw result to this file")
    parser.add_argument("--worker", choices=("headless", "app"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args)
        return 0

    settings = Path(tempfile.mkdtemp()) / "settings.ini"  # never the person's own preferences
    env = dict(os.environ, PLAYGROUND_NO_GPU="1", PLAYGROUND_SETTINGS_FILE=str(settings))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.threads:
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env[name] = str(args.threads)

    def run(mode: str) -> dict[str, Any]:
        cmd = [sys.executable, __file__, args.design, "--worker", mode, "--seconds", str(args.seconds),
               "--size", args.size]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if done.returncode or not lines:
            raise SystemExit(f"{mode} run failed ({done.returncode}):\n{done.stderr[-2000:]}")
        return json.loads(lines[-1])

    load_before = _load()
    t_start = time.perf_counter()
    apps: list[dict[str, Any]] = []
    ratios: list[float] = []
    headless: list[float] = []
    raw = []
    for r in range(args.repeats):
        before = run("headless")
        app = run("app")
        after = run("headless")
        reference = 0.5 * (before["steps_per_second"] + after["steps_per_second"])
        ratio = app["steps_per_second"] / reference
        apps.append(app)
        ratios.append(ratio)
        headless.append(reference)
        raw.append({"headless_before": before, "app": app, "headless_after": after, "load": _load()})
        lat = app["latency_ms"]
        print(
            f"repeat {r + 1}: headless {before['steps_per_second']:,.0f} / {after['steps_per_second']:,.0f}, "
            f"app {app['steps_per_second']:,.0f} ({ratio:.0%}), {app['snapshots_per_second']:.1f} snapshots/s, "
            f"latency p95 {percentile(lat, 0.95):.1f} ms, load {_load()}",
            flush=True,
        )
    minutes = (time.perf_counter() - t_start) / 60
    w, h = args.size.lower().split("x")

    def per_app(key: str) -> list[float]:
        return [a[key] for a in apps]

    def threads(prefix: str) -> list[float]:
        return [sum(v for k, v in a["thread_cpu"].items() if k.startswith(prefix)) for a in apps]

    print()
    print(f"{args.repeats} repeat(s) of {args.seconds:g} s, {minutes:.1f} min; load average (1/5/15 min) before: "
          f"{load_before}, after: {_load()}; {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print()
    print(f"| metric ({Path(args.design).name}, {w}x{h}, every view open) | median (min..max) |")
    print("|---|---|")
    p50 = [statistics.median(a["latency_ms"]) for a in apps]
    p95 = [percentile(a["latency_ms"], 0.95) for a in apps]
    p99 = [percentile(a["latency_ms"], 0.99) for a in apps]
    late = [percentile(a["lateness_ms"], 0.95) for a in apps]
    print(f"| input latency median | {_spread(p50, '.1f')} ms |")
    print(f"| input latency p95 | {_spread(p95, '.1f')} ms |")
    print(f"| input latency p99 | {_spread(p99, '.1f')} ms |")
    print(f"| 5 ms timer lateness p95 | {_spread(late, '.1f')} ms |")
    print(f"| snapshots received per second | {_spread(per_app('snapshots_per_second'), '.1f')} |")
    print(f"| boundary redraws per second | {_spread(per_app('boundary_per_second'), '.1f')} |")
    print(f"| loss-curve redraws per second | {_spread(per_app('curves_per_second'), '.1f')} |")
    print(f"| neuron-picture updates per second | {_spread(per_app('neuron_maps_per_second'), '.1f')} |")
    print(f"| GUI thread CPU (cores) | {_spread(threads('gui:'), '.2f')} |")
    print(f"| training thread CPU (cores) | {_spread(threads('playgroundTrain'), '.2f')} |")
    print(f"| training steps/s in the app | {_spread(per_app('steps_per_second'), ',.0f')} |")
    print(f"| headless Trainer steps/s (mean of the runs before and after) | {_spread(headless, ',.0f')} |")
    print(f"| **app / headless** | **{_spread([100 * v for v in ratios], '.0f')} %** |")
    probed = [100 * a["steps_per_second_probed"] / h for a, h in zip(apps, headless, strict=True)]
    print(f"| app / headless while the key presses and the 5 ms timer run | {_spread(probed, '.0f')} % |")
    if args.json:
        Path(args.json).write_text(json.dumps(raw, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
