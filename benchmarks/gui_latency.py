"""GUI responsiveness while a design trains at full speed (run on demand, prints a table).

Opens the real main window (offscreen unless a display is set) with every view the app
installs, presses Play on the design, and for ``--seconds`` measures:

- input latency: a synthetic key press is posted to the focused widget every 20 ms and
  the time until Qt delivers it is recorded (the event waits while the GUI thread is
  busy painting or blocked on the GIL);
- timer lateness: how late a 5 ms precise timer fires;
- snapshots received per second, and training steps per second compared with the
  headless Trainer on the same design (measured first, in the same process).

Usage: ``python benchmarks/gui_latency.py [DESIGN] [--seconds 10] [--size 1280x800]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PLAYGROUND_NO_GPU", "1")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def headless_steps_per_second(design_path: Path, seconds: float) -> float:
    from engine.design_io import load_design
    from engine.training import Trainer

    trainer = Trainer(load_design(design_path), backend="numpy")
    trainer.train_steps(200)
    t0, steps = time.perf_counter(), 0
    while time.perf_counter() - t0 < seconds:
        steps += len(trainer.train_steps(50, stop_at_epoch_end=False))
    return steps / (time.perf_counter() - t0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("design", nargs="?", default=str(ROOT / "assets" / "examples" / "spiral.json"))
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--size", default="1280x800")
    args = parser.parse_args()
    w, h = (int(v) for v in args.size.lower().split("x"))

    headless = headless_steps_per_second(Path(args.design), min(args.seconds, 5.0))
    # the examples stop after a few hundred epochs (under a second at full speed): train "forever"
    import tempfile
    from dataclasses import replace

    from engine.design_io import load_design, save_design

    design = load_design(args.design)
    endless = Path(tempfile.mkdtemp()) / Path(args.design).name
    save_design(replace(design, train=replace(design.train, epochs=1_000_000)), endless)

    import pyqtgraph as pg
    from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    pg.setConfigOptions(imageAxisOrder="row-major", antialias=True, background="w", foreground="k")
    from playground.extras import install_extras
    from playground.main_window import MainWindow

    window = MainWindow()
    install_extras(window, autosave=False)
    window.load_initial(str(endless))
    window.resize(w, h)
    window.show()
    for _ in range(20):
        app.processEvents()

    latencies: list[float] = []
    lateness: list[float] = []
    sent: list[float] = []  # post times, in order (Qt delivers posted events in order)
    snapshots = [0]
    window.controller.snapshot_ready.connect(lambda _s: snapshots.__setitem__(0, snapshots[0] + 1))

    class Probe(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_F24:
                if sent:
                    latencies.append(time.perf_counter() - sent.pop(0))
                return True
            return False

    target = window.editor.viewport()
    probe = Probe()
    target.installEventFilter(probe)

    def post_key() -> None:
        event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_F24, Qt.KeyboardModifier.NoModifier)
        sent.append(time.perf_counter())
        QCoreApplication.postEvent(target, event)

    key_timer = QTimer()
    key_timer.setTimerType(Qt.TimerType.PreciseTimer)
    key_timer.timeout.connect(post_key)
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        lateness.append(max(0.0, now - last[0] - 0.005))
        last[0] = now

    tick_timer = QTimer()
    tick_timer.setTimerType(Qt.TimerType.PreciseTimer)
    tick_timer.timeout.connect(tick)

    window.controller.play()
    deadline = time.perf_counter() + 1.0
    while time.perf_counter() < deadline:  # warm up
        app.processEvents()
    step0 = window.controller.last_snapshot.global_step if window.controller.last_snapshot else 0
    snapshots[0] = 0
    key_timer.start(20)
    tick_timer.start(5)
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < args.seconds:
        app.processEvents()
        time.sleep(0.001)
    elapsed = time.perf_counter() - t0
    key_timer.stop()
    tick_timer.stop()
    snap = window.controller.last_snapshot
    steps = (snap.global_step - step0) if snap else 0
    window.controller.pause()
    window.shutdown()
    window.close()

    ms = [v * 1000 for v in latencies]
    late = [v * 1000 for v in lateness]
    print(f"| metric ({Path(args.design).name}, {w}x{h}, {args.seconds:.0f} s) | value |")
    print("|---|---|")
    print(f"| input latency median / p95 / p99 / max | {statistics.median(ms):.1f} / {percentile(ms, .95):.1f} / "
          f"{percentile(ms, .99):.1f} / {max(ms):.1f} ms ({len(ms)} events) |")
    print(f"| 5 ms timer lateness median / p95 | {statistics.median(late):.1f} / {percentile(late, .95):.1f} ms |")
    print(f"| snapshots received per second | {snapshots[0] / elapsed:.1f} |")
    print(f"| training steps/s in the app | {steps / elapsed:,.0f} |")
    print(f"| headless Trainer steps/s | {headless:,.0f} |")
    print(f"| app / headless | {steps / elapsed / headless:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
