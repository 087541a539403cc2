"""Activation functions, each a forward function paired with its derivative.

``f(xp, x, a)`` gives the output; ``df(xp, x, y, a)`` gives the element-wise derivative
dy/dx from the input ``x`` and the output ``y``; ``a`` is the slope/scale option
(leaky ReLU, ELU, PReLU's learned slope). Softmax is not element-wise, so an activation
backpropagates through :meth:`Activation.backward`, which softmax overrides.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Array = Any

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


@dataclass(frozen=True)
class Activation:
    """A named activation: forward ``f``, element-wise derivative ``df``, output range."""

    name: str
    f: Callable[[Any, Array, Any], Array]
    df: Callable[[Any, Array, Array, Any], Array]
    output_range: tuple[float, float]
    trainable_by_gradient: bool = True

    def backward(self, xp: Any, x: Array, y: Array, dy: Array, a: Any) -> Array:
        """dL/dx from dL/dy (a vector-Jacobian product)."""
        if self.name == "softmax":
            # J^T dy for y = softmax(x) along the last axis: y * (dy - <dy, y>)
            return y * (dy - (dy * y).sum(axis=-1, keepdims=True))
        return dy * self.df(xp, x, y, a)


def _sigmoid(xp: Any, x: Array, a: Any) -> Array:
    # split by sign so exp never overflows
    e = xp.exp(-xp.abs(x))
    return xp.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(x.dtype, copy=False)


def _softmax(xp: Any, x: Array, a: Any) -> Array:
    z = x - x.max(axis=-1, keepdims=True)
    e = xp.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _gelu(xp: Any, x: Array, a: Any) -> Array:
    # the tanh approximation of GELU (as in GPT-2 and PyTorch approximate="tanh")
    return 0.5 * x * (1.0 + xp.tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x**3)))


def _gelu_d(xp: Any, x: Array, y: Array, a: Any) -> Array:
    u = _SQRT_2_OVER_PI * (x + 0.044715 * x**3)
    t = xp.tanh(u)
    du = _SQRT_2_OVER_PI * (1.0 + 3 * 0.044715 * x**2)
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du


def _softplus(xp: Any, x: Array, a: Any) -> Array:
    # log(1 + e^x) computed without overflow
    return xp.maximum(x, 0) + xp.log1p(xp.exp(-xp.abs(x)))


def _silu(xp: Any, x: Array, a: Any) -> Array:
    return x * _sigmoid(xp, x, a)


def _silu_d(xp: Any, x: Array, y: Array, a: Any) -> Array:
    s = _sigmoid(xp, x, a)
    return s * (1.0 + x * (1.0 - s))


def _elu(xp: Any, x: Array, a: Any) -> Array:
    return xp.where(x > 0, x, a * xp.expm1(xp.minimum(x, 0)))


def _leaky(xp: Any, x: Array, a: Any) -> Array:
    return xp.where(x > 0, x, a * x)


def _leaky_d(xp: Any, x: Array, y: Array, a: Any) -> Array:
    return xp.where(x > 0, 1.0, a).astype(x.dtype, copy=False)


INF = float("inf")

ACTIVATION_FUNCTIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("linear", lambda xp, x, a: x, lambda xp, x, y, a: xp.ones_like(x), (-INF, INF)),
        Activation(
            "step",
            lambda xp, x, a: (x > 0).astype(x.dtype),
            # zero almost everywhere: gradient descent honestly cannot learn through it
            lambda xp, x, y, a: xp.zeros_like(x),
            (0.0, 1.0),
            trainable_by_gradient=False,
        ),
        Activation("sigmoid", _sigmoid, lambda xp, x, y, a: y * (1.0 - y), (0.0, 1.0)),
        Activation("tanh", lambda xp, x, a: xp.tanh(x), lambda xp, x, y, a: 1.0 - y * y, (-1.0, 1.0)),
        Activation(
            "relu",
            lambda xp, x, a: xp.maximum(x, 0),
            lambda xp, x, y, a: (x > 0).astype(x.dtype),
            (0.0, INF),
        ),
        Activation("leaky_relu", _leaky, _leaky_d, (-INF, INF)),
        # PReLU: the slope ``a`` is a learned parameter array (one per unit or channel)
        Activation("prelu", _leaky, _leaky_d, (-INF, INF)),
        Activation(
            "elu", _elu,
            lambda xp, x, y, a: xp.where(x > 0, 1.0, y + a).astype(x.dtype, copy=False),
            (-INF, INF),
        ),
        Activation("softmax", _softmax, lambda xp, x, y, a: y * (1.0 - y), (0.0, 1.0)),
        Activation("gelu", _gelu, _gelu_d, (-0.17, INF)),
        Activation("silu", _silu, _silu_d, (-0.28, INF)),
        Activation("softplus", _softplus, lambda xp, x, y, a: _sigmoid(xp, x, a), (0.0, INF)),
    )
}

# Default value of the ``alpha`` option per activation when the design leaves it out.
DEFAULT_ALPHA = {"leaky_relu": 0.01, "prelu": 0.25, "elu": 1.0}


def get_activation(name: str) -> Activation:
    return ACTIVATION_FUNCTIONS[name]
