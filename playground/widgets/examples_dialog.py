"""The examples gallery: every design in ``assets/examples`` with its description and a preview.

The list shows each example's name and one-line description; the preview pane shows
the data set, the layers in order and the training settings, read from the file with
the engine's loader (a file that fails to load is listed with its error and cannot be
opened).
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from engine.errors import PlaygroundError
from engine.spec import DesignSpec, LayerSpec
from playground.engine_text import describe
from playground.widgets.data_panel import _dataset_icon
from playground.widgets.network_editor import dataset_title, layer_summary, loss_title
from playground.widgets.palette import layer_title
from playground.widgets.train_panel import optimizer_title

ROLE_PATH = Qt.ItemDataRole.UserRole + 1


def examples_dir() -> Path:
    return Path(__file__).resolve().parent.parent.parent / "assets" / "examples"


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    for stop in (". ", "! ", "? "):
        if stop in text:
            return text.split(stop, 1)[0] + stop.strip()
    return text


def _layers_html(layers: tuple[LayerSpec, ...], depth: int = 0) -> list[str]:
    rows = []
    for layer in layers:
        pad = "&nbsp;" * 4 * depth
        summary = layer_summary(layer)
        rows.append(
            f"{pad}<b>{html.escape(layer_title(layer.type))}</b>"
            + (f" — {html.escape(summary)}" if summary else "")
        )
        rows.extend(_layers_html(layer.children, depth + 1))
    return rows


class ExamplesDialog(QDialog):
    """Pick an example design; ``selected_path`` is set when the dialog is accepted."""

    def __init__(self, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("examplesDialog")
        self.setWindowTitle(self.tr("Examples"))
        self.resize(860, 520)
        self.selected_path: Path | None = None
        self._specs: dict[str, DesignSpec | str] = {}

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Open a ready-made design. Your current design stays open until you choose one."), self
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        body = QHBoxLayout()
        layout.addLayout(body, 1)
        self.list = QListWidget(self)
        self.list.setObjectName("examplesList")
        self.list.setIconSize(QSize(40, 40))
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setMinimumWidth(330)
        body.addWidget(self.list, 4)
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("examplesPreview")
        self.preview.setOpenLinks(False)
        body.addWidget(self.preview, 5)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.setObjectName("examplesButtons")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._load(folder or examples_dir())
        self.list.currentItemChanged.connect(self._on_list_current_changed)
        self.list.itemDoubleClicked.connect(lambda item: self.accept())
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self.preview.setPlainText(self.tr("No examples were found."))
            self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(False)

    def _load(self, folder: Path) -> None:
        from engine.design_io import load_design

        title_font = QFont(self.font())
        title_font.setBold(True)
        for path in sorted(folder.glob("*.json")):
            try:
                spec: DesignSpec | str = load_design(path)
            except PlaygroundError as exc:
                spec = describe(exc)
            self._specs[str(path)] = spec
            if isinstance(spec, str):
                text = f"{path.stem}\n⚠ {spec}"
                icon = _dataset_icon("csv")
            else:
                name = self.tr(spec.name) if spec.name else path.stem
                text = f"{name}\n{_first_sentence(self.tr(spec.description))}"
                icon = _dataset_icon(spec.data.dataset)
            item = QListWidgetItem(icon, text, self.list)
            item.setData(ROLE_PATH, str(path))
            item.setSizeHint(QSize(0, 58))
            item.setToolTip(text)

    def _on_list_current_changed(self, current: QListWidgetItem | None, previous: object) -> None:
        ok = False
        if current is None:
            self.preview.clear()
        else:
            spec = self._specs[current.data(ROLE_PATH)]
            if isinstance(spec, str):
                self.preview.setPlainText(self.tr("This example cannot be opened:\n%1").replace("%1", spec))
            else:
                self.preview.setHtml(self._preview_html(spec))
                ok = True
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(ok)

    def _preview_html(self, spec: DesignSpec) -> str:
        t = spec.train
        d = spec.data
        data = dataset_title(d.dataset)
        if d.dataset in ("blobs", "spirals"):
            data += " · " + self.tr("%1 classes").replace("%1", str(d.classes))
        rows = "<br>".join(_layers_html(spec.layers)) or self.tr("(no layers)")
        train = " · ".join(
            [
                optimizer_title(t.optimizer),
                self.tr("learning rate %1").replace("%1", f"{t.learning_rate:g}"),
                self.tr("batch %1").replace("%1", str(t.batch_size)),
                loss_title(t.loss),
                self.tr("%1 epochs").replace("%1", str(t.epochs)),
            ]
        )
        esc = html.escape
        return (
            f"<h2>{esc(self.tr(spec.name) or '')}</h2>"
            f"<p>{esc(self.tr(spec.description))}</p>"
            f"<p><b>{esc(self.tr('Data'))}:</b> {esc(data)}</p>"
            f"<p><b>{esc(self.tr('Layers'))}:</b><br>{rows}</p>"
            f"<p><b>{esc(self.tr('Training'))}:</b> {esc(train)}</p>"
        )

    def accept(self) -> None:
        item = self.list.currentItem()
        if item is None or isinstance(self._specs.get(item.data(ROLE_PATH)), str):
            return
        self.selected_path = Path(item.data(ROLE_PATH))
        super().accept()
