"""The Compare window: two networks on the same data, trained in lock-step, curves overlaid."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from engine.design_io import load_design, save_design
from engine.spec import LayerSpec
from playground.compare import model
from playground.compare.compare_window import CompareWindow, install_compare
from playground.compare.overlay_plot import CompareLossPlot

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLES = REPO_ROOT / "assets" / "examples"
EPOCHS = 6  # epochs both networks must reach in the training tests


# ---------------------------------------------------------------------- the model (no window)


def test_hidden_activation_leaves_the_output_layer_alone() -> None:
    spec = load_design(EXAMPLES / "spiral.json")  # tanh, tanh, tanh (output)
    relu = model.set_hidden_activation(spec, "relu")
    assert [layer.get("activation") for layer in relu.layers] == ["relu", "relu", "tanh"]
    assert model.hidden_activation(relu) == "relu"
    mixed = replace(relu, layers=(relu.layers[0].with_option("activation", "elu"), *relu.layers[1:]))
    assert model.hidden_activation(mixed) is None
    single = load_design(EXAMPLES / "perceptron-xor.json")  # one Dense layer: no hidden layer
    assert model.hidden_activation_layers(single) == []
    assert model.set_hidden_activation(single, "relu") == single


def test_hidden_sizes_parse_and_rebuild_a_dense_stack() -> None:
    assert model.parse_sizes("8, 8") == (8, 8)
    assert model.parse_sizes(" 16 4;2 ") == (16, 4, 2)
    assert model.parse_sizes("0") == () and model.parse_sizes("") == ()
    for bad in ("8, x", "-3", "0, 4", "1.5"):
        with pytest.raises(ValueError):
            model.parse_sizes(bad)
    spec = load_design(EXAMPLES / "xor.json")  # L1 4 relu, L2 1 sigmoid
    assert model.hidden_sizes(spec) == (4,)
    bigger = model.set_hidden_sizes(spec, (8, 8, 3))
    assert [layer.get("units") for layer in bigger.layers] == [8, 8, 3, 1]
    assert [layer.id for layer in bigger.layers] == ["L1", "L3", "L4", "L2"]  # kept ids, fresh ones
    assert all(layer.get("activation") == "relu" for layer in bigger.layers[:-1])
    assert bigger.layers[-1] == spec.layers[-1]
    assert model.hidden_sizes(model.set_hidden_sizes(spec, ())) == ()
    mlp = load_design(EXAMPLES / "mnist-mlp.json")  # Flatten first: still a plain stack
    assert model.hidden_sizes(mlp) == (512,)
    assert model.set_hidden_sizes(mlp, (64,)).layers[0].type == "flatten"
    cnn = load_design(EXAMPLES / "mnist-cnn.json")
    assert model.hidden_sizes(cnn) is None
    with pytest.raises(ValueError):
        model.set_hidden_sizes(cnn, (4,))


def test_differences_name_what_differs() -> None:
    spec = load_design(EXAMPLES / "circle.json")
    assert model.differences(spec, spec) == []
    assert "same" in model.diff_text([])
    assert model.auto_names([]) == ("A", "B")
    a, b = model.apply_preset(spec, "sigmoid_relu")
    diffs = model.differences(a, b)
    assert [d.key for d in diffs] == ["activation"]
    assert model.diff_text(diffs) == "A and B differ in: activation (sigmoid vs ReLU)"
    assert model.auto_names(diffs) == ("A: sigmoid", "B: ReLU")
    b2 = replace(model.set_hidden_sizes(b, (8, 8)), train=replace(b.train, learning_rate=0.3))
    keys = [d.key for d in model.differences(a, b2)]
    assert keys == ["activation", "hidden", "learning_rate"]  # not also "other layer settings"
    assert "learning rate (0.03 vs 0.3)" in model.diff_text(model.differences(a, b2))
    output = replace(b, layers=(*b.layers[:-1], b.layers[-1].with_option("activation", "sigmoid")))
    assert "layers" in [d.key for d in model.differences(b, output)]


@pytest.mark.parametrize(
    ("key", "field", "a_value", "b_value"),
    [
        ("sgd_adam", "optimizer", "sgd", "adam"),
        ("small_large_lr", "learning_rate", 0.003, 0.3),
        ("l2", "l2", model.DEFAULT_L2, 0.0),
    ],
)
def test_training_presets_change_one_setting(key: str, field: str, a_value: Any, b_value: Any) -> None:
    spec = load_design(EXAMPLES / "circle.json")  # SGD, learning rate 0.03, no L2
    a, b = model.apply_preset(spec, key)
    assert getattr(a.train, field) == a_value and getattr(b.train, field) == b_value
    assert [d.key for d in model.differences(a, b)] == [field]
    assert a.layers == b.layers == spec.layers and a.data == b.data == spec.data
    assert model.preset_title(key) != key


# ---------------------------------------------------------------------- the window


@pytest.fixture
def main(make_window: Any) -> Any:
    """The main window with the XOR example and the Compare action."""
    window = make_window(EXAMPLES / "xor.json")
    install_compare(window)
    return window


@pytest.fixture
def compare(main: Any, qtbot: Any) -> Iterator[CompareWindow]:
    """The Compare window opened from the main window's action; closed (threads joined) afterwards."""
    main.findChild(QAction, "compareAction").trigger()
    window = main.compare_window
    assert isinstance(window, CompareWindow) and window.isVisible()
    window.resize(1280, 800)
    qtbot.waitExposed(window)
    _wait_idle(qtbot, window)
    yield window
    window.close()
    for side in window.sides.values():
        assert side.controller.worker is None


