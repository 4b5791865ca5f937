"""The structure of an article's lines: what each line is (a heading, a list item, a table row, code ...).

HTML mode reads it from trafilatura's body blocks (:func:`html_shapes`, called by extract for
each block); text mode from the lines' own shapes (:func:`text_shapes`, when Markdown is
rendered). Each line's :class:`Shape` keeps the line's text, so that the Markdown renderer
(:mod:`cleaner.markdown.render`) can find it again among the lines the later stages kept.

>>> from lxml import etree
>>> item = etree.fromstring('<list rend="ol"><item>Boil the water</item><item>Add the rice</item></list>')
>>> [(s.kind, s.text, s.ordered) for s in html_shapes(item, "- Boil the water\\n- Add the rice", 3)]
[('li', '- Boil the water', True), ('li', '- Add the rice', True)]
>>> [s.kind for s in text_shapes(["The council met on Monday and voted for the plan, as expected.", "What comes next",
...                               "The work starts in May and should be finished by the end of the year.",
...                               "• Bus fares rise", "• Tram fares fall"])]
['p', 'h', 'p', 'li', 'li']
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from ..sentences import is_prose

ITEM = re.compile(r"^( *)- ")  # a list item as trafilatura renders it, indented two spaces per level
SEPARATOR = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")  # a table's header separator line, "|---|---|"
ROW = re.compile(r"^\|.*\|$")  # a table row as trafilatura renders it, "| a | b |"
TEXT_ITEM = re.compile(r"^(?:[-*•·▪◦●‣]|(\d{1,3})[.)])\s+(?=\S)")  # a bullet or a number, then the item
GROUP_STEP = 1000  # the body's n-th block is group n * GROUP_STEP; the blocks in a division of it the groups after
_LANG = re.compile(r"(?:^|\s)(?:language|lang)-([\w+#.-]{1,30})")
_HEADING_START = re.compile(r"^[\"'“‘«(]?[^\W_a-z]", re.U)  # a capital (or a digit, or a script without case)


class Shape(NamedTuple):
    """What one line of the body is, and what Markdown needs to render it.

    ``kind``: ``p`` (a paragraph), ``h`` (a heading, ``level`` 1-6), ``li`` (a list item, ``level`` its
    depth from 0, ``ordered``, ``number`` its own number in text mode), ``row`` (a table row, ``header``
    when it heads the table), ``sep`` (a table's header separator line), ``code`` (a line of a code
    block: ``source`` the whole block with its indentation, ``lang`` its language). ``quoted``: inside a
    block quote. ``group``: the body block it came from (the lines of one list, table or code block
    share it). ``links``: the (text, URL) of each link in the line, in order.
    """

    kind: str = "p"
    text: str = ""
    level: int = 0
    ordered: bool = False
    number: int = 0
    header: bool = False
    quoted: bool = False
    group: int = -1
    lang: str = ""
    source: str = ""
    links: tuple[tuple[str, str], ...] = ()


def html_shapes(child: Any, rendered: str, group: int, links: tuple[tuple[str, str], ...] = ()) -> list[Shape]:
    """One :class:`Shape` per non-empty line of *rendered*, trafilatura's text of the body element *child*.

    *links*: the (text, target) of the element's links, in document order, spread over its lines.
    """
    shapes = _element_shapes(child, rendered, group)
    if str(child.tag) == "quote":
        shapes = [shape._replace(quoted=True) for shape in shapes]
    return _with_links(shapes, links) if links else shapes


def _element_shapes(child: Any, rendered: str, group: int) -> list[Shape]:
    tag = str(child.tag)
    raw = [line for line in rendered.split("\n") if line.strip()]
    lines = [line.strip() for line in raw]
    if tag == "head":
        level = int(child.get("rend", "h2")[1:2]) if re.fullmatch(r"h[1-6]", child.get("rend", "")) else 2
        return [Shape("h", line, level, group=group) for line in lines]
    if tag == "list":
        return _list_shapes(child, raw, group)
    if tag == "table":
        return _table_shapes(lines, group)
    if tag == "code":
        source = "\n".join(rendered.strip("\n").split("\n"))
        return [Shape("code", line, group=group, lang=_language(child), source=source) for line in lines]
    if tag == "quote" or (tag == "div" and len(child)):  # a quote keeps one group, so that it stays one quote
        return _nested_shapes(child, lines, group, one_group=tag == "quote")
    return [Shape("p", line, group=group) for line in lines]


def _list_shapes(child: Any, raw: list[str], group: int) -> list[Shape]:
    """List items with their depth (from the indentation) and whether their list is numbered."""
    ordered = [item.getparent().get("rend") == "ol" for item in child.iter("item")]
    items = [ITEM.match(line) for line in raw]
    if sum(1 for m in items if m) != len(ordered):  # not one line per item: the top list's kind for all
        ordered = [child.get("rend") == "ol"] * len(raw)
    shapes, k = [], 0
    for line, match in zip(raw, items, strict=True):
        if match:
            shapes.append(Shape("li", line.strip(), len(match.group(1)) // 2, ordered=ordered[k], group=group))
            k += 1
        else:
            shapes.append(Shape("p", line.strip(), group=group))
    return shapes


def _table_shapes(lines: list[str], group: int) -> list[Shape]:
    """Rows, a row followed by a separator line being a header row; any other line a paragraph."""
    shapes = []
    for i, line in enumerate(lines):
        if SEPARATOR.match(line):
            shapes.append(Shape("sep", line, group=group))
        elif ROW.match(line):
            header = i + 1 < len(lines) and bool(SEPARATOR.match(lines[i + 1]))
            shapes.append(Shape("row", line, header=header, group=group))
        else:
            shapes.append(Shape("p", line, group=group))
    return shapes


def _nested_shapes(child: Any, lines: list[str], group: int, one_group: bool) -> list[Shape]:
    """A quote's or a division's lines: the shapes of the headings, lists, tables and paragraphs in it when they
    account for every line (else paragraphs); each its own group (a division's), or all the quote's one."""
    from trafilatura.xml import xmltotxt

    parts: list[Shape] = []
    if len(child) and not (child.text or "").strip():
        for k, sub in enumerate(child):
            if (sub.tail or "").strip() or k >= GROUP_STEP - 1:
                break
            parts += _element_shapes(sub, xmltotxt(sub, include_formatting=False), group if one_group else group + k + 1)
    if [shape.text for shape in parts] == lines:
        return parts
    return [Shape("p", line, group=group) for line in lines]


def _language(child: Any) -> str:
    """The language a code block names in a class (``language-python``, ``lang-js``), or ""."""
    for node in child.iter():
        match = _LANG.search(node.get("class") or "")
        if match:
            return match.group(1)
    return ""


def _with_links(shapes: list[Shape], links: tuple[tuple[str, str], ...]) -> list[Shape]:
    """*shapes* with the links whose text each line holds, taken in order (a link found in no later line is skipped)."""
    out, k = [], 0
    for i, shape in enumerate(shapes):
        mine, at = [], 0
        while k < len(links):
            text, target = links[k]
            found = shape.text.find(text, at) if text and target else -1
            if found >= 0:
                mine.append((text, target))
                at, k = found + len(text), k + 1
            elif not text or not target or not any(text in later.text for later in shapes[i + 1:]):
                k += 1
            else:
                break
        out.append(shape._replace(links=tuple(mine)) if mine else shape)
    return out


def element_links(refs: list[Any]) -> tuple[tuple[str, str], ...]:
    """The (text, target) of each of trafilatura's ``ref`` elements, whitespace as its text output has it."""
    return tuple((" ".join("".join(ref.itertext()).split()), (ref.get("target") or "").strip()) for ref in refs)


def text_shapes(lines: list[str]) -> list[Shape]:
    """Text mode: the shapes the lines themselves show, conservatively.

    Two or more lines in a row that start with a bullet (``-``, ``*``, ``•`` ...) or with numbers
    (``1.``, ``2)``) are list items; a short line with no closing stop that starts like a heading,
    between two paragraphs of prose, is a ``##`` heading. Everything else is a paragraph.
    """
    from ..boilerplate.shapes import is_subheading  # the boilerplate stage's shapes: not loaded by extract

    shapes = [Shape("p", line) for line in lines]
    items = [TEXT_ITEM.match(line) for line in lines]
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and items[j] and bool(items[j].group(1)) == bool(items[i].group(1)):
            j += 1
        if j - i >= 2:
            for k in range(i, j):
                number = int(items[k].group(1)) if items[k].group(1) else 0
                shapes[k] = Shape("li", lines[k], ordered=bool(number), number=number, group=i)
        i = max(j, i + 1)
    for k in range(1, len(lines) - 1):
        line = lines[k]
        if (shapes[k].kind == "p" and not items[k] and is_subheading(line) and _HEADING_START.match(line)
                and not line.endswith(("!", "…")) and is_prose(lines[k - 1]) and shapes[k - 1].kind == "p"
                and is_prose(lines[k + 1]) and shapes[k + 1].kind == "p" and not is_prose(line)):
            shapes[k] = Shape("h", line, 2)
    return shapes
