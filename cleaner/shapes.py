"""What a line looks like: prose, headline, dateline, byline, author bio.

One definition of each shape, for both modes (page text and HTML blocks); the
patterns they read are data in :mod:`cleaner.patterns`. Words are counted across
scripts (:mod:`cleaner.words`: a Han or kana character is a word).

>>> is_prose("The ministry said on Wednesday that it had found the intruders.")
True
>>> is_headline("Czech Government Condemns Chinese Hack"), is_dateline("Posted on June 29, 2020")
(True, True)
>>> shape_reason("Written By Ryan Naraine"), byline_author("Written By Ryan Naraine")
('byline', 'Ryan Naraine')
>>> is_closing_bio("Ryan Naraine is Editor-at-Large at SecurityWeek and host of a podcast.")
True
"""

from __future__ import annotations

import re
from functools import lru_cache

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
)
from .words import count_words, starts_like_a_heading, width

_WORD_RUN = re.compile(r"\w+", re.U)
ENDS_SENTENCE = re.compile(r"[.!?…。！？]['\"’”»)\]]*$")
_ENDS_CLAUSE = re.compile(r"[.:;,。：；，、]['\"’”»)\]」』]*$")
PROSE_WORDS, PROSE_SENTENCE_WORDS = 20, 7  # prose: this many words, or this many ending a sentence
LONG_PROSE_CHARS = 150  # characters, not words: German or Finnish words are long
MAX_BIO_WORDS = 150  # a closing author bio is a paragraph, not an essay


@lru_cache(maxsize=16384)  # asked of the same lines by several rules and on every fixed-point pass
def is_prose(line: str) -> bool:
    """A line that reads as running text: a sentence of some length."""
    words = count_words(line)
    return words >= PROSE_WORDS or (words >= PROSE_SENTENCE_WORDS and bool(ENDS_SENTENCE.search(line)))


def is_long_prose(line: str) -> bool:
    """Running text too long to be anything but article, when it stands among the article's lines."""
    return width(line) >= LONG_PROSE_CHARS and bool(ENDS_SENTENCE.search(line))


def is_headline(line: str) -> bool:
    """A line shaped like a headline: a few words, capitalised, no closing stop."""
    words = count_words(line)
    first = line.lstrip("\"'“‘«「『")[:1]
    return (3 <= words <= 25 and width(line) >= 15 and starts_like_a_heading(first)
            and not _ENDS_CLAUSE.search(line))


def is_dateline(line: str) -> bool:
    """A line that is a date and little else ("Posted on June 29, 2020", "Nov 25, 2025 5:00 am PST").

    A name or a source may stand with it ("Faith Katunga • Oct 20, 2025", "来源：新华网"): at most
    two other runs of word characters.
    """
    if len(line) > 80 or not DATE.search(line):
        return False
    return len(_WORD_RUN.findall(DATELINE_WORDS.sub(" ", DATE.sub(" ", line)))) <= 2


def is_credit_line(line: str) -> bool:
    """A line that credits someone: a byline, or one that starts "Written by:", "Reviewed by", "Par :"."""
    return bool(CREDIT_START.match(line) or BYLINE.match(line))


def shape_reason(line: str) -> str | None:
    """A line that is boilerplate by its shape alone: a byline, a name at a site, a logo's text twice."""
    if BYLINE.match(line):
        return "byline"
    if BYLINE_AT_SITE.match(line):
        return "byline_at_site"
    if len(line) >= 6 and len(line) % 2 == 0 and line[: len(line) // 2] == line[len(line) // 2:]:
        return "site_name"  # "SecurityWeekSecurityWeek"
    return None


def byline_author(line: str) -> str:
    """The name in a byline ("By Jane Doe | Reuters" -> "Jane Doe") or a name at a site; else ""."""
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
