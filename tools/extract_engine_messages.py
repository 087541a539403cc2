"""Extract the engine's error messages as templates, and keep their Korean translation up to date.

Usage::

    python tools/extract_engine_messages.py           # update engine_ko.ts, engine_ko.qm, engine_messages.json
    python tools/extract_engine_messages.py --check   # change nothing; exit 1 if a message lacks Korean

``tools/update_translations.py`` runs this too. The engine stays English and never imports
Qt; the app translates a message when it shows it (:mod:`playground.engine_text`).

**What counts as a message.** Walking ``engine/**/*.py`` with :mod:`ast`, every call of a
:class:`~engine.errors.PlaygroundError` subclass (found by their class definitions), of
:data:`EXTRA_CARRIERS` (exceptions whose text ends up inside an engine error), and of any
function that passes one of its parameters on as such a message (``fail(spec, message)``,
a parameter ``error=DesignError``) gives its message argument. That argument becomes one or
more *templates*: the constant text is kept and each f-string placeholder becomes ``{0}``,
``{1}``, ... in order. Where a placeholder is a local variable, a module constant or a small
helper of the same module that only ever holds text (``what = "is too large"``,
``_too_big(...)``), its possible texts are written in instead, so the Korean sentence can be
built around them; so is a text parameter with a text default (``what="design file"``) and
the literals its callers pass. Fixed phrases that a helper or a caller puts into a
placeholder (``_json_type(v)`` → "a list", ``where="the snapshot"``) are listed too, as
templates without placeholders: the app translates such a value when it is captured whole.
``EXTRA_TEMPLATES`` adds the one text made where the extractor does not look (DesignError's
``layer {0}: `` prefix). Numbers, identifiers, file names and paths stay placeholders.

**What it writes.** ``assets/translations/engine_ko.ts`` (context ``EngineMessage``, source =
the template) keeps the translations already there; a new template is added ``unfinished``.
``engine_ko.qm`` is compiled with ``pyside6-lrelease`` and ``engine_messages.json`` lists the
templates for the app's run-time matching. ``tests/playground/test_engine_text.py`` fails
while a raise site's template is missing from the JSON or lacks Korean.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import itertools
import json
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

REPO_ROOT = Path(__file__).resolve().parent.parent
ENGINE_DIR = REPO_ROOT / "engine"
TRANSLATIONS = REPO_ROOT / "assets" / "translations"
CONTEXT = "EngineMessage"
BASE_ERROR = "PlaygroundError"
# Exceptions that are not PlaygroundErrors but whose text an engine error passes on
# (``raise error(str(exc))``, ``f"{member}: {exc}"`` for the strict JSON parsers' own problems).
EXTRA_CARRIERS = frozenset({"_JsonProblem", "_BadJson"})
# Texts made where the extractor does not look: the prefix DesignError.__init__ puts before
# a message that names a layer (engine/errors.py).
EXTRA_TEMPLATES = (
    "layer {0}: {1}",
    # why there is no GPU (engine/backend.py): the probe's subprocess script is a string the
    # extractor cannot walk; the train panel shows these inside its own sentence
    "CuPy is not installed (pip install 'nn-playground[gpu]')",
    "no NVIDIA GPU found",
    "disabled by PLAYGROUND_NO_GPU",
    "the GPU probe did not answer within {0} s",
    "the GPU probe could not start: {0}",
    "the GPU probe failed: {0}",
)
# Modules whose messages never reach the app (the command line's own argument errors).
SKIPPED_MODULES = frozenset({"cli.py"})
MAX_ALTERNATIVES = 16  # more possible texts than this for one placeholder: keep it a placeholder
LANGUAGES = {"ko": "ko_KR"}

Part = str | None  # None: a placeholder
Alternatives = list[tuple[Part, ...]]


def json_path() -> Path:
    """``assets/translations/engine_messages.json``."""
    return TRANSLATIONS / "engine_messages.json"


def ts_path(language: str = "ko") -> Path:
    """``assets/translations/engine_<language>.ts``."""
    return TRANSLATIONS / f"engine_{language}.ts"


# ---------------------------------------------------------------------- the sources


@dataclass
class _Module:
    path: Path
    tree: ast.Module
    functions: dict[str, ast.FunctionDef] = field(default_factory=dict)  # module-level functions
    constants: dict[str, ast.expr] = field(default_factory=dict)  # module-level NAME = "text"
    parents: dict[ast.AST, ast.AST] = field(default_factory=dict)


@dataclass(frozen=True)
class Site:
    """One place in the engine that makes an error message, and the templates it can produce."""

    path: str  # relative to the repository root
    line: int
    templates: tuple[str, ...]


def engine_files(engine_dir: Path | None = None) -> list[Path]:
    """Every ``engine/**/*.py`` except :data:`SKIPPED_MODULES`."""
    root = engine_dir or ENGINE_DIR
    return sorted(
        p for p in root.rglob("*.py") if "__pycache__" not in p.parts and p.name not in SKIPPED_MODULES
    )


def _load(path: Path) -> _Module:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = _Module(path, tree)
    for stmt in tree.body:
        if isinstance(stmt, ast.FunctionDef):
            module.functions[stmt.name] = stmt
        elif isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            module.constants[stmt.targets[0].id] = stmt.value
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            module.parents[child] = node
    return module


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _error_classes(modules: Iterable[_Module]) -> set[str]:
    """Names of the classes that derive from PlaygroundError, plus :data:`EXTRA_CARRIERS`."""
    bases: dict[str, set[str]] = {}
    for module in modules:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(n for n in map(_name, node.bases) if n)
    found = {BASE_ERROR}
    changed = True
    while changed:
        changed = False
        for name, parents in bases.items():
            if name not in found and parents & found:
                found.add(name)
                changed = True
    return found | set(EXTRA_CARRIERS)


def _enclosing(module: _Module, node: ast.AST, kind: type | tuple[type, ...]) -> ast.AST | None:
    current = module.parents.get(node)
    while current is not None and not isinstance(current, kind):
        current = module.parents.get(current)
    return current


def _params(func: ast.FunctionDef | ast.AsyncFunctionDef) -> list[ast.arg]:
    return [*func.args.posonlyargs, *func.args.args, *func.args.kwonlyargs]


def _defaults(func: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, ast.expr]:
    """Parameter name → its default value, for the parameters that have one."""
    positional = [*func.args.posonlyargs, *func.args.args]
    padded: list[ast.expr | None] = [None] * (len(positional) - len(func.args.defaults)) + list(func.args.defaults)
    pairs = [*zip(positional, padded, strict=True), *zip(func.args.kwonlyargs, func.args.kw_defaults, strict=True)]
    return {arg.arg: default for arg, default in pairs if default is not None}


def _message_arg(call: ast.Call, index: int, keyword: str | None) -> ast.expr | None:
    if len(call.args) > index and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        return call.args[index]
    for kw in call.keywords:
        if kw.arg is not None and kw.arg == keyword:
            return kw.value
    return None


@dataclass
class _Callable:
    index: int
    keyword: str | None


class _Extractor:
    """Finds the message-making calls of the engine and turns their messages into templates."""

    def __init__(self, modules: list[_Module]) -> None:
        self.modules = modules
        self.errors = _error_classes(modules)
        self.callables: dict[str, _Callable] = {name: _Callable(0, "message") for name in self.errors}
        self.words: set[str] = set()  # the fixed texts a helper may put into a placeholder ("a list")
        self._find_wrappers()

    # -- which calls make messages

    def _local_aliases(self, func: ast.FunctionDef | ast.AsyncFunctionDef | None) -> dict[str, _Callable]:
        """Parameters whose default is an error class (``error=DesignError``): calls of them make messages."""
        if func is None:
            return {}
        return {name: _Callable(0, None) for name, default in _defaults(func).items() if _name(default) in self.errors}

    def _spec_of(self, module: _Module, call: ast.Call) -> _Callable | None:
        name = _name(call.func)
        if name is None:
            return None
        func = _enclosing(module, call, (ast.FunctionDef, ast.AsyncFunctionDef))
        aliases = self._local_aliases(func)  # type: ignore[arg-type]
        if isinstance(call.func, ast.Name) and name in aliases:
            return aliases[name]
        return self.callables.get(name)

    def _inside_error_class(self, module: _Module, node: ast.AST) -> bool:
        cls = _enclosing(module, node, ast.ClassDef)
        return isinstance(cls, ast.ClassDef) and cls.name in self.errors

    def _find_wrappers(self) -> None:
        """Functions that hand a parameter on as a message (``fail(spec, message)``), to a fixed point."""
        changed = True
        while changed:
            changed = False
            for module in self.modules:
                for call in (n for n in ast.walk(module.tree) if isinstance(n, ast.Call)):
                    spec = self._spec_of(module, call)
                    if spec is None or self._inside_error_class(module, call):
                        continue
                    arg = _message_arg(call, spec.index, spec.keyword)
                    func = _enclosing(module, call, (ast.FunctionDef, ast.AsyncFunctionDef))
                    if not isinstance(arg, ast.Name) or not isinstance(func, ast.FunctionDef):
                        continue
                    names = [a.arg for a in _params(func)]
                    if arg.id not in names or func.name in self.callables:
                        continue
                    positional = [a.arg for a in (*func.args.posonlyargs, *func.args.args)]
                    if isinstance(module.parents.get(func), ast.ClassDef) and positional[:1] == ["self"]:
                        positional = positional[1:]
                    index = positional.index(arg.id) if arg.id in positional else 10**6
                    self.callables[func.name] = _Callable(index, arg.id)
                    changed = True

    # -- templates

    def sites(self) -> list[Site]:
        out = []
        for module in self.modules:
            rel = module.path.resolve().relative_to(REPO_ROOT).as_posix() if module.path.is_relative_to(
                REPO_ROOT
            ) else module.path.as_posix()
            for call in (n for n in ast.walk(module.tree) if isinstance(n, ast.Call)):
                spec = self._spec_of(module, call)
                if spec is None or self._inside_error_class(module, call):
                    continue
                arg = _message_arg(call, spec.index, spec.keyword)
                if arg is None:
                    continue
                func = _enclosing(module, call, (ast.FunctionDef, ast.AsyncFunctionDef))
                alts = self._alternatives(module, arg, func, 0)
                if alts is None:
                    continue  # a parameter handed on, exc.detail, str(exc): the text comes from elsewhere
                templates = tuple(dict.fromkeys(_template(parts) for parts in alts))
                out.append(Site(rel, call.lineno, templates))
        return out

    def _alternatives(self, module: _Module, node: ast.expr, func: ast.AST | None, depth: int) -> Alternatives | None:
        """Every text ``node`` can be (placeholders as None), or None when it is not text made here."""
        if depth > 6:
            return None
        if isinstance(node, ast.Constant):
            return [(node.value,)] if isinstance(node.value, str) else None
        if isinstance(node, ast.JoinedStr):
            pieces: list[Alternatives] = []
            for value in node.values:
                if isinstance(value, ast.Constant):
                    pieces.append([(str(value.value),)])
                    continue
                assert isinstance(value, ast.FormattedValue)
                inner = None
                if value.conversion == -1 and value.format_spec is None:
                    inner = self._alternatives(module, value.value, func, depth + 1)
                    if inner is None:
                        self.words |= _helper_words(module, value.value)
                pieces.append(inner if inner is not None else [(None,)])
            return _product(pieces)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self._alternatives(module, node.left, func, depth + 1)
            right = self._alternatives(module, node.right, func, depth + 1)
            if left is None and right is None:
                return None
            return _product([left or [(None,)], right or [(None,)]])
        if isinstance(node, ast.IfExp):
            body = self._alternatives(module, node.body, func, depth + 1)
            orelse = self._alternatives(module, node.orelse, func, depth + 1)
            if body is None or orelse is None:
                return None
            return _limit(body + orelse)
        if isinstance(node, ast.Name):
            return self._name_alternatives(module, node.id, func, depth)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
            table = module.constants.get(node.value.id)  # LANGUAGE_NAMES[lang]: every value of the dict
            if isinstance(table, ast.Dict) and table.values:
                texts = [v.value for v in table.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
                return _limit([(t,) for t in texts]) if len(texts) == len(table.values) else None
            return None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in module.functions:
            helper = module.functions[node.func.id]
            if node.func.id in self.callables:
                return None
            returns = [n.value for n in ast.walk(helper) if isinstance(n, ast.Return) and n.value is not None]
            alts: Alternatives = []
            for value in returns:
                found = self._alternatives(module, value, helper, depth + 1)
                if found is None:
                    return None
                alts += found
            return _limit(alts) if alts else None
        return None

    def _name_alternatives(self, module: _Module, name: str, func: ast.AST | None, depth: int) -> Alternatives | None:
        if isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
            if name in {a.arg for a in _params(func)}:
                return self._parameter_alternatives(func, name)
            values: list[ast.expr] = []
            for node in ast.walk(func):
                if isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
                    return None
                if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
                    values.append(node.value)
                elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name:
                    if node.value is not None:
                        values.append(node.value)
                elif isinstance(node, ast.For | ast.comprehension | ast.With | ast.ExceptHandler | ast.NamedExpr):
                    targets = ast.unparse(node.target) if hasattr(node, "target") and node.target else ""  # type: ignore[union-attr]
                    if name in _names_in(targets) or getattr(node, "name", None) == name:
                        return None
            if values:
                alts: Alternatives = []
                for value in values:
                    found = self._alternatives(module, value, func, depth + 1)
                    if found is None:
                        return None
                    alts += found
                return _limit(alts)
        if name in module.constants:
            return self._alternatives(module, module.constants[name], None, depth + 1)
        return None

    def _parameter_alternatives(self, func: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> Alternatives | None:
        """A text parameter with a text default (``what="design file"``): the default and every literal passed."""
        default = _defaults(func).get(name)
        literals, only_literals = self._passed_literals(func, name)
        if not (isinstance(default, ast.Constant) and isinstance(default.value, str)) or not only_literals:
            # "the snapshot" passed as ``where``: a fixed phrase to translate (not "state.json", "samples")
            self.words |= {t for t in literals if " " in t.strip() and any(c.isalpha() for c in t)}
            return None
        return _limit([(v,) for v in [default.value, *literals]])

    def _passed_literals(self, func: ast.FunctionDef | ast.AsyncFunctionDef, name: str) -> tuple[list[str], bool]:
        """The literal texts the calls of ``func`` pass as ``name``, and whether every call passes a literal."""
        positional = [a.arg for a in (*func.args.posonlyargs, *func.args.args)]
        index = positional.index(name) if name in positional else 10**6
        literals: list[str] = []
        only_literals = True
        for module in self.modules:
            for call in (n for n in ast.walk(module.tree) if isinstance(n, ast.Call)):
                if _name(call.func) != func.name:
                    continue
                arg = _message_arg(call, index, name)
                if arg is None:
                    continue
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    literals.append(arg.value)
                else:
                    only_literals = False
        return literals, only_literals


def _helper_words(module: _Module, node: ast.expr) -> set[str]:
    """The literal texts a same-module helper call may return (``_json_type(v)`` → "a list", "null", ...)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in module.functions):
        return set()
    helper = module.functions[node.func.id]
    dicts = {
        t.id: n.value
        for n in ast.walk(helper)
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Dict)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    words: set[str] = set()
    for ret in (n for n in ast.walk(helper) if isinstance(n, ast.Return) and n.value is not None):
        for n in ast.walk(ret.value):
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and any(c.isalpha() for c in n.value):
                words.add(n.value)
            elif isinstance(n, ast.Name) and n.id in dicts:
                words |= {
                    v.value for v in dicts[n.id].values if isinstance(v, ast.Constant) and isinstance(v.value, str)
                }
    return words


