"""The training panel: optimizer and its hyperparameters, loss, batch, regularisation, run limits, backend.

Only the hyperparameters of the chosen optimizer are shown (momentum for momentum and
Nesterov, rho for RMSprop, the betas for Adam and Nadam, ...). Every control calls
``document.set_train``; ``spec_changed`` writes the spec back under QSignalBlocker.
The GPU is probed in a background thread (never in the GUI thread): the backend combo
then shows the GPU's name, or why it cannot be used.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QDoubleValidator, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from engine import catalog
from engine.spec import DesignSpec
from playground.document import DesignDocument
from playground.engine_text import describe
from playground.widgets.inspector import CollapsibleSection, SciDoubleSpinBox, initializer_title
from playground.widgets.network_editor import loss_title

LEARNING_RATES = (0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 0.0001)
BATCH_SIZES = (1, 10, 16, 32, 64, 128, 256)

# optimizer → the TrainSpec fields it reads besides the learning rate
OPTIMIZER_PARAMS: dict[str, tuple[str, ...]] = {
    "sgd": (),
    "momentum": ("momentum",),
    "nesterov": ("momentum",),
    "adagrad": ("epsilon",),
    "rmsprop": ("rho", "epsilon"),
    "adam": ("beta1", "beta2", "epsilon"),
    "nadam": ("beta1", "beta2", "epsilon"),
    "perceptron": (),
}
HYPERPARAMETERS = ("momentum", "rho", "beta1", "beta2", "epsilon")


def optimizer_title(name: str) -> str:
    titles = {
        "sgd": "SGD",
        "momentum": "SGD with momentum",
        "nesterov": "Nesterov momentum",
        "adagrad": "Adagrad",
        "rmsprop": "RMSprop",
        "adam": "Adam",
        "nadam": "Nadam",
        "perceptron": "Perceptron rule",
    }
    return QCoreApplication.translate("catalog", titles.get(name, name))


def narrow(combo: QComboBox, chars: int = 8) -> None:
    """Let a combo box be narrower than its longest entry (the popup still shows it whole)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)


def learning_rate_combo(parent: QWidget, name: str, on_chosen: Any) -> QComboBox:
    """An editable learning-rate box: the usual rates in its list, any other typed (1e-3 too).

    ``on_chosen(rate)`` is called when a listed rate is picked; the owner handles typed ones.
    """
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setEditable(True)
    narrow(combo)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for lr in LEARNING_RATES:
        combo.addItem(f"{lr:g}", lr)
    validator = QDoubleValidator(0.0, 1000.0, 8, combo)
    validator.setNotation(QDoubleValidator.Notation.ScientificNotation)
    validator.setLocale(QLocale.c())
    combo.lineEdit().setValidator(validator)
    combo.activated.connect(lambda i: on_chosen(float(combo.itemData(i))))
    return combo


class GpuProbe(QObject):
    """Runs ``engine.backend.probe_gpu`` in a daemon thread and reports back in the GUI thread."""

    finished = Signal(object)  # engine.backend.GpuProbe

    def start(self) -> None:
        thread = threading.Thread(target=self._run, name="gpu-probe", daemon=True)
        thread.start()

    def _run(self) -> None:
        from engine.backend import probe_gpu

        result = probe_gpu()
        with contextlib.suppress(RuntimeError):  # the panel was closed while the probe ran
            self.finished.emit(result)  # queued to the GUI thread


