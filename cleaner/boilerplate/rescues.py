"""What the article keeps after the line model: the rescues of text mode's page logic (:mod:`.textpage`).

The model reads each line with its neighbours; these read the article it left. An ad or a box in
mid-article is an interruption, not the end: prose next to the kept article stays when it is long or on
topic, a line or two between kept paragraphs stays, the paragraph right before a closing block is the
article's last; a short line kept alone outside the article goes. Each works on ``reasons`` (``None``:
kept, ``"low_content_score"``: the model dropped it, else a rule's reason) in place.

>>> lines = ["Home", "The council approved the plan on Tuesday after a long debate.", "It works.",
...          "The work will begin in the spring and take two years to finish.", "Related stories"]
>>> reasons = ["navigation", None, "low_content_score", None, "related"]
>>> keep_what_the_article_surrounds(lines, reasons); reasons[2] is None
True
"""

from __future__ import annotations

from collections import Counter
from itertools import chain

from ..sentences import ENDS_SENTENCE, is_long_prose, is_prose
from ..words import content_words
from .shapes import is_subheading

MAX_SURROUNDED = 2  # the model's drops between two kept paragraphs that may still be the article's
ON_TOPIC = 0.3  # share of a paragraph's topical words the kept article uses, for it to continue the article
COMMON_WORDS = 40  # the page's commonest words say nothing of topic ("dass", "which", "の")
_OPEN = (None, "low_content_score")  # what the rules have not decided


def drop_islands(lines: list[str], reasons: list[str | None], longest: int = 2) -> None:
    """A short run of short lines the model kept alone after the article's last paragraph, with removed lines on
    both sides (a tag among tags, a standards link under a wire credit), is not the article's; nor is a lone
    short line kept between two dropped ones above its first paragraph."""
    prose = [i for i, reason in enumerate(reasons) if reason is None and is_prose(lines[i])]
    if not prose:
        return
    i = prose[-1] + 1
    while i < len(lines):
        end = i
        while end < len(lines) and reasons[end] is None and not is_prose(lines[end]):
            end += 1
        if i < end <= i + longest and reasons[i - 1] is not None and end < len(lines) and reasons[end] is not None:
            for j in range(i, end):
                reasons[j] = "low_content_score"
        i = max(end, i + 1)
    for i in range(1, prose[0]):
        if reasons[i] is None and not is_prose(lines[i]) and reasons[i - 1] == reasons[i + 1] == "low_content_score":
            reasons[i] = "low_content_score"


def keep_the_last_paragraph(lines: list[str], reasons: list[str | None], sections: frozenset[str]) -> None:
    """The article runs up to the block that ends it: a paragraph of prose the model dropped between the kept
    article's prose and a block heading the rules named (related, comments, footer ...), with only lines a line
    rule removed (an ad) between, is the article's last paragraph, not the block's."""
    for i, reason in enumerate(reasons):
        if reason not in sections:
            continue
        j = i - 1
        while j >= 0 and reasons[j] not in _OPEN and reasons[j] not in sections:
            j -= 1  # over an ad or a share bar
        k = j - 1
        while k >= 0 and reasons[k] not in _OPEN and reasons[k] not in sections:
            k -= 1
        if j > 0 and k >= 0 and reasons[j] == "low_content_score" and reasons[k] is None \
                and is_prose(lines[j]) and is_prose(lines[k]):
            reasons[j] = None


def keep_the_article_going(lines: list[str], reasons: list[str | None], sections: frozenset[str],
                            on_topic: float = ON_TOPIC, resumed: frozenset[int] = frozenset()) -> None:
    """A paragraph the model dropped next to a kept one, with only lines a line rule removed (an ad, a share
    bar) between, stays when it is long, or when it talks about what the kept article talks about (enough
    of its words, leaving out the page's commonest, are the article's): an ad in mid-article is an
    interruption, not its end. A section heading (related, comments ...) between them is an end, unless
    its box is one after which the article resumes (*resumed*)."""
    waiting = [j for j, line in enumerate(lines) if reasons[j] == "low_content_score" and is_prose(line)]
    if not waiting:  # nothing the model dropped could continue the article
        return
    counts = Counter(chain.from_iterable(map(content_words, lines)))  # each line's words asked for (cached), not held
    common = {w for w, _ in counts.most_common(COMMON_WORDS)}
    kept_words = set().union(*(content_words(line) for i, line in enumerate(lines) if reasons[i] is None))
    changed = True
    while changed:  # a paragraph kept can bring its neighbour, or its words a paragraph elsewhere: until none does
        changed = False
        for j in waiting:
            if reasons[j] is None or not _next_to_kept_prose(lines, reasons, j, sections, resumed):
                continue
            line = lines[j]
            words = content_words(line)
            topical = words - common
            if is_long_prose(line) or _right_after_an_ad(reasons, j) or (
                    topical and len(topical & kept_words) >= on_topic * len(topical)):
                reasons[j] = None
                kept_words |= words
                changed = True
        waiting = [j for j in waiting if reasons[j] is not None]


def _right_after_an_ad(reasons: list[str | None], j: int) -> bool:
    """Whether only ad lines stand between line *j* and the kept line before it."""
    k = j - 1
    while k >= 0 and reasons[k] == "advertisement":
        k -= 1
    return k < j - 1 and k >= 0 and reasons[k] is None


def _next_to_kept_prose(lines: list[str], reasons: list[str | None], j: int, sections: frozenset[str],
                        resumed: frozenset[int] = frozenset()) -> bool:
    for step in (-1, 1):
        k = j + step
        while 0 <= k < len(lines) and reasons[k] not in _OPEN and (reasons[k] not in sections or k in resumed):
            k += step  # over lines a line rule removed
        if 0 <= k < len(lines) and reasons[k] is None and is_prose(lines[k]):
            return True
    return False


def keep_what_the_article_surrounds(lines: list[str], reasons: list[str | None]) -> None:
    """A line or two the model dropped between two kept paragraphs, with only rule-removed lines (ads) else
    between, belong to the article when they are prose, or a subheading sharing a word with the paragraph
    it opens, or a lone short sentence between two paragraphs: a block in the middle of prose is a block, not the
    article's end."""
    kept = [i for i, reason in enumerate(reasons) if reason is None]
    for before, after in zip(kept, kept[1:], strict=False):
        dropped = [j for j in range(before + 1, after) if reasons[j] == "low_content_score"]
        if not 0 < len(dropped) <= MAX_SURROUNDED or not (is_prose(lines[before]) or is_prose(lines[after])):
            continue
        lone = len(dropped) == 1 and is_prose(lines[before]) and is_prose(lines[after])
        for j in dropped:  # a lone subheading, or one that shares a word with the paragraph it opens (not a teaser)
            if is_prose(lines[j]) or (is_subheading(lines[j]) and (
                    len(dropped) == 1 or content_words(lines[j]) & content_words(lines[after]))) \
                    or (lone and ENDS_SENTENCE.search(lines[j])):  # a short sentence between two paragraphs ("Es klappt.")
                reasons[j] = None
