"""A network built from a design: shape inference, flat parameters, forward and backward.

All trainable parameters live in one flat float32 vector (and their gradients in a
second one); each layer's ``params``/``grads`` are views into them. The optimizer then
updates the whole network with a handful of array calls, whatever its depth: the
tiny Playground networks are bound by the number of calls, not by arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from engine import catalog
from engine.backend import NUMPY, Backend
from engine.errors import DesignError
from engine.initializers import initialize
from engine.layers import infer_stack, layer_class
from engine.layers.act import activation_alpha
from engine.layers.base import BuildContext, Inferred, Layer, ParamInfo, Shape
from engine.spec import DesignSpec, LayerSpec

Array = Any


@dataclass(frozen=True)
class LayerInfo:
    """What the editor shows for one layer: shapes, parameter count, or the error."""

    id: str
    type: str
    depth: int  # nesting level (children of a residual block have depth 1)
    in_shape: Shape | None
    out_shape: Shape | None
    n_params: int
    error: str | None = None


@dataclass(frozen=True)
class Analysis:
    """Shape inference over a whole design, without allocating anything."""

    layers: tuple[LayerInfo, ...]
    input_shape: Shape
    output_shape: Shape | None
    n_params: int
    memory_bytes: int
    error: DesignError | None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Slot:
    """Where one parameter sits in the flat vector."""

    key: str  # "L3/W"
    layer_id: str
    name: str
    offset: int
    info: ParamInfo


def _flatten_inferred(
    stack: tuple[tuple[LayerSpec, Shape, Inferred], ...], depth: int = 0
) -> list[tuple[LayerSpec, Shape, Inferred, int]]:
    out = []
    for spec, shape, inferred in stack:
        out.append((spec, shape, inferred, depth))
        out.extend(_flatten_inferred(inferred.children, depth + 1))
    return out


def _n_params(inferred: Inferred) -> int:
    return sum(p.size for p in inferred.params.values())


def analyze(
    design: DesignSpec,
    input_shape: Shape,
    task: str | None = None,
    n_classes: int = 0,
) -> Analysis:
    """Infer every layer's shapes and parameter count; never raises for a bad design.

    The first error is reported in ``error`` and on its layer's LayerInfo; layers after
    it get unknown shapes. ``task``/``n_classes`` enable the output and loss checks.
    """
    infos: list[LayerInfo] = []
    error: DesignError | None = None
    shape: Shape | None = tuple(input_shape)
    total = 0
    floats = 0
    for spec in design.layers:
        if shape is None:
            infos.extend(_unknown(spec, 0))
            continue
        try:
            inferred = layer_class(spec.type).infer(spec, shape)
        except DesignError as exc:
            error = error or exc
            infos.append(LayerInfo(spec.id, spec.type, 0, shape, None, 0, exc.detail))
            for child in spec.children:
                infos.extend(_unknown(child, 1))
            shape = None
            continue
        for sub_spec, sub_in, sub_inf, depth in _flatten_inferred(((spec, shape, inferred),)):
            n = _n_params(sub_inf)
            total += n
            infos.append(LayerInfo(sub_spec.id, sub_spec.type, depth, sub_in, sub_inf.out_shape, n))
        floats += inferred.activation_floats
        shape = inferred.out_shape
    if not design.layers:
        error = DesignError("the network has no layers; add at least one Dense layer", "network.layers")
    if error is None and shape is not None and task is not None:
        try:
            check_output(design, shape, task, n_classes)
        except DesignError as exc:
            error = exc
            if exc.layer_id is not None:
                infos = [
                    LayerInfo(i.id, i.type, i.depth, i.in_shape, i.out_shape, i.n_params, exc.detail)
                    if i.id == exc.layer_id else i
                    for i in infos
                ]
    memory = estimate_memory(total, floats, design.train.batch_size)
    if error is None and total > catalog.MAX_PARAMS:
        error = DesignError(
            f"the network has {total:,} parameters; the limit is {catalog.MAX_PARAMS:,}", "network.layers"
        )
    if error is None and memory > catalog.MAX_MEMORY_BYTES:
        error = DesignError(
            f"training would need about {memory / 1024**3:.1f} GiB of memory (limit "
            f"{catalog.MAX_MEMORY_BYTES / 1024**3:.0f} GiB); use fewer units or filters, or a smaller batch",
            "network.layers",
        )
    return Analysis(tuple(infos), tuple(input_shape), shape if error is None else None, total, memory, error)


def forward_macs(analysis: Analysis) -> int:
    """Multiply-adds of one sample's forward pass (weights x positions): a size for the work of a step."""
    total = 0
    for info in analysis.layers:
        if info.type == "conv2d" and info.out_shape is not None and len(info.out_shape) == 3:
            total += info.n_params * info.out_shape[1] * info.out_shape[2]  # each weight used at every position
        else:
            total += info.n_params  # dense: each weight once; others: about as much as their few parameters
    return total


