"""The first Dense layer's weights as images, live (a dense network on images, e.g. the MNIST MLP).

Unit ``j`` of a Dense layer that reads the raw pixels (Flatten → Dense) has one weight per
pixel; drawn as an image of the input's size (28×28 for MNIST) it shows which strokes
push the unit up (yellow) or down (blue). All units form one mosaic (512 units: 16 rows
× 32 columns) with 1-pixel dark separators, through CET-CBD1 with symmetric levels at the
99.5th percentile of |W| (rounded up to a nice value), so a few large weights do not
wash the rest out. Networks that do not read pixels with a Dense layer get a short note.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtWidgets import QCheckBox, QWidget

from engine import inspect
from engine.inspect import DenseImageReadout
from engine.probes import Probe, Snapshot
from playground.views.common import (
    SIGNED_MAP,
    SIGNED_SEPARATOR,
    AnalysisView,
    ImagePanel,
    ProbeState,
    colour_bar,
    fmt_int,
    signed_levels,
    title_item,
)

DENSE_MIN_INTERVAL_S = 0.2
MOSAIC_ASPECT = 2.0  # 512 units → 16 × 32


class DenseProbeState(ProbeState):
    def __init__(self) -> None:
        super().__init__()
        self.relative = False  # show W - W(start) instead of W


class DenseWeightsView(AnalysisView):
    probe_name = "views.dense_weights"
    min_interval = DENSE_MIN_INTERVAL_S

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("denseWeightsView")
        self.title = self.tr("Weight images")
        self.graphics.setObjectName("denseWeightsGraphics")
        self.info.setObjectName("denseWeightsInfo")
        self.note.setObjectName("denseWeightsNote")
        self.save_button.setObjectName("denseWeightsExport")
        self.info.setText(
            self.tr(
                "Each small picture is one unit of the first Dense layer: the weight it gives every pixel "
                "(yellow = this pixel pushes the unit up, blue = pushes it down). The random starting values "
                "hide most of what is learned: tick “Only what training changed” to see the strokes appear."
            )
        )
        self.delta_check = QCheckBox(self.tr("Only what training changed"), self)
        self.delta_check.setObjectName("denseWeightsDelta")
        self.delta_check.setToolTip(
            self.tr("Show each weight minus its value when training started: the random starting "
                    "noise disappears and the learned strokes stand out")
        )
        self.delta_check.toggled.connect(self._on_delta_toggled)
        self.controls.addWidget(self.delta_check)
        self._title = title_item(bold=True)
        self.panel = ImagePanel("denseWeightsImage")
        self.panel.set_colour_map(SIGNED_MAP, SIGNED_SEPARATOR)
        self.bar = colour_bar(SIGNED_MAP)
        ci = self.graphics.ci
        ci.addItem(self._title, 0, 0, 1, 2)
        ci.addItem(self.panel.view, 1, 0)
        ci.addItem(self.bar, 1, 1)
        ci.layout.setRowStretchFactor(1, 1)
        self._cols = 1
        self._dense_probe = inspect.DenseImageProbe()  # called only in the training thread

    def make_state(self) -> DenseProbeState:
        return DenseProbeState()

    def make_probe(self) -> Probe:
        state, probe = self.state, self._dense_probe  # one reader: it keeps the starting weights

        def fn(trainer: Any) -> Any:
            probe.remember(trainer)  # with every snapshot, so the starting weights are never missed
            if not state.active:
                return None
            return probe(trainer, state.relative)

        return Probe(fn, self.min_interval)

    def probe_function(self) -> Callable[[Any], Any]:
        return inspect.dense_readout

    def _on_delta_toggled(self, on: bool) -> None:
        self.state.relative = bool(on)
        self.register_probe()

    def set_relative(self, on: bool) -> None:
        self.delta_check.setChecked(bool(on))

    def show_readout(self, readout: DenseImageReadout, snapshot: Snapshot) -> None:
        images = readout.images
        n, h, w = images.shape
        _, self._cols = inspect.grid_shape(n, MOSAIC_ASPECT)
        levels = signed_levels(images, readout.scale)
        self.panel.set_image(inspect.mosaic(images, self._cols), levels)
        if tuple(self.bar.levels()) != levels:
            self.bar.setLevels(levels)
        shown = (
            self.tr("%1 units").replace("%1", fmt_int(n))
            if n == readout.units
            else self.tr("the first %1 of %2 units").replace("%1", fmt_int(n)).replace("%2", fmt_int(readout.units))
        )
        what = (
            self.tr("the change of its input weights since step %1").replace("%1", fmt_int(readout.reference_step))
            if readout.relative
            else self.tr("its input weights")
        )
        text = (
            self.tr("%1 · Dense · %2, each as a %3×%4 image of %5")
            .replace("%1", readout.layer_id)
            .replace("%2", shown)
            .replace("%3", str(h))
            .replace("%4", str(w))
            .replace("%5", what)
        )
        if readout.channels > 1:
            text += self.tr(" (mean over %1 colour channels)").replace("%1", str(readout.channels))
        text += self.tr(" · step %1").replace("%1", fmt_int(readout.step))
        self._title.setText(text)
        self.show_content()

    def image_array(self) -> np.ndarray | None:
        return self.panel.array()
