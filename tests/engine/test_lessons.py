"""Lessons: the files load and are complete in both languages, broken files fail clearly,
the glossary covers the app's vocabulary, and every lesson's design still shows what the
lesson promises when it is trained headless (shortened where the point survives it).
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from engine import catalog
from engine.design_io import load_design
from engine.errors import PlaygroundError, TrainingDiverged
from engine.lessons import (
    FORMAT,
    LANGUAGES,
    MAX_LESSON_BYTES,
    Lesson,
    LessonError,
    list_lessons,
    load_lesson,
    loads_lesson,
)
from engine.network import analyze
from engine.spec import DesignSpec
from engine.training import EpochRecord, Trainer

ASSETS = Path(__file__).resolve().parents[2] / "assets"
LESSON_FILES = sorted((ASSETS / "lessons").glob("*.json"))
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def lessons() -> dict[str, Lesson]:
    return {lesson.id: lesson for lesson in list_lessons(ASSETS)}


# ---------------------------------------------------------------- the shipped lessons


def test_the_curriculum_lessons_ship_in_order(lessons: dict[str, Lesson]) -> None:
    ordered = [lesson.id for lesson in list_lessons(ASSETS)]
    assert ordered == [
        "perceptron", "hidden-layer", "features", "activations", "learning-rate", "batch-size",
        "optimizers", "overfitting", "mnist-mlp", "mnist-cnn",
    ]
    orders = [lesson.order for lesson in list_lessons(ASSETS)]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    assert len(LESSON_FILES) == len(lessons)


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_lesson_file_loads_and_is_complete(path: Path) -> None:
    lesson = load_lesson(path)
    assert lesson.path == path
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert raw["format"] == FORMAT and raw["format_version"] == 1
    assert 2 <= len(lesson.paragraphs) <= 6, "a few short paragraphs"
    assert lesson.highlight, "a lesson points at the controls to try"
    for where, text in lesson.texts():
        for lang in LANGUAGES:
            assert text.get(lang).strip(), f"{where}.{lang} is empty"
        assert not HANGUL.search(text.en), f"{where}.en contains Korean: {text.en!r}"
        if len(text.en) > 12:  # short names such as "SGD" or "Adam" may be the same in both
            assert HANGUL.search(text.ko), f"{where}.ko is not Korean: {text.ko!r}"
    for where, text in [("summary", lesson.summary), *[(f"p{i}", p) for i, p in enumerate(lesson.paragraphs)]]:
        assert len(text.en) <= 600, f"{where} is too long for a projector"
    if lesson.design_source != "inline":
        assert load_design(ASSETS / lesson.design_source) == lesson.design
    for step in lesson.steps:
        assert isinstance(step.design, DesignSpec)
    # the design must also pass the whole-network checks the app runs before training
    for design in [lesson.design, *[s.design for s in lesson.steps]]:
        shape = (1, 28, 28) if design.data.dataset == "mnist" else (len(design.data.features),)
        task = "classification"
        n_classes = 10 if design.data.dataset == "mnist" else 2
        assert analyze(design, shape, task, n_classes).ok


def test_every_lesson_design_file_is_used(lessons: dict[str, Lesson]) -> None:
    used = {lesson.design_source for lesson in lessons.values()}
    for path in sorted((ASSETS / "lessons" / "designs").glob("*.json")):
        assert f"lessons/designs/{path.name}" in used, f"{path.name} belongs to no lesson"
        load_design(path)


# ---------------------------------------------------------------- glossary

GLOSSARY = ASSETS / "translations" / "glossary.csv"
REQUIRED_TERMS = {
    "hidden layer": "은닉층", "input layer": "입력층", "output layer": "출력층",
    "activation function": "활성화 함수", "learning rate": "학습률", "gradient descent": "경사 하강법",
    "backpropagation": "오차 역전파", "loss function": "손실 함수", "overfitting": "과대적합",
    "regularisation": "정규화", "weight": "가중치", "bias": "편향", "perceptron": "퍼셉트론",
    "convolution": "합성곱", "pooling": "풀링", "batch size": "배치 크기", "epoch": "에포크",
    "vanishing gradient": "기울기 소실", "decision boundary": "결정 경계", "accuracy": "정확도",
}
# catalog names whose glossary entry is spelled differently from the name itself
CATALOG_TITLES = {
    "mse": "mean squared error", "mae": "mean absolute error", "huber": "Huber",
    "momentum": "SGD with momentum", "nesterov": "Nesterov momentum", "perceptron": "perceptron rule",
    "gaussians": "two Gaussians", "plane": "plane (regression)", "multi_gaussian": "multi Gaussian (regression)",
    "mnist": "MNIST digits", "idx": "IDX images", "csv": "CSV table", "linear": "linear",
    "zeros": "zeros", "custom": "my own data",
}


def _glossary() -> list[dict[str, str]]:
    with open(GLOSSARY, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == ["en", "ko", "note"]
        return list(reader)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def test_glossary_is_well_formed_and_has_the_standard_terms() -> None:
    rows = _glossary()
    ens = [r["en"] for r in rows]
    assert len(ens) == len(set(ens)), "an English term is listed twice"
    assert all(r["en"].strip() and r["ko"].strip() for r in rows)
    by_en = {r["en"]: r["ko"] for r in rows}
    for en, ko in REQUIRED_TERMS.items():
        assert by_en.get(en) == ko, f"glossary: {en!r} should be {ko!r}"


def test_glossary_covers_the_catalog() -> None:
    known = {_norm(r["en"]) for r in _glossary()}
    names = [
        *catalog.ACTIVATIONS, *catalog.OPTIMIZERS, *catalog.LOSSES, *catalog.INITIALIZERS, *catalog.DATASETS,
        *(t.title for t in catalog.LAYER_TYPES.values()), *catalog.LAYER_CATEGORIES,
    ]
    missing = [n for n in names if _norm(CATALOG_TITLES.get(n, n)) not in known and _norm(n) not in known]
    missing = [n for n in missing if n != "normalisation"]  # the category's title is "Normalisation and ..."
    assert not missing, f"glossary.csv lacks: {missing}"


def test_korean_lesson_text_uses_the_glossary_terms(lessons: dict[str, Lesson]) -> None:
    """Notes like 'avoid: 과적합, 오버피팅' list variants the Korean lessons must not use."""
    avoided: dict[str, str] = {}
    for row in _glossary():
        match = re.search(r"avoid: ([^;\"]+)", row["note"])
        if match:
            for variant in match.group(1).split(","):
                avoided[variant.strip()] = row["ko"]
    assert "과적합" in avoided and "학습율" in avoided
    for lesson in lessons.values():
        for where, text in lesson.texts():
            for variant, term in avoided.items():
                assert variant not in text.ko, f"{lesson.id} {where}: use {term!r} instead of {variant!r}"


# ---------------------------------------------------------------- malformed lessons


def _doc(**changes: Any) -> dict[str, Any]:
    t = {"en": "Text", "ko": "글"}
    doc: dict[str, Any] = {
        "format": FORMAT, "format_version": 1, "id": "demo", "order": 1, "title": t, "summary": t,
        "paragraphs": [t, t], "design": "examples/xor.json", "highlight": ["learningRateCombo"],
        "try": t, "watch": t,
        "steps": [{"title": t, "text": t, "design_changes": {"train": {"learning_rate": 0.3}}}],
    }
    for key, value in changes.items():
        if value is _DELETE:
            del doc[key]
        else:
            doc[key] = value
    return doc


_DELETE = object()
_T = {"en": "Text", "ko": "글"}
_STEP = {"title": _T, "text": _T}


def test_a_minimal_lesson_loads() -> None:
    lesson = loads_lesson(json.dumps(_doc()), ASSETS)
    assert lesson.design.train.learning_rate == 0.05
    assert lesson.steps[0].design.train.learning_rate == 0.3
    assert lesson.steps[0].design.layers == lesson.design.layers
    inline = load_design(ASSETS / "examples" / "xor.json").to_dict()
    assert loads_lesson(json.dumps(_doc(design=inline)), ASSETS).design == lesson.design


@pytest.mark.parametrize(
    ("doc", "field"),
    [
        (_doc(paragraphs=[_T, {"en": "only English"}]), "paragraphs[1].ko"),
        (_doc(title={"en": "x", "ko": "  "}), "title.ko"),
        (_doc(title={"en": "x", "ko": "글", "ja": "テキスト"}), "title.ja"),
        (_doc(summary="plain text"), "summary"),
        (_doc(watch=_DELETE), "watch"),
        (_doc(summery=_T), "summery"),
        (_doc(format="nn-playground.design"), "format"),
        (_doc(format_version=2), "format_version"),
        (_doc(id="Not An Id!"), "id"),
        (_doc(order=-1), "order"),
        (_doc(order=True), "order"),
        (_doc(paragraphs=[]), "paragraphs"),
        (_doc(highlight=["learningRateCombo", "not a name"]), "highlight[1]"),
        (_doc(highlight="learningRateCombo"), "highlight"),
        (_doc(highlight=["playButton", "playButton"]), "highlight[1]"),
        (_doc(design="../examples/xor.json"), "design"),
        (_doc(design="/etc/passwd.json"), "design"),
        (_doc(design="examples/nothing-here.json"), "design"),
        (_doc(design="examples/xor.py"), "design"),
        (_doc(design=42), "design"),
        (_doc(design={"format": "nn-playground.design", "format_version": 1,
                      "network": {"layers": [{"id": "L1", "type": "dense", "options": {"units": 0}}]}}),
         "design.network.layers[0].options.units"),
        (_doc(steps=[{"text": _T}]), "steps[0].title"),
        (_doc(steps=[{**_STEP, "design_changes": {"train": {"learning_rate": "fast"}}}]),
         "steps[0].design_changes.train.learning_rate"),
        (_doc(steps=[{**_STEP, "design_changes": {"layers": {"L9": {"units": 3}}}}]),
         "steps[0].design_changes.layers.L9"),
        (_doc(steps=[{**_STEP, "design_changes": {"layers": {"L1": {"units": -3}}}}]),
         "steps[0].design_changes.network.layers[0].options.units"),
        (_doc(steps=[{**_STEP, "design_changes": {"optimizer": "adam"}}]), "steps[0].design_changes.optimizer"),
        (_doc(steps=[{**_STEP, "highlight": [3]}]), "steps[0].highlight[0]"),
        (_doc(steps=[{**_STEP, "notes": "x"}]), "steps[0].notes"),
        (_doc(steps={}), "steps"),
        (_doc(title={"en": "x" * 5000, "ko": "글"}), "title.en"),
    ],
)
def test_a_malformed_lesson_names_the_field(doc: dict[str, Any], field: str) -> None:
    with pytest.raises(LessonError) as info:
        loads_lesson(json.dumps(doc), ASSETS)
    assert info.value.field == field, str(info.value)
    assert str(info.value).startswith(f"{field}: ")
    assert isinstance(info.value, PlaygroundError)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("[1, 2]", "one JSON object"),
        ('{"format": "nn-playground.lesson", "format_version": 1,', "not valid JSON"),
        ('{"a": 1, "a": 2}', "appears twice"),
        ('{"x": NaN}', "NaN"),
        (b"\xff\xfe{}", "not UTF-8"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"format": "\\ud800"}', "surrogate"),
    ],
)
def test_a_broken_file_is_refused(text: str | bytes, message: str) -> None:
    with pytest.raises(LessonError, match=re.escape(message)):
        loads_lesson(text, ASSETS)


def test_size_limit_and_file_errors(tmp_path: Path) -> None:
    with pytest.raises(LessonError, match="too large"):
        loads_lesson(b" " * (MAX_LESSON_BYTES + 1), ASSETS)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_LESSON_BYTES + 1))
    with pytest.raises(LessonError, match=r"big\.json: the lesson is too large"):
        load_lesson(big, ASSETS)
    with pytest.raises(LessonError, match="does not exist"):
        load_lesson(tmp_path / "missing.json", ASSETS)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_doc(paragraphs=[{"en": "x"}])), encoding="utf-8")
    with pytest.raises(LessonError, match=r"^bad\.json: paragraphs\[0\]\.ko: the Korean text is missing$"):
        load_lesson(bad, ASSETS)


def test_list_lessons_reports_broken_files_and_duplicate_ids(tmp_path: Path) -> None:
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "xor.json").write_bytes((ASSETS / "examples" / "xor.json").read_bytes())
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "b.json").write_text(json.dumps(_doc(id="b", order=2)), encoding="utf-8")
    (folder / "a.json").write_text(json.dumps(_doc(id="a", order=5)), encoding="utf-8")
    assert [x.id for x in list_lessons(tmp_path)] == ["b", "a"]
    (folder / "c.json").write_text(json.dumps(_doc(id="a", order=1)), encoding="utf-8")
    (folder / "d.json").write_text("{", encoding="utf-8")
    with pytest.raises(LessonError, match=r"c\.json: id: the id 'a' is already used by a\.json"):
        list_lessons(tmp_path)
    errors: list[LessonError] = []
    assert [x.id for x in list_lessons(tmp_path, errors=errors)] == ["b", "a"]
    assert sorted(e.source or "" for e in errors) == ["c.json", "d.json"]


# ---------------------------------------------------------------- the lessons' claims

def _train(design: DesignSpec, epochs: int) -> tuple[Trainer, list[EpochRecord]]:
    trainer = Trainer(design, backend="numpy")
    records = [trainer.train_epoch() for _ in range(epochs)]
    return trainer, records


def _acc(trainer: Trainer, split: str) -> float:
    acc = trainer.evaluate(split)[1]
    assert acc is not None
    return acc


def test_perceptron_cannot_learn_xor_but_learns_two_gaussians(lessons: dict[str, Lesson]) -> None:
    lesson = lessons["perceptron"]
    trainer = Trainer(lesson.steps[0].design, backend="numpy")
    best = 0.0
    for _ in range(lesson.design.train.epochs):
        trainer.train_epoch()
        best = max(best, _acc(trainer, "train"), _acc(trainer, "test"))
    assert best <= 0.75, f"the perceptron reached {best:.2f} on XOR"
    trainer, records = _train(lesson.steps[1].design, 5)
    assert records[-1].test_acc == 1.0 and _acc(trainer, "train") == 1.0


def test_a_hidden_layer_solves_xor_and_a_linear_or_single_unit_one_does_not(lessons: dict[str, Lesson]) -> None:
    lesson = lessons["hidden-layer"]
    _, records = _train(lesson.steps[0].design, 12)
    assert records[-1].test_acc is not None and records[-1].test_acc >= 0.98
    for step in lesson.steps[1:]:
        trainer, records = _train(step.design, 60)
        best = max(r.test_acc or 0.0 for r in records)  # a straight line gets at most ~3 quadrants right
        assert best <= 0.78 and _acc(trainer, "train") <= 0.78, step.title.en


def test_squared_features_let_one_neuron_draw_a_circle(lessons: dict[str, Lesson]) -> None:
    raw, squares, xor = lessons["features"].steps
    _, records = _train(raw.design, 30)
    assert max(r.test_acc or 0.0 for r in records) <= 0.7
    _, records = _train(squares.design, 20)
    assert records[-1].test_acc is not None and records[-1].test_acc >= 0.98
    _, records = _train(xor.design, 20)
    assert records[-1].test_acc is not None and records[-1].test_acc >= 0.98


def _layer_gradients(trainer: Trainer, ids: list[str], steps: int) -> dict[str, float]:
    norms = {i: 0.0 for i in ids}
    for _ in range(steps):
        trainer.train_step()
        for i in ids:
            norms[i] += float(np.linalg.norm(trainer.network.layer(i).grads["W"]))
    return norms


def test_deep_sigmoid_gradients_vanish_and_relu_fixes_it(lessons: dict[str, Lesson]) -> None:
    lesson = lessons["activations"]
    sigmoid, relu, tanh = lesson.steps
    ids = [layer.id for layer in sigmoid.design.layers]
    assert len(ids) == 7 and all(layer.get("activation") == "sigmoid" for layer in sigmoid.design.layers)

    trainer = Trainer(sigmoid.design, backend="numpy")
    w0 = trainer.network.state_arrays()
    g = _layer_gradients(trainer, ids, 25)
    assert g[ids[-1]] / g[ids[0]] > 1000, f"sigmoid: output/first gradient ratio {g[ids[-1]] / g[ids[0]]:.0f}"
    records = [trainer.train_epoch() for _ in range(30)]
    assert max(r.test_acc or 0.0 for r in records[5:]) <= 0.6
    assert records[-1].train_loss > 0.68
    w1 = trainer.network.state_arrays()
    change = {i: np.linalg.norm(w1[f"{i}/W"] - w0[f"{i}/W"]) / np.linalg.norm(w0[f"{i}/W"]) for i in ids}
    assert change[ids[0]] < 0.01 and change[ids[-1]] > 20 * change[ids[0]], change

    trainer = Trainer(relu.design, backend="numpy")
    g = _layer_gradients(trainer, ids, 25)
    assert g[ids[-1]] / g[ids[0]] < 100
    records = [trainer.train_epoch() for _ in range(10)]
    assert records[-1].test_acc is not None and records[-1].test_acc >= 0.97

    _, records = _train(tanh.design, 40)
    assert records[-1].test_acc is not None and records[-1].test_acc >= 0.95


def test_learning_rate_too_small_right_and_too_large(lessons: dict[str, Lesson]) -> None:
    small, right, large = lessons["learning-rate"].steps
    assert [s.design.train.learning_rate for s in (small, right, large)] == [0.003, 0.3, 3.0]
    epochs = lessons["learning-rate"].design.train.epochs
    _, slow = _train(small.design, epochs)
    assert slow[-1].test_acc is not None and slow[-1].test_acc < 0.6
    assert slow[-1].train_loss > 0.85 * slow[0].train_loss, "0.003 should crawl"
    _, good = _train(right.design, 10)
    assert good[-1].test_acc is not None and good[-1].test_acc >= 0.98 and good[-1].train_loss < 0.2
    try:
        _, wild = _train(large.design, epochs)
    except TrainingDiverged:
        return  # flying off is one of the promised outcomes
    losses = [r.train_loss for r in wild]
    rises = sum(b > 1.1 * a for a, b in itertools.pairwise(losses))
    assert rises >= 8, f"learning rate 3 should bounce: {losses}"
    assert min(losses[-10:]) > 0.3 and max(r.test_acc or 0.0 for r in wild[-10:]) < 0.95


def test_batch_size_trades_noise_for_updates(lessons: dict[str, Lesson]) -> None:
    ten, one, whole = lessons["batch-size"].steps
    assert (ten.design.train.batch_size, one.design.train.batch_size, whole.design.train.batch_size) == (10, 1, 250)
    trainer1, records = _train(one.design, 5)
    assert records[-1].test_acc is not None and records[-1].test_acc >= 0.85
    trainer10, records = _train(ten.design, 30)
    assert records[-1].test_acc is not None and records[-1].test_acc >= 0.93
    noise1 = np.std(list(trainer1.step_losses)[-250:])
    noise10 = np.std(list(trainer10.step_losses)[-25:])
    assert noise1 > 3 * noise10
    trainer250, records = _train(whole.design, 30)
    assert trainer250.global_step == 30
    assert records[-1].test_acc is not None and records[-1].test_acc <= 0.8


def test_adam_beats_momentum_beats_sgd_on_the_spiral(lessons: dict[str, Lesson]) -> None:
    lesson = lessons["optimizers"]
    results = {}
    for step in lesson.steps:
        _, records = _train(step.design, lesson.design.train.epochs)
        results[step.design.train.optimizer] = records[-1]
    sgd, momentum, adam = results["sgd"], results["momentum"], results["adam"]
    assert sgd.train_loss > momentum.train_loss > adam.train_loss
    assert (sgd.test_acc or 0.0) <= 0.7 < (momentum.test_acc or 0.0) < 0.9
    assert (adam.test_acc or 0.0) >= 0.95


def test_overfitting_gap_appears_and_regularisation_shrinks_it(lessons: dict[str, Lesson]) -> None:
    lesson = lessons["overfitting"]
    plain, l2, dropout, more = lesson.steps
    epochs = lesson.design.train.epochs

    trainer, records = _train(plain.design, epochs)
    train_acc, test_acc = _acc(trainer, "train"), _acc(trainer, "test")
    gap = train_acc - test_acc
    assert train_acc >= 0.97 and test_acc <= 0.82 and gap >= 0.15, (train_acc, test_acc)
    test_losses = [r.test_loss for r in records]
    assert test_losses[-1] > 1.5 * min(test_losses), "the test loss should climb"
    assert records[-1].train_loss < 0.05

    trainer, records = _train(l2.design, epochs)
    l2_gap = _acc(trainer, "train") - _acc(trainer, "test")
    assert l2_gap < gap - 0.08 and _acc(trainer, "test") >= test_acc + 0.05
    assert records[-1].test_loss < 0.5 * test_losses[-1]

    trainer, _ = _train(dropout.design, epochs)
    assert _acc(trainer, "test") >= test_acc + 0.05

    trainer, _ = _train(more.design, epochs // 2)
    assert _acc(trainer, "train") - _acc(trainer, "test") < gap - 0.08


def _mnist(design: DesignSpec, train_limit: int, test_limit: int) -> DesignSpec:
    return replace(design, data=replace(design.data, train_limit=train_limit, test_limit=test_limit))


def test_the_textbook_mnist_network_learns_quickly(lessons: dict[str, Lesson]) -> None:
    lesson = lessons["mnist-mlp"]
    quick, full = lesson.steps
    assert full.design == lesson.design and lesson.design_source == "examples/mnist-mlp.json"
    assert (quick.design.data.train_limit, quick.design.train.epochs) == (5000, 1)
    t = lesson.design.train
    assert (t.optimizer, t.learning_rate, t.batch_size, t.epochs) == ("rmsprop", 0.001, 128, 5)
    _, records = _train(_mnist(quick.design, 5000, 2000), 1)
    assert records[-1].test_acc is not None and records[-1].test_acc >= 0.8


def test_the_cnn_learns_digits_with_a_hundredth_of_the_weights(lessons: dict[str, Lesson]) -> None:
    lesson = lessons["mnist-cnn"]
    cnn = lesson.design
    mlp = lessons["mnist-mlp"].design
    n_cnn = analyze(cnn, (1, 28, 28)).n_params
    n_mlp = analyze(mlp, (1, 28, 28)).n_params
    assert 4000 <= n_cnn <= 6000 and 350_000 <= n_mlp <= 450_000
    shapes = {i.id: i.out_shape for i in analyze(cnn, (1, 28, 28)).layers}
    assert (shapes["L1"], shapes["L2"], shapes["L3"], shapes["L4"]) == ((8, 26, 26), (8, 13, 13), (16, 11, 11),
                                                                          (16, 5, 5))
    shapes5 = {i.id: i.out_shape for i in analyze(lesson.steps[1].design, (1, 28, 28)).layers}
    assert (shapes5["L1"], shapes5["L2"]) == ((8, 24, 24), (8, 12, 12))
    assert cnn.data.train_limit == 10000 and cnn.train.epochs == 3

    trainer = Trainer(_mnist(cnn, 2000, 500), backend="numpy")
    w0 = trainer.network.state_arrays()["L1/W"]
    records = [trainer.train_epoch() for _ in range(2)]
    assert records[-1].test_acc is not None and records[-1].test_acc >= 0.8
    w1 = trainer.network.state_arrays()["L1/W"]
    assert np.linalg.norm(w1 - w0) > 0.1 * np.linalg.norm(w0), "the first layer's filters are learned"
