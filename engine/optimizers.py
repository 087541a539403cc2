"""Optimizers that update one flat parameter vector in place from one flat gradient vector.

Every layer's parameters are views into the single float32 vector ``params`` and every
gradient a view into ``grads``, so one optimizer step is a handful of whole-vector ufunc
calls. Each optimizer allocates its state and one scratch buffer up front; a step writes
through ``out=`` and allocates no parameter-sized array.

On NumPy, vectors longer than :data:`CHUNK` are processed in chunks of that many elements
so that the scratch buffer and the slices being combined stay in the L2 cache; shorter
vectors (and every CuPy vector) are processed whole, in one pass with no loop.

Hyperparameters are read from ``hp`` on every step (any object with ``learning_rate``,
``momentum``, ``rho``, ``beta1``, ``beta2`` and ``epsilon``; a ``TrainSpec`` works), so
changing them between two steps keeps all optimizer state.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

Array = Any

CHUNK = 65536  # elements per chunk on the CPU: 256 KiB of float32
FLUSH_EVERY = 256  # steps between two denormal flushes of second-moment state
DENORMAL_LIMIT = 1e-30


def flush_denormals(xp: Any, *arrays: Array) -> None:
    """Set entries with |v| < 1e-30 to zero in place.

    Decaying moment estimates drift towards float32 denormals (below 1.2e-38), which are
    many times slower to compute with on x86 CPUs, and NumPy cannot enable flush-to-zero.
    Values that small are far below ``epsilon`` and change no update measurably.
    """
    for a in arrays:
        if not a.flags.c_contiguous:
            a[xp.abs(a) < DENORMAL_LIMIT] = 0
            continue
        flat = a.reshape(-1)  # a view of a contiguous array
        step = CHUNK if xp is np else max(flat.size, 1)
        for start in range(0, flat.size, step):
            part = flat[start:start + step]
            part[xp.abs(part) < DENORMAL_LIMIT] = 0


def _to_host(a: Array) -> np.ndarray:
    """A host NumPy copy of a NumPy or CuPy array."""
    if isinstance(a, np.ndarray):
        return a.copy()
    return a.get()


class Optimizer:
    """Base class: state arrays named in ``state_names``, a step count ``t``, a scratch buffer.

    Subclasses implement ``_update(p, g, tmp, *state, c)`` for one chunk, where ``c`` holds
    the scalars computed once per step by ``_coefficients``.
    """

    name = ""
    state_names: tuple[str, ...] = ()
    flushes = False  # whether the state holds second moments that decay towards denormals
    scratch_count = 1

    def __init__(self, xp: Any, size: int) -> None:
        self.xp = xp
        self.t = 0
        self._allocate(int(size))

    def _allocate(self, size: int) -> None:
        if size < 0:
            raise ValueError(f"a parameter vector cannot have {size} elements")
        self.size = size
        xp = self.xp
        self.state: dict[str, Array] = {n: xp.zeros(size, dtype=xp.float32) for n in self.state_names}
        self._states = [self.state[n] for n in self.state_names]  # in _update's argument order
        self._chunk = CHUNK if xp is np and size > CHUNK else size
        self._scratch = [xp.empty(self._chunk, dtype=xp.float32) for _ in range(self.scratch_count)]

    # ---------------------------------------------------------------- stepping

    def step(self, params: Array, grads: Array, hp: Any) -> None:
        """Update ``params`` in place from ``grads`` with the hyperparameters in ``hp``."""
        if params.shape != (self.size,) or grads.shape != (self.size,):
            raise ValueError(
                f"{self.name} expects vectors of {self.size} elements, got {params.shape} and {grads.shape}"
            )
        self.t += 1
        c = self._coefficients(hp)
        states = self._states
        if self.size <= self._chunk:
            self._update(params, grads, *self._scratch, *states, c=c)
        else:
            n = self._chunk
            for s in range(0, self.size, n):
                e = min(s + n, self.size)
                scratch = [b[: e - s] for b in self._scratch]
                self._update(params[s:e], grads[s:e], *scratch, *(a[s:e] for a in states), c=c)
        if self.flushes and self.t % FLUSH_EVERY == 0:
            flush_denormals(self.xp, *states)

    def _coefficients(self, hp: Any) -> tuple[float, ...]:
        return (float(hp.learning_rate),)

    def _update(self, p: Array, g: Array, *buffers: Array, c: tuple[float, ...]) -> None:
        raise NotImplementedError

    # ---------------------------------------------------------------- state

    def state_dict(self) -> dict[str, np.ndarray | int]:
        """Host copies of the state arrays, the step count ``t`` and the vector length ``size``."""
        out: dict[str, np.ndarray | int] = {n: _to_host(a) for n, a in self.state.items()}
        out["t"] = self.t
        out["size"] = self.size
        return out

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Restore a :meth:`state_dict`; raises ValueError if names or sizes do not match.

        ``size`` may be left out (the state arrays' lengths are checked anyway).
        """
        expected = set(self.state_names) | {"t"}
        if set(state) - {"size"} != expected:
            raise ValueError(
                f"{self.name} state needs the entries {sorted(expected)}, got {sorted(state)}"
            )
        t = state["t"]
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or t < 0:
            raise ValueError(f"the step count must be a whole number >= 0, got {t!r}")
        if "size" in state and state["size"] != self.size:
            raise ValueError(f"{self.name} state is for {state['size']} parameters, not {self.size}")
        arrays = {}
        for n in self.state_names:
            raw = state[n]
            a = np.asarray(raw.get() if hasattr(raw, "get") and not isinstance(raw, np.ndarray) else raw)
            if a.shape != (self.size,):
                raise ValueError(f"{self.name} state {n!r} has shape {a.shape}, expected ({self.size},)")
            arrays[n] = a
        for n, a in arrays.items():
            self.state[n][...] = self.xp.asarray(a, dtype=self.xp.float32)
        self.t = int(t)

    def remap(self, moves: list[tuple[int, int, int]], new_size: int) -> None:
        """Resize the state to ``new_size`` after a network rebuild.

        Each move ``(old_offset, new_offset, length)`` carries the state of one parameter
        segment to its new place; everything else starts at zero. The step count is kept,
        so the moved segments continue exactly as before.
        """
        new_size = int(new_size)
        for old, new, length in moves:
            if length < 0 or old < 0 or new < 0 or old + length > self.size or new + length > new_size:
                raise ValueError(
                    f"move ({old}, {new}, {length}) does not fit sizes {self.size} -> {new_size}"
                )
        old_state = self.state
        self._allocate(new_size)
        for n, a in old_state.items():
            for old, new, length in moves:
                self.state[n][new:new + length] = a[old:old + length]


