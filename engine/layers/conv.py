"""2-D convolution (cross-correlation, no flip) over channel-major images (C, N, H, W).

W is stored (Cout, Cin, k, k) as in PyTorch. The forward pass is im2col by k*k slice
copies into a preallocated (Cin, k, k, N, Ho, Wo) buffer and ONE GEMM
``W(Cout, Cin*k*k) @ cols(Cin*k*k, N*Ho*Wo)``; the backward pass is two GEMMs and a
col2im of k*k (strided) slice adds. The padded input, the columns and dcols are scratch
buffers kept per batch size (see shared performance notes §4(c), §6); outputs and dx are
fresh arrays, so a caller may keep them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.layers.act import ActivationApplier, activation_params
from engine.layers.base import Array, BuildContext, Inferred, Layer, ParamInfo, Shape, fail, shape_text
from engine.spec import LayerSpec

# Scratch buffers are kept for this many batch sizes (training, the short last batch, evaluation).
_MAX_CACHED_BATCHES = 3

Pads = tuple[int, int, int, int]  # top, bottom, left, right

# GEMMs with a small matrix (at most _SMALL entries) against a long (K, M) one run 2-3x
# faster in OpenBLAS when M is split into chunks of _CHUNK columns that stay in cache
# (measured for the 8×9 and 16×8 shapes of a small MNIST CNN; not done for CuPy).
_CHUNK = 4096
_SMALL = 512


def _chunks(xp: Any, small: Array, m: int) -> range | None:
    if xp is np and small.size <= _SMALL and m >= 2 * _CHUNK:
        return range(0, m, _CHUNK)
    return None


def matmul_long(xp: Any, a: Array, b: Array, out: Array) -> Array:
    """``out = a @ b`` for a small ``a`` and a long ``b`` (K, M)."""
    chunks = _chunks(xp, a, b.shape[1])
    if chunks is None:
        return xp.matmul(a, b, out=out)
    for s in chunks:
        xp.matmul(a, b[:, s : s + _CHUNK], out=out[:, s : s + _CHUNK])
    return out


def matmul_reduce(xp: Any, a: Array, b: Array, out: Array) -> Array:
    """``out = a @ b.T`` for two long matrices (K1, M), (K2, M): a sum over M."""
    chunks = _chunks(xp, out, a.shape[1])
    if chunks is None:
        return xp.matmul(a, b.T, out=out)
    part = xp.empty_like(out)
    out.fill(0)
    for s in chunks:
        xp.matmul(a[:, s : s + _CHUNK], b[:, s : s + _CHUNK].T, out=part)
        out += part
    return out


def _same_pads(m: int, k: int, s: int) -> tuple[int, int]:
    """TF/Keras "same": output ceil(m/s); the odd pixel of padding goes bottom/right."""
    out = -(-m // s)
    total = max((out - 1) * s + k - m, 0)
    return total // 2, total - total // 2


def conv_padding(padding: Any, h: int, w: int, k: int, s: int) -> Pads:
    """(top, bottom, left, right) padding for a padding option ``valid`` | ``same`` | int."""
    if padding == "valid":
        return 0, 0, 0, 0
    if padding == "same":
        return _same_pads(h, k, s) + _same_pads(w, k, s)
    p = int(padding)
    return p, p, p, p


def window_views(a: Array, k: int, s: int, ho: int, wo: int) -> list[Array]:
    """The k*k strided views ``a[:, :, i::s, j::s]`` (row-major window order) of an (C, N, H, W) array."""
    hs, ws = s * (ho - 1) + 1, s * (wo - 1) + 1
    return [a[:, :, i : i + hs : s, j : j + ws : s] for i in range(k) for j in range(k)]


class _Scratch:
    """Per-batch-size scratch arrays of one Conv2D layer."""

    def __init__(self, xp: Any, layer: Conv2D, n: int, dtype: Any):
        cin, h, w = layer.in_shape
        pt, pb, pl, pr = layer.pads
        k, ho, wo = layer.k, layer.ho, layer.wo
        self.xpad = xp.zeros((cin, n, h + pt + pb, w + pl + pr), dtype) if layer.padded else None
        self.cols = None if layer.identity_cols else xp.empty((cin, k, k, n, ho, wo), dtype)
        self.cols_views = (
            None if self.cols is None else [self.cols[:, i, j] for i in range(k) for j in range(k)]
        )
        self.pad_views = None if self.xpad is None else window_views(self.xpad, k, layer.s, ho, wo)
        self.ones: Array | None = None  # for the bias gradient as a matrix-vector product
        self.dcols: Array | None = None  # allocated on the first backward pass that needs dx
        self.dpad: Array | None = None
        self.dpad_views: list[Array] | None = None


class Conv2D(Layer):
    type_name = "conv2d"

    @classmethod
    def geometry(cls, spec: LayerSpec, in_shape: Shape) -> tuple[int, int, Pads, int, int]:
        """(k, stride, pads, Ho, Wo) for this input; raises a DesignError naming the layer."""
        if len(in_shape) != 3:
            what = f"an input of {shape_text(in_shape)}"
            if len(in_shape) == 1:
                what = f"a vector of {in_shape[0]}"
            raise fail(
                spec,
                f"Conv2D needs an image input (channels × height × width) but gets {what} "
                "— remove the Flatten before it",
            )
        _, h, w = in_shape
        k, s = int(spec.get("kernel")), int(spec.get("stride"))
        pads = conv_padding(spec.get("padding"), h, w, k, s)
        hp, wp = h + pads[0] + pads[1], w + pads[2] + pads[3]
        if k > hp or k > wp:
            padded = "" if (hp, wp) == (h, w) else f" (padded to {hp}×{wp})"
            raise fail(
                spec,
                f"Conv2D kernel {k}×{k} is larger than its {h}×{w} input{padded}; "
                "use a smaller kernel, padding or less pooling before it",
            )
        ho, wo = (hp - k) // s + 1, (wp - k) // s + 1
        if ho < 1 or wo < 1 or in_shape[0] < 1:
            raise fail(spec, f"Conv2D output would be empty ({ho}×{wo}) for its {shape_text(in_shape)} input")
        return k, s, pads, ho, wo

    @classmethod
    def infer(cls, spec: LayerSpec, in_shape: Shape) -> Inferred:
        k, _, _, ho, wo = cls.geometry(spec, in_shape)
        cin, cout = in_shape[0], int(spec.get("filters"))
        params = {"W": ParamInfo((cout, cin, k, k), "weight", cin * k * k, cout * k * k)}
        if spec.get("use_bias"):
            params["b"] = ParamInfo((cout,), "bias", cin * k * k, cout * k * k)
        out_shape = (cout, ho, wo)
        params.update(activation_params(spec, out_shape))
        # kept for backward per sample: the im2col columns, the pre-activation and the output
        return Inferred(out_shape, params, activation_floats=cin * k * k * ho * wo + 2 * cout * ho * wo)

    def __init__(self, spec: LayerSpec, in_shape: Shape, inferred: Inferred, ctx: BuildContext):
        super().__init__(spec, in_shape, inferred, ctx)
        self.k, self.s, self.pads, self.ho, self.wo = self.geometry(spec, in_shape)
        self.cin, self.cout = in_shape[0], self.out_shape[0]
        self.padded = any(self.pads)
        # a 1×1 kernel with stride 1 and no padding: the input already is the column matrix
        self.identity_cols = self.k == 1 and self.s == 1 and not self.padded
        self.act = ActivationApplier(spec, ctx.xp, channel_axis_first=True)
        self.need_input_grad = True
        self.skip_activation_grad = False  # set when the following layer/loss handles the activation
        self._scratch: dict[tuple[int, Any], _Scratch] = {}
        self._cols: Array | None = None  # (Cin*k*k, N*Ho*Wo) columns of the last forward
        self._cur: _Scratch | None = None
        self._x_shape: tuple[int, ...] = ()

    def bind(self) -> None:
        if "slope" in self.params:
            self.act.bind_slope(self.params["slope"], self.grads["slope"])

    @property
    def pre_activation(self) -> Array:
        return self.act.z

    def _scratch_for(self, n: int, dtype: Any) -> _Scratch:
        key = (n, dtype.str)
        sc = self._scratch.pop(key, None)
        if sc is None:
            sc = _Scratch(self.xp, self, n, dtype)
            while len(self._scratch) >= _MAX_CACHED_BATCHES:
                self._scratch.pop(next(iter(self._scratch)))
        self._scratch[key] = sc  # most recently used last
        return sc

    def forward(self, x: Array, training: bool) -> Array:
        xp = self.xp
        if not x.flags.c_contiguous:
            x = xp.ascontiguousarray(x)
        cin, n, h, w = x.shape
        sc = self._scratch_for(n, x.dtype)
        if self.identity_cols:
            cols = x.reshape(cin, n * h * w)
        else:
            if self.padded:
                pt, _, pl, _ = self.pads
                sc.xpad[:, :, pt : pt + h, pl : pl + w] = x
                views = sc.pad_views
            else:
                views = window_views(x, self.k, self.s, self.ho, self.wo)
            for dst, src in zip(sc.cols_views, views, strict=True):
                dst[...] = src
            cols = sc.cols.reshape(cin * self.k * self.k, n * self.ho * self.wo)
        self._cols, self._cur, self._x_shape = cols, sc, x.shape
        w2d = self.params["W"].reshape(self.cout, -1)
        z = xp.empty((self.cout, cols.shape[1]), xp.result_type(w2d.dtype, cols.dtype))
        z = matmul_long(xp, w2d, cols, z).reshape(self.cout, n, self.ho, self.wo)
        if "b" in self.params:
            z += self.params["b"].reshape(-1, 1, 1, 1)
        return self.act.forward(z)

    def backward(self, dy: Array) -> Array:
        xp = self.xp
        dz = dy if self.skip_activation_grad else self.act.backward(dy)
        dz2d = xp.ascontiguousarray(dz).reshape(self.cout, -1)
        cols, sc = self._cols, self._cur
        # dW as (Cin*k*k, Cout) = cols @ dz.T: faster in OpenBLAS than dz @ cols.T
        gw = self.grads["W"]
        gwt = matmul_reduce(xp, cols, dz2d, xp.empty((cols.shape[0], self.cout), gw.dtype))
        if gw.flags.c_contiguous:
            gw.reshape(self.cout, -1)[...] = gwt.T
        else:
            gw[...] = gwt.T.reshape(gw.shape)
        if "b" in self.grads:
            if sc.ones is None or sc.ones.dtype != dz2d.dtype:
                sc.ones = xp.ones(dz2d.shape[1], dz2d.dtype)
            xp.matmul(dz2d, sc.ones, out=self.grads["b"])  # a row sum, faster as a GEMV
        if not self.need_input_grad:
            return None
        w2d = self.params["W"].reshape(self.cout, -1)
        if self.identity_cols:
            return (w2d.T @ dz2d).reshape(self._x_shape)
        cin, n, h, w = self._x_shape
        k, s, ho, wo = self.k, self.s, self.ho, self.wo
        dtype = xp.result_type(w2d.dtype, dz2d.dtype)
        if sc.dcols is None or sc.dcols.dtype != dtype:
            sc.dcols = xp.empty((cin * k * k, n * ho * wo), dtype)
            if self.padded:
                pt, pb, pl, pr = self.pads
                sc.dpad = xp.empty((cin, n, h + pt + pb, w + pl + pr), dtype)
                sc.dpad_views = window_views(sc.dpad, k, s, ho, wo)
        matmul_long(xp, w2d.T, dz2d, sc.dcols)
        dcols = sc.dcols.reshape(cin, k, k, n, ho, wo)
        if self.padded:
            dpad, views = sc.dpad, sc.dpad_views
            dpad.fill(0)
        else:
            # a fresh array, so the returned dx stays valid after later calls; zeroed unless
            # the windows tile the input exactly
            tiles = s == k and (h - k) % s == 0 and (w - k) % s == 0
            dpad = xp.empty(self._x_shape, dtype) if tiles else xp.zeros(self._x_shape, dtype)
            views = window_views(dpad, k, s, ho, wo)
        for t, view in enumerate(views):
            if s >= k:  # windows do not overlap: each pixel gets at most one value
                view[...] = dcols[:, t // k, t % k]
            else:
                view += dcols[:, t // k, t % k]
        if self.padded:
            pt, _, pl, _ = self.pads
            return dpad[:, :, pt : pt + h, pl : pl + w].copy()
        return dpad
