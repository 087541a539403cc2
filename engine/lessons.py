"""Lessons: short bilingual texts that walk a class through one idea with a ready-made design.

A lesson file (``assets/lessons/*.json``, format ``nn-playground.lesson`` version 1) holds
plain JSON, never code: an id and an order, a title, a summary and a few paragraphs, a
design to open (a path relative to ``assets/`` or an inline design object), the object
names of the app's controls worth trying, what to change and what to watch for, and
optional steps that each change the design a little. Every text is given in every
language of :data:`LANGUAGES` (English and Korean). ``docs/lessons.md`` explains how a
teacher writes one.

Loading validates everything and raises :class:`LessonError` naming the offending field
(``paragraphs[2].ko: the Korean text is missing``). The design is loaded with the
engine's design loader, so a lesson never opens a design the app would refuse. Whether
a highlighted object name exists in the window is not checked here (the engine knows
nothing about Qt); the app's tests check it.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from engine.data.paths import default_assets_dir
from engine.design_io import load_design, migrate, parse_strict_json
from engine.errors import DesignError, PlaygroundError
from engine.spec import DesignSpec, parse_design

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "LANGUAGES",
    "MAX_LESSON_BYTES",
    "Lesson",
    "LessonError",
    "LessonStep",
    "Text",
    "list_lessons",
    "load_lesson",
    "loads_lesson",
    "parse_lesson",
]

FORMAT = "nn-playground.lesson"
FORMAT_VERSION = 1
LANGUAGES: tuple[str, ...] = ("en", "ko")
LANGUAGE_NAMES = {"en": "English", "ko": "Korean"}

MAX_LESSON_BYTES = 1024 * 1024
MAX_TEXT_CHARS = 4000  # one paragraph, title, ... in one language
MAX_TITLE_CHARS = 200
MAX_PARAGRAPHS = 30
MAX_STEPS = 20
MAX_HIGHLIGHTS = 20
MAX_ORDER = 100_000

_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
_OBJECT_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")

_TOP_KEYS = (
    "format", "format_version", "id", "order", "title", "summary", "paragraphs", "design",
    "highlight", "try", "watch", "steps",
)
_REQUIRED = ("id", "order", "title", "summary", "paragraphs", "design", "highlight", "try", "watch")
_STEP_KEYS = ("title", "text", "design_changes", "highlight")
_CHANGE_KEYS = ("name", "description", "data", "train", "network", "layers")


class LessonError(PlaygroundError):
    """A lesson file is invalid; ``field`` names the place (``steps[1].text.ko``), ``source`` the file."""

    def __init__(self, message: str, field: str | None = None, source: str | None = None):
        self.detail = message
        self.field = field
        self.source = source
        prefix = f"{source}: " if source else ""
        if field:
            prefix += f"{field}: "
        super().__init__(prefix + message)

    def with_source(self, source: str) -> LessonError:
        return LessonError(self.detail, self.field, source)


@dataclass(frozen=True)
class Text:
    """One text in every language of :data:`LANGUAGES`."""

    en: str
    ko: str

    def get(self, language: str) -> str:
        """The text in ``language``; English for a language the lessons are not written in."""
        return getattr(self, language) if language in LANGUAGES else self.en


@dataclass(frozen=True)
class LessonStep:
    """One step of a lesson: what to do now, and the design to open for it."""

    title: Text
    text: Text
    design: DesignSpec
    highlight: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lesson:
    """A validated lesson. ``design_source`` is the asset path of a linked design or ``"inline"``."""

    id: str
    order: int
    title: Text
    summary: Text
    paragraphs: tuple[Text, ...]
    design: DesignSpec
    design_source: str
    highlight: tuple[str, ...]
    try_this: Text
    watch: Text
    steps: tuple[LessonStep, ...] = ()
    path: Path | None = None

    def texts(self) -> list[tuple[str, Text]]:
        """Every text of the lesson with its field name (for completeness checks)."""
        out = [("title", self.title), ("summary", self.summary)]
        out += [(f"paragraphs[{i}]", p) for i, p in enumerate(self.paragraphs)]
        out += [("try", self.try_this), ("watch", self.watch)]
        for i, step in enumerate(self.steps):
            out += [(f"steps[{i}].title", step.title), (f"steps[{i}].text", step.text)]
        return out


# ---------------------------------------------------------------- loading


def list_lessons(
    assets_dir: str | os.PathLike[str] | None = None, errors: list[LessonError] | None = None
) -> list[Lesson]:
    """Every lesson in ``<assets_dir>/lessons/*.json``, sorted by order (then id).

    A broken file raises :class:`LessonError` naming it, unless ``errors`` is a list: then
    the error is appended there and the file is skipped (the app shows the rest). Two
    lessons with the same id are an error too.
    """
    base = Path(assets_dir) if assets_dir is not None else default_assets_dir()
    lessons: list[Lesson] = []
    seen: dict[str, Path] = {}
    for path in sorted((base / "lessons").glob("*.json")):
        try:
            lesson = load_lesson(path, base)
            if lesson.id in seen:
                raise LessonError(f"the id {lesson.id!r} is already used by {seen[lesson.id].name}", "id", path.name)
        except LessonError as exc:
            if errors is None:
                raise
            errors.append(exc)
            continue
        seen[lesson.id] = path
        lessons.append(lesson)
    lessons.sort(key=lambda lesson: (lesson.order, lesson.id))
    return lessons


def load_lesson(path: str | os.PathLike[str], assets_dir: str | os.PathLike[str] | None = None) -> Lesson:
    """Read and validate the lesson file at ``path``.

    Linked designs are looked up under ``assets_dir``; by default the folder above the
    lesson's own folder (``assets/lessons/x.json`` → ``assets/``).
    """
    p = Path(path)
    base = Path(assets_dir) if assets_dir is not None else p.resolve().parent.parent
    try:
        info = os.stat(p)
        if not stat.S_ISREG(info.st_mode):
            raise LessonError("not a regular file", source=str(p))
        if info.st_size > MAX_LESSON_BYTES:
            raise LessonError(_too_big(info.st_size), source=p.name)
        with open(p, "rb") as f:
            data = f.read(MAX_LESSON_BYTES + 1)
    except FileNotFoundError:
        raise LessonError("the file does not exist", source=str(p)) from None
    except (OSError, ValueError) as exc:
        raise LessonError(f"cannot read the file: {getattr(exc, 'strerror', None) or exc}", source=str(p)) from None
    try:
        lesson = loads_lesson(data, base)
    except LessonError as exc:
        raise exc.with_source(p.name) from None
    return _with_path(lesson, p)


def loads_lesson(text: str | bytes, assets_dir: str | os.PathLike[str] | None = None) -> Lesson:
    """Validate a lesson from the text (or UTF-8 bytes) of a lesson file."""
    if isinstance(text, (bytes, bytearray, memoryview)):
        raw = bytes(text)
        if len(raw) > MAX_LESSON_BYTES:
            raise LessonError(_too_big(len(raw)))
        try:
            text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise LessonError(f"the file is not UTF-8 text (invalid byte on line {line})") from None
    elif isinstance(text, str):
        if len(text.encode("utf-8", "surrogatepass")) > MAX_LESSON_BYTES:
            raise LessonError(_too_big(None))
        text = text.removeprefix("\ufeff")
    else:
        raise TypeError(f"expected str or bytes, got {type(text).__name__}")
    doc = _parse_json(text)
    _check_strings(doc)
    return parse_lesson(doc, assets_dir)


def parse_lesson(doc: Any, assets_dir: str | os.PathLike[str] | None = None) -> Lesson:
    """Validate a parsed lesson document into a :class:`Lesson`."""
    base = Path(assets_dir) if assets_dir is not None else default_assets_dir()
    if not isinstance(doc, dict):
        raise LessonError("a lesson file must hold one JSON object at the top level")
    if doc.get("format") != FORMAT:
        raise LessonError(f"this is not a playground lesson (expected format {FORMAT!r})", "format")
    if "format_version" not in doc:
        raise LessonError("missing the format version", "format_version")
    version = doc["format_version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise LessonError(f"expected a whole number, got {_show(version)}", "format_version")
    if version > FORMAT_VERSION:
        raise LessonError(
            f"this lesson was written for a newer version of the playground (format version {version}); "
            f"this app reads up to version {FORMAT_VERSION}",
            "format_version",
        )
    if version < FORMAT_VERSION:
        raise LessonError(f"format version {version} is not supported", "format_version")
    _check_keys(doc, "", _TOP_KEYS)
    for key in _REQUIRED:
        if key not in doc:
            raise LessonError("this field is required", key)

    lesson_id = doc["id"]
    if not isinstance(lesson_id, str) or not _ID.fullmatch(lesson_id):
        raise LessonError(
            f"expected a short id of lower-case letters, digits, '-' and '_', got {_show(lesson_id)}", "id"
        )
    order = doc["order"]
    if not isinstance(order, int) or isinstance(order, bool) or not 0 <= order <= MAX_ORDER:
        raise LessonError(f"expected a whole number from 0 to {MAX_ORDER}, got {_show(order)}", "order")

    title = _text(doc["title"], "title", MAX_TITLE_CHARS)
    summary = _text(doc["summary"], "summary")
    paragraphs = _text_list(doc["paragraphs"], "paragraphs")
    design, source = _design(doc["design"], base)
    highlight = _highlights(doc["highlight"], "highlight")
    try_this = _text(doc["try"], "try")
    watch = _text(doc["watch"], "watch")
    steps = _steps(doc.get("steps", []), design)
    return Lesson(lesson_id, order, title, summary, paragraphs, design, source, highlight, try_this, watch, steps)


# ---------------------------------------------------------------- fields


def _text(raw: Any, where: str, limit: int = MAX_TEXT_CHARS) -> Text:
    if not isinstance(raw, dict):
        langs = " and ".join(LANGUAGES)
        raise LessonError(f"expected an object with the text in {langs}, e.g. {{\"en\": ..., \"ko\": ...}}", where)
    for key in raw:
        if key not in LANGUAGES:
            raise LessonError(
                f"unknown language {_show(key)}; lessons are written in {', '.join(LANGUAGES)}", f"{where}.{key}"
            )
    values = {}
    for lang in LANGUAGES:
        value = raw.get(lang)
        field = f"{where}.{lang}"
        if value is None:
            raise LessonError(f"the {LANGUAGE_NAMES[lang]} text is missing", field)
        if not isinstance(value, str):
            raise LessonError(f"expected a text, got {_show(value)}", field)
        if not value.strip():
            raise LessonError(f"the {LANGUAGE_NAMES[lang]} text is empty", field)
        if len(value) > limit:
            raise LessonError(f"the text is too long ({len(value)} characters; at most {limit})", field)
        if "\x00" in value or _has_surrogate(value):
            raise LessonError("the text contains a NUL or an unpaired surrogate", field)
        values[lang] = value.strip()
    return Text(**values)


def _text_list(raw: Any, where: str) -> tuple[Text, ...]:
    if not isinstance(raw, list) or not raw:
        raise LessonError("expected a non-empty list of texts", where)
    if len(raw) > MAX_PARAGRAPHS:
        raise LessonError(f"too many paragraphs ({len(raw)}; at most {MAX_PARAGRAPHS})", where)
    return tuple(_text(item, f"{where}[{i}]") for i, item in enumerate(raw))


def _highlights(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise LessonError("expected a list of object names (see docs/ui.md)", where)
    if len(raw) > MAX_HIGHLIGHTS:
        raise LessonError(f"too many object names ({len(raw)}; at most {MAX_HIGHLIGHTS})", where)
    out: list[str] = []
    for i, name in enumerate(raw):
        if not isinstance(name, str) or not _OBJECT_NAME.fullmatch(name):
            raise LessonError(
                f"expected an object name such as 'learningRateCombo', got {_show(name)}", f"{where}[{i}]"
            )
        if name in out:
            raise LessonError(f"{name!r} is listed twice", f"{where}[{i}]")
        out.append(name)
    return tuple(out)


def _design(raw: Any, assets_dir: Path) -> tuple[DesignSpec, str]:
    if isinstance(raw, dict):
        try:
            return parse_design(migrate(raw)), "inline"
        except DesignError as exc:
            raise LessonError(exc.detail, _join("design", exc.field)) from None
    if not isinstance(raw, str):
        raise LessonError(
            "expected a path relative to assets/ (e.g. \"examples/xor.json\") or a design object", "design"
        )
    path = _asset_path(raw, assets_dir, "design")
    try:
        return load_design(path), raw
    except DesignError as exc:
        raise LessonError(f"the design {raw} cannot be loaded: {exc}", "design") from None


def _asset_path(rel: str, assets_dir: Path, where: str) -> Path:
    parts = rel.split("/")
    if (
        not rel
        or len(rel) > 300
        or "\\" in rel
        or "\x00" in rel
        or rel.startswith("/")
        or re.match(r"[A-Za-z]:", rel)
        or any(part in ("", ".", "..") for part in parts)
        or not rel.endswith(".json")
    ):
        raise LessonError(
            f"expected a path to a .json design inside assets/, written with '/' (e.g. \"examples/xor.json\"), "
            f"got {_show(rel)}",
            where,
        )
    root = assets_dir.resolve()
    path = (root / rel).resolve()
    if not path.is_relative_to(root):
        raise LessonError(f"the design {rel} lies outside the assets folder", where)
    if not path.is_file():
        raise LessonError(f"the design {rel} does not exist in {assets_dir}", where)
    return path


def _steps(raw: Any, base: DesignSpec) -> tuple[LessonStep, ...]:
    if not isinstance(raw, list):
        raise LessonError("expected a list of steps", "steps")
    if len(raw) > MAX_STEPS:
        raise LessonError(f"too many steps ({len(raw)}; at most {MAX_STEPS})", "steps")
    steps = []
    for i, item in enumerate(raw):
        where = f"steps[{i}]"
        if not isinstance(item, dict):
            raise LessonError("expected an object with a title, a text and optional design_changes", where)
        _check_keys(item, where, _STEP_KEYS)
        for key in ("title", "text"):
            if key not in item:
                raise LessonError("this field is required", f"{where}.{key}")
        title = _text(item["title"], f"{where}.title", MAX_TITLE_CHARS)
        text = _text(item["text"], f"{where}.text")
        design = _apply_changes(base, item.get("design_changes", {}), f"{where}.design_changes")
        highlight = _highlights(item.get("highlight", []), f"{where}.highlight")
        steps.append(LessonStep(title, text, design, highlight))
    return tuple(steps)


def _apply_changes(base: DesignSpec, changes: Any, where: str) -> DesignSpec:
    """The lesson's design with one step's changes (always relative to the lesson's design, not the previous step).

    ``data`` and ``train`` are merged field by field, ``layers`` maps layer ids to option
    changes, ``network`` replaces the whole layer list (applied before ``layers``).
    """
    if not isinstance(changes, dict):
        raise LessonError("expected an object (data, train, layers, network, name, description)", where)
    _check_keys(changes, where, _CHANGE_KEYS)
    if not changes:
        return base
    doc = base.to_dict()
    for key in ("name", "description"):
        if key in changes:
            doc[key] = changes[key]
    for key in ("data", "train"):
        if key in changes:
            part = changes[key]
            if not isinstance(part, dict):
                raise LessonError("expected an object of the fields to change", f"{where}.{key}")
            doc[key] = {**doc[key], **part}
    if "network" in changes:
        doc["network"] = changes["network"]
    if "layers" in changes:
        by_id = changes["layers"]
        if not isinstance(by_id, dict):
            raise LessonError("expected an object mapping layer ids to option changes", f"{where}.layers")
        layers = doc["network"].get("layers") if isinstance(doc["network"], dict) else None
        found = _layer_dicts(layers if isinstance(layers, list) else [])
        for layer_id, options in by_id.items():
            if layer_id not in found:
                raise LessonError(f"the design has no layer {_show(layer_id)}", f"{where}.layers.{layer_id}")
            if not isinstance(options, dict):
                raise LessonError("expected an object of option values", f"{where}.layers.{layer_id}")
            target = found[layer_id]
            target["options"] = {**target.get("options", {}), **options}
    try:
        return parse_design(doc)
    except DesignError as exc:
        raise LessonError(exc.detail, _join(where, exc.field)) from None


def _layer_dicts(layers: list[Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for item in layers:
        if isinstance(item, dict):
            if isinstance(item.get("id"), str):
                out[item["id"]] = item
            if isinstance(item.get("layers"), list):
                out.update(_layer_dicts(item["layers"]))
    return out


# ---------------------------------------------------------------- helpers


def _parse_json(text: str) -> Any:
    return parse_strict_json(text, LessonError, "lesson file")


def _check_keys(obj: Mapping[str, Any], where: str, allowed: tuple[str, ...]) -> None:
    for key in obj:
        if key not in allowed:
            raise LessonError(
                f"unknown field {_show(key)}; expected one of: {', '.join(allowed)}", _join(where, str(key)[:40])
            )


def _check_strings(doc: Any) -> None:
    """Reject text that cannot be written back as UTF-8 (unpaired surrogates from ``\\ud800`` escapes)."""
    stack: list[tuple[Any, str]] = [(doc, "")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                child = _join(where, key[:40])
                if _has_surrogate(key):
                    raise LessonError("the text contains an unpaired surrogate (\\ud800-\\udfff)", child)
                stack.append((item, child))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{i}]") for i, item in enumerate(value))
        elif isinstance(value, str) and _has_surrogate(value):
            raise LessonError("the text contains an unpaired surrogate (\\ud800-\\udfff)", where or None)


def _join(a: str, b: str | None) -> str:
    if not b:
        return a
    return f"{a}.{b}" if a else b


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _show(v: Any) -> str:
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "..."


def _too_big(size: int | None) -> str:
    amount = f"{size:,} bytes" if size is not None else f"over {MAX_LESSON_BYTES:,} bytes"
    return f"the lesson is too large ({amount}; a lesson file may be at most {MAX_LESSON_BYTES:,} bytes)"


def _with_path(lesson: Lesson, path: Path) -> Lesson:
    return replace(lesson, path=path)
