"""Shared plumbing of the engine-vs-PyTorch benchmarks B1-B3 (method: shared performance notes §3, §8).

Every benchmark script has two modes:

- **worker** (``--worker engine|torch``): runs ONE implementation in this fresh process
  and prints exactly one JSON object on its last stdout line;
- **driver** (the default): starts one worker subprocess per implementation, one after
  the other (never concurrently), with ``OMP/MKL/OPENBLAS_NUM_THREADS`` set, and prints
  the results. ``run_all.py`` repeats the drivers, interleaved, and takes medians.

Separate processes keep OpenBLAS's and OpenMP's spin-waiting thread pools from competing
for the same two cores. The engine side always goes through the real engine
(``load_design`` + ``Trainer``); the PyTorch side is idiomatic PyTorch of the same network,
started from the engine's initial weights and fed the engine's batch order, so the printed
losses and accuracies double as a correctness check of the engine's backward passes.

torch is a benchmark-only dependency: nothing under ``engine/`` or ``playground/`` imports it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "assets" / "examples"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# BLAS / OpenMP threads per worker: 2 on the reference machine (2 cores). ``--threads 1``
# gives steadier ratios on a loaded machine, where a descheduled thread stalls the other
# at every GEMM's barrier.
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")
WORKER_TIMEOUT_S = 900

IMPLS = ("engine", "torch")


# ----------------------------------------------------------------------------- driver side


def set_threads(threads: int) -> None:
    """Thread count for the workers started from now on."""
    global THREADS
    THREADS = int(threads)


def worker_env(threads: int | None = None) -> dict[str, str]:
    """The environment of a worker: pinned thread counts, the repository on the path."""
    threads = THREADS if threads is None else threads
    env = dict(os.environ)
    env["BENCH_THREADS"] = str(threads)
    for var in THREAD_VARS:
        env[var] = str(threads)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_worker(script: Path, impl: str, args: Sequence[str], threads: int | None = None) -> dict[str, Any]:
    """Run ``script --worker impl args`` in a fresh process; its last stdout line is the JSON result.

    A worker that crashes gives ``{"impl": impl, "error": ...}`` instead of raising, so one
    broken implementation does not lose the rest of a run.
    """
    cmd = [sys.executable, str(script), "--worker", impl, *args]
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, env=worker_env(threads), timeout=WORKER_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        return {"impl": impl, "error": f"timed out after {WORKER_TIMEOUT_S} s"}
    lines = [ln for ln in proc.stdout.strip().splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout or "no output").strip().splitlines()[-3:]
        return {"impl": impl, "error": f"exit {proc.returncode}: " + " | ".join(tail)}
    return json.loads(lines[-1])


def drive(script: Path, args: Sequence[str], impls: Sequence[str] = IMPLS) -> dict[str, dict[str, Any]]:
    """One result per implementation, each from its own fresh worker, run one after the other."""
    return {impl: run_worker(script, impl, args) for impl in impls}


def emit(result: dict[str, Any]) -> None:
    """A worker's one result line."""
    print(json.dumps(result), flush=True)


