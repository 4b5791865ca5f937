"""The plain text of Markdown as markdown-it-py (CommonMark, GFM tables on) parses it, and its comparison with a
document's ``text``: what tests/test_markdown.py and scripts/eval_markdown.py check the Markdown output with.

The parse is markdown-it's, never cleaner's own: each leaf block is a unit, in order, with what it is
(``heading``, ``item`` with its depth, ``paragraph``, ``row`` with its cells, ``code`` with its lines)
and its plain text (inline syntax gone, escapes and character references resolved, links their text).
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

_MARKER = re.compile(r"^(?:[-*•·▪◦●‣]|\d{1,3}[.)])\s+")  # a list item's bullet or number in the text
_SEPARATOR = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")
_PIPE = re.compile(r"(?<!\\)\|")


class Unit(NamedTuple):
    kind: str  # heading, paragraph, item, row, code
    text: str = ""
    level: int = 0  # heading level, or list depth (0 at the top)
    cells: tuple[str, ...] = ()
    header: bool = False
    quoted: bool = False


def parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _inline(token: Any) -> str:
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "image":
            out.append(_inline(child))
    return "".join(out)


def units(markdown: str) -> list[Unit]:
    """The leaf blocks of *markdown*, in order."""
    out: list[Unit] = []
    stack: list[str] = []  # open containers
    depth = -1
    row: list[str] | None = None
    header, heading = False, 0
    for token in parser().parse(markdown):
        if token.nesting == 1:
            stack.append(token.type)
            if token.type == "heading_open":
                heading = int(token.tag[1])
            if token.type in ("bullet_list_open", "ordered_list_open"):
                depth += 1
            elif token.type == "tr_open":
                row = []
            elif token.type == "thead_open":
                header = True
        elif token.nesting == -1:
            opened = stack.pop() if stack else ""
            if opened in ("bullet_list_open", "ordered_list_open"):
                depth -= 1
            elif opened == "tr_open" and row is not None:
                out.append(Unit("row", cells=tuple(row), header=header, quoted="blockquote_open" in stack))
                row = None
            elif opened == "thead_open":
                header = False
        elif token.type == "inline":
            quoted = "blockquote_open" in stack
            if row is not None:
                row.append(_inline(token))
            elif stack and stack[-1] == "heading_open":
                out.append(Unit("heading", _inline(token), heading, quoted=quoted))
            elif "list_item_open" in stack:
                out.append(Unit("item", _inline(token), depth, quoted=quoted))
            else:
                out.append(Unit("paragraph", _inline(token), quoted=quoted))
        elif token.type in ("fence", "code_block"):
            out.append(Unit("code", token.content, quoted="blockquote_open" in stack))
    return out


def row_cells(line: str) -> tuple[str, ...]:
    """A table row of the text (``| a | b \\| c |``), as its cells."""
    inner = line.strip()[1:]
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return tuple(cell.strip().replace("\\|", "|") for cell in _PIPE.split(inner))


def mismatches(markdown: str, title: str, lines: list[str]) -> list[str]:
    """Where the plain text of *markdown* is not *title* and *lines*, line by line (a list item's line may
    start with its bullet, a table row's line is its cells, a table's separator line has no unit); [] when equal."""
    found = units(markdown)
    problems: list[str] = []
    if title:
        if not found or found[0].kind != "heading" or found[0].text != title:
            problems.append(f"title {title!r} is not the first heading")
        found = found[1:]
    text = [line for line in lines if not _SEPARATOR.match(line.strip())]
    expanded: list[tuple[Unit, str]] = []
    for unit in found:
        if unit.kind == "code":
            expanded += [(unit, line.strip()) for line in unit.text.split("\n") if line.strip()]
        elif unit.kind == "row" and not any(unit.cells) and unit.header:
            continue  # the empty header row of a table that had none
        else:
            expanded.append((unit, unit.text))
    if len(expanded) != len(text):
        problems.append(f"{len(expanded)} units for {len(text)} lines")
    for (unit, plain), line in zip(expanded, text, strict=False):
        if unit.kind == "row":
            cells = row_cells(line) if line.startswith("|") else (line,)
            width = max(len(cells), len(unit.cells))
            if cells + ("",) * (width - len(cells)) != unit.cells + ("",) * (width - len(unit.cells)):
                problems.append(f"row {unit.cells!r} != {line!r}")
        elif unit.kind == "item":
            if plain != line and plain != _MARKER.sub("", line, count=1):
                problems.append(f"item {plain!r} != {line!r}")
        elif plain != line.strip() if unit.kind == "code" else plain != line:
            problems.append(f"{unit.kind} {plain!r} != {line!r}")
        if len(problems) > 5:
            break
    return problems
