"""The wired-in extras: lessons dock, exports from the File menu, autosave, analysis views."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QFileDialog, QPushButton

from playground.extras import export_diagram_png, install_extras


@pytest.fixture
def window(qtbot):
    from playground.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    install_extras(win)
    win.load_initial(None)
    win.resize(1280, 800)
    win.show()
    yield win
    win.shutdown()
    win.close()


def test_lesson_opens_its_design_and_highlights_controls(window, qtbot) -> None:
    panel = window.lessons_panel
    highlighted = []
    panel.highlight.connect(lambda names: highlighted.append(names))
    panel.findChild(QPushButton, "openLessonButton").click()
    qtbot.waitUntil(lambda: bool(highlighted), timeout=5000)
    assert window.document.spec.name  # the lesson's design is loaded
    assert not window.document.is_clean or window.document.path is None  # never overwrites a shipped file


def test_export_menu_writes_a_pytorch_script(window, tmp_path, monkeypatch) -> None:
    target = tmp_path / "net.py"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.findChild(object, "export_pytorch").trigger()
    assert target.exists() and (tmp_path / "net.weights.npz").exists()
    compile(target.read_text(), str(target), "exec")


def test_network_diagram_exports_as_png(window, tmp_path) -> None:
    from PySide6.QtGui import QImage

    path = export_diagram_png(window, tmp_path / "net.png", scale=2.0)
    image = QImage(str(path))
    assert not image.isNull() and image.width() > 400


def test_unsaved_edits_are_autosaved(window, qtbot, tmp_path) -> None:
    window.autosave.set_interval_ms(50)
    window.document.set_train(learning_rate=0.1)
    qtbot.waitUntil(lambda: window.autosave.design_path.exists(), timeout=5000)
    doc = json.loads(window.autosave.design_path.read_text())
    assert doc["train"]["learning_rate"] == 0.1


def test_analysis_views_are_tabs(window) -> None:
    titles = [window.view_tabs.tabText(i) for i in range(window.view_tabs.count())]
    assert any("Gradient" in t for t in titles) and any("Confusion" in t for t in titles)
