"""The token 4-gram F1 of ../shared/tools/score.py, for tests that compare with gold text."""

from __future__ import annotations

import re
from collections import Counter

_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text)
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def f1(pred: str, gold: str) -> float:
    p, g = shingles(pred), shingles(gold)
    tp = sum((p & g).values())
    if not tp:
        return 0.0
    precision, recall = tp / sum(p.values()), tp / sum(g.values())
    return 2 * precision * recall / (precision + recall)
