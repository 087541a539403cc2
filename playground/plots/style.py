"""Shared look of the live views: projector-sized axis text and the sign colours.

Sign colours follow TensorFlow Playground and stay apart with the common colour-vision
deficiencies (an Okabe-Ito blue/orange pair): **blue is positive** (and class 1 of two),
**orange is negative** (and class 0), near-white is zero. The neuron diagram's links,
the neurons' pictures and the two-class decision boundary all use them, so a teacher can
say "blue means positive" once for the whole window.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QFont, QImage

POSITIVE_HEX = "#0072B2"  # Okabe-Ito blue
NEGATIVE_HEX = "#E07B00"  # a deeper Okabe-Ito orange (reads on white and on a projector)
ZERO_HEX = "#F7F7F7"
TICK_POINT_SIZE = 12.0
LABEL_POINT_SIZE = 13.0


def _hex_rgb(colour: str) -> np.ndarray:
    c = pg.mkColor(colour)
    return np.array([c.red(), c.green(), c.blue()], dtype=np.float64)


def diverging_rgb(
    n: int = 256, lighten: float = 0.0, colours: tuple[str, str, str] = (NEGATIVE_HEX, ZERO_HEX, POSITIVE_HEX)
) -> np.ndarray:
    """``(n, 3)`` uint8 colours from orange (index 0) through near-white to blue (index n-1).

    ``lighten`` blends every colour that share of the way towards white (for backgrounds
    that points in the pure end colours must stand out from); ``colours`` are the
    negative, zero and positive ends (the high-contrast maps use darker ones).
    """
    t = np.linspace(-1.0, 1.0, n)[:, None]
    neg, zero, pos = (_hex_rgb(c) for c in colours)
    # ease the blend so small values already show a clear tint (as TF Playground does)
    a = np.abs(t) ** 0.8
    rgb = np.where(t < 0, zero + (neg - zero) * a, zero + (pos - zero) * a)
    rgb += (255.0 - rgb) * lighten
    return np.clip(np.round(rgb), 0, 255).astype(np.uint8)


def diverging_argb(
    n: int = 256, colours: tuple[str, str, str] = (NEGATIVE_HEX, ZERO_HEX, POSITIVE_HEX)
) -> np.ndarray:
    """The same ramp as ``(n,)`` uint32 ``0xFFRRGGBB`` values (a QImage RGB32 lookup table)."""
    return rgb_to_argb(diverging_rgb(n, colours=colours))


def rgb_to_argb(rgb: np.ndarray) -> np.ndarray:
    """``(n, 3)`` or ``(n, 4)`` uint8 colours as opaque ``(n,)`` uint32 ``0xFFRRGGBB`` (alpha dropped)."""
    c = np.asarray(rgb)[:, :3].astype(np.uint32)
    return (np.uint32(0xFF000000) | (c[:, 0] << 16) | (c[:, 1] << 8) | c[:, 2]).astype(np.uint32)


def diverging_colour_map(lighten: float = 0.0) -> pg.ColorMap:
    """The ramp as a pyqtgraph colour map over [0, 1] (0 orange, 0.5 white, 1 blue)."""
    rgb = diverging_rgb(33, lighten)
    return pg.ColorMap(np.linspace(0.0, 1.0, len(rgb)), rgb, name="playground sign (orange-blue)")


def style_plot(plot: pg.PlotItem) -> None:
    """Axis numbers of at least 12 pt and labels of 13 pt, readable from the back of a classroom."""
    tick_font = QFont()
    tick_font.setPointSizeF(TICK_POINT_SIZE)
    for side in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(side)
        axis.setStyle(tickFont=tick_font, tickTextOffset=6)
        axis.setTextPen(pg.mkPen("#37414B"))
        axis.setPen(pg.mkPen("#7B8794", width=1))
        axis.labelStyle = {**axis.labelStyle, "font-size": f"{LABEL_POINT_SIZE:g}pt", "color": "#37414B"}
        if axis.label is not None and axis.labelText:
            axis._updateLabel()


class Rgb32ImageItem(pg.ImageItem):
    """An ImageItem whose rendered QImage is converted once to a 32-bit format: Qt's software
    rasteriser draws a scaled Indexed8 (or RGB888) image several times slower than an (A)RGB32 one."""

    def render(self) -> None:
        super().render()
        image = self.qimage
        fast = (QImage.Format.Format_RGB32, QImage.Format.Format_ARGB32_Premultiplied)
        if image is not None and image.format() not in fast:
            target = fast[1] if image.hasAlphaChannel() else fast[0]
            self.qimage = image.convertToFormat(target)
