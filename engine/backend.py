"""Compute backends: NumPy always, CuPy when a usable NVIDIA GPU is found.

Finding a GPU never imports CuPy in the calling process: a subprocess probes with a
timeout, so a hanging driver or a broken CUDA install cannot freeze or crash the app.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Any

import numpy as np

from engine.errors import BackendError

PROBE_TIMEOUT_S = 20.0

_PROBE_SCRIPT = r"""
import json, importlib.util
out = {"ok": False, "name": None, "reason": None}
try:
    if importlib.util.find_spec("cupy") is None:
        out["reason"] = "CuPy is not installed (pip install 'nn-playground[gpu]')"
    else:
        import cupy
        n = cupy.cuda.runtime.getDeviceCount()
        if n < 1:
            out["reason"] = "no NVIDIA GPU found"
        else:
            a = cupy.arange(1024, dtype=cupy.float32)
            float((a @ a).get())
            props = cupy.cuda.runtime.getDeviceProperties(0)
            name = props["name"]
            out["name"] = name.decode() if isinstance(name, bytes) else str(name)
            out["ok"] = True
except Exception as exc:  # report any driver or runtime failure as a reason
    out["reason"] = (type(exc).__name__ + ": " + str(exc))[:300]
print(json.dumps(out))
"""


@dataclass(frozen=True)
class GpuProbe:
    """What the GPU probe found: usable or not, the device name, or why not."""

    ok: bool
    name: str | None
    reason: str | None


@lru_cache(maxsize=1)
def probe_gpu(timeout: float = PROBE_TIMEOUT_S) -> GpuProbe:
    """Probe for a usable CuPy GPU in a subprocess; cached for the life of the process."""
    if os.environ.get("PLAYGROUND_NO_GPU"):
        return GpuProbe(False, None, "disabled by PLAYGROUND_NO_GPU")
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _PROBE_SCRIPT],
            capture_output=True, text=True, timeout=timeout, check=False,
        )
    except subprocess.TimeoutExpired:
        return GpuProbe(False, None, f"the GPU probe did not answer within {timeout:.0f} s")
    except OSError as exc:
        return GpuProbe(False, None, f"the GPU probe could not start: {exc}")
    try:
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        return GpuProbe(bool(result["ok"]), result.get("name"), result.get("reason"))
    except (ValueError, IndexError, KeyError, TypeError):
        tail = (proc.stderr or "").strip().splitlines()[-1:] or ["no output"]
        return GpuProbe(False, None, f"the GPU probe failed: {tail[0][:200]}")


@dataclass(frozen=True)
class Backend:
    """An array namespace (``xp``) and its name; one per network."""

    name: str
    xp: ModuleType
    device: str  # "CPU" or the GPU's name
    note: str = ""  # why auto chose this backend, shown to the user

    def to_numpy(self, a: Any) -> np.ndarray:
        """Copy an array to the host (a no-op view for NumPy arrays)."""
        if self.name == "cupy":
            return self.xp.asnumpy(a)
        return np.asarray(a)

    def asarray(self, a: Any, dtype: Any = np.float32) -> Any:
        return self.xp.asarray(a, dtype=dtype)


NUMPY = Backend("numpy", np, "CPU")

# Parameter count below which the CPU beats a GPU (kernel-launch latency dominates).
SMALL_NETWORK_PARAMS = 50_000


def resolve_backend(request: str = "auto", n_params: int | None = None) -> Backend:
    """Turn ``auto|numpy|cupy`` into a Backend; ``cupy`` without a usable GPU is an error."""
    request = os.environ.get("PLAYGROUND_BACKEND", request) if request == "auto" else request
    if request == "numpy":
        return NUMPY
    if request not in ("auto", "cupy"):
        raise BackendError(f"unknown backend {request!r}; expected auto, numpy or cupy")
    probe = probe_gpu()
    if request == "cupy":
        if not probe.ok:
            raise BackendError(f"the GPU backend (CuPy) is not usable: {probe.reason}")
        return _cupy_backend(probe, "")
    if not probe.ok:
        return Backend("numpy", np, "CPU", f"no usable GPU ({probe.reason}); using NumPy on the CPU")
    if n_params is not None and n_params < SMALL_NETWORK_PARAMS:
        return Backend("numpy", np, "CPU", "small network: the CPU is faster than the GPU here")
    return _cupy_backend(probe, f"using the GPU {probe.name}")


def _cupy_backend(probe: GpuProbe, note: str) -> Backend:
    try:
        import cupy
    except Exception as exc:  # pragma: no cover - the probe passed, so this is rare
        raise BackendError(f"CuPy failed to import: {exc}") from exc
    return Backend("cupy", cupy, probe.name or "GPU", note)
