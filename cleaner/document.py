"""The one record that flows through every stage.

A :class:`Document` starts as raw text (or HTML) and leaves with a title, body
paragraphs, metadata, and a log of every change a stage made to it.

>>> doc = Document(id="a", raw="Hello")
>>> doc.record_removal("boilerplate", "navigation", "Connect with us")
>>> doc.removed[0].reason
'navigation'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .markdown.shapes import Shape


@dataclass(frozen=True)
class Removal:
    """A piece of text a stage took out: which stage, why, and what (and which phrase rule, when one did)."""

    stage: str
    reason: str
    text: str
    rule: str = ""  # where the phrase rule is defined, "rules.toml:41" or a --rules file's "FILE:LINE"


@dataclass(frozen=True)
class Repair:
    """A change a stage made to the text: the span before and after."""

    stage: str
    reason: str
    text: str
    fixed: str


@dataclass(frozen=True)
class Duplicate:
    """A sentence removed (or marked) because an earlier article had it."""

    text: str
    first_seen: str
    similarity: float


@dataclass(frozen=True)
class TraceLine:
    """What a stage decided about one line, kept when a pipeline runs with ``trace=True`` (``cleaner explain``)."""

    stage: str
    step: str  # which part of the stage: "html_blocks", "pass 1", "pass 2" ...
    verdict: str  # "kept", "title" or "removed"
    reason: str
    text: str
    rule: str = ""  # the phrase rule that removed it, where defined


@dataclass
class Document:
    """One article on its way through the pipeline, and what came of it.

    What went in:

    * ``id``: the document's name (a path relative to its SRC without suffixes, a record's ``id``, a WARC
      record's id, or the item's index in :func:`cleaner.clean_many`);
    * ``raw``: its text or HTML as read (let go once it fails); ``kind``: ``"text"`` or ``"html"``;
    * ``source``: the path or ``"<stdin>"`` it came from; ``url``: where the page was published, when known.

    What came out:

    * ``title``: the headline (``""`` when none was found); ``paragraphs``: the body, one paragraph each
      (``text`` joins them with newlines); ``author``, ``date`` (``YYYY-MM-DD``) and ``lang`` (a langdetect
      code, ``und`` when unsure), ``""`` when unknown;
    * ``removed``: every :class:`Removal` (stage, reason, text, and the phrase rule that fired);
      ``repairs``: every :class:`Repair` (stage, reason, text before and after); ``duplicates``: every
      :class:`Duplicate` sentence that repeats an earlier article (its text, ``first_seen``, similarity);
    * ``error``: why the input could not be cleaned, one line (``""`` when it was), and ``error_kind``:
      ``"input"``, ``"too_large"``, ``"timeout"`` or ``"internal"`` (:mod:`cleaner.errors`);
    * ``dropped``: why a cleaned document is left out (``"language"``, ``"duplicate"``), with empty
      ``paragraphs`` for a duplicate article, as its record; ``duplicate_of``: the earlier document it
      (nearly) all repeats;
    * ``trace``: with ``Options(trace=True)``, every line's fate stage by stage (:class:`TraceLine`), else None;
    * ``structure``: with ``Options(markdown=True)``, each extracted line's shape (HTML: heading, list item,
      table row, code ...; text mode: ``[]``, the lines show their own), which :meth:`to_markdown` renders
      the kept lines in; None: no Markdown wanted.

    Between stages: ``page_title`` (HTML: the page's whole ``<title>``) and ``layout`` (HTML: each
    paragraph's tag and link density), read by the boilerplate stage.
    """

    id: str
    raw: str = ""
    kind: str = "text"
    source: str = ""
    url: str = ""
    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    page_title: str = ""
    layout: list[tuple[str, float]] = field(default_factory=list)
    author: str = ""
    date: str = ""
    lang: str = "und"
    removed: list[Removal] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    error: str = ""
    error_kind: str = ""
    dropped: str = ""
    duplicate_of: str = ""
    trace: list[TraceLine] | None = None
    structure: list[Shape] | None = None

    @property
    def ok(self) -> bool:
        """Cleaned and wanted: no error, not filtered out."""
        return not self.error and not self.dropped

    def fail(self, kind: str, message: str) -> Document:
        """Mark this document as not cleanable (one line why); its content is let go."""
        self.error, self.error_kind, self.raw = message, kind, ""
        return self

    def record_removal(self, stage: str, reason: str, text: str, rule: str = "") -> None:
        self.removed.append(Removal(stage, reason, text, rule))

    def record_repair(self, stage: str, reason: str, text: str, fixed: str) -> None:
        if text != fixed:
            self.repairs.append(Repair(stage, reason, text, fixed))

    def record_trace(self, stage: str, step: str, verdict: str, reason: str, text: str, rule: str = "") -> None:
        """Note a line's fate, when this document is traced."""
        if self.trace is not None:
            self.trace.append(TraceLine(stage, step, verdict, reason, text, rule))

    @property
    def text(self) -> str:
        """The body, one paragraph per line, without the title."""
        return "\n".join(self.paragraphs)

    def to_text(self) -> str:
        """The title on the first line when known, then the body."""
        lines = ([self.title] if self.title else []) + self.paragraphs
        return "\n".join(lines) + "\n" if lines else ""

    def to_markdown(self) -> str:
        """The title as a ``#`` heading, then the body in the structure the page gave it (:mod:`cleaner.markdown`)."""
        from .markdown.render import to_markdown

        return to_markdown(self)

    def to_record(self, provenance: dict[str, Any] | None = None) -> dict[str, Any]:
        """The JSON Lines record of the CLI contract: ``id``, ``url``, ``title``, ``text`` (the body, one
        paragraph per line; empty for a dropped document), ``lang``, ``author``, ``date``, ``removed``
        (``{stage, reason, text, rule}``), ``repairs`` (``{stage, reason, text, fixed}``), ``duplicates``
        (``{text, first_seen, similarity}``), ``dropped`` and ``duplicate_of`` (see :class:`Document`); and
        ``markdown`` (:meth:`to_markdown`, empty for a dropped document) when Markdown was asked for.

        *provenance* (:func:`cleaner.provenance.provenance`, one object for a whole run) is added when given.
        """
        record = {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "text": "" if self.dropped else self.text,
            "lang": self.lang,
            "author": self.author,
            "date": self.date,
            "removed": [asdict(r) for r in self.removed],
            "repairs": [asdict(r) for r in self.repairs],
            "duplicates": [asdict(d) for d in self.duplicates],
            "dropped": self.dropped,
            "duplicate_of": self.duplicate_of,
        }
        if self.structure is not None:
            record["markdown"] = "" if self.dropped else self.to_markdown()
        if provenance is not None:
            record["provenance"] = provenance
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Document:
        """The document back from its :meth:`to_record` (and optional ``error``, ``error_kind``, ``source``).

        Every executor that keeps records between its phases (:mod:`cleaner.ray`, :mod:`cleaner.hf`,
        :mod:`cleaner.datatrove_step`) reads them back here; the body is one paragraph per line.

        >>> doc = Document(id="a", title="T", paragraphs=["One.", "Two."], duplicates=[Duplicate("x", "b", 1.0)])
        >>> Document.from_record(doc.to_record()) == doc
        True

        A record with ``markdown`` gives the document its structure back, so that its Markdown follows its text.
        """
        doc = cls(id=record["id"], url=record["url"], title=record["title"], lang=record["lang"], author=record["author"],
                   date=record["date"], paragraphs=record["text"].split("\n") if record["text"] else [],
                   removed=[Removal(**r) for r in record["removed"]], repairs=[Repair(**r) for r in record["repairs"]],
                   duplicates=[Duplicate(**d) for d in record["duplicates"]], dropped=record["dropped"],
                   duplicate_of=record["duplicate_of"], error=record.get("error") or "",
                   error_kind=record.get("error_kind") or "", source=record.get("source") or "")
        if isinstance(record.get("markdown"), str):
            from .markdown.parse import shapes_from_markdown

            doc.structure = shapes_from_markdown(record["markdown"])
        return doc
