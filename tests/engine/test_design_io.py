"""Design files: round trips, every class of bad input, migrations, atomic saves and fuzzing."""

from __future__ import annotations

import copy
import dataclasses
import errno
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from engine import design_io
from engine.catalog import LAYER_TYPES, Option
from engine.design_io import (
    MAX_DEPTH,
    MAX_DESIGN_BYTES,
    MIGRATIONS,
    dumps_design,
    load_design,
    loads_design,
    migrate,
    save_design,
)
from engine.errors import DesignError
from engine.spec import FORMAT, FORMAT_VERSION, DataSpec, DesignSpec, LayerSpec, TrainSpec


def full_doc() -> dict[str, Any]:
    """A design using every layer type (a residual block with children) and non-default values everywhere."""
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "name": "손글씨 숫자 CNN",
        "description": "Every layer type, every section non-default.\n둘째 줄 — “quotes” too.",
        "data": {
            "dataset": "mnist",
            "samples": 2000,
            "noise": 0.25,
            "train_fraction": 0.8,
            "seed": 7,
            "features": ["x1", "x2", "x1*x2", "sin x1"],
            "classes": 10,
            "path": "assets/datasets/mnist",
            "target": "label",
            "task": "classification",
            "train_limit": 1000,
            "test_limit": 250,
            "points": [[1.5, -2.25, 1], [-6.0, 6.0, 0]],  # kept for "custom", unused by mnist
        },
        "network": {
            "layers": [
                {
                    "id": "L1",
                    "type": "conv2d",
                    "options": {
                        "filters": 16,
                        "kernel": 5,
                        "stride": 2,
                        "padding": "same",
                        "activation": "leaky_relu",
                        "alpha": 0.2,
                        "use_bias": False,
                        "initializer": "he_normal",
                        "l1": 0.001,
                        "l2": 0.01,
                    },
                },
                {"id": "L2", "type": "batchnorm", "options": {"momentum": 0.99, "epsilon": 0.001}},
                {"id": "L3", "type": "maxpool2d", "options": {"pool": 3, "stride": 1}},
                {
                    "id": "L4",
                    "type": "residual",
                    "options": {"collapsed": True},
                    "layers": [
                        {"id": "L5", "type": "conv2d", "options": {"filters": 16, "kernel": 3, "padding": 1}},
                        {"id": "L6", "type": "activation", "options": {"activation": "prelu", "alpha": 0.25}},
                        {"id": "L7", "type": "dropout", "options": {"rate": 0.1}},
                    ],
                },
                {"id": "L8", "type": "avgpool2d", "options": {"pool": 4, "stride": 3}},
                {"id": "L9", "type": "flatten", "options": {}},
                {
                    "id": "L10",
                    "type": "dense",
                    "options": {"units": 64, "activation": "gelu", "initializer": "glorot_normal"},
                },
                {"id": "L11", "type": "dense", "options": {"units": 10, "activation": "softmax"}},
            ]
        },
        "train": {
            "loss": "categorical_crossentropy",
            "optimizer": "adam",
            "learning_rate": 0.001,
            "momentum": 0.8,
            "rho": 0.95,
            "beta1": 0.85,
            "beta2": 0.99,
            "epsilon": 1e-08,
            "huber_delta": 2.5,
            "batch_size": 32,
            "epochs": 12,
            "target_loss": 0.05,
            "l1": 0.0001,
            "l2": 0.0005,
            "initializer": "he_uniform",
            "init_scale": 0.1,
            "bias_init": 0.01,
            "seed": 123,
            "backend": "numpy",
        },
        "ui": {
            "zoom": 1.25,
            "positions": {"L1": [120, 40]},
            "note": "발표용",
            "flags": [True, None],
            "teacher": {"hidden": ["noise", "tab_confusion"], "locked": ["learning_rate", "network"]},  # fuzzed too
        },
    }


FULL_TEXT = json.dumps(full_doc(), ensure_ascii=False, indent=2)


