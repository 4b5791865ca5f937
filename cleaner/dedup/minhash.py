"""Text normalisation, character shingles and a vectorised numpy MinHash.

Everything here is deterministic across processes and machines (no ``hash()``
of strings): shingles are hashed from their code points with fixed 64-bit
arithmetic, and the permutations come from a fixed seed.

>>> normalise("“Such  behaviour”, it’s 2,000 — NOT 3.000!")
'such behaviour its 2000 not 3000'
>>> numbers_of("revenue of 2000 and 35 units")
('2000', '35')
>>> sig = minhash_signatures(["the quick brown fox jumps over the lazy dog"] * 2)
>>> sig.shape, bool((sig[0] == sig[1]).all())
((2, 64), True)
>>> round(jaccard(shingles("abcdefg"), shingles("abcdefh")), 2)
0.5
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

__all__ = [
    "SHINGLE",
    "normalise",
    "numbers_of",
    "shingles",
    "jaccard",
    "minhash_signatures",
    "band_hashes",
    "shingle_overlaps",
]

SHINGLE = 5  # character shingle length
NUM_PERM = 64


class _Translation(dict):
    """``str.translate`` table: apostrophes vanish, punctuation and symbols (Unicode P*, S*) become spaces.

    Filled as characters are met (all 1.1M code points would take 0.25 s to classify, in every process).
    """

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        self[cp] = to = " " if unicodedata.category(ch)[0] in "PS" else ch
        return to


_TABLE = _Translation({ord(ch): None for ch in "'’ʼ`´′‘"})
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NUM_SEP = re.compile(r"(?<=\d)[,.'’\u00a0\u202f\u2009 ](?=\d{3}\b)|(?<=\d)[.,](?=\d)")
_HAS_NUM_SEP = re.compile(r"\d[,.'’\u00a0\u202f\u2009 ]\d")
_DIGITS = re.compile(r"\d+")


def normalise(text: str) -> str:
    """NFKC, casefold, drop apostrophes and number separators, punctuation to spaces, collapse spaces.

    >>> normalise("People’s  Republic's")
    'peoples republics'
    """
    if not text.isascii():  # NFKC leaves ASCII alone, and its casefold is the lower-casing in _translate
        text = unicodedata.normalize("NFKC", text).casefold()
    if _HAS_NUM_SEP.search(text):  # letter case does not change where separators are
        text = _NUM_SEP.sub("", text)
    return " ".join(_translate(text).split())


def _translate(text: str) -> str:
    """``text.translate(_TABLE)`` for ASCII or case-folded *text*, ASCII lower-cased (as casefold would have).

    Most text is ASCII, or ASCII but for a few characters that go (’ “ ” —): those are replaced one by
    one, and the ASCII done by ``bytes.translate`` (``str.translate`` looks every character up in a dict).
    """
    if not text.isascii():
        others = {ch: _TABLE[ord(ch)] for ch in set(_NON_ASCII.findall(text))}
        if any(to == ch for ch, to in others.items()):  # letters: the whole text through the table
            return text.translate(_TABLE)
        for ch, to in others.items():
            text = text.replace(ch, to or "")
    return text.encode("ascii").translate(_ascii_table(), b"'`").decode("ascii")


@lru_cache(maxsize=1)
def _ascii_table() -> bytes:
    """:data:`_TABLE` for ASCII, upper case to lower, for ``bytes.translate`` (which deletes ``'`` and backtick)."""
    assert {cp for cp in range(128) if _TABLE[cp] is None} == {ord("'"), ord("`")}
    return bytes(ord((_TABLE[cp] or chr(cp)).lower()) if cp < 128 else cp for cp in range(256))


def numbers_of(norm: str) -> tuple[str, ...]:
    """The digit runs of a normalised unit, in order (``2,000`` was already joined to ``2000``)."""
    return tuple(_DIGITS.findall(norm))


def shingles(norm: str, k: int = SHINGLE) -> frozenset[str]:
    """The set of character ``k``-grams of a normalised string (the whole string if shorter)."""
    if len(norm) <= k:
        return frozenset([norm])
    return frozenset(norm[i : i + k] for i in range(len(norm) - k + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Exact Jaccard similarity of two shingle sets."""
    if not a and not b:
        return 1.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


_P = np.uint64(0x100000001B3)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_EMPTY = np.uint32(0xFFFFFFFF)  # a MinHash bin no shingle fell in


def _mix64(h: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser (vectorised, wrapping uint64)."""
    h = h ^ (h >> np.uint64(30))
    h = h * _M1
    h = h ^ (h >> np.uint64(27))
    h = h * _M2
    return h ^ (h >> np.uint64(31))


def shingle_hashes(norms: list[str], k: int = SHINGLE) -> tuple[np.ndarray, np.ndarray]:
    """Stable 64-bit hashes of every ``k``-gram of every string, and each string's count.

    Strings shorter than ``k`` contribute one hash of the whole string.
    """
    lengths = np.fromiter(map(len, norms), dtype=np.int64, count=len(norms))
    if not norms:
        return np.zeros(0, np.uint64), lengths
    pad = "\x00" * k  # an empty string still has one window: k pad characters
    cps = np.frombuffer((pad.join(norms) + pad).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64) + np.uint64(1)
    total = len(cps) - (k - 1)
    h = cps[:total].copy()  # in place: h = h * P + code point + 1, over the k characters of every window
    for j in range(1, k):
        h *= _P
        h += cps[j : j + total]
    counts = np.maximum(lengths - (k - 1), 1)
    ends = np.cumsum(counts)
    starts = np.cumsum(lengths + k) - (lengths + k)  # where each string (and its pad) begins
    windows = np.arange(ends[-1]) + np.repeat(starts - (ends - counts), counts)  # the valid window starts
    return _mix64(h[windows]), counts


def shingle_overlaps(later: list[str], earlier: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each pair ``(later[p], earlier[p])``: shared distinct 5-gram hashes, and each side's count of distinct ones.

    Vectorised over all pairs: the exact counts of the hashed shingle sets (64-bit hashes).

    >>> shingle_overlaps(["abcdefg", "hello world"], ["abcdefh", "hello world"])
    (array([2, 7]), array([3, 7]), array([3, 7]))
    """
    n = len(later)
    if not n:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty
    hashes, counts = shingle_hashes(list(later) + list(earlier))
    key = _rank(hashes) << 32 | np.repeat(np.arange(2 * n, dtype=np.int64), counts)
    key.sort()
    distinct = np.ones(len(key), dtype=bool)
    distinct[1:] = key[1:] != key[:-1]
    key = key[distinct]  # (shingle, string), sorted, each once
    item = key & 0xFFFFFFFF
    sizes = np.bincount(item, minlength=2 * n)
    wanted = key[item >= n] - n  # each shingle of an earlier string, as it would be in the later one of its pair
    in_later = key[np.minimum(np.searchsorted(key, wanted), len(key) - 1)] == wanted
    shared = np.bincount(wanted[in_later] & 0xFFFFFFFF, minlength=n)
    return shared, sizes[:n], sizes[n:]


def _rank(hashes: np.ndarray) -> np.ndarray:
    """Each hash's rank among the distinct ones (int64): equal hashes get equal ranks, small enough to pack.

    One quicksort of the hashes, cheaper than a stable sort or a two-key lexsort of them.
    """
    order = np.argsort(hashes)
    ordered = hashes[order]
    step = np.ones(len(order), dtype=np.int64)
    step[1:] = ordered[1:] != ordered[:-1]
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.cumsum(step)
    return rank


def minhash_signatures(norms: list[str], num_perm: int = NUM_PERM) -> np.ndarray:
    """MinHash signatures (``len(norms) x num_perm`` uint32) over character 5-gram shingles.

    One-permutation hashing: each shingle's 64-bit hash picks a bin (low bits)
    and a value (high 32 bits); a bin keeps its minimum.  Empty bins are filled
    by rotation densification (from the next non-empty bin, re-hashed with the
    distance), so equal sets give equal signatures and each position collides
    with probability close to the Jaccard similarity.  Cost is one hash per
    shingle instead of one per shingle and permutation.
    """
    n = len(norms)
    out = np.full((n, num_perm), _EMPTY, dtype=np.uint32)
    if not n:
        return out
    hashes, counts = shingle_hashes(norms)
    bins = np.repeat(np.arange(0, n * num_perm, num_perm, dtype=np.int64), counts) + (hashes % np.uint64(num_perm)).astype(np.int64)
    flat = out.reshape(-1)
    np.minimum.at(flat, bins, (hashes >> np.uint64(32)).astype(np.uint32))
    _densify(flat, num_perm)
    return out


def _densify(flat: np.ndarray, num_perm: int) -> None:
    """Fill each empty bin of the flat signatures from the next non-empty bin to its right in its row
    (cyclically), re-hashed with the distance; a row with no non-empty bin stays empty.

    One reversed running minimum over the flat bins gives the next non-empty bin of each, in any row;
    an empty bin past its row's last non-empty one wraps to the row's first.
    """
    is_empty = flat == _EMPTY
    nearest = np.minimum.accumulate(np.where(is_empty, len(flat), np.arange(len(flat)))[::-1])[::-1]
    missing = np.flatnonzero(is_empty)
    row_start = missing - missing % num_perm
    src = nearest[missing]
    wrap = np.flatnonzero(src >= row_start + num_perm)
    first = nearest[row_start[wrap]]  # the row's first non-empty bin, if any
    src[wrap] = first
    step = src - missing
    step[wrap] += num_perm
    fill = np.ones(len(missing), dtype=bool)
    fill[wrap[first >= row_start[wrap] + num_perm]] = False  # a row with nothing to copy
    mixed = _mix64(flat[src[fill]].astype(np.uint64) * _P + step[fill].astype(np.uint64))
    flat[missing[fill]] = (mixed >> np.uint64(33)).astype(np.uint32)


def band_hashes(sigs: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """Fold each band of ``rows`` interleaved signature values into one uint32 (``n x bands``), salted by band index."""
    n = sigs.shape[0]
    # band j takes positions j, j + bands, j + 2 * bands ...: far-apart bins, because densification copies a
    # bin into its empty neighbours, and neighbouring rows would let one shared shingle ("s to ") fill a band
    x = sigs[:, : bands * rows].reshape(n, rows, bands).transpose(0, 2, 1).astype(np.uint64)
    h = np.zeros((n, bands), dtype=np.uint64) + np.arange(1, bands + 1, dtype=np.uint64)
    for r in range(rows):
        h = _mix64(h * _P + x[:, :, r])
    return (h >> np.uint64(32)).astype(np.uint32)
