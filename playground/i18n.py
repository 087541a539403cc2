"""The interface language (English source, Korean translation), the Korean font, and switching at run time.

**Which language.** ``--lang ko|en`` on the command line wins; otherwise the language the
person chose in View ▸ Language (``Settings.language()``, remembered); otherwise the
system locale (``QLocale.system().uiLanguages()``); otherwise English. See
:func:`resolve_language`.

**Installing it.** :func:`install_language` removes the translators this module
installed before, then, for Korean, loads Qt's own ``qtbase_ko.qm`` (standard buttons and
dialogs, from ``QLibraryInfo`` ``TranslationsPath``), ``assets/translations/
playground_ko.qm`` and ``engine_ko.qm`` (the engine's error messages, shown through
:func:`playground.engine_text.describe`). English is the source language: it needs no
``.qm`` (there is no ``playground_en.ts``), so "en" just removes the translators. Call it *before* the
widgets are built: widgets translate their texts with ``self.tr()`` when they make them.

**The Korean font.** :func:`install_fonts` registers the fonts bundled in
``assets/fonts`` (Nanum Gothic, SIL OFL) and appends ``NanumGothic`` to the application
font's family list (``QFont.setFamilies([<system default>, "NanumGothic"])``) in every
language: Latin text keeps the system font and Hangul falls back to Nanum Gothic even on
a machine with no Korean font, so nothing renders as boxes (the Language menu shows
"한국어" in English too).

**Switching while the app runs** (:func:`install_language_menu`, :func:`switch_language`).
The choice is saved, the translators are swapped (Qt then sends ``QEvent.LanguageChange``
to every widget: widgets that implement ``changeEvent``, such as the lessons panel, redo
their own texts), ``retranslate()`` is called on the window and on any child that has one,
and then a generic pass (:func:`retranslate_tree`) rewrites the texts that are already on
screen: action texts and tooltips, menu, dock and toolbar titles, labels, buttons, check
boxes, combo-box items, tab titles, tree and list items, spin-box prefixes and suffixes,
pyqtgraph axis labels, legends and text items. It looks every text up in the translation
catalogue (``playground_ko.ts``) in the *old* language, preferring the contexts of the
widget and its parents, and writes the *new* language's form. Texts built from a template
(``"Epoch %1"``, ``"step {step}"``) are matched as patterns and their values carried over;
window titles made of parts (``"name[*] — Neural Network Playground"``) are translated
part by part. Texts the app computes later (status messages, Play/Pause) go through
``tr()`` and so come out in the new language by themselves. The undo/redo actions keep the
prefix ``QUndoStack`` was given when they were made; a small hook rewrites it after every
change of the stack. Limits: texts drawn by hand in ``paint()`` (the network editor's
blocks) change when the editor is rebuilt, which :func:`switch_language` asks for through
``window.editor.rebuild()`` when it exists; a text that is in neither language's form of
the catalogue (a design's name, a file name, a number) is left as it is.
"""

from __future__ import annotations

import contextlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtGui import QAction, QActionGroup, QFontDatabase, QFontInfo, QUndoStack
from PySide6.QtWidgets import QApplication, QMenu, QWidget

REPO_ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS_DIR = REPO_ROOT / "assets" / "translations"
FONTS_DIR = REPO_ROOT / "assets" / "fonts"
SOURCE_LANGUAGE = "en"
SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "ko")
# Each language is named in itself, never translated: a person who cannot read the
# current language must still find their own.
LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}
KOREAN_FAMILY = "NanumGothic"
APP_PROPERTY = "playgroundLanguage"  # QApplication property: the installed language

_installed: list[QTranslator] = []  # keeps the translators alive while installed
_current = SOURCE_LANGUAGE


def _tr(text: str) -> str:
    return QCoreApplication.translate("Language", text)


# ---------------------------------------------------------------------- choosing


def normalize_language(value: str | None) -> str | None:
    """``"ko_KR"``, ``"ko-KR"``, ``"KO"`` → ``"ko"``; an unsupported or empty value → None."""
    if not value:
        return None
    code = re.split(r"[_\-.@]", str(value).strip().lower(), maxsplit=1)[0]
    return code if code in SUPPORTED_LANGUAGES else None


def system_language() -> str:
    """The first supported language of the system's UI languages, else English."""
    locale = QLocale.system()
    for name in [*locale.uiLanguages(), locale.name()]:
        code = normalize_language(name)
        if code is not None:
            return code
    return SOURCE_LANGUAGE


