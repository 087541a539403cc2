"""The input plane: the network's output as a background picture, with the data points on top.

- Two classes: P(class 1) through a lightened orange-white-blue (colour-blind-safe,
  Okabe-Ito ends) diverging colour map with fixed levels (0, 1); class 0 points in its
  orange end, class 1 points in its blue end, with dark outlines. These are the sign
  colours of :mod:`playground.plots.style`: the neuron diagram's weights and neuron
  pictures use the same ones (blue positive, orange negative), as TF Playground does.
- k > 2 classes: each cell takes its predicted class's Okabe-Ito colour, blended towards
  white where the network is unsure (an RGB image, no lookup table).
- Regression: the predicted value through the sequential ``cividis`` map, levels fixed
  to the targets' range; points coloured by their target.

"Discretize output" shows hard decisions (classes, or ten value bands for regression).
Test points are drawn hollow and hidden unless "Show test data" is checked. The image is
one ``ImageItem`` created once; each snapshot costs one ``setImage`` with fixed levels.

Snapshots older than the last :meth:`BoundaryPlot.set_data` / :meth:`set_min_revision`
revision are dropped, so a picture of a network that has just been edited away never
shows over the new design.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGraphicsItem,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from engine.data import Dataset
from engine.probes import Snapshot, plane_extent
from playground.plots.style import (
    NEGATIVE_HEX,
    POSITIVE_HEX,
    Rgb32ImageItem,
    diverging_colour_map,
    rgb_to_argb,
    style_plot,
)

# Okabe-Ito without black, then three of Paul Tol's muted colours: 10 classes at most.
CLASS_COLOURS = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
    "#882255", "#44AA99", "#999933",
)
OUTLINE = "#222222"
BACKGROUND_LIGHTEN = 0.35  # how far the two-class background is blended towards white
REGRESSION_BANDS = 10


class FastImageItem(Rgb32ImageItem):
    """An ImageItem that renders to a 32-bit QImage, and colour-maps float images itself.

    pyqtgraph renders a colour-mapped image as an Indexed8 QImage, building its 256-entry
    colour table with one Python call per entry on every render, and Qt's software
    rasteriser draws a *scaled* Indexed8 (or RGB888) image about 7x slower than an RGB32
    one (1.4 vs 0.2 ms for 100x100 -> 640x700 here). A finite 2-D float image with a
    lookup table and fixed levels (the boundary while training runs) is instead mapped
    with a few NumPy calls through a cached 0xFFRRGGBB table straight into an RGB32
    QImage, with pyqtgraph's own rounding: ``index = (value - lo) * n / (hi - lo)``,
    clipped to the table. Everything else goes through pyqtgraph and is converted once.

    Given the image's ramp positions already (:meth:`set_index`, computed by the training
    thread: ``Snapshot.boundary_index``), it does not even do that: the positions become
    an Indexed8 QImage with the table as its colours, converted to RGB32 by Qt. While
    training runs this matters more than the microseconds: every NumPy pass over more
    than a few hundred values gives the GIL away, and the GUI thread then waits for the
    training thread to hand it back (which costs that thread a switch as well).
    """

    _argb_key: tuple[int, int] | None = None
    _argb: np.ndarray | None = None
    _table: list[int] | None = None
    _buffer: np.ndarray | None = None
    _index: np.ndarray | None = None
    _index_levels: tuple[float, float] | None = None

    def set_index(self, index: np.ndarray | None, levels: tuple[float, float] | None = None) -> None:
        """The next image's uint8 positions on a 256-colour ramp over ``levels`` (None: compute them)."""
        self._index = None if index is None else np.ascontiguousarray(index, dtype=np.uint8)
        self._index_levels = levels

    def render(self) -> None:
        if self._render_indexed() or self._render_mapped():
            return
        super().render()  # pyqtgraph's own, converted once to 32 bits

    def _colours(self, lut: np.ndarray) -> bool:
        """Cache ``lut`` as 0xFFRRGGBB values (array and list); False for translucent colours."""
        key = (id(lut), len(lut))
        if self._argb_key != key or self._argb is None:
            if lut.shape[1] == 4 and bool((lut[:, 3] != 255).any()):
                return False
            self._argb = rgb_to_argb(lut)
            self._table = [int(v) for v in self._argb]
            self._argb_key = key
        return True

    def _render_indexed(self) -> bool:
        """Colour the ramp positions given with :meth:`set_index`; False when they do not fit the image."""
        index, image, lut, levels = self._index, self.image, self.lut, self.levels
        if (
            index is None or image is None or image.shape[:2] != index.shape or self._index_levels is None
            or not isinstance(lut, np.ndarray) or lut.ndim != 2 or lut.dtype != np.uint8 or len(lut) != 256
            or levels is None or np.ndim(levels) != 1 or self.autoDownsample or self.axisOrder != "row-major"
            or (float(levels[0]), float(levels[1])) != self._index_levels or not self._colours(lut)
        ):
            return False
        h, w = index.shape
        indexed = QImage(index.data, w, h, w, QImage.Format.Format_Indexed8)
        indexed.setColorTable(self._table)
        self.qimage = indexed.convertToFormat(QImage.Format.Format_RGB32)
        self._renderRequired = False
        self._unrenderable = False
        return True

    def _render_mapped(self) -> bool:
        """Colour-map a finite 2-D float32 image with its table and levels; False when it cannot."""
        image, lut, levels = self.image, self.lut, self.levels
        if (
            image is None or image.ndim != 2 or image.dtype != np.float32 or image.size == 0
            or not isinstance(lut, np.ndarray) or lut.ndim != 2 or lut.dtype != np.uint8 or len(lut) < 2
            or levels is None or np.ndim(levels) != 1 or self.autoDownsample or self.axisOrder != "row-major"
        ):
            return False
        lo, hi = float(levels[0]), float(levels[1])
        if not hi > lo or not self._colours(lut):
            return False  # translucent colours: pyqtgraph's path
        n = len(lut)
        idx = np.subtract(image, np.float32(lo), dtype=np.float32)
        idx *= np.float32(n / (hi - lo))
        np.clip(idx, 0, n - 1, out=idx)  # NaN stays NaN
        if np.isnan(idx).any():
            return False
        h, w = image.shape
        out = self._buffer
        if out is None or out.shape != (h, w):
            out = self._buffer = np.empty((h, w), dtype=np.uint32)
        np.take(self._argb, idx.astype(np.intp), out=out)
        self.qimage = QImage(out.data, w, h, 4 * w, QImage.Format.Format_RGB32).copy()
        self._renderRequired = False
        self._unrenderable = False
        return True


