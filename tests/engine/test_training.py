"""Training behaviour: determinism, the examples' promises, honest step units, live knobs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from engine.design_io import load_design
from engine.errors import TrainingDiverged
from engine.spec import DataSpec, DesignSpec, LayerSpec, TrainSpec
from engine.training import Trainer

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"


def example(name: str) -> DesignSpec:
    return load_design(EXAMPLES / f"{name}.json")


def test_same_design_and_seed_give_bit_identical_history() -> None:
    d = replace(example("spiral"), train=replace(example("spiral").train, epochs=3))
    runs = []
    for _ in range(2):
        t = Trainer(d, backend="numpy")
        t.train_epochs(3)
        runs.append(([r.train_loss for r in t.history], [r.test_loss for r in t.history], t.step_losses))
    assert runs[0] == runs[1]
    other = Trainer(replace(d, train=replace(d.train, seed=2)), backend="numpy")
    other.train_epochs(3)
    assert other.step_losses != runs[0][2]


def test_xor_example_reaches_full_training_accuracy() -> None:
    t = Trainer(example("xor"), backend="numpy")
    t.train_epochs(example("xor").train.epochs)
    assert t.evaluate("train")[1] == 1.0


def test_perceptron_cannot_learn_xor() -> None:
    d = example("perceptron-xor")
    t = Trainer(d, backend="numpy")
    for _ in range(d.train.epochs):
        t.train_epoch()
        assert t.evaluate("train")[1] <= 0.75


def test_perceptron_rule_learns_a_linearly_separable_set() -> None:
    d = replace(example("perceptron-xor"), data=DataSpec("gaussians", samples=200, noise=0.0, seed=0))
    t = Trainer(d, backend="numpy")
    t.train_epochs(20)
    assert t.evaluate("train")[1] == 1.0


def test_step_activation_cannot_learn_by_gradient_descent() -> None:
    d = DesignSpec(
        (LayerSpec("L1", "dense", {"units": 4, "activation": "step"}),
         LayerSpec("L2", "dense", {"units": 1, "activation": "step"})),
        DataSpec("gaussians", samples=100, seed=0),
        TrainSpec(loss="mse", optimizer="adam", learning_rate=0.1, batch_size=10),
    )
    t = Trainer(d, backend="numpy")
    before = t.network.flat_params.copy()
    t.train_epochs(3)
    np.testing.assert_array_equal(t.network.flat_params, before)  # honest: zero gradient, no change


def test_circle_example_learns() -> None:
    t = Trainer(example("circle"), backend="numpy")
    first = t.train_epoch().train_loss
    t.train_epochs(30)
    assert t.history[-1].train_loss < 0.5 * first
    assert t.evaluate("test")[1] > 0.9


def test_learning_rate_change_keeps_weights_and_optimizer_state() -> None:
    d = replace(example("blobs"), train=replace(example("blobs").train, epochs=2))
    t = Trainer(d, backend="numpy")
    t.train_epoch()
    weights = t.network.flat_params.copy()
    steps_before = t.optimizer.state_dict()["t"]
    t.set_train(replace(d.train, learning_rate=0.0))
    np.testing.assert_array_equal(t.network.flat_params, weights)
    t.train_step()  # learning rate 0: nothing moves, but the optimizer's step count goes on
    np.testing.assert_array_equal(t.network.flat_params, weights)
    assert t.optimizer.state_dict()["t"] == steps_before + 1
    t.set_train(replace(d.train, learning_rate=0.05))
    t.train_step()
    assert not np.array_equal(t.network.flat_params, weights)


def test_structural_edit_keeps_unchanged_weights() -> None:
    d = example("blobs")
    t = Trainer(d, backend="numpy")
    t.train_epoch()
    w1 = t.network.layer("L1").params["W"].copy()
    grown = replace(d, layers=(d.layers[0], LayerSpec("L9", "dense", {"units": 8, "activation": "relu"}),
                                d.layers[1]))
    t.rebuild(grown)
    np.testing.assert_array_equal(t.network.layer("L1").params["W"], w1)
    assert t.network.layer("L9").params["W"].shape == (8, 8)
    t.train_step()


def test_divergence_is_reported_not_hidden() -> None:
    d = example("spiral")
    d = replace(d, train=replace(d.train, learning_rate=500.0, loss="mse"),
                layers=tuple(replace(layer, options={**layer.options, "activation": "linear"}) for layer in d.layers))
    t = Trainer(d, backend="numpy")
    with pytest.raises(TrainingDiverged, match="smaller learning rate"):
        t.train_epochs(20)


def test_regression_reports_no_accuracy() -> None:
    d = DesignSpec(
        (LayerSpec("L1", "dense", {"units": 8, "activation": "tanh"}),
         LayerSpec("L2", "dense", {"units": 1, "activation": "linear"})),
        DataSpec("plane", samples=200, seed=0),
        TrainSpec(loss="mse", optimizer="adam", learning_rate=0.01, batch_size=10),
    )
    t = Trainer(d, backend="numpy")
    t.train_epochs(20)
    rec = t.history[-1]
    assert rec.train_acc is None and rec.test_acc is None
    assert rec.test_loss < 0.01


@pytest.mark.parametrize("name", ["spiral", "blobs", "xor"])
def test_batches_from_the_shuffled_copy_equal_gathered_batches(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Small data sets train from a per-epoch shuffled copy (fewer GIL releases): bit for bit the same run."""
    import engine.training as training

    design = load_design(EXAMPLES / f"{name}.json")
    copied = Trainer(design, backend="numpy")
    a = copied.train_steps(3 * copied.steps_per_epoch + 5, stop_at_epoch_end=False)
    assert copied._shuffled is not None  # the copy was used
    monkeypatch.setattr(training, "SHUFFLED_COPY_BYTES", -1)  # gather every batch instead
    gathered = Trainer(design, backend="numpy")
    b = gathered.train_steps(3 * gathered.steps_per_epoch + 5, stop_at_epoch_end=False)
    assert gathered._shuffled is None
    assert a == b
    for key, value in copied.network.state_arrays().items():
        np.testing.assert_array_equal(value, gathered.network.state_arrays()[key])
    assert [r.train_acc for r in copied.history] == [r.train_acc for r in gathered.history]
