"""Losses: values against hand formulas, finite-difference gradients, the fused losses."""

from __future__ import annotations

import numpy as np
import pytest

from engine import catalog
from engine.losses import (
    LOSS_FUNCTIONS,
    get_loss,
    sigmoid_binary_cross_entropy_from_logits,
    softmax_cross_entropy_from_logits,
)

xp = np


def _softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _numeric_grad(f, y, h=1e-6):
    """Central differences of the scalar function f at every entry of y (float64)."""
    g = np.zeros_like(y)
    for idx in np.ndindex(*y.shape):
        old = y[idx]
        y[idx] = old + h
        up = f(y)
        y[idx] = old - h
        down = f(y)
        y[idx] = old
        g[idx] = (up - down) / (2 * h)
    return g


def _case(name, rng, n=5, k=3):
    """Outputs and targets (float64) in the domain of each loss, away from kinks and clips."""
    if name == "binary_crossentropy":
        return rng.uniform(0.05, 0.95, (n, k)), rng.integers(0, 2, (n, k)).astype(np.float64)
    if name == "categorical_crossentropy":
        return _softmax(rng.normal(size=(n, k))), np.eye(k)[rng.integers(0, k, n)]
    y = rng.normal(size=(n, k)) * 2.0
    t = rng.normal(size=(n, k))
    # keep |e| away from 0 (mae kink) and from delta (huber seam)
    e = y - t
    e = np.where(np.abs(e) < 0.05, 0.3, e)
    e = np.where(np.abs(np.abs(e) - 1.0) < 0.05, 1.3 * np.sign(e), e)
    return t + e, t


def test_registry_matches_catalog():
    assert tuple(LOSS_FUNCTIONS) == catalog.LOSSES
    for name in catalog.LOSSES:
        assert get_loss(name).name == name


@pytest.mark.parametrize("name", catalog.LOSSES)
def test_gradient_matches_finite_differences(name):
    rng = np.random.default_rng(3)
    y, t = _case(name, rng)
    loss = LOSS_FUNCTIONS[name]
    delta = 1.0
    analytic = loss.grad(xp, y, t, delta)
    assert analytic.shape == y.shape
    numeric = _numeric_grad(lambda v: loss.value(xp, v, t, delta), y.copy())
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("name", catalog.LOSSES)
def test_value_is_python_float_and_float32_kept(name):
    rng = np.random.default_rng(4)
    y, t = _case(name, rng)
    y32, t32 = y.astype(np.float32), t.astype(np.float32)
    loss = LOSS_FUNCTIONS[name]
    v = loss.value(xp, y32, t32, 1.0)
    assert type(v) is float
    assert loss.grad(xp, y32, t32, 1.0).dtype == np.float32
    assert v == pytest.approx(loss.value(xp, y, t, 1.0), rel=1e-5)


def test_values_against_hand_numbers():
    y = np.array([[0.5, 2.0], [-1.0, 0.0]])
    t = np.array([[0.0, 0.0], [0.0, 0.0]])
    assert LOSS_FUNCTIONS["mse"].value(xp, y, t, 1.0) == pytest.approx((0.25 + 4 + 1 + 0) / 4)
    assert LOSS_FUNCTIONS["mae"].value(xp, y, t, 1.0) == pytest.approx((0.5 + 2 + 1 + 0) / 4)
    # huber, delta = 1: 0.5*0.25, 1*(2-0.5), 0.5*1, 0
    assert LOSS_FUNCTIONS["huber"].value(xp, y, t, 1.0) == pytest.approx((0.125 + 1.5 + 0.5 + 0) / 4)
    # huber, delta = 0.5: 0.5*0.25, 0.5*(2-0.25), 0.5*(1-0.25), 0
    assert LOSS_FUNCTIONS["huber"].value(xp, y, t, 0.5) == pytest.approx((0.125 + 0.875 + 0.375) / 4)
    p = np.array([[0.8, 0.2]])
    tt = np.array([[1.0, 0.0]])
    assert LOSS_FUNCTIONS["binary_crossentropy"].value(xp, p, tt, 1.0) == pytest.approx(-np.log(0.8))
    assert LOSS_FUNCTIONS["categorical_crossentropy"].value(xp, p, tt, 1.0) == pytest.approx(-np.log(0.8))
    # categorical: mean over the batch, sum over classes
    p2 = np.array([[0.8, 0.2], [0.25, 0.75]])
    t2 = np.array([[1.0, 0.0], [1.0, 0.0]])
    want = (-np.log(0.8) - np.log(0.25)) / 2
    assert LOSS_FUNCTIONS["categorical_crossentropy"].value(xp, p2, t2, 1.0) == pytest.approx(want)


