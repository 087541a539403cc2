"""DesignDocument: layer intents, undo/redo, merging of bursts, the clean flag, files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from engine.errors import DesignError
from playground import commands
from playground.document import DesignDocument, check_design, find_layer


def ids(doc: DesignDocument) -> list[str]:
    return [layer.id for layer in doc.spec.layers]


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Control the merge clock: tests set ``now[0]``."""
    now = [1000.0]
    monkeypatch.setattr(commands, "clock", lambda: now[0])
    return now


def test_insert_layer_at_index_with_fresh_id_and_undo_redo(document: DesignDocument) -> None:
    seen = []
    document.spec_changed.connect(seen.append)
    new_id = document.insert_layer(1, "dropout")
    assert new_id == "L4"
    assert ids(document) == ["L1", "L4", "L2", "L3"]
    assert document.spec.layers[1].type == "dropout"
    assert seen and seen[-1] is document.spec
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert ids(document) == ["L1", "L2", "L3"]
    document.undo_stack.redo()
    assert ids(document) == ["L1", "L4", "L2", "L3"]


def test_insert_layer_rejects_unknown_type_and_clamps_index(document: DesignDocument) -> None:
    with pytest.raises(DesignError):
        document.insert_layer(0, "lstm")
    assert document.undo_stack.count() == 0
    document.insert_layer(99, "flatten")
    assert document.spec.layers[-1].type == "flatten"


def test_remove_layer_and_undo(document: DesignDocument) -> None:
    before = document.spec
    document.remove_layer("L2")
    assert ids(document) == ["L1", "L3"]
    document.undo_stack.undo()
    assert document.spec == before
    with pytest.raises(KeyError):
        document.remove_layer("L99")


def test_move_layer_and_undo(document: DesignDocument) -> None:
    document.move_layer("L3", 0)
    assert ids(document) == ["L3", "L1", "L2"]
    document.undo_stack.undo()
    assert ids(document) == ["L1", "L2", "L3"]
    document.move_layer("L1", 2)
    assert ids(document) == ["L2", "L3", "L1"]


def test_layers_move_in_and_out_of_a_residual_block(document: DesignDocument, residual_spec: Any) -> None:
    document.load_spec(residual_spec)
    document.move_layer("L3", 0, parent_id="L4")
    block = find_layer(document.spec.layers, "L4")
    assert [c.id for c in block.children] == ["L3", "L5", "L6"]
    document.move_layer("L5", 0, parent_id=None)
    assert ids(document)[0] == "L5"
    with pytest.raises(DesignError):
        document.move_layer("L4", 0, parent_id="L4")  # not inside itself
    new_id = document.insert_layer(1, "dropout", parent_id="L4")
    assert [c.id for c in find_layer(document.spec.layers, "L4").children][1] == new_id
    with pytest.raises(DesignError):
        document.insert_layer(0, "dense", parent_id="L1")  # a Dense layer holds nothing


def test_set_layer_option_changes_only_that_layer(document: DesignDocument) -> None:
    document.set_layer_option("L2", "activation", "relu")
    assert find_layer(document.spec.layers, "L2").options["activation"] == "relu"
    assert find_layer(document.spec.layers, "L1").options["activation"] == "tanh"
    document.undo_stack.undo()
    assert find_layer(document.spec.layers, "L2").options["activation"] == "tanh"
    with pytest.raises(KeyError):
        document.set_layer_option("L2", "no_such_option", 1)


def test_setting_the_same_value_pushes_nothing(document: DesignDocument) -> None:
    document.set_layer_option("L1", "units", 8)
    document.set_train(learning_rate=document.spec.train.learning_rate)
    assert document.undo_stack.count() == 0


def test_a_burst_on_one_option_is_one_undo_step(document: DesignDocument, fake_clock: list[float]) -> None:
    for units in (9, 10, 11, 12):
        fake_clock[0] += 0.2
        document.set_layer_option("L1", "units", units)
    assert document.undo_stack.count() == 1
    assert find_layer(document.spec.layers, "L1").options["units"] == 12
    document.undo_stack.undo()
    assert find_layer(document.spec.layers, "L1").options["units"] == 8


def test_edits_far_apart_or_on_other_options_do_not_merge(
    document: DesignDocument, fake_clock: list[float]
) -> None:
    document.set_layer_option("L1", "units", 9)
    fake_clock[0] += commands.MERGE_WINDOW_S + 1
    document.set_layer_option("L1", "units", 10)
    document.set_layer_option("L2", "units", 10)
    document.set_layer_option("L2", "activation", "relu")
    assert document.undo_stack.count() == 4


def test_a_burst_back_to_the_start_leaves_no_undo_step(
    document: DesignDocument, fake_clock: list[float]
) -> None:
    document.set_train(learning_rate=0.1)
    document.set_train(learning_rate=0.03)  # the original value
    assert document.undo_stack.count() == 0
    assert document.is_clean


def test_train_and_data_bursts_merge(document: DesignDocument, fake_clock: list[float]) -> None:
    for lr in (0.1, 0.3, 0.01):
        document.set_train(learning_rate=lr)
    for noise in (0.1, 0.2, 0.3):
        document.set_data(noise=noise)
    assert document.undo_stack.count() == 2
    assert document.spec.train.learning_rate == 0.01
    assert document.spec.data.noise == 0.3
    document.set_data(features=["x1", "x2", "x1*x2"])
    assert document.spec.data.features == ("x1", "x2", "x1*x2")
    with pytest.raises(TypeError):
        document.set_train(learning_rat=0.1)


def test_clean_flag_follows_the_undo_stack(document: DesignDocument, tmp_path: Path) -> None:
    flags: list[bool] = []
    document.clean_changed.connect(flags.append)
    assert document.is_clean
    document.insert_layer(0, "dense")
    assert not document.is_clean and flags[-1] is False
    document.undo_stack.undo()
    assert document.is_clean and flags[-1] is True
    document.undo_stack.redo()
    document.save(tmp_path / "a.json")
    assert document.is_clean and flags[-1] is True
    assert document.path == tmp_path / "a.json"
    document.remove_layer("L1")
    assert not document.is_clean


def test_save_and_load_round_trip_and_clear_the_stack(document: DesignDocument, tmp_path: Path) -> None:
    document.insert_layer(2, "dropout")
    document.set_layer_option("L1", "activation", "relu")
    document.set_train(optimizer="adam", learning_rate=0.01)
    path = tmp_path / "design.json"
    document.save(path)
    saved = document.spec
    other = DesignDocument()
    other.load(path)
    assert other.spec == saved
    assert other.undo_stack.count() == 0 and other.is_clean
    assert other.path == path
    other.deleteLater()


def test_a_bad_file_raises_and_keeps_the_document(document: DesignDocument, tmp_path: Path) -> None:
    before = document.spec
    document.insert_layer(0, "dense")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(DesignError):
        document.load(bad)
    assert document.undo_stack.count() == 1
    assert document.spec != before and document.spec.layers[0].type == "dense"


def test_save_without_a_path_is_an_error(document: DesignDocument) -> None:
    with pytest.raises(DesignError):
        document.save()


def test_check_reports_the_offending_layer(document: DesignDocument) -> None:
    assert document.check.ok
    document.set_layer_option("L3", "units", 10)
    check = document.check
    assert not check.ok and check.layer_id == "L3"
    assert "10 units" in (check.message or "")


def test_check_design_on_image_data_without_flatten(spiral_spec: Any) -> None:
    spec = replace(spiral_spec, data=replace(spiral_spec.data, dataset="mnist"))
    check = check_design(spec)
    assert not check.ok
    assert check.layer_id is not None
