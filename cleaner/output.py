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
import gzip
import io
import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .inputs.sources import Source

#: Write errors after which every further write would fail too: the batch stops.
FATAL_WRITE_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG})


def part_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.part")


def _open_part(path: Path) -> tuple[Path, io.BufferedWriter]:
    """A fresh temporary file beside *path*, open for bytes: never a symlink, never someone else's file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = part_path(path)
    try:
        tmp.unlink()  # a leftover of a killed run (a symlink is removed, not followed)
    except FileNotFoundError:
        pass
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    return tmp, os.fdopen(fd, "wb")


def _text(raw: io.BufferedWriter | gzip.GzipFile) -> io.TextIOWrapper:
    return io.TextIOWrapper(raw, encoding="utf-8", newline="\n")


def _finish(handle: io.TextIOWrapper, tmp: Path, path: Path, raw: io.BufferedWriter | None = None) -> None:
    """Flush *handle* (and close the gzip stream under it), sync the file *raw* to disk, rename it into place."""
    try:
        handle.flush()
        if raw is not None:
            handle.detach().close()  # the gzip stream: its trailer written, the file under it left open
        raw = raw or handle
        raw.flush()
        os.fsync(raw.fileno())
    finally:
        (raw or handle).close()
    os.replace(tmp, path)


def is_gzip_name(path: Path | str) -> bool:
    """Whether an output named *path* is written gzip-compressed (``.gz``)."""
    return str(path).lower().endswith(".gz")


def open_records(path: Path) -> IO[bytes]:
    """An existing JSON Lines output for reading its bytes, decompressed when its name ends ``.gz``."""
    return gzip.open(path, "rb") if is_gzip_name(path) else open(path, "rb")


def write_atomic(path: Path, text: str) -> None:
    """Write *text* to a temporary file beside *path*, then rename it into place.

    On any error (a full disk, say) the temporary file is removed and the error raised.
    """
    tmp, raw = _open_part(path)
    handle = _text(raw)
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


def read_jsonl_ids(path: Path) -> list[str]:
    """The ``id`` of each record of an existing JSON Lines output, in order, read line by line.

    Raises ``ValueError`` when the file is not one this program wrote.
    """
    ids = []
    with open_records(path) as handle:
        for number, data in enumerate(handle, start=1):
            if not data.endswith(b"\n"):
                raise ValueError("its last line is incomplete")
            try:
                record = json.loads(data.decode("utf-8"))
            except ValueError as exc:
                raise ValueError(f"line {number} is not valid JSON") from exc
            if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                raise ValueError(f"line {number} is not a cleaner record")
            ids.append(record["id"])
    return ids


class AtomicTextFile:
    """A file written through a temporary name and renamed on :meth:`commit`; gzip-compressed as it is
    written when its name ends ``.gz`` (one gzip member, no name or time in its header: the same records
    give the same bytes).

    The records of *copy_from* are written first (those an earlier run already wrote, decompressed and
    compressed again when it is a ``.gz`` file).
    """

    def __init__(self, path: Path, copy_from: Path | None = None) -> None:
        self.path = path
        self.tmp, self.raw = _open_part(path)
        self.gzip = gzip.GzipFile(filename="", mode="wb", fileobj=self.raw, mtime=0) if is_gzip_name(path) else None
        self.handle = _text(self.gzip or self.raw)
        if copy_from is not None:
            try:
                with open_records(copy_from) as earlier:
                    shutil.copyfileobj(earlier, self.handle.buffer, 1 << 20)
            except BaseException:
                self.abort()
                raise

    def write(self, text: str) -> None:
        self.handle.write(text)

    def commit(self) -> None:
        _finish(self.handle, self.tmp, self.path, self.raw if self.gzip else None)

    def abort(self) -> None:
        for stream in (self.handle, self.raw):
            if not stream.closed:
                try:
                    stream.close()
                except (OSError, ValueError):
                    pass
        self.tmp.unlink(missing_ok=True)


def _names(sources: list[Source]) -> tuple[dict[int, str], set[int]]:
    """Output names, unique, in input order (assuming every source not known to fail loads),
    and the sources holding a name that another one wanted too."""
    owner: dict[str, int] = {}
    names: dict[int, str] = {}
    contested: set[int] = set()
    for i, source in enumerate(sources):
        if source.error or not source.rel:
            continue
        rel, k = source.rel, 1
        while rel in owner:  # two inputs with one output name: neither overwrites the other
            contested.add(owner[rel])
            k += 1
            stem, dot, suffix = source.rel.rpartition(".")
            rel = f"{stem}~{k}.{suffix}"
        owner[rel], names[i] = i, rel
    return names, contested


def assign_targets(sources: list[Source], out: Path) -> None:
    """Give every text output a unique name below *out*; one that would replace an input fails instead.

    An input that cannot be read takes no name.  Whether a file can be read is known only by reading
    it, so only the files whose outcome changes a name (two inputs wanting one name, an output that
    would replace an input) are read now, and let go; the rest are read when they are cleaned.
    """
    inputs = {s.path for s in sources if s.path is not None}

    def clashes(i: int, rel: str) -> bool:
        try:
            return (out / rel).resolve() in inputs
        except (OSError, RuntimeError):
            return False

    while True:
        names, contested = _names(sources)
        clash = {i for i, rel in names.items() if clashes(i, rel)}
        unsure = [i for i in sorted(contested | clash) if not sources[i].checked]
        if not unsure:
            break
        for i in unsure:
            sources[i].probe()
    for i, rel in names.items():
        sources[i].rel = rel
        if i in clash:
            sources[i].error = f"its output {out / rel} would replace an input; not cleaned"
def lands_inside(folder: Path, target: Path) -> bool:
    """Whether *target* (which may not exist yet) lands inside *folder* (resolved, and existing)
    once symlinks are followed."""
    parent = target.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    real = parent.resolve()
    return real == folder or folder in real.parents


def resume_jsonl(out: Path, sources: list[Source]) -> set[int] | str:
    """The indexes of *sources* whose records *out* already holds, or a usage problem."""
    try:
        ids = read_jsonl_ids(out)
    except (OSError, ValueError) as exc:
        return f"cannot --resume from {out}: {exc}"
    left = Counter(ids)
    wanted = Counter(s.id for s in sources if not s.error)
    for source in sources:  # more inputs than records with one id: which are done depends on which can be read
        if wanted[source.id] > left[source.id] > 0:
            source.probe()
    done = set()
    for i, source in enumerate(sources):
        if not source.error and left[source.id] > 0:
            left[source.id] -= 1
            done.add(i)
    return done
