"""Conv2D, MaxPool2D, AvgPool2D and BatchNorm: finite-difference gradients (float64),
the curriculum's worked examples, PyTorch as a reference (float32), shape inference
and the design errors.

Images are channel-major batches (C, N, H, W); PyTorch's are (N, C, H, W).
"""

from __future__ import annotations

import numpy as np
import pytest

from engine.errors import DesignError
from engine.layers.conv import Conv2D, conv_padding, matmul_long, matmul_reduce
from engine.layers.norm import BatchNorm
from engine.layers.pool import AvgPool2D, MaxPool2D
from tests.engine.layer_harness import build_layer, make_spec, numeric_grad_check

GRAD_TOL = 1e-5
TORCH_TOL = dict(rtol=1e-5, atol=1e-5)


def _rand(shape, seed=0, dtype=np.float64):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def _batch_shape(layer, n):
    """The in-memory batch shape of a per-sample shape: (C, N, H, W) or (N, F)."""
    shape = layer.out_shape
    return (shape[0], n, *shape[1:]) if len(shape) == 3 else (n, *shape)


def _forward(layer, x, training=True):
    """Forward, checking that the inferred out_shape is what forward really gives."""
    y = layer.forward(x, training)
    n = x.shape[1] if x.ndim == 4 else x.shape[0]
    assert y.shape == _batch_shape(layer, n)
    return y


def _tf_same(m, k, s):
    """TensorFlow's 'same' padding, written out independently: output ceil(m/s), odd pixel after."""
    out = (m + s - 1) // s
    total = max((out - 1) * s + k - m, 0)
    return total // 2, total - total // 2


# ------------------------------------------------------------------------- Conv2D

# (cin, cout, h, w, kernel, stride, padding, use_bias, activation, batch)
CONV_CASES = [
    (1, 1, 5, 5, 3, 1, "valid", True, "linear", 1),
    (2, 3, 6, 7, 3, 1, "same", True, "relu", 2),
    (3, 2, 7, 7, 3, 2, "valid", False, "tanh", 2),
    (2, 2, 6, 6, 2, 1, "same", True, "prelu", 2),  # even kernel: extra padding bottom/right
    (2, 3, 7, 6, 3, 2, "same", True, "linear", 3),  # stride 2 'same': ceil(m/s)
    (2, 2, 5, 5, 3, 1, 1, True, "tanh", 2),
    (1, 2, 8, 8, 4, 3, 2, False, "relu", 2),
    (2, 2, 7, 7, 2, 3, "valid", True, "prelu", 2),  # stride > kernel: some pixels unused
    (3, 2, 4, 4, 1, 1, "valid", True, "tanh", 2),  # 1×1 kernel
    (2, 2, 6, 6, 2, 2, "valid", True, "linear", 2),  # windows tile the input exactly
    (2, 2, 5, 5, 5, 1, "same", True, "tanh", 1),  # kernel as large as the input
    (2, 2, 5, 4, 3, 2, 1, True, "relu", 2),
]
CONV_IDS = [
    f"c{c[0]}-{c[1]}_{c[2]}x{c[3]}_k{c[4]}s{c[5]}p{c[6]}_b{int(c[7])}_{c[8]}_n{c[9]}" for c in CONV_CASES
]


def _conv_spec(cout, k, s, padding, bias, act, layer_id="L1"):
    return make_spec(
        "conv2d", layer_id, filters=cout, kernel=k, stride=s, padding=padding, use_bias=bias, activation=act
    )


