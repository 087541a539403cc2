"""Tests of engine.data: the 2-D generators, IDX reading, MNIST and IDX folders, CSV files."""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import math
import os
import struct
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import catalog
from engine.data import (
    Dataset,
    csv_table,
    dataset_input_shape,
    dataset_task,
    default_assets_dir,
    expand_features,
    images,
    load_dataset,
    read_idx,
)
from engine.errors import DataError
from engine.spec import DataSpec

ALL_2D = catalog.CLASSIFICATION_2D + catalog.REGRESSION_2D
MNIST_DIR = default_assets_dir() / "datasets" / "mnist"
MNIST_TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
MNIST_TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def _arrays(d: Dataset) -> list[np.ndarray]:
    return [a for a in (d.x_train, d.y_train, d.x_test, d.y_test, d.raw_train, d.raw_test) if a is not None]


def _all_raw(d: Dataset) -> tuple[np.ndarray, np.ndarray]:
    assert d.raw_train is not None and d.raw_test is not None
    return np.concatenate([d.raw_train, d.raw_test]), np.concatenate([d.y_train, d.y_test])


# ---------------------------------------------------------------- 2-D generators


@pytest.mark.parametrize("name", ALL_2D)
def test_same_spec_gives_bit_identical_arrays(name: str) -> None:
    spec = DataSpec(dataset=name, samples=300, noise=0.2, seed=7, features=catalog.FEATURES)
    a, b = load_dataset(spec), load_dataset(spec)
    for x, y in zip(_arrays(a), _arrays(b), strict=True):
        assert x.dtype == y.dtype and x.tobytes() == y.tobytes()
    other = load_dataset(dataclasses.replace(spec, seed=8))
    assert not np.array_equal(a.raw_train, other.raw_train)
    assert not np.array_equal(a.x_train, other.x_train)


@pytest.mark.parametrize("name", ALL_2D)
def test_2d_shapes_dtypes_and_labels(name: str) -> None:
    features = ("x1", "x2", "x1*x2")
    d = load_dataset(DataSpec(dataset=name, samples=400, noise=0.1, seed=3, features=features, classes=4))
    assert d.x_train.shape == (200, 3) and d.x_test.shape == (200, 3)
    assert d.x_train.dtype == np.float32 and d.x_test.dtype == np.float32
    assert d.raw_train is not None and d.raw_test is not None
    assert d.raw_train.shape == (200, 2) and d.raw_test.shape == (200, 2) and d.raw_train.dtype == np.float32
    assert d.input_shape == (3,) and d.feature_names == features
    raw, y = _all_raw(d)
    assert np.abs(raw).max() < 12.0  # roughly the Playground's [-6, 6]^2
    np.testing.assert_allclose(d.x_train, expand_features(d.raw_train, features), rtol=1e-5, atol=1e-5)
    if name in catalog.REGRESSION_2D:
        assert d.task == "regression" and d.n_classes == 0 and d.class_names == ()
        assert y.dtype == np.float32 and y.shape == (400,)
        assert y.min() >= -1.0 and y.max() <= 1.0 and y.std() > 0.05
    else:
        k = 4 if name in ("blobs", "spirals") else 2
        assert d.task == "classification" and d.n_classes == k
        assert d.class_names == tuple(str(j) for j in range(k))
        assert y.dtype == np.int64 and set(np.unique(y).tolist()) == set(range(k))
    assert dataset_task(DataSpec(dataset=name, classes=4)) == (d.task, d.n_classes)
    assert dataset_input_shape(DataSpec(dataset=name, features=features)) == (3,)


@pytest.mark.parametrize(
    ("samples", "fraction", "n_train"),
    [(500, 0.5, 250), (101, 0.3, 30), (4, 0.05, 1), (4, 0.95, 3), (1000, 0.8, 800)],
)
def test_train_test_sizes(samples: int, fraction: float, n_train: int) -> None:
    d = load_dataset(DataSpec(dataset="xor", samples=samples, train_fraction=fraction))
    assert len(d.x_train) == len(d.y_train) == n_train
    assert len(d.x_test) == len(d.y_test) == samples - n_train


def test_split_is_a_shuffle_of_all_points() -> None:
    d = load_dataset(DataSpec(dataset="spiral", samples=100, noise=0.1))
    raw, y = _all_raw(d)
    assert np.array_equal(np.sort(y), np.repeat([0, 1], 50))
    assert not np.array_equal(y[:50], np.ones(50))  # shuffled, not class after class
    assert len(np.unique(raw, axis=0)) == 100