def resolve_language(cli: str | None = None, settings: Any = None) -> str:
    """``--lang`` if given, else the remembered choice, else the system locale."""
    code = normalize_language(cli)
    if code is not None:
        return code
    if settings is not None:
        code = normalize_language(settings.language())
        if code is not None:
            return code
    return system_language()


def current_language() -> str:
    """The language installed by :func:`install_language` (``"en"`` before any call)."""
    return _current


def translations_file(language: str) -> Path:
    """``assets/translations/playground_<language>.qm``."""
    return TRANSLATIONS_DIR / f"playground_{language}.qm"


# ---------------------------------------------------------------------- installing


def install_language(app: QCoreApplication | None, language: str) -> bool:
    """Install the translators of ``language`` ("en" or "ko"), replacing earlier ones.

    Returns True when the app's own translation was found (always True for English).
    Qt's ``qtbase_<language>.qm`` is loaded too when the Qt installation has it.
    """
    global _current
    app = app or QCoreApplication.instance()
    code = normalize_language(language) or SOURCE_LANGUAGE
    if app is None:
        raise RuntimeError("install_language needs a QApplication")
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    found = code == SOURCE_LANGUAGE
    if code != SOURCE_LANGUAGE:
        qt_translator = QTranslator(app)
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_translator.load(f"qtbase_{code}", qt_dir):
            app.installTranslator(qt_translator)
            _installed.append(qt_translator)
        own = QTranslator(app)
        if own.load(str(translations_file(code))):
            app.installTranslator(own)
            _installed.append(own)
            found = True
        engine = QTranslator(app)  # the engine's error messages (playground.engine_text)
        if engine.load(str(TRANSLATIONS_DIR / f"engine_{code}.qm")):
            app.installTranslator(engine)
            _installed.append(engine)
    _current = code if found else SOURCE_LANGUAGE
    app.setProperty(APP_PROPERTY, _current)
    return found


_fonts_registered = False


def install_fonts(app: QApplication | None = None) -> list[str]:
    """Register the bundled fonts and let Hangul fall back to Nanum Gothic; returns the app's families."""
    global _fonts_registered
    app = app or QApplication.instance()  # type: ignore[assignment]
    # Resolve the generic default ("Sans Serif") to a real family BEFORE registering Nanum:
    # afterwards fontconfig may map the generic name to Nanum Gothic, whose Latin extras
    # (subscripts such as x₁) render poorly.
    latin = QFontInfo(QApplication.font()).family() if app is not None else ""
    if not _fonts_registered and FONTS_DIR.is_dir():
        for path in sorted(FONTS_DIR.iterdir()):
            if path.suffix.lower() in (".ttf", ".otf", ".ttc"):
                QFontDatabase.addApplicationFont(str(path))
        _fonts_registered = True
    if app is None:
        return []
    font = QApplication.font()
    families = list(font.families()) or [font.family()]
    if latin and latin != KOREAN_FAMILY:
        families = [latin]
    if KOREAN_FAMILY in QFontDatabase.families() and KOREAN_FAMILY not in families:
        font.setFamilies([*families, KOREAN_FAMILY])
        QApplication.setFont(font)
    return list(QApplication.font().families())


# ---------------------------------------------------------------------- the catalogue

_PLACEHOLDER = re.compile(r"%(?:\d+|n)|\{[A-Za-z_][A-Za-z0-9_]*\}|\{\}")
_SEPARATORS = ("\n\n", " — ", "  ·  ", " · ", ": ")


@dataclass(frozen=True)
class Message:
    """One message of a ``.ts`` file."""

    context: str
    source: str
    translation: str
    finished: bool


def read_ts(path: str | Path) -> list[Message]:
    """The messages of a Qt Linguist ``.ts`` file (numerus messages: their first form)."""
    root = ET.parse(str(path)).getroot()
    messages = []
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            source = msg.findtext("source") or ""
            tr = msg.find("translation")
            if tr is None:
                continue
            kind = tr.get("type", "")
            if kind in ("obsolete", "vanished"):
                continue
            forms = tr.findall("numerusform")
            text = (forms[0].text or "") if forms else (tr.text or "")
            messages.append(Message(name, source, text, kind != "unfinished"))
    return messages


