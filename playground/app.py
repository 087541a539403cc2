"""Start the desktop app: ``playground [FILE] [--screenshot OUT.png] [--train-seconds S] [--size WxH]``.

Without FILE the default design (``assets/examples/spiral.json``) opens, ready to train.
``--screenshot`` shows the window, optionally trains for S seconds, grabs the whole
window to a PNG and exits (works with ``QT_QPA_PLATFORM=offscreen``).
``PLAYGROUND_TIMING=1`` prints the time from process start to the window being shown.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

_MODULE_T0 = time.perf_counter()
REPO_ROOT = Path(__file__).resolve().parent.parent


def process_age() -> float:
    """Seconds since this process started (from /proc on Linux; else since this module loaded)."""
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 (starttime), counted after "pid (comm)"
        hz = os.sysconf("SC_CLK_TCK")
        with open("/proc/uptime", encoding="ascii") as f:
            uptime = float(f.read().split()[0])
        return max(0.0, uptime - start_ticks / hz)
    except (OSError, ValueError, IndexError, AttributeError):
        return time.perf_counter() - _MODULE_T0


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = text.lower().split("x")
        size = int(w), int(h)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1280x800, got {text!r}") from None
    if min(size) < 200 or max(size) > 16384:
        raise argparse.ArgumentTypeError(f"window size {text} is out of range")
    return size


def parse_args(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="playground", description="Neural Network Playground")
    parser.add_argument("file", nargs="?", help="a design file (.json) to open")
    parser.add_argument("--screenshot", metavar="OUT.png", help="save a PNG of the window and exit")
    parser.add_argument(
        "--train-seconds",
        type=float,
        default=0.0,
        metavar="S",
        help="with --screenshot: train this many seconds first",
    )
    parser.add_argument("--size", type=_size, metavar="WxH", help="window size, e.g. 1280x800")
    return parser.parse_known_args(argv)


def _install_translations(app: object) -> None:
    """Load the app's and Qt's translations for the system locale, when they exist."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    locale = QLocale.system()
    folder = REPO_ROOT / "assets" / "translations"
    keep = []
    qt_tr = QTranslator(app)  # type: ignore[arg-type]
    if qt_tr.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_tr)  # type: ignore[attr-defined]
        keep.append(qt_tr)
    if folder.is_dir():
        own = QTranslator(app)  # type: ignore[arg-type]
        if own.load(locale, "playground", "_", str(folder)):
            app.installTranslator(own)  # type: ignore[attr-defined]
            keep.append(own)


def _install_fonts() -> None:
    """Register bundled fonts (e.g. a Korean font in assets/fonts) so Hangul never renders as boxes."""
    folder = REPO_ROOT / "assets" / "fonts"
    if not folder.is_dir():
        return
    from PySide6.QtGui import QFontDatabase

    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in (".ttf", ".otf", ".ttc"):
            QFontDatabase.addApplicationFont(str(path))


def main(argv: list[str] | None = None) -> int:
    args, qt_args = parse_args(list(sys.argv[1:] if argv is None else argv))
    timing = bool(os.environ.get("PLAYGROUND_TIMING"))
    marks: list[tuple[str, float]] = [("python started", process_age())]

    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    marks.append(("Qt imported", process_age()))
    import pyqtgraph as pg

    marks.append(("pyqtgraph imported", process_age()))
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "playground", *qt_args])
    QCoreApplication.setOrganizationName("nn-playground")
    QCoreApplication.setApplicationName("Neural Network Playground")
    pg.setConfigOptions(imageAxisOrder="row-major", antialias=True, background="w", foreground="k")
    _install_translations(app)
    _install_fonts()

    from playground.main_window import MainWindow

    marks.append(("app modules imported", process_age()))
    window = MainWindow()
    marks.append(("window built", process_age()))
    window.load_initial(args.file)
    marks.append(("design opened", process_age()))
    if args.size is not None:
        window.resize(*args.size)
    elif args.screenshot is None and window.settings.geometry() is not None:
        window.restore_window()
    else:
        screen = app.primaryScreen()
        avail = screen.availableGeometry() if screen is not None else None
        if avail is not None and (avail.width() < 1280 or avail.height() < 800):
            window.resize(int(avail.width() * 0.95), int(avail.height() * 0.92))
        else:
            window.resize(1280, 800)
    window.show()

    if timing:
        marks.append(("show() called", process_age()))

        def report() -> None:
            shown = process_age()
            steps = "; ".join(f"{name} {t:.3f}" for name, t in marks)
            print(f"PLAYGROUND_TIMING: window shown {shown:.3f} s after process start ({steps})", flush=True)

        QTimer.singleShot(0, report)

    if args.screenshot is None:
        return int(app.exec())

    def wait(seconds: float) -> None:
        loop = QEventLoop()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()

    wait(0.3)
    if args.train_seconds > 0 and window.document.check.ok:
        window.controller.play()
        wait(args.train_seconds)
        window.controller.pause()
        wait(0.4)
    else:
        wait(0.1)
    out = Path(args.screenshot)
    ok = window.grab().save(str(out))
    window._closing = True  # no "save changes?" question when a screenshot run ends
    window.close()
    window.shutdown()
    app.processEvents()
    if not ok:
        print(f"could not write {out}", file=sys.stderr)
        return 1
    return 0
