"""Markdown of a cleaned document: its kept lines, each in the shape it had on the page.

The kept lines are the document's ``paragraphs``, exactly as its ``text``: Markdown adds
structure, never words. Each line's :class:`Shape` comes from extraction (HTML mode, found again
among the kept lines by :func:`align`) or from the line itself (text mode,
:func:`cleaner.markdown.shapes.text_shapes`). Whatever Markdown would read as syntax inside the
text is escaped (:func:`escape`), so that the Markdown's plain text is the text again.

>>> print(render("Storm hits coast", ["Damage", "- Six streets flooded", "- Ten cars lost", "Rain *stopped* at 5."],
...              [Shape("h", "Damage", 2), Shape("li", "- Six streets flooded", group=1),
...               Shape("li", "- Ten cars lost", group=1), Shape("p")]), end="")
# Storm hits coast
<BLANKLINE>
## Damage
<BLANKLINE>
- Six streets flooded
- Ten cars lost
<BLANKLINE>
Rain \\*stopped\\* at 5.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Protocol

from .shapes import ITEM, ROW, SEPARATOR, TEXT_ITEM, Shape, text_shapes

_INLINE = re.compile(r"[\\`*_\[<~]|&(?=#?[0-9A-Za-z]+;)")  # emphasis, code, links, HTML, strike-through, entities
_NUMBERED = re.compile(r"^(\d{1,9})([.)])")  # "1." or "1)" at the start of a line starts a numbered list
_PIPE = re.compile(r"(?<!\\)\|")
_NEAR = 20  # a line joined from, or cut out of, extracted lines is looked for this far ahead
_NEAR_CHARS = 20  # ... and must share this many characters with one of them


class Article(Protocol):
    """What rendering reads of a :class:`cleaner.Document` (named here so that this module needs no import of it)."""

    kind: str
    title: str
    paragraphs: list[str]
    structure: list[Shape]


def to_markdown(doc: Article) -> str:
    """*doc*'s title and body as Markdown (``""`` for a document without either)."""
    if doc.kind == "html" or doc.structure:  # (a text-mode document read back from its record has its structure)
        shapes = align(doc.paragraphs, doc.structure or [])
    else:
        shapes = text_shapes(doc.paragraphs)
    return render(doc.title, doc.paragraphs, shapes)


def align(paragraphs: list[str], structure: list[Shape]) -> list[Shape]:
    """The shape of each kept line: the extracted line it is, found in order; a line that is no extracted
    line as it stands (joined from two, a repeated sentence cut out) takes a paragraph's shape."""
    where: dict[str, list[int]] = {}
    for i, shape in enumerate(structure):
        where.setdefault(" ".join(shape.text.split()), []).append(i)
    shapes, at = [], 0
    for text in paragraphs:
        nearest = [i for i in (_next(where.get(" ".join(text.split())), at), _next(where.get(_as_item(text)), at)) if i >= 0]
        if nearest:
            shapes.append(structure[min(nearest)])
            at = min(nearest) + 1
            continue
        if shapes and shapes[-1].kind in ("row", "sep") and SEPARATOR.match(text):  # a table's separator line, in its table
            shapes.append(Shape("sep", text, quoted=shapes[-1].quoted, group=shapes[-1].group))
            continue
        near = next((i for i in range(at, min(at + _NEAR, len(structure))) if _overlaps(text, structure[i].text)), None)
        shape = structure[near] if near is not None else Shape("p", text)
        if shape.kind != "p" and not (shape.kind == "li" and ITEM.match(text)):
            shape = Shape("p", text, quoted=shape.quoted, group=shape.group)
        shapes.append(shape._replace(text=text))
        at = near + 1 if near is not None else at
    return shapes


def _next(found: list[int] | None, at: int) -> int:
    """The first of the sorted indexes *found* at or after *at*, or -1."""
    k = bisect_left(found, at) if found else 0
    return found[k] if found and k < len(found) else -1


def _as_item(text: str) -> str:
    """A text-mode list item ("• Bus fares", "2) Tram") as trafilatura writes one ("- Bus fares"), to find it by."""
    marker = TEXT_ITEM.match(text)
    return "- " + text[marker.end():] if marker else ""


def _overlaps(text: str, extracted: str) -> bool:
    short, long = sorted((text, extracted), key=len)
    return len(short) >= _NEAR_CHARS and short in long


def render(title: str, lines: list[str], shapes: list[Shape]) -> str:
    """*title* as a ``#`` heading, then *lines* in their *shapes*, blocks apart by blank lines."""
    blocks: list[tuple[str, int | None]] = [("# " + escape(title, heading=True), None)] if title else []
    i = 0
    while i < len(lines):
        j = _run_end(shapes, i)
        body = _block(lines[i:j], shapes[i:j])
        if shapes[i].quoted:
            body = "\n".join(f"> {line}" if line else ">" for line in body.split("\n"))
        blocks.append((body, shapes[i].group if shapes[i].quoted else None))
        i = j
    out = []
    for k, (body, quote) in enumerate(blocks):
        if k:
            out.append("\n>\n" if quote is not None and blocks[k - 1][1] == quote else "\n\n")
        out.append(body)
    return "".join(out) + "\n" if out else ""


def _run_end(shapes: list[Shape], i: int) -> int:
    """Where the block starting at line *i* ends: a list, table or code block runs while its lines do."""
    first = shapes[i]
    family = {"li": ("li",), "row": ("row", "sep"), "sep": ("row", "sep"), "code": ("code",)}.get(first.kind)
    j = i + 1
    while family and j < len(shapes) and shapes[j].kind in family and shapes[j].group == first.group \
            and shapes[j].quoted == first.quoted:
        j += 1
    return j


