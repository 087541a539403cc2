"""Checks of the DataSpec fields a loader relies on (specs built in code skip the design validator)."""

from __future__ import annotations

import math
from numbers import Integral, Real

from engine import catalog
from engine.errors import DataError


def check_int(value: object, name: str, lo: int, hi: int) -> int:
    """``value`` as an int within ``lo..hi``, or DataError naming the field."""
    if isinstance(value, bool) or not isinstance(value, Integral) or not lo <= int(value) <= hi:
        raise DataError(f"data.{name} must be a whole number from {lo} to {hi}, got {value!r}")
    return int(value)


def check_float(value: object, name: str, lo: float, hi: float) -> float:
    """``value`` as a finite float within ``lo..hi``, or DataError naming the field."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(float(value)):
        raise DataError(f"data.{name} must be a number, got {value!r}")
    if not lo <= float(value) <= hi:
        raise DataError(f"data.{name} must be between {lo:g} and {hi:g}, got {float(value):g}")
    return float(value)


def check_seed(value: object) -> int:
    """The data seed as a non-negative int."""
    return check_int(value, "seed", 0, 2**64 - 1)


def check_fraction(value: object) -> float:
    """The train fraction, strictly between 0 and 1."""
    return check_float(value, "train_fraction", 0.01, 0.99)


def check_samples(value: object) -> int:
    """The number of generated points."""
    return check_int(value, "samples", 4, catalog.MAX_SAMPLES)


def check_limit(value: object, name: str) -> int | None:
    """An optional image-count limit."""
    return None if value is None else check_int(value, name, 1, catalog.MAX_SAMPLES)
