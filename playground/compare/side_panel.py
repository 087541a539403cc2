"""One side of the comparison: its name, a compact editor of what is compared, and its decision boundary.

:class:`SideEditor` edits the settings a comparison is usually about (the activation of
every hidden layer, the hidden layer sizes, optimizer, learning rate, batch size,
initialiser, L1 and L2) on a plain :class:`~engine.spec.DesignSpec` and emits the new
value; :class:`SidePanel` puts it next to a :class:`~playground.plots.boundary_plot.BoundaryPlot`
under an editable title in the side's colour.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from engine import catalog
from engine.spec import DesignSpec
from playground.compare import model
from playground.compare.overlay_plot import SIDE_COLOURS
from playground.plots.boundary_plot import BoundaryPlot
from playground.widgets.inspector import SciDoubleSpinBox, initializer_title
from playground.widgets.network_editor import activation_title
from playground.widgets.train_panel import learning_rate_combo, narrow, optimizer_title

HIDDEN_ACTIVATIONS = tuple(a for a in catalog.ACTIVATIONS if a != "softmax")


def _select(combo: QComboBox, value: Any) -> None:
    """Show ``value`` (by item data); -1 (the placeholder) when it is not in the list."""
    with QSignalBlocker(combo):
        combo.setCurrentIndex(combo.findData(value))


class SideEditor(QWidget):
    """The compared settings of one network; ``changed`` carries the edited design."""

    changed = Signal(object)  # DesignSpec

    def __init__(self, side: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = side
        self.setObjectName(f"compareEditor{side}")
        self._spec: DesignSpec | None = None
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(5)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form = form

        self.activation = QComboBox(self)
        self.activation.setObjectName(f"compareActivation{side}")
        for name in HIDDEN_ACTIVATIONS:
            self.activation.addItem(activation_title(name), name)
        self.activation.setPlaceholderText(self.tr("(mixed)"))
        narrow(self.activation)
        self.activation.setToolTip(self.tr("The activation of every hidden layer (the output layer keeps its own)"))
        self.activation.activated.connect(self._on_activation)
        form.addRow(self.tr("Activation"), self.activation)

        self.hidden = QLineEdit(self)
        self.hidden.setObjectName(f"compareHidden{side}")
        self.hidden.setPlaceholderText("8, 8")
        self.hidden.editingFinished.connect(self._on_hidden)
        self.hidden.textEdited.connect(lambda _text: self._mark_hidden_error(False))
        form.addRow(self.tr("Hidden layers"), self.hidden)

        self.optimizer = QComboBox(self)
        self.optimizer.setObjectName(f"compareOptimizer{side}")
        for name in catalog.OPTIMIZERS:
            self.optimizer.addItem(optimizer_title(name), name)
        narrow(self.optimizer)
        self.optimizer.activated.connect(lambda i: self._set_train(optimizer=self.optimizer.itemData(i)))
        form.addRow(self.tr("Optimizer"), self.optimizer)

        self.learning_rate = learning_rate_combo(
            self, f"compareLearningRate{side}", lambda lr: self._set_train(learning_rate=lr)
        )
        self.learning_rate.lineEdit().editingFinished.connect(self._on_learning_rate_edited)
        form.addRow(self.tr("Learning rate"), self.learning_rate)

        self.batch_size = QSpinBox(self)
        self.batch_size.setObjectName(f"compareBatchSize{side}")
        self.batch_size.setRange(1, catalog.MAX_BATCH)
        self.batch_size.setKeyboardTracking(False)
        self.batch_size.valueChanged.connect(lambda v: self._set_train(batch_size=int(v)))
        form.addRow(self.tr("Batch size"), self.batch_size)

        self.initializer = QComboBox(self)
        self.initializer.setObjectName(f"compareInitializer{side}")
        for name in catalog.INITIALIZERS:
            self.initializer.addItem(initializer_title(name), name)
        narrow(self.initializer)
        self.initializer.activated.connect(lambda i: self._set_train(initializer=self.initializer.itemData(i)))
        form.addRow(self.tr("Initialiser"), self.initializer)

        self.l1 = self._penalty(f"compareL1{side}", "l1")
        self.l2 = self._penalty(f"compareL2{side}", "l2")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        for label, spin in (("L1", self.l1), ("L2", self.l2)):
            row.addWidget(QLabel(label, self))
            row.addWidget(spin, 1)
        form.addRow(self.tr("Regularisation"), row)

    def _penalty(self, name: str, field: str) -> SciDoubleSpinBox:
        spin = SciDoubleSpinBox(self)
        spin.setObjectName(name)
        spin.setRange(0.0, 10.0)
        spin.setSingleStep(0.001)
        spin.setKeyboardTracking(False)
        spin.setMinimumWidth(60)
        spin.valueChanged.connect(lambda v: self._set_train(**{field: float(v)}))
        return spin

    # ---------------------------------------------------------------- API

    @property
    def spec(self) -> DesignSpec | None:
        return self._spec

    def set_spec(self, spec: DesignSpec) -> None:
        """Show ``spec``'s values (emits nothing)."""
        self._spec = spec
        train = spec.train
        layers = model.hidden_activation_layers(spec)
        _select(self.activation, model.hidden_activation(spec) if layers else None)
        self.activation.setEnabled(bool(layers))
        if not layers:
            self.activation.setPlaceholderText(self.tr("(no hidden layer)"))
        else:
            self.activation.setPlaceholderText(self.tr("(mixed)"))
        sizes = model.hidden_sizes(spec)
        with QSignalBlocker(self.hidden):
            self.hidden.setText(model.sizes_text(sizes))
        self.hidden.setEnabled(sizes is not None)
        self.hidden.setToolTip(
            self.tr("Units of each hidden Dense layer, e.g. “8, 8” for two layers of 8; 0 for none")
            if sizes is not None
            else self.tr("Only a network made of Dense layers can be resized here")
        )
        self._mark_hidden_error(False)
        _select(self.optimizer, train.optimizer)
        with QSignalBlocker(self.learning_rate):
            index = self.learning_rate.findData(train.learning_rate)
            self.learning_rate.setCurrentIndex(index)
            self.learning_rate.setEditText(f"{train.learning_rate:g}")
        for spin, value in ((self.batch_size, train.batch_size), (self.l1, train.l1), (self.l2, train.l2)):
            with QSignalBlocker(spin):
                spin.setValue(value)
        _select(self.initializer, train.initializer)

    # ---------------------------------------------------------------- edits

    def _emit(self, spec: DesignSpec) -> None:
        if self._spec is None or spec == self._spec:
            return
        self.set_spec(spec)
        self.changed.emit(spec)

    def _set_train(self, **changes: Any) -> None:
        if self._spec is not None:
            self._emit(replace(self._spec, train=replace(self._spec.train, **changes)))

    def _on_activation(self, index: int) -> None:
        if self._spec is not None and index >= 0:
            self._emit(model.set_hidden_activation(self._spec, self.activation.itemData(index)))

    def _on_learning_rate_edited(self) -> None:
        text = self.learning_rate.currentText().strip().replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            return
        if 0.0 <= value <= 1000.0:
            self._set_train(learning_rate=value)

    def _on_hidden(self) -> None:
        spec = self._spec
        if spec is None or model.hidden_sizes(spec) is None:
            return
        try:
            sizes = model.parse_sizes(self.hidden.text())
        except ValueError:
            self._mark_hidden_error(True)
            return
        self._emit(model.set_hidden_sizes(spec, sizes))

    def _mark_hidden_error(self, on: bool) -> None:
        self.hidden.setProperty("invalid", on)
        self.hidden.setStyleSheet("border: 2px solid #C62828;" if on else "")
        if on:
            self.hidden.setToolTip(
                self.tr("Type whole numbers separated by commas, e.g. “8, 8” (at most %1 layers)").replace(
                    "%1", str(model.MAX_HIDDEN_LAYERS)
                )
            )