def _wait_idle(qtbot: Any, window: CompareWindow, timeout: int = 10_000) -> None:
    """Until nothing is in flight (resets confirmed, no epoch running)."""
    qtbot.waitUntil(
        lambda: not window.is_playing and not any(s.busy for s in window.sides.values() if s.can_train),
        timeout=timeout,
    )


def _threads(window: CompareWindow) -> list[Any]:
    return [side.controller._thread for side in window.sides.values() if side.controller._thread is not None]


def _pick_preset(window: CompareWindow, key: str) -> None:
    combo = window.preset_combo
    index = combo.findData(key)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_the_action_opens_the_design_as_a_and_a_copy_as_b(main: Any, compare: CompareWindow) -> None:
    action = main.findChild(QAction, "compareAction")
    assert action.shortcut().toString(QKeySequence.SequenceFormat.PortableText) == "Ctrl+Shift+C"
    assert action in main.train_menu.actions()
    assert compare.spec("A") == main.document.spec
    assert compare.spec("B") == main.document.spec
    assert compare.name("A") == "A" and compare.name("B") == "B"
    assert "same" in compare.diff_text()
    assert compare.windowTitle().startswith("Compare two networks")
    assert compare.epochs_spin.value() == main.document.spec.train.epochs
    # both sides show the design's settings
    editor = compare.panel_b.editor
    assert editor.activation.currentData() == "relu"
    assert editor.hidden.text() == "4"
    assert editor.optimizer.currentData() == "adam"
    assert float(editor.learning_rate.currentText()) == pytest.approx(0.05)
    # the action a second time brings the same window forward
    action.trigger()
    assert main.compare_window is compare


def test_sigmoid_vs_relu_trains_both_in_lock_step_on_the_same_data(
    compare: CompareWindow, qtbot: Any
) -> None:
    _pick_preset(compare, "sigmoid_relu")
    assert compare.spec("A") is not None and compare.spec("B") is not None
    assert model.hidden_activation(compare.spec("A")) == "sigmoid"
    assert model.hidden_activation(compare.spec("B")) == "relu"
    diff = compare.diff_text()
    assert "activation" in diff and "sigmoid" in diff and "relu" in diff.lower()
    assert compare.name("A") == "A: sigmoid" and compare.name("B") == "B: ReLU"
    assert compare.loss.legend_names() == ["A: sigmoid", "B: ReLU"]
    _wait_idle(qtbot, compare)

    gaps: list[int] = []
    for side in compare.sides.values():
        side.controller.snapshot_ready.connect(
            lambda _snap: gaps.append(abs(compare.epochs()["A"] - compare.epochs()["B"]))
        )
    compare.activateWindow()
    qtbot.keyClick(compare, Qt.Key.Key_F5)  # Play inside the window
    assert compare.is_playing
    qtbot.waitUntil(lambda: min(compare.epochs().values()) >= 2, timeout=20_000)
    early = {key: len(compare.loss.curve_data(key, "train")[0]) for key in "AB"}
    qtbot.waitUntil(lambda: min(compare.epochs().values()) >= EPOCHS, timeout=20_000)
    qtbot.keyClick(compare, Qt.Key.Key_F5)  # Pause
    assert not compare.is_playing
    _wait_idle(qtbot, compare)

    assert gaps and max(gaps) <= 1, "the networks must train in lock-step"
    epochs = compare.epochs()
    assert abs(epochs["A"] - epochs["B"]) <= 1
    curves = {key: compare.loss.curve_data(key, "train") for key in "AB"}
    for key in "AB":
        x, y = curves[key]
        assert len(x) >= EPOCHS > early[key], "the curves keep growing while training runs"
        assert np.all(np.isfinite(y))
        assert len(compare.loss.curve_data(key, "test")[0]) == len(x)
        assert len(compare.loss.curve_data(key, "train_acc")[0]) == len(x)  # classification: accuracy too
    n = min(len(curves["A"][1]), len(curves["B"][1]))
    assert not np.allclose(curves["A"][1][:n], curves["B"][1][:n]), "sigmoid and ReLU learn differently"
    assert compare.panel_a.epoch.text() == f"Epoch {epochs['A']:03}"
    assert compare.panel_b.metrics.toolTip().startswith("Loss: training")
    assert "Accuracy: training" in compare.panel_b.metrics.toolTip()

    # the same data: generated separately in each thread, identical values
    data_a = compare.sides["A"].controller.last_snapshot.dataset
    data_b = compare.sides["B"].controller.last_snapshot.dataset
    assert data_a is not data_b
    for name in ("x_train", "y_train", "x_test", "y_test"):
        np.testing.assert_array_equal(getattr(data_a, name), getattr(data_b, name))
    assert compare.spec("A").data == compare.spec("B").data == compare.data
    # and different boundaries
    image_a, image_b = compare.panel_a.boundary.image_array(), compare.panel_b.boundary.image_array()
    assert image_a is not None and image_b is not None and image_a.shape == image_b.shape
    assert not np.allclose(image_a, image_b)


