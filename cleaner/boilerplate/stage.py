"""Stage, boilerplate: the article's lines kept, the page's dropped, each with its reason.

The stage runs the boilerplate engine's two users: in HTML mode first
:mod:`cleaner.boilerplate.htmlblocks` (what only HTML knows: tags, link density, the page title),
then, in both modes, :mod:`cleaner.boilerplate.textpage` (line and block rules; in text mode the
line model and the title search). Every removal is recorded under stage ``boilerplate``.

The text-page pass is repeated until cleaning its own output would change nothing
(at most :data:`MAX_PASSES` times): once the junk around a line is gone, the line model
sees a different page, and the output must be a fixed point so that cleaning cleaned
text is a no-op.

>>> doc = strip(Document(id="a", paragraphs=["Connect with us",
...     "The ministry said on Wednesday that it had found the intruders last year."]))
>>> doc.paragraphs, [(r.stage, r.reason) for r in doc.removed]
(['The ministry said on Wednesday that it had found the intruders last year.'], [('boilerplate', 'navigation')])
"""

from __future__ import annotations

from ..document import Document
from ..errors import InputError
from ..repair import continues_sentence, rejoin_broken_lines
from ..sentences import is_prose
from .htmlblocks import Block, block_reasons
from .listblock import list_article
from .rules import RuleSet, default_rules
from .textpage import Stripped, strip_page

STAGE = "boilerplate"
MAX_PASSES = 4


def strip(doc: Document, *, rules: RuleSet | None = None, use_model: bool = True, favor: str = "balanced") -> Document:
    """Boilerplate removed from *doc*; *rules* default to the built-in phrase table.

    ``use_model=False`` leaves text mode to the rules alone; *favor* ("precision", "recall")
    moves the borderline decisions (:mod:`cleaner.options`).
    """
    rules = (rules or default_rules()).for_document(doc.id)
    mode = "html" if doc.kind == "html" else "text"
    lines = start = doc.paragraphs
    if mode == "html":
        lines = _html_blocks(doc, rules, favor)
    find_title = mode == "text" and not doc.title  # text mode: the title is the output's first line
    lines = rejoin_broken_lines(lines)
    title, kept = doc.title, lines
    for number in range(1, MAX_PASSES + 1):
        result = strip_page(lines, rules=rules, mode=mode, use_model=use_model and mode == "text", find_title=find_title,
                            favor=favor)
        _record(doc, result, f"pass {number}", rules, mode)
        doc.author = doc.author or result.author
        title = result.title if find_title else title
        # rejoined: a sentence split around a removed line (an ad, a lone ',') is whole once that line is gone
        kept = rejoin_broken_lines([p for p in result.kept if p != title])
        if kept == [line for line in lines if line != title]:
            break
        # a later pass reads the article without the headline an earlier pass found: with the page's chrome
        # gone, the title search has too little context to re-judge it (a standfirst would take its place)
        lines, find_title = kept, find_title and not title
    if not any(is_prose(line) for line in kept):  # no paragraph: a list or a table may be the article
        title, kept = _list_article(doc, rejoin_broken_lines(start), rules, mode, title, kept)
    doc.title, doc.paragraphs = title, kept
    if not kept:
        raise InputError("no article text found" + (" in this HTML" if mode == "html" else ""))
    return doc


def _list_article(doc: Document, lines: list[str], rules: RuleSet, mode: str, title: str,
                  kept: list[str]) -> tuple[str, list[str]]:
    """The title and the lines to keep when no paragraph is left: the longest list under a headline
    (:func:`listblock.list_article`) in the lines the stage started from, else *title* and *kept*.

    Its items are no longer recorded as removed; each is traced as kept, reason ``list_article``,
    step ``list fallback``. In text mode the headline above the list is the title.
    """
    found = list_article(lines, rules, mode, headed_by_title=mode == "html" and bool(title))
    if found is None:
        return title, kept
    at, items = found
    restored = set(items) | ({lines[at]} if at >= 0 else set())
    doc.removed = [r for r in doc.removed if not (r.stage == STAGE and r.text in restored)]
    for item in items:
        doc.record_trace(STAGE, "list fallback", "kept", "list_article", item)
    return (lines[at] if mode == "text" and at >= 0 else title), items


def _html_blocks(doc: Document, rules: RuleSet, favor: str) -> list[str]:
    """HTML mode: what trafilatura let through that no article body holds (tags and link density known)."""
    blocks: list[Block] = []
    for (tag, density), text in zip(doc.layout, doc.paragraphs, strict=True):
        if blocks and continues_sentence(blocks[-1].text, text):  # one sentence over two blocks is judged whole
            last = blocks[-1]
            share = len(last.text) / (len(last.text) + len(text))
            blocks[-1] = Block(last.tag, f"{last.text} {text}", share * last.link_density + (1 - share) * density)
        else:
            blocks.append(Block(tag, text, density))
    reasons = block_reasons(blocks, title=doc.page_title, author=doc.author, rules=rules, favor=favor)
    for block, reason in zip(blocks, reasons, strict=True):
        rule = rules.rule_name(block.text, reason, "html") if reason else ""
        if reason is not None:
            doc.record_removal(STAGE, reason, block.text, rule)
        doc.record_trace(STAGE, "html_blocks", "removed" if reason else "kept", reason or "", block.text, rule)
    doc.layout = []
    return [block.text for block, reason in zip(blocks, reasons, strict=True) if reason is None]


def _record(doc: Document, result: Stripped, step: str, rules: RuleSet, mode: str) -> None:
    for reason, text in result.removed:
        doc.record_removal(STAGE, reason, text, rules.rule_name(text, reason, mode))
    if doc.trace is None:
        return
    for reason, text in result.removed:
        if reason == "cross_reference":  # a span inside a line, not a line
            doc.record_trace(STAGE, step, "removed", reason, text)
    for line, verdict in zip(result.lines, result.verdicts, strict=True):
        fate = "kept" if not verdict else "title" if verdict == "title" else "removed"
        reason = verdict if fate == "removed" else ""
        doc.record_trace(STAGE, step, fate, reason, line, rules.rule_name(line, reason, mode) if reason else "")
