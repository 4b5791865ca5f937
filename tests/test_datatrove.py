"""cleaner as datatrove steps: the same texts and fields as ``clean_many``, empty documents dropped and counted.

The five samples and four dev HTML pages twice under new ids (whole-article duplicates), through the
step called directly and through datatrove's LocalPipelineExecutor (its JSON Lines and WARC readers
and writers), with one task, per-rank dedup over two tasks, and the exact two-pipeline recipe.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

from datatrove.data import Document as Doc  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader, WarcReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from cleaner import clean_many  # noqa: E402
from cleaner.cli.main import main  # noqa: E402
from cleaner.datatrove_step import METADATA_FIELDS, CleanerDedup, CleanerStep  # noqa: E402

from .conftest import ROOT, SAMPLES, SHARED, needs_shared  # noqa: E402

GERMAN = "Der Minister sagte am Mittwoch, dass die Behörden den Angriff auf das Netzwerk seit Wochen untersuchen."
CHROME = "Connect with us\nShare this article\nSubscribe to our newsletter"


def _items() -> list[dict]:
    items = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(SAMPLES.glob("*.txt"))]
    pages = sorted((SHARED / "data" / "dev").glob("*.html"))[:4]
    return items + [{"id": f"{copy}/{p.name}", "html": p.read_text(encoding="utf-8")} for copy in range(2) for p in pages]


def _expected(items: list[dict], **options) -> dict[str, dict]:
    """What each kept document should be: clean_many's record (its text, and the step's metadata fields)."""
    return {doc.id: doc.to_record() for doc in clean_many(items, **options) if doc.ok}


def _got(docs) -> dict[str, dict]:
    return {d.id: {"id": d.id, "text": d.text, **{name: d.metadata[name] for name in METADATA_FIELDS}} for d in docs}


def _fields(records: dict[str, dict]) -> dict[str, dict]:
    return {key: {name: r[name] for name in ("id", "text", *METADATA_FIELDS)} for key, r in records.items()}


def _totals(step) -> dict[str, int]:
    return {name: int(stat.total) for name, stat in step.stats.stats.items() if name == "total" or "dropped" in name or name == "forwarded"}


def _read(folder: Path) -> list[Doc]:
    return [Doc(**json.loads(line)) for path in sorted(folder.glob("*.jsonl")) for line in path.read_text(encoding="utf-8").splitlines()]


@needs_shared
def test_the_step_gives_clean_many_texts_and_fields_and_drops_empty_documents():
    items = _items() + [{"id": "chrome", "text": CHROME}, {"id": "german", "text": GERMAN}]
    step = CleanerStep(lang={"en"})
    docs = list(step.run(Doc(text=item.get("text") or item["html"], id=item["id"]) for item in items))
    assert _got(docs) == _fields(_expected(items, lang={"en"}))
    assert [d.id for d in docs] == [i["id"] for i in items if not i["id"].startswith(("1/", "chrome", "german"))]
    assert _totals(step) == {"total": 15, "forwarded": 9, "dropped": 6, "dropped_duplicate": 4, "dropped_error_input": 1,
                             "dropped_language": 1}
    assert all(json.loads(json.dumps(d.metadata)) == d.metadata for d in docs)  # plain JSON values
    assert any(d.metadata["duplicates"] for d in docs) and all(d.metadata["lang"] == "en" for d in docs)


@needs_shared
def test_modes_prefix_and_exclusion_writer(tmp_path):
    page = _items()[5]
    for mode, kind in (("auto", "html"), ("html", "html"), ("text", "text")):  # "text": the markup read as page text
        docs = CleanerStep(mode=mode, dedup="off").run(iter([Doc(text=page["html"], id="p")]))
        assert _got(docs) == _fields(_expected([{"id": "p", kind: page["html"]}], dedup="off"))
    assert _expected([{"id": "p", "text": page["html"]}], dedup="off") != _expected([{"id": "p", "html": page["html"]}], dedup="off")
    step = CleanerStep(metadata_prefix="cleaner_", exclusion_writer=JsonlWriter(str(tmp_path), compression=None))
    kept = list(step.run(iter([Doc(text=CHROME, id="chrome", metadata={"date": "2024-01-01T00:00:00Z"}),
                               Doc(text=_items()[0]["text"], id="a", metadata={"date": "2024-01-01T00:00:00Z"})])))
    assert [d.id for d in kept] == ["a"] and kept[0].metadata["date"] == "2024-01-01T00:00:00Z"  # the reader's date kept
    assert kept[0].metadata["cleaner_title"].startswith("Czech") and "lang" not in kept[0].metadata
    excluded, = _read(tmp_path)
    assert (excluded.id, excluded.text, excluded.metadata["filter_reason"]) == ("chrome", CHROME, "error_input")
    assert excluded.metadata["cleaner_error"] == "no article text found"
    for bad in ({"mode": "xml"}, {"jobs": 2}, {"dedup": "twice"}):
        with pytest.raises(ValueError):
            CleanerStep(**bad)


@needs_shared
def test_the_time_limit_fires_in_a_datatrove_task(tmp_path):
    pages = _items()[5:9]
    _write_jsonl(tmp_path / "in" / "pages.jsonl", pages)
    stats = _run([JsonlReader(str(tmp_path / "in"), compression=None), CleanerStep(timeout=0.001)], tmp_path, "timeout")
    assert stats == {"total": 4, "dropped": 4, "dropped_error_timeout": 4}


def _write_jsonl(path: Path, items: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps({"id": i["id"], "text": i.get("text") or i["html"]}) + "\n" for i in items), encoding="utf-8")


def _run(steps: list, tmp_path: Path, name: str, tasks: int = 1) -> dict[str, int]:
    """The steps run by datatrove's LocalPipelineExecutor; the cleaner step's counters from its stats.json."""
    LocalPipelineExecutor(steps, tasks=tasks, workers=1, logging_dir=str(tmp_path / "logs" / name)).run()
    stats = json.loads((tmp_path / "logs" / name / "stats.json").read_text(encoding="utf-8"))[1]["stats"]
    return {key: value if isinstance(value, int) else value["total"] for key, value in stats.items() if key != "doc_len"}


@pytest.mark.slow  # datatrove's local executor runs its two ranks and two pipelines as processes
@needs_shared
def test_two_ranks_dedup_alone_and_the_two_pipeline_recipe_dedups_across_them(tmp_path):
    items = _items()
    first, second = items[:9], items[9:]  # the second copies of the HTML pages are in the second file
    _write_jsonl(tmp_path / "in" / "0.jsonl", first)
    _write_jsonl(tmp_path / "in" / "1.jsonl", second)
    reader = JsonlReader(str(tmp_path / "in"), compression=None)
    _run([reader, CleanerStep(), JsonlWriter(str(tmp_path / "ranks"), compression=None)], tmp_path, "ranks", tasks=2)
    per_rank = _got(_read(tmp_path / "ranks"))
    assert per_rank == _fields({**_expected(first), **_expected(second)})  # each rank deduped alone: the copies stay
    assert len(per_rank) == 13

    _run([reader, CleanerStep(dedup="off"), JsonlWriter(str(tmp_path / "clean"), compression=None)], tmp_path, "clean", tasks=2)
    stats = _run([JsonlReader(str(tmp_path / "clean"), compression=None), CleanerDedup(),
                  JsonlWriter(str(tmp_path / "dedup"), compression=None)], tmp_path, "dedup")
    final = _read(tmp_path / "dedup")
    assert _got(final) == _fields(_expected(items)) and [d.id for d in final] == [i["id"] for i in items[:9]]
    assert stats == {"total": 13, "forwarded": 9, "dropped": 4, "dropped_duplicate": 4}


def test_warc_reader_then_the_step_gives_the_cli_records(tmp_path):
    assert main(["clean", str(ROOT / "examples" / "crawl.warc.gz"), "-o", str(tmp_path / "cli.jsonl")]) == 0
    cli = [json.loads(line) for line in (tmp_path / "cli.jsonl").read_text(encoding="utf-8").splitlines()]
    step = CleanerStep(exclusion_writer=JsonlWriter(str(tmp_path / "excluded"), compression=None))
    stats = _run([WarcReader(str(ROOT / "examples"), glob_pattern="crawl.warc.gz"), step,
                  JsonlWriter(str(tmp_path / "out"), compression=None)], tmp_path, "warc")
    docs = _read(tmp_path / "out")
    assert _got(docs) == _fields({f"<{r['id']}>": {**r, "id": f"<{r['id']}>"} for r in cli}) and len(docs) == 3  # <WARC-Record-ID>
    assert all(d.metadata["url"] == r["url"] for d, r in zip(docs, cli, strict=True))
    assert stats == {"total": 4, "forwarded": 3, "dropped": 1, "dropped_error_input": 1}
    redirect, = _read(tmp_path / "excluded")  # WarcReader keeps a 301 page, which cleaner's own WARC reader skips
    assert redirect.text == "<html><body>Moved</body></html>" and redirect.metadata["error"].startswith("no article text")


def test_cleaners_warc_reader_skips_and_counts_what_the_cli_skips_and_a_non_2xx_status_is_dropped(tmp_path):
    """``WarcRecords`` gives the CLI's documents (no 301 or 404 page: datatrove's ``WarcReader`` passes both on)
    and counts each other record by kind in its stats; ``CleanerStep`` drops a document whose reader says its
    HTTP status was not 2xx."""
    from cleaner.datatrove_step import WarcRecords

    from .test_inputs import warc

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "crawl.warc.gz").write_bytes(warc())
    assert main(["clean", str(tmp_path / "in" / "crawl.warc.gz"), "--no-dedup", "-o", str(tmp_path / "cli.jsonl")]) == 0
    cli = [json.loads(line) for line in (tmp_path / "cli.jsonl").read_text(encoding="utf-8").splitlines()]
    LocalPipelineExecutor([WarcRecords(str(tmp_path / "in")), CleanerStep(dedup="off"),
                           JsonlWriter(str(tmp_path / "out"), compression=None)],
                          tasks=1, workers=1, logging_dir=str(tmp_path / "logs")).run()
    docs = _read(tmp_path / "out")
    assert [(d.id, d.text, d.metadata["url"], d.metadata["http_status"]) for d in docs] == \
        [(r["id"] if r["id"].startswith("urn:") else d.id, r["text"], r["url"], 200) for d, r in zip(docs, cli, strict=True)]
    reader = json.loads((tmp_path / "logs" / "stats.json").read_text(encoding="utf-8"))[0]["stats"]
    assert {k: v for k, v in reader.items() if k.startswith("skipped")} == {
        "skipped_warcinfo": 1, "skipped_request": 1, "skipped_non_html_response": 1, "skipped_http_301": 1,
        "skipped_http_404": 1, "skipped_metadata": 1}
    step = CleanerStep()
    page = (SAMPLES / "000_b0e08e17cefa5128.txt").read_text(encoding="utf-8")
    kept = list(step.run(iter([Doc(text=page, id="gone", metadata={"http_status": 404}),
                               Doc(text=page, id="ok", metadata={"http_status": 200})])))
    assert [d.id for d in kept] == ["ok"] and _totals(step) == {"total": 2, "forwarded": 1, "dropped": 1, "dropped_http_404": 1}
