"""Residual block: y = x + f(x), where f is the stack of layers inside the block."""

from __future__ import annotations

from engine.layers.base import Array, BuildContext, Inferred, Layer, Shape, fail, shape_text
from engine.spec import LayerSpec


class Residual(Layer):
    type_name = "residual"

    @classmethod
    def infer(cls, spec: LayerSpec, in_shape: Shape) -> Inferred:
        from engine.layers import infer_stack

        if not spec.children:
            raise fail(spec, "a Residual block needs at least one layer inside it")
        children, out_shape = infer_stack(spec.children, in_shape)
        if out_shape != in_shape:
            raise fail(
                spec,
                f"the layers inside the Residual block turn {shape_text(in_shape)} into "
                f"{shape_text(out_shape)}; a skip connection needs the same shape at both ends",
            )
        floats = sum(inf.activation_floats for _, _, inf in children)
        return Inferred(in_shape, children=children, activation_floats=floats)

    def __init__(self, spec: LayerSpec, in_shape: Shape, inferred: Inferred, ctx: BuildContext):
        from engine.layers import layer_class

        super().__init__(spec, in_shape, inferred, ctx)
        self.inner: list[Layer] = [
            layer_class(child.type)(child, shape, inf, ctx) for child, shape, inf in inferred.children
        ]

    def sublayers(self) -> list[Layer]:
        return self.inner

    def forward(self, x: Array, training: bool) -> Array:
        h = x
        for layer in self.inner:
            h = layer.forward(h, training)
        return x + h

    def backward(self, dy: Array) -> Array:
        g = dy
        for layer in reversed(self.inner):
            g = layer.backward(g)
        return dy + g
