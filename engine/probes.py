"""Read-only views of a training run for the app: snapshots and the decision-boundary grid.

A :class:`Snapshot` is an immutable value made of host NumPy arrays and plain Python
values, taken by the training worker between two chunks of steps and handed to the GUI
thread. It never shares an array the trainer keeps writing to.

:class:`BoundaryGrid` evaluates the network on a regular grid over the 2-D input plane
(the Playground's background picture). The grid points and their expanded input
features are computed once per feature set and backend; for stacks of Dense /
Activation / Dropout layers the forward pass runs through preallocated buffers (no
allocation per call, and the layers' cached activations for backward stay untouched).

Boundary values, per task:

- two classes: ``boundary`` is P(class 1) in [0, 1] (one output unit mapped through the
  coding: tanh outputs become ``(y + 1) / 2``; two units: the second unit's share);
- k > 2 classes: ``boundary`` is the confidence of the predicted class in [0, 1];
- both: ``boundary_classes`` is the predicted class per grid cell (int8);
- regression: ``boundary`` is the predicted value and ``boundary_classes`` is None.

``boundary_index`` (two classes and regression) is ``boundary`` as uint8 positions on a
256-colour ramp over ``boundary_levels`` ((0, 1), or the targets' range for regression),
rounded exactly as pyqtgraph maps a float image through a 256-entry lookup table: the
GUI colours it with a few Qt calls instead of NumPy passes over the grid, which in the
GUI thread would each give the GIL away to the training thread and wait to get it back.

Arrays are row-major ``(G, G)``: row ``i`` is the ``i``-th y value from ``ymin`` up,
column ``j`` the ``j``-th x value from ``xmin``; grid values sit at cell centres, so the
image covers exactly ``extent``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.data import Dataset, expand_features
from engine.training import EpochRecord, Trainer

Array = Any
Extent = tuple[float, float, float, float]  # (xmin, xmax, ymin, ymax)

# Splits of at most this many samples are evaluated whole for an idle snapshot taken
# before the first epoch ends; larger ones (MNIST: 10,000 test images, ~1 s for the CNN)
# would delay the snapshot that confirms a pause, so they are left out.
EVALUATE_LIMIT = 2_000
PLAYGROUND_HALF_WIDTH = 6.0  # the Playground's plane is [-6, 6]^2


@dataclass(frozen=True)
class Snapshot:
    """The state of a run at one moment, safe to read from any thread.

    ``new_losses`` holds every batch loss since the previous snapshot of the same run (no
    gaps: over a run the lengths sum to ``global_step``). ``run`` counts restarts of the
    history (reset, new data): a snapshot whose ``run`` is older than one already shown is
    stale. ``revision`` is the design revision the worker had applied when it took it.
    """

    revision: int
    epoch: int
    global_step: int
    train_loss: float | None
    test_loss: float | None
    train_acc: float | None
    test_acc: float | None
    samples_per_second: float
    backend: str
    history: tuple[EpochRecord, ...]
    new_losses: np.ndarray
    boundary: np.ndarray | None
    boundary_classes: np.ndarray | None
    extent: Extent | None
    running: bool
    final: bool
    run: int = 0
    steps_per_second: float = 0.0
    learning_rate: float = 0.0
    task: str = "classification"
    n_classes: int = 0
    status: str = ""  # "running" | "paused" | "epochs" | "target" | "diverged" | "stepped" | "reset" | ...
    dataset: Dataset | None = None  # the run's data (immutable; shared, never copied)
    # results of the registered probes (name -> host arrays/values); a missing name means
    # "no new value this time" and the view keeps what it shows
    extras: Mapping[str, Any] = field(default_factory=dict)
    boundary_index: np.ndarray | None = None  # (G, G) uint8 ramp positions of ``boundary`` (see module doc)
    boundary_levels: tuple[float, float] | None = None  # the values at ramp ends 0 and 256


def _frozen(a: np.ndarray) -> np.ndarray:
    a.flags.writeable = False
    return a


def plane_extent(dataset: Dataset) -> Extent | None:
    """The square input-plane window for a 2-D data set, or None when the data are not 2-D points.

    The Playground's [-6, 6]^2 when every point fits in it, else a symmetric square 5 % wider
    than the farthest point.
    """
    if dataset.raw_train is None and dataset.raw_test is None:
        return None
    parts = [p for p in (dataset.raw_train, dataset.raw_test) if p is not None and len(p)]
    if not parts:  # 2-D points, but none yet (a custom set before anything is drawn)
        return (-PLAYGROUND_HALF_WIDTH, PLAYGROUND_HALF_WIDTH, -PLAYGROUND_HALF_WIDTH, PLAYGROUND_HALF_WIDTH)
    m = max(float(np.abs(p).max()) for p in parts)
    if not math.isfinite(m):
        return None
    half = PLAYGROUND_HALF_WIDTH if m <= PLAYGROUND_HALF_WIDTH else math.ceil(m * 1.05 * 10.0) / 10.0
    return (-half, half, -half, half)


class _DensePlan:
    """A forward pass through preallocated buffers for Dense/Activation/Dropout stacks.

    Reads the layers' parameter views (which live in the network's flat vector), so it
    always uses the current weights; it is tied to one Network object.
    """

    def __init__(self, network: Any, n: int):
        xp = network.xp
        self.network = network
        self.steps: list[tuple[str, Any, Array | None]] = []
        width = network.input_shape[0]
        for layer in network.layers:
            kind = layer.spec.type
            if kind == "dense":
                width = layer.out_shape[0]
                self.steps.append(("dense", layer, xp.empty((n, width), dtype=np.float32)))
            elif kind == "activation":
                self.steps.append(("act", layer, None))
            elif kind == "dropout" or (kind == "flatten" and len(layer.in_shape) == 1):
                continue
            else:
                raise _NoPlan(kind)

    @staticmethod
    def supports(network: Any) -> bool:
        if len(network.input_shape) != 1:
            return False
        ok = {"dense", "activation", "dropout", "flatten"}
        return all(layer.spec.type in ok and not layer.sublayers() for layer in network.layers)

    def run(self, x: Array) -> Array:
        xp = self.network.xp
        h = x
        for kind, layer, buf in self.steps:
            if kind == "dense":
                xp.matmul(h, layer.params["W"], out=buf)
                if "b" in layer.params:
                    buf += layer.params["b"]
                h = _activate(xp, layer.act, buf, in_place=True)
            else:
                h = _activate(xp, layer.act, h, in_place=h is not x)
        return h


class _NoPlan(Exception):
    pass


def _activate(xp: Any, applier: Any, z: Array, in_place: bool) -> Array:
    """The activation of ``applier`` (an ActivationApplier) over ``z``, in place when allowed."""
    name = applier.name
    if name == "linear":
        return z
    if in_place and name == "tanh":
        return xp.tanh(z, out=z)
    if in_place and name == "relu":
        return xp.maximum(z, 0, out=z)
    alpha = applier.slope if applier.slope is not None else applier.alpha
    return applier.fn.f(xp, z, alpha)


class BoundaryGrid:
    """A ``size`` x ``size`` grid over ``extent`` and a fast evaluator of a network on it."""

    def __init__(self, extent: Extent, size: int = 100):
        if size < 2:
            raise ValueError(f"a boundary grid needs at least 2 points per side, got {size}")
        xmin, xmax, ymin, ymax = (float(v) for v in extent)
        if not (xmax > xmin and ymax > ymin):
            raise ValueError(f"an empty extent {extent}")
        self.extent: Extent = (xmin, xmax, ymin, ymax)
        self.size = int(size)
        g = self.size
        xs = xmin + (np.arange(g) + 0.5) * ((xmax - xmin) / g)
        ys = ymin + (np.arange(g) + 0.5) * ((ymax - ymin) / g)
        gx, gy = np.meshgrid(xs, ys)  # gx[i, j] = xs[j], gy[i, j] = ys[i]
        self.points = np.stack([gx.ravel(), gy.ravel()], axis=1)  # (G*G, 2) float64
        self.points.flags.writeable = False
        self._features: dict[tuple[tuple[str, ...], str], Array] = {}
        self._plan: _DensePlan | None = None
        self._plan_failed_for: Any = None

    @classmethod
    def for_dataset(cls, dataset: Dataset, size: int = 100) -> BoundaryGrid | None:
        """A grid over the data's plane, or None for data that are not 2-D points (images, CSV)."""
        extent = plane_extent(dataset)
        if extent is None or not dataset.feature_names:
            return None
        return cls(extent, size)

    def features(self, names: tuple[str, ...], backend: Any) -> Array:
        """The grid's expanded input features on ``backend`` (computed once per feature set)."""
        key = (tuple(names), backend.name)
        feats = self._features.get(key)
        if feats is None:
            feats = backend.xp.ascontiguousarray(backend.xp.asarray(expand_features(self.points, names)))
            self._features[key] = feats
        return feats

    def outputs(self, trainer: Trainer) -> np.ndarray:
        """Host float32 network outputs ``(G*G, units)`` on the grid, in inference mode."""
        net = trainer.network
        x = self.features(trainer.dataset.feature_names, trainer.backend)
        plan = self._plan if self._plan is not None and self._plan.network is net else None
        if plan is None and self._plan_failed_for is not net and _DensePlan.supports(net):
            try:
                plan = self._plan = _DensePlan(net, len(self.points))
            except _NoPlan:
                self._plan_failed_for = net
        y = plan.run(x) if plan is not None else net.forward(x, training=False)
        return np.asarray(trainer.backend.to_numpy(y), dtype=np.float32)

    def evaluate(self, trainer: Trainer) -> tuple[np.ndarray, np.ndarray | None]:
        """``(boundary, boundary_classes)`` as fresh ``(G, G)`` arrays (see the module docstring)."""
        g = self.size
        y = self.outputs(trainer)
        values, classes = boundary_values(y, trainer)
        return values.reshape(g, g), None if classes is None else classes.reshape(g, g)


