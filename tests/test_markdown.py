"""Markdown output (cleaner/markdown/): golden cases for each structure in both modes and for escaping
(tests/data/markdown_cases.json), the plain text of the Markdown against the text output (parsed with
markdown-it-py, never with cleaner's own code), the records read back, and the CLI's --format markdown."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Document, clean, clean_many
from cleaner.markdown.render import escape, render, to_markdown
from cleaner.markdown.shapes import Shape

from .conftest import SHARED, load_json, needs_shared, run

pytest.importorskip("markdown_it", reason="the test extra's markdown-it-py parses the Markdown")
from .markdown_plain import mismatches, units  # noqa: E402

CASES = load_json("markdown_cases.json")
PROSE = ["The city council voted on Tuesday to spend more on buses and trams over the next five years, officials said.",
         "The plan still needs the approval of the regional government, which is expected to decide in the spring.",
         "Critics said the money would be better spent on repairing roads that have been neglected for a decade."]
URL = "https://example.org/news/2024/plan.html"


def _page(snippet: str) -> str:
    return ("<html><head><title>Council backs transport plan</title></head><body><article><h1>Council backs transport plan</h1>"
            f"<p>{PROSE[0]}</p><p>{PROSE[1]}</p>{snippet}<p>{PROSE[2]}</p></article></body></html>")


@pytest.mark.parametrize("case", CASES["html"], ids=[c["name"] for c in CASES["html"]])
def test_html_structure_golden(case):
    doc = clean({"html": _page(case["snippet"]), "url": URL}, markdown=True, links=case.get("links", False))
    md = doc.to_markdown()
    assert f"\n\n{case['expect']}\n\n" in md
    assert md.startswith("# Council backs transport plan\n\n")
    assert mismatches(md, doc.title, doc.paragraphs) == []


def test_html_text_is_the_same_with_markdown_on():
    for case in CASES["html"]:
        plain = clean({"html": _page(case["snippet"]), "url": URL})
        marked = clean({"html": _page(case["snippet"]), "url": URL}, markdown=True, links=True)
        assert (plain.title, plain.text) == (marked.title, marked.text)
        assert "markdown" not in plain.to_record() and marked.to_record()["markdown"] == marked.to_markdown()


@pytest.mark.parametrize("case", CASES["text"], ids=[c["name"] for c in CASES["text"]])
def test_text_structure_golden(case):
    md = to_markdown(Document(id="a", paragraphs=case["lines"]))
    assert md == case["expect"]
    assert mismatches(md, "", case["lines"]) == []


@pytest.mark.parametrize("case", CASES["escape"], ids=[c["name"] for c in CASES["escape"]])
def test_escape_golden(case):
    assert escape(case["text"]) == case["expect"]
    assert [u.text for u in units(case["expect"])] == [case["text"]]


def test_heading_and_cell_escapes():
    md = render("C# and F#", ["Issue #", "| a | b |"], [Shape("h", level=2), Shape("row", header=True)])
    assert md.split("\n")[:3] == ["# C\\# and F\\#", "", "## Issue \\#"]
    found = units(md)
    assert [u.text for u in found[:2]] == ["C# and F#", "Issue #"] and found[2].cells == ("a", "b")
    assert units(render("", ["| x\\|y | `z` |"], [Shape("row")]))[1].cells == ("x|y", "`z`")  # after the empty header


_LINE = st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE, min_size=1, max_size=6))
def test_any_text_reads_back_from_its_markdown(lines):
    """Any lines, as paragraphs or in the shapes text mode sees in them: the Markdown's plain text is the text."""
    assert [u.text for u in units(render("", lines, [Shape("p")] * len(lines)))] == lines
    assert mismatches(to_markdown(Document(id="a", paragraphs=lines)), "", lines) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_LINE.filter(lambda c: c == c.strip() and "\\" not in c), min_size=1, max_size=4), min_size=1, max_size=4))
