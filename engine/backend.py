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

# Below this much work per training step the CPU beats a GPU: a step is then dominated by
# the GPU's per-kernel launch cost (roughly 5-10 us for each of 40-150 kernels), not by
# arithmetic. Work = multiply-adds of one forward pass over a batch (see network.forward_macs).
# An estimate, not a measurement (no GPU was available): see docs/gpu.md for the reasoning
# and how to measure it. The spiral example does ~1e3, mnist-cnn ~1.3e7, mnist-mlp ~5e7.
SMALL_STEP_MACS = 5_000_000
# Used only when the caller knows the parameter count but not the work.
SMALL_NETWORK_PARAMS = 50_000


def resolve_backend(request: str = "auto", n_params: int | None = None, step_macs: int | None = None) -> Backend:
    """Turn ``auto|numpy|cupy`` into a Backend; ``cupy`` without a usable GPU is an error.

    ``auto`` keeps small networks on the CPU: ``step_macs`` (the forward multiply-adds of one
    batch) below :data:`SMALL_STEP_MACS`, or without it ``n_params`` below :data:`SMALL_NETWORK_PARAMS`.
    """
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
    small = step_macs < SMALL_STEP_MACS if step_macs is not None else (
        n_params is not None and n_params < SMALL_NETWORK_PARAMS
    )
    if small:
        return Backend("numpy", np, "CPU", "small network: the CPU is faster than the GPU here")
    return _cupy_backend(probe, f"using the GPU {probe.name}")


# ---------------------------------------------------------------- GPU failures

# (module, class) of CuPy's errors that mean "the GPU cannot go on" (out of memory, a CUDA
# runtime or driver error, a failing CUDA library). Looked up only in modules that are
# already imported: an error type whose module was never loaded cannot have been raised.
_CUPY_FAILURES = (
    ("cupy.cuda.memory", "OutOfMemoryError"),
    ("cupy_backends.cuda.api.runtime", "CUDARuntimeError"),
    ("cupy_backends.cuda.api.driver", "CUDADriverError"),
    ("cupy_backends.cuda.libs.cublas", "CUBLASError"),
    ("cupy_backends.cuda.libs.curand", "CURANDError"),
    ("cupy_backends.cuda.libs.cusolver", "CUSOLVERError"),
    ("cupy_backends.cuda.libs.nvrtc", "NVRTCError"),
    ("cupy.cuda.compiler", "CompileException"),
    ("cupy.cuda.runtime", "CUDARuntimeError"),  # older CuPy releases defined them here
    ("cupy.cuda.driver", "CUDADriverError"),
)

# Further exception types treated as GPU failures (another GPU library; tests add a fake one).
EXTRA_GPU_FAILURES: tuple[type[BaseException], ...] = ()


def gpu_failure_types() -> tuple[type[BaseException], ...]:
    """The exception types that :func:`is_gpu_failure` accepts right now (never imports CuPy)."""
    found: list[type[BaseException]] = list(EXTRA_GPU_FAILURES)
    if sys.modules.get("cupy") is None:
        return tuple(found)
    for module_name, class_name in _CUPY_FAILURES:
        module = sys.modules.get(module_name)
        cls = vars(module).get(class_name) if module is not None else None  # names are constants above
        if isinstance(cls, type) and issubclass(cls, BaseException) and cls not in found:
            found.append(cls)
    return tuple(found)


def is_gpu_failure(exc: BaseException) -> bool:
    """True when ``exc`` is a GPU error (CuPy out of memory, CUDA runtime/driver/library error).

    Decided by the exception's type only; CuPy is looked at only if it is already imported.
    """
    types = gpu_failure_types()
    return bool(types) and isinstance(exc, types)


def cpu_fallback(reason: str) -> Backend:
    """The NumPy backend used after a GPU failure, with the reason as its note."""
    return Backend("numpy", np, "CPU", reason)


def _cupy_backend(probe: GpuProbe, note: str) -> Backend:
    try:
        import cupy
    except Exception as exc:  # pragma: no cover - the probe passed, so this is rare
        raise BackendError(f"CuPy failed to import: {exc}") from exc
    return Backend("cupy", cupy, probe.name or "GPU", note)
