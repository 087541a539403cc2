"""Start the desktop app: ``playground [FILE] [--lang ko|en] [--presentation] [--screenshot OUT.png] ...``.

Without FILE the default design (``assets/examples/spiral.json``) opens, ready to train.
``--lang`` picks the interface language for this run (otherwise the one chosen in
View ▸ Language, else the system's; see :mod:`playground.i18n`). ``--presentation``
starts in presentation mode (:mod:`playground.presentation`); without it the app starts
in presentation mode only if it was left in it (not for ``--screenshot`` runs).
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
    parser.add_argument("file", nargs="?", help="a design (.json) or trained snapshot (.nnps) to open")
    parser.add_argument("--screenshot", metavar="OUT.png", help="save a PNG of the window and exit")
    parser.add_argument(
        "--view",
        metavar="NAME",
        help="with --screenshot: show this view tab (cnnFiltersView, denseWeightsView, gradientFlowView, "
        "confusionView; default livePlotsPage)",
    )
    parser.add_argument(
        "--train-seconds",
        type=float,
        default=0.0,
        metavar="S",
        help="with --screenshot: train this many seconds first",
    )
    parser.add_argument("--size", type=_size, metavar="WxH", help="window size, e.g. 1280x800")
    parser.add_argument(
        "--lang",
        type=str.lower,
        choices=("ko", "en"),
        help="interface language for this run (default: the one chosen in View > Language, else the system's)",
    )
    parser.add_argument(
        "--presentation", action="store_true", help="start in presentation mode (full screen, large text)"
    )
    return parser.parse_known_args(argv)


def _install_language(app: object, cli_language: str | None) -> str:
    """Korean font fallback, then the translators of the chosen language (before any widget exists)."""
    from playground import i18n
    from playground.settings import Settings

    i18n.install_fonts(app)  # type: ignore[arg-type]
    language = i18n.resolve_language(cli_language, Settings())
    i18n.install_language(app, language)  # type: ignore[arg-type]
    return i18n.current_language()


def _install_extras(window: object, autosave: bool = True) -> None:
    """Analysis views, lessons, exports, autosave; View > Language, presentation mode, Help > Shortcuts."""
    from playground.extras import install_extras
    from playground.i18n import install_language_menu
    from playground.presentation import install_help, install_presentation

    install_extras(window, autosave=autosave)
    install_language_menu(window)
    install_presentation(window)  # type: ignore[arg-type]
    install_help(window)  # type: ignore[arg-type]


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
    _install_language(app, args.lang)

    from playground.main_window import MainWindow

    marks.append(("app modules imported", process_age()))
    window = MainWindow()
    _install_extras(window, autosave=args.screenshot is None)
    marks.append(("window built", process_age()))
    if args.screenshot is not None and args.file is not None:
        # no one is there to close an error dialog: say what is wrong and stop
        from engine.checkpoint import is_snapshot_file, load_checkpoint
        from engine.design_io import load_design
        from engine.errors import PlaygroundError

        try:
            if is_snapshot_file(args.file):
                load_checkpoint(args.file)
            else:
                load_design(args.file)
        except PlaygroundError as exc:
            print(f"playground: error: {args.file}: {exc}", file=sys.stderr)
            window.shutdown()
            window.close()
            window.deleteLater()
            return 2
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
    if args.presentation or (args.screenshot is None and window.settings.presentation_mode()):
        # with --size the window keeps that size (e.g. a 1920x1080 screenshot on any screen)
        window.presentation.set_active(True, full_screen=args.size is None, remember=False)

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

    if args.view:
        tabs = window.view_tabs
        names = [tabs.widget(i).objectName() for i in range(tabs.count())]
        if args.view not in names:
            choices = ", ".join(names)
            print(f"playground: error: --view: no view {args.view!r}; choose one of {choices}", file=sys.stderr)
            window._closing = True
            window.close()
            window.shutdown()
            return 2
        tabs.setCurrentIndex(names.index(args.view))
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
