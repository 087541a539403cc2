"""A fake ``cupy`` backed by NumPy, as strict as CuPy about what lives on the host and the device.

No GPU is needed. A "device" array is a NumPy array hidden inside :class:`ndarray`, which
(like ``cupy.ndarray``) is *not* a NumPy subclass: ``isinstance(d, numpy.ndarray)`` is
False and ``numpy.asarray(d)`` goes through ``__array__``. NumPy does all the arithmetic.
Raises TypeError where CuPy does:

- implicit conversion to NumPy: ``np.asarray(d)``, ``np.array(d)``, ``np.savez(f, d)``,
  ``float(d)`` of an array with more than one element;
- mixing host and device arrays: ``d + h``, ``h * d``, ``xp.add(d, h)``, ``d[...] = h``
  (index arrays may be host data, as in CuPy, which copies them over);
- NumPy ufunc methods on device arrays (``np.add.at``, ``np.maximum.reduce``): CuPy does
  not dispatch them;
- a NumPy function CuPy does not have: the fake only has names CuPy has (AttributeError).

Stricter than CuPy on purpose (see :data:`NUMPY_DISPATCH`): ``np.tanh(d)`` and
``np.sum(d)`` raise TypeError, whereas CuPy dispatches them to ``cupy.tanh``/``cupy.sum``
through ``__array_ufunc__``/``__array_function__``. The engine's design is one namespace
``xp`` per network, so a ``np.`` call on a device array is a bug even where dispatch
rescues it (its result is a device array where the code expects a host one).

As in CuPy: reductions and scalar indexing give 0-d device arrays, not NumPy scalars;
``float()``/``int()``/``bool()`` of a one-element array are allowed (they synchronise);
floating-point errors never warn; ``asnumpy``/``get`` and ``asarray`` of host data copy.

Not modelled: kernel speed, asynchrony and streams, device memory limits, driver errors,
CuPy's random streams (the generators draw NumPy's PCG64 numbers), and numerical details
of cuBLAS/cuDNN (summation order, TF32).
"""

from __future__ import annotations

import functools
import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

# True: NumPy functions and ufuncs called on device arrays are dispatched to the fake
# module as CuPy does (NEP 13/18); False (the default): they raise TypeError.
NUMPY_DISPATCH = False

FAKE_DEVICE_NAME = "Fake GPU (NumPy)"

# Device-to-host reads so far (get, asnumpy, float/int/bool of a device array, item, tolist):
# each one synchronises a real GPU, so tests can bound how many a training step makes.
syncs = 0
# Array operations that compute (one CUDA kernel each, roughly; views such as reshape count none).
launches = 0

_IMPLICIT = (
    "Implicit conversion to a NumPy array is not allowed. Please use `.get()` to construct a NumPy array explicitly."
)


def _host_mix_error(where: str, value: Any) -> TypeError:
    return TypeError(
        f"{where}: Unsupported type {type(value)} (a host numpy.ndarray mixed with device arrays; "
        "copy it to the device with xp.asarray first)"
    )


class Flags:
    """Memory-layout flags of a device array: CuPy's three, read-only."""

    __slots__ = ("c_contiguous", "f_contiguous", "owndata")

    def __init__(self, c_contiguous: bool, f_contiguous: bool, owndata: bool) -> None:
        object.__setattr__(self, "c_contiguous", c_contiguous)
        object.__setattr__(self, "f_contiguous", f_contiguous)
        object.__setattr__(self, "owndata", owndata)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"the flags of a device array are read-only ({name})")

    def __getitem__(self, name: str) -> bool:
        key = {"C_CONTIGUOUS": "c_contiguous", "F_CONTIGUOUS": "f_contiguous", "OWNDATA": "owndata"}[name.upper()]
        return bool(getattr(self, key))


# ---------------------------------------------------------------- moving values in and out


