"""Trained snapshots: design, weights, optimizer state, RNG state and history in one zip.

Layout (no pickle anywhere): ``design.json`` (the design document), ``state.json``
(format, version, progress, RNG state, history), ``weights.npz`` (``layer_id/name``
arrays), ``optimizer.npz`` (optimizer state), ``progress.npz`` (batch order and the
per-batch losses). Loading treats the file as hostile: exact member names only, size
and compression-ratio caps, ``allow_pickle=False``, every shape checked against the
design.
"""

from __future__ import annotations

import io
import json
import math
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from engine.errors import DesignError, PlaygroundError, SnapshotError
from engine.spec import DesignSpec

FORMAT = "nn-playground.snapshot"
FORMAT_VERSION = 1
MEMBERS = ("design.json", "state.json", "weights.npz", "optimizer.npz", "progress.npz")
MAX_TOTAL_BYTES = 2 * 1024**3  # uncompressed
MAX_RATIO = 200  # a larger compression ratio is treated as a decompression bomb
MAX_JSON_BYTES = 64 * 1024**2


@dataclass
class Checkpoint:
    """The plain contents of a snapshot file, validated but not yet attached to a trainer."""

    design: DesignSpec
    weights: dict[str, np.ndarray]
    optimizer: dict[str, Any]
    state: dict[str, Any]
    order: np.ndarray | None
    step_losses: np.ndarray


def is_snapshot_file(path: str | Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _npz_bytes(arrays: dict[str, Any]) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **{k: np.asarray(v) for k, v in arrays.items()})
    return buf.getvalue()


def save_checkpoint(trainer: Any, path: str | Path) -> None:
    """Write the trainer's whole state atomically (temp file, fsync, rename)."""
    from engine.design_io import dumps_design

    opt_state = trainer.optimizer.state_dict()
    opt_arrays = {k: v for k, v in opt_state.items() if isinstance(v, np.ndarray)}
    opt_scalars = {k: v for k, v in opt_state.items() if not isinstance(v, np.ndarray)}
    state = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "optimizer": trainer.optimizer.name,
        "optimizer_scalars": opt_scalars,
        "epoch": trainer.epoch,
        "global_step": trainer.global_step,
        "position": trainer._pos,
        "epoch_partial": [trainer._epoch_loss_sum, trainer._epoch_correct, trainer._epoch_seen,
                          trainer._epoch_seconds, trainer._epoch_steps],
        "shuffle_rng": trainer._shuffle_rng.bit_generator.state,
        "history": [r.to_json() | {"steps": r.steps} for r in trainer.history],
    }
    progress = {"step_losses": np.asarray(trainer.step_losses, dtype=np.float32)}
    if trainer._order is not None:
        progress["order"] = trainer._order.astype(np.int64)
    members = {
        "design.json": dumps_design(trainer.design).encode("utf-8"),
        "state.json": json.dumps(state).encode("utf-8"),
        "weights.npz": _npz_bytes(trainer.network.state_arrays()),
        "optimizer.npz": _npz_bytes(opt_arrays),
        "progress.npz": _npz_bytes(progress),
    }
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".snapshot-", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as f:
            with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_DEFLATED) as zf:
                for name, data in members.items():
                    zf.writestr(name, data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_npz(data: bytes, member: str) -> dict[str, np.ndarray]:
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            out = {}
            for key in npz.files:
                arr = npz[key]
                if arr.dtype.kind not in "fiub":
                    raise SnapshotError(f"{member}: array {key!r} has an unsupported type {arr.dtype}")
                out[key] = arr
            return out
    except SnapshotError:
        raise
    except ValueError as exc:
        raise SnapshotError(f"{member}: {exc}") from None
    except Exception as exc:
        raise SnapshotError(f"{member} is not a valid NumPy archive ({type(exc).__name__})") from None


def load_checkpoint(path: str | Path) -> Checkpoint:
    """Read and validate a snapshot file; raises SnapshotError or DesignError with a clear message."""
    from engine.design_io import loads_design

    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise SnapshotError(f"no such file: {path}") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise SnapshotError(f"not a playground snapshot (unreadable zip: {exc})") from None
    with zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        for name in names:
            if name not in MEMBERS:
                raise SnapshotError(f"unexpected file {name[:80]!r} inside the snapshot")
        if len(set(names)) != len(names):
            raise SnapshotError("a file appears twice inside the snapshot")
        for required in ("design.json", "state.json", "weights.npz"):
            if required not in names:
                raise SnapshotError(f"the snapshot has no {required}")
        total = sum(i.file_size for i in infos)
        if total > MAX_TOTAL_BYTES:
            raise SnapshotError("the snapshot unpacks to more than 2 GiB; refusing to open it")
        for info in infos:
            if info.file_size > MAX_RATIO * max(info.compress_size, 1) and info.file_size > 1024**2:
                raise SnapshotError(f"{info.filename} is compressed suspiciously well (a decompression bomb?)")
        raw = {}
        for info in infos:
            if info.filename.endswith(".json") and info.file_size > MAX_JSON_BYTES:
                raise SnapshotError(f"{info.filename} is too large")
            with zf.open(info) as member:
                data = member.read(info.file_size + 1)
            if len(data) != info.file_size:
                raise SnapshotError(f"{info.filename} is not the size the archive says")
            raw[info.filename] = data
    try:
        design = loads_design(raw["design.json"])
    except DesignError as exc:
        raise DesignError(f"the snapshot's design is invalid: {exc}") from None
    try:
        state = json.loads(raw["state.json"].decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"state.json is not valid JSON ({exc})") from None
    _check_state(state)
    weights = _read_npz(raw["weights.npz"], "weights.npz")
    opt_arrays = _read_npz(raw.get("optimizer.npz", _npz_bytes({})), "optimizer.npz")
    progress = _read_npz(raw.get("progress.npz", _npz_bytes({})), "progress.npz")
    optimizer = {**opt_arrays, **state["optimizer_scalars"]}
    losses = progress.get("step_losses", np.zeros(0, np.float32)).astype(np.float32).ravel()
    order = progress.get("order")
    return Checkpoint(design, weights, optimizer, state, order, losses)


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed")


def _check_state(state: Any) -> None:
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise SnapshotError("state.json does not describe a playground snapshot")
    version = state.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise SnapshotError(
            f"this snapshot was written by a newer playground (format version {version}); "
            f"this app reads up to version {FORMAT_VERSION}"
        )
    for key in ("epoch", "global_step", "position"):
        v = state.get(key)
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise SnapshotError(f"state.json: {key} must be a non-negative whole number")
    if not isinstance(state.get("history"), list) or not isinstance(state.get("optimizer_scalars"), dict):
        raise SnapshotError("state.json: history or optimizer state is malformed")
    for rec in state["history"]:
        if not isinstance(rec, dict):
            raise SnapshotError("state.json: a history entry is malformed")
        for key in ("epoch", "train_loss", "test_loss", "seconds", "samples_per_second", "steps"):
            v = rec.get(key)
            if v is not None and (not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v)):
                raise SnapshotError(f"state.json: history value {key} is malformed")


