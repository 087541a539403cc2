"""Trained snapshots: exact continuation, every class of hostile file, and fuzzing.

A snapshot is a zip that students pass around, so loading treats it as hostile: each bad
file must end in :class:`SnapshotError` or :class:`DesignError` with a specific message,
never in another exception, never in running code and never in a large allocation.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pathlib
import pickle
import random
import struct
import tempfile
import tracemalloc
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from engine import checkpoint
from engine.checkpoint import (
    FORMAT_VERSION,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    MEMBERS,
    Checkpoint,
    is_snapshot_file,
    load_checkpoint,
    restore_trainer,
    save_checkpoint,
)
from engine.design_io import load_design
from engine.errors import DesignError, SnapshotError
from engine.spec import DesignSpec, LayerSpec
from engine.training import Trainer

EXAMPLES = Path(__file__).resolve().parents[2] / "assets" / "examples"
PEAK_LIMIT = 32 * 1024**2  # the most any hostile test file may make the loader allocate


# ---------------------------------------------------------------- designs


def example(name: str, *, data: dict[str, Any] | None = None, **train: Any) -> DesignSpec:
    design = load_design(EXAMPLES / f"{name}.json")
    return replace(
        design,
        data=replace(design.data, **(data or {})),
        train=replace(design.train, backend="numpy", **train),
    )


def dropout_batchnorm(optimizer: str) -> DesignSpec:
    """Blobs through Dense → BatchNorm → Dropout → Dense: running statistics and dropout masks."""
    design = example("blobs", optimizer=optimizer, learning_rate=0.01)
    layers = (
        LayerSpec("L1", "dense", {"units": 12, "activation": "relu"}),
        LayerSpec("L2", "batchnorm", {}),
        LayerSpec("L3", "dropout", {"rate": 0.3}),
        LayerSpec("L4", "dense", {"units": 3, "activation": "softmax"}),
    )
    return replace(design, layers=layers)


MNIST_SMALL = {"train_limit": 512, "test_limit": 64}

DESIGNS: dict[str, Callable[[], DesignSpec]] = {
    "spiral-sgd": lambda: example("spiral"),
    "blobs-adam": lambda: example("blobs"),
    "blobs-nadam": lambda: example("blobs", optimizer="nadam"),
    "blobs-adagrad": lambda: example("blobs", optimizer="adagrad", learning_rate=0.05),
    "xor-adam": lambda: example("xor"),
    "perceptron-xor": lambda: example("perceptron-xor"),
    "dropout-batchnorm-nesterov": lambda: dropout_batchnorm("nesterov"),
    "dropout-batchnorm-adam": lambda: dropout_batchnorm("adam"),
    "mnist-mlp-rmsprop": lambda: example("mnist-mlp", data=MNIST_SMALL),
    "mnist-cnn-adam": lambda: example("mnist-cnn", data=MNIST_SMALL),
    "mnist-cnn-momentum": lambda: example("mnist-cnn", data=MNIST_SMALL, optimizer="momentum", learning_rate=0.01),
    "mnist-cnn-rmsprop": lambda: example("mnist-cnn", data=MNIST_SMALL, optimizer="rmsprop"),
}


# ---------------------------------------------------------------- exact continuation


def same_bits(a: Any, b: Any) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def curves(trainer: Trainer) -> list[tuple[Any, ...]]:
    """Every number of the history except the wall-clock ones."""
    return [(r.epoch, r.train_loss, r.test_loss, r.train_acc, r.test_acc, r.steps) for r in trainer.history]


def assert_same_training_state(a: Trainer, b: Trainer) -> None:
    assert (a.epoch, a.global_step) == (b.epoch, b.global_step)
    assert curves(a) == curves(b)
    assert list(a.step_losses) == list(b.step_losses)  # bit for bit: Python float equality
    wa, wb = a.network.state_arrays(), b.network.state_arrays()
    assert wa.keys() == wb.keys()
    for key in wa:
        assert same_bits(wa[key], wb[key]), key
    oa, ob = a.optimizer.state_dict(), b.optimizer.state_dict()
    assert oa.keys() == ob.keys()
    for key in oa:
        assert same_bits(oa[key], ob[key]), key


def save_and_restore(trainer: Trainer, path: Path) -> Trainer:
    save_checkpoint(trainer, path)
    restored = restore_trainer(load_checkpoint(path), backend="numpy")
    # the curves come back as they were, wall-clock numbers included
    assert restored.history == trainer.history
    assert list(restored.step_losses) == list(trainer.step_losses)
    assert type(restored.step_losses) is type(trainer.step_losses)
    assert getattr(restored.step_losses, "maxlen", None) == getattr(trainer.step_losses, "maxlen", None)
    assert restored._pos == trainer._pos and restored.global_step == trainer.global_step
    return restored


# Where to save, as steps after the first 2 epochs: 0 is the epoch boundary, more is mid-epoch.
SAVE_POINTS = {
    "spiral-sgd": (0, 7),
    "blobs-adam": (0, 5),
    "dropout-batchnorm-nesterov": (0, 3),
    "mnist-cnn-adam": (0, 3),
    "mnist-mlp-rmsprop": (1,),
}


@pytest.mark.parametrize("name", DESIGNS)
def test_save_load_continue_equals_training_straight_through(name: str, tmp_path: Path) -> None:
    """2 epochs (+ k steps), save, load, restore, finish 4 epochs == 4 epochs straight, bit for bit."""
    design = DESIGNS[name]()
    straight = Trainer(design, backend="numpy")
    straight.train_epochs(4)
    for extra_steps in SAVE_POINTS.get(name, (0,)):
        first = Trainer(design, backend="numpy")
        first.train_epochs(2)
        for _ in range(extra_steps):
            first.train_step()
        assert first.epoch == 2 and first._pos > 0  # still inside epoch 3 when extra_steps > 0
        restored = save_and_restore(first, tmp_path / f"snap-{extra_steps}.nnps")
        del first
        restored.train_epochs(2)  # finishes epoch 3 (from mid-epoch), then epoch 4
        assert_same_training_state(restored, straight)


def test_a_restored_trainer_saves_and_restores_again(tmp_path: Path) -> None:
    design = DESIGNS["dropout-batchnorm-adam"]()
    straight = Trainer(design, backend="numpy")
    straight.train_epochs(3)
    straight.train_steps(4)

    t = Trainer(design, backend="numpy")
    t.train_steps(11)
    t = save_and_restore(t, tmp_path / "a.nnps")
    t.train_epochs(2)
    t = save_and_restore(t, tmp_path / "b.nnps")
    t.train_epoch()
    t.train_steps(4)
    assert_same_training_state(t, straight)


def test_saving_does_not_disturb_the_trainer(tmp_path: Path) -> None:
    design = DESIGNS["dropout-batchnorm-nesterov"]()
    a, b = Trainer(design, backend="numpy"), Trainer(design, backend="numpy")
    a.train_steps(9)
    b.train_steps(9)
    save_checkpoint(a, tmp_path / "s.nnps")
    a.train_epochs(2)
    b.train_epochs(2)
    assert_same_training_state(a, b)


def test_a_fresh_trainer_round_trips(tmp_path: Path) -> None:
    design = DESIGNS["blobs-adam"]()
    fresh = Trainer(design, backend="numpy")
    restored = save_and_restore(fresh, tmp_path / "fresh.nnps")
    ckpt = load_checkpoint(tmp_path / "fresh.nnps")
    assert ckpt.order is None and ckpt.step_losses.shape == (0,) and ckpt.state["history"] == []
    fresh.train_epochs(1)
    restored.train_epochs(1)
    assert_same_training_state(restored, fresh)


def test_the_bounded_loss_history_stays_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The trainer keeps only its most recent batch losses; a snapshot keeps and restores those."""
    from engine import training

    if not hasattr(training, "STEP_LOSS_HISTORY"):
        pytest.skip("this trainer keeps every batch loss")
    design = DESIGNS["spiral-sgd"]()
    long_run = Trainer(design, backend="numpy")
    long_run.train_steps(30, stop_at_epoch_end=False)
    save_checkpoint(long_run, tmp_path / "long.nnps")
    monkeypatch.setattr(training, "STEP_LOSS_HISTORY", 10)
    short = Trainer(design, backend="numpy")
    short.train_steps(30, stop_at_epoch_end=False)
    assert len(short.step_losses) == 10
    restored = save_and_restore(short, tmp_path / "short.nnps")
    assert len(load_checkpoint(tmp_path / "short.nnps").step_losses) == 10
    restored.train_steps(5)
    assert len(restored.step_losses) == 10
    # a snapshot holding more losses than the trainer keeps: the most recent ones are restored
    from_long = restore_trainer(load_checkpoint(tmp_path / "long.nnps"), backend="numpy")
    assert list(from_long.step_losses) == list(long_run.step_losses)[-10:]


