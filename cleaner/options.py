"""How to clean: every knob of the library in one NamedTuple, each with a sensible default.

>>> Options(dedup="mark").dedup
'mark'
>>> Options(jobs=0).check()
Traceback (most recent call last):
ValueError: jobs must be 1 or more, not 0
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

DEDUP_MODES = ("remove", "mark", "off")
DEFAULT_MAX_BYTES = 20_000_000


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
    favor: str = "balanced"  # "precision" or "recall" move the borderline decisions together (cleaner.favor)

    def check(self) -> Options:
        """These options, or a ValueError saying which one is wrong."""
        if self.dedup not in DEDUP_MODES:
            raise ValueError(f"dedup must be one of {', '.join(DEDUP_MODES)}, not {self.dedup!r}")
        if self.jobs < 1:
            raise ValueError(f"jobs must be 1 or more, not {self.jobs}")
        if self.max_bytes < 1:
            raise ValueError(f"max_bytes must be 1 or more, not {self.max_bytes}")
        if self.favor not in ("balanced", "precision", "recall"):
            raise ValueError(f"favor must be one of balanced, precision, recall, not {self.favor!r}")
        if self.timeout is not None and self.timeout < 0:
            raise ValueError(f"timeout must be None or 0 or more seconds, not {self.timeout}")
        return self
