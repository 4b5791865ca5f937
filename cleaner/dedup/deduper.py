"""Cross-article near-duplicate sentence and quote removal, with an in-memory or SQLite index.

Units are sentences, the quoted spans of 8 or more words inside them, and the pieces
of a sentence between loose sentence ends (where a scraper glued two sentences),
normalised (NFKC, casefold, quote/apostrophe styles, punctuation, whitespace). A unit
is a duplicate when a unit of an *earlier* document has the same normalised hash, or
is an LSH candidate (MinHash over character 5-grams, :data:`BANDS` bands of
:data:`ROWS` rows) that :func:`cleaner.dedup.rules.compare` accepts: near-identical,
or contained in it. What matches, which match wins and what goes are the rules of
:mod:`cleaner.dedup.rules`, shared with every executor.

Two phases, so the work can be spread over processes:

1. :func:`signatures` is pure and its result pickles (run it in workers);
2. :meth:`Deduper.apply` looks a document up and registers it, in input order.

>>> first = Document(id="a", paragraphs=["“Such behaviour undermines the credibility of the government,” "
...                                      "the statement read. It was Monday."])
>>> later = Document(id="b", paragraphs=["Officials spoke. “Such behavior undermines the credibility of the "
...                                      "government,” the ministry said."])
>>> with Deduper() as d:
...     first, later = d.apply(first, signatures(first)), d.apply(later, signatures(later))
>>> later.paragraphs
['Officials spoke.']
>>> later.duplicates[0].first_seen, later.duplicates[0].similarity
('a', 0.9074)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..document import Document, Duplicate
from ..sentences import has_parts, loose_pieces, quoted_spans, split_sentences
from .minhash import band_hashes, minhash_signatures, normalise
from .rules import MIN_CHARS, Hit, compare_many, could_win, decide, eligible, winner, worth_comparing
from .state import SeenState

__all__ = ["Deduper", "DocSignatures", "signatures", "unit_signatures", "BANDS", "ROWS", "QUOTE_WORDS"]

BANDS = 20
ROWS = 3
QUOTE_WORDS = 8  # quoted spans this long (in words) are units of their own


@dataclass(frozen=True)
class DocSignatures:
    """What :func:`unit_signatures` computes for one document (picklable).

    ``sentences[p]`` are the sentences of paragraph ``p``; unit ``u`` belongs to
    the flat sentence number ``unit_sentence[u]``, covers ``spans[u]`` of it (the
    whole sentence, a quote, or a piece) and has normalised text ``norms[u]``,
    exact hash ``exact[u]`` and LSH band hashes ``bands[u]``.
    """

    sentences: list[list[str]]
    norms: list[str]
    unit_sentence: np.ndarray  # int32 (n,)
    spans: np.ndarray  # int32 (n, 2): where in its sentence the unit lies
    exact: np.ndarray  # uint64 (n,)
    bands: np.ndarray  # uint32 (n, BANDS)
    n_bands: int = BANDS
    rows: int = ROWS


def _exact_hash(norm: str) -> int:
    return int.from_bytes(hashlib.blake2b(norm.encode("utf-8"), digest_size=8).digest(), "little")


def _is_long_quote(norm: str) -> bool:
    words = norm.count(" ") + 1
    return words >= QUOTE_WORDS or (" " not in norm and len(norm) >= 2 * QUOTE_WORDS)


def _units(sentence: str) -> list[tuple[str, int, int]]:
    """The units of one sentence: itself, its long quotes (their sentence goes with them), its loose pieces."""
    norm = normalise(sentence)
    units = [(norm, 0, len(sentence))]
    if not has_parts(sentence):
        return units
    for quote in quoted_spans(sentence):
        qnorm = normalise(quote)
        if qnorm != norm and _is_long_quote(qnorm):
            units.append((qnorm, 0, len(sentence)))
    for begin, end in loose_pieces(sentence):
        pnorm = normalise(sentence[begin:end])
        if pnorm and pnorm != norm:
            units.append((pnorm, begin, end))
    return units


def unit_signatures(paragraphs: list[str], bands: int = BANDS, rows: int = ROWS) -> DocSignatures:
    """Split ``paragraphs`` into units and compute their hashes (pure; safe in worker processes).

    >>> s = unit_signatures(["“One two three four five six seven eight,” he said. Next."])
    >>> s.norms, s.unit_sentence.tolist(), s.bands.shape
    (['one two three four five six seven eight he said', 'one two three four five six seven eight', 'next'], [0, 0, 1], (3, 20))
    """
    sentences = [split_sentences(p) for p in paragraphs]
    norms: list[str] = []
    owner: list[int] = []
    spans: list[tuple[int, int]] = []
    flat = 0
    for sents in sentences:
        for sent in sents:
            for norm, begin, end in _units(sent):
                norms.append(norm)
                owner.append(flat)
                spans.append((begin, end))
            flat += 1
    exact = np.fromiter((_exact_hash(n) for n in norms), dtype=np.uint64, count=len(norms))
    sig = minhash_signatures(norms, bands * rows)
    return DocSignatures(sentences, norms, np.array(owner, np.int32), np.array(spans, np.int32).reshape(-1, 2),
                         exact, band_hashes(sig, bands, rows), bands, rows)


def signatures(doc: Document, bands: int = BANDS, rows: int = ROWS) -> DocSignatures:
    """Phase 1 for a document: the units of its paragraphs and their hashes (pure; runs in workers)."""
    return unit_signatures(doc.paragraphs, bands, rows)


class Deduper:
    """Finds and removes sentences that earlier documents already had.

    ``state_path``: an SQLite file to keep what was seen across runs (WAL,
    one transaction per document); ``None`` keeps the state in memory.
    Documents are "earlier" in the order they are first applied; applying a
    document id that is already in the state looks it up against the units
    registered before it and does not register it again (so re-running a
    batch, e.g. after a crash, gives the same output). Processes may share
    the file: each lookup sees what the others had committed when it looked.
    ``mode``: ``"remove"`` cuts duplicates out, ``"mark"`` only lists them.
    """

    def __init__(self, state_path: str | None = None, bands: int = BANDS,
                 mode: Literal["remove", "mark"] = "remove") -> None:
        if mode not in ("remove", "mark"):
            raise ValueError(f"unknown dedup mode {mode!r}")
        self.mode = mode
        self.bands = bands
        self.state = SeenState(bands, state_path)
        self.stats = {"units": 0, "candidates": 0, "verified": 0, "duplicates": 0}
        self.echoes: list[Hit] = []  # the last lookup's short exact repeats (see find)

    def __enter__(self) -> Deduper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the SQLite state (if any)."""
        self.state.close()

    def _pairs(self, sigs: DocSignatures, limit: int) -> tuple[np.ndarray, np.ndarray]:
        """``(unit, uid)`` pairs worth comparing: eligible units of MIN_CHARS or more, and earlier indexed units
        (below *limit*) sharing LSH bands with them that :func:`cleaner.dedup.rules.worth_comparing` accepts."""
        lengths = [len(norm) for norm in sigs.norms]
        wanted = np.fromiter((n >= MIN_CHARS and eligible(norm) for n, norm in zip(lengths, sigs.norms, strict=True)),
                             bool, len(sigs.norms))
        rows = np.flatnonzero(wanted)
        if not len(rows):
            return rows, rows
        found, uids, shared = self.state.band_pair_counts(sigs.bands[rows])
        below = uids < limit
        units, uids, shared = rows[found[below]], uids[below], shared[below]
        keep = np.fromiter((worth_comparing(n, lengths[u], self.state.length(uid))
                            for n, u, uid in zip(shared.tolist(), units.tolist(), uids.tolist(), strict=True)), bool, len(uids))
        return units[keep], uids[keep]

    def _hit(self, unit: int, uid: int, score: float, contained: bool = False, earlier: str = "") -> Hit:
        doc_id = self.state.doc_of(uid)
        return Hit(unit, self.state.seq_of(doc_id), doc_id, score, contained, earlier)

    def find(self, doc_id: str, sigs: DocSignatures) -> list[Hit]:
        """The winning :class:`Hit` of every unit that repeats an earlier document's unit; no registration.

        Short units repeated word for word are not hits (never removed); they are kept in ``self.echoes``,
        which count towards the whole-article verdict.

        Every candidate that could win is compared (in one vectorised pass); the winner of each unit is the
        rules' (:func:`cleaner.dedup.rules.wins`): the earliest document, then the higher score.
        """
        if sigs.n_bands != self.bands:
            raise ValueError(f"signatures have {sigs.n_bands} bands, the deduper {self.bands}")
        self.state.refresh()  # what other processes sharing the state file committed since the last look
        seq = self.state.seq_of(doc_id)
        limit = self.state.first_uid(seq) if seq is not None else self.state.n_units
        if limit == 0 or not sigs.norms:
            return []
        self.stats["units"] += len(sigs.norms)
        best: dict[int, Hit] = {}
        exact = self.state.exact_first_many(sigs.exact)
        for i in np.flatnonzero((exact >= 0) & (exact < limit)).tolist():
            if eligible(sigs.norms[i]):
                best[i] = self._hit(i, int(exact[i]), 1.0)
            elif sigs.norms[i]:  # a short line repeated word for word: never removed, but it counts
                self.echoes.append(self._hit(i, int(exact[i]), 1.0))  # towards a whole-article duplicate
        units, uids = self._pairs(sigs, limit)
        self.stats["candidates"] += len(uids)
        can_win = could_win(uids, exact[units], limit)  # the earliest copy wins (dedup.rules): later ones are skipped
        units, uids = units[can_win], uids[can_win]
        self.stats["verified"] += len(uids)
        earlier = [self.state.norm(uid) for uid in uids.tolist()]
        for unit, uid, norm, match in zip(units.tolist(), uids.tolist(), earlier,
                                          compare_many([sigs.norms[u] for u in units.tolist()], earlier), strict=True):
            if match is not None and eligible(norm):
                hit = self._hit(unit, uid, match.score, match.contained, norm if match.contained else "")
                best[unit] = winner(best.get(unit), hit)
        return [best[i] for i in sorted(best)]

    def apply(self, doc: Document, sigs: DocSignatures | None = None) -> Document:
        """Phase 2, in input order: *doc* looked up against earlier documents, then registered.

        Duplicates are cut out (emptied paragraphs dropped) in ``"remove"`` mode and
        left in ``"mark"`` mode; ``doc.duplicates`` lists each; a document that is nearly
        all duplicates gets ``duplicate_of`` (and in ``"remove"`` mode ``dropped``).
        """
        if sigs is None:
            sigs = signatures(doc, self.bands, ROWS)
        if len(sigs.sentences) != len(doc.paragraphs):
            raise ValueError("signatures were computed for different paragraphs")
        self.echoes = []
        hits = self.find(doc.id, sigs)
        if self.state.seq_of(doc.id) is None:
            self.state.add_document(doc.id, sigs.norms, sigs.exact, sigs.bands)
        doc = decide(doc, sigs.sentences, sigs.unit_sentence.tolist(), [tuple(s) for s in sigs.spans.tolist()], hits,
                     mode=self.mode, echoes=self.echoes)
        self.stats["duplicates"] += len(doc.duplicates)
        return doc

    def apply_paragraphs(self, doc_id: str, paragraphs: list[str],
                         sigs: DocSignatures | None = None) -> tuple[list[str], list[Duplicate]]:
        """:meth:`apply` on bare paragraphs: the paragraphs kept and one :class:`Duplicate` per removal."""
        doc = self.apply(Document(id=doc_id, paragraphs=list(paragraphs)), sigs)
        return doc.paragraphs, doc.duplicates
