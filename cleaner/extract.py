"""Stage, extract: a document's raw text as lines, HTML through trafilatura.

Page text passes through, one line per paragraph. HTML goes through trafilatura
(:mod:`cleaner.html`): its body blocks become the paragraphs (their tag and link
density kept in ``doc.layout`` for the boilerplate stage), its metadata the title,
author and date. A page where trafilatura finds no prose is read as page text instead.

>>> doc = extract(Document(id="a", raw="Home\\r\\nThe minister spoke on Monday."))
>>> doc.paragraphs
['Home', 'The minister spoke on Monday.']
"""

from __future__ import annotations

from .document import Document
from .errors import InputError
from .listblock import list_article
from .shapes import is_prose

STAGE = "extract"


def extract(doc: Document, *, favor: str = "balanced") -> Document:
    """HTML to title, metadata and body blocks (trafilatura told *favor*); text to its lines."""
    if doc.kind != "html":
        doc.paragraphs = doc.raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return doc
    from .html import extract_html, page_lines

    found = extract_html(doc.raw, url=doc.url or None, favor=favor)
    for text in found.superseded:
        doc.record_removal(STAGE, "superseded_by_json_ld", text)
    texts = [block.text for block in found.blocks]
    # prose, or a list or table under the headline
    if any(is_prose(text) for text in texts) or list_article(texts, mode="html", headed_by_title=bool(found.title)):
        doc.title, doc.page_title, doc.author, doc.date = found.title, found.page_title, found.author, found.date
        doc.paragraphs = [block.text for block in found.blocks]
        doc.layout = [(block.tag, block.link_density) for block in found.blocks]
        return doc
    doc.paragraphs, doc.kind = page_lines(doc.raw), "text"  # trafilatura found no article: read the page's text
    if not any(is_prose(line) for line in doc.paragraphs):
        raise InputError("no article text found in this HTML")
    return doc
