"""The comparison's one loss plot: both networks' curves over the epochs, overlaid.

Each network has its colour (A Okabe-Ito blue, B Okabe-Ito vermillion: apart for the
common colour-vision deficiencies); training loss is solid, test loss dashed. For
classification an accuracy plot below shares the epoch axis. The x axis counts epochs
(not batches), so networks with different batch sizes line up. Records are stored as
they arrive; the curves are drawn only when :meth:`CompareLossPlot.flush` is called
(the window calls it at most 5 times a second while training runs, and when it stops).
"""

from __future__ import annotations

import html
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QCheckBox, QGraphicsItem, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from engine.training import EpochRecord
from playground.plots.loss_plot import Series, nice_ceiling
from playground.plots.style import style_plot

SIDE_COLOURS = {"A": "#0072B2", "B": "#D55E00"}  # Okabe-Ito blue and vermillion
SIDES = ("A", "B")


class CompareLossPlot(QWidget):
    """Training (solid) and test (dashed) loss of networks A and B, plus accuracy for classification."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compareLossPlot")
        # the legend sits above the plots (a legend inside them would hide the curves under it)
        self.legend = QLabel(self)
        self.legend.setObjectName("compareLossLegend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.legend.setStyleSheet("font-size: 12pt;")
        self.log_scale = QCheckBox(self.tr("Log scale"), self)
        self.log_scale.setObjectName("compareLogScale")
        self.log_scale.setToolTip(self.tr("Show the loss on a logarithmic axis"))
        self.log_scale.toggled.connect(self._on_log_toggled)
        top = QHBoxLayout()
        top.setContentsMargins(4, 0, 4, 0)
        top.addWidget(self.legend, 1)
        top.addWidget(self.log_scale)

        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.setObjectName("compareLossGraphics")
        self.graphics.setBackground("w")
        self.loss_plot: pg.PlotItem = self.graphics.addPlot(row=0, col=0)
        self.acc_plot: pg.PlotItem = self.graphics.addPlot(row=1, col=0)
        # equal rows: the accuracy plot also holds the epoch axis, so its plane is a little lower
        self.graphics.ci.layout.setRowStretchFactor(0, 1)
        self.graphics.ci.layout.setRowStretchFactor(1, 1)
        self.loss_plot.setLabel("left", self.tr("loss"))
        self.acc_plot.setLabel("left", self.tr("accuracy"))
        self.acc_plot.setLabel("bottom", self.tr("epoch"))
        self.acc_plot.setXLink(self.loss_plot)
        for plot in (self.loss_plot, self.acc_plot):
            style_plot(plot)
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.disableAutoRange()
            for side in ("left", "bottom"):
                plot.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.acc_plot.setLabel("left", self.tr("accuracy"), **{"font-size": "11pt", "color": "#37414B"})
        self._fit_axes()
        self.curves: dict[str, dict[str, pg.PlotDataItem]] = {}
        for side in SIDES:
            colour = SIDE_COLOURS[side]
            solid = pg.mkPen(colour, width=3)
            dashed = pg.mkPen(colour, width=3, style=Qt.PenStyle.DashLine)
            self.curves[side] = {
                "train": self.loss_plot.plot(pen=solid, connect="finite"),
                "test": self.loss_plot.plot(pen=dashed, connect="finite"),
                "train_acc": self.acc_plot.plot(pen=solid, connect="finite"),
                "test_acc": self.acc_plot.plot(pen=dashed, connect="finite"),
            }
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.graphics, 1)

        self.series: dict[str, dict[str, Series]] = {
            side: {key: Series(cap=20_000) for key in ("train", "test", "train_acc", "test_acc")} for side in SIDES
        }
        self._records = dict.fromkeys(SIDES, 0)
        self._names = {"A": "A", "B": "B"}
        self._classification: bool | None = None
        self._stale = False
        self._x_hi = 0.0
        self._x_limit = 0
        self._y_lo = math.inf
        self._y_hi = 0.0
        self._range_key: tuple | None = None
        self.acc_plot.setYRange(-0.05, 1.05, padding=0.0)
        self.acc_plot.getAxis("left").setTicks([[(0.0, "0"), (0.5, "50 %"), (1.0, "100 %")], [(0.25, ""), (0.75, "")]])
        self._set_classification(True)
        self.set_names("A", "B")
        self._apply_ranges()

    # ---------------------------------------------------------------- public API

    def _fit_axes(self) -> None:
        """One left-axis width for both plots (so they line up), wide enough for "100 %" in today's font.

        Presentation mode enlarges the app font and the tick text (x1.5, at least 16 pt): the
        width follows on the FontChange event that brings.
        """
        font = self.font()
        if font.pointSizeF() > 13:  # presentation mode: its tick text is at least 16 pt
            font.setPointSizeF(max(16.0, font.pointSizeF()))
        width = QFontMetricsF(font).horizontalAdvance("100 %") + 2.2 * QFontMetricsF(font).height() + 12
        for plot in (self.loss_plot, self.acc_plot):
            plot.getAxis("left").setWidth(int(max(72.0, width)))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_axes()
        super().changeEvent(event)

    def set_names(self, a: str, b: str) -> None:
        """Name the two networks in the legend (a line in each one's colour, then its name)."""
        self._names = {"A": a, "B": b}
        self._show_legend()

    def _show_legend(self) -> None:
        parts = [
            f'<span style="color:{SIDE_COLOURS[side]}; font-weight:bold;">━━ {html.escape(self._names[side])}</span>'
            for side in SIDES
        ]
        key = html.escape(self.tr("solid: training data · dashed: test data"))
        parts.append(f'<span style="color:#37414B;">({key})</span>')
        self.legend.setText("&nbsp;&nbsp;&nbsp;&nbsp;".join(parts))

    def legend_names(self) -> list[str]:
        """The names the legend shows, A first."""
        return [self._names[side] for side in SIDES]

    def add_history(self, side: str, history: tuple[EpochRecord, ...], classification: bool) -> bool:
        """Store the epochs of ``history`` not stored yet; True when there was something new.

        A history shorter than what is stored belongs to a new run: that side starts again.
        """
        if len(history) < self._records[side]:
            self.clear_side(side)
        new = history[self._records[side]:]
        self._set_classification(classification)
        if not new:
            return False
        x = np.array([r.epoch for r in new], dtype=np.float64)
        train = np.array([r.train_loss for r in new], dtype=np.float64)
        test = np.array([r.test_loss for r in new], dtype=np.float64)
        series = self.series[side]
        series["train"].extend(x, train)
        series["test"].extend(x, test)
        if new[0].train_acc is not None:
            series["train_acc"].extend(x, [np.nan if r.train_acc is None else r.train_acc for r in new])
            series["test_acc"].extend(x, [np.nan if r.test_acc is None else r.test_acc for r in new])
        self._records[side] = len(history)
        values = np.concatenate([train, test])
        finite = values[np.isfinite(values)]
        if len(finite):
            self._y_hi = max(self._y_hi, float(finite.max()))
            positive = finite[finite > 0]
            if len(positive):
                self._y_lo = min(self._y_lo, float(positive.min()))
        self._x_hi = max(self._x_hi, float(x[-1]))
        self._stale = True
        return True

    def set_epoch_limit(self, epochs: int) -> None:
        """The epoch axis ends at the run's last epoch (when that is not far off), so it never jumps."""
        self._x_limit = int(epochs)
        self._apply_ranges()

    def epochs(self, side: str) -> int:
        """How many epochs of ``side`` are stored."""
        return self._records[side]

    def curve_data(self, side: str, key: str) -> tuple[np.ndarray, np.ndarray]:
        """What a curve shows now (``key``: train, test, train_acc, test_acc)."""
        x, y = self.curves[side][key].getData()
        if x is None:
            return np.empty(0), np.empty(0)
        return np.asarray(x), np.asarray(y)

    @property
    def stale(self) -> bool:
        """Stored epochs are waiting to be drawn."""
        return self._stale

    def flush(self) -> None:
        """Draw every stored epoch now."""
        if self._stale:
            for side in SIDES:
                for key, curve in self.curves[side].items():
                    curve.setData(*self.series[side][key].data())
            self._stale = False
        self._apply_ranges()

    def clear(self) -> None:
        """Empty both networks' curves (on reset)."""
        for side in SIDES:
            self.clear_side(side)
        self._x_hi, self._y_lo, self._y_hi = 0.0, math.inf, 0.0
        self._range_key = None
        self._apply_ranges()

    def clear_side(self, side: str) -> None:
        for series in self.series[side].values():
            series.clear()
        for curve in self.curves[side].values():
            curve.setData([], [])
        self._records[side] = 0

    # ---------------------------------------------------------------- internals

    def _set_classification(self, on: bool) -> None:
        if on == self._classification:
            return
        self._classification = on
        self.acc_plot.setVisible(on)
        axis = self.loss_plot.getAxis("bottom")
        if on:
            self.loss_plot.setLabel("bottom", "")
            axis.setStyle(showValues=False)
        else:
            self.loss_plot.setLabel("bottom", self.tr("epoch"))
            axis.setStyle(showValues=True)

    def _apply_ranges(self) -> None:
        """Coarse 'nice' bounds that change only when the data outgrow them (cheap axis repaints)."""
        x_hi = nice_ceiling(max(self._x_hi, 10.0))
        if self._x_hi <= self._x_limit <= max(2000.0, 4 * self._x_hi):
            x_hi = float(max(self._x_limit, 5))
        if self.log_scale.isChecked():
            lo = math.floor(math.log10(self._y_lo)) if math.isfinite(self._y_lo) else -3
            hi = math.ceil(math.log10(self._y_hi)) if self._y_hi > 0 else 0
            y = (float(lo), float(max(hi, lo + 1)))
        else:
            y = (0.0, nice_ceiling(self._y_hi) if self._y_hi > 0 else 1.0)
        key = (x_hi, y, self.log_scale.isChecked())
        if key != self._range_key:
            self._range_key = key
            self.loss_plot.setRange(xRange=(0.0, x_hi), yRange=y, padding=0.02)

    def _on_log_toggled(self, on: bool) -> None:
        self.loss_plot.setLogMode(x=False, y=on)
        self._range_key = None
        self._apply_ranges()
