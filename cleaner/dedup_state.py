"""The seen-units index behind :class:`cleaner.dedup.Deduper`, in memory or backed by SQLite.

Units get increasing integer ids (uids) in registration order, so "earlier"
is simply "smaller uid".  Per unit the index keeps:

- one ``(band hash uint32, uid uint32)`` entry per LSH band, in per-band
  sorted numpy arrays (plus a small dict buffer of recent entries that is
  merged in geometrically), 8 bytes per band;
- one ``(exact hash uint64, uid uint32)`` entry for the normalised text;
- the normalised length (uint16) for a Jaccard upper-bound pre-filter;
- the normalised text itself, zlib-compressed per document, only read back
  to verify LSH candidates with an exact Jaccard.  With SQLite it is read
  from the database and not kept in memory.

>>> st = SeenState(bands=2)
>>> seq = st.add_document("a", ["hello world"], np.array([7], np.uint64), np.array([[1, 2]], np.uint32))
>>> st.exact_first(7), st.band_candidates(np.array([[1, 9]], np.uint32))[0], st.norm(0), st.doc_of(0)
(0, [0], 'hello world', 'a')
>>> st.close()
"""

from __future__ import annotations

import sqlite3
import zlib
from array import array
from collections import OrderedDict

import numpy as np

__all__ = ["SeenState"]

_MERGE_MIN = 1 << 15
SCHEMA_VERSION = "2"  # 2: bands over interleaved MinHash positions


