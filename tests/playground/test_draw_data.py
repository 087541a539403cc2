"""Drawing your own data on the boundary plot with real mouse events: add, spray, erase, undo, save, train."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QPushButton, QToolButton

from engine.spec import DataSpec, DesignSpec, LayerSpec, TrainSpec
from playground.plots.point_editor import SPRAY_SPACING_PX

LEFT, RIGHT = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton
NO_MOD = Qt.KeyboardModifier.NoModifier
CLASS_0 = [(-4.0 + 0.25 * i, -2.0 - 0.2 * i) for i in range(10)]
CLASS_1 = [(2.0 + 0.3 * i, 3.5 - 0.25 * i) for i in range(10)]


def drawn_design(points: tuple[tuple[float, float, Any], ...] = (), classes: int = 2) -> DesignSpec:
    """A logistic regression on drawn points: one sigmoid unit, Adam."""
    return DesignSpec(
        layers=(LayerSpec("L1", "dense", {"units": 1, "activation": "sigmoid"}),),
        data=DataSpec(dataset="custom", classes=classes, points=points, train_fraction=0.5),
        train=TrainSpec(loss="binary_crossentropy", optimizer="adam", learning_rate=0.1, epochs=300, batch_size=10),
        name="drawn",
    )


class Pen:
    """Real mouse events on the boundary plot's viewport, at plane coordinates."""

    def __init__(self, window: Any, qtbot: Any) -> None:
        self.window = window
        self.qtbot = qtbot
        self.editor = window.point_editor
        self.widget = window.boundary_plot.plot_widget
        self.viewport = self.widget.viewport()
        self.vb = window.boundary_plot.plot.vb

    def at(self, x: float, y: float) -> QPoint:
        """The viewport pixel showing plane point (x, y)."""
        return self.widget.mapFromScene(self.vb.mapViewToScene(QPointF(x, y)))

    def pixel(self) -> float:
        """Plane units per screen pixel."""
        return float(max(self.vb.viewPixelSize()))

    def click(self, x: float, y: float, button: Qt.MouseButton = LEFT) -> None:
        self.qtbot.mouseClick(self.viewport, button, NO_MOD, self.at(x, y))

    def drag(self, path: list[tuple[float, float]], button: Qt.MouseButton = LEFT) -> None:
        self.qtbot.mousePress(self.viewport, button, NO_MOD, self.at(*path[0]))
        for x, y in path[1:]:
            self.qtbot.mouseMove(self.viewport, self.at(x, y))
        self.qtbot.mouseRelease(self.viewport, button, NO_MOD, self.at(*path[-1]))


@pytest.fixture
def drawing(make_window: Any, qtbot: Any) -> tuple[Any, Pen]:
    window = make_window(spec=drawn_design())
    qtbot.waitUntil(lambda: window.boundary_plot.plot.vb.width() > 100)
    pen = Pen(window, qtbot)
    pen.editor.set_drawing(True)
    return window, pen


def points(window: Any) -> tuple[tuple[float, float, Any], ...]:
    return window.document.spec.data.points


def assert_places(window: Any, expected: list[tuple[float, float]], tolerance: float) -> None:
    """The drawn points lie at ``expected`` (in order), each within ``tolerance``."""
    got = np.array([p[:2] for p in points(window)], dtype=np.float64).reshape(-1, 2)
    assert got.shape == (len(expected), 2)
    np.testing.assert_allclose(got, np.array(expected, dtype=np.float64), atol=tolerance)


def draw_clusters(pen: Pen) -> None:
    for (x0, y0), (x1, y1) in zip(CLASS_0, CLASS_1, strict=True):
        pen.editor.select_class(0)
        pen.click(x0, y0)
        pen.editor.select_class(1)
        pen.click(x1, y1)


def shown_points(window: Any) -> int:
    plot = window.boundary_plot
    return len(plot.train_points.data) + len(plot.test_points.data)


# ---------------------------------------------------------------- drawing


