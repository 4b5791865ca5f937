"""Sentence splitting and quoted-span extraction that work across languages.

Splits after ``.``, ``!``, ``?``, ``…`` (and their full-width / CJK forms),
keeping any closing quotes and brackets with the sentence they end.  A split
needs the next sentence to start like one (a capital, a digit, an opening quote
or bracket, or any letter of a script without case); after CJK terminators no
space is needed.  Abbreviations (``Dr.``, ``U.S.``, ``e.g.``, single initials)
never end a sentence.  :func:`is_prose` says whether a line reads as running text at all: a
sentence of some length (extract and boilerplate both ask it).

>>> is_prose("The ministry said on Wednesday that it had found the intruders."), is_prose("Share this story")
(True, False)
>>> split_sentences('“We condemn it,” the statement read. “Such behavior fails.” Dr. Smith left the U.S. Army.')
['“We condemn it,” the statement read.', '“Such behavior fails.”', 'Dr. Smith left the U.S. Army.']
>>> split_sentences("今天下雨。明天晴天！")
['今天下雨。', '明天晴天！']
>>> quoted_spans('“We call on China to adhere to these norms and principles,” the government added.')
['We call on China to adhere to these norms and principles,']
"""

from __future__ import annotations

import re
from functools import lru_cache

from .words import count_words, width

__all__ = ["split_sentences", "quoted_spans", "sentence_spans", "loose_pieces", "has_parts", "LOOSE_END", "is_prose",
           "is_long_prose", "ENDS_SENTENCE"]

# Abbreviations (lower-cased, without the final dot) that do not end a sentence.
ABBREVIATIONS: frozenset[str] = frozenset(
    """
    mr mrs ms mx dr prof sr jr st mt ft gen col lt sgt capt cmdr adm maj gov sen rep pres rev hon
    messrs mme mlle mssrs dept univ inc ltd co corp bros
    vs etc al approx est ca cf eg ie viz jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun op ed eds repr av ave blvd rd hwy
    bzw usw ggf z b d h u a s sog vgl nr hr fr frl dipl ing str tel
    sr sra srta dña ud uds pág núm
    mme mlle mgr
    """.split()
)
# Abbreviations that only stand before a number ("No. 5", "pp. 12"); elsewhere "no." ends a sentence.
NUMBER_ABBREVIATIONS: frozenset[str] = frozenset("no nos nr vol vols fig figs p pp ch sec art".split())

_TERMINATORS = ".!?…‼⁇⁈⁉"
_CJK_TERMINATORS = "。！？｡"
_CLOSERS = "\"'”’»›」』）)]}〕〉》】"
_OPENERS = "\"'“‘„‚«‹「『（([{〔〈《【¿¡"

# A candidate boundary: terminator run, optional closers, then whitespace (group 1; optional after CJK
# terminators).  It opens with one character set, so the regex engine skips to terminators without trying
# a match at every position (4x faster than two alternatives each opening with a repeat).
_T, _J, _C = (re.escape(chars) for chars in (_TERMINATORS, _CJK_TERMINATORS, _CLOSERS))
_BOUNDARY = re.compile(rf"[{_T}{_J}](?:(?<=[{_T}])[{_T}]*[{_C}]*(?=\s)|(?<=[{_J}])[{_J}]*[{_C}]*)(\s*)")
_DOTTED = re.compile(r"^(?:[^\W\d_]\.){1,}[^\W\d_]?$")


def _starts_sentence(ch: str) -> bool:
    """Whether ``ch`` may open a new sentence."""
    if ch.isupper() or ch.isdigit() or ch in _OPENERS or ch in "-–—•":
        return True
    # Letters of scripts without case (CJK, Arabic, Hebrew, Thai, ...).
    return ch.isalpha() and not ch.islower()


def _is_abbreviation(text: str, dot: int, nxt: int) -> bool:
    """Whether the ``.`` at ``text[dot]`` closes an abbreviation (``text[nxt]`` starts the next word)."""
    start = dot
    while start > 0 and not text[start - 1].isspace():  # back to the start of the word (a few characters)
        start -= 1
    word = text[start : dot + 1].lstrip(_OPENERS)
    core = word[:-1]  # without the final dot
    if not core:
        return False
    if "." in core and _DOTTED.match(word):  # U.S. / e.g. / i.e.
        return True
    letters = core.rstrip(".")
    if len(letters) == 1 and letters.isalpha():  # initials: "J. Smith"
        return True
    low = letters.casefold()
    return low in ABBREVIATIONS or (low in NUMBER_ABBREVIATIONS and text[nxt].isdigit())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text`` (whitespace between them excluded).

    >>> sentence_spans("One. Two.")
    [(0, 4), (5, 9)]
    """
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while start < n and text[start].isspace():
        start += 1
    for m in _BOUNDARY.finditer(text):
        at, end, nxt = m.start(), m.start(1), m.end()
        if nxt >= n:
            continue
        if text[at] in _TERMINATORS:
            if not _starts_sentence(text[nxt]):
                continue
            if text[at:end].rstrip(_CLOSERS) == "." and _is_abbreviation(text, at, nxt):
                # "U.S. Army" stays together; "U.S. It" is ambiguous and stays too.
                continue
        if end > start:
            spans.append((start, end))
        start = nxt
    end = n
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, quotes kept with the sentence they close.

    >>> split_sentences("He said: “Stop.” Then he left.")
    ['He said: “Stop.”', 'Then he left.']
    """
    return [text[a:b] for a, b in sentence_spans(text)]


