"""Boilerplate in page text: which lines of a page are the article's, and why the rest go.

One user of the boilerplate engine (:mod:`cleaner.boilerplate.rules` for phrases, :mod:`cleaner.boilerplate.shapes`
for shapes); :mod:`cleaner.boilerplate.htmlblocks` is the other. Layers, each recording a reason for
every line it drops:

1. *line rules*: lines that are never article text (ads, navigation, share bars, bylines,
   image credits, "Related: ..."), and inline cross-references such as "(see: ...)";
2. *block rules*: a heading such as "Written By", "People on the Move" or "References :"
   takes its block with it; past the middle of the article's prose it ends the article;
3. *the line model* (text mode only, :mod:`cleaner.boilerplate.linemodel`): a classifier over line
   shape and page context for what the rules do not know; a long sentence between kept
   lines stays whatever it scores, and a page of a few lines is left to the rules.

Then the headline just above the first article paragraph becomes the title and the page
chrome above it goes.

>>> page = ["Connect with us", "Czech Government Condemns Chinese Hack",
...         "The Czech government issued a blunt warning to China on Wednesday, it said.",
...         "Advertisement. Scroll to continue reading.", "Officials said more was to come soon."]
>>> result = strip_page(page, use_model=False)
>>> result.title, len(result.kept), [r for r, _ in result.removed]
('Czech Government Condemns Chinese Hack', 2, ['navigation', 'advertisement'])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..options import Knobs, knobs
from ..sentences import is_long_prose, is_prose
from ..words import content_words, count_words
from .boxes import ENDS_ARTICLE, ad_end, article_goes_on, box_end
from .headline import pick_title
from .junkblocks import mark_comment_threads, mark_pitches, mark_tickers
from .patterns import CREDIT_START, INLINE_CROSS_REFERENCE
from .rescues import drop_islands, keep_the_article_going, keep_the_last_paragraph, keep_what_the_article_surrounds
from .rules import RuleSet, default_rules
from .shapes import (
    bio_subject,
    byline_author,
    is_closing_bio,
    is_dateline,
    is_headline,
    is_writer_statement,
)

MIN_MODEL_LINES = 5  # fewer lines are no page to read context from: the rules alone decide
_SECTIONS_THAT_CAN_BE_MID_ARTICLE = frozenset({"related", "trending", "newsletter", "comments", "share", "people_on_the_move"})
TITLE_SEARCH_LINES = 12  # with the headline this near the first paragraph, prose the model dropped between is its standfirst
_OPEN = (None, "low_content_score")  # what the rules have not decided
_AUTHOR_REASONS = ("byline", "byline_at_site", "author_bio")


@dataclass
class Stripped:
    """What the boilerplate stage keeps, what it drops and why, and what it learns."""

    kept: list[str]
    removed: list[tuple[str, str]] = field(default_factory=list)
    title: str = ""
    author: str = ""
    lines: list[str] = field(default_factory=list)  # the input lines, inline cross-references cut
    verdicts: list[str] = field(default_factory=list)  # per line: "" kept, "title", or the removal reason


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


def _mark_lines(lines: list[str], reasons: list[str | None], rules: RuleSet, mode: str) -> None:
    """Line rules, then the junk blocks known by their shape (tickers, comment threads, a form's pitch)."""
    for i, line in enumerate(lines):
        reasons[i] = rules.line_reason(line, mode)
    mark_pitches(lines, reasons, is_headline)  # the teaser a "Watch Now" button or a sign-up form belongs to
    mark_tickers(lines, reasons)
    mark_comment_threads(lines, reasons)


def _mark_blocks(lines: list[str], reasons: list[str | None], rules: RuleSet, mode: str,
                 mid_article: bool = True) -> frozenset[int]:
    """Text ads under their marker, block headings and their blocks; past the middle of the article's prose,
    a heading that is no box ends it.

    Returns the lines of the boxes in mid-article after which the article resumes (the model's rescues
    pass over those, as over an ad).
    """
    for i, reason in enumerate(reasons):
        if reason == "advertisement":  # a text ad under its marker: a headline and its pitch
            for j in range(i + 1, ad_end(lines, reasons, i)):
                reasons[j] = "advertisement"
    resumed: set[int] = set()
    prose = [len(line) if reasons[i] is None and is_prose(line) else 0 for i, line in enumerate(lines)]
    total, before = sum(prose), 0
    i = 0
    while i < len(lines):
        block = rules.heading_reason(lines[i], mode) if reasons[i] in (None, "newsletter", "people_on_the_move") else None
        if block is None:
            before += prose[i]
            i += 1
            continue
        if before >= 300 and before > total - before and not (
                mid_article and _article_goes_on(lines, reasons, i, block, rules, mode)):
            for j in range(i, len(lines)):  # past the article's middle: the article ends here
                block = rules.heading_reason(lines[j], mode) or block
                reasons[j] = reasons[j] or block
            return frozenset(resumed)
        reasons[i] = block
        if before >= 300 and mid_article and block not in ENDS_ARTICLE and _after_prose(lines, reasons, i):
            # a box in the article, right after a paragraph: its own lines
            end = box_end(lines, reasons, i, heads=lambda j: rules.heading_reason(lines[j], mode) is not None)
            for j in range(i + 1, end):
                reasons[j] = reasons[j] or block
            if article_goes_on(lines, reasons, end, is_prose):
                resumed.update(range(i, end))
            i = end
            continue
        i += 1
        while i < len(lines) and not prose[i] and rules.heading_reason(lines[i], mode) is None \
                and not (is_headline(lines[i]) and any(prose[i + 1:i + 4])):  # the article's headline ends it
            reasons[i] = reasons[i] or block
            i += 1
    return frozenset(resumed)


def _after_prose(lines: list[str], reasons: list[str | None], at: int) -> bool:
    """Whether the nearest line above *at* that no rule removed is a paragraph of prose."""
    return next((is_prose(lines[j]) for j in range(at - 1, -1, -1) if reasons[j] is None), False)


def _article_goes_on(lines: list[str], reasons: list[str | None], at: int, block: str, rules: RuleSet,
                     mode: str) -> bool:
    """Whether the article's own prose continues after the closing-like heading at *at* and its box.

    A heading named like a related list, a sign-up box or "people on the move" is a box in the
    article's middle when the article resumes right after its box (:func:`cleaner.boxes.article_goes_on`),
    or when long prose follows, two paragraphs of it or more, and no comment thread. A reply section's
    heading can be the article's own ("Reactions", "What readers told us"): then no thread may follow.
    References and footers are not judged so: their lines can read as prose.
    """
    if block not in _SECTIONS_THAT_CAN_BE_MID_ARTICLE:
        return False
    thread_after = any(reason == "comment_action" for reason in reasons[at + 1:])
    if block == "comments" and thread_after:
        return False
    end = box_end(lines, reasons, at, heads=lambda j: rules.heading_reason(lines[j], mode) is not None)
    if article_goes_on(lines, reasons, end, is_prose):
        return True  # the article resumes right after the box
    after = [j for j in range(at + 1, len(lines)) if reasons[j] is None]
    return not thread_after and sum(is_long_prose(lines[j]) for j in after) >= 2


def _mark_bios(lines: list[str], reasons: list[str | None], rules: RuleSet, mode: str) -> None:
    for i, line in enumerate(lines):
        after_heading = (i > 0 and reasons[i - 1] == "author_bio" and lines[i - 1]
                         and rules.heading_reason(lines[i - 1], mode))
        if reasons[i] is None and (after_heading or (is_writer_statement(line) and i > len(lines) // 2)):
            reasons[i] = "author_bio"


def _mark_closing_bio(lines: list[str], reasons: list[str | None]) -> None:
    """The article's last one or two kept lines, when they are about its author."""
    tail = [i for i, reason in enumerate(reasons) if reason is None][-2:]
    if len(tail) < 2 and len(reasons) < 4:
        return  # a line or two on their own is no article with a closing bio
    for i in tail:
        if is_closing_bio(lines[i]):
            reasons[i] = "author_bio"


def _apply_model(lines: list[str], reasons: list[str | None], keep: list[bool], sections: frozenset[str],
                 setting: Knobs, resumed: frozenset[int] = frozenset()) -> None:
    """Drop what the model does not keep, except long sentences that continue the article.

    A long sentence stays when it stands between kept lines, or right after
    one with nothing but rule-removed lines (an ad, a share bar, a box after which the
    article resumes, see *resumed*) between; a section heading's block or a bio is an end.
    A model that keeps nothing has misread the page and is ignored.
    """
    inside = [i for i, k in enumerate(keep) if k and reasons[i] is None]
    if not inside:
        return
    previous_kept = False
    for i, k in enumerate(keep):
        if reasons[i] is not None:
            previous_kept = previous_kept and reasons[i] not in ENDS_ARTICLE and (
                reasons[i] not in sections or i in resumed)
            continue
        if not k and is_long_prose(lines[i]) and (previous_kept or inside[0] < i < inside[-1]):
            k = True
        if not k:
            reasons[i] = "low_content_score"
        previous_kept = k
    if setting.rescue:
        keep_what_the_article_surrounds(lines, reasons)
        keep_the_article_going(lines, reasons, sections, setting.on_topic, resumed)
        keep_what_the_article_surrounds(lines, reasons)  # again: the paragraphs kept since surround more
        keep_the_last_paragraph(lines, reasons, sections)
    drop_islands(lines, reasons)


def _find_title(lines: list[str], reasons: list[str | None], rules: RuleSet | None = None, mode: str = "text") -> int | None:
    """The headline above the first kept prose line, if there is one; the standfirst under it stays.

    :func:`headline.pick_title` weighs the headline-shaped lines up to :data:`headline.WINDOW` lines
    above the first paragraph (a UI line, a section heading, a dateline is none). Datelines and
    credit lines between it and the first paragraph are marked as such; prose the model dropped
    between them is the standfirst when the headline is under :data:`TITLE_SEARCH_LINES` lines above.
    """
    first = next((i for i, line in enumerate(lines) if reasons[i] is None and is_prose(line)), None)
    if first is None:
        return None
    best = pick_title(lines, reasons, first, rules, mode)
    if best is None:
        return None
    near = first - best < TITLE_SEARCH_LINES
    for j in range(best + 1, first):
        under = "dateline" if is_dateline(lines[j]) else "byline" if CREDIT_START.match(lines[j]) else None
        if under and reasons[j] in _OPEN:
            reasons[j] = under  # a line under the headline
        elif near and reasons[j] == "low_content_score" and is_prose(lines[j]):
            reasons[j] = None  # the standfirst the model dropped: article, not chrome
    return best


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


def rule_verdicts(lines: list[str], rules: RuleSet, mode: str = "text") -> dict[str, list[bool]]:
    """The rules' verdict on each line, as the line model reads them: does a line rule fire, is it a block heading."""
    return {"rule": [rules.line_reason(line, mode) is not None for line in lines],
            "heading": [rules.heading_reason(line, mode) is not None for line in lines]}


def _author(lines: list[str], reasons: list[str | None]) -> str:
    """The first name a byline or an author bio gives."""
    for i, reason in enumerate(reasons):
        name = "" if reason not in _AUTHOR_REASONS else bio_subject(lines[i]) if reason == "author_bio" else byline_author(lines[i])
        if name:
            return name
    return ""


def strip_page(lines: list[str], *, rules: RuleSet | None = None, mode: str = "text", use_model: bool = True,
               find_title: bool = True, favor: str = "balanced") -> Stripped:
    """Split *lines* (one block each) into the article's and the page's.

    *mode* ("text" or "html") picks the rules that apply; ``use_model`` adds the
    line model for what the rules leave (text mode); *favor* moves the borderline
    decisions towards "precision" or "recall" (:mod:`cleaner.options`);
    ``find_title`` takes the headline above the article as the title and
    drops what stands above it (text mode; HTML has its title already).
    """
    rules = rules or default_rules()
    removed: list[tuple[str, str]] = []
    lines = _strip_inline(lines, removed)
    reasons: list[str | None] = [None] * len(lines)
    _mark_lines(lines, reasons, rules, mode)
    setting = knobs(favor)
    resumed = _mark_blocks(lines, reasons, rules, mode, setting.mid_article_sections)
    _mark_bios(lines, reasons, rules, mode)
    if use_model and len(lines) >= MIN_MODEL_LINES:
        from .linemodel import select_content

        needed = [reason is None for reason in reasons]  # what the rules left open
        keep = select_content(lines, needed, **rule_verdicts(lines, rules, mode), threshold=setting.threshold)
        _apply_model(lines, reasons, keep, rules.sections, setting, resumed)
    _mark_closing_bio(lines, reasons)
    title_at = _find_title(lines, reasons, rules, mode) if find_title else None
    if title_at is not None:
        _mark_header_and_teasers(lines, reasons, title_at)
    elif find_title:
        _mark_labels_above_article(lines, reasons)
    author = _author(lines, reasons)
    removed += [(reason, lines[i]) for i, reason in enumerate(reasons) if reason is not None and i != title_at]
    kept = [line for i, line in enumerate(lines) if reasons[i] is None and i != title_at]
    verdicts = ["title" if i == title_at else reason or "" for i, reason in enumerate(reasons)]
    return Stripped(kept, removed, lines[title_at] if title_at is not None else "", author, lines, verdicts)
