"""Out-of-fold snippet scores of the text-mode line model on ../shared/data/multilingual.

    python scripts/eval_multilingual_oof.py [--folds scripts/data/multilingual_folds.json] [--html] [--json FILE]

For each site-grouped fold K (scripts/folds.py) a model is trained as
``scripts/train_linemodel.py --exclude-fold K`` trains it (the same rows, read once here
for all folds) into a temporary file, and that fold's pages are cleaned in text mode with
it (:func:`cleaner.boilerplate.linemodel.use_model`; LightGBM scores the lines, with the decisions the
compiled model would take). All pages are then scored together with the snippet metric
(scripts/multilingual.py, as ../shared/tools/snippet_score.py scores): overall and per
language (langdetect, seed 0, on the "with" snippets). With --html, HTML mode (which uses no
line model) is scored on the same pages for comparison.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import train_linemodel as tl  # noqa: E402
from lexical_fit import fill_lexical  # noqa: E402
from multilingual import DATA, cases, clean_pages, language_of, score, table  # noqa: E402

from cleaner.boilerplate import compiled, lexicon, linemodel  # noqa: E402


def out_of_fold(folds: dict[str, int], args: argparse.Namespace) -> dict[str, str]:
    """NAME -> its text-mode body, each page cleaned by the model that did not see its fold."""
    records: list = []
    lexicon.use_lexicon(None)  # the lexical columns are filled in per fold, cross-fitted without it
    X, y, w, fold = tl.load(args.train, None if args.pages == "none" else Path(args.pages), clean_pages=True,
                            multilingual=DATA, folds=folds, ml_weight=args.ml_weight,
                            silver=args.silver, records=records)
    compiled.configure(compiled.Settings(use_compiled=False))  # one model per fold: no minute of compiling each
    bodies: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="linemodel-oof-") as tmp:
        for k in sorted(set(folds.values())):
            started = time.perf_counter()
            kept = fold != k
            model, words = Path(tmp) / f"fold{k}.txt", Path(tmp) / f"lexicon{k}.tsv"
            lexicon.save(fill_lexical(X, records, {n for n, f in folds.items() if f == k}), words)
            tl.train(X[kept], y[kept], w[kept], args.rounds).save_model(str(model))
            previous, previous_words = linemodel.use_model(model), lexicon.use_lexicon(words)
            try:
                bodies.update(clean_pages(sorted(n for n, f in folds.items() if f == k), "text"))
            finally:
                linemodel.use_model(previous)
                lexicon.use_lexicon(previous_words)
            print(f"fold {k}: trained on {int(kept.sum())} lines, cleaned {sum(f == k for f in folds.values())} pages "
                  f"in {time.perf_counter() - started:.0f} s", flush=True)
    return bodies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=Path, default=ROOT / "scripts" / "data" / "multilingual_folds.json")
    parser.add_argument("--train", type=Path, default=ROOT.parent / "shared" / "data" / "train")
    parser.add_argument("--pages", default=str(ROOT / "corpus" / "train"), help="the team's own page specs; 'none'")
    parser.add_argument("--ml-weight", type=float, default=tl.MULTILINGUAL_WEIGHT)
    parser.add_argument("--rounds", type=int, default=tl.ROUNDS)
    parser.add_argument("--silver", action="store_true", help="train on HTML mode's silver labels too")
    parser.add_argument("--html", action="store_true", help="score HTML mode on the same pages too")
    parser.add_argument("--json", type=Path, help="write each page's (tp, fp, fn) and language here")
    args = parser.parse_args()
    folds = json.loads(args.folds.read_text(encoding="utf-8"))
    languages = {name: language_of(case) for name, case in cases().items()}
    per_page = score(out_of_fold(folds, args))
    print("text mode, out of fold:\n" + "\n".join(table(per_page, languages)))
    report = {"text": per_page, "languages": languages}
    if args.html:
        report["html"] = score(dict(clean_pages(sorted(folds), "html")))
        print("html mode:\n" + "\n".join(table(report["html"], languages)))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=0), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
