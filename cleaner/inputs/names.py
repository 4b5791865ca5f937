"""Names: inputs as printable one-line names, record ids as output paths that stay below ``-o``."""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath

_UNSAFE_ID_CHARS = re.compile(r"[^\w.@+=-]+", re.U)
_MAX_NAME_BYTES = 180  # a path component of an output name; file systems allow 255


_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


def printable(text: str) -> str:
    """*text* (a path or id) as one line of valid UTF-8: undecodable bytes and control characters escaped.

    >>> printable("caf\\udce9 a\\nb.txt")
    'caf\\\\xe9 a\\\\x0ab.txt'
    """
    if any("\ud800" <= c <= "\udfff" for c in text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") \
            if all("\udc80" <= c <= "\udcff" for c in text if "\ud800" <= c <= "\udfff") \
            else text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _CONTROL_CHARS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _short(part: str) -> str:
    raw = part.encode("utf-8")
    if len(raw) <= _MAX_NAME_BYTES:
        return part
    digest = hashlib.blake2b(raw, digest_size=6).hexdigest()
    return raw[:_MAX_NAME_BYTES - 13].decode("utf-8", "ignore") + "~" + digest


def safe_relative(id_: str) -> str:
    """An output path for a record id that cannot climb out of the output folder.

    >>> safe_relative("../../etc/passwd"), safe_relative("/abs/x"), safe_relative("a b/c"), safe_relative("..")
    ('etc/passwd', 'abs/x', 'a_b/c', '_')
    >>> len(safe_relative("x" * 1000).encode())
    180
    """
    parts = [_UNSAFE_ID_CHARS.sub("_", p).strip(".") for p in PurePosixPath(id_.replace("\\", "/")).parts]
    parts = [_short(p) for p in parts if p and p not in ("_",)]
    return "/".join(parts) or "_"

