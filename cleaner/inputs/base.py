"""What every input reader builds on: the :class:`Source` it yields, and the size-checked file read.

A :class:`Source` is one input to clean, as the CLI sees it before reading it. A source knows its id,
where its text output goes and how to load its content, not the content: it is read and decoded only when :meth:`Source.load`
is called, just before it is cleaned.

>>> Source("a", "a.txt", "a.txt", loader=lambda: ("Hello there.", "text")).load().raw
'Hello there.'
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..document import Document
from ..errors import InputError, TooLarge
from .compressed import compression_of, read_decompressed

SKIPPED = "skipped"  # the error_kind of an input record that holds no document (a WARC request, a 404 page): counted, not failed
Loader = Callable[[], tuple[str, str]]  # the raw text of a document and its kind ("text" or "html")


@dataclass
class Source:
    """One input to clean: its id, the relative path of its text output, and how to load it."""

    id: str
    rel: str  # POSIX relative path of the output file (suffix .txt), "" when there is nothing to write
    name: str  # what error messages call this input
    path: Path | None = None  # the input file, resolved (None for stdin)
    error: str = ""  # why it cannot be cleaned, as far as is known without loading it
    error_kind: str = "input"  # what kind of problem ``error`` is ("too_large": over the size limit)
    loader: Loader | None = None  # reads and decodes the content (raises InputError)
    checked: bool = False  # whether ``error`` is final (no load could still fail)
    url: str = ""  # where the page was published, when the input says (a JSON Lines "url", a WARC target URI)

    def __post_init__(self) -> None:
        self.checked = self.checked or bool(self.error) or self.loader is None

    def load(self) -> Document:
        """The document to clean, read and decoded now; an unreadable input gives one with ``error``."""
        if self.error or self.loader is None:
            return Document(id=self.id, error=self.error or "nothing to read", error_kind=self.error_kind, source=self.name)
        try:
            raw, kind = self.loader()
        except InputError as exc:
            self.error, self.error_kind, self.checked = str(exc), exc.kind, True
            return Document(id=self.id, error=self.error, error_kind=self.error_kind, source=self.name)
        return Document(id=self.id, raw=raw, kind=kind, source=self.name, url=self.url)

    def probe(self) -> str:
        """Whether it can be loaded: ``error`` made final (a file is read and decoded, then let go)."""
        if not self.checked:
            self.load()
            self.checked = True
        return self.error


def check_stat(st: os.stat_result, limit: int | None, *, regular_only: bool) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a folder")
    if regular_only and not stat.S_ISREG(st.st_mode):
        raise InputError("not a regular file")
    if limit is not None and st.st_size > limit:
        raise TooLarge(f"file is {st.st_size:,} bytes, over the {limit:,}-byte limit")


def read_limited(path: Path, limit: int, *, regular_only: bool) -> bytes:
    """The bytes of *path* (decompressed), refusing more than *limit*; never blocks on a FIFO below a folder."""
    compressed = compression_of(path.name) is not None
    check_stat(path.stat(), None if compressed else limit, regular_only=regular_only)
    if compressed:
        return read_decompressed(path, limit)
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"more than {limit:,} bytes, over the {limit:,}-byte limit")
    return data


def describe_os_error(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    return (exc.strerror or str(exc)).lower() if exc.strerror else str(exc)


def describe_read_error(exc: OSError | RuntimeError, path: Path) -> str:
    """One line for an error met reading *path*; RuntimeError: Path.resolve() on a symlink loop (Python < 3.13)."""
    if not isinstance(exc, OSError):
        return "symbolic link loop"
    return "broken symbolic link" if exc.errno == errno.ENOENT and os.path.islink(path) else describe_os_error(exc)
