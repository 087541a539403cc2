"""Presentation mode for projectors, high-contrast colour maps, and the keyboard-shortcuts dialog.

Three one-line installers, called once the main window is built (``playground/app.py``
calls them; any window with a menu bar works):

- :func:`install_presentation` adds to View: **Presentation Mode** (checkable, F11,
  ``presentationAction``) and **High-Contrast Colour Maps** (checkable,
  ``highContrastAction``). The window's own Full Screen action moves from F11 to
  Shift+F11 so that the two never share a key.
- :func:`install_help` adds Help ▸ **Keyboard Shortcuts…** (F1, ``shortcutsAction``),
  which opens ``shortcutsDialog``: a table made from the window's actions at the moment
  it opens, so it always tells the truth.

**Presentation mode** (:class:`PresentationMode`): full screen; the application font
×1.5 (and explicitly sized widget fonts and style-sheet ``font-size`` values with it);
toolbar icons ×1.5; a light high-contrast palette; pyqtgraph plots with pens of at least
4 px, axis text ×1.5 (at least 16 pt) and larger legends; the secondary docks (layer
palette, data, layer settings) hidden. The play/step/reset toolbar, the network editor,
the boundary and loss plots and the training dock (learning rate) stay; the hidden docks
can still be opened from View. Leaving restores every one of these exactly (window state
and geometry, dock layout, fonts, palette, style sheets, pens, axis and legend styles).
Plots that appear while it is on are styled within a second. Toggling it is remembered
(``Settings.presentation_mode``: the next start is in the same mode; closing the window
while it is on saves the *normal* dock layout); ``--presentation`` starts in it for one run.

**High-contrast colour maps** — an API for the plot widgets, which others own:

- ``colour_maps(high_contrast)`` → ``{role: map name}`` for the roles ``"boundary"``
  (two-class decision boundary background), ``"sign"`` (orange negative / blue positive,
  the neuron diagram), ``"signed"`` (weights and filters), ``"sequential"`` (activations,
  values ≥ 0) and ``"regression"`` (predicted values);
- ``get_colour_map(name)`` → a ``pg.ColorMap`` for any of those names (pyqtgraph's own,
  or the playground's ``playground-sign*`` / ``playground-signed-strong`` maps);
- ``colour_map_settings()`` → a QObject with ``high_contrast`` and the signal
  ``changed(bool)``; the same flag is the application property
  ``"highContrastColourMaps"`` (``QApplication.instance().property(...)``).

A plot widget should pick its maps with ``colour_maps(colour_map_settings().high_contrast)``
and connect ``changed`` to re-apply them. Until the plots do, the toggle swaps the maps of
every ``ImageItem`` and ``ColorBarItem`` it finds in pyqtgraph views by recognising the
standard map (by ``ColorMap.name``, or by comparing the lookup table), and checks again
every second while it is on, so a plot that re-sets its map is switched back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QPalette, QPen, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from playground.i18n import _find_menu, view_menu
from playground.plots.style import NEGATIVE_HEX, POSITIVE_HEX, ZERO_HEX, diverging_argb, rgb_to_argb

FONT_SCALE = 1.5
MIN_PEN_WIDTH = 4.0
MIN_TICK_POINTS = 16.0
SECONDARY_DOCKS = ("paletteDock", "dataDock", "inspectorDock")
RESTYLE_MS = 1000
APP_PROPERTY = "highContrastColourMaps"
_SIZE_RESOLVED = 0x0002  # QFont::SizeResolved
_FONT_SIZE = re.compile(r"(font-size\s*:\s*)(\d+(?:\.\d+)?)(\s*)(pt|px)", re.IGNORECASE)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Presentation", text)


# ---------------------------------------------------------------------- colour maps

NORMAL_MAPS = {
    "boundary": "playground-sign-light",
    "sign": "playground-sign",
    "signed": "CET-CBD1",
    "sequential": "viridis",
    "regression": "cividis",
}
HIGH_CONTRAST_MAPS = {
    "boundary": "playground-sign-strong-light",
    "sign": "playground-sign-strong",
    "signed": "playground-signed-strong",
    "sequential": "CET-CBL2",
    "regression": "CET-CBL1",
}
# the standard map a plot uses (by ColorMap.name) → its high-contrast replacement
_SWAP_BY_NAME = {
    "playground sign (orange-blue)": "playground-sign-strong-light",
    "playground-sign-light": "playground-sign-strong-light",
    "playground-sign": "playground-sign-strong",
    "CET-CBD1": "playground-signed-strong",
    "viridis": "CET-CBL2",
    "cividis": "CET-CBL1",
}
_STRONG_NEGATIVE = "#B04E00"  # deep orange (lightness ~45, against white ~97)
_STRONG_POSITIVE = "#004F8C"  # deep blue (lightness ~33)
_SIGNED_STRONG = ("#1A3F8F", "#F2F2F2", "#7A5F00")  # CET-CBD1's blue · grey · yellow, darker ends


def colour_maps(high_contrast: bool) -> dict[str, str]:
    """The colour-map name for each role (see the module doc); every name works with :func:`get_colour_map`."""
    return dict(HIGH_CONTRAST_MAPS if high_contrast else NORMAL_MAPS)


def _ramp(colours: tuple[str, str, str], lighten: float, name: str, n: int = 33) -> pg.ColorMap:
    lo, mid, hi = (np.array(pg.mkColor(c).getRgb()[:3], dtype=np.float64) for c in colours)
    t = np.linspace(-1.0, 1.0, n)[:, None]
    a = np.abs(t) ** 0.8
    rgb = np.where(t < 0, mid + (lo - mid) * a, mid + (hi - mid) * a)
    rgb += (255.0 - rgb) * lighten
    return pg.ColorMap(np.linspace(0.0, 1.0, n), np.clip(np.round(rgb), 0, 255).astype(np.uint8), name=name)


def get_colour_map(name: str) -> pg.ColorMap:
    """A ``pg.ColorMap`` for a name of :func:`colour_maps` (or any pyqtgraph map name)."""
    custom: dict[str, Callable[[], pg.ColorMap]] = {
        "playground-sign": lambda: _ramp((NEGATIVE_HEX, ZERO_HEX, POSITIVE_HEX), 0.0, name),
        "playground-sign-light": lambda: _ramp((NEGATIVE_HEX, ZERO_HEX, POSITIVE_HEX), 0.35, name),
        "playground-sign-strong": lambda: _ramp((_STRONG_NEGATIVE, "#FFFFFF", _STRONG_POSITIVE), 0.0, name),
        "playground-sign-strong-light": lambda: _ramp((_STRONG_NEGATIVE, "#FFFFFF", _STRONG_POSITIVE), 0.15, name),
        "playground-signed-strong": lambda: _ramp(_SIGNED_STRONG, 0.0, name),
    }
    if name in custom:
        return custom[name]()
    return pg.colormap.get(name)


def sign_palette(high_contrast: bool) -> tuple[str, np.ndarray]:
    """The neuron pictures' ramp (role ``"sign"``): its name and 256 uint32 ``0xFFRRGGBB`` colours,
    orange (index 0) through white to blue, the same hues as the boundary's map of that mode."""
    name = colour_maps(high_contrast)["sign"]
    if name == "playground-sign":
        return name, diverging_argb(256)
    if name == "playground-sign-strong":
        return name, diverging_argb(256, colours=(_STRONG_NEGATIVE, "#FFFFFF", _STRONG_POSITIVE))
    return name, rgb_to_argb(get_colour_map(name).getLookupTable(nPts=256, alpha=False))


