"""The lessons panel: a list of lessons and the chosen one's text, large enough for a projector.

The panel is built from a plain list of :class:`engine.lessons.Lesson` values (no main
window needed), so it can be tested and reused on its own. It never changes the design
itself: "Open this lesson's design" (and each step's "Open" link) emits
:attr:`LessonsPanel.open_design` with a :class:`~engine.spec.DesignSpec`, then
:attr:`LessonsPanel.highlight` with the object names of the controls to point at; the main
window opens the design and may pass the names to :func:`highlight_widgets`.

Lesson texts come in English and Korean (``set_language``); the panel's own labels go
through ``self.tr()`` like the rest of the app.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, QVariantAnimation, Signal
from PySide6.QtGui import QAction, QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from engine.lessons import LANGUAGES, Lesson, LessonError, list_lessons
from playground.engine_text import describe

ROLE_INDEX = Qt.ItemDataRole.UserRole + 1
HIGHLIGHT_COLOR = QColor("#F57C00")  # the editor's accent orange
HIGHLIGHT_MS = 3000
TEXT_SCALE = 1.3  # lesson text is larger than the rest of the UI (projectors, back rows)

# The lesson's own headings follow the lesson language. When the app has no translation
# installed for them (``self.tr`` returns the English source), Korean lessons use these.
_KO_HEADINGS = {
    "Try this": "해 보기",
    "What to watch": "눈여겨볼 점",
    "Steps": "단계",
    "Open": "열기",
    "Show me where": "어디인지 보기",
}
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_PERCENT = re.compile(r"(\d) %")


def _markup(text: str) -> str:
    """Escape a lesson text for HTML; ``**bold**`` becomes <b>bold</b> (the only markup lessons may use)."""
    text = _BOLD.sub(r"<b>\1</b>", html.escape(text))
    return _PERCENT.sub("\\1&nbsp;%", text)  # keep "100 %" on one line


def _box(color: str, heading: str, extra: str, body: str) -> str:
    """A shaded box (a one-cell table: QTextBrowser's HTML subset has no styled divs)."""
    return (
        '<table width="100%" cellpadding="8" cellspacing="0" style="margin-top: 8px;">'
        f'<tr><td bgcolor="{color}"><b>{heading}</b>{extra}<br>{body}</td></tr></table>'
    )


class LessonsPanel(QWidget):
    """Lessons list + text; emits ``open_design(DesignSpec)`` and ``highlight(list[str])``."""

    open_design = Signal(object)  # engine.spec.DesignSpec
    highlight = Signal(list)  # object names of controls to point at
    lesson_selected = Signal(str)  # the id of the lesson now shown ("" for none)

    def __init__(
        self,
        lessons: Sequence[Lesson] = (),
        parent: QWidget | None = None,
        language: str = "en",
        errors: Sequence[LessonError | str] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lessonsPanel")
        self._lessons: list[Lesson] = []
        self._errors: list[LessonError | str] = list(errors)  # shown through describe(): in the app's language
        self._language = language if language in LANGUAGES else "en"

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.title_label = QLabel(self)
        font = self.title_label.font()
        font.setBold(True)
        self.title_label.setFont(font)
        top.addWidget(self.title_label, 1)
        self.language_combo = QComboBox(self)
        self.language_combo.setObjectName("lessonLanguageCombo")
        for code, name in (("en", "English"), ("ko", "한국어")):
            self.language_combo.addItem(name, code)
        top.addWidget(self.language_combo)
        layout.addLayout(top)

        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.list = QListWidget(self.splitter)
        self.list.setObjectName("lessonsList")
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        list_font = self.list.font()
        list_font.setPointSizeF(list_font.pointSizeF() * 1.1)
        self.list.setFont(list_font)
        self.browser = QTextBrowser(self.splitter)
        self.browser.setObjectName("lessonText")
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        text_font = self.browser.font()
        text_font.setPointSizeF(text_font.pointSizeF() * TEXT_SCALE)
        self.browser.setFont(text_font)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.browser)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        layout.addWidget(self.splitter, 1)

        buttons = QHBoxLayout()
        self.prev_button = QPushButton(self)
        self.prev_button.setObjectName("previousLessonButton")
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openLessonButton")
        self.open_button.setDefault(True)
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("nextLessonButton")
        buttons.addWidget(self.prev_button)
        buttons.addWidget(self.open_button, 1)
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)

        self.list.currentRowChanged.connect(self._on_row_changed)
        self.browser.anchorClicked.connect(self._on_anchor)
        self.prev_button.clicked.connect(self.previous_lesson)
        self.next_button.clicked.connect(self.next_lesson)
        self.open_button.clicked.connect(self.open_current)
        self.language_combo.currentIndexChanged.connect(self._on_language_combo)

        self._retranslate()
        self._sync_language_combo()
        self.set_lessons(lessons)

    @classmethod
    def from_assets(cls, assets_dir: str | Path | None = None, parent: QWidget | None = None,
                    language: str = "en") -> LessonsPanel:
        """A panel of every lesson in ``<assets_dir>/lessons``; broken files are listed, not fatal."""
        errors: list[LessonError] = []
        lessons = list_lessons(assets_dir, errors=errors)
        return cls(lessons, parent, language, errors)

    # -- public API -----------------------------------------------------------------
    @property
    def lessons(self) -> list[Lesson]:
        return list(self._lessons)

    def language(self) -> str:
        return self._language

    def set_language(self, language: str) -> None:
        """Show the lessons in ``language`` ("en" or "ko"; anything else shows English)."""
        language = language if language in LANGUAGES else "en"
        if language == self._language:
            return
        self._language = language
        self._sync_language_combo()
        self._fill_list()
        self._render()

    def set_lessons(self, lessons: Sequence[Lesson], errors: Sequence[LessonError | str] | None = None) -> None:
        current = self.current_lesson()
        self._lessons = list(lessons)
        if errors is not None:
            self._errors = list(errors)
        self._fill_list()
        row = 0
        if current is not None:
            row = next((i for i, lesson in enumerate(self._lessons) if lesson.id == current.id), 0)
        self.list.setCurrentRow(row if self._lessons else -1)
        self._render()

    def current_index(self) -> int:
        row = self.list.currentRow()
        return row if 0 <= row < len(self._lessons) else -1

    def current_lesson(self) -> Lesson | None:
        i = self.current_index()
        return self._lessons[i] if i >= 0 else None

    def set_current(self, lesson: int | str) -> None:
        """Show the lesson at an index, or the one with an id."""
        if isinstance(lesson, str):
            lesson = next((i for i, x in enumerate(self._lessons) if x.id == lesson), -1)
        if 0 <= lesson < len(self._lessons):
            self.list.setCurrentRow(lesson)

    def next_lesson(self) -> None:
        self.set_current(self.current_index() + 1)

    def previous_lesson(self) -> None:
        i = self.current_index()
        if i > 0:
            self.set_current(i - 1)

    def open_current(self) -> None:
        """Emit the current lesson's design, then the controls it asks to try."""
        lesson = self.current_lesson()
        if lesson is None:
            return
        self.open_design.emit(lesson.design)
        self.highlight.emit(list(lesson.highlight))

    def open_step(self, index: int) -> None:
        lesson = self.current_lesson()
        if lesson is None or not 0 <= index < len(lesson.steps):
            return
        step = lesson.steps[index]
        self.open_design.emit(step.design)
        self.highlight.emit(list(step.highlight or lesson.highlight))

    def html(self) -> str:
        """The HTML of the current lesson (what the text browser shows)."""
        return self._lesson_html(self.current_lesson())

    # -- Qt -------------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._render()
        super().changeEvent(event)

    # -- internals ------------------------------------------------------------------
    def _retranslate(self) -> None:
        self.title_label.setText(self.tr("Lessons"))
        self.prev_button.setText(self.tr("◀ Previous"))
        self.prev_button.setToolTip(self.tr("The previous lesson"))
        self.next_button.setText(self.tr("Next ▶"))
        self.next_button.setToolTip(self.tr("The next lesson"))
        self.open_button.setText(self.tr("Open this lesson's design"))
        self.open_button.setToolTip(
            self.tr("Replace the current design with this lesson's design and point at the controls to try")
        )
        self.language_combo.setToolTip(self.tr("Language of the lessons"))

    def _sync_language_combo(self) -> None:
        i = self.language_combo.findData(self._language)
        if i >= 0 and i != self.language_combo.currentIndex():
            self.language_combo.blockSignals(True)
            self.language_combo.setCurrentIndex(i)
            self.language_combo.blockSignals(False)

    def _on_language_combo(self, index: int) -> None:
        code = self.language_combo.itemData(index)
        if isinstance(code, str):
            self.set_language(code)

    def _fill_list(self) -> None:
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for i, lesson in enumerate(self._lessons):
            item = QListWidgetItem(f"{i + 1}. {lesson.title.get(self._language)}", self.list)
            item.setData(ROLE_INDEX, i)
            item.setToolTip(lesson.summary.get(self._language))
        if self._errors:
            n = len(self._errors)
            text = self.tr("⚠ %1 lesson file(s) could not be read").replace("%1", str(n))
            item = QListWidgetItem(text, self.list)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setToolTip("\n".join(describe(e) for e in self._errors))
        if 0 <= row < len(self._lessons):
            self.list.setCurrentRow(row)
        self.list.blockSignals(False)

    def _on_row_changed(self, row: int) -> None:
        self._render()
        lesson = self.current_lesson()
        self.lesson_selected.emit(lesson.id if lesson is not None else "")

    def _render(self) -> None:
        i = self.current_index()
        self.prev_button.setEnabled(i > 0)
        self.next_button.setEnabled(0 <= i < len(self._lessons) - 1)
        self.open_button.setEnabled(i >= 0)
        self.browser.setHtml(self._lesson_html(self.current_lesson()))

    def _headings(self) -> dict[str, str]:
        source = {
            "Try this": self.tr("Try this"),
            "What to watch": self.tr("What to watch"),
            "Steps": self.tr("Steps"),
            "Open": self.tr("Open"),
            "Show me where": self.tr("Show me where"),
        }
        if self._language == "en":
            return {key: key for key in source}
        if self._language == "ko":
            return {key: value if value != key else _KO_HEADINGS[key] for key, value in source.items()}
        return source

    def _lesson_html(self, lesson: Lesson | None) -> str:
        if lesson is None:
            message = self.tr("No lessons were found.") if not self._errors else "<br>".join(
                html.escape(describe(e)) for e in self._errors
            )
            return f"<p>{message}</p>"
        lang = self._language
        h = {key: html.escape(value) for key, value in self._headings().items()}
        parts = [
            f"<h2>{_markup(lesson.title.get(lang))}</h2>",
            f"<p><i>{_markup(lesson.summary.get(lang))}</i></p>",
        ]
        parts += [f"<p>{_markup(p.get(lang))}</p>" for p in lesson.paragraphs]
        show = f' &nbsp;<a href="highlight:">{h["Show me where"]}</a>' if lesson.highlight else ""
        parts.append(_box("#FFF3E0", f"▶ {h['Try this']}", show, _markup(lesson.try_this.get(lang))))
        parts.append(_box("#E3F2FD", f"◉ {h['What to watch']}", "", _markup(lesson.watch.get(lang))))
        if lesson.steps:
            items = "".join(
                f'<li><b>{_markup(step.title.get(lang))}</b> — {_markup(step.text.get(lang))} '
                f'&nbsp;<a href="step:{i}">{h["Open"]}</a></li>'
                for i, step in enumerate(lesson.steps)
            )
            parts.append(f"<h3>{h['Steps']}</h3><ol>{items}</ol>")
        return "".join(parts)

    def _on_anchor(self, url: QUrl) -> None:
        scheme = url.scheme()
        if scheme == "highlight":
            lesson = self.current_lesson()
            if lesson is not None:
                self.highlight.emit(list(lesson.highlight))
        elif scheme == "step":
            text = url.path() or url.toString().partition(":")[2]
            if text.isdecimal():
                self.open_step(int(text))


