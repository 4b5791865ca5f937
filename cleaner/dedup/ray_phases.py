"""Cross-article dedup as distributed phases: the local rules, found by group-bys instead of an index.

:class:`cleaner.dedup.deduper.Deduper` answers, for each unit of a document, "which earlier unit does it
repeat?" from an index built in input order. Here the same answer comes from shuffles, so no
process holds the corpus or the index; what matches and which match wins are the functions of
:mod:`cleaner.dedup.rules`, as locally. Each stage below is a pure function of one group of rows
(a ``pyarrow.Table``), run by :func:`cleaner.ray.clean_dataset` in ``map_groups``:

1. ``exact_stage`` (group by exact hash): the first unit of each hash in a *registered* document
   is the only one indexed (its "rep"); a later copy takes its answer from it: the rep's exact
   hit, and the rep's near-duplicate winner (``ask`` rows). Short or generic units get their exact
   answer (or an *echo*) here and go straight to their document.
2. ``band_stage`` (group by LSH band key): pairs (query, earlier indexed unit) sharing a band, with
   partial counts of shared bands.
3. ``verify_prep_stage`` (group by the earlier unit): shared bands summed, ``worth_comparing``
   applied, the earlier unit's text and document attached.
4. ``verify_stage`` (group by the query unit): ``compare_many``, the winner per query with ``winner`` (dedup.rules),
   and every unit that asked for it answered (exact hit against the rep's winner, as ``find``'s
   loop would leave it).
5. :func:`finish_document` (group by document): ``decide``, with the hits and echoes.

"Earlier" is the order key: a unit is looked up against units of registered documents whose
order is below its document's *anchor* (its own order; for a document whose id an earlier
document already had, that earlier document's order, and it is not registered: a rerun).
Lengths are capped at 65,535 on the earlier side (:class:`cleaner.dedup.state.SeenState` keeps
them as uint16).

>>> bucket_of(4, np.array([1, 2, 3], np.int64)).tolist()
[1, 2, 1]
"""

from __future__ import annotations

import pickle
from typing import Any

import numpy as np
import pyarrow as pa

from ..document import Document
from .deduper import BANDS
from .rules import MIN_CHARS, Hit, compare_many, decide, eligible, winner, worth_comparing

MAX_LENGTH = 65535  # the earlier unit's length as SeenState keeps it (uint16)
BAND, NORM, ASK, ANSWER = 0, 1, 2, 3  # kinds of the exact stage's rows

_U64 = pa.uint64()
EXACT_OUT = pa.schema([("kind", pa.int8()), ("o", pa.int64()), ("u", pa.int32()), ("q_o", pa.int64()), ("q_u", pa.int32()),
                       ("anchor", pa.int64()), ("length", pa.int32()), ("index", pa.bool_()),
                       ("bands", pa.list_(pa.uint32(), BANDS)), ("norm", pa.string()), ("doc_id", pa.string()),
                       ("exact_o", pa.int64()), ("exact_id", pa.string()), ("echo", pa.bool_())])
BAND_ROWS = pa.schema([("bucket", pa.int64()), ("j", pa.int8()), ("key", pa.uint32()), ("o", pa.int64()), ("u", pa.int32()),
                       ("anchor", pa.int64()), ("index", pa.bool_()), ("length", pa.int32())])
PAIRS = pa.schema([("q_o", pa.int64()), ("q_u", pa.int32()), ("r_o", pa.int64()), ("r_u", pa.int32()), ("count", pa.int32()),
                   ("q_len", pa.int32()), ("r_len", pa.int32())])
VERIFY_PREP = pa.schema([("bucket", pa.int64()), ("kind", pa.int8()), *PAIRS, ("norm", pa.string()), ("doc_id", pa.string())])
VERIFY = pa.schema([("bucket", pa.int64()), ("kind", pa.int8()), ("q_o", pa.int64()), ("q_u", pa.int32()), ("a_o", pa.int64()),
                    ("a_u", pa.int32()), ("norm", pa.string()), ("doc_id", pa.string()), ("exact_o", pa.int64())])
ANSWERS = pa.schema([("o", pa.int64()), ("u", pa.int32()), ("seq", pa.int64()), ("doc_id", pa.string()), ("score", pa.float64()),
                     ("contained", pa.bool_()), ("earlier", pa.string()), ("echo", pa.bool_())])
