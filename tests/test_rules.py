"""The boilerplate rule engine: the phrase table's golden cases, both modes, and rule files."""

from __future__ import annotations

import pytest

from cleaner.boilerplate.rules import DEFAULT_RULES, default_rules, parse_rules
from cleaner.boilerplate.stage import strip
from cleaner.document import Document
from cleaner.errors import RulesError
from cleaner.pipeline import default_pipeline

from .conftest import load_json, needs_shared

CASES = load_json("rule_cases.json")["cases"]


def _params():
    for case in CASES:
        for mode in (("text", "html") if case["mode"] == "both" else (case["mode"],)):
            marks = [pytest.mark.xfail(strict=True, reason=case.get("note", "known failure"))] if case["expect"] == "fail" else []
            yield pytest.param(case, mode, marks=marks, id=f"{case['kind']}-{mode}-{case['line'][:40]}")


@pytest.mark.parametrize(("case", "mode"), list(_params()))
def test_rule_case(case, mode):
    rules = default_rules()
    ask = rules.line_reason if case["kind"] == "line" else rules.heading_reason
    assert ask(case["line"], mode) == case["reason"]


ARTICLE = [
    "The city council voted on Tuesday to expand the tram network into the northern districts, ending a debate "
    "that had run for almost a decade.",
    "Supporters said the new line would cut commuting times by a third for about forty thousand residents who "
    "currently rely on crowded buses.",
    "Opponents warned that construction would disrupt local shops for at least two years and questioned whether "
    "the budget of 300 million euros was realistic.",
]
NEW_PHRASE = "This page is brought to you by Acme Widgets"


def _with_one_more_pattern() -> str:
    """The built-in table with one line added to the advertisement rule: how a new phrase is added."""
    text = DEFAULT_RULES.read_text(encoding="utf-8")
    anchor = 'reason = "advertisement"\npatterns = [\n'
    assert anchor in text
    return text.replace(anchor, anchor + "  'this page is brought to you by .{1,60}',\n", 1)


def test_a_phrase_added_in_one_line_of_the_table_works_in_both_modes():
    rules = parse_rules(_with_one_more_pattern(), "rules.toml")
    text_doc = Document(id="t", kind="text", paragraphs=[*ARTICLE[:2], NEW_PHRASE, ARTICLE[2]])
    html_doc = Document(id="h", kind="html", paragraphs=[*ARTICLE[:2], NEW_PHRASE, ARTICLE[2]],
                        layout=[("p", 0.0)] * 4)
    for doc in (text_doc, html_doc):
        before = strip(Document(id=doc.id, kind=doc.kind, paragraphs=list(doc.paragraphs), layout=list(doc.layout)))
        assert NEW_PHRASE in before.paragraphs  # the built-in table keeps it ...
        after = strip(doc, rules=rules)
        assert NEW_PHRASE not in after.paragraphs  # ... the table with one more line removes it
        assert ("boilerplate", "advertisement", NEW_PHRASE) in [(r.stage, r.reason, r.text) for r in after.removed]
        assert after.paragraphs == ARTICLE


def test_the_same_rules_reach_html_pages_through_the_pipeline():
    rules = parse_rules(_with_one_more_pattern(), "rules.toml")
    page = ("<html><head><title>Tram line approved</title></head><body><article><h1>Tram line approved</h1>"
            + "".join(f"<p>{p}</p>" for p in ARTICLE[:2]) + f"<p>{NEW_PHRASE}</p><p>{ARTICLE[2]}</p></article></body></html>")
    doc = default_pipeline(rules=rules).run(Document(id="h", raw=page, kind="html"))
    assert doc.ok and NEW_PHRASE not in doc.text and ARTICLE[2] in doc.text


