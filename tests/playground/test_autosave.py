"""Autosave and crash recovery: recovery copies while unsaved, cleanup, orphans, the dialog, the hook."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
import weakref
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QPushButton

from engine.design_io import load_design, save_design
from playground.autosave import (
    ENV_DIR,
    AutosaveManager,
    Recoverable,
    RecoveryDialog,
    autosave_dir,
    find_recoverable,
    offer_recovery,
)
from playground.document import DesignDocument

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "assets" / "examples"
FAST = 30  # ms: the autosave interval in these tests


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The autosave folder, through the environment variable the app reads."""
    path = tmp_path / "autosave"
    monkeypatch.setenv(ENV_DIR, str(path))
    return path


@pytest.fixture
def make_manager(qtbot: Any, folder: Path) -> Callable[..., AutosaveManager]:
    managers: list[weakref.ref[AutosaveManager]] = []  # weak: a "crashed" manager must be able to go away

    def make(document: DesignDocument, **kwargs: Any) -> AutosaveManager:
        manager = AutosaveManager(document, interval_ms=kwargs.pop("interval_ms", FAST), **kwargs)
        managers.append(weakref.ref(manager))
        return manager

    yield make
    for ref in managers:
        manager = ref()
        if manager is not None and shiboken6.isValid(manager):
            manager.discard()


def autosaved(qtbot: Any, manager: AutosaveManager, action: Callable[[], Any] | None = None) -> Path:
    """Run ``action`` (an edit) and wait for the next autosave; the design file written."""
    with qtbot.waitSignal(manager.autosaved, timeout=3000) as blocker:
        if action is not None:
            action()
    return blocker.args[0]


def crash(manager: AutosaveManager) -> str:
    """What a crash leaves: the files, and a lock whose process is gone.

    The manager is deleted without any of its cleanup running. A dead process cannot hold
    its lock; in this (living) test process the lock is released by hand: the one private
    access here (``test_a_real_process_exit`` kills a real process instead).
    """
    instance, files = manager.instance_id, manager._files
    shiboken6.delete(manager)
    files.lock.unlock()
    assert f"{instance}.json" in {p.name for p in files.directory.iterdir()}
    return instance


def files_of(folder: Path, instance: str) -> set[str]:
    return {p.name for p in folder.glob(f"{instance}*")} if folder.is_dir() else set()


