"""One numeric row per block of a page: DOM measures, class/id keywords, trafilatura's vote, text and context.

The columns (:data:`FEATURE_NAMES`), in groups:

- the block's owner tag (one column per tag group), its depth, length, link density, which piece of
  its owner it is, how many siblings repeat its structure (cards, teaser lists), its position on
  the page (by blocks and by characters);
- the class/id keyword table of ``cleaner/data/htmlkeywords.json`` (related, newsletter, comment,
  promo, share, teaser, footer, nav, sidebar, author, tags ... in several languages): whether the
  owner matches each kind, and how near the nearest matching ancestor is (1 / distance);
- how near the nearest ``<article>``, ``<main>``, ``<nav>``, ``<aside>``, ``<footer>`` ... ancestor
  is, and how many tables the block stands in (old table layouts);
- trafilatura's vote (:class:`TrafilaturaView`, one run per page): the share of the block that its
  body holds (:func:`cleaner.htmlmodel.labels.coverage`), the same for the body HTML mode hands on
  (a JSON-LD ``articleBody`` where that won), whether the block is the title, and where the block
  stands against trafilatura's stretch;
- the text-mode line features (:func:`cleaner.boilerplate.linefeatures.line_features`, with the
  phrase rules' verdicts) of the block texts read as page lines: the text and its neighbours;
- the context of a few DOM columns: their values at the neighbours ±1..3 and window means.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ..words import WORD
from .dom import DomBlock
from .labels import coverage

KEYWORDS_PATH = Path(__file__).resolve().parent.parent / "data" / "htmlkeywords.json"
TAG_GROUPS = {"p": "p", "div": "div", "li": "li", "td": "cell", "th": "cell", "h1": "h1", "h2": "h2", "h3": "h3",
              "h4": "h4", "h5": "h4", "h6": "h4", "pre": "pre", "blockquote": "quote", "dd": "dl", "dt": "dl",
              "figcaption": "caption", "caption": "caption", "address": "address", "section": "section",
              "article": "section", "main": "section", "header": "header", "footer": "footer", "nav": "nav",
              "aside": "aside", "form": "form", "fieldset": "form", "legend": "form", "span": "span"}
GROUPS = sorted(set(TAG_GROUPS.values())) + ["other"]
LANDMARKS = ("article", "main", "nav", "header", "footer", "aside", "form", "li", "blockquote", "figure", "section",
             "a", "button", "label", "table")
OFFSETS = (-3, -2, -1, 1, 2, 3)
WINDOWS = (2, 5, 10, 25)
_TOKEN = re.compile(r"[^a-z0-9äöüßàâçéèêëîïôûùüÿñæœąćęłńóśźż]+")


class TrafilaturaView(NamedTuple):
    """What today's HTML extraction (:func:`cleaner.extract.extract_html`) finds on a page, as text."""

    title: str  # the headline
    page_title: str  # the page's title as trafilatura gives it
    trafilatura: list[str]  # trafilatura's body lines (before any JSON-LD body replaced them)
    body: list[str]  # the body lines extraction hands on (JSON-LD's articleBody where that won)


def trafilatura_view(html: str) -> TrafilaturaView:
    """trafilatura run once on *html*, as HTML mode runs it (fast path first, JSON-LD body, title judged)."""
    from ..extract import extract_html
    from ..pipeline import JUDGE

    found = extract_html(html, judge=JUDGE)
    body = [block.text for block in found.blocks]
    return TrafilaturaView(found.title, found.page_title, found.superseded or body, body)


@lru_cache(maxsize=1)
def keywords() -> dict[str, tuple[tuple[str, ...], frozenset[str]]]:
    """Kind -> (substring keywords, whole-token keywords), from :data:`KEYWORDS_PATH`."""
    table = json.loads(KEYWORDS_PATH.read_text(encoding="utf-8"))
    out = {}
    for kind, words in sorted(table.items()):
        if kind.startswith("_"):
            continue
        exact = {w.lstrip("=") for w in words if w.startswith("=") or len(w) <= 3}
        out[kind] = (tuple(w for w in words if not w.startswith("=") and len(w) > 3), frozenset(exact))
    return out


