"""Shared paths and helpers for the tests: real text lives in samples/ and tests/data/.

``run`` runs the CLI in this process (``cleaner.cli.main``): the fast tier's way to test the command line.
``run_process`` starts ``python -m cleaner``: only for what a process is the contract of (exit status on a
signal, peak memory, hash seeds, two writers on one state file, the installed entry point); tests that use
it are marked ``slow``. ``needs_shared`` skips a test, with a message, when ``../shared`` is missing.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
SEED = "000_b0e08e17cefa5128"
ARTICLE = (SAMPLES / f"{SEED}.txt").read_text(encoding="utf-8")
HTML = ("<html><head><title>Ministry finds intruders</title></head><body><article><h1>Ministry finds intruders</h1>"
        "<p>The ministry said on Wednesday that it had found the intruders inside its network after a long "
        "investigation by its own staff.</p><p>Officials said the attackers had been present since 2022 and had "
        "taken documents about energy policy and trade.</p></article></body></html>")
needs_shared = pytest.mark.skipif(not (SHARED / "data").is_dir(), reason=f"needs ../shared beside the project, not found at {SHARED}")


class Result(NamedTuple):
    """What a run of ``cleaner`` gave: its exit status and the bytes it wrote."""

    returncode: int
    stdout: bytes
    stderr: bytes


@contextlib.contextmanager
def _cwd(path: Path | str) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


@contextlib.contextmanager
def _environment(env: Mapping[str, str] | None) -> Iterator[None]:
    if env is None:
        yield
        return
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(env)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None, env: Mapping[str, str] | None = None) -> Result:
    """``cleaner ARGS`` in this process, as a shell runs it: *stdin* as its standard input, what it writes to
    stdout and stderr as bytes, the exit status (argparse's exits included); *cwd* and *env* for the call only."""
    from cleaner.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    streams = (io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8"),
               io.TextIOWrapper(out, encoding="utf-8", write_through=True),
               io.TextIOWrapper(err, encoding="utf-8", write_through=True))
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = streams
    try:
        with _cwd(cwd or os.getcwd()), _environment(env):
            try:
                code = main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    return Result(code, out.getvalue(), err.getvalue())


def run_process(*args: str, stdin: bytes | None = None, cwd: Path | None = None,
                env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m cleaner ARGS`` in a new process (for what only a process shows: see the module docstring)."""
    return subprocess.run([sys.executable, "-m", "cleaner", *args], input=stdin, capture_output=True, cwd=cwd,
                          env=None if env is None else dict(env), timeout=300)


def lines_of(res: Result | subprocess.CompletedProcess) -> list[str]:
    """stderr's lines, none of them a traceback."""
    err = res.stderr.decode("utf-8")
    assert "Traceback" not in err
    return err.strip().split("\n")


def problems(res: Result | subprocess.CompletedProcess) -> dict[str, str]:
    """stderr's per-input lines as {name: problem} (the summary line left out)."""
    found = {}
    for line in lines_of(res)[:-1]:
        assert line.startswith("cleaner: ")
        name, _, problem = line[len("cleaner: "):].rpartition(": ")
        found[name] = problem
    return found


_PEAK_RSS = """
import resource, subprocess, sys
res = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // (1 << 20 if sys.platform == "darwin" else 1 << 10)
print(res.returncode, peak, res.stderr.decode().strip().split("\\n")[-1])
"""


def peak_rss_mb(*args: str) -> tuple[int, int, str]:
    """Exit status, peak RSS in MB and the last stderr line of ``cleaner ARGS``, run in a fresh process."""
    res = subprocess.run([sys.executable, "-c", _PEAK_RSS, sys.executable, "-m", "cleaner", *args],
                         capture_output=True, timeout=600)
    code, peak, last = res.stdout.decode().split(" ", 2)
    return int(code), int(peak), last.strip()


def load_json(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))}


@pytest.fixture(scope="session")
def seed_gold() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((SAMPLES / "expected").glob("*.gold"))}


def assert_refuses_other_features(load, tmp_path: Path, monkeypatch) -> None:
    """*load* (a cached loader of ``linemodel.MODEL_PATH``) refuses a model file whose feature names are not the code's."""
    from cleaner.boilerplate import linemodel

    text = linemodel.MODEL_PATH.read_text(encoding="utf-8").replace("feature_names=log_chars ", "feature_names=chars ", 1)
    (tmp_path / "model.txt").write_text(text, encoding="utf-8")
    monkeypatch.setattr(linemodel, "MODEL_PATH", tmp_path / "model.txt")
    load.cache_clear()
    try:
        with pytest.raises(linemodel.ModelMismatch, match="retrain it"):
            load()
    finally:
        load.cache_clear()
