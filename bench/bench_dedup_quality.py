"""Dedup quality on injected near-duplicates: recall, and false removals per 1,000 sentences.

    python bench/bench_dedup_quality.py [--seed 1] [--rate 0.5] [--show 10]

The articles are the gold bodies of ``../shared/data`` (dev and train, 678 articles, one
paragraph per line), cleaned as one batch in name order. Into each later article (with
probability ``--rate``) go 1-3 edited copies of sentences of 8+ words from random earlier
articles, each with one edit:

* ``quote_style``  straight and curly quotes swapped (a sentence without quotes is quoted);
* ``comma``        a comma added after a word, or one removed;
* ``one_word``     one word replaced by a word of another article;
* ``attribution``  the attribution verb changed ("said" -> "told reporters"), or ", officials said" appended;
* ``first_letter`` the first letter in lower case (glued to the sentence before it when appended);

and one placement: ``own_line`` (a paragraph of its own) or ``appended`` (added to the end of
an existing paragraph, so it is inside a longer line).

Recall: the share of injected sentences that are gone from the output and recorded as a
duplicate whose ``first_seen`` article holds a near-verbatim copy. A removal is false when it
is not an injected sentence and the ``first_seen`` article holds nothing near-verbatim like
it (judged with difflib, not with the dedup's own shingles), or when it is a generic unit
under 5 words. Both are measured in one batch and across two runs sharing a ``--state`` file
(the first half of the articles, then the second half).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cleaner.dedup.deduper import Deduper, signatures  # noqa: E402
from cleaner.dedup.minhash import normalise  # noqa: E402
from cleaner.document import Document  # noqa: E402
from cleaner.sentences import split_sentences  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
EDITS = ("quote_style", "comma", "one_word", "attribution", "first_letter")
PLACEMENTS = ("own_line", "appended")
_VERBS = ("said", "says", "told reporters", "added", "stated", "noted", "explained", "wrote")
_WORD = re.compile(r"\w+", re.U)


def articles() -> list[tuple[str, list[str]]]:
    out = []
    for name in ("dev", "train"):
        for path in sorted((DATA / name).glob("*.gold.txt")):
            paras = [line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
            if paras:
                out.append((f"{name}/{path.name[:-9]}", paras))
    return out


def edit(sentence: str, kind: str, rng: random.Random, vocab: list[str]) -> str:
    words = sentence.split(" ")
    if kind == "quote_style":
        if any(q in sentence for q in "\"“”"):
            return sentence.replace("“", "\x00").replace("”", "\x00").replace('"', "“").replace("\x00", '"')
        return f"“{sentence}”"
    if kind == "comma":
        if "," in sentence:
            k = rng.choice([i for i, c in enumerate(sentence) if c == ","])
            return sentence[:k] + sentence[k + 1:]
        k = rng.randrange(1, max(len(words) - 1, 2))
        return " ".join(words[:k]) + ", " + " ".join(words[k:])
    if kind == "one_word":
        spots = [i for i, w in enumerate(words) if len(w) >= 3 and w.isalpha()]
        if spots:
            words[rng.choice(spots)] = rng.choice(vocab)
        return " ".join(words)
    if kind == "attribution":
        for verb in _VERBS:
            if f" {verb}" in sentence:
                return sentence.replace(f" {verb}", " " + rng.choice([v for v in _VERBS if v != verb]), 1)
        end = len(sentence.rstrip(".!?”\""))
        return sentence[:end] + ", officials said" + sentence[end:]
    return sentence[:1].lower() + sentence[1:]  # first_letter


def inject(docs: list[tuple[str, list[str]]], rate: float, seed: int) -> tuple[list[tuple[str, list[str]]], list[dict]]:
    rng = random.Random(seed)
    vocab = sorted({w for _, paras in docs for p in paras for w in p.split() if w.isalpha() and len(w) >= 4})
    out, injected = [docs[0]], []
    for i in range(1, len(docs)):
        doc_id, paras = docs[i][0], list(docs[i][1])
        if rng.random() < rate:
            for _ in range(rng.randint(1, 3)):
                source_id, source = docs[rng.randrange(i)]
                sentences = [s for p in source for s in split_sentences(p) if len(s.split()) >= 8]
                if not sentences:
                    continue
                kind, placement = rng.choice(EDITS), rng.choice(PLACEMENTS)
                text = edit(rng.choice(sentences), kind, rng, vocab)
                at = rng.randrange(len(paras) + (placement == "own_line"))
                if placement == "own_line":
                    paras.insert(at, text)
                else:
                    paras[at] = f"{paras[at]} {text}"
                injected.append({"doc": doc_id, "text": text, "source": source_id, "edit": kind, "placement": placement})
        out.append((doc_id, paras))
    return out, injected


def near_verbatim(text: str, body: list[str]) -> bool:
    """Whether *body* holds something near-verbatim like *text* (an independent judge: difflib on normalised text)."""
    norm = normalise(text)
    whole = normalise(" ".join(body))
    if norm and norm in whole:
        return True
    for sentence in (s for p in body for s in split_sentences(p)):
        other = normalise(sentence)
        matcher = SequenceMatcher(None, norm, other, autojunk=False)
        if matcher.real_quick_ratio() >= 0.75 and matcher.ratio() >= 0.75:
            return True
        if len(norm) >= 20 and matcher.find_longest_match(0, len(norm), 0, len(other)).size >= 0.8 * len(norm):
            return True  # nearly all of it, word for word, inside a longer sentence there
    return False


def run(docs: list[tuple[str, list[str]]], state: str | None, split: bool) -> tuple[dict[str, Document], float, int]:
    out: dict[str, Document] = {}
    halves = [docs[: len(docs) // 2], docs[len(docs) // 2:]] if split else [docs]
    units, started = 0, time.perf_counter()
    for half in halves:
        with Deduper(state_path=state) as deduper:
            for doc_id, paras in half:
                doc = Document(id=doc_id, paragraphs=list(paras))
                sigs = signatures(doc)
                units += len(sigs.norms)
                out[doc_id] = deduper.apply(doc, sigs)
    return out, time.perf_counter() - started, units


def score(docs, injected, out) -> dict[str, float]:
    bodies = dict(docs)
    by_doc: dict[str, list[dict]] = {}
    for item in injected:
        by_doc.setdefault(item["doc"], []).append(item)
    found = Counter()
    for item in injected:
        result = out[item["doc"]]
        gone = all(item["text"] not in p for p in result.paragraphs)
        recorded = any(_overlaps(d.text, item["text"]) and near_verbatim(item["text"], bodies.get(d.first_seen, []))
                       for d in result.duplicates)
        found[(item["edit"], item["placement"], gone and recorded)] += 1
    false, removals = [], 0
    for doc_id, result in out.items():
        for dup in result.duplicates:
            removals += 1
            if any(_overlaps(dup.text, item["text"]) for item in by_doc.get(doc_id, [])):
                continue
            if len(_WORD.findall(dup.text)) < 5 or not near_verbatim(dup.text, bodies.get(dup.first_seen, [])):
                false.append((doc_id, dup.first_seen, dup.text))
    sentences = sum(len(split_sentences(p)) for _, paras in docs for p in paras)
    hits = sum(n for (_, _, ok), n in found.items() if ok)
    return {"recall": hits / max(len(injected), 1), "false": len(false), "per_1000": 1000 * len(false) / sentences,
            "removals": removals, "sentences": sentences, "by_kind": found, "false_list": false}


def _overlaps(a: str, b: str) -> bool:
    wa, wb = set(_WORD.findall(a.casefold())), set(_WORD.findall(b.casefold()))
    return bool(wa and wb) and len(wa & wb) >= 0.6 * min(len(wa), len(wb))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rate", type=float, default=0.5, help="share of later articles that get injections")
    parser.add_argument("--show", type=int, default=10, help="false removals and misses to print")
    args = parser.parse_args()
    docs, injected = inject(articles(), args.rate, args.seed)
    print(f"{len(docs)} articles, {len(injected)} injected sentences (seed {args.seed})")
    with tempfile.TemporaryDirectory() as tmp:
        for label, state, split in (("one batch", None, False), ("two runs, --state", f"{tmp}/state.db", True)):
            out, seconds, units = run(docs, state, split)
            s = score(docs, injected, out)
            print(f"{label:18} recall {s['recall']:.3f} ({len(injected)} injected) | false removals {s['false']} "
                  f"= {s['per_1000']:.2f} per 1,000 sentences ({s['sentences']:,}) | {s['removals']} removals | "
                  f"{units / seconds:,.0f} units/s")
            if label == "one batch":
                for edit_kind in EDITS:
                    found = s["by_kind"]
                    row = [f"{p} {found[(edit_kind, p, True)]}/{found[(edit_kind, p, True)] + found[(edit_kind, p, False)]}"
                           for p in PLACEMENTS]
                    print(f"    {edit_kind:13} " + "  ".join(row))
                for doc_id, first, text in s["false_list"][: args.show]:
                    print(f"    false: {doc_id} <- {first}: {text[:110]}")
                misses = [i for i in injected if not any(_overlaps(d.text, i["text"]) for d in out[i["doc"]].duplicates)]
                for item in misses[: args.show]:
                    print(f"    missed ({item['edit']}, {item['placement']}): {item['text'][:110]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
