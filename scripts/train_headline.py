"""Fit the text-mode headline ranker on ../shared/data/train (deterministic; never on dev).

    python scripts/train_headline.py [--data ../shared/data/train] [--out cleaner/data/headline.json]

Each train/ page is cleaned in text mode as the pipeline does (no dedup); where the boilerplate
stage asks :func:`cleaner.boilerplate.headline.pick_title` for the headline, the page's lines, the
line reasons so far and its first paragraph are recorded. Every candidate
(:func:`headline.candidates`) is described by :func:`cleaner.boilerplate.headfeatures.candidate_features`
and labelled 1 when it matches the page's manifest title (``eval_titles.matches``, the same test as
the evaluation).

The ranker is a conditional logit: P(candidate j is the headline) = softmax over the page's
candidates of ``w . x_j``, fitted by maximum likelihood (the probability of the page's matching
candidates) with an L2 penalty, by full-batch gradient descent from zero (no randomness). The
penalty is chosen by 5-fold cross-validation on train/ (pages by index mod 5), then the model is
refitted on all of train/. Features are standardised; the weights written fold that back in.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_titles import DATA, manifest, matches  # noqa: E402

import cleaner.boilerplate.textpage as textpage  # noqa: E402
from cleaner import Document, Options, default_pipeline  # noqa: E402
from cleaner.boilerplate.headfeatures import FEATURE_NAMES, candidate_features  # noqa: E402
from cleaner.boilerplate.headline import MODEL_PATH, candidates  # noqa: E402

PENALTIES = (0.001, 0.003, 0.01, 0.03, 0.1)  # L2 per page, tried by cross-validation
FOLDS, STEPS, RATE = 5, 3000, 0.5

Page = tuple[np.ndarray, np.ndarray]  # candidate features, labels


def recorded_pages(data: Path) -> list[Page]:
    """Each page's candidates and labels, the pages with a matching candidate only, in manifest order."""
    seen: dict[str, tuple] = {}
    current = [""]
    original = textpage.pick_title

    def record(lines, reasons, first, rules=None, mode="text"):  # the question, not the current model's answer
        seen.setdefault(current[0], (list(lines), list(reasons), first, mode))

    pipeline = default_pipeline(Options(dedup="off"))
    textpage.pick_title = record
    try:
        for entry in manifest(data):
            current[0] = entry["name"]
            raw = (data / f"{entry['name']}.page.txt").read_text(encoding="utf-8")
            pipeline.run(Document(id=entry["name"], raw=raw, kind="text"))
    finally:
        textpage.pick_title = original
    pages = []
    for entry in manifest(data):
        if entry["name"] not in seen:
            continue
        lines, reasons, first, mode = seen[entry["name"]]
        found = candidates(lines, reasons, first, None, mode)
        labels = np.array([matches(lines[j], entry["title"]) for j in found], dtype=float)
        if labels.any():
            pages.append((np.array(candidate_features(lines, reasons, first, found)), labels))
    return pages


def fit(pages: list[Page], penalty: float) -> np.ndarray:
    """The weights of the conditional logit (on the features as given), by gradient descent from zero."""
    x = np.vstack([p[0] for p in pages])
    y = np.concatenate([p[1] for p in pages])
    group = np.repeat(np.arange(len(pages)), [len(p[1]) for p in pages])
    w = np.zeros(x.shape[1])
    velocity = np.zeros_like(w)
    for _ in range(STEPS):
        score = x @ w
        top = np.full(len(pages), -np.inf)
        np.maximum.at(top, group, score)
        e = np.exp(score - top[group])
        p = e / np.bincount(group, e)[group]
        q = e * y / np.bincount(group, e * y)[group]  # the posterior over the page's matching candidates
        grad = x.T @ (p - q) / len(pages) + 2 * penalty * w
        velocity = 0.9 * velocity - RATE * grad
        w = w + velocity
    return w


def right(pages: list[Page], w: np.ndarray) -> int:
    """Pages whose best-scored candidate matches."""
    return sum(int(labels[int(np.argmax(x @ w))] > 0) for x, labels in pages)


def cross_validate(pages: list[Page]) -> float:
    """The penalty whose fits are right on most held-out pages (the smaller on a tie)."""
    scores = {}
    for penalty in PENALTIES:
        held = [right([p for i, p in enumerate(pages) if i % FOLDS == k],
                      fit([p for i, p in enumerate(pages) if i % FOLDS != k], penalty)) for k in range(FOLDS)]
        scores[penalty] = sum(held)
        print(f"penalty {penalty}: {scores[penalty]}/{len(pages)} pages right held out", file=sys.stderr)
    return max(PENALTIES, key=lambda q: (scores[q], -q))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA / "train")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    pages = recorded_pages(args.data)
    allx = np.vstack([p[0] for p in pages])
    mean, scale = allx.mean(axis=0), allx.std(axis=0)
    scale[scale == 0] = 1.0
    scaled = [((x - mean) / scale, labels) for x, labels in pages]
    penalty = cross_validate(scaled)
    w = fit(scaled, penalty)
    print(f"penalty {penalty}: {right(scaled, w)}/{len(pages)} train pages right (with a matching candidate)", file=sys.stderr)
    weights = w / scale  # the score on raw features, up to a constant per page (which a softmax ignores)
    model = {"trained_on": "shared/data/train", "penalty": penalty,
             "weights": {name: round(float(v), 4) for name, v in zip(FEATURE_NAMES, weights, strict=True)}}
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
