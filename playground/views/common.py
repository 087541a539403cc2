"""What the analysis views share: the probe plumbing, image panels, colour maps and PNG export.

An :class:`AnalysisView` is a tab of the main window. It registers one probe with the
training controller (``controller.set_probe(name, Probe(fn, min_interval))``); the probe
runs in the training thread and its result arrives in ``snapshot.extras[name]``. A probe
only computes while its view is on screen (the tab is current): hidden views cost the
training thread nothing, and showing a view re-registers its probe, which makes a paused
worker send one fresh snapshot at once.

Probe functions close over a :class:`ProbeState` (plain attributes written by the GUI
thread, read by the worker), never over Qt objects, so a probe outlives its widget safely.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsRectItem,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from engine.inspect import Unavailable
from engine.probes import Probe, ProbeFailure, Snapshot
from playground.plots.style import Rgb32ImageItem

EXPORT_WIDTH = 1920  # presentation resolution of "Save PNG…"
TITLE_POINTS = 12.0
TEXT_COLOUR = "#1E2328"
TICK_FONT_PT = 10
NOTE_STYLE = "color: #5B6670; font-size: 12pt;"
INFO_STYLE = "color: #3A434B;"
ERROR_STYLE = "color: #C62828;"

SIGNED_MAP = "CET-CBD1"  # colour-blind-safe diverging: blue (−) · light grey (0) · yellow (+)
POSITIVE_MAP = "viridis"  # sequential, for activations ≥ 0
SIGNED_SEPARATOR = "#4A4A4A"  # dark lines between tiles: the signed map's centre is near white
POSITIVE_SEPARATOR = "#FFFFFF"  # white lines: viridis starts dark


def nice_level(v: float) -> float:
    """The smallest of 1, 1.5, 2, 3, 5, 7 (times a power of ten) ≥ ``v``: colour scales that only
    change in coarse steps (stable colours, and the colour bar's text is not redrawn every frame)."""
    if not math.isfinite(v) or v <= 0:
        return 1.0
    exp = math.floor(math.log10(v))
    for m in (1.0, 1.5, 2.0, 3.0, 5.0, 7.0, 10.0):
        c = m * 10.0**exp
        if c >= v * (1 - 1e-9):
            return c
    return 10.0 ** (exp + 1)


def signed_levels(a: np.ndarray, scale: float | None = None) -> tuple[float, float]:
    """Symmetric (−m, m) with m a nice level ≥ max |a| (or ≥ ``scale`` when given)."""
    if scale is None:
        with np.errstate(all="ignore"):
            scale = float(np.nanmax(np.abs(a))) if a.size and not np.all(np.isnan(a)) else 0.0
    m = nice_level(scale)
    return -m, m


def positive_levels(a: np.ndarray) -> tuple[float, float]:
    with np.errstate(all="ignore"):
        hi = float(np.nanmax(a)) if a.size and not np.all(np.isnan(a)) else 0.0
    return 0.0, nice_level(hi)


def fmt_int(n: int) -> str:
    return f"{n:,}"


class FastImageItem(Rgb32ImageItem):
    """An ImageItem whose rendered QImage is converted once to a 32-bit format (Qt's software
    rasteriser draws a scaled Indexed8 image several times slower than an (A)RGB32 one), drawn
    with crisp square pixels when enlarged and smoothed when shrunk (nearest-neighbour shrinking
    drops whole rows: a mosaic's 1-pixel separators would come and go)."""

    def paint(self, p: QPainter, *args: Any) -> None:
        t = p.transform()
        shrunk = min(math.hypot(t.m11(), t.m12()), math.hypot(t.m21(), t.m22())) < 0.999
        smooth = p.testRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, shrunk)
        try:
            super().paint(p, *args)
        finally:
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, smooth)


def image_view_box(name: str = "") -> pg.ViewBox:
    """A still ViewBox for pictures: row 0 at the top, square pixels, no mouse, no menu."""
    vb = pg.ViewBox(lockAspect=True, invertY=True, enableMouse=False, enableMenu=False)
    vb.setMouseEnabled(x=False, y=False)
    vb.setDefaultPadding(0.02)
    if name:
        vb.setObjectName(name)
    return vb


class ImagePanel:
    """One mosaic image in a ViewBox: NaN pixels (tile separators) show a backing colour."""

    def __init__(self, name: str = ""):
        self.view = image_view_box(name)
        self.backing = QGraphicsRectItem()
        self.backing.setPen(pg.mkPen(None))
        self.backing.setZValue(-1)
        self.view.addItem(self.backing)
        self.image = FastImageItem(axisOrder="row-major")
        self.view.addItem(self.image)
        self._cmap_name: str | None = None
        self._shape: tuple[int, ...] | None = None

    def set_colour_map(self, name: str | pg.ColorMap, separator: str) -> None:
        key = name if isinstance(name, str) else name.name
        if key != self._cmap_name:
            cmap = pg.colormap.get(name) if isinstance(name, str) else name
            self.image.setLookupTable(cmap.getLookupTable(nPts=256))
            self._cmap_name = key
        self.backing.setBrush(QBrush(QColor(separator)))

    def set_image(self, a: np.ndarray, levels: tuple[float, float]) -> None:
        a = np.ascontiguousarray(a, dtype=np.float32)
        self.image.setImage(a, autoLevels=False, levels=levels)
        if a.shape != self._shape:
            self._shape = a.shape
            h, w = a.shape[:2]
            self.image.setRect(QRectF(0, 0, w, h))
            self.backing.setRect(QRectF(0, 0, w, h))
            self.view.setRange(xRange=(0, w), yRange=(0, h), padding=0.02)

    def array(self) -> np.ndarray | None:
        return self.image.image

    def clear(self) -> None:
        self.image.clear()
        self._shape = None
        self.backing.setRect(QRectF())


