"""``cleaner explain --html``: the page's structure, parsed, against what ``cleaner clean`` records for the same inputs.

Every run is the CLI on real text (samples/, examples/, ../shared/data/dev), stdin included: in this process
(``conftest.run``), and in a new process where the hash seed is what is tested.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from cleaner.dedup.minhash import normalise

from .conftest import DATA, ROOT, SAMPLES, SHARED, Result, needs_shared, run, run_process

DEV = SHARED / "data" / "dev"
DEV_PAGES = ["wcxb-0004.html", "wcxb-0010.html", "wcxb-0174.page.txt", "wcxb-0191.page.txt"]  # 0174: an <a href> in its text
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "area", "base", "source", "track", "embed"}


@dataclass
class Explained:
    tree: Any  # the page, parsed
    records: list[dict]  # what ``clean --format jsonl --keep-dropped`` writes for the same inputs
    res: Result
    raw: str  # the page as written


def explained(tmp: Path, *inputs: str, stdin: bytes | None = None, extra: tuple[str, ...] = (), records: bool = True) -> Explained:
    """``explain --html`` on *inputs*, and ``clean``'s records of them (unless not wanted)."""
    page = tmp / "page.html"
    res = run("explain", "--html", str(page), *extra, *inputs, stdin=stdin)
    clean = run("clean", *inputs, *extra, "--format", "jsonl", "--keep-dropped", stdin=stdin) if records else None
    records = [json.loads(line) for line in clean.stdout.decode().split("\n") if line] if clean else []
    raw = page.read_text(encoding="utf-8")
    return Explained(lxml.html.fromstring(raw), records, res, raw)


class _Nesting(HTMLParser):
    """Checks that every element is closed, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"</{tag}> at {self.getpos()}")


def articles(tree) -> list:
    return tree.xpath("//main/article")


def removed_rows(article) -> Counter:
    return Counter((li.get("data-stage"), li.get("data-reason"), li.xpath("string(span[@class='text'])"), li.get("data-rule") or "")
                   for li in article.xpath(".//ol[@class='lines']/li[@class='removed']"))


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    """The five seeds (one event, repeated quotes) as one page, and clean's records of them."""
    return explained(tmp_path_factory.mktemp("seeds"), str(SAMPLES))


@pytest.fixture(scope="module")
def dev_run(tmp_path_factory):
    """Real dev pages in both modes, as one page."""
    return explained(tmp_path_factory.mktemp("dev"), *(str(DEV / name) for name in DEV_PAGES))


def test_the_page_is_well_formed_and_every_document_has_a_section_the_contents_link_to(seeds_run):
    tree, records, res = seeds_run.tree, seeds_run.records, seeds_run.res
    assert res.returncode == 0 and res.stderr == b"", res.stderr
    assert seeds_run.raw.startswith("<!DOCTYPE html>\n")
    checker = _Nesting()
    checker.feed(seeds_run.raw)
    assert not checker.problems and not checker.stack
    sections = articles(tree)
    assert [s.get("id") for s in sections] == [f"doc-{n}" for n in range(1, len(records) + 1)]
    assert [s.xpath("string(h2)") for s in sections] == [f"{n}. {SAMPLES}/{r['id']}.txt" for n, r in enumerate(records, 1)]
    toc = tree.xpath("//nav[@id='contents']//a/@href")
    assert toc == [f"#{s.get('id')}" for s in sections]
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))
    assert all(href[1:] in set(ids) for href in tree.xpath("//a/@href"))  # every link lands on this page


@pytest.mark.parametrize("which", ["seeds_run", "dev_run"])
def test_removed_lines_carry_the_stage_reason_and_rule_clean_records(which, request):
    got = request.getfixturevalue(which)
    assert got.res.returncode == 0, got.res.stderr
    sections, records = articles(got.tree), got.records
    assert len(sections) == len(records) >= 4
    for section, record in zip(sections, records, strict=True):
        assert removed_rows(section) == Counter((r["stage"], r["reason"], r["text"], r["rule"]) for r in record["removed"])
        titles = [li.xpath("string(span[@class='text'])") for li in section.xpath(".//ol[@class='lines']/li[@class='title']")]
        assert titles == ([record["title"]] if record["title"] else [])
        kept = [li.xpath("string(span[@class='text'])") for li in section.xpath(".//ol[@class='lines']/li[@class='kept']")]
        for paragraph in record["text"].split("\n"):  # every paragraph of the output is on a kept line (sentences of
            assert any(paragraph[:40] in line for line in kept), paragraph  # a line may go to dedup, a line be rejoined)
    kinds = {s.xpath("string(p[@class='meta'])").split(" · ")[1] for s in sections}
    assert kinds == ({"text"} if which == "seeds_run" else {"html", "text"})