def _spiral_formula(n: int, delta: float) -> np.ndarray:
    i = np.arange(n)
    r = 5.0 * i / n
    t = 1.75 * 2 * np.pi * i / n + delta
    return np.stack([r * np.sin(t), r * np.cos(t)], axis=1)


def _sorted_rows(a: np.ndarray) -> np.ndarray:
    return a[np.lexsort(a.T[::-1])]


@pytest.mark.parametrize("samples", [200, 201])
def test_spiral_points_match_the_playground_formula(samples: int) -> None:
    raw, y = _all_raw(load_dataset(DataSpec(dataset="spiral", samples=samples, noise=0.0)))
    n1, n0 = samples - samples // 2, samples // 2
    for label, n, delta in ((1, n1, 0.0), (0, n0, np.pi)):
        expected = _spiral_formula(n, delta).astype(np.float32)
        np.testing.assert_allclose(_sorted_rows(raw[y == label]), _sorted_rows(expected), atol=1e-6)


def test_spiral_noise_moves_points_by_at_most_noise() -> None:
    raw, y = _all_raw(load_dataset(DataSpec(dataset="spiral", samples=200, noise=0.3)))
    clean = {1: _spiral_formula(100, 0.0), 0: _spiral_formula(100, np.pi)}
    for label in (0, 1):
        pts = raw[y == label]
        dist = np.abs(pts[:, None, :] - clean[label][None, :, :]).max(axis=2).min(axis=1)
        assert dist.max() <= 0.3 + 1e-5
        assert dist.max() > 0.1  # the noise is really there


def test_spirals_k_arms() -> None:
    d = load_dataset(DataSpec(dataset="spirals", samples=300, classes=3))
    raw, y = _all_raw(d)
    assert np.bincount(y).tolist() == [100, 100, 100]
    for j in range(3):
        expected = _spiral_formula(100, 2 * np.pi * j / 3).astype(np.float32)
        np.testing.assert_allclose(_sorted_rows(raw[y == j]), _sorted_rows(expected), atol=1e-6)


def test_circle_without_noise() -> None:
    raw, y = _all_raw(load_dataset(DataSpec(dataset="circle", samples=400)))
    r = np.hypot(raw[:, 0], raw[:, 1])
    assert np.bincount(y).tolist() == [200, 200]
    assert r[y == 1].max() < 2.5 and r[y == 0].min() >= 3.5 - 1e-6 and r[y == 0].max() <= 5.0 + 1e-6


def test_xor_without_noise() -> None:
    raw, y = _all_raw(load_dataset(DataSpec(dataset="xor", samples=400)))
    assert np.array_equal(y, (raw[:, 0] * raw[:, 1] >= 0).astype(np.int64))
    assert np.abs(raw).min() >= 0.3 - 1e-6 and np.abs(raw).max() <= 5.3 + 1e-6


def test_noise_flips_some_xor_labels() -> None:
    raw, y = _all_raw(load_dataset(DataSpec(dataset="xor", samples=1000, noise=0.3)))
    agree = np.mean(y == (raw[:, 0] * raw[:, 1] >= 0))
    assert 0.6 < agree < 0.98


def test_gaussians_centres() -> None:
    raw, y = _all_raw(load_dataset(DataSpec(dataset="gaussians", samples=2000)))
    np.testing.assert_allclose(raw[y == 1].mean(axis=0), [2, 2], atol=0.15)
    np.testing.assert_allclose(raw[y == 0].mean(axis=0), [-2, -2], atol=0.15)
    np.testing.assert_allclose(raw[y == 1].var(axis=0), [0.5, 0.5], rtol=0.2)


def test_blobs_have_k_separate_centres() -> None:
    raw, y = _all_raw(load_dataset(DataSpec(dataset="blobs", samples=1000, classes=5)))
    assert np.bincount(y).tolist() == [200] * 5
    centres = np.array([raw[y == j].mean(axis=0) for j in range(5)])
    np.testing.assert_allclose(np.hypot(centres[:, 0], centres[:, 1]), 4.0, atol=0.2)


def test_moons_are_two_half_circles() -> None:
    raw, y = _all_raw(load_dataset(DataSpec(dataset="moons", samples=400)))
    upper = raw[y == 0] / 3.5 + (0.5, 0.25)
    lower = raw[y == 1] / 3.5 + (0.5, 0.25)
    np.testing.assert_allclose(np.hypot(upper[:, 0], upper[:, 1]), 1.0, atol=1e-5)
    np.testing.assert_allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1.0, atol=1e-5)
    assert upper[:, 1].min() >= -1e-5 and lower[:, 1].max() <= 0.5 + 1e-5


