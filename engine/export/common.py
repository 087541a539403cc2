"""What every exporter shares: the source (design, input shape, weights), a layer plan, notes, file writing.

An export starts from a design (weights drawn fresh from the design's seed, exactly as
:class:`engine.network.Network` draws them), a trained snapshot (its saved weights), or
anything holding a built ``network`` and its ``design`` (the app's trainer). The weights
are host float32 arrays keyed like :meth:`Network.state_arrays` (``"L3/W"``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from engine import catalog
from engine.atomic import write_atomic
from engine.errors import DataError, PlaygroundError
from engine.spec import DesignSpec, LayerSpec

Shape = tuple[int, ...]

FORMATS: tuple[str, ...] = ("pytorch", "keras", "onnx")


# every layer type of the catalogue; each exporter supports all of them
SUPPORTED_LAYER_TYPES = frozenset(catalog.LAYER_TYPES)


class ExportError(PlaygroundError):
    """A design cannot be exported (an unsupported layer or activation, a missing package, ...)."""


@dataclass(frozen=True)
class ExportSource:
    """A design with concrete weights, ready to be written in another framework's terms."""

    design: DesignSpec
    input_shape: Shape  # one sample: (F,) or (C, H, W)
    output_shape: Shape
    weights: dict[str, np.ndarray]  # "L3/W" -> float32 host array (parameters and buffers)
    trained: bool  # False: fresh weights from the design's seed
    origin: str = "design"  # "design" | "snapshot" | "session" (a live trainer's current weights)

    @property
    def image_input(self) -> bool:
        return len(self.input_shape) == 3

    @property
    def uses_2d_features(self) -> bool:
        """A 2-D data set whose feature columns are the network's inputs."""
        data = self.design.data
        return (
            data.dataset in catalog.PLANE_2D
            and tuple(self.input_shape) == (len(data.features),)
        )


@dataclass(frozen=True)
class PlanLayer:
    """One layer of the design with its input/output shapes and its (planned) children."""

    spec: LayerSpec
    in_shape: Shape
    out_shape: Shape
    children: tuple[PlanLayer, ...] = ()

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def type(self) -> str:
        return self.spec.type

    def key(self, name: str) -> str:
        """The weights key of one of this layer's arrays (``"L3/W"``)."""
        return f"{self.spec.id}/{name}"

    def activation(self) -> tuple[str, float]:
        """(activation name, its alpha) for dense, conv2d and activation layers."""
        from engine.layers.act import activation_alpha

        name = catalog.canonical_activation(str(self.spec.get("activation")))
        return name, activation_alpha(self.spec, name)

    def conv_pads(self) -> tuple[int, int, int, int]:
        """(top, bottom, left, right) zero padding of a Conv2D layer (TF "same": odd pixel bottom/right)."""
        from engine.layers.conv import conv_padding

        _, h, w = self.in_shape
        return conv_padding(self.spec.get("padding"), h, w, int(self.spec.get("kernel")), int(self.spec.get("stride")))


def check_supported(design: DesignSpec, fmt: str, layer_types: Iterable[str], activations: Iterable[str]) -> None:
    """ExportError naming the first layer whose type or activation the format's exporter does not know."""
    layer_types, activations = set(layer_types), set(activations)
    for spec in design.all_layers():
        if spec.type not in layer_types:
            raise ExportError(f"layer {spec.id}: the {fmt} export does not support {spec.type!r} layers")
        if spec.type in ("dense", "conv2d", "activation"):
            try:
                name = catalog.canonical_activation(str(spec.get("activation")))
            except KeyError:  # pragma: no cover - every one of these types has the option
                continue
            if name not in activations:
                raise ExportError(f"layer {spec.id}: the {fmt} export does not support the activation {name!r}")


def plan_layers(design: DesignSpec, input_shape: Shape) -> tuple[PlanLayer, ...]:
    """The design's layers with their shapes (raises the first layer's DesignError)."""
    from engine.layers import infer_stack

    stack, _ = infer_stack(design.layers, tuple(input_shape))

    def convert(items: Any) -> tuple[PlanLayer, ...]:
        return tuple(
            PlanLayer(spec, tuple(shape), tuple(inferred.out_shape), convert(inferred.children))
            for spec, shape, inferred in items
        )

    return convert(stack)


# ---------------------------------------------------------------- sources


def design_input_shape(design: DesignSpec) -> Shape:
    """The per-sample input shape of the design's data set (2-D sets: the feature count)."""
    from engine.data.loader import dataset_input_shape

    try:
        return tuple(int(d) for d in dataset_input_shape(design.data))
    except (DataError, OSError) as exc:
        raise ExportError(
            f"cannot tell the network's input shape from the data set {design.data.dataset!r}: {exc}"
        ) from None


