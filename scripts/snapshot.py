"""Snapshot cleaner's output on the shared pages, to prove a change keeps it byte-identical.

    python scripts/snapshot.py OUT.jsonl            # write a snapshot
    python scripts/snapshot.py OUT.jsonl --diff OLD.jsonl   # and list every record that differs

Text mode: the 678 dev+train `NAME.page.txt`; HTML mode: the 120 dev `NAME.html`; each cleaned
with dedup off, then the text-mode pages again as one batch with `dedup="mark"` (duplicates listed,
text unchanged). One JSON record per document and mode, keys sorted.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import clean_many  # noqa: E402

DATA = ROOT.parent / "shared" / "data"


def pages(kind: str) -> list[dict[str, str]]:
    out = []
    sets = ("dev", "train") if kind == "text" else ("dev",)
    suffix = ".page.txt" if kind == "text" else ".html"
    for name in sets:
        for path in sorted((DATA / name).glob(f"*{suffix}")):
            out.append({"id": f"{name}/{path.name[: -len(suffix)]}", kind: path.read_text(encoding="utf-8")})
    return out


def records(jobs: int) -> list[dict]:
    out = []
    for mode, dedup in (("text", "off"), ("html", "off"), ("text", "mark")):
        for doc in clean_many(pages(mode), dedup=dedup, jobs=jobs):
            record = doc.to_record() if doc.ok else {"id": doc.id, "error": doc.error, "dropped": doc.dropped}
            out.append({"mode": f"{mode}/dedup={dedup}", **record})
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--diff", type=Path, help="an earlier snapshot to compare with")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    rows = records(args.jobs)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows), encoding="utf-8")
    if not args.diff:
        return 0
    old = {(r["mode"], r["id"]): r for r in map(json.loads, filter(None, args.diff.read_text(encoding="utf-8").split("\n")))}
    fields: dict[str, int] = {}
    changed = 0
    for row in rows:
        before = old.get((row["mode"], row["id"]))
        if before != row:
            changed += 1
            for key in sorted(set(row) | set(before or {})):
                if (before or {}).get(key) != row.get(key):
                    fields[key] = fields.get(key, 0) + 1
                    print(f"{row['mode']}\t{row['id']}\t{key}")
    print(f"{changed} of {len(rows)} records differ; by field: {fields}")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
