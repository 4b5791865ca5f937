"""count_words: its ASCII shortcut counts what the word pattern finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.words import WORD, count_words


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(st.characters(max_codepoint=127)), st.text()))
def test_count_words_is_the_number_of_words_the_pattern_finds(text):
    assert count_words(text) == len(WORD.findall(text))


def test_every_ascii_character_is_counted_as_the_pattern_reads_it():
    for code in range(128):
        text = f"a{chr(code)}b"
        assert count_words(text) == len(WORD.findall(text)), repr(text)