class SidePanel(QFrame):
    """Network A or B: an editable title in its colour, epoch and metrics, the editor and the boundary."""

    def __init__(self, side: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side = side
        colour = SIDE_COLOURS[side]
        self.setObjectName(f"compareSide{side}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            f"QFrame#compareSide{side} {{ border: 1px solid #D5DAE0; border-top: 5px solid {colour};"
            " border-radius: 4px; background: white; }"
        )
        self.name = QLineEdit(side, self)
        self.name.setObjectName(f"compareName{side}")
        self.name.setToolTip(self.tr("The name of this network in the legend (click to change it)"))
        self.name.setMaxLength(60)
        name_font = QFont(self.font())
        name_font.setPointSizeF(max(name_font.pointSizeF(), 10.0) + 5.0)
        name_font.setBold(True)
        self.name.setFont(name_font)
        self.name.setStyleSheet(
            f"QLineEdit {{ color: {colour}; border: 1px solid transparent; background: transparent; }}"
            " QLineEdit:hover, QLineEdit:focus { border: 1px solid #AAB4BE; background: white; }"
        )
        self.name.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.epoch = QLabel(self)
        self.epoch.setObjectName(f"compareEpoch{side}")
        self.epoch.setStyleSheet("font-size: 15pt; color: #37414B;")
        self.open_button = QPushButton(self.tr("Open design…"), self)
        self.open_button.setObjectName(f"compareOpen{side}")
        self.open_button.setToolTip(self.tr("Compare a saved design on this side (it uses the comparison's data)"))
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.name, 1)
        header.addWidget(self.epoch)
        header.addWidget(self.open_button)

        self.metrics = QLabel(self)
        self.metrics.setObjectName(f"compareMetrics{side}")
        self.metrics.setTextFormat(Qt.TextFormat.PlainText)
        self.metrics.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.metrics.setStyleSheet("font-size: 11pt; color: #37414B;")
        self.error = QLabel(self)
        self.error.setObjectName(f"compareError{side}")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #C62828;")
        self.error.hide()

        self.editor = SideEditor(side, self)
        self.editor.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.boundary = BoundaryPlot(self)
        self.boundary.setObjectName(f"compareBoundary{side}")
        self.boundary.setMinimumSize(180, 180)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.editor)
        left.addWidget(self.error)
        left.addStretch(1)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(10)
        body.addLayout(left)
        body.addStretch(1)
        body.addWidget(self.boundary, 100)
        body.addStretch(1)
        self.boundary.installEventFilter(self)  # keeps the input plane about square

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.metrics)
        layout.addLayout(body, 1)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.boundary and event.type() == QEvent.Type.Resize:
            self._fit_boundary()
        return False

    def _fit_boundary(self) -> None:
        """At most as wide as the plane is tall (plus the axis): spare width goes around it."""
        boundary = self.boundary
        vb = boundary.plot.vb
        extra_w, extra_h = 52, 80  # axes, margins and check boxes, until the plot is laid out
        if vb.width() > 10 and vb.height() > 10:
            extra_w = boundary.width() - vb.width()
            extra_h = boundary.height() - vb.height()
        width = max(boundary.minimumWidth(), int(boundary.height() - extra_h + extra_w))
        if abs(boundary.maximumWidth() - width) > 2:
            boundary.setMaximumWidth(width)

    def set_metrics(self, full: str, short: str) -> None:
        """Show ``full``, or ``short`` when ``full`` does not fit the width (the tooltip has ``full``)."""
        self._metrics = (full, short)
        self.metrics.setToolTip(full)
        self._fit_metrics()

    def _fit_metrics(self) -> None:
        full, short = getattr(self, "_metrics", ("", ""))
        fits = self.metrics.fontMetrics().horizontalAdvance(full) <= self.metrics.width() - 4
        self.metrics.setText(full if fits or not short else short)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_metrics()

    def set_error(self, text: str) -> None:
        """Show why this network cannot train (empty: hide)."""
        self.error.setText(text)
        self.error.setVisible(bool(text))
