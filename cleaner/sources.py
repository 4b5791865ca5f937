"""Inputs for the CLI: files, directories, JSON Lines and stdin, as documents.

Every input becomes a :class:`Document` with its id and ``rel`` (where its
text output goes below ``-o``); one that cannot be read carries ``error``
instead of raising, so a batch goes on past it.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "a.txt").write_text("Hello there.")
>>> [(s.doc.id, s.rel) for s in iter_sources([str(root)])]
[('a', 'a.txt')]
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .decode import decode_bytes, kind_from_suffix, sniff_kind
from .document import Document
from .errors import InputError

STDIN = "-"
MAX_READ_BYTES = 200_000_000
_UNSAFE_ID_CHARS = re.compile(r"[^\w.@+=-]+", re.U)


@dataclass
class Source:
    """A document to clean and the relative path of its text output."""

    doc: Document
    rel: str  # POSIX relative path of the output file (suffix .txt)
    name: str  # what error messages call this input


def safe_relative(id_: str) -> str:
    """An output path for a record id that cannot climb out of the output folder.

    >>> safe_relative("../../etc/passwd"), safe_relative("/abs/x"), safe_relative("a b/c")
    ('etc/passwd', 'abs/x', 'a_b/c')
    """
    parts = [_UNSAFE_ID_CHARS.sub("_", p).strip(".") for p in PurePosixPath(id_.replace("\\", "/")).parts]
    parts = [p for p in parts if p and p not in ("_",)]
    return "/".join(parts) or "_"


def _read(path: Path) -> bytes:
    size = path.stat().st_size
    if size > MAX_READ_BYTES:
        raise InputError(f"file is {size:,} bytes, over the {MAX_READ_BYTES:,}-byte read limit")
    return path.read_bytes()


def _records(text: str, name: str, stem: str) -> Iterator[Source]:
    seen: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):  # "\n" only: text may hold U+2028
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            record = json.loads(line)
        except ValueError as exc:
            yield Source(Document(id=f"{stem}:{number}", error=f"not valid JSON ({exc.msg})"), "", where)
            continue
        if not isinstance(record, dict):
            yield Source(Document(id=f"{stem}:{number}", error="a JSON Lines record must be an object"), "", where)
            continue
        raw, kind = (record.get("html"), "html") if record.get("html") is not None else (record.get("text"), "text")
        id_ = record.get("id")
        id_ = str(id_) if isinstance(id_, (str, int)) and str(id_).strip() else f"{stem}:{number}"
        seen[id_] = seen.get(id_, 0) + 1
        rel_id = id_ if seen[id_] == 1 else f"{id_}~{seen[id_]}"  # a repeated id never overwrites an output
        if not isinstance(raw, str):
            error = "record has no string 'text' or 'html' field"
            yield Source(Document(id=id_, error=error), "", where)
            continue
        yield Source(Document(id=id_, raw=raw, kind=kind, source=where),
                     f"{stem}/{safe_relative(rel_id)}.txt", where)


def _from_text(text: str, kind: str, id_: str, rel_stem: str, name: str) -> Iterator[Source]:
    if kind == "jsonl":
        yield from _records(text, name, rel_stem)
    else:
        yield Source(Document(id=id_, raw=text, kind=kind, source=name), f"{rel_stem}.txt", name)


def _from_file(path: Path, rel: PurePosixPath) -> Iterator[Source]:
    name = str(path)
    stem = str(rel.with_suffix("")) if rel.suffix else str(rel)
    try:
        text = decode_bytes(_read(path))
    except InputError as exc:
        yield Source(Document(id=stem, error=str(exc), source=name), "", name)
        return
    except OSError as exc:
        yield Source(Document(id=stem, error=exc.strerror or str(exc), source=name), "", name)
        return
    kind = kind_from_suffix(path.name) or sniff_kind(text)
    yield from _from_text(text, kind, stem, stem, name)


def _walk(root: Path) -> Iterator[Path]:
    """Files below *root* in sorted path order, following no symlink loops."""
    seen: set[tuple[int, int]] = set()
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
            yield folder / f"\0{exc.strerror}"
            continue
        subdirs = []
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_dir():
                    subdirs.append(path)
                elif kind_from_suffix(entry.name):
                    yield path
            except OSError:
                yield path
        stack.extend(reversed(subdirs))


def iter_sources(srcs: list[str], *, stdin: bytes | None = None, exclude: Path | None = None) -> Iterator[Source]:
    """Documents for the CLI's SRC arguments, in order; directories sorted, recursively.

    *exclude* is a folder (the output) whose files are never taken as input.
    """
    for src in srcs:
        if src == STDIN:
            data = stdin if stdin is not None else sys.stdin.buffer.read()
            try:
                text = decode_bytes(data)
            except InputError as exc:
                yield Source(Document(id="stdin", error=str(exc), source="<stdin>"), "", "<stdin>")
                continue
            yield from _from_text(text, sniff_kind(text), "stdin", "stdin", "<stdin>")
            continue
        root = Path(src)
        if not root.exists():
            yield Source(Document(id=src, error="no such file or directory", source=src), "", src)
        elif root.is_dir():
            excluded = exclude.resolve() if exclude else None
            for path in _walk(root):
                if path.name.startswith("\0"):
                    yield Source(Document(id=str(path.parent), error=path.name[1:]), "", str(path.parent))
                    continue
                if excluded is not None and (excluded == path.resolve().parent or excluded in path.resolve().parents):
                    continue
                yield from _from_file(path, PurePosixPath(path.relative_to(root).as_posix()))
        else:
            yield from _from_file(root, PurePosixPath(root.name))
