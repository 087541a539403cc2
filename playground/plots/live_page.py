"""The main window's first view tab: the decision boundary and the loss curves side by side.

The boundary pane stays about square (the plane is square): it takes the page's height
as its width, and the loss curves take the rest, until the person drags the splitter
handle. For data without a 2-D input plane (images, tables) the boundary pane is hidden
and a note says why; the curves then use the whole width.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from playground.plots.boundary_plot import BoundaryPlot
from playground.plots.loss_plot import LossPlot
from playground.widgets.network_editor import dataset_title

LOSS_MIN_WIDTH = 260


class LivePlotsPage(QWidget):
    """``BoundaryPlot | LossPlot`` in a splitter, plus a note for data without an input plane."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("livePlotsPage")
        self.boundary = BoundaryPlot(self)
        self.loss = LossPlot(self)
        self.loss.setMinimumWidth(LOSS_MIN_WIDTH)
        self.boundary.setMinimumWidth(160)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("livePlotsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.boundary)
        self.splitter.addWidget(self.loss)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        self.note = QLabel(self)
        self.note.setObjectName("boundaryNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setStyleSheet(
            "background: #F1F3F5; color: #37414B; border-radius: 4px; padding: 6px 10px; font-size: 11pt;"
        )
        self.note.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 4)
        layout.setSpacing(4)
        layout.addWidget(self.note)
        layout.addWidget(self.splitter, 1)
        self._user_sized = False

    @property
    def plane_available(self) -> bool:
        return not self.boundary.isHidden()

    def set_plane_available(self, available: bool, dataset: str = "") -> None:
        """Show the boundary pane (2-D data), or hide it with a note explaining why."""
        self.boundary.setVisible(available)
        self.note.setVisible(not available)
        if not available:
            self.note.setText(
                self.tr(
                    "%1 has no 2-D input plane, so there is no decision boundary to draw: every input is "
                    "an image or a table row. The curves below show how well the network learns."
                ).replace("%1", dataset_title(dataset) if dataset else self.tr("This data set"))
            )
        self._fit_boundary()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_boundary()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._fit_boundary()
        QTimer.singleShot(0, self._fit_boundary)  # again once pyqtgraph has laid the plot out

    def _on_splitter_moved(self, pos: int, index: int) -> None:
        self._user_sized = True

    def _fit_boundary(self) -> None:
        """Boundary about square (its height plus the axis), the loss curves the rest."""
        if self._user_sized or self.boundary.isHidden():
            return
        total = self.splitter.width() - self.splitter.handleWidth()
        if total <= 0:
            return
        vb = self.boundary.plot.vb
        extra_w, extra_h = 52, 80  # the axes, margins and check boxes, until the plot is laid out
        if self.boundary.width() > 0 and vb.width() > 10 and vb.height() > 10:
            extra_w = self.boundary.width() - vb.width()
            extra_h = self.boundary.height() - vb.height()
        square = int(self.splitter.height() - extra_h + extra_w)
        width = max(160, min(square, total - LOSS_MIN_WIDTH, int(total * 0.55)))
        if abs(width - self.splitter.sizes()[0]) > 2:
            self.splitter.setSizes([width, total - width])
