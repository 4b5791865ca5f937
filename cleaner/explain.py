"""``cleaner explain FILE``: every line of one input, kept or removed, and why.

>>> rows = explain_lines("Connect with us\\nThe ministry said the intruders were inside for two years.")
>>> [(r.verdict, r.reason) for r in rows]
[('removed', 'navigation'), ('kept', ''), ('kept', 'lang=en')]
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from .boilerplate import strip_boilerplate
from .decode import decode_bytes, kind_from_suffix, sniff_kind
from .document import Document
from .errors import InputError
from .pipeline import extract, repair, strip, strip_options, tag_language

_COLORS = {"kept": "\033[32m", "title": "\033[1;36m", "removed": "\033[31m", "repaired": "\033[33m"}
_RESET = "\033[0m"


@dataclass(frozen=True)
class Row:
    verdict: str  # "title", "kept", "removed" or "repaired"
    stage: str
    reason: str
    text: str


def explain_document(doc: Document) -> list[Row]:
    """Run the per-article stages on *doc* and say what happened to each line.

    Each line gets the verdict of the first boilerplate pass; a line that a
    later pass of the fixed point removed (its context had changed) shows that
    pass's reason.
    """
    doc = repair(extract(doc))
    result = strip_boilerplate(doc.paragraphs, **strip_options(doc))
    final = strip(replace(doc, removed=list(doc.removed)))  # the stage itself, all passes
    kept_at_last = set(final.paragraphs) | {final.title}
    later = {r.text: r.reason for r in final.removed[len(doc.removed) + len(result.removed):]}
    rows = [Row("repaired", r.stage, r.reason, f"{r.text!r} -> {r.fixed!r}") for r in doc.repairs]
    rows += [Row("removed", r.stage, r.reason, r.text) for r in doc.removed if r.stage == "extract"]
    if doc.title:
        rows.append(Row("title", "extract", "", doc.title))
    rows += [Row("removed", "boilerplate", r, t) for r, t in result.removed if r == "cross_reference"]
    for line, verdict in zip(result.lines, result.verdicts, strict=True):
        if verdict == "title":
            rows.append(Row("title", "boilerplate", "", line))
        elif verdict:
            rows.append(Row("removed", "boilerplate", verdict, line))
        elif line not in kept_at_last and line in later:
            rows.append(Row("removed", "boilerplate", later[line], line))
        else:
            rows.append(Row("kept", "", "", line))
    tag_language(final)
    rows.append(Row("kept", "language", f"lang={final.lang}", ""))
    return rows


def explain_lines(text: str) -> list[Row]:
    """:func:`explain_document` for a string, sniffed as HTML or text."""
    return explain_document(Document(id="-", raw=text, kind="html" if sniff_kind(text) == "html" else "text"))


def render(rows: list[Row], *, color: bool) -> str:
    out = []
    for row in rows:
        if row.stage == "language":
            out.append(f"# {row.reason}")
            continue
        mark = {"kept": "+", "title": "T", "removed": "-", "repaired": "~"}[row.verdict]
        label = f"{row.stage}:{row.reason}" if row.reason else row.verdict
        line = f"{mark} {label:<28} {row.text}"
        out.append(f"{_COLORS[row.verdict]}{line}{_RESET}" if color else line)
    return "\n".join(out) + "\n"


def run_explain(path: str, *, color: str = "auto") -> int:
    """The CLI command: 0 on success, 1 when the input cannot be read or cleaned."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        text = decode_bytes(data)
        kind = kind_from_suffix(path) or sniff_kind(text)
        if kind == "jsonl":
            raise InputError("explain takes one article (HTML or text), not JSON Lines")
        rows = explain_document(Document(id=path, raw=text, kind=kind))
    except (InputError, OSError) as exc:
        message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"cleaner: {path}: {message}", file=sys.stderr)
        return 1
    use_color = color == "always" or (color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ)
    sys.stdout.write(render(rows, color=use_color))
    return 0
