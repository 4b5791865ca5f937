"""Which line of a page is the article's headline (text mode), and which title of an HTML page.

Text mode has the page's lines only. Every line up to :data:`WINDOW` lines above the first
article paragraph (and that paragraph itself, when it is shaped like a headline and more prose
follows at once) is a candidate when it is shaped like a headline and no line rule, block
heading, dateline or credit shape claims it: a UI line ("Show more sharing options", "Add us on
Google" once a rule knows it) is never a title. Each candidate is described by the
language-agnostic features of :mod:`cleaner.boilerplate.headfeatures` (its rare words that the
first paragraphs use, its shape, its place above the first paragraph and among the other candidates,
the furniture under it, the rules' doubt) and scored by a learned linear ranker, ``w . x``: the
weights (``data/headline.json``) are a conditional logit fitted on the candidates of the train/
pages by ``scripts/train_headline.py`` (the headline is the manifest's title), data, not logic.

>>> lines = ["Menu", "Storm floods the old town", "Show more sharing options", "By Ann Lee",
...          "The storm flooded the old town on Monday night, and the river rose over its banks again."]
>>> pick_title(lines, [None, None, "low_content_score", "byline", None], 4)
1
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from ..blocks import norm, title_variants
from ..errors import RulesError
from ..sentences import is_prose, sentence_spans
from ..words import content_words, count_words, starts_like_a_heading
from .headfeatures import FEATURE_NAMES, candidate_features, over_its_standfirst
from .patterns import CREDIT_START
from .rules import RuleSet, default_rules
from .shapes import is_dateline, is_headline, shape_reason

WINDOW = 40  # lines above the first paragraph where the headline is looked for (as headfeatures.WINDOW)
MAX_TWO_SENTENCE_WORDS = 20  # "Need a Change? 7 Vital Tips on How to Rent a Car": two short sentences, still a headline
ON_TOPIC_SHARE = 0.5  # a headline over its standfirst: this share of its rare words in the article's first paragraphs
SHARE = FEATURE_NAMES.index("overlap_share")
MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "headline.json"


@lru_cache(maxsize=1)
def ranker_weights() -> np.ndarray:
    """The ranker's weights from ``data/headline.json``, in the order of :data:`headfeatures.FEATURE_NAMES`."""
    weights = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["weights"]
    if list(weights) != FEATURE_NAMES:
        raise RulesError(f"{MODEL_PATH} was fitted on other features than cleaner.boilerplate.headfeatures computes; "
                         "refit it with scripts/train_headline.py")
    return np.array(list(weights.values()))


def is_title_shaped(line: str) -> bool:
    """A headline's shape (:func:`shapes.is_headline`), or two short sentences, the first a question or an exclamation."""
    if is_headline(line):
        return True
    spans = sentence_spans(line)
    if len(spans) != 2 or not 3 <= count_words(line) <= MAX_TWO_SENTENCE_WORDS:
        return False
    head = line[spans[0][0]:spans[0][1]].rstrip("\"'’”» ")
    return head[-1:] in "?!" and starts_like_a_heading(line.lstrip("\"'“‘«")[:1]) and not line.rstrip().endswith((",", ";"))


def _claimed(line: str, rules: RuleSet, mode: str) -> bool:
    """A line some rule or shape says is not a headline (a UI line, a section heading, a dateline, a credit)."""
    return bool(rules.line_reason(line, mode) or rules.heading_reason(line, mode) or is_dateline(line)
                or CREDIT_START.match(line) or shape_reason(line))


def candidates(lines: list[str], reasons: list[str | None], first: int, rules: RuleSet | None = None,
               mode: str = "text") -> list[int]:
    """The lines that may be the headline of the article whose first paragraph is line *first*."""
    rules = rules or default_rules()
    prose = [i for i in range(first, len(lines)) if reasons[i] is None and is_prose(lines[i])][:2]
    found = []
    for j in range(max(0, first - WINDOW), first + 1):
        if j == first and (len(prose) < 2 or prose[1] - j > 3):
            continue  # the first paragraph is a headline only when prose follows right under it
        line = lines[j]
        if is_title_shaped(line) and content_words(line) and not _claimed(line, rules, mode):
            found.append(j)
    return found


def pick_title(lines: list[str], reasons: list[str | None], first: int, rules: RuleSet | None = None,
               mode: str = "text") -> int | None:
    """The index of the headline of the article whose first kept paragraph is line *first*, or None."""
    found = candidates(lines, reasons, first, rules, mode)
    if not found:
        return None
    rows = candidate_features(lines, reasons, first, found)
    scores = np.array(rows) @ ranker_weights()
    best = max(zip(scores.tolist(), found, strict=True))[1]
    upper = best - 1  # the best may be the standfirst under its headline, which shares fewer of the article's words
    if upper in found and rows[found.index(upper)][SHARE] >= ON_TOPIC_SHARE and over_its_standfirst(lines[upper], lines[best]):
        return upper
    return best


def _agree(one: str, other: str) -> bool:
    """Whether two titles name the same article: equal, or one a part of the other ("Headline | Site")."""
    a, b = title_variants(one), title_variants(other)
    return bool(a & b) or norm(one) in b or norm(other) in a


def html_title(tree: Any, found: str, rules: RuleSet | None = None) -> str:
    """The page's title: *found* (trafilatura's metadata title) when it agrees with the page's ``<title>``,
    ``og:title`` or an ``<h1>`` and no line rule claims it; else the ``<h1>``, ``og:title`` or ``<title>``
    part that another of them confirms, the longest; else *found*.

    trafilatura takes the first ``h1``-``h3`` whose class says "title", which can be a share box's
    or a toolbar's heading ("Show more sharing options") when the headline's own tag says nothing.
    """
    rules = rules or default_rules()
    heads = [" ".join(" ".join(h.itertext()).split()) for h in tree.iterfind(".//h1")]
    metas = [" ".join((m.get("content") or "").split()) for m in tree.xpath("//meta[@property='og:title']")]
    titles = [" ".join(t.text_content().split()) for t in tree.iterfind(".//head/title")]
    sources = [t for t in heads + metas + titles if t]
    if found and not rules.line_reason(found, "html") and (not sources or any(_agree(found, t) for t in sources)):
        return found
    confirmed = [t for i, t in enumerate(sources) if not rules.line_reason(t, "html") and is_title_shaped(t)
                 and any(_agree(t, u) for k, u in enumerate(sources) if k != i)]
    return max(confirmed, key=count_words) if confirmed else found
