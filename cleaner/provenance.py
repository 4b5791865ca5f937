"""Provenance: what made a run's records, computed once per run and written into each JSON Lines record.

The cleaner version, a short hash (sha256, first 12 hex digits) of the line model file, of its
lexicon and of the rules table, and the options that change what is written: the dedup mode, the language filter,
and the ``--state`` file's name (or null); with Markdown, ``markdown`` (whether links are
kept). Nothing that differs between two runs of the same
command over the same input: no time, no host, no full path.

>>> p = provenance(Options(dedup="mark", lang=frozenset({"en", "de"}), state="/data/seen.sqlite"))
>>> sorted(p), p["dedup"], p["lang"], p["state"]
(['cleaner', 'dedup', 'favor', 'lang', 'lexicon', 'linemodel', 'rules', 'state', 'user_rules'], 'mark', ['de', 'en'], 'seen.sqlite')
>>> p["linemodel"] == file_digest(MODEL_PATH) and len(p["rules"]) == 12
True
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__
from .boilerplate.lexicon import LEXICON_PATH
from .boilerplate.linemodel import MODEL_PATH
from .boilerplate.rules import DEFAULT_RULES
from .options import Options


@cache
def file_digest(path: Path) -> str:
    """The first 12 hex digits of the sha256 of *path*'s bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def provenance(options: Options, *, rules: Path = DEFAULT_RULES) -> dict[str, Any]:
    """The ``provenance`` object of a run with *options* (and the rules table *rules*)."""
    return {
        "cleaner": __version__,
        "linemodel": file_digest(MODEL_PATH),
        "lexicon": file_digest(LEXICON_PATH),
        "rules": file_digest(rules),
        "dedup": options.dedup,
        "lang": sorted(options.lang) if options.lang else None,
        "state": Path(options.state).name if options.state else None,
        "favor": options.favor,
        "user_rules": [f"{Path(path).name}:{file_digest(Path(path))}" for path in options.rules],
        **({"markdown": {"links": options.links}} if options.markdown else {}),  # only when the records have Markdown
    }