def sign_colours(high_contrast: bool) -> tuple[str, str]:
    """``(negative, positive)`` hex colours of the sign ramp, e.g. for a caption's coloured words."""
    return (_STRONG_NEGATIVE, _STRONG_POSITIVE) if high_contrast else (NEGATIVE_HEX, POSITIVE_HEX)


class ColourMapSettings(QObject):
    """The app-wide "high-contrast colour maps" flag; ``changed(bool)`` fires when it flips."""

    changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("colourMapSettings")
        self._high_contrast = False

    @property
    def high_contrast(self) -> bool:
        return self._high_contrast

    def set_high_contrast(self, on: bool) -> None:
        on = bool(on)
        app = QCoreApplication.instance()
        if app is not None:
            app.setProperty(APP_PROPERTY, on)
        if on != self._high_contrast:
            self._high_contrast = on
            self.changed.emit(on)

    def maps(self) -> dict[str, str]:
        return colour_maps(self._high_contrast)


_settings_object: ColourMapSettings | None = None


def colour_map_settings() -> ColourMapSettings:
    """The one :class:`ColourMapSettings` of the application."""
    global _settings_object
    try:
        if _settings_object is not None:
            _settings_object.objectName()  # raises when the C++ object is gone
            return _settings_object
    except RuntimeError:
        pass
    _settings_object = ColourMapSettings(QCoreApplication.instance())
    return _settings_object


