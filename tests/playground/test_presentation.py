"""Presentation mode, high-contrast colour maps, the keyboard-shortcuts dialog and the app's options."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QImage, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QDockWidget, QMenu, QTableWidget, QToolBar

from playground import i18n
from playground.presentation import (
    FONT_SCALE,
    HIGH_CONTRAST_MAPS,
    MIN_PEN_WIDTH,
    NORMAL_MAPS,
    SECONDARY_DOCKS,
    ShortcutsDialog,
    colour_map_settings,
    colour_maps,
    get_colour_map,
    install_help,
    install_presentation,
    shortcut_rows,
    single_key_shortcuts,
)
from playground.settings import Settings


@pytest.fixture
def restore_app(qapp: Any) -> Iterator[None]:
    """App-wide state these tests touch: font, palette, language, high-contrast flag."""
    font, palette = QFont(QApplication.font()), QPalette(QApplication.palette())
    yield
    colour_map_settings().set_high_contrast(False)
    i18n.install_language(qapp, "en")
    QApplication.setFont(font)
    QApplication.setPalette(palette)


@pytest.fixture
def shown(make_window: Any, restore_app: None) -> Any:
    """The main window with everything app.py installs."""
    window = make_window()
    i18n.install_language_menu(window)
    install_presentation(window)
    install_help(window)
    return window


def _curve_widths(window: Any) -> list[float]:
    scene = window.loss_plot.findChildren(pg.GraphicsView)[0].scene()
    items = [i for i in scene.items() if isinstance(i, pg.PlotDataItem)]
    return [pg.mkPen(i.opts["pen"]).widthF() for i in items]


def _axis_tick_sizes(window: Any) -> list[float]:
    sizes = []
    for view in window.findChildren(pg.GraphicsView):
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem) and isinstance(item.style.get("tickFont"), QFont):
                sizes.append(item.style["tickFont"].pointSizeF())
    return sizes


def test_presentation_mode_enters_and_restores_everything(shown: Any, qtbot: Any) -> None:
    window = shown
    action = window.findChild(QAction, "presentationAction")
    assert action is not None and action.isCheckable()
    assert action.shortcut() == QKeySequence("F11")
    font_before = QFont(QApplication.font())
    palette_before = QPalette(QApplication.palette())
    docks_before = {d.objectName(): d.isVisible() for d in window.findChildren(QDockWidget)}
    widths_before = _curve_widths(window)
    ticks_before = _axis_tick_sizes(window)
    epoch_sheet = window.epoch_display.styleSheet()
    icon_before = window.toolbar.iconSize()
    assert not window.isFullScreen()

    action.trigger()
    qtbot.waitUntil(window.isFullScreen, timeout=3000)
    assert window.presentation.active
    assert QApplication.font().pointSizeF() == pytest.approx(font_before.pointSizeF() * FONT_SCALE)
    for name in SECONDARY_DOCKS:
        assert window.findChild(QDockWidget, name).isHidden(), name
    assert window.findChild(QDockWidget, "trainDock").isVisible()  # the learning rate stays
    assert window.findChild(QToolBar, "mainToolBar").isVisible()  # play / step / reset
    assert window.editor.isVisible() and window.boundary_plot.isVisible() and window.loss_plot.isVisible()
    assert window.train_panel.findChild(object, "learningRateCombo").isVisible()
    assert min(_curve_widths(window)) >= MIN_PEN_WIDTH
    assert min(_axis_tick_sizes(window)) >= 16.0
    assert "22.5pt" in window.epoch_display.styleSheet()
    assert window.toolbar.iconSize().width() > icon_before.width()
    palette = QApplication.palette()
    assert palette.color(QPalette.ColorRole.Window).name() == "#ffffff"
    assert palette.color(QPalette.ColorRole.WindowText).name() == "#000000"
    assert Settings().presentation_mode()

    action.trigger()
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=3000)
    assert not window.presentation.active
    assert QApplication.font() == font_before
    assert QApplication.palette() == palette_before
    assert {d.objectName(): d.isVisible() for d in window.findChildren(QDockWidget)} == docks_before
    assert _curve_widths(window) == widths_before
    assert _axis_tick_sizes(window) == ticks_before
    assert window.epoch_display.styleSheet() == epoch_sheet
    assert window.toolbar.iconSize() == icon_before
    assert not Settings().presentation_mode()


def test_closing_in_presentation_mode_saves_the_normal_layout(shown: Any, qtbot: Any) -> None:
    window = shown
    font = QFont(QApplication.font())
    window.presentation.set_active(True)
    assert window.findChild(QDockWidget, "paletteDock").isHidden()
    window._closing = True  # no "save changes?" question
    window.close()
    assert not window.presentation.active
    assert Settings().presentation_mode()  # the next start is in presentation mode again
    assert QApplication.font() == font
    state = Settings().window_state()
    assert state is not None
    probe = type(window)()
    qtbot.addWidget(probe)
    probe.restoreState(state)
    assert not probe.findChild(QDockWidget, "paletteDock").isHidden()  # saved while the docks were shown
    probe._closing = True
    probe.close()
    probe.shutdown()


def test_a_cancelled_close_stays_in_presentation_mode(shown: Any, qtbot: Any, dialogs: Any) -> None:
    shown.presentation.set_active(True)
    shown.document.insert_layer(0, "dropout")  # unsaved: closing asks, and the answer is Cancel
    shown.close()
    assert dialogs.kinds() == ["question"]
    assert shown.isVisible()
    qtbot.waitUntil(lambda: shown.presentation.active, timeout=2000)
    assert shown.findChild(QDockWidget, "paletteDock").isHidden()
    shown.presentation.set_active(False)
    assert not shown.findChild(QDockWidget, "paletteDock").isHidden()


def test_docks_can_still_be_opened_in_presentation_mode(shown: Any, qtbot: Any) -> None:
    window = shown
    window.presentation.set_active(True)
    palette_dock = window.findChild(QDockWidget, "paletteDock")
    palette_dock.toggleViewAction().trigger()
    assert palette_dock.isVisible()
    window.presentation.set_active(False)
    assert palette_dock.isVisible()


def test_f11_belongs_to_presentation_mode_and_no_two_actions_share_a_key(shown: Any) -> None:
    owners: dict[str, list[str]] = {}
    for action in shown.findChildren(QAction):
        for seq in action.shortcuts():
            owners.setdefault(seq.toString(QKeySequence.SequenceFormat.PortableText), []).append(action.objectName())
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert not shared, shared
    assert owners["F11"] == ["presentationAction"]
    assert owners["Shift+F11"] == ["fullScreenAction"]
    assert owners["F1"] == ["shortcutsAction"]


def test_play_step_and_reset_keys(shown: Any) -> None:
    keys = {
        a.objectName(): [s.toString(QKeySequence.SequenceFormat.PortableText) for s in a.shortcuts()]
        for a in shown.findChildren(QAction)
        if a.objectName()
    }
    assert keys["playAction"] == ["F5"]
    assert keys["stepBatchAction"] == ["F6"]
    assert keys["stepEpochAction"] == ["Ctrl+F6"]
    assert keys["resetAction"] == ["F7"]
    for name in ("newAction", "openAction", "saveAction", "saveAsAction", "quitAction", "undoAction", "redoAction"):
        assert keys[name] and all(k.startswith("Ctrl+") for k in keys[name]), name


def test_no_action_uses_a_single_letter_without_a_modifier(shown: Any) -> None:
    assert single_key_shortcuts(shown) == []
    probe = QAction("probe", shown)
    probe.setShortcuts([QKeySequence("P"), QKeySequence("Shift+Q"), QKeySequence("Ctrl+P"), QKeySequence("F9")])
    assert sorted(single_key_shortcuts(shown)) == ["probe: P", "probe: Shift+Q"]
    probe.deleteLater()


def test_shortcuts_dialog_lists_every_action_with_a_shortcut(shown: Any, qtbot: Any) -> None:
    shown.findChild(QAction, "shortcutsAction").trigger()
    dialog = shown.findChild(ShortcutsDialog, "shortcutsDialog")
    assert dialog is not None
    qtbot.waitExposed(dialog)
    keys = dialog.keys()
    native = QKeySequence.SequenceFormat.NativeText
    for key in ("F5", "F6", "F7", "Ctrl+F6", "F11"):
        assert QKeySequence(key).toString(native) in keys, key
    with_keys = {id(a) for a in shown.findChildren(QAction) if a.shortcuts() and a.text()}
    assert len(dialog.rows) == len(with_keys)
    table = dialog.findChild(QTableWidget, "shortcutsTable")
    assert table.rowCount() == len(dialog.rows)
    commands = [table.item(r, 1).text() for r in range(table.rowCount())]
    assert "Play" in commands and "Reset" in commands and "Presentation Mode" in commands
    menus = {row[1]: row[0] for row in dialog.rows}
    assert menus["Play"] == "Training"
    dialog.close()


def test_shortcuts_dialog_follows_the_language(restore_app: None, qapp: Any, make_window: Any) -> None:
    i18n.install_fonts(qapp)
    i18n.install_language(qapp, "ko")
    window = make_window()
    install_presentation(window)
    install_help(window)
    rows = shortcut_rows(window)
    assert ("학습", "재생", QKeySequence("F5").toString(QKeySequence.SequenceFormat.NativeText)) in rows
    assert any(command == "발표 모드" for _, command, _ in rows)
    help_menu = window.findChild(QMenu, "helpMenu")
    assert help_menu.actions()[0].text() == "단축키(&K)…"


# ---------------------------------------------------------------------- colour maps


def _lightness(rgb: np.ndarray) -> np.ndarray:
    c = rgb.astype(np.float64) / 255.0
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    y = c @ np.array([0.2126, 0.7152, 0.0722])
    f = np.where(y > 0.008856, np.cbrt(y), 7.787 * y + 16 / 116)
    return 116 * f - 16


def test_colour_map_api() -> None:
    assert colour_maps(False) == NORMAL_MAPS and colour_maps(True) == HIGH_CONTRAST_MAPS
    assert set(NORMAL_MAPS) == set(HIGH_CONTRAST_MAPS) == {"boundary", "sign", "signed", "sequential", "regression"}
    for role in NORMAL_MAPS:
        normal = _lightness(get_colour_map(NORMAL_MAPS[role]).getLookupTable(nPts=64, alpha=False)[:, :3])
        strong = _lightness(get_colour_map(HIGH_CONTRAST_MAPS[role]).getLookupTable(nPts=64, alpha=False)[:, :3])
        # more lightness contrast: darker ends against the same (or lighter) middle
        assert strong.max() - strong.min() > normal.max() - normal.min(), role
    for name in ("turbo", "jet", "rainbow"):
        assert name not in HIGH_CONTRAST_MAPS.values()


def test_high_contrast_action_switches_the_maps_and_back(shown: Any, qtbot: Any) -> None:
    window = shown
    action = window.findChild(QAction, "highContrastAction")
    assert action is not None and action.isCheckable() and not action.isChecked()
    image = window.boundary_plot.image
    before = image.getColorMap()
    assert before is not None
    heard: list[bool] = []
    colour_map_settings().changed.connect(heard.append)

    action.trigger()
    assert colour_map_settings().high_contrast
    assert QApplication.instance().property("highContrastColourMaps") is True
    assert heard == [True]
    assert image.getColorMap().name == HIGH_CONTRAST_MAPS["boundary"]
    assert Settings().high_contrast_maps()

    action.trigger()
    assert not colour_map_settings().high_contrast
    assert image.getColorMap() is before
    assert not Settings().high_contrast_maps()
    colour_map_settings().changed.disconnect(heard.append)


def test_lookup_tables_of_standard_maps_are_recognised(shown: Any) -> None:
    window = shown
    plot = pg.PlotWidget(window.view_tabs)
    image = pg.ImageItem(np.random.default_rng(0).random((8, 8)).astype(np.float32))
    viridis = pg.colormap.get("viridis").getLookupTable(nPts=256)
    image.setLookupTable(viridis)
    plot.addItem(image)
    window.add_view(plot, "probe")
    window.high_contrast_action.trigger()
    assert np.array_equal(image.lut, get_colour_map("CET-CBL2").getLookupTable(nPts=256))
    window.high_contrast_action.trigger()
    assert image.lut is viridis


# ---------------------------------------------------------------------- the app


def test_app_starts_in_korean_presentation_mode(restore_app: None, tmp_path: Path) -> None:
    from playground.app import main

    out = tmp_path / "shot.png"
    assert main(["--lang", "ko", "--presentation", "--screenshot", str(out), "--size", "1280x800"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    assert i18n.current_language() == "ko"
    assert "NanumGothic" in QApplication.font().families()
    assert not Settings().language()  # --lang is for this run only
    assert not Settings().presentation_mode()  # and so is --presentation


def test_install_functions_are_idempotent(shown: Any) -> None:
    assert install_presentation(shown) is shown.presentation
    assert install_help(shown) is shown.findChild(QAction, "shortcutsAction")
    assert i18n.install_language_menu(shown) is shown.findChild(QMenu, "languageMenu")
    view = shown.findChild(QMenu, "viewMenu")
    names = [a.objectName() for a in view.actions()]
    assert names.count("presentationAction") == 1 and names.count("highContrastAction") == 1
    assert sum(1 for a in view.actions() if a.menu() is not None and a.menu().objectName() == "languageMenu") == 1


def test_window_without_menus_gets_view_and_help(qtbot: Any, restore_app: None) -> None:
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    install_presentation(window)
    install_help(window)
    i18n.install_language_menu(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&View", "&Help"]
    assert window.findChild(QAction, "presentationAction") is not None
    assert window.findChild(QMenu, "languageMenu") is not None
    assert Qt.WindowState.WindowFullScreen not in window.windowState()
