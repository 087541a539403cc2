"""Shape inference, design checks and whole-network gradients (finite differences)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from engine.errors import DesignError
from engine.losses import LOSS_FUNCTIONS, softmax_cross_entropy_from_logits
from engine.network import Network, analyze
from engine.spec import DataSpec, DesignSpec, LayerSpec, TrainSpec


def L(i: int, kind: str, children: tuple[LayerSpec, ...] = (), **options: object) -> LayerSpec:
    return LayerSpec(f"L{i}", kind, dict(options), children)


def design_of(*layers: LayerSpec, **train: object) -> DesignSpec:
    return DesignSpec(tuple(layers), DataSpec(), TrainSpec(**train))


CNN = design_of(
    L(1, "conv2d", filters=8, kernel=3, activation="relu"), L(2, "maxpool2d"),
    L(3, "conv2d", filters=16, kernel=3, activation="relu"), L(4, "maxpool2d"), L(5, "flatten"),
    L(6, "dense", units=10, activation="softmax"), loss="categorical_crossentropy",
)


def test_analyze_gives_shapes_and_parameter_counts_without_allocating() -> None:
    a = analyze(CNN, (1, 28, 28), "classification", 10)
    assert a.ok
    shapes = [(i.id, i.out_shape, i.n_params) for i in a.layers]
    assert shapes == [
        ("L1", (8, 26, 26), 8 * 9 + 8),
        ("L2", (8, 13, 13), 0),
        ("L3", (16, 11, 11), 16 * 8 * 9 + 16),
        ("L4", (16, 5, 5), 0),
        ("L5", (400,), 0),
        ("L6", (10,), 4010),
    ]
    assert a.n_params == 80 + 1168 + 4010


@pytest.mark.parametrize(
    ("layers", "input_shape", "bad_id", "words"),
    [
        ((L(1, "flatten"), L(2, "conv2d")), (1, 28, 28), "L2", "image input"),
        ((L(1, "conv2d", kernel=7),), (1, 5, 5), "L1", "larger than"),
        ((L(1, "dense", units=4),), (1, 28, 28), "L1", "Flatten"),
        ((L(1, "maxpool2d"),), (2,), "L1", "image"),
    ],
)
def test_invalid_stacks_name_the_layer(layers, input_shape, bad_id, words) -> None:
    a = analyze(design_of(*layers), input_shape)
    assert a.error is not None and a.error.layer_id == bad_id
    assert words in str(a.error)
    bad = next(i for i in a.layers if i.id == bad_id)
    assert bad.error and words in bad.error


def test_softmax_feeding_a_regression_loss_is_refused() -> None:
    d = design_of(L(1, "dense", units=4, activation="relu"), L(2, "dense", units=1, activation="softmax"))
    a = analyze(d, (2,), "regression", 0)
    assert a.error is not None and a.error.layer_id == "L2" and "softmax" in str(a.error)


def test_output_units_must_fit_the_classes() -> None:
    d = design_of(L(1, "dense", units=4, activation="softmax"), loss="categorical_crossentropy")
    a = analyze(d, (2,), "classification", 3)
    assert a.error is not None and "3 classes" in str(a.error)
    d2 = design_of(L(1, "dense", units=3, activation="relu"), loss="categorical_crossentropy")
    assert "softmax" in str(analyze(d2, (2,), "classification", 3).error)


def test_absurd_sizes_are_refused_before_allocating() -> None:
    d = design_of(L(1, "dense", units=65536), L(2, "dense", units=65536), L(3, "dense", units=1))
    a = analyze(d, (2,), "classification", 2)
    assert a.error is not None and "parameters" in str(a.error)


def test_residual_block_needs_matching_shapes() -> None:
    ok = design_of(L(1, "dense", units=4), L(2, "residual", (L(3, "dense", units=4),)), L(4, "dense", units=1))
    assert analyze(ok, (2,)).ok
    bad = design_of(L(1, "dense", units=4), L(2, "residual", (L(3, "dense", units=5),)), L(4, "dense", units=1))
    a = analyze(bad, (2,))
    assert a.error is not None and a.error.layer_id == "L2" and "same shape" in str(a.error)


def _loss_and_grads(net: Network, x: np.ndarray, t: np.ndarray, loss: str) -> tuple[float, np.ndarray]:
    y = net.forward(x, training=True)
    if loss == "fused":
        value, dy = softmax_cross_entropy_from_logits(np, net.output_layer.pre_activation, t)
    else:
        value = LOSS_FUNCTIONS[loss].value(np, y, t, 1.0)
        dy = LOSS_FUNCTIONS[loss].grad(np, y, t, 1.0)
    net.flat_grads[...] = 0
    net.backward(dy)
    return value, net.flat_grads.copy()


def _check_network_gradients(design: DesignSpec, input_shape: tuple[int, ...], loss: str, units: int) -> None:
    net = Network(design, input_shape, dtype=np.float64)
    rng = np.random.default_rng(3)
    net.flat_params[...] = rng.normal(0, 0.5, net.flat_params.shape)
    x = rng.normal(size=(4, *input_shape))
    t = np.eye(units)[rng.integers(0, units, 4)] if loss == "fused" else rng.normal(size=(4, units))
    if loss == "fused":
        net.output_layer.skip_activation_grad = True
    _, grads = _loss_and_grads(net, x, t, loss)
    eps = 1e-6
    numeric = np.zeros_like(grads)
    for i in range(net.size):
        old = net.flat_params[i]
        net.flat_params[i] = old + eps
        up, _ = _loss_and_grads(net, x, t, loss)
        net.flat_params[i] = old - eps
        down, _ = _loss_and_grads(net, x, t, loss)
        net.flat_params[i] = old
        numeric[i] = (up - down) / (2 * eps)
    np.testing.assert_allclose(grads[: net.size], numeric[: net.size], rtol=1e-4, atol=1e-7)


def test_whole_mlp_gradients_match_finite_differences() -> None:
    d = design_of(
        L(1, "dense", units=5, activation="tanh"), L(2, "dense", units=4, activation="prelu"),
        L(3, "batchnorm"), L(4, "dense", units=3, activation="softmax"),
    )
    _check_network_gradients(d, (3,), "fused", 3)


def test_residual_cnn_gradients_match_finite_differences() -> None:
    d = design_of(
        L(1, "conv2d", filters=2, kernel=3, padding="same", activation="relu"),
        L(2, "residual", (L(3, "conv2d", filters=2, kernel=3, padding="same", activation="tanh"),
                          L(4, "batchnorm"))),
        L(5, "avgpool2d"), L(6, "flatten"), L(7, "dense", units=2, activation="linear"),
    )
    _check_network_gradients(d, (1, 6, 6), "mse", 2)


def test_regularisation_gradient_matches_the_penalty() -> None:
    d = design_of(L(1, "dense", units=3, activation="linear", l1=0.1), l2=0.05)
    net = Network(d, (2,), dtype=np.float64)
    net.flat_params[...] = np.random.default_rng(0).normal(size=net.flat_params.shape)
    net.flat_grads[...] = 0
    net.add_regularisation_grads()
    analytic = net.flat_grads.copy()
    eps = 1e-6
    for i in range(net.size):
        old = net.flat_params[i]
        net.flat_params[i] = old + eps
        up = net.regularisation_penalty()
        net.flat_params[i] = old - eps
        down = net.regularisation_penalty()
        net.flat_params[i] = old
        assert analytic[i] == pytest.approx((up - down) / (2 * eps), rel=1e-5, abs=1e-8)
    bias = next(s for s in net.slots if s.name == "b")
    assert not analytic[bias.offset: bias.offset + 3].any()  # biases are not regularised


def test_weights_carry_over_by_id_and_shape() -> None:
    d = design_of(L(1, "dense", units=4), L(2, "dense", units=1))
    net = Network(d, (2,))
    state = net.state_arrays()
    grown = replace(d, layers=(L(1, "dense", units=4), L(3, "dense", units=4), L(2, "dense", units=1)))
    net2 = Network(grown, (2,), reuse=state)
    np.testing.assert_array_equal(net2.layer("L1").params["W"], state["L1/W"])
    # L2 now reads 4 inputs from L3: same shape (4, 1), so its weights are kept too
    np.testing.assert_array_equal(net2.layer("L2").params["W"], state["L2/W"])


def test_load_arrays_rejects_wrong_shapes() -> None:
    net = Network(design_of(L(1, "dense", units=4)), (2,))
    arrays = net.state_arrays()
    arrays["L1/W"] = np.zeros((3, 4), np.float32)
    with pytest.raises(DesignError, match="shape"):
        net.load_arrays(arrays)