def _names_in(text: str) -> set[str]:
    return {part.strip("() ") for part in text.split(",")}


def _product(pieces: list[Alternatives]) -> Alternatives | None:
    combos = 1
    for p in pieces:
        combos *= len(p)
    if combos > MAX_ALTERNATIVES:
        pieces = [p if len(p) == 1 else [(None,)] for p in pieces]
    return [tuple(itertools.chain.from_iterable(c)) for c in itertools.product(*pieces)]


def _limit(alts: Alternatives) -> Alternatives:
    unique = list(dict.fromkeys(alts))
    return unique if len(unique) <= MAX_ALTERNATIVES else [(None,)]


def _template(parts: tuple[Part, ...]) -> str:
    """Join the parts; consecutive placeholders become one, numbered ``{0}``, ``{1}``, ... in order."""
    out: list[str] = []
    n = 0
    previous_placeholder = False
    for part in parts:
        if part is None:
            if not previous_placeholder:
                out.append(f"{{{n}}}")
                n += 1
            previous_placeholder = True
        elif part:
            out.append(part)
            previous_placeholder = False
    return "".join(out)


def _extract(engine_dir: Path | None = None) -> tuple[list[Site], set[str]]:
    extractor = _Extractor([_load(p) for p in engine_files(engine_dir)])
    sites = sorted(extractor.sites(), key=lambda s: (s.path, s.line))
    return sites, extractor.words