KINDS = sorted(k for k in json.loads(KEYWORDS_PATH.read_text(encoding="utf-8")) if not k.startswith("_"))


@lru_cache(maxsize=4096)
def kinds_of(attributes: str) -> frozenset[str]:
    """The keyword kinds an element's attribute string (class, id, role, itemprop) matches."""
    if not attributes:
        return frozenset()
    tokens = set(_TOKEN.split(attributes))
    return frozenset(kind for kind, (subs, exact) in keywords().items()
                     if not exact.isdisjoint(tokens) or any(word in attributes for word in subs))


DOM = (["g_" + g for g in GROUPS]
       + ["depth", "log_chars", "link_density", "all_link", "part", "log_siblings", "log_repeats", "position",
          "char_position", "depth_vs_body"]
       + ["kw_" + k for k in KINDS] + ["kwa_" + k for k in KINDS]
       + ["in_" + t for t in LANDMARKS] + ["tables"])
SHAPE = ["same_start", "link_run"]
TRAF = ["traf", "body", "ld_body", "is_title", "in_traf_span", "traf_distance", "before_traf", "traf_share",
        "blocks_log"]
CONTEXT = ["link_density", "traf", "kwa_content", "boxish", "log_repeats", "depth_vs_body", "same_start"]
FEATURE_NAMES = (DOM + SHAPE + TRAF + [f"{f}@{o:+d}" for o in OFFSETS for f in CONTEXT]
                 + [f"{f}~{w}" for w in WINDOWS for f in CONTEXT])
_BOXES = ("nav", "footer", "header", "sidebar", "related", "comment", "share", "newsletter", "promo", "cookie", "form")


def _dom_columns(blocks: Sequence[DomBlock]) -> np.ndarray:
    """The :data:`DOM` columns."""
    n = len(blocks)
    out = np.zeros((n, len(DOM)), dtype=np.float32)
    col = {name: i for i, name in enumerate(DOM)}
    chars = np.array([len(b.text) for b in blocks], dtype=np.float64)
    before = np.concatenate([[0.0], np.cumsum(chars)[:-1]]) / max(chars.sum(), 1.0)
    depths = np.array([b.depth for b in blocks], dtype=np.float64)
    long_blocks = chars >= 80
    body_depth = float(np.median(depths[long_blocks])) if long_blocks.any() else float(np.median(depths))
    for i, block in enumerate(blocks):
        row = out[i]
        row[col["g_" + TAG_GROUPS.get(block.tag, "other")]] = 1
        density = block.link_density
        row[col["depth"]], row[col["log_chars"]], row[col["link_density"]] = block.depth, np.log1p(chars[i]), density
        row[col["all_link"]], row[col["part"]] = density >= 0.95, min(block.part, 20)
        row[col["log_siblings"]], row[col["log_repeats"]] = np.log1p(block.siblings), np.log1p(block.repeats)
        row[col["position"]], row[col["char_position"]] = i / max(n - 1, 1), before[i]
        row[col["depth_vs_body"]] = block.depth - body_depth
        for kind in kinds_of(block.own):
            row[col["kw_" + kind]] = 1
        for distance, attributes in enumerate(block.ancestors, start=1):
            for kind in kinds_of(attributes):
                if row[col["kwa_" + kind]] == 0:
                    row[col["kwa_" + kind]] = 1.0 / distance
        for distance, tag in enumerate(block.path, start=1):
            if tag in LANDMARKS and row[col["in_" + tag]] == 0:
                row[col["in_" + tag]] = 1.0 / distance
        row[col["tables"]] = block.path.count("table")
    return out


def _shape_columns(blocks: Sequence[DomBlock]) -> np.ndarray:
    """The :data:`SHAPE` columns: teaser lists repeat a start ("Average costs in X", "Read also: ..."), link
    lists run on: how many of the 6 neighbours start with the block's first three words, and the length of
    the run of mostly-link blocks the block stands in (log)."""
    n = len(blocks)
    starts = [tuple(WORD.findall(b.text.casefold())[:3]) for b in blocks]
    same = np.zeros(n, dtype=np.float32)
    for i, start in enumerate(starts):
        if len(start) == 3:
            same[i] = sum(starts[j] == start for j in range(max(0, i - 3), min(n, i + 4)) if j != i)
    linky = np.array([b.link_density >= 0.5 for b in blocks], dtype=bool)
    run = np.zeros(n, dtype=np.float32)
    i = 0
    while i < n:
        j = i
        while j < n and linky[j] == linky[i]:
            j += 1
        run[i:j] = np.log1p(j - i) if linky[i] else 0.0
        i = j
    return np.column_stack([same, run])


