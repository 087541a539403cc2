"""Reading IDX files (the MNIST format), gzip-compressed or raw, with every check a hostile file needs.

Layout: two zero bytes, a type code, the number of dimensions ``d``, then ``d``
big-endian uint32 sizes, then the values in big-endian C order.
"""

from __future__ import annotations

import math
import os
import struct
import zlib
from pathlib import Path

import numpy as np

from engine import catalog
from engine.errors import DataError

GZIP_MAGIC = b"\x1f\x8b"
MAX_ELEMENTS = 2_000_000_000

# type code -> big-endian numpy dtype
IDX_TYPES: dict[int, np.dtype] = {
    0x08: np.dtype(">u1"),
    0x09: np.dtype(">i1"),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


class _Source:
    """The content of an IDX file, read or decompressed on demand and never beyond what is asked for."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with open(path, "rb") as fh:
                self.gzip = fh.read(2) == GZIP_MAGIC
                fh.seek(0)
                # a gzip file is read whole (it is small); a raw one is read lazily below
                self.data = fh.read() if self.gzip else b""
        except FileNotFoundError:
            raise DataError(f"IDX file '{path}' does not exist") from None
        except IsADirectoryError:
            raise DataError(f"'{path}' is a folder, not an IDX file") from None
        except OSError as exc:
            raise DataError(f"cannot read IDX file '{path}': {exc.strerror or exc}") from None
        self.pos = 0  # raw files: read position
        self.tail = self.data  # gzip: compressed bytes not yet decompressed
        self.inflater = zlib.decompressobj(wbits=31)

    def read(self, n: int) -> bytes:
        """Up to ``n`` more bytes of content (fewer only at the end of the file)."""
        try:
            return self._inflate(n) if self.gzip else self._read_raw(n)
        except zlib.error as exc:
            raise DataError(f"IDX file '{self.path}' is damaged: {exc}") from None
        except OSError as exc:
            raise DataError(f"cannot read IDX file '{self.path}': {exc.strerror or exc}") from None
        except MemoryError:
            raise DataError(f"not enough memory to read IDX file '{self.path}'") from None

    def _read_raw(self, n: int) -> bytes:
        with open(self.path, "rb") as fh:
            fh.seek(self.pos)
            left = os.fstat(fh.fileno()).st_size - self.pos
            chunk = fh.read(max(0, min(n, left)))
        self.pos += len(chunk)
        return chunk

    def _inflate(self, n: int) -> bytes:
        parts: list[bytes] = []
        got = 0
        while got < n and self.tail:
            part = self.inflater.decompress(self.tail, n - got)
            got += len(part)
            parts.append(part)
            if self.inflater.eof:  # the next gzip member, if any
                self.tail = self.inflater.unused_data
                self.inflater = zlib.decompressobj(wbits=31)
            else:
                self.tail = self.inflater.unconsumed_tail
                if not part and not self.tail:
                    break
        return parts[0] if len(parts) == 1 else b"".join(parts)


def _read_header(src: _Source) -> tuple[np.dtype, tuple[int, ...]]:
    path = src.path
    magic = src.read(4)
    if len(magic) < 4 or magic[0] != 0 or magic[1] != 0:
        raise DataError(f"'{path}' is not an IDX file (it does not start with the IDX magic number)")
    code, ndim = magic[2], magic[3]
    if code not in IDX_TYPES:
        raise DataError(f"IDX file '{path}' has an unknown value type code 0x{code:02X}")
    if ndim == 0:
        raise DataError(f"IDX file '{path}' declares no dimensions")
    raw_dims = src.read(4 * ndim)
    if len(raw_dims) < 4 * ndim:
        raise DataError(f"IDX file '{path}' is truncated inside its header")
    dims = struct.unpack(f">{ndim}I", raw_dims)
    dtype = IDX_TYPES[code]
    count = math.prod(dims)
    if count > MAX_ELEMENTS or count * dtype.itemsize > catalog.MAX_MEMORY_BYTES:
        shape = " x ".join(str(d) for d in dims)
        raise DataError(f"IDX file '{path}' declares an absurd size ({shape} values); refusing to read it")
    return dtype, dims


def read_idx_header(path: Path) -> tuple[np.dtype, tuple[int, ...]]:
    """The value type and the dimensions of an IDX file, decompressing only its header."""
    return _read_header(_Source(Path(path)))


def read_idx(path: Path) -> np.ndarray:
    """Read a whole IDX file (gzip or raw) into a read-only native-endian array; any defect is a DataError."""
    src = _Source(Path(path))
    dtype, dims = _read_header(src)
    count = math.prod(dims)
    size = count * dtype.itemsize
    data = src.read(size + 1)
    if len(data) < size:
        raise DataError(f"IDX file '{path}' is truncated: it declares {size} data bytes, holds {len(data)}")
    if len(data) > size:
        raise DataError(f"IDX file '{path}' has more data than its header declares")
    array = np.frombuffer(data, dtype=dtype, count=count).reshape(dims)
    if dtype.byteorder not in "|=":
        array = array.astype(dtype.newbyteorder("="))
    array.flags.writeable = False
    return array
