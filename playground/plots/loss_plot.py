"""The live loss (and accuracy) curves.

Per-batch training loss is a thin light line; per-epoch training and test loss are bold
lines (test dashed), plotted against the training step (batch) at which each epoch
ended. Classification adds an accuracy plot underneath, sharing the step axis. A readout
shows the values under the mouse (or the latest ones), and a check box switches the
loss axis to a log scale. Data go into preallocated float64 buffers that double when
full; the per-batch series is thinned by averaging neighbouring pairs once it holds
:data:`MAX_BATCH_POINTS` points (the epoch series at :data:`MAX_EPOCH_POINTS`), so hours
of training stay cheap to draw. While training runs the curves are redrawn 5 times a
second (one ``setData`` per changed curve, with about one point per pixel column: see
:meth:`LossPlot.flush`), not at all while the plot is hidden, and the axes' ranges change
in coarse steps only: repainting the axis text is the most expensive part of a frame.
Between redraws a snapshot's batch losses are only kept (no NumPy work in the GUI
thread per snapshot: NumPy gives the GIL to the training thread on larger arrays).

:meth:`LossPlot.mark_divergence` draws a red dashed vertical line, labelled (e.g.
"diverged (NaN)"), at the step where the loss stopped being a number; Reset and a new run
remove it.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QFont, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGraphicsItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from engine.probes import Snapshot
from playground.plots.style import style_plot

MAX_BATCH_POINTS = 100_000
MAX_EPOCH_POINTS = 480  # per epoch curve (each point the mean of neighbouring epochs beyond that)
# The curves are redrawn at most 5 times a second while training runs: a redraw costs
# ~10 ms of GUI-thread time, all of it holding the GIL the training thread needs.
REDRAW_INTERVAL_S = 0.2
TRAIN_COLOUR = "#0072B2"  # Okabe-Ito blue
TEST_COLOUR = "#D55E00"  # Okabe-Ito vermillion
BATCH_COLOUR = "#8DB8DA"  # a light, opaque blue (alpha blending a dense line is slow)
EPOCH_CURVE_PIXELS = 3.0  # pixel columns per drawn point of the bold epoch curves
BATCH_CURVE_PIXELS = 1.0  # pixel columns per drawn low-high pair of the thin batch curve (2: visibly hatched)
DIVERGENCE_COLOUR = "#C62828"  # the red of the window's error messages


class Series:
    """Growable (x, y) float64 buffers; optionally capped by averaging neighbouring pairs.

    With a cap, once ``cap`` points are stored each stored point becomes the mean of
    ``stride`` raw points (``stride`` doubles at each thinning); raw points waiting to
    fill a bucket are shown as one provisional last point.
    """

    def __init__(self, cap: int | None = None, capacity: int = 1024):
        self.cap = cap
        self._x = np.empty(capacity, dtype=np.float64)
        self._y = np.empty(capacity, dtype=np.float64)
        self.n = 0
        self.stride = 1
        self._pend_x = np.empty(0, dtype=np.float64)
        self._pend_y = np.empty(0, dtype=np.float64)

    def clear(self) -> None:
        self.n = 0
        self.stride = 1
        self._pend_x = self._pend_x[:0]
        self._pend_y = self._pend_y[:0]

    def __len__(self) -> int:
        return self.n + (1 if len(self._pend_x) else 0)

    def _reserve(self, size: int) -> None:
        if size <= len(self._x):
            return
        capacity = len(self._x)
        while capacity < size:
            capacity *= 2
        for name in ("_x", "_y"):
            old = getattr(self, name)
            new = np.empty(capacity, dtype=np.float64)
            new[: self.n] = old[: self.n]
            setattr(self, name, new)

    def _thin(self) -> None:
        """Halve the stored points by averaging neighbouring pairs."""
        n = self.n
        pairs = n // 2
        for buf in (self._x, self._y):
            head = buf[: 2 * pairs].reshape(pairs, 2).mean(axis=1)
            tail = buf[2 * pairs:n].copy()
            buf[:pairs] = head
            buf[pairs:pairs + len(tail)] = tail
        self.n = pairs + (n - 2 * pairs)
        self.stride *= 2

    def extend(self, x: np.ndarray, y: np.ndarray) -> None:
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        if self.cap is None or (self.stride == 1 and self.n + len(x) <= self.cap):
            self._reserve(self.n + len(x) + 1)
            self._x[self.n:self.n + len(x)] = x
            self._y[self.n:self.n + len(y)] = y
            self.n += len(x)
            return
        px = np.concatenate([self._pend_x, x])
        py = np.concatenate([self._pend_y, y])
        while self.n + len(px) // self.stride > self.cap:
            self._thin()
        k = len(px) // self.stride
        if k:
            take = k * self.stride
            self._reserve(self.n + k + 1)
            # np.add.reduce: ndarray.mean's Python wrapper costs more than the sum of a few hundred values
            scale = 1.0 / self.stride
            np.multiply(np.add.reduce(px[:take].reshape(k, self.stride), axis=1), scale, out=self._x[self.n:self.n + k])
            np.multiply(np.add.reduce(py[:take].reshape(k, self.stride), axis=1), scale, out=self._y[self.n:self.n + k])
            self.n += k
            px, py = px[take:], py[take:]
        self._pend_x, self._pend_y = px, py

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        """Views of the stored points (plus the provisional mean of pending raw points)."""
        n = self.n
        if len(self._pend_x):
            self._reserve(n + 1)
            self._x[n] = self._pend_x.mean()
            self._y[n] = self._pend_y.mean()
            n += 1
        return self._x[:n], self._y[:n]

    def nearest(self, x: float) -> int | None:
        xs, _ = self.data()
        if not len(xs):
            return None
        i = int(np.searchsorted(xs, x))
        if i >= len(xs) or (i > 0 and abs(xs[i - 1] - x) <= abs(xs[i] - x)):
            i -= 1
        return i


def envelope(x: np.ndarray, y: np.ndarray, columns: int) -> tuple[np.ndarray, np.ndarray]:
    """At most ``2 * columns + 3`` points that draw like ``(x, y)`` as a 1-px line ``columns`` pixels wide.

    Each run of neighbouring points becomes its lowest and its highest value (NaN only for
    a run of NaNs), at the run's first x: the min-max envelope a dense line paints anyway;
    the last point stays, so the line ends at the latest value. Fewer points than that
    come back as copies.
    """
    n = len(x)
    ds = -(-n // max(1, columns))
    if ds <= 1:
        return x.copy(), y.copy()
    k = n // ds
    m = k * ds
    runs = y[:m].reshape(k, ds)
    xs = x[:m:ds]
    lo, hi = np.fmin.reduce(runs, axis=1), np.fmax.reduce(runs, axis=1)
    if m < n:
        xs = np.append(xs, x[m])
        lo = np.append(lo, np.fmin.reduce(y[m:]))
        hi = np.append(hi, np.fmax.reduce(y[m:]))
    out_y = np.empty(2 * len(xs) + 1, dtype=np.float64)
    out_y[0:-1:2] = lo
    out_y[1:-1:2] = hi
    out_y[-1] = y[-1]
    return np.append(np.repeat(xs, 2), x[-1]), out_y


def bucket_means(x: np.ndarray, y: np.ndarray, buckets: int) -> tuple[np.ndarray, np.ndarray]:
    """At most ``buckets + 2`` points: the mean x and y of each run of neighbouring points, then the last
    point (so the line ends at the latest value); copies if there are fewer."""
    n = len(x)
    ds = -(-n // max(1, buckets))
    if ds <= 1:
        return x.copy(), y.copy()
    k = n // ds
    m = k * ds
    scale = 1.0 / ds
    xs = np.add.reduce(x[:m].reshape(k, ds), axis=1) * scale
    ys = np.add.reduce(y[:m].reshape(k, ds), axis=1) * scale
    if m < n:
        xs = np.append(xs, x[m:].mean())
        ys = np.append(ys, y[m:].mean())
    return np.append(xs, x[-1]), np.append(ys, y[-1])


def nice_ceiling(v: float) -> float:
    """The smallest of 1, 1.5, 2, 3, 5, 7 (times a power of ten) that is >= ``v``."""
    if v <= 0 or not math.isfinite(v):
        return 1.0
    base = 10.0 ** math.floor(math.log10(v))
    for m in (1.0, 1.5, 2.0, 3.0, 5.0, 7.0, 10.0):
        if m * base >= v * (1 - 1e-12):
            return m * base
    return 10.0 * base


def _fmt(v: float | None, digits: int = 4) -> str:
    if v is None or not math.isfinite(v):
        return "–"
    return f"{v:.{digits}g}"


def _pct(v: float | None) -> str:
    return "–" if v is None or not math.isfinite(v) else f"{100.0 * v:.1f}%"


class LossPlot(QWidget):
    """Loss curves (and accuracy for classification) that follow the training snapshots."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lossPlot")
        self.readout = QLabel(self)
        self.readout.setObjectName("lossReadout")
        self.readout.setTextFormat(Qt.TextFormat.PlainText)
        # a changing text must never re-layout (and so fully repaint) the plots
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.log_scale = QCheckBox(self.tr("Log scale"), self)
        self.log_scale.setObjectName("lossLogScale")
        self.log_scale.setToolTip(self.tr("Show the loss on a logarithmic axis"))
        self.log_scale.toggled.connect(self._on_log_toggled)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.readout, 1)
        top.addWidget(self.log_scale)

        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.setObjectName("lossGraphics")
        # the curves span the plots and change together: repaint the viewport without asking
        # every changed item (pyqtgraph's are Python) for its bounds
        self.graphics.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.loss_plot: pg.PlotItem = self.graphics.addPlot(row=0, col=0)
        self.acc_plot: pg.PlotItem = self.graphics.addPlot(row=1, col=0)
        self.graphics.ci.layout.setRowStretchFactor(0, 3)
        self.graphics.ci.layout.setRowStretchFactor(1, 2)
        self.loss_plot.setLabel("left", self.tr("loss"))
        self.acc_plot.setLabel("left", self.tr("accuracy"))
        self.acc_plot.setLabel("bottom", self.tr("training step (batch)"))
        self.acc_plot.setXLink(self.loss_plot)
        # a short plot: three labelled ticks, not six crowded ones (esp. with the larger presentation fonts)
        self.acc_plot.getAxis("left").setTicks([[(v, f"{v:g}") for v in (0.0, 0.5, 1.0)], []])
        for plot in (self.loss_plot, self.acc_plot):
            style_plot(plot)
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.disableAutoRange()
        # one legend for both plots (they share the colours): "training" and "test" name the
        # loss and the accuracy curves alike; a light box keeps it readable over the curves
        legend_style = {
            "brush": pg.mkBrush(255, 255, 255, 170),  # the curves under it stay visible
            "pen": pg.mkPen("#C9CFD6"),
            "labelTextSize": "10pt",
            "verSpacing": -6,
        }
        legend = self.loss_plot.addLegend(offset=(-10, 10), **legend_style)
        legend.setObjectName("lossLegend")
        # the curves get data already thinned to the plot's width (see flush): no downsampling here
        self.batch_curve = self.loss_plot.plot(pen=pg.mkPen(BATCH_COLOUR, width=1), name=self.tr("batch loss"))
        self.train_curve = self.loss_plot.plot(
            pen=pg.mkPen(TRAIN_COLOUR, width=3), name=self.tr("training"), connect="finite"
        )
        self.test_curve = self.loss_plot.plot(
            pen=pg.mkPen(TEST_COLOUR, width=3, style=Qt.PenStyle.DashLine), name=self.tr("test"),
            connect="finite",
        )
        acc_legend = self.acc_plot.addLegend(offset=(-10, -10), **legend_style)
        acc_legend.setObjectName("accuracyLegend")
        acc_legend.setVisible(False)  # the loss legend above names the same colours
        self.train_acc_curve = self.acc_plot.plot(
            pen=pg.mkPen(TRAIN_COLOUR, width=3), name=self.tr("training accuracy"), connect="finite"
        )
        self.test_acc_curve = self.acc_plot.plot(
            pen=pg.mkPen(TEST_COLOUR, width=3, style=Qt.PenStyle.DashLine), name=self.tr("test accuracy"),
            connect="finite",
        )

        # A legend over the curves repaints with them: blit it (and its samples and labels) from a cache.
        for item in (legend, *legend.childItems()):
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.graphics, 1)

        self._batch = Series(cap=MAX_BATCH_POINTS)
        self._pending: list[tuple[int, np.ndarray]] = []  # (global step, new losses) not in _batch yet
        # the epoch curves keep about as many points as they draw (bucket means of neighbouring
        # epochs): a redraw never makes a NumPy pass over thousands of epochs (see flush)
        self.epoch_train = Series(cap=MAX_EPOCH_POINTS)
        self.epoch_test = Series(cap=MAX_EPOCH_POINTS)
        self.acc_train = Series(cap=MAX_EPOCH_POINTS)
        self.acc_test = Series(cap=MAX_EPOCH_POINTS)
        self._n_records = 0  # epoch records drawn (the records themselves stay in the snapshot)
        self._epoch_ends = Series()  # x of each epoch's end (y: its index), for the readout
        self._steps_at_last_epoch = 0.0
        self._run: int | None = None
        self._last: Snapshot | None = None
        self._classification: bool | None = None
        self._mouse_step: float | None = None
        # Ranges are set by hand and change in coarse steps only: every range change
        # repaints the axes' text, by far the most expensive part of a frame.
        self._x_hi = 0.0
        self._y_lo = math.inf  # smallest positive loss seen (log scale)
        self._y_hi = 0.0  # largest loss seen
        self._range_key: tuple | None = None
        self.acc_plot.setYRange(0.0, 1.0, padding=0.02)
        for plot in (self.loss_plot, self.acc_plot):  # axes change rarely: blit them from a cache
            for side in ("left", "bottom", "top", "right"):
                plot.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._stale: set[str] = set()
        self._view_x_hi = 10.0
        self._drawn_width = 0  # the plot width (device pixels) the curves were thinned for
        # divergence marks: (run or None, step, label, line on the loss plot, line on the accuracy plot)
        self._marks: list[tuple[int | None, float, str, pg.InfiniteLine, pg.InfiniteLine]] = []
        self._last_redraw = 0.0
        self._redraw_timer = QTimer(self)
        self._redraw_timer.setSingleShot(True)
        self._redraw_timer.timeout.connect(self._redraw)
        self.loss_plot.vb.sigResized.connect(self._on_view_resized)
        self.graphics.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self._set_classification(True)
        self._update_readout()

    # ---------------------------------------------------------------- public API

    def update_snapshot(self, snapshot: Snapshot) -> bool:
        """Append what the snapshot adds; False if it was stale (an older run) and ignored.

        The batch losses are stored at once and the epoch records at the next redraw (the
        snapshot carries the whole history); the curves are redrawn at most every
        :data:`REDRAW_INTERVAL_S` while training runs (a timer draws what is left), at once
        for a snapshot of a stopped run, and never while the plot is hidden (another tab):
        showing it draws everything it missed.
        """
        if self._run is not None and snapshot.run < self._run:
            return False
        if snapshot.run != self._run or len(snapshot.history) < self._n_records:
            self._clear_data()
            if snapshot.run != self._run:
                self._clear_marks(keep_run=snapshot.run)
            self._run = snapshot.run
        self._set_classification(snapshot.task == "classification")
        if len(snapshot.new_losses):
            # kept as they are until the next redraw (or a read of `batch`): no NumPy work per
            # snapshot, which in this thread would give the GIL to the training thread
            self._pending.append((snapshot.global_step, snapshot.new_losses))
            self._x_hi = max(self._x_hi, float(snapshot.global_step))
            self._stale.add("batch")
        if len(snapshot.history) > self._n_records:
            self._stale.add("epochs")
        self._last = snapshot
        now = time.perf_counter()
        due = self._last_redraw + REDRAW_INTERVAL_S
        if not snapshot.running or now >= due:
            self._redraw()
            if snapshot.running and now - due < REDRAW_INTERVAL_S / 2:
                self._last_redraw = due  # on a fixed cadence: 5 redraws a second, not a little fewer
        elif not self._redraw_timer.isActive():
            # only if no snapshot comes in time: while training runs the next one redraws,
            # in the GUI thread's hold of the GIL that it has anyway (a timer would take it again)
            self._redraw_timer.start(max(1, int((due - now + REDRAW_INTERVAL_S) * 1000)))
        return True

    @property
    def batch(self) -> Series:
        """Every batch loss so far (thinned beyond :data:`MAX_BATCH_POINTS`)."""
        if self._pending:
            pending, self._pending = self._pending, []
            values = pending[0][1] if len(pending) == 1 else np.concatenate([v for _, v in pending])
            first = pending[0][0] - len(pending[0][1]) + 1
            if pending[-1][0] - first + 1 == len(values):  # consecutive steps (always, within a run)
                steps = np.arange(first, pending[-1][0] + 1, dtype=np.float64)
            else:
                steps = np.concatenate([np.arange(g - len(v) + 1, g + 1, dtype=np.float64) for g, v in pending])
            self._batch.extend(steps, values)
        return self._batch

    def _ingest_records(self) -> None:
        """Store the epoch records the latest snapshot has and the curves do not (once per redraw)."""
        _ = self.batch  # the batch losses kept since the last redraw
        snapshot = self._last
        new_records = snapshot.history[self._n_records:] if snapshot is not None else ()
        if new_records:
            steps = np.cumsum([r.steps for r in new_records], dtype=np.float64) + self._steps_at_last_epoch
            self._steps_at_last_epoch = float(steps[-1])
            self._epoch_ends.extend(steps, np.arange(self._n_records, self._n_records + len(new_records)))
            self._n_records += len(new_records)
            train = np.array([r.train_loss for r in new_records], dtype=np.float64)
            test = np.array([r.test_loss for r in new_records], dtype=np.float64)
            self.epoch_train.extend(steps, train)
            self.epoch_test.extend(steps, test)
            if new_records[0].train_acc is not None:
                self.acc_train.extend(steps, [r.train_acc for r in new_records])
                test_acc = [np.nan if r.test_acc is None else r.test_acc for r in new_records]
                self.acc_test.extend(steps, test_acc)
            self._track(np.concatenate([train, test]), self._steps_at_last_epoch)
            self._stale.add("epochs")

    def _redraw(self) -> None:
        """Draw what is new, unless the plot is hidden (then :meth:`showEvent` draws it)."""
        self._redraw_timer.stop()
        if self.isVisible():
            self.flush()

    def flush(self) -> None:
        """Draw every stored point now, thinned to the plot's width.

        Thousands of points per pixel column look no different from what is drawn here
        and cost far more to paint: the batch loss (a 1 px line) keeps the lowest and
        highest value of every :data:`BATCH_CURVE_PIXELS` columns; the bold epoch curves
        keep one mean per :data:`EPOCH_CURVE_PIXELS` columns (a 3 px antialiased line costs
        Qt about 1.5 µs per point). Short arrays also keep pyqtgraph's NumPy work on them
        cheap (NumPy gives the GIL to the training thread on arrays above ~500 values).
        """
        self._redraw_timer.stop()
        self._ingest_records()
        self._view_x_hi = nice_ceiling(max(self._x_hi, 10.0))  # as _apply_ranges sets it
        width = self._plot_width()
        if width != self._drawn_width:
            self._drawn_width = width
            self._stale.update(("batch", "epochs"))
        if "batch" in self._stale:
            x, y = self.batch.data()
            ex, ey = envelope(x, y, max(1, int(self._columns(x, width) / BATCH_CURVE_PIXELS)))
            self._track(ey, self._x_hi)  # the envelope keeps every low and high: the same range, fewer values
            self.batch_curve.setData(ex, ey)
        if "epochs" in self._stale:
            x, _ = self.epoch_train.data()
            buckets = max(1, int(self._columns(x, width) / EPOCH_CURVE_PIXELS))
            for curve, series in (
                (self.train_curve, self.epoch_train),
                (self.test_curve, self.epoch_test),
                (self.train_acc_curve, self.acc_train),
                (self.test_acc_curve, self.acc_test),
            ):
                curve.setData(*bucket_means(*series.data(), buckets))
        self._apply_ranges()
        if self._stale:
            self._last_redraw = time.perf_counter()
        self._stale.clear()
        self._update_readout()

    def _plot_width(self) -> int:
        """The loss plot's width in device pixels (400 until it has been laid out)."""
        width = self.loss_plot.vb.width()
        if width < 50:
            return 400
        return int(width * self.graphics.devicePixelRatioF())

    def _columns(self, x: np.ndarray, width: int) -> int:
        """How many pixel columns the points ``x`` span in the current view."""
        if len(x) < 2:
            return width
        share = (float(x[-1]) - float(x[0])) / self._view_x_hi
        return max(1, int(width * min(1.0, share)))

    def _on_view_resized(self) -> None:
        if self._last is None:
            return
        if self._plot_width() != self._drawn_width and not self._redraw_timer.isActive():
            self._redraw_timer.start(0)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale or self._pending or (self._last is not None and len(self._last.history) > self._n_records):
            self._redraw_timer.start(0)  # what arrived while hidden

    def clear(self) -> None:
        """Empty every curve and remove the divergence marks (on reset); the next snapshots draw the new run."""
        self._clear_data()
        self._clear_marks()
        self._last = None
        self._update_readout()

    def mark_divergence(self, step: float, label: str, run: int | None = None) -> None:
        """Mark the training step at which the loss diverged with a labelled red vertical line.

        ``run`` is the run it belongs to (``Snapshot.run``): the mark stays until Reset or
        until a snapshot of another run arrives.
        """
        pen = pg.mkPen(DIVERGENCE_COLOUR, width=2, style=Qt.PenStyle.DashLine)
        text = label.replace("{", "{{").replace("}", "}}")  # InfiniteLine formats its label
        line = pg.InfiniteLine(
            pos=float(step), angle=90, movable=False, pen=pen, label=text,
            labelOpts={
                # left of the line, low: clear of the legend in the top right corner (and the curve
                # is near the bottom there: a diverging loss first blows the axis up)
                "position": 0.2, "color": DIVERGENCE_COLOUR, "fill": pg.mkBrush(255, 255, 255, 200),
                "anchors": [(1.0, 0.5), (1.0, 0.5)],
            },
        )
        line.setObjectName("divergenceMark")
        line.setToolTip(label)
        font = QFont()
        font.setPointSizeF(12.0)
        font.setBold(True)
        line.label.setFont(font)
        line.setZValue(30)
        acc_line = pg.InfiniteLine(pos=float(step), angle=90, movable=False, pen=pen)
        acc_line.setZValue(30)
        self.loss_plot.addItem(line, ignoreBounds=True)
        self.acc_plot.addItem(acc_line, ignoreBounds=True)
        self._marks.append((run, float(step), label, line, acc_line))
        self._track(np.empty(0), float(step))
        self._apply_ranges()

    def divergence_marks(self) -> list[tuple[float, str]]:
        """(step, label) of every divergence mark shown."""
        return [(step, label) for _, step, label, _, _ in self._marks]

    def set_log_scale(self, on: bool) -> None:
        self.log_scale.setChecked(on)

    @property
    def is_log_scale(self) -> bool:
        return self.log_scale.isChecked()

    # ---------------------------------------------------------------- internals

    def _track(self, values: np.ndarray, x: float) -> None:
        values = np.asarray(values, dtype=np.float64)
        finite = values[np.isfinite(values)]
        if len(finite):
            self._y_hi = max(self._y_hi, float(finite.max()))
            positive = finite[finite > 0]
            if len(positive):
                self._y_lo = min(self._y_lo, float(positive.min()))
        self._x_hi = max(self._x_hi, x)

    def _apply_ranges(self) -> None:
        """Set the view to coarse 'nice' bounds that only change when the data outgrow them."""
        x_hi = nice_ceiling(max(self._x_hi, 10.0))
        if self.is_log_scale:
            lo = math.floor(math.log10(self._y_lo)) if math.isfinite(self._y_lo) else -3
            hi = math.ceil(math.log10(self._y_hi)) if self._y_hi > 0 else 0
            y = (float(lo), float(max(hi, lo + 1)))
        else:
            y = (0.0, nice_ceiling(self._y_hi) if self._y_hi > 0 else 1.0)
        self._view_x_hi = x_hi
        key = (x_hi, y, self.is_log_scale)
        if key != self._range_key:
            self._range_key = key
            self.loss_plot.setRange(xRange=(0.0, x_hi), yRange=y, padding=0.02)

    def _clear_marks(self, keep_run: int | None = None) -> None:
        """Remove the divergence marks (but those of ``keep_run``, when given)."""
        kept = []
        for mark in self._marks:
            run, step, _, line, acc_line = mark
            if keep_run is not None and run == keep_run:
                kept.append(mark)
                self._track(np.empty(0), step)
                continue
            self.loss_plot.removeItem(line)
            self.acc_plot.removeItem(acc_line)
        self._marks = kept

    def _clear_data(self) -> None:
        self._pending = []
        for series in (self._batch, self.epoch_train, self.epoch_test, self.acc_train, self.acc_test):
            series.clear()
        self._n_records = 0
        self._epoch_ends.clear()
        self._steps_at_last_epoch = 0.0
        self._x_hi, self._y_lo, self._y_hi = 0.0, math.inf, 0.0
        self._range_key = None
        self._stale = set()
        for curve in (self.batch_curve, self.train_curve, self.test_curve, self.train_acc_curve,
                      self.test_acc_curve):
            curve.setData([], [])

    def _set_classification(self, on: bool) -> None:
        if on == self._classification:
            return
        self._classification = on
        self.acc_plot.setVisible(on)
        if on:
            self.loss_plot.setLabel("bottom", "")
            self.loss_plot.getAxis("bottom").setStyle(showValues=False)
        else:
            self.loss_plot.setLabel("bottom", self.tr("training step (batch)"))
            self.loss_plot.getAxis("bottom").setStyle(showValues=True)

    def _on_log_toggled(self, on: bool) -> None:
        self.loss_plot.setLogMode(x=False, y=on)
        self._apply_ranges()

    def _on_mouse_moved(self, pos: QPointF) -> None:
        vb = self.loss_plot.vb
        if self.loss_plot.sceneBoundingRect().contains(pos):
            self._mouse_step = float(vb.mapSceneToView(pos).x())
        elif self._classification and self.acc_plot.sceneBoundingRect().contains(pos):
            self._mouse_step = float(self.acc_plot.vb.mapSceneToView(pos).x())
        else:
            self._mouse_step = None
        self._update_readout()

    def show_values_at(self, step: float | None) -> None:
        """Show the readout for a training step (as the mouse does); None shows the latest values."""
        self._mouse_step = step
        self._update_readout()

    def _update_readout(self) -> None:
        self._readout_full = self._readout_text()
        self._elide_readout()

    def _elide_readout(self) -> None:
        """Fit the readout into its width with a "…" (a clipped number would be misread); tooltip: all."""
        full = getattr(self, "_readout_full", "")
        width = self.readout.width()
        text = full
        if width > 20 and self.readout.fontMetrics().horizontalAdvance(full) > width - 4:
            text = self.readout.fontMetrics().elidedText(full, Qt.TextElideMode.ElideRight, width - 4)
        self.readout.setText(text)
        self.readout.setToolTip(full if text != full else "")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide_readout()

    def _readout_text(self) -> str:
        step = self._mouse_step
        if step is None or not len(self.batch):
            last = self._last
            if last is None:
                return self.tr("No training yet")
            text = self.tr("step {step} · epoch {epoch}").format(step=last.global_step, epoch=last.epoch)
            if last.train_loss is not None:
                text += " · " + self.tr("training loss {v}").format(v=_fmt(last.train_loss))
            if last.test_loss is not None:
                text += " · " + self.tr("test loss {v}").format(v=_fmt(last.test_loss))
            if last.test_acc is not None:
                text += " · " + self.tr("test accuracy {v}").format(v=_pct(last.test_acc))
            return text
        parts = []
        i = self.batch.nearest(step)
        if i is not None:
            xs, ys = self.batch.data()
            text = self.tr("step {step}: batch loss {v}")
            parts.append(text.format(step=round(float(xs[i])), v=_fmt(ys[i])))
        j = self._epoch_ends.nearest(step)
        if j is not None and self._last is not None and j < len(self._last.history):
            r = self._last.history[j]
            text = self.tr("epoch {e}: training loss {a}, test loss {b}").format(
                e=r.epoch, a=_fmt(r.train_loss), b=_fmt(r.test_loss)
            )
            if r.test_acc is not None:
                text += ", " + self.tr("accuracy {a} / {b}").format(a=_pct(r.train_acc), b=_pct(r.test_acc))
            parts.append(text)
        return " · ".join(parts)
