"""The Ray executor gives the local run's records, byte for byte, on a local Ray with 2 CPUs.

One Ray for the whole module (about 5 s to start, 1 GB), shut down at the end; its files live
under the test's temporary folder. The full dev set and the 4x repeated dev set are compared by
``bench/bench_ray.py``; here: the samples, a subset of dev pages (text and HTML, repeated under
new ids), synthetic near-duplicates (several seeds), the per-document time limit, the CLI's
outputs, and the library's readers and writers.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")
pq = pytest.importorskip("pyarrow.parquet")
pytestmark = pytest.mark.slow  # a local Ray cluster: its raylet, GCS and worker processes start for this file

from cleaner import clean_many  # noqa: E402
from cleaner.cli.main import main  # noqa: E402
from cleaner.output import jsonl_line  # noqa: E402
from cleaner.ray import clean_dataset, document_from_row, session  # noqa: E402
from cleaner.ray_io import read_jsonl, read_parquet, write_jsonl, write_parquet  # noqa: E402

from .conftest import ROOT, SAMPLES, SHARED, needs_shared, run_process  # noqa: E402
from .synthetic_dedup import corpus  # noqa: E402
from .test_inputs import SKIPPED, warc  # noqa: E402

DEV = SHARED / "data" / "dev"


@pytest.fixture(scope="module", autouse=True)
def local_ray(tmp_path_factory):
    auth = os.environ.get("RAY_AUTH_MODE")
    os.environ["RAY_AUTH_MODE"] = "disabled"  # no token file in ~/.ray for a local test Ray
    try:
        with session(num_cpus=2, temp_dir=str(tmp_path_factory.mktemp("ray")), object_store_memory=256 * 2**20):
            yield
    finally:
        os.environ.pop("RAY_AUTH_MODE") if auth is None else os.environ.update(RAY_AUTH_MODE=auth)
    assert not ray.is_initialized()


def _both(items: list[dict], **options) -> tuple[list[str], list[str]]:
    """Each item's JSON Lines record from the local executor and from Ray (in order)."""
    local = [jsonl_line(doc.to_record()) for doc in clean_many(items, **options)]
    rows = [{"order": i, **item} for i, item in enumerate(items)]
    out = clean_dataset(ray.data.from_items(rows, override_num_blocks=4), **options).take_all()
    assert [row["order"] for row in out] == list(range(len(items)))
    return local, [jsonl_line(document_from_row(row).to_record()) for row in out]


def _pages(suffix: str, count: int, copies: int) -> list[dict]:
    paths = sorted(DEV.glob(f"*{suffix}"))[:count]
    key = "html" if suffix == ".html" else "text"
    return [{"id": f"{copy}/{p.name}", key: p.read_text(encoding="utf-8")} for copy in range(copies) for p in paths]


@needs_shared
def test_samples_and_dev_text_pages_twice_give_the_local_records():
    items = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(SAMPLES.glob("*.txt"))]
    items += _pages(".page.txt", 16, 2)
    local, remote = _both(items)
    assert remote == local
    assert sum('"dropped": "duplicate"' in line for line in remote) >= 16  # the second copies are whole-article duplicates


@needs_shared
def test_dev_html_pages_twice_give_the_local_records_also_in_mark_mode():
    items = _pages(".html", 8, 2)
    local, remote = _both(items, dedup="mark")
    assert remote == local
    assert sum(json.loads(line)["duplicate_of"] != "" for line in remote) == 8


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_synthetic_near_duplicates_inside_and_across_documents_agree(seed):
    items = corpus(seed, n_docs=200)  # with 60 documents, comparing candidates that share one band regardless of length went unseen
    local, remote = _both(items)
    assert remote == local
    removed = [d for line in remote for d in json.loads(line)["duplicates"]]
    assert len(removed) > 200 and any(d["similarity"] < 1 for d in removed)


@needs_shared
def test_user_rules_with_a_scope_and_favor_reach_the_workers(tmp_path):
    """--rules (scoped to some ids) and --favor give the local records on Ray too, and the rule fires there."""
    rules = tmp_path / "site.toml"
    rules.write_text('[[line]]\nreason = "share_bar"\nscope = "blog-*"\npatterns = [\'zapisz na pintere[sś]cie\']\n',
                     encoding="utf-8")
    blog = {"id": "blog-pl", "text": (ROOT / "examples" / "blog-pl.txt").read_text(encoding="utf-8")}
    items = [blog, *_pages(".page.txt", 4, 2), *_pages(".html", 2, 1)]
    for favor in ("precision", "recall"):
        local, remote = _both(items, rules=(str(rules),), favor=favor)
        assert remote == local
        assert any(r.get("rule", "").endswith("site.toml:1") for r in json.loads(remote[0])["removed"])