def test_a_history_too_long_for_the_cap_keeps_the_newest_epochs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A snapshot is always loadable: past the state.json cap the oldest epochs are left out."""
    design = DESIGNS["spiral-sgd"]()
    t = Trainer(design, backend="numpy")
    t.train_epochs(3)
    t.history = [replace(r, epoch=i + 1) for i, r in enumerate(t.history * 20)]  # a long run, 60 epochs
    monkeypatch.setattr(checkpoint, "MAX_JSON_BYTES", 6000)
    save_checkpoint(t, tmp_path / "long.nnps")
    ckpt = load_checkpoint(tmp_path / "long.nnps")
    kept = len(ckpt.state["history"])
    assert 0 < kept < 60 and ckpt.state["history_dropped"] == 60 - kept
    restored = restore_trainer(ckpt, backend="numpy")
    assert restored.history == t.history[-kept:]
    t.train_epochs(1)
    restored.train_epochs(1)
    assert same_bits(restored.network.flat_params, t.network.flat_params)


def test_checkpoint_contents(tmp_path: Path) -> None:
    design = DESIGNS["mnist-cnn-adam"]()
    t = Trainer(design, backend="numpy")
    t.train_epochs(1)
    t.train_steps(2)
    path = tmp_path / "cnn.nnps"
    save_checkpoint(t, path)
    assert is_snapshot_file(path) and not is_snapshot_file(tmp_path) and not is_snapshot_file(tmp_path / "no")
    with zipfile.ZipFile(path) as zf:
        assert sorted(zf.namelist()) == sorted(MEMBERS)
    ckpt = load_checkpoint(path)
    assert isinstance(ckpt, Checkpoint) and ckpt.design == design
    assert ckpt.state["format_version"] == FORMAT_VERSION and ckpt.state["epoch"] == 1
    assert ckpt.state["global_step"] == len(ckpt.step_losses) == t.global_step
    assert sorted(ckpt.order) == list(range(512))
    for key, arr in t.network.state_arrays().items():
        assert same_bits(ckpt.weights[key], arr) and ckpt.weights[key].flags.writeable
    assert ckpt.optimizer["t"] == t.global_step


def test_save_is_atomic_and_keeps_the_old_file_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    t = Trainer(DESIGNS["xor-adam"](), backend="numpy")
    path = tmp_path / "x.nnps"
    save_checkpoint(t, path)
    before = path.read_bytes()
    t.train_epochs(1)

    def fail(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(checkpoint.os, "replace", fail)
    with pytest.raises(OSError, match="No space"):
        save_checkpoint(t, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.nnps"]  # no temporary file left behind


# ---------------------------------------------------------------- a valid snapshot to break


class Snapshot(bytes):
    """The bytes of a snapshot file, shown briefly in failure reports."""

    def __repr__(self) -> str:
        return f"<a valid snapshot, {len(self)} bytes>"


@pytest.fixture(scope="module")
def valid_snapshot(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """XOR trained one epoch and three steps: every member present, order and partial epoch too."""
    t = Trainer(example("xor"), backend="numpy")
    t.train_epochs(1)
    t.train_steps(3)
    path = tmp_path_factory.mktemp("valid") / "xor.nnps"
    save_checkpoint(t, path)
    return Snapshot(path.read_bytes())


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def zip_bytes(entries: dict[str, bytes] | list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip made with zipfile; a list may repeat names (zipfile warns about that; silenced here)."""
    items = list(entries.items()) if isinstance(entries, dict) else entries
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buf, "w", compression=compression) as zf:
            for name, data in items:
                zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data, compress_type=compression)
    return buf.getvalue()


@dataclass
class Raw:
    """One member written byte by byte: the stored payload and whatever the headers claim."""

    name: bytes
    payload: bytes
    method: int = 0
    crc: int = 0
    size: int = 0
    flags: int = 0


UTF8_NAME = 0x800  # general-purpose flag bit 11: the name is UTF-8 (else zipfile reads it as cp437)


def stored(name: str | bytes, data: bytes) -> Raw:
    name = name.encode("utf-8") if isinstance(name, str) else name
    return Raw(name, data, zipfile.ZIP_STORED, zlib.crc32(data), len(data), UTF8_NAME)


def deflated(name: str | bytes, data: bytes) -> Raw:
    name = name.encode("utf-8") if isinstance(name, str) else name
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Raw(name, c.compress(data) + c.flush(), zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data), UTF8_NAME)


def raw_zip(
    entries: list[Raw], *, zip64_locator: bool = False, claim_entries: int | None = None,
    claim_directory: int | None = None,
) -> bytes:
    """A zip archive written by hand, so that its headers can say anything."""
    out, central = bytearray(), bytearray()
    for e in entries:
        offset = len(out)
        out += struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, e.flags, e.method, 0, 0x21, e.crc, len(e.payload),
                           e.size, len(e.name), 0)
        out += e.name + e.payload
        central += struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, e.flags, e.method, 0, 0x21, e.crc,
                               len(e.payload), e.size, len(e.name), 0, 0, 0, 0, 0, offset)
        central += e.name
    directory_at = len(out)
    out += central
    if zip64_locator:
        out += struct.pack("<4sIQI", b"PK\x06\x07", 0, len(out), 1)
    n = len(entries) if claim_entries is None else claim_entries
    size = len(central) if claim_directory is None else claim_directory
    out += struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, n, n, size, directory_at, 0)
    return bytes(out)


def npz_bytes(arrays: dict[str, Any], compressed: bool = False) -> bytes:
    buf = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buf, **arrays)
    return buf.getvalue()


def npy_bytes(arr: np.ndarray, allow_pickle: bool = False) -> bytes:
    buf = io.BytesIO()
    np.save(buf, arr, allow_pickle=allow_pickle)
    return buf.getvalue()


def with_state(valid: bytes, **changes: Any) -> bytes:
    """The valid snapshot with state.json keys replaced (a value of DELETE removes the key)."""
    members = members_of(valid)
    state = json.loads(members["state.json"])
    for key, value in changes.items():
        if value is DELETE:
            del state[key]
        else:
            state[key] = value
    members["state.json"] = json.dumps(state).encode()
    return zip_bytes(members)


