"""cleaner in Hugging Face ``datasets``: ``map(clean_batch)`` then ``dedup_dataset`` gives ``clean_many``'s records.

The five samples (one event, quoting the same statements) and four dev HTML pages twice under new
ids (whole-article duplicates), record by record, byte for byte, with ``num_proc`` 1 and 2.
"""

from __future__ import annotations

import pytest

datasets = pytest.importorskip("datasets")

from cleaner import clean_many  # noqa: E402
from cleaner.hf import clean_batch, dedup_dataset, record_row  # noqa: E402
from cleaner.output import jsonl_line  # noqa: E402

from .conftest import SAMPLES, SHARED, needs_shared  # noqa: E402


def _items() -> list[dict]:
    items = [{"id": p.stem, "text": p.read_text(encoding="utf-8"), "html": None} for p in sorted(SAMPLES.glob("*.txt"))]
    pages = sorted((SHARED / "data" / "dev").glob("*.html"))[:4]
    items += [{"id": f"{copy}/{p.name}", "text": None, "html": p.read_text(encoding="utf-8")} for copy in range(2) for p in pages]
    return items


def _lines(rows) -> list[str]:
    return [jsonl_line(dict(row)) for row in rows]


def _local(items: list[dict], **options) -> list[str]:
    return [jsonl_line(record_row(doc)) for doc in clean_many(items, **options)]


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return _items()


@pytest.fixture(scope="module")
def mapped(items):
    """The per-document map with one process and with two (datasets' own pool)."""
    ds = datasets.Dataset.from_list(items)
    return {n: ds.map(clean_batch, batched=True, batch_size=4, num_proc=n) for n in (1, 2)}


@needs_shared
def test_map_then_ordered_dedup_gives_clean_many_records(items, mapped):
    local = _local(items)
    assert _lines(dedup_dataset(mapped[1], batch_size=5)) == local
    assert sum('"dropped": "duplicate"' in line for line in local) == 4  # the second copies of the HTML pages
    assert sum('"first_seen": "000_' in line for line in local[1:5]) >= 2  # later samples lose the statements the first one quoted


@needs_shared
def test_two_processes_map_the_same_rows_as_one(mapped):
    assert mapped[2].num_rows == mapped[1].num_rows == 13
    assert _lines(mapped[2]) == _lines(mapped[1])
    assert _lines(dedup_dataset(mapped[2])) == _lines(dedup_dataset(mapped[1]))


@needs_shared
def test_map_alone_is_clean_many_without_dedup_and_mark_mode_keeps_the_text(items, mapped):
    assert _lines(mapped[1]) == _local(items, dedup="off")
    marked = dedup_dataset(mapped[1], dedup="mark")
    assert _lines(marked) == _local(items, dedup="mark")
    assert marked["text"] == mapped[1]["text"] and any(marked["duplicates"])


@needs_shared
def test_rows_without_ids_take_their_index_and_options_reach_the_pipeline(items):
    texts = [item["text"] for item in items[:5]] + ["", "Der Minister sagte am Mittwoch, dass die Behörden den Angriff untersuchen."]
    ds = datasets.Dataset.from_dict({"text": texts})
    out = ds.map(clean_batch, batched=True, with_indices=True, fn_kwargs={"lang": {"en"}})
    assert out["id"] == [str(i) for i in range(7)]
    assert out["error"][5] == "empty input" and out["error_kind"][5] == "input"
    assert out["dropped"] == [""] * 6 + ["language"] and out["lang"][6] == "de"
    assert _lines(dedup_dataset(out)) == _local(texts, lang={"en"})  # failed and dropped rows pass the dedup untouched


def test_dedup_inside_map_or_a_missing_id_is_refused():
    ds = datasets.Dataset.from_dict({"text": ["One sentence here."]})
    with pytest.raises(ValueError, match="ordered pass"):
        ds.map(clean_batch, batched=True, fn_kwargs={"dedup": "remove"})
    with pytest.raises(ValueError, match="with_indices"):
        ds.map(clean_batch, batched=True)
