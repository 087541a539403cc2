"""Read-outs for the neuron diagram, run in the training thread as snapshot probes.

Both probes only apply to what :func:`~playground.widgets.neuron_diagram.diagram_columns`
draws: a stack of at most 8 Dense layers of at most 8 units on 2-D data. For anything
else they return None at once (one cached check per network object).

- :class:`NeuronWeightsProbe` copies every Dense kernel and bias
  (``{"L1/W": (in, units), "L1/b": (units,), ...}``), a few hundred floats.
- :class:`NeuronMapsProbe` evaluates every neuron over a small grid of the input plane
  (32 x 32 by default) and colours it, so the GUI thread only wraps the result in
  QImages: ``NeuronMaps.images[key]`` is ``(units, G, G)`` uint32 ``0xFFRRGGBB`` with
  row 0 at the top of the plane (largest x₂), ``key`` a layer id or ``"input"`` (the
  input features). Colours are the sign colours of :mod:`playground.plots.style`
  (orange negative, white zero, blue positive): bounded activations keep fixed levels
  (tanh over [-1, 1]; sigmoid, softmax and step over [0, 1] with 0.5 white), others are
  scaled per neuron by their largest magnitude, as are the input features.
  ``NeuronMaps.indices[key]`` holds the same pictures as positions on the colour ramp
  (uint8), so the GUI can recolour them at once when the colour map changes; the GUI
  thread picks the ramp with :meth:`NeuronMapsProbe.set_palette` (the high-contrast maps).
  ``NeuronMaps.strips[key]`` is each column already laid out as the diagram draws it
  (:func:`~playground.widgets.neuron_diagram.stack_strip`): the GUI thread wraps it in one
  image per column and makes no NumPy pass over the pictures (each such pass would give
  the GIL to the training thread and wait to get it back).

Cost on spiral (2-8-8-1, 32 x 32): about 0.1 ms per call for the maps, 10 µs for the
weights. Nothing here touches Qt, and no array the trainer keeps writing is returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.probes import BoundaryGrid, Extent, plane_extent
from playground.plots.style import diverging_argb
from playground.widgets.neuron_diagram import stack_strip

MAX_UNITS = 8  # the same limits as the diagram (neuron_diagram.MAX_UNITS / MAX_DENSE_LAYERS)
MAX_DENSE_LAYERS = 8
MAP_SIZE = 32
_LUT = diverging_argb(256)
DEFAULT_PALETTE = "playground-sign"


@dataclass(frozen=True)
class NeuronMaps:
    """Every drawn neuron's output over the input plane, already coloured (see the module docstring)."""

    extent: Extent
    size: int
    images: dict[str, np.ndarray]  # key -> (units, G, G) uint32 0xFFRRGGBB
    levels: dict[str, tuple[float, float]]  # key -> (lo, hi) of the colour ramp ("per neuron" -> nan, nan)
    indices: dict[str, np.ndarray] = field(default_factory=dict)  # key -> (units, G, G) uint8 ramp positions
    palette: str = DEFAULT_PALETTE  # the name of the ramp ``images`` were coloured with
    strips: dict[str, np.ndarray] = field(default_factory=dict)  # key -> the column as the diagram draws it


def diagram_layers(trainer: Any) -> list[Any] | None:
    """The network's Dense layers when the diagram can draw it, else None."""
    net = trainer.network
    ds = trainer.dataset
    if ds.raw_train is None or not ds.feature_names or len(ds.feature_names) > MAX_UNITS:
        return None
    if len(net.input_shape) != 1 or not net.layers or len(net.layers) > MAX_DENSE_LAYERS:
        return None
    for layer in net.layers:
        if layer.spec.type != "dense" or layer.out_shape[0] > MAX_UNITS:
            return None
    return list(net.layers)


class _PerNetwork:
    """Caches :func:`diagram_layers` for the network object it was computed for."""

    def __init__(self) -> None:
        self._net: Any = None
        self._layers: list[Any] | None = None

    def layers(self, trainer: Any) -> list[Any] | None:
        net = trainer.network
        if net is not self._net:
            self._net = net
            self._layers = diagram_layers(trainer)
        return self._layers


class NeuronWeightsProbe:
    """``fn`` of a probe: host copies of the drawn network's kernels and biases (or None)."""

    def __init__(self) -> None:
        self._cache = _PerNetwork()

    def __call__(self, trainer: Any) -> dict[str, np.ndarray] | None:
        layers = self._cache.layers(trainer)
        if layers is None:
            return None
        to_numpy = trainer.backend.to_numpy
        out: dict[str, np.ndarray] = {}
        for layer in layers:
            for name in ("W", "b"):
                if name in layer.params:
                    out[f"{layer.id}/{name}"] = np.array(to_numpy(layer.params[name]), dtype=np.float32)
        return out


def colour_values(values: np.ndarray, levels: tuple[float, float] | None, lut: np.ndarray = _LUT) -> np.ndarray:
    """``(n, G, G)`` values -> uint32 colours; ``levels`` None scales each map by its largest |value|."""
    return lut.take(ramp_indices(values, levels))


