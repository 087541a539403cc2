"""TF-Playground-style drawing of a small dense network: one circle per neuron, one line per weight.

The network editor adds a :class:`NeuronDiagram` under its layer blocks when the design
is small and fully dense on 2-D data (:func:`diagram_columns`). Links start grey; once
training runs, :meth:`NeuronDiagram.set_weights` colours each by the weight's sign
(blue positive, orange negative: an Okabe-Ito pair that stays distinct with the common
colour-vision deficiencies) and sets its width by the weight's magnitude. Each neuron
can also show an image (its output over the input plane) via :meth:`NeuronItem.set_image`.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsItemGroup,
    QGraphicsLineItem,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from engine import catalog
from engine.spec import DesignSpec

FEATURE_TITLES = {
    "x1": "x₁",
    "x2": "x₂",
    "x1^2": "x₁²",
    "x2^2": "x₂²",
    "x1*x2": "x₁·x₂",
    "sin x1": "sin x₁",
    "sin x2": "sin x₂",
}
POSITIVE_COLOR = QColor("#0072B2")  # blue
NEGATIVE_COLOR = QColor("#E07B00")  # orange
NEUTRAL_COLOR = QColor("#B8BEC6")
MAX_UNITS = 8  # per layer, as in TensorFlow Playground
MAX_DENSE_LAYERS = 8
NEURON_DIAMETER = 22.0
NEURON_SPACING = 28.0
MAX_LINK_WIDTH = 6.0
MIN_LINK_WIDTH = 0.6


@dataclass(frozen=True)
class NeuronColumn:
    """One column of neurons: the input features or one Dense layer."""

    key: str  # "input" or the layer id
    labels: tuple[str, ...]  # one per neuron (feature names for the input, "" otherwise)


def diagram_columns(spec: DesignSpec, input_ok: bool = True) -> list[NeuronColumn] | None:
    """The columns to draw for ``spec``, or None when it is not a small dense net on 2-D data."""
    if not input_ok or spec.data.dataset not in catalog.CLASSIFICATION_2D + catalog.REGRESSION_2D:
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


class NeuronItem(QGraphicsItem):
    """One neuron: a circle, optionally filled with an image (clipped to the circle)."""

    def __init__(self, key: str, index: int, label: str = "", parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.index = index
        self.label = label
        self._image: QImage | None = None
        self._fill = QColor("#FFFFFF")
        self.setToolTip(label or f"{key} · {index + 1}")

    def boundingRect(self) -> QRectF:
        r = NEURON_DIAMETER / 2 + 2
        return QRectF(-r, -r, 2 * r, 2 * r)

    def set_image(self, image: QImage | None) -> None:
        """Show ``image`` inside the circle (None: plain)."""
        self._image = image
        self.update()

    def set_fill(self, color: QColor) -> None:
        self._fill = QColor(color)
        self.update()

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        r = NEURON_DIAMETER / 2
        rect = QRectF(-r, -r, 2 * r, 2 * r)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self._image is not None:
            path = QPainterPath()
            path.addEllipse(rect)
            p.save()
            p.setClipPath(path)
            p.drawImage(rect, self._image)
            p.restore()
            p.setBrush(Qt.BrushStyle.NoBrush)
        else:
            p.setBrush(QBrush(self._fill))
        p.setPen(QPen(QColor("#4A5560"), 1.6))
        p.drawEllipse(rect)


class LinkItem(QGraphicsLineItem):
    """One weight: from neuron ``src`` of the previous column to ``dst`` of the layer ``key``."""

    def __init__(self, key: str, src: int, dst: int, a: QPointF, b: QPointF) -> None:
        super().__init__(a.x(), a.y(), b.x(), b.y())
        self.key = key
        self.src = src
        self.dst = dst
        self.weight: float | None = None
        self.setZValue(-1)
        self.set_weight(None, 1.0)

    def set_weight(self, w: float | None, scale: float) -> None:
        self.weight = w
        if w is None or not np.isfinite(w):
            pen = QPen(NEUTRAL_COLOR, 1.0)
            self.setToolTip("")
        else:
            rel = min(1.0, abs(w) / scale) if scale > 0 else 0.0
            color = QColor(POSITIVE_COLOR if w >= 0 else NEGATIVE_COLOR)
            color.setAlphaF(0.35 + 0.65 * rel)
            pen = QPen(color, MIN_LINK_WIDTH + (MAX_LINK_WIDTH - MIN_LINK_WIDTH) * rel)
            self.setToolTip(f"{w:+.3f}")
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self.setPen(pen)


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
        tallest = max(len(c.labels) for c in columns)
        label_font = QFont()
        label_font.setPointSizeF(9.0)
        for col, x in zip(columns, x_positions, strict=True):
            n = len(col.labels)
            y0 = top + (tallest - n) * NEURON_SPACING / 2 + NEURON_DIAMETER / 2
            items = []
            for i, label in enumerate(col.labels):
                item = NeuronItem(col.key, i, label)
                item.setPos(x, y0 + i * NEURON_SPACING)
                self.addToGroup(item)
                items.append(item)
                if label:
                    text = QGraphicsSimpleTextItem(label)
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
        for key, value in weights.items():
            layer_id, _, name = str(key).partition("/")
            if name not in ("", "W", "kernel"):
                continue
            arr = np.asarray(value)
            if arr.ndim == 2:
                kernels[layer_id] = arr
        self._weights = kernels
        usable: dict[str, np.ndarray] = {}
        for key in self._links:
            arr = kernels.get(key)
            n_in = len(self._neurons[self._previous(key)])
            n_out = len(self._neurons[key])
            if arr is not None and arr.shape == (n_in, n_out):
                usable[key] = arr
        finite = [np.abs(a[np.isfinite(a)]) for a in usable.values()]
        scale = max((float(f.max()) for f in finite if f.size), default=0.0)
        for key, links in self._links.items():
            arr = usable.get(key)
            for link in links:
                link.set_weight(None if arr is None else float(arr[link.src, link.dst]), scale)

    def _previous(self, key: str) -> str:
        keys = [c.key for c in self.columns]
        return keys[keys.index(key) - 1]

    def last_weights(self) -> dict[str, np.ndarray]:
        return dict(self._weights)
