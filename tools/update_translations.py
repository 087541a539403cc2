"""Update the Korean translation: extract every UI string, keep the translations, compile the .qm.

Usage::

    python tools/update_translations.py           # update playground_ko.ts and playground_ko.qm
    python tools/update_translations.py --check   # change nothing; exit 1 if a string lacks Korean

What it does:

1. ``pyside6-lupdate`` reads every ``playground/**/*.py`` (``self.tr()``,
   ``QCoreApplication.translate()``). Strings that lupdate cannot see are added from a
   generated list: the dictionaries of display names that the widgets pass to
   ``translate`` as variables (``titles.get(name, name)``, ``_OPTION_LABELS[...]``), the
   literal arguments of small wrappers such as ``def _tr(text): return translate("Ctx", text)``,
   and the layer titles and help texts of :mod:`engine.catalog` (context ``catalog``).
   Engine *messages* (validation errors, file errors) are not UI strings: the engine stays
   English and ``tools/extract_engine_messages.py`` (run by this tool too) lists them in
   ``engine_ko.ts`` (see there).
2. Translations already in ``assets/translations/playground_ko.ts`` are kept (lupdate
   merges). A new string is added as ``unfinished``; when the same English text is
   already translated in another context, or is a term of ``glossary.csv``, that Korean
   is filled in as a suggestion, still ``unfinished`` until a person checks it in Qt
   Linguist (or in the file) and removes ``type="unfinished"``.
3. Every unfinished string is printed; ``tests/playground/test_i18n.py`` fails while any
   remains, or while any string of the sources is missing from the .ts.
4. ``pyside6-lrelease`` compiles ``playground_ko.qm`` (suggestions included, so a new
   string shows in Korean at once).

English is the source language: no ``playground_en.ts`` is needed (installing "en"
just removes the translators).
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = REPO_ROOT / "playground"
TRANSLATIONS = REPO_ROOT / "assets" / "translations"
GLOSSARY = TRANSLATIONS / "glossary.csv"
LANGUAGES = {"ko": "ko_KR"}
TRANSLATE_NAMES = {"translate", "tr"}


# ---------------------------------------------------------------------- tools


def qt_tool(name: str) -> str:
    """The path of ``pyside6-<name>`` (on PATH, next to the interpreter, or inside the wheel)."""
    candidates = [shutil.which(f"pyside6-{name}"), str(Path(sys.executable).parent / f"pyside6-{name}")]
    try:
        import PySide6

        folder = Path(PySide6.__file__).parent
        candidates += [str(folder / name), str(folder / f"{name}.exe")]
    except ImportError:  # pragma: no cover
        pass
    for path in candidates:
        if path and Path(path).is_file():
            return path
    raise FileNotFoundError(f"pyside6-{name} was not found (install PySide6-Essentials)")


def source_files() -> list[Path]:
    return sorted(p for p in SOURCE_DIR.rglob("*.py") if "__pycache__" not in p.parts)


# ---------------------------------------------------------------------- strings lupdate cannot see


def _is_translate_call(node: ast.Call) -> str | None:
    """``"translate"`` or ``"tr"`` when ``node`` calls one of them, else None."""
    f = node.func
    name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None
    return name if name in TRANSLATE_NAMES else None


def _str(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _dict_values(node: ast.AST) -> list[str]:
    if not isinstance(node, ast.Dict):
        return []
    return [v for v in (_str(x) for x in node.values) if v]


class _Scanner(ast.NodeVisitor):
    """Finds ``translate(ctx, <not a literal>)`` calls and resolves what they can translate."""

    def __init__(self, tree: ast.Module) -> None:
        self.found: list[tuple[str, str]] = []
        self.module_dicts: dict[str, list[str]] = {}
        for stmt in tree.body:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] if isinstance(
                stmt, ast.AnnAssign
            ) else []
            value = getattr(stmt, "value", None)
            for t in targets:
                if isinstance(t, ast.Name) and value is not None and _dict_values(value):
                    self.module_dicts[t.id] = _dict_values(value)
        self.tree = tree
        self.wrappers: dict[str, str] = {}  # function name → context
        self._class: list[str] = []
        self._func: list[ast.FunctionDef | ast.AsyncFunctionDef] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._class.append(node.name)
        self.generic_visit(node)
        self._class.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._func.append(node)
        self.generic_visit(node)
        self._func.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def _local_dicts(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        if self._func:
            for node in ast.walk(self._func[-1]):
                if isinstance(node, ast.Assign):
                    for t in node.targets:
                        if isinstance(t, ast.Name) and _dict_values(node.value):
                            found[t.id] = _dict_values(node.value)
        return found

    def visit_Call(self, node: ast.Call) -> None:
        kind = _is_translate_call(node)
        if kind == "translate" and len(node.args) >= 2 and _str(node.args[0]) is not None:
            self._resolve(_str(node.args[0]) or "", node.args[1])
        elif kind == "tr" and node.args and self._class and isinstance(node.func, ast.Attribute):
            self._resolve(self._class[-1], node.args[0])
        self.generic_visit(node)

    def _resolve(self, context: str, arg: ast.AST) -> None:
        if _str(arg) is not None:
            # lupdate finds most literals itself, but not those inside f-strings: list them all
            self.found.append((context, _str(arg) or ""))
            return
        dicts = {**self.module_dicts, **self._local_dicts()}
        target = arg
        if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and arg.func.attr == "get":
            target = arg.func.value
        elif isinstance(arg, ast.Subscript):
            target = arg.value
        if isinstance(target, ast.Name) and target.id in dicts:
            self.found += [(context, v) for v in dicts[target.id]]
            return
        if isinstance(arg, ast.Name) and self._func:
            func = self._func[-1]
            params = [a.arg for a in func.args.args]
            if arg.id in params and len(self._func) == 1 and not self._class:
                self.wrappers[func.name] = context

    def wrapper_calls(self) -> None:
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in self.wrappers:
                text = _str(node.args[0]) if node.args else None
                if text:
                    self.found.append((self.wrappers[node.func.id], text))


def extra_strings() -> list[tuple[str, str]]:
    """(context, text) pairs that reach ``translate`` through variables, in a stable order."""
    pairs: list[tuple[str, str]] = []
    for path in source_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        scanner = _Scanner(tree)
        scanner.visit(tree)
        scanner.wrapper_calls()
        pairs += scanner.found
    sys.path.insert(0, str(REPO_ROOT))
    try:
        from engine import catalog
    finally:
        sys.path.pop(0)
    for ltype in catalog.LAYER_TYPES.values():
        pairs += [("catalog", ltype.title), ("catalog", ltype.help)]
        for opt in ltype.options:
            pairs.append(("catalog", opt.help))
            if opt.kind == "choice" and opt.name not in ("activation", "initializer"):
                pairs += [("catalog", c) for c in opt.choices]  # the inspector shows these raw
    seen: set[tuple[str, str]] = set()
    return [p for p in pairs if p[1] and not (p in seen or seen.add(p))]


# ---------------------------------------------------------------------- the .ts file


@dataclass
class Entry:
    context: str
    source: str
    translation: str
    finished: bool
    numerus: bool = False


def read_entries(path: Path) -> list[Entry]:
    if not path.is_file():
        return []
    root = ET.parse(str(path)).getroot()
    out = []
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            kind = tr.get("type", "") if tr is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            forms = tr.findall("numerusform") if tr is not None else []
            text = (forms[0].text or "") if forms else ((tr.text or "") if tr is not None else "")
            out.append(Entry(name, msg.findtext("source") or "", text, kind != "unfinished", bool(forms)))
    return out


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
    )


def _write_element(el: ET.Element, depth: int, lines: list[str]) -> None:
    pad = "    " * depth
    attrs = "".join(f' {k}="{_escape(v)}"' for k, v in el.attrib.items())
    children = list(el)
    text = el.text or ""
    if not children:
        lines.append(f"{pad}<{el.tag}{attrs}>{_escape(text)}</{el.tag}>")
        return
    lines.append(f"{pad}<{el.tag}{attrs}>")
    for child in children:
        _write_element(child, depth + 1, lines)
    lines.append(f"{pad}</{el.tag}>")


def write_ts(root: ET.Element, path: Path) -> None:
    """Write ``root`` the way lupdate does (so that lupdate and this tool do not fight over layout)."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>"]
    attrs = "".join(f' {k}="{_escape(v)}"' for k, v in root.attrib.items())
    lines.append(f"<TS{attrs}>")
    for ctx in root:
        lines.append("<context>")
        for child in ctx:
            _write_element(child, 1, lines)
        lines.append("</context>")
    lines.append("</TS>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def glossary() -> dict[str, str]:
    """English term → Korean, with the exact spelling first and a lower-case fallback."""
    terms: dict[str, str] = {}
    with GLOSSARY.open(encoding="utf-8", newline="") as f:
        rows = [row for row in csv.DictReader(f) if row.get("ko")]
    for row in rows:
        terms.setdefault(row["en"].strip().lower(), row["ko"].strip())
    for row in rows:
        terms[row["en"].strip()] = row["ko"].strip()
    return terms


def run_lupdate(ts: Path, language: str, work: Path) -> None:
    """Merge the current sources into ``ts`` (created when missing)."""
    extra = work / "extra_strings.py"
    lines = ["from PySide6.QtCore import QCoreApplication", ""]
    for context, text in extra_strings():
        lines.append(
            f"QCoreApplication.translate({json.dumps(context, ensure_ascii=False)}, "
            f"{json.dumps(text, ensure_ascii=False)})"
        )
    extra.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cmd = [
        qt_tool("lupdate"),
        *[str(p) for p in source_files()],
        str(extra),
        "-locations",
        "none",
        "-no-obsolete",
        "-source-language",
        "en",
        "-target-language",
        LANGUAGES[language],
        "-ts",
        str(ts),
    ]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"lupdate failed:\n{result.stdout}\n{result.stderr}")


