"""Run B1-B3 (and B4 when present) several times, interleaved, and print a markdown table of medians.

Each repeat runs B1, B2, B3, B4 in turn; each benchmark starts one fresh worker process
per implementation (engine, then torch). The table gives the median over the repeats of
each side's number and the median of the per-repeat ratios (ratios are taken within one
repeat, where both sides saw the same machine load), with min..max over the repeats.

    python benchmarks/run_all.py [--repeats 3] [--quick] [--backend numpy|cupy] [--json out.json]

``--quick`` is a smoke run (one repeat, a few steps per benchmark, about a minute);
its numbers are extrapolated and only show that everything runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import b1_spiral
import b2_mnist_mlp
import b3_mnist_cnn
import common

HERE = Path(__file__).resolve().parent
B4 = HERE / "b4_boundary.py"
B4_TARGET_MS = 0.5


def load_average() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "n/a"


def run_b4(quick: bool) -> dict[str, Any]:
    """B4 is its author's script (no worker mode): run it once and read its printed milliseconds."""
    if not B4.exists():
        return {"skipped": "benchmarks/b4_boundary.py not present"}
    cmd = [sys.executable, str(B4), "--calls", "50" if quick else "200"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=common.worker_env(),
                          timeout=common.WORKER_TIMEOUT_S, check=False)
    if proc.returncode != 0:
        return {"error": (proc.stderr or proc.stdout).strip().splitlines()[-1:]}

    def ms(pattern: str) -> float | None:
        m = re.search(pattern + r"[^\n]*?:\s*([0-9.]+) ms", proc.stdout)
        return float(m.group(1)) if m else None

    return {"evaluate_ms": ms(r"BoundaryGrid\.evaluate"), "torch_ms": ms(r"PyTorch forward"),
            "output": proc.stdout}


def _ns(**kw: Any) -> argparse.Namespace:
    return argparse.Namespace(**kw)


def repeat_once(args: argparse.Namespace, which: set[str]) -> dict[str, Any]:
    base = {"backend": args.backend, "quick": args.quick, "json": None, "worker": None}
    out: dict[str, Any] = {"load_before": load_average()}
    if "b1" in which:
        out["b1"] = b1_spiral.drive(_ns(**base, steps=args.b1_steps, warmup=500))
        _progress("B1", out["b1"])
    if "b2" in which:
        out["b2"] = b2_mnist_mlp.drive(_ns(**base, epochs=args.b2_epochs, torch_epochs=args.b2_torch_epochs))
        _progress("B2", out["b2"])
    if "b3" in which:
        out["b3"] = b3_mnist_cnn.drive(_ns(**base, steps=args.b3_steps))
        _progress("B3", out["b3"])
    if "b4" in which and args.backend == "numpy":
        out["b4"] = run_b4(args.quick)
        print(f"  B4: evaluate {common.fmt(out['b4'].get('evaluate_ms'))} ms", file=sys.stderr, flush=True)
    out["load_after"] = load_average()
    return out


def _progress(name: str, res: dict[str, Any]) -> None:
    print(f"  {name}: " + "; ".join(common.describe(res[i]) for i in common.IMPLS), file=sys.stderr, flush=True)


def _values(runs: list[dict], bench: str, impl: str, key: str) -> list[float]:
    out = []
    for run in runs:
        v = run.get(bench, {}).get(impl, {}).get(key)
        if isinstance(v, (int, float)):
            out.append(float(v))
    return out


def _span(vals: list[float], digits: int = 3) -> str:
    """'median (min..max)' of a list of numbers."""
    if not vals:
        return "n/a"
    med = common.median_or_none(vals)
    if len(vals) == 1:
        return common.fmt(med, digits)
    return f"{common.fmt(med, digits)} ({common.fmt(min(vals), digits)}..{common.fmt(max(vals), digits)})"


def _status(vals: list[float], ok) -> str:
    if not vals:
        return "n/a"
    return "pass" if ok(common.median_or_none(vals)) else "FAIL"


def _skip_note(runs: list[dict], bench: str) -> str:
    """Why an implementation has no number (first repeat that says so), per implementation."""
    notes = {}
    for run in runs:
        for impl in common.IMPLS:
            r = run.get(bench, {}).get(impl, {})
            if ("skipped" in r or "error" in r) and impl not in notes:
                notes[impl] = f"{impl} {'skipped' if 'skipped' in r else 'ERROR'}: {r.get('skipped') or r.get('error')}"
    return "; ".join(notes.values())


