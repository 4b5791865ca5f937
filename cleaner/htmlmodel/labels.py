"""How much of each block a reference text holds: training labels from a gold body, and trafilatura's vote.

The rule of text mode (``../shared/notes/text-mode-findings.md``): a block's tokens are covered
where a token 4-gram of the block is one of the reference's, the reference's 4-grams used up in
page order (a second copy of the same text finds them gone, so a page that prints its article
twice is labelled once). A block of 1-3 tokens is covered whole when the reference holds its
tokens together (as many times as it holds them). A block is content when at least half of its
tokens are covered. Tokens are words across scripts (:data:`cleaner.words.WORD`: each Han or
kana character is one).

>>> gold = "The storm hit the coast on Monday. Trains stopped for hours."
>>> blocks = ["Home", "The storm hit the coast on Monday.", "Trains stopped for hours.", "Share this", "Trains stopped for hours."]
>>> coverage(blocks, gold).round(2).tolist()
[0.0, 1.0, 1.0, 0.0, 0.0]
>>> gold_labels(blocks, gold).tolist()
[0, 1, 1, 0, 0]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from ..words import WORD

CONTENT_SHARE = 0.5  # a block is content when at least this share of its tokens is covered


def _grams(tokens: list[str]) -> dict[int, Counter]:
    """The reference's token n-grams for n = 1 .. 4, counted."""
    return {k: Counter(tuple(tokens[i:i + k]) for i in range(len(tokens) - k + 1)) for k in (1, 2, 3, 4)}


def coverage(blocks: Sequence[str], reference: str) -> np.ndarray:
    """The share of each block's tokens that the *reference* holds (see the module doc), in [0, 1]."""
    grams = _grams(WORD.findall(reference))
    out = np.zeros(len(blocks), dtype=np.float64)
    for i, text in enumerate(blocks):
        tokens = WORD.findall(text)
        if not tokens:
            continue
        if len(tokens) < 4:
            key = tuple(tokens)
            if grams[len(tokens)][key] > 0:
                grams[len(tokens)][key] -= 1
                out[i] = 1.0
            continue
        covered = np.zeros(len(tokens), dtype=bool)
        four = grams[4]
        for j in range(len(tokens) - 3):
            gram = tuple(tokens[j:j + 4])
            if four[gram] > 0:
                four[gram] -= 1
                covered[j:j + 4] = True
        out[i] = covered.mean()
    return out


def gold_labels(blocks: Sequence[str], gold: str) -> np.ndarray:
    """1 for a block the gold body holds (:data:`CONTENT_SHARE` of its tokens covered), else 0."""
    return (coverage(blocks, gold) >= CONTENT_SHARE).astype(np.int8)
