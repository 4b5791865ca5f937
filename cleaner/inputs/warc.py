"""WARC files (``.warc``, ``.warc.gz``): each HTML response record becomes one document.

A ``response`` record with a 2xx HTTP status and an HTML content type (``text/html``,
``application/xhtml+xml``) is one document: its id is the record's ``WARC-Record-ID`` (or
``FILE:OFFSET`` when it has none), its ``url`` the record's ``WARC-Target-URI``. Every other record
(requests, metadata, revisits, redirects, images, PDFs) is skipped. Records are read with warcio.

As with JSON Lines, listing a file keeps only each record's offset, id and url; its content is
read again (by offset) just before it is cleaned. A malformed or truncated record is one error
named ``FILE:OFFSET``, and reading goes on at the next record found after it.

>>> import io, tempfile, pathlib
>>> from warcio.warcwriter import WARCWriter
>>> from warcio.statusandheaders import StatusAndHeaders
>>> path = pathlib.Path(tempfile.mkdtemp()) / "crawl.warc.gz"
>>> with open(path, "wb") as handle:
...     writer = WARCWriter(handle, gzip=True)
...     http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
...     record = writer.create_warc_record("https://example.com/a", "response", http_headers=http,
...                                        payload=io.BytesIO(b"<html><body><p>Hello there.</p></body></html>"))
...     _ = record.rec_headers.replace_header("WARC-Record-ID", "<urn:uuid:0000-a>")
...     writer.write_record(record)
>>> [(s.id, s.url, s.load().raw) for s in warc_sources(path, "crawl.warc.gz", "crawl", 1000)]
[('urn:uuid:0000-a', 'https://example.com/a', '<html><body><p>Hello there.</p></body></html>')]
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from ..errors import InputError, TooLarge
from .base import Source
from .compressed import compression_of
from .decode import decode_bytes
from .names import printable, safe_relative

HTML_TYPES = ("text/html", "application/xhtml+xml")
_RECORD_START = {None: re.compile(rb"(?:^|\n)(WARC/1\.[01]\r?\n)"), "gzip": re.compile(rb"\x1f\x8b\x08")}
_SCAN = 1 << 20


def _iterator(handle: Any) -> Any:
    """warcio's record iterator, its own warnings on stderr silenced (problems are ours to tell, in one line)."""
    from warcio.archiveiterator import ArchiveIterator

    class Quiet(ArchiveIterator):
        INC_RECORD = ""  # "WARNING: Record not followed by newline ..." (formatted, then written: nothing)

    return Quiet(handle)


def _is_article(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    kind = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return status.startswith("2") and kind in HTML_TYPES


def _drain(record: Any) -> bool:
    """Read the rest of *record*; whether all the bytes its Content-Length promises were there."""
    stream = record.raw_stream
    while stream.read(_SCAN):
        pass
    return getattr(stream, "limit", 0) <= 0


def _next_start(handle: Any, start: int, pattern: re.Pattern[bytes]) -> int | None:
    """The offset of the next place at or after *start* where a record may begin, or None."""
    handle.seek(start)
    carry = b""
    while chunk := handle.read(_SCAN):
        found = pattern.search(carry + chunk)
        if found:
            return start - len(carry) + found.start(found.lastindex or 0)
        carry = chunk[-16:]
        start += len(chunk)
    return None


def _scan(path: Path) -> Iterator[tuple[int, Any, str]]:
    """``(offset, record, problem)`` for every record: each article record (problem ""), then each bad stretch.

    After a malformed or truncated record, reading starts again at the next place a record may
    begin; one problem is told per bad stretch, however many false starts it holds.
    """
    pattern = _RECORD_START[compression_of(path.name)]
    size = path.stat().st_size
    with open(path, "rb") as handle:
        position: int | None = 0
        told = False
        while position is not None and position < size:
            handle.seek(position)
            records = _iterator(handle)
            problem = ""
            try:
                for record in records:
                    offset = records.offset  # where this record starts
                    if not (record.rec_headers.get_header("Content-Length") or "").strip().isdigit():
                        problem = "malformed WARC record (no Content-Length: a header cut short, or not a WARC header)"
                        break
                    if not _drain(record):
                        problem = "truncated WARC record (the file ends inside it)"
                        break
                    told = False
                    if _is_article(record):
                        yield offset, record, ""
            except Exception as exc:  # warcio's ArchiveLoadFailed, a bad header, a broken gzip member
                problem = _why(exc)
            end = max(records.offset, position)  # the end of the last whole record: where the problem starts
            if not problem and (end >= size or not _rest(handle, end).strip()):
                return
            if not told:
                yield end, None, problem or "truncated or malformed WARC record"
                told = True
            position = _next_start(handle, max(end, position) + 1, pattern)


def _rest(handle: Any, start: int) -> bytes:
    handle.seek(start)
    return handle.read(_SCAN)


def _why(exc: Exception) -> str:
    """One line for what warcio met: its own message, or (an error inside warcio) what it means."""
    text = " ".join(str(exc).split())
    if "non-chunked gzip" in text:
        return "a WARC gzipped as one stream, not record by record, cannot be read by offset (warcio recompress fixes it)"
    if type(exc).__module__.startswith("warcio") and text:
        return f"malformed WARC record ({text[:160]})"
    if isinstance(exc, zlib.error):
        return f"corrupt gzip data in a WARC record ({text.rsplit(': ', 1)[-1]})"
    return "malformed WARC record (its header cannot be read: cut short, or not a WARC header)"


def _load_record(path: Path, offset: int, max_bytes: int) -> tuple[str, str]:
    """The HTML of the record at *offset*, read again now (at most *max_bytes* of it)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            record = next(iter(_iterator(handle)))
            data = record.content_stream().read(max_bytes + 1)
    except (OSError, StopIteration) as exc:
        raise InputError("the file changed since it was first read") from exc
    except Exception as exc:  # a broken Content-Encoding or chunked body
        raise InputError(f"cannot read the record's content ({' '.join(str(exc).split())[:160]})") from exc
    if len(data) > max_bytes:
        raise TooLarge(f"record content over the {max_bytes:,}-byte limit")
    return decode_bytes(data), "html"


def warc_sources(path: Path, name: str, stem: str, max_bytes: int) -> Iterator[Any]:
    """The sources of one WARC file: one per HTML response record, one error per bad stretch."""
    if compression_of(path.name) == "zstd":
        raise InputError("a zstd-compressed WARC cannot be read (warcio reads .warc and .warc.gz); decompress it first")
    seen: dict[str, int] = {}
    found = told = 0
    for offset, record, problem in _scan(path):
        where = f"{name}:{offset}"
        if problem:
            told += 1
            yield Source(f"{stem}:{offset}", "", where, error=problem)
            continue
        found += 1
        record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip().strip("<>").strip()
        id_ = printable(record_id) if record_id else f"{stem}:{offset}"
        seen[id_] = seen.get(id_, 0) + 1
        again = "" if seen[id_] == 1 else f"~{seen[id_]}"
        yield Source(id_, f"{stem}/{safe_relative(id_)}{again}.txt", where,
                     url=printable(record.rec_headers.get_header("WARC-Target-URI") or ""),
                     loader=partial(_load_record, path, offset, max_bytes))
    if not found and not told:
        yield Source(stem, "", name, error="empty input" if path.stat().st_size == 0 else "no HTML response records in this WARC file")
