"""Words across scripts, for the shape rules that count them.

Chinese and Japanese do not put spaces between words, so ``\\w+`` reads a
whole Chinese sentence as one "word", and every rule that asks "how many
words?" (is this prose? a headline? a short label?) would call an article
paragraph a label. Here each Han or kana character counts as a word (a
Chinese word is one or two characters), and such a character is as wide as
two Latin ones. Thai, Lao, Khmer and Burmese do not space their words either,
and their vowels and tone marks are combining marks that ``\\w`` does not
match: there a word is a syllable-ish unit of up to three letters, each with
its marks (:data:`SYLLABIC_LETTERS`). Text in other scripts (Korean spaces its
words) counts exactly as ``\\w+`` does.

>>> count_words("The minister said so.")
4
>>> count_words("捷克政府谴责网络攻击"), width("捷克政府")
(10, 8)
>>> content_words("捷克政府谴责 APT31 attack") >= {"捷克", "政府", "apt31"}
True
>>> WORD.findall("ภาษาไทย ok"), count_words("รัฐบาลประกาศมาตรการใหม่")  # "the government announced new measures"
(['ภาษ', 'าไท', 'ย', 'ok'], 7)
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Scripts written without spaces between words: Han ideographs (with their
#: extensions and compatibility forms), hiragana, katakana, iteration marks.
UNSPACED = "\u3005\u3006\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Blocks of the scripts written without spaces whose vowels and tones are combining marks: Thai, Lao,
#: Myanmar (Burmese, with its extensions), Khmer (with its symbols).
SYLLABIC_BLOCKS = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF), (0x19E0, 0x19FF), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F))
#: Letters per word unit in those scripts. A unit of up to three letters with their marks is about a syllable
#: and a half: a Thai, Lao, Khmer or Burmese sentence then counts about as many words as its English
#: translation (measured on four such sentences: 4-5 letters per English word, 1.2-1.7 units), the way a
#: Chinese one counts one word a character. One letter a word would make every short label look like prose.
SYLLABLE_LETTERS = 3


def _class_of(test) -> str:
    """A regex character class body of the code points of :data:`SYLLABIC_BLOCKS` that pass *test*."""
    chars = "".join(chr(c) for lo, hi in SYLLABIC_BLOCKS for c in range(lo, hi + 1) if test(unicodedata.category(chr(c))))
    return "".join(re.escape(c) for c in chars)


#: Letters and digits of those scripts (a unit starts at one) and their combining marks (vowels, tones).
SYLLABIC_LETTERS = _class_of(lambda cat: cat[0] in "LN")
SYLLABIC_MARKS = _class_of(lambda cat: cat[0] == "M")
_SYLLABIC = SYLLABIC_LETTERS + SYLLABIC_MARKS
WORD = re.compile(rf"[{UNSPACED}]|(?:[{SYLLABIC_LETTERS}][{SYLLABIC_MARKS}]*){{1,{SYLLABLE_LETTERS}}}"
                  rf"|[^\W{UNSPACED}{_SYLLABIC}]+", re.U)
_SYLLABIC_RUN = re.compile(rf"[{_SYLLABIC}]+", re.U)
_UNSPACED_RUN = re.compile(rf"[{UNSPACED}]+", re.U)
_UNSPACED_CHAR = re.compile(rf"[{UNSPACED}]", re.U)
_LONG_WORD = re.compile(rf"[^\W{UNSPACED}{_SYLLABIC}]{{4,}}", re.U)  # the words of WORD that have four characters or more
# ASCII word characters (those of ``\w``) to b"a", every other byte to b" ": a word is then where b" a" or the start has b"a"
_ASCII_WORD_BYTES = bytes(0x61 if chr(i).isalnum() or chr(i) == "_" else 0x20 for i in range(128)) + bytes(128 * [0x20])
# a word character beyond ASCII, a Han/kana one, or a letter or mark of a syllabic script
_WORDY_NON_ASCII = re.compile(rf"[{UNSPACED}{_SYLLABIC}]|[^\W\x00-\x7f]", re.U)


@lru_cache(maxsize=16384)  # asked of the same lines by extraction, the shape rules and every boilerplate pass
def count_words(text: str) -> int:
    """Words of *text*: runs of word characters, and each Han or kana character.

    >>> count_words("it's 2 o'clock_now"), count_words(" x-y "), count_words("")
    (5, 2, 0)
    """
    return count_text_words(text)


def count_text_words(text: str) -> int:
    """:func:`count_words` without its memo: for a long text read once (a page's paragraphs), kept out of the memo.

    Text whose only word characters are ASCII (most lines: curly quotes and dashes are not
    word characters) is counted in C without building the words, four times faster: its
    words are the runs of ASCII ``\\w``, every other character a separator.

    >>> count_text_words("“It’s 2 o’clock” — now"), count_text_words("naïve café, 政府")
    (6, 4)
    """
    if text.isascii() or not _WORDY_NON_ASCII.search(text):
        marked = text.encode("ascii", "replace").translate(_ASCII_WORD_BYTES)
        return marked.count(b" a") + marked.startswith(b"a")
    return len(WORD.findall(text))


def width(text: str) -> int:
    """Length of *text* in Latin-character widths: a Han or kana character counts twice."""
    if text.isascii():  # no Han or kana character is ASCII
        return len(text)
    return len(text) + len(_UNSPACED_CHAR.findall(text))


def starts_like_a_heading(ch: str) -> bool:
    """A capital, a digit, or a letter of a script without case (Han, Arabic, Hebrew ...)."""
    return ch.isdigit() or (ch.isalpha() and not ch.islower())


@lru_cache(maxsize=16384)  # asked of the same lines by the features, the rescue rules and every fixed-point pass
def content_words(text: str) -> frozenset[str]:
    """The words of *text* that carry meaning: of four letters or more, Han/kana character pairs, and every
    run of four code points in the syllabic scripts (Thai, Lao, Khmer, Burmese: where a word ends is
    unknown, so the same word gives the same runs wherever it stands, as Han pairs do).

    >>> sorted(content_words("The 2024 budget: Straße und 政府谴责"))
    ['budget', 'strasse', '府谴', '政府', '谴责']
    >>> sorted(content_words("ภาษาไทย"))
    ['ภาษา', 'ษาไท', 'าษาไ', 'าไทย']
    """
    words = {w.casefold() for w in _LONG_WORD.findall(text) if not w.isdigit()}
    if not text.isascii():  # Han, kana and the syllabic scripts are not ASCII
        for run in _UNSPACED_RUN.findall(text):
            words.update(run[i:i + 2] for i in range(len(run) - 1))
        for run in _SYLLABIC_RUN.findall(text):
            words.update(run[i:i + 4] for i in range(len(run) - 3))
    return frozenset(words)
