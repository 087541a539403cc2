"""Reading and writing design files (JSON), with format migrations and atomic saves.

A design file is UTF-8 JSON holding exactly :meth:`DesignSpec.to_dict` (see
``docs/design-format.md``). Loading goes: size check → UTF-8 → nesting-depth check →
``json.loads`` (no NaN/Infinity, no duplicate keys, no absurd numbers) → :func:`migrate`
to the current format version → :func:`engine.spec.parse_design`. Every problem with a
file ends in a :class:`DesignError`; nothing here ever evaluates or unpickles content.

Trained state (weights, optimizer state, history) is never part of a design file.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine.atomic import write_atomic
from engine.errors import DesignError
from engine.spec import FORMAT, FORMAT_VERSION, DesignSpec, parse_design

__all__ = [
    "MAX_DEPTH",
    "MAX_DESIGN_BYTES",
    "MIGRATIONS",
    "dumps_design",
    "load_design",
    "loads_design",
    "migrate",
    "save_design",
]

MAX_DESIGN_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64  # nesting of JSON objects and arrays
MAX_NUMBER_DIGITS = 100  # longer integer literals are rejected before int() sees them


# ---------------------------------------------------------------- migrations


def _migrate_0_to_1(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (pre-release) → version 1.

    Version 0 kept the layer list at the top level (``"layers"``), stored the learning
    rate as a top-level ``"lr"``, and allowed layers without an ``"id"``. Version 1 moves
    the list to ``network.layers``, the rate to ``train.learning_rate`` and gives every
    layer a fresh id (``L1``, ``L2``, … depth first, skipping ids already used).
    """
    out = {k: v for k, v in doc.items() if k not in ("layers", "lr")}
    if "network" in doc:
        raise DesignError("a version 0 design keeps its layers in 'layers', not 'network'", "network")
    layers = doc.get("layers", [])
    if not isinstance(layers, list):
        raise DesignError(f"expected a list of layers, got {type(layers).__name__}", "layers")
    if "lr" in doc:
        train = doc.get("train", {})
        if not isinstance(train, dict):
            raise DesignError(f"expected an object, got {type(train).__name__}", "train")
        if "learning_rate" in train:
            raise DesignError("both 'lr' and 'train.learning_rate' are given", "lr")
        out["train"] = {**train, "learning_rate": doc["lr"]}

    used: set[str] = set()

    def collect(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, dict):
                if isinstance(item.get("id"), str):
                    used.add(item["id"])
                if isinstance(item.get("layers"), list):
                    collect(item["layers"])

    counter = 0

    def fresh_id() -> str:
        nonlocal counter
        while True:
            counter += 1
            candidate = f"L{counter}"
            if candidate not in used:
                used.add(candidate)
                return candidate

    def upgrade(items: list[Any]) -> list[Any]:
        result = []
        for item in items:
            if isinstance(item, dict):
                item = dict(item)
                if "id" not in item:
                    item = {"id": fresh_id(), **item}
                if isinstance(item.get("layers"), list):
                    item["layers"] = upgrade(item["layers"])
            result.append(item)
        return result

    collect(layers)
    out["network"] = {"layers": upgrade(layers)}
    out["format_version"] = 1
    return out


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    0: _migrate_0_to_1,
}
"""``MIGRATIONS[v]`` turns a version ``v`` document into a version ``v + 1`` document."""


