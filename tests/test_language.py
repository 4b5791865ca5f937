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


def test_fewer_trials_on_a_shorter_sample_give_langdetects_full_answer_on_our_pages():
    """3 trials on 300 characters (the speed setting) against langdetect's 7 on the whole 600-character sample."""
    import sys
    from pathlib import Path

    from cleaner.langprofiles import langdetect_factory
    from cleaner.language import SAMPLE_CHARS

    root = Path(__file__).resolve().parent.parent
    sys.path.insert(0, str(root / "scripts"))
    from pages import gold_text, load

    texts = [gold_text(spec) for folder in ("eval", "train", "golden") for spec in load(root / "corpus" / folder)]
    factory, langs = langdetect_factory(), set()  # langdetect's own, every profile loaded
    factory.set_seed(0)
    assert len(texts) > 150
    for text in texts:
        detector = factory.create()  # langdetect's defaults: 7 trials, the text as given
        detector.append(text[:SAMPLE_CHARS])
        expected = detector.detect()
        assert detect_language(text) == expected, text[:80]
        langs.add(expected)
    assert len(langs) >= 15
