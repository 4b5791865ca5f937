"""Cross-fitted lexicon features for training the line model (scripts/train_linemodel.py).

The lexicon (:mod:`cleaner.boilerplate.lexicon`) is learned from labelled lines; a line whose own label
taught the lexicon would read its answer in its features. So every training page is given a group (a
multilingual page its site-grouped fold, any other page a hash of its site into as many groups), and
its lexical features come from the lexicon of the pages of the other groups. The lexicon shipped (or
used to clean a held-out fold) is learned from every page allowed. Some pages (:data:`DROPOUT` of
them, by a hash of their name) read no lexicon at all, as a page in a language the lexicon does not
know reads none: the model learns to decide by shape then.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from cleaner.boilerplate.lexicon import build
from cleaner.boilerplate.linefeatures import FEATURE_NAMES, LEXICAL, lexical_columns

GROUPS = 5
# share of training pages whose lexical features read 0 (an unknown language): out of fold 0.899 (a quarter: 0.896);
# with the lexicon silent at inference, as on a page in an unseen language, both 0.885 (the shape-only model: 0.887)
DROPOUT = 0.1
_COLUMNS = slice(FEATURE_NAMES.index(LEXICAL[0]), FEATURE_NAMES.index(LEXICAL[0]) + len(LEXICAL))


@dataclass
class PageRecord:
    """One training page: its lines, the labels the lexicon learns from (None: it teaches nothing, as a
    gold body read as a page), where its rows start in X, which of its lines are rows, its group."""

    name: str
    lines: list[str]
    labels: np.ndarray | None
    first_row: int
    rows: np.ndarray
    group: int


def group_of(name: str, fold: int) -> int:
    """The page's cross-fitting group: its fold when it has one, else a stable hash of *name*."""
    return fold if fold >= 0 else zlib.crc32(name.encode("utf-8")) % GROUPS


def reads_no_lexicon(name: str) -> bool:
    """Whether the training page *name* is one of the :data:`DROPOUT` share that read no lexicon (a stable hash)."""
    return zlib.crc32(("lexicon-dropout:" + name).encode("utf-8")) % 1000 < DROPOUT * 1000


def lexicon_of(records: Iterable[PageRecord]) -> dict[str, float]:
    """The lexicon learned from the labelled lines of *records*."""
    return build((r.lines, r.labels) for r in records if r.labels is not None)


def fill_lexical(X: np.ndarray, records: list[PageRecord], excluded: set[str] = frozenset()) -> dict[str, float]:
    """Write each record's cross-fitted lexical columns into its rows of *X*; the pages named in *excluded*
    teach nothing (a held-out fold). Returns the lexicon of every page not excluded."""
    allowed = [r for r in records if r.name not in excluded]
    for group in range(GROUPS):
        lex = lexicon_of(r for r in allowed if r.group != group)
        for record in records:
            if record.group != group or not record.rows.any():
                continue
            rows = slice(record.first_row, record.first_row + int(record.rows.sum()))
            X[rows, _COLUMNS] = 0.0 if reads_no_lexicon(record.name) else lexical_columns(record.lines, lex)[record.rows]
    return lexicon_of(allowed)
