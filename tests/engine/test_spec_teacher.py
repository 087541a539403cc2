"""``ui.teacher`` (teacher controls): the one part of the free-form ``ui`` section the engine checks."""

from __future__ import annotations

import json
from typing import Any

import pytest

from engine.design_io import loads_design, save_design
from engine.errors import DesignError
from engine.spec import FORMAT, FORMAT_VERSION


def doc_with(teacher: Any) -> str:
    return json.dumps(
        {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "network": {"layers": [{"id": "L1", "type": "dense"}]},
            "ui": {"zoom": 2, "teacher": teacher},
        }
    )


PIN = {"salt": "00ff" * 4, "hash": "ab" * 32, "iterations": 200000}


@pytest.mark.parametrize(
    "teacher",
    [
        {},
        None,
        {"hidden": [], "locked": []},
        {"hidden": ["noise"], "locked": ["learning_rate", "palette"]},
        {"hidden": ["a_control_of_a_newer_app"], "colour": "red", "future": {"x": [1, 2]}},
        {"locked": ["learning_rate"], "pin": PIN},
        {"pin": None},
    ],
)
def test_valid_teacher_sections_load_and_are_kept(teacher: Any, tmp_path: Any) -> None:
    spec = loads_design(doc_with(teacher))
    assert spec.ui["teacher"] == teacher
    path = tmp_path / "d.json"
    save_design(spec, path)  # the engine reads back what it writes
    assert json.loads(path.read_text(encoding="utf-8"))["ui"]["teacher"] == teacher


@pytest.mark.parametrize(
    ("teacher", "field", "text"),
    [
        ("everything", "ui.teacher", "expected an object"),
        ([], "ui.teacher", "expected an object"),
        ({"hidden": "noise"}, "ui.teacher.hidden", "expected a list of control names, got 'noise'"),
        ({"locked": {"learning_rate": True}}, "ui.teacher.locked", "expected a list of control names"),
        ({"locked": True}, "ui.teacher.locked", "expected a list"),
        ({"hidden": ["noise", 3]}, "ui.teacher.hidden[1]", "expected a control name, got 3"),
        ({"hidden": [""]}, "ui.teacher.hidden[0]", "expected a control name"),
        ({"hidden": [None]}, "ui.teacher.hidden[0]", "expected a control name"),
        ({"locked": ["x" * 65]}, "ui.teacher.locked[0]", "expected a control name"),
        ({"locked": ["line\nbreak"]}, "ui.teacher.locked[0]", "expected a control name"),
        ({"hidden": ["n"] * 201}, "ui.teacher.hidden", "too many control names"),
        ({"pin": "1234"}, "ui.teacher.pin", "expected an object"),
        ({"pin": {**PIN, "salt": "XYZ"}}, "ui.teacher.pin.salt", "hexadecimal"),
        ({"pin": {**PIN, "hash": 5}}, "ui.teacher.pin.hash", "hexadecimal"),
        ({"pin": {"salt": "ab", "hash": "cd"}}, "ui.teacher.pin.iterations", "whole number"),
        ({"pin": {**PIN, "iterations": 0}}, "ui.teacher.pin.iterations", "at least 1"),
    ],
)
def test_wrong_types_name_the_field(teacher: Any, field: str, text: str) -> None:
    with pytest.raises(DesignError) as info:
        loads_design(doc_with(teacher))
    assert info.value.field == field
    assert str(info.value).startswith(field + ": ")
    assert text in str(info.value)


def test_the_rest_of_ui_stays_free_form() -> None:
    text = json.dumps(
        {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "network": {"layers": []},
            "ui": {"teachers": "not checked", "hidden": 5, "locked": "x"},
        }
    )
    assert loads_design(text).ui["hidden"] == 5
