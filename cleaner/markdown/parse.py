"""A record's Markdown read back into line shapes, so that a later phase can render it again.

Executors that keep records between their phases (:mod:`cleaner.hf`'s dedup pass, datatrove's
:class:`~cleaner.datatrove_step.CleanerDedup`) read a document back with
:meth:`cleaner.Document.from_record`; when dedup then cuts a sentence, the Markdown must follow the
text. This reads only what :func:`cleaner.markdown.render.render` writes: each line's shape and
text, as extraction gave them, to be aligned with the kept lines again.

>>> md = render("T", ["Fares", "- Bus fares rise", "| a | b \\\\| c |"],
...             [Shape("h", level=3), Shape("li", group=1, links=(("fares", "https://x.org/f"),)), Shape("row", group=2)])
>>> [(s.kind, s.text, s.links) for s in shapes_from_markdown(md)]
[('h', 'Fares', ()), ('li', '- Bus fares rise', (('fares', 'https://x.org/f'),)), ('row', '| a | b \\\\| c |', ())]
"""

from __future__ import annotations

import re

from .render import cells, render  # noqa: F401  (render: for the doctest)
from .shapes import Shape

_HEADING = re.compile(r"^(#{1,6}) (.*)$")
_ITEM = re.compile(r"^( *)(-|\d{1,9}\.) (.*)$")
_FENCE = re.compile(r"^(`{3,})([\w+#.-]*)$")
_SEPARATOR = re.compile(r"^\|(?:---\|)+$")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])|&#(\d+);|\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)")


def unescape(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The plain text of one escaped line, and its links (text, URL)."""
    links: list[tuple[str, str]] = []

    def plain(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return match.group(1)
        if match.group(2) is not None:
            return chr(int(match.group(2)))
        label = unescape(match.group(3))[0]
        links.append((label, re.sub(r"%(2[089]|3C|3E)", lambda m: chr(int(m.group(1), 16)), match.group(4))))
        return label

    return _ESCAPE.sub(plain, text), tuple(links)


def shapes_from_markdown(markdown: str) -> list[Shape]:
    """The body lines' shapes (and texts) of Markdown that :func:`~cleaner.markdown.render.render` wrote; the title left out."""
    shapes: list[Shape] = []
    lines = markdown.split("\n")
    group, fence, lang, code = 0, "", "", []
    items: list[tuple[int, int]] = []  # the open list items: (indent, marker width)
    for number, line in enumerate(lines):
        quoted = line.startswith("> ") or line == ">"
        body = line[2:] if quoted else line
        if fence:
            if body == fence:
                shapes += [Shape("code", c.strip(), quoted=quoted, group=group, lang=lang, source="\n".join(code))
                           for c in code if c.strip()]
                fence, code = "", []
            else:
                code.append(body)
        elif not body:  # a blank line ends a block; ">" (a blank line inside a quote) keeps its group
            group, items = group + (not quoted), []
        elif match := _FENCE.match(body):
            fence, lang = match.group(1), match.group(2)
        elif match := _HEADING.match(body):
            if number:  # the first line's "# " is the title
                text, links = unescape(match.group(2))
                shapes.append(Shape("h", text, len(match.group(1)), quoted=quoted, group=group, links=links))
        elif match := _ITEM.match(body):
            indent, width = len(match.group(1)), len(match.group(2)) + 1
            while items and indent < items[-1][0] + items[-1][1]:
                items.pop()
            text, links = unescape(match.group(3))
            ordered = match.group(2) != "-"
            shapes.append(Shape("li", "- " + text, len(items), ordered=ordered, number=int(match.group(2)[:-1]) if ordered else 0,
                                quoted=quoted, group=group, links=links))
            items.append((indent, width))
        elif body.startswith("|"):
            shapes += _row(body, lines[number + 1] if number + 1 < len(lines) else "", quoted, group)
        else:
            text, links = unescape(body)
            shapes.append(Shape("p", text, quoted=quoted, group=group, links=links))
    return shapes


def _row(body: str, following: str, quoted: bool, group: int) -> list[Shape]:
    """A table line as trafilatura wrote it: a row (a header row with its separator line), or nothing (a separator)."""
    if _SEPARATOR.match(body):
        return []
    row = [unescape(cell)[0].replace("|", "\\|") for cell in cells(body)]
    header = bool(_SEPARATOR.match(following.removeprefix("> ")))
    if header and not any(row):
        return []  # the empty header row of a table without one
    shapes = [Shape("row", "| " + " | ".join(row) + " |", header=header, quoted=quoted, group=group)]
    if header:
        shapes.append(Shape("sep", "|" + "---|" * len(row), quoted=quoted, group=group))
    return shapes
