"""The layer palette: every layer type of the catalog, grouped, with an icon and a tooltip.

A drag carries only the registry name (``"conv2d"``) in the MIME type
:data:`LAYER_MIME`; the network editor turns a drop into ``document.insert_layer``.
Double-click (or Enter) emits ``layer_activated`` so a layer can be added without a
mouse drag, which is handy on a projector.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QMimeData, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDrag, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem, QWidget

from engine import catalog

LAYER_MIME = "application/x-playground-layer"
ROLE_TYPE = Qt.ItemDataRole.UserRole + 1

# (fill, border) per catalog category: light fills keep black text readable on projectors
CATEGORY_COLORS: dict[str, tuple[str, str]] = {
    "core": ("#E3EFFA", "#2C6FB0"),
    "convolution": ("#E3F3E1", "#2F8A3F"),
    "pooling": ("#DFF1EF", "#00796B"),
    "normalisation": ("#F0E7F6", "#7B4FA3"),
    "structure": ("#FFF1DC", "#C27100"),
}


def category_title(category: str) -> str:
    titles = {
        "core": QCoreApplication.translate("LayerPalette", "Core"),
        "convolution": QCoreApplication.translate("LayerPalette", "Convolution"),
        "pooling": QCoreApplication.translate("LayerPalette", "Pooling"),
        "normalisation": QCoreApplication.translate("LayerPalette", "Normalisation and regularisation"),
        "structure": QCoreApplication.translate("LayerPalette", "Structure"),
    }
    return titles.get(category, category)


def layer_title(type_name: str) -> str:
    """The translated display name of a layer type (``Dense``, ``Conv2D``, ...)."""
    return QCoreApplication.translate("catalog", catalog.LAYER_TYPES[type_name].title)


def layer_help(type_name: str) -> str:
    return QCoreApplication.translate("catalog", catalog.LAYER_TYPES[type_name].help)


# ---------------------------------------------------------------- icons


def paint_layer_glyph(p: QPainter, type_name: str, rect: QRectF, color: QColor) -> None:
    """Draw the small pictogram of ``type_name`` inside ``rect``."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    s = min(rect.width(), rect.height())
    x0 = rect.center().x() - s / 2
    y0 = rect.center().y() - s / 2
    pen = QPen(color, max(1.2, s / 14))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    light = QColor(color)
    light.setAlpha(70)

    def pt(fx: float, fy: float) -> QPointF:
        return QPointF(x0 + fx * s, y0 + fy * s)

    r = s * 0.09
    if type_name == "dense":
        left = [pt(0.2, 0.22), pt(0.2, 0.5), pt(0.2, 0.78)]
        right = [pt(0.8, 0.35), pt(0.8, 0.65)]
        thin = QPen(color, max(0.8, s / 28))
        p.setPen(thin)
        for a in left:
            for b in right:
                p.drawLine(a, b)
        p.setPen(pen)
        p.setBrush(QBrush(color))
        for c in left + right:
            p.drawEllipse(c, r, r)
    elif type_name == "activation":
        path = QPainterPath(pt(0.1, 0.8))
        for i in range(1, 41):
            fx = 0.1 + 0.8 * i / 40
            fy = 0.8 - 0.6 / (1 + math.exp(-(fx - 0.5) * 14))
            path.lineTo(pt(fx, fy))
        p.drawLine(pt(0.1, 0.5), pt(0.9, 0.5))
        p.setPen(QPen(color, max(1.6, s / 10)))
        p.drawPath(path)
    elif type_name == "conv2d":
        p.setBrush(QBrush(light))
        p.drawRect(QRectF(pt(0.12, 0.12), pt(0.88, 0.88)))
        p.setBrush(QBrush(color))
        p.drawRect(QRectF(pt(0.3, 0.3), pt(0.62, 0.62)))
        p.setPen(QPen(QColor("white"), max(0.8, s / 30)))
        for f in (0.4 + 0.02 / 3, 0.52 - 0.02 / 3):
            p.drawLine(pt(f, 0.3), pt(f, 0.62))
            p.drawLine(pt(0.3, f), pt(0.62, f))
    elif type_name in ("maxpool2d", "avgpool2d"):
        cells = [(0.1, 0.2), (0.3, 0.2), (0.1, 0.4), (0.3, 0.4)]
        for i, (fx, fy) in enumerate(cells):
            filled = (i == 1) if type_name == "maxpool2d" else True
            p.setBrush(QBrush(color if filled and type_name == "maxpool2d" else light))
            p.drawRect(QRectF(pt(fx, fy + 0.1), pt(fx + 0.2, fy + 0.3)))
        p.drawLine(pt(0.56, 0.5), pt(0.7, 0.5))
        p.drawLine(pt(0.65, 0.44), pt(0.7, 0.5))
        p.drawLine(pt(0.65, 0.56), pt(0.7, 0.5))
        p.setBrush(QBrush(color))
        p.drawRect(QRectF(pt(0.75, 0.4), pt(0.93, 0.6)))
    elif type_name == "flatten":
        p.setBrush(QBrush(light))
        p.drawRect(QRectF(pt(0.08, 0.15), pt(0.38, 0.45)))
        p.drawLine(pt(0.23, 0.15), pt(0.23, 0.45))
        p.drawLine(pt(0.08, 0.3), pt(0.38, 0.3))
        p.setBrush(QBrush(color))
        for i in range(4):
            p.drawRect(QRectF(pt(0.1 + 0.2 * i, 0.62), pt(0.26 + 0.2 * i, 0.8)))
    elif type_name == "dropout":
        centres = [
            pt(0.25, 0.28),
            pt(0.5, 0.28),
            pt(0.75, 0.28),
            pt(0.25, 0.72),
            pt(0.5, 0.72),
            pt(0.75, 0.72),
        ]
        for i, c in enumerate(centres):
            if i in (1, 3):
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawEllipse(c, r * 1.2, r * 1.2)
                p.drawLine(c + QPointF(-r * 1.6, -r * 1.6), c + QPointF(r * 1.6, r * 1.6))
            else:
                p.setBrush(QBrush(color))
                p.drawEllipse(c, r * 1.2, r * 1.2)
    elif type_name == "batchnorm":
        path = QPainterPath(pt(0.08, 0.82))
        for i in range(1, 41):
            fx = 0.08 + 0.84 * i / 40
            fy = 0.82 - 0.62 * math.exp(-((fx - 0.5) ** 2) / 0.02)
            path.lineTo(pt(fx, fy))
        p.drawLine(pt(0.08, 0.82), pt(0.92, 0.82))
        p.setPen(QPen(color, max(1.6, s / 10)))
        p.drawPath(path)
    elif type_name == "residual":
        p.setBrush(QBrush(light))
        p.drawRoundedRect(QRectF(pt(0.28, 0.48), pt(0.72, 0.86)), s * 0.06, s * 0.06)
        p.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath(pt(0.1, 0.67))
        path.cubicTo(pt(0.1, 0.12), pt(0.9, 0.12), pt(0.9, 0.67))
        p.drawPath(path)
        p.drawLine(pt(0.84, 0.58), pt(0.9, 0.67))
        p.drawLine(pt(0.96, 0.58), pt(0.9, 0.67))
    else:
        p.drawRect(QRectF(pt(0.15, 0.15), pt(0.85, 0.85)))
    p.restore()


