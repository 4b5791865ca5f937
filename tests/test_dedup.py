"""Tests of the cross-article near-duplicate sentence/quote dedup stage."""

from __future__ import annotations

import json
import multiprocessing
import pickle
import sys
from pathlib import Path

import pytest

from cleaner.dedup.deduper import Deduper, unit_signatures
from cleaner.document import Document, Duplicate
from cleaner.sentences import split_sentences

from .conftest import needs_shared

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GOLD = SHARED / "gold" / "clean"


def _canon(text: str) -> str:
    table = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "’": "'", "‘": "'"})
    return " ".join(text.translate(table).casefold().split())


def _seeds() -> list[tuple[str, list[str]]]:
    return [(p.stem, p.read_text(encoding="utf-8").splitlines()) for p in sorted(GOLD.glob("*.txt"))]


def _run(docs: list[tuple[str, list[str]]], sigs: list | None = None, **kw: object) -> dict[str, tuple]:
    out = {}
    with Deduper(**kw) as d:
        for i, (doc_id, paras) in enumerate(docs):
            out[doc_id] = d.apply_paragraphs(doc_id, paras, sigs[i] if sigs else unit_signatures(paras))
    return out


@needs_shared
def test_gold_seed_batch() -> None:
    gold = json.loads((SHARED / "gold" / "dedup.json").read_text(encoding="utf-8"))
    docs = _seeds()
    assert [d for d, _ in docs] == gold["order"]
    out = _run(docs)
    for case in gold["removed"]:
        paras, dups = out[case["doc"]]
        needle = _canon(case["contains"])
        assert needle not in _canon("\n".join(paras)), case
        traced = [d for d in dups if needle in _canon(d.text)]
        assert traced and all(d.first_seen == case["first_seen"] for d in traced), case
    for case in gold["kept"]:
        assert _canon(case["contains"]) in _canon("\n".join(out[case["doc"]][0])), case
    # nothing else is removed: exactly the four gold sentences
    assert sum(len(dups) for _, dups in out.values()) == len(gold["removed"])


BASE = [
    "The Government of the Czech Republic strongly condemns this malicious cyber campaign against its critical "
    "infrastructure,” the statement read.",
    "Officials said the attackers first entered the unclassified network of the foreign ministry in 2022 and stayed "
    "there for months.",
    "The company said it would cut 2,000 jobs across its European plants by the end of next year.",
    "Police arrested a 34-year-old man in the northern city of Leeds after a two-day search.",
]
FIRST = [
    "“The Government of the Czech Republic strongly condemns this malicious cyber campaign against its critical "
    "infrastructure,” the statement read. “Such behaviour undermines trust.”",
    "Officials said the attackers first entered the unclassified network of the foreign ministry in 2022, and stayed "
    "there for months.",
    "The company said it would cut 2,000 jobs across its European plants by the end of next year.",
    "Police arrested a 34-year-old man in the northern city of Leeds after a two-day search.",
]

POSITIVES = [
    # quote style swapped, attribution changed, appended to an existing paragraph
    "Other news came first. \"The Government of the Czech Republic strongly condemns this malicious cyber campaign "
    "against its critical infrastructure,\" the ministry said.",
    # standalone, comma dropped
    "Officials said the attackers first entered the unclassified network of the foreign ministry in 2022 and stayed "
    "there for months.",
    # one word changed
    "Officials said the attackers first entered the unclassified network of the interior ministry in 2022, and "
    "stayed there for months.",
    # apostrophes / case / spacing / straight quotes
    "THE COMPANY  SAID IT WOULD CUT 2000 JOBS ACROSS ITS EUROPEAN PLANTS BY THE END OF NEXT YEAR.",
]

