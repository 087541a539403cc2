"""The open design: the current DesignSpec, its undo stack and its file.

Widgets never change a spec themselves: they call an intent method here
(``insert_layer``, ``set_layer_option``, ``set_train``, ...). Each intent builds the new
value with :func:`dataclasses.replace` and pushes exactly one
:class:`~playground.commands.ReplaceSpecCommand`; the command's redo/undo set the spec
and emit ``spec_changed``. The undo stack's clean state is the "saved" flag.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from engine import catalog
from engine.errors import DesignError, PlaygroundError
from engine.spec import DataSpec, DesignSpec, LayerSpec, TrainSpec
from playground.commands import ReplaceSpecCommand

_KEEP = object()  # move_layer: keep the layer's current parent


def default_design() -> DesignSpec:
    """What File ▸ New opens: 2-D data and one output neuron, ready to grow."""
    return DesignSpec(
        layers=(LayerSpec("L1", "dense", {"units": 1, "activation": "tanh"}),),
        data=DataSpec(dataset="circle"),
        train=TrainSpec(),
    )


# ---------------------------------------------------------------- tree helpers


def find_layer(layers: tuple[LayerSpec, ...], layer_id: str) -> LayerSpec | None:
    """The layer with ``layer_id`` anywhere in the tree, or None."""
    for layer in layers:
        if layer.id == layer_id:
            return layer
        found = find_layer(layer.children, layer_id)
        if found is not None:
            return found
    return None


def locate_layer(
    layers: tuple[LayerSpec, ...], layer_id: str, parent: str | None = None
) -> tuple[str | None, int] | None:
    """(parent id or None for the top level, index among its siblings), or None if absent."""
    for i, layer in enumerate(layers):
        if layer.id == layer_id:
            return parent, i
        found = locate_layer(layer.children, layer_id, layer.id)
        if found is not None:
            return found
    return None


def siblings(layers: tuple[LayerSpec, ...], parent_id: str | None) -> tuple[LayerSpec, ...]:
    """The top-level layers (``parent_id`` None) or a residual block's children."""
    if parent_id is None:
        return layers
    parent = find_layer(layers, parent_id)
    if parent is None:
        raise KeyError(parent_id)
    return parent.children


def _map_children(layers: tuple[LayerSpec, ...], parent_id: str | None, fn: Any) -> tuple[LayerSpec, ...]:
    """Apply ``fn`` to the sibling tuple under ``parent_id`` and rebuild the tree."""
    if parent_id is None:
        return fn(layers)
    out = []
    for layer in layers:
        if layer.id == parent_id:
            layer = replace(layer, children=fn(layer.children))
        elif layer.children:
            layer = replace(layer, children=_map_children(layer.children, parent_id, fn))
        out.append(layer)
    return tuple(out)


def _replace_layer(layers: tuple[LayerSpec, ...], new: LayerSpec) -> tuple[LayerSpec, ...]:
    out = []
    for layer in layers:
        if layer.id == new.id:
            layer = new
        elif layer.children:
            layer = replace(layer, children=_replace_layer(layer.children, new))
        out.append(layer)
    return tuple(out)


def _contains(layer: LayerSpec, layer_id: str) -> bool:
    return layer.id == layer_id or any(_contains(c, layer_id) for c in layer.children)


# ---------------------------------------------------------------- analysis


@dataclass(frozen=True)
class DesignCheck:
    """What the editor and the play button need: the engine's analysis or why there is none."""

    analysis: Any | None  # engine.network.Analysis; None when the data set cannot be read
    message: str | None  # the first problem, ready to show; None when the design is trainable
    layer_id: str | None  # the layer the problem belongs to, if any

    @property
    def ok(self) -> bool:
        return self.message is None


_data_cache: dict[DataSpec, tuple[tuple[int, ...], str, int] | str] = {}


def data_shape_and_task(data: DataSpec) -> tuple[tuple[int, ...], str, int] | str:
    """(input shape, task, n classes) of a data set, or the engine's message why not (cached)."""
    cached = _data_cache.get(data)
    if cached is not None:
        return cached
    from engine.data import dataset_input_shape, dataset_task

    try:
        shape = tuple(dataset_input_shape(data))
        task, n_classes = dataset_task(data)
        result: tuple[tuple[int, ...], str, int] | str = (shape, task, n_classes)
    except PlaygroundError as exc:
        result = str(exc)
    if len(_data_cache) > 32:
        _data_cache.clear()
    _data_cache[data] = result
    return result


