"""Trained snapshots in the app: File ▸ Save Trained Snapshot…, opening one, continuing exactly.

Training runs through the real controller and worker thread; file dialogs are replaced by
functions that return a path (a real one would block the offscreen run).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from engine.checkpoint import load_checkpoint, save_checkpoint
from engine.design_io import load_design
from engine.errors import SnapshotError
from engine.training import Trainer
from playground.settings import Settings
from playground.snapshot_actions import install_snapshot_actions

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"
XOR = EXAMPLES / "xor.json"
TIMEOUT_MS = 20_000


def idle_at_epoch(window: Any, epoch: int) -> bool:
    snap = window.controller.last_snapshot
    return snap is not None and snap.epoch == epoch and snap.final and not snap.running


def step_epochs(qtbot: Any, window: Any, n: int) -> None:
    """Train ``n`` whole epochs with the window's Epoch action (Ctrl+F6), one at a time."""
    for _ in range(n):
        start = window.controller.last_snapshot.epoch
        window.step_epoch_action.trigger()
        qtbot.waitUntil(lambda s=start: idle_at_epoch(window, s + 1), timeout=TIMEOUT_MS)


def open_window(make_window: Any, path: Path | None = None) -> Any:
    window = make_window(path)
    install_snapshot_actions(window)
    return window


def save_through_action(qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """Trigger File ▸ Save Trained Snapshot… with a dialog that answers ``path``; returns the dialog's start paths."""
    asked: list[str] = []

    def fake(parent: Any, caption: str, start: str, *args: Any, **kwargs: Any) -> tuple[str, str]:
        asked.append(start)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    action = window.findChild(QAction, "saveSnapshotAction")
    assert action is not None and action.shortcut().toString() == "Ctrl+Alt+S"
    with qtbot.waitSignal(window.controller.snapshot_saved, timeout=TIMEOUT_MS) as blocker:
        action.trigger()
    assert blocker.args == [str(path)]
    return asked


def open_through_action(window: Any, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(path), "")))
    window.open_action.trigger()


def test_a_snapshot_saved_in_the_app_continues_exactly_in_a_fresh_window(qtbot, make_window, monkeypatch, tmp_path):
    first = open_window(make_window, XOR)
    qtbot.waitUntil(lambda: idle_at_epoch(first, 0), timeout=TIMEOUT_MS)
    step_epochs(qtbot, first, 2)
    two = first.controller.last_snapshot.history
    snap_path = tmp_path / "xor-trained.nnps"
    save_through_action(qtbot, first, monkeypatch, snap_path)
    assert snap_path.is_file() and load_checkpoint(snap_path).state["epoch"] == 2
    assert "xor-trained.nnps" in first.message_label.full_text()
    first.shutdown()

    second = open_window(make_window)  # the default design (spiral)
    qtbot.waitUntil(lambda: idle_at_epoch(second, 0), timeout=TIMEOUT_MS)
    open_through_action(second, monkeypatch, snap_path)
    assert second.document.spec == load_design(XOR)  # the snapshot's design is the document now
    assert second.document.path is None and second.document.is_clean
    assert "xor-trained.nnps" in second.windowTitle()
    qtbot.waitUntil(lambda: idle_at_epoch(second, 2), timeout=TIMEOUT_MS)
    restored = second.controller.last_snapshot
    assert restored.history == two and restored.global_step == 20

    # the curves show the restored run: every batch loss and both epochs
    second.loss_plot.flush()
    xs, _ = second.loss_plot.batch.data()
    assert np.array_equal(xs, np.arange(1, 21))
    ex, ey = second.loss_plot.epoch_train.data()
    assert np.array_equal(ex, [10, 20]) and np.array_equal(ey, [r.train_loss for r in two])

    step_epochs(qtbot, second, 2)
    four = second.controller.last_snapshot.history
    plain = Trainer(load_design(XOR))
    plain.train_epochs(4)
    assert [(r.train_loss, r.test_loss, r.train_acc, r.test_acc) for r in four] == [
        (r.train_loss, r.test_loss, r.train_acc, r.test_acc) for r in plain.history
    ]
    assert str(snap_path.resolve()) in Settings().recent_files()


