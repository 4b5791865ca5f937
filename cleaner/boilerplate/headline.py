"""Which line of a page is the article's headline (text mode), and which title of an HTML page.

Text mode has the page's lines only. Every line up to :data:`WINDOW` lines above the first
article paragraph (and that paragraph itself, when it is shaped like a headline and more prose
follows at once) is a candidate when it is shaped like a headline and no line rule, block
heading, dateline or credit shape claims it: a UI line ("Show more sharing options", "Add us on
Google" once a rule knows it) is never a title. Each candidate gets a score, a weighted sum of
what sets a headline apart from a share button, a menu entry, a standfirst or a caption:

* how many of its content words the article's prose uses (a share bar's words: none);
* its length in words (a menu entry is short);
* a dateline, byline, reading time or share bar within a few lines below it (a headline's furniture);
* how far above the first paragraph it stands (nearer is likelier);
* whether it is the upper of two stacked candidates (headline over standfirst) or the lower;
* whether the model or a block rule already dropped it (the rules' doubt).

The best-scored line may be a standfirst: longer lines share more words with the article. When
the candidate right above it is on topic and shaped like a headline over its standfirst
(:func:`_over_its_standfirst`), that one is the headline (on train/: 429 pages right in the end, 422 without).

The weights (:data:`WEIGHTS`) were fitted by a random search on the candidates of the 558
train/ pages (the headline is the manifest's title), and are data, not logic.

>>> lines = ["Menu", "Storm floods the old town", "Show more sharing options", "By Ann Lee",
...          "The storm flooded the old town on Monday night, and the river rose over its banks again."]
>>> pick_title(lines, [None, None, "low_content_score", "byline", None], 4)
1
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..blocks import norm, title_variants
from ..sentences import is_prose, sentence_spans
from ..words import content_words, count_words, starts_like_a_heading
from .patterns import CREDIT_START
from .rules import RuleSet, default_rules
from .shapes import is_dateline, is_headline, shape_reason

WINDOW = 40  # lines above the first paragraph where the headline is looked for
BODY_LINES = 30  # the first kept prose lines whose words the headline shares
FURNITURE_BELOW = 4  # lines under a headline where its byline, date or share bar stand
FURNITURE = frozenset({"dateline", "byline", "byline_at_site", "reading_time", "share_bar", "image_credit",
                       "affiliate_disclosure"})
ON_TOPIC_SHARE = 0.5  # a headline over a standfirst: this share of its content words in the article, and two or more
STANDFIRST_WORDS = 8  # a standfirst has this many words, and at least its headline's words + LONGER
LONGER = -1  # (train/: 429 pages right with -1, 428 with 0, 1 or -2, 426 with 3)
MAX_TWO_SENTENCE_WORDS = 20  # "Need a Change? 7 Vital Tips on How to Rent a Car": two short sentences, still a headline
# feature weights, in the order of _features (fitted on train/: 414 of 558 pages right in the first pass, 296 before)
WEIGHTS = (3.1, 1.54, 2.65, -0.72, 1.85, -2.79, -1.24, -0.64, -0.22, -1.09, -0.47, -0.26, -0.16, 0.25)


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


def _quoted_elsewhere(lines: list[str], j: int) -> bool:
    """Whether another line holds line *j* whole (a breadcrumb, "5 Comments on ...", a share text)."""
    own = norm(lines[j])
    return any(own in norm(line) for i, line in enumerate(lines) if i != j and len(line) >= len(lines[j]))


def _features(lines: list[str], reasons: list[str | None], j: int, first: int, body: Counter, near: set[int]) -> list[float]:
    words = content_words(lines[j])
    shared = sum(1 for w in words if body[w] > (1 if j == first else 0))  # the first paragraph: not its own words
    furniture = any(reasons[k] in FURNITURE or is_dateline(lines[k]) or CREDIT_START.match(lines[k])
                    for k in range(j + 1, min(j + 1 + FURNITURE_BELOW, len(lines))))
    return [shared / len(words), min(shared, 6) / 6, min(count_words(lines[j]), 12) / 12,
            float(sum(line == lines[j] for line in lines) > 1), float(furniture), (first - j) / WINDOW,
            float(reasons[j] is None), float(reasons[j] not in (None, "low_content_score")),
            float(j + 1 in near), float(j - 1 in near),
            float(j + 1 in near and count_words(lines[j + 1]) > count_words(lines[j])),  # a headline over its standfirst
            float(j - 1 in near and count_words(lines[j - 1]) < count_words(lines[j])),  # a standfirst under its headline
            float(j + 1 in near and shared >= 2),  # the upper of two candidates, itself on topic
            float(_quoted_elsewhere(lines, j))]


def pick_title(lines: list[str], reasons: list[str | None], first: int, rules: RuleSet | None = None,
               mode: str = "text") -> int | None:
    """The index of the headline of the article whose first kept paragraph is line *first*, or None."""
    found = candidates(lines, reasons, first, rules, mode)
    if not found:
        return None
    body: Counter = Counter()
    for i in [i for i in range(first, len(lines)) if reasons[i] is None and is_prose(lines[i])][:BODY_LINES]:
        body.update(content_words(lines[i]))
    near = set(found)
    features = {j: _features(lines, reasons, j, first, body, near) for j in found}
    best = max(found, key=lambda j: (sum(w * f for w, f in zip(WEIGHTS, features[j], strict=True)), j))
    upper = best - 1
    if upper in near and features[upper][0] >= ON_TOPIC_SHARE and features[upper][1] * 6 >= 2 \
            and _over_its_standfirst(lines[upper], lines[best]):
        return upper
    return best


def _capitals(line: str) -> float:
    """The share of a line's words after the first that start with a capital (Title Case: near 1)."""
    words = [w for w in line.split()[1:] if w[:1].isalpha()]
    return sum(w[0].isupper() for w in words) / len(words) if words else 0.0


def _over_its_standfirst(upper: str, lower: str) -> bool:
    """Whether *upper* is a headline and *lower*, right under it, its standfirst: about as long or longer, no more
    Title Case than it; *upper* no section label (capitals only, a trail with "/", a list of commas,
    four Title Case words or fewer).

    >>> _over_its_standfirst("Library reopens after restoration", "Volunteers carried the last boxes of books back in at dawn")
    True
    >>> _over_its_standfirst("College Admissions, Student Resources", "35+ Best College Essay Tips from College Application Experts")
    False
    """
    words = count_words(upper)
    if count_words(lower) < max(STANDFIRST_WORDS, words + LONGER) or upper.isupper() or "/" in upper or upper.count(",") >= 2:
        return False
    return _capitals(upper) >= _capitals(lower) - 0.1 and (_capitals(upper) < 1 or words >= 5)


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