def leave_orphan(folder: Path, spec: Any, *, original: Path | None = None, minutes_ago: float = 0.0,
                 title: str | None = None, snapshot: bool = False) -> str:
    """An autosave as a crashed instance leaves it (no lock held)."""
    instance = uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    save_design(spec, folder / f"{instance}.json")
    when = datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)
    meta = {"format": "nn-playground.autosave", "format_version": 1,
            "original_path": str(original) if original else None, "saved_at": when.isoformat(),
            "title": title if title is not None else spec.name, "snapshot": snapshot, "pid": 1}
    (folder / f"{instance}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    if snapshot:
        (folder / f"{instance}.nnps").write_bytes(b"PK\x03\x04 a snapshot")
    return instance


def click_in_dialog(button: str) -> None:
    """Once the (modal) recovery dialog is up, click one of its buttons."""

    def click() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if w.objectName() == "recoveryDialog" and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(10, click)
            return
        dialogs[0].findChild(QPushButton, button).click()

    QTimer.singleShot(0, click)


# ---------------------------------------------------------------- writing the recovery copy


def test_the_folder_comes_from_the_environment(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert autosave_dir() == folder
    monkeypatch.delenv(ENV_DIR)
    assert autosave_dir().name == "autosave"


def test_an_edit_is_autosaved_within_the_interval(qtbot: Any, document: DesignDocument, make_manager: Any,
                                                 folder: Path) -> None:
    manager = make_manager(document)
    assert manager.interval_ms == FAST and manager.parent() is document
    path = autosaved(qtbot, manager, lambda: document.set_train(learning_rate=0.5))
    assert path == folder / f"{manager.instance_id}.json"
    assert load_design(path) == document.spec
    meta = json.loads(manager.meta_path.read_text(encoding="utf-8"))
    assert meta["original_path"] is None and meta["title"] == "Spiral" and meta["snapshot"] is False
    assert datetime.fromisoformat(meta["saved_at"]) <= datetime.now(timezone.utc)
    assert (folder / f"{manager.instance_id}.lock").exists()
    # the next edit reaches the recovery copy too
    autosaved(qtbot, manager, lambda: document.remove_layer("L2"))
    assert load_design(path) == document.spec and len(document.spec.layers) == 2


def test_nothing_is_written_while_the_document_is_clean(qtbot: Any, document: DesignDocument,
                                                      make_manager: Any, folder: Path) -> None:
    manager = make_manager(document)
    qtbot.wait(5 * FAST)
    assert not manager.autosave_now()
    assert not folder.exists() or not any(folder.iterdir())


def test_an_unchanged_document_is_not_rewritten(qtbot: Any, document: DesignDocument, make_manager: Any) -> None:
    manager = make_manager(document)
    autosaved(qtbot, manager, lambda: document.set_train(learning_rate=0.5))
    writes: list[Any] = []
    manager.autosaved.connect(writes.append)
    qtbot.wait(6 * FAST)
    assert writes == []  # the timer runs, but there is nothing new to write


def test_the_default_interval_is_a_minute(document: DesignDocument, folder: Path) -> None:
    manager = AutosaveManager(document)
    assert manager.interval_ms == 60_000
    manager.set_interval_ms(5)
    assert manager.interval_ms == 5
    manager.discard()


def test_a_clean_save_removes_the_recovery_copy(qtbot: Any, document: DesignDocument, make_manager: Any,
                                               folder: Path, tmp_path: Path) -> None:
    manager = make_manager(document)
    autosaved(qtbot, manager, lambda: document.set_train(learning_rate=0.5))
    assert files_of(folder, manager.instance_id) == {f"{manager.instance_id}{s}" for s in (".json", ".meta.json",
                                                                                           ".lock")}
    target = tmp_path / "mine.json"
    document.save(target)
    assert files_of(folder, manager.instance_id) == set()
    # more changes: a new recovery copy that names the file for Save
    autosaved(qtbot, manager, lambda: document.set_train(batch_size=7))
    meta = json.loads(manager.meta_path.read_text(encoding="utf-8"))
    assert meta["original_path"] == str(target)


def test_undoing_back_to_the_saved_state_removes_it(qtbot: Any, document: DesignDocument, make_manager: Any,
                                                   folder: Path) -> None:
    manager = make_manager(document)
    autosaved(qtbot, manager, lambda: document.set_train(learning_rate=0.5))
    document.undo_stack.undo()
    assert document.is_clean and files_of(folder, manager.instance_id) == set()


def test_closing_the_document_and_discard_remove_it(qtbot: Any, spiral_spec: Any, make_manager: Any,
                                                   folder: Path) -> None:
    doc = DesignDocument(spiral_spec)
    manager = make_manager(doc)
    autosaved(qtbot, manager, lambda: doc.set_train(learning_rate=0.5))
    instance = manager.instance_id
    shiboken6.delete(doc)  # closing the document (its manager goes with it)
    assert not (folder / f"{instance}.json").exists() and not (folder / f"{instance}.meta.json").exists()

    other = DesignDocument(spiral_spec)
    manager = make_manager(other)
    autosaved(qtbot, manager, lambda: other.set_train(learning_rate=0.5))
    manager.discard()
    assert files_of(folder, manager.instance_id) == set()
    other.deleteLater()


def test_write_failures_are_reported_not_raised(qtbot: Any, document: DesignDocument, tmp_path: Path) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("x")
    manager = AutosaveManager(document, directory=blocked / "autosave", interval_ms=FAST)
    with qtbot.waitSignal(manager.autosave_failed, timeout=3000) as blocker:
        document.set_train(learning_rate=0.5)
    assert "Could not write the recovery copy" in blocker.args[0]
    manager.discard()


def test_a_snapshot_writer_adds_a_trained_snapshot(qtbot: Any, document: DesignDocument, make_manager: Any,
                                                  folder: Path) -> None:
    calls: list[Path] = []

    def writer(path: Path) -> bool:
        calls.append(path)
        path.write_bytes(b"PK\x03\x04 trained")
        return True

    manager = make_manager(document, snapshot_writer=writer)
    autosaved(qtbot, manager, lambda: document.set_train(learning_rate=0.5))
    assert calls == [manager.snapshot_path] and manager.snapshot_path.exists()
    assert json.loads(manager.meta_path.read_text(encoding="utf-8"))["snapshot"] is True
    instance = crash(manager)
    [found] = find_recoverable(folder)
    assert found.instance_id == instance and found.snapshot_path == folder / f"{instance}.nnps"
    found.discard()
    assert files_of(folder, instance) == set()


def test_a_failing_snapshot_writer_does_not_stop_the_design_autosave(qtbot: Any, document: DesignDocument,
                                                                     make_manager: Any) -> None:
    def writer(path: Path) -> bool:
        raise OSError("disk full")

    manager = make_manager(document, snapshot_writer=writer)
    autosaved(qtbot, manager, lambda: document.set_train(learning_rate=0.5))
    assert manager.design_path.exists() and not manager.snapshot_path.exists()
    assert json.loads(manager.meta_path.read_text(encoding="utf-8"))["snapshot"] is False


# ---------------------------------------------------------------- finding what crashed instances left


def test_a_crashed_instance_is_found_and_gives_back_the_exact_design(
    qtbot: Any, document: DesignDocument, spiral_spec: Any, make_manager: Any, folder: Path
) -> None:
    manager = make_manager(document)
    document.insert_layer(1, "dropout")
    autosaved(qtbot, manager, lambda: document.set_layer_option("L1", "units", 13))
    edited = document.spec
    instance = crash(manager)
    assert f"{instance}.json" in files_of(folder, instance)  # the crash left the files

    fresh = DesignDocument(spiral_spec)
    new_manager = make_manager(fresh)
    autosaved(qtbot, new_manager, lambda: fresh.set_train(learning_rate=0.9))  # the running instance's own copy
    found = find_recoverable(folder)
    assert [r.instance_id for r in found] == [instance]  # never the running instance's
    assert found[0].spec == edited and found[0].title == "Spiral" and found[0].original_path is None
    assert load_design(found[0].design_path) == edited
    fresh.deleteLater()


def test_a_running_instance_is_never_offered(qtbot: Any, document: DesignDocument, make_manager: Any,
                                            folder: Path) -> None:
    manager = make_manager(document)
    autosaved(qtbot, manager, lambda: document.set_train(learning_rate=0.5))
    assert find_recoverable(folder) == []
    assert find_recoverable(folder, exclude=[manager.instance_id]) == []


def test_recoverables_are_listed_newest_first(spiral_spec: Any, folder: Path) -> None:
    old = leave_orphan(folder, replace(spiral_spec, name="old"), minutes_ago=30)
    new = leave_orphan(folder, replace(spiral_spec, name="new"), minutes_ago=1)
    middle = leave_orphan(folder, replace(spiral_spec, name="middle"), minutes_ago=10)
    assert [r.instance_id for r in find_recoverable(folder)] == [new, middle, old]
    assert [r.title for r in find_recoverable(folder)] == ["new", "middle", "old"]
    assert find_recoverable(folder / "missing") == []


def test_corrupted_and_foreign_autosaves_are_skipped(spiral_spec: Any, folder: Path) -> None:
    good = leave_orphan(folder, spiral_spec, minutes_ago=5)
    bad_payloads = [
        b"", b"not json", b"\xff\xfe\x00garbage", b'{"format": "nn-playground.design", "format_version": 1',
        b'{"format": "nn-playground.design", "format_version": 1, "network": {"layers": [{"id": "L1", '
        b'"type": "dense", "options": {"units": NaN}}]}}',
        b"[" * 100_000, b"PK\x03\x04 a zip",
        json.dumps({"format": "nn-playground.design", "format_version": 99}).encode(),
    ]
    bad = []
    for payload in bad_payloads:
        instance = uuid.uuid4().hex
        (folder / f"{instance}.json").write_bytes(payload)
        (folder / f"{instance}.meta.json").write_text('{"format": "nn-playground.autosave"}', encoding="utf-8")
        bad.append(instance)
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # not an autosave name
    (folder / f"{uuid.uuid4().hex}.json").mkdir()  # a folder with an autosave's name
    (folder / f"{uuid.uuid4().hex.upper()}.json").write_bytes(b"{}")
    # a damaged sidecar does not hide a readable design: the file's time and the design's name stand in
    damaged_meta = leave_orphan(folder, replace(spiral_spec, name="still here"), minutes_ago=60)
    (folder / f"{damaged_meta}.meta.json").write_bytes(b"\x00\x01{not json" * 10)
    odd_meta = leave_orphan(folder, replace(spiral_spec, name="odd"), minutes_ago=90)
    (folder / f"{odd_meta}.meta.json").write_text(json.dumps({
        "format": "nn-playground.autosave", "original_path": ["x"], "saved_at": "yesterday", "title": 5,
    }), encoding="utf-8")

    found = find_recoverable(folder)
    assert {r.instance_id for r in found} == {good, damaged_meta, odd_meta}
    by_id = {r.instance_id: r for r in found}
    assert by_id[damaged_meta].title == "still here" and by_id[damaged_meta].original_path is None
    assert by_id[odd_meta].title == "odd" and by_id[odd_meta].saved_at.tzinfo is not None
    assert all(p.exists() for i in bad for p in folder.glob(f"{i}*"))  # skipped, not deleted


@pytest.mark.parametrize("ending", ["normal", "crash"])
def test_a_real_process_exit(tmp_path: Path, folder: Path, ending: str) -> None:
    """A normal quit removes the recovery copy; a process that dies leaves it, with a stale lock."""
    script = (
        "import os, sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from engine.design_io import load_design\n"
        "from playground.autosave import AutosaveManager\n"
        "from playground.document import DesignDocument\n"
        "doc = DesignDocument(load_design(sys.argv[1]))\n"
        "manager = AutosaveManager(doc, interval_ms=60_000)\n"
        "doc.set_train(learning_rate=0.25)\n"
        "assert manager.autosave_now()\n"
        "print(manager.instance_id, flush=True)\n"
        "if sys.argv[2] == 'crash':\n"
        "    os._exit(3)\n"
        "QTimer.singleShot(0, app.quit)\n"
        "sys.exit(app.exec())\n"
    )
    env = {**os.environ, ENV_DIR: str(folder), "QT_QPA_PLATFORM": "offscreen", "PLAYGROUND_NO_GPU": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, "-c", script, str(EXAMPLES / "xor.json"), ending], capture_output=True,
                          text=True, env=env, cwd=REPO, timeout=120, check=False)
    instance = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    assert len(instance) == 32, proc.stderr
    if ending == "normal":
        assert proc.returncode == 0, proc.stderr
        assert files_of(folder, instance) == set()
        assert find_recoverable(folder) == []
    else:
        assert proc.returncode == 3
        assert f"{instance}.lock" in files_of(folder, instance)  # left behind by the dead process
        [found] = find_recoverable(folder)
        assert found.instance_id == instance and found.spec.train.learning_rate == 0.25
        assert f"{instance}.lock" not in files_of(folder, instance)  # the stale lock was cleared


# ---------------------------------------------------------------- the dialog


def two_orphans(folder: Path, spec: Any) -> list[Recoverable]:
    leave_orphan(folder, replace(spec, name="first"), minutes_ago=20, original=folder.parent / "first.json")
    leave_orphan(folder, replace(spec, name="second"), minutes_ago=2)
    return find_recoverable(folder)


def test_the_dialog_lists_newest_first_and_restore_picks_the_selection(qtbot: Any, spiral_spec: Any,
                                                                        folder: Path) -> None:
    items = two_orphans(folder, spiral_spec)
    dialog = RecoveryDialog(items)
    qtbot.addWidget(dialog)
    assert dialog.objectName() == "recoveryDialog" and dialog.windowTitle() == "Recover unsaved work"
    assert dialog.list.count() == 2 and dialog.list.currentRow() == 0
    assert "second" in dialog.list.item(0).text() and "never saved" in dialog.list.item(0).text()
    assert "first" in dialog.list.item(1).text() and "first.json" in dialog.list.item(1).text()
    assert [b.text() for b in dialog.findChildren(QPushButton)] == ["Restore", "Discard", "Later"]
    dialog.show()
    dialog.list.setCurrentRow(1)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(dialog.restore_button, qtbot_button())
    assert dialog.chosen is items[1] and dialog.result() == QDialog.DialogCode.Accepted
    assert all(r.design_path.exists() for r in items)  # restoring deletes nothing by itself


def qtbot_button() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_discard_deletes_the_selected_copy_and_closes_after_the_last(qtbot: Any, spiral_spec: Any,
                                                                      folder: Path) -> None:
    items = two_orphans(folder, spiral_spec)
    dialog = RecoveryDialog(items)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.discard_button, qtbot_button())
    assert not items[0].design_path.exists() and not items[0].meta_path.exists()
    assert items[1].design_path.exists() and dialog.isVisible()
    assert dialog.items == [items[1]] and dialog.list.count() == 1 and dialog.discarded == [items[0]]
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        qtbot.mouseClick(dialog.discard_button, qtbot_button())
    assert dialog.chosen is None and find_recoverable(folder) == []


