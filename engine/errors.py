"""The engine's own error types: every bad input ends in one of these, never a traceback."""

from __future__ import annotations


class PlaygroundError(Exception):
    """Base class of every error the engine raises on purpose."""


class DesignError(PlaygroundError):
    """A design is invalid; `field` names the offending place (e.g. ``network.layers[2].units``)."""

    def __init__(self, message: str, field: str | None = None, layer_id: str | None = None):
        self.field = field
        self.layer_id = layer_id
        self.detail = message
        prefix = ""
        if layer_id is not None and (field is None or layer_id not in field):
            prefix = f"layer {layer_id}: "
        if field:
            prefix += f"{field}: "
        super().__init__(prefix + message)


class DataError(PlaygroundError):
    """A data set cannot be read or generated (bad CSV, missing IDX file, ...)."""


class BackendError(PlaygroundError):
    """The requested compute backend is not usable."""


class SnapshotError(PlaygroundError):
    """A trained-state file is malformed, hostile or does not match its design."""


class TrainingDiverged(PlaygroundError):
    """The loss became NaN or infinite."""

    def __init__(self, message: str, epoch: int, step: int):
        self.epoch = epoch
        self.step = step
        super().__init__(message)
