"""The first of an ordered list of whole-line patterns that matches a line, without trying most of them.

A phrase table holds a hundred and more patterns, each anchored at both ends of the line
(``^(?:...)$``). Trying them all, even as one alternation, costs tens of microseconds a line,
and the page's long prose lines, which match none, pay the most. Three facts about a pattern,
read once from its parse tree, rule most of it out before it runs:

* the characters a match can **start** with ("connect with us" starts with ``c`` or ``C``);
* for a pattern that can start with anything, the **longest** line it matches
  (``.{0,120}all rights reserved`` never matches 200 characters) and the **words** every match
  contains (a lookahead ``(?=.*\\b(?:advert|ads?)\\b)`` needs one of them), looked for in the line as
  :func:`fold` case-folds it.

Each is a necessary condition, never a sufficient one: a pattern that passes is still run, in the
table's order, so the answer is the one trying every pattern in turn gives (``tests/test_rules.py``
compares both on real and generated lines). A construct the reading does not know makes no claim.
The parse tree comes from ``re``'s own parser (``re._parser``, Python 3.11+); without it
:func:`dispatcher` returns None and the caller tries every pattern.

>>> patterns = [re.compile(p, re.I) for p in (r"^(?:connect with us)$", r"^(?:.{0,20}all rights reserved)$",
...                                          r"^(?:(?=.*\\bads?\\b).{0,40})$")]
>>> table = dispatcher(patterns)
>>> table.first("Connect with us"), table.first("(c) 2024 All rights reserved"), table.first("Ads help us")
(0, 1, 2)
>>> table.first("The minister said on Monday that the talks had failed.") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from .. import regexcache
from ..regexcache import DiskMemo, source_key

try:  # re's parser and case table: private modules of Python 3.11+
    from re import _casefix, _parser  # type: ignore[attr-defined]
    from re import _constants as C
except ImportError:  # pragma: no cover - Python 3.10
    _parser = None

_CACHE = 4096  # first characters remembered (each with its alternation); cleared when full
_UNBOUNDED = 1 << 62


def fold(line: str) -> str:
    """*line* as screens see it: lower case, with what ``re.IGNORECASE`` equates to ASCII letters ("İıſ").

    >>> fold("İSTANBUL ıslak ſtraße")
    'istanbul islak straße'
    """
    if line.isascii():
        return line.lower()
    if "İ" in line:  # before lower(), which makes it "i" and a combining dot
        line = line.replace("İ", "i")
    line = line.lower()
    if "ı" in line:
        line = line.replace("ı", "i")
    return line.replace("ſ", "s") if "ſ" in line else line


class _Pattern(NamedTuple):
    """What one pattern allows: its first characters (None: any), the longest line, the words it needs."""

    index: int
    match: Callable[[str], Any]
    starts: re.Pattern[str] | None  # one character that a match can start with
    longest: int
    needs: tuple[str, ...]  # folded; every match contains one ( (): no such claim)


def _class(items: list) -> str | None:
    """A character class's items as a pattern again (literals, ranges, \\d \\s \\w and their negations)."""
    parts = []
    for op, av in items:
        if op is C.NEGATE:
            parts.insert(0, "^")
        elif op is C.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is C.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is C.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:
            return None
    return f"[{''.join(parts)}]"


def _starts(items: Sequence, flags: int) -> tuple[set[str] | None, bool]:
    """The one-character patterns (inline flags set) a match of *items* can start with (None: any
    character), and whether *items* can match the empty string."""
    out: set[str] = set()
    for op, av in items:
        one = _one_char(op, av)
        if one is not None:
            out.add(f"(?{'i' if flags & re.I else '-i'}:{one})")
            return out, False
        if op is C.SUBPATTERN or op is C.BRANCH or op in _REPEATS or op is _ATOMIC:
            inner, nullable = _nested_starts(op, av, flags)
            if inner is None:
                return None, False
            out |= inner
            if not nullable:
                return out, False
        elif op not in (C.AT, C.ASSERT, C.ASSERT_NOT):  # zero-width: the next item starts the match
            return None, False
    return out, True


def _one_char(op: Any, av: Any) -> str | None:
    if op is C.LITERAL:
        return re.escape(chr(av))
    if op is C.NOT_LITERAL:
        return f"[^{re.escape(chr(av))}]"
    if op is C.IN:
        return _class(av)
    if op is C.CATEGORY:
        return _CATEGORIES.get(av)
    return None