_QUOTE_PAIRS = {"“": "”", "„": "”“", "‚": "’‘", "«": "»", "»": "«", "‹": "›", "「": "」", "『": "』", "‘": "’"}
_ALL_CLOSE = "”»«›」』’"


def _is_apostrophe(text: str, i: int) -> bool:
    """A ``’`` or ``'`` between letters (``People’s``) is not a quote mark."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isalnum() and after.isalnum() or (before in "sS" and not after.isalnum() and text[i] in "’'")


_QUOTE_CHAR = re.compile("[\"“„‚«»‹「『‘”›」』’]")


def _closing(sentence: str, start: int, closers: str) -> int:
    """Index of the first of *closers* from *start* that is not an apostrophe, or the end."""
    n = len(sentence)
    while True:
        hits = [k for k in (sentence.find(c, start) for c in closers) if k >= 0]
        if not hits:
            return n
        k = min(hits)
        if not (sentence[k] == "’" and _is_apostrophe(sentence, k)):
            return k
        start = k + 1


def quoted_spans(sentence: str) -> list[str]:
    """The quoted stretches of a sentence, without their quote marks.

    Handles curly, straight, guillemet and CJK quotes.  A quote left open at
    the end of the sentence (a multi-sentence quotation) runs to its end; a
    quote closed without being opened runs from the start.

    >>> quoted_spans('"It is over," he said, “and we won.”')
    ['It is over,', 'and we won.']
    >>> quoted_spans('Such actions erode trust.”')
    ['Such actions erode trust.']
    """
    spans: list[str] = []
    seg_start = 0  # where an unopened closing quote would start
    found = _QUOTE_CHAR.search(sentence)  # jump from quote mark to quote mark: most text has none
    while found:
        i = found.start()
        ch = sentence[i]
        if ch == '"':
            j = sentence.find('"', i + 1)
            if j < 0:
                spans.append(sentence[i + 1 :])
                break
            spans.append(sentence[i + 1 : j])
            seg_start = j + 1
            found = _QUOTE_CHAR.search(sentence, j + 1)
            continue
        if ch in _QUOTE_PAIRS and not (ch == "‘" and _is_apostrophe(sentence, i)):
            j = _closing(sentence, i + 1, _QUOTE_PAIRS[ch])
            spans.append(sentence[i + 1 : j])
            seg_start = j + 1
            found = _QUOTE_CHAR.search(sentence, j + 1)
            continue
        if ch in _ALL_CLOSE and not (ch == "’" and _is_apostrophe(sentence, i)):
            spans.append(sentence[seg_start:i])
            seg_start = i + 1
        found = _QUOTE_CHAR.search(sentence, i + 1)
    return [s.strip() for s in spans if s.strip()]


# A looser sentence end, whatever follows it: where a scraper glued two sentences ("... last year. the
# ministry said ...") or a list of clauses is cut by semicolons.
LOOSE_END = re.compile(r"[.!?…;。！？][\"'”’»)\]]*\s+")


def loose_pieces(sentence: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the pieces of *sentence* between loose sentence ends, when there are two or more.

    >>> s = "The attack was condemned. such behaviour undermines trust; officials agreed."
    >>> [s[a:b] for a, b in loose_pieces(s)]
    ['The attack was condemned.', 'such behaviour undermines trust;', 'officials agreed.']
    >>> loose_pieces("One sentence only.")
    []
    """
    pieces, start = [], 0
    for match in LOOSE_END.finditer(sentence):
        end = match.end() - len(match.group()) + len(match.group().rstrip())
        if end > start:
            pieces.append((start, end))
        start = match.end()
    if pieces and start < len(sentence.rstrip()):
        pieces.append((start, len(sentence.rstrip())))
    return pieces if len(pieces) > 1 else []


def has_parts(sentence: str) -> bool:
    """Whether :func:`quoted_spans` or :func:`loose_pieces` may find anything in *sentence*: a quote mark or a
    loose sentence end inside it.  Two scans in C; most sentences have neither, and are then their only unit.

    >>> has_parts("One sentence only."), has_parts("One. two."), has_parts("He said “no”.")
    (False, True, True)
    """
    return _QUOTE_CHAR.search(sentence) is not None or LOOSE_END.search(sentence) is not None


ENDS_SENTENCE = re.compile(r"[.!?…。！？]['\"’”“»)\]」』]*$")  # closing quotes of any language ("…“" in German)
PROSE_WORDS, PROSE_SENTENCE_WORDS = 20, 7  # prose: this many words, or this many ending a sentence
LONG_PROSE_CHARS = 150  # characters, not words: German or Finnish words are long


@lru_cache(maxsize=16384)  # asked of the same lines by several rules and on every fixed-point pass
def is_prose(line: str) -> bool:
    """A line that reads as running text: a sentence of some length.

    A Han or kana character is a word, and a Chinese or Japanese headline runs to 40 of them, so
    there a line without a closing stop needs twice as many words to be prose.
    """
    words = count_words(line)
    long_enough = PROSE_WORDS * (2 if width(line) >= 1.5 * len(line) else 1)
    return words >= long_enough or (words >= PROSE_SENTENCE_WORDS and bool(ENDS_SENTENCE.search(line)))


def is_long_prose(line: str) -> bool:
    """Running text too long to be anything but article, when it stands among the article's lines."""
    return width(line) >= LONG_PROSE_CHARS and bool(ENDS_SENTENCE.search(line))
