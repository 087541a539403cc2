"""Fixtures for the desktop app's tests: designs, a document, and a main window that always closes.

``tests/conftest.py`` already selects the offscreen platform and disables the GPU probe.
Here every test also gets its own settings file, and modal message boxes are replaced by
recorders (a real modal box would block the offscreen run forever).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

EXAMPLES = REPO_ROOT / "assets" / "examples"


@pytest.fixture(scope="session", autouse=True)
def _pyqtgraph_config() -> None:
    import pyqtgraph as pg

    pg.setConfigOptions(imageAxisOrder="row-major", antialias=True, background="w", foreground="k")


@pytest.fixture(autouse=True)
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh QSettings .ini per test (never the person's real preferences)."""
    path = tmp_path / "settings.ini"
    monkeypatch.setenv("PLAYGROUND_SETTINGS_FILE", str(path))
    # autosave copies go to the test's own folder, never the person's data folder
    monkeypatch.setenv("PLAYGROUND_AUTOSAVE_DIR", str(tmp_path / "autosave"))
    return path


class DialogRecorder:
    """Stands in for QMessageBox's static functions; tests choose the answer to ``question``."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []
        self.answer: Any = None

    def record(self, kind: str) -> Callable[..., Any]:
        from PySide6.QtWidgets import QMessageBox

        def fake(parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            self.calls.append((kind, title, text))
            if kind == "question":
                return self.answer if self.answer is not None else QMessageBox.StandardButton.Cancel
            return QMessageBox.StandardButton.Ok

        return fake

    def kinds(self) -> list[str]:
        return [c[0] for c in self.calls]


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> DialogRecorder:
    """Every QMessageBox static call is recorded instead of shown."""
    from PySide6.QtWidgets import QMessageBox

    recorder = DialogRecorder()
    for kind in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(recorder.record(kind)))
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda *a, **k: None))
    return recorder


@pytest.fixture
def spiral_spec() -> Any:
    from engine.design_io import load_design

    return load_design(EXAMPLES / "spiral.json")


@pytest.fixture
def document(qtbot: Any, spiral_spec: Any) -> Any:
    """A DesignDocument holding the spiral example (three Dense layers L1..L3)."""
    from playground.document import DesignDocument

    doc = DesignDocument(spiral_spec)
    yield doc
    doc.deleteLater()


@pytest.fixture
def residual_spec(spiral_spec: Any) -> Any:
    """Spiral with a residual block (L4 holding L5, L6) between L1 and L2."""
    from engine.spec import LayerSpec

    block = LayerSpec(
        "L4",
        "residual",
        {},
        (
            LayerSpec("L5", "dense", {"units": 8, "activation": "relu"}),
            LayerSpec("L6", "dense", {"units": 8, "activation": "tanh"}),
        ),
    )
    layers = spiral_spec.layers
    return replace(spiral_spec, layers=(layers[0], block, *layers[1:]))


@pytest.fixture
def make_window(qtbot: Any) -> Iterator[Callable[..., Any]]:
    """Factory for MainWindow: shown, with a design loaded; always closed and its thread joined."""
    from playground.main_window import MainWindow

    windows: list[Any] = []

    def make(path: str | Path | None = None, spec: Any = None, size: tuple[int, int] = (1280, 800)) -> Any:
        window = MainWindow()
        windows.append(window)  # a strong reference: qtbot.addWidget only keeps a weak one
        qtbot.addWidget(window)
        window.load_initial(path)
        if spec is not None:
            window.document.load_spec(spec)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield make
    for window in windows:
        window._closing = True  # no "save changes?" question at teardown
        window.close()
        window.shutdown()
        thread = getattr(window.controller, "_thread", None)
        assert thread is None or not thread.isRunning(), "the training thread outlived the test"
        window.deleteLater()


@pytest.fixture
def window(make_window: Callable[..., Any]) -> Any:
    """A main window with the default design (spiral)."""
    return make_window()