@pytest.mark.parametrize("which", ["seeds_run", "dev_run"])
def test_the_counts_are_the_records_counts(which, request):
    got = request.getfixturevalue(which)
    tree, records = got.tree, got.records
    shown = {(tr.get("class"), tr.get("data-stage"), tr.get("data-reason")): int(tr.xpath("string(td[@class='n'])"))
             for tr in tree.xpath("//section[@id='counts']//tbody/tr")}
    want = Counter(("removal", r["stage"], r["reason"]) for record in records for r in record["removed"])
    want.update(("repair", r["stage"], r["reason"]) for record in records for r in record["repairs"])
    want.update(("duplicate", "dedup", "duplicate") for record in records for _ in record["duplicates"])
    assert shown == dict(want)
    assert f"{sum(len(r['removed']) for r in records)} removals" in tree.xpath("string(//p[@class='summary'])")


def _words(text: str) -> list[str]:
    return normalise(text).split()


def _shares_a_run(removed: str, first: str, run_words: int = 8) -> bool:
    """Whether *first* holds a run of *run_words* words of *removed* (normalised: quotes, case, punctuation)."""
    words, target = _words(removed), " ".join(_words(first))
    return any(" ".join(words[i:i + run_words]) in target for i in range(max(1, len(words) - run_words + 1)))


def test_repeats_on_the_seeds_link_to_the_sentence_of_the_earlier_article(seeds_run):
    tree, records = seeds_run.tree, seeds_run.records
    sections = articles(tree)
    order = {s.get("id"): n for n, s in enumerate(sections)}
    assert sum(len(r["duplicates"]) for r in records) >= 4
    for n, (section, record) in enumerate(zip(sections, records, strict=True)):
        repeats = section.xpath(".//span[contains(@class, 'dup')]")
        assert [(d.xpath("string(del)"), d.get("data-first-seen")) for d in repeats] == \
            [(d["text"], d["first_seen"]) for d in record["duplicates"]]
        for repeat in repeats:
            target = repeat.xpath("string(a[@class='seen']/@href)")[1:]
            anchor = tree.xpath(f"//*[@id='{target}']")[0]
            earlier = anchor.xpath("ancestor::article")[0]
            assert order[earlier.get("id")] < n
            assert records[order[earlier.get("id")]]["id"] == repeat.get("data-first-seen")
            assert anchor.get("class") == "first"  # the sentence itself, not only its line or article
            assert _shares_a_run(repeat.xpath("string(del)"), anchor.text_content())


def test_a_repair_shows_the_text_before_and_after(tmp_path, seeds_run):
    mojibake = [case["input"] for case in json.loads((DATA / "mojibake.json").read_text(encoding="utf-8"))[:3]]
    records_in = "".join(json.dumps({"id": f"m{i}", "text": f"{text} The ministry said on Wednesday that it had found them."})
                         + "\n" for i, text in enumerate(mojibake)).encode()
    got = explained(tmp_path, "-", stdin=records_in)  # real stdin, JSON Lines
    assert got.res.returncode == 0, got.res.stderr
    for run_ in (got, seeds_run):
        pairs = []
        for record, section in zip(run_.records, articles(run_.tree), strict=True):
            for want, li in zip(record["repairs"], section.xpath(".//ol[@class='repairs']/li"), strict=True):
                fix = li.xpath("span[@class='fix']")[0]
                assert fix.xpath(".//del") and fix.xpath(".//ins")
                before = "".join(fix.xpath("text()|del/text()"))
                after = "".join(fix.xpath("text()|ins/text()"))
                assert (li.get("data-reason"), before, after) == (want["reason"], want["text"], want["fixed"])
                pairs.append(want["reason"])
        assert pairs


