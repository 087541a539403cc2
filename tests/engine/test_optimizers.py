"""Optimizers: hand-computed steps, torch.optim references, state handling, denormals."""

from __future__ import annotations

import dataclasses
import math
import tracemalloc

import numpy as np
import pytest

from engine import catalog
from engine.optimizers import CHUNK, FLUSH_EVERY, OPTIMIZER_CLASSES, flush_denormals, make_optimizer
from engine.spec import TrainSpec

xp = np
HP = TrainSpec(learning_rate=0.05, momentum=0.9, rho=0.8, beta1=0.9, beta2=0.99, epsilon=1e-7)
STATEFUL = [n for n in catalog.OPTIMIZERS if n not in ("sgd", "perceptron")]
SCALARS = ("t", "size")


def _reference_step(name, p, g, state, t, hp):
    """One step of the textbook rule on Python floats (element by element, float64)."""
    lr, mu, rho, b1, b2, eps = (hp.learning_rate, hp.momentum, hp.rho, hp.beta1, hp.beta2, hp.epsilon)
    out = []
    for i, (pi, gi) in enumerate(zip(p, g, strict=True)):
        if name in ("sgd", "perceptron"):
            pi -= lr * gi
        elif name == "momentum":
            state["v"][i] = mu * state["v"][i] + gi
            pi -= lr * state["v"][i]
        elif name == "nesterov":
            state["v"][i] = mu * state["v"][i] + gi
            pi -= lr * (gi + mu * state["v"][i])
        elif name == "adagrad":
            state["s"][i] += gi * gi
            pi -= lr * gi / (math.sqrt(state["s"][i]) + eps)
        elif name == "rmsprop":
            state["v"][i] = rho * state["v"][i] + (1 - rho) * gi * gi
            pi -= lr * gi / (math.sqrt(state["v"][i]) + eps)
        elif name in ("adam", "nadam"):
            state["m"][i] = b1 * state["m"][i] + (1 - b1) * gi
            state["v"][i] = b2 * state["v"][i] + (1 - b2) * gi * gi
            v_hat = state["v"][i] / (1 - b2**t)
            if name == "adam":
                m_hat = state["m"][i] / (1 - b1**t)
            else:
                m_hat = b1 * state["m"][i] / (1 - b1 ** (t + 1)) + (1 - b1) * gi / (1 - b1**t)
            pi -= lr * m_hat / (math.sqrt(v_hat) + eps)
        else:
            raise AssertionError(name)
        out.append(pi)
    return out


def _fresh_reference_state(n):
    return {k: [0.0] * n for k in ("v", "s", "m")}


def test_registry_matches_catalog():
    assert tuple(OPTIMIZER_CLASSES) == catalog.OPTIMIZERS
    for name in catalog.OPTIMIZERS:
        opt = make_optimizer(name, xp, 4)
        assert opt.name == name
    assert type(make_optimizer("perceptron", xp, 3)) is not type(make_optimizer("sgd", xp, 3))
    with pytest.raises(ValueError):
        make_optimizer("lbfgs", xp, 3)


@pytest.mark.parametrize("name", catalog.OPTIMIZERS)
def test_first_three_steps_against_hand_computation(name):
    p0 = [1.0, -2.0, 0.5, 0.0, 3.0]
    grads = [[0.5, 1.0, -0.25, 2.0, 0.0], [0.25, -1.0, -0.5, 1.0, 0.125], [-0.75, 0.5, 0.0, -2.0, 1.0]]
    params = np.array(p0, dtype=np.float32)
    opt = make_optimizer(name, xp, len(p0))
    ref, state = list(p0), _fresh_reference_state(len(p0))
    for t, g in enumerate(grads, start=1):
        opt.step(params, np.array(g, dtype=np.float32), HP)
        ref = _reference_step(name, ref, g, state, t, HP)
        np.testing.assert_allclose(params, ref, rtol=1e-6, atol=1e-7, err_msg=f"{name} step {t}")
    assert opt.t == 3
    assert params.dtype == np.float32


