"""The training worker: one long-lived thread that owns the Trainer and streams snapshots.

The GUI never calls the worker's methods across threads except :meth:`post` and
:meth:`ack`, which only touch a ``queue.SimpleQueue`` and ``threading.Event`` objects.
The worker's :meth:`run` loop (started by ``QThread.started``) then:

1. drains the command inbox (consecutive ``SetDesign`` commands collapse to the last;
   ``SetParameter`` writes one weight or bias into the live network, so the very next
   step trains with it);
2. while paused, waits on an event with a timeout (commands and acks wake it);
3. while running, trains a chunk of steps sized to take about 5-10 ms, so pause, stop
   and edits apply within a few milliseconds;
4. emits ``snapshot_ready(Snapshot)`` every 36 ms on a fixed cadence (~28 a second) and
   only once the GUI has acknowledged the previous snapshot (at most one in flight); every batch loss since
   the previous snapshot rides along, so the loss curve has no gaps;
5. always emits the final state when training stops (pause, epochs limit, target loss,
   divergence, a single step, reset, an edit while paused), as soon as the GUI has
   acknowledged the snapshot before it.

Errors: a :class:`PlaygroundError` (an invalid design, unreadable data) pauses training
and emits ``failed(message)``; the design stays rejected until a valid one arrives. A
:class:`TrainingDiverged` pauses training, rolls the weights and optimizer state back to
the last checkpoint (taken at most every 0.25 s while the loss was finite, and when
training starts) and emits ``diverged(message)`` and ``divergence(Divergence)`` (the step,
the loss and the learning rate, for the loss plot's mark and the suggested learning
rate); the step counters are kept. A GPU failure (:func:`engine.backend.is_gpu_failure`:
CuPy out of memory, a CUDA runtime or driver error) moves the trainer to NumPy with its
weights, optimizer state and batch order (:meth:`Trainer.move_to`; from the last host
copies when the device cannot be read any more), takes back the unfinished step, runs
anything else that failed once more on the CPU and emits ``backend_moved(BackendMoved)``;
a running training goes on.

Trained snapshots: ``SaveSnapshot`` writes the worker's own trainer with
:func:`engine.checkpoint.save_checkpoint` (atomically) and answers with
``snapshot_written(SnapshotWritten)``; ``RestoreTrainer`` hands the worker a trainer
restored from a snapshot, whose history and batch losses the next snapshot carries.
"""

from __future__ import annotations

import contextlib
import queue
import sys
import threading
import time
import traceback
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from engine.backend import cpu_fallback, is_gpu_failure
from engine.errors import PlaygroundError, TrainingDiverged
from engine.probes import BoundaryGrid, take_snapshot
from engine.spec import DesignSpec
from engine.training import Trainer

# ~28 snapshots per second, on a fixed cadence (see _emit): at least the 25 a second the
# window must show, and not more, since every snapshot costs the GUI thread the GIL
SNAPSHOT_INTERVAL_S = 0.036
CHUNK_MIN_S = 0.005  # a chunk of steps should take 5-10 ms
CHUNK_MAX_S = 0.010
MAX_CHUNK_STEPS = 4096
IDLE_WAIT_S = 0.1  # how long a paused worker sleeps between looks at its inbox
CHECKPOINT_INTERVAL_S = 0.25  # last-good-weights copies for rolling back a divergence


# ---------------------------------------------------------------- commands


@dataclass(frozen=True)
class SetDesign:
    """Train this design from now on: same data and structure → new knobs; new layers →
    rebuild keeping fitting weights; new data or backend → a new Trainer."""

    design: DesignSpec
    revision: int


@dataclass(frozen=True)
class Play:
    pass


@dataclass(frozen=True)
class Pause:
    pass


@dataclass(frozen=True)
class StepBatch:
    pass


@dataclass(frozen=True)
class StepEpoch:
    pass


@dataclass(frozen=True)
class Reset:
    pass


@dataclass(frozen=True)
class SetProbes:
    """Replace the probes run with every snapshot (name -> engine.probes.Probe)."""

    probes: dict[str, Any]


