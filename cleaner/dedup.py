"""Cross-article near-duplicate sentence and quote removal.

Units are sentences and the quoted spans of 8 or more words inside them,
normalised (NFKC, casefold, quote/apostrophe styles, punctuation, whitespace).
A unit is a duplicate when a unit of an *earlier* document has the same
normalised hash, or is an LSH candidate (MinHash over character 5-grams, 16
bands of 4 rows) whose exact 5-gram Jaccard is at least ``threshold`` and
whose numbers are the same.  Units under 25 normalised characters only match
exactly.  A duplicate unit takes its whole sentence with it; ``first_seen`` is
the earliest matching document.

Two phases, so the work can be spread over processes:

1. :func:`unit_signatures` is pure and its result pickles (run it in workers);
2. :meth:`Deduper.apply` looks a document up and registers it, in input order.

>>> paras = ["“Such behaviour undermines the credibility of the government,” the statement read. It was Monday."]
>>> with Deduper() as d:
...     _ = d.apply("a", paras, unit_signatures(paras))
...     later = ["Officials spoke. “Such behavior undermines the credibility of the government,” the ministry said."]
...     kept, dups = d.apply("b", later, unit_signatures(later))
>>> kept
['Officials spoke.']
>>> dups[0].first_seen, dups[0].similarity
('a', 0.8448)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

import numpy as np

from cleaner.dedup_state import SeenState
from cleaner.document import Duplicate
from cleaner.minhash import band_hashes, jaccard, minhash_signatures, normalise, numbers_of, shingles
from cleaner.sentences import quoted_spans, split_sentences

__all__ = ["Deduper", "DocSignatures", "unit_signatures", "BANDS", "ROWS", "MIN_CHARS", "QUOTE_WORDS"]

BANDS = 16
ROWS = 4
MIN_CHARS = 25  # shorter normalised units only match exactly
QUOTE_WORDS = 8  # quoted spans this long (in words) are units of their own
DEFAULT_THRESHOLD = 0.6


@dataclass(frozen=True)
class DocSignatures:
    """What :func:`unit_signatures` computes for one document (picklable).

    ``sentences[p]`` are the sentences of paragraph ``p``; unit ``u`` belongs to
    the flat sentence number ``unit_sentence[u]`` and has normalised text
    ``norms[u]``, exact hash ``exact[u]`` and LSH band hashes ``bands[u]``.
    """

    sentences: list[list[str]]
    norms: list[str]
    unit_sentence: np.ndarray  # int32 (n,)
    exact: np.ndarray  # uint64 (n,)
    bands: np.ndarray  # uint32 (n, BANDS)
    n_bands: int = BANDS
    rows: int = ROWS


def _exact_hash(norm: str) -> int:
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "little")


def _is_long_quote(norm: str) -> bool:
    words = norm.count(" ") + 1
    return words >= QUOTE_WORDS or (" " not in norm and len(norm) >= 2 * QUOTE_WORDS)


def unit_signatures(paragraphs: list[str], bands: int = BANDS, rows: int = ROWS) -> DocSignatures:
    """Split ``paragraphs`` into units and compute their hashes (pure; safe in worker processes).

    >>> s = unit_signatures(["“One two three four five six seven eight,” he said. Next."])
    >>> s.norms, s.unit_sentence.tolist(), s.bands.shape
    (['one two three four five six seven eight he said', 'one two three four five six seven eight', 'next'], [0, 0, 1], (3, 16))
    """
    sentences = [split_sentences(p) for p in paragraphs]
    norms: list[str] = []
    owner: list[int] = []
    flat = 0
    for sents in sentences:
        for sent in sents:
            norm = normalise(sent)
            norms.append(norm)
            owner.append(flat)
            for quote in quoted_spans(sent):
                qnorm = normalise(quote)
                if qnorm != norm and _is_long_quote(qnorm):
                    norms.append(qnorm)
                    owner.append(flat)
            flat += 1
    exact = np.fromiter((_exact_hash(n) for n in norms), dtype=np.uint64, count=len(norms))
    sig = minhash_signatures(norms, bands * rows)
    return DocSignatures(sentences, norms, np.array(owner, np.int32), exact, band_hashes(sig, bands, rows), bands, rows)


class Deduper:
    """Finds and removes sentences that earlier documents already had.

    ``state_path``: an SQLite file to keep what was seen across runs (WAL,
    one transaction per document); ``None`` keeps the state in memory.
    Documents are "earlier" in the order they are first applied; applying a
    document id that is already in the state looks it up against the units
    registered before it and does not register it again (so re-running a
    batch, e.g. after a crash, gives the same output).  Processes may share
    the file: each lookup sees what the others had committed when it looked.
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, state_path: str | None = None, bands: int = BANDS) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        self.bands = bands
        self.state = SeenState(bands, state_path)
        self.stats = {"units": 0, "candidates": 0, "verified": 0, "duplicates": 0}

    def __enter__(self) -> Deduper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the SQLite state (if any)."""
        self.state.close()

    def find(self, doc_id: str, sigs: DocSignatures) -> list[tuple[int, int, float] | None]:
        """Per unit: ``(earliest matching uid, its sentence owner, similarity)`` or ``None``; no registration."""
        if sigs.n_bands != self.bands:
            raise ValueError(f"signatures have {sigs.n_bands} bands, the deduper {self.bands}")
        self.state.refresh()  # what other processes sharing the state file committed since the last look
        seq = self.state.seq_of(doc_id)
        limit = self.state.first_uid(seq) if seq is not None else self.state.n_units
        out: list[tuple[int, int, float] | None] = [None] * len(sigs.norms)
        if limit == 0 or not sigs.norms:
            return out
        state, thr = self.state, self.threshold
        self.stats["units"] += len(sigs.norms)
        # vectorised first: exact hits from earlier documents, then LSH candidates of the long units
        exact_hits = state.exact_first_many(sigs.exact)
        exact_ok = (exact_hits >= 0) & (exact_hits < limit)
        lengths = np.fromiter(map(len, sigs.norms), np.int64, len(sigs.norms))
        long_rows = np.flatnonzero(lengths >= MIN_CHARS)
        cand_of: dict[int, list[int]] = {}
        if len(long_rows):
            rows, uids = state.band_pairs(sigs.bands[long_rows])
            keep = uids < limit
            rows, uids = long_rows[rows[keep]], uids[keep]
            if len(rows):
                bounds = np.flatnonzero(np.diff(rows)) + 1
                for r, group in zip(rows[np.r_[0, bounds]].tolist(), np.split(uids, bounds), strict=True):
                    cand_of[r] = group.tolist()
        todo = sorted(set(np.flatnonzero(exact_ok).tolist()) | cand_of.keys())
        for i in todo:  # only units with an exact hit or an LSH candidate
            norm = sigs.norms[i]
            if not any(ch.isalpha() for ch in norm):  # list numbers, dates alone: never duplicates
                continue
            best = int(exact_hits[i]) if exact_ok[i] else None
            sim = 1.0
            lst = cand_of.get(i)
            if lst:
                n_sh = max(len(norm) - 4, 1)
                mine: frozenset[str] | None = None
                stop = limit if best is None else best  # exact hit: only earlier candidates can win
                for uid in lst:  # ascending, distinct
                    if uid >= stop:
                        break
                    other = max(state.length(uid) - 4, 1)
                    if min(n_sh, other) < thr * max(n_sh, other):  # Jaccard upper bound
                        continue
                    self.stats["candidates"] += 1
                    cand = state.norm(uid)
                    if numbers_of(cand) != numbers_of(norm):
                        continue
                    mine = mine if mine is not None else shingles(norm)
                    j = jaccard(mine, shingles(cand))
                    self.stats["verified"] += 1
                    if j >= thr and (best is None or uid < best or j > sim):
                        if best is None or uid < best:
                            # earliest document found; look on only among its own units for a better score
                            stop = min(stop, state.first_uid(state.seq_of(state.doc_of(uid)) + 1))
                        best, sim = (uid, j) if best is None or uid < best else (best, j)
            if best is not None:
                out[i] = (best, int(sigs.unit_sentence[i]), round(sim, 4))
        return out

    def apply(
        self,
        doc_id: str,
        paragraphs: list[str],
        sigs: DocSignatures | None = None,
        mode: Literal["remove", "mark"] = "remove",
    ) -> tuple[list[str], list[Duplicate]]:
        """Look ``paragraphs`` up against earlier documents, then register them.

        Returns the paragraphs (duplicate sentences cut out and emptied
        paragraphs dropped in ``"remove"`` mode; unchanged in ``"mark"``
        mode) and one :class:`Duplicate` per duplicate sentence.
        """
        if mode not in ("remove", "mark"):
            raise ValueError(f"unknown dedup mode {mode!r}")
        if sigs is None:
            sigs = unit_signatures(paragraphs, self.bands, ROWS)
        if len(sigs.sentences) != len(paragraphs):
            raise ValueError("signatures were computed for different paragraphs")
        hits = self.find(doc_id, sigs)
        # per sentence: the earliest matching document, and the best similarity among its matches
        by_sentence: dict[int, tuple[int, str, float]] = {}
        for hit in hits:
            if hit is not None:
                uid, owner, sim = hit
                seq = self.state.seq_of(self.state.doc_of(uid))
                prev = by_sentence.get(owner)
                if prev is None or seq < prev[0] or (seq == prev[0] and sim > prev[2]):
                    by_sentence[owner] = (seq, self.state.doc_of(uid), sim)
        if self.state.seq_of(doc_id) is None:
            self.state.add_document(doc_id, sigs.norms, sigs.exact, sigs.bands)
        duplicates: list[Duplicate] = []
        new_paragraphs: list[str] = []
        flat = 0
        for para, sents in zip(paragraphs, sigs.sentences, strict=True):
            kept = []
            for sent in sents:
                hit = by_sentence.get(flat)
                if hit is None:
                    kept.append(sent)
                else:
                    duplicates.append(Duplicate(sent, hit[1], hit[2]))
                flat += 1
            if mode == "mark" or len(kept) == len(sents):
                new_paragraphs.append(para)
            elif kept:
                new_paragraphs.append(" ".join(kept))
        self.stats["duplicates"] += len(duplicates)
        return new_paragraphs, duplicates
