"""The live views in the main window: boundary and loss plots, neuron pictures, weights, editing a weight.

Every test drives the real window (``make_window``/``window`` fixtures, which always shut
the training thread down). The worker's Trainer is read only while training is paused
and the final snapshot has arrived, i.e. while the worker thread is idle.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QWidget

from engine.design_io import load_design
from playground.plots.style import diverging_argb
from playground.widgets.neuron_diagram import NEGATIVE_COLOR, POSITIVE_COLOR
from playground.widgets.neuron_probes import NeuronMapsProbe, NeuronWeightsProbe, diagram_layers
from playground.widgets.neuron_view import MAPS_PROBE, WEIGHTS_PROBE

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"
TIMEOUT_MS = 20_000


def last(window: Any) -> Any:
    return window._last_snapshot


def wait_idle(qtbot: Any, window: Any, revision: int | None = None) -> Any:
    """Wait for the final snapshot of a stopped run (the worker thread is idle afterwards)."""
    rev = window.controller.revision if revision is None else revision

    def idle() -> bool:
        s = last(window)
        return s is not None and s.final and not s.running and s.revision >= rev

    qtbot.waitUntil(idle, timeout=TIMEOUT_MS)
    return last(window)


def train_a_little(qtbot: Any, window: Any, steps: int) -> Any:
    """Play (with no epochs limit, so it cannot stop by itself) until ``steps`` more steps, then pause."""
    if window.document.spec.train.epochs < 1_000_000:
        window.document.set_train(epochs=1_000_000)
    start = last(window).global_step if last(window) is not None else 0
    window.play_action.trigger()
    assert window.controller.is_running
    qtbot.waitUntil(lambda: last(window) is not None and last(window).global_step >= start + steps,
                    timeout=TIMEOUT_MS)
    window.play_action.trigger()
    assert not window.controller.is_running
    return wait_idle(qtbot, window)


def trainer(window: Any) -> Any:
    return window.controller.worker.trainer


def click_scene(window: Any, scene_pos: QPointF) -> None:
    editor = window.editor
    QTest.mouseClick(
        editor.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, editor.mapFromScene(scene_pos)
    )


# ---------------------------------------------------------------- boundary and loss


def test_the_window_shows_the_boundary_next_to_the_loss_curves(window: Any) -> None:
    tabs = window.view_tabs
    assert tabs.currentWidget() is window.live_page
    assert window.findChild(QWidget, "boundaryPlot") is window.boundary_plot
    assert window.findChild(QWidget, "lossPlot") is window.loss_plot
    assert window.boundary_plot.isVisible() and window.loss_plot.isVisible()
    assert not window.findChild(QLabel, "boundaryNote").isVisible()
    # side by side, the boundary about square and the curves wider than a thin strip
    b, lo = window.boundary_plot.geometry(), window.loss_plot.geometry()
    assert b.right() < lo.left() and abs(b.top() - lo.top()) < 5
    vb = window.boundary_plot.plot.vb
    assert 0.75 < vb.width() / vb.height() < 1.35
    assert lo.width() >= 260
    # the points are there before any training
    assert len(window.boundary_plot.train_points.data) == 250
    # other views still come as further tabs
    extra = QLabel("another view")
    index = window.add_view(extra, "Another")
    assert index == 1 and tabs.widget(1) is extra and tabs.tabText(1) == "Another"
    assert tabs.widget(0) is window.live_page


def test_projector_styling_white_background_thick_pens_large_axis_text(window: Any) -> None:
    import pyqtgraph as pg

    assert pg.getConfigOption("background") == "w"
    for plot in (window.boundary_plot.plot, window.loss_plot.loss_plot, window.loss_plot.acc_plot):
        for side in ("left", "bottom"):
            font = plot.getAxis(side).style["tickFont"]
            assert font is not None and font.pointSizeF() >= 12
    for curve in (window.loss_plot.train_curve, window.loss_plot.test_curve, window.loss_plot.train_acc_curve):
        assert curve.opts["pen"].widthF() >= 3


def test_training_changes_the_boundary_and_grows_the_loss_curve_and_reset_clears_it(
    qtbot: Any, window: Any
) -> None:
    window.document.set_train(epochs=1_000_000)
    first = wait_idle(qtbot, window)
    boundary = window.boundary_plot
    qtbot.waitUntil(lambda: boundary.image_array() is not None and boundary.image_array().shape == (100, 100),
                    timeout=TIMEOUT_MS)
    before = np.array(boundary.image_array())
    assert len(window.loss_plot.batch) == 0

    window.play_action.trigger()
    qtbot.waitUntil(lambda: last(window).global_step >= first.global_step + 400, timeout=TIMEOUT_MS)
    growing = len(window.loss_plot.batch)
    qtbot.waitUntil(lambda: len(window.loss_plot.batch) > growing, timeout=TIMEOUT_MS)
    window.play_action.trigger()
    snap = wait_idle(qtbot, window)
    xs, _ = window.loss_plot.batch.data()
    assert len(xs) == snap.global_step and xs[-1] == snap.global_step  # every batch, no gaps
    assert window.loss_plot.batch_curve.xData[-1] == snap.global_step  # and drawn
    assert len(window.loss_plot.epoch_train) == snap.epoch >= 16
    assert np.abs(boundary.image_array() - before).max() > 0.05  # the picture changed

    window.reset_action.trigger()
    assert len(window.loss_plot.batch) == 0  # at once, before the worker answers
    qtbot.waitUntil(lambda: last(window).run > snap.run and last(window).final, timeout=TIMEOUT_MS)
    assert len(window.loss_plot.batch) == 0 and len(window.loss_plot.epoch_train) == 0
    assert last(window).global_step == 0


def test_a_structural_edit_drops_pictures_of_the_old_network(qtbot: Any, window: Any) -> None:
    wait_idle(qtbot, window)
    window.document.insert_layer(2, "dense", options={"units": 4, "activation": "relu"})
    revision = window.controller.revision
    assert window.boundary_plot._floor == revision and window.neuron_view._floor == revision
    snap = wait_idle(qtbot, window, revision)
    assert window.boundary_plot._last is snap
    # the new layer's neurons get their pictures too
    new_id = window.document.spec.layers[2].id
    qtbot.waitUntil(lambda: window.editor.neuron_diagram.neuron(new_id, 3).image() is not None, timeout=TIMEOUT_MS)


def test_new_2d_data_redraw_the_points_and_image_data_hide_the_boundary(qtbot: Any, window: Any) -> None:
    window.document.set_data(samples=200)
    assert len(window.boundary_plot.train_points.data) == 100  # drawn at once from the new spec
    assert window.live_page.plane_available

    design = load_design(EXAMPLES / "mnist-mlp.json")
    small = replace(design, data=replace(design.data, train_limit=200, test_limit=100))
    window.document.load_spec(small)
    note = window.findChild(QLabel, "boundaryNote")
    assert note.isVisible() and "no 2-D input plane" in note.text()
    assert not window.boundary_plot.isVisible() and window.loss_plot.isVisible()
    assert window.editor.neuron_diagram is None and not window.neuron_view.probes_registered
    assert MAPS_PROBE not in window.controller._probes
    snap = wait_idle(qtbot, window)
    assert snap.boundary is None and MAPS_PROBE not in snap.extras

    window.document.load_spec(load_design(EXAMPLES / "spiral.json"))
    assert not note.isVisible() and window.boundary_plot.isVisible()
    assert window.neuron_view.probes_registered


# ---------------------------------------------------------------- neuron pictures


def test_neuron_pictures_arrive_and_change_with_training(qtbot: Any, window: Any) -> None:
    window.document.set_train(epochs=1_000_000)  # keeps running until paused
    diagram = window.editor.neuron_diagram
    assert window.neuron_view.probes_registered
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.neuron_view.maps_shown > 0, timeout=TIMEOUT_MS)
    for key, units in (("input", 2), ("L1", 8), ("L2", 8), ("L3", 1)):
        for i in range(units):
            image = diagram.neuron(key, i).image()
            assert image is not None and (image.width(), image.height()) == (32, 32)
    before = {k: v.copy() for k, v in diagram.last_maps().items()}

    shown = window.neuron_view.maps_shown
    window.play_action.trigger()
    # live while running (at most 10 times a second), not only once training pauses
    qtbot.waitUntil(lambda: window.neuron_view.maps_shown >= shown + 3 and last(window).global_step >= 300,
                    timeout=TIMEOUT_MS)
    assert last(window).running
    window.play_action.trigger()
    wait_idle(qtbot, window)
    after = diagram.last_maps()
    np.testing.assert_array_equal(after["input"], before["input"])  # the features do not train
    for key in ("L1", "L2", "L3"):
        assert not np.array_equal(after[key], before[key]), key
    # what the diagram shows is exactly the paused network's output
    expected = NeuronMapsProbe()(trainer(window))
    for key, images in expected.images.items():
        np.testing.assert_array_equal(after[key], images)
    # and the picture in the circle is that map
    pixel = diagram.neuron("L1", 0).image().pixel(5, 7)
    assert pixel == int(after["L1"][0, 7, 5])


def test_neuron_maps_are_oriented_and_coloured_like_the_plane() -> None:
    from engine.training import Trainer

    t = Trainer(load_design(EXAMPLES / "spiral.json"), backend="numpy")
    maps = NeuronMapsProbe(size=16)(t)
    lut = diverging_argb(256)
    x1, x2 = maps.images["input"]
    # x₂ grows upwards: top row blue (positive), bottom row orange; x₁ grows to the right
    assert x2[0, 8] == lut[255] and x2[-1, 8] == lut[0]
    assert x1[8, -1] == lut[255] and x1[8, 0] == lut[0]
    assert maps.levels["L1"] == (-1.0, 1.0) and maps.extent == (-6.0, 6.0, -6.0, 6.0)
    weights = NeuronWeightsProbe()(t)
    assert set(weights) == {"L1/W", "L1/b", "L2/W", "L2/b", "L3/W", "L3/b"}
    weights["L1/W"][0, 0] = 99.0  # a copy: the network is untouched
    assert t.network.layer("L1").params["W"][0, 0] != 99.0


def test_probes_skip_networks_the_diagram_cannot_draw() -> None:
    from engine.spec import LayerSpec
    from engine.training import Trainer

    design = load_design(EXAMPLES / "spiral.json")
    wide = replace(design, layers=(LayerSpec("L1", "dense", {"units": 16, "activation": "tanh"}), design.layers[2]))
    t = Trainer(wide, backend="numpy")
    assert diagram_layers(t) is None
    assert NeuronMapsProbe()(t) is None and NeuronWeightsProbe()(t) is None


def test_hiding_the_neurons_unregisters_the_probes(qtbot: Any, window: Any) -> None:
    assert {MAPS_PROBE, WEIGHTS_PROBE} <= set(window.controller._probes)
    window.neurons_action.setChecked(False)
    assert not window.neuron_view.probes_registered
    assert not {MAPS_PROBE, WEIGHTS_PROBE} & set(window.controller._probes)
    window.neurons_action.setChecked(True)
    assert {MAPS_PROBE, WEIGHTS_PROBE} <= set(window.controller._probes)
    qtbot.waitUntil(lambda: window.editor.neuron_diagram.neuron("L2", 0).image() is not None, timeout=TIMEOUT_MS)


# ---------------------------------------------------------------- weights


def test_link_colours_and_widths_follow_the_weights(qtbot: Any, window: Any) -> None:
    train_a_little(qtbot, window, 200)
    diagram = window.editor.neuron_diagram
    net = trainer(window).network
    for key in ("L1", "L2", "L3"):
        w = net.layer(key).params["W"]
        b = net.layer(key).params["b"]
        links = diagram.links(key)
        assert len(links) == w.size
        for link in links:
            value = float(w[link.src, link.dst])
            assert link.weight == pytest.approx(value)
            colour = POSITIVE_COLOR if value >= 0 else NEGATIVE_COLOR
            assert link.pen().color().rgb() == colour.rgb()
            tip = diagram.tooltip_at(link.mapToScene(link.line().pointAt(0.37)), slack=0.0)
            assert tip == link.tooltip_text() and f"{value:+.3f}" in tip
        for i, neuron in enumerate(diagram.neurons(key)):
            assert neuron.bias == pytest.approx(float(b[i]))
    # thicker with magnitude, over the whole diagram
    links = [x for key in ("L1", "L2", "L3") for x in diagram.links(key)]
    links.sort(key=lambda x: abs(x.weight))
    widths = [x.pen().widthF() for x in links]
    assert widths == sorted(widths) and widths[-1] > 3 * widths[0]


def test_editing_a_weight_in_the_popup_changes_the_trained_network(qtbot: Any, window: Any) -> None:
    train_a_little(qtbot, window, 100)
    diagram = window.editor.neuron_diagram
    link = next(x for x in diagram.links("L2") if (x.src, x.dst) == (3, 5))
    old = link.weight
    line = link.line()

    def pixel_hits_the_link(t: float) -> bool:  # the click lands on a whole pixel: that pixel must show this link
        pixel = window.editor.mapFromScene(link.mapToScene(line.pointAt(t)))
        return diagram.item_at(window.editor.mapToScene(pixel)) is link

    t = next(t for t in np.linspace(0.2, 0.8, 61) if pixel_hits_the_link(float(t)))
    point = window.editor.mapToScene(window.editor.mapFromScene(link.mapToScene(line.pointAt(float(t)))))
    click_scene(window, point)
    popup = window.neuron_view.popup
    assert popup.isVisible() and popup.edit_row.isVisible()
    assert "neuron 4 of L1" in popup.title.text() and "neuron 6 of L2" in popup.title.text()
    assert f"{old:+.3f}" in popup.value_label.text()
    assert diagram.highlighted is link and window.editor.selected_id == "L2"

    count = window.controller.snapshots_received
    line_edit = popup.edit.lineEdit()
    line_edit.selectAll()
    QTest.keyClicks(line_edit, "-1.25")
    QTest.keyClick(line_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.controller.worker.parameter_edits == 1, timeout=TIMEOUT_MS)
    snap = wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.snapshots_received > count and last(window).final, timeout=TIMEOUT_MS)
    snap = last(window)
    # read back through the weights probe and from the paused worker
    assert snap.extras[WEIGHTS_PROBE]["L2/W"][3, 5] == pytest.approx(-1.25)
    assert trainer(window).network.layer("L2").params["W"][3, 5] == pytest.approx(-1.25)
    assert link.weight == pytest.approx(-1.25) and link.pen().color().rgb() == NEGATIVE_COLOR.rgb()
    assert "-1.250" in popup.value_label.text()
    assert "set to -1.250" in window.message_label.full_text()

    # the next step starts from it (plain SGD: w <- w - lr * gradient)
    net = trainer(window).network
    edited = net.flat_params.copy()
    step = snap.global_step
    window.step_batch_action.trigger()
    qtbot.waitUntil(lambda: last(window).global_step == step + 1 and last(window).final, timeout=TIMEOUT_MS)
    np.testing.assert_allclose(net.flat_params, edited - 0.03 * net.flat_grads, rtol=1e-5, atol=1e-7)
    popup.hide()
    assert diagram.highlighted is None


def test_clicking_a_neuron_shows_its_picture_and_sets_its_bias(qtbot: Any, window: Any) -> None:
    wait_idle(qtbot, window)
    diagram = window.editor.neuron_diagram
    qtbot.waitUntil(lambda: diagram.neuron("L1", 2).image() is not None, timeout=TIMEOUT_MS)
    neuron = diagram.neuron("L1", 2)
    click_scene(window, neuron.scenePos())
    popup = window.neuron_view.popup
    assert popup.isVisible() and popup.image.isVisible()
    assert popup.image.pixmap().width() > 100  # the neuron's picture, enlarged
    shown = popup.current_image()
    assert (shown.width(), shown.height()) == (32, 32)  # the whole square picture, not cut to the circle
    assert shown.pixel(0, 0) == diagram.map_image("L1", 2).pixel(0, 0) == int(diagram.map_array("L1", 2)[0, 0])
    assert neuron.image().pixelColor(0, 0).alpha() == 0  # the circle's picture is transparent outside
    assert "Bias now: +0.100" in popup.value_label.text()  # the spiral's initial bias

    popup.edit.setValue(0.5)  # like a step with the arrows: applies at once
    qtbot.waitUntil(lambda: window.controller.worker.parameter_edits == 1, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: neuron.bias == pytest.approx(0.5), timeout=TIMEOUT_MS)
    wait_idle(qtbot, window)
    assert trainer(window).network.layer("L1").params["b"][2] == pytest.approx(0.5)
    popup.apply_button.click()  # "Set" applies the value as shown, even unchanged
    qtbot.waitUntil(lambda: window.controller.worker.parameter_edits == 2, timeout=TIMEOUT_MS)
    popup.hide()

    # an input neuron shows its feature, with nothing to edit
    click_scene(window, diagram.neuron("input", 1).scenePos())
    assert popup.isVisible() and not popup.edit_row.isVisible() and "x₂" in popup.title.text()
    popup.hide()


def test_tooltips_show_the_current_weight_and_bias(qtbot: Any, window: Any) -> None:
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    train_a_little(qtbot, window, 50)
    editor, diagram = window.editor, window.editor.neuron_diagram
    link = next(x for x in diagram.links("L3") if x.src == 2)
    for scene_point, expected in (
        (link.mapToScene(link.line().pointAt(0.37)), f"{link.weight:+.3f}"),
        (diagram.neuron("L1", 1).scenePos(), f"bias {diagram.neuron('L1', 1).bias:+.3f}"),
    ):
        pos = editor.mapFromScene(scene_point)
        event = QHelpEvent(QHelpEvent.Type.ToolTip, pos, editor.viewport().mapToGlobal(pos))
        QApplication.sendEvent(editor.viewport(), event)
        qtbot.waitUntil(lambda expected=expected: expected in QToolTip.text(), timeout=2000)
    QToolTip.hideText()
