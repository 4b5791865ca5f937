"""count_words: its shortcut (text whose word characters are all ASCII) counts what the word pattern finds."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.words import WORD, content_words, count_text_words, count_words


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(st.characters(max_codepoint=127)), st.text(st.characters(max_codepoint=0x3100)), st.text()))
def test_count_words_is_the_number_of_words_the_pattern_finds(text):
    assert count_text_words(text) == count_words(text) == len(WORD.findall(text))


def test_every_character_of_the_basic_plane_is_counted_as_the_pattern_reads_it():
    for code in range(0x10000):
        for text in (f"a{chr(code)}b", f"\u2019{chr(code)} \u2019"):
            assert count_text_words(text) == len(WORD.findall(text)), repr(text)


# "The government announced new measures to help farmers affected by the floods." (12 words), as a
# newspaper in each script would write it: Thai, Lao, Khmer and Burmese put no spaces between words
_SAME_SENTENCE = {
    "th": "รัฐบาลประกาศมาตรการใหม่เพื่อช่วยเหลือเกษตรกรที่ได้รับผลกระทบจากน้ำท่วม",
    "lo": "ລັດຖະບານໄດ້ປະກາດມາດຕະການໃໝ່ເພື່ອຊ່ວຍເຫຼືອຊາວກະສິກອນທີ່ໄດ້ຮັບຜົນກະທົບຈາກໄພນ້ຳຖ້ວມ",
    "km": "រដ្ឋាភិបាលបានប្រកាសវិធានការថ្មីដើម្បីជួយកសិករដែលរងផលប៉ះពាល់ពីទឹកជំនន់។",
    "my": "အစိုးရသည် ရေကြီးမှုကြောင့် ထိခိုက်ခဲ့သော လယ်သမားများကို ကူညီရန် အစီအမံအသစ်များကို ကြေညာခဲ့သည်။",
}


def test_a_sentence_in_a_script_without_spaces_counts_about_as_many_words_as_in_english():
    """Thai, Lao, Khmer, Burmese: a word unit is up to three letters with their marks, so the sentence counts
    roughly its English translation's 12 words (15-21; a unit a letter would count 39-63; runs of ``\\w``,
    cut at every vowel mark, counted 11-28, by how many marks the script writes)."""
    for lang, sentence in _SAME_SENTENCE.items():
        assert 12 <= count_words(sentence) <= 22, (lang, count_words(sentence))


def test_a_word_unit_keeps_its_vowel_and_tone_marks():
    for lang, sentence in _SAME_SENTENCE.items():
        units = WORD.findall(sentence)
        assert "".join(units) == "".join(c for c in sentence if c.isalnum() or unicodedata.category(c)[0] == "M"), lang
        assert all(unicodedata.category(unit[0])[0] in "LN" for unit in units), lang  # never a mark cut off


def test_korean_spaces_its_words_and_counts_them_as_they_stand():
    sentence = "정부는 홍수 피해를 입은 농민들을 돕기 위한 새로운 대책을 발표했다."
    assert WORD.findall(sentence) == sentence.rstrip(".").split() and count_words(sentence) == 10


def test_content_words_of_thai_are_the_same_wherever_the_word_stands():
    """Topicality compares the words lines share: a Thai word gives the same runs in any sentence."""
    floods = "น้ำท่วม"
    first, second = f"เกษตรกรได้รับผลกระทบจาก{floods}", f"{floods}ทำให้ถนนหลายสายปิด"
    assert content_words(floods) <= content_words(first) & content_words(second)
    assert not content_words("ฟุตบอลนัดชิงชนะเลิศ") & content_words(first)