def test_literal_numbers():
    hp = dataclasses.replace(HP, learning_rate=0.1, momentum=0.9)
    g = np.array([0.5, 1.0], dtype=np.float32)
    runs = {
        "sgd": [[0.95, -2.1], [0.9, -2.2], [0.85, -2.3]],
        # v = 0.5, 0.95, 1.355 (and 1, 1.9, 2.71)
        "momentum": [[0.95, -2.1], [0.855, -2.29], [0.7195, -2.561]],
        # steps lr*(g + 0.9 v): 0.095, 0.1355, 0.17195 (and twice that)
        "nesterov": [[0.905, -2.19], [0.7695, -2.461], [0.59755, -2.8049]],
    }
    for name, want in runs.items():
        p = np.array([1.0, -2.0], dtype=np.float32)
        opt = make_optimizer(name, xp, 2)
        for row in want:
            opt.step(p, g, hp)
            np.testing.assert_allclose(p, row, rtol=1e-6, err_msg=name)
    # Adam's first step moves each weight by lr * g / (|g| + eps), about lr * sign(g); NAdam's by
    # lr * (b1 / (1 + b1) + 1) * g / (|g| + eps) = 0.1 * 28 / 19 * sign(g) for b1 = 0.9
    for name, size in (("adam", 0.1), ("nadam", 0.1 * 28 / 19)):
        p = np.array([1.0, -2.0], dtype=np.float32)
        make_optimizer(name, xp, 2).step(p, np.array([0.5, -4.0], dtype=np.float32), hp)
        np.testing.assert_allclose(p, [1.0 - size, -2.0 + size], rtol=1e-6, err_msg=name)


def _torch_optimizer(torch, name, tensor, hp):
    o = torch.optim
    lr = hp.learning_rate
    if name in ("sgd", "perceptron"):
        return o.SGD([tensor], lr=lr)
    if name == "momentum":
        return o.SGD([tensor], lr=lr, momentum=hp.momentum)
    if name == "nesterov":
        return o.SGD([tensor], lr=lr, momentum=hp.momentum, nesterov=True)
    if name == "adagrad":
        return o.Adagrad([tensor], lr=lr, initial_accumulator_value=0.0, eps=hp.epsilon)
    if name == "rmsprop":
        return o.RMSprop([tensor], lr=lr, alpha=hp.rho, eps=hp.epsilon)
    if name == "adam":
        return o.Adam([tensor], lr=lr, betas=(hp.beta1, hp.beta2), eps=hp.epsilon)
    if name == "nadam":
        # a huge momentum_decay makes torch's schedule mu_t = b1 (1 - 0.5 * 0.96^(t * decay)) exactly b1
        return o.NAdam([tensor], lr=lr, betas=(hp.beta1, hp.beta2), eps=hp.epsilon, momentum_decay=1e6)
    raise AssertionError(name)