def _unknown(spec: LayerSpec, depth: int) -> list[LayerInfo]:
    out = [LayerInfo(spec.id, spec.type, depth, None, None, 0)]
    for child in spec.children:
        out.extend(_unknown(child, depth + 1))
    return out


def estimate_memory(n_params: int, activation_floats_per_sample: int, batch_size: int) -> int:
    """Bytes for parameters, gradients, two optimizer moments and the batch's activations."""
    return 4 * (4 * n_params + 3 * activation_floats_per_sample * batch_size)


def output_activation(design: DesignSpec) -> str | None:
    """The activation that produces the network's output (None after a pooling/flatten layer)."""
    for spec in reversed(design.layers):
        if spec.type in ("dense", "activation", "conv2d"):
            return spec.get("activation")
        if spec.type in ("dropout",):
            continue
        return None
    return None


def check_output(design: DesignSpec, out_shape: Shape, task: str, n_classes: int) -> None:
    """Check that the last layer, the loss and the task fit together; raise a DesignError."""
    last = design.layers[-1]
    loss = design.train.loss
    act = output_activation(design)
    if len(out_shape) != 1:
        raise DesignError(
            "the network ends with an image-shaped output; end it with Flatten and Dense", layer_id=last.id
        )
    units = out_shape[0]
    if task == "regression":
        if act == "softmax":
            raise DesignError("a softmax output cannot predict a number (regression); use linear or tanh",
                              layer_id=last.id)
        if loss in ("binary_crossentropy", "categorical_crossentropy"):
            raise DesignError(f"{loss} is a classification loss; this data set is regression "
                              "(use mse, mae or huber)", "train.loss")
        if units != 1:
            raise DesignError(f"a regression output needs 1 unit, not {units}", layer_id=last.id)
        return
    if units not in (1, n_classes):
        raise DesignError(
            f"the output layer has {units} units; this data set has {n_classes} classes "
            f"(use {n_classes} units{', or 1 for two classes' if n_classes == 2 else ''})",
            layer_id=last.id,
        )
    if units == 1 and n_classes > 2:
        raise DesignError(f"one output unit cannot tell {n_classes} classes apart", layer_id=last.id)
    if act == "softmax" and units == 1:
        raise DesignError("softmax over a single unit is always 1; use sigmoid, or 2 units", layer_id=last.id)
    if loss == "categorical_crossentropy" and act != "softmax":
        raise DesignError("categorical cross-entropy needs a softmax output layer", "train.loss")
    if loss == "binary_crossentropy" and act not in ("sigmoid", "step"):
        raise DesignError("binary cross-entropy needs a sigmoid output layer", "train.loss")
    if design.train.optimizer == "perceptron":
        dense = [s for s in design.layers if s.type == "dense"]
        if len(design.layers) != 1 or len(dense) != 1:
            raise DesignError("the perceptron rule trains a single Dense layer only", "train.optimizer")


