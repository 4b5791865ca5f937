"""Inputs for the CLI: files, directories, JSON Lines and stdin, as sources to load one at a time.

Every input becomes a :class:`Source`: its id, ``rel`` (where its text output
goes below ``-o``), and how to load its content, not the content: a file is
read and decoded only when :meth:`Source.load` is called, just before it is
cleaned, and a JSON Lines file is read line by line, so a batch of any size
streams.  An input that cannot be read carries ``error`` instead of raising,
so a batch goes on past it.  Inputs are only ever read.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "a.txt").write_text("Hello there.")
>>> [(s.id, s.rel, s.load().raw) for s in iter_sources([str(root)])]
[('a', 'a.txt', 'Hello there.')]
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from .compressed import compression_of, inner_name, open_input, read_decompressed, read_span
from .decode import decode_bytes, kind_from_suffix, sanitize_text, sniff_kind
from .errors import InputError, TooLarge
from .names import printable, safe_relative
from .options import DEFAULT_MAX_BYTES
from .source import Source
from .warc import warc_sources

STDIN = "-"
MAX_READ_BYTES = 200_000_000  # a JSON Lines file that must be decoded whole (UTF-16, say) may be this large
LINE_BYTES_PER_DOCUMENT_BYTE = 4  # a JSON Lines line may be this many times the document limit (escapes make text longer)
_SNIFF_BYTES = 4096
_NOT_PLAIN_UTF8 = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")  # NUL or control bytes: UTF-16/32 or binary
_NO_TEXT = "record has no string 'text' or 'html' field"

def _check_stat(st: os.stat_result, limit: int | None, *, regular_only: bool) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a folder")
    if regular_only and not stat.S_ISREG(st.st_mode):
        raise InputError("not a regular file")
    if limit is not None and st.st_size > limit:
        raise TooLarge(f"file is {st.st_size:,} bytes, over the {limit:,}-byte limit")


def _read(path: Path, limit: int, *, regular_only: bool) -> bytes:
    """The bytes of *path* (decompressed), refusing more than *limit*; never blocks on a FIFO below a folder."""
    compressed = compression_of(path.name) is not None
    _check_stat(path.stat(), None if compressed else limit, regular_only=regular_only)
    if compressed:
        return read_decompressed(path, limit)
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"more than {limit:,} bytes, over the {limit:,}-byte limit")
    return data


def _os_problem(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    return (exc.strerror or str(exc)).lower() if exc.strerror else str(exc)


def _problem(exc: OSError | RuntimeError, path: Path) -> str:
    """One line for an error met reading *path*; RuntimeError: Path.resolve() on a symlink loop (Python < 3.13)."""
    if not isinstance(exc, OSError):
        return "symbolic link loop"
    return "broken symbolic link" if exc.errno == errno.ENOENT and os.path.islink(path) else _os_problem(exc)


def _load_file(path: Path, kind: str | None, max_bytes: int, regular_only: bool) -> tuple[str, str]:
    try:
        text = decode_bytes(_read(path, max_bytes, regular_only=regular_only))
    except (OSError, RuntimeError) as exc:
        raise InputError(_problem(exc, path)) from exc
    return text, kind or sniff_kind(text)


def _parse(line: str) -> tuple[str, dict[str, Any]]:
    """A JSON Lines record, or why it is not one."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:
        why = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        return f"not valid JSON ({why})", {}
    if not isinstance(record, dict):
        return "a JSON Lines record must be an object", {}
    return "", record


def _content(record: dict[str, Any]) -> tuple[Any, str]:
    return (record.get("html"), "html") if record.get("html") is not None else (record.get("text"), "text")


def _record_source(line: str, number: int, name: str, stem: str, seen: dict[str, int]) -> Source:
    """What the CLI needs to know of one record before cleaning: its id, output name, any error (not its text)."""
    where = f"{name}:{number}"
    error, record = _parse(sanitize_text(line))
    if error:
        return Source(f"{stem}:{number}", "", where, error=error)
    id_ = record.get("id")
    id_ = printable(str(id_)) if isinstance(id_, (str, int)) and not isinstance(id_, bool) and str(id_).strip() \
        else f"{stem}:{number}"
    seen[id_] = seen.get(id_, 0) + 1
    again = "" if seen[id_] == 1 else f"~{seen[id_]}"  # a repeated id never overwrites an output
    if not isinstance(_content(record)[0], str):
        return Source(id_, "", where, error=_NO_TEXT)
    url = record.get("url")
    if url is not None and not isinstance(url, str):
        return Source(id_, "", where, error="record's 'url' field is not a string")
    return Source(id_, f"{stem}/{safe_relative(id_)}{again}.txt", where, checked=True, url=printable((url or "").strip()))


def _record_content(line: str) -> tuple[str, str]:
    error, record = _parse(sanitize_text(line))
    raw, kind = _content(record)
    if error or not isinstance(raw, str):
        raise InputError("the record changed since it was first read")
    return sanitize_text(raw), kind