def base_parser(doc: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--worker", choices=IMPLS, help="run one implementation in this process (internal)")
    parser.add_argument(
        "--backend", choices=("numpy", "cupy"), default="numpy",
        help="numpy: engine on NumPy vs torch CPU; cupy: engine on CuPy vs torch CUDA (skipped without a GPU)",
    )
    parser.add_argument("--quick", action="store_true", help="a few steps only (smoke test)")
    parser.add_argument("--threads", type=int, default=THREADS,
                        help=f"BLAS/OpenMP threads per worker (default {THREADS}; env BENCH_THREADS)")
    parser.add_argument("--json", metavar="PATH", help="driver: also write the results to this JSON file")
    return parser


def forward_args(args: argparse.Namespace, names: Sequence[str]) -> list[str]:
    """The command-line options a driver passes on to its workers."""
    out = ["--backend", args.backend]
    if args.quick:
        out.append("--quick")
    for name in names:
        value = getattr(args, name)
        if value is not None:
            out += [f"--{name.replace('_', '-')}", str(value)]
    return out


def ratio(engine: dict[str, Any], torch_: dict[str, Any], key: str) -> float | None:
    """engine[key] / torch[key], or None when either side has no number."""
    a, b = engine.get(key), torch_.get(key)
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or b == 0:
        return None
    return a / b


def median_or_none(values: Sequence[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return statistics.median(vals) if vals else None


def fmt(v: Any, digits: int = 3) -> str:
    if v is None:
        return "n/a"
    if isinstance(v, float):
        if abs(v) >= 1000:
            return f"{v:,.0f}"
        return f"{v:.{digits}g}" if abs(v) < 1 else f"{v:.{digits}f}".rstrip("0").rstrip(".")
    return str(v)


def describe(result: dict[str, Any]) -> str:
    """A one-line summary of a worker's result for the driver's output."""
    if "error" in result:
        return f"{result['impl']}: ERROR {result['error']}"
    if "skipped" in result:
        return f"{result['impl']}: skipped ({result['skipped']})"
    keys = [k for k in result if k not in ("impl", "epoch_seconds", "train_acc_per_epoch")]
    return f"{result['impl']}: " + ", ".join(f"{k}={fmt(result[k], 5)}" for k in keys)


# ----------------------------------------------------------------------------- worker side: common


def engine_trainer(design_name: str, backend: str) -> tuple[Any, Any]:
    """(design, Trainer) of an example design on ``backend``; raises BackendError if unusable."""
    from engine.design_io import load_design
    from engine.training import Trainer

    design = load_design(EXAMPLES / f"{design_name}.json")
    return design, Trainer(design, backend=backend)


def engine_skip_reason(backend: str) -> str | None:
    """Why the engine cannot run on ``backend`` here (None when it can)."""
    if backend != "cupy":
        return None
    from engine.backend import probe_gpu

    probe = probe_gpu()
    return None if probe.ok else f"CuPy backend not usable: {probe.reason}"


def engine_sync(trainer: Any) -> None:
    """Wait for queued GPU work (a no-op on NumPy) so that timers measure finished work."""
    if trainer.backend.name == "cupy":
        trainer.xp.cuda.Stream.null.synchronize()


def batch_order(seed: int, n: int, batch_size: int, epochs: int) -> Iterator[list[Any]]:
    """The engine's batch order: per epoch one permutation of ``n`` from ``default_rng(seed + 1)``,
    cut into consecutive batches (the last one may be short). Mirrors ``Trainer._next_indices``.
    """
    import numpy as np

    rng = np.random.default_rng(seed + 1)
    for _ in range(epochs):
        order = rng.permutation(n)
        yield [order[i:i + batch_size] for i in range(0, n, batch_size)]


def engine_network(design: Any, input_shape: Sequence[int]) -> Any:
    """The engine's freshly initialised Network for ``design``: the same weights a Trainer starts from."""
    from engine.network import Network

    return Network(design, tuple(input_shape))


# ----------------------------------------------------------------------------- worker side: torch


def torch_setup(backend: str) -> tuple[Any, Any, str | None]:
    """(torch, device, skip reason): CPU with ``THREADS`` threads, or CUDA for ``--backend cupy``."""
    import torch

    torch.set_num_threads(THREADS)
    if backend == "cupy":
        if not torch.cuda.is_available():
            return torch, None, "torch CUDA not available"
        return torch, torch.device("cuda"), None
    return torch, torch.device("cpu"), None


def torch_sync(torch: Any, device: Any) -> None:
    if device is not None and device.type == "cuda":
        torch.cuda.synchronize()


def copy_engine_weights(torch: Any, model: Any, network: Any) -> None:
    """Copy the engine's initial weights into the model's Linear/Conv2d modules, in order.

    Engine Dense W is (in, out) and becomes nn.Linear's (out, in); engine Conv2D W already is
    (Cout, Cin, k, k). Shapes are checked, so a mismatched network fails loudly.
    """
    import numpy as np

    engine_layers = [layer for layer in network.layers if layer.spec.type in ("dense", "conv2d")]
    torch_layers = [m for m in model.modules() if isinstance(m, (torch.nn.Linear, torch.nn.Conv2d))]
    if len(engine_layers) != len(torch_layers):
        raise ValueError(f"{len(engine_layers)} engine layers with weights vs {len(torch_layers)} torch modules")
    with torch.no_grad():
        for layer, mod in zip(engine_layers, torch_layers, strict=True):
            w = np.asarray(layer.params["W"])
            w = w.T if layer.spec.type == "dense" else w
            if tuple(mod.weight.shape) != w.shape:
                raise ValueError(f"{layer.id}: engine W {w.shape} vs torch {tuple(mod.weight.shape)}")
            mod.weight.copy_(torch.from_numpy(np.ascontiguousarray(w)))
            if mod.bias is not None:
                mod.bias.copy_(torch.from_numpy(np.asarray(layer.params["b"])))


def timed(fn: Callable[[], Any], sync: Callable[[], None] = lambda: None) -> tuple[float, Any]:
    """(seconds, result) of one call, synchronising the device before reading the clock."""
    sync()
    t0 = time.perf_counter()
    out = fn()
    sync()
    return time.perf_counter() - t0, out


def worker_main(run_engine: Callable[[argparse.Namespace], dict], run_torch: Callable[[argparse.Namespace], dict],
                args: argparse.Namespace) -> int:
    """Run one implementation and emit its result (or why it was skipped)."""
    impl = args.worker
    try:
        result = run_engine(args) if impl == "engine" else run_torch(args)
    except ImportError as exc:  # torch not installed: a clean skip, not a failure
        result = {"skipped": f"{exc.name or exc} not importable"}
    result = {"impl": impl, "backend": args.backend, "threads": THREADS, **result}
    emit(result)
    return 0
