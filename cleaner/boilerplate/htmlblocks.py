"""Boilerplate in HTML blocks: what trafilatura let through that article bodies never contain.

The other user of the boilerplate engine (:mod:`cleaner.boilerplate.rules`, :mod:`cleaner.boilerplate.shapes`);
:mod:`cleaner.boilerplate.textpage` is the first. It reads what only HTML knows, each block's tag
and link density, and marks, each with a reason:

* the headline repeated as the first body block, bylines, dates and reading times above the text;
* single blocks that are boilerplate wherever they stand (the phrase table's line rules);
* a sign-up box's heading and pitch over its small print (the form itself is not in the body);
* a late heading that opens a non-article section ("Related articles", "Sources",
  "About the author", "Comments" ...), with everything after it;
* lists of links (three items or more, mostly link text) and short paragraphs that are one link;
* author bios and their name/role lines at the very end.

>>> blocks = [Block("head", "Storm hits coast", 0.0), Block("p", "By Ann Lee", 0.0)] + [
...     Block("p", f"The storm reached the coast on Monday night and flooded {n} streets in the old town.", 0.0)
...     for n in ("six", "ten", "many")] + [Block("p", "Related: Ten tips for storm season", 1.0)]
>>> kept, dropped = filter_blocks(blocks, title="Storm hits coast - Daily")
>>> len(kept), [reason for reason, _ in dropped]
(3, ['title', 'byline', 'related'])
"""

from __future__ import annotations

import re

from ..blocks import Block, norm, title_variants
from ..options import knobs
from ..sentences import is_prose
from ..words import count_words
from .boxes import ENDS_ARTICLE, above_form, article_goes_on, box_end, is_box_label, is_sentence
from .rules import RuleSet, default_rules
from .shapes import is_closing_bio, is_credit_line, is_dateline

MODE = "html"
_WORD = re.compile(r"\w+", re.U)
_ENDS_CLAUSE = re.compile(r"[.!?…。！？:;]['\"’”»)\]]*$")  # a sentence or a clause ends here
_LINK_LIST_DENSITY = 0.6  # ... whose text is this much link text is a list of links to elsewhere
_LINK_LINE_WORDS = 20  # a short paragraph that is (mostly) link text: a teaser (how much: cleaner.options)
_TITLE_OVERLAP = 0.6  # a leading heading whose words are this much in the page title is the headline
_HEAD_BLOCKS, _HEAD_META_WORDS = 8, 12  # bylines and dates are looked for in the first blocks, and are short
_TAIL_HEADING_WORDS = 10  # ... and be this short
_BIO_TAIL_WORDS = 60  # at most this many words may follow a closing author bio


def filter_blocks(blocks: list[Block], *, title: str = "", author: str = "", rules: RuleSet | None = None,
                  favor: str = "balanced") -> tuple[list[Block], list[tuple[str, str]]]:
    """Split blocks into kept ones and (reason, text) removals; order is kept."""
    reasons = block_reasons(blocks, title=title, author=author, rules=rules, favor=favor)
    kept = [block for block, reason in zip(blocks, reasons, strict=True) if reason is None]
    dropped = [(reason, block.text) for block, reason in zip(blocks, reasons, strict=True) if reason is not None]
    return kept, dropped


def block_reasons(blocks: list[Block], *, title: str = "", author: str = "", rules: RuleSet | None = None,
                  favor: str = "balanced") -> list[str | None]:
    """Per block, why it goes (None: it stays). *title* is the page's whole title, *author* its known author."""
    rules = rules or default_rules()
    setting = knobs(favor)
    reasons: list[str | None] = [None] * len(blocks)
    texts = [" ".join(block.text.split()) for block in blocks]
    _mark_head(blocks, texts, reasons, title, author)
    for i, text in enumerate(texts):
        if reasons[i] is None:
            reasons[i] = rules.line_reason(text, MODE)
        tag, density = blocks[i].tag, blocks[i].link_density
        if reasons[i] is None and tag == "list" and density >= _LINK_LIST_DENSITY:
            reasons[i] = "link_list"
        elif reasons[i] is None and tag == "p" and density >= setting.link_line_density and count_words(text) <= _LINK_LINE_WORDS:
            reasons[i] = "link_line"
    _mark_link_labels(texts, reasons)
    _mark_signup_boxes(texts, reasons)
    _mark_tail(texts, reasons, rules, setting.tail_start)
    for i in reversed([i for i, r in enumerate(reasons) if r is None]):
        if blocks[i].tag != "head":
            break
        reasons[i] = "trailing_heading"  # a heading with nothing under it
    if not any(r is None and is_prose(t) for t, r in zip(texts, reasons, strict=True)):
        reasons = [r or "no_article_text" for r in reasons]  # menus, forms, link hubs: no article here
    return reasons


