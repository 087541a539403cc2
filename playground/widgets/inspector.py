"""The layer inspector: one control per option of the selected layer, generated from the catalog.

Int options get a QSpinBox, float options a QDoubleSpinBox, bools a QCheckBox and
choices a QComboBox; the activation picker also plots the function and its derivative.
Binding is two-way: a control calls ``document.set_layer_option``; ``spec_changed``
writes the spec back into the controls under a QSignalBlocker, so nothing echoes.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt
from PySide6.QtGui import QColor, QFont, QIntValidator, QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine import catalog
from engine.catalog import Option
from engine.errors import PlaygroundError
from engine.spec import DesignSpec, LayerSpec
from playground.document import DesignDocument
from playground.engine_text import describe
from playground.widgets.network_editor import activation_title, count_text, shape_text
from playground.widgets.palette import CATEGORY_COLORS, layer_help, layer_icon, layer_title

# activations whose formula uses the ``alpha`` option
ALPHA_ACTIVATIONS = ("leaky_relu", "prelu", "elu")
# options shown under "More options" (folded by default) so the key ones fit on a small screen
ADVANCED_OPTIONS = ("use_bias", "initializer", "l1", "l2", "collapsed")


class CollapsibleSection(QWidget):
    """A titled fold: a header button and a form that shows or hides below it."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None, expanded: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(2)
        self.button = QToolButton(self)
        self.button.setObjectName(f"{name}Toggle")
        self.button.setText(title)
        self.button.setCheckable(True)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setAutoRaise(True)
        self.body = QWidget(self)
        self.body.setObjectName(f"{name}Body")
        self.form = QFormLayout(self.body)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.button)
        layout.addWidget(self.body)
        self.button.toggled.connect(self.set_expanded)
        self.set_expanded(expanded)

    @property
    def expanded(self) -> bool:
        return self.button.isChecked()

    def set_expanded(self, on: bool) -> None:
        with QSignalBlocker(self.button):
            self.button.setChecked(on)
        self.button.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.body.setVisible(on)


_OPTION_LABELS = {
    "units": "Units",
    "activation": "Activation",
    "alpha": "Alpha",
    "use_bias": "Use bias",
    "initializer": "Initializer",
    "l1": "L1 penalty",
    "l2": "L2 penalty",
    "filters": "Filters",
    "kernel": "Kernel size",
    "stride": "Stride",
    "padding": "Padding",
    "pool": "Pool size",
    "rate": "Drop rate",
    "momentum": "Momentum",
    "epsilon": "Epsilon",
    "collapsed": "Folded in editor",
}


def option_label(name: str) -> str:
    return QCoreApplication.translate(
        "catalog", _OPTION_LABELS.get(name, name.replace("_", " ").capitalize())
    )


def initializer_title(name: str) -> str:
    titles = {
        "default": "Training default",
        "glorot_uniform": "Glorot uniform",
        "glorot_normal": "Glorot normal",
        "he_uniform": "He uniform",
        "he_normal": "He normal",
        "uniform": "Uniform",
        "normal": "Normal",
        "zeros": "Zeros",
    }
    return QCoreApplication.translate("catalog", titles.get(name, name))