def colour_bar(cmap: str | pg.ColorMap, levels: tuple[float, float] = (-1.0, 1.0)) -> pg.ColorBarItem:
    bar = pg.ColorBarItem(values=levels, colorMap=cmap, interactive=False, width=12, colorMapMenu=False)
    bar.getAxis("right").setStyle(tickFont=_tick_font())
    bar.getAxis("right").setWidth(48)
    return bar


def _tick_font() -> QFont:
    font = QFont()
    font.setPointSize(TICK_FONT_PT)
    return font


def style_plot(plot: pg.PlotItem) -> None:
    """Projector style: bigger tick labels, no menu or auto-range button."""
    plot.setMenuEnabled(False)
    plot.hideButtons()
    for side in ("left", "bottom"):
        plot.getAxis(side).setStyle(tickFont=_tick_font())


class TitleItem(pg.LabelItem):
    """A one-line title in a graphics layout that shrinks with an ellipsis instead of pushing the
    layout wider than the view (pyqtgraph's LabelItem insists on its full text width)."""

    MIN_WIDTH = 60.0
    MARGIN = 6.0

    def __init__(self, text: str = "", point_size: float = TITLE_POINTS, bold: bool = False,
                 colour: str = TEXT_COLOUR):
        super().__init__(" ", justify="left")
        self._font = QFont()
        self._font.setPointSizeF(point_size)
        self._font.setBold(bold)
        self._full = ""
        self.item.setFont(self._font)
        self.item.setDefaultTextColor(QColor(colour))
        self.setText(text)

    @property
    def full_text(self) -> str:
        return self._full

    def setText(self, text: str, **args: Any) -> None:
        if not hasattr(self, "_font"):  # LabelItem.__init__ sets a placeholder first
            super().setText(text, **args)
            return
        if text == self._full:
            return
        self._full = text
        self._elide()
        self.updateMin()
        super().resizeEvent(None)

    def _text_width(self) -> float:
        return QFontMetricsF(self._font).horizontalAdvance(self._full) + self.MARGIN

    def _elide(self) -> None:
        width = self.size().width()
        fm = QFontMetricsF(self._font)
        if width <= 0 or self._text_width() <= width:
            shown = self._full
        else:
            shown = fm.elidedText(self._full, Qt.TextElideMode.ElideRight, max(0.0, width - self.MARGIN))
        if self.item.toPlainText() != shown:
            self.item.setPlainText(shown)

    def updateMin(self) -> None:
        if not hasattr(self, "_font"):
            super().updateMin()
            return
        h = QFontMetricsF(self._font).height() + self.MARGIN
        full = self._text_width()
        low = min(self.MIN_WIDTH, full)
        self.setMinimumWidth(low)
        self.setMinimumHeight(h)
        self._sizeHint = {
            Qt.SizeHint.MinimumSize: (low, h),
            Qt.SizeHint.PreferredSize: (low, h),  # the columns' stretch factors decide, not title lengths
            Qt.SizeHint.MaximumSize: (-1, -1),
            Qt.SizeHint.MinimumDescent: (0, 0),
        }
        self.updateGeometry()

    def resizeEvent(self, ev: Any) -> None:
        if hasattr(self, "_font"):
            self._elide()
        super().resizeEvent(ev)


def title_item(text: str = "", bold: bool = False) -> TitleItem:
    return TitleItem(text, bold=bold)


class ProbeState:
    """Written by the GUI thread, read by the probe in the training thread (plain attributes)."""

    def __init__(self) -> None:
        self.active = False  # the view is on screen: compute; else the probe returns None at once


