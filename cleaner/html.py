"""HTML mode: the article body of a raw page, via trafilatura plus precision post-filters.

trafilatura finds the main content; the filters then drop what it lets through
and article bodies never contain, each removal recorded with a reason:

* the headline repeated as the first body line, bylines, dates and reading times above the text;
* single blocks that are boilerplate wherever they stand (ads, "Related: ...", image credits,
  newsletter forms, affiliate disclosures, share bars, paywall prompts);
* a late heading that opens a non-article section ("Related articles", "Sources",
  "About the author", "Comments" ...), with everything after it;
* lists of links (three items or more, mostly link text) and short paragraphs that are one link;
* author bios and their name/role lines at the very end;

>>> page = ("<html><head><title>Storm hits coast - Daily</title></head><body><nav><a href='/'>Home</a></nav>"
...         "<article><h1>Storm hits coast</h1><p>By Ann Lee</p>"
...         + "".join(f"<p>The storm reached the coast on Monday night and flooded {n} streets in the old town.</p>"
...                   for n in ("six", "ten", "many"))
...         + "<p>Related: Ten tips for storm season</p><p>Ann Lee is a reporter covering the weather.</p>"
...         "</article><footer>Contact us</footer></body></html>")
>>> result = extract_html(page)
>>> result.title, len(result.paragraphs), result.paragraphs[0][:30]
('Storm hits coast', 3, 'The storm reached the coast on')
>>> sorted({reason for reason, _ in result.dropped})
['author_bio', 'byline', 'related', 'title']
"""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from .html_patterns import BIO_ROLE, BIO_SENTENCE, LEADING_META, LINE_PATTERNS, LINE_SCREENS, TAIL_HEADINGS, TITLE_SEPARATORS
from .words import count_words

_WORD = re.compile(r"\w+", re.U)
_LIST_MARKER = re.compile(r"^(?:[-*•·–]|\d{1,3}[.)])\s+")
_SPACES = re.compile(r"\s+", re.U)
_ENDS_SENTENCE = re.compile(r"[.!?…。！？:;]['\"’”»)\]]*$")
_TAG = re.compile(r"<[^>]{0,2000}>")
_FOLD = str.maketrans("İıſ", "iis")  # besides case, re.IGNORECASE matches these to i, i, s (K, the Kelvin sign: lower())
_LD_MIN_WORDS = 150  # JSON-LD articleBody replaces trafilatura's text only when it is this long
_LD_RATIO = 2.0  # ... and this many times longer
_LINK_LIST_ITEMS = 3  # a list of at least this many items ...
_LINK_LIST_DENSITY = 0.6  # ... whose text is this much link text is a list of links to elsewhere
_LINK_LINE_DENSITY, _LINK_LINE_WORDS = 0.9, 20  # a short paragraph that is all link: a teaser
_TITLE_OVERLAP = 0.6  # a leading heading whose words are this much in the page title is the headline
_PROSE_WORDS = 15  # a body needs one block this long (or a full sentence of 8+ words) to be an article
_TAIL_START = 0.5  # a closing-section heading must come after this share of the body's words
_DATE_PARAMS = {"extensive_search": False, "original_date": True}  # the default extensive search halves speed
_BIO_TAIL_WORDS = 60  # at most this many words may follow a closing author bio
_MAX_INPUT = 20_000_000  # characters; larger input is cut, never parsed whole


@dataclass(frozen=True)
class Extracted:
    """What HTML mode found: metadata, body blocks in reading order, and what the filters removed."""

    title: str = ""
    author: str = ""
    date: str = ""
    paragraphs: list[str] = field(default_factory=list)
    dropped: list[tuple[str, str]] = field(default_factory=list)


def extract_html(html: str, *, url: str | None = None) -> Extracted:
    """The article body of ``html`` (paragraphs without the title); empty when there is none.

    Never raises: malformed, hugely nested or non-article input gives empty paragraphs.
    """
    try:
        return _extract(html, url)
    except (Exception, RecursionError):  # trafilatura/lxml on pathological input
        return Extracted()