def check_design(spec: DesignSpec) -> DesignCheck:
    """Run the engine's shape inference over ``spec`` against its data set; never raises."""
    from engine.network import analyze

    data = data_shape_and_task(spec.data)
    if isinstance(data, str):
        return DesignCheck(None, data, None)
    shape, task, n_classes = data
    analysis = analyze(spec, shape, task, n_classes)
    if analysis.error is None:
        return DesignCheck(analysis, None, None)
    return DesignCheck(analysis, str(analysis.error), analysis.error.layer_id)


# ---------------------------------------------------------------- document


class DesignDocument(QObject):
    """The open design: a value, an undo stack and a file path."""

    spec_changed = Signal(object)  # DesignSpec
    clean_changed = Signal(bool)
    path_changed = Signal(object)  # Path | None

    def __init__(self, spec: DesignSpec | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._spec = spec if spec is not None else default_design()
        self._path: Path | None = None
        self._check: DesignCheck | None = None
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undoStack")
        self.undo_stack.cleanChanged.connect(self.clean_changed)

    # -- state ----------------------------------------------------------------------
    @property
    def spec(self) -> DesignSpec:
        return self._spec

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def is_clean(self) -> bool:
        return self.undo_stack.isClean()

    @property
    def check(self) -> DesignCheck:
        """The engine's verdict on the current spec (computed once per spec)."""
        if self._check is None:
            self._check = check_design(self._spec)
        return self._check

    def layer(self, layer_id: str) -> LayerSpec | None:
        return find_layer(self._spec.layers, layer_id)

    def _set_spec(self, spec: DesignSpec) -> None:
        if spec is self._spec:
            return
        self._spec = spec
        self._check = None
        self.spec_changed.emit(spec)

    # -- generic edit ---------------------------------------------------------------
    def replace_spec(self, new: DesignSpec, text: str, merge_key: Hashable | None = None) -> bool:
        """Push one undoable edit from the current spec to ``new``; False if nothing changes."""
        if new == self._spec:
            return False
        self.undo_stack.push(ReplaceSpecCommand(self._set_spec, self._spec, new, text, merge_key))
        return True

    # -- layer intents --------------------------------------------------------------
    def insert_layer(
        self, index: int, type_name: str, parent_id: str | None = None, options: dict[str, Any] | None = None
    ) -> str:
        """Insert a new ``type_name`` layer at ``index`` (top level or inside a residual block).

        Returns the new layer's id. Options not given take the catalog's defaults.
        """
        ltype = catalog.LAYER_TYPES.get(type_name)
        if ltype is None:
            raise DesignError(f"unknown layer type {type_name!r}")
        spec = self._spec
        if len(spec.all_layers()) >= catalog.MAX_LAYERS:
            raise DesignError(f"a design may hold at most {catalog.MAX_LAYERS} layers")
        if parent_id is not None:
            parent = find_layer(spec.layers, parent_id)
            if parent is None or not catalog.LAYER_TYPES[parent.type].has_children:
                raise DesignError(f"{parent_id} cannot hold other layers", layer_id=parent_id)
        new_layer = LayerSpec(spec.next_layer_id(), type_name, dict(options or {}))
        count = len(siblings(spec.layers, parent_id))
        index = max(0, min(int(index), count))
        layers = _map_children(spec.layers, parent_id, lambda s: (*s[:index], new_layer, *s[index:]))
        self.replace_spec(replace(spec, layers=layers), self.tr("Add %1 layer").replace("%1", ltype.title))
        return new_layer.id

    def remove_layer(self, layer_id: str) -> None:
        """Remove a layer (a residual block goes with everything inside it)."""
        where = locate_layer(self._spec.layers, layer_id)
        if where is None:
            raise KeyError(layer_id)
        parent_id, index = where
        removed = siblings(self._spec.layers, parent_id)[index]
        layers = _map_children(self._spec.layers, parent_id, lambda s: s[:index] + s[index + 1 :])
        title = catalog.LAYER_TYPES[removed.type].title
        self.replace_spec(replace(self._spec, layers=layers), self.tr("Remove %1 layer").replace("%1", title))

    def move_layer(self, layer_id: str, new_index: int, parent_id: Any = _KEEP) -> None:
        """Move a layer to ``new_index`` of its new sibling list (counted after taking it out).

        ``parent_id`` None moves it to the top level, a residual block's id moves it inside
        that block; leaving it out keeps the current parent.
        """
        where = locate_layer(self._spec.layers, layer_id)
        if where is None:
            raise KeyError(layer_id)
        old_parent, old_index = where
        target = old_parent if parent_id is _KEEP else parent_id
        moving = siblings(self._spec.layers, old_parent)[old_index]
        if target is not None:
            holder = find_layer(self._spec.layers, target)
            if holder is None or not catalog.LAYER_TYPES[holder.type].has_children:
                raise DesignError(f"{target} cannot hold other layers", layer_id=target)
            if _contains(moving, target):
                raise DesignError("a block cannot be moved inside itself", layer_id=layer_id)
        layers = _map_children(self._spec.layers, old_parent, lambda s: s[:old_index] + s[old_index + 1 :])
        count = len(siblings(layers, target))
        index = max(0, min(int(new_index), count))
        layers = _map_children(layers, target, lambda s: (*s[:index], moving, *s[index:]))
        title = catalog.LAYER_TYPES[moving.type].title
        self.replace_spec(replace(self._spec, layers=layers), self.tr("Move %1 layer").replace("%1", title))

    def set_layer_option(self, layer_id: str, name: str, value: Any) -> None:
        """Set one option of one layer; a burst on the same option merges into one undo step."""
        layer = find_layer(self._spec.layers, layer_id)
        if layer is None:
            raise KeyError(layer_id)
        catalog.LAYER_TYPES[layer.type].option(name)  # KeyError for an unknown option
        current = layer.get(name)
        if current == value and type(current) is type(value):
            return
        new_layer = layer.with_option(name, value)
        layers = _replace_layer(self._spec.layers, new_layer)
        text = self.tr("Change %1 of %2").replace("%1", name).replace("%2", layer_id)
        self.replace_spec(replace(self._spec, layers=layers), text, ("option", layer_id, name))

    # -- training and data intents --------------------------------------------------
    def set_train(self, **changes: Any) -> None:
        """Change training settings (``learning_rate=0.1``, ``optimizer="adam"``, ...)."""
        _check_fields(TrainSpec, changes)
        train = replace(self._spec.train, **changes)
        text = self.tr("Change %1").replace("%1", ", ".join(sorted(changes)))
        self.replace_spec(replace(self._spec, train=train), text, ("train", *sorted(changes)))

    def set_data(self, **changes: Any) -> None:
        """Change the data set settings (``dataset="xor"``, ``noise=0.2``, ...)."""
        _check_fields(DataSpec, changes)
        if "features" in changes:
            changes["features"] = tuple(changes["features"])
        data = replace(self._spec.data, **changes)
        text = self.tr("Change %1").replace("%1", ", ".join(sorted(changes)))
        self.replace_spec(replace(self._spec, data=data), text, ("data", *sorted(changes)))

    # -- files ----------------------------------------------------------------------
    def new(self, spec: DesignSpec | None = None) -> None:
        """Start an unsaved design (File ▸ New); the undo stack is cleared."""
        self._reset(spec if spec is not None else default_design(), None)

    def load(self, path: str | Path) -> None:
        """Open a design file; raises :class:`DesignError` and keeps everything on failure."""
        from engine.design_io import load_design

        spec = load_design(path)
        self._reset(spec, Path(path))

    def load_spec(self, spec: DesignSpec, path: str | Path | None = None) -> None:
        """Replace the whole document with ``spec`` (no undo step; the stack is cleared)."""
        self._reset(spec, Path(path) if path is not None else None)

    def save(self, path: str | Path | None = None) -> None:
        """Write the design atomically (to ``path``, or the current file) and mark it clean."""
        from engine.design_io import save_design

        target = Path(path) if path is not None else self._path
        if target is None:
            raise DesignError("the design has no file name yet; choose one with Save As")
        save_design(self._spec, target)
        if target != self._path:
            self._path = target
            self.path_changed.emit(target)
        self.undo_stack.setClean()

    def _reset(self, spec: DesignSpec, path: Path | None) -> None:
        self._path = path
        self._spec = spec
        self._check = None
        self.undo_stack.clear()  # also marks the stack clean (emits cleanChanged if it was not)
        self.path_changed.emit(path)
        self.spec_changed.emit(spec)


def _check_fields(cls: type, changes: dict[str, Any]) -> None:
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(changes) - names)
    if unknown:
        raise TypeError(f"{cls.__name__} has no field(s) {', '.join(unknown)}")
