"""Regular expressions compiled once per machine: the phrase rules' work kept in the cache folder.

The rule engine compiles about a thousand expressions before it can judge a line: the phrase
table's patterns, the first-character tests and readings of :mod:`cleaner.boilerplate.linematch`,
and for each first character of a line an alternation of the patterns that can start with it.
Python's ``re`` parses and compiles each in Python code, some tenths of a second in every
process; what it hands its C engine at the end (``_sre.compile``: flags, a list of opcodes,
the groups) is plain data. :func:`compile` keeps that data in a :class:`DiskMemo` file in the
cache folder (:func:`cleaner.boilerplate.compiled.cache_dir`) and builds the pattern from it in
microseconds: the same opcodes, so the same pattern (``Pattern ==`` compares them,
``tests/test_regexcache.py`` checks every rule's).

A memo file's name holds a key of what its values depend on (the Python build and ``_sre``'s
version for opcodes; the caller's own source for what it computes), so a new Python or a changed
reading never finds a stale file. The values are keyed by their whole input (a pattern and its
flags), so a changed rules file only adds entries. New entries are written when the process ends,
whole or not at all; a file past :data:`MAX_ENTRIES` keeps only what the last process used. A memo's
file is the one in the cache folder at its first use (the command configures the folder before that). Where
``_sre``'s data is not at hand, or the folder cannot be written, ``re.compile`` does it all as before.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import re
import sys
import threading
from array import array
from collections.abc import Callable, Hashable
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import Any

try:  # re's parser and code generator, and its C engine: private modules of CPython 3.11+
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python
    _sre = None
_CODE = next((code for code in "IL" if _sre is not None and array(code).itemsize == _sre.CODESIZE), None)  # an opcode

FORMAT = 1
MAX_ENTRIES = 5_000  # values a memo file keeps before it is cut back to one process's use
_MARSHAL = 4  # marshal's format, fixed so that a Python build reads what it wrote


def source_key(*files: str | Path) -> str:
    """A key of the Python build and of *files*' bytes (a module's own ``__file__``: its code)."""
    digest = hashlib.sha256(f"{FORMAT}\n{sys.version}\n{getattr(_sre, 'MAGIC', '')}".encode())
    for path in files:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]


class DiskMemo:
    """Values computed from a key, kept in one marshal file per *name* and *key* in the cache folder.

    Values must be what ``marshal`` writes (numbers, strings, tuples, lists, dicts, None). The file is
    read at the first :meth:`get`; what this process added is written at exit.
    """

    def __init__(self, name: str, key: Callable[[], str]) -> None:
        self.name, self._key = name, key
        self._lock = threading.Lock()
        self._path: Path | None = None
        self._values: dict[Hashable, Any] | None = None
        self._used: set[Hashable] = set()
        self._added = 0

    def _load(self) -> dict[Hashable, Any]:
        from .boilerplate.compiled import cache_dir

        values: dict[Hashable, Any] = {}
        try:
            self._path = cache_dir() / f"{self.name}-{self._key()}.marshal"
            with open(self._path, "rb") as handle:
                found = marshal.load(handle)
            if isinstance(found, dict):
                values = found
        except (OSError, ValueError, EOFError, TypeError, RuntimeError):  # no file yet, or not one of ours
            pass
        atexit.register(self.save)
        return values

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """The value of *key*: from the file, else ``make()`` (kept for the file)."""
        with self._lock:
            if self._values is None:
                self._values = self._load()
            values = self._values
        try:
            value = values[key]
        except KeyError:
            value = values[key] = make()
            self._added += 1
        self._used.add(key)
        return value

    def save(self) -> None:
        """Write the file if this process added to it (a temporary file renamed into place)."""
        if not self._added or self._values is None or self._path is None:
            return
        values = self._values
        if len(values) > MAX_ENTRIES:
            values = {key: values[key] for key in self._used if key in values}
        part = self._path.with_name(f".{self._path.name}.{os.getpid()}.part")
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            part.write_bytes(marshal.dumps(values, _MARSHAL))
            os.replace(part, self._path)
            self._added = 0
        except (OSError, ValueError):  # a cache that cannot be written costs time only
            with suppress(OSError):
                part.unlink(missing_ok=True)


def _opcodes(pattern: str, flags: int) -> tuple:
    """What ``re`` hands ``_sre.compile`` for *pattern* (as ``re._compiler.compile`` makes it)."""
    tree = _parser.parse(pattern, flags)
    groupindex = dict(tree.state.groupdict)
    indexgroup: list[str | None] = [None] * tree.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    code = array(_CODE, _compiler._code(tree, flags)).tobytes()  # bytes: marshal reads them ten times faster than ints
    return int(flags | tree.state.flags), code, tree.state.groups - 1, groupindex, tuple(indexgroup)


# keyed by a digest of the pattern (an alternation's text is tens of kilobytes) and the flags; the layout of the
# values is this code's, so the file's key holds it
_OPCODES = DiskMemo("regex", lambda: source_key(__file__))
_PROBE = r"^(?:(?i:a[b-d]\w+)(?P<tail>x|yz)*?\s(?=.{0,9}$)|[^\W\d]{2,}\b(?:ß|İ)?)$"  # groups, flags, classes, repeats


@lru_cache(maxsize=1)
def _opcodes_are_res() -> bool:
    """Whether :func:`_opcodes` makes what ``re.compile`` does here (checked once per process on a probe)."""
    try:
        return _sre.compile(_PROBE, *_decoded(_opcodes(_PROBE, re.U))) == re.compile(_PROBE, re.U)
    except Exception:  # noqa: BLE001 - any surprise from re's internals: compile as re does
        return False


def _decoded(opcodes: tuple) -> tuple:
    final, code, groups, groupindex, indexgroup = opcodes
    return final, array(_CODE, code).tolist(), groups, groupindex, indexgroup


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - re's name, re's signature
    """``re.compile(pattern, flags)``, from opcodes kept on disk where they are (same pattern, same matches)."""
    flags = int(flags)
    if _sre is None or _CODE is None or flags & re.DEBUG or not _opcodes_are_res():
        return re.compile(pattern, flags)
    key = hashlib.blake2b(pattern.encode("utf-8", "surrogatepass"), digest_size=16).digest(), flags
    return _sre.compile(pattern, *_decoded(_OPCODES.get(key, lambda: _opcodes(pattern, flags))))
