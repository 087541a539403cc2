"""Max and average pooling over channel-major images (C, N, H, W), floor mode, no padding.

Both work on the p*p strided window views ``x[:, :, i::s, j::s]`` (each moves contiguous
rows in the channel-major layout): max pooling is p*p - 1 ``maximum`` calls, average
pooling p*p - 1 ``add`` calls and one scale (shared performance notes §4(c), §6). Max
pooling's backward routes each window's gradient to ONE position, its first maximum in
row-major window order (as PyTorch does); overlapping windows (stride < pool) accumulate.
"""

from __future__ import annotations

from engine.layers.base import Array, BuildContext, Inferred, Layer, Shape, fail, shape_text
from engine.layers.conv import window_views
from engine.spec import LayerSpec


class _Pool2D(Layer):
    title = ""

    @classmethod
    def infer(cls, spec: LayerSpec, in_shape: Shape) -> Inferred:
        if len(in_shape) != 3:
            what = f"an input of {shape_text(in_shape)}"
            if len(in_shape) == 1:
                what = f"a vector of {in_shape[0]}"
            raise fail(
                spec,
                f"{cls.title} needs an image input (channels × height × width) but gets {what} "
                "— remove the Flatten before it",
            )
        c, h, w = in_shape
        p, s = int(spec.get("pool")), int(spec.get("stride"))
        if p > h or p > w:
            raise fail(
                spec,
                f"{cls.title} window {p}×{p} is larger than its {h}×{w} input; "
                "use a smaller window or remove a pooling layer before it",
            )
        out_shape = (c, (h - p) // s + 1, (w - p) // s + 1)
        return Inferred(out_shape, activation_floats=out_shape[0] * out_shape[1] * out_shape[2])

    def __init__(self, spec: LayerSpec, in_shape: Shape, inferred: Inferred, ctx: BuildContext):
        super().__init__(spec, in_shape, inferred, ctx)
        self.p, self.s = int(spec.get("pool")), int(spec.get("stride"))
        _, self.ho, self.wo = self.out_shape
        _, h, w = in_shape
        self.overlap = self.s < self.p
        # the windows cover every input pixel exactly once (e.g. 2×2, stride 2 on even sizes)
        self.tiles = self.s == self.p and (h - self.p) % self.s == 0 and (w - self.p) % self.s == 0
        self.need_input_grad = True
        self.x_shape: tuple[int, ...] = ()

    def _views(self, a: Array) -> list[Array]:
        return window_views(a, self.p, self.s, self.ho, self.wo)

    def _new_dx(self, dtype) -> Array:
        """dL/dx, zeroed unless every pixel is about to be written."""
        if self.tiles:
            return self.xp.empty(self.x_shape, dtype)
        return self.xp.zeros(self.x_shape, dtype)


class MaxPool2D(_Pool2D):
    type_name = "maxpool2d"
    title = "MaxPool2D"

    def __init__(self, spec: LayerSpec, in_shape: Shape, inferred: Inferred, ctx: BuildContext):
        super().__init__(spec, in_shape, inferred, ctx)
        # When the layer before is a ReLU whose own backward is skipped
        # (``skip_activation_grad``), setting this folds the ReLU's backward into this one:
        # the gradient only flows where the pooled maximum is > 0.
        self.fold_relu = False
        self.x: Array | None = None
        self.y: Array | None = None

    def forward(self, x: Array, training: bool) -> Array:
        xp = self.xp
        self.x_shape = x.shape
        views = self._views(x)
        if len(views) == 1:
            y = views[0].copy()
        else:
            y = xp.maximum(views[0], views[1])
            for v in views[2:]:
                xp.maximum(y, v, out=y)
        self.x, self.y = x, y
        return y

    def backward(self, dy: Array) -> Array:
        if not self.need_input_grad:
            return None
        xp = self.xp
        y = self.y
        views = self._views(self.x)
        dtype = xp.result_type(dy.dtype, y.dtype)
        dx = self._new_dx(dtype)
        dx_views = self._views(dx)
        grad = dy * (y > 0) if self.fold_relu else dy
        # ``hit``: windows whose maximum sits at this offset; ``free``: windows whose first
        # maximum has not been found yet (boolean ops are far cheaper than masked writes)
        hit = xp.empty(y.shape, dtype=bool)
        free = xp.empty(y.shape, dtype=bool)
        last = len(views) - 1
        for t, (v, dv) in enumerate(zip(views, dx_views, strict=True)):
            xp.equal(v, y, out=hit)
            if t == 0:
                if last:
                    xp.logical_not(hit, out=free)
            else:
                xp.logical_and(hit, free, out=hit)
                if t != last:
                    xp.logical_xor(free, hit, out=free)
            if self.overlap:
                dv += grad * hit
            else:
                xp.multiply(grad, hit, out=dv)
        return dx


class AvgPool2D(_Pool2D):
    type_name = "avgpool2d"
    title = "AvgPool2D"

    def forward(self, x: Array, training: bool) -> Array:
        xp = self.xp
        self.x_shape = x.shape
        views = self._views(x)
        if len(views) == 1:
            return views[0].copy()
        y = xp.add(views[0], views[1])
        for v in views[2:]:
            xp.add(y, v, out=y)
        y *= y.dtype.type(1.0 / len(views))
        return y

    def backward(self, dy: Array) -> Array:
        if not self.need_input_grad:
            return None
        g = dy * dy.dtype.type(1.0 / (self.p * self.p))
        dx = self._new_dx(g.dtype)
        for dv in self._views(dx):
            if self.overlap:
                dv += g
            else:
                dv[...] = g
        return dx
