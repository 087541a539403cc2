"""Applying an activation inside a layer, including PReLU's learned slope."""

from __future__ import annotations

from typing import Any

from engine.activations import DEFAULT_ALPHA, get_activation
from engine.layers.base import Array, ParamInfo, Shape, fail
from engine.spec import LayerSpec


def activation_alpha(spec: LayerSpec, name: str) -> float:
    """The slope/scale option, defaulting per activation (leaky 0.01, ELU 1.0, PReLU 0.25)."""
    if "alpha" in spec.options:
        return float(spec.options["alpha"])
    return DEFAULT_ALPHA.get(name, 0.01)


def activation_params(spec: LayerSpec, out_shape: Shape) -> dict[str, ParamInfo]:
    """PReLU owns one learned slope per unit (vectors) or per channel (images)."""
    name = spec.get("activation")
    if name == "softmax" and len(out_shape) != 1:
        raise fail(spec, "softmax needs a flat input (add Flatten and a Dense layer first)")
    if name != "prelu":
        return {}
    return {"slope": ParamInfo((out_shape[0],), "slope")}


class ActivationApplier:
    """Forward and backward of one activation over a layer's pre-activation ``z``.

    ``channel_axis_first`` is True for channel-major images (C, N, H, W), where PReLU's
    slope broadcasts as (C, 1, 1, 1); for vectors (N, F) it broadcasts along F.
    """

    def __init__(self, spec: LayerSpec, xp: Any, channel_axis_first: bool):
        self.name = spec.get("activation")
        self.fn = get_activation(self.name)
        self.alpha: Any = activation_alpha(spec, self.name)
        self.xp = xp
        self.channel_axis_first = channel_axis_first
        self.slope: Array | None = None  # PReLU parameter view
        self.slope_grad: Array | None = None
        self.z: Array | None = None
        self.y: Array | None = None

    def bind_slope(self, slope: Array, grad: Array) -> None:
        self.slope, self.slope_grad = slope, grad

    def _alpha(self) -> Any:
        if self.slope is None:
            return self.alpha
        if self.channel_axis_first:
            return self.slope.reshape(-1, 1, 1, 1)
        return self.slope

    def forward(self, z: Array) -> Array:
        self.z = z
        if self.name == "linear":
            self.y = z
        elif self.name == "tanh":
            self.y = self.xp.tanh(z)
        else:
            self.y = self.fn.f(self.xp, z, self._alpha())
        return self.y

    def backward(self, dy: Array) -> Array:
        """dL/dz from dL/dy; also fills the PReLU slope gradient."""
        z, y = self.z, self.y
        if self.name == "linear":
            return dy
        if self.name == "tanh":
            return dy * (1.0 - y * y)
        if self.name == "relu":
            return dy * (z > 0)
        if self.slope is not None:
            neg = self.xp.minimum(z, 0) * dy
            if self.channel_axis_first:
                self.slope_grad[...] = neg.sum(axis=(1, 2, 3))
            else:
                self.slope_grad[...] = neg.sum(axis=0)
        return self.fn.backward(self.xp, z, y, dy, self._alpha())
