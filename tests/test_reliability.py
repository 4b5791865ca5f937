"""Bad input never crashes a batch, loses data or escapes the output folder.

Each kind of bad input the issue lists is made here for real (files, links,
FIFOs, encodings) and run through the real command; only a full disk, an
unreadable file as root and a pathologically slow document are simulated.
"""

from __future__ import annotations

import dataclasses
import errno
import gzip
import hashlib
import io
import json
import os
import signal
import sys
import zipfile
from pathlib import Path

import pytest

from cleaner import api, cli
from cleaner.pipeline import Stage

from .conftest import ARTICLE, HTML, lines_of, problems, run


def snapshot(folder: Path) -> dict[str, str]:
    """Every regular file below *folder* with a hash of its bytes (links not followed)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.bin", os.urandom(4000))
    return buffer.getvalue()


def test_bad_files_in_a_folder_each_get_one_line_and_the_batch_goes_on(tmp_path):
    src = tmp_path / "in"
    (src / "folder.txt").mkdir(parents=True)  # a directory named like a file is walked
    (src / "folder.txt" / "inner.html").write_text(HTML)
    (src / "good.txt").write_text(ARTICLE)
    (src / "empty.txt").write_bytes(b"")
    (src / "blank.html").write_bytes(b" \n\r\n\t ")
    (src / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(3000))
    (src / "archive.txt").write_bytes(zip_bytes())
    (src / "page.html").write_bytes(gzip.compress(HTML.encode() * 20))
    (src / "broken.txt").symlink_to(tmp_path / "nowhere")
    (src / "loop.txt").symlink_to("loop.txt")
    (src / "folder.txt" / "up").symlink_to("..")  # a folder loop: walked once
    os.mkfifo(src / "pipe.txt")  # never read (it would block)
    before = snapshot(src)
    res = run("clean", str(src), "-o", str(tmp_path / "out"), "--no-dedup")
    assert res.returncode == 1
    assert problems(res) == {
        f"{src}/archive.txt": "binary data, not text",
        f"{src}/blank.html": "empty input",
        f"{src}/broken.txt": "broken symbolic link",
        f"{src}/empty.txt": "empty input",
        f"{src}/image.txt": "binary data, not text",
        f"{src}/loop.txt": "symbolic link loop",
        f"{src}/page.html": "binary data, not text",
        f"{src}/pipe.txt": "not a regular file",
    }
    assert lines_of(res)[-1].startswith("cleaner: 2 cleaned; 8 failed")
    assert sorted(snapshot(tmp_path / "out")) == ["folder.txt/inner.txt", "good.txt"]
    assert snapshot(src) == before


def variants() -> dict[str, tuple[str, bytes]]:
    """name: (the text as clean UTF-8 with LF, the same text as the bad bytes)."""
    latin = ARTICLE.replace("’", "'").replace("“", '"').replace("”", '"').replace("—", "-").replace("–", "-")
    latin = "".join(c for c in latin if ord(c) < 256) + "\nThe café in Plzeň's centre stayed open, said Müller.\n"
    latin1 = latin.replace("ň", "n")
    return {
        "cp1252": (ARTICLE, ARTICLE.encode("cp1252", "ignore")),
        "latin-1": (latin1, latin1.encode("latin-1")),
        "utf-8 with BOM": (ARTICLE, ARTICLE.encode("utf-8-sig")),
        "utf-16 with BOM": (ARTICLE, ARTICLE.encode("utf-16")),
        "utf-16-be with BOM": (ARTICLE, b"\xfe\xff" + ARTICLE.encode("utf-16-be")),
        "utf-32 with BOM": (ARTICLE, ARTICLE.encode("utf-32")),
        "utf-16 without BOM": (ARTICLE, ARTICLE.encode("utf-16-le")),
        "CRLF": (ARTICLE, ARTICLE.replace("\n", "\r\n").encode()),
        "CR": (ARTICLE, ARTICLE.replace("\n", "\r").encode()),
        "NUL bytes": (ARTICLE, ARTICLE[:5000].encode() + b"\x00" + ARTICLE[5000:].encode() + b"\x00"),
    }


@pytest.mark.parametrize("name", list(variants()))
def test_encodings_bom_nul_and_line_ends_give_the_same_output_as_clean_utf8(tmp_path, name):
    text, data = variants()[name]
    if name == "cp1252":
        text = data.decode("cp1252")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bad.txt").write_bytes(data)
    (tmp_path / "in" / "good.txt").write_text(text, encoding="utf-8")
    res = run("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-dedup")
    assert res.returncode == 0, res.stderr
    out = tmp_path / "out"
    assert (out / "bad.txt").read_bytes() == (out / "good.txt").read_bytes()
    assert "\r" not in (out / "bad.txt").read_text() and "\x00" not in (out / "bad.txt").read_text()


def test_size_limits_are_clear_and_the_batch_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    with open(src / "huge.txt", "wb") as handle:  # sparse: 25 MB on paper, refused unread
        handle.truncate(25_000_000)
    (src / "line.txt").write_text("The ministry said the intruders had stayed for years. " * 60_000)  # 3.3 MB, one line
    (src / "small.html").write_text(HTML)
    res = run("clean", str(src), "-o", str(tmp_path / "out"), "--no-dedup", "--timeout", "120")
    assert problems(res)[f"{src}/huge.txt"] == "file is 25,000,000 bytes, over the 20,000,000-byte limit (--max-bytes)"
    assert f"{src}/line.txt" not in problems(res), res.stderr  # big but allowed: cleaned
    assert (tmp_path / "out" / "small.txt").exists() and (tmp_path / "out" / "line.txt").exists()
    res = run("clean", str(src), "-o", str(tmp_path / "out2"), "--no-dedup", "--max-bytes", "100000")
    assert problems(res)[f"{src}/line.txt"].endswith("over the 100,000-byte limit (--max-bytes)")
    assert res.returncode == 1 and (tmp_path / "out2" / "small.txt").exists()


def test_deep_and_malformed_html_do_not_crash(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    deep = 60_000
    (src / "deep.html").write_text("<html><body>" + "<div>" * deep + "<p>The ministry said on Wednesday that it had "
                                   "found the intruders.</p>" + "</div>" * deep + "</body></html>")
    (src / "broken.html").write_text("<html><body><p>Unclosed <b><i>tags <div></span></p></table><p>The ministry "
                                     "said on Wednesday that it had found the intruders inside its network and that "
                                     "they had been there since 2022.<")
    (src / "junk.html").write_text("<html>" + "<" * 10_000 + "&#xffffffff; &#0; <![CDATA[" + "]]>" * 100)
    res = run("clean", str(src), "-o", str(tmp_path / "out"), "--no-dedup")
    assert res.returncode in (0, 1)
    assert set(problems(res)) <= {f"{src}/deep.html", f"{src}/junk.html"}
    assert "intruders inside its network" in (tmp_path / "out" / "broken.txt").read_text()


def test_odd_file_names_keep_their_names(tmp_path):
    src = tmp_path / "in"
    (src / "sub dir").mkdir(parents=True)
    names = ["a b.html", "čeština – ünïcode.html", "sub dir/日本語.html", "x.tar.html"]
    for name in names:
        (src / name).write_text(HTML)
    raw_name = os.fsencode(src) + b"/bad\xff name.html"  # not valid UTF-8
    with open(raw_name, "w") as handle:
        handle.write(HTML)
    res = run("clean", str(src), "-o", str(tmp_path / "out"), "--no-dedup")
    assert res.returncode == 0, res.stderr
    written = {os.fsencode(p.relative_to(tmp_path / "out")) for p in (tmp_path / "out").rglob("*.txt")}
    assert written == {n.replace(".html", ".txt").encode() for n in names} | {b"bad\xff name.txt"}
    res = run("clean", str(src), "--format", "jsonl", "--no-dedup")
    ids = sorted(json.loads(line)["id"] for line in res.stdout.decode("utf-8").split("\n") if line)
    assert "bad\\xff name" in ids


def test_missing_and_unreadable_paths(tmp_path, monkeypatch, capsys):
    good = tmp_path / "good.html"
    good.write_text(HTML)
    locked = tmp_path / "locked.html"
    locked.write_text(HTML)
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the read itself fail, as it would for a user
        real_open = open

        def deny(file, *args, **kwargs):
            if str(file) == str(locked):
                raise PermissionError(errno.EACCES, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr("builtins.open", deny)
    code = cli.main(["clean", str(tmp_path / "missing.txt"), str(locked), str(good), "--no-dedup"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.split("\n")[:2] == [f"cleaner: {tmp_path}/missing.txt: no such file or directory",
                                            f"cleaner: {locked}: permission denied"]
    assert "Ministry finds intruders" in captured.out


def test_jsonl_bad_records_are_named_by_line_and_ids_cannot_escape(tmp_path):
    src = tmp_path / "in.jsonl"
    rows = ['{"id": "a", "text": "The ministry said the intruders had been inside its network since 2022."}',
            "{not json", "", '["a list"]', '{"id": "b"}', '{"id": "c", "text": 42}', '{"id": "d", "text": ["x"]}',
            '{"id": "a", "text": "The ministry repeated that the intruders had been inside since 2022."}',
            '{"id": "../../escape", "text": "The ministry said the intruders had been inside since 2022."}',
            '{"id": "/etc/cron.d/x", "text": "The ministry said the intruders had been inside since 2022."}',
            '{"id": true, "text": "The ministry said the intruders had been inside its network since 2022."}',
            '{"text": "The ministry said the intruders\\u0000 had been \\ud800inside its network since 2022."}',
            "[" * 100_000 + "]" * 100_000]
    src.write_text("\r\n".join(rows) + "\n", encoding="utf-8")
    res = run("clean", str(src), "-o", str(tmp_path / "out"), "--format", "text", "--no-dedup")
    assert res.returncode == 1
    assert problems(res) == {f"{src}:2": "not valid JSON (Expecting property name enclosed in double quotes)",
                             f"{src}:4": "a JSON Lines record must be an object",
                             f"{src}:5": "record has no string 'text' or 'html' field",
                             f"{src}:6": "record has no string 'text' or 'html' field",
                             f"{src}:7": "record has no string 'text' or 'html' field",
                             f"{src}:13": "not valid JSON (nested too deeply)"}
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.txt"))
    assert written == ["out/in/a.txt", "out/in/a~2.txt", "out/in/escape.txt", "out/in/etc/cron.d/x.txt",
                       "out/in/in_11.txt", "out/in/in_12.txt"]
    assert "\x00" not in (tmp_path / "out/in/in_12.txt").read_text(encoding="utf-8")
    res = run("clean", str(src), "--no-dedup")  # JSON Lines out: every line valid UTF-8 JSON
    assert [json.loads(line)["id"] for line in res.stdout.decode("utf-8").split("\n") if line] == \
        ["a", "a", "../../escape", "/etc/cron.d/x", "in:11", "in:12"]


def test_binary_garbage_on_stdin():
    res = run("clean", "-", stdin=b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 20)
    assert res.returncode == 1 and lines_of(res)[0] == "cleaner: <stdin>: binary data, not text"
    assert res.stdout == b""


@pytest.mark.parametrize("fmt", ["text", "jsonl"])
def test_output_inside_the_input_tree_is_never_read_back(tmp_path, fmt):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.html").write_text(HTML)
    before = snapshot(src)
    out = src / ("out" if fmt == "text" else "all.jsonl")
    results = []
    for _ in range(2):
        res = run("clean", str(src), "-o", str(out), "--format", fmt, "--no-dedup")
        assert res.returncode == 0, res.stderr
        assert "1 cleaned; 0 failed" in res.stderr.decode()
        results.append(snapshot(src))
    assert results[0] == results[1]
    assert set(results[0]) == {"a.html", "out/a.txt" if fmt == "text" else "all.jsonl"}
    assert results[0]["a.html"] == before["a.html"]


def test_an_output_equal_to_an_input_is_refused(tmp_path):
    (tmp_path / "a.html").write_text(HTML)
    (tmp_path / "b.txt").write_text(ARTICLE)
    (tmp_path / "c.jsonl").write_text('{"text": "The ministry said the intruders had been inside since 2022."}\n')
    before = snapshot(tmp_path)
    assert run("clean", str(tmp_path), "-o", str(tmp_path)).returncode == 2
    assert run("clean", str(tmp_path / "c.jsonl"), "-o", str(tmp_path / "c.jsonl")).returncode == 2
    res = run("clean", str(tmp_path / "b.txt"), str(tmp_path / "a.html"), "-o", str(tmp_path), "--no-dedup")
    assert res.returncode == 1
    assert problems(res) == {str(tmp_path / "b.txt"): f"its output {tmp_path}/b.txt would replace an input; not cleaned"}
    assert (tmp_path / "a.txt").exists()
    assert {k: v for k, v in snapshot(tmp_path).items() if k != "a.txt"} == before


def test_nothing_is_written_through_a_symlink_out_of_the_output_folder(tmp_path):
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "sub" / "a.html").write_text(HTML)
    (tmp_path / "in" / "b.html").write_text(HTML)
    (tmp_path / "out").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "out" / "sub").symlink_to(tmp_path / "elsewhere")
    res = run("clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--no-dedup")
    assert res.returncode == 1
    assert "outside the output folder" in problems(res)[f"{tmp_path}/in/sub/a.html"]
    assert list((tmp_path / "elsewhere").iterdir()) == [] and (tmp_path / "out" / "b.txt").exists()


def full_disk(monkeypatch, after: int = 0) -> None:
    """Make the (after+1)th and later fsyncs fail as on a full disk (data is only sure to be on disk at fsync)."""
    calls = {"n": 0}
    real = os.fsync

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.parametrize("fmt", ["text", "jsonl"])
def test_a_full_disk_stops_the_batch_with_one_line_and_leaves_no_partial_file(tmp_path, monkeypatch, capsys, fmt):
    src = tmp_path / "in"
    src.mkdir()
    for name in "abc":
        (src / f"{name}.html").write_text(HTML.replace("Ministry", f"Ministry {name}"))
    out = tmp_path / ("out" if fmt == "text" else "out.jsonl")
    full_disk(monkeypatch, after=1 if fmt == "text" else 0)
    code = cli.main(["clean", str(src), "-o", str(out), "--format", fmt, "--no-dedup"])
    err = capsys.readouterr().err.strip().split("\n")
    assert code == 1
    target = out / "b.txt" if fmt == "text" else out
    assert err[0] == f"cleaner: cannot write {target} (No space left on device); stopping"
    left = sorted(p.name for p in tmp_path.rglob("*") if p.is_file() and src not in p.parents)
    assert left == (["a.txt"] if fmt == "text" else [])  # complete files only, no .part


@pytest.mark.slow  # the process's own stdout is /dev/full
def test_stdout_on_a_full_disk(tmp_path):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    (tmp_path / "a.html").write_text(HTML)
    with open("/dev/full", "wb") as full:
        import subprocess

        res = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(tmp_path / "a.html")], stdout=full,
                             stderr=subprocess.PIPE, timeout=120)
    assert res.returncode == 1
    assert res.stderr.decode().split("\n")[0] == \
        "cleaner: cannot write standard output (No space left on device); stopping"


def test_a_write_error_on_one_file_is_named_and_the_batch_goes_on(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.html").write_text(HTML)
    (src / "b.html").write_text(HTML)
    (tmp_path / "out" / "a.txt").mkdir(parents=True)  # a folder where the output file should go
    res = run("clean", str(src), "-o", str(tmp_path / "out"), "--no-dedup")
    assert res.returncode == 1
    assert problems(res)[f"{src}/a.html"].startswith(f"cannot write {tmp_path}/out/a.txt (")
    assert (tmp_path / "out" / "b.txt").is_file()


def with_stage(monkeypatch, stage: Stage, *, replace: str | None = None) -> None:
    """The CLI's pipeline with *stage* added first (or in place of the stage named *replace*): the pipeline seam."""
    real = api.default_pipeline

    def built(options=None, **kwargs):
        pipe = real(options, **kwargs)
        stages = [stage if s.name == replace else s for s in pipe.stages] if replace else [stage, *pipe.stages]
        return dataclasses.replace(pipe, stages=tuple(stages))

    monkeypatch.setattr(api, "default_pipeline", built)


