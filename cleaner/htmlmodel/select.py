"""From block probabilities to the kept blocks: the article comes out as one stretch, its boxes removed.

A page's article is one run of blocks. The plain decision (``p >= threshold``) leaves stray blocks
far from it (a teaser's summary, a bio in the footer); the smoothed decision keeps the blocks of
the *densest run* (the run of blocks with the largest sum of ``(p - threshold) * weight``, each
block weighing its length: Kadane's maximum subarray) that pass the threshold, plus any block
anywhere whose probability is at least ``sure``.

>>> p = [0.1, 0.95, 0.2, 0.8, 0.7, 0.3, 0.9, 0.1, 0.1, 0.1, 0.6, 0.1]
>>> chars = [40] * len(p)
>>> [i for i, keep in enumerate(select(p, chars)) if keep]
[1, 3, 4, 6]
>>> [i for i, keep in enumerate(select(p, chars, sure=1.1)) if keep]
[1, 3, 4, 6]
>>> [i for i, keep in enumerate(select(p, chars, smooth=False)) if keep]
[1, 3, 4, 6, 10]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

THRESHOLD = 0.5
SURE = 0.9  # a block this likely is kept wherever it stands


def densest_run(score: Sequence[float]) -> tuple[int, int]:
    """The run of blocks with the largest sum of *score*, as ``[start, end)`` ((0, 0) when no sum is positive)."""
    best, span, run, start = 0.0, (0, 0), 0.0, 0
    for i, value in enumerate(score):
        if run <= 0:
            run, start = float(value), i
        else:
            run += float(value)
        if run > best:
            best, span = run, (start, i + 1)
    return span


def select(probabilities: Sequence[float], chars: Sequence[int], *, threshold: float = THRESHOLD,
           sure: float = SURE, smooth: bool = True) -> list[bool]:
    """Keep decisions for each block (see the module doc); *chars*: each block's length."""
    p = np.asarray(probabilities, dtype=np.float64)
    passed = p >= threshold
    if not smooth or not len(p):
        return passed.tolist()
    weight = np.log1p(np.asarray(chars, dtype=np.float64))
    start, end = densest_run((p - threshold) * weight)
    inside = np.zeros(len(p), dtype=bool)
    inside[start:end] = True
    return ((passed & inside) | (p >= sure)).tolist()
