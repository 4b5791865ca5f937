"""Speed of cleaner against the naive composition it replaces (`make bench`).

    python bench/bench.py --data ../shared/data/dev [--quick]

Measures, on this machine, in one run:

* **text mode**: page text in, all stages, dedup on, one process — against the
  naive per-document ``ftfy.fix_text`` + ``langdetect.detect``;
* **HTML mode**: raw HTML in, all stages — against the naive
  ``trafilatura.extract`` + ``ftfy.fix_text`` + ``langdetect.detect``, and the
  F1 of both on the dev gold;
* per-stage time shares, documents/s and MB/s;
* ``--jobs 2`` against ``--jobs 1`` through the CLI (and that both outputs are
  byte-identical);
* peak RSS while the CLI streams 20,000 articles (dev pages repeated under other ids);
* how long ``cleaner --help`` takes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the checkout whose cleaner this process measures: another one under --measure DIR (a --compare worker)
CHECKOUT = Path(sys.argv[sys.argv.index("--measure") + 1]).resolve() if "--measure" in sys.argv[:-1] else ROOT
sys.path.insert(0, str(CHECKOUT))

from cleaner import clean_many  # noqa: E402
from cleaner.document import Document  # noqa: E402
from cleaner.pipeline import Pipeline, Stage, default_pipeline  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from scoring import shingles  # noqa: E402


def load(data: Path) -> tuple[list[str], list[str], list[str], list[str]]:
    names = sorted(p.name[: -len(".gold.txt")] for p in data.glob("*.gold.txt"))
    pages = [(data / f"{n}.page.txt").read_text(encoding="utf-8") for n in names]
    htmls = [(data / f"{n}.html").read_text(encoding="utf-8") for n in names]
    golds = [(data / f"{n}.gold.txt").read_text(encoding="utf-8") for n in names]
    return names, pages, htmls, golds


def f1_of(preds: list[str], golds: list[str]) -> float:
    """The F1 of score.py: harmonic mean of mean precision and mean recall over documents."""
    precisions, recalls = [], []
    for pred, gold in zip(preds, golds, strict=True):
        p, g = shingles(pred), shingles(gold)
        tp, fp, fn = sum((p & g).values()), sum((p - g).values()), sum((g - p).values())
        if tp + fp:
            precisions.append(tp / (tp + fp))
        if tp + fn:
            recalls.append(tp / (tp + fn))
    precision, recall = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    return 2 * precision * recall / (precision + recall)


def best_of(repeats: int, fn):
    best, result = float("inf"), None
    for _ in range(repeats):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def naive(texts: list[str], *, html: bool) -> list[str]:
    import ftfy
    import trafilatura
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    out = []
    for text in texts:
        body = (trafilatura.extract(text) or "") if html else text
        body = ftfy.fix_text(body)
        try:
            detect(body)
        except LangDetectException:
            pass
        out.append(body)
    return out


def ours(texts: list[str], *, html: bool) -> list[str]:
    field = "html" if html else "text"
    return [d.text for d in clean_many([{"id": str(i), field: t} for i, t in enumerate(texts)], dedup="remove")]


def page_by_page(texts: list[str], *, html: bool) -> tuple[float, float, list[str], list[str]]:
    """Seconds of the naive glue and of cleaner, page by page in turn, and their outputs.

    Interleaved a page at a time, so a busy spell on a shared machine hits both sides alike.
    cleaner runs as ``clean_many`` does (the default pipeline, dedup signatures, then one
    Deduper over the run in input order).
    """
    from cleaner.dedup.deduper import Deduper
    from cleaner.local import clean_and_sign

    pipeline, t_naive, t_ours, p_naive, p_ours = default_pipeline(), 0.0, 0.0, [], []
    with Deduper(mode="remove") as deduper:
        for i, text in enumerate(texts):
            started = time.perf_counter()
            p_naive += naive([text], html=html)
            t_naive += time.perf_counter() - started
            started = time.perf_counter()
            doc, sigs = clean_and_sign(Document(id=str(i), raw=text, kind="html" if html else "text"), pipeline, True)
            if sigs is not None:
                doc = deduper.apply(doc, sigs)
            t_ours += time.perf_counter() - started
            p_ours.append(doc.text)
    return t_naive, t_ours, p_naive, p_ours


def _timed(stage: Stage, spent: dict[str, float]) -> Stage:
    def run(doc: Document) -> Document:
        started = time.perf_counter()
        try:
            return stage(doc)
        finally:
            spent[stage.name] += time.perf_counter() - started
    return Stage(stage.name, run)


def stage_shares(texts: list[str], *, html: bool) -> dict[str, float]:
    """Each stage's seconds: the default pipeline with every stage timed, then dedup."""
    from cleaner.dedup.deduper import Deduper, signatures

    spent: dict[str, float] = defaultdict(float)
    pipeline = default_pipeline()
    timed = Pipeline(tuple(_timed(stage, spent) for stage in pipeline.stages))
    with Deduper() as deduper:
        for i, text in enumerate(texts):
            doc = timed.run(Document(id=str(i), raw=text, kind="html" if html else "text"))
            started = time.perf_counter()
            if doc.ok:
                deduper.apply(doc, signatures(doc))
            spent["dedup"] += time.perf_counter() - started
    return dict(spent)


