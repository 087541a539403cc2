"""The main window: title, play enablement, files, closing, shortcuts, training wiring, docs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QCloseEvent, QImage, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from engine.design_io import load_design, save_design
from playground.document import find_layer
from playground.settings import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = REPO_ROOT / "assets" / "examples"


def test_default_design_is_the_spiral_ready_to_train(window: Any) -> None:
    assert window.document.spec == load_design(EXAMPLES / "spiral.json")
    assert window.document.is_clean
    assert window.play_action.isEnabled()
    spec = window.document.spec
    assert window.windowTitle() == f"{spec.name}[*] — Neural Network Playground"
    assert not window.isWindowModified()
    assert window.findChild(QWidget, "viewTabs") is window.view_tabs


def test_title_shows_the_file_and_a_star_when_modified(window: Any, tmp_path: Path) -> None:
    path = tmp_path / "my-net.json"
    save_design(window.document.spec, path)
    assert window.open_path(path)
    assert window.windowTitle().startswith("my-net.json")
    assert not window.isWindowModified()
    window.document.insert_layer(0, "dense")
    assert window.isWindowModified()
    window.document.undo_stack.undo()
    assert not window.isWindowModified()


def test_invalid_network_marks_the_block_and_disables_play(window: Any) -> None:
    doc = window.document
    new_id = doc.insert_layer(3, "dense", options={"units": 10, "activation": "softmax"})
    assert window.editor.block(new_id).data_.error
    assert not window.play_action.isEnabled()
    assert not window.step_batch_action.isEnabled()
    reason = window.play_action.toolTip()
    assert "10 units" in reason
    assert "10 units" in window.message_label.full_text()
    doc.remove_layer(new_id)
    assert window.play_action.isEnabled()
    assert window.message_label.full_text() == ""


def test_conv2d_on_2d_data_disables_play(window: Any) -> None:
    new_id = window.document.insert_layer(0, "conv2d")
    assert window.editor.block(new_id).data_.error
    assert not window.play_action.isEnabled()


def test_save_and_reopen_gives_an_equal_design(
    window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = window.document
    doc.insert_layer(1, "dropout")
    doc.set_layer_option("L2", "activation", "relu")
    doc.set_train(optimizer="adam", learning_rate=0.01, batch_size=32)
    doc.set_data(noise=0.2, features=["x1", "x2", "sin x1"])
    target = tmp_path / "saved"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert window.save()  # no path yet: Save asks for one
    saved = doc.spec
    assert doc.path == tmp_path / "saved.json"
    assert doc.is_clean and not window.isWindowModified()
    assert Settings().recent_files()[0] == str((tmp_path / "saved.json").resolve())
    window.document.new()
    assert window.open_path(tmp_path / "saved.json")
    assert window.document.spec == saved


def test_a_bad_file_shows_the_engine_message_and_keeps_the_design(
    window: Any, tmp_path: Path, dialogs: Any
) -> None:
    window.document.insert_layer(0, "dropout")
    before = window.document.spec
    bad = tmp_path / "broken.json"
    bad.write_text(
        '{"format": "nn-playground.design", "format_version": 1, "network": {"layers": 3}}', encoding="utf-8"
    )
    assert not window.open_path(bad)
    assert dialogs.kinds() == ["critical"]
    assert "network.layers" in dialogs.calls[0][2]
    assert window.document.spec == before
    assert not window.document.is_clean


def test_closing_with_unsaved_changes_asks(window: Any, dialogs: Any) -> None:
    window.document.set_layer_option("L1", "units", 3)
    dialogs.answer = QMessageBox.StandardButton.Cancel
    event = QCloseEvent()
    window.closeEvent(event)
    assert not event.isAccepted()
    assert dialogs.kinds() == ["question"]
    assert window.isVisible()
    dialogs.answer = QMessageBox.StandardButton.Discard
    assert window.close()
    assert dialogs.kinds() == ["question", "question"]
    assert not window.isVisible()


def test_closing_a_clean_design_does_not_ask(window: Any, dialogs: Any) -> None:
    assert window.close()
    assert dialogs.calls == []


def test_save_from_the_close_question_writes_the_file(
    window: Any, dialogs: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kept.json"
    window.document.save(path)
    window.document.set_layer_option("L1", "units", 4)
    dialogs.answer = QMessageBox.StandardButton.Save
    assert window.close()
    assert find_layer(load_design(path).layers, "L1").options["units"] == 4


def test_shortcuts_avoid_single_letters(window: Any) -> None:
    expected = {
        "playAction": ["F5"],
        "stepBatchAction": ["F6"],
        "stepEpochAction": ["Ctrl+F6"],
        "resetAction": ["F7"],
        "undoAction": ["Ctrl+Z"],
        "redoAction": ["Ctrl+Shift+Z", "Ctrl+Y"],
        "saveAsAction": ["Ctrl+Shift+S"],
    }
    actions = {a.objectName(): a for a in window.findChildren(QAction) if a.objectName()}
    for name, keys in expected.items():
        got = [s.toString(QKeySequence.SequenceFormat.PortableText) for s in actions[name].shortcuts()]
        assert got == keys, name
    for action in actions.values():
        for seq in action.shortcuts():
            text = seq.toString(QKeySequence.SequenceFormat.PortableText)
            assert len(text) != 1, f"{action.objectName()} has a single-letter shortcut {text!r}"


def test_undo_and_redo_actions_follow_the_stack(window: Any) -> None:
    assert not window.undo_action.isEnabled()
    window.document.insert_layer(0, "dropout")
    assert window.undo_action.isEnabled()
    window.undo_action.trigger()
    assert [layer.id for layer in window.document.spec.layers] == ["L1", "L2", "L3"]
    assert window.redo_action.isEnabled()
    window.redo_action.trigger()
    assert window.document.spec.layers[0].type == "dropout"


def test_delete_action_removes_the_selected_layer(window: Any) -> None:
    assert not window.delete_action.isEnabled()
    window.editor.select_layer("L2")
    assert window.delete_action.isEnabled()
    assert window.inspector.layer_id == "L2"
    window.delete_action.trigger()
    assert [layer.id for layer in window.document.spec.layers] == ["L1", "L3"]
    window.undo_action.trigger()
    assert [layer.id for layer in window.document.spec.layers] == ["L1", "L2", "L3"]


def test_palette_double_click_inserts_before_the_output_layer(window: Any) -> None:
    window.palette.layer_activated.emit("dense")
    layers = window.document.spec.layers
    assert [layer.id for layer in layers] == ["L1", "L2", "L4", "L3"]
    assert window.editor.selected_id == "L4"
    window.palette.layer_activated.emit("dropout")  # after the selected one
    assert window.document.spec.layers[3].type == "dropout"


def test_training_updates_the_status_bar_and_edits_reach_the_controller(qtbot: Any, window: Any) -> None:
    controller = window.controller
    revision = controller.revision
    window.document.set_train(learning_rate=0.1, epochs=1_000_000)  # keeps running until paused
    assert controller.revision == revision + 1
    window.play_action.trigger()
    assert window.play_action.text() == "Pause"
    qtbot.waitUntil(
        lambda: window._last_snapshot is not None and window._last_snapshot.epoch >= 1, timeout=15000
    )
    assert re.match(r"Epoch [1-9]", window.epoch_label.text())
    assert "train" in window.loss_label.text() and "–" not in window.loss_label.text()
    assert "%" in window.accuracy_label.text()
    window.document.set_train(learning_rate=0.03)  # an edit while training goes to the controller
    assert controller.revision == revision + 2
    window.play_action.trigger()
    qtbot.waitUntil(lambda: not controller.is_running, timeout=5000)
    assert window.play_action.text() == "Play"
    assert "CPU" in window.backend_label.text()


def test_examples_dialog_lists_every_example_and_opens_one(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playground.widgets.examples_dialog import ExamplesDialog

    dialog = ExamplesDialog(window)
    qtbot.addWidget(dialog)
    files = sorted(EXAMPLES.glob("*.json"))
    assert dialog.list.count() == len(files)
    for i, path in enumerate(files):
        spec = load_design(path)
        assert dialog.list.item(i).text().startswith(spec.name)
    dialog.list.setCurrentRow([p.name for p in files].index("mnist-cnn.json"))
    assert "Conv2D" in dialog.preview.toPlainText()
    dialog.accept()
    assert dialog.selected_path == EXAMPLES / "mnist-cnn.json"

    def fake_exec(self: ExamplesDialog) -> int:
        self.list.setCurrentRow([p.name for p in files].index("xor.json"))
        self.accept()
        return ExamplesDialog.DialogCode.Accepted

    monkeypatch.setattr(ExamplesDialog, "exec", fake_exec)
    window.open_examples()
    assert window.document.spec == load_design(EXAMPLES / "xor.json")
    assert window.document.path is None  # the shipped file is never overwritten by Save


def test_recent_files_menu_lists_opened_files(window: Any, tmp_path: Path) -> None:
    paths = []
    for i in range(12):
        path = tmp_path / f"d{i}.json"
        save_design(window.document.spec, path)
        assert window.open_path(path)
        paths.append(path)
    recent = Settings().recent_files()
    assert len(recent) == 10 and recent[0] == str(paths[-1].resolve())
    window._fill_recent_menu()
    texts = [a.text() for a in window.recent_menu.actions() if a.text()]
    assert texts[0] == "&1 d11.json"


def test_panels_and_controls_are_documented(window: Any) -> None:
    doc = (REPO_ROOT / "docs" / "ui.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", doc))
    window.editor.select_layer("L1")  # builds the inspector's controls
    names = {window.objectName()}
    plot_pages = [window.view_tabs.widget(i) for i in range(window.view_tabs.count())]
    for obj in window.findChildren(QObject):
        name = obj.objectName()
        if not name or name.startswith(("qt_", "_")) or name in ("ScrollLeftButton", "ScrollRightButton"):
            continue  # Qt's and pyqtgraph's own internals
        if any(
            page is not None and (obj is page or page.isAncestorOf(obj))
            for page in plot_pages
            if isinstance(obj, QWidget)
        ):
            continue  # the plot tabs belong to the visualisation views
        names.add(name)
    missing = sorted(n for n in names if n not in documented)
    assert not missing, f"objectNames missing from docs/ui.md: {missing}"
    for required in (
        "mainWindow",
        "viewTabs",
        "networkEditor",
        "layerPalette",
        "layerInspector",
        "dataPanel",
        "trainPanel",
        "playAction",
        "statusBar",
        "epochLabel",
    ):
        assert required in names


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_window_layout_fits_the_classroom_screen_sizes(make_window: Any, size: tuple[int, int]) -> None:
    window = make_window(size=size)
    editor = window.editor
    assert editor.width() >= 560
    assert editor.transform().m11() >= 0.8  # block text stays readable
    palette = window.palette
    assert palette.verticalScrollBar().maximum() == 0 or size[1] < 900  # every layer type visible
    assert window.data_panel.width() >= window.data_panel.minimumSizeHint().width()


def test_screenshot_command_writes_a_png(tmp_path: Path, qtbot: Any) -> None:
    from playground import app

    out = tmp_path / "shot.png"
    assert app.main([str(EXAMPLES / "xor.json"), "--screenshot", str(out), "--size", "1100x700"]) == 0
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1100, 700)


def test_screenshot_of_a_bad_file_exits_2_without_a_dialog(tmp_path: Path, capsys: Any, dialogs: Any) -> None:
    from playground import app

    bad = tmp_path / "nope.json"
    bad.write_text("not json", encoding="utf-8")
    assert app.main([str(bad), "--screenshot", str(tmp_path / "shot.png")]) == 2
    assert "nope.json" in capsys.readouterr().err
    assert dialogs.kinds() == [] and not (tmp_path / "shot.png").exists()


def test_screenshot_of_another_view_tab(tmp_path: Path, capsys: Any, dialogs: Any) -> None:
    from playground import app

    out = tmp_path / "confusion.png"
    live = tmp_path / "live.png"
    assert app.main([str(EXAMPLES / "blobs.json"), "--screenshot", str(out), "--view", "confusionView"]) == 0
    assert app.main([str(EXAMPLES / "blobs.json"), "--screenshot", str(live)]) == 0
    assert QImage(str(out)) != QImage(str(live))  # another tab is on show
    assert app.main([str(EXAMPLES / "xor.json"), "--screenshot", str(tmp_path / "x.png"), "--view", "nope"]) == 2
    assert "confusionView" in capsys.readouterr().err and not (tmp_path / "x.png").exists()


def test_screenshot_of_a_trained_snapshot_shows_its_epoch(tmp_path: Path, qtbot: Any, dialogs: Any) -> None:
    from engine.checkpoint import save_checkpoint
    from engine.design_io import load_design
    from engine.training import Trainer
    from playground import app

    trainer = Trainer(load_design(EXAMPLES / "xor.json"), backend="numpy")
    trainer.train_epochs(3)
    snapshot = tmp_path / "xor.nnps"
    save_checkpoint(trainer, snapshot)
    out = tmp_path / "shot.png"
    assert app.main([str(snapshot), "--screenshot", str(out), "--size", "1100x700"]) == 0
    assert not QImage(str(out)).isNull() and dialogs.kinds() == []
    damaged = tmp_path / "bad.nnps"
    damaged.write_bytes(snapshot.read_bytes()[:200])
    assert app.main([str(damaged), "--screenshot", str(tmp_path / "bad.png")]) == 2
    assert not (tmp_path / "bad.png").exists()


def test_a_bad_file_on_the_command_line_falls_back_to_the_default(
    make_window: Any, tmp_path: Path, dialogs: Any
) -> None:
    bad = tmp_path / "nope.json"
    bad.write_text("not json", encoding="utf-8")
    window = make_window(path=bad)
    assert dialogs.kinds() == ["critical"]
    assert window.document.spec == load_design(EXAMPLES / "spiral.json")


def test_keyboard_delete_in_the_editor_and_ctrl_z(qtbot: Any, window: Any) -> None:
    from PySide6.QtTest import QTest

    window.activateWindow()
    window.editor.select_layer("L1")
    window.editor.setFocus()
    QTest.keyClick(window.editor, Qt.Key.Key_Delete)
    assert [layer.id for layer in window.document.spec.layers] == ["L2", "L3"]
    QTest.keyClick(window.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [layer.id for layer in window.document.spec.layers] == ["L1", "L2", "L3"]


def test_start_up_never_imports_cupy(window: Any) -> None:
    import sys

    assert "cupy" not in sys.modules
    assert window.train_panel.gpu is None or not window.train_panel.gpu.ok


def test_status_numbers_change_without_resizing_their_label(qtbot: Any) -> None:
    from playground.main_window import StatusLabel

    label = StatusLabel()
    qtbot.addWidget(label)
    label.setText("Loss: train 0.123 · test 0.456")
    size = label.size()
    assert label.minimumSize() == label.maximumSize()  # fixed: a new text does not relayout the window
    label.setText("Loss: train 0.124 · test 0.455")
    assert label.size() == size
    label.setText("Loss: train 12345.678 · test 98765.432 (much longer)")
    assert label.width() > size.width()
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width()