def _graphics_views(root: QWidget) -> Iterator[Any]:
    for view in root.findChildren(pg.GraphicsView):
        if view.scene() is not None:
            yield view


class _ColourMapSwapper:
    """Applies the high-contrast maps to the image items it can recognise, and undoes it."""

    def __init__(self) -> None:
        self._done: dict[int, tuple[Any, str, Any, Any]] = {}  # id → (item, kind, original, ours)
        self._luts: dict[tuple[str, int], np.ndarray] = {}

    def _lut(self, name: str, n: int) -> np.ndarray:
        key = (name, n)
        if key not in self._luts:
            self._luts[key] = get_colour_map(name).getLookupTable(nPts=n)
        return self._luts[key]

    def apply(self, root: QWidget) -> int:
        changed = 0
        for view in _graphics_views(root):
            for item in view.scene().items():
                try:
                    changed += self._apply_item(item)
                except RuntimeError:
                    continue
        return changed

    def _apply_item(self, item: Any) -> int:
        key = id(item)
        if isinstance(item, pg.ColorBarItem):
            cmap = item.colorMap()
            name = getattr(cmap, "name", None)
            if name in _SWAP_BY_NAME:
                ours = get_colour_map(_SWAP_BY_NAME[name])
                item.setColorMap(ours)
                self._done[key] = (item, "bar", cmap, ours)
                return 1
            return 0
        if not isinstance(item, pg.ImageItem):
            return 0
        cmap = item.getColorMap()
        if cmap is not None and getattr(cmap, "name", None) in _SWAP_BY_NAME:
            ours = get_colour_map(_SWAP_BY_NAME[cmap.name])
            item.setColorMap(ours)
            self._done[key] = (item, "cmap", cmap, ours)
            return 1
        lut = item.lut if isinstance(item.lut, np.ndarray) else None
        if lut is None or lut.ndim != 2:
            return 0
        for normal, strong in _SWAP_BY_NAME.items():
            if normal.startswith("playground sign"):
                continue
            try:
                reference = self._lut(normal, len(lut))
            except Exception:  # a name pyqtgraph does not know
                continue
            if reference.shape == lut.shape and np.array_equal(reference, lut):
                ours = self._lut(strong, len(lut))
                item.setLookupTable(ours)
                self._done[key] = (item, "lut", lut, ours)
                return 1
        return 0

    def restore(self) -> None:
        for item, kind, original, ours in self._done.values():
            try:
                if kind == "lut" and item.lut is ours:
                    item.setLookupTable(original)
                elif (kind == "cmap" and item.getColorMap() is ours) or kind == "bar":
                    item.setColorMap(original)
            except RuntimeError:
                continue
        self._done.clear()


# ---------------------------------------------------------------------- plot styling


def _thick(pen: QPen) -> QPen:
    thick = QPen(pen)
    thick.setWidthF(max(MIN_PEN_WIDTH, pen.widthF() * FONT_SCALE))
    thick.setCosmetic(True)
    return thick