class _Form:
    """One side (old language) of a message, as an exact text or a template pattern."""

    def __init__(self, message: Message, old: str, new: str) -> None:
        self.message = message
        self.old = old
        self.new = new
        self.keys: list[str] = []
        self.pattern: re.Pattern[str] | None = None
        parts = _PLACEHOLDER.split(old)
        literal = "".join(parts).strip()
        holders = _PLACEHOLDER.findall(old)
        if holders and len(literal) >= 2:
            regex, seen = [], {}
            for i, part in enumerate(parts):
                regex.append(re.escape(part))
                if i < len(holders):
                    ph = holders[i]
                    if ph in seen:
                        regex.append(f"(?P={seen[ph]})")
                    else:
                        group = f"g{len(seen)}"
                        seen[ph] = group
                        self.keys.append(ph)
                        regex.append(f"(?P<{group}>.+?)")
            self.pattern = re.compile("".join(regex), re.DOTALL)
            self.literal_size = len(literal)
        else:
            self.literal_size = len(old)


class Catalogue:
    """Converts texts on screen between the source language and a translation (both ways)."""

    def __init__(self, messages: Iterable[Message]) -> None:
        self.messages = [m for m in messages if m.translation]

    @classmethod
    def for_language(cls, language: str) -> Catalogue:
        path = TRANSLATIONS_DIR / f"playground_{language}.ts"
        return cls(read_ts(path) if path.is_file() else [])

    def _forms(self, old: str, new: str) -> tuple[dict[str, list[_Form]], list[_Form]]:
        key = (old, new)
        cache = self.__dict__.setdefault("_cache", {})
        if key not in cache:
            exact: dict[str, list[_Form]] = {}
            patterns: list[_Form] = []
            for m in self.messages:
                if old == new:
                    continue
                a, b = (m.source, m.translation) if old == SOURCE_LANGUAGE else (m.translation, m.source)
                form = _Form(m, a, b)
                exact.setdefault(a, []).append(form)
                if form.pattern is not None:
                    patterns.append(form)
            patterns.sort(key=lambda f: -f.literal_size)
            cache[key] = (exact, patterns)
        return cache[key]

    def convert(
        self, text: str, old: str, new: str, contexts: Iterable[str] = (), strict: bool = False
    ) -> str | None:
        """``text`` in language ``new``, or None when it is not a known text of language ``old``.

        ``contexts`` are preferred in that order; ``strict`` accepts only them (for texts that mix
        the app's words with the person's own, such as a window title with the design's name).
        """
        if not text or old == new:
            return None
        contexts = list(contexts)
        if strict:
            return Catalogue([m for m in self.messages if m.context in contexts]).convert(text, old, new, contexts)
        result = self._convert_whole(text, old, new, contexts)
        if result is not None:
            return result
        marked = self._convert_marked(text, old, new, contexts)
        if marked is not None:
            return marked
        for sep in _SEPARATORS:
            if sep in text:
                return self._convert_spans(text.split(sep), sep, old, new, contexts)
        return None

    def _convert_spans(self, parts: list[str], sep: str, old: str, new: str, contexts: list[str]) -> str | None:
        """Translate a text joined from pieces: at each piece, the longest run of pieces that is one text."""
        out: list[str] = []
        changed = False
        i = 0
        while i < len(parts):
            for j in range(len(parts), i, -1):
                chunk = sep.join(parts[i:j])
                result = self._convert_whole(chunk, old, new, contexts) or self._convert_marked(
                    chunk, old, new, contexts
                )
                if result is not None:
                    out.append(result)
                    changed = True
                    i = j
                    break
            else:
                out.append(parts[i])
                i += 1
        return sep.join(out) if changed else None

    def _convert_marked(self, text: str, old: str, new: str, contexts: list[str]) -> str | None:
        """A text with a window title's "modified" marker ``[*]`` at its end."""
        if not text.endswith("[*]"):
            return None
        inner = self._convert_whole(text[:-3], old, new, contexts)
        return None if inner is None else inner + "[*]"

    def _convert_whole(self, text: str, old: str, new: str, contexts: list[str]) -> str | None:
        exact, patterns = self._forms(old, new)
        forms = exact.get(text)
        if forms:
            return _best(forms, contexts).new
        matches = []
        for form in patterns:
            assert form.pattern is not None
            found = form.pattern.fullmatch(text)
            # a value never spans a separator: "%1" must not swallow " · test loss 0.5 · …"
            if found is not None and not any(sep in g for g in found.groups() if g for sep in _SEPARATORS[:4]):
                matches.append((form, found))
        if not matches:
            return None
        form, found = min(
            matches,
            key=lambda fm: (_rank(fm[0], contexts), -fm[0].literal_size),
        )
        values = {}
        for i, ph in enumerate(form.keys):
            value = found.group(f"g{i}")
            inner = exact.get(value)
            values[ph] = _best(inner, contexts).new if inner else value
        if any(ph not in values for ph in _PLACEHOLDER.findall(form.new)):
            return None
        return _PLACEHOLDER.sub(lambda m: values[m.group(0)], form.new)