def test_ctrl_s_after_opening_a_snapshot_asks_for_a_design_file(qtbot, make_window, monkeypatch, tmp_path):
    trainer = Trainer(load_design(XOR), backend="numpy")
    trainer.train_epochs(1)
    snap_path = tmp_path / "lesson.nnps"
    save_checkpoint(trainer, snap_path)
    before = snap_path.read_bytes()
    window = open_window(make_window, snap_path)  # the command line's FILE goes through open_path too
    qtbot.waitUntil(lambda: idle_at_epoch(window, 1), timeout=TIMEOUT_MS)
    asked: list[str] = []
    design_path = tmp_path / "lesson-design.json"

    def fake(parent: Any, caption: str, start: str, *args: Any, **kwargs: Any) -> tuple[str, str]:
        asked.append(start)
        return str(design_path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    window.save_action.trigger()  # Ctrl+S
    assert len(asked) == 1 and asked[0].endswith(".json")
    assert snap_path.read_bytes() == before  # the snapshot is never overwritten by a design
    assert load_design(design_path) == load_design(XOR)
    assert window.document.path == design_path and "lesson-design.json" in window.windowTitle()


def test_save_snapshot_suggests_the_snapshot_it_came_from(qtbot, make_window, monkeypatch, tmp_path):
    trainer = Trainer(load_design(XOR), backend="numpy")
    trainer.train_epochs(1)
    snap_path = tmp_path / "came-from.nnps"
    save_checkpoint(trainer, snap_path)
    window = open_window(make_window, snap_path)
    qtbot.waitUntil(lambda: idle_at_epoch(window, 1), timeout=TIMEOUT_MS)
    step_epochs(qtbot, window, 1)
    asked = save_through_action(qtbot, window, monkeypatch, snap_path)
    assert asked == [str(snap_path)]
    assert load_checkpoint(snap_path).state["epoch"] == 2  # written by the worker's own trainer


def corrupt_truncated(path: Path) -> None:
    trainer = Trainer(load_design(XOR), backend="numpy")
    trainer.train_epochs(1)
    save_checkpoint(trainer, path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def corrupt_foreign_member(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("design.json", XOR.read_text(encoding="utf-8"))
        zf.writestr("../../evil.sh", "rm -rf /")


def corrupt_newer_format(path: Path) -> None:
    trainer = Trainer(load_design(XOR), backend="numpy")
    save_checkpoint(trainer, path)
    with zipfile.ZipFile(path) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    members["state.json"] = members["state.json"].replace(b'"format_version": 1', b'"format_version": 99')
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)


@pytest.mark.parametrize("corrupt", [corrupt_truncated, corrupt_foreign_member, corrupt_newer_format])
def test_a_bad_snapshot_shows_the_loaders_message_and_changes_nothing(
    qtbot, make_window, dialogs, tmp_path, corrupt
):
    bad = tmp_path / "bad.nnps"
    corrupt(bad)
    with pytest.raises(SnapshotError) as expected:
        load_checkpoint(bad)
    window = open_window(make_window, XOR)
    qtbot.waitUntil(lambda: idle_at_epoch(window, 0), timeout=TIMEOUT_MS)
    spec, path, revision, title = window.document.spec, window.document.path, window.controller.revision, (
        window.windowTitle()
    )
    assert not window.open_path(bad)
    kind, title_text, text = dialogs.calls[-1]
    assert kind == "critical" and "snapshot" in title_text.lower()
    assert str(expected.value) in text and "bad.nnps" in text
    assert window.document.spec is spec and window.document.path == path
    assert window.controller.revision == revision  # nothing was sent to the training thread
    assert window.windowTitle() == title
    assert str(bad.resolve()) not in Settings().recent_files()


def test_a_failed_save_shows_why(qtbot, make_window, dialogs, tmp_path):
    window = open_window(make_window, XOR)
    qtbot.waitUntil(lambda: idle_at_epoch(window, 0), timeout=TIMEOUT_MS)
    target = tmp_path / "no-such-folder" / "x.nnps"
    with qtbot.waitSignal(window.controller.snapshot_save_failed, timeout=TIMEOUT_MS) as blocker:
        window.snapshot_actions.save_to(target)
    assert blocker.args[0] == str(target)
    kind, _, text = dialogs.calls[-1]
    assert kind == "critical" and str(target) in text and "No such file" in text
    assert not target.exists()
    assert window.snapshot_source is None


def test_renaming_the_design_reaches_the_saved_snapshot(qtbot, make_window, monkeypatch, tmp_path):
    """Name and description edits change no training setting, yet the snapshot must carry them."""
    from dataclasses import replace

    window = open_window(make_window, XOR)
    qtbot.waitUntil(lambda: idle_at_epoch(window, 0), timeout=TIMEOUT_MS)
    doc = window.document
    doc.replace_spec(replace(doc.spec, name="Renamed XOR"), "rename")
    path = tmp_path / "renamed.nnps"
    save_through_action(qtbot, window, monkeypatch, path)
    assert load_checkpoint(path).design.name == "Renamed XOR"


def test_open_recent_reopens_a_snapshot(qtbot, make_window, tmp_path):
    trainer = Trainer(load_design(XOR), backend="numpy")
    trainer.train_epochs(3)
    snap_path = tmp_path / "recent.nnps"
    save_checkpoint(trainer, snap_path)
    Settings().add_recent_file(snap_path)
    window = open_window(make_window)
    qtbot.waitUntil(lambda: idle_at_epoch(window, 0), timeout=TIMEOUT_MS)
    window._fill_recent_menu()
    entry = next(a for a in window.recent_menu.actions() if a.toolTip() == str(snap_path.resolve()))
    entry.trigger()
    qtbot.waitUntil(lambda: idle_at_epoch(window, 3), timeout=TIMEOUT_MS)
    assert window.controller.last_snapshot.history == tuple(trainer.history)
    assert "recent.nnps (trained snapshot)" in window.windowTitle()