def migrate(doc: dict[str, Any]) -> dict[str, Any]:
    """Bring a parsed design document up to :data:`FORMAT_VERSION`; never mutates ``doc``.

    Raises :class:`DesignError` for a non-design, a missing or malformed version, a
    version newer than this app reads, or one too old to be migrated.
    """
    if not isinstance(doc, dict):
        raise DesignError(f"a design file must hold one JSON object at the top level, not {_json_type(doc)}")
    if doc.get("format") != FORMAT:
        raise DesignError(f"this is not a playground design (expected format {FORMAT!r})", "format")
    if "format_version" not in doc:
        raise DesignError("missing the format version", "format_version")
    version = doc["format_version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise DesignError(f"expected a whole number, got {_json_type(version)}", "format_version")
    if version > FORMAT_VERSION:
        raise DesignError(
            f"this design was written by a newer version of the playground (format version "
            f"{version}); this app reads up to version {FORMAT_VERSION}",
            "format_version",
        )
    if version < min(MIGRATIONS, default=FORMAT_VERSION):
        raise DesignError(f"format version {version} is too old to be read", "format_version")
    while version < FORMAT_VERSION:
        doc = MIGRATIONS[version](doc)
        version += 1
        if doc.get("format_version") != version:  # pragma: no cover - a broken migration
            raise AssertionError(f"migration from version {version - 1} did not produce {version}")
    return doc


# ---------------------------------------------------------------- parsing


def load_design(path: str | os.PathLike[str]) -> DesignSpec:
    """Read and validate the design file at ``path``.

    A missing, unreadable or oversized file raises :class:`DesignError` naming the path;
    invalid content raises :class:`DesignError` naming the offending field.
    """
    p = Path(path)
    try:
        info = os.stat(p)
        if not stat.S_ISREG(info.st_mode):
            raise DesignError(f"{p} is not a regular file")
        with open(p, "rb") as f:
            if f.read(4) == b"PK\x03\x04":
                raise DesignError(
                    f"{p.name} is a trained snapshot (design, weights and history), not a design file; "
                    "continue it with `playground train FILE` or export it with `playground export FILE`"
                )
            if info.st_size > MAX_DESIGN_BYTES:
                raise DesignError(_too_big(info.st_size, p))
            f.seek(0)
            data = f.read(MAX_DESIGN_BYTES + 1)
    except FileNotFoundError:
        raise DesignError(f"{p} does not exist") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise DesignError(f"cannot read {p}: {getattr(exc, 'strerror', None) or exc}") from None
    return loads_design(data)


def loads_design(text: str | bytes) -> DesignSpec:
    """Validate a design from the text (or UTF-8 bytes) of a design file."""
    if isinstance(text, (bytes, bytearray, memoryview)):
        raw = bytes(text)
        if len(raw) > MAX_DESIGN_BYTES:
            raise DesignError(_too_big(len(raw)))
        raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark, as some editors write
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw.count(b"\n", 0, exc.start) + 1
            raise DesignError(
                f"the file is not UTF-8 text (invalid byte 0x{raw[exc.start]:02x} on line {line})"
            ) from None
    elif isinstance(text, str):
        if len(text) > MAX_DESIGN_BYTES:
            raise DesignError(_too_big(None))
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_DESIGN_BYTES:
            raise DesignError(_too_big(size))
        text = text.removeprefix("\ufeff")
    else:
        raise TypeError(f"expected str or bytes, got {type(text).__name__}")
    doc = _parse_json(text)
    _check_strings(doc)
    return parse_design(migrate(doc))


def _too_big(size: int | None, path: Path | None = None) -> str:
    what = f"{path} is" if path is not None else "the design is"
    amount = f"{size:,} bytes" if size is not None else f"over {MAX_DESIGN_BYTES:,} bytes"
    return f"{what} too large ({amount}; a design file may be at most {MAX_DESIGN_BYTES:,} bytes)"


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_TO_PARENS = str.maketrans("[{]}", "(())")
_BARE_CONSTANT = re.compile(r"-?(?:NaN|Infinity)")


def _too_deep(text: str) -> bool:
    """Whether the JSON text nests objects/arrays more than MAX_DEPTH deep (brackets in strings don't count).

    Each pass deletes the innermost ``()`` pairs of the bracket skeleton, so the number
    of passes that find a pair is the nesting depth. Runs in C string operations only.
    """
    skeleton = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text)).translate(_TO_PARENS)
    if "(" * (MAX_DEPTH + 1) in skeleton:  # a run of openers is that deep already
        return True
    for _ in range(MAX_DEPTH):
        if "()" not in skeleton:
            return False
        skeleton = skeleton.replace("()", "")
    return "()" in skeleton


class _NonFinite(Exception):
    """A bare NaN/Infinity, or a number too large for a float; turned into a DesignError."""

    def __init__(self, literal: str, overflow: bool):
        super().__init__(literal)
        self.literal = literal if len(literal) <= 30 else literal[:27] + "..."
        self.overflow = overflow


