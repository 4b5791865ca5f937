"""What ``cleaner explain --html`` shows: cleaned documents read line by line from their trace, repeats linked.

The documents come cleaned with a trace (``clean_many(..., trace=True)``, as ``cleaner clean``
cleans them, cross-article dedup included); nothing here cleans. :func:`collect` turns them into a
:class:`Report`: per document, every line in page order with its fate (:func:`reading_order`: each
removal the document records is one row), and each sentence that dedup removed placed in its line
and linked to the sentence of the earlier document it repeats (found with the dedup rules).
:mod:`cleaner.explain.page` renders it.

>>> from cleaner import clean_many
>>> quote = "“We strongly condemn this malicious cyber campaign against our critical infrastructure networks.”"
>>> report = collect(clean_many([f"Connect with us\\nThe ministry said: {quote}",
...                              f"Officials repeated it on Thursday. {quote}"], trace=True))
>>> [(line.row.verdict, line.row.reason) for line in report.entries[0].lines]
[('removed', 'navigation'), ('kept', '')]
>>> mark = report.entries[1].lines[0].marks[0]
>>> mark.kind, mark.target, report.entries[0].lines[1].marks[0].anchor
('duplicate', 'doc-1-l2-s1', 'doc-1-l2-s1')
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..dedup.deduper import unit_signatures
from ..dedup.rules import compare_many, eligible
from ..document import Document, Duplicate, TraceLine
from ..sentences import sentence_spans

_SPAN_REASONS = ("cross_reference",)  # removed as a span inside a line, not as a line (cleaner.boilerplate.stage._record)
_STAGE_ORDER = ("extract", "repair", "boilerplate", "dedup")


@dataclass
class Mark:
    """A span of a kept line: a sentence dedup removed (``duplicate``), or one a later document repeats (``first``)."""

    start: int
    end: int
    kind: str  # "duplicate" or "first"
    anchor: str = ""  # first: the span's id on the page
    target: str = ""  # duplicate: the id it links to, "" when first seen in no document on the page (--state)
    duplicate: Duplicate | None = None


@dataclass
class Line:
    """One row of a document on the page, its id, and the marked spans of its text."""

    row: Row
    anchor: str
    marks: list[Mark] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        """Whether no mark of this line overlaps ``[start, end)``."""
        return all(end <= m.start or m.end <= start for m in self.marks)


@dataclass
class Entry:
    """One document on the page (numbered from 1 in input order)."""

    number: int
    doc: Document
    lines: list[Line] = field(default_factory=list)
    stray: list[Mark] = field(default_factory=list)  # duplicates found in no single line (lines rejoined later)
    original: str = ""  # a duplicate article: the anchor of the document it repeats, when on the page earlier

    @property
    def anchor(self) -> str:
        return f"doc-{self.number}"

    @property
    def name(self) -> str:
        return self.doc.source or self.doc.id


@dataclass
class Report:
    """The documents of one run, in input order."""

    entries: list[Entry]

    def counts(self) -> list[tuple[str, str, str, int]]:
        """``(kind, stage, reason, count)`` over every document on the page; kind: removal, repair or duplicate."""
        tally: Counter[tuple[str, str, str]] = Counter()
        for entry in self.entries:
            tally.update(("removal", r.stage, r.reason) for r in entry.doc.removed)
            tally.update(("repair", r.stage, r.reason) for r in entry.doc.repairs)
            tally.update(("duplicate", "dedup", "duplicate") for _ in entry.doc.duplicates)
        order = {stage: i for i, stage in enumerate(_STAGE_ORDER)}
        return sorted(((kind, stage, reason, n) for (kind, stage, reason), n in tally.items()),
                      key=lambda item: (order.get(item[1], len(order)), item[1], item[0], -item[3], item[2]))


@dataclass(frozen=True)
class Row:
    verdict: str  # "title", "kept", "removed" or "repaired"
    stage: str
    reason: str
    text: str
    step: str = ""  # the boilerplate step that decided, when not the first pass
    rule: str = ""  # the phrase rule that fired, where it is defined


def _row(t: TraceLine) -> Row:
    return Row(t.verdict, t.stage, t.reason, t.text, "" if t.step in ("html_blocks", "pass 1") else t.step, t.rule)


def _first_pass(trace: list[TraceLine], title: str) -> tuple[list[Row], list[Row]]:
    """The first pass's lines with their final fate, and the removals of later passes that no first-pass line shows.

    A line the first pass kept and a later pass removed (its context had changed) shows that pass's reason;
    the title is the line the document's title is (text mode: a later pass may settle on another, or none).
    """
    later = [t for t in trace if t.verdict == "removed" and t.step not in ("html_blocks", "pass 1")]
    waiting: dict[str, list[int]] = {}
    for i, t in enumerate(later):
        waiting.setdefault(t.text, []).append(i)
    used: set[int] = set()
    rows = []
    for t in trace:
        if t.step != "pass 1":
            continue
        if t.verdict != "removed" and waiting.get(t.text):
            i = waiting[t.text].pop(0)
            used.add(i)
            t = later[i]
        elif t.verdict != "removed":
            t = replace(t, verdict="title" if t.text == title else "kept", stage="boilerplate")
            title = "" if t.verdict == "title" else title
        rows.append(_row(t))
    return rows, [_row(t) for i, t in enumerate(later) if i not in used]


def _with_blocks(blocks: list[TraceLine], rows: list[Row]) -> list[Row]:
    """HTML mode: the HTML filter's removals where they stood, among the lines made of the blocks it kept.

    Each kept block starts the next line, or goes on with the last one (blocks rejoined into one line);
    a line whose start matches no block is shown where the next kept block is. Every row is shown once.
    """
    spans = [row for row in rows if row.reason in _SPAN_REASONS]
    lines = [row for row in rows if row.reason not in _SPAN_REASONS]
    out, j, rest = spans, 0, ""
    for block in blocks:
        if block.verdict == "removed":
            out.append(_row(block))
        elif rest.startswith(block.text):
            rest = rest[len(block.text):].lstrip()
        elif j < len(lines):
            text = lines[j].text
            rest = text[len(block.text):].lstrip() if text.startswith(block.text) else ""
            out.append(lines[j])
            j += 1
    return out + lines[j:]


def reading_order(doc: Document) -> list[Row]:
    """Every line of a traced *doc* once, in page order, with its fate; each of ``doc.removed`` is one removed row.

    Removals made before the boilerplate stage (trafilatura blocks a JSON-LD body replaced) come first,
    and in HTML mode the page's title; removals of a later boilerplate pass that match no line come last.

    >>> from cleaner import clean
    >>> doc = clean("Connect with us\\nThe ministry said on Wednesday that it had found the intruders.", trace=True)
    >>> [(row.verdict, row.stage, row.reason) for row in reading_order(doc)]
    [('removed', 'boilerplate', 'navigation'), ('kept', 'boilerplate', '')]
    """
    trace = doc.trace or []
    rows = [Row("removed", r.stage, r.reason, r.text, rule=r.rule) for r in doc.removed if r.stage != "boilerplate"]
    if doc.kind == "html" and doc.title:
        rows.append(Row("title", "extract", "", doc.title))
    first, leftover = _first_pass(trace, doc.title if doc.kind != "html" else "")
    blocks = [t for t in trace if t.step == "html_blocks"]
    return rows + (_with_blocks(blocks, first) if blocks else first) + leftover


class _Sentences:
    """The sentences of an entry's kept lines and their dedup units, to find which one a later sentence repeats."""

    def __init__(self, entry: Entry) -> None:
        kept = [line for line in entry.lines if line.row.verdict == "kept"]
        sigs = unit_signatures([line.row.text for line in kept])
        self.places = [(line, n, start, end) for line in kept
                       for n, (start, end) in enumerate(sentence_spans(line.row.text), start=1)]
        self.norms = sigs.norms
        self.owners = sigs.unit_sentence.tolist()

    def anchor(self, text: str) -> str:
        """The id of the sentence *text* repeats (marked ``first`` now), its line's when that span is taken, or ""."""
        later = [norm for norm in unit_signatures([text]).norms if eligible(norm)]
        pairs = [(a, u) for a in later for u, norm in enumerate(self.norms) if eligible(norm)]
        matches = compare_many([a for a, _ in pairs], [self.norms[u] for _, u in pairs])
        found = [(-match.score, u) for (_, u), match in zip(pairs, matches, strict=True) if match is not None]
        if not found:
            return ""
        line, n, start, end = self.places[self.owners[min(found)[1]]]
        for mark in line.marks:
            if mark.kind == "first" and (mark.start, mark.end) == (start, end):
                return mark.anchor
        if not line.free(start, end):
            return line.anchor
        line.marks.append(Mark(start, end, "first", anchor=f"{line.anchor}-s{n}"))
        return line.marks[-1].anchor