def _run_against_torch(name, lrs, size=64, seed=0):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(seed)
    p0 = (rng.uniform(0.5, 1.5, size) * rng.choice([-1, 1], size)).astype(np.float32)
    params = p0.copy()
    tensor = torch.tensor(p0.copy(), requires_grad=True)
    ref = _torch_optimizer(torch, name, tensor, HP)
    opt = make_optimizer(name, xp, size)
    for step, lr in enumerate(lrs):
        g = rng.normal(size=size).astype(np.float32)
        if step % 7 == 3:
            g[: size // 4] *= 1e-3  # some small gradients too
        hp = dataclasses.replace(HP, learning_rate=lr)
        opt.step(params, g, hp)
        for group in ref.param_groups:
            group["lr"] = lr
        tensor.grad = torch.tensor(g)
        ref.step()
        # rtol 1e-5; the atol only matters for the few weights that wander close to zero
        np.testing.assert_allclose(
            params, tensor.detach().numpy(), rtol=1e-5, atol=1e-6, err_msg=f"{name} step {step + 1}"
        )
    assert not np.allclose(params, p0)


@pytest.mark.parametrize("name", catalog.OPTIMIZERS)
def test_twenty_steps_against_torch(name):
    _run_against_torch(name, [HP.learning_rate] * 20)


@pytest.mark.parametrize("name", catalog.OPTIMIZERS)
def test_changing_learning_rate_keeps_state(name):
    # the same schedule of learning rates in torch: state must carry across every change
    lrs = [0.05, 0.05, 0.01, 0.1, 0.1, 0.002, 0.03, 0.03, 0.2, 0.05] * 2
    _run_against_torch(name, lrs, seed=1)


@pytest.mark.parametrize("name", catalog.OPTIMIZERS)
def test_chunked_update_matches_single_chunk(name):
    size = 2 * CHUNK + 37
    rng = np.random.default_rng(2)
    p_big = rng.normal(size=size).astype(np.float32)
    big = make_optimizer(name, xp, size)
    pieces = [slice(0, 50), slice(CHUNK - 25, CHUNK + 25), slice(size - 50, size)]
    small = [make_optimizer(name, xp, 50) for _ in pieces]
    p_small = [p_big[s].copy() for s in pieces]
    for _ in range(3):
        g = rng.normal(size=size).astype(np.float32)
        big.step(p_big, g, HP)
        for opt, p, s in zip(small, p_small, pieces, strict=True):
            opt.step(p, g[s].copy(), HP)
    for p, s in zip(p_small, pieces, strict=True):
        np.testing.assert_array_equal(p_big[s], p)


@pytest.mark.parametrize("name", ["sgd", "rmsprop", "adam", "nadam"])
def test_step_allocates_no_parameter_sized_array(name):
    size = 400_000
    rng = np.random.default_rng(3)
    p = rng.normal(size=size).astype(np.float32)
    g = rng.normal(size=size).astype(np.float32)
    opt = make_optimizer(name, xp, size)
    opt.step(p, g, HP)
    tracemalloc.start()
    try:
        opt.step(p, g, HP)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # a few hundred bytes of Python objects (slices, views); a float32 temporary of even one
    # chunk would be 256 KiB, of the whole vector 1.6 MB
    assert peak < 16_384


@pytest.mark.parametrize("name", catalog.OPTIMIZERS)
def test_state_dict_round_trip_continues_identically(name):
    rng = np.random.default_rng(4)
    size = 30
    p = rng.normal(size=size).astype(np.float32)
    a = make_optimizer(name, xp, size)
    for _ in range(5):
        a.step(p, rng.normal(size=size).astype(np.float32), HP)
    sd = a.state_dict()
    assert sd["t"] == 5 and sd["size"] == size
    assert all(isinstance(v, np.ndarray) for k, v in sd.items() if k not in SCALARS)
    b = make_optimizer(name, xp, size)
    b.load_state_dict(sd)
    # the dict holds copies: changing it later changes neither optimizer
    for k, v in sd.items():
        if k not in SCALARS:
            v[...] = 123.0
    pa, pb = p.copy(), p.copy()
    for _ in range(5):
        g = rng.normal(size=size).astype(np.float32)
        a.step(pa, g, HP)
        b.step(pb, g, HP)
    np.testing.assert_array_equal(pa, pb)
    if name in STATEFUL:
        # and the state really mattered: a fresh optimizer goes elsewhere
        pc = p.copy()
        c = make_optimizer(name, xp, size)
        rng2 = np.random.default_rng(4)
        for _ in range(5):
            rng2.normal(size=size)
        for _ in range(5):
            c.step(pc, rng2.normal(size=size).astype(np.float32), HP)
        assert not np.allclose(pc, pa)


@pytest.mark.parametrize("name", catalog.OPTIMIZERS)
def test_load_state_dict_rejects_mismatches(name):
    opt = make_optimizer(name, xp, 10)
    opt.step(np.zeros(10, np.float32), np.ones(10, np.float32), HP)
    sd = opt.state_dict()
    other = make_optimizer(name, xp, 11)
    with pytest.raises(ValueError):
        other.load_state_dict(sd)
    with pytest.raises(ValueError):
        opt.load_state_dict({**sd, "t": -1})
    with pytest.raises(ValueError):
        opt.load_state_dict({**sd, "extra": np.zeros(10, np.float32)})
    if name in STATEFUL:
        key = next(k for k in sd if k not in SCALARS)
        with pytest.raises(ValueError):
            opt.load_state_dict({k: v for k, v in sd.items() if k != key})
        with pytest.raises(ValueError):
            opt.load_state_dict({**sd, key: np.zeros((2, 5), np.float32)})
    # a failed load leaves the optimizer as it was
    assert opt.state_dict()["t"] == 1
    for k, v in opt.state_dict().items():
        if k not in SCALARS:
            np.testing.assert_array_equal(v, sd[k])


def test_load_state_dict_rejects_another_optimizers_state():
    adam = make_optimizer("adam", xp, 5)
    with pytest.raises(ValueError):
        make_optimizer("rmsprop", xp, 5).load_state_dict(adam.state_dict())


@pytest.mark.parametrize("name", catalog.OPTIMIZERS)
def test_remap_keeps_moved_segments(name):
    rng = np.random.default_rng(5)
    old_size, new_size = 12, 15
    moves = [(0, 2, 3), (5, 9, 6)]  # old[0:3] -> new[2:5], old[5:11] -> new[9:15]
    p_old = rng.normal(size=old_size).astype(np.float32)
    opt = make_optimizer(name, xp, old_size)
    ref = make_optimizer(name, xp, old_size)
    p_ref = p_old.copy()
    for _ in range(4):
        g = rng.normal(size=old_size).astype(np.float32)
        opt.step(p_old, g, HP)
        ref.step(p_ref, g, HP)
    before = opt.state_dict()
    opt.remap(moves, new_size)
    after = opt.state_dict()
    assert opt.size == new_size and after["t"] == 4 and after["size"] == new_size
    moved = np.zeros(new_size, bool)
    for old, new, length in moves:
        moved[new:new + length] = True
        for k in after:
            if k not in SCALARS:
                np.testing.assert_array_equal(after[k][new:new + length], before[k][old:old + length])
    for k in after:
        if k not in SCALARS:
            assert after[k].shape == (new_size,)
            assert np.all(after[k][~moved] == 0)
            if name in STATEFUL:
                assert np.all(after[k][moved] != 0)
    # continuing: the moved segments follow the run that never rebuilt
    p_new = np.zeros(new_size, np.float32)
    for old, new, length in moves:
        p_new[new:new + length] = p_old[old:old + length]
    for _ in range(3):
        g = rng.normal(size=old_size).astype(np.float32)
        g_new = rng.normal(size=new_size).astype(np.float32)
        for old, new, length in moves:
            g_new[new:new + length] = g[old:old + length]
        ref.step(p_ref, g, HP)
        opt.step(p_new, g_new, HP)
    for old, new, length in moves:
        np.testing.assert_array_equal(p_new[new:new + length], p_ref[old:old + length])


def test_remap_rejects_moves_out_of_range():
    opt = make_optimizer("adam", xp, 10)
    for moves, size in [([(8, 0, 3)], 10), ([(0, 9, 3)], 10), ([(0, 0, -1)], 10), ([(-1, 0, 2)], 10)]:
        with pytest.raises(ValueError):
            opt.remap(moves, size)
    assert opt.size == 10


@pytest.mark.parametrize("name", catalog.OPTIMIZERS)
def test_empty_vector(name):
    opt = make_optimizer(name, xp, 0)
    opt.step(np.zeros(0, np.float32), np.zeros(0, np.float32), HP)
    assert opt.t == 1
    opt.remap([], 3)
    p = np.ones(3, np.float32)
    opt.step(p, np.ones(3, np.float32), HP)
    assert np.all(p < 1)


def test_step_rejects_wrong_sizes():
    opt = make_optimizer("adam", xp, 10)
    with pytest.raises(ValueError):
        opt.step(np.zeros(11, np.float32), np.zeros(11, np.float32), HP)
    assert opt.t == 0


def test_flush_denormals():
    a = np.array([1e-40, 1e-20, -1e-40, -1e-31, 1.0, 0.0, -1e-29, 3e-38], dtype=np.float32)
    assert a[0] != 0  # 1e-40 is a float32 denormal, not zero
    flush_denormals(xp, a)
    np.testing.assert_array_equal(a, np.array([0, 1e-20, 0, 0, 1.0, 0, -1e-29, 0], dtype=np.float32))
    # long arrays (several chunks), 2-D and non-contiguous arrays are flushed in place too
    big = np.full(2 * CHUNK + 5, 1e-40, dtype=np.float32)
    big[::3] = 1e-20
    m = np.full((4, 6), 1e-40, dtype=np.float32)
    m[:, ::2] = 2.0
    col = m[:, 1]
    flush_denormals(xp, big, col)
    assert np.all(big[::3] == np.float32(1e-20)) and np.count_nonzero(big) == len(big[::3])
    assert np.all(m[:, 1] == 0) and np.all(m[:, 3] != 0) and np.all(m[:, ::2] == 2.0)


@pytest.mark.parametrize("name", ["adagrad", "rmsprop", "adam", "nadam"])
def test_second_moment_optimizers_flush_every_256_steps(name):
    size = 6
    opt = make_optimizer(name, xp, size)
    sd = {k: np.full(size, 1e-33, np.float32) for k in opt.state_dict() if k not in SCALARS}
    p, g = np.ones(size, np.float32), np.zeros(size, np.float32)
    opt.load_state_dict({**sd, "t": 0})  # "size" may be left out
    opt.step(p, g, HP)
    assert all(np.all(v != 0) for k, v in opt.state_dict().items() if k not in SCALARS)
    opt.load_state_dict({**sd, "t": FLUSH_EVERY - 1})
    opt.step(p, g, HP)
    assert all(np.all(v == 0) for k, v in opt.state_dict().items() if k not in SCALARS)