class SeenState:
    """Units seen so far: exact hashes, LSH band tables, lengths and normalised texts."""

    def __init__(self, bands: int, path: str | None = None) -> None:
        self.bands = bands
        self._band_keys = [np.zeros(0, np.uint32) for _ in range(bands)]
        self._band_ids = [np.zeros(0, np.uint32) for _ in range(bands)]
        self._exact_keys = np.zeros(0, np.uint64)
        self._exact_ids = np.zeros(0, np.uint32)
        self._buf: dict[int, list[int]] = {}  # (band << 32 | key) -> uids, recent entries
        self._exact_buf: dict[int, int] = {}
        self._buf_units = 0
        self._lengths = array("H")
        self._doc_first = array("Q")  # first uid of each document, by seq
        self._doc_ids: list[str] = []
        self._seq_of: dict[str, int] = {}
        self._texts: list[bytes] = []  # in-memory mode only
        self._cache: OrderedDict[int, list[str]] = OrderedDict()
        self._conn: sqlite3.Connection | None = None
        if path is not None:
            self._open(path)

    # ---------------------------------------------------------------- SQLite
    def _open(self, path: str) -> None:
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS docs (seq INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE,"
            " n INTEGER NOT NULL, norms BLOB NOT NULL, exact BLOB NOT NULL, bands BLOB NOT NULL, lengths BLOB NOT NULL)"
        )
        conn.execute("BEGIN IMMEDIATE")
        for key, value in (("version", SCHEMA_VERSION), ("bands", str(self.bands))):
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            if row is None:
                conn.execute("INSERT INTO meta VALUES (?, ?)", (key, value))
            elif row[0] != value:
                conn.execute("ROLLBACK")
                raise ValueError(f"dedup state {path}: {key} is {row[0]}, expected {value}")
        conn.execute("COMMIT")
        self._conn = conn
        exacts, bands, uid = [], [], 0
        for seq, doc_id, n, exact, band, lengths in conn.execute(
            "SELECT seq, doc_id, n, exact, bands, lengths FROM docs ORDER BY seq"
        ):
            if seq != len(self._doc_ids):
                raise ValueError(f"dedup state {path}: document sequence has a gap at {seq}")
            self._doc_ids.append(doc_id)
            self._seq_of[doc_id] = seq
            self._doc_first.append(uid)
            self._lengths.frombytes(lengths)
            exacts.append(np.frombuffer(exact, np.uint64))
            bands.append(np.frombuffer(band, np.uint32).reshape(n, self.bands))
            uid += n
        if uid:
            self._bulk_load(np.concatenate(exacts), np.concatenate(bands))

    def _bulk_load(self, exact: np.ndarray, bands: np.ndarray) -> None:
        uids = np.arange(len(exact), dtype=np.uint32)
        for j in range(self.bands):
            order = np.argsort(bands[:, j], kind="stable")
            self._band_keys[j] = bands[order, j].copy()
            self._band_ids[j] = uids[order]
        order = np.argsort(exact, kind="stable")
        keys = exact[order]
        first = np.ones(len(keys), bool)
        first[1:] = keys[1:] != keys[:-1]
        self._exact_keys, self._exact_ids = keys[first].copy(), uids[order][first]

    # ------------------------------------------------------------ documents
    @property
    def n_units(self) -> int:
        return len(self._lengths)

    def seq_of(self, doc_id: str) -> int | None:
        """The registration number of ``doc_id`` if it was seen before."""
        return self._seq_of.get(doc_id)

    def first_uid(self, seq: int) -> int:
        """The first uid of document ``seq`` (units below it are from earlier documents)."""
        return self._doc_first[seq] if seq < len(self._doc_first) else self.n_units

    def doc_of(self, uid: int) -> str:
        """The id of the document that registered unit ``uid``."""
        lo, hi = 0, len(self._doc_first) - 1
        while lo < hi:  # last seq with first uid <= uid
            mid = (lo + hi + 1) // 2
            if self._doc_first[mid] <= uid:
                lo = mid
            else:
                hi = mid - 1
        return self._doc_ids[lo]

    def length(self, uid: int) -> int:
        return self._lengths[uid]

    def norm(self, uid: int) -> str:
        """The normalised text of unit ``uid`` (for exact verification)."""
        did = self.doc_of(uid)
        seq = self._seq_of[did]
        norms = self._cache.get(seq)
        if norms is None:
            if self._conn is not None:
                (blob,) = self._conn.execute("SELECT norms FROM docs WHERE seq = ?", (seq,)).fetchone()
            else:
                blob = self._texts[seq]
            norms = zlib.decompress(blob).decode("utf-8").split("\n")
            self._cache[seq] = norms
            if len(self._cache) > 256:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(seq)
        return norms[uid - self._doc_first[seq]]

    def add_document(self, doc_id: str, norms: list[str], exact: np.ndarray, bands: np.ndarray) -> int:
        """Register a document's units (one SQLite transaction); returns its sequence number."""
        seq = len(self._doc_ids)
        first = self.n_units
        lengths = array("H", (min(len(s), 65535) for s in norms))
        blob = zlib.compress("\n".join(norms).encode("utf-8"), 6)
        exact = np.ascontiguousarray(exact, np.uint64)
        bands = np.ascontiguousarray(bands, np.uint32).reshape(len(norms), self.bands)
        if self._conn is not None:
            with self._conn:  # BEGIN ... COMMIT, rolled back on error
                self._conn.execute("BEGIN")
                self._conn.execute(
                    "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (seq, doc_id, len(norms), blob, exact.tobytes(), bands.tobytes(), lengths.tobytes()),
                )
        else:
            self._texts.append(blob)
        self._doc_ids.append(doc_id)
        self._seq_of[doc_id] = seq
        self._doc_first.append(first)
        self._lengths.extend(lengths)
        for i, key in enumerate(exact.tolist()):
            if key not in self._exact_buf and self._exact_main(key) is None:
                self._exact_buf[key] = first + i
        buf = self._buf
        for i, row in enumerate(bands.tolist()):
            uid = first + i
            for j, key in enumerate(row):
                lst = buf.get((j << 32) | key)
                if lst is None:
                    buf[(j << 32) | key] = [uid]
                else:
                    lst.append(uid)
        self._buf_units += len(norms)
        if self._buf_units >= max(_MERGE_MIN, len(self._exact_keys) // 4):
            self.compact()
        return seq

    # --------------------------------------------------------------- lookup
    def _exact_main(self, key: int) -> int | None:
        keys = self._exact_keys
        i = int(np.searchsorted(keys, np.uint64(key)))
        if i < len(keys) and int(keys[i]) == key:
            return int(self._exact_ids[i])
        return None

    def exact_first(self, key: int) -> int | None:
        """The earliest uid whose normalised text has hash ``key``."""
        hit = self._exact_main(key)
        return hit if hit is not None else self._exact_buf.get(key)

    def band_candidates(self, bands: np.ndarray) -> list[list[int]]:
        """For each row of band hashes, the uids sharing at least one band (unsorted, may repeat)."""
        n = bands.shape[0]
        out: list[list[int]] = [[] for _ in range(n)]
        for j in range(self.bands):
            keys = self._band_keys[j]
            if not len(keys):
                continue
            col = bands[:, j]
            lo = np.searchsorted(keys, col, "left")
            hi = np.searchsorted(keys, col, "right")
            ids = self._band_ids[j]
            for i in np.nonzero(hi > lo)[0].tolist():
                out[i].extend(ids[lo[i] : hi[i]].tolist())
        if self._buf:
            get = self._buf.get
            for i, row in enumerate(bands.tolist()):
                for j, key in enumerate(row):
                    lst = get((j << 32) | key)
                    if lst:
                        out[i].extend(lst)
        return out

    def compact(self) -> None:
        """Merge the recent-entry buffers into the sorted arrays."""
        if not self._buf_units:
            return
        items = sorted(self._buf.items())  # by band, then key
        if items:
            combo = np.array([k for k, lst in items for _ in lst], np.uint64)
            uids = np.array([u for _, lst in items for u in lst], np.uint32)
            band_of = (combo >> np.uint64(32)).astype(np.int64)
            keys = (combo & np.uint64(0xFFFFFFFF)).astype(np.uint32)
            bounds = np.searchsorted(band_of, np.arange(self.bands + 1))
            for j in range(self.bands):
                a, b = bounds[j], bounds[j + 1]
                k = np.concatenate((self._band_keys[j], keys[a:b]))
                v = np.concatenate((self._band_ids[j], uids[a:b]))
                order = np.argsort(k, kind="stable")  # keeps uids ascending within a key
                self._band_keys[j], self._band_ids[j] = k[order], v[order]
        if self._exact_buf:
            k = np.concatenate((self._exact_keys, np.fromiter(self._exact_buf.keys(), np.uint64)))
            v = np.concatenate((self._exact_ids, np.fromiter(self._exact_buf.values(), np.uint32)))
            order = np.argsort(k, kind="stable")
            self._exact_keys, self._exact_ids = k[order], v[order]
        self._buf, self._exact_buf, self._buf_units = {}, {}, 0

    def memory_bytes(self) -> int:
        """Bytes held by the index arrays, lengths, document table and (in memory) texts, after compaction."""
        arrays = sum(a.nbytes for a in self._band_keys + self._band_ids) + self._exact_keys.nbytes
        arrays += self._exact_ids.nbytes + len(self._lengths) * 2 + len(self._doc_first) * 8
        texts = sum(len(t) + 33 for t in self._texts)
        ids = sum(len(d) + 49 + 8 + 100 for d in self._doc_ids)  # str + list slot + dict entry (approx.)
        return arrays + texts + ids

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
