"""An article that is a list or a table: a headline over short items (a calendar, standings, ingredients).

Such a page has no paragraph of prose, so the boilerplate stage keeps nothing of it (or only
chrome). :func:`list_article` finds, in the lines the stage started from, the longest run of
list items right under a headline-shaped line: items are lines no rule claims, not prose,
that hold a digit or four words or more; a table broken into one cell per line may have
short cells among cells with digits. Half the items or more hold a digit (a date, a score,
a quantity): a menu's entries rarely do.

>>> lines = ["Home", "Sports", "County Cup 2024: the full fixture list", "Round 1: Ashford v Millbrook",
...          "Round 1: Kingsley v Oakham", "Semi-final, 6 April at Castle Meadow", "Final, 6 May at the County Ground",
...          "Privacy"]
>>> at, items = list_article(lines)
>>> lines[at], items[0], items[-1]
('County Cup 2024: the full fixture list', 'Round 1: Ashford v Millbrook', 'Final, 6 May at the County Ground')
"""

from __future__ import annotations

import re

from ..sentences import is_prose
from ..words import count_words, starts_like_a_heading
from .headline import is_title_shaped
from .rules import RuleSet, default_rules

MIN_ITEMS = 4  # a list article has this many items or more
MAX_ITEM_WORDS = 25  # longer is a paragraph, not an item
ITEM_WORDS = 4  # an item without a digit has this many words ("Agua y sal al gusto"; "Advertise with us" is a link)
CELL_WORDS = 3  # a table cell with cells holding digits before and after it may be this short ("Verein", "SV Blomberg")
CELL_REACH = 5  # ... within this many lines
DIGIT_SHARE = 0.5  # this share of the items hold a digit
MAX_LEAD = 2  # lines between the headline and its list (a date, an update time) that rules claim
_DIGIT = re.compile(r"\d")
_META = frozenset({"dateline", "byline", "reading_time"})


def _is_item(line: str) -> bool:
    words = count_words(line)
    return 0 < words <= MAX_ITEM_WORDS and not is_prose(line) and (bool(_DIGIT.search(line)) or words >= ITEM_WORDS)


def _is_cell(lines: list[str], claims: list[str | None], j: int, start: int) -> bool:
    """A short line with a digit in the list's lines before it, and one after it past short lines only (a table's cell)."""
    if not 0 < count_words(lines[j]) <= CELL_WORDS or is_prose(lines[j]):
        return False
    if not any(_DIGIT.search(lines[k]) for k in range(max(start, j - CELL_REACH), j)):
        return False
    for k in range(j + 1, min(len(lines), j + 1 + CELL_REACH)):  # over the row's other short cells, to a digit
        if claims[k] is not None:
            return False
        if _DIGIT.search(lines[k]):
            return True
        if count_words(lines[k]) > CELL_WORDS:
            return False
    return False


def _headline_like(line: str) -> bool:
    """A headline's shape; or a few words that start like one and end without a stop ("... dem 18. Spieltag")."""
    words = count_words(line)
    return is_title_shaped(line) or (ITEM_WORDS <= words <= MAX_ITEM_WORDS and starts_like_a_heading(line[:1])
                                     and not is_prose(line) and line.rstrip()[-1:] not in ".,;:")


def _run(lines: list[str], claims: list[str | None], start: int) -> list[int]:
    """The items of the list that starts at *start*: up to the first line no item, claimed or prose."""
    items: list[int] = []
    j = start
    while j < len(lines) and claims[j] is None:
        if _is_item(lines[j]) or _is_cell(lines, claims, j, start):
            items.append(j)
        elif count_words(lines[j]) or not items:  # a rule of dashes ("|---|---|") goes on, not in
            break
        j += 1
    return items


def list_article(lines: list[str], rules: RuleSet | None = None, mode: str = "text",
                 headed_by_title: bool = False) -> tuple[int, list[str]] | None:
    """(the headline's index, the items) of the longest list under a headline in *lines*, or None.

    ``headed_by_title``: *lines* are trafilatura's body and the page's title stands above them
    (an ``<h1>`` it left out); a list may then start at the first line (headline index -1), and
    need not hold digits: trafilatura chose it as the page's main content, a menu it is not
    (a post that is a list of links to read, multilingual/nurmeinstandpunkt-wordpress-com-blogposting).
    """
    rules = rules or default_rules()
    claims = [rules.line_reason(line, mode) or rules.heading_reason(line, mode) for line in lines]
    best: tuple[int, list[int]] | None = None
    for i in range(-1 if headed_by_title else 0, len(lines)):
        if i >= 0 and (claims[i] is not None or not _headline_like(lines[i])):
            continue
        start = i + 1
        while start < len(lines) and start - i <= MAX_LEAD and claims[start] in _META:
            start += 1
        items = _run(lines, claims, start)
        if items and _headline_like(lines[items[0]]) and not _DIGIT.search(lines[items[0]]):
            continue  # the headline is the first "item": this line is above it (a menu)
        digits = sum(1 for j in items if _DIGIT.search(lines[j]))
        enough = len(items) >= MIN_ITEMS and (headed_by_title or digits >= DIGIT_SHARE * len(items))
        if enough and (best is None or len(items) > len(best[1])):
            best = (i, items)
    return None if best is None else (best[0], [lines[j] for j in best[1]])


def is_list_body(texts: list[str], headed_by_title: bool) -> bool:
    """Whether trafilatura's body *texts*, holding no prose, is a list or table article (:func:`list_article` in
    HTML mode); what extract asks through :class:`cleaner.extract.Judge`."""
    return list_article(texts, mode="html", headed_by_title=headed_by_title) is not None
