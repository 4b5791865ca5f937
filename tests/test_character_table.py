"""The line features' character table (every code point of the Basic Multilingual Plane and its classes), built
once per machine and kept in the cache folder, agrees with Python's own character tests on every code point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np

from cleaner.boilerplate.linefeatures import BASE, line_features

ROOT = Path(__file__).resolve().parent.parent
_SCRIPT = """
import sys
from pathlib import Path
from cleaner.boilerplate import compiled
compiled.configure(compiled.Settings(cache_dir=Path(sys.argv[1]), use_compiled=False))
from cleaner.boilerplate.linefeatures import line_features
print(line_features(["Ein Satz, 政府 und ภาษาไทย 42."], rule=[False], heading=[False]).tobytes().hex())
"""


def test_letters_digits_and_capitals_of_every_plane_character() -> None:
    lines = ["".join(map(chr, range(start, start + 256))) for start in range(0, 0x10000, 256)]
    rows = line_features(lines, rule=[False] * len(lines), heading=[False] * len(lines))
    for name, count in (("letters", str.isalpha), ("digits", str.isdigit)):
        expected = [sum(map(count, line)) / len(line) for line in lines]
        assert np.allclose(rows[:, BASE.index(name)], expected, atol=1e-6), name
    cased = [max(sum(c.isupper() or c.islower() for c in line), 1) for line in lines]
    upper = [sum(map(str.isupper, line)) / n for line, n in zip(lines, cased, strict=True)]
    assert np.allclose(rows[:, BASE.index("upper")], upper, atol=1e-6)


def test_a_second_process_reads_the_table_from_the_cache_folder(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", _SCRIPT, str(tmp_path)], capture_output=True, text=True, env=env,
                              timeout=120, check=True)
        return done.stdout

    first = run()
    kept = list(tmp_path.glob("bmpclasses-*.marshal"))
    assert len(kept) == 1
    written = kept[0].stat().st_mtime_ns
    assert run() == first and kept[0].stat().st_mtime_ns == written  # read, not rebuilt: the same features
