"""The Korean translation: complete, faithful to its placeholders and the glossary, and live in the window.

The first test runs ``pyside6-lupdate`` over the current sources (in a temporary copy): it
fails as soon as someone adds a UI string without a Korean translation. Fix it with
``python tools/update_translations.py`` and translate what it prints.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QTranslator
from PySide6.QtGui import QAction, QColor, QFont, QFontDatabase, QFontInfo, QFontMetrics, QImage, QPainter, QRawFont
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QDockWidget, QLabel, QMenu, QTabWidget

from playground import i18n
from playground.settings import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
TS = REPO_ROOT / "assets" / "translations" / "playground_ko.ts"
QM = REPO_ROOT / "assets" / "translations" / "playground_ko.qm"
ENGINE_TS = REPO_ROOT / "assets" / "translations" / "engine_ko.ts"  # the engine's error messages
GLOSSARY = REPO_ROOT / "assets" / "translations" / "glossary.csv"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
PLACEHOLDER = re.compile(r"%(?:\d+|n)|\{[A-Za-z_][A-Za-z0-9_]*\}|\{\}")
ACCELERATOR = re.compile(r"&([^&\s])")
TAG = re.compile(r"<[^>]+>")


def _tool() -> Any:
    spec = importlib.util.spec_from_file_location("update_translations", REPO_ROOT / "tools" / "update_translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("update_translations", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def messages() -> list[i18n.Message]:
    return i18n.read_ts(TS)


@pytest.fixture(scope="module")
def all_messages(messages: list[i18n.Message]) -> list[i18n.Message]:
    """The UI's messages and the engine's error messages: the glossary binds both."""
    return [*messages, *i18n.read_ts(ENGINE_TS)]


@pytest.fixture
def english_after(qapp: Any) -> Iterator[None]:
    """Whatever a test installs, the next test starts in English with the original app font."""
    font = QFont(QApplication.font())
    yield
    i18n.install_language(qapp, "en")
    QApplication.setFont(font)


@pytest.fixture
def korean(qapp: Any, english_after: None) -> Iterator[None]:
    """Korean installed before the window is built (as ``--lang ko`` does)."""
    i18n.install_fonts(qapp)
    assert i18n.install_language(qapp, "ko")
    yield


# ---------------------------------------------------------------------- the .ts file


def test_every_source_string_has_a_korean_translation() -> None:
    status = _tool().check("ko")
    lines = [f"missing    [{c}] {s!r}" for c, s in status.missing]
    lines += [f"unfinished [{e.context}] {e.source!r}" for e in status.unfinished]
    assert not lines, (
        "UI strings without Korean (run `python tools/update_translations.py`, translate, "
        "remove type=\"unfinished\"):\n" + "\n".join(lines)
    )


def test_no_translation_is_empty_or_unfinished(messages: list[i18n.Message]) -> None:
    assert len(messages) > 300
    bad = [(m.context, m.source) for m in messages if not m.finished or not m.translation.strip()]
    assert not bad


def test_placeholders_accelerators_markup_and_spacing_are_kept(messages: list[i18n.Message]) -> None:
    problems = []
    for m in messages:
        src, ko = m.source, m.translation
        if Counter(PLACEHOLDER.findall(src)) != Counter(PLACEHOLDER.findall(ko)):
            problems.append(f"placeholders differ: [{m.context}] {src!r} → {ko!r}")
        if [a.lower() for a in ACCELERATOR.findall(src)] != [a.lower() for a in ACCELERATOR.findall(ko)]:
            problems.append(f"accelerator differs: [{m.context}] {src!r} → {ko!r}")
        if Counter(TAG.findall(src)) != Counter(TAG.findall(ko)):
            problems.append(f"markup differs: [{m.context}] {src!r} → {ko!r}")
        if src.count("\n") != ko.count("\n") or src.count(";;") != ko.count(";;"):
            problems.append(f"line or filter breaks differ: [{m.context}] {src!r} → {ko!r}")
        if (src[:1].isspace(), src[-1:].isspace()) != (ko[:1].isspace(), ko[-1:].isspace()):
            problems.append(f"surrounding spaces differ: [{m.context}] {src!r} → {ko!r}")
        if src.endswith("…") != ko.endswith("…"):
            problems.append(f"ellipsis differs: [{m.context}] {src!r} → {ko!r}")
        for pattern in ("(*.json)", "(*.csv)", "(*.png)", "(*)", "F5", "F6", "F7", "F11", "Ctrl+F6"):
            if pattern in src and pattern not in ko:
                problems.append(f"{pattern} lost: [{m.context}] {src!r} → {ko!r}")
    assert not problems, "\n".join(problems)


def _glossary() -> list[dict[str, str]]:
    with GLOSSARY.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _plain(text: str) -> str:
    text = re.sub(r"\(&[^&\s]\)", "", text)  # Korean accelerators: 파일(&F)
    return text.replace("&", "").rstrip("…").strip()


# Where one English word needs another Korean form in its place (each one checked by hand).
GLOSSARY_EXCEPTIONS = {
    ("catalog", "Activation"),  # also the option label of Dense/Conv2D: 활성화 함수 (glossary: activation)
    ("SideEditor", "Activation"),  # the compare window's row for the hidden layers' activation function: 활성화 함수
    ("CompareWindow", "epochs"),  # "최대 [N] 에포크" after the spin box (glossary: epochs = 에포크 수 as a row label)
    ("catalog", "linear"),  # glossary: keep 'linear' in the combo box and add 선형 → "linear (선형)"
    ("DataPanel", "Training data"),  # the trainRatioSlider row: 훈련 데이터 비율 (glossary: share of training data)
    ("DataPanel", "Examples"),  # the sampleImages row: 예시 이미지 (glossary: sample images)
    ("LossPlot", "training"),  # the legend of the training-data curve: 훈련 (glossary: training loss)
    ("TrainPanel", "Loss"),  # the lossCombo row: 손실 함수 (glossary: loss function)
    ("TrainPanel", "Regularisation"),  # L1/L2 row: 정규화 (glossary's note)
}


def test_whole_strings_that_are_glossary_terms_use_the_glossary(all_messages: list[i18n.Message]) -> None:
    terms: dict[str, set[str]] = {}
    for row in _glossary():
        terms.setdefault(row["en"].strip(), set()).add(row["ko"].strip())
    wrong = []
    for m in all_messages:
        key = _plain(m.source)
        if (m.context, m.source) in GLOSSARY_EXCEPTIONS:
            continue
        if key in terms and _plain(m.translation) not in terms[key]:
            wrong.append(f"[{m.context}] {m.source!r} → {m.translation!r}, glossary: {sorted(terms[key])}")
    assert not wrong, "\n".join(wrong)


KEY_TERMS = {
    r"\blearning rate\b": "학습률",
    r"\bepochs?\b": "에포크",
    r"\bbatch size\b": "배치 크기",
    r"\bweights?\b": "가중치",
    r"\bbias(es)?\b": "편향",
    r"\bneurons?\b": "뉴런",
    r"\blayers?\b": "층",
    r"\baccuracy\b": "정확도",
    r"\bgradients?\b": "기울기",
    r"\bfeature maps?\b": "특성 맵",
    r"\bdata set\b": "데이터 세트",
    r"\bseed\b": "시드",
    r"\bnoise\b": "잡음",
    r"\boptimi[sz]er\b": "옵티마이저",
    r"\boverfitting\b": "과대적합",
    r"\bnetwork\b": "신경망",
    r"\blabels?\b": "레이블",
    r"\bdesigns?\b": "설계",
}


def test_key_terms_are_translated_the_glossary_way(all_messages: list[i18n.Message]) -> None:
    assert any(m.context == "EngineMessage" for m in all_messages)
    wrong = []
    for m in all_messages:
        for pattern, ko in KEY_TERMS.items():
            if re.search(pattern, m.source, re.IGNORECASE) and ko not in m.translation:
                wrong.append(f"[{m.context}] {m.source!r} → {m.translation!r}: expected {ko}")
    assert not wrong, "\n".join(wrong)


def test_no_translation_uses_a_term_the_glossary_says_to_avoid(all_messages: list[i18n.Message]) -> None:
    avoid = set()
    for row in _glossary():
        match = re.search(r"avoid:\s*([^;\"]+)", row.get("note", "") or "")
        if match:
            avoid |= {t.strip() for t in match.group(1).split(",") if t.strip()}
    assert "레이어" in avoid and "에폭" in avoid
    bad = [f"[{m.context}] {m.translation!r} uses {t}" for m in all_messages for t in avoid if t in m.translation]
    assert not bad, "\n".join(bad)


def test_compiled_qm_matches_the_ts(messages: list[i18n.Message], qapp: Any) -> None:
    translator = QTranslator()
    assert translator.load(str(QM))
    stale = [
        (m.context, m.source)
        for m in messages
        if translator.translate(m.context, m.source) != m.translation
    ]
    assert not stale, f"playground_ko.qm is older than the .ts: run tools/update_translations.py ({stale[:5]})"


def test_the_tool_finds_strings_lupdate_cannot_see() -> None:
    pairs = set(_tool().extra_strings())
    assert ("NetworkEditor", "%1 units") in pairs  # through the module's _tr() wrapper
    assert ("catalog", "Dense") in pairs  # engine catalog titles
    assert ("catalog", "SGD with momentum") in pairs  # a titles dict passed to translate()
    assert ("datasets", "two Gaussians") in pairs
    assert ("MainWindow", "Neural Network Playground") in pairs  # tr() inside an f-string


def test_the_tool_adds_new_strings_as_unfinished_with_suggestions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tool = _tool()
    folder = tmp_path / "translations"
    folder.mkdir()
    for name in ("playground_ko.ts", "glossary.csv"):
        (folder / name).write_bytes((TS.parent / name).read_bytes())
    new_source = tmp_path / "new_panel.py"
    new_source.write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "QCoreApplication.translate('ProbePanel', 'Learning rate')\n"
        "QCoreApplication.translate('ProbePanel', 'A brand new sentence.')\n",
        encoding="utf-8",
    )
    real_sources = tool.source_files()
    monkeypatch.setattr(tool, "TRANSLATIONS", folder)
    monkeypatch.setattr(tool, "GLOSSARY", folder / "glossary.csv")
    monkeypatch.setattr(tool, "source_files", lambda: [*real_sources, new_source])
    monkeypatch.setattr(tool, "REPO_ROOT", tmp_path)
    unfinished = tool.update("ko")
    printed = capsys.readouterr().out
    assert {(e.context, e.source): e.translation for e in unfinished} == {
        ("ProbePanel", "Learning rate"): "학습률",  # suggested from the other contexts
        ("ProbePanel", "A brand new sentence."): "",
    }
    assert "unfinished [ProbePanel] 'A brand new sentence.'" in printed
    status = tool.check("ko")
    assert len(status.unfinished) == 2
    assert status.missing == [("ProbePanel", "A brand new sentence.")]  # no Korean at all yet
    kept = {(m.context, m.source): m.translation for m in i18n.read_ts(folder / "playground_ko.ts")}
    assert kept[("MainWindow", "&File")] == "파일(&F)"  # earlier translations are kept
    assert (folder / "playground_ko.qm").is_file()


# ---------------------------------------------------------------------- choosing and installing


def test_language_resolution_order(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings()
    monkeypatch.setattr(i18n, "system_language", lambda: "ko")
    assert i18n.resolve_language(None, settings) == "ko"  # the system's
    settings.set_language("en")
    assert i18n.resolve_language(None, settings) == "en"  # the person's choice
    assert i18n.resolve_language("ko", settings) == "ko"  # --lang
    assert i18n.normalize_language("ko_KR.UTF-8") == "ko"
    assert i18n.normalize_language("fr") is None


def test_install_language_loads_and_removes_translators(qapp: Any, english_after: None) -> None:
    assert i18n.install_language(qapp, "ko")
    assert i18n.current_language() == "ko"
    assert qapp.property(i18n.APP_PROPERTY) == "ko"
    assert QCoreApplication.translate("MainWindow", "&File") == "파일(&F)"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel"  # Qt's own qtbase_ko
    assert i18n.install_language(qapp, "en")
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_command_line_options() -> None:
    from playground.app import parse_args

    args, _ = parse_args(["--lang", "KO", "--presentation"])
    assert args.lang == "ko" and args.presentation
    args, _ = parse_args([])
    assert args.lang is None and not args.presentation


# ---------------------------------------------------------------------- the Korean font


def test_hangul_renders_with_the_bundled_nanum_gothic(qapp: Any, english_after: None) -> None:
    families = i18n.install_fonts(qapp)
    assert "NanumGothic" in QFontDatabase.families()
    assert families[-1] == "NanumGothic" and len(families) >= 2  # the system default stays first
    nanum = QFont("NanumGothic")
    assert nanum.exactMatch()
    assert QFontInfo(nanum).family() == "NanumGothic"
    raw = QRawFont.fromFont(nanum)
    assert all(raw.supportsCharacter(ord(c)) for c in "학습률 에포크 한국어")
    assert QFontMetrics(nanum).inFontUcs4(ord("한"))
    # the app font (system family first) draws Hangul exactly as Nanum Gothic does: no boxes
    size = QApplication.font().pointSizeF()
    nanum.setPointSizeF(size)

    def render(font: QFont) -> QImage:
        image = QImage(200, 40, QImage.Format.Format_ARGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setFont(font)
        painter.setPen(QColor("black"))
        painter.drawText(4, 30, "학습률 한국어")
        painter.end()
        return image

    def ink(image: QImage) -> int:
        w, h = image.width(), image.height()
        return sum(image.pixelColor(x, y).lightness() < 128 for x in range(w) for y in range(h))

    # Latin text keeps a real Latin family (subscripts such as x₁ render in it, not in Nanum) ...
    assert QFontInfo(QApplication.font()).family() != "NanumGothic"
    # ... and Hangul falls back to Nanum Gothic's glyphs: as much ink as Nanum draws, not boxes
    app_ink, nanum_ink = ink(render(QApplication.font())), ink(render(nanum))
    assert nanum_ink > 50 and abs(app_ink - nanum_ink) < 0.2 * nanum_ink


# ---------------------------------------------------------------------- the real window


def _visible_texts(window: Any) -> list[tuple[str, str]]:
    """(object name, text) of every text the window shows that the generic pass can reach."""
    texts: list[tuple[str, str]] = [("title", window.windowTitle())]
    for obj in [window, *window.findChildren(QObject)]:
        name = obj.objectName() or type(obj).__name__
        if isinstance(obj, QAction):
            texts += [(name, obj.text()), (name, obj.toolTip())]
        elif isinstance(obj, QMenu):
            texts.append((name, obj.title()))
        elif isinstance(obj, QDockWidget):
            texts.append((name, obj.windowTitle()))
        elif isinstance(obj, QAbstractButton | QLabel):
            texts.append((name, obj.text()))
        elif isinstance(obj, QComboBox):
            texts += [(name, obj.itemText(i)) for i in range(obj.count())]
        elif isinstance(obj, QTabWidget):
            texts += [(name, obj.tabText(i)) for i in range(obj.count())]
    return [(n, t) for n, t in texts if t]


def test_lang_ko_shows_korean_and_switching_back_changes_the_text(korean: None, make_window: Any) -> None:
    window = make_window()
    window.editor.select_layer("L1")  # the inspector's option rows
    assert window.file_menu.title() == "파일(&F)"
    assert window.play_action.text() == "재생"
    assert window.findChild(QDockWidget, "paletteDock").windowTitle() == "층"
    assert window.windowTitle().endswith("신경망 플레이그라운드")
    assert window.reset_action.toolTip() == "새 가중치로 처음부터 다시 시작합니다 (F7)"
    i18n.install_language_menu(window)
    language_menu = window.findChild(QMenu, "languageMenu")
    assert language_menu is not None and language_menu.title() == "언어 / Language(&L)"

    i18n.switch_language(window, "en")
    assert window.file_menu.title() == "&File"
    assert window.play_action.text() == "Play"
    assert window.findChild(QDockWidget, "paletteDock").windowTitle() == "Layers"
    assert window.windowTitle().endswith("— Neural Network Playground")
    assert language_menu.title() == "&Language"
    left = [(n, t) for n, t in _visible_texts(window) if HANGUL.search(t) and t != "한국어"]
    assert not left, f"Korean texts left after switching to English: {left}"
    assert Settings().language() == "en"

    i18n.switch_language(window, "ko")
    assert window.file_menu.title() == "파일(&F)"
    assert window.play_action.text() == "재생"
    window.play_action.trigger()  # texts made later come from tr(): Korean too
    assert window.play_action.text() == "일시 정지"
    window.play_action.trigger()
    assert Settings().language() == "ko"


def test_texts_built_in_english_turn_korean_at_run_time(qapp: Any, english_after: None, make_window: Any) -> None:
    i18n.install_fonts(qapp)
    i18n.install_language(qapp, "en")
    window = make_window()
    window.editor.select_layer("L1")
    i18n.install_language_menu(window)
    korean_action = window.findChild(QAction, "language_ko")
    korean_action.trigger()
    assert i18n.current_language() == "ko"
    assert korean_action.isChecked()
    assert window.file_menu.title() == "파일(&F)"
    assert window.findChild(QDockWidget, "trainDock").windowTitle() == "학습"
    assert window.epoch_label.text().startswith("에포크")
    labels = [lab.text() for lab in window.train_panel.findChildren(QLabel)]
    assert "학습률" in labels
    # the undo action keeps its prefix in the new language after the stack changes
    window.document.insert_layer(0, "dropout")
    assert window.undo_action.text().startswith("실행 취소")
    window.findChild(QAction, "language_en").trigger()
    window.document.undo_stack.undo()
    window.document.undo_stack.redo()
    assert window.undo_action.text().startswith("Undo")


def test_catalogue_converts_templates_and_titles(messages: list[i18n.Message]) -> None:
    cat = i18n.Catalogue(messages)
    assert cat.convert("Epoch 1,234", "en", "ko", ["MainWindow"]) == "에포크 1,234"
    assert cat.convert("에포크 12", "ko", "en", ["MainWindow"]) == "Epoch 12"
    assert cat.convert("Backend: CPU (NumPy)", "en", "ko", ["MainWindow"]) == "백엔드: CPU (NumPy)"
    assert cat.convert("Untitled[*] — Neural Network Playground", "en", "ko") == "제목 없음[*] — 신경망 플레이그라운드"
    assert cat.convert("step {step} · epoch {epoch}", "en", "ko", ["LossPlot"]) == "{step}단계 · 에포크 {epoch}"
    assert cat.convert("Step", "en", "ko", ["MainWindow"]) == "한 단계"
    assert cat.convert("my-design.json", "en", "ko") is None
    title = "spiral[*] — Neural Network Playground"  # a design called "spiral" keeps its name
    assert cat.convert(title, "en", "ko", ["MainWindow"], strict=True) == "spiral[*] — 신경망 플레이그라운드"
    readout = "0단계 · 에포크 3 · 훈련 손실 1.07 · 테스트 손실 1.119 · 테스트 정확도 43.2%"
    assert cat.convert(readout, "ko", "en", ["LossPlot"]) == (
        "step 0 · epoch 3 · training loss 1.07 · test loss 1.119 · test accuracy 43.2%"
    )
