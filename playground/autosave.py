"""Autosave and crash recovery: unsaved designs survive a machine switched off mid-lesson.

While the open design has unsaved changes, :class:`AutosaveManager` writes it (atomically,
with :func:`engine.design_io.save_design`) to ``<autosave dir>/<instance id>.json`` at least
every :data:`AUTOSAVE_INTERVAL_MS`, next to a small sidecar ``<instance id>.meta.json``
(the original path, the time, a title) and, when a snapshot writer is given, a trained
snapshot ``<instance id>.nnps``. A lock file ``<instance id>.lock`` marks the instance as
running. The files go away when the design is saved (or its changes undone), when the
document closes and when the app quits normally; after a crash or power cut they stay.

On the next start :func:`offer_recovery` lists what crashed instances left
(:func:`find_recoverable`: newest first, never a running instance's files, unreadable ones
skipped) in a :class:`RecoveryDialog` and loads the chosen design into the document as
unsaved changes that keep the original file name for Save.

The folder is ``QStandardPaths.AppDataLocation/autosave``; the environment variable
``PLAYGROUND_AUTOSAVE_DIR`` replaces it (tests use it to stay out of real user data).

Recovered files are read like any other design file: :func:`engine.design_io.load_design`
validates them, so a damaged or hostile autosave is skipped, never run.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.atomic import write_atomic
from engine.errors import PlaygroundError
from engine.spec import DesignSpec
from playground.engine_text import describe

AUTOSAVE_INTERVAL_MS = 60_000
ENV_DIR = "PLAYGROUND_AUTOSAVE_DIR"
META_FORMAT = "nn-playground.autosave"
META_VERSION = 1
MAX_META_BYTES = 64 * 1024
MAX_TITLE = 200
_INSTANCE_ID = re.compile(r"[0-9a-f]{32}")

__all__ = [
    "AUTOSAVE_INTERVAL_MS",
    "AutosaveManager",
    "Recoverable",
    "RecoveryDialog",
    "autosave_dir",
    "find_recoverable",
    "offer_recovery",
]


def autosave_dir() -> Path:
    """``$PLAYGROUND_AUTOSAVE_DIR``, else ``<AppDataLocation>/autosave`` (not created here)."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".nn-playground") / "autosave"


# ---------------------------------------------------------------- files


class _Files:
    """The paths of one instance's autosave and its lock; plain Python, safe to use after Qt objects are gone."""

    def __init__(self, directory: Path, instance_id: str) -> None:
        self.directory = directory
        self.instance_id = instance_id
        self.design = directory / f"{instance_id}.json"
        self.meta = directory / f"{instance_id}.meta.json"
        self.snapshot = directory / f"{instance_id}.nnps"
        self.lock_path = directory / f"{instance_id}.lock"
        self.lock: QLockFile | None = None

    def acquire(self) -> None:
        """Create the folder and hold the lock that says "this instance is running"."""
        if self.lock is not None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        lock = QLockFile(str(self.lock_path))
        lock.setStaleLockTime(0)  # stale only when the owning process is gone, however old
        if not lock.tryLock(0):
            raise OSError(f"cannot lock {self.lock_path} ({lock.error().name})")
        self.lock = lock

    def remove(self) -> None:
        """Delete the autosave (design last: a half-removed set is still recoverable) and release the lock."""
        _unlink_all((self.snapshot, self.meta, self.design))
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None


def _unlink_all(paths: Iterable[Path | None]) -> None:
    for path in paths:
        if path is not None:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