def _expected_conv_shape(cout, h, w, k, s, padding):
    if padding == "same":
        return (cout, -(-h // s), -(-w // s))
    p = 0 if padding == "valid" else padding
    return (cout, (h - k + 2 * p) // s + 1, (w - k + 2 * p) // s + 1)


@pytest.mark.parametrize("case", CONV_CASES, ids=CONV_IDS)
def test_conv_gradients_match_finite_differences(case):
    cin, cout, h, w, k, s, padding, bias, act, n = case
    layer = build_layer(Conv2D, _conv_spec(cout, k, s, padding, bias, act), (cin, h, w))
    assert layer.out_shape == _expected_conv_shape(cout, h, w, k, s, padding)
    x = _rand((cin, n, h, w), seed=1)
    _forward(layer, x)
    err_dx, errs = numeric_grad_check(layer, x)
    assert err_dx < GRAD_TOL
    assert set(errs) == set(layer.params)
    assert ("b" in errs) == bias and ("slope" in errs) == (act == "prelu")
    for name, err in errs.items():
        assert err < GRAD_TOL, name


def test_conv_first_layer_skips_input_gradient():
    spec = _conv_spec(3, 3, 1, "same", True, "tanh")
    a = build_layer(Conv2D, spec, (2, 5, 5))
    b = build_layer(Conv2D, spec, (2, 5, 5))
    b.need_input_grad = False
    x, dy = _rand((2, 3, 5, 5), 1), _rand((3, 3, 5, 5), 2)
    a.forward(x, True)
    b.forward(x, True)
    assert a.backward(dy) is not None
    assert b.backward(dy) is None
    for name in a.grads:
        np.testing.assert_allclose(b.grads[name], a.grads[name], rtol=1e-12)


def test_conv_curriculum_example():
    d = np.array([[1, 2, 3, 4, 5], [2, 3, 4, 5, 6], [3, 4, 5, 6, 7], [4, 5, 6, 7, 8]], dtype=np.float64)
    f = np.array([[1, 0, 1], [1, 1, 0], [0, 1, 0]], dtype=np.float64)
    layer = build_layer(Conv2D, _conv_spec(1, 3, 1, "valid", False, "linear"), (1, 4, 5))
    layer.params["W"][...] = f.reshape(1, 1, 3, 3)
    y = _forward(layer, d.reshape(1, 1, 4, 5))
    np.testing.assert_array_equal(y.reshape(2, 3), [[13, 18, 23], [18, 23, 28]])


@pytest.mark.parametrize(("stride", "size"), [(1, 25), (2, 13)])
def test_conv_output_size_curriculum(stride, size):
    layer = build_layer(Conv2D, _conv_spec(1, 4, stride, "valid", True, "linear"), (1, 28, 28))
    assert layer.out_shape == (1, size, size)
    _forward(layer, _rand((1, 2, 28, 28)))


@pytest.mark.parametrize(
    ("m", "k", "s", "pads"),
    [
        (5, 3, 1, (1, 1)),
        (5, 2, 1, (0, 1)),
        (6, 4, 1, (1, 2)),
        (7, 3, 2, (1, 1)),
        (6, 3, 2, (0, 1)),
        (28, 3, 2, (0, 1)),
        (5, 1, 3, (0, 0)),
        (4, 5, 1, (2, 2)),
    ],
)
def test_same_padding_follows_tensorflow(m, k, s, pads):
    assert _tf_same(m, k, s) == pads
    assert conv_padding("same", m, m, k, s) == pads + pads
    layer = build_layer(Conv2D, _conv_spec(2, k, s, "same", True, "linear"), (1, m, m))
    assert layer.out_shape == (2, -(-m // s), -(-m // s))
    _forward(layer, _rand((1, 2, m, m)))


def test_conv_keeps_outputs_and_handles_changing_batch_sizes():
    spec = _conv_spec(3, 3, 2, 1, True, "relu")
    layer = build_layer(Conv2D, spec, (2, 7, 7))
    fresh = build_layer(Conv2D, spec, (2, 7, 7))
    for n in (2, 5, 1, 4, 2, 5):
        x, dy = _rand((2, n, 7, 7), n), _rand((3, n, 4, 4), n + 10)
        y = layer.forward(x, True).copy()
        dx = layer.backward(dy).copy()
        y_ref = build_layer(Conv2D, spec, (2, 7, 7)).forward(x, True)
        np.testing.assert_allclose(y, y_ref, rtol=1e-12)
        fresh.forward(x, True)
        np.testing.assert_allclose(dx, fresh.backward(dy), rtol=1e-12)
    # an earlier output is not overwritten by a later call
    y1 = layer.forward(_rand((2, 3, 7, 7), 1), True)
    keep = y1.copy()
    layer.forward(_rand((2, 3, 7, 7), 2), True)
    np.testing.assert_array_equal(y1, keep)


def test_conv_float32_stays_float32():
    layer = build_layer(Conv2D, _conv_spec(4, 3, 1, "same", True, "relu"), (2, 6, 6), dtype=np.float32)
    y = layer.forward(_rand((2, 3, 6, 6), dtype=np.float32), True)
    assert y.dtype == np.float32
    assert layer.backward(np.ones_like(y)).dtype == np.float32


def test_conv_fans_follow_keras_and_pytorch():
    info = Conv2D.infer(_conv_spec(16, 3, 1, "valid", True, "prelu"), (8, 13, 13)).params
    assert info["W"].shape == (16, 8, 3, 3) and info["W"].kind == "weight"
    assert (info["W"].fan_in, info["W"].fan_out) == (72, 144)
    assert info["b"].shape == (16,) and info["b"].kind == "bias"
    assert info["slope"].shape == (16,)


def test_chunked_gemms_equal_plain_products():
    rng = np.random.default_rng(0)
    for rows, k, m in ((8, 9, 20000), (16, 8, 9000), (40, 72, 9000)):
        a, b = rng.standard_normal((rows, k)), rng.standard_normal((k, m))
        np.testing.assert_allclose(matmul_long(np, a, b, np.empty((rows, m))), a @ b, rtol=1e-12)
        c = rng.standard_normal((rows, m))
        np.testing.assert_allclose(matmul_reduce(np, b, c, np.empty((k, rows))), b @ c.T, rtol=1e-10)


# ------------------------------------------------------------------------- pooling

POOL_CASES = [
    (2, 2, 8, 8),
    (2, 2, 7, 9),
    (3, 2, 7, 8),
    (2, 1, 5, 6),
    (3, 3, 7, 7),
    (2, 3, 7, 8),
    (1, 1, 3, 4),
]


@pytest.mark.parametrize("cls", [MaxPool2D, AvgPool2D])
@pytest.mark.parametrize(("p", "s", "h", "w"), POOL_CASES)
def test_pool_gradients_match_finite_differences(cls, p, s, h, w):
    layer = build_layer(cls, make_spec(cls.type_name, pool=p, stride=s), (3, h, w))
    assert layer.out_shape == (3, (h - p) // s + 1, (w - p) // s + 1)
    x = _rand((3, 2, h, w), seed=p * 10 + s)  # continuous random values: no ties
    _forward(layer, x)
    err_dx, errs = numeric_grad_check(layer, x)
    assert err_dx < GRAD_TOL
    assert errs == {}


def test_pool_floor_mode():
    for cls in (MaxPool2D, AvgPool2D):
        layer = build_layer(cls, make_spec(cls.type_name, pool=2, stride=2), (16, 11, 11))
        assert layer.out_shape == (16, 5, 5)
        _forward(layer, _rand((16, 2, 11, 11)))


D_POOL = np.array([[1, 4, 2, 0], [2, 2, 3, 1], [3, 3, 5, 1], [0, 2, 0, 4]], dtype=np.float64)


def test_maxpool_curriculum_example():
    layer = build_layer(MaxPool2D, make_spec("maxpool2d", pool=2, stride=2), (1, 4, 4))
    y = _forward(layer, D_POOL.reshape(1, 1, 4, 4))
    np.testing.assert_array_equal(y.reshape(2, 2), [[4, 3], [3, 5]])


def test_avgpool_curriculum_example():
    layer = build_layer(AvgPool2D, make_spec("avgpool2d", pool=2, stride=2), (1, 4, 4))
    y = _forward(layer, D_POOL.reshape(1, 1, 4, 4))
    np.testing.assert_allclose(y.reshape(2, 2), [[2.25, 1.5], [2, 2.5]], rtol=1e-15)


def test_maxpool_routes_ties_to_the_first_maximum():
    layer = build_layer(MaxPool2D, make_spec("maxpool2d", pool=2, stride=2), (1, 4, 4))
    layer.forward(np.ones((1, 1, 4, 4)), True)
    dx = layer.backward(np.arange(1.0, 5.0).reshape(1, 1, 2, 2))
    expected = np.zeros((4, 4))
    expected[::2, ::2] = [[1, 2], [3, 4]]
    np.testing.assert_array_equal(dx.reshape(4, 4), expected)
    # overlapping windows accumulate; each window gives its gradient to one position
    layer = build_layer(MaxPool2D, make_spec("maxpool2d", pool=2, stride=1), (1, 3, 3))
    layer.forward(np.array([[1.0, 3, 3], [3, 0, 1], [2, 3, 3]]).reshape(1, 1, 3, 3), True)
    dx = layer.backward(np.ones((1, 1, 2, 2)))
    np.testing.assert_array_equal(dx.reshape(3, 3), [[0, 2, 0], [1, 0, 0], [0, 1, 0]])


def test_maxpool_fold_relu_equals_relu_then_pool():
    conv_spec = _conv_spec(3, 3, 1, "valid", True, "relu")
    conv = build_layer(Conv2D, conv_spec, (2, 9, 9))
    pool = build_layer(MaxPool2D, make_spec("maxpool2d"), conv.out_shape)
    x, dy = _rand((2, 4, 9, 9), 3), _rand((3, 4, 3, 3), 4)
    pool.forward(conv.forward(x, True), True)
    dx_ref = conv.backward(pool.backward(dy))
    grads_ref = {k: v.copy() for k, v in conv.grads.items()}
    conv.skip_activation_grad, pool.fold_relu = True, True
    pool.forward(conv.forward(x, True), True)
    np.testing.assert_allclose(conv.backward(pool.backward(dy)), dx_ref, rtol=1e-12)
    for name, g in grads_ref.items():
        np.testing.assert_allclose(conv.grads[name], g, rtol=1e-12)


def test_pool_first_layer_and_dtype():
    for cls in (MaxPool2D, AvgPool2D):
        layer = build_layer(cls, make_spec(cls.type_name), (2, 6, 6), dtype=np.float32)
        y = layer.forward(_rand((2, 3, 6, 6), dtype=np.float32), True)
        assert y.dtype == np.float32
        assert layer.backward(np.ones_like(y)).dtype == np.float32
        layer.need_input_grad = False
        assert layer.backward(np.ones_like(y)) is None


# ------------------------------------------------------------------------- BatchNorm

BN_CASES = [((5,), 8), ((3,), 3), ((3, 4, 5), 2), ((2, 3, 3), 1)]


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize(("in_shape", "n"), BN_CASES)
def test_batchnorm_gradients_match_finite_differences(in_shape, n, training):
    layer = build_layer(BatchNorm, make_spec("batchnorm", momentum=0.8), in_shape)
    layer.buffers["running_mean"][...] = np.linspace(-0.5, 0.5, in_shape[0])
    layer.buffers["running_var"][...] = np.linspace(0.5, 2.0, in_shape[0])
    shape = (in_shape[0], n, *in_shape[1:]) if len(in_shape) == 3 else (n, *in_shape)
    x = _rand(shape, seed=5) * 2.0 + 0.7
    _forward(layer, x, training)
    err_dx, errs = numeric_grad_check(layer, x, training=training)
    assert err_dx < GRAD_TOL
    assert set(errs) == {"gamma", "beta"}
    for name, err in errs.items():
        assert err < GRAD_TOL, name


def test_batchnorm_normalises_per_channel_and_per_feature():
    img = build_layer(BatchNorm, make_spec("batchnorm"), (3, 4, 4))
    img.params["gamma"][...] = 1.0
    img.params["beta"][...] = 0.0
    x = _rand((3, 5, 4, 4)) * np.array([1.0, 3.0, 0.2]).reshape(3, 1, 1, 1) + 2.0
    y = _forward(img, x).reshape(3, -1)
    np.testing.assert_allclose(y.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=1), 1, rtol=1e-3)
    vec = build_layer(BatchNorm, make_spec("batchnorm"), (4,))
    vec.params["gamma"][...] = 2.0
    vec.params["beta"][...] = 1.0
    y = _forward(vec, _rand((50, 4)) * 5 - 1)
    np.testing.assert_allclose(y.mean(axis=0), 1, atol=1e-12)
    np.testing.assert_allclose(y.std(axis=0), 2, rtol=1e-3)


def test_batchnorm_buffers_and_reset():
    layer = build_layer(BatchNorm, make_spec("batchnorm", momentum=0.5), (2,))
    assert (
        set(layer.buffers)
        == set(BatchNorm.infer(layer.spec, (2,)).buffers)
        == {"running_mean", "running_var"}
    )
    x = np.array([[1.0, 10.0], [3.0, 10.0], [5.0, 16.0]])
    layer.forward(x, True)
    # running = 0.5 * running + 0.5 * batch, with the unbiased variance
    np.testing.assert_allclose(layer.buffers["running_mean"], [1.5, 6.0], rtol=1e-6)
    np.testing.assert_allclose(layer.buffers["running_var"], [0.5 + 0.5 * 4.0, 0.5 + 0.5 * 12.0], rtol=1e-6)
    # evaluation uses (and does not change) the running statistics
    before = layer.buffers["running_mean"].copy()
    layer.forward(x, False)
    np.testing.assert_array_equal(layer.buffers["running_mean"], before)
    layer.reset_buffers()
    np.testing.assert_array_equal(layer.buffers["running_mean"], [0, 0])
    np.testing.assert_array_equal(layer.buffers["running_var"], [1, 1])
    params = BatchNorm.infer(layer.spec, (2,)).params
    assert (params["gamma"].kind, params["beta"].kind) == ("gamma", "beta")


# ------------------------------------------------------------------------- design errors


def _error(cls, spec, in_shape):
    with pytest.raises(DesignError) as info:
        cls.infer(spec, in_shape)
    assert info.value.layer_id == spec.id
    assert str(info.value).startswith(f"layer {spec.id}: ")
    return str(info.value)


def test_conv_on_a_vector_names_the_layer():
    msg = _error(Conv2D, _conv_spec(8, 3, 1, "valid", True, "relu", layer_id="L7"), (784,))
    assert msg == (
        "layer L7: Conv2D needs an image input (channels × height × width) but gets a vector of 784 "
        "— remove the Flatten before it"
    )


def test_conv_kernel_larger_than_input():
    msg = _error(Conv2D, _conv_spec(8, 5, 1, "valid", True, "relu", layer_id="L3"), (4, 3, 3))
    assert "kernel 5×5 is larger than its 3×3 input" in msg
    msg = _error(Conv2D, _conv_spec(8, 7, 1, 1, True, "relu", layer_id="L4"), (4, 3, 3))
    assert "kernel 7×7 is larger than its 3×3 input (padded to 5×5)" in msg
    msg = _error(Conv2D, _conv_spec(8, 3, 1, "valid", True, "relu", layer_id="L5"), (4, 8, 2))
    assert "kernel 3×3 is larger than its 8×2 input" in msg
    # padding makes it fit
    assert Conv2D.infer(_conv_spec(8, 5, 1, "same", True, "relu"), (4, 3, 3)).out_shape == (8, 3, 3)
    assert Conv2D.infer(_conv_spec(8, 5, 1, 1, True, "relu"), (4, 3, 3)).out_shape == (8, 1, 1)


def test_conv_empty_output():
    msg = _error(Conv2D, _conv_spec(8, 3, 1, "valid", True, "relu", layer_id="L2"), (0, 5, 5))
    assert "output would be empty" in msg


@pytest.mark.parametrize("cls", [MaxPool2D, AvgPool2D])
def test_pool_errors_name_the_layer(cls):
    msg = _error(cls, make_spec(cls.type_name, "L9"), (400,))
    assert msg == (
        f"layer L9: {cls.title} needs an image input (channels × height × width) but gets a vector of 400 "
        "— remove the Flatten before it"
    )
    msg = _error(cls, make_spec(cls.type_name, "L6", pool=3, stride=1), (8, 2, 5))
    assert "window 3×3 is larger than its 2×5 input" in msg


def test_batchnorm_rejects_other_shapes():
    assert "BatchNorm" in _error(BatchNorm, make_spec("batchnorm", "L2"), (3, 4))


# ------------------------------------------------------------------------- PyTorch reference


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch")


def _t(torch, a):
    """Ours (C, N, H, W) to PyTorch (N, C, H, W)."""
    a = np.asarray(a)
    return torch.from_numpy(np.ascontiguousarray(a.transpose(1, 0, 2, 3) if a.ndim == 4 else a))


def _ours(a):
    a = a.detach().numpy()
    return a.transpose(1, 0, 2, 3) if a.ndim == 4 else a


TORCH_CONV_CASES = [c for c in CONV_CASES if c[4] > 1] + [
    (3, 8, 12, 12, 3, 1, "valid", True, "relu", 4),
    (1, 8, 28, 28, 3, 1, "valid", True, "relu", 16),  # long enough for the chunked GEMMs
]


@pytest.mark.parametrize("case", TORCH_CONV_CASES)
def test_conv_matches_torch(torch, case):
    f = torch.nn.functional
    cin, cout, h, w, k, s, padding, bias, act, n = case
    layer = build_layer(
        Conv2D, _conv_spec(cout, k, s, padding, bias, act), (cin, h, w), dtype=np.float32, seed=3
    )
    x = _rand((cin, n, h, w), 1, np.float32)
    y = _forward(layer, x)
    dy = _rand(y.shape, 2, np.float32) / np.float32(n)  # a batch-mean loss: gradients stay O(1)
    dx = layer.backward(dy)

    if padding == "same":
        (pt, pb), (pl, pr) = _tf_same(h, k, s), _tf_same(w, k, s)
    else:
        pt = pb = pl = pr = 0 if padding == "valid" else padding
    tx = _t(torch, x).requires_grad_()
    tw = torch.from_numpy(layer.params["W"].copy()).requires_grad_()
    tb = torch.from_numpy(layer.params["b"].copy()).requires_grad_() if bias else None
    tz = f.conv2d(f.pad(tx, (pl, pr, pt, pb)), tw, tb, stride=s)
    if act == "prelu":
        tslope = torch.from_numpy(layer.params["slope"].copy()).requires_grad_()
        ty = f.prelu(tz, tslope)
    else:
        ty = {"linear": lambda z: z, "relu": torch.relu, "tanh": torch.tanh}[act](tz)
    ty.backward(_t(torch, dy))

    np.testing.assert_allclose(y, _ours(ty), **TORCH_TOL)
    np.testing.assert_allclose(dx, _ours(tx.grad), **TORCH_TOL)
    np.testing.assert_allclose(layer.grads["W"], tw.grad.numpy(), **TORCH_TOL)
    if bias:
        np.testing.assert_allclose(layer.grads["b"], tb.grad.numpy(), **TORCH_TOL)
    if act == "prelu":
        np.testing.assert_allclose(layer.grads["slope"], tslope.grad.numpy(), **TORCH_TOL)


@pytest.mark.parametrize(("p", "s", "h", "w"), [*POOL_CASES, (2, 2, 28, 28), (2, 2, 11, 11)])
def test_pools_match_torch(torch, p, s, h, w):
    f = torch.nn.functional
    x = _rand((4, 3, h, w), 7, np.float32)
    for cls, tfn in ((MaxPool2D, f.max_pool2d), (AvgPool2D, f.avg_pool2d)):
        layer = build_layer(cls, make_spec(cls.type_name, pool=p, stride=s), (4, h, w), dtype=np.float32)
        y = _forward(layer, x)
        dy = _rand(y.shape, 8, np.float32)
        dx = layer.backward(dy)
        tx = _t(torch, x).requires_grad_()
        ty = tfn(tx, p, s)
        ty.backward(_t(torch, dy))
        np.testing.assert_allclose(y, _ours(ty), **TORCH_TOL)
        np.testing.assert_allclose(dx, _ours(tx.grad), **TORCH_TOL)


def test_maxpool_ties_match_torch(torch):
    f = torch.nn.functional
    x = np.random.default_rng(0).integers(0, 3, (2, 3, 7, 7)).astype(np.float32)  # many ties
    for p, s in ((2, 2), (3, 1), (2, 1), (3, 2)):
        layer = build_layer(MaxPool2D, make_spec("maxpool2d", pool=p, stride=s), (2, 7, 7), dtype=np.float32)
        y = _forward(layer, x)
        dy = _rand(y.shape, 1, np.float32)
        tx = _t(torch, x).requires_grad_()
        f.max_pool2d(tx, p, s).backward(_t(torch, dy))
        np.testing.assert_allclose(layer.backward(dy), _ours(tx.grad), **TORCH_TOL)


@pytest.mark.parametrize(("in_shape", "n"), [((5,), 16), ((3, 5, 6), 4)])
def test_batchnorm_matches_torch(torch, in_shape, n):
    f = torch.nn.functional
    momentum, eps = 0.8, 1e-3
    layer = build_layer(
        BatchNorm, make_spec("batchnorm", momentum=momentum, epsilon=eps), in_shape, dtype=np.float32, seed=4
    )
    c = in_shape[0]
    t_mean, t_var = torch.zeros(c), torch.ones(c)
    tg = torch.from_numpy(layer.params["gamma"].copy()).requires_grad_()
    tb = torch.from_numpy(layer.params["beta"].copy()).requires_grad_()
    shape = (c, n, *in_shape[1:]) if len(in_shape) == 3 else (n, c)
    for step in range(3):  # the running statistics accumulate over steps
        x = _rand(shape, step, np.float32) * (1.0 + step) + step
        y = _forward(layer, x)
        dy = _rand(y.shape, 10 + step, np.float32)
        dx = layer.backward(dy)
        tx = _t(torch, x).requires_grad_()
        tg.grad = tb.grad = None
        ty = f.batch_norm(tx, t_mean, t_var, tg, tb, training=True, momentum=1.0 - momentum, eps=eps)
        ty.backward(_t(torch, dy))
        np.testing.assert_allclose(y, _ours(ty), **TORCH_TOL)
        np.testing.assert_allclose(dx, _ours(tx.grad), **TORCH_TOL)
        np.testing.assert_allclose(layer.grads["gamma"], tg.grad.numpy(), **TORCH_TOL)
        np.testing.assert_allclose(layer.grads["beta"], tb.grad.numpy(), **TORCH_TOL)
        np.testing.assert_allclose(layer.buffers["running_mean"], t_mean.numpy(), **TORCH_TOL)
        np.testing.assert_allclose(layer.buffers["running_var"], t_var.numpy(), **TORCH_TOL)
    # evaluation mode: running statistics, forward and backward
    x = _rand(shape, 20, np.float32) + 1.0
    y = _forward(layer, x, training=False)
    dy = _rand(y.shape, 21, np.float32)
    dx = layer.backward(dy)
    tx = _t(torch, x).requires_grad_()
    tg.grad = tb.grad = None
    ty = f.batch_norm(tx, t_mean, t_var, tg, tb, training=False, momentum=1.0 - momentum, eps=eps)
    ty.backward(_t(torch, dy))
    np.testing.assert_allclose(y, _ours(ty), **TORCH_TOL)
    np.testing.assert_allclose(dx, _ours(tx.grad), **TORCH_TOL)
    np.testing.assert_allclose(layer.grads["gamma"], tg.grad.numpy(), **TORCH_TOL)
    np.testing.assert_allclose(layer.grads["beta"], tb.grad.numpy(), **TORCH_TOL)
