"""Inputs beyond plain files, run through the real command: .gz and .zst files, WARC files, a record's url.

Every bad input here (a corrupt or truncated archive, a zip bomb, a malformed WARC record, a url
that is not a string) is one line naming it, never a traceback, and the batch goes on.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import os
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaner.inputs import compressed

from .conftest import ARTICLE, HTML, lines_of, peak_rss_mb, problems, run

DATED_URL = "https://www.example.com/news/2019/03/14/ministry-finds-intruders"
ARTICLE_HTML = ("<html><body><article>" + "".join(f"<p>{html.escape(line)}</p>" for line in ARTICLE.split("\n") if line)
                + "</article></body></html>")
RECORDS = [{"id": "r1", "text": ARTICLE, "url": "https://www.example.com/czech-hack"},
           {"id": "r2", "html": HTML, "url": DATED_URL}]


def jsonl(records: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def zst(data: bytes) -> bytes:
    return compressed._zstd().compress(data)


def records_of(text: str) -> list[dict]:
    return [json.loads(line) for line in text.split("\n") if line]


# --- .gz and .zst ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "jsonl"])
def test_compressed_inputs_give_the_output_of_the_same_files_uncompressed(tmp_path, fmt):
    plain, packed = tmp_path / "plain", tmp_path / "packed"
    plain.mkdir()
    packed.mkdir()
    files = {"a.txt": ARTICLE.encode(), "b.html": HTML.encode(), "c.jsonl": jsonl(RECORDS)}
    for name, data in files.items():
        (plain / name).write_bytes(data)
    (packed / "a.txt.gz").write_bytes(gzip.compress(files["a.txt"]))
    (packed / "b.html.zst").write_bytes(zst(files["b.html"]))
    (packed / "c.jsonl.gz").write_bytes(gzip.compress(files["c.jsonl"][:9000]) + gzip.compress(files["c.jsonl"][9000:]))
    outputs = {}
    for src in (plain, packed):
        out = tmp_path / f"{src.name}.{fmt}"
        res = run("clean", str(src), "--no-dedup", "--format", fmt, "-o", str(out))
        assert res.returncode == 0, res.stderr
        assert lines_of(res)[-1].startswith("cleaner: 4 cleaned; 0 failed")
        outputs[src.name] = ({str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*.txt"))}
                             if fmt == "text" else records_of(out.read_text(encoding="utf-8")))
    assert outputs["packed"] == outputs["plain"]
    if fmt == "text":
        assert sorted(outputs["plain"]) == ["a.txt", "b.txt", "c/r1.txt", "c/r2.txt"]


def test_a_compressed_json_lines_file_on_the_command_line_defaults_to_jsonl_output(tmp_path):
    (tmp_path / "pages.jsonl.zst").write_bytes(zst(jsonl(RECORDS)))
    res = run("clean", str(tmp_path / "pages.jsonl.zst"), "--no-dedup")
    assert res.returncode == 0, res.stderr
    assert [r["id"] for r in records_of(res.stdout.decode())] == ["r1", "r2"]


@pytest.mark.parametrize("pack", [gzip.compress, zst], ids=["gzip", "zstd"])
def test_compressed_standard_input_is_known_by_its_first_bytes_and_cleaned_as_the_same_input_plain(pack):
    """No name to go by on stdin: gzip and zstd are known by their magic bytes, decompressed (to at most
    --max-bytes), then read as plain stdin is (its format too: JSON Lines in, records out)."""
    for data in (ARTICLE.encode(), HTML.encode(), jsonl(RECORDS)):
        plain, packed = run("clean", "-", "--no-dedup", stdin=data), run("clean", "-", "--no-dedup", stdin=pack(data))
        assert packed.returncode == 0 and lines_of(packed)[-1].startswith("cleaner: ") and packed.stdout
        assert packed.stdout == plain.stdout and lines_of(packed) == lines_of(plain)
    res = run("clean", "-", "--no-dedup", "--max-bytes", "2000", stdin=pack(ARTICLE.encode()))
    assert res.returncode == 1 and not res.stdout
    assert problems(res) == {"<stdin>": "decompresses to more than 2,000 bytes, over the 2,000-byte limit (--max-bytes)"}
    res = run("clean", "-", "--no-dedup", stdin=pack(ARTICLE.encode())[:-12])
    assert res.returncode == 1 and list(problems(res).values())[0].startswith(("truncated", "corrupt"))


def test_corrupt_truncated_and_empty_archives_are_one_line_each_and_the_batch_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    packed = zst(ARTICLE.encode())
    (src / "good.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    (src / "garbage.txt.gz").write_bytes(b"this was never gzip data")
    (src / "cut.html.gz").write_bytes(gzip.compress(HTML.encode())[:-12])
    (src / "cut.txt.zst").write_bytes(packed[: len(packed) // 2])
    (src / "corrupt.txt.zst").write_bytes(packed[:12] + b"\xff" * 40 + packed[52:])
    (src / "empty.txt.gz").write_bytes(b"")
    (src / "empty.txt.zst").write_bytes(b"")
    whole = jsonl(RECORDS)
    (src / "cut.jsonl.gz").write_bytes(gzip.compress(whole[:whole.index(b"\n") + 1]) + gzip.compress(whole)[:200])
    res = run("clean", str(src), "-o", str(tmp_path / "out"), "--no-dedup")
    assert res.returncode == 1
    assert problems(res) == {
        f"{src}/corrupt.txt.zst": "corrupt zstd data (Data corruption detected)",
        f"{src}/cut.html.gz": "truncated gzip file (it ends before the end of its compressed data)",
        f"{src}/cut.jsonl.gz": "truncated gzip file (it ends before the end of its compressed data)",
        f"{src}/cut.txt.zst": "truncated zstd file (it ends before the end of its compressed data)",
        f"{src}/empty.txt.gz": "empty input",
        f"{src}/empty.txt.zst": "empty input",
        f"{src}/garbage.txt.gz": "corrupt gzip data (Not a gzipped file (b'th'))",
    }
    assert lines_of(res)[-1].startswith("cleaner: 2 cleaned; 7 failed")
    assert sorted(str(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*.txt")) == \
        ["cut/r1.txt", "good.txt"]  # the record before the cut is cleaned


def _bomb(path: Path, megabytes: int) -> None:
    """A file that decompresses to *megabytes* MB of text (one line), written without holding it."""
    block = b"All work and no play makes Jack a dull boy. " * 24_000  # ~1 MB
    opened = gzip.open(path, "wb", compresslevel=6) if path.suffix == ".gz" else compressed._zstd().open(path, "wb")
    with opened as handle:
        handle.write(b'{"id": "bomb", "text": "' if ".jsonl" in path.name else b"")
        for _ in range(megabytes):
            handle.write(block)
        handle.write(b'"}\n' if ".jsonl" in path.name else b"")
    assert path.stat().st_size < megabytes * 1_000_000 // 100


@pytest.mark.slow  # peak memory of a whole process
@pytest.mark.parametrize("name", ["bomb.txt.gz", "bomb.html.zst", "bomb.jsonl.gz"])
def test_a_zip_bomb_is_refused_while_decompressing_in_flat_memory(tmp_path, name):
    """300 MB behind a few hundred KB: refused once the limit is passed, the peak memory that of a small run."""
    _bomb(tmp_path / name, 300)
    (tmp_path / "small.txt").write_text(ARTICLE)
    code, baseline, _ = peak_rss_mb("clean", str(tmp_path / "small.txt"), "--no-dedup", "-o", str(tmp_path / "s"))
    assert code == 0
    code, peak, summary = peak_rss_mb("clean", str(tmp_path / name), "--no-dedup", "--max-bytes", "2000000",
                                       "-o", str(tmp_path / "out"))
    assert code == 1 and summary.startswith("cleaner: 0 cleaned; 1 failed"), summary
    assert peak - baseline < 40, (baseline, peak)
    res = run("clean", str(tmp_path / name), "--no-dedup", "--max-bytes", "2000000", "-o", str(tmp_path / "out"))
    problem = problems(res)[f"{tmp_path / name}:1" if ".jsonl" in name else str(tmp_path / name)]
    assert problem == ("line over 8,000,000 bytes, too long for one record (4 x the limit) (--max-bytes)" if ".jsonl" in name
                       else "decompresses to more than 2,000,000 bytes, over the 2,000,000-byte limit (--max-bytes)")


# --- WARC ------------------------------------------------------------------------------------------------------------

def _http(status: str, content_type: str, *extra: tuple[str, str]) -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type), *extra], protocol="HTTP/1.1")


def _write(writer: WARCWriter, uri: str, kind: str, payload: bytes, http: StatusAndHeaders | None = None,
           record_id: str | None = "") -> None:
    record = writer.create_warc_record(uri, kind, payload=io.BytesIO(payload), http_headers=http)
    if record_id is None:
        record.rec_headers.remove_header("WARC-Record-ID")
    elif record_id:
        record.rec_headers.replace_header("WARC-Record-ID", f"<{record_id}>")
    writer.write_record(record)


def warc(*, gz: bool = True) -> bytes:
    """A crawl: two pages (one sent gzip-encoded), and records that are no article."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "tests"}))
    _write(writer, DATED_URL, "request", b"", StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True))
    _write(writer, DATED_URL, "response", HTML.encode(), _http("200 OK", "text/html; charset=utf-8"), "urn:uuid:page-1")
    _write(writer, "https://www.example.com/logo.png", "response", b"\x89PNG\r\n\x1a\n" + bytes(40), _http("200 OK", "image/png"))
    _write(writer, "http://example.com/", "response", b"<html><body>Moved</body></html>", _http("301 Moved", "text/html"))
    _write(writer, "https://www.example.com/gone", "response", HTML.encode(), _http("404 Not Found", "text/html"))
    _write(writer, "https://www.example.com/czech-hack", "response", gzip.compress(ARTICLE_HTML.encode()),
           _http("200 OK", "application/xhtml+xml", ("Content-Encoding", "gzip")), record_id=None)
    _write(writer, DATED_URL, "metadata", b"fetchTimeMs: 120\r\n")
    _write(writer, "https://www.example.com/last", "response", ARTICLE_HTML.encode(), _http("200 OK", "text/html"))
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_each_html_response_record_of_a_warc_file_is_one_document(tmp_path, name):
    data = warc(gz=name.endswith(".gz"))
    (tmp_path / name).write_bytes(data)
    res = run("clean", str(tmp_path / name), "--no-dedup")  # WARC input: JSON Lines output by default
    assert res.returncode == 0, res.stderr
    records = records_of(res.stdout.decode())
    assert [(r["id"].split(":")[0], r["url"]) for r in records] == [("urn", DATED_URL), (
        "crawl", "https://www.example.com/czech-hack"), ("urn", "https://www.example.com/last")]  # no record id: FILE:OFFSET
    first, second = records[:2]
    assert first["id"] == "urn:uuid:page-1" and first["date"] == "2019-03-14"  # the url reached trafilatura
    assert second["id"] == f"crawl:{int(second['id'].split(':')[1])}" and "The Czech government" in second["text"]
    (tmp_path / "same.jsonl").write_bytes(jsonl([{"id": "urn:uuid:page-1", "url": DATED_URL, "html": HTML}]))
    again = records_of(run("clean", str(tmp_path / "same.jsonl"), "--no-dedup").stdout.decode())
    assert again == [first]  # the record is cleaned as the same page given as JSON Lines with its url


