"""Loss functions, each a value paired with its gradient, plus two fused output losses.

``value(xp, y, t, delta)`` is the mean loss over the batch as a Python float;
``grad(xp, y, t, delta)`` is dL/dy with the same shape as ``y``, already divided by the
count the value averages over. ``y`` (the network output) and ``t`` (the target) are 2-D
``(N, K)``; ``delta`` is the Huber threshold (``TrainSpec.huber_delta``), ignored by the
others. Every function keeps the dtype of ``y`` (float32 in training, float64 in the
gradient checks) and works with NumPy or CuPy arrays.

Conventions follow Keras: the regression losses and binary cross-entropy average over all
elements, categorical cross-entropy sums over classes and averages over the batch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Array = Any

# Probabilities are clipped to [CLIP, 1 - CLIP] before taking logs (the Keras epsilon).
CLIP = 1e-7


@dataclass(frozen=True)
class Loss:
    """A named loss: ``value`` (mean loss, a float) and ``grad`` (dL/dy)."""

    name: str
    value: Callable[[Any, Array, Array, float], float]
    grad: Callable[[Any, Array, Array, float], Array]


# ---------------------------------------------------------------- regression losses


def _mse(xp: Any, y: Array, t: Array, delta: float) -> float:
    """mean((y - t)^2) over all elements."""
    e = y - t
    return float((e * e).mean())


def _mse_grad(xp: Any, y: Array, t: Array, delta: float) -> Array:
    """2 (y - t) / y.size."""
    return (y - t) * (2.0 / y.size)


def _mae(xp: Any, y: Array, t: Array, delta: float) -> float:
    """mean(|y - t|) over all elements."""
    return float(xp.abs(y - t).mean())


def _mae_grad(xp: Any, y: Array, t: Array, delta: float) -> Array:
    """sign(y - t) / y.size (0 where y == t)."""
    return xp.sign(y - t) * (1.0 / y.size)


def _huber(xp: Any, y: Array, t: Array, delta: float) -> float:
    """mean of 0.5 e^2 where |e| <= delta, else delta (|e| - 0.5 delta); e = y - t."""
    a = xp.abs(y - t)
    q = xp.minimum(a, delta)  # the quadratic part; the rest (a - q) is linear
    return float((0.5 * q * q + delta * (a - q)).mean())


def _huber_grad(xp: Any, y: Array, t: Array, delta: float) -> Array:
    """clip(e, -delta, delta) / y.size."""
    return xp.clip(y - t, -delta, delta) * (1.0 / y.size)


# ---------------------------------------------------------------- cross-entropies on probabilities


def _clip(xp: Any, y: Array) -> Array:
    return xp.clip(y, CLIP, 1.0 - CLIP)


def _bce(xp: Any, y: Array, t: Array, delta: float) -> float:
    """mean of -(t log y + (1 - t) log(1 - y)) over all elements, y clipped to [1e-7, 1 - 1e-7]."""
    p = _clip(xp, y)
    return float(-(t * xp.log(p) + (1.0 - t) * xp.log1p(-p)).mean())


def _bce_grad(xp: Any, y: Array, t: Array, delta: float) -> Array:
    """(p - t) / (p (1 - p)) / y.size with p = clip(y).

    The derivative is taken at the clipped value and passed straight through the clip,
    so an output that saturated at exactly 0 or 1 still gets a (large) gradient.
    """
    p = _clip(xp, y)
    return (p - t) / (p * (1.0 - p)) * (1.0 / y.size)


def _cce(xp: Any, y: Array, t: Array, delta: float) -> float:
    """mean over the batch of -sum_k t_k log y_k, y clipped to [1e-7, 1 - 1e-7]."""
    p = _clip(xp, y)
    return float(-(t * xp.log(p)).sum() / y.shape[0])


def _cce_grad(xp: Any, y: Array, t: Array, delta: float) -> Array:
    """-t / p / N with p = clip(y) (passed straight through the clip, as for BCE)."""
    return t / _clip(xp, y) * (-1.0 / y.shape[0])


LOSS_FUNCTIONS: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss("mse", _mse, _mse_grad),
        Loss("mae", _mae, _mae_grad),
        Loss("huber", _huber, _huber_grad),
        Loss("binary_crossentropy", _bce, _bce_grad),
        Loss("categorical_crossentropy", _cce, _cce_grad),
    )
}


def get_loss(name: str) -> Loss:
    return LOSS_FUNCTIONS[name]


# ---------------------------------------------------------------- fused losses on logits


def softmax_cross_entropy_from_logits(xp: Any, z: Array, t: Array) -> tuple[float, Array]:
    """Softmax followed by categorical cross-entropy, fused and numerically stable.

    loss = mean over the batch of -sum_k t_k log softmax(z)_k
         = mean over the batch of sum_k t_k (logsumexp(z) - z_k)
    dL/dz = (softmax(z) sum_k t_k - t) / N, which is (softmax(z) - t) / N when each row of
    ``t`` sums to one (one-hot or probability targets). Shifting by the row maximum keeps
    every exponent <= 0, so logits of any size give finite results.
    """
    n = z.shape[0]
    s = z - z.max(axis=1, keepdims=True)
    e = xp.exp(s)
    total = e.sum(axis=1, keepdims=True)
    log_softmax = s - xp.log(total)
    loss = float(-(t * log_softmax).sum() / n)
    grad = e / total * t.sum(axis=1, keepdims=True)
    grad -= t
    grad *= 1.0 / n
    return loss, grad


def sigmoid_binary_cross_entropy_from_logits(xp: Any, z: Array, t: Array) -> tuple[float, Array]:
    """Sigmoid followed by binary cross-entropy, fused and numerically stable.

    loss = mean(max(z, 0) - z t + log1p(exp(-|z|))) over all elements
    dL/dz = (sigmoid(z) - t) / z.size
    """
    a = xp.exp(-xp.abs(z))  # in (0, 1]: never overflows
    loss = float((xp.maximum(z, 0) - z * t + xp.log1p(a)).mean())
    # sigmoid split by sign: 1 / (1 + e^-z) for z >= 0, e^z / (1 + e^z) otherwise
    sig = xp.where(z >= 0, 1.0, a) / (1.0 + a)
    grad = (sig - t) * (1.0 / z.size)
    return loss, grad.astype(z.dtype, copy=False)
