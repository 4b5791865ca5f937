"""Benchmark of the dedup stage: units/s, bytes per unit of index, SQLite state size and speed.

First, the real article bodies of ``../shared/data`` (train and dev, one
paragraph per line) as they are: the workload the target is about. Then a
stress corpus: the train bodies, and to reach a given number of units,
copies of them with about a fifth of the words replaced by words of other
articles (so nearly every sentence has near-duplicate candidates to verify),
one document in ten repeating two sentences of an earlier one.

It prints one table: signature, lookup + register and combined units/s on one
core (best of ``--repeats``), the MinHash step alone with numpy (ours) and with
datasketch's bulk MinHash plus whether the dedup output is the same, bytes per
unit of in-memory index, and the SQLite state's size, build, reopen and lookup
speeds.

    .venv/bin/python bench/bench_dedup.py            # real articles + 60k-unit stress corpus (~1.5 min)
    .venv/bin/python bench/bench_dedup.py --million  # the stress corpus at 1,000,000 units, into SQLite (~5-10 min)
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from cleaner.dedup.deduper import BANDS, ROWS, Deduper, DocSignatures, unit_signatures  # noqa: E402
from cleaner.dedup.minhash import band_hashes, shingles  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "train"


def corpus(target_units: int, seed: int = 7) -> list[tuple[str, list[str]]]:
    """Real documents, then mutated copies, until about ``target_units`` sentences."""
    base = [
        [line for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
        for p in sorted(DATA.glob("*.gold.txt"))
    ]
    base = [d for d in base if d]
    vocab = sorted({w for d in base for line in d for w in line.split()})
    rng = random.Random(seed)
    docs: list[tuple[str, list[str]]] = []
    units = 0
    i = 0
    while units < target_units:
        src = base[i % len(base)]
        if i < len(base):
            paras = list(src)
        else:
            paras = [" ".join(w if rng.random() > 0.2 else rng.choice(vocab) for w in p.split()) for p in src]
        if i % 10 == 9 and docs:
            earlier = docs[rng.randrange(len(docs))][1]
            paras.append(" ".join(earlier[:1]))
        docs.append((f"doc{i:07d}", paras))
        units += sum(p.count(". ") + 1 for p in paras)
        i += 1
    return docs


def _units(docs: list[tuple[str, list[str]]]) -> int:
    """Units the documents really have (the corpus builder only estimates)."""
    return sum(len(unit_signatures(p).norms) for _, p in docs)


def _timed_run(docs: list[tuple[str, list[str]]], state_path: str | None) -> tuple[Deduper, dict[str, float]]:
    """Signatures for every document, then look up + register in order; the deduper is left open."""
    t0 = time.perf_counter()
    sigs = [unit_signatures(p) for _, p in docs]
    t1 = time.perf_counter()
    n = sum(len(s.norms) for s in sigs)
    deduper = Deduper(state_path=state_path)
    dups = sum(len(deduper.apply_paragraphs(doc_id, paras, sig)[1]) for (doc_id, paras), sig in zip(docs, sigs, strict=True))
    t2 = time.perf_counter()
    return deduper, {"units": n, "sig": n / (t1 - t0), "look": n / (t2 - t1), "both": n / (t2 - t0),
                     "dups": dups, "verified": deduper.stats["verified"] / n}


def _best(docs: list[tuple[str, list[str]]], repeats: int) -> dict[str, float]:
    best: dict[str, float] = {}
    for _ in range(repeats):
        d, r = _timed_run(docs, None)
        d.close()
        for key, value in r.items():
            best[key] = max(best.get(key, value), value) if key in ("sig", "look", "both") else value
    return best


def datasketch_signatures(paragraphs: list[str]) -> DocSignatures:
    """:func:`unit_signatures` with datasketch's MinHash (64 permutations, bulk) in place of the numpy one."""
    from datasketch import MinHash

    ours = unit_signatures(paragraphs)
    sets = [[s.encode("utf-8") for s in shingles(n)] for n in ours.norms]
    sig = np.array([m.hashvalues for m in MinHash.bulk(sets, num_perm=BANDS * ROWS)], np.uint64).astype(np.uint32)
    sig = sig.reshape(len(ours.norms), BANDS * ROWS)
    return replace(ours, bands=band_hashes(sig, BANDS, ROWS))


def compare_datasketch(docs: list[tuple[str, list[str]]], repeats: int) -> tuple[float, float, float, bool]:
    """Signature speed of both MinHash implementations (best of *repeats*) and whether dedup outputs agree."""
    from cleaner.dedup.minhash import minhash_signatures

    norms = [unit_signatures(p).norms for _, p in docs]
    n = sum(len(x) for x in norms)
    ds_best = np_best = 0.0
    from datasketch import MinHash

    for _ in range(repeats):
        t0 = time.perf_counter()
        for x in norms:
            band_hashes(minhash_signatures(x, BANDS * ROWS), BANDS, ROWS)
        t1 = time.perf_counter()
        for x in norms:
            MinHash.bulk([[s.encode("utf-8") for s in shingles(u)] for u in x], num_perm=BANDS * ROWS)
        t2 = time.perf_counter()
        np_best, ds_best = max(np_best, n / (t1 - t0)), max(ds_best, n / (t2 - t1))
    outs = []
    for sign in (unit_signatures, datasketch_signatures):
        with Deduper() as d:
            outs.append([d.apply_paragraphs(i, p, sign(p)) for i, p in docs])
    same = outs[0] == outs[1]
    dups = [sum(len(x[1]) for x in o) for o in outs]
    return np_best, ds_best, dups[0], dups[1], same