def _nested_starts(op: Any, av: Any, flags: int) -> tuple[set[str] | None, bool]:
    if op is C.SUBPATTERN:
        return _starts(av[3], (flags | av[1]) & ~av[2])
    if op is _ATOMIC:
        return _starts(av, flags)
    if op is C.BRANCH:
        out: set[str] = set()
        nullable = False
        for alternative in av[1]:
            inner, empty = _starts(alternative, flags)
            if inner is None:
                return None, False
            out |= inner
            nullable |= empty
        return out, nullable
    inner, empty = _starts(av[2], flags)  # a repeat: av = (min, max, item)
    return inner, empty or av[0] == 0


def _safe(ch: str) -> bool:
    """Whether ``re`` matches *ch* case-insensitively only to characters that fold as it does."""
    folded = fold(ch)
    if folded in "is":
        return True
    return len(folded) == 1 and ord(folded) not in _casefix._EXTRA_CASES and ord(ch) not in _casefix._EXTRA_CASES


def _needs(items: Sequence, flags: int) -> set[str] | None:
    """Folded strings of which every match of *items* contains one, the most telling such set; None: no claim."""
    best: set[str] | None = None
    run = ""

    def consider(found: set[str] | None) -> None:
        nonlocal best
        if found and all(found) and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    for op, av in items:
        if op is C.LITERAL and _safe(chr(av)):
            run += fold(chr(av))
            continue
        consider({run} if run else None)
        run = ""
        if op is C.SUBPATTERN:
            consider(_needs(av[3], (flags | av[1]) & ~av[2]))
        elif op is _ATOMIC:
            consider(_needs(av, flags))
        elif op is C.ASSERT:  # a lookahead or -behind reads the line too
            consider(_needs(av[1], flags))
        elif op in _REPEATS and av[0] >= 1:
            consider(_needs(av[2], flags))
        elif op is C.BRANCH:
            found = [_needs(alternative, flags) for alternative in av[1]]
            consider(set().union(*found) if all(found) else None)  # type: ignore[arg-type]
    consider({run} if run else None)
    return best


def _longest(tree: Any, flags: int) -> int:
    """The longest line the pattern matches (a final "\\n" aside): its width, or a leading ``(?=.{0,N}$)``."""
    longest = min(tree.getwidth()[1], _UNBOUNDED)
    items = [item for item in tree if item[0] is not C.AT]  # "^(?:...)$": the group inside
    if len(items) == 1 and items[0][0] is C.SUBPATTERN:
        flags = (flags | items[0][1][1]) & ~items[0][1][2]
        items = list(items[0][1][3])
    if items and items[0][0] is C.ASSERT and items[0][1][0] == 1 and not flags & re.S:
        look = list(items[0][1][1])
        if len(look) == 2 and look[0][0] is C.MAX_REPEAT and list(look[0][1][2]) == [(C.ANY, None)] \
                and look[1] == (C.AT, C.AT_END):
            longest = min(longest, look[0][1][1])
    return longest


def _reading(pattern: str, flags: int) -> tuple[str | None, int, tuple[str, ...]]:
    """What *pattern* (``^(?:...)$``) allows: its first characters as one pattern (None: any), the longest line,
    the words it needs; a pattern the reading does not know allows anything."""
    try:
        tree = _parser.parse(pattern, flags)
        flags = tree.state.flags
        starts, nullable = _starts(tree, flags)
        needs = _needs(tree, flags) or set()
        test = "|".join(sorted(starts)) if starts and not nullable else None
        # the words are looked for only where no first character narrows the pattern: a literal start fails faster
        return test, _longest(tree, flags), () if test else tuple(sorted(needs))
    except (re.error, TypeError, ValueError, AttributeError, IndexError, RecursionError):
        return None, _UNBOUNDED, ()


# A reading depends on the pattern and on this module's code alone: kept on disk (see regexcache), keyed by both.
_READINGS = DiskMemo("linematch", lambda: source_key(__file__))


def _read(index: int, pattern: re.Pattern[str]) -> _Pattern:
    """What *pattern* allows (:func:`_reading`, read once per machine)."""
    test, longest, needs = _READINGS.get((pattern.pattern, pattern.flags), lambda: _reading(pattern.pattern, pattern.flags))
    try:
        return _Pattern(index, pattern.match, None if test is None else regexcache.compile(test), longest, tuple(needs))
    except (re.error, RecursionError):
        return _Pattern(index, pattern.match, None, _UNBOUNDED, ())


