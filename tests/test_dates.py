"""Stage date: text mode reads the page's date from the datelines the boilerplate stage removed."""

from __future__ import annotations

import pytest

from cleaner import Document, clean, clean_many, default_pipeline
from cleaner.dates import date_from_datelines, dated_lines, labelled_dates

from .conftest import SHARED, load_json, needs_shared

CASES = load_json("datelines.json")["cases"]
HEADLINE = "Czech Ministry Finds Intruders in Its Network"
BODY = "The ministry said on Wednesday that it had found the intruders inside its network after a long investigation."


@pytest.mark.parametrize("case", CASES, ids=[" / ".join(c["lines"])[:60] for c in CASES])
def test_a_dateline_gives_its_published_date_or_none(case):
    doc = Document(id="a", raw="x")
    for line in case["lines"]:
        doc.record_removal("boilerplate", "dateline", line)
    assert date_from_datelines(doc).date == case["date"]


def test_the_date_stage_runs_after_boilerplate_on_what_it_removed():
    names = default_pipeline().names
    assert names.index("boilerplate") < names.index("date")
    doc = clean(f"Home\n{HEADLINE}\nUpdated: May 3, 2024 · Published: May 1, 2024\n{BODY}")
    assert doc.title == HEADLINE and doc.date == "2024-05-01" and doc.text == BODY
    assert [(r.stage, r.reason) for r in doc.removed if "2024" in r.text] == [("boilerplate", "dateline")]
    assert clean(f"{HEADLINE}\n{BODY} It was May 1, 2024.").date == ""  # a date inside the article is no dateline


def test_html_mode_keeps_trafilaturas_date():
    page = (f'<html><head><meta property="article:published_time" content="2021-05-04"><title>{HEADLINE}</title></head>'
            f"<body><article><h1>{HEADLINE}</h1><p>Published June 29, 2020</p><p>{BODY}</p><p>{BODY}</p></article></body></html>")
    doc = clean(page)
    assert doc.kind == "html" and doc.date == "2021-05-04"
    assert labelled_dates("Published June 29, 2020") == [("published", "2020-06-29")]  # which text mode would have taken


@needs_shared
@pytest.mark.slow  # a sweep over the 120 dev pages in both modes
def test_on_dev_pages_text_mode_finds_the_date_html_mode_finds():
    """Where page text shows a published (or unlabelled) date, it is nearly always the date trafilatura reads from the HTML."""
    dev = SHARED / "data" / "dev"
    names = sorted(p.name[: -len(".page.txt")] for p in dev.glob("*.page.txt"))
    text = [d for d in clean_many([{"id": n, "text": (dev / f"{n}.page.txt").read_text(encoding="utf-8")} for n in names],
                                  dedup="off") if d.date]
    dated = [d for d in text if any(label != "updated" for label, _ in dated_lines(d))]
    html = clean_many([{"id": d.id, "html": (dev / f"{d.id}.html").read_text(encoding="utf-8")} for d in dated], dedup="off")
    assert len(text) >= 30 and len(dated) >= 15
    agree = [d.id for d, h in zip(dated, html, strict=True) if d.date == h.date]
    assert len(agree) >= 0.85 * len(dated), sorted({d.id for d in dated} - set(agree))  # pages may print other dates