def test_any_cells_read_back_from_a_table(rows):
    lines = ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    found = [u.cells for u in units(render("", lines, [Shape("row", group=1)] * len(lines)))][1:]
    width = max(map(len, rows))
    assert found == [tuple(row) + ("",) * (width - len(row)) for row in rows]


def test_a_record_read_back_renders_the_same_and_follows_dedup():
    quote = "“We strongly condemn this malicious cyber campaign against our critical infrastructure networks.”"
    items = [{"id": "a", "html": _page(f"<ul><li>One item here</li><li>Another item</li></ul><p>The ministry said: {quote}</p>")},
             {"id": "b", "html": _page(f"<h2>What they said</h2><p>Officials repeated it on Thursday. {quote}</p>")}]
    first, later = clean_many(items, dedup="off", markdown=True)
    for doc in (first, later):
        assert Document.from_record(doc.to_record()).to_markdown() == doc.to_markdown()
    from cleaner.dedup import Deduper

    deduper = Deduper()
    for doc in (first, later):
        doc = deduper.apply(Document.from_record(doc.to_record()))
    assert "Officials repeated it on Thursday." in doc.paragraphs and quote not in doc.text
    assert "## What they said" in doc.to_markdown() and quote not in doc.to_markdown()
    assert mismatches(doc.to_markdown(), doc.title, doc.paragraphs) == []


def test_options_refuse_links_without_markdown():
    with pytest.raises(ValueError, match="links"):
        clean("The minister spoke on Monday about the attack on the grid.", links=True)


