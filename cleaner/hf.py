"""cleaner in a Hugging Face ``datasets`` pipeline: per-document stages in ``Dataset.map``, then one ordered dedup pass.

``pip install 'cleaner[datasets]'``. Two calls, because the two kinds of work parallelise differently:

1. ``ds.map(clean_batch, batched=True, num_proc=N, fn_kwargs={...})`` runs extract, repair,
   boilerplate, date and language on each row (columns ``text`` or ``html``, optional ``id`` and
   ``url``; without ``id``, pass ``with_indices=True`` and the row's index is its id, as
   :func:`cleaner.clean_many` numbers its items). ``map`` runs batches independently and, with
   ``num_proc``, in parallel, so no cross-article dedup happens here. Each output row is the JSON
   Lines record (:data:`cleaner.output_parquet.FIELDS`) plus ``error`` and ``error_kind``, and
   nothing else: the input's other columns are not kept (join on ``id``).
2. :func:`dedup_dataset` is cross-article dedup: one ``map`` in one process, in row order, through
   :class:`cleaner.dedup.deduper.Deduper`, so "earlier" means a smaller row index, as in ``clean_many``.

>>> from datasets import Dataset
>>> quote = "“We strongly condemn this malicious cyber campaign against our critical infrastructure networks.”"
>>> ds = Dataset.from_list([{"id": "a", "text": f"The ministry said: {quote}"},
...                         {"id": "b", "text": f"Officials repeated it on Thursday. {quote}"}])
>>> cleaned = dedup_dataset(ds.map(clean_batch, batched=True))
>>> cleaned["text"][1], [d["first_seen"] for d in cleaned["duplicates"][1]]
('Officials repeated it on Thursday.', ['a'])
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from .api import as_document
from .dedup.deduper import Deduper
from .document import Document
from .options import Options
from .output_parquet import ERRORS, FIELDS, MARKDOWN
from .pipeline import Pipeline, default_pipeline

if TYPE_CHECKING:
    import datasets

__all__ = ["RECORD", "OrderedDedup", "clean_batch", "dedup_dataset", "record_row"]

RECORD = pa.schema([*FIELDS, *ERRORS])  # one output row: the JSON Lines record's fields, then why it failed (or "")
RECORD_MARKDOWN = pa.schema([*FIELDS, *MARKDOWN, *ERRORS])  # ... with markdown=True
_NOT_PER_DOCUMENT = ("dedup", "state", "jobs")  # dedup is dedup_dataset's; map's num_proc does the jobs


def record_row(doc: Document) -> dict[str, Any]:
    """*doc*'s JSON Lines record with its ``error`` and ``error_kind``: one row of :data:`RECORD`."""
    return {**doc.to_record(), "error": doc.error, "error_kind": doc.error_kind}


def _table(docs: list[Document], markdown: bool = False) -> pa.Table:
    return pa.Table.from_pylist([record_row(doc) for doc in docs], schema=RECORD_MARKDOWN if markdown else RECORD)


@lru_cache(maxsize=4)
def _pipeline(options: Options) -> Pipeline:
    return default_pipeline(options)


def clean_batch(batch: dict[str, list], indices: list[int] | None = None, **options: Any) -> pa.Table:
    """A batch of rows cleaned by the per-document stages, for ``ds.map(clean_batch, batched=True)``.

    *options* are :class:`cleaner.Options` fields (pass them as ``fn_kwargs``) except ``dedup``,
    ``state`` and ``jobs``: dedup is :func:`dedup_dataset`'s ordered pass, and ``num_proc`` is map's.
    Returns a table of :data:`RECORD` (:data:`RECORD_MARKDOWN` with ``markdown=True``), one row per input row, in order.
    """
    if wrong := [name for name in _NOT_PER_DOCUMENT if name in options]:
        raise ValueError(f"clean_batch runs the per-document stages only: {', '.join(wrong)} belong to dedup_dataset "
                         "(one ordered pass after map) or to map's num_proc")
    if isinstance(indices, int) or not all(isinstance(column, list) for column in batch.values()):
        raise ValueError("clean_batch cleans batches of rows: call ds.map(clean_batch, batched=True), not batched=False")
    if "id" not in batch and indices is None:
        raise ValueError("rows need an 'id' column, or map(..., with_indices=True) to use each row's index")
    opts = Options(dedup="off", **options).check()
    try:
        pipeline = _pipeline(opts)
    except TypeError:  # an unhashable detector: built for this batch
        pipeline = default_pipeline(opts)
    names = [name for name in ("id", "text", "html", "url") if name in batch]
    docs = []
    for i in range(len(next(iter(batch.values()), []))):
        row = {name: batch[name][i] for name in names if batch[name][i] is not None}
        docs.append(pipeline.run(as_document(row, indices[i] if indices is not None else i)))
    return _table(docs, opts.markdown)


class OrderedDedup:
    """Cross-article dedup over :func:`clean_batch`'s rows, for ``map(batched=True)`` in one process, in row order.

    The :class:`cleaner.dedup.deduper.Deduper` is made on the first batch (so ``datasets`` can hash this object
    for its cache) and kept for the whole pass; :meth:`close` closes its SQLite *state*, if any.
    """

    def __init__(self, dedup: str = "remove", state: str | None = None) -> None:
        if dedup not in ("remove", "mark"):
            raise ValueError(f"dedup must be remove or mark, not {dedup!r}")
        self.dedup, self.state = dedup, state
        self._deduper: Deduper | None = None

    def __call__(self, batch: dict[str, list]) -> pa.Table:
        if self._deduper is None:
            self._deduper = Deduper(state_path=self.state, mode=self.dedup)
        rows = [dict(zip(batch, values, strict=True)) for values in zip(*batch.values(), strict=True)]
        docs = [Document.from_record(row) for row in rows]
        return _table([self._deduper.apply(doc) if doc.ok else doc for doc in docs], "markdown" in batch)

    def close(self) -> None:
        if self._deduper is not None:
            self._deduper.close()
            self._deduper = None


def dedup_dataset(ds: datasets.Dataset, dedup: str = "remove", state: str | None = None,
                  batch_size: int = 1000) -> datasets.Dataset:
    """:func:`clean_batch`'s output with cross-article dedup: one ordered pass (``num_proc=1``), never from the cache.

    Every row stays, as with :func:`cleaner.clean_many`: a whole-article duplicate has empty ``text`` and
    ``dropped == "duplicate"``; ``ds.filter(lambda r: not r["dropped"] and not r["error"])`` keeps the articles.
    *state*: cleaner's SQLite dedup state, to remove what earlier runs saw.
    """
    run = OrderedDedup(dedup, state)
    try:
        return ds.map(run, batched=True, batch_size=batch_size, load_from_cache_file=False, desc="cleaner dedup")
    finally:
        run.close()