class SGD(Optimizer):
    """Plain gradient descent: p -= lr g."""

    name = "sgd"

    def _update(self, p, g, tmp, *, c):
        self.xp.multiply(g, c[0], out=tmp)
        self.xp.subtract(p, tmp, out=p)


class Perceptron(SGD):
    """The perceptron learning rule: p -= lr g with the pseudo-gradient g = -(t - y) x.

    The network supplies the pseudo-gradient (summed or averaged as it decides); the update
    itself is the SGD one, under its own name.
    """

    name = "perceptron"


class Momentum(Optimizer):
    """Heavy-ball momentum (PyTorch form): v = mu v + g; p -= lr v."""

    name = "momentum"
    state_names = ("velocity",)

    def _coefficients(self, hp):
        return float(hp.learning_rate), float(hp.momentum)

    def _update(self, p, g, tmp, v, *, c):
        xp = self.xp
        lr, mu = c
        xp.multiply(v, mu, out=v)
        xp.add(v, g, out=v)
        xp.multiply(v, lr, out=tmp)
        xp.subtract(p, tmp, out=p)


class Nesterov(Momentum):
    """Nesterov momentum (PyTorch form): v = mu v + g; p -= lr (g + mu v)."""

    name = "nesterov"

    def _update(self, p, g, tmp, v, *, c):
        xp = self.xp
        lr, mu = c
        xp.multiply(v, mu, out=v)
        xp.add(v, g, out=v)
        xp.multiply(v, mu, out=tmp)
        xp.add(tmp, g, out=tmp)
        xp.multiply(tmp, lr, out=tmp)
        xp.subtract(p, tmp, out=p)


class Adagrad(Optimizer):
    """Adagrad: s += g^2; p -= lr g / (sqrt(s) + eps)  (PyTorch with initial_accumulator_value=0)."""

    name = "adagrad"
    state_names = ("sum_sq",)
    flushes = True

    def _coefficients(self, hp):
        return float(hp.learning_rate), float(hp.epsilon)

    def _update(self, p, g, tmp, s, *, c):
        xp = self.xp
        lr, eps = c
        xp.multiply(g, g, out=tmp)
        xp.add(s, tmp, out=s)
        xp.sqrt(s, out=tmp)
        xp.add(tmp, eps, out=tmp)
        xp.divide(g, tmp, out=tmp)
        xp.multiply(tmp, lr, out=tmp)
        xp.subtract(p, tmp, out=p)


class RMSprop(Optimizer):
    """RMSprop (PyTorch form): v = rho v + (1 - rho) g^2; p -= lr g / (sqrt(v) + eps)."""

    name = "rmsprop"
    state_names = ("square_avg",)
    flushes = True

    def _coefficients(self, hp):
        return float(hp.learning_rate), float(hp.rho), float(hp.epsilon)

    def _update(self, p, g, tmp, v, *, c):
        xp = self.xp
        lr, rho, eps = c
        xp.multiply(v, rho, out=v)
        xp.multiply(g, g, out=tmp)
        xp.multiply(tmp, 1.0 - rho, out=tmp)
        xp.add(v, tmp, out=v)
        xp.sqrt(v, out=tmp)
        xp.add(tmp, eps, out=tmp)
        xp.divide(g, tmp, out=tmp)
        xp.multiply(tmp, lr, out=tmp)
        xp.subtract(p, tmp, out=p)


