"""Classification results: the confusion matrix and a gallery of misclassified test images.

The matrix counts test samples by true class (rows) and predicted class (columns); the
numbers are drawn in the cells and the colour is the row-normalised share (a white-to-
blue single-hue ramp, colour-blind safe), so the diagonal reads as "how often each class
is recognised" whatever the class sizes. For image data the first misclassified test
images (in test-set order, at most 32) are shown with the network's answer and the true
label under each.

Cost: the probe evaluates the whole test set when it has at most
:data:`engine.inspect.CONFUSION_SAMPLE` samples; larger test sets (MNIST: 10,000) use a
fixed random sample of that size (the same images every time, so changes come from
training only), and the view says so. It runs at most twice a second, only while the view
is on screen, and always for the final snapshot of a pause.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QGraphicsTextItem, QWidget

from engine import inspect
from engine.inspect import ClassificationReadout
from engine.probes import Snapshot
from playground.views.common import (
    AnalysisView,
    FastImageItem,
    fmt_int,
    image_view_box,
    style_plot,
    title_item,
)

CONFUSION_MIN_INTERVAL_S = 0.5
MAX_NUMBERED_CLASSES = 20  # beyond this the cells are too small for numbers
NUMBER_POINTS = 12.0  # the counts' font size when the cells are large enough
GALLERY_COLS = 8
GALLERY_GAP = 8  # pixels (image units) between gallery cells
CAPTION_LINE = 9.0  # caption text height, in image pixels (scales with the picture)
PREDICTED_COLOUR = "#D55E00"  # Okabe-Ito vermillion: the network's (wrong) answer
TRUE_COLOUR = "#3A434B"
FRAME_VALUE = 0.18  # the gallery tiles' 1-pixel frame, through the ink map (light grey)
# single-hue white → dark blue ramp (lightness falls monotonically: colour-blind safe)
MATRIX_MAP = pg.ColorMap([0.0, 0.5, 1.0], [(247, 251, 255), (107, 174, 214), (8, 48, 107)], name="blues")
INK_MAP = pg.ColorMap([0.0, 1.0], [(255, 255, 255), (0, 0, 0)], name="ink")
DARK_TEXT, LIGHT_TEXT, ZERO_TEXT = "#1E2328", "#FFFFFF", "#9AA3AB"


class CellNumbers(pg.GraphicsObject):
    """The counts of a k×k matrix, centred in its unit cells, painted by ONE item (a hundred
    TextItems cost ~20 ms per update). The font is at most :data:`NUMBER_POINTS` and shrinks to fit
    small cells; it scales with a high-resolution PNG export like everything else."""

    def __init__(self) -> None:
        super().__init__()
        self._k = 0
        self._texts: list[str] = []
        self._colours: list[QColor] = []
        self._widest = 1

    def set_cells(self, k: int, texts: list[str], colours: list[str]) -> None:
        if k != self._k:
            self.prepareGeometryChange()
        self._k = k
        self._texts = texts
        self._colours = [QColor(c) for c in colours]
        self._widest = max((len(t) for t in texts), default=1)
        self.update()

    def texts(self) -> list[str]:
        return list(self._texts)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self._k, self._k)

    def paint(self, painter: QPainter, *args: Any) -> None:
        k = self._k
        if not k or not self._texts:
            return
        tr = painter.transform()
        origin = tr.map(QPointF(0, 0))
        cell_w = abs(tr.map(QPointF(1, 0)).x() - origin.x())
        cell_h = abs(tr.map(QPointF(0, 1)).y() - origin.y())
        scale = self._exportOpts.get("resolutionScale", 1.0) if self._exportOpts else 1.0
        dpi = painter.device().logicalDpiY() or 96
        base = NUMBER_POINTS * dpi / 72.0 * scale
        px = min(base, 0.5 * cell_h, cell_w / (0.62 * self._widest + 0.3))
        if px < 5:
            return
        font = QFont()
        font.setPixelSize(max(1, round(px)))
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setFont(font)
        for idx, text in enumerate(self._texts):
            i, j = divmod(idx, k)
            c = tr.map(QPointF(j + 0.5, i + 0.5))
            painter.setPen(self._colours[idx])
            painter.drawText(QRectF(c.x() - cell_w / 2, c.y() - cell_h / 2, cell_w, cell_h),
                             int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()


def row_normalised(matrix: np.ndarray) -> np.ndarray:
    """Each row divided by its sum (rows without samples stay 0), float32."""
    m = np.asarray(matrix, dtype=np.float64)
    totals = m.sum(axis=1, keepdims=True)
    return np.where(totals > 0, m / np.where(totals > 0, totals, 1.0), 0.0).astype(np.float32)


def gallery_mosaic(images: np.ndarray, cols: int, caption: float) -> tuple[np.ndarray, int, int]:
    """Tiles ``(n, h, w)`` (values 0..1) with a 1-pixel frame, a caption band under each and gaps;
    returns (mosaic with NaN background, cell width, cell height)."""
    n, h, w = images.shape
    cell_w = w + 2 + GALLERY_GAP
    cell_h = h + 2 + round(caption) + GALLERY_GAP // 2
    rows = max(1, -(-n // cols))
    out = np.full((rows * cell_h, cols * cell_w), np.nan, dtype=np.float32)
    for i in range(n):
        r, c = divmod(i, cols)
        y, x = r * cell_h, c * cell_w
        out[y:y + h + 2, x:x + w + 2] = FRAME_VALUE
        out[y + 1:y + 1 + h, x + 1:x + 1 + w] = images[i]
    return out, cell_w, cell_h


class ConfusionView(AnalysisView):
    probe_name = "views.confusion"
    min_interval = CONFUSION_MIN_INTERVAL_S

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("confusionView")
        self.title = self.tr("Confusion matrix")
        self.graphics.setObjectName("confusionGraphics")
        self.info.setObjectName("confusionInfo")
        self.note.setObjectName("confusionNote")
        self.save_button.setObjectName("confusionExport")
        self.info.setText(self._info_text(True))
        ci = self.graphics.ci
        self.heading = title_item(bold=True)
        self.matrix_title = title_item()
        self.gallery_title = title_item()
        ci.addItem(self.heading, 0, 0, 1, 2)
        ci.addItem(self.matrix_title, 1, 0)
        ci.addItem(self.gallery_title, 1, 1)
        self.matrix_plot = ci.addPlot(row=2, col=0)
        style_plot(self.matrix_plot)
        self.matrix_plot.setMouseEnabled(x=False, y=False)
        self.matrix_plot.invertY(True)  # class 0 in the top row
        label_style = {"font-size": "11pt", "color": DARK_TEXT}
        self.matrix_plot.setLabel("bottom", self.tr("predicted class (the network's answer)"), **label_style)
        self.matrix_plot.setLabel("left", self.tr("true class"), **label_style)
        tick_font = QFont()
        tick_font.setPointSize(11)
        for side in ("left", "bottom"):
            axis = self.matrix_plot.getAxis(side)
            axis.setPen(pg.mkPen(None))  # no spine: the cells' edges are the frame
            axis.setTextPen(pg.mkPen(DARK_TEXT))
            axis.setStyle(tickFont=tick_font, tickLength=0)
        self.matrix_image = FastImageItem(axisOrder="row-major")
        self.matrix_image.setLookupTable(MATRIX_MAP.getLookupTable(nPts=256))
        self.matrix_plot.addItem(self.matrix_image)
        self.gallery = image_view_box("confusionGallery")
        self.gallery_image = FastImageItem(axisOrder="row-major")
        self.gallery_image.setLookupTable(INK_MAP.getLookupTable(nPts=256))
        self.gallery.addItem(self.gallery_image)
        ci.addItem(self.gallery, 2, 1)
        ci.layout.setColumnStretchFactor(0, 5)
        ci.layout.setColumnStretchFactor(1, 4)
        ci.layout.setRowStretchFactor(2, 1)
        self.numbers = CellNumbers()
        self.numbers.setZValue(10)
        self.matrix_plot.addItem(self.numbers)
        self._gallery_key: Any = None
        self._captions: list[QGraphicsTextItem] = []
        self._k = 0
        self._gallery_on = True
        self.readout: ClassificationReadout | None = None
        self._classifier = inspect.ClassificationProbe()  # called only in the training thread

    def _info_text(self, gallery: bool) -> str:
        text = self.tr(
            "Rows: the true class; columns: the network's answer. The diagonal counts the right answers; "
            "the colour shows each row's share."
        )
        return text + (" " + self.tr("Right: test images the network gets wrong.") if gallery else "")

    def probe_function(self) -> Callable[[Any], Any]:
        return self._classifier  # one reader: it keeps the test sample cached on the backend

    # ---------------------------------------------------------------- drawing

    def show_readout(self, readout: ClassificationReadout, snapshot: Snapshot) -> None:
        self.readout = readout
        dataset = snapshot.dataset
        self._draw_heading(readout)
        self._draw_matrix(readout)
        images = dataset is not None and dataset.x_test.ndim == 4
        self._set_gallery_visible(images)
        if images:
            self._draw_gallery(readout, dataset)
        self.show_content()

    def _draw_heading(self, r: ClassificationReadout) -> None:
        if r.sampled:
            what = self.tr("on %1 of %2 test samples (a fixed random sample, to stay fast)").replace(
                "%1", fmt_int(r.n_evaluated)).replace("%2", fmt_int(r.n_test))
        else:
            what = self.tr("on all %1 test samples").replace("%1", fmt_int(r.n_evaluated))
        self.heading.setText(
            self.tr("Accuracy %1 % %2 · step %3")
            .replace("%1", f"{100.0 * r.accuracy:.1f}")
            .replace("%2", what)
            .replace("%3", fmt_int(r.step))
        )
        self.matrix_title.setText(self.tr("Confusion matrix (numbers: counts)"))

    def _draw_matrix(self, r: ClassificationReadout) -> None:
        k = r.matrix.shape[0]
        if k != self._k:
            self._build_matrix(k, r.class_names)
        share = row_normalised(r.matrix)
        self.matrix_image.setImage(share, autoLevels=False, levels=(0.0, 1.0))
        self.matrix_image.setRect(QRectF(0, 0, k, k))  # after setImage: the rect scales the image's pixels
        if k > MAX_NUMBERED_CLASSES:
            self.numbers.set_cells(k, [], [])
            return
        counts = r.matrix.reshape(-1)
        shares = share.reshape(-1)
        colours = [
            ZERO_TEXT if c == 0 else (LIGHT_TEXT if f > 0.55 else DARK_TEXT)
            for c, f in zip(counts.tolist(), shares.tolist(), strict=True)
        ]
        self.numbers.set_cells(k, [fmt_int(c) for c in counts.tolist()], colours)

    def _build_matrix(self, k: int, names: tuple[str, ...]) -> None:
        self._k = k
        ticks = [[(i + 0.5, names[i] if i < len(names) else str(i)) for i in range(k)]]
        if k > MAX_NUMBERED_CLASSES:
            step = -(-k // MAX_NUMBERED_CLASSES)
            ticks = [ticks[0][::step]]
        self.matrix_plot.getAxis("bottom").setTicks(ticks)
        self.matrix_plot.getAxis("left").setTicks(ticks)
        self.matrix_plot.setRange(xRange=(0, k), yRange=(0, k), padding=0.0)

    def _set_gallery_visible(self, on: bool) -> None:
        if on == self._gallery_on:
            return
        self._gallery_on = on
        ci = self.graphics.ci
        if on:
            ci.addItem(self.gallery_title, 1, 1)
            ci.addItem(self.gallery, 2, 1)
        else:
            ci.removeItem(self.gallery_title)
            ci.removeItem(self.gallery)
        ci.layout.setColumnStretchFactor(1, 4 if on else 0)
        self.info.setText(self._info_text(on))

    def _draw_gallery(self, r: ClassificationReadout, dataset: Any) -> None:
        key = (id(dataset), r.n_misclassified, r.misclassified.tobytes(), r.mis_predicted.tobytes())
        if key == self._gallery_key:
            return  # the same mistakes as last time: nothing to redraw
        self._gallery_key = key
        n = len(r.misclassified)
        if r.n_misclassified == 0:
            title = self.tr("No mistakes among the evaluated test images")
        elif n < r.n_misclassified:
            title = self.tr("Mistakes: the first %1 of %2").replace("%1", fmt_int(n)).replace(
                "%2", fmt_int(r.n_misclassified))
        else:
            title = self.tr("Mistakes: all %1").replace("%1", fmt_int(n))
        self.gallery_title.setText(title)
        x = dataset.x_test
        _, c, h, _ = x.shape
        if n == 0:
            self.gallery_image.clear()
            self._set_captions([], 0, 0, 0, 0)
            return
        picked = x[r.misclassified]
        images = picked[:, 0] if c == 1 else picked.mean(axis=1)
        caption = 2 * CAPTION_LINE + 2
        mosaic, cell_w, cell_h = gallery_mosaic(np.asarray(images, dtype=np.float32), GALLERY_COLS, caption)
        self.gallery_image.setImage(mosaic, autoLevels=False, levels=(0.0, 1.0))
        mh, mw = mosaic.shape
        self.gallery_image.setRect(QRectF(0, 0, mw, mh))
        self.gallery.setRange(xRange=(0, GALLERY_COLS * cell_w), yRange=(0, max(mh, cell_h)), padding=0.01)
        labels = [
            (self._name(r, int(p)), self._name(r, int(t))) for p, t in zip(r.mis_predicted, r.mis_true, strict=True)
        ]
        self._set_captions(labels, GALLERY_COLS, cell_w, cell_h, h + 2)

    @staticmethod
    def _name(r: ClassificationReadout, c: int) -> str:
        return r.class_names[c] if 0 <= c < len(r.class_names) else str(c)

    def _set_captions(self, labels: list[tuple[str, str]], cols: int, cell_w: int, cell_h: int, top: int) -> None:
        while len(self._captions) > len(labels):
            item = self._captions.pop()
            self.gallery.removeItem(item)
        font = QFont()
        font.setPixelSize(int(CAPTION_LINE))
        while len(self._captions) < len(labels):
            item = QGraphicsTextItem()
            item.setFont(font)
            item.document().setDocumentMargin(0)
            self.gallery.addItem(item)
            self._captions.append(item)
        for i, (pred, true) in enumerate(labels):
            item = self._captions[i]
            html = (
                f"<div align='center' style='line-height:100%'>"
                f"<span style='color:{PREDICTED_COLOUR}; font-weight:bold'>"
                f"{self.tr('says %1').replace('%1', _esc(pred))}</span><br>"
                f"<span style='color:{TRUE_COLOUR}'>{self.tr('is %1').replace('%1', _esc(true))}</span></div>"
            )
            if item.data(0) != html:
                item.setData(0, html)
                item.setHtml(html)
                item.setTextWidth(cell_w)
            r, c = divmod(i, max(cols, 1))
            item.setPos(c * cell_w - GALLERY_GAP / 2, r * cell_h + top)

    # ---------------------------------------------------------------- for tests

    def matrix_texts(self) -> list[str]:
        return self.numbers.texts()

    def caption_texts(self) -> list[str]:
        return [c.toPlainText() for c in self._captions]


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