class SciDoubleSpinBox(QDoubleSpinBox):
    """A QDoubleSpinBox that shows short ``%g`` text, so 1e-05 and 0.5 both fit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(12)

    def textFromValue(self, value: float) -> str:
        return f"{value:.6g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text.strip().replace(",", "."))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> object:
        stripped = text.strip().replace(",", ".")
        if stripped in ("", "-", ".", "-.") or stripped.lower().endswith(("e", "e-", "e+")):
            return QValidator.State.Intermediate, text, pos
        try:
            v = float(stripped)
        except ValueError:
            return QValidator.State.Invalid, text, pos
        if self.minimum() <= v <= self.maximum():
            return QValidator.State.Acceptable, text, pos
        return QValidator.State.Intermediate, text, pos

    def stepBy(self, steps: int) -> None:
        v = self.value()
        step = self.singleStep()
        if v > 0 and self.minimum() > 0 and v < 0.01:
            # tiny positive values (epsilon): step by factors of ten
            self.setValue(v * (10.0**steps))
            return
        self.setValue(round((v + steps * step) / step) * step)


def _float_step(opt: Option) -> float:
    hi = opt.maximum if opt.maximum is not None else 1.0
    if hi <= 1.0:
        return 0.01 if opt.default >= 0.01 or opt.default == 0 else 10 ** math.floor(math.log10(opt.default))
    return 0.1


class ActivationPlot(QWidget):
    """A small plot of an activation f(x) and its derivative f'(x) over [-4, 4]."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self.setObjectName("activationPlot")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plot = pg.PlotWidget(parent=self, background="w")
        self.plot.setObjectName("activationPlotWidget")
        self.plot.setMinimumHeight(120)
        self.plot.setMaximumHeight(150)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        legend = QLabel(
            '<span style="color:#0072B2; font-weight:bold;">━ f(x)</span>&nbsp;&nbsp;&nbsp;'
            '<span style="color:#E07B00; font-weight:bold;">╍ f′(x) ' + self.tr("(slope)") + "</span>",
            self,
        )
        legend.setObjectName("activationLegend")
        layout.addWidget(legend)
        self.plot.addLine(x=0, pen=pg.mkPen("#9AA5B1", width=1))
        self.plot.addLine(y=0, pen=pg.mkPen("#9AA5B1", width=1))
        self.f_curve = self.plot.plot(pen=pg.mkPen("#0072B2", width=3))
        self.df_curve = self.plot.plot(pen=pg.mkPen("#E07B00", width=2.5, style=Qt.PenStyle.DashLine))
        self.plot.setXRange(-4, 4, padding=0.02)
        layout.addWidget(self.plot)
        self.name = ""

    def show_activation(self, name: str, alpha: float | None = None) -> None:
        from engine.activations import ACTIVATION_FUNCTIONS, DEFAULT_ALPHA

        act = ACTIVATION_FUNCTIONS.get(name)
        self.name = name
        if act is None:
            self.f_curve.setData([], [])
            self.df_curve.setData([], [])
            return
        a = alpha if alpha is not None else DEFAULT_ALPHA.get(name, 0.01)
        x = np.linspace(-4.0, 4.0, 401)
        if name == "softmax":
            # softmax is not element-wise: show it over two inputs (x, 0), i.e. the sigmoid
            pair = np.stack([x, np.zeros_like(x)], axis=1)
            y = act.f(np, pair, a)[:, 0]
            dy = y * (1.0 - y)
        else:
            y = act.f(np, x, a)
            dy = act.df(np, x, y, a)
        y = np.asarray(y, dtype=float)
        dy = np.asarray(dy, dtype=float)
        self.f_curve.setData(x, y)
        self.df_curve.setData(x, dy)
        lo = float(min(y.min(), dy.min(), -0.2))
        hi = float(max(y.max(), dy.max(), 1.0))
        self.plot.setYRange(max(lo, -4.5), min(hi, 4.5), padding=0.08)


