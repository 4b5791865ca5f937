"""``cleaner explain FILE``: every line of one input, kept or removed, and why.

The pipeline records a trace when asked (``Options(trace=True)``): each stage notes
each line's fate, step by step (the HTML block filter, then each pass of the
boilerplate fixed point). This module only renders that trace; it runs nothing itself.

>>> rows = explain_lines("Connect with us\\nThe ministry said the intruders were inside for two years.")
>>> [(r.verdict, r.reason) for r in rows]
[('removed', 'navigation'), ('kept', ''), ('kept', 'lang=en')]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from ..boilerplate.rules import load_rules
from ..document import Document, TraceLine
from ..errors import InputError, RulesError
from ..inputs.decode import decode_bytes, sniff_kind
from ..inputs.kinds import describe, is_container, kind_from_suffix
from ..options import DEFAULT_MAX_BYTES, Options
from ..pipeline import default_pipeline

_COLORS = {"kept": "\033[32m", "title": "\033[1;36m", "removed": "\033[31m", "repaired": "\033[33m"}
_RESET = "\033[0m"


@dataclass(frozen=True)
class Row:
    verdict: str  # "title", "kept", "removed" or "repaired"
    stage: str
    reason: str
    text: str
    step: str = ""  # the boilerplate step that decided, when not the first pass
    rule: str = ""  # the phrase rule that fired, where it is defined


def _boilerplate_rows(trace: list[TraceLine]) -> list[Row]:
    """The HTML filter's removals, then each line of the first pass with its fate.

    A line the first pass kept but a later pass removed (its context had changed) shows that pass's reason.
    """
    rows = []
    passes = [t for t in trace if t.step.startswith("pass ")]
    later: dict[str, list[TraceLine]] = {}  # what later passes removed, by text, in order (a page may repeat a line)
    for t in passes:
        if t.step != "pass 1" and t.verdict == "removed":
            later.setdefault(t.text, []).append(t)
    for t in passes:
        if t.step != "pass 1":
            continue
        if t.verdict in ("kept", "title") and later.get(t.text):  # a later pass took it (a title too)
            last = later[t.text].pop(0)
            rows.append(Row("removed", t.stage, last.reason, t.text, last.step, last.rule))
        elif t.verdict == "removed":
            rows.append(Row("removed", t.stage, t.reason, t.text, rule=t.rule))
        else:
            rows.append(Row(t.verdict, "boilerplate" if t.verdict == "title" else "", "", t.text))
    return rows


def _in_page_order(blocks: list[TraceLine], rows: list[Row]) -> list[Row]:
    """The HTML block filter's removals placed among the lines the passes saw, in the page's order.

    *blocks* is the filter's trace, every block in page order; a line of the passes sits where the first
    kept block it holds sits (two blocks of one sentence were joined into one line).
    """
    kept = [(i, t.text) for i, t in enumerate(blocks) if t.verdict == "kept"]
    placed = [(float(i), Row("removed", t.stage, t.reason, t.text, rule=t.rule))
              for i, t in enumerate(blocks) if t.verdict == "removed"]
    k, at = 0, -1.0
    for row in rows:
        if k < len(kept) and (kept[k][1] in row.text or row.text in kept[k][1]):
            at = float(kept[k][0])
            k += 1
            while k < len(kept) and kept[k][1] in row.text:  # joined into this line
                k += 1
        placed.append((at, row))  # a line no block matches (a span cut out of a line) stays after the one before
    return [row for _, row in sorted(placed, key=lambda item: item[0])]


def explain_document(doc: Document, *, rules: tuple[str, ...] = (), favor: str = "balanced") -> list[Row]:
    """Clean *doc* with a trace and say what happened to each line; bad input raises :class:`InputError`."""
    doc = default_pipeline(Options(trace=True, rules=rules, favor=favor)).run(doc)
    if doc.error:
        raise InputError(doc.error)
    rows = [Row("repaired", r.stage, r.reason, f"{r.text!r} -> {r.fixed!r}") for r in doc.repairs]
    rows += [Row("removed", r.stage, r.reason, r.text) for r in doc.removed if r.stage == "extract"]
    if doc.kind == "html" and doc.title:
        rows.append(Row("title", "extract", "", doc.title))
    rows += _in_page_order([t for t in doc.trace or [] if t.step == "html_blocks"], _boilerplate_rows(doc.trace or []))
    rows.append(Row("kept", "language", f"lang={doc.lang}", ""))
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
        label += f" ({row.step})" if row.step else ""
        line = f"{mark} {label:<28} {row.text}" + (f"  [{row.rule}]" if row.rule else "")
        out.append(f"{_COLORS[row.verdict]}{line}{_RESET}" if color else line)
    return "\n".join(out) + "\n"


def _one_document(path: str) -> Document:
    """The one article at *path* (``-``: stdin), read as ``clean`` reads it: the same id, kind and decoding,
    so that scoped rules and every other decision are the same as ``clean``'s."""
    from ..inputs.sources import iter_sources

    if path != "-" and Path(path).is_dir():
        raise InputError("explain takes one article (HTML or text), not a folder")
    kind = kind_from_suffix(path)
    stdin = sys.stdin.buffer.read() if path == "-" else None
    if stdin is not None and kind is None:
        kind = sniff_kind(decode_bytes(stdin))
    if is_container(kind):
        raise InputError(f"explain takes one article (HTML or text), not {describe(kind)}")
    source = next(iter_sources([path], stdin=stdin, max_bytes=DEFAULT_MAX_BYTES))
    doc = source.load()
    if doc.error:
        raise InputError(doc.error)
    return doc


def run_explain(path: str, *, color: bool = False, rules: tuple[str, ...] = (), favor: str = "balanced") -> int:
    """The CLI command: 0 on success, 1 when the input cannot be read or cleaned, 2 for a bad --rules file."""
    try:
        for rules_file in rules:
            load_rules(rules_file)
    except RulesError as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return 2
    try:
        rows = explain_document(_one_document(path), rules=rules, favor=favor)
    except (InputError, RulesError, OSError) as exc:
        message = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"cleaner: {path}: {message}", file=sys.stderr)
        return 1
    sys.stdout.write(render(rows, color=color))
    return 0