def test_step_trains_one_epoch_of_both_and_reset_clears_both(compare: CompareWindow, qtbot: Any) -> None:
    _pick_preset(compare, "sgd_adam")
    _wait_idle(qtbot, compare)
    compare.step_action.trigger()
    qtbot.waitUntil(lambda: compare.epochs() == {"A": 1, "B": 1}, timeout=10_000)
    _wait_idle(qtbot, compare)
    compare.step_action.trigger()
    qtbot.waitUntil(lambda: compare.epochs() == {"A": 2, "B": 2}, timeout=10_000)
    _wait_idle(qtbot, compare)
    assert compare.epochs() == {"A": 2, "B": 2}  # a step is one epoch, not more
    compare.loss.flush()
    assert all(len(compare.loss.curve_data(key, "train")[0]) == 2 for key in "AB")

    compare.reset_action.trigger()
    assert compare.epochs() == {"A": 0, "B": 0}
    for key in "AB":
        assert len(compare.loss.curve_data(key, "train")[0]) == 0
        assert len(compare.loss.curve_data(key, "test_acc")[0]) == 0
    assert compare.panel_a.epoch.text() == "Epoch 000" and compare.panel_b.epoch.text() == "Epoch 000"
    _wait_idle(qtbot, compare)
    assert compare.epochs() == {"A": 0, "B": 0}  # nothing of the old run comes back
    compare.step_action.trigger()  # and training starts again from epoch 0
    qtbot.waitUntil(lambda: compare.epochs() == {"A": 1, "B": 1}, timeout=10_000)
    _wait_idle(qtbot, compare)


def test_training_stops_at_the_epoch_limit(compare: CompareWindow, qtbot: Any) -> None:
    compare.epochs_spin.setValue(3)
    compare.play()
    qtbot.waitUntil(lambda: not compare.is_playing, timeout=20_000)
    _wait_idle(qtbot, compare)
    assert compare.epochs() == {"A": 3, "B": 3}
    assert "3" in compare.status.text()