def test_plane_target_is_linear() -> None:
    d = load_dataset(DataSpec(dataset="plane", samples=300))
    assert d.raw_train is not None
    np.testing.assert_allclose(d.y_train, (d.raw_train[:, 0] + d.raw_train[:, 1]) / 12.0, atol=1e-6)


def test_multi_gaussian_target_by_hand() -> None:
    d = load_dataset(DataSpec(dataset="multi_gaussian", samples=500))
    assert d.raw_train is not None
    bumps = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)]
    for (a, b), target in zip(d.raw_train[:20].astype(np.float64), d.y_train[:20], strict=True):
        values = [s * min(max(1 - math.hypot(a - cx, b - cy) / 2, 0), 1) for cx, cy, s in bumps]
        assert target == pytest.approx(max(values, key=abs), abs=1e-5)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"dataset": "nope"}, "unknown data set 'nope'"),
        ({"samples": 3}, "data.samples"),
        ({"noise": -1.0}, "data.noise"),
        ({"noise": float("nan")}, "data.noise"),
        ({"classes": 11, "dataset": "blobs"}, "data.classes"),
        ({"train_fraction": 1.0}, "data.train_fraction"),
        ({"seed": -1}, "data.seed"),
        ({"features": ("x1", "x3")}, "unknown input feature 'x3'"),
        ({"features": ()}, "at least one input feature"),
        ({"features": ("x1", "x1")}, "listed twice"),
    ],
)
def test_bad_2d_specs_raise_data_error(change: dict, message: str) -> None:
    with pytest.raises(DataError, match=message):
        load_dataset(dataclasses.replace(DataSpec(), **change))


def test_dataset_is_frozen() -> None:
    d = load_dataset(DataSpec(samples=10))
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.task = "regression"  # type: ignore[misc]


# ---------------------------------------------------------------- feature expansion


def test_expand_features_by_hand() -> None:
    pts = np.array([[1.0, 2.0], [-0.5, 3.0]])
    out = expand_features(pts, catalog.FEATURES)
    expected = [
        [1.0, 2.0, 1.0, 4.0, 2.0, 0.8414709848, 0.9092974268],
        [-0.5, 3.0, 0.25, 9.0, -1.5, -0.4794255386, 0.1411200081],
    ]
    assert out.dtype == np.float32 and out.shape == (2, 7)
    np.testing.assert_allclose(out, expected, rtol=1e-6)
    np.testing.assert_array_equal(expand_features(pts, ["x2^2", "x1"]), [[4.0, 1.0], [9.0, -0.5]])


def test_expand_features_rejects_bad_input() -> None:
    with pytest.raises(DataError, match="unknown input feature 'cos x1'"):
        expand_features(np.zeros((3, 2)), ["cos x1"])
    with pytest.raises(DataError, match=r"needs \(N, 2\) points"):
        expand_features(np.zeros((3, 3)), ["x1"])


# ---------------------------------------------------------------- IDX files

IDX_CODES = {
    np.uint8: 0x08, np.int8: 0x09, np.int16: 0x0B, np.int32: 0x0C, np.float32: 0x0D, np.float64: 0x0E,
}


def idx_bytes(array: np.ndarray) -> bytes:
    """An IDX file's bytes for ``array`` (big-endian, written independently of the reader)."""
    code = IDX_CODES[array.dtype.type]
    head = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return head + array.astype(array.dtype.newbyteorder(">")).tobytes()


def write_idx(path: Path, array: np.ndarray, gz: bool) -> Path:
    data = idx_bytes(array)
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("dtype", list(IDX_CODES))
def test_idx_round_trip(tmp_path: Path, dtype: type, gz: bool) -> None:
    rng = np.random.default_rng(0)
    array = (rng.normal(0, 50, (3, 4, 5))).astype(dtype)
    array.flat[0] = np.iinfo(dtype).max if np.dtype(dtype).kind in "iu" else -1.5e30
    back = read_idx(write_idx(tmp_path / "a.idx", array, gz))
    assert back.dtype == np.dtype(dtype) and back.dtype.isnative and not back.flags.writeable
    assert back.shape == (3, 4, 5)
    np.testing.assert_array_equal(back, array)


