"""Image data sets from IDX files: the shipped MNIST and any folder in the same layout (Fashion-MNIST, ...).

Images must be unsigned bytes (type 0x08) of shape (N, H, W); they become float32
(N, 1, H, W) divided by 255. Labels may be any integer IDX type. The train/test split
is the files' own; ``train_limit`` / ``test_limit`` keep the first N. Decoded arrays
are cached per file (keyed by resolved path, modification time and size) and handed
out read-only, so a second load of the same files costs nothing.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np

from engine.data import checks
from engine.data.dataset import Dataset
from engine.data.idx import read_idx, read_idx_header
from engine.data.paths import default_assets_dir
from engine.errors import DataError
from engine.spec import DataSpec

MAX_CLASSES = 1000
_CACHE_FILES = 8
# role -> accepted base names; each may also carry a ".gz" suffix
FILE_NAMES: dict[str, tuple[str, ...]] = {
    "train_images": ("train-images-idx3-ubyte", "train-images.idx3-ubyte"),
    "train_labels": ("train-labels-idx1-ubyte", "train-labels.idx1-ubyte"),
    "test_images": ("t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"),
    "test_labels": ("t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"),
}

_cache: OrderedDict[tuple[str, int, int, str], np.ndarray] = OrderedDict()
_lock = threading.Lock()


def image_folder(spec: DataSpec, assets_dir: Path | None) -> Path:
    """The folder holding the four IDX files for an ``mnist`` or ``idx`` spec."""
    if spec.dataset == "mnist":
        return (assets_dir if assets_dir is not None else default_assets_dir()) / "datasets" / "mnist"
    if not spec.path:
        raise DataError("the idx data set needs a folder: choose the folder that holds the IDX files")
    folder = Path(spec.path).expanduser()
    if not folder.is_dir():
        raise DataError(f"IDX folder '{folder}' does not exist or is not a folder")
    return folder


def find_file(folder: Path, role: str) -> Path:
    """The file playing ``role`` in ``folder`` (gzip preferred, raw accepted), or DataError."""
    for name in FILE_NAMES[role]:
        for candidate in (folder / f"{name}.gz", folder / name):
            if candidate.is_file():
                return candidate
    raise DataError(f"folder '{folder}' has no {FILE_NAMES[role][0]}(.gz) file")


def _cached(path: Path, kind: str) -> np.ndarray:
    """Decode ``path`` as ``kind`` ("images" or "labels"), reusing an earlier decode of the same file."""
    resolved = path.resolve()
    try:
        stat = resolved.stat()
    except OSError as exc:
        raise DataError(f"cannot read '{path}': {exc.strerror or exc}") from None
    key = (str(resolved), stat.st_mtime_ns, stat.st_size, kind)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    array = _decode_images(path) if kind == "images" else _decode_labels(path)
    array.flags.writeable = False
    with _lock:
        _cache[key] = array
        while len(_cache) > _CACHE_FILES:
            _cache.popitem(last=False)
    return array


def clear_cache() -> None:
    """Forget every cached decode (for tests and to free memory)."""
    with _lock:
        _cache.clear()


def _decode_images(path: Path) -> np.ndarray:
    raw = read_idx(path)
    if raw.dtype != np.uint8:
        raise DataError(f"'{path}': images must be unsigned bytes (IDX type 0x08), found {raw.dtype}")
    if raw.ndim != 3 or min(raw.shape) == 0:
        raise DataError(f"'{path}': expected images of shape (count, height, width), found {raw.shape}")
    images = np.divide(raw, np.float32(255.0), dtype=np.float32)
    return images.reshape(raw.shape[0], 1, raw.shape[1], raw.shape[2])


def _decode_labels(path: Path) -> np.ndarray:
    raw = read_idx(path)
    if raw.ndim != 1 or raw.size == 0:
        raise DataError(f"'{path}': expected a non-empty list of labels, found shape {raw.shape}")
    if raw.dtype.kind not in "iu":
        raise DataError(f"'{path}': labels must be whole numbers, found {raw.dtype}")
    low, high = int(raw.min()), int(raw.max())
    if low < 0 or high >= MAX_CLASSES:
        raise DataError(f"'{path}': labels must lie in 0..{MAX_CLASSES - 1}, found {low}..{high}")
    return raw.astype(np.int64)


def image_input_shape(spec: DataSpec, assets_dir: Path | None = None) -> tuple[int, ...]:
    """(1, H, W) from the training images' header alone."""
    path = find_file(image_folder(spec, assets_dir), "train_images")
    dtype, dims = read_idx_header(path)
    if dtype.itemsize != 1 or dtype.kind != "u":
        raise DataError(f"'{path}': images must be unsigned bytes (IDX type 0x08), found {dtype.name}")
    if len(dims) != 3 or min(dims) == 0:
        raise DataError(f"'{path}': expected images of shape (count, height, width), found {dims}")
    return (1, dims[1], dims[2])


def image_task(spec: DataSpec, assets_dir: Path | None = None) -> tuple[str, int]:
    """("classification", max label + 1, at least 2) from the two label files."""
    folder = image_folder(spec, assets_dir)
    roles = ("train_labels", "test_labels")
    high = max(int(_cached(find_file(folder, role), "labels").max()) for role in roles)
    return "classification", max(high + 1, 2)


def load_images(spec: DataSpec, assets_dir: Path | None = None) -> Dataset:
    """Load the four IDX files of an ``mnist`` or ``idx`` spec into a Dataset."""
    folder = image_folder(spec, assets_dir)
    train_limit = checks.check_limit(spec.train_limit, "train_limit")
    test_limit = checks.check_limit(spec.test_limit, "test_limit")
    arrays = {}
    for role in FILE_NAMES:
        path = find_file(folder, role)
        arrays[role] = (path, _cached(path, role.split("_")[1]))
    for split in ("train", "test"):
        (img_path, images), (lab_path, labels) = arrays[f"{split}_images"], arrays[f"{split}_labels"]
        if len(images) != len(labels):
            raise DataError(
                f"'{img_path}' holds {len(images)} images but '{lab_path}' holds {len(labels)} labels"
            )
    x_train, y_train = arrays["train_images"][1], arrays["train_labels"][1]
    x_test, y_test = arrays["test_images"][1], arrays["test_labels"][1]
    if x_train.shape[1:] != x_test.shape[1:]:
        raise DataError(
            f"training images are {x_train.shape[2]}x{x_train.shape[3]} but test images are "
            f"{x_test.shape[2]}x{x_test.shape[3]}"
        )
    n_classes = max(int(y_train.max()) + 1, int(y_test.max()) + 1, 2)
    return Dataset(
        x_train=x_train[:train_limit],
        y_train=y_train[:train_limit],
        x_test=x_test[:test_limit],
        y_test=y_test[:test_limit],
        task="classification",
        n_classes=n_classes,
        input_shape=tuple(x_train.shape[1:]),
        feature_names=(),
        class_names=tuple(str(j) for j in range(n_classes)),
    )