def _reject_constant(name: str) -> Any:
    raise _NonFinite(name, overflow=False)


def _parse_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise _NonFinite(literal, overflow=True)
    return value


class _JsonProblem(Exception):
    """Raised inside the JSON hooks; parse_strict_json turns it into the caller's error type."""


def _parse_int(literal: str) -> int:
    if len(literal) > MAX_NUMBER_DIGITS:
        raise _JsonProblem(f"a number has {len(literal)} digits; at most {MAX_NUMBER_DIGITS} are allowed")
    return int(literal)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _JsonProblem(f"the key {key[:40]!r} appears twice in the same object")
        out[key] = value
    return out


def _parse_json(text: str) -> Any:
    return parse_strict_json(text)


def parse_strict_json(
    text: str, error: Callable[[str], Exception] = DesignError, what: str = "design file"
) -> Any:
    """Parse untrusted JSON text strictly: finite numbers only, no duplicate keys, bounded depth and digits.

    Every problem raises ``error(message)``; ``what`` names the kind of file in messages.
    """
    if not text.strip():
        raise error(f"the {what} is empty")
    if _too_deep(text):
        raise error(f"the JSON is nested too deeply (at most {MAX_DEPTH} levels)")
    try:
        return json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_parse_float,
            parse_int=_parse_int,
            object_pairs_hook=_unique_keys,
        )
    except _JsonProblem as exc:
        raise error(str(exc)) from None
    except _NonFinite as exc:
        if exc.overflow:
            raise error(f"the number {exc.literal} is too large to be a finite number") from None
        raise error(
            f"{exc.literal} is not allowed in a {what}{_locate_constant(text)}; every number must be finite"
        ) from None
    except json.JSONDecodeError as exc:
        raise error(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:  # unbalanced brackets the depth scan cannot pair up
        raise error(f"the JSON is nested too deeply (at most {MAX_DEPTH} levels)") from None
    except ValueError as exc:  # e.g. int() limits not covered above
        raise error(f"not valid JSON: {exc}") from None


def _locate_constant(text: str) -> str:
    """' (line L, column C)' of the first bare NaN/Infinity outside strings, or ''."""
    blanked = _JSON_STRING.sub(lambda m: " " * len(m.group()), text)
    match = _BARE_CONSTANT.search(blanked)
    if match is None:  # pragma: no cover - json found one, so the scan does too
        return ""
    line = blanked.count("\n", 0, match.start()) + 1
    column = match.start() - (blanked.rfind("\n", 0, match.start()) + 1) + 1
    return f" (line {line}, column {column})"


def _check_strings(doc: Any) -> None:
    """Reject text that cannot be written back as UTF-8 (unpaired surrogates from ``\\ud800`` escapes)."""
    stack: list[tuple[Any, str]] = [(doc, "")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                child = f"{where}.{key}" if where else key
                _check_text(key, child)
                stack.append((item, child))
        elif isinstance(value, list):
            stack.extend((item, f"{where}[{i}]") for i, item in enumerate(value))
        elif isinstance(value, str):
            _check_text(value, where)


def _check_text(value: str, where: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise DesignError(
            "the text contains an unpaired surrogate (\\ud800-\\udfff)", where or None
        ) from None


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a text", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__)


# ---------------------------------------------------------------- writing


def dumps_design(design: DesignSpec) -> str:
    """The file text of ``design``: UTF-8-ready JSON, 2-space indent, trailing newline.

    The text is read back before it is returned, so a design that could not be loaded
    again (an invalid value set in memory, a file over the size limit) raises
    :class:`DesignError` instead of producing a file the app would refuse.
    """
    try:
        text = json.dumps(design.to_dict(), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    except (KeyError, TypeError, ValueError) as exc:
        raise DesignError(f"the design cannot be written as JSON: {exc}") from exc
    loads_design(text)
    return text


def save_design(design: DesignSpec, path: str | os.PathLike[str]) -> None:
    """Write ``design`` to ``path`` atomically (:func:`engine.atomic.write_atomic`).

    On any failure the old file is left as it was and :class:`DesignError` names the path.
    """
    data = dumps_design(design).encode("utf-8")
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise DesignError(f"cannot save {path}: {exc.strerror or exc}") from exc