class Network:
    """Layers built on one backend, with every parameter a view into one flat vector."""

    def __init__(
        self,
        design: DesignSpec,
        input_shape: Shape,
        backend: Backend = NUMPY,
        reuse: dict[str, np.ndarray] | None = None,
        dropout_seed: int | None = None,
        dtype: Any = np.float32,
    ):
        self.design = design
        self.backend = backend
        xp = self.xp = backend.xp
        self.input_shape = tuple(input_shape)
        stack, self.output_shape = infer_stack(design.layers, self.input_shape)
        seed = design.train.seed if dropout_seed is None else dropout_seed
        ctx = BuildContext(xp, _backend_rng(backend, seed))
        self.layers: list[Layer] = [layer_class(s.type)(s, shape, inf, ctx) for s, shape, inf in stack]
        self.slots: list[Slot] = []
        offset = 0
        for layer in self.all_layers():
            for name, info in layer.info.params.items():
                self.slots.append(Slot(f"{layer.id}/{name}", layer.id, name, offset, info))
                offset += info.size
        self.size = offset
        self.dtype = np.dtype(dtype)  # float64 only for gradient checks
        self.flat_params = xp.zeros(max(offset, 1), dtype=self.dtype)
        self.flat_grads = xp.zeros(max(offset, 1), dtype=self.dtype)
        by_id = {layer.id: layer for layer in self.all_layers()}
        for slot in self.slots:
            layer = by_id[slot.layer_id]
            end = slot.offset + slot.info.size
            layer.params[slot.name] = self.flat_params[slot.offset:end].reshape(slot.info.shape)
            layer.grads[slot.name] = self.flat_grads[slot.offset:end].reshape(slot.info.shape)
        self.initialize(reuse)
        for layer in self.all_layers():
            layer.bind()
        self._backward_layers = self._plan_backward()
        self._fold_relu_into_pooling()
        self._l1, self._l2 = self._regularisation_vectors()

    # -- structure ------------------------------------------------------------------
    def all_layers(self) -> list[Layer]:
        out: list[Layer] = []

        def walk(layers: list[Layer]) -> None:
            for layer in layers:
                out.append(layer)
                walk(layer.sublayers())

        walk(self.layers)
        return out

    def dropout_rng(self) -> Any:
        """The network's dropout generator (one per network, shared by its layers), or None."""
        for layer in self.all_layers():
            ctx = getattr(layer, "ctx", None)
            if ctx is not None:
                return getattr(ctx, "rng", None)
        return None

    def layer(self, layer_id: str) -> Layer:
        for layer in self.all_layers():
            if layer.id == layer_id:
                return layer
        raise KeyError(layer_id)

    @property
    def output_layer(self) -> Layer:
        return self.layers[-1]

    def _plan_backward(self) -> list[Layer]:
        """The layers backward must visit, last first.

        Nothing before the first layer with parameters needs a gradient (the data has none,
        and those layers have no weights), so backward stops at that layer and that layer
        skips its input gradient: e.g. Flatten → Dense no longer computes dL/dx of the
        784-wide input (a third of the MLP's GEMM work).
        """
        def has_params(layer: Layer) -> bool:
            return bool(layer.params) or any(has_params(sub) for sub in layer.sublayers())

        first = next((i for i, layer in enumerate(self.layers) if has_params(layer)), len(self.layers))
        if first < len(self.layers) and hasattr(self.layers[first], "need_input_grad"):
            self.layers[first].need_input_grad = False
        return list(reversed(self.layers[first:]))

    def _fold_relu_into_pooling(self) -> None:
        """ReLU (with no learned slope) directly followed by MaxPool2D: the pool's backward applies
        the ReLU derivative on its (4x smaller) output, and the ReLU layer skips its own.

        Exact: the pool routes each window's gradient to one input a = relu(z) equal to the
        window's maximum y, and relu'(z) there is (z > 0) = (a > 0) = (y > 0).
        """
        for before, pool in zip(self.layers[:-1], self.layers[1:], strict=True):
            act = getattr(before, "act", None)
            if (
                hasattr(pool, "fold_relu")
                and act is not None
                and act.name == "relu"
                and act.slope is None
                and not getattr(before, "skip_activation_grad", True)
            ):
                before.skip_activation_grad = True
                pool.fold_relu = True

    # -- parameters -----------------------------------------------------------------
    def initialize(self, reuse: dict[str, np.ndarray] | None = None) -> None:
        """Draw every parameter from the design's initialisers (seeded), keeping reused ones."""
        train = self.design.train
        rng = np.random.default_rng(train.seed)
        by_id = {layer.id: layer for layer in self.all_layers()}
        for slot in self.slots:
            layer = by_id[slot.layer_id]
            info = slot.info
            if info.kind == "weight":
                name = layer.spec.options.get("initializer", "default")
                name = train.initializer if name == "default" else name
                value = initialize(name, rng, info.shape, info.fan_in, info.fan_out, train.init_scale)
            elif info.kind == "bias":
                value = np.full(info.shape, train.bias_init, dtype=np.float32)
            elif info.kind == "gamma":
                value = np.ones(info.shape, dtype=np.float32)
            elif info.kind == "slope":
                value = np.full(info.shape, activation_alpha(layer.spec, "prelu"), dtype=np.float32)
            else:
                value = np.zeros(info.shape, dtype=np.float32)
            if reuse is not None and slot.key in reuse and tuple(reuse[slot.key].shape) == info.shape:
                value = reuse[slot.key]
            layer.params[slot.name][...] = self.xp.asarray(value, dtype=self.dtype)
        for layer in self.all_layers():
            layer.reset_buffers()
            for name, buf in layer.buffers.items():
                key = f"{layer.id}/{name}"
                if reuse is not None and key in reuse and tuple(reuse[key].shape) == tuple(buf.shape):
                    buf[...] = self.xp.asarray(reuse[key], dtype=buf.dtype)

    def state_arrays(self) -> dict[str, np.ndarray]:
        """Host copies of every parameter and buffer, keyed ``layer_id/name``."""
        out = {}
        for layer in self.all_layers():
            for name, arr in layer.params.items():
                out[f"{layer.id}/{name}"] = self.backend.to_numpy(arr).copy()
            for name, arr in layer.buffers.items():
                out[f"{layer.id}/{name}"] = self.backend.to_numpy(arr).copy()
        return out

    def load_arrays(self, arrays: dict[str, np.ndarray], strict: bool = True) -> None:
        """Set parameters and buffers from host arrays; shapes must match the design."""
        expected: dict[str, Any] = {}
        for layer in self.all_layers():
            for name, arr in list(layer.params.items()) + list(layer.buffers.items()):
                expected[f"{layer.id}/{name}"] = arr
        if strict:
            missing = sorted(set(expected) - set(arrays))
            extra = sorted(set(arrays) - set(expected))
            if missing or extra:
                raise DesignError(
                    f"the weights do not match the design (missing {missing[:3]}, unexpected {extra[:3]})"
                )
        for key, arr in arrays.items():
            if key not in expected:
                continue
            target = expected[key]
            if tuple(arr.shape) != tuple(target.shape):
                raise DesignError(
                    f"weight {key} has shape {tuple(arr.shape)} but the design needs {tuple(target.shape)}"
                )
            target[...] = self.xp.asarray(arr, dtype=target.dtype)

    def _regularisation_vectors(self) -> tuple[Array | None, Array | None]:
        """Per-parameter L1/L2 coefficients (global + per layer) for weights; None when all zero."""
        train = self.design.train
        by_id = {layer.id: layer for layer in self.all_layers()}
        l1 = np.zeros(max(self.size, 1), dtype=self.dtype)
        l2 = np.zeros(max(self.size, 1), dtype=self.dtype)
        for slot in self.slots:
            if slot.info.kind != "weight":
                continue
            spec = by_id[slot.layer_id].spec
            end = slot.offset + slot.info.size
            l1[slot.offset:end] = train.l1 + float(spec.options.get("l1", 0.0))
            l2[slot.offset:end] = train.l2 + float(spec.options.get("l2", 0.0))
        return (
            self.xp.asarray(l1) if l1.any() else None,
            self.xp.asarray(l2) if l2.any() else None,
        )

    def add_regularisation_grads(self) -> None:
        """grads += l1 * sign(W) + 2 * l2 * W (penalty l1*|W| + l2*W^2, the Keras convention)."""
        xp = self.xp
        if self._l2 is not None:
            self.flat_grads += 2.0 * self._l2 * self.flat_params
        if self._l1 is not None:
            self.flat_grads += self._l1 * xp.sign(self.flat_params)

    def regularisation_penalty(self) -> float:
        xp = self.xp
        total = 0.0
        if self._l2 is not None:
            total += float(xp.sum(self._l2 * self.flat_params * self.flat_params))
        if self._l1 is not None:
            total += float(xp.sum(self._l1 * xp.abs(self.flat_params)))
        return total

    # -- numerics -------------------------------------------------------------------
    def to_internal(self, x: Array) -> Array:
        """Sample-major input (N, ...) to the internal layout: images become (C, N, H, W)."""
        if x.ndim == 4:
            if x.shape[1] == 1:
                return x.reshape(1, *x.shape[:1], *x.shape[2:])
            return self.xp.ascontiguousarray(x.transpose(1, 0, 2, 3))
        return x

    def forward(self, x: Array, training: bool = False) -> Array:
        """x: (N, F) or (N, C, H, W), already on this backend; returns (N, outputs)."""
        h = self.to_internal(x)
        for layer in self.layers:
            h = layer.forward(h, training)
        return h

    def backward(self, dout: Array) -> None:
        """Backpropagate dL/d(output); fills ``flat_grads`` (see ``_plan_backward``)."""
        g = dout
        for layer in self._backward_layers:
            g = layer.backward(g)

    def predict(self, x: np.ndarray, batch: int = 4096) -> np.ndarray:
        """Outputs for host inputs, in inference mode, as a host float32 array."""
        outs = []
        for start in range(0, len(x), batch):
            xb = self.xp.asarray(x[start:start + batch], dtype=np.float32)
            outs.append(self.backend.to_numpy(self.forward(xb, training=False)))
        if not outs:
            return np.zeros((0, *self.output_shape), dtype=np.float32)
        return np.concatenate(outs).astype(np.float32, copy=False)


def _backend_rng(backend: Backend, seed: int) -> Any:
    if backend.name == "cupy":
        return backend.xp.random.default_rng(seed)
    return np.random.default_rng(seed + 7919)
