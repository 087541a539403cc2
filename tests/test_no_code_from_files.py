"""No module turns file contents into running code.

Designs, snapshots and lessons travel between students, so nothing under ``engine/`` or
``playground/`` may unpickle, evaluate or import what a file says, nor pick attributes by
names read from a file (a file could then reach any attribute: ``__class__``,
``__globals__``...; names from files go through registry dicts instead). The rules are
checked on the syntax tree (:mod:`ast`), so comments and strings never count, and Qt's
``dialog.exec()`` or ``re.compile`` are not mistaken for the builtins.

Rules, each reported as ``path:line: what``:

* no import of pickle-like or code-running modules (pickle, marshal, shelve, dill, runpy,
  ctypes, subprocess ...), nor of Qt's script, plugin and process classes;
* no ``eval``, ``exec``, ``compile`` or ``__import__`` (called or passed around);
* ``importlib.import_module`` only with a literal name; no loading modules from file paths;
* ``np.load`` only with ``allow_pickle=False`` written out; ``allow_pickle`` never anything else;
* ``getattr``/``setattr``/``delattr``/``hasattr`` (and ``__setattr__``, ``attrgetter``...)
  only with a literal attribute name, or a name that a ``for`` loop takes from a literal
  list of strings right there in the code; no ``obj.__dict__[key]`` / ``vars(obj)[key]``
  with a computed key; no ``os.system``/``os.popen``/``os.exec*``/``os.spawn*``.

The few exceptions are listed in :data:`ALLOWED`, each with its reason.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ROOTS = {"engine": REPO / "engine", "playground": REPO / "playground"}

CODE_MODULES = frozenset({
    "pickle", "_pickle", "cPickle", "pickletools", "copyreg", "cloudpickle", "dill", "joblib", "jsonpickle",
    "shelve", "marshal", "runpy", "imp", "code", "codeop", "ctypes", "cffi", "subprocess", "multiprocessing",
})
CODE_QT_CLASSES = frozenset({
    "QProcess", "QLibrary", "QPluginLoader", "QJSEngine", "QQmlEngine", "QQmlApplicationEngine",
    "QQmlComponent", "QUiLoader", "QScriptEngine",
})
BUILTINS = frozenset({"eval", "exec", "compile", "__import__"})
MODULE_LOADERS = frozenset({
    "spec_from_file_location", "spec_from_loader", "module_from_spec", "exec_module", "load_module",
    "SourceFileLoader", "SourcelessFileLoader", "ExtensionFileLoader",
})  # (imp's load_source is covered by the ban on importing imp; engine.export has its own load_source)
ATTRIBUTE_BUILTINS = frozenset({"getattr", "setattr", "delattr", "hasattr"})
ATTRIBUTE_DUNDERS = frozenset({"__getattribute__", "__getattr__", "__setattr__", "__delattr__"})
NAME_GETTERS = frozenset({"attrgetter", "methodcaller"})
OS_RUNNERS = frozenset({"system", "popen", "startfile", "posix_spawn", "posix_spawnp"})

# (file, enclosing function, the construct) -> why it is safe. Keep this short: a name that
# comes from a file belongs in a registry dict lookup (``REGISTRY[name]``), not here.
ALLOWED: dict[tuple[str, str, str], str] = {
    ("engine/backend.py", "<module>", "import subprocess"):
        "the GPU probe runs this interpreter on a constant script (no file data in the command)",
    ("engine/lessons.py", "Text.get", "getattr(self, language)"):
        "guarded by `language in LANGUAGES` (a constant tuple of field names); "
        "a dict of the texts would make the guard unnecessary",
    ("playground/widgets/train_panel.py", "TrainPanel._sync", "getattr(t, name)"):
        "names are the keys of the panel's own spin-box dict, written in code (TrainSpec field names)",
}


def python_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def _dotted(node: ast.AST) -> str:
    """``np.lib.format.read_array`` for an attribute chain, ``''`` for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def _is_literal_str(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _keyword(call: ast.Call, name: str) -> ast.AST | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


class _Checker(ast.NodeVisitor):
    """Walks one module and collects (line, enclosing function, construct, problem)."""

    def __init__(self) -> None:
        self.scope: list[str] = []
        self.literal_loop_vars: list[set[str]] = [set()]
        self.numpy_names = {"np", "numpy"}
        self.load_names: set[str] = set()  # `from numpy import load`
        self.found: list[tuple[int, str, str, str]] = []

    # -- bookkeeping --------------------------------------------------------------
    def flag(self, node: ast.AST, problem: str) -> None:
        construct = ast.unparse(node)
        qualname = ".".join(self.scope) or "<module>"
        self.found.append((getattr(node, "lineno", 0), qualname, construct[:120], problem))

    def _scoped(self, node: ast.AST, name: str) -> None:
        self.scope.append(name)
        self.literal_loop_vars.append(set())
        self.generic_visit(node)
        self.literal_loop_vars.pop()
        self.scope.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._scoped(node, node.name)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._scoped(node, node.name)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._scoped(node, node.name)

    def visit_For(self, node: ast.For) -> None:
        """``for name in ("a", "b"):`` makes ``name`` as good as a literal inside the loop."""
        literal = (
            isinstance(node.target, ast.Name)
            and isinstance(node.iter, (ast.Tuple, ast.List, ast.Set))
            and all(_is_literal_str(e) for e in node.iter.elts)
        )
        self.visit(node.iter)
        if literal:
            self.literal_loop_vars[-1].add(node.target.id)  # type: ignore[union-attr]
        for child in node.body:
            self.visit(child)
        if literal:
            self.literal_loop_vars[-1].discard(node.target.id)  # type: ignore[union-attr]
        for child in node.orelse:
            self.visit(child)

    def _name_is_literal(self, node: ast.AST | None) -> bool:
        """A string literal, or built only from loop variables over literal strings (``"set" + name.title()``)."""
        if node is None:
            return False
        if _is_literal_str(node):
            return True
        names = [n for n in ast.walk(node) if isinstance(n, ast.Name)]
        loop_vars = set().union(*self.literal_loop_vars)
        return bool(names) and all(n.id in loop_vars for n in names)

    # -- rules --------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.split(".")[0] in CODE_MODULES:
                self.flag(node, f"imports {alias.name}")
            if alias.name == "numpy":
                self.numpy_names.add(alias.asname or "numpy")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level == 0 and module.split(".")[0] in CODE_MODULES:
            self.flag(node, f"imports from {module}")
        for alias in node.names:
            if alias.name in BUILTINS or alias.name in CODE_QT_CLASSES or alias.name in MODULE_LOADERS:
                self.flag(node, f"imports {alias.name}")
            if module == "numpy" and alias.name == "load":
                self.load_names.add(alias.asname or "load")
            if module == "os" and (alias.name in OS_RUNNERS or alias.name.startswith(("exec", "spawn"))):
                self.flag(node, f"imports os.{alias.name}")

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in BUILTINS:
            self.flag(node, f"uses {node.id}")  # a call, or the builtin passed around as a value

    def visit_Attribute(self, node: ast.Attribute) -> None:
        base = _dotted(node.value)
        if node.attr in BUILTINS and base in ("builtins", "__builtins__"):
            self.flag(node, f"uses {base}.{node.attr}")
        elif node.attr in CODE_QT_CLASSES:
            self.flag(node, f"uses {node.attr}")
        elif base == "os" and (node.attr in OS_RUNNERS or node.attr.startswith(("exec", "spawn"))):
            self.flag(node, f"uses os.{node.attr}")
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        target = node.value
        is_dict = (isinstance(target, ast.Attribute) and target.attr == "__dict__") or (
            isinstance(target, ast.Call) and isinstance(target.func, ast.Name) and target.func.id == "vars"
        )
        if is_dict and not self._name_is_literal(node.slice):
            self.flag(node, "indexes an object's __dict__ with a computed name")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        dotted = _dotted(func)
        first = node.args[0] if node.args else None
        if name in ATTRIBUTE_BUILTINS and isinstance(func, ast.Name):
            attr = node.args[1] if len(node.args) > 1 else _keyword(node, "name")
            if not self._name_is_literal(attr):
                self.flag(node, f"{name}() with an attribute name that is not a literal")
        elif name in ATTRIBUTE_DUNDERS and isinstance(func, ast.Attribute):
            # obj.__setattr__(name, value) or object.__setattr__(obj, name, value); likewise the getters
            unbound = len(node.args) == (3 if name == "__setattr__" else 2)
            attr = node.args[1] if unbound else first
            if not self._name_is_literal(attr):
                self.flag(node, f"{name}() with an attribute name that is not a literal")
        elif name in NAME_GETTERS:
            if not node.args or not all(self._name_is_literal(a) for a in node.args):
                self.flag(node, f"{name}() with a name that is not a literal")
        elif name == "import_module" or dotted == "importlib.__import__":
            if not _is_literal_str(first):
                self.flag(node, "imports a module whose name is not a literal")
        elif name in MODULE_LOADERS:
            self.flag(node, f"loads a module from a file ({name})")
        if (dotted.split(".")[0] in self.numpy_names and name == "load") or (
            isinstance(func, ast.Name) and func.id in self.load_names
        ):
            value = _keyword(node, "allow_pickle")
            if not (isinstance(value, ast.Constant) and value.value is False):
                self.flag(node, "np.load without allow_pickle=False")
        elif name == "read_array" and "allow_pickle" not in {k.arg for k in node.keywords}:
            self.flag(node, "read_array without allow_pickle=False")
        for keyword in node.keywords:
            if keyword.arg == "allow_pickle" and not (
                isinstance(keyword.value, ast.Constant) and keyword.value.value is False
            ):
                self.flag(node, f"passes allow_pickle={ast.unparse(keyword.value)}")
        self.generic_visit(node)


def check_source(source: str, label: str) -> list[tuple[str, str, str, str]]:
    """(label:line, enclosing function, construct, problem) for every offence in ``source``."""
    checker = _Checker()
    checker.visit(ast.parse(source, filename=label))
    return [(f"{label}:{line}", scope, construct, problem) for line, scope, construct, problem in checker.found]


def offences(root: Path) -> Iterator[tuple[str, str, str, str, str]]:
    """(relative path, where, function, construct, problem), allowed exceptions left out."""
    for path in python_files(root):
        rel = path.relative_to(REPO).as_posix()
        for where, scope, construct, problem in check_source(path.read_text(encoding="utf-8"), rel):
            if (rel, scope, construct) not in ALLOWED:
                yield rel, where, scope, construct, problem


@pytest.mark.parametrize("root", sorted(ROOTS))
def test_no_module_turns_file_data_into_code(root: str) -> None:
    assert python_files(ROOTS[root]), f"no sources under {root}/"
    found = sorted({f"{where} (in {scope}): {problem}: {construct}" for _, where, scope, construct, problem
                    in offences(ROOTS[root])})
    assert not found, (
        "code that could run or reach what a shared file says (use a registry dict, a literal name, "
        "or allow_pickle=False; or add a reasoned entry to ALLOWED):\n" + "\n".join(found)
    )


def test_the_allow_list_is_short_and_every_entry_has_a_reason() -> None:
    assert len(ALLOWED) <= 5
    for (path, scope, construct), reason in ALLOWED.items():
        assert (REPO / path).suffix == ".py" and scope and construct
        assert len(reason) > 20, (path, construct)


SAMPLE = '''
import pickle
import subprocess as sp
from importlib import import_module
from importlib.util import spec_from_file_location
from PySide6.QtCore import QProcess
from numpy import load as npload
import numpy as np
import os

x = eval("1")
f = exec
code = compile(text, "f", "exec")
m = __import__(name)
builtins.eval("2")
np.load("a.npz")
np.load("b.npz", allow_pickle=True)
npload("c.npz")
np.lib.format.read_array(fp)
import_module(module_name)
importlib.import_module("json" + suffix)
getattr(layer, name_from_file)
setattr(spec, key, value)
hasattr(obj, attr)
delattr(obj, attr)
object.__setattr__(obj, key, value)
operator.attrgetter(path)
obj.__dict__[key] = 1
vars(obj)[key]
os.system(command)
os.execv(path, args)
spec_from_file_location("m", path)


def nested():
    for name in names_from_a_file:
        getattr(obj, name)
'''

SAFE = '''
import json
import re
import numpy as np

# eval( exec( import pickle getattr(x, name)  -- comments do not count
s = "exec( __import__( allow_pickle=True import pickle getattr(a, b)"
pattern = re.compile("x+")
dialog.exec()
app.exec()
np.load("a.npz", allow_pickle=False)
np.lib.format.read_array(fp, allow_pickle=False)
getattr(obj, "name")
getattr(obj, "name", None)
setattr(obj, "name", 1)
importlib.import_module("json")
obj.__dict__["fixed"]
for name in ("_x", "_y"):
    old = getattr(self, name)
    setattr(self, name, old)
    setter = getattr(w, "set" + name[0].upper() + name[1:], None)
ENGINES = {"adam": Adam}
cls = ENGINES[name_from_file]
'''


def test_the_checks_catch_what_they_should() -> None:
    found = check_source(SAMPLE, "sample.py")
    problems = {(where.split(":")[1], problem) for where, _, _, problem in found}
    expected_lines = {
        2: "imports pickle", 3: "imports subprocess", 5: "imports spec_from_file_location",
        6: "imports QProcess", 11: "uses eval", 12: "uses exec", 13: "uses compile", 14: "uses __import__",
        15: "uses builtins.eval", 16: "np.load without allow_pickle=False", 17: "passes allow_pickle=True",
        18: "np.load without allow_pickle=False", 19: "read_array without allow_pickle=False",
        20: "imports a module whose name is not a literal", 21: "imports a module whose name is not a literal",
        22: "getattr() with an attribute name that is not a literal",
        23: "setattr() with an attribute name that is not a literal",
        24: "hasattr() with an attribute name that is not a literal",
        25: "delattr() with an attribute name that is not a literal",
        26: "__setattr__() with an attribute name that is not a literal",
        27: "attrgetter() with a name that is not a literal",
        28: "indexes an object's __dict__ with a computed name",
        29: "indexes an object's __dict__ with a computed name",
        30: "uses os.system", 31: "uses os.execv", 32: "loads a module from a file (spec_from_file_location)",
        37: "getattr() with an attribute name that is not a literal",
    }
    for line, problem in expected_lines.items():
        assert (str(line), problem) in problems, (line, problem, sorted(problems))
    assert {int(line) for line, _ in problems} == set(expected_lines)
    assert next(scope for where, scope, _, _ in found if where.endswith(":37")) == "nested"
    assert check_source(SAFE, "safe.py") == []


def test_allowed_entries_match_real_constructs() -> None:
    """An entry is keyed exactly as the checker reports it (so it does not silently allow something else)."""
    found = check_source("import subprocess\nclass Text:\n    def get(self, language):\n"
                         "        return getattr(self, language)\n", "engine/x.py")
    keys = {(scope, construct) for _, scope, construct, _ in found}
    assert keys == {("<module>", "import subprocess"), ("Text.get", "getattr(self, language)")}
