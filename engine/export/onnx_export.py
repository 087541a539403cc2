"""Export a design as an ONNX model (opset 17), built with the ``onnx`` package alone.

The graph takes ``input`` of shape (N, *input_shape) float32 (images NCHW, as the
playground stores them) and gives ``output`` (N, *output_shape). Per layer:

- Dense: ``Gemm`` (``W`` (in, out) as B, no transpose) or ``MatMul`` without a bias.
- Conv2D: ``Conv`` with explicit ``pads`` [top, left, bottom, right], so TF-style "same"
  padding (odd pixel bottom/right) is exact; ``W`` is (out, in, k, k) in both.
- MaxPool2D / AvgPool2D: ``MaxPool`` / ``AveragePool``, no padding, floor mode.
- Flatten: ``Flatten(axis=1)``, which flattens NCHW in C, H, W order like the playground.
- BatchNorm: ``BatchNormalization`` with the running statistics (inference mode).
- Dropout: nothing (inference). Residual: ``Add`` of the block's input and output.
- Activations: Relu, Tanh, Sigmoid, LeakyRelu, PRelu (slope (C, 1, 1) for images),
  Elu, Softmax(axis=-1), Softplus; GELU (tanh approximation) and SiLU from primitive
  ops (opset 17 has no Gelu); the step function as ``Greater`` + ``Cast``.

``onnx`` is imported only when an export runs; without it the export raises a
PlaygroundError saying how to install it.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import numpy as np

from engine.export.common import (
    SUPPORTED_LAYER_TYPES,
    ExportError,
    ExportSource,
    PlanLayer,
    input_note,
    output_note,
    plan_layers,
    weights_note,
    write_file,
)

OPSET = 17
IR_VERSION = 8  # the IR version that came with opset 17 (onnx 1.12); keeps older runtimes happy

LAYER_TYPES = SUPPORTED_LAYER_TYPES
ACTIVATIONS = frozenset(
    {"linear", "step", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu", "softmax", "gelu", "silu", "softplus"}
)

MISSING_ONNX = "ONNX export needs the optional 'onnx' package: pip install 'nn-playground[export]'"


def _import_onnx() -> Any:
    try:
        import onnx
        from onnx import checker, helper, numpy_helper  # noqa: F401 - submodules used below
    except ImportError:
        raise ExportError(MISSING_ONNX) from None
    return onnx


class _Graph:
    """Nodes and initialisers with unique tensor names."""

    def __init__(self, onnx: Any):
        self.onnx = onnx
        self.helper = onnx.helper
        self.nodes: list[Any] = []
        self.initializers: list[Any] = []
        self.names: set[str] = {"input", "output"}
        self.constants: dict[tuple[str, float], str] = {}

    def name(self, base: str) -> str:
        name, i = base, 2
        while name in self.names:
            name = f"{base}_{i}"
            i += 1
        self.names.add(name)
        return name

    def init(self, base: str, value: np.ndarray) -> str:
        name = self.name(base)
        arr = np.ascontiguousarray(value, dtype=np.float32)
        self.initializers.append(self.onnx.numpy_helper.from_array(arr, name))
        return name

    def const(self, value: float) -> str:
        """A float32 scalar initialiser, shared by every node that needs the same value."""
        key = ("f", float(value))
        if key not in self.constants:
            self.constants[key] = self.init(f"const/{value!r}", np.array(value, dtype=np.float32))
        return self.constants[key]

    def op(self, op_type: str, inputs: list[str], out_base: str, **attrs: Any) -> str:
        out = self.name(out_base)
        node_name = self.name(f"{out_base}/{op_type}")
        self.nodes.append(self.helper.make_node(op_type, inputs, [out], name=node_name, **attrs))
        return out


def _activation(g: _Graph, plan: PlanLayer, x: str, weights: dict[str, np.ndarray]) -> str:
    name, alpha = plan.activation()
    base = f"{plan.id}/{name}"
    if name == "linear":
        return x
    if name in ("relu", "tanh", "sigmoid", "softplus"):
        op = {"relu": "Relu", "tanh": "Tanh", "sigmoid": "Sigmoid", "softplus": "Softplus"}[name]
        return g.op(op, [x], base)
    if name == "leaky_relu":
        return g.op("LeakyRelu", [x], base, alpha=float(alpha))
    if name == "elu":
        return g.op("Elu", [x], base, alpha=float(alpha))
    if name == "softmax":
        return g.op("Softmax", [x], base, axis=-1)
    if name == "prelu":
        slope = weights[plan.key("slope")]
        if len(plan.out_shape) == 3:
            slope = slope.reshape(-1, 1, 1)  # per channel of (N, C, H, W)
        return g.op("PRelu", [x, g.init(plan.key("slope"), slope)], base)
    if name == "step":
        positive = g.op("Greater", [x, g.const(0.0)], f"{base}/positive")
        return g.op("Cast", [positive], base, to=g.onnx.TensorProto.FLOAT)
    if name == "silu":
        s = g.op("Sigmoid", [x], f"{base}/sigmoid")
        return g.op("Mul", [x, s], base)
    if name == "gelu":
        # 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
        x2 = g.op("Mul", [x, x], f"{base}/x2")
        x3 = g.op("Mul", [x2, x], f"{base}/x3")
        inner = g.op("Add", [x, g.op("Mul", [x3, g.const(0.044715)], f"{base}/cubic")], f"{base}/inner")
        u = g.op("Mul", [inner, g.const(math.sqrt(2.0 / math.pi))], f"{base}/u")
        t = g.op("Tanh", [u], f"{base}/tanh")
        one_plus = g.op("Add", [t, g.const(1.0)], f"{base}/one_plus")
        half_x = g.op("Mul", [x, g.const(0.5)], f"{base}/half_x")
        return g.op("Mul", [half_x, one_plus], base)
    raise ExportError(f"layer {plan.id}: the onnx export does not support the activation {name!r}")


def _layer(g: _Graph, plan: PlanLayer, x: str, weights: dict[str, np.ndarray]) -> str:
    spec, kind = plan.spec, plan.type
    if kind == "dense":
        w = g.init(plan.key("W"), weights[plan.key("W")])
        if spec.get("use_bias"):
            b = g.init(plan.key("b"), weights[plan.key("b")])
            z = g.op("Gemm", [x, w, b], f"{plan.id}/dense")
        else:
            z = g.op("MatMul", [x, w], f"{plan.id}/dense")
        return _activation(g, plan, z, weights)
    if kind == "conv2d":
        top, bottom, left, right = plan.conv_pads()
        k, s = int(spec.get("kernel")), int(spec.get("stride"))
        inputs = [x, g.init(plan.key("W"), weights[plan.key("W")])]
        if spec.get("use_bias"):
            inputs.append(g.init(plan.key("b"), weights[plan.key("b")]))
        z = g.op("Conv", inputs, f"{plan.id}/conv", kernel_shape=[k, k], strides=[s, s],
                 pads=[top, left, bottom, right])
        return _activation(g, plan, z, weights)
    if kind in ("maxpool2d", "avgpool2d"):
        p, s = int(spec.get("pool")), int(spec.get("stride"))
        op = "MaxPool" if kind == "maxpool2d" else "AveragePool"
        return g.op(op, [x], f"{plan.id}/pool", kernel_shape=[p, p], strides=[s, s])
    if kind == "flatten":
        if len(plan.in_shape) == 1:
            return x
        return g.op("Flatten", [x], f"{plan.id}/flatten", axis=1)
    if kind == "dropout":
        return x
    if kind == "batchnorm":
        inputs = [x] + [g.init(plan.key(n), weights[plan.key(n)])
                        for n in ("gamma", "beta", "running_mean", "running_var")]
        return g.op("BatchNormalization", inputs, f"{plan.id}/batchnorm",
                    epsilon=float(spec.get("epsilon")), momentum=float(spec.get("momentum")))
    if kind == "activation":
        return _activation(g, plan, x, weights)
    if kind == "residual":
        h = x
        for child in plan.children:
            h = _layer(g, child, h, weights)
        return g.op("Add", [x, h], f"{plan.id}/add")
    raise ExportError(f"layer {plan.id}: the onnx export does not support {kind!r} layers")


def onnx_model(src: ExportSource) -> Any:
    """The checked ``onnx.ModelProto`` of an export source."""
    onnx = _import_onnx()
    helper = onnx.helper
    g = _Graph(onnx)
    x = "input"
    for plan in plan_layers(src.design, src.input_shape):
        x = _layer(g, plan, x, src.weights)
    g.nodes.append(helper.make_node("Identity", [x], ["output"], name=g.name("output/Identity")))
    float_t = onnx.TensorProto.FLOAT
    inp = helper.make_tensor_value_info("input", float_t, ["N", *src.input_shape])
    out = helper.make_tensor_value_info("output", float_t, ["N", *src.output_shape])
    note = "\n".join([*input_note(src), *output_note(src), weights_note(src)])
    graph = helper.make_graph(g.nodes, "playground", [inp], [out], initializer=g.initializers, doc_string=note)
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="nn-playground",
        producer_version=_version(),
        doc_string=note,
    )
    model.ir_version = IR_VERSION
    props = {
        "design_name": src.design.name,
        "input_shape": "x".join(str(d) for d in src.input_shape),
        "trained": "true" if src.trained else "false",
    }
    if src.uses_2d_features:
        props["features"] = ",".join(src.design.data.features)
    helper.set_model_props(model, props)
    try:
        onnx.checker.check_model(model, full_check=True)
    except Exception as exc:  # onnx raises ValidationError / InferenceError; both mean a bug here
        raise ExportError(f"the generated ONNX model did not pass the checker: {exc}") from exc
    return model


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("nn-playground")
    except Exception:
        return "0"


def export_onnx(src: ExportSource, out_path: str | os.PathLike[str]) -> list[Path]:
    """Write the ONNX model to ``out_path``; returns ``[out_path]``."""
    model = onnx_model(src)
    path = Path(out_path)
    write_file(path, model.SerializeToString())
    return [path]