def set_at(doc: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of ``doc`` with the dotted/indexed ``path`` (``network.layers[3].layers[0]``) set."""
    doc = copy.deepcopy(doc)
    parts: list[str | int] = []
    for piece in path.split("."):
        name, *indexes = piece.split("[")
        if name:
            parts.append(name)
        parts.extend(int(i.rstrip("]")) for i in indexes)
    target: Any = doc
    for part in parts[:-1]:
        target = target[part]
    if value is DELETE:
        del target[parts[-1]]
    else:
        target[parts[-1]] = value
    return doc


DELETE = object()


def expect_error(text: str | bytes, field: str | None = None, contains: str = "") -> DesignError:
    with pytest.raises(DesignError) as info:
        loads_design(text)
    error = info.value
    if field is not None:
        assert error.field == field, str(error)
        assert str(error).startswith(field) or error.layer_id, str(error)
    assert contains in str(error), str(error)
    return error


# ---------------------------------------------------------------- round trips


def test_full_design_round_trips_and_uses_every_layer_type() -> None:
    spec = loads_design(FULL_TEXT)
    assert {layer.type for layer in spec.all_layers()} == set(LAYER_TYPES)
    residual = next(layer for layer in spec.layers if layer.type == "residual")
    assert [child.id for child in residual.children] == ["L5", "L6", "L7"]
    assert spec.to_dict() == full_doc()
    assert loads_design(dumps_design(spec)) == spec
    assert loads_design(dumps_design(spec).encode("utf-8")) == spec


def test_full_design_sets_every_section_away_from_its_defaults() -> None:
    spec = loads_design(FULL_TEXT)
    for section, default in ((spec.data, DataSpec()), (spec.train, TrainSpec())):
        for f in dataclasses.fields(section):
            assert getattr(section, f.name) != getattr(default, f.name), f.name
    assert spec.name and spec.description and spec.ui


def non_default(opt: Option) -> Any:
    if opt.kind == "bool":
        return not opt.default
    if opt.kind in ("choice", "padding"):
        choices = opt.choices or ("valid", "same")
        return next(c for c in choices if c != opt.default)
    lo = opt.minimum if opt.minimum is not None else opt.default - 10
    hi = opt.maximum if opt.maximum is not None else opt.default + 10
    candidates = [(lo + hi) / 2, lo, hi] if opt.kind == "float" else [opt.default + 1, opt.default - 1]
    return next(c for c in candidates if c != opt.default and lo <= c <= hi)


def test_every_option_of_every_layer_type_round_trips() -> None:
    layers = []
    for n, ltype in enumerate(LAYER_TYPES.values(), start=1):
        options = {opt.name: non_default(opt) for opt in ltype.options}
        children = (LayerSpec(f"C{n}", "dense", {"units": 3}),) if ltype.has_children else ()
        layers.append(LayerSpec(f"L{n}", ltype.name, options, children))
    spec = DesignSpec(tuple(layers), name="all options")
    again = loads_design(dumps_design(spec))
    assert again == spec
    for layer in again.layers:
        for opt in LAYER_TYPES[layer.type].options:
            assert layer.get(opt.name) != opt.default, (layer.type, opt.name)


def test_dumps_format_is_utf8_indented_with_a_trailing_newline() -> None:
    text = dumps_design(loads_design(FULL_TEXT))
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "손글씨 숫자 CNN" in text  # ensure_ascii=False
    assert '\n  "format": "nn-playground.design",\n  "format_version": 1,' in text
    assert json.loads(text) == full_doc()


def test_bytes_with_a_utf8_bom_and_str_input_agree() -> None:
    spec = loads_design(FULL_TEXT)
    assert loads_design(b"\xef\xbb\xbf" + FULL_TEXT.encode("utf-8")) == spec
    assert loads_design("\ufeff" + FULL_TEXT) == spec
    assert loads_design(bytearray(FULL_TEXT.encode("utf-8"))) == spec


def test_activation_aliases_are_stored_canonically() -> None:
    text = json.dumps(set_at(full_doc(), "network.layers[6].options.activation", "swish"))
    spec = loads_design(text)
    assert spec.layers[6].options["activation"] == "silu"
    assert '"silu"' in dumps_design(spec)


def test_minimal_design_gets_defaults() -> None:
    spec = loads_design('{"format": "nn-playground.design", "format_version": 1, "network": {"layers": []}}')
    assert spec == DesignSpec(layers=())


def test_the_examples_in_the_format_doc_load() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "design-format.md"
    blocks = re.findall(r"```json\n(.*?)```", doc.read_text(encoding="utf-8"), re.DOTALL)
    designs = [loads_design(block) for block in blocks if '"format"' in block]
    assert len(designs) == 3
    current, _, version_0 = designs
    assert (version_0.layers, version_0.data, version_0.train) == (
        current.layers,
        current.data,
        current.train,
    )
    residual = next(json.loads(block) for block in blocks if '"residual"' in block)
    assert loads_design(json.dumps(set_at(full_doc(), "network.layers", [residual]))).layers[0].children


# ---------------------------------------------------------------- bad content, field named

FIELD_CASES = [
    ("train.learning_rate", "fast", "train.learning_rate"),
    ("train.learning_rate", -0.5, "train.learning_rate"),
    ("train.batch_size", 2.5, "train.batch_size"),
    ("train.batch_size", 0, "train.batch_size"),
    ("train.epochs", True, "train.epochs"),
    ("train.epochs", 10**12, "train.epochs"),
    ("train.optimizer", "adamw", "train.optimizer"),
    ("train.momentum", None, "train.momentum"),
    ("train.speed", 3, "train.speed"),
    ("data.samples", -5, "data.samples"),
    ("data.dataset", "imagenet", "data.dataset"),
    ("data.features", [], "data.features"),
    ("data.features", ["x1", "x1"], "data.features"),
    ("data.features", ["x1", "x9"], "data.features[1]"),
    ("data.path", "a\x00b", "data.path"),
    ("data", [], "data"),
    ("network.layers[0].type", "transformer", "network.layers[0].type"),
    ("network.layers[0].type", DELETE, "network.layers[0].type"),
    ("network.layers[0].id", DELETE, "network.layers[0].id"),
    ("network.layers[0].id", "", "network.layers[0].id"),
    ("network.layers[0].id", "x" * 33, "network.layers[0].id"),
    ("network.layers[0].options.activation", "relu6", "network.layers[0].options.activation"),
    ("network.layers[0].options.colour", "red", "network.layers[0].options.colour"),
    ("network.layers[0].options.kernel", 1000, "network.layers[0].options.kernel"),
    ("network.layers[0].options.padding", "full", "network.layers[0].options.padding"),
    ("network.layers[0].options.padding", -1, "network.layers[0].options.padding"),
    ("network.layers[0].options.use_bias", "yes", "network.layers[0].options.use_bias"),
    ("network.layers[0].options", [], "network.layers[0].options"),
    ("network.layers[0].weights", [1, 2], "network.layers[0].weights"),
    ("network.layers[3].layers[0].options.filters", -1, "network.layers[3].layers[0].options.filters"),
    ("network.layers[3].layers", {}, "network.layers[3].layers"),
    ("network.layers[5].layers", [], "network.layers[5].layers"),
    ("network.layers[6].options.units", 0, "network.layers[6].options.units"),
    ("network.layers[6].options.units", -3, "network.layers[6].options.units"),
    ("network.layers[6].options.units", 10**9, "network.layers[6].options.units"),
    ("network.layers[6].options.units", "64", "network.layers[6].options.units"),
    ("network.layers[2]", "maxpool2d", "network.layers[2]"),
    ("network.layers", {}, "network.layers"),
    ("network.layers", [{"id": f"L{i}", "type": "flatten"} for i in range(201)], "network.layers"),
    ("network", DELETE, "network"),
    ("network.input", {"kind": "points2d"}, "network.input"),
    ("weights", {"L1": [0.1]}, "weights"),
    ("name", 5, "name"),
    ("name", "n" * 201, "name"),
    ("ui", [], "ui"),
    ("format", "keras", "format"),
    ("format", DELETE, "format"),
    ("format_version", "1", "format_version"),
    ("format_version", 1.5, "format_version"),
    ("format_version", DELETE, "format_version"),
    ("format_version", -1, "format_version"),
]


@pytest.mark.parametrize(
    ("path", "value", "field"), FIELD_CASES, ids=[f"{p}={str(v)[:12]}" for p, v, _ in FIELD_CASES]
)
def test_bad_values_name_their_field(path: str, value: Any, field: str) -> None:
    expect_error(json.dumps(set_at(full_doc(), path, value)), field)


def test_duplicate_layer_ids_name_the_layer() -> None:
    doc = set_at(full_doc(), "network.layers[3].layers[1].id", "L1")
    error = expect_error(json.dumps(doc), "network.layers", "used twice")
    assert error.layer_id == "L1"


def test_newer_format_version_is_refused_with_a_clear_message() -> None:
    error = expect_error(json.dumps(set_at(full_doc(), "format_version", 2)), "format_version")
    assert error.detail == (
        "this design was written by a newer version of the playground (format version 2); "
        "this app reads up to version 1"
    )


def test_residual_nesting_is_bounded() -> None:
    layer: dict[str, Any] = {"id": "L0", "type": "dense"}
    for i in range(1, 12):
        layer = {"id": f"L{i}", "type": "residual", "layers": [layer]}
    doc = set_at(full_doc(), "network.layers", [layer])
    expect_error(json.dumps(doc), contains="nested too deeply")


# ---------------------------------------------------------------- bad files, problem named


@pytest.mark.parametrize(
    ("text", "contains"),
    [
        ('{"format": "nn-playground.design",', "line 1, column"),
        ('{"format": "nn-playground.design",\n  "format_version": 1,\n}', "line 3, column 1"),
        ("{'format': 'nn-playground.design'}", "not valid JSON"),
        ("", "empty"),
        ("   \n ", "empty"),
        ("[]", "top level, not a list"),
        ("3", "top level, not a number"),
        ('"design"', "top level, not a text"),
        ("null", "top level, not null"),
        ("true", "top level, not true/false"),
        ('{"a": 1, "a": 2}', "appears twice"),
        ("[" + "9" * 150 + "]", "150 digits"),
        ("{}", "not a playground design"),
    ],
)
def test_bad_json_is_a_design_error(text: str, contains: str) -> None:
    expect_error(text, contains=contains)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_constants_are_refused_with_their_position(literal: str) -> None:
    text = FULL_TEXT.replace('"learning_rate": 0.001', f'"learning_rate": {literal}')
    line = next(n for n, row in enumerate(text.splitlines(), 1) if literal in row)
    error = expect_error(text, contains=f"{literal} is not allowed")
    assert f"line {line}," in str(error)


def test_constants_inside_strings_are_fine() -> None:
    spec = loads_design(json.dumps(set_at(full_doc(), "name", "NaN Infinity [[[{{{")))
    assert spec.name == "NaN Infinity [[[{{{"


def test_overflowing_float_is_refused() -> None:
    text = FULL_TEXT.replace('"learning_rate": 0.001', '"learning_rate": 1e999')
    expect_error(text, contains="1e999 is too large")


def test_too_big_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_parsing(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("parsed a file over the size limit")

    monkeypatch.setattr(design_io.json, "loads", no_parsing)
    big = FULL_TEXT[:-1] + " " * MAX_DESIGN_BYTES + "}"
    expect_error(big, contains="too large")
    expect_error(big.encode("utf-8"), contains="too large")
    expect_error("가" * (MAX_DESIGN_BYTES // 3 + 1), contains="too large")  # 3 bytes each in UTF-8


def test_design_at_the_size_limit_loads() -> None:
    padding = MAX_DESIGN_BYTES - len(FULL_TEXT.encode("utf-8"))
    text = FULL_TEXT[:-1] + " " * padding + "}"
    assert len(text.encode("utf-8")) == MAX_DESIGN_BYTES
    assert loads_design(text) == loads_design(FULL_TEXT)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5_000, 300_000])
def test_too_deep_is_refused_without_recursion_errors(depth: int) -> None:
    expect_error("[" * depth + "]" * depth, contains="nested too deeply")
    expect_error("[" * depth, contains="nested too deeply")
    expect_error('{"a":' * depth + "1" + "}" * depth, contains="nested too deeply")


def test_deep_but_allowed_ui_nesting_loads() -> None:
    inner: Any = 1
    for _ in range(MAX_DEPTH - 2):  # root object + "ui" object + the lists below
        inner = [inner]
    spec = loads_design(json.dumps(set_at(full_doc(), "ui", {"deep": inner})))
    assert loads_design(dumps_design(spec)) == spec
    deeper = json.dumps(set_at(full_doc(), "ui", {"deep": [inner]}))
    expect_error(deeper, contains="nested too deeply")


def test_non_utf8_is_refused() -> None:
    raw = FULL_TEXT.encode("utf-8").replace("발표용".encode(), "발표용".encode("euc-kr"))
    error = expect_error(raw, contains="not UTF-8")
    assert "line" in str(error)
    expect_error(b"\xff\xfe{\x00}\x00", contains="not UTF-8")


def test_unpaired_surrogates_are_refused() -> None:
    text = FULL_TEXT.replace('"name": "손글씨 숫자 CNN"', '"name": "\\ud800"')
    expect_error(text, "name", "surrogate")
    text = FULL_TEXT.replace('"note": "발표용"', '"note": "\\udfff"')
    expect_error(text, "ui.note", "surrogate")


def test_paired_surrogate_escapes_are_fine() -> None:
    text = FULL_TEXT.replace('"name": "손글씨 숫자 CNN"', '"name": "\\ud83e\\udde0 brain"')
    assert loads_design(text).name == "\U0001f9e0 brain"


# ---------------------------------------------------------------- files


def test_load_design_reads_a_saved_file(tmp_path: Path) -> None:
    spec = loads_design(FULL_TEXT)
    path = tmp_path / "설계.json"
    save_design(spec, path)
    assert path.read_bytes() == dumps_design(spec).encode("utf-8")
    assert load_design(path) == spec
    assert load_design(str(path)) == spec


def test_missing_and_unreadable_files_name_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(DesignError, match=r"nope\.json does not exist"):
        load_design(missing)
    with pytest.raises(DesignError, match=f"{tmp_path.name} is not a regular file"):
        load_design(tmp_path)
    with pytest.raises(DesignError, match="cannot read"):
        load_design(str(tmp_path / "a\x00b.json"))


def test_unreadable_file_names_the_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.json"
    path.write_text(FULL_TEXT, encoding="utf-8")

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(design_io, "open", refuse, raising=False)  # shadows the builtin there only
    with pytest.raises(DesignError, match=r"cannot read .*locked\.json: Permission denied"):
        load_design(path)


def test_load_refuses_a_huge_file_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with open(path, "wb") as f:
        f.truncate(MAX_DESIGN_BYTES * 100)  # sparse
    with pytest.raises(DesignError, match=r"huge\.json is too large"):
        load_design(path)


def test_load_reports_content_errors_by_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(set_at(full_doc(), "train.epochs", 0)), encoding="utf-8")
    with pytest.raises(DesignError) as info:
        load_design(path)
    assert info.value.field == "train.epochs"


# ---------------------------------------------------------------- migrations

V0_DOC: dict[str, Any] = {
    "format": FORMAT,
    "format_version": 0,
    "name": "옛 설계",
    "lr": 0.1,
    "layers": [
        {"type": "dense", "options": {"units": 4, "activation": "tanh"}},
        {"id": "L1", "type": "residual", "layers": [{"type": "dense", "options": {"units": 4}}]},
        {"type": "dense", "options": {"units": 1, "activation": "sigmoid"}},
    ],
    "train": {"optimizer": "momentum"},
}


def test_migrations_form_a_chain_to_the_current_version() -> None:
    assert sorted(MIGRATIONS) == list(range(FORMAT_VERSION))


def test_version_0_is_migrated() -> None:
    before = copy.deepcopy(V0_DOC)
    doc = migrate(V0_DOC)
    assert before == V0_DOC  # not mutated
    assert doc["format_version"] == FORMAT_VERSION
    assert "layers" not in doc and "lr" not in doc
    assert doc["train"] == {"optimizer": "momentum", "learning_rate": 0.1}
    spec = loads_design(json.dumps(V0_DOC))
    assert [layer.id for layer in spec.all_layers()] == ["L2", "L1", "L3", "L4"]
    assert spec.train.learning_rate == 0.1
    assert spec.train.optimizer == "momentum"
    assert spec.name == "옛 설계"
    assert json.loads(dumps_design(spec))["format_version"] == FORMAT_VERSION


def test_current_version_passes_through_unchanged() -> None:
    assert migrate(full_doc()) == full_doc()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"network": {"layers": []}}, "network"),
        ({"layers": {"L1": {}}}, "layers"),
        ({"train": {"learning_rate": 0.2}}, "lr"),
        ({"train": [1]}, "train"),
    ],
)
def test_bad_version_0_documents_name_their_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(DesignError) as info:
        loads_design(json.dumps({**V0_DOC, **change}))
    assert info.value.field == field


def test_migrate_rejects_non_designs() -> None:
    with pytest.raises(DesignError, match="top level"):
        migrate([1, 2])  # type: ignore[arg-type]
    with pytest.raises(DesignError, match="newer version"):
        migrate({"format": FORMAT, "format_version": 10**30})


# ---------------------------------------------------------------- atomic saves


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "design.json"
    save_design(loads_design(FULL_TEXT), path)
    return path, path.read_bytes()


def assert_untouched(path: Path, old: bytes) -> None:
    assert path.read_bytes() == old
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "a temporary file was left behind"


def test_failed_replace_keeps_the_old_file(
    saved: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, old = saved

    def fail(*args: Any) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(design_io.os, "replace", fail)
    with pytest.raises(DesignError, match=r"cannot save .*design\.json: Invalid cross-device link"):
        save_design(DesignSpec(layers=()), path)
    assert_untouched(path, old)


def test_failed_write_keeps_the_old_file(saved: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    path, old = saved

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(design_io.os, "fsync", disk_full)
    with pytest.raises(DesignError, match="No space left on device"):
        save_design(DesignSpec(layers=()), path)
    assert_untouched(path, old)


def test_failed_json_dumping_keeps_the_old_file(
    saved: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, old = saved

    def broken(*args: Any, **kwargs: Any) -> str:
        raise ValueError("boom")

    monkeypatch.setattr(design_io.json, "dumps", broken)
    with pytest.raises(DesignError, match="cannot be written"):
        save_design(DesignSpec(layers=()), path)
    assert_untouched(path, old)


def test_interrupted_save_keeps_the_old_file(
    saved: tuple[Path, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, old = saved

    def interrupt(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(design_io.os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        save_design(DesignSpec(layers=()), path)
    assert_untouched(path, old)


@pytest.mark.parametrize(
    "bad",
    [
        DesignSpec(layers=(), train=TrainSpec(learning_rate=-1.0)),
        DesignSpec(layers=(LayerSpec("L1", "dense", {"units": 0}),)),
        DesignSpec(layers=(LayerSpec("L1", "nonsense"),)),
        DesignSpec(layers=(), ui={"x": float("nan")}),
        DesignSpec(layers=(), ui={"x": object()}),
        DesignSpec(layers=(), description="x" * 6000),
    ],
    ids=["negative-lr", "zero-units", "unknown-type", "nan-in-ui", "object-in-ui", "long-description"],
)
def test_invalid_designs_are_never_written(saved: tuple[Path, bytes], bad: DesignSpec) -> None:
    path, old = saved
    with pytest.raises(DesignError):
        save_design(bad, path)
    assert_untouched(path, old)


def test_save_into_a_missing_folder_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(DesignError, match=r"cannot save .*missing"):
        save_design(DesignSpec(layers=()), tmp_path / "missing" / "d.json")


def test_save_keeps_permissions_and_symlinks(saved: tuple[Path, bytes], tmp_path: Path) -> None:
    path, _ = saved
    os.chmod(path, 0o600)
    save_design(DesignSpec(layers=(), name="second"), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    link = tmp_path / "link.json"
    link.symlink_to(path)
    save_design(DesignSpec(layers=(), name="third"), link)
    assert link.is_symlink()
    assert load_design(path).name == "third"


def test_new_files_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        save_design(DesignSpec(layers=()), tmp_path / "new.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o640


# ---------------------------------------------------------------- fuzzing

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

KNOWN_KEYS = sorted(
    {"format", "format_version", "name", "description", "data", "network", "train", "ui", "layers", "id"}
    | {"type", "options", "lr"}
    | {f.name for f in dataclasses.fields(DataSpec)}
    | {f.name for f in dataclasses.fields(TrainSpec)}
    | {opt.name for t in LAYER_TYPES.values() for opt in t.options}
)
KNOWN_STRINGS = sorted(
    {FORMAT, *LAYER_TYPES, "relu", "tanh", "swish", "same", "valid", "L1", "L2", "x1", "mnist", "adam"}
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.sampled_from([0, 1, -1, 2, 10**9, 10**100, 0.5, -0.0, 1e-300, 1e308, 65537])
    | st.floats()  # NaN and ±inf too: json.dumps writes them as bare constants
    | st.text(max_size=8)
    | st.sampled_from(KNOWN_STRINGS)
)
keys = st.sampled_from(KNOWN_KEYS) | st.text(max_size=8)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=4),
    max_leaves=10,
)


def mostly(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``strategy`` nine times in ten, any scalar otherwise."""
    return st.integers(0, 9).flatmap(lambda n: scalars if n == 0 else strategy)


layer_like = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["L1", "L2", "L3"]) | scalars,
        "type": st.sampled_from(sorted(LAYER_TYPES)) | scalars,
    },
    optional={
        "options": st.dictionaries(keys, scalars, max_size=4),
        "layers": st.lists(
            st.fixed_dictionaries({"id": st.just("L9"), "type": st.just("dense")}), max_size=2
        ),
    },
)
design_like = st.fixed_dictionaries(
    {"format": mostly(st.just(FORMAT)), "format_version": mostly(st.sampled_from([0, 1, 1, 1]))},
    optional={
        "network": st.fixed_dictionaries({"layers": st.lists(layer_like, max_size=4)}) | json_values,
        "layers": st.lists(layer_like, max_size=3),
        "lr": scalars,
        "train": st.dictionaries(keys, scalars, max_size=4),
        "data": st.dictionaries(keys, scalars, max_size=4),
        "ui": json_values,
        "name": scalars,
    },
)


