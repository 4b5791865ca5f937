"""The library's two calls: :func:`clean` for one article, :func:`clean_many` for a stream.

Both are thin: they turn what they are given into :class:`Document` records and hand
them to the default pipeline and the local executor.

>>> doc = clean("Connect with us\\nThe ministry said on Wednesday that it had found the intruders last year.")
>>> doc.text
'The ministry said on Wednesday that it had found the intruders last year.'
>>> [(r.stage, r.reason) for r in doc.removed]
[('boilerplate', 'navigation')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .document import Document
from .errors import InputError
from .inputs.decode import decode_bytes, sniff_kind
from .local import LocalExecutor
from .options import Options
from .pipeline import default_pipeline


def as_document(item: Any, index: int) -> Document:
    """A :class:`Document` for *item*: a str (text or HTML, sniffed), bytes (decoded), a dict
    with ``text`` or ``html`` (and optional ``id`` and ``url``), or a Document as it is."""
    if isinstance(item, Document):
        return item
    if isinstance(item, bytes):
        try:
            item = decode_bytes(item)
        except InputError as exc:
            return Document(id=str(index), error=str(exc), error_kind=exc.kind)
    if isinstance(item, str):
        return Document(id=str(index), raw=item, kind="html" if sniff_kind(item) == "html" else "text")
    if isinstance(item, dict):
        raw = item.get("html") or item.get("text") or ""
        return Document(id=str(item.get("id", index)), raw=raw, kind="html" if item.get("html") else "text",
                        url=str(item.get("url") or ""))
    raise TypeError(f"cannot clean a {type(item).__name__}: give str, bytes, dict or Document")


def clean_many(items: Iterable[Any], **options: Any) -> Iterator[Document]:
    """Clean a stream of articles with cross-article dedup, in input order.

    Items are what :func:`as_document` takes. Every input yields one :class:`Document`, in input order:
    check ``doc.ok``; ``doc.error`` says why an input could not be cleaned, ``doc.dropped`` why it was
    filtered; ``doc.title``, ``doc.text``, ``doc.lang``, ``doc.author`` and ``doc.date`` are the article,
    ``doc.removed``, ``doc.repairs`` and ``doc.duplicates`` what was taken out and why (``help(Document)``).

    *options* are the fields of :class:`Options` (``help(Options)`` describes each: ``dedup``, ``lang``,
    ``state``, ``jobs``, ``max_bytes``, ``timeout``, ``detector``, ``debug``, ``trace``, ``rules``,
    ``favor``, ``markdown``, ``links``); they are checked before any item is read, and a wrong one raises a ``ValueError`` naming it.

    >>> [(doc.id, doc.ok) for doc in clean_many(["The minister spoke on Monday about the attack on the grid.", b"\\xff\\xfe"])]
    [('0', True), ('1', False)]
    """
    opts = Options(**options).check()
    executor = LocalExecutor(default_pipeline(opts), dedup=opts.dedup, state=opts.state, jobs=opts.jobs)
    return executor.run(as_document(item, i) for i, item in enumerate(items))


def clean(text_or_html: str | bytes, **options: Any) -> Document:
    """Clean one article (no cross-article dedup); errors raise :class:`InputError`."""
    options.setdefault("dedup", "off")
    doc = next(clean_many([text_or_html], **options))
    if doc.error:
        raise InputError(doc.error)
    return doc
