"""Stage 4, boilerplate: keep the article's lines, drop the page's.

Three layers, each recording a reason for every line it drops:

1. *line rules* (:mod:`cleaner.patterns`): lines that are never article text
   (ads, navigation, share bars, bylines, image credits, "Related: ..." ...),
   and inline cross-references such as "(see: ...)";
2. *block rules*: a heading such as "Written By", "People on the Move" or
   "References :" takes its block with it; past the middle of the article's
   prose it ends the article, so everything after it goes;
3. *the line model* (text mode only, :mod:`cleaner.linemodel`): a classifier
   over line shape and page context for what the rules do not know; a long
   sentence between kept lines stays whatever it scores, and an input of a few
   lines (no page around it) is left to the rules.

Then, in text mode, the headline just above the first article paragraph
becomes the title and the page chrome above it goes.

>>> page = ["Connect with us", "Czech Government Condemns Chinese Hack",
...         "The Czech government issued a blunt warning to China on Wednesday, it said.",
...         "Advertisement. Scroll to continue reading.", "Officials said more was to come soon."]
>>> result = strip_boilerplate(page, use_model=False)
>>> result.title
'Czech Government Condemns Chinese Hack'
>>> len(result.kept)
2
>>> [r for r, _ in result.removed]
['navigation', 'advertisement']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .patterns import (
    BIO_ROLE,
    BIO_SUBJECT,
    BLOCK_HEADINGS,
    BYLINE_START,
    CLOSING_BIO,
    DATE,
    DATELINE_WORDS,
    INLINE_CROSS_REFERENCE,
    LINE_PATTERNS,
    LINE_SCREENS,
)
from .words import content_words, count_words, starts_like_a_heading, width

_WORD_RUN = re.compile(r"\w+", re.U)
_ENDS_SENTENCE = re.compile(r"[.!?…。！？]['\"’”»)\]]*$")
_ENDS_CLAUSE = re.compile(r"[.:;,。：；，、]['\"’”»)\]」』]*$")
LONG_PROSE_CHARS = 150  # characters, not words: German or Finnish words are long
MIN_MODEL_LINES = 5  # fewer lines are no page to read context from: the rules alone decide
_AT_SITE_NAME = re.compile(r"^(.+?)\s?@")
_BYLINE_NAME = re.compile(r"^(?i:(?:written |posted |reported |words |text )?by|von|par|por|di|door|av|autor(?:in)?:?|author:?)\s+"
                          r"(.+?)(?:\s*[|,·•–—-]\s*.*)?$", re.U)


@dataclass
class Stripped:
    """What the boilerplate stage keeps, what it drops and why, and what it learns."""

    kept: list[str]
    removed: list[tuple[str, str]] = field(default_factory=list)
    title: str = ""
    author: str = ""
    lines: list[str] = field(default_factory=list)  # the input lines, inline cross-references cut
    verdicts: list[str] = field(default_factory=list)  # per line: "" kept, "title", or the removal reason


@lru_cache(maxsize=8192)  # asked of the same lines by several rules and on every fixed-point pass
def is_prose(line: str) -> bool:
    """A line that reads as running text: a sentence of some length."""
    words = count_words(line)
    return words >= 20 or (words >= 7 and bool(_ENDS_SENTENCE.search(line)))


def _is_long_prose(line: str) -> bool:
    """Running text too long to be anything but article, when it stands among the article's lines."""
    return width(line) >= LONG_PROSE_CHARS and bool(_ENDS_SENTENCE.search(line))


def is_headline(line: str) -> bool:
    """A line shaped like a headline: a few words, capitalised, no closing stop."""
    words = count_words(line)
    first = line.lstrip("\"'“‘«「『")[:1]
    return (3 <= words <= 25 and width(line) >= 15 and starts_like_a_heading(first)
            and not _ENDS_CLAUSE.search(line))