def with_member(valid: bytes, name: str, data: bytes | None) -> bytes:
    members = members_of(valid)
    if data is None:
        del members[name]
    else:
        members[name] = data
    return zip_bytes(members)


def with_arrays(valid: bytes, member: str, **changes: Any) -> bytes:
    """The valid snapshot with arrays of one .npz replaced (DELETE removes one)."""
    members = members_of(valid)
    with np.load(io.BytesIO(members[member]), allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    for key, value in changes.items():
        if value is DELETE:
            del arrays[key]
        else:
            arrays[key] = value
    members[member] = npz_bytes(arrays)
    return zip_bytes(members)


DELETE = object()


def refused(tmp_path: Path, data: bytes, contains: str, error: type[Exception] = SnapshotError,
            restore: bool = False) -> Exception:
    """Load (and with ``restore`` also restore) ``data``: the given error, naming ``contains``."""
    path = tmp_path / "bad.nnps"
    path.write_bytes(data)
    with pytest.raises((SnapshotError, DesignError)) as info:
        ckpt = load_checkpoint(path)
        if restore:
            restore_trainer(ckpt, backend="numpy")
        else:
            pytest.fail("the file loaded")
    assert isinstance(info.value, error), repr(info.value)
    assert contains in str(info.value), str(info.value)
    return info.value


def loads_fine(tmp_path: Path, data: bytes) -> Trainer:
    path = tmp_path / "ok.nnps"
    path.write_bytes(data)
    return restore_trainer(load_checkpoint(path), backend="numpy")


@contextlib.contextmanager
def peak_allocation() -> Iterator[list[int]]:
    """``[bytes]``: the most memory (Python objects and NumPy arrays) allocated inside the block."""
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    box = [0]
    try:
        yield box
    finally:
        box[0] = tracemalloc.get_traced_memory()[1] - base
        if started:
            tracemalloc.stop()


def test_the_helpers_build_loadable_snapshots(tmp_path: Path, valid_snapshot: bytes) -> None:
    """The builders used below make files that load, so each refusal is about the one change made."""
    members = members_of(valid_snapshot)
    loads_fine(tmp_path, valid_snapshot)
    loads_fine(tmp_path, zip_bytes(members))
    loads_fine(tmp_path, zip_bytes(members, zipfile.ZIP_STORED))
    loads_fine(tmp_path, zip_bytes(list(reversed(members.items()))))
    loads_fine(tmp_path, raw_zip([stored(n, d) for n, d in members.items()]))
    loads_fine(tmp_path, raw_zip([deflated(n, d) for n, d in members.items()]))
    loads_fine(tmp_path, with_state(valid_snapshot))
    loads_fine(tmp_path, with_arrays(valid_snapshot, "weights.npz"))
    loads_fine(tmp_path, with_arrays(valid_snapshot, "progress.npz"))


# ---------------------------------------------------------------- bad files, problem named


def test_files_that_are_not_snapshots(tmp_path: Path) -> None:
    refused(tmp_path, b"", "not a playground snapshot")
    refused(tmp_path, b"hello, this is a text file\n", "not a playground snapshot")
    refused(tmp_path, json.dumps({"format": "nn-playground.design"}).encode(), "not a playground snapshot")
    refused(tmp_path, b"PK\x03\x04" + bytes(100), "not a playground snapshot")
    with pytest.raises(SnapshotError, match="no such file"):
        load_checkpoint(tmp_path / "missing.nnps")
    with pytest.raises(SnapshotError, match="not a regular file"):
        load_checkpoint(tmp_path)
    with pytest.raises(SnapshotError, match="cannot read"):
        load_checkpoint(str(tmp_path / "a\x00b.nnps"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.nnps"
    os.mkfifo(fifo)
    assert not is_snapshot_file(fifo)
    with pytest.raises(SnapshotError, match="not a regular file"):
        load_checkpoint(fifo)


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.99])
def test_truncated_snapshots(tmp_path: Path, valid_snapshot: bytes, keep: float) -> None:
    refused(tmp_path, valid_snapshot[: int(len(valid_snapshot) * keep)], "not a playground snapshot")


def test_truncated_member_data_is_damaged(tmp_path: Path, valid_snapshot: bytes) -> None:
    members = members_of(valid_snapshot)
    entry = deflated("state.json", members["state.json"])
    entry.payload = entry.payload[: len(entry.payload) // 2]
    entries = [deflated(n, d) for n, d in members.items() if n != "state.json"] + [entry]
    refused(tmp_path, raw_zip(entries), "state.json inside the snapshot is damaged")


def test_flipped_bits_in_member_data_fail_the_checksum(tmp_path: Path, valid_snapshot: bytes) -> None:
    members = members_of(valid_snapshot)
    entry = stored("weights.npz", members["weights.npz"])
    entry.payload = entry.payload[:200] + bytes([entry.payload[200] ^ 1]) + entry.payload[201:]
    entries = [stored(n, d) for n, d in members.items() if n != "weights.npz"] + [entry]
    refused(tmp_path, raw_zip(entries), "weights.npz inside the snapshot is damaged (BadZipFile: Bad CRC-32")


def test_a_member_longer_than_its_header_says_is_damaged(tmp_path: Path, valid_snapshot: bytes) -> None:
    members = members_of(valid_snapshot)
    entries = [stored(n, d) for n, d in members.items()]
    entries[0].size -= 10  # the CRC covers all the bytes, but only size - 10 are read
    refused(tmp_path, raw_zip(entries), "inside the snapshot is damaged")


@pytest.mark.parametrize(
    "name",
    ["../x", "../../etc/passwd", "/abs/design.json", "/design.json", "C:\\x", "C:\\design.json", "design.json/",
     "sub/design.json", "./design.json", "design.JSON", "extra.txt", "weights.npy", "설계.json", ""],
)
def test_member_paths_and_unexpected_members_are_refused(tmp_path: Path, valid_snapshot: bytes, name: str) -> None:
    members = members_of(valid_snapshot)
    entries = [*(stored(n, d) for n, d in members.items() if n != "progress.npz"), stored(name, b"{}")]
    error = refused(tmp_path, raw_zip(entries), "unexpected file")
    assert repr(name) in str(error)


def test_names_with_a_nul_byte_are_refused(tmp_path: Path, valid_snapshot: bytes) -> None:
    """zipfile cuts such a name at the NUL (to "design.json"), so the loader checks the raw name."""
    members = members_of(valid_snapshot)
    entries = [stored(n, d) for n, d in members.items() if n != "design.json"]
    entries.append(stored(b"design.json\x00../../evil.sh", members["design.json"]))
    refused(tmp_path, raw_zip(entries), "contains a NUL byte")
    entries[-1] = stored(b"\x00", b"")
    refused(tmp_path, raw_zip(entries), "contains a NUL byte")


def test_duplicate_members_are_refused(tmp_path: Path, valid_snapshot: bytes) -> None:
    members = members_of(valid_snapshot)
    items = [(n, d) for n, d in members.items() if n != "progress.npz"]
    refused(tmp_path, zip_bytes([*items, ("state.json", members["state.json"])]), "'state.json' appears twice")


@pytest.mark.parametrize("missing", ["design.json", "state.json", "weights.npz"])
def test_required_members(tmp_path: Path, valid_snapshot: bytes, missing: str) -> None:
    refused(tmp_path, with_member(valid_snapshot, missing, None), f"the snapshot has no {missing}")


def test_optimizer_and_progress_members_are_optional(tmp_path: Path, valid_snapshot: bytes) -> None:
    no_progress = with_member(valid_snapshot, "progress.npz", None)
    # without progress.npz there is no batch order, so a position inside an epoch cannot continue
    refused(tmp_path, no_progress, "needs the saved batch order")
    t = loads_fine(tmp_path, with_state(no_progress, position=0))
    assert not t.step_losses and t._order is None
    refused(tmp_path, with_member(valid_snapshot, "optimizer.npz", None), "adam state needs the entries",
            restore=True)


def test_encrypted_and_unusual_compression_are_refused(tmp_path: Path, valid_snapshot: bytes) -> None:
    members = members_of(valid_snapshot)
    entries = [stored(n, d) for n, d in members.items()]
    entries[0].flags |= 0x1
    refused(tmp_path, raw_zip(entries), "is encrypted")
    refused(tmp_path, zip_bytes(members, zipfile.ZIP_BZIP2), "unsupported compression method (12)")
    refused(tmp_path, zip_bytes(members, zipfile.ZIP_LZMA), "unsupported compression method (14)")
    entries = [stored(n, d) for n, d in members.items()]
    entries[1].method = 99
    refused(tmp_path, raw_zip(entries), "unsupported compression method (99)")


def test_directory_bombs_and_zip64_are_refused_before_parsing(tmp_path: Path, valid_snapshot: bytes) -> None:
    entries = [stored(n, d) for n, d in members_of(valid_snapshot).items()]
    refused(tmp_path, raw_zip(entries, claim_entries=60_000, claim_directory=50_000_000), "lists 60,000 files")
    refused(tmp_path, raw_zip(entries, claim_directory=2_000_000), "2,000,000-byte directory")
    refused(tmp_path, raw_zip(entries, zip64_locator=True), "ZIP64")
    refused(tmp_path, raw_zip(entries, claim_entries=0xFFFF), "ZIP64")
    refused(tmp_path, zip_bytes([(f"f{i}", b"") for i in range(6)]), "lists 6 files")


def zeros_deflated(size: int) -> bytes:
    """A raw deflate stream of ``size`` zero bytes, made without ever holding them all.

    One MiB is compressed and ends in a full flush (byte aligned, no references back),
    so copies of that block simply concatenate; a final empty block ends the stream.
    """
    mib = 1024**2
    assert size % mib == 0
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(bytes(mib)) + c.flush(zlib.Z_FULL_FLUSH)
    return block * (size // mib) + c.flush()


def zeros_crc(size: int) -> int:
    crc, chunk = 0, bytes(1024**2)
    for _ in range(size // len(chunk)):
        crc = zlib.crc32(chunk, crc)
    return crc


def zeros_bomb(name: str, size: int) -> Raw:
    return Raw(name.encode(), zeros_deflated(size), zipfile.ZIP_DEFLATED, zeros_crc(size), size)


def test_the_zero_stream_is_really_that_many_zeros() -> None:
    size = 8 * 1024**2
    assert zlib.decompress(zeros_deflated(size), -15) == bytes(size)
    assert zeros_crc(size) == zlib.crc32(bytes(size))


def test_a_decompression_bomb_is_refused_without_inflating_it(tmp_path: Path, valid_snapshot: bytes) -> None:
    """2 GiB of zeros deflated to about 2 MB (a ratio near 1000) as weights.npz."""
    size = 2 * 1024**3
    members = members_of(valid_snapshot)
    bomb = zeros_bomb("weights.npz", size)
    assert len(bomb.payload) < 3 * 1024**2 and size > MAX_RATIO * len(bomb.payload)
    entries = [deflated("design.json", members["design.json"]), deflated("state.json", members["state.json"]), bomb]
    data = raw_zip(entries)
    with peak_allocation() as peak:
        refused(tmp_path, data, "weights.npz inside the snapshot is compressed suspiciously well")
    assert peak[0] < PEAK_LIMIT


def test_sizes_past_the_total_cap_are_refused_before_reading(tmp_path: Path, valid_snapshot: bytes) -> None:
    members = members_of(valid_snapshot)
    padding = bytes(16 * 1024**2)  # 3 GiB claimed from 16 MiB is a ratio of 192: under the bomb limit
    lying = Raw(b"weights.npz", padding, zipfile.ZIP_STORED, 0, 3 * 1024**3)
    entries = [stored("design.json", members["design.json"]), stored("state.json", members["state.json"]), lying]
    data = raw_zip(entries)
    with peak_allocation() as peak:
        refused(tmp_path, data, "the snapshot unpacks to more than 2 GiB")
    assert peak[0] < PEAK_LIMIT
    assert MAX_TOTAL_BYTES == 2 * 1024**3


def test_json_members_have_their_own_cap(tmp_path: Path, valid_snapshot: bytes) -> None:
    members = members_of(valid_snapshot)
    entries = [stored(n, d) for n, d in members.items() if n != "state.json"]
    entries.append(Raw(b"state.json", bytes(1024**2), zipfile.ZIP_STORED, 0, 100 * 1024**2))
    refused(tmp_path, raw_zip(entries), "state.json inside the snapshot is too large")
    entries[-1] = stored("state.json", members["state.json"])
    entries[0] = stored("design.json", members["design.json"] + b" " * (3 * 1024**2))
    refused(tmp_path, raw_zip(entries), "the snapshot's design is invalid", DesignError)


# ---------------------------------------------------------------- .npz members


def npz_of(arrays: dict[str, bytes | np.ndarray], compression: int = zipfile.ZIP_STORED) -> bytes:
    """An .npz written entry by entry: values are arrays (pickled if they hold objects) or raw .npy bytes."""
    items = [(f"{k}.npy", v if isinstance(v, bytes) else npy_bytes(v, allow_pickle=True)) for k, v in arrays.items()]
    return zip_bytes(items, compression)


def npy_header(descr: str, shape: str, fortran: bool = False, version: int = 1) -> bytes:
    header = f"{{'descr': '{descr}', 'fortran_order': {fortran}, 'shape': {shape}, }}".encode("latin-1")
    header += b" " * (63 - (len(header) + 10) % 64) + b"\n"
    length = struct.pack("<H" if version == 1 else "<I", len(header))
    return b"\x93NUMPY" + bytes([version, 0]) + length + header


class Marker:
    """Unpickling this touches a file: proof that code ran."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (pathlib.Path.touch, (pathlib.Path(self.path),))


def evil_npy(marker: Path) -> bytes:
    return npy_bytes(np.array([Marker(marker), 1], dtype=object), allow_pickle=True)


def test_the_pickle_payload_really_runs_code_when_loaded_unsafely(tmp_path: Path) -> None:
    """The payload used below is live: NumPy with allow_pickle=True runs it."""
    marker = tmp_path / "ran"
    arr = np.load(io.BytesIO(evil_npy(marker)), allow_pickle=True)  # the unsafe way, on purpose
    assert marker.exists() and arr.dtype == object
    assert b"pathlib" in evil_npy(marker) and pickle.HIGHEST_PROTOCOL >= 4


@pytest.mark.parametrize(
    ("member", "key"), [("weights.npz", "L1/W"), ("optimizer.npz", "m"), ("progress.npz", "step_losses")]
)
def test_object_arrays_are_refused_and_never_unpickled(
    tmp_path: Path, valid_snapshot: bytes, member: str, key: str
) -> None:
    marker = tmp_path / "pwned"
    members = members_of(valid_snapshot)
    with np.load(io.BytesIO(members[member]), allow_pickle=False) as npz:
        arrays: dict[str, Any] = {k: npz[k] for k in npz.files}
    arrays[key] = evil_npy(marker)
    for compression in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        data = with_member(valid_snapshot, member, npz_of(arrays, compression))
        refused(tmp_path, data, f"{member}: array {key!r} holds Python objects; only plain numbers are allowed")
    assert not marker.exists()


@pytest.mark.parametrize(
    ("array", "contains"),
    [
        (np.zeros(3, np.complex64), "unsupported type"),
        (np.array(["a", "b"]), "unsupported type"),
        (np.array([b"a"]), "unsupported type"),
        (np.zeros(2, "datetime64[s]"), "unsupported type"),
        (np.zeros(2, [("a", "<f4"), ("b", "<i4")]), "unsupported type"),
        (np.zeros(2, np.float128) if hasattr(np, "float128") else np.zeros(2, np.clongdouble), "unsupported type"),
        (np.zeros(2, np.dtype(("<f4", (2,)))), None),  # a sub-array dtype: saved as a plain (2, 2) array
    ],
)
def test_only_plain_numeric_arrays_are_read(tmp_path: Path, valid_snapshot: bytes, array: Any, contains: Any) -> None:
    data = with_member(valid_snapshot, "optimizer.npz", npz_of({"m": array}))
    if contains is None:
        refused(tmp_path, data, "adam state needs the entries", restore=True)
    else:
        refused(tmp_path, data, f"optimizer.npz: array 'm' has an {contains}")


@pytest.mark.parametrize(
    ("npy", "contains"),
    [
        (npy_header("<f4", "(1000000000000,)"), "the data does not match the shape (1000000000000,)"),
        (npy_header("<f8", "(4294967296, 4294967296)"), "does not match the shape"),
        (npy_header("<f4", "(3,)") + bytes(8), "does not match the shape (3,)"),
        (npy_header("<f4", "(3,)") + bytes(16), "does not match the shape (3,)"),
        (npy_header("<f4", "(-3,)"), "unsupported type or a damaged header"),
        (npy_header("<f4", "(" + "1, " * 40 + ")"), "invalid shape"),
        (npy_header("<f4", "(1e3,)"), "unsupported type or a damaged header"),
        (npy_header("<f4", "(3,)", version=3) + bytes(12), "unsupported .npy format version (3)"),
        (npy_header("O", "(3,)"), "holds Python objects"),
        (npy_header("<f4", "(3,)")[:-30], "damaged header"),
        (b"\x93NUMPY\x01\x00\xff\xff{'descr'", "damaged header"),
        (b"\x93NUMPY", "is not a NumPy array"),
        (b"PK\x03\x04 not an array", "is not a NumPy array"),
        (b"", "is not a NumPy array"),
    ],
)
def test_hostile_npy_headers(tmp_path: Path, valid_snapshot: bytes, npy: bytes, contains: str) -> None:
    data = with_member(valid_snapshot, "weights.npz", npz_of({"L1/W": npy}))
    with peak_allocation() as peak:
        refused(tmp_path, data, contains)
    assert peak[0] < PEAK_LIMIT


def test_npz_bombs_and_odd_npz_members(tmp_path: Path, valid_snapshot: bytes) -> None:
    data = with_member(valid_snapshot, "weights.npz", raw_zip([zeros_bomb("L1/W.npy", 256 * 1024**2)]))
    with peak_allocation() as peak:
        refused(tmp_path, data, "L1/W.npy inside weights.npz is compressed suspiciously well")
    assert peak[0] < PEAK_LIMIT
    refused(tmp_path, with_member(valid_snapshot, "weights.npz", b"not a zip at all"),
            "weights.npz is not a valid NumPy archive")
    refused(tmp_path, with_member(valid_snapshot, "weights.npz", zip_bytes({"L1/W.txt": b"1"})),
            "unexpected file 'L1/W.txt' inside weights.npz")
    refused(tmp_path, with_member(valid_snapshot, "weights.npz", zip_bytes([("a.npy", b""), ("a.npy", b"")])),
            "'a.npy' appears twice inside weights.npz")
    refused(tmp_path, with_member(valid_snapshot, "weights.npz", raw_zip([stored(b"a.npy\x00.txt", b"")])),
            "contains a NUL byte")
    many = npz_of({f"a{i}": np.zeros(1) for i in range(checkpoint.MAX_ARRAYS + 1)})
    refused(tmp_path, with_member(valid_snapshot, "optimizer.npz", many), "files in a")


def test_npz_variants_numpy_can_write_are_read_exactly(tmp_path: Path, valid_snapshot: bytes) -> None:
    members = members_of(valid_snapshot)
    with np.load(io.BytesIO(members["weights.npz"]), allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    key = next(k for k, v in arrays.items() if v.ndim == 2)
    variants = {
        "compressed": npz_bytes(arrays, compressed=True),
        "big-endian": npz_bytes({**arrays, key: arrays[key].astype(">f4")}),
        "fortran": npz_bytes({**arrays, key: np.asfortranarray(arrays[key])}),
        "float64": npz_bytes({**arrays, key: arrays[key].astype(np.float64)}),
    }
    for name, data in variants.items():
        path = tmp_path / f"{name}.nnps"
        path.write_bytes(with_member(valid_snapshot, "weights.npz", data))
        ckpt = load_checkpoint(path)
        assert np.array_equal(ckpt.weights[key], arrays[key]), name
        assert ckpt.weights[key].dtype.isnative and ckpt.weights[key].flags.writeable
        restore_trainer(ckpt, backend="numpy")


def test_weights_that_do_not_fit_the_design(tmp_path: Path, valid_snapshot: bytes) -> None:
    refused(tmp_path, with_arrays(valid_snapshot, "weights.npz", **{"L1/W": np.zeros((3, 3), np.float32)}),
            "weight L1/W has shape (3, 3) but the design needs", DesignError, restore=True)
    refused(tmp_path, with_arrays(valid_snapshot, "weights.npz", **{"L1/W": DELETE}),
            "missing ['L1/W']", DesignError, restore=True)
    refused(tmp_path, with_arrays(valid_snapshot, "weights.npz", **{"L9/W": np.zeros(1, np.float32)}),
            "unexpected ['L9/W']", DesignError, restore=True)
    refused(tmp_path, with_arrays(valid_snapshot, "optimizer.npz", m=np.zeros(5, np.float32)),
            "adam state 'm' has shape (5,)", restore=True)
    refused(tmp_path, with_arrays(valid_snapshot, "optimizer.npz", extra=np.zeros(5, np.float32)),
            "adam state needs the entries", restore=True)


@pytest.mark.parametrize(
    ("arrays", "contains"),
    [
        ({"order": np.array([0, 0, 1, 2, 3, 4, 5, 6])}, "not a permutation"),
        ({"order": np.array([0, 1, 2, 3, 4, 5, 6, 8])}, "not a permutation"),
        ({"order": np.array([-1, 1, 2, 3, 4, 5, 6, 7])}, "not a permutation"),
        ({"order": np.array([2**63 + 5, 1, 2, 3, 4, 5, 6, 7], dtype=np.uint64)}, "not a permutation"),
        ({"order": np.arange(8.0)}, "list of whole numbers"),
        ({"order": np.arange(8).reshape(2, 4)}, "list of whole numbers"),
        ({"order": np.arange(2)}, "position lies outside the batch order"),
        ({"order": np.arange(40)}, "the saved batch order does not fit the data set"),
        ({"step_losses": np.array([0.5, np.nan])}, "not a finite number"),
        ({"step_losses": np.array([0.5, np.inf])}, "not a finite number"),
        ({"step_losses": np.zeros((2, 2))}, "step_losses must be a list of numbers"),
        ({"step_losses": np.array([True])}, "step_losses must be a list of numbers"),
        ({"rng": np.zeros(2)}, "progress.npz: unexpected array 'rng'"),
    ],
)
def test_bad_progress_arrays(tmp_path: Path, valid_snapshot: bytes, arrays: dict[str, Any], contains: str) -> None:
    data = with_arrays(valid_snapshot, "progress.npz", **arrays)
    refused(tmp_path, data, contains, restore="does not fit" in contains)


# ---------------------------------------------------------------- JSON members


def with_raw_state(valid: bytes, text: str | bytes) -> bytes:
    return with_member(valid, "state.json", text.encode("utf-8") if isinstance(text, str) else text)


def state_text(valid: bytes) -> str:
    return members_of(valid)["state.json"].decode("utf-8")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999", "-1e400"])
def test_non_finite_numbers_in_state_json(tmp_path: Path, valid_snapshot: bytes, literal: str) -> None:
    text = state_text(valid_snapshot)
    first = json.loads(text)["history"][0]["train_loss"]
    text = text.replace(json.dumps(first), literal, 1)
    refused(tmp_path, with_raw_state(valid_snapshot, text), "every number must be finite")


@pytest.mark.parametrize(
    ("text", "contains"),
    [
        (b"\xff\xfe{}", "state.json is not valid JSON (UnicodeDecodeError"),
        ("{", "state.json is not valid JSON"),
        ("", "state.json is not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"a": 1, "a": 2}', "the key 'a' appears twice"),
        ('{"epoch": ' + "9" * 50 + "}", "a number has 50 digits"),
        ("[]", "does not describe a playground snapshot"),
        ('{"format": "nn-playground.design", "format_version": 1}', "does not describe a playground snapshot"),
    ],
    ids=["not-utf8", "cut-short", "empty", "deep", "duplicate-key", "50-digits", "a-list", "a-design"],
)
def test_bad_state_json(tmp_path: Path, valid_snapshot: bytes, text: str | bytes, contains: str) -> None:
    refused(tmp_path, with_raw_state(valid_snapshot, text), contains)


def test_a_newer_format_version_says_which_version_it_needs(tmp_path: Path, valid_snapshot: bytes) -> None:
    error = refused(tmp_path, with_state(valid_snapshot, format_version=FORMAT_VERSION + 1),
                    f"needs format version {FORMAT_VERSION + 1}")
    assert f"reads up to version {FORMAT_VERSION}" in str(error)
    # reported even when the rest of the file is in a format this version cannot read
    members = members_of(valid_snapshot)
    state = json.loads(members["state.json"])
    newer = zip_bytes({"design.json": b"{}", "state.json": json.dumps({**state, "format_version": 7}).encode(),
                       "weights.npz": b"?"})
    refused(tmp_path, newer, "needs format version 7")


def test_bad_design_json_is_a_design_error(tmp_path: Path, valid_snapshot: bytes) -> None:
    design = members_of(valid_snapshot)["design.json"].decode()
    doc = json.loads(design)
    nan = json.dumps({**doc, "train": {**doc["train"], "learning_rate": float("nan")}})
    refused(tmp_path, with_member(valid_snapshot, "design.json", nan.encode()), "NaN is not allowed", DesignError)
    refused(tmp_path, with_member(valid_snapshot, "design.json", json.dumps({**doc, "format_version": 2}).encode()),
            "newer version of the playground", DesignError)
    doc["network"]["layers"][0]["type"] = "transformer"
    refused(tmp_path, with_member(valid_snapshot, "design.json", json.dumps(doc).encode()),
            "the snapshot's design is invalid: network.layers[0].type", DesignError)


GOOD_RNG = {"bit_generator": "PCG64", "state": {"state": 5, "inc": 7}, "has_uint32": 0, "uinteger": 0}
HISTORY = {"epoch": 1, "train_loss": 0.5, "test_loss": 0.5, "train_acc": 0.5, "test_acc": 0.5, "seconds": 0.1,
           "samples_per_second": 10.0, "steps": 4}

STATE_CASES: list[tuple[dict[str, Any], str]] = [
    ({"format": "nn-playground.design"}, "does not describe a playground snapshot"),
    ({"format_version": 0}, "format version must be a whole number"),
    ({"format_version": "1"}, "format version must be a whole number"),
    ({"format_version": True}, "format version must be a whole number"),
    ({"format_version": DELETE}, "format version must be a whole number"),
    ({"epoch": -1}, "epoch must be a non-negative whole number"),
    ({"epoch": "3"}, "epoch must be a non-negative whole number"),
    ({"epoch": 1.5}, "epoch must be a non-negative whole number"),
    ({"epoch": True}, "epoch must be a non-negative whole number"),
    ({"epoch": None}, "epoch must be a non-negative whole number"),
    ({"global_step": 2**63}, "global_step must be a non-negative whole number"),
    ({"global_step": DELETE}, "global_step must be a non-negative whole number"),
    ({"position": [3]}, "position must be a non-negative whole number"),
    ({"position": 10**6}, "position lies outside the batch order"),
    ({"optimizer": 5}, "optimizer name is missing"),
    ({"optimizer": DELETE}, "optimizer name is missing"),
    ({"optimizer_scalars": []}, "optimizer state is malformed"),
    ({"optimizer_scalars": {"t": -1, "size": 9}}, "optimizer state is malformed"),
    ({"optimizer_scalars": {"t": "3", "size": 9}}, "optimizer state is malformed"),
    ({"optimizer_scalars": {"t": 2.5, "size": 9}}, "optimizer state is malformed"),
    ({"optimizer_scalars": {"t": 3, "size": 9, "m": 1}}, "'m' is also an optimizer number"),
    ({"epoch_partial": [1, 2, 3]}, "epoch_partial is malformed"),
    ({"epoch_partial": [0.5, 1, 2, -1.0, 3]}, "epoch_partial is malformed"),
    ({"epoch_partial": ["a", 0, 0, 0.0, 0]}, "epoch_partial is malformed"),
    ({"epoch_partial": [0.0, 1.5, 0, 0.0, 0]}, "epoch_partial is malformed"),
    ({"epoch_partial": [0.0, -1, 0, 0.0, 0]}, "epoch_partial is malformed"),
    ({"epoch_partial": {"a": 1}}, "epoch_partial is malformed"),
    ({"shuffle_rng": "x"}, "batch-order random state is malformed"),
    ({"shuffle_rng": DELETE}, "batch-order random state is malformed"),
    ({"shuffle_rng": {**GOOD_RNG, "bit_generator": "MT19937"}}, "batch-order random state is malformed"),
    ({"shuffle_rng": {**GOOD_RNG, "state": {"state": 2**128, "inc": 1}}}, "batch-order random state is malformed"),
    ({"shuffle_rng": {**GOOD_RNG, "state": {"state": 1.5, "inc": 1}}}, "batch-order random state is malformed"),
    ({"shuffle_rng": {**GOOD_RNG, "state": {"state": -1, "inc": 1}}}, "batch-order random state is malformed"),
    ({"shuffle_rng": {**GOOD_RNG, "has_uint32": 2}}, "batch-order random state is malformed"),
    ({"shuffle_rng": {**GOOD_RNG, "uinteger": 2**32}}, "batch-order random state is malformed"),
    ({"shuffle_rng": {**GOOD_RNG, "extra": 1}}, "batch-order random state is malformed"),
    ({"dropout_rng": []}, "dropout random state is malformed"),
    ({"dropout_rng": {**GOOD_RNG, "state": []}}, "dropout random state is malformed"),
    ({"history": "x"}, "the history is malformed"),
    ({"history": [1]}, "history entry 0 is malformed"),
    ({"history": [HISTORY, {**HISTORY, "steps": DELETE}]}, "history entry 1: steps must be"),
    ({"history": [{**HISTORY, "epoch": -1}]}, "history entry 0: epoch must be"),
    ({"history": [{**HISTORY, "train_acc": "x"}]}, "history entry 0: train_acc must be a finite number or null"),
    ({"history": [{**HISTORY, "test_loss": [1]}]}, "history entry 0: test_loss must be a finite number or null"),
    ({"history": [{**HISTORY, "seconds": None}]}, "history entry 0: seconds must be a finite number"),
    ({"history": [{**HISTORY, "samples_per_second": True}]}, "history entry 0: samples_per_second must be"),
]


@pytest.mark.parametrize(("changes", "contains"), STATE_CASES, ids=[c for _, c in STATE_CASES])
def test_malformed_state_values(tmp_path: Path, valid_snapshot: bytes, changes: dict[str, Any], contains: str) -> None:
    members = members_of(valid_snapshot)
    state = json.loads(members["state.json"])
    for key, value in changes.items():
        if value is DELETE:
            state.pop(key, None)
        elif key == "history":
            state[key] = [{k: v for k, v in r.items() if v is not DELETE} if isinstance(r, dict) else r
                          for r in value] if isinstance(value, list) else value
        else:
            state[key] = value
    members["state.json"] = json.dumps(state).encode()
    refused(tmp_path, zip_bytes(members), contains)


def test_state_that_loads_but_does_not_fit_the_network(tmp_path: Path, valid_snapshot: bytes) -> None:
    refused(tmp_path, with_state(valid_snapshot, optimizer="sgd"), "belongs to another optimizer", restore=True)
    state = json.loads(members_of(valid_snapshot)["state.json"])
    scalars = {**state["optimizer_scalars"], "size": 999}
    refused(tmp_path, with_state(valid_snapshot, optimizer_scalars=scalars), "is for 999 parameters", restore=True)


def test_good_odd_values_are_accepted(tmp_path: Path, valid_snapshot: bytes) -> None:
    """Null losses (a diverged epoch's), no epoch_partial or dropout state (older files) still load."""
    state = json.loads(members_of(valid_snapshot)["state.json"])
    history = [{**state["history"][0], "train_loss": None, "test_acc": None}]
    t = loads_fine(tmp_path, with_state(valid_snapshot, history=history, epoch_partial=DELETE, dropout_rng=DELETE))
    assert np.isnan(t.history[0].train_loss) and t.history[0].test_acc is None and t._epoch_steps == 0


# ---------------------------------------------------------------- fuzzing

FUZZ = settings(
    deadline=None,
    derandomize=True,  # the same inputs on every run and machine
    database=None,
    print_blob=False,
    suppress_health_check=[
        HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture, HealthCheck.large_base_example,
    ],
)
FUZZED: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_fuzz_counts() -> Iterator[None]:
    yield
    if FUZZED:
        total = sum(FUZZED.values())
        print(f"\nfuzzed snapshot inputs: {total} ({', '.join(f'{k} {v}' for k, v in sorted(FUZZED.items()))})")


class FuzzFile:
    """One file rewritten in place for every input, in RAM where possible (truncating files on
    some disks costs milliseconds, more than loading a small snapshot)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "fuzz.nnps"
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)

    def write(self, data: bytes) -> None:
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, data, 0)

    def close(self) -> None:
        os.close(self.fd)
        self.path.unlink(missing_ok=True)


@pytest.fixture
def fuzz_file(tmp_path: Path) -> Iterator[FuzzFile]:
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() and os.access(shm, os.W_OK) else tmp_path) as folder:
        f = FuzzFile(Path(folder))
        yield f
        f.close()


TRACE_EVERY = 10  # measure the loader's peak allocation on every n-th input (tracemalloc slows it ~5x)


def check_outcome(f: FuzzFile, data: bytes, kind: str) -> Checkpoint | None:
    """A Checkpoint that restores (or is refused with a message), or a refusal; anything else fails.

    Every ``TRACE_EVERY``-th input is loaded under tracemalloc: the loader may never
    allocate more than PEAK_LIMIT for these small inputs.
    """
    FUZZED[kind] += 1
    f.write(data)
    traced = FUZZED[kind] % TRACE_EVERY == 0
    if traced:
        tracemalloc.start()
    try:
        ckpt = load_checkpoint(f.path)
    except (SnapshotError, DesignError) as error:
        assert str(error)
        event(f"refused: {type(error).__name__}")
        return None
    finally:
        if traced:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            assert peak < PEAK_LIMIT
    assert isinstance(ckpt, Checkpoint)
    try:
        trainer = restore_trainer(ckpt, backend="numpy")
    except (SnapshotError, DesignError) as error:
        assert str(error)
        event(f"loaded, refused by restore: {type(error).__name__}")
        return ckpt
    trainer.train_steps(2)
    event("loaded and restored")
    return ckpt


# Structured inputs are built from a random.Random seeded by Hypothesis: drawing every byte and
# value through Hypothesis (strategies or st.randoms) made generation 5-10x slower than loading
# them. The seed is still drawn, shrunk and replayed by Hypothesis (derandomized: the same
# inputs on every run).
randoms = st.integers(0, 2**64 - 1).map(random.Random)

INTERESTING = [0, 1, -1, 2, 2**63, 2**128, 10**40, 0.5, -0.0, 1e308, 1e-320, float("nan"), float("inf"), "",
               "PCG64", "adam", "sgd", "nn-playground.snapshot", "nn-playground.design", True, False, None]
KEYS = ["format", "format_version", "epoch", "global_step", "position", "optimizer", "optimizer_scalars", "t",
        "size", "history", "shuffle_rng", "dropout_rng", "state", "inc", "has_uint32", "uinteger", "epoch_partial",
        "train_loss", "steps", "seconds", "network", "layers", "train"]
HOSTILE_NAMES = ["../x", "/abs", "C:\\x", "design.json/", "a/../design.json", "weights.npy", "", " ", "설계.json"]
DTYPES = ["<f4", "<f8", ">f4", "<f2", "<i8", "<i4", "|i1", "|u1", "<u8", "|b1", "<c8", "<U2", "|S2", "<M8[s]",
          "|V4", "O"]
ARRAY_KEYS = ["L1/W", "L1/b", "L2/W", "L2/b", "m", "v", "t", "step_losses", "order", "", "../x"]


def rand_text(rnd: Any, n: int = 6) -> str:
    alphabet = "aZ09/._-\\ \n\"{}[]:,가é\u0001\ufeff"
    return "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, n)))


def rand_scalar(rnd: Any) -> Any:
    kind = rnd.randrange(6)
    if kind == 0:
        return rnd.choice(INTERESTING)
    if kind == 1:
        return rnd.randint(-(2 ** rnd.randint(1, 140)), 2 ** rnd.randint(1, 140))
    if kind == 2:
        return rnd.uniform(-1e6, 1e6) * 10.0 ** rnd.randint(-300, 300)
    if kind == 3:
        return rand_text(rnd)
    return rnd.randint(-3, 10)


def rand_json(rnd: Any, depth: int = 0) -> Any:
    r = rnd.random()
    if depth < 4 and r < 0.2:
        return [rand_json(rnd, depth + 1) for _ in range(rnd.randint(0, 4))]
    if depth < 4 and r < 0.4:
        return {rand_key(rnd): rand_json(rnd, depth + 1) for _ in range(rnd.randint(0, 4))}
    return rand_scalar(rnd)


def rand_key(rnd: Any) -> str:
    return rnd.choice(KEYS) if rnd.random() < 0.7 else rand_text(rnd)


def rand_array(rnd: Any) -> np.ndarray:
    dtype = np.dtype(rnd.choice(DTYPES))
    shape = tuple(rnd.randint(0, 5) for _ in range(rnd.randint(0, 3)))
    size = int(np.prod(shape))
    if dtype.kind == "O":
        return np.array([rnd.randint(0, 9) for _ in range(size)], dtype=object).reshape(shape)
    return np.frombuffer(rnd.randbytes(size * dtype.itemsize), dtype=dtype).reshape(shape)


def rand_npz(rnd: Any) -> bytes:
    keys = {rnd.choice(ARRAY_KEYS) if rnd.random() < 0.7 else rand_text(rnd) or "k" for _ in range(rnd.randint(0, 4))}
    return npz_of({k: rand_array(rnd) for k in keys}, rnd.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))


def rand_member_name(rnd: Any) -> str:
    r = rnd.random()
    return rnd.choice(MEMBERS) if r < 0.6 else rnd.choice(HOSTILE_NAMES) if r < 0.8 else rand_text(rnd, 12)


def mutate(rnd: Any, raw: bytes, focus: int | None = None) -> bytes:
    """1-4 edits (overwrite, cut, insert), optionally within the first ``focus`` bytes; sometimes a truncation."""
    buf = bytearray(raw)
    for _ in range(rnd.randint(1, 4)):
        end = len(buf) if focus is None else min(len(buf), focus)
        at = rnd.randint(0, end)
        if rnd.random() < 0.5:
            insert = bytes([buf[at] ^ (1 << rnd.randrange(8))]) if at < len(buf) else b"\xff"  # one bit flipped
            buf[at:at + 1] = insert
        else:
            insert = rnd.choice([rnd.randbytes(rnd.randint(0, 8)), b"\xff", b"\0", b"PK\x05\x06", b"PK\x03\x04"])
            buf[at:at + rnd.randint(0, 8)] = insert
    if rnd.random() < 0.1:
        buf = buf[: rnd.randint(0, len(buf))]
    return bytes(buf)


@settings(FUZZ, max_examples=2000)
@given(st.binary(max_size=600))
def test_fuzz_random_bytes(fuzz_file: FuzzFile, raw: bytes) -> None:
    check_outcome(fuzz_file, raw, "random bytes")


@settings(FUZZ, max_examples=1000)
@given(rnd=randoms)
def test_fuzz_random_zips(fuzz_file: FuzzFile, valid_snapshot: bytes, rnd: Any) -> None:
    """Zips of random names (snapshot members, hostile paths, anything) holding random contents."""
    valid = list(members_of(valid_snapshot).values())
    makers: list[Callable[[], bytes]] = [
        lambda: rnd.randbytes(rnd.randint(0, 200)),
        lambda: rnd.choice(valid),
        lambda: json.dumps(rand_json(rnd)).encode(),
        lambda: rand_npz(rnd),
    ]
    entries = [(rand_member_name(rnd), rnd.choice(makers)()) for _ in range(rnd.randint(0, 7))]
    check_outcome(fuzz_file, zip_bytes(entries, rnd.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])), "random zips")


@settings(FUZZ, max_examples=2000)
@given(rnd=randoms)
def test_fuzz_corrupted_snapshot_bytes(fuzz_file: FuzzFile, valid_snapshot: bytes, rnd: Any) -> None:
    """The valid snapshot with bits flipped, bytes cut or inserted, or the end cut off."""
    check_outcome(fuzz_file, mutate(rnd, valid_snapshot), "flipped/cut snapshot bytes")


@settings(FUZZ, max_examples=1200)
@given(rnd=randoms)
def test_fuzz_replaced_members(fuzz_file: FuzzFile, valid_snapshot: bytes, rnd: Any) -> None:
    """One or two members replaced by random JSON, a random .npz, random bytes, a mutation, or left out."""
    members = members_of(valid_snapshot)
    for name in rnd.sample(MEMBERS, rnd.randint(1, 2)):
        how = rnd.choice(["json", "npz", "bytes", "mutate", "drop"])
        if how == "json":
            members[name] = json.dumps(rand_json(rnd)).encode()
        elif how == "npz":
            members[name] = rand_npz(rnd)
        elif how == "bytes":
            members[name] = rnd.randbytes(rnd.randint(0, 300))
        elif how == "mutate":  # .npy headers and zip headers sit near the start of an .npz
            members[name] = mutate(rnd, members[name], 400 if name.endswith(".npz") else None)
        else:
            del members[name]
    compression = rnd.choice([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED])
    check_outcome(fuzz_file, zip_bytes(members, compression), "replaced members")


def all_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(all_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out.extend(all_paths(item, (*prefix, i)))
    return out


@settings(FUZZ, max_examples=1200)
@given(rnd=randoms)
def test_fuzz_mutated_state_json(fuzz_file: FuzzFile, valid_snapshot: bytes, rnd: Any) -> None:
    """state.json with 1-3 values replaced, deleted or added anywhere in its tree."""
    members = members_of(valid_snapshot)
    state = json.loads(members["state.json"])
    paths = all_paths(state)
    for _ in range(rnd.randint(1, 3)):
        path = rnd.choice(paths)
        parent: Any = state
        try:
            for part in path[:-1]:
                parent = parent[part]
            parent[path[-1]]  # still there after an earlier mutation?
        except (KeyError, IndexError, TypeError):
            continue
        if not isinstance(parent, (dict, list)):  # an earlier mutation put a text here
            continue
        action = rnd.choice(["replace", "replace", "delete", "insert"])
        if action == "replace":
            parent[path[-1]] = rand_json(rnd)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[rand_key(rnd)] = rand_scalar(rnd)
        else:
            parent.insert(path[-1], rand_json(rnd))
    members["state.json"] = json.dumps(state).encode()
    check_outcome(fuzz_file, zip_bytes(members), "mutated state.json")


@settings(FUZZ, max_examples=800)
@given(rnd=randoms)
def test_fuzz_mutated_npy_inside_npz(fuzz_file: FuzzFile, valid_snapshot: bytes, rnd: Any) -> None:
    """One array of an .npz with its magic, header length or header text damaged."""
    members = members_of(valid_snapshot)
    name = rnd.choice(["weights.npz", "optimizer.npz", "progress.npz"])
    inner = members_of(members[name])
    key = rnd.choice(sorted(inner))
    inner[key] = mutate(rnd, inner[key], focus=140)
    members[name] = zip_bytes(inner, zipfile.ZIP_STORED)
    check_outcome(fuzz_file, zip_bytes(members), "mutated .npy headers")
