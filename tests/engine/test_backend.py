"""Backend selection: never hangs or crashes, falls back honestly, and CuPy parity on a GPU."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from engine import backend as backend_mod
from engine.backend import GpuProbe, probe_gpu, resolve_backend
from engine.design_io import load_design
from engine.errors import BackendError

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"


@pytest.fixture
def no_cache():
    probe_gpu.cache_clear()
    yield
    probe_gpu.cache_clear()


def test_probe_reports_a_reason_when_there_is_no_gpu(no_cache, monkeypatch) -> None:
    monkeypatch.delenv("PLAYGROUND_NO_GPU", raising=False)
    result = probe_gpu()
    if not result.ok:  # the usual case on CI: no CuPy or no driver
        assert result.reason
    assert isinstance(result, GpuProbe)


def test_probe_timeout_becomes_a_reason(no_cache, monkeypatch) -> None:
    monkeypatch.delenv("PLAYGROUND_NO_GPU", raising=False)

    def hang(*args, **kwargs):
        raise subprocess.TimeoutExpired(cmd="probe", timeout=kwargs.get("timeout", 1))

    monkeypatch.setattr(backend_mod.subprocess, "run", hang)
    result = probe_gpu(timeout=0.5)
    assert not result.ok and "did not answer" in result.reason


def test_probe_crash_becomes_a_reason(no_cache, monkeypatch) -> None:
    monkeypatch.delenv("PLAYGROUND_NO_GPU", raising=False)
    crashed = subprocess.CompletedProcess(args=[], returncode=-11, stdout="", stderr="Segmentation fault")
    monkeypatch.setattr(backend_mod.subprocess, "run", lambda *a, **k: crashed)
    result = probe_gpu()
    assert not result.ok and "Segmentation fault" in result.reason


def test_auto_falls_back_to_numpy_and_says_why(no_cache, monkeypatch) -> None:
    monkeypatch.setattr(backend_mod, "probe_gpu", lambda: GpuProbe(False, None, "no NVIDIA GPU found"))
    b = resolve_backend("auto")
    assert b.name == "numpy" and "no NVIDIA GPU found" in b.note


def test_explicit_cupy_without_gpu_is_a_clear_error(monkeypatch) -> None:
    monkeypatch.setattr(backend_mod, "probe_gpu", lambda: GpuProbe(False, None, "no NVIDIA GPU found"))
    with pytest.raises(BackendError, match="not usable: no NVIDIA GPU found"):
        resolve_backend("cupy")


def test_small_networks_stay_on_the_cpu_even_with_a_gpu(monkeypatch) -> None:
    monkeypatch.setattr(backend_mod, "probe_gpu", lambda: GpuProbe(True, "Fake GPU", None))
    b = resolve_backend("auto", n_params=105)
    assert b.name == "numpy" and "small network" in b.note


@pytest.mark.parametrize(("name", "gpu"), [("spiral", False), ("xor", False), ("mnist-cnn", True), ("mnist-mlp", True)])
def test_auto_weighs_the_work_of_a_step_not_only_the_parameters(monkeypatch, name: str, gpu: bool) -> None:
    """mnist-cnn has few weights (5,258) but uses each at every position: enough work for a GPU."""
    from engine.network import forward_macs
    from engine.training import prepare

    monkeypatch.setattr(backend_mod, "probe_gpu", lambda: GpuProbe(True, "Fake GPU", None))
    monkeypatch.setattr(backend_mod, "_cupy_backend", lambda probe, note: backend_mod.Backend("cupy", np, "GPU", note))
    design = load_design(EXAMPLES / f"{name}.json")
    _, analysis = prepare(design, None)
    chosen = resolve_backend("auto", analysis.n_params, forward_macs(analysis) * design.train.batch_size)
    assert (chosen.name == "cupy") is gpu


@pytest.mark.gpu
def test_cupy_matches_numpy_on_the_mlp_and_cnn(no_cache, monkeypatch) -> None:
    pytest.importorskip("cupy")
    monkeypatch.delenv("PLAYGROUND_NO_GPU", raising=False)
    if not probe_gpu().ok:
        pytest.skip("no usable GPU")
    from engine.training import Trainer

    for name in ("mnist-mlp", "mnist-cnn"):
        d = load_design(EXAMPLES / f"{name}.json")
        d = replace(d, data=replace(d.data, train_limit=2048, test_limit=512))
        cpu, gpu = Trainer(d, backend="numpy"), Trainer(d, backend="cupy")
        for _ in range(5):
            a, b = cpu.train_step(), gpu.train_step()
            assert a == pytest.approx(b, rel=1e-3, abs=1e-5)
        np.testing.assert_allclose(cpu.network.state_arrays()[f"{d.layers[-1].id}/W"],
                                   gpu.network.state_arrays()[f"{d.layers[-1].id}/W"], rtol=1e-3, atol=1e-5)
