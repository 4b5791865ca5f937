"""Inputs and outputs of the Ray executor: the CLI's files as rows, and readers/writers through Ray Data's own I/O.

The CLI lists *files* on the driver (sorted path order, as :func:`cleaner.inputs.sources.iter_sources`
walks them) and workers expand each file into its documents with the same code the local
run uses (:func:`cleaner.inputs.sources.from_file`, then ``Source.load``): the same ids, names,
errors, and one order key per document, ``file << 32 | k`` (the *k*-th document of the file).
JSON Lines files are read in the workers, not on the driver.

For a cluster's shared storage or an object store (``s3://…``, ``gs://…``), :func:`read_jsonl`,
:func:`read_parquet`, :func:`write_jsonl` and :func:`write_parquet` go through Ray Data's readers
and datasinks (pyarrow file systems).

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> _ = (root / "b.txt").write_text("Second."), (root / "a.txt").write_text("First.")
>>> [(r["file"], os.fsdecode(r["rel"])) for r in list_inputs([str(root)])]
[(0, 'a.txt'), (1, 'b.txt')]
>>> [(o, d.id, d.raw) for o, d in documents_from_files(list_inputs([str(root)])[1])]
[(4294967296, 'b', 'Second.')]
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .document import Document
from .inputs.sources import Source, from_file, identity, list_files
from .options import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    import ray.data

FILE_SHIFT = 32  # order = file << FILE_SHIFT | document number within the file


def _row(file: int, *, path: Path | None = None, rel: PurePosixPath | None = None, in_folder: bool = False,
         name: str = "", error: str = "") -> dict[str, Any]:
    return {"file": file, "path": os.fsencode(path) if path is not None else b"", "rel": os.fsencode(str(rel)) if rel else b"",
            "in_folder": in_folder, "name": name, "error": error, "overrides": b"", "cwd": os.fsencode(os.getcwd())}


def list_inputs(srcs: list[str], exclude: Path | None = None) -> list[dict[str, Any]]:
    """One row per input file (or unreadable path), in the order :func:`cleaner.inputs.sources.iter_sources` gives them.

    Paths are bytes (``os.fsencode``), so names that are not UTF-8 survive the trip to the workers.
    """
    excluded = identity(exclude)
    rows: list[dict[str, Any]] = []
    for src in srcs:
        for found in list_files(src, excluded):
            if found.error:
                rows.append(_row(len(rows), name=found.name, error=found.error))
            else:
                rows.append(_row(len(rows), path=found.path, rel=found.rel, in_folder=found.in_folder))
    return rows


def sources_of(row: dict[str, Any], max_bytes: int = DEFAULT_MAX_BYTES) -> list[Source]:
    """The sources of one listed file, as the local run lists them (not loaded)."""
    if row["error"]:
        return [Source(row["name"], "", row["name"], error=row["error"])]
    path, rel = Path(os.fsdecode(row["path"])), PurePosixPath(os.fsdecode(row["rel"]))
    return list(from_file(path, rel, max_bytes, in_folder=row["in_folder"]))


def documents_from_files(row: dict[str, Any], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[tuple[int, Document]]:
    """In a worker: the documents of one listed file, loaded, each with its order key.

    ``overrides`` (pickled ``{k: (error, kind)}``) are failures the driver already knows
    (an output name that would replace an input, say): those sources are not read.
    """
    overrides = pickle.loads(row["overrides"]) if row["overrides"] else {}
    if row["path"] and not os.path.isabs(row["path"]) and os.fsencode(os.getcwd()) != row["cwd"]:
        try:
            os.chdir(row["cwd"])  # a relative path is relative to the driver's folder (and named as given, as locally)
        except OSError:
            pass
    for k, source in enumerate(sources_of(row, max_bytes)):
        if k in overrides:
            error, kind = overrides[k]
            doc = Document(id=source.id, error=error, error_kind=kind, source=source.name)
        else:
            doc = source.load()
        yield row["file"] << FILE_SHIFT | k, doc


def _absolute(path: str) -> str:
    """*path* as the workers must see it: a URL as it is, a local path made absolute here (workers have their own cwd)."""
    return path if "://" in path else os.path.abspath(path)


def _scheme_free(path: str) -> str:
    return path.split("://", 1)[1] if "://" in path else os.path.abspath(path)


def _files(paths: str | list[str], suffixes: tuple[str, ...]) -> tuple[Any, list[str]]:
    """The file system of *paths* and every file below them with one of *suffixes*, in sorted order."""
    import pyarrow.fs as pafs

    paths = [paths] if isinstance(paths, str) else list(paths)
    fs, _ = pafs.FileSystem.from_uri(paths[0] if "://" in paths[0] else os.path.abspath(paths[0]))
    found: list[str] = []
    for path in paths:
        base = _scheme_free(path)
        info = fs.get_file_info(base)
        if info.type == pafs.FileType.Directory:
            found.extend(i.path for i in fs.get_file_info(pafs.FileSelector(base, recursive=True))
                         if i.type == pafs.FileType.File and i.path.lower().endswith(suffixes))
        else:
            found.append(base)
    return fs, sorted(found)


def _file_ranks(paths: list[str]) -> dict[str, int]:
    return {path: rank for rank, path in enumerate(paths)}


def _jsonl_rows(row: dict[str, Any], ranks: dict[str, int]) -> Iterator[dict[str, Any]]:
    """The records of one JSON Lines file (UTF-8) read by Ray: ``order``, ``id``, ``text``, ``html``, ``url``, ``error``."""
    from .inputs.jsonl import parse_record, record_content, record_source

    path = row["path"]
    text = row["bytes"].decode("utf-8", "replace").removeprefix("\ufeff")
    stem = PurePosixPath(path).stem
    seen: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        source = record_source(line, number, path, stem, seen)
        record = {} if source.error else parse_record(line)[1]
        raw, kind = record_content(record) if record else (None, "text")
        yield {"order": ranks[path] << FILE_SHIFT | number, "id": source.id, "text": raw if kind == "text" else None,
               "html": raw if kind == "html" else None, "url": str(record.get("url") or ""), "error": source.error}


def read_jsonl(paths: str | list[str]) -> ray.data.Dataset:
    """JSON Lines files (a file, a folder, or an object store URL) as input rows for :func:`cleaner.ray.clean_dataset`.

    Records are read as the CLI reads them (``id``, ``text`` or ``html``, ``url``; a record without an id is
    ``STEM:LINE``; a bad line is a row with ``error``); the order key is the file's rank in sorted path order,
    then the line number. Each file is one task: split a large corpus into many files.
    """
    import ray.data

    fs, files = _files(paths, (".jsonl",))
    ds = ray.data.read_binary_files(files, filesystem=fs, include_paths=True)
    return ds.flat_map(_jsonl_rows, fn_kwargs={"ranks": _file_ranks(files)})


def _parquet_rows(batch: Any, ranks: dict[str, int]) -> Any:
    """The rows of Parquet files read by Ray (one file a row), with their order keys."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    tables = []
    for path, data in zip(batch.column("path").to_pylist(), batch.column("bytes").to_pylist(), strict=True):
        table = pq.read_table(io.BytesIO(data))
        wanted = [c for c in ("id", "text", "html", "url") if c in table.column_names]
        table = table.select(wanted)
        orders = pa.array([ranks[path] << FILE_SHIFT | i for i in range(table.num_rows)], pa.int64())
        tables.append(table.add_column(0, "order", orders))
    return pa.concat_tables(tables, promote_options="default")


