"""Train the HTML block model (issue 21) and predict every page out of fold (deterministic).

    python scripts/train_blockmodel.py [--rounds 300] [--out /tmp/blocks-cache/blockmodel.txt]

Rows are the blocks of :mod:`cleaner.htmlmodel.dom`, with the features of
:func:`cleaner.htmlmodel.features.page_features` (cached by scripts/blockmodel_data.py). Labels:
a train/ block is content when the gold body holds half of its tokens (4-gram rule,
:mod:`cleaner.htmlmodel.labels`); a multilingual block holding a "with" snippet is content, one
holding a "without" snippet is not, the rest unlabelled (scripts/multilingual_labels.py's
``gold_labels``), and unlabelled blocks only lend their features to their neighbours' context.

Out of fold: train/ pages are split into 5 site-grouped folds (the manifest's domain, whole sites
to the lightest fold as scripts/folds.py assigns them), multilingual pages keep the committed folds
(scripts/data/multilingual_folds.json). Model k is trained on every page outside fold k of both sets
and predicts fold k of both; the model of all pages predicts dev/. The probabilities go to
``CACHE/predictions-VERSION.pkl`` for scripts/eval_blockmodel.py. LightGBM with fixed seeds,
``deterministic`` and one thread: the same data gives the same model.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import blockmodel_data as bd  # noqa: E402
from folds import assign, load_folds  # noqa: E402

PARAMS = {
    "objective": "binary", "learning_rate": 0.05, "num_leaves": 63, "min_data_in_leaf": 40,
    "feature_fraction": 0.5, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0,
    "deterministic": True, "num_threads": 1, "seed": 0, "force_row_wise": True, "verbose": -1,
}
ROUNDS = 300
K = 5
MULTILINGUAL_WEIGHT = 4.0  # a multilingual page's few labelled blocks weigh as much as 4 train/ pages' blocks


def page_weights(page: bd.Page, weight: float) -> np.ndarray:
    """Each block's weight: every page weighs *weight* in all, long blocks more (as the text-mode line model)."""
    from cleaner.words import WORD

    tokens = np.array([len(WORD.findall(text)) for text in page.texts], dtype=np.float64)
    return (1.0 + tokens) / (1.0 + tokens).sum() * 100 * weight


def matrix(pages: list[bd.Page], weight: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows, labels and weights of the labelled blocks of *pages*."""
    X, y, w = [], [], []
    for page in pages:
        keep = page.y >= 0
        if keep.any():
            X.append(page.X[keep])
            y.append(page.y[keep])
            w.append(page_weights(page, weight)[keep])
    if not X:
        return np.zeros((0, 0), dtype=np.float32), np.zeros(0), np.zeros(0)
    return np.vstack(X), np.concatenate(y), np.concatenate(w)


def train(pages: list[bd.Page], rounds: int = ROUNDS, params: dict | None = None):
    """The LightGBM booster of *pages*' labelled blocks (multilingual pages at :data:`MULTILINGUAL_WEIGHT`)."""
    import lightgbm as lgb

    from cleaner.htmlmodel.features import all_feature_names

    parts = [matrix([p for p in pages if p.set != "multilingual"], 1.0),
             matrix([p for p in pages if p.set == "multilingual"], MULTILINGUAL_WEIGHT)]
    parts = [part for part in parts if len(part[1])]
    X = np.vstack([part[0] for part in parts])
    y = np.concatenate([part[1] for part in parts])
    w = np.concatenate([part[2] for part in parts])
    data = lgb.Dataset(X, y, weight=w, feature_name=all_feature_names(), free_raw_data=True)
    return lgb.train(params or PARAMS, data, num_boost_round=rounds)


def train_folds(pages: list[bd.Page]) -> dict[str, int]:
    """(set, name) key -> fold: train/ by site (as scripts/folds.py assigns), multilingual as committed."""
    committed = load_folds()
    train_sites = {p.name: p.site for p in pages if p.set == "train"}
    folds = {f"train/{name}": fold for name, fold in assign(train_sites, K).items()}
    folds.update({f"multilingual/{p.name}": committed[p.name] for p in pages if p.set == "multilingual"})
    return folds


def predict(booster, pages: list[bd.Page]) -> dict[str, np.ndarray]:
    """"SET/NAME" -> P(content) of each block."""
    return {f"{p.set}/{p.name}": (booster.predict(p.X, num_threads=1) if len(p.X) else np.zeros(0)) for p in pages}


def run(rounds: int = ROUNDS, verbose: bool = True) -> dict[str, np.ndarray]:
    """Out-of-fold probabilities of train/ and multilingual pages, and dev/'s from the model of all pages."""
    train_pages, ml_pages = bd.load_pages("train"), bd.load_pages("multilingual")
    pages = train_pages + ml_pages
    folds = train_folds(pages)
    out: dict[str, np.ndarray] = {}
    for k in range(K):
        started = time.perf_counter()
        inside = [p for p in pages if folds[f"{p.set}/{p.name}"] != k]
        held = [p for p in pages if folds[f"{p.set}/{p.name}"] == k]
        out.update(predict(train(inside, rounds), held))
        if verbose:
            print(f"fold {k}: {len(inside)} pages in, {len(held)} out, {time.perf_counter() - started:.0f} s",
                  file=sys.stderr)
    booster = train(pages, rounds)
    out.update(predict(booster, bd.load_pages("dev")))
    out["__booster__"] = booster.model_to_string()  # type: ignore[assignment]
    return out


def importances(model: str, top: int = 15) -> list[str]:
    """The *top* features of a model (its text) by total gain, as lines."""
    import lightgbm as lgb

    booster = lgb.Booster(model_str=model)
    gain = booster.feature_importance("gain")
    order = np.argsort(-gain, kind="stable")[:top]
    names = booster.feature_name()
    return [f"{names[i]:28} {gain[i] / gain.sum():6.1%}" for i in order]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--out", type=Path, default=bd.CACHE / "blockmodel.txt", help="the model of all pages")
    args = parser.parse_args()
    started = time.perf_counter()
    predictions = run(args.rounds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model = predictions.pop("__booster__")
    args.out.write_text(model, encoding="utf-8")  # type: ignore[arg-type]
    print("top features by gain (model of all pages):", *importances(model), sep="\n  ")
    path = bd.CACHE / f"predictions-{bd.feature_version()}-{args.rounds}.pkl"
    with open(path, "wb") as handle:
        pickle.dump(predictions, handle, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"wrote {path} and {args.out} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
