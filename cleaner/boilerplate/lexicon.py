"""What the words of a line say: a log-odds lexicon of words and word pairs, learned from labelled pages.

Shape features cannot tell "Mit Freunden teilen" from a short sentence of the article; the words can,
on pages in a language the lexicon has seen. Each token (a case-folded word as
:data:`cleaner.words.WORD` finds it, digits read as ``0``, and each pair of neighbouring words) has the
log-odds log P(a page's body holds it) / P(its furniture does), counted once per page and class so that
no site's repeated menu outweighs the others, shrunk when few pages hold it (:func:`build`, by
``scripts/train_linemodel.py``; ``data/lexicon.tsv``). A line's score is the mean over its tokens that
the lexicon knows; ``known`` is their share. A page in a language the lexicon has never seen reads
0 and 0 on every line, and the line model, trained with the lexicon switched off on some pages,
then decides by shape alone.

>>> lex = {"share": -2.0, "the": 0.5}
>>> scores(["Share", "The talks failed", "政府"], lex)
([-2.0, 0.5, 0.0], [1.0, 0.2, 0.0])
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from ..words import WORD

LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "lexicon.tsv"
MIN_PAGES = 3  # a token seen on fewer pages says nothing yet
SMOOTHING = 1.0  # added to both classes' page counts
SHRINK = 5.0  # log-odds times pages / (pages + SHRINK): rare tokens speak softly
_DIGITS = re.compile(r"\d+")
_MAX_TOKENS = 64  # a long line is read by its first words: enough to know what it is


def tokens(line: str) -> list[str]:
    """The case-folded words of *line* (digits as ``0``) and each pair of neighbouring words.

    >>> tokens("Page 12 of 40")
    ['page', '0', 'of', '0', 'page 0', '0 of', 'of 0']
    """
    words = [_DIGITS.sub("0", w.casefold()) for w in WORD.findall(line)[:_MAX_TOKENS]]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


_active: Path | None = LEXICON_PATH


@lru_cache(maxsize=2)
def _load(path: Path) -> dict[str, float]:
    if not path.exists():
        return {}
    out: dict[str, float] = {}
    with open(path, encoding="utf-8") as handle:
        for row in handle:
            token, _, value = row.rstrip("\n").rpartition("\t")
            if token:
                out[token] = float(value)
    return out


def lexicon() -> Mapping[str, float]:
    """The lexicon in use: ``data/lexicon.tsv`` unless :func:`use_lexicon` chose another (or none)."""
    return {} if _active is None else _load(_active)


def use_lexicon(path: Path | None) -> Path | None:
    """Read words with the lexicon file *path* from now on (None: no lexicon); returns the one used before.

    >>> previous = use_lexicon(None)
    >>> lexicon() == {} and use_lexicon(previous) is None
    True
    """
    global _active
    previous, _active = _active, path
    return previous


def scores(lines: Sequence[str], lex: Mapping[str, float] | None = None) -> tuple[list[float], list[float]]:
    """Per line, the mean log-odds of its known tokens (0.0 when none is known), and the known share."""
    lex = lexicon() if lex is None else lex
    score, known = [], []
    if not lex:
        return [0.0] * len(lines), [0.0] * len(lines)
    for line in lines:
        toks = tokens(line)
        values = [v for v in map(lex.get, toks) if v is not None]
        score.append(sum(values) / len(values) if values else 0.0)
        known.append(len(values) / len(toks) if toks else 0.0)
    return score, known


def build(pages: Iterable[tuple[Sequence[str], Sequence[int]]], min_pages: int = MIN_PAGES) -> dict[str, float]:
    """The lexicon of labelled *pages*: (lines, labels) with label 1 body, 0 furniture, -1 unknown.

    >>> pages = [(["Share this", "Rain fell on Monday"], [0, 1])] * 3
    >>> lex = build(pages)
    >>> lex["share"] < 0 < lex["rain"]
    True
    """
    body: Counter[str] = Counter()
    furniture: Counter[str] = Counter()
    pages_with = [0, 0]  # pages with furniture lines, with body lines
    for lines, labels in pages:
        seen: tuple[set[str], set[str]] = (set(), set())
        for line, label in zip(lines, labels, strict=True):
            if label >= 0:
                seen[int(label)].update(tokens(line))
        furniture.update(seen[0])
        body.update(seen[1])
        pages_with[0] += bool(seen[0])
        pages_with[1] += bool(seen[1])
    n_f, n_b = (n + 2 * SMOOTHING for n in pages_with)
    out = {}
    for token in sorted(body.keys() | furniture.keys()):
        b, f = body[token], furniture[token]
        if b + f >= min_pages:  # how much likelier a page's body holds it than its furniture, shrunk when rare
            value = math.log((b + SMOOTHING) / n_b) - math.log((f + SMOOTHING) / n_f)
            value *= (b + f) / (b + f + SHRINK)
            out[token] = round(value, 3)
    return out


def save(lex: Mapping[str, float], path: Path) -> None:
    """Write *lex* as ``token<TAB>log-odds`` lines, sorted (the same lexicon gives the same bytes)."""
    path.write_text("".join(f"{t}\t{v}\n" for t, v in sorted(lex.items())), encoding="utf-8")
