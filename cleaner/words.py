"""Words across scripts, for the shape rules that count them.

Chinese and Japanese do not put spaces between words, so ``\\w+`` reads a
whole Chinese sentence as one "word", and every rule that asks "how many
words?" (is this prose? a headline? a short label?) would call an article
paragraph a label. Here each Han or kana character counts as a word (a
Chinese word is one or two characters), and such a character is as wide as
two Latin ones. Text in other scripts counts exactly as ``\\w+`` does.

>>> count_words("The minister said so.")
4
>>> count_words("捷克政府谴责网络攻击"), width("捷克政府")
(10, 8)
>>> content_words("捷克政府谴责 APT31 attack") >= {"捷克", "政府", "apt31"}
True
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Scripts written without spaces between words: Han ideographs (with their
#: extensions and compatibility forms), hiragana, katakana, iteration marks.
UNSPACED = "\u3005\u3006\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
WORD = re.compile(rf"[{UNSPACED}]|[^\W{UNSPACED}]+", re.U)
_UNSPACED_RUN = re.compile(rf"[{UNSPACED}]+", re.U)
_UNSPACED_CHAR = re.compile(rf"[{UNSPACED}]", re.U)
_LONG_WORD = re.compile(rf"[^\W{UNSPACED}]{{4,}}", re.U)  # the words of WORD that have four characters or more
# ASCII word characters (those of ``\w``) to b"a", every other byte to b" ": a word is then where b" a" or the start has b"a"
_ASCII_WORD_BYTES = bytes(0x61 if chr(i).isalnum() or chr(i) == "_" else 0x20 for i in range(128)) + bytes(128 * [0x20])
_WORDY_NON_ASCII = re.compile(rf"[{UNSPACED}]|[^\W\x00-\x7f]", re.U)  # a word character beyond ASCII, or a Han/kana one


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
    return len(text) + len(_UNSPACED_CHAR.findall(text))


def starts_like_a_heading(ch: str) -> bool:
    """A capital, a digit, or a letter of a script without case (Han, Arabic, Hebrew ...)."""
    return ch.isdigit() or (ch.isalpha() and not ch.islower())


@lru_cache(maxsize=16384)  # asked of the same lines by the features, the rescue rules and every fixed-point pass
def content_words(text: str) -> frozenset[str]:
    """The words of *text* that carry meaning: of four letters or more, and Han/kana character pairs.

    >>> sorted(content_words("The 2024 budget: Straße und 政府谴责"))
    ['budget', 'strasse', '府谴', '政府', '谴责']
    """
    words = {w.casefold() for w in _LONG_WORD.findall(text) if not w.isdigit()}
    if not text.isascii():  # Han and kana are not ASCII
        for run in _UNSPACED_RUN.findall(text):
            words.update(run[i:i + 2] for i in range(len(run) - 1))
    return frozenset(words)
