"""The ``custom`` data set: points the person drew on the plane, stored in the design (``data.points``).

Each point is ``(x1, x2, label)`` inside the plane [-6, 6]^2; the label is a class
0..``classes``-1, or a target value when ``data.task`` is ``"regression"``. The points are
split by ``train_fraction`` and ``data.seed`` (a seeded hash of each point's place decides,
so drawing one more point does not reshuffle the others), then expanded into the chosen
features; ``samples`` and ``noise`` do not apply.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from engine import catalog
from engine.data import checks
from engine.data.dataset import Dataset
from engine.data.features import check_features
from engine.data.split import train_count
from engine.data.synthetic import plane_dataset
from engine.errors import DataError, DesignError
from engine.spec import DataSpec, check_point_labels, check_points

MIN_POINTS = 2  # one to train on and one to test


# The last points found valid as they are, with the fields their labels were checked against:
# the app checks the same points up to three times per edit (design check, plot, training thread).
_last_valid: tuple[Any, ...] = ()


def _checked(spec: DataSpec) -> DataSpec:
    """``spec`` with valid points (specs built in code skip the design validator), else DataError."""
    global _last_valid
    key = (spec.dataset, spec.classes, spec.task)
    last = _last_valid  # one read: another thread may replace it
    if last and last[0] is spec.points and last[1:] == key:
        return spec
    try:
        points = check_points(spec.points, "data.points")
        checked = check_point_labels(replace(spec, points=points))
    except DesignError as exc:
        raise DataError(str(exc)) from None
    if checked.points is spec.points:
        _last_valid = (spec.points, *key)
    return checked


def _task(spec: DataSpec) -> tuple[str, int]:
    if spec.task == "regression":
        return "regression", 0
    return "classification", checks.check_int(spec.classes, "classes", 2, 10)


def _arrays(spec: DataSpec) -> tuple[np.ndarray, np.ndarray]:
    pts = np.array([p[:2] for p in spec.points], dtype=np.float64).reshape(-1, 2)
    labels = np.array([p[2] for p in spec.points], dtype=np.float64)
    return pts, labels


def _trainable_task(spec: DataSpec) -> tuple[str, int]:
    """(task, n_classes) of checked points; DataError while there are too few to train on."""
    task = _task(spec)
    if len(spec.points) < MIN_POINTS:
        raise DataError(f"data.points: draw at least {MIN_POINTS} points to train on (there are {len(spec.points)})")
    return task


def task_custom(spec: DataSpec) -> tuple[str, int]:
    """(task, n_classes) of the drawn points; DataError while there are too few to train on."""
    return _trainable_task(_checked(spec))


def load_custom(spec: DataSpec) -> Dataset:
    """Split and feature-expand the drawn points; the same spec always gives the same arrays."""
    spec = _checked(spec)
    task, n_classes = _trainable_task(spec)
    features = check_features(spec.features)
    fraction = checks.check_fraction(spec.train_fraction)
    pts, labels = _arrays(spec)
    train, test = stable_split(pts, checks.check_seed(spec.seed), fraction)
    return plane_dataset(pts, labels, train, test, features, task, n_classes)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser on uint64 values (wrapping arithmetic)."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def stable_split(pts: np.ndarray, seed: int, fraction: float) -> tuple[np.ndarray, np.ndarray]:
    """Train and test indices: ``train_count(n, fraction)`` points by a seeded hash of each point's place.

    Unlike a shuffle of ``range(n)``, adding or erasing one point moves at most one other
    point between the training and the test set, so drawn points keep their role.
    """
    n = len(pts)
    grid = np.round(np.asarray(pts, dtype=np.float64) * 1000.0).astype(np.int64).view(np.uint64).reshape(n, 2)
    key = _mix(np.full(n, seed, dtype=np.uint64) + np.uint64(0x9E3779B97F4A7C15))
    key = _mix(key ^ grid[:, 0])
    key = _mix(key ^ grid[:, 1])
    order = np.argsort(key, kind="stable")
    cut = train_count(n, fraction)
    return np.sort(order[:cut]), np.sort(order[cut:])


def preview_custom(spec: DataSpec) -> Dataset | None:
    """Every valid drawn point as training data, however few (for drawing on the plane), or None.

    None when ``spec`` is not a custom set or its points are invalid; nothing is shuffled.
    """
    if spec.dataset not in catalog.CUSTOM_2D:
        return None
    try:
        spec = _checked(spec)
        task, n_classes = _task(spec)
        features = check_features(spec.features)
    except DataError:
        return None
    pts, labels = _arrays(spec)
    return plane_dataset(pts, labels, np.arange(len(pts)), np.arange(0), features, task, n_classes)


def points_of(dataset: Dataset, decimals: int = 3) -> tuple[tuple[float, float, float], ...]:
    """A 2-D data set's points (training, then test) as custom points, for editing them by hand.

    Coordinates are rounded to ``decimals`` and clamped into the plane; at most
    MAX_POINTS are kept. Classes stay whole numbers, targets are rounded to 4 decimals.
    """
    if dataset.raw_train is None or dataset.raw_test is None:
        raise DataError("only a data set of 2-D points can be copied into drawn points")
    half = catalog.PLANE_HALF_WIDTH
    pts = np.concatenate([dataset.raw_train, dataset.raw_test]).astype(np.float64)[: catalog.MAX_POINTS]
    pts = np.clip(np.round(pts, decimals), -half, half)
    labels = np.concatenate([dataset.y_train, dataset.y_test])[: catalog.MAX_POINTS]
    if dataset.task == "regression":
        values: list[float | int] = [round(float(v), 4) for v in labels]
    else:
        values = [int(v) for v in labels]
    return tuple((float(a), float(b), v) for (a, b), v in zip(pts, values, strict=True))