def _unwrap(x: Any, where: str, seen: dict[int, ndarray]) -> Any:
    """Device arrays -> their NumPy data (remembered in ``seen``); a host ndarray is a TypeError."""
    if type(x) is ndarray:
        seen[id(x._a)] = x
        return x._a
    if isinstance(x, np.ndarray):
        if x.ndim == 0:
            return x[()]  # a 0-d host array counts as a scalar (NumPy makes them from scalars)
        raise _host_mix_error(where, x)
    if type(x) in (list, tuple):
        return type(x)(_unwrap(v, where, seen) for v in x)
    return x


def _index(key: Any, seen: dict[int, ndarray]) -> Any:
    """An index with device arrays unwrapped; host index arrays and lists are allowed (CuPy copies them)."""
    if type(key) is ndarray:
        seen[id(key._a)] = key
        return key._a
    if type(key) is tuple:
        return tuple(_index(k, seen) for k in key)
    if type(key) is list:
        return [_index(k, seen) for k in key]
    return key


def _is_advanced(key: Any) -> bool:
    """Whether an index holds an array or a list (advanced indexing)."""
    parts = key if type(key) is tuple else (key,)
    return any(isinstance(k, (np.ndarray, ndarray, list)) for k in parts)


def _new(raw: np.ndarray) -> ndarray:
    out = object.__new__(ndarray)
    out._a = raw
    return out


def _wrap(x: Any, seen: dict[int, ndarray] | None = None) -> Any:
    """NumPy results -> device arrays (NumPy scalars become 0-d arrays, as CuPy returns them)."""
    if isinstance(x, np.ndarray):
        if seen:
            known = seen.get(id(x))
            if known is not None and known._a is x:
                return known  # an ``out=`` argument or an unchanged input comes back as itself
        return _new(x)
    if isinstance(x, np.generic):
        return _new(np.asarray(x))
    if type(x) in (tuple, list):
        return type(x)(_wrap(v, seen) for v in x)
    return x


def _call(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], where: str) -> Any:
    """Run ``fn`` on the NumPy data of device arguments; refuse host arrays; wrap the results."""
    seen: dict[int, ndarray] = {}
    raw_args = [_unwrap(v, where, seen) for v in args]
    raw_kwargs = {k: _unwrap(v, where, seen) for k, v in kwargs.items()}
    with np.errstate(all="ignore"):  # a GPU never reports floating-point errors
        result = fn(*raw_args, **raw_kwargs)
    _launched(result, seen)
    return _wrap(result, seen)


def _sync() -> None:
    global syncs
    syncs += 1


def _launch() -> None:
    global launches
    launches += 1


def _launched(result: Any, seen: dict[int, ndarray]) -> None:
    """Count a kernel when an operation computed something (not for a view of its input)."""
    if isinstance(result, (tuple, list)):
        result = result[0] if result else None
    if isinstance(result, np.generic) or (
        isinstance(result, np.ndarray) and (result.base is None or id(result) in seen)
    ):
        _launch()


def _host_copy(x: Any) -> Any:
    """Host data for asarray/array: device arrays inside sequences are taken as their data."""
    if type(x) is ndarray:
        return x._a
    if type(x) in (list, tuple):
        return type(x)(_host_copy(v) for v in x)
    return x


# ---------------------------------------------------------------- the device array


def _operand(other: Any, where: str) -> Any:
    if type(other) in (list, tuple):
        raise TypeError(f"{where}: Unsupported type {type(other)}")
    return other


def _binary(ufunc: np.ufunc) -> tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]:
    name = ufunc.__name__

    def op(self: ndarray, other: Any) -> Any:
        return _call(ufunc, (self, _operand(other, name)), {}, name)

    def rop(self: ndarray, other: Any) -> Any:
        return _call(ufunc, (_operand(other, name), self), {}, name)

    def iop(self: ndarray, other: Any) -> ndarray:
        _call(ufunc, (self, _operand(other, name)), {"out": self}, name)
        return self

    return op, rop, iop


def _unary(ufunc: np.ufunc) -> Callable[[ndarray], Any]:
    def op(self: ndarray) -> Any:
        return _call(ufunc, (self,), {}, ufunc.__name__)

    return op


