"""The 2-D data sets, generated the way TensorFlow Playground does (points roughly in [-6, 6]^2).

``noise`` follows the Playground's convention: a fraction of each set's scale, where
0 is clean, 0.1 is a little and 0.5 is the Playground's maximum (the spec allows up to
10, which is mostly noise). Per set:

- circle, xor, plane, multi_gaussian: the label is computed at the point moved by
  ``uniform(-R, R) * noise`` per axis (R = 5 for circle/xor, 6 for the regressions),
  while the clean point is kept, so noise blurs the boundary.
- gaussians: the blob variance grows as ``0.5 + 7 * noise`` (the Playground's 0.5..4
  for noise 0..0.5); blobs use half that standard deviation, as up to 10 blobs share
  the plane.
- spiral, spirals: each point moves by ``uniform(-1, 1) * noise`` per axis.
- moons: each point moves by a normal offset of std ``3.5 * noise`` (moon radius 3.5).

Binary sets use labels 0/1 (the Playground's -1 is 0). Classes get ``n // k`` points,
the first ``n % k`` classes one more. The points are shuffled with the seed, split by
``train_fraction`` and only then expanded into the chosen features.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from engine import catalog
from engine.data import checks
from engine.data.dataset import Dataset
from engine.data.features import check_features, expand_features
from engine.data.split import shuffled_split
from engine.errors import DataError
from engine.spec import DataSpec

Points = tuple[np.ndarray, np.ndarray]  # (n, 2) float64 points, (n,) labels or targets
TAU = 2.0 * np.pi


def class_sizes(n: int, k: int) -> list[int]:
    """Split ``n`` points over ``k`` classes as evenly as possible, earlier classes first."""
    return [n // k + (1 if j < n % k else 0) for j in range(k)]


def _polar(r: np.ndarray, angle: np.ndarray) -> np.ndarray:
    return np.stack([r * np.sin(angle), r * np.cos(angle)], axis=1)


def _stack(parts: list[np.ndarray], labels: list[np.ndarray]) -> Points:
    return np.concatenate(parts), np.concatenate(labels)


def circle(rng: np.random.Generator, n: int, noise: float, k: int) -> Points:
    """Class 1 inside radius 2.5, class 0 on the ring 3.5..5 (labels judged after noise)."""
    radius = 5.0
    parts = []
    for size, (lo, hi) in zip(class_sizes(n, 2), ((0.0, radius * 0.5), (radius * 0.7, radius)), strict=True):
        r = rng.uniform(lo, hi, size)
        parts.append(_polar(r, rng.uniform(0.0, TAU, size)))
    pts = np.concatenate(parts)
    moved = pts + rng.uniform(-radius, radius, pts.shape) * noise
    return pts, (np.hypot(moved[:, 0], moved[:, 1]) < radius * 0.5).astype(np.int64)


def xor(rng: np.random.Generator, n: int, noise: float, k: int) -> Points:
    """Quadrants: class 1 where x1 * x2 >= 0; points kept 0.3 away from the axes."""
    pts = rng.uniform(-5.0, 5.0, (n, 2))
    pts += np.where(pts > 0, 0.3, -0.3)
    moved = pts + rng.uniform(-5.0, 5.0, pts.shape) * noise
    return pts, (moved[:, 0] * moved[:, 1] >= 0).astype(np.int64)


def gaussians(rng: np.random.Generator, n: int, noise: float, k: int) -> Points:
    """Two Gaussian blobs: class 1 around (2, 2), class 0 around (-2, -2)."""
    std = np.sqrt(0.5 + 7.0 * noise)
    n1, n0 = class_sizes(n, 2)
    return _stack(
        [rng.normal(2.0, std, (n1, 2)), rng.normal(-2.0, std, (n0, 2))],
        [np.ones(n1, np.int64), np.zeros(n0, np.int64)],
    )


def _arm(rng: np.random.Generator, size: int, delta: float, noise: float) -> np.ndarray:
    i = np.arange(size, dtype=np.float64)
    r = 5.0 * i / size
    t = 1.75 * TAU * i / size + delta
    return _polar(r, t) + rng.uniform(-1.0, 1.0, (size, 2)) * noise


def spiral(rng: np.random.Generator, n: int, noise: float, k: int) -> Points:
    """The Playground's two spirals: r = 5 i/n, t = 3.5 pi i/n + delta; delta 0 (class 1), pi (class 0)."""
    n1, n0 = class_sizes(n, 2)
    return _stack(
        [_arm(rng, n1, 0.0, noise), _arm(rng, n0, np.pi, noise)],
        [np.ones(n1, np.int64), np.zeros(n0, np.int64)],
    )


def spirals(rng: np.random.Generator, n: int, noise: float, k: int) -> Points:
    """``k`` interleaved spiral arms built like ``spiral``; arm j starts at angle 2 pi j / k."""
    sizes = class_sizes(n, k)
    return _stack(
        [_arm(rng, size, TAU * j / k, noise) for j, size in enumerate(sizes)],
        [np.full(size, j, np.int64) for j, size in enumerate(sizes)],
    )


