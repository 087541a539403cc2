"""What a comparison edits and reports, on plain :class:`~engine.spec.DesignSpec` values (no widgets).

- The *hidden activation* is the activation of every layer with an ``activation``
  option before the last weight layer (Dense or Conv2D); the output layer and what
  follows it keep theirs.
- The *hidden sizes* are the units of the Dense layers before the output layer. They can
  be edited only for a plain stack (optional Flatten layers first, then Dense layers).
- :func:`differences` lists the settings in which two designs differ, for the window's
  "differs in" line; :func:`apply_preset` makes the two designs of a classroom preset.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass, replace
from typing import Any

from PySide6.QtCore import QCoreApplication

from engine import catalog
from engine.spec import DesignSpec, LayerSpec
from playground.widgets.inspector import initializer_title
from playground.widgets.network_editor import activation_title, loss_short_title
from playground.widgets.train_panel import optimizer_title

WEIGHT_TYPES = ("dense", "conv2d")
MAX_HIDDEN_LAYERS = 16
DEFAULT_L2 = 0.01  # "with L2" when the design has none

# preset key -> its title (the window shows them in this order)
PRESETS: tuple[str, ...] = ("sigmoid_relu", "sgd_adam", "small_large_lr", "l2")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Compare", text)


def preset_title(key: str) -> str:
    """The display name of a preset (``sigmoid_relu`` → "sigmoid vs ReLU")."""
    titles = {
        "sigmoid_relu": _tr("sigmoid vs ReLU"),
        "sgd_adam": _tr("SGD vs Adam"),
        "small_large_lr": _tr("small vs large learning rate"),
        "l2": _tr("with vs without L2"),
    }
    return titles.get(key, key)


# ---------------------------------------------------------------- layers


def _map_layers(layers: tuple[LayerSpec, ...], fn: Any) -> tuple[LayerSpec, ...]:
    """Apply ``fn`` to every layer of the tree (children first) and rebuild it."""
    out = []
    for layer in layers:
        if layer.children:
            layer = replace(layer, children=_map_layers(layer.children, fn))
        out.append(fn(layer))
    return tuple(out)


def _has_activation(layer: LayerSpec) -> bool:
    try:
        catalog.LAYER_TYPES[layer.type].option("activation")
    except KeyError:
        return False
    return True


def hidden_activation_layers(spec: DesignSpec) -> list[LayerSpec]:
    """The layers whose activation the comparison's activation setting controls."""
    layers = spec.all_layers()
    last = max((i for i, layer in enumerate(layers) if layer.type in WEIGHT_TYPES), default=-1)
    return [layer for layer in layers[: max(last, 0)] if _has_activation(layer)]


def hidden_activations(spec: DesignSpec) -> list[str]:
    """The hidden layers' activations, in order (empty without hidden layers)."""
    return [catalog.canonical_activation(str(layer.get("activation"))) for layer in hidden_activation_layers(spec)]


def hidden_activation(spec: DesignSpec) -> str | None:
    """The one activation of all hidden layers; None when they differ or there are none."""
    names = set(hidden_activations(spec))
    return names.pop() if len(names) == 1 else None


def set_hidden_activation(spec: DesignSpec, activation: str) -> DesignSpec:
    """Every hidden layer gets ``activation``; the output layer keeps its own."""
    ids = {layer.id for layer in hidden_activation_layers(spec)}
    if not ids:
        return spec

    def fn(layer: LayerSpec) -> LayerSpec:
        return layer.with_option("activation", activation) if layer.id in ids else layer

    return replace(spec, layers=_map_layers(spec.layers, fn))


def is_plain_stack(spec: DesignSpec) -> bool:
    """Flatten layers (if any) then Dense layers only, ending with a Dense layer: sizes are editable."""
    types = [layer.type for layer in spec.layers]
    if not types or types[-1] != "dense" or any(layer.children for layer in spec.layers):
        return False
    first_dense = types.index("dense")
    return all(t == "flatten" for t in types[:first_dense]) and all(t == "dense" for t in types[first_dense:])


def hidden_sizes(spec: DesignSpec) -> tuple[int, ...] | None:
    """Units of the hidden Dense layers of a plain stack; None for any other network."""
    if not is_plain_stack(spec):
        return None
    dense = [layer for layer in spec.layers if layer.type == "dense"]
    return tuple(int(layer.get("units")) for layer in dense[:-1])


def sizes_text(sizes: tuple[int, ...] | None) -> str:
    """``(8, 8)`` → ``"8, 8"``; no hidden layer → ``"0"``."""
    if sizes is None:
        return ""
    return ", ".join(str(n) for n in sizes) if sizes else "0"


