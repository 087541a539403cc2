"""Moving a trainer to another backend (the CPU after a GPU failure) and recognising GPU errors.

No GPU exists here: ``move_to("numpy")`` from NumPy must continue bit for bit, and a fake
"GPU" error type registered in ``EXTRA_GPU_FAILURES`` (or a fake ``cupy`` module) stands in
for CuPy's errors.
"""

from __future__ import annotations

import sys
import types
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from engine import backend as backend_module
from engine.backend import NUMPY, Backend, cpu_fallback, gpu_failure_types, is_gpu_failure
from engine.design_io import load_design
from engine.spec import DesignSpec, LayerSpec
from engine.training import Trainer

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"


class FakeGpuError(RuntimeError):
    """Stands in for a CuPy error in these tests."""


def example(name: str, **train: object) -> DesignSpec:
    design = load_design(EXAMPLES / f"{name}.json")
    return replace(design, train=replace(design.train, backend="numpy", **train))


def dropout_batchnorm() -> DesignSpec:
    """Dense → BatchNorm → Dropout → Dense with Adam: buffers, dropout masks and moments all matter."""
    design = example("blobs", optimizer="adam", learning_rate=0.01)
    layers = (
        LayerSpec("L1", "dense", {"units": 12, "activation": "relu"}),
        LayerSpec("L2", "batchnorm", {}),
        LayerSpec("L3", "dropout", {"rate": 0.3}),
        LayerSpec("L4", "dense", {"units": 3, "activation": "softmax"}),
    )
    return replace(design, layers=layers)


def losses(trainer: Trainer) -> list[tuple[float, float]]:
    return [(r.train_loss, r.test_loss) for r in trainer.history]


@pytest.mark.parametrize("make", [lambda: example("xor"), dropout_batchnorm], ids=["xor", "dropout-batchnorm"])
def test_move_to_numpy_from_numpy_continues_bit_identically(make) -> None:
    design = make()
    moved, plain = Trainer(design, backend="numpy"), Trainer(design, backend="numpy")
    steps = moved.steps_per_epoch + moved.steps_per_epoch // 2  # in the middle of the second epoch
    moved.train_steps(steps, stop_at_epoch_end=False)
    before = {k: v.copy() for k, v in moved.network.state_arrays().items()}
    old_network, old_optimizer = moved.network, moved.optimizer
    moved.move_to("numpy")
    assert moved.network is not old_network and moved.optimizer is not old_optimizer  # really rebuilt
    after = moved.network.state_arrays()
    assert before.keys() == after.keys()
    for key in before:
        assert np.array_equal(before[key], after[key]), key
    state_before, state_after = old_optimizer.state_dict(), moved.optimizer.state_dict()
    for key, value in state_before.items():
        assert np.array_equal(np.asarray(value), np.asarray(state_after[key])), key
    moved.train_steps(4 * moved.steps_per_epoch - steps, stop_at_epoch_end=False)
    plain.train_epochs(4)
    assert moved.epoch == plain.epoch == 4
    assert losses(moved) == losses(plain)
    assert list(moved.step_losses) == list(plain.step_losses)
    assert np.array_equal(moved.network.flat_params, plain.network.flat_params)


def test_move_to_a_failing_backend_leaves_the_trainer_as_it_was(monkeypatch) -> None:
    trainer = Trainer(example("xor"), backend="numpy")
    trainer.train_steps(7)
    network, params = trainer.network, trainer.network.flat_params.copy()

    class Broken(types.SimpleNamespace):
        def asarray(self, *args: object, **kwargs: object) -> None:
            raise FakeGpuError("out of memory")

    with pytest.raises(FakeGpuError):
        trainer.move_to(Backend("brokengpu", Broken(), "a broken GPU"))  # type: ignore[arg-type]
    assert trainer.backend is NUMPY and trainer.network is network
    assert np.array_equal(trainer.network.flat_params, params)
    trainer.train_steps(3)  # and it still trains
    assert trainer.global_step == 10


def test_move_to_with_saved_host_state_continues_from_that_state() -> None:
    """A GPU that can no longer be read: the trainer moves with host copies taken earlier."""
    design = dropout_batchnorm()
    trainer, twin = Trainer(design, backend="numpy"), Trainer(design, backend="numpy")
    trainer.train_steps(5, stop_at_epoch_end=False)
    saved = (trainer.network.state_arrays(), trainer.optimizer.state_dict())
    twin.train_steps(5, stop_at_epoch_end=False)
    twin_opt = twin.optimizer.state_dict()
    trainer.train_steps(3, stop_at_epoch_end=False)  # these updates are lost with the "GPU"

    def unreadable() -> None:
        raise AssertionError("the old arrays must not be read")

    trainer.network.state_arrays = unreadable  # type: ignore[method-assign]
    trainer.optimizer.state_dict = unreadable  # type: ignore[method-assign]
    trainer.move_to(NUMPY, state=saved)
    for key, value in twin.network.state_arrays().items():
        assert np.array_equal(trainer.network.state_arrays()[key], value), key
    assert trainer.optimizer.t == twin_opt["t"]
    assert trainer.global_step == 8  # the counters stay where training stood


