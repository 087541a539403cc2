"""Every shipped example design loads, passes the checks and trains."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from engine.design_io import load_design
from engine.spec import DesignSpec
from engine.training import Trainer

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "assets" / "examples").glob("*.json"))


def test_the_promised_examples_ship() -> None:
    names = {p.stem for p in EXAMPLES}
    assert {"xor", "perceptron-xor", "circle", "spiral", "blobs", "mnist-mlp", "mnist-cnn"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_loads_round_trips_and_trains(path: Path) -> None:
    design = load_design(path)
    assert design.name and design.description
    assert DesignSpec.from_dict(json.loads(json.dumps(design.to_dict()))) == design
    small = replace(design, data=replace(design.data, train_limit=512, test_limit=128))
    trainer = Trainer(small, backend="numpy")
    losses = [trainer.train_step() for _ in range(5)]
    assert all(v == v for v in losses)  # finite, not NaN


def test_mnist_mlp_is_the_textbook_network() -> None:
    d = load_design(next(p for p in EXAMPLES if p.stem == "mnist-mlp"))
    dense = [layer for layer in d.layers if layer.type == "dense"]
    assert [(x.get("units"), x.get("activation")) for x in dense] == [(512, "relu"), (10, "softmax")]
    t = d.train
    assert (t.optimizer, t.learning_rate, t.loss, t.batch_size, t.epochs) == (
        "rmsprop", 0.001, "categorical_crossentropy", 128, 5)
