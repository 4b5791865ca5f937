"""A page's visible blocks in reading order, read from its DOM (parsed once with lxml).

A block is the text between two block-level boundaries: the opening or closing of a block-level
element (``p``, ``h1``-``h6``, ``li``, ``td``, ``div`` ...) or a ``<br>``. Its *owner* is the
innermost block-level element it stands in, so ``<li><a>Home</a></li>`` is one ``li`` block of link
text and ``<div>Intro <p>One</p> tail</div>`` gives three blocks (``div``, ``p``, ``div``).
Text is NFC-normalised, without soft hyphens and zero-width spaces. Invisible content is dropped:
``script``, ``style``, ``noscript``, ``template``, ``head`` and the
like, comments, and elements hidden by the ``hidden`` attribute or an inline ``display:none`` /
``visibility:hidden``.

Each block carries what the DOM says about it: its owner's tag, the ancestors' tags and their
class/id (with ``role`` and ``itemprop``) strings, nearest first, its share of link text, and how
many siblings of the same tag and class its owner (and the owner's nearest ancestors) have: cards
and teaser lists repeat one structure.

>>> blocks = page_blocks(parse("<html><body><nav class='menu'><ul><li><a href='/'>Home</a></li>"
...                           "<li><a href='/n'>News</a></li></ul></nav><article><h1>Storm</h1>"
...                           "<p>The storm <b>hit</b> the coast.<br>Trains stopped.</p></article></body></html>"))
>>> [(b.tag, b.text, b.link_chars > 0, b.siblings) for b in blocks[:3]]
[('li', 'Home', True, 2), ('li', 'News', True, 2), ('h1', 'Storm', False, 1)]
>>> [(b.tag, b.text, b.part) for b in blocks[3:]]
[('p', 'The storm hit the coast.', 0), ('p', 'Trains stopped.', 1)]
>>> blocks[0].ancestors[1], blocks[0].path[:3]
('menu', ('ul', 'nav', 'body'))
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object", "embed", "canvas",
    "video", "audio", "map", "select", "textarea", "title", "meta", "link",
})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACE = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\ufeff"))  # soft hyphen, zero-width space, BOM: never seen
_ATTRIBUTES = ("class", "id", "role", "itemprop")
_REPEAT_LEVELS = 4  # the owner and this many - 1 ancestors are looked at for repeated siblings


@dataclass(slots=True)
class DomBlock:
    """One visible block: its text and what the DOM says about it."""

    text: str
    tag: str  # the owner's tag: the innermost block-level element holding the text
    path: tuple[str, ...]  # the owner's ancestors' tags, nearest first
    own: str  # the owner's class, id, role and itemprop values, lower-cased, space-separated
    ancestors: tuple[str, ...]  # the same string of each ancestor, nearest first (aligned with path)
    link_chars: int  # characters of the text inside <a>
    siblings: int  # the owner's parent's children with the owner's tag and class (the owner included)
    repeats: int  # the most such siblings of the owner or one of its nearest ancestors
    part: int  # which piece of its owner this is (pieces split by <br> or by nested blocks), from 0

    @property
    def depth(self) -> int:
        """How deep the owner stands in the tree."""
        return len(self.path)

    @property
    def link_density(self) -> float:
        """The share of the text's characters inside links."""
        return min(1.0, self.link_chars / max(len(self.text), 1))


def parse(html: str) -> Any:
    """The lxml tree of *html* (a string); None for input lxml cannot read."""
    import lxml.html
    from lxml import etree

    if not html or not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(html)
    except ValueError:  # a string with an XML encoding declaration: parse its bytes instead
        parser = lxml.html.HTMLParser(encoding="utf-8")
        try:
            return lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
        except (ValueError, etree.ParserError):
            return None
    except etree.ParserError:
        return None


def _attrs(element: Any) -> str:
    """The class, id, role and itemprop values of *element*, lower-cased, space-separated."""
    get = element.get
    return " ".join(value for value in (get(name) for name in _ATTRIBUTES) if value).lower()


