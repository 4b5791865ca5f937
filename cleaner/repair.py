"""Stage 3, repair: mojibake, lost bytes and whitespace.

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
from collections.abc import Callable
from functools import lru_cache

# "â€" is the cp1252 reading of the first two bytes of every U+20xx character
# (” – — … ’ “ € †). When the third byte was lost (0x9D of ” is undefined in
# cp1252, so decoders drop it), "â€" is followed by no continuation character
# at all: by whitespace, punctuation or the end of the text.
_LOST_QUOTE_BYTE = re.compile("\u00e2\u20ac(?=[\\s.,;:!?)\\]}]|$)")
# A cheap test for "might ftfy have anything to do?": any character outside
# the ranges that clean text in most languages stays within, or the C1 block.
_MOJIBAKE_HINT = re.compile("[\u0080-\u00ff\u0100-\u017f\u02c6-\u02dc\u2018-\u203a\u20ac\u2122\ufffd]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SENTENCE_END = re.compile(r"[.!?:;…]['\"’”»)\]]*$")


def fix_lost_quote_byte(text: str) -> str:
    """``certaintyâ€`` (the third byte of ``”`` lost) becomes ``certainty”``."""
    return _LOST_QUOTE_BYTE.sub("\u201d", text)


@lru_cache(maxsize=1)
def _ftfy_config():  # imported lazily: ftfy is only needed when text is dirty
    import ftfy

    return ftfy.TextFixerConfig(uncurl_quotes=False, fix_latin_ligatures=False,
                                fix_character_width=False, normalization="NFC")


def fix_mojibake(text: str) -> tuple[str, list[str]]:
    """Run ftfy (curly quotes kept); return the text and the steps it took."""
    if not _MOJIBAKE_HINT.search(text):
        return text, []
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
        if (out and line[:1].islower() and not _SENTENCE_END.search(out[-1])
                and len(out[-1].split()) >= 4):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def fix_text(text: str) -> str:
    """All repairs on one string, without the record (see :func:`repair_text`)."""
    return repair_text(text, lambda *_: None)


def repair_text(text: str, record: Callable[[str, str, str], None]) -> str:
    """Repair *text*, calling ``record(reason, before, after)`` for each change."""
    fixed = fix_lost_quote_byte(text)
    if fixed != text:
        record("lost_quote_byte", text, fixed)
        text = fixed
    fixed, steps = fix_mojibake(text)
    if fixed != text:
        record("mojibake" if steps else "unicode_normalization", text, fixed)
    return fixed
