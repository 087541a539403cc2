"""Batch normalisation: per feature after a dense layer (N, F), per channel after a conv (C, N, H, W).

Training uses the batch statistics (biased variance, as in the paper and PyTorch) and
updates the running statistics ``running = momentum * running + (1 - momentum) * batch``,
with the unbiased batch variance for ``running_var`` (as PyTorch does). Evaluation uses
the running statistics. Both modes have an exact backward pass.
"""

from __future__ import annotations

import numpy as np

from engine.layers.base import Array, BuildContext, Inferred, Layer, ParamInfo, Shape, fail, shape_text
from engine.spec import LayerSpec


class BatchNorm(Layer):
    type_name = "batchnorm"

    @classmethod
    def infer(cls, spec: LayerSpec, in_shape: Shape) -> Inferred:
        if len(in_shape) not in (1, 3):
            raise fail(spec, f"BatchNorm needs a vector or an image input, not {shape_text(in_shape)}")
        c = in_shape[0]
        size = 1
        for d in in_shape:
            size *= d
        params = {"gamma": ParamInfo((c,), "gamma", c, c), "beta": ParamInfo((c,), "beta", c, c)}
        buffers = {"running_mean": (c,), "running_var": (c,)}
        return Inferred(in_shape, params, buffers, activation_floats=2 * size)

    def __init__(self, spec: LayerSpec, in_shape: Shape, inferred: Inferred, ctx: BuildContext):
        super().__init__(spec, in_shape, inferred, ctx)
        self.channels = in_shape[0]
        self.image = len(in_shape) == 3
        # statistics are taken along this axis of the 2-D view: (C, N*H*W) or (N, F)
        self.axis = 1 if self.image else 0
        self.momentum = float(spec.get("momentum"))
        self.epsilon = float(spec.get("epsilon"))
        xp = ctx.xp
        self.buffers = {
            "running_mean": xp.zeros((self.channels,), dtype=np.float32),
            "running_var": xp.ones((self.channels,), dtype=np.float32),
        }
        self.need_input_grad = True
        self.training = True
        self.xhat: Array | None = None  # normalised input (training) or the input (evaluation)
        self.inv_std: Array | None = None  # 1 / sqrt(var + eps), broadcastable to the 2-D view
        self.x_shape: tuple[int, ...] = ()

    def reset_buffers(self) -> None:
        self.buffers["running_mean"].fill(0.0)
        self.buffers["running_var"].fill(1.0)

    def _as_2d(self, a: Array) -> Array:
        if self.image:
            return self.xp.ascontiguousarray(a).reshape(self.channels, -1)
        return a

    def _per_channel(self, v: Array) -> Array:
        """A (C,) vector shaped to broadcast against the 2-D view."""
        return v.reshape(-1, 1) if self.image else v

    def forward(self, x: Array, training: bool) -> Array:
        xp = self.xp
        self.x_shape = x.shape
        self.training = training
        x2 = self._as_2d(x)
        gamma = self._per_channel(self.params["gamma"])
        beta = self._per_channel(self.params["beta"])
        if training:
            m = x2.shape[self.axis]
            mean = x2.mean(axis=self.axis, keepdims=True)
            xc = x2 - mean
            var = xp.mean(xc * xc, axis=self.axis, keepdims=True)
            inv_std = 1.0 / xp.sqrt(var + self.epsilon)
            xc *= inv_std
            self.xhat, self.inv_std = xc, inv_std
            y = xc * gamma
            y += beta
            mom = self.momentum
            rm, rv = self.buffers["running_mean"], self.buffers["running_var"]
            rm *= mom
            rm += ((1.0 - mom) * mean).reshape(-1).astype(rm.dtype)
            rv *= mom
            rv += ((1.0 - mom) * m / max(m - 1, 1) * var).reshape(-1).astype(rv.dtype)
        else:
            rm = self._per_channel(self.buffers["running_mean"])
            rv = self._per_channel(self.buffers["running_var"])
            inv_std = (1.0 / xp.sqrt(rv + self.epsilon)).astype(x2.dtype)
            scale = gamma * inv_std
            shift = beta - rm * scale
            y = x2 * scale
            y += shift
            self.xhat, self.inv_std = x2, inv_std
        return y.reshape(x.shape)

    def backward(self, dy: Array) -> Array:
        xp = self.xp
        dy2 = self._as_2d(dy)
        gamma = self._per_channel(self.params["gamma"])
        axis = self.axis
        if self.training:
            xhat = self.xhat
        else:  # evaluation statistics are constants
            rm = self._per_channel(self.buffers["running_mean"])
            xhat = (self.xhat - rm) * self.inv_std
        dbeta = self.grads["beta"]
        dgamma = self.grads["gamma"]
        dy2.sum(axis=axis, out=dbeta)
        xp.sum(dy2 * xhat, axis=axis, out=dgamma)
        if not self.need_input_grad:
            return None
        if not self.training:
            return (dy2 * (gamma * self.inv_std)).reshape(self.x_shape)
        m = dy2.shape[axis]
        # dx = gamma/std * (dy - mean(dy) - xhat * mean(dy * xhat))
        dx = xhat * (self._per_channel(dgamma) * (-1.0 / m))
        dx += dy2
        dx -= self._per_channel(dbeta) * (1.0 / m)
        dx *= gamma * self.inv_std
        return dx.reshape(self.x_shape)
