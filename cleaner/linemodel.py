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

MODEL_PATH = Path(__file__).resolve().parent / "data" / "linemodel.txt"
THRESHOLD = 0.5


@lru_cache(maxsize=1)
def _booster():
    import lightgbm as lgb

    return lgb.Booster(model_file=str(MODEL_PATH))


def content_probabilities(lines: Sequence[str]) -> list[float]:
    """P(content) for each line of a page (all of its non-empty lines, in order)."""
    if not lines:
        return []
    from .linefeatures import line_features

    return [float(p) for p in _booster().predict(line_features(lines), num_threads=1)]


def select_content(lines: Sequence[str]) -> list[bool]:
    """Keep decisions for each line."""
    return [p >= THRESHOLD for p in content_probabilities(lines)]
