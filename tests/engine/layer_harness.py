"""Test helper: build one layer on its own and check its gradients by finite differences.

``build_layer`` does what the network does for one layer (infer, construct, give it
parameter/gradient views into flat vectors, bind), with random parameters in the dtype
you choose (float64 for precise finite differences). ``numeric_grad_check`` compares the
layer's backward pass with central differences of ``sum(forward(x) * dy)`` for a random
upstream gradient ``dy``.

Images are channel-major batches (C, N, H, W); vectors are (N, F).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.layers.base import BuildContext, Layer
from engine.spec import LayerSpec


def make_spec(type_name: str, layer_id: str = "L1", **options: Any) -> LayerSpec:
    """A LayerSpec with the given options (the rest take the catalog defaults)."""
    return LayerSpec(layer_id, type_name, dict(options))


def _initial_value(kind: str, shape: tuple[int, ...], fan_in: int, fan_out: int, rng: np.random.Generator):
    if kind == "weight":
        limit = np.sqrt(6.0 / (fan_in + fan_out))  # glorot-uniform
        return rng.uniform(-limit, limit, shape)
    if kind == "gamma":
        return rng.uniform(0.5, 1.5, shape)
    if kind == "slope":
        return rng.uniform(0.1, 0.4, shape)
    # "bias", "beta": random rather than constant so their gradients are exercised
    return rng.uniform(-0.5, 0.5, shape)


def build_layer(
    cls: type[Layer],
    spec: LayerSpec,
    in_shape: tuple[int, ...],
    xp: Any = np,
    dtype: Any = np.float64,
    seed: int = 0,
) -> Layer:
    """Infer, construct and bind one layer with randomly initialised parameters.

    Parameters and gradients are views into two flat vectors of ``dtype`` (kept on the
    layer as ``layer.flat_params`` / ``layer.flat_grads``), like the network makes them.
    """
    inferred = cls.infer(spec, tuple(in_shape))
    rng = np.random.default_rng(seed)
    layer = cls(spec, tuple(in_shape), inferred, BuildContext(xp=xp, rng=xp.random.default_rng(seed)))
    total = sum(info.size for info in inferred.params.values())
    flat_params = xp.zeros(total, dtype=dtype)
    flat_grads = xp.zeros(total, dtype=dtype)
    offset = 0
    for name, info in inferred.params.items():
        view = flat_params[offset : offset + info.size].reshape(info.shape)
        view[...] = xp.asarray(_initial_value(info.kind, info.shape, info.fan_in, info.fan_out, rng))
        layer.params[name] = view
        layer.grads[name] = flat_grads[offset : offset + info.size].reshape(info.shape)
        offset += info.size
    layer.flat_params, layer.flat_grads = flat_params, flat_grads
    layer.bind()
    layer.reset_buffers()
    return layer


def _to_numpy(xp: Any, a: Any) -> np.ndarray:
    return np.array(a.get() if hasattr(a, "get") and xp is not np else a, copy=True)


def _rel_err(analytic: np.ndarray, numeric: np.ndarray) -> float:
    """max |a - n| / max(|a|, |n|, 1e-4 * largest magnitude, 1e-10), elementwise.

    The floor keeps finite-difference noise on near-zero entries from counting as error,
    while a wrong entry of any sizeable magnitude still gives an error near 1.
    """
    scale = max(float(np.max(np.abs(analytic), initial=0.0)), float(np.max(np.abs(numeric), initial=0.0)))
    denom = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), max(1e-4 * scale, 1e-10))
    return float(np.max(np.abs(analytic - numeric) / denom, initial=0.0))


def numeric_grad_check(
    layer: Layer, x: Any, training: bool = True, *, eps: float = 1e-6, seed: int = 0
) -> tuple[float, dict[str, float]]:
    """(max relative error of dL/dx, {param name: max relative error}) against central differences.

    The loss is ``sum(layer.forward(x, training) * dy)`` with a fixed random ``dy``. The dx
    error is ``nan`` when the layer returns no input gradient (``need_input_grad`` False).
    Use float64 layers and inputs; the layer must be deterministic (no dropout).
    """
    xp = layer.xp
    x = xp.array(x, copy=True)
    y = layer.forward(x, training)
    rng = np.random.default_rng(seed + 12345)
    dy = xp.asarray(rng.standard_normal(y.shape), dtype=y.dtype)
    dx = layer.backward(dy.copy())
    dx_analytic = None if dx is None else _to_numpy(xp, dx)
    grads = {name: _to_numpy(xp, g) for name, g in layer.grads.items()}

    def loss() -> float:
        return float((layer.forward(x, training) * dy).sum())

    def numeric(a: Any) -> np.ndarray:
        flat = a.reshape(-1)  # a view: ``a`` is contiguous
        out = np.zeros(flat.shape[0])
        for i in range(flat.shape[0]):
            old = float(flat[i])
            flat[i] = old + eps
            up = loss()
            flat[i] = old - eps
            down = loss()
            flat[i] = old
            out[i] = (up - down) / (2.0 * eps)
        return out.reshape(a.shape)

    err_dx = float("nan") if dx_analytic is None else _rel_err(dx_analytic, numeric(x))
    errs = {name: _rel_err(grads[name], numeric(layer.params[name])) for name in layer.params}
    return err_dx, errs