def _traf_columns(texts: Sequence[str], view: TrafilaturaView) -> np.ndarray:
    """The :data:`TRAF` columns: trafilatura's vote on each block, and where it stands against trafilatura's stretch."""
    from ..blocks import norm

    n = len(texts)
    traf = coverage(texts, "\n".join(view.trafilatura))
    body = coverage(texts, "\n".join(view.body)) if view.body != view.trafilatura else traf
    title = norm(view.title)
    is_title = np.array([bool(title) and norm(t) == title for t in texts], dtype=np.float32)
    held = np.flatnonzero(traf >= 0.5)
    index = np.arange(n)
    if len(held):
        start, end = held[0], held[-1] + 1
        inside = (index >= start) & (index < end)
        distance = np.where(inside, 0, np.where(index < start, start - index, index - end + 1))
    else:
        start, inside, distance = n, np.zeros(n, dtype=bool), np.full(n, n)
    chars = np.array([len(t) for t in texts], dtype=np.float64)
    share = float((chars * (traf >= 0.5)).sum() / max(chars.sum(), 1.0))
    return np.column_stack([
        traf, body, np.full(n, float(view.body != view.trafilatura)), is_title, inside, np.log1p(distance),
        index < start, np.full(n, share), np.full(n, np.log1p(n)),
    ]).astype(np.float32)


def _context(values: np.ndarray) -> np.ndarray:
    """Each column's values at the neighbours (:data:`OFFSETS`, -1 past the page's ends) and window means."""
    n = len(values)
    index = np.arange(n)
    shifted = [np.where(((index + o >= 0) & (index + o < n))[:, None], values[np.clip(index + o, 0, n - 1)], -1.0)
               for o in OFFSETS]
    sums = np.concatenate([np.zeros((1, values.shape[1])), np.cumsum(values, axis=0, dtype=np.float64)])
    windows = []
    for w in WINDOWS:
        lo, hi = np.clip(index - w, 0, n), np.clip(index + w + 1, 0, n)
        windows.append((sums[hi] - sums[lo]) / (hi - lo)[:, None])
    return np.hstack(shifted + windows).astype(np.float32)


def dom_features(blocks: Sequence[DomBlock], view: TrafilaturaView) -> np.ndarray:
    """One row of :data:`FEATURE_NAMES` per block (no text-mode line features: see :func:`page_features`)."""
    if not blocks:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)
    dom = _dom_columns(blocks)
    traf = _traf_columns([b.text for b in blocks], view)
    both = np.hstack([dom, _shape_columns(blocks), traf])
    names = DOM + SHAPE + TRAF
    boxish = both[:, [names.index("kwa_" + k) for k in _BOXES] + [names.index("kw_" + k) for k in _BOXES]].max(axis=1)
    ctx = np.column_stack([boxish if c == "boxish" else both[:, names.index(c)] for c in CONTEXT])
    return np.hstack([both, _context(ctx)])


def all_feature_names() -> list[str]:
    """The names of :func:`page_features`' columns: :data:`FEATURE_NAMES`, then the text-mode line features."""
    from ..boilerplate.linefeatures import FEATURE_NAMES as LINE_NAMES

    return FEATURE_NAMES + ["line_" + name for name in LINE_NAMES]


def page_features(blocks: Sequence[DomBlock], view: TrafilaturaView) -> np.ndarray:
    """The full row of each block: :func:`dom_features`, then the text-mode line features of the block texts."""
    from ..boilerplate.linefeatures import line_features
    from ..boilerplate.rules import default_rules
    from ..boilerplate.textpage import rule_verdicts

    texts = [b.text for b in blocks]
    if not texts:
        return np.zeros((0, len(all_feature_names())), dtype=np.float32)
    lines = line_features(texts, **rule_verdicts(texts, default_rules(), "text"))
    return np.hstack([dom_features(blocks, view), lines])
