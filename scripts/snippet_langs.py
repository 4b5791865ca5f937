"""Per-language snippet F1 of ../shared/tools/snippet_score.py runs on ../shared/data/multilingual.

    python ../shared/tools/snippet_score.py "CLEANER" --mode text --json A.json
    python scripts/snippet_langs.py A.json [B.json ...]

A page's language is langdetect's (seeded, :func:`cleaner.language.detect_language`) on its
"with" snippets joined, as the set's README counts them (de 353, en 96, es 32 ...). For each
language, and all pages, each file's micro-averaged F1 (2TP / (2TP + FP + FN)) over that
language's pages; one column per file.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.language import detect_language  # noqa: E402

CASES = ROOT.parent / "shared" / "data" / "multilingual" / "cases.json"


def f1(counts: list[int]) -> float:
    """2TP / (2TP + FP + FN) of summed (tp, fp, fn) counts."""
    tp, fp, fn = counts
    return 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 0.0


def main() -> int:
    files = sys.argv[1:]
    if not files:
        sys.exit(__doc__)
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    lang = {name: detect_language(" ".join(case["with"])) for name, case in cases.items()}
    runs = [json.loads(Path(f).read_text(encoding="utf-8"))["docs"] for f in files]
    pages = defaultdict(int)
    for name in cases:
        pages[lang[name]] += 1
    print("lang  pages  " + "  ".join(Path(f).stem[:14].rjust(14) for f in files))
    for code in sorted(pages, key=lambda c: (-pages[c], c)) + ["all"]:
        cols = []
        for docs in runs:
            counts = [0, 0, 0]
            for name, doc in docs.items():
                if code in ("all", lang.get(name)):
                    counts = [counts[0] + doc["tp"], counts[1] + doc["fp"], counts[2] + doc["fn"]]
            cols.append(f"{f1(counts):14.3f}")
        print(f"{code:5} {len(cases) if code == 'all' else pages[code]:6}  " + "  ".join(cols))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