def test_cli_markdown_files_and_refusals(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name, snippet in (("a", "<ol><li>Approve the budget in March</li><li>Order the trams</li></ol>"), ("b", "<h2>Buses</h2>")):
        (src / f"{name}.html").write_text(_page(snippet), encoding="utf-8")
    res = run("clean", str(src), "--no-dedup", "--format", "markdown", "-o", str(tmp_path / "out"))
    assert res.returncode == 0, res.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.md", "b.md"]
    assert "\n\n1. Approve the budget in March\n2. Order the trams\n\n" in (tmp_path / "out" / "a.md").read_text(encoding="utf-8")
    one = run("clean", str(src / "b.html"), "-o", str(tmp_path / "b.md"))
    assert one.returncode == 0 and "\n\n## Buses\n\n" in (tmp_path / "b.md").read_text(encoding="utf-8")
    several = run("clean", str(src), "-o", str(tmp_path / "all.md"))
    assert several.returncode == 2 and b"holds one document" in several.stderr and not (tmp_path / "all.md").exists()
    assert run("clean", str(src), "--links").returncode == 2
    assert run("clean", str(src), "--markdown").returncode == 2  # a record field: text output has no records
    records = [json.loads(line) for line in run("clean", str(src), "--no-dedup", "--format", "jsonl", "--markdown").stdout.splitlines()]
    assert [r["markdown"] for r in records] == [(tmp_path / "out" / "a.md").read_text(encoding="utf-8"),
                                                (tmp_path / "b.md").read_text(encoding="utf-8")]
    assert records[0]["provenance"]["markdown"] == {"links": False}
    stdout = run("clean", str(src / "a.html"), "--format", "markdown").stdout.decode("utf-8")
    assert stdout == (tmp_path / "out" / "a.md").read_text(encoding="utf-8")


DEV = SHARED / "data" / "dev"


def _dev_docs(mode: str, names: list[str] | None = None) -> list[Document]:
    suffix = ".html" if mode == "html" else ".page.txt"
    paths = sorted(DEV.glob(f"*{suffix}")) if names is None else [DEV / f"{n}{suffix}" for n in names]
    items = [{"id": p.name, mode: p.read_text(encoding="utf-8")} for p in paths]
    return [doc for doc in clean_many(items, dedup="off", markdown=True, links=mode == "html") if doc.ok]


@needs_shared
@pytest.mark.parametrize("mode", ["html", "text"])
def test_dev_pages_with_structure_read_back_as_their_text(mode):
    """Pages with tables, nested lists, code and quotes: the Markdown's plain text is the text, line by line."""
    for doc in _dev_docs(mode, ["wcxb-0052", "wcxb-0312", "wcxb-0096", "wcxb-0011", "wcxb-0359"]):
        md = doc.to_markdown()
        assert mismatches(md, doc.title, doc.paragraphs) == [], doc.id
        assert Document.from_record(doc.to_record()).to_markdown() == md


@pytest.mark.slow  # a sweep over the 120 dev pages in both modes (about a minute)
@needs_shared
@pytest.mark.parametrize("mode", ["html", "text"])
def test_every_dev_page_reads_back_as_its_text(mode):
    for doc in _dev_docs(mode):
        md = doc.to_markdown()
        assert mismatches(md, doc.title, doc.paragraphs) == [], doc.id
        assert Document.from_record(doc.to_record()).to_markdown() == md, doc.id


def test_markdown_plain_compares_for_real():
    """The comparison itself fails where it should: a lost line, a changed word, a cell moved."""
    assert mismatches("A\n\nB\n", "", ["A", "B", "C"])
    assert mismatches("A\n\nB\n", "", ["A", "b"])
    assert mismatches("| a | b |\n|---|---|\n", "", ["| b | a |"])
    assert not mismatches("- a\n- b\n", "", ["- a", "• b"])


def _two_pages() -> list[dict]:
    items = "<ul><li>Bus fares rise by ten cents</li><li>Tram lines are extended</li></ul>"
    return [{"id": "a", "html": _page(f"<h2>Where the money goes</h2>{items}")},
            {"id": "b", "html": _page("<table><tr><th>Line</th><th>Cost</th></tr><tr><td>Line 4</td><td>$120m</td></tr></table>" + "".join(
                f"<p>{text}</p>" for text in _OWN))}]


_OWN = ["Engineers from the transport authority spent the summer measuring how many people ride each tram line at rush hour.",
        "Their report, published on Friday, found that the western lines carry twice as many riders as the planners expected.",
        "The authority now wants to buy longer trams for those lines before it builds any new track in the eastern districts.",
        "A spokeswoman said the first of the longer trams could arrive within two years if the order is placed this winter."]


def test_datatrove_step_writes_the_markdown_field_and_dedup_keeps_it():
    pytest.importorskip("datatrove")
    from datatrove.data import Document as Doc

    from cleaner.datatrove_step import CleanerDedup, CleanerStep

    local = [doc.to_markdown() for doc in clean_many(_two_pages(), dedup="off", markdown=True)]
    stepped = list(CleanerStep(dedup="off", markdown=True).run(iter(Doc(text=p["html"], id=p["id"]) for p in _two_pages())))
    assert [d.metadata["markdown"] for d in stepped] == local
    assert "\n\n- Bus fares rise by ten cents\n- Tram lines are extended\n\n" in local[0]
    deduped = list(CleanerDedup().run(iter(stepped)))  # the second page repeats the first's prose: cut, and its Markdown follows
    assert mismatches(deduped[1].metadata["markdown"], deduped[1].metadata["title"], deduped[1].text.split("\n")) == []
    assert "| Line 4 | $120m |" in deduped[1].metadata["markdown"] and PROSE[0] not in deduped[1].metadata["markdown"]
    assert "markdown" not in next(CleanerStep(dedup="off").run(iter([Doc(text=_two_pages()[0]["html"], id="a")]))).metadata


def test_datasets_helper_writes_the_markdown_column():
    datasets = pytest.importorskip("datasets")
    from cleaner.hf import clean_batch, dedup_dataset

    ds = datasets.Dataset.from_list(_two_pages())
    mapped = ds.map(clean_batch, batched=True, fn_kwargs={"markdown": True})
    assert mapped["markdown"] == [doc.to_markdown() for doc in clean_many(_two_pages(), dedup="off", markdown=True)]
    deduped = dedup_dataset(mapped)
    assert PROSE[0] not in deduped["markdown"][1] and "| Line 4 | $120m |" in deduped["markdown"][1]
    assert "markdown" not in ds.map(clean_batch, batched=True).column_names
