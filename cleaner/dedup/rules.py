"""The dedup rules, one definition for every executor: when two units match, which match wins, what goes.

Pure functions, no index: the local :class:`cleaner.dedup.deduper.Deduper` and the Ray executor
(:mod:`cleaner.ray`) find candidates their own way, then both ask these functions.

* :func:`eligible`: a unit takes part at all (letters, and at least :data:`MIN_WORDS` words:
  "Why?", "Pros:", "STAFF" are never duplicates of anything);
* :func:`compare`: a later unit against an earlier one: the same numbers, and either a 5-gram
  Jaccard of at least :data:`THRESHOLD`, or the earlier unit nearly all inside the later, longer
  one (containment at least :data:`CONTAINMENT`: a sentence glued into a paragraph, or with an
  attribution appended);
* **the earliest copy wins**, decided here once: :func:`wins` compares two matches of a unit (the
  earliest document, then the higher score); :func:`winner` takes a unit's answer from its matches in
  the order they were found; and the two things an index may skip because of it, stated as functions
  that every index and executor calls: :func:`first_copies` (of units with one exact text, only the
  first can ever be an answer, so only it is indexed) and :func:`could_win` (a candidate registered after
  a unit's exact first copy scores at most as well and is later: it is never compared);
* :func:`decide`: a document's matched units become removals (whole sentences, or only the
  matching span of a longer line), :class:`Duplicate` records, and perhaps a whole-article verdict.

>>> compare("the ministry said on monday that such behaviour undermines the credibility of the government and its "
...         "public statements", "such behaviour undermines the credibility of the government")
Match(score=1.0, contained=True)
>>> eligible("pros"), eligible("the weather was fine all day")
(False, True)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from ..document import Document, Duplicate
from ..sentences import LOOSE_END
from ..words import UNSPACED
from .minhash import normalise, numbers_of, shingle_overlaps

THRESHOLD = 0.6  # Jaccard of character 5-grams for a near-duplicate
CONTAINMENT = 0.85  # share of an earlier unit's 5-grams inside a longer later unit
MIN_WORDS = 5  # shorter units are never duplicates ("That's it.", "Here's the thing:")
MIN_UNSPACED_CHARS = 10  # ... in Chinese or Japanese, under this many Han/kana characters
MIN_CHARS = 25  # shorter units (of MIN_WORDS or more) match only exactly
CONTAINED_MIN_WORDS, CONTAINED_MIN_CHARS = 8, 50  # an earlier unit found inside a longer one is a sentence,
# not a phrase ("what is it and why is it important")
CONTAINED_LENGTH_RATIO = 1.3  # a candidate sharing one LSH band is compared only when the later unit is this much longer
WHOLE_ARTICLE = 0.9  # a document with this share of its body in duplicates is a duplicate article
_UNSPACED_CHAR = re.compile(f"[{UNSPACED}]")
_ASCII_LETTER = re.compile("[A-Za-z]")
_WORDISH = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.U)
_NEAR_WORDS = 3  # a sentence end this close to a contained span takes the span to it
_DANGLING = re.compile(r"\s+([,.;:!?])")


class Match(NamedTuple):
    """How a later unit matches an earlier one: its score and whether the earlier one is contained in it."""

    score: float
    contained: bool = False


class Hit(NamedTuple):
    """The winning match of one unit of a document: where it was first seen."""

    unit: int  # the unit's index in the document's signatures
    seq: int  # the earlier document's place in input order
    doc_id: str  # the earlier document's id (``first_seen``)
    score: float
    contained: bool = False
    earlier: str = ""  # the earlier unit's normalised text, when contained (to find the span)


def eligible(norm: str) -> bool:
    """Whether a normalised unit can be a duplicate at all: letters, and long enough not to be generic."""
    if norm.isascii():  # the usual case, faster: no Han or kana, and the letters are A-Z and a-z
        return norm.count(" ") + 1 >= MIN_WORDS and _ASCII_LETTER.search(norm) is not None
    if not any(ch.isalpha() for ch in norm):
        return False
    unspaced = len(_UNSPACED_CHAR.findall(norm))
    if unspaced:
        return unspaced >= MIN_UNSPACED_CHARS or norm.count(" ") + 1 >= MIN_WORDS
    return norm.count(" ") + 1 >= MIN_WORDS


def _numbers_within(inner: tuple[str, ...], outer: tuple[str, ...]) -> bool:
    return not inner or not Counter(inner) - Counter(outer)


def worth_comparing(shared_bands: int, later_len: int, earlier_len: int) -> bool:
    """Whether an LSH candidate is compared at all: two shared bands or more, or one when the later unit is
    long enough to hold the earlier one (a contained unit shares fewer bands: its 5-grams are a minority)."""
    if shared_bands >= 2:
        return may_match(later_len, earlier_len)
    return shared_bands == 1 and later_len >= CONTAINED_LENGTH_RATIO * earlier_len and earlier_len >= CONTAINED_MIN_CHARS


def may_match(later_len: int, earlier_len: int) -> bool:
    """The length test every candidate passes before its shingles are compared (an upper bound of both scores)."""
    a, b = max(later_len - 4, 1), max(earlier_len - 4, 1)
    return min(a, b) >= THRESHOLD * max(a, b) or a >= b * CONTAINMENT


def judge(later: str, earlier: str, shared: int, n_later: int, n_earlier: int) -> Match | None:
    """The rule, given the two units and their distinct 5-gram counts (*shared* of them in both)."""
    if later == earlier:
        return Match(1.0)
    if len(later) < MIN_CHARS or len(earlier) < MIN_CHARS or not may_match(len(later), len(earlier)):
        return None
    if (n_later > n_earlier and (inside := shared / n_earlier) >= CONTAINMENT  # the earlier unit inside: its span goes
            and earlier.count(" ") + 1 >= CONTAINED_MIN_WORDS
            and len(earlier) >= CONTAINED_MIN_CHARS and _numbers_within(numbers_of(earlier), numbers_of(later))):
        return Match(round(inside, 4), contained=True)
    similar = shared / (n_later + n_earlier - shared)
    if similar >= THRESHOLD and numbers_of(later) == numbers_of(earlier):
        return Match(round(similar, 4))
    return None


def compare_many(later: Sequence[str], earlier: Sequence[str]) -> list[Match | None]:
    """:func:`judge` for each pair ``(later[p], earlier[p])`` of normalised units (counted in one vectorised pass)."""
    shared, n_later, n_earlier = shingle_overlaps(list(later), list(earlier))
    return [judge(a, b, s, x, y)
            for a, b, s, x, y in zip(later, earlier, shared.tolist(), n_later.tolist(), n_earlier.tolist(), strict=True)]


def compare(later: str, earlier: str) -> Match | None:
    """Whether the normalised unit *later* repeats *earlier* (from an earlier document), and how well."""
    return compare_many([later], [earlier])[0]


def wins(new: Hit, old: Hit | None) -> bool:
    """Whether *new* beats *old* as a unit's answer: an earlier document, or the same one with a higher score."""
    return old is None or (new.seq, -new.score, new.contained) < (old.seq, -old.score, old.contained)


