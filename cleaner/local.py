"""The local executor: a pipeline over a stream of documents, in this process or a pool, with ordered dedup.

Per-document work (the pipeline's stages, then dedup's phase 1, :func:`cleaner.dedup.deduper.signatures`)
runs in this process or in ``jobs`` forked worker processes, with a bounded window of
documents in flight so that memory stays flat however many stream through. Dedup's phase 2
(:meth:`cleaner.dedup.deduper.Deduper.apply`) runs here, in input order, so "earlier" means the
same whatever the number of workers: ``jobs=2`` gives the same bytes as ``jobs=1``.

>>> from .pipeline import default_pipeline
>>> run = LocalExecutor(default_pipeline(), dedup="remove")
>>> quote = "“We strongly condemn this malicious cyber campaign against our critical infrastructure networks.”"
>>> docs = run.run([Document(id="a", raw=f"The ministry said: {quote}"),
...                 Document(id="b", raw=f"Officials repeated it on Thursday. {quote}")])
>>> [(d.id, d.text, [x.first_seen for x in d.duplicates]) for d in docs][1]
('b', 'Officials repeated it on Thursday.', ['a'])
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from .dedup.deduper import Deduper, DocSignatures, signatures
from .document import Document
from .options import DEDUP_MODES
from .pipeline import Pipeline

WINDOW_PER_JOB = 16  # documents in flight per worker process

_worker: tuple[Pipeline, bool] | None = None  # in a worker process: its pipeline, and whether to sign


def _init_worker(pipeline: Pipeline, sign: bool) -> None:
    global _worker
    _worker = (pipeline, sign)


def clean_and_sign(doc: Document, pipeline: Pipeline, sign: bool) -> tuple[Document, DocSignatures | None]:
    """Everything one document needs before the ordered dedup: its stages, then its dedup signatures."""
    doc = pipeline.run(doc)
    return doc, (signatures(doc) if sign and doc.ok else None)


def _in_worker(doc: Document) -> tuple[Document, DocSignatures | None]:
    assert _worker is not None, "worker not initialised"
    return clean_and_sign(doc, *_worker)


def _windowed(pool: Any, docs: Iterable[Document], window: int) -> Iterator[tuple[Document, DocSignatures | None]]:
    """``pool.imap`` with at most *window* documents in flight (``Pool.imap`` reads its whole input at once)."""
    pending: deque = deque()
    for doc in docs:
        pending.append(pool.apply_async(_in_worker, (doc,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


class LocalExecutor:
    """Runs *pipeline* over documents, then cross-article dedup (``"remove"``, ``"mark"`` or ``"off"``) in input order."""

    def __init__(self, pipeline: Pipeline, *, dedup: str = "remove", state: str | None = None, jobs: int = 1) -> None:
        if dedup not in DEDUP_MODES:
            raise ValueError(f"dedup must be one of {', '.join(DEDUP_MODES)}, not {dedup!r}")
        if jobs < 1:
            raise ValueError(f"jobs must be 1 or more, not {jobs}")
        self.pipeline, self.dedup, self.state, self.jobs = pipeline, dedup, state, jobs

    def run(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Each document, cleaned, in input order (a generator: close it to stop the workers early)."""
        sign = self.dedup != "off"
        pool = None
        if self.jobs > 1:
            import multiprocessing

            pool = multiprocessing.get_context("fork").Pool(self.jobs, _init_worker, (self.pipeline, sign))
            signed: Iterable[tuple[Document, DocSignatures | None]] = _windowed(pool, docs, WINDOW_PER_JOB * self.jobs)
        else:
            signed = (clean_and_sign(doc, self.pipeline, sign) for doc in docs)
        deduper = Deduper(state_path=self.state, mode=self.dedup) if sign else None
        try:
            for doc, sigs in signed:
                if deduper is not None and sigs is not None:
                    doc = deduper.apply(doc, sigs)
                yield doc
            if pool is not None:  # all work done: let the workers finish (terminating idle workers can hang)
                pool.close()
                pool.join()
                pool = None
        finally:
            if pool is not None:  # stopped early (an error, or the consumer closed us): stop the workers now
                pool.terminate()
            if deduper is not None:
                deduper.close()