def test_abandoned_step_trains_the_same_batch_again(monkeypatch) -> None:
    """A step that fails before it counts, even the one that draws a new epoch's order, runs again."""
    design = example("xor")
    failing, plain = Trainer(design, backend="numpy"), Trainer(design, backend="numpy")
    spe = failing.steps_per_epoch
    original = Trainer._train_step
    fail_at = {3, spe, 2 * spe}  # mid-epoch, and the first step of epochs 2 and 3 (a new order)

    def flaky(self: Trainer) -> float:
        if self is failing and self.global_step in fail_at:
            fail_at.discard(self.global_step)
            self._next_indices()  # the batch is taken, then the "GPU" fails
            raise FakeGpuError("CUDA error")
        return original(self)

    monkeypatch.setattr(Trainer, "_train_step", flaky)
    failures = 0
    while failing.epoch < 3:
        try:
            failing.train_steps(spe)
        except FakeGpuError:
            failures += 1
            failing.abandon_step()
            failing.move_to("numpy")
    plain.train_epochs(3)
    assert failures == 3
    assert losses(failing) == losses(plain)
    assert np.array_equal(failing.network.flat_params, plain.network.flat_params)


def test_a_failed_epoch_end_evaluation_is_finished_after_the_move(monkeypatch) -> None:
    design = example("xor")
    failing, plain = Trainer(design, backend="numpy"), Trainer(design, backend="numpy")
    original = Trainer.evaluate
    armed = [True]

    def flaky(self: Trainer, split: str = "test") -> tuple[float, float | None]:
        if self is failing and armed[0]:
            armed[0] = False
            raise FakeGpuError("out of memory in the evaluation")
        return original(self, split)

    monkeypatch.setattr(Trainer, "evaluate", flaky)
    with pytest.raises(FakeGpuError):
        failing.train_epoch()
    assert failing.epoch == 0 and failing.global_step == failing.steps_per_epoch  # the step counted
    failing.abandon_step()  # changes nothing: the step had counted
    assert failing.global_step == failing.steps_per_epoch
    failing.move_to("numpy")
    assert failing.finish_pending_epoch()
    assert not failing.finish_pending_epoch()  # only once
    failing.train_epochs(1)
    plain.train_epochs(2)
    assert losses(failing) == losses(plain)


def test_is_gpu_failure_recognises_registered_types_only(monkeypatch) -> None:
    monkeypatch.setattr(backend_module, "EXTRA_GPU_FAILURES", (FakeGpuError,))
    assert is_gpu_failure(FakeGpuError("boom"))
    assert not is_gpu_failure(RuntimeError("boom"))
    assert not is_gpu_failure(MemoryError("host memory"))
    monkeypatch.setattr(backend_module, "EXTRA_GPU_FAILURES", ())
    assert not is_gpu_failure(FakeGpuError("boom"))


def test_is_gpu_failure_uses_cupys_types_when_cupy_is_imported(monkeypatch) -> None:
    """CuPy's error classes are found by type in its already imported modules, not by name."""
    monkeypatch.setattr(backend_module, "EXTRA_GPU_FAILURES", ())
    fake_cupy = types.ModuleType("cupy")
    memory = types.ModuleType("cupy.cuda.memory")
    runtime = types.ModuleType("cupy_backends.cuda.api.runtime")

    class OutOfMemoryError(MemoryError):
        pass

    class CUDARuntimeError(RuntimeError):
        pass

    memory.OutOfMemoryError = OutOfMemoryError  # type: ignore[attr-defined]
    runtime.CUDARuntimeError = CUDARuntimeError  # type: ignore[attr-defined]

    class OutOfMemoryErrorLookalike(MemoryError):  # same name, another type: not a GPU failure
        pass

    OutOfMemoryErrorLookalike.__name__ = "OutOfMemoryError"
    assert not is_gpu_failure(OutOfMemoryError())  # no cupy imported: nothing is a CuPy error
    monkeypatch.setitem(sys.modules, "cupy", fake_cupy)
    monkeypatch.setitem(sys.modules, "cupy.cuda.memory", memory)
    monkeypatch.setitem(sys.modules, "cupy_backends.cuda.api.runtime", runtime)
    assert set(gpu_failure_types()) == {OutOfMemoryError, CUDARuntimeError}
    assert is_gpu_failure(OutOfMemoryError())
    assert is_gpu_failure(CUDARuntimeError("cudaErrorLaunchFailure"))
    assert not is_gpu_failure(OutOfMemoryErrorLookalike())
    assert not is_gpu_failure(ValueError("shapes do not match"))


def test_is_gpu_failure_never_imports_cupy(monkeypatch) -> None:
    monkeypatch.delitem(sys.modules, "cupy", raising=False)
    imported: list[str] = []
    real_import = __import__

    def spy(name: str, *args: object, **kwargs: object) -> object:
        imported.append(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr("builtins.__import__", spy)
    assert not is_gpu_failure(RuntimeError("x"))
    assert not any(name.startswith(("cupy", "cupy_backends")) for name in imported)
    assert "cupy" not in sys.modules


def test_cpu_fallback_is_numpy_with_the_reason() -> None:
    b = cpu_fallback("the GPU ran out of memory")
    assert b.name == "numpy" and b.xp is np and b.note == "the GPU ran out of memory"
