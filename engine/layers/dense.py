"""Dense (fully connected) layer: y = act(x W + b), W stored (in, out)."""

from __future__ import annotations

from engine.layers.act import ActivationApplier, activation_params
from engine.layers.base import Array, BuildContext, Inferred, Layer, ParamInfo, Shape, fail, shape_text
from engine.spec import LayerSpec


class Dense(Layer):
    type_name = "dense"

    @classmethod
    def infer(cls, spec: LayerSpec, in_shape: Shape) -> Inferred:
        if len(in_shape) != 1:
            raise fail(
                spec,
                f"Dense needs a flat input but gets an image of {shape_text(in_shape)}; "
                "add a Flatten layer before it",
            )
        n_in, units = in_shape[0], int(spec.get("units"))
        params = {"W": ParamInfo((n_in, units), "weight", n_in, units)}
        if spec.get("use_bias"):
            params["b"] = ParamInfo((units,), "bias", n_in, units)
        params.update(activation_params(spec, (units,)))
        return Inferred((units,), params, activation_floats=2 * units)

    def __init__(self, spec: LayerSpec, in_shape: Shape, inferred: Inferred, ctx: BuildContext):
        super().__init__(spec, in_shape, inferred, ctx)
        self.act = ActivationApplier(spec, ctx.xp, channel_axis_first=False)
        self.need_input_grad = True
        self.skip_activation_grad = False  # set when the loss is fused with this activation
        self.x: Array | None = None

    def bind(self) -> None:
        """Called by the network once ``params``/``grads`` point into the flat vectors."""
        if "slope" in self.params:
            self.act.bind_slope(self.params["slope"], self.grads["slope"])

    def forward(self, x: Array, training: bool) -> Array:
        self.x = x
        z = x @ self.params["W"]
        if "b" in self.params:
            z += self.params["b"]
        return self.act.forward(z)

    @property
    def pre_activation(self) -> Array:
        return self.act.z

    def backward(self, dy: Array) -> Array:
        dz = dy if self.skip_activation_grad else self.act.backward(dy)
        xp = self.xp
        xp.matmul(self.x.T, dz, out=self.grads["W"])
        if "b" in self.grads:
            dz.sum(axis=0, out=self.grads["b"])
        if not self.need_input_grad:
            return None
        return dz @ self.params["W"].T
