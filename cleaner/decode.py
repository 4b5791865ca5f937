"""Stage 1, decode: bytes to text, and what kind of text it is.

>>> decode_bytes("café".encode("cp1252"))
'café'
>>> sniff_kind('<!doctype html><html><body><p>Hi</p></body></html>')
'html'
>>> sniff_kind('{"text": "Hello"}')
'jsonl'
"""

from __future__ import annotations

import codecs
import json
import re

from .errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{2,40})""", re.I)
_HTML_START = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|article|p|section|main)\b", re.I | re.S)
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_SNIFF_BYTES = 4096
_NEED_BOM = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le", "utf_7"]


def _check_not_binary(data: bytes) -> None:
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head or len(_CONTROL.findall(head)) > max(2, len(head) // 100):
        raise InputError("binary data, not text")


def decode_bytes(data: bytes) -> str:
    """Decode with a BOM, then strict UTF-8, then the declared charset, then detection."""
    if not data.strip():
        raise InputError("empty input")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding} after its byte-order mark") from exc
            return text.replace("\x00", "")
    _check_not_binary(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET.search(data[:_SNIFF_BYTES * 4])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    # Without a BOM and with no NUL bytes, UTF-16/32 guesses are noise.
    best = from_bytes(data[:1 << 20], cp_exclusion=_NEED_BOM).best() if len(data) >= 64 else None
    encoding = best.encoding if best is not None and best.encoding else "cp1252"
    return data.decode(encoding, errors="replace")


def sniff_kind(text: str) -> str:
    """``"html"``, ``"jsonl"`` or ``"text"``, from the start of *text*."""
    if _HTML_START.match(text[:_SNIFF_BYTES]):
        return "html"
    first = text.lstrip()[:1]
    if first == "{":
        line = text.lstrip().split("\n", 1)[0]
        try:
            if isinstance(json.loads(line), dict):
                return "jsonl"
        except ValueError:
            pass
    return "text"


def kind_from_suffix(name: str) -> str | None:
    """The input kind a file name promises, or None when it promises none."""
    lower = name.lower()
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if lower.endswith(".jsonl"):
        return "jsonl"
    if lower.endswith(".txt"):
        return "text"
    return None
