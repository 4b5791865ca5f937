"""Two runs sharing one ``--state`` file at once: both finish, and the state stays whole and usable.

The process tests start two real ``cleaner clean`` processes at the same moment on many small
documents, so that their writes interleave (checked: the ids of the two runs alternate in the
state); the in-process tests pin down what a lookup sees when another writer commits meanwhile.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import sqlite3
import subprocess
import sys
import threading
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from cleaner.dedup.deduper import Deduper, unit_signatures

from .conftest import SAMPLES, SHARED, needs_shared

DOCS_PER_RUN = 300


def _paragraphs() -> list[str]:
    """Real prose paragraphs (12+ words): the samples, and a few shared dev pages when present."""
    paths = sorted(SAMPLES.glob("*.txt")) + sorted((SHARED / "data" / "dev").glob("*.page.txt"))[:6]
    return [line.strip() for p in paths for line in p.read_text(encoding="utf-8").splitlines()
            if len(line.split()) >= 12]


def _folder(root: Path, prefix: str, offset: int) -> Path:
    """DOCS_PER_RUN small documents of three paragraphs each; windows overlap, so there are repeats."""
    paras = _paragraphs()
    root.mkdir(parents=True)
    for i in range(DOCS_PER_RUN):
        k = (3 * i + offset) % (len(paras) - 2)
        (root / f"{prefix}{i:04d}.txt").write_text("\n\n".join(paras[k:k + 3]) + "\n", encoding="utf-8")
    return root


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cleaner", "clean", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _finish(proc: subprocess.Popen) -> str:
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    return err.decode()


def _docs(state: Path) -> list[str]:
    """The document ids in the state, in seq order, after checking the file is whole."""
    with sqlite3.connect(state) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return [row[0] for row in conn.execute("SELECT doc_id FROM docs ORDER BY seq")]


def _switches(ids: list[str]) -> int:
    """How often consecutive rows come from different folders (the id's first letter)."""
    return sum(a[0] != b[0] for a, b in pairwise(ids))


@needs_shared
@pytest.mark.slow  # two processes writing one state file at once
@pytest.mark.parametrize("layout", ["same", "crossed", "different"])
def test_two_runs_on_one_state_file_at_once_both_finish(tmp_path: Path, layout: str) -> None:
    a = _folder(tmp_path / "a", "a", 0)
    b = _folder(tmp_path / "b", "b", 1)
    state = tmp_path / "seen.db"
    srcs = {"same": ([a], [a]), "crossed": ([a, b], [b, a]), "different": ([a], [b])}[layout]
    procs = [_start(*map(str, src), "--state", str(state), "--format", "jsonl", "-o", str(tmp_path / f"{n}.jsonl"))
             for n, src in enumerate(srcs)]
    for proc, src in zip(procs, srcs, strict=True):
        summary = _finish(proc)
        cleaned = int(re.search(r"(\d+) cleaned; 0 failed", summary).group(1))
        dropped = re.search(r"(\d+) dropped as duplicate articles", summary)
        assert cleaned + (int(dropped.group(1)) if dropped else 0) == DOCS_PER_RUN * len(src), summary
    ids = _docs(state)
    expected = {p.stem for src in srcs for folder in src for p in folder.glob("*.txt")}
    assert sorted(ids) == sorted(expected)  # every document once
    if layout != "same":  # the race was real: the two runs' registrations interleave
        assert _switches(ids) >= 3, ids
    else:  # the same inputs in the same order: each document sees exactly those before it, as alone
        (tmp_path / "alone").mkdir()  # a state file of the same name (records carry it in their provenance)
        _finish(_start(str(a), "--state", str(tmp_path / "alone" / "seen.db"), "--format", "jsonl", "-o",
                       str(tmp_path / "alone.jsonl")))
        alone = (tmp_path / "alone.jsonl").read_bytes()
        assert (tmp_path / "0.jsonl").read_bytes() == alone and (tmp_path / "1.jsonl").read_bytes() == alone
    # the state is usable: a third run removes repeats of what either run registered
    later = tmp_path / "later"
    later.mkdir()
    names = [f"a{i:04d}" for i in (0, DOCS_PER_RUN // 2, DOCS_PER_RUN - 1)]
    for name in names + ([f"b{i:04d}" for i in (7, DOCS_PER_RUN - 2)] if layout != "same" else []):
        src = (a if name[0] == "a" else b) / f"{name}.txt"
        (later / f"copy-{name}.txt").write_bytes(src.read_bytes())
    res = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(later), "--state", str(state),
                          "--format", "jsonl", "--keep-dropped"], capture_output=True, timeout=300)
    assert res.returncode == 0, res.stderr.decode()
    records = [json.loads(line) for line in res.stdout.decode().split("\n") if line]
    assert len(records) == len(list(later.iterdir()))
    for record in records:  # every copy is a whole-article duplicate of what the state holds
        assert record["text"] == "" and record["dropped"] == "duplicate" and record["duplicates"], record
        assert record["duplicate_of"] in expected
        assert {d["first_seen"] for d in record["duplicates"]} <= expected
    assert len(_docs(state)) == len(expected) + len(records)


STATEMENT = ("“The Government of the Czech Republic strongly condemns this malicious cyber campaign against its "
             "critical infrastructure,” the statement read.")
INTRUSION = ("In a blunt statement, the Czech government said the hackers broke into one of the ministry’s "
             "unclassified systems as early as 2022 and lingered undetected.")
OTHER = "Officials in Prague said the attack had targeted an unclassified network for several years before."


def test_a_lookup_sees_what_the_other_writer_had_committed(tmp_path: Path) -> None:
    db = str(tmp_path / "seen.db")
    with Deduper(state_path=db) as one, Deduper(state_path=db) as two:
        one.apply_paragraphs("a", [STATEMENT, OTHER])
        kept, dups = two.apply_paragraphs("b", [INTRUSION, STATEMENT])  # "a" was committed when "b" looked
        assert kept == [INTRUSION] and [d.first_seen for d in dups] == ["a"]
        kept, dups = one.apply_paragraphs("c", [INTRUSION])  # and "one" sees "b" in turn
        assert kept == [] and [d.first_seen for d in dups] == ["b"]


def test_earlier_is_the_order_of_registration_in_the_file(tmp_path: Path) -> None:
    """A document registered by the other writer between a lookup and its registration comes first."""
    db = str(tmp_path / "seen.db")
    with Deduper(state_path=db) as one, Deduper(state_path=db) as two:
        late = [STATEMENT, OTHER]
        sigs = unit_signatures(late)
        assert one.find("y", sigs) == []  # "one" looks: nothing yet
        two.apply_paragraphs("z", [INTRUSION, STATEMENT])  # "two" registers meanwhile
        one.state.add_document("y", sigs.norms, sigs.exact, sigs.bands)  # then "one" registers
        assert one.state.seq_of("z") < one.state.seq_of("y")
    with sqlite3.connect(db) as conn:
        assert [r[0] for r in conn.execute("SELECT doc_id FROM docs ORDER BY seq")] == ["z", "y"]
    with Deduper(state_path=db) as three:
        _, dups = three.apply_paragraphs("w", [STATEMENT])
        assert [d.first_seen for d in dups] == ["z"]
        _, dups = three.apply_paragraphs("y", late)  # a rerun of "y" sees "z" before it
        assert [d.first_seen for d in dups] == ["z"]


def test_a_document_the_other_writer_registered_meanwhile_is_seen_not_registered_again(tmp_path: Path) -> None:
    db = str(tmp_path / "seen.db")
    paras = [STATEMENT, OTHER]
    sigs = unit_signatures(paras)
    with Deduper(state_path=db) as one, Deduper(state_path=db) as two:
        two.apply_paragraphs("first", [INTRUSION])
        assert one.find("x", sigs) == []
        two.apply_paragraphs("x", paras)  # both runs clean the same file
        pos = one.state.add_document("x", sigs.norms, sigs.exact, sigs.bands)  # no IntegrityError
        assert pos == one.state.seq_of("x") == two.state.seq_of("x") == 1
        assert one.apply_paragraphs("x", paras) == (paras, [])  # known: looked up only against what came before it
        n_units = one.state.n_units
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM docs WHERE doc_id = 'x'").fetchone() == (1,)
    with Deduper(state_path=db) as three:
        assert three.state.n_units == n_units


def test_a_writer_waits_for_the_other_writers_lock(tmp_path: Path) -> None:
    db = str(tmp_path / "seen.db")
    with Deduper(state_path=db) as one:
        other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
        release = threading.Timer(0.5, other.execute, ("COMMIT",))
        release.start()
        try:
            kept, _ = one.apply_paragraphs("a", [STATEMENT])  # waits for the lock instead of failing
        finally:
            release.join()
            other.close()
        assert kept == [STATEMENT] and one.state.seq_of("a") == 0


def _open_and_register(path: str, start: Any, k: int, sigs: Any) -> None:
    start.wait()  # every process opens the new file at the same moment
    with Deduper(state_path=path) as deduper:
        deduper.apply_paragraphs(f"run{k}", [STATEMENT], sigs)


@pytest.mark.slow  # six processes create one state file at the same moment, ten times
def test_runs_opening_a_new_state_file_at_once_all_open(tmp_path: Path) -> None:
    """Several processes create, switch to WAL and write one new file at the same moment."""
    ctx = multiprocessing.get_context("fork")
    sigs = unit_signatures([STATEMENT])
    for attempt in range(10):
        path = str(tmp_path / f"new{attempt}.db")
        start = ctx.Barrier(6)
        procs = [ctx.Process(target=_open_and_register, args=(path, start, k, sigs)) for k in range(6)]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join(60)
        assert [proc.exitcode for proc in procs] == [0] * 6, attempt
        assert sorted(_docs(Path(path))) == [f"run{k}" for k in range(6)]


def test_switching_a_new_file_to_wal_waits_for_the_other_process(tmp_path: Path) -> None:
    """The WAL switch needs the file alone, and SQLite's busy timeout does not cover it: it is retried."""
    db = tmp_path / "new.db"
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("CREATE TABLE starting (x)")  # a new file, still in rollback-journal mode
    other.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
    plain = sqlite3.connect(db, timeout=0.2)
    with pytest.raises(sqlite3.OperationalError, match="locked"):  # what a plain switch does now
        plain.execute("PRAGMA journal_mode=WAL")
    plain.close()
    release = threading.Timer(0.3, other.execute, ("COMMIT",))
    release.start()
    try:
        with Deduper(state_path=str(db)) as deduper:  # waits instead of failing
            kept, _ = deduper.apply_paragraphs("a", [STATEMENT])
    finally:
        release.join()
        other.close()
    assert kept == [STATEMENT]
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
