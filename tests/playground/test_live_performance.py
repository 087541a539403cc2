"""What keeps the live views cheap while training runs, checked by behaviour (speed itself is
measured by ``benchmarks/gui_latency.py`` and ``benchmarks/live_views.py``, never here).

- hidden views keep their data but do not redraw, and draw what they missed when shown;
- the loss curves are thinned to the plot's width without losing a spike or the latest point,
  and a flood of snapshots is drawn at most every ``REDRAW_INTERVAL_S`` (a fake clock), while the
  snapshot that ends a run is always drawn at once;
- the boundary image is colour-mapped without pyqtgraph's per-render colour table, pixel for pixel
  as pyqtgraph would;
- the neuron diagram draws one picture per column and touches only links whose look changed;
- the high-contrast setting recolours the neuron pictures and the enlarged one in the popup;
- the training worker emits on a fixed cadence, and a probe of 0.1 s keeps step with 30
  snapshots a second.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QLabel, QTabWidget

from engine.design_io import load_design
from engine.probes import BoundaryGrid, Probe, run_probes, take_snapshot
from engine.training import Trainer
from playground.plots import BoundaryPlot, LossPlot
from playground.plots import loss_plot as loss_module
from playground.plots.boundary_plot import FastImageItem, binary_colour_map
from playground.plots.loss_plot import REDRAW_INTERVAL_S, bucket_means, envelope
from playground.presentation import colour_map_settings, sign_palette
from playground.widgets.neuron_diagram import NeuronDiagram, diagram_columns
from playground.widgets.neuron_probes import NeuronMapsProbe, NeuronWeightsProbe
from playground.widgets.neuron_view import MAPS_PROBE

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"
TIMEOUT_MS = 20_000


class Run:
    """A trainer and the snapshots the worker would send (no threads)."""

    def __init__(self) -> None:
        self.trainer = Trainer(load_design(EXAMPLES / "spiral.json"), backend="numpy")
        self.grid = BoundaryGrid.for_dataset(self.trainer.dataset, size=40)

    def snap(self, steps: int = 0, running: bool = True) -> Any:
        losses = [self.trainer.train_step() for _ in range(steps)]
        return take_snapshot(self.trainer, self.grid, 1, losses, running=running, final=not running, run=1)


def in_tabs(qtbot: Any, widget: Any) -> QTabWidget:
    """``widget`` as the first tab of a shown tab widget, with an empty second tab."""
    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(widget, "view")
    tabs.addTab(QLabel("other"), "other")
    tabs.resize(700, 500)
    tabs.show()
    qtbot.waitExposed(tabs)
    return tabs


def drawn_x(loss: LossPlot) -> np.ndarray:
    x, _ = loss.batch_curve.getData()
    return np.zeros(0) if x is None else x


# ---------------------------------------------------------------- hidden views


def test_a_hidden_loss_plot_stores_snapshots_and_draws_them_when_shown(qtbot: Any) -> None:
    loss = LossPlot()
    tabs = in_tabs(qtbot, loss)
    run = Run()
    loss.update_snapshot(run.snap(steps=30, running=False))
    assert drawn_x(loss)[-1] == 30
    tabs.setCurrentIndex(1)
    assert not loss.isVisible()
    loss.update_snapshot(run.snap(steps=20))
    final = run.snap(steps=10, running=False)  # the run pauses while another tab is shown
    loss.update_snapshot(final)
    qtbot.wait(int(3 * REDRAW_INTERVAL_S * 1000))  # the redraw timer has had every chance
    assert len(loss.batch) == 60  # stored...
    assert drawn_x(loss)[-1] == 30  # ...but not drawn
    tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: len(drawn_x(loss)) and drawn_x(loss)[-1] == 60, timeout=TIMEOUT_MS)
    ex, _ = loss.train_curve.getData()
    assert ex[-1] == sum(r.steps for r in final.history) == 50  # the epochs that ended meanwhile too
    assert "step 60" in loss.readout.text()


def test_a_hidden_boundary_keeps_the_latest_snapshot_and_draws_it_when_shown(qtbot: Any) -> None:
    boundary = BoundaryPlot()
    tabs = in_tabs(qtbot, boundary)
    run = Run()
    boundary.update_snapshot(run.snap(steps=5))
    shown = np.array(boundary.image_array())
    tabs.setCurrentIndex(1)
    latest = run.snap(steps=300)
    assert boundary.update_snapshot(latest)
    assert boundary.has_undrawn_snapshot
    np.testing.assert_array_equal(boundary.image_array(), shown)  # not redrawn while hidden
    tabs.setCurrentIndex(0)
    assert not boundary.has_undrawn_snapshot
    np.testing.assert_array_equal(boundary.image_array(), latest.boundary)


def test_neuron_pictures_wait_while_the_editor_is_hidden(qtbot: Any, window: Any) -> None:
    view, diagram = window.neuron_view, window.editor.neuron_diagram
    qtbot.waitUntil(lambda: view.maps_shown > 0, timeout=TIMEOUT_MS)
    drawn = view.maps_shown
    maps = NeuronMapsProbe()(window.controller.worker.trainer)
    changed = replace(maps, images={k: v ^ np.uint32(0x00FFFFFF) for k, v in maps.images.items()}, indices={})
    snapshot = replace(window.controller.last_snapshot, extras={MAPS_PROBE: changed})
    window.editor.hide()
    assert not view.update_snapshot(snapshot)
    assert view.maps_shown == drawn and not np.array_equal(diagram.last_maps()["L1"], changed.images["L1"])
    window.editor.show()
    qtbot.waitUntil(lambda: view.maps_shown == drawn + 1, timeout=TIMEOUT_MS)
    np.testing.assert_array_equal(diagram.last_maps()["L1"], changed.images["L1"])


# ---------------------------------------------------------------- thinning and throttling


def test_envelope_keeps_every_spike_and_the_last_point() -> None:
    x = np.arange(1.0, 100_001.0)
    y = np.sin(x / 500.0)
    y[12_345], y[77_777] = 9.0, -9.0
    ex, ey = envelope(x, y, 500)
    assert len(ex) <= 2 * 500 + 3
    assert ey.max() == 9.0 and ey.min() == -9.0
    assert (ex[-1], ey[-1]) == (x[-1], y[-1])
    assert np.all(np.diff(ex) >= 0)
    few = np.arange(5.0)
    np.testing.assert_array_equal(envelope(few, few, 500)[1], few)


def test_bucket_means_follow_the_line_and_end_at_the_last_point() -> None:
    x = np.arange(1.0, 30_001.0)
    mx, my = bucket_means(x, 2 * x, 200)
    assert len(mx) <= 202
    np.testing.assert_allclose(my, 2 * mx)
    assert (mx[-1], my[-1]) == (x[-1], 2 * x[-1])


def test_the_curves_get_about_one_point_per_pixel_column(qtbot: Any) -> None:
    loss = LossPlot()
    tabs = in_tabs(qtbot, loss)  # noqa: F841 (kept alive)
    run = Run()
    snap = run.snap(steps=1, running=False)
    n = 60_000
    losses = np.abs(np.sin(np.arange(n) / 100.0)).astype(np.float32)
    losses[4321] = 50.0
    loss.update_snapshot(replace(snap, global_step=n, new_losses=losses))
    x, y = loss.batch_curve.getData()
    width = loss.loss_plot.vb.width() * loss.graphics.devicePixelRatioF()
    assert 10 < len(x) <= 2 * width + 3
    assert y.max() == 50.0 and x[-1] == n


def test_a_flood_of_snapshots_is_drawn_at_most_every_redraw_interval(qtbot: Any, monkeypatch: Any) -> None:
    clock = [100.0]
    monkeypatch.setattr(loss_module, "time", SimpleNamespace(perf_counter=lambda: clock[0]))
    loss = LossPlot()
    tabs = in_tabs(qtbot, loss)  # noqa: F841 (kept alive)
    draws: list[int] = []  # redraws of the batch curve (not the empty curve of a new run)
    original = loss.batch_curve.setData

    def counted(x: Any, y: Any) -> None:
        if len(x):
            draws.append(len(x))
        original(x, y)

    monkeypatch.setattr(loss.batch_curve, "setData", counted)
    run = Run()
    for _ in range(100):  # 100 snapshots within 0.1 s
        loss.update_snapshot(run.snap(steps=2))
        clock[0] += 0.001
    assert len(draws) == 1  # the first one, at once
    assert len(loss.batch) == 200  # every loss is kept
    clock[0] += REDRAW_INTERVAL_S
    loss.update_snapshot(run.snap(steps=2))
    assert len(draws) == 2 and drawn_x(loss)[-1] == 202
    loss.update_snapshot(run.snap(steps=3))  # throttled again...
    assert len(draws) == 2
    final = run.snap(steps=1, running=False)
    loss.update_snapshot(final)  # ...but the snapshot that ends the run is drawn at once
    assert len(draws) == 3 and drawn_x(loss)[-1] == final.global_step == 206


# ---------------------------------------------------------------- boundary colours


@pytest.mark.parametrize("cmap", [binary_colour_map(), pg.colormap.get("cividis")])
@pytest.mark.parametrize("levels", [(0.0, 1.0), (-0.3, 2.7)])
def test_the_boundary_is_coloured_exactly_as_pyqtgraph_colours_it(qtbot: Any, cmap: Any, levels: Any) -> None:
    values = np.random.default_rng(0).uniform(-0.5, 3.0, (40, 50)).astype(np.float32)
    values[0, :4] = [levels[0], levels[1], 0.5, 1e-7]
    ours, theirs = FastImageItem(axisOrder="row-major"), pg.ImageItem(axisOrder="row-major")
    for item in (ours, theirs):
        item.setColorMap(cmap)
        item.setImage(values, autoLevels=False, levels=levels)
        item.render()
    assert ours._render_mapped()  # the fast path was taken
    mine = ours.qimage.convertToFormat(QImage.Format.Format_RGB32)
    reference = theirs.qimage.convertToFormat(QImage.Format.Format_RGB32)
    assert mine == reference


# ---------------------------------------------------------------- neuron diagram


def diagram_for(qtbot: Any) -> NeuronDiagram:
    spec = load_design(EXAMPLES / "spiral.json")
    columns = diagram_columns(spec)
    assert columns is not None
    return NeuronDiagram(columns, [100.0 * i for i in range(len(columns))], 0.0)


def test_the_neuron_pictures_are_one_picture_per_column(qtbot: Any) -> None:
    diagram = diagram_for(qtbot)
    trainer = Trainer(load_design(EXAMPLES / "spiral.json"), backend="numpy")
    maps = NeuronMapsProbe()(trainer).images
    assert diagram.set_maps(maps) == 2 + 8 + 8 + 1
    strips = diagram._strips
    assert all(strip.isVisible() and not strip.pixmap().isNull() for strip in strips.values())
    neuron = diagram.neuron("L1", 3)
    image = neuron.image()
    assert (image.width(), image.height()) == (32, 32)
    assert image.pixel(16, 16) == int(maps["L1"][3, 16, 16]) and image.pixelColor(0, 0).alpha() == 0
    # the column's picture lies under the neuron's circle: its centre pixel is that neuron's map
    strip = strips["L1"]
    centre = strip.mapFromItem(neuron, 0.0, 0.0)
    pixel = strip.pixmap().toImage().pixel(int(centre.x()), int(centre.y()))
    assert QColor(pixel).rgb() == QColor(int(maps["L1"][3, 16, 16])).rgb()
    trainer.train_steps(50)
    newer = NeuronMapsProbe()(trainer).images
    assert diagram.set_maps(newer) == 8 + 8 + 1  # the inputs did not change: their picture stays


def test_only_links_whose_look_changed_are_touched(qtbot: Any) -> None:
    diagram = diagram_for(qtbot)
    trainer = Trainer(load_design(EXAMPLES / "spiral.json"), backend="numpy")
    weights = NeuronWeightsProbe()(trainer)
    diagram.set_weights(weights)
    touched: list[Any] = []
    for key in diagram.layer_keys():
        for link in diagram.links(key):
            original = link.set_style
            link.set_style = lambda style, link=link, original=original: (touched.append(link), original(style))
    diagram.set_weights(weights)
    assert touched == []  # nothing changed
    changed = {k: v.copy() for k, v in weights.items()}
    assert changed["L2/W"][3, 5] != 0
    changed["L2/W"][3, 5] *= -1  # another sign, the same width
    diagram.set_weights(changed)
    assert [(link.key, link.src, link.dst) for link in touched] == [("L2", 3, 5)]
    assert diagram.weight("L2", 3, 5) == pytest.approx(float(changed["L2/W"][3, 5]))
    assert diagram.neuron("L1", 2).bias == pytest.approx(float(weights["L1/b"][2]))


def test_high_contrast_maps_recolour_the_neuron_pictures(qtbot: Any, window: Any) -> None:
    settings = colour_map_settings()
    diagram, view = window.editor.neuron_diagram, window.neuron_view
    qtbot.waitUntil(lambda: view.maps_shown > 0, timeout=TIMEOUT_MS)
    normal_name, normal = sign_palette(False)
    strong_name, strong = sign_palette(True)
    before = {k: v.copy() for k, v in diagram.last_maps().items()}
    assert set(np.unique(before["L1"])) <= set(normal.tolist())
    view.open_neuron("L1", 0)
    popup_before = view.popup.image.pixmap().toImage()
    try:
        settings.set_high_contrast(True)
        after = diagram.last_maps()
        for key in ("input", "L1", "L2", "L3"):
            assert not np.array_equal(after[key], before[key]), key
            assert set(np.unique(after[key])) <= set(strong.tolist()), key
        assert diagram.neuron("L1", 0).image().pixel(16, 16) == int(after["L1"][0, 16, 16])
        assert view.popup.image.pixmap().toImage() != popup_before  # the enlarged picture too
        assert view._maps_fn.palette == strong_name  # the worker colours new pictures so
        window.step_batch_action.trigger()
        qtbot.waitUntil(lambda: view._maps is not None and view._maps.palette == strong_name, timeout=TIMEOUT_MS)
        assert set(np.unique(diagram.last_maps()["L2"])) <= set(strong.tolist())
    finally:
        settings.set_high_contrast(False)
    assert view._maps_fn.palette == normal_name
    assert set(np.unique(diagram.last_maps()["L2"])) <= set(normal.tolist())


def test_the_maps_probe_colours_with_the_palette_it_is_given() -> None:
    trainer = Trainer(load_design(EXAMPLES / "spiral.json"), backend="numpy")
    probe = NeuronMapsProbe(size=16)
    normal = probe(trainer)
    name, strong = sign_palette(True)
    probe.set_palette(name, strong)
    recoloured = probe(trainer)
    assert recoloured.palette == name and normal.palette != name
    for key, indices in normal.indices.items():
        np.testing.assert_array_equal(recoloured.indices[key], indices)
        np.testing.assert_array_equal(recoloured.images[key], strong.take(indices))
        assert not np.array_equal(recoloured.images[key], normal.images[key])
    with pytest.raises(ValueError):
        probe.set_palette("short", strong[:10])


# ---------------------------------------------------------------- the worker's cadence


def test_a_probe_of_a_tenth_of_a_second_runs_with_every_third_snapshot(monkeypatch: Any) -> None:
    import engine.probes as probes

    clock = [1000.0]
    monkeypatch.setattr(probes, "time", SimpleNamespace(perf_counter=lambda: clock[0]))
    calls: list[float] = []
    probe = Probe(lambda trainer: calls.append(clock[0]), min_interval=0.1)
    for _ in range(31):  # one second of snapshots every 1/30 s
        run_probes(None, {"p": probe}, final=False)
        clock[0] += 1.0 / 30.0
    assert len(calls) == 11  # 10 a second (every third snapshot), not 8 (every fourth)
    run_probes(None, {"p": probe}, final=True)
    assert len(calls) == 12  # always for a final snapshot


def test_the_worker_emits_on_a_fixed_cadence(monkeypatch: Any, qtbot: Any) -> None:
    import playground.training.worker as worker_module

    clock = [500.0]
    monkeypatch.setattr(worker_module, "time", SimpleNamespace(perf_counter=lambda: clock[0]))
    worker = worker_module.TrainingWorker(grid_size=10)
    run = Run()
    worker.trainer, worker.grid = run.trainer, BoundaryGrid.for_dataset(run.trainer.dataset, 10)
    worker._running = True
    sent: list[float] = []
    worker.snapshot_ready.connect(lambda snap: sent.append(clock[0]))
    worker._last_emit = clock[0]
    for _ in range(300):  # chunks of 7 ms, each a little past the snapshot due before it
        clock[0] += 0.007
        worker._maybe_emit()
        worker.ack()
    assert len(sent) == pytest.approx(300 * 0.007 / worker.snapshot_interval, abs=1)
    before_stall = len(sent)
    clock[0] += 1.0  # a long stall (e.g. the GUI was busy): no burst of catch-up snapshots
    worker._maybe_emit()
    worker.ack()
    for _ in range(3):
        clock[0] += 0.007
        worker._maybe_emit()
        worker.ack()
    assert len(sent) == before_stall + 1
