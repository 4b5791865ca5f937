"""The stages chained: one document in, one cleaned document out.

Each stage is a plain function taking and returning a :class:`Document`;
:func:`clean_document` chains the per-article ones, :func:`clean_many` adds
cross-article dedup in input order (optionally with worker processes).

>>> doc = clean("Connect with us\\nThe ministry said on Wednesday that it had found the intruders last year.")
>>> doc.text
'The ministry said on Wednesday that it had found the intruders last year.'
>>> [(r.stage, r.reason) for r in doc.removed]
[('boilerplate', 'navigation')]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from .boilerplate import is_prose, strip_boilerplate
from .decode import decode_bytes, sniff_kind
from .document import Document, Duplicate
from .errors import InputError
from .language import UNDETERMINED, detect_language
from .repair import rejoin_broken_lines, repair_line

DEDUP_MODES = ("remove", "mark", "off")
MAX_STRIP_PASSES = 4
WINDOW_PER_JOB = 16  # documents in flight per worker process


class Options(NamedTuple):
    """How to clean; every field has a sensible default."""

    dedup: str = "remove"  # "remove", "mark" or "off"
    lang: frozenset[str] | None = None  # keep only these languages (None: all)
    state: str | None = None  # SQLite file with what earlier runs saw (dedup)
    jobs: int = 1  # worker processes for the per-article stages
    max_bytes: int = 20_000_000  # larger inputs (UTF-8 bytes) are refused with a clear message
    timeout: float | None = None  # seconds per document (None: no limit); over it, doc.error says so


DEFAULT_OPTIONS = Options()


def extract(doc: Document) -> Document:
    """Stage 2: HTML to title, metadata and body blocks; text to its lines."""
    if doc.kind == "html":
        from .html import extract_html

        found = extract_html(doc.raw)
        doc.title, doc.author, doc.date = found.title, found.author, found.date
        doc.paragraphs = list(found.paragraphs)
        for reason, text in found.dropped:
            doc.record_removal("extract", reason, text)
        if not doc.paragraphs:  # trafilatura found nothing: read the page as page text instead
            from .html import page_lines

            doc.paragraphs, doc.kind = page_lines(doc.raw), "text"
            if not any(is_prose(line) for line in doc.paragraphs):
                raise InputError("no article text found in this HTML")
    else:
        doc.paragraphs = doc.raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return doc


def repair(doc: Document) -> Document:
    """Stage 3: mojibake and lost bytes fixed, whitespace normalised, broken lines rejoined."""
    def record(reason: str, before: str, after: str) -> None:
        doc.record_repair("repair", reason, before, after)

    doc.title = repair_line(doc.title, record) if doc.title else ""
    lines = (repair_line(line, record) for line in doc.paragraphs)
    doc.paragraphs = rejoin_broken_lines([line for line in lines if line])
    return doc


def strip_options(doc: Document) -> dict[str, bool]:
    """How :func:`strip_boilerplate` treats this document: the line model and title search are for page text."""
    text_mode = doc.kind != "html"
    return {"use_model": text_mode, "find_title": text_mode and not doc.title}


def strip(doc: Document) -> Document:
    """Stage 4: boilerplate removed, each line with its reason.

    Repeated until cleaning its own output would change nothing (at most
    :data:`MAX_STRIP_PASSES` times): once the junk around a line is gone, the
    line model sees a different page, and the output must be a fixed point so
    that cleaning cleaned text is a no-op.
    """
    options = strip_options(doc)
    title_in_text = options["find_title"]  # text mode: the title is the output's first line
    lines = doc.paragraphs
    for _ in range(MAX_STRIP_PASSES):
        result = strip_boilerplate(lines, **options)
        for reason, text in result.removed:
            doc.record_removal("boilerplate", reason, text)
        doc.author = doc.author or result.author
        title = result.title if title_in_text else doc.title
        # rejoined: a sentence split around a removed line (an ad, a lone ',') is whole once that line is gone
        kept = rejoin_broken_lines([p for p in result.kept if p != title])
        output = rejoin_broken_lines(([title] if title_in_text and title else []) + kept)
        if output == lines:
            break
        lines = output
    doc.title, doc.paragraphs = title, kept
    return doc


def tag_language(doc: Document, *, keep: frozenset[str] | None = None) -> Document:
    """Stage 5: the ``lang`` tag; with *keep*, other languages are dropped."""
    doc.lang = detect_language(doc.text or doc.title) if (doc.text or doc.title) else UNDETERMINED
    if keep is not None and doc.lang not in keep:
        doc.dropped = "language"
    return doc


def clean_document(doc: Document, *, options: Options = DEFAULT_OPTIONS) -> Document:
    """All per-article stages; bad input sets ``doc.error`` instead of raising.

    ``options.max_bytes`` and ``options.timeout`` bound one document's size and time.
    """
    import os

    from .errors import DocumentTimeout, time_limit

    if doc.error:  # already failed (e.g. unreadable): keep its reason
        doc.raw = ""
        return doc
    try:
        size = len(doc.raw) if len(doc.raw) * 4 <= options.max_bytes else len(doc.raw.encode("utf-8", "replace"))
        if size > options.max_bytes:
            raise InputError(f"{size:,} bytes, over the {options.max_bytes:,}-byte limit (--max-bytes)")
        if not doc.raw.strip():
            raise InputError("empty input")
        with time_limit(options.timeout):
            for stage in (extract, repair, strip):
                doc = stage(doc)
            if not doc.paragraphs:
                raise InputError("no article text found" + (" in this HTML" if doc.kind == "html" else ""))
            doc = tag_language(doc, keep=options.lang)
    except InputError as exc:
        doc.error = str(exc)
    except DocumentTimeout as exc:
        doc.error = f"{exc} (--timeout)"
    except RecursionError:
        doc.error = "input nested too deeply to parse"
    except Exception as exc:  # a bug met on odd input: one document fails, not the batch
        if os.environ.get("CLEANER_DEBUG"):  # set by the CLI's --debug
            raise
        doc.error = f"internal error ({type(exc).__name__}: {exc}); please report it"
    doc.raw = ""  # the cleaned record no longer needs (or ships) the input
    return doc


def _signed(args: tuple[Document, Options]) -> tuple[Document, Any]:
    doc = clean_document(args[0], options=args[1])
    if args[1].dedup == "off" or not doc.ok:
        return doc, None
    from .dedup import unit_signatures

    return doc, unit_signatures(doc.paragraphs)


def _as_document(item: Any, index: int) -> Document:
    if isinstance(item, Document):
        return item
    if isinstance(item, bytes):
        try:
            item = decode_bytes(item)
        except InputError as exc:
            return Document(id=str(index), error=str(exc))
    if isinstance(item, str):
        return Document(id=str(index), raw=item, kind="html" if sniff_kind(item) == "html" else "text")
    if isinstance(item, dict):
        raw = item.get("html") or item.get("text") or ""
        return Document(id=str(item.get("id", index)), raw=raw, kind="html" if item.get("html") else "text")
    raise TypeError(f"cannot clean a {type(item).__name__}: give str, bytes, dict or Document")


def _ordered_parallel(pool: Any, work: Iterable[tuple[Document, Options]], *, window: int) -> Iterator[tuple[Document, Any]]:
    """``pool.imap(_signed, work)`` with at most *window* documents in flight.

    ``Pool.imap`` reads its whole input at once; this keeps memory flat
    however many articles stream through, and results stay in input order.
    """
    pending: deque = deque()
    for item in work:
        pending.append(pool.apply_async(_signed, (item,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def clean_many(items: Iterable[Any], **options: Any) -> Iterator[Document]:
    """Clean a stream of articles with cross-article dedup, in input order.

    Items are str (text or HTML, sniffed), bytes (decoded), dicts with
    ``text`` or ``html`` and an optional ``id``, or :class:`Document`.
    Every input yields one document: check ``doc.ok``; ``doc.error`` says
    why an input could not be cleaned, ``doc.dropped`` why it was filtered.
    Options are the fields of :class:`Options` (``dedup``, ``lang``,
    ``state``, ``jobs``, ``max_bytes``).
    """
    opts = Options(**options)
    if opts.dedup not in DEDUP_MODES:
        raise ValueError(f"dedup must be one of {', '.join(DEDUP_MODES)}")
    work = ((_as_document(item, i), opts) for i, item in enumerate(items))
    if opts.jobs > 1:
        import multiprocessing

        pool = multiprocessing.get_context("fork").Pool(opts.jobs)
        signed: Iterable[tuple[Document, Any]] = _ordered_parallel(pool, work, window=WINDOW_PER_JOB * opts.jobs)
    else:
        pool, signed = None, map(_signed, work)
    deduper = None
    if opts.dedup != "off":
        from .dedup import Deduper

        deduper = Deduper(state_path=opts.state)
    try:
        for doc, signatures in signed:
            if deduper is not None and signatures is not None:
                doc.paragraphs, found = deduper.apply(doc.id, doc.paragraphs, signatures, mode=opts.dedup)
                doc.duplicates = list(found)
            yield doc
        if pool is not None:  # all work done: let the workers finish (terminating idle workers can hang)
            pool.close()
            pool.join()
            pool = None
    finally:
        if pool is not None:  # stopped early (an error, or the consumer closed us): stop the workers now
            pool.terminate()
        if deduper is not None:
            deduper.close()


def clean(text_or_html: str | bytes, **options: Any) -> Document:
    """Clean one article (no cross-article dedup); errors raise :class:`InputError`."""
    options.setdefault("dedup", "off")
    doc = next(clean_many([text_or_html], **options))
    if doc.error:
        raise InputError(doc.error)
    return doc


__all__ = ["Document", "Duplicate", "InputError", "Options", "clean", "clean_document", "clean_many"]
