"""The pages the block model learns and is measured on, their blocks, features and labels, cached.

    python scripts/blockmodel_data.py [--sets dev train multilingual] [--cache /tmp/blocks-cache]

trafilatura's view of each page (:func:`cleaner.htmlmodel.features.trafilatura_view`, the slow part:
a few minutes for the ~1200 pages) is cached once as JSON under ``CACHE/traf/SET/NAME.json``; the
blocks' features and texts (:func:`cleaner.htmlmodel.features.page_features`) under
``CACHE/features-VERSION.pkl``, rebuilt when the feature code's names change. dev/ and train/ pages
are read as UTF-8 text (as scripts/eval_dev.py hands them to the CLI), the multilingual pages as
the CLI decodes their bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

SHARED = ROOT.parent / "shared" / "data"
SETS = {"dev": SHARED / "dev", "train": SHARED / "train", "multilingual": SHARED / "multilingual"}
CACHE = Path("/tmp/blocks-cache")


def names(set_name: str) -> list[str]:
    """The pages of a set, in the order its manifest (or cases.json) lists them."""
    data = SETS[set_name]
    if set_name == "multilingual":
        from multilingual import cases

        return list(cases(data))
    lines = (data / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["name"] for line in lines if line.strip()]


def domains(set_name: str) -> dict[str, str]:
    """NAME -> its site (the manifest's domain; for multilingual, scripts/folds.py's site)."""
    data = SETS[set_name]
    if set_name == "multilingual":
        from folds import site_of
        from multilingual import cases

        return {name: site_of(case.get("url"), name) for name, case in cases(data).items()}
    lines = (data / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return {row["name"]: row["domain"] for row in map(json.loads, filter(None, lines))}


def html_of(set_name: str, name: str) -> str:
    """A page's HTML as the evaluation feeds it to the cleaner."""
    if set_name == "multilingual":
        from multilingual import read_page

        return read_page(name, "html", SETS[set_name])
    return (SETS[set_name] / f"{name}.html").read_text(encoding="utf-8")


def gold_of(set_name: str, name: str) -> str:
    """A dev/ or train/ page's gold body."""
    return (SETS[set_name] / f"{name}.gold.txt").read_text(encoding="utf-8")


def traf_view(set_name: str, name: str, cache: Path = CACHE):
    """trafilatura's view of a page, from the cache or computed (and cached)."""
    from cleaner.htmlmodel.features import TrafilaturaView, trafilatura_view

    path = cache / "traf" / set_name / f"{name}.json"
    if path.exists():
        return TrafilaturaView(**json.loads(path.read_text(encoding="utf-8")))
    view = trafilatura_view(html_of(set_name, name))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(view._asdict(), ensure_ascii=False), encoding="utf-8")
    return view


@dataclass
class Page:
    """One page's blocks: texts, tags, feature rows, labels (-1: none) and trafilatura's body."""

    set: str
    name: str
    site: str
    texts: list[str]
    tags: list[str]
    X: np.ndarray
    y: np.ndarray
    traf: str = ""
    extra: dict = field(default_factory=dict)


def _labels(set_name: str, name: str, texts: list[str]) -> np.ndarray:
    from cleaner.htmlmodel.labels import gold_labels

    if set_name != "multilingual":
        return gold_labels(texts, gold_of(set_name, name)).astype(np.int8)
    from multilingual import cases
    from multilingual_labels import gold_labels as snippet_labels

    return snippet_labels(texts, cases(SETS[set_name])[name]).labels.astype(np.int8)


def build_page(set_name: str, name: str, site: str, cache: Path = CACHE) -> Page:
    """One page's :class:`Page` (trafilatura from its cache)."""
    from cleaner.htmlmodel.dom import page_blocks, parse
    from cleaner.htmlmodel.features import page_features

    view = traf_view(set_name, name, cache)
    blocks = page_blocks(parse(html_of(set_name, name)))
    texts = [block.text for block in blocks]
    X = page_features(blocks, view)
    return Page(set_name, name, site, texts, [block.tag for block in blocks], X,
                _labels(set_name, name, texts), "\n".join(view.body))


def feature_version() -> str:
    """A short hash of the feature names and the feature code: a cache file per version."""
    from cleaner.htmlmodel import dom, features, labels

    digest = hashlib.sha1()
    for module in (dom, features, labels):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:10]


def load_pages(set_name: str, cache: Path = CACHE, verbose: bool = True) -> list[Page]:
    """Every page of a set, built once per feature version and then read from the cache."""
    path = cache / f"features-{set_name}-{feature_version()}.pkl"
    if path.exists():
        with open(path, "rb") as handle:
            return [Page(**fields) for fields in pickle.load(handle)]
    started, sites, pages = time.perf_counter(), domains(set_name), []
    for i, name in enumerate(names(set_name)):
        pages.append(build_page(set_name, name, sites[name], cache))
        if verbose and (i + 1) % 100 == 0:
            print(f"  {set_name}: {i + 1} pages, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        pickle.dump([vars(page) for page in pages], handle, protocol=pickle.HIGHEST_PROTOCOL)  # no class by module name
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=list(SETS))
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--traf-only", action="store_true", help="only fill trafilatura's cache")
    args = parser.parse_args()
    for set_name in args.sets:
        started = time.perf_counter()
        if args.traf_only:
            for name in names(set_name):
                traf_view(set_name, name, args.cache)
        else:
            load_pages(set_name, args.cache)
        print(f"{set_name}: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