def test_clicks_add_points_of_the_chosen_class_where_clicked(drawing: tuple[Any, Pen]) -> None:
    window, pen = drawing
    editor = pen.editor
    assert editor.isVisible() and editor.drawing
    assert [b.text() for b in editor.class_buttons] == ["0", "1"]
    draw_clusters(pen)
    drawn = points(window)
    assert len(drawn) == 20
    assert window.document.undo_stack.count() == 20  # one undo step per click
    tolerance = pen.pixel()
    for i, (x, y) in enumerate(CLASS_0):
        px, py, label = drawn[2 * i]
        assert label == 0 and abs(px - x) <= tolerance and abs(py - y) <= tolerance
    for i, (x, y) in enumerate(CLASS_1):
        px, py, label = drawn[2 * i + 1]
        assert label == 1 and abs(px - x) <= tolerance and abs(py - y) <= tolerance
    assert shown_points(window) == 20  # on the plot at once, training and test points alike
    assert window.boundary_plot.show_test.isChecked()
    assert window.document.check.ok


def test_clicks_outside_the_plane_or_with_draw_off_add_nothing(drawing: tuple[Any, Pen]) -> None:
    window, pen = drawing
    pen.click(-6.8, 0.0)  # on the plot, left of the plane
    assert points(window) == ()
    pen.editor.set_drawing(False)
    pen.click(1.0, 1.0)
    assert points(window) == ()
    assert window.document.undo_stack.count() == 0


def test_a_double_click_or_a_second_click_on_a_point_adds_one_point(drawing: tuple[Any, Pen]) -> None:
    window, pen = drawing
    pen.qtbot.mouseDClick(pen.viewport, LEFT, NO_MOD, pen.at(2.0, 2.0))
    pen.click(-2.0, -2.0)
    pen.click(-2.0, -2.0)
    assert len(points(window)) == 2
    pen.editor.select_class(1)
    pen.click(-2.0, -2.0)  # another class may share the spot
    assert [p[2] for p in points(window)] == [0, 0, 1]


def test_a_drag_sprays_points_as_one_undo_step(drawing: tuple[Any, Pen]) -> None:
    window, pen = drawing
    pen.click(-5.0, 5.0)
    before = points(window)
    path = [(-4.0 + 0.2 * i, 0.0) for i in range(41)]
    pen.drag(path)
    sprayed = points(window)[len(before) :]
    travel, step = 8.0 / pen.pixel(), 0.2 / pen.pixel()  # in pixels
    assert travel / (SPRAY_SPACING_PX + step) <= len(sprayed) <= travel / SPRAY_SPACING_PX + 1
    assert len(sprayed) >= 8
    jitter = 8 * pen.pixel()
    assert all(-4.0 - jitter <= x <= 4.0 + jitter and abs(y) <= jitter for x, y, _ in sprayed)
    stack = window.document.undo_stack
    assert stack.count() == 2 and stack.undoText() == "Draw points"
    window.undo_action.trigger()  # Ctrl+Z takes back the whole stroke
    assert points(window) == before
    window.redo_action.trigger()
    assert points(window)[len(before) :] == sprayed
    stack.undo()
    stack.undo()
    assert points(window) == ()


def test_undo_removes_the_last_click(drawing: tuple[Any, Pen], qtbot: Any) -> None:
    window, pen = drawing
    draw_clusters(pen)
    window.activateWindow()
    window.undo_action.trigger()
    assert len(points(window)) == 19 and points(window)[-1][2] == 0
    assert shown_points(window) == 19


def test_erase_removes_the_nearest_point_and_a_drag_everything_it_touches(drawing: tuple[Any, Pen]) -> None:
    window, pen = drawing
    for x in (-3.0, -2.0, 1.0, 4.0):
        pen.click(x, 0.0)
    pen.click(-2.0, 3.0)
    assert len(points(window)) == 5
    pen.click(-2.2, 0.1, RIGHT)  # right click: the nearest point, (-2, 0)
    assert_places(window, [(-3.0, 0.0), (1.0, 0.0), (4.0, 0.0), (-2.0, 3.0)], pen.pixel())
    pen.click(0.0, -4.0, RIGHT)  # nothing within the eraser's radius: nothing goes
    assert len(points(window)) == 4
    erase = window.findChild(QToolButton, "eraseButton")
    erase.click()
    assert pen.editor.erasing
    pen.qtbot.mouseMove(pen.viewport, pen.at(0.5, 0.5))
    assert pen.editor.eraser.isVisible()  # the eraser circle follows the mouse
    pen.click(-2.9, 0.05)  # Erase mode, left click
    assert len(points(window)) == 3
    pen.drag([(0.0 + 0.25 * i, 0.0) for i in range(21)])  # sweeps over (1, 0) and (4, 0)
    assert_places(window, [(-2.0, 3.0)], pen.pixel())
    assert window.document.undo_stack.undoText() == "Erase points"
    window.undo_action.trigger()
    assert len(points(window)) == 3