def _block(lines: list[str], shapes: list[Shape]) -> str:
    kind = shapes[0].kind
    if kind == "h":
        return "#" * min(max(shapes[0].level, 2), 6) + " " + escape(lines[0], heading=True, links=shapes[0].links)
    if kind == "li":
        return _list(lines, shapes)
    if kind in ("row", "sep") and any(s.kind == "row" and ROW.match(t) for t, s in zip(lines, shapes, strict=True)):
        return _table(lines, shapes)
    if kind == "code":
        return _code(lines, shapes[0])
    return "\n\n".join(escape(line, links=shape.links) for line, shape in zip(lines, shapes, strict=True))


def _list(lines: list[str], shapes: list[Shape]) -> str:
    """List items, nested by their depth (one level deeper than the item above at most), numbered or bulleted."""
    out: list[str] = []
    widths: list[int] = []  # the marker width of the open item at each depth
    numbers: list[int] = []
    for line, shape in zip(lines, shapes, strict=True):
        marker = ITEM.match(line) or TEXT_ITEM.match(line)
        if marker is None:  # not an item as it stands: a paragraph, ending the list
            out.append(("\n" if out else "") + escape(line, links=shape.links) + "\n")
            widths, numbers = [], []
            continue
        depth = min(shape.level, len(widths))
        del widths[depth:]
        del numbers[depth + 1:]
        numbers += [0] * (depth + 1 - len(numbers))
        numbers[depth] += 1
        bullet = f"{shape.number or numbers[depth]}." if shape.ordered else "-"
        out.append(" " * sum(widths) + bullet + " " + escape(line[marker.end():], links=shape.links))
        widths.append(len(bullet) + 1)
    return "\n".join(out).replace("\n\n\n", "\n\n").strip("\n")


def cells(row: str) -> list[str]:
    """The cells of a table row as trafilatura writes it (``| a | b \\| c |``), pipes in cells unescaped."""
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [cell.strip().replace("\\|", "|") for cell in _PIPE.split(inner)]


def _table(lines: list[str], shapes: list[Shape]) -> str:
    """A GFM table: its header row when the table had one, else an empty one; every row as wide as the widest."""
    rows = [(cells(line), shape) for line, shape in zip(lines, shapes, strict=True) if shape.kind == "row" and ROW.match(line)]
    width = max(len(row) for row, _ in rows)
    head = rows[0][0] if rows[0][1].header else [""] * width
    body = rows[1:] if rows[0][1].header else rows

    def line(row: list[str]) -> str:
        return "| " + " | ".join(escape(cell, pipes=True) for cell in row + [""] * (width - len(row))) + " |"

    return "\n".join([line(head), "|" + "---|" * width] + [line(row) for row, _ in body])


def _code(lines: list[str], shape: Shape) -> str:
    """A fenced code block: the block as the page had it (indentation and all) when every line of it was kept."""
    source = shape.source if [s.strip() for s in shape.source.split("\n") if s.strip()] == lines else "\n".join(lines)
    ticks = max((len(run) for run in re.findall(r"`+", source)), default=0)
    fence = "`" * max(3, ticks + 1)
    lang = shape.lang if re.fullmatch(r"[\w+#.-]+", shape.lang or "") else ""
    return f"{fence}{lang}\n{source}\n{fence}"


def _entities(space: str) -> str:
    return "".join(f"&#{ord(c)};" for c in space)


def _inline(text: str, pipes: bool, heading: bool = False) -> str:
    text = _INLINE.sub(lambda m: "\\" + m.group(), text)
    text = text.replace("#", "\\#") if heading else text
    return text.replace("|", "\\|") if pipes else text


def _url(url: str) -> str:
    return re.sub(r"[\s()<>]", lambda m: f"%{ord(m.group()):02X}", url)


def escape(text: str, *, pipes: bool = False, heading: bool = False, links: tuple[tuple[str, str], ...] = ()) -> str:
    """*text* as Markdown that reads back as *text*: syntax characters escaped, a line start that would begin a
    block (``#``, ``>``, ``-``, ``+``, ``=``, ``|``, ``1.``, ``1)``) escaped, white space at either end kept as
    character references; *pipes* in table cells; every ``#`` in a heading; *links* as Markdown links.

    >>> escape("# 1 *new* [draft] <b> & &amp; C:\\\\x")
    '\\\\# 1 \\\\*new\\\\* \\\\[draft] \\\\<b> & \\\\&amp; C:\\\\\\\\x'
    >>> escape("2024. A year"), escape("    four spaces")
    ('2024\\\\. A year', '&#32;&#32;&#32;&#32;four spaces')
    """
    core = text.strip()
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):] if core else ""
    parts, at = [], 0
    for label, url in links:
        found = core.find(label, at)
        if found < 0 or not label:
            continue
        before = _inline(core[at:found], pipes, heading)
        parts.append(before[:-1] + "\\!" if before.endswith("!") else before)  # "![" would open an image
        parts.append("[" + _inline(label, pipes, heading).replace("]", "\\]") + "](" + _url(url) + ")")
        at = found + len(label)
    core = "".join(parts) + _inline(core[at:], pipes, heading)
    if core[:1] in ("#", ">", "-", "+", "=", "|"):
        core = "\\" + core
    elif number := _NUMBERED.match(core):
        core = number.group(1) + "\\" + core[len(number.group(1)):]
    return _entities(lead) + core + _entities(trail)

