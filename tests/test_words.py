"""count_words: its shortcut (text whose word characters are all ASCII) counts what the word pattern finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.words import WORD, count_text_words, count_words


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(st.characters(max_codepoint=127)), st.text(st.characters(max_codepoint=0x3100)), st.text()))
def test_count_words_is_the_number_of_words_the_pattern_finds(text):
    assert count_text_words(text) == count_words(text) == len(WORD.findall(text))


def test_every_character_of_the_basic_plane_is_counted_as_the_pattern_reads_it():
    for code in range(0x10000):
        for text in (f"a{chr(code)}b", f"\u2019{chr(code)} \u2019"):
            assert count_text_words(text) == len(WORD.findall(text)), repr(text)