def restore_trainer(ckpt: Checkpoint, backend: Any = None) -> Any:
    """Build a Trainer from a checkpoint that continues exactly where the saved one stopped."""
    from engine.training import EpochRecord, Trainer

    trainer = Trainer(ckpt.design, backend=backend)
    try:
        trainer.network.load_arrays(ckpt.weights, strict=True)
        if ckpt.state.get("optimizer") != trainer.optimizer.name:
            raise SnapshotError("the snapshot's optimizer state belongs to another optimizer")
        trainer.optimizer.load_state_dict(ckpt.optimizer)
    except (ValueError, TypeError, KeyError) as exc:
        raise SnapshotError(f"the optimizer state does not fit the network: {exc}") from None
    n = len(trainer.dataset.x_train)
    state = ckpt.state
    if ckpt.order is not None:
        order = ckpt.order.astype(np.int64).ravel()
        if len(order) != n or not np.array_equal(np.sort(order), np.arange(n)):
            raise SnapshotError("the saved batch order does not fit the data set")
        trainer._order = order
    if state["position"] > n:
        raise SnapshotError("the saved position lies outside the data set")
    trainer._pos = state["position"]
    partial = state.get("epoch_partial", [0.0, 0, 0, 0.0, 0])
    if not (isinstance(partial, list) and len(partial) == 5
            and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in partial)):
        raise SnapshotError("state.json: epoch_partial is malformed")
    trainer._epoch_loss_sum, trainer._epoch_seconds = float(partial[0]), float(partial[3])
    trainer._epoch_correct, trainer._epoch_seen, trainer._epoch_steps = (int(partial[i]) for i in (1, 2, 4))
    try:
        trainer._shuffle_rng.bit_generator.state = state["shuffle_rng"]
    except (TypeError, ValueError, KeyError) as exc:
        raise SnapshotError(f"the saved random state is malformed ({exc})") from None
    trainer.epoch = state["epoch"]
    trainer.global_step = state["global_step"]
    trainer.step_losses = [float(v) for v in ckpt.step_losses]
    try:
        trainer.history = [
            EpochRecord(
                epoch=int(r["epoch"]), train_loss=_num(r["train_loss"]), test_loss=_num(r["test_loss"]),
                train_acc=r.get("train_acc"), test_acc=r.get("test_acc"), seconds=float(r["seconds"]),
                samples_per_second=float(r["samples_per_second"]), steps=int(r["steps"]),
            )
            for r in state["history"]
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise SnapshotError(f"state.json: the history is malformed ({exc})") from None
    return trainer


def _num(v: Any) -> float:
    return float("nan") if v is None else float(v)


__all__ = [
    "Checkpoint", "PlaygroundError", "is_snapshot_file", "load_checkpoint", "restore_trainer", "save_checkpoint",
]
