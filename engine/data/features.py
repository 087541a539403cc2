"""Input features computed from 2-D points (the Playground's x1, x1^2, sin x1, ...)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from engine import catalog
from engine.errors import DataError

_FEATURES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "x1": lambda a, b: a,
    "x2": lambda a, b: b,
    "x1^2": lambda a, b: a * a,
    "x2^2": lambda a, b: b * b,
    "x1*x2": lambda a, b: a * b,
    "sin x1": lambda a, b: np.sin(a),
    "sin x2": lambda a, b: np.sin(b),
}


def check_features(features: Sequence[str]) -> tuple[str, ...]:
    """The feature names as a tuple, or DataError if one is unknown or repeated or none is given."""
    names = tuple(features)
    if not names:
        raise DataError("choose at least one input feature")
    for name in names:
        if name not in _FEATURES:
            raise DataError(f"unknown input feature {name!r}; expected one of: {', '.join(catalog.FEATURES)}")
    if len(set(names)) != len(names):
        raise DataError("an input feature is listed twice")
    return names


def expand_features(points: np.ndarray, features: Sequence[str]) -> np.ndarray:
    """Map ``(N, 2)`` points to ``(N, len(features))`` float32 columns, computed in float64."""
    names = check_features(features)
    pts = np.asarray(points, dtype=np.float64)
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise DataError(f"feature expansion needs (N, 2) points, got shape {pts.shape}")
    a, b = pts[:, 0], pts[:, 1]
    out = np.empty((pts.shape[0], len(names)), dtype=np.float32)
    for j, name in enumerate(names):
        out[:, j] = _FEATURES[name](a, b)
    return out
