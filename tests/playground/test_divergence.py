"""A diverging run in the app: the loss plot's mark, the suggested learning rate and its one-click apply."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from engine.design_io import load_design
from engine.spec import DesignSpec
from playground.snapshot_actions import install_snapshot_actions, suggested_learning_rate

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"
TIMEOUT_MS = 20_000


def diverging_spiral(rate: float = 500.0) -> DesignSpec:
    """Spiral with a linear output and a huge learning rate: MSE overflows within a few steps."""
    design = load_design(EXAMPLES / "spiral.json")
    layers = (*design.layers[:2], design.layers[2].with_option("activation", "linear"))
    return replace(design, layers=layers, train=replace(design.train, backend="numpy", learning_rate=rate))


@pytest.fixture
def diverged(qtbot: Any, make_window: Any) -> tuple[Any, Any]:
    """A window whose training has just diverged, and the Divergence it reported."""
    window = make_window(spec=diverging_spiral())
    install_snapshot_actions(window)
    qtbot.waitUntil(lambda: window.controller.last_snapshot is not None, timeout=TIMEOUT_MS)
    with qtbot.waitSignal(window.controller.divergence, timeout=TIMEOUT_MS) as blocker:
        window.play_action.trigger()
    qtbot.waitUntil(
        lambda: window.controller.last_snapshot.status == "diverged" and window.controller.last_snapshot.final,
        timeout=TIMEOUT_MS,
    )
    return window, blocker.args[0]


def test_divergence_pauses_and_marks_the_step_on_the_loss_plot(diverged) -> None:
    window, divergence = diverged
    snap = window.controller.last_snapshot
    assert not window.controller.is_running and snap.status == "diverged"
    assert not math.isfinite(divergence.loss) and divergence.learning_rate == 500.0
    # the step that diverged is the one after the last counted step (it was not counted)
    assert divergence.step == snap.global_step + 1 and divergence.step >= 1
    kind = "NaN" if math.isnan(divergence.loss) else "inf"
    assert window.loss_plot.divergence_marks() == [(float(divergence.step), f"diverged ({kind})")]
    lines = [item for item in window.loss_plot.loss_plot.items if item.objectName() == "divergenceMark"]
    assert len(lines) == 1 and lines[0].value() == divergence.step
    assert lines[0].label.toPlainText() == f"diverged ({kind})"
    window.loss_plot.flush()
    xs, _ = window.loss_plot.batch.data()
    assert len(xs) == snap.global_step and (not len(xs) or xs[-1] == divergence.step - 1)
    view_lo, view_hi = window.loss_plot.loss_plot.vb.viewRange()[0]
    assert view_lo <= divergence.step <= view_hi  # the mark is inside the visible range
    message = window.message_label.full_text()
    assert message == f"Try a learning rate of 50 (now 500): the loss became {kind} at step {divergence.step:,}."


def test_the_suggested_learning_rate_is_one_click_and_undoable(qtbot, diverged) -> None:
    window, _ = diverged
    button = window.findChild(QPushButton, "applyLearningRateButton")
    assert button is not None and button.isVisible() and "50" in button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.document.spec.train.learning_rate == 50.0
    assert not button.isVisible()
    assert not window.document.is_clean
    window.undo_action.trigger()
    assert window.document.spec.train.learning_rate == 500.0
    assert button.isVisible()  # the divergence still stands for the rate it happened with
    window.redo_action.trigger()
    assert window.document.spec.train.learning_rate == 50.0


def test_reset_clears_the_mark_and_the_suggestion(qtbot, diverged) -> None:
    window, _ = diverged
    button = window.findChild(QPushButton, "applyLearningRateButton")
    assert window.loss_plot.divergence_marks()
    window.reset_action.trigger()
    assert window.loss_plot.divergence_marks() == []
    assert not any(item.objectName() == "divergenceMark" for item in window.loss_plot.loss_plot.items)
    assert not button.isVisible()
    qtbot.waitUntil(lambda: window.controller.last_snapshot.status == "reset", timeout=TIMEOUT_MS)
    assert window.loss_plot.divergence_marks() == []


def test_a_mark_survives_snapshots_of_its_run_and_goes_with_a_new_run(qtbot, diverged) -> None:
    window, _ = diverged
    plot = window.loss_plot
    snap = window.controller.last_snapshot
    plot.update_snapshot(snap)  # the same run again
    assert len(plot.divergence_marks()) == 1
    plot.update_snapshot(replace(snap, run=snap.run + 1, history=(), new_losses=snap.new_losses[:0]))
    assert plot.divergence_marks() == []


@pytest.mark.parametrize(("rate", "expected"), [(3.0, 0.3), (10.0, 1.0), (0.05, 0.005), (1.0, 0.1), (7e-5, 7e-6)])
def test_suggested_learning_rate_is_one_tenth(rate: float, expected: float) -> None:
    assert suggested_learning_rate(rate) == expected
