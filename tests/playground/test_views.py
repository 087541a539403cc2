"""The analysis views (playground/views) in a real MainWindow with the training thread running.

Each test builds a window through ``make_window`` (always closed and its thread joined),
calls ``install_analysis_views`` itself, and trains a small MNIST design (512 training and
256 test images). The trainer is read directly only while training is paused and the
final snapshot has arrived (the worker thread is idle then).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from engine import inspect as ins
from engine.design_io import load_design
from playground.views import (
    CnnFiltersView,
    ConfusionView,
    DenseWeightsView,
    GradientFlowView,
    install_analysis_views,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"
TIMEOUT_MS = 30_000


def small(name: str, **train):
    design = load_design(EXAMPLES / name)
    data = replace(design.data, train_limit=512, test_limit=256)
    train = {"backend": "numpy", "epochs": 1000, **train}
    return replace(design, data=data, train=replace(design.train, **train))


class Rig:
    """A shown main window with the analysis views installed."""

    def __init__(self, make_window, qtbot, spec):
        self.qtbot = qtbot
        self.window = make_window(spec=spec, size=(1400, 900))
        self.views = install_analysis_views(self.window)
        self.by_name = {v.objectName(): v for v in self.views}
        self.ctl = self.window.controller

    def __getitem__(self, name: str):
        return self.by_name[name]

    def show(self, view) -> None:
        self.window.view_tabs.setCurrentWidget(view)
        self.qtbot.waitUntil(view.isVisible, timeout=TIMEOUT_MS)

    def wait(self, cond, timeout: int = TIMEOUT_MS) -> None:
        self.qtbot.waitUntil(cond, timeout=timeout)

    def pause_and_settle(self) -> None:
        """Pause and wait for the final snapshot (after it the worker is idle)."""
        self.ctl.pause()
        self.wait(lambda: self.ctl.last_snapshot is not None and not self.ctl.last_snapshot.running
                  and self.ctl.state == "paused")

    def trainer(self):
        return self.ctl.worker.trainer


@pytest.fixture
def rig(make_window, qtbot):
    def make(spec=None):
        return Rig(make_window, qtbot, spec if spec is not None else small("mnist-cnn.json"))

    return make


def readout_of(view, kind):
    r = view.last_readout
    return r if isinstance(r, kind) else None


# ---------------------------------------------------------------- installation


def test_install_adds_four_named_tabs_and_is_idempotent(rig):
    r = rig()
    names = [v.objectName() for v in r.views]
    assert names == ["cnnFiltersView", "denseWeightsView", "gradientFlowView", "confusionView"]
    tabs = r.window.view_tabs
    titles = [tabs.tabText(tabs.indexOf(v)) for v in r.views]
    assert titles == ["CNN filters", "Weight images", "Gradient flow", "Confusion matrix"]
    assert all(tabs.indexOf(v) >= 0 for v in r.views)
    again = install_analysis_views(r.window)
    assert again == r.views and tabs.count() == len({tabs.widget(i) for i in range(tabs.count())})
    assert sum(isinstance(tabs.widget(i), CnnFiltersView) for i in range(tabs.count())) == 1
    assert set(r.ctl._probes) >= {v.probe_name for v in r.views}


# ---------------------------------------------------------------- CNN filters and feature maps


def test_filter_images_change_while_training(rig):
    r = rig()
    view: CnnFiltersView = r["cnnFiltersView"]
    r.show(view)
    r.wait(lambda: readout_of(view, ins.ConvReadout) is not None)
    first = view.filters_array(0).copy()
    assert np.isnan(first).any() and np.isfinite(first).any()  # tiles and 1-pixel separators
    step0, received0 = view.last_readout.step, view.readouts_received
    r.ctl.play()
    r.wait(lambda: (readout_of(view, ins.ConvReadout) or view.last_readout).step >= step0 + 10
           and view.readouts_received >= received0 + 3)
    r.pause_and_settle()
    second = view.filters_array(0)
    assert second.shape == first.shape
    assert not np.allclose(first, second, equal_nan=True)
    assert view.maps_array(1).shape == (2 * 12 - 1, 8 * 12 - 1)  # 16 maps of 11×11 in 2 rows of 8


def test_feature_maps_arrive_for_the_chosen_sample_and_follow_a_new_pick(rig):
    r = rig()
    view: CnnFiltersView = r["cnnFiltersView"]
    r.show(view)
    r.ctl.step_batch()
    r.wait(lambda: readout_of(view, ins.ConvReadout) is not None and view.last_readout.step >= 1)
    view.set_sample(3)
    r.wait(lambda: view.last_readout.sample == 3)
    r.pause_and_settle()
    maps3 = view.maps_array(0).copy()
    direct = ins.conv_readout(r.trainer(), 3)  # the worker is idle: same weights, computed here
    np.testing.assert_allclose(maps3, ins.mosaic(direct.layers[0].maps, 4), rtol=1e-5, atol=1e-6, equal_nan=True)
    assert "#3" in view._heading.full_text
    view.set_sample(7)
    r.wait(lambda: view.last_readout.sample == 7)
    maps7 = view.maps_array(0)
    assert not np.allclose(maps3, maps7, equal_nan=True)
    assert "#7" in view._heading.full_text
    assert view.sample_spin.maximum() == 255


# ---------------------------------------------------------------- gradient flow


def test_gradient_curves_grow_and_reset_clears_them(rig):
    r = rig()
    view: GradientFlowView = r["gradientFlowView"]
    r.show(view)
    r.ctl.play()
    r.wait(lambda: view.history is not None and len(view.history) >= 3)
    n1 = len(view.history)
    r.wait(lambda: len(view.history) >= n1 + 3 and min(view.curve_lengths() or [0]) >= 3)
    r.pause_and_settle()
    hist = view.history
    assert hist.layer_ids == ("L1", "L3", "L6") and len(view.curve_lengths()) == 3
    assert np.all(np.diff(hist.steps[: hist.n]) > 0)
    assert np.all(hist.grads[: hist.n] > 0)
    run = r.ctl.last_snapshot.run
    r.ctl.reset()
    r.wait(lambda: r.ctl.last_snapshot.run > run and not r.ctl.last_snapshot.running)
    assert view.history is None or len(view.history) == 0
    assert view.curve_lengths() in ([], [0, 0, 0])


def test_gradient_history_is_kept_while_the_view_is_hidden(rig):
    r = rig()
    grads: GradientFlowView = r["gradientFlowView"]
    filters = r["cnnFiltersView"]
    r.show(filters)
    r.ctl.play()
    r.wait(lambda: grads.history is not None and len(grads.history) >= 3)
    r.pause_and_settle()
    r.show(grads)
    r.wait(lambda: min(grads.curve_lengths() or [0]) >= 3)


# ---------------------------------------------------------------- confusion matrix and mistakes


def test_confusion_matrix_sums_to_the_test_size_and_the_gallery_shows_predictions(rig):
    r = rig()
    view: ConfusionView = r["confusionView"]
    r.show(view)
    for _ in range(3):
        r.ctl.step_batch()
    r.wait(lambda: readout_of(view, ins.ClassificationReadout) is not None and view.last_readout.step >= 3)
    r.pause_and_settle()
    res: ins.ClassificationReadout = view.last_readout
    assert res.matrix.shape == (10, 10) and res.matrix.sum() == 256 and not res.sampled
    assert sum(int(t.replace(",", "")) for t in view.matrix_texts()) == 256
    np.testing.assert_array_equal(
        np.array([int(t) for t in view.matrix_texts()]).reshape(10, 10), res.matrix
    )
    y = r.trainer().dataset.y_test
    pred = np.argmax(np.asarray(r.trainer().outputs("test")), axis=1)
    np.testing.assert_array_equal(res.matrix, ins.confusion_matrix(y, pred, 10))
    captions = view.caption_texts()
    assert res.n_misclassified > 0
    assert len(captions) == min(32, res.n_misclassified) == len(res.misclassified)
    for text, p, t in zip(captions, res.mis_predicted, res.mis_true, strict=True):
        assert text.split() == ["says", str(p), "is", str(t)]
    assert view.gallery_image.image is not None
    assert "all 256 test samples" in view.heading.full_text


def test_hidden_views_compute_nothing(rig):
    r = rig()
    filters, confusion, dense = r["cnnFiltersView"], r["confusionView"], r["denseWeightsView"]
    r.show(filters)
    r.ctl.play()
    r.wait(lambda: filters.readouts_received >= 3)
    r.pause_and_settle()
    assert confusion.readouts_received == 0 and dense.readouts_received == 0
    assert not confusion.state.active and filters.state.active


# ---------------------------------------------------------------- export


def test_export_png_writes_a_file_of_the_requested_width(rig, tmp_path):
    r = rig()
    view = r["cnnFiltersView"]
    r.show(view)
    r.ctl.step_batch()
    r.wait(lambda: readout_of(view, ins.ConvReadout) is not None)
    for width in (1920, 800):
        path = view.export_png(tmp_path / f"filters-{width}", width=width)
        assert path.suffix == ".png" and path.is_file()
        image = QImage(str(path))
        assert image.width() == width and image.height() > 100
    grads = r["gradientFlowView"]
    r.show(grads)
    r.wait(lambda: grads.showing_content)
    out = grads.export_png(tmp_path / "grads.png", width=1920)
    assert QImage(str(out)).width() == 1920
    dense = r["denseWeightsView"]
    with pytest.raises(RuntimeError):  # a note, nothing drawn: the button is disabled too
        dense.export_png(tmp_path / "dense.png")
    assert not dense.save_button.isEnabled()


def test_save_button_asks_for_a_file_and_exports(rig, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    r = rig()
    view = r["confusionView"]
    r.show(view)
    r.ctl.step_batch()
    r.wait(lambda: readout_of(view, ins.ClassificationReadout) is not None)
    target = tmp_path / "matrix.png"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    view.save_button.click()
    assert QImage(str(target)).width() == 1920


# ---------------------------------------------------------------- designs a view does not fit


def test_views_show_notes_for_designs_they_do_not_fit(rig):
    spiral = load_design(EXAMPLES / "spiral.json")
    r = rig(replace(spiral, train=replace(spiral.train, backend="numpy")))
    filters, dense, confusion = r["cnnFiltersView"], r["denseWeightsView"], r["confusionView"]
    for view in (filters, dense):
        r.show(view)
        r.wait(lambda v=view: isinstance(v.last_readout, ins.Unavailable))
        assert not view.showing_content and view.note.isVisible()
    assert "no Conv2D" in filters.note.text()
    assert "not made of images" in dense.note.text()
    r.show(confusion)
    r.ctl.step_batch()
    r.wait(lambda: readout_of(confusion, ins.ClassificationReadout) is not None)
    res = confusion.last_readout
    assert res.matrix.shape == (2, 2) and res.matrix.sum() == len(r.trainer().dataset.x_test)
    assert not confusion._gallery_on and confusion.caption_texts() == []


def test_weight_images_of_the_mlp(rig):
    r = rig(small("mnist-mlp.json"))
    dense: DenseWeightsView = r["denseWeightsView"]
    r.show(dense)
    r.ctl.step_batch()
    r.wait(lambda: readout_of(dense, ins.DenseImageReadout) is not None and dense.last_readout.step >= 1)
    image = dense.image_array()
    assert image.shape == (16 * 29 - 1, 32 * 29 - 1)  # 512 units, 16 × 32, 1-pixel separators
    r.pause_and_settle()
    w = np.asarray(r.trainer().network.layer("L2").params["W"])
    np.testing.assert_array_equal(image[:28, 29:57], w[:, 1].reshape(28, 28))
    dense.set_relative(True)
    r.wait(lambda: dense.last_readout.relative)
    ref = dense.last_readout.reference_step
    assert f"change of its input weights since step {ref}" in dense._title.full_text
    r.ctl.step_batch()  # the reference is the first weights the view's probe saw: now they move away
    r.wait(lambda: dense.last_readout.relative and dense.last_readout.step > ref)
    assert np.nanmax(np.abs(dense.image_array())) > 0
    r.show(r["cnnFiltersView"])
    r.wait(lambda: isinstance(r["cnnFiltersView"].last_readout, ins.Unavailable))


def test_gradient_history_restarts_when_the_run_changes(qtbot):
    """Fed directly (no thread): a new ``snapshot.run`` starts a new history even if steps go on."""
    from engine.probes import take_snapshot
    from engine.training import Trainer

    trainer = Trainer(load_design(EXAMPLES / "spiral.json"), backend="numpy")
    view = GradientFlowView()
    qtbot.addWidget(view)
    view.resize(800, 500)
    view.show()
    base = take_snapshot(trainer, None, 1, [], running=False, final=True, run=1)
    for _ in range(4):
        trainer.train_step()
        view.on_snapshot(replace(base, global_step=trainer.global_step,
                                 extras={view.probe_name: ins.gradient_readout(trainer)}))
    assert len(view.history) == 4 and view.curve_lengths() == [4, 4, 4]
    trainer.train_step()
    view.on_snapshot(replace(base, run=2, global_step=trainer.global_step,
                             extras={view.probe_name: ins.gradient_readout(trainer)}))
    assert len(view.history) == 1 and view.history.steps[0] == 5
    assert view.curve_lengths() == [1, 1, 1]