def _method(name: str) -> Callable[..., Any]:
    fn = getattr(np.ndarray, name)

    def method(self: ndarray, *args: Any, **kwargs: Any) -> Any:
        return _call(fn, (self, *args), kwargs, f"ndarray.{name}")

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"``ndarray.{name}`` on the device."
    return method


class ndarray:  # CuPy's name
    """A device array: NumPy data that the host reaches only through ``get``/``asnumpy``."""

    __slots__ = ("_a",)
    __array_priority__ = 100
    __hash__ = None  # type: ignore[assignment]
    _a: np.ndarray

    def __init__(self, shape: Any, dtype: Any = float, memptr: Any = None, strides: Any = None,
                 order: str = "C") -> None:
        if memptr is not None or strides is not None:
            raise NotImplementedError("the fake device has no raw memory pointers")
        self._a = np.empty(shape, dtype=dtype, order=order)

    # -- attributes ---------------------------------------------------------------------
    shape = property(lambda self: self._a.shape, lambda self, v: setattr(self._a, "shape", v))
    dtype = property(lambda self: self._a.dtype)
    ndim = property(lambda self: self._a.ndim)
    size = property(lambda self: self._a.size)
    strides = property(lambda self: self._a.strides)
    itemsize = property(lambda self: self._a.itemsize)
    nbytes = property(lambda self: self._a.nbytes)
    T = property(lambda self: _new(self._a.T))
    real = property(lambda self: _wrap(self._a.real))
    imag = property(lambda self: _wrap(self._a.imag))

    @property
    def flags(self) -> Flags:
        f = self._a.flags
        return Flags(bool(f.c_contiguous), bool(f.f_contiguous), bool(f.owndata))

    @property
    def base(self) -> ndarray | None:
        return None if self._a.base is None or not isinstance(self._a.base, np.ndarray) else _new(self._a.base)

    @property
    def device(self) -> Device:
        return Device(0)

    # -- the host boundary ----------------------------------------------------------------
    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        raise TypeError(_IMPLICIT)

    def get(self, stream: Any = None, order: str = "C", out: np.ndarray | None = None,
            blocking: bool = True) -> np.ndarray:
        """A host copy (synchronises)."""
        _sync()
        if out is not None:
            if not isinstance(out, np.ndarray):
                raise TypeError("Only numpy.ndarray can be obtained from cupy.ndarray")
            out[...] = self._a
            return out
        return np.array(self._a, order=order, copy=True)

    def set(self, arr: np.ndarray, stream: Any = None) -> None:
        """Copy a host array of the same shape and dtype into this device array."""
        if not isinstance(arr, np.ndarray) or arr.shape != self._a.shape or arr.dtype != self._a.dtype:
            raise ValueError("set() needs a numpy.ndarray of the same shape and dtype")
        self._a[...] = arr

    def __float__(self) -> float:
        _sync()
        return float(self._a)

    def __int__(self) -> int:
        _sync()
        return int(self._a)

    def __complex__(self) -> complex:
        _sync()
        return complex(self._a)

    def __bool__(self) -> bool:
        _sync()
        return bool(self._a)

    def __repr__(self) -> str:
        return repr(self._a)

    def __str__(self) -> str:
        return str(self._a)

    def __format__(self, spec: str) -> str:
        return format(self._a, spec)

    def __len__(self) -> int:
        return len(self._a)

    def __iter__(self) -> Iterator[ndarray]:
        if self._a.ndim == 0:
            raise TypeError("iteration over a 0-d array")
        return (self[i] for i in range(len(self._a)))

    def __copy__(self) -> ndarray:
        return _new(self._a.copy())

    def __deepcopy__(self, memo: dict[int, Any]) -> ndarray:
        return _new(self._a.copy())

    # -- NumPy's protocols: only what CuPy allows ---------------------------------------
    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        name = ufunc.__name__
        for x in (*inputs, *kwargs.get("out", ())):
            if isinstance(x, np.ndarray) and x.ndim:
                raise _host_mix_error(f"numpy.{name}", x)
        if method != "__call__":
            raise TypeError(f"numpy.{name}.{method}() on a device array: CuPy does not dispatch ufunc methods "
                            "(for add.at use cupyx.scatter_add)")
        target = getattr(MODULE, name, None)
        if target is None:
            raise TypeError(f"numpy.{name}() on a device array: CuPy has no ufunc {name}")
        if type(inputs[0]) is ndarray and not NUMPY_DISPATCH:
            # a scalar first (``np.float32(2) * d``) is how NumPy scalars reach here: allowed
            raise TypeError(f"numpy.{name}() called on a device array; use the backend's xp.{name}()")
        if "out" in kwargs:
            out = kwargs["out"]
            kwargs["out"] = out[0] if len(out) == 1 else out
        return target(*inputs, **kwargs)

    def __array_function__(self, func: Callable[..., Any], types_: Any, args: Any, kwargs: Any) -> Any:
        name = func.__name__
        target = _lookup(func)
        if not NUMPY_DISPATCH:
            hint = f"use the backend's xp.{name}()" if target is not None else "copy it to the host first (asnumpy)"
            raise TypeError(f"numpy.{name}() called on a device array; {hint}")
        if target is None:
            return NotImplemented
        return target(*args, **kwargs)

    # -- indexing -------------------------------------------------------------------------
    def __getitem__(self, key: Any) -> Any:
        seen: dict[int, ndarray] = {}
        return _wrap(self._a[_index(key, seen)])

    def __setitem__(self, key: Any, value: Any) -> None:
        seen: dict[int, ndarray] = {}
        raw_key = _index(key, seen)
        if type(value) is ndarray:
            value = value._a
        elif isinstance(value, np.ndarray) and not _is_advanced(key):
            # CuPy fills a basic-index view with a scalar, or copies a device array into it
            raise _host_mix_error("ndarray.__setitem__", value)
        self._a[raw_key] = value
        _launch()

    # -- methods that take index arrays (host ones are copied over, as in CuPy) -----------
    def take(self, indices: Any, axis: int | None = None, out: ndarray | None = None) -> ndarray:
        """``ndarray.take`` on the device."""
        seen: dict[int, ndarray] = {}
        raw_out = None if out is None else _unwrap(out, "ndarray.take", seen)
        _launch()
        with np.errstate(all="ignore"):
            return _wrap(self._a.take(_index(indices, seen), axis=axis, out=raw_out), seen)

    def put(self, indices: Any, values: Any, mode: str = "wrap") -> None:
        """``ndarray.put`` on the device."""
        seen: dict[int, ndarray] = {}
        _launch()
        self._a.put(_index(indices, seen), _index(values, seen), mode=mode)

    def astype(self, dtype: Any, order: str = "K", casting: Any = None, subok: Any = None,
               copy: bool = True) -> ndarray:
        """``ndarray.astype`` on the device (returns itself when no copy is needed)."""
        raw = self._a.astype(dtype, order=order, copy=copy)
        if raw is self._a:
            return self
        _launch()
        return _new(raw)

    def copy(self, order: str = "C") -> ndarray:
        """A device copy."""
        _launch()
        return _new(self._a.copy(order=order))

    def fill(self, value: Any) -> None:
        """Fill with a scalar or a 0-d device array."""
        if isinstance(value, np.ndarray):
            raise _host_mix_error("ndarray.fill", value)
        _launch()
        self._a.fill(value._a if type(value) is ndarray else value)


