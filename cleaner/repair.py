"""Stage, repair: mojibake, lost bytes and whitespace.

ftfy does the heavy lifting (with curly quotes kept: legitimate typography
stays). Before it runs, :func:`fix_lost_quote_byte` handles what ftfy cannot:
UTF-8 read as cp1252 where the last byte of ``”`` (0x9D, undefined in cp1252)
was dropped, leaving a bare ``â€``.

>>> fix_text("a high degree of certaintyâ€ and")
'a high degree of certainty” and'
>>> fix_text("naïve café — “quoted”")
'naïve café — “quoted”'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from .document import Document

# "â€" is the cp1252 reading of the first two bytes of every U+20xx character
# (” – — … ’ “ € †). When the third byte was lost (0x9D of ” is undefined in
# cp1252, so decoders drop it), "â€" is followed by no continuation character
# at all: by whitespace, punctuation or the end of the text.
_LOST_QUOTE_BYTE = re.compile("\u00e2\u20ac(?=[\\s.,;:!?)\\]}]|$)")
# A cheap test for "might ftfy have anything to do?". Mojibake of UTF-8 read as
# cp1252 or Latin-1 is a lead character (Â-ô, bytes C2-F4) followed by what a
# continuation byte (80-BF) decodes to in either code page; C1 controls and
# U+FFFD are decoding accidents of their own. Curly quotes, dashes or accented
# letters on their own are typography, not mojibake: ftfy is not even called.
_CONTINUATION = ("\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
                 "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122 ")
# "Â" left before a space: the lead byte of a no-break space whose second byte became a plain space.
_LOST_NBSP_BYTE = re.compile("(?<![A-ZÀ-Þ])\u00c2(?= )")
_MOJIBAKE_HINT = re.compile(f"[\u0080-\u009f\ufffd]|[\u00c2-\u00f4][{_CONTINUATION}]")
# Spaces, and line breaks inside a line (a paragraph is one line: U+2028, U+0085, tabs ... become a space)
_SPACES = re.compile(r"[ \t\n\v\f\r\x1c-\x1f\x85\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SENTENCE_END = re.compile(r"[.!?:;…]['\"’”»)\]]*$")
MAX_REPAIR_ROUNDS = 3


def fix_lost_nbsp_byte(text: str) -> str:
    """``aboutÂ Scripps`` (a no-break space read as cp1252, then made a plain space) becomes ``about Scripps``.

    UTF-8 for U+00A0 is C2 A0; read as cp1252 it is "Â" + no-break space, and when
    a scraper turns that into a plain space, ftfy no longer sees the pair. No
    word ends in "Â" (all-capital words such as "ROMÂNIA" keep theirs).
    """
    return _LOST_NBSP_BYTE.sub("", text)


def fix_lost_quote_byte(text: str) -> str:
    """``certaintyâ€`` (the third byte of ``”`` lost) becomes ``certainty”``."""
    return _LOST_QUOTE_BYTE.sub("\u201d", text)


@lru_cache(maxsize=1)
def _ftfy_config():  # imported lazily: ftfy is only needed when text is dirty
    import ftfy

    return ftfy.TextFixerConfig(uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False,
                                fix_line_breaks=False, normalization="NFC")  # line breaks: normalize_whitespace


def fix_mojibake(text: str) -> tuple[str, list[str]]:
    """Run ftfy (curly quotes kept) where mojibake is possible, else NFC only; return the text and ftfy's steps."""
    if not _MOJIBAKE_HINT.search(text):
        return (text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)), []
    import ftfy

    fixed, explanation = ftfy.fix_and_explain(text, config=_ftfy_config())
    steps = [f"{kind}:{name}" for kind, name in explanation or []]
    return fixed, steps


def normalize_whitespace(line: str) -> str:
    """Collapse runs of spaces (including no-break and other Unicode spaces)."""
    return _SPACES.sub(" ", _ZERO_WIDTH.sub("", line)).strip()


def rejoin_broken_lines(lines: list[str]) -> list[str]:
    """Join a line that stops mid-sentence with a next line that continues it.

    >>> rejoin_broken_lines(["They said it was “certain”", "that a group did it.", "Next."])
    ['They said it was “certain” that a group did it.', 'Next.']
    """
    out: list[str] = []
    for line in lines:
        if out and continues_sentence(out[-1], line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def continues_sentence(previous: str, line: str) -> bool:
    """Whether *line* goes on with the sentence *previous* left unfinished (a line broken mid-sentence)."""
    return line[:1].islower() and not _SENTENCE_END.search(previous) and len(previous.split()) >= 4


# What ftfy cannot see, each with the characters that must be present for it to apply.
_LOST_BYTE_FIXES: tuple[tuple[str, str, Callable[[str], str]], ...] = (
    ("lost_quote_byte", "\u00e2\u20ac", fix_lost_quote_byte),
    ("lost_nbsp_byte", "\u00c2 ", fix_lost_nbsp_byte),
)


def fix_text(text: str) -> str:
    """All repairs on one string, without the record (see :func:`repair_text`)."""
    return repair_text(text, lambda *_: None)


def repair_text(text: str, record: Callable[[str, str, str], None]) -> str:
    """Repair *text*, calling ``record(reason, before, after)`` for each change."""
    for reason, marker, fix in _LOST_BYTE_FIXES:
        fixed = fix(text) if marker in text else text
        if fixed != text:
            record(reason, text, fixed)
            text = fixed
    fixed, steps = fix_mojibake(text)
    if fixed != text:
        record("mojibake" if steps else "unicode_normalization", text, fixed)
    return fixed


def repair_line(text: str, record: Callable[[str, str, str], None]) -> str:
    """One line (paragraph) repaired and whitespace-normalised, as the repair stage does it.

    Repeated (at most :data:`MAX_REPAIR_ROUNDS` times) while a round changes something: once
    a soft hyphen or a stray space is gone, the mojibake it split may show, and repaired
    text must stay as it is when it is repaired again.

    >>> repair_line("\u00adÂ\x80 costs  10", lambda *_: None)
    '€ costs 10'
    """
    for _ in range(MAX_REPAIR_ROUNDS):
        fixed = normalize_whitespace(repair_text(text, record))
        if fixed == text:
            break
        text = fixed
    return text


def repair(doc: Document) -> Document:
    """The stage: title and paragraphs repaired, each change recorded; paragraphs left empty are dropped.

    >>> doc = repair(Document(id="a", paragraphs=["a high degree of certaintyâ€ and", "  "]))
    >>> doc.paragraphs, [r.reason for r in doc.repairs]
    (['a high degree of certainty” and'], ['lost_quote_byte'])
    """
    def record(reason: str, before: str, after: str) -> None:
        doc.record_repair("repair", reason, before, after)

    doc.title = repair_line(doc.title, record) if doc.title else ""
    fixed = [repair_line(line, record) for line in doc.paragraphs]
    if doc.layout:  # HTML: each block keeps its tag and link density
        doc.layout = [block for block, line in zip(doc.layout, fixed, strict=True) if line]
    doc.paragraphs = [line for line in fixed if line]
    return doc
