"""Live plots fed by training snapshots: the loss curves and the decision boundary."""

from playground.plots.boundary_plot import BoundaryPlot
from playground.plots.loss_plot import LossPlot

__all__ = ["BoundaryPlot", "LossPlot"]