for _name in (
    "all", "any", "argmax", "argmin", "argpartition", "argsort", "clip", "compress", "conj", "conjugate",
    "cumprod", "cumsum", "diagonal", "dot", "flatten", "max", "mean", "min", "nonzero", "partition",
    "prod", "ravel", "repeat", "reshape", "round", "sort", "squeeze", "std", "sum", "swapaxes", "trace",
    "transpose", "var", "view",
):
    setattr(ndarray, _name, _method(_name))


def _reading(name: str) -> Callable[..., Any]:
    fn = getattr(np.ndarray, name)

    def method(self: ndarray, *args: Any, **kwargs: Any) -> Any:
        _sync()
        return fn(self._a, *args, **kwargs)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"``ndarray.{name}``: a host value (synchronises)."
    return method


for _name in ("item", "tolist", "tobytes"):
    setattr(ndarray, _name, _reading(_name))

for _op, _ufunc in (
    ("add", np.add), ("sub", np.subtract), ("mul", np.multiply), ("truediv", np.true_divide),
    ("floordiv", np.floor_divide), ("mod", np.remainder), ("pow", np.power), ("matmul", np.matmul),
    ("and", np.bitwise_and), ("or", np.bitwise_or), ("xor", np.bitwise_xor), ("lshift", np.left_shift),
    ("rshift", np.right_shift),
):
    _f, _r, _i = _binary(_ufunc)
    setattr(ndarray, f"__{_op}__", _f)
    setattr(ndarray, f"__r{_op}__", _r)
    setattr(ndarray, f"__i{_op}__", _i)

