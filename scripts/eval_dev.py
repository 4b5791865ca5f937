"""Dev-set scores for both input modes, through the real CLI (`make eval`).

    python scripts/eval_dev.py --data ../shared/data/dev --out eval

For each mode the dev pages go in as one JSON Lines file (`NAME.page.txt` as
`text` for text mode, `NAME.html` as `html` for HTML mode), `cleaner clean
--no-dedup --format jsonl` cleans them, each record's `text` field becomes
the prediction `OUT/MODE/NAME.txt`, and ../shared/tools/score.py scores it.
Writes `OUT/MODE.tsv` (per-document P/R/F1; `OUT/MODE.FAVOR.tsv` for --favor precision or recall) and `OUT/summary.txt`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINES = """baselines on dev (from ../shared/data/README.md):
  identity: all of page.txt                       F1 0.802
  text mode: trafilatura on page lines            F1 0.815
  text mode: jusText on page lines                F1 0.851
  trafilatura.extract(html, include_comments=0)   F1 0.945"""


def names(data: Path) -> list[str]:
    manifest = data / "manifest.jsonl"
    if manifest.exists():
        return [json.loads(line)["name"] for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()]
    return sorted(p.name[: -len(".gold.txt")] for p in data.glob("*.gold.txt"))


def run_mode(mode: str, data: Path, out: Path, cleaner: list[str], score: Path, favor: str = "balanced") -> str:
    suffix, field = (".page.txt", "text") if mode == "text" else (".html", "html")
    work = out / mode
    work.mkdir(parents=True, exist_ok=True)
    records = [{"id": name, field: (data / f"{name}{suffix}").read_text(encoding="utf-8")} for name in names(data)]
    src = out / f"{mode}.in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    started = time.perf_counter()
    res = subprocess.run([*cleaner, "clean", str(src), "--no-dedup", "--format", "jsonl", "--favor", favor,
                          "-o", str(out / f"{mode}.out.jsonl")], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if res.returncode not in (0, 1):
        sys.exit(f"cleaner failed in {mode} mode: {res.stderr.strip()}")
    for name in names(data):
        (work / f"{name}.txt").unlink(missing_ok=True)
    for line in (out / f"{mode}.out.jsonl").read_text(encoding="utf-8").split("\n"):
        if line:
            record = json.loads(line)
            (work / f"{record['id']}.txt").write_text(record["text"], encoding="utf-8")
    scored = subprocess.run([sys.executable, str(score), str(work), str(data), "--per-doc", "--json", str(out / f"{mode}.json")],
                            capture_output=True, text=True, check=True)
    per_doc = json.loads((out / f"{mode}.json").read_text(encoding="utf-8"))
    rows = per_doc.get("documents") or per_doc.get("per_doc") or []
    with open(out / (f"{mode}.tsv" if favor == "balanced" else f"{mode}.{favor}.tsv"), "w", encoding="utf-8") as table:
        table.write("name\tprecision\trecall\tf1\n")
        for row in rows:
            table.write(f"{row.get('name')}\t{row.get('precision', 0):.3f}\t{row.get('recall', 0):.3f}\t{row.get('f1', 0):.3f}\n")
    last = scored.stdout.strip().split("\n")[-1]
    failed = res.stderr.count("\n") - 1
    return f"{mode:5} mode: {last}  ({len(records)} pages, {seconds:.1f} s, {max(failed, 0)} failed)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "dev")
    parser.add_argument("--out", type=Path, default=ROOT / "eval")
    parser.add_argument("--cleaner", default=str(Path(sys.executable).parent / "cleaner"))
    parser.add_argument("--mode", choices=("text", "html", "both"), default="both")
    parser.add_argument("--favor", choices=("balanced", "precision", "recall", "all"), default="balanced",
                        help="all: a table of the three settings")
    args = parser.parse_args()
    score = args.data.resolve().parent.parent / "tools" / "score.py"
    args.out.mkdir(parents=True, exist_ok=True)
    favors = ("balanced", "precision", "recall") if args.favor == "all" else (args.favor,)
    lines = [run_mode(mode, args.data, args.out, [args.cleaner], score, favor)
             + ("" if args.favor == "balanced" else f"  --favor {favor}")
             for favor in favors for mode in (("text", "html") if args.mode == "both" else (args.mode,))]
    summary = "\n".join(lines + [BASELINES])
    (args.out / "summary.txt").write_text(summary + "\n", encoding="utf-8")
    print(summary)
    others = "" if args.favor == "balanced" else " (MODE.FAVOR.tsv for the others)"
    print(f"per-document tables: {args.out}/text.tsv, {args.out}/html.tsv{others}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
