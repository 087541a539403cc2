"""The GUI-side handle of the training thread: commands in, snapshots out.

Lives in the GUI thread. The worker thread is started lazily, on the first command, and
runs until :meth:`TrainingController.shutdown` (also connected to
``QCoreApplication.aboutToQuit``). Snapshots arrive through a queued connection; the
controller re-emits each one (slots connected directly run synchronously, i.e. the plots
draw it) and only then acknowledges it, which lets the worker send the next one: at most
one snapshot is ever in flight.

Every :meth:`set_design` gets a new revision number (see :attr:`revision`); snapshots
carry the revision the worker had applied, so views can drop stale ones.

Trained snapshots: :meth:`save_snapshot` asks the worker to write its trainer (answered by
``snapshot_saved(path)`` or ``snapshot_save_failed(path, message)``); :meth:`restore_trainer`
hands it a trainer restored from a snapshot. ``divergence(Divergence)`` and
``backend_moved(BackendMoved)`` report a divergence and a move to the CPU after a GPU
failure in detail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from engine.probes import Snapshot
from engine.spec import DesignSpec
from playground.training.worker import (
    BackendMoved,
    Command,
    Divergence,
    Pause,
    Play,
    Reset,
    RestoreTrainer,
    SaveSnapshot,
    SetDesign,
    SetParameter,
    SetProbes,
    SnapshotWritten,
    StepBatch,
    StepEpoch,
    Stop,
    TrainingWorker,
)


class TrainingController(QObject):
    """Start/stop/step training of the current design in a background thread."""

    snapshot_ready = Signal(object)  # Snapshot
    state_changed = Signal(str)  # "running" | "paused" | "stopped"
    failed = Signal(str)
    diverged = Signal(str)
    divergence = Signal(object)  # Divergence: where, with which loss and learning rate
    backend_moved = Signal(object)  # BackendMoved: training left the GPU after a failure
    snapshot_saved = Signal(str)  # the path of a trained snapshot just written
    snapshot_save_failed = Signal(str, str)  # path, why

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None
        self._design: DesignSpec | None = None
        self._probes: dict[str, Any] = {}
        self._revision = 0
        self._running = False
        self._state = "paused"
        self.last_snapshot: Snapshot | None = None
        self.last_divergence: Divergence | None = None
        self.last_backend_move: BackendMoved | None = None
        self.snapshots_received = 0
        self._save_requests = 0
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # ---------------------------------------------------------------- properties

    @property
    def is_running(self) -> bool:
        return self._running

    @property
    def revision(self) -> int:
        """The revision number given to the latest :meth:`set_design`."""
        return self._revision

    @property
    def state(self) -> str:
        return self._state

    @property
    def worker(self) -> TrainingWorker | None:
        """The worker object (its attributes belong to the worker thread; read them only while paused)."""
        return self._worker

    # ---------------------------------------------------------------- commands

    def set_design(self, design: DesignSpec) -> None:
        """Train ``design`` from now on; the worker keeps what it can (weights, optimizer state)."""
        self._design = design
        self._revision += 1
        if not self._ensure_worker():  # a fresh worker has been sent the design already
            self._post(SetDesign(design, self._revision))

    def set_probe(self, name: str, probe: Any) -> None:
        """Register (or with None remove) a view's probe; it runs with every snapshot in the worker."""
        if probe is None:
            self._probes.pop(name, None)
        else:
            self._probes[name] = probe
        if self._worker is not None:
            self._worker.post(SetProbes(dict(self._probes)))

    def set_parameter(self, layer_id: str, name: str, index: Any, value: float) -> None:
        """Overwrite one weight or bias of the live network (``name`` "W" or "b", ``index`` into it).

        The worker applies it before its next step, keeps training from there and, when
        paused, sends a snapshot of the edited network. Reset draws fresh weights again.
        """
        if isinstance(index, int):
            index = (index,)
        self._post(SetParameter(str(layer_id), str(name), tuple(int(i) for i in index), float(value)))

    def play(self) -> None:
        if self._design is not None:
            self._running = True
        self._post(Play())

    def pause(self) -> None:
        self._running = False
        self._post(Pause())

    def toggle(self) -> None:
        if self._running:
            self.pause()
        else:
            self.play()

    def step_batch(self) -> None:
        self._running = False
        self._post(StepBatch())

    def step_epoch(self) -> None:
        self._post(StepEpoch())

    def reset(self) -> None:
        self._running = False
        self.last_divergence = None
        self._post(Reset())

    def save_snapshot(self, path: str | Path) -> int:
        """Ask the training thread to write a trained snapshot of its trainer to ``path``.

        Returns the request number; ``snapshot_saved`` or ``snapshot_save_failed`` answers.
        Commands run in order, so the snapshot holds every edit made before this call.
        """
        self._save_requests += 1
        self._post(SaveSnapshot(str(path), self._save_requests))
        return self._save_requests

    def restore_trainer(self, trainer: Any) -> None:
        """Train ``trainer`` (restored from a snapshot by ``engine.checkpoint``) from now on, paused.

        The trainer belongs to the training thread from now on: do not touch it here again.
        A :meth:`set_design` of the same design afterwards keeps it as it is.
        """
        self._ensure_worker()
        assert self._worker is not None
        self._design = trainer.design
        self._revision += 1
        self._running = False
        self.last_divergence = None
        self._worker.post(RestoreTrainer(trainer, self._revision))

    def shutdown(self) -> None:
        """Stop training and join the thread; safe to call twice. A later command starts a new thread."""
        thread, worker = self._thread, self._worker
        if thread is None or worker is None:
            return
        worker.post(Stop())
        thread.quit()  # the worker's loop returns first; then the (empty) event loop ends
        thread.wait()
        self._thread = self._worker = None
        self._running = False
        self._set_state("stopped")

    # ---------------------------------------------------------------- internals

    def _post(self, command: Command) -> None:
        self._ensure_worker()
        assert self._worker is not None
        self._worker.post(command)

    def _ensure_worker(self) -> bool:
        """Start the thread if needed; True when it was started now (and sent the current design)."""
        if self._thread is not None:
            return False
        worker = TrainingWorker()
        thread = QThread()
        thread.setObjectName("playgroundTraining")
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.finished.connect(thread.quit)
        worker.snapshot_ready.connect(self._on_snapshot)
        worker.state_changed.connect(self._on_state)
        worker.failed.connect(self._on_failed)
        worker.diverged.connect(self._on_diverged)
        worker.divergence.connect(self._on_divergence)
        worker.backend_moved.connect(self._on_backend_moved)
        worker.snapshot_written.connect(self._on_snapshot_written)
        self._worker, self._thread = worker, thread
        if self._probes:
            worker.post(SetProbes(dict(self._probes)))
        if self._design is not None:
            worker.post(SetDesign(self._design, self._revision))
        thread.start()
        return True

    def _from_current_worker(self) -> bool:
        sender = self.sender()
        return sender is not None and sender is self._worker

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

    @Slot(object)
    def _on_snapshot(self, snapshot: Snapshot) -> None:
        worker = self._worker
        if worker is None or self.sender() is not worker:
            return  # from a worker that has been shut down
        try:
            self.last_snapshot = snapshot
            self.snapshots_received += 1
            self.snapshot_ready.emit(snapshot)
        finally:
            worker.ack()

    @Slot(str)
    def _on_state(self, state: str) -> None:
        if not self._from_current_worker():
            return
        self._running = state == "running"
        self._set_state(state)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        if self._from_current_worker():
            self._running = False
            self.failed.emit(message)

    @Slot(str)
    def _on_diverged(self, message: str) -> None:
        if self._from_current_worker():
            self._running = False
            self.diverged.emit(message)

    @Slot(object)
    def _on_divergence(self, divergence: Divergence) -> None:
        if self._from_current_worker():
            self.last_divergence = divergence
            self.divergence.emit(divergence)

    @Slot(object)
    def _on_backend_moved(self, moved: BackendMoved) -> None:
        if self._from_current_worker():
            self.last_backend_move = moved
            self.backend_moved.emit(moved)

    @Slot(object)
    def _on_snapshot_written(self, written: SnapshotWritten) -> None:
        if not self._from_current_worker():
            return
        if written.ok:
            self.snapshot_saved.emit(written.path)
        else:
            self.snapshot_save_failed.emit(written.path, written.message)