@lru_cache(maxsize=8192)  # the fixed-point passes and the line model ask again about the same lines
def line_reason(line: str) -> str | None:
    """The reason a single line is boilerplate on its own, or None."""
    for reason, pattern in LINE_PATTERNS.items():
        screen = LINE_SCREENS.get(reason)
        if (screen is None or screen.search(line)) and pattern.match(line):
            return reason
    if len(line) >= 6 and len(line) % 2 == 0 and line[: len(line) // 2] == line[len(line) // 2:]:
        return "site_name"  # "SecurityWeekSecurityWeek": a logo's text twice
    return None


@lru_cache(maxsize=8192)
def heading_reason(line: str) -> str | None:
    """The block a heading opens ("author_bio", "related" ...), or None."""
    if len(line) > 80:
        return None
    for reason, pattern in BLOCK_HEADINGS.items():
        if pattern.match(line):
            return reason
    return None


def _author_from(reason: str, line: str) -> str:
    if reason == "byline_at_site":
        match = _AT_SITE_NAME.match(line)
    elif reason == "byline":
        match = _BYLINE_NAME.match(line)
    else:
        match = BIO_SUBJECT.match(line)
    return match.group(1).strip() if match else ""


def _strip_inline(lines: list[str], removed: list[tuple[str, str]]) -> list[str]:
    out = []
    for line in lines:
        if "(" not in line:  # every cross-reference is in brackets
            out.append(line)
            continue
        for match in INLINE_CROSS_REFERENCE.finditer(line):
            removed.append(("cross_reference", match.group().strip()))
        out.append(INLINE_CROSS_REFERENCE.sub("", line))
    return out


def _mark_lines(lines: list[str], reasons: list[str | None]) -> None:
    for i, line in enumerate(lines):
        reasons[i] = line_reason(line)
        if reasons[i] == "call_to_action" and i > 0 and reasons[i - 1] is None and not is_headline(lines[i - 1]):
            reasons[i - 1] = "promo_blurb"  # the teaser a "Watch Now" / "Register" button belongs to


def _mark_blocks(lines: list[str], reasons: list[str | None]) -> None:
    prose = [len(line) if reasons[i] is None and is_prose(line) else 0 for i, line in enumerate(lines)]
    total, before = sum(prose), 0
    i = 0
    while i < len(lines):
        block = heading_reason(lines[i]) if reasons[i] in (None, "newsletter", "people_on_the_move") else None
        if block is None:
            before += prose[i]
            i += 1
            continue
        if before >= 300 and before > total - before:  # past the article's middle: the article ends here
            for j in range(i, len(lines)):
                block = heading_reason(lines[j]) or block
                reasons[j] = reasons[j] or block
            return
        reasons[i] = block
        i += 1
        while i < len(lines) and not prose[i] and heading_reason(lines[i]) is None:
            reasons[i] = reasons[i] or block
            i += 1


def _mark_bios(lines: list[str], reasons: list[str | None]) -> None:
    for i, line in enumerate(lines):
        after_heading = i > 0 and reasons[i - 1] == "author_bio" and lines[i - 1] and heading_reason(lines[i - 1])
        if reasons[i] is None and (after_heading or (
                BIO_SUBJECT.match(line) and BIO_ROLE.match(line) and i > len(lines) // 2)):
            reasons[i] = "author_bio"


def _mark_closing_bio(lines: list[str], reasons: list[str | None]) -> None:
    """The article's last one or two kept lines, when they are about its author."""
    tail = [i for i, reason in enumerate(reasons) if reason is None][-2:]
    if len(tail) < 2 and len(reasons) < 4:
        return  # a line or two on their own is no article with a closing bio
    for i in tail:
        if CLOSING_BIO.match(lines[i]) and count_words(lines[i]) <= 150:
            reasons[i] = "author_bio"


def _apply_model(lines: list[str], reasons: list[str | None], keep: list[bool]) -> None:
    """Drop what the model does not keep, except long sentences that continue the article.

    A long sentence stays when it stands between kept lines, or right after
    one with nothing but rule-removed lines (an ad, a share bar) between.
    A model that keeps nothing has misread the page and is ignored.
    """
    inside = [i for i, k in enumerate(keep) if k and reasons[i] is None]
    if not inside:
        return
    previous_kept = False
    for i, k in enumerate(keep):
        if reasons[i] is not None:
            continue
        if not k and _is_long_prose(lines[i]) and (previous_kept or inside[0] < i < inside[-1]):
            k = True
        if not k:
            reasons[i] = "low_content_score"
        previous_kept = k


def _find_title(lines: list[str], reasons: list[str | None]) -> int | None:
    """The headline just above the first kept prose line, if there is one."""
    first = next((i for i, line in enumerate(lines) if reasons[i] is None and is_prose(line)), None)
    if first is None:
        return None
    for j in range(first - 1, max(-1, first - 5), -1):
        under = "dateline" if is_dateline(lines[j]) else "byline" if BYLINE_START.match(lines[j]) else None
        if under and reasons[j] in (None, "low_content_score"):
            reasons[j] = under  # a line under the headline: look on above it
            continue
        if is_headline(lines[j]) and reasons[j] in (None, "low_content_score"):
            return j
        if reasons[j] is None:
            return None
    return None


def is_dateline(line: str) -> bool:
    """A line that is a date and little else ("Posted on June 29, 2020", "Nov 25, 2025 5:00 am PST").

    A name or a source may stand with it ("Faith Katunga • Oct 20, 2025", "来源：新华网"): at most
    two other runs of word characters.
    """
    if len(line) > 80 or not DATE.search(line):
        return False
    return len(_WORD_RUN.findall(DATELINE_WORDS.sub(" ", DATE.sub(" ", line)))) <= 2


def _mark_header_and_teasers(lines: list[str], reasons: list[str | None], title: int) -> None:
    """Chrome above the title goes; so does another story's headline between standfirst and body.

    A teaser shares no content word with the title, where a
    subheading of the article itself nearly always does.
    """
    for j in range(title):
        reasons[j] = reasons[j] or "page_header"
    standfirst = next((j for j in range(title + 1, len(lines)) if reasons[j] is None), None)
    if standfirst is None or not is_prose(lines[standfirst]):
        return
    teaser = next((j for j in range(standfirst + 1, len(lines)) if reasons[j] is None), None)
    if teaser is not None and is_headline(lines[teaser]) and not (
            content_words(lines[teaser]) & content_words(lines[title])):
        reasons[teaser] = "teaser_headline"


def _mark_labels_above_article(lines: list[str], reasons: list[str | None]) -> None:
    """With no headline found: short labels above the first paragraph are page chrome."""
    for j, line in enumerate(lines):
        if reasons[j] is None and is_prose(line):
            return
        if reasons[j] is None and not is_headline(line) and count_words(line) <= 4:
            reasons[j] = "section_label"


def strip_boilerplate(lines: list[str], *, use_model: bool = True, find_title: bool = True) -> Stripped:
    """Split *lines* (one block each) into the article's and the page's.

    ``use_model`` adds the line model for what the rules leave (text mode);
    ``find_title`` takes the headline above the article as the title and
    drops what stands above it (text mode; HTML has its title already).
    """
    removed: list[tuple[str, str]] = []
    lines = _strip_inline(lines, removed)
    reasons: list[str | None] = [None] * len(lines)
    _mark_lines(lines, reasons)
    _mark_blocks(lines, reasons)
    _mark_bios(lines, reasons)
    if use_model and len(lines) >= MIN_MODEL_LINES:
        from .linemodel import select_content

        _apply_model(lines, reasons, select_content(lines, [reason is None for reason in reasons]))
    _mark_closing_bio(lines, reasons)
    title_at = _find_title(lines, reasons) if find_title else None
    if title_at is not None:
        _mark_header_and_teasers(lines, reasons, title_at)
    elif find_title:
        _mark_labels_above_article(lines, reasons)
    author = ""
    for i, reason in enumerate(reasons):
        if reason in ("byline", "byline_at_site", "author_bio") and not author:
            author = _author_from(reason, lines[i])
        if reason is not None and i != title_at:
            removed.append((reason, lines[i]))
    kept = [line for i, line in enumerate(lines) if reasons[i] is None and i != title_at]
    verdicts = ["title" if i == title_at else reason or "" for i, reason in enumerate(reasons)]
    return Stripped(kept, removed, lines[title_at] if title_at is not None else "", author, lines, verdicts)
