"""Compressed inputs: a ``.gz`` or ``.zst`` file is read as the file under its suffix.

``pages.jsonl.gz`` is JSON Lines, ``a.html.gz`` HTML, ``dump.txt.zst`` page text: the kind comes
from the name under the compression suffix. Reading decompresses as it goes, so a JSON Lines
file still streams line by line, and the size limit applies to what a file decompresses to,
checked while decompressing: a zip bomb is refused after ``limit + 1`` bytes, never held whole.
A corrupt or truncated archive raises :class:`InputError` with one line saying so.

zstd comes from the standard library's ``compression.zstd`` (Python 3.14+) or its backport,
the ``backports.zstd`` package, with the same API as :mod:`gzip` (a truncated file raises
``EOFError`` there, where the ``zstandard`` package's stream reader returns the data before the
cut without a word).

>>> import gzip, tempfile, pathlib
>>> inner_name("pages.jsonl.gz"), inner_name("a.html"), compression_of("dump.txt.ZST")
('pages.jsonl', 'a.html', 'zstd')
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.txt.gz"
>>> _ = path.write_bytes(gzip.compress(b"Hello there."))
>>> read_decompressed(path, 100)
b'Hello there.'
>>> read_decompressed(path, 5)
Traceback (most recent call last):
cleaner.errors.TooLarge: decompresses to more than 5 bytes, over the 5-byte limit
>>> _ = path.write_bytes(gzip.compress(b"Hello there.")[:-6])
>>> read_decompressed(path, 100)
Traceback (most recent call last):
cleaner.errors.InputError: truncated gzip file (it ends before the end of its compressed data)
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import IO, Any

from ..errors import InputError, TooLarge

SUFFIXES = {".gz": "gzip", ".zst": "zstd"}
_CHUNK = 1 << 20


def compression_of(name: str) -> str | None:
    """``"gzip"`` or ``"zstd"`` when the file name says so, else None."""
    lower = name.lower()
    return next((kind for suffix, kind in SUFFIXES.items() if lower.endswith(suffix)), None)


def inner_name(name: str) -> str:
    """The name under the compression suffix (the name itself when there is none)."""
    return name[: name.rfind(".")] if compression_of(name) else name


def _zstd() -> ModuleType:
    try:
        from compression import zstd  # Python 3.14+
    except ImportError:
        from backports import zstd
    return zstd


@contextmanager
def _plain_errors(kind: str, empty: bool) -> Iterator[None]:
    """Decompression errors as one-line :class:`InputError` (an OSError of the disk itself passes)."""
    corrupt: tuple[type[BaseException], ...] = (gzip.BadGzipFile, zlib.error) if kind == "gzip" else (_zstd().ZstdError,)
    try:
        yield
    except EOFError as exc:
        if empty:
            raise InputError("empty input") from exc
        raise InputError(f"truncated {kind} file (it ends before the end of its compressed data)") from exc
    except corrupt as exc:  # "Error -3 while decompressing data: invalid distance too far back": the last part says it
        raise InputError(f"corrupt {kind} data ({str(exc).rsplit(': ', 1)[-1]})") from exc


class Decompressing:
    """A file read through its decompressor; decompression errors come out as :class:`InputError`."""

    def __init__(self, path: Path) -> None:
        kind = compression_of(path.name)
        if kind is None:
            raise ValueError(f"{path.name} has no compression suffix ({', '.join(SUFFIXES)})")
        self.kind = kind
        self.raw = open(path, "rb")
        self.empty = os.fstat(self.raw.fileno()).st_size == 0
        try:
            self.handle: IO[bytes] = (gzip.GzipFile(fileobj=self.raw, mode="rb") if kind == "gzip"
                                      else _zstd().ZstdFile(self.raw, "rb"))
        except BaseException:
            self.raw.close()
            raise

    def read(self, size: int = -1) -> bytes:
        with _plain_errors(self.kind, self.empty):
            return self.handle.read(size)

    def read1(self, size: int = -1) -> bytes:
        """At most *size* bytes, from one read of the file: what comes before a cut is given before the cut is told."""
        with _plain_errors(self.kind, self.empty):
            return self.handle.read1(size)

    def readline(self, size: int = -1) -> bytes:
        with _plain_errors(self.kind, self.empty):
            return self.handle.readline(size)

    def tell(self) -> int:
        return self.handle.tell()

    def seek(self, offset: int) -> int:
        """Go to *offset* of the decompressed data (forward: decompressing the gap; back: from the start)."""
        with _plain_errors(self.kind, self.empty):
            return self.handle.seek(offset)

    def close(self) -> None:
        try:
            self.handle.close()
        finally:
            self.raw.close()

    def __enter__(self) -> Decompressing:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_MAGIC = ((b"\x1f\x8b", "gzip"), (b"\x28\xb5\x2f\xfd", "zstd"))  # what a gzip member and a zstd frame start with


def compression_in(data: bytes) -> str | None:
    """``"gzip"`` or ``"zstd"`` when *data* starts with their magic bytes (no name to go by: stdin), else None.

    >>> compression_in(gzip.compress(b"Hi")), compression_in(b"Hi")
    ('gzip', None)
    """
    return next((kind for magic, kind in _MAGIC if data.startswith(magic)), None)


def decompress_sniffed(data: bytes, limit: int) -> bytes:
    """*data* decompressed when its first bytes say gzip or zstd (else *data* itself), refused past *limit* bytes.

    >>> decompress_sniffed(gzip.compress(b"Hello there."), 100), decompress_sniffed(b"Hello there.", 5)
    (b'Hello there.', b'Hello there.')
    >>> decompress_sniffed(gzip.compress(b"Hello there."), 5)
    Traceback (most recent call last):
    cleaner.errors.TooLarge: decompresses to more than 5 bytes, over the 5-byte limit
    """
    kind = compression_in(data)
    if kind is None:
        return data
    with _plain_errors(kind, False):
        stream = gzip.GzipFile(fileobj=io.BytesIO(data), mode="rb") if kind == "gzip" else _zstd().ZstdFile(io.BytesIO(data))
        out = stream.read(limit + 1)
    if len(out) > limit:
        raise TooLarge(f"decompresses to more than {limit:,} bytes, over the {limit:,}-byte limit")
    return out


def open_input(path: Path) -> Any:
    """*path* opened for reading bytes: the file itself, or its decompressed content (:class:`Decompressing`)."""
    return Decompressing(path) if compression_of(path.name) else open(path, "rb")


def read_decompressed(path: Path, limit: int) -> bytes:
    """The decompressed bytes of *path*, refused (:class:`TooLarge`) past *limit*, read *limit* + 1 at most."""
    with Decompressing(path) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"decompresses to more than {limit:,} bytes, over the {limit:,}-byte limit")
    return data


_open_span: tuple[Path, Decompressing] | None = None  # the one compressed file read by position, kept open


def _kept(path: Path) -> Decompressing:
    """The kept-open decompressing handle of *path* (the last file read by position; an earlier one is closed)."""
    global _open_span
    if _open_span is None or _open_span[0] != path:
        if _open_span is not None:
            _open_span[1].close()
            _open_span = None
        _open_span = (path, Decompressing(path))
    return _open_span[1]


@contextmanager
def open_at(path: Path, offset: int, *, keep: bool) -> Iterator[Decompressing]:
    """*path*'s decompressed content from *offset* on: a handle of its own (closed after), or with *keep* the one
    kept open between calls, so that reading a file's parts in order decompresses it once (see :func:`read_span`)."""
    if keep:
        handle = _kept(path)
        handle.seek(offset)
        yield handle
        return
    with Decompressing(path) as handle:
        handle.seek(offset)
        yield handle


def read_span(path: Path, offset: int, size: int) -> bytes:
    """*size* bytes at *offset* of *path*'s (decompressed) content: a JSON Lines record read again to be cleaned.

    A compressed file stays open between calls, so reading its records in order decompresses it once;
    an earlier offset starts again from the beginning. Only the last file read is kept open.
    """
    if compression_of(path.name) is None:
        with open(path, "rb") as handle:
            handle.seek(offset)
            return handle.read(size)
    with open_at(path, offset, keep=True) as handle:
        return handle.read(size)