def _words(text: str) -> int:
    return count_words(text)  # a Han or kana character is a word: Chinese paragraphs are prose


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _extract(html: str, url: str | None) -> Extracted:
    if not isinstance(html, str) or not html.strip():
        return Extracted()
    import trafilatura  # lazy: keeps ``import cleaner.html`` cheap
    from trafilatura.utils import load_html

    tree = load_html(html[:_MAX_INPUT])  # parsed once: JSON-LD, metadata and extraction all read this tree
    if tree is None:
        return Extracted()
    ld_body = _json_ld_body(tree)  # read before trafilatura prunes the tree
    meta = _metadata(tree, url)
    # metadata is ours (above), so no with_metadata; "txt" skips the whole-body text rendering we never read
    doc = trafilatura.bare_extraction(tree, url=url or meta.url, include_comments=False, include_links=True,
                                      output_format="txt")
    has_body = doc is not None and getattr(doc, "body", None) is not None
    if doc is None:  # as with_metadata gave it: no document, no metadata either
        meta.title = meta.author = meta.date = None
    title = _SPACES.sub(" ", meta.title or "").strip()
    author = _SPACES.sub(" ", meta.author or "").strip()
    date = (meta.date or "").strip()
    blocks = _blocks(doc.body) if has_body else []
    superseded: list[tuple[str, str]] = []
    if _words(ld_body) >= _LD_MIN_WORDS and _words(ld_body) > _LD_RATIO * sum(_words(t) for _, t, _ in blocks):
        superseded = [("superseded_by_json_ld", text) for _, text, _ in blocks]
        blocks = [("p", line.strip(), 0.0) for line in ld_body.splitlines() if line.strip()]
    kept, dropped = filter_blocks(blocks, title=title, author=author)
    dropped = superseded + dropped
    return Extracted(title=_headline(title, blocks), author=author, date=date,
                     paragraphs=[text for _, text, _ in kept], dropped=dropped)


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
        try:
            walk(json.loads(script.text or "", strict=False), 0)
        except ValueError:
            continue
    if not found:
        return ""
    body = max(found, key=len)
    if "<" in body and ">" in body:  # some sites put HTML in it
        body = _TAG.sub("\n", body)
    return html_lib.unescape(body)


def _blocks(body: Any) -> list[tuple[str, str, float]]:
    """(tag, text, link density) per line of trafilatura's body, as its plain-text output renders it.

    A list's lines share the list's link density; links are then unwrapped so the text has none.
    """
    from lxml import etree
    from trafilatura.xml import xmltotxt

    blocks: list[tuple[str, str, float]] = []
    for child in body:
        size = len("".join(child.itertext()).strip())
        linked = sum(len("".join(ref.itertext()).strip()) for ref in child.iter("ref"))
        density = linked / size if size else 0.0
        if child.tag == "list" and len(child.findall("item")) < _LINK_LIST_ITEMS:
            density = 0.0
        etree.strip_tags(child, "ref")
        for line in xmltotxt(child, include_formatting=False).split("\n"):
            line = line.strip()
            if line:
                blocks.append((str(child.tag), line, density))
    return blocks


def _title_variants(title: str) -> set[str]:
    """The title and its parts around separators ("Headline | Site" -> both), normalised."""
    parts = [title, *TITLE_SEPARATORS.split(title)]
    return {n for n in map(_norm, parts) if len(n) >= 12 or _words(n) >= 3}


def _headline(title: str, blocks: list[tuple[str, str, float]]) -> str:
    """The headline: the leading body block that repeats the title if any, else the longest title part."""
    variants = _title_variants(title)
    for _, text, _ in blocks[:3]:
        if _norm(text) in variants:
            return text
    parts = [p for p in TITLE_SEPARATORS.split(title) if p.strip()]
    return max(parts, key=len).strip() if parts else title


def line_reason(text: str) -> str | None:
    """Why a single block is boilerplate wherever it stands, or None."""
    text = _LIST_MARKER.sub("", text)
    folded = (text if text.isascii() else text.translate(_FOLD)).lower()  # what re.IGNORECASE equates with ASCII letters
    for reason, pattern in LINE_PATTERNS.items():
        screen = LINE_SCREENS.get(reason)
        if (screen is None or any(word in folded for word in screen)) and pattern.match(text):
            return reason
    return None