def load_source(source: Any, input_shape: Shape | None = None, fmt: str | None = None) -> ExportSource:
    """An ExportSource from a DesignSpec, a Checkpoint, a file path (design or snapshot) or a trainer.

    ``input_shape`` overrides the shape read from the design's data set (handy when the
    data set's files are not at hand). With ``fmt`` the design is first checked against
    that format's exporter (ExportError for an unsupported layer or activation).
    """
    from engine.checkpoint import Checkpoint, is_snapshot_file, load_checkpoint
    from engine.design_io import load_design

    weights: dict[str, np.ndarray] | None = None
    origin = "design"
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        source = load_checkpoint(path) if is_snapshot_file(path) else load_design(path)
    if isinstance(source, Checkpoint):
        design, weights, origin = source.design, source.weights, "snapshot"
    elif isinstance(source, DesignSpec):
        design = source
    elif hasattr(source, "network") and isinstance(getattr(source, "design", None), DesignSpec):
        design = source.design
        weights, origin = source.network.state_arrays(), "session"
        if input_shape is None:
            input_shape = tuple(source.network.input_shape)
    else:
        raise ExportError(f"cannot export a {type(source).__name__}; expected a design, a snapshot or a file path")
    if fmt is not None:
        _check_for_format(design, fmt)
    shape = tuple(int(d) for d in input_shape) if input_shape is not None else design_input_shape(design)
    return _build_source(design, shape, weights, origin)


def _check_for_format(design: DesignSpec, fmt: str) -> None:
    if fmt == "pytorch":
        from engine.export.pytorch import ACTIVATIONS, LAYER_TYPES
    elif fmt == "keras":
        from engine.export.keras import ACTIVATIONS, LAYER_TYPES
    elif fmt == "onnx":
        from engine.export.onnx_export import ACTIVATIONS, LAYER_TYPES
    else:
        raise ExportError(f"unknown export format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    check_supported(design, fmt, LAYER_TYPES, ACTIVATIONS)


def _build_source(
    design: DesignSpec, input_shape: Shape, weights: dict[str, np.ndarray] | None, origin: str
) -> ExportSource:
    from engine.network import Network, analyze

    analysis = analyze(design, input_shape)
    if analysis.error is not None:
        raise analysis.error
    net = Network(design, input_shape)  # fresh weights from the design's seed
    if weights is not None:
        net.load_arrays(weights, strict=True)  # DesignError when the snapshot does not fit
    arrays = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in net.state_arrays().items()}
    return ExportSource(design, tuple(input_shape), tuple(net.output_shape), arrays, weights is not None, origin)


# ---------------------------------------------------------------- notes for the generated files


def input_note(src: ExportSource) -> list[str]:
    """Plain-text lines saying what the network expects as input (no user text in them)."""
    data = src.design.data
    shape = "×".join(str(d) for d in src.input_shape)
    if src.image_input:
        c, h, w = src.input_shape
        return [
            f"Input: float32 images of shape (N, {c}, {h}, {w}) (channels first), pixel values",
            "divided by 255 so they lie in [0, 1] (MNIST digits: white on black).",
        ]
    if src.uses_2d_features:
        return [
            f"Input: float32 rows of {shape} features (N, {src.input_shape[0]}), the columns listed in FEATURES,",
            "computed from the 2-D point (x1, x2) (the playground's points lie roughly in [-6, 6]);",
            "make_inputs(points) computes them.",
        ]
    if data.dataset == "csv":
        return [
            f"Input: float32 rows of {shape} values: the CSV file's feature columns (every column",
            "but the target) in file order, used as they are (not rescaled).",
        ]
    return [f"Input: float32 arrays of shape (N, {', '.join(str(d) for d in src.input_shape)})."]


def output_note(src: ExportSource) -> list[str]:
    """What the outputs mean, from the output activation and the number of units."""
    from engine.network import output_activation

    act = output_activation(src.design)
    if len(src.output_shape) != 1:
        return [f"Output: arrays of shape (N, {', '.join(str(d) for d in src.output_shape)})."]
    units = src.output_shape[0]
    if act == "softmax":
        return [f"Output: (N, {units}) class probabilities; the predicted class is the argmax."]
    if units == 1 and act in ("sigmoid", "step"):
        return ["Output: (N, 1); for two classes, class 1 when the output is above 0.5."]
    if units == 1 and act == "tanh":
        return ["Output: (N, 1); for two classes, class 1 when the output is above 0 (targets were -1/1)."]
    if units == 1:
        return ["Output: (N, 1), the predicted number (regression) or class score."]
    return [f"Output: (N, {units}); for classification the predicted class is the argmax."]


