"""JSON Lines input: one record a line, split on "\\n" only, read line by line so a file of any size streams.

A record is an object with ``text`` or ``html`` and optionally ``id`` and ``url``; only its id and output
name are kept when the file is listed, and its text is read again (by position) when it is cleaned.

>>> [(s.id, s.rel, s.load().raw) for s in text_records('{"id": "a", "text": "Hi."}\\n{"text": "Yo."}', "x", "x")]
[('a', 'x/a.txt', 'Hi.'), ('x:2', 'x/x_2.txt', 'Yo.')]
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from ..errors import InputError
from .base import Source, read_limited
from .compressed import open_input, read_span
from .decode import decode_bytes, sanitize_text
from .names import printable, safe_relative

MAX_READ_BYTES = 200_000_000  # a JSON Lines file that must be decoded whole (UTF-16, say) may be this large
LINE_BYTES_PER_DOCUMENT_BYTE = 4  # a JSON Lines line may be this many times the document limit (escapes make text longer)
_SNIFF_BYTES = 4096
_NOT_PLAIN_UTF8 = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")  # NUL or control bytes: UTF-16/32 or binary
_NO_TEXT = "record has no string 'text' or 'html' field"


def parse_record(line: str) -> tuple[str, dict[str, Any]]:
    """A JSON Lines record, or why it is not one."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:
        why = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        return f"not valid JSON ({why})", {}
    if not isinstance(record, dict):
        return "a JSON Lines record must be an object", {}
    return "", record


def record_content(record: dict[str, Any]) -> tuple[Any, str]:
    return (record.get("html"), "html") if record.get("html") is not None else (record.get("text"), "text")


def record_source(line: str, number: int, name: str, stem: str, seen: dict[str, int]) -> Source:
    """What the CLI needs to know of one record before cleaning: its id, output name, any error (not its text)."""
    where = f"{name}:{number}"
    error, record = parse_record(sanitize_text(line))
    if error:
        return Source(f"{stem}:{number}", "", where, error=error)
    id_ = record.get("id")
    id_ = printable(str(id_)) if isinstance(id_, (str, int)) and not isinstance(id_, bool) and str(id_).strip() \
        else f"{stem}:{number}"
    seen[id_] = seen.get(id_, 0) + 1
    again = "" if seen[id_] == 1 else f"~{seen[id_]}"  # a repeated id never overwrites an output
    if not isinstance(record_content(record)[0], str):
        return Source(id_, "", where, error=_NO_TEXT)
    url = record.get("url")
    if url is not None and not isinstance(url, str):
        return Source(id_, "", where, error="record's 'url' field is not a string")
    return Source(id_, f"{stem}/{safe_relative(id_)}{again}.txt", where, checked=True, url=printable((url or "").strip()))


def _reread_record(line: str) -> tuple[str, str]:
    error, record = parse_record(sanitize_text(line))
    raw, kind = record_content(record)
    if error or not isinstance(raw, str):
        raise InputError("the record changed since it was first read")
    return sanitize_text(raw), kind


def _load_record_line(path: Path, offset: int, size: int) -> tuple[str, str]:
    """One record of a JSON Lines file, read from disk again (by position) when it is about to be cleaned."""
    try:
        data = read_span(path, offset, size)
        return _reread_record(data.removeprefix(codecs.BOM_UTF8 if offset == 0 else b"").decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("the file changed since it was first read") from exc


def _load_text_slice(text: str, start: int, end: int) -> tuple[str, str]:
    return _reread_record(text[start:end])


def text_records(text: str, name: str, stem: str) -> Iterator[Source]:
    """The records of JSON Lines already in memory (stdin), split on "\\n" only: text may hold U+2028."""
    seen: dict[str, int] = {}
    start, number = 0, 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        number += 1
        if text[start:end].strip():
            source = record_source(text[start:end], number, name, stem, seen)
            if not source.error:
                source.loader = partial(_load_text_slice, text, start, end)
            yield source
        start = end + 1


def file_records(path: Path, name: str, stem: str, max_bytes: int, *, in_folder: bool) -> Iterator[Source]:
    """The records of a JSON Lines file, read line by line (split on b"\\n" only, each line UTF-8).

    Only ids and output names are kept; a record's text is read again when it is loaded.
    A file that is not plain UTF-8 (UTF-16, binary) is decoded whole, as a text file is.
    """
    limit = LINE_BYTES_PER_DOCUMENT_BYTE * max_bytes
    with open_input(path) as handle:
        head = handle.read(_SNIFF_BYTES)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _NOT_PLAIN_UTF8.search(head):
            yield from text_records(decode_bytes(read_limited(path, max(MAX_READ_BYTES, max_bytes), regular_only=in_folder)),
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
            source = record_source(text, number, name, stem, seen)
            if not source.error:
                source.loader = partial(_load_record_line, path, start, len(line))
            yield source
        if empty:
            yield Source(stem, "", name, error="empty input")