def _rgb(colour: str) -> np.ndarray:
    c = pg.mkColor(colour)
    return np.array([c.red(), c.green(), c.blue()], dtype=np.float32)


def binary_colour_map() -> pg.ColorMap:
    """The sign colours blended towards white, so the points (in the pure end colours) stand out."""
    return diverging_colour_map(lighten=BACKGROUND_LIGHTEN)


class BoundaryPlot(QWidget):
    """The decision boundary (or regression surface) over the 2-D input plane."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("boundaryPlot")
        self.plot_widget = pg.PlotWidget(self)
        self.plot_widget.setObjectName("boundaryGraphics")
        # the image fills the view and changes as a whole: repaint the viewport without asking
        # every changed item (pyqtgraph's are Python) for its bounds
        self.plot_widget.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        plot = self.plot = self.plot_widget.getPlotItem()
        plot.setAspectLocked(True)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)
        plot.setLabel("bottom", "x₁")
        plot.setLabel("left", "x₂")
        style_plot(plot)
        self.image = FastImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        plot.addItem(self.image)
        self.test_points = pg.ScatterPlotItem(size=8, pxMode=True)
        self.train_points = pg.ScatterPlotItem(size=7, pxMode=True)
        plot.addItem(self.test_points)
        plot.addItem(self.train_points)
        self.test_points.setVisible(False)
        # The points and axes are static while training runs: Qt blits them from a cache
        # instead of calling their Python paint() on every frame.
        cache = QGraphicsItem.CacheMode.DeviceCoordinateCache
        for item in (self.train_points, self.test_points, *(plot.getAxis(s) for s in ("left", "bottom"))):
            item.setCacheMode(cache)

        self.message = QLabel(self.tr("This data set has no 2-D input plane to draw."), self)
        self.message.setObjectName("boundaryMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.plot_widget)
        self.stack.addWidget(self.message)

        self.show_test = QCheckBox(self.tr("Show test data"), self)
        self.show_test.setObjectName("showTestPoints")
        self.show_test.toggled.connect(self.test_points.setVisible)
        self.discretize = QCheckBox(self.tr("Discretize output"), self)
        self.discretize.setObjectName("discretizeOutput")
        self.discretize.toggled.connect(self._render)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.show_test)
        row.addWidget(self.discretize)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.stack, 1)
        layout.addLayout(row)

        self._dataset: Dataset | None = None
        self._mode = "none"  # "binary" | "classes" | "regression" | "none"
        self._colour_mode: str | None = None
        self._levels = (0.0, 1.0)
        self._extent: tuple[float, float, float, float] | None = None
        self._image_shape: tuple[int, ...] | None = None
        self._floor = -1  # snapshots with an older revision are stale
        self._last: Snapshot | None = None
        self._unshown = False  # _last arrived while hidden and is not drawn
        self._shown_index: bytes | None = None  # the ramp positions the image shows
        self._class_rgb = np.stack([_rgb(c) for c in CLASS_COLOURS])
        self._style_cache: dict[tuple[str, int], object] = {}  # the points' brushes and pens, by colour
        self._show_message(True)

    # ---------------------------------------------------------------- public API

    @property
    def mode(self) -> str:
        return self._mode

    def set_data(self, dataset: Dataset | None, revision: int | None = None) -> None:
        """Show ``dataset``'s points (and forget the old picture); ``revision`` drops older snapshots."""
        if revision is not None:
            self._floor = max(self._floor, int(revision))
        self._dataset = dataset
        self._last = None
        extent = None if dataset is None else plane_extent(dataset)
        if dataset is None or extent is None:
            self._mode = "none"
            self.train_points.clear()
            self.test_points.clear()
            self._show_message(True)
            return
        if dataset.task == "regression":
            self._mode = "regression"
            targets = np.concatenate([dataset.y_train, dataset.y_test]).astype(np.float64)
            lo, hi = (float(targets.min()), float(targets.max())) if len(targets) else (0.0, 1.0)
            self._levels = (lo, hi if hi > lo else lo + 1.0)
        else:
            self._mode = "binary" if dataset.n_classes <= 2 else "classes"
            self._levels = (0.0, 1.0)
        self._apply_colour_mode()
        self._set_extent(extent)
        xmin, xmax, ymin, ymax = extent
        self.plot.setRange(xRange=(xmin, xmax), yRange=(ymin, ymax), padding=0.0)
        self._set_points(dataset)
        self._show_blank()
        self._show_message(False)

    def set_min_revision(self, revision: int) -> None:
        """Drop snapshots older than ``revision`` (call it when the network structure changes)."""
        self._floor = max(self._floor, int(revision))

    def update_snapshot(self, snapshot: Snapshot) -> bool:
        """Draw the snapshot's boundary; False when it was stale or has nothing to draw.

        While the plot is hidden (another tab) the snapshot is only kept: showing the plot
        draws the latest one.
        """
        if snapshot.revision < self._floor:
            return False
        if snapshot.dataset is not None and snapshot.dataset is not self._dataset:
            self.set_data(snapshot.dataset, snapshot.revision)
        if self._mode == "none" or snapshot.boundary is None or snapshot.extent is None:
            return False
        if snapshot.extent != self._extent:
            self._set_extent(snapshot.extent)
        self._last = snapshot
        if not self.isVisible():
            self._unshown = True
            return True
        self._render()
        return True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._unshown:
            self._render()

    @property
    def has_undrawn_snapshot(self) -> bool:
        """A snapshot arrived while the plot was hidden and is not drawn yet."""
        return self._unshown

    def image_array(self) -> np.ndarray | None:
        """The array the image currently shows (for tests and exports)."""
        return self.image.image

    # ---------------------------------------------------------------- internals

    def _show_message(self, on: bool) -> None:
        self.stack.setCurrentWidget(self.message if on else self.plot_widget)

    def _apply_colour_mode(self) -> None:
        """Set the colour map once per change of mode."""
        mode = self._mode
        if mode == self._colour_mode:
            return
        if mode == "binary":
            self.image.setColorMap(binary_colour_map())
        elif mode == "regression":
            self.image.setColorMap(pg.colormap.get("cividis"))
        else:
            self.image.setLookupTable(None)
        self._colour_mode = mode

    def _set_extent(self, extent: tuple[float, float, float, float]) -> None:
        xmin, xmax, ymin, ymax = extent
        self._extent = tuple(extent)
        self._image_shape = self.image.image.shape[:2] if self.image.image is not None else None
        self.image.setRect(QRectF(xmin, ymin, xmax - xmin, ymax - ymin))

    def _point_style(self, dataset: Dataset, labels: np.ndarray) -> list:
        """One colour per point: its class colour, or its target through the colour map."""
        if self._mode == "regression":
            lo, hi = self._levels
            t = np.clip((labels.astype(np.float64) - lo) / (hi - lo), 0.0, 1.0)
            return list(pg.colormap.get("cividis").mapToQColor(t))
        if self._mode == "binary":
            palette = [pg.mkColor(NEGATIVE_HEX), pg.mkColor(POSITIVE_HEX)]
        else:
            palette = [pg.mkColor(c) for c in CLASS_COLOURS]
        return [palette[int(c) % len(palette)] for c in labels]

    def _shared(self, colours: list, kind: str) -> list:
        """One brush (or 2 px pen) object per colour, kept: pyqtgraph renders a symbol per distinct object."""
        cache = self._style_cache
        if len(cache) > 1024:
            cache.clear()
        out = []
        for c in colours:
            key = (kind, c.rgba())
            if key not in cache:
                cache[key] = pg.mkBrush(c) if kind == "brush" else pg.mkPen(c, width=2)
            out.append(cache[key])
        return out

    def _set_points(self, dataset: Dataset) -> None:
        outline = self._style_cache.setdefault(("outline", 0), pg.mkPen(OUTLINE, width=1))
        if dataset.raw_train is not None and len(dataset.raw_train):
            colours = self._point_style(dataset, dataset.y_train)
            self.train_points.setData(
                pos=np.asarray(dataset.raw_train, dtype=np.float64),
                brush=self._shared(colours, "brush"),
                pen=outline,
            )
        else:
            self.train_points.clear()
        if dataset.raw_test is not None and len(dataset.raw_test):
            colours = self._point_style(dataset, dataset.y_test)
            self.test_points.setData(
                pos=np.asarray(dataset.raw_test, dtype=np.float64),
                brush=pg.mkBrush(None),
                pen=self._shared(colours, "pen"),
            )
        else:
            self.test_points.clear()

    def _show_blank(self) -> None:
        if self._mode == "classes":
            blank = np.full((2, 2, 3), 255, dtype=np.uint8)
            self._set_image(blank, (0, 255))
        else:
            lo, hi = self._levels
            self._set_image(np.full((2, 2), 0.5 * (lo + hi), dtype=np.float32), self._levels)

    def _set_image(
        self, image: np.ndarray, levels: tuple[float, float], index: np.ndarray | None = None
    ) -> None:
        """setImage with fixed levels, skipped when no colour would change.

        ``index`` (the snapshot's ``boundary_index`` for these levels) lets the image be
        compared and coloured without a NumPy pass over it in this thread. The rect is set
        again when the image size changes, because ImageItem.setRect scales by the current
        image's size.
        """
        shown = self.image.image
        if index is not None:
            key = index.tobytes()  # a copy and a memcmp: neither gives the GIL away
            if shown is not None and shown.shape == image.shape and key == self._shown_index:
                return
            self._shown_index = key
            self.image.set_index(index, (float(levels[0]), float(levels[1])))
        else:
            self._shown_index = None
            self.image.set_index(None)
        if index is None and shown is not None and shown.shape == image.shape and shown.dtype == image.dtype:
            lo, hi = levels
            tolerance = 0.5 * (hi - lo) / 256.0  # half a colour-map step
            if image.dtype == np.uint8 or not np.issubdtype(image.dtype, np.floating):
                tolerance = 1.0
            if float(np.max(np.abs(image.astype(np.float32) - shown))) < tolerance:
                return
        shape = image.shape[:2]
        self.image.setImage(image, autoLevels=False, levels=levels)
        if shape != self._image_shape and self._extent is not None:
            self._image_shape = shape
            self._set_extent(self._extent)

    def _render(self) -> None:
        self._unshown = False
        snap = self._last
        if snap is None or snap.boundary is None:
            return
        discrete = self.discretize.isChecked()
        values = snap.boundary
        index = getattr(snap, "boundary_index", None)
        if self._mode == "binary":
            if discrete:
                values, index = (values > 0.5).astype(np.float32), None
            levels = (0.0, 1.0)
            self._set_image(values, levels, index if snap.boundary_levels == levels else None)
        elif self._mode == "regression":
            if discrete:
                lo, hi = self._levels
                step = (hi - lo) / REGRESSION_BANDS
                values = (lo + (np.floor((values - lo) / step) + 0.5) * step).astype(np.float32)
                index = None
            levels = self._levels
            same = snap.boundary_levels is not None and tuple(snap.boundary_levels) == tuple(levels)
            self._set_image(values, levels, index if same else None)
        elif self._mode == "classes":
            self._set_image(self._class_image(snap, discrete), (0, 255))

    def _class_image(self, snap: Snapshot, discrete: bool) -> np.ndarray:
        classes = snap.boundary_classes
        k = max(snap.n_classes, 2)
        if classes is None:
            return np.full((*snap.boundary.shape, 3), 255, dtype=np.uint8)
        colours = self._class_rgb[np.asarray(classes, dtype=np.intp) % len(self._class_rgb)]
        if discrete:
            alpha = np.full(classes.shape, 0.65, dtype=np.float32)
        else:
            t = np.clip((snap.boundary - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)
            alpha = 0.1 + 0.55 * t
        rgb = 255.0 - alpha[..., None] * (255.0 - colours)
        return np.ascontiguousarray(rgb, dtype=np.uint8)
