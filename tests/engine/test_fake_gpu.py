"""The CuPy code path, run without a GPU on a strict fake ``cupy`` (``fake_cupy.py``).

Every example design, and designs that together use every layer type, activation,
optimizer and loss, train with ``backend="cupy"``: no hidden host/device mixing (the fake
raises TypeError like CuPy), the same losses as the NumPy backend, parameters on the
device, and every read-out for the app (probes, boundary grid, inspect, checkpoints, the
command line) handing back host NumPy arrays. What the fake cannot check is in docs/gpu.md.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import json
import sys
import types
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import engine.network
from engine import cli
from engine.backend import resolve_backend
from engine.checkpoint import load_checkpoint, restore_trainer, save_checkpoint
from engine.design_io import load_design
from engine.inspect import ClassificationProbe, DenseImageProbe, conv_readout, gradient_readout
from engine.losses import LOSS_FUNCTIONS, Loss
from engine.optimizers import FLUSH_EVERY, OPTIMIZER_CLASSES, make_optimizer
from engine.probes import BoundaryGrid, Probe, ProbeFailure, run_probes, take_snapshot
from engine.spec import DataSpec, DesignSpec, LayerSpec, TrainSpec
from engine.training import Trainer

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"


def _load_fake() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("fake_cupy", Path(__file__).with_name("fake_cupy.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fake = _load_fake()


@pytest.fixture
def fake_gpu(monkeypatch: pytest.MonkeyPatch) -> Iterator[types.ModuleType]:
    """The fake as ``cupy``/``cupyx``, a fake GPU found by the probe; all undone afterwards."""
    yield fake.install(monkeypatch)


@pytest.fixture
def same_dropout_masks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Seed both backends' dropout generators alike (NumPy's uses seed + 7919, CuPy's the seed itself)."""
    monkeypatch.setattr(engine.network, "_backend_rng", lambda backend, seed: backend.xp.random.default_rng(seed))


# ---------------------------------------------------------------- designs


def _example(name: str, **data: Any) -> DesignSpec:
    design = load_design(EXAMPLES / f"{name}.json")
    return replace(design, data=replace(design.data, **data)) if data else design


def _design(dataset: str, layers: list[LayerSpec], loss: str, optimizer: str, lr: float = 0.03,
            **options: Any) -> DesignSpec:
    features = options.pop("features", ("x1", "x2"))
    data = DataSpec(dataset=dataset, samples=200, features=features, **options.pop("data", {}))
    train = TrainSpec(loss=loss, optimizer=optimizer, learning_rate=lr, batch_size=10, seed=3, **options)
    return DesignSpec(layers=tuple(layers), data=data, train=train)


def D(i: int, units: int, act: str, **opts: Any) -> LayerSpec:  # a Dense layer spec
    return LayerSpec(f"L{i}", "dense", {"units": units, "activation": act, **opts})


def A(i: int, act: str, **opts: Any) -> LayerSpec:  # an Activation layer spec
    return LayerSpec(f"L{i}", "activation", {"activation": act, **opts})


# Seven gradient optimizers x five losses (fused and unfused) x twelve activations, L1/L2,
# BatchNorm, Dropout and a Residual block on the 2-D sets (the perceptron: its example).
MATRIX: dict[str, Callable[[], DesignSpec]] = {
    "sgd-mse-step": lambda: _design(
        "circle", [D(1, 6, "tanh"), D(2, 4, "step"), D(3, 1, "tanh")], "mse", "sgd",
        features=("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin x1", "sin x2")),
    "momentum-mae-gelu": lambda: _design(
        "plane", [D(1, 8, "linear"), A(2, "gelu"), D(3, 1, "linear")], "mae", "momentum", 0.01),
    "nesterov-huber-batchnorm": lambda: _design(
        "multi_gaussian", [D(1, 8, "silu", l2=0.01), LayerSpec("L2", "batchnorm"), D(3, 1, "softplus")],
        "huber", "nesterov", 0.01, l1=1e-4, l2=1e-3),
    "adagrad-bce-fused-prelu": lambda: _design(
        "xor", [D(1, 8, "prelu"), D(2, 1, "sigmoid")], "binary_crossentropy", "adagrad", 0.1),
    "rmsprop-bce-dropout": lambda: _design(
        "moons", [D(1, 8, "elu"), LayerSpec("L2", "dropout", {"rate": 0.2}), D(3, 1, "sigmoid"),
                  LayerSpec("L4", "dropout", {"rate": 0.1})], "binary_crossentropy", "rmsprop", 0.01),
    "adam-cce-residual": lambda: _design(
        "blobs", [D(1, 8, "relu"), LayerSpec("L2", "residual", {}, (D(3, 8, "relu"), LayerSpec("L4", "batchnorm"))),
                  D(5, 3, "softmax")], "categorical_crossentropy", "adam", 0.01, data={"classes": 3}),
    "nadam-cce-unfused": lambda: _design(
        "spirals", [D(1, 8, "tanh"), A(2, "leaky_relu", alpha=0.1), D(3, 3, "softmax"),
                    LayerSpec("L4", "dropout", {"rate": 0.1})], "categorical_crossentropy", "nadam", 0.01,
        data={"classes": 3}),
    "sgd-softmax-activation-layer": lambda: _design(
        "gaussians", [D(1, 6, "sigmoid"), D(2, 2, "linear"), A(3, "softmax")], "mse", "sgd", 0.1),
}


