"""The design model: frozen values made of primitives, one to one with the design file.

A design holds no runtime state (no weights, no optimizer moments). Edits make new
values with :func:`dataclasses.replace`; nothing mutates a spec another thread may hold.
``from_dict`` validates every field and raises :class:`DesignError` naming it.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

from engine import catalog
from engine.catalog import LAYER_TYPES, Option
from engine.errors import DesignError

FORMAT = "nn-playground.design"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class LayerSpec:
    """One layer: a stable id (``L7``), a registry type name, its options and, for residual blocks, children."""

    id: str
    type: str
    options: dict[str, Any] = field(default_factory=dict)
    children: tuple[LayerSpec, ...] = ()

    def get(self, name: str) -> Any:
        """The option's value, or the layer type's default."""
        if name in self.options:
            return self.options[name]
        return LAYER_TYPES[self.type].option(name).default

    def with_option(self, name: str, value: Any) -> LayerSpec:
        return replace(self, options={**self.options, name: value})

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type, "options": dict(self.options)}
        if LAYER_TYPES[self.type].has_children:
            out["layers"] = [c.to_dict() for c in self.children]
        return out


@dataclass(frozen=True)
class DataSpec:
    """Which data set, how it is generated or read, and which input features are used."""

    dataset: str = "spiral"
    samples: int = 500
    noise: float = 0.0
    train_fraction: float = 0.5
    seed: int = 0
    features: tuple[str, ...] = ("x1", "x2")
    classes: int = 3  # only for the k-class sets (blobs, spirals)
    path: str | None = None  # IDX folder or CSV file
    target: str | None = None  # CSV label/target column (default: the last one)
    task: str | None = None  # CSV: "classification" | "regression" (default: guessed)
    train_limit: int | None = None  # use only the first N training images
    test_limit: int | None = None
    points: tuple[tuple[float, float, float], ...] = ()  # "custom": (x1, x2, class or target) per point


@dataclass(frozen=True)
class TrainSpec:
    """Loss, optimizer and every hyperparameter the person sets."""

    loss: str = "mse"
    optimizer: str = "sgd"
    learning_rate: float = 0.03
    momentum: float = 0.9
    rho: float = 0.9
    beta1: float = 0.9
    beta2: float = 0.999
    epsilon: float = 1e-7
    huber_delta: float = 1.0
    batch_size: int = 10
    epochs: int = 100
    target_loss: float | None = None
    l1: float = 0.0
    l2: float = 0.0
    initializer: str = "glorot_uniform"
    init_scale: float = 0.5  # a of uniform(-a, a), sigma of normal(sigma)
    bias_init: float = 0.0
    seed: int = 1
    backend: str = "auto"


@dataclass(frozen=True)
class DesignSpec:
    """A whole design: the network, the data and the training settings."""

    layers: tuple[LayerSpec, ...]
    data: DataSpec = DataSpec()
    train: TrainSpec = TrainSpec()
    name: str = ""
    description: str = ""
    ui: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self.data)
        data["features"] = list(self.data.features)
        if self.data.points:  # written only when there are some, so other designs read as before
            data["points"] = [list(p) for p in self.data.points]
        else:
            del data["points"]
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "name": self.name,
            "description": self.description,
            "data": data,
            "network": {"layers": [layer.to_dict() for layer in self.layers]},
            "train": asdict(self.train),
            "ui": dict(self.ui),
        }

    @staticmethod
    def from_dict(doc: Any) -> DesignSpec:
        return parse_design(doc)

    def all_layers(self) -> list[LayerSpec]:
        """Every layer, residual children included, in depth-first order."""
        out: list[LayerSpec] = []

        def walk(layers: tuple[LayerSpec, ...]) -> None:
            for layer in layers:
                out.append(layer)
                walk(layer.children)

        walk(self.layers)
        return out

    def next_layer_id(self) -> str:
        """A fresh id, never one already used in this design."""
        used = [int(x.id[1:]) for x in self.all_layers() if x.id[1:].isdecimal() and x.id[1:].isascii()]
        return f"L{max(used, default=0) + 1}"


# ---------------------------------------------------------------- validation helpers


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def check_int(v: Any, where: str, lo: float | None = None, hi: float | None = None) -> int:
    if isinstance(v, float) and v.is_integer() and math.isfinite(v):
        v = int(v)
    if not isinstance(v, int) or isinstance(v, bool):
        raise DesignError(f"expected a whole number, got {_show(v)}", where)
    _check_range(v, where, lo, hi)
    return v


def check_float(v: Any, where: str, lo: float | None = None, hi: float | None = None) -> float:
    if not _is_number(v):
        raise DesignError(f"expected a number, got {_show(v)}", where)
    try:
        v = float(v)
    except OverflowError:
        raise DesignError("the number is far too large", where) from None
    if not math.isfinite(v):
        raise DesignError(f"expected a finite number, got {v}", where)
    _check_range(v, where, lo, hi)
    return v


def check_choice(v: Any, where: str, choices: tuple[str, ...]) -> str:
    if not isinstance(v, str) or v not in choices:
        listed = ", ".join(choices)
        raise DesignError(f"unknown value {_show(v)}; expected one of: {listed}", where)
    return v


def _check_range(v: float, where: str, lo: float | None, hi: float | None) -> None:
    if lo is not None and v < lo:
        raise DesignError(f"must be at least {_fmt(lo)}, got {_fmt(v)}", where)
    if hi is not None and v > hi:
        raise DesignError(f"must be at most {_fmt(hi)}, got {_fmt(v)}", where)


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() and abs(v) < 1e15 else repr(float(v))


def _show(v: Any) -> str:
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "..."


def _check_keys(obj: dict[str, Any], where: str, allowed: set[str]) -> None:
    for key in obj:
        if key not in allowed:
            raise DesignError(f"unknown field {_show(key)}", f"{where}.{key}" if where else str(key))


def _expect_dict(v: Any, where: str) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise DesignError(f"expected an object, got {type(v).__name__}", where)
    return v


def check_option(opt: Option, v: Any, where: str) -> Any:
    """Validate one layer option value against its schema."""
    if opt.kind == "int":
        return check_int(v, where, opt.minimum, opt.maximum)
    if opt.kind == "float":
        return check_float(v, where, opt.minimum, opt.maximum)
    if opt.kind == "bool":
        if not isinstance(v, bool):
            raise DesignError(f"expected true or false, got {_show(v)}", where)
        return v
    if opt.kind == "choice":
        if opt.name == "activation" and isinstance(v, str):
            v = catalog.canonical_activation(v)
        return check_choice(v, where, opt.choices)
    if opt.kind == "padding":
        if isinstance(v, str):
            return check_choice(v, where, ("valid", "same"))
        return check_int(v, where, 0, catalog.MAX_KERNEL)
    raise AssertionError(opt.kind)


# ---------------------------------------------------------------- parsing


def parse_layer(raw: Any, where: str, depth: int = 0) -> LayerSpec:
    layer = _expect_dict(raw, where)
    _check_keys(layer, where, {"id", "type", "options", "layers"})
    layer_id = layer.get("id")
    if not isinstance(layer_id, str) or not layer_id or len(layer_id) > 32 or not layer_id.isprintable():
        raise DesignError(f"a layer needs a short text id, got {_show(layer_id)}", f"{where}.id")
    if "type" not in layer:
        raise DesignError("missing the layer type", f"{where}.type")
    kind = check_choice(layer["type"], f"{where}.type", tuple(LAYER_TYPES))
    ltype = LAYER_TYPES[kind]
    raw_opts = _expect_dict(layer.get("options", {}), f"{where}.options")
    options: dict[str, Any] = {}
    for key, value in raw_opts.items():
        try:
            opt = ltype.option(key)
        except KeyError:
            raise DesignError(f"a {kind} layer has no option {_show(key)}", f"{where}.options.{key}") from None
        options[key] = check_option(opt, value, f"{where}.options.{key}")
    children: tuple[LayerSpec, ...] = ()
    if ltype.has_children:
        if depth >= 8:
            raise DesignError("residual blocks are nested too deeply (at most 8)", where)
        raw_children = layer.get("layers", [])
        if not isinstance(raw_children, list):
            raise DesignError("expected a list of layers", f"{where}.layers")
        children = tuple(
            parse_layer(c, f"{where}.layers[{i}]", depth + 1) for i, c in enumerate(raw_children)
        )
    elif "layers" in layer:
        raise DesignError(f"a {kind} layer cannot hold other layers", f"{where}.layers")
    return LayerSpec(layer_id, kind, options, children)


_DATA_CHECKS: dict[str, Any] = {
    "dataset": lambda v, w: check_choice(v, w, catalog.DATASETS),
    "samples": lambda v, w: check_int(v, w, 4, catalog.MAX_SAMPLES),
    "noise": lambda v, w: check_float(v, w, 0.0, 10.0),
    "train_fraction": lambda v, w: check_float(v, w, 0.05, 0.95),
    "seed": lambda v, w: check_int(v, w, 0, 2**32 - 1),
    "classes": lambda v, w: check_int(v, w, 2, 10),
    "train_limit": lambda v, w: None if v is None else check_int(v, w, 1, catalog.MAX_SAMPLES),
    "test_limit": lambda v, w: None if v is None else check_int(v, w, 1, catalog.MAX_SAMPLES),
    "path": lambda v, w: None if v is None else _check_text(v, w, 4096),
    "target": lambda v, w: None if v is None else _check_text(v, w, 256),
    "task": lambda v, w: None if v is None else check_choice(v, w, ("classification", "regression")),
    "points": lambda v, w: check_points(v, w),
}


def check_points(v: Any, where: str) -> tuple[tuple[float, float, float], ...]:
    """Drawn points ``[[x1, x2, label], ...]``: at most MAX_POINTS, finite, inside the plane.

    The labels are checked against the task and the number of classes by :func:`check_point_labels`.
    """
    if not isinstance(v, (list, tuple)):
        raise DesignError(f"expected a list of [x1, x2, label] points, got {type(v).__name__}", where)
    if len(v) > catalog.MAX_POINTS:
        raise DesignError(f"too many points ({len(v):,}; at most {catalog.MAX_POINTS:,})", where)
    half = catalog.PLANE_HALF_WIDTH
    if _plain_points(v, half):
        return v  # already (float, float, number) tuples inside the plane: nothing to convert
    out = []
    for i, point in enumerate(v):
        at = f"{where}[{i}]"
        if not isinstance(point, (list, tuple)) or len(point) != 3:
            raise DesignError(f"expected a point [x1, x2, label], got {_show(point)}", at)
        x1, x2, label = point
        for name, value in (("x1", x1), ("x2", x2), ("label", label)):
            if not _is_number(value) or not math.isfinite(value):
                raise DesignError(f"{name} must be a finite number, got {_show(value)}", at)
        for name, value in (("x1", x1), ("x2", x2)):
            if not -half <= value <= half:
                raise DesignError(f"{name} = {_fmt(value)} is outside the plane [-{half:g}, {half:g}]", at)
        out.append((float(x1), float(x2), label))
    return tuple(out)


def _plain_points(v: Any, half: float) -> bool:
    """The fast path of check_points: a tuple of (float, float, int or float) tuples, finite, in the plane."""
    return type(v) is tuple and all(
        type(p) is tuple
        and len(p) == 3
        and type(p[0]) is float
        and type(p[1]) is float
        and -half <= p[0] <= half  # NaN fails these comparisons too
        and -half <= p[1] <= half
        and (type(p[2]) is int or (type(p[2]) is float and math.isfinite(p[2])))
        for p in v
    )


def check_point_labels(data: DataSpec, where: str = "data.points") -> DataSpec:
    """``data`` with its points' labels checked for a custom set: a class 0..classes-1, or a target.

    Other data sets ignore their points (kept so that switching back finds them again).
    """
    if data.dataset != "custom" or not data.points:
        return data
    labels = [p[2] for p in data.points]
    if data.task != "regression" and all(type(c) is int and 0 <= c < data.classes for c in labels):
        return data  # the fast path: whole-number classes in range
    out = []
    for i, (x1, x2, label) in enumerate(data.points):
        if data.task == "regression":
            if not -catalog.MAX_TARGET <= label <= catalog.MAX_TARGET:
                raise DesignError(
                    f"the target must be between -{catalog.MAX_TARGET:g} and {catalog.MAX_TARGET:g}, got {_fmt(label)}",
                    f"{where}[{i}]",
                )
            out.append((x1, x2, float(label)))
            continue
        if isinstance(label, float) and label.is_integer():
            label = int(label)
        if not isinstance(label, int) or isinstance(label, bool) or not 0 <= label < data.classes:
            raise DesignError(
                f"the label must be a class from 0 to {data.classes - 1} (data.classes is {data.classes}), "
                f"got {_show(label)}",
                f"{where}[{i}]",
            )
        out.append((x1, x2, label))
    return replace(data, points=tuple(out))


def _check_text(v: Any, where: str, limit: int) -> str:
    if not isinstance(v, str) or len(v) > limit or "\x00" in v:
        raise DesignError(f"expected a text of at most {limit} characters", where)
    return v


def _check_features(v: Any, where: str) -> tuple[str, ...]:
    if not isinstance(v, list) or not v:
        raise DesignError("expected a non-empty list of feature names", where)
    out = []
    for i, name in enumerate(v):
        out.append(check_choice(name, f"{where}[{i}]", catalog.FEATURES))
    if len(set(out)) != len(out):
        raise DesignError("a feature is listed twice", where)
    return tuple(out)


_TRAIN_CHECKS: dict[str, Any] = {
    "loss": lambda v, w: check_choice(v, w, catalog.LOSSES),
    "optimizer": lambda v, w: check_choice(v, w, catalog.OPTIMIZERS),
    "learning_rate": lambda v, w: check_float(v, w, 0.0, 1000.0),
    "momentum": lambda v, w: check_float(v, w, 0.0, 0.9999),
    "rho": lambda v, w: check_float(v, w, 0.0, 0.9999),
    "beta1": lambda v, w: check_float(v, w, 0.0, 0.9999),
    "beta2": lambda v, w: check_float(v, w, 0.0, 0.999999),
    "epsilon": lambda v, w: check_float(v, w, 1e-12, 1.0),
    "huber_delta": lambda v, w: check_float(v, w, 1e-6, 1e6),
    "batch_size": lambda v, w: check_int(v, w, 1, catalog.MAX_BATCH),
    "epochs": lambda v, w: check_int(v, w, 1, catalog.MAX_EPOCHS),
    "target_loss": lambda v, w: None if v is None else check_float(v, w, 0.0, 1e9),
    "l1": lambda v, w: check_float(v, w, 0.0, 10.0),
    "l2": lambda v, w: check_float(v, w, 0.0, 10.0),
    "initializer": lambda v, w: check_choice(v, w, catalog.INITIALIZERS),
    "init_scale": lambda v, w: check_float(v, w, 0.0, 100.0),
    "bias_init": lambda v, w: check_float(v, w, -100.0, 100.0),
    "seed": lambda v, w: check_int(v, w, 0, 2**32 - 1),
    "backend": lambda v, w: check_choice(v, w, catalog.BACKENDS),
}


def _parse_section(raw: Any, where: str, cls: type, checks: dict[str, Any]) -> Any:
    obj = _expect_dict(raw, where)
    _check_keys(obj, where, {f.name for f in fields(cls)})
    values = {}
    for key, value in obj.items():
        if key == "features":
            values[key] = _check_features(value, f"{where}.features")
        else:
            values[key] = checks[key](value, f"{where}.{key}")
    return cls(**values)


MAX_TEACHER_CONTROLS = 200  # names in ui.teacher.hidden / ui.teacher.locked


def _check_ui_teacher(ui: dict[str, Any]) -> None:
    """Check ``ui.teacher`` (the app's teacher controls), the one part of ``ui`` with a schema.

    Unknown keys and unknown control names are allowed (a newer app may know more); only
    the types are checked, so a hand-edited file fails with a message naming the field.
    """
    raw = ui.get("teacher")
    if raw is None:
        return
    teacher = _expect_dict(raw, "ui.teacher")
    for key in ("hidden", "locked"):
        if key not in teacher:
            continue
        names, where = teacher[key], f"ui.teacher.{key}"
        if not isinstance(names, list):
            raise DesignError(f"expected a list of control names, got {_show(names)}", where)
        if len(names) > MAX_TEACHER_CONTROLS:
            raise DesignError(f"too many control names (at most {MAX_TEACHER_CONTROLS})", where)
        for i, name in enumerate(names):
            if not isinstance(name, str) or not name or len(name) > 64 or not name.isprintable():
                raise DesignError(f"expected a control name, got {_show(name)}", f"{where}[{i}]")
    pin = teacher.get("pin")
    if pin is None:
        return
    pin = _expect_dict(pin, "ui.teacher.pin")
    for key in ("salt", "hash"):
        value = pin.get(key)
        if not isinstance(value, str) or not 0 < len(value) <= 256 or any(c not in "0123456789abcdef" for c in value):
            raise DesignError(f"expected lower-case hexadecimal text, got {_show(value)}", f"ui.teacher.pin.{key}")
    check_int(pin.get("iterations"), "ui.teacher.pin.iterations", 1, 10_000_000)


def parse_design(doc: Any) -> DesignSpec:
    """Validate a design document (already migrated to the current version) into a DesignSpec."""
    doc = _expect_dict(doc, "")
    _check_keys(doc, "", {"format", "format_version", "name", "description", "data", "network", "train", "ui"})
    if doc.get("format") != FORMAT:
        raise DesignError(f"this is not a playground design (expected format {FORMAT!r})", "format")
    version = doc.get("format_version")
    if version != FORMAT_VERSION:
        raise DesignError(f"unsupported format version {_show(version)}", "format_version")
    name = _check_text(doc.get("name", ""), "name", 200)
    description = _check_text(doc.get("description", ""), "description", 5000)
    network = _expect_dict(doc.get("network"), "network")
    _check_keys(network, "network", {"layers"})
    raw_layers = network.get("layers")
    if not isinstance(raw_layers, list):
        raise DesignError("expected a list of layers", "network.layers")
    if len(raw_layers) > catalog.MAX_LAYERS:
        raise DesignError(f"too many layers (at most {catalog.MAX_LAYERS})", "network.layers")
    layers = tuple(parse_layer(raw, f"network.layers[{i}]") for i, raw in enumerate(raw_layers))
    data = check_point_labels(_parse_section(doc.get("data", {}), "data", DataSpec, _DATA_CHECKS))
    train = _parse_section(doc.get("train", {}), "train", TrainSpec, _TRAIN_CHECKS)
    ui = _expect_dict(doc.get("ui", {}), "ui")
    _check_ui_teacher(ui)
    design = DesignSpec(layers, data, train, name, description, dict(ui))
    ids = [layer.id for layer in design.all_layers()]
    if len(ids) > catalog.MAX_LAYERS:
        raise DesignError(f"too many layers (at most {catalog.MAX_LAYERS})", "network.layers")
    seen: set[str] = set()
    for layer_id in ids:
        if layer_id in seen:
            raise DesignError(f"the layer id {layer_id!r} is used twice", "network.layers", layer_id)
        seen.add(layer_id)
    return design
