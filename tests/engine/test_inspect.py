"""engine/inspect: the analysis views' read-outs, checked against direct NumPy computations."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view

from engine import inspect as ins
from engine.design_io import load_design
from engine.spec import LayerSpec
from engine.training import Trainer

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"


def small(name: str, train_limit: int = 512, test_limit: int = 256, **train):
    design = load_design(EXAMPLES / name)
    data = replace(design.data, train_limit=train_limit, test_limit=test_limit)
    return replace(design, data=data, train=replace(design.train, backend="numpy", **train))


@pytest.fixture(scope="module")
def cnn() -> Trainer:
    trainer = Trainer(small("mnist-cnn.json"), backend="numpy")
    for _ in range(5):
        trainer.train_step()
    return trainer


@pytest.fixture(scope="module")
def mlp() -> Trainer:
    return Trainer(small("mnist-mlp.json"), backend="numpy")


def host(a) -> np.ndarray:
    return np.array(a, dtype=np.float64)


# ---------------------------------------------------------------- mosaics


@pytest.mark.parametrize(("n", "aspect", "expected"), [(512, 2.0, (16, 32)), (8, 3.0, (2, 4)), (16, 3.0, (2, 8)),
                                                       (1, 2.0, (1, 1)), (10, 2.0, (2, 5))])
def test_grid_shape(n, aspect, expected):
    rows, cols = ins.grid_shape(n, aspect)
    assert (rows, cols) == expected
    assert rows * cols >= n and (rows - 1) * cols < n


def test_mosaic_places_each_tile_and_separates_them_with_fill():
    tiles = np.arange(5 * 2 * 3, dtype=np.float32).reshape(5, 2, 3)
    m = ins.mosaic(tiles, cols=3, sep=1)
    assert m.shape == (2 * 3 - 1, 3 * 4 - 1)
    for i in range(5):
        r, c = ins.tile_origin(i, 3, 2, 3)
        np.testing.assert_array_equal(m[r:r + 2, c:c + 3], tiles[i])
    assert np.isnan(m[2, :]).all() and np.isnan(m[:, 3]).all()  # separators
    assert np.isnan(m[3:, 8:]).all()  # the empty sixth cell
    assert np.isfinite(m).sum() == tiles.size


# ---------------------------------------------------------------- conv filters and feature maps


def test_filters_are_the_kernels_and_the_mean_over_input_channels(cnn):
    r = ins.conv_readout(cnn, 0)
    assert isinstance(r, ins.ConvReadout)
    l1, l3 = (cnn.network.layer("L1"), cnn.network.layer("L3"))
    assert [x.layer_id for x in r.layers] == ["L1", "L3"]
    np.testing.assert_array_equal(r.layers[0].filters, host(l1.params["W"])[:, 0])
    assert r.layers[0].filters.shape == (8, 3, 3) and r.layers[0].reduction == ""
    np.testing.assert_allclose(r.layers[1].filters, host(l3.params["W"]).mean(axis=1), rtol=1e-6, atol=1e-7)
    assert r.layers[1].filters.shape == (16, 3, 3) and "8 input channels" in r.layers[1].reduction


def _conv_relu(a: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Valid cross-correlation of (Cin, H, W) with (Cout, Cin, k, k), plus bias, then ReLU."""
    k = w.shape[-1]
    windows = sliding_window_view(a, (k, k), axis=(1, 2))  # (Cin, Ho, Wo, k, k)
    return np.maximum(np.einsum("chwij,ocij->ohw", windows, w) + b[:, None, None], 0.0)


