"""Stage, extract: a document's raw text as lines, HTML through trafilatura.

Page text passes through, one line per paragraph. HTML goes through trafilatura
(:func:`extract_html`): its body blocks become the paragraphs (their tag and link
density kept in ``doc.layout`` for the boilerplate stage), its metadata the title,
author and date. A page where trafilatura finds no prose is read as page text instead.

>>> doc = extract(Document(id="a", raw="Home\\r\\nThe minister spoke on Monday."))
>>> doc.paragraphs
['Home', 'The minister spoke on Monday.']

In HTML mode trafilatura finds the main content; its blocks go on (with their tag and link
density) to the boilerplate stage, whose HTML user (:mod:`cleaner.boilerplate.htmlblocks`)
drops what trafilatura lets through. When the page's JSON-LD ``articleBody`` is
much longer than what trafilatura found (pages drawn by script), that body is used.

>>> page = ("<html><head><title>Storm hits coast - Daily</title></head><body><nav><a href='/'>Home</a></nav>"
...         "<article><h1>Storm hits coast</h1>"
...         + "".join(f"<p>The storm reached the coast on Monday night and flooded {n} streets in the old town.</p>"
...                   for n in ("six", "ten", "many"))
...         + "</article><footer>Contact us</footer></body></html>")
>>> found = extract_html(page)
>>> found.title, found.page_title, [block.tag for block in found.blocks]
('Storm hits coast', 'Storm hits coast', ['head', 'p', 'p', 'p'])
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urljoin

from .blocks import LINK_LIST_ITEMS, TITLE_SEPARATORS, Block, norm, title_variants
from .document import Document
from .errors import InputError
from .markdown.shapes import GROUP_STEP, Shape, element_links, html_shapes
from .options import knobs
from .sentences import is_prose
from .words import count_text_words, count_words

STAGE = "extract"


class Judge(NamedTuple):
    """Two questions HTML extraction asks of the boilerplate engine's rules, handed in by the pipeline
    (:func:`cleaner.default_pipeline`) so that this earlier stage imports nothing of the later one.

    *title* (the parsed page, trafilatura's title) gives the title the page confirms (a UI line never is one:
    :func:`cleaner.boilerplate.headline.html_title`); *list_article* (the body's lines, whether the title stands
    above them) says whether a body without prose is a list or table article worth keeping over the page's text
    (:func:`cleaner.boilerplate.listblock.is_list_body`). Without a judge, trafilatura's title stands and
    only prose keeps a body.
    """

    title: Callable[[Any, str], str]
    list_article: Callable[[list[str], bool], bool]


def extract(doc: Document, *, favor: str = "balanced", markdown: bool = False, links: bool = False,
            judge: Judge | None = None) -> Document:
    """HTML to title, metadata and body blocks (trafilatura told *favor*); text to its lines.

    *markdown*: keep each HTML line's shape in ``doc.structure`` (text mode: an empty list), for Markdown
    output; *links*: with each line's links (absolute URLs); *judge*: see :class:`Judge`. The input
    (``doc.raw``) is let go once read: no later stage reads it, and a long page's lines are held instead.
    """
    doc.structure = [] if markdown else None
    raw, doc.raw = doc.raw, ""
    if doc.kind != "html":
        doc.paragraphs = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return doc
    raw = raw[:_MAX_INPUT]  # all that is read of it (the cut below): a longer page's rest is let go before parsing
    found = extract_html(raw, url=doc.url or None, favor=favor, judge=judge)
    for text in found.superseded:
        doc.record_removal(STAGE, "superseded_by_json_ld", text)
    texts = [block.text for block in found.blocks]
    # prose, or a list or table under the headline
    if any(is_prose(text) for text in texts) or (judge is not None and judge.list_article(texts, bool(found.title))):
        doc.title, doc.page_title, doc.author, doc.date = found.title, found.page_title, found.author, found.date
        doc.paragraphs = [block.text for block in found.blocks]
        doc.layout = [(block.tag, block.link_density) for block in found.blocks]
        if markdown:
            doc.structure = structure(found, links=links)
        return doc
    doc.paragraphs, doc.kind = page_lines(raw), "text"  # trafilatura found no article: read the page's text
    if not any(is_prose(line) for line in doc.paragraphs):
        raise InputError("no article text found in this HTML")
    return doc

_SPACES = re.compile(r"\s+", re.U)
_TAG = re.compile(r"<[^>]{0,2000}>")
_LD_MIN_WORDS = 150  # JSON-LD articleBody replaces trafilatura's text only when it is this long
_LD_RATIO = 2.0  # ... and this many times longer
_DATE_PARAMS = {"extensive_search": False, "original_date": True}  # the default extensive search halves speed
_FAST_MIN_WORDS, _FAST_SHARE, _FAST_EXCESS = 150, 0.6, 2.5  # fast bodies outside these take the full path
_MAX_INPUT = 20_000_000  # characters; larger input is cut, never parsed whole


@dataclass(frozen=True)
class Extracted:
    """What extraction found: metadata, and the body blocks in reading order."""

    title: str = ""  # the headline
    page_title: str = ""  # the page's whole title ("Headline | Site"), as the boilerplate stage compares blocks with it
    author: str = ""
    date: str = ""
    blocks: list[Block] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)  # trafilatura's blocks, when JSON-LD's body replaced them
    base: str = ""  # the page's base URL (its <base href>, else its url): links are made absolute against it


def extract_html(html: str, *, url: str | None = None, favor: str = "balanced", judge: Judge | None = None) -> Extracted:
    """The metadata and body blocks of ``html``; no blocks when there is no body (*judge*: :class:`Judge`).

    Never raises: malformed, hugely nested or non-article input gives no blocks.
    """
    try:
        return _extract(html, url, favor, judge)
    except (Exception, RecursionError):  # trafilatura/lxml on pathological input
        return Extracted()


def _extract(html: str, url: str | None, favor: str = "balanced", judge: Judge | None = None) -> Extracted:
    if not isinstance(html, str) or not html.strip():
        return Extracted()
    from trafilatura.utils import load_html  # lazy: keeps ``import cleaner.extract`` cheap

    tree = load_html(html[:_MAX_INPUT])  # parsed once: JSON-LD, metadata and extraction all read this tree
    if tree is None:
        return Extracted()
    ld_body = _json_ld_body(tree)
    found, blocks, words = _body_blocks(tree, favor)
    title = author = date = None
    if found:  # as with_metadata gave it: no document, no metadata either (trafilatura read a copy of the tree)
        meta = _metadata(tree, url)
        title, author, date = meta.title, meta.author, meta.date
    title = _SPACES.sub(" ", title or "").strip() if found else ""
    if found and judge is not None:
        title = judge.title(tree, title)
    superseded: list[str] = []
    ld_words = count_text_words(ld_body)
    if ld_words >= _LD_MIN_WORDS and ld_words > _LD_RATIO * words:
        superseded = [block.text for block in blocks]
        blocks = [Block("p", line.strip()) for line in ld_body.splitlines() if line.strip()]
    return Extracted(title=_headline(title, blocks), page_title=title, author=_SPACES.sub(" ", author or "").strip(),
                     date=(date or "").strip(), blocks=blocks, superseded=superseded, base=_base_url(tree, url))


def _body_blocks(tree: Any, favor: str = "balanced") -> tuple[bool, list[Block], int]:
    """Whether trafilatura finds a document in *tree*, its body blocks and their words, with *favor*'s setting.

    trafilatura's favor_precision sometimes throws the article away and keeps a menu (one dev
    page); a body under :data:`_FAST_MIN_WORDS` words is then read again with the balanced
    setting, so that favoring precision does not empty a page.
    """
    settings = dict(knobs(favor).trafilatura)
    paragraphs = count_text_words(" ".join(tree.xpath("//p//text()", smart_strings=False)))
    found, blocks, words = _trafilatura_body(tree, settings, paragraphs)
    if settings and words < _FAST_MIN_WORDS:
        return _trafilatura_body(tree, {}, paragraphs)
    return found, blocks, words


def _trafilatura_body(tree: Any, settings: dict[str, bool], paragraphs: int) -> tuple[bool, list[Block], int]:
    """Whether trafilatura (with *settings*) finds a document in *tree*, its body blocks and their words.

    Its fast path first; its full path (the readability and jusText comparison, a third
    of its time) only when the fast body looks wrong: under :data:`_FAST_MIN_WORDS` words,
    or far from the words in the page's paragraphs (under :data:`_FAST_SHARE` of them: it
    missed the article; over :data:`_FAST_EXCESS` times them: it took in more than the
    article). *paragraphs* is that count. On the 120 dev pages 13 take the full path, and every
    body is the full path's. A page with too few paragraph words for any fast body to pass
    goes to the full path at once. trafilatura copies the tree it is given, so both paths read
    the same tree. No URL: it would only make link targets absolute, and only link text is
    read (its density).
    """
    import trafilatura

    for fast in (True, False):
        if fast and _FAST_EXCESS * paragraphs < _FAST_MIN_WORDS:
            continue
        # metadata is ours (_metadata), so no with_metadata; "txt" skips the whole-body text rendering we never read
        doc = trafilatura.bare_extraction(tree, include_comments=False, include_links=True,
                                          output_format="txt", fast=fast, **settings)
        blocks = _blocks(doc.body) if doc is not None and getattr(doc, "body", None) is not None else []
        words = sum(count_words(block.text) for block in blocks)
        if fast and words >= _FAST_MIN_WORDS and _FAST_SHARE * paragraphs <= words <= _FAST_EXCESS * paragraphs:
            break
    return doc is not None, blocks, words


def _metadata(tree: Any, url: str | None) -> Any:
    """Title, author, URL and date as ``trafilatura.metadata.extract_metadata`` finds them, and only those.

    The same steps in the same order, without host and site name, categories,
    tags and license (half its time on the dev pages), which HTML mode never reads.
    """
    from trafilatura.utils import line_processing

    try:
        from trafilatura.metadata import examine_meta, extract_author, extract_meta_json, extract_title, extract_url, find_date
    except ImportError:  # another trafilatura layout: the full function gives the same fields
        from trafilatura.metadata import extract_metadata

        return extract_metadata(tree, url, _DATE_PARAMS)
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:  # trafilatura's JSON-LD reader on odd input, as extract_metadata tolerates it
        pass
    meta.title = meta.title or extract_title(tree)
    meta.author = meta.author or extract_author(tree)
    meta.url = meta.url or extract_url(tree, url)
    meta.date = find_date(tree, **_DATE_PARAMS, url=meta.url)
    for name in ("title", "author", "url", "date"):  # Document.clean_and_trim on these fields
        value = getattr(meta, name)
        if isinstance(value, str):
            setattr(meta, name, line_processing(html_lib.unescape(value[:9999] + "…" if len(value) > 10000 else value)))
    return meta


def _json_ld_body(tree: Any) -> str:
    """The longest ``articleBody`` in the page's JSON-LD (pages that render their text by script)."""
    found: list[str] = []

    def walk(node: Any, depth: int) -> None:
        if depth > 20:
            return
        if isinstance(node, dict):
            body = node.get("articleBody")
            if isinstance(body, str):
                found.append(body)
            for value in node.values():
                walk(value, depth + 1)
        elif isinstance(node, list):
            for value in node:
                walk(value, depth + 1)

    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        text = script.text or ""
        if "articleBody" not in text and "\\u" not in text:  # no such key, not even \u-escaped: nothing to parse for
            continue
        try:
            walk(json.loads(text, strict=False), 0)
        except ValueError:
            continue
    if not found:
        return ""
    body = max(found, key=len)
    if "<" in body and ">" in body:  # some sites put HTML in it
        body = _TAG.sub("\n", body)
    return html_lib.unescape(body)


