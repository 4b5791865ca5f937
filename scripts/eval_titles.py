"""How often the cleaner's title is the page's headline, in both modes (issue 20, part 3).

    python scripts/eval_titles.py [--set dev|train|both] [--mode text|html|both] [--misses]

Each page of ../shared/data/SET (``NAME.page.txt`` in text mode, ``NAME.html`` in HTML mode) is
cleaned in this process (no dedup) and its ``title`` compared with the ``title`` of the set's
``manifest.jsonl`` (the page's own headline, from WCXB).

What "matches" means (:func:`matches`): both titles are normalised (NFKC, case-folded, words
only, so punctuation, quotes and dashes do not count) and cut at title separators (" | ", " - ",
" – ", " · ", " : ", " » "); they match when

* the two normalised titles are equal, or
* a part of one (of 3 words or more) equals the other or a part of it ("Headline | Site" against
  "Headline"), or
* one contains the other as a run of whole words and the shorter has at least half of the
  longer's words and 3 or more words (a kicker or a subtitle on one side only).

An empty title never matches. Also counted: titles that a line rule of the phrase table removes
in that mode (a UI line such as "Show more sharing options" or "Add us on Google": never a
headline); the issue asks for none. Misses are listed with ``--misses`` (and the rule hits always).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Document, Options, default_pipeline  # noqa: E402
from cleaner.blocks import TITLE_SEPARATORS  # noqa: E402
from cleaner.boilerplate.rules import default_rules  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
_WORD = re.compile(r"\w+", re.U)
MIN_PART_WORDS = 3


def normal(text: str) -> str:
    """NFKC, case-folded, words only, joined by one space."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def _parts(title: str) -> set[str]:
    whole = normal(title)
    parts = {normal(p) for p in TITLE_SEPARATORS.split(title)}
    return {whole} | {p for p in parts if len(p.split()) >= MIN_PART_WORDS}


def _contains(longer: str, shorter: str) -> bool:
    words_long, words_short = longer.split(), shorter.split()
    if len(words_short) < MIN_PART_WORDS or 2 * len(words_short) < len(words_long):
        return False
    return f" {shorter} " in f" {longer} "


def matches(ours: str, theirs: str) -> bool:
    """Whether title *ours* is headline *theirs* (see the module's docstring).

    >>> matches("Show more sharing options", "Storm floods the old town")
    False
    >>> matches("Storm floods the old town | Daily News", "Storm floods the old town")
    True
    >>> matches("Opinion: Storm floods the old town", "Storm floods the old town")
    True
    """
    if not normal(ours) or not normal(theirs):
        return False
    a, b = _parts(ours), _parts(theirs)
    if a & b:
        return True
    return any(_contains(x, y) or _contains(y, x) for x in a for y in b)


def manifest(data: Path) -> list[dict]:
    """The set's manifest records, in file order."""
    text = (data / "manifest.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def titles(data: Path, names: list[str], mode: str) -> dict[str, str]:
    """The cleaner's title of each page (empty when the page fails)."""
    pipeline = default_pipeline(Options(dedup="off"))
    suffix = ".page.txt" if mode == "text" else ".html"
    out = {}
    for name in names:
        raw = (data / f"{name}{suffix}").read_text(encoding="utf-8")
        doc = pipeline.run(Document(id=name, raw=raw, kind=mode))
        out[name] = "" if doc.error else doc.title
    return out


def report(set_name: str, mode: str, show_misses: bool) -> tuple[int, int, int]:
    """Print one set's figures in one mode; (matches, pages, titles a rule removes)."""
    data = DATA / set_name
    records = manifest(data)
    got = titles(data, [r["name"] for r in records], mode)
    rules = default_rules()
    hits, ruled = 0, []
    misses = []
    for record in records:
        ours = got[record["name"]]
        if matches(ours, record["title"]):
            hits += 1
        else:
            misses.append((record["name"], ours, record["title"]))
        reason = rules.line_reason(ours, mode) if ours else None
        if reason:
            ruled.append((record["name"], ours, reason))
    print(f"{set_name:5} {mode:4}: {hits}/{len(records)} titles match ({hits / len(records):.3f}), "
          f"{len(ruled)} a line rule removes, {sum(1 for _, o, _ in misses if not o)} empty")
    for name, ours, reason in ruled:
        print(f"    RULE {name}: {ours!r} ({reason})")
    if show_misses:
        for name, ours, theirs in misses:
            print(f"    MISS {name}: {ours!r}  <>  {theirs!r}")
    return hits, len(records), len(ruled)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("dev", "train", "both"), default="dev")
    parser.add_argument("--mode", choices=("text", "html", "both"), default="both")
    parser.add_argument("--misses", action="store_true", help="list every page whose title does not match")
    args = parser.parse_args()
    for set_name in ("dev", "train") if args.set == "both" else (args.set,):
        for mode in ("text", "html") if args.mode == "both" else (args.mode,):
            report(set_name, mode, args.misses)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