def check_outcome(text: str | bytes) -> DesignSpec | None:
    """A DesignSpec that saves and loads back equal, or a DesignError; anything else fails."""
    try:
        spec = loads_design(text)
    except DesignError as error:
        assert str(error)
        assert error.field is None or isinstance(error.field, str)
        event(f"refused at {error.field.split('.')[0].split('[')[0] if error.field else '(file)'}")
        return None
    assert isinstance(spec, DesignSpec)
    event("loaded")
    assert loads_design(dumps_design(spec)) == spec
    return spec


@settings(FUZZ, max_examples=500)
@given(json_values)
def test_fuzz_arbitrary_json(value: Any) -> None:
    check_outcome(json.dumps(value))


@settings(FUZZ, max_examples=600)
@given(design_like)
def test_fuzz_design_shaped_json(doc: dict[str, Any]) -> None:
    check_outcome(json.dumps(doc, ensure_ascii=False))


def all_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(all_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out.extend(all_paths(item, (*prefix, i)))
    return out


FULL_PATHS = all_paths(full_doc())


@settings(FUZZ, max_examples=800)
@given(st.data())
def test_fuzz_mutated_valid_design(data: st.DataObject) -> None:
    doc = full_doc()
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        path = data.draw(st.sampled_from(FULL_PATHS), label="path")
        parent: Any = doc
        try:
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]]  # still there after an earlier mutation?
        except (KeyError, IndexError, TypeError):
            continue
        action = data.draw(st.sampled_from(["replace", "replace", "delete", "insert"]), label="action")
        if action == "replace":
            parent[path[-1]] = data.draw(json_values, label="value")
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(keys, label="new key")] = data.draw(scalars, label="new value")
        else:
            parent.insert(path[-1], data.draw(json_values, label="new item"))
    check_outcome(json.dumps(doc, ensure_ascii=False))


@settings(FUZZ, max_examples=500)
@given(st.binary(max_size=300))
def test_fuzz_random_bytes(raw: bytes) -> None:
    check_outcome(raw)


VALID_BYTES = FULL_TEXT.encode("utf-8")


@settings(FUZZ, max_examples=600)
@given(st.data())
def test_fuzz_corrupted_file_bytes(data: st.DataObject) -> None:
    raw = bytearray(VALID_BYTES)
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        at = data.draw(st.integers(0, len(raw)), label="at")
        cut = data.draw(st.integers(0, 8), label="cut")
        insert = data.draw(st.binary(max_size=8) | st.sampled_from([b"[", b"]", b"{", b'"', b",", b"NaN"]))
        raw[at : at + cut] = insert
    check_outcome(bytes(raw))


def test_a_trained_snapshot_is_recognised_not_misread(tmp_path) -> None:
    import zipfile

    from engine.design_io import load_design

    path = tmp_path / "trained.nnps"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("design.json", "{}")
    with pytest.raises(DesignError, match="trained snapshot"):
        load_design(path)