_icon_cache: dict[tuple[str, int], QIcon] = {}


def layer_icon(type_name: str, size: int = 32) -> QIcon:
    """A QIcon of the layer type's pictogram in its category colour (cached)."""
    key = (type_name, size)
    icon = _icon_cache.get(key)
    if icon is None:
        icon = QIcon()
        ltype = catalog.LAYER_TYPES.get(type_name)
        fill, border = CATEGORY_COLORS.get(ltype.category if ltype else "", ("#EEEEEE", "#555555"))
        for scale in (1, 2):
            pm = QPixmap(size * scale, size * scale)
            pm.setDevicePixelRatio(scale)
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(QPen(QColor(border), 1))
            p.setBrush(QColor(fill))
            p.drawRoundedRect(QRectF(0.5, 0.5, size - 1, size - 1), size * 0.18, size * 0.18)
            paint_layer_glyph(p, type_name, QRectF(3, 3, size - 6, size - 6), QColor(border))
            p.end()
            icon.addPixmap(pm)
        _icon_cache[key] = icon
    return icon


# ---------------------------------------------------------------- palette


class LayerPalette(QTreeWidget):
    """A grouped, drag-only list of the catalog's layer types."""

    layer_activated = Signal(str)  # registry name, on double-click or Enter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layerPalette")
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setRootIsDecorated(False)
        self.setIndentation(10)
        self.setIconSize(QSize(24, 24))
        self.setUniformRowHeights(False)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setExpandsOnDoubleClick(False)
        self.setAccessibleName(self.tr("Layer palette"))
        self.setToolTip("")
        self._build()
        self.itemActivated.connect(self._on_item_activated)

    def _build(self) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        for category in catalog.LAYER_CATEGORIES:
            types = [t for t in catalog.LAYER_TYPES.values() if t.category == category]
            if not types:
                continue
            group = QTreeWidgetItem(self, [category_title(category)])
            group.setFont(0, bold)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            group.setData(0, ROLE_TYPE, None)
            group.setForeground(0, QColor(CATEGORY_COLORS[category][1]).darker(130))
            for ltype in types:
                item = QTreeWidgetItem(group, [layer_title(ltype.name)])
                item.setIcon(0, layer_icon(ltype.name))
                item.setToolTip(0, layer_help(ltype.name))
                item.setStatusTip(0, layer_help(ltype.name))
                item.setData(0, ROLE_TYPE, ltype.name)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                )
                item.setSizeHint(0, QSize(0, 28))
            group.setExpanded(True)

    def item_for(self, type_name: str) -> QTreeWidgetItem | None:
        """The palette entry of a layer type (tests and keyboard use)."""
        for i in range(self.topLevelItemCount()):
            group = self.topLevelItem(i)
            for j in range(group.childCount()):
                if group.child(j).data(0, ROLE_TYPE) == type_name:
                    return group.child(j)
        return None

    def content_height(self) -> int:
        """Pixels needed to show every entry without scrolling."""
        groups = self.topLevelItemCount()
        items = sum(self.topLevelItem(i).childCount() for i in range(groups))
        group_h = self.visualItemRect(self.topLevelItem(0)).height() if groups else 0
        group_h = max(group_h, self.fontMetrics().height() + 4)
        return 2 * self.frameWidth() + groups * group_h + items * 28 + 4

    def type_names(self) -> list[str]:
        out = []
        for i in range(self.topLevelItemCount()):
            group = self.topLevelItem(i)
            out.extend(group.child(j).data(0, ROLE_TYPE) for j in range(group.childCount()))
        return out

    # -- drag -----------------------------------------------------------------------
    def mimeTypes(self) -> list[str]:
        return [LAYER_MIME]

    def mimeData(self, items: list[QTreeWidgetItem]) -> QMimeData | None:
        names = [it.data(0, ROLE_TYPE) for it in items if it.data(0, ROLE_TYPE)]
        if not names:
            return None
        mime = QMimeData()
        mime.setData(LAYER_MIME, names[0].encode("utf-8"))
        return mime

    def startDrag(self, supported: Qt.DropAction) -> None:
        items = self.selectedItems()
        mime = self.mimeData(items)
        if mime is None:
            return
        name = items[0].data(0, ROLE_TYPE)
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.setPixmap(layer_icon(name, 40).pixmap(40, 40))
        drag.exec(Qt.DropAction.CopyAction)

    def _on_item_activated(self, item: QTreeWidgetItem, column: int) -> None:
        name = item.data(0, ROLE_TYPE)
        if name:
            self.layer_activated.emit(name)
