"""Train the text-mode line model on ../shared/data/train and ../shared/data/multilingual (deterministic).

    python scripts/train_linemodel.py [--data ../shared/data/train] [--out cleaner/data/linemodel.txt]
                                      [--multilingual DIR|none] [--folds FILE] [--exclude-fold K]

Lines are prepared exactly as the pipeline prepares them (extract + repair).
A line of a train/ page is labelled content when at least half of its tokens fall in a token
4-gram of the gold body (gold 4-grams used up in page order, so a second copy
of the same text is not content); a line of 1-3 tokens when its tokens occur
together in the gold. The multilingual pages (real pages in many languages, no full gold)
add the lines their snippets label (scripts/multilingual_labels.py; with --silver also the
lines HTML mode's extraction labels, at a lower weight); their other lines only give context. ``--exclude-fold K``
leaves out the multilingual pages of site-grouped fold K (scripts/folds.py) to measure on
them (scripts/eval_multilingual_oof.py). The team's own pages (corpus/train) stay a
supplement of low weight. LightGBM, one thread, fixed seeds: the same data gives
the same model file, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from cleaner.boilerplate.linefeatures import FEATURE_NAMES, line_features  # noqa: E402
from cleaner.boilerplate.rules import default_rules  # noqa: E402
from cleaner.boilerplate.textpage import rule_verdicts  # noqa: E402
from cleaner.document import Document  # noqa: E402
from cleaner.extract import extract  # noqa: E402
from cleaner.htmlmodel.labels import gold_labels  # noqa: E402
from cleaner.repair import rejoin_broken_lines, repair  # noqa: E402
from cleaner.words import WORD  # noqa: E402

_TOKEN = WORD  # words across scripts: each Han or kana character is one
PARAMS = {
    "objective": "binary", "learning_rate": 0.05, "num_leaves": 63, "min_data_in_leaf": 40,
    "feature_fraction": 0.8, "lambda_l2": 1.0, "deterministic": True, "num_threads": 1, "seed": 0,
    "force_row_wise": True, "verbose": -1,
}
# a labelled line of a multilingual page weighs 4x a train/ line of its length. Out of fold, with silver labels:
# w 1 F1 0.873, 4 0.878, 12 0.875; snippet labels only: 4 0.879, 12 0.885, but at 12 the model of all pages
# kept nearly every dev line (dev text F1 0.802): a few thousand lines must not outweigh train/'s pages.
MULTILINGUAL_WEIGHT = 4.0
OWN_PAGE_WEIGHT = 0.3  # the team's own pages teach other languages and scripts, not the web's page structures
ROUNDS = 400  # 100 trees at rate 0.15 predict four times faster but scored 0.003 F1 lower on dev


def page_lines(raw: str) -> list[str]:
    """The lines the boilerplate stage's first pass sees: extracted, repaired, broken lines rejoined."""
    return rejoin_broken_lines(repair(extract(Document(id="train", raw=raw))).paragraphs)


def examples(data: Path, pages: Path | None, own_weight: float = OWN_PAGE_WEIGHT) -> list[tuple[str, str, str, float]]:
    """(name, page text, gold body, weight) of every training page: ``data``'s NAME.page.txt and NAME.gold.txt
    (weight 1), then the team's own page specs in ``pages`` (``corpus/train``: other languages and
    scripts), rendered, with weight *own_weight*: they are written, not scraped."""
    out = []
    for gold_path in sorted(data.glob("*.gold.txt")):
        page = gold_path.with_name(gold_path.name.replace(".gold.txt", ".page.txt"))
        out.append((_domain(data, page.name[:-len(".page.txt")]), page.read_text(encoding="utf-8"),
                    gold_path.read_text(encoding="utf-8"), 1.0))
    if pages is not None:
        from pages import gold_text, page_text
        from pages import load as load_specs

        out += [(f"own:{i}", page_text(spec), gold_text(spec), own_weight) for i, spec in enumerate(load_specs(pages))]
    return out


def _domain(data: Path, name: str) -> str:
    """The site of a page of *data* (its manifest's domain), so that cross-fitting groups keep a site together."""
    return "site:" + _domains(data).get(name, name)


@lru_cache(maxsize=4)
def _domains(data: Path) -> dict[str, str]:
    """NAME -> domain of *data*'s ``manifest.jsonl`` (empty without one)."""
    manifest = data / "manifest.jsonl"
    if not manifest.exists():
        return {}
    rows = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["name"]: row.get("domain") or row["name"] for row in rows}