class Dispatch:
    """An ordered list of whole-line patterns (no groups of their own), and which of them can match a line.

    A pattern may have a screen: words of which the line (folded) must hold one for it to be tried.
    The unscreened patterns that start with known characters are tried as one alternation (its first
    matching branch is the first matching pattern), built for the first character of the line; the
    others one by one, in order, when the line is short enough and holds the words they need.
    """

    def __init__(self, patterns: Sequence[re.Pattern[str]], screens: Sequence[tuple[str, ...]] = ()) -> None:
        self.patterns = patterns
        screens = list(screens) or [()] * len(patterns)
        self._screens = list(dict.fromkeys(screen for screen in screens if screen))
        # a line that is ASCII once folded can hold only the ASCII words of a screen (most lines: a third of the tests)
        self._ascii_screens = [_ascii(screen) for screen in self._screens]
        self._read = [(_read(i, p), screens[i]) for i, p in enumerate(patterns)]
        self._by_char: dict[str, tuple[Callable[[str], Any], tuple]] = {}
        self._by_set: dict[frozenset[int], Callable[[str], Any]] = {}

    def _for(self, ch: str) -> tuple[Callable[[str], Any], tuple]:
        """For a line starting with *ch*: the alternation's match, and the patterns to try one by one."""
        found = self._by_char.get(ch)
        if found is None:
            if len(self._by_char) >= _CACHE:
                self._by_char.clear()
            starting = [(p, screen) for p, screen in self._read if p.starts is None or not ch or p.starts.fullmatch(ch)]
            joined = frozenset(p.index for p, screen in starting if p.starts is not None and not screen)
            alternation = self._by_set.get(joined)
            if alternation is None:
                branches = [f"{'(?:' if self.patterns[i].flags & re.I else '(?-i:'}{self.patterns[i].pattern})(?P<p{i}>)"
                            for i in sorted(joined)]
                alternation = self._by_set[joined] = regexcache.compile("|".join(branches) or "(?!)", re.I | re.U).match
            one_by_one: list[tuple[int, int, list]] = []  # (screen, first index, patterns): a screen's run of patterns
            for p, screen in starting:
                if p.starts is None or screen:
                    at = self._screens.index(screen) if screen else -1
                    if not one_by_one or at < 0 or one_by_one[-1][0] != at:
                        one_by_one.append((at, p.index, []))
                    one_by_one[-1][2].append((p.index, p.longest, p.needs, _ascii(p.needs), p.match))
            found = self._by_char[ch] = (alternation, tuple((at, i, tuple(run)) for at, i, run in one_by_one))
        return found

    def first(self, line: str) -> int | None:
        """The index of the first pattern that matches *line* (and whose screen lets it), or None."""
        alternation, one_by_one = self._for(line[:1])
        found = alternation(line)
        best = int(found.lastgroup[1:]) if found is not None else None
        size = len(line) - line.endswith("\n")
        folded, plain = "", None
        for screen, start, patterns in one_by_one:
            if best is not None and start > best:
                break
            if screen >= 0:
                if plain is None:
                    folded = fold(line)
                    plain = folded.isascii()
                if not any(map(folded.__contains__, (self._ascii_screens if plain else self._screens)[screen])):
                    continue
            for index, longest, needs, ascii_needs, match in patterns:
                if best is not None and index > best or size > longest:
                    continue
                if needs:
                    if plain is None:
                        folded = fold(line)
                        plain = folded.isascii()
                    if not any(map(folded.__contains__, ascii_needs if plain else needs)):
                        continue
                if match(line) is not None:
                    return index
        return best


def _ascii(words: tuple[str, ...]) -> tuple[str, ...]:
    """The ASCII ones of *words*: the only ones an ASCII text can hold."""
    return tuple(word for word in words if word.isascii())


def dispatcher(patterns: Sequence[re.Pattern[str]], screens: Sequence[tuple[str, ...]] = ()) -> Dispatch | None:
    """A :class:`Dispatch` over *patterns* (with their *screens*), or None where ``re``'s parser is not at hand."""
    return Dispatch(patterns, screens) if _parser is not None else None


if _parser is not None:
    _CATEGORIES = {C.CATEGORY_DIGIT: r"\d", C.CATEGORY_NOT_DIGIT: r"\D", C.CATEGORY_SPACE: r"\s",
                   C.CATEGORY_NOT_SPACE: r"\S", C.CATEGORY_WORD: r"\w", C.CATEGORY_NOT_WORD: r"\W"}
    _REPEATS = tuple(getattr(C, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(C, name))
    _ATOMIC = getattr(C, "ATOMIC_GROUP", None)