def test_mae_and_huber_gradients_at_kinks():
    y = np.array([[1.0, 2.0, 0.0, -3.0]])
    t = np.array([[1.0, 0.0, 0.5, 0.0]])
    np.testing.assert_array_equal(LOSS_FUNCTIONS["mae"].grad(xp, y, t, 1.0), [[0.0, 0.25, -0.25, -0.25]])
    np.testing.assert_allclose(LOSS_FUNCTIONS["huber"].grad(xp, y, t, 1.0), [[0.0, 0.25, -0.125, -0.25]])


@pytest.mark.parametrize("name", ["binary_crossentropy", "categorical_crossentropy"])
def test_crossentropy_clips_saturated_probabilities(name):
    y = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
    t = np.array([[1.0, 0.0], [1.0, 0.0]], dtype=np.float32)
    loss = LOSS_FUNCTIONS[name]
    v = loss.value(xp, y, t, 1.0)
    g = loss.grad(xp, y, t, 1.0)
    assert np.isfinite(v) and v > 1.0
    assert np.all(np.isfinite(g))
    # the wrong, saturated prediction still gets pushed towards the target
    assert g[0, 0] < 0


# ---------------------------------------------------------------- fused losses


def _soft_targets(rng, n, k):
    return _softmax(rng.normal(size=(n, k)))


@pytest.mark.parametrize("targets", ["onehot", "soft", "unnormalised"])
def test_softmax_ce_gradient_matches_finite_differences(targets):
    rng = np.random.default_rng(7)
    n, k = 4, 5
    z = rng.normal(size=(n, k)) * 3
    t = {
        "onehot": np.eye(k)[rng.integers(0, k, n)],
        "soft": _soft_targets(rng, n, k),
        "unnormalised": rng.uniform(0, 2, (n, k)),
    }[targets]
    value, grad = softmax_cross_entropy_from_logits(xp, z, t)
    assert type(value) is float
    numeric = _numeric_grad(lambda v: softmax_cross_entropy_from_logits(xp, v, t)[0], z.copy())
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-8)
    if targets != "unnormalised":
        np.testing.assert_allclose(grad, (_softmax(z) - t) / n, rtol=1e-12, atol=1e-15)


def test_sigmoid_bce_gradient_matches_finite_differences():
    rng = np.random.default_rng(8)
    z = rng.normal(size=(6, 2)) * 3
    t = rng.uniform(0, 1, (6, 2))
    value, grad = sigmoid_binary_cross_entropy_from_logits(xp, z, t)
    assert type(value) is float
    numeric = _numeric_grad(lambda v: sigmoid_binary_cross_entropy_from_logits(xp, v, t)[0], z.copy())
    np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-8)
    np.testing.assert_allclose(grad, (_sigmoid(z) - t) / z.size, rtol=1e-12)


def test_softmax_ce_equals_softmax_then_categorical_crossentropy():
    rng = np.random.default_rng(9)
    n, k = 8, 4
    z = rng.normal(size=(n, k))
    t = np.eye(k)[rng.integers(0, k, n)]
    value, grad = softmax_cross_entropy_from_logits(xp, z, t)
    y = _softmax(z)
    cce = LOSS_FUNCTIONS["categorical_crossentropy"]
    assert value == pytest.approx(cce.value(xp, y, t, 1.0), rel=1e-10)
    dy = cce.grad(xp, y, t, 1.0)
    dz = y * (dy - (dy * y).sum(axis=1, keepdims=True))  # softmax's vector-Jacobian product
    np.testing.assert_allclose(grad, dz, rtol=1e-9, atol=1e-14)


