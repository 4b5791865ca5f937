"""Language-agnostic features of a page's lines, for the line model.

Every feature reads shape, not vocabulary: length, letters, digits, capitals,
punctuation, sentence endings, the share of the page's own most frequent
words (function words in whatever language the page is in), repetition, position,
and the same measures over neighbouring lines and windows, plus where the
densest run of prose lies. Linear in the number of lines.

The rules' verdicts come in as arrays (whether a line rule fires, whether the line is a
block heading), so this module knows nothing of the rules themselves.

>>> X = line_features(["Home", "News", "The minister said on Monday that the talks had failed.", "Share"],
...                   rule=[True, False, False, True], heading=[False] * 4)
>>> X.shape == (4, len(FEATURE_NAMES))
True
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import chain

import numpy as np

from ..sentences import ENDS_SENTENCE, is_prose
from ..words import SYLLABIC_LETTERS, SYLLABIC_MARKS, SYLLABLE_LETTERS, UNSPACED, WORD, content_words
from .lexicon import scores

_SENTENCE_MARK = re.compile(r"[.!?。！？](?:\s|$)")
_BULLET = re.compile(r"^(?:[-•*·–—▪►]|\d{1,3}[.)])\s")
_URLISH = re.compile(r"https?://|www\.|\.com\b|@\w", re.I)
_DATEISH = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")
# The same patterns read over the whole page at once, its lines joined by "\n" (none can match across one;
# "^" and "$" are each line's ends, and a whitespace after a list marker is never the joining "\n").
_PAGE_ENDS_SENTENCE = re.compile(ENDS_SENTENCE.pattern, re.M)
_PAGE_SENTENCE_MARK = re.compile(r"[.!?。！？](?:\s|$)", re.M)  # "\s" takes the joining "\n" where "$" did
_PAGE_BULLET = re.compile(r"^(?:[-•*·–—▪►]|\d{1,3}[.)])[^\S\n]", re.M)
_PAGE_URLISH = re.compile(_URLISH.pattern, re.I | re.M)
# _DATEISH with its digit looked for first (both branches start with one): 1.5x faster over a page, same matches
_PAGE_DATEISH = re.compile(r"(?=\d)\b(?:(?:19|20)\d\d\b|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b)", re.M)
_PAGE_PATTERNS = (_PAGE_ENDS_SENTENCE, _PAGE_SENTENCE_MARK, _PAGE_BULLET, _PAGE_URLISH, _PAGE_DATEISH)
_LINE_PATTERNS = (ENDS_SENTENCE, _SENTENCE_MARK, _BULLET, _URLISH, _DATEISH)  # the same, a line at a time

BASE = ["log_chars", "log_words", "mean_word_len", "letters", "digits", "upper", "punct", "ends_sentence",
        "ends_colon", "sentences", "commas_per_word", "title_case", "function_share", "bullet", "urlish",
        "dateish", "pipes", "repeats", "prose", "first_upper", "rule", "heading", "headings_before", "topical"]
CONTEXT = ["log_words", "ends_sentence", "function_share", "prose", "title_case", "rule", "heading", "topical"]
OFFSETS = (-3, -2, -1, 1, 2, 3)
WINDOWS = (2, 5, 10, 25)
PAGE = ["position", "page_log_lines", "page_prose_share", "in_block", "block_distance", "block_share", "before_block"]
# measures read against the page's own prose (its median over prose lines): German capitalises nouns, Finnish
# words are long, Chinese has no capitals; what marks a headline or a menu is how a line differs from the prose
RELATIVE = ["title_case", "upper", "mean_word_len", "log_words", "function_share", "punct", "commas_per_word"]
REGIME = ["title_case", "mean_word_len", "function_share"]  # the page's prose medians themselves
# what the words say (:mod:`cleaner.boilerplate.lexicon`): the line's score, the share of its words known, the
# neighbours' scores and window means; all 0 on a page whose language the lexicon does not know
LEX_OFFSETS = (-2, -1, 1, 2)
LEX_WINDOWS = (2, 5, 10)
LEXICAL = (["lex", "lex_known"] + [f"lex@{o:+d}" for o in LEX_OFFSETS] + [f"lex~{w}" for w in LEX_WINDOWS])
FEATURE_NAMES = (BASE + [f"{f}@{o:+d}" for o in OFFSETS for f in CONTEXT]
                 + [f"{f}~{w}" for w in WINDOWS for f in CONTEXT] + PAGE
                 + [f"{f}-page" for f in RELATIVE] + [f"page_{f}" for f in REGIME] + LEXICAL)


# Character classes, one bit each: str.isalpha, str.isdigit, str.isupper, str.isalnum, str.isspace,
# a word character of ``\w`` (alphanumeric or "_"), a separator of :data:`_PIPE_CHARS`, a Han or kana
# character (a word of its own, as :mod:`cleaner.words` counts them), a letter and a combining mark of
# the syllabic scripts (Thai, Lao, Khmer, Burmese: a word is up to SYLLABLE_LETTERS letters with their
# marks), and a cased letter (upper or lower: scripts without case have neither, so capitals are
# counted among cased letters only).
_ALPHA, _DIGIT, _UPPER, _ALNUM, _SPACE, _WORDCHAR, _PIPECHAR, _UNSPACEDCHAR = 1, 2, 4, 8, 16, 32, 64, 128
_SYLLABLE, _SYLLMARK, _CASED = 256, 512, 1024
_PIPE_CHARS = "|·•»›/"  # separators of breadcrumbs and link bars
_UNSPACED_CHAR = re.compile(f"[{UNSPACED}]")
_SYLLABLE_CHAR = re.compile(f"[{SYLLABIC_LETTERS}]")
_SYLLMARK_CHAR = re.compile(f"[{SYLLABIC_MARKS}]")


def _class_bits(c: str) -> int:
    return (_ALPHA * c.isalpha() | _DIGIT * c.isdigit() | _UPPER * c.isupper() | _ALNUM * c.isalnum()
            | _SPACE * c.isspace() | _WORDCHAR * (c.isalnum() or c == "_") | _PIPECHAR * (c in _PIPE_CHARS)
            | _UNSPACEDCHAR * bool(_UNSPACED_CHAR.match(c)) | _SYLLABLE * bool(_SYLLABLE_CHAR.match(c))
            | _SYLLMARK * bool(_SYLLMARK_CHAR.match(c)) | _CASED * (c.isupper() or c.islower()))


@lru_cache(maxsize=1)
def _bmp_classes() -> np.ndarray:
    """The class bits of every code point of the Basic Multilingual Plane: built once per machine (in ~30 ms, each
    class over one string of the plane) and kept in the cache folder (:class:`cleaner.regexcache.DiskMemo`) for
    this module's code and Python's Unicode version."""
    import unicodedata

    from ..regexcache import DiskMemo, source_key

    def build() -> bytes:
        plane = "".join(map(chr, range(0x10000)))
        table = np.zeros(0x10000, dtype=np.uint16)
        for bit, test in ((_ALPHA, str.isalpha), (_DIGIT, str.isdigit), (_UPPER, str.isupper),
                          (_ALNUM, str.isalnum), (_SPACE, str.isspace), (_CASED, str.islower)):
            table |= np.fromiter(map(test, plane), dtype=bool, count=len(plane)).astype(np.uint16) * bit
        table |= ((table & _ALNUM) > 0).astype(np.uint16) * _WORDCHAR
        table |= ((table & _UPPER) > 0).astype(np.uint16) * _CASED
        for c in "_" + _PIPE_CHARS:
            table[ord(c)] |= _class_bits(c) & (_WORDCHAR | _PIPECHAR)
        for bit, pattern in ((_UNSPACEDCHAR, _UNSPACED_CHAR), (_SYLLABLE, _SYLLABLE_CHAR), (_SYLLMARK, _SYLLMARK_CHAR)):
            table[[match.start() for match in pattern.finditer(plane)]] |= bit  # a code point is one character
        return table.tobytes()

    memo = DiskMemo("bmpclasses", lambda: f"{source_key(__file__)}-{unicodedata.unidata_version}")
    return np.frombuffer(memo.get("table", build), dtype=np.uint16).copy()


def _classes(page: str) -> tuple[np.ndarray, np.ndarray]:
    """The code points of *page* and their class bits: a table lookup, Python only for astral characters."""
    points = np.frombuffer(page.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    astral = points > 0xFFFF
    flags = _bmp_classes()[np.where(astral, 0, points)].astype(np.int64)
    for k in np.flatnonzero(astral):
        flags[k] = _class_bits(chr(points[k]))
    return points, flags


def _syllabic_starts(letter: np.ndarray, mark: np.ndarray) -> np.ndarray:
    """Where a word of the syllabic scripts begins: every SYLLABLE_LETTERS-th letter of a run of their letters
    and marks, counted from the run's first letter (as :data:`cleaner.words.WORD` reads them)."""
    run = letter | mark
    run_start = run & ~np.concatenate([[False], run[:-1]])
    letters_before = np.cumsum(letter) - letter
    at_run_start = np.maximum.accumulate(np.where(run_start, letters_before, 0))
    return letter & ((letters_before - at_run_start) % SYLLABLE_LETTERS == 0)


