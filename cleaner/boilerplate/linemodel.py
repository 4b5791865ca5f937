"""The text-mode line model: P(line is article body) from its shape and context.

A small LightGBM model (``data/linemodel.txt``, trained by
``scripts/train_linemodel.py`` on ``../shared/data/train``) over the
language-agnostic features of :mod:`cleaner.boilerplate.linefeatures`. Loaded once, lazily: compiled to
native code where it can be (:mod:`cleaner.boilerplate.compiled`, same decisions), else LightGBM.

>>> from pathlib import Path
>>> from .rules import default_rules
>>> page = [l for l in Path("samples/000_b0e08e17cefa5128.txt").read_text().splitlines() if l.strip()]
>>> rule = [default_rules().line_reason(line, "text") is not None for line in page]
>>> keep = select_content(page, rule=rule, heading=[False] * len(page))
>>> keep[page.index("Connect with us")], keep[page.index("Advertisement. Scroll to continue reading.") + 1]
(False, True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .linefeatures import FEATURE_NAMES, feature_blocks, line_features

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "linemodel.txt"
THRESHOLD = 0.5


class ModelMismatch(RuntimeError):
    """The model file was trained on other features than the code computes."""


def _check_features(model: Path) -> None:
    """Refuse a model file trained on other features than :mod:`cleaner.boilerplate.linefeatures` computes."""
    with open(model, encoding="utf-8") as handle:
        names = next((line[len("feature_names="):].split() for line in handle if line.startswith("feature_names=")), None)
    if names != FEATURE_NAMES:
        raise ModelMismatch(f"{model} was trained on other features than cleaner.boilerplate.linefeatures computes; "
                            "retrain it with scripts/train_linemodel.py")


@lru_cache(maxsize=1)
def _booster():
    """LightGBM's reading of the model file (the fallback, and the reference the compiled model is tested against)."""
    import lightgbm as lgb

    _check_features(MODEL_PATH)
    return lgb.Booster(model_file=str(MODEL_PATH))


@lru_cache(maxsize=1)
def _predictor() -> Callable[[np.ndarray], np.ndarray]:
    """The model as a function of the feature matrix: compiled (:mod:`cleaner.boilerplate.compiled`) where it can be, else LightGBM."""
    _check_features(MODEL_PATH)
    from .compiled import compiled_predictor

    compiled = compiled_predictor(MODEL_PATH)
    if compiled is not None:
        return compiled
    booster = _booster()
    return lambda X: booster.predict(X, num_threads=1)


def use_model(path: Path) -> Path:
    """Score lines with the model file *path* from now on, in this process; returns the file used before.

    For measuring a model trained apart (scripts/eval_multilingual_oof.py trains one per fold);
    the file must be over :data:`~cleaner.linefeatures.FEATURE_NAMES` as any model is.

    >>> previous = use_model(MODEL_PATH)
    >>> use_model(previous) == previous == MODEL_PATH
    True
    """
    global MODEL_PATH
    previous, MODEL_PATH = MODEL_PATH, Path(path)
    _booster.cache_clear()
    _predictor.cache_clear()
    return previous


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
    if needed is None:
        return [float(p) for p in _predictor()(line_features(lines, rule=rule, heading=heading))]
    wanted = np.asarray(needed, dtype=bool)
    out = np.zeros(len(lines))
    for first, features in feature_blocks(lines, rule=rule, heading=heading):  # a long page a block at a time
        rows = np.flatnonzero(wanted[first:first + len(features)])
        if len(rows):
            out[first + rows] = _predictor()(features[rows])
    return out.tolist()


def select_content(lines: Sequence[str], needed: Sequence[bool] | None = None, *,
                   rule: Sequence[bool], heading: Sequence[bool], threshold: float = THRESHOLD) -> list[bool]:
    """Keep decisions for each line (False for a line not *needed*)."""
    return [p >= threshold for p in content_probabilities(lines, needed, rule=rule, heading=heading)]
