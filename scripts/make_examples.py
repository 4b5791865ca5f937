"""Write examples/: the compressed and WARC inputs that the README's examples clean.

    python scripts/make_examples.py      # rewrites examples/pages.jsonl.gz and examples/crawl.warc.gz

Both are made from our own pages (corpus/golden, samples/), byte for byte the same on every run
(fixed record ids and dates, gzip without a time stamp):

- ``pages.jsonl.gz``: two HTML records with their ``url``, and one page-text record;
- ``blog-pl.txt``: the page text of a Polish blog post with reader comments, whose share button
  the built-in rules do not know (the ``--rules`` example removes it with ``site_rules.toml``);
- ``crawl.warc.gz``: a ``warcinfo`` record, then for each of three pages a request and its
  ``200 text/html`` response, then records that are not articles (an image, a redirect).
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from pages import load, page_html, page_text  # noqa: E402

OUT = ROOT / "examples"
DATE = "2025-12-01T00:00:00Z"
SAMPLE = ROOT / "samples" / "000_b0e08e17cefa5128.txt"


def _pages() -> list[dict]:
    return [spec for spec in load(ROOT / "corpus" / "golden") if spec["lang"] == "en"]


def write_jsonl(path: Path) -> None:
    specs = _pages()[:2]
    records = [{"id": spec["name"], "url": spec["url"], "html": page_html(spec)} for spec in specs]
    records.append({"id": "securityweek-czech-hack", "url": "https://www.example.com/czech-hack",
                    "text": SAMPLE.read_text(encoding="utf-8")})
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    path.write_bytes(gzip.compress(data, mtime=0))


def _record(writer: WARCWriter, number: int, uri: str, kind: str, payload: bytes, http: StatusAndHeaders | None):
    headers = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{number:012d}>", "WARC-Date": DATE}
    return writer.create_warc_record(uri, kind, payload=io.BytesIO(payload), http_headers=http, warc_headers_dict=headers)


def write_warc(path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    info = writer.create_warcinfo_record(path.name, {"software": "scripts/make_examples.py", "format": "WARC File Format 1.1"})
    info.rec_headers.replace_header("WARC-Record-ID", "<urn:uuid:00000000-0000-4000-8000-000000000000>")
    info.rec_headers.replace_header("WARC-Date", DATE)
    writer.write_record(info)
    number = 0
    for spec in _pages():
        number += 1
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", spec["url"].split("/")[2])], is_http_request=True)
        writer.write_record(_record(writer, number, spec["url"], "request", b"", request))
        number += 1
        ok = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(_record(writer, number, spec["url"], "response", page_html(spec).encode("utf-8"), ok))
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(_record(writer, number + 1, "https://www.example.com/logo.png", "response",
                                b"\x89PNG\r\n\x1a\n" + bytes(64), image))
    moved = StatusAndHeaders("301 Moved Permanently", [("Content-Type", "text/html"), ("Location", "https://www.example.com/")],
                             protocol="HTTP/1.1")
    writer.write_record(_record(writer, number + 2, "http://example.com/", "response", b"<html><body>Moved</body></html>", moved))
    path.write_bytes(buffer.getvalue())


def write_blog(path: Path) -> None:
    spec = next(spec for spec in load(ROOT / "corpus" / "golden") if spec["name"] == "pl-comment_thread-01")
    path.write_text(page_text(spec), encoding="utf-8")


def main() -> int:
    OUT.mkdir(exist_ok=True)
    write_jsonl(OUT / "pages.jsonl.gz")
    write_blog(OUT / "blog-pl.txt")
    write_warc(OUT / "crawl.warc.gz")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