def fill_suggestions(ts: Path, memory: list[Entry]) -> list[Entry]:
    """Suggest Korean for empty unfinished messages; returns every unfinished message."""
    terms = glossary()
    by_source: dict[str, str] = {}
    for e in memory:
        if e.translation and (e.finished or e.source not in by_source):
            by_source[e.source] = e.translation
    tree = ET.parse(str(ts))
    root = tree.getroot()
    unfinished = []
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            source = msg.findtext("source") or ""
            tr = msg.find("translation")
            if tr is None:
                tr = ET.SubElement(msg, "translation", {"type": "unfinished"})
            if tr.get("type") != "unfinished":
                continue
            forms = tr.findall("numerusform")
            current = (forms[0].text if forms else tr.text) or ""
            if not current.strip():
                suggestion = (
                    by_source.get(source) or terms.get(source.strip()) or terms.get(source.strip().lower(), "")
                )
                if suggestion:
                    if forms:
                        forms[0].text = suggestion
                    else:
                        tr.text = suggestion
                    current = suggestion
            unfinished.append(Entry(name, source, current, False, bool(forms)))
    root.set("sourcelanguage", "en")
    write_ts(root, ts)
    return unfinished


def run_lrelease(ts: Path, qm: Path) -> None:
    result = subprocess.run(
        [qt_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"lrelease failed:\n{result.stdout}\n{result.stderr}")


@dataclass
class Status:
    """What the sources need compared with the .ts file on disk."""

    missing: list[tuple[str, str]]  # in the sources, not (or not translated) in the .ts
    unfinished: list[Entry]  # in the .ts, marked unfinished
    stale: list[tuple[str, str]]  # in the .ts, no longer in the sources


def check(language: str = "ko") -> Status:
    """Compare the sources with ``playground_<language>.ts`` without changing anything."""
    ts = TRANSLATIONS / f"playground_{language}.ts"
    committed = read_entries(ts)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fresh = work / ts.name
        if ts.is_file():
            shutil.copy(ts, fresh)
        run_lupdate(fresh, language, work)
        current = read_entries(fresh)
    have = {(e.context, e.source) for e in committed if e.translation.strip()}
    need = {(e.context, e.source) for e in current}
    return Status(
        missing=sorted(need - have),
        unfinished=[e for e in committed if not e.finished],
        stale=sorted({(e.context, e.source) for e in committed} - need),
    )


def update(language: str = "ko", verbose: bool = True) -> list[Entry]:
    ts = TRANSLATIONS / f"playground_{language}.ts"
    qm = ts.with_suffix(".qm")
    memory = read_entries(ts)
    with tempfile.TemporaryDirectory() as tmp:
        run_lupdate(ts, language, Path(tmp))
    unfinished = fill_suggestions(ts, memory)
    run_lrelease(ts, qm)
    if verbose:
        total = len(read_entries(ts))
        print(f"{ts.relative_to(REPO_ROOT)}: {total} strings, {len(unfinished)} unfinished")
        for e in unfinished:
            hint = f"  (suggested: {e.translation})" if e.translation else ""
            print(f"  unfinished [{e.context}] {e.source!r}{hint}")
        print(f"{qm.relative_to(REPO_ROOT)} written")
    return unfinished


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if translations are missing")
    parser.add_argument("--language", default="ko", choices=sorted(LANGUAGES))
    args = parser.parse_args(argv)
    engine = _engine_tool()
    if args.check:
        status = check(args.language)
        for context, source in status.missing:
            print(f"missing    [{context}] {source!r}")
        for e in status.unfinished:
            print(f"unfinished [{e.context}] {e.source!r}")
        for context, source in status.stale:
            print(f"stale      [{context}] {source!r}")
        engine_failed = engine.main(["--check", "--language", args.language])
        return 1 if status.missing or status.unfinished or engine_failed else 0
    update(args.language)
    engine.update(args.language)
    return 0


def _engine_tool() -> Any:
    """``tools/extract_engine_messages.py`` (the engine's error messages → engine_<language>.ts/.qm/.json)."""
    import importlib.util

    name = "extract_engine_messages"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{name}.py"))
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


if __name__ == "__main__":
    sys.exit(main())
