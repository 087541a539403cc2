"""Trained snapshots in the app, and the notices that keep a training run from being lost.

- File ▸ **Save Trained Snapshot…** (Ctrl+Alt+S, ``saveSnapshotAction``): the training
  thread writes its own trainer (design, weights, optimizer state, batch order, history)
  with :func:`engine.checkpoint.save_checkpoint`, atomically; the status bar says when it
  is written, a dialog says why not.
- Opening a snapshot (File ▸ Open, Open Recent, the command line: ``MainWindow.open_path``
  calls :func:`open_snapshot` for any file that starts like a zip): its design becomes the
  document (with no design file name: Ctrl+S asks for one, so the snapshot is never
  overwritten by a design) and the training thread continues its restored trainer; the
  curves show the restored history and Play goes on exactly where it stopped. A bad file
  shows the loader's message and leaves the open document as it was.
- A divergence marks its step on the loss plot, suggests one tenth of the learning rate
  and offers it as one click (``applyLearningRateButton``, an undoable edit).
- A GPU failure moves training to the CPU (the training thread does it); a notice says so.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from engine.errors import BackendError, PlaygroundError
from playground.engine_text import describe

SNAPSHOT_SUFFIX = ".nnps"
SAVE_SNAPSHOT_SHORTCUT = "Ctrl+Alt+S"  # Ctrl+S saves the design, Ctrl+Shift+S is Save As


def _tr(text: str) -> str:
    return QCoreApplication.translate("SnapshotActions", text)


def suggested_learning_rate(rate: float) -> float:
    """One tenth of ``rate``, to three significant digits (3 → 0.3, 0.05 → 0.005)."""
    return float(f"{rate / 10:.3g}")


def _rate_text(rate: float) -> str:
    return f"{rate:g}"


def restore_for_app(ckpt: Any) -> Any:
    """The snapshot's trainer on its design's backend; on the CPU when that backend is not usable here."""
    from engine.checkpoint import restore_trainer

    try:
        return restore_trainer(ckpt, backend=ckpt.design.train.backend)
    except BackendError:  # e.g. saved with "cupy" on a machine with a GPU; this one has none
        return restore_trainer(ckpt, backend="numpy")


class SnapshotActions(QObject):
    """The snapshot menu entry, snapshot opening, and the divergence and GPU-failure notices of one window."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("snapshotActions")
        self.window = window
        self.divergence: Any = None  # the latest Divergence of the current run, or None
        self.notice: QMessageBox | None = None
        window.snapshot_source = None  # the snapshot the design came from or was last saved to

        action = QAction(_tr("Save &Trained Snapshot…"), window)
        action.setObjectName("saveSnapshotAction")
        action.setShortcut(QKeySequence(SAVE_SNAPSHOT_SHORTCUT))
        tip = _tr("Save the trained network (weights, optimizer state, history) to continue it later")
        action.setToolTip(tip)
        action.setStatusTip(tip)
        menu = window.file_menu
        actions = menu.actions()
        after = actions.index(window.save_as_action) + 1 if window.save_as_action in actions else len(actions)
        menu.insertAction(actions[after] if after < len(actions) else None, action)
        window.addAction(action)  # the shortcut works while the menu bar is hidden (presentation mode)
        self.save_action = action

        button = QPushButton(window.statusBar())
        button.setObjectName("applyLearningRateButton")
        button.setVisible(False)
        window.statusBar().addWidget(button)
        self.apply_button = button

        controller = window.controller
        action.triggered.connect(self.save_dialog)
        button.clicked.connect(self.apply_suggested_rate)
        controller.snapshot_saved.connect(self._on_saved)
        controller.snapshot_save_failed.connect(self._on_save_failed)
        controller.divergence.connect(self._on_divergence)
        controller.backend_moved.connect(self._on_backend_moved)
        controller.snapshot_ready.connect(self._on_snapshot)
        window.document.path_changed.connect(self._on_path_changed)
        window.document.spec_changed.connect(lambda _spec: self._update_apply_button())
        window.reset_action.triggered.connect(self._clear_divergence)

    # ---------------------------------------------------------------- saving

    def save_dialog(self) -> None:
        """Ask for a file name and save a trained snapshot there."""
        window = self.window
        check = window.document.check
        if not check.ok:
            QMessageBox.warning(
                window,
                _tr("Cannot save trained snapshot"),
                _tr("The design cannot be trained, so there is no trained network to save: %1").replace(
                    "%1", describe(check.message)
                ),
            )
            return
        if window.snapshot_source is not None:
            start = str(window.snapshot_source)
        else:
            start = str(Path(window.settings.last_directory()) / (window._suggested_name() + SNAPSHOT_SUFFIX))
        path, _ = QFileDialog.getSaveFileName(
            window, _tr("Save trained snapshot"), start, _tr("Trained snapshots (*.nnps);;All files (*)")
        )
        if not path:
            return
        if not Path(path).suffix:
            path += SNAPSHOT_SUFFIX
        self.save_to(path)

    def save_to(self, path: str | Path) -> int:
        """Ask the training thread to write the snapshot (the answer arrives as a signal)."""
        self.window._set_message(_tr("Saving the trained snapshot %1…").replace("%1", Path(path).name))
        return self.window.controller.save_snapshot(str(path))

    def _on_saved(self, path: str) -> None:
        window = self.window
        window.snapshot_source = Path(path)
        window.settings.add_recent_file(path)
        window.settings.set_last_directory(Path(path).resolve().parent)
        window._update_title()
        window._set_message(_tr("Saved the trained snapshot %1").replace("%1", Path(path).name))

    def _on_save_failed(self, path: str, message: str) -> None:
        window = self.window
        window._set_message(_tr("The trained snapshot was not saved."), error=True)
        QMessageBox.critical(
            window,
            _tr("Cannot save trained snapshot"),
            _tr("The trained snapshot %1 could not be saved.").replace("%1", path) + "\n\n" + describe(message),
        )

    # ---------------------------------------------------------------- opening

    def open(self, path: str | Path) -> bool:
        """Open a trained snapshot; on failure show why and leave the open document unchanged."""
        from engine.checkpoint import load_checkpoint

        window = self.window
        try:
            ckpt = load_checkpoint(path)
            trainer = restore_for_app(ckpt)
        except (PlaygroundError, OSError) as exc:
            QMessageBox.critical(
                window,
                _tr("Cannot open trained snapshot"),
                _tr("The trained snapshot %1 could not be opened.").replace("%1", str(path)) + "\n\n" + describe(exc),
            )
            return False
        epoch = trainer.epoch
        window.controller.restore_trainer(trainer)  # first: the design that follows keeps this trainer
        window.document.load_spec(ckpt.design)
        window.loss_plot.clear()  # the restored history arrives with the next snapshot
        self._clear_divergence()
        window.snapshot_source = Path(path)
        window.settings.add_recent_file(path)
        window.settings.set_last_directory(Path(path).resolve().parent)
        window._update_title()
        window._set_message(
            _tr("Opened the trained snapshot %1 at epoch %2: Play continues from there.")
            .replace("%1", Path(path).name)
            .replace("%2", str(epoch))
        )
        return True

    def _on_path_changed(self, _path: Any) -> None:
        """Another design (New, Open, an example, Save As): it no longer comes from the snapshot."""
        self.window.snapshot_source = None
        self._clear_divergence()

    # ---------------------------------------------------------------- divergence

    def _on_divergence(self, divergence: Any) -> None:
        window = self.window
        self.divergence = divergence
        kind = "NaN" if math.isnan(divergence.loss) else "inf"
        window.loss_plot.mark_divergence(divergence.step, _tr("diverged (%1)").replace("%1", kind), divergence.run)
        step = f"{divergence.step:,}"
        if divergence.learning_rate > 0:
            # the suggestion first: a narrow status bar cuts the end of the text (the tooltip has it all)
            text = (
                _tr("Try a learning rate of %1 (now %2): the loss became %3 at step %4.")
                .replace("%1", _rate_text(suggested_learning_rate(divergence.learning_rate)))
                .replace("%2", _rate_text(divergence.learning_rate))
                .replace("%3", kind)
                .replace("%4", step)
            )
        else:
            text = _tr("The loss became %1 at step %2.").replace("%1", kind).replace("%2", step)
        window._training_message = text  # kept in the status bar until training starts again
        window._set_message(text, error=True)
        self._update_apply_button()

    def _on_snapshot(self, snapshot: Any) -> None:
        if self.divergence is not None and snapshot.run != self.divergence.run:
            self._clear_divergence()  # a new run (Reset, new data): the divergence is history

    def _clear_divergence(self) -> None:
        self.divergence = None
        self._update_apply_button()

    @property
    def suggested_rate(self) -> float | None:
        """The learning rate the apply button sets, or None when there is nothing to suggest."""
        d = self.divergence
        if d is None or d.learning_rate <= 0:
            return None
        return suggested_learning_rate(d.learning_rate)

    def _update_apply_button(self) -> None:
        rate = self.suggested_rate
        current = self.window.document.spec.train.learning_rate
        show = rate is not None and current == self.divergence.learning_rate
        if show:
            self.apply_button.setText(_tr("Use learning rate %1").replace("%1", _rate_text(rate)))
            self.apply_button.setToolTip(
                _tr("Set the learning rate to %1 (Edit ▸ Undo takes it back)").replace("%1", _rate_text(rate))
            )
        self.apply_button.setVisible(show)

    def apply_suggested_rate(self) -> bool:
        """Set the suggested learning rate (one undoable edit); False when there is none."""
        rate = self.suggested_rate
        if rate is None:
            return False
        window = self.window
        window.document.set_train(learning_rate=rate)
        window._training_message = ""
        window._set_message(
            _tr("Learning rate set to %1. Play continues from the last good weights; Reset starts again.").replace(
                "%1", _rate_text(rate)
            )
        )
        self._update_apply_button()
        return True

    # ---------------------------------------------------------------- GPU failure

    def _on_backend_moved(self, moved: Any) -> None:
        window = self.window
        if getattr(moved, "from_checkpoint", False):
            text = _tr(
                "The GPU failed (%1). Training moved to the CPU (NumPy) with the last good weights and goes on."
            )
        else:
            text = _tr("The GPU failed (%1). Training moved to the CPU (NumPy) with the same weights and goes on.")
        text = text.replace("%1", moved.reason)
        window._training_message = text  # stays in the status bar until Play is pressed again
        window._set_message(text, error=True)
        window.backend_label.setText(window._backend_text(moved.new))
        if self.notice is not None:
            self.notice.close()
        box = QMessageBox(QMessageBox.Icon.Warning, _tr("Training moved to the CPU"), text,
                          QMessageBox.StandardButton.Ok, window)
        box.setObjectName("gpuFallbackNotice")
        box.setWindowModality(Qt.WindowModality.NonModal)  # training goes on while it is shown
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_: setattr(self, "notice", None))
        box.show()
        self.notice = box


def install_snapshot_actions(window: Any) -> SnapshotActions:
    """Add the snapshot action, the apply-learning-rate button and the notices to ``window`` (once)."""
    existing = getattr(window, "snapshot_actions", None)
    if isinstance(existing, SnapshotActions):
        return existing
    actions = SnapshotActions(window)
    window.snapshot_actions = actions
    return actions


def open_snapshot(window: Any, path: str | Path) -> bool:
    """Open a trained snapshot in ``window`` (what ``MainWindow.open_path`` does for snapshot files)."""
    return install_snapshot_actions(window).open(path)


__all__ = ["SnapshotActions", "install_snapshot_actions", "open_snapshot", "suggested_learning_rate"]