def test_later_keeps_everything(qtbot: Any, spiral_spec: Any, folder: Path) -> None:
    items = two_orphans(folder, spiral_spec)
    dialog = RecoveryDialog(items)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        qtbot.mouseClick(dialog.later_button, qtbot_button())
    assert dialog.chosen is None and dialog.discarded == []
    assert [r.instance_id for r in find_recoverable(folder)] == [r.instance_id for r in items]


# ---------------------------------------------------------------- the hook for the main window


def test_offer_recovery_restores_as_unsaved_changes_with_the_original_path(
    qtbot: Any, spiral_spec: Any, make_manager: Any, folder: Path, tmp_path: Path
) -> None:
    original = tmp_path / "lesson.json"
    save_design(spiral_spec, original)
    lost = replace(spiral_spec, name="lost work", train=replace(spiral_spec.train, learning_rate=0.125))
    orphan = leave_orphan(folder, lost, original=original, minutes_ago=3)
    document = DesignDocument()
    manager = make_manager(document)
    click_in_dialog("restoreButton")
    assert offer_recovery(None, document) is True
    assert document.spec == lost and not document.is_clean and document.path == original
    assert files_of(folder, orphan) == set()  # replaced by this instance's own copy ...
    assert load_design(manager.design_path) == lost  # ... written right away
    assert find_recoverable(folder) == []
    document.save()  # Save goes to the original file
    assert load_design(original) == lost and document.is_clean
    assert files_of(folder, manager.instance_id) == set()
    document.deleteLater()