def extract_sites(engine_dir: Path | None = None) -> list[Site]:
    """Every message-making call of the engine with its templates, in file and line order."""
    return _extract(engine_dir)[0]


def extract(engine_dir: Path | None = None) -> list[str]:
    """The sorted, unique templates of every engine error message, and the fixed words helpers put into them."""
    sites, words = _extract(engine_dir)
    found = {t for site in sites for t in site.templates if t.strip()}
    return sorted(found | words | set(EXTRA_TEMPLATES))


# ---------------------------------------------------------------------- the .ts, .qm and .json files


def _ut() -> ModuleType:
    """``tools/update_translations.py`` (for its .ts writer and lrelease), loaded once."""
    name = "update_translations"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("update_translations.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def read_translations(path: Path) -> dict[str, tuple[str, bool]]:
    """Template → (translation, finished) of an ``engine_<language>.ts`` (empty when it does not exist)."""
    out: dict[str, tuple[str, bool]] = {}
    for entry in _ut().read_entries(path):
        if entry.context == CONTEXT:
            out[entry.source] = (entry.translation, entry.finished)
    return out


def build_ts(templates: list[str], known: dict[str, tuple[str, bool]], language: str = "ko") -> ET.Element:
    """The ``<TS>`` tree of ``templates``, with the translations of ``known`` kept."""
    root = ET.Element("TS", {"version": "2.1", "language": LANGUAGES[language], "sourcelanguage": "en"})
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = CONTEXT
    for template in templates:
        msg = ET.SubElement(ctx, "message")
        ET.SubElement(msg, "source").text = template
        translation, finished = known.get(template, ("", False))
        tr = ET.SubElement(msg, "translation", {} if finished and translation.strip() else {"type": "unfinished"})
        tr.text = translation
    return root


@dataclass
class Status:
    """The engine's templates compared with the files on disk."""

    templates: list[str]
    missing: list[str]  # extracted, not in the JSON list
    stale: list[str]  # in the JSON list, no longer extracted
    untranslated: list[str]  # extracted, with no finished translation in the .ts


def check(language: str = "ko") -> Status:
    """Compare the engine with the committed files without changing anything."""
    templates = extract()
    listed = json.loads(json_path().read_text(encoding="utf-8")) if json_path().is_file() else []
    known = read_translations(ts_path(language))
    return Status(
        templates=templates,
        missing=sorted(set(templates) - set(listed)),
        stale=sorted(set(listed) - set(templates)),
        untranslated=[t for t in templates if not (known.get(t, ("", False))[1] and known[t][0].strip())],
    )


def update(language: str = "ko", verbose: bool = True) -> list[str]:
    """Rewrite ``engine_<language>.ts``/``.qm`` and ``engine_messages.json``; returns the untranslated templates."""
    templates = extract()
    ts = ts_path(language)
    known = read_translations(ts)
    tool = _ut()
    tool.write_ts(build_ts(templates, known, language), ts)
    tool.run_lrelease(ts, ts.with_suffix(".qm"))
    json_path().write_text(json.dumps(templates, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    untranslated = [t for t in templates if not (known.get(t, ("", False))[1] and known[t][0].strip())]
    if verbose:
        dropped = sorted(set(known) - set(templates))
        print(f"{ts.name}: {len(templates)} engine messages, {len(untranslated)} without Korean")
        for t in untranslated:
            print(f"  unfinished [{CONTEXT}] {t!r}")
        for t in dropped:
            print(f"  dropped (no longer in the engine) {t!r}")
    return untranslated


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a message lacks Korean")
    parser.add_argument("--list", action="store_true", help="print every raise site and its templates")
    parser.add_argument("--language", default="ko", choices=sorted(LANGUAGES))
    args = parser.parse_args(argv)
    if args.list:
        for site in extract_sites():
            for t in site.templates:
                print(f"{site.path}:{site.line}: {t}")
        return 0
    if args.check:
        status = check(args.language)
        for t in status.missing:
            print(f"missing      {t!r}")
        for t in status.stale:
            print(f"stale        {t!r}")
        for t in status.untranslated:
            print(f"untranslated {t!r}")
        return 1 if status.missing or status.stale or status.untranslated else 0
    update(args.language)
    return 0


if __name__ == "__main__":
    sys.exit(main())