NEGATIVES = [
    # same topic
    "The Czech foreign ministry said the intrusion was detected early and the network has since been rebuilt.",
    # paraphrase
    "Prague strongly condemned what it called a hostile cyberattack on vital national infrastructure.",
    # same template, different object
    "Police arrested a 34-year-old woman in the southern town of Brighton after a week-long search.",
    # different numbers
    "The company said it would cut 3,000 jobs across its European plants by the end of next year.",
    "Police arrested a 43-year-old man in the northern city of Leeds after a two-day search.",
]


def test_injected_near_duplicates_are_removed_and_traced() -> None:
    for text in POSITIVES:
        out = _run([("first", FIRST), ("later", ["Intro sentence stays here.", text])])
        paras, dups = out["later"]
        assert len(dups) == 1, text
        assert dups[0].first_seen == "first" and dups[0].similarity >= 0.6
        assert isinstance(dups[0], Duplicate)
        assert paras[0] == "Intro sentence stays here."
        if text.startswith("Other news"):
            assert paras[1] == "Other news came first."  # only the duplicate sentence was cut
        else:
            assert len(paras) == 1  # the emptied paragraph is dropped


def test_negatives_stay() -> None:
    out = _run([("first", FIRST), ("later", NEGATIVES)])
    paras, dups = out["later"]
    assert dups == [] and paras == NEGATIVES


def test_repeated_quote_removes_its_sentence() -> None:
    later = ["“Such behaviour undermines trust,” a spokesman told reporters on Tuesday afternoon."]
    # the quote is under 8 words, so the sentence stays; a long repeated quote takes the sentence
    assert _run([("first", FIRST), ("later", later)])["later"][1] == []
    rest = ("He left. Officials in Prague said the ministry would publish its full findings next month, after a review "
            "of every unclassified network by the national security agency and two outside auditors.")
    long_q = ["Asked about it, the spokesman repeated that “the Government of the Czech Republic strongly condemns "
              f"this malicious cyber campaign against its critical infrastructure.” {rest}"]
    paras, dups = _run([("first", FIRST), ("later", long_q)])["later"]
    assert paras == [rest] and dups[0].first_seen == "first"


def test_short_units_match_only_exactly_generic_ones_never_and_mark_mode() -> None:
    first = ["Why? It was a dry day. He said no to the deal. The weather was fine."]
    later = ["Why? It was a dry day. He said no to the deals! The weather was fine."]
    with Deduper(mode="mark") as d:
        d.apply_paragraphs("a", first, unit_signatures(first))
        paras, dups = d.apply_paragraphs("b", later, unit_signatures(later))
    assert paras == later
    # 5+ words under 25 characters: exact copies only; under 5 words ("Why?", "The weather was fine."): never
    assert [x.text for x in dups] == ["It was a dry day."]


def test_earliest_document_wins_and_no_self_match() -> None:
    text = ["Officials said the attackers first entered the unclassified network of the foreign ministry in 2022."]
    dup_within = text + text
    out = _run([("a", dup_within), ("b", text), ("c", text)])
    assert out["a"][1] == []  # a document never matches itself
    assert [d.first_seen for d in out["b"][1]] == ["a"] and [d.first_seen for d in out["c"][1]] == ["a"]


def test_state_persists_across_runs(tmp_path: Path) -> None:
    db = str(tmp_path / "seen.sqlite")
    with Deduper(state_path=db) as d:
        d.apply_paragraphs("first", FIRST, unit_signatures(FIRST))
    with Deduper(state_path=db) as d:
        paras, dups = d.apply_paragraphs("later", POSITIVES[1:2], unit_signatures(POSITIVES[1:2]))
        assert paras == [] and dups[0].first_seen == "first"
        # re-applying a known document is idempotent: it only sees what came before it
        again, none = d.apply_paragraphs("first", FIRST, unit_signatures(FIRST))
        assert again == FIRST and none == []
    with Deduper(state_path=db) as d:
        assert d.state.n_units == len(unit_signatures(FIRST).norms) + len(unit_signatures(POSITIVES[1:2]).norms)