def cli_jobs(texts: list[str], work: Path, repeat: int) -> tuple[float, float, bool]:
    src = work / "jobs.jsonl"
    with open(src, "w", encoding="utf-8") as handle:
        for r in range(repeat):
            for i, text in enumerate(texts):
                handle.write(json.dumps({"id": f"{r}-{i}", "text": text}) + "\n")
    cleaner = str(Path(sys.executable).parent / "cleaner")
    times, outputs = [], []
    for jobs in (1, 2):
        out = work / f"jobs{jobs}.jsonl"
        started = time.perf_counter()
        subprocess.run([cleaner, "clean", str(src), "-o", str(out), "--jobs", str(jobs)], check=False, capture_output=True)
        times.append(time.perf_counter() - started)
        outputs.append(out.read_bytes())
    return times[0], times[1], outputs[0] == outputs[1]


def streaming_rss(texts: list[str], work: Path, count: int) -> tuple[float, float]:
    src = work / "many.jsonl"
    with open(src, "w", encoding="utf-8") as handle:
        for i in range(count):
            handle.write(json.dumps({"id": f"doc{i}", "text": texts[i % len(texts)]}) + "\n")
    cleaner = str(Path(sys.executable).parent / "cleaner")
    started = time.perf_counter()
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")  # largest process of the run, in KiB
    res = subprocess.run([sys.executable, "-c", probe, cleaner, "clean", str(src), "-o", str(work / "many.out.jsonl"),
                          "--jobs", "2"], capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    peak_kb = int(res.stdout.strip())
    return peak_kb / 1024, seconds


def _model_kind() -> str:
    """Which line model scores lines here: compiled (cleaner.boilerplate.compiled) or LightGBM."""
    from cleaner.boilerplate.compiled import compiled_predictor
    from cleaner.boilerplate.linemodel import MODEL_PATH

    return "compiled (lleaves)" if compiled_predictor(MODEL_PATH, compile=False, quiet=True) else "LightGBM"


def startup_time(sample: Path) -> float:
    cleaner = str(Path(sys.executable).parent / "cleaner")
    return best_of(5, lambda: subprocess.run([cleaner, "clean", str(sample)], capture_output=True, check=True))[0]


def help_time() -> float:
    cleaner = str(Path(sys.executable).parent / "cleaner")
    return best_of(5, lambda: subprocess.run([cleaner, "--help"], capture_output=True, check=True))[0]


def forget_lines() -> None:
    """Empty cleaner's per-line memos (rule verdicts, word counts, line measures ...), keeping loaded tables and models.

    A round then meets the pages as new, as a run over other pages would: without this, rounds after the
    first find every line's answers from the round before and flatter cleaner (the naive glue keeps none).
    """
    from cleaner.boilerplate import linefeatures
    from cleaner.boilerplate.rules import default_rules

    for module in [m for name, m in sys.modules.items() if name.startswith("cleaner.")]:
        for value in vars(module).values():
            info = getattr(value, "cache_info", None)
            if info is not None and (info().maxsize or 0) > 64:  # per-line memos; maxsize 1: a table, a model
                value.cache_clear()
    for memo in (getattr(linefeatures, "_cache", None), getattr(default_rules(), "_cache", None)):
        if isinstance(memo, dict):  # an older checkout (bench --compare) may not have them
            memo.clear()


def measure(texts_by_mode: dict[str, list[str]], golds: list[str], rounds: int) -> dict[str, dict]:
    """Per mode: naive and cleaner seconds of each round (page by page in turn, per-line memos emptied first),
    both F1s, each stage's seconds."""
    out = {}
    for mode, texts in texts_by_mode.items():
        html = mode == "html"
        rows = []
        for _ in range(rounds):
            forget_lines()
            rows.append(page_by_page(texts, html=html))
        forget_lines()
        out[mode] = {"naive": [r[0] for r in rows], "ours": [r[1] for r in rows], "f1_naive": f1_of(rows[-1][2], golds),
                     "f1_ours": f1_of(rows[-1][3], golds), "stages": stage_shares(texts, html=html)}
    return out


def _ratios(result: dict) -> list[float]:
    return sorted(a / b for a, b in zip(result["naive"], result["ours"], strict=True))


def _shares(stages: dict[str, float], pages: int) -> str:
    total = sum(stages.values())
    return f"{total * 1000 / pages:.1f} ms a page: " + ", ".join(
        f"{k} {v / total:.0%} ({v * 1000 / pages:.1f} ms)" for k, v in stages.items())


def print_speed(result: dict[str, dict], names: list[str], mb: dict[str, float]) -> None:
    print("\n| mode | naive docs/s | cleaner docs/s | cleaner MB/s | speed-up (median; range over rounds) | F1 naive | F1 cleaner |")
    print("|---|---|---|---|---|---|---|")
    n = len(names)
    for mode, r in result.items():
        ratios, t_naive, t_ours = _ratios(r), statistics.median(r["naive"]), statistics.median(r["ours"])
        print(f"| {mode} | {n / t_naive:.1f} | {n / t_ours:.1f} | {mb[mode] / t_ours:.2f} | {statistics.median(ratios):.2f}x "
              f"({ratios[0]:.2f}-{ratios[-1]:.2f}) | {r['f1_naive']:.3f} | {r['f1_ours']:.3f} |")
    for mode, r in result.items():
        print(f"\nstage shares, {mode} mode ({_shares(r['stages'], n)})")


def compare(other: Path, args: argparse.Namespace, rounds: int, pages: int) -> None:
    """*other* checkout (before) and this one (after) in alternating processes: ratios and stage shares side by side."""
    runs: dict[str, list[dict]] = {"before": [], "after": []}
    for _ in range(rounds):
        for label, root in (("before", other), ("after", ROOT)):
            done = subprocess.run([sys.executable, __file__, "--data", str(args.data), "--measure", str(root)],
                                  capture_output=True, text=True, check=True)
            runs[label].append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"\nbefore: {other}, after: {ROOT}; {rounds} alternating processes each (medians, range)")
    print("| mode | before | after | F1 before | F1 after |\n|---|---|---|---|---|")
    for mode in ("text", "html"):
        cells = []
        for label in ("before", "after"):
            ratios = sorted(_ratios(run[mode])[0] for run in runs[label])
            cells.append(f"{statistics.median(ratios):.2f}x ({ratios[0]:.2f}-{ratios[-1]:.2f})")
        f1s = [runs[label][-1][mode]["f1_ours"] for label in ("before", "after")]
        print(f"| {mode} | {cells[0]} | {cells[1]} | {f1s[0]:.4f} | {f1s[1]:.4f} |")
    for mode in ("text", "html"):
        for label in ("before", "after"):
            stages = {k: statistics.median(run[mode]["stages"][k] for run in runs[label]) for k in runs[label][0][mode]["stages"]}
            print(f"stage shares, {mode} mode, {label} ({_shares(stages, pages)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "dev")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, 2,000 streamed articles")
    parser.add_argument("--stream", type=int, default=20_000, help="articles for the streaming-memory run")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of naive and cleaner, page by page in turn, per mode")
    parser.add_argument("--compare", type=Path, metavar="DIR", help="another checkout (before), measured in alternating "
                        "processes with this one: e.g. git archive 20c717a --prefix=before/ | tar -x -C /tmp")
    parser.add_argument("--measure", type=Path, metavar="DIR", help=argparse.SUPPRESS)  # a --compare worker
    args = parser.parse_args()
    names, pages, htmls, golds = load(args.data)
    rounds = 1 if args.quick else args.rounds
    if args.measure:
        ours(pages[:3], html=False), naive(pages[:3], html=False)
        print(json.dumps(measure({"text": pages, "html": htmls}, golds, 1)))
        return 0
    print(f"cleaner bench on {len(names)} dev pages ({sum(map(len, pages)) / 1e6:.1f} MB page text, "
          f"{sum(map(len, htmls)) / 1e6:.1f} MB HTML); {rounds} rounds, naive and cleaner page by page in turn, "
          f"median; one process unless noted; line model: {_model_kind()}")
    ours(pages[:3], html=False), naive(pages[:3], html=False)  # warm up: imports, langdetect profiles
    if args.compare:
        compare(args.compare, args, rounds, len(names))
    else:
        mb = {"text": sum(len(t.encode()) for t in pages) / 1e6, "html": sum(len(t.encode()) for t in htmls) / 1e6}
        print_speed(measure({"text": pages, "html": htmls}, golds, rounds), names, mb)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        t1, t2, same = cli_jobs(pages, work, 2 if args.quick else 4)
        print(f"\n--jobs 2 vs --jobs 1 (CLI, page text x{2 if args.quick else 4}): {t1:.1f} s / {t2:.1f} s = "
              f"{t1 / t2:.2f}x on {os.cpu_count()} cores; byte-identical: {same}")
        count = 2_000 if args.quick else args.stream
        peak, seconds = streaming_rss(pages, work, count)
        print(f"streaming {count:,} articles (CLI, --jobs 2): peak RSS {peak:.0f} MB, {count / seconds:.0f} docs/s")
    print(f"cleaner --help: {help_time() * 1000:.0f} ms")
    sample = min(ROOT.glob("samples/*.txt"), key=lambda p: p.stat().st_size)
    print(f"start-up, cleaner clean {sample.relative_to(ROOT)} ({sample.stat().st_size:,} bytes): {startup_time(sample) * 1000:.0f} ms")
    print(f"\nreproduce: {Path(sys.executable).name} bench/bench.py --data {args.data}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
