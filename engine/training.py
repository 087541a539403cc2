"""Training a design on its data: batches, epochs, metrics, live knobs and rebuilds.

The ``Trainer`` owns the data on the backend, the network and the optimizer. It has no
threads, locks or callbacks: the app's worker thread is its only owner, and tests drive
it synchronously.
"""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from engine.backend import Backend, resolve_backend
from engine.data import Dataset, load_dataset
from engine.errors import DesignError, TrainingDiverged
from engine.losses import (
    LOSS_FUNCTIONS,
    sigmoid_binary_cross_entropy_from_logits,
    softmax_cross_entropy_from_logits,
)
from engine.network import Analysis, Network, analyze, forward_macs, output_activation
from engine.optimizers import Optimizer, make_optimizer
from engine.spec import DesignSpec, TrainSpec
from engine.task import TaskCoding

Array = Any

STEP_LOSS_HISTORY = 200_000  # batch losses kept by the trainer (and saved in snapshots)

EVAL_BATCH_FLOATS = 2048 * 4096  # activation floats per inference batch (32 MiB of float32)


@dataclass(frozen=True)
class EpochRecord:
    """One finished epoch. Train metrics are running means over the epoch's batches (as Keras prints)."""

    epoch: int
    train_loss: float
    test_loss: float
    train_acc: float | None
    test_acc: float | None
    seconds: float  # wall-clock of this epoch's training steps (evaluation excluded)
    samples_per_second: float
    steps: int

    def to_json(self) -> dict[str, Any]:
        return {
            "epoch": self.epoch,
            "train_loss": _finite_or_none(self.train_loss),
            "test_loss": _finite_or_none(self.test_loss),
            "train_acc": self.train_acc,
            "test_acc": self.test_acc,
            "seconds": self.seconds,
            "samples_per_second": self.samples_per_second,
        }


def _finite_or_none(v: float) -> float | None:
    return v if math.isfinite(v) else None


def prepare(design: DesignSpec, dataset: Dataset | None = None) -> tuple[Dataset, Analysis]:
    """Load the data and check the whole design against it; raises DesignError or DataError."""
    dataset = dataset if dataset is not None else load_dataset(design.data)
    analysis = analyze(design, dataset.input_shape, dataset.task, dataset.n_classes)
    if analysis.error is not None:
        raise analysis.error
    return dataset, analysis