def test_clear_all_is_one_undo_step(drawing: tuple[Any, Pen]) -> None:
    window, pen = drawing
    draw_clusters(pen)
    clear = window.findChild(QToolButton, "clearPointsButton")
    assert clear.isEnabled()
    clear.click()
    assert points(window) == () and not clear.isEnabled()
    assert shown_points(window) == 0 and window.boundary_plot.mode != "none"  # still a plane to draw on
    window.undo_action.trigger()
    assert len(points(window)) == 20


def test_save_and_reopen_keep_the_points(drawing: tuple[Any, Pen], tmp_path: Path) -> None:
    window, pen = drawing
    draw_clusters(pen)
    drawn = points(window)
    path = tmp_path / "drawn.json"
    window.document.save(path)
    window.document.new()
    assert points(window) == ()
    assert window.open_path(path)
    assert points(window) == drawn
    assert shown_points(window) == 20


def test_training_separates_two_drawn_clusters(drawing: tuple[Any, Pen], qtbot: Any) -> None:
    window, pen = drawing
    draw_clusters(pen)
    controller = window.controller
    controller.play()
    qtbot.waitUntil(
        lambda: (
            controller.last_snapshot is not None and not controller.is_running and controller.last_snapshot.epoch >= 300
        ),
        timeout=60_000,
    )
    snap = controller.last_snapshot
    assert snap.dataset is not None and len(snap.dataset.x_train) + len(snap.dataset.x_test) == 20
    assert snap.global_step >= 300
    assert snap.train_acc == 1.0 and snap.test_acc == 1.0


def test_a_point_drawn_after_training_keeps_the_network_learning(drawing: tuple[Any, Pen], qtbot: Any) -> None:
    """As in the Playground: new points do not reset the weights or the curves (Reset does)."""
    window, pen = drawing
    draw_clusters(pen)
    controller = window.controller
    controller.step_epoch()
    qtbot.waitUntil(lambda: controller.last_snapshot is not None and controller.last_snapshot.epoch >= 1
                    and not controller.is_running, timeout=20_000)
    before = controller.last_snapshot
    pen.editor.select_class(1)
    pen.click(-4.0, -4.0)
    assert len(points(window)) == 21
    def has_21_points() -> bool:
        data = controller.last_snapshot.dataset
        return data is not None and len(data.x_train) + len(data.x_test) == 21

    qtbot.waitUntil(has_21_points, timeout=20_000)
    after = controller.last_snapshot
    assert after.epoch == before.epoch and after.global_step == before.global_step  # no fresh start
    assert after.run == before.run and len(after.history) == len(before.history)
    np.testing.assert_array_equal(after.boundary, before.boundary)  # the same weights over the same plane
    window.reset_action.trigger()
    qtbot.waitUntil(lambda: controller.last_snapshot.epoch == 0, timeout=20_000)


# ---------------------------------------------------------------- starting from other data


def test_draw_on_xor_starts_from_a_copy_of_its_points(make_window: Any, qtbot: Any) -> None:
    window = make_window(Path(__file__).resolve().parents[2] / "assets" / "examples" / "xor.json")
    xor = window.document.spec.data
    editor = window.point_editor
    assert editor.isVisible() and not editor.drawing
    copy = window.findChild(QPushButton, "copyPointsButton")
    assert copy.isVisibleTo(window)
    editor.set_drawing(True)
    data = window.document.spec.data
    assert data.dataset == "custom" and data.classes == 2 and data.task is None
    assert len(data.points) == xor.samples
    assert window.document.undo_stack.undoText() == "Copy points into my own data"
    assert not copy.isVisibleTo(window)
    assert shown_points(window) == xor.samples
    pen = Pen(window, qtbot)
    pen.click(0.5, 0.5)
    assert len(points(window)) == xor.samples + 1
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.document.spec.data == xor and not editor.drawing
    copy.click()
    assert window.document.spec.data.dataset == "custom" and not editor.drawing


