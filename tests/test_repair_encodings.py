"""Repair of UTF-8 read in any code page ftfy knows, and the gate that decides when ftfy runs.

The golden cases (tests/data/mojibake_encodings.json) are real sentences encoded as UTF-8 and
decoded as cp1251, cp1250, MacRoman, cp437, Latin-1 and cp1252. The properties check that the
gate (:func:`cleaner.repair.might_change`) never keeps from ftfy a text that ftfy would change.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import defaultdict

import ftfy
import pytest
from ftfy.badness import BADNESS_RE
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cleaner import clean, repair
from cleaner.repair import might_change, normalize_whitespace, repair_line

from .conftest import load_json

try:  # the regex parser is re._parser from Python 3.11, sre_parse before
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    import sre_constants
    import sre_parse

CASES = load_json("mojibake_encodings.json")
ENCODINGS = ("cp1251", "cp1250", "mac_roman", "cp437", "latin-1", "cp1252")
BY_ENCODING: dict[str, list[dict]] = defaultdict(list)
for _case in CASES:
    BY_ENCODING[_case["encoding"]].append(_case)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def repaired(text: str) -> tuple[str, list[str]]:
    reasons: list[str] = []
    return repair_line(text, lambda reason, *_: reasons.append(reason)), reasons


def ftfy_fixed(text: str) -> str:
    return ftfy.fix_text(text, config=repair._ftfy_config())


# --- golden cases ---------------------------------------------------------------------------

def test_golden_cases_cover_each_encoding_and_are_what_they_claim():
    assert set(BY_ENCODING) == set(ENCODINGS)
    assert all(len(cases) >= 4 for cases in BY_ENCODING.values())
    for case in CASES:
        assert case["input"] == case["expected"].encode("utf-8").decode(case["encoding"]) != case["expected"]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['encoding']}-{i}-{c['language']}" for i, c in enumerate(CASES)])
def test_golden_case_is_repaired_as_mojibake(case):
    assert repaired(case["input"]) == (case["expected"], ["mojibake"])


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_page_read_in_the_wrong_code_page_cleans_like_the_right_one(encoding):
    cases = BY_ENCODING[encoding]
    doc = clean("\n\n".join(c["input"] for c in cases) + "\n")
    text = doc.to_text()
    assert text == clean("\n\n".join(c["expected"] for c in cases) + "\n").to_text()
    assert all(c["expected"] in text for c in cases)
    assert [r.reason for r in doc.repairs] == ["mojibake"] * len(cases)


# --- the gate is a superset of ftfy's triggers -----------------------------------------------

def _char_set(op, arg) -> set[str] | None:
    """The characters one regex item matches, or None when it is not a finite set (\\s, [^...], .)."""
    if op is sre_constants.LITERAL:
        return {chr(arg)}
    if op is not sre_constants.IN:
        return None
    chars: set[str] = set()
    for kind, value in arg:
        if kind is sre_constants.LITERAL:
            chars.add(chr(value))
        elif kind is sre_constants.RANGE:
            chars.update(map(chr, range(value[0], value[1] + 1)))
        else:
            return None
    return chars


def test_every_alternative_of_ftfy_badness_needs_a_character_of_the_gate():
    # The proof in cleaner/repair.py's docstring, checked on the installed ftfy: each alternative of
    # BADNESS_RE has an item that must match one character, and all that item's characters open the gate.
    assert not BADNESS_RE.flags & re.IGNORECASE
    gate = repair._ftfy_gate()
    (op, (_, alternatives)), = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags).data
    assert op is sre_constants.BRANCH and len(alternatives) > 30
    for alternative in alternatives:
        sets = [_char_set(op, arg) for op, arg in alternative.data]
        assert any(chars and all(gate.match(c) for c in chars) for chars in sets), alternative


@pytest.mark.parametrize(("text", "expected"), [
    ("Eeyore&rsquo;s Tail &amp; more", "Eeyore’s Tail & more"),  # unescape_html: on ('auto')
    ("<b>Q&amp;A</b>", "<b>Q&amp;A</b>"),  # ... but not on a line with a '<' (that is HTML)
    ("\x1b[31mred\x1b[0m alert", "red alert"),  # remove_terminal_escapes: on
    ("Tokyo Metro\ufeff\u206f", "Tokyo Metro"),  # remove_control_chars: on
    ("“curly” ‘quotes’ ﬁne ＡＢＣ", "“curly” ‘quotes’ ﬁne ＡＢＣ"),  # uncurl_quotes, ligatures, width: off
])
def test_ftfys_other_fixes_follow_cleaners_config(text, expected):
    assert repaired(text)[0] == expected == normalize_whitespace(ftfy_fixed(text))
    assert might_change(text) or ftfy_fixed(text) == text


def test_the_gate_also_looks_at_the_nfc_form():
    text = "A\u0303\u00a0 la carte"  # NFC composes "Ã" + no-break space, the cp1252 reading of "à"
    assert not repair._ftfy_gate().search(text) and might_change(text)
    assert repaired(text)[0] == normalize_whitespace(ftfy_fixed(text)) == "à la carte"


# Letters of the languages whose pages are read in the wrong code page, typography, digits, one space.
LANGUAGE_TEXT = (string.ascii_letters + string.digits + " .,;:!?'\"()-%/" + "’‘“”–—…«»£©°"
                 + "абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯёЁіїєґІЇЄ"
                 + "áčďéěíňóřšťúůýžÁČĎÉĚÍŇÓŘŠŤÚŮÝŽäĺľôŕąęėįųūłńśźżŁŚŻ"
                 + "àâçèêëîïùûüÿœæÀÇÈÊÔöÖÜßñÑ¿¡ãõ"
                 + "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةى" + "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΕΘΛΠΣΦΩ")


@SETTINGS
@given(text=st.text(alphabet=LANGUAGE_TEXT, min_size=1, max_size=60), encoding=st.sampled_from(ENCODINGS))
def test_utf8_read_in_any_code_page_is_repaired_as_ftfy_repairs_it(text, encoding):
    # Compared after cleaner's whitespace normalisation (the generated text may have runs of spaces).
    try:
        mojibake = text.encode("utf-8").decode(encoding)
    except UnicodeDecodeError:  # a byte the strict codec leaves undefined (0x98 in cp1251, 0x9D in cp1252 ...)
        assume(False)
    assert repair_line(mojibake, lambda *_: None) == normalize_whitespace(ftfy_fixed(mojibake))


def _near_misses() -> str:
    """Characters that mojibake and ftfy's heuristic are made of, but that do not open the gate."""
    chars = set(string.printable)
    for codec in ("latin-1", "cp1252", "cp1251", "cp1250", "cp1253", "cp1254", "cp1257", "iso8859_2", "mac_roman", "cp437"):
        chars.update(bytes(range(0x80, 0x100)).decode(codec, errors="ignore"))
    chars.update(BADNESS_RE.pattern)
    chars.update(map(chr, range(0x300, 0x370)))  # combining marks: NFC can compose a trigger
    chars.update("\u037e\u212a\u212b\u2126\u0387\u1fef")  # NFC maps these to ; K Å Ω · `
    gate = repair._ftfy_gate()
    return "".join(sorted(c for c in chars if not gate.match(c)))


# Whole triggers of ftfy's other fixes, and a letter that NFC composes with what follows.
TRIGGERS = ["&amp;", "&rsquo;", "&#233;", "&#x26;", "\x1b[31m", "\ufeff", "\x00", "\ud83d", "\n", "A\u0303", "\u0418"]


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(_near_misses()), st.characters(), st.sampled_from(TRIGGERS)), max_size=30).map("".join))
def test_text_the_gate_skips_is_text_ftfy_leaves_alone(text):
    if not might_change(text):
        assert ftfy_fixed(text) == unicodedata.normalize("NFC", text)