def weights_note(src: ExportSource) -> str:
    if src.origin == "snapshot":
        return "The weights are the trained ones from the snapshot."
    if src.trained:
        return "The weights are the network's weights in the playground at the time of export."
    return f"The weights are freshly initialised from the design's seed ({src.design.train.seed}), untrained."


# ---------------------------------------------------------------- generated Python text


_FEATURE_CODE = {
    "x1": "x1",
    "x2": "x2",
    "x1^2": "x1 * x1",
    "x2^2": "x2 * x2",
    "x1*x2": "x1 * x2",
    "sin x1": "np.sin(x1)",
    "sin x2": "np.sin(x2)",
}


def feature_helper(src: ExportSource) -> str:
    """Python source of ``FEATURES`` and ``make_inputs`` for the 2-D data sets ('' otherwise)."""
    if not src.uses_2d_features:
        return ""
    features = tuple(src.design.data.features)
    for name in features:
        if name not in _FEATURE_CODE:
            raise ExportError(f"unknown input feature {name!r}")
    columns = "".join(f"        {name!r}: {_FEATURE_CODE[name]},\n" for name in features)
    return (
        f"FEATURES = {features!r}\n"
        "\n\n"
        "def make_inputs(points: np.ndarray) -> np.ndarray:\n"
        '    """(N, 2) points (x1, x2) -> (N, len(FEATURES)) float32 network inputs, computed in float64."""\n'
        "    p = np.asarray(points, dtype=np.float64)\n"
        "    x1, x2 = p[:, 0], p[:, 1]\n"
        "    columns = {\n"
        f"{columns}"
        "    }\n"
        "    return np.stack([columns[name] for name in FEATURES], axis=1).astype(np.float32)\n"
    )


def example_inputs_code(src: ExportSource) -> str:
    """Python source of ``example_inputs(n, seed)``: random inputs of the right kind."""
    shape = ", ".join(str(d) for d in src.input_shape)
    if src.image_input:
        body = f"    return rng.random((n, {shape}), dtype=np.float32)  # pixels in [0, 1]\n"
    elif src.uses_2d_features:
        body = "    return make_inputs(rng.uniform(-6.0, 6.0, size=(n, 2)))\n"
    else:
        body = f"    return rng.standard_normal((n, {shape})).astype(np.float32)\n"
    return (
        "def example_inputs(n: int = 4, seed: int = 0) -> np.ndarray:\n"
        '    """Random inputs of the shape and range the network expects."""\n'
        "    rng = np.random.default_rng(seed)\n"
        f"{body}"
    )


def comment_block(lines: Iterable[str]) -> str:
    return "".join(f"# {line}\n" if line else "#\n" for line in lines)


def python_name(text: str, used: set[str], fallback: str = "layer") -> str:
    """A unique identifier-like name (letters, digits, _) made from a layer id."""
    base = re.sub(r"[^0-9A-Za-z_]", "_", text.strip()) or fallback
    if base[0].isdigit():
        base = f"{fallback}_{base}"
    name, i = base, 2
    while name in used:
        name = f"{base}_{i}"
        i += 1
    used.add(name)
    return name


# ---------------------------------------------------------------- writing


def script_paths(out_path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """(OUT.py, OUT.weights.npz) for an output path given with or without ``.py``."""
    out = Path(out_path)
    script = out if out.suffix == ".py" else out.with_name(out.name + ".py")
    return script, script.with_name(script.name[: -len(".py")] + ".weights.npz")


def write_file(path: Path, data: bytes) -> None:
    """Write an exported file atomically (:func:`engine.atomic.write_atomic`); a folder is a clear error."""
    if Path(os.path.realpath(path)).is_dir():
        raise ExportError(f"{path} is a folder")
    write_atomic(path, data)


def write_script_export(src: ExportSource, out_path: str | os.PathLike[str], script_text: Any) -> list[Path]:
    """Write ``OUT.py`` (``script_text(src, weights_file_name)``) and ``OUT.weights.npz``; returns both paths."""
    script, weights = script_paths(out_path)
    text = script_text(src, weights.name)
    write_file(weights, npz_bytes(src.weights))
    write_file(script, text.encode("utf-8"))
    return [script, weights]


def npz_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    import io

    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()
