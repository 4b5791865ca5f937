"""The text-mode line model: P(line is article body) from its shape and context.

A small LightGBM model (``data/linemodel.txt``, trained by
``scripts/train_linemodel.py`` on ``../shared/data/train``) over the
language-agnostic features of :mod:`cleaner.linefeatures`. Loaded once, lazily.

>>> from pathlib import Path
>>> from cleaner.rules import default_rules
>>> page = [l for l in Path("samples/000_b0e08e17cefa5128.txt").read_text().splitlines() if l.strip()]
>>> rule = [default_rules().line_reason(line, "text") is not None for line in page]
>>> keep = select_content(page, rule=rule, heading=[False] * len(page))
>>> keep[page.index("Connect with us")], keep[page.index("Advertisement. Scroll to continue reading.") + 1]
(False, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .linefeatures import FEATURE_NAMES, line_features

MODEL_PATH = Path(__file__).resolve().parent / "data" / "linemodel.txt"
THRESHOLD = 0.5


class ModelMismatch(RuntimeError):
    """The model file was trained on other features than the code computes."""


@lru_cache(maxsize=1)
def _booster():
    import lightgbm as lgb

    booster = lgb.Booster(model_file=str(MODEL_PATH))
    if booster.feature_name() != FEATURE_NAMES:
        raise ModelMismatch(f"{MODEL_PATH} was trained on other features than cleaner.linefeatures computes; "
                            "retrain it with scripts/train_linemodel.py")
    return booster


def content_probabilities(lines: Sequence[str], needed: Sequence[bool] | None = None, *,
                          rule: Sequence[bool], heading: Sequence[bool]) -> list[float]:
    """P(content) for each line of a page (all of its non-empty lines, in order).

    With *needed*, only those lines are scored (the others read 0.0): every
    line still gives its features to its neighbours' context, but a line the
    rules have already decided needs no score of its own. *rule* and *heading*
    are the rules' verdicts on each line (model inputs).
    """
    if not lines:
        return []
    features = line_features(lines, rule=rule, heading=heading)
    if needed is None:
        return [float(p) for p in _booster().predict(features, num_threads=1)]
    rows = np.flatnonzero(np.asarray(needed, dtype=bool))
    out = np.zeros(len(lines))
    if len(rows):
        out[rows] = _booster().predict(features[rows], num_threads=1)
    return out.tolist()


def select_content(lines: Sequence[str], needed: Sequence[bool] | None = None, *,
                   rule: Sequence[bool], heading: Sequence[bool], threshold: float = THRESHOLD) -> list[bool]:
    """Keep decisions for each line (False for a line not *needed*)."""
    return [p >= threshold for p in content_probabilities(lines, needed, rule=rule, heading=heading)]
