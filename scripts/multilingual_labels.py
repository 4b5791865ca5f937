"""Line labels for the multilingual pages, from their snippets (and, weaker, from HTML mode).

    python scripts/multilingual_labels.py [--show N] [--no-silver]

Each page's lines are prepared as the pipeline and scripts/train_linemodel.py prepare them
(``page_lines``: extract, repair, broken lines rejoined). Then, whitespace collapsed as
snippet_score.py does:

- gold: a line holding a "with" snippet is article (1); a line holding a "without" snippet is
  not (0). A snippet found in no single line may span two or three neighbouring lines (joined by
  a space): those lines take its label. A "with" snippet found in lines of different text labels
  none of them (which one the article holds is unknown; the same line repeated, as a page that
  prints its article twice, is labelled every time); a "without" snippet labels every place (the
  metric counts any copy). A line that gets both labels is left out.
- silver (weight :data:`SILVER_WEIGHT`, lower than gold's 1): on a page where the cleaner's HTML
  mode keeps every "with" snippet and no "without" one, a line whose text HTML mode keeps is 1,
  and a line of :data:`LONG_WORDS` words or more before the first / after the last article line
  that HTML mode dropped is 0, except the page's title and the :data:`LEDE_LINES` lines just above
  the article (a lede or a standfirst, which HTML mode often leaves in the page's header and the
  snippets may still call article).

Every other line is unlabelled (-1) and left out of training; it still gives its features to
its neighbours' context.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from multilingual import DATA, cases, clean_documents, count, norm, read_page  # noqa: E402

SILVER_WEIGHT = 0.4  # a trusted extraction's word, not the snippets': less than a gold label's 1
LONG_WORDS = 8  # a dropped line outside the article this long is a silver 0 (shorter ones may be its headline or labels)
LEDE_LINES = 3  # lines just above the article that get no silver 0 (see the module doc)
_SPANS = (2, 3)  # a snippet may span this many neighbouring lines


class PageLabels:
    """One page's lines, their labels (1, 0, or -1 for none) and each label's weight (0 where none)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.labels = np.full(len(lines), -1, dtype=np.int8)
        self.weights = np.zeros(len(lines), dtype=np.float64)
        self.stats: Counter = Counter()


def _places(snippet: str, normed: list[str]) -> list[list[int]]:
    """Where *snippet* (normed) stands: each single line holding it; else each shortest run of lines that does."""
    single = [[i] for i, line in enumerate(normed) if snippet in line]
    if single:
        return single
    for span in _SPANS:
        runs = [list(range(i, i + span)) for i in range(len(normed) - span + 1)
                if snippet in " ".join(normed[i:i + span])]
        if runs:
            return runs
    return []


def gold_labels(lines: list[str], case: dict) -> PageLabels:
    """The labels the snippets give (see the module doc); ``stats`` counts what happened to each snippet."""
    page = PageLabels(lines)
    normed = [norm(line) for line in lines]
    votes: list[set[int]] = [set() for _ in lines]
    for label, key in ((1, "with"), (0, "without")):
        for snippet in filter(None, map(norm, case[key])):
            places = _places(snippet, normed)
            if not places:
                page.stats[f"{key} not found"] += 1
            elif label == 1 and len({" ".join(normed[i] for i in place) for place in places}) > 1:
                page.stats["with in several places"] += 1
            else:
                page.stats[f"{key} spanning lines" if len(places[0]) > 1 else f"{key} in one line"] += 1
                for place in places:
                    for i in place:
                        votes[i].add(label)
    for i, vote in enumerate(votes):
        if len(vote) == 1:
            page.labels[i], page.weights[i] = vote.pop(), 1.0
        elif vote:
            page.stats["lines with both labels"] += 1
    return page


def add_silver(page: PageLabels, kept: str, title: str) -> None:
    """Silver labels from a trusted extraction *kept* (HTML mode's body on a page it gets right)."""
    from cleaner.words import count_words

    kept_lines = {norm(line) for line in kept.split("\n")}
    kept_text = norm(kept)
    normed = [norm(line) for line in page.lines]
    for i, text in enumerate(normed):
        if page.labels[i] == -1 and text and (text in kept_lines or (len(text) >= 40 and text in kept_text)):
            page.labels[i], page.weights[i] = 1, SILVER_WEIGHT
            page.stats["silver 1"] += 1
    article = np.flatnonzero(page.labels == 1)
    if not len(article):
        return
    first, last = article[0], article[-1]
    for i, text in enumerate(normed):
        outside = i < first - LEDE_LINES or i > last
        if page.labels[i] == -1 and outside and count_words(text) >= LONG_WORDS and text != norm(title):
            page.labels[i], page.weights[i] = 0, SILVER_WEIGHT
            page.stats["silver 0"] += 1


def labelled_pages(names: Iterable[str] | None = None, *, silver: bool = True, data: Path = DATA) -> dict[str, PageLabels]:
    """NAME -> its :class:`PageLabels`, for *names* (all pages by default), in name order."""
    from train_linemodel import page_lines

    all_cases = cases(data)
    names = sorted(all_cases if names is None else names)
    out = {name: gold_labels(page_lines(read_page(name, "text", data)), all_cases[name]) for name in names}
    if silver:
        for name, doc in clean_documents(names, "html", data):
            body = "" if doc.error or doc.dropped else doc.text
            tp, fp, fn = count(all_cases[name], body)
            if fn == 0 and fp == 0 and body:
                out[name].stats["html mode right"] += 1
                add_silver(out[name], body, doc.title)
    return out


def show(name: str, page: PageLabels) -> str:
    """The page's lines with their labels (G gold, S silver; "." unlabelled), for reading by eye."""
    marks = []
    for line, label, weight in zip(page.lines, page.labels.tolist(), page.weights.tolist(), strict=True):
        tag = "  ." if label < 0 else f"{'G' if weight == 1 else 'S'}{label} "
        marks.append(f"{tag} {line[:150]}")
    return f"== {name}\n" + "\n".join(marks)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=0, help="print every k-th page's lines with labels, about N pages")
    parser.add_argument("--no-silver", action="store_true")
    args = parser.parse_args()
    pages = labelled_pages(silver=not args.no_silver)
    stats: Counter = Counter()
    for page in pages.values():
        stats.update(page.stats)
        stats["lines"] += len(page.lines)
        for label in (1, 0):
            stats[f"lines labelled {label}, gold"] += int(np.sum((page.labels == label) & (page.weights == 1)))
        stats["pages with no label"] += int(not np.any(page.labels >= 0))
    for key, value in sorted(stats.items()):
        print(f"{key:32} {value}")
    if args.show:
        names = sorted(pages)
        for name in names[:: max(len(names) // args.show, 1)][: args.show]:
            print(show(name, pages[name]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
