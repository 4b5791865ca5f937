"""The page of ``cleaner explain --html``: a :class:`~cleaner.explain.report.Report` as one self-contained HTML file.

Rendering only (what is shown comes from :mod:`cleaner.explain.report`). The page's frame and its CSS
are a template, ``cleaner/data/explain.html`` (:class:`string.Template`); there is no script and
nothing outside the page is linked, so it opens in any browser from a file, offline. Every text
taken from a document is escaped. The same report gives the same bytes (no time, no host).

>>> from cleaner import clean_many
>>> from .report import collect
>>> page = render(collect(clean_many(["Connect with us\\n<script>The ministry said on Wednesday it had found them.</script>"],
...                                  trace=True)))
>>> '<li id="doc-1-l1" class="removed" data-stage="boilerplate" data-reason="navigation"' in page
True
>>> "<script>" in page, "&lt;script&gt;The ministry said" in page
(False, True)
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Mapping
from html import escape
from os.path import commonprefix  # character by character, any strings
from pathlib import Path
from string import Template
from typing import Any

from ..document import Repair
from .report import Entry, Line, Mark, Report

TEMPLATE = Path(__file__).resolve().parent.parent / "data" / "explain.html"
DIFF_CHARS = 1_000  # a repair's changed middle longer than this is shown as one replacement (difflib is quadratic)
_DROPPED = {"language": "another language than the ones asked for", "duplicate": "a duplicate article"}


def _e(text: str) -> str:
    return escape(text, quote=True)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _summary(report: Report) -> str:
    docs = [entry.doc for entry in report.entries]
    failed = sum(1 for doc in docs if doc.error)
    dropped = sum(1 for doc in docs if doc.dropped and not doc.error)
    return _e(f"{_plural(len(docs), 'document')}: {len(docs) - failed - dropped:,} cleaned, {failed:,} failed, "
              f"{dropped:,} left out of the output; {_plural(sum(len(d.removed) for d in docs), 'removal')}, "
              f"{_plural(sum(len(d.repairs) for d in docs), 'repair')}, "
              f"{_plural(sum(len(d.duplicates) for d in docs), 'repeated sentence')}.")


def _contents(report: Report) -> str:
    items = []
    for entry in report.entries:
        doc = entry.doc
        verdicts = Counter(line.row.verdict for line in entry.lines)
        note = doc.error if doc.error else (f"{verdicts['kept']} kept, {verdicts['removed']} removed"
                                             + (f", {len(doc.duplicates)} repeated" if doc.duplicates else "")
                                             + (f"; left out: {doc.dropped}" if doc.dropped else ""))
        state = "failed" if doc.error else "dropped" if doc.dropped else "ok"
        items.append(f'<li class="{state}"><a href="#{entry.anchor}">{_e(entry.name)}</a> '
                     f'<span class="note">{_e(note)}</span></li>')
    return "<ol>\n" + "\n".join(items) + "\n</ol>"


def _counts(report: Report) -> str:
    rows = [f'<tr class="{kind}" data-stage="{_e(stage)}" data-reason="{_e(reason)}"><td>{_e(stage)}</td>'
            f'<td>{_e(reason)}</td><td class="n">{n}</td></tr>' for kind, stage, reason, n in report.counts()]
    return ('<table>\n<thead><tr><th>stage</th><th>reason</th><th>count</th></tr></thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody>\n</table>")


def _repeat(mark: Mark, dedup: str) -> str:
    """A sentence dedup removed (or only marked), linked to where it was first seen, or naming it."""
    dup = mark.duplicate
    assert dup is not None
    where = (f'<a class="seen" href="#{mark.target}">&#8617; first in {_e(dup.first_seen)}</a>' if mark.target
             else f'<span class="seen">seen before in {_e(dup.first_seen)}, not on this page</span>')
    return (f'<span class="dup{" marked" if dedup == "mark" else ""}" data-first-seen="{_e(dup.first_seen)}" '
            f'data-similarity="{dup.similarity}"><del>{_e(dup.text)}</del> {where}</span>')


def _marked(line: Line, dedup: str) -> str:
    """A line's text, its marked spans (repeats, first appearances) wrapped."""
    text, out, at = line.row.text, [], 0
    for mark in line.marks:
        out.append(_e(text[at:mark.start]))
        if mark.kind == "first":
            out.append(f'<span class="first" id="{mark.anchor}">{_e(text[mark.start:mark.end])}</span>')
        else:
            out.append(_repeat(mark, dedup))
        at = mark.end
    out.append(_e(text[at:]))
    return "".join(out)


