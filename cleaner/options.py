"""How to clean: every knob of the library in one NamedTuple, each with a sensible default, and what the
``favor`` knob means for each stage (:func:`knobs`, read by extract and boilerplate alike).

>>> Options(dedup="mark").dedup
'mark'
>>> knobs("precision").threshold > knobs("balanced").threshold > knobs("recall").threshold
True
>>> Options(jobs=0).check()
Traceback (most recent call last):
ValueError: jobs must be 1 or more, not 0
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

DEDUP_MODES = ("remove", "mark", "off")
DEFAULT_MAX_BYTES = 20_000_000

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


class Options(NamedTuple):
    """What :func:`cleaner.clean_many` and the pipeline built by :func:`cleaner.default_pipeline` do."""

    dedup: str = "remove"  # "remove", "mark" or "off"
    lang: frozenset[str] | None = None  # keep only these languages (None: all)
    state: str | None = None  # SQLite file with what earlier runs saw (dedup)
    jobs: int = 1  # worker processes for the per-article stages
    max_bytes: int = DEFAULT_MAX_BYTES  # larger inputs (UTF-8 bytes) are refused with a clear message
    timeout: float | None = None  # seconds per document (None: no limit); over it, doc.error says so
    detector: Callable[[str], str] | None = None  # text -> language code (None: langdetect, seeded)
    debug: bool = False  # let unexpected errors propagate instead of failing one document
    trace: bool = False  # record every line's fate in ``doc.trace`` (``cleaner explain``)
    rules: tuple[str, ...] = ()  # TOML files of extra phrase rules (the format of cleaner/data/rules.toml, plus scope)
    favor: str = "balanced"  # "precision" or "recall" move the borderline decisions together (cleaner.options)

    def check(self) -> Options:
        """These options, or a ValueError saying which one is wrong."""
        if self.dedup not in DEDUP_MODES:
            raise ValueError(f"dedup must be one of {', '.join(DEDUP_MODES)}, not {self.dedup!r}")
        if self.jobs < 1:
            raise ValueError(f"jobs must be 1 or more, not {self.jobs}")
        if self.max_bytes < 1:
            raise ValueError(f"max_bytes must be 1 or more, not {self.max_bytes}")
        if self.favor not in FAVORS:
            raise ValueError(f"favor must be one of {', '.join(FAVORS)}, not {self.favor!r}")
        if self.timeout is not None and self.timeout < 0:
            raise ValueError(f"timeout must be None or 0 or more seconds, not {self.timeout}")
        return self