@dataclass(frozen=True)
class SetParameter:
    """Overwrite one trainable value before the next step: ``params[name][index] = value`` of layer
    ``layer_id`` (e.g. ``("L2", "W", (3, 5), 0.5)`` for the weight from unit 3 to unit 5 of L2).

    A layer, parameter or index the current network does not have is ignored (the design
    may have changed since the person clicked); so is a value that is not finite.
    """

    layer_id: str
    name: str
    index: tuple[int, ...]
    value: float


@dataclass(frozen=True)
class SaveSnapshot:
    """Write the trainer's whole state to ``path`` (a trained snapshot); answered by ``snapshot_written``."""

    path: str
    request: int = 0


@dataclass(frozen=True, eq=False)
class RestoreTrainer:
    """Train this trainer (restored from a snapshot in the GUI thread) from now on; the worker owns it."""

    trainer: Trainer
    revision: int


@dataclass(frozen=True)
class Stop:
    pass


Command = (
    SetDesign | SetProbes | SetParameter | Play | Pause | StepBatch | StepEpoch | Reset | SaveSnapshot
    | RestoreTrainer | Stop
)


# ---------------------------------------------------------------- reports


@dataclass(frozen=True)
class SnapshotWritten:
    """The answer to :class:`SaveSnapshot`: ``ok``, or the reason in ``message``."""

    request: int
    path: str
    ok: bool
    message: str = ""
    epoch: int = 0
    global_step: int = 0


@dataclass(frozen=True)
class Divergence:
    """Where training diverged: the step whose loss was not finite (1-based, as the loss plot counts)."""

    step: int
    epoch: int
    loss: float  # nan or ±inf
    learning_rate: float  # the learning rate it diverged with
    run: int
    message: str


@dataclass(frozen=True)
class BackendMoved:
    """Training moved to another backend after a GPU failure."""

    old: str  # e.g. "cupy"
    new: str  # "numpy"
    device: str  # the old device's name
    reason: str  # the GPU error, one line
    step: int
    from_checkpoint: bool = False  # the GPU could not be read: the last good weights (<= 0.25 s old) moved


def _only_points_differ(old: DesignSpec, new: DesignSpec) -> bool:
    """True when two designs differ only in their drawn data points."""
    return (
        old.data.dataset == new.data.dataset == "custom"
        and replace(old.data, points=new.data.points) == new.data
        and old.train.backend == new.train.backend
    )


GIL_SWITCH_INTERVAL_S = 0.0005  # while a training thread runs (see TrainingWorker.run)
_switch_lock = threading.Lock()
_switch_users = 0  # training threads running now (the main window's, the Compare window's two)
_switch_saved = 0.005


def _shorten_switch_interval() -> None:
    global _switch_users, _switch_saved
    with _switch_lock:
        if _switch_users == 0:
            _switch_saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_switch_saved, GIL_SWITCH_INTERVAL_S))
        _switch_users += 1


def _restore_switch_interval() -> None:
    """The last training thread to stop puts Python's own interval back."""
    global _switch_users
    with _switch_lock:
        _switch_users -= 1
        if _switch_users == 0:
            sys.setswitchinterval(_switch_saved)