def test_persistent_matches_in_memory_after_compaction(tmp_path: Path) -> None:
    docs = [(f"d{i}", [f"Sentence number {i} talks about a rather specific topic of its own here.", BASE[i % 4]])
            for i in range(40)]
    mem = _run(docs)
    with Deduper(state_path=str(tmp_path / "s.db")) as d:
        for doc_id, paras in docs[:20]:
            d.apply_paragraphs(doc_id, paras, unit_signatures(paras))
        d.state.compact()
    disk = {}
    with Deduper(state_path=str(tmp_path / "s.db")) as d:
        for doc_id, paras in docs:
            disk[doc_id] = d.apply_paragraphs(doc_id, paras, unit_signatures(paras))
    assert disk == mem


@needs_shared
def test_signatures_in_worker_processes_match_serial() -> None:
    docs = _seeds() + [("later", POSITIVES), ("neg", NEGATIVES)]
    serial = [unit_signatures(p) for _, p in docs]
    ctx = multiprocessing.get_context("spawn")  # fresh interpreters: no shared hash seed or caches
    with ctx.Pool(2) as pool:
        parallel = pool.map(unit_signatures, [p for _, p in docs])
    for a, b in zip(serial, parallel, strict=True):
        assert a.norms == b.norms and (a.exact == b.exact).all() and (a.bands == b.bands).all()
    assert pickle.loads(pickle.dumps(serial[0])).norms == serial[0].norms
    assert _run(docs, parallel) == _run(docs, serial)


def test_sentence_splitter() -> None:
    text = ("“The Government strongly condemns this campaign,” the statement read. “Such behavior undermines the "
            "credibility of the People’s Republic of China.” Dr. Smith of the U.S. Army agreed. Was it 3.5 p.m.? Yes!")
    assert split_sentences(text) == [
        "“The Government strongly condemns this campaign,” the statement read.",
        "“Such behavior undermines the credibility of the People’s Republic of China.”",
        "Dr. Smith of the U.S. Army agreed.",
        "Was it 3.5 p.m.? Yes!",
    ][:3] + ["Was it 3.5 p.m.?", "Yes!"]
    assert split_sentences("Привет. Как дела? Хорошо.") == ["Привет.", "Как дела?", "Хорошо."]
    assert split_sentences("東京は晴れ。大阪は雨！") == ["東京は晴れ。", "大阪は雨！"]


def test_signatures_in_a_process_pool_match_serial_without_shared_data() -> None:
    # --jobs: signatures computed in worker processes, applied in input order, give the serial output
    docs = [("first", FIRST), ("base", BASE), ("later", POSITIVES), ("neg", NEGATIVES), ("again", FIRST[:2])]
    serial = [unit_signatures(p) for _, p in docs]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        parallel = pool.map(unit_signatures, [p for _, p in docs], chunksize=1)
    assert _run(docs, parallel) == _run(docs, serial)
    assert sum(len(dups) for _, dups in _run(docs, parallel).values()) > 0


def test_normalise_fast_paths_match_the_general_one() -> None:
    """ASCII on bytes, and text whose other characters all go (’ “ ”) replaced one by one, as the general steps."""
    import unicodedata

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from cleaner.dedup import minhash
    from cleaner.dedup.minhash import normalise

    def general(text: str) -> str:
        text = unicodedata.normalize("NFKC", text).casefold()
        if minhash._HAS_NUM_SEP.search(text):
            text = minhash._NUM_SEP.sub("", text)
        return " ".join(text.translate(minhash._TABLE).split())

    @settings(max_examples=500, deadline=None)
    @given(st.text(alphabet=st.characters(max_codepoint=127) | st.sampled_from("0123456789,. '`’é“”—ＡΣ한\u00a0"), max_size=40))
    def check(text: str) -> None:
        assert normalise(text) == general(text)

    check()