def _maxpool2(a: np.ndarray) -> np.ndarray:
    c, h, w = a.shape
    return a[:, : h // 2 * 2, : w // 2 * 2].reshape(c, h // 2, 2, w // 2, 2).max(axis=(2, 4))


@pytest.mark.parametrize("sample", [0, 17])
def test_feature_maps_equal_a_direct_convolution(cnn, sample):
    r = ins.conv_readout(cnn, sample)
    net = cnn.network
    x = host(cnn.dataset.x_test[sample])  # (1, 28, 28)
    p = {lid: {k: host(v) for k, v in net.layer(lid).params.items()} for lid in ("L1", "L3")}
    a1 = _conv_relu(x, p["L1"]["W"], p["L1"]["b"])
    a3 = _conv_relu(_maxpool2(a1), p["L3"]["W"], p["L3"]["b"])
    assert r.sample == sample and r.layers[0].maps.shape == (8, 26, 26) and r.layers[1].maps.shape == (16, 11, 11)
    np.testing.assert_allclose(r.layers[0].maps, a1, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(r.layers[1].maps, a3, rtol=1e-4, atol=1e-5)
    out = net.predict(cnn.dataset.x_test[sample:sample + 1])
    assert r.predicted == int(np.argmax(out)) and r.label == int(cnn.dataset.y_test[sample])


def test_conv_readout_clamps_the_sample_and_reports_designs_without_conv(cnn, mlp):
    assert ins.conv_readout(cnn, 10**6).sample == len(cnn.dataset.x_test) - 1
    assert ins.conv_readout(cnn, -3).sample == 0
    r = ins.conv_readout(mlp, 0)
    assert isinstance(r, ins.Unavailable) and "no Conv2D" in r.message


def test_reading_feature_maps_between_steps_does_not_change_training():
    a = Trainer(small("mnist-cnn.json"), backend="numpy")
    b = Trainer(small("mnist-cnn.json"), backend="numpy")
    probe = ins.ClassificationProbe(limit=100)
    for i in range(4):
        ins.conv_readout(a, i)
        probe(a)
        ins.gradient_readout(a)
        assert a.train_step() == b.train_step()
    np.testing.assert_array_equal(a.network.flat_params, b.network.flat_params)


def test_feature_maps_reach_convolutions_inside_a_residual_block(cnn):
    layers = (
        LayerSpec("L1", "conv2d", {"filters": 4, "kernel": 3, "padding": "same", "activation": "relu"}),
        LayerSpec("L2", "residual", {}, (
            LayerSpec("L3", "conv2d", {"filters": 4, "kernel": 3, "padding": "same", "activation": "tanh"}),
        )),
        LayerSpec("L4", "flatten", {}),
        LayerSpec("L5", "dense", {"units": 10, "activation": "softmax"}),
    )
    design = replace(small("mnist-cnn.json"), layers=layers)
    trainer = Trainer(design, backend="numpy", dataset=cnn.dataset)
    trainer.train_step()
    x = trainer.x_test[3:4]
    maps, out = ins.feature_maps(trainer.network, x)
    assert set(maps) == {"L1", "L3"} and maps["L3"].shape == (4, 28, 28)
    np.testing.assert_allclose(out, trainer.network.predict(trainer.dataset.x_test[3:4]), rtol=1e-5, atol=1e-6)
    w3 = host(trainer.network.layer("L3").params["W"])
    b3 = host(trainer.network.layer("L3").params["b"])
    padded = np.pad(host(maps["L1"]), ((0, 0), (1, 1), (1, 1)))
    direct = np.tanh(np.einsum("chwij,ocij->ohw", sliding_window_view(padded, (3, 3), axis=(1, 2)), w3)
                     + b3[:, None, None])
    np.testing.assert_allclose(maps["L3"], direct, rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------- dense weights as images


def test_dense_weight_images_are_the_columns_of_w(mlp):
    r = ins.dense_readout(mlp)
    assert isinstance(r, ins.DenseImageReadout)
    w = host(mlp.network.layer("L2").params["W"])  # (784, 512)
    assert r.layer_id == "L2" and r.units == 512 and r.images.shape == (512, 28, 28)
    for j in (0, 7, 511):
        np.testing.assert_array_equal(r.images[j], w[:, j].reshape(28, 28))
    assert r.scale == pytest.approx(np.percentile(np.abs(w), ins.DENSE_LEVEL_PERCENTILE), rel=1e-6)
    assert ins.dense_readout(mlp, limit=100).images.shape == (100, 28, 28)


def test_dense_probe_shows_the_change_since_the_start():
    trainer = Trainer(small("mnist-mlp.json"), backend="numpy")
    probe = ins.DenseImageProbe()
    probe.remember(trainer)
    w0 = host(trainer.network.layer("L2").params["W"])
    for _ in range(3):
        trainer.train_step()
    r = probe(trainer, relative=True)
    w1 = host(trainer.network.layer("L2").params["W"])
    assert r.relative and r.reference_step == 0 and r.step == 3
    np.testing.assert_allclose(r.images[5], (w1 - w0)[:, 5].reshape(28, 28), atol=1e-7)
    assert np.abs(r.images).max() > 0
    assert not probe(trainer, relative=False).relative


def test_dense_readout_is_unavailable_without_a_pixel_reading_dense_layer(cnn):
    r = ins.dense_readout(cnn)
    assert isinstance(r, ins.Unavailable) and "feature maps" in r.message
    spiral = Trainer(load_design(EXAMPLES / "spiral.json"), backend="numpy")
    r = ins.dense_readout(spiral)
    assert isinstance(r, ins.Unavailable) and "not made of images" in r.message


# ---------------------------------------------------------------- gradient flow


def test_gradient_norms_are_the_norms_of_the_last_steps_grads(cnn):
    cnn.train_step()
    r = ins.gradient_readout(cnn)
    net = cnn.network
    assert r.layer_ids == ("L1", "L3", "L6") and r.step == cnn.global_step
    for i, lid in enumerate(r.layer_ids):
        g = host(net.layer(lid).grads["W"])
        w = host(net.layer(lid).params["W"])
        assert r.grad_norms[i] == pytest.approx(np.linalg.norm(g), rel=1e-5)
        assert r.weight_norms[i] == pytest.approx(np.linalg.norm(w), rel=1e-5)
        lr = cnn.design.train.learning_rate
        assert r.update_ratios[i] == pytest.approx(lr * np.linalg.norm(g) / np.linalg.norm(w), rel=1e-5)
    assert np.all(r.grad_norms > 0)
    assert r.labels[0].startswith("L1 Conv2D 8×3×3")


def _deep(activation: str):
    base = load_design(EXAMPLES / "spiral.json")
    layers = tuple(LayerSpec(f"L{i + 1}", "dense", {"units": 16, "activation": activation}) for i in range(8))
    layers += (LayerSpec("L9", "dense", {"units": 1, "activation": "sigmoid"}),)
    train = replace(base.train, backend="numpy", optimizer="sgd", learning_rate=0.1, initializer="glorot_uniform")
    return replace(base, layers=layers, train=train)


def test_a_deep_sigmoid_network_starves_its_first_layer_and_relu_does_not():
    ratios = {}
    for act in ("sigmoid", "relu"):
        trainer = Trainer(_deep(act), backend="numpy")
        values = []
        for _ in range(20):
            trainer.train_step()
            g = ins.gradient_readout(trainer).grad_norms
            values.append(g[0] / g[-2])  # first hidden layer vs last hidden layer
        ratios[act] = float(np.median(values))
    assert ratios["sigmoid"] < 1e-3
    assert ratios["relu"] > 0.05


# ---------------------------------------------------------------- classification results


def test_confusion_matrix_counts_pairs():
    true = np.array([0, 0, 1, 2, 2, 2])
    pred = np.array([0, 1, 1, 2, 0, 2])
    m = ins.confusion_matrix(true, pred, 3)
    direct = np.zeros((3, 3), dtype=np.int64)
    for t, p in zip(true, pred, strict=True):
        direct[t, p] += 1
    np.testing.assert_array_equal(m, direct)
    assert m.sum() == len(true)


def test_classification_readout_on_the_whole_small_test_set(cnn):
    r = ins.classification_readout(cnn)
    assert isinstance(r, ins.ClassificationReadout)
    y = cnn.dataset.y_test
    pred = np.argmax(np.asarray(cnn.outputs("test")), axis=1)
    direct = np.zeros((10, 10), dtype=np.int64)
    np.add.at(direct, (y, pred), 1)
    assert not r.sampled and r.n_test == r.n_evaluated == 256
    assert r.matrix.sum() == 256
    np.testing.assert_array_equal(r.matrix, direct)
    assert r.accuracy == pytest.approx(np.mean(pred == y))
    wrong = np.flatnonzero(pred != y)
    assert r.n_misclassified == len(wrong)
    np.testing.assert_array_equal(r.misclassified, wrong[: ins.MISCLASSIFIED_LIMIT])
    np.testing.assert_array_equal(r.mis_predicted, pred[wrong[:32]])
    np.testing.assert_array_equal(r.mis_true, y[wrong[:32]])


def test_large_test_sets_use_a_fixed_random_sample(cnn):
    probe = ins.ClassificationProbe(limit=100)
    a, b = probe(cnn), probe(cnn)
    idx = ins.evaluation_subset(256, 100)
    assert a.sampled and a.n_evaluated == 100 and a.n_test == 256 and a.matrix.sum() == 100
    np.testing.assert_array_equal(a.matrix, b.matrix)
    pred = np.argmax(np.asarray(cnn.outputs("test")), axis=1)[idx]
    direct = np.zeros((10, 10), dtype=np.int64)
    np.add.at(direct, (cnn.dataset.y_test[idx], pred), 1)
    np.testing.assert_array_equal(a.matrix, direct)
    assert set(a.misclassified) <= set(idx)
    assert len(idx) == 100 and len(set(idx)) == 100 and np.all(np.diff(idx) > 0)
    assert ins.evaluation_subset(256, 300) is None


def test_classification_readout_is_unavailable_for_regression():
    design = load_design(EXAMPLES / "spiral.json")
    design = replace(design, data=replace(design.data, dataset="plane"))
    trainer = Trainer(design, backend="numpy")
    assert trainer.dataset.task == "regression"
    r = ins.classification_readout(trainer)
    assert isinstance(r, ins.Unavailable) and "regression" in r.message
    assert isinstance(ins.gradient_readout(trainer), ins.GradientReadout)
