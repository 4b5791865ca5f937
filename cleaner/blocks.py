"""The block: one piece of an HTML page's body as extraction gives it (tag, text, link density), and how
block texts and titles are compared. Extract makes blocks; the boilerplate stage reads them.

>>> Block("head", "Storm hits coast").tag
'head'
>>> sorted(title_variants("Storm hits the coast overnight | The Daily Paper"))
['storm hits the coast overnight', 'storm hits the coast overnight the daily paper', 'the daily paper']
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from .words import count_words

if TYPE_CHECKING:
    from .markdown.shapes import Shape

TITLE_SEPARATORS = re.compile(r"\s+[-|–—·:»]\s+")  # "Headline | Site", "Headline - Site"
LINK_LIST_ITEMS = 3  # a list of at least this many items, mostly link text, is a list of links to elsewhere
_WORD = re.compile(r"\w+", re.U)


class Block(NamedTuple):
    """One body block as trafilatura gives it: its tag, its text and how much of it is link text."""

    tag: str  # "p", "head", "list", "quote", "table" ...
    text: str
    link_density: float = 0.0
    shape: Shape | None = None  # what the line is (heading, list item, table row ...), for Markdown output


def norm(text: str) -> str:
    """Words only, case-folded: how titles and blocks are compared."""
    return " ".join(_WORD.findall(text.casefold()))


def title_variants(title: str) -> set[str]:
    """The title and its parts around separators ("Headline | Site" -> both), normalised."""
    parts = [title, *TITLE_SEPARATORS.split(title)]
    return {n for n in map(norm, parts) if len(n) >= 12 or count_words(n) >= 3}
