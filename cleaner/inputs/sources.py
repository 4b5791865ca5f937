"""Inputs for the CLI: files, directories and stdin, as sources to load one at a time.

Every input becomes a :class:`Source`: its id, ``rel`` (where its text output
goes below ``-o``), and how to load its content, not the content: a file is
read and decoded only when :meth:`Source.load` is called, just before it is
cleaned, and a container (JSON Lines, WARC: :mod:`cleaner.inputs.kinds`) is read record by
record by its reader, so a batch of any size streams.  An input that cannot be read carries ``error`` instead of raising,
so a batch goes on past it.  Inputs are only ever read.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "a.txt").write_text("Hello there.")
>>> [(s.id, s.rel, s.load().raw) for s in iter_sources([str(root)])]
[('a', 'a.txt', 'Hello there.')]
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from ..errors import InputError
from ..options import DEFAULT_MAX_BYTES
from .base import Source, check_stat, describe_os_error, describe_read_error, read_limited
from .compressed import compression_of, decompress_sniffed, inner_name
from .decode import decode_bytes, sniff_kind
from .jsonl import text_records
from .kinds import is_container, kind_from_suffix, reader
from .names import printable

STDIN = "-"


def _load_file(path: Path, kind: str | None, max_bytes: int, regular_only: bool) -> tuple[str, str]:
    try:
        text = decode_bytes(read_limited(path, max_bytes, regular_only=regular_only))
    except (OSError, RuntimeError) as exc:
        raise InputError(describe_read_error(exc, path)) from exc
    return text, kind or sniff_kind(text)


def from_file(path: Path, rel: PurePosixPath, max_bytes: int, *, in_folder: bool) -> Iterator[Source]:
    """The source(s) of one file: looked at (stat) now, read when loaded; JSON Lines read for ids only."""
    name = printable(str(path))
    rel = rel.with_name(inner_name(rel.name))  # pages.jsonl.gz: pages
    rel_stem = str(rel.with_suffix("")) if rel.suffix else str(rel)
    stem = printable(rel_stem)
    kind = kind_from_suffix(path.name)
    try:
        resolved = path.resolve()
        whole = not is_container(kind) and not compression_of(path.name)  # else: limits apply as it is read
        check_stat(path.stat(), max_bytes if whole else None, regular_only=in_folder)
        if kind is None:  # nothing in the name says what it is: look now (it is at most max_bytes)
            text = decode_bytes(read_limited(path, max_bytes, regular_only=in_folder))
            kind = sniff_kind(text)
            records = text_records(text, name, stem) if kind == "jsonl" else iter(())
            del text
        elif is_container(kind):
            records = reader(kind)(path, name, stem, max_bytes, in_folder)
        if is_container(kind):
            for source in records:
                source.path = resolved
                yield source
            return
    except InputError as exc:
        yield Source(stem, "", name, error=str(exc), error_kind=exc.kind)
        return
    except (OSError, RuntimeError) as exc:
        yield Source(stem, "", name, error=describe_read_error(exc, path))
        return
    yield Source(stem, f"{rel_stem}.txt", name, path=resolved,
                 loader=partial(_load_file, path, kind, max_bytes, in_folder))


def _walk(root: Path, skip: set[tuple[int, int]]) -> Iterator[Path | tuple[Path, str]]:
    """Files below *root* in sorted path order, following no symlink loops, not entering *skip* folders.

    A folder that cannot be listed comes out as ``(folder, problem)``.
    """
    seen: set[tuple[int, int]] = set(skip)
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield folder, describe_os_error(exc)
            continue
        subdirs = []
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                subdirs.append(path)
            elif kind_from_suffix(entry.name):
                yield path
        stack.extend(reversed(subdirs))


def identity(path: Path | None) -> tuple[int, int] | None:
    try:
        st = path.stat() if path is not None else None
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if st is not None else None


def _stdin_sources(data: bytes, max_bytes: int) -> Iterator[Source]:
    """stdin is one stream: read whole (by the caller), decompressed when it is gzip or zstd (known by its first
    bytes; at most *max_bytes* of it), and decoded here."""
    name = "<stdin>"
    try:
        text = decode_bytes(decompress_sniffed(data, max_bytes))
    except InputError as exc:
        yield Source("stdin", "", name, error=str(exc), error_kind=exc.kind)
        return
    kind = sniff_kind(text)
    if kind == "jsonl":
        yield from text_records(text, name, "stdin")
    elif len(text) > max_bytes:  # characters, but each is at least one byte
        yield Source("stdin", "", name, error_kind="too_large",
                     error=f"{len(text):,} characters, over the {max_bytes:,}-byte limit")
    else:
        yield Source("stdin", "stdin.txt", name, loader=lambda: (text, kind), checked=True)


def iter_sources(srcs: list[str], *, stdin: bytes | None = None, exclude: Path | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Source]:
    """Sources for the CLI's SRC arguments, in order; directories sorted, recursively; lazily.

    *exclude* (the output: a folder or a file, as it is when this is called) is never taken
    as input when a folder is walked.  Text and HTML files over *max_bytes* are refused unread.
    """
    return _iter_sources(srcs, stdin, identity(exclude), max_bytes)


def _iter_sources(srcs: list[str], stdin: bytes | None, excluded: tuple[int, int] | None,
                  max_bytes: int) -> Iterator[Source]:
    for src in srcs:
        if src == STDIN:
            yield from _stdin_sources(stdin if stdin is not None else sys.stdin.buffer.read(), max_bytes)
            continue
        for found in list_files(src, excluded):
            if found.error:
                yield Source(found.name, "", found.name, error=found.error)
            else:
                yield from from_file(found.path, found.rel, max_bytes, in_folder=found.in_folder)


class Listed(NamedTuple):
    """A file a SRC names (its path, its name relative to the SRC, whether a folder walk found it),
    or a path that cannot be read (its printable name and why)."""

    path: Path = Path()
    rel: PurePosixPath = PurePosixPath()
    in_folder: bool = False
    name: str = ""
    error: str = ""


def list_files(src: str, excluded: tuple[int, int] | None = None) -> Iterator[Listed]:
    """The files of one SRC path (a file, or a folder walked in order), without reading them; the
    local engine (:func:`iter_sources`) and the Ray driver (:func:`cleaner.ray_io.list_inputs`) both list with it."""
    root = Path(src)
    try:
        is_dir = root.is_dir()
        root.stat()
    except OSError as exc:
        yield Listed(name=printable(src), error=describe_read_error(exc, root))
        return
    if not is_dir:
        yield Listed(root, PurePosixPath(root.name))
        return
    for item in _walk(root, {excluded} if excluded else set()):
        if isinstance(item, tuple):
            folder, problem = item
            yield Listed(name=printable(str(folder)), error=problem)
        elif excluded is None or identity(item) != excluded:
            yield Listed(item, PurePosixPath(item.relative_to(root).as_posix()), in_folder=True)
