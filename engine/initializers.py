"""Weight initializers: host float32 arrays drawn from a seeded NumPy generator.

Values are drawn in float64 and then rounded to float32, as Keras-style references do, so
a given seed gives the same weights on every backend (the network copies them to the
device afterwards). ``fan_in``/``fan_out`` are the number of inputs/outputs of one unit
(kernel area times channels for convolutions); ``scale`` is the a of U(-a, a) and the
sigma of N(0, sigma) for the plain ``uniform`` and ``normal`` initializers.

The normal initializers are plain (not truncated) normal distributions.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

Rng = np.random.Generator
Shape = tuple[int, ...]
Initializer = Callable[[Rng, Shape, int, int, float], np.ndarray]


def _uniform(rng: Rng, shape: Shape, limit: float) -> np.ndarray:
    return rng.uniform(-limit, limit, size=shape).astype(np.float32)


def _normal(rng: Rng, shape: Shape, std: float) -> np.ndarray:
    return rng.normal(0.0, std, size=shape).astype(np.float32)


def glorot_uniform(rng: Rng, shape: Shape, fan_in: int, fan_out: int, scale: float) -> np.ndarray:
    """U(-l, l) with l = sqrt(6 / (fan_in + fan_out))."""
    return _uniform(rng, shape, math.sqrt(6.0 / max(fan_in + fan_out, 1)))


def glorot_normal(rng: Rng, shape: Shape, fan_in: int, fan_out: int, scale: float) -> np.ndarray:
    """N(0, s) with s = sqrt(2 / (fan_in + fan_out)) (plain normal, not truncated)."""
    return _normal(rng, shape, math.sqrt(2.0 / max(fan_in + fan_out, 1)))


def he_uniform(rng: Rng, shape: Shape, fan_in: int, fan_out: int, scale: float) -> np.ndarray:
    """U(-l, l) with l = sqrt(6 / fan_in)."""
    return _uniform(rng, shape, math.sqrt(6.0 / max(fan_in, 1)))


def he_normal(rng: Rng, shape: Shape, fan_in: int, fan_out: int, scale: float) -> np.ndarray:
    """N(0, s) with s = sqrt(2 / fan_in) (plain normal, not truncated)."""
    return _normal(rng, shape, math.sqrt(2.0 / max(fan_in, 1)))


def uniform(rng: Rng, shape: Shape, fan_in: int, fan_out: int, scale: float) -> np.ndarray:
    """U(-scale, scale)."""
    return _uniform(rng, shape, float(scale))


def normal(rng: Rng, shape: Shape, fan_in: int, fan_out: int, scale: float) -> np.ndarray:
    """N(0, scale)."""
    return _normal(rng, shape, float(scale))


def zeros(rng: Rng, shape: Shape, fan_in: int, fan_out: int, scale: float) -> np.ndarray:
    """All zeros (draws nothing from the generator)."""
    return np.zeros(shape, dtype=np.float32)


INITIALIZER_FUNCTIONS: dict[str, Initializer] = {
    f.__name__: f for f in (glorot_uniform, glorot_normal, he_uniform, he_normal, uniform, normal, zeros)
}


def initialize(
    name: str, rng: np.random.Generator, shape: tuple[int, ...], fan_in: int, fan_out: int, scale: float
) -> np.ndarray:
    """A float32 host array of ``shape`` drawn by the catalog initializer ``name``.

    A fan of zero is treated as one so that degenerate shapes never divide by zero.
    """
    try:
        f = INITIALIZER_FUNCTIONS[name]
    except KeyError:
        raise ValueError(f"unknown initializer {name!r}") from None
    return f(rng, tuple(shape), int(fan_in), int(fan_out), scale)