def winner(*hits: Hit | None) -> Hit | None:
    """A unit's answer among its *hits*, in the order they were found (None: no hit): a later hit replaces
    an earlier one only when it :func:`wins`, so of two equal hits the first found stays.

    >>> a, b = Hit(0, 3, "x", 1.0), Hit(0, 1, "y", 0.9)
    >>> winner(None, a, b).doc_id, winner(a, None).doc_id, winner()
    ('y', 'x', None)
    """
    best = None
    for hit in hits:
        if hit is not None and wins(hit, best):
            best = hit
    return best


def first_copies(exact: np.ndarray) -> np.ndarray:
    """Positions of the first unit of each distinct exact hash in *exact*, ascending.

    Only these can ever be an answer: whatever matches a later copy matches the first copy too, at the
    same score and earlier (:func:`wins`). An index keeps only them, so repeated articles keep it flat.

    >>> first_copies(np.array([7, 5, 7, 5, 9], np.uint64)).tolist()
    [0, 1, 4]
    """
    return np.sort(np.unique(exact, return_index=True)[1])


def could_win(uids: np.ndarray, first: np.ndarray, limit: int) -> np.ndarray:
    """Which candidate *uids* are worth comparing, each for a unit whose exact first copy is *first*
    (-1: none; at or past *limit*: not earlier than this document). A candidate registered after that
    copy is from the same or a later document and scores at most 1: it can never :func:`wins` over it.

    >>> could_win(np.array([2, 9, 9]), np.array([5, 5, -1]), 100).tolist()
    [True, False, True]
    """
    return (first < 0) | (first >= limit) | (uids < first)