def _place(entry: Entry, dup: Duplicate, target: str, at: tuple[int, int]) -> tuple[int, int]:
    """Mark *dup* in the first kept line from *at* (line, offset) that holds it; else keep it apart. The new *at*."""
    order = list(range(at[0], len(entry.lines))) + list(range(at[0]))
    for i in order:
        line = entry.lines[i]
        start = line.row.text.find(dup.text, at[1] if i == at[0] else 0) if line.row.verdict == "kept" else -1
        if start >= 0 and line.free(start, start + len(dup.text)):
            line.marks.append(Mark(start, start + len(dup.text), "duplicate", target=target, duplicate=dup))
            return i, start + len(dup.text)
    entry.stray.append(Mark(0, 0, "duplicate", target=target, duplicate=dup))
    return at


def _link_duplicates(entries: list[Entry]) -> None:
    """Each duplicate marked in its line, linked to the sentence it repeats when that document is on the page earlier."""
    first: dict[str, Entry] = {}
    sentences: dict[int, _Sentences] = {}
    for entry in entries:
        at = (0, 0)
        for dup in entry.doc.duplicates:
            earlier = first.get(dup.first_seen)
            target = ""
            if earlier is not None:
                if earlier.number not in sentences:
                    sentences[earlier.number] = _Sentences(earlier)
                target = sentences[earlier.number].anchor(dup.text) or earlier.anchor
            at = _place(entry, dup, target, at)
        if entry.doc.duplicate_of in first:
            entry.original = first[entry.doc.duplicate_of].anchor
        if not entry.doc.error:
            first.setdefault(entry.doc.id, entry)


def collect(docs: Iterable[Document]) -> Report:
    """The report of cleaned, traced documents (``trace=True``), in their order; failed ones have no lines.

    It holds every document until the end (a later one may repeat any earlier one): a page is for reading,
    tens or hundreds of documents, not a corpus.
    """
    entries = []
    for number, doc in enumerate(docs, start=1):
        entry = Entry(number, doc)
        rows = [] if doc.error else reading_order(doc)
        entry.lines = [Line(row, f"{entry.anchor}-l{k}") for k, row in enumerate(rows, start=1)]
        entries.append(entry)
    _link_duplicates(entries)
    for entry in entries:
        for line in entry.lines:
            line.marks.sort(key=lambda m: m.start)
    return Report(entries)