def _load_record_line(path: Path, offset: int, size: int) -> tuple[str, str]:
    """One record of a JSON Lines file, read from disk again (by position) when it is about to be cleaned."""
    try:
        data = read_span(path, offset, size)
        return _record_content(data.removeprefix(codecs.BOM_UTF8 if offset == 0 else b"").decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("the file changed since it was first read") from exc


def _load_text_slice(text: str, start: int, end: int) -> tuple[str, str]:
    return _record_content(text[start:end])


def _text_records(text: str, name: str, stem: str) -> Iterator[Source]:
    """The records of JSON Lines already in memory (stdin), split on "\\n" only: text may hold U+2028."""
    seen: dict[str, int] = {}
    start, number = 0, 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        number += 1
        if text[start:end].strip():
            source = _record_source(text[start:end], number, name, stem, seen)
            if not source.error:
                source.loader = partial(_load_text_slice, text, start, end)
            yield source
        start = end + 1


def _file_records(path: Path, name: str, stem: str, max_bytes: int, *, in_folder: bool) -> Iterator[Source]:
    """The records of a JSON Lines file, read line by line (split on b"\\n" only, each line UTF-8).

    Only ids and output names are kept; a record's text is read again when it is loaded.
    A file that is not plain UTF-8 (UTF-16, binary) is decoded whole, as a text file is.
    """
    limit = LINE_BYTES_PER_DOCUMENT_BYTE * max_bytes
    with open_input(path) as handle:
        head = handle.read(_SNIFF_BYTES)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _NOT_PLAIN_UTF8.search(head):
            yield from _text_records(decode_bytes(_read(path, max(MAX_READ_BYTES, max_bytes), regular_only=in_folder)),
                                     name, stem)
            return
        handle.seek(0)
        seen: dict[str, int] = {}
        offset, number, empty = 0, 0, True
        while line := handle.readline(limit + 1):
            number, start = number + 1, offset
            offset += len(line)
            where = f"{name}:{number}"
            if len(line) > limit:  # not read whole: skipped to its end
                while not line.endswith(b"\n") and (line := handle.readline(1 << 20)):
                    offset += len(line)
                yield Source(f"{stem}:{number}", "", where, error_kind="too_large",
                             error=f"line over {limit:,} bytes, too long for one record ({LINE_BYTES_PER_DOCUMENT_BYTE} x the limit)")
                empty = False
                continue
            try:
                text = line.removeprefix(codecs.BOM_UTF8 if start == 0 else b"").decode("utf-8")
            except UnicodeDecodeError:
                yield Source(f"{stem}:{number}", "", where, error="not valid UTF-8")
                empty = False
                continue
            if not text.strip():
                continue
            empty = False
            source = _record_source(text, number, name, stem, seen)
            if not source.error:
                source.loader = partial(_load_record_line, path, start, len(line))
            yield source
        if empty:
            yield Source(stem, "", name, error="empty input")


def _from_file(path: Path, rel: PurePosixPath, max_bytes: int, *, in_folder: bool) -> Iterator[Source]:
    """The source(s) of one file: looked at (stat) now, read when loaded; JSON Lines read for ids only."""
    name = printable(str(path))
    rel = rel.with_name(inner_name(rel.name))  # pages.jsonl.gz: pages
    rel_stem = str(rel.with_suffix("")) if rel.suffix else str(rel)
    stem = printable(rel_stem)
    kind = kind_from_suffix(path.name)
    try:
        resolved = path.resolve()
        whole = kind not in ("jsonl", "warc") and not compression_of(path.name)  # else: limits apply as it is read
        _check_stat(path.stat(), max_bytes if whole else None, regular_only=in_folder)
        if kind is None:  # nothing in the name says what it is: look now (it is at most max_bytes)
            text = decode_bytes(_read(path, max_bytes, regular_only=in_folder))
            kind = sniff_kind(text)
            records = _text_records(text, name, stem) if kind == "jsonl" else iter(())
            del text
        elif kind == "jsonl":
            records = _file_records(path, name, stem, max_bytes, in_folder=in_folder)
        elif kind == "warc":
            records = warc_sources(path, name, stem, max_bytes)
        if kind in ("jsonl", "warc"):
            for source in records:
                source.path = resolved
                yield source
            return
    except InputError as exc:
        yield Source(stem, "", name, error=str(exc), error_kind=exc.kind)
        return
    except (OSError, RuntimeError) as exc:
        yield Source(stem, "", name, error=_problem(exc, path))
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
            yield folder, _os_problem(exc)
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


def _identity(path: Path | None) -> tuple[int, int] | None:
    try:
        st = path.stat() if path is not None else None
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if st is not None else None


def _stdin_sources(data: bytes, max_bytes: int) -> Iterator[Source]:
    """stdin is one stream: read whole (by the caller) and decoded here."""
    name = "<stdin>"
    try:
        text = decode_bytes(data)
    except InputError as exc:
        yield Source("stdin", "", name, error=str(exc))
        return
    kind = sniff_kind(text)
    if kind == "jsonl":
        yield from _text_records(text, name, "stdin")
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
    return _iter_sources(srcs, stdin, _identity(exclude), max_bytes)


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
                yield from _from_file(found.path, found.rel, max_bytes, in_folder=found.in_folder)


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
        yield Listed(name=printable(src), error=_problem(exc, root))
        return
    if not is_dir:
        yield Listed(root, PurePosixPath(root.name))
        return
    for item in _walk(root, {excluded} if excluded else set()):
        if isinstance(item, tuple):
            folder, problem = item
            yield Listed(name=printable(str(folder)), error=problem)
        elif excluded is None or _identity(item) != excluded:
            yield Listed(item, PurePosixPath(item.relative_to(root).as_posix()), in_folder=True)