def _rank(form: _Form, contexts: list[str]) -> int:
    try:
        return contexts.index(form.message.context)
    except ValueError:
        return len(contexts)


def _best(forms: list[_Form], contexts: list[str]) -> _Form:
    return min(forms, key=lambda f: _rank(f, contexts))


# ---------------------------------------------------------------------- the generic pass


def _contexts(obj: QObject) -> list[str]:
    """Translation contexts to prefer for ``obj``: its classes and its parents' classes."""
    names: list[str] = []
    node: QObject | None = obj
    while node is not None:
        for cls in type(node).__mro__:
            if cls.__module__.startswith(("PySide6", "shiboken6", "builtins")):
                break
            if cls.__name__ not in names:
                names.append(cls.__name__)
        node = node.parent()
    return names


def retranslate_tree(root: QObject, old: str, new: str, catalogue: Catalogue | None = None) -> int:
    """Rewrite the texts under ``root`` from language ``old`` to ``new``; returns how many changed."""
    if old == new:
        return 0
    cat = catalogue or Catalogue.for_language(new if old == SOURCE_LANGUAGE else old)
    changed = 0

    def fix(obj: QObject, getter: Callable[[], str], setter: Callable[[str], Any], strict: bool = False) -> None:
        nonlocal changed
        try:
            text = getter()
        except RuntimeError:  # the C++ object is gone
            return
        if not text:
            return
        result = cat.convert(text, old, new, _contexts(obj), strict=strict)
        if result is not None and result != text:
            setter(result)
            changed += 1

    objects = [root, *root.findChildren(QObject)]
    for obj in objects:
        try:
            _retranslate_object(obj, fix)
        except RuntimeError:  # deleted while we walked
            continue
    return changed


def _retranslate_object(obj: QObject, fix: Callable[..., None]) -> None:
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractSpinBox,
        QComboBox,
        QDockWidget,
        QGraphicsView,
        QGroupBox,
        QLabel,
        QLineEdit,
        QListWidget,
        QTabWidget,
        QToolBar,
        QTreeWidget,
    )

    if isinstance(obj, QAction):
        fix(obj, obj.text, obj.setText)
        plain = obj.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        if obj.toolTip() != plain:  # an explicit tooltip, not the one derived from the text
            fix(obj, obj.toolTip, obj.setToolTip)
        fix(obj, obj.statusTip, obj.setStatusTip)
        fix(obj, obj.whatsThis, obj.setWhatsThis)
        return
    if not isinstance(obj, QWidget):
        return
    w = obj
    if w.isWindow():
        fix(w, w.windowTitle, w.setWindowTitle, True)  # only the window's own words, never the file name
    elif isinstance(w, QDockWidget | QToolBar):
        fix(w, w.windowTitle, w.setWindowTitle)
    fix(w, w.toolTip, w.setToolTip)
    fix(w, w.statusTip, w.setStatusTip)
    fix(w, w.whatsThis, w.setWhatsThis)
    if isinstance(w, QAbstractButton):
        fix(w, w.text, w.setText)
    elif isinstance(w, QLabel):
        if w.pixmap() is None or w.pixmap().isNull():
            fix(w, w.text, w.setText)
    elif isinstance(w, QGroupBox):
        fix(w, w.title, w.setTitle)
    elif isinstance(w, QLineEdit):
        fix(w, w.placeholderText, w.setPlaceholderText)
    elif isinstance(w, QComboBox):
        from PySide6.QtCore import Qt

        for i in range(w.count()):
            fix(w, lambda i=i: w.itemText(i), lambda t, i=i: w.setItemText(i, t))
            fix(
                w,
                lambda i=i: str(w.itemData(i, Qt.ItemDataRole.ToolTipRole) or ""),
                lambda t, i=i: w.setItemData(i, t, Qt.ItemDataRole.ToolTipRole),
            )
    elif isinstance(w, QTabWidget):
        for i in range(w.count()):
            fix(w, lambda i=i: w.tabText(i), lambda t, i=i: w.setTabText(i, t))
            fix(w, lambda i=i: w.tabToolTip(i), lambda t, i=i: w.setTabToolTip(i, t))
    elif isinstance(w, QTreeWidget):
        _retranslate_tree_widget(w, fix)
    elif isinstance(w, QListWidget):
        for i in range(w.count()):
            item = w.item(i)
            fix(w, item.text, item.setText)
            fix(w, item.toolTip, item.setToolTip)
    elif isinstance(w, QAbstractSpinBox):
        for name in ("prefix", "suffix", "specialValueText"):
            getter = getattr(w, name, None)
            setter = getattr(w, "set" + name[0].upper() + name[1:], None)
            if getter is not None and setter is not None:
                fix(w, getter, setter)
    elif isinstance(w, QGraphicsView) and w.scene() is not None:
        _retranslate_scene(w, fix)