def boundary_levels(dataset: Dataset) -> tuple[float, float]:
    """The values the boundary's colour ramp spans: (0, 1), or the targets' range for regression."""
    if dataset.task != "regression":
        return (0.0, 1.0)
    targets = np.concatenate([np.ravel(dataset.y_train), np.ravel(dataset.y_test)]).astype(np.float64)
    lo, hi = (float(targets.min()), float(targets.max())) if len(targets) else (0.0, 1.0)
    return (lo, hi if hi > lo else lo + 1.0)


def ramp_index(values: np.ndarray, levels: tuple[float, float], n: int = 256) -> np.ndarray:
    """``values`` (float32) as uint8 positions on an ``n``-colour ramp over ``levels``, as pyqtgraph
    rounds them: ``floor((v - lo) * n / (hi - lo))`` in float32, clipped to ``0..n-1`` (NaN: 0)."""
    lo, hi = levels
    with np.errstate(over="ignore", invalid="ignore"):
        idx = np.subtract(values, np.float32(lo), dtype=np.float32)
        idx *= np.float32(n / (hi - lo))
        np.clip(idx, 0, n - 1, out=idx)
        np.nan_to_num(idx, copy=False, nan=0.0)
        return idx.astype(np.uint8)


def boundary_values(y: np.ndarray, trainer: Trainer) -> tuple[np.ndarray, np.ndarray | None]:
    """Map raw outputs ``(N, units)`` to (value in [0, 1] or regression value, int8 classes or None)."""
    coding = trainer.coding
    with np.errstate(all="ignore"):
        if coding.task == "regression":
            values = np.nan_to_num(y[:, 0], nan=0.0, posinf=np.finfo(np.float32).max,
                                   neginf=np.finfo(np.float32).min)
            return np.ascontiguousarray(values, dtype=np.float32), None
        low = coding.low
        if coding.units == 1:
            p = (y[:, 0] - low) / (1.0 - low)
            p = np.clip(np.nan_to_num(p, nan=0.5), 0.0, 1.0).astype(np.float32)
            classes = (y[:, 0] > coding.threshold).astype(np.int8)
            return p, classes
        if coding.output_activation == "softmax":
            probs = np.nan_to_num(y, nan=0.0)
        else:
            m = np.clip(np.nan_to_num((y - low) / (1.0 - low), nan=0.0), 0.0, 1.0)
            total = m.sum(axis=1, keepdims=True)
            probs = np.where(total > 0, m / np.where(total > 0, total, 1.0), 1.0 / y.shape[1])
        classes = np.argmax(np.nan_to_num(y, nan=-np.inf), axis=1).astype(np.int8)
        if y.shape[1] == 2:
            value = probs[:, 1]
        else:
            value = np.take_along_axis(probs, classes[:, None].astype(np.intp), axis=1)[:, 0]
        return np.clip(value, 0.0, 1.0).astype(np.float32), classes


