"""The progress bar: on a terminal (a real pseudo-terminal here) a bar with docs/s and time left; else only the summary."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from .conftest import SAMPLES, run


def run_on_a_terminal(*args: str, columns: int = 100) -> tuple[int, str]:
    """``cleaner ARGS`` with stderr a pseudo-terminal *columns* wide: exit status and everything it showed there."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "cleaner", *args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=follower)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # the child closed its end
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return proc.wait(timeout=300), shown.decode("utf-8")


def _inputs(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for sample in sorted(SAMPLES.glob("*.txt")):
        (src / sample.name).write_bytes(sample.read_bytes())
    (src / "999_empty.txt").write_bytes(b"")
    return src


@pytest.mark.slow  # a pseudo-terminal for a child process's stderr
def test_a_terminal_shows_a_bar_with_rate_and_time_left_and_failures_above_it(tmp_path):
    code, shown = run_on_a_terminal("clean", str(_inputs(tmp_path)), "-o", str(tmp_path / "out"), "--no-dedup")
    assert code == 1
    screens = [part for line in shown.split("\r\n") for part in line.split("\r") if part.strip()]
    bars = [s for s in screens if s.startswith("cleaner: ") and "|" in s]
    assert bars and re.search(r"100%\|█+\| 6/6 \[\d\d:\d\d<00:00, +[\d.]+doc/s\]", bars[-1]), bars
    assert re.search(r"\d+/6 \[\d\d:\d\d<(?:\?|\d\d:\d\d)", bars[0])  # the time left, once the rate is known
    assert f"cleaner: {tmp_path}/in/999_empty.txt: empty input" in screens  # a whole line of its own, the bar redrawn after
    assert shown.rstrip().split("\r\n")[-1].startswith("cleaner: 5 cleaned; 1 failed")


def test_without_a_terminal_only_the_failures_and_the_summary(tmp_path):
    res = run("clean", str(_inputs(tmp_path)), "-o", str(tmp_path / "out"), "--no-dedup")
    lines = res.stderr.decode().split("\n")
    assert lines[0] == f"cleaner: {tmp_path}/in/999_empty.txt: empty input"
    assert lines[1].startswith("cleaner: 5 cleaned; 1 failed") and lines[2:] == [""]


@pytest.mark.slow  # a pseudo-terminal for a child process's stderr
def test_one_document_on_a_terminal_shows_no_bar(tmp_path):
    code, shown = run_on_a_terminal("clean", str(SAMPLES / "000_b0e08e17cefa5128.txt"), "-o", str(tmp_path / "out"))
    assert code == 0 and "%|" not in shown and shown.startswith("cleaner: 1 cleaned; 0 failed")