for _op, _ufunc in (
    ("lt", np.less), ("le", np.less_equal), ("gt", np.greater), ("ge", np.greater_equal), ("eq", np.equal),
    ("ne", np.not_equal),
):
    setattr(ndarray, f"__{_op}__", _binary(_ufunc)[0])

for _op, _ufunc in (("neg", np.negative), ("pos", np.positive), ("abs", np.absolute), ("invert", np.invert)):
    setattr(ndarray, f"__{_op}__", _unary(_ufunc))


# ---------------------------------------------------------------- module functions

# Names below are functions CuPy has (checked against the CuPy API reference); a NumPy
# function that is not listed is missing from the fake, as it would be from CuPy.
_UFUNCS = (
    "add", "subtract", "multiply", "divide", "true_divide", "floor_divide", "negative", "positive", "power",
    "float_power", "remainder", "mod", "fmod", "absolute", "fabs", "rint", "sign", "heaviside", "exp", "exp2",
    "log", "log2", "log10", "expm1", "log1p", "sqrt", "square", "cbrt", "reciprocal", "sin", "cos", "tan",
    "arcsin", "arccos", "arctan", "arctan2", "hypot", "sinh", "cosh", "tanh", "arcsinh", "arccosh", "arctanh",
    "deg2rad", "rad2deg", "degrees", "radians", "logaddexp", "logaddexp2", "greater", "greater_equal", "less",
    "less_equal", "not_equal", "equal", "logical_and", "logical_or", "logical_xor", "logical_not", "maximum",
    "minimum", "fmax", "fmin", "isfinite", "isinf", "isnan", "signbit", "copysign", "nextafter", "floor", "ceil",
    "trunc", "bitwise_and", "bitwise_or", "bitwise_xor", "invert", "left_shift", "right_shift", "matmul", "conj",
    "conjugate",
)
_FUNCTIONS = (
    "where", "clip", "dot", "vdot", "inner", "outer", "tensordot", "einsum", "kron", "sum", "prod", "mean", "var",
    "std", "max", "min", "amax", "amin", "ptp", "argmax", "argmin", "nanmax", "nanmin", "nanargmax", "nanargmin",
    "nansum", "nanprod", "nanmean", "nanvar", "nanstd", "median", "nanmedian", "percentile", "quantile", "average",
    "any", "all", "count_nonzero", "nonzero", "flatnonzero", "argwhere", "cumsum", "cumprod", "diff", "sort",
    "argsort", "lexsort", "partition", "argpartition", "searchsorted", "unique", "bincount", "histogram",
    "concatenate", "stack", "vstack", "hstack", "dstack", "column_stack", "split", "array_split", "hsplit", "vsplit",
    "reshape", "ravel", "transpose", "swapaxes", "moveaxis", "rollaxis", "expand_dims", "squeeze", "broadcast_to",
    "broadcast_arrays", "atleast_1d", "atleast_2d", "atleast_3d", "tile", "repeat", "take_along_axis", "copyto",
    "choose", "compress", "diag", "diagonal", "diagflat", "trace", "tri", "tril", "triu", "zeros_like", "ones_like",
    "empty_like", "full_like", "isclose", "allclose", "array_equal", "around", "round", "fix", "nan_to_num", "roll",
    "flip", "fliplr", "flipud", "rot90", "pad", "linspace", "logspace", "meshgrid", "arange", "zeros", "ones",
    "empty", "full", "eye", "identity", "ascontiguousarray", "asfortranarray", "copy", "result_type", "can_cast",
    "promote_types", "isscalar", "ndim", "interp", "convolve", "correlate", "cov", "corrcoef", "cross",
    "unravel_index", "ravel_multi_index", "digitize", "select", "take", "put",
)
_LINALG = ("norm", "det", "inv", "pinv", "solve", "lstsq", "svd", "qr", "eigh", "eigvalsh", "matrix_power", "cholesky")
_TYPES = (
    "bool_", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "float32",
    "float64", "complex64", "complex128", "intp", "uintp", "dtype", "finfo", "iinfo", "generic", "number",
    "integer", "signedinteger", "unsignedinteger", "floating", "complexfloating", "inexact",
)
_CONSTANTS = ("inf", "nan", "pi", "e", "newaxis", "euler_gamma")


