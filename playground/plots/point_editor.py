"""Drawing your own data on the decision-boundary plot: add, spray, erase and clear points.

:class:`PointEditor` is a row of tool buttons placed above the boundary plot (``drawToolbar``)
that, while "Draw" is on, takes the mouse events of the plot's scene:

- a left press adds a point of the chosen class at the cursor (mapped with the view box's
  ``mapSceneToView``); dragging sprays more, one every :data:`SPRAY_SPACING_PX` pixels of
  cursor travel, scattered up to :data:`SPRAY_JITTER_PX` pixels around the cursor;
- a right press, or a left press with "Erase" on, removes the point nearest to the cursor
  within :data:`ERASE_RADIUS_PX`; dragging removes every point the eraser circle touches;
- every stroke (press to release) is one undo step: a QUndoStack macro of the document's
  ``replace_spec`` edits, so Ctrl+Z takes back the last stroke. "Clear all" is one step too.

Points go into ``data.points`` of a ``custom`` data set through the document, so the plot,
the data panel and the training thread get them by the same path as any other data edit
(a data change starts a new run with fresh weights, as every data edit does). Turning
"Draw" on over a generated 2-D set first copies its points into a custom set
(:func:`copy_into_custom`, also the data panel's "Copy these points into my own data").
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QCursor, QIcon, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QToolButton, QToolTip, QWidget

from engine import catalog
from engine.errors import PlaygroundError
from playground.document import DesignDocument
from playground.plots.boundary_plot import CLASS_COLOURS, OUTLINE, BoundaryPlot
from playground.plots.style import NEGATIVE_HEX, POSITIVE_HEX

SPRAY_SPACING_PX = 12.0  # cursor travel between two sprayed points
SPRAY_JITTER_PX = 7.0  # sprayed points land up to this far from the cursor
ERASE_RADIUS_PX = 14.0  # the eraser circle's radius
DUPLICATE_PX = 3.0  # a click this close to a point of the same class adds none (double clicks)
COORD_DECIMALS = 3  # drawn coordinates are rounded to 0.001 (a pixel is about 0.02 here)
REGRESSION_VALUES = (-1.0, 1.0)  # the targets one can draw on a regression set
STROKE_MERGE_KEY = ("drawPoints",)  # edits inside one stroke's macro merge into one command
COMMIT_INTERVAL_S = 0.04  # while dragging, the document (plot, training) gets the points at most 25 times a second

_MOUSE_EVENTS = (
    QEvent.Type.GraphicsSceneMousePress,
    QEvent.Type.GraphicsSceneMouseMove,
    QEvent.Type.GraphicsSceneMouseRelease,
    QEvent.Type.GraphicsSceneMouseDoubleClick,
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("PointEditor", text)


def copy_into_custom(document: DesignDocument) -> bool:
    """Replace a generated 2-D set by a custom set holding the same points (one undo step).

    Returns False (and changes nothing) when the data set is not a generated 2-D set or
    cannot be generated.
    """
    from engine.data import load_dataset
    from engine.data.custom import points_of

    spec = document.spec
    data = spec.data
    if data.dataset not in catalog.PLANE_2D or data.dataset in catalog.CUSTOM_2D:
        return False
    try:
        dataset = load_dataset(data)
        points = points_of(dataset, COORD_DECIMALS)
    except PlaygroundError:
        return False
    changes: dict[str, Any] = {"dataset": "custom", "points": points}
    if dataset.task == "regression":
        changes["task"] = "regression"
    else:
        changes["task"] = None
        changes["classes"] = max(2, dataset.n_classes)
    return document.replace_spec(replace(spec, data=replace(data, **changes)), _tr("Copy points into my own data"))


def draw_choices(data: Any) -> list[tuple[int | float, str, str]]:
    """(label, button text, colour) of every class (or target value) one can draw for ``data``."""
    if data.dataset in catalog.CUSTOM_2D:
        regression = data.task == "regression"
        k = int(data.classes)
    else:
        regression = data.dataset in catalog.REGRESSION_2D
        k = int(data.classes) if data.dataset in ("blobs", "spirals") else 2
    if regression:
        cmap = pg.colormap.get("cividis")
        ends = [cmap.mapToQColor(t).name() for t in (0.0, 1.0)]
        return [(v, f"{v:+g}".replace("-", "−"), c) for v, c in zip(REGRESSION_VALUES, ends, strict=True)]
    k = max(2, min(k, len(CLASS_COLOURS)))
    if k == 2:
        return [(0, "0", NEGATIVE_HEX), (1, "1", POSITIVE_HEX)]
    return [(j, str(j), CLASS_COLOURS[j]) for j in range(k)]


def _tool_icon(kind: str) -> QIcon:
    """A 16 px icon drawn here (the same on every platform): "draw" pencil, "erase" eraser, "clear" bin."""
    pm = QPixmap(32, 32)
    pm.setDevicePixelRatio(2.0)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    ink = QColor("#37414B")
    p.setPen(QPen(ink, 1.2))
    if kind == "draw":
        p.setBrush(QColor("#F2C14E"))
        p.drawPolygon(QPolygonF([QPointF(x, y) for x, y in ((3, 10.5), (10.5, 3), (13, 5.5), (5.5, 13))]))
        p.setBrush(ink)
        p.drawPolygon(QPolygonF([QPointF(x, y) for x, y in ((3, 10.5), (5.5, 13), (1.8, 14.2))]))
    elif kind == "erase":
        p.setBrush(QColor("#E8A3B6"))
        p.drawPolygon(QPolygonF([QPointF(x, y) for x, y in ((1.5, 10), (6, 5.5), (9.5, 9), (5, 13.5))]))
        p.setBrush(QColor("#FFFFFF"))
        p.drawPolygon(QPolygonF([QPointF(x, y) for x, y in ((6, 5.5), (10, 1.5), (13.5, 5), (9.5, 9))]))
        p.drawLine(QPointF(5, 14.5), QPointF(14.5, 14.5))
    else:
        p.setBrush(QColor("#FFFFFF"))
        p.drawRoundedRect(QRectF(4, 5, 8, 9.5), 1.2, 1.2)
        p.drawLine(QPointF(2.5, 4), QPointF(13.5, 4))
        p.drawLine(QPointF(6.5, 2.2), QPointF(9.5, 2.2))
        for x in (6.7, 9.3):
            p.drawLine(QPointF(x, 7), QPointF(x, 12.5))
    p.end()
    return QIcon(pm)


def _dot_icon(colour: str, size: int = 16) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(QColor(OUTLINE))
    p.setBrush(QColor(colour))
    p.drawEllipse(2, 2, size - 4, size - 4)
    p.end()
    return QIcon(pm)


@dataclass
class _Stroke:
    """One press..release of the mouse."""

    erase: bool
    label: int | float
    working: tuple[tuple[float, float, Any], ...]  # the points with this stroke's changes so far
    last: QPointF | None = None  # scene position of the last sprayed point
    open: bool = False  # the undo macro has begun (at the first real change)
    committed_at: float = -math.inf  # time.monotonic() of the last change put in the document


class PointEditor(QWidget):
    """The "Draw" tools above the boundary plot, and the mouse handling on its view box."""

    def __init__(self, plot: BoundaryPlot, document: DesignDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent or plot)
        self.setObjectName("drawToolbar")
        self.plot = plot
        self.document = document
        self.view_box = plot.plot.vb
        self._stroke: _Stroke | None = None
        self._own_change = False
        self._choices: list[tuple[int | float, str, str]] = []
        self._custom = False
        self._rng = np.random.default_rng()

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.setSpacing(2)
        self.draw_button = self._tool("drawButton", "", checkable=True)
        self.draw_button.setIcon(_tool_icon("draw"))
        self.draw_button.toggled.connect(self._on_draw_toggled)
        layout.addWidget(self.draw_button)
        self.class_row = QWidget(self)
        self.class_row.setObjectName("drawClasses")
        self.class_layout = QHBoxLayout(self.class_row)
        self.class_layout.setContentsMargins(4, 0, 4, 0)
        self.class_layout.setSpacing(1)
        self.class_group = QButtonGroup(self)
        self.class_group.setExclusive(True)
        self.class_group.idClicked.connect(self._on_class_clicked)
        self.class_buttons: list[QToolButton] = []
        layout.addWidget(self.class_row)
        self.erase_button = self._tool("eraseButton", "", checkable=True)
        self.erase_button.setIcon(_tool_icon("erase"))
        self.erase_button.toggled.connect(self._on_erase_toggled)
        layout.addWidget(self.erase_button)
        self.clear_button = self._tool("clearPointsButton", "")
        self.clear_button.setIcon(_tool_icon("clear"))
        self.clear_button.clicked.connect(self.clear_points)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)

        self.eraser = pg.ScatterPlotItem(size=2 * ERASE_RADIUS_PX, pxMode=True, symbol="o")
        self.eraser.setPen(pg.mkPen(OUTLINE, width=1.5, style=Qt.PenStyle.DashLine))
        self.eraser.setBrush(pg.mkBrush(255, 255, 255, 60))
        self.eraser.setZValue(20)
        self.eraser.setVisible(False)
        self.eraser.setAcceptHoverEvents(False)
        plot.plot.addItem(self.eraser, ignoreBounds=True)

        boundary_layout = plot.layout()
        if boundary_layout is not None and hasattr(boundary_layout, "insertWidget"):
            boundary_layout.insertWidget(0, self)
        self.scene = plot.plot_widget.scene()
        self.scene.installEventFilter(self)
        document.spec_changed.connect(self._on_spec_changed)
        self.retranslate()  # the texts, and the tools for the current data set

    # ---------------------------------------------------------------- public API

    @property
    def drawing(self) -> bool:
        """Whether mouse presses on the plot draw (or erase) points."""
        return self.draw_button.isChecked() and self.isVisible()

    @property
    def erasing(self) -> bool:
        return self.erase_button.isChecked()

    @property
    def label(self) -> int | float:
        """The class (or target value) new points get."""
        index = max(0, self.class_group.checkedId())
        return self._choices[index][0] if index < len(self._choices) else 0

    def retranslate(self) -> None:
        """Set every text in the current language (also called after a language switch)."""
        self.draw_button.setText(_tr("Draw"))
        self.erase_button.setText(_tr("Erase"))
        self.erase_button.setToolTip(
            _tr("Erase points: click removes the nearest point, dragging removes every point it touches.")
        )
        self.clear_button.setText(_tr("Clear all"))
        self.clear_button.setToolTip(_tr("Remove every drawn point (Ctrl+Z brings them back)."))
        self._choices = []  # the class buttons' tooltips
        self._sync(self.document.spec)
        self._fit_buttons()

    def set_drawing(self, on: bool) -> None:
        self.draw_button.setChecked(on)

    def select_class(self, index: int) -> None:
        """Choose the class (or value) by its position among the buttons, and draw with it."""
        if 0 <= index < len(self.class_buttons):
            self.class_buttons[index].click()

    def clear_points(self) -> None:
        """Remove every drawn point (one undo step)."""
        spec = self.document.spec
        if spec.data.dataset in catalog.CUSTOM_2D and spec.data.points:
            self._end_stroke()
            self.document.replace_spec(replace(spec, data=replace(spec.data, points=())), _tr("Clear all points"))

    # ---------------------------------------------------------------- buttons

    def _tool(self, name: str, text: str, checkable: bool = False) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setCheckable(checkable)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        return button

    def _rebuild_class_buttons(self, choices: list[tuple[int | float, str, str]]) -> None:
        if choices == self._choices:
            return
        keep = max(0, self.class_group.checkedId())
        for button in self.class_buttons:
            self.class_group.removeButton(button)
            button.deleteLater()
        self.class_buttons = []
        self._choices = choices
        regression = bool(choices) and isinstance(choices[0][0], float)
        for j, (value, text, colour) in enumerate(choices):
            button = self._tool("drawClassButton", text, checkable=True)
            button.setIcon(_dot_icon(colour))
            button.setIconSize(QSize(16, 16))
            tip = _tr("Draw points with the target %1") if regression else _tr("Draw points of class %1")
            button.setToolTip(tip.replace("%1", text))
            button.setProperty("drawLabel", value)
            self.class_group.addButton(button, j)
            self.class_layout.addWidget(button)
            self.class_buttons.append(button)
        if self.class_buttons:
            self.class_buttons[keep if keep < len(self.class_buttons) else 0].setChecked(True)
        self._fit_buttons()

    def _on_draw_toggled(self, on: bool) -> None:
        self._end_stroke()
        if on and self.document.spec.data.dataset not in catalog.CUSTOM_2D and not copy_into_custom(self.document):
            self.draw_button.setChecked(False)
            return
        if not on and self.erase_button.isChecked():
            self.erase_button.setChecked(False)
        viewport = self.plot.plot_widget.viewport()
        if on:
            viewport.setCursor(Qt.CursorShape.CrossCursor)
        else:
            viewport.unsetCursor()
            self.eraser.setVisible(False)

    def _on_class_clicked(self, index: int) -> None:
        self.erase_button.setChecked(False)
        self.draw_button.setChecked(True)

    def _on_erase_toggled(self, on: bool) -> None:
        if on:
            self.draw_button.setChecked(True)
        if not on:
            self.eraser.setVisible(False)

    # ---------------------------------------------------------------- document

    def _on_spec_changed(self, spec: Any) -> None:
        if not self._own_change:
            self._end_stroke(flush=False)  # a file opened, ...: the stroke in progress is over
        self._sync(spec)

    def _sync(self, spec: Any) -> None:
        data = spec.data
        plane = data.dataset in catalog.PLANE_2D
        custom = data.dataset in catalog.CUSTOM_2D
        self.setVisible(plane)
        if plane:
            self._rebuild_class_buttons(draw_choices(data))
        was_custom, self._custom = self._custom, custom
        if not custom and self.draw_button.isChecked():
            self.draw_button.setChecked(False)
        if custom and not was_custom:
            self.plot.show_test.setChecked(True)  # drawn points are all shown, test ones as rings
        self.clear_button.setEnabled(custom and bool(data.points))
        self.draw_button.setToolTip(
            _tr(
                "Draw your own points: click to add one of the chosen class, drag to spray, right-click to erase. "
                "Ctrl+Z takes back a stroke."
            )
            if custom
            else _tr("Draw your own points, starting from a copy of these points.")
        )

    # ---------------------------------------------------------------- mouse

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.scene or event.type() not in _MOUSE_EVENTS:
            return False
        kind = event.type()
        pos = event.scenePos()  # type: ignore[attr-defined]
        if kind == QEvent.Type.GraphicsSceneMouseMove:
            self._show_eraser(pos)
            if self._stroke is None:
                return False
            self._continue_stroke(pos)
            return True
        if kind == QEvent.Type.GraphicsSceneMouseRelease:
            if self._stroke is None:
                return False
            self._end_stroke()
            return True
        # a press, or the second press of a double click (Qt reports one only near the first press)
        if not self.drawing or not self._inside(pos):
            return False
        button = event.button()  # type: ignore[attr-defined]
        if button not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            return False
        self._end_stroke()
        erase = button == Qt.MouseButton.RightButton or self.erasing
        self._stroke = _Stroke(erase=erase, label=self.label, working=self.document.spec.data.points)
        if erase:
            if kind != QEvent.Type.GraphicsSceneMouseDoubleClick:  # a double click erases once per press
                self._erase(pos, nearest_only=True)
        else:
            self._add(pos, jitter=False)
        self._flush(force=True)  # a click shows at once
        event.accept()
        return True

    def _inside(self, scene_pos: QPointF) -> bool:
        if not self.view_box.sceneBoundingRect().contains(scene_pos):
            return False
        p = self.view_box.mapSceneToView(scene_pos)
        half = catalog.PLANE_HALF_WIDTH
        return abs(p.x()) <= half and abs(p.y()) <= half

    def _pixel(self) -> tuple[float, float]:
        """Data units per screen pixel along x and y."""
        dx, dy = self.view_box.viewPixelSize()
        return (dx if dx > 0 else 1.0, dy if dy > 0 else 1.0)

    def _continue_stroke(self, pos: QPointF) -> None:
        stroke = self._stroke
        assert stroke is not None
        if stroke.erase:
            self._erase(pos, nearest_only=False)
        elif stroke.last is None or math.hypot(pos.x() - stroke.last.x(), pos.y() - stroke.last.y()) >= (
            SPRAY_SPACING_PX
        ):
            self._add(pos, jitter=True)
        self._flush(force=False)

    def _add(self, scene_pos: QPointF, jitter: bool) -> None:
        stroke = self._stroke
        assert stroke is not None
        if not self._inside(scene_pos):
            return
        p = self.view_box.mapSceneToView(scene_pos)
        x, y = p.x(), p.y()
        if jitter:
            dx, dy = self._pixel()
            r = SPRAY_JITTER_PX * math.sqrt(float(self._rng.random()))
            angle = 2.0 * math.pi * float(self._rng.random())
            x, y = x + r * math.cos(angle) * dx, y + r * math.sin(angle) * dy
        half = catalog.PLANE_HALF_WIDTH
        x = min(max(round(x, COORD_DECIMALS), -half), half)
        y = min(max(round(y, COORD_DECIMALS), -half), half)
        stroke.last = QPointF(scene_pos)
        if not jitter and self._near_same_class(x, y, stroke):
            return
        if len(stroke.working) >= catalog.MAX_POINTS:
            QToolTip.showText(
                QCursor.pos(),
                _tr("A data set holds at most %1 drawn points.").replace("%1", f"{catalog.MAX_POINTS:,}"),
                self.plot,
            )
            return
        stroke.working = (*stroke.working, (x, y, stroke.label))

    def _near_same_class(self, x: float, y: float, stroke: _Stroke) -> bool:
        """Whether a point of the stroke's class lies within DUPLICATE_PX of (x, y)."""
        dx, dy = self._pixel()
        return any(
            label == stroke.label and math.hypot((px - x) / dx, (py - y) / dy) <= DUPLICATE_PX
            for px, py, label in stroke.working
        )

    def _erase(self, scene_pos: QPointF, nearest_only: bool) -> None:
        stroke = self._stroke
        assert stroke is not None
        points = stroke.working
        if not points:
            return
        p = self.view_box.mapSceneToView(scene_pos)
        dx, dy = self._pixel()
        xy = np.array([q[:2] for q in points], dtype=np.float64)
        dist = np.hypot((xy[:, 0] - p.x()) / dx, (xy[:, 1] - p.y()) / dy)  # in pixels
        if nearest_only:
            i = int(np.argmin(dist))
            remove = np.zeros(len(points), dtype=bool)
            remove[i] = dist[i] <= ERASE_RADIUS_PX
        else:
            remove = dist <= ERASE_RADIUS_PX
        if remove.any():
            stroke.working = tuple(q for q, r in zip(points, remove, strict=True) if not r)

    def _flush(self, force: bool) -> None:
        """Put the stroke's points in the document (inside its undo macro), at most every COMMIT_INTERVAL_S."""
        stroke = self._stroke
        doc = self.document
        spec = doc.spec
        if stroke is None or stroke.working is spec.data.points:
            return
        now = time.monotonic()
        if not force and now - stroke.committed_at < COMMIT_INTERVAL_S:
            return
        text = _tr("Erase points") if stroke.erase else _tr("Draw points")
        if not stroke.open:
            doc.undo_stack.beginMacro(text)
            stroke.open = True
        stroke.committed_at = now
        self._own_change = True
        try:
            doc.replace_spec(replace(spec, data=replace(spec.data, points=stroke.working)), text, STROKE_MERGE_KEY)
        finally:
            self._own_change = False

    def _end_stroke(self, flush: bool = True) -> None:
        """The mouse button is up (or the stroke is cut short): its changes become one undo step."""
        if flush:
            self._flush(force=True)
        stroke, self._stroke = self._stroke, None
        if stroke is not None and stroke.open:
            self.document.undo_stack.endMacro()

    def _show_eraser(self, scene_pos: QPointF) -> None:
        show = self.drawing and self.erasing and self._inside(scene_pos)
        if show:
            p = self.view_box.mapSceneToView(scene_pos)
            self.eraser.setData(pos=[(p.x(), p.y())])
        self.eraser.setVisible(show)

    def _buttons(self) -> list[QToolButton]:
        return [self.draw_button, *self.class_buttons, self.erase_button, self.clear_button]

    def _fit_buttons(self) -> None:
        """Icons beside their texts when they fit; else "Draw" keeps its text; else icons alone (texts in tooltips)."""
        fm = self.fontMetrics()
        buttons = self._buttons()
        icon_only = 30  # an icon-only button with its margins
        full = sum(fm.horizontalAdvance(b.text()) + 36 for b in buttons) + 12
        draw_only = fm.horizontalAdvance(self.draw_button.text()) + 36 + icon_only * (len(buttons) - 1) + 12
        with_text = set(buttons) if full <= self.width() else {self.draw_button} if draw_only <= self.width() else set()
        for b in buttons:
            style = (
                Qt.ToolButtonStyle.ToolButtonTextBesideIcon if b in with_text else Qt.ToolButtonStyle.ToolButtonIconOnly
            )
            if b.toolButtonStyle() != style:
                b.setToolButtonStyle(style)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_buttons()

    def hideEvent(self, event: Any) -> None:
        self._end_stroke()
        super().hideEvent(event)
