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
from typing import Any


@dataclass(frozen=True)
class Removal:
    """A piece of text a stage took out: which stage, why, and what."""

    stage: str
    reason: str
    text: str


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


@dataclass
class Document:
    """One article on its way through the pipeline."""

    id: str
    raw: str = ""
    kind: str = "text"  # "text" or "html"
    source: str = ""  # the path or "<stdin>" it came from
    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    author: str = ""
    date: str = ""
    lang: str = "und"
    removed: list[Removal] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    error: str = ""  # why this input could not be cleaned (one line), or ""
    dropped: str = ""  # why a cleaned document is left out of the output (e.g. "language"), or ""

    @property
    def ok(self) -> bool:
        """Cleaned and wanted: no error, not filtered out."""
        return not self.error and not self.dropped

    def record_removal(self, stage: str, reason: str, text: str) -> None:
        self.removed.append(Removal(stage, reason, text))

    def record_repair(self, stage: str, reason: str, text: str, fixed: str) -> None:
        if text != fixed:
            self.repairs.append(Repair(stage, reason, text, fixed))

    @property
    def text(self) -> str:
        """The body, one paragraph per line, without the title."""
        return "\n".join(self.paragraphs)

    def to_text(self) -> str:
        """The title on the first line when known, then the body."""
        lines = ([self.title] if self.title else []) + self.paragraphs
        return "\n".join(lines) + "\n" if lines else ""

    def to_record(self) -> dict[str, Any]:
        """The JSON Lines record of the CLI contract."""
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "lang": self.lang,
            "author": self.author,
            "date": self.date,
            "removed": [asdict(r) for r in self.removed],
            "repairs": [asdict(r) for r in self.repairs],
            "duplicates": [asdict(d) for d in self.duplicates],
        }