def _per_line_matches(pattern: re.Pattern[str], page: str, starts: np.ndarray) -> np.ndarray:
    """How many matches of *pattern* (a ``_PAGE_`` one) begin on each line of *page*."""
    found = np.fromiter(map(re.Match.start, pattern.finditer(page)), dtype=np.int64)
    return np.bincount(np.searchsorted(starts, found, side="right") - 1, minlength=len(starts))


_CACHE_LINES = 8192  # lines whose own measures are kept: a page's second pass reads most of them again
_CHUNK_CHARS = 1 << 18  # characters measured at once (the per-character arrays), whatever the page's size
_FEATURE_ROWS = 4096  # lines whose feature rows are made at once (:func:`feature_blocks`)
_cache: dict[str, tuple[list[float], list[str]]] = {}


def _measure(lines: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """What each line is on its own: one row of counts per line, and its case-folded words.

    Character classes by table lookup over the whole page, summed per line. Words are as
    :data:`cleaner.words.WORD` finds them: runs of word characters, and each Han or kana
    character on its own; so counts, lengths and capitals of words come from the same class bits.
    """
    n = len(lines)
    page = "\n".join(lines) + "\n"  # the final "\n": every line start lies inside the arrays
    lengths = np.fromiter(map(len, lines), dtype=np.int64, count=n)
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=starts[1:])
    points, flags = _classes(page)
    syllable, syllmark = (flags & _SYLLABLE) > 0, (flags & _SYLLMARK) > 0
    word_char = ((flags & _WORDCHAR) > 0) | syllmark  # a mark belongs to its syllabic word
    unspaced = (flags & _UNSPACEDCHAR) > 0
    plain = word_char & ~unspaced & ~syllable & ~syllmark
    word_start = unspaced | (plain & ~np.concatenate([[False], plain[:-1]])) | _syllabic_starts(syllable, syllmark)

    def per_line(values: np.ndarray) -> np.ndarray:
        return np.add.reduceat(values.astype(np.float64), starts)

    nonempty = lengths > 0
    last = np.where(nonempty, starts + lengths - 1, starts)  # an empty line's "last" character is its "\n"
    if page.count("\n") == n:  # no line holds a "\n" of its own: read the page at once
        matches = [_per_line_matches(pattern, page, starts) for pattern in _PAGE_PATTERNS]
    else:
        matches = [np.fromiter((len(pattern.findall(line)) for line in lines), dtype=np.int64, count=n)
                   for pattern in _LINE_PATTERNS]
    n_words = per_line(word_start)
    rows = np.column_stack([
        lengths, n_words, per_line(word_char), *(per_line((flags & bit) > 0) for bit in (_ALPHA, _DIGIT, _UPPER)),
        per_line(~((flags & (_ALNUM | _SPACE)) > 0)),  # punctuation: the joining "\n" is space
        per_line(word_start & ((flags & _UPPER) > 0)), per_line((flags & _PIPECHAR) > 0), per_line(points == ord(",")),
        nonempty & (points[last] == ord(":")), nonempty & _starts_like_a_heading(flags[starts]), *matches,
        per_line((flags & _CASED) > 0),
    ]).astype(np.float64)
    return rows, list(map(str.casefold, WORD.findall(page)))


