"""Pages that come out empty where trafilatura finds a body (issue 20, part 4).

    python scripts/check_empty.py [--set dev multilingual] [--mode text|html|both]

Each page of ../shared/data/SET is cleaned in this process (no dedup), as page text
(``NAME.page.txt``) and as HTML (``NAME.html``). A page fails this check when the cleaner gives
"no article text found" (or any error, or an empty body) in a mode while
``trafilatura.extract(html, include_comments=False)`` returns a body for the same page.
Every such page is listed with the cleaner's error and the start of trafilatura's body; the
last line counts them. Exit status 1 when there is any.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Document, Options, default_pipeline  # noqa: E402
from cleaner.inputs.decode import decode_bytes  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def page_names(data: Path) -> list[str]:
    """The pages of a set: every NAME with a NAME.html, sorted."""
    return sorted(p.name[: -len(".html")] for p in data.glob("*.html"))


def trafilatura_body(html: str) -> str:
    """trafilatura's body of *html*, comments left out ("" when it finds none)."""
    import trafilatura

    return (trafilatura.extract(html, include_comments=False) or "").strip()


def empty_pages(data: Path, modes: tuple[str, ...]) -> list[tuple[str, str, str, str]]:
    """(name, mode, cleaner's error, trafilatura's body) for each page empty where trafilatura is not."""
    pipeline = default_pipeline(Options(dedup="off"))
    found = []
    for name in page_names(data):
        html = decode_bytes((data / f"{name}.html").read_bytes())  # multilingual pages keep their own encoding
        body: str | None = None
        for mode in modes:
            raw = html if mode == "html" else decode_bytes((data / f"{name}.page.txt").read_bytes())
            doc = pipeline.run(Document(id=name, raw=raw, kind=mode))
            if not doc.error and doc.paragraphs:
                continue
            body = trafilatura_body(html) if body is None else body
            if body:
                found.append((name, mode, doc.error or "empty text", body))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", nargs="+", default=["dev", "multilingual"])
    parser.add_argument("--mode", choices=("text", "html", "both"), default="both")
    args = parser.parse_args()
    modes = ("text", "html") if args.mode == "both" else (args.mode,)
    total = 0
    for set_name in args.set:
        pages = empty_pages(DATA / set_name, modes)
        total += len(pages)
        for name, mode, error, body in pages:
            start = " / ".join(body.split("\n")[:3])[:160]
            print(f"{set_name}/{name} {mode}: {error}; trafilatura: {len(body.split())} words: {start}")
    print(f"{total} pages empty where trafilatura finds a body ({', '.join(args.set)}; {', '.join(modes)} mode)")
    return 1 if total else 0


if __name__ == "__main__":
    raise SystemExit(main())