@needs_shared
def test_nothing_outside_the_page_is_fetched_and_input_markup_stays_text(tmp_path, dev_run):
    article = "\n".join(["Czech Government Condemns Chinese Hack",
                         '<script>alert("x")</script> The ministry said on Wednesday that it had found the intruders.',
                         "<img src=https://example.com/x.png onerror=alert(1)> Officials said more was to come soon."])
    got = explained(tmp_path, "-", stdin=article.encode(), records=False)
    assert got.res.returncode == 0, got.res.stderr
    stdin_tree = got.tree
    assert "<script>" not in got.raw and "<img" not in got.raw
    for tree in (stdin_tree, dev_run.tree):
        assert not tree.xpath("//script|//img|//iframe|//object|//embed|//link|//video|//audio|//source|//base|//form")
        assert not tree.xpath("//@src|//@srcset|//@action|//@*[starts-with(name(), 'on')]")
        assert all(href.startswith("#") for href in tree.xpath("//@href"))
        style = tree.xpath("string(//style)")
        assert "url(" not in style and "@import" not in style
    texts = [li.text_content() for li in stdin_tree.xpath("//ol[@class='lines']/li")]
    assert any('<script>alert("x")</script> The ministry said' in text for text in texts)
    assert any("<img src=https://example.com/x.png onerror=alert(1)>" in text for text in texts)
    dev_text = "".join(li.text_content() for li in dev_run.tree.xpath("//ol[@class='lines']/li"))
    assert '<a href="https://www.nber.org/papers/w27476">' in dev_text  # a link in article text: shown, as text


def test_the_state_of_an_earlier_run_is_named_not_linked(tmp_path):
    state = str(tmp_path / "seen.sqlite")
    first = run("clean", str(SAMPLES / "000_b0e08e17cefa5128.txt"), "--state", state)
    assert first.returncode == 0, first.stderr
    later = [str(p) for p in sorted(SAMPLES.glob("*.txt"))[3:]]
    got = explained(tmp_path, *later, extra=("--state", state))
    assert got.res.returncode == 0, got.res.stderr
    records, repeats = got.records, got.tree.xpath("//span[contains(@class, 'dup')]")
    assert len(repeats) == sum(len(r["duplicates"]) for r in records) >= 2
    from_state = [d for d in repeats if d.get("data-first-seen") == "000_b0e08e17cefa5128"]
    assert from_state and all(not d.xpath(".//a") for d in from_state)
    assert all("seen before in 000_b0e08e17cefa5128, not on this page" in d.text_content() for d in from_state)


@needs_shared
@pytest.mark.slow  # PYTHONHASHSEED is read when a process starts
def test_the_same_inputs_give_the_same_bytes(tmp_path):
    pages = []
    for k, seed in enumerate(("1", "2")):
        out = tmp_path / f"run{k}" / "page.html"
        out.parent.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        res = run_process("explain", "--html", str(out), "samples", str(DEV / DEV_PAGES[0]), cwd=ROOT, env=env)
        assert res.returncode == 0, res.stderr
        pages.append(out.read_bytes())
        assert sorted(p.name for p in out.parent.iterdir()) == ["page.html"]  # no .part left
    assert pages[0] == pages[1]
    assert str(tmp_path).encode() not in pages[0] and re.search(rb"20\d\d-\d\d-\d\d[T ]\d\d:", pages[0]) is None


def _unwritable(tmp_path: Path, case: str) -> Path:
    if case == "a folder":
        (tmp_path / "page.html").mkdir()
        return tmp_path / "page.html"
    if case == "a missing folder":
        return tmp_path / "missing" / "page.html"
    if case == "under a file":
        (tmp_path / "file.txt").write_text("x")
        return tmp_path / "file.txt" / "page.html"
    (tmp_path / "locked").mkdir(mode=0o555)
    return tmp_path / "locked" / "page.html"


@pytest.mark.parametrize(("case", "status"), [("a folder", 2), ("a missing folder", 1), ("under a file", 1),
                                              pytest.param("no permission", 1, marks=pytest.mark.skipif(
                                                  os.geteuid() == 0, reason="root may write anywhere"))])