def _function(qualified: str, np_func: Callable[..., Any]) -> Callable[..., Any]:
    def f(*args: Any, **kwargs: Any) -> Any:
        return _call(np_func, args, kwargs, qualified)

    f.__name__ = qualified.rsplit(".", 1)[-1]
    f.__qualname__ = f.__name__
    f.__module__ = qualified.rsplit(".", 1)[0]
    f.__doc__ = f"``{qualified}``: NumPy's function on device arrays."
    return f


def asarray(a: Any, dtype: Any = None, order: str | None = None, *, blocking: bool = False) -> ndarray:
    """A device array; host data is copied to the device (a device array of the right dtype is returned as is)."""
    if type(a) is ndarray:
        raw = np.asarray(a._a, dtype=dtype, order=order)
        return a if raw is a._a else _new(raw)
    return _new(np.array(_host_copy(a), dtype=dtype, order=order or "K", copy=True))


def array(obj: Any, dtype: Any = None, copy: bool = True, order: str = "K", subok: bool = False, ndmin: int = 0,
          *, blocking: bool = False) -> ndarray:
    """A device array made from host or device data."""
    if type(obj) is ndarray and not copy:
        return asarray(obj, dtype, None if order == "K" else order)
    return _new(np.array(_host_copy(obj), dtype=dtype, order=order, copy=True, ndmin=ndmin))


def asnumpy(a: Any, stream: Any = None, order: str = "C", out: np.ndarray | None = None, *,
            blocking: bool = True) -> np.ndarray:
    """A host copy of a device array (host data is returned through ``numpy.asarray``)."""
    if type(a) is ndarray:
        return a.get(order=order, out=out)
    if out is not None:
        out[...] = a
        return out
    return np.asarray(a, order=order)


def get_array_module(*args: Any) -> types.ModuleType:
    """The fake module when any argument is a device array, else NumPy."""
    return MODULE if any(type(a) is ndarray for a in args) else np


def _lookup(func: Callable[..., Any]) -> Callable[..., Any] | None:
    """The fake function CuPy's ``__array_function__`` would dispatch ``func`` to, or None."""
    module: Any = MODULE
    try:
        for part in func.__module__.split(".")[1:]:
            module = getattr(module, part)
        target = getattr(module, func.__name__)
    except AttributeError:
        return None
    return target if callable(target) else None


# ---------------------------------------------------------------- random


