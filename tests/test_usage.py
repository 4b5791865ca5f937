"""Do what the user means: the output format from -o's name, explain deciding as clean decides, every
option checked before any document is read (one line naming the option and the value, exit 2; a
ValueError in the library), the summary on one line with every count in --stats, and help that helps."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

import cleaner
from cleaner import Document, Options, clean, clean_many
from cleaner.boilerplate.rules import load_rules, output_reasons

from .conftest import HTML, ROOT, SAMPLES, SHARED, needs_shared, run

EXAMPLE_RULES = ROOT / "examples" / "site_rules.toml"


def _records(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.decode("utf-8").split("\n") if line]


# --- the output format from -o's name ---------------------------------------------------------------------------

def test_a_jsonl_name_writes_json_lines_and_jsonl_gz_writes_them_compressed_the_same_bytes_each_run(tmp_path):
    res = run("clean", str(SAMPLES), "-o", str(tmp_path / "pages.jsonl"))
    assert res.returncode == 0, res.stderr
    plain = (tmp_path / "pages.jsonl").read_bytes()
    assert [r["id"] for r in _records(plain)] == sorted(p.stem for p in SAMPLES.glob("*.txt"))
    for n in (1, 2):
        res = run("clean", str(SAMPLES), "-o", str(tmp_path / f"pages{n}.jsonl.gz"))
        assert res.returncode == 0, res.stderr
        assert gzip.decompress((tmp_path / f"pages{n}.jsonl.gz").read_bytes()) == plain
    assert (tmp_path / "pages1.jsonl.gz").read_bytes() == (tmp_path / "pages2.jsonl.gz").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pages.jsonl", "pages1.jsonl.gz", "pages2.jsonl.gz"]


def test_resume_appends_to_a_compressed_output(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for sample in sorted(SAMPLES.glob("*.txt"))[:3]:
        shutil.copy(sample, src / sample.name)
    out = tmp_path / "out.jsonl.gz"
    assert run("clean", str(src), "-o", str(out)).returncode == 0
    for sample in sorted(SAMPLES.glob("*.txt"))[3:]:
        shutil.copy(sample, src / sample.name)
    res = run("clean", str(src), "-o", str(out), "--resume")
    assert res.returncode == 0 and "3 already done (--resume)" in res.stderr.decode(), res.stderr
    assert [r["id"] for r in _records(gzip.decompress(out.read_bytes()))] == sorted(p.stem for p in SAMPLES.glob("*.txt"))


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "text", "-o", "{tmp}/pages.jsonl"], "--format text contradicts -o {tmp}/pages.jsonl, a jsonl file by its name"),
    (["--format", "jsonl", "-o", "{tmp}/pages.parquet"], "--format jsonl contradicts -o {tmp}/pages.parquet"),
    (["--format", "parquet", "-o", "{tmp}/pdir/"], "--format parquet writes one file, but {tmp}/pdir/ names a folder"),
    (["-o", "{tmp}/pages.jsonl.gz", "--format", "text"], "--format text contradicts -o {tmp}/pages.jsonl.gz"),
])
def test_a_format_that_contradicts_the_output_name_is_refused_before_anything_is_written(tmp_path, args, message):
    res = run("clean", str(SAMPLES), *[a.format(tmp=tmp_path) for a in args])
    assert res.returncode == 2
    assert res.stderr.decode().startswith(f"cleaner: error: {message.format(tmp=tmp_path)}")
    assert res.stderr.decode().count("\n") == 1 and list(tmp_path.iterdir()) == []


def test_without_a_suffix_the_format_is_chosen_as_before(tmp_path):
    assert run("clean", str(SAMPLES), "-o", str(tmp_path / "out")).returncode == 0
    assert (tmp_path / "out").is_dir() and len(list((tmp_path / "out").glob("*.txt"))) == 5
    res = run("clean", str(ROOT / "examples" / "crawl.warc.gz"), "-o", str(tmp_path / "crawl"))
    assert res.returncode == 0 and len(_records((tmp_path / "crawl").read_bytes())) == 3  # JSON Lines, as a WARC asks


# --- explain decides as clean decides ----------------------------------------------------------------------------

def _explained_removals(out: bytes) -> Counter:
    """The removed lines `cleaner explain` prints, as (reason, text)."""
    found: Counter = Counter()
    for line in out.decode("utf-8").split("\n"):
        if line.startswith("- "):
            label, _, text = line[2:].partition(" ")
            text = re.sub(r"  \[[^\]]+:\d+\]$", "", text.strip())
            found[(label.split(":", 1)[1], re.sub(r"^\(pass \d+\) ", "", text))] += 1
    return found


def _same_decisions(path: Path, rules: list[str], cwd: Path) -> None:
    explained = run("explain", str(path), *sum((["--rules", r] for r in rules), []), cwd=cwd)
    cleaned = run("clean", str(path), *sum((["--rules", r] for r in rules), []), "--format", "jsonl", "--no-dedup", cwd=cwd)
    assert explained.returncode == cleaned.returncode == 0, (explained.stderr, cleaned.stderr)
    record = _records(cleaned.stdout)[0]
    assert _explained_removals(explained.stdout) == Counter((r["reason"], r["text"]) for r in record["removed"]), path


def test_explain_applies_a_scoped_rule_as_clean_does_whatever_the_path_form(tmp_path):
    (tmp_path / "site").mkdir()
    shutil.copy(ROOT / "examples" / "blog-pl.txt", tmp_path / "site" / "blog-pl.txt")
    shutil.copy(EXAMPLE_RULES, tmp_path / "rules.toml")
    for path, rules, cwd in [("site/blog-pl.txt", "rules.toml", tmp_path), ("blog-pl.txt", "../rules.toml", tmp_path / "site"),
                             (str(tmp_path / "site" / "blog-pl.txt"), str(tmp_path / "rules.toml"), ROOT)]:
        out = run("explain", path, "--rules", rules, cwd=cwd).stdout.decode()
        assert "credit_line" in out and "Agnieszka Nowicka – mama" in out  # the scoped rule fired
        _same_decisions(Path(path), [rules], cwd)


@needs_shared
@pytest.mark.parametrize("name", ["wcxb-0004.html", "wcxb-0010.html", "wcxb-0096.page.txt", "wcxb-0174.page.txt"])
def test_explain_and_clean_decide_alike_on_dev_pages(tmp_path, name):
    _same_decisions(SHARED / "data" / "dev" / name, [str(EXAMPLE_RULES)], tmp_path)


@pytest.mark.slow  # a sweep: every dev page in both modes, explained and cleaned
@needs_shared
def test_explain_and_clean_decide_alike_on_every_dev_page(tmp_path):
    scoped = tmp_path / "scoped.toml"
    scoped.write_text('[[line]]\nreason = "promo_blurb"\nscope = "wcxb-00*"\npatterns = [\'(?:read|see) more\']\n')
    for path in sorted((SHARED / "data" / "dev").glob("wcxb-*")):
        if path.name.endswith((".html", ".page.txt")):
            _same_decisions(path, [str(EXAMPLE_RULES), str(scoped)], tmp_path)


@needs_shared
def test_terminal_explain_shows_html_mode_lines_in_page_order():
    from cleaner.extract import extract_html

    page = SHARED / "data" / "dev" / "wcxb-0010.html"
    out = run("explain", str(page)).stdout.decode("utf-8").split("\n")
    blocks = [block.text for block in extract_html(page.read_text(encoding="utf-8")).blocks]
    shown = [line[2:].partition(" ")[2].strip() for line in out if line[:2] in ("- ", "+ ")]
    at = [blocks.index(text) for text in shown if blocks.count(text) == 1]  # a text the page holds once
    assert len(at) >= 10 and any(line.startswith("- ") for line in out)
    assert at == sorted(at)


# --- options checked before any document is read ------------------------------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    (["--lang", "xx"], "--lang must be codes that language detection gives (ISO 639-1 such as en, de, zh-cn, or und), not 'xx'"),
    (["--lang", "en,eng"], "--lang must be codes that language detection gives (ISO 639-1 such as en, de, zh-cn, or und), not 'eng'"),
    (["--state", "{tmp}"], "--state must be a file, not the folder '{tmp}'"),
    (["--state", "{tmp}/notes.txt"], "--state '{tmp}/notes.txt' is not a state file of cleaner (not an SQLite database)"),
    (["--state", "{tmp}/missing/seen.db"], "--state '{tmp}/missing/seen.db': the folder '{tmp}/missing' does not exist"),
    (["--stats", "{tmp}"], "--stats {tmp}: a folder, not a file"),
])
def test_a_bad_option_is_one_line_naming_it_and_its_value_before_any_input_is_read(tmp_path, args, message):
    (tmp_path / "notes.txt").write_text("not a database\n")
    out = tmp_path / "out"
    res = run("clean", str(SAMPLES), "-o", str(out), *[a.format(tmp=tmp_path) for a in args])
    assert (res.returncode, res.stderr.decode()) == (2, f"cleaner: error: {message.format(tmp=tmp_path)}\n")
    assert not out.exists() and (tmp_path / "notes.txt").read_text() == "not a database\n"


def test_explain_checks_its_options_too(tmp_path):
    res = run("explain", "--html", str(tmp_path / "page.html"), str(SAMPLES), "--state", str(tmp_path))
    assert res.returncode == 2 and res.stderr.decode().startswith("cleaner: error: --state must be a file")


def test_every_usage_error_has_the_one_prefix(tmp_path):
    for args in (["clean"], ["clean", str(SAMPLES), "--jobs", "0"], ["clean", str(SAMPLES), "--lang", "eng"],
                 ["explain"], ["clean", str(SAMPLES), "--no-such-flag"]):
        res = run(*args)
        assert res.returncode == 2
        assert res.stderr.decode().strip().split("\n")[-1].startswith("cleaner: error: "), args


@pytest.mark.parametrize(("options", "message"), [
    ({"lang": "english"}, "lang must be codes that language detection gives"),
    ({"lang": {"eng"}}, "not 'eng'"),
    ({"lang": 3}, "lang must be language codes"),
    ({"state": "/"}, "state must be a file, not the folder '/'"),
    ({"rules": 42}, "rules must be a rules file's path"),
    ({"jobs": 0}, "jobs must be 1 or more"),
])
def test_the_library_refuses_a_bad_option_with_a_value_error_before_reading(options, message):
    def items():
        raise AssertionError("an input was read")
        yield ""

    with pytest.raises(ValueError, match=re.escape(message)):
        clean_many(items(), **options)


def test_the_library_takes_codes_as_a_string_and_one_rules_file_as_a_path(tmp_path):
    assert Options(lang="EN, de").check().lang == frozenset({"en", "de"})
    assert Options(lang="xx", detector=lambda text: "xx").check().lang == frozenset({"xx"})  # a detector of one's own
    text = (ROOT / "examples" / "blog-pl.txt").read_text(encoding="utf-8")
    plain = clean(text)
    ruled = clean(text, rules=str(EXAMPLE_RULES))  # one file, not its characters
    line = "Wpis zawiera linki afiliacyjne, oznaczone gwiazdką."
    assert line in plain.text and line not in ruled.text
    assert clean(text, rules=EXAMPLE_RULES).text == ruled.text  # a Path as well


def test_a_scope_with_braces_is_refused_as_no_glob_here(tmp_path):
    rules = tmp_path / "r.toml"
    rules.write_text('[[line]]\nreason = "share_bar"\nscope = "{news,blog}*"\npatterns = ["x"]\n')
    res = run("clean", str(SAMPLES), "--rules", str(rules))
    assert res.returncode == 2 and "bad scope '{news,blog}*'" in res.stderr.decode() and "one rule per alternative" in res.stderr.decode()


def test_every_reason_the_output_shows_is_accepted_in_a_rules_file(tmp_path):
    shown = {r.reason for p in SAMPLES.glob("*.txt") for r in clean(p.read_text(encoding="utf-8")).removed}
    assert "promo_blurb" in shown and shown <= output_reasons()
    rules = tmp_path / "all.toml"
    rules.write_text("".join(f'[[line]]\nreason = "{reason}"\npatterns = ["no such line {n}"]\n\n'
                             for n, reason in enumerate(sorted(output_reasons()))))
    assert {rule.reason for rule in load_rules(rules).rules} == output_reasons()


@pytest.mark.slow  # a sweep: every dev page in both modes
@needs_shared
def test_every_reason_given_on_the_dev_pages_is_a_known_output_reason():
    pages = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "data" / "dev").glob("*")) if p.name.endswith((".html", ".page.txt"))]
    given = {r.reason for doc in clean_many(pages, dedup="off") for r in doc.removed}
    assert len(given) >= 30 and given <= output_reasons(), given - output_reasons()


# --- the summary line and --stats ---------------------------------------------------------------------------------

def test_the_summary_is_one_short_line_and_stats_has_every_count(tmp_path):
    res = run("clean", str(SAMPLES), "-o", str(tmp_path / "out.jsonl"), "--stats", str(tmp_path / "stats.json"))
    assert res.returncode == 0
    summary = res.stderr.decode().strip()
    assert "\n" not in summary and summary.count(", ") <= 3 and "…)" in summary
    stats = json.loads((tmp_path / "stats.json").read_text())
    records = _records((tmp_path / "out.jsonl").read_bytes())
    assert stats["cleaned"] == len(records) == 5 and stats["failed"] == 0
    assert Counter(stats["removal_reasons"]) == Counter(r["reason"] for rec in records for r in rec["removed"])
    assert stats["removals"] == sum(len(rec["removed"]) for rec in records)
    assert stats["duplicate_sentences"] == sum(len(rec["duplicates"]) for rec in records) > 0


def test_on_a_terminal_the_summary_fits_its_width():
    from cleaner.cli.clean import Tally

    tally = Tally(cleaned=5, reasons=Counter({f"reason_number_{n}": n + 1 for n in range(40)}), duplicates=4)
    for width in (60, 80, 120):
        line = tally.summary(False, width)
        assert len(line) <= width or "removals (…)" in line, (width, line)
        assert line.startswith("cleaner: 5 cleaned; 0 failed; 820 removals (")


# --- help ------------------------------------------------------------------------------------------------------------

def test_help_describes_every_field_and_as_document_is_exported():
    for name in Options._fields:
        doc = getattr(Options, name).__doc__
        assert doc and "Alias for field" not in doc and len(doc.split()) >= 5, name
    for name in Document.__dataclass_fields__:
        assert f"``{name}``" in Document.__doc__, name
    for field in ("id", "url", "title", "text", "lang", "author", "date", "removed", "repairs", "duplicates", "dropped",
                  "duplicate_of"):
        assert f"``{field}``" in Document.to_record.__doc__, field
    assert "help(Options)" in clean_many.__doc__ and "help(Document)" in clean_many.__doc__
    assert cleaner.as_document("<html><body><p>Hi</p></body></html>", 0).kind == "html" and "as_document" in cleaner.__all__


def test_a_dropped_duplicate_keeps_no_text_as_its_record():
    text = (SAMPLES / "000_b0e08e17cefa5128.txt").read_text(encoding="utf-8")
    first, again = clean_many([text, text])
    assert first.ok and first.text
    assert again.dropped == "duplicate" and again.text == "" and again.to_record()["text"] == ""


def test_html_input_still_cleans_after_the_checks():
    assert clean(HTML).title == "Ministry finds intruders"


def test_stats_counts_the_warc_records_skipped_by_kind(tmp_path):
    res = run("clean", str(ROOT / "examples" / "crawl.warc.gz"), "-o", str(tmp_path / "crawl.jsonl"), "--stats", str(tmp_path / "s.json"))
    stats = json.loads((tmp_path / "s.json").read_text())
    assert res.returncode == 0 and stats["cleaned"] == 3
    assert stats["records_skipped"] and sum(stats["records_skipped"].values()) == 6
    assert "6 WARC records skipped" in res.stderr.decode()
