"""TF-Playground-style drawing of a small dense network: one circle per neuron, one line per weight.

The network editor adds a :class:`NeuronDiagram` under its layer blocks when the design
is small and fully dense on 2-D data (:func:`diagram_columns`). Links start grey; once
training runs, :meth:`NeuronDiagram.set_weights` colours each by the weight's sign
(blue positive, orange negative: an Okabe-Ito pair that stays distinct with the common
colour-vision deficiencies) and sets its width by the weight's magnitude. Each neuron
can also show an image (its output over the input plane) via :meth:`NeuronItem.set_image`,
or all at once from the worker's coloured maps via :meth:`NeuronDiagram.set_maps`: one
picture per column (a strip of circles behind the neurons' outlines), so a live update
costs a few calls per column, not per neuron.
:meth:`NeuronDiagram.item_at` finds the neuron or link under a click (links are thin, so
it allows a few pixels of slack), and :meth:`NeuronDiagram.set_highlight` rings the one
being edited.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPen, QPixmap, QTransform
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsItemGroup,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsPixmapItem,
    QGraphicsSimpleTextItem,
)

from engine import catalog
from engine.spec import DesignSpec
from playground.plots.style import NEGATIVE_HEX, POSITIVE_HEX

FEATURE_TITLES = {
    "x1": "x₁",
    "x2": "x₂",
    "x1^2": "x₁²",
    "x2^2": "x₂²",
    "x1*x2": "x₁·x₂",
    "sin x1": "sin x₁",
    "sin x2": "sin x₂",
}
POSITIVE_COLOR = QColor(POSITIVE_HEX)  # blue
NEGATIVE_COLOR = QColor(NEGATIVE_HEX)  # orange
NEUTRAL_COLOR = QColor("#B8BEC6")
HIGHLIGHT_COLOR = QColor("#F57C00")  # the editor's accent (ring round the neuron being edited)
HIGHLIGHT_CASING = QColor("#1F2933")  # round the link being edited
MAX_UNITS = 8  # per layer, as in TensorFlow Playground
MAX_DENSE_LAYERS = 8
NEURON_DIAMETER = 26.0
NEURON_SPACING = 31.0
MAX_LINK_WIDTH = 6.0
MIN_LINK_WIDTH = 0.5
LINK_STEPS = 24  # link widths are quantised: an unchanged step skips the repaint


@dataclass(frozen=True)
class NeuronColumn:
    """One column of neurons: the input features or one Dense layer."""

    key: str  # "input" or the layer id
    labels: tuple[str, ...]  # one per neuron (feature names for the input, "" otherwise)


def diagram_columns(spec: DesignSpec, input_ok: bool = True) -> list[NeuronColumn] | None:
    """The columns to draw for ``spec``, or None when it is not a small dense net on 2-D data."""
    if not input_ok or spec.data.dataset not in catalog.PLANE_2D:
        return None
    if not spec.layers or len(spec.layers) > MAX_DENSE_LAYERS:
        return None
    if any(layer.type != "dense" for layer in spec.layers):
        return None
    columns = [NeuronColumn("input", tuple(FEATURE_TITLES.get(f, f) for f in spec.data.features))]
    for layer in spec.layers:
        units = layer.get("units")
        if not isinstance(units, int) or units < 1 or units > MAX_UNITS:
            return None
        columns.append(NeuronColumn(layer.id, ("",) * units))
    if len(columns[0].labels) > MAX_UNITS:
        return None
    return columns


_NEURON_RECT = QRectF(-NEURON_DIAMETER / 2, -NEURON_DIAMETER / 2, NEURON_DIAMETER, NEURON_DIAMETER)
_NEURON_OUTLINE = QPen(QColor("#4A5560"), 1.6)


class NeuronItem(QGraphicsEllipseItem):
    """One neuron: a circle, optionally filled with an image (cut to the circle).

    Drawn by Qt alone: the circle is this ellipse item, the picture a child pixmap item
    behind it, and neither has a Python ``paint``. While training runs, every Python
    callback from Qt's painting must first win the GIL back from the training thread
    (up to a switch interval each), so Python-painted neurons made each frame of the
    diagram wait for about 40 of those hand-overs.
    """

    def __init__(self, key: str, index: int, label: str = "", parent: QGraphicsItem | None = None) -> None:
        super().__init__(_NEURON_RECT, parent)
        self.key = key
        self.index = index
        self.label = label
        self._image: QImage | None = None
        self._fill = QColor("#FFFFFF")
        self._bias: float | None = None
        self._mapped = False  # the diagram's column picture shows through the circle
        self.setPen(_NEURON_OUTLINE)
        self.setBrush(QBrush(self._fill))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._picture = QGraphicsPixmapItem(self)
        self._picture.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent, True)
        self._picture.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._picture.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._picture.hide()

    def tooltip_text(self) -> str:
        """What the editor shows over this neuron (made on demand: the bias changes every frame)."""
        if self.key == "input":
            return self.label or f"input {self.index + 1}"
        name = f"{self.key} · neuron {self.index + 1}"
        return name if self.bias is None else f"{name}\nbias {self.bias:+.3f}"

    @property
    def bias(self) -> float | None:
        """The neuron's bias: the diagram's latest (see :meth:`NeuronDiagram.set_weights`), else the one set here."""
        group = self.parentItem()
        if isinstance(group, NeuronDiagram):
            return group.bias_value(self.key, self.index, self._bias)
        return self._bias

    def set_bias(self, bias: float | None) -> None:
        """Remember the neuron's bias (shown in its tooltip and the value popup)."""
        if bias is not None and not np.isfinite(bias):
            bias = None
        self._bias = bias

    def image(self) -> QImage | None:
        """The picture shown in the circle (transparent outside it), or None."""
        if self._image is None and self._mapped:
            group = self.parentItem()
            if isinstance(group, NeuronDiagram):
                return group.cut_image(self.key, self.index)
        return self._image

    def set_mapped(self, on: bool) -> None:
        """The diagram's column picture shows in this circle (no fill of its own)."""
        if on != self._mapped:
            self._mapped = on
            if self._image is None:
                self.setBrush(Qt.BrushStyle.NoBrush if on else QBrush(self._fill))

    def set_image(self, image: QImage | None, masked: bool = False) -> None:
        """Show ``image`` inside the circle (None: plain).

        ``masked`` says the image is already transparent outside the inscribed circle (as
        :meth:`NeuronDiagram.set_maps` makes them); any other image is cut to the circle
        here, once, so drawing never needs a clip path.
        """
        if image is None:
            self._image = None
            self._picture.hide()
            self.setBrush(Qt.BrushStyle.NoBrush if self._mapped else QBrush(self._fill))
            return
        if not masked:
            image = _cut_to_circle(image)
        self._image = image
        w, h = max(1, image.width()), max(1, image.height())
        self._picture.setPixmap(QPixmap.fromImage(image))
        self._picture.setTransform(QTransform.fromScale(NEURON_DIAMETER / w, NEURON_DIAMETER / h))
        self._picture.setPos(-NEURON_DIAMETER / 2, -NEURON_DIAMETER / 2)
        if not self._picture.isVisible():
            self._picture.show()
            self.setBrush(Qt.BrushStyle.NoBrush)

    def set_fill(self, color: QColor) -> None:
        self._fill = QColor(color)
        if self._image is None and not self._mapped:
            self.setBrush(QBrush(self._fill))