class Trainer:
    """Trains one design; every public method runs synchronously in the caller's thread."""

    def __init__(
        self,
        design: DesignSpec,
        backend: Backend | str | None = None,
        dataset: Dataset | None = None,
    ):
        self.dataset, self.analysis = prepare(design, dataset)
        if backend is None or isinstance(backend, str):
            backend = _resolve(backend or design.train.backend, design, self.analysis)
        self.backend = backend
        self.xp = backend.xp
        self.design = design
        self.history: list[EpochRecord] = []
        # the most recent batch losses (bounded: a long classroom run must not fill the memory)
        self.step_losses: deque[float] = deque(maxlen=STEP_LOSS_HISTORY)
        self.epoch = 0  # finished epochs
        self.global_step = 0
        self._shuffle_rng = np.random.default_rng(design.train.seed + 1)
        self._order: np.ndarray | None = None
        # (key, x, t, labels, order) of this epoch's shuffled copy; the order is kept so the key's ids stay unique
        self._shuffled: tuple[Any, ...] | None = None
        self._pos = 0
        # where the batch cursor stood before the latest step: (global_step, order, position,
        # shuffle-generator state when that step drew a new order), for abandon_step
        self._cursor: tuple[int, np.ndarray | None, int, dict[str, Any] | None] | None = None
        self._epoch_loss_sum = 0.0
        self._epoch_correct = 0
        self._epoch_seen = 0
        self._epoch_seconds = 0.0
        self._epoch_steps = 0
        xp = self.xp
        self.x_train = xp.asarray(self.dataset.x_train, dtype=np.float32)
        self.x_test = xp.asarray(self.dataset.x_test, dtype=np.float32)
        self._build(design, reuse=None)

    # -- building -------------------------------------------------------------------
    def _build(self, design: DesignSpec, reuse: dict[str, np.ndarray] | None) -> None:
        ds = self.dataset
        self.network = Network(design, ds.input_shape, self.backend, reuse=reuse)
        self.coding = TaskCoding(ds.task, ds.n_classes, self.network.output_shape[0], output_activation(design))
        xp = self.xp
        self.t_train = xp.asarray(self.coding.encode(ds.y_train))
        self.t_test = xp.asarray(self.coding.encode(ds.y_test))
        self.labels_train = xp.asarray(ds.y_train) if ds.task == "classification" else None
        self.labels_test = xp.asarray(ds.y_test) if ds.task == "classification" else None
        self._fused = self._fused_loss(design)
        out = self.network.output_layer
        if hasattr(out, "skip_activation_grad"):
            out.skip_activation_grad = self._fused is not None
        self.optimizer: Optimizer = make_optimizer(design.train.optimizer, xp, self.network.size)

    def _fused_loss(self, design: DesignSpec) -> Any:
        """Loss functions computed from the output layer's pre-activation, when stable fusion applies."""
        act = output_activation(design)
        last = design.layers[-1].type
        if last not in ("dense", "activation"):
            return None
        loss, opt = design.train.loss, design.train.optimizer
        if opt == "perceptron":
            return "perceptron"
        if act == "softmax" and loss == "categorical_crossentropy":
            return softmax_cross_entropy_from_logits
        if act == "sigmoid" and loss == "binary_crossentropy":
            return sigmoid_binary_cross_entropy_from_logits
        return None

    # -- live changes ---------------------------------------------------------------
    def set_train(self, train: TrainSpec) -> None:
        """Apply changed hyperparameters before the next step, keeping weights and optimizer state.

        The learning rate, optimizer hyperparameters, batch size and epochs are live knobs.
        A different optimizer, loss, regularisation or initialiser rebuilds what it must.
        """
        old = self.design.train
        design = replace(self.design, train=train)
        if (train.loss, train.l1, train.l2) != (old.loss, old.l1, old.l2) or train.optimizer != old.optimizer:
            self.rebuild(design)
            return
        self.design = design
        self.network.design = design

    def rebuild(self, design: DesignSpec) -> None:
        """Rebuild the network for a changed design, keeping every weight whose shape still fits."""
        analysis = analyze(design, self.dataset.input_shape, self.dataset.task, self.dataset.n_classes)
        if analysis.error is not None:
            raise analysis.error
        old_net, old_opt = self.network, self.optimizer
        reuse = old_net.state_arrays()
        self.design = design
        self.analysis = analysis
        self._build(design, reuse)
        if old_opt.name == self.optimizer.name:
            old_slots = {s.key: s for s in old_net.slots}
            moves = [
                (old_slots[s.key].offset, s.offset, s.info.size)
                for s in self.network.slots
                if s.key in old_slots and old_slots[s.key].info.shape == s.info.shape
            ]
            old_opt.remap(moves, self.network.size)
            self.optimizer = old_opt

    def move_to(
        self, backend: Backend | str, state: tuple[dict[str, np.ndarray], dict[str, Any]] | None = None
    ) -> None:
        """Continue on another backend (the CPU after a GPU failure) exactly where training stands.

        The parameters, buffers (batch-norm running statistics), optimizer state, batch
        order, counters and history are kept, and so is the dropout generator's state from
        NumPy to NumPy (CuPy's cannot be carried over); only the arrays move. ``state``
        gives host copies (``network.state_arrays()``, ``optimizer.state_dict()``) to use
        instead of reading the old arrays, for a GPU that can no longer be read. When the
        new backend fails while allocating, the trainer is left as it was and the error raised.
        """
        if isinstance(backend, str):
            backend = _resolve(backend, self.design, self.analysis)
        if state is None:
            arrays = self.network.state_arrays()  # host copies
            opt_state = self.optimizer.state_dict()  # host copies
        else:
            arrays, opt_state = state
        rng = self.network.dropout_rng()
        rng_state = rng.bit_generator.state if isinstance(rng, np.random.Generator) else None
        kept = dict(vars(self))  # what the rebuild below replaces, to put back if it fails
        try:
            self.backend = backend
            self.xp = backend.xp
            self.x_train = backend.xp.asarray(self.dataset.x_train, dtype=np.float32)
            self.x_test = backend.xp.asarray(self.dataset.x_test, dtype=np.float32)
            self._build(self.design, reuse=arrays)
            self.network.load_arrays(arrays, strict=True)
            self.optimizer.load_state_dict(opt_state)
            new_rng = self.network.dropout_rng()
            if rng_state is not None and isinstance(new_rng, np.random.Generator):
                new_rng.bit_generator.state = rng_state
        except BaseException:
            vars(self).clear()
            vars(self).update(kept)
            raise

    def abandon_step(self) -> None:
        """After a step raised before it counted (a GPU failure), put the batch cursor back.

        The next step then trains the same batch again. A step that had counted and failed
        in its epoch-end evaluation is kept; :meth:`finish_pending_epoch` completes it.
        Parameters updated by a step that failed inside the optimizer update itself cannot
        be taken back.
        """
        cursor, self._cursor = self._cursor, None
        if cursor is None or cursor[0] != self.global_step:
            return
        _, order, pos, rng_state = cursor
        self._order, self._pos = order, pos
        if rng_state is not None:
            self._shuffle_rng.bit_generator.state = rng_state

    def finish_pending_epoch(self) -> bool:
        """Finish an epoch whose last step counted but whose evaluation raised; True if there was one."""
        if self._epoch_seen and self._pos >= len(self.dataset.x_train):
            self._finish_epoch()
            return True
        return False

    def continue_from(self, other: Trainer) -> bool:
        """Take over ``other``'s weights, optimizer state and history when only the data differ.

        Used when a student draws or erases points: the network keeps learning on the new
        points instead of starting again. Returns False (and changes nothing) unless both
        have the same layers, training settings, inputs, task and classes.
        """
        same = (
            self.design.layers == other.design.layers
            and self.design.train == other.design.train
            and self.dataset.input_shape == other.dataset.input_shape
            and self.dataset.task == other.dataset.task
            and self.dataset.n_classes == other.dataset.n_classes
            and self.backend.name == other.backend.name
        )
        if not same:
            return False
        self.network.load_arrays(other.network.state_arrays(), strict=True)
        self.optimizer.load_state_dict(other.optimizer.state_dict())
        self.epoch, self.global_step = other.epoch, other.global_step
        self.history = list(other.history)
        self.step_losses = deque(other.step_losses, maxlen=STEP_LOSS_HISTORY)
        return True

    def reinitialize(self) -> None:
        """Reset: fresh weights (same seed), fresh optimizer state, empty history."""
        self.__init__(self.design, self.backend, self.dataset)  # type: ignore[misc]

    # -- training -------------------------------------------------------------------
    @property
    def steps_per_epoch(self) -> int:
        n = len(self.dataset.x_train)
        return max(1, -(-n // self.design.train.batch_size))

    def _next_indices(self) -> np.ndarray:
        n = len(self.dataset.x_train)
        if self._order is None or self._pos >= n:
            self._cursor = (self.global_step, self._order, self._pos, self._shuffle_rng.bit_generator.state)
            self._order = self._shuffle_rng.permutation(n)
            self._pos = 0
        else:
            self._cursor = (self.global_step, self._order, self._pos, None)
        bs = self.design.train.batch_size
        idx = self._order[self._pos:self._pos + bs]
        self._pos += len(idx)
        return idx

    def _shuffled_batch(self, size: int) -> tuple[Any, Any, Any] | None:
        """The batch just taken by ``_next_indices`` as views of this epoch's shuffled copy of a small data set.

        Equal, element for element, to gathering it with ``take``. But one gather per epoch
        instead of three per step: each gather releases the GIL, and in the app every release
        lets the GUI thread in, which halves the speed of a Playground-size network. Large
        data (MNIST) and the GPU keep gathering per step (no extra copy of the data).
        """
        if self.backend.name != "numpy" or self.x_train.nbytes > SHUFFLED_COPY_BYTES:
            return None
        key = (id(self._order), id(self.x_train), id(self.t_train))
        if self._shuffled is None or self._shuffled[0] != key:
            order = self._order
            labels = self.labels_train.take(order) if self.labels_train is not None else None
            self._shuffled = (key, self.x_train.take(order, axis=0), self.t_train.take(order, axis=0), labels, order)
        _, xs, ts, ls, _ = self._shuffled
        end = self._pos
        start = end - size
        return xs[start:end], ts[start:end], (ls[start:end] if ls is not None else None)

    def train_step(self) -> float:
        """One mini-batch: forward, loss, backward, update. Returns the batch loss."""
        # overflow to inf/NaN is detected below and reported as divergence, not as warnings
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            return self._train_step()

    def train_steps(self, n: int, stop_at_epoch_end: bool = True, out: list[float] | None = None) -> list[float]:
        """Up to ``n`` mini-batches, as ``n`` calls of ``train_step`` would run them; returns their losses.

        Cheaper per step for tiny networks: the floating-point error state is entered once
        for the whole chunk (a few microseconds, ~10 % of a Playground-size step). With
        ``stop_at_epoch_end`` it returns right after the step that finished an epoch. Losses
        are appended to ``out`` (when given) step by step, so they survive a TrainingDiverged.
        """
        losses: list[float] = out if out is not None else []
        epoch = self.epoch
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            for _ in range(n):
                losses.append(self._train_step())
                if stop_at_epoch_end and self.epoch != epoch:
                    break
        return losses

    def _train_step(self) -> float:
        idx = self._next_indices()
        t0 = time.perf_counter()
        xp = self.xp
        net = self.network
        train = self.design.train
        gidx = idx if self.backend.name == "numpy" else xp.asarray(idx)  # the indices on the device
        shuffled = self._shuffled_batch(len(idx))
        if shuffled is not None:
            x, t, batch_labels = shuffled
        else:
            x = self.x_train.take(gidx, axis=0)
            t = self.t_train.take(gidx, axis=0)
            batch_labels = None
        y = net.forward(x, training=True)
        fused = self._fused
        if fused is None and train.loss == "mse":
            loss, dy = _mse_value_and_grad(y, t)
        elif fused is None:
            loss_fn = LOSS_FUNCTIONS[train.loss]
            loss = loss_fn.value(xp, y, t, train.huber_delta)
            dy = loss_fn.grad(xp, y, t, train.huber_delta)
        elif fused == "perceptron":
            # the classic perceptron rule: w += lr * (t - y) x, averaged over the batch
            dy = (y - t) * (1.0 / len(idx))
            loss = float(((y - t) ** 2).mean())
        else:
            loss, dy = fused(xp, net.output_layer.pre_activation, t)
        if not math.isfinite(loss):
            diverged = TrainingDiverged(
                f"the loss became {loss} at epoch {self.epoch + 1}, step {self.global_step + 1}; "
                "try a smaller learning rate",
                self.epoch + 1, self.global_step + 1,
            )
            diverged.loss = loss  # type: ignore[attr-defined]  # nan or inf, for the message
            raise diverged
        net.backward(dy)
        net.add_regularisation_grads()
        self.optimizer.step(net.flat_params, net.flat_grads, train)
        if self.labels_train is not None:
            pred = self.coding.predict_classes(xp, y)
            labels = batch_labels if batch_labels is not None else self.labels_train.take(gidx)
            self._epoch_correct += int(xp.count_nonzero(pred == labels))
        self._epoch_seconds += time.perf_counter() - t0
        self._epoch_loss_sum += loss * len(idx)
        self._epoch_seen += len(idx)
        self._epoch_steps += 1
        self.global_step += 1
        self.step_losses.append(loss)
        if self._pos >= len(self.dataset.x_train):
            self._finish_epoch()
        return loss

    def _finish_epoch(self) -> None:
        seen = max(self._epoch_seen, 1)
        test_loss, test_acc = self.evaluate("test")
        task_is_class = self.labels_train is not None
        record = EpochRecord(
            epoch=self.epoch + 1,
            train_loss=self._epoch_loss_sum / seen,
            test_loss=test_loss,
            train_acc=self._epoch_correct / seen if task_is_class else None,
            test_acc=test_acc,
            seconds=self._epoch_seconds,
            samples_per_second=self._epoch_seen / self._epoch_seconds if self._epoch_seconds > 0 else 0.0,
            steps=self._epoch_steps,
        )
        self.history.append(record)
        self.epoch += 1
        self._epoch_loss_sum = 0.0
        self._epoch_correct = self._epoch_seen = self._epoch_steps = 0
        self._epoch_seconds = 0.0

    def train_epoch(self) -> EpochRecord:
        """Run the rest of the current epoch and return its record."""
        start = self.epoch
        while self.epoch == start:
            self.train_steps(self.steps_per_epoch)
        return self.history[-1]

    def train_epochs(self, n: int) -> list[EpochRecord]:
        return [self.train_epoch() for _ in range(n)]

    # -- evaluation -----------------------------------------------------------------
    def outputs(self, split: str) -> Array:
        """Network outputs for a whole split, in inference mode, on the backend."""
        x = self.x_train if split == "train" else self.x_test
        net = self.network
        batch = self._eval_batch()
        if len(x) <= batch:
            return net.forward(x, training=False)
        return self.xp.concatenate([net.forward(x[i:i + batch], training=False) for i in range(0, len(x), batch)])

    def _eval_batch(self) -> int:
        """Samples per inference batch: at most 2048, and few enough that the batch's
        activations stay within EVAL_BATCH_FLOATS (a conv net's im2col columns for 2048
        MNIST images are about 70 MB; batches of a few hundred stay in cache and run 3-4x
        faster, with the same outputs). Dense networks of up to 4096 activations per
        sample keep the full 2048.
        """
        per_sample = max(1, sum(layer.info.activation_floats for layer in self.network.layers))
        return max(64, min(2048, EVAL_BATCH_FLOATS // per_sample))

    def evaluate(self, split: str = "test") -> tuple[float, float | None]:
        """(mean loss, accuracy or None) over a whole split."""
        with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
            return self._evaluate(split)

    def _evaluate(self, split: str) -> tuple[float, float | None]:
        xp = self.xp
        train = self.design.train
        y = self.outputs(split)
        t = self.t_train if split == "train" else self.t_test
        if len(t) == 0:
            return float("nan"), None
        loss_name = train.loss
        if self._fused is softmax_cross_entropy_from_logits or self._fused is sigmoid_binary_cross_entropy_from_logits:
            loss = LOSS_FUNCTIONS[loss_name].value(xp, y, t, train.huber_delta)
        elif self._fused == "perceptron":
            loss = float(((y - t) ** 2).mean())
        else:
            loss = LOSS_FUNCTIONS[loss_name].value(xp, y, t, train.huber_delta)
        labels = self.labels_train if split == "train" else self.labels_test
        acc = None
        if labels is not None:
            acc = float((self.coding.predict_classes(xp, y) == labels).mean())
        return loss, acc

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Host outputs for host inputs (e.g. a decision-boundary grid)."""
        return self.network.predict(x)


def _resolve(request: str, design: DesignSpec, analysis: Analysis) -> Backend:
    """The backend for ``request``; ``auto`` weighs one step's work (forward multiply-adds of a batch)."""
    return resolve_backend(request, analysis.n_params, forward_macs(analysis) * design.train.batch_size)


# Training data up to this size get a shuffled copy per epoch (see Trainer._shuffled_batch).
SHUFFLED_COPY_BYTES = 8 * 1024 * 1024


def _mse_value_and_grad(y: Array, t: Array) -> tuple[float, Array]:
    """The "mse" loss's value and gradient from one difference array (fewer calls per step).

    The same numbers as ``LOSS_FUNCTIONS["mse"]``: mean((y - t)^2) summed the way ``mean``
    sums, and 2 (y - t) / y.size.
    """
    e = y - t
    loss = float((e * e).sum() / e.size)
    e *= 2.0 / e.size
    return loss, e


def load_design_for_training(design: DesignSpec, epochs: int | None, seed: int | None) -> DesignSpec:
    """Apply command-line overrides of epochs and seed to a design."""
    train = design.train
    if epochs is not None:
        if epochs < 1:
            raise DesignError("must be at least 1", "--epochs")
        train = replace(train, epochs=epochs)
    if seed is not None:
        train = replace(train, seed=seed)
    return replace(design, train=train)
