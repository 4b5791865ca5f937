"""Properties that hold for any input: no crash, idempotence, determinism, safe output names."""

from __future__ import annotations

from pathlib import PurePosixPath

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import InputError, clean, clean_many
from cleaner.inputs.decode import decode_bytes
from cleaner.inputs.names import printable, safe_relative

from .conftest import SAMPLES

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SEED_LINES = sorted({line for p in sorted(SAMPLES.glob("*.txt")) for line in p.read_text(encoding="utf-8").split("\n")
                     if line.strip()})

# Page-like text: real lines of the seeds (prose, menus, bylines, ads) shuffled with arbitrary ones.
page_lines = st.lists(st.one_of(st.sampled_from(SEED_LINES), st.sampled_from(SEED_LINES), st.text(max_size=80)),
                      min_size=1, max_size=30)
pages = page_lines.map("\n".join)
html_pages = st.lists(st.sampled_from(SEED_LINES), min_size=1, max_size=12).map(
    lambda lines: "<html><body><article>" + "".join(f"<p>{line}</p>" for line in lines) + "</article></body></html>")


def clean_or_none(text: str | bytes):
    """The cleaned document, or None for input the contract refuses (InputError); never another exception."""
    try:
        doc = clean(text)
    except InputError as exc:
        assert not str(exc).startswith("internal error"), exc
        return None
    return doc


@SETTINGS
@given(st.one_of(st.text(), pages, html_pages))
def test_cleaning_arbitrary_text_never_raises(text):
    clean_or_none(text)


@SETTINGS
@given(st.binary(max_size=4000))
def test_cleaning_arbitrary_bytes_never_raises(data):
    clean_or_none(data)
    try:
        text = decode_bytes(data)
    except InputError:
        return
    assert text.strip() and "\x00" not in text
    text.encode("utf-8")


@SETTINGS
@given(st.lists(st.one_of(st.text(), st.binary(), pages), max_size=6))
def test_a_batch_yields_one_document_per_input_and_never_raises(items):
    docs = list(clean_many(items, dedup="off"))
    assert len(docs) == len(items)
    for doc in docs:
        assert not doc.error.startswith("internal error"), doc.error
        if doc.ok:
            doc.to_text().encode("utf-8")


@SETTINGS
@given(pages)
def test_cleaning_is_idempotent(text):
    # e.g. "...the group had\n,\nbeen inside its network since 2022.": the halves are rejoined once ',' is gone
    first = clean_or_none(text)
    if first is None or not first.to_text().strip():
        return
    again = clean_or_none(first.to_text())
    assert again is not None and again.to_text() == first.to_text()


@SETTINGS
@given(st.one_of(pages, html_pages))
def test_cleaning_is_deterministic(text):
    a, b = clean_or_none(text), clean_or_none(text)
    assert (a is None) == (b is None)
    if a is not None and b is not None:
        assert a.to_record() == b.to_record() and a.to_text() == b.to_text()


@SETTINGS
@given(st.text())
def test_a_record_id_never_names_a_path_outside_the_output_folder(id_):
    rel = safe_relative(id_)
    path = PurePosixPath(rel)
    assert rel and not path.is_absolute() and ".." not in path.parts and "" not in rel.split("/")
    assert all(len(part.encode("utf-8")) <= 180 and part not in (".", "..") for part in path.parts)
    assert "\x00" not in rel


@SETTINGS
@given(st.text())
def test_names_in_messages_are_one_line_of_utf8(name):
    shown = printable(name)
    assert "\n" not in shown and "\r" not in shown
    shown.encode("utf-8")
