"""Dispatch from a DataSpec to the generator or reader of its data set."""

from __future__ import annotations

from pathlib import Path

from engine import catalog
from engine.data.csv_table import csv_input_shape, csv_task, load_csv
from engine.data.custom import load_custom, task_custom
from engine.data.dataset import Dataset
from engine.data.features import check_features
from engine.data.images import image_input_shape, image_task, load_images
from engine.data.synthetic import load_2d, task_2d
from engine.errors import DataError
from engine.spec import DataSpec

_2D = catalog.CLASSIFICATION_2D + catalog.REGRESSION_2D


def _kind(spec: DataSpec) -> str:
    """"2d", "custom", "image" or "csv" for a known data set name, else DataError."""
    if spec.dataset in _2D:
        return "2d"
    if spec.dataset in catalog.CUSTOM_2D:
        return "custom"
    if spec.dataset in catalog.IMAGE_DATASETS:
        return "image"
    if spec.dataset == "csv":
        return "csv"
    raise DataError(f"unknown data set {spec.dataset!r}; expected one of: {', '.join(catalog.DATASETS)}")


def load_dataset(spec: DataSpec, assets_dir: Path | None = None) -> Dataset:
    """Generate or read the data set ``spec`` describes; the same spec always gives the same arrays."""
    kind = _kind(spec)
    if kind == "2d":
        return load_2d(spec)
    if kind == "custom":
        return load_custom(spec)
    if kind == "image":
        return load_images(spec, assets_dir)
    return load_csv(spec)


def dataset_input_shape(spec: DataSpec, assets_dir: Path | None = None) -> tuple[int, ...]:
    """The per-sample input shape, without generating data (CSV and IDX: headers only)."""
    kind = _kind(spec)
    if kind in ("2d", "custom"):
        return (len(check_features(spec.features)),)
    if kind == "image":
        return image_input_shape(spec, assets_dir)
    return csv_input_shape(spec)


def dataset_task(spec: DataSpec, assets_dir: Path | None = None) -> tuple[str, int]:
    """(task, n_classes) without generating data (CSV: scans the label column; IDX: the label files)."""
    kind = _kind(spec)
    if kind == "2d":
        return task_2d(spec)
    if kind == "custom":
        return task_custom(spec)
    if kind == "image":
        return image_task(spec, assets_dir)
    return csv_task(spec)