class TrainingWorker(QObject):
    """Owns the Trainer; lives in one QThread for the life of the app (see the module docstring)."""

    snapshot_ready = Signal(object)  # Snapshot
    state_changed = Signal(str)  # "running" | "paused" | "stopped"
    failed = Signal(str)
    diverged = Signal(str)
    divergence = Signal(object)  # Divergence
    backend_moved = Signal(object)  # BackendMoved
    snapshot_written = Signal(object)  # SnapshotWritten
    finished = Signal()

    def __init__(self, grid_size: int = 100, snapshot_interval: float = SNAPSHOT_INTERVAL_S):
        super().__init__()
        self.grid_size = grid_size
        self.snapshot_interval = snapshot_interval
        self._inbox: queue.SimpleQueue[Command] = queue.SimpleQueue()
        self._wake = threading.Event()
        self._acked = threading.Event()
        self._acked.set()
        # Everything below belongs to the worker thread once run() starts.
        self.trainer: Trainer | None = None
        self.grid: BoundaryGrid | None = None
        self.revision = 0
        self.run_id = 0
        self.snapshots_emitted = 0
        self.parameter_edits = 0  # SetParameter commands applied
        self._running = False
        self._state = "paused"
        self._status = ""
        self._error: str | None = None  # why the current design cannot train
        self._until_epoch: int | None = None  # StepEpoch's goal
        self._losses: list[float] = []
        self._dirty = False  # the GUI is owed a snapshot of a stopped state
        self._chunk = 1
        self._last_emit = 0.0
        self._window_t0 = time.perf_counter()
        self._window_steps = 0
        self._window_samples = 0
        self._steps_per_second = 0.0
        self._samples_per_second = 0.0
        self._good: tuple[Any, Any, dict[str, Any]] | None = None  # (network, params, optimizer state)
        # on a GPU, also host copies (network, state arrays, optimizer state): what survives a lost device
        self._host_good: tuple[Any, dict[str, np.ndarray], dict[str, Any]] | None = None
        self._good_time = 0.0
        self.probes: dict[str, Any] = {}

    # ---------------------------------------------------------------- any thread

    def post(self, command: Command) -> None:
        """Queue a command for the worker loop (thread-safe)."""
        self._inbox.put(command)
        self._wake.set()

    def ack(self) -> None:
        """The GUI has drawn the last snapshot; the next one may be sent (thread-safe)."""
        self._acked.set()
        self._wake.set()

    # ---------------------------------------------------------------- the loop

    @Slot()
    def run(self) -> None:
        # The GUI thread takes the GIL back after each call into Qt. With Python's default 5 ms
        # switch interval, a training loop that rarely releases it (tiny networks) makes every
        # such hand-back wait up to 5 ms: the window starves. 0.5 ms keeps it at 25+ updates/s
        # and input latency p95 ~15 ms while training keeps ~80 % of its headless speed
        # (benchmarks/gui_latency.py; benchmarks/README.md).
        _shorten_switch_interval()
        try:
            with np.errstate(all="ignore"):  # divergence is detected from the loss, not from warnings
                self._loop()
        except Exception as exc:  # a bug: report it instead of killing the thread silently
            traceback.print_exc()
            self.failed.emit(f"internal error in the training thread: {type(exc).__name__}: {exc}")
        finally:
            _restore_switch_interval()
            self._running = False
            self._set_state("stopped")
            app = QCoreApplication.instance()
            if app is not None:
                self.moveToThread(app.thread())  # so the GUI thread may delete this object
            self.finished.emit()

    def _loop(self) -> None:
        while True:
            self._wake.clear()
            if not self._drain():
                return
            if self._running and self.trainer is not None:
                self._train_chunk()
                if self._running:
                    self._maybe_emit()
            elif self._dirty and self.trainer is not None and self._acked.is_set():
                if not self._guarded(self._emit, True):
                    self._dirty = False  # never retry a failing snapshot in a loop
            else:
                self._wake.wait(IDLE_WAIT_S)

    def _drain(self) -> bool:
        """Apply every queued command; False once Stop is seen."""
        commands: list[Command] = []
        while True:
            try:
                commands.append(self._inbox.get_nowait())
            except queue.Empty:
                break
        for i, command in enumerate(commands):
            if isinstance(command, Stop):
                self._stop()
                return False
            newer = i + 1 < len(commands) and isinstance(commands[i + 1], SetDesign | RestoreTrainer)
            if isinstance(command, SetDesign) and newer:
                continue  # a newer design (or a restored trainer) follows at once: only the last one matters
            self._guarded(self._apply, command)
        return True

    def _guarded(self, fn: Any, *args: Any, in_step: bool = False) -> bool:
        """Run ``fn``; errors pause training and are reported. True when it succeeded.

        A GPU failure moves training to the CPU instead. ``in_step`` says that ``fn``
        trains: the unfinished step is taken back and a running training simply goes on
        (False is returned); anything else runs once more, on the CPU.
        """
        try:
            fn(*args)
            return True
        except TrainingDiverged as exc:
            self._on_diverged(exc)
        except PlaygroundError as exc:
            self._pause("error")
            self.failed.emit(str(exc))
        except Exception as exc:
            if self._gpu_fallback(exc, in_step):
                return False if in_step else self._guarded(fn, *args)  # now on NumPy: no second fallback
            traceback.print_exc()
            self._pause("error")
            self.failed.emit(f"internal error: {type(exc).__name__}: {exc}")
        return False

    def _gpu_fallback(self, exc: BaseException, in_step: bool) -> bool:
        """Move the trainer to NumPy after a GPU failure, keeping its whole state; True if it moved."""
        trainer = self.trainer
        if trainer is None or trainer.backend.name == "numpy" or not is_gpu_failure(exc):
            return False
        old = trainer.backend
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:300]
        if in_step:
            trainer.abandon_step()  # the failed batch is trained again, on the CPU
        cpu = cpu_fallback(f"moved to the CPU after a GPU failure ({reason})")
        from_checkpoint = False
        try:
            trainer.move_to(cpu)
        except Exception:  # the device cannot even be read any more: take the last host copies
            host = self._host_good
            if host is None or host[0] is not trainer.network:
                traceback.print_exc()
                return False
            try:
                trainer.move_to(cpu, state=(host[1], host[2]))
            except Exception:
                traceback.print_exc()
                return False
            from_checkpoint = True
        self._good = self._host_good = None
        self._checkpoint(force=True)
        if in_step and trainer.finish_pending_epoch():
            # the step had counted but its epoch's evaluation failed: its loss never reached us
            self._losses.append(float(trainer.step_losses[-1]))
            if self._running:
                self._epoch_ended()
        self._dirty = True
        self.backend_moved.emit(
            BackendMoved(old.name, trainer.backend.name, old.device, reason, trainer.global_step, from_checkpoint)
        )
        return True

    # ---------------------------------------------------------------- commands

    def _apply(self, command: Command) -> None:
        if isinstance(command, SetProbes):
            self.probes = dict(command.probes)
            self._dirty = True
        elif isinstance(command, SetDesign):
            self.revision = command.revision
            self._dirty = True
            try:
                self._set_design(command.design)
            except PlaygroundError as exc:
                self._error = str(exc)
                raise
            self._error = None
        elif isinstance(command, SetParameter):
            self._set_parameter(command)
        elif isinstance(command, Play):
            if self._can_train():
                self._until_epoch = None
                self._start()
        elif isinstance(command, Pause):
            self._pause("paused")
        elif isinstance(command, StepBatch):
            if self._can_train():
                self._pause("stepped")
                trainer = self.trainer
                self._record_steps(trainer.global_step, lambda: self._losses.append(trainer.train_step()))
        elif isinstance(command, StepEpoch):
            if self._can_train():
                self._until_epoch = self.trainer.epoch + 1
                self._start()
        elif isinstance(command, Reset):
            self._pause("reset")
            if self.trainer is not None:
                self.trainer.reinitialize()
                self._new_run()
        elif isinstance(command, SaveSnapshot):
            self._save_snapshot(command)
        elif isinstance(command, RestoreTrainer):
            self._restore(command)

    def _save_snapshot(self, command: SaveSnapshot) -> None:
        """Write the trainer to ``command.path``; always answers with ``snapshot_written``."""
        from engine.checkpoint import save_checkpoint

        trainer = self.trainer

        def answer(ok: bool, message: str = "") -> None:
            epoch, step = (trainer.epoch, trainer.global_step) if trainer is not None else (0, 0)
            self.snapshot_written.emit(SnapshotWritten(command.request, command.path, ok, message, epoch, step))

        if trainer is None or self._error is not None:
            answer(False, self._error or "there is no network to save yet")
            return
        try:
            save_checkpoint(trainer, command.path)
        except PlaygroundError as exc:
            answer(False, str(exc))
        except OSError as exc:
            answer(False, f"cannot write {command.path}: {exc.strerror or exc}")
        except Exception as exc:
            if self._gpu_fallback(exc, in_step=False):
                self._save_snapshot(command)  # the trainer is on the CPU now
                return
            traceback.print_exc()
            answer(False, f"internal error: {type(exc).__name__}: {exc}")
        else:
            answer(True)

    def _restore(self, command: RestoreTrainer) -> None:
        """Train a trainer restored from a snapshot: a new run whose curves start with its history."""
        self._pause("restored")
        trainer = command.trainer
        self.revision = command.revision
        self.trainer = trainer
        self._error = None
        self.grid = BoundaryGrid.for_dataset(trainer.dataset, self.grid_size)
        self._new_run()
        self._losses = list(trainer.step_losses)  # the next snapshot draws the restored batch losses

    def _set_parameter(self, command: SetParameter) -> bool:
        """Write one parameter value into the live network; False when it does not apply."""
        trainer = self.trainer
        value = float(command.value)
        if trainer is None or not np.isfinite(value):
            return False
        try:
            array = trainer.network.layer(command.layer_id).params[command.name]
        except KeyError:
            return False
        index = tuple(int(i) for i in command.index)
        if len(index) != array.ndim or any(not 0 <= i < n for i, n in zip(index, array.shape, strict=True)):
            return False
        array[index] = value  # a view into the network's flat vector: the next step uses it
        self._good = None  # a divergence must not roll the person's edit back
        self._checkpoint(force=True)
        self._dirty = True  # a paused run shows the edited network at once
        self.parameter_edits += 1
        return True

    def _can_train(self) -> bool:
        """True when there is a valid design to train; else says why (failed) and stays paused."""
        if self._error is not None:
            self.failed.emit(self._error)
            return False
        return self.trainer is not None  # None only before the first design arrives

    def _set_design(self, design: DesignSpec) -> None:
        old = self.trainer
        if old is None or design.data != old.design.data or design.train.backend != old.design.train.backend:
            same_backend = old is not None and design.train.backend == old.design.train.backend
            same_data = old is not None and design.data == old.design.data
            trainer = Trainer(
                design,
                backend=old.backend if same_backend else None,
                dataset=old.dataset if same_data else None,
            )
            if old is None or trainer.dataset is not old.dataset:
                self.grid = BoundaryGrid.for_dataset(trainer.dataset, self.grid_size)
            self.trainer = trainer
            if not (old is not None and _only_points_differ(old.design, design) and trainer.continue_from(old)):
                self._new_run()  # drawn or erased points keep the network learning (as in the Playground)
            else:
                self._good = None
                self._dirty = True
        elif design.layers != old.design.layers:
            old.rebuild(design)
            self._good = None
        elif design.train != old.design.train:
            old.set_train(design.train)
        if self.trainer is old and old is not None and old.design != design:
            # only the name, description or layout differ now: keep them (a saved snapshot shows them)
            old.design = design
            old.network.design = design

    def _new_run(self) -> None:
        """The history restarts (reset, new data): pending losses belong to the old run."""
        self.run_id += 1
        self._losses = []
        self._good = None
        self._dirty = True

    def _start(self) -> None:
        self._running = True
        self._status = "running"
        self._chunk = 1
        self._window_t0 = time.perf_counter()
        self._window_steps = self._window_samples = 0
        self._checkpoint(force=True)
        self._set_state("running")

    def _pause(self, status: str) -> None:
        if self._running:
            self._running = False
            self._until_epoch = None
        self._status = status
        self._dirty = True
        self._set_state("paused")

    def _stop(self) -> None:
        """Stop: send the final state if the GUI is ready for it, without waiting for an ack."""
        if self._running:
            self._running = False
            self._status = "stopped"
            self._dirty = True
        if self._dirty and self.trainer is not None and self._acked.is_set():
            self._guarded(self._emit, True)

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

    # ---------------------------------------------------------------- training

    def _train_chunk(self) -> None:
        trainer = self.trainer
        assert trainer is not None
        k = self._chunk
        t0 = time.perf_counter()
        cut_short = False

        def steps() -> None:
            nonlocal cut_short
            remaining = k
            while remaining > 0:
                epoch, before = trainer.epoch, len(self._losses)
                # one floating-point error scope per chunk; losses land in self._losses step by step
                trainer.train_steps(remaining, stop_at_epoch_end=True, out=self._losses)
                remaining -= len(self._losses) - before
                if trainer.epoch != epoch and self._epoch_ended():
                    cut_short = True
                    return

        ok = self._record_steps(trainer.global_step, steps)
        dt = time.perf_counter() - t0
        if ok and not cut_short:
            if dt < CHUNK_MIN_S:
                self._chunk = min(k * 2, MAX_CHUNK_STEPS)
            elif dt > CHUNK_MAX_S:
                self._chunk = max(1, k // 2)

    def _record_steps(self, step0: int, fn: Any) -> bool:
        ok = self._guarded(fn, in_step=True)
        trainer = self.trainer
        if trainer is not None:
            done = max(0, trainer.global_step - step0)
            self._window_steps += done
            self._window_samples += done * trainer.design.train.batch_size
        return ok

    def _epoch_ended(self) -> bool:
        """Pause at the epochs limit, the target loss or StepEpoch's goal; True if it paused."""
        trainer = self.trainer
        assert trainer is not None
        train = trainer.design.train
        history = trainer.history
        if self._until_epoch is not None and trainer.epoch >= self._until_epoch:
            self._pause("stepped")
            return True
        if trainer.epoch == train.epochs:
            self._pause("epochs")
            return True
        target = train.target_loss
        reached = target is not None and history[-1].train_loss <= target
        if reached and (len(history) < 2 or history[-2].train_loss > target):
            self._pause("target")  # only when the loss crosses the target, so Play continues after it
            return True
        return False

    def _on_diverged(self, exc: TrainingDiverged) -> None:
        trainer = self.trainer
        good = self._good
        if trainer is not None and good is not None and good[0] is trainer.network:
            _, params, opt_state = good
            trainer.network.flat_params[...] = trainer.xp.asarray(params)
            with contextlib.suppress(ValueError):  # the optimizer changed since: keep its state
                trainer.optimizer.load_state_dict(opt_state)
        self._pause("diverged")
        self.diverged.emit(str(exc))
        rate = float(trainer.design.train.learning_rate) if trainer is not None else 0.0
        loss = float(getattr(exc, "loss", float("nan")))
        self.divergence.emit(Divergence(int(exc.step), int(exc.epoch), loss, rate, self.run_id, str(exc)))

    def _checkpoint(self, force: bool = False) -> None:
        trainer = self.trainer
        now = time.perf_counter()
        if trainer is None or (not force and now - self._good_time < CHECKPOINT_INTERVAL_S):
            return
        xp = trainer.xp
        params = trainer.network.flat_params
        if not bool(xp.isfinite(params).all()):
            return
        opt_state = trainer.optimizer.state_dict()  # host copies
        self._good = (trainer.network, params.copy(), opt_state)
        self._good_time = now
        if trainer.backend.name != "numpy":
            self._host_good = (trainer.network, trainer.network.state_arrays(), opt_state)

    # ---------------------------------------------------------------- snapshots

    def _maybe_emit(self) -> None:
        if time.perf_counter() - self._last_emit >= self.snapshot_interval and self._acked.is_set():
            self._guarded(self._emit, False)
            self._guarded(self._checkpoint)

    def _emit(self, final: bool) -> None:
        trainer = self.trainer
        assert trainer is not None
        now = time.perf_counter()
        window = now - self._window_t0
        if self._window_steps and window > 0:
            self._steps_per_second = self._window_steps / window
            self._samples_per_second = self._window_samples / window
        self._window_t0 = now
        self._window_steps = self._window_samples = 0
        snap = take_snapshot(
            trainer,
            self.grid,
            self.revision,
            self._losses,
            running=self._running,
            final=final,
            run=self.run_id,
            samples_per_second=self._samples_per_second,
            steps_per_second=self._steps_per_second,
            evaluate=not self._running,
            status=self._status if final else "running",
            probes=self.probes,
            final_probes=final,
        )
        self._losses = []
        self._dirty = False
        # on a fixed cadence: a chunk that ends a few ms after the due time does not delay the
        # next snapshot too, so ~1/snapshot_interval of them arrive per second, not ~25
        due = self._last_emit + self.snapshot_interval
        self._last_emit = due if 0.0 <= now - due < self.snapshot_interval / 2 else now
        self._acked.clear()
        self.snapshots_emitted += 1
        self.snapshot_ready.emit(snap)
