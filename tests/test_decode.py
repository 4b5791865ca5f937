"""Decode stage: encodings, BOMs, binary data, and sniffing the kind of input."""

from __future__ import annotations

import pytest

from cleaner.errors import InputError
from cleaner.inputs.decode import decode_bytes, sniff_kind

CZECH = "Ministerstvo zahraničních věcí České republiky odsoudilo útok."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32"])
def test_unicode_encodings_with_and_without_bom(encoding):
    assert decode_bytes(CZECH.encode(encoding)) == CZECH


def test_cp1252_is_detected():
    text = "The café’s owner said “no comment” to reporters — twice, in fact, on Monday morning."
    assert decode_bytes(text.encode("cp1252")) == text


def test_declared_charset_is_used():
    html = '<html><head><meta charset="iso-8859-2"></head><body><p>Plzeň a Žižkov</p></body></html>'
    assert "Plzeň a Žižkov" in decode_bytes(html.encode("iso-8859-2"))


@pytest.mark.parametrize("data", [b"", b"   \n\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))])
def test_empty_and_binary_input_is_refused(data):
    with pytest.raises(InputError):
        decode_bytes(data)


def test_sniff_kinds():
    assert sniff_kind("<!DOCTYPE html>\n<html><body>x</body></html>") == "html"
    assert sniff_kind('{"id": "a", "text": "Hello"}\n{"id": "b", "text": "x"}') == "jsonl"
    assert sniff_kind("Czech Government Condemns Chinese Hack\nThe Czech government said.") == "text"
    assert sniff_kind("{not json at all} but text") == "text"