class Generator:
    """``cupy.random.Generator`` with the methods the engine may use; draws NumPy's numbers."""

    def __init__(self, bit_generator: np.random.Generator) -> None:
        self._rng = bit_generator

    def random(self, size: Any = None, dtype: Any = np.float64, out: ndarray | None = None) -> ndarray:
        """Uniform floats in [0, 1) on the device."""
        if out is not None:
            self._rng.random(out.shape, dtype=dtype, out=out._a)
            return out
        _launch()
        return _new(np.asarray(self._rng.random(size, dtype=dtype)))

    def standard_normal(self, size: Any = None, dtype: Any = np.float64, out: ndarray | None = None) -> ndarray:
        """Standard normal floats on the device."""
        if out is not None:
            self._rng.standard_normal(out.shape, dtype=dtype, out=out._a)
            return out
        _launch()
        return _new(np.asarray(self._rng.standard_normal(size, dtype=dtype)))

    def uniform(self, low: float = 0.0, high: float = 1.0, size: Any = None, dtype: Any = np.float64) -> ndarray:
        """Uniform floats in [low, high) on the device."""
        _launch()
        return _new(np.asarray(self._rng.uniform(low, high, size), dtype=dtype))

    def integers(self, low: int, high: int | None = None, size: Any = None, dtype: Any = np.int64,
                 endpoint: bool = False) -> ndarray:
        """Random integers on the device."""
        _launch()
        return _new(np.asarray(self._rng.integers(low, high, size, dtype=dtype, endpoint=endpoint)))


def default_rng(seed: Any = None) -> Generator:
    """A new :class:`Generator` (CuPy's is XORWOW; the fake's draws PCG64 numbers)."""
    if isinstance(seed, Generator):
        return seed
    return Generator(np.random.default_rng(seed))


_LEGACY = np.random.RandomState(0)


def _legacy(name: str) -> Callable[..., Any]:
    fn = getattr(_LEGACY, name)

    def f(*args: Any, dtype: Any = None, **kwargs: Any) -> Any:
        out = fn(*args, **kwargs)
        return _wrap(np.asarray(out, dtype=dtype) if dtype is not None else np.asarray(out))

    f.__name__ = f.__qualname__ = name
    f.__doc__ = f"``cupy.random.{name}`` (legacy global generator)."
    return f


# ---------------------------------------------------------------- cuda and cupyx


class CUDARuntimeError(RuntimeError):
    """Stands in for ``cupy_backends.cuda.api.runtime.CUDARuntimeError``."""


class OutOfMemoryError(MemoryError):
    """Stands in for ``cupy.cuda.memory.OutOfMemoryError``."""


class Device:
    """``cupy.cuda.Device``: one fake device, id 0."""

    def __init__(self, device: int = 0) -> None:
        self.id = int(device)
        self.compute_capability = "90"

    def synchronize(self) -> None:
        """Nothing to wait for: the fake runs synchronously."""

    def use(self) -> None:
        """Make this the current device (there is only one)."""

    def __enter__(self) -> Device:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class Stream:
    """``cupy.cuda.Stream`` with ``null`` and ``synchronize`` only."""

    null: Stream

    def synchronize(self) -> None:
        """Nothing to wait for."""


Stream.null = Stream()


def _get_device_count() -> int:
    return 1


def _get_device_properties(device: int) -> dict[str, Any]:
    if device != 0:
        raise CUDARuntimeError("cudaErrorInvalidDevice: invalid device ordinal")
    return {"name": FAKE_DEVICE_NAME.encode(), "totalGlobalMem": 8 * 1024**3, "major": 9, "minor": 0}


def _scatter(how: str) -> Callable[[ndarray, Any, Any], None]:
    ufunc = {"add": np.add, "max": np.maximum, "min": np.minimum}[how]

    def scatter(a: ndarray, slices: Any, value: Any) -> None:
        if type(a) is not ndarray:
            raise TypeError(f"cupyx.scatter_{how} needs a device array")
        seen: dict[int, ndarray] = {}
        if isinstance(value, np.ndarray) and not _is_advanced(slices):
            raise _host_mix_error(f"cupyx.scatter_{how}", value)
        ufunc.at(a._a, _index(slices, seen), value._a if type(value) is ndarray else value)

    scatter.__name__ = scatter.__qualname__ = f"scatter_{how}"
    scatter.__doc__ = f"``cupyx.scatter_{how}``: unbuffered in-place {how} at the indices (repeated ones accumulate)."
    return scatter


