"""The boilerplate rule engine: one phrase table for both modes, read from TOML.

Every phrase rule lives in ``cleaner/data/rules.toml`` (a reason, its whole-line
patterns, optional screen words and modes); a user's ``--rules`` file has the same
format. A :class:`RuleSet` answers two questions for a line in a mode ("text" or
"html"): is it boilerplate on its own (:meth:`RuleSet.line_reason`), and does it
open a block that is not the article (:meth:`RuleSet.heading_reason`)?

>>> rules = default_rules()
>>> rules.line_reason("Advertisement. Scroll to continue reading.", "text")
'advertisement'
>>> rules.line_reason("- Related: Ten tips for storm season", "html")
'related'
>>> rules.heading_reason("People on the Move", "text"), rules.heading_reason("The minister spoke.", "html")
('people_on_the_move', None)
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from .. import regexcache
from ..errors import RulesError
from .linematch import dispatcher, fold
from .shapes import shape_reason

MODES = ("text", "html")
KINDS = ("line", "heading")
DEFAULT_RULES = Path(__file__).resolve().parent.parent / "data" / "rules.toml"
REASONS_FILE = DEFAULT_RULES.with_name("reasons.toml")  # the reasons the code gives, beside the table's
MAX_HEADING_CHARS = 80  # a heading is short: longer lines never open a block
_LIST_MARKER = re.compile(r"^(?:[-*•·–]|\d{1,3}[.)])\s+")
_CACHE_SIZE = 16384
_FIELDS = {"reason", "patterns", "screen", "modes", "case_sensitive", "scope"}


@dataclass(frozen=True)
class Rule:
    """One entry of a rules table: a reason and the whole-line patterns that give it."""

    kind: str  # "line" or "heading"
    reason: str
    pattern: re.Pattern[str]
    screen: tuple[str, ...] = ()  # one of these (lower-case) must occur for the pattern to be tried
    modes: frozenset[str] = frozenset(MODES)
    scope: str = ""  # a glob on the document id ("" = every document)
    origin: str = "builtin"  # where it was defined: "builtin" or "FILE:LINE"

    def matches(self, line: str, folded: str) -> bool:
        return (not self.screen or any(word in folded for word in self.screen)) and self.pattern.match(line) is not None


def strip_list_marker(line: str) -> str:
    """A line without its leading list marker ("- ", "• ", "3. ")."""
    return _LIST_MARKER.sub("", line) if line[:1] in "-*•·–0123456789" else line


class _FirstMatch:
    """The first of *rules* (in order) that matches a line, a screened rule only when a screen word occurs.

    Through :mod:`cleaner.boilerplate.linematch`, which tries only the rules that can match the line; where it cannot
    (no parser), one alternation holds every unscreened pattern (an alternation tries its branches in order,
    so the branch that matches is the first unscreened rule that does) and the screened rules before it are
    tried one by one. The same answers as trying every rule in turn (``tests/test_rules.py`` checks both
    ways on real lines).
    """

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        self.dispatch = dispatcher([rule.pattern for rule in rules], [rule.screen for rule in rules])
        self.plain = None if self.dispatch is not None else _alternation(rules)
        self.screened = tuple((i, rule) for i, rule in enumerate(rules) if rule.screen)
        self.screens = tuple(dict.fromkeys(rule.screen for _, rule in self.screened))  # distinct, in order
        self.words = tuple(dict.fromkeys(word for screen in self.screens for word in screen))

    def rule(self, bare: str) -> Rule | None:
        if self.dispatch is not None:
            found = self.dispatch.first(bare)
            return None if found is None else self.rules[found]
        found = self.plain.match(bare)  # type: ignore[union-attr]
        first = int(found.lastgroup[1:]) if found and found.lastgroup else len(self.rules)
        if self.screens:
            folded = fold(bare)
            passed = [screen for screen in self.screens if any(map(folded.__contains__, screen))] \
                if any(map(folded.__contains__, self.words)) else []
            for i, rule in self.screened if passed else ():
                if i > first:
                    break
                if rule.screen in passed and rule.pattern.match(bare) is not None:
                    return rule
        return self.rules[first] if found else None


def _alternation(rules: tuple[Rule, ...]) -> re.Pattern[str]:
    """Every unscreened pattern of *rules* as one ordered alternation, group ``r<i>`` marking rule *i*."""
    branches = [f"(?P<r{i}>{'(?:' if rule.pattern.flags & re.I else '(?-i:'}{_inner(rule)}))$"
                for i, rule in enumerate(rules) if not rule.screen]
    return re.compile("|".join(branches) or "(?!)", re.I | re.U)


def _inner(rule: Rule) -> str:
    """The pattern as written in the table (``_compile`` wraps it in ``^(?:...)$``)."""
    return rule.pattern.pattern[len("^(?:"):-len(")$")]


def _first_match(rules: tuple[Rule, ...]) -> _FirstMatch | None:
    """A :class:`_FirstMatch` for *rules*, or None when their patterns cannot share one expression.

    Numbered or named groups of their own (back-references, clashing names) or inline
    global flags would read differently inside the alternation.
    """
    if any(rule.pattern.groups or not rule.pattern.pattern.startswith("^(?:") for rule in rules):
        return None
    try:
        return _FirstMatch(rules)
    except (re.error, OverflowError, RecursionError):
        return None


@dataclass
class RuleSet:
    """Rules in priority order, with per-mode lookups cached (same line, same answer)."""

    rules: tuple[Rule, ...]
    _cache: dict[tuple[str, str, str], Rule | None] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by = {(kind, mode): tuple(r for r in self.rules if r.kind == kind and mode in r.modes)
                    for kind in KINDS for mode in MODES}
        self._first = {key: _first_match(rules) for key, rules in self._by.items()}
        self.sections = frozenset(r.reason for r in self.rules if r.kind == "heading")  # what block headings open

    def __getstate__(self) -> dict[str, Any]:  # pickled into worker processes without the cache
        return {"rules": self.rules}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.rules, self._cache = state["rules"], {}
        self.__post_init__()

    def _lookup(self, kind: str, line: str, mode: str) -> Rule | None:
        """The first rule of *kind* that *line* matches; cached."""
        key = (kind, mode, line)
        if key in self._cache:
            return self._cache[key]
        bare = strip_list_marker(line)
        first = self._first[(kind, mode)]
        if first is not None:
            found = first.rule(bare)
        else:
            folded = fold(bare)
            found = next((rule for rule in self._by[(kind, mode)] if rule.matches(bare, folded)), None)
        if len(self._cache) >= _CACHE_SIZE:
            self._cache.clear()
        self._cache[key] = found
        return found

    def line_reason(self, line: str, mode: str) -> str | None:
        """Why *line* is boilerplate wherever it stands (a phrase rule, else its shape: a byline ...), or None."""
        rule = self._lookup("line", line, mode)
        return rule.reason if rule is not None else _shape_reason(line)

    def heading_reason(self, line: str, mode: str) -> str | None:
        """The block a short heading opens ("author_bio", "related" ...), or None."""
        rule = None if len(line) > MAX_HEADING_CHARS else self._lookup("heading", line, mode)
        return rule.reason if rule is not None else None

    def rule_name(self, line: str, reason: str, mode: str) -> str:
        """Where the phrase rule that gave *line* its *reason* is defined ("rules.toml:41", "mine.toml:3"), or ""
        when no phrase rule did (a shape, the line model, a block's other lines)."""
        for kind in KINDS:
            rule = self._lookup(kind, line, mode) if kind == "line" or len(line) <= MAX_HEADING_CHARS else None
            if rule is not None and rule.reason == reason:
                return rule.origin
        return ""

    def for_document(self, doc_id: str) -> RuleSet:
        """The rules that apply to the document *doc_id* (scoped rules whose glob matches it)."""
        if not any(r.scope for r in self.rules):
            return self
        return _scoped(self, doc_id)

    def __add__(self, other: RuleSet) -> RuleSet:
        """These rules, then *other*'s (a user's rules come after the built-in ones)."""
        return RuleSet(self.rules + other.rules)


_shape_reason = lru_cache(maxsize=_CACHE_SIZE)(shape_reason)  # asked again of the same lines, pass after pass


def _scoped(rules: RuleSet, doc_id: str) -> RuleSet:
    return _rule_set(tuple(r for r in rules.rules if not r.scope or fnmatchcase(doc_id, r.scope)))


@lru_cache(maxsize=64)
def _rule_set(rules: tuple[Rule, ...]) -> RuleSet:
    """One RuleSet (its expressions built, its lookups cached) for every document that the same rules apply to."""
    return RuleSet(rules)


def _compile(pattern: str, case_sensitive: bool) -> re.Pattern[str]:
    return regexcache.compile(r"^(?:" + pattern + r")$", re.U if case_sensitive else re.I | re.U)


def _entry_rules(kind: str, entry: dict[str, Any], origin: str, *, allow_scope: bool) -> Iterable[Rule]:
    unknown = set(entry) - _FIELDS - (set() if allow_scope else {"scope"})
    if unknown:
        raise RulesError(f"{origin}: unknown field {sorted(unknown)[0]!r}")
    reason, patterns = entry.get("reason"), entry.get("patterns")
    if not isinstance(reason, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", reason):
        raise RulesError(f"{origin}: 'reason' must be a lower-case name such as \"advertisement\"")
    if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and p for p in patterns):
        raise RulesError(f"{origin}: 'patterns' must be a non-empty list of strings")
    modes = entry.get("modes", list(MODES))
    if not isinstance(modes, list) or not modes or not set(modes) <= set(MODES):
        raise RulesError(f"{origin}: 'modes' must list \"text\" and/or \"html\"")
    screen = entry.get("screen", [])
    if not isinstance(screen, list) or not all(isinstance(w, str) and w == w.lower() and w for w in screen):
        raise RulesError(f"{origin}: 'screen' must be a list of lower-case words")
    scope = entry.get("scope", "")
    if not isinstance(scope, str) or ("scope" in entry and not _good_glob(scope)):
        raise RulesError(f"{origin}: bad scope {scope!r}: a glob on document ids, such as \"news/*\" or \"*.example.com*\" "
                         "(*, ? and [...]; no {a,b}: write one rule per alternative)")
    for pattern in patterns:
        try:
            compiled = _compile(pattern, bool(entry.get("case_sensitive", False)))
        except re.error as exc:
            raise RulesError(f"{origin}: bad pattern {pattern!r}: {exc}") from None
        yield Rule(kind, reason, compiled, tuple(screen), frozenset(modes), scope, origin)


def _good_glob(scope: str) -> bool:
    """A glob on document ids (fnmatch's: ``*``, ``?``, ``[...]``): not empty, relative (ids are), brackets
    closed, and no shell braces (``{a,b}`` would match only the text "{a,b}": one rule per alternative)."""
    if not scope.strip() or scope.startswith("/") or "\\" in scope or "{" in scope or "}" in scope:
        return False
    depth = 0
    for ch in scope:
        depth += ch == "["
        depth -= ch == "]" and depth > 0
    return depth == 0


def _entry_lines(text: str, kind: str) -> list[int]:
    """The line number of each ``[[kind]]`` header of a TOML text (for error messages)."""
    return [n for n, line in enumerate(text.split("\n"), start=1) if line.strip() == f"[[{kind}]]"]


def parse_rules(text: str, origin: str, *, allow_scope: bool = True) -> RuleSet:
    """The rules of a TOML text; a problem raises :class:`RulesError` naming *origin* and the line."""
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        raise RulesError(f"{origin}{':' + where[1] if where else ''}: not valid TOML ({exc})") from None
    unknown = set(table) - set(KINDS)
    if unknown:
        raise RulesError(f"{origin}: unknown table {sorted(unknown)[0]!r} (expected [[line]] or [[heading]])")
    rules: list[Rule] = []
    for kind in KINDS:
        entries = table.get(kind, [])
        if not isinstance(entries, list):
            raise RulesError(f"{origin}: '{kind}' must be written [[{kind}]]")
        for entry, line in zip(entries, _entry_lines(text, kind) + [0] * len(entries), strict=False):
            rules.extend(_entry_rules(kind, entry, f"{origin}:{line}" if line else origin, allow_scope=allow_scope))
    return RuleSet(tuple(rules))


def load_rules(path: str | Path) -> RuleSet:
    """The rules of a TOML file (a user's ``--rules`` file): reasons are the built-in table's, per kind.

    >>> load_rules(DEFAULT_RULES).rules[0].reason
    'advertisement'
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesError(f"{path}: cannot read it ({getattr(exc, 'strerror', None) or exc})") from None
    rules = parse_rules(text, str(path))
    known = output_reasons()
    for rule in rules.rules:
        if rule.reason not in known:
            raise RulesError(f"{rule.origin}: unknown reason {rule.reason!r} (known: {', '.join(sorted(known))})")
    return rules


@lru_cache(maxsize=1)
def output_reasons() -> frozenset[str]:
    """Every reason a removal can show: the phrase table's, and those the code gives (``cleaner/data/reasons.toml``).

    >>> {"advertisement", "promo_blurb", "low_content_score"} <= output_reasons()
    True
    """
    code = tomllib.loads(REASONS_FILE.read_text(encoding="utf-8"))["reasons"]
    return frozenset(r.reason for r in default_rules().rules) | frozenset(code)


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    """The built-in phrase table, ``cleaner/data/rules.toml``."""
    return parse_rules(DEFAULT_RULES.read_text(encoding="utf-8"), DEFAULT_RULES.name, allow_scope=False)


def rules_with(paths: Sequence[str | Path] = ()) -> RuleSet:
    """The built-in rules followed by those of each user file in *paths*."""
    rules = default_rules()
    for path in paths:
        rules = rules + load_rules(path)
    return rules