def every_layer_cnn() -> DesignSpec:
    """Conv2D (valid and same padding, 1x1, PReLU), BatchNorm on images and vectors, overlapping
    MaxPool2D, AvgPool2D, a Residual block, Dropout, Flatten and Dense, with L1/L2."""
    design = _example("mnist-cnn", train_limit=96, test_limit=48)
    layers = (
        LayerSpec("L1", "conv2d", {"filters": 4, "kernel": 3, "activation": "prelu"}),
        LayerSpec("L2", "batchnorm"),
        LayerSpec("L3", "maxpool2d", {"pool": 3, "stride": 2}),
        LayerSpec("L4", "residual", {}, (
            LayerSpec("L5", "conv2d", {"filters": 4, "kernel": 3, "padding": "same", "activation": "relu"}),
            LayerSpec("L6", "batchnorm"),
            A(7, "elu"),
        )),
        LayerSpec("L8", "avgpool2d", {"pool": 2, "stride": 2}),
        LayerSpec("L9", "conv2d", {"filters": 4, "kernel": 1, "activation": "linear", "l2": 0.01}),
        LayerSpec("L10", "dropout", {"rate": 0.25}),
        LayerSpec("L11", "flatten"),
        D(12, 16, "gelu", l1=1e-4),
        LayerSpec("L13", "batchnorm"),
        LayerSpec("L14", "dropout", {"rate": 0.25}),
        D(15, 10, "softmax"),
    )
    return replace(design, layers=layers, train=replace(design.train, batch_size=32, l2=1e-4))


DESIGNS: dict[str, Callable[[], DesignSpec]] = {
    "xor": lambda: _example("xor"),
    "perceptron-xor": lambda: _example("perceptron-xor"),
    "circle": lambda: _example("circle"),
    "spiral": lambda: _example("spiral"),
    "blobs": lambda: _example("blobs"),
    "mnist-mlp": lambda: _example("mnist-mlp", train_limit=256, test_limit=64),
    "mnist-cnn": lambda: _example("mnist-cnn", train_limit=128, test_limit=64),
    "every-layer-cnn": every_layer_cnn,
    **MATRIX,
}


def test_the_designs_cover_every_layer_activation_optimizer_and_loss() -> None:
    from engine import catalog
    from engine.layers import registered_types

    specs = [make() for make in DESIGNS.values()]

    def walk(layers: tuple[LayerSpec, ...]) -> Iterator[LayerSpec]:
        for layer in layers:
            yield layer
            yield from walk(layer.children)

    layers = [layer for d in specs for layer in walk(d.layers)]
    assert {layer.type for layer in layers} == set(registered_types())
    assert {layer.get("activation") for layer in layers if "activation" in layer.options} >= set(catalog.ACTIVATIONS)
    assert {d.train.optimizer for d in specs} == set(catalog.OPTIMIZERS)
    assert {d.train.loss for d in specs} == set(catalog.LOSSES)


# ---------------------------------------------------------------- checks


