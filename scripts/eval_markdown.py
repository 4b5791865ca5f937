"""How much of the dev pages' structure the Markdown output keeps (issue 22), measured against the HTML itself.

    python scripts/eval_markdown.py [--data ../shared/data/dev] [--show N]

Each dev HTML page is cleaned with ``markdown=True`` and its Markdown parsed with markdown-it-py (tables on).
The truth is read from the page's own HTML with lxml, not from cleaner's extraction: an ``<h2>``-``<h4>``
whose text is a line of the ``text`` output is a kept heading, and counts when the Markdown has a heading
with that text; an ``<li>`` whose own text (nested lists aside) is a line of the text (after its ``- ``) is a
kept item, and counts when the Markdown has a list item with that text; a ``<table>`` all of whose rows are
lines of the text (as cells) is a kept table, and counts when the Markdown's table rows hold each of its rows,
cell for cell. Also: every page's Markdown reads back as its text, line by line (tests/markdown_plain.py).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from markdown_plain import mismatches, row_cells, units  # noqa: E402

from cleaner import clean_many  # noqa: E402


def _norm(text: str) -> str:
    return " ".join(text.split())


def _own_text(li) -> str:
    """An <li>'s text without its nested lists."""
    import copy

    item = copy.deepcopy(li)
    for nested in item.xpath(".//ul|.//ol"):
        nested.drop_tree()
    return _norm(item.text_content())


def _tables(tree) -> list[list[tuple[str, ...]]]:
    tables = []
    for table in tree.iter("table"):
        if table.xpath(".//table"):
            continue  # a layout table around others: its rows are not rows of data
        rows = [tuple(_norm(c.text_content()) for c in tr.xpath("./th|./td")) for tr in table.iter("tr")]
        tables.append([row for row in rows if any(row)])
    return [t for t in tables if t]


def _pad(row: tuple[str, ...], width: int) -> tuple[str, ...]:
    return row + ("",) * (width - len(row))


def measure(html: str, doc, counts: Counter, misses: list[str]) -> None:
    """Count one page's kept headings, items and tables, and those the Markdown keeps as such."""
    from lxml import html as lxml_html

    md = doc.to_markdown()
    found = units(md)
    lines = {_norm(p) for p in doc.paragraphs}
    heads = Counter(_norm(u.text) for u in found if u.kind == "heading")
    items = Counter(_norm(u.text) for u in found if u.kind == "item")
    md_rows = [tuple(_norm(c) for c in u.cells) for u in found if u.kind == "row"]
    text_rows = {tuple(_norm(c) for c in row_cells(p)) for p in doc.paragraphs if p.startswith("|")}
    tree = lxml_html.fromstring(html)
    for h in tree.iter("h2", "h3", "h4"):
        text = _norm(h.text_content())
        if text and text in lines:
            counts["headings"] += 1
            counts["headings_md"] += heads[text] > 0
            if not heads[text]:
                misses.append(f"{doc.id}: heading {text[:60]!r}")
    for li in tree.iter("li"):
        text = _own_text(li)
        if text and f"- {text}" in lines:  # trafilatura writes an item as "- text"
            counts["items"] += 1
            counts["items_md"] += items[text] > 0
            if not items[text]:
                misses.append(f"{doc.id}: item {text[:60]!r}")
    for rows in _tables(tree):
        width = max(map(len, rows))
        if all(any(_pad(row, width) == _pad(t, width) for t in text_rows) for row in rows):
            counts["tables"] += 1
            kept = all(any(_pad(row, width) == _pad(m, width) for m in md_rows) for row in rows)
            counts["tables_md"] += kept
            if not kept:
                misses.append(f"{doc.id}: table of {len(rows)} rows")
    counts["pages"] += 1
    counts["pages_read_back"] += not mismatches(md, doc.title, doc.paragraphs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "dev")
    parser.add_argument("--show", type=int, default=10, help="list this many misses")
    args = parser.parse_args()
    paths = sorted(args.data.glob("*.html"))
    pages = {p.name[:-5]: p.read_text(encoding="utf-8") for p in paths}
    counts: Counter = Counter()
    misses: list[str] = []
    for doc in clean_many([{"id": name, "html": html} for name, html in pages.items()], dedup="off", markdown=True):
        if doc.ok:
            measure(pages[doc.id], doc, counts, misses)
    for kind in ("headings", "items", "tables"):
        total, kept = counts[kind], counts[f"{kind}_md"]
        print(f"{kind:9} kept in the text: {total:5}   as Markdown {kind}: {kept:5}   {kept / total:.1%}" if total else f"{kind}: none")
    print(f"pages whose Markdown reads back as their text: {counts['pages_read_back']} of {counts['pages']}")
    for miss in misses[: args.show]:
        print("  miss:", miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
