"""The title candidates' page contexts (recurs whole, quoted in a longer line, holds another line) are made from the
page's lines normalised once (``headfeatures._Page``), and say what the definition says, compared line by line on
real dev pages (../shared/data/dev)."""

from __future__ import annotations

import pytest

from cleaner.blocks import norm
from cleaner.boilerplate.headfeatures import FEATURE_NAMES, candidate_features
from cleaner.words import count_words
from tests.conftest import SHARED, needs_shared

DEV = SHARED / "data" / "dev"
CONTEXTS = [FEATURE_NAMES.index(name) for name in ("repeated", "quoted_elsewhere", "contains_other")]


def _defined(lines: list[str], j: int) -> list[float]:
    """The three contexts as defined: every other line of the page compared with line *j*, both normalised."""
    own = norm(lines[j])
    others = [norm(line) for i, line in enumerate(lines) if i != j]
    return [float(any(other == own for other in others)),
            float(any(own in other and len(other) > len(own) for other in others)),
            float(any(count_words(other) >= 3 and other in own and len(other) < len(own) for other in others))]


@needs_shared
@pytest.mark.parametrize("page", sorted(DEV.glob("*.page.txt"))[:8], ids=lambda p: p.name[:-9])
def test_candidate_contexts_are_the_definition(page) -> None:
    lines = [line for line in page.read_text(encoding="utf-8").split("\n") if line.strip()]
    head = lines[:80]  # the lines of a page's top, where its headline candidates stand, and the page to compare with
    found = [j for j, line in enumerate(head) if 0 < count_words(line) <= 20]
    rows = candidate_features(lines, [None] * len(lines), len(head), found)
    seen = [[row[k] for k in CONTEXTS] for row in rows]
    assert seen == [_defined(lines, j) for j in found]
    assert all(any(column) for column in zip(*seen, strict=True))  # each context holds of some line: no formality
