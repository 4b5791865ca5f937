"""Scores on our own pages (`corpus/`), per language and per page kind, in both modes (part of `make eval`).

    python scripts/eval_pages.py [--set eval] [--out eval] [--mode both] [--worst 5]

Each spec of `corpus/SET/` is rendered as page text and as HTML (`scripts/pages.py`), cleaned
through the real CLI (`--no-dedup --format jsonl`), and the record's `text` is scored against the
spec's gold body with `../shared/tools/score.py`'s token 4-gram method. Chinese and Japanese are
written without spaces, so score.py's `\\w+` tokens would make a whole paragraph one token; for
them each Han or kana character is a token (spaces are put between them in prediction and gold
alike before scoring). Prints P/R/F1 per language, per kind and for English against the rest,
and writes `OUT/pages-MODE.tsv` (per page).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from pages import gold_text, load, page_html, page_text  # noqa: E402

from cleaner.words import UNSPACED  # noqa: E402

_UNSPACED = re.compile(f"([{UNSPACED}])")


def _score_module(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def spaced(text: str) -> str:
    """Han and kana characters as tokens of their own, as the scorer's tokenizer cannot split them."""
    return _UNSPACED.sub(r" \1 ", text)


def clean_all(specs: list[dict], mode: str, cleaner: str) -> dict[str, str]:
    field = "text" if mode == "text" else "html"
    render = page_text if mode == "text" else page_html
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        src.write_text("".join(json.dumps({"id": s["name"], field: render(s)}, ensure_ascii=False) + "\n" for s in specs),
                       encoding="utf-8")
        subprocess.run([cleaner, "clean", str(src), "--no-dedup", "--format", "jsonl", "-o", str(out)],
                       capture_output=True, check=False)
        records = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line] if out.exists() else []
    return {r["id"]: r["text"] for r in records}


def summarise(rows: list[tuple[float, float, float, float, float]]) -> tuple[float, float, float, int]:
    """score.py's aggregate: P and R are means over documents, F1 their harmonic mean."""
    ps = [p for p, _, tp, fp, _ in rows if tp + fp > 0]
    rs = [r for _, r, tp, _, fn in rows if tp + fn > 0]
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), len(rows)


def evaluate(specs: list[dict], mode: str, cleaner: str, score, out: Path) -> list[str]:
    predicted = clean_all(specs, mode, cleaner)
    groups: dict[str, list] = defaultdict(list)
    table = ["name\tlang\tkind\tprecision\trecall\tf1"]
    for spec in specs:
        pred, gold = spaced(predicted.get(spec["name"], "")), spaced(gold_text(spec))
        tp, fp, fn = score.tp_fp_fn(gold, pred)
        p, r = score.precision_score(tp, fp, fn), score.recall_score(tp, fp, fn)
        row = (p, r, tp, fp, fn)
        lang = spec["lang"]
        for key in ("all", f"lang {lang}", f"kind {spec['kind']}", "english" if lang == "en" else "not english"):
            groups[key].append(row)
        table.append(f"{spec['name']}\t{lang}\t{spec['kind']}\t{p:.3f}\t{r:.3f}\t{2 * p * r / (p + r) if p + r else 0:.3f}")
    (out / f"pages-{mode}.tsv").write_text("\n".join(table) + "\n", encoding="utf-8")
    lines = []
    for key in ["all", "english", "not english"] + sorted(k for k in groups if k.startswith("lang ")) + \
            sorted(k for k in groups if k.startswith("kind ")):
        p, r, f, n = summarise(groups[key])
        lines.append(f"{mode:5} {key:22} F1 {f:.3f} P {p:.3f} R {r:.3f} n {n}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="eval", help="the corpus folder: eval (default), golden or train")
    parser.add_argument("--out", type=Path, default=ROOT / "eval")
    parser.add_argument("--mode", choices=("text", "html", "both"), default="both")
    parser.add_argument("--cleaner", default=str(Path(sys.executable).parent / "cleaner"))
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    specs = load(ROOT / "corpus" / args.set)
    score = _score_module(args.shared)
    lines = []
    for mode in ("text", "html") if args.mode == "both" else (args.mode,):
        lines += evaluate(specs, mode, args.cleaner, score, args.out)
    summary = "\n".join(lines)
    (args.out / f"pages-{args.set}.txt").write_text(summary + "\n", encoding="utf-8")
    print(f"our own pages (corpus/{args.set}, {len(specs)} pages)")
    print(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