class Adam(Optimizer):
    """Adam with bias correction (PyTorch/Keras form):

    m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
    p -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)

    computed as p -= [lr sqrt(bc2) / bc1] m / (sqrt(v) + eps sqrt(bc2)) with
    bc1 = 1 - b1^t, bc2 = 1 - b2^t, which is the same number in fewer passes.
    """

    name = "adam"
    state_names = ("m", "v")
    flushes = True

    def _coefficients(self, hp):
        t = self.t
        b1, b2 = float(hp.beta1), float(hp.beta2)
        bc1, rbc2 = 1.0 - b1**t, math.sqrt(1.0 - b2**t)
        return b1, b2, float(hp.learning_rate) * rbc2 / bc1, float(hp.epsilon) * rbc2

    def _moments(self, g, tmp, m, v, b1, b2):
        xp = self.xp
        xp.multiply(v, b2, out=v)
        xp.multiply(g, g, out=tmp)
        xp.multiply(tmp, 1.0 - b2, out=tmp)
        xp.add(v, tmp, out=v)
        xp.multiply(m, b1, out=m)
        xp.multiply(g, 1.0 - b1, out=tmp)
        xp.add(m, tmp, out=m)

    def _update(self, p, g, tmp, m, v, *, c):
        xp = self.xp
        b1, b2, step, eps = c
        self._moments(g, tmp, m, v, b1, b2)
        xp.sqrt(v, out=tmp)
        xp.add(tmp, eps, out=tmp)
        xp.divide(m, tmp, out=tmp)
        xp.multiply(tmp, step, out=tmp)
        xp.subtract(p, tmp, out=p)


class NAdam(Adam):
    """Nesterov Adam (Dozat 2016) with a constant momentum (no momentum schedule):

    m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
    m_hat = b1 m / (1 - b1^(t+1)) + (1 - b1) g / (1 - b1^t)
    p -= lr m_hat / (sqrt(v / (1 - b2^t)) + eps)

    This is Keras's Nadam update with its schedule u_t fixed at b1, optax.nadam, and
    torch.optim.NAdam with momentum_decay large enough that 0.96^(t momentum_decay)
    underflows to 0 (so its mu_t is exactly b1; the tests use momentum_decay=1e6).
    ``torch.optim.NAdam(momentum_decay=0)`` is a different rule (mu_t = b1 / 2).

    Computed as p -= [lr sqrt(bc2) / bc1] (c m + (1 - b1) g) / (sqrt(v) + eps sqrt(bc2)) with
    c = b1 bc1 / (1 - b1^(t+1)); the scratch buffer ``tmp2`` keeps (1 - b1) g.
    """

    name = "nadam"
    scratch_count = 2

    def _coefficients(self, hp):
        t = self.t
        b1, b2 = float(hp.beta1), float(hp.beta2)
        bc1, rbc2 = 1.0 - b1**t, math.sqrt(1.0 - b2**t)
        c = b1 * bc1 / (1.0 - b1 ** (t + 1))
        return b1, b2, c, float(hp.learning_rate) * rbc2 / bc1, float(hp.epsilon) * rbc2

    def _update(self, p, g, tmp, tmp2, m, v, *, c):
        xp = self.xp
        b1, b2, cm, step, eps = c
        xp.multiply(v, b2, out=v)
        xp.multiply(g, g, out=tmp)
        xp.multiply(tmp, 1.0 - b2, out=tmp)
        xp.add(v, tmp, out=v)
        xp.multiply(m, b1, out=m)
        xp.multiply(g, 1.0 - b1, out=tmp2)
        xp.add(m, tmp2, out=m)
        xp.multiply(m, cm, out=tmp)
        xp.add(tmp, tmp2, out=tmp)
        xp.sqrt(v, out=tmp2)
        xp.add(tmp2, eps, out=tmp2)
        xp.divide(tmp, tmp2, out=tmp)
        xp.multiply(tmp, step, out=tmp)
        xp.subtract(p, tmp, out=p)


OPTIMIZER_CLASSES: dict[str, type[Optimizer]] = {
    cls.name: cls for cls in (SGD, Momentum, Nesterov, Adagrad, RMSprop, Adam, NAdam, Perceptron)
}


def make_optimizer(name: str, xp: Any, size: int) -> Optimizer:
    """A fresh optimizer of the catalog name ``name`` for a vector of ``size`` elements."""
    try:
        cls = OPTIMIZER_CLASSES[name]
    except KeyError:
        raise ValueError(f"unknown optimizer {name!r}") from None
    return cls(xp, size)
