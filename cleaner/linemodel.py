"""The text-mode line model: P(line is article body) from its shape and context.

A small LightGBM model (``data/linemodel.txt``, trained by
``scripts/train_linemodel.py`` on ``../shared/data/train``) over the
language-agnostic features of :mod:`cleaner.linefeatures`. Loaded once, lazily.

>>> from pathlib import Path
>>> page = [l for l in Path("samples/000_b0e08e17cefa5128.txt").read_text().splitlines() if l.strip()]
>>> keep = select_content(page)
>>> keep[page.index("Connect with us")], keep[page.index("Advertisement. Scroll to continue reading.") + 1]
(False, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).resolve().parent / "data" / "linemodel.txt"
THRESHOLD = 0.5


@lru_cache(maxsize=1)
def _booster():
    import lightgbm as lgb

    return lgb.Booster(model_file=str(MODEL_PATH))


def content_probabilities(lines: Sequence[str], needed: Sequence[bool] | None = None) -> list[float]:
    """P(content) for each line of a page (all of its non-empty lines, in order).

    With *needed*, only those lines are scored (the others read 0.0): every
    line still gives its features to its neighbours' context, but a line the
    rules have already decided needs no score of its own.
    """
    if not lines:
        return []
    from .linefeatures import line_features

    features = line_features(lines)
    if needed is None:
        return [float(p) for p in _booster().predict(features, num_threads=1)]
    rows = np.flatnonzero(np.asarray(needed, dtype=bool))
    out = np.zeros(len(lines))
    if len(rows):
        out[rows] = _booster().predict(features[rows], num_threads=1)
    return out.tolist()


def select_content(lines: Sequence[str], needed: Sequence[bool] | None = None) -> list[bool]:
    """Keep decisions for each line (False for a line not *needed*)."""
    return [p >= THRESHOLD for p in content_probabilities(lines, needed)]