def read_parquet(paths: str | list[str]) -> ray.data.Dataset:
    """Parquet files with columns ``id``, ``text`` or ``html`` (and ``url``) as input rows, ordered by file then row."""
    import ray.data

    fs, files = _files(paths, (".parquet",))
    ds = ray.data.read_binary_files(files, filesystem=fs, include_paths=True, override_num_blocks=len(files) or None)
    return ds.map_batches(_parquet_rows, batch_format="pyarrow", batch_size=1, fn_kwargs={"ranks": _file_ranks(files)})


def write_parquet(ds: ray.data.Dataset, path: str) -> None:
    """Cleaned rows to Parquet files below *path* (a folder or URL; ``order`` kept, one file per block)."""
    ds.write_parquet(_absolute(path))


def write_jsonl(ds: ray.data.Dataset, path: str) -> None:
    """Cleaned rows as JSON Lines files below *path* (one file per block): each line is the record the CLI writes."""
    from ray.data.datasource import BlockBasedFileDatasink

    from .output import jsonl_line
    from .ray import document_from_row

    class JsonlSink(BlockBasedFileDatasink):
        def write_block_to_file(self, block: Any, file: Any) -> None:
            for row in block.to_arrow().to_pylist():
                file.write(jsonl_line(document_from_row(row).to_record()).encode("utf-8"))

    ds.write_datasink(JsonlSink(_absolute(path), file_format="jsonl"))
