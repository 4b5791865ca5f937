"""Language stage: deterministic tags, und for short text, the filter."""

from __future__ import annotations

from cleaner import clean, clean_many
from cleaner.language import detect_language

SAMPLES = {
    "en": "The Czech government delivered a pointed warning to China on Wednesday about the attack.",
    "cs": "Česká vláda ve středu důrazně varovala Čínu a připsala útok skupině APT31.",
    "de": "Die tschechische Regierung hat China am Mittwoch für einen Cyberangriff verantwortlich gemacht.",
    "fr": "Le gouvernement tchèque a accusé mercredi la Chine d'être responsable d'une cyberattaque.",
}


def test_languages_are_detected():
    for code, text in SAMPLES.items():
        assert detect_language(text) == code


def test_detection_is_deterministic_for_ambiguous_text():
    text = "Prague Praha APT31 Zirconium Judgment Panda MSS NATO EU"
    assert len({detect_language(text) for _ in range(20)}) == 1


def test_too_short_is_undetermined():
    assert detect_language("OK") == "und"
    assert detect_language("12345 67890 !!!") == "und"


def test_lang_filter_drops_other_languages():
    docs = list(clean_many([SAMPLES["en"], SAMPLES["de"]], lang=frozenset({"de"}), dedup="off"))
    assert [d.dropped for d in docs] == ["language", ""]
    assert clean(SAMPLES["cs"]).lang == "cs"
