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
from pathlib import Path

from ..boilerplate.rules import load_rules
from ..document import Document
from ..errors import InputError, RulesError
from ..inputs.decode import decode_bytes, sniff_kind
from ..inputs.kinds import describe, is_container, kind_from_suffix
from ..options import DEFAULT_MAX_BYTES, Options
from ..pipeline import default_pipeline
from .report import Row, reading_order

_COLORS = {"kept": "\033[32m", "title": "\033[1;36m", "removed": "\033[31m", "repaired": "\033[33m"}
_RESET = "\033[0m"


def explain_document(doc: Document, *, rules: tuple[str, ...] = (), favor: str = "balanced") -> list[Row]:
    """Clean *doc* with a trace and say what happened to each line; bad input raises :class:`InputError`."""
    doc = default_pipeline(Options(trace=True, rules=rules, favor=favor)).run(doc)
    if doc.error:
        raise InputError(doc.error)
    rows = [Row("repaired", r.stage, r.reason, f"{r.text!r} -> {r.fixed!r}") for r in doc.repairs]
    rows += reading_order(doc)  # the explain page's order and fates: every removal once, in page order
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
