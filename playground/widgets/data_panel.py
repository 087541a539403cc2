"""The data panel: which data set, its noise, split, size, seed and input features.

Every control calls ``document.set_data``; ``spec_changed`` writes the spec back under
QSignalBlocker. Rows that do not apply to the chosen data set are hidden (noise and
features only exist for the 2-D sets, classes only for blobs/spirals, a file only for
IDX/CSV). Image data sets show a few sample images.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QSignalBlocker, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from engine import catalog
from engine.spec import DesignSpec
from playground.document import DesignDocument
from playground.engine_text import describe
from playground.widgets.network_editor import dataset_title
from playground.widgets.neuron_diagram import FEATURE_TITLES

CLASS_COLORS = (
    "#E07B00",
    "#0072B2",
    "#009E73",
    "#CC79A7",
    "#D55E00",
    "#56B4E9",
    "#F0E442",
    "#000000",
    "#999999",
    "#6A3D9A",
)
N_SAMPLE_IMAGES = 8
FEATURE_OBJECT_NAMES = {
    "x1": "feature_x1",
    "x2": "feature_x2",
    "x1^2": "feature_x1_squared",
    "x2^2": "feature_x2_squared",
    "x1*x2": "feature_x1_times_x2",
    "sin x1": "feature_sin_x1",
    "sin x2": "feature_sin_x2",
}


def _dataset_icon(name: str, size: int = 36) -> QIcon:
    """A thumbnail of a 2-D data set (its points, coloured by class or value)."""
    pm = QPixmap(size, size)
    pm.fill(QColor("#FFFFFF"))
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(QColor("#C9D1D9"))
    p.drawRect(0, 0, size - 1, size - 1)
    if name in catalog.CUSTOM_2D:  # a few dots and the stroke of a pen
        p.setPen(Qt.PenStyle.NoPen)
        for x, y, lab in ((0.3, 0.35, 0), (0.22, 0.6, 0), (0.45, 0.7, 1), (0.7, 0.3, 1), (0.62, 0.55, 0)):
            p.setBrush(QColor(CLASS_COLORS[lab]))
            p.drawEllipse(int(x * size) - 2, int(y * size) - 2, 5, 5)
        pen = QPen(QColor("#37414B"), max(2, size // 14))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.drawLine(int(size * 0.55), int(size * 0.88), int(size * 0.88), int(size * 0.55))
    elif name in catalog.CLASSIFICATION_2D + catalog.REGRESSION_2D:
        from engine.data.synthetic import GENERATORS

        pts, labels = GENERATORS[name](np.random.default_rng(3), 160, 0.0, 3)
        p.setPen(Qt.PenStyle.NoPen)
        for (x, y), lab in zip(pts, labels, strict=True):
            if name in catalog.REGRESSION_2D:
                t = (float(lab) + 1) / 2
                color = QColor.fromRgbF(0.88 * (1 - t) + 0.0 * t, 0.48 * (1 - t) + 0.45 * t, 0.7 * t)
            else:
                color = QColor(CLASS_COLORS[int(lab) % len(CLASS_COLORS)])
            p.setBrush(color)
            px = (x + 6.5) / 13 * (size - 4) + 2
            py = (6.5 - y) / 13 * (size - 4) + 2
            p.drawEllipse(int(px) - 1, int(py) - 1, 3, 3)
    else:
        p.setPen(QColor("#5F6B76"))
        font = p.font()
        font.setBold(True)
        font.setPixelSize(int(size * 0.32))
        p.setFont(font)
        glyph = {"mnist": "7", "idx": "IDX", "csv": "CSV"}.get(name, "?")
        p.drawText(pm.rect(), Qt.AlignmentFlag.AlignCenter, glyph)
    p.end()
    return QIcon(pm)


_sample_cache: dict[str, tuple[np.ndarray, np.ndarray] | str] = {}


def sample_images(spec: Any, count: int = N_SAMPLE_IMAGES) -> tuple[np.ndarray, np.ndarray] | str:
    """The first ``count`` test images and labels of an image data set, or the reason why not."""
    from engine.data import read_idx
    from engine.data.images import find_file, image_folder
    from engine.errors import PlaygroundError

    try:
        folder = image_folder(spec, None)
    except PlaygroundError as exc:
        return str(exc)
    key = str(folder)
    cached = _sample_cache.get(key)
    if cached is None:
        try:
            images = read_idx(find_file(folder, "test_images"))[:count]
            labels = read_idx(find_file(folder, "test_labels"))[:count]
            cached = (np.ascontiguousarray(images, dtype=np.uint8), np.asarray(labels))
        except (PlaygroundError, OSError, ValueError) as exc:
            cached = str(exc)
        _sample_cache[key] = cached
    return cached


class DataPanel(QWidget):
    """Edits the design's DataSpec."""

    def __init__(self, document: DesignDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dataPanel")
        self.document = document
        form = QFormLayout(self)
        form.setContentsMargins(8, 8, 8, 8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form = form

        self.dataset = QComboBox(self)
        self.dataset.setObjectName("datasetCombo")
        self.dataset.setIconSize(QSize(28, 28))
        self.dataset.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.dataset.setMinimumContentsLength(8)
        groups = (
            (self.tr("Classification (2-D)"), catalog.CLASSIFICATION_2D),
            (self.tr("Regression (2-D)"), catalog.REGRESSION_2D),
            (self.tr("Drawn (2-D)"), catalog.CUSTOM_2D),
            (self.tr("Images"), catalog.IMAGE_DATASETS),
            (self.tr("Table"), ("csv",)),
        )
        for title, names in groups:
            self.dataset.addItem(title)
            head = self.dataset.model().item(self.dataset.count() - 1)
            head.setEnabled(False)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            for name in names:
                self.dataset.addItem(_dataset_icon(name), dataset_title(name), name)
        self.dataset.setMaxVisibleItems(self.dataset.count())
        self.dataset.activated.connect(self._on_dataset_activated)
        form.addRow(self._label(self.tr("Data set"), self.dataset), self.dataset)

        self.path_row = QWidget(self)
        path_layout = QHBoxLayout(self.path_row)
        path_layout.setContentsMargins(0, 0, 0, 0)
        self.path = QLineEdit(self.path_row)
        self.path.setObjectName("dataPathEdit")
        self.path.setPlaceholderText(self.tr("Choose a file or folder…"))
        self.path.editingFinished.connect(lambda: self._set(path=self.path.text().strip() or None))
        self.browse = QToolButton(self.path_row)
        self.browse.setObjectName("dataBrowseButton")
        self.browse.setText(self.tr("Browse…"))
        self.browse.clicked.connect(self._on_browse_clicked)
        path_layout.addWidget(self.path, 1)
        path_layout.addWidget(self.browse)
        form.addRow(self._label(self.tr("Source"), self.path), self.path_row)

        self.classes = QSpinBox(self)
        self.classes.setObjectName("classesSpin")
        self.classes.setRange(2, 10)
        self.classes.setKeyboardTracking(False)
        self.classes.valueChanged.connect(lambda v: self._set(classes=int(v)))
        form.addRow(self._label(self.tr("Classes"), self.classes), self.classes)

        self.noise, self.noise_row = self._slider_row(
            "noiseSlider", 0, 100, lambda v: f"{v / 100:.2f}", lambda v: self._set(noise=v / 100)
        )
        form.addRow(self._label(self.tr("Noise"), self.noise), self.noise_row)

        self.ratio, self.ratio_row = self._slider_row(
            "trainRatioSlider", 5, 95, lambda v: f"{v} %", lambda v: self._set(train_fraction=v / 100)
        )
        self.ratio.setSingleStep(5)
        self.ratio.setPageStep(10)
        self.ratio.setToolTip(self.tr("Share of the points used for training; the rest is the test set."))
        form.addRow(self._label(self.tr("Training data"), self.ratio), self.ratio_row)

        self.samples = QSpinBox(self)
        self.samples.setObjectName("samplesSpin")
        self.samples.setRange(4, catalog.MAX_SAMPLES)
        self.samples.setSingleStep(50)
        self.samples.setKeyboardTracking(False)
        self.samples.setAccelerated(True)
        self.samples.valueChanged.connect(lambda v: self._set(samples=int(v)))
        form.addRow(self._label(self.tr("Samples"), self.samples), self.samples)

        self.train_limit = QSpinBox(self)
        self.train_limit.setObjectName("trainLimitSpin")
        self.train_limit.setRange(0, catalog.MAX_SAMPLES)
        self.train_limit.setSingleStep(1000)
        self.train_limit.setSpecialValueText(self.tr("all"))
        self.train_limit.setKeyboardTracking(False)
        self.train_limit.setToolTip(self.tr("Train on the first N images only (faster in class)."))
        self.train_limit.valueChanged.connect(lambda v: self._set(train_limit=int(v) or None))
        form.addRow(self._label(self.tr("Training images"), self.train_limit), self.train_limit)

        seed_row = QWidget(self)
        seed_layout = QHBoxLayout(seed_row)
        seed_layout.setContentsMargins(0, 0, 0, 0)
        self.seed = QSpinBox(seed_row)
        self.seed.setObjectName("dataSeedSpin")
        self.seed.setRange(0, 999_999)
        self.seed.setKeyboardTracking(False)
        self.seed.valueChanged.connect(lambda v: self._set(seed=int(v)))
        self.regenerate = QPushButton(self.tr("Regenerate"), seed_row)
        self.regenerate.setObjectName("regenerateButton")
        self.regenerate.setToolTip(self.tr("Draw a new set of points (next seed)."))
        self.regenerate.clicked.connect(self._on_regenerate_clicked)
        seed_layout.addWidget(self.seed, 1)
        seed_layout.addWidget(self.regenerate)
        self.seed_row = seed_row
        form.addRow(self._label(self.tr("Seed"), self.seed), seed_row)

        self.features_box = QWidget(self)
        self.features_box.setObjectName("featureChecks")
        grid = QGridLayout(self.features_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.feature_checks: dict[str, QCheckBox] = {}
        for i, name in enumerate(catalog.FEATURES):
            box = QCheckBox(FEATURE_TITLES.get(name, name), self.features_box)
            box.setObjectName(FEATURE_OBJECT_NAMES[name])
            box.toggled.connect(self._on_feature_toggled)
            grid.addWidget(box, i // 2, i % 2)
            self.feature_checks[name] = box
        form.addRow(self._label(self.tr("Input features"), self.features_box), self.features_box)

        self.points_info = QLabel(self)
        self.points_info.setObjectName("drawnPointsInfo")
        self.points_info.setWordWrap(True)
        self.points_info.setStyleSheet("color: #37414B;")
        self.points_info.setToolTip(
            self.tr("Turn on Draw above the plot: click to add, drag to spray, right-click to erase.")
        )
        form.addRow(self._label(self.tr("Points"), self.points_info), self.points_info)
        self.copy_points = QPushButton(self.tr("Copy these points into my own data"), self)
        self.copy_points.setObjectName("copyPointsButton")
        self.copy_points.setToolTip(
            self.tr("Make an editable copy of these points, then add or erase points with Draw above the plot.")
        )
        self.copy_points.clicked.connect(self._on_copy_points_clicked)
        form.addRow(self.copy_points)

        self.samples_view = QWidget(self)
        self.samples_view.setObjectName("sampleImages")
        sv = QVBoxLayout(self.samples_view)
        sv.setContentsMargins(0, 0, 0, 0)
        self.sample_grid = QGridLayout()
        self.sample_grid.setSpacing(4)
        sv.addLayout(self.sample_grid)
        self.sample_labels: list[QLabel] = []
        for i in range(N_SAMPLE_IMAGES):
            lab = QLabel(self.samples_view)
            lab.setFixedSize(38, 52)
            lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.sample_grid.addWidget(lab, i // 4, i % 4)
            self.sample_labels.append(lab)
        self.sample_note = QLabel(self.samples_view)
        self.sample_note.setWordWrap(True)
        self.sample_note.setStyleSheet("color: #5B6670;")
        sv.addWidget(self.sample_note)
        form.addRow(self._label(self.tr("Examples"), self.samples_view), self.samples_view)

        self._rows: dict[str, QWidget] = {
            "path": self.path_row,
            "classes": self.classes,
            "noise": self.noise_row,
            "ratio": self.ratio_row,
            "samples": self.samples,
            "train_limit": self.train_limit,
            "seed": self.seed_row,
            "features": self.features_box,
            "images": self.samples_view,
            "points": self.points_info,
            "copy": self.copy_points,
        }
        self._samples_for: str | None = None
        document.spec_changed.connect(self._on_document_spec_changed)
        self._sync(document.spec)

    # -- helpers --------------------------------------------------------------------
    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _slider_row(self, name: str, lo: int, hi: int, fmt: Any, on_change: Any) -> tuple[QSlider, QWidget]:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        slider = QSlider(Qt.Orientation.Horizontal, row)
        slider.setObjectName(name)
        slider.setRange(lo, hi)
        value = QLabel(row)
        value.setMinimumWidth(44)
        value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        slider.valueChanged.connect(lambda v: value.setText(fmt(v)))
        slider.valueChanged.connect(on_change)
        layout.addWidget(slider, 1)
        layout.addWidget(value)
        slider.value_label = value  # type: ignore[attr-defined]
        slider.value_format = fmt  # type: ignore[attr-defined]
        return slider, row

    def _set(self, **changes: Any) -> None:
        self.document.set_data(**changes)

    # -- user → document ------------------------------------------------------------
    def _on_dataset_activated(self, index: int) -> None:
        name = self.dataset.itemData(index)
        if not name or name == self.document.spec.data.dataset:
            return
        changes: dict[str, Any] = {"dataset": name}
        if name in ("idx", "csv"):
            changes["path"] = self.document.spec.data.path
        if name in catalog.CUSTOM_2D:
            changes.update(self._custom_settings())
        self._set(**changes)

    def _custom_settings(self) -> dict[str, Any]:
        """Task and classes for switching to drawn data: those of earlier drawn points, else of this set."""
        data = self.document.spec.data
        if data.points:  # drawn before, then another set was chosen: they come back
            if data.task == "regression":
                return {}
            top = max(int(p[2]) for p in data.points)
            return {"task": None, "classes": min(10, max(data.classes, top + 1, 2))}
        if data.dataset in catalog.REGRESSION_2D:
            return {"task": "regression"}
        return {"task": None, "classes": data.classes if data.dataset in ("blobs", "spirals") else 2}

    def _on_copy_points_clicked(self) -> None:
        from playground.plots.point_editor import copy_into_custom

        copy_into_custom(self.document)

    def _on_browse_clicked(self) -> None:
        data = self.document.spec.data
        start = data.path or str(Path.home())
        if data.dataset == "idx":
            path = QFileDialog.getExistingDirectory(self, self.tr("Folder with IDX files"), start)
        else:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("CSV file"), start, self.tr("CSV files (*.csv);;All files (*)")
            )
        if path:
            self._set(path=path)

    def _on_regenerate_clicked(self) -> None:
        self._set(seed=(self.document.spec.data.seed + 1) % 1_000_000)

    def _on_feature_toggled(self, checked: bool) -> None:
        chosen = tuple(name for name in catalog.FEATURES if self.feature_checks[name].isChecked())
        if not chosen:  # at least one input: undo the click
            self._sync(self.document.spec)
            return
        self._set(features=chosen)

    # -- document → controls --------------------------------------------------------
    def _on_document_spec_changed(self, spec: DesignSpec) -> None:
        self._sync(spec)

    def _sync(self, spec: DesignSpec) -> None:
        data = spec.data
        custom = data.dataset in catalog.CUSTOM_2D
        kind = (
            "2d"
            if data.dataset in catalog.PLANE_2D
            else ("image" if data.dataset in catalog.IMAGE_DATASETS else "csv")
        )
        with _blocked(self.dataset):
            i = self.dataset.findData(data.dataset)
            if i >= 0:
                self.dataset.setCurrentIndex(i)
        with _blocked(self.path):
            self.path.setText(data.path or "")
        with _blocked(self.classes):
            # drawn classes cannot be taken away while points of them remain
            drawn = [int(p[2]) for p in data.points] if custom and data.task != "regression" else []
            self.classes.setMinimum(min(10, max([2, *(c + 1 for c in drawn)])))
            self.classes.setValue(int(data.classes))
        with _blocked(self.noise):
            self.noise.setValue(round(min(data.noise, 1.0) * 100))
        self.noise.value_label.setText(f"{data.noise:.2f}")  # type: ignore[attr-defined]
        with _blocked(self.ratio):
            self.ratio.setValue(round(data.train_fraction * 100))
        self.ratio.value_label.setText(f"{round(data.train_fraction * 100)} %")  # type: ignore[attr-defined]
        with _blocked(self.samples):
            self.samples.setValue(int(data.samples))
        with _blocked(self.train_limit):
            self.train_limit.setValue(int(data.train_limit or 0))
        with _blocked(self.seed):
            self.seed.setValue(int(data.seed))
        for name, box in self.feature_checks.items():
            with _blocked(box):
                box.setChecked(name in data.features)
        visible = {
            "path": data.dataset in ("idx", "csv"),
            "classes": data.dataset in ("blobs", "spirals") or (custom and data.task != "regression"),
            "noise": kind == "2d" and not custom,
            "ratio": kind != "image",
            "samples": kind == "2d" and not custom,
            "train_limit": kind == "image",
            "seed": kind != "image",
            "features": kind == "2d",
            "images": kind == "image",
            "points": custom,
            "copy": kind == "2d" and not custom,
        }
        self.regenerate.setVisible(not custom)  # the seed only splits drawn points
        if custom:
            self.points_info.setText(self._points_text(data))
        for key, widget in self._rows.items():
            self.form.setRowVisible(widget, visible[key])
        if kind == "image":
            self._show_samples(data)

    def retranslate(self) -> None:
        """After a language switch: the composed texts (the drawn points' counts) again."""
        self._sync(self.document.spec)

    def _points_text(self, data: Any) -> str:
        """'12 points: 6 of class 0, 6 of class 1'."""
        n = len(data.points)
        text = self.tr("1 point") if n == 1 else self.tr("%1 points").replace("%1", str(n))
        if n and data.task != "regression":
            counts = np.bincount([int(p[2]) for p in data.points], minlength=int(data.classes))
            parts = [self.tr("%1 of class %2").replace("%1", str(int(c))).replace("%2", str(j))
                     for j, c in enumerate(counts) if c]
            text += ": " + ", ".join(parts)
        return text

    def _show_samples(self, data: Any) -> None:
        key = f"{data.dataset}:{data.path}"
        if key == self._samples_for:
            return
        self._samples_for = key
        result = sample_images(data)
        if isinstance(result, str):
            for lab in self.sample_labels:
                lab.clear()
            self.sample_note.setText(describe(result))
            return
        images, labels = result
        for i, lab in enumerate(self.sample_labels):
            if i >= len(images):
                lab.clear()
                continue
            img = np.ascontiguousarray(images[i])
            h, w = img.shape[-2], img.shape[-1]
            qimg = QImage(img.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
            qimg.invertPixels()  # dark digits on white read better on a projector
            pm = QPixmap.fromImage(qimg).scaled(
                34, 34, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
            canvas = QPixmap(38, 52)
            canvas.fill(QColor("#FFFFFF"))
            p = QPainter(canvas)
            p.drawPixmap(2, 2, pm)
            p.setPen(QColor("#37414B"))
            p.drawText(0, 36, 38, 16, Qt.AlignmentFlag.AlignCenter, str(int(labels[i])))
            p.end()
            lab.setPixmap(canvas)
        self.sample_note.setText(
            QCoreApplication.translate("DataPanel", "The first test images and their labels.")
        )


class _blocked:
    """``with _blocked(widget):`` — a QSignalBlocker as a context manager."""

    def __init__(self, obj: Any) -> None:
        self._obj = obj

    def __enter__(self) -> None:
        self._blocker = QSignalBlocker(self._obj)

    def __exit__(self, *exc: object) -> None:
        self._blocker.unblock()