class _PlotStyler:
    """Thicker pens, larger axis text and legends in every pyqtgraph view; remembers what it changed."""

    def __init__(self) -> None:
        self._pens: dict[int, tuple[Any, QPen, QPen]] = {}
        self._axes: dict[int, tuple[Any, Any, dict[str, Any], QFont, float]] = {}
        self._legends: dict[int, tuple[Any, Any, str]] = {}
        self._texts: dict[int, tuple[Any, QFont, QFont]] = {}

    def apply(self, root: QWidget) -> None:
        for view in _graphics_views(root):
            for item in view.scene().items():
                try:
                    self._apply_item(item)
                except RuntimeError:
                    continue

    def _apply_item(self, item: Any) -> None:
        curve = isinstance(item, pg.PlotCurveItem) and not isinstance(item.parentItem(), pg.PlotDataItem)
        if isinstance(item, pg.PlotDataItem) or curve:
            self._pen(item, item.opts.get("pen"))
        elif isinstance(item, pg.AxisItem):
            self._axis(item)
        elif isinstance(item, pg.LegendItem):
            self._legend(item)
        elif isinstance(item, pg.TextItem):
            self._text(item)

    def _pen(self, item: Any, spec: Any) -> None:
        if spec is None:
            return
        pen = pg.mkPen(spec)
        if pen.style() == Qt.PenStyle.NoPen:
            return
        key = id(item)
        done = self._pens.get(key)
        if done is not None and pen == done[2]:
            return  # still ours
        if pen.widthF() >= MIN_PEN_WIDTH and done is None:
            return
        ours = _thick(pen)
        item.setPen(ours)
        self._pens[key] = (item, pen, ours)

    def _axis(self, axis: Any) -> None:
        key = id(axis)
        tick = axis.style.get("tickFont")
        done = self._axes.get(key)
        if done is not None and tick is done[3]:
            return
        old_tick = QFont(tick) if isinstance(tick, QFont) else None
        old_style = dict(axis.labelStyle)
        base = QFont(tick) if isinstance(tick, QFont) else QFont()
        size = base.pointSizeF() if base.pointSizeF() > 0 else 10.0
        ours = QFont(base)
        ours.setPointSizeF(max(MIN_TICK_POINTS, size * FONT_SCALE))
        style = dict(old_style)
        match = re.match(r"\s*(\d+(?:\.\d+)?)\s*(pt|px)", str(style.get("font-size", "")))
        label_size = float(match.group(1)) if match else max(size, 12.0)
        unit = match.group(2) if match else "pt"
        style["font-size"] = f"{max(MIN_TICK_POINTS + 1, label_size * FONT_SCALE):g}{unit}"
        density = float(getattr(axis, "_tickDensity", 1.0))
        axis.setStyle(tickFont=ours)
        axis.setTickDensity(density / FONT_SCALE)  # larger numbers need more room between them
        axis.labelStyle = style
        axis._updateLabel()
        self._axes[key] = (axis, old_tick, old_style, ours, density)

    def _legend(self, legend: Any) -> None:
        key = id(legend)
        size = legend.opts.get("labelTextSize", "9pt")
        done = self._legends.get(key)
        if done is not None and size == done[2]:
            return
        match = re.match(r"\s*(\d+(?:\.\d+)?)\s*(pt|px)", str(size))
        value, unit = (float(match.group(1)), match.group(2)) if match else (9.0, "pt")
        ours = f"{max(MIN_TICK_POINTS, value * FONT_SCALE):g}{unit}"
        legend.setLabelTextSize(ours)
        self._legends[key] = (legend, size, ours)

    def _text(self, item: Any) -> None:
        key = id(item)
        font = item.textItem.font()
        done = self._texts.get(key)
        if done is not None and font == done[2]:
            return
        ours = QFont(font)
        size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        ours.setPointSizeF(size * FONT_SCALE)
        item.setFont(ours)
        self._texts[key] = (item, QFont(font), ours)

    def restore(self) -> None:
        for item, original, ours in self._pens.values():
            try:
                current = pg.mkPen(item.opts.get("pen"))
                if current == ours:
                    item.setPen(original)
            except RuntimeError:
                continue
        for axis, tick, style, ours, density in self._axes.values():
            try:
                if axis.style.get("tickFont") is ours:
                    axis.setStyle(tickFont=tick)
                    axis.setTickDensity(density)
                    axis.labelStyle = style
                    axis._updateLabel()
            except RuntimeError:
                continue
        for legend, size, ours in self._legends.values():
            try:
                if legend.opts.get("labelTextSize") == ours:
                    legend.setLabelTextSize(size)
            except RuntimeError:
                continue
        for item, font, ours in self._texts.values():
            try:
                if item.textItem.font() == ours:
                    item.setFont(font)
            except RuntimeError:
                continue
        self._pens.clear()
        self._axes.clear()
        self._legends.clear()
        self._texts.clear()


# ---------------------------------------------------------------------- the theme


