"""Seeded shuffling and the train/test split shared by the generated and CSV data sets."""

from __future__ import annotations

import math

import numpy as np


def train_count(n: int, train_fraction: float) -> int:
    """How many of ``n`` samples go to training: floor(n * fraction), kept within 1..n-1."""
    return min(max(math.floor(n * train_fraction), 1), n - 1)


def shuffled_split(rng: np.random.Generator, n: int, train_fraction: float) -> tuple[np.ndarray, np.ndarray]:
    """Shuffle ``range(n)`` with ``rng`` and cut it into train and test index arrays."""
    order = rng.permutation(n)
    cut = train_count(n, train_fraction)
    return order[:cut], order[cut:]
