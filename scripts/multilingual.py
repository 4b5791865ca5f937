"""The multilingual snippet pages in this process: read them, clean them, score them as snippet_score.py does.

    from multilingual import cases, clean_pages, score, language_of

``../shared/data/multilingual`` holds cases.json (NAME -> {"with", "without", "url", ...}),
NAME.html and NAME.page.txt. Cleaning here runs :func:`cleaner.default_pipeline` on each page
as the CLI would (the file's bytes decoded, no dedup), without a process per run, so a script
can swap the line model between folds. Scoring mirrors ../shared/tools/snippet_score.py: each
"with" snippet found in the body (substring after collapsing whitespace) is a true positive,
else a false negative; each "without" found a false positive; counts summed over pages.

>>> norm("  a\\n b ")
'a b'
>>> count({"with": ["x y", "z"], "without": ["menu"]}, "x  y\\nmenu")
(1, 1, 1)
>>> f1_p_r((1, 1, 1))
(0.5, 0.5, 0.5)
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = ROOT.parent / "shared" / "data" / "multilingual"
_SPACE = re.compile(r"\s+")


def norm(text: str) -> str:
    """trafilatura's eval_common.norm: whitespace runs to one space, stripped."""
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=2)
def cases(data: Path = DATA) -> dict[str, dict]:
    """NAME -> its case ({"with", "without", "url", ...}), sorted by name."""
    loaded = json.loads((data / "cases.json").read_text(encoding="utf-8"))
    return {name: loaded[name] for name in sorted(loaded)}


def read_page(name: str, mode: str, data: Path = DATA) -> str:
    """A page's text (mode "text": NAME.page.txt) or HTML (mode "html"), decoded as the CLI decodes a file."""
    from cleaner.inputs.decode import decode_bytes

    return decode_bytes((data / f"{name}{'.page.txt' if mode == 'text' else '.html'}").read_bytes())


def clean_documents(names: Iterable[str], mode: str, data: Path = DATA) -> Iterator[tuple[str, Any]]:
    """(name, cleaned Document) of each page in *mode*, as the CLI cleans it with --no-dedup."""
    from cleaner import Document, Options, default_pipeline

    pipeline = default_pipeline(Options(dedup="off"))
    for name in names:
        yield name, pipeline.run(Document(id=name, raw=read_page(name, mode, data), kind=mode))


def clean_pages(names: Iterable[str], mode: str, data: Path = DATA) -> Iterator[tuple[str, str]]:
    """(name, body) of each page cleaned in *mode* (a failed or dropped document gives "")."""
    for name, doc in clean_documents(names, mode, data):
        yield name, "" if doc.error or doc.dropped else doc.text


def count(case: dict, body: str) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of one page's body."""
    found = norm(body)
    tp = sum(norm(s) in found for s in case["with"])
    fp = sum(norm(s) in found for s in case["without"])
    return tp, fp, len(case["with"]) - tp


def f1_p_r(counts: tuple[int, int, int]) -> tuple[float, float, float]:
    """Micro F1, precision and recall of summed (tp, fp, fn)."""
    tp, fp, fn = counts
    return (2 * tp / max(2 * tp + fp + fn, 1), tp / max(tp + fp, 1), tp / max(tp + fn, 1))


def score(bodies: dict[str, str], data: Path = DATA) -> dict[str, tuple[int, int, int]]:
    """NAME -> (tp, fp, fn) for every page of *bodies*."""
    return {name: count(cases(data)[name], body) for name, body in bodies.items()}


def language_of(case: dict) -> str:
    """The page's language as the data README counts them: langdetect (seed 0) on its "with" snippets."""
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        return detect(" ".join(case["with"]))
    except LangDetectException:
        return "und"


def table(per_page: dict[str, tuple[int, int, int]], languages: dict[str, str]) -> list[str]:
    """Overall, then per-language F1/P/R lines (languages with most pages first)."""
    groups: dict[str, list[str]] = {"all": sorted(per_page)}
    for name in sorted(per_page):
        groups.setdefault(languages[name], []).append(name)
    out = []
    for lang, names in sorted(groups.items(), key=lambda kv: (kv[0] != "all", -len(kv[1]), kv[0])):
        summed = tuple(sum(per_page[n][i] for n in names) for i in range(3))
        f1, p, r = f1_p_r(summed)
        out.append(f"{lang:6} n {len(names):3}  F1 {f1:.3f} P {p:.3f} R {r:.3f}  (TP {summed[0]} FP {summed[1]} FN {summed[2]})")
    return out
