"""Language-agnostic features of a page's lines, for the line model.

Every feature reads shape, not vocabulary: length, letters, digits, capitals,
punctuation, sentence endings, the share of the page's own most frequent
words (function words in whatever language the page is in), repetition, position,
and the same measures over neighbouring lines and windows, plus where the
densest run of prose lies. Linear in the number of lines.

>>> X = line_features(["Home", "News", "The minister said on Monday that the talks had failed.", "Share"])
>>> X.shape[0]
4
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from .boilerplate import heading_reason, line_reason

_WORD = re.compile(r"\w+", re.U)
_SENTENCE_END = re.compile(r"[.!?…。！？]['\"’”»)\]]*$")
_SENTENCE_MARK = re.compile(r"[.!?。！？](?:\s|$)")
_BULLET = re.compile(r"^(?:[-•*·–—▪►]|\d{1,3}[.)])\s")
_URLISH = re.compile(r"https?://|www\.|\.com\b|@\w", re.I)
_DATEISH = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
_PIPE = re.compile(r"[|·•»›/]")

BASE = ["log_chars", "log_words", "mean_word_len", "letters", "digits", "upper", "punct", "ends_sentence",
        "ends_colon", "sentences", "commas_per_word", "title_case", "function_share", "bullet", "urlish",
        "dateish", "pipes", "repeats", "prose", "first_upper", "rule", "heading", "headings_before"]
CONTEXT = ["log_words", "ends_sentence", "function_share", "prose", "title_case", "rule", "heading"]
OFFSETS = (-3, -2, -1, 1, 2, 3)
WINDOWS = (2, 5, 10, 25)
PAGE = ["position", "page_log_lines", "page_prose_share", "in_block", "block_distance", "block_share", "before_block"]
FEATURE_NAMES = (BASE + [f"{f}@{o:+d}" for o in OFFSETS for f in CONTEXT]
                 + [f"{f}~{w}" for w in WINDOWS for f in CONTEXT] + PAGE)


def _char_counts(lines: Sequence[str]) -> np.ndarray:
    """Per line: letters, digits, capitals, punctuation; one C-level pass over the page per class."""
    page = "\n".join(lines)
    starts = np.zeros(len(lines), dtype=np.int64)
    np.cumsum([len(line) + 1 for line in lines[:-1]], out=starts[1:])
    out = np.empty((len(lines), 4), dtype=np.float64)
    for k, test in enumerate((str.isalpha, str.isdigit, str.isupper)):
        flags = np.fromiter(map(test, page), dtype=np.int64, count=len(page))
        out[:, k] = np.add.reduceat(flags, starts) if len(page) else 0
    alnum = np.fromiter(map(str.isalnum, page), dtype=np.int64, count=len(page))
    space = np.fromiter(map(str.isspace, page), dtype=np.int64, count=len(page))
    out[:, 3] = np.add.reduceat(1 - alnum - space, starts) if len(page) else 0  # the joining "\n" is space
    return out


def _base(lines: Sequence[str]) -> np.ndarray:
    words = [_WORD.findall(line) for line in lines]
    counts = Counter(w.casefold() for ws in words for w in ws if not w.isdigit())
    function = {w for w, _ in counts.most_common(40)}
    repeats = Counter(lines)
    chars = _char_counts(lines)
    rows = []
    headings = 0
    for i, (line, ws) in enumerate(zip(lines, words, strict=True)):
        heading = heading_reason(line) is not None
        headings += heading
        n_chars, n_words = len(line), len(ws)
        letters, digits, upper, punct = chars[i]
        ends = bool(_SENTENCE_END.search(line))
        rows.append((
            np.log1p(n_chars), np.log1p(n_words), (sum(map(len, ws)) / n_words) if n_words else 0.0,
            letters / max(n_chars, 1), digits / max(n_chars, 1), upper / max(letters, 1), punct / max(n_chars, 1),
            ends, line.endswith(":"), len(_SENTENCE_MARK.findall(line)), line.count(",") / max(n_words, 1),
            sum(w[:1].isupper() for w in ws) / max(n_words, 1),
            sum(w.casefold() in function for w in ws) / max(n_words, 1),
            bool(_BULLET.match(line)), bool(_URLISH.search(line)), bool(_DATEISH.search(line)),
            len(_PIPE.findall(line)) / max(n_words, 1), np.log(repeats[line]),
            n_words >= 20 or (n_words >= 7 and ends), line[:1].isupper(),
            line_reason(line) is not None, heading, np.log1p(headings),
        ))
    return np.array(rows, dtype=np.float32).reshape(len(lines), len(BASE))


def _densest_block(score: np.ndarray) -> tuple[int, int]:
    """The run of lines with the largest sum of *score* (Kadane), as [start, end)."""
    best, best_span, run, start = 0.0, (0, 0), 0.0, 0
    for i, value in enumerate(score):
        if run <= 0:
            run, start = value, i
        else:
            run += value
        if run > best:
            best, best_span = run, (start, i + 1)
    return best_span


def _window_means(values: np.ndarray, w: int) -> np.ndarray:
    padded = np.concatenate([np.zeros((1, values.shape[1]), dtype=np.float64), np.cumsum(values, axis=0, dtype=np.float64)])
    n = len(values)
    lo = np.clip(np.arange(n) - w, 0, n)
    hi = np.clip(np.arange(n) + w + 1, 0, n)
    return ((padded[hi] - padded[lo]) / (hi - lo)[:, None]).astype(np.float32)


def line_features(lines: Sequence[str]) -> np.ndarray:
    """One row of :data:`FEATURE_NAMES` per line."""
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)
    base = _base(lines)
    ctx = base[:, [BASE.index(f) for f in CONTEXT]]
    shifted = []
    for offset in OFFSETS:
        block = np.full_like(ctx, -1.0)
        if offset < 0:
            block[-offset:] = ctx[:offset]
        else:
            block[:-offset] = ctx[offset:]
        shifted.append(block)
    windows = [_window_means(ctx, w) for w in WINDOWS]
    prose = base[:, BASE.index("prose")]
    chars = np.expm1(base[:, BASE.index("log_chars")])
    start, end = _densest_block(np.where(prose > 0, chars, -np.minimum(chars, 200.0) - 20.0))
    index = np.arange(n)
    in_block = (index >= start) & (index < end)
    distance = np.where(in_block, 0, np.where(index < start, start - index, index - end + 1))
    page = np.column_stack([
        index / max(n - 1, 1), np.full(n, np.log1p(n)), np.full(n, prose.mean()), in_block,
        np.log1p(distance), np.full(n, (end - start) / n), index < start,
    ]).astype(np.float32)
    return np.hstack([base, *shifted, *windows, page])