def _cut_to_circle(image: QImage) -> QImage:
    """A copy of ``image`` that is transparent outside its inscribed circle."""
    out = QImage(image.size(), QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(Qt.GlobalColor.transparent)
    p = QPainter(out)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    path = QPainterPath()
    path.addEllipse(QRectF(out.rect()).adjusted(-0.5, -0.5, 0.5, 0.5))
    p.setClipPath(path)
    p.drawImage(0, 0, image)
    p.end()
    return out


_CIRCLE_MASKS: dict[tuple[int, int], np.ndarray] = {}


def circle_mask(h: int, w: int) -> np.ndarray:
    """``(h, w)`` uint32: all ones inside the inscribed circle (a little generous), 0 outside."""
    mask = _CIRCLE_MASKS.get((h, w))
    if mask is None:
        yy, xx = np.mgrid[0:h, 0:w]
        d = ((xx + 0.5 - w / 2) / (w / 2)) ** 2 + ((yy + 0.5 - h / 2) / (h / 2)) ** 2
        mask = np.where(d <= (1.0 + 1.5 / max(h, w)) ** 2, 0xFFFFFFFF, 0).astype(np.uint32)
        _CIRCLE_MASKS[(h, w)] = mask
    return mask


def strip_pitch(h: int) -> int:
    """Picture rows from one neuron to the next in a column picture of ``h``-row maps."""
    return max(h, round(h * NEURON_SPACING / NEURON_DIAMETER))


def stack_strip(arr: np.ndarray) -> np.ndarray:
    """A column's maps ``(units, H, W)`` uint32 as one picture ``((units - 1) * pitch + H, W)``: each map cut
    to its circle (premultiplied transparent outside) at :func:`strip_pitch` rows from the previous one.

    Pure NumPy: the training thread makes these (:class:`~playground.widgets.neuron_probes.NeuronMapsProbe`),
    so the GUI thread only wraps them in images.
    """
    n, h, w = arr.shape
    pitch = strip_pitch(h)
    buf = np.zeros((n, pitch, w), dtype=np.uint32)
    np.bitwise_and(arr, circle_mask(h, w), out=buf[:, :h, :])
    return buf.reshape(n * pitch, w)[: (n - 1) * pitch + h]


NEUTRAL_STYLE = (0, -1)
STRIP_Z = -0.5  # the columns' pictures: above the links (-1), under the circles' outlines (0)
_PENS: dict[tuple[int, int], QPen] = {}


def _link_pen(style: tuple[int, int]) -> QPen:
    """The (cached) pen of a link look: grey, or blue/orange with its width by step.

    Opaque colours and flat caps: Qt's raster engine strokes 88 antialiased lines about
    8x faster so (1 ms instead of 9 per frame here) than with translucent, round-capped
    ones, and thin antialiased lines still look light.
    """
    pen = _PENS.get(style)
    if pen is None:
        sign, step = style
        if sign == 0:
            pen = QPen(NEUTRAL_COLOR, 1.0)
        else:
            rel = step / LINK_STEPS
            width = MIN_LINK_WIDTH + (MAX_LINK_WIDTH - MIN_LINK_WIDTH) * rel
            pen = QPen(POSITIVE_COLOR if sign > 0 else NEGATIVE_COLOR, width)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        _PENS[style] = pen
    return pen


class LinkItem(QGraphicsLineItem):
    """One weight: from neuron ``src`` of the previous column to ``dst`` of the layer ``key``."""

    def __init__(self, key: str, src: int, dst: int, a: QPointF, b: QPointF) -> None:
        super().__init__(a.x(), a.y(), b.x(), b.y())
        self.key = key
        self.src = src
        self.dst = dst
        self._weight: float | None = None
        self._style: tuple[int, int] | None = None  # (sign, quantised magnitude) drawn now
        self.setZValue(-1)
        self.set_weight(None, 1.0)

    def set_weight(self, w: float | None, scale: float) -> None:
        """Show weight ``w``: its sign as the colour, ``|w| / scale`` as width and opacity."""
        if w is None or not np.isfinite(w):
            self.apply(None, NEUTRAL_STYLE)
            return
        rel = min(1.0, abs(w) / scale) if scale > 0 else 0.0
        self.apply(float(w), (1 if w >= 0 else -1, round(rel * LINK_STEPS)))

    @property
    def weight(self) -> float | None:
        """The weight: the diagram's latest kernel value (:meth:`NeuronDiagram.set_weights`), else the one set here."""
        group = self.parentItem()
        if isinstance(group, NeuronDiagram):
            return group.weight_value(self.key, self.src, self.dst, self._weight)
        return self._weight

    def apply(self, w: float | None, style: tuple[int, int]) -> None:
        """Set the weight and its quantised look ``(sign, step)``; an unchanged look skips the repaint."""
        self._weight = w
        self.set_style(style)

    def set_style(self, style: tuple[int, int]) -> None:
        """Draw the quantised look ``(sign, step)``; an unchanged look skips the repaint."""
        if style != self._style:
            self._style = style
            self.setPen(_link_pen(style))

    def tooltip_text(self) -> str:
        return "" if self.weight is None else f"{self.key}: weight {self.src + 1} → {self.dst + 1}  {self.weight:+.3f}"

    def distance_to(self, point: QPointF) -> float:
        """Distance from ``point`` (in the diagram's coordinates) to the line segment."""
        line = self.line()
        ax, ay, bx, by = line.x1(), line.y1(), line.x2(), line.y2()
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((point.x() - ax) * dx + (point.y() - ay) * dy) / length2))
        ex, ey = ax + t * dx - point.x(), ay + t * dy - point.y()
        return float(np.hypot(ex, ey))