def contained_span(text: str, earlier: str) -> tuple[int, int]:
    """Where in *text* the earlier unit (normalised) lies: the window of its length holding most of its words,
    widened to the sentence ends around it when they are near, or cut where a scraper lost a paragraph break
    (a capital straight after a word); with no such boundary, the whole of *text*."""
    words = [(m.start(), m.end(), _normal_word(m.group())) for m in _WORDISH.finditer(text)]
    wanted = set(earlier.split())
    inside = [word in wanted for _, _, word in words]
    size = min(len(earlier.split()), len(words))
    if not size or not any(inside):
        return 0, len(text)
    counts = [sum(inside[:size])]  # a window as long as the earlier unit, slid along the text
    for k in range(size, len(words)):
        counts.append(counts[-1] + inside[k] - inside[k - size])
    first = max(range(len(counts)), key=counts.__getitem__)
    last = first + size - 1
    while not inside[first]:
        first += 1
    while not inside[last]:
        last -= 1
    before = [m.end() for m in LOOSE_END.finditer(text, 0, words[first][0] + 1)]
    if before and sum(1 for w in words[:first] if w[0] >= before[-1]) <= _NEAR_WORDS:
        begin = before[-1]  # the sentence end before it
    elif first <= _NEAR_WORDS:
        begin = 0
    elif text[words[first][0]].isupper() and text[words[first][0] - 1] == " " and text[words[first - 1][1] - 1].isalnum():
        begin = words[first][0]  # "... no further details The Government ...": a lost paragraph break
    else:
        return 0, len(text)  # no sentence boundary to cut at: the whole unit goes, as any duplicate sentence does
    after = LOOSE_END.search(text, words[last][1])
    if after and sum(1 for w in words[last + 1:] if w[1] <= after.start() + 1) <= _NEAR_WORDS:
        end = after.end()
    elif len(words) - 1 - last <= _NEAR_WORDS:
        end = len(text)
    elif text[words[last + 1][0]].isupper() and text[words[last][1]:words[last + 1][0]] == " ":
        end = words[last][1]
    else:
        return 0, len(text)
    return begin, end


@lru_cache(maxsize=1 << 13)
def _normal_word(word: str) -> str:
    """:func:`normalise` of one word, memoised: :func:`contained_span` reads a text word by word, and words repeat."""
    return normalise(word)


def _cut(sentence: str, spans: list[tuple[int, int]]) -> str:
    """*sentence* without *spans*, spaces tidied."""
    kept, at = [], 0
    for begin, end in sorted(spans):
        kept.append(sentence[at:max(begin, at)])
        at = max(at, end)
    kept.append(sentence[at:])
    return _DANGLING.sub(r"\1", " ".join(" ".join(kept).split()))


