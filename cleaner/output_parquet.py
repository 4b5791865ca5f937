"""Parquet output (``--format parquet`` or ``-o FILE.parquet``): the JSON Lines record's fields as columns, one file, atomic.

Needs pyarrow (``pip install 'cleaner[ray]'``). Like every output, the file is written as
``.NAME.part`` beside its target and renamed into place when complete.

>>> import tempfile, pathlib, pyarrow.parquet as pq
>>> from cleaner import Document
>>> target = pathlib.Path(tempfile.mkdtemp()) / "out.parquet"
>>> out = ParquetRecords(target)
>>> out.write(Document(id="a", paragraphs=["One.", "Two."]).to_record())
>>> out.commit()
>>> pq.read_table(target).column("text").to_pylist()
['One.\\nTwo.']
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa

from .output import part_path

_TEXT = pa.string()
FIELDS = [
    ("id", _TEXT), ("url", _TEXT), ("title", _TEXT), ("text", _TEXT), ("lang", _TEXT), ("author", _TEXT), ("date", _TEXT),
    ("removed", pa.list_(pa.struct([("stage", _TEXT), ("reason", _TEXT), ("text", _TEXT), ("rule", _TEXT)]))),
    ("repairs", pa.list_(pa.struct([("stage", _TEXT), ("reason", _TEXT), ("text", _TEXT), ("fixed", _TEXT)]))),
    ("duplicates", pa.list_(pa.struct([("text", _TEXT), ("first_seen", _TEXT), ("similarity", pa.float64())]))),
    ("dropped", _TEXT), ("duplicate_of", _TEXT),
]  # Document.to_record(), field for field (the one definition: cleaner.ray's and cleaner.hf's rows add to it)
MARKDOWN = [("markdown", _TEXT)]  # the record's Markdown, a column only when it was asked for (Options.markdown)
ERRORS = [("error", _TEXT), ("error_kind", _TEXT)]  # why a document could not be cleaned (Document.error, error_kind), or ""
SCHEMA = pa.schema([*FIELDS, ("provenance", _TEXT)])  # provenance: the run's object as JSON text
ROWS_PER_GROUP = 1000


class ParquetRecords:
    """Records written to a temporary file beside *path* in row groups, renamed into place on :meth:`commit`."""

    def __init__(self, path: Path, markdown: bool = False) -> None:
        import pyarrow.parquet as pq

        path.parent.mkdir(parents=True, exist_ok=True)
        self.path, self.tmp = path, part_path(path)
        self.tmp.unlink(missing_ok=True)  # a leftover of a killed run (a symlink is removed, not followed)
        fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
        self.handle = os.fdopen(fd, "wb")
        self.schema = pa.schema([*FIELDS, *MARKDOWN, ("provenance", _TEXT)]) if markdown else SCHEMA
        self.writer = pq.ParquetWriter(self.handle, self.schema)
        self.rows: list[dict[str, Any]] = []

    def write(self, record: dict[str, Any]) -> None:
        provenance = record.get("provenance")
        self.rows.append({**record, "provenance": json.dumps(provenance, sort_keys=True) if provenance else None})
        if len(self.rows) >= ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def commit(self) -> None:
        self._flush()
        self.writer.close()
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        try:
            self.writer.close()
            self.handle.close()
        except (OSError, ValueError):
            pass
        self.tmp.unlink(missing_ok=True)
