"""Does the HTML block model beat today's HTML mode? Scores side by side, dev/, train/ (CV) and multilingual (OOF).

    python scripts/eval_blockmodel.py [--rounds 300] [--threshold 0.5] [--sure 0.9]

Predictions come from scripts/train_blockmodel.py (run here when its cache file is missing):
dev/ by the model of train/ + multilingual, train/ and multilingual out of fold (site-grouped).
A page's output is its selected blocks' texts in reading order, one a line
(:func:`cleaner.htmlmodel.select.select`; trafilatura's body when nothing is selected). dev/ and
train/ are scored as ../shared/tools/score.py scores (token 4-gram F1, documents weighing the same),
multilingual as ../shared/tools/snippet_score.py does (scripts/multilingual.py), overall and per
language. Next to them: trafilatura alone (its body as HTML mode runs it, from the cache) and
today's HTML mode (the default pipeline, no dedup; its bodies cached in ``CACHE/htmlmode-SET.json``).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import blockmodel_data as bd  # noqa: E402
import multilingual as ml  # noqa: E402

from cleaner.htmlmodel.features import all_feature_names  # noqa: E402
from cleaner.htmlmodel.select import SURE, THRESHOLD, select  # noqa: E402

SCORE_PY = ROOT.parent / "shared" / "tools" / "score.py"


def score_module():
    """../shared/tools/score.py as a module (its tp_fp_fn and metrics)."""
    spec = importlib.util.spec_from_file_location("shared_score", SCORE_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def html_mode_bodies(set_name: str) -> dict[str, str]:
    """NAME -> today's HTML-mode body (default pipeline, no dedup), cached."""
    path = bd.CACHE / f"htmlmode-{set_name}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    from cleaner import Document, Options, default_pipeline

    pipeline = default_pipeline(Options(dedup="off"))
    out = {}
    for name in bd.names(set_name):
        doc = pipeline.run(Document(id=name, raw=bd.html_of(set_name, name), kind="html"))
        out[name] = "" if doc.error or doc.dropped else doc.text
    path.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    return out


def predictions(rounds: int) -> dict:
    """The block probabilities of scripts/train_blockmodel.py (trained now if not cached)."""
    path = bd.CACHE / f"predictions-{bd.feature_version()}-{rounds}.pkl"
    if not path.exists():
        import train_blockmodel

        found = train_blockmodel.run(rounds)
        found.pop("__booster__")
        with open(path, "wb") as handle:
            pickle.dump(found, handle, protocol=pickle.HIGHEST_PROTOCOL)
    with open(path, "rb") as handle:
        return pickle.load(handle)


def model_bodies(pages: list[bd.Page], probs: dict, chooser: Callable) -> dict[str, str]:
    """NAME -> the selected blocks' text (trafilatura's body when nothing is selected)."""
    out = {}
    for page in pages:
        keep = chooser(probs[f"{page.set}/{page.name}"], [len(t) for t in page.texts])
        text = "\n".join(t for t, k in zip(page.texts, keep, strict=True) if k)
        out[page.name] = text or page.traf
    return out


_TAGS = {"h1": "head", "h2": "head", "h3": "head", "h4": "head", "h5": "head", "h6": "head", "li": "list",
         "blockquote": "quote", "td": "table", "th": "table"}  # our owner tags as trafilatura's block tags


def with_boilerplate_stage(pages: list[bd.Page], probs: dict, chooser: Callable) -> dict[str, str]:
    """NAME -> the body when the selected blocks replace trafilatura's in extraction and today's later stages run.

    A simulation of the wiring: :func:`cleaner.extract.extract_html` is swapped, in this process, for one
    that hands on the page's selected blocks (title from trafilatura's cached view); the default pipeline
    (no dedup) then runs as HTML mode runs, its boilerplate stage included.
    """
    from cleaner import Document, Options, default_pipeline, extract
    from cleaner.blocks import Block

    current: dict[str, bd.Page] = {}

    def chosen(html: str, **_: object) -> extract.Extracted:
        page = current["page"]
        view = bd.traf_view(page.set, page.name)
        keep = chooser(probs[f"{page.set}/{page.name}"], [len(t) for t in page.texts])
        blocks = [Block(_TAGS.get(tag, "p"), text, density)
                  for text, tag, density, k in zip(page.texts, page.tags, page.X[:, page.extra["density"]], keep, strict=True)
                  if k]
        return extract.Extracted(title=view.title, page_title=view.page_title, blocks=blocks or
                                 [Block("p", line) for line in view.body])

    original, extract.extract_html = extract.extract_html, chosen
    pipeline = default_pipeline(Options(dedup="off"))
    out = {}
    try:
        for page in pages:
            current["page"] = page
            doc = pipeline.run(Document(id=page.name, raw=bd.html_of(page.set, page.name), kind="html"))
            out[page.name] = "" if doc.error or doc.dropped else doc.text
    finally:
        extract.extract_html = original
    return out


