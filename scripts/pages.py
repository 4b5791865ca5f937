"""Our own test pages: one JSON spec per page, rendered as page text, as HTML, and as gold.

A spec (``corpus/*/NAME.json``) lists a page's blocks in reading order, each with the
page region it sits in, its tag, its text and whether it belongs to the article::

    {"name": "de-signup-01", "lang": "de", "kind": "signup_mid_article",
     "url": "https://www.example.de/politik/artikel-1.html",
     "author": "Anna Berg",                       # optional: the author cleaner should find
     "blocks": [
       {"region": "nav", "tag": "a", "text": "Politik", "gold": false, "junk": "navigation"},
       {"region": "main", "tag": "h1", "text": "Die Überschrift", "gold": "title"},
       {"region": "main", "tag": "p", "text": "Ein Absatz des Artikels.", "gold": true},
       {"region": "main", "tag": "div", "text": "Jetzt den Newsletter abonnieren", "gold": false,
        "junk": "newsletter", "group": "nl1"}]}

- ``region``: header, nav, main, aside, comments, footer (HTML containers; text mode ignores them).
- ``tag``: h1 h2 h3 h4 p li a span div button label input time figcaption blockquote.
- ``gold``: true (article body), "title" (the headline), or false (not article).
- ``junk``: for gold false, what it is (advertisement, newsletter, related, trending, comments,
  ticker, byline, dateline, navigation, footer, share, video_teaser, credit_line, cookie,
  author_bio, tags, ...), used to report results per kind.
- ``group``: consecutive blocks with the same group render inside one HTML container
  (a sign-up box, a related list, one comment); optional.

>>> spec = {"name": "t", "lang": "en", "kind": "k", "blocks": [
...     {"region": "nav", "tag": "a", "text": "Home", "gold": False, "junk": "navigation"},
...     {"region": "main", "tag": "h1", "text": "A Title Here", "gold": "title"},
...     {"region": "main", "tag": "p", "text": "Body text.", "gold": True}]}
>>> check(spec)
[]
>>> page_text(spec)
'Home\\nA Title Here\\nBody text.\\n'
>>> gold_text(spec)
'Body text.\\n'
>>> "<article>" in page_html(spec) and "<nav>" in page_html(spec)
True
"""

from __future__ import annotations

import html
import json
import sys
from itertools import groupby
from pathlib import Path
from typing import Any

REGIONS = ("header", "nav", "main", "aside", "comments", "footer")
TAGS = frozenset("h1 h2 h3 h4 p li a span div button label input time figcaption blockquote".split())
_CONTAINER = {"header": "header", "nav": "nav", "main": "article", "aside": "aside",
              "comments": "section", "footer": "footer"}


def check(spec: dict[str, Any]) -> list[str]:
    """Problems with a spec (empty when it is well formed)."""
    problems = [f"missing {key}" for key in ("name", "lang", "kind", "blocks") if key not in spec]
    for i, block in enumerate(spec.get("blocks", [])):
        where = f"block {i}"
        if block.get("region") not in REGIONS:
            problems.append(f"{where}: region {block.get('region')!r}")
        if block.get("tag") not in TAGS:
            problems.append(f"{where}: tag {block.get('tag')!r}")
        if block.get("gold") not in (True, False, "title"):
            problems.append(f"{where}: gold {block.get('gold')!r}")
        if not isinstance(block.get("text"), str) or not block["text"].strip() or "\n" in block["text"]:
            problems.append(f"{where}: text must be one non-empty line")
        if block.get("gold") is False and not block.get("junk"):
            problems.append(f"{where}: junk kind missing")
    if sum(b.get("gold") == "title" for b in spec.get("blocks", [])) > 1:
        problems.append("more than one title")
    return problems


def page_text(spec: dict[str, Any]) -> str:
    """The page as a naive scraper gives it: one block per line."""
    return "".join(block["text"].strip() + "\n" for block in spec["blocks"])


def gold_text(spec: dict[str, Any]) -> str:
    """The article body (without the title), one block per line."""
    return "".join(block["text"].strip() + "\n" for block in spec["blocks"] if block["gold"] is True)


def title_of(spec: dict[str, Any]) -> str:
    return next((b["text"] for b in spec["blocks"] if b["gold"] == "title"), "")


def _element(block: dict[str, Any]) -> str:
    tag, text = block["tag"], html.escape(block["text"])
    if tag == "input":
        return f'<label>{text}</label> <input type="email" placeholder="{text}">'
    if tag == "a":
        return f'<a href="#">{text}</a>'
    if tag == "li":
        return f'<li><a href="#">{text}</a></li>' if block.get("gold") is False else f"<li>{text}</li>"
    return f"<{tag}>{text}</{tag}>"


def _group(blocks: list[dict[str, Any]]) -> str:
    """Blocks as HTML elements; a run of list items in one list."""
    out = []
    for tag, run in groupby(blocks, key=lambda b: b["tag"]):
        parts = [_element(b) for b in run]
        if tag == "li":
            out.append("<ul>" + "".join(parts) + "</ul>")
        elif tag == "a":  # one link a line, as in page text
            out.append("".join(f"<div>{p}</div>" for p in parts))
        else:
            out.extend(parts)
    return "".join(out)


def page_html(spec: dict[str, Any]) -> str:
    """The page as HTML: regions in their containers, grouped blocks in one box each."""
    title = html.escape(title_of(spec) or spec["name"])
    body = []
    for region, in_region in groupby(spec["blocks"], key=lambda b: b["region"]):
        inner = []
        for _, run in groupby(in_region, key=lambda b: b.get("group") or (b["tag"] if b["tag"] in ("li", "a") else id(b))):
            run = list(run)
            box = _group(run)
            inner.append(f'<div class="{run[0].get("junk", "")}">{box}</div>' if run[0].get("group") else box)
        attrs = ' class="comments"' if region == "comments" else ""
        body.append(f"<{_CONTAINER[region]}{attrs}>{''.join(inner)}</{_CONTAINER[region]}>")
    lang = html.escape(spec.get("lang", "en"))
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body>{''.join(body)}</body></html>\n")


def spec_paths(folder: Path) -> list[Path]:
    """The page specs in *folder* (``LANG-KIND-NN.json``), sorted by name; other JSON files there are not pages."""
    return sorted(p for p in folder.glob("*-*.json"))


def load(folder: Path) -> list[dict[str, Any]]:
    """Every spec in *folder*, sorted by name."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in spec_paths(folder)]


def main() -> int:
    """``python scripts/pages.py FOLDER...``: check every spec; print one line per problem."""
    bad = 0
    for folder in map(Path, sys.argv[1:]):
        for path in spec_paths(folder):
            for problem in check(json.loads(path.read_text(encoding="utf-8"))):
                print(f"{path}: {problem}")
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
