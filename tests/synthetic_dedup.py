"""Synthetic corpora for checking that two dedup executors agree: near-duplicates inside and across documents.

Sentences come from real pages (the samples, the article blocks of corpus/train); a corpus mixes fresh sentences with exact and edited
copies of earlier ones (a word changed, quote style, a lower-case start, an attribution appended,
a number changed), copies glued into longer lines (containment), quotes, short repeated lines
(never removed, but they count towards a whole-article duplicate), whole documents copied with
small edits (whole-article duplicates), and documents that reuse an earlier document's id (looked
up as a rerun: only against what came before the first one).

>>> docs = corpus(1, n_docs=5)
>>> len(docs), sorted(docs[0])
(5, ['id', 'text'])
>>> corpus(1, n_docs=5) == docs
True
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from cleaner.sentences import split_sentences

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PAGES = Path(__file__).resolve().parent.parent / "corpus" / "train"
SHORT = ["Read more.", "Why?", "That's it.", "Share this article", "Photo: Reuters", "More news:", "2024"]
ATTRIBUTIONS = [", officials said.", ", the ministry said.", " according to the report."]


def pool() -> list[str]:
    """Sentences of 6 words or more from the sample pages and the article blocks of our training pages (17 languages),
    each once, in file order."""
    lines = [line for path in sorted(SAMPLES.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()]
    for path in sorted(PAGES.glob("*.json")):
        lines.extend(block["text"] for block in json.loads(path.read_text(encoding="utf-8"))["blocks"] if block.get("gold"))
    seen: dict[str, None] = {}
    for line in lines:
        for sentence in split_sentences(line.strip()):
            if len(sentence.split()) >= 6:
                seen.setdefault(sentence, None)
    return list(seen)


def edit(sentence: str, rng: random.Random) -> str:
    """One small edit of the kind a copy picks up on the way."""
    words = sentence.split()
    choice = rng.randrange(8)
    if choice == 6 and len(words) > 6:  # cut short: a shorter later unit, near the Jaccard threshold
        return " ".join(words[: max(4, int(len(words) * rng.uniform(0.6, 0.85)))])
    if choice == 7 and len(words) > 6:  # three words changed
        for at in rng.sample(range(len(words)), 3):
            words[at] = rng.choice(["new", "said", "the", "report", "often", "city"])
        return " ".join(words)
    if choice == 0 and len(words) > 3:
        words[rng.randrange(len(words))] = rng.choice(["new", "said", "the", "report", "often", "city"])
        return " ".join(words)
    if choice == 1:
        return sentence.replace("“", '"').replace("”", '"').replace("’", "'")
    if choice == 2:
        return sentence[:1].lower() + sentence[1:]
    if choice == 3:
        return sentence.rstrip(".") + rng.choice(ATTRIBUTIONS)
    if choice == 4 and re.search(r"\d", sentence):
        return re.sub(r"\d", lambda m: str((int(m.group()) + 1) % 10), sentence, count=1)
    return sentence.replace(",", "", 1)


def _sentence(rng: random.Random, fresh: list[str], earlier: list[str], here: list[str]) -> str:
    r = rng.random()
    if r < 0.5 or not earlier:
        return fresh.pop() if fresh else rng.choice(SHORT)
    if r < 0.62:
        return rng.choice(earlier)  # exact copy of an earlier document's sentence
    if r < 0.76:
        return edit(rng.choice(earlier), rng)  # near-duplicate across documents
    if r < 0.83 and here:
        return rng.choice(here) if rng.random() < 0.5 else edit(rng.choice(here), rng)  # repeat inside the document
    if r < 0.89:
        return rng.choice(SHORT)
    if r < 0.94:
        return f"{rng.choice(earlier)} {fresh.pop() if fresh else rng.choice(earlier)}"  # glued: containment
    return f"He said: “{rng.choice(earlier).rstrip('.')}.”"


def corpus(seed: int, n_docs: int = 60) -> list[dict[str, str]]:
    """*n_docs* documents (``id``, ``text``), the same for the same seed."""
    rng = random.Random(seed)
    sentences = pool()
    fresh = [f"{' '.join(a.split()[: len(a.split()) // 2])} {' '.join(b.split()[len(b.split()) // 2:])}"
             for a, b in zip(sentences, rng.sample(sentences, len(sentences)), strict=True)] + sentences  # halves recombined
    rng.shuffle(fresh)
    docs: list[dict[str, str]] = []
    earlier: list[str] = []
    for d in range(n_docs):
        if docs and rng.random() < 0.1:  # a whole article again, lightly edited
            lines = rng.choice(docs)["text"].split("\n")
            text = "\n".join(edit(line, rng) if rng.random() < 0.2 else line for line in lines)
        else:
            paragraphs = []
            here: list[str] = []
            for _ in range(rng.randint(2, 8)):
                sentences = [_sentence(rng, fresh, earlier, here) for _ in range(rng.randint(1, 4))]
                here.extend(sentences)
                paragraphs.append(" ".join(sentences))
            text = "\n".join(paragraphs)
        earlier.extend(s for s in split_sentences(text.replace("\n", " ")) if len(s.split()) >= 3)
        doc_id = rng.choice(docs)["id"] if docs and rng.random() < 0.06 else f"s{seed}-{d}"  # a rerun of an id
        docs.append({"id": doc_id, "text": text})
    return docs