def ramp_indices(values: np.ndarray, levels: tuple[float, float] | None) -> np.ndarray:
    """``(n, G, G)`` values -> uint8 positions 0..255 on the colour ramp (see :func:`colour_values`)."""
    v = np.ascontiguousarray(values, dtype=np.float32)
    if levels is None:  # -m..m -> 0..255 per map
        scale = np.abs(v).max(axis=(1, 2)) if v.size else np.zeros(0, np.float32)
        scale = np.where(np.isfinite(scale) & (scale > 1e-12), scale, 1.0).astype(np.float32)
        idx = v * (127.5 / scale)[:, None, None]
        idx += 128.0
    else:  # lo..hi -> 0..255
        lo, hi = levels
        s = 255.0 / (hi - lo)
        idx = v * np.float32(s)
        idx += np.float32(0.5 - lo * s)
    np.clip(idx, 0.0, 255.0, out=idx)
    if np.isnan(idx).any():
        idx = np.nan_to_num(idx, nan=128.0)
    return idx.astype(np.uint8)


def _levels(name: str) -> tuple[float, float] | None:
    if name == "tanh":
        return (-1.0, 1.0)
    if name in ("sigmoid", "softmax", "step"):
        return (0.0, 1.0)
    return None


class NeuronMapsProbe:
    """``fn`` of a probe: :class:`NeuronMaps` for the drawn network (or None). Worker thread only."""

    def __init__(self, size: int = MAP_SIZE) -> None:
        self.size = int(size)
        self._cache = _PerNetwork()
        self._dataset: Any = None
        self._grid: BoundaryGrid | None = None
        self._inputs: tuple[tuple[str, ...], str, np.ndarray] | None = None  # (features, backend, indices)
        self._palette: tuple[str, np.ndarray] = (DEFAULT_PALETTE, _LUT)
        # the inputs' pictures in a palette: (indices, palette, images, strip), the same objects every time
        self._input_pictures: tuple[np.ndarray, str, np.ndarray, np.ndarray] | None = None

    def set_palette(self, name: str, lut: np.ndarray) -> None:
        """Colour from now on with ``lut`` (256 uint32 0xFFRRGGBB, orange to blue), called ``name``.

        Any thread: the worker reads the pair once per call.
        """
        lut = np.asarray(lut, dtype=np.uint32)
        if lut.shape != (256,):
            raise ValueError(f"a neuron colour ramp needs 256 colours, got {lut.shape}")
        self._palette = (str(name), lut)

    @property
    def palette(self) -> str:
        return self._palette[0]

    def _grid_for(self, dataset: Any) -> BoundaryGrid | None:
        if dataset is not self._dataset:
            self._dataset = dataset
            extent = plane_extent(dataset)
            self._grid = None if extent is None else BoundaryGrid(extent, self.size)
            self._inputs = None
        return self._grid

    def __call__(self, trainer: Any) -> NeuronMaps | None:
        layers = self._cache.layers(trainer)
        if layers is None:
            return None
        grid = self._grid_for(trainer.dataset)
        if grid is None:
            return None
        g = self.size
        names = tuple(trainer.dataset.feature_names)
        backend = trainer.backend
        x = grid.features(names, backend)  # (G*G, F) on the backend, computed once
        # rows of the grid run from ymin up; images run from the top down
        if self._inputs is None or self._inputs[:2] != (names, backend.name):
            host = np.asarray(backend.to_numpy(x), dtype=np.float32)
            self._inputs = (names, backend.name, ramp_indices(host.T.reshape(-1, g, g)[:, ::-1], None))
        palette, lut = self._palette
        indices = {"input": self._inputs[2]}
        levels: dict[str, tuple[float, float]] = {"input": (np.nan, np.nan)}
        xp = backend.xp
        h = x
        for layer in layers:
            z = xp.matmul(h, layer.params["W"])
            if "b" in layer.params:
                z += layer.params["b"]
            act = layer.act
            alpha = act.slope if act.slope is not None else act.alpha
            h = z if act.name == "linear" else act.fn.f(xp, z, alpha)
            values = np.asarray(backend.to_numpy(h), dtype=np.float32).T.reshape(-1, g, g)[:, ::-1]
            lv = _levels(act.name)
            indices[layer.id] = ramp_indices(values, lv)
            levels[layer.id] = lv if lv is not None else (np.nan, np.nan)
        images: dict[str, np.ndarray] = {}
        strips: dict[str, np.ndarray] = {}
        cached = self._input_pictures
        if cached is None or cached[0] is not indices["input"] or cached[1] != palette:
            image = _frozen(lut.take(indices["input"]))
            cached = self._input_pictures = (indices["input"], palette, image, _frozen(stack_strip(image)))
        images["input"], strips["input"] = cached[2], cached[3]
        for key, idx in indices.items():
            if key != "input":
                images[key] = _frozen(lut.take(idx))
                strips[key] = _frozen(stack_strip(images[key]))
        return NeuronMaps(grid.extent, g, images, levels, indices, palette, strips)


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a