def _write_json_atomic(path: Path, value: Any) -> None:
    write_atomic(path, (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


# ---------------------------------------------------------------- recovery listing


@dataclass(frozen=True)
class Recoverable:
    """An autosave left by an instance that did not close normally; ``spec`` is already validated."""

    instance_id: str
    design_path: Path
    meta_path: Path
    snapshot_path: Path | None  # a trained snapshot saved alongside, if any (not validated here)
    original_path: Path | None  # the file the design was opened from or saved to; None if never saved
    saved_at: datetime  # timezone-aware
    title: str
    spec: DesignSpec

    def discard(self) -> None:
        """Delete this autosave's files (missing ones are fine; a snapshot is removed even if unlisted)."""
        snapshot = self.design_path.with_name(f"{self.instance_id}.nnps")
        _unlink_all((snapshot, self.meta_path, self.design_path))


def _is_orphan(directory: Path, instance_id: str) -> bool:
    """True when no running process holds the instance's lock (it crashed, or the lock is gone)."""
    lock = QLockFile(str(directory / f"{instance_id}.lock"))
    lock.setStaleLockTime(0)
    if lock.tryLock(0):  # removes a stale lock left by a dead process
        lock.unlock()
        return True
    return False


def _read_meta(path: Path) -> dict[str, Any]:
    """The sidecar's fields, or {} when it is missing, too big, or not what we wrote."""
    try:
        if path.stat().st_size > MAX_META_BYTES:
            return {}
        value = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # ValueError covers bad UTF-8 and bad JSON
        return {}
    if not isinstance(value, dict) or value.get("format") != META_FORMAT:
        return {}
    return value


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=timezone.utc)


def find_recoverable(directory: str | os.PathLike[str] | None = None, exclude: Iterable[str] = ()) -> list[Recoverable]:
    """Autosaves of instances that are not running any more, newest first; unreadable ones are skipped.

    Never raises for the folder's contents: a missing folder, foreign files, a damaged
    design or sidecar are all simply not listed (a damaged sidecar alone does not hide a
    readable design: its time falls back to the file's, its title to the design's name).
    """
    from engine.design_io import load_design

    folder = Path(directory) if directory is not None else autosave_dir()
    excluded = set(exclude)
    try:
        candidates = sorted(folder.glob("*.json"))
    except OSError:
        return []
    found: list[Recoverable] = []
    for design_path in candidates:
        instance_id = design_path.stem
        if not _INSTANCE_ID.fullmatch(instance_id) or instance_id in excluded:
            continue
        try:
            if not design_path.is_file() or not _is_orphan(folder, instance_id):
                continue
            spec = load_design(design_path)
            mtime = datetime.fromtimestamp(design_path.stat().st_mtime, tz=timezone.utc)
        except (PlaygroundError, OSError, ValueError, OverflowError):
            continue
        meta_path = folder / f"{instance_id}.meta.json"
        meta = _read_meta(meta_path)
        original = meta.get("original_path")
        original_path = Path(original) if isinstance(original, str) and original and "\0" not in original else None
        title = meta.get("title")
        if not isinstance(title, str) or not title.strip():
            title = spec.name or (original_path.stem if original_path else "")
        snapshot = folder / f"{instance_id}.nnps"
        found.append(Recoverable(
            instance_id=instance_id,
            design_path=design_path,
            meta_path=meta_path,
            snapshot_path=snapshot if meta.get("snapshot") and snapshot.is_file() else None,
            original_path=original_path,
            saved_at=_parse_time(meta.get("saved_at")) or mtime,
            title=" ".join(title.split())[:MAX_TITLE],
            spec=spec,
        ))
    found.sort(key=lambda r: r.saved_at, reverse=True)
    return found


# ---------------------------------------------------------------- the manager


class AutosaveManager(QObject):
    """Keeps a recovery copy of one document while it has unsaved changes.

    ``snapshot_writer(path) -> bool``, if given, is called at each autosave to write a
    trained snapshot to ``path`` (True when it wrote one); it runs in the GUI thread, so
    it must hand the work to whoever owns the trainer safely. Its failures never stop the
    design's autosave.

    By default the manager is a child of the document (``offer_recovery`` finds it there).
    """

    autosaved = Signal(object)  # Path of the design written
    autosave_failed = Signal(str)  # a message ready to show in the status bar

    def __init__(
        self,
        document: Any,
        directory: str | os.PathLike[str] | None = None,
        interval_ms: int = AUTOSAVE_INTERVAL_MS,
        snapshot_writer: Callable[[Path], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent if parent is not None else document)
        self.setObjectName("autosaveManager")
        self._document = document
        self._snapshot_writer = snapshot_writer
        self._files = _Files(Path(directory) if directory is not None else autosave_dir(), uuid.uuid4().hex)
        self._pending = False  # the spec changed since the last autosave
        self._timer = QTimer(self)
        self._timer.setObjectName("autosaveTimer")
        self._timer.setInterval(max(1, int(interval_ms)))
        self._timer.timeout.connect(self._tick)
        document.clean_changed.connect(self._on_clean_changed)
        document.spec_changed.connect(self._on_spec_changed)
        document.path_changed.connect(self._on_path_changed)
        # the document closed: nothing left to recover (the lock goes with this manager)
        paths = (self._files.snapshot, self._files.meta, self._files.design)
        document.destroyed.connect(lambda *_: _unlink_all(paths))
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.discard)  # a normal exit
        if not document.is_clean:
            self._on_clean_changed(False)

    # -- properties -----------------------------------------------------------------
    @property
    def instance_id(self) -> str:
        return self._files.instance_id

    @property
    def directory(self) -> Path:
        return self._files.directory

    @property
    def design_path(self) -> Path:
        return self._files.design

    @property
    def meta_path(self) -> Path:
        return self._files.meta

    @property
    def snapshot_path(self) -> Path:
        return self._files.snapshot

    @property
    def interval_ms(self) -> int:
        return self._timer.interval()

    def set_interval_ms(self, ms: int) -> None:
        self._timer.setInterval(max(1, int(ms)))

    # -- reacting to the document ---------------------------------------------------
    def _on_clean_changed(self, clean: bool) -> None:
        if clean:  # saved, or the changes were undone, or another file was opened
            self._timer.stop()
            self._pending = False
            self._files.remove()
        else:
            self._pending = True
            if not self._timer.isActive():
                self._timer.start()

    def _on_spec_changed(self, _spec: Any) -> None:
        if not self._document.is_clean:
            self._pending = True
            if not self._timer.isActive():
                self._timer.start()

    def _on_path_changed(self, _path: Any) -> None:
        if not self._document.is_clean:
            self._pending = True  # the sidecar names the original file

    def _tick(self) -> None:
        if self._document.is_clean:
            self._timer.stop()
            return
        if self._pending:
            self.autosave_now()

    # -- writing and removing -------------------------------------------------------
    def autosave_now(self) -> bool:
        """Write the recovery copy now (if the document has unsaved changes); False if it could not."""
        doc = self._document
        if doc.is_clean:
            return False
        from engine.design_io import save_design

        spec = doc.spec
        try:
            self._files.acquire()
            save_design(spec, self._files.design)
            snapshot = self._write_snapshot()
            path = doc.path
            meta = {
                "format": META_FORMAT,
                "format_version": META_VERSION,
                "original_path": str(path) if path is not None else None,
                "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "title": spec.name or (Path(path).stem if path is not None else ""),
                "snapshot": snapshot,
                "pid": os.getpid(),
            }
            _write_json_atomic(self._files.meta, meta)
        except (PlaygroundError, OSError) as exc:
            self.autosave_failed.emit(self.tr("Could not write the recovery copy: %1").replace("%1", describe(exc)))
            return False
        self._pending = False
        self.autosaved.emit(self._files.design)
        return True

    def _write_snapshot(self) -> bool:
        if self._snapshot_writer is None:
            return False
        try:
            wrote = bool(self._snapshot_writer(self._files.snapshot))
        except (PlaygroundError, OSError, RuntimeError, ValueError):
            wrote = False
        if not wrote:
            with contextlib.suppress(OSError):
                self._files.snapshot.unlink(missing_ok=True)
        return wrote

    def discard(self) -> None:
        """Delete the recovery copy and release the lock (clean save, document closed, normal exit)."""
        with contextlib.suppress(RuntimeError):  # the timer may already be gone at exit
            self._timer.stop()
        self._pending = False
        self._files.remove()


# ---------------------------------------------------------------- the dialog


class RecoveryDialog(QDialog):
    """Lists recoverable designs; Restore picks the selected one, Discard deletes it, Later keeps all."""

    def __init__(self, items: list[Recoverable], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setWindowTitle(self.tr("Recover unsaved work"))
        self.setModal(True)
        self.chosen: Recoverable | None = None
        self.discarded: list[Recoverable] = []
        self._items = list(items)

        intro = QLabel(self.tr(
            "The playground did not close normally last time. These designs had changes that "
            "were not saved. Restore one to keep working on it."
        ))
        intro.setWordWrap(True)
        intro.setObjectName("recoveryIntro")
        self.list = QListWidget(self)
        self.list.setObjectName("recoveryList")
        for item in self._items:
            self.list.addItem(self._list_item(item))
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self._restore())

        self.restore_button = QPushButton(self.tr("Restore"), self)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.setDefault(True)
        self.discard_button = QPushButton(self.tr("Discard"), self)
        self.discard_button.setObjectName("discardButton")
        self.discard_button.setToolTip(self.tr("Delete the selected recovery copy"))
        self.later_button = QPushButton(self.tr("Later"), self)
        self.later_button.setObjectName("laterButton")
        self.later_button.setToolTip(self.tr("Keep the recovery copies and decide next time"))
        self.restore_button.clicked.connect(self._restore)
        self.discard_button.clicked.connect(self._discard)
        self.later_button.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.later_button, self.discard_button, self.restore_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.resize(520, 300)

    def _list_item(self, item: Recoverable) -> QListWidgetItem:
        title = item.title or self.tr("Untitled design")
        when = item.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        where = str(item.original_path) if item.original_path is not None else self.tr("never saved")
        text = self.tr("%1 — autosaved %2 — %3").replace("%1", title).replace("%2", when).replace("%3", where)
        row = QListWidgetItem(text)
        row.setData(Qt.ItemDataRole.UserRole, item.instance_id)
        row.setToolTip(where)
        return row

    @property
    def items(self) -> list[Recoverable]:
        """The recoverable designs still listed."""
        return list(self._items)

    def _selected_index(self) -> int:
        row = self.list.currentRow()
        return row if 0 <= row < len(self._items) else -1

    def _restore(self) -> None:
        index = self._selected_index()
        if index < 0:
            return
        self.chosen = self._items[index]
        self.accept()

    def _discard(self) -> None:
        index = self._selected_index()
        if index < 0:
            return
        item = self._items.pop(index)
        item.discard()
        self.discarded.append(item)
        self.list.takeItem(index)
        if not self._items:
            self.reject()
        else:
            self.list.setCurrentRow(min(index, len(self._items) - 1))


# ---------------------------------------------------------------- the hook for the main window


def offer_recovery(parent: QWidget | None, document: Any, directory: str | os.PathLike[str] | None = None) -> bool:
    """Show :class:`RecoveryDialog` if crashed instances left autosaves; True if one was restored.

    The chosen design goes into ``document`` as unsaved changes (the undo stack is never
    clean until the next save) and keeps its original path, so Save writes it back there.
    If the document has an :class:`AutosaveManager` child, it writes its own recovery copy
    right away and only then is the recovered autosave deleted; without one, the recovered
    files are kept (they will be offered again rather than risk losing them).
    """
    manager = document.findChild(AutosaveManager) if isinstance(document, QObject) else None
    exclude = [manager.instance_id] if manager is not None else []
    folder = directory if directory is not None else (manager.directory if manager is not None else None)
    items = find_recoverable(folder, exclude=exclude)
    if not items:
        return False
    dialog = RecoveryDialog(items, parent)
    try:
        dialog.exec()
        chosen = dialog.chosen
    finally:
        dialog.deleteLater()
    if chosen is None:
        return False
    document.load_spec(chosen.spec, chosen.original_path)
    document.undo_stack.resetClean()  # unsaved: Save (to the original path) or Save As keeps it
    if manager is not None and manager.autosave_now():
        chosen.discard()
    elif manager is not None:
        QMessageBox.warning(
            parent,
            QCoreApplication.translate("RecoveryDialog", "Recover unsaved work"),
            QCoreApplication.translate(
                "RecoveryDialog",
                "The design was restored, but its old recovery copy is kept because a new one could not "
                "be written. Save the design soon.",
            ),
        )
    return True