def table(runs: list[dict], args: argparse.Namespace) -> str:
    q = " (extrapolated)" if args.quick else ""
    rows = [
        "| workload | engine | torch | ratio | target | result | engine acc / loss | torch acc / loss |",
        "|---|---|---|---|---|---|---|---|",
    ]
    # B1: steps per second, ratio = engine / torch (higher is better)
    e, t = _values(runs, "b1", "engine", "steps_per_second"), _values(runs, "b1", "torch", "steps_per_second")
    r = [run["b1"]["speedup"] for run in runs if run.get("b1", {}).get("speedup") is not None]
    el, tl = _values(runs, "b1", "engine", "train_loss"), _values(runs, "b1", "torch", "train_loss")
    ea, ta = _values(runs, "b1", "engine", "test_acc"), _values(runs, "b1", "torch", "test_acc")
    if "b1" in runs[0]:
        rows.append(
            f"| B1 spiral.json steps/s | {_span(e)} | {_span(t)} | {_span(r)}{'x' if r else ''} | >= 5x | "
            f"{_status(r, lambda v: v >= b1_spiral.TARGET_RATIO)} | "
            f"test {_span(ea, 4)} / train loss {_span(el, 4)} | test {_span(ta, 4)} / train loss {_span(tl, 4)} |"
        )
    # B2 / B3: seconds per epoch, ratio = engine / torch (lower is better)
    for bench, name, target in (("b2", "B2 mnist-mlp.json s/epoch", b2_mnist_mlp.TARGET_RATIO),
                                ("b3", "B3 mnist-cnn.json s/epoch", b3_mnist_cnn.TARGET_RATIO)):
        if bench not in runs[0]:
            continue
        e, t = _values(runs, bench, "engine", "s_per_epoch"), _values(runs, bench, "torch", "s_per_epoch")
        r = [run[bench]["ratio"] for run in runs if run.get(bench, {}).get("ratio") is not None]
        ea, ta = _values(runs, bench, "engine", "test_acc"), _values(runs, bench, "torch", "test_acc")
        el, tl = _values(runs, bench, "engine", "train_loss"), _values(runs, bench, "torch", "train_loss")
        result = _status(r, lambda v, target=target: v <= target)
        if bench == "b2" and ea:
            acc_ok = common.median_or_none(ea) >= b2_mnist_mlp.TARGET_ACC
            result += "; acc " + ("pass" if acc_ok else "FAIL")
        tgt = f"<= {target}x" + (f", test acc >= {b2_mnist_mlp.TARGET_ACC}" if bench == "b2" else "")
        rows.append(
            f"| {name}{q} | {_span(e)} | {_span(t)} | {_span(r)}{'x' if r else ''} | {tgt} | {result} | "
            f"test {_span(ea, 4)} / train loss {_span(el, 4)} | test {_span(ta, 4)} / train loss {_span(tl, 4)} |"
        )
    if "b4" in runs[0]:
        e = [run["b4"]["evaluate_ms"] for run in runs if run["b4"].get("evaluate_ms") is not None]
        t = [run["b4"]["torch_ms"] for run in runs if run["b4"].get("torch_ms") is not None]
        rt = [run["b4"]["evaluate_ms"] / run["b4"]["torch_ms"] for run in runs
              if run["b4"].get("evaluate_ms") and run["b4"].get("torch_ms")]
        rows.append(
            f"| B4 100x100 boundary grid, ms | {_span(e)} | {_span(t)} (forward only, 1 thread) | "
            f"{_span(rt)}{'x' if rt else ''} | <= {B4_TARGET_MS} ms | {_status(e, lambda v: v <= B4_TARGET_MS)} | | |"
        )
    notes = [f"- {b}: {n}" for b in ("b1", "b2", "b3", "b4") if b in runs[0] and (n := _skip_note(runs, b))]
    return "\n".join(rows + (["", *notes] if notes else []))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--quick", action="store_true", help="smoke run: one repeat, a few steps each")
    p.add_argument("--backend", choices=("numpy", "cupy"), default="numpy")
    p.add_argument("--only", help="comma-separated subset of b1,b2,b3,b4 (default: all; with "
                                  "--backend cupy b2,b3, since B1 and B4 are CPU-sized workloads)")
    p.add_argument("--b1-steps", type=int, default=10000)
    p.add_argument("--b2-epochs", type=int, default=5)
    p.add_argument("--b2-torch-epochs", type=int, help="fewer torch epochs for B2 (its s/epoch is a median)")
    p.add_argument("--b3-steps", type=int, help="B3: time this many steps and extrapolate (default: 1 epoch)")
    p.add_argument("--threads", type=int, default=common.THREADS,
                   help=f"BLAS/OpenMP threads per worker (default {common.THREADS})")
    p.add_argument("--json", metavar="PATH", help="also write every raw result to this file")
    args = p.parse_args()
    common.set_threads(args.threads)
    repeats = 1 if args.quick else args.repeats
    only = args.only or ("b2,b3" if args.backend == "cupy" else "b1,b2,b3,b4")
    which = {w.strip() for w in only.split(",") if w.strip()}
    t0 = time.perf_counter()
    runs = []
    for i in range(repeats):
        print(f"repeat {i + 1}/{repeats} (load average {load_average()})", file=sys.stderr, flush=True)
        runs.append(repeat_once(args, which))
    minutes = (time.perf_counter() - t0) / 60
    print(f"\n{repeats} repeat(s), backend {args.backend}, {minutes:.1f} min; "
          f"load average (1/5/15 min) before: {runs[0]['load_before']}, after: {runs[-1]['load_after']}; "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"{common.THREADS} BLAS/OpenMP threads per worker\n")
    print(table(runs, args))
    if args.json:
        Path(args.json).write_text(json.dumps({"args": vars(args), "runs": runs}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
