"""The engine's error messages in the interface language.

The engine speaks English only (it never imports Qt). Every message it can raise is listed
as a *template* in ``assets/translations/engine_messages.json`` (``"cannot read {0}: {1}"``),
made by ``tools/extract_engine_messages.py``, and translated in ``engine_ko.ts`` (context
``EngineMessage``), whose ``engine_ko.qm`` :func:`playground.i18n.install_language` loads with
the app's own translation.

:func:`describe` is what the app shows instead of ``str(exc)``. In English it returns the
message unchanged. In another language it splits off the prefix an error puts before its
message (``layer L3: network.layers[2].units: ``; from ``exc.detail`` when the exception has
one), matches the message against the templates (most constant text first; each ``{n}`` is
a non-greedy group between the constant parts), translates the template with
``QCoreApplication.translate("EngineMessage", template)`` and puts the captured values
back. A value that is itself a whole engine message (``the design x.json cannot be loaded:
<message>``) is translated the same way; identifiers, field paths, file names and numbers
stay as they are. A text that matches no template comes back unchanged, in English: nothing
is lost and nothing raises.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from playground import i18n

CONTEXT = "EngineMessage"
LAYER_PREFIX = "layer {0}: {1}"  # the prefix DesignError puts before a message that names a layer
MAX_DEPTH = 3  # how deep messages inside messages are translated
MAX_CHARS = 800  # a longer text is shown as it is (matching it could take long; no engine message is that long)
_PLACEHOLDER = re.compile(r"\{(\d+)\}")
# a DesignError/LessonError field path before a message: "network.layers[2].units: ", "--epochs: "
_FIELD_PREFIX = re.compile(r"((?:--)?[A-Za-z_][\w.\-]*(?:\[\d+\][\w.\-]*)*): (.+)", re.DOTALL)
_LAYER = re.compile(r"layer (\S+?): (.+)", re.DOTALL)


def messages_file() -> Path:
    """``assets/translations/engine_messages.json``."""
    return i18n.TRANSLATIONS_DIR / "engine_messages.json"


@dataclass(frozen=True)
class Template:
    """One engine message template and the pattern that recognises its texts."""

    source: str
    pattern: re.Pattern[str]
    literal_size: int  # characters of constant text: the more, the more specific
    pieces: tuple[str, ...]  # the constant parts, in order

    def could_match(self, text: str) -> bool:
        """A quick test before the pattern: the text starts, ends and goes on with the constant parts."""
        first, last = self.pieces[0], self.pieces[-1]
        if not text.startswith(first) or not text.endswith(last) or len(text) < self.literal_size:
            return False
        at = len(first)
        for piece in self.pieces[1:-1]:
            at = text.find(piece, at)
            if at < 0:
                return False
            at += len(piece)
        return True


def compile_template(source: str) -> Template:
    """``"cannot read {0}: {1}"`` → a pattern with one non-greedy group per placeholder."""
    pieces = _PLACEHOLDER.split(source)
    regex = []
    for i, piece in enumerate(pieces):
        regex.append(re.escape(piece) if i % 2 == 0 else "(.+?)")
    literal = sum(len(p) for p in pieces[::2])
    return Template(source, re.compile("".join(regex), re.DOTALL), literal, tuple(pieces[::2]))


_templates: list[Template] | None = None


def templates() -> list[Template]:
    """The templates of ``engine_messages.json``, compiled once, most specific first."""
    global _templates
    if _templates is None:
        try:
            sources = json.loads(messages_file().read_text(encoding="utf-8"))
        except (OSError, ValueError):
            sources = []
        compiled = [compile_template(s) for s in sources if isinstance(s, str) and s.strip()]
        compiled.sort(key=lambda t: (-t.literal_size, t.source))
        _templates = compiled
    return _templates


def _translate(template: str) -> str:
    text = QCoreApplication.translate(CONTEXT, template)
    return text if text.strip() else template


def fill(template: str, values: list[str]) -> str:
    """Put ``values`` into the ``{n}`` of ``template`` in one pass (a value's own braces stay)."""

    def value(match: re.Match[str]) -> str:
        n = int(match.group(1))
        return values[n] if n < len(values) else match.group(0)

    return _PLACEHOLDER.sub(value, template)


def match(text: str) -> tuple[Template, list[str]] | None:
    """The most specific template whose pattern matches all of ``text``, and the captured values."""
    if len(text) > MAX_CHARS:
        return None
    for template in templates():
        found = template.pattern.fullmatch(text) if template.could_match(text) else None
        if found is not None:
            return template, list(found.groups())
    return None


def translate_message(text: str, depth: int = 0) -> str | None:
    """``text`` (an engine message, prefix and all) in the current language, or None if no template fits."""
    found = match(text)
    if found is not None:
        template, values = found
        if template.source == LAYER_PREFIX:
            values[1] = translate_message(values[1], depth + 1) or values[1]  # the message after "layer L3: "
        elif depth < MAX_DEPTH:
            values = [_value(v, depth) for v in values]
        return fill(_translate(template.source), values)
    return _field_prefixed(text, depth)


def _field_prefixed(text: str, depth: int) -> str | None:
    """``"network.layers[2].units: <message>"`` with the message translated, or None."""
    prefixed = _FIELD_PREFIX.fullmatch(text)
    if prefixed is None or depth >= MAX_DEPTH:
        return None
    rest = translate_message(prefixed.group(2), depth + 1)
    return None if rest is None else f"{prefixed.group(1)}: {rest}"


def _value(value: str, depth: int) -> str:
    """A captured value: translated when it is a fixed word of the engine ("a list") or a whole message."""
    if value in _words():
        return _translate(value)
    if value.count(" ") >= 2:  # only a value of a few words can be a message (not a number, a name, a path)
        return translate_message(value, depth + 1) or value
    return value


_word_set: frozenset[str] | None = None


def _words() -> frozenset[str]:
    """The templates without placeholders: whole messages and the fixed words helpers put into messages."""
    global _word_set
    if _word_set is None:
        _word_set = frozenset(t.source for t in templates() if not _PLACEHOLDER.search(t.source))
    return _word_set


def _english() -> bool:
    return i18n.current_language() == i18n.SOURCE_LANGUAGE


def describe(error: BaseException | str | None) -> str:
    """The text to show for an engine error (or an engine message): translated when a template fits.

    In English, or when nothing fits, this is exactly ``str(error)``. For an exception with
    ``detail`` (DesignError, LessonError) the prefix before the detail (``layer L3: ``, the
    field path, a lesson's file name) is kept and only the detail is matched.
    """
    if error is None:
        return ""
    text = str(error)
    if _english() or not text:
        return text
    try:
        detail = getattr(error, "detail", None)
        if isinstance(error, BaseException) and isinstance(detail, str) and detail and text.endswith(detail):
            translated = translate_message(detail) or detail
            prefix = text[: len(text) - len(detail)]
            layer = _LAYER.fullmatch(prefix + "\0")  # "layer L3: " (and any field after it)
            layer_id = getattr(error, "layer_id", None)
            if layer is not None and layer_id is not None and layer.group(1) == str(layer_id):
                return fill(_translate(LAYER_PREFIX), [layer.group(1), layer.group(2)[:-1] + translated])
            return prefix + translated
        return translate_message(text) or text
    except Exception:  # showing an error must never raise another
        return text