@needs_shared
def test_the_time_limit_fires_in_ray_workers():
    page = (DEV / "wcxb-0004.page.txt").read_text(encoding="utf-8")
    ds = ray.data.from_items([{"order": 0, "id": "slow", "text": page * 20}])
    (row,) = clean_dataset(ds, timeout=0.001).take_all()
    assert (row["error_kind"], row["error"]) == ("timeout", "took longer than the 0.001-second limit")


def _inputs(tmp_path: Path, *, texts: int, pages: int) -> Path:
    """A folder ``in`` of the first *texts* samples and the first *pages* dev HTML pages."""
    src = tmp_path / "in"
    src.mkdir()
    for p in sorted(SAMPLES.glob("*.txt"))[:texts] + sorted(DEV.glob("*.html"))[:pages]:
        (src / p.name).write_bytes(p.read_bytes())
    return src


def _cli(capsys, *args: str) -> tuple[int, str]:
    status = main(["clean", *args])
    return status, capsys.readouterr().err


@needs_shared
def test_cli_gives_the_local_outputs_summary_and_errors(tmp_path, capsys):
    src = _inputs(tmp_path, texts=3, pages=2)
    records = [{"id": "a", "text": (SAMPLES / "000_b0e08e17cefa5128.txt").read_text(encoding="utf-8")}, "not json",
               {"id": "a", "text": "The ministry said on Wednesday that it had found the intruders in its networks."}, {"html": 3}]
    (src / "more.jsonl").write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (src / "empty.txt").write_text("  \n", encoding="utf-8")
    for out, fmt in (("out.jsonl", "jsonl"), ("out.parquet", "parquet"), ("text", "text")):
        local = _cli(capsys, str(src), "-o", str(tmp_path / "local" / out), "--format", fmt, "--keep-dropped")
        remote = _cli(capsys, str(src), "-o", str(tmp_path / "ray" / out), "--format", fmt, "--keep-dropped",
                      "--engine", "ray", "--jobs", "2")
        assert remote == local and local[0] == 1 and "more.jsonl:2: not valid JSON" in local[1]
        assert "1 dropped as duplicate articles" in local[1]  # more.jsonl's first record repeats a sample
    assert (tmp_path / "ray/out.jsonl").read_bytes() == (tmp_path / "local/out.jsonl").read_bytes()
    assert pq.read_table(tmp_path / "ray/out.parquet").equals(pq.read_table(tmp_path / "local/out.parquet"))
    files = sorted(p.relative_to(tmp_path / "local/text") for p in (tmp_path / "local/text").rglob("*.txt"))
    assert len(files) == 6 and Path("more/a~2.txt") in files
    assert files == sorted(p.relative_to(tmp_path / "ray/text") for p in (tmp_path / "ray/text").rglob("*.txt"))
    assert all((tmp_path / "ray/text" / f).read_bytes() == (tmp_path / "local/text" / f).read_bytes() for f in files)


@needs_shared
def test_markdown_output_and_the_markdown_field_are_the_local_ones(tmp_path, capsys):
    src = _inputs(tmp_path, texts=2, pages=3)
    for out, extra in (("md", ["--format", "markdown"]), ("out.jsonl", ["--markdown", "--links"])):
        local = _cli(capsys, str(src), "-o", str(tmp_path / "local" / out), *extra)
        remote = _cli(capsys, str(src), "-o", str(tmp_path / "ray" / out), *extra, "--engine", "ray", "--jobs", "2")
        assert remote == local and local[0] == 0
    files = sorted(p.relative_to(tmp_path / "local/md") for p in (tmp_path / "local/md").rglob("*.md"))
    assert len(files) == 5 and all((tmp_path / "ray/md" / f).read_bytes() == (tmp_path / "local/md" / f).read_bytes() for f in files)
    assert any("\n## " in (tmp_path / "local/md" / f).read_text(encoding="utf-8") for f in files)  # a dev page's sections
    records = [json.loads(line) for line in (tmp_path / "local/out.jsonl").read_text(encoding="utf-8").split("\n") if line]
    assert all(r["markdown"].startswith("# ") == bool(r["title"]) and r["markdown"] for r in records)
    assert (tmp_path / "ray/out.jsonl").read_bytes() == (tmp_path / "local/out.jsonl").read_bytes()


