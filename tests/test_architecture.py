"""Architecture rules checked on the source: the engine stays Qt-free, and nothing unsafe is used.

These read the code with :mod:`ast`, so comments and strings never count.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ENGINE = REPO / "engine"
PLAYGROUND = REPO / "playground"

GUI_MODULES = frozenset({"PySide6", "pyqtgraph", "playground", "shiboken6"})
PICKLE_MODULES = frozenset({"pickle", "_pickle", "cPickle", "cloudpickle", "dill", "shelve", "marshal"})
FORBIDDEN_CALLS = frozenset({"eval", "exec", "__import__"})


def python_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def imported_modules(tree: ast.Module, module: str, is_package: bool = False) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) for every import in ``tree``, relative imports resolved.

    ``from a import b`` yields both ``a`` and ``a.b`` (``b`` may be a module); string
    arguments of ``import_module(...)`` / ``__import__(...)`` count as imports too.
    """
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: max(0, len(package) - (node.level - 1))]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            yield node.lineno, name
            for alias in node.names:
                yield node.lineno, f"{name}.{alias.name}" if name else alias.name
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                yield node.lineno, node.args[0].value


def unsafe_constructs(tree: ast.Module, label: str) -> Iterator[str]:
    """Pickle imports, any use of eval/exec/__import__, and allow_pickle other than False."""
    for node in ast.walk(tree):
        where = f"{label}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PICKLE_MODULES:
                    yield f"{where}: imports {alias.name}"
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and (node.module or "").split(".")[0] in PICKLE_MODULES:
                yield f"{where}: imports from {node.module}"
            for alias in node.names:
                if alias.name in FORBIDDEN_CALLS:
                    yield f"{where}: imports {alias.name}"
        elif isinstance(node, ast.Name) and node.id in FORBIDDEN_CALLS:
            yield f"{where}: uses {node.id}"  # a call, or the builtin passed around as a value
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in FORBIDDEN_CALLS
            and isinstance(node.value, ast.Name)
            and node.value.id in ("builtins", "__builtins__")
        ):
            yield f"{where}: uses {node.value.id}.{node.attr}"
        elif isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg == "allow_pickle" and not (
                    isinstance(keyword.value, ast.Constant) and keyword.value.value is False
                ):
                    yield f"{where}: passes allow_pickle={ast.unparse(keyword.value)}"


def file_imports(path: Path) -> Iterator[tuple[int, str]]:
    return imported_modules(parse(path), module_name(path), path.name == "__init__.py")


def test_engine_sources_exist() -> None:
    assert len(python_files(ENGINE)) >= 3


def test_engine_never_imports_gui_code() -> None:
    offences = [
        f"{path.relative_to(REPO)}:{line}: imports {name}"
        for path in python_files(ENGINE)
        for line, name in file_imports(path)
        if name.split(".")[0] in GUI_MODULES
    ]
    assert not offences, "engine/ must not import Qt, pyqtgraph or the app:\n" + "\n".join(offences)


def test_importing_every_engine_module_loads_no_qt() -> None:
    modules = [module_name(p) for p in python_files(ENGINE)]
    forbidden = sorted(GUI_MODULES)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {forbidden!r})\n"
        "print(repr(loaded))\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    pythonpath = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": pythonpath},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, (
        f"importing the engine failed or pulled in GUI modules:\n{result.stdout}\n{result.stderr}"
    )
    assert "PySide6" not in result.stdout


@pytest.mark.parametrize("root", [ENGINE, PLAYGROUND], ids=["engine", "playground"])
def test_no_pickle_eval_exec_or_dynamic_import(root: Path) -> None:
    offences = sorted(
        {
            o
            for path in python_files(root)
            for o in unsafe_constructs(parse(path), str(path.relative_to(REPO)))
        }
    )
    assert not offences, "unsafe constructs (design files are shared between students):\n" + "\n".join(
        offences
    )


def test_the_checks_catch_what_they_should() -> None:
    """The AST checks flag real uses and ignore comments, strings and Qt's ``exec()`` methods."""
    tree = ast.parse(
        "import pickle\n"
        "from PySide6 import QtCore\n"
        "from ..playground import app\n"
        "import numpy as np\n"
        "x = eval('1')\n"
        "np.load('f', allow_pickle=True)\n"
        "importlib.import_module('pyqtgraph')\n"
        "# eval( exec( import pickle  -- comments do not count\n"
        "s = 'exec( __import__( allow_pickle=True import PySide6'\n"
        "app.exec()\n"
        "dialog.exec()\n"
        "np.load('g', allow_pickle=False)\n"
    )
    found = list(unsafe_constructs(tree, "sample.py"))
    imports = {name for _, name in imported_modules(tree, "engine.sample")}
    assert sorted(found) == [
        "sample.py:1: imports pickle",
        "sample.py:5: uses eval",
        "sample.py:6: passes allow_pickle=True",
    ]
    assert {"PySide6", "PySide6.QtCore", "playground", "playground.app", "pyqtgraph"} <= imports
