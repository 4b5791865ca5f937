"""The line model's lexicon: what words say, learned from labelled pages, silent in languages it has not seen."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from cleaner.boilerplate import lexicon
from cleaner.boilerplate.linefeatures import FEATURE_NAMES, LEXICAL, lexical_columns

from .conftest import ROOT, SHARED, needs_shared

sys.path.insert(0, str(ROOT / "scripts"))

from lexical_fit import GROUPS, PageRecord, fill_lexical, reads_no_lexicon  # noqa: E402

MENU = ["Startseite", "Politik", "Mit Freunden teilen", "Kommentieren"]
ARTICLE = ["Der Stadtrat hat am Dienstag beschlossen, die Brücke über den Fluss bis zum Herbst zu sanieren.",
           "Die Arbeiten sollen nach Angaben der Verwaltung rund vier Millionen Euro kosten."]


def _page(menu: list[str], article: list[str]) -> tuple[list[str], list[int]]:
    return menu + article, [0] * len(menu) + [1] * len(article)


def test_a_lexicon_learns_menu_words_from_pages_and_scores_new_lines_by_them():
    lex = lexicon.build([_page(MENU, ARTICLE)] * 4)
    score, known = lexicon.scores(["Kommentieren", "Der Stadtrat hat beschlossen.", "Le conseil a décidé."], lex)
    assert score[0] < 0 < score[1]
    assert known[2] == 0.0 and score[2] == 0.0  # French words it never saw: nothing said


def test_a_token_on_fewer_pages_than_the_minimum_says_nothing():
    lex = lexicon.build([_page(MENU, ARTICLE)] * (lexicon.MIN_PAGES - 1))
    assert lex == {}


def test_building_and_saving_are_deterministic(tmp_path):
    pages = [_page(MENU, ARTICLE), _page(MENU[:2], ARTICLE[:1]), _page(MENU[2:], ARTICLE[1:])] * 2
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    lexicon.save(lexicon.build(pages), first)
    lexicon.save(lexicon.build(list(reversed(pages))), second)
    assert first.read_bytes() == second.read_bytes() and first.stat().st_size > 0


def test_without_a_lexicon_every_lexical_column_reads_zero():
    previous = lexicon.use_lexicon(None)
    try:
        assert not lexical_columns(MENU + ARTICLE).any()
    finally:
        lexicon.use_lexicon(previous)


def test_the_lexical_columns_are_the_last_of_the_feature_names():
    assert FEATURE_NAMES[-len(LEXICAL):] == LEXICAL
    assert lexical_columns(MENU + ARTICLE, {"politik": -1.5}).shape == (6, len(LEXICAL))


def test_cross_fitting_never_shows_a_page_its_own_labels():
    """A word whose labels come from one group's pages (and two others) is unknown on that group's pages:
    their lexicon is learned from the two others alone, too few pages; a page of another group knows it."""
    names = [f"page{i}" for i in range(40) if not reads_no_lexicon(f"page{i}")][:2 * GROUPS]
    teaching = {names[0], names[GROUPS], names[1], names[2]}  # groups 0, 0, 1, 2
    records, rows = [], 0
    for i, name in enumerate(names):
        labels = np.array([1 if name in teaching else -1, 0, 0])
        records.append(PageRecord(name, ["Zytglogge closed", "Share", "Home"], labels, rows, np.ones(3, dtype=bool),
                                  i % GROUPS))
        rows += 3
    X = np.zeros((rows, len(FEATURE_NAMES)), dtype=np.float32)
    shipped = fill_lexical(X, records)
    lex = FEATURE_NAMES.index("lex")
    assert shipped["zytglogge"] > 0
    assert X[0, lex] < X[3 * 3, lex]  # page 0 (group 0) reads less than page 3 (group 3), which reads all four


@pytest.mark.skipif(not lexicon.LEXICON_PATH.exists(), reason="no lexicon shipped")
def test_the_shipped_lexicon_tells_a_share_bar_from_an_article_sentence():
    score, _ = lexicon.scores(["Share this article", "The minister said on Monday that the talks had failed."])
    assert score[0] < score[1]


@needs_shared
def test_training_twice_gives_the_same_model_and_lexicon(tmp_path):
    """scripts/train_linemodel.py on 12 train/ pages, twice: the model and its lexicon, byte for byte."""
    import subprocess

    train = tmp_path / "train"
    train.mkdir()
    names = sorted(p.name[:-len(".gold.txt")] for p in (SHARED / "data" / "train").glob("*.gold.txt"))[:12]
    for name in names:
        for suffix in (".page.txt", ".gold.txt"):
            (train / f"{name}{suffix}").symlink_to(SHARED / "data" / "train" / f"{name}{suffix}")
    made = []
    for run in ("a", "b"):
        out, words = tmp_path / f"model-{run}.txt", tmp_path / f"lexicon-{run}.tsv"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "train_linemodel.py"), "--data", str(train), "--pages",
                        "none", "--multilingual", "none", "--rounds", "20", "--out", str(out), "--lexicon", str(words)],
                       check=True, capture_output=True, cwd=ROOT)
        made.append((out.read_bytes(), words.read_bytes()))
    assert made[0] == made[1] and made[0][1]  # the lexicon is not empty: 12 pages teach it words