def test_editing_b_names_the_difference_and_restarts_both(compare: CompareWindow, qtbot: Any) -> None:
    editor = compare.panel_b.editor
    editor.learning_rate.setCurrentIndex(editor.learning_rate.findData(0.3))
    editor.learning_rate.activated.emit(editor.learning_rate.currentIndex())
    assert compare.spec("B").train.learning_rate == 0.3
    assert compare.spec("A").train.learning_rate == 0.05
    assert compare.diff_text() == "A and B differ in: learning rate (0.05 vs 0.3)"
    assert compare.name("B") == "B: learning rate 0.3"

    editor.hidden.setText("8, 8")
    editor.hidden.editingFinished.emit()
    assert model.hidden_sizes(compare.spec("B")) == (8, 8)
    assert "hidden layers (4 vs 8, 8)" in compare.diff_text()
    before = compare.spec("B")
    editor.hidden.setText("8, many")
    editor.hidden.editingFinished.emit()
    assert compare.spec("B") == before and editor.hidden.property("invalid")

    compare.panel_b.name.setText("B: my choice")
    compare.panel_b.name.textEdited.emit("B: my choice")
    editor.optimizer.setCurrentIndex(editor.optimizer.findData("sgd"))
    editor.optimizer.activated.emit(editor.optimizer.currentIndex())
    assert compare.name("B") == "B: my choice"  # a typed name stays
    assert compare.loss.legend_names() == ["A: hidden layers 4", "B: my choice"]  # A: its first difference

    compare.step()
    qtbot.waitUntil(lambda: compare.epochs() == {"A": 1, "B": 1}, timeout=10_000)
    _wait_idle(qtbot, compare)
    compare.panel_a.editor.l2.setValue(0.001)  # any edit starts both again
    assert compare.spec("A").train.l2 == 0.001
    assert compare.epochs() == {"A": 0, "B": 0}
    _wait_idle(qtbot, compare)
    assert compare.epochs() == {"A": 0, "B": 0}


def test_a_data_change_applies_to_both(compare: CompareWindow, qtbot: Any) -> None:
    combo = compare.dataset_combo
    combo.setCurrentIndex(combo.findData("circle"))
    combo.activated.emit(combo.currentIndex())
    compare.noise_spin.setValue(0.2)
    compare.new_data_button.click()
    data = compare.data
    assert (data.dataset, data.noise, data.seed) == ("circle", 0.2, 1)
    assert compare.spec("A").data == compare.spec("B").data == data
    assert compare.panel_a.boundary.mode == compare.panel_b.boundary.mode == "binary"
    _wait_idle(qtbot, compare)
    compare.step()
    qtbot.waitUntil(lambda: compare.epochs() == {"A": 1, "B": 1}, timeout=10_000)
    _wait_idle(qtbot, compare)
    snap = compare.sides["B"].controller.last_snapshot
    assert snap.dataset is not None and len(snap.dataset.x_train) == data.samples // 2


def test_a_side_that_cannot_train_says_why_and_the_other_goes_on(compare: CompareWindow, qtbot: Any) -> None:
    spec = compare.spec("B")
    broken = replace(spec, layers=(*spec.layers[:-1], LayerSpec("L2", "dense", {"units": 5, "activation": "softmax"})))
    compare.load(compare.spec("A"), broken)
    assert compare.panel_b.error.isVisibleTo(compare) and "B cannot train" in compare.panel_b.error.text()
    assert compare.play_action.isEnabled()
    compare.epochs_spin.setValue(2)
    compare.play()
    qtbot.waitUntil(lambda: not compare.is_playing, timeout=20_000)
    assert compare.epochs() == {"A": 2, "B": 0}


def test_a_diverging_network_drops_out(compare: CompareWindow, qtbot: Any) -> None:
    spec = compare.spec("A")
    linear = replace(spec, layers=(*spec.layers[:-1], spec.layers[-1].with_option("activation", "linear")))
    mse = replace(linear.train, loss="mse", optimizer="sgd", learning_rate=50.0)
    compare.load(compare.spec("A"), replace(linear, train=mse))
    compare.epochs_spin.setValue(4)
    compare.play()
    qtbot.waitUntil(lambda: not compare.is_playing, timeout=20_000)
    assert compare.epochs()["A"] == 4
    assert "exploded" in compare.panel_b.error.text()


def test_use_b_changes_the_main_design_and_undo_brings_it_back(
    main: Any, compare: CompareWindow, qtbot: Any
) -> None:
    original = main.document.spec
    _pick_preset(compare, "small_large_lr")
    assert compare.spec("B").train.learning_rate == pytest.approx(0.5)
    compare.use_b_button.click()
    assert main.document.spec.train.learning_rate == pytest.approx(0.5)
    assert main.document.spec.layers == compare.spec("B").layers
    assert main.document.spec.name == original.name  # the design keeps its name
    assert not main.document.is_clean
    assert "Use network B" in main.undo_action.text()
    main.undo_action.trigger()
    assert main.document.spec == original
    assert main.document.is_clean


