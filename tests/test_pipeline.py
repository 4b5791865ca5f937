"""The stage interface: stages, the pipeline that contains per-document errors and limits, the executor."""

from __future__ import annotations

import dataclasses
import time

import pytest

from cleaner import Document, Options, Pipeline, Stage, clean_many, default_pipeline
from cleaner.api import as_document
from cleaner.local import LocalExecutor

from .conftest import SAMPLES

PAGE = (SAMPLES / "000_b0e08e17cefa5128.txt").read_text(encoding="utf-8")


def test_the_default_pipeline_is_five_named_stages():
    assert default_pipeline().names == ["extract", "repair", "boilerplate", "date", "language"]


def test_a_pipeline_of_other_stages_runs_them_in_order():
    seen = []

    def note(name):
        def stage(doc):
            seen.append(name)
            doc.paragraphs = [*doc.paragraphs, name]
            return doc
        return Stage(name, stage)

    doc = Pipeline((note("a"), note("b"))).run(Document(id="x", raw="text"))
    assert seen == ["a", "b"] and doc.paragraphs == ["a", "b"] and doc.ok and doc.raw == ""


def test_the_language_detector_is_a_parameter_not_a_monkeypatch():
    asked = []

    def detector(text):
        asked.append(text[:20])
        return "xx"

    docs = list(clean_many([PAGE], detector=detector, dedup="off"))
    assert docs[0].lang == "xx" and len(asked) == 1
    assert list(clean_many([PAGE], detector=detector, lang=frozenset({"en"}), dedup="off"))[0].dropped == "language"


@pytest.mark.parametrize(("raw", "kind", "message"), [
    ("   \n ", "input", "empty input"),
    ("x" * 101, "too_large", "101 bytes, over the 100-byte limit"),
])
def test_bad_input_fails_the_document_with_its_kind(raw, kind, message):
    doc = Pipeline((), max_bytes=100).run(Document(id="x", raw=raw))
    assert (doc.error, doc.error_kind, doc.ok) == (message, kind, False)


def _broken(doc):
    raise KeyError("boom")


def test_an_unexpected_error_fails_one_document_and_debug_lets_it_through():
    pipe = Pipeline((Stage("broken", _broken),))
    doc = pipe.run(Document(id="x", raw="text"))
    assert doc.error_kind == "internal" and doc.error == "internal error (KeyError: 'boom'); please report it"
    with pytest.raises(KeyError):
        dataclasses.replace(pipe, debug=True).run(Document(id="y", raw="text"))


def _sleepy(doc):
    time.sleep(5)
    return doc


def test_the_time_limit_is_the_pipelines_and_fails_the_document_only():
    started = time.monotonic()
    doc = Pipeline((Stage("sleepy", _sleepy),), timeout=0.2).run(Document(id="x", raw="text"))
    assert time.monotonic() - started < 2
    assert doc.error_kind == "timeout" and doc.error == "took longer than the 0.2-second limit"


def test_the_trace_records_each_lines_fate_when_asked():
    doc = default_pipeline(Options(trace=True)).run(Document(id="x", raw=PAGE))
    assert doc.trace is not None
    removed = {(t.reason, t.text) for t in doc.trace if t.verdict == "removed"}
    assert ("navigation", "Connect with us") in removed
    assert {t.step for t in doc.trace} >= {"pass 1"}
    assert default_pipeline().run(Document(id="x", raw=PAGE)).trace is None


def test_options_are_checked_with_a_message_that_names_no_flag():
    with pytest.raises(ValueError, match="dedup must be one of remove, mark, off, not 'sometimes'"):
        list(clean_many(["x"], dedup="sometimes"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_local_executor_gives_the_same_documents_with_any_number_of_workers(jobs):
    pages = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    run = LocalExecutor(default_pipeline(), dedup="remove", jobs=jobs)
    docs = list(run.run(as_document(page, i) for i, page in enumerate(pages)))
    serial = list(LocalExecutor(default_pipeline(), dedup="remove").run(as_document(p, i) for i, p in enumerate(pages)))
    assert [d.to_record() for d in docs] == [d.to_record() for d in serial]
    assert sum(len(d.duplicates) for d in docs) >= 4  # the seeds repeat the government's statement