def test_idx_one_dimension_and_file_name_does_not_matter(tmp_path: Path) -> None:
    labels = np.arange(7, dtype=np.uint8)
    np.testing.assert_array_equal(read_idx(write_idx(tmp_path / "x.gz", labels, gz=False)), labels)
    np.testing.assert_array_equal(read_idx(write_idx(tmp_path / "x.raw", labels, gz=True)), labels)


GOOD = idx_bytes(np.arange(24, dtype=np.int16).reshape(2, 3, 4))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not an IDX file"),
        (b"\x01\x00" + GOOD[2:], "not an IDX file"),
        (b"\x00\x00\x07\x01" + GOOD[4:], "unknown value type code 0x07"),
        (b"\x00\x00\x08\x00", "declares no dimensions"),
        (GOOD[:10], "truncated inside its header"),
        (GOOD[:-1], "truncated: it declares 48 data bytes, holds 47"),
        (GOOD[:16], "truncated"),
        (GOOD + b"\x00", "more data than its header declares"),
        (b"\x00\x00\x08\x03" + struct.pack(">3I", 65535, 65535, 65535), "absurd size"),
        (b"\x00\x00\x0e\x01" + struct.pack(">I", 600_000_000), "absurd size"),
        (b"\x1f\x8b\x08\x00garbage-not-deflate", "damaged"),
    ],
)
@pytest.mark.parametrize("gz", [False, True])
def test_malformed_idx_raises_data_error(tmp_path: Path, data: bytes, message: str, gz: bool) -> None:
    path = tmp_path / "bad.idx"
    path.write_bytes(gzip.compress(data) if gz and not data.startswith(b"\x1f\x8b") else data)
    with pytest.raises(DataError, match=message):
        read_idx(path)


def test_truncated_gzip_stream_raises_data_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.gz"
    path.write_bytes(gzip.compress(GOOD)[:-12])
    with pytest.raises(DataError, match="truncated"):
        read_idx(path)


def test_missing_idx_and_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        read_idx(tmp_path / "nothing")
    with pytest.raises(DataError, match="is a folder"):
        read_idx(tmp_path)


# ---------------------------------------------------------------- MNIST


@pytest.fixture(scope="module")
def mnist() -> Dataset:
    return load_dataset(DataSpec(dataset="mnist"))


def test_mnist_files_are_shipped() -> None:
    names = sorted(p.name for p in MNIST_DIR.glob("*.gz"))
    assert names == [
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
    ]
    assert (MNIST_DIR / "README.md").is_file()
    assert default_assets_dir() == Path(__file__).resolve().parents[2] / "assets"


def test_mnist_loads_completely(mnist: Dataset) -> None:
    assert mnist.x_train.shape == (60000, 1, 28, 28) and mnist.x_test.shape == (10000, 1, 28, 28)
    assert mnist.x_train.dtype == np.float32 and mnist.y_train.dtype == np.int64
    assert np.bincount(mnist.y_train).tolist() == MNIST_TRAIN_COUNTS
    assert np.bincount(mnist.y_test).tolist() == MNIST_TEST_COUNTS
    assert float(mnist.x_train.mean(dtype=np.float64)) == pytest.approx(0.1307, abs=5e-5)
    assert mnist.x_train.min() == 0.0 and mnist.x_train.max() == 1.0
    assert mnist.task == "classification" and mnist.n_classes == 10
    assert mnist.class_names == tuple("0123456789") and mnist.feature_names == ()
    assert mnist.input_shape == (1, 28, 28) and mnist.raw_train is None
    # pixel values are exactly byte / 255
    assert np.all(np.isin(mnist.x_test[0], np.arange(256, dtype=np.float32) / np.float32(255)))


def test_mnist_limits_cache_and_cheap_queries(mnist: Dataset) -> None:
    small = load_dataset(DataSpec(dataset="mnist", train_limit=1000, test_limit=50))
    assert small.x_train.shape == (1000, 1, 28, 28) and small.y_test.shape == (50,)
    np.testing.assert_array_equal(small.x_train, mnist.x_train[:1000])
    np.testing.assert_array_equal(small.y_test, mnist.y_test[:50])
    assert np.shares_memory(small.x_train, mnist.x_train)  # served from the in-process cache
    assert not mnist.x_train.flags.writeable  # the cache cannot be altered through a Dataset
    assert dataset_input_shape(DataSpec(dataset="mnist")) == (1, 28, 28)
    assert dataset_task(DataSpec(dataset="mnist")) == ("classification", 10)


def test_mnist_missing_assets(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="has no train-images-idx3-ubyte"):
        load_dataset(DataSpec(dataset="mnist"), assets_dir=tmp_path)


