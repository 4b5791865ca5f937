"""cleaner as datatrove pipeline steps: :class:`CleanerStep` cleans Documents, :class:`CleanerDedup` is dedup alone.

``pip install 'cleaner[datatrove]'``. :class:`CleanerStep` runs cleaner's per-document stages on
each ``datatrove.data.Document`` of its rank's stream, then cross-article dedup over that stream
in order (the local executor's two phases, :func:`cleaner.local.clean_and_sign` then
:meth:`cleaner.dedup.deduper.Deduper.apply`). ``doc.text`` becomes the clean body (one paragraph per
line, without the title) and ``doc.metadata`` gets the JSON Lines record's other fields (``title``,
``lang``, ``author``, ``date``, ``removed``, ``repairs``, ``duplicates``, ``dropped``,
``duplicate_of``; plain JSON values; with ``markdown=True`` also ``markdown``), each key after *metadata_prefix*. ``id`` and ``url`` are
the Document's own (``metadata["url"]``, as datatrove's readers set it, goes to trafilatura).

HTML or text: *mode* ``"auto"`` sniffs ``doc.text`` as cleaner does for a string
(:func:`cleaner.inputs.decode.sniff_kind`: HTML when, after spaces and comments, it starts with a doctype or
a tag such as ``<html>``, ``<head>``, ``<body>``, ``<meta>``, ``<div>`` or ``<p>``, as
``WarcReader``'s pages do); ``"html"`` and ``"text"`` decide for every document.

Documents that come out empty are dropped and counted as datatrove's filters count them
(``dropped``, and ``dropped_REASON``), and written to *exclusion_writer* when one is given, with
``metadata["filter_reason"]`` (and cleaner's one-line ``error``). REASON is ``error_input`` for a
page cleaner finds no article text in (and for empty input), ``error_too_large``,
``error_timeout`` or ``error_internal`` for the other failures (``Document.error_kind``),
``language`` or ``duplicate`` for cleaner's own drops (``lang=``, a whole-article duplicate).

WARC files: :class:`WarcRecords` is datatrove's ``WarcReader`` as cleaner's CLI reads a WARC file: only a
``response`` with a 2xx HTTP status and HTML is a document, and every other record (a request, metadata, a
404 or 301 page, an image) is counted in its stats by kind (``skipped_request``, ``skipped_http_404``,
``skipped_non_html_response`` ...). datatrove's own ``WarcReader`` passes every HTML response on,
404 pages included, and leaves the HTTP status out of ``metadata``; :class:`WarcRecords` puts it in
``metadata["http_status"]``, and :class:`CleanerStep` drops a document whose ``http_status`` is not
2xx (``dropped_http_404``), whichever reader set it.

>>> from datatrove.data import Document as Doc
>>> quote = "“We strongly condemn this malicious cyber campaign against our critical infrastructure networks.”"
>>> docs = [Doc(text=f"The ministry said: {quote}", id="a"), Doc(text="Connect with us", id="empty"),
...         Doc(text=f"Officials repeated it on Thursday. {quote}", id="b")]
>>> step = CleanerStep()
>>> [(d.id, d.text, [x["first_seen"] for x in d.metadata["duplicates"]]) for d in step.run(iter(docs))][1:]
[('b', 'Officials repeated it on Thursday.', ['a'])]
>>> {name: step.stats[name].total for name in ("total", "forwarded", "dropped", "dropped_error_input")}
{'total': 3, 'forwarded': 2, 'dropped': 1, 'dropped_error_input': 1}
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from datatrove.data import Document as DatatroveDocument
from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers import WarcReader
from datatrove.utils.typeshelper import StatHints

from .api import as_document
from .dedup.deduper import Deduper
from .document import Document
from .errors import InputError
from .inputs.base import SKIPPED
from .inputs.decode import decode_bytes, sniff_kind
from .inputs.names import printable
from .inputs.warc import record_kind, status_kind
from .local import clean_and_sign
from .options import Options
from .pipeline import default_pipeline

__all__ = ["CleanerDedup", "CleanerStep", "METADATA_FIELDS", "WarcRecords"]

METADATA_FIELDS = tuple(name for name in Document(id="").to_record() if name not in ("id", "url", "text"))
MODES = ("auto", "html", "text")


def drop_reason(doc: Document) -> str:
    """Why *doc* leaves the stream (``""``: it stays): its error kind, or why cleaner dropped it.

    >>> drop_reason(Document(id="a", error="no article text found", error_kind="input")), drop_reason(Document(id="b", paragraphs=["Hi."]))
    ('error_input', '')
    """
    if doc.error_kind == SKIPPED:  # not an article at all: a 404 page, say
        return stat_name(doc.error)
    if doc.error:
        return f"error_{doc.error_kind or 'input'}"
    return doc.dropped or ("" if doc.paragraphs else "empty")


def stat_name(kind: str) -> str:
    """A skipped record's kind as a stat's name: ``HTTP 404`` -> ``http_404``, ``non-HTML response`` -> ``non_html_response``."""
    return "_".join("".join(c if c.isalnum() else " " for c in kind.lower()).split())


class WarcRecords(WarcReader):
    """datatrove's ``WarcReader``, with cleaner's choice of records: HTML responses with a 2xx status, each other
    record counted by kind in the stats (``skipped_KIND``); ``metadata``: ``url``, ``date`` (the crawl's) and
    ``http_status``. The id is the ``WARC-Record-ID`` without its angle brackets, as the CLI's (``FILE:N``, the
    record's number, when it has none). Takes ``WarcReader``'s arguments."""

    name = "🕷 Warc (cleaner)"
    _requires_dependencies = ["warcio"]

    def read_file(self, filepath: str) -> DocumentsPipeline:
        from warcio.archiveiterator import ArchiveIterator

        with self.data_folder.open(filepath, "rb", compression=self.compression) as handle:
            for number, record in enumerate(ArchiveIterator(handle)):
                with self.track_time():
                    data = self._record(record, filepath, number)
                    document = self.get_document_from_dict(data, filepath, number) if data else None
                if document:
                    yield document

    def _record(self, record: Any, filepath: str, number: int) -> dict | None:
        """The document's fields of an article record; None for any other, counted in the stats by its kind."""
        kind = record_kind(record)
        if not kind:
            try:
                text = decode_bytes(record.content_stream().read())
            except InputError:  # empty, or binary under an HTML content type
                kind = "unreadable response"
        if kind:
            self.stat_update(f"skipped_{stat_name(kind)}")
            return None
        headers = record.rec_headers
        record_id = (headers.get_header("WARC-Record-ID") or "").strip().strip("<>").strip()
        return {"text": text, "id": printable(record_id) if record_id else f"{filepath}:{number}",
                "url": headers.get_header("WARC-Target-URI") or "", "date": headers.get_header("WARC-Date") or "",
                "http_status": int(record.http_headers.get_statuscode())}


class _CleanerSteps(PipelineStep):
    """What both steps share: writing cleaner's fields into the Document, and dropping it the way filters do."""

    type = "🛢 - EXTRAC"

    def __init__(self, metadata_prefix: str = "", exclusion_writer: Any = None) -> None:
        super().__init__()
        self.metadata_prefix, self.exclusion_writer = metadata_prefix, exclusion_writer

    def _output(self, dt: DatatroveDocument, doc: Document, writer: Any, rank: int) -> DatatroveDocument | None:
        """*dt* with *doc*'s text and fields, counted as forwarded; or ``None``, counted (and written) as dropped."""
        if reason := drop_reason(doc):
            self.stat_update(StatHints.dropped, f"dropped_{reason}")
            if writer is not None:
                dt.metadata["filter_reason"] = reason
                if doc.error:
                    dt.metadata[self.metadata_prefix + "error"] = doc.error
                writer.write(dt, rank)
            return None
        record = doc.to_record()
        dt.text = record["text"]
        dt.metadata.update({self.metadata_prefix + name: record[name] for name in METADATA_FIELDS})
        if "markdown" in record:  # markdown=True: the article as Markdown, beside the plain text
            dt.metadata[self.metadata_prefix + "markdown"] = record["markdown"]
        self.stat_update(StatHints.forwarded)
        self.update_doc_stats(dt)
        return dt

    def _each(self, data: DocumentsPipeline, rank: int, work: Any) -> DocumentsPipeline:
        """``work(dt)`` (a cleaner Document) for every Document of *data*, in order, timed; what stays is yielded."""
        with self.exclusion_writer if self.exclusion_writer else nullcontext() as writer:
            for dt in data or ():
                self.stat_update(StatHints.total)
                with self.track_time():
                    doc = work(dt)
                if (out := self._output(dt, doc, writer, rank)) is not None:
                    yield out


class CleanerStep(_CleanerSteps):
    """cleaner's stages and cross-article dedup (in this rank's order) on each Document.

    *options* are :class:`cleaner.Options` fields (``dedup``, ``lang``, ``state``, ``timeout``, ``max_bytes``,
    ``favor``, ``rules`` ...), except ``jobs``: datatrove's ``tasks`` and ``workers`` run ranks in parallel.
    Dedup is per rank: each rank's shard in its order. ``state=`` (an SQLite file on a local disk) lets the ranks
    of one machine remove what the others registered, with timing deciding which copy stays; for one exact and
    repeatable pass over every rank's output, run this step with ``dedup="off"`` and :class:`CleanerDedup` in a
    one-task pipeline after it.
    """

    name = "🧹 cleaner"

    def __init__(self, mode: str = "auto", metadata_prefix: str = "", exclusion_writer: Any = None, **options: Any) -> None:
        super().__init__(metadata_prefix, exclusion_writer)
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        if "jobs" in options:
            raise ValueError("jobs is not a CleanerStep option: datatrove's tasks and workers run ranks in parallel")
        self.mode, self.options = mode, Options(**options).check()

    def document(self, dt: DatatroveDocument) -> Document:
        """The cleaner Document for *dt*: HTML or text as *mode* says, its id, and ``metadata["url"]``."""
        if skipped := status_kind(dt.metadata.get("http_status")):  # a reader that knows the status: not 2xx, no article
            return Document(id=dt.id, error=skipped, error_kind=SKIPPED)
        html = self.mode == "html" or (self.mode == "auto" and sniff_kind(dt.text) == "html")
        item = {"id": dt.id, "url": dt.metadata.get("url") or "", "html" if html else "text": dt.text}
        return as_document(item, 0)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        pipeline, sign = default_pipeline(self.options), self.options.dedup != "off"
        deduper = Deduper(state_path=self.options.state, mode=self.options.dedup) if sign else None

        def work(dt: DatatroveDocument) -> Document:
            doc, sigs = clean_and_sign(self.document(dt), pipeline, sign)
            return deduper.apply(doc, sigs) if deduper is not None and sigs is not None else doc

        try:
            yield from self._each(data, rank, work)
        finally:
            if deduper is not None:
                deduper.close()


class CleanerDedup(_CleanerSteps):
    """Cross-article dedup alone, in stream order, over Documents that :class:`CleanerStep` cleaned with ``dedup="off"``.

    Run it in a pipeline of one task after the cleaning pipeline's output (a reader with one task reads
    the files in sorted order: rank by rank, each in its order), so every rank's documents are deduped
    against all earlier ones, exactly and repeatably, as one :func:`cleaner.clean_many` run would.
    """

    name = "🫂 cleaner dedup"

    def __init__(self, dedup: str = "remove", state: str | None = None, metadata_prefix: str = "",
                 exclusion_writer: Any = None) -> None:
        super().__init__(metadata_prefix, exclusion_writer)
        if dedup not in ("remove", "mark"):
            raise ValueError(f"dedup must be remove or mark, not {dedup!r}")
        self.dedup, self.state = dedup, state

    def document(self, dt: DatatroveDocument) -> Document:
        """The cleaned Document back from *dt*'s text and metadata (as :class:`CleanerStep` wrote them)."""
        fields = {name: dt.metadata[self.metadata_prefix + name] for name in (*METADATA_FIELDS, "markdown")
                  if name != "markdown" or self.metadata_prefix + name in dt.metadata}
        return Document.from_record({**fields, "id": dt.id, "url": dt.metadata.get("url") or "", "text": dt.text})

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        with Deduper(state_path=self.state, mode=self.dedup) as deduper:
            yield from self._each(data, rank, lambda dt: deduper.apply(self.document(dt)))