def high_contrast_palette() -> QPalette:
    """A light palette with black text on white and a dark-blue selection (contrast ≥ 7:1)."""
    p = QPalette()
    roles = QPalette.ColorRole
    normal = {
        roles.Window: "#FFFFFF",
        roles.WindowText: "#000000",
        roles.Base: "#FFFFFF",
        roles.AlternateBase: "#EEF1F4",
        roles.Text: "#000000",
        roles.Button: "#F2F4F6",
        roles.ButtonText: "#000000",
        roles.BrightText: "#FFFFFF",
        roles.Highlight: "#00449E",
        roles.HighlightedText: "#FFFFFF",
        roles.ToolTipBase: "#FFFFFF",
        roles.ToolTipText: "#000000",
        roles.PlaceholderText: "#4A4A4A",
        roles.Link: "#0040A8",
        roles.LinkVisited: "#5B2A86",
        roles.Light: "#FFFFFF",
        roles.Midlight: "#DADFE4",
        roles.Mid: "#8A949E",
        roles.Dark: "#4A525A",
        roles.Shadow: "#000000",
    }
    disabled = {
        roles.WindowText: "#5F6770",
        roles.Text: "#5F6770",
        roles.ButtonText: "#5F6770",
        roles.Base: "#F4F4F4",
        roles.Button: "#EEEEEE",
        roles.Highlight: "#6E7B88",
    }
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
        for role, colour in normal.items():
            p.setColor(group, role, QColor(colour))
    for role, colour in disabled.items():
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return p


def _scaled_font(font: QFont, factor: float) -> QFont:
    scaled = QFont(font)
    if font.pointSizeF() > 0:
        scaled.setPointSizeF(font.pointSizeF() * factor)
    elif font.pixelSize() > 0:
        scaled.setPixelSize(round(font.pixelSize() * factor))
    return scaled


def _scale_style_sheet(sheet: str, factor: float) -> str:
    return _FONT_SIZE.sub(lambda m: f"{m.group(1)}{float(m.group(2)) * factor:g}{m.group(3)}{m.group(4)}", sheet)


# ---------------------------------------------------------------------- presentation mode


