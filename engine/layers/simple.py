"""Layers without weights of their own: Activation, Flatten, Dropout."""

from __future__ import annotations

from engine.layers.act import ActivationApplier, activation_params
from engine.layers.base import Array, BuildContext, Inferred, Layer, Shape
from engine.spec import LayerSpec


class ActivationLayer(Layer):
    type_name = "activation"

    @classmethod
    def infer(cls, spec: LayerSpec, in_shape: Shape) -> Inferred:
        size = 1
        for s in in_shape:
            size *= s
        return Inferred(in_shape, activation_params(spec, in_shape), activation_floats=2 * size)

    def __init__(self, spec: LayerSpec, in_shape: Shape, inferred: Inferred, ctx: BuildContext):
        super().__init__(spec, in_shape, inferred, ctx)
        self.act = ActivationApplier(spec, ctx.xp, channel_axis_first=len(in_shape) == 3)
        self.skip_activation_grad = False

    def bind(self) -> None:
        if "slope" in self.params:
            self.act.bind_slope(self.params["slope"], self.grads["slope"])

    @property
    def pre_activation(self) -> Array:
        return self.act.z

    def forward(self, x: Array, training: bool) -> Array:
        return self.act.forward(x)

    def backward(self, dy: Array) -> Array:
        return dy if self.skip_activation_grad else self.act.backward(dy)


class Flatten(Layer):
    """(C, N, H, W) images to (N, C*H*W) vectors, in C, H, W order (as PyTorch flattens)."""

    type_name = "flatten"

    @classmethod
    def infer(cls, spec: LayerSpec, in_shape: Shape) -> Inferred:
        size = 1
        for s in in_shape:
            size *= s
        return Inferred((size,))

    def forward(self, x: Array, training: bool) -> Array:
        if len(self.in_shape) == 1:
            return x
        c, n = x.shape[0], x.shape[1]
        # (C, N, H*W) -> (N, C, H*W) -> (N, C*H*W)
        return self.xp.ascontiguousarray(x.reshape(c, n, -1).transpose(1, 0, 2)).reshape(n, -1)

    def backward(self, dy: Array) -> Array:
        if len(self.in_shape) == 1:
            return dy
        c, h, w = self.in_shape
        n = dy.shape[0]
        return self.xp.ascontiguousarray(dy.reshape(n, c, h * w).transpose(1, 0, 2)).reshape(c, n, h, w)


class Dropout(Layer):
    """Inverted dropout: while training, zero a fraction ``rate`` and scale the rest by 1/(1-rate)."""

    type_name = "dropout"

    @classmethod
    def infer(cls, spec: LayerSpec, in_shape: Shape) -> Inferred:
        size = 1
        for s in in_shape:
            size *= s
        return Inferred(in_shape, activation_floats=size)

    def __init__(self, spec: LayerSpec, in_shape: Shape, inferred: Inferred, ctx: BuildContext):
        super().__init__(spec, in_shape, inferred, ctx)
        self.rate = float(spec.get("rate"))
        self.mask: Array | None = None

    def forward(self, x: Array, training: bool) -> Array:
        if not training or self.rate <= 0.0:
            self.mask = None
            return x
        keep = 1.0 - self.rate
        rnd = self.ctx.rng.random(x.shape, dtype=x.dtype)
        self.mask = (rnd < keep).astype(x.dtype) * x.dtype.type(1.0 / keep)
        return x * self.mask

    def backward(self, dy: Array) -> Array:
        return dy if self.mask is None else dy * self.mask