def test_an_unwritable_page_is_one_line_and_leaves_nothing(tmp_path, case, status):
    out = _unwritable(tmp_path, case)
    before = sorted(tmp_path.rglob("*"))
    res = run("explain", "--html", str(out), str(SAMPLES / "000_b0e08e17cefa5128.txt"))
    stderr = res.stderr.decode()
    assert res.returncode == status and stderr.count("\n") == 1 and str(out) in stderr, stderr
    assert "Traceback" not in stderr and res.stdout == b""
    assert sorted(tmp_path.rglob("*")) == before  # no page, no .part, no folder made


def test_bad_inputs_are_named_and_listed_and_the_page_is_written_for_the_rest(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLES / "000_b0e08e17cefa5128.txt", src / "a.txt")
    shutil.copy(SAMPLES / "000_b0e08e17cefa5128.txt", src / "b.txt")  # a duplicate article: left out, linked to a
    (src / "empty.txt").write_text("")
    (src / "zip.txt").write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    out = src / "page.html"  # inside an input folder: never read back as input
    for _ in range(2):
        res = run("explain", "--html", str(out), str(src), str(tmp_path / "missing.txt"))
        assert res.returncode == 1
        lines = res.stderr.decode().strip().split("\n")
        assert [line.split(": ")[1] for line in lines] == [f"{src}/empty.txt", f"{src}/zip.txt", f"{tmp_path}/missing.txt"]
        tree = lxml.html.fromstring(out.read_bytes())
        names = [s.xpath("string(h2)").split(". ", 1)[1] for s in articles(tree)]
        assert names == [f"{src}/{n}" for n in ("a.txt", "b.txt", "empty.txt", "zip.txt")] + [f"{tmp_path}/missing.txt"]
        errors = [a.xpath("string(p[@class='error'])") for a in tree.xpath("//article[p[@class='error']]")]
        assert errors == [f"not cleaned: {line.split(': ', 2)[2]}" for line in lines]
        assert len(tree.xpath("//nav//li[@class='failed']")) == 3
    dropped = tree.xpath("//article[@id='doc-2']/p[@class='dropped']")[0]
    assert dropped.get("data-dropped") == "duplicate" and dropped.xpath("a/@href") == ["#doc-1"]
    assert sorted(p.name for p in src.iterdir()) == ["a.txt", "b.txt", "empty.txt", "page.html", "zip.txt"]


def test_stdin_and_compressed_json_lines_are_read_as_clean_reads_them(tmp_path):
    got = explained(tmp_path, str(ROOT / "examples" / "pages.jsonl.gz"))
    assert got.res.returncode == 0 and len(articles(got.tree)) == len(got.records) == 3
    assert [s.xpath("string(h2)").split(". ", 1)[1] for s in articles(got.tree)] == \
        [f"{ROOT}/examples/pages.jsonl.gz:{n}" for n in (1, 2, 3)]
    assert all(r["url"] in s.xpath("string(p[@class='meta'])") for s, r in zip(articles(got.tree), got.records, strict=True))
    got = explained(tmp_path, "-", stdin=(SAMPLES / "004_066cb6559a6d74c0.txt").read_bytes())
    assert got.res.returncode == 0 and articles(got.tree)[0].xpath("string(h2)") == "1. <stdin>"
    assert removed_rows(articles(got.tree)[0]) == Counter((r["stage"], r["reason"], r["text"], r["rule"])
                                                          for r in got.records[0]["removed"])


def test_without_html_explain_keeps_to_one_file_on_the_terminal():
    res = run("explain", str(SAMPLES / "000_b0e08e17cefa5128.txt"), str(SAMPLES / "001_f815affb9cce3c3d.txt"))
    assert res.returncode == 2 and res.stdout == b""
    assert res.stderr.decode() == ("cleaner: error: explain shows one FILE on the terminal; for several, write a page: "
                                   "--html OUT.html\n")
    res = run("explain", str(SAMPLES / "000_b0e08e17cefa5128.txt"), "--state", "seen.sqlite")
    assert res.returncode == 2 and res.stderr.decode().count("\n") == 1 and "--html" in res.stderr.decode()