class LayerInspector(QWidget):
    """Edits the options of the layer selected in the network editor."""

    def __init__(self, document: DesignDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("layerInspector")
        self.document = document
        self._layer_id: str | None = None
        self._layer_type: str | None = None
        self._controls: dict[str, QWidget] = {}
        self._rows: dict[str, tuple[QLabel, QWidget]] = {}
        self.activation_plot: ActivationPlot | None = None

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(6)
        self.header = QLabel(self)
        self.header.setObjectName("inspectorHeader")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.header.setFont(font)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.help = QLabel(self)
        self.help.setObjectName("inspectorHelp")
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color: #4A5560;")
        self.info = QLabel(self)
        self.info.setObjectName("inspectorShapes")
        self.info.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("inspectorError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #C62828; font-weight: bold;")
        self.form_host = QFrame(self)
        self.form_host.setObjectName("inspectorForm")
        self.form = QFormLayout(self.form_host)
        self.form.setContentsMargins(0, 4, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.more = CollapsibleSection(self.tr("More options"), "inspectorMore", self)
        self.more.button.toggled.connect(self._on_more_toggled)
        self._more_expanded = False
        for w in (self.header, self.help, self.info, self.error, self.form_host, self.more):
            outer.addWidget(w)
        outer.addStretch(1)
        document.spec_changed.connect(self._on_document_spec_changed)
        self.show_layer(None)

    # -- public ---------------------------------------------------------------------
    @property
    def layer_id(self) -> str | None:
        return self._layer_id

    def control(self, option: str) -> QWidget:
        """The editor widget of ``option`` (tests drive it directly)."""
        return self._controls[option]

    def show_layer(self, layer_id: str | None) -> None:
        """Show the options of ``layer_id`` (None or "": a hint and the network summary)."""
        layer = self.document.layer(layer_id) if layer_id else None
        self._layer_id = layer.id if layer is not None else None
        self._rebuild(layer)

    # -- building -------------------------------------------------------------------
    def _on_more_toggled(self, on: bool) -> None:
        self._more_expanded = on

    def _clear_form(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        while self.more.form.rowCount():
            self.more.form.removeRow(0)
        self._controls = {}
        self._rows = {}
        self.activation_plot = None

    def _rebuild(self, layer: LayerSpec | None) -> None:
        self._clear_form()
        self._layer_type = layer.type if layer is not None else None
        if layer is None:
            self.more.hide()
            self.header.setText(self.tr("Network"))
            self.header.setStyleSheet("")
            self.help.setText(
                self.tr(
                    "Select a layer in the network to edit its settings. "
                    "Drag layers from the palette to add them."
                )
            )
            self._update_info(None)
            return
        ltype = catalog.LAYER_TYPES[layer.type]
        self.header.setText(f"{layer_title(layer.type)}  ·  {layer.id}")
        self.help.setText(layer_help(layer.type))
        advanced = 0
        for opt in ltype.options:
            form = self.more.form if opt.name in ADVANCED_OPTIONS else self.form
            host = self.more.body if opt.name in ADVANCED_OPTIONS else self.form_host
            advanced += form is self.more.form
            widget = self._make_control(layer, opt, host)
            label = QLabel(option_label(opt.name), host)
            label.setToolTip(QCoreApplication.translate("catalog", opt.help))
            widget.setToolTip(QCoreApplication.translate("catalog", opt.help))
            label.setBuddy(widget)
            form.addRow(label, widget)
            self._controls[opt.name] = widget
            self._rows[opt.name] = (label, widget)
            if opt.name == "activation":
                self.activation_plot = ActivationPlot(self.form_host)
                self.form.addRow(self.activation_plot)
        self.more.setVisible(advanced > 0)
        self.more.set_expanded(self._more_expanded)
        self._sync(layer)

    def _make_control(self, layer: LayerSpec, opt: Option, parent: QWidget) -> QWidget:
        name = opt.name
        w: QWidget
        if opt.kind == "int":
            w = QSpinBox(parent)
            w.setRange(
                int(opt.minimum if opt.minimum is not None else -(2**31)),
                int(min(opt.maximum if opt.maximum is not None else 2**31 - 1, 2**31 - 1)),
            )
            w.setKeyboardTracking(False)
            w.setAccelerated(True)
            w.valueChanged.connect(lambda v, n=name: self._set(n, int(v)))
        elif opt.kind == "float":
            w = SciDoubleSpinBox(parent)
            w.setRange(
                float(opt.minimum if opt.minimum is not None else -1e9),
                float(opt.maximum if opt.maximum is not None else 1e9),
            )
            w.setSingleStep(_float_step(opt))
            w.setKeyboardTracking(False)
            w.valueChanged.connect(lambda v, n=name: self._set(n, float(v)))
        elif opt.kind == "bool":
            w = QCheckBox(parent)
            w.toggled.connect(lambda v, n=name: self._set(n, bool(v)))
        elif opt.kind == "choice":
            w = QComboBox(parent)
            for choice in opt.choices:
                if name == "activation":
                    w.addItem(activation_title(choice), choice)
                elif name == "initializer":
                    w.addItem(initializer_title(choice), choice)
                else:
                    w.addItem(QCoreApplication.translate("catalog", choice), choice)
            w.setMaxVisibleItems(len(opt.choices))
            w.currentIndexChanged.connect(lambda i, n=name, c=w: self._set(n, c.itemData(i)))
        elif opt.kind == "padding":
            w = QComboBox(parent)
            w.setEditable(True)
            w.addItem(self.tr("valid (no padding)"), "valid")
            w.addItem(self.tr("same (keep size)"), "same")
            for k in (1, 2, 3):
                w.addItem(str(k), k)
            w.lineEdit().setValidator(_PaddingValidator(w))
            w.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            w.activated.connect(lambda i, n=name, c=w: self._set(n, c.itemData(i)))
            w.lineEdit().editingFinished.connect(lambda n=name, c=w: self._set_padding_text(n, c))
        else:  # pragma: no cover - a new option kind in the catalog
            w = QLabel(str(layer.get(name)), parent)
        w.setObjectName(f"option_{name}")
        if isinstance(w, QComboBox):
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(8)
        w.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        return w

    def _set_padding_text(self, name: str, combo: QComboBox) -> None:
        text = combo.currentText().strip().split(" ")[0]
        value: Any = text if text in ("valid", "same") else None
        if value is None:
            try:
                value = int(text)
            except ValueError:
                return
        self._set(name, value)

    def _set(self, name: str, value: Any) -> None:
        if self._layer_id is None or value is None:
            return
        try:
            self.document.set_layer_option(self._layer_id, name, value)
        except (KeyError, PlaygroundError):
            return

    # -- document → controls --------------------------------------------------------
    def _on_document_spec_changed(self, spec: DesignSpec) -> None:
        layer = self.document.layer(self._layer_id) if self._layer_id else None
        if layer is None or layer.type != self._layer_type:
            self._layer_id = layer.id if layer is not None else None
            self._rebuild(layer)
        else:
            self._sync(layer)

    def _sync(self, layer: LayerSpec) -> None:
        """Write the layer's values into the controls without triggering edits."""
        for name, w in self._controls.items():
            value = layer.get(name)
            blocker = QSignalBlocker(w)
            if isinstance(w, QSpinBox):
                w.setValue(int(value))
            elif isinstance(w, QDoubleSpinBox):
                w.setValue(float(value))
            elif isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, QComboBox):
                i = w.findData(value)
                if i >= 0:
                    w.setCurrentIndex(i)
                elif w.isEditable():
                    w.setEditText(str(value))
            blocker.unblock()
        act = layer.get("activation") if "activation" in self._controls else None
        if "alpha" in self._rows:
            visible = act in ALPHA_ACTIVATIONS
            self.form.setRowVisible(self._rows["alpha"][1], visible)
        if self.activation_plot is not None and act is not None:
            alpha = layer.options.get("alpha") if "alpha" in layer.options else None
            self.activation_plot.show_activation(act, alpha)
        self._update_info(layer)

    def _update_info(self, layer: LayerSpec | None) -> None:
        check = self.document.check
        analysis = check.analysis
        if layer is None:
            if analysis is not None:
                text = (
                    self.tr("%1 layers · %2 trainable parameters")
                    .replace("%1", str(len(self.document.spec.all_layers())))
                    .replace("%2", count_text(analysis.n_params))
                )
                self.info.setText(text)
            else:
                self.info.setText("")
            self.error.setText(("⚠ " + describe(check.message)) if check.message else "")
            self.error.setVisible(bool(check.message))
            return
        info = None
        if analysis is not None:
            info = next((i for i in analysis.layers if i.id == layer.id), None)
        if info is not None and info.in_shape is not None:
            text = self.tr("Input %1 → output %2 · %3 parameters")
            text = text.replace("%1", shape_text(info.in_shape)).replace("%2", shape_text(info.out_shape))
            self.info.setText(text.replace("%3", count_text(info.n_params)))
        else:
            self.info.setText(self.tr("Shapes unknown until the layers before this one are valid."))
        message = info.error if info is not None and info.error else None
        if message is None and check.layer_id == layer.id:
            message = check.message
        self.error.setText(("⚠ " + describe(message)) if message else "")
        self.error.setVisible(bool(message))
        _, border = CATEGORY_COLORS.get(catalog.LAYER_TYPES[layer.type].category, ("#fff", "#555"))
        self.header.setStyleSheet(f"color: {QColor(border).darker(140).name()};")
        self.setWindowIcon(layer_icon(layer.type))


class _PaddingValidator(QValidator):
    """Accepts ``valid``, ``same`` (and their labels) or a whole number of border pixels."""

    def validate(self, text: str, pos: int) -> object:
        word = text.strip().split(" ")[0] if text.strip() else ""
        if word in ("valid", "same"):
            return QValidator.State.Acceptable, text, pos
        if not word or any(k.startswith(word) for k in ("valid", "same")):
            return QValidator.State.Intermediate, text, pos
        state, _, _ = QIntValidator(0, catalog.MAX_KERNEL).validate(word, len(word))
        return state, text, pos