# ---------------------------------------------------------------- IDX folders


def make_idx_folder(folder: Path, h: int = 5, w: int = 7, gz: bool = True, dots: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(1)
    sep = "." if dots else "-"
    suffix = ".gz" if gz else ""
    for split, n in (("train", 12), ("t10k", 6)):
        pixels = rng.integers(0, 256, (n, h, w), np.uint8)
        write_idx(folder / f"{split}-images{sep}idx3-ubyte{suffix}", pixels, gz)
        write_idx(folder / f"{split}-labels{sep}idx1-ubyte{suffix}", np.arange(n, dtype=np.uint8) % 4, gz)
    return folder


@pytest.mark.parametrize(("gz", "dots"), [(True, False), (False, False), (False, True)])
def test_idx_folder_loads(tmp_path: Path, gz: bool, dots: bool) -> None:
    folder = make_idx_folder(tmp_path / "set", gz=gz, dots=dots)
    spec = DataSpec(dataset="idx", path=str(folder))
    d = load_dataset(spec)
    assert d.x_train.shape == (12, 1, 5, 7) and d.x_test.shape == (6, 1, 5, 7)
    assert d.input_shape == (1, 5, 7) and d.n_classes == 4 and d.class_names == ("0", "1", "2", "3")
    assert d.y_train.tolist() == [0, 1, 2, 3] * 3
    name = f"train-images{'.' if dots else '-'}idx3-ubyte{'.gz' if gz else ''}"
    raw = read_idx(folder / name)
    np.testing.assert_array_equal(d.x_train[:, 0], raw.astype(np.float32) / 255)
    assert dataset_input_shape(spec) == (1, 5, 7)
    assert dataset_task(spec) == ("classification", 4)
    limited = load_dataset(dataclasses.replace(spec, train_limit=5, test_limit=100))
    assert len(limited.x_train) == 5 and len(limited.x_test) == 6


def test_idx_folder_with_one_label_still_has_two_classes(tmp_path: Path) -> None:
    folder = make_idx_folder(tmp_path / "set")
    for split, n in (("train", 12), ("t10k", 6)):
        write_idx(folder / f"{split}-labels-idx1-ubyte.gz", np.zeros(n, np.uint8), gz=True)
    images.clear_cache()
    assert load_dataset(DataSpec(dataset="idx", path=str(folder))).n_classes == 2


def test_image_cache_notices_a_changed_file(tmp_path: Path) -> None:
    folder = make_idx_folder(tmp_path / "set")
    spec = DataSpec(dataset="idx", path=str(folder))
    assert load_dataset(spec).y_test.tolist() == [0, 1, 2, 3, 0, 1]
    labels = folder / "t10k-labels-idx1-ubyte.gz"
    write_idx(labels, np.full(6, 5, np.uint8), gz=True)
    os.utime(labels, ns=(labels.stat().st_atime_ns, labels.stat().st_mtime_ns + 10**9))
    d = load_dataset(spec)
    assert d.y_test.tolist() == [5] * 6 and d.n_classes == 6


def test_idx_folder_problems(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="needs a folder"):
        load_dataset(DataSpec(dataset="idx"))
    with pytest.raises(DataError, match="does not exist or is not a folder"):
        load_dataset(DataSpec(dataset="idx", path=str(tmp_path / "nope")))
    folder = make_idx_folder(tmp_path / "set")
    (folder / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(DataError, match="has no t10k-labels-idx1-ubyte"):
        load_dataset(DataSpec(dataset="idx", path=str(folder)))
    write_idx(folder / "t10k-labels-idx1-ubyte.gz", np.zeros(5, np.uint8), gz=True)
    with pytest.raises(DataError, match=r"holds 6 images but .* holds 5 labels"):
        load_dataset(DataSpec(dataset="idx", path=str(folder)))
    write_idx(folder / "t10k-labels-idx1-ubyte.gz", np.zeros(6, np.uint8), gz=True)
    write_idx(folder / "t10k-images-idx3-ubyte.gz", np.zeros((6, 5, 6), np.uint8), gz=True)
    with pytest.raises(DataError, match="training images are 5x7 but test images are 5x6"):
        load_dataset(DataSpec(dataset="idx", path=str(folder)))
    write_idx(folder / "t10k-images-idx3-ubyte.gz", np.zeros((6, 5, 7), np.float32), gz=True)
    with pytest.raises(DataError, match="images must be unsigned bytes"):
        load_dataset(DataSpec(dataset="idx", path=str(folder)))
    write_idx(folder / "t10k-images-idx3-ubyte.gz", np.zeros((6, 35), np.uint8), gz=True)
    with pytest.raises(DataError, match=r"shape \(count, height, width\)"):
        load_dataset(DataSpec(dataset="idx", path=str(folder)))
    write_idx(folder / "t10k-images-idx3-ubyte.gz", np.zeros((6, 5, 7), np.uint8), gz=True)
    write_idx(folder / "t10k-labels-idx1-ubyte.gz", np.full(6, -1, np.int8), gz=True)
    with pytest.raises(DataError, match=r"labels must lie in 0\.\.999"):
        load_dataset(DataSpec(dataset="idx", path=str(folder)))


# ---------------------------------------------------------------- CSV files


def write_csv(path: Path, text: str | bytes) -> DataSpec:
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return DataSpec(dataset="csv", path=str(path), seed=1)


def test_csv_classification(tmp_path: Path) -> None:
    rows = "".join(f"{i},{i * 0.5},{['cat', 'dog', 'bird'][i % 3]}\n" for i in range(30))
    spec = write_csv(tmp_path / "pets.csv", "\ufeffa,b,label\n" + rows + "\n\n")
    d = load_dataset(spec)
    assert d.task == "classification" and d.n_classes == 3
    assert d.class_names == ("bird", "cat", "dog") and d.feature_names == ("a", "b")
    assert d.input_shape == (2,) and d.raw_train is None
    assert d.x_train.dtype == np.float32 and d.y_train.dtype == np.int64
    assert len(d.x_train) == 15 and len(d.x_test) == 15
    x, y = np.concatenate([d.x_train, d.x_test]), np.concatenate([d.y_train, d.y_test])
    order = np.argsort(x[:, 0])
    assert x[order, 0].tolist() == list(range(30))  # every row once, values not standardised
    np.testing.assert_array_equal(x[order, 1], np.arange(30) * 0.5)
    assert [d.class_names[c] for c in y[order]] == [["cat", "dog", "bird"][i % 3] for i in range(30)]
    assert dataset_input_shape(spec) == (2,) and dataset_task(spec) == ("classification", 3)
    again = load_dataset(spec)
    assert again.x_train.tobytes() == d.x_train.tobytes() and again.y_test.tobytes() == d.y_test.tobytes()
    assert not np.array_equal(load_dataset(dataclasses.replace(spec, seed=2)).x_train, d.x_train)


def test_csv_numeric_classes_sort_numerically_and_target_column(tmp_path: Path) -> None:
    rows = "".join(f"{c},{i}\n" for i, c in enumerate(["10", "9", "2", "9", "10", "2"]))
    spec = dataclasses.replace(write_csv(tmp_path / "n.csv", "cls,x\n" + rows), target="cls")
    d = load_dataset(spec)
    assert d.class_names == ("2", "9", "10") and d.feature_names == ("x",)
    x, y = np.concatenate([d.x_train, d.x_test])[:, 0], np.concatenate([d.y_train, d.y_test])
    assert {int(a): int(b) for a, b in zip(x, y, strict=True)} == {0: 2, 1: 1, 2: 0, 3: 1, 4: 2, 5: 0}


def test_csv_regression_and_task_guessing(tmp_path: Path) -> None:
    spec = write_csv(tmp_path / "r.csv", "x1,x2,y\n" + "".join(f"{i},{-i},{i / 7}\n" for i in range(10)))
    d = load_dataset(spec)
    assert d.task == "regression" and d.n_classes == 0 and d.class_names == ()
    assert d.y_train.dtype == np.float32 and d.y_train.shape == (5,)
    np.testing.assert_allclose(d.y_train, d.x_train[:, 0] / 7, rtol=1e-6)
    assert dataset_task(spec) == ("regression", 0)
    many = write_csv(tmp_path / "many.csv", "x,y\n" + "".join(f"{i},{i}\n" for i in range(21)))
    few = write_csv(tmp_path / "few.csv", "x,y\n" + "".join(f"{i},{i % 20}\n" for i in range(40)))
    assert dataset_task(many) == ("regression", 0)
    assert dataset_task(few) == ("classification", 20)
    assert load_dataset(dataclasses.replace(few, task="regression")).task == "regression"
    assert load_dataset(dataclasses.replace(many, task="classification")).n_classes == 21


def test_csv_header_only_read_for_input_shape(tmp_path: Path) -> None:
    spec = write_csv(tmp_path / "h.csv", "a,b,c,d\n1,2\nnot,even,close\n")
    assert dataset_input_shape(spec) == (3,)
    with pytest.raises(DataError, match="line 2 has 2 values but the header names 4 columns"):
        load_dataset(spec)


def _rows(n: int, cols: int = 2) -> str:
    return "".join(",".join(str(i + j) for j in range(cols - 1)) + f",{i % 2}\n" for i in range(n))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "h.csv: the file is empty"),
        ("\n\n  \n", "h.csv: the file is empty"),
        ("1,2,3\n4,5,6\n", "h.csv: no header: line 1 must name the columns"),
        ("x1,x2,y\n1,2,0\n3,4\n5,6,1\n7,8,0\n", "h.csv: line 3 has 2 values but the header names 3 columns"),
        (
            "x1,x2,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n9,10,0\n11,abc,1\n",
            "h.csv: line 7, column 'x2': 'abc' is not a number",
        ),
        ("x1,x2,y\n1,2,0\n3, ,1\n5,6,0\n7,8,1\n", "h.csv: line 3, column 'x2' is empty"),
        ("x1,x2,y\n1,2,0\nnan,4,1\n5,6,0\n7,8,1\n", r"line 3, column 'x1': nan is not a finite number"),
        ("x1,x2,y\n1,2,0\n3,4,1\n5,-inf,0\n7,8,1\n", r"line 4, column 'x2': -inf is not a finite number"),
        ("x1,x2,y\n1,2,0\n3,4,1\n5,1e39,0\n7,8,1\n", r"line 4, column 'x2': 1e\+39 is too large"),
        ("x1,x2,y\n1,2,0\n3,4,1\n5,6,0\n", "h.csv: has 3 data rows; at least 4 are needed"),
        ("x1,x2,y\n1,2,a\n3,4,a\n5,6,a\n7,8,a\n", r"only one class \('a'\)"),
        ("x1,x2,y\n1,2,0\n3,4,\n5,6,0\n7,8,1\n", "h.csv: line 3, column 'y' is empty"),
        ("x1;x2;y\n1;2;0\n", r"at least two columns .*separated by commas"),
        ("x1,,y\n1,2,0\n", "line 1: column 2 has no name"),
        ("x,x,y\n1,2,0\n", "the column name 'x' appears twice"),
        ("x,y\n" + "".join(f"{i},L{i}\n" for i in range(1001)), "1001 different labels; at most 1000"),
        ('x1,x2,y\n1,2,0\n"3,4,1\n', "h.csv: line 3: unexpected end of data"),
    ],
)
def test_bad_csv_raises_specific_data_error(tmp_path: Path, text: str, message: str) -> None:
    spec = write_csv(tmp_path / "h.csv", text)
    with pytest.raises(DataError, match=message):
        load_dataset(spec)