def moons(rng: np.random.Generator, n: int, noise: float, k: int) -> Points:
    """Two interleaved half circles (scikit-learn's moons scaled by 3.5 and centred)."""
    n0, n1 = class_sizes(n, 2)
    t0, t1 = rng.uniform(0.0, np.pi, n0), rng.uniform(0.0, np.pi, n1)
    upper = np.stack([np.cos(t0), np.sin(t0)], axis=1)
    lower = np.stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)], axis=1)
    pts = (np.concatenate([upper, lower]) - (0.5, 0.25)) * 3.5
    pts += rng.normal(0.0, 3.5 * noise, pts.shape)
    return pts, np.concatenate([np.zeros(n0, np.int64), np.ones(n1, np.int64)])


def blobs(rng: np.random.Generator, n: int, noise: float, k: int) -> Points:
    """``k`` Gaussian blobs with centres evenly spaced on a circle of radius 4."""
    sizes = class_sizes(n, k)
    std = np.sqrt(0.5 + 7.0 * noise) * 0.5
    parts = []
    for j, size in enumerate(sizes):
        centre = 4.0 * np.array([np.sin(TAU * j / k), np.cos(TAU * j / k)])
        parts.append(rng.normal(0.0, std, (size, 2)) + centre)
    return _stack(parts, [np.full(size, j, np.int64) for j, size in enumerate(sizes)])


def plane(rng: np.random.Generator, n: int, noise: float, k: int) -> Points:
    """Target (x1 + x2) / 12 over [-6, 6]^2, so exactly [-1, 1] without noise (clipped with it)."""
    pts = rng.uniform(-6.0, 6.0, (n, 2))
    moved = pts + rng.uniform(-6.0, 6.0, pts.shape) * noise
    return pts, np.clip((moved[:, 0] + moved[:, 1]) / 12.0, -1.0, 1.0)


# (centre x1, centre x2, sign) of the Playground's six bumps
_BUMPS = (
    (-4.0, 2.5, 1.0), (0.0, 2.5, -1.0), (4.0, 2.5, 1.0),
    (-4.0, -2.5, -1.0), (0.0, -2.5, 1.0), (4.0, -2.5, -1.0),
)


def multi_gaussian(rng: np.random.Generator, n: int, noise: float, k: int) -> Points:
    """Six signed bumps; the target is the strongest bump's sign * clip(1 - distance / 2, 0, 1)."""
    pts = rng.uniform(-6.0, 6.0, (n, 2))
    moved = pts + rng.uniform(-6.0, 6.0, pts.shape) * noise
    a, b = moved[:, 0], moved[:, 1]
    values = np.stack([s * np.clip(1.0 - np.hypot(a - cx, b - cy) / 2.0, 0.0, 1.0) for cx, cy, s in _BUMPS])
    strongest = np.argmax(np.abs(values), axis=0)
    return pts, values[strongest, np.arange(n)]


GENERATORS: dict[str, Callable[[np.random.Generator, int, float, int], Points]] = {
    "circle": circle,
    "xor": xor,
    "gaussians": gaussians,
    "spiral": spiral,
    "moons": moons,
    "blobs": blobs,
    "spirals": spirals,
    "plane": plane,
    "multi_gaussian": multi_gaussian,
}
MULTI_CLASS = ("blobs", "spirals")


def task_2d(spec: DataSpec) -> tuple[str, int]:
    """(task, n_classes) of a generated set, without generating it."""
    if spec.dataset in catalog.REGRESSION_2D:
        return "regression", 0
    if spec.dataset in MULTI_CLASS:
        return "classification", checks.check_int(spec.classes, "classes", 2, 10)
    return "classification", 2


def load_2d(spec: DataSpec) -> Dataset:
    """Generate, shuffle, split and feature-expand one of the 2-D sets; same spec, same bits."""
    generate = GENERATORS.get(spec.dataset)
    if generate is None:
        raise DataError(f"unknown 2-D data set {spec.dataset!r}")
    features = check_features(spec.features)
    n = checks.check_samples(spec.samples)
    noise = checks.check_float(spec.noise, "noise", 0.0, 10.0)
    fraction = checks.check_fraction(spec.train_fraction)
    task, n_classes = task_2d(spec)
    rng = np.random.default_rng(checks.check_seed(spec.seed))
    pts, labels = generate(rng, n, noise, n_classes)
    train, test = shuffled_split(rng, n, fraction)
    return plane_dataset(pts, labels, train, test, features, task, n_classes)


def plane_dataset(
    pts: np.ndarray,
    labels: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
    features: tuple[str, ...],
    task: str,
    n_classes: int,
) -> Dataset:
    """A Dataset of 2-D points (generated or drawn): ``train``/``test`` index the points, features expanded."""
    raw = pts.astype(np.float32)
    y = labels.astype(np.float32 if task == "regression" else np.int64)
    return Dataset(
        x_train=expand_features(pts[train], features),
        y_train=y[train],
        x_test=expand_features(pts[test], features),
        y_test=y[test],
        task=task,
        n_classes=n_classes,
        input_shape=(len(features),),
        feature_names=features,
        class_names=tuple(str(j) for j in range(n_classes)),
        raw_train=raw[train],
        raw_test=raw[test],
    )