def _blocks(body: Any) -> list[Block]:
    """A :class:`Block` per line of trafilatura's body, as its plain-text output renders it.

    A list's lines share the list's link density; links are then unwrapped so the text has none.
    Each line's :class:`~cleaner.markdown.shapes.Shape` (heading, list item, table row ...) rides along.
    """
    from lxml import etree
    from trafilatura.xml import xmltotxt

    blocks: list[Block] = []
    for index, child in enumerate(body):
        density, links = 0.0, ()
        refs = list(child.iter("ref"))
        if refs:  # most blocks have no link: their density is 0.0 without reading their text
            density, links = _link_density(child, refs), element_links(refs)
            etree.strip_tags(child, "ref")
        rendered = xmltotxt(child, include_formatting=False)
        lines = [line.strip() for line in rendered.split("\n") if line.strip()]
        shapes = html_shapes(child, rendered, index * GROUP_STEP, links)
        for line, shape in zip(lines, shapes, strict=True):
            blocks.append(Block(str(child.tag), line, density, shape))
    return blocks


def structure(found: Extracted, *, links: bool = False) -> list[Shape]:
    """The shape of each body block's line; with *links*, its links made absolute against the page's base URL."""
    shapes = []
    for block in found.blocks:
        shape = block.shape or Shape("p", block.text)
        if shape.links and not links:
            shape = shape._replace(links=())
        elif shape.links:
            shape = shape._replace(links=tuple((text, urljoin(found.base, target)) for text, target in shape.links))
        shapes.append(shape)
    return shapes