def _starts_like_a_heading(first: np.ndarray) -> np.ndarray:
    """A capital, or a letter of a script without case (Han, Thai, Arabic ...): how a sentence or a label starts."""
    return ((first & _UPPER) > 0) | (((first & _ALPHA) > 0) & ((first & _CASED) == 0))


def _split_words(rows: np.ndarray, folded: list[str]) -> list[list[str]]:
    """The flat word list of :func:`_measure` cut into each line's words."""
    n_words = rows[:, 1].astype(np.int64)
    ends = np.cumsum(n_words)
    return [folded[end - count:end] for end, count in zip(ends.tolist(), n_words.tolist(), strict=True)]


def _chunks(lines: Sequence[str]) -> Iterator[tuple[int, int]]:
    """``[start, end)`` runs of *lines* of about :data:`_CHUNK_CHARS` characters each (a longer line is a run alone)."""
    start = size = 0
    for i, line in enumerate(lines):
        size += len(line) + 1
        if size >= _CHUNK_CHARS:
            yield start, i + 1
            start, size = i + 1, 0
    if start < len(lines):
        yield start, len(lines)


def _measure_page(lines: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """:func:`_measure` over a page of any size, :data:`_CHUNK_CHARS` characters at a time: the per-character
    arrays stay that size, and the page's words are each kept once (the same rows and words as one call)."""
    spans = list(_chunks(lines))
    if len(spans) <= 1:
        return _measure(lines)
    rows: np.ndarray | None = None
    folded: list[str] = []
    vocabulary: dict[str, str] = {}
    for start, end in spans:
        part, words = _measure(lines[start:end])
        if rows is None:
            rows = np.empty((len(lines), part.shape[1]), dtype=np.float64)
        rows[start:end] = part
        folded.extend([vocabulary.setdefault(word, word) for word in words])
    assert rows is not None
    return rows, folded


def _measured(lines: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """:func:`_measure_page` of *lines* (rows, and the page's words in order), from the cache for the lines
    measured lately."""
    rows: list = [None] * len(lines)
    words: list = [None] * len(lines)
    missing = []
    for i, line in enumerate(lines):
        hit = _cache.get(line)
        if hit is None:
            missing.append(i)
        else:
            rows[i], words[i] = hit
    if len(missing) * 2 > len(lines):  # mostly new lines (a page's first pass): measure the page whole
        missing = list(range(len(lines)))
    if missing:
        if len(missing) > _CACHE_LINES:  # a page too long to cache: measured whole, nothing kept
            return _measure_page(lines)
        if len(_cache) + len(missing) > _CACHE_LINES:
            _cache.clear()
        fresh, fresh_words = _measure([lines[i] for i in missing])
        for i, row, line_words in zip(missing, fresh.tolist(), _split_words(fresh, fresh_words), strict=True):
            rows[i], words[i] = row, line_words
            _cache[lines[i]] = (row, line_words)
        if len(missing) == len(lines):
            return fresh, fresh_words
    return np.array(rows, dtype=np.float64).reshape(len(lines), -1), [word for line_words in words for word in line_words]


def _base(lines: Sequence[str], rule: np.ndarray, heading: np.ndarray) -> np.ndarray:
    """The :data:`BASE` columns: each line's own measures (:func:`_measured`), then what the page adds.

    The page adds its frequent words (function words in whatever language it is in), how often a line repeats,
    and the rules' verdicts.
    """
    n = len(lines)
    rows, folded = _measured(lines)
    (chars, n_words, word_chars, letters, digits, upper, punct, title, pipes, commas, ends_colon, first_upper,
     ends, sentences, bullet, urlish, dateish, cased) = rows.T
    counts = Counter(folded)
    function = {w for w, _ in Counter({w: c for w, c in counts.items() if not w.isdigit()}).most_common(40)}
    is_function = np.fromiter(chain(map(function.__contains__, folded), (False,)), dtype=bool, count=len(folded) + 1)
    del folded, counts
    word_starts = np.zeros(n, dtype=np.int64)
    np.cumsum(n_words[:-1].astype(np.int64), out=word_starts[1:])
    func = np.where(n_words > 0, np.add.reduceat(is_function, word_starts, dtype=np.float64), 0.0)
    repeats = Counter(lines)
    per_char, per_word = np.maximum(chars, 1), np.maximum(n_words, 1)
    columns = [
        np.log1p(chars), np.log1p(n_words), np.where(n_words > 0, word_chars / per_word, 0.0),
        letters / per_char, digits / per_char, upper / np.maximum(cased, 1), punct / per_char,
        ends > 0, ends_colon, sentences, commas / per_word, title / per_word, func / per_word,
        bullet > 0, urlish > 0, dateish > 0, pipes / per_word,
        np.log(np.fromiter((repeats[line] for line in lines), dtype=np.float64, count=n)),
        np.fromiter(map(is_prose, lines), dtype=bool, count=n), first_upper,
        rule, heading,
        np.log1p(np.cumsum(heading)),
        _topicality(lines),
    ]
    return np.column_stack(columns).astype(np.float32).reshape(n, len(BASE))


def _topicality(lines: Sequence[str]) -> np.ndarray:
    """Per line, the share of its content words that other prose lines of the page use too.

    An article's lines talk about the same things; a teaser for another story, a menu or a bio
    mostly does not (words across scripts: Han and kana pairs count as words).
    """
    prose = [is_prose(line) for line in lines]
    used: Counter = Counter()
    for line, is_p in zip(lines, prose, strict=True):
        if is_p:
            used.update(content_words(line))
    # each line's words found again (cached for a page of usual size), not held for the whole page at once
    return np.fromiter((sum(used[w] - is_p > 0 for w in ws) / len(ws) if (ws := content_words(line)) else 0.0
                        for line, is_p in zip(lines, prose, strict=True)), dtype=np.float64, count=len(lines))


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


def line_features(lines: Sequence[str], *, rule: Sequence[bool], heading: Sequence[bool]) -> np.ndarray:
    """One row of :data:`FEATURE_NAMES` per line; *rule* and *heading*: the rules' verdict on each line."""
    blocks = [block for _, block in feature_blocks(lines, rule=rule, heading=heading)]
    if not blocks:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)
    return blocks[0] if len(blocks) == 1 else np.vstack(blocks)


def feature_blocks(lines: Sequence[str], *, rule: Sequence[bool], heading: Sequence[bool],
                   size: int = _FEATURE_ROWS) -> Iterator[tuple[int, np.ndarray]]:
    """:func:`line_features` a block of *size* lines at a time, as ``(first line, rows)``: the same rows, and a
    long page's whole matrix is never held (each line's own measures are, and its context is read from them)."""
    n = len(lines)
    if n == 0:
        return
    base = _base(lines, np.asarray(rule, dtype=bool), np.asarray(heading, dtype=bool))
    ctx = base[:, [BASE.index(f) for f in CONTEXT]]
    sums = np.concatenate([np.zeros((1, ctx.shape[1]), dtype=np.float64), np.cumsum(ctx, axis=0, dtype=np.float64)])
    prose = base[:, BASE.index("prose")]
    chars = np.expm1(base[:, BASE.index("log_chars")])
    start, end = _densest_block(np.where(prose > 0, chars, -np.minimum(chars, 200.0) - 20.0))
    prose_share = prose.mean()
    del chars
    lexical = lexical_columns(lines)
    reference = _prose_medians(base, prose)
    relative = (base[:, [BASE.index(f) for f in RELATIVE]] - reference).astype(np.float32)
    regime = reference[[RELATIVE.index(f) for f in REGIME]].astype(np.float32)
    for first in range(0, n, size):
        index = np.arange(first, min(n, first + size))
        shifted = [np.where(((index + offset >= 0) & (index + offset < n))[:, None],
                            ctx[np.clip(index + offset, 0, n - 1)], np.float32(-1.0)) for offset in OFFSETS]
        windows = [_window_means(sums, index, w) for w in WINDOWS]
        in_block = (index >= start) & (index < end)
        distance = np.where(in_block, 0, np.where(index < start, start - index, index - end + 1))
        m = len(index)
        page = np.column_stack([
            index / max(n - 1, 1), np.full(m, np.log1p(n)), np.full(m, prose_share), in_block,
            np.log1p(distance), np.full(m, (end - start) / n), index < start,
        ]).astype(np.float32)
        yield first, np.hstack([base[index[0]:index[-1] + 1], *shifted, *windows, page, relative[index],
                                np.broadcast_to(regime, (m, len(REGIME))), lexical[index]])


def lexical_columns(lines: Sequence[str], lex: Mapping[str, float] | None = None) -> np.ndarray:
    """The :data:`LEXICAL` columns of every line of a page, read with *lex* (default: the lexicon in use).

    >>> lexical_columns(["Share", "Rain fell"], {"share": -1.0}).shape
    (2, 9)
    """
    score, known = (np.asarray(v, dtype=np.float64) for v in scores(lines, lex))
    n = len(lines)
    index = np.arange(n)
    shifted = [np.where((index + o >= 0) & (index + o < n), score[np.clip(index + o, 0, max(n - 1, 0))], 0.0)
               for o in LEX_OFFSETS]
    sums = np.concatenate([[0.0], np.cumsum(score)])
    windows = [_window_means(sums[:, None], index, w)[:, 0] for w in LEX_WINDOWS]
    return np.column_stack([score, known, *shifted, *windows]).astype(np.float32).reshape(n, len(LEXICAL))


def _prose_medians(base: np.ndarray, prose: np.ndarray) -> np.ndarray:
    """The median of each :data:`RELATIVE` column over the page's prose lines (over its lines with words when
    it has fewer than three prose lines)."""
    rows = base[prose > 0] if int(np.sum(prose > 0)) >= 3 else base[base[:, BASE.index("log_words")] > 0]
    if not len(rows):
        return np.zeros(len(RELATIVE), dtype=np.float64)
    return np.median(rows[:, [BASE.index(f) for f in RELATIVE]].astype(np.float64), axis=0)


def _window_means(sums: np.ndarray, index: np.ndarray, w: int) -> np.ndarray:
    """The means over the lines within *w* of each line of *index*; *sums*: the cumulative sums, a row of zeros first."""
    n = len(sums) - 1
    lo = np.clip(index - w, 0, n)
    hi = np.clip(index + w + 1, 0, n)
    return ((sums[hi] - sums[lo]) / (hi - lo)[:, None]).astype(np.float32)