def _stall(doc):
    """Documents that mention SLOW never get through this stage."""
    while "SLOW" in doc.raw:
        pass
    return doc


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_timeout_skips_a_stuck_document_and_clears_the_alarm(tmp_path, monkeypatch, capsys, jobs):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.html").write_text(HTML)
    (src / "b.html").write_text(HTML.replace("long investigation", "SLOW investigation"))
    (src / "c.html").write_text(HTML)
    with_stage(monkeypatch, Stage("stall", _stall))
    handler = signal.getsignal(signal.SIGALRM)
    code = cli.main(["clean", str(src), "-o", str(tmp_path / "out"), "--no-dedup", "--timeout", "0.5", "--jobs", jobs])
    err = capsys.readouterr().err.strip().split("\n")
    assert code == 1
    assert err[0] == f"cleaner: {src}/b.html: took longer than the 0.5-second limit (--timeout)"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt", "c.txt"]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and signal.getsignal(signal.SIGALRM) == handler


@pytest.mark.parametrize("args", [["--max-bytes", "0"], ["--max-bytes", "lots"], ["--timeout", "-1"],
                                  ["--timeout", "soon"]])
def test_bad_limits_are_usage_errors(args):
    res = run("clean", "x.txt", *args)
    assert res.returncode == 2 and len(lines_of(res)) == 1


def test_an_unexpected_error_is_one_line_and_debug_shows_the_traceback(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.html").write_text(HTML)
    (tmp_path / "b.html").write_text(HTML)

    def broken(doc):
        if doc.id == "a":
            raise ValueError("boom")
        return doc

    with_stage(monkeypatch, Stage("language", broken), replace="language")
    assert cli.main(["clean", str(tmp_path), "-o", str(tmp_path / "out"), "--no-dedup"]) == 1
    err = capsys.readouterr().err.split("\n")
    assert err[0] == f"cleaner: {tmp_path}/a.html: internal error (ValueError: boom); please report it"
    assert (tmp_path / "out" / "b.txt").exists()
    with pytest.raises(ValueError, match="boom"):
        cli.main(["clean", str(tmp_path), "-o", str(tmp_path / "out2"), "--no-dedup", "--debug"])
    assert "CLEANER_DEBUG" not in os.environ