def _base_url(tree: Any, url: str | None) -> str:
    """The page's ``<base href>`` (resolved against *url*), else *url*, else ""."""
    base = tree.find(".//base[@href]")
    href = (base.get("href") or "").strip() if base is not None else ""
    try:
        return urljoin(url or "", href) if href else url or ""
    except ValueError:  # a malformed URL
        return url or ""


def _link_density(child: Any, refs: list[Any]) -> float:
    """The share of *child*'s text in its links *refs*; 0.0 for a list too short to be a list of links."""
    if child.tag == "list" and len(child.findall("item")) < LINK_LIST_ITEMS:
        return 0.0
    size = len("".join(child.itertext()).strip())
    linked = sum(len("".join(ref.itertext()).strip()) for ref in refs)
    return linked / size if size else 0.0


def _headline(title: str, blocks: list[Block]) -> str:
    """The headline: the leading body block that repeats the title if any, else the longest title part."""
    variants = title_variants(title)
    for block in blocks[:3]:
        if norm(block.text) in variants:
            return block.text
    parts = [p for p in TITLE_SEPARATORS.split(title) if p.strip()]
    return max(parts, key=len).strip() if parts else title


_BLOCK_TAGS = frozenset("""address article aside blockquote br dd details div dl dt fieldset figcaption figure footer
    form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul""".split())


def page_lines(html: str) -> list[str]:
    """The page's visible text, one block per line, as a naive scraper sees it (the fallback).

    Script, style, noscript, template and head are dropped; every block-level
    element starts a line.  Never raises.

    >>> page_lines("<html><head><title>T</title></head><body><nav>Home</nav><p>One <b>two</b>.</p></body></html>")
    ['Home', 'One two.']
    """
    try:
        from lxml import html as lxml_html

        tree = lxml_html.fromstring(html[:_MAX_INPUT])
        for node in tree.xpath("//script|//style|//noscript|//template|//head"):
            node.drop_tree()
        for node in tree.iter():
            if isinstance(node.tag, str) and node.tag.lower() in _BLOCK_TAGS:
                node.text = "\n" + (node.text or "")
                node.tail = "\n" + (node.tail or "")
        text = tree.text_content()
    except (Exception, RecursionError):  # lxml on pathological input
        return []
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]