@needs_shared
def test_library_readers_and_writers_through_ray_io(tmp_path):
    items = _pages(".page.txt", 6, 2)
    (tmp_path / "in").mkdir()
    for part in range(2):
        lines = [json.dumps(item) for item in items[part * 6:(part + 1) * 6]]
        (tmp_path / "in" / f"part-{part}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    local = [jsonl_line(doc.to_record()) for doc in clean_many(items)]
    cleaned = clean_dataset(read_jsonl(str(tmp_path / "in"))).materialize()
    write_jsonl(cleaned, str(tmp_path / "out"))
    written = sorted(line for path in (tmp_path / "out").glob("*.jsonl") for line in path.read_text(encoding="utf-8").splitlines(True))
    assert written == sorted(local)
    write_parquet(cleaned.drop_columns(["order"]), str(tmp_path / "pq"))
    again = clean_dataset(read_parquet(str(tmp_path / "pq")), dedup="off").take_all()
    assert sorted(r["id"] for r in again) == sorted(r["id"] for r in map(json.loads, local))


def test_the_readme_ray_example_runs(tmp_path, monkeypatch):
    block = re.search(r"```py\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S).group(1)
    monkeypatch.chdir(tmp_path)
    items = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(SAMPLES.glob("*.txt"))]
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.jsonl").write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    exec(compile(block, "README.md", "exec"), {})
    written = [line for path in (tmp_path / "cleaned").glob("*.jsonl") for line in path.read_text(encoding="utf-8").splitlines(True)]
    assert sorted(written) == sorted(jsonl_line(doc.to_record()) for doc in clean_many(items))


@pytest.mark.parametrize(("flags", "message"), [
    (["-"], "--engine ray cannot read standard input (-) yet: give files or folders"),
    (["--resume", "-o", "out.jsonl"], "--resume is not supported with --engine ray yet"),
    (["--state", "seen.db"], "--state is not supported with --engine ray yet (it is a local SQLite file): run without it, "
                             "or with --engine local"),
])
def test_what_ray_cannot_do_yet_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch, flags, message):
    monkeypatch.chdir(tmp_path)
    status, err = _cli(capsys, str(SAMPLES), *flags, "--engine", "ray")
    assert (status, err) == (2, f"cleaner: error: {message}\n")
    assert not list(tmp_path.iterdir())


def test_a_bad_rules_file_is_refused_before_ray_starts_work(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules.toml").write_text('[[line]]\nreason = "ads"\npatterns = ["x"]\n', encoding="utf-8")
    status, err = _cli(capsys, str(SAMPLES), "--rules", "rules.toml", "--engine", "ray", "-o", "out")
    assert status == 2 and err.startswith("cleaner: error: rules.toml:1: unknown reason 'ads'") and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rules.toml"]


def test_warc_records_skipped_are_counted_by_kind_on_ray_as_locally(tmp_path, capsys):
    """The workers list a WARC file's records; the ones that hold no article (a request, a 404 page ...) come back
    as rows that the driver counts by kind, in the same summary line as the local engine's."""
    (tmp_path / "crawl.warc.gz").write_bytes(warc())
    for fmt in ("jsonl", "text"):
        local = _cli(capsys, str(tmp_path / "crawl.warc.gz"), "-o", str(tmp_path / "local" / fmt), "--format", fmt)
        remote = _cli(capsys, str(tmp_path / "crawl.warc.gz"), "-o", str(tmp_path / "ray" / fmt), "--format", fmt,
                      "--engine", "ray", "--jobs", "2")
        assert remote == local and local[0] == 0 and f"; {SKIPPED}; " in local[1]


def test_a_cli_run_on_ray_prints_no_ray_warnings_unless_debug(tmp_path):
    """A real process (what it prints on its own stderr is the contract), with Ray's defaults: no RAY_AUTH_MODE, so
    a local cluster started with token authentication on, which Ray warns about on every start."""
    (tmp_path / "a.txt").write_bytes((SAMPLES / "000_b0e08e17cefa5128.txt").read_bytes())
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")} | {"HOME": str(tmp_path)}  # its token there
    quiet = run_process("clean", str(tmp_path / "a.txt"), "--engine", "ray", "--jobs", "1", "-o", str(tmp_path / "q"), env=env)
    assert quiet.returncode == 0 and quiet.stderr.decode().splitlines()[0].startswith("cleaner: 1 cleaned;"), quiet.stderr
    assert len(quiet.stderr.decode().splitlines()) == 1
    loud = run_process("clean", str(tmp_path / "a.txt"), "--engine", "ray", "--jobs", "1", "-o", str(tmp_path / "d"),
                       "--debug", env=env)
    assert loud.returncode == 0 and "WARNING" in loud.stderr.decode() and "Token authentication" in loud.stderr.decode()