def load(data: Path, pages: Path | None, *, clean_pages: bool, own_weight: float = OWN_PAGE_WEIGHT,
         multilingual: Path | None = None, folds: dict[str, int] | None = None,
         ml_weight: float = MULTILINGUAL_WEIGHT, silver: bool = False,
         records: list | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels, weights and multilingual fold (-1: not a multilingual page) of every labelled line.

    With *clean_pages*, each gold body is also a page of its own whose every line is content, so the
    model learns that clean text stays as it is (the pipeline re-reads its own output until nothing
    changes). With *multilingual*, the labelled lines of its pages follow (fold from *folds*; with
    *silver*, the lines labelled from HTML mode's extraction too).

    With *records*, one :class:`lexical_fit.PageRecord` per page is appended to it (its lines, the labels
    the lexicon learns from, its rows and its cross-fitting group), for :mod:`lexical_fit`; the silver
    labels of the multilingual pages then always teach the lexicon, and the rows only with *silver*.
    """
    from lexical_fit import PageRecord, group_of

    X, y, w = [], [], []
    for name, page, gold, weight in examples(data, pages, own_weight):
        for copy, lines in enumerate([page_lines(page)] + ([page_lines(gold)] if clean_pages else [])):
            if lines:
                page_labels = gold_labels(lines, gold)  # the 4-gram rule, as the HTML block model labels
                if records is not None:
                    records.append(PageRecord(name, lines, page_labels if copy == 0 else None,
                                              sum(len(rows) for rows in y), np.ones(len(lines), dtype=bool),
                                              group_of(name, -1)))
                _add_page(lines, page_labels, X, y, w, weight)
    fold = [np.full(len(rows), -1, dtype=np.int64) for rows in y]
    if multilingual is not None:
        from multilingual_labels import labelled_pages

        for name, page in labelled_pages(data=multilingual, silver=silver or records is not None).items():
            gold_rows = page.labels >= 0 if silver else (page.labels >= 0) & (page.weights >= 1.0)
            if records is not None:
                records.append(PageRecord(name, page.lines, page.labels, sum(len(rows) for rows in y), gold_rows,
                                          group_of(name, (folds or {}).get(name, -1))))
            if gold_rows.any():
                _add_page(page.lines, page.labels, X, y, w, ml_weight, keep=gold_rows, label_weights=page.weights)
                fold.append(np.full(int(gold_rows.sum()), (folds or {}).get(name, -1), dtype=np.int64))
    return np.vstack(X), np.concatenate(y), np.concatenate(w), np.concatenate(fold)


def _add_page(lines: list[str], line_labels: np.ndarray, X: list, y: list, w: list, weight: float = 1.0, *,
              keep: np.ndarray | None = None, label_weights: np.ndarray | None = None) -> None:
    """One page's rows: all its lines give context; only the *keep* lines (all by default) become rows."""
    features = line_features(lines, **rule_verdicts(lines, default_rules()))
    tokens = np.array([len(_TOKEN.findall(line)) for line in lines], dtype=np.float64)
    weights = (1.0 + tokens) / (1.0 + tokens).sum() * 100 * weight  # every page weighs the same, long lines more
    if label_weights is not None:
        weights = weights * label_weights
    rows = slice(None) if keep is None else keep
    X.append(features[rows])
    y.append(np.asarray(line_labels, dtype=np.int8)[rows])
    w.append(weights[rows])


def train(X: np.ndarray, y: np.ndarray, w: np.ndarray, rounds: int = ROUNDS):
    """The LightGBM booster of these rows (one thread, fixed seeds: deterministic)."""
    import lightgbm as lgb

    return lgb.train(PARAMS, lgb.Dataset(X, y, weight=w, feature_name=FEATURE_NAMES), num_boost_round=rounds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "train")
    parser.add_argument("--pages", type=Path, default=ROOT / "corpus" / "train",
                        help="the team's own page specs to train on too (other languages); 'none' for none")
    parser.add_argument("--out", type=Path, default=ROOT / "cleaner" / "data" / "linemodel.txt")
    parser.add_argument("--lexicon", type=Path, default=ROOT / "cleaner" / "data" / "lexicon.tsv",
                        help="where the lexicon learned beside the model goes")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--own-weight", type=float, default=OWN_PAGE_WEIGHT, help="weight of each of our own pages")
    parser.add_argument("--no-clean-pages", action="store_true", help="train on scraped pages only")
    parser.add_argument("--multilingual", type=Path, default=ROOT.parent / "shared" / "data" / "multilingual",
                        help="snippet-labelled pages to train on too (scripts/multilingual_labels.py); 'none' for none")
    parser.add_argument("--ml-weight", type=float, default=MULTILINGUAL_WEIGHT, help="weight of each multilingual page")
    parser.add_argument("--folds", type=Path, default=ROOT / "scripts" / "data" / "multilingual_folds.json",
                        help="multilingual page -> fold (scripts/folds.py)")
    parser.add_argument("--silver", action="store_true",
                        help="multilingual: HTML mode's silver labels too (out of fold they did not help: F1 0.876 vs 0.879)")
    parser.add_argument("--exclude-fold", type=int, default=None, help="leave out the multilingual pages of this fold")
    args = parser.parse_args()
    import time

    started = time.perf_counter()
    pages = None if str(args.pages) == "none" else args.pages
    multilingual = None if str(args.multilingual) == "none" else args.multilingual
    folds = json.loads(args.folds.read_text(encoding="utf-8")) if multilingual is not None else None
    from lexical_fit import fill_lexical

    from cleaner.boilerplate.lexicon import save, use_lexicon

    records: list = []
    use_lexicon(None)  # the lexical columns are filled in below, cross-fitted
    X, y, w, fold = load(args.data, pages, clean_pages=not args.no_clean_pages, own_weight=args.own_weight,
                         multilingual=multilingual, folds=folds, ml_weight=args.ml_weight,
                         silver=args.silver, records=records)
    held_out = {r.name for r in records if args.exclude_fold is not None and (folds or {}).get(r.name) == args.exclude_fold}
    lexicon = fill_lexical(X, records, held_out)
    if args.exclude_fold is not None:
        kept = fold != args.exclude_fold
        X, y, w, fold = X[kept], y[kept], w[kept], fold[kept]
    print(f"{len(y)} lines ({int(np.sum(fold >= 0))} multilingual), {y.mean():.1%} content, {X.shape[1]} features"
          + ("" if args.exclude_fold is None else f", fold {args.exclude_fold} left out"))
    booster = train(X, y, w, args.rounds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    booster.save_model(str(args.out))
    save(lexicon, args.lexicon)
    print(f"wrote {args.lexicon} ({len(lexicon)} tokens)")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB, {args.rounds} trees) "
          f"in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
