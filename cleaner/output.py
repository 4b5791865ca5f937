"""Writing results safely: atomic files, and JSON Lines that split on ``\\n`` only.

Every file is written under a temporary name beside its target (``.NAME.part``)
and renamed into place once complete and flushed to disk, so an interrupted
run leaves the old file or none, never half a file; a ``.part`` left by a
killed run is replaced the next time its target is written.

>>> import tempfile, pathlib
>>> target = pathlib.Path(tempfile.mkdtemp()) / "sub" / "a.txt"
>>> write_atomic(target, "text\\n")
>>> target.read_text()
'text\\n'
"""

from __future__ import annotations

import errno
import json
import os
from collections import Counter
from pathlib import Path
from typing import IO, Any

#: Write errors after which every further write would fail too: the batch stops.
FATAL_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG})


def _part_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.part")


def _open_part(path: Path) -> tuple[Path, IO[str]]:
    """A fresh temporary file beside *path*: never a symlink, never someone else's file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _part_path(path)
    try:
        tmp.unlink()  # a leftover of a killed run (a symlink is removed, not followed)
    except FileNotFoundError:
        pass
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    return tmp, os.fdopen(fd, "w", encoding="utf-8", newline="\n")


def _finish(handle: IO[str], tmp: Path, path: Path) -> None:
    try:
        handle.flush()
        os.fsync(handle.fileno())
    finally:
        handle.close()
    os.replace(tmp, path)


def write_atomic(path: Path, text: str) -> None:
    """Write *text* to a temporary file beside *path*, then rename it into place.

    On any error (a full disk, say) the temporary file is removed and the error raised.
    """
    tmp, handle = _open_part(path)
    try:
        handle.write(text)
        _finish(handle, tmp, path)
    except BaseException:
        if not handle.closed:
            try:
                handle.close()
            except OSError:
                pass
        tmp.unlink(missing_ok=True)
        raise


def jsonl_line(record: dict[str, Any]) -> str:
    """One record as one line; U+2028 and U+0085 stay escaped so the line stays whole."""
    return json.dumps(record, ensure_ascii=False).replace("\u2028", "\\u2028").replace(
        "\u2029", "\\u2029").replace("\u0085", "\\u0085") + "\n"


def read_jsonl_ids(path: Path) -> tuple[str, list[str]]:
    """The text of an existing JSON Lines output and the ``id`` of each record, in order.

    Raises ``ValueError`` when the file is not one this program wrote.
    """
    text = path.read_text(encoding="utf-8")
    if text and not text.endswith("\n"):
        raise ValueError("its last line is incomplete")
    ids = []
    for number, line in enumerate(text.split("\n")[:-1], start=1):
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"line {number} is not valid JSON") from exc
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            raise ValueError(f"line {number} is not a cleaner record")
        ids.append(record["id"])
    return text, ids


class AtomicTextFile:
    """A file written through a temporary name and renamed on :meth:`commit`.

    *start* is written first (e.g. the records an earlier run already wrote).
    """

    def __init__(self, path: Path, start: str = "") -> None:
        self.path = path
        self.tmp, self.handle = _open_part(path)
        if start:
            self.write(start)

    def write(self, text: str) -> None:
        self.handle.write(text)

    def commit(self) -> None:
        _finish(self.handle, self.tmp, self.path)

    def abort(self) -> None:
        if not self.handle.closed:
            try:
                self.handle.close()
            except OSError:
                pass
        self.tmp.unlink(missing_ok=True)


def assign_targets(sources: list, out: Path) -> None:
    """Give every text output a unique name below *out*; one that would replace an input fails instead."""
    inputs = {s.path for s in sources if s.path is not None}
    taken: set[str] = set()
    for source in sources:
        if source.doc.error or not source.rel:
            continue
        rel, k = source.rel, 1
        while rel in taken:  # two inputs with one output name: neither overwrites the other
            k += 1
            rel = f"{source.rel[:-4]}~{k}.txt"
        taken.add(rel)
        source.rel = rel
        try:
            clash = (out / rel).resolve() in inputs
        except (OSError, RuntimeError):
            clash = False
        if clash:
            source.doc.error = f"its output {out / rel} would replace an input; not cleaned"


def lands_inside(folder: Path, target: Path) -> bool:
    """Whether *target* (which may not exist yet) lands inside *folder* (resolved, and existing)
    once symlinks are followed."""
    parent = target.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    real = parent.resolve()
    return real == folder or folder in real.parents


def resume_jsonl(out: Path, sources: list) -> tuple[str, set[int]] | str:
    """The existing records of *out* and the indexes of *sources* they cover, or a usage problem."""
    try:
        text, ids = read_jsonl_ids(out)
    except (OSError, ValueError) as exc:
        return f"cannot --resume from {out}: {exc}"
    left = Counter(ids)
    done = set()
    for i, source in enumerate(sources):
        if not source.doc.error and left[source.doc.id] > 0:
            left[source.doc.id] -= 1
            done.add(i)
    return text, done