class NeuronDiagram(QGraphicsItemGroup):
    """The neurons and links of a small dense network, laid out in columns.

    ``x_positions`` gives each column's centre (the editor aligns them under the layer
    blocks); ``top`` is the y of the first row.
    """

    def __init__(self, columns: list[NeuronColumn], x_positions: list[float], top: float) -> None:
        super().__init__()
        self.setHandlesChildEvents(False)
        self.columns = columns
        self._neurons: dict[str, list[NeuronItem]] = {}
        self._links: dict[str, list[LinkItem]] = {}
        self._weights: dict[str, np.ndarray] = {}
        self._biases: dict[str, np.ndarray] = {}
        self._maps: dict[str, np.ndarray] = {}
        self._usable: dict[str, np.ndarray] = {}  # kernels of the right shape, by layer (float64)
        self._usable_biases: dict[str, np.ndarray] = {}
        self._codes: dict[str, np.ndarray] = {}  # each link's drawn look, coded (see set_weights)
        self._strips: dict[str, QGraphicsPixmapItem] = {}  # one picture per column, behind the circles
        self._strip_buffers: dict[str, np.ndarray] = {}
        self._tops: dict[str, float] = {}  # y of the first neuron's centre, by column
        self._highlighted: NeuronItem | LinkItem | None = None
        tallest = max(len(c.labels) for c in columns)
        label_font = QFont()
        label_font.setPointSizeF(9.0)
        for col, x in zip(columns, x_positions, strict=True):
            n = len(col.labels)
            y0 = top + (tallest - n) * NEURON_SPACING / 2 + NEURON_DIAMETER / 2
            self._tops[col.key] = y0
            strip = QGraphicsPixmapItem()
            strip.setZValue(STRIP_Z)
            strip.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            strip.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            strip.setPos(x - NEURON_DIAMETER / 2, y0 - NEURON_DIAMETER / 2)
            strip.hide()
            self.addToGroup(strip)
            self._strips[col.key] = strip
            items = []
            for i, label in enumerate(col.labels):
                item = NeuronItem(col.key, i, label)
                item.setPos(x, y0 + i * NEURON_SPACING)
                self.addToGroup(item)
                items.append(item)
                if label:
                    text = QGraphicsSimpleTextItem(label)
                    text.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
                    text.setFont(label_font)
                    text.setBrush(QColor("#37414B"))
                    w = text.boundingRect().width()
                    h = text.boundingRect().height()
                    text.setPos(x - NEURON_DIAMETER / 2 - 6 - w, y0 + i * NEURON_SPACING - h / 2)
                    self.addToGroup(text)
            self._neurons[col.key] = items
        for prev, col in itertools.pairwise(columns):
            links = []
            for dst, b in enumerate(self._neurons[col.key]):
                for src, a in enumerate(self._neurons[prev.key]):
                    pa = a.pos() + QPointF(NEURON_DIAMETER / 2, 0)
                    pb = b.pos() - QPointF(NEURON_DIAMETER / 2, 0)
                    link = LinkItem(col.key, src, dst, pa, pb)
                    self.addToGroup(link)
                    links.append(link)
            self._links[col.key] = links
        # the ring round a neuron, or a dark casing round a link, with the link drawn again on top
        self._highlight = QGraphicsPathItem()
        self._highlight.setBrush(Qt.BrushStyle.NoBrush)
        self._highlight.setZValue(5)
        self._highlight.hide()
        self.addToGroup(self._highlight)
        self._highlight_core = QGraphicsPathItem()
        self._highlight_core.setBrush(Qt.BrushStyle.NoBrush)
        self._highlight_core.setZValue(6)
        self._highlight_core.hide()
        self.addToGroup(self._highlight_core)

    # -- access for the visualisations ---------------------------------------------
    def neuron(self, key: str, index: int) -> NeuronItem:
        """Neuron ``index`` of column ``key`` (``"input"`` or a layer id)."""
        return self._neurons[key][index]

    def neurons(self, key: str) -> list[NeuronItem]:
        return list(self._neurons.get(key, []))

    def links(self, key: str) -> list[LinkItem]:
        """The links into layer ``key`` (one per weight)."""
        return list(self._links.get(key, []))

    def layer_keys(self) -> list[str]:
        return [c.key for c in self.columns[1:]]

    def set_weights(self, weights: Mapping[str, np.ndarray]) -> None:
        """Colour links by sign and set their width by magnitude.

        ``weights`` maps a layer id (or the engine's parameter key ``"L3/W"``) to its
        ``(inputs, units)`` kernel; layers missing or of another shape go back to grey.
        Widths are relative to the largest |w| over the whole diagram.
        """
        kernels: dict[str, np.ndarray] = {}
        biases: dict[str, np.ndarray] = {}
        for key, value in weights.items():
            layer_id, _, name = str(key).partition("/")
            arr = np.asarray(value)
            if name in ("", "W", "kernel") and arr.ndim == 2:
                kernels[layer_id] = arr
            elif name in ("b", "bias") and arr.ndim == 1:
                biases[layer_id] = arr
        self._weights = kernels
        self._biases = biases
        self._usable_biases = {
            key: b for key, b in biases.items() if key in self._neurons and len(b) == len(self._neurons[key])
        }
        usable: dict[str, np.ndarray] = {}
        for key in self._links:
            arr = kernels.get(key)
            n_in = len(self._neurons[self._previous(key)])
            n_out = len(self._neurons[key])
            if arr is not None and arr.shape == (n_in, n_out):
                usable[key] = arr
        scale = 0.0
        for arr in usable.values():
            mags = np.abs(arr[np.isfinite(arr)])
            if mags.size:
                scale = max(scale, float(mags.max()))
        self._usable = {key: arr.astype(np.float64) for key, arr in usable.items()}
        for key, links in self._links.items():
            a = self._usable.get(key)
            if a is None:
                self._codes.pop(key, None)
                for link in links:
                    link.apply(None, NEUTRAL_STYLE)
                continue
            # the looks of a whole layer at once, coded as sign * (step + 1) (0: grey) in the
            # links' order (by destination, then source); only links whose look changed are touched
            finite = np.isfinite(a)
            rel = np.minimum(1.0, np.abs(np.where(finite, a, 0.0)) / scale) if scale > 0 else np.zeros_like(a)
            codes = np.where(finite, np.where(a >= 0, 1, -1) * (np.rint(rel * LINK_STEPS) + 1), 0)
            codes = codes.astype(np.int64).T.ravel()
            old = self._codes.get(key)
            changed = range(len(links)) if old is None or old.shape != codes.shape else np.flatnonzero(codes != old)
            self._codes[key] = codes
            for i in changed:
                code = int(codes[i])
                links[i].set_style(NEUTRAL_STYLE if code == 0 else (1 if code > 0 else -1, abs(code) - 1))

    def weight_value(self, key: str, src: int, dst: int, default: float | None = None) -> float | None:
        """The latest weight from ``src`` to ``dst`` of layer ``key`` (None if not finite), else ``default``."""
        a = self._usable.get(key)
        if a is None:
            return default
        v = float(a[src, dst])
        return v if math.isfinite(v) else None

    def bias_value(self, key: str, index: int, default: float | None = None) -> float | None:
        """The latest bias of neuron ``index`` of layer ``key`` (None if not finite), else ``default``."""
        b = self._usable_biases.get(key)
        if b is None:
            return default
        v = float(b[index])
        return v if math.isfinite(v) else None

    def _previous(self, key: str) -> str:
        keys = [c.key for c in self.columns]
        return keys[keys.index(key) - 1]

    def last_weights(self) -> dict[str, np.ndarray]:
        """The kernels and biases last given to :meth:`set_weights` (keys ``"L1/W"``, ``"L1/b"``)."""
        out = {f"{k}/W": v for k, v in self._weights.items()}
        out.update({f"{k}/b": v for k, v in self._biases.items()})
        return out

    def weight(self, key: str, src: int, dst: int) -> float | None:
        """The weight from neuron ``src`` of the previous column to neuron ``dst`` of layer ``key``."""
        for link in self._links.get(key, []):
            if link.src == src and link.dst == dst:
                return link.weight
        return None

    def bias(self, key: str, index: int) -> float | None:
        neurons = self._neurons.get(key, [])
        return neurons[index].bias if 0 <= index < len(neurons) else None

    # -- neuron pictures ------------------------------------------------------------
    def set_maps(self, maps: Mapping[str, np.ndarray], strips: Mapping[str, np.ndarray] | None = None) -> int:
        """Fill the neurons with pictures: ``maps[key]`` is ``(units, H, W)`` uint32 0xFFRRGGBB.

        Each column is one picture: its neurons' maps cut to circles (transparent outside,
        so painting needs no clip path) and stacked at the neurons' spacing, behind their
        outlines (:func:`stack_strip`; ``strips[key]``, when given, is that picture made
        already, by the training thread). A column whose map has another number of units
        (an edit the worker has not seen yet) keeps its old pictures; an unchanged column
        (the inputs, a paused run) is not touched. Returns how many neurons got a new picture.
        """
        count = 0
        for key, neurons in self._neurons.items():
            arr = maps.get(key)
            if arr is None or arr.ndim != 3 or len(arr) != len(neurons) or arr.dtype != np.uint32:
                continue
            old = self._maps.get(key)
            self._maps[key] = arr
            strip = self._strips[key]
            if strip.isVisible() and old is not None and (
                old is arr or (strips is None and old.shape == arr.shape and np.array_equal(old, arr))
            ):
                continue  # given new pictures the training thread made, no comparison over them here
            picture = None if strips is None else strips.get(key)
            n, h, w = arr.shape
            if picture is None or picture.shape != ((n - 1) * strip_pitch(h) + h, w) or picture.dtype != np.uint32:
                picture = stack_strip(arr)
            self._draw_strip(key, np.ascontiguousarray(picture), h)
            count += len(neurons)
        return count

    def _draw_strip(self, key: str, picture: np.ndarray, h: int) -> None:
        """Show column ``key``'s picture (:func:`stack_strip` of ``h``-row maps) behind its circles."""
        height, w = picture.shape
        image = QImage(picture.data, w, height, 4 * w, QImage.Format.Format_ARGB32_Premultiplied)
        strip = self._strips[key]
        strip.setPixmap(QPixmap.fromImage(image))
        self._strip_buffers[key] = picture  # the pixmap may share it
        geometry = (h, w)
        if strip.data(0) != geometry:  # transform and position only change with the maps' size
            strip.setData(0, geometry)
            sy = NEURON_SPACING / strip_pitch(h)
            strip.setTransform(QTransform.fromScale(NEURON_DIAMETER / w, sy))
            strip.setPos(strip.pos().x(), self._tops[key] - h * sy / 2)
        if not strip.isVisible():
            strip.show()
            for neuron in self._neurons[key]:
                neuron.set_mapped(True)

    def cut_image(self, key: str, index: int) -> QImage | None:
        """One neuron's picture as its circle shows it (transparent outside), or None."""
        plane = self.map_array(key, index)
        if plane is None:
            return None
        h, w = plane.shape
        cut = np.ascontiguousarray(plane & circle_mask(h, w))
        return QImage(cut.data, w, h, 4 * w, QImage.Format.Format_ARGB32_Premultiplied).copy()

    def last_maps(self) -> dict[str, np.ndarray]:
        return dict(self._maps)

    def map_array(self, key: str, index: int) -> np.ndarray | None:
        """The uint32 picture of one neuron (as given to :meth:`set_maps`), or None."""
        arr = self._maps.get(key)
        return None if arr is None or not 0 <= index < len(arr) else arr[index]

    def map_image(self, key: str, index: int) -> QImage | None:
        """One neuron's whole square picture (not cut to the circle), e.g. to show it enlarged."""
        plane = self.map_array(key, index)
        if plane is None:
            return None
        plane = np.ascontiguousarray(plane)
        h, w = plane.shape
        return QImage(plane.data, w, h, 4 * w, QImage.Format.Format_RGB32).copy()

    # -- clicks -----------------------------------------------------------------------
    def item_at(self, scene_pos: QPointF, slack: float = 4.0) -> NeuronItem | LinkItem | None:
        """The neuron under ``scene_pos``, else the nearest link within ``slack`` (scene units)."""
        pos = self.mapFromScene(scene_pos)
        r = NEURON_DIAMETER / 2 + 1
        for neurons in self._neurons.values():
            for neuron in neurons:
                d = neuron.pos() - pos
                if d.x() * d.x() + d.y() * d.y() <= r * r:
                    return neuron
        best: tuple[float, LinkItem] | None = None
        for links in self._links.values():
            for link in links:
                dist = link.distance_to(pos)
                if dist <= slack + link.pen().widthF() / 2 and (best is None or dist < best[0]):
                    best = (dist, link)
        return None if best is None else best[1]

    def tooltip_at(self, scene_pos: QPointF, slack: float = 4.0) -> str:
        """The tooltip for the neuron or link under ``scene_pos`` ("" for none)."""
        item = self.item_at(scene_pos, slack)
        return "" if item is None else item.tooltip_text()

    def set_highlight(self, item: NeuronItem | LinkItem | None) -> None:
        """Ring a neuron or trace a link in the accent colour (None: nothing)."""
        self._highlighted = item
        self._highlight_core.hide()
        if item is None:
            self._highlight.hide()
            return
        path = QPainterPath()
        if isinstance(item, NeuronItem):
            r = NEURON_DIAMETER / 2 + 3.5
            path.addEllipse(item.pos(), r, r)
            self._highlight.setPen(QPen(HIGHLIGHT_COLOR, 3.0))
        else:  # on top of the other links: a dark casing, then the link's own stroke
            line = item.line()
            path.moveTo(line.p1())
            path.lineTo(line.p2())
            core = QPen(item.pen())
            casing = QPen(HIGHLIGHT_CASING, core.widthF() + 4.0)
            casing.setCapStyle(Qt.PenCapStyle.RoundCap)
            self._highlight.setPen(casing)
            self._highlight_core.setPen(core)
            self._highlight_core.setPath(path)
            self._highlight_core.show()
        self._highlight.setPath(path)
        self._highlight.show()

    @property
    def highlighted(self) -> NeuronItem | LinkItem | None:
        return self._highlighted
