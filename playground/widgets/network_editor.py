"""The network editor: the design drawn as connected layer blocks, flowing left to right.

Each block shows the layer type, its key settings, its output shape and its parameter
count, all from the engine's ``analyze`` (recomputed on every ``spec_changed``). A
block the engine rejects is drawn red with the engine's message. Layers dragged from
the palette are inserted where they are dropped; dragging a block reorders it; Delete
removes the selected block; a residual block draws its children inside itself and
folds with its toggle. Small dense networks on 2-D data also get a
:class:`~playground.widgets.neuron_diagram.NeuronDiagram` under the blocks; a click on
one of its neurons or links selects that layer and emits ``neuron_clicked`` /
``link_clicked`` (the main window opens the value editor).

The editor never changes the spec itself: every gesture ends in a document intent.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QToolTip,
    QWidget,
)

from engine import catalog
from engine.spec import DesignSpec, LayerSpec
from playground.document import DesignDocument, locate_layer
from playground.engine_text import describe
from playground.widgets.neuron_diagram import (
    FEATURE_TITLES,
    LinkItem,
    NeuronDiagram,
    NeuronItem,
    diagram_columns,
)
from playground.widgets.palette import CATEGORY_COLORS, LAYER_MIME, layer_title, paint_layer_glyph

BLOCK_W = 132.0
BLOCK_H = 108.0
END_W = 120.0  # the input and loss blocks
GAP = 30.0  # horizontal space between blocks (holds the arrow)
HEADER = 40.0  # band above a residual block's children (its title and the skip line)
ROW_GAP = 36.0  # vertical space between two rows of a wrapped flow
PAD = 12.0
ERROR_FILL = QColor("#FDECEC")
ERROR_BORDER = QColor("#C62828")
INPUT_COLORS = ("#F1F3F5", "#5F6B76")
ACCENT = QColor("#F57C00")
TEXT = QColor("#1F2933")
MUTED = QColor("#5B6670")
ARROW = QColor("#7B8794")

_ACTIVATION_TITLES = {
    "linear": "linear",
    "step": "step",
    "sigmoid": "sigmoid",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "leaky ReLU",
    "prelu": "PReLU",
    "elu": "ELU",
    "softmax": "softmax",
    "gelu": "GELU",
    "silu": "SiLU",
    "softplus": "softplus",
}


def activation_title(name: str) -> str:
    """The display name of an activation (``relu`` → ``ReLU``)."""
    return QCoreApplication.translate("catalog", _ACTIVATION_TITLES.get(name, name))


def _tr(text: str) -> str:
    return QCoreApplication.translate("NetworkEditor", text)


def shape_text(shape: tuple[int, ...] | None) -> str:
    if shape is None:
        return "?"
    return "×".join(str(s) for s in shape)


def count_text(n: int) -> str:
    return f"{n:,}"


def layer_summary(layer: LayerSpec) -> str:
    """The key settings of a layer in a few words (``8 units · tanh``)."""
    t = layer.type
    g = layer.get
    if t == "dense":
        units = g("units")
        text = _tr("1 unit") if units == 1 else _tr("%1 units").replace("%1", str(units))
        return text + " · " + activation_title(g("activation"))
    if t == "activation":
        return activation_title(g("activation"))
    if t == "conv2d":
        k = g("kernel")
        text = _tr("%1 filters %2×%2").replace("%1", str(g("filters"))).replace("%2", str(k))
        extras = []
        if g("stride") != 1:
            extras.append(_tr("stride %1").replace("%1", str(g("stride"))))
        if g("padding") != "valid":
            extras.append(_tr("pad %1").replace("%1", str(g("padding"))))
        return " · ".join([text, *extras, activation_title(g("activation"))])
    if t in ("maxpool2d", "avgpool2d"):
        p = g("pool")
        text = f"{p}×{p}"
        if g("stride") != p:
            text += " · " + _tr("stride %1").replace("%1", str(g("stride")))
        return text
    if t == "dropout":
        return _tr("rate %1").replace("%1", f"{g('rate'):g}")
    if t == "batchnorm":
        return _tr("momentum %1").replace("%1", f"{g('momentum'):g}")
    if t == "residual":
        n = len(layer.children)
        return _tr("%1 layers inside").replace("%1", str(n)) if n != 1 else _tr("1 layer inside")
    return ""


def dataset_title(name: str) -> str:
    titles = {
        "circle": "circle",
        "xor": "XOR",
        "gaussians": "two Gaussians",
        "spiral": "spiral",
        "moons": "moons",
        "blobs": "blobs",
        "spirals": "spirals",
        "plane": "plane (regression)",
        "multi_gaussian": "multi Gaussian (regression)",
        "custom": "my own data",
        "mnist": "MNIST digits",
        "idx": "IDX images",
        "csv": "CSV table",
    }
    return QCoreApplication.translate("datasets", titles.get(name, name))


def loss_short_title(name: str) -> str:
    titles = {
        "mse": "MSE",
        "mae": "MAE",
        "huber": "Huber",
        "binary_crossentropy": "binary CE",
        "categorical_crossentropy": "categorical CE",
    }
    return QCoreApplication.translate("catalog", titles.get(name, name))


def loss_title(name: str) -> str:
    titles = {
        "mse": "mean squared error",
        "mae": "mean absolute error",
        "huber": "Huber",
        "binary_crossentropy": "binary cross-entropy",
        "categorical_crossentropy": "categorical cross-entropy",
    }
    return QCoreApplication.translate("catalog", titles.get(name, name))


# ---------------------------------------------------------------- scene items


@dataclass
class BlockData:
    """What one block shows."""

    key: str  # layer id, or "input" / "output"
    type_name: str  # registry name, or "input" / "output"
    title: str
    subtitle: str
    shape: str = ""
    params: str = ""
    error: str | None = None
    container: bool = False  # an expanded residual block (children drawn inside)
    collapsible: bool = False
    collapsed: bool = False
    children_ids: list[str] = field(default_factory=list)


class BlockItem(QGraphicsItem):
    """A rounded box for one layer (or the input / the loss)."""

    def __init__(self, data: BlockData, rect: QRectF, fonts: dict[str, QFont]) -> None:
        super().__init__()
        self.data_ = data
        self.rect = rect
        self.fonts = fonts
        self.selected = False
        self.dragging = False
        self.error_height = 0.0  # containers: height of the wrapped error text in the footer
        self.mid_y = rect.top() + BLOCK_H / 2  # where arrows meet the block
        self.row = 0  # which row of the flow it sits in (top-level blocks)
        self.setAcceptHoverEvents(True)
        self._hover = False
        tip = data.title if not data.subtitle else f"{data.title}: {data.subtitle}"
        if data.error:
            tip += "\n⚠ " + data.error
        self.setToolTip(tip)
        self.setZValue(0 if data.container else 1)

    @property
    def layer_id(self) -> str | None:
        return None if self.data_.type_name in ("input", "output") else self.data_.key

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-5, -5, 5, 5)

    def toggle_rect(self) -> QRectF:
        """Where the fold/unfold arrow of a residual block sits."""
        r = self.rect
        return QRectF(r.right() - 28, r.top() + 4, 24, 22)

    def hoverEnterEvent(self, event: Any) -> None:
        self._hover = True
        self.update()

    def hoverLeaveEvent(self, event: Any) -> None:
        self._hover = False
        self.update()

    def _colors(self) -> tuple[QColor, QColor]:
        d = self.data_
        if d.type_name in ("input", "output"):
            fill, border = INPUT_COLORS
        else:
            fill, border = CATEGORY_COLORS.get(catalog.LAYER_TYPES[d.type_name].category, INPUT_COLORS)
        if d.error:
            return ERROR_FILL, ERROR_BORDER
        return QColor(fill), QColor(border)

    def paint(self, p: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        d = self.data_
        fill, border = self._colors()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        if self.dragging:
            p.setOpacity(0.35)
        r = self.rect
        radius = 9.0
        if self.selected:
            glow = QColor(border)
            glow.setAlpha(60)
            p.setPen(QPen(glow, 8))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRoundedRect(r, radius, radius)
        if d.container:
            fill = QColor(fill)
            fill.setAlpha(120)
        pen = QPen(border, 3.0 if self.selected else (2.0 if self._hover or d.error else 1.4))
        if d.container:
            pen.setStyle(Qt.PenStyle.DashLine if not self.selected else Qt.PenStyle.SolidLine)
        p.setPen(pen)
        p.setBrush(QBrush(fill))
        p.drawRoundedRect(r, radius, radius)

        # title row: glyph, name (the id sits in the bottom-right corner, or after a container's title)
        x = r.left() + 10
        y = r.top() + 6
        if d.type_name not in ("input", "output"):
            paint_layer_glyph(p, d.type_name, QRectF(x, y + 1, 20, 20), border)
            x += 26
        right_room = 34 if d.collapsible else 8
        title_rect = QRectF(x, y, r.right() - x - right_room, 22)
        title_font, title = fit_title(QFont(self.fonts["title"]), d.title, title_rect.width())
        fm_title = QFontMetricsF(title_font)
        p.setPen(TEXT)
        p.setFont(title_font)
        p.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        is_layer = d.type_name not in ("input", "output")
        p.setFont(self.fonts["small"])
        p.setPen(MUTED)
        if is_layer and d.container:
            id_x = x + fm_title.horizontalAdvance(title) + 8
            p.drawText(
                QRectF(id_x, y, max(0.0, title_rect.right() - id_x), 22),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                d.key,
            )
        elif is_layer:
            p.drawText(
                QRectF(r.left(), r.bottom() - 20, r.width() - 8, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                d.key,
            )
        if d.collapsible:
            self._paint_toggle(p, border)
        if d.container:
            footer = "   ".join(x for x in (d.shape, d.params) if x)
            if d.error:
                band = QRectF(
                    r.left() + 10, r.bottom() - self.error_height - 22, r.width() - 20, self.error_height
                )
                p.setPen(ERROR_BORDER)
                p.drawText(band, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap, "⚠ " + d.error)
            elif footer:
                p.drawText(
                    QRectF(r.left() + 10, r.bottom() - 21, r.width() - 20, 16),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    footer,
                )
            return

        inner = QRectF(r.left() + 10, y + 24, r.width() - 20, r.bottom() - y - 28)
        p.setFont(self.fonts["body"])
        p.setPen(TEXT)
        fm = QFontMetricsF(self.fonts["body"])
        line_h = fm.height() + 1
        for line in subtitle_lines(fm, d.subtitle, inner.width()):
            p.drawText(
                QRectF(inner.left(), inner.top(), inner.width(), line_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                line,
            )
            inner.setTop(inner.top() + line_h)
        if d.error:
            p.setFont(self.fonts["small"])
            p.setPen(ERROR_BORDER)
            p.drawText(
                inner,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                "⚠ " + d.error,
            )
            return
        p.setFont(self.fonts["small"])
        p.setPen(MUTED)
        fm_s = QFontMetricsF(self.fonts["small"])
        lh = fm_s.height() + 2
        if d.shape:
            p.drawText(
                QRectF(inner.left(), inner.top(), inner.width(), lh),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                fm_s.elidedText(d.shape, Qt.TextElideMode.ElideRight, inner.width()),
            )
            inner.setTop(inner.top() + lh)
        if d.params:
            lines = [d.params]
            if fm_s.horizontalAdvance(d.params) > inner.width() and " " in d.params and inner.height() >= 2 * lh:
                lines = d.params.rsplit(" ", 1)  # "매개변수 | 669,706개": two lines rather than an elided count
            for line in lines:
                font, text = fit_title(QFont(self.fonts["small"]), line, inner.width())  # shrink a little first
                p.setFont(font)
                p.drawText(
                    QRectF(inner.left(), inner.top(), inner.width(), lh),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    text,
                )
                inner.setTop(inner.top() + lh)

    def _paint_toggle(self, p: QPainter, color: QColor) -> None:
        t = self.toggle_rect()
        p.setPen(QPen(color, 1.2))
        p.setBrush(QColor(255, 255, 255, 200))
        p.drawRoundedRect(t, 4, 4)
        c = t.center()
        if self.data_.collapsed:  # ▸ : unfold
            tri = QPolygonF([c + QPointF(-3, -6), c + QPointF(5, 0), c + QPointF(-3, 6)])
        else:  # ▾ : fold
            tri = QPolygonF([c + QPointF(-6, -3), c + QPointF(6, -3), c + QPointF(0, 5)])
        p.setBrush(color)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawPolygon(tri)


def fit_title(font: QFont, title: str, width: float) -> tuple[QFont, str]:
    """The font and text to draw a block's name in ``width``.

    A translated name that carries the English one in brackets ("2D 합성곱층 (Conv2D)") drops
    the bracket first (the tooltip keeps the whole name); then the font shrinks a little, down
    to 80 % of its size, and only then is the name elided.
    """
    fm = QFontMetricsF(font)
    if fm.horizontalAdvance(title) <= width:
        return font, title
    short = re.sub(r"\s*\([^()]*\)\s*$", "", title) or title
    smallest = max(8.5, font.pointSizeF() * 0.8)
    while fm.horizontalAdvance(short) > width and font.pointSizeF() - 0.5 >= smallest:
        font.setPointSizeF(font.pointSizeF() - 0.5)
        fm = QFontMetricsF(font)
    return font, fm.elidedText(short, Qt.TextElideMode.ElideRight, width)


def subtitle_lines(fm: QFontMetricsF, text: str, width: float) -> list[str]:
    """``text`` on one line, or split after a " · " over two (the second elided if need be)."""
    if not text:
        return []
    if fm.horizontalAdvance(text) <= width:
        return [text]
    for sep, keep in ((" · ", " ·"), (" ", "")):
        parts = text.split(sep)
        for cut in range(len(parts) - 1, 0, -1):
            first = sep.join(parts[:cut]) + keep
            if fm.horizontalAdvance(first) <= width:
                rest = sep.join(parts[cut:])
                return [first, fm.elidedText(rest, Qt.TextElideMode.ElideRight, width)]
    return [fm.elidedText(text, Qt.TextElideMode.ElideRight, width)]


def _arrow_path(a: QPointF, b: QPointF) -> QPainterPath:
    path = QPainterPath(a)
    path.lineTo(b)
    head = 7.0
    path.moveTo(b + QPointF(-head, -head * 0.6))
    path.lineTo(b)
    path.lineTo(b + QPointF(-head, head * 0.6))
    return path


# ---------------------------------------------------------------- the view


@dataclass
class _Slot:
    """A place where a block can be dropped: the parent (None: top level) and the sibling blocks."""

    parent_id: str | None
    blocks: list[BlockItem]
    container: BlockItem | None = None


class _EditorScene(QGraphicsScene):
    """The editor's scene; tooltips over the neuron diagram are made when asked for.

    Only ``helpEvent`` is Python, so only a tooltip request calls into Python: items'
    own tooltips would have to be rewritten with every snapshot (the weights change),
    and a viewport event filter would call Python for every paint, each call waiting
    for the training thread to hand over the GIL.
    """

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        editor = self.parent()
        text = editor.diagram_tooltip(event.scenePos()) if isinstance(editor, NetworkEditor) else ""
        if text:
            QToolTip.showText(event.screenPos(), text)
            event.accept()
            return
        super().helpEvent(event)


class NetworkEditor(QGraphicsView):
    """Draws the document's network and turns drops, drags and keys into document intents."""

    layer_selected = Signal(str)  # the selected layer id, "" when none
    neuron_clicked = Signal(str, int)  # column key ("input" or a layer id), neuron index
    link_clicked = Signal(str, int, int)  # layer id, source neuron (previous column), target neuron
    diagram_rebuilt = Signal()  # the scene was rebuilt: neuron_diagram is a new object (or None)

    def __init__(self, document: DesignDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("networkEditor")
        self.document = document
        self._scene = _EditorScene(self)  # parented: a parentless scene gets collected
        self._scene.setObjectName("networkScene")
        self.setScene(self._scene)
        self.setAcceptDrops(True)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setBackgroundBrush(QColor("#FAFBFC"))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(140)
        self.setAccessibleName(self.tr("Network editor"))
        self.setToolTip("")
        self._show_neurons = True
        self._selected: str | None = None
        self._blocks: dict[str, BlockItem] = {}
        self._slots: list[_Slot] = []
        self._marker: QGraphicsPathItem | None = None
        self._diagram: NeuronDiagram | None = None
        self._press_pos: QPointF | None = None
        self._press_block: BlockItem | None = None
        self._drag_block: BlockItem | None = None
        self._drop_target: tuple[str | None, int] | None = None
        self._row_bounds: list[tuple[float, float, float]] = []  # (top, bottom, mid y) per row
        self._layout_size = QSize()
        self._relayout_pending = False
        base = QFont(self.font())
        size = base.pointSizeF() if base.pointSizeF() > 0 else 9.0
        self._fonts = {
            "title": QFont(base.family(), -1, QFont.Weight.Bold),
            "body": QFont(base.family()),
            "small": QFont(base.family()),
        }
        self._fonts["title"].setPointSizeF(max(11.0, size + 2))
        self._fonts["body"].setPointSizeF(max(10.0, size + 1))
        self._fonts["small"].setPointSizeF(max(9.0, size))
        document.spec_changed.connect(self._on_document_spec_changed)
        self.rebuild()

    # -- public ---------------------------------------------------------------------
    @property
    def selected_id(self) -> str | None:
        return self._selected

    @property
    def neuron_diagram(self) -> NeuronDiagram | None:
        """The neuron view of a small dense network, or None when the design is not one."""
        return self._diagram

    def block(self, layer_id: str) -> BlockItem | None:
        return self._blocks.get(layer_id)

    def blocks(self) -> dict[str, BlockItem]:
        return dict(self._blocks)

    def set_neurons_visible(self, visible: bool) -> None:
        self._show_neurons = bool(visible)
        self.rebuild()

    def select_layer(self, layer_id: str | None) -> None:
        """Select a layer (None or "": nothing) and announce it."""
        layer_id = layer_id or None
        if layer_id is not None and layer_id not in self._blocks:
            layer_id = None
        changed = layer_id != self._selected
        self._selected = layer_id
        for key, item in self._blocks.items():
            sel = key == layer_id
            if item.selected != sel:
                item.selected = sel
                item.update()
        if changed:
            self.layer_selected.emit(layer_id or "")
        if layer_id is not None:
            self.ensureVisible(self._blocks[layer_id].rect, 20, 20)

    def delete_selected(self) -> bool:
        if self._selected is None:
            return False
        self.document.remove_layer(self._selected)
        return True

    def scene_pos_of_gap(self, parent_id: str | None, index: int) -> QPointF:
        """The scene point where a drop inserts at ``index`` of ``parent_id`` (tests use it)."""
        for slot in self._slots:
            if slot.parent_id == parent_id:
                return self._gap_point(slot, index)
        raise KeyError(parent_id)

    # -- building -------------------------------------------------------------------
    def _on_document_spec_changed(self, spec: DesignSpec) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        """Redraw everything from the document's spec and the engine's analysis."""
        spec = self.document.spec
        check = self.document.check
        infos: dict[str, Any] = {}
        if check.analysis is not None:
            infos = {info.id: info for info in check.analysis.layers}
        weights = self._diagram.last_weights() if self._diagram is not None else {}
        maps = self._diagram.last_maps() if self._diagram is not None else {}
        self._scene.clear()
        self._blocks = {}
        self._slots = []
        self._diagram = None
        self._marker = None

        columns = diagram_columns(spec, check.analysis is not None) if self._show_neurons else None
        band = _max_open_depth(spec.layers) * HEADER
        self._layout_size = self.viewport().size()
        entries: list[Any] = ["input", *spec.layers, "output"]
        widths = [END_W if isinstance(e, str) else _item_width(e) for e in entries]
        heights = [BLOCK_H if isinstance(e, str) else _item_height(e, check.layer_id) for e in entries]
        # the neuron columns sit under the blocks, so a network drawn with neurons stays on one row
        rows = [list(range(len(entries)))] if columns is not None else self._best_rows(widths, heights, band)

        self._row_bounds = []
        placed: list[BlockItem] = []
        top_blocks: list[BlockItem] = []
        y = 0.0
        input_block = out = None
        for r, row in enumerate(rows):
            row_y = y + band
            mid = row_y + BLOCK_H / 2
            x = 0.0
            row_items = []
            for k in row:
                entry = entries[k]
                if entry == "input":
                    block = input_block = self._make_block(
                        self._input_data(spec, check), x, row_y, width=END_W
                    )
                elif entry == "output":
                    block = out = self._make_block(self._output_data(spec, check), x, row_y, width=END_W)
                else:
                    data = self._layer_data(entry, infos, check)
                    if data.container:
                        block = self._make_container(entry, data, x, y, row_y, infos, check)
                    else:
                        block = self._make_block(data, x, row_y)
                    top_blocks.append(block)
                block.mid_y = mid
                block.row = r
                row_items.append(block)
                x = block.rect.right() + GAP
            placed.extend(row_items)
            bottom = max(b.rect.bottom() for b in row_items)
            self._row_bounds.append((y, bottom, mid))
            y = bottom + ROW_GAP
        for a, b in itertools.pairwise(placed):
            if a.row == b.row:
                self._arrow(QPointF(a.rect.right(), a.mid_y), QPointF(b.rect.left(), b.mid_y))
            else:
                self._wrap_arrow(a, b)
        self._slots.append(_Slot(None, top_blocks))
        assert input_block is not None and out is not None

        bottom = max(item.rect.bottom() for item in [input_block, out, *self._blocks.values()])
        if not spec.layers:
            hint = QGraphicsSimpleTextItem(self.tr("Drag layers here from the palette"))
            hint.setFont(self._fonts["body"])
            hint.setBrush(MUTED)
            hint.setPos(input_block.rect.right() + 8, input_block.rect.bottom() + 10)
            self._scene.addItem(hint)
            bottom = max(bottom, hint.sceneBoundingRect().bottom())
        if check.message and check.analysis is not None and check.layer_id not in self._blocks:
            bottom = self._add_banner(describe(check.message), bottom + 12, max(b.rect.right() for b in placed))

        if columns is not None:
            xs = [input_block.rect.center().x()] + [
                self._blocks[c.key].rect.center().x() for c in columns[1:]
            ]
            self._diagram = NeuronDiagram(columns, xs, bottom + 24)
            self._scene.addItem(self._diagram)
            if weights:
                self._diagram.set_weights(weights)
            if maps:
                self._diagram.set_maps(maps)

        self._marker = QGraphicsPathItem()
        self._marker.setPen(QPen(ACCENT, 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        self._marker.setZValue(10)
        self._marker.hide()
        self._scene.addItem(self._marker)

        if self._selected is not None and self._selected not in self._blocks:
            self._selected = None
            self.layer_selected.emit("")
        elif self._selected is not None:
            self._blocks[self._selected].selected = True
        self._fit()
        self.diagram_rebuilt.emit()

    def _layout_row(
        self,
        layers: tuple[LayerSpec, ...],
        x: float,
        top: float,
        row_y: float,
        infos: dict[str, Any],
        check: Any,
        out: list[BlockItem],
    ) -> tuple[float, list[BlockItem]]:
        """Place ``layers`` left to right from ``x``; returns the next free x and their blocks."""
        for i, layer in enumerate(layers):
            if i:
                x += GAP
            data = self._layer_data(layer, infos, check)
            if data.container:
                block = self._make_container(layer, data, x, top, row_y, infos, check)
            else:
                block = self._make_block(data, x, row_y)
            block.mid_y = row_y + BLOCK_H / 2
            out.append(block)
            x = block.rect.right()
        return x, out

    def _make_container(
        self,
        layer: LayerSpec,
        data: BlockData,
        x: float,
        top: float,
        row_y: float,
        infos: dict[str, Any],
        check: Any,
    ) -> BlockItem:
        children: list[BlockItem] = []
        inner_x = x + PAD + GAP / 2
        if layer.children:
            end, children = self._layout_row(layer.children, inner_x, top + HEADER, row_y, infos, check, [])
        else:
            end = inner_x + BLOCK_W
        right = end + GAP / 2 + PAD
        error_h = 0.0
        if data.error:
            error_h = _wrapped_height(self._fonts["small"], right - x - 20, "⚠ " + data.error) + 4
        bottom = max([row_y + BLOCK_H, *(c.rect.bottom() for c in children)]) + 26 + error_h
        block = BlockItem(data, QRectF(x, top, right - x, bottom - top), self._fonts)
        block.error_height = error_h
        self._scene.addItem(block)
        self._blocks[layer.id] = block
        self._slots.append(_Slot(layer.id, children, block))
        mid = row_y + BLOCK_H / 2
        if children:
            self._arrow(QPointF(x, mid), QPointF(children[0].rect.left(), mid))
            for a, b in itertools.pairwise(children):
                self._arrow(QPointF(a.rect.right(), mid), QPointF(b.rect.left(), mid))
            self._arrow(QPointF(children[-1].rect.right(), mid), QPointF(right - 14, mid), head=False)
        else:
            hint = QGraphicsSimpleTextItem(self.tr("Drop layers here"))
            hint.setFont(self._fonts["small"])
            hint.setBrush(MUTED)
            w = hint.boundingRect().width()
            hint.setPos(inner_x + (BLOCK_W - w) / 2, mid - hint.boundingRect().height() / 2)
            hint.setZValue(2)
            self._scene.addItem(hint)
            self._arrow(QPointF(x, mid), QPointF(right - 14, mid), head=False)
        # the skip connection: over the children and into the ⊕ at the right edge
        plus = QPointF(right - 7, mid)
        skip = QPainterPath(QPointF(x + 6, mid))
        ytop = top + HEADER * 0.72
        skip.cubicTo(QPointF(x + 6, ytop), QPointF(x + 20, ytop), QPointF(x + 40, ytop))
        skip.lineTo(QPointF(right - 40, ytop))
        skip.cubicTo(QPointF(plus.x(), ytop), QPointF(plus.x(), ytop), QPointF(plus.x(), mid - 7))
        item = QGraphicsPathItem(skip)
        pen = QPen(QColor(CATEGORY_COLORS["structure"][1]), 2.0)
        item.setPen(pen)
        item.setZValue(0.5)
        self._scene.addItem(item)
        circle = QPainterPath()
        circle.addEllipse(plus, 7, 7)
        circle.moveTo(plus + QPointF(-4, 0))
        circle.lineTo(plus + QPointF(4, 0))
        circle.moveTo(plus + QPointF(0, -4))
        circle.lineTo(plus + QPointF(0, 4))
        plus_item = QGraphicsPathItem(circle)
        plus_item.setPen(pen)
        plus_item.setBrush(QColor("white"))
        plus_item.setZValue(3)
        self._scene.addItem(plus_item)
        return block

    def _make_block(self, data: BlockData, x: float, y: float, width: float = BLOCK_W) -> BlockItem:
        height = BLOCK_H
        if data.error:
            text_h = _wrapped_height(self._fonts["small"], width - 20, "⚠ " + data.error)
            fm = QFontMetricsF(self._fonts["body"])
            lines = len(subtitle_lines(fm, data.subtitle, width - 20))
            height = max(BLOCK_H, 30 + lines * (fm.height() + 1) + text_h + 24)
        block = BlockItem(data, QRectF(x, y, width, height), self._fonts)
        self._scene.addItem(block)
        if block.layer_id is not None:
            self._blocks[data.key] = block
        return block

    def _wrap_arrow(self, a: BlockItem, b: BlockItem) -> None:
        """A connector from the end of one row back to the start of the next."""
        r = self._row_bounds[a.row]
        y_turn = r[1] + ROW_GAP / 2
        x1 = a.rect.right() + GAP / 2
        x2 = b.rect.left() - GAP / 2
        path = QPainterPath(QPointF(a.rect.right() + 3, a.mid_y))
        path.lineTo(x1, a.mid_y)
        path.lineTo(x1, y_turn)
        path.lineTo(x2, y_turn)
        path.lineTo(x2, b.mid_y)
        end = QPointF(b.rect.left() - 3, b.mid_y)
        path.lineTo(end)
        head = 7.0
        path.moveTo(end + QPointF(-head, -head * 0.6))
        path.lineTo(end)
        path.lineTo(end + QPointF(-head, head * 0.6))
        item = QGraphicsPathItem(path)
        item.setPen(
            QPen(ARROW, 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        )
        item.setZValue(0.5)
        self._scene.addItem(item)

    def _best_rows(self, widths: list[float], heights: list[float], band: float) -> list[list[int]]:
        """The wrapping into rows that lets the view show the whole flow largest."""
        vw = max(self.viewport().width(), 300)
        vh = max(self.viewport().height(), 150)
        n = len(widths)
        limits = {float("inf")}
        for i in range(n):
            run = -GAP
            for j in range(i, n):
                run += widths[j] + GAP
                if run >= max(widths):
                    limits.add(run)
        best: tuple[float, int, list[list[int]]] | None = None
        for limit in sorted(limits, reverse=True):
            rows = _partition(widths, GAP, limit)
            w = max(sum(widths[i] for i in row) + GAP * (len(row) - 1) for row in rows) + 48
            h = sum(band + max(heights[i] for i in row) for row in rows) + ROW_GAP * (len(rows) - 1) + 32
            scale = min(1.25, vw / w, vh / h)
            if (
                best is None
                or scale > best[0] + 0.02
                or (abs(scale - best[0]) <= 0.02 and len(rows) < best[1])
            ):
                best = (scale, len(rows), rows)
        assert best is not None
        return best[2]

    def _arrow(self, a: QPointF, b: QPointF, head: bool = True) -> None:
        if b.x() - a.x() < 4:
            return
        if head:
            path = _arrow_path(a + QPointF(3, 0), b - QPointF(3, 0))
        else:
            path = QPainterPath(a)
            path.lineTo(b)
        item = QGraphicsPathItem(path)
        item.setPen(
            QPen(ARROW, 2.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        )
        item.setZValue(0.5)
        self._scene.addItem(item)

    def _add_banner(self, message: str, y: float, right: float) -> float:
        text = QGraphicsTextItem()
        text.setDefaultTextColor(ERROR_BORDER)
        text.setFont(self._fonts["body"])
        text.setPlainText("⚠ " + message)
        text.setTextWidth(max(320.0, right))
        text.setPos(0, y)
        text.setObjectName("networkErrorBanner")
        self._scene.addItem(text)
        return text.sceneBoundingRect().bottom()

    def _input_data(self, spec: DesignSpec, check: Any) -> BlockData:
        shape = shape_text(check.analysis.input_shape) if check.analysis is not None else "?"
        features = ""
        if spec.data.dataset in catalog.PLANE_2D:
            features = ", ".join(FEATURE_TITLES.get(f, f) for f in spec.data.features)
        sub = dataset_title(spec.data.dataset)
        data = BlockData("input", "input", self.tr("Input"), sub, "→ " + shape, features)
        if check.analysis is None and check.message:
            data.error = describe(check.message)
        return data

    def _output_data(self, spec: DesignSpec, check: Any) -> BlockData:
        task = ""
        if check.analysis is not None:
            from playground.document import data_shape_and_task

            info = data_shape_and_task(spec.data)
            if not isinstance(info, str):
                _, kind, k = info
                task = (
                    self.tr("%1 classes").replace("%1", str(k))
                    if kind == "classification"
                    else self.tr("a number (regression)")
                )
        total = check.analysis.n_params if check.analysis is not None else 0
        return BlockData(
            "output",
            "output",
            self.tr("Loss"),
            loss_short_title(spec.train.loss),
            task,
            self.tr("%1 params").replace("%1", count_text(total)) if total else "",
        )

    def _layer_data(self, layer: LayerSpec, infos: dict[str, Any], check: Any) -> BlockData:
        info = infos.get(layer.id)
        error = (describe(info.error) or None) if info is not None else None
        if error is None and check.layer_id == layer.id:
            error = describe(check.message) or None
        params = 0
        if info is not None:
            params = info.n_params
        ltype = catalog.LAYER_TYPES[layer.type]
        is_res = ltype.has_children
        collapsed = bool(layer.get("collapsed")) if is_res else False
        if is_res:
            params = sum(infos[c.id].n_params for c in _walk(layer.children) if c.id in infos) + params
        shape = "→ " + shape_text(info.out_shape) if info is not None and info.out_shape is not None else ""
        return BlockData(
            key=layer.id,
            type_name=layer.type,
            title=layer_title(layer.type),
            subtitle=layer_summary(layer),
            shape=shape,
            params=self.tr("%1 params").replace("%1", count_text(params)) if info is not None else "",
            error=error,
            container=is_res and not collapsed,
            collapsible=is_res,
            collapsed=collapsed,
            children_ids=[c.id for c in layer.children],
        )

    def _fit(self) -> None:
        rect = self._scene.itemsBoundingRect().adjusted(-24, -16, 24, 16)
        self._scene.setSceneRect(rect)
        # the size without scroll bars: measured with them, showing or hiding them would change the
        # scale, which shows or hides them again, forever (an endless layout loop at some sizes)
        vw = max(1, self.width() - 2 * self.frameWidth() - 2)  # 2 px spare: rounding never adds a bar
        vh = max(1, self.height() - 2 * self.frameWidth() - 2)
        scale = min(1.25, vw / rect.width(), vh / rect.height())
        scale = max(scale, 0.7)  # smaller text is unreadable on a projector: scroll instead
        self.resetTransform()
        self.scale(scale, scale)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.viewport().size() != self._layout_size and not self._relayout_pending:
            self._relayout_pending = True
            QTimer.singleShot(0, self._relayout)
        self._fit()

    def _relayout(self) -> None:
        self._relayout_pending = False
        if self._drag_block is None:
            self.rebuild()

    def sizeHint(self) -> QSize:
        return QSize(760, 320)

    # -- hit testing ----------------------------------------------------------------
    def _block_at(self, scene_pos: QPointF) -> BlockItem | None:
        """The innermost layer block under ``scene_pos`` (input/loss blocks excluded)."""
        hits = [item for item in self._blocks.values() if item.rect.contains(scene_pos)]
        return min(hits, key=lambda b: b.rect.width() * b.rect.height(), default=None)

    def _slot_at(self, scene_pos: QPointF, moving: str | None = None) -> _Slot:
        """The sibling list a drop at ``scene_pos`` goes into (the innermost open residual block)."""
        best = self._slots[-1]  # the top level is appended last
        for slot in self._slots:
            c = slot.container
            if c is None or not c.rect.contains(scene_pos):
                continue
            if moving is not None and self._is_inside_moving(slot.parent_id, moving):
                continue
            if best.container is None or _inside(c.rect, best.container.rect):
                best = slot
        return best

    def _is_inside_moving(self, parent_id: str | None, moving: str) -> bool:
        layer = self.document.layer(moving)
        if layer is None or parent_id is None:
            return False
        return any(x.id == parent_id for x in _walk((layer,)))

    def _row_at(self, y: float) -> int:
        """The flow row whose band holds ``y`` (else the nearest)."""
        for r, (top, bottom, _) in enumerate(self._row_bounds):
            if top - ROW_GAP / 2 <= y <= bottom + ROW_GAP / 2:
                return r
        return min(range(len(self._row_bounds)), key=lambda r: abs(self._row_bounds[r][2] - y), default=0)

    def _gap_index(self, slot: _Slot, scene_pos: QPointF) -> int:
        if slot.container is not None:
            return sum(1 for b in slot.blocks if b.rect.center().x() < scene_pos.x())
        row = self._row_at(scene_pos.y())
        return sum(
            1 for b in slot.blocks if b.row < row or (b.row == row and b.rect.center().x() < scene_pos.x())
        )

    def _gap_point(self, slot: _Slot, index: int) -> QPointF:
        blocks = slot.blocks
        if not blocks:
            if slot.container is not None:
                return QPointF(slot.container.rect.center().x(), slot.container.mid_y)
            first = self._row_bounds[0][2] if self._row_bounds else BLOCK_H / 2
            return QPointF(END_W + GAP / 2, first)
        if index <= 0:
            return QPointF(blocks[0].rect.left() - GAP / 2, blocks[0].mid_y)
        if index >= len(blocks):
            return QPointF(blocks[-1].rect.right() + GAP / 2, blocks[-1].mid_y)
        a, b = blocks[index - 1], blocks[index]
        if a.row != b.row:
            return QPointF(a.rect.right() + GAP / 2, a.mid_y)
        return QPointF((a.rect.right() + b.rect.left()) / 2, a.mid_y)

    def _drop_target_at(self, scene_pos: QPointF, moving: str | None = None) -> tuple[str | None, int]:
        slot = self._slot_at(scene_pos, moving)
        return slot.parent_id, self._gap_index(slot, scene_pos)

    def _show_marker(self, parent_id: str | None, index: int) -> None:
        if self._marker is None:
            return
        slot = next(s for s in self._slots if s.parent_id == parent_id)
        p = self._gap_point(slot, index)
        path = QPainterPath(p + QPointF(0, -BLOCK_H / 2 + 4))
        path.lineTo(p + QPointF(0, BLOCK_H / 2 - 4))
        path.addEllipse(p + QPointF(0, -BLOCK_H / 2 + 4), 3, 3)
        path.addEllipse(p + QPointF(0, BLOCK_H / 2 - 4), 3, 3)
        self._marker.setPath(path)
        self._marker.show()

    def _hide_marker(self) -> None:
        if self._marker is not None:
            self._marker.hide()

    # -- drops from the palette -----------------------------------------------------
    @staticmethod
    def _layer_name(event: Any) -> str | None:
        mime = event.mimeData()
        if mime is None or not mime.hasFormat(LAYER_MIME):
            return None
        name = bytes(mime.data(LAYER_MIME).data()).decode("utf-8", "replace").strip()
        return name if name in catalog.LAYER_TYPES else None

    def dragEnterEvent(self, event: Any) -> None:
        if self._layer_name(event) is None:
            event.ignore()
            return
        event.acceptProposedAction()

    def dragMoveEvent(self, event: Any) -> None:
        # not the base class: it forwards to scene items and would reject the drag
        if self._layer_name(event) is None:
            event.ignore()
            return
        pos = self.mapToScene(event.position().toPoint())
        self._show_marker(*self._drop_target_at(pos))
        event.acceptProposedAction()

    def dragLeaveEvent(self, event: Any) -> None:
        self._hide_marker()
        event.accept()

    def dropEvent(self, event: Any) -> None:
        self._hide_marker()
        name = self._layer_name(event)
        if name is None:
            event.ignore()
            return
        parent_id, index = self._drop_target_at(self.mapToScene(event.position().toPoint()))
        event.acceptProposedAction()
        new_id = self.document.insert_layer(index, name, parent_id)
        self.select_layer(new_id)
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    # -- mouse: select, fold, reorder ---------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        pos = self.mapToScene(event.position().toPoint())
        if self._diagram is not None:
            # a few screen pixels of slack, whatever the zoom: thin links must stay clickable
            hit = self._diagram.item_at(pos, slack=4.0 / max(self.transform().m11(), 0.1))
            if isinstance(hit, NeuronItem):
                if hit.key != "input":
                    self.select_layer(hit.key)
                self.neuron_clicked.emit(hit.key, hit.index)
                event.accept()
                return
            if isinstance(hit, LinkItem):
                self.select_layer(hit.key)
                self.link_clicked.emit(hit.key, hit.src, hit.dst)
                event.accept()
                return
        block = self._block_at(pos)
        if block is not None and block.data_.collapsible and block.toggle_rect().contains(pos):
            self.toggle_collapsed(block.data_.key)
            event.accept()
            return
        self.select_layer(block.layer_id if block is not None else None)
        self._press_pos = pos
        self._press_block = block
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press_block is None or self._press_pos is None:
            super().mouseMoveEvent(event)
            return
        pos = self.mapToScene(event.position().toPoint())
        if self._drag_block is None:
            moved = (pos - self._press_pos).manhattanLength() * self.transform().m11()
            if moved < QApplication.startDragDistance():
                return
            self._drag_block = self._press_block
            self._drag_block.dragging = True
            self._drag_block.update()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        target = self._drop_target_at(pos, moving=self._drag_block.data_.key)
        self._drop_target = target
        self._show_marker(*target)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag = self._drag_block
        target = self._drop_target
        self._press_block = None
        self._press_pos = None
        self._drag_block = None
        self._drop_target = None
        if drag is None:
            super().mouseReleaseEvent(event)
            return
        self.viewport().unsetCursor()
        self._hide_marker()
        drag.dragging = False
        drag.update()
        event.accept()
        if target is not None:
            self._move_to_gap(drag.data_.key, *target)

    def diagram_tooltip(self, scene_pos: QPointF) -> str:
        """The tooltip of the neuron diagram's neuron or link at ``scene_pos`` ("" for none)."""
        if self._diagram is None:
            return ""
        return self._diagram.tooltip_at(scene_pos, slack=4.0 / max(self.transform().m11(), 0.1))

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = self.mapToScene(event.position().toPoint())
        block = self._block_at(pos)
        if block is not None and block.data_.collapsible:
            self.toggle_collapsed(block.data_.key)
        event.accept()

    def _move_to_gap(self, layer_id: str, parent_id: str | None, gap: int) -> None:
        """Move ``layer_id`` to the gap ``gap`` (counted with the layer still in place)."""
        where = locate_layer(self.document.spec.layers, layer_id)
        if where is None:
            return
        old_parent, old_index = where
        index = gap
        if parent_id == old_parent:
            if gap in (old_index, old_index + 1):
                return  # dropped where it already is
            if gap > old_index:
                index = gap - 1
        self.document.move_layer(layer_id, index, parent_id)
        self.select_layer(layer_id)

    def toggle_collapsed(self, layer_id: str) -> None:
        layer = self.document.layer(layer_id)
        if layer is not None and catalog.LAYER_TYPES[layer.type].has_children:
            self.document.set_layer_option(layer_id, "collapsed", not bool(layer.get("collapsed")))

    # -- keys -----------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self._selected is not None:
            self.delete_selected()
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            if self._drag_block is not None:
                self._drag_block.dragging = False
                self._drag_block.update()
                self._drag_block = None
                self._press_block = None
                self._hide_marker()
                self.viewport().unsetCursor()
            else:
                self.select_layer(None)
            event.accept()
            return
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            order = [layer.id for layer in _walk(self.document.spec.layers)]
            if order:
                if self._selected in order:
                    i = order.index(self._selected) + (1 if key == Qt.Key.Key_Right else -1)
                else:
                    i = 0
                self.select_layer(order[max(0, min(i, len(order) - 1))])
            event.accept()
            return
        super().keyPressEvent(event)


def _walk(layers: tuple[LayerSpec, ...]) -> list[LayerSpec]:
    out: list[LayerSpec] = []
    for layer in layers:
        out.append(layer)
        out.extend(_walk(layer.children))
    return out


def _max_open_depth(layers: tuple[LayerSpec, ...]) -> int:
    """How many unfolded residual blocks nest at most (each adds a header band above the row)."""
    best = 0
    for layer in layers:
        if catalog.LAYER_TYPES[layer.type].has_children and not layer.get("collapsed"):
            best = max(best, 1 + _max_open_depth(layer.children))
    return best


def _item_width(layer: LayerSpec) -> float:
    """Width of a top-level item: a block, or an unfolded residual block with its children."""
    if not catalog.LAYER_TYPES[layer.type].has_children or layer.get("collapsed"):
        return BLOCK_W
    inner = sum(_item_width(c) for c in layer.children) + GAP * max(0, len(layer.children) - 1)
    return 2 * PAD + GAP + (inner if layer.children else BLOCK_W)


def _item_height(layer: LayerSpec, error_id: str | None) -> float:
    """Rough height of a top-level item below the row's header band (to choose the wrapping)."""
    extra = 60.0 if layer.id == error_id else 0.0
    if not catalog.LAYER_TYPES[layer.type].has_children or layer.get("collapsed"):
        return BLOCK_H + extra
    inner = max((_item_height(c, error_id) for c in layer.children), default=BLOCK_H)
    return inner + 26 + extra


def _partition(widths: list[float], gap: float, limit: float) -> list[list[int]]:
    """Split items of ``widths`` into rows no wider than ``limit`` (each row holds at least one)."""
    rows: list[list[int]] = [[]]
    x = 0.0
    for i, w in enumerate(widths):
        if rows[-1] and x + gap + w > limit:
            rows.append([])
            x = 0.0
        x = w if not rows[-1] else x + gap + w
        rows[-1].append(i)
    return rows


def _wrapped_height(font: QFont, width: float, text: str) -> float:
    fm = QFontMetricsF(font)
    return fm.boundingRect(QRectF(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap), text).height()


def _inside(inner: QRectF, outer: QRectF) -> bool:
    return outer.contains(inner) and inner != outer
