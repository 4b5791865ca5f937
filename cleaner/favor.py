"""``favor``: the knobs that trade precision for recall, moved together (as trafilatura's favor_precision /
favor_recall do).

One setting names a :class:`Knobs` record; the stages read what they need from it: the line model's
threshold and the rules that decide borderline lines in page text (short lines between prose, closing
blocks), trafilatura's own setting and the HTML post-filters' thresholds.

>>> knobs("precision").threshold > knobs("balanced").threshold > knobs("recall").threshold
True
"""

from __future__ import annotations

from typing import NamedTuple

FAVORS = ("balanced", "precision", "recall")


class Knobs(NamedTuple):
    """What one ``favor`` setting means for each stage."""

    threshold: float  # text mode: the line model keeps a line at this probability or more
    rescue: bool  # text mode: prose the model dropped beside the kept article stays (see textpage)
    on_topic: float  # text mode: share of a paragraph's topical words the article must use for it to stay
    mid_article_sections: bool  # a closing-like heading followed by article prose is a box, not the end
    tail_start: float  # HTML: a closing-section heading ends the body only after this share of its words
    link_line_density: float  # HTML: a short paragraph with this much link text is a teaser
    trafilatura: tuple[tuple[str, bool], ...]  # keyword arguments for trafilatura's extraction


_KNOBS = {
    "balanced": Knobs(0.5, True, 0.3, True, 0.5, 0.9, ()),
    "precision": Knobs(0.65, False, 0.5, False, 0.35, 0.7, (("favor_precision", True),)),
    "recall": Knobs(0.35, True, 0.15, True, 0.65, 0.97, ()),  # trafilatura's favor_recall loses recall here
}


def knobs(favor: str = "balanced") -> Knobs:
    """The knobs of *favor* ("balanced", "precision" or "recall")."""
    if favor not in _KNOBS:
        raise ValueError(f"favor must be one of {', '.join(FAVORS)}, not {favor!r}")
    return _KNOBS[favor]
