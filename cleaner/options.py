"""How to clean: every knob of the library in one NamedTuple, each with a sensible default, and what the
``favor`` knob means for each stage (:func:`knobs`, read by extract and boilerplate alike).

>>> Options(dedup="mark").dedup
'mark'
>>> knobs("precision").threshold > knobs("balanced").threshold > knobs("recall").threshold
True
>>> Options(jobs=0).check()
Traceback (most recent call last):
cleaner.options.OptionError: jobs must be 1 or more, not 0
"""

from __future__ import annotations

from collections.abc import Callable
from os import PathLike
from pathlib import Path
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
    """What :func:`cleaner.clean_many` and the pipeline built by :func:`cleaner.default_pipeline` do.

    Every field has a default; ``help(Options)`` describes each. :meth:`check` says which value is wrong.
    """

    dedup: str = "remove"
    lang: frozenset[str] | None = None
    state: str | None = None
    jobs: int = 1
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float | None = None
    detector: Callable[[str], str] | None = None
    debug: bool = False
    trace: bool = False
    rules: tuple[str, ...] = ()
    favor: str = "balanced"
    markdown: bool = False
    links: bool = False

    def check(self) -> Options:
        """These options checked, before any document is read, with *lang* and *rules* in their canonical
        form (a string of codes, a single rules file: ``lang="en,de"``, ``rules="site.toml"``); or an
        :class:`OptionError` (a ValueError) naming the option, the value and what is wrong."""
        if self.dedup not in DEDUP_MODES:
            raise OptionError("dedup", f"dedup must be one of {', '.join(DEDUP_MODES)}, not {self.dedup!r}")
        if self.jobs < 1:
            raise OptionError("jobs", f"jobs must be 1 or more, not {self.jobs}")
        if self.max_bytes < 1:
            raise OptionError("max_bytes", f"max_bytes must be 1 or more, not {self.max_bytes}")
        if self.favor not in FAVORS:
            raise OptionError("favor", f"favor must be one of {', '.join(FAVORS)}, not {self.favor!r}")
        if self.links and not self.markdown:
            raise OptionError("links", "links keeps links in the Markdown output: it needs markdown=True")
        if self.timeout is not None and self.timeout < 0:
            raise OptionError("timeout", f"timeout must be None or 0 or more seconds, not {self.timeout}")
        checked = self._replace(lang=_checked_lang(self.lang, own_detector=self.detector is not None),
                                rules=_checked_rules(self.rules))
        _check_state(checked.state)
        return checked


_FIELD_DOCS = {  # help(Options) shows these for the fields (not "Alias for field number N")
    "dedup": "Cross-article dedup: 'remove' (repeated sentences cut, whole repeats dropped), 'mark' (listed in "
             "doc.duplicates, kept) or 'off'.",
    "lang": "Keep only these languages: codes langdetect gives ({'en', 'de'} or 'en,de'; 'und' for too short); "
            "None keeps all. Other documents get dropped='language'.",
    "state": "An SQLite file of what earlier runs saw, so dedup reaches across runs (created when missing); None: "
             "this run only.",
    "jobs": "Worker processes for the per-article stages (dedup stays in input order in this process).",
    "max_bytes": "Inputs larger than this many UTF-8 bytes are refused with a clear error, not cleaned.",
    "timeout": "Seconds one document may take; over it, doc.error says so and the batch goes on. None: no limit.",
    "detector": "A function text -> language code to use instead of langdetect (seeded, deterministic).",
    "debug": "Let unexpected errors propagate (a traceback) instead of failing one document with doc.error.",
    "trace": "Record every line's fate, stage by stage, in doc.trace (what `cleaner explain` shows).",
    "rules": "Rules files of your own, in the format of cleaner/data/rules.toml plus 'scope' (a path, or a list).",
    "favor": "'balanced', 'precision' or 'recall': moves the borderline decisions of every stage together "
             "(see knobs()).",
    "markdown": "Also render each document as Markdown (doc.to_markdown(), a 'markdown' field in its record): headings, "
                "lists, tables, quotes and code kept; the text itself unchanged.",
    "links": "Keep the body's links in the Markdown, with absolute URLs (needs markdown=True).",
}
for _name, _doc in _FIELD_DOCS.items():
    getattr(Options, _name).__doc__ = _doc


class OptionError(ValueError):
    """An option with a value it cannot take; ``option`` is the name of its :class:`Options` field."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


def _checked_lang(lang: object, *, own_detector: bool) -> frozenset[str] | None:
    from .language import parse_codes, unknown_codes

    if lang is None:
        return None
    if isinstance(lang, str):
        codes = parse_codes(lang)
    elif isinstance(lang, (set, frozenset, list, tuple)) and all(isinstance(code, str) for code in lang):
        codes = frozenset(code.strip().lower() for code in lang if code.strip())
    else:
        raise OptionError("lang", f"lang must be language codes such as {{'en', 'de'}} or 'en,de', not {lang!r}")
    unknown = unknown_codes(codes, own_detector=own_detector)
    if unknown or not codes:
        shown = ", ".join(repr(code) for code in unknown) or repr(lang)
        raise OptionError("lang", f"lang must be codes that language detection gives (ISO 639-1 such as en, de, zh-cn, "
                                  f"or und), not {shown}")
    return codes


def _checked_rules(rules: object) -> tuple[str, ...]:
    if isinstance(rules, (str, PathLike)):
        rules = (rules,)  # one file, not its characters
    if not isinstance(rules, (tuple, list)) or not all(isinstance(path, (str, PathLike)) for path in rules):
        raise OptionError("rules", f"rules must be a rules file's path or a list of them, not {rules!r}")
    return tuple(map(str, rules))


_SQLITE_HEADER = b"SQLite format 3\x00"


def _check_state(state: object) -> None:
    """A state file must be an SQLite file that exists, or a name in a folder that does."""
    if state is None:
        return
    if not isinstance(state, (str, PathLike)):
        raise OptionError("state", f"state must be a file's path, not {state!r}")
    path = Path(state)
    if path.is_dir():
        raise OptionError("state", f"state must be a file, not the folder {str(state)!r}")
    if not path.exists():
        if not path.parent.is_dir():
            raise OptionError("state", f"state {str(state)!r}: the folder {str(path.parent)!r} does not exist")
        return
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except OSError as exc:
        raise OptionError("state", f"state {str(state)!r}: cannot read it ({exc.strerror or exc})") from None
    if head and head != _SQLITE_HEADER:
        raise OptionError("state", f"state {str(state)!r} is not a state file of cleaner (not an SQLite database)")