def _sqlite(docs: list[tuple[str, list[str]]], again: int = 2000) -> dict[str, float]:
    """Build a SQLite state from *docs*, reopen it, and look a repeat of its first documents up against it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "seen.sqlite")
        d, r = _timed_run(docs, path)
        d.close()
        r["size"] = sum(os.path.getsize(os.path.join(tmp, f)) for f in os.listdir(tmp))
        t0 = time.perf_counter()
        d = Deduper(state_path=path)
        r["reopen"] = time.perf_counter() - t0
        rerun = [(f"again{i}", p) for i, (_, p) in enumerate(docs[:again])]
        t1 = time.perf_counter()
        sigs = [unit_signatures(p) for _, p in rerun]
        t2 = time.perf_counter()
        r["again_removed"] = sum(len(d.apply_paragraphs(i, p, s)[1]) for (i, p), s in zip(rerun, sigs, strict=True))
        t3 = time.perf_counter()
        n = sum(len(s.norms) for s in sigs)
        r["again_look"], r["again_both"] = n / (t3 - t2), n / (t3 - t1)
        d.close()
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--units", type=int, default=60_000, help="units of the stress corpus (default 60,000)")
    ap.add_argument("--million", action="store_true", help="stress corpus of 1,000,000 units, into a SQLite state")
    ap.add_argument("--repeats", type=int, default=3, help="timed repeats on the real articles (best is shown)")
    ap.add_argument("--no-datasketch", action="store_true", help="skip the datasketch comparison")
    args = ap.parse_args()
    n = 1_000_000 if args.million else args.units
    cmd = "python bench/bench_dedup.py" + (" --million" if args.million else f" --units {n}" if n != 60_000 else "")

    real = [(p.name, [line for line in p.read_text(encoding="utf-8").splitlines() if line.strip()])
            for folder in (DATA, DATA.parent / "dev") for p in sorted(folder.glob("*.gold.txt"))]
    unit_signatures(real[0][1])  # build the normalisation table outside the timing
    rows: list[tuple[str, str]] = []
    r = _best(real, args.repeats)
    rows += [
        ("real articles: units (docs)", f"{r['units']:,} ({len(real)})"),
        (f"  signature, units/s (best of {args.repeats})", f"{r['sig']:,.0f}"),
        (f"  lookup + register, units/s (best of {args.repeats})", f"{r['look']:,.0f}"),
        (f"  signature + lookup, units/s (best of {args.repeats})", f"{r['both']:,.0f}"),
        ("  verified candidates / unit", f"{r['verified']:.3f}"),
    ]
    if not args.no_datasketch:
        np_speed, ds_speed, np_dups, ds_dups, same = compare_datasketch(real, args.repeats)
        rows += [
            ("  MinHash only, numpy (ours), units/s", f"{np_speed:,.0f}"),
            ("  MinHash only, datasketch bulk, units/s", f"{ds_speed:,.0f} ({np_speed / ds_speed:.0f}x slower)"),
            ("  duplicates found: numpy / datasketch", f"{np_dups} / {ds_dups} ({'identical output' if same else 'outputs differ'})"),
        ]

    docs = corpus(n)
    actual = _units(docs)
    if actual < n:  # the builder's estimate runs low: scale it once
        docs = corpus(int(n * n / actual * 1.02))
    if not args.million:
        d, r = _timed_run(docs, None)
        d.state.compact()
        mem = d.state.memory_bytes()
        rows += [
            ("stress corpus, in memory: units", f"{r['units']:,}"),
            ("  signature / lookup / both, units/s", f"{r['sig']:,.0f} / {r['look']:,.0f} / {r['both']:,.0f}"),
            ("  verified candidates / unit", f"{r['verified']:.3f}"),
            ("  in-memory index, bytes/unit", f"{mem / d.state.n_units:.1f} ({mem / 2**20:.1f} MiB)"),
        ]
        d.close()
    r = _sqlite(docs)
    rows += [
        ("stress corpus into SQLite: units", f"{r['units']:,}"),
        ("  build: signature / lookup+register / both, units/s", f"{r['sig']:,.0f} / {r['look']:,.0f} / {r['both']:,.0f}"),
        ("  verified candidates / unit", f"{r['verified']:.3f}"),
        ("  SQLite size on disk", f"{r['size'] / 2**20:.1f} MiB ({r['size'] / r['units']:.0f} bytes/unit)"),
        ("  reopen (load index)", f"{r['reopen']:.2f} s"),
        ("  lookup against it (repeat run), units/s", f"{r['again_look']:,.0f} (with signatures {r['again_both']:,.0f};"
         f" {r['again_removed']:,} sentences removed)"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"dedup bench (one core; other processes share the machine, so the best of repeats is shown)\n$ {cmd}")
    for key, value in rows:
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