def assert_host(value: Any, where: str = "value") -> int:
    """Every array inside ``value`` (dataclasses, dicts, sequences) is a plain host ndarray; returns how many."""
    assert not fake.is_device(value), f"{where} is a device array"
    assert not isinstance(value, ProbeFailure), f"{where} failed: {value.message}"
    if isinstance(value, np.ndarray):
        assert type(value) is np.ndarray, f"{where} is a {type(value)}"
        return 1
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return sum(assert_host(getattr(value, f.name), f"{where}.{f.name}") for f in dataclasses.fields(value))
    if isinstance(value, dict):
        return sum(assert_host(v, f"{where}[{k!r}]") for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return sum(assert_host(v, f"{where}[{i}]") for i, v in enumerate(value))
    return 0


def assert_on_device(trainer: Trainer) -> None:
    net = trainer.network
    assert trainer.backend.name == "cupy" and trainer.xp is fake.MODULE
    for a in (net.flat_params, net.flat_grads, trainer.x_train, trainer.x_test, trainer.t_train):
        assert fake.is_device(a)
    for layer in net.all_layers():
        for group in (layer.params, layer.grads, layer.buffers):
            assert all(fake.is_device(a) for a in group.values()), layer.id
    assert all(fake.is_device(a) for a in trainer.optimizer.state.values())


def steps_for(trainer: Trainer) -> int:
    """A whole epoch (so its evaluation runs) plus a few steps, or a few steps of a large epoch."""
    per_epoch = trainer.steps_per_epoch
    return per_epoch + 3 if per_epoch <= 30 else 4


def readouts(trainer: Trainer) -> dict[str, Any]:
    """Everything the app reads out of a trainer, as it reads it."""
    grid = BoundaryGrid.for_dataset(trainer.dataset, size=16)
    probes = {
        "conv": Probe(lambda t: conv_readout(t, 0)),
        "dense": Probe(DenseImageProbe()),
        "dense-change": Probe(lambda t: DenseImageProbe()(t, relative=True)),
        "gradients": Probe(gradient_readout),
        "classes": Probe(ClassificationProbe(limit=32)),
    }
    snapshot = take_snapshot(trainer, grid, 1, list(trainer.step_losses)[-5:], running=False, final=True,
                             evaluate=True, probes=probes, final_probes=True)
    x = np.asarray(trainer.dataset.x_test[:7])
    return {
        "snapshot": snapshot,
        "predict": trainer.predict(x),
        "state": trainer.network.state_arrays(),
        "optimizer": trainer.optimizer.state_dict(),
        "grid": grid.evaluate(trainer) if grid is not None else None,
    }


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("name", list(DESIGNS))
def test_design_trains_on_the_fake_gpu_like_numpy(name: str, fake_gpu: types.ModuleType, same_dropout_masks: None,
                                                  tmp_path: Path) -> None:
    design = DESIGNS[name]()
    cpu, gpu = Trainer(design, backend="numpy"), Trainer(design, backend="cupy")
    assert_on_device(gpu)
    steps = steps_for(cpu)
    cpu.train_steps(steps, stop_at_epoch_end=False)
    gpu.train_steps(steps, stop_at_epoch_end=False)
    assert_on_device(gpu)
    assert list(gpu.step_losses) == pytest.approx(list(cpu.step_losses), rel=1e-4, abs=1e-6)
    assert gpu.epoch == cpu.epoch
    for a, b in zip(cpu.history, gpu.history, strict=True):
        assert (b.train_loss, b.test_loss) == pytest.approx((a.train_loss, a.test_loss), rel=1e-4, abs=1e-6)
        assert (b.train_acc, b.test_acc) == (pytest.approx(a.train_acc), pytest.approx(a.test_acc))
    for got, want in zip(gpu.evaluate("train"), cpu.evaluate("train"), strict=True):  # (loss, accuracy or None)
        assert (got is None and want is None) or got == pytest.approx(want, rel=1e-4, abs=1e-6)
    cpu_state, gpu_state = cpu.network.state_arrays(), gpu.network.state_arrays()
    for key, value in cpu_state.items():
        np.testing.assert_allclose(gpu_state[key], value, rtol=1e-3, atol=1e-5, err_msg=key)
    assert fake.is_device(gpu.outputs("test"))  # on the backend by contract

    # what the app reads out is on the host
    out = readouts(gpu)
    assert assert_host(out) >= 4
    reference = readouts(cpu)
    np.testing.assert_allclose(out["predict"], reference["predict"], rtol=1e-3, atol=1e-5)
    if out["grid"] is not None:
        np.testing.assert_allclose(out["grid"][0], reference["grid"][0], rtol=1e-3, atol=1e-4)

    # a snapshot saved from the device restores on the device and on the CPU, and continues
    path = tmp_path / "run.snapshot"
    save_checkpoint(gpu, path)
    ckpt = load_checkpoint(path)
    assert ckpt.state["dropout_rng"] is None  # CuPy's generator state is not saved
    again, on_cpu = restore_trainer(ckpt, backend="cupy"), restore_trainer(ckpt, backend="numpy")
    assert_on_device(again)
    for key, value in again.network.state_arrays().items():
        assert np.array_equal(value, gpu_state[key]), key
    expected = gpu.train_steps(3, stop_at_epoch_end=False)
    continued = again.train_steps(3, stop_at_epoch_end=False)
    if not any(layer.spec.type == "dropout" for layer in again.network.all_layers()):
        assert continued == expected
        assert on_cpu.train_steps(3, stop_at_epoch_end=False) == pytest.approx(expected, rel=1e-4, abs=1e-6)


@pytest.mark.parametrize(("name", "per_step"), [("momentum-mae-gelu", 1), ("adam-cce-residual", 2),
                                                 ("every-layer-cnn", 2)])
def test_a_training_step_reads_the_device_once_per_number(name: str, per_step: int,
                                                          fake_gpu: types.ModuleType) -> None:
    """A step brings back its loss (and, for classes, its count of correct answers), nothing else:
    each device-to-host read makes a real GPU wait for every queued kernel."""
    trainer = Trainer(DESIGNS[name](), backend="cupy")
    steps = trainer.steps_per_epoch - 1  # within the first epoch (its end evaluates the test split)
    before = fake.syncs
    trainer.train_steps(steps)
    assert trainer.epoch == 0 and fake.syncs - before <= per_step * steps


def test_live_edits_rebuild_on_the_device(fake_gpu: types.ModuleType, same_dropout_masks: None) -> None:
    design = MATRIX["adam-cce-residual"]()
    wider = replace(design, layers=(*design.layers[:2], D(6, 8, "tanh"), design.layers[2]))
    trainers = Trainer(design, backend="numpy"), Trainer(design, backend="cupy")
    for trainer in trainers:
        trainer.train_steps(4)
        trainer.rebuild(wider)  # keeps every weight that still fits, and the optimizer state
        trainer.train_steps(4)
        trainer.set_train(replace(wider.train, optimizer="nadam", l2=1e-3))  # a new optimizer: rebuilt again
        trainer.train_steps(4)
    cpu, gpu = trainers
    assert_on_device(gpu)
    assert list(gpu.step_losses) == pytest.approx(list(cpu.step_losses), rel=1e-4, abs=1e-6)
    gpu.reinitialize()
    assert_on_device(gpu)
    assert gpu.train_step() == pytest.approx(Trainer(gpu.design, backend="numpy").train_step(), rel=1e-5)


@pytest.mark.parametrize("name", list(OPTIMIZER_CLASSES))
def test_optimizer_state_flush_and_remap_on_the_device(name: str, fake_gpu: types.ModuleType) -> None:
    cp, size = fake_gpu, 300
    rng = np.random.default_rng(0)
    params = rng.standard_normal(size).astype(np.float32)
    grads = [rng.standard_normal(size).astype(np.float32) * 1e-3 for _ in range(FLUSH_EVERY + 2)]
    hp = TrainSpec(learning_rate=0.01)
    host, dev = make_optimizer(name, np, size), make_optimizer(name, cp, size)
    p_host, p_dev = params.copy(), cp.asarray(params)
    for g in grads:  # past FLUSH_EVERY steps, so second-moment optimizers flush denormals
        host.step(p_host, g, hp)
        dev.step(p_dev, cp.asarray(g), hp)
    np.testing.assert_allclose(cp.asnumpy(p_dev), p_host, rtol=1e-5, atol=1e-7)
    state = dev.state_dict()
    assert_host(state)
    again = make_optimizer(name, cp, size)
    again.load_state_dict({**{n: dev.state[n] for n in dev.state_names}, "t": dev.t})  # device arrays too
    for n in dev.state_names:
        assert fake.is_device(again.state[n]) and np.array_equal(again.state[n].get(), state[n])
    again.remap([(0, 10, 100)], 200)
    assert all(fake.is_device(a) and a.shape == (200,) for a in again.state.values())


def test_auto_uses_the_fake_gpu_for_large_networks_only(fake_gpu: types.ModuleType) -> None:
    big = resolve_backend("auto", n_params=10**6)
    assert big.name == "cupy" and big.xp is fake_gpu and "Fake GPU" in big.note
    assert resolve_backend("auto", n_params=100).name == "numpy"
    assert type(big.to_numpy(fake_gpu.ones(3))) is np.ndarray


def test_cli_trains_one_epoch_on_the_fake_gpu(fake_gpu: types.ModuleType, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    snapshot = tmp_path / "xor.snapshot"
    rc = cli.main(["train", str(EXAMPLES / "xor.json"), "--backend", "cupy", "--epochs", "1", "--save", str(snapshot)])
    out = capsys.readouterr()
    assert rc == 0, out.err
    assert "on cupy [Fake GPU (NumPy)]" in out.out and "epoch    1" in out.out
    rc = cli.main(["train", str(snapshot), "--backend", "cupy", "--epochs", "1", "--json"])
    out = capsys.readouterr()
    assert rc == 0, out.err
    assert [json.loads(line)["epoch"] for line in out.out.splitlines()] == [2]


# ---------------------------------------------------------------- the fake can fail


def test_the_fake_refuses_what_cupy_refuses(fake_gpu: types.ModuleType) -> None:
    cp = fake_gpu
    d = cp.arange(6, dtype=np.float32).reshape(2, 3)
    h = np.ones((2, 3), np.float32)
    assert not isinstance(d, np.ndarray)
    refused: list[Callable[[], Any]] = [
        lambda: np.asarray(d),  # implicit conversion (CuPy's __array__ raises)
        lambda: np.savez(io.BytesIO(), d=d),
        lambda: float(d),  # more than one element
        lambda: d + h,  # mixing host and device
        lambda: h * d,
        lambda: cp.add(d, h),
        lambda: d.__setitem__(Ellipsis, h),
        lambda: np.add.at(d, [0], 1.0),  # ufunc methods are not dispatched
        lambda: np.maximum.reduce(d),
        lambda: np.tanh(d),  # NumPy functions on device arrays (strict mode)
        lambda: np.sum(d),
    ]
    for i, call in enumerate(refused):
        with pytest.raises(TypeError):
            call()
            pytest.fail(f"case {i} was not refused")
    with pytest.raises(AttributeError):
        cp.errstate  # noqa: B018 - CuPy has no errstate
    # allowed, as in CuPy
    assert fake.is_device(d.sum()) and float(d.sum()) == 15.0  # 0-d results stay on the device
    assert fake.is_device(np.float32(2.0) * d) and fake.is_device(2.0 - d)
    assert type(cp.asnumpy(d)) is np.ndarray and type(d.get()) is np.ndarray
    assert fake.is_device(d[np.array([1, 0])])  # host index arrays are copied over
    m = cp.zeros(3, dtype=np.float32)
    assert cp.multiply(m, 2.0, out=m) is m and m.astype(np.float32, copy=False) is m
    cupyx = sys.modules["cupyx"]  # np.add.at's portable replacement: repeated indices accumulate
    cupyx.scatter_add(m, cp.asarray([0, 0, 2]), 1.0)
    assert m.get().tolist() == [2.0, 0.0, 1.0]


def test_numpy_dispatch_mode_behaves_like_cupy(fake_gpu: types.ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fake, "NUMPY_DISPATCH", True)
    d = fake_gpu.ones(4, dtype=np.float32)
    assert fake.is_device(np.tanh(d)) and fake.is_device(np.sum(d))
    for call in (lambda: np.concatenate([d, np.ones(4)]), lambda: np.add.at(d, [0], 1.0), lambda: np.asarray(d)):
        with pytest.raises(TypeError):
            call()


def test_a_numpy_call_on_device_arrays_in_the_engine_is_caught(fake_gpu: types.ModuleType,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    mae = LOSS_FUNCTIONS["mae"]
    broken = Loss("mae", lambda xp, y, t, delta: float(np.abs(y - t).mean()), mae.grad)  # np. instead of xp.
    monkeypatch.setitem(LOSS_FUNCTIONS, "mae", broken)
    design = MATRIX["momentum-mae-gelu"]()
    assert np.isfinite(Trainer(design, backend="numpy").train_step())
    with pytest.raises(TypeError, match=r"numpy\.absolute\(\) called on a device array"):
        Trainer(design, backend="cupy").train_step()


def test_an_implicit_host_copy_in_a_probe_is_caught(fake_gpu: types.ModuleType) -> None:
    trainer = Trainer(_example("xor"), backend="cupy")
    good = Probe(lambda t: t.backend.to_numpy(t.network.flat_params))
    bad = Probe(lambda t: np.asarray(t.network.flat_params, dtype=np.float32))
    out = run_probes(trainer, {"good": good, "bad": bad}, final=True)
    assert type(out["good"]) is np.ndarray
    assert isinstance(out["bad"], ProbeFailure) and "Implicit conversion" in out["bad"].message
