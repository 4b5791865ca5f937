"""cleaner.boilerplate.linematch: the first matching pattern, found without trying most of them, is the one trying them all finds."""

from __future__ import annotations

import random
import re

import pytest

from cleaner.boilerplate import linematch
from cleaner.boilerplate.linematch import Dispatch, dispatcher, fold
from cleaner.boilerplate.rules import DEFAULT_RULES, default_rules, parse_rules

from .conftest import load_json

CASES = [case["line"] for case in load_json("rule_cases.json")["cases"]]


def _in_turn(patterns, screens, line: str) -> int | None:
    """The definition: the first pattern, in order, whose screen (if any) and pattern accept the line."""
    folded = fold(line)
    return next((i for i, (p, screen) in enumerate(zip(patterns, screens, strict=True))
                 if (not screen or any(w in folded for w in screen)) and p.match(line)), None)


def _variants(line: str, rng: random.Random) -> list[str]:
    """The line and what might trip a shortcut: case, the letters re.IGNORECASE equates (İ ı ſ, Cyrillic and
    Greek variants), a final newline, lengths around a pattern's longest, another first character."""
    swaps = {"i": "ı", "I": "İ", "s": "ſ", "в": "ᲀ", "о": "ᲂ", "σ": "ς", "k": "\u212a"}
    out = [line, line.upper(), line.lower(), line + "\n", line + " x" * rng.randint(1, 80), line[: rng.randint(0, len(line))]]
    out.append("".join(swaps.get(ch, ch) if rng.random() < 0.5 else ch for ch in line))
    out.append(rng.choice("“-•( 1aZé広") + line)
    return out


def _lines() -> list[str]:
    rng = random.Random(13)
    return [variant for line in CASES for variant in _variants(line, rng)] + ["", "\n", " ", "x" * 500]


@pytest.mark.parametrize(("kind", "mode"), [("line", "text"), ("line", "html"), ("heading", "text"), ("heading", "html")])
def test_the_builtin_table_gives_the_first_matching_rule_on_case_lines_and_their_variants(kind, mode):
    rules = default_rules()._by[(kind, mode)]
    patterns, screens = [r.pattern for r in rules], [r.screen for r in rules]
    table = Dispatch(patterns, screens)
    lines = _lines()
    found = 0
    for line in lines:
        expected = _in_turn(patterns, screens, line)
        assert table.first(line) == expected, line
        found += expected is not None
    assert found > len(CASES) // 2


USER_PATTERNS = [
    r"(?>atomic|atom)ic", r"(?s:.{0,5})end", r"(?<=x)y|xy", r"a++b", r"(?i:Straße)\s*\d+", r"(?-i:CAPS) only",
    r"[^\W\d]{3}\d", r"\w+ \W+", r"(?:ab)*c", r"(?:ab)+c", r"(?=.{0,8}$).*z", r"(?!no).{2,4}", r"\bword\b.*",
    r"(?:İstanbul|ıslak|ſtop)", r"(?:Σίσυφος|σοφία)", r"(?:всё|ᲀсё) ясно", r"[a-z]{0,3}", r"", r".*\d{4}.*",
    r"(?:x|y|)z", r"(?=.{0,3}$)(?=.*q).*",
    r".{0,3}всё ясно", r".*σοφία.*", r".{0,2}istanbul", r"(?=.*\bſtop\b).*", r".*\u212aelvin",  # words looked for
]


@pytest.mark.parametrize("flags", [re.I | re.U, re.U])
def test_patterns_of_every_kind_give_the_answer_trying_each_in_turn(flags):
    patterns = [re.compile(f"^(?:{p})$", flags) for p in USER_PATTERNS]
    screens = [("tom",) if i == 0 else ("word", "wor") if "word" in p else () for i, p in enumerate(USER_PATTERNS)]
    table = Dispatch(patterns, screens)
    rng = random.Random(7)
    alphabet = "abcqxyzZ İıſσςΣᲀвсёясно0123\n" + "tomatomicendstrasseSTRASSEcapsCAPSonlyword"
    lines = ["atomic", "atomicic", "xy", "aaab", "STRASSE 12", "Straße 1", "CAPS only", "caps only", "abc1",
             "hi !!", "ababc", "c", "abz", "nope", "word here", "İstanbul", "ISTANBUL", "ıslak", "ſtop", "STOP",
             "ΣΊΣΥΦΟΣ", "σοφία", "ᲀсё ясно", "ВСЁ ЯСНО", "", "1999", "xz", "z", "qz", "aqz",
             "a ᲀсё ясно", "ΣΟΦΊΑ", "σοφίς", "a İstanbul", "İSTANBUL", "the stop", "the STOP", "kelvin", "\u212aelvin"]
    lines += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    for line in lines:
        assert table.first(line) == _in_turn(patterns, screens, line), line


def test_a_pattern_the_reading_does_not_know_is_always_tried():
    backreference = re.compile(r"^(?:(\w)\1)$")
    table = Dispatch([backreference, re.compile(r"^(?:aa)$")])
    assert table.first("bb") == 0 and table.first("aa") == 0 and table.first("ab") is None


def test_fold_is_lower_case_with_what_ignorecase_equates_to_ascii_letters():
    rng = random.Random(3)
    alphabet = "aİıſΣσςI ßK\u212a.é"
    for _ in range(2000):
        line = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert fold(line) == line.translate(str.maketrans("İıſ", "iis")).lower(), line


def test_without_the_parser_the_rules_try_one_alternation_with_the_same_answers(monkeypatch):
    lines = _lines()
    with_dispatch = default_rules()
    monkeypatch.setattr("cleaner.boilerplate.rules.dispatcher", lambda patterns, screens: None)
    plain = parse_rules(DEFAULT_RULES.read_text(encoding="utf-8"), "rules.toml", allow_scope=False)
    assert all(first.dispatch is None for first in plain._first.values())
    for line in lines:
        for mode in ("text", "html"):
            assert plain.line_reason(line, mode) == with_dispatch.line_reason(line, mode), line
            assert plain.heading_reason(line, mode) == with_dispatch.heading_reason(line, mode), line


def test_without_the_parser_there_is_no_dispatcher(monkeypatch):
    monkeypatch.setattr(linematch, "_parser", None)
    assert dispatcher([re.compile("^(?:a)$")]) is None