FINISH = pa.schema([("kind", pa.int8()), *ANSWERS, ("payload", pa.large_binary())])
PAIR, QNORM = 0, 1  # kinds of the verify stages' rows (and ASK)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 of each value (uint64, wrapping): the same on every machine, unlike ``hash``."""
    x = x.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def bucket_of(parts: int, *keys: np.ndarray) -> np.ndarray:
    """The shuffle bucket (0 .. parts-1) of each row, from one or more integer key columns."""
    h = np.zeros(len(keys[0]), np.uint64)
    for key in keys:
        h = _mix(h ^ np.asarray(key).astype(np.uint64))
    return (h % np.uint64(parts)).astype(np.int64)


def table(schema: pa.Schema, n: int, **columns: Any) -> pa.Table:
    """*n* rows of *schema*; columns not given are null."""
    arrays = []
    for field in schema:
        value = columns.get(field.name)
        arrays.append(pa.nulls(n, field.type) if value is None else pa.array(value, field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _np(t: pa.Table, name: str) -> np.ndarray:
    return t.column(name).to_numpy(zero_copy_only=False)


def units_from_docs(t: pa.Table, parts: int) -> pa.Table:
    """One row per unit of each signed document (phase 1's columns ``norms``, ``exact``, ``bands``), bucketed by exact hash."""
    t = t.filter(t.column("signed"))
    counts = pa.compute.list_value_length(t.column("norms")).to_numpy(zero_copy_only=False).astype(np.int64)
    n = int(counts.sum())
    norms = pa.compute.list_flatten(t.column("norms")).to_pylist()
    exact = pa.compute.list_flatten(t.column("exact")).to_numpy(zero_copy_only=False).astype(np.uint64)
    bands = pa.compute.list_flatten(t.column("bands")).to_numpy(zero_copy_only=False).astype(np.uint32)
    starts = np.cumsum(counts) - counts
    return pa.table({
        "bucket": pa.array(bucket_of(parts, exact), pa.int64()),
        "o": pa.array(np.repeat(_np(t, "o"), counts), pa.int64()),
        "u": pa.array((np.arange(n) - np.repeat(starts, counts)).astype(np.int32)),
        "h": pa.array(exact, _U64),
        "length": pa.array(np.fromiter(map(len, norms), np.int32, n)),
        "eligible": pa.array([eligible(x) for x in norms], pa.bool_()),
        "norm": pa.array(norms, pa.string()),
        "doc_id": pa.array(np.repeat(np.array(t.column("id").to_pylist(), dtype=object), counts).tolist(), pa.string()),
        "bands": pa.FixedSizeListArray.from_arrays(pa.array(bands, pa.uint32()), BANDS),
    })


def anchors_of(t: pa.Table) -> pa.Table:
    """For one bucket of signed documents ``(id, o)``: ``(o, anchor)`` of each that repeats an earlier one's id."""
    ids, orders = t.column("id").to_pylist(), _np(t, "o").tolist()
    first: dict[str, int] = {}
    for doc_id, o in sorted(zip(ids, orders, strict=True), key=lambda pair: pair[1]):
        first.setdefault(doc_id, o)
    repeats = [(o, first[doc_id]) for doc_id, o in zip(ids, orders, strict=True) if first[doc_id] != o]
    return pa.table({"o": pa.array([o for o, _ in repeats], pa.int64()), "anchor": pa.array([a for _, a in repeats], pa.int64())})


def anchor_lookup(anchors: pa.Table, orders: np.ndarray) -> np.ndarray:
    """Each order's anchor: its own, unless *anchors* (``o -> anchor``) names an earlier document with its id."""
    keys, values = _np(anchors, "o"), _np(anchors, "anchor")
    if not len(keys):
        return orders.astype(np.int64)
    order = np.argsort(keys)
    keys, values = keys[order], values[order]
    at = np.minimum(np.searchsorted(keys, orders), len(keys) - 1)
    return np.where(keys[at] == orders, values[at], orders).astype(np.int64)


def exact_stage(t: pa.Table, anchors: pa.Table) -> pa.Table:
    """Units of one exact-hash bucket: band, norm, ask and answer rows (see the module's step 1)."""
    o, u, h = _np(t, "o"), _np(t, "u"), _np(t, "h")
    length, elig, norms, ids = _np(t, "length"), _np(t, "eligible"), t.column("norm").to_pylist(), t.column("doc_id").to_pylist()
    anchor = anchor_lookup(anchors, o)
    registered = anchor == o
    query = elig & (length >= MIN_CHARS)
    rows: dict[str, list] = {name: [] for name in ("kind", "o", "u", "q_o", "q_u", "anchor", "index", "unit", "exact")}

    def emit(kind: int, unit: int, q: int = -1, exact: int = -1, index: bool = False) -> None:
        for name, value in (("kind", kind), ("unit", unit), ("q_o", o[q] if q >= 0 else None), ("q_u", u[q] if q >= 0 else None),
                            ("anchor", anchor[unit]), ("index", index), ("exact", exact)):
            rows[name].append(value)

    order = np.lexsort((u, o, h))
    runs = np.flatnonzero(np.diff(h[order])) + 1
    for run in np.split(order, runs):
        reps = run[registered[run]]  # the group's first copy: the only one indexed (dedup.rules.first_copies)
        rep = int(reps[0]) if len(reps) else -1
        for k in run.tolist():
            exact = rep if rep >= 0 and o[rep] < anchor[k] else -1
            if k == rep or (not registered[k] and query[k]):  # a query of its own: rep, or a rerun's unit
                if query[k]:
                    emit(BAND, k, index=k == rep)
                    emit(NORM, k, index=k == rep)
                    emit(ASK, k, q=k, exact=exact)
            elif registered[k] and query[rep]:  # a later copy: the rep's winner, against its exact hit
                emit(ASK, k, q=rep, exact=exact)
            elif exact >= 0 and (elig[k] or norms[k]):  # short or generic: exact hit, or an echo
                emit(ANSWER, k, exact=exact)
    return _exact_rows(t, rows, elig, norms, ids)


def _exact_rows(t: pa.Table, rows: dict[str, list], elig: np.ndarray, norms: list[str], ids: list[str]) -> pa.Table:
    """The exact stage's rows as a table of :data:`EXACT_OUT`."""
    unit = np.array(rows["unit"], np.int64)
    kind = np.array(rows["kind"], np.int8)
    exact = np.array(rows["exact"], np.int64)
    o, u = _np(t, "o"), _np(t, "u")
    has_text = kind == NORM
    exact_o = np.where(exact >= 0, o[np.maximum(exact, 0)], -1)
    return table(EXACT_OUT, len(unit), kind=kind, o=o[unit], u=u[unit], q_o=rows["q_o"], q_u=rows["q_u"], anchor=rows["anchor"],
                 length=_np(t, "length")[unit], index=rows["index"],
                 bands=_where(kind == BAND, t.column("bands").take(pa.array(unit))),
                 norm=[norms[i] if keep else None for i, keep in zip(unit.tolist(), has_text.tolist(), strict=True)],
                 doc_id=[ids[i] if k == NORM else None for i, k in zip(unit.tolist(), kind.tolist(), strict=True)],
                 exact_o=exact_o, exact_id=[ids[e] if e >= 0 else None for e in exact.tolist()],
                 echo=(kind == ANSWER) & ~elig[unit])


def _where(mask: np.ndarray, values: pa.ChunkedArray) -> pa.Array:
    """*values* where *mask*, else null."""
    return pa.compute.if_else(pa.array(mask, pa.bool_()), values, pa.scalar(None, values.type)).combine_chunks()


def band_rows(t: pa.Table, parts: int) -> pa.Table:
    """The exact stage's band rows, one row per unit and band, bucketed by (band, key)."""
    t = t.filter(pa.compute.equal(t.column("kind"), BAND))
    n = t.num_rows
    keys = pa.compute.list_flatten(t.column("bands")).to_numpy(zero_copy_only=False).astype(np.uint32)
    j = np.tile(np.arange(BANDS, dtype=np.int8), n)
    rep = np.repeat(np.arange(n), BANDS)
    return table(BAND_ROWS, n * BANDS, bucket=bucket_of(parts, keys, j), j=j, key=keys, o=_np(t, "o")[rep], u=_np(t, "u")[rep],
                 anchor=_np(t, "anchor")[rep], index=_np(t, "index")[rep], length=_np(t, "length")[rep])


def band_stage(t: pa.Table) -> pa.Table:
    """Pairs (query, earlier indexed unit) sharing a band key in this bucket, with how many of its bands they share."""
    j, key, o, u = _np(t, "j"), _np(t, "key"), _np(t, "o"), _np(t, "u")
    anchor, index, length = _np(t, "anchor"), _np(t, "index"), _np(t, "length")
    order = np.lexsort((u, o, key, j))
    same = (np.diff(j[order]) == 0) & (np.diff(key[order]) == 0)
    starts = np.flatnonzero(np.concatenate(([True], ~same)))
    ends = np.append(starts[1:], len(order))
    qs, rs = [], []
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        if end - start < 2:
            continue
        members = order[start:end]
        earlier = members[index[members]]
        q, r = np.repeat(members, len(earlier)), np.tile(earlier, len(members))
        keep = o[r] < anchor[q]
        qs.append(q[keep])
        rs.append(r[keep])
    if not qs:
        return table(PAIRS, 0)
    q, r = np.concatenate(qs), np.concatenate(rs)
    pairs = np.stack([o[q], u[q].astype(np.int64), o[r], u[r].astype(np.int64)], axis=1)
    unique, first, count = np.unique(pairs, axis=0, return_index=True, return_counts=True)
    return table(PAIRS, len(unique), q_o=unique[:, 0], q_u=unique[:, 1], r_o=unique[:, 2], r_u=unique[:, 3], count=count,
                 q_len=length[q[first]], r_len=length[r[first]])


def verify_prep_rows(t: pa.Table, parts: int, kind: int) -> pa.Table:
    """Pairs (``kind=PAIR``) or the exact stage's indexed norm rows (``kind=QNORM``), bucketed by the earlier unit."""
    if kind == PAIR:
        return table(VERIFY_PREP, t.num_rows, bucket=bucket_of(parts, _np(t, "r_o"), _np(t, "r_u")), kind=np.zeros(t.num_rows, np.int8),
                     **{name: t.column(name) for name in PAIRS.names})
    t = t.filter(pa.compute.and_(pa.compute.equal(t.column("kind"), NORM), t.column("index")))
    return table(VERIFY_PREP, t.num_rows, bucket=bucket_of(parts, _np(t, "o"), _np(t, "u")), kind=np.full(t.num_rows, QNORM, np.int8),
                 r_o=t.column("o"), r_u=t.column("u"), norm=t.column("norm"), doc_id=t.column("doc_id"))


def verify_prep_stage(t: pa.Table, parts: int) -> pa.Table:
    """Shared bands summed per pair, ``worth_comparing`` applied, the earlier unit's text and document attached;
    rows of :data:`VERIFY`, bucketed by the query unit."""
    kind = _np(t, "kind")
    texts = {(a, b): (norm, doc) for a, b, norm, doc, k in zip(_np(t, "r_o").tolist(), _np(t, "r_u").tolist(), t.column("norm").to_pylist(),
                                                                 t.column("doc_id").to_pylist(), kind.tolist(), strict=True) if k == QNORM}
    p = t.filter(pa.compute.equal(t.column("kind"), PAIR))
    keys = np.stack([_np(p, "q_o"), _np(p, "q_u").astype(np.int64), _np(p, "r_o"), _np(p, "r_u").astype(np.int64)], axis=1)
    if not len(keys):
        return table(VERIFY, 0)
    unique, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    shared = np.bincount(inverse.ravel(), weights=_np(p, "count"), minlength=len(unique)).astype(np.int64)
    q_len, r_len = _np(p, "q_len")[first], np.minimum(_np(p, "r_len")[first], MAX_LENGTH)
    keep = [worth_comparing(int(s), int(a), int(b)) for s, a, b in zip(shared, q_len, r_len, strict=True)]
    unique = unique[np.array(keep, bool)]
    found = [texts[(a, b)] for a, b in zip(unique[:, 2].tolist(), unique[:, 3].tolist(), strict=True)]
    return table(VERIFY, len(unique), bucket=bucket_of(parts, unique[:, 0], unique[:, 1]), kind=np.zeros(len(unique), np.int8),
                 q_o=unique[:, 0], q_u=unique[:, 1], a_o=unique[:, 2], a_u=unique[:, 3], norm=[n for n, _ in found],
                 doc_id=[d for _, d in found])


def verify_rows(t: pa.Table, parts: int, kind: int) -> pa.Table:
    """The exact stage's norm rows (``QNORM``: every query's own text) or ask rows (``ASK``) as :data:`VERIFY` rows."""
    t = t.filter(pa.compute.equal(t.column("kind"), NORM if kind == QNORM else ASK))
    if kind == QNORM:
        return table(VERIFY, t.num_rows, bucket=bucket_of(parts, _np(t, "o"), _np(t, "u")), kind=np.full(t.num_rows, QNORM, np.int8),
                     q_o=t.column("o"), q_u=t.column("u"), norm=t.column("norm"))
    return table(VERIFY, t.num_rows, bucket=bucket_of(parts, _np(t, "q_o"), _np(t, "q_u")), kind=np.full(t.num_rows, ASK, np.int8),
                 q_o=t.column("q_o"), q_u=t.column("q_u"), a_o=t.column("o"), a_u=t.column("u"), doc_id=t.column("exact_id"),
                 exact_o=t.column("exact_o"))


def verify_stage(t: pa.Table) -> pa.Table:
    """Candidates compared, the winner of each query unit, and an answer for each unit that asked (rows of :data:`ANSWERS`)."""
    kind, q_o, q_u, a_o, a_u = _np(t, "kind"), _np(t, "q_o"), _np(t, "q_u"), _np(t, "a_o"), _np(t, "a_u")
    norms, docs, exact_o = t.column("norm").to_pylist(), t.column("doc_id").to_pylist(), _np(t, "exact_o")
    own = {(a, b): norms[i] for i, (a, b) in enumerate(zip(q_o.tolist(), q_u.tolist(), strict=True)) if kind[i] == QNORM}
    pairs = np.flatnonzero(kind == PAIR)
    pairs = pairs[np.lexsort((a_u[pairs], a_o[pairs], q_u[pairs], q_o[pairs]))]  # find's order: by query, then earlier uid
    later = [own[(int(q_o[i]), int(q_u[i]))] for i in pairs.tolist()]
    best: dict[tuple[int, int], Hit] = {}
    for i, match in zip(pairs.tolist(), compare_many(later, [norms[i] for i in pairs.tolist()]), strict=True):
        if match is not None and eligible(norms[i]):
            hit = Hit(0, int(a_o[i]), docs[i], match.score, match.contained, norms[i] if match.contained else "")
            q = (int(q_o[i]), int(q_u[i]))
            best[q] = winner(best.get(q), hit)
    out: list[tuple[int, int, Hit]] = []
    for i in np.flatnonzero(kind == ASK).tolist():
        exact = Hit(0, int(exact_o[i]), docs[i], 1.0) if exact_o[i] >= 0 else None
        answer = winner(exact, best.get((int(q_o[i]), int(q_u[i]))))  # found as find finds it: the exact hit first
        if answer is not None:
            out.append((int(a_o[i]), int(a_u[i]), answer))
    return _answers(out)


def _answers(out: list[tuple[int, int, Hit]], echo: list[bool] | None = None) -> pa.Table:
    return table(ANSWERS, len(out), o=[o for o, _, _ in out], u=[u for _, u, _ in out], seq=[h.seq for _, _, h in out],
                 doc_id=[h.doc_id for _, _, h in out], score=[h.score for _, _, h in out], contained=[h.contained for _, _, h in out],
                 earlier=[h.earlier for _, _, h in out], echo=echo or [False] * len(out))


def exact_answers(t: pa.Table) -> pa.Table:
    """The exact stage's answer rows (short or generic units: their exact hit, or an echo) as :data:`ANSWERS`."""
    t = t.filter(pa.compute.equal(t.column("kind"), ANSWER))
    return table(ANSWERS, t.num_rows, o=t.column("o"), u=t.column("u"), seq=t.column("exact_o"), doc_id=t.column("exact_id"),
                 score=np.ones(t.num_rows), contained=np.zeros(t.num_rows, bool), earlier=[""] * t.num_rows, echo=t.column("echo"))


def finish_rows(t: pa.Table, kind: int) -> pa.Table:
    """Answers (``ANSWER``) or phase 1's documents (any other kind: ``o``, ``payload``) as :data:`FINISH` rows."""
    if kind == ANSWER:
        return table(FINISH, t.num_rows, kind=np.ones(t.num_rows, np.int8), **{name: t.column(name) for name in ANSWERS.names})
    return table(FINISH, t.num_rows, kind=np.zeros(t.num_rows, np.int8), o=t.column("o"), payload=t.column("payload"))


def finish_document(t: pa.Table, mode: str) -> Document:
    """One document's group: its payload, and its answers applied with ``decide`` (as ``Deduper.apply`` does)."""
    kind = _np(t, "kind")
    payload = t.column("payload")[int(np.flatnonzero(kind == 0)[0])].as_py()
    doc, sentences, owners, spans = pickle.loads(payload)
    if sentences is None:  # not signed (failed, dropped, or dedup off): as phase 1 left it
        return doc
    rows = t.filter(pa.compute.equal(t.column("kind"), 1)).sort_by("u").to_pylist()
    hits = [Hit(r["u"], r["seq"], r["doc_id"], r["score"], r["contained"], r["earlier"]) for r in rows if not r["echo"]]
    echoes = [Hit(r["u"], r["seq"], r["doc_id"], r["score"]) for r in rows if r["echo"]]
    return decide(doc, sentences, owners, spans, hits, mode=mode, echoes=echoes)
