"""Read-outs of a training run for the app's analysis views (filters, weights, gradients, results).

Every function here runs in the thread that owns the :class:`~engine.training.Trainer`
(the app's training worker, through :class:`engine.probes.Probe`) and returns *host*
copies: NumPy arrays and plain values that never alias an array the trainer keeps
writing to. Pure NumPy / ``xp`` code, no Qt.

- Conv filters: each Conv2D layer's weights ``W`` (Cout, Cin, k, k) as ``(Cout, k, k)``
  images, the **mean over the input channels** when Cin > 1 (exactly W for Cin = 1).
- Feature maps: one sample's forward pass through the layers in inference mode; each
  Conv2D layer's output (after its activation), ``(C, H, W)``.
- Dense weights as images: the first Dense layer that reads the raw pixels (only
  Flatten / Dropout / Activation before it) shows unit ``j``'s input weights
  ``W[:, j]`` reshaped to the input image (the mean over channels for C > 1).
- Gradient flow: per weight layer (Dense, Conv2D: the ``W`` parameter) the norm of the
  **last step's** gradient ``‖∂L/∂W‖``, the weight norm ``‖W‖`` and the ratio
  ``‖lr · ∂L/∂W‖ / ‖W‖``.
- Classification results: the confusion matrix (rows: true class, columns: predicted)
  on the test set, or on a fixed random sample of it when the test set is large
  (:data:`CONFUSION_SAMPLE`), and the first misclassified test samples.

A read-out that does not apply to the design (no Conv2D layer, regression, ...) is an
:class:`Unavailable` carrying the sentence a view shows instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.training import Trainer

Array = Any

# test samples evaluated per confusion matrix when the test set is larger: ~40 ms for the MNIST
# CNN on one core of the 2-vCPU test machine (the whole 10,000 would take ~1 s)
CONFUSION_SAMPLE = 400
CONFUSION_SEED = 0  # the fixed random sample is drawn with this seed
CONFUSION_BATCH = 256  # samples per inference batch (few hundred: im2col columns stay in cache)
MISCLASSIFIED_LIMIT = 32
DENSE_UNIT_LIMIT = 1024  # units drawn at most by the dense-weights read-out
DENSE_LEVEL_PERCENTILE = 99.5  # the dense weight images' colour scale ignores the largest 0.5 %
IMAGE_PREFIX_TYPES = frozenset({"flatten", "dropout", "activation"})  # layers that keep pixels pixels


@dataclass(frozen=True)
class Unavailable:
    """A read-out that does not apply to the current design or data; ``message`` says why."""

    message: str


# ---------------------------------------------------------------- mosaics


def grid_shape(n: int, aspect: float = 2.0) -> tuple[int, int]:
    """(rows, cols) for ``n`` tiles, as close to ``cols / rows == aspect`` as possible.

    Exact factorisations (no empty cells) are preferred; e.g. 512 → (16, 32), 8 → (2, 4),
    16 → (2, 8) for aspect 2-3.
    """
    if n <= 0:
        return 0, 0
    best: tuple[float, int, int] | None = None
    for rows in range(1, n + 1):
        cols = -(-n // rows)
        if (rows - 1) * cols >= n:
            continue  # a whole empty row
        empty = rows * cols - n
        score = abs(math.log(cols / rows / aspect)) + 0.6 * empty / n
        if best is None or score < best[0] - 1e-12:
            best = (score, rows, cols)
    assert best is not None
    return best[1], best[2]


def mosaic(tiles: np.ndarray, cols: int, sep: int = 1, fill: float = np.nan) -> np.ndarray:
    """Tile ``(n, h, w)`` images row by row into one float32 ``(rows*(h+sep)-sep, cols*(w+sep)-sep)``
    array; separators and empty cells hold ``fill`` (NaN draws as transparent)."""
    tiles = np.asarray(tiles, dtype=np.float32)
    n, h, w = tiles.shape
    cols = max(1, min(int(cols), max(n, 1)))
    rows = max(1, -(-n // cols))
    out = np.full((rows, h + sep, cols, w + sep), fill, dtype=np.float32)
    padded = np.full((rows * cols, h, w), fill, dtype=np.float32)
    padded[:n] = tiles
    out[:, :h, :, :w] = padded.reshape(rows, cols, h, w).transpose(0, 2, 1, 3)
    out = out.reshape(rows * (h + sep), cols * (w + sep))
    return np.ascontiguousarray(out[: rows * (h + sep) - sep, : cols * (w + sep) - sep])


def tile_origin(i: int, cols: int, h: int, w: int, sep: int = 1) -> tuple[int, int]:
    """(row, col) pixel of tile ``i``'s top-left corner in a :func:`mosaic`."""
    return (i // cols) * (h + sep), (i % cols) * (w + sep)


# ---------------------------------------------------------------- helpers


def _host(backend: Any, a: Array) -> np.ndarray:
    """A fresh host copy of a backend array."""
    return np.array(backend.to_numpy(a), copy=True)


def _kind(layer: Any) -> str:
    return layer.spec.type


def _activation(layer: Any) -> str:
    act = getattr(layer, "act", None)
    return act.name if act is not None else ""


# ---------------------------------------------------------------- conv filters and feature maps


@dataclass(frozen=True)
class ConvLayerReadout:
    """One Conv2D layer: its filters as images and its feature maps for the chosen sample."""

    layer_id: str
    cin: int
    cout: int
    kernel: int
    activation: str
    filters: np.ndarray  # (Cout, k, k) float32: W, averaged over the Cin input channels
    maps: np.ndarray  # (Cout, Ho, Wo) float32: the layer's output (after activation) for the sample

    @property
    def reduction(self) -> str:
        """How the filters were reduced to one image each ("" when there is one input channel)."""
        return "" if self.cin == 1 else f"mean over {self.cin} input channels"


@dataclass(frozen=True)
class ConvReadout:
    layers: tuple[ConvLayerReadout, ...]
    sample: int  # index into the test set
    label: int | None  # its true class (classification)
    predicted: int | None  # the network's class for it (classification)
    step: int


def conv_layers(network: Any) -> list[Any]:
    """Every Conv2D layer, nested ones (residual blocks) included, in network order."""
    return [layer for layer in network.all_layers() if _kind(layer) == "conv2d"]


def filter_images(layer: Any, backend: Any) -> np.ndarray:
    """``(Cout, k, k)`` float32 host images of a Conv2D layer's filters (mean over input channels)."""
    w = layer.params["W"]
    if w.shape[1] == 1:
        return _host(backend, w[:, 0]).astype(np.float32, copy=False)
    return _host(backend, w.mean(axis=1)).astype(np.float32, copy=False)


def feature_maps(network: Any, x: Array) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Forward ONE sample ``x`` (1, C, H, W) on the backend through the layers in inference mode.

    Returns ({conv layer id: (C, Ho, Wo) host output after its activation}, host outputs
    (1, units)). Uses the layers themselves (so exactly what the network computes); call
    it between training steps only, in the trainer's thread.
    """
    from engine.layers.residual import Residual

    backend = network.backend
    maps: dict[str, np.ndarray] = {}

    def run(layers: list[Any], h: Array) -> Array:
        for layer in layers:
            # a residual block adds its inner stack's output to its input (what Residual.forward does)
            h = h + run(layer.sublayers(), h) if isinstance(layer, Residual) else layer.forward(h, False)
            if _kind(layer) == "conv2d":
                maps[layer.id] = _host(backend, h[:, 0]).astype(np.float32, copy=False)
        return h

    out = run(network.layers, network.to_internal(x))
    return maps, _host(backend, out)


def conv_readout(trainer: Trainer, sample: int) -> ConvReadout | Unavailable:
    """Filters of every Conv2D layer and their feature maps for test sample ``sample`` (clamped)."""
    net = trainer.network
    convs = conv_layers(net)
    if not convs:
        return Unavailable(
            "This network has no Conv2D layer, so there are no filters to show. "
            "Open the “MNIST: a small LeNet-style CNN” example to see them."
        )
    x_all = trainer.x_test if len(trainer.x_test) else trainer.x_train
    n = len(x_all)
    if n == 0:
        return Unavailable("The data set has no samples.")
    sample = min(max(int(sample), 0), n - 1)
    with np.errstate(all="ignore"):
        maps, out = feature_maps(net, x_all[sample:sample + 1])
    label = predicted = None
    ds = trainer.dataset
    if ds.task == "classification" and x_all is trainer.x_test:
        label = int(ds.y_test[sample])
        predicted = int(np.asarray(trainer.coding.predict_classes(np, out))[0])
    layers = tuple(
        ConvLayerReadout(
            layer_id=layer.id,
            cin=int(layer.cin),
            cout=int(layer.cout),
            kernel=int(layer.k),
            activation=_activation(layer),
            filters=filter_images(layer, trainer.backend),
            maps=maps.get(layer.id, np.zeros((layer.cout, layer.ho, layer.wo), np.float32)),
        )
        for layer in convs
    )
    return ConvReadout(layers, sample, label, predicted, int(trainer.global_step))


# ---------------------------------------------------------------- dense weights as images


@dataclass(frozen=True)
class DenseImageReadout:
    layer_id: str
    units: int  # the layer's units (``images`` may hold fewer: DENSE_UNIT_LIMIT)
    images: np.ndarray  # (shown, H, W) float32: unit j's input weights (or their change) as an image
    channels: int  # input channels (C > 1: images are the mean over them)
    scale: float  # symmetric colour level: the DENSE_LEVEL_PERCENTILE-th percentile of |images|
    step: int
    relative: bool = False  # images are W - W(reference_step), the change made by training
    reference_step: int = 0


def image_dense_layer(network: Any) -> Any | None:
    """The first Dense layer when it reads the raw image pixels (only Flatten/Dropout/Activation
    before it), else None."""
    if len(network.input_shape) != 3:
        return None
    pixels = int(np.prod(network.input_shape))
    for layer in network.layers:
        kind = _kind(layer)
        if kind == "dense":
            return layer if layer.in_shape == (pixels,) else None
        if kind not in IMAGE_PREFIX_TYPES:
            return None
    return None


def dense_weight_images(layer: Any, input_shape: tuple[int, ...], backend: Any,
                        limit: int | None = None) -> np.ndarray:
    """``(units, H, W)`` host float32: column ``j`` of W (in, units) reshaped to the (C, H, W) input,
    averaged over C; only the first ``limit`` units when given."""
    w = layer.params["W"]
    if limit is not None:
        w = w[:, :limit]
    c, h, wd = input_shape
    img = w.T.reshape(w.shape[1], c, h, wd)
    img = img[:, 0] if c == 1 else img.mean(axis=1)
    return np.ascontiguousarray(_host(backend, img), dtype=np.float32)


def symmetric_scale(images: np.ndarray, percentile: float = DENSE_LEVEL_PERCENTILE) -> float:
    """The ``percentile``-th percentile of |images| (0 for an empty or non-finite result)."""
    if not images.size:
        return 0.0
    with np.errstate(all="ignore"):
        scale = float(np.percentile(np.abs(images), percentile))
    return scale if math.isfinite(scale) else 0.0


def _dense_unavailable(network: Any) -> Unavailable:
    if len(network.input_shape) != 3:
        why = "This data set is not made of images."
    else:
        why = "This network's first Dense layer reads feature maps, not the image pixels."
    return Unavailable(
        why + " This view draws the weights of a Dense layer that reads the pixels directly "
        "(Flatten → Dense), e.g. in the “MNIST: the textbook network” example."
    )


class DenseImageProbe:
    """The dense-weights read-out; remembers each network's first weights seen, so it can also show
    the change that training made since then (call :meth:`remember` with every snapshot)."""

    def __init__(self, limit: int = DENSE_UNIT_LIMIT):
        self.limit = limit
        self._network: Any = None
        self._reference: np.ndarray | None = None
        self.reference_step = 0

    def remember(self, trainer: Trainer) -> None:
        """Keep the current weights as the reference when the network is new (start, reset, edit)."""
        net = trainer.network
        if net is self._network:
            return
        self._network = net
        layer = image_dense_layer(net)
        self._reference = (
            None if layer is None else dense_weight_images(layer, net.input_shape, trainer.backend, self.limit)
        )
        self.reference_step = int(trainer.global_step)

    def __call__(self, trainer: Trainer, relative: bool = False) -> DenseImageReadout | Unavailable:
        self.remember(trainer)
        net = trainer.network
        layer = image_dense_layer(net)
        if layer is None:
            return _dense_unavailable(net)
        images = dense_weight_images(layer, net.input_shape, trainer.backend, self.limit)
        if relative and self._reference is not None and self._reference.shape == images.shape:
            images -= self._reference
        else:
            relative = False
        return DenseImageReadout(
            layer_id=layer.id,
            units=int(layer.out_shape[0]),
            images=images,
            channels=int(net.input_shape[0]),
            scale=symmetric_scale(images),
            step=int(trainer.global_step),
            relative=relative,
            reference_step=self.reference_step if relative else 0,
        )


def dense_readout(trainer: Trainer, limit: int = DENSE_UNIT_LIMIT) -> DenseImageReadout | Unavailable:
    """The first pixel-reading Dense layer's weights as images (no reference kept)."""
    return DenseImageProbe(limit)(trainer)


# ---------------------------------------------------------------- gradient flow


@dataclass(frozen=True)
class GradientReadout:
    step: int
    layer_ids: tuple[str, ...]
    labels: tuple[str, ...]  # "L1 Dense 8 sigmoid"
    grad_norms: np.ndarray  # (L,) float64: ‖∂L/∂W‖ of the last step
    weight_norms: np.ndarray  # (L,) float64: ‖W‖
    update_ratios: np.ndarray  # (L,) float64: learning rate · ‖∂L/∂W‖ / ‖W‖ (NaN where ‖W‖ = 0)
    learning_rate: float


def weight_layers(network: Any) -> list[Any]:
    """Layers with a weight matrix / kernel ``W`` (Dense, Conv2D), nested ones included, in order."""
    return [layer for layer in network.all_layers() if "W" in layer.params]


def layer_label(layer: Any) -> str:
    kind = _kind(layer)
    if kind == "dense":
        text = f"{layer.id} Dense {layer.out_shape[0]}"
    elif kind == "conv2d":
        text = f"{layer.id} Conv2D {layer.cout}×{layer.k}×{layer.k}"
    else:
        text = f"{layer.id} {kind}"
    act = _activation(layer)
    return f"{text} {act}" if act and act != "linear" else text


def gradient_norms(network: Any) -> tuple[np.ndarray, np.ndarray]:
    """(‖∂L/∂W‖, ‖W‖) per :func:`weight_layers` layer as host float64 arrays (the last step's grads)."""
    xp = network.xp
    layers = weight_layers(network)
    if not layers:
        return np.zeros(0), np.zeros(0)
    parts = []
    for layer in layers:
        parts.append(xp.linalg.norm(layer.grads["W"].reshape(-1)))
        parts.append(xp.linalg.norm(layer.params["W"].reshape(-1)))
    values = np.asarray(network.backend.to_numpy(xp.stack(parts)), dtype=np.float64)
    return values[0::2].copy(), values[1::2].copy()


def gradient_readout(trainer: Trainer) -> GradientReadout:
    net = trainer.network
    layers = weight_layers(net)
    grads, weights = gradient_norms(net)
    lr = float(trainer.design.train.learning_rate)
    with np.errstate(all="ignore"):
        ratios = np.where(weights > 0, lr * grads / np.where(weights > 0, weights, 1.0), np.nan)
    return GradientReadout(
        step=int(trainer.global_step),
        layer_ids=tuple(layer.id for layer in layers),
        labels=tuple(layer_label(layer) for layer in layers),
        grad_norms=grads,
        weight_norms=weights,
        update_ratios=ratios,
        learning_rate=lr,
    )


# ---------------------------------------------------------------- classification results


@dataclass(frozen=True)
class ClassificationReadout:
    matrix: np.ndarray  # (k, k) int64: rows true class, columns predicted class
    n_evaluated: int  # matrix.sum()
    n_test: int
    sampled: bool  # True when a fixed random sample of the test set was evaluated
    accuracy: float
    misclassified: np.ndarray  # (≤ MISCLASSIFIED_LIMIT,) int64 test-set indices, ascending
    mis_predicted: np.ndarray  # (same,) int64 predicted classes
    mis_true: np.ndarray  # (same,) int64 true classes
    n_misclassified: int  # among the evaluated samples
    class_names: tuple[str, ...]
    step: int


def confusion_matrix(true: np.ndarray, pred: np.ndarray, k: int) -> np.ndarray:
    """(k, k) int64 counts: ``m[i, j]`` = samples of true class i predicted as j."""
    true = np.asarray(true, dtype=np.int64).reshape(-1)
    pred = np.asarray(pred, dtype=np.int64).reshape(-1)
    ok = (true >= 0) & (true < k) & (pred >= 0) & (pred < k)
    return np.bincount(true[ok] * k + pred[ok], minlength=k * k).reshape(k, k).astype(np.int64)


def evaluation_subset(n: int, limit: int = CONFUSION_SAMPLE, seed: int = CONFUSION_SEED) -> np.ndarray | None:
    """Sorted indices of a fixed random sample of ``limit`` of ``n`` samples, or None when n <= limit."""
    if n <= limit:
        return None
    return np.sort(np.random.default_rng(seed).choice(n, size=limit, replace=False)).astype(np.int64)


def predict_classes(trainer: Trainer, x: Array, batch: int = CONFUSION_BATCH) -> np.ndarray:
    """Host int64 predicted classes for backend inputs ``x``, in inference mode, in equal batches."""
    xp = trainer.xp
    n = len(x)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    chunks = -(-n // batch)
    size = -(-n // chunks)  # equal batch sizes: fewer scratch-buffer sizes in the conv layers
    preds = []
    with np.errstate(all="ignore"):
        for i in range(0, n, size):
            y = trainer.network.forward(x[i:i + size], training=False)
            preds.append(trainer.coding.predict_classes(xp, y))
    out = preds[0] if len(preds) == 1 else xp.concatenate(preds)
    return np.asarray(trainer.backend.to_numpy(out), dtype=np.int64).copy()


class ClassificationProbe:
    """The confusion-matrix read-out with the test sample cached on the backend (one per view)."""

    def __init__(self, limit: int = CONFUSION_SAMPLE, gallery: int = MISCLASSIFIED_LIMIT,
                 seed: int = CONFUSION_SEED):
        self.limit = limit
        self.gallery = gallery
        self.seed = seed
        self._source: Any = None  # the trainer.x_test the cache was made from
        self._cache: tuple[Array, np.ndarray, np.ndarray | None] | None = None

    def _inputs(self, trainer: Trainer) -> tuple[Array, np.ndarray, np.ndarray | None]:
        if self._cache is None or self._source is not trainer.x_test:
            ds = trainer.dataset
            idx = evaluation_subset(len(ds.x_test), self.limit, self.seed)
            if idx is None:
                x, y = trainer.x_test, np.asarray(ds.y_test, dtype=np.int64)
            else:
                gidx = idx if trainer.backend.name == "numpy" else trainer.xp.asarray(idx)
                x = trainer.xp.ascontiguousarray(trainer.x_test.take(gidx, axis=0))
                y = np.asarray(ds.y_test, dtype=np.int64)[idx]
            self._source, self._cache = trainer.x_test, (x, y, idx)
        return self._cache

    def __call__(self, trainer: Trainer) -> ClassificationReadout | Unavailable:
        ds = trainer.dataset
        if ds.task != "classification":
            return Unavailable("This is a regression task: there are no classes to confuse.")
        if len(ds.x_test) == 0:
            return Unavailable("The data set has no test samples.")
        x, true, idx = self._inputs(trainer)
        pred = predict_classes(trainer, x)
        k = int(ds.n_classes)
        matrix = confusion_matrix(true, pred, k)
        wrong = np.flatnonzero(pred != true)
        first = wrong[: self.gallery]
        test_index = first if idx is None else idx[first]
        names = tuple(ds.class_names) if len(ds.class_names) == k else tuple(str(i) for i in range(k))
        return ClassificationReadout(
            matrix=matrix,
            n_evaluated=len(true),
            n_test=len(ds.x_test),
            sampled=idx is not None,
            accuracy=float(np.mean(pred == true)),
            misclassified=np.asarray(test_index, dtype=np.int64),
            mis_predicted=pred[first].astype(np.int64),
            mis_true=true[first].astype(np.int64),
            n_misclassified=len(wrong),
            class_names=names,
            step=int(trainer.global_step),
        )


def classification_readout(trainer: Trainer, limit: int = CONFUSION_SAMPLE,
                           gallery: int = MISCLASSIFIED_LIMIT) -> ClassificationReadout | Unavailable:
    """One-off :class:`ClassificationProbe` call (no cache kept)."""
    return ClassificationProbe(limit, gallery)(trainer)