def gold_scores(set_name: str, bodies: dict[str, str]) -> str:
    """score.py's summary line of *bodies* against the set's gold."""
    sm = score_module()
    tfs = [sm.tp_fp_fn(bd.gold_of(set_name, name), bodies.get(name, "")) for name in bd.names(set_name)]
    m = sm.metrics(tfs)
    return f"F1 {m['f1']:.3f} P {m['precision']:.3f} R {m['recall']:.3f}"


def snippet_scores(bodies: dict[str, str], languages: dict[str, str]) -> list[str]:
    """Overall and per-language snippet lines of *bodies*."""
    return ml.table(ml.score(bodies), languages)


def languages() -> dict[str, str]:
    """NAME -> language of each multilingual page (cached)."""
    path = bd.CACHE / "languages.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    found = {name: ml.language_of(case) for name, case in ml.cases().items()}
    path.write_text(json.dumps(found), encoding="utf-8")
    return found


def grid(probs: dict, langs: dict[str, str]) -> None:
    """F1 of train/ (CV) and multilingual (OOF) over a few thresholds: chosen there, not on dev/."""
    train, multi = bd.load_pages("train"), bd.load_pages("multilingual")
    for threshold in (0.35, 0.45, 0.5, 0.55, 0.65):
        for sure in (0.85, 0.9, 0.95, 1.01):
            def chooser(p, c, t=threshold, s=sure):
                return select(p, c, threshold=t, sure=s)
            ml_line = snippet_scores(model_bodies(multi, probs, chooser), langs)[0]
            print(f"threshold {threshold:.2f} sure {sure:.2f}  train {gold_scores('train', model_bodies(train, probs, chooser))}"
                  f"  multilingual {ml_line[7:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--sure", type=float, default=SURE)
    parser.add_argument("--stage", action="store_true",
                        help="also run today's later stages (boilerplate ...) on the selected blocks (a simulated wiring)")
    parser.add_argument("--sets", nargs="+", default=["dev", "train", "multilingual"])
    parser.add_argument("--grid", action="store_true", help="only the threshold grid on train/ and multilingual")
    args = parser.parse_args()
    probs = predictions(args.rounds)
    if args.grid:
        grid(probs, languages())
        return 0
    choosers = {
        f"model p>={args.threshold}": lambda p, c: select(p, c, threshold=args.threshold, smooth=False),
        f"model densest run + p>={args.sure}": lambda p, c: select(p, c, threshold=args.threshold, sure=args.sure),
    }
    langs = languages() if "multilingual" in args.sets else {}
    for set_name in args.sets:
        pages = bd.load_pages(set_name)
        rows = {"trafilatura (as HTML mode runs it)": {p.name: p.traf for p in pages},
                "today's HTML mode": html_mode_bodies(set_name)}
        rows.update({label: model_bodies(pages, probs, chooser) for label, chooser in choosers.items()})
        if args.stage:
            density = all_feature_names().index("link_density")
            for page in pages:
                page.extra["density"] = density
            label, chooser = list(choosers.items())[-1]
            rows[label.replace("model", "model + stage 4", 1)] = with_boilerplate_stage(pages, probs, chooser)
        what = {"dev": "dev/ (model of train/ + multilingual)", "train": "train/ 5-fold site-grouped CV",
                "multilingual": "multilingual snippets, out of fold"}[set_name]
        print(f"== {what}")
        for label, bodies in rows.items():
            if set_name == "multilingual":
                lines = snippet_scores(bodies, langs)
                print(f"  {label:40} {lines[0]}")
                for line in lines[1:]:
                    print(f"  {'':40}   {line}")
            else:
                print(f"  {label:40} {gold_scores(set_name, bodies)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