def test_k_classes_and_regression_get_their_own_buttons(drawing: tuple[Any, Pen]) -> None:
    window, pen = drawing
    window.document.set_data(classes=4)
    editor = pen.editor
    assert [b.text() for b in editor.class_buttons] == ["0", "1", "2", "3"]
    editor.select_class(3)
    pen.click(1.0, -1.0)
    assert points(window)[-1][2] == 3
    spin = window.data_panel.classes
    assert spin.minimum() == 4  # class 3 is drawn: fewer classes would orphan it
    doc = window.document
    doc.load_spec(replace(doc.spec, data=DataSpec(dataset="plane")))
    assert editor.isVisible() and [b.text() for b in editor.class_buttons] == ["−1", "+1"]
    editor.set_drawing(True)
    assert doc.spec.data.task == "regression" and all(isinstance(p[2], float) for p in doc.spec.data.points)
    editor.select_class(1)
    Pen(window, pen.qtbot).click(0.0, 0.0)
    assert doc.spec.data.points[-1][2] == 1.0
    doc.load_spec(replace(doc.spec, data=DataSpec(dataset="mnist")))
    assert not editor.isVisible()


def test_an_empty_drawing_shows_the_plane_and_says_what_is_missing(drawing: tuple[Any, Pen]) -> None:
    window, pen = drawing
    assert window.boundary_plot.mode == "binary" and window.live_page.plane_available
    assert not window.document.check.ok
    assert "draw at least 2 points" in (window.document.check.message or "")
    pen.click(1.0, 1.0)
    pen.click(-1.0, -1.0)
    assert window.document.check.ok


def test_choosing_my_own_data_in_the_list_keeps_earlier_points(drawing: tuple[Any, Pen]) -> None:
    window, pen = drawing
    draw_clusters(pen)
    drawn = points(window)
    panel = window.data_panel
    combo = panel.dataset
    combo.setCurrentIndex(combo.findData("moons"))
    combo.activated.emit(combo.currentIndex())
    assert window.document.spec.data.dataset == "moons" and not pen.editor.drawing
    combo.setCurrentIndex(combo.findData("custom"))
    combo.activated.emit(combo.currentIndex())
    assert window.document.spec.data.dataset == "custom" and points(window) == drawn
    assert "20 points: 10 of class 0, 10 of class 1" in panel.points_info.text()
    assert not panel.samples.isVisibleTo(panel) and not panel.noise.isVisibleTo(panel)


def test_the_draw_tools_have_no_single_letter_shortcuts(drawing: tuple[Any, Pen]) -> None:
    window, _ = drawing
    for button in window.point_editor.findChildren(QToolButton):
        text = button.shortcut().toString()
        assert len(text) != 1


def test_narrow_panes_show_the_tools_as_icons(drawing: tuple[Any, Pen]) -> None:
    window, _ = drawing
    editor = window.point_editor
    editor.resize(600, editor.height())
    editor._fit_buttons()
    assert editor.draw_button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonTextBesideIcon
    editor.resize(150, editor.height())
    editor._fit_buttons()
    assert all(b.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly for b in editor._buttons())
    assert not editor.draw_button.icon().isNull() and editor.draw_button.toolTip()


def test_the_network_editor_scale_does_not_depend_on_its_scroll_bars(qtbot: Any) -> None:
    """Measured inside the scroll bars, the fit flipped them on and off forever at some sizes (a hang)."""
    from playground.document import DesignDocument
    from playground.widgets.network_editor import NetworkEditor

    points = tuple((float(x), float(x) / 2, int(x > 0)) for x in range(-5, 6))
    spec = drawn_design(points)
    spec = replace(spec, layers=(LayerSpec("L1", "dense", {"units": 6, "activation": "tanh"}), *spec.layers))
    spec = replace(spec, layers=(spec.layers[0], replace(spec.layers[1], id="L2")))
    view = NetworkEditor(DesignDocument(spec))
    qtbot.addWidget(view)
    view.resize(442, 261)
    view.show()
    scales = []
    for policy in (Qt.ScrollBarPolicy.ScrollBarAlwaysOff, Qt.ScrollBarPolicy.ScrollBarAlwaysOn):
        view.setHorizontalScrollBarPolicy(policy)
        view.setVerticalScrollBarPolicy(policy)
        view._fit()
        scales.append(view.transform().m11())
    assert scales[0] == scales[1]
