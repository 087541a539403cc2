"""Exports of a design (fresh or trained weights) to PyTorch code, Keras code or ONNX.

``export_design(source, fmt, out_path)``:

- ``source``: a :class:`~engine.spec.DesignSpec` (weights drawn fresh from the design's
  seed, as :class:`~engine.network.Network` draws them), a
  :class:`~engine.checkpoint.Checkpoint`, a path to a design file or trained snapshot,
  or anything with a built ``network`` and its ``design`` (the app's trainer).
- ``fmt``: ``"pytorch"`` or ``"keras"`` write a runnable script ``OUT.py`` plus
  ``OUT.weights.npz`` (``.py`` is added to ``out_path`` when missing); ``"onnx"`` writes
  one ONNX model (opset 17) to ``out_path`` and needs the optional ``onnx`` package.

Returns the written paths. Every failure is a :class:`~engine.errors.PlaygroundError`
(:class:`ExportError`, ``DesignError``, ``SnapshotError``) with a one-line message, or an
``OSError`` from writing. Nothing here imports PyTorch, Keras or Qt.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from engine.export.common import FORMATS, ExportError, ExportSource, Shape, load_source

__all__ = ["FORMATS", "ExportError", "ExportSource", "export_design", "export_source", "load_source"]


def export_design(
    source: Any,
    fmt: str,
    out_path: str | os.PathLike[str],
    *,
    input_shape: Shape | None = None,
) -> list[Path]:
    """Write ``source`` in format ``fmt`` to ``out_path``; returns the files written.

    ``input_shape`` (one sample, e.g. ``(2,)`` or ``(1, 28, 28)``) overrides the shape
    taken from the design's data set.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; expected one of: {', '.join(FORMATS)}")
    src = load_source(source, input_shape, fmt)
    return export_source(src, fmt, out_path)


def export_source(src: ExportSource, fmt: str, out_path: str | os.PathLike[str]) -> list[Path]:
    """Write an already resolved :class:`ExportSource`."""
    if fmt == "pytorch":
        from engine.export.pytorch import export_pytorch

        return export_pytorch(src, out_path)
    if fmt == "keras":
        from engine.export.keras import export_keras

        return export_keras(src, out_path)
    if fmt == "onnx":
        from engine.export.onnx_export import export_onnx

        return export_onnx(src, out_path)
    raise ExportError(f"unknown export format {fmt!r}; expected one of: {', '.join(FORMATS)}")