class TrainPanel(QWidget):
    """Edits the design's TrainSpec."""

    def __init__(
        self, document: DesignDocument, parent: QWidget | None = None, probe_gpu: bool = True
    ) -> None:
        super().__init__(parent)
        self.setObjectName("trainPanel")
        self.document = document
        self.gpu: Any = None  # engine.backend.GpuProbe once known
        form = QFormLayout(self)
        form.setContentsMargins(8, 8, 8, 8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form = form
        self._rows: dict[str, QWidget] = {}
        self._row_forms: dict[str, QFormLayout] = {}
        self.more = CollapsibleSection(self.tr("More settings"), "trainMore", self)
        advanced = self.more.form

        self.optimizer = self._combo(
            "optimizerCombo", [(optimizer_title(n), n) for n in catalog.OPTIMIZERS], "optimizer"
        )
        self._add_row("optimizer", self.tr("Optimizer"), self.optimizer)

        self.learning_rate = learning_rate_combo(self, "learningRateCombo", lambda lr: self._set(learning_rate=lr))
        self.learning_rate.lineEdit().editingFinished.connect(self._on_learning_rate_edited)
        self.learning_rate.setToolTip(self.tr("How big a step each update takes. Pick a value or type one."))
        self._add_row("learning_rate", self.tr("Learning rate"), self.learning_rate)

        self.hyper: dict[str, QDoubleSpinBox] = {}
        hyper_specs = {
            "momentum": (
                self.tr("Momentum"),
                0.0,
                0.9999,
                0.05,
                self.tr("How much of the previous update is kept (0 = plain SGD)."),
            ),
            "rho": (
                self.tr("Rho"),
                0.0,
                0.9999,
                0.01,
                self.tr("Decay of the running average of squared gradients."),
            ),
            "beta1": (
                self.tr("Beta 1"),
                0.0,
                0.9999,
                0.01,
                self.tr("Decay of the running average of gradients."),
            ),
            "beta2": (
                self.tr("Beta 2"),
                0.0,
                0.999999,
                0.001,
                self.tr("Decay of the running average of squared gradients."),
            ),
            "epsilon": (
                self.tr("Epsilon"),
                1e-12,
                1.0,
                1e-7,
                self.tr("Small number that keeps divisions finite."),
            ),
        }
        for name, (title, lo, hi, step, tip) in hyper_specs.items():
            box = SciDoubleSpinBox(self)
            box.setObjectName(f"{name}Spin")
            box.setRange(lo, hi)
            box.setSingleStep(step)
            box.setKeyboardTracking(False)
            box.setToolTip(tip)
            box.valueChanged.connect(lambda v, n=name: self._set(**{n: float(v)}))
            self.hyper[name] = box
            self._add_row(name, title, box)

        self.batch_size = QSpinBox(self)
        self.batch_size.setObjectName("batchSizeSpin")
        self.batch_size.setRange(1, catalog.MAX_BATCH)
        self.batch_size.setKeyboardTracking(False)
        self.batch_size.setAccelerated(True)
        self.batch_size.setToolTip(self.tr("How many examples each update looks at."))
        self.batch_size.valueChanged.connect(lambda v: self._set(batch_size=int(v)))
        self._add_row("batch_size", self.tr("Batch size"), self.batch_size)

        self.loss = self._combo("lossCombo", [(loss_title(n), n) for n in catalog.LOSSES], "loss")
        self._add_row("loss", self.tr("Loss"), self.loss)

        self.huber_delta = SciDoubleSpinBox(self)
        self.huber_delta.setObjectName("huberDeltaSpin")
        self.huber_delta.setRange(1e-6, 1e6)
        self.huber_delta.setSingleStep(0.1)
        self.huber_delta.setKeyboardTracking(False)
        self.huber_delta.valueChanged.connect(lambda v: self._set(huber_delta=float(v)))
        self._add_row("huber_delta", self.tr("Huber delta"), self.huber_delta)

        reg = QWidget(self)
        reg_layout = QHBoxLayout(reg)
        reg_layout.setContentsMargins(0, 0, 0, 0)
        self.l1 = self._reg_spin("l1Spin", "l1")
        self.l2 = self._reg_spin("l2Spin", "l2")
        reg_layout.addWidget(QLabel("L1", reg))
        reg_layout.addWidget(self.l1, 1)
        reg_layout.addSpacing(6)
        reg_layout.addWidget(QLabel("L2", reg))
        reg_layout.addWidget(self.l2, 1)
        reg.setToolTip(self.tr("Penalties that keep the weights small (regularisation)."))
        self._add_row("regularisation", self.tr("Regularisation"), reg)

        self.initializer = self._combo(
            "initializerCombo", [(initializer_title(n), n) for n in catalog.INITIALIZERS], "initializer"
        )
        self._add_row("initializer", self.tr("Initializer"), self.initializer, advanced)

        self.init_scale = SciDoubleSpinBox(self)
        self.init_scale.setObjectName("initScaleSpin")
        self.init_scale.setRange(0.0, 100.0)
        self.init_scale.setSingleStep(0.1)
        self.init_scale.setKeyboardTracking(False)
        self.init_scale.setToolTip(self.tr("a of uniform(-a, a), or the standard deviation of normal."))
        self.init_scale.valueChanged.connect(lambda v: self._set(init_scale=float(v)))
        self._add_row("init_scale", self.tr("Initial scale"), self.init_scale, advanced)

        self.bias_init = SciDoubleSpinBox(self)
        self.bias_init.setObjectName("biasInitSpin")
        self.bias_init.setRange(-100.0, 100.0)
        self.bias_init.setSingleStep(0.1)
        self.bias_init.setKeyboardTracking(False)
        self.bias_init.setToolTip(self.tr("The value every bias starts from."))
        self.bias_init.valueChanged.connect(lambda v: self._set(bias_init=float(v)))
        self._add_row("bias_init", self.tr("Initial bias"), self.bias_init, advanced)

        self.epochs = QSpinBox(self)
        self.epochs.setObjectName("epochsSpin")
        self.epochs.setRange(1, catalog.MAX_EPOCHS)
        self.epochs.setKeyboardTracking(False)
        self.epochs.setAccelerated(True)
        self.epochs.setToolTip(self.tr("Training stops after this many passes over the training data."))
        self.epochs.valueChanged.connect(lambda v: self._set(epochs=int(v)))
        self._add_row("epochs", self.tr("Epochs"), self.epochs)

        target = QWidget(self)
        target_layout = QHBoxLayout(target)
        target_layout.setContentsMargins(0, 0, 0, 0)
        self.target_enabled = QCheckBox(target)
        self.target_enabled.setObjectName("targetLossCheck")
        self.target_enabled.setToolTip(self.tr("Stop training once the test loss falls below this value."))
        self.target_loss = SciDoubleSpinBox(target)
        self.target_loss.setObjectName("targetLossSpin")
        self.target_loss.setRange(0.0, 1e9)
        self.target_loss.setSingleStep(0.01)
        self.target_loss.setKeyboardTracking(False)
        self.target_enabled.toggled.connect(self._on_target_toggled)
        self.target_loss.valueChanged.connect(
            lambda v: self._set(target_loss=float(v)) if self.target_enabled.isChecked() else None
        )
        target_layout.addWidget(self.target_enabled)
        target_layout.addWidget(self.target_loss, 1)
        self._add_row("target_loss", self.tr("Stop at loss"), target)

        self.seed = QSpinBox(self)
        self.seed.setObjectName("trainSeedSpin")
        self.seed.setRange(0, 999_999)
        self.seed.setKeyboardTracking(False)
        self.seed.setToolTip(self.tr("Same seed, same starting weights and batch order."))
        self.seed.valueChanged.connect(lambda v: self._set(seed=int(v)))
        self._add_row("seed", self.tr("Seed"), self.seed, advanced)

        self.backend = QComboBox(self)
        self.backend.setObjectName("backendCombo")
        narrow(self.backend)
        self.backend.addItem(self.tr("Automatic"), "auto")
        self.backend.addItem(self.tr("CPU (NumPy)"), "numpy")
        self.backend.addItem(self.tr("GPU: checking…"), "cupy")
        self.backend.activated.connect(lambda i: self._set(backend=self.backend.itemData(i)))
        self._add_row("backend", self.tr("Compute on"), self.backend)
        self.backend_note = QLabel(self)
        self.backend_note.setObjectName("backendNote")
        self.backend_note.setWordWrap(True)
        small = QFont(self.font())
        small.setPointSizeF(max(7.5, small.pointSizeF() - 1))
        self.backend_note.setFont(small)
        self.backend_note.setStyleSheet("color: #5B6670;")
        self.form.addRow(self.backend_note)
        self.form.addRow(self.more)
        self._set_gpu_item(None)

        document.spec_changed.connect(self._on_document_spec_changed)
        self._sync(document.spec)
        self._probe: GpuProbe | None = None
        if probe_gpu:
            self._probe = GpuProbe(self)
            self._probe.finished.connect(self.set_gpu_probe)
            self._probe.start()

    # -- helpers --------------------------------------------------------------------
    def _add_row(self, key: str, title: str, widget: QWidget, form: QFormLayout | None = None) -> None:
        form = form if form is not None else self.form
        label = QLabel(title, form.parentWidget())
        label.setBuddy(widget)
        if widget.toolTip():
            label.setToolTip(widget.toolTip())
        form.addRow(label, widget)
        self._rows[key] = widget
        self._row_forms[key] = form

    def _combo(self, name: str, items: list[tuple[str, str]], field: str) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        narrow(box)
        for title, data in items:
            box.addItem(title, data)
        box.setMaxVisibleItems(len(items))
        box.activated.connect(lambda i, b=box, f=field: self._set(**{f: b.itemData(i)}))
        return box

    def _reg_spin(self, name: str, field: str) -> QDoubleSpinBox:
        box = SciDoubleSpinBox(self)
        box.setObjectName(name)
        box.setRange(0.0, 10.0)
        box.setSingleStep(0.001)
        box.setKeyboardTracking(False)
        box.valueChanged.connect(lambda v, f=field: self._set(**{f: float(v)}))
        return box

    def _set(self, **changes: Any) -> None:
        self.document.set_train(**changes)

    def _on_learning_rate_edited(self) -> None:
        text = self.learning_rate.currentText().strip().replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            self._sync(self.document.spec)
            return
        if not 0.0 < value <= 1000.0:
            self._sync(self.document.spec)
            return
        self._set(learning_rate=value)

    def _on_target_toggled(self, checked: bool) -> None:
        self.target_loss.setEnabled(checked)
        self._set(target_loss=float(self.target_loss.value()) if checked else None)

    # -- GPU probe ------------------------------------------------------------------
    def set_gpu_probe(self, probe: Any) -> None:
        """Show what the GPU probe found (called in the GUI thread)."""
        self.gpu = probe
        self._set_gpu_item(probe)
        self._sync(self.document.spec)

    def _set_gpu_item(self, probe: Any) -> None:
        index = self.backend.findData("cupy")
        model = self.backend.model()
        item = model.item(index)
        if probe is None:
            text = self.tr("GPU: checking…")
            tip = self.tr("Looking for a usable NVIDIA GPU in the background.")
            enabled = False
        elif probe.ok:
            text = self.tr("GPU (CuPy): %1").replace("%1", probe.name or "GPU")
            tip = text
            enabled = True
        else:
            text = self.tr("GPU: not available")
            tip = describe(probe.reason or "")
            enabled = False
        self.backend.setItemText(index, text)
        self.backend.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)
        item.setEnabled(enabled or self.document.spec.train.backend == "cupy")

    def _backend_note(self, backend: str) -> str:
        probe = self.gpu
        if probe is None:
            return self.tr("Checking for a GPU…")
        if backend == "numpy":
            return self.tr("Training runs on the CPU with NumPy.")
        if probe.ok:
            if backend == "cupy":
                return self.tr("Training runs on the GPU %1.").replace("%1", probe.name or "")
            return self.tr("Small networks run on the CPU; large ones on the GPU %1.").replace(
                "%1", probe.name or ""
            )
        reason = describe(probe.reason or "")  # the engine's English reason, in the interface language
        if backend == "cupy":
            return self.tr("The GPU cannot be used: %1").replace("%1", reason)
        return self.tr("No usable GPU (%1); training runs on the CPU.").replace("%1", reason)

    # -- document → controls --------------------------------------------------------
    def _on_document_spec_changed(self, spec: DesignSpec) -> None:
        self._sync(spec)

    def _sync(self, spec: DesignSpec) -> None:
        t = spec.train
        for box, value in (
            (self.optimizer, t.optimizer),
            (self.loss, t.loss),
            (self.initializer, t.initializer),
            (self.backend, t.backend),
        ):
            with QSignalBlocker(box):
                i = box.findData(value)
                if i >= 0:
                    box.setCurrentIndex(i)
        with QSignalBlocker(self.learning_rate):
            i = self.learning_rate.findData(t.learning_rate)
            if i >= 0:
                self.learning_rate.setCurrentIndex(i)
            else:
                self.learning_rate.setCurrentIndex(-1)
                self.learning_rate.setEditText(f"{t.learning_rate:g}")
        for name, box in self.hyper.items():
            with QSignalBlocker(box):
                box.setValue(float(getattr(t, name)))
        spins = ((self.batch_size, t.batch_size), (self.epochs, t.epochs), (self.seed, t.seed))
        for spin, value in spins:
            with QSignalBlocker(spin):
                spin.setValue(int(value))
        floats = (
            (self.huber_delta, t.huber_delta),
            (self.l1, t.l1),
            (self.l2, t.l2),
            (self.init_scale, t.init_scale),
            (self.bias_init, t.bias_init),
        )
        for fspin, fvalue in floats:
            with QSignalBlocker(fspin):
                fspin.setValue(float(fvalue))
        with QSignalBlocker(self.target_enabled):
            self.target_enabled.setChecked(t.target_loss is not None)
        with QSignalBlocker(self.target_loss):
            self.target_loss.setValue(float(t.target_loss) if t.target_loss is not None else 0.05)
        self.target_loss.setEnabled(t.target_loss is not None)
        used = OPTIMIZER_PARAMS.get(t.optimizer, ())
        for name in HYPERPARAMETERS:
            self.form.setRowVisible(self._rows[name], name in used)
        self.form.setRowVisible(self._rows["huber_delta"], t.loss == "huber")
        self.more.form.setRowVisible(self._rows["init_scale"], t.initializer in ("uniform", "normal"))
        self.backend_note.setText(self._backend_note(t.backend))