def _is_prose(text: str) -> bool:
    words = _words(text)
    return words >= _PROSE_WORDS or (words >= 8 and bool(_ENDS_SENTENCE.search(text)))


def _is_bio(text: str) -> bool:
    return _words(text) <= 130 and bool(BIO_SENTENCE.match(text)) and bool(BIO_ROLE.search(text))


def filter_blocks(blocks: list[tuple[str, str, float]], *, title: str = "",
                  author: str = "") -> tuple[list[tuple[str, str, float]], list[tuple[str, str]]]:
    """Split (tag, text, link density) blocks into kept ones and (reason, text) removals; order is kept."""
    reasons: list[str | None] = [None] * len(blocks)
    texts = [_SPACES.sub(" ", text).strip() for _, text, _ in blocks]
    _mark_head([tag for tag, _, _ in blocks], texts, reasons, title, author)
    for i, text in enumerate(texts):
        if reasons[i] is None:
            reasons[i] = line_reason(text)
        tag, _, density = blocks[i]
        if reasons[i] is None and tag == "list" and density >= _LINK_LIST_DENSITY:
            reasons[i] = "link_list"
        elif reasons[i] is None and tag == "p" and density >= _LINK_LINE_DENSITY and _words(text) <= _LINK_LINE_WORDS:
            reasons[i] = "link_line"
    _mark_tail(texts, reasons)
    for i in reversed([i for i, r in enumerate(reasons) if r is None]):
        if blocks[i][0] != "head":
            break
        reasons[i] = "trailing_heading"  # a heading with nothing under it
    if not any(r is None and _is_prose(t) for t, r in zip(texts, reasons, strict=True)):
        reasons = [r or "no_article_text" for r in reasons]  # menus, forms, link hubs: no article here
    kept = [block for block, reason in zip(blocks, reasons, strict=True) if reason is None]
    dropped = [(reason, text) for (_, text, _), reason in zip(blocks, reasons, strict=True) if reason is not None]
    return kept, dropped


def _mark_head(tags: list[str], texts: list[str], reasons: list[str | None], title: str, author: str) -> None:
    """Title repeats, bylines, dates and the author's name above the first paragraph of prose."""
    variants = _title_variants(title)
    title_words = set(_norm(title).split())
    author_norm = _norm(author)
    for i, text in enumerate(texts[:8]):
        norm = _norm(text)
        words = norm.split()
        if variants and norm in variants:
            reasons[i] = "title"
        elif (tags[i] == "head" and len(words) >= 3 and title_words
              and sum(w in title_words for w in words) >= _TITLE_OVERLAP * len(words)):
            reasons[i] = "title"
        elif LEADING_META.match(text) and _words(text) <= 12:
            reasons[i] = "byline"
        elif author_norm and norm == author_norm:
            reasons[i] = "byline"
        elif _words(text) >= 12:
            break


def _mark_tail(texts: list[str], reasons: list[str | None]) -> None:
    """A late closing-section heading and all after it; then bios and stray labels at the end."""
    counts = [_words(t) for t in texts]
    sizes = [n if r is None else 0 for n, r in zip(counts, reasons, strict=True)]
    total = sum(sizes)
    seen = 0
    for i, text in enumerate(texts):
        if seen >= _TAIL_START * total and counts[i] <= 10:
            section = next((name for name, pattern in TAIL_HEADINGS.items() if pattern.match(text)), None)
            if section is not None:
                for j in range(i, len(texts)):
                    if reasons[j] is None:
                        reasons[j] = section
                break
        seen += sizes[i]
    # near the end: an author bio, the short name/role lines above it and whatever little follows it
    live = [i for i, r in enumerate(reasons) if r is None]
    for pos in range(len(live) - 1, max(len(live) - 4, -1), -1):
        i = live[pos]
        after = sum(counts[j] for j in live[pos + 1:])
        if after > _BIO_TAIL_WORDS:
            break
        if _is_bio(texts[i]):
            for j in live[pos:]:
                reasons[j] = "author_bio"
            for j in reversed(live[max(pos - 2, 0):pos]):
                if counts[j] > 6 or _ENDS_SENTENCE.search(texts[j]):
                    break
                reasons[j] = "author_bio"
            break


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