def _mark_head(blocks: list[Block], texts: list[str], reasons: list[str | None], title: str, author: str) -> None:
    """Title repeats, bylines, dates and the author's name above the first paragraph of prose."""
    variants = title_variants(title)
    title_words = set(norm(title).split())
    author_norm = norm(author)
    for i, text in enumerate(texts[:_HEAD_BLOCKS]):
        normed = norm(text)
        words = normed.split()
        if variants and normed in variants:
            reasons[i] = "title"
        elif (blocks[i].tag == "head" and len(words) >= 3 and title_words
              and sum(w in title_words for w in words) >= _TITLE_OVERLAP * len(words)):
            reasons[i] = "title"
        elif count_words(text) <= _HEAD_META_WORDS and (is_credit_line(text) or is_dateline(text)):
            reasons[i] = "byline"
        elif author_norm and normed == author_norm:
            reasons[i] = "byline"
        elif count_words(text) >= _HEAD_META_WORDS:
            break


def _mark_tail(texts: list[str], reasons: list[str | None], rules: RuleSet, tail_start: float = 0.5) -> None:
    """A late closing-section heading and all after it; then bios and stray labels at the end."""
    counts = [count_words(t) for t in texts]
    sizes = [n if r is None else 0 for n, r in zip(counts, reasons, strict=True)]
    total = sum(sizes)
    seen = 0
    for i, text in enumerate(texts):
        if seen >= tail_start * total and counts[i] <= _TAIL_HEADING_WORDS:
            section = rules.heading_reason(text, MODE)
            end = box_end(texts, reasons, i, heads=lambda j: rules.heading_reason(texts[j], MODE) is not None) \
                if section is not None and section not in ENDS_ARTICLE else i
            if section is not None and end > i and article_goes_on(texts, reasons, end, is_prose):
                for j in range(i, end):  # a box in mid-article: the article resumes after it
                    reasons[j] = reasons[j] or section
            elif section is not None:
                for j in range(i, len(texts)):
                    if reasons[j] is None:
                        reasons[j] = section
                break
        seen += sizes[i]
    _mark_closing_bio(texts, reasons, counts)


def _mark_link_labels(texts: list[str], reasons: list[str | None]) -> None:
    """A short heading over links and nothing else (two link lines, or a list of links), standing
    between paragraphs of prose, is the label of a box of links."""
    for i in range(1, len(texts) - 1):
        links = 1 if reasons[i + 1] == "link_list" else 2 if reasons[i + 1:i + 3] == ["link_line", "link_line"] else 0
        if links and reasons[i] is None and is_box_label(texts[i]) and is_prose(texts[i - 1]) \
                and i + 1 + links < len(texts) and is_prose(texts[i + 1 + links]):
            reasons[i] = "link_list"


def _mark_signup_boxes(texts: list[str], reasons: list[str | None]) -> None:
    """A sign-up box whose field and button trafilatura left out: a heading and a one-line pitch over the
    form's small print (a consent sentence), as in page text (:func:`cleaner.boxes.above_form`)."""
    for i, reason in enumerate(reasons):
        found = above_form(texts, reasons, i) if reason == "consent_line" and is_sentence(texts[i]) else []
        if len(found) == 2:  # both: one short line over small print is too little to call a box
            for k in found:
                reasons[k] = "newsletter"


def _mark_closing_bio(texts: list[str], reasons: list[str | None], counts: list[int]) -> None:
    """Near the end: an author bio, the short name/role lines above it and whatever little follows it."""
    live = [i for i, r in enumerate(reasons) if r is None]
    for pos in range(len(live) - 1, max(len(live) - 4, -1), -1):
        i = live[pos]
        if sum(counts[j] for j in live[pos + 1:]) > _BIO_TAIL_WORDS:
            break
        if is_closing_bio(texts[i]):
            for j in live[pos:]:
                reasons[j] = "author_bio"
            for j in reversed(live[max(pos - 2, 0):pos]):
                if counts[j] > 6 or _ENDS_CLAUSE.search(texts[j]):
                    break
                reasons[j] = "author_bio"
            break