def _line(line: Line, dedup: str) -> str:
    row = line.row
    if row.verdict == "removed":
        attrs = f' data-stage="{_e(row.stage)}" data-reason="{_e(row.reason)}"'
        attrs += (f' data-rule="{_e(row.rule)}"' if row.rule else "") + (f' data-step="{_e(row.step)}"' if row.step else "")
        label = f"{_e(row.stage)} &middot; {_e(row.reason)}" + (f" ({_e(row.step)})" if row.step else "")
        rule = f'<span class="rule">{_e(row.rule)}</span>' if row.rule else ""
        return (f'<li id="{line.anchor}" class="removed"{attrs}><span class="label">{label}</span>'
                f'<span class="text">{_e(row.text)}</span>{rule}</li>')
    label = '<span class="label">title</span>' if row.verdict == "title" else ""
    return f'<li id="{line.anchor}" class="{row.verdict}">{label}<span class="text">{_marked(line, dedup)}</span></li>'


def _fix(repair: Repair) -> str:
    """The repaired line with what changed shown: ``<del>`` before, ``<ins>`` after, the rest as it is."""
    before, after = repair.text, repair.fixed
    head = len(commonprefix([before, after]))
    tail = len(commonprefix([before[head:][::-1], after[head:][::-1]]))
    old, new = before[head:len(before) - tail], after[head:len(after) - tail]
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if len(old) + len(new) <= DIFF_CHARS \
        else [("replace", 0, len(old), 0, len(new))]
    out = [_e(before[:head])]
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            out.append(_e(old[i1:i2]))
            continue
        out.append(f"<del>{_e(old[i1:i2])}</del>" if i2 > i1 else "")
        out.append(f"<ins>{_e(new[j1:j2])}</ins>" if j2 > j1 else "")
    out.append(_e(before[len(before) - tail:]))
    return "".join(out)


def _meta(entry: Entry) -> str:
    doc = entry.doc
    parts = [f"id {doc.id}", doc.kind]
    parts += [f"{name} {value}" for name, value in (("lang", doc.lang), ("title", doc.title), ("author", doc.author),
                                                     ("date", doc.date), ("url", doc.url)) if value and not doc.error]
    return f'<p class="meta">{_e(" · ".join(parts))}</p>'


def _notes(entry: Entry) -> str:
    """What happened to the document as a whole: why it failed, why it is left out, or what it all repeats."""
    doc = entry.doc
    if doc.error:
        return f'<p class="error">not cleaned: {_e(doc.error)}</p>'
    original = (f'<a href="#{entry.original}">{_e(doc.duplicate_of)}</a>' if entry.original else _e(doc.duplicate_of)) \
        if doc.duplicate_of else ""
    if doc.dropped:
        why = _e(_DROPPED.get(doc.dropped, doc.dropped)) + (f" of {original}" if original else "")
        return f'<p class="dropped" data-dropped="{_e(doc.dropped)}">left out of the output: {why}</p>'
    return f'<p class="dropped">nearly all of it repeats {original} (kept: dedup marks, does not remove)</p>' if original else ""


def _entry(entry: Entry, dedup: str) -> str:
    doc = entry.doc
    parts = [f'<article id="{entry.anchor}" class="doc">', f"<h2>{entry.number}. {_e(entry.name)}</h2>",
             _meta(entry), _notes(entry)]
    if doc.repairs:
        parts.append("<h3>Repairs</h3>\n<ol class=\"repairs\">")
        parts += [f'<li data-stage="{_e(r.stage)}" data-reason="{_e(r.reason)}"><span class="label">{_e(r.stage)} '
                  f'&middot; {_e(r.reason)}</span><span class="fix">{_fix(r)}</span></li>' for r in doc.repairs]
        parts.append("</ol>")
    if entry.lines:
        parts.append('<ol class="lines">')
        parts += [_line(line, dedup) for line in entry.lines]
        parts.append("</ol>")
    if entry.stray:
        parts.append('<h3>Repeated sentences across lines</h3>\n<ul class="stray">')
        parts += [f"<li>{_repeat(mark, dedup)}</li>" for mark in entry.stray]
        parts.append("</ul>")
    parts.append("</article>")
    return "\n".join(part for part in parts if part)


def render(report: Report, *, dedup: str = "remove", about: Mapping[str, Any] | None = None) -> str:
    """The whole page. *dedup* is the run's mode ("mark": repeats are listed, not struck out); *about*, shown
    at the foot, says what made it (``cleaner.provenance.provenance``: version, hashes, options)."""
    footer = "made by cleaner" + ("".join(f" · {_e(str(k))} {_e(str(v))}" for k, v in about.items()) if about else "")
    what = report.entries[0].name if len(report.entries) == 1 else _plural(len(report.entries), "document")
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        title=_e(f"cleaner explain: {what}"), summary=_summary(report), contents=_contents(report),
        counts=_counts(report), documents="\n".join(_entry(entry, dedup) for entry in report.entries), about=footer)
