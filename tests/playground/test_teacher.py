"""Teacher controls: hide or lock controls from the dialog; the choice is saved in the design and holds.

The tests drive the real dialog (keyboard on its table, the OK button) and a real main
window, save through the document, and open the file in fresh windows the two ways the
app does (the command-line FILE and File ▸ Open).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QHelpEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QLabel,
    QToolTip,
    QWidget,
)

from engine.design_io import load_design
from engine.errors import DesignError
from playground.teacher import (
    CONTROLS,
    TeacherControls,
    TeacherDialog,
    TeacherState,
    check_pin,
    install_teacher,
    read_state,
    with_state,
)
from playground.widgets.palette import LAYER_MIME

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
SPIRAL = REPO_ROOT / "assets" / "examples" / "spiral.json"


@pytest.fixture
def app_window(qtbot: Any) -> Iterator[Callable[..., Any]]:
    """Build windows the way ``playground [FILE]`` does: window, extras, then the file."""
    from playground.extras import install_extras
    from playground.main_window import MainWindow

    windows: list[Any] = []

    def make(path: str | Path | None = None, extras: bool = False) -> Any:
        window = MainWindow()
        windows.append(window)
        qtbot.addWidget(window)
        if extras:
            install_extras(window, autosave=False)
        else:
            install_teacher(window)
        window.load_initial(path)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield make
    for window in windows:
        window._closing = True
        window.close()
        window.shutdown()
        window.deleteLater()


def widget(window: Any, name: str) -> QWidget:
    found = window.findChild(QWidget, name)
    assert found is not None, name
    return found


def row_label(field: QWidget) -> QLabel | None:
    """The form label of the row holding ``field`` (climbing to the row's container)."""
    current = field
    while current is not None:
        parent = current.parentWidget()
        layout = parent.layout() if parent is not None else None
        if isinstance(layout, QFormLayout) and layout.indexOf(current) >= 0:
            item = layout.itemAt(layout.getWidgetPosition(current)[0], QFormLayout.ItemRole.LabelRole)
            return item.widget() if item is not None else None
        current = parent
    return None


def toggle(dialog: TeacherDialog, qtbot: Any, key: str, column: int) -> None:
    """Tick a box of the table with the keyboard (current cell, then Space), as a person can."""
    item = dialog.item(key)
    dialog.table.scrollToItem(item)
    dialog.table.setCurrentItem(item, column)
    before = item.checkState(column)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert item.checkState(column) != before, f"Space did not toggle {key} column {column}"


def choose(window: Any, qtbot: Any, hidden: tuple[str, ...] = (), locked: tuple[str, ...] = ()) -> TeacherDialog:
    """Open Edit ▸ Teacher Controls…, tick the boxes, press OK."""
    window.teacher.action.trigger()
    dialog = window.findChild(TeacherDialog, "teacherDialog")
    assert dialog is not None and dialog.isVisible()
    for key in hidden:
        toggle(dialog, qtbot, key, 1)
    for key in locked:
        toggle(dialog, qtbot, key, 2)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    return dialog


def assert_locked(window: Any) -> None:
    combo = widget(window, "learningRateCombo")
    assert not combo.isEnabled()
    label = row_label(combo)
    assert label is not None and not label.isEnabled(), "the row's label is locked with it"
    assert "Locked by the teacher" in window.teacher.locked_tooltip(combo)
    noise = widget(window, "noiseSlider")
    assert noise.isHidden() or not noise.isVisibleTo(window)
    noise_label = row_label(noise)
    assert noise_label is not None and not noise_label.isVisibleTo(window), "no orphan label"
    dock = window.findChild(QDockWidget, "paletteDock")
    assert not dock.isVisible() and not dock.toggleViewAction().isVisible()
    assert not widget(window, "layerPalette").isEnabled() or not dock.isVisible()
    note = widget(window, "teacherNote")
    assert note.isVisible() and "locked by the teacher" in note.text()


def assert_unlocked(window: Any) -> None:
    combo = widget(window, "learningRateCombo")
    assert combo.isEnabled()
    assert widget(window, "noiseSlider").isVisibleTo(window)
    assert row_label(widget(window, "noiseSlider")).isVisibleTo(window)
    dock = window.findChild(QDockWidget, "paletteDock")
    assert dock.isVisible() and dock.toggleViewAction().isVisible()
    assert not widget(window, "teacherNote").isVisible()


# ---------------------------------------------------------------------- the dialog, save and reopen


def test_locked_controls_stay_locked_after_save_and_reopen(
    app_window: Any, qtbot: Any, tmp_path: Path, dialogs: Any
) -> None:
    window = app_window()
    assert_unlocked(window)
    choose(window, qtbot, hidden=("noise", "palette"), locked=("learning_rate", "palette"))
    assert_locked(window)
    assert not window.document.is_clean
    assert window.undo_action.text().endswith("Change teacher controls")

    path = tmp_path / "lesson.json"
    window.document.save(path)
    saved = json.loads(path.read_text(encoding="utf-8"))["ui"]["teacher"]
    assert saved == {"hidden": ["noise", "palette"], "locked": ["palette", "learning_rate"]}

    # the command-line FILE
    fresh = app_window(path)
    assert fresh.document.path == path
    assert_locked(fresh)
    lr = fresh.document.spec.train.learning_rate
    combo = widget(fresh, "learningRateCombo")
    combo.setFocus()
    qtbot.keyClicks(combo, "0.5")
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    assert fresh.document.spec.train.learning_rate == lr, "a locked combo takes no typing"
    # another route (a script, a future shortcut) is refused too, with a message
    fresh.document.set_train(learning_rate=0.5)
    assert fresh.document.spec.train.learning_rate == lr
    assert "Locked by the teacher" in widget(fresh, "statusMessage").full_text()
    assert fresh.document.undo_stack.count() == 0
    # what is not locked still works
    fresh.document.set_train(batch_size=32)
    assert fresh.document.spec.train.batch_size == 32

    # File ▸ Open in a window that had no locks
    other = app_window()
    assert_unlocked(other)
    assert other.open_path(path)
    assert_locked(other)
    # File ▸ New: a new design, no teacher settings
    other.document.new()
    assert_unlocked(other)
    assert not dialogs.calls


def test_undo_and_redo_of_the_settings(app_window: Any, qtbot: Any) -> None:
    window = app_window()
    choose(window, qtbot, hidden=("noise", "palette"), locked=("learning_rate", "palette"))
    assert_locked(window)
    window.undo_action.trigger()
    assert read_state(window.document.spec) == TeacherState()
    assert_unlocked(window)
    window.redo_action.trigger()
    assert_locked(window)


def test_cancel_changes_nothing_and_the_dialog_shows_the_current_choice(app_window: Any, qtbot: Any) -> None:
    window = app_window()
    choose(window, qtbot, locked=("batch_size",))
    dialog = window.teacher.open_dialog()
    assert dialog.item("batch_size").checkState(2) == Qt.CheckState.Checked
    assert dialog.item("batch_size").checkState(1) == Qt.CheckState.Unchecked
    toggle(dialog, qtbot, "optimizer", 2)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert read_state(window.document.spec).locked == ("batch_size",)
    assert widget(window, "optimizerCombo").isEnabled()
    assert not widget(window, "batchSizeSpin").isEnabled()
    # Clear All unlocks everything, as one more undo step
    dialog = window.teacher.open_dialog()
    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert read_state(window.document.spec) == TeacherState()
    assert widget(window, "batchSizeSpin").isEnabled()


def test_the_menu_entry_and_its_shortcut(app_window: Any) -> None:
    window = app_window()
    action = window.teacher.action
    assert action.objectName() == "teacherControlsAction"
    assert action in window.edit_menu.actions()
    assert action.shortcut() == QKeySequence("Ctrl+Shift+T")


def test_every_control_reaches_a_widget_and_the_groups_are_complete(app_window: Any) -> None:
    window = app_window(extras=True)
    window.editor.select_layer("L1")  # builds the inspector's controls
    window.neuron_view.open_neuron("L1", 0)  # builds the popup's editor row
    for control in CONTROLS:
        assert window.teacher.units(control.key), f"{control.key} finds nothing to act on"
        assert window.teacher.units(control.key, hide=True)
    groups = {c.group for c in CONTROLS}
    assert groups == {"data", "network", "training", "run", "views"}


# ---------------------------------------------------------------------- files from elsewhere


def _write(tmp_path: Path, teacher: Any) -> Path:
    doc = json.loads(SPIRAL.read_text(encoding="utf-8"))
    doc["ui"] = {"zoom": 1.5, "teacher": teacher}
    path = tmp_path / "design.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_unknown_keys_and_names_are_ignored_and_kept(app_window: Any, tmp_path: Path, dialogs: Any) -> None:
    path = _write(
        tmp_path,
        {"hidden": ["noise", "hologram"], "locked": ["learning_rate", "time_travel"], "banner": "Lesson 3"},
    )
    window = app_window(path)
    assert not dialogs.calls
    assert not widget(window, "learningRateCombo").isEnabled()
    assert not widget(window, "noiseSlider").isVisibleTo(window)
    # a change from the dialog keeps what this app does not know
    window.teacher.set_state(replace(read_state(window.document.spec), locked=("learning_rate", "batch_size")))
    window.document.save(path)
    saved = json.loads(path.read_text(encoding="utf-8"))["ui"]
    assert saved["zoom"] == 1.5
    assert saved["teacher"]["banner"] == "Lesson 3"
    assert saved["teacher"]["hidden"] == ["noise", "hologram"]
    assert saved["teacher"]["locked"] == ["learning_rate", "batch_size"]


@pytest.mark.parametrize(
    ("teacher", "field"),
    [
        ({"hidden": "noise"}, "ui.teacher.hidden"),
        ({"hidden": ["noise", 3]}, "ui.teacher.hidden[1]"),
        ({"locked": {"learning_rate": True}}, "ui.teacher.locked"),
        ("everything", "ui.teacher"),
    ],
)
def test_a_file_with_wrong_types_names_the_field(
    app_window: Any, tmp_path: Path, dialogs: Any, teacher: Any, field: str
) -> None:
    path = _write(tmp_path, teacher)
    with pytest.raises(DesignError) as info:
        load_design(path)
    assert info.value.field == field
    window = app_window()
    assert not window.open_path(path)
    kind, _title, text = dialogs.calls[-1]
    assert kind == "critical" and field in text
    assert window.document.path is None  # the design before stays


# ---------------------------------------------------------------------- other routes to a locked value


def test_a_lesson_cannot_change_a_locked_learning_rate(app_window: Any, qtbot: Any) -> None:
    window = app_window(extras=True)
    choose(window, qtbot, locked=("learning_rate",))
    before = window.document.spec.train.learning_rate
    panel = window.lessons_panel
    panel.set_current("learning-rate")
    lesson = panel.current_lesson()
    assert lesson.design.train.learning_rate != before
    window.document.undo_stack.setClean()  # no "save changes?" question
    panel.open_current()
    spec = window.document.spec
    assert spec.name == lesson.design.name and spec.data == lesson.design.data  # the lesson opened
    assert spec.train.learning_rate == before  # but not its learning rate
    assert read_state(spec).locked == ("learning_rate",)
    assert not widget(window, "learningRateCombo").isEnabled()


def test_a_locked_network_is_read_only(app_window: Any, qtbot: Any) -> None:
    window = app_window()
    choose(window, qtbot, locked=("network",))
    editor, layers = window.editor, window.document.spec.layers
    assert not widget(window, "layerInspector").isEnabled()
    assert not widget(window, "layerPalette").isEnabled()  # adding is changing the network too
    editor.select_layer("L2")
    assert not window.delete_action.isEnabled(), "selecting a layer must not enable Delete again"
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    window.delete_action.trigger()
    window._on_palette_layer_activated("dense")  # a double-click in the palette
    window.document.set_layer_option("L1", "units", 3)
    assert window.document.spec.layers == layers
    mime = QMimeData()
    mime.setData(LAYER_MIME, b"dense")
    event = QDragEnterEvent(
        QPoint(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(editor.viewport(), event)
    assert not event.isAccepted(), "the editor refuses drops"


def test_a_locked_palette_still_allows_editing_what_is_there(app_window: Any, qtbot: Any) -> None:
    window = app_window()
    choose(window, qtbot, locked=("palette",))
    assert not widget(window, "layerPalette").isEnabled()
    count = len(window.document.spec.all_layers())
    window._on_palette_layer_activated("dense")
    assert len(window.document.spec.all_layers()) == count
    window.document.set_layer_option("L1", "units", 3)
    assert window.document.layer("L1").get("units") == 3
    window.document.remove_layer("L2")
    assert len(window.document.spec.all_layers()) == count - 1


def test_locked_activation_and_regularisation_in_the_inspector(app_window: Any, qtbot: Any) -> None:
    window = app_window()
    choose(window, qtbot, locked=("activation",), hidden=("regularisation",))
    window.editor.select_layer("L2")
    assert not window.inspector.control("activation").isEnabled()
    assert window.inspector.control("units").isEnabled()
    assert not window.inspector.control("l1").isVisibleTo(window.inspector)
    window.editor.select_layer("L1")  # a rebuilt form is locked again
    assert not window.inspector.control("activation").isEnabled()
    window.document.set_layer_option("L1", "activation", "relu")
    assert window.document.layer("L1").get("activation") == "tanh"
    assert not widget(window, "l1Spin").isVisibleTo(window)


def test_locked_run_actions_stay_disabled(app_window: Any, qtbot: Any) -> None:
    window = app_window()
    choose(window, qtbot, locked=("play",), hidden=("reset",))
    assert not window.play_action.isEnabled()
    window.controller.state_changed.emit("paused")  # the window refreshes its actions on every state change
    assert not window.play_action.isEnabled()
    window.document.set_train(batch_size=16)
    assert not window.play_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert not window.controller.is_running
    assert not window.reset_action.isVisible()
    assert window.step_batch_action.isEnabled()
    button = widget(window, "playButton")
    assert "Locked by the teacher" in window.teacher.locked_tooltip(button)
    window.document.undo_stack.undo()  # the batch size
    window.document.undo_stack.undo()  # the teacher settings
    assert window.play_action.isEnabled() and window.reset_action.isVisible()


def test_the_weight_popup_editor_is_locked(app_window: Any, qtbot: Any) -> None:
    window = app_window()
    choose(window, qtbot, locked=("weights",))
    window.neuron_view.open_neuron("L1", 0)
    popup = window.neuron_view.popup
    assert popup.isVisible()
    assert not popup.edit_row.isEnabled()
    popup.hide()
    window.teacher.set_state(TeacherState(hidden=("weights",)))
    assert popup.edit_row.isEnabled()
    window.neuron_view.open_neuron("L1", 1)  # the popup shows its editor row again for each neuron
    assert popup.isVisible() and not popup.edit_row.isVisible()
    assert not popup.edit.hasFocus()
    popup.hide()


def test_hidden_view_tabs(app_window: Any, qtbot: Any) -> None:
    window = app_window(extras=True)
    tabs = window.view_tabs
    confusion = tabs.indexOf(widget(window, "confusionView"))
    choose(window, qtbot, hidden=("view_confusion",))
    assert not tabs.isTabVisible(confusion)
    assert tabs.isTabVisible(0)
    dialog = window.teacher.open_dialog()
    assert dialog.item("view_confusion").data(2, Qt.ItemDataRole.CheckStateRole) is None  # tabs: hide only
    dialog.reject()


def test_the_locked_tooltip_is_shown(app_window: Any, qtbot: Any) -> None:
    window = app_window()
    choose(window, qtbot, locked=("learning_rate",))
    combo = widget(window, "learningRateCombo")
    tip = window.teacher.locked_tooltip(combo)
    assert tip.startswith(combo.toolTip()) and tip.endswith("Locked by the teacher")
    event = QHelpEvent(QHelpEvent.Type.ToolTip, QPoint(5, 5), combo.mapToGlobal(QPoint(5, 5)))
    QApplication.sendEvent(combo, event)
    assert "Locked by the teacher" in QToolTip.text()
    QToolTip.hideText()


def test_settings_survive_a_language_switch(app_window: Any, qtbot: Any) -> None:
    from playground.i18n import switch_language

    window = app_window(extras=True)
    choose(window, qtbot, locked=("activation", "learning_rate"), hidden=("noise",))
    window.editor.select_layer("L1")
    try:
        switch_language(window, "ko", remember=False)
        qtbot.waitUntil(lambda: not window.inspector.control("activation").isEnabled(), timeout=2000)
        assert not widget(window, "learningRateCombo").isEnabled()
        assert not widget(window, "noiseSlider").isVisibleTo(window)
    finally:
        switch_language(window, "en", remember=False)
    qtbot.waitUntil(lambda: not window.inspector.control("activation").isEnabled(), timeout=2000)


def test_closing_never_saves_a_hidden_dock_as_closed(app_window: Any, qtbot: Any) -> None:
    window = app_window()
    choose(window, qtbot, hidden=("palette",))
    saved: list[bytes] = []
    window.settings.save_window = lambda geometry, state: saved.append(state)  # type: ignore[method-assign]
    window._closing = True
    window.close()
    assert saved
    probe = type(window)()
    qtbot.addWidget(probe)
    probe.restoreState(saved[-1])
    assert not probe.findChild(QDockWidget, "paletteDock").isHidden()
    probe.shutdown()


# ---------------------------------------------------------------------- the PIN


def test_a_pin_keeps_the_dialog_closed_until_typed(app_window: Any, qtbot: Any, tmp_path: Path) -> None:
    window = app_window()
    dialog = window.teacher.open_dialog()
    toggle(dialog, qtbot, "learning_rate", 2)
    qtbot.keyClicks(dialog.new_pin, "2468")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    state = read_state(window.document.spec)
    assert state.pin is not None and check_pin(state.pin, "2468") and not check_pin(state.pin, "1357")
    path = tmp_path / "pin.json"
    window.document.save(path)
    text = path.read_text(encoding="utf-8")
    assert "2468" not in text and '"salt"' in text

    fresh = app_window(path)
    dialog = fresh.teacher.open_dialog()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not dialog.is_unlocked() and not ok.isEnabled()
    toggle_item = dialog.item("learning_rate")
    dialog.table.setCurrentItem(toggle_item, 2)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Space)
    assert toggle_item.checkState(2) == Qt.CheckState.Checked, "the table cannot be changed before the PIN"
    qtbot.keyClicks(dialog.pin_entry, "1111")
    qtbot.keyClick(dialog.pin_entry, Qt.Key.Key_Return)
    assert not dialog.is_unlocked() and dialog.pin_message.isVisible()
    dialog.pin_entry.clear()
    qtbot.keyClicks(dialog.pin_entry, "2468")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.is_unlocked() and ok.isEnabled()
    toggle(dialog, qtbot, "learning_rate", 2)
    dialog.remove_pin.setChecked(True)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert read_state(fresh.document.spec) == TeacherState()
    assert widget(fresh, "learningRateCombo").isEnabled()


# ---------------------------------------------------------------------- the model on its own


def test_state_round_trip_and_ordering(spiral_spec: Any) -> None:
    state = TeacherState(hidden=("noise", "zzz", "dataset"), locked=("learning_rate",))
    spec = with_state(spiral_spec, state)
    assert spec.ui["teacher"] == {"hidden": ["dataset", "noise", "zzz"], "locked": ["learning_rate"]}
    assert read_state(spec) == TeacherState(("dataset", "noise", "zzz"), ("learning_rate",))
    assert with_state(spec, TeacherState()).ui == {}
    assert state.active and not TeacherState(hidden=("zzz",)).active


def test_every_guarded_field_is_known(spiral_spec: Any) -> None:
    from dataclasses import fields

    from engine.spec import DataSpec, TrainSpec
    from playground.teacher import setting_values

    values = setting_values(spiral_spec)
    real = {f"data.{f.name}" for f in fields(DataSpec)} | {f"train.{f.name}" for f in fields(TrainSpec)}
    assert real <= set(values), "a new design field is missing from setting_values"
    for control in CONTROLS:
        for path in control.fields:
            section = path.partition(".")[0]
            assert path in values or section == "option" or path in ("layers", "layers.new"), path
            if section in ("data", "train"):
                assert path in real, path


def test_the_window_without_teacher_settings_is_untouched(app_window: Any) -> None:
    window = app_window()
    assert not widget(window, "teacherNote").isVisible()
    for name in ("learningRateCombo", "layerPalette", "layerInspector", "noiseSlider"):
        assert widget(window, name).isEnabled()


def test_locked_drawing_keeps_the_points(app_window: Any, qtbot: Any) -> None:
    window = app_window()
    choose(window, qtbot, locked=("draw_points",))
    assert not widget(window, "drawToolbar").isEnabled()
    before = window.document.spec.data
    window.document.set_data(points=((0.5, 0.5, 1),))
    assert window.document.spec.data == before


def test_the_new_object_names_are_documented(app_window: Any) -> None:
    import re

    doc = (REPO_ROOT / "docs" / "ui.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", doc))
    window = app_window()
    dialog = window.teacher.open_dialog()
    objects = [window.teacher, window.teacher.action, window.teacher.note, dialog, *dialog.findChildren(QWidget)]
    names = {o.objectName() for o in objects if o.objectName() and not o.objectName().startswith(("qt_", "_"))}
    assert {"teacherControls", "teacherControlsAction", "teacherNote", "teacherDialog", "teacherTable"} <= names
    assert not sorted(names - documented)
    format_doc = (REPO_ROOT / "docs" / "design-format.md").read_text(encoding="utf-8")
    for control in CONTROLS:
        assert f"`{control.key}`" in doc and f"`{control.key}`" in format_doc, control.key
    dialog.reject()


def test_without_locks_the_teacher_watches_no_events(app_window: Any, qtbot: Any, monkeypatch: Any) -> None:
    """Each event a Python filter sees costs the training thread the GIL: none while nothing is locked."""
    seen: list[int] = []
    original = TeacherControls.eventFilter

    def counting(self: Any, watched: Any, event: Any) -> bool:
        seen.append(int(event.type()))
        return original(self, watched, event)

    monkeypatch.setattr(TeacherControls, "eventFilter", counting)
    window = app_window()
    editor = window.editor
    for _ in range(3):
        editor.viewport().repaint()
        window.repaint()
    assert seen == []
    window.teacher.set_state(TeacherState(locked=("network",)))
    editor.viewport().repaint()
    assert seen  # now the editor is watched (its drags and Delete are refused)
    window.teacher.set_state(TeacherState())
    seen.clear()  # (unlocking itself sends a few events on the way)
    for _ in range(3):
        editor.viewport().repaint()
        window.inspector.repaint()
        window.repaint()
    assert seen == []
