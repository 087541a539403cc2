"""The layer interface shared by every layer type.

Shapes: ``in_shape``/``out_shape`` are per sample, without the batch: ``(F,)`` for
vectors and ``(C, H, W)`` for images. In memory a batch of vectors is ``(N, F)`` and a
batch of images is channel-major ``(C, N, H, W)`` (each im2col slice and pooling view
then moves contiguous rows; see docs and shared performance notes).

A layer type provides ``infer`` (shape inference and parameter shapes, no allocation)
and, once built, ``forward``/``backward``. Parameters live in one flat vector owned by
the network; ``params``/``grads`` hold views into it, so the optimizer updates every
layer with a few array calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from engine.errors import DesignError
from engine.spec import LayerSpec

Array = Any
Shape = tuple[int, ...]


@dataclass(frozen=True)
class ParamInfo:
    """A trainable parameter: its shape, fans for initialisation, and whether L1/L2 applies."""

    shape: Shape
    kind: str  # "weight" | "bias" | "gamma" | "beta" | "slope"
    fan_in: int = 1
    fan_out: int = 1

    @property
    def size(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64))


@dataclass(frozen=True)
class Inferred:
    """What shape inference says about one layer, before anything is allocated."""

    out_shape: Shape
    params: dict[str, ParamInfo] = field(default_factory=dict)
    buffers: dict[str, Shape] = field(default_factory=dict)  # non-trainable state (BatchNorm)
    children: tuple[tuple[LayerSpec, Shape, Inferred], ...] = ()
    # floats of activation memory per sample kept for backward (memory estimate)
    activation_floats: int = 0


@dataclass
class BuildContext:
    """What a layer needs at build time: the backend's array namespace and the dropout RNG."""

    xp: Any
    rng: Any  # backend random generator (dropout masks)


class Layer:
    """Base class. Subclasses set ``type_name`` and implement ``infer``/``forward``/``backward``."""

    type_name: ClassVar[str] = ""

    def __init__(self, spec: LayerSpec, in_shape: Shape, inferred: Inferred, ctx: BuildContext):
        self.spec = spec
        self.id = spec.id
        self.in_shape = in_shape
        self.out_shape = inferred.out_shape
        self.info = inferred
        self.xp = ctx.xp
        self.ctx = ctx
        self.params: dict[str, Array] = {}
        self.grads: dict[str, Array] = {}
        self.buffers: dict[str, Array] = {}

    # -- shape inference ------------------------------------------------------------
    @classmethod
    def infer(cls, spec: LayerSpec, in_shape: Shape) -> Inferred:
        raise NotImplementedError

    # -- numerics -------------------------------------------------------------------
    def forward(self, x: Array, training: bool) -> Array:
        raise NotImplementedError

    def backward(self, dy: Array) -> Array:
        """Set ``self.grads`` (in place) and return dL/dx."""
        raise NotImplementedError

    def bind(self) -> None:
        """Called once ``params``/``grads`` hold their views into the network's flat vectors."""

    def sublayers(self) -> list[Layer]:
        """Layers nested inside this one (residual blocks)."""
        return []

    def reset_buffers(self) -> None:
        """Give non-trainable state its initial value (BatchNorm running statistics)."""


def fail(spec: LayerSpec, message: str) -> DesignError:
    """A DesignError that names the layer."""
    return DesignError(message, layer_id=spec.id)


def shape_text(shape: Shape) -> str:
    return "×".join(str(s) for s in shape)
