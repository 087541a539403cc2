"""Training in the background: the worker thread and its GUI-side controller."""

from playground.training.controller import TrainingController
from playground.training.worker import TrainingWorker

__all__ = ["TrainingController", "TrainingWorker"]
