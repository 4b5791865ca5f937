"""The Ray engine against the local one on this machine: same records, speed, memory (not a timed test).

    python bench/bench_ray.py [--data ../shared/data/dev] [--cpus 2]

Datasets, as folders of files: the 120 dev pages as text (``NAME.txt``), as HTML (``NAME.html``),
and the text pages 4 times over under new ids (``r0/NAME.txt`` ... ``r3/NAME.txt``: heavy
duplication). Each is cleaned by ``cleaner clean DIR --format jsonl -o FILE`` with dedup on, by
``--jobs CPUS`` and by ``--engine ray --jobs CPUS``, in separate processes, with ``--keep-dropped``
(so whole-article duplicates are compared too); the outputs must be byte-identical. Then the 4x set
with ``--no-dedup``: the per-document stages alone.

Ray is started once (its start-up timed apart) and warmed up on the samples (each worker imports
cleaner and loads the line model once), so the timed runs measure work, not start-up. Memory:
the driver's peak RSS, and the peak of the summed PSS of every process of the run (this process
and its pool workers; or the driver and every Ray process), sampled every 0.2 s.

Fails (exit 1) when an output differs, when Ray's per-document throughput is under 0.6 of the
local engine's, or when the driver's peak RSS is 300 MB or more.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RATIO, DRIVER_MB = 0.6, 300


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            return next(int(line.split()[1]) for line in handle if line.startswith("Pss:"))
    except (OSError, StopIteration, ValueError):
        return 0


def _ours(pid: int, me: int, engine: str) -> bool:
    try:
        if engine == "ray":
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                return pid == me or b"ray" in handle.read()
        with open(f"/proc/{pid}/stat") as handle:
            return pid == me or int(handle.read().rsplit(")", 1)[1].split()[1]) == me
    except (OSError, ValueError, IndexError):
        return False


class PeakPss(threading.Thread):
    """The largest sum of PSS (MB) seen over the processes of this run."""

    def __init__(self, engine: str) -> None:
        super().__init__(daemon=True)
        self.engine, self.peak, self.stopped = engine, 0.0, threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stopped.wait(0.2):
            pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
            self.peak = max(self.peak, sum(_pss_kb(p) for p in pids if _ours(p, me, self.engine)) / 1024)

    def stop(self) -> float:
        self.stopped.set()
        self.join()
        return self.peak


def prepare(data: Path, root: Path) -> dict[str, Path]:
    """The three input folders below *root*."""
    sets = {"text": root / "text", "html": root / "html", "text_x4": root / "text_x4"}
    for folder in sets.values():
        folder.mkdir(parents=True)
    for page in sorted(data.glob("*.page.txt")):
        name = page.name[: -len(".page.txt")]
        shutil.copyfile(page, sets["text"] / f"{name}.txt")
        for copy in range(4):
            (sets["text_x4"] / f"r{copy}").mkdir(exist_ok=True)
            shutil.copyfile(page, sets["text_x4"] / f"r{copy}" / f"{name}.txt")
    for page in sorted(data.glob("*.html")):
        shutil.copyfile(page, sets["html"] / page.name)
    return sets


def run_engine(engine: str, cpus: int, sets: dict[str, str], out: str) -> dict:
    """In a fresh process: every dataset through the CLI with one engine; times, memory."""
    sys.path.insert(0, str(ROOT))
    from cleaner.cli.main import main

    result: dict = {"engine": engine, "runs": {}}
    flags = ["--jobs", str(cpus)] + (["--engine", "ray"] if engine == "ray" else [])
    sampler = PeakPss(engine)
    sampler.start()
    context = None
    if engine == "ray":
        os.environ.setdefault("RAY_AUTH_MODE", "disabled")
        from cleaner.ray import session

        started = time.perf_counter()
        context = session(num_cpus=cpus, temp_dir=str(Path(out) / "ray"))
        context.__enter__()
        result["start_s"] = time.perf_counter() - started
        started = time.perf_counter()
        main(["clean", str(ROOT / "samples"), "--format", "jsonl", "-o", str(Path(out) / "warm.jsonl"), *flags])
        result["warm_s"] = time.perf_counter() - started
    try:
        for name, folder in [*sets.items(), ("text_x4_nodedup", sets["text_x4"])]:
            extra = ["--keep-dropped"] + (["--no-dedup"] if name.endswith("nodedup") else [])
            started = time.perf_counter()
            status = main(["clean", folder, "--format", "jsonl", "-o", str(Path(out) / f"{engine}_{name}.jsonl"), *flags, *extra])
            result["runs"][name] = {"seconds": time.perf_counter() - started, "status": status,
                                    "docs": sum(1 for _ in open(Path(out) / f"{engine}_{name}.jsonl", encoding="utf-8"))}
    finally:
        if context is not None:
            started = time.perf_counter()
            context.__exit__(None, None, None)
            result["shutdown_s"] = time.perf_counter() - started
    result["peak_pss_mb"] = sampler.stop()
    result["driver_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _child(engine: str, cpus: int, sets: dict[str, Path], out: Path) -> dict:
    code = (f"import json, sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); import bench_ray as b; "
            f"print(json.dumps(b.run_engine({engine!r}, {cpus}, {json.dumps({k: str(v) for k, v in sets.items()})}, {str(out)!r})))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def compare(out: Path, name: str) -> tuple[int, int]:
    """(records compared, records that differ) between the two engines' outputs of one dataset."""
    local = (out / f"local_{name}.jsonl").read_text(encoding="utf-8").splitlines()
    remote = (out / f"ray_{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return len(local), sum(a != b for a, b in zip(local, remote, strict=False)) + abs(len(local) - len(remote))


def report(local: dict, ray: dict, out: Path, cpus: int) -> bool:
    ok = True
    print(f"Ray start-up {ray['start_s']:.1f} s, warm-up on the samples {ray['warm_s']:.1f} s, shutdown {ray['shutdown_s']:.1f} s")
    print(f"| run | docs | local --jobs {cpus} | Ray, {cpus} CPUs | ratio (Ray/local docs/s) | identical records |")
    print("|---|---|---|---|---|---|")
    for name, run in local["runs"].items():
        other = ray["runs"][name]
        count, differ = compare(out, name)
        ok &= differ == 0 and run["status"] == other["status"] == 0
        ratio = run["seconds"] / other["seconds"]
        print(f"| {name} | {run['docs']} | {run['docs'] / run['seconds']:.1f} docs/s ({run['seconds']:.1f} s) | "
              f"{other['docs'] / other['seconds']:.1f} docs/s ({other['seconds']:.1f} s) | {ratio:.2f} | "
              f"{count - differ}/{count} |")
    print(f"| peak memory (sum of PSS) | | {local['peak_pss_mb']:.0f} MB | {ray['peak_pss_mb']:.0f} MB | | |")
    print(f"| driver peak RSS | | {local['driver_rss_mb']:.0f} MB | {ray['driver_rss_mb']:.0f} MB | | |")
    stage_ratio = local["runs"]["text_x4_nodedup"]["seconds"] / ray["runs"]["text_x4_nodedup"]["seconds"]
    if stage_ratio < RATIO:
        print(f"FAIL: Ray's per-document throughput is {stage_ratio:.2f} of the local engine's (< {RATIO})")
        ok = False
    if ray["driver_rss_mb"] >= DRIVER_MB:
        print(f"FAIL: the driver's peak RSS is {ray['driver_rss_mb']:.0f} MB (>= {DRIVER_MB})")
        ok = False
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "dev")
    parser.add_argument("--cpus", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_ray_") as tmp:
        out = Path(tmp)
        sets = prepare(args.data, out / "in")
        local = _child("local", args.cpus, sets, out)
        ray = _child("ray", args.cpus, sets, out)
        ok = report(local, ray, out, args.cpus)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