def test_sigmoid_bce_equals_sigmoid_then_binary_crossentropy():
    rng = np.random.default_rng(10)
    z = rng.normal(size=(8, 3)) * 2
    t = rng.integers(0, 2, (8, 3)).astype(np.float64)
    value, grad = sigmoid_binary_cross_entropy_from_logits(xp, z, t)
    y = _sigmoid(z)
    bce = LOSS_FUNCTIONS["binary_crossentropy"]
    assert value == pytest.approx(bce.value(xp, y, t, 1.0), rel=1e-10)
    dz = bce.grad(xp, y, t, 1.0) * y * (1 - y)
    np.testing.assert_allclose(grad, dz, rtol=1e-8, atol=1e-14)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fused_losses_are_stable_for_huge_logits(dtype):
    z = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, 1e4], [3e4, 3e4, -3e4]], dtype=dtype)
    t = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], dtype=dtype)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value, grad = softmax_cross_entropy_from_logits(xp, z, t)
    assert np.isfinite(value) and np.all(np.isfinite(grad))
    # row 1 right (0), row 2 wrong by 2e4, row 3 a tie of two (log 2)
    assert value == pytest.approx((0.0 + 2e4 + np.log(2)) / 3, rel=1e-6)
    np.testing.assert_allclose(grad[1], np.array([-1.0, 0.0, 1.0]) / 3, atol=1e-7)
    assert grad.dtype == dtype
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value, grad = sigmoid_binary_cross_entropy_from_logits(xp, z, t)
    assert np.isfinite(value) and np.all(np.isfinite(grad))
    # per element: z>0,t=1 -> 0 ; z<0,t=0 -> 0 ; otherwise |z| (or log 2 at z = 0)
    want = np.array([[0, 0, np.log(2)], [1e4, 0, 1e4], [3e4, 0, 0]]).mean()
    assert value == pytest.approx(want, rel=1e-6)
    assert grad.dtype == dtype
    np.testing.assert_allclose(grad * z.size, _sigmoid_stable(z.astype(np.float64)) - t, atol=1e-6)


def _sigmoid_stable(z):
    return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))


def test_fused_losses_against_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(11)
    z = rng.normal(size=(6, 4)) * 5
    labels = rng.integers(0, 4, 6)
    t = np.eye(4)[labels]
    zt = torch.tensor(z, requires_grad=True)
    ref = torch.nn.functional.cross_entropy(zt, torch.tensor(labels))
    ref.backward()
    value, grad = softmax_cross_entropy_from_logits(xp, z, t)
    assert value == pytest.approx(ref.item(), rel=1e-10)
    np.testing.assert_allclose(grad, zt.grad.numpy(), rtol=1e-10, atol=1e-14)

    tb = rng.integers(0, 2, (6, 4)).astype(np.float64)
    zt = torch.tensor(z, requires_grad=True)
    ref = torch.nn.functional.binary_cross_entropy_with_logits(zt, torch.tensor(tb))
    ref.backward()
    value, grad = sigmoid_binary_cross_entropy_from_logits(xp, z, tb)
    assert value == pytest.approx(ref.item(), rel=1e-10)
    np.testing.assert_allclose(grad, zt.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_regression_losses_against_torch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(12)
    y = rng.normal(size=(7, 3)) * 2
    t = rng.normal(size=(7, 3))
    f = torch.nn.functional
    refs = {
        "mse": lambda a, b: f.mse_loss(a, b),
        "mae": lambda a, b: f.l1_loss(a, b),
        "huber": lambda a, b: f.huber_loss(a, b, delta=0.7),
    }
    for name, ref_fn in refs.items():
        yt = torch.tensor(y, requires_grad=True)
        ref = ref_fn(yt, torch.tensor(t))
        ref.backward()
        loss = LOSS_FUNCTIONS[name]
        assert loss.value(xp, y, t, 0.7) == pytest.approx(ref.item(), rel=1e-12), name
        np.testing.assert_allclose(loss.grad(xp, y, t, 0.7), yt.grad.numpy(), rtol=1e-12, err_msg=name)


def test_fused_softmax_ce_is_finite_at_any_scale():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=60, deadline=None)
    @hypothesis.given(
        seed=st.integers(0, 2**32 - 1), log_scale=st.floats(-3, 6), n=st.integers(1, 6), k=st.integers(2, 6)
    )
    def check(seed, log_scale, n, k):
        rng = np.random.default_rng(seed)
        z = (rng.normal(size=(n, k)) * 10.0**log_scale).astype(np.float32)
        t = np.eye(k, dtype=np.float32)[rng.integers(0, k, n)]
        value, grad = softmax_cross_entropy_from_logits(xp, z, t)
        assert np.isfinite(value) and value >= 0
        assert grad.dtype == np.float32 and np.all(np.isfinite(grad))
        # each row of softmax - onehot sums to zero
        np.testing.assert_allclose(grad.sum(axis=1), 0.0, atol=1e-6)
        value, grad = sigmoid_binary_cross_entropy_from_logits(xp, z, t)
        assert np.isfinite(value) and value >= 0 and np.all(np.isfinite(grad))
        assert np.all(np.abs(grad) <= 1.0 / z.size * (1 + 1e-6))

    check()