def take_snapshot(
    trainer: Trainer,
    grid: BoundaryGrid | None,
    revision: int,
    new_losses: Any,
    running: bool,
    final: bool,
    *,
    run: int = 0,
    samples_per_second: float | None = None,
    steps_per_second: float = 0.0,
    evaluate: bool = False,
    status: str = "",
    probes: Mapping[str, Probe] | None = None,
    final_probes: bool = False,
) -> Snapshot:
    """Copy what the GUI shows out of ``trainer`` (call it in the trainer's thread).

    Losses and accuracies are the latest finished epoch's. Before the first epoch ends they
    are None, unless ``evaluate`` asks for a whole-split evaluation (done only for splits
    of at most :data:`EVALUATE_LIMIT` samples, so an idle MNIST snapshot stays cheap).
    """
    history = tuple(trainer.history)
    train_loss = test_loss = train_acc = test_acc = None
    if history:
        last = history[-1]
        train_loss, test_loss = last.train_loss, last.test_loss
        train_acc, test_acc = last.train_acc, last.test_acc
    elif evaluate:
        ds = trainer.dataset
        if 0 < len(ds.x_train) <= EVALUATE_LIMIT:
            train_loss, train_acc = trainer.evaluate("train")
        if 0 < len(ds.x_test) <= EVALUATE_LIMIT:
            test_loss, test_acc = trainer.evaluate("test")
    if samples_per_second is None:
        samples_per_second = history[-1].samples_per_second if history else 0.0
    losses = _frozen(np.array(new_losses, dtype=np.float32).reshape(-1))
    boundary = classes = index = levels = None
    extent = None
    ds = trainer.dataset
    if grid is not None:
        boundary, classes = grid.evaluate(trainer)
        boundary, extent = _frozen(boundary), grid.extent
        classes = None if classes is None else _frozen(classes)
        if ds.task == "regression" or ds.n_classes <= 2:
            levels = boundary_levels(ds)
            index = _frozen(ramp_index(boundary, levels))
    return Snapshot(
        revision=int(revision),
        epoch=int(trainer.epoch),
        global_step=int(trainer.global_step),
        train_loss=_opt_float(train_loss),
        test_loss=_opt_float(test_loss),
        train_acc=_opt_float(train_acc),
        test_acc=_opt_float(test_acc),
        samples_per_second=float(samples_per_second),
        backend=trainer.backend.name,
        history=history,
        new_losses=losses,
        boundary=boundary,
        boundary_classes=classes,
        extent=extent,
        running=bool(running),
        final=bool(final),
        run=int(run),
        steps_per_second=float(steps_per_second),
        learning_rate=float(trainer.design.train.learning_rate),
        task=ds.task,
        n_classes=int(ds.n_classes),
        status=status,
        dataset=ds,
        extras=run_probes(trainer, probes or {}, final_probes),
        boundary_index=index,
        boundary_levels=levels,
    )


