"""The palette, the network editor, the neuron diagram and the inspector, driven like a person would."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QSpinBox

from engine import catalog
from engine.spec import LayerSpec
from playground.document import DesignDocument, find_layer
from playground.widgets.inspector import LayerInspector
from playground.widgets.network_editor import NetworkEditor
from playground.widgets.neuron_diagram import NEGATIVE_COLOR, NEUTRAL_COLOR, POSITIVE_COLOR
from playground.widgets.palette import LAYER_MIME, ROLE_TYPE, LayerPalette


def ids(doc: DesignDocument) -> list[str]:
    return [layer.id for layer in doc.spec.layers]


@pytest.fixture
def editor(qtbot: Any, document: DesignDocument) -> NetworkEditor:
    view = NetworkEditor(document)
    qtbot.addWidget(view)
    view.resize(1000, 420)
    view.show()
    qtbot.waitExposed(view)
    yield view
    view.close()


def _point(cls: type, pos: QPoint, *args: Any) -> Any:
    """Build a drag/drop event: QPointF where the binding accepts it, else QPoint (PySide6 6.11)."""
    try:
        return cls(QPointF(pos), *args)
    except TypeError:
        return cls(pos, *args)


def drop(view: NetworkEditor, mime: QMimeData, scene_pos: QPointF) -> tuple[bool, bool, bool]:
    """Send enter, move and drop at ``scene_pos``; returns whether each was accepted."""
    pos = view.mapFromScene(scene_pos)
    viewport = view.viewport()
    actions = Qt.DropAction.CopyAction
    buttons = Qt.MouseButton.LeftButton
    mods = Qt.KeyboardModifier.NoModifier
    enter = _point(QDragEnterEvent, pos, actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    move = _point(QDragMoveEvent, pos, actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, move)
    ev = _point(QDropEvent, pos, actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, ev)
    return enter.isAccepted(), move.isAccepted(), ev.isAccepted()


def layer_mime(name: str) -> QMimeData:
    mime = QMimeData()
    mime.setData(LAYER_MIME, name.encode("utf-8"))
    return mime


def view_point(view: NetworkEditor, scene_pos: QPointF) -> QPoint:
    return view.mapFromScene(scene_pos)


# ---------------------------------------------------------------- palette


def test_palette_lists_every_layer_type_grouped_with_help(qtbot: Any) -> None:
    palette = LayerPalette()
    qtbot.addWidget(palette)
    assert sorted(palette.type_names()) == sorted(catalog.LAYER_TYPES)
    assert palette.topLevelItemCount() == len(catalog.LAYER_CATEGORIES)
    conv = palette.item_for("conv2d")
    assert conv.parent().text(0) == "Convolution"
    assert conv.toolTip(0) == catalog.LAYER_TYPES["conv2d"].help
    assert not conv.icon(0).isNull()
    assert palette.topLevelItem(3).text(0) == "Normalisation and regularisation"


def test_palette_drag_carries_only_the_registry_name(qtbot: Any) -> None:
    palette = LayerPalette()
    qtbot.addWidget(palette)
    assert palette.mimeTypes() == [LAYER_MIME]
    mime = palette.mimeData([palette.item_for("maxpool2d")])
    assert mime.formats() == [LAYER_MIME]
    assert bytes(mime.data(LAYER_MIME).data()) == b"maxpool2d"
    group = palette.topLevelItem(0)
    assert group.data(0, ROLE_TYPE) is None
    assert palette.mimeData([group]) is None


def test_palette_double_click_emits_the_type(qtbot: Any) -> None:
    palette = LayerPalette()
    qtbot.addWidget(palette)
    with qtbot.waitSignal(palette.layer_activated) as blocker:
        palette.itemActivated.emit(palette.item_for("dropout"), 0)
    assert blocker.args == ["dropout"]


# ---------------------------------------------------------------- editor: blocks


def test_blocks_show_type_settings_shape_and_params(editor: NetworkEditor) -> None:
    blocks = editor.blocks()
    assert set(blocks) == {"L1", "L2", "L3"}
    d = blocks["L2"].data_
    assert d.title == "Dense"
    assert d.subtitle == "8 units · tanh"
    assert d.shape == "→ 8"
    assert d.params == "72 params"
    assert d.error is None
    assert blocks["L1"].rect.center().x() < blocks["L2"].rect.center().x() < blocks["L3"].rect.center().x()


def test_blocks_update_live_from_the_document(editor: NetworkEditor, document: DesignDocument) -> None:
    document.set_layer_option("L1", "units", 5)
    assert editor.block("L1").data_.subtitle == "5 units · tanh"
    assert editor.block("L1").data_.params == "15 params"
    assert editor.block("L2").data_.params == "48 params"


def test_invalid_output_layer_is_drawn_red_with_the_engine_message(
    editor: NetworkEditor, document: DesignDocument
) -> None:
    document.insert_layer(3, "dense", options={"units": 10, "activation": "softmax"})
    new = document.spec.layers[-1].id
    block = editor.block(new)
    assert block.data_.error is not None
    assert "10 units" in block.data_.error and "2 classes" in block.data_.error
    assert block._colors()[1].name() == "#c62828"
    assert editor.block("L1").data_.error is None


def test_conv2d_on_2d_data_is_marked(editor: NetworkEditor, document: DesignDocument) -> None:
    document.insert_layer(0, "conv2d")
    block = editor.block(document.spec.layers[0].id)
    assert block.data_.error
    assert not document.check.ok


# ---------------------------------------------------------------- editor: drop, drag, delete


def test_drop_from_the_palette_inserts_at_the_drop_position(
    qtbot: Any, editor: NetworkEditor, document: DesignDocument
) -> None:
    accepted = drop(editor, layer_mime("dropout"), editor.scene_pos_of_gap(None, 1))
    assert accepted == (True, True, True)
    assert [layer.type for layer in document.spec.layers] == ["dense", "dropout", "dense", "dense"]
    new_id = document.spec.layers[1].id
    assert editor.selected_id == new_id
    # dropping past the last block appends
    drop(editor, layer_mime("flatten"), editor.scene_pos_of_gap(None, 4))
    assert document.spec.layers[-1].type == "flatten"
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert ids(document) == ["L1", "L2", "L3"]


def test_drop_inside_a_residual_block_adds_a_child(
    editor: NetworkEditor, document: DesignDocument, residual_spec: Any
) -> None:
    document.load_spec(residual_spec)
    container = editor.block("L4")
    assert container.data_.container
    children = [editor.block("L5"), editor.block("L6")]
    assert all(container.rect.contains(c.rect) for c in children)
    drop(editor, layer_mime("batchnorm"), editor.scene_pos_of_gap("L4", 1))
    kids = find_layer(document.spec.layers, "L4").children
    assert [c.type for c in kids] == ["dense", "batchnorm", "dense"]
    assert ids(document) == ["L1", "L4", "L2", "L3"]


def test_foreign_drops_are_refused(editor: NetworkEditor, document: DesignDocument) -> None:
    mime = QMimeData()
    mime.setText("dense")
    accepted = drop(editor, mime, editor.scene_pos_of_gap(None, 1))
    assert accepted == (False, False, False)
    assert drop(editor, layer_mime("no_such_layer"), editor.scene_pos_of_gap(None, 1))[2] is False
    assert document.undo_stack.count() == 0


def test_dragging_a_block_reorders_it(qtbot: Any, editor: NetworkEditor, document: DesignDocument) -> None:
    viewport = editor.viewport()
    start = view_point(editor, editor.block("L3").rect.center())
    target = view_point(editor, editor.scene_pos_of_gap(None, 0))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    assert editor.selected_id == "L3"
    middle = QPoint((start.x() + target.x()) // 2, start.y())
    QTest.mouseMove(viewport, middle)
    QTest.mouseMove(viewport, target)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, target)
    assert ids(document) == ["L3", "L1", "L2"]
    assert document.undo_stack.count() == 1
    assert editor.selected_id == "L3"
    document.undo_stack.undo()
    assert ids(document) == ["L1", "L2", "L3"]


def test_a_click_without_moving_only_selects(
    qtbot: Any, editor: NetworkEditor, document: DesignDocument
) -> None:
    seen: list[str] = []
    editor.layer_selected.connect(seen.append)
    pos = view_point(editor, editor.block("L2").rect.center())
    QTest.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    assert seen == ["L2"]
    assert editor.block("L2").selected
    assert document.undo_stack.count() == 0
    empty = view_point(editor, editor.block("L2").rect.bottomRight() + QPointF(5, 200))
    QTest.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, empty)
    assert seen[-1] == "" and editor.selected_id is None


def test_delete_key_removes_the_selected_block_and_undo_restores_it(
    qtbot: Any, editor: NetworkEditor, document: DesignDocument
) -> None:
    before = document.spec
    editor.select_layer("L2")
    editor.setFocus()
    QTest.keyClick(editor, Qt.Key.Key_Delete)
    assert ids(document) == ["L1", "L3"]
    assert editor.block("L2") is None and editor.selected_id is None
    document.undo_stack.undo()
    assert document.spec == before
    assert editor.block("L2") is not None


def test_residual_block_folds_and_unfolds(
    qtbot: Any, editor: NetworkEditor, document: DesignDocument, residual_spec: Any
) -> None:
    document.load_spec(residual_spec)
    toggle = view_point(editor, editor.block("L4").toggle_rect().center())
    QTest.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, toggle)
    assert find_layer(document.spec.layers, "L4").options["collapsed"] is True
    assert editor.block("L5") is None
    assert not editor.block("L4").data_.container
    assert editor.block("L4").data_.subtitle == "2 layers inside"
    toggle = view_point(editor, editor.block("L4").toggle_rect().center())
    QTest.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, toggle)
    assert editor.block("L5") is not None


def test_long_networks_wrap_into_rows_and_drops_still_land_in_order(
    qtbot: Any, document: DesignDocument
) -> None:
    view = NetworkEditor(document)
    qtbot.addWidget(view)
    view.resize(520, 600)
    view.show()
    qtbot.waitExposed(view)
    for _ in range(5):
        document.insert_layer(0, "dropout")
    assert view.neuron_diagram is None
    qtbot.waitUntil(lambda: len({b.row for b in view.blocks().values()}) > 1)
    order = [layer.id for layer in document.spec.layers]
    # the gap after the last block of the first row, and the first gap of the second row
    first_row_end = max(i for i, lid in enumerate(order) if view.block(lid).row == 0) + 1
    drop(view, layer_mime("batchnorm"), view.scene_pos_of_gap(None, first_row_end))
    types = [layer.type for layer in document.spec.layers]
    assert types[first_row_end] == "batchnorm"
    assert [layer.id for layer in document.spec.layers if layer.type != "batchnorm"] == order
    view.close()


# ---------------------------------------------------------------- neuron diagram


def test_neuron_diagram_for_small_dense_nets_only(editor: NetworkEditor, document: DesignDocument) -> None:
    diagram = editor.neuron_diagram
    assert diagram is not None
    assert len(diagram.neurons("input")) == 2
    assert [len(diagram.neurons(k)) for k in diagram.layer_keys()] == [8, 8, 1]
    assert len(diagram.links("L2")) == 64
    document.insert_layer(0, "conv2d")
    assert editor.neuron_diagram is None
    document.undo_stack.undo()
    assert editor.neuron_diagram is not None
    document.set_layer_option("L1", "units", 32)  # too many to draw
    assert editor.neuron_diagram is None


def test_neuron_links_are_coloured_by_sign_and_sized_by_magnitude(editor: NetworkEditor) -> None:
    diagram = editor.neuron_diagram
    w1 = np.zeros((2, 8), np.float32)
    w1[0, 0] = 2.0
    w1[1, 0] = -0.5
    diagram.set_weights({"L1/W": w1, "L1/b": np.zeros(8), "L3": np.ones((8, 1))})
    links = {(link.src, link.dst): link for link in diagram.links("L1")}
    strong, weak = links[(0, 0)], links[(1, 0)]
    assert strong.pen().color().rgb() == POSITIVE_COLOR.rgb()
    assert weak.pen().color().rgb() == NEGATIVE_COLOR.rgb()
    assert strong.pen().widthF() > weak.pen().widthF() > 0
    # a layer without weights (L2) stays neutral grey
    assert diagram.links("L2")[0].pen().color().rgb() == NEUTRAL_COLOR.rgb()
    # weights of the wrong shape are ignored
    diagram.set_weights({"L1/W": np.ones((3, 3))})
    assert links[(0, 0)].pen().color().rgb() == NEUTRAL_COLOR.rgb()


# ---------------------------------------------------------------- inspector


@pytest.fixture
def inspector(qtbot: Any, document: DesignDocument) -> LayerInspector:
    widget = LayerInspector(document)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_inspector_builds_controls_from_the_catalog(inspector: LayerInspector) -> None:
    inspector.show_layer("L1")
    for opt in catalog.LAYER_TYPES["dense"].options:
        assert inspector.control(opt.name).objectName() == f"option_{opt.name}"
    units = inspector.control("units")
    assert isinstance(units, QSpinBox) and units.value() == 8
    assert units.maximum() == catalog.MAX_UNITS
    act = inspector.control("activation")
    assert isinstance(act, QComboBox) and act.currentData() == "tanh"
    assert act.count() == len(catalog.ACTIVATIONS)
    assert inspector.activation_plot is not None and inspector.activation_plot.name == "tanh"


def test_changing_the_activation_changes_the_document(
    inspector: LayerInspector, document: DesignDocument
) -> None:
    inspector.show_layer("L2")
    combo = inspector.control("activation")
    combo.setCurrentIndex(combo.findData("relu"))
    assert find_layer(document.spec.layers, "L2").options["activation"] == "relu"
    assert inspector.activation_plot.name == "relu"
    x, y = inspector.activation_plot.f_curve.getData()
    assert np.allclose(y, np.maximum(x, 0))
    # and back: undo writes the old value into the combo without a new edit
    document.undo_stack.undo()
    assert combo.currentData() == "tanh"
    assert document.undo_stack.count() == 1 and document.undo_stack.index() == 0


def test_alpha_is_shown_only_for_activations_that_use_it(
    inspector: LayerInspector, document: DesignDocument
) -> None:
    inspector.show_layer("L1")
    alpha = inspector.control("alpha")
    assert not inspector.form.isRowVisible(alpha)
    document.set_layer_option("L1", "activation", "leaky_relu")
    assert inspector.form.isRowVisible(alpha)


def test_spin_box_steps_merge_into_one_undo_step(inspector: LayerInspector, document: DesignDocument) -> None:
    inspector.show_layer("L1")
    units = inspector.control("units")
    for _ in range(4):
        units.stepUp()
    assert find_layer(document.spec.layers, "L1").options["units"] == 12
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()
    assert units.value() == 8


def test_inspector_follows_removal_of_its_layer(inspector: LayerInspector, document: DesignDocument) -> None:
    inspector.show_layer("L3")
    document.remove_layer("L3")
    assert inspector.layer_id is None
    assert inspector.header.text() == "Network"


def test_inspector_shows_the_engine_error_of_its_layer(
    inspector: LayerInspector, document: DesignDocument
) -> None:
    inspector.show_layer("L3")
    document.set_layer_option("L3", "units", 10)
    assert "10 units" in inspector.error.text()
    assert inspector.error.isVisibleTo(inspector)


def test_every_layer_type_gets_an_inspector(inspector: LayerInspector, document: DesignDocument) -> None:
    for name in catalog.LAYER_TYPES:
        new_id = document.insert_layer(0, name)
        inspector.show_layer(new_id)
        assert set(inspector._controls) == {o.name for o in catalog.LAYER_TYPES[name].options}
    assert isinstance(document.spec.layers[0], LayerSpec)


def test_a_long_translated_block_name_drops_its_english_bracket_before_eliding(qapp: Any) -> None:
    from PySide6.QtGui import QFont, QFontMetricsF

    from playground.widgets.network_editor import fit_title

    font = QFont(QApplication.font().family(), 12, QFont.Weight.Bold)
    title = "2D 합성곱층 (Conv2D)"
    wide = QFontMetricsF(font).horizontalAdvance(title) + 4
    assert fit_title(QFont(font), title, wide)[1] == title  # room enough: unchanged
    short_width = QFontMetricsF(font).horizontalAdvance("2D 합성곱층") + 2
    got_font, text = fit_title(QFont(font), title, short_width)
    assert text == "2D 합성곱층" and got_font.pointSizeF() == font.pointSizeF()
    got_font, text = fit_title(QFont(font), "A very long layer name without brackets", 60)
    assert got_font.pointSizeF() >= 0.8 * 12 - 1e-9 and text.endswith("…")
