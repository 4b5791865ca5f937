"""langdetect's n-gram table built once per machine, read row by row: detection without loading every profile.

langdetect's own factory reads all its profiles (55 JSON files, 2.3 MB) and turns them into one table,
an n-gram's probability in each language, before the first detection: about half a second in every
process, though a text of a few hundred characters reads a few hundred of its 88,000 rows.

So that table, as langdetect's own factory builds it, is written once to an SQLite file in the cache
directory (beside the compiled line model, :func:`cleaner.boilerplate.compiled.cache_dir`), and a
process reads only the rows of the n-grams its texts hold. The numbers are stored as their bytes and
the languages in the factory's order, so every detection is the one langdetect's table gives
(``tests/test_langprofiles.py`` compares every row). The file's name holds a key of langdetect's
version and files, the table's format, the Python build and the byte order: a new langdetect gets a
new file, never a stale one. Where the file cannot be written, langdetect's own factory is used.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import threading
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .errors import time_limit_paused
from .installed import dist_version

FORMAT = 1  # what a table file holds; a change of layout changes it
_MEMO_ROWS = 200_000  # rows (and misses) remembered per process; cleared when full
Row = list  # one n-gram's probability in each language, in the factory's order


def profile_key() -> str:
    """What the table is made from: langdetect's version, its factory's code and every profile file (name,
    size, time), in the order langdetect lists them (a language's place in the table is its place there)."""
    from langdetect import detector_factory

    folder = detector_factory.PROFILES_DIRECTORY
    parts = [f"format {FORMAT}", sys.version, sys.byteorder, dist_version("langdetect", detector_factory.__file__), folder]
    for path in [detector_factory.__file__, *(os.path.join(folder, name) for name in os.listdir(folder))]:
        stat = os.stat(path)
        parts.append(f"{os.path.basename(path)} {stat.st_size} {stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def table_path(folder: Path) -> Path:
    """The table file in *folder* for the installed langdetect (whether or not it exists yet)."""
    return folder / f"langdetect-{profile_key()}.sqlite"


class LazyRows:
    """The ``word_lang_prob_map`` a langdetect Detector reads (``in`` and ``[]`` only), each row fetched once."""

    def __init__(self, fetch: Callable[[str], Row | None]) -> None:
        self._fetch = fetch
        self._rows: dict[str, Row | None] = {}

    def _row(self, word: str) -> Row | None:
        try:
            return self._rows[word]
        except KeyError:
            if len(self._rows) >= _MEMO_ROWS:
                self._rows.clear()
            row = self._rows[word] = self._fetch(word)
            return row

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._row(word) is not None

    def __getitem__(self, word: str) -> Row:
        row = self._row(word)
        if row is None:
            raise KeyError(word)
        return row


class TableFile:
    """A table file opened read-only, once per process (a forked worker opens its own)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._pid = -1
        self._db: sqlite3.Connection | None = None
        self.langs, self.size = self._meta()

    def _connection(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():
            self._db = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def _meta(self) -> tuple[list[str], int]:
        with self._lock:
            rows = dict(self._connection().execute("SELECT key, value FROM meta").fetchall())
        if int(rows["format"]) != FORMAT:
            raise ValueError(f"{self.path}: table format {rows['format']}, not {FORMAT}")
        return rows["langs"].split(","), int(rows["size"])

    def row(self, word: str) -> Row | None:
        """The probabilities of *word* in each language, or None when no profile holds it."""
        with self._lock:
            found = self._connection().execute("SELECT places, probs FROM ngram WHERE word = ?", (word,)).fetchone()
        if found is None:
            return None
        row = [0.0] * self.size
        for place, prob in zip(array("H", found[0]), array("d", found[1]), strict=True):
            row[place] = prob
        return row


def write_table(path: Path, langs: list[str], size: int, rows: dict[str, list[float]]) -> None:
    """Write langdetect's table (its ``langlist``, profile count and ``word_lang_prob_map``) to *path*, whole or not at all.

    A row keeps its non-zero places only: every other place of a row is langdetect's ``0.0``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    part.unlink(missing_ok=True)
    try:
        db = sqlite3.connect(part)
        try:
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute("CREATE TABLE ngram (word TEXT PRIMARY KEY, places BLOB, probs BLOB) WITHOUT ROWID")
            db.executemany("INSERT INTO meta VALUES (?, ?)",
                           [("format", str(FORMAT)), ("langs", ",".join(langs)), ("size", str(size))])
            db.executemany("INSERT INTO ngram VALUES (?, ?, ?)", (
                (word, array("H", [i for i, p in enumerate(row) if p != 0.0]).tobytes(),
                 array("d", [p for p in row if p != 0.0]).tobytes()) for word, row in rows.items()))
            db.commit()
        finally:
            db.close()
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


def langdetect_factory() -> Any:
    """langdetect's own factory, every profile loaded (what :func:`lazy_factory` stands in for)."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    return factory


def lazy_factory(folder: Path) -> Any:
    """A langdetect factory whose table is read from the table file in *folder*, written there first if missing."""
    from langdetect.detector_factory import DetectorFactory

    path = table_path(folder)
    if not path.exists():
        full = langdetect_factory()
        size = len(next(iter(full.word_lang_prob_map.values())))
        with time_limit_paused():  # once per machine: no document's time limit pays for it
            write_table(path, full.langlist, size, full.word_lang_prob_map)
    table = TableFile(path)
    factory = DetectorFactory()
    factory.langlist = table.langs
    factory.word_lang_prob_map = LazyRows(table.row)
    return factory


def factory(folder: Path) -> Any:
    """:func:`lazy_factory`, or langdetect's own where the table file cannot be written or read (same detections)."""
    try:
        return lazy_factory(folder)
    except (OSError, sqlite3.Error, ValueError, KeyError) as exc:
        print(f"cleaner: cannot keep langdetect's table in {folder} ({type(exc).__name__}: {exc}); "
              "loading every profile", file=sys.stderr)
        return langdetect_factory()