class PresentationMode(QObject):
    """Enters and leaves presentation mode for one main window (see the module doc)."""

    toggled = Signal(bool)

    def __init__(self, window: QMainWindow, settings: Any = None) -> None:
        super().__init__(window)
        self.setObjectName("presentationMode")
        self.window = window
        self.settings = settings
        self._active = False
        self._saved: dict[str, Any] = {}
        self._fonts: list[tuple[QWidget, QFont, QFont]] = []
        self._sheets: list[tuple[QWidget, str, str]] = []
        self._icons: list[tuple[QToolBar, QSize]] = []
        self._styler = _PlotStyler()
        self._swapper = _ColourMapSwapper()
        self._attached: list[QWidget] = []  # other top-level windows styled alike (Compare)
        self._timer = QTimer(self)
        self._timer.setInterval(RESTYLE_MS)
        self._timer.timeout.connect(self._refresh)
        self.contrast_action: QAction | None = None
        # a bound slot of this QObject: the connection ends when the window (and this) is destroyed
        colour_map_settings().changed.connect(self._on_high_contrast_changed)
        window.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # The window saves its geometry and dock layout when it closes: it must save the normal
        # layout, not the presentation one. The setting stays on, so the next start is in it again.
        if obj is self.window and event.type() == QEvent.Type.Close and self._active:
            self._leave()
            self._active = False
            self._sync_timer()
            QTimer.singleShot(0, self, self._reenter_if_still_open)  # cancelled if this object goes
        return False

    def _reenter_if_still_open(self) -> None:
        try:
            if self.window.isVisible() and not self._active:  # the close was cancelled ("save changes?")
                self.set_active(True)
        except RuntimeError:  # the window is gone
            pass

    @property
    def active(self) -> bool:
        return self._active

    def set_active(self, on: bool, full_screen: bool = True, remember: bool = True) -> None:
        """Enter or leave presentation mode.

        ``full_screen=False`` keeps the window's size (screenshots); ``remember=False`` leaves the
        saved setting alone (``--presentation`` is for one run).
        """
        if bool(on) == self._active:
            return
        if on:
            self._enter(full_screen)
        else:
            self._leave()
        self._active = bool(on)
        if self.settings is not None and remember:
            self.settings.set_presentation_mode(self._active)
        self._sync_timer()
        self.toggled.emit(self._active)

    def secondary_docks(self) -> list[QDockWidget]:
        docks = [self.window.findChild(QDockWidget, name) for name in SECONDARY_DOCKS]
        return [d for d in docks if d is not None]

    # -- entering and leaving -------------------------------------------------------
    def _enter(self, full_screen: bool = True) -> None:
        w = self.window
        app = QApplication.instance()
        fullscreen = w.findChild(QAction, "fullScreenAction")
        self._saved = {
            "state": w.saveState(),
            "geometry": w.saveGeometry(),
            "window_state": w.windowState(),
            "font": QFont(QApplication.font()),
            "palette": QPalette(QApplication.palette()),
            "fullscreen_checked": fullscreen.isChecked() if fullscreen is not None else None,
            "docks": {d.objectName(): d.isVisible() for d in w.findChildren(QDockWidget)},
        }
        for dock in self.secondary_docks():
            dock.hide()
        # explicit fonts: remember every one first, then scale top-down (a parent's change may reach a child)
        explicit = []
        for widget in [w, *w.findChildren(QWidget)]:
            if widget.testAttribute(Qt.WidgetAttribute.WA_SetFont) and widget.font().resolveMask() & _SIZE_RESOLVED:
                explicit.append((widget, QFont(widget.font())))
        QApplication.setFont(_scaled_font(self._saved["font"], FONT_SCALE))
        self._fonts = []
        for widget, font in explicit:
            if widget.font() == font:
                ours = _scaled_font(font, FONT_SCALE)
                widget.setFont(ours)
                self._fonts.append((widget, font, ours))
        # a dock that keeps the default font draws its title with the platform's fixed title font:
        # give it an (equal-looking) explicit font so the title grows too
        for dock in w.findChildren(QDockWidget):
            if not dock.testAttribute(Qt.WidgetAttribute.WA_SetFont):
                ours = QFont(QApplication.font())
                ours.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
                dock.setFont(ours)
                self._fonts.append((dock, QFont(), ours))
        self._sheets = []
        for widget in [w, *w.findChildren(QWidget)]:
            sheet = widget.styleSheet()
            if sheet and _FONT_SIZE.search(sheet):
                ours_sheet = _scale_style_sheet(sheet, FONT_SCALE)
                widget.setStyleSheet(ours_sheet)
                self._sheets.append((widget, sheet, ours_sheet))
        self._icons = []
        for bar in w.findChildren(QToolBar):
            size = bar.iconSize()
            self._icons.append((bar, size))
            bar.setIconSize(QSize(round(size.width() * FONT_SCALE), round(size.height() * FONT_SCALE)))
        if app is not None:
            QApplication.setPalette(high_contrast_palette())
        for root in self._roots():
            self._styler.apply(root)
        if full_screen:
            if fullscreen is not None:
                fullscreen.blockSignals(True)
                fullscreen.setChecked(True)
                fullscreen.blockSignals(False)
            w.showFullScreen()

    def _leave(self) -> None:
        w = self.window
        saved = self._saved
        self._styler.restore()
        QApplication.setPalette(saved["palette"])
        for bar, size in self._icons:
            bar.setIconSize(size)
        for widget, sheet, ours in reversed(self._sheets):
            if widget.styleSheet() == ours:  # not changed by its owner meanwhile
                widget.setStyleSheet(sheet)
        for widget, font, ours in reversed(self._fonts):
            if widget.font() == ours:
                widget.setFont(font)
        QApplication.setFont(saved["font"])
        state = saved["window_state"]
        if state & Qt.WindowState.WindowFullScreen:
            w.showFullScreen()
        elif state & Qt.WindowState.WindowMaximized:
            w.showMaximized()
        else:
            w.showNormal()
        w.restoreGeometry(saved["geometry"])
        w.restoreState(saved["state"])
        for dock in w.findChildren(QDockWidget):
            visible = saved["docks"].get(dock.objectName())
            if visible is not None and dock.isVisible() != visible:
                dock.setVisible(visible)
        fullscreen = w.findChild(QAction, "fullScreenAction")
        if fullscreen is not None and saved["fullscreen_checked"] is not None:
            fullscreen.blockSignals(True)
            fullscreen.setChecked(saved["fullscreen_checked"])
            fullscreen.blockSignals(False)
        self._fonts, self._sheets, self._icons, self._saved = [], [], [], {}

    # -- colour maps and late plots --------------------------------------------------
    def _on_high_contrast_changed(self, on: bool) -> None:
        try:
            if self.contrast_action is not None:
                _set_checked(self.contrast_action, on)
            if on:
                for root in self._roots():
                    self._swapper.apply(root)
            else:
                self._swapper.restore()
            self._sync_timer()
        except RuntimeError:  # the window is being destroyed
            pass

    def _sync_timer(self) -> None:
        if self._active or colour_map_settings().high_contrast:
            self._timer.start()
        else:
            self._timer.stop()

    def attach(self, window: QWidget) -> None:
        """Style another top-level window of the app (e.g. Compare) like the main one while it lives."""
        if window not in self._attached:
            self._attached.append(window)  # dropped in _roots() once deleted
        self._refresh()

    def _roots(self) -> list[QWidget]:
        roots: list[QWidget] = [self.window]
        for w in list(self._attached):
            try:
                if w.isVisible():
                    roots.append(w)
            except RuntimeError:  # deleted on the C++ side
                self._attached.remove(w)
        return roots

    def _refresh(self) -> None:
        for root in self._roots():
            if self._active:
                self._styler.apply(root)
            if colour_map_settings().high_contrast:
                self._swapper.apply(root)


