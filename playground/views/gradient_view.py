"""Gradient flow: per-layer gradient norms and update-to-weight ratios over the training steps.

One curve per weight layer (Dense, Conv2D), coloured by depth with viridis (dark = near
the input, light = near the output; colour-blind safe), on log y axes:

- top: ``‖∂L/∂W‖``, the norm of the layer's gradient in the last training step;
- bottom: ``‖lr · ∂L/∂W‖ / ‖W‖``, how large a plain gradient step is relative to the weights.

A deep sigmoid network shows its first layers' curves orders of magnitude below the last
layers' (vanishing gradients); with ReLU or batch normalisation they stay together.

The probe is cheap (two norms per layer from the last step's gradients, which are views
into ``flat_grads``), so it runs with every snapshot even while the view is hidden, and
the history has no gaps. The history restarts with a new run (reset, new data) or when
the set of weight layers changes. Redraws happen at most 5 times a second while training.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from engine import inspect
from engine.inspect import GradientReadout
from engine.probes import Snapshot
from playground.views.common import TEXT_COLOUR, AnalysisView, nice_level, style_plot, title_item

REDRAW_INTERVAL_S = 0.2
MAX_POINTS = 20_000  # per curve; beyond it every other point is dropped (the x spacing doubles)
LOG_FLOOR = 1e-12  # a zero gradient is drawn at this value (log axes cannot show 0)
DEPTH_MAP = "viridis"
DEPTH_RANGE = (0.0, 0.85)  # viridis' last 15 % (bright yellow) is hard to see on white


LEFT_AXIS_WIDTH = 72  # both plots' left axes: the step axes line up
MIN_LABEL_SPACING_PX = 26
Y_MARGIN_DECADES = 0.3
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def log_label(value: float) -> str:
    """A tick label for a log axis: 0.002, 0.5, 20 in plain numbers; 10⁻⁵ and 2·10⁻⁵ beyond that."""
    if value <= 0 or not math.isfinite(value):
        return ""
    exp = math.floor(math.log10(value) + 1e-9)
    mant = round(value / 10.0**exp, 6)
    if mant >= 10:
        mant, exp = mant / 10, exp + 1
    if -3 <= exp <= 3:
        return f"{value:.{max(0, -exp)}f}" if exp < 0 else f"{value:g}"
    power = "10" + str(exp).translate(SUPERSCRIPT)
    return power if abs(mant - 1) < 1e-6 else f"{mant:g}·{power}"


class LogAxis(pg.AxisItem):
    """A log-scale axis with readable labels: decades (thinned when crowded), plus 2 and 5 between
    them when a decade is tall enough; never the crowded 2…9 minor labels of the default axis."""

    def logTickValues(self, minVal: float, maxVal: float, size: float, stdTicks: Any) -> list[Any]:
        lo_v, hi_v = sorted((minVal, maxVal))
        span = max(hi_v - lo_v, 1e-9)
        per_decade = size / span
        step = 1
        while per_decade * step < MIN_LABEL_SPACING_PX and step < 100:
            step += 1
        lo, hi = math.floor(lo_v), math.ceil(hi_v)
        major = [float(k) for k in range(lo, hi + 1) if lo_v <= k <= hi_v and k % step == 0]
        ticks: list[Any] = [(float(step), major)]
        if step == 1:
            if per_decade >= 6 * MIN_LABEL_SPACING_PX:
                mults: tuple[int, ...] = (2, 3, 5)
            elif per_decade >= 3 * MIN_LABEL_SPACING_PX:
                mults = (2, 5)
            else:
                mults = ()
            minor = [k + math.log10(m) for k in range(lo - 1, hi + 1) for m in mults]
            ticks.append((None, [v for v in minor if lo_v <= v <= hi_v]))
        return ticks

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [log_label(10.0**v) for v in values]


def depth_colours(n: int) -> list[Any]:
    """``n`` colours from dark (first layer) to light (last layer)."""
    cmap = pg.colormap.get(DEPTH_MAP)
    lo, hi = DEPTH_RANGE
    pos = [lo + (hi - lo) * i / max(n - 1, 1) for i in range(n)]
    return [cmap.map(p, mode="qcolor") for p in pos]


class GradientHistory:
    """Growable (step, value per layer) buffers for the two quantities."""

    def __init__(self, layer_ids: tuple[str, ...], labels: tuple[str, ...], capacity: int = 512):
        self.layer_ids = layer_ids
        self.labels = labels
        n_layers = len(layer_ids)
        self.steps = np.empty(capacity, dtype=np.float64)
        self.grads = np.empty((capacity, n_layers), dtype=np.float64)
        self.ratios = np.empty((capacity, n_layers), dtype=np.float64)
        self.n = 0

    def __len__(self) -> int:
        return self.n

    @property
    def last_step(self) -> float:
        return float(self.steps[self.n - 1]) if self.n else -1.0

    def append(self, step: int, grads: np.ndarray, ratios: np.ndarray) -> None:
        if self.n == len(self.steps):
            if self.n >= MAX_POINTS:
                keep = slice(0, self.n, 2)
                k = len(range(0, self.n, 2))
                self.steps[:k] = self.steps[keep].copy()
                self.grads[:k] = self.grads[keep].copy()
                self.ratios[:k] = self.ratios[keep].copy()
                self.n = k
            else:
                cap = 2 * len(self.steps)
                self.steps = np.resize(self.steps, cap)
                self.grads = np.resize(self.grads, (cap, self.grads.shape[1]))
                self.ratios = np.resize(self.ratios, (cap, self.ratios.shape[1]))
        self.steps[self.n] = step
        self.grads[self.n] = grads
        self.ratios[self.n] = ratios
        self.n += 1

    def series(self, which: str, layer: int) -> tuple[np.ndarray, np.ndarray]:
        """(steps, values) of one layer, finite values only, zeros at LOG_FLOOR."""
        values = (self.grads if which == "grads" else self.ratios)[: self.n, layer]
        x = self.steps[: self.n]
        ok = np.isfinite(values)
        return x[ok], np.maximum(values[ok], LOG_FLOOR)


class GradientFlowView(AnalysisView):
    probe_name = "views.gradient_flow"
    min_interval = 0.0  # every snapshot (≤ 30 Hz)
    always_active = True

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("gradientFlowView")
        self.title = self.tr("Gradient flow")
        self.graphics.setObjectName("gradientFlowGraphics")
        self.info.setObjectName("gradientFlowInfo")
        self.note.setObjectName("gradientFlowNote")
        self.save_button.setObjectName("gradientFlowExport")
        self.info.setText(
            self.tr(
                "One line per layer: dark = near the input, light = near the output. When the first layers' "
                "lines sink far below the others, their gradients vanish and they barely learn."
            )
        )
        ci = self.graphics.ci
        self.grad_title = title_item(self.tr("Gradient norm ‖∂L/∂W‖ of each layer (last batch)"))
        self.ratio_title = title_item(self.tr("Step size relative to the weights: ‖lr·∂L/∂W‖ / ‖W‖"))
        self.legend_title = title_item(self.tr("Layers, input → output"))
        self.grad_plot = pg.PlotItem(axisItems={"left": LogAxis("left")})
        self.ratio_plot = pg.PlotItem(axisItems={"left": LogAxis("left")})
        self.legend = pg.LabelItem("", justify="left", color=TEXT_COLOUR, size="10pt")
        ci.addItem(self.grad_title, 0, 0)
        ci.addItem(self.legend_title, 0, 1)
        ci.addItem(self.grad_plot, 1, 0)
        ci.addItem(self.legend, 1, 1, 3, 1)
        ci.addItem(self.ratio_title, 2, 0)
        ci.addItem(self.ratio_plot, 3, 0)
        ci.layout.setColumnStretchFactor(0, 1)
        ci.layout.setRowStretchFactor(1, 1)
        ci.layout.setRowStretchFactor(3, 1)
        self.legend.setFlag(self.legend.GraphicsItemFlag.ItemClipsChildrenToShape, False)
        for plot in (self.grad_plot, self.ratio_plot):
            style_plot(plot)
            plot.setLogMode(x=False, y=True)
            plot.showGrid(x=False, y=True, alpha=0.25)
            plot.setMouseEnabled(x=False, y=False)
            plot.getAxis("left").setWidth(LEFT_AXIS_WIDTH)
        self.ratio_plot.setXLink(self.grad_plot)
        self.ratio_plot.setLabel("bottom", self.tr("training step"), **{"font-size": "11pt"})
        self.history: GradientHistory | None = None
        self._grad_curves: list[pg.PlotDataItem] = []
        self._ratio_curves: list[pg.PlotDataItem] = []
        self._last_draw = 0.0
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.timeout.connect(self.redraw)
        self._dirty = False
        self._x_max: float | None = None
        self._y_ranges: dict[str, tuple[int, int]] = {}

    def probe_function(self) -> Callable[[Any], Any]:
        return inspect.gradient_readout

    # ---------------------------------------------------------------- history

    def new_run(self) -> None:
        self.clear_history()

    def clear_history(self) -> None:
        self.history = None
        self._set_curves((), ())
        self._dirty = False
        self._x_max = None
        self._y_ranges = {}

    def _set_curves(self, layer_ids: tuple[str, ...], labels: tuple[str, ...]) -> None:
        for curve in self._grad_curves:
            self.grad_plot.removeItem(curve)
        for curve in self._ratio_curves:
            self.ratio_plot.removeItem(curve)
        self._grad_curves, self._ratio_curves = [], []
        lines = []
        for colour, label in zip(depth_colours(len(layer_ids)), labels, strict=True):
            pen = pg.mkPen(colour, width=2.5)
            self._grad_curves.append(self.grad_plot.plot([], [], pen=pen))
            self._ratio_curves.append(self.ratio_plot.plot([], [], pen=pen))
            lines.append(
                f"<span style='color:{colour.name()}; font-weight:bold'>━━</span>&nbsp;{_esc(label)}"
            )
        self.legend.setText("<br>".join(lines) if lines else " ")

    def show_readout(self, readout: GradientReadout, snapshot: Snapshot) -> None:
        if not readout.layer_ids:
            self.show_note(self.tr("This network has no Dense or Conv2D layer with weights."))
            return
        hist = self.history
        if hist is None or hist.layer_ids != readout.layer_ids or readout.step < hist.last_step:
            self.clear_history()
            hist = self.history = GradientHistory(readout.layer_ids, readout.labels)
            self._set_curves(readout.layer_ids, readout.labels)
        if readout.step > 0 and readout.step > hist.last_step:
            hist.append(readout.step, readout.grad_norms, readout.update_ratios)
            self._dirty = True
        if not len(hist):
            self.show_note(self.tr("The curves start with the first training step."))
            return
        self.show_content()
        if not self._dirty or not self.isVisible():
            return
        wait = REDRAW_INTERVAL_S - (time.perf_counter() - self._last_draw)
        if not snapshot.running or wait <= 0:
            self.redraw()
        elif not self._redraw_timer.isActive():
            self._redraw_timer.start(max(1, int(wait * 1000)))

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._dirty:
            self.redraw()

    def redraw(self) -> None:
        self._redraw_timer.stop()
        hist = self.history
        if hist is None:
            return
        lows = {"grads": math.inf, "ratios": math.inf}
        highs = {"grads": -math.inf, "ratios": -math.inf}
        for i, (gc, rc) in enumerate(zip(self._grad_curves, self._ratio_curves, strict=True)):
            for which, curve in (("grads", gc), ("ratios", rc)):
                x, y = hist.series(which, i)
                curve.setData(x, y, skipFiniteCheck=True)
                if len(y):
                    lows[which] = min(lows[which], float(y.min()))
                    highs[which] = max(highs[which], float(y.max()))
        self._set_ranges(float(hist.steps[hist.n - 1]) if hist.n else 1.0, lows, highs)
        self._last_draw = time.perf_counter()
        self._dirty = False

    def _set_ranges(self, last_step: float, lows: dict[str, float], highs: dict[str, float]) -> None:
        """Axis ranges that change in coarse steps only (whole decades; the step axis grows to the next
        1, 1.5, 2, 3, 5, 7 × 10^k): redrawing the axis text is the costly part of a frame."""
        x_max = nice_level(max(last_step, 1.0) * 1.02)
        if self._x_max != x_max:
            self._x_max = x_max
            self.grad_plot.setXRange(0.0, x_max, padding=0.0)
        for which, plot in (("grads", self.grad_plot), ("ratios", self.ratio_plot)):
            lo, hi = lows[which], highs[which]
            if not (math.isfinite(lo) and math.isfinite(hi)):
                continue
            y_range = (math.floor(math.log10(lo)), max(math.ceil(math.log10(hi)), math.floor(math.log10(lo)) + 1))
            if self._y_ranges.get(which) != y_range:
                self._y_ranges[which] = y_range
                # a little room beyond the end decades, so their labels are not clipped away
                plot.setYRange(y_range[0] - Y_MARGIN_DECADES, y_range[1] + Y_MARGIN_DECADES, padding=0.0)

    def curve_lengths(self) -> list[int]:
        """Points per gradient-norm curve as drawn (for tests)."""
        return [0 if c.xData is None else len(c.xData) for c in self._grad_curves]


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
