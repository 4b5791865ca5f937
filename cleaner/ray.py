"""The Ray Data executor: the same pipeline and the same dedup rules as :mod:`cleaner.local`, on a cluster.

``pip install 'cleaner[ray]'``. :func:`clean_dataset` takes a ``ray.data.Dataset`` with columns
``order`` (int64, unique: "earlier" means a smaller order), ``id``, ``text`` or ``html`` (and
optionally ``url``) and returns one row per document with the fields of
:meth:`cleaner.Document.to_record`, plus ``order``, ``error``, ``error_kind`` and ``source``.

Per-document work (:func:`cleaner.default_pipeline`, then :func:`cleaner.dedup.deduper.signatures`)
runs in ``map_batches`` with a plain function, so each task runs on its worker's main thread
and the per-document time limit (``SIGALRM``) fires as it does locally. Cross-article dedup
runs as the group-by phases of :mod:`cleaner.dedup.ray_phases`; nothing is collected on the driver.

>>> RECORD.names[:4]
['order', 'id', 'url', 'title']
>>> document_from_row(record_row(Document(id="a", paragraphs=["One.", "Two."]), 7)).text
'One.\\nTwo.'
"""

from __future__ import annotations

import pickle
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from .boilerplate import compiled
from .dedup import ray_phases as rd
from .dedup.deduper import signatures
from .document import Document
from .options import Options
from .output_parquet import ERRORS, FIELDS, MARKDOWN
from .pipeline import Pipeline, default_pipeline

if TYPE_CHECKING:
    import ray.data

__all__ = ["RECORD", "clean_dataset", "document_from_row", "documents_from_rows", "record_row", "session"]

_TEXT = pa.string()
RECORD = pa.schema([("order", pa.int64()), *FIELDS, *ERRORS, ("source", _TEXT)])
RECORD_MARKDOWN = pa.schema([("order", pa.int64()), *FIELDS, *MARKDOWN, *ERRORS, ("source", _TEXT)])  # with markdown=True
SIGNED = pa.schema([("o", pa.int64()), ("id", _TEXT), ("signed", pa.bool_()), ("n_units", pa.int64()), ("payload", pa.large_binary()),
                    ("norms", pa.list_(_TEXT)), ("exact", pa.list_(pa.uint64())), ("bands", pa.list_(pa.uint32()))])
UNITS_PER_PART = 250_000  # shuffle buckets grow with the corpus: about this many units each
Loader = Callable[[dict[str, Any]], Iterator[tuple[int, Document]]]


def record_row(doc: Document, order: int) -> dict[str, Any]:
    """*doc*'s JSON Lines record, with its order, error and source: one row of :data:`RECORD`."""
    return {"order": order, **doc.to_record(), "error": doc.error, "error_kind": doc.error_kind, "source": doc.source}


def document_from_row(row: dict[str, Any]) -> Document:
    """A :class:`Document` back from a row of :data:`RECORD` (its ``to_record()`` is the row's record)."""
    return Document.from_record(row)


def documents_from_rows(row: dict[str, Any]) -> Iterator[tuple[int, Document]]:
    """One input row (``order``, ``id``, ``text`` or ``html``, ``url``) as its document, as ``cleaner.api.as_document`` reads a dict."""
    if "order" not in row:
        raise ValueError("clean_dataset needs an int64 'order' column (input order: cleaner.ray_io's readers add it)")
    html = row.get("html")
    raw = html or row.get("text") or ""
    doc = Document(id=str(row["id"]), raw=raw, kind="html" if html else "text", url=str(row.get("url") or ""))
    if row.get("error"):
        doc.fail(row.get("error_kind") or "input", row["error"])
    yield int(row["order"]), doc


_pipelines: dict[str, Pipeline] = {}  # in a worker: the pipeline of the run that last used it


def _pipeline(key: str, options: Options) -> Pipeline:
    if key not in _pipelines:
        _pipelines.clear()
        _pipelines[key] = default_pipeline(options)
    return _pipelines[key]