def test_malformed_and_truncated_warc_records_are_one_line_each_and_reading_goes_on(tmp_path):
    good = warc(gz=False)
    page = good.rindex(b"WARC/1.", 0, good.index(b"urn:uuid:page-1"))  # where the page's record starts
    junk = b"NOT A WARC HEADER\r\n\r\n"
    broken = good[:page] + junk + good[page:]
    cut = broken[:-300]  # and the last record ends inside its page: truncated
    last = cut.rindex(b"WARC/1.")
    src = tmp_path / "in"
    src.mkdir()
    (src / "broken.warc").write_bytes(cut)
    header_cut = good.rindex(b"WARC/1.")
    (src / "cut.warc").write_bytes(good[: header_cut + 40])  # the last record's header cut short
    (src / "empty.warc").write_bytes(b"")
    (src / "notes.warc").write_bytes(b"these are notes\n" * 20)
    (src / "crawl.warc.zst").write_bytes(zst(good))
    res = run("clean", str(src), "--no-dedup", "--format", "jsonl", "-o", str(tmp_path / "out.jsonl"))
    assert res.returncode == 1
    assert lines_of(res)[:-1] == [
        f"cleaner: {src}/broken.warc:{page}: malformed WARC record (Invalid WARC record, first line: NOT A WARC HEADER)",
        f"cleaner: {src}/broken.warc:{last}: truncated WARC record (the file ends inside it)",
        f"cleaner: {src}/crawl.warc.zst: a zstd-compressed WARC cannot be read (warcio reads .warc and .warc.gz); "
        "decompress it first",
        f"cleaner: {src}/cut.warc:{header_cut}: malformed WARC record (its header cannot be read: cut short, or not a WARC "
        "header)",
        f"cleaner: {src}/empty.warc: empty input",
        f"cleaner: {src}/notes.warc:0: malformed WARC record (Unknown archive format, first line: ['these', 'are', 'notes'])",
    ]
    out = records_of((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert [r["url"] for r in out] == [DATED_URL, "https://www.example.com/czech-hack"] * 2  # broken.warc's, cut.warc's


SKIPPED = "6 WARC records skipped: 1 HTTP 301, 1 HTTP 404, 1 metadata, 1 non-HTML response, 1 request, 1 warcinfo"


def test_the_records_a_warc_file_holds_besides_its_pages_are_counted_by_kind(tmp_path):
    """A request, a metadata record, an image, a redirect and a 404 page are no failure and no article: the
    summary counts them by kind (a 404 page's HTML is well-formed, and would otherwise come out as an article)."""
    (tmp_path / "crawl.warc.gz").write_bytes(warc())
    res = run("clean", str(tmp_path / "crawl.warc.gz"), "--no-dedup")
    assert res.returncode == 0 and lines_of(res) == [lines_of(res)[-1]]  # nothing but the summary
    assert lines_of(res)[-1].startswith(f"cleaner: 3 cleaned; 0 failed; {SKIPPED}; ")
    assert "gone" not in res.stdout.decode()  # the 404 page's url
    (tmp_path / "pages.jsonl").write_bytes(jsonl(RECORDS))
    assert "skipped" not in lines_of(run("clean", str(tmp_path / "pages.jsonl"), "--no-dedup"))[-1]  # none: not said


def test_a_warc_gzipped_as_one_stream_is_read_in_order_and_decompressed_forward_only(tmp_path, monkeypatch):
    """Not gzipped record by record (as crawlers write them) but whole: read through one decompressor, the same
    records as the file gzipped per record, and loading them never seeks back (which would decompress from the start)."""
    (tmp_path / "per_record.warc.gz").write_bytes(warc())
    (tmp_path / "whole.warc.gz").write_bytes(gzip.compress(warc(gz=False)))
    backwards = []
    seek = compressed.Decompressing.seek

    def forward_only(self: compressed.Decompressing, offset: int) -> int:
        backwards.append(offset < self.tell())
        return seek(self, offset)

    monkeypatch.setattr(compressed.Decompressing, "seek", forward_only)
    whole = run("clean", str(tmp_path / "whole.warc.gz"), "--no-dedup")
    per_record = run("clean", str(tmp_path / "per_record.warc.gz"), "--no-dedup")
    assert whole.returncode == 0 and lines_of(whole)[-1].startswith(f"cleaner: 3 cleaned; 0 failed; {SKIPPED}; ")
    texts = [(r["url"], r["title"], r["text"]) for r in records_of(whole.stdout.decode())]
    assert texts == [(r["url"], r["title"], r["text"]) for r in records_of(per_record.stdout.decode())]
    assert len(backwards) >= 3 and not any(backwards)  # one seek per page loaded at least, each forward
    cut = gzip.compress(warc(gz=False))[:-400]  # and cut short: one line, the pages before the cut cleaned
    (tmp_path / "cut.warc.gz").write_bytes(cut)
    res = run("clean", str(tmp_path / "cut.warc.gz"), "--no-dedup")
    assert res.returncode == 1 and len(records_of(res.stdout.decode())) == 2
    assert list(problems(res).values()) == ["truncated gzip file (it ends before the end of its compressed data)"]


def test_a_warc_record_over_the_size_limit_is_one_line(tmp_path):
    (tmp_path / "crawl.warc.gz").write_bytes(warc())
    res = run("clean", str(tmp_path / "crawl.warc.gz"), "--no-dedup", "--max-bytes", "3000")
    assert res.returncode == 1
    found = problems(res)
    assert len(found) == 2 and set(found.values()) == {"record content over the 3,000-byte limit (--max-bytes)"}
    assert len(records_of(res.stdout.decode())) == 1  # the short page is cleaned


# --- a record's url --------------------------------------------------------------------------------------------------

def test_a_records_url_is_written_and_a_url_that_is_not_a_string_is_one_line(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(jsonl([*RECORDS, {"id": "r3", "text": ARTICLE, "url": ["https://www.example.com/"]},
                           {"id": "r4", "text": ARTICLE, "url": None}]))
    res = run("clean", str(src), "--no-dedup")
    assert res.returncode == 1
    assert problems(res) == {f"{src}:3": "record's 'url' field is not a string"}
    out = records_of(res.stdout.decode())
    assert [(r["id"], r["url"]) for r in out] == [("r1", RECORDS[0]["url"]), ("r2", DATED_URL), ("r4", "")]
    assert out[1]["date"] == "2019-03-14"  # HTML mode: trafilatura read the date from the url
    without = records_of(run("clean", "-", "--no-dedup", stdin=jsonl([{"id": "r2", "html": HTML}])).stdout.decode())
    assert without[0]["date"] == "" and without[0]["text"] == out[1]["text"]


def test_an_unreadable_compressed_input_inside_a_folder_does_not_block(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    os.mkfifo(src / "pipe.txt.gz")
    (src / "a.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    res = run("clean", str(src), "-o", str(tmp_path / "out"), "--no-dedup")
    assert problems(res) == {f"{src}/pipe.txt.gz": "not a regular file"}
    assert (tmp_path / "out" / "a.txt").exists()


def test_explain_reads_a_compressed_page_and_names_a_warc_file_in_one_line(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    (tmp_path / "crawl.warc.gz").write_bytes(warc())
    res = run("explain", str(tmp_path / "a.txt.gz"), "--color", "never")
    assert res.returncode == 0 and "- boilerplate:navigation       Connect with us" in res.stdout.decode()
    res = run("explain", str(tmp_path / "crawl.warc.gz"))
    assert res.returncode == 1 and res.stderr.decode() == \
        f"cleaner: {tmp_path}/crawl.warc.gz: explain takes one article (HTML or text), not a WARC file\n"


def test_jobs_2_reads_compressed_and_warc_inputs_as_jobs_1_does(tmp_path):
    (tmp_path / "crawl.warc.gz").write_bytes(warc())
    (tmp_path / "pages.jsonl.zst").write_bytes(zst(jsonl(RECORDS * 3)))
    outs = [run("clean", str(tmp_path / "crawl.warc.gz"), str(tmp_path / "pages.jsonl.zst"), "--jobs", jobs,
                "--keep-dropped").stdout for jobs in ("1", "2")]
    assert outs[0] == outs[1]
    records = records_of(outs[0].decode())
    assert len(records) == 9 and sum(r["dropped"] == "duplicate" for r in records) >= 5  # the copies: duplicate articles
