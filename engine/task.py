"""How labels become training targets, and outputs become class predictions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TaskCoding:
    """Target coding for one network output: classes in the output activation's range."""

    task: str  # "classification" | "regression"
    n_classes: int
    units: int
    output_activation: str | None

    @property
    def low(self) -> float:
        """The 'no' value of a class target: -1 for tanh outputs (as in the Playground), else 0."""
        return -1.0 if self.output_activation == "tanh" else 0.0

    @property
    def threshold(self) -> float:
        """A single output unit means class 1 above this value."""
        return 0.0 if self.output_activation == "tanh" else 0.5

    def encode(self, labels: np.ndarray) -> np.ndarray:
        """(N,) labels or targets -> (N, units) float32 targets."""
        if self.task == "regression":
            return labels.astype(np.float32).reshape(-1, 1)
        labels = labels.astype(np.int64)
        if self.units == 1:
            t = labels.astype(np.float32).reshape(-1, 1)
        else:
            t = np.zeros((len(labels), self.units), dtype=np.float32)
            t[np.arange(len(labels)), labels] = 1.0
        if self.low != 0.0:
            t = t * (1.0 - self.low) + self.low
        return t

    def predict_classes(self, xp, outputs):
        """(N, units) outputs -> (N,) predicted class indices."""
        if self.units == 1:
            return (outputs[:, 0] > self.threshold).astype(np.int64)
        return xp.argmax(outputs, axis=1)
