"""What a line looks like: headline, dateline, byline, author bio (prose: :func:`cleaner.sentences.is_prose`).

One definition of each shape, for both modes (page text and HTML blocks); the
patterns they read are data in :mod:`cleaner.boilerplate.patterns`. Words are counted across
scripts (:mod:`cleaner.words`: a Han or kana character is a word).

>>> is_headline("Czech Government Condemns Chinese Hack"), is_dateline("Posted on June 29, 2020")
(True, True)
>>> shape_reason("Written By Ryan Naraine"), byline_author("Written By Ryan Naraine")
('byline', 'Ryan Naraine')
>>> is_closing_bio("Ryan Naraine is Editor-at-Large at SecurityWeek and host of a podcast.")
True
"""

from __future__ import annotations

import re

from ..sentences import sentence_spans
from ..words import count_words, starts_like_a_heading, width
from .patterns import (
    AT_SITE_NAME,
    BIO_ROLE,
    BIO_ROLE_WORD,
    BIO_SENTENCE,
    BIO_SUBJECT,
    BYLINE,
    BYLINE_AT_SITE,
    BYLINE_NAME,
    CLOSING_BIO,
    CREDIT_START,
    DATE,
    DATELINE_WORDS,
    TIME,
    WIRE_EDITORS,
    WIRE_NAME_SEPARATOR,
    WIRE_PLACE,
    WIRE_REPORTERS,
)

_WORD_RUN = re.compile(r"\w+", re.U)
_ENDS_CLAUSE = re.compile(r"[.:;,。：；，、]['\"’”»)\]」』]*$")
MAX_BIO_WORDS = 150  # a closing author bio is a paragraph, not an essay
MAX_SUBHEADING_WORDS = 12
MAX_HEADLINE_WORDS, MAX_UNSPACED_HEADLINE_WORDS = 25, 60


def is_headline(line: str) -> bool:
    """A line shaped like a headline: a few words, capitalised, no closing stop.

    In Chinese and Japanese every character counts as a word, and headlines run to 60 of them.
    """
    words = count_words(line)
    first = line.lstrip("\"'“‘«「『")[:1]
    most = MAX_HEADLINE_WORDS if width(line) < 1.5 * len(line) else MAX_UNSPACED_HEADLINE_WORDS
    return (3 <= words <= most and width(line) >= 15 and starts_like_a_heading(first)
            and not _ENDS_CLAUSE.search(line) and len(sentence_spans(line)) == 1)  # one sentence, not a caption


def is_subheading(line: str) -> bool:
    """A line shaped like a section heading inside an article: a few words, no closing stop."""
    words = count_words(line)
    return 1 <= words <= MAX_SUBHEADING_WORDS and not _ENDS_CLAUSE.search(line) and width(line) >= 6


def is_dateline(line: str) -> bool:
    """A line that is a date or a time and little else ("Posted on June 29, 2020", "Published 09:14 GMT").

    A name or a source may stand with it ("Faith Katunga • Oct 20, 2025", "来源：新华网"): at most
    two other runs of word characters.
    """
    if len(line) > 80 or not (DATE.search(line) or TIME.search(line)):
        return False
    return len(_WORD_RUN.findall(DATELINE_WORDS.sub(" ", TIME.sub(" ", DATE.sub(" ", line))))) <= 2


def wire_reporters(line: str) -> list[str]:
    """The reporters a wire service's credit line names, without the editors ("(Reporting by A in X and B;
    Editing by C)" -> ["A", "B"]); [] when *line* is no such credit line."""
    match = WIRE_REPORTERS.match(line.strip())
    if not match or not (match.group("rest") is None or WIRE_EDITORS.search(match.group("rest"))):
        return []
    names = [WIRE_PLACE.sub("", name).strip(" .") for name in WIRE_NAME_SEPARATOR.split(match.group("names"))]
    return [name for name in names if name and name[0].isupper()]


def is_credit_line(line: str) -> bool:
    """A line that credits someone: a byline, or one that starts "Written by:", "Reviewed by", "Par :"."""
    return bool(CREDIT_START.match(line) or BYLINE.match(line))


def shape_reason(line: str) -> str | None:
    """A line that is boilerplate by its shape alone: a byline, a name at a site, a logo's text twice."""
    if BYLINE.match(line) or (line[:1] == "(" and wire_reporters(line)):
        return "byline"
    if BYLINE_AT_SITE.match(line):
        return "byline_at_site"
    if len(line) >= 6 and len(line) % 2 == 0 and line[: len(line) // 2] == line[len(line) // 2:]:
        return "site_name"  # "SecurityWeekSecurityWeek"
    return None


def byline_author(line: str) -> str:
    """The name in a byline ("By Jane Doe | Reuters" -> "Jane Doe"), a name at a site, or the reporters of a
    wire credit line joined with "; "; else ""."""
    reporters = wire_reporters(line)
    if reporters:
        return "; ".join(reporters)
    match = BYLINE_NAME.match(line) or AT_SITE_NAME.match(line)
    return match.group(1).strip() if match else ""


def bio_subject(line: str) -> str:
    """Whom a bio sentence is about ("Ryan Naraine is Editor ..." -> "Ryan Naraine"); else ""."""
    match = BIO_SUBJECT.match(line)
    return match.group(1).strip() if match else ""


def is_writer_statement(line: str) -> bool:
    """"Jane Doe is a staff writer at ...": a name, then right after "is", what kind of writer."""
    return bool(BIO_SUBJECT.match(line) and BIO_ROLE.match(line))


def is_closing_bio(line: str) -> bool:
    """A paragraph about the article's author, as articles end with one.

    >>> is_closing_bio("Amanda Furrer, Editor, Running Reviews, studied journalism at NYU.")
    True
    >>> is_closing_bio("Kaja Kallas, the EU foreign policy chief, told reporters the attack was serious.")
    False
    """
    if count_words(line) > MAX_BIO_WORDS:
        return False
    return bool(CLOSING_BIO.match(line) or (BIO_SENTENCE.match(line) and BIO_ROLE_WORD.search(line)))