def test_shingle_overlaps_count_the_shingle_sets() -> None:
    """The vectorised counts are those of the strings' 5-gram sets (short strings, repeats and shared shingles)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from cleaner.dedup.minhash import shingle_overlaps, shingles

    texts = st.text(alphabet="ab cé", max_size=14)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.tuples(texts, texts), min_size=1, max_size=6))
    def check(pairs: list[tuple[str, str]]) -> None:
        later, earlier = [a for a, _ in pairs], [b for _, b in pairs]
        shared, n_later, n_earlier = shingle_overlaps(later, earlier)
        sets = [(shingles(a), shingles(b)) for a, b in pairs]
        assert shared.tolist() == [len(a & b) for a, b in sets]
        assert n_later.tolist() == [len(a) for a, _ in sets] and n_earlier.tolist() == [len(b) for _, b in sets]

    check()


def test_densify_fills_each_empty_bin_from_the_next_full_one_in_its_row() -> None:
    """Cyclically, re-hashed with the distance; a row with no full bin stays empty (Python reference)."""
    import numpy as np

    from cleaner.dedup import minhash

    rng = np.random.default_rng(2)
    for width in (1, 3, 8):
        flat = rng.integers(0, 1000, size=6 * width).astype(np.uint32)
        flat[rng.random(len(flat)) < 0.6] = minhash._EMPTY
        flat[:width] = minhash._EMPTY  # the first row has nothing to copy
        want = flat.copy()
        for row in range(6):
            bins = flat[row * width:(row + 1) * width]
            for c in np.flatnonzero(bins == minhash._EMPTY).tolist():
                full = [d for d in range(1, width + 1) if bins[(c + d) % width] != minhash._EMPTY]
                if full:
                    src = np.uint64(bins[(c + full[0]) % width])
                    want[row * width + c] = np.uint32(minhash._mix64(np.array([src * minhash._P + np.uint64(full[0])]))[0] >> np.uint64(33))
        minhash._densify(flat, width)
        assert flat.tolist() == want.tolist()


def test_eligible_ascii_fast_path_matches_the_general_rule() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from cleaner.dedup.rules import MIN_WORDS, eligible

    @settings(max_examples=500, deadline=None)
    @given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
    def check(norm: str) -> None:
        assert eligible(norm) == (any(ch.isalpha() for ch in norm) and norm.count(" ") + 1 >= MIN_WORDS)

    check()


@pytest.mark.parametrize("shift", [None, 3])
def test_band_lookup_over_many_levels_matches_brute_force(shift: int | None) -> None:
    """Also with levels that may span only 8 uids (``shift`` 3: split and left unmerged where they would span more)."""
    import numpy as np

    from cleaner.dedup.state import SeenState

    rng = np.random.default_rng(5)
    st = SeenState(bands=4)
    if shift is not None:
        st._shift = shift
    rows = []
    for doc in range(40):  # keys from a small range: many shared keys and runs of equal keys
        bands = rng.integers(0, 30, size=(int(rng.integers(0, 6)), 4)).astype(np.uint32)
        offset = sum(map(len, rows))
        exact = np.arange(offset, offset + len(bands), dtype=np.uint64)  # distinct texts: every unit is indexed
        st.add_document(f"d{doc}", [f"u{doc}-{i}" for i in range(len(bands))], exact, bands)
        rows.append(bands)
    seen = np.concatenate(rows)
    query = rng.integers(0, 30, size=(25, 4)).astype(np.uint32)
    want = [[u for u in range(len(seen)) if (seen[u] == q).any()] for q in query]
    assert st.band_candidates(query) == want
    assert all(level.last - level.base < 1 << st._shift for level in st._levels)
    st.compact()
    assert st.band_candidates(query) == want
    assert len(st._levels) == 1 or shift is not None
    st.close()


def test_exact_repeats_stay_out_of_the_index_and_change_no_answer() -> None:
    """A stream of copies keeps the index flat, and a later near-copy still points at the first article."""
    from cleaner.dedup.deduper import Deduper

    statement = ("“We call on China to adhere to these norms and principles in cyberspace,” "
                 "the Czech foreign ministry said in a statement on Wednesday.")
    article = [statement, "Officials in Prague said the attack had targeted an unclassified network for years."]
    with Deduper() as deduper:
        deduper.apply_paragraphs("first", article)
        size = sum(level.size for level in deduper.state._levels)
        for k in range(20):
            _, found = deduper.apply_paragraphs(f"copy{k}", article)
            assert [d.first_seen for d in found] == ["first", "first"]
        assert sum(level.size for level in deduper.state._levels) == size
        near = statement.replace("“", '"').replace("”", '"').replace("said in a statement", "said")
        kept, found = deduper.apply_paragraphs("later", [near + " More will follow."])
        assert [d.first_seen for d in found] == ["first"]


def test_an_earlier_near_copy_beats_a_later_exact_one() -> None:
    """The exact hit is the text's first copy, but a near copy from an earlier document still wins."""
    from cleaner.dedup.deduper import Deduper

    statement = "The ministry said on Monday that the attack had targeted an unclassified network for years."
    near = statement.replace("on Monday", "on Tuesday")
    with Deduper() as deduper:
        deduper.apply_paragraphs("near", [near])
        deduper.apply_paragraphs("exact", [statement])
        _, found = deduper.apply_paragraphs("copy", [statement])
    assert [d.first_seen for d in found] == ["near"]


