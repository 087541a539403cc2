"""Trained snapshots: design, weights, optimizer state, RNG states and history in one zip.

Layout (no pickle anywhere): ``design.json`` (the design document), ``state.json``
(format, version, progress, the batch-order and dropout RNG states, history),
``weights.npz`` (``layer_id/name`` arrays), ``optimizer.npz`` (optimizer state),
``progress.npz`` (batch order and the per-batch losses the trainer keeps). A restored
trainer continues bit for bit as if it had never stopped (NumPy backend; on CuPy the
dropout masks' generator state is not saved). A snapshot is always small enough to be
opened again: past the ``state.json`` cap the oldest epochs of the history are left out.

Loading treats the file as hostile. Only a regular file of at most
:data:`MAX_FILE_BYTES` is opened; the zip's central directory is checked for size before
:mod:`zipfile` parses it; only the five member names, each once, unencrypted, stored or
deflated, within the size and compression-ratio caps, are read. The ``.npz`` members are
read with the same rules by this module's own ``.npy`` reader, which accepts plain
numeric dtypes only (no object arrays, so nothing is ever unpickled) and checks every
array's size against its header before allocating it. JSON is parsed without NaN,
Infinity, duplicate keys or huge numbers, and every value of ``state.json`` is checked.
Every problem ends in :class:`SnapshotError` or :class:`DesignError`.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from engine.atomic import write_atomic
from engine.errors import DesignError, PlaygroundError, SnapshotError
from engine.spec import DesignSpec

FORMAT = "nn-playground.snapshot"
FORMAT_VERSION = 1
MEMBERS = ("design.json", "state.json", "weights.npz", "optimizer.npz", "progress.npz")
REQUIRED = ("design.json", "state.json", "weights.npz")
MAX_TOTAL_BYTES = 2 * 1024**3  # uncompressed members together; also the decoded arrays together
MAX_FILE_BYTES = MAX_TOTAL_BYTES  # the snapshot file itself
MAX_RATIO = 200  # a larger compression ratio is treated as a decompression bomb ...
RATIO_FREE_BYTES = 1024**2  # ... for members larger than this
MAX_JSON_BYTES = 64 * 1024**2
MAX_DIRECTORY_BYTES = 1024**2  # a zip's central directory (names and sizes of its members)
MAX_ARRAYS = 4096  # arrays in one .npz
MAX_NPY_HEADER = 64 * 1024
MAX_NDIM = 32
MAX_INT_DIGITS = 40  # RNG states hold 128-bit numbers (39 digits)
MAX_WHOLE = 2**63 - 1
PROGRESS_ARRAYS = ("step_losses", "order")

# Everything zipfile/zlib raise on damaged or hostile archives (CRC errors, bad headers,
# unsupported features, truncated streams, undecodable names, absurd offsets).
_ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
    OSError, ValueError, OverflowError, IndexError, KeyError, struct.error,
)


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
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with open(path, "rb") as f:
            return f.read(4) == b"PK\x03\x04"
    except (OSError, ValueError):
        return False


# ---------------------------------------------------------------- writing


def _npz_bytes(arrays: dict[str, Any]) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **{k: np.asarray(v) for k, v in arrays.items()})
    return buf.getvalue()


def save_checkpoint(trainer: Any, path: str | Path) -> None:
    """Write the trainer's whole state atomically (temp file, fsync, rename)."""
    from engine.design_io import dumps_design

    opt_state = trainer.optimizer.state_dict()
    opt_arrays = {k: v for k, v in opt_state.items() if isinstance(v, np.ndarray)}
    opt_scalars = {k: int(v) for k, v in opt_state.items() if not isinstance(v, np.ndarray)}
    rng = trainer.network.dropout_rng()
    state = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "optimizer": trainer.optimizer.name,
        "optimizer_scalars": opt_scalars,
        "epoch": trainer.epoch,
        "global_step": trainer.global_step,
        "position": trainer._pos,
        "epoch_partial": [float(trainer._epoch_loss_sum), int(trainer._epoch_correct), int(trainer._epoch_seen),
                          float(trainer._epoch_seconds), int(trainer._epoch_steps)],
        "shuffle_rng": trainer._shuffle_rng.bit_generator.state,
        # the dropout masks' generator (NumPy backend; CuPy's generator state cannot be saved)
        "dropout_rng": rng.bit_generator.state if isinstance(rng, np.random.Generator) else None,
        "history": [r.to_json() | {"steps": r.steps} for r in trainer.history],
    }
    state_text = _state_json(state)
    losses = np.asarray(trainer.step_losses, dtype=np.float64)
    if np.array_equal(losses.astype(np.float32), losses):
        losses = losses.astype(np.float32)  # the usual case (float32 networks): half the size, nothing lost
    progress = {"step_losses": losses}
    if trainer._order is not None:
        progress["order"] = np.asarray(trainer._order).astype(np.int64)
    members = {
        "design.json": dumps_design(trainer.design).encode("utf-8"),
        "state.json": state_text,
        "weights.npz": _npz_bytes(trainer.network.state_arrays()),
        "optimizer.npz": _npz_bytes(opt_arrays),
        "progress.npz": _npz_bytes(progress),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    write_atomic(path, buf.getvalue())


def _state_json(state: dict[str, Any]) -> bytes:
    """state.json's bytes, always within MAX_JSON_BYTES so that the file can be opened again.

    A very long run (hundreds of thousands of epochs) has a history larger than the cap;
    then the oldest epochs are left out of the file and ``history_dropped`` says how many.
    Training continues exactly either way: the history only draws the curves.
    """
    try:
        text = json.dumps(state, allow_nan=False).encode("utf-8")
    except ValueError:  # an overflowed running sum: such a file could not be opened again
        raise SnapshotError("the training state holds a number that is not finite; cannot save it") from None
    if len(text) <= MAX_JSON_BYTES:
        return text
    history = state["history"]
    sizes = [len(json.dumps(r, allow_nan=False)) + 2 for r in history]
    base = len(json.dumps({**state, "history": [], "history_dropped": len(history)}))
    budget, keep = MAX_JSON_BYTES - base - 64, 0
    for size in reversed(sizes):
        if size > budget:
            break
        budget -= size
        keep += 1
    trimmed = {**state, "history": history[len(history) - keep:], "history_dropped": len(history) - keep}
    return json.dumps(trimmed, allow_nan=False).encode("utf-8")


# ---------------------------------------------------------------- reading the archive


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


class _Budget:
    """Bytes that may still be unpacked (shared by the members of one archive)."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def take(self, n: int, what: str) -> None:
        if n > self.left:
            raise SnapshotError(f"{what} unpacks to more than {MAX_TOTAL_BYTES // 1024**3} GiB; refusing to open it")
        self.left -= n


def _check_directory(f: IO[bytes], size: int, where: str, max_entries: int) -> None:
    """Refuse a zip whose central directory is too large before zipfile reads it into memory.

    Finds the end-of-central-directory record the way :mod:`zipfile` does (the last
    22 bytes, else the last signature within the final 64 KiB) and refuses ZIP64 archives,
    whose counts and sizes could be anything.
    """
    tail_len = min(size, 22 + 0xFFFF)
    f.seek(size - tail_len)
    tail = f.read(tail_len)
    if len(tail) >= 22 and tail[-22:-18] == b"PK\x05\x06" and tail[-2:] == b"\0\0":
        pos = len(tail) - 22
    else:
        pos = tail.rfind(b"PK\x05\x06")
        if pos < 0 or pos + 22 > len(tail):
            return  # no end record: zipfile refuses the file itself
    entries, directory = struct.unpack("<HI", tail[pos + 10:pos + 16])
    if pos >= 20 and tail[pos - 20:pos - 16] == b"PK\x06\x07":
        raise SnapshotError(f"{where} is a ZIP64 archive, which a playground snapshot never is")
    if entries == 0xFFFF or directory == 0xFFFFFFFF:
        raise SnapshotError(f"{where} is a ZIP64 archive, which a playground snapshot never is")
    if entries > max_entries or directory > MAX_DIRECTORY_BYTES:
        raise SnapshotError(f"{where} lists {entries:,} files in a {directory:,}-byte directory; refusing to open it")


def _read_entries(
    zf: zipfile.ZipFile, where: str, allowed: Any, max_entries: int, budget: _Budget,
    size_limit: Any = None,
) -> dict[str, bytes]:
    """The bytes of every member of ``zf`` after checking names, flags, sizes and ratios.

    ``allowed(name)`` says whether a member name is expected; ``size_limit(name)`` gives
    a per-member cap or None.
    """
    infos = zf.infolist()
    if len(infos) > max_entries:
        raise SnapshotError(f"{where} holds {len(infos):,} files; at most {max_entries} are expected")
    seen: set[str] = set()
    for info in infos:
        shown = info.orig_filename[:80]
        if "\0" in info.orig_filename:
            raise SnapshotError(f"a file name inside {where} contains a NUL byte ({shown!r})")
        if not allowed(info.filename):
            raise SnapshotError(f"unexpected file {shown!r} inside {where}")
        if info.filename in seen:
            raise SnapshotError(f"the file {shown!r} appears twice inside {where}")
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            raise SnapshotError(f"{info.filename} inside {where} is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise SnapshotError(
                f"{info.filename} inside {where} uses an unsupported compression method ({info.compress_type})"
            )
        limit = size_limit(info.filename) if size_limit is not None else None
        if limit is not None and info.file_size > limit:
            raise SnapshotError(f"{info.filename} inside {where} is too large ({info.file_size:,} bytes)")
        if info.file_size > RATIO_FREE_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise SnapshotError(
                f"{info.filename} inside {where} is compressed suspiciously well (a decompression bomb?)"
            )
        budget.take(info.file_size, where)
    out: dict[str, bytes] = {}
    for info in infos:
        try:
            with zf.open(info) as member:
                data = member.read(info.file_size + 1)
        except _ZIP_ERRORS as exc:
            raise SnapshotError(f"{info.filename} inside {where} is damaged ({_describe(exc)})") from None
        if len(data) != info.file_size:
            raise SnapshotError(f"{info.filename} inside {where} is not the size the archive says")
        out[info.filename] = data
    return out


def _read_members(path: Path) -> dict[str, bytes]:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise SnapshotError(f"no such file: {path}") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise SnapshotError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise SnapshotError(f"{path} is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise SnapshotError(f"{path} is too large to be a playground snapshot ({info.st_size:,} bytes)")
    try:
        f = open(path, "rb")  # noqa: SIM115 - closed below, after zipfile is done with it
    except (OSError, ValueError) as exc:
        raise SnapshotError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    with f:
        try:
            size = os.fstat(f.fileno()).st_size
            _check_directory(f, size, "the snapshot", len(MEMBERS))
            f.seek(0)
            zf = zipfile.ZipFile(f)
        except SnapshotError:
            raise
        except _ZIP_ERRORS as exc:
            raise SnapshotError(f"not a playground snapshot (unreadable zip: {_describe(exc)})") from None
        with zf:
            raw = _read_entries(
                zf, "the snapshot", lambda name: name in MEMBERS, len(MEMBERS), _Budget(MAX_TOTAL_BYTES),
                lambda name: MAX_JSON_BYTES if name.endswith(".json") else None,
            )
    for required in REQUIRED:
        if required not in raw:
            raise SnapshotError(f"the snapshot has no {required}")
    return raw


# ---------------------------------------------------------------- .npz and .npy


_NPY_MAGIC = b"\x93NUMPY"
_NPY_HEADER = re.compile(
    r"\{'descr': '([<>|=]?(?:f[248]|[iu][1248]|b1))', 'fortran_order': (True|False), "
    r"'shape': \(([0-9, ]{0,700})\), \} *\n"
)


def _read_npz(data: bytes, member: str, budget: _Budget) -> dict[str, np.ndarray]:
    """The arrays of an ``.npz`` (as NumPy writes it) with every size checked before allocation."""
    buf = io.BytesIO(data)
    _check_directory(buf, len(data), member, MAX_ARRAYS)
    try:
        zf = zipfile.ZipFile(buf)
    except _ZIP_ERRORS as exc:
        raise SnapshotError(f"{member} is not a valid NumPy archive ({_describe(exc)})") from None
    with zf:
        entries = _read_entries(
            zf, member, lambda name: name.endswith(".npy") and 4 < len(name) <= 260, MAX_ARRAYS, budget
        )
    return {name[:-4]: _parse_npy(raw, f"{member}: array {name[:-4][:60]!r}") for name, raw in entries.items()}


def _parse_npy(raw: bytes, what: str) -> np.ndarray:
    """One ``.npy`` file: version 1 or 2, a plain numeric dtype, data exactly as long as the shape says."""
    if len(raw) < 10 or not raw.startswith(_NPY_MAGIC):
        raise SnapshotError(f"{what} is not a NumPy array")
    major = raw[6]
    if major == 1:
        (hlen,), start = struct.unpack("<H", raw[8:10]), 10
    elif major == 2 and len(raw) >= 12:
        (hlen,), start = struct.unpack("<I", raw[8:12]), 12
    else:
        raise SnapshotError(f"{what} uses an unsupported .npy format version ({major})")
    if hlen > MAX_NPY_HEADER or start + hlen > len(raw):
        raise SnapshotError(f"{what} has a damaged header")
    header = raw[start:start + hlen].decode("latin-1")
    match = _NPY_HEADER.fullmatch(header)
    if match is None:
        if "'O'" in header or "|O" in header:
            raise SnapshotError(f"{what} holds Python objects; only plain numbers are allowed")
        raise SnapshotError(f"{what} has an unsupported type or a damaged header")
    descr, fortran, shape_text = match.groups()
    parts = [p.strip() for p in shape_text.split(",")]
    if parts and parts[-1] == "":
        parts.pop()
    if len(parts) > MAX_NDIM or not all(p.isdigit() and len(p) <= 19 for p in parts):
        raise SnapshotError(f"{what} has an invalid shape")
    shape = tuple(int(p) for p in parts)
    dtype = np.dtype(descr)
    offset = start + hlen
    if math.prod(shape) * dtype.itemsize != len(raw) - offset:
        raise SnapshotError(f"{what}: the data does not match the shape {shape} in its header")
    count = math.prod(shape)
    flat = np.frombuffer(raw, dtype=dtype, count=count, offset=offset) if count else np.zeros(0, dtype)
    arr = flat.reshape(shape, order="F" if fortran == "True" else "C")
    return np.array(arr, dtype=dtype.newbyteorder("="), order="C", copy=True)  # writable, native, owns its data


# ---------------------------------------------------------------- JSON


class _BadJson(Exception):
    pass


def _reject_constant(name: str) -> Any:
    raise _BadJson(f"{name} is not allowed")


def _parse_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise _BadJson(f"the number {literal[:30]} is too large")
    return value


def _parse_int(literal: str) -> int:
    if len(literal) > MAX_INT_DIGITS:
        raise _BadJson(f"a number has {len(literal)} digits")
    return int(literal)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _BadJson(f"the key {key[:40]!r} appears twice")
        out[key] = value
    return out


def _loads_json(data: bytes, member: str) -> Any:
    try:
        text = data.decode("utf-8")
        return json.loads(
            text, parse_constant=_reject_constant, parse_float=_parse_float, parse_int=_parse_int,
            object_pairs_hook=_unique_keys,
        )
    except _BadJson as exc:
        raise SnapshotError(f"{member}: {exc}; every number must be finite") from None
    except RecursionError:
        raise SnapshotError(f"{member} is nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"{member} is not valid JSON ({_describe(exc)})") from None


# ---------------------------------------------------------------- loading


def load_checkpoint(path: str | Path) -> Checkpoint:
    """Read and validate a snapshot file; raises SnapshotError or DesignError with a clear message."""
    from engine.design_io import loads_design

    raw = _read_members(Path(path))
    state = _loads_json(raw.pop("state.json"), "state.json")
    _check_state(state)  # first: a newer format is reported as such, not as some other problem
    try:
        design = loads_design(raw.pop("design.json"))
    except DesignError as exc:
        raise DesignError(f"the snapshot's design is invalid: {exc}") from None
    budget = _Budget(MAX_TOTAL_BYTES)
    weights = _read_npz(raw.pop("weights.npz"), "weights.npz", budget)
    opt_arrays = _read_npz(raw.pop("optimizer.npz"), "optimizer.npz", budget) if "optimizer.npz" in raw else {}
    progress = _read_npz(raw.pop("progress.npz"), "progress.npz", budget) if "progress.npz" in raw else {}
    for key in progress:
        if key not in PROGRESS_ARRAYS:
            raise SnapshotError(f"progress.npz: unexpected array {key[:60]!r}")
    scalars = state["optimizer_scalars"]
    for key in opt_arrays:
        if key in scalars:
            raise SnapshotError(f"optimizer.npz: {key[:60]!r} is also an optimizer number in state.json")
    optimizer = {**opt_arrays, **scalars}
    losses = progress.get("step_losses", np.zeros(0, np.float32))
    if losses.ndim != 1 or losses.dtype.kind not in "fiu":
        raise SnapshotError("progress.npz: step_losses must be a list of numbers")
    losses = losses.astype(np.float64)
    if not np.isfinite(losses).all():
        raise SnapshotError("progress.npz: step_losses holds a value that is not a finite number")
    order = _check_order(progress.get("order"), state["position"])
    return Checkpoint(design, weights, optimizer, state, order, losses)


def _check_order(order: np.ndarray | None, position: int) -> np.ndarray | None:
    if order is None:
        if position != 0:
            raise SnapshotError("state.json: a position inside an epoch needs the saved batch order")
        return None
    if order.ndim != 1 or order.dtype.kind not in "iu":
        raise SnapshotError("progress.npz: the batch order must be a list of whole numbers")
    n = len(order)
    if n:
        if order.dtype.kind == "u" and int(order.max()) >= n:
            raise SnapshotError("progress.npz: the saved batch order is not a permutation")
        order = order.astype(np.int64)
        if int(order.min()) < 0 or int(order.max()) >= n:
            raise SnapshotError("progress.npz: the saved batch order is not a permutation")
        seen = np.zeros(n, dtype=bool)
        seen[order] = True
        if not seen.all():
            raise SnapshotError("progress.npz: the saved batch order is not a permutation")
    if position > n:
        raise SnapshotError("state.json: the saved position lies outside the batch order")
    return order.astype(np.int64)


def _is_whole(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_WHOLE


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _is_int_below(v: Any, limit: int) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 0 <= v < limit


def _check_rng_state(value: Any, what: str) -> None:
    """A NumPy PCG64 state exactly as ``bit_generator.state`` gives it, then tried on a scratch generator."""
    inner = value.get("state") if isinstance(value, dict) else None
    if not (
        isinstance(value, dict) and set(value) == {"bit_generator", "state", "has_uint32", "uinteger"}
        and value["bit_generator"] == "PCG64" and isinstance(inner, dict) and set(inner) == {"state", "inc"}
        and _is_int_below(inner["state"], 2**128) and _is_int_below(inner["inc"], 2**128)
        and _is_int_below(value["has_uint32"], 2) and _is_int_below(value["uinteger"], 2**32)
    ):
        raise SnapshotError(f"state.json: {what} is malformed")
    try:
        np.random.PCG64(0).state = value
    except (TypeError, ValueError, KeyError, OverflowError) as exc:  # pragma: no cover - checked above
        raise SnapshotError(f"state.json: {what} is malformed ({_describe(exc)})") from None


def _check_state(state: Any) -> None:
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        raise SnapshotError("state.json does not describe a playground snapshot")
    version = state.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SnapshotError("state.json: the format version must be a whole number from 1")
    if version > FORMAT_VERSION:
        raise SnapshotError(
            f"this snapshot was written by a newer version of the playground and needs format version "
            f"{version}; this app reads up to version {FORMAT_VERSION}"
        )
    for key in ("epoch", "global_step", "position"):
        if not _is_whole(state.get(key)):
            raise SnapshotError(f"state.json: {key} must be a non-negative whole number")
    if not isinstance(state.get("optimizer"), str):
        raise SnapshotError("state.json: the optimizer name is missing")
    scalars = state.get("optimizer_scalars")
    if not isinstance(scalars, dict) or not all(_is_whole(v) for v in scalars.values()):
        raise SnapshotError("state.json: the optimizer state is malformed")
    partial = state.get("epoch_partial", [0.0, 0, 0, 0.0, 0])
    if not (
        isinstance(partial, list) and len(partial) == 5
        and _is_number(partial[0]) and _is_number(partial[3]) and partial[3] >= 0
        and all(_is_whole(partial[i]) for i in (1, 2, 4))
    ):
        raise SnapshotError("state.json: epoch_partial is malformed")
    _check_rng_state(state.get("shuffle_rng"), "the saved batch-order random state")
    if state.get("dropout_rng") is not None:
        _check_rng_state(state["dropout_rng"], "the saved dropout random state")
    history = state.get("history")
    if not isinstance(history, list):
        raise SnapshotError("state.json: the history is malformed")
    for n, rec in enumerate(history):
        if not isinstance(rec, dict):
            raise SnapshotError(f"state.json: history entry {n} is malformed")
        for key in ("epoch", "steps"):
            if not _is_whole(rec.get(key)):
                raise SnapshotError(f"state.json: history entry {n}: {key} must be a non-negative whole number")
        for key in ("seconds", "samples_per_second"):
            if not _is_number(rec.get(key)):
                raise SnapshotError(f"state.json: history entry {n}: {key} must be a finite number")
        for key in ("train_loss", "test_loss", "train_acc", "test_acc"):
            v = rec.get(key)
            if v is not None and not _is_number(v):
                raise SnapshotError(f"state.json: history entry {n}: {key} must be a finite number or null")


def restore_trainer(ckpt: Checkpoint, backend: Any = None) -> Any:
    """Build a Trainer from a checkpoint that continues exactly where the saved one stopped."""
    from engine.training import EpochRecord, Trainer

    trainer = Trainer(ckpt.design, backend=backend)
    trainer.network.load_arrays(ckpt.weights, strict=True)  # DesignError when they do not fit
    if ckpt.state.get("optimizer") != trainer.optimizer.name:
        raise SnapshotError("the snapshot's optimizer state belongs to another optimizer")
    try:
        trainer.optimizer.load_state_dict(ckpt.optimizer)
    except (ValueError, TypeError, KeyError) as exc:
        raise SnapshotError(f"the optimizer state does not fit the network: {exc}") from None
    n = len(trainer.dataset.x_train)
    state = ckpt.state
    if ckpt.order is not None:
        order = np.asarray(ckpt.order).astype(np.int64).ravel()
        if len(order) != n or not np.array_equal(np.sort(order), np.arange(n)):
            raise SnapshotError("the saved batch order does not fit the data set")
        trainer._order = order
    if state["position"] > n:
        raise SnapshotError("the saved position lies outside the data set")
    trainer._pos = state["position"]
    partial = state.get("epoch_partial", [0.0, 0, 0, 0.0, 0])
    trainer._epoch_loss_sum, trainer._epoch_seconds = float(partial[0]), float(partial[3])
    trainer._epoch_correct, trainer._epoch_seen, trainer._epoch_steps = (int(partial[i]) for i in (1, 2, 4))
    try:
        trainer._shuffle_rng.bit_generator.state = state["shuffle_rng"]
        rng = trainer.network.dropout_rng()
        if state.get("dropout_rng") is not None and isinstance(rng, np.random.Generator):
            rng.bit_generator.state = state["dropout_rng"]
    except (TypeError, ValueError, KeyError, OverflowError) as exc:
        raise SnapshotError(f"the saved random state is malformed ({_describe(exc)})") from None
    trainer.epoch = state["epoch"]
    trainer.global_step = state["global_step"]
    # into the trainer's own container, keeping its type and bound (a deque with a maxlen)
    trainer.step_losses.clear()
    trainer.step_losses.extend(float(v) for v in ckpt.step_losses)
    try:
        trainer.history = [
            EpochRecord(
                epoch=int(r["epoch"]), train_loss=_num(r.get("train_loss")), test_loss=_num(r.get("test_loss")),
                train_acc=_opt(r.get("train_acc")), test_acc=_opt(r.get("test_acc")), seconds=float(r["seconds"]),
                samples_per_second=float(r["samples_per_second"]), steps=int(r["steps"]),
            )
            for r in state["history"]
        ]
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise SnapshotError(f"state.json: the history is malformed ({_describe(exc)})") from None
    return trainer


def _num(v: Any) -> float:
    return float("nan") if v is None else float(v)


def _opt(v: Any) -> float | None:
    return None if v is None else float(v)


__all__ = [
    "Checkpoint", "PlaygroundError", "is_snapshot_file", "load_checkpoint", "restore_trainer", "save_checkpoint",
]