@dataclass(frozen=True)
class Probe:
    """A view's read-out of the trainer, run in the training thread at the snapshot rate.

    ``fn(trainer)`` returns host (NumPy) data that the view draws; it must copy what it
    returns. ``min_interval`` (seconds) lets a costly probe run less often than the
    snapshots; it always runs for a final snapshot (pause, step, end of training). A
    probe may run up to a tenth of its interval early, so one of 0.1 s keeps step with
    snapshots every 1/30 s (every third one, not every fourth).
    """

    fn: Callable[[Trainer], Any]
    min_interval: float = 0.0


_LAST_RUN: dict[int, float] = {}
EARLY_SHARE = 0.9  # a probe is due after this share of its min_interval


def run_probes(trainer: Trainer, probes: Mapping[str, Probe], final: bool) -> dict[str, Any]:
    """Call each due probe; a failing probe is reported under ``name`` as an Exception-free message."""
    out: dict[str, Any] = {}
    now = time.perf_counter()
    for name, probe in probes.items():
        key = id(probe)
        if not final and now - _LAST_RUN.get(key, -1e9) < probe.min_interval * EARLY_SHARE:
            continue
        _LAST_RUN[key] = now
        try:
            out[name] = probe.fn(trainer)
        except Exception as exc:
            out[name] = ProbeFailure(f"{type(exc).__name__}: {exc}")
    return out


@dataclass(frozen=True)
class ProbeFailure:
    """What a view receives instead of data when its probe raised."""

    message: str


def _opt_float(v: Any) -> float | None:
    return None if v is None else float(v)