# ---------------------------------------------------------------- highlighting


class _HighlightFrame(QWidget):
    """A pulsing orange frame drawn over ``target``; ignores the mouse and removes itself."""

    def __init__(self, target: QWidget, duration_ms: int) -> None:
        super().__init__(target)
        self.setObjectName("_lessonHighlight")  # "_": an internal widget, not a documented control
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._level = 1.0
        self._target = target
        self.setGeometry(target.rect())
        target.installEventFilter(self)
        self._pulse = QVariantAnimation(self)
        self._pulse.setStartValue(0.0)
        self._pulse.setEndValue(1.0)
        self._pulse.setDuration(800)
        self._pulse.setLoopCount(-1)
        self._pulse.valueChanged.connect(self._on_pulse)
        self._pulse.start()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.finish)
        self._timer.start(max(1, duration_ms))
        self.show()
        self.raise_()

    def finish(self) -> None:
        self._pulse.stop()
        self._target.removeEventFilter(self)
        self.hide()
        self.deleteLater()

    def _on_pulse(self, value: object) -> None:
        v = float(value)  # type: ignore[arg-type]
        self._level = 1.0 - abs(2.0 * v - 1.0)
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._target and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.setGeometry(self._target.rect())
            self.raise_()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(HIGHLIGHT_COLOR)
        color.setAlphaF(0.35 + 0.65 * self._level)
        width = 3.0 + 2.0 * self._level
        painter.setPen(QPen(color, width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = width / 2.0
        painter.drawRoundedRect(self.rect().adjusted(int(inset), int(inset), -int(inset) - 1, -int(inset) - 1), 4, 4)
        fill = QColor(HIGHLIGHT_COLOR)
        fill.setAlphaF(0.10 * self._level)
        painter.fillRect(self.rect(), fill)
        painter.end()


def _targets(root: QWidget, name: str) -> list[QWidget]:
    """Widgets named ``name`` under ``root`` (or root itself); for a QAction, the widgets showing it."""
    found: list[QWidget] = []
    if root.objectName() == name:
        found.append(root)
    found += root.findChildren(QWidget, name)
    if not found:
        for action in root.findChildren(QAction, name):
            found += [w for w in action.associatedObjects() if isinstance(w, QWidget) and w.isVisible()]
    return found


def _bring_into_view(widget: QWidget) -> None:
    """Show and raise the dock holding ``widget`` and scroll it into view."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QDockWidget):
            if parent.isHidden():
                parent.show()
            parent.raise_()  # brings a tabified dock to the front
        parent = parent.parentWidget()
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None and parent.widget().isAncestorOf(widget):
            parent.ensureWidgetVisible(widget, 8, 8)
        parent = parent.parentWidget()


def highlight_widgets(root: QWidget, names: Sequence[str], duration_ms: int = HIGHLIGHT_MS) -> list[QWidget]:
    """Draw a pulsing frame around every widget under ``root`` named in ``names``, for ``duration_ms``.

    Docks holding them are shown and raised and scroll areas scrolled, so the class sees
    the control. Names that match nothing visible (a layer option while no layer is
    selected, say) are skipped. Returns the frames (each deletes itself when done).
    """
    frames: list[QWidget] = []
    for name in names:
        for widget in _targets(root, name):
            _bring_into_view(widget)
            if not widget.isVisible():
                continue
            for old in widget.findChildren(_HighlightFrame, options=Qt.FindChildOption.FindDirectChildrenOnly):
                old.finish()
            frames.append(_HighlightFrame(widget, duration_ms))
    return frames
