"""Score HTML mode (cleaner.extract.extract_html) against trafilatura's default on the dev set.

    .venv/bin/python scripts/eval_htmlmode.py [--set DIR] [--out DIR] [--no-baseline] [--dropped FILE]

Writes OUT/html/NAME.txt (paragraphs joined by newlines) and OUT/baseline/NAME.txt
(trafilatura.extract(html, include_comments=False)), runs the shared score.py on
both and prints F1/P/R and pages per second side by side.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = Path("/work/shared")


def _score(pred: Path, set_dir: Path, score: Path) -> str:
    out = subprocess.run([sys.executable, str(score), str(pred), str(set_dir)],
                         capture_output=True, text=True, check=True).stdout
    return out.strip().splitlines()[-1]


def _run(name: str, fn, pages: dict[str, str], out: Path) -> float:
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    results = {key: fn(html) for key, html in pages.items()}
    elapsed = time.perf_counter() - start
    for key, text in results.items():
        (out / f"{key}.txt").write_text(text, encoding="utf-8")
    return len(pages) / elapsed if elapsed else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, default=SHARED / "data" / "dev")
    parser.add_argument("--score", type=Path, default=SHARED / "tools" / "score.py")
    parser.add_argument("--out", type=Path, default=Path("/tmp/eval_htmlmode"))
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--dropped", type=Path, help="write every dropped block here (NAME<TAB>reason<TAB>text)")
    args = parser.parse_args(argv)

    from cleaner.extract import extract_html

    pages = {p.name[: -len(".html")]: p.read_text(encoding="utf-8", errors="replace")
             for p in sorted(args.set.glob("*.html"))}
    dropped: list[str] = []

    def ours(html: str) -> str:
        result = extract_html(html)
        dropped.extend(f"{reason}\t{text}" for reason, text in result.dropped)
        return "\n".join(result.paragraphs)

    rows = [("html", _run("html", ours, pages, args.out / "html"))]
    if not args.no_baseline:
        import trafilatura

        rows.append(("baseline", _run("baseline", lambda h: trafilatura.extract(h, include_comments=False) or "",
                                      pages, args.out / "baseline")))
    for name, speed in rows:
        print(f"{name:9s} {speed:6.1f} pages/s  {_score(args.out / name, args.set, args.score)}")
    if args.dropped:
        args.dropped.write_text("\n".join(dropped) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