# --- repeats inside longer lines, generic short lines, whole-article duplicates -----------------------------------

STATEMENT = ("The Government of the Czech Republic strongly condemns this malicious cyber campaign against its critical "
             "infrastructure.")


def _dedup(docs: list[tuple[str, list[str]]], mode: str = "remove") -> dict[str, Document]:
    with Deduper(mode=mode) as d:
        return {doc_id: d.apply(Document(id=doc_id, paragraphs=list(paras))) for doc_id, paras in docs}


def test_a_repeat_glued_into_a_longer_line_goes_and_the_rest_of_the_line_stays() -> None:
    glued = "The embassy summoned the ambassador on Thursday. " + STATEMENT[0].lower() + STATEMENT[1:] + " Talks were off."
    out = _dedup([("a", [f"Officials met in Prague on Wednesday. {STATEMENT}"]), ("b", [glued])])
    assert out["b"].paragraphs == ["The embassy summoned the ambassador on Thursday. Talks were off."]
    assert [(d.first_seen, d.text[:19]) for d in out["b"].duplicates] == [("a", "the Government of t")]


@pytest.mark.parametrize("later", [
    STATEMENT[:-1] + ", officials said.",  # an attribution appended
    "The ministry gave no further details " + STATEMENT,  # a paragraph break lost: no sentence end before it
])
def test_a_repeat_inside_a_longer_unit_is_found_by_containment(later: str) -> None:
    out = _dedup([("a", ["Officials met in Prague on Wednesday.", STATEMENT]), ("b", [later, "Talks were cancelled."])])
    assert [d.first_seen for d in out["b"].duplicates] == ["a"]
    assert "malicious" not in out["b"].text and "Talks were cancelled." in out["b"].text
    if later.startswith("The ministry"):
        assert out["b"].paragraphs[0] == "The ministry gave no further details"  # only the repeated span went


GENERIC = ["Why?", "Ready?", "That's it.", "Here's the thing:", "More.", "STAFF", "Pros:", "Frequently asked questions"]


@needs_shared
def test_short_generic_lines_are_never_duplicates() -> None:
    bodies = [[line.strip() for line in p.read_text(encoding="utf-8").split("\n") if line.strip()][:4]
              for p in sorted((SHARED / "data" / "dev").glob("*.gold.txt"))[:3]]
    out = _dedup([(f"d{k}", GENERIC[: 4 + k] + body) for k, body in enumerate(bodies)])
    for doc in out.values():
        assert not doc.duplicates and doc.paragraphs[:4] == GENERIC[:4]