class AnalysisView(QWidget):
    """Base class: header (explanation, controls, "Save PNG…"), a note or the graphics, the probe."""

    probe_name = ""
    title = ""
    min_interval = 0.0
    always_active = False  # the probe runs even while the view is hidden (cheap history read-outs)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = self.make_state()
        self.state.active = self.always_active
        self._controller: Any = None
        self._run: int | None = None
        self.last_readout: Any = None
        self.readouts_received = 0

        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.info.setStyleSheet(INFO_STYLE)
        self.info.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.controls = QHBoxLayout()
        self.controls.setContentsMargins(0, 0, 0, 0)
        self.save_button = QPushButton(self.tr("Save PNG…"), self)
        self.save_button.setToolTip(
            self.tr("Save this view as a PNG picture %1 pixels wide (for slides)").replace("%1", str(EXPORT_WIDTH))
        )
        self.save_button.clicked.connect(self.save_png_dialog)
        header = QHBoxLayout()
        header.setContentsMargins(8, 4, 8, 0)
        header.addWidget(self.info, 1)
        header.addLayout(self.controls)
        header.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)

        self.graphics = pg.GraphicsLayoutWidget(self)
        self.graphics.setBackground("w")
        self.graphics.ci.setContentsMargins(8, 8, 8, 8)
        self.note = QLabel(self)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.setContentsMargins(24, 24, 24, 24)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.graphics)
        self.stack.addWidget(self.note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addLayout(self.stack, 1)
        self.show_note(self.tr("Press Play (F5) to train the network; this view follows the training live."))

    # ---------------------------------------------------------------- wiring

    def make_state(self) -> ProbeState:
        return ProbeState()

    def attach(self, controller: Any) -> None:
        """Register the probe with ``controller`` and draw its snapshots."""
        self._controller = controller
        self.register_probe()
        controller.snapshot_ready.connect(self.on_snapshot)

    def compute(self, trainer: Any) -> Any:
        """The read-out (runs in the training thread); subclasses override."""
        raise NotImplementedError

    def make_probe(self) -> Probe:
        state, compute = self.state, self.probe_function()

        def fn(trainer: Any) -> Any:
            if not state.active:
                return None
            return compute(trainer)

        return Probe(fn, self.min_interval)

    def probe_function(self) -> Callable[[Any], Any]:
        """A function of the trainer that touches no Qt object (subclasses return a closure)."""
        raise NotImplementedError

    def register_probe(self) -> None:
        """(Re-)register the probe: a paused worker answers with a fresh snapshot at once."""
        if self._controller is not None:
            self._controller.set_probe(self.probe_name, self.make_probe())

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self.state.active:
            self.state.active = True
            self.register_probe()

    def hideEvent(self, event: Any) -> None:
        super().hideEvent(event)
        self.state.active = self.always_active

    # ---------------------------------------------------------------- snapshots

    def on_snapshot(self, snapshot: Snapshot) -> None:
        if snapshot.run != self._run:
            self._run = snapshot.run
            self.new_run()
        extras = getattr(snapshot, "extras", None) or {}
        payload = extras.get(self.probe_name)
        if payload is None:
            return
        self.readouts_received += 1
        if isinstance(payload, ProbeFailure):
            self.show_error(payload.message)
            return
        if isinstance(payload, Unavailable):
            self.last_readout = payload
            self.show_note(payload.message)
            return
        self.last_readout = payload
        self.show_readout(payload, snapshot)

    def new_run(self) -> None:
        """The run restarted (reset, new data); subclasses clear their history."""

    def show_readout(self, readout: Any, snapshot: Snapshot) -> None:
        raise NotImplementedError

    # ---------------------------------------------------------------- note / content

    def show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setStyleSheet(NOTE_STYLE)
        self.stack.setCurrentWidget(self.note)
        self.save_button.setEnabled(False)
        self.set_controls_visible(False)

    def show_error(self, message: str) -> None:
        self.note.setText(self.tr("This view could not be computed: %1").replace("%1", message))
        self.note.setStyleSheet(NOTE_STYLE + ERROR_STYLE)
        self.stack.setCurrentWidget(self.note)
        self.save_button.setEnabled(False)

    def show_content(self) -> None:
        if self.stack.currentWidget() is not self.graphics:
            self.stack.setCurrentWidget(self.graphics)
        self.save_button.setEnabled(True)
        self.set_controls_visible(True)

    def set_controls_visible(self, on: bool) -> None:
        """Show the view's own controls (sample picker, check boxes) only when they apply."""
        for i in range(self.controls.count()):
            widget = self.controls.itemAt(i).widget()
            if widget is not None and widget.isVisibleTo(self) != on:
                widget.setVisible(on)

    @property
    def showing_content(self) -> bool:
        return self.stack.currentWidget() is self.graphics

    # ---------------------------------------------------------------- export

    def export_png(self, path: str | Path, width: int = EXPORT_WIDTH) -> Path:
        """Render the view's graphics (titles, images, plots) to a PNG ``width`` pixels wide."""
        import pyqtgraph.exporters  # noqa: F401 - registers the exporters

        if not self.showing_content:
            raise RuntimeError("this view has nothing to export yet")
        path = Path(path)
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        exporter = pg.exporters.ImageExporter(self.graphics.ci)
        exporter.parameters()["width"] = int(width)
        exporter.parameters()["background"] = QColor("white")
        exporter.export(str(path))
        if not path.is_file():
            raise OSError(f"could not write {path}")
        return path

    def suggested_file_name(self) -> str:
        return f"{self.objectName() or 'view'}.png"

    def save_png_dialog(self) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save view as PNG"),
            self.suggested_file_name(),
            self.tr("PNG image (*.png)"),
        )
        if not path:
            return None
        try:
            return self.export_png(path)
        except (OSError, RuntimeError) as exc:
            QMessageBox.warning(self, self.tr("Save PNG"), str(exc))
            return None
