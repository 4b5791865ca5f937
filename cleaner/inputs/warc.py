"""WARC files (``.warc``, ``.warc.gz``): each HTML response record becomes one document.

A ``response`` record with a 2xx HTTP status and an HTML content type (``text/html``,
``application/xhtml+xml``) is one document: its id is the record's ``WARC-Record-ID`` (or
``FILE:OFFSET`` when it has none), its ``url`` the record's ``WARC-Target-URI``. Every other record
is skipped, and counted by what it is (:func:`record_kind`: ``request``, ``metadata``, ``revisit``,
``warcinfo``, ``HTTP 404``, ``HTTP 301``, ``non-HTML response`` for images and PDFs ...): each
comes out as a source with ``error_kind`` :data:`SKIPPED` and the kind as its ``error``, which
the CLI counts in its summary, not as a failure. Records are read with warcio.

As with JSON Lines, listing a file keeps only each record's offset, id and url; its content is
read again (by offset) just before it is cleaned. A malformed or truncated record is one error
named ``FILE:OFFSET``, and reading goes on at the next record found after it. A ``.warc.gz``
gzipped as one stream (not record by record, as crawlers write them) is read through one
decompressing stream instead, its offsets those of the decompressed WARC: its records are
loaded in file order, so it is decompressed once more when they are cleaned, never sought back.

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
...     writer.write_record(writer.create_warc_record("https://example.com/b", "response", payload=io.BytesIO(b"gone"),
...         http_headers=StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")))
>>> [(s.id, s.url, s.load().raw) for s in warc_sources(path, "crawl.warc.gz", "crawl", 1000) if not s.error]
[('urn:uuid:0000-a', 'https://example.com/a', '<html><body><p>Hello there.</p></body></html>')]
>>> [(s.error, s.error_kind) for s in warc_sources(path, "crawl.warc.gz", "crawl", 1000) if s.error]
[('HTTP 404', 'skipped')]
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

from ..errors import InputError, TooLarge
from .base import SKIPPED, Source
from .compressed import compression_of, open_at
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


def record_kind(record: Any) -> str:
    """``""`` for an article (a response with a 2xx HTTP status and HTML), else what the record is, as the summary
    counts skipped records: its type (``request``, ``metadata``, ``revisit``, ``warcinfo`` ...), ``HTTP 404``
    (a response of any status but 2xx), or ``non-HTML response`` (an image, a PDF, a DNS lookup)."""
    if record.rec_type != "response":
        return record.rec_type or "untyped"
    if record.http_headers is None:
        return "non-HTML response"
    status = (record.http_headers.get_statuscode() or "").strip()
    if not status.startswith("2"):
        return status_kind(status)
    kind = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return "" if kind in HTML_TYPES else "non-HTML response"


def status_kind(status: Any) -> str:
    """``""`` for a 2xx HTTP status (or none known), else what a skipped record of it is counted as (``HTTP 404``).

    >>> status_kind("200"), status_kind(404), status_kind(None), status_kind("")
    ('', 'HTTP 404', '', '')
    """
    text = str(status).strip() if status is not None else ""
    return "" if not text or text.startswith("2") else f"HTTP {printable(text)[:12]}"


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


def _one_stream(path: Path) -> bool:
    """Whether a ``.warc.gz`` is gzipped as one stream: its first gzip member holds the start of a second record.

    (A file gzipped record by record read as one stream is read right too: Python's gzip reads member after member.)
    """
    if compression_of(path.name) != "gzip":
        return False
    inflate = zlib.decompressobj(wbits=31)
    found, carry = 0, b""
    with open(path, "rb") as handle:
        while not inflate.eof and (chunk := handle.read(_SCAN)):
            try:
                data = carry + inflate.decompress(chunk)
            except zlib.error:
                return False  # the scan tells what is wrong
            found += sum(1 for match in _RECORD_START[None].finditer(data) if match.end() > len(carry))
            if found >= 2:
                return True
            carry = data[-16:]
    return False


def _scan(path: Path, stream: bool) -> Iterator[tuple[int, int, Any, str]]:
    """``(offset, end, record, problem)`` for every whole record (problem ""), then one for each bad stretch.

    After a malformed or truncated record, reading starts again at the next place a record may
    begin; one problem is told per bad stretch, however many false starts it holds. *stream*: the
    file is gzipped as one stream, read through its decompressor (offsets in the decompressed WARC).
    """
    pattern = _RECORD_START[None if stream else compression_of(path.name)]
    size = float("inf") if stream else path.stat().st_size
    with open_at(path, 0, keep=False) if stream else open(path, "rb") as handle:
        position: int | None = 0
        told = False
        while position is not None and position < size:
            handle.seek(position)
            records = _iterator(_Window(handle, None) if stream else handle)
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
                    records.read_to_end()  # the blank lines after it too: where the next record starts
                    yield offset, records.offset, record, ""
            except Exception as exc:  # warcio's ArchiveLoadFailed, a bad header, a broken gzip member
                problem = _why(exc)
            end = max(records.offset, position)  # the end of the last whole record: where the problem starts
            if not problem and (stream or end >= size or not _rest(handle, end).strip()):  # a stream: read to its end
                return
            if not told:
                yield end, end, None, problem or "truncated or malformed WARC record"
                told = True
            if stream:
                return  # no record starts again inside a broken gzip stream
            position = _next_start(handle, max(end, position) + 1, pattern)


def _rest(handle: Any, start: int) -> bytes:
    handle.seek(start)
    return handle.read(_SCAN)


class _Window:
    """A decompressed stream up to *end*: warcio, loading the record there, reads (ahead) no further, so the
    next record is reached by reading on, never by going back (which would decompress from the start)."""

    def __init__(self, handle: Any, end: int | None) -> None:
        self.handle, self.end = handle, end

    def tell(self) -> int:
        return self.handle.tell()

    def read(self, size: int = -1) -> bytes:
        """What one read of the decompressor gives (a cut stream gives what comes before the cut, then raises)."""
        left = -1 if self.end is None else self.end - self.handle.tell()
        if left == 0 or left < -1:
            return b""
        return self.handle.read1(left if size < 0 else size if left < 0 else min(size, left))


def _why(exc: Exception) -> str:
    """One line for what warcio met: its own message, or (an error inside warcio) what it means."""
    text = " ".join(str(exc).split())
    if isinstance(exc, InputError):  # the decompressor's: a truncated or corrupt gzip stream
        return text
    if type(exc).__module__.startswith("warcio") and text:
        return f"malformed WARC record ({text[:160]})"
    if isinstance(exc, zlib.error):
        return f"corrupt gzip data in a WARC record ({text.rsplit(': ', 1)[-1]})"
    return "malformed WARC record (its header cannot be read: cut short, or not a WARC header)"


def _load_record(path: Path, offset: int, max_bytes: int, end: int | None = None, stream: bool = False) -> tuple[str, str]:
    """The HTML of the record at *offset*, read again now (at most *max_bytes* of it); *stream*: of the
    decompressed stream of a WARC gzipped whole, through the one kept-open decompressor, up to *end*."""
    try:
        with open_at(path, offset, keep=True) if stream else open(path, "rb") as handle:
            handle.seek(offset)
            record = next(iter(_iterator(_Window(handle, end) if stream else handle)))
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
    stream = _one_stream(path)
    seen: dict[str, int] = {}
    found = told = 0
    for offset, end, record, problem in _scan(path, stream):
        where = f"{name}:{offset}"
        skipped = "" if problem else record_kind(record)
        if problem or skipped:
            told += bool(problem)
            yield Source(f"{stem}:{offset}", "", where, error=problem or skipped, error_kind=SKIPPED if skipped else "input")
            continue
        found += 1
        record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip().strip("<>").strip()
        id_ = printable(record_id) if record_id else f"{stem}:{offset}"
        seen[id_] = seen.get(id_, 0) + 1
        again = "" if seen[id_] == 1 else f"~{seen[id_]}"
        yield Source(id_, f"{stem}/{safe_relative(id_)}{again}.txt", where,
                     url=printable(record.rec_headers.get_header("WARC-Target-URI") or ""),
                     loader=partial(_load_record, path, offset, max_bytes, end, stream))
    if not found and not told:
        yield Source(stem, "", name, error="empty input" if path.stat().st_size == 0 else "no HTML response records in this WARC file")
