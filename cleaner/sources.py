"""Inputs for the CLI: files, directories, JSON Lines and stdin, as documents.

Every input becomes a :class:`Document` with its id and ``rel`` (where its
text output goes below ``-o``); one that cannot be read carries ``error``
instead of raising, so a batch goes on past it.  Inputs are only ever read.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "a.txt").write_text("Hello there.")
>>> [(s.doc.id, s.rel) for s in iter_sources([str(root)])]
[('a', 'a.txt')]
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .decode import decode_bytes, kind_from_suffix, sanitize_text, sniff_kind
from .document import Document
from .errors import InputError

STDIN = "-"
MAX_READ_BYTES = 200_000_000  # a JSON Lines file holds many documents: it may be this large
DEFAULT_MAX_BYTES = 20_000_000  # one document (a .txt or .html file, a record)
_UNSAFE_ID_CHARS = re.compile(r"[^\w.@+=-]+", re.U)
_MAX_NAME_BYTES = 180  # a path component of an output name; file systems allow 255


@dataclass
class Source:
    """A document to clean and the relative path of its text output."""

    doc: Document
    rel: str  # POSIX relative path of the output file (suffix .txt), "" when there is nothing to write
    name: str  # what error messages call this input
    path: Path | None = None  # the input file, resolved (None for stdin)


_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


def printable(text: str) -> str:
    """*text* (a path or id) as one line of valid UTF-8: undecodable bytes and control characters escaped.

    >>> printable("caf\\udce9 a\\nb.txt")
    'caf\\\\xe9 a\\\\x0ab.txt'
    """
    if any("\ud800" <= c <= "\udfff" for c in text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") \
            if all("\udc80" <= c <= "\udcff" for c in text if "\ud800" <= c <= "\udfff") \
            else text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _CONTROL_CHARS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _short(part: str) -> str:
    raw = part.encode("utf-8")
    if len(raw) <= _MAX_NAME_BYTES:
        return part
    digest = hashlib.blake2b(raw, digest_size=6).hexdigest()
    return raw[:_MAX_NAME_BYTES - 13].decode("utf-8", "ignore") + "~" + digest


def safe_relative(id_: str) -> str:
    """An output path for a record id that cannot climb out of the output folder.

    >>> safe_relative("../../etc/passwd"), safe_relative("/abs/x"), safe_relative("a b/c"), safe_relative("..")
    ('etc/passwd', 'abs/x', 'a_b/c', '_')
    >>> len(safe_relative("x" * 1000).encode())
    180
    """
    parts = [_UNSAFE_ID_CHARS.sub("_", p).strip(".") for p in PurePosixPath(id_.replace("\\", "/")).parts]
    parts = [_short(p) for p in parts if p and p not in ("_",)]
    return "/".join(parts) or "_"


def _read(path: Path, limit: int, *, regular_only: bool) -> bytes:
    """The bytes of *path*, refusing more than *limit*; never blocks on a FIFO below a folder."""
    st = path.stat()
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a folder")
    if regular_only and not stat.S_ISREG(st.st_mode):
        raise InputError("not a regular file")
    over = f"over the {limit:,}-byte limit (--max-bytes)"
    if st.st_size > limit:
        raise InputError(f"file is {st.st_size:,} bytes, {over}")
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"more than {limit:,} bytes, {over}")
    return data


def _os_problem(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    return (exc.strerror or str(exc)).lower() if exc.strerror else str(exc)


def _records(text: str, name: str, stem: str) -> Iterator[Source]:
    seen: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):  # "\n" only: text may hold U+2028
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as exc:
            why = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
            yield Source(Document(id=f"{stem}:{number}", error=f"not valid JSON ({why})"), "", where)
            continue
        if not isinstance(record, dict):
            yield Source(Document(id=f"{stem}:{number}", error="a JSON Lines record must be an object"), "", where)
            continue
        raw, kind = (record.get("html"), "html") if record.get("html") is not None else (record.get("text"), "text")
        id_ = record.get("id")
        id_ = printable(str(id_)) if isinstance(id_, (str, int)) and not isinstance(id_, bool) and str(id_).strip() \
            else f"{stem}:{number}"
        seen[id_] = seen.get(id_, 0) + 1
        again = "" if seen[id_] == 1 else f"~{seen[id_]}"  # a repeated id never overwrites an output
        if not isinstance(raw, str):
            error = "record has no string 'text' or 'html' field"
            yield Source(Document(id=id_, error=error), "", where)
            continue
        yield Source(Document(id=id_, raw=sanitize_text(raw), kind=kind, source=where),
                     f"{stem}/{safe_relative(id_)}{again}.txt", where)


def _from_text(text: str, kind: str, id_: str, rel_stem: str, name: str, max_bytes: int) -> Iterator[Source]:
    if kind == "jsonl":
        yield from _records(text, name, rel_stem)
    elif len(text) > max_bytes:  # characters, but each is at least one byte
        error = f"{len(text):,} characters, over the {max_bytes:,}-byte limit (--max-bytes)"
        yield Source(Document(id=id_, error=error, source=name), "", name)
    else:
        yield Source(Document(id=id_, raw=text, kind=kind, source=name), f"{rel_stem}.txt", name)


def _from_file(path: Path, rel: PurePosixPath, max_bytes: int, *, in_folder: bool) -> Iterator[Source]:
    name = printable(str(path))
    rel_stem = str(rel.with_suffix("")) if rel.suffix else str(rel)
    stem = printable(rel_stem)
    suffix_kind = kind_from_suffix(path.name)
    limit = max(MAX_READ_BYTES, max_bytes) if suffix_kind == "jsonl" else max_bytes
    try:
        resolved = path.resolve()
        text = decode_bytes(_read(path, limit, regular_only=in_folder))
    except InputError as exc:
        yield Source(Document(id=stem, error=str(exc), source=name), "", name)
        return
    except (OSError, RuntimeError) as exc:  # RuntimeError: Path.resolve() on a symlink loop (Python < 3.13)
        if not isinstance(exc, OSError):
            error = "symbolic link loop"
        else:
            error = "broken symbolic link" if exc.errno == errno.ENOENT and path.is_symlink() else _os_problem(exc)
        yield Source(Document(id=stem, error=error, source=name), "", name)
        return
    kind = suffix_kind or sniff_kind(text)
    for source in _from_text(text, kind, stem, rel_stem, name, max_bytes):
        source.path = resolved
        yield source


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


def iter_sources(srcs: list[str], *, stdin: bytes | None = None, exclude: Path | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Source]:
    """Documents for the CLI's SRC arguments, in order; directories sorted, recursively.

    *exclude* (the output: a folder or a file) is never taken as input when a
    folder is walked.  Text and HTML files over *max_bytes* are refused unread.
    """
    excluded = _identity(exclude)
    for src in srcs:
        if src == STDIN:
            data = stdin if stdin is not None else sys.stdin.buffer.read()
            try:
                text = decode_bytes(data)
            except InputError as exc:
                yield Source(Document(id="stdin", error=str(exc), source="<stdin>"), "", "<stdin>")
                continue
            yield from _from_text(text, sniff_kind(text), "stdin", "stdin", "<stdin>", max_bytes)
            continue
        root = Path(src)
        name = printable(src)
        try:
            is_dir = root.is_dir()
            root.stat()
        except OSError as exc:
            problem = "broken symbolic link" if exc.errno == errno.ENOENT and os.path.islink(root) else _os_problem(exc)
            yield Source(Document(id=name, error=problem, source=name), "", name)
            continue
        if not is_dir:
            yield from _from_file(root, PurePosixPath(root.name), max_bytes, in_folder=False)
            continue
        for item in _walk(root, {excluded} if excluded else set()):
            if isinstance(item, tuple):
                folder, problem = item
                yield Source(Document(id=printable(str(folder)), error=problem), "", printable(str(folder)))
            elif excluded is None or _identity(item) != excluded:
                yield from _from_file(item, PurePosixPath(item.relative_to(root).as_posix()), max_bytes, in_folder=True)