def parse_sizes(text: str) -> tuple[int, ...]:
    """``"8, 8"`` (or ``"8 8"``) → ``(8, 8)``; ``"0"`` or ``""`` → no hidden layer. Raises ValueError."""
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    if parts == ["0"] or not parts:
        return ()
    sizes = []
    for part in parts:
        if not part.isdecimal():
            raise ValueError(part)
        n = int(part)
        if not 1 <= n <= catalog.MAX_UNITS:
            raise ValueError(part)
        sizes.append(n)
    if len(sizes) > MAX_HIDDEN_LAYERS:
        raise ValueError(text)
    return tuple(sizes)


def set_hidden_sizes(spec: DesignSpec, sizes: tuple[int, ...]) -> DesignSpec:
    """Give a plain stack these hidden Dense layers (kept layers keep their id and options)."""
    if not is_plain_stack(spec):
        raise ValueError("only a stack of Dense layers has editable hidden sizes")
    flatten = [layer for layer in spec.layers if layer.type == "flatten"]
    dense = [layer for layer in spec.layers if layer.type == "dense"]
    old, output = dense[:-1], dense[-1]
    template = old[-1] if old else LayerSpec("", "dense", {"activation": hidden_activation(spec) or "relu"})
    used = {layer.id for layer in spec.all_layers()}
    next_number = max((int(i[1:]) for i in used if i[1:].isdecimal()), default=0) + 1
    hidden = []
    for i, n in enumerate(sizes):
        if i < len(old):
            hidden.append(old[i].with_option("units", int(n)))
            continue
        while f"L{next_number}" in used:
            next_number += 1
        layer_id = f"L{next_number}"
        used.add(layer_id)
        hidden.append(replace(template, id=layer_id, options={**template.options, "units": int(n)}))
    return replace(spec, layers=(*flatten, *hidden, output))


# ---------------------------------------------------------------- presets


def _scaled(value: float, factor: float) -> float:
    """``value * factor`` rounded to 3 significant digits, within the design file's bounds."""
    v = min(max(value * factor, 1e-6), 1000.0)
    return float(f"{v:.3g}")


def apply_preset(spec: DesignSpec, key: str) -> tuple[DesignSpec, DesignSpec]:
    """(A, B) for a preset, both made from ``spec``: they differ only in what the preset names."""
    train = spec.train
    if key == "sigmoid_relu":
        return set_hidden_activation(spec, "sigmoid"), set_hidden_activation(spec, "relu")
    if key == "sgd_adam":
        return replace(spec, train=replace(train, optimizer="sgd")), replace(
            spec, train=replace(train, optimizer="adam")
        )
    if key == "small_large_lr":
        lr = train.learning_rate if train.learning_rate > 0 else 0.03
        return replace(spec, train=replace(train, learning_rate=_scaled(lr, 0.1))), replace(
            spec, train=replace(train, learning_rate=_scaled(lr, 10.0))
        )
    if key == "l2":
        l2 = train.l2 if train.l2 > 0 else DEFAULT_L2
        return replace(spec, train=replace(train, l2=l2)), replace(spec, train=replace(train, l2=0.0))
    raise KeyError(key)


# ---------------------------------------------------------------- differences


@dataclass(frozen=True)
class Difference:
    """One setting in which A and B differ, ready to show."""

    key: str
    label: str
    a: str
    b: str
    named: bool = False  # the values name themselves ("sigmoid"); else "learning rate 0.3"

    def text(self) -> str:
        return _tr("%1 (%2 vs %3)").replace("%1", self.label).replace("%2", self.a).replace("%3", self.b)

    def side_name(self, side: str) -> str:
        """What distinguishes one side in a few words ("sigmoid", "learning rate 0.3")."""
        value = self.a if side == "A" else self.b
        return value if self.named else f"{self.label} {value}"


def _num(v: float | int | None) -> str:
    if v is None:
        return "–"
    if isinstance(v, float) and not math.isfinite(v):
        return str(v)
    return f"{v:g}" if isinstance(v, float) else str(v)


def _activations_text(names: list[str]) -> str:
    if not names:
        return _tr("none")
    if len(set(names)) == 1:
        return activation_title(names[0])
    return ", ".join(activation_title(n) for n in names)


def _layer_key(layer: LayerSpec, drop: tuple[str, ...] = ()) -> tuple:
    options = {k: v for k, v in layer.options.items() if k not in drop}
    return layer.type, tuple(sorted((k, repr(v)) for k, v in options.items())), len(layer.children)