def install_presentation(window: QMainWindow, settings: Any = None) -> PresentationMode:
    """Add View ▸ Presentation Mode (F11) and View ▸ High-Contrast Colour Maps; returns the controller."""
    existing = getattr(window, "presentation", None)
    if isinstance(existing, PresentationMode):
        return existing
    settings = settings if settings is not None else getattr(window, "settings", None)
    mode = PresentationMode(window, settings)
    menu = view_menu(window)
    fullscreen = window.findChild(QAction, "fullScreenAction")
    if fullscreen is not None and any(s.matches(QKeySequence("F11")) for s in fullscreen.shortcuts()):
        fullscreen.setShortcuts([QKeySequence("Shift+F11")])  # F11 is presentation mode now

    action = QAction(_tr("&Presentation Mode"), window)
    action.setObjectName("presentationAction")
    action.setCheckable(True)
    action.setShortcut(QKeySequence("F11"))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    tip = _tr("Full screen, larger text, thicker lines and only the essential panels, for a projector (F11)")
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.toggled.connect(mode.set_active)
    mode.toggled.connect(lambda on: _set_checked(action, on))

    contrast = QAction(_tr("High-Contrast Colour &Maps"), window)
    contrast.setObjectName("highContrastAction")
    contrast.setCheckable(True)
    tip = _tr("Stronger, colour-blind-safe colours in the plots")
    contrast.setToolTip(tip)
    contrast.setStatusTip(tip)
    maps = colour_map_settings()
    saved = bool(settings.high_contrast_maps()) if settings is not None else False
    contrast.setChecked(saved or maps.high_contrast)
    contrast.toggled.connect(lambda on: _set_high_contrast(settings, on))
    mode.contrast_action = contrast

    menu.addSeparator()
    menu.addAction(action)
    menu.addAction(contrast)
    window.addAction(action)  # the shortcut works even while the menu bar is hidden
    window.presentation = mode
    window.presentation_action = action
    window.high_contrast_action = contrast
    if contrast.isChecked():
        maps.set_high_contrast(True)
        mode._on_high_contrast_changed(True)
    return mode


def _set_checked(action: QAction, on: bool) -> None:
    if action.isChecked() != on:
        action.setChecked(on)


def _set_high_contrast(settings: Any, on: bool) -> None:
    if settings is not None:
        settings.set_high_contrast_maps(on)
    colour_map_settings().set_high_contrast(on)


# ---------------------------------------------------------------------- keyboard shortcuts


