"""Keeps the editor's neuron diagram live during training, and lets a person edit one weight or bias.

While the editor draws a :class:`~playground.widgets.neuron_diagram.NeuronDiagram`, two
probes run in the training thread with every snapshot (see
:mod:`playground.widgets.neuron_probes`): the Dense kernels and biases colour and size
the links, and each neuron's coloured output over the input plane fills its circle.
Without a diagram (big or convolutional networks, image data, "Show Neurons" off) the
probes are unregistered and cost nothing.

The pictures follow the high-contrast setting (:func:`playground.presentation.colour_map_settings`):
the maps probe colours with the matching ramp, and a switch recolours what is shown at
once. While the editor is hidden or has no visible area, snapshots only leave their
latest weights and pictures behind; they are drawn as soon as it shows again.

A click on a neuron or link opens a :class:`~playground.widgets.parameter_popup.ParameterPopup`;
a value typed there goes to ``TrainingController.set_parameter`` and is applied in the
worker before its next step (a paused run sends a snapshot of the edited network at once).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QTimer, Signal

from engine.probes import Probe, ProbeFailure, Snapshot
from playground.plots.style import NEGATIVE_HEX, POSITIVE_HEX
from playground.presentation import colour_map_settings, sign_colours, sign_palette
from playground.widgets.neuron_diagram import LinkItem, NeuronDiagram, NeuronItem
from playground.widgets.neuron_probes import NeuronMaps, NeuronMapsProbe, NeuronWeightsProbe
from playground.widgets.parameter_popup import ParameterPopup

MAPS_PROBE = "neuron_maps"
WEIGHTS_PROBE = "neuron_weights"
# Both probes run at most 10 times a second (and always for a paused run's snapshot), in
# step, so the diagram repaints once per update. Pictures and link widths change slowly,
# so this still looks live, and a third of the snapshot rate cuts the diagram's share
# of the GUI thread (painting and, above all, the GIL hand-overs it costs the training
# thread) to a third; see benchmarks/live_views.py.
DIAGRAM_INTERVAL_S = 0.1


def _neuron_name(diagram: NeuronDiagram, key: str, index: int) -> str:
    if key == "input":
        return diagram.neuron(key, index).label or f"input {index + 1}"
    text = QCoreApplication.translate("NeuronLiveView", "neuron %1 of %2")
    return text.replace("%1", str(index + 1)).replace("%2", key)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


class NeuronLiveView(QObject):
    """Glue between the controller's snapshots, the editor's neuron diagram and the value popup."""

    message = Signal(str)  # a line for the status bar ("Weight L2 3→5 set to 0.500")

    def __init__(self, editor: Any, controller: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("neuronLiveView")
        self.editor = editor
        self.controller = controller
        self.popup = ParameterPopup(editor)
        self._maps_fn = NeuronMapsProbe()
        self._maps_probe = Probe(self._maps_fn, DIAGRAM_INTERVAL_S)
        self._weights_probe = Probe(NeuronWeightsProbe(), DIAGRAM_INTERVAL_S)
        self._registered = False
        self._floor = -1
        self._target: tuple[Any, ...] | None = None  # ("neuron", key, i) or ("link", key, src, dst)
        self.maps_shown = 0  # snapshots whose neuron pictures were drawn
        self.weights_shown = 0
        self.last_failure: str | None = None
        self._high_contrast = False
        self._palette: tuple[str, np.ndarray] = sign_palette(False)
        self._maps: NeuronMaps | None = None  # the latest pictures (drawn, or waiting for the editor to show)
        self._pending: dict[str, Any] = {}  # what arrived while the editor was hidden
        self._watching = False
        settings = colour_map_settings()
        settings.changed.connect(self._on_high_contrast)
        self._on_high_contrast(settings.high_contrast)
        editor.diagram_rebuilt.connect(self._on_diagram_rebuilt)
        editor.neuron_clicked.connect(self.open_neuron)
        editor.link_clicked.connect(self.open_link)
        self.popup.value_submitted.connect(self._on_value_submitted)
        self.popup.closed.connect(self._on_popup_closed)
        self._on_diagram_rebuilt()

    # ---------------------------------------------------------------- snapshots

    @property
    def diagram(self) -> NeuronDiagram | None:
        return self.editor.neuron_diagram

    @property
    def probes_registered(self) -> bool:
        return self._registered

    def set_min_revision(self, revision: int) -> None:
        """Ignore snapshots of older designs (call it after a structural edit)."""
        self._floor = max(self._floor, int(revision))

    def update_snapshot(self, snapshot: Snapshot) -> bool:
        """Draw the weights and neuron pictures the snapshot carries; False when it had none to draw."""
        diagram = self.diagram
        if diagram is None or snapshot.revision < self._floor:
            return False
        extras = snapshot.extras
        weights = extras.get(WEIGHTS_PROBE)
        maps = extras.get(MAPS_PROBE)
        for value in (weights, maps):
            if isinstance(value, ProbeFailure):
                self.last_failure = value.message
        if not isinstance(weights, dict) and not isinstance(maps, NeuronMaps):
            return False
        if not self._editor_shown():
            if isinstance(weights, dict):
                self._pending[WEIGHTS_PROBE] = weights
            if isinstance(maps, NeuronMaps):
                self._pending[MAPS_PROBE] = maps
            self._watch_editor(True)
            return False
        self._draw(weights, maps)
        return True

    def _draw(self, weights: Any, maps: Any) -> None:
        diagram = self.diagram
        if diagram is None:
            return
        if isinstance(weights, dict):
            diagram.set_weights(weights)
            self.weights_shown += 1
        if isinstance(maps, NeuronMaps):
            self._maps = maps
            images = self._coloured(maps)
            # the columns as the training thread laid them out, unless recoloured here
            diagram.set_maps(images, maps.strips if images is maps.images else None)
            self.maps_shown += 1
        if self.popup.isVisible():
            self._refresh_popup(values_only=True)

    def _coloured(self, maps: NeuronMaps) -> dict[str, np.ndarray]:
        """The maps' pictures in the current palette (recoloured here if the worker used another)."""
        name, lut = self._palette
        if maps.palette == name or not maps.indices:
            return maps.images
        return {key: lut.take(idx) for key, idx in maps.indices.items()}

    def _on_high_contrast(self, on: bool) -> None:
        """Colour the neuron pictures with the (high-contrast) sign ramp from now on, and redraw them."""
        self._high_contrast = bool(on)
        self._palette = sign_palette(self._high_contrast)
        self._maps_fn.set_palette(*self._palette)
        diagram = self.diagram
        if self._maps is not None and diagram is not None:
            diagram.set_maps(self._coloured(self._maps))
            if self.popup.isVisible():
                self._refresh_popup(values_only=False)

    # ---------------------------------------------------------------- a hidden editor

    def _editor_shown(self) -> bool:
        editor = self.editor
        return editor.isVisible() and not editor.viewport().visibleRegion().isEmpty()

    def _watch_editor(self, on: bool) -> None:
        """Listen for the editor showing again (only while it is hidden: it gets many events)."""
        if on == self._watching:
            return
        self._watching = on
        for widget in (self.editor, self.editor.viewport()):
            if on:
                widget.installEventFilter(self)
            else:
                widget.removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Show, QEvent.Type.Resize, QEvent.Type.Paint):
            QTimer.singleShot(0, self._draw_pending)  # once the show or resize has taken effect
        return False

    def _draw_pending(self) -> None:
        if not self._watching or not self._editor_shown():
            return
        self._watch_editor(False)
        pending, self._pending = self._pending, {}
        self._draw(pending.get(WEIGHTS_PROBE), pending.get(MAPS_PROBE))

    def _on_diagram_rebuilt(self) -> None:
        diagram = self.diagram
        self._pending = {}  # pictures of the old diagram's network
        want = diagram is not None
        if want != self._registered:
            self._registered = want
            self.controller.set_probe(MAPS_PROBE, self._maps_probe if want else None)
            self.controller.set_probe(WEIGHTS_PROBE, self._weights_probe if want else None)
        if self._target is not None:
            if self._target_item() is None:
                self.popup.hide()
            else:
                self._refresh_popup(values_only=True)

    # ---------------------------------------------------------------- clicks

    def open_neuron(self, key: str, index: int) -> None:
        """Show one neuron's picture and bias (editable unless it is an input or has no bias)."""
        diagram = self.diagram
        if diagram is None:
            return
        self._target = ("neuron", key, index)
        self._refresh_popup(values_only=False)
        self._show_popup_at(diagram.neuron(key, index))

    def open_link(self, key: str, src: int, dst: int) -> None:
        """Show one weight (editable)."""
        diagram = self.diagram
        if diagram is None:
            return
        link = next((x for x in diagram.links(key) if x.src == src and x.dst == dst), None)
        if link is None:
            return
        self._target = ("link", key, src, dst)
        self._refresh_popup(values_only=False)
        self._show_popup_at(link)

    def _target_item(self) -> NeuronItem | LinkItem | None:
        diagram, target = self.diagram, self._target
        if diagram is None or target is None:
            return None
        if target[0] == "neuron":
            neurons = diagram.neurons(target[1])
            return neurons[target[2]] if target[2] < len(neurons) else None
        return next((x for x in diagram.links(target[1]) if (x.src, x.dst) == target[2:]), None)

    def _show_popup_at(self, item: NeuronItem | LinkItem) -> None:
        editor = self.editor
        scene_point = item.mapToScene(item.line().center()) if isinstance(item, LinkItem) else item.scenePos()
        view_point = editor.mapFromScene(scene_point)
        global_point: QPoint = editor.viewport().mapToGlobal(view_point)
        self.diagram.set_highlight(item)
        self.popup.popup_at(global_point)

    def _refresh_popup(self, values_only: bool) -> None:
        diagram, target, popup = self.diagram, self._target, self.popup
        item = self._target_item()
        if diagram is None or target is None or item is None:
            return
        if values_only:
            if isinstance(item, NeuronItem):
                popup.set_current(item.bias)
                popup.set_image(diagram.map_image(item.key, item.index))
            else:
                popup.set_current(item.weight)
            if popup.isVisible():
                diagram.set_highlight(item)
            return
        if isinstance(item, NeuronItem):
            key, index = target[1], target[2]
            caption = self.tr(
                "Output over the input plane: <b style='color:#E07B00'>orange</b> negative, "
                "white zero, <b style='color:#0072B2'>blue</b> positive."
            )
            negative, positive = sign_colours(self._high_contrast)
            caption = caption.replace(NEGATIVE_HEX, negative).replace(POSITIVE_HEX, positive)
            if key == "input":
                popup.show_values(
                    self.tr("Input %1").replace("%1", _neuron_name(diagram, key, index)),
                    "",
                    None,
                    editable=False,
                    image=diagram.map_image(key, index),
                    caption=self.tr("The feature's value over the input plane. Inputs have no bias."),
                    show_image=True,
                )
                return
            layer = self.editor.document.layer(key)
            has_bias = layer is None or bool(layer.get("use_bias"))
            popup.show_values(
                _capitalised(_neuron_name(diagram, key, index)),
                self.tr("Bias") if has_bias else "",
                item.bias,
                editable=has_bias,
                image=diagram.map_image(key, index),
                caption=caption if has_bias else caption + " " + self.tr("This layer has no bias."),
                show_image=True,
            )
        else:
            key, src, dst = target[1], target[2], target[3]
            previous = diagram.columns[[c.key for c in diagram.columns].index(key) - 1]
            title = self.tr("Weight: %1 → %2").replace(
                "%1", _neuron_name(diagram, previous.key, src)
            ).replace("%2", _neuron_name(diagram, key, dst))
            popup.show_values(
                title,
                self.tr("Weight"),
                item.weight,
                editable=True,
                caption=self.tr(
                    "<b style='color:#0072B2'>Blue</b> links are positive weights, "
                    "<b style='color:#E07B00'>orange</b> ones negative; thicker is larger."
                ),
            )

    def _on_value_submitted(self, value: float) -> None:
        target = self._target
        if target is None:
            return
        if target[0] == "neuron":
            _, key, index = target
            if key == "input":
                return
            self.controller.set_parameter(key, "b", (index,), value)
            what = self.tr("Bias of %1").replace("%1", _neuron_name(self.diagram, key, index)) if self.diagram else key
        else:
            _, key, src, dst = target
            self.controller.set_parameter(key, "W", (src, dst), value)
            what = self.tr("Weight %1 %2→%3").replace("%1", key).replace("%2", str(src + 1)).replace(
                "%3", str(dst + 1)
            )
        self.message.emit(self.tr("%1 set to %2").replace("%1", what).replace("%2", f"{value:.3f}"))

    def _on_popup_closed(self) -> None:
        self._target = None
        diagram = self.diagram
        if diagram is not None:
            diagram.set_highlight(None)