def _same_structure(a: DesignSpec, b: DesignSpec) -> bool:
    """Equal networks once hidden activations and (for plain stacks) hidden sizes are set aside."""
    if is_plain_stack(a) and is_plain_stack(b):
        dense_a = [layer for layer in a.layers if layer.type == "dense"]
        dense_b = [layer for layer in b.layers if layer.type == "dense"]
        hidden_a = {_layer_key(layer, ("activation", "units")) for layer in dense_a[:-1]}
        hidden_b = {_layer_key(layer, ("activation", "units")) for layer in dense_b[:-1]}
        flatten_a = [layer.type for layer in a.layers if layer.type != "dense"]
        flatten_b = [layer.type for layer in b.layers if layer.type != "dense"]
        return (
            (hidden_a == hidden_b or not hidden_a or not hidden_b)
            and flatten_a == flatten_b
            and _layer_key(dense_a[-1]) == _layer_key(dense_b[-1])
        )
    ids_a = {layer.id for layer in hidden_activation_layers(a)}
    ids_b = {layer.id for layer in hidden_activation_layers(b)}
    keys_a = [_layer_key(layer, ("activation",) if layer.id in ids_a else ()) for layer in a.all_layers()]
    keys_b = [_layer_key(layer, ("activation",) if layer.id in ids_b else ()) for layer in b.all_layers()]
    return keys_a == keys_b


def _train_label(name: str) -> str:
    labels = {
        "optimizer": _tr("optimizer"),
        "learning_rate": _tr("learning rate"),
        "batch_size": _tr("batch size"),
        "initializer": _tr("initialiser"),
        "l1": _tr("L1"),
        "l2": _tr("L2"),
        "loss": _tr("loss"),
        "momentum": _tr("momentum"),
        "rho": _tr("rho"),
        "beta1": _tr("beta 1"),
        "beta2": _tr("beta 2"),
        "epsilon": _tr("epsilon"),
        "huber_delta": _tr("Huber delta"),
        "init_scale": _tr("initial scale"),
        "bias_init": _tr("initial bias"),
        "seed": _tr("training seed"),
        "backend": _tr("backend"),
        "target_loss": _tr("target loss"),
    }
    return labels.get(name, name)


# TrainSpec fields in the order the diff line names them; "epochs" is the window's own limit
TRAIN_FIELDS = (
    "optimizer", "learning_rate", "batch_size", "initializer", "l2", "l1", "loss", "momentum", "rho",
    "beta1", "beta2", "epsilon", "huber_delta", "init_scale", "bias_init", "seed", "backend", "target_loss",
)
NAMED_FIELDS = ("optimizer", "initializer", "loss")


def _train_value(name: str, value: Any) -> str:
    if name == "optimizer":
        return optimizer_title(str(value))
    if name == "initializer":
        return initializer_title(str(value))
    if name == "loss":
        return loss_short_title(str(value))
    return _num(value)


def differences(a: DesignSpec, b: DesignSpec) -> list[Difference]:
    """Every setting (network or training) in which ``a`` and ``b`` differ; the data are not compared."""
    out: list[Difference] = []
    acts_a, acts_b = hidden_activations(a), hidden_activations(b)
    if acts_a != acts_b and (set(acts_a) != set(acts_b) or len(set(acts_a)) > 1):
        out.append(Difference("activation", _tr("activation"), _activations_text(acts_a),
                              _activations_text(acts_b), named=True))
    sizes_a, sizes_b = hidden_sizes(a), hidden_sizes(b)
    if sizes_a is not None and sizes_b is not None and sizes_a != sizes_b:
        out.append(Difference("hidden", _tr("hidden layers"), sizes_text(sizes_a), sizes_text(sizes_b)))
    if not _same_structure(a, b):
        layers_a, layers_b = len(a.all_layers()), len(b.all_layers())
        out.append(Difference("layers", _tr("other layer settings"), _tr("%1 layers").replace("%1", str(layers_a)),
                              _tr("%1 layers").replace("%1", str(layers_b))))
    train_a, train_b = asdict(a.train), asdict(b.train)
    for name in TRAIN_FIELDS:
        va, vb = train_a[name], train_b[name]
        if va != vb:
            out.append(Difference(name, _train_label(name), _train_value(name, va), _train_value(name, vb),
                                  named=name in NAMED_FIELDS))
    return out


def diff_text(diffs: list[Difference]) -> str:
    """The window's one-line summary of ``diffs``."""
    if not diffs:
        return _tr("A and B are the same: change a setting of B, or pick a preset.")
    return _tr("A and B differ in: %1").replace("%1", " · ".join(d.text() for d in diffs))


def auto_names(diffs: list[Difference]) -> tuple[str, str]:
    """Default titles: "A: sigmoid" / "B: ReLU" after the first difference, else "A" / "B"."""
    if not diffs:
        return "A", "B"
    first = diffs[0]
    return f"A: {first.side_name('A')}", f"B: {first.side_name('B')}"
