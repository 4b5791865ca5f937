"""Compiled expressions and pattern readings kept on disk: the same patterns as re.compile, a new file when the key changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cleaner import regexcache
from cleaner.boilerplate import compiled, linematch
from cleaner.boilerplate.rules import DEFAULT_RULES, default_rules, parse_rules, strip_list_marker
from cleaner.regexcache import DiskMemo, source_key


@pytest.fixture
def cache(tmp_path: Path):
    """A cache folder of the test's own, and memo files read afresh from it."""
    previous = compiled.configure(compiled.Settings(cache_dir=tmp_path))
    yield tmp_path
    compiled.configure(previous)


def _rule_patterns() -> list[tuple[str, int]]:
    return [(rule.pattern.pattern, rule.pattern.flags) for rule in default_rules().rules]


def _same(made: re.Pattern[str], pattern: str, flags: int) -> None:
    expected = re.compile(pattern, flags)
    assert made == expected, pattern  # Pattern == compares flags, pattern and opcodes
    assert (made.groups, dict(made.groupindex), made.flags) == (expected.groups, dict(expected.groupindex), expected.flags)


def test_every_rule_compiles_to_res_pattern_from_a_fresh_memo_and_from_its_file(cache, monkeypatch):
    patterns = _rule_patterns()
    assert len(patterns) > 200
    memo = DiskMemo("regex", lambda: "test")
    monkeypatch.setattr(regexcache, "_OPCODES", memo)
    for pattern, flags in patterns:
        _same(regexcache.compile(pattern, flags), pattern, flags)
    memo.save()
    assert (cache / "regex-test.marshal").exists()
    again = DiskMemo("regex", lambda: "test")
    monkeypatch.setattr(regexcache, "_OPCODES", again)
    for pattern, flags in patterns:
        _same(regexcache.compile(pattern, flags), pattern, flags)
    assert again._added == 0  # every one read from the file


def test_cached_rules_judge_real_lines_as_uncached_ones(cache):
    """The rule engine built from cached expressions and readings against the one built by re alone."""
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    cached = parse_rules(text, "rules.toml")
    lines = [line for path in sorted((Path(__file__).parent.parent / "samples").glob("*.txt"))
             for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    assert len(lines) > 100
    for rule in cached.rules:
        assert rule.pattern == re.compile(rule.pattern.pattern, rule.pattern.flags)
    for mode in ("text", "html"):
        for line in lines:
            bare = strip_list_marker(line)
            expected = next((r.reason for r in cached.rules if r.kind == "line" and mode in r.modes
                             and r.matches(bare, linematch.fold(bare))), None)
            found = cached._lookup("line", line, mode)
            assert (found.reason if found else None) == expected, line


def test_a_memo_file_is_found_by_its_key_only(cache):
    first = DiskMemo("thing", lambda: "one")
    assert first.get("k", lambda: 1) == 1
    first.save()
    assert DiskMemo("thing", lambda: "one").get("k", lambda: 2) == 1  # read back
    assert DiskMemo("thing", lambda: "two").get("k", lambda: 2) == 2  # another key: another file, computed afresh


def test_the_key_changes_with_the_code_it_names(tmp_path):
    module = tmp_path / "reading.py"
    module.write_text("def read(p): return p\n", encoding="utf-8")
    before = source_key(module)
    module.write_text("def read(p): return p[::-1]\n", encoding="utf-8")
    assert source_key(module) != before
    assert source_key() != before and source_key(linematch.__file__) != source_key(regexcache.__file__)


def test_a_full_memo_keeps_what_the_last_process_used(cache, monkeypatch):
    monkeypatch.setattr(regexcache, "MAX_ENTRIES", 3)
    memo = DiskMemo("trim", lambda: "k")
    for key in range(5):
        memo.get(key, lambda key=key: key * 10)
    memo.save()
    reread = DiskMemo("trim", lambda: "k")
    assert reread.get(4, lambda: -1) == 40 and reread._added == 0
    reread.get(7, lambda: 70)
    reread.save()
    assert DiskMemo("trim", lambda: "k").get(0, lambda: -1) == -1  # not used by the last process: gone


def test_an_unwritable_cache_folder_changes_nothing_but_speed(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    previous = compiled.configure(compiled.Settings(cache_dir=blocker / "cache"))
    try:
        memo = DiskMemo("regex", lambda: "x")
        assert memo.get("k", lambda: 5) == 5
        memo.save()  # no folder, no error
        assert not (blocker / "cache").exists()
    finally:
        compiled.configure(previous)


def test_a_bad_pattern_raises_res_error():
    with pytest.raises(re.error):
        regexcache.compile("a(b", re.I)
