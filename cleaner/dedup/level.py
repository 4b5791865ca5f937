"""One sorted run (:class:`Level`) of the in-memory index behind :class:`cleaner.dedup.state.SeenState`.

A unit's LSH band entries are packed into one uint64 each: ``band << (32 + shift) | hash << shift | uid - base``
(:func:`uid_bits` gives ``shift``: 27 bits for 20 bands), where ``base`` is the level's first uid.  A level is
then a single sorted array, sorted by band, hash and uid at once, so the bands of a whole document are looked
up with one binary search per level instead of one per band, and an entry still takes the 8 bytes a uint32 key
and a uint32 uid took.  A level spans fewer than ``2 ** shift`` uids (:meth:`Level.can_merge`).

>>> level = Level.build(np.array([4, 6], np.uint32), np.array([9, 8], np.uint64),
...                     np.array([[1, 2], [1, 3]], np.uint32), uid_bits(2))
>>> level.band_lookup(queries(np.array([[1, 3]], np.uint32), uid_bits(2)))
(array([0, 0, 1]), array([4, 6, 6]))
>>> hit, uid = level.exact_lookup(np.array([8, 5], np.uint64))
>>> hit.tolist(), uid[hit].tolist()
([True, False], [6])
"""

from __future__ import annotations

import numpy as np

__all__ = ["Level", "uid_bits", "queries"]


def uid_bits(bands: int) -> int:
    """Bits left for a uid's offset in a packed band entry: 64, less 32 for the hash and those for the band index."""
    return 32 - max(bands - 1, 0).bit_length()


def queries(bands: np.ndarray, shift: int) -> np.ndarray:
    """The rows of band hashes (``n x bands`` uint32) as packed entries of offset 0, flat (row-major)."""
    band = np.arange(bands.shape[1], dtype=np.uint64) << np.uint64(32)
    return ((band | bands.astype(np.uint64)) << np.uint64(shift)).ravel()


class Level:
    """Packed band entries, sorted, and the exact hashes sorted with their uids (earliest first within a hash)."""

    __slots__ = ("entries", "base", "last", "shift", "exact_keys", "exact_ids", "size")

    def __init__(self, entries: np.ndarray, base: int, last: int, shift: int,
                 exact_keys: np.ndarray, exact_ids: np.ndarray) -> None:
        self.entries = entries  # (bands * size,) uint64, sorted
        self.base, self.last, self.shift = base, last, shift  # first and last uid; offset bits
        self.exact_keys, self.exact_ids = exact_keys, exact_ids  # (size,) uint64, uint32
        self.size = len(exact_keys)

    @classmethod
    def build(cls, uids: np.ndarray, exact: np.ndarray, bands: np.ndarray, shift: int) -> Level:
        """A level of the units *uids* (ascending, spanning fewer than ``2 ** shift``) with these hashes and bands."""
        base = int(uids[0])
        offsets = (uids - base).astype(np.uint64)
        entries = (queries(bands, shift).reshape(bands.shape) | offsets[:, None]).ravel()
        entries.sort()
        exact_order = np.argsort(exact, kind="stable")
        return cls(entries, base, int(uids[-1]), shift, exact[exact_order], uids[exact_order])

    def can_merge(self, newer: Level) -> bool:
        """Whether this level and a newer one span few enough uids to be one level."""
        return newer.last - self.base < 1 << self.shift

    def merge(self, newer: Level) -> Level:
        """This (older) level and a newer one as one (entries are distinct: any sort gives the same order)."""
        entries = np.concatenate((self.entries, newer.entries + np.uint64(newer.base - self.base)))
        entries.sort(kind="stable")  # two sorted runs: merged by timsort, twice as fast as a quicksort
        exact = np.concatenate((self.exact_keys, newer.exact_keys))
        exact_ids = np.concatenate((self.exact_ids, newer.exact_ids))
        exact_order = np.argsort(exact, kind="stable")
        return Level(entries, self.base, newer.last, self.shift, exact[exact_order], exact_ids[exact_order])

    def exact_lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which *keys* this level holds, and the earliest uid of each (where held)."""
        at = np.searchsorted(self.exact_keys, keys).clip(max=self.size - 1)  # past the end: the last key, smaller
        return self.exact_keys[at] == keys, self.exact_ids[at].astype(np.int64)

    def band_lookup(self, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For packed queries (:func:`queries`), every ``(query, uid)`` pair with that band hash: two int64 arrays."""
        lo = np.searchsorted(self.entries, wanted)
        found = np.flatnonzero((self.entries[np.minimum(lo, len(self.entries) - 1)] ^ wanted) >> np.uint64(self.shift) == 0)
        start = lo[found]
        stop = np.searchsorted(self.entries, wanted[found] | np.uint64((1 << self.shift) - 1), "right")
        count = stop - start
        if len(found) and int(count.max()) > 1:  # runs of equal hashes: every uid of each run
            offsets = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
            found, start = np.repeat(found, count), np.repeat(start, count) + offsets
        return found, (self.entries[start] & np.uint64((1 << self.shift) - 1)).astype(np.int64) + self.base

    @property
    def nbytes(self) -> int:
        return self.entries.nbytes + self.exact_keys.nbytes + self.exact_ids.nbytes
