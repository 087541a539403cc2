"""Data sets: the 2-D Playground generators, MNIST and other IDX image folders, and CSV files.

Everything here is NumPy only and deterministic: the same DataSpec gives bit-identical
arrays. Every bad input ends in a :class:`engine.errors.DataError` with a specific message.
"""

from __future__ import annotations

from engine.data.dataset import Dataset
from engine.data.features import expand_features
from engine.data.idx import read_idx
from engine.data.loader import dataset_input_shape, dataset_task, load_dataset
from engine.data.paths import default_assets_dir

__all__ = [
    "Dataset",
    "dataset_input_shape",
    "dataset_task",
    "default_assets_dir",
    "expand_features",
    "load_dataset",
    "read_idx",
]
