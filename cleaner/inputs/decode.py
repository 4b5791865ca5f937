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

from ..errors import InputError

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
_LATIN_GUESSES = frozenset({"cp1250", "cp1257", "cp1258", "cp437", "cp775", "cp850", "cp852", "cp858", "cp863",
                            "cp865", "latin_1", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10",
                            "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "mac_roman", "mac_latin2",
                            "mac_iceland"})
_NEED_BOM = ["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le", "utf_7"]


_UNSAFE_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_PAGE_BREAKS = re.compile(r"[\x0b\x0c]")


def sanitize_text(text: str) -> str:
    """Text every later stage (and every output encoder) can take.

    NUL and other C0 control characters (but tab and line ends), lone surrogates
    (which cannot be written as UTF-8) and non-characters are dropped; vertical
    tab and form feed become line ends.

    >>> sanitize_text("a\\x00b\\x0cc\\ud800d")
    'ab\\ncd'
    """
    if _UNSAFE_CHARS.search(text):
        text = _UNSAFE_CHARS.sub("", text)
    return _PAGE_BREAKS.sub("\n", text) if "\x0b" in text or "\x0c" in text else text


def _check_not_binary(data: bytes) -> None:
    head = data[:_SNIFF_BYTES]
    if head.count(0) > max(2, len(head) // 1000) or len(_CONTROL.findall(head)) > max(2, len(head) // 100):
        raise InputError("binary data, not text")


def _utf16_without_bom(data: bytes) -> str | None:
    """Text when *data* looks like BOM-less UTF-16 (one byte of most pairs is NUL), else None."""
    head = data[:_SNIFF_BYTES] if len(data) % 2 == 0 else b""
    if len(head) < 16:
        return None
    even, odd = head[0::2].count(0) / (len(head) / 2), head[1::2].count(0) / (len(head) / 2)
    encoding = "utf-16-le" if odd > 0.4 and even < 0.05 else "utf-16-be" if even > 0.4 and odd < 0.05 else None
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if _UNSAFE_CHARS.search(text[:_SNIFF_BYTES]) else text


def decode_bytes(data: bytes) -> str:
    """Decode with a BOM, then strict UTF-8, then the declared charset, then detection.

    The result is passed through :func:`sanitize_text` (no NUL or control characters).
    """
    text = sanitize_text(_decode(data))
    if not text.strip():
        raise InputError("empty input")
    return text


def _decode(data: bytes) -> str:
    if not data.strip():
        raise InputError("empty input")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(f"invalid {encoding} after its byte-order mark") from exc
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
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
    sample = data[:1 << 20]
    best = from_bytes(sample, cp_exclusion=_NEED_BOM).best() if len(data) >= 64 else None
    encoding = best.encoding if best is not None and best.encoding else "cp1252"
    if encoding in _LATIN_GUESSES:
        # Detection often names a DOS or Central European code page for Western text (the
        # curly quotes are the only non-ASCII bytes); cp1252, the web's default, wins a tie.
        western = from_bytes(sample, cp_isolation=["cp1252"]).best()
        if western is not None and best is not None and western.chaos <= best.chaos + 0.01:
            encoding = "cp1252"
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
