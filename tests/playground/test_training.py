"""The training worker thread and its controller (playground/training).

Every test goes through the ``ctl`` fixture, which always shuts the thread down. Worker
attributes (the Trainer) are read only while training is paused and the final snapshot
has arrived, i.e. while the worker thread is idle.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from engine.design_io import load_design
from engine.probes import Snapshot
from engine.spec import DesignSpec, LayerSpec
from playground.training import TrainingController

SPIRAL = Path(__file__).resolve().parents[2] / "assets" / "examples" / "spiral.json"
TIMEOUT_MS = 20_000


def spiral(**train) -> DesignSpec:
    design = load_design(SPIRAL)
    return replace(design, train=replace(design.train, backend="numpy", **train))


class Harness:
    """A controller plus everything it emitted."""

    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.c = TrainingController()
        self.snaps: list[Snapshot] = []
        self.states: list[str] = []
        self.failures: list[str] = []
        self.divergences: list[str] = []
        self.c.snapshot_ready.connect(self.snaps.append)
        self.c.state_changed.connect(self.states.append)
        self.c.failed.connect(self.failures.append)
        self.c.diverged.connect(self.divergences.append)

    @property
    def last(self) -> Snapshot:
        return self.snaps[-1]

    def wait(self, cond, timeout: int = TIMEOUT_MS) -> None:
        self.qtbot.waitUntil(cond, timeout=timeout)

    def wait_idle(self) -> Snapshot:
        """Wait for the final snapshot of a stopped run (the worker is idle afterwards)."""
        self.wait(lambda: bool(self.snaps) and self.last.final and not self.last.running)
        return self.last

    def wait_revision(self, revision: int) -> Snapshot:
        self.wait(lambda: bool(self.snaps) and self.last.revision >= revision and not self.last.running)
        return self.last

    def start(self, design: DesignSpec) -> Snapshot:
        self.c.set_design(design)
        return self.wait_revision(self.c.revision)

    @property
    def trainer(self):
        return self.c.worker.trainer


@pytest.fixture
def ctl(qtbot):
    h = Harness(qtbot)
    yield h
    h.c.shutdown()
    assert h.c.worker is None and h.c._thread is None
    assert h.c.state == "stopped" or not h.snaps


def test_first_design_gives_an_idle_snapshot_with_evaluation(ctl):
    snap = ctl.start(spiral())
    assert snap.global_step == 0 and snap.epoch == 0 and snap.history == ()
    assert snap.boundary.shape == (100, 100) and snap.extent == (-6.0, 6.0, -6.0, 6.0)
    assert snap.train_loss is not None and snap.test_acc is not None  # evaluated while idle
    assert snap.revision == ctl.c.revision == 1
    assert not ctl.c.is_running


def test_play_on_spiral_makes_the_loss_fall(ctl):
    ctl.start(spiral())
    ctl.c.play()
    ctl.wait(lambda: ctl.c.is_running and bool(ctl.snaps) and ctl.last.epoch >= 30)
    assert "running" in ctl.states
    ctl.c.pause()
    snap = ctl.wait_idle()
    assert ctl.states[-1] == "paused" and not ctl.c.is_running
    history = snap.history
    assert len(history) >= 30
    assert history[-1].train_loss < history[0].train_loss - 0.03
    assert snap.status == "paused" and snap.samples_per_second > 0


def test_learning_rate_change_is_used_by_the_next_step_and_keeps_weights(ctl):
    ctl.start(spiral())
    ctl.c.play()
    ctl.wait(lambda: bool(ctl.snaps) and ctl.last.global_step >= 200)
    ctl.c.pause()
    before = ctl.wait_idle()
    trainer = ctl.trainer
    params = trainer.network.flat_params.copy()
    history = len(trainer.history)

    ctl.c.set_design(spiral(learning_rate=0.25))
    ctl.c.step_batch()
    ctl.wait(lambda: ctl.last.global_step == before.global_step + 1 and ctl.last.final)
    after = ctl.last
    assert after.learning_rate == pytest.approx(0.25)
    assert ctl.trainer is trainer  # no new trainer, no reset
    assert trainer.design.train.learning_rate == pytest.approx(0.25)
    assert len(trainer.history) == history
    # plain SGD: the step just taken moved the weights by exactly -0.25 * gradient
    np.testing.assert_allclose(
        trainer.network.flat_params, params - 0.25 * trainer.network.flat_grads, rtol=1e-5, atol=1e-7
    )


def test_structural_change_keeps_the_unchanged_layers_weights(ctl):
    ctl.start(spiral())
    ctl.c.play()
    ctl.wait(lambda: bool(ctl.snaps) and ctl.last.global_step >= 100)
    ctl.c.pause()
    before = ctl.wait_idle()
    trainer = ctl.trainer
    kept = {lid: trainer.network.layer(lid).params["W"].copy() for lid in ("L1", "L2", "L3")}

    design = spiral()
    new_layer = LayerSpec("L4", "dense", {"units": 8, "activation": "tanh"})
    grown = replace(design, layers=(*design.layers[:2], new_layer, design.layers[2]))
    ctl.c.set_design(grown)
    snap = ctl.wait_revision(ctl.c.revision)
    assert ctl.trainer is trainer and snap.global_step == before.global_step
    assert [layer.id for layer in trainer.network.layers] == ["L1", "L2", "L4", "L3"]
    for lid, w in kept.items():
        np.testing.assert_array_equal(trainer.network.layer(lid).params["W"], w)
    assert snap.boundary is not None and not np.array_equal(snap.boundary, before.boundary)


def test_pause_stops_snapshots(ctl, qtbot):
    ctl.start(spiral())
    ctl.c.play()
    ctl.wait(lambda: len(ctl.snaps) >= 4)
    ctl.c.pause()
    final = ctl.wait_idle()
    count = len(ctl.snaps)
    qtbot.wait(400)
    assert len(ctl.snaps) == count and ctl.last is final
    assert final.status == "paused"


def test_snapshots_are_throttled_under_a_flood_and_the_final_one_arrives(ctl, qtbot):
    ctl.start(spiral(epochs=1_000_000))
    ctl.c.play()
    ctl.wait(lambda: bool(ctl.snaps) and ctl.last.running)
    start = len(ctl.snaps)
    qtbot.wait(1000)
    during = len(ctl.snaps) - start
    ctl.c.pause()
    final = ctl.wait_idle()
    assert 3 <= during <= 35
    assert final.final and not final.running
    assert ctl.c.worker.snapshots_emitted == len(ctl.snaps)  # every snapshot arrived; none queued up


def test_new_losses_have_no_gaps(ctl):
    ctl.start(spiral())
    ctl.c.play()
    ctl.wait(lambda: bool(ctl.snaps) and ctl.last.global_step >= 500)
    ctl.c.pause()
    ctl.wait_idle()
    ctl.c.step_batch()
    ctl.wait(lambda: ctl.last.status == "stepped" and ctl.last.final)
    ctl.c.step_epoch()
    epoch = ctl.last.epoch
    ctl.wait(lambda: ctl.last.epoch == epoch + 1 and ctl.last.final)
    snap = ctl.last
    losses = np.concatenate([s.new_losses for s in ctl.snaps])
    assert len(losses) == snap.global_step
    np.testing.assert_array_equal(losses, np.asarray(ctl.trainer.step_losses, dtype=np.float32))


def test_step_batch_and_step_epoch(ctl):
    ctl.start(spiral())
    ctl.c.step_batch()
    ctl.wait(lambda: ctl.last.global_step == 1 and ctl.last.final)
    snap = ctl.last
    assert snap.status == "stepped" and len(snap.new_losses) == 1 and snap.epoch == 0
    ctl.c.step_epoch()
    ctl.wait(lambda: ctl.last.epoch == 1 and ctl.last.final)
    assert ctl.last.global_step == ctl.trainer.steps_per_epoch
    assert not ctl.c.is_running and ctl.states[-1] == "paused"


def test_reset_clears_the_history(ctl):
    ctl.start(spiral())
    ctl.c.play()
    ctl.wait(lambda: bool(ctl.snaps) and ctl.last.epoch >= 3)
    old_run = ctl.last.run
    ctl.c.reset()
    ctl.wait(lambda: ctl.last.run > old_run and ctl.last.final)
    snap = ctl.last
    assert snap.history == () and snap.epoch == 0 and snap.global_step == 0
    assert snap.status == "reset" and not ctl.c.is_running
    assert ctl.trainer.history == [] and ctl.trainer.global_step == 0


def test_epochs_limit_pauses_with_a_final_snapshot(ctl):
    ctl.start(spiral(epochs=3))
    ctl.c.play()
    ctl.wait(lambda: ctl.last.status == "epochs")
    snap = ctl.last
    assert snap.epoch == 3 and snap.final and not snap.running
    assert ctl.states[-1] == "paused"


def test_a_diverging_design_emits_diverged_and_pauses(ctl, qtbot):
    # spiral with lr 500: a tanh output and MSE stay bounded, so the output is made linear
    design = spiral(learning_rate=500.0)
    layers = (*design.layers[:2], design.layers[2].with_option("activation", "linear"))
    ctl.start(replace(design, layers=layers))
    with qtbot.waitSignal(ctl.c.diverged, timeout=TIMEOUT_MS):
        ctl.c.play()
    ctl.wait(lambda: ctl.last.status == "diverged" and ctl.last.final)
    assert ctl.divergences and "learning rate" in ctl.divergences[0]
    assert not ctl.c.is_running and ctl.states[-1] == "paused"
    assert np.isfinite(ctl.trainer.network.flat_params).all()  # rolled back to the last good weights
    assert np.isfinite(ctl.last.boundary).all()


def test_an_invalid_design_emits_failed_and_does_not_train(ctl, qtbot):
    ctl.start(spiral())
    design = spiral()
    bad = replace(design, layers=(*design.layers[:2], design.layers[2].with_option("units", 3)))
    with qtbot.waitSignal(ctl.c.failed, timeout=TIMEOUT_MS):
        ctl.c.set_design(bad)
    with qtbot.waitSignal(ctl.c.failed, timeout=TIMEOUT_MS):
        ctl.c.play()
    assert not ctl.c.is_running
    ctl.c.set_design(design)  # a valid design clears the error
    ctl.c.step_batch()
    ctl.wait(lambda: ctl.last.revision == ctl.c.revision and ctl.last.global_step == 1)


def test_new_data_starts_a_new_run(ctl):
    first = ctl.start(spiral())
    design = spiral()
    xor = replace(design, data=replace(design.data, dataset="xor"))
    snap = ctl.start(xor)
    assert snap.run > first.run and snap.dataset is not first.dataset
    assert snap.global_step == 0


def test_shutdown_joins_and_a_later_command_restarts(ctl):
    ctl.start(spiral())
    ctl.c.play()
    ctl.wait(lambda: len(ctl.snaps) >= 2)
    thread = ctl.c._thread
    ctl.c.shutdown()
    assert thread.isFinished() and ctl.c.worker is None
    assert ctl.states[-1] == "stopped" and not ctl.c.is_running
    ctl.c.shutdown()  # twice is fine
    ctl.c.step_batch()  # starts a new thread with the same design
    ctl.wait(lambda: ctl.last.global_step == 1 and ctl.last.final)


def test_toggle_switches_between_running_and_paused(ctl):
    ctl.start(spiral(epochs=1_000_000))
    ctl.c.toggle()
    assert ctl.c.is_running
    ctl.wait(lambda: bool(ctl.snaps) and ctl.last.running)
    ctl.c.toggle()
    assert not ctl.c.is_running
    ctl.wait_idle()
    assert ctl.states[-2:] == ["running", "paused"]


def test_an_invalid_first_design_reports_and_never_trains(ctl, qtbot):
    design = spiral()
    bad = replace(design, layers=(*design.layers[:2], design.layers[2].with_option("units", 3)))
    with qtbot.waitSignal(ctl.c.failed, timeout=TIMEOUT_MS):
        ctl.c.set_design(bad)
    with qtbot.waitSignal(ctl.c.failed, timeout=TIMEOUT_MS):
        ctl.c.play()
    assert not ctl.c.is_running and ctl.snaps == []
    assert "3 units" in ctl.failures[0]


def test_reaching_the_target_loss_pauses(ctl):
    ctl.start(spiral(target_loss=0.99))  # epoch 1 is above it, a later epoch crosses it
    ctl.c.play()
    ctl.wait(lambda: ctl.last.status == "target")
    snap = ctl.last
    assert snap.final and not snap.running and not ctl.c.is_running
    assert snap.history[-1].train_loss <= 0.99 < snap.history[-2].train_loss


def test_registered_probes_run_in_the_worker_and_reach_the_gui(qtbot) -> None:
    import threading

    from engine.probes import Probe, ProbeFailure
    from playground.training.controller import TrainingController

    seen_threads = []

    def weights_probe(trainer):
        seen_threads.append(threading.get_ident())
        return trainer.network.layer("L1").params["W"].copy()

    def broken_probe(trainer):
        raise RuntimeError("boom")

    controller = TrainingController()
    try:
        controller.set_probe("w", Probe(weights_probe))
        controller.set_probe("broken", Probe(broken_probe))
        controller.set_design(spiral())
        got = []
        controller.snapshot_ready.connect(lambda s: got.append(s))
        controller.step_batch()
        qtbot.waitUntil(lambda: any("w" in s.extras for s in got), timeout=10000)
        snap = next(s for s in got if "w" in s.extras)
        assert snap.extras["w"].shape == (2, 8)
        assert isinstance(snap.extras["broken"], ProbeFailure) and "boom" in snap.extras["broken"].message
        assert threading.get_ident() not in seen_threads  # computed in the training thread
        controller.set_probe("w", None)
        got.clear()
        controller.step_batch()
        qtbot.waitUntil(lambda: bool(got), timeout=10000)
        assert "w" not in got[-1].extras
    finally:
        controller.shutdown()


def test_set_parameter_is_used_by_the_next_step(ctl):
    ctl.start(spiral())
    ctl.c.play()
    ctl.wait(lambda: bool(ctl.snaps) and ctl.last.global_step >= 100)
    ctl.c.pause()
    before = ctl.wait_idle()
    trainer = ctl.trainer
    count = len(ctl.snaps)

    ctl.c.set_parameter("L2", "W", (3, 5), 0.75)
    ctl.c.set_parameter("L1", "b", 2, -0.5)  # an int index is one position
    ctl.wait(lambda: len(ctl.snaps) > count and ctl.last.final and ctl.c.worker.parameter_edits == 2)
    assert ctl.last.global_step == before.global_step  # no step taken: the paused run shows the edit
    assert not np.array_equal(ctl.last.boundary, before.boundary)
    net = trainer.network
    assert net.layer("L2").params["W"][3, 5] == pytest.approx(0.75)
    assert net.layer("L1").params["b"][2] == pytest.approx(-0.5)
    edited = net.flat_params.copy()

    ctl.c.step_batch()
    ctl.wait(lambda: ctl.last.global_step == before.global_step + 1 and ctl.last.final)
    # plain SGD: the step started from the edited values, w <- w - lr * dL/dw
    np.testing.assert_allclose(net.flat_params, edited - 0.03 * net.flat_grads, rtol=1e-5, atol=1e-7)
    assert net.layer("L2").params["W"][3, 5] != pytest.approx(0.75, abs=1e-9)  # it trains on from there


def test_set_parameter_ignores_what_the_network_does_not_have(ctl):
    ctl.start(spiral())
    trainer = ctl.trainer
    params = trainer.network.flat_params.copy()
    count = len(ctl.snaps)
    for args in (("L9", "W", (0, 0), 1.0), ("L1", "gamma", (0,), 1.0), ("L1", "W", (2, 0), 1.0),
                 ("L1", "W", (0,), 1.0), ("L1", "W", (0, 0), float("nan"))):
        ctl.c.set_parameter(*args)
    ctl.c.step_batch()  # the commands run in order: once this step is seen, all were handled
    ctl.wait(lambda: len(ctl.snaps) > count and ctl.last.global_step == 1 and ctl.last.final)
    assert ctl.c.worker.parameter_edits == 0 and ctl.failures == []
    assert np.isfinite(trainer.network.flat_params).all()
    assert not np.array_equal(trainer.network.flat_params, params)  # the step itself trained



# ---------------------------------------------------------------- GPU failure: on to the CPU


class FakeGpuError(RuntimeError):
    """Stands in for a CuPy error (registered as a GPU failure for the test)."""


@pytest.mark.parametrize("where", ["step", "evaluation"])
def test_a_gpu_failure_moves_training_to_the_cpu_and_it_continues_exactly(qtbot, make_window, monkeypatch, where):
    """A fake "GPU" backend (NumPy arrays under another name) fails once; the run goes on on NumPy.

    The weights at the moment of the move are the weights after the move, training finishes
    with the same losses as an uninterrupted NumPy run, and the window says what happened.
    """
    from PySide6.QtWidgets import QMessageBox

    import engine.backend as backend_module
    import engine.training as training_module
    from engine.backend import NUMPY, Backend
    from engine.training import Trainer
    from playground.snapshot_actions import install_snapshot_actions

    fake_gpu = Backend("fakegpu", np, "Fake GPU")
    monkeypatch.setattr(backend_module, "EXTRA_GPU_FAILURES", (FakeGpuError,))
    monkeypatch.setattr(training_module, "resolve_backend", lambda *a, **k: fake_gpu)
    seen: dict[str, np.ndarray] = {}
    original_step, original_evaluate, original_move = Trainer._train_step, Trainer.evaluate, Trainer.move_to

    def failing_step(self: Trainer) -> float:
        if where == "step" and self.backend is fake_gpu and self.global_step == 15:
            self._next_indices()  # the batch is taken, then the "GPU" fails
            seen["at_failure"] = self.network.flat_params.copy()
            raise FakeGpuError("cudaErrorIllegalAddress: an illegal memory access was encountered")
        return original_step(self)

    def failing_evaluate(self: Trainer, split: str = "test"):
        if where == "evaluation" and self.backend is fake_gpu and self.epoch == 1 and self._epoch_seen:
            seen["at_failure"] = self.network.flat_params.copy()
            raise FakeGpuError("out of memory to allocate 1073741824 bytes")
        return original_evaluate(self, split)

    def recording_move(self: Trainer, backend) -> None:
        original_move(self, backend)
        seen["after_move"] = self.network.flat_params.copy()

    monkeypatch.setattr(Trainer, "_train_step", failing_step)
    monkeypatch.setattr(Trainer, "evaluate", failing_evaluate)
    monkeypatch.setattr(Trainer, "move_to", recording_move)

    xor = load_design(SPIRAL.parent / "xor.json")
    design = replace(xor, train=replace(xor.train, epochs=4))
    window = make_window(spec=design)
    install_snapshot_actions(window)
    qtbot.waitUntil(lambda: window.controller.last_snapshot is not None, timeout=TIMEOUT_MS)
    assert window.controller.last_snapshot.backend == "fakegpu"
    shown: list[str] = []  # the status bar right after the notice handled the move
    window.controller.backend_moved.connect(lambda _m: shown.append(window.message_label.full_text()))
    with qtbot.waitSignal(window.controller.backend_moved, timeout=TIMEOUT_MS) as blocker:
        window.play_action.trigger()
    moved = blocker.args[0]
    assert (moved.old, moved.new, moved.device) == ("fakegpu", "numpy", "Fake GPU")
    assert "FakeGpuError" in moved.reason
    assert np.array_equal(seen["at_failure"], seen["after_move"])
    qtbot.waitUntil(lambda: window.controller.last_snapshot.status == "epochs", timeout=TIMEOUT_MS)

    snap = window.controller.last_snapshot
    assert snap.backend == "numpy" and snap.epoch == 4 and snap.global_step == 40
    plain = Trainer(xor, backend=NUMPY)  # the Backend itself: a name would resolve to the fake GPU
    plain.train_epochs(4)
    assert [(r.train_loss, r.test_loss) for r in snap.history] == [(r.train_loss, r.test_loss) for r in plain.history]
    window.loss_plot.flush()
    assert np.array_equal(window.loss_plot.batch.data()[0], np.arange(1, 41))  # no batch loss lost
    assert "NumPy" in window.backend_label.text()
    assert len(shown) == 1 and "moved to the CPU" in shown[0] and "FakeGpuError" in shown[0]
    notice = window.findChild(QMessageBox, "gpuFallbackNotice")
    assert notice is not None and notice.isVisible() and not notice.isModal()
    assert window.controller.last_snapshot.status == "epochs"  # not stopped as a failure: it trained on


def test_a_gpu_that_cannot_be_read_any_more_moves_with_the_last_good_weights(qtbot, make_window, monkeypatch):
    """A sticky CUDA error: not even the weights can be copied; the last host checkpoint moves instead."""
    import engine.backend as backend_module
    import engine.training as training_module
    from engine.backend import Backend
    from engine.network import Network
    from engine.training import Trainer
    from playground.snapshot_actions import install_snapshot_actions

    fake_gpu = Backend("fakegpu", np, "Fake GPU")
    monkeypatch.setattr(backend_module, "EXTRA_GPU_FAILURES", (FakeGpuError,))
    monkeypatch.setattr(training_module, "resolve_backend", lambda *a, **k: fake_gpu)
    lost = [False]
    seen: dict[str, object] = {}
    original_step, original_arrays, original_move = Trainer._train_step, Network.state_arrays, Trainer.move_to

    def failing_step(self: Trainer) -> float:
        if self.backend is fake_gpu and self.global_step == 15:
            lost[0] = True
            raise FakeGpuError("cudaErrorLaunchFailure: unspecified launch failure")
        return original_step(self)

    def unreadable_arrays(self: Network) -> dict[str, np.ndarray]:
        if lost[0] and self.backend is fake_gpu:
            raise FakeGpuError("cudaErrorLaunchFailure: unspecified launch failure")
        return original_arrays(self)

    def recording_move(self: Trainer, backend, state=None) -> None:
        original_move(self, backend, state)
        seen["state"], seen["after"] = state, self.network.state_arrays()

    monkeypatch.setattr(Trainer, "_train_step", failing_step)
    monkeypatch.setattr(Network, "state_arrays", unreadable_arrays)
    monkeypatch.setattr(Trainer, "move_to", recording_move)
    xor = load_design(SPIRAL.parent / "xor.json")
    window = make_window(spec=replace(xor, train=replace(xor.train, epochs=3)))
    install_snapshot_actions(window)
    qtbot.waitUntil(lambda: window.controller.last_snapshot is not None, timeout=TIMEOUT_MS)
    shown: list[str] = []
    window.controller.backend_moved.connect(lambda _m: shown.append(window.message_label.full_text()))
    with qtbot.waitSignal(window.controller.backend_moved, timeout=TIMEOUT_MS) as blocker:
        window.play_action.trigger()
    assert blocker.args[0].from_checkpoint
    state = seen["state"]
    assert state is not None  # the move used the host copies, not the lost device
    for key, value in state[0].items():
        assert np.array_equal(seen["after"][key], value), key
    assert "last good weights" in shown[0]
    qtbot.waitUntil(lambda: window.controller.last_snapshot.status == "epochs", timeout=TIMEOUT_MS)
    snap = window.controller.last_snapshot
    assert snap.backend == "numpy" and snap.epoch == 3 and all(np.isfinite(r.train_loss) for r in snap.history)


def test_the_training_thread_shortens_the_gil_switch_interval_while_it_runs(ctl):
    """A tiny network's training loop would otherwise make every GIL hand-back to the GUI wait 5 ms."""
    import sys

    from playground.training.worker import GIL_SWITCH_INTERVAL_S

    before = sys.getswitchinterval()
    ctl.start(spiral())
    assert sys.getswitchinterval() == pytest.approx(min(before, GIL_SWITCH_INTERVAL_S))
    ctl.c.shutdown()
    assert sys.getswitchinterval() == pytest.approx(before)


def test_the_switch_interval_comes_back_only_when_the_last_training_thread_stops(qtbot):
    import sys

    from playground.training.worker import GIL_SWITCH_INTERVAL_S

    before = sys.getswitchinterval()
    first, second = Harness(qtbot), Harness(qtbot)
    first.start(spiral())
    second.start(spiral())
    first.c.shutdown()  # the other one still trains: keep the short interval
    assert sys.getswitchinterval() == pytest.approx(min(before, GIL_SWITCH_INTERVAL_S))
    second.c.shutdown()
    assert sys.getswitchinterval() == pytest.approx(before)