def test_csv_regression_target_must_be_numeric(tmp_path: Path) -> None:
    spec = write_csv(tmp_path / "t.csv", "x,y\n1,0.5\n2,1.5\n3,oops\n4,2\n")
    with pytest.raises(DataError, match="line 4, column 'y': 'oops' is not a number"):
        load_dataset(dataclasses.replace(spec, task="regression"))
    spec = write_csv(tmp_path / "t.csv", "x,y\n1,0.5\n2,1.5\n3,inf\n4,2\n")
    with pytest.raises(DataError, match="line 4, column 'y': inf is not a finite number"):
        load_dataset(spec)


def test_csv_file_problems(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="needs a file"):
        load_dataset(DataSpec(dataset="csv"))
    with pytest.raises(DataError, match=r"CSV file '.*missing\.csv' does not exist"):
        load_dataset(DataSpec(dataset="csv", path=str(tmp_path / "missing.csv")))
    with pytest.raises(DataError, match="is a folder"):
        load_dataset(DataSpec(dataset="csv", path=str(tmp_path)))
    latin = write_csv(tmp_path / "latin.csv", "x,y\n1,0\n2,caf\xe9\n3,1\n".encode("latin-1"))
    with pytest.raises(DataError, match=r"latin\.csv: line 3 is not UTF-8 text"):
        load_dataset(latin)
    utf16 = write_csv(tmp_path / "u16.csv", "x,y\n1,0\n2,1\n3,1\n4,0\n".encode("utf-16"))
    with pytest.raises(DataError, match="line 1 is not UTF-8 text"):
        load_dataset(utf16)
    missing_target = dataclasses.replace(write_csv(tmp_path / "t.csv", "x1,x2,y\n" + _rows(5, 3)), target="z")
    with pytest.raises(DataError, match="has no column 'z'; its columns are x1, x2, y"):
        load_dataset(missing_target)
    with pytest.raises(DataError, match="has no column 'z'"):
        dataset_input_shape(missing_target)
    with pytest.raises(DataError, match=r"data\.task must be"):
        load_dataset(dataclasses.replace(missing_target, target=None, task="clustering"))


