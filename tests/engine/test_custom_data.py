"""The ``custom`` data set: drawn points kept in the design, validated, split, trained on, saved."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine import catalog
from engine.cli import main
from engine.data import dataset_input_shape, dataset_task, expand_features, load_dataset
from engine.data.custom import points_of, preview_custom, stable_split
from engine.data.synthetic import spiral
from engine.design_io import dumps_design, load_design, loads_design, save_design
from engine.errors import DataError, DesignError
from engine.spec import FORMAT, FORMAT_VERSION, DataSpec

ROOT = Path(__file__).resolve().parents[2]
XOR = ROOT / "assets" / "examples" / "xor.json"
CLUSTERS = [[-3.0 + 0.1 * i, -2.5, 0] for i in range(10)] + [[3.0 - 0.1 * i, 2.5, 1] for i in range(10)]


def custom_doc(points: list[list[Any]], **data: Any) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": "drawn",
        "data": {"dataset": "custom", "classes": 2, "points": points, **data},
        "network": {"layers": [{"id": "L1", "type": "dense", "options": {"units": 1, "activation": "sigmoid"}}]},
        "train": {"loss": "binary_crossentropy", "optimizer": "adam", "learning_rate": 0.1, "backend": "numpy"},
    }


# ---------------------------------------------------------------- the design file


def test_points_round_trip_through_save_and_load(tmp_path: Path) -> None:
    spec = loads_design(json.dumps(custom_doc([[1, 2, 0], [-1.5, 3.25, 1.0], [6, -6, 1]])))
    assert spec.data.points == ((1.0, 2.0, 0), (-1.5, 3.25, 1), (6.0, -6.0, 1))
    assert all(isinstance(p[2], int) for p in spec.data.points)
    path = tmp_path / "drawn.json"
    save_design(spec, path)
    again = load_design(path)
    assert again == spec
    assert json.loads(path.read_text(encoding="utf-8"))["data"]["points"] == [
        [1.0, 2.0, 0],
        [-1.5, 3.25, 1],
        [6.0, -6.0, 1],
    ]


def test_designs_without_points_are_written_as_before() -> None:
    spec = load_design(XOR)
    text = dumps_design(spec)
    assert '"points"' not in text
    assert json.loads(text)["data"] == json.loads(XOR.read_text(encoding="utf-8"))["data"]


def test_points_of_another_set_are_kept_but_not_used() -> None:
    doc = custom_doc([[1, 1, 5]], classes=3)
    doc["data"]["dataset"] = "xor"  # labels are only checked for a custom set
    spec = loads_design(json.dumps(doc))
    assert spec.data.points == ((1.0, 1.0, 5),)
    assert loads_design(dumps_design(spec)) == spec
    assert load_dataset(dataclasses.replace(spec.data, samples=40)).x_train.shape == (20, 2)


@pytest.mark.parametrize(
    ("points", "extra", "field", "words"),
    [
        ([*CLUSTERS[:3], [7.5, 0, 0]], {}, "data.points[3]", "x1 = 7.5 is outside the plane [-6, 6]"),
        ([*CLUSTERS[:3], [0, -6.01, 1]], {}, "data.points[3]", "x2 = -6.01 is outside"),
        ([*CLUSTERS[:3], [0, 0, 2]], {}, "data.points[3]", "a class from 0 to 1 (data.classes is 2), got 2"),
        ([*CLUSTERS[:3], [0, 0, -1]], {}, "data.points[3]", "got -1"),
        ([*CLUSTERS[:3], [0, 0, 0.5]], {}, "data.points[3]", "got 0.5"),
        ([*CLUSTERS[:3], [0, 0]], {}, "data.points[3]", "expected a point [x1, x2, label]"),
        ([*CLUSTERS[:3], [0, 0, 1, 2]], {}, "data.points[3]", "expected a point"),
        ([*CLUSTERS[:3], [0, "1", 1]], {}, "data.points[3]", "x2 must be a finite number"),
        ([*CLUSTERS[:3], [True, 1, 1]], {}, "data.points[3]", "x1 must be a finite number"),
        ([*CLUSTERS[:3], [0, 1, None]], {}, "data.points[3]", "label must be a finite number"),
        ([*CLUSTERS[:3], [0, 1, 2000000.0]], {"task": "regression"}, "data.points[3]", "target must be between"),
        ({"x": 1}, {}, "data.points", "expected a list of [x1, x2, label] points"),
        ([[0, 0, 0]] * (catalog.MAX_POINTS + 1), {}, "data.points", "too many points (5,001; at most 5,000)"),
    ],
)
def test_bad_points_are_refused_naming_the_point(points: Any, extra: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(DesignError) as info:
        loads_design(json.dumps(custom_doc(points, **extra)))
    assert info.value.field == field
    assert words in str(info.value)
    assert str(info.value).startswith(f"{field}: ")


def test_a_regression_set_takes_any_target() -> None:
    spec = loads_design(json.dumps(custom_doc([[0, 0, -1.5], [1, 1, 2], [2, 2, 0.25]], task="regression")))
    data = load_dataset(spec.data)
    assert data.task == "regression" and data.n_classes == 0 and data.y_train.dtype == np.float32
    assert sorted(np.concatenate([data.y_train, data.y_test]).tolist()) == [-1.5, 0.25, 2.0]


def test_the_maximum_number_of_points_fits_in_a_design_file() -> None:
    rng = np.random.default_rng(0)
    pts = np.round(rng.uniform(-6, 6, (catalog.MAX_POINTS, 2)), 3)
    points = [[float(a), float(b), int(i % 2)] for i, (a, b) in enumerate(pts)]
    spec = loads_design(json.dumps(custom_doc(points)))
    assert loads_design(dumps_design(spec)) == spec


# ---------------------------------------------------------------- loading


def test_split_uses_the_ratio_and_the_seed_and_features_apply() -> None:
    rng = np.random.default_rng(1)
    points = tuple((float(a), float(b), int(a > 0)) for a, b in np.round(rng.uniform(-6, 6, (40, 2)), 3))
    features = ("x1", "x2", "x1^2", "sin x2")
    data = DataSpec(dataset="custom", classes=2, points=points, train_fraction=0.8, seed=3, features=features)
    d = load_dataset(data)
    assert len(d.x_train) == 32 and len(d.x_test) == 8
    assert d.input_shape == (4,) and dataset_input_shape(data) == (4,)
    assert dataset_task(data) == ("classification", 2) == (d.task, d.n_classes)
    assert d.raw_train is not None and d.raw_test is not None
    np.testing.assert_allclose(d.x_train, expand_features(d.raw_train, features), rtol=1e-5, atol=1e-5)
    everything = {tuple(p) for p in np.concatenate([d.raw_train, d.raw_test]).tolist()}
    assert everything == {(np.float32(a).item(), np.float32(b).item()) for a, b, _ in points}
    by_place = {(round(a, 3), round(b, 3)): c for a, b, c in points}
    for raw, y in ((d.raw_train, d.y_train), (d.raw_test, d.y_test)):
        assert [by_place[(round(float(a), 3), round(float(b), 3))] for a, b in raw] == y.tolist()
    same = load_dataset(data)
    assert same.x_train.tobytes() == d.x_train.tobytes()
    other = load_dataset(dataclasses.replace(data, seed=4))
    assert not np.array_equal(other.raw_train, d.raw_train)
    noisy = load_dataset(dataclasses.replace(data, noise=0.5, samples=900))
    assert noisy.x_train.tobytes() == d.x_train.tobytes()  # noise and samples do not apply


def test_one_more_point_moves_at_most_one_other_between_train_and_test() -> None:
    rng = np.random.default_rng(2)
    pts = np.round(rng.uniform(-6, 6, (60, 2)), 3)
    for n in range(10, 59):
        before, _ = stable_split(pts[:n], 0, 0.5)
        after, _ = stable_split(pts[: n + 1], 0, 0.5)
        moved = set(before.tolist()) ^ (set(after.tolist()) - {n})
        assert len(moved) <= 1


def test_too_few_points_say_how_many_are_needed() -> None:
    data = DataSpec(dataset="custom", classes=2, points=((0.0, 0.0, 1),))
    for call in (load_dataset, dataset_task):
        with pytest.raises(DataError, match=r"data.points: draw at least 2 points to train on \(there are 1\)"):
            call(data)
    preview = preview_custom(data)
    assert preview is not None and preview.raw_train is not None and len(preview.raw_train) == 1
    empty = preview_custom(dataclasses.replace(data, points=()))
    assert empty is not None and empty.raw_train is not None and empty.raw_train.shape == (0, 2)
    assert preview_custom(DataSpec(dataset="xor")) is None


def test_specs_built_in_code_are_checked_too() -> None:
    data = DataSpec(dataset="custom", classes=2, points=((0.0, 0.0, 0), (9.0, 0.0, 1)))
    with pytest.raises(DataError, match=r"data.points\[1\]: x1 = 9 is outside the plane"):
        load_dataset(data)
    with pytest.raises(DataError, match=r"data.points\[0\]: the label must be a class from 0 to 2"):
        load_dataset(DataSpec(dataset="custom", classes=3, points=((0.0, 0.0, 3), (1.0, 0.0, 1))))


def test_points_of_a_generated_set_copy_it() -> None:
    xor = load_dataset(DataSpec(dataset="xor", samples=100, noise=0.3))
    points = points_of(xor)
    assert len(points) == 100 and {p[2] for p in points} == {0, 1}
    assert all(-6 <= p[0] <= 6 and -6 <= p[1] <= 6 for p in points)
    custom = load_dataset(DataSpec(dataset="custom", classes=2, points=points, train_fraction=0.5))
    raw = np.concatenate([xor.raw_train, xor.raw_test])
    np.testing.assert_allclose(
        np.sort(raw, axis=0), np.sort(np.concatenate([custom.raw_train, custom.raw_test]), axis=0), atol=6e-4
    )
    plane = points_of(load_dataset(DataSpec(dataset="plane", samples=50)))
    assert all(isinstance(p[2], float) for p in plane)
    assert load_dataset(DataSpec(dataset="custom", task="regression", points=plane)).task == "regression"
    big = points_of(load_dataset(DataSpec(dataset="blobs", samples=6000, classes=4)))
    assert len(big) == catalog.MAX_POINTS and {p[2] for p in big} == {0, 1, 2, 3}


# ---------------------------------------------------------------- training from the command line


def test_the_command_line_learns_a_drawn_spiral(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pts, labels = spiral(np.random.default_rng(0), 240, 0.0, 2)
    points = [[round(float(a), 3), round(float(b), 3), int(c)] for (a, b), c in zip(pts, labels, strict=True)]
    doc = custom_doc(points, train_fraction=0.8, features=["x1", "x2", "sin x1", "sin x2"])
    doc["network"]["layers"] = [
        {"id": "L1", "type": "dense", "options": {"units": 16, "activation": "tanh"}},
        {"id": "L2", "type": "dense", "options": {"units": 16, "activation": "tanh"}},
        {"id": "L3", "type": "dense", "options": {"units": 1, "activation": "sigmoid"}},
    ]
    doc["train"].update(learning_rate=0.03, batch_size=10, seed=1)
    path = tmp_path / "spiral-drawn.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code = main(["train", str(path), "--epochs", "150", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 150
    assert records[0]["train_acc"] < 0.8  # a spiral is not learnt in one epoch
    best = max(records[-10:], key=lambda r: r["train_acc"])
    assert best["train_acc"] >= 0.97 and best["test_acc"] >= 0.95


def test_the_command_line_names_a_bad_point(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(custom_doc([*CLUSTERS[:3], [0, 0, 7]])), encoding="utf-8")
    code = main(["train", str(path), "--epochs", "1"])
    _, err = capsys.readouterr()
    assert code == 2
    assert "data.points[3]: the label must be a class from 0 to 1" in err


def test_a_custom_design_trains_in_code() -> None:
    from engine.training import Trainer

    spec = loads_design(json.dumps(custom_doc(CLUSTERS)))
    trainer = Trainer(spec, backend="numpy")
    trainer.train_epochs(60)
    assert trainer.evaluate("train")[1] == 1.0 and trainer.evaluate("test")[1] == 1.0


def test_a_trainer_on_more_points_continues_from_the_old_one_only_when_the_network_is_the_same() -> None:
    from engine.training import Trainer

    pts = tuple((float(x), float(y), int(x > 0)) for x, y in [(-3, 1), (-2, -1), (2, 1), (3, -2), (-1, 2), (1, -2)])
    xor = load_design(Path(__file__).resolve().parents[2] / "assets" / "examples" / "xor.json")
    design = dataclasses.replace(xor, data=DataSpec(dataset="custom", classes=2, points=pts, train_fraction=0.5))
    old = Trainer(design, backend="numpy")
    old.train_epochs(3)
    more = dataclasses.replace(design, data=dataclasses.replace(design.data, points=(*pts, (4.0, 4.0, 1))))
    new = Trainer(more, backend="numpy")
    assert new.continue_from(old)
    assert (new.epoch, new.global_step, len(new.history)) == (old.epoch, old.global_step, 3)
    for name, array in old.network.state_arrays().items():
        np.testing.assert_array_equal(new.network.state_arrays()[name], array)
    other = Trainer(dataclasses.replace(more, layers=more.layers[1:]), backend="numpy")
    assert not other.continue_from(old) and other.epoch == 0
