"""Initializers: names, dtype, bounds, spread, determinism."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import catalog
from engine.initializers import INITIALIZER_FUNCTIONS, initialize

FAN_IN, FAN_OUT, SCALE = 300, 100, 0.3
SHAPE = (400, 500)  # 200,000 draws: the sample std is within ~0.2% of the true one

UNIFORM_LIMITS = {
    "glorot_uniform": math.sqrt(6 / (FAN_IN + FAN_OUT)),
    "he_uniform": math.sqrt(6 / FAN_IN),
    "uniform": SCALE,
}
NORMAL_STDS = {
    "glorot_normal": math.sqrt(2 / (FAN_IN + FAN_OUT)),
    "he_normal": math.sqrt(2 / FAN_IN),
    "normal": SCALE,
}


def _draw(name, seed=0, shape=SHAPE):
    return initialize(name, np.random.default_rng(seed), shape, FAN_IN, FAN_OUT, SCALE)


def test_registry_matches_catalog():
    assert tuple(INITIALIZER_FUNCTIONS) == catalog.INITIALIZERS
    assert set(UNIFORM_LIMITS) | set(NORMAL_STDS) | {"zeros"} == set(catalog.INITIALIZERS)
    with pytest.raises(ValueError):
        _draw("orthogonal")


@pytest.mark.parametrize("name", catalog.INITIALIZERS)
def test_shape_and_dtype(name):
    w = _draw(name, shape=(3, 4, 5))
    assert isinstance(w, np.ndarray)
    assert w.shape == (3, 4, 5) and w.dtype == np.float32


@pytest.mark.parametrize("name", sorted(UNIFORM_LIMITS))
def test_uniform_bounds_and_spread(name):
    limit = UNIFORM_LIMITS[name]
    w = _draw(name)
    assert np.all(np.abs(w) <= np.float32(limit))
    # the draws fill the interval: extremes near both ends, std of U(-l, l) is l / sqrt(3)
    assert w.max() > 0.99 * limit and w.min() < -0.99 * limit
    assert w.std() == pytest.approx(limit / math.sqrt(3), rel=0.05)
    assert abs(w.mean()) < 0.01 * limit


@pytest.mark.parametrize("name", sorted(NORMAL_STDS))
def test_normal_std(name):
    std = NORMAL_STDS[name]
    w = _draw(name)
    assert w.std() == pytest.approx(std, rel=0.05)
    assert abs(w.mean()) < 0.01 * std
    # plain, not truncated: values beyond two standard deviations occur (~4.6% of them)
    assert np.mean(np.abs(w) > 2 * std) == pytest.approx(0.0455, abs=0.005)


def test_zeros():
    w = _draw("zeros")
    assert not np.any(w)
    # draws nothing: the generator is left untouched
    rng = np.random.default_rng(5)
    initialize("zeros", rng, (10,), FAN_IN, FAN_OUT, SCALE)
    assert rng.random() == np.random.default_rng(5).random()


@pytest.mark.parametrize("name", catalog.INITIALIZERS)
def test_deterministic_for_a_fixed_seed(name):
    a = _draw(name, seed=42, shape=(20, 30))
    b = _draw(name, seed=42, shape=(20, 30))
    np.testing.assert_array_equal(a, b)
    if name != "zeros":
        c = _draw(name, seed=43, shape=(20, 30))
        assert not np.array_equal(a, c)


def test_drawn_in_float64_then_rounded():
    rng = np.random.default_rng(7)
    want = rng.uniform(-0.3, 0.3, size=(5, 5)).astype(np.float32)
    np.testing.assert_array_equal(_draw("uniform", seed=7, shape=(5, 5)), want)
    rng = np.random.default_rng(7)
    want = rng.normal(0.0, math.sqrt(2 / FAN_IN), size=(5, 5)).astype(np.float32)
    np.testing.assert_array_equal(_draw("he_normal", seed=7, shape=(5, 5)), want)


def test_scale_only_affects_plain_initializers():
    rng_a, rng_b = np.random.default_rng(1), np.random.default_rng(1)
    a = initialize("glorot_uniform", rng_a, (10,), 3, 4, 0.1)
    b = initialize("glorot_uniform", rng_b, (10,), 3, 4, 5.0)
    np.testing.assert_array_equal(a, b)
    w = initialize("uniform", np.random.default_rng(1), (1000,), 3, 4, 2.0)
    assert np.abs(w).max() > 1.9


def test_zero_fan_does_not_divide_by_zero():
    w = initialize("he_normal", np.random.default_rng(0), (0, 4), 0, 0, 1.0)
    assert w.shape == (0, 4)
