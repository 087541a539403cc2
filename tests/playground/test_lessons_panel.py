"""The lessons panel on its own (built from a plain list of lessons), its highlight helper,
and the lessons' highlighted object names against the real main window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, QUrl
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from engine.lessons import Lesson, LessonError, list_lessons
from playground.widgets.lessons_panel import LessonsPanel, highlight_widgets

ASSETS = Path(__file__).resolve().parents[2] / "assets"


@pytest.fixture(scope="module")
def lessons() -> list[Lesson]:
    return list_lessons(ASSETS)


@pytest.fixture
def panel(qtbot: Any, lessons: list[Lesson]) -> LessonsPanel:
    widget = LessonsPanel(lessons)
    qtbot.addWidget(widget)
    widget.resize(520, 760)
    widget.show()
    return widget


def test_the_panel_lists_every_lesson(panel: LessonsPanel, lessons: list[Lesson]) -> None:
    assert panel.objectName() == "lessonsPanel"
    assert panel.list.count() == len(lessons) >= 8
    for i, lesson in enumerate(lessons):
        assert lesson.title.en in panel.list.item(i).text()
    assert panel.current_lesson() == lessons[0]
    text = panel.browser.toPlainText()
    assert lessons[0].title.en in text
    assert lessons[0].try_this.en in text and lessons[0].watch.en in text
    for paragraph in lessons[0].paragraphs:
        assert paragraph.en in text
    for name in ("openLessonButton", "previousLessonButton", "nextLessonButton", "lessonsList", "lessonText"):
        assert panel.findChild(QWidget, name) is not None, name


def test_switching_language_changes_the_visible_text(panel: LessonsPanel, lessons: list[Lesson]) -> None:
    panel.set_current(3)
    lesson = lessons[3]
    panel.set_language("ko")
    assert panel.language() == "ko"
    assert panel.current_lesson() == lesson, "the selection survives a language switch"
    text = panel.browser.toPlainText()
    assert lesson.title.ko in text and lesson.paragraphs[0].ko in text and lesson.watch.ko in text
    assert lesson.title.en not in text
    assert "해 보기" in text and "눈여겨볼 점" in text
    assert panel.list.item(0).text().endswith(lessons[0].title.ko)
    assert panel.language_combo.currentData() == "ko"
    panel.language_combo.setCurrentIndex(panel.language_combo.findData("en"))
    assert panel.language() == "en"
    assert lesson.title.en in panel.browser.toPlainText() and "Try this" in panel.browser.toPlainText()
    panel.set_language("xx")
    assert panel.language() == "en"


def test_open_emits_the_design_and_the_controls(panel: LessonsPanel, lessons: list[Lesson], qtbot: Any) -> None:
    panel.set_current("learning-rate")
    lesson = panel.current_lesson()
    assert lesson is not None and lesson.id == "learning-rate"
    got: list[tuple[str, Any]] = []
    panel.open_design.connect(lambda design: got.append(("design", design)))
    panel.highlight.connect(lambda names: got.append(("highlight", names)))
    panel.open_button.click()
    assert got == [("design", lesson.design), ("highlight", list(lesson.highlight))]


def test_step_links_open_the_step_design(panel: LessonsPanel, lessons: list[Lesson], qtbot: Any) -> None:
    panel.set_current("learning-rate")
    lesson = panel.current_lesson()
    assert lesson is not None and len(lesson.steps) == 3
    assert 'href="step:2"' in panel.html()
    with qtbot.waitSignal(panel.open_design) as blocker:
        panel.browser.anchorClicked.emit(QUrl("step:2"))
    assert blocker.args[0].train.learning_rate == 3.0
    with qtbot.waitSignal(panel.highlight) as blocker:
        panel.browser.anchorClicked.emit(QUrl("highlight:"))
    assert blocker.args[0] == list(lesson.highlight)
    with qtbot.assertNotEmitted(panel.open_design):
        panel.browser.anchorClicked.emit(QUrl("step:99"))
        panel.browser.anchorClicked.emit(QUrl("https://example.com"))


def test_next_and_previous_navigate(panel: LessonsPanel, lessons: list[Lesson], qtbot: Any) -> None:
    assert not panel.prev_button.isEnabled() and panel.next_button.isEnabled()
    with qtbot.waitSignal(panel.lesson_selected) as blocker:
        panel.next_button.click()
    assert blocker.args == [lessons[1].id]
    assert panel.current_index() == 1 and lessons[1].title.en in panel.browser.toPlainText()
    panel.prev_button.click()
    assert panel.current_index() == 0
    panel.set_current(len(lessons) - 1)
    assert panel.prev_button.isEnabled() and not panel.next_button.isEnabled()
    panel.next_button.click()
    assert panel.current_index() == len(lessons) - 1


def test_an_empty_panel_and_broken_files(qtbot: Any, tmp_path: Path) -> None:
    empty = LessonsPanel([])
    qtbot.addWidget(empty)
    assert empty.current_lesson() is None and not empty.open_button.isEnabled()
    assert "No lessons" in empty.browser.toPlainText()
    with qtbot.assertNotEmitted(empty.open_design):
        empty.open_button.click()
    (tmp_path / "lessons").mkdir()
    (tmp_path / "lessons" / "broken.json").write_text("{", encoding="utf-8")
    broken = LessonsPanel.from_assets(tmp_path)
    qtbot.addWidget(broken)
    assert broken.lessons == [] and "broken.json" in broken.browser.toPlainText()
    mixed = LessonsPanel(list_lessons(ASSETS)[:2], errors=[LessonError("bad", "id", "x.json")])
    qtbot.addWidget(mixed)
    assert mixed.list.count() == 3 and "x.json: id: bad" in mixed.list.item(2).toolTip()


def test_highlight_widgets_frames_named_widgets_for_a_while(qtbot: Any) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    button = QPushButton("Learning rate", root)
    button.setObjectName("learningRateCombo")
    layout.addWidget(button)
    root.show()
    qtbot.waitExposed(root)
    frames = highlight_widgets(root, ["learningRateCombo", "noSuchWidget"], duration_ms=150)
    assert len(frames) == 1
    frame = frames[0]
    assert frame.parentWidget() is button and frame.isVisible()
    assert frame.geometry() == button.rect()
    qtbot.waitUntil(lambda: not button.findChildren(QWidget), timeout=3000)


def _window_object_names(window: Any, lesson_designs: list[Any]) -> set[str]:
    names = {obj.objectName() for obj in window.findChildren(QObject) if obj.objectName()}
    for design in lesson_designs:  # layer options exist only while a layer of that type is selected
        window.document.load_spec(design)
        for layer in design.all_layers():
            window.inspector.show_layer(layer.id)
            names |= {obj.objectName() for obj in window.inspector.findChildren(QObject) if obj.objectName()}
    return names


def test_every_highlight_names_a_control_of_the_main_window(window: Any, lessons: list[Lesson]) -> None:
    wanted: dict[str, str] = {}
    designs = []
    for lesson in lessons:
        for name in lesson.highlight:
            wanted.setdefault(name, lesson.id)
        for step in lesson.steps:
            for name in step.highlight:
                wanted.setdefault(name, f"{lesson.id} step")
        if any(n.startswith("option_") for n in [*lesson.highlight, *(n for s in lesson.steps for n in s.highlight)]):
            designs += [lesson.design, *(s.design for s in lesson.steps)]
    names = _window_object_names(window, designs)
    missing = {name: where for name, where in wanted.items() if name not in names}
    assert not missing, f"highlighted object names the main window does not have: {missing}"


def test_highlight_in_the_main_window(window: Any) -> None:
    frames = highlight_widgets(window, ["learningRateCombo", "datasetCombo", "playButton"], duration_ms=100)
    assert len(frames) == 3
    assert {f.parentWidget().objectName() for f in frames} == {"learningRateCombo", "datasetCombo", "playButton"}
    for frame in frames:
        frame.finish()
