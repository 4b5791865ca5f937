"""Repair stage: the gold mojibake cases, clean text left alone, whitespace."""

from __future__ import annotations

import pytest

from cleaner import clean
from cleaner.repair import fix_lost_quote_byte, fix_text, normalize_whitespace, rejoin_broken_lines

from .conftest import load_json

CASES = load_json("mojibake.json")
UNCHANGED = load_json("repair_unchanged.json")["texts"]


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_gold_mojibake_case_is_repaired_in_a_sentence(case):
    text = f"The ministry said on Wednesday that {case['input']} and officials confirmed the details in Prague.\n"
    assert case["expect_contains"] in clean(text).to_text()


@pytest.mark.parametrize("text", UNCHANGED)
def test_clean_text_is_left_alone(text):
    assert fix_text(text) == text


def test_lost_quote_byte_before_space_is_a_closing_quote_not_a_dagger():
    assert fix_text("certaintyâ€ that") == "certainty” that"
    assert "†" not in fix_text("a high degree of certaintyâ€ and more")


def test_lost_quote_byte_needs_the_byte_to_be_missing():
    # "â€™" is a whole apostrophe: the lost-byte rule must not touch it
    assert fix_lost_quote_byte("Republicâ€™s") == "Republicâ€™s"
    assert fix_text("Republicâ€™s") == "Republic’s"


def test_repairs_are_recorded_with_stage_and_reason():
    doc = clean("The ministry said that the Czech Republicâ€™s network was breached in 2022.")
    assert [(r.stage, r.reason) for r in doc.repairs] == [("repair", "mojibake")]
    assert doc.repairs[0].fixed.endswith("Czech Republic’s network was breached in 2022.")


def test_clean_text_records_no_repair():
    doc = clean("The ministry said that the Czech Republic’s network was breached in 2022.")
    assert doc.repairs == []


def test_whitespace_is_normalised():
    assert normalize_whitespace("  a\u00a0\u00a0b\t c\u200b ") == "a b c"


def test_line_broken_mid_sentence_is_rejoined_but_lists_are_not():
    assert rejoin_broken_lines(["Czech authorities said they assessed with “a high degree",
                                "of certainty” that APT31 did it."]) == [
        "Czech authorities said they assessed with “a high degree of certainty” that APT31 did it."]
    assert rejoin_broken_lines(["Menu", "news", "The end."]) == ["Menu", "news", "The end."]


def test_typography_alone_never_reaches_ftfy(monkeypatch):
    import ftfy

    def refuse(*_args, **_kwargs):
        raise AssertionError("ftfy called on clean text")

    monkeypatch.setattr(ftfy, "fix_and_explain", refuse)
    # quotes, dashes, ellipsis, ©, ®, ™, bullets, guillemets: none is a byte of mojibake on its own
    text = "“Quoted,” she said — ‘fine’ … © ® ™ • «oui» · 10–12"
    assert fix_text(text) == text


def test_mojibake_still_reaches_ftfy_after_the_fast_check():
    assert fix_text("The Czech government said itâ€™s â€œdeeply concernedâ€\u009d.") == \
        "The Czech government said it’s “deeply concerned”."


def test_decomposed_accents_are_composed():
    assert fix_text("cafe\u0301 Ke\u0301vin") == "café Kévin"


def test_line_separators_inside_a_paragraph_become_spaces():
    assert normalize_whitespace("Launch your business,\u2028not your stress\u0085levels.\u2029") == \
        "Launch your business, not your stress levels."


def test_repair_is_stable_when_a_soft_hyphen_hid_the_mojibake():
    from cleaner.repair import repair_line

    once = repair_line("\u00adÂ\x80 a line", lambda *_: None)
    assert once == "€ a line"
    assert repair_line(once, lambda *_: None) == once


def test_a_soft_hyphen_inside_mojibake_is_a_byte_of_it():
    from cleaner.repair import repair_line

    # ⭐ is E2 AD 90 in UTF-8: read as Latin-1, its middle byte is a soft hyphen
    assert repair_line("Review: \u00e2\u00ad\u0090\u00e2\u00ad\u0090 (5/5 stars)", lambda *_: None) == "Review: ⭐⭐ (5/5 stars)"


@pytest.mark.parametrize(("text", "expected"), [
    ("Learn more aboutÂ Scripps Health.", "Learn more about Scripps Health."),
    ("Step 2:Â Appoint a registered agent", "Step 2: Appoint a registered agent"),
    ("If you are using aÂ split keyboard", "If you are using a split keyboard"),
    ("BUCUREȘTI, ROMÂ NIA", "BUCUREȘTI, ROMÂ NIA"),  # after a capital: a word in capitals keeps its Â
    ("Âme et corps", "Âme et corps"),  # a word that starts with Â
])
def test_lost_no_break_space_byte(text, expected):
    assert fix_text(text) == expected
