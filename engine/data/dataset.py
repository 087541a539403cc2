"""The loaded data set value that every loader returns."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Dataset:
    """Train and test arrays plus what the network and the views need to know about them.

    ``x_*`` are float32: ``(N, F)`` for 2-D and CSV data, ``(N, 1, H, W)`` with values in
    [0, 1] for images. ``y_*`` are int64 class labels 0..k-1 for classification and
    float32 ``(N,)`` targets for regression. ``raw_*`` hold the 2-D sets' ``(N, 2)``
    points before feature expansion (for plotting) and are ``None`` otherwise.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    task: str
    n_classes: int
    input_shape: tuple[int, ...]
    feature_names: tuple[str, ...]
    class_names: tuple[str, ...]
    raw_train: np.ndarray | None = None
    raw_test: np.ndarray | None = None
