"""What sets a page's headline apart from its other headline-shaped lines: the features of a title candidate.

:func:`candidate_features` describes each candidate line (:func:`headline.candidates`) of a page by
language-agnostic features, in the order of :data:`FEATURE_NAMES`; :mod:`cleaner.boilerplate.headline`
scores them with the learned weights of ``data/headline.json`` (``scripts/train_headline.py``).

Word overlap counts *content* words only, and a word's weight is its rarity on the page: ``log(N / df)``
over the page's N lines, df the lines that hold the word. A word most lines hold ("with", "para", "und",
a site's name) weighs little in any language; the article's topic words weigh much.

>>> lines = ["Menu", "Storm floods the old town", "Show more sharing options",
...          "The storm flooded the old town on Monday night, and the river rose over its banks again."]
>>> rows = candidate_features(lines, [None, None, "low_content_score", None], 3, [1, 2])
>>> named = dict(zip(FEATURE_NAMES, rows[0]))
>>> named["overlap_share"] > dict(zip(FEATURE_NAMES, rows[1]))["overlap_share"]
True
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter
from itertools import chain, islice
from typing import NamedTuple

from ..blocks import norm
from ..sentences import is_prose, sentence_spans
from ..words import content_words, count_text_words, count_words
from .lexicon import scores
from .patterns import CREDIT_START
from .shapes import is_dateline

WINDOW = 40  # lines above the first paragraph where the headline is looked for (headline.WINDOW)
BODY_LINES = 30  # the first kept prose lines whose words the headline shares
LEAD_LINES = 3  # the first paragraphs: a headline's words come back at once
FURNITURE_BELOW = 4  # lines under a headline where its byline, date or share bar stand
FURNITURE = frozenset({"dateline", "byline", "byline_at_site", "reading_time", "share_bar", "image_credit",
                       "affiliate_disclosure"})
_MARKS = re.compile(r"[|>#»/•·]|\s[-–—:]\s")  # a trail, a menu arrow, a hashtag, a "Headline | Site" separator
_DIGIT = re.compile(r"\d")
STANDFIRST_WORDS = 8  # a standfirst has this many words, and at least its headline's words + LONGER
LONGER = -1  # (train/: 429 pages right with -1, 428 with 0, 1 or -2, 426 with 3)

FEATURE_NAMES = [
    "overlap_share", "overlap_count", "lead_share", "words", "chars_long", "repeated", "quoted_elsewhere",
    "contains_other", "furniture_below", "distance", "kept", "ruled",
    "upper_of_pair", "lower_of_pair", "longer_below", "shorter_above", "capitals", "ends_punct", "marks",
    "digits", "sentences", "is_first", "prose_shaped", "chrome_above", "chrome_below", "only_candidate",
    "echo_below", "echo_above", "repeated_on_topic", "starts_digit", "hash", "short_label", "pipe",
    "over_standfirst", "under_headline", "lexicon", "lexicon_known", "on_topic_above", "on_topic_below", "share_margin",
]


def _rarity(lines: list[str], words: set[str]) -> dict[str, float]:
    """The weight of each of *words* (content words of the page's lines) on this page: log(lines / lines holding it)."""
    df = Counter(chain.from_iterable(map(content_words, lines)))
    total = max(len(lines), 2)
    return {w: math.log(total / df[w]) for w in words}


def _capitals(line: str) -> float:
    """The share of a line's words after the first that start with a capital (Title Case: near 1)."""
    words = [w for w in line.split()[1:] if w[:1].isalpha()]
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def over_its_standfirst(upper: str, lower: str) -> bool:
    """Whether *upper* is a headline and *lower*, right under it, its standfirst: about as long or longer, no more
    Title Case than it; *upper* no section label (capitals only, a trail with "/", a list of commas,
    four Title Case words or fewer).

    >>> over_its_standfirst("Library reopens after restoration", "Volunteers carried the last boxes of books back in at dawn")
    True
    >>> over_its_standfirst("College Admissions, Student Resources", "35+ Best College Essay Tips from College Application Experts")
    False
    """
    words = count_words(upper)
    if count_words(lower) < max(STANDFIRST_WORDS, words + LONGER) or upper.isupper() or "/" in upper or upper.count(",") >= 2:
        return False
    return _capitals(upper) >= _capitals(lower) - 0.1 and (_capitals(upper) < 1 or words >= 5)


def _overlap(words: frozenset[str], body: Counter, rarity: dict[str, float], own: int) -> tuple[float, float]:
    """The rarity-weighted share of *words* the body uses (more than *own* times), and how many it uses."""
    weight = sum(rarity.get(w, 0.0) for w in words)
    used = [w for w in words if body[w] > own]
    share = sum(rarity.get(w, 0.0) for w in used) / weight if weight else 0.0
    return share, min(sum(rarity.get(w, 0.0) for w in used), 12.0) / 12


def _echo(words: frozenset[str], lines: list[str], span: range, rarity: dict[str, float]) -> float:
    """The rarity-weighted share of *words* that the lines in *span* use (a standfirst echoes its headline)."""
    weight = sum(rarity.get(w, 0.0) for w in words)
    seen = set().union(*(content_words(lines[i]) for i in span)) if len(span) else set()
    return sum(rarity.get(w, 0.0) for w in words & seen) / weight if weight else 0.0


def _body(lines: list[str], reasons: list[str | None], first: int, most: int) -> Counter:
    """The content words of the first *most* kept prose lines from *first* on."""
    body: Counter = Counter()
    prose = [i for i in range(first, len(lines)) if reasons[i] is None and is_prose(lines[i])][:most]
    for i in prose:
        body.update(content_words(lines[i]))
    return body


def _furniture(lines: list[str], reasons: list[str | None], j: int) -> bool:
    """A dateline, byline, reading time or share bar within a few lines below line *j*."""
    return any(reasons[k] in FURNITURE or is_dateline(lines[k]) or CREDIT_START.match(lines[k])
               for k in range(j + 1, min(j + 1 + FURNITURE_BELOW, len(lines))))


class _Page(NamedTuple):
    """The page's lines as titles are compared (:func:`cleaner.blocks.norm`), made once a page for every candidate."""

    normed: list[str]
    joined: str  # normed, joined by "\n" (which no normed line holds)
    phrases: list[str]  # the normed lines of three words or more, shortest first

    @classmethod
    def of(cls, lines: list[str]) -> _Page:
        normed = [norm(line) for line in lines]
        # an ASCII line normed holds one word more than spaces: with under two, it has under three (no count needed)
        phrases = {n for n in normed if (n.count(" ") >= 2 or not n.isascii()) and count_text_words(n) >= 3}
        return cls(normed, "\n".join(normed), sorted(phrases, key=len))


def _contexts(page: _Page, j: int) -> tuple[bool, bool, bool]:
    """Whether line *j* recurs whole, whether a longer line holds it, whether it holds another line (of three words
    or more)."""
    own = page.normed[j]
    size = len(own)
    if own and page.joined.count(own) == 1:  # its own line is the only one to hold it
        repeated = quoted = False
    else:
        repeated = page.normed.count(own) > 1
        quoted = any(size < len(other) and own in other for other in page.normed)
    holds = any(other in own for other in islice(page.phrases, bisect_left(page.phrases, size, key=len)))
    return repeated, quoted, holds


def candidate_features(lines: list[str], reasons: list[str | None], first: int, found: list[int]) -> list[list[float]]:
    """One row of features (:data:`FEATURE_NAMES`) for each candidate line in *found*."""
    rarity = _rarity(lines, set().union(*(content_words(lines[j]) for j in found)))
    body, lead = _body(lines, reasons, first, BODY_LINES), _body(lines, reasons, first, LEAD_LINES)
    near = set(found)
    page = _Page.of(lines)
    said, known = scores([lines[j] for j in found])  # what the words say: a menu's or a sign-up's words, not a story's
    rows = []
    for k, j in enumerate(found):
        line, words = lines[j], content_words(lines[j])
        own = 1 if j == first else 0  # the first paragraph as a candidate: not its own words
        share, count = _overlap(words, body, rarity, own)
        lead_share = _overlap(words, lead, rarity, own)[0]
        repeated, quoted, holds = _contexts(page, j)
        n = count_words(line)
        above, below = j - 1 in near, j + 1 in near
        rows.append((j, [
            share, count, lead_share, min(n, 16) / 16, float(len(line) > 120), float(repeated), float(quoted),
            float(holds), float(_furniture(lines, reasons, j)), (first - j) / WINDOW, float(reasons[j] is None),
            float(reasons[j] not in (None, "low_content_score")),
            float(below), float(above), float(below and count_words(lines[j + 1]) > n),
            float(above and count_words(lines[j - 1]) < n), _capitals(line),
            float(line.rstrip()[-1:] in ".:!?;,"), float(bool(_MARKS.search(line))), float(bool(_DIGIT.search(line))),
            float(len(sentence_spans(line)) > 1), float(j == first), float(is_prose(line)),
            float(j > 0 and reasons[j - 1] not in (None, "low_content_score")),
            float(j + 1 < len(lines) and reasons[j + 1] not in (None, "low_content_score")), float(len(found) == 1),
            _echo(words, lines, range(j + 1, first), rarity), _echo(words, lines, range(max(0, j - WINDOW), j), rarity),
            float(repeated or quoted) * share, float(line.lstrip()[:1].isdigit()), float("#" in line), float(n <= 4),
            float("|" in line),
            float(j + 1 < len(lines) and over_its_standfirst(line, lines[j + 1])),
            float(j > 0 and over_its_standfirst(lines[j - 1], line)), said[k], known[k],
        ]))
    by_line = dict(rows)
    return [by_line[j] + _relative(by_line, j) for j in found]


def _relative(rows: dict[int, list[float]], j: int, on_topic: float = 0.5) -> list[float]:
    """How line *j* stands among the candidates: on-topic ones above and below it, its overlap's lead."""
    above = sum(1 for i, row in rows.items() if i < j and row[0] >= on_topic)
    below = sum(1 for i, row in rows.items() if i > j and row[0] >= on_topic)
    others = [row[0] for i, row in rows.items() if i != j]
    return [min(above, 3) / 3, min(below, 3) / 3, rows[j][0] - max(others, default=0.0)]