def decide(doc: Document, sentences: Sequence[Sequence[str]], owners: Sequence[int], spans: Sequence[tuple[int, int]],
           hits: Sequence[Hit], *, mode: str, echoes: Sequence[Hit] = ()) -> Document:
    """Apply a document's winning hits: what goes (``mode="remove"``) or is only listed (``"mark"``).

    *sentences* are the sentences of each paragraph; unit ``u`` belongs to flat sentence
    ``owners[u]`` and covers ``spans[u]`` of it (the whole sentence, a quote, or a piece).
    A sentence goes whole when a whole-sentence or quote unit matches; otherwise only the
    spans of the matching pieces or contained units go. Each removal is a :class:`Duplicate`
    naming the earliest document. A document whose body characters are at least :data:`WHOLE_ARTICLE`
    in duplicates gets ``duplicate_of`` (and, in remove mode, ``dropped = "duplicate"``); *echoes*,
    short sentences repeated word for word (never removed), count as duplicates for this.
    """
    if not hits and not echoes:  # nothing repeated (most documents): nothing goes, not a duplicate article
        doc.duplicates, doc.paragraphs = [], list(doc.paragraphs)
        return doc
    flat = [s for para in sentences for s in para]
    cuts: dict[int, dict[tuple[int, int], Hit]] = {}
    for hit in hits:
        owner, (begin, end) = owners[hit.unit], spans[hit.unit]
        sentence = flat[owner]
        if hit.contained:
            inner = contained_span(sentence[begin:end], hit.earlier)
            begin, end = begin + inner[0], begin + inner[1]
        if end - begin >= 0.9 * len(sentence.strip()):
            begin, end = 0, len(sentence)
        mine = cuts.setdefault(owner, {})
        if wins(hit, mine.get((begin, end))):
            mine[(begin, end)] = hit
    duplicates: list[Duplicate] = []
    by_source: Counter[tuple[int, str]] = Counter()
    paragraphs: list[str] = []
    k = 0
    for para, sents in zip(doc.paragraphs, sentences, strict=True):
        kept = []
        for sentence in sents:
            spans_here = _merge(cuts[k]) if k in cuts else []
            for (begin, end), hit in spans_here:
                duplicates.append(Duplicate(sentence[begin:end].strip(), hit.doc_id, hit.score))
                by_source[(hit.seq, hit.doc_id)] += end - begin
            rest = _cut(sentence, [span for span, _ in spans_here]) if spans_here else sentence
            if rest:
                kept.append(rest)
            k += 1
        if mode == "mark" or kept == list(sents):
            paragraphs.append(para)
        elif kept:
            paragraphs.append(" ".join(kept))
    doc.duplicates = duplicates
    for echo in echoes:
        if owners[echo.unit] not in cuts and spans[echo.unit] == (0, len(flat[owners[echo.unit]])):
            by_source[(echo.seq, echo.doc_id)] += len(flat[owners[echo.unit]])
    body = sum(len(s) for s in flat)
    if body and sum(by_source.values()) >= WHOLE_ARTICLE * body:
        (_, source), _ = max(by_source.items(), key=lambda item: (item[1], -item[0][0]))
        doc.duplicate_of = source
        if mode == "remove":
            doc.dropped = "duplicate"
    doc.paragraphs = [] if doc.dropped == "duplicate" else paragraphs  # as its record: a dropped article keeps no text
    return doc


def _merge(cuts: dict[tuple[int, int], Hit]) -> list[tuple[tuple[int, int], Hit]]:
    """Overlapping spans of one sentence as one (the earliest document's hit names it)."""
    merged: list[tuple[tuple[int, int], Hit]] = []
    for (begin, end), hit in sorted(cuts.items()):
        if merged and begin < merged[-1][0][1]:
            (b0, e0), h0 = merged[-1]
            merged[-1] = ((b0, max(e0, end)), hit if wins(hit, h0) else h0)
        else:
            merged.append(((begin, end), hit))
    return merged
