"""The registry of input kinds: what a file name promises, whether the file holds many records, and who reads it.

One table, :data:`KINDS`, is the only place that knows the kinds. A *container* (JSON Lines, WARC) holds
many records: it is read record by record by its reader, and its natural output is records (JSON Lines).
A plain kind (HTML, page text) is one document a file.

>>> kind_from_suffix("pages.jsonl.gz"), kind_from_suffix("crawl.warc.gz"), kind_from_suffix("notes.gz")
('jsonl', 'warc', None)
>>> is_container("warc"), is_container("html"), is_container(None)
(True, False, False)
>>> describe("jsonl")
'JSON Lines'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from .base import Source
from .compressed import inner_name
from .jsonl import file_records
from .warc import warc_sources

Reader = Callable[[Path, str, str, int, bool], Iterator[Source]]  # (path, name, stem, max_bytes, in_folder) -> sources


class InputKind(NamedTuple):
    """One kind of input: its name, the file suffixes that promise it, and for a container its reader."""

    name: str  # "html", "text", "jsonl", "warc": what Document.kind and sniffing call it
    suffixes: tuple[str, ...]  # lower case, under any compression suffix (.gz, .zst)
    label: str  # what messages call it
    reader: Reader | None = None  # a container's records; None: one document a file

    @property
    def container(self) -> bool:
        return self.reader is not None


def _jsonl_reader(path: Path, name: str, stem: str, max_bytes: int, in_folder: bool) -> Iterator[Source]:
    return file_records(path, name, stem, max_bytes, in_folder=in_folder)


def _warc_reader(path: Path, name: str, stem: str, max_bytes: int, in_folder: bool) -> Iterator[Source]:
    return warc_sources(path, name, stem, max_bytes)  # read by record offsets; found in a folder or not alike


KINDS: tuple[InputKind, ...] = (
    InputKind("warc", (".warc",), "a WARC file", _warc_reader),
    InputKind("html", (".html", ".htm", ".xhtml"), "HTML"),
    InputKind("jsonl", (".jsonl",), "JSON Lines", _jsonl_reader),
    InputKind("text", (".txt",), "page text"),
)
_BY_NAME = {kind.name: kind for kind in KINDS}


def kind_from_suffix(name: str) -> str | None:
    """The input kind a file name promises, or None when it promises none.

    A compressed file promises what the name under its suffix does.
    """
    lower = inner_name(name).lower()
    return next((kind.name for kind in KINDS if lower.endswith(kind.suffixes)), None)


def is_container(kind: str | None) -> bool:
    """Whether inputs of *kind* hold many records (read by a reader, written as records)."""
    found = _BY_NAME.get(kind or "")
    return found is not None and found.container


def reader(kind: str) -> Reader:
    """The reader of container *kind* (:func:`is_container` says which are)."""
    found = _BY_NAME[kind].reader
    if found is None:
        raise ValueError(f"{kind} is not a container kind")
    return found


def describe(kind: str) -> str:
    """What messages call *kind*."""
    return _BY_NAME[kind].label
