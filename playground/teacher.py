"""Teacher controls: a design can hide or lock chosen controls, so students see only what a lesson needs.

The choice lives in the design file, in the free-form ``ui`` section::

    "ui": {"teacher": {"hidden": ["noise"], "locked": ["learning_rate", "palette"],
                       "pin": {"salt": "…", "hash": "…", "iterations": 200000}}}

(see ``docs/design-format.md``; ``engine/spec.py`` checks the types). The keys are the
stable names of :data:`CONTROLS`, each mapping to one or more objectNames of
``docs/ui.md``; unknown names (from a newer app) are kept on save and otherwise ignored.

:class:`TeacherControls` (one per window, made by :func:`install_teacher`) adds
Edit ▸ Teacher Controls… (Ctrl+Shift+T), a note in the status bar, and applies the
design's choice whenever the design or the window's widgets change:

- **hidden**: a form row disappears with its label, a dock closes (and leaves View),
  an action leaves its menu and toolbar, a view tab is removed from the tab bar;
- **locked**: the row (label too) or action is disabled and its tooltip says
  "Locked by the teacher"; the network editor turns read-only (no drops, drags or
  Delete); the weight popup's editor is disabled.

Locks also hold against other routes: every document edit passes
:meth:`TeacherControls.refusal` (the document's ``replace_spec`` is wrapped), so a
shortcut or script cannot change a locked value, and a lesson's design opened while
locks are on keeps the locked values and the teacher settings
(:meth:`TeacherControls.guard_incoming`). Changing the settings is one undoable edit.
An optional PIN (stored as a salted PBKDF2 hash) keeps the dialog's checkboxes closed
until it is typed; it stops casual clicks, not someone editing the file by hand.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, fields, replace
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QHelpEvent, QIcon, QKeySequence, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QToolButton,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from engine.spec import DataSpec, DesignSpec, LayerSpec

CONTEXT = "TeacherControls"
UI_KEY = "teacher"
PIN_ITERATIONS = 200_000
ROLE_KEY = Qt.ItemDataRole.UserRole + 1

GROUP_TITLES = {
    "data": "Data",
    "network": "Network",
    "training": "Training",
    "run": "Run",
    "views": "Views",
}

CONTROL_LABELS = {
    "dataset": "Data set (and its file)",
    "features": "Input features",
    "noise": "Noise",
    "train_ratio": "Share of training data",
    "samples": "Number of samples or images",
    "classes": "Number of classes",
    "data_seed": "Data seed and Regenerate",
    "draw_points": "Drawing your own data points",
    "palette": "Adding layers (the layer palette)",
    "network": "Changing the network (move, delete, layer settings)",
    "weights": "Typing single weights and biases (neuron popup)",
    "learning_rate": "Learning rate",
    "optimizer": "Optimizer and its settings",
    "batch_size": "Batch size",
    "loss": "Loss function",
    "regularisation": "Regularisation (L1, L2)",
    "activation": "Activation functions",
    "epochs": "Epochs and stopping",
    "initialization": "Initial weights and training seed",
    "backend": "Compute on (CPU or GPU)",
    "play": "Play / Pause",
    "step": "Step (one batch, one epoch)",
    "reset": "Reset",
    "view_boundary": "Tab: Boundary and loss",
    "view_filters": "Tab: CNN filters",
    "view_weights": "Tab: Weight images",
    "view_gradients": "Tab: Gradient flow",
    "view_confusion": "Tab: Confusion matrix",
}


@dataclass(frozen=True)
class Control:
    """One thing a teacher can hide or lock.

    ``widgets`` are the objectNames locked (and hidden, unless ``hide`` names others);
    ``fields`` are the design values it sets, guarded against other routes while locked:
    ``"train.<name>"``, ``"data.<name>"``, ``"layers"`` (the whole network),
    ``"layers.new"`` (no new layer) or ``"option.<name>"`` (that option of every layer).
    """

    key: str
    group: str
    widgets: tuple[str, ...]
    fields: tuple[str, ...] = ()
    hide: tuple[str, ...] | None = None
    lockable: bool = True

    @property
    def label(self) -> str:
        return QCoreApplication.translate("TeacherControls", CONTROL_LABELS[self.key])

    @property
    def hide_names(self) -> tuple[str, ...]:
        return self.widgets if self.hide is None else self.hide


CONTROLS: tuple[Control, ...] = (
    Control(
        "dataset", "data", ("datasetCombo", "dataPathEdit"), ("data.dataset", "data.path", "data.target", "data.task")
    ),
    Control("features", "data", ("featureChecks",), ("data.features",)),
    Control("noise", "data", ("noiseSlider",), ("data.noise",)),
    Control("train_ratio", "data", ("trainRatioSlider",), ("data.train_fraction",)),
    Control(
        "samples", "data", ("samplesSpin", "trainLimitSpin"), ("data.samples", "data.train_limit", "data.test_limit")
    ),
    Control("classes", "data", ("classesSpin",), ("data.classes",)),
    Control("data_seed", "data", ("dataSeedSpin",), ("data.seed",)),
    Control("draw_points", "data", ("drawToolbar", "copyPointsButton"), ("data.points",)),
    Control("palette", "network", ("layerPalette",), ("layers.new",), hide=("paletteDock",)),
    Control(
        "network",
        "network",
        ("networkEditor", "layerInspector", "layerPalette", "deleteLayerAction"),
        ("layers",),
        hide=("networkEditor", "inspectorDock"),
    ),
    Control("weights", "network", ("parameterEditRow",)),
    Control("learning_rate", "training", ("learningRateCombo",), ("train.learning_rate",)),
    Control(
        "optimizer",
        "training",
        ("optimizerCombo", "momentumSpin", "rhoSpin", "beta1Spin", "beta2Spin", "epsilonSpin"),
        ("train.optimizer", "train.momentum", "train.rho", "train.beta1", "train.beta2", "train.epsilon"),
    ),
    Control("batch_size", "training", ("batchSizeSpin",), ("train.batch_size",)),
    Control("loss", "training", ("lossCombo", "huberDeltaSpin"), ("train.loss", "train.huber_delta")),
    Control(
        "regularisation",
        "training",
        ("l1Spin", "l2Spin", "option_l1", "option_l2"),
        ("train.l1", "train.l2", "option.l1", "option.l2"),
    ),
    Control(
        "activation",
        "training",
        ("option_activation", "option_alpha"),
        ("option.activation", "option.alpha"),
        hide=("option_activation", "option_alpha", "activationPlot"),
    ),
    Control("epochs", "training", ("epochsSpin", "targetLossCheck"), ("train.epochs", "train.target_loss")),
    Control(
        "initialization",
        "training",
        ("initializerCombo", "initScaleSpin", "biasInitSpin", "trainSeedSpin", "option_initializer"),
        ("train.initializer", "train.init_scale", "train.bias_init", "train.seed", "option.initializer"),
    ),
    Control("backend", "training", ("backendCombo", "backendNote"), ("train.backend",)),
    Control("play", "run", ("playAction",)),
    Control("step", "run", ("stepBatchAction", "stepEpochAction")),
    Control("reset", "run", ("resetAction",)),
    Control("view_boundary", "views", ("livePlotsPage",), lockable=False),
    Control("view_filters", "views", ("cnnFiltersView",), lockable=False),
    Control("view_weights", "views", ("denseWeightsView",), lockable=False),
    Control("view_gradients", "views", ("gradientFlowView",), lockable=False),
    Control("view_confusion", "views", ("confusionView",), lockable=False),
)
CONTROLS_BY_KEY: dict[str, Control] = {c.key: c for c in CONTROLS}


# ---------------------------------------------------------------------- the state in the design


@dataclass(frozen=True)
class TeacherState:
    """What the design hides and locks (control keys, unknown ones included) and its optional PIN."""

    hidden: tuple[str, ...] = ()
    locked: tuple[str, ...] = ()
    pin: dict[str, Any] | None = None

    @property
    def active(self) -> bool:
        """True when anything is hidden or locked (the status-bar note shows)."""
        return bool(self.known(self.hidden) or self.known(self.locked))

    @staticmethod
    def known(keys: Iterable[str]) -> list[str]:
        """The keys this app knows, in registry order."""
        wanted = set(keys)
        return [c.key for c in CONTROLS if c.key in wanted]

    def is_hidden(self, key: str) -> bool:
        return key in self.hidden

    def is_locked(self, key: str) -> bool:
        control = CONTROLS_BY_KEY.get(key)
        return key in self.locked and (control is None or control.lockable)


def _ordered(keys: Iterable[str]) -> tuple[str, ...]:
    """Known keys in registry order, then unknown ones in their own order; no repeats."""
    keys = list(dict.fromkeys(keys))
    return tuple(TeacherState.known(keys) + [k for k in keys if k not in CONTROLS_BY_KEY])


def read_state(spec: DesignSpec) -> TeacherState:
    """The teacher settings of ``spec`` (validated by the engine when the file was read)."""
    raw = spec.ui.get(UI_KEY)
    if not isinstance(raw, dict):
        return TeacherState()

    def names(key: str) -> tuple[str, ...]:
        value = raw.get(key)
        return _ordered(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

    pin = raw.get("pin")
    return TeacherState(names("hidden"), names("locked"), dict(pin) if isinstance(pin, dict) else None)


def with_state(spec: DesignSpec, state: TeacherState) -> DesignSpec:
    """``spec`` with ``state`` written into ``ui.teacher`` (other keys of ``ui`` and of the section kept)."""
    old = spec.ui.get(UI_KEY)
    section: dict[str, Any] = dict(old) if isinstance(old, dict) else {}
    for key, value in (("hidden", list(_ordered(state.hidden))), ("locked", list(_ordered(state.locked)))):
        if value:
            section[key] = value
        else:
            section.pop(key, None)
    if state.pin:
        section["pin"] = dict(state.pin)
    else:
        section.pop("pin", None)
    ui = {k: v for k, v in spec.ui.items() if k != UI_KEY}
    if section:
        ui[UI_KEY] = section
    return replace(spec, ui=ui)


def make_pin(pin: str, iterations: int = PIN_ITERATIONS) -> dict[str, Any]:
    """A salted PBKDF2-SHA256 hash of ``pin``, as stored in ``ui.teacher.pin``."""
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    return {"salt": salt.hex(), "hash": digest.hex(), "iterations": iterations}


def check_pin(stored: dict[str, Any] | None, pin: str) -> bool:
    """True when ``pin`` matches the stored hash (or there is no PIN)."""
    if not stored:
        return True
    try:
        salt = bytes.fromhex(str(stored["salt"]))
        expected = bytes.fromhex(str(stored["hash"]))
        iterations = int(stored["iterations"])
    except (KeyError, TypeError, ValueError):
        return False
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    return hmac.compare_digest(digest, expected)


# ---------------------------------------------------------------------- what a lock protects


def _layer_options(spec: DesignSpec, name: str) -> dict[str, Any]:
    return {layer.id: layer.options.get(name) for layer in spec.all_layers()}


def setting_values(spec: DesignSpec) -> dict[str, Any]:
    """The data and training values a control can lock, by path (``"train.learning_rate"``).

    The names are spelled out here (never taken from a file); a field this version's
    DesignSpec lacks reads as None.
    """
    out: dict[str, Any] = {}
    for name in (
        "dataset", "path", "target", "task", "features", "noise", "train_fraction", "samples",
        "train_limit", "test_limit", "classes", "seed", "points",
    ):  # fmt: skip
        out["data." + name] = getattr(spec.data, name, None)
    for name in (
        "learning_rate", "optimizer", "momentum", "rho", "beta1", "beta2", "epsilon", "batch_size", "loss",
        "huber_delta", "l1", "l2", "epochs", "target_loss", "initializer", "init_scale", "bias_init", "seed",
        "backend",
    ):  # fmt: skip
        out["train." + name] = getattr(spec.train, name, None)
    return out


def _field_changed(
    old: DesignSpec, new: DesignSpec, path: str, values: tuple[dict[str, Any], dict[str, Any]] | None = None
) -> bool:
    section, _, name = path.partition(".")
    if section in ("data", "train"):
        before, after = values if values is not None else (setting_values(old), setting_values(new))
        return before[path] != after[path]
    if path == "layers":
        return old.layers != new.layers
    if path == "layers.new":
        return bool({x.id for x in new.all_layers()} - {x.id for x in old.all_layers()})
    if section == "option":
        options_before, options_after = _layer_options(old, name), _layer_options(new, name)
        return any(options_before[key] != options_after[key] for key in options_before.keys() & options_after.keys())
    raise ValueError(path)


def changed_controls(old: DesignSpec, new: DesignSpec, keys: Iterable[str]) -> list[Control]:
    """The controls among ``keys`` whose design values differ between ``old`` and ``new``."""
    out = []
    values = (setting_values(old), setting_values(new))
    for key in keys:
        control = CONTROLS_BY_KEY.get(key)
        if control is not None and any(_field_changed(old, new, f, values) for f in control.fields):
            out.append(control)
    return out


def keep_locked(old: DesignSpec, new: DesignSpec) -> DesignSpec:
    """``new`` with ``old``'s teacher settings and ``old``'s values of every locked control."""
    state = read_state(old)
    out = with_state(new, state)
    layers: tuple[LayerSpec, ...] | None = None
    before = setting_values(old)
    data_fields = {f.name for f in fields(DataSpec)}
    for control in changed_controls(old, out, [k for k in state.locked if state.is_locked(k)]):
        for path in control.fields:
            section, _, name = path.partition(".")
            if section == "data" and name in data_fields:
                out = replace(out, data=replace(out.data, **{name: before[path]}))
            elif section == "train":
                out = replace(out, train=replace(out.train, **{name: before[path]}))
            elif section not in ("data", "train"):  # a locked part of the network: all of it stays
                layers = old.layers
    return out if layers is None else replace(out, layers=layers)


# ---------------------------------------------------------------------- icons


def lock_icon(color: str = "#8A5300") -> QIcon:
    """A small padlock (drawn, so it looks the same with every style and font)."""
    icon = QIcon()
    for scale in (1, 2):
        size = 16 * scale
        pm = QPixmap(size, size)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.scale(scale, scale)
        p.setPen(QPen(QColor(color), 1.8))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawArc(QRectF(4.5, 1.5, 7, 8), 0, 180 * 16)
        p.drawLine(QPointF(4.5, 5.5), QPointF(4.5, 7.5))
        p.drawLine(QPointF(11.5, 5.5), QPointF(11.5, 7.5))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(color))
        p.drawRoundedRect(QRectF(2.5, 7, 11, 8), 1.5, 1.5)
        p.setBrush(QColor("white"))
        p.drawEllipse(QPointF(8, 10.5), 1.3, 1.3)
        p.end()
        pm.setDevicePixelRatio(scale)
        icon.addPixmap(pm)
    return icon


# ---------------------------------------------------------------------- the dialog


class TeacherDialog(QDialog):
    """A table of every control with "Hidden" and "Locked" check boxes; OK applies them (undoable)."""

    def __init__(self, state: TeacherState, parent: QWidget | None = None, views: Iterable[str] = ()) -> None:
        super().__init__(parent)
        self.setObjectName("teacherDialog")
        self.setWindowTitle(self.tr("Teacher Controls"))
        self.setModal(True)
        self._state = state
        self._unlocked = not state.pin
        layout = QVBoxLayout(self)

        intro = QLabel(
            self.tr(
                "Choose what students see and can change in this design. Hidden controls disappear; "
                "locked ones stay visible but cannot be changed. The choice is saved in the design file."
            ),
            self,
        )
        intro.setObjectName("teacherIntro")
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.pin_row = QWidget(self)
        self.pin_row.setObjectName("teacherPinRow")
        pin_layout = QHBoxLayout(self.pin_row)
        pin_layout.setContentsMargins(0, 0, 0, 0)
        pin_icon = QLabel(self.pin_row)
        pin_icon.setPixmap(lock_icon().pixmap(16, 16))
        pin_layout.addWidget(pin_icon)
        pin_layout.addWidget(QLabel(self.tr("These settings are protected. Teacher PIN:"), self.pin_row))
        self.pin_entry = QLineEdit(self.pin_row)
        self.pin_entry.setObjectName("teacherPinEntry")
        self.pin_entry.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_entry.returnPressed.connect(self.unlock)
        pin_layout.addWidget(self.pin_entry, 1)
        self.unlock_button = QPushButton(self.tr("Unlock"), self.pin_row)
        self.unlock_button.setObjectName("teacherUnlockButton")
        self.unlock_button.setAutoDefault(False)
        self.unlock_button.clicked.connect(self.unlock)
        pin_layout.addWidget(self.unlock_button)
        self.pin_message = QLabel(self)
        self.pin_message.setObjectName("teacherPinMessage")
        self.pin_message.setStyleSheet("color: #C62828;")
        self.pin_message.hide()
        layout.addWidget(self.pin_row)
        layout.addWidget(self.pin_message)
        self.pin_row.setVisible(not self._unlocked)

        self.table = QTreeWidget(self)
        self.table.setObjectName("teacherTable")
        self.table.setColumnCount(3)
        self.table.setHeaderLabels([self.tr("Control"), self.tr("Hidden"), self.tr("Locked")])
        self.table.setRootIsDecorated(False)
        self.table.setUniformRowHeights(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        header = self.table.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, 96)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._fill(set(views))
        layout.addWidget(self.table, 1)

        self.pin_box = QWidget(self)
        self.pin_box.setObjectName("teacherPinBox")
        box_layout = QHBoxLayout(self.pin_box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(QLabel(self.tr("New PIN (optional):"), self.pin_box))
        self.new_pin = QLineEdit(self.pin_box)
        self.new_pin.setObjectName("teacherPinEdit")
        self.new_pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_pin.setMaxLength(32)
        self.new_pin.setPlaceholderText(self.tr("keep the current PIN") if state.pin else self.tr("no PIN"))
        self.new_pin.setToolTip(
            self.tr("Asked before these settings can be changed again. It stops casual clicks, not file editing.")
        )
        box_layout.addWidget(self.new_pin, 1)
        self.remove_pin = QCheckBox(self.tr("Remove the PIN"), self.pin_box)
        self.remove_pin.setObjectName("teacherPinRemove")
        self.remove_pin.setVisible(bool(state.pin))
        box_layout.addWidget(self.remove_pin)
        layout.addWidget(self.pin_box)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("teacherButtons")
        self.clear_button = self.buttons.addButton(self.tr("Clear All"), QDialogButtonBox.ButtonRole.ResetRole)
        self.clear_button.setObjectName("teacherClearButton")
        self.clear_button.setToolTip(self.tr("Show and unlock every control"))
        self.clear_button.clicked.connect(self.clear_all)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._set_editable(self._unlocked)
        if not self._unlocked:
            self.pin_entry.setFocus()
        # wide enough for the longest control name in the current language and font (presentation: larger)
        needed = self.table.sizeHintForColumn(0) + 2 * 96 + 60
        self.resize(max(580, needed), max(680, self.sizeHint().height()))

    # -- building -------------------------------------------------------------------
    def _fill(self, views: set[str]) -> None:
        bold = self.table.font()
        bold.setBold(True)
        state = self._state
        for group in GROUP_TITLES:
            controls = [
                c for c in CONTROLS if c.group == group and (group != "views" or not views or c.widgets[0] in views)
            ]
            if not controls:
                continue
            head = QTreeWidgetItem(self.table, [QCoreApplication.translate("TeacherControls", GROUP_TITLES[group])])
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate)
            head.setBackground(0, QColor("#EEF2F6"))
            head.setBackground(1, QColor("#EEF2F6"))
            head.setBackground(2, QColor("#EEF2F6"))
            for control in controls:
                item = QTreeWidgetItem(head, [control.label])
                item.setData(0, ROLE_KEY, control.key)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                hidden = state.is_hidden(control.key)
                item.setCheckState(1, Qt.CheckState.Checked if hidden else Qt.CheckState.Unchecked)
                if control.lockable:
                    item.setCheckState(
                        2, Qt.CheckState.Checked if state.is_locked(control.key) else Qt.CheckState.Unchecked
                    )
                else:
                    item.setToolTip(2, self.tr("A tab can only be hidden"))
                self._items[control.key] = item
            head.setExpanded(True)

    def _set_editable(self, on: bool) -> None:
        for item in self._items.values():
            flags = Qt.ItemFlag.ItemIsEnabled | (Qt.ItemFlag.ItemIsUserCheckable if on else Qt.ItemFlag.NoItemFlags)
            item.setFlags(flags)
        for i in range(self.table.topLevelItemCount()):
            head = self.table.topLevelItem(i)
            checkable = Qt.ItemFlag.ItemIsUserCheckable if on else Qt.ItemFlag.NoItemFlags
            head.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsAutoTristate | checkable)
        self.pin_box.setEnabled(on)
        self.clear_button.setEnabled(on)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setEnabled(on)

    # -- public ---------------------------------------------------------------------
    def item(self, key: str) -> QTreeWidgetItem:
        """The table row of a control (tests click its check boxes)."""
        return self._items[key]

    def set_checked(self, key: str, hidden: bool | None = None, locked: bool | None = None) -> None:
        """Tick or clear a row's boxes, as a click would."""
        item = self._items[key]
        for column, on in ((1, hidden), (2, locked)):
            if on is not None and item.data(column, Qt.ItemDataRole.CheckStateRole) is not None:
                item.setCheckState(column, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def is_unlocked(self) -> bool:
        return self._unlocked

    def unlock(self) -> bool:
        """Check the typed PIN; a right one makes the table editable."""
        if check_pin(self._state.pin, self.pin_entry.text()):
            self._unlocked = True
            self.pin_row.hide()
            self.pin_message.hide()
            self._set_editable(True)
            self.table.setFocus()
            return True
        self.pin_message.setText(self.tr("That PIN is not right."))
        self.pin_message.show()
        self.pin_entry.selectAll()
        return False

    def clear_all(self) -> None:
        for item in self._items.values():
            for column in (1, 2):
                if item.data(column, Qt.ItemDataRole.CheckStateRole) is not None:
                    item.setCheckState(column, Qt.CheckState.Unchecked)

    def result_state(self) -> TeacherState:
        """The settings as chosen (unknown keys of the design kept; the PIN set, kept or removed)."""
        hidden = [k for k, it in self._items.items() if it.checkState(1) == Qt.CheckState.Checked]
        locked = [
            k
            for k, it in self._items.items()
            if it.data(2, Qt.ItemDataRole.CheckStateRole) is not None and it.checkState(2) == Qt.CheckState.Checked
        ]
        shown = set(self._items)
        hidden += [k for k in self._state.hidden if k not in shown]
        locked += [k for k in self._state.locked if k not in shown]
        pin = self._state.pin
        if self.remove_pin.isChecked():
            pin = None
        if self.new_pin.text():
            pin = make_pin(self.new_pin.text())
        return TeacherState(_ordered(hidden), _ordered(locked), pin)

    def accept(self) -> None:
        if not self._unlocked:
            return
        super().accept()


# ---------------------------------------------------------------------- applying it to the window


@dataclass
class _Unit:
    """One thing on screen a control acts on: a form row, a dock, an action, a tab or a plain widget."""

    kind: str  # "row" | "dock" | "action" | "tab" | "widget" | "editor"
    obj: Any
    form: QFormLayout | None = None
    label: QWidget | None = None

    def valid(self) -> bool:
        return isValid(self.obj) and (self.label is None or isValid(self.label))


def _form_row(widget: QWidget, window: QWidget, depth: int = 3) -> tuple[QFormLayout, QWidget] | None:
    """The QFormLayout and field widget of the form row holding ``widget`` (climbing a few parents)."""
    current = widget
    for _ in range(depth):
        parent = current.parentWidget()
        if parent is None or current.isWindow() or parent is window:
            return None
        layout = parent.layout()
        if isinstance(layout, QFormLayout) and layout.indexOf(current) >= 0:
            return layout, current
        current = parent
    return None


_EDITOR_EVENTS = frozenset(
    {
        QEvent.Type.DragEnter,
        QEvent.Type.DragMove,
        QEvent.Type.Drop,
        QEvent.Type.MouseMove,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.KeyPress,
    }
)


class TeacherControls(QObject):
    """Applies the design's teacher settings to one main window and guards locked values."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.setObjectName("teacherControls")
        self.window = window
        self.document = window.document
        self._applied: TeacherState = TeacherState()
        self._hidden_units: list[_Unit] = []
        self._locked_units: list[_Unit] = []
        self._hooked_actions: set[int] = set()
        self._applying = False
        self._dialog: TeacherDialog | None = None
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.apply)

        self.action = QAction(self.tr("&Teacher Controls…"), window)
        self.action.setObjectName("teacherControlsAction")
        self.action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setIcon(lock_icon("#37414B"))
        self.action.triggered.connect(self.open_dialog)
        window.addAction(self.action)
        menu = getattr(window, "edit_menu", None)
        if menu is not None:
            menu.addSeparator()
            menu.addAction(self.action)

        self.note = QToolButton(window.statusBar())
        self.note.setObjectName("teacherNote")
        self.note.setIcon(lock_icon())
        self.note.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.note.setAutoRaise(True)
        self.note.setStyleSheet(
            "QToolButton#teacherNote { color: #7A4100; background: #FFF3E0; border: 1px solid #F2C48D;"
            " border-radius: 4px; padding: 0px 6px; }"
        )
        self.note.clicked.connect(self.open_dialog)
        self.note.hide()
        window.statusBar().addPermanentWidget(self.note)
        self._retranslate_texts()

        self._original_replace_spec: Callable[..., bool] = self.document.replace_spec
        self.document.replace_spec = self._guarded_replace_spec  # every intent method goes through it
        self.document.spec_changed.connect(self._on_spec_changed)
        editor = getattr(window, "editor", None)
        if editor is not None:
            editor.layer_selected.connect(lambda _id: self.apply())
        for dock in window.findChildren(QDockWidget):
            dock.visibilityChanged.connect(self._on_dock_visibility)
        # the editor, the weight popup and the window are watched only while a lock or a hidden
        # dock needs it: every event a Python filter sees costs the training thread the GIL
        self._watched: dict[str, bool] = {}
        self.apply()

    # -- state ----------------------------------------------------------------------
    def state(self) -> TeacherState:
        return read_state(self.document.spec)

    def set_state(self, state: TeacherState) -> bool:
        """Write new settings into the design as one undoable edit; False if nothing changed."""
        new = with_state(self.document.spec, state)
        return self._original_replace_spec(new, self.tr("Change teacher controls"))

    def units(self, key: str, hide: bool = False) -> list[_Unit]:
        """What control ``key`` acts on right now (widgets come and go, so looked up each time)."""
        control = CONTROLS_BY_KEY[key]
        out: list[_Unit] = []
        names = control.hide_names if hide else control.widgets
        for name in names:
            out += self._resolve(name)
        return out

    def _resolve(self, name: str) -> list[_Unit]:
        window = self.window
        actions = [a for a in window.findChildren(QAction, name)]
        if actions:
            return [_Unit("action", a) for a in actions]
        out: list[_Unit] = []
        tabs: QTabWidget | None = getattr(window, "view_tabs", None)
        for widget in window.findChildren(QWidget, name):
            if tabs is not None and tabs.indexOf(widget) >= 0:
                out.append(_Unit("tab", widget))
            elif isinstance(widget, QDockWidget):
                out.append(_Unit("dock", widget))
            elif widget is getattr(window, "editor", None):
                out.append(_Unit("editor", widget))
            else:
                row = _form_row(widget, window)
                if row is None:
                    out.append(_Unit("widget", widget))
                    continue
                form, field_widget = row
                position, role = form.getWidgetPosition(field_widget)
                label = None
                if role == QFormLayout.ItemRole.FieldRole:
                    item = form.itemAt(position, QFormLayout.ItemRole.LabelRole)
                    label = item.widget() if item is not None else None
                out.append(_Unit("row", field_widget, form, label))
        return out

    # -- applying -------------------------------------------------------------------
    def _on_spec_changed(self, spec: DesignSpec) -> None:
        self.apply()

    def _on_dock_visibility(self, visible: bool) -> None:
        if visible and self._hidden_units:
            self._pending.start()

    def schedule(self) -> None:
        """Apply once the event loop is back (after a rebuild that is still under way)."""
        self._pending.start()

    def apply(self) -> None:
        """Hide and lock what the design asks for; undo what it no longer asks for."""
        if self._applying:
            return
        self._applying = True
        try:
            state = self.state()
            if not (state.hidden or state.locked or self._hidden_units or self._locked_units):
                self._applied = state
                self.note.hide()
                self._sync_filters(state)
                return
            dropped = (set(self._applied.hidden) - set(state.hidden)) | (set(self._applied.locked) - set(state.locked))
            if dropped:
                self._release_all()
                self._refresh_owners()
            self._applied = state
            self._hidden_units, self._locked_units = [], []
            for control in CONTROLS:
                if state.is_hidden(control.key):
                    for unit in self.units(control.key, hide=True):
                        self._hide(unit)
                        self._hidden_units.append(unit)
                if state.is_locked(control.key):
                    for unit in self.units(control.key):
                        self._lock(unit)
                        self._locked_units.append(unit)
            self._update_note(state)
            self._sync_filters(state)
        finally:
            self._applying = False

    def _sync_filters(self, state: TeacherState) -> None:
        """Install this object's event filter where the current state needs it, and only there."""
        editor = getattr(self.window, "editor", None)
        popup = getattr(getattr(self.window, "neuron_view", None), "popup", None)
        wanted = {
            "editor": editor is not None and (state.is_locked("network") or state.is_locked("palette")),
            "popup": popup is not None and bool(state.locked or state.hidden),  # re-apply to its rows when it opens
            "window": any(u.kind == "dock" for u in self._hidden_units),  # unhide docks before the layout is saved
        }
        targets = {
            "editor": [editor, editor.viewport()] if editor is not None else [],
            "popup": [popup] if popup is not None else [],
            "window": [self.window],
        }
        for name, on in wanted.items():
            if self._watched.get(name, False) == on:
                continue
            for widget in targets[name]:
                if widget is not None and isValid(widget):
                    if on:
                        widget.installEventFilter(self)
                    else:
                        widget.removeEventFilter(self)
            self._watched[name] = on

    def _release_all(self) -> None:
        hidden, locked = self._hidden_units, self._locked_units
        self._hidden_units, self._locked_units = [], []  # first: a released action must not lock itself again
        for unit in hidden:
            if unit.valid():
                self._unhide(unit)
        for unit in locked:
            if unit.valid():
                self._unlock(unit)

    def _refresh_owners(self) -> None:
        """After showing or unlocking: let each panel decide again what it shows and enables."""
        window, spec = self.window, self.document.spec
        for name in ("data_panel", "train_panel"):
            sync = getattr(getattr(window, name, None), "_sync", None)
            if callable(sync):
                sync(spec)
        editor = getattr(window, "editor", None)
        selected = getattr(editor, "selected_id", None)
        inspector = getattr(window, "inspector", None)
        if inspector is not None and hasattr(inspector, "show_layer"):
            inspector.show_layer(selected or None)
        update = getattr(window, "_update_play_enabled", None)
        if callable(update):
            update()
        delete = getattr(window, "delete_action", None)
        if delete is not None:
            delete.setEnabled(bool(selected))

    def _hide(self, unit: _Unit) -> None:
        obj = unit.obj
        if unit.kind == "row":
            unit.form.setRowVisible(obj, False)
        elif unit.kind == "dock":
            obj.hide()
            obj.toggleViewAction().setVisible(False)
        elif unit.kind == "action":
            obj.setVisible(False)
        elif unit.kind == "tab":
            tabs = self.window.view_tabs
            tabs.setTabVisible(tabs.indexOf(obj), False)
        else:
            obj.hide()

    def _unhide(self, unit: _Unit) -> None:
        obj = unit.obj
        if unit.kind == "row":
            if unit.form.indexOf(obj) >= 0:
                unit.form.setRowVisible(obj, True)
        elif unit.kind == "dock":
            obj.toggleViewAction().setVisible(True)
            obj.show()
        elif unit.kind == "action":
            obj.setVisible(True)
        elif unit.kind == "tab":
            tabs = self.window.view_tabs
            if tabs.indexOf(obj) >= 0:
                tabs.setTabVisible(tabs.indexOf(obj), True)
        else:
            obj.show()

    def _lock(self, unit: _Unit) -> None:
        obj = unit.obj
        if unit.kind == "action":
            obj.setEnabled(False)
            if id(obj) not in self._hooked_actions:
                self._hooked_actions.add(id(obj))
                obj.changed.connect(lambda a=obj: self._keep_action_locked(a))
            for widget in obj.associatedObjects():
                if isinstance(widget, QToolButton):
                    self._mark(widget, True)
            return
        if unit.kind == "tab":
            return
        if unit.kind == "editor":
            obj.setProperty("teacherLocked", True)  # read-only: see eventFilter
            return
        for widget in (obj, unit.label):
            if widget is not None:
                widget.setEnabled(False)
                self._mark(widget, True)

    def _unlock(self, unit: _Unit) -> None:
        obj = unit.obj
        if unit.kind == "action":
            for widget in obj.associatedObjects():
                if isinstance(widget, QToolButton):
                    self._mark(widget, False)
            obj.setEnabled(True)
            return
        if unit.kind == "editor":
            obj.setProperty("teacherLocked", False)
            return
        for widget in (obj, unit.label):
            if widget is not None:
                widget.setEnabled(True)
                self._mark(widget, False)

    def _mark(self, widget: QWidget, on: bool) -> None:
        widget.setProperty("teacherLocked", on)
        if on:
            widget.installEventFilter(self)  # its tooltip says it is locked
        else:
            widget.removeEventFilter(self)

    def _keep_action_locked(self, action: QAction) -> None:
        if action.isEnabled() and any(u.obj is action for u in self._locked_units if u.kind == "action"):
            action.setEnabled(False)

    def is_locked(self, key: str) -> bool:
        return self.state().is_locked(key)

    def locked_tooltip(self, widget: QWidget) -> str:
        """The tooltip a locked widget shows: its own text, then "Locked by the teacher"."""
        base = widget.toolTip()
        if isinstance(widget, QToolButton) and widget.defaultAction() is not None:
            base = widget.defaultAction().toolTip()
        note = self.tr("Locked by the teacher")
        return f"{base}\n\n{note}" if base else note

    def _update_note(self, state: TeacherState) -> None:
        locked = [CONTROLS_BY_KEY[k].label for k in TeacherState.known(state.locked) if state.is_locked(k)]
        hidden = [CONTROLS_BY_KEY[k].label for k in TeacherState.known(state.hidden)]
        if locked:
            self.note.setText(self.tr("Some controls are locked by the teacher"))
        else:
            self.note.setText(self.tr("Some controls are hidden by the teacher"))
        lines = []
        if locked:
            lines.append(self.tr("Locked: %1").replace("%1", ", ".join(locked)))
        if hidden:
            lines.append(self.tr("Hidden: %1").replace("%1", ", ".join(hidden)))
        lines.append(self.tr("Edit ▸ Teacher Controls… (Ctrl+Shift+T)"))
        self.note.setToolTip("\n".join(lines))
        self.note.setVisible(bool(locked or hidden))

    # -- guarding other routes ------------------------------------------------------
    def refusal(self, old: DesignSpec, new: DesignSpec) -> list[Control]:
        """The locked controls an edit from ``old`` to ``new`` would change (empty: allowed).

        An edit of the teacher settings themselves (the dialog, undo) is always allowed.
        """
        state = read_state(old)
        if state != read_state(new) or not state.locked:
            return []
        return changed_controls(old, new, [k for k in state.locked if state.is_locked(k)])

    def _guarded_replace_spec(self, new: DesignSpec, text: str, merge_key: Hashable | None = None) -> bool:
        refused = self.refusal(self.document.spec, new)
        if refused:
            names = ", ".join(c.label for c in refused)
            message = self.tr("Locked by the teacher: %1").replace("%1", names)
            set_message = getattr(self.window, "_set_message", None)
            if callable(set_message):
                set_message(message, error=True)
            self._refresh_owners_after_refusal()
            return False
        return self._original_replace_spec(new, text, merge_key)

    def _refresh_owners_after_refusal(self) -> None:
        for name in ("data_panel", "train_panel"):
            sync = getattr(getattr(self.window, name, None), "_sync", None)
            if callable(sync):
                sync(self.document.spec)
        self.apply()

    def guard_incoming(self, spec: DesignSpec) -> DesignSpec:
        """A design about to replace the current one from a lesson: locked values and the settings stay."""
        if not self.state().locked and not self.state().hidden:
            return spec
        return keep_locked(self.document.spec, spec)

    # -- events ---------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ToolTip and isinstance(event, QHelpEvent) and isinstance(watched, QWidget):
            if watched.property("teacherLocked"):
                QToolTip.showText(event.globalPos(), self.locked_tooltip(watched), watched)
                return True
            return False
        if kind in _EDITOR_EVENTS:
            editor = getattr(self.window, "editor", None)
            if editor is not None and isValid(editor) and watched in (editor, editor.viewport()):
                return self._editor_event(event)
            return False
        if watched is getattr(getattr(self.window, "neuron_view", None), "popup", None):
            if kind == QEvent.Type.Show:
                self.apply()
            return False
        if watched is self.window and kind == QEvent.Type.Close:
            # the window saves its dock layout now: never save a dock the teacher hid as closed
            for unit in self._hidden_units:
                if unit.kind == "dock" and unit.valid():
                    self._unhide(unit)
            self._hidden_units = [u for u in self._hidden_units if u.kind != "dock"]
            QTimer.singleShot(0, self, self._after_close_attempt)  # dropped if this object goes first
        return False

    def _after_close_attempt(self) -> None:
        if isValid(self.window) and self.window.isVisible():
            self._applied = TeacherState()
            self.apply()

    def _editor_event(self, event: QEvent) -> bool:
        state = self._applied  # what apply() last put on screen (it runs on every change of the design)
        network = state.is_locked("network")
        palette = network or state.is_locked("palette")
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop) and palette:
            event.ignore()
            return True
        if not network:
            return False
        if kind == QEvent.Type.MouseMove and event.buttons() != Qt.MouseButton.NoButton:
            return True  # no dragging blocks around
        if kind == QEvent.Type.MouseButtonDblClick:
            return True  # no folding of residual blocks
        return kind == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)

    # -- dialog and language ---------------------------------------------------------
    def open_dialog(self) -> TeacherDialog:
        """Open the dialog (window-modal, not blocking); OK writes the choice into the design."""
        if self._dialog is not None and isValid(self._dialog) and self._dialog.isVisible():
            self._dialog.raise_()
            return self._dialog
        views = (
            [self.window.view_tabs.widget(i).objectName() for i in range(self.window.view_tabs.count())]
            if hasattr(self.window, "view_tabs")
            else []
        )
        dialog = TeacherDialog(self.state(), self.window, views)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda d=dialog: self._on_dialog_accepted(d))
        self._dialog = dialog
        dialog.open()
        return dialog

    def _on_dialog_accepted(self, dialog: TeacherDialog) -> None:
        if self.set_state(dialog.result_state()):
            set_message = getattr(self.window, "_set_message", None)
            if callable(set_message):
                set_message(self.tr("Teacher controls changed. Save the design to keep them."))

    def _retranslate_texts(self) -> None:
        self.action.setText(self.tr("&Teacher Controls…"))
        tip = self.tr("Hide or lock controls for students (saved in the design)")
        self.action.setToolTip(tip)
        self.action.setStatusTip(tip)

    def retranslate(self) -> None:
        """Language switch (called by :func:`playground.i18n.switch_language`): new texts, then re-apply."""
        self._retranslate_texts()
        self._update_note(self._applied)
        self.schedule()


def install_teacher(window: Any) -> TeacherControls:
    """Give ``window`` teacher controls (once); ``window.teacher`` is the :class:`TeacherControls`."""
    existing = getattr(window, "teacher", None)
    if isinstance(existing, TeacherControls):
        return existing
    teacher = TeacherControls(window)
    window.teacher = teacher
    return teacher
