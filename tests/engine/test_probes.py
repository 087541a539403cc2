"""Snapshots and the decision-boundary grid (engine/probes.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from engine.design_io import load_design
from engine.probes import BoundaryGrid, Snapshot, boundary_values, plane_extent, take_snapshot
from engine.spec import LayerSpec
from engine.training import Trainer

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"


def _trainer(name: str = "spiral.json", **train) -> Trainer:
    design = load_design(EXAMPLES / name)
    if train:
        design = replace(design, train=replace(design.train, **train))
    return Trainer(design, backend="numpy")


def test_take_snapshot_shapes_and_types():
    trainer = _trainer()
    grid = BoundaryGrid.for_dataset(trainer.dataset, size=40)
    losses = [trainer.train_step() for _ in range(7)]
    snap = take_snapshot(trainer, grid, revision=3, new_losses=losses, running=True, final=False)
    assert isinstance(snap, Snapshot)
    assert snap.revision == 3 and snap.global_step == 7 and snap.epoch == 0
    assert snap.new_losses.dtype == np.float32 and snap.new_losses.shape == (7,)
    np.testing.assert_allclose(snap.new_losses, losses, rtol=1e-6)
    assert snap.boundary.shape == (40, 40) and snap.boundary.dtype == np.float32
    assert snap.boundary_classes.shape == (40, 40)
    assert snap.boundary.min() >= 0.0 and snap.boundary.max() <= 1.0
    assert snap.extent == (-6.0, 6.0, -6.0, 6.0)
    assert snap.backend == "numpy" and snap.running and not snap.final
    assert snap.history == () and snap.train_loss is None
    assert snap.learning_rate == pytest.approx(0.03)
    assert snap.task == "classification" and snap.n_classes == 2
    # immutable: arrays are read-only copies
    with pytest.raises(ValueError):
        snap.new_losses[0] = 1.0
    with pytest.raises(ValueError):
        snap.boundary[0, 0] = 1.0
    with pytest.raises(AttributeError):
        snap.epoch = 5  # type: ignore[misc]


def test_snapshot_after_an_epoch_carries_its_metrics_and_evaluate_fills_epoch_zero():
    trainer = _trainer()
    idle = take_snapshot(trainer, None, 0, [], running=False, final=True, evaluate=True)
    assert idle.boundary is None and idle.extent is None
    assert idle.train_loss is not None and idle.test_loss is not None and idle.test_acc is not None
    record = trainer.train_epoch()
    snap = take_snapshot(trainer, None, 0, [], running=False, final=True)
    assert snap.epoch == 1 and len(snap.history) == 1
    assert snap.train_loss == pytest.approx(record.train_loss)
    assert snap.test_acc == pytest.approx(record.test_acc)
    trainer.train_epoch()
    assert len(snap.history) == 1  # the snapshot's history is a copy


def test_boundary_changes_after_training():
    trainer = _trainer()
    grid = BoundaryGrid.for_dataset(trainer.dataset)
    before = take_snapshot(trainer, grid, 0, [], False, True).boundary
    for _ in range(300):
        trainer.train_step()
    after = take_snapshot(trainer, grid, 0, [], False, True).boundary
    assert before.shape == after.shape == (100, 100)
    assert np.abs(after - before).max() > 0.05


@pytest.mark.parametrize("name", ["spiral.json", "blobs.json", "xor.json", "circle.json"])
def test_grid_outputs_equal_trainer_predict(name):
    trainer = _trainer(name)
    for _ in range(50):
        trainer.train_step()
    grid = BoundaryGrid.for_dataset(trainer.dataset, size=30)
    x = grid.features(trainer.dataset.feature_names, trainer.backend)
    fast = grid.outputs(trainer)
    again = grid.outputs(trainer)  # the preallocated path must not alias its output between calls
    np.testing.assert_allclose(fast, trainer.predict(np.asarray(x)), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(fast, again)
    # and after more training the same grid object follows the new weights
    for _ in range(50):
        trainer.train_step()
    np.testing.assert_allclose(grid.outputs(trainer), trainer.predict(np.asarray(x)), rtol=1e-5, atol=1e-6)


def test_grid_follows_a_rebuilt_network():
    trainer = _trainer()
    grid = BoundaryGrid.for_dataset(trainer.dataset, size=20)
    grid.outputs(trainer)
    design = trainer.design
    added = LayerSpec("L9", "dense", {"units": 5, "activation": "relu"})
    layers = (*design.layers[:2], added, design.layers[2])
    trainer.rebuild(replace(design, layers=layers))
    x = np.asarray(grid.features(trainer.dataset.feature_names, trainer.backend))
    np.testing.assert_allclose(grid.outputs(trainer), trainer.predict(x), rtol=1e-5, atol=1e-6)


def test_grid_points_are_cell_centres_row_major():
    grid = BoundaryGrid((-1.0, 1.0, 0.0, 4.0), size=4)
    pts = grid.points.reshape(4, 4, 2)
    np.testing.assert_allclose(pts[0, :, 0], [-0.75, -0.25, 0.25, 0.75])  # x along a row
    np.testing.assert_allclose(pts[:, 0, 1], [0.5, 1.5, 2.5, 3.5])  # y grows with the row index


def test_boundary_values_tanh_output_maps_to_unit_interval():
    trainer = _trainer()
    y = np.array([[-1.0], [0.0], [1.0], [0.5]], dtype=np.float32)
    values, classes = boundary_values(y, trainer)
    np.testing.assert_allclose(values, [0.0, 0.5, 1.0, 0.75])
    np.testing.assert_array_equal(classes, [0, 0, 1, 1])


def test_boundary_for_k_classes_is_confidence_and_class_map():
    trainer = _trainer("blobs.json")
    for _ in range(100):
        trainer.train_step()
    grid = BoundaryGrid.for_dataset(trainer.dataset, size=25)
    values, classes = grid.evaluate(trainer)
    assert classes.shape == (25, 25) and set(np.unique(classes)) <= {0, 1, 2}
    assert values.min() >= 1.0 / 3.0 - 1e-6 and values.max() <= 1.0
    out = grid.outputs(trainer)
    np.testing.assert_array_equal(classes.ravel(), out.argmax(axis=1))


def test_plane_extent_is_none_without_points():
    trainer = _trainer()
    ds = replace(trainer.dataset, raw_train=None, raw_test=None)
    assert plane_extent(ds) is None
    assert BoundaryGrid.for_dataset(ds) is None
    big = replace(trainer.dataset, raw_train=trainer.dataset.raw_train * 3)
    lo, hi, _, _ = plane_extent(big)
    assert lo == -hi and hi > 6.0 and hi >= np.abs(big.raw_train).max()


def test_grid_rejects_bad_arguments():
    with pytest.raises(ValueError):
        BoundaryGrid((0.0, 1.0, 0.0, 1.0), size=1)
    with pytest.raises(ValueError):
        BoundaryGrid((1.0, 1.0, 0.0, 1.0))
