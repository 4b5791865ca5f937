"""The line model's features, computed page-wide, against a plain per-line reading of a real page."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from cleaner.boilerplate.linefeatures import BASE, FEATURE_NAMES, line_features
from cleaner.boilerplate.rules import default_rules
from cleaner.sentences import is_prose
from cleaner.words import WORD

from .conftest import assert_refuses_other_features

ROOT = Path(__file__).resolve().parent.parent
_WORD = WORD  # words across scripts: runs of word characters, and each Han or kana character


def _features(lines: list[str]) -> np.ndarray:
    rules = default_rules()
    return line_features(lines, rule=[rules.line_reason(line, "text") is not None for line in lines],
                         heading=[rules.heading_reason(line, "text") is not None for line in lines])


def _page() -> list[str]:
    text = (ROOT / "samples" / "000_b0e08e17cefa5128.txt").read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line.strip()] + ["𝐁𝐨𝐥𝐝 Ünïcödé snake_case | a / b · c", "- ", "-",
                                                                   "捷克政府周三表示 APT31组织, 入侵了外交部。", "東京の天気は晴れです",
                                                                   "Posted 12/05/2024 by ann@site.com, see WWW.Site.COM: 1999. Done! ok",
                                                                   "1. item:", "At 2020.5 and 120 or x1999 (3/4/25).",
                                                                   *_SCRIPTS_WITHOUT_CASE]


# the same sentence ("The government announced new measures to help farmers.") in scripts without capitals
_SCRIPTS_WITHOUT_CASE = ["รัฐบาลประกาศมาตรการใหม่เพื่อช่วยเหลือเกษตรกร", "ລັດຖະບານໄດ້ປະກາດມາດຕະການໃໝ່ເພື່ອຊ່ວຍເຫຼືອຊາວກະສິກອນ",
                         "រដ្ឋាភិបាលបានប្រកាសវិធានការថ្មីដើម្បីជួយកសិករ។", "အစိုးရသည် လယ်သမားများကို ကူညီရန် အစီအမံအသစ်များကို ကြေညာခဲ့သည်။",
                         "정부는 농민들을 돕기 위한 새로운 대책을 발표했다.", "Mixed ภาษาไทย 2024 ok"]


@pytest.mark.parametrize("name", ["log_words", "mean_word_len", "letters", "digits", "upper", "punct", "title_case",
                                  "pipes", "ends_sentence", "bullet", "dateish", "urlish", "sentences", "ends_colon",
                                  "first_upper", "commas_per_word"])
def test_page_wide_columns_equal_a_line_by_line_reading(name):
    lines = _page()
    X = _features(lines)
    assert X.shape == (len(lines), len(FEATURE_NAMES))
    expected = []
    for line in lines:
        words = _WORD.findall(line)
        n, chars = len(words), max(len(line), 1)
        letters = sum(c.isalpha() for c in line)
        expected.append({
            "log_words": np.log1p(n),
            "mean_word_len": sum(map(len, words)) / n if n else 0.0,
            "letters": letters / chars,
            "digits": sum(c.isdigit() for c in line) / chars,
            "upper": sum(c.isupper() for c in line) / max(sum(c.isupper() or c.islower() for c in line), 1),
            "punct": sum(not c.isalnum() and not c.isspace() for c in line) / chars,
            "title_case": sum(w[0].isupper() for w in words) / max(n, 1),
            "pipes": sum(c in "|·•»›/" for c in line) / max(n, 1),
            "ends_sentence": bool(re.search(r"[.!?…。！？]['\"’”»)\]]*$", line)),
            "bullet": bool(re.match(r"^(?:[-•*·–—▪►]|\d{1,3}[.)])\s", line)),
            "dateish": bool(re.search(r"\b(?:19|20)\d\d\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b", line)),
            "urlish": bool(re.search(r"https?://|www\.|\.com\b|@\w", line, re.I)),
            "sentences": len(re.findall(r"[.!?。！？](?:\s|$)", line)),
            "ends_colon": line.endswith(":"),
            "first_upper": line[:1].isupper() or (line[:1].isalpha() and not line[:1].islower()),
            "commas_per_word": line.count(",") / max(n, 1),
        }[name])
    np.testing.assert_array_equal(X[:, BASE.index(name)], np.asarray(expected, dtype=np.float32))


def test_empty_lines_and_single_lines_do_not_break_the_page_arithmetic():
    assert _features(["", "a", "", ""]).shape == (4, len(FEATURE_NAMES))
    assert _features(["only"]).shape == (1, len(FEATURE_NAMES))


def test_the_rules_verdicts_are_inputs_and_prose_is_the_shared_definition():
    lines = _page()
    rule = [i % 3 == 0 for i in range(len(lines))]
    heading = [i % 5 == 0 for i in range(len(lines))]
    X = line_features(lines, rule=rule, heading=heading)
    np.testing.assert_array_equal(X[:, BASE.index("rule")], np.asarray(rule, dtype=np.float32))
    np.testing.assert_array_equal(X[:, BASE.index("heading")], np.asarray(heading, dtype=np.float32))
    np.testing.assert_array_equal(X[:, BASE.index("prose")], np.asarray([is_prose(line) for line in lines], dtype=np.float32))
    chinese = "捷克政府周三表示，该国外交部的网络自二零二二年起遭到入侵，并将此事归咎于一个黑客组织。"
    assert _features([chinese])[0, BASE.index("prose")] == 1


def test_a_sentence_reads_alike_in_scripts_with_and_without_capitals_and_spaces():
    """The same sentence in English and in Thai, Lao, Khmer, Burmese, Korean: about as many words, starts like a sentence."""
    english = "The government announced new measures to help farmers."
    X = _features([english, *_SCRIPTS_WITHOUT_CASE[:5]])
    words = np.expm1(X[:, BASE.index("log_words")])
    assert words[0] == 8 and all(6 <= n <= 16 for n in words[1:]), words
    assert (X[:, BASE.index("first_upper")] == 1).all()
    assert (X[:, BASE.index("upper")][1:] == 0).all() and X[0, BASE.index("upper")] > 0


def test_the_model_refuses_a_file_trained_on_other_features(tmp_path, monkeypatch):
    from cleaner.boilerplate import linemodel

    assert_refuses_other_features(linemodel._booster, tmp_path, monkeypatch)


def test_a_second_pass_over_cached_lines_gives_the_features_of_a_fresh_reading():
    from cleaner.boilerplate import linefeatures

    lines = _page()
    kept = [line for i, line in enumerate(lines) if i % 3] + ["A line the first pass never saw, rejoined."]
    linefeatures._cache.clear()
    fresh = _features(kept)
    _features(lines)  # the first pass: every line of the page measured and cached
    assert all(line in linefeatures._cache for line in lines)
    np.testing.assert_array_equal(_features(kept), fresh)  # most lines from the cache, one measured anew