# ---------------------------------------------------------------- building the modules


def _module(name: str, doc: str) -> types.ModuleType:
    m = types.ModuleType(name, doc)
    m.__dict__["__fake__"] = True
    return m


def _build() -> tuple[types.ModuleType, dict[str, types.ModuleType]]:
    cupy = _module("cupy", "A fake CuPy backed by NumPy (tests/engine/fake_cupy.py).")
    for name in _UFUNCS:
        setattr(cupy, name, _function(f"cupy.{name}", getattr(np, name)))
    cupy.abs = _function("cupy.abs", np.absolute)
    for name in _FUNCTIONS:
        setattr(cupy, name, _function(f"cupy.{name}", getattr(np, name)))
    for name in (*_TYPES, *_CONSTANTS):
        setattr(cupy, name, getattr(np, name))
    cupy.ndarray = ndarray
    cupy.asarray = asarray
    cupy.asanyarray = asarray
    cupy.array = array
    cupy.asnumpy = asnumpy
    cupy.get_array_module = get_array_module

    linalg = _module("cupy.linalg", "Fake cupy.linalg.")
    for name in _LINALG:
        setattr(linalg, name, _function(f"cupy.linalg.{name}", getattr(np.linalg, name)))
    random = _module("cupy.random", "Fake cupy.random.")
    random.Generator = Generator
    random.default_rng = default_rng
    random.seed = _LEGACY.seed
    for name in ("rand", "randn", "random", "random_sample", "randint", "uniform", "normal", "permutation"):
        setattr(random, name, _legacy(name))
    runtime = _module("cupy.cuda.runtime", "Fake cupy.cuda.runtime.")
    runtime.getDeviceCount = _get_device_count
    runtime.getDeviceProperties = _get_device_properties
    runtime.CUDARuntimeError = CUDARuntimeError
    memory = _module("cupy.cuda.memory", "Fake cupy.cuda.memory.")
    memory.OutOfMemoryError = OutOfMemoryError
    cuda = _module("cupy.cuda", "Fake cupy.cuda.")
    cuda.runtime, cuda.memory, cuda.Device, cuda.Stream = runtime, memory, Device, Stream
    cuda.is_available = lambda: True
    cuda.get_current_stream = lambda: Stream.null
    cupy.linalg, cupy.random, cupy.cuda = linalg, random, cuda
    cupyx = _module("cupyx", "Fake cupyx.")
    cupyx.scatter_add, cupyx.scatter_max, cupyx.scatter_min = _scatter("add"), _scatter("max"), _scatter("min")
    cupy.__version__ = "0.0.0+fake"
    modules = {
        "cupy": cupy, "cupy.linalg": linalg, "cupy.random": random, "cupy.cuda": cuda,
        "cupy.cuda.runtime": runtime, "cupy.cuda.memory": memory, "cupyx": cupyx,
    }
    return cupy, modules


MODULE, MODULES = _build()


def install(monkeypatch: Any) -> types.ModuleType:
    """Install the fake as ``cupy`` (and ``cupyx``) and make the engine's GPU probe find a fake GPU.

    ``monkeypatch`` (pytest's fixture) puts everything back afterwards.
    """
    from engine import backend

    for name, module in MODULES.items():
        monkeypatch.setitem(sys.modules, name, module)
    probe = backend.GpuProbe(True, FAKE_DEVICE_NAME, None)
    monkeypatch.setattr(backend, "probe_gpu", functools.partial(_fake_probe, probe))
    monkeypatch.delenv("PLAYGROUND_BACKEND", raising=False)
    return MODULE


def _fake_probe(probe: Any, timeout: float = 0.0) -> Any:
    return probe


def is_device(x: Any) -> bool:
    """Whether ``x`` is a fake device array."""
    return type(x) is ndarray