def _hidden(element: Any) -> bool:
    """Whether *element* is hidden by its own attributes."""
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style) and _HIDDEN_STYLE.search(style) is not None


class _Repeats:
    """How many siblings share an element's tag and class, counted once per parent."""

    def __init__(self) -> None:
        self._counts: dict[int, dict[tuple[str, str], int]] = {}

    def of(self, element: Any) -> int:
        parent = element.getparent()
        if parent is None:
            return 1
        counts = self._counts.get(id(parent))
        if counts is None:
            counts = {}
            for child in parent:
                if isinstance(child.tag, str):
                    key = (child.tag, child.get("class") or "")
                    counts[key] = counts.get(key, 0) + 1
            self._counts[id(parent)] = counts
        return counts.get((element.tag, element.get("class") or ""), 1)


class _Walker:
    """The reading-order walk: text gathered between block boundaries, one :class:`DomBlock` per piece."""

    def __init__(self, root: Any) -> None:
        self.blocks: list[DomBlock] = []
        self.owners: list[Any] = [root]
        self.parts: dict[int, int] = {}
        self.buffer: list[str] = []
        self.link_chars = 0
        self.in_link = 0
        self.repeats = _Repeats()
        self.context: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def add(self, text: str | None) -> None:
        if text:
            self.buffer.append(text)
            if self.in_link:
                self.link_chars += len(_SPACE.sub(" ", text).strip())

    def flush(self) -> None:
        text = unicodedata.normalize("NFC", _SPACE.sub(" ", "".join(self.buffer)).translate(_INVISIBLE).strip())
        link_chars, self.buffer, self.link_chars = self.link_chars, [], 0
        if not text:
            return
        owner = self.owners[-1]
        path, ancestors = self._context(owner)
        part = self.parts.get(id(owner), 0)
        self.parts[id(owner)] = part + 1
        level, repeats = owner, 1
        for _ in range(_REPEAT_LEVELS):
            if level is None:
                break
            repeats = max(repeats, self.repeats.of(level))
            level = level.getparent()
        self.blocks.append(DomBlock(text, str(owner.tag), path, _attrs(owner), ancestors, link_chars,
                                    self.repeats.of(owner), repeats, part))

    def _context(self, owner: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The owner's ancestors' tags and attribute strings, nearest first (kept per owner)."""
        found = self.context.get(id(owner))
        if found is None:
            chain = list(owner.iterancestors())
            found = (tuple(str(a.tag) for a in chain), tuple(_attrs(a) for a in chain))
            self.context[id(owner)] = found
        return found

    def walk(self, root: Any) -> list[DomBlock]:
        """Every block under *root*, in document order (iterative: deep trees do not recurse)."""
        stack: list[tuple[bool, Any]] = [(True, root)]
        while stack:
            entering, element = stack.pop()
            tag = element.tag if isinstance(element.tag, str) else ""
            if not entering:
                self._leave(element, tag)
                continue
            if not tag or tag in SKIP_TAGS or _hidden(element):
                self.add(element.tail)  # a comment's or a skipped element's tail is still visible text
                continue
            if tag in BLOCK_TAGS:
                self.flush()
                self.owners.append(element)
            elif tag == "br":
                self.flush()
            self.in_link += tag == "a"
            self.add(element.text)
            stack.append((False, element))
            stack.extend((True, child) for child in reversed(element))
        self.flush()
        return self.blocks

    def _leave(self, element: Any, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.flush()
            self.owners.pop()
        self.in_link -= tag == "a"
        if element is not self.owners[0]:
            self.add(element.tail)


def page_blocks(tree: Any) -> list[DomBlock]:
    """The visible blocks of a parsed page (:func:`parse`) in reading order; none for no tree."""
    if tree is None:
        return []
    body = tree.find(".//body")
    root = body if body is not None else tree
    return _Walker(root).walk(root)