def test_open_design_puts_a_saved_design_on_one_side(
    compare: CompareWindow, dialogs: Any, tmp_path: Path, qtbot: Any
) -> None:
    other = load_design(EXAMPLES / "circle.json")  # other data than the comparison's XOR
    path = tmp_path / "tanh-net.json"
    save_design(replace(other, name="tanh net"), path)
    xor_data = compare.data
    dialogs.answer = QMessageBox.StandardButton.Cancel
    assert not compare.open_design("B", path)
    assert dialogs.kinds() == ["question"]
    assert compare.spec("B") == compare.spec("A")
    dialogs.answer = QMessageBox.StandardButton.Yes
    assert compare.open_design("B", path)
    assert compare.spec("B").layers == other.layers and compare.spec("B").data == xor_data
    assert compare.name("B") == "B: tanh net"
    assert "activation" in compare.diff_text()
    _wait_idle(qtbot, compare)


def test_closing_stops_both_threads(main: Any, compare: CompareWindow, qtbot: Any) -> None:
    compare.play()
    qtbot.waitUntil(lambda: min(compare.epochs().values()) >= 1, timeout=20_000)
    threads = _threads(compare)
    assert len(threads) == 2 and all(t.isRunning() for t in threads)
    compare.close()
    assert not compare.is_playing
    assert not any(t.isRunning() for t in threads)
    assert _threads(compare) == []
    # opened again: the current design again, new threads
    main.findChild(QAction, "compareAction").trigger()
    assert main.compare_window is compare and compare.isVisible()
    _wait_idle(qtbot, compare)
    threads = _threads(compare)
    assert len(threads) == 2
    main.hide()  # the main window going away closes the comparison too
    assert not compare.isVisible()
    assert not any(t.isRunning() for t in threads)


def test_install_extras_adds_the_action_once(make_window: Any) -> None:
    from playground.extras import install_extras

    window = make_window()
    install_extras(window, autosave=False)
    assert install_compare(window) is window.findChild(QAction, "compareAction")
    owners = [
        a.objectName()
        for a in window.findChildren(QAction)
        for s in a.shortcuts()
        if s.toString(QKeySequence.SequenceFormat.PortableText) == "Ctrl+Shift+C"
    ]
    assert owners == ["compareAction"]


def test_keys_of_the_window(compare: CompareWindow) -> None:
    from playground.presentation import single_key_shortcuts

    keys = {
        a.objectName(): [s.toString(QKeySequence.SequenceFormat.PortableText) for s in a.shortcuts()]
        for a in compare.findChildren(QAction)
        if a.objectName()
    }
    assert keys["comparePlayAction"] == ["F5"]
    assert keys["compareStepAction"] == ["F6"]
    assert keys["compareResetAction"] == ["F7"]
    assert single_key_shortcuts(compare) == []


def test_every_object_name_of_the_window_is_documented(compare: CompareWindow) -> None:
    doc = (REPO_ROOT / "docs" / "ui.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)`", doc))
    names = {compare.objectName(), "compareAction"}
    for obj in compare.findChildren(QObject):
        name = obj.objectName()
        if name and not name.startswith(("qt_", "_")):
            names.add(name)
    assert {"compareWindow", "compareDiff", "compareLossPlot", "compareBoundaryA", "compareNameB"} <= names
    missing = sorted(n for n in names if n not in documented)
    assert not missing, f"objectNames missing from docs/ui.md: {missing}"


def test_image_data_shows_a_note_instead_of_a_boundary(make_window: Any, qtbot: Any) -> None:
    window = make_window(EXAMPLES / "mnist-mlp.json")
    compare = CompareWindow(window, window.document.spec)
    try:
        assert compare.panel_a.boundary.mode == "none"
        assert compare.panel_a.boundary.message.isVisibleTo(compare.panel_a.boundary)
        assert not compare.noise_spin.isEnabled()
        assert compare.dataset_combo.currentData() == "mnist"
        assert compare.panel_a.editor.hidden.text() == "512"
        assert _threads(compare) == []  # nothing trains while the window is not shown
    finally:
        compare.close()
        compare.deleteLater()


def test_presentation_mode_styles_the_compare_window_too(make_window: Any, qtbot: Any) -> None:
    from playground.compare.compare_window import open_compare
    from playground.presentation import install_presentation

    window = make_window(EXAMPLES / "xor.json")
    mode = install_presentation(window)
    compare = open_compare(window)
    qtbot.addWidget(compare)
    axis = compare.findChild(CompareLossPlot).loss_plot.getAxis("left")
    before_width = axis.width()
    mode.set_active(True, full_screen=False, remember=False)
    try:
        qtbot.waitUntil(lambda: axis.width() > before_width, timeout=5_000)  # room for the larger tick text
        tick = axis.style.get("tickFont")
        assert tick is not None and tick.pointSizeF() >= 16  # the plot styler reached this window
    finally:
        mode.set_active(False, remember=False)
        compare.close()
