"""langdetect's table in the cache folder: the same rows and detections as langdetect's own factory, rebuilt when its key changes."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from cleaner import langprofiles
from cleaner.langprofiles import FORMAT, TableFile, factory, langdetect_factory, lazy_factory, table_path

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def full():
    return langdetect_factory()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A cache folder that holds the table (built once for this module)."""
    folder = tmp_path_factory.mktemp("cache")
    lazy_factory(folder)
    return folder


@pytest.fixture(scope="module")
def lazy(built):
    return lazy_factory(built)


def _texts() -> list[str]:
    sys.path.insert(0, str(ROOT / "scripts"))
    from pages import gold_text, load

    return [gold_text(spec) for folder in ("eval", "train", "golden") for spec in load(ROOT / "corpus" / folder)]


def _probabilities(detectors, text: str) -> list[tuple[str, float]]:
    detectors.set_seed(0)
    detector = detectors.create()
    detector.n_trial = 3
    detector.append(text[:600])
    return [(found.lang, found.prob) for found in detector.get_probabilities()]


def test_every_row_of_the_table_file_is_langdetects(full, built):
    table = TableFile(table_path(built))
    assert table.langs == full.langlist
    for word, row in full.word_lang_prob_map.items():
        assert table.row(word) == row, word
    assert table.row("\u2603\u2603") is None  # in no profile


def test_cached_and_uncached_detection_agree_on_real_pages(full, lazy):
    texts = _texts()
    assert len(texts) > 150
    langs = set()
    for text in texts:
        expected = _probabilities(full, text)
        assert _probabilities(lazy, text) == expected, text[:80]
        langs.add(expected[0][0])
    assert len(langs) >= 15


def test_the_table_is_built_once_then_read(built, monkeypatch):
    written = table_path(built).stat().st_mtime_ns
    monkeypatch.setattr(langprofiles, "langdetect_factory", lambda: pytest.fail("rebuilt a table that exists"))
    again = lazy_factory(built)
    assert "en" in again.langlist and table_path(built).stat().st_mtime_ns == written


def test_a_changed_profile_changes_the_key_and_the_table_is_rebuilt(tmp_path, monkeypatch):
    from langdetect import detector_factory

    profiles = tmp_path / "profiles"
    shutil.copytree(detector_factory.PROFILES_DIRECTORY, profiles)
    monkeypatch.setattr(detector_factory, "PROFILES_DIRECTORY", str(profiles))
    before = table_path(tmp_path)
    text = (profiles / "de").read_text(encoding="utf-8")
    (profiles / "de").write_text(text.replace('"n_words":', '"n_words" :', 1), encoding="utf-8")  # one byte more
    assert table_path(tmp_path) != before


def test_a_table_of_another_format_has_another_name_and_is_refused(built, monkeypatch):
    old = table_path(built)
    monkeypatch.setattr(langprofiles, "FORMAT", FORMAT + 1)
    assert table_path(built) != old  # the format is part of the key
    with pytest.raises(ValueError, match="table format"):
        TableFile(old)


def test_an_unwritable_cache_folder_falls_back_to_langdetect(tmp_path, full, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    fallback = factory(blocker / "cache")
    assert fallback.langlist == full.langlist and isinstance(fallback.word_lang_prob_map, dict)
    assert "cannot keep langdetect's table" in capsys.readouterr().err
    assert _probabilities(fallback, "Die Regierung hat am Mittwoch gesprochen.")[0][0] == "de"


def test_the_set_up_command_builds_the_table(tmp_path, monkeypatch, capsys):
    """``python -m cleaner.cli.model`` (``make run``) leaves the table in the cache folder, so no run pays for it."""
    from cleaner.boilerplate import compiled
    from cleaner.cli import model

    monkeypatch.setenv(model.ENV_CACHE, str(tmp_path))
    monkeypatch.setenv(model.ENV_MODEL, "lightgbm")  # no native compile in a test
    previous = compiled.settings()
    try:
        assert model.main() == 0
    finally:
        compiled.configure(previous)
    assert table_path(tmp_path).exists() and "LightGBM will score lines" in capsys.readouterr().out
