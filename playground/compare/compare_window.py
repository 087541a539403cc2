"""The Compare window: two networks trained side by side on the same data, their curves overlaid.

Network A starts as the main window's design and B as a copy. Each side has its own
:class:`~playground.training.controller.TrainingController` (its own training thread);
both always get the same :class:`~engine.spec.DataSpec`, so they train on identical data.

**Lock-step.** Play (F5) trains both one epoch at a time: each side gets ``StepEpoch``,
and only when both have sent the snapshot that ends that epoch do both get the next one.
The epoch counters therefore never differ by more than one while training runs. A side
whose loss explodes, or whose design cannot train, drops out (with its message) and the
other goes on alone. Step (F6) trains one epoch of both; Reset (F7) gives both fresh
weights; every edit of either side or of the data resets both, so the curves always
start together. Reset stops the training threads and the next command starts new ones,
so no snapshot of an older run can arrive.

**Throttling.** Each worker sends at most ~30 snapshots a second; while training runs
the window redraws the boundaries and labels at most 10 times a second and the curves
at most 5 times, and everything at once when training stops.

Closing the window stops both threads (and so does closing the main window, or quitting).
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine import catalog
from engine.errors import PlaygroundError
from engine.probes import Snapshot
from engine.spec import DataSpec, DesignSpec
from playground.compare import model
from playground.compare.overlay_plot import SIDES, CompareLossPlot
from playground.compare.side_panel import SidePanel
from playground.document import check_design
from playground.engine_text import describe
from playground.training.controller import TrainingController
from playground.widgets.network_editor import dataset_title

LABELS_INTERVAL_S = 0.1  # boundaries and labels while training runs (10 per second)
CURVES_INTERVAL_S = 0.2  # the loss curves while training runs (5 per second)
PLANE_DATASETS = catalog.CLASSIFICATION_2D + catalog.REGRESSION_2D


def _fmt_loss(value: float | None) -> str:
    if value is None or value != value or value in (float("inf"), float("-inf")):
        return "–"
    return f"{value:.3f}" if value >= 0.001 else f"{value:.2e}"


def _fmt_acc(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


class _Side:
    """One network of the comparison: its design, its training thread and what it has reported."""

    def __init__(self, key: str, panel: SidePanel, controller: TrainingController) -> None:
        self.key = key
        self.panel = panel
        self.controller = controller
        self.spec: DesignSpec | None = None
        self.epoch = 0
        self.target: int | None = None  # the epoch a StepEpoch in flight ends at
        self.problem = ""  # why this side does not train (invalid design, failure, divergence)
        self.last: Snapshot | None = None
        self.drawn: Snapshot | None = None  # the snapshot the boundary and labels show
        self.custom_name = False
        self.resetting = False  # waiting for the snapshot that confirms a reset
        self.min_revision = 0

    @property
    def busy(self) -> bool:
        """An epoch or a reset is in flight."""
        return self.target is not None or self.resetting

    @property
    def can_train(self) -> bool:
        return self.spec is not None and not self.problem


class _MainWatcher(QObject):
    """Closes the comparison when the main window goes away (closed, or hidden by the program)."""

    def __init__(self, compare: CompareWindow, main: QObject) -> None:
        super().__init__(compare)
        self.compare = compare
        main.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and not event.spontaneous() and self.compare.isVisible():
            self.compare.close()
        return False


class CompareWindow(QWidget):
    """Two networks, A and B, trained in lock-step on the same data; see the module docstring."""

    def __init__(self, main: Any = None, spec: DesignSpec | None = None) -> None:
        super().__init__(None)
        self.setObjectName("compareWindow")
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.main = main
        self._playing = False
        self._message = ""
        self._data: DataSpec | None = None
        self._dataset: Any = None
        self._last_labels = 0.0
        self._last_curves = 0.0
        self._arranged = False
        self._step_pending = False
        self._auto = ("A", "B")  # the titles made from the first difference
        self._build_actions()
        self._build()
        self.sides: dict[str, _Side] = {}
        for key in SIDES:
            panel = self.panel_a if key == "A" else self.panel_b
            controller = TrainingController(self)
            controller.setObjectName(f"compareController{key}")
            side = _Side(key, panel, controller)
            self.sides[key] = side
            controller.snapshot_ready.connect(lambda snap, s=side: self._on_snapshot(s, snap))
            controller.failed.connect(lambda message, s=side: self._on_problem(s, message, diverged=False))
            controller.diverged.connect(lambda message, s=side: self._on_problem(s, message, diverged=True))
            panel.editor.changed.connect(lambda spec, s=side: self._on_side_edited(s, spec))
            panel.name.textEdited.connect(lambda _text, s=side: self._on_name_edited(s))
            panel.open_button.clicked.connect(lambda _=False, s=side: self.open_design_dialog(s.key))
        self._timer = QTimer(self)
        self._timer.setObjectName("compareRedrawTimer")
        self._timer.setInterval(int(LABELS_INTERVAL_S * 1000))
        self._timer.timeout.connect(self._tick)
        if main is not None:
            self._watcher = _MainWatcher(self, main)
        self.setWindowTitle(
            self.tr("Compare two networks")
            + " — "
            + QCoreApplication.translate("MainWindow", "Neural Network Playground")
        )
        if spec is not None:
            self.load(spec)

    # ------------------------------------------------------------------ building
    def _action(self, name: str, text: str, key: str, icon: QStyle.StandardPixmap, tip: str) -> QAction:
        action = QAction(self.style().standardIcon(icon), text, self)
        action.setObjectName(name)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(tip)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.play_action = self._action(
            "comparePlayAction", self.tr("Play"), "F5", sp.SP_MediaPlay,
            self.tr("Train both networks, one epoch each at a time (F5)"),
        )
        self.step_action = self._action(
            "compareStepAction", self.tr("Step"), "F6", sp.SP_MediaSeekForward,
            self.tr("Train both networks one epoch (F6)"),
        )
        self.reset_action = self._action(
            "compareResetAction", self.tr("Reset"), "F7", sp.SP_BrowserReload,
            self.tr("Start both networks again from fresh weights (F7)"),
        )
        self.close_action = QAction(self.tr("Close"), self)
        self.close_action.setObjectName("compareCloseAction")
        self.close_action.setShortcut(QKeySequence("Ctrl+W"))
        self.close_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.close_action.triggered.connect(self.close)
        self.addAction(self.close_action)
        self.play_action.triggered.connect(self.toggle_play)
        self.step_action.triggered.connect(self.step)
        self.reset_action.triggered.connect(self.reset)

    def _tool_button(self, action: QAction, name: str) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setMinimumHeight(34)
        return button

    def _build(self) -> None:
        self.play_button = self._tool_button(self.play_action, "comparePlayButton")
        self.play_button.setMinimumWidth(100)
        self.step_button = self._tool_button(self.step_action, "compareStepButton")
        self.reset_button = self._tool_button(self.reset_action, "compareResetButton")

        self.preset_combo = QComboBox(self)
        self.preset_combo.setObjectName("comparePresetCombo")
        self.preset_combo.setPlaceholderText(self.tr("Choose a preset…"))
        for key in model.PRESETS:
            self.preset_combo.addItem(model.preset_title(key), key)
        self.preset_combo.setCurrentIndex(-1)
        self.preset_combo.setToolTip(self.tr("Make A and B from the main window's design, differing in one setting"))
        self.preset_combo.activated.connect(lambda i: self.apply_preset(self.preset_combo.itemData(i)))

        self.epochs_spin = QSpinBox(self)
        self.epochs_spin.setObjectName("compareEpochsSpin")
        self.epochs_spin.setRange(1, catalog.MAX_EPOCHS)
        self.epochs_spin.setKeyboardTracking(False)
        self.epochs_spin.setToolTip(self.tr("Both networks stop after this many epochs"))
        self.epochs_spin.valueChanged.connect(lambda v: self.loss.set_epoch_limit(int(v)))

        self.use_b_button = QPushButton(self.tr("Use B as my design"), self)
        self.use_b_button.setObjectName("compareUseBButton")
        self.use_b_button.setToolTip(
            self.tr("Copy network B and its training settings into the main window (Ctrl+Z there undoes it)")
        )
        self.use_b_button.clicked.connect(self.use_b)
        self.use_b_button.setEnabled(self.main is not None)

        controls = QHBoxLayout()
        controls.setSpacing(6)
        for widget in (self.play_button, self.step_button, self.reset_button):
            controls.addWidget(widget)
        controls.addSpacing(16)
        controls.addWidget(QLabel(self.tr("Preset:"), self))
        controls.addWidget(self.preset_combo)
        controls.addSpacing(16)
        controls.addWidget(QLabel(self.tr("Stop after"), self))
        controls.addWidget(self.epochs_spin)
        controls.addWidget(QLabel(self.tr("epochs"), self))
        controls.addStretch(1)
        controls.addWidget(self.use_b_button)

        self.dataset_combo = QComboBox(self)
        self.dataset_combo.setObjectName("compareDatasetCombo")
        self.dataset_combo.setToolTip(self.tr("Both networks learn the same data"))
        self.dataset_combo.activated.connect(
            lambda i: self.set_data(dataset=self.dataset_combo.itemData(i))
        )
        self.noise_spin = QDoubleSpinBox(self)
        self.noise_spin.setObjectName("compareNoiseSpin")
        self.noise_spin.setRange(0.0, 1.0)
        self.noise_spin.setSingleStep(0.05)
        self.noise_spin.setDecimals(2)
        self.noise_spin.setKeyboardTracking(False)
        self.noise_spin.valueChanged.connect(lambda v: self.set_data(noise=round(float(v), 4)))
        self.samples_spin = QSpinBox(self)
        self.samples_spin.setObjectName("compareSamplesSpin")
        self.samples_spin.setRange(20, 5000)
        self.samples_spin.setSingleStep(50)
        self.samples_spin.setKeyboardTracking(False)
        self.samples_spin.valueChanged.connect(lambda v: self.set_data(samples=int(v)))
        self.seed_spin = QSpinBox(self)
        self.seed_spin.setObjectName("compareDataSeedSpin")
        self.seed_spin.setRange(0, 2**31 - 1)
        self.seed_spin.setKeyboardTracking(False)
        self.seed_spin.valueChanged.connect(lambda v: self.set_data(seed=int(v)))
        self.new_data_button = QPushButton(self.tr("New points"), self)
        self.new_data_button.setObjectName("compareNewDataButton")
        self.new_data_button.setToolTip(self.tr("Draw fresh points (the next data seed) for both networks"))
        self.new_data_button.clicked.connect(lambda: self.seed_spin.setValue(self.seed_spin.value() + 1))
        data_row = QHBoxLayout()
        data_row.setSpacing(6)
        data_row.addWidget(QLabel(self.tr("Data (both):"), self))
        data_row.addWidget(self.dataset_combo)
        for text, widget in (
            (self.tr("Noise"), self.noise_spin),
            (self.tr("Points"), self.samples_spin),
            (self.tr("Seed"), self.seed_spin),
        ):
            data_row.addSpacing(8)
            data_row.addWidget(QLabel(text, self))
            data_row.addWidget(widget)
        data_row.addWidget(self.new_data_button)
        data_row.addStretch(1)

        self.diff_label = QLabel(self)
        self.diff_label.setObjectName("compareDiff")
        self.diff_label.setWordWrap(True)
        self.diff_label.setTextFormat(Qt.TextFormat.PlainText)
        self.diff_label.setStyleSheet(
            "background: #F1F3F5; color: #1F2933; border-radius: 4px; padding: 5px 10px; font-size: 13pt;"
        )

        self.panel_a = SidePanel("A", self)
        self.panel_b = SidePanel("B", self)
        self.sides_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.sides_splitter.setObjectName("compareSidesSplitter")
        self.sides_splitter.setChildrenCollapsible(False)
        self.sides_splitter.addWidget(self.panel_a)
        self.sides_splitter.addWidget(self.panel_b)
        self.loss = CompareLossPlot(self)
        self.loss.setMinimumHeight(200)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("compareSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.sides_splitter)
        self.splitter.addWidget(self.loss)
        self.splitter.setStretchFactor(0, 11)
        self.splitter.setStretchFactor(1, 9)

        self.status = QLabel(self)
        self.status.setObjectName("compareStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 4)
        layout.setSpacing(5)
        layout.addLayout(controls)
        layout.addLayout(data_row)
        layout.addWidget(self.diff_label)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)

    # ------------------------------------------------------------------ state
    @property
    def is_playing(self) -> bool:
        return self._playing

    @property
    def data(self) -> DataSpec | None:
        """The data both networks train on."""
        return self._data

    def spec(self, key: str) -> DesignSpec | None:
        """The design of network ``key`` ("A" or "B")."""
        return self.sides[key].spec

    def epochs(self) -> dict[str, int]:
        """Finished epochs of each network, as last reported."""
        return {key: side.epoch for key, side in self.sides.items()}

    def name(self, key: str) -> str:
        return self.sides[key].panel.name.text()

    def diff_text(self) -> str:
        return self.diff_label.text()

    # ------------------------------------------------------------------ loading and editing
    def load(self, spec: DesignSpec, spec_b: DesignSpec | None = None) -> None:
        """Compare ``spec`` (A) with ``spec_b`` (B; a copy of A when left out), on A's data."""
        for side in self.sides.values():
            side.custom_name = False
        self._data = spec.data
        self.epochs_spin.setValue(max(spec.train.epochs, spec_b.train.epochs if spec_b else 0))
        self._set_specs(spec, spec_b if spec_b is not None else spec)

    def apply_preset(self, key: str) -> None:
        """A and B from the main window's design (or A's), differing as the preset says."""
        base = self._base_spec()
        if base is None:
            return
        a, b = model.apply_preset(base, key)
        for side in self.sides.values():
            side.custom_name = False
        self._set_specs(a, b)
        with QSignalBlocker(self.preset_combo):
            self.preset_combo.setCurrentIndex(self.preset_combo.findData(key))
        self._set_message(self.tr("Preset “%1”: press Play (F5).").replace("%1", model.preset_title(key)))

    def _base_spec(self) -> DesignSpec | None:
        """The design presets start from: the main window's, on the comparison's data."""
        base = None
        if self.main is not None:
            try:
                base = self.main.document.spec
            except RuntimeError:  # the main window is gone
                base = None
        if base is None:
            base = self.sides["A"].spec
        if base is None:
            return None
        return replace(base, data=self._data) if self._data is not None else base

    def set_data(self, **changes: Any) -> None:
        """Change the data settings of both networks (``dataset="xor"``, ``noise=0.1``, ...)."""
        if self._data is None:
            return
        data = replace(self._data, **changes)
        if data == self._data:
            return
        self._data = data
        a, b = self.sides["A"].spec, self.sides["B"].spec
        if a is not None and b is not None:
            self._set_specs(a, b)

    def _on_side_edited(self, side: _Side, spec: DesignSpec) -> None:
        a = spec if side.key == "A" else self.sides["A"].spec
        b = spec if side.key == "B" else self.sides["B"].spec
        if a is not None and b is not None:
            with QSignalBlocker(self.preset_combo):
                self.preset_combo.setCurrentIndex(-1)
            self._set_specs(a, b)

    def _on_name_edited(self, side: _Side) -> None:
        side.custom_name = bool(side.panel.name.text().strip())
        self._update_names()

    def _set_specs(self, a: DesignSpec, b: DesignSpec) -> None:
        """Both designs on the shared data; everything restarts from fresh weights."""
        data = self._data if self._data is not None else a.data
        self._data = data
        for side, spec in ((self.sides["A"], a), (self.sides["B"], b)):
            side.spec = replace(spec, data=data)
            side.panel.editor.set_spec(side.spec)
        self._show_data_settings()
        self._update_diff()
        self.restart()

    def _show_data_settings(self) -> None:
        data = self._data
        if data is None:
            return
        names = list(PLANE_DATASETS)
        if data.dataset not in names:
            names.append(data.dataset)
        with QSignalBlocker(self.dataset_combo):
            self.dataset_combo.clear()
            for name in names:
                self.dataset_combo.addItem(dataset_title(name), name)
            self.dataset_combo.setCurrentIndex(names.index(data.dataset))
        plane = data.dataset in PLANE_DATASETS
        for spin, value in ((self.noise_spin, data.noise), (self.samples_spin, data.samples), (self.seed_spin,
                                                                                                 data.seed)):
            with QSignalBlocker(spin):
                spin.setValue(value)
        self.noise_spin.setEnabled(plane)
        self.samples_spin.setEnabled(plane)

    def _update_diff(self) -> None:
        a, b = self.sides["A"].spec, self.sides["B"].spec
        if a is None or b is None:
            return
        diffs = model.differences(a, b)
        self.diff_label.setText(model.diff_text(diffs))
        self._auto = model.auto_names(diffs)
        self._update_names()

    def _update_names(self) -> None:
        auto = self._auto
        for i, side in enumerate(self.sides.values()):
            if not side.custom_name:
                with QSignalBlocker(side.panel.name):
                    side.panel.name.setText(auto[i])
                    side.panel.name.setCursorPosition(0)
        self.loss.set_names(self.name("A"), self.name("B"))

    # ------------------------------------------------------------------ training
    def restart(self, keep_playing: bool = True) -> None:
        """Forget the curves and start both designs again from fresh weights (same seed: same start).

        While playing, training goes on (from epoch 0) once both threads have reset,
        unless ``keep_playing`` is False.
        """
        if not keep_playing:
            self._set_playing(False)
        self._step_pending = False
        self._dataset = self._load_plane_data()
        for side in self.sides.values():
            side.epoch, side.target, side.last, side.drawn = 0, None, None, None
            side.problem = ""
            side.resetting = False
            if side.spec is None:
                continue
            check = check_design(side.spec)
            if not check.ok:
                side.problem = self.tr("%1 cannot train: %2").replace("%1", side.key).replace(
                    "%2", describe(check.message)
                )
                side.controller.shutdown()  # nothing of the old design may arrive any more
            elif self.isVisible():
                self._start(side)
            side.panel.set_error(side.problem)
            side.panel.boundary.set_data(self._dataset, side.controller.revision)
        self.loss.clear()
        self._show_labels()
        self._update_enabled()
        if self._playing and not any(side.can_train for side in self.sides.values()):
            self._set_playing(False)

    def _start(self, side: _Side) -> None:
        """Hand the side's design to its thread with fresh weights; its snapshots count from the reset on."""
        assert side.spec is not None
        side.controller.set_design(side.spec)  # starts the thread when needed
        side.controller.reset()
        side.resetting = True
        side.min_revision = side.controller.revision

    def _ensure_started(self) -> None:
        """Hand each trainable design to its thread (after the window was shown or re-opened)."""
        for side in self.sides.values():
            if side.can_train and side.controller.worker is None:
                self._start(side)

    def _load_plane_data(self) -> Any:
        data = self._data
        if data is None or data.dataset not in PLANE_DATASETS:
            return None
        try:
            from engine.data import load_dataset

            return load_dataset(data)  # a few hundred generated points: milliseconds
        except PlaygroundError:
            return None

    def toggle_play(self) -> None:
        """Play or pause both networks (F5)."""
        if self._playing:
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        if not any(side.can_train for side in self.sides.values()):
            return
        self._ensure_started()
        self._set_playing(True)
        self._set_message("")
        self._advance()

    def pause(self) -> None:
        self._set_playing(False)
        for side in self.sides.values():
            if side.target is not None:
                side.target = None
                side.controller.pause()

    def step(self) -> None:
        """One epoch of both networks (F6)."""
        if self._playing:
            self.pause()
        self._ensure_started()
        if not any(side.target is not None for side in self.sides.values()):
            self._step_pending = True
            self._advance()

    def reset(self) -> None:
        """Fresh weights for both networks and empty curves (F7); training stops."""
        self.restart(keep_playing=False)
        self._set_message(self.tr("Reset: both networks start again from fresh weights."))

    def _limit(self) -> int:
        return self.epochs_spin.value()

    def _step_lagging(self) -> bool:
        """Send one epoch to every trainable side that is furthest behind; False when none can go on."""
        ready = [s for s in self.sides.values() if s.can_train and s.epoch < self._limit()]
        if not ready:
            return False
        low = min(s.epoch for s in ready)
        for side in ready:
            if side.epoch == low:
                side.target = side.epoch + 1
                side.controller.step_epoch()
        return True

    def _advance(self) -> None:
        """While playing (or for one Step): once no epoch or reset is in flight, send the next epoch."""
        if not (self._playing or self._step_pending):
            return
        if any(s.busy for s in self.sides.values() if s.can_train):
            return
        self._step_pending = False
        if not self._step_lagging() and self._playing:
            self._set_playing(False)
            trained = [s for s in self.sides.values() if s.can_train]
            if trained:
                self._set_message(self.tr("Finished %1 epochs.").replace("%1", str(self._limit())))

    def _set_playing(self, on: bool) -> None:
        if on == self._playing:
            return
        self._playing = on
        if on:
            self._timer.start()
        else:
            self._timer.stop()
            self._draw_all()
        self._update_enabled()

    def _update_enabled(self) -> None:
        sp = QStyle.StandardPixmap
        trainable = any(side.can_train for side in self.sides.values())
        self.play_action.setEnabled(self._playing or trainable)
        self.step_action.setEnabled(trainable)
        self.play_action.setText(self.tr("Pause") if self._playing else self.tr("Play"))
        self.play_action.setIcon(self.style().standardIcon(sp.SP_MediaPause if self._playing else sp.SP_MediaPlay))

    # ------------------------------------------------------------------ from the training threads
    def _on_snapshot(self, side: _Side, snapshot: Snapshot) -> None:
        if side.resetting:
            if snapshot.running or snapshot.status != "reset" or snapshot.revision < side.min_revision:
                return  # from before the reset
            side.resetting = False
            side.last = snapshot
            side.epoch = snapshot.epoch
            if not self._playing:
                self._draw_all()
            self._advance()
            return
        side.last = snapshot
        side.epoch = snapshot.epoch
        self.loss.add_history(side.key, snapshot.history, snapshot.task == "classification")
        if not self._playing:
            self._draw_all()
        if side.target is not None and not snapshot.running and snapshot.epoch >= side.target:
            side.target = None
            self._advance()

    def _on_problem(self, side: _Side, message: str, diverged: bool) -> None:
        if diverged:
            side.problem = self.tr("%1: the loss exploded (%2). Try a smaller learning rate, then Reset.").replace(
                "%1", side.key
            ).replace("%2", message)
        else:
            side.problem = self.tr("%1 stopped: %2").replace("%1", side.key).replace("%2", message)
        side.target = None
        side.resetting = False
        side.panel.set_error(side.problem)
        self._set_message(side.problem)
        self._update_enabled()
        self._advance()

    def _tick(self) -> None:
        """While training runs: boundaries and labels (10 Hz), curves (5 Hz)."""
        now = time.perf_counter()
        for side in self.sides.values():
            self._draw_side(side)
        if self.loss.stale and now - self._last_curves >= CURVES_INTERVAL_S - 0.01:
            self._last_curves = now
            self.loss.flush()

    def _draw_all(self) -> None:
        for side in self.sides.values():
            self._draw_side(side)
        self._last_curves = time.perf_counter()
        self.loss.flush()

    def _draw_side(self, side: _Side) -> None:
        snapshot = side.last
        if snapshot is None or snapshot is side.drawn:
            return
        side.drawn = snapshot
        side.panel.boundary.update_snapshot(snapshot)
        self._show_side_labels(side)

    def _show_labels(self) -> None:
        for side in self.sides.values():
            self._show_side_labels(side)

    def _show_side_labels(self, side: _Side) -> None:
        snap = side.drawn
        epoch = snap.epoch if snap is not None else 0
        side.panel.epoch.setText(self.tr("Epoch %1").replace("%1", f"{epoch:03,}"))
        if snap is None:
            side.panel.set_metrics(self.tr("Not trained yet"), "")
            return
        full = self.tr("Loss: training %1 · test %2").replace("%1", _fmt_loss(snap.train_loss)).replace(
            "%2", _fmt_loss(snap.test_loss)
        )
        short = self.tr("Loss %1 / %2").replace("%1", _fmt_loss(snap.train_loss)).replace(
            "%2", _fmt_loss(snap.test_loss)
        )
        if snap.test_acc is not None:
            full += "   " + self.tr("Accuracy: training %1 · test %2").replace(
                "%1", _fmt_acc(snap.train_acc)
            ).replace("%2", _fmt_acc(snap.test_acc))
            short += " · " + self.tr("accuracy %1 / %2 (training / test)").replace(
                "%1", _fmt_acc(snap.train_acc)
            ).replace("%2", _fmt_acc(snap.test_acc))
        else:
            short += " " + self.tr("(training / test)")
        side.panel.set_metrics(full, short)

    def _set_message(self, text: str) -> None:
        self._message = text
        self.status.setText(text)

    # ------------------------------------------------------------------ files and the main window
    def open_design_dialog(self, key: str) -> None:
        """Open a saved design for side ``key`` (File dialog)."""
        start = ""
        if self.main is not None and hasattr(self.main, "settings"):
            start = self.main.settings.last_directory()
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open design for %1").replace("%1", key),
            start,
            QCoreApplication.translate("MainWindow", "Playground designs (*.json);;All files (*)"),
        )
        if path:
            self.open_design(key, path)

    def open_design(self, key: str, path: str | Path) -> bool:
        """Put the design in ``path`` on side ``key``; it must train on the comparison's data."""
        from engine.design_io import load_design

        try:
            spec = load_design(path)
        except PlaygroundError as exc:
            QMessageBox.critical(self, self.tr("Cannot open design"), describe(exc))
            return False
        if self._data is not None and spec.data != self._data:
            answer = QMessageBox.question(
                self,
                self.tr("Different data"),
                self.tr(
                    "“%1” was made for other data (%2). Both networks must learn the same data: "
                    "compare it on this comparison's data (%3)?"
                )
                .replace("%1", Path(path).name)
                .replace("%2", dataset_title(spec.data.dataset))
                .replace("%3", dataset_title(self._data.dataset)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Yes,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        side = self.sides[key]
        other = self.sides["B" if key == "A" else "A"]
        side.custom_name = True
        with QSignalBlocker(side.panel.name):
            side.panel.name.setText(f"{key}: {spec.name or Path(path).stem}")
        if other.spec is None:
            other.spec = spec
        a = spec if key == "A" else self.sides["A"].spec
        b = spec if key == "B" else self.sides["B"].spec
        assert a is not None and b is not None
        self._set_specs(a, b)
        return True

    def use_b(self) -> bool:
        """Copy network B (layers, training settings, data) into the main window as one undoable edit."""
        b = self.sides["B"].spec
        if self.main is None or b is None:
            return False
        try:
            document = self.main.document
            new = replace(document.spec, layers=b.layers, data=b.data, train=b.train)
            changed = document.replace_spec(new, self.tr("Use network B from the comparison"))
        except RuntimeError:  # the main window is gone
            return False
        if changed:
            text = self.tr("The main window now has network B (Edit ▸ Undo there brings back the old one).")
            setter = getattr(self.main, "_set_message", None)
            if callable(setter):
                setter(self.tr("Network B of the comparison is now the design."))
        else:
            text = self.tr("The main window already has network B.")
        self._set_message(text)
        return changed

    # ------------------------------------------------------------------ window
    def place_near(self, widget: QWidget | None) -> None:
        """A large window on ``widget``'s screen (most of it), centred."""
        screen = widget.screen() if widget is not None else QApplication.primaryScreen()
        if screen is None:
            self.resize(1280, 800)
            return
        area = screen.availableGeometry()
        width = min(area.width(), max(960, int(area.width() * 0.9)))
        height = min(area.height(), max(640, int(area.height() * 0.9)))
        self.resize(width, height)
        self.move(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._arranged:
            self._arranged = True
            self._arrange()
            QTimer.singleShot(0, self._arrange)
        self._ensure_started()

    def _arrange(self) -> None:
        """First-show sizes: the two networks above (a bit more than half), the curves below."""
        total = self.splitter.height()
        if total > 0:
            top = int(total * 0.53)
            self.splitter.setSizes([top, total - top])

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop training and join both threads (idempotent)."""
        self._set_playing(False)
        self._step_pending = False
        for side in self.sides.values():
            side.target = None
            side.resetting = False
            side.controller.shutdown()

    def retranslate(self) -> None:
        """Texts made from values, in the language just installed (View ▸ Language)."""
        self._update_diff()
        self._show_labels()
        self._update_enabled()
        self.setWindowTitle(
            self.tr("Compare two networks")
            + " — "
            + QCoreApplication.translate("MainWindow", "Neural Network Playground")
        )


def open_compare(window: Any) -> CompareWindow:
    """Show the Compare window for ``window`` (A: its design, B: a copy), or bring the open one forward."""
    compare = getattr(window, "compare_window", None)
    if compare is None:
        compare = CompareWindow(window)
        window.compare_window = compare
    if not compare.isVisible():
        compare.load(window.document.spec)
        compare.place_near(window)
        compare.show()
    mode = getattr(window, "presentation", None)
    if mode is not None:  # presentation mode's thick pens and large axis text, high-contrast maps
        mode.attach(compare)
    compare.raise_()
    compare.activateWindow()
    return compare


def install_compare(window: Any) -> QAction:
    """Training ▸ Compare Two Networks… (Ctrl+Shift+C) in the main window; returns the action."""
    existing = window.findChild(QAction, "compareAction")
    if existing is not None:
        return existing
    action = QAction(QCoreApplication.translate("CompareWindow", "&Compare Two Networks…"), window)
    action.setObjectName("compareAction")
    action.setShortcut(QKeySequence("Ctrl+Shift+C"))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    tip = QCoreApplication.translate(
        "CompareWindow", "Train this design and a changed copy side by side on the same data (Ctrl+Shift+C)"
    )
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.triggered.connect(lambda: open_compare(window))
    menu = getattr(window, "train_menu", None)
    if menu is not None:
        menu.addSeparator()
        menu.addAction(action)
    else:
        window.addAction(action)
    return action