def test_csv_size_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert csv_table.MAX_ROWS == 1_000_000 and csv_table.MAX_COLUMNS == 1000
    assert csv_table.MAX_BYTES == 200 * 1024 * 1024
    big = tmp_path / "big.csv"
    with open(big, "wb") as fh:  # sparse: costs no disk space
        fh.write(b"x,y\n")
        fh.truncate(200 * 1024 * 1024 + 1)
    with pytest.raises(DataError, match="is 200 MB; at most 200 MB is supported"):
        load_dataset(DataSpec(dataset="csv", path=str(big)))
    wide = write_csv(tmp_path / "wide.csv", ",".join(f"c{j}" for j in range(1001)) + "\n")
    with pytest.raises(DataError, match="has 1001 columns; at most 1000"):
        dataset_input_shape(wide)
    monkeypatch.setattr(csv_table, "MAX_ROWS", 10)
    spec = write_csv(tmp_path / "long.csv", "x,y\n" + _rows(11))
    with pytest.raises(DataError, match="more than 10 data rows"):
        load_dataset(spec)
    assert len(load_dataset(write_csv(tmp_path / "ok.csv", "x,y\n" + _rows(10))).x_train) == 5


# ---------------------------------------------------------------- never another exception

CSV_ALPHABET = st.sampled_from(
    ["0", "1", "2", "7", ".", "-", "e", ",", "\n", "\r", '"', "a", " ", "nan", "\xe9"]
)
CSV_TEXT = st.lists(CSV_ALPHABET, max_size=80).map("".join)
CSV_CELL = st.one_of(
    st.integers(-3, 3).map(str), st.floats().map(repr), st.sampled_from(["a", "b", "", " 1 ", "1e39"])
)
CSV_ROWS = st.lists(st.tuples(CSV_CELL, CSV_CELL), max_size=12).map(
    lambda rows: "x,y\n" + "".join(f"{a},{b}\n" for a, b in rows)
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _load_or_data_error(spec: DataSpec) -> None:
    try:
        d = load_dataset(spec)
    except DataError:
        return
    assert isinstance(d, Dataset)
    assert len(d.x_train) + len(d.x_test) >= 4 and np.isfinite(d.x_train).all()
    if d.task == "classification":
        assert d.n_classes >= 2 and len(d.class_names) == d.n_classes
        assert d.y_train.min() >= 0 and max(d.y_train.max(), d.y_test.max()) < d.n_classes
    else:
        assert d.y_train.dtype == np.float32 and np.isfinite(d.y_train).all()


@FUZZ
@given(data=st.binary(max_size=200) | (CSV_TEXT.map(lambda s: "x,y\n" + s) | CSV_ROWS).map(str.encode))
def test_any_bytes_as_csv_give_dataset_or_data_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.getbasetemp() / "fuzz.csv"
    path.write_bytes(data)
    _load_or_data_error(DataSpec(dataset="csv", path=str(path)))
    for query in (dataset_input_shape, dataset_task):
        with contextlib.suppress(DataError):
            query(DataSpec(dataset="csv", path=str(path)))


IDX_HEADS = st.sampled_from(
    [b"", b"\x00\x00\x08\x01", b"\x00\x00\x0d\x02", b"\x00\x00\x08\x03\x00\x00\x00\x02"]
)


@FUZZ
@given(head=IDX_HEADS, body=st.binary(max_size=120), gz=st.booleans())
def test_any_bytes_as_idx_give_array_or_data_error(
    tmp_path_factory: pytest.TempPathFactory, head: bytes, body: bytes, gz: bool
) -> None:
    folder = tmp_path_factory.getbasetemp() / "fuzz-idx"
    if not folder.exists():
        make_idx_folder(folder)
    data = head + body
    path = folder / "train-labels-idx1-ubyte.gz"
    path.write_bytes(gzip.compress(data) if gz else data)
    try:
        array = read_idx(path)
    except DataError:
        pass
    else:
        assert isinstance(array, np.ndarray)
    images.clear_cache()
    _load_or_data_error(DataSpec(dataset="idx", path=str(folder)))
