"""Stage, date: text mode's publication date, read from the datelines the boilerplate stage removed.

HTML mode has its date from trafilatura (htmldate reading the page's markup). Page text has no
markup, but the boilerplate stage removes the lines that are a date and little else, under
reason ``dateline`` ("Published on June 29, 2020", "Nov 25, 2025 5:00 am PST"). This stage
parses them with htmldate's own date-expression parser (the one trafilatura's dates come from):

- the result is ISO 8601 ``YYYY-MM-DD``, or empty;
- a dateline showing a published and an updated date gives the published one
  (``cleaner/data/dates.toml`` lists the words that say which is which); with no such word,
  the first date shown; an updated date only when nothing else is given;
- nothing depends on the day of the run: a date needs its day, month and year on the page
  ("Sep 19" stays empty, never this year's Sep 19), relative dates ("3 hours ago") stay empty,
  and the range a date must fall in is fixed (1995 to 2039), not "up to today".

>>> doc = Document(id="a", raw="x")
>>> doc.record_removal("boilerplate", "dateline", "July 4, 2025February 9, 2026 Updated onFebruary 9, 2026")
>>> date_from_datelines(doc).date
'2025-07-04'
>>> parse_date("Published Oct. 10th, 2023 - [Updated Dec 3, 2025]"), parse_date("Updated: Sep 19"), parse_date("6 hours ago")
('2023-10-10', '', '')
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache
from pathlib import Path

from .boilerplate.patterns import DATE
from .document import Document

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

DATES_FILE = Path(__file__).resolve().parent / "data" / "dates.toml"
EARLIEST, LATEST = datetime(1995, 1, 1), datetime(2039, 12, 31)  # fixed, never "today" (htmldate reads years 1990-2039)
_SPAN = 48  # characters from where a date starts that the parser sees
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.I)
_ABBREVIATION_DOT = re.compile(r"\b([^\W\d_]{3,4})\.(?=\s*\d)")
_GLUED = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])|(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ][a-zà-ÿ])")
_CJK_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


@cache
def _labels() -> re.Pattern[str]:
    """One pattern whose named groups are the label words of ``dates.toml``, longest first."""
    table = tomllib.loads(DATES_FILE.read_text(encoding="utf-8"))
    groups = []
    for label in ("updated", "published"):
        words = sorted(table[label], key=len, reverse=True)
        groups.append(f"(?P<{label}>" + "|".join(re.escape(w) for w in words) + ")")
    return re.compile(r"(?<!\w)(?:" + "|".join(groups) + r")(?!\w)", re.I)


def _normalise(text: str) -> str:
    """What htmldate reads best: "Dec. 19th, 2025" as "Dec 19, 2025", glued words apart, CJK dates as ISO."""
    text = _CJK_DATE.sub(lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}", text)
    return _GLUED.sub(" ", _ABBREVIATION_DOT.sub(r"\1", _ORDINAL.sub("", text)))


def parse_date(text: str) -> str:
    """The first whole date (day, month and year) in *text* as ``YYYY-MM-DD``, or "".

    >>> parse_date("By Rebecca NorrisPublished: Jun 25, 2025"), parse_date("09.10.2024"), parse_date("2025年5月28日")
    ('2025-06-25', '2024-10-09', '2025-05-28')
    """
    return _first_date(_normalise(text))


def _first_date(text: str) -> str:
    from htmldate.extractors import try_date_expr

    for match in DATE.finditer(text):
        found = try_date_expr(text[match.start():match.start() + _SPAN], "%Y-%m-%d", False, EARLIEST, LATEST)
        if found:
            return found
    return ""


def labelled_dates(line: str) -> list[tuple[str, str]]:
    """``(label, date)`` for each part of *line*: label "published", "updated" or "" (none said).

    >>> labelled_dates("Published Oct 10, 2023 - [Updated Dec 3, 2025]"), labelled_dates("By Jo BloggsPublished: Jun 25, 2025")
    ([('published', '2023-10-10'), ('updated', '2025-12-03')], [('published', '2025-06-25')])
    """
    line = _normalise(line)  # "NorrisPublished:" has its label word apart
    cuts = [(m.start(), m.lastgroup or "") for m in _labels().finditer(line)]
    parts = [(0, "")] + cuts
    found = []
    for (start, label), (end, _) in zip(parts, [*cuts, (len(line), "")], strict=True):
        date = _first_date(line[start:end])
        if date:
            found.append((label, date))
    return found


def _bare_label(line: str) -> str:
    """The label of a line that is only a label ("Last updated:"), else ""."""
    line = _normalise(line)
    match = _labels().search(line)
    return match.lastgroup or "" if match and len(line) <= 30 and not any(c.isdigit() for c in line) else ""


def dated_lines(doc: Document) -> list[tuple[str, str]]:
    """``(label, date)`` of each dateline the boilerplate stage removed; a label alone on the line above counts."""
    found = []
    for k, removal in enumerate(doc.removed):
        if removal.reason == "dateline":
            above = _bare_label(doc.removed[k - 1].text) if k else ""  # "Last updated:" on the line above
            found += [(label or above, date) for label, date in labelled_dates(removal.text)]
    return found


def date_from_datelines(doc: Document) -> Document:
    """Text mode: ``doc.date`` from the removed datelines (published, else unlabelled, else updated), when empty."""
    if doc.kind == "html" or doc.date:
        return doc
    found = dated_lines(doc)
    for wanted in ("published", "", "updated"):
        date = next((date for label, date in found if label == wanted), "")
        if date:
            doc.date = date
            break
    return doc