def _plain(text: str) -> str:
    """A menu text without its accelerator: ``&File`` → ``File``, ``파일(&F)`` → ``파일`` (``&&`` → ``&``)."""
    text = re.sub(r"\s*\(&[^&\s]\)", "", text)
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def shortcut_rows(window: QWidget) -> list[tuple[str, str, str]]:
    """``(menu, command, keys)`` for every action of ``window`` with a shortcut, in menu order."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def keys(action: QAction) -> str:
        return ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts())

    def walk(menu: QMenu, path: str) -> None:
        for action in menu.actions():
            sub = action.menu()
            if sub is not None:
                walk(sub, f"{path} ▸ {_plain(action.text())}" if path else _plain(action.text()))
                continue
            if action.shortcuts() and id(action) not in seen:
                seen.add(id(action))
                rows.append((path, _plain(action.text()), keys(action)))

    bar = window.menuBar() if isinstance(window, QMainWindow) else None
    if bar is not None:
        for top in bar.actions():
            if top.menu() is not None:
                walk(top.menu(), _plain(top.text()))
    for action in window.findChildren(QAction):
        if action.shortcuts() and id(action) not in seen and action.text():
            seen.add(id(action))
            rows.append(("", _plain(action.text()), keys(action)))
    return rows


class ShortcutsDialog(QDialog):
    """Help ▸ Keyboard Shortcuts: every action that has a shortcut, made from the actions themselves."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard Shortcuts"))
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr("Function keys and Ctrl combinations also work while a Korean input method is in Hangul mode."),
            self,
        )
        note.setObjectName("shortcutsNote")
        note.setWordWrap(True)
        layout.addWidget(note)
        rows = shortcut_rows(window)
        table = QTableWidget(len(rows), 3, self)
        table.setObjectName("shortcutsTable")
        table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Command"), self.tr("Menu")])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        for r, (menu, command, keys) in enumerate(rows):
            for c, text in enumerate((keys, command, menu)):
                item = QTableWidgetItem(text)
                if c == 0:
                    bold = item.font()
                    bold.setBold(True)
                    item.setFont(bold)
                table.setItem(r, c, item)
        table.setCurrentCell(-1, -1)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.setObjectName("shortcutsButtons")
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.table = table
        self.rows = rows
        metrics = self.fontMetrics()
        table.verticalHeader().setDefaultSectionSize(metrics.height() + 10)
        table.resizeColumnsToContents()
        screen = window.screen().availableGeometry() if window.screen() is not None else None
        tallest = int(screen.height() * 0.85) if screen is not None else 900
        wanted = (
            table.verticalHeader().length()
            + table.horizontalHeader().height()
            + note.sizeHint().height()
            + buttons.sizeHint().height()
            + 60
        )
        self.resize(max(560, metrics.averageCharWidth() * 80), min(tallest, wanted))

    def keys(self) -> list[str]:
        return [row[2] for row in self.rows]


def install_help(window: QMainWindow) -> QAction:
    """Add Help ▸ Keyboard Shortcuts… (F1); returns the action."""
    existing = window.findChild(QAction, "shortcutsAction")
    if existing is not None:
        return existing
    menu = _find_menu(window, "helpMenu", ["&Help", "Help", QCoreApplication.translate("MainWindow", "&Help")])
    if menu is None:
        menu = window.menuBar().addMenu(QCoreApplication.translate("MainWindow", "&Help"))
        menu.setObjectName("helpMenu")
    action = QAction(_tr("&Keyboard Shortcuts…"), window)
    action.setObjectName("shortcutsAction")
    action.setShortcut(QKeySequence("F1"))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    tip = _tr("Every keyboard shortcut of the window (F1)")
    action.setToolTip(tip)
    action.setStatusTip(tip)
    first = menu.actions()[0] if menu.actions() else None
    menu.insertAction(first, action)
    if first is not None:
        menu.insertSeparator(first)
    window.addAction(action)

    def show() -> None:
        dialog = ShortcutsDialog(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.shortcuts_dialog = dialog
        dialog.open()

    action.triggered.connect(show)
    return action


def single_key_shortcuts(root: QWidget) -> list[str]:
    """``"objectName: key"`` for every action or QShortcut under ``root`` bound to a printable key
    without Ctrl/Alt/Meta (those do not fire under a Korean IME in Hangul mode)."""
    bad = []
    modifiers = (
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
    )
    items: list[tuple[str, list[QKeySequence]]] = [
        (a.objectName() or a.text(), list(a.shortcuts())) for a in root.findChildren(QAction)
    ]
    items += [(s.objectName() or "QShortcut", [s.key()]) for s in root.findChildren(QShortcut)]
    for name, sequences in items:
        for seq in sequences:
            for i in range(seq.count()):
                combo = seq[i]
                key = int(combo.key().value) if hasattr(combo.key(), "value") else int(combo.key())
                if 0x20 <= key <= 0xFF and not combo.keyboardModifiers() & modifiers:
                    bad.append(f"{name}: {seq.toString(QKeySequence.SequenceFormat.PortableText)}")
    return bad