def clean_batch(batch: pa.Table, *, key: str, options: Options, loader: Loader,
                model: compiled.Settings | None = None) -> pa.Table:
    """Phase 1 for a batch of input rows: each document through the pipeline, then its dedup signatures.

    *model*: the driver's compiled-model settings, used by this worker too.
    """
    if model is not None and model != compiled.settings():
        compiled.configure(model)
    pipeline, sign = _pipeline(key, options), options.dedup != "off"
    rows: dict[str, list] = {name: [] for name in SIGNED.names}
    for row in batch.to_pylist():
        for order, doc in loader(row):
            doc = pipeline.run(doc)
            sigs = signatures(doc) if sign and doc.ok else None
            decide_with = (sigs.sentences, sigs.unit_sentence.tolist(), [tuple(s) for s in sigs.spans.tolist()]) if sigs else (None,) * 3
            for name, value in (("o", order), ("id", doc.id), ("signed", sigs is not None), ("n_units", len(sigs.norms) if sigs else 0),
                                ("payload", pickle.dumps((doc, *decide_with), protocol=5)), ("norms", sigs.norms if sigs else []),
                                ("exact", sigs.exact if sigs else []), ("bands", sigs.bands.ravel() if sigs else [])):
                rows[name].append(value)
    return pa.table({name: pa.array(rows[name], SIGNED.field(name).type) for name in SIGNED.names}, schema=SIGNED)


def finish_batch(batch: pa.Table, markdown: bool = False) -> pa.Table:
    """Phase 1's documents as records, unchanged (dedup off)."""
    orders, payloads = batch.column("o").to_pylist(), batch.column("payload").to_pylist()
    rows = [record_row(pickle.loads(p)[0], o) for o, p in zip(orders, payloads, strict=True)]
    return pa.Table.from_pylist(rows, schema=RECORD_MARKDOWN if markdown else RECORD)


def finish_group(group: pa.Table, mode: str, markdown: bool = False) -> pa.Table:
    """One document's group (its payload and answers) as its record, ``decide`` applied."""
    order = int(group.column("o")[0].as_py())
    return pa.Table.from_pylist([record_row(rd.finish_document(group, mode), order)], schema=RECORD_MARKDOWN if markdown else RECORD)


_anchor_cache: dict[str, pa.Table] = {}


def exact_group(group: pa.Table, anchors: list) -> pa.Table:
    """:func:`cleaner.dedup.ray_phases.exact_stage`, with the repeated ids' anchors fetched once per worker from the object store."""
    import ray

    refs = anchors[0]
    key = ",".join(ref.hex() for ref in refs)
    if key not in _anchor_cache:
        _anchor_cache.clear()
        tables = ray.get(refs)
        none = pa.table({"o": pa.array([], pa.int64()), "anchor": pa.array([], pa.int64())})
        _anchor_cache[key] = pa.concat_tables(tables) if tables else none
    return rd.exact_stage(group, _anchor_cache[key])


def signed_ids(batch: pa.Table, parts: int) -> pa.Table:
    """``(bucket, id, o)`` of the signed documents, bucketed by id (for the repeated-id anchors)."""
    batch = batch.filter(batch.column("signed"))
    ids = batch.column("id").to_pylist()
    hashes = np.array([int.from_bytes(_digest(i), "little") for i in ids], np.uint64)
    return pa.table({"bucket": pa.array(rd.bucket_of(parts, hashes) if ids else [], pa.int64()), "id": batch.column("id"),
                     "o": batch.column("o")})


def _digest(text: str) -> bytes:
    import hashlib

    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest()


def configure(ds: ray.data.Dataset | None = None) -> None:
    """Ray Data settings this executor relies on, here and in *ds* (which keeps the settings it was made with):
    sort-based shuffles (no actors started per group-by, output sorted by key), ordered output, no progress bars."""
    import logging

    from ray.data.context import DataContext, ShuffleStrategy

    logging.getLogger("ray.data").setLevel(logging.ERROR)  # "no available CPUs ... will hang" while tasks queue, and the like
    for ctx in (DataContext.get_current(), *([ds.context] if ds is not None else [])):
        ctx.shuffle_strategy = ShuffleStrategy.SORT_SHUFFLE_PULL_BASED
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False


