"""The live plots (playground/plots), fed with snapshots taken synchronously (no threads)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QCheckBox, QLabel

from engine.design_io import load_design
from engine.probes import BoundaryGrid, take_snapshot
from engine.training import Trainer
from playground.plots import BoundaryPlot, LossPlot
from playground.plots.loss_plot import Series, nice_ceiling

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"


class Run:
    """A trainer and a way to take the snapshots the worker would send."""

    def __init__(self, name: str = "spiral.json", design=None):
        design = design or load_design(EXAMPLES / name)
        self.trainer = Trainer(design, backend="numpy")
        self.grid = BoundaryGrid.for_dataset(self.trainer.dataset, size=50)
        self.revision = 1
        self.run = 1

    def snap(self, steps: int = 0, running: bool = False, revision: int | None = None):
        losses = [self.trainer.train_step() for _ in range(steps)]
        return take_snapshot(
            self.trainer,
            self.grid,
            self.revision if revision is None else revision,
            losses,
            running=running,
            final=not running,
            run=self.run,
        )


@pytest.fixture
def boundary(qtbot):
    plot = BoundaryPlot()
    qtbot.addWidget(plot)
    plot.resize(500, 500)
    plot.show()
    return plot


@pytest.fixture
def loss(qtbot):
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(600, 400)
    plot.show()
    return plot


# ---------------------------------------------------------------- BoundaryPlot


def test_boundary_plot_widgets_are_named(boundary):
    assert boundary.objectName() == "boundaryPlot"
    assert isinstance(boundary.findChild(QCheckBox, "showTestPoints"), QCheckBox)
    assert isinstance(boundary.findChild(QCheckBox, "discretizeOutput"), QCheckBox)


def test_update_snapshot_changes_the_image(boundary):
    run = Run()
    assert boundary.update_snapshot(run.snap())
    assert boundary.mode == "binary"
    first = np.array(boundary.image_array())
    assert first.shape == (50, 50) and first.dtype == np.float32
    assert boundary.update_snapshot(run.snap(steps=400))
    second = boundary.image_array()
    assert second.shape == (50, 50)
    assert np.abs(second - first).max() > 0.01
    # the image covers exactly the snapshot's extent
    rect = boundary.image.mapRectToParent(boundary.image.boundingRect())
    assert (rect.left(), rect.right(), rect.top(), rect.bottom()) == pytest.approx((-6, 6, -6, 6))


def test_stale_snapshots_are_dropped(boundary):
    run = Run()
    boundary.update_snapshot(run.snap())
    shown = np.array(boundary.image_array())
    boundary.set_min_revision(5)
    assert not boundary.update_snapshot(run.snap(steps=300, revision=4))
    np.testing.assert_array_equal(boundary.image_array(), shown)
    assert boundary.update_snapshot(run.snap(steps=1, revision=5))


def test_discretize_shows_hard_decisions(boundary):
    run = Run()
    boundary.update_snapshot(run.snap(steps=300))
    assert len(np.unique(boundary.image_array())) > 2
    boundary.findChild(QCheckBox, "discretizeOutput").setChecked(True)
    assert set(np.unique(boundary.image_array())) <= {0.0, 1.0}
    boundary.findChild(QCheckBox, "discretizeOutput").setChecked(False)
    assert len(np.unique(boundary.image_array())) > 2


def test_test_points_toggle(boundary):
    run = Run()
    boundary.update_snapshot(run.snap())
    assert not boundary.test_points.isVisible()
    assert len(boundary.train_points.data) == len(run.trainer.dataset.raw_train)
    assert len(boundary.test_points.data) == len(run.trainer.dataset.raw_test)
    boundary.findChild(QCheckBox, "showTestPoints").setChecked(True)
    assert boundary.test_points.isVisible()


def test_k_classes_draw_an_rgb_class_map(boundary):
    run = Run("blobs.json")
    boundary.update_snapshot(run.snap(steps=200))
    assert boundary.mode == "classes"
    img = boundary.image_array()
    assert img.shape == (50, 50, 3) and img.dtype == np.uint8
    assert len(np.unique(img.reshape(-1, 3), axis=0)) > 3


def test_regression_shows_the_predicted_surface(boundary):
    design = load_design(EXAMPLES / "spiral.json")
    layers = (*design.layers[:2], design.layers[2].with_option("activation", "linear"))
    design = replace(design, layers=layers, data=replace(design.data, dataset="plane"))
    run = Run(design=design)
    boundary.update_snapshot(run.snap(steps=200))
    assert boundary.mode == "regression"
    lo, hi = boundary._levels
    targets = np.concatenate([run.trainer.dataset.y_train, run.trainer.dataset.y_test])
    assert lo == pytest.approx(targets.min()) and hi == pytest.approx(targets.max())
    assert boundary.image_array().shape == (50, 50)


def test_data_without_a_plane_shows_a_message(boundary):
    run = Run()
    ds = replace(run.trainer.dataset, raw_train=None, raw_test=None)
    boundary.set_data(ds)
    assert boundary.mode == "none"
    assert boundary.stack.currentWidget() is boundary.findChild(QLabel, "boundaryMessage")
    boundary.set_data(run.trainer.dataset)
    assert boundary.stack.currentWidget() is boundary.plot_widget


# ---------------------------------------------------------------- LossPlot


def test_loss_plot_curve_grows_and_clear_empties_it(loss):
    assert loss.objectName() == "lossPlot"
    run = Run()
    loss.update_snapshot(run.snap(steps=10))
    x, _ = loss.batch_curve.getData()
    assert len(x) == 10 and x[0] == 1.0 and x[-1] == 10.0
    assert x.dtype == np.float64
    loss.update_snapshot(run.snap(steps=60))  # crosses two epoch ends (25 steps each)
    x, _ = loss.batch_curve.getData()
    assert len(x) == 70
    ex, ey = loss.train_curve.getData()
    assert list(ex) == [25.0, 50.0]
    assert ey[0] == pytest.approx(run.trainer.history[0].train_loss)
    assert len(loss.test_acc_curve.getData()[0]) == 2
    loss.clear()
    x, _ = loss.batch_curve.getData()
    assert x is None or len(x) == 0
    assert len(loss.batch) == 0


def test_loss_plot_continues_across_pause_and_restarts_on_a_new_run(loss):
    run = Run()
    loss.update_snapshot(run.snap(steps=30, running=True))
    loss.update_snapshot(run.snap(steps=0, running=False))  # the final snapshot of a pause
    loss.update_snapshot(run.snap(steps=20, running=False))
    loss.flush()
    assert len(loss.batch_curve.getData()[0]) == 50
    old = run.snap(steps=0)
    run.trainer.reinitialize()
    run.run = 2
    loss.update_snapshot(run.snap(steps=5))
    assert len(loss.batch_curve.getData()[0]) == 5
    assert not loss.update_snapshot(old)  # stale: from the run before the reset
    assert len(loss.batch_curve.getData()[0]) == 5


def test_running_snapshots_are_drawn_by_a_throttled_timer(loss, qtbot):
    run = Run()
    loss.update_snapshot(run.snap(steps=5, running=True))  # drawn at once (first)
    loss.update_snapshot(run.snap(steps=5, running=True))  # stored, drawn by the timer
    assert len(loss.batch) == 10
    qtbot.waitUntil(lambda: len(loss.batch_curve.getData()[0]) == 10, timeout=2000)


def test_log_scale_toggle(loss):
    run = Run()
    loss.update_snapshot(run.snap(steps=60))
    box = loss.findChild(QCheckBox, "lossLogScale")
    assert not loss.is_log_scale
    box.setChecked(True)
    assert loss.is_log_scale and loss.batch_curve.opts["logMode"] == [False, True]
    lo, hi = loss.loss_plot.vb.viewRange()[1]
    assert hi <= 1.1 and lo < 0  # log10 units, not losses
    box.setChecked(False)
    assert loss.batch_curve.opts["logMode"] == [False, False]


def test_regression_hides_the_accuracy_plot(loss):
    run = Run()
    loss.update_snapshot(run.snap(steps=30))
    assert loss.acc_plot.isVisible()
    snap = replace(run.snap(steps=1), task="regression")
    loss.update_snapshot(snap)
    assert not loss.acc_plot.isVisible()


def test_readout_shows_the_values_under_the_mouse(loss):
    run = Run()
    loss.update_snapshot(run.snap(steps=60))
    assert "step 60" in loss.readout.text()
    loss.show_values_at(26.2)
    text = loss.readout.text()
    assert "step 26" in text and "epoch 1" in text
    loss.show_values_at(None)
    assert "step 60" in loss.readout.text()


def test_series_thins_by_averaging_pairs_beyond_its_cap():
    s = Series(cap=100, capacity=4)
    x = np.arange(1, 1001, dtype=np.float64)
    for part in np.array_split(x, 37):
        s.extend(part, part * 2.0)
    xs, ys = s.data()
    assert len(xs) <= 101 and s.stride >= 8
    assert np.all(np.diff(xs) > 0)
    np.testing.assert_allclose(ys, xs * 2.0)  # bucket means of a linear series stay on the line
    assert xs[0] == pytest.approx(np.mean(x[: s.stride]))


def test_nice_ceiling():
    assert nice_ceiling(0.93) == pytest.approx(1.0)
    assert nice_ceiling(1.2) == pytest.approx(1.5)
    assert nice_ceiling(2600) == pytest.approx(3000)
    assert nice_ceiling(0) == 1.0