@pytest.mark.parametrize(("text", "problem"), [
    ('[[line]]\nreason = "Ads"\npatterns = ["x"]\n', "rules.toml:1: 'reason' must be a lower-case name"),
    ('[[line]]\nreason = "ads"\npatterns = ["(unclosed"]\n', "rules.toml:1: bad pattern '(unclosed'"),
    ('\n\n[[heading]]\nreason = "ads"\npatterns = ["x"]\nmodes = ["pdf"]\n', "rules.toml:3: 'modes' must list"),
    ('[[line]]\nreason = "ads"\npatterns = "x"\n', "rules.toml:1: 'patterns' must be a non-empty list"),
    ('[[line]]\nreason = "ads"\npatterns = ["x"]\nscreen = ["Ad"]\n', "rules.toml:1: 'screen' must be a list of lower-case"),
    ('[lines]\nreason = "ads"\n', "rules.toml: unknown table 'lines'"),
    ('[[line]\n', "rules.toml:1: not valid TOML"),
    ('[[line]]\nreason = "ads"\npatterns = ["x"\nmodes = ["text"]\n', "rules.toml:4: not valid TOML"),
    ('[[line]]\nreason = "ads"\npatterns = ["x"\n', "rules.toml: not valid TOML (Unclosed array (at end of document))"),
])
def test_a_bad_rules_table_is_one_line_naming_the_file_and_line(text, problem):
    with pytest.raises(RulesError) as caught:
        parse_rules(text, "rules.toml")
    assert str(caught.value).startswith(problem)
    assert "\n" not in str(caught.value)


def test_every_builtin_screen_is_true_to_its_patterns():
    """A screen only skips work: on every rule case and must-survive line, screened and unscreened answers agree."""
    rules = default_rules()
    unscreened = type(rules)(tuple(r.__class__(r.kind, r.reason, r.pattern, (), r.modes, r.scope, r.origin)
                                   for r in rules.rules))
    lines = [case["line"] for case in CASES] + [line.upper() for case in CASES for line in [case["line"]]]
    for line in lines:
        for mode in ("text", "html"):
            assert rules.line_reason(line, mode) == unscreened.line_reason(line, mode), line


def _one_by_one(rules, kind: str, line: str, mode: str):
    """The rules' definition: the first rule, in table order, whose screen and pattern both accept the line."""
    from cleaner.boilerplate.rules import fold, strip_list_marker

    bare = strip_list_marker(line)
    return next((r for r in rules._by[(kind, mode)] if r.matches(bare, fold(bare))), None)


@needs_shared
@pytest.mark.slow  # a sweep over every line of the dev pages and samples, each rule tried in turn
def test_one_expression_for_all_patterns_gives_the_first_matching_rule_on_real_lines():
    from pathlib import Path

    from cleaner.boilerplate.rules import strip_list_marker

    root = Path(__file__).resolve().parent.parent
    pages = sorted((root.parent / "shared" / "data" / "dev").glob("*.page.txt")) + sorted((root / "samples").glob("*.txt"))
    lines = sorted({line for p in pages for line in p.read_text(encoding="utf-8").split("\n") if line.strip()})
    lines += [case["line"] for case in CASES] + [case["line"].upper() for case in CASES]
    rules = default_rules()
    assert all(rules._first.values()) and len(lines) > 10_000
    found = 0
    for kind in ("line", "heading"):
        for mode in ("text", "html"):
            for line in lines:
                expected = _one_by_one(rules, kind, line, mode)
                assert rules._first[(kind, mode)].rule(strip_list_marker(line)) is expected, (kind, mode, line)
                found += expected is not None
    assert found > 1000


def test_patterns_with_groups_of_their_own_are_tried_one_by_one():
    rules = parse_rules('[[line]]\nreason = "echo"\npatterns = [\'(\\w+) \\1\']\n'
                        '[[line]]\nreason = "later"\npatterns = [\'bye bye.*\']\n', "mine.toml")
    assert rules._first[("line", "text")] is None
    assert rules.line_reason("bye bye", "text") == "echo" and rules.line_reason("bye bye now", "text") == "later"
    assert rules.line_reason("hello world", "text") is None


def test_scoped_rules_apply_to_their_documents_and_are_built_once_per_scope():
    user = parse_rules('[[line]]\nreason = "mine"\nscope = "news/*"\npatterns = ["hello there"]\n', "u.toml")
    rules = default_rules() + user
    news, more_news, blog = rules.for_document("news/a"), rules.for_document("news/b"), rules.for_document("blog/c")
    assert news.line_reason("Hello there", "text") == "mine" and blog.line_reason("Hello there", "text") is None
    assert news is more_news and news is not blog  # expressions compiled once, not per document
