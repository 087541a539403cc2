"""CNN filters and feature maps, live.

For every Conv2D layer, one row: its filters as one mosaic (``W`` of each output channel
as a k×k image; for layers with several input channels the **mean over the input
channels**, said in the row's title), and its feature maps for one test image the user
picks with the spin box, as a second mosaic with the same tile order (filter i makes map
i). The input image sits at the left of the first row.

Colours: filters through the colour-blind-safe diverging CET-CBD1 map with symmetric
levels (blue negative, yellow positive, dark separators); feature maps after ReLU (≥ 0)
through viridis from 0, signed ones through CET-CBD1. Levels are rounded up to 1, 1.5,
2, 3, 5, 7 × 10^k so colours stay put from frame to frame.

The probe (≤ 10 per second) copies the filters and runs ONE forward pass of the chosen
sample through the layers in inference mode, in the training thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QLabel, QSpinBox, QWidget

from engine import inspect
from engine.inspect import ConvLayerReadout, ConvReadout
from engine.probes import Snapshot
from playground.views.common import (
    POSITIVE_MAP,
    POSITIVE_SEPARATOR,
    SIGNED_MAP,
    SIGNED_SEPARATOR,
    AnalysisView,
    ImagePanel,
    ProbeState,
    colour_bar,
    fmt_int,
    positive_levels,
    signed_levels,
    title_item,
)

# at most ~10 refreshes a second; with snapshots every 33 ms the probe runs every 4th (7.5/s),
# and when slow steps stretch the snapshots to 125 ms it still runs with every one (8/s)
FILTERS_MIN_INTERVAL_S = 0.1
TILE_ASPECT = 3.0  # columns / rows of each layer's mosaics
FILTER_TILE_PIXELS = 24  # filters are enlarged to about this many pixels per side
INK_MAP = pg.ColorMap([0.0, 1.0], [(255, 255, 255), (0, 0, 0)], name="ink")  # images as ink on paper


class FiltersProbeState(ProbeState):
    def __init__(self) -> None:
        super().__init__()
        self.sample = 0  # the test image whose feature maps are computed


@dataclass
class _LayerRow:
    layer_id: str
    cols: int
    filters_title: pg.LabelItem
    maps_title: pg.LabelItem
    filters: ImagePanel
    filters_bar: pg.ColorBarItem
    maps: ImagePanel
    maps_bar: pg.ColorBarItem
    maps_signed: bool | None = None


def _sample_image(dataset: Any, index: int) -> np.ndarray | None:
    x = dataset.x_test if len(dataset.x_test) else dataset.x_train
    if x.ndim != 4 or not (0 <= index < len(x)):
        return None
    img = x[index]
    return np.asarray(img[0] if img.shape[0] == 1 else img.mean(axis=0), dtype=np.float32)


class CnnFiltersView(AnalysisView):
    probe_name = "views.cnn_filters"
    min_interval = FILTERS_MIN_INTERVAL_S

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cnnFiltersView")
        self.title = self.tr("CNN filters")
        self.graphics.setObjectName("cnnFiltersGraphics")
        self.info.setObjectName("cnnFiltersInfo")
        self.note.setObjectName("cnnFiltersNote")
        self.save_button.setObjectName("cnnFiltersExport")
        self.info.setText(
            self.tr(
                "Left: each Conv2D layer's learned filters (blue = negative weight, yellow = positive; a layer "
                "with several input channels shows their mean). Right: the feature maps they produce for the "
                "chosen test image (bright = strong response)."
            )
        )
        self.sample_label = QLabel(self.tr("Test image"), self)
        self.sample_spin = QSpinBox(self)
        self.sample_spin.setObjectName("featureSampleSpin")
        self.sample_spin.setPrefix("#")
        self.sample_spin.setRange(0, 0)
        self.sample_spin.setKeyboardTracking(False)
        self.sample_spin.setToolTip(self.tr("Which test image to show the feature maps of"))
        self.sample_spin.valueChanged.connect(self._on_sample_changed)
        self.controls.addWidget(self.sample_label)
        self.controls.addWidget(self.sample_spin)

        self._rows: list[_LayerRow] = []
        self._structure: tuple[Any, ...] | None = None
        self._heading = title_item(bold=True)
        self._input_title = title_item()
        self._input = ImagePanel("cnnInputImage")
        self._input.set_colour_map(INK_MAP, "#FFFFFF")
        self._dataset: Any = None

    # ---------------------------------------------------------------- probe

    def make_state(self) -> FiltersProbeState:
        return FiltersProbeState()

    def probe_function(self) -> Callable[[Any], Any]:
        state = self.state
        return lambda trainer: inspect.conv_readout(trainer, state.sample)

    def _on_sample_changed(self, value: int) -> None:
        self.state.sample = int(value)
        self.register_probe()  # while paused, the worker answers at once with the new sample's maps

    def set_sample(self, index: int) -> None:
        """Pick the test image whose feature maps are shown."""
        self.sample_spin.setValue(int(index))

    # ---------------------------------------------------------------- drawing

    def _set_dataset(self, dataset: Any) -> None:
        self._dataset = dataset
        n = 0
        if dataset is not None:
            n = len(dataset.x_test) if len(dataset.x_test) else len(dataset.x_train)
        self.sample_spin.blockSignals(True)
        self.sample_spin.setRange(0, max(0, n - 1))
        self.sample_spin.blockSignals(False)
        self.state.sample = self.sample_spin.value()

    def _rebuild(self, readout: ConvReadout) -> None:
        ci = self.graphics.ci
        ci.clear()
        self._rows = []
        ci.addItem(self._heading, 0, 0, 1, 5)
        ci.addItem(self._input_title, 1, 0)
        ci.addItem(self._input.view, 2, 0)
        for i, layer in enumerate(readout.layers):
            row = 1 + 2 * i
            _, cols = inspect.grid_shape(layer.cout, TILE_ASPECT)
            filters, maps = ImagePanel(), ImagePanel()
            filters.set_colour_map(SIGNED_MAP, SIGNED_SEPARATOR)
            entry = _LayerRow(
                layer_id=layer.layer_id,
                cols=cols,
                filters_title=title_item(),
                maps_title=title_item(),
                filters=filters,
                filters_bar=colour_bar(SIGNED_MAP),
                maps=maps,
                maps_bar=colour_bar(POSITIVE_MAP, (0.0, 1.0)),
            )
            ci.addItem(entry.filters_title, row, 1, 1, 2)
            ci.addItem(entry.maps_title, row, 3, 1, 2)
            ci.addItem(entry.filters.view, row + 1, 1)
            ci.addItem(entry.filters_bar, row + 1, 2)
            ci.addItem(entry.maps.view, row + 1, 3)
            ci.addItem(entry.maps_bar, row + 1, 4)
            self._rows.append(entry)
        grid = ci.layout
        for col, stretch in ((0, 2), (1, 5), (2, 0), (3, 7), (4, 0)):
            grid.setColumnStretchFactor(col, stretch)
        for i in range(len(readout.layers)):
            grid.setRowStretchFactor(2 + 2 * i, 1)
        self._structure = self._structure_of(readout)

    @staticmethod
    def _structure_of(readout: ConvReadout) -> tuple[Any, ...]:
        return tuple((r.layer_id, r.filters.shape, r.maps.shape) for r in readout.layers)

    def show_readout(self, readout: ConvReadout, snapshot: Snapshot) -> None:
        if snapshot.dataset is not None and snapshot.dataset is not self._dataset:
            self._set_dataset(snapshot.dataset)
        if self._structure != self._structure_of(readout):
            self._rebuild(readout)
        self._draw_heading(readout)
        for entry, layer in zip(self._rows, readout.layers, strict=True):
            self._draw_layer(entry, layer)
        self.show_content()

    def _draw_heading(self, readout: ConvReadout) -> None:
        parts = [self.tr("Test image #%1").replace("%1", fmt_int(readout.sample))]
        if readout.label is not None:
            parts.append(self.tr("label %1").replace("%1", self._class_name(readout.label)))
        if readout.predicted is not None:
            parts.append(self.tr("the network says %1").replace("%1", self._class_name(readout.predicted)))
        parts.append(self.tr("step %1").replace("%1", fmt_int(readout.step)))
        self._heading.setText(" · ".join(parts))
        self._input_title.setText(self.tr("Input"))
        image = None if self._dataset is None else _sample_image(self._dataset, readout.sample)
        if image is not None:
            self._input.set_image(image, (0.0, 1.0))
            self._input.view.setVisible(True)
        else:
            self._input.view.setVisible(False)

    def _class_name(self, c: int) -> str:
        names = getattr(self._dataset, "class_names", ()) or ()
        return names[c] if 0 <= c < len(names) else str(c)

    def _draw_layer(self, entry: _LayerRow, layer: ConvLayerReadout) -> None:
        k = layer.kernel
        text = self.tr("%1 · %2 filters %3×%3").replace("%1", layer.layer_id).replace(
            "%2", str(layer.cout)).replace("%3", str(k))
        if layer.reduction:
            text += self.tr(" · mean of %1 channels").replace("%1", str(layer.cin))
        entry.filters_title.setText(text)
        levels = signed_levels(layer.filters)
        entry.filters.set_image(inspect.mosaic(upscale(layer.filters), entry.cols), levels)
        if tuple(entry.filters_bar.levels()) != levels:
            entry.filters_bar.setLevels(levels)

        maps = layer.maps
        _, h, w = maps.shape
        act = layer.activation if layer.activation and layer.activation != "linear" else ""
        mt = self.tr("%1 · feature maps %2×%3").replace("%1", layer.layer_id).replace("%2", str(h)).replace(
            "%3", str(w))
        if act:
            mt += self.tr(" after %1").replace("%1", _activation_name(act))
        entry.maps_title.setText(mt)
        with np.errstate(all="ignore"):
            signed = bool(maps.size) and float(np.nanmin(maps)) < 0.0
        if signed != entry.maps_signed:
            entry.maps_signed = signed
            cmap, sep = (SIGNED_MAP, SIGNED_SEPARATOR) if signed else (POSITIVE_MAP, POSITIVE_SEPARATOR)
            entry.maps.set_colour_map(cmap, sep)
            entry.maps_bar.setColorMap(pg.colormap.get(cmap))
        mlevels = signed_levels(maps) if signed else positive_levels(maps)
        entry.maps.set_image(inspect.mosaic(maps, entry.cols), mlevels)
        if tuple(entry.maps_bar.levels()) != mlevels:
            entry.maps_bar.setLevels(mlevels)

    # ---------------------------------------------------------------- for tests and exports

    def filters_array(self, index: int = 0) -> np.ndarray | None:
        """The filter mosaic of the ``index``-th Conv2D layer as shown (NaN separators)."""
        return self._rows[index].filters.array() if index < len(self._rows) else None

    def maps_array(self, index: int = 0) -> np.ndarray | None:
        return self._rows[index].maps.array() if index < len(self._rows) else None


def upscale(tiles: np.ndarray, target: int = FILTER_TILE_PIXELS) -> np.ndarray:
    """Each k×k filter drawn as blocks of about ``target`` pixels, so the mosaic's 1-pixel separators
    stay thin lines next to a 3×3 filter instead of a third of its width."""
    _, h, w = tiles.shape
    f = max(1, round(target / max(h, w)))
    return np.repeat(np.repeat(tiles, f, axis=1), f, axis=2) if f > 1 else tiles


def _activation_name(name: str) -> str:
    return {"relu": "ReLU", "tanh": "tanh", "sigmoid": "sigmoid", "leaky_relu": "leaky ReLU",
            "prelu": "PReLU", "elu": "ELU", "softmax": "softmax"}.get(name, name)
