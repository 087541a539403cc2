"""The main window: wires the document, the training controller and the widgets together.

Layout: the palette and the data panel on the left, the network editor above the view
tabs (``viewTabs``) in the centre, the layer inspector and the training panel on the
right; a toolbar for play/pause (F5), step (F6, Ctrl+F6), reset (F7), undo and redo;
a status bar with epoch, losses, accuracy, speed and backend. The first view tab shows,
side by side, the decision boundary with the data points and the loss/accuracy curves,
live while training runs (TF Playground style); other views add tabs with
:meth:`MainWindow.add_view`. The editor's neuron diagram shows every neuron's output
and every weight live (:class:`~playground.widgets.neuron_view.NeuronLiveView`).

No logic lives here beyond wiring: edits go through
:class:`~playground.document.DesignDocument`, training through
:class:`~playground.training.controller.TrainingController`, and every snapshot goes
to the plots, the neuron diagram and the status bar.
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QColor,
    QIcon,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTabWidget,
    QToolBar,
    QWidget,
)

from engine import catalog
from engine.errors import PlaygroundError
from engine.spec import DesignSpec
from playground.document import DesignDocument
from playground.engine_text import describe
from playground.plots.live_page import LivePlotsPage
from playground.plots.point_editor import PointEditor
from playground.settings import Settings
from playground.widgets.data_panel import DataPanel
from playground.widgets.inspector import LayerInspector
from playground.widgets.network_editor import NetworkEditor
from playground.widgets.neuron_view import NeuronLiveView
from playground.widgets.palette import LayerPalette
from playground.widgets.train_panel import TrainPanel

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DESIGN = REPO_ROOT / "assets" / "examples" / "spiral.json"
# redraws of the decision boundary while training runs: every second snapshot of 30 a second
# (a little under 1/15 s, so that arrival jitter never makes it every third: 10 a second)
BOUNDARY_INTERVAL_S = 0.06


class StatusLabel(QLabel):
    """A status-bar label of fixed size that only grows: new numbers 30 times a second do not relayout the window.

    (A widget whose minimum and maximum sizes are equal does not invalidate its parent's
    layout when its text changes; a relayout of the main window per snapshot cost training
    time, see benchmarks/README.md.)
    """

    def setText(self, text: str) -> None:
        if text == self.text():
            return
        super().setText(text)
        self._fit(force=False)

    def _fit(self, force: bool) -> None:
        """Grow to the text (with room for a longer number next time); shrink only when far too wide."""
        margins = self.contentsMargins()
        needed = self.fontMetrics().horizontalAdvance(self.text()) + margins.left() + margins.right() + 4
        height = self.fontMetrics().height() + margins.top() + margins.bottom()
        width = self.maximumWidth()
        if force or needed > width or needed < 0.6 * width or height != self.maximumHeight():
            self.setFixedSize(needed + 12, height)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # presentation mode: measure again
            self._fit(force=True)


def _fmt_loss(value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "–"
    return f"{value:.3f}" if value >= 0.001 else f"{value:.2e}"


def _fmt_acc(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def _history_icon(redo: bool) -> QIcon:
    """A curved arrow (undo, or mirrored for redo), drawn so it reads the same in every style."""
    icon = QIcon()
    for scale in (1, 2):
        size = 24 * scale
        pm = QPixmap(size, size)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if redo:
            p.translate(size, 0)
            p.scale(-1, 1)
        p.scale(scale, scale)
        pen = QPen(
            QColor("#37414B"), 2.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin
        )
        p.setPen(pen)
        path = QPainterPath(QPointF(7, 9))
        path.lineTo(QPointF(15, 9))
        path.cubicTo(QPointF(22, 9), QPointF(22, 20), QPointF(15, 20))
        path.lineTo(QPointF(9, 20))
        p.drawPath(path)
        p.drawPolyline([QPointF(11, 4.5), QPointF(6.5, 9), QPointF(11, 13.5)])
        p.end()
        pm.setDevicePixelRatio(scale)
        icon.addPixmap(pm)
    return icon


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when its text does not fit (the tooltip has it all)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setMinimumWidth(40)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(
            self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width() - 4))
        )


class MainWindow(QMainWindow):
    """The playground's one window."""

    def __init__(
        self,
        controller: Any | None = None,
        settings: Settings | None = None,
        probe_gpu: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)
        self.settings = settings if settings is not None else Settings()
        self.document = DesignDocument(parent=self)
        if controller is None:
            from playground.training.controller import TrainingController

            controller = TrainingController(self)
        self.controller = controller
        self._last_snapshot: Any = None
        self._training_message = ""
        self._closing = False
        self._shown_once = False
        self._restored = False

        self._build_central()
        self._build_docks(probe_gpu)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._connect()
        self._update_title()
        self._update_play_enabled()
        self._on_controller_state_changed("paused")

    # ------------------------------------------------------------------ building
    def _build_central(self) -> None:
        self.editor = NetworkEditor(self.document, self)
        self.view_tabs = QTabWidget(self)
        self.view_tabs.setObjectName("viewTabs")
        self.view_tabs.setDocumentMode(True)
        self.view_tabs.setMinimumHeight(160)
        self.live_page = LivePlotsPage(self.view_tabs)
        self.boundary_plot = self.live_page.boundary
        self.loss_plot = self.live_page.loss
        self.point_editor = PointEditor(self.boundary_plot, self.document)  # "Draw" above the boundary
        self.view_tabs.addTab(self.live_page, self.tr("Boundary and loss"))
        self.view_tabs.setTabToolTip(
            0, self.tr("The network's output over the input plane with the data, and the loss curves")
        )
        self.central_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.central_splitter.setObjectName("centralSplitter")
        self.central_splitter.setChildrenCollapsible(False)
        self.central_splitter.addWidget(self.editor)
        self.central_splitter.addWidget(self.view_tabs)
        self.central_splitter.setStretchFactor(0, 4)
        self.central_splitter.setStretchFactor(1, 5)
        self.setCentralWidget(self.central_splitter)
        self.neuron_view = NeuronLiveView(self.editor, self.controller, self)
        self._applied_spec: DesignSpec | None = None
        self._boundary_drawn = 0.0

    def add_view(self, widget: QWidget, title: str) -> int:
        """Add a view tab to ``viewTabs`` (after the boundary-and-loss tab); returns its index."""
        return self.view_tabs.addTab(widget, title)

    def _dock(self, name: str, title: str, widget: QWidget, scroll: bool) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        if scroll:
            area = QScrollArea(dock)
            area.setObjectName(name.replace("Dock", "Scroll"))
            area.setWidgetResizable(True)
            area.setFrameShape(QScrollArea.Shape.NoFrame)
            area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            area.setWidget(widget)
            # the scroll area never scrolls sideways, so it must be as wide as its content needs
            area.setMinimumWidth(
                widget.minimumSizeHint().width() + area.verticalScrollBar().sizeHint().width()
            )
            dock.setWidget(area)
        else:
            dock.setWidget(widget)
        return dock

    def _build_docks(self, probe_gpu: bool) -> None:
        self.palette = LayerPalette(self)
        self.data_panel = DataPanel(self.document, self)
        self.inspector = LayerInspector(self.document, self)
        self.train_panel = TrainPanel(self.document, self, probe_gpu=probe_gpu)
        self.palette_dock = self._dock("paletteDock", self.tr("Layers"), self.palette, scroll=False)
        self.data_dock = self._dock("dataDock", self.tr("Data"), self.data_panel, scroll=True)
        self.inspector_dock = self._dock(
            "inspectorDock", self.tr("Layer settings"), self.inspector, scroll=True
        )
        self.train_dock = self._dock("trainDock", self.tr("Training"), self.train_panel, scroll=True)
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.addDockWidget(left, self.palette_dock)
        self.addDockWidget(left, self.data_dock)
        self.splitDockWidget(self.palette_dock, self.data_dock, Qt.Orientation.Vertical)
        self.addDockWidget(right, self.inspector_dock)
        self.addDockWidget(right, self.train_dock)
        self.splitDockWidget(self.inspector_dock, self.train_dock, Qt.Orientation.Vertical)
        self.setCorner(Qt.Corner.BottomLeftCorner, left)
        self.setCorner(Qt.Corner.BottomRightCorner, right)

    def _action(
        self,
        name: str,
        text: str,
        shortcuts: list[Any] | None = None,
        icon: Any = None,
        tip: str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if icon is not None:
            action.setIcon(
                self.style().standardIcon(icon) if isinstance(icon, QStyle.StandardPixmap) else icon
            )
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        return action

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        key = QKeySequence.StandardKey
        self.new_action = self._action(
            "newAction", self.tr("&New"), [key.New], sp.SP_FileIcon, self.tr("Start a new design")
        )
        self.open_action = self._action(
            "openAction", self.tr("&Open…"), [key.Open], sp.SP_DialogOpenButton, self.tr("Open a design file")
        )
        self.examples_action = self._action(
            "examplesAction", self.tr("&Examples…"), None, None, self.tr("Open one of the example designs")
        )
        self.save_action = self._action(
            "saveAction", self.tr("&Save"), [key.Save], sp.SP_DialogSaveButton, self.tr("Save the design")
        )
        self.save_as_action = self._action(
            "saveAsAction",
            self.tr("Save &As…"),
            ["Ctrl+Shift+S"],
            None,
            self.tr("Save the design under a new name"),
        )
        self.quit_action = self._action("quitAction", self.tr("&Quit"), ["Ctrl+Q"], None)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)

        self.undo_action = self.document.undo_stack.createUndoAction(self, self.tr("Undo"))
        self.undo_action.setObjectName("undoAction")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.undo_action.setIcon(_history_icon(redo=False))
        self.redo_action = self.document.undo_stack.createRedoAction(self, self.tr("Redo"))
        self.redo_action.setObjectName("redoAction")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.setIcon(_history_icon(redo=True))
        self.delete_action = self._action(
            "deleteLayerAction",
            self.tr("&Delete Layer"),
            ["Delete"],
            sp.SP_TrashIcon,
            self.tr("Remove the selected layer"),
        )
        # only while the editor has focus: Delete must keep working in text fields
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.editor.addAction(self.delete_action)
        self.delete_action.setEnabled(False)

        self.play_action = self._action(
            "playAction", self.tr("Play"), ["F5"], sp.SP_MediaPlay, self.tr("Start or pause training (F5)")
        )
        self.step_batch_action = self._action(
            "stepBatchAction",
            self.tr("Step"),
            ["F6"],
            sp.SP_MediaSeekForward,
            self.tr("Train on one batch (F6)"),
        )
        self.step_epoch_action = self._action(
            "stepEpochAction",
            self.tr("Epoch"),
            ["Ctrl+F6"],
            sp.SP_MediaSkipForward,
            self.tr("Train one whole epoch (Ctrl+F6)"),
        )
        self.reset_action = self._action(
            "resetAction",
            self.tr("Reset"),
            ["F7"],
            sp.SP_BrowserReload,
            self.tr("Start again with fresh weights (F7)"),
        )
        self.fullscreen_action = self._action("fullScreenAction", self.tr("&Full Screen"), ["F11"])
        self.fullscreen_action.setCheckable(True)
        self.neurons_action = self._action(
            "showNeuronsAction",
            self.tr("Show &Neurons"),
            None,
            None,
            self.tr("Draw every neuron and weight of small dense networks"),
        )
        self.neurons_action.setCheckable(True)
        self.neurons_action.setChecked(True)
        self.about_action = self._action("aboutAction", self.tr("&About"), None)
        for action in (
            self.play_action,
            self.step_batch_action,
            self.step_epoch_action,
            self.reset_action,
            self.fullscreen_action,
        ):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        bar.setObjectName("menuBar")
        self.file_menu = bar.addMenu(self.tr("&File"))
        self.file_menu.setObjectName("fileMenu")
        self.file_menu.addActions([self.new_action, self.open_action, self.examples_action])
        self.recent_menu = self.file_menu.addMenu(self.tr("Open &Recent"))
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.save_action, self.save_as_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.edit_menu = bar.addMenu(self.tr("&Edit"))
        self.edit_menu.setObjectName("editMenu")
        self.edit_menu.addActions([self.undo_action, self.redo_action])
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(self.delete_action)

        self.train_menu = bar.addMenu(self.tr("&Training"))
        self.train_menu.setObjectName("trainingMenu")
        self.train_menu.addActions(
            [self.play_action, self.step_batch_action, self.step_epoch_action, self.reset_action]
        )

        self.view_menu = bar.addMenu(self.tr("&View"))
        self.view_menu.setObjectName("viewMenu")
        for dock in (self.palette_dock, self.data_dock, self.inspector_dock, self.train_dock):
            self.view_menu.addAction(dock.toggleViewAction())
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.neurons_action)
        self.view_menu.addAction(self.fullscreen_action)

        self.help_menu = bar.addMenu(self.tr("&Help"))
        self.help_menu.setObjectName("helpMenu")
        self.help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Training"), self)
        bar.setObjectName("mainToolBar")
        bar.setMovable(False)
        bar.setIconSize(QSize(22, 22))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addActions([self.play_action, self.step_batch_action, self.step_epoch_action, self.reset_action])
        bar.addSeparator()
        bar.addActions([self.undo_action, self.redo_action])
        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)
        self.epoch_display = QLabel(bar)
        self.epoch_display.setObjectName("epochDisplay")
        self.epoch_display.setStyleSheet("font-size: 15pt; color: #37414B; padding: 0 12px;")
        bar.addWidget(self.epoch_display)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar
        for action in (self.undo_action, self.redo_action):
            button = bar.widgetForAction(action)
            if button is not None:
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        play_button = bar.widgetForAction(self.play_action)
        if play_button is not None:
            play_button.setObjectName("playButton")
            play_button.setMinimumWidth(96)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        self.message_label = ElidedLabel(bar)
        self.message_label.setObjectName("statusMessage")
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        bar.addWidget(self.message_label, 1)
        self.epoch_label = self._status_label("epochLabel")
        self.loss_label = self._status_label("lossLabel")
        self.accuracy_label = self._status_label("accuracyLabel")
        self.speed_label = self._status_label("speedLabel")
        self.backend_label = self._status_label("backendLabel")
        self._show_snapshot(None)

    def _status_label(self, name: str) -> QLabel:
        label = StatusLabel(self.statusBar())
        label.setObjectName(name)
        label.setContentsMargins(8, 0, 8, 0)
        self.statusBar().addPermanentWidget(label)
        return label

    def _connect(self) -> None:
        doc = self.document
        doc.spec_changed.connect(self._on_document_spec_changed)
        doc.clean_changed.connect(self._on_document_clean_changed)
        doc.path_changed.connect(lambda path: self._update_title())
        self.editor.layer_selected.connect(self._on_editor_layer_selected)
        self.palette.layer_activated.connect(self._on_palette_layer_activated)
        self.new_action.triggered.connect(self.new_design)
        self.open_action.triggered.connect(self.open_dialog)
        self.examples_action.triggered.connect(self.open_examples)
        self.save_action.triggered.connect(self.save)
        self.save_as_action.triggered.connect(self.save_as)
        self.quit_action.triggered.connect(self.close)
        self.delete_action.triggered.connect(self.editor.delete_selected)
        self.play_action.triggered.connect(self._on_play_triggered)
        self.step_batch_action.triggered.connect(self.controller.step_batch)
        self.step_epoch_action.triggered.connect(self.controller.step_epoch)
        self.reset_action.triggered.connect(self._on_reset_triggered)
        self.fullscreen_action.toggled.connect(self._on_fullscreen_toggled)
        self.neurons_action.toggled.connect(self.editor.set_neurons_visible)
        self.about_action.triggered.connect(self._on_about_triggered)
        self.controller.snapshot_ready.connect(self._on_controller_snapshot)
        self.neuron_view.message.connect(self._set_message)
        self.controller.state_changed.connect(self._on_controller_state_changed)
        self.controller.failed.connect(self._on_controller_failed)
        self.controller.diverged.connect(self._on_controller_diverged)

    # ------------------------------------------------------------------ documents
    def load_initial(self, path: str | Path | None) -> bool:
        """Open ``path`` (or the default design); on failure show why and keep a usable design."""
        if path is not None and self.open_path(path):
            return True
        try:
            from engine.design_io import load_design

            self.document.load_spec(load_design(DEFAULT_DESIGN))  # spec_changed hands it to the controller
        except PlaygroundError:
            self.document.new()
        return path is None

    def open_path(self, path: str | Path) -> bool:
        """Open a design file or a trained snapshot; a bad file shows the engine's message and keeps
        the current design."""
        from engine.checkpoint import is_snapshot_file

        if is_snapshot_file(path):
            from playground.snapshot_actions import open_snapshot

            return open_snapshot(self, path)
        try:
            self.document.load(path)
        except PlaygroundError as exc:
            QMessageBox.critical(
                self,
                self.tr("Cannot open design"),
                self.tr("The design %1 could not be opened.").replace("%1", str(path)) + "\n\n" + describe(exc),
            )
            return False
        self.settings.add_recent_file(path)
        self.settings.set_last_directory(Path(path).resolve().parent)
        self._reset_training()
        self._set_message(self.tr("Opened %1").replace("%1", Path(path).name))
        return True

    def maybe_save(self) -> bool:
        """Ask what to do with unsaved changes; False means the person cancelled."""
        if self.document.is_clean:
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("The design “%1” has unsaved changes. Save them first?").replace(
                "%1", self._display_name()
            ),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_design(self) -> None:
        if not self.maybe_save():
            return
        self.document.new()
        self._reset_training()

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open design"),
            self.settings.last_directory(),
            self.tr("Designs and trained snapshots (*.json *.nnps);;All files (*)"),
        )
        if path:
            self.open_path(path)

    def open_examples(self) -> None:
        from playground.widgets.examples_dialog import ExamplesDialog

        dialog = ExamplesDialog(self)
        if dialog.exec() != ExamplesDialog.DialogCode.Accepted or dialog.selected_path is None:
            return
        if not self.maybe_save():
            return
        try:
            from engine.design_io import load_design

            spec = load_design(dialog.selected_path)
        except PlaygroundError as exc:
            QMessageBox.critical(self, self.tr("Cannot open example"), describe(exc))
            return
        # an example opens as a new, unsaved design so the shipped file is never overwritten
        self.document.load_spec(spec)
        self._reset_training()
        self._set_message(
            self.tr("Opened the example “%1”").replace("%1", spec.name or dialog.selected_path.stem)
        )

    def save(self) -> bool:
        if self.document.path is None:
            return self.save_as()
        return self._save_to(self.document.path)

    def save_as(self) -> bool:
        start = (
            str(self.document.path)
            if self.document.path
            else str(Path(self.settings.last_directory()) / (self._suggested_name() + ".json"))
        )
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save design"), start, self._design_filter())
        if not path:
            return False
        if not Path(path).suffix:
            path += ".json"
        return self._save_to(Path(path))

    def _save_to(self, path: Path) -> bool:
        try:
            self.document.save(path)
        except PlaygroundError as exc:
            QMessageBox.critical(self, self.tr("Cannot save design"), describe(exc))
            return False
        self.settings.add_recent_file(path)
        self.settings.set_last_directory(path.resolve().parent)
        self._set_message(self.tr("Saved %1").replace("%1", path.name))
        return True

    def _design_filter(self) -> str:
        return self.tr("Playground designs (*.json);;All files (*)")

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = self.settings.recent_files()
        for i, path in enumerate(paths):
            label = f"&{i + 1} {Path(path).name}" if i < 9 else Path(path).name
            action = self.recent_menu.addAction(label)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda checked=False, p=path: self._open_recent(p))
        if not paths:
            empty = self.recent_menu.addAction(self.tr("No recent files"))
            empty.setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            clear = self.recent_menu.addAction(self.tr("Clear list"))
            clear.triggered.connect(self.settings.clear_recent_files)

    def _open_recent(self, path: str) -> None:
        if not self.maybe_save():
            return
        if not self.open_path(path):
            self.settings.remove_recent_file(path)

    def _suggested_name(self) -> str:
        name = self.document.spec.name.strip() or self.tr("design")
        return "".join(c if c.isalnum() or c in "-_ " else "-" for c in name).strip() or "design"

    def _display_name(self) -> str:
        if self.document.path is not None:
            return self.document.path.name
        snapshot = getattr(self, "snapshot_source", None)  # set by playground.snapshot_actions
        if snapshot is not None:
            return self.tr("%1 (trained snapshot)").replace("%1", Path(snapshot).name)
        return self.document.spec.name or self.tr("Untitled")

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self._display_name()}[*] — {self.tr('Neural Network Playground')}")
        self.setWindowModified(not self.document.is_clean)

    # ------------------------------------------------------------------ slots
    def _on_document_spec_changed(self, spec: DesignSpec) -> None:
        self._update_title()
        self._update_play_enabled()
        self._training_message = ""
        old, self._applied_spec = self._applied_spec, spec
        self.controller.set_design(spec)
        revision = self.controller.revision
        if old is None or spec.data != old.data:
            self._show_data(spec, revision)
        elif spec.layers != old.layers:
            # pictures of the network before this edit must not come back over the new one
            self.boundary_plot.set_min_revision(revision)
            self.neuron_view.set_min_revision(revision)

    def _show_data(self, spec: DesignSpec, revision: int) -> None:
        """New data: draw the points at once (2-D sets), or explain why there is no boundary."""
        dataset = None
        if spec.data.dataset in catalog.PLANE_2D:
            try:
                from engine.data import load_dataset

                dataset = load_dataset(spec.data)  # a few hundred generated points: milliseconds
            except PlaygroundError:
                from engine.data.custom import preview_custom

                dataset = preview_custom(spec.data)  # drawn points, too few to train on yet: still a plane
        self.boundary_plot.set_data(dataset, revision)
        self.neuron_view.set_min_revision(revision)
        self.live_page.set_plane_available(dataset is not None, spec.data.dataset)

    def _reset_training(self) -> None:
        """Fresh weights and an empty history; the curves clear at once."""
        self.controller.reset()
        self.loss_plot.clear()

    def _on_document_clean_changed(self, clean: bool) -> None:
        self._update_title()

    def _on_editor_layer_selected(self, layer_id: str) -> None:
        self.inspector.show_layer(layer_id or None)
        self.delete_action.setEnabled(bool(layer_id))

    def _on_palette_layer_activated(self, type_name: str) -> None:
        """Double-click in the palette: add after the selected layer, or before the output layer."""
        spec = self.document.spec
        from playground.document import locate_layer

        parent, index = None, max(0, len(spec.layers) - 1)
        selected = self.editor.selected_id
        where = locate_layer(spec.layers, selected) if selected else None
        if where is not None:
            parent, index = where[0], where[1] + 1
        try:
            new_id = self.document.insert_layer(index, type_name, parent)
        except PlaygroundError as exc:
            self._set_message(describe(exc), error=True)
            return
        self.editor.select_layer(new_id)

    def _on_play_triggered(self) -> None:
        if self.controller.is_running:
            self.controller.pause()
        elif self.document.check.ok:
            self._training_message = ""
            self.controller.play()
        self._update_play_enabled()

    def _on_reset_triggered(self) -> None:
        self._reset_training()
        self._show_snapshot(None)
        self._set_message(self.tr("Reset: the network starts again from fresh weights."))

    def _on_fullscreen_toggled(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    def _on_about_triggered(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About"),
            self.tr("Neural Network Playground\n\nDesign, train and watch small neural networks."),
        )

    def _update_play_enabled(self) -> None:
        check = self.document.check
        sp = QStyle.StandardPixmap
        running = bool(getattr(self.controller, "is_running", False))
        can_play = check.ok or running
        self.play_action.setEnabled(can_play)
        self.step_batch_action.setEnabled(check.ok)
        self.step_epoch_action.setEnabled(check.ok)
        if check.ok:
            tip = self.tr("Pause training (F5)") if running else self.tr("Start training (F5)")
            self.play_action.setToolTip(tip)
            if self._training_message:
                self._set_message(self._training_message, error=True)
            else:
                self._set_message("")
        else:
            reason = self.tr("Cannot train: %1").replace("%1", describe(check.message))
            self.play_action.setToolTip(reason)
            self.step_batch_action.setToolTip(reason)
            self.step_epoch_action.setToolTip(reason)
            self._set_message(reason, error=True)
        self.play_action.setIcon(self.style().standardIcon(sp.SP_MediaPause if running else sp.SP_MediaPlay))
        self.play_action.setText(self.tr("Pause") if running else self.tr("Play"))

    def _on_controller_state_changed(self, state: str) -> None:
        self._update_play_enabled()

    def _on_controller_failed(self, message: str) -> None:
        self._training_message = self.tr("Training stopped: %1").replace("%1", describe(message))
        self._update_play_enabled()

    def _on_controller_diverged(self, message: str) -> None:
        self._training_message = self.tr(
            "The loss exploded (%1). Try a smaller learning rate, then Reset."
        ).replace("%1", describe(message))
        self._update_play_enabled()

    def _on_controller_snapshot(self, snapshot: Any) -> None:
        self._last_snapshot = snapshot
        now = time.perf_counter()
        if not snapshot.running or now - self._boundary_drawn >= BOUNDARY_INTERVAL_S:
            # the boundary changes gradually: redrawn at most 15 times a second while training
            # runs (its colour mapping and painting cost the training thread the most GIL time
            # of all the live views), and always for the snapshot that ends a run
            self._boundary_drawn = now
            self.boundary_plot.update_snapshot(snapshot)
        self.loss_plot.update_snapshot(snapshot)
        self.neuron_view.update_snapshot(snapshot)
        self._show_snapshot(snapshot)
        status = getattr(snapshot, "status", "")
        if status == "epochs" and not snapshot.running:
            self._set_message(self.tr("Finished %1 epochs.").replace("%1", str(snapshot.epoch)))
        elif status == "target" and not snapshot.running:
            self._set_message(self.tr("Reached the target loss."))

    def _show_snapshot(self, snapshot: Any) -> None:
        if snapshot is None:
            self.epoch_label.setText(self.tr("Epoch %1").replace("%1", "0"))
            self.epoch_display.setText(self.tr("Epoch %1").replace("%1", "000"))
            self.loss_label.setText(self.tr("Loss: train %1 · test %2").replace("%1", "–").replace("%2", "–"))
            self.accuracy_label.setText(
                self.tr("Accuracy: train %1 · test %2").replace("%1", "–").replace("%2", "–")
            )
            self.speed_label.setText(self.tr("%1 samples/s").replace("%1", "–"))
            self.backend_label.setText(self._backend_text(None))
            return
        self.epoch_label.setText(self.tr("Epoch %1").replace("%1", f"{snapshot.epoch:,}"))
        self.epoch_display.setText(self.tr("Epoch %1").replace("%1", f"{snapshot.epoch:03,}"))
        self.loss_label.setText(
            self.tr("Loss: train %1 · test %2")
            .replace("%1", _fmt_loss(snapshot.train_loss))
            .replace("%2", _fmt_loss(snapshot.test_loss))
        )
        if snapshot.train_acc is None and snapshot.test_acc is None:
            self.accuracy_label.setText(self.tr("Accuracy: –"))
        else:
            self.accuracy_label.setText(
                self.tr("Accuracy: train %1 · test %2")
                .replace("%1", _fmt_acc(snapshot.train_acc))
                .replace("%2", _fmt_acc(snapshot.test_acc))
            )
        rate = snapshot.samples_per_second
        self.speed_label.setText(self.tr("%1 samples/s").replace("%1", f"{rate:,.0f}" if rate else "–"))
        self.backend_label.setText(self._backend_text(snapshot.backend))

    def _backend_text(self, backend: str | None) -> str:
        names = {"numpy": self.tr("CPU (NumPy)"), "cupy": self.tr("GPU (CuPy)"), "auto": self.tr("automatic")}
        if not backend:
            backend = self.document.spec.train.backend
        return self.tr("Backend: %1").replace("%1", names.get(backend, backend))

    def _set_message(self, text: str, error: bool = False) -> None:
        self.message_label.set_full_text(text)
        self.message_label.setStyleSheet("color: #C62828;" if error and text else "")

    # ------------------------------------------------------------------ window
    def restore_window(self) -> bool:
        """Put the window and its docks back where they were last time; False if nothing was saved."""
        geometry = self.settings.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.window_state()
        self._restored = state is not None and self.restoreState(state)
        return self._restored

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing and not self.maybe_save():
            event.ignore()
            return
        self._closing = True
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop training and join its thread (idempotent)."""
        self.controller.shutdown()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self._arrange()
            QTimer.singleShot(0, self._arrange)
        QTimer.singleShot(0, self.editor._fit)

    def _arrange(self) -> None:
        """First-show sizes: side panels just wide enough, the palette fully visible, editor/plots split."""
        total = self.central_splitter.height()
        if total > 0:
            editor = int(total * (0.52 if self.editor.neuron_diagram is not None else 0.42))
            self.central_splitter.setSizes([editor, total - editor])
        if self._restored:
            return  # the person's own dock layout
        wide = self.width() >= 1500
        left = self.data_dock.minimumSizeHint().width() + (50 if wide else 0)
        right = max(self.train_dock.minimumSizeHint().width(), 290) + (70 if wide else 0)
        self.resizeDocks([self.palette_dock, self.inspector_dock], [left, right], Qt.Orientation.Horizontal)
        chrome = self.palette_dock.height() - self.palette.height()
        palette_h = self.palette.content_height() + max(chrome, 0)
        self.resizeDocks([self.palette_dock], [palette_h], Qt.Orientation.Vertical)
        inspector_h = 340 if self.height() < 950 else 420
        self.resizeDocks([self.inspector_dock], [inspector_h], Qt.Orientation.Vertical)