def clean_dataset(ds: ray.data.Dataset, *, loader: Loader = documents_from_rows, **options: Any) -> ray.data.Dataset:
    """Every row of *ds* cleaned, with cross-article dedup in ``order``: rows of :data:`RECORD` (with ``markdown=True``,
    :data:`RECORD_MARKDOWN`).

    Options are those of :class:`cleaner.Options` (``state`` and ``jobs`` aside: the cluster's CPUs do the work).
    With dedup on, the result is sorted by ``order``; with dedup off it keeps the input's order.
    """
    if options.get("state"):
        raise ValueError("a dedup state file (state=) is not supported on Ray yet")
    opts = Options(**options).check()
    configure(ds)
    signed = ds.map_batches(clean_batch, batch_format="pyarrow", batch_size=None,
                            fn_kwargs={"key": uuid.uuid4().hex, "options": opts, "loader": loader,
                                       "model": compiled.settings()}).materialize()
    if opts.dedup == "off":
        return signed.map_batches(finish_batch, batch_format="pyarrow", fn_kwargs={"markdown": opts.markdown})
    return dedup_signed(signed, opts.dedup, _parts(signed), markdown=opts.markdown)


def _parts(signed: ray.data.Dataset) -> int:
    import ray

    cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
    units = signed.sum("n_units") or 0
    return max(cpus, -(-int(units) // UNITS_PER_PART))


def _grouped(ds: ray.data.Dataset, fn: Callable, n: int, key: str = "bucket", **kwargs: Any) -> ray.data.Dataset:
    return ds.groupby(key, num_partitions=n).map_groups(fn, batch_format="pyarrow", fn_kwargs=kwargs)


def _mapped(ds: ray.data.Dataset, fn: Callable, **kwargs: Any) -> ray.data.Dataset:
    return ds.map_batches(fn, batch_format="pyarrow", batch_size=None, fn_kwargs=kwargs)


def dedup_signed(signed: ray.data.Dataset, mode: str, parts: int, markdown: bool = False) -> ray.data.Dataset:
    """The dedup phases of :mod:`cleaner.dedup.ray_phases` over phase 1's output, then ``decide`` per document."""
    anchors = _grouped(_mapped(signed.select_columns(["o", "id", "signed"]), signed_ids, parts=parts), rd.anchors_of, parts)
    anchor_refs = anchors.to_arrow_refs()  # the driver holds references only
    units = _mapped(signed, rd.units_from_docs, parts=parts)
    exact = _grouped(units, exact_group, parts, anchors=[anchor_refs]).materialize()
    pairs = _grouped(_mapped(exact, rd.band_rows, parts=parts), rd.band_stage, parts)
    prep = _mapped(pairs, rd.verify_prep_rows, parts=parts, kind=rd.PAIR).union(
        _mapped(exact, rd.verify_prep_rows, parts=parts, kind=rd.QNORM))
    verify = _grouped(prep, rd.verify_prep_stage, parts, parts=parts).union(
        _mapped(exact, rd.verify_rows, parts=parts, kind=rd.QNORM), _mapped(exact, rd.verify_rows, parts=parts, kind=rd.ASK))
    answers = _grouped(verify, rd.verify_stage, parts)
    finish = _mapped(answers, rd.finish_rows, kind=rd.ANSWER).union(
        _mapped(_mapped(exact, rd.exact_answers), rd.finish_rows, kind=rd.ANSWER), _mapped(signed, rd.finish_rows, kind=0))
    return _grouped(finish, finish_group, parts, key="o", mode=mode, markdown=markdown)


@contextmanager
def session(address: str | None = None, num_cpus: int | None = None, temp_dir: str | None = None,
            object_store_memory: int | None = None, debug: bool = False) -> Iterator[None]:
    """A Ray to run on: the one already initialised here, a cluster at *address*, or a local one with *num_cpus*;
    one started here is shut down on exit. (The CLI passes ``RAY_ADDRESS`` as *address* when it is set.)

    The driver's Ray logger tells errors only, unless *debug*: its warnings (such as "Token authentication
    is enabled for this Ray cluster", logged on every start of a local cluster, where token
    authentication is Ray's default and stays on) are about Ray's setup, not about the documents.
    """
    import logging

    import ray

    if ray.is_initialized():
        yield
        return
    kwargs: dict[str, Any] = {"include_dashboard": False, "logging_level": logging.WARNING if debug else logging.ERROR,
                              "log_to_driver": False}
    if address:
        ray.init(address=address, **kwargs)
    else:
        ray.init(num_cpus=num_cpus, object_store_memory=object_store_memory, _temp_dir=temp_dir, **kwargs)
    try:
        yield
    finally:
        ray.shutdown()
