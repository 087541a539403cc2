"""Analysis views shown as tabs of the main window, each fed by its own training probe.

- :class:`CnnFiltersView` (``cnnFiltersView``): every Conv2D layer's filters and its
  feature maps for a test image the user picks;
- :class:`DenseWeightsView` (``denseWeightsView``): the first Dense layer's weights as
  images when it reads the pixels (e.g. the MNIST MLP);
- :class:`GradientFlowView` (``gradientFlowView``): per-layer gradient norms and
  update-to-weight ratios over the training steps;
- :class:`ConfusionView` (``confusionView``): the confusion matrix on the test set and
  the misclassified test images.

``install_analysis_views(window)`` is the one call the main window makes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from playground.views.common import EXPORT_WIDTH, AnalysisView
from playground.views.confusion_view import ConfusionView
from playground.views.dense_view import DenseWeightsView
from playground.views.filters_view import CnnFiltersView
from playground.views.gradient_view import GradientFlowView

__all__ = [
    "EXPORT_WIDTH",
    "AnalysisView",
    "CnnFiltersView",
    "ConfusionView",
    "DenseWeightsView",
    "GradientFlowView",
    "install_analysis_views",
]


def install_analysis_views(window: Any) -> list[QWidget]:
    """Create the analysis views, add each as a tab (``window.add_view(widget, title)``), register
    its probe with ``window.controller`` and connect ``controller.snapshot_ready`` to it.

    Returns the views in tab order: CNN filters, weight images, gradient flow, confusion matrix.
    Calling it again for the same window returns the views it already has (no second set of tabs).
    """
    existing = getattr(window, "analysis_views", None)
    if existing:
        return list(existing)
    controller = window.controller
    views: list[AnalysisView] = [
        CnnFiltersView(window),
        DenseWeightsView(window),
        GradientFlowView(window),
        ConfusionView(window),
    ]
    for view in views:
        window.add_view(view, view.title)
        view.attach(controller)
    window.analysis_views = list(views)
    return list(views)
