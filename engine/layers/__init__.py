"""The layer registry: type name -> layer class, and shape inference over a stack."""

from __future__ import annotations

from engine.layers.base import Inferred, Layer, Shape
from engine.spec import LayerSpec

_CLASSES: dict[str, type[Layer]] = {}


def _load() -> dict[str, type[Layer]]:
    if not _CLASSES:
        from engine.layers.conv import Conv2D
        from engine.layers.dense import Dense
        from engine.layers.norm import BatchNorm
        from engine.layers.pool import AvgPool2D, MaxPool2D
        from engine.layers.residual import Residual
        from engine.layers.simple import ActivationLayer, Dropout, Flatten

        for cls in (Dense, ActivationLayer, Conv2D, MaxPool2D, AvgPool2D, Flatten, Dropout, BatchNorm, Residual):
            _CLASSES[cls.type_name] = cls
    return _CLASSES


def layer_class(type_name: str) -> type[Layer]:
    return _load()[type_name]


def registered_types() -> tuple[str, ...]:
    return tuple(_load())


def infer_stack(
    specs: tuple[LayerSpec, ...], in_shape: Shape
) -> tuple[tuple[tuple[LayerSpec, Shape, Inferred], ...], Shape]:
    """Infer every layer of a stack in order; raises the first layer's DesignError."""
    out = []
    shape = in_shape
    for spec in specs:
        inferred = layer_class(spec.type).infer(spec, shape)
        out.append((spec, shape, inferred))
        shape = inferred.out_shape
    return tuple(out), shape
