"""Wires the optional parts into the main window: lessons, autosave, exports, analysis views.

Each ``install_*`` function takes the built :class:`~playground.main_window.MainWindow`
and adds its docks, menu entries and connections; :func:`install_extras` calls them all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMenu, QMessageBox

from engine.errors import PlaygroundError
from playground.engine_text import describe


def _tr(text: str) -> str:
    return QCoreApplication.translate("Extras", text)


def install_lessons(window: Any) -> QDockWidget:
    """A 'Lessons' dock: opening a lesson loads its design (unsaved) and points at the controls to try."""
    from playground.i18n import current_language
    from playground.widgets.lessons_panel import LessonsPanel, highlight_widgets

    panel = LessonsPanel.from_assets(parent=window, language=current_language())  # lessons follow the app
    dock = QDockWidget(_tr("Lessons"), window)
    dock.setObjectName("lessonsDock")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.tabifyDockWidget(window.inspector_dock, dock)
    window.inspector_dock.raise_()
    window.view_menu.insertAction(window.view_menu.actions()[0] if window.view_menu.actions() else None,
                                  dock.toggleViewAction())

    def open_design(spec: Any) -> None:
        if not window.maybe_save():
            return
        teacher = getattr(window, "teacher", None)
        if teacher is not None:  # locked values and the teacher's settings stay (playground/teacher.py)
            spec = teacher.guard_incoming(spec)
        window.document.load_spec(spec)
        window._reset_training()
        window._set_message(_tr("Opened the lesson design “%1”").replace("%1", spec.name or ""))

    panel.open_design.connect(open_design)
    panel.highlight.connect(lambda names: highlight_widgets(window, names))
    window.lessons_panel = panel
    window.lessons_dock = dock
    return dock


def install_autosave(window: Any) -> Any:
    """Autosave the design every 60 s while it has unsaved changes; offer recovery after a crash."""
    from playground.autosave import AutosaveManager, offer_recovery

    manager = AutosaveManager(window.document)
    window.autosave = manager
    QTimer.singleShot(0, lambda: offer_recovery(window, window.document))
    return manager


def install_exports(window: Any) -> None:
    """File ▸ Export: the design with its current weights as PyTorch, Keras or ONNX; the diagram as PNG."""
    menu = QMenu(_tr("&Export"), window.file_menu)
    menu.setObjectName("exportMenu")
    before = window.quit_action
    window.file_menu.insertMenu(before, menu)
    window.file_menu.insertSeparator(before)
    formats = (
        ("pytorch", _tr("PyTorch script…"), _tr("Python script (*.py)")),
        ("keras", _tr("Keras script…"), _tr("Python script (*.py)")),
        ("onnx", _tr("ONNX model…"), _tr("ONNX model (*.onnx)")),
    )
    for fmt, text, filt in formats:
        action = menu.addAction(text)
        action.setObjectName(f"export_{fmt}")
        action.triggered.connect(lambda _=False, f=fmt, flt=filt: _export_model(window, f, flt))
    menu.addSeparator()
    diagram = menu.addAction(_tr("Network diagram as image…"))
    diagram.setObjectName("export_diagram")
    diagram.triggered.connect(lambda: _export_diagram(window))


def _export_model(window: Any, fmt: str, filt: str) -> None:
    from engine.export import export_design

    suffix = ".onnx" if fmt == "onnx" else ".py"
    name = Path(window._suggested_name()).with_suffix(suffix).name
    path, _ = QFileDialog.getSaveFileName(window, _tr("Export"), name, filt)
    if not path:
        return
    try:
        written = export_design(window.document.spec, fmt, Path(path))
    except (PlaygroundError, OSError) as exc:
        QMessageBox.critical(window, _tr("Export failed"), describe(exc))
        return
    window._set_message(_tr("Exported %1").replace("%1", ", ".join(p.name for p in written)))


def export_diagram_png(window: Any, path: str | Path, scale: float = 2.0) -> Path:
    """Render the network editor's scene to a PNG at ``scale`` times screen resolution (for slides)."""
    from PySide6.QtGui import QColor, QImage, QPainter

    scene = window.editor.scene()
    rect = scene.itemsBoundingRect().adjusted(-20, -20, 20, 20)
    image = QImage(int(rect.width() * scale), int(rect.height() * scale), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, source=rect)
    painter.end()
    path = Path(path)
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")
    return path


def _export_diagram(window: Any) -> None:
    name = Path(window._suggested_name()).with_suffix(".png").name
    path, _ = QFileDialog.getSaveFileName(window, _tr("Export diagram"), name, _tr("PNG image (*.png)"))
    if not path:
        return
    try:
        export_diagram_png(window, path)
    except OSError as exc:
        QMessageBox.critical(window, _tr("Export failed"), str(exc))
        return
    window._set_message(_tr("Saved the diagram to %1").replace("%1", Path(path).name))


def install_extras(window: Any, autosave: bool = True) -> None:
    """Everything above plus the analysis views (filters, gradients, confusion matrix) and teacher controls."""
    from playground.views import install_analysis_views

    install_analysis_views(window)
    from playground.compare import install_compare

    install_compare(window)  # Training ▸ Compare Two Networks…
    install_lessons(window)
    install_exports(window)
    from playground.snapshot_actions import install_snapshot_actions

    install_snapshot_actions(window)  # File > Save Trained Snapshot, snapshot opening, training notices
    if autosave:
        install_autosave(window)
    from playground.teacher import install_teacher

    install_teacher(window)
