"""The engine's error messages in Korean: every template translated, real errors matched, the list up to date.

The engine raises English messages; ``playground.engine_text.describe`` shows them in the
interface language by matching them against ``assets/translations/engine_messages.json``
(written by ``tools/extract_engine_messages.py``). A test here fails when a raise site's
message is missing from that list: run ``python tools/extract_engine_messages.py`` and
translate what it prints in ``engine_ko.ts``.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import json
import re
import sys
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QLabel

from engine.errors import DesignError, PlaygroundError
from engine.spec import DataSpec
from playground import engine_text, i18n

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
TRANSLATIONS = REPO_ROOT / "assets" / "translations"
ENGINE_TS = TRANSLATIONS / "engine_ko.ts"
ENGINE_QM = TRANSLATIONS / "engine_ko.qm"
MESSAGES_JSON = TRANSLATIONS / "engine_messages.json"
EXAMPLES = REPO_ROOT / "assets" / "examples"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
PLACEHOLDER = re.compile(r"\{\d+\}")


def _tool() -> Any:
    name = "extract_engine_messages"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO_ROOT / "tools" / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@pytest.fixture(scope="module")
def committed() -> list[str]:
    return json.loads(MESSAGES_JSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def translations() -> dict[str, i18n.Message]:
    return {m.source: m for m in i18n.read_ts(ENGINE_TS) if m.context == engine_text.CONTEXT}


@pytest.fixture
def korean(qapp: Any) -> Iterator[None]:
    assert i18n.install_language(qapp, "ko")
    yield
    i18n.install_language(qapp, "en")


@pytest.fixture
def english(qapp: Any) -> None:
    i18n.install_language(qapp, "en")


# ---------------------------------------------------------------------- the files


def test_every_template_has_a_korean_translation_with_the_same_placeholders(
    committed: list[str], translations: dict[str, i18n.Message]
) -> None:
    assert len(committed) > 200
    problems = []
    for template in committed:
        m = translations.get(template)
        if m is None or not m.finished or not m.translation.strip():
            problems.append(f"no Korean: {template!r}")
            continue
        if Counter(PLACEHOLDER.findall(template)) != Counter(PLACEHOLDER.findall(m.translation)):
            problems.append(f"placeholders differ: {template!r} → {m.translation!r}")
        if HANGUL.search(m.translation) is None and HANGUL.search(template) is None and PLACEHOLDER.search(template):
            problems.append(f"not Korean: {template!r} → {m.translation!r}")
    assert not problems, "\n".join(problems)
    assert set(translations) == set(committed), "engine_ko.ts and engine_messages.json list other templates"


def test_the_compiled_qm_matches_the_ts(translations: dict[str, i18n.Message], qapp: Any) -> None:
    translator = QTranslator()
    assert translator.load(str(ENGINE_QM))
    stale = [s for s, m in translations.items() if translator.translate(engine_text.CONTEXT, s) != m.translation]
    assert not stale, f"engine_ko.qm is older than engine_ko.ts: run tools/extract_engine_messages.py ({stale[:5]})"


def test_every_engine_message_is_in_the_committed_list(committed: list[str]) -> None:
    fresh = _tool().extract()
    missing = sorted(set(fresh) - set(committed))
    stale = sorted(set(committed) - set(fresh))
    assert not missing and not stale, (
        "engine messages changed: run `python tools/extract_engine_messages.py` and translate the new ones in "
        f"engine_ko.ts.\nnew: {missing}\ngone: {stale}"
    )


def test_the_extractor_turns_raise_sites_into_templates(tmp_path: Path) -> None:
    engine = tmp_path / "engine"
    engine.mkdir()
    (engine / "errors.py").write_text(
        "class PlaygroundError(Exception):\n    pass\n\n\nclass DesignError(PlaygroundError):\n    pass\n",
        encoding="utf-8",
    )
    (engine / "things.py").write_text(
        "from engine.errors import DesignError\n"
        "LIMIT = 'at most 3'\n"
        "NAMES = {'en': 'English', 'ko': 'Korean'}\n\n\n"
        "def fail(spec, message):\n"
        "    return DesignError(message, layer_id=spec)\n\n\n"
        "def _size(n):\n"
        "    return f'{n} bytes' if n else 'nothing'\n\n\n"
        "def check(x, lang, error=DesignError, what='widget file'):\n"
        "    if x < 0:\n"
        "        raise DesignError(f'expected a positive number, got {x!r}', 'field')\n"
        "    if x > 3:\n"
        "        raise fail(x, f'too many ({x}; ' + LIMIT + ')')\n"
        "    if x == 1:\n"
        "        raise error(f'the {what} holds {_size(x)}')\n"
        "    kind = 'an even'\n"
        "    if x % 2:\n"
        "        kind = 'an odd'\n"
        "    raise DesignError(f'{kind} number {x} in {NAMES[lang]}')\n\n\n"
        "check(1, 'en', what='gadget file')\n",
        encoding="utf-8",
    )
    found = _tool().extract(engine)
    for template in (
        "expected a positive number, got {0}",
        "too many ({0}; at most 3)",
        "the widget file holds {0} bytes",
        "the gadget file holds nothing",
        "an odd number {0} in Korean",
        "an even number {0} in English",
    ):
        assert template in found, (template, found)
    assert "{0}" not in found


# ---------------------------------------------------------------------- real errors


def _doc(**changes: Any) -> str:
    doc = json.loads((EXAMPLES / "xor.json").read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    return json.dumps(doc)


def _layers(*layers: dict[str, Any]) -> dict[str, Any]:
    return {"layers": list(layers)}


def _design(text: str) -> None:
    from engine.design_io import loads_design

    loads_design(text)


def _analysis(network: dict[str, Any], data: dict[str, Any] | None = None, loss: str | None = None) -> None:
    from engine.design_io import loads_design
    from playground.document import data_shape_and_task

    doc = json.loads(_doc(network=network))
    if data is not None:
        doc["data"].update(data)
    if loss is not None:
        doc["train"]["loss"] = loss
    spec = loads_design(json.dumps(doc))
    from engine.network import analyze

    found = data_shape_and_task(spec.data)
    assert not isinstance(found, str), found
    shape, task, n_classes = found
    error = analyze(spec, shape, task, n_classes).error
    assert error is not None
    raise error


def _data(**changes: Any) -> None:
    from engine.data import load_dataset

    load_dataset(dataclasses.replace(DataSpec(), **changes))


def _csv(tmp: Path, text: str, **changes: Any) -> None:
    from engine.data import load_dataset

    path = tmp / "table.csv"
    path.write_text(text, encoding="utf-8")
    load_dataset(DataSpec(dataset="csv", path=str(path), seed=1, **changes))


def _zip(tmp: Path, members: dict[str, bytes]) -> None:
    from engine.checkpoint import load_checkpoint

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    path = tmp / "bad.nnps"
    path.write_bytes(buffer.getvalue())
    load_checkpoint(path)


def _snapshot_file(tmp: Path, data: bytes | None) -> None:
    from engine.checkpoint import load_checkpoint

    path = tmp / "snapshot.nnps"
    if data is not None:
        path.write_bytes(data)
    load_checkpoint(path)


def _snapshot_as_design(tmp: Path) -> None:
    from engine.design_io import load_design

    path = tmp / "trained.json"
    path.write_bytes(b"PK\x03\x04" + bytes(40))
    load_design(path)


def _lesson(**changes: Any) -> None:
    from engine.lessons import FORMAT, loads_lesson

    t = {"en": "Text", "ko": "글"}
    doc: dict[str, Any] = {
        "format": FORMAT, "format_version": 1, "id": "demo", "order": 1, "title": t, "summary": t,
        "paragraphs": [t], "design": "examples/xor.json", "highlight": ["learningRateCombo"],
        "try": t, "watch": t, "steps": [{"title": t, "text": t}],
    }
    doc.update(changes)
    loads_lesson(json.dumps(doc), REPO_ROOT / "assets")


def _export(tmp: Path) -> None:
    from engine.design_io import load_design
    from engine.export import export_design

    export_design(load_design(EXAMPLES / "xor.json"), "caffe", tmp / "out.py")


def _backend() -> None:
    from engine.backend import resolve_backend

    resolve_backend("tpu")


DENSE = {"id": "L1", "type": "dense", "options": {"units": 4, "activation": "relu"}}
OUT1 = {"id": "L2", "type": "dense", "options": {"units": 1, "activation": "sigmoid"}}

# name → a function of a temporary folder that raises a real engine error
CASES: dict[str, Callable[[Path], None]] = {
    "empty design": lambda t: _design(""),
    "bad JSON": lambda t: _design('{"format": '),
    "not an object": lambda t: _design("[1, 2]"),
    "not a design": lambda t: _design(_doc(format="something-else")),
    "no version": lambda t: _design(_doc(format_version=None)),
    "newer version": lambda t: _design(_doc(format_version=99)),
    "duplicate key": lambda t: _design('{"format": 1, "format": 2}'),
    "NaN": lambda t: _design('{\n  "format": NaN\n}'),
    "unknown field": lambda t: _design(_doc(colour="red")),
    "units too small": lambda t: _design(_doc(network=_layers({**DENSE, "options": {"units": 0}}, OUT1))),
    "unknown option": lambda t: _design(_doc(network=_layers({**DENSE, "options": {"size": 3}}, OUT1))),
    "unknown activation": lambda t: _design(
        _doc(network=_layers({**DENSE, "options": {"activation": "swishy"}}, OUT1))
    ),
    "same layer id": lambda t: _design(_doc(network=_layers(DENSE, {**OUT1, "id": "L1"}))),
    "learning rate": lambda t: _design(_doc(train={"learning_rate": -1})),
    "snapshot as design": _snapshot_as_design,
    "no layers": lambda t: _analysis(_layers()),
    "image into Dense": lambda t: _analysis(_layers(DENSE, {**OUT1, "options": {"units": 10}}), {"dataset": "mnist"}),
    "output units": lambda t: _analysis(_layers(DENSE, {**OUT1, "options": {"units": 3, "activation": "softmax"}})),
    "softmax regression": lambda t: _analysis(
        _layers(DENSE, {**OUT1, "options": {"units": 1, "activation": "softmax"}}), {"dataset": "plane"}, "mse"
    ),
    "loss needs softmax": lambda t: _analysis(_layers(DENSE, OUT1), None, "categorical_crossentropy"),
    "unknown data set": lambda t: _data(dataset="nope"),
    "too few samples": lambda t: _data(samples=3),
    "no features": lambda t: _data(features=()),
    "unknown feature": lambda t: _data(features=("x1", "x3")),
    "CSV missing": lambda t: _data(dataset="csv", path=str(t / "missing.csv")),
    "CSV needs a file": lambda t: _data(dataset="csv"),
    "CSV empty": lambda t: _csv(t, ""),
    "CSV no header": lambda t: _csv(t, "1,2,3\n4,5,6\n"),
    "CSV short line": lambda t: _csv(t, "x1,x2,y\n1,2,0\n3,4\n5,6,1\n7,8,0\n"),
    "CSV not a number": lambda t: _csv(t, "x1,x2,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n9,10,0\n11,abc,1\n"),
    "CSV one class": lambda t: _csv(t, "x1,x2,y\n1,2,a\n3,4,a\n5,6,a\n7,8,a\n"),
    "CSV no column": lambda t: _csv(t, "x1,x2,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n", target="z"),
    "IDX folder": lambda t: _data(dataset="idx", path=str(t / "nowhere")),
    "snapshot not a zip": lambda t: _snapshot_file(t, b"hello"),
    "snapshot missing": lambda t: _snapshot_file(t, None),
    "snapshot member": lambda t: _zip(t, {"design.json": b"{}", "extra.txt": b""}),
    "snapshot incomplete": lambda t: _zip(t, {"design.json": b"{}"}),
    "lesson format": lambda t: _lesson(format="nn-playground.design"),
    "lesson Korean missing": lambda t: _lesson(title={"en": "x"}),
    "lesson design": lambda t: _lesson(design="examples/nothing-here.json"),
    "export format": _export,
    "backend": lambda t: _backend(),
}


def _raise(name: str, tmp_path: Path) -> PlaygroundError:
    with pytest.raises(PlaygroundError) as info:
        CASES[name](tmp_path)
    return info.value


def _constant_phrases(template: str) -> list[str]:
    """The English phrases of a template (its constant parts of two words or more)."""
    parts = [p.strip(" :;,.()'\"—") for p in PLACEHOLDER.split(template)]
    return [p for p in parts if " " in p and re.search(r"[A-Za-z]{3}", p)]


@pytest.mark.parametrize("name", list(CASES))
def test_a_real_engine_error_is_shown_in_korean(name: str, tmp_path: Path, korean: None) -> None:
    exc = _raise(name, tmp_path)
    english = str(exc)
    detail = getattr(exc, "detail", english)
    found = engine_text.match(detail)
    assert found is not None, f"no template matches {detail!r}: is its raise site extracted?"
    template, _ = found
    shown = engine_text.describe(exc)
    assert HANGUL.search(shown), f"{english!r} → {shown!r}"
    translated = engine_text.QCoreApplication.translate(engine_text.CONTEXT, template.source)
    for phrase in _constant_phrases(template.source):
        assert phrase not in shown or phrase in translated, f"English {phrase!r} left in {shown!r}"
    # nothing is lost: the numbers and quoted names of the message are all still there
    for token in re.findall(r"\d+|'[^']*'", english):
        assert token in shown, f"{token!r} of {english!r} lost in {shown!r}"
    assert engine_text.describe(english) == shown  # the same from the text alone (worker messages)


@pytest.mark.parametrize("name", list(CASES))
def test_in_english_a_real_engine_error_is_unchanged(name: str, tmp_path: Path, english: None) -> None:
    exc = _raise(name, tmp_path)
    assert engine_text.describe(exc) == str(exc)
    assert engine_text.describe(str(exc)) == str(exc)


def test_a_layer_prefix_and_a_field_stay_and_the_message_is_translated(korean: None) -> None:
    exc = DesignError("must be at least 1, got 0", "network.layers[0].options.units", "L1")
    assert str(exc).startswith("layer L1: network.layers[0].options.units: ")
    assert engine_text.describe(exc) == "층 L1: network.layers[0].options.units: 1 이상이어야 합니다 (받은 값: 0)"
    assert engine_text.describe(str(exc)) == engine_text.describe(exc)
    nested = DesignError(f"the snapshot's design is invalid: {DesignError('too many layers (at most 64)', 'x.y')}")
    assert engine_text.describe(nested) == "스냅숏의 설계가 올바르지 않습니다: x.y: 층이 너무 많습니다 (최대 64개)"
    listed = DesignError("expected a whole number, got a list")
    assert engine_text.describe(listed) == "정수가 필요합니다 (받은 값: 목록)"  # a fixed word of the engine


def test_unknown_text_falls_back_to_english_and_nothing_raises(korean: None) -> None:
    assert engine_text.describe("something the engine never says") == "something the engine never says"
    assert engine_text.describe(ValueError("internal: 3")) == "internal: 3"
    assert engine_text.describe(None) == ""
    assert engine_text.describe("") == ""
    odd = DesignError("x")
    odd.detail = 42  # type: ignore[assignment]
    assert engine_text.describe(odd) == "x"


def test_switching_the_language_switches_the_engine_messages(qapp: Any) -> None:
    exc = DesignError("the network has no layers; add at least one Dense layer", "network.layers")
    try:
        assert i18n.install_language(qapp, "ko")
        assert engine_text.describe(exc) == "network.layers: 신경망에 층이 없습니다. Dense 층을 하나 이상 추가하세요"
        i18n.install_language(qapp, "en")
        assert engine_text.describe(exc) == str(exc)
        assert i18n.install_language(qapp, "ko")
        assert HANGUL.search(engine_text.describe(exc))
    finally:
        i18n.install_language(qapp, "en")


def test_templates_are_tried_most_specific_first() -> None:
    sizes = [t.literal_size for t in engine_text.templates()]
    assert sizes == sorted(sizes, reverse=True)
    template = engine_text.compile_template("cannot read {0}: {1}")
    assert template.pattern.fullmatch("cannot read a: b: c").groups() == ("a", "b: c")


# ---------------------------------------------------------------------- the real window


def test_opening_a_malformed_design_in_korean_shows_a_korean_dialog(
    korean: None, make_window: Any, dialogs: Any, tmp_path: Path
) -> None:
    window = make_window()
    bad = tmp_path / "bad.json"
    bad.write_text(_doc(network=_layers({**DENSE, "options": {"units": 0}}, OUT1)), encoding="utf-8")
    dialogs.calls.clear()
    assert not window.open_path(bad)
    kinds = dialogs.kinds()
    assert kinds and kinds[-1] in ("critical", "warning"), dialogs.calls
    _, _title, text = dialogs.calls[-1]
    engine_part = text.split("\n\n")[-1]
    assert engine_part == "network.layers[0].options.units: 1 이상이어야 합니다 (받은 값: 0)", text
    assert "must be at least" not in text
    # a message from the training thread arrives as English text and is shown in Korean
    window._on_controller_failed("network.layers: too many layers (at most 64)")
    assert "층이 너무 많습니다" in window._training_message
    assert "too many layers" not in window._training_message


def test_the_train_panel_gives_the_no_gpu_reason_in_korean(korean: None, qtbot: Any) -> None:
    from engine.backend import GpuProbe
    from engine.design_io import load_design
    from playground.document import DesignDocument
    from playground.widgets.train_panel import TrainPanel

    root = Path(__file__).resolve().parents[2]
    panel = TrainPanel(DesignDocument(load_design(root / "assets" / "examples" / "xor.json")), probe_gpu=False)
    qtbot.addWidget(panel)
    panel.set_gpu_probe(GpuProbe(False, None, "CuPy is not installed (pip install 'nn-playground[gpu]')"))
    note = panel.findChild(QLabel, "backendNote").text()
    assert "CuPy가 설치되어 있지 않음" in note and "is not installed" not in note
    panel.set_gpu_probe(GpuProbe(False, None, "the GPU probe did not answer within 10 s"))
    assert "GPU 확인이 10초 안에 응답하지 않음" in panel.findChild(QLabel, "backendNote").text()
