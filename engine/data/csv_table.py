"""CSV data sets: numeric feature columns plus one label or target column, read with the csv module.

The first line must name the columns; the target is ``spec.target`` or the last column.
The file is read as UTF-8 (a byte-order mark is fine), comma-separated with well-formed
quoting (the csv module's strict mode); blank lines are skipped. The task is
``spec.task`` or guessed: non-numeric labels, or whole-number labels with at most 20
distinct values, mean classification; anything else regression. Class labels become
0..k-1 in sorted order (numeric order when every label is a number) and keep their text
as class names. Values are used as they are: nothing is standardised or rescaled. The
rows are shuffled with the seed and split by ``train_fraction``. Every defect is a
DataError naming the file, line and column.
"""

from __future__ import annotations

import csv
import math
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from engine.data import checks
from engine.data.dataset import Dataset
from engine.data.split import shuffled_split
from engine.errors import DataError
from engine.spec import DataSpec

MAX_BYTES = 200 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_COLUMNS = 1000
MAX_CLASSES = 1000
MIN_ROWS = 4
GUESS_MAX_CLASSES = 20
TASKS = ("classification", "regression")


@dataclass
class Table:
    """The parsed file: feature values (or None when only labels were wanted) and label texts."""

    name: str
    features: tuple[str, ...]
    target: str
    values: np.ndarray | None  # (rows, features) float64
    labels: list[str]
    numbers: np.ndarray | None  # the labels as float64 when every one is a number
    lines: array  # the line number of each row


def _show(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


@contextmanager
def _rows(spec: DataSpec) -> Iterator[tuple[Path, Any]]:
    """Open the CSV file of ``spec`` and yield (its path, a csv reader over it)."""
    if not spec.path:
        raise DataError("the csv data set needs a file: choose a CSV file")
    path = Path(spec.path).expanduser()
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise DataError(f"CSV file '{path}' does not exist") from None
    except OSError as exc:
        raise DataError(f"cannot read CSV file '{path}': {exc.strerror or exc}") from None
    if path.is_dir():
        raise DataError(f"'{path}' is a folder, not a CSV file")
    if size > MAX_BYTES:
        mb = size / 2**20
        raise DataError(f"CSV file '{path}' is {mb:.0f} MB; at most {MAX_BYTES // 2**20} MB is supported")
    try:
        fh: TextIO = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise DataError(f"cannot read CSV file '{path}': {exc.strerror or exc}") from None
    with fh:
        yield path, csv.reader(fh, strict=True)


def _first_non_utf8_line(path: Path) -> int:
    """The number of the first line that is not valid UTF-8 (the text decoder reads ahead, so recount)."""
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, start=1):
            try:
                line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                return number
    return 1


def _next(path: Path, reader: Any) -> list[str] | None:
    """The next non-blank record, or None at the end; decoding and csv errors become DataError."""
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return None
        except UnicodeDecodeError:
            line = _first_non_utf8_line(path)
            raise DataError(f"{path.name}: line {line} is not UTF-8 text; save the file as UTF-8") from None
        except csv.Error as exc:
            raise DataError(f"{path.name}: line {reader.line_num}: {exc}") from None
        if "".join(row).strip():
            return row


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _header(path: Path, reader: Any, target: str | None) -> tuple[list[str], int]:
    """The column names and the target column's index, from the first record."""
    name = path.name
    row = _next(path, reader)
    if row is None:
        raise DataError(f"{name}: the file is empty")
    header = [cell.strip() for cell in row]
    if all(_is_number(cell) for cell in header):
        raise DataError(f"{name}: no header: line 1 must name the columns, but it holds numbers")
    if len(header) < 2:
        raise DataError(
            f"{name}: needs at least two columns (features and a target), found one "
            "(are the values separated by commas?)"
        )
    if len(header) > MAX_COLUMNS:
        raise DataError(f"{name}: has {len(header)} columns; at most {MAX_COLUMNS} are supported")
    seen: set[str] = set()
    for j, col in enumerate(header):
        if not col:
            raise DataError(f"{name}: line 1: column {j + 1} has no name")
        if col in seen:
            raise DataError(f"{name}: line 1: the column name {_show(col)} appears twice")
        seen.add(col)
    if target is None:
        return header, len(header) - 1
    if target not in seen:
        raise DataError(f"{name}: has no column {_show(target)}; its columns are {', '.join(header[:20])}")
    return header, header.index(target)


def _not_number(name: str, line: int, column: str, text: str) -> DataError:
    if not text.strip():
        return DataError(f"{name}: line {line}, column {_show(column)} is empty")
    return DataError(f"{name}: line {line}, column {_show(column)}: {_show(text)} is not a number")


