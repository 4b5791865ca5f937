"""cleaner inside Hugging Face datasets and datatrove against clean_many: same texts, docs/s (not a timed test).

    python bench/bench_integrations.py [--data ../shared/data/dev] [--repeats 2]

The dev pages' text (``NAME.page.txt``), dedup on, in this process: ``clean_many`` with ``jobs``
1 and 2; ``map(clean_batch, batched=True, batch_size=16)`` with ``num_proc`` 1 and 2 (never from
datasets' cache), then ``dedup_dataset`` (the ordered pass alone); :class:`CleanerStep` called on a
generator of datatrove Documents. Fails (exit 1) when a text differs from ``clean_many``'s.
Needs ``pip install -e '.[datasets,datatrove]'``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import datasets
from datatrove.data import Document as Doc

from cleaner import clean_many
from cleaner.datatrove_step import CleanerStep
from cleaner.hf import clean_batch, dedup_dataset

ROOT = Path(__file__).resolve().parent.parent


def _timed(run) -> tuple[float, list[str | None]]:
    start = time.perf_counter()
    texts = run()
    return time.perf_counter() - start, texts


def _kept(rows: datasets.Dataset) -> list[str | None]:
    return [row["text"] if not row["error"] and not row["dropped"] else None for row in rows]


def one_round(items: list[dict]) -> dict[str, float]:
    """Seconds for each way of cleaning *items*; the texts kept (None: failed or dropped) checked against clean_many's."""
    ds = datasets.Dataset.from_list(items)
    mapped: dict[int, datasets.Dataset] = {}

    def mapping(n: int):
        def run() -> None:
            mapped[n] = ds.map(clean_batch, batched=True, batch_size=16, num_proc=n, load_from_cache_file=False)
        return run

    def step() -> list[str]:
        return [d.text for d in CleanerStep().run(Doc(text=i["text"], id=i["id"]) for i in items)]

    runs = {"clean_many jobs=1": lambda: [d.text if d.ok else None for d in clean_many(items)],
            "clean_many jobs=2": lambda: [d.text if d.ok else None for d in clean_many(items, jobs=2)],
            "map num_proc=1": mapping(1), "map num_proc=2": mapping(2),
            "dedup_dataset": lambda: _kept(dedup_dataset(mapped[1])), "datatrove CleanerStep": step}
    seconds: dict[str, float] = {}
    expected: list[str | None] = []
    for name, run in runs.items():
        seconds[name], texts = _timed(run)
        if name == "clean_many jobs=1":
            expected = texts
        elif name == "datatrove CleanerStep":  # only what it forwards
            if texts != [t for t in expected if t is not None]:
                raise SystemExit(f"{name}: the texts differ from clean_many's")
        elif texts is not None and texts != expected:
            raise SystemExit(f"{name}: the texts differ from clean_many's")
    if _kept(dedup_dataset(mapped[2])) != expected:
        raise SystemExit("map num_proc=2, then dedup_dataset: the texts differ from clean_many's")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "dev")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    datasets.disable_progress_bars()
    items = [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in sorted(args.data.glob("*.page.txt"))]
    list(clean_many(items[:3]))  # the line model loaded before anything is timed
    for _ in range(args.repeats):
        seconds = one_round(items)
        print("; ".join(f"{name} {len(items) / s:.1f} docs/s" for name, s in seconds.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