def _retranslate_tree_widget(tree: Any, fix: Callable[..., None]) -> None:
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    header = tree.headerItem()
    for col in range(tree.columnCount()):
        fix(tree, lambda c=col: header.text(c), lambda t, c=col: header.setText(c, t))
    it = QTreeWidgetItemIterator(tree)
    while it.value() is not None:
        item = it.value()
        for col in range(tree.columnCount()):
            fix(tree, lambda c=col, i=item: i.text(c), lambda t, c=col, i=item: i.setText(c, t))
            fix(tree, lambda c=col, i=item: i.toolTip(c), lambda t, c=col, i=item: i.setToolTip(c, t))
            fix(tree, lambda c=col, i=item: i.statusTip(c), lambda t, c=col, i=item: i.setStatusTip(c, t))
        it += 1


def _retranslate_scene(view: Any, fix: Callable[..., None]) -> None:
    """pyqtgraph axis labels, legends, label items and text items."""
    import pyqtgraph as pg

    for item in view.scene().items():
        if isinstance(item, pg.AxisItem):

            def set_axis(text: str, axis: Any = item) -> None:
                axis.labelText = text
                axis._updateLabel()

            fix(view, lambda axis=item: axis.labelText, set_axis)
        elif isinstance(item, pg.LegendItem):
            for _sample, label in list(item.items):
                fix(view, lambda lab=label: lab.text, lambda t, lab=label: lab.setText(t, **lab.opts))
        elif isinstance(item, pg.LabelItem):
            if item.parentItem() is not None and isinstance(item.parentItem(), pg.LegendItem):
                continue
            fix(view, lambda lab=item: lab.text, lambda t, lab=item: lab.setText(t, **lab.opts))
        elif isinstance(item, pg.TextItem):
            fix(view, lambda ti=item: ti.textItem.toPlainText(), lambda t, ti=item: ti.setText(t))
        # plain QGraphicsTextItems are left alone: setPlainText would drop an item's rich text


class _UndoPrefixFixer(QObject):
    """Rewrites the undo/redo actions' prefixes, which QUndoStack fixes when the action is made."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("_undoPrefixFixer")
        self._window = window
        self._stacks: list[QUndoStack] = []

    def watch(self) -> None:
        for stack in self._window.findChildren(QUndoStack):
            if stack not in self._stacks:
                self._stacks.append(stack)
                # connected after QUndoStack's own updates, so this runs after them
                stack.undoTextChanged.connect(self.fix)
                stack.redoTextChanged.connect(self.fix)

    def fix(self, *_args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the window is being destroyed (its stack may still signal)
            self._fix()

    def _fix(self) -> None:
        build = getattr(self._window, "_built_language", SOURCE_LANGUAGE)
        now = current_language()
        if build == now:
            return
        cat = Catalogue.for_language(now if build == SOURCE_LANGUAGE else build)

        def in_language(source: str, language: str) -> str:
            if language == SOURCE_LANGUAGE:
                return source
            return cat.convert(source, SOURCE_LANGUAGE, language, ["MainWindow"]) or source

        for action in self._window.findChildren(QAction):
            if action.objectName() not in ("undoAction", "redoAction"):
                continue
            text = action.text()
            whole = cat.convert(text, build, now, ["MainWindow"])
            if whole is not None:  # "Undo" alone (nothing to undo)
                action.setText(whole)
                continue
            for source in ("Undo", "Redo"):
                old_prefix, new_prefix = in_language(source, build), in_language(source, now)
                if text.startswith(old_prefix + " "):
                    rest = text[len(old_prefix) + 1 :]  # the command's own text, e.g. "Add Dense layer"
                    rest = cat.convert(rest, build, now, ["DesignDocument"]) or rest
                    action.setText(f"{new_prefix} {rest}")
                    break


# ---------------------------------------------------------------------- the menu


def _find_menu(window: Any, object_name: str, titles: Iterable[str]) -> QMenu | None:
    bar = window.menuBar()
    menu = bar.findChild(QMenu, object_name) or window.findChild(QMenu, object_name)
    if menu is not None:
        return menu
    wanted = {t.replace("&", "").strip().lower() for t in titles}
    for action in bar.actions():
        sub = action.menu()
        if sub is not None and action.text().replace("&", "").strip().lower() in wanted:
            return sub
    return None


def view_menu(window: Any) -> QMenu:
    """The window's View menu (objectName ``viewMenu``, else by title); made when there is none."""
    menu = _find_menu(
        window,
        "viewMenu",
        ["&View", "View", QCoreApplication.translate("MainWindow", "&View")],
    )
    if menu is None:
        menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&View"))
        menu.setObjectName("viewMenu")
    return menu


