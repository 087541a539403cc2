"""The small popup that opens on a click in the neuron diagram: look at one neuron or weight, type a new value.

For a neuron it shows the neuron's picture (its output over the input plane) enlarged,
the colour key and its bias; for a link, the weight. Either value can be typed (Enter
applies it), nudged with the arrows or the mouse wheel (each step applies at once, so a
teacher can show how one weight moves the boundary), or applied with "Set". The current
value keeps updating while training runs; the number being typed is never overwritten.
Escape or a click elsewhere closes it.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QHideEvent, QImage, QPixmap
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

IMAGE_SIZE = 176
VALUE_LIMIT = 99.999


class ParameterPopup(QFrame):
    """One neuron's picture and bias, or one weight, with an editor for the value."""

    value_submitted = Signal(float)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("parameterPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#parameterPopup { background: white; border: 1px solid #9AA5B1; border-radius: 6px; }"
            "#parameterTitle { font-weight: bold; font-size: 12pt; color: #1F2933; }"
            "#parameterCaption { color: #5B6670; }"
            "#parameterValue { font-size: 12pt; color: #1F2933; }"
        )
        self.title = QLabel(self)
        self.title.setObjectName("parameterTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.image = QLabel(self)
        self.image.setObjectName("parameterImage")
        self.image.setFixedSize(IMAGE_SIZE, IMAGE_SIZE)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setStyleSheet("border: 1px solid #B8BEC6;")
        self.caption = QLabel(self)
        self.caption.setObjectName("parameterCaption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.value_label = QLabel(self)
        self.value_label.setObjectName("parameterValue")
        self.value_label.setTextFormat(Qt.TextFormat.PlainText)

        self.edit = QDoubleSpinBox(self)
        self.edit.setObjectName("parameterEdit")
        self.edit.setRange(-VALUE_LIMIT, VALUE_LIMIT)
        self.edit.setDecimals(3)
        self.edit.setSingleStep(0.1)
        self.edit.setKeyboardTracking(False)  # a typed number applies on Enter, not per digit
        self.edit.setAccelerated(True)
        self.edit.setMinimumWidth(110)
        self.edit.setToolTip(self.tr("Type a value and press Enter, or use the arrows (each step applies)"))
        self.apply_button = QPushButton(self.tr("Set"), self)
        self.apply_button.setObjectName("parameterApply")
        self.apply_button.setAutoDefault(False)
        self.edit_label = QLabel(self.tr("New value:"), self)
        edit_row = QHBoxLayout()
        edit_row.setContentsMargins(0, 0, 0, 0)
        edit_row.addWidget(self.edit_label)
        edit_row.addWidget(self.edit, 1)
        edit_row.addWidget(self.apply_button)
        self.edit_row = QWidget(self)
        self.edit_row.setObjectName("parameterEditRow")
        self.edit_row.setLayout(edit_row)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.image, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.caption)
        layout.addWidget(self.value_label)
        layout.addWidget(self.edit_row)

        self.edit.valueChanged.connect(self._on_value_changed)
        self.apply_button.clicked.connect(self.submit)
        self._value_name = ""
        self._source_image: QImage | None = None

    # ---------------------------------------------------------------- filling

    def show_values(
        self,
        title: str,
        value_name: str,
        value: float | None,
        editable: bool,
        image: QImage | None = None,
        caption: str = "",
        show_image: bool = False,
    ) -> None:
        """Fill the popup; ``value_name`` is "Bias" or "Weight" (or "" for no value).

        ``show_image`` keeps room for the neuron's picture even before the first one arrives.
        """
        self.title.setText(title)
        self._value_name = value_name
        self.image.setVisible(show_image or image is not None)
        self.set_image(image)
        self.caption.setText(caption)
        self.caption.setVisible(bool(caption))
        self.value_label.setVisible(bool(value_name))
        self.edit_row.setVisible(editable)
        self.set_current(value)
        self.edit.blockSignals(True)
        self.edit.setValue(0.0 if value is None or not math.isfinite(value) else value)
        self.edit.blockSignals(False)
        self.adjustSize()

    def set_current(self, value: float | None) -> None:
        """Show the value the network has now (the editor keeps what is being typed)."""
        if not self._value_name:
            return
        shown = "–" if value is None or not math.isfinite(value) else f"{value:+.3f}"
        self.value_label.setText(self.tr("%1 now: %2").replace("%1", self._value_name).replace("%2", shown))

    def set_image(self, image: QImage | None) -> None:
        self._source_image = image
        if image is None or image.isNull():
            self.image.setText(self.tr("(the picture appears\nwith the next snapshot)"))
            return
        size = QSize(IMAGE_SIZE - 2, IMAGE_SIZE - 2)
        scaled = image.scaled(size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
        self.image.setPixmap(QPixmap.fromImage(scaled))

    def current_image(self) -> QImage | None:
        return self._source_image

    def popup_at(self, global_pos: QPoint) -> None:
        """Show just right of ``global_pos`` (kept on the screen) and put the cursor in the editor."""
        self.adjustSize()
        size = self.sizeHint().expandedTo(self.minimumSizeHint())
        pos = global_pos + QPoint(18, -size.height() // 3)
        screen = QGuiApplication.screenAt(global_pos) or QGuiApplication.primaryScreen()
        if screen is not None:
            area: QRect = screen.availableGeometry()
            if pos.x() + size.width() > area.right():
                pos.setX(global_pos.x() - 18 - size.width())
            pos.setX(max(area.left(), min(pos.x(), area.right() - size.width())))
            pos.setY(max(area.top(), min(pos.y(), area.bottom() - size.height())))
        self.move(pos)
        self.show()
        self.raise_()
        if self.edit_row.isVisible():
            self.edit.setFocus(Qt.FocusReason.PopupFocusReason)
            self.edit.selectAll()

    # ---------------------------------------------------------------- editing

    def submit(self) -> None:
        """Apply the editor's value (what "Set" does)."""
        before = self.edit.value()
        self.edit.interpretText()  # a changed text emits valueChanged, which submits it
        if self.edit.value() == before:
            self.value_submitted.emit(float(before))

    def _on_value_changed(self, value: float) -> None:
        self.value_submitted.emit(float(value))

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.closed.emit()