def read_table(spec: DataSpec, with_values: bool = True) -> Table:
    """Parse the whole file; ``with_values=False`` skips converting the feature columns."""
    with _rows(spec) as (path, reader):
        name = path.name
        header, t = _header(path, reader, spec.target)
        features = tuple(header[:t] + header[t + 1 :])
        flat = array("d")
        labels: list[str] = []
        lines = array("q")
        while (row := _next(path, reader)) is not None:
            line = reader.line_num
            if len(row) != len(header):
                raise DataError(
                    f"{name}: line {line} has {len(row)} values but the header names {len(header)} columns"
                )
            if len(labels) >= MAX_ROWS:
                raise DataError(f"{name}: has more than {MAX_ROWS:,} data rows, the most supported")
            labels.append(row.pop(t).strip())
            lines.append(line)
            if with_values:
                try:
                    flat.extend(map(float, row))  # on error the file is rejected anyway
                except ValueError:
                    bad = next(j for j, cell in enumerate(row) if not _is_number(cell))
                    raise _not_number(name, line, features[bad], row[bad]) from None
    if len(labels) < MIN_ROWS:
        raise DataError(f"{name}: has {len(labels)} data rows; at least {MIN_ROWS} are needed")
    values = None
    if with_values:
        values = np.frombuffer(flat, dtype=np.float64).reshape(len(labels), len(features))
    try:
        numbers: np.ndarray | None = np.array([float(text) for text in labels], dtype=np.float64)
    except ValueError:
        numbers = None
    return Table(name, features, header[t], values, labels, numbers, lines)


def _check_finite(table: Table, values: np.ndarray, columns: tuple[str, ...]) -> None:
    """DataError at the first value that is NaN, infinite or too large for float32."""
    with np.errstate(over="ignore"):
        bad = ~np.isfinite(values.astype(np.float32))
    if bad.any():
        row, col = (int(i) for i in np.argwhere(bad.reshape(len(values), -1))[0])
        value = float(values.reshape(len(values), -1)[row, col])
        what = "is not a finite number (NaN and infinity are not allowed)"
        if math.isfinite(value):
            what = "is too large (beyond the float32 range)"
        where = f"{table.name}: line {table.lines[row]}, column {_show(columns[col])}"
        raise DataError(f"{where}: {value!r} {what}")


def _task(table: Table, task: str | None) -> str:
    if task is not None:
        if task not in TASKS:
            raise DataError(f"data.task must be 'classification' or 'regression', got {task!r}")
        return task
    v = table.numbers
    if v is None:
        return "classification"
    if np.isfinite(v).all() and (v == np.round(v)).all() and len(np.unique(v)) <= GUESS_MAX_CLASSES:
        return "classification"
    return "regression"


def _targets(table: Table) -> np.ndarray:
    """Regression targets as float64, or DataError at the first non-number."""
    if table.numbers is None:
        bad = next(i for i, text in enumerate(table.labels) if not _is_number(text))
        raise _not_number(table.name, table.lines[bad], table.target, table.labels[bad])
    _check_finite(table, table.numbers, (table.target,))
    return table.numbers


def _classes(table: Table) -> tuple[np.ndarray, tuple[str, ...]]:
    """Class indices 0..k-1 in sorted order and the class names (the labels' text)."""
    if "" in table.labels:
        line = table.lines[table.labels.index("")]
        raise DataError(f"{table.name}: line {line}, column {_show(table.target)} is empty")
    v = table.numbers
    if v is not None and np.isfinite(v).all():  # numeric order; "1" and "1.0" are one class
        _, first, y = np.unique(v, return_index=True, return_inverse=True)
        names = tuple(table.labels[i] for i in first)
    else:
        order = sorted(set(table.labels))
        index = {key: j for j, key in enumerate(order)}
        y = np.fromiter((index[k] for k in table.labels), dtype=np.int64, count=len(table.labels))
        names = tuple(order)
    if len(names) < 2:
        raise DataError(
            f"{table.name}: column {_show(table.target)} holds only one class ({_show(table.labels[0])}); "
            "classification needs at least two"
        )
    if len(names) > MAX_CLASSES:
        raise DataError(
            f"{table.name}: column {_show(table.target)} holds {len(names)} different labels; "
            f"at most {MAX_CLASSES} classes are supported"
        )
    return y.astype(np.int64).reshape(-1), names


def csv_input_shape(spec: DataSpec) -> tuple[int, ...]:
    """(number of feature columns,) from the header line alone."""
    with _rows(spec) as (path, reader):
        header, _ = _header(path, reader, spec.target)
    return (len(header) - 1,)


def csv_task(spec: DataSpec) -> tuple[str, int]:
    """(task, n_classes), scanning the label column but not converting the features."""
    table = read_table(spec, with_values=False)
    task = _task(table, spec.task)
    if task == "regression":
        _targets(table)
        return task, 0
    return task, len(_classes(table)[1])


def load_csv(spec: DataSpec) -> Dataset:
    """Read, check, shuffle and split a CSV data set."""
    fraction = checks.check_fraction(spec.train_fraction)
    seed = checks.check_seed(spec.seed)
    table = read_table(spec)
    assert table.values is not None
    _check_finite(table, table.values, table.features)
    task = _task(table, spec.task)
    if task == "regression":
        y = _targets(table).astype(np.float32)
        n_classes, class_names = 0, ()
    else:
        y, class_names = _classes(table)
        n_classes = len(class_names)
    x = table.values.astype(np.float32)
    train, test = shuffled_split(np.random.default_rng(seed), len(y), fraction)
    return Dataset(
        x_train=x[train],
        y_train=y[train],
        x_test=x[test],
        y_test=y[test],
        task=task,
        n_classes=n_classes,
        input_shape=(len(table.features),),
        feature_names=table.features,
        class_names=class_names,
    )