def test_genuine_shared_repeats_still_go() -> None:
    credit = "Originally published on The Conversation."
    boiler = "About Acme: Acme Industries makes pumps and valves for water utilities in twelve countries."
    out = _dedup([("a", ["The pumps were installed in March.", boiler, credit]),
                  ("b", ["The council approved the budget on Monday evening.", boiler, credit])])
    assert out["b"].paragraphs == ["The council approved the budget on Monday evening."]
    assert [d.first_seen for d in out["b"].duplicates] == ["a", "a"]


def _gold(k: int) -> list[str]:
    path = sorted((SHARED / "data" / "dev").glob("*.gold.txt"))[k]
    return [line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


@needs_shared
def test_a_whole_article_duplicate_is_dropped_and_names_the_article_it_repeats() -> None:
    first, second = _gold(0), _gold(1)
    syndicated = [p.replace(" the ", " the ", 1) for p in second] + ["Copyright 2025 the syndicating site."]
    out = _dedup([("a", first), ("b", second), ("c", syndicated)])
    assert (out["b"].dropped, out["b"].duplicate_of) == ("", "")
    assert (out["c"].dropped, out["c"].duplicate_of) == ("duplicate", "b")
    assert out["c"].to_record()["text"] == ""  # never written as a husk
    marked = _dedup([("a", first), ("b", second), ("c", syndicated)], mode="mark")["c"]
    assert (marked.dropped, marked.duplicate_of, marked.paragraphs) == ("", "b", syndicated)


@needs_shared
def test_a_whole_article_duplicate_of_two_articles_names_the_one_with_more_then_the_earliest() -> None:
    first, second = _gold(2), _gold(3)
    both = first + second
    out = _dedup([("a", first), ("b", second), ("c", both)])
    share_a, share_b = sum(map(len, first)), sum(map(len, second))
    assert out["c"].dropped == "duplicate"
    assert out["c"].duplicate_of == ("a" if share_a >= share_b else "b")
    one = "The council approved the new budget on Monday after a long debate."
    two = "Residents said the new tram would cut their daily commute by half."
    assert len(one) == len(two)
    tie = _dedup([("a", [one]), ("b", [two]), ("c", [two, one])])["c"]
    assert tie.duplicate_of == "a"  # equal shares: the earliest article


@pytest.mark.slow  # a sweep: 160 real articles with injected near-duplicates (bench/bench_dedup_quality.py)
@needs_shared
def test_injected_near_duplicates_in_real_articles_are_found_without_false_removals() -> None:
    """A small run of the benchmark (bench/bench_dedup_quality.py) on 160 real articles."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from bench_dedup_quality import articles, inject, run, score

    docs, injected = inject(articles()[:160], rate=0.6, seed=4)
    out, _, _ = run(docs, None, split=False)
    result = score(docs, injected, out)
    assert len(injected) >= 100
    assert result["recall"] >= 0.95, result["by_kind"]
    assert result["per_1000"] <= 1.0, result["false_list"]


def test_stats_count_the_candidates_found_and_the_ones_compared() -> None:
    said = "The minister said the new bridge across the river would open to traffic in the spring of next year."
    reworded = "The minister said the new bridge across the river will open to traffic in the spring of next year."
    with Deduper() as deduper:
        deduper.apply(Document(id="a", paragraphs=[said, "Local shops expect more visitors once it opens."]))
        assert deduper.stats["verified"] == 0  # nothing earlier to compare with
        later = deduper.apply(Document(id="b", paragraphs=["Work started in March.", reworded]))
    assert [d.first_seen for d in later.duplicates] == ["a"]
    assert 1 <= deduper.stats["verified"] <= deduper.stats["candidates"]