def install_language_menu(window: Any) -> QMenu:
    """Add View ▸ Language (English / 한국어) to ``window``; choosing one switches at once and is remembered."""
    existing = window.findChild(QMenu, "languageMenu")
    if existing is not None:
        return existing
    window._built_language = getattr(window, "_built_language", current_language())
    parent = view_menu(window)
    menu = QMenu(_tr("&Language"), parent)
    menu.setObjectName("languageMenu")
    group = QActionGroup(menu)
    group.setObjectName("languageGroup")
    group.setExclusive(True)
    for code in SUPPORTED_LANGUAGES:
        action = QAction(LANGUAGE_NAMES[code], menu)
        action.setObjectName(f"language_{code}")
        action.setCheckable(True)
        action.setChecked(code == current_language())
        action.setData(code)
        group.addAction(action)
        menu.addAction(action)
        action.triggered.connect(lambda checked=False, c=code: switch_language(window, c))
    parent.addSeparator()
    parent.addMenu(menu)
    window.language_menu = menu
    fixer = _UndoPrefixFixer(window)
    fixer.watch()
    window._undo_prefix_fixer = fixer
    return menu


def _rebuild_painted_texts(window: Any) -> None:
    """Texts that are painted or composed (not settable one by one) come back through the owner's API:
    the network editor redraws its blocks, the inspector rebuilds the selected layer's form."""
    editor = getattr(window, "editor", None)
    rebuild = getattr(editor, "rebuild", None)
    if callable(rebuild):
        rebuild()
    inspector = getattr(window, "inspector", None)
    show_layer = getattr(inspector, "show_layer", None)
    if callable(show_layer):
        show_layer(getattr(editor, "selected_id", None) or None)
    lessons = getattr(window, "lessons_panel", None)
    if lessons is not None:  # the lessons follow the app's language (their own combo can still pick the other)
        lessons.set_language(current_language())


def switch_language(window: Any, language: str, remember: bool = True) -> str:
    """Install ``language`` now, remember it, and rewrite the window's texts; returns the language in use."""
    code = normalize_language(language) or SOURCE_LANGUAGE
    if remember:
        settings = getattr(window, "settings", None)
        if settings is None:
            from playground.settings import Settings

            settings = Settings()
        settings.set_language(code)
        settings.sync()
    old = current_language()
    if not hasattr(window, "_built_language"):
        window._built_language = old
    app = QApplication.instance()
    install_language(app, code)
    new = current_language()
    # the translators' LanguageChange is posted: let widgets that handle it go first
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    if new != old:
        roots = [window] + [
            w for w in QApplication.topLevelWidgets() if w is not window and w.isVisible()
        ]
        for root in roots:
            for obj in [root, *root.findChildren(QObject)]:
                hook = getattr(obj, "retranslate", None)
                if callable(hook):
                    hook()
        catalogue = Catalogue.for_language(new if old == SOURCE_LANGUAGE else old)
        for root in roots:
            retranslate_tree(root, old, new, catalogue)
        _rebuild_painted_texts(window)
        fixer = getattr(window, "_undo_prefix_fixer", None)
        if fixer is not None:
            fixer.fix()
    menu = window.findChild(QMenu, "languageMenu")
    if menu is not None:
        for action in menu.actions():
            action.setChecked(action.data() == new)
    return new