def test_offer_recovery_without_a_manager_keeps_the_files(qtbot: Any, spiral_spec: Any, folder: Path) -> None:
    orphan = leave_orphan(folder, replace(spiral_spec, name="kept"))
    document = DesignDocument()
    click_in_dialog("restoreButton")
    assert offer_recovery(None, document, folder) is True
    assert document.spec.name == "kept" and not document.is_clean and document.path is None
    assert f"{orphan}.json" in files_of(folder, orphan)  # nothing else protects the work yet
    document.deleteLater()


@pytest.mark.parametrize(("button", "left"), [("laterButton", 1), ("discardButton", 0)])
def test_offer_recovery_later_and_discard_leave_the_document_alone(
    qtbot: Any, spiral_spec: Any, document: DesignDocument, folder: Path, button: str, left: int
) -> None:
    leave_orphan(folder, replace(spiral_spec, name="other"))
    before = document.spec
    click_in_dialog(button)
    assert offer_recovery(None, document) is False
    assert document.spec is before and document.is_clean
    assert len(find_recoverable(folder)) == left


def test_offer_recovery_with_nothing_to_offer_shows_nothing(qtbot: Any, document: DesignDocument,
                                                           folder: Path) -> None:
    assert offer_recovery(None, document) is False
    (folder).mkdir(parents=True, exist_ok=True)
    (folder / f"{uuid.uuid4().hex}.json").write_bytes(b"corrupt")
    assert offer_recovery(None, document) is False  # a corrupt autosave alone: no dialog, no exception
