"""``cleaner clean --engine ray``: the same plan, writer, summary and exit status as the local engine.

The driver lists input files only (:func:`cleaner.ray_io.list_inputs`); workers read and clean
them (:func:`cleaner.ray.clean_dataset`); cleaned records stream back in input order into the
local engine's writer (:mod:`cleaner.cli.clean`). For text output (``-o DIR``) the driver also
lists every document once, as the local engine does, to give each output file its unique name.

>>> _unsupported(argparse.Namespace(src=["-"], resume=False, state=None))
'--engine ray cannot read standard input (-) yet: give files or folders'
"""

from __future__ import annotations

import argparse
import pickle
from collections import deque
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from ..document import Document
from ..inputs.sources import STDIN, Source
from ..ray import clean_dataset, document_from_row, session
from ..ray_io import documents_from_files, list_inputs, sources_of
from .cli_environment import environment
from .plan import Plan, UsageError, check_arguments, check_one_document, name_markdown, options_from_args, run_provenance, writes_folder

FILES_PER_BLOCK = 64  # input files per task (and at least BLOCKS_PER_CPU tasks per CPU)
BLOCKS_PER_CPU = 4
ROWS_AT_ONCE = 256  # records turned into Python objects at a time on the driver


def _unsupported(args: argparse.Namespace) -> str | None:
    if STDIN in args.src:
        return "--engine ray cannot read standard input (-) yet: give files or folders"
    if args.resume:
        return "--resume is not supported with --engine ray yet"
    if args.state:
        return "--state is not supported with --engine ray yet (it is a local SQLite file): run without it, or with --engine local"
    return None


class RayRun:
    """A ``clean`` run on Ray: its plan (checked now, before Ray starts) and its documents (cleaned when iterated)."""

    def __init__(self, args: argparse.Namespace) -> None:
        problem = _unsupported(args)
        if problem:
            raise UsageError(problem)
        fmt = check_arguments(args, None)
        out = Path(args.output) if args.output else None
        self.args, self.rows = args, list_inputs(args.src, exclude=out)
        self.sources: list[Source] = []
        if out is not None and fmt in ("text", "markdown"):
            self._name_outputs(out, one_file=not writes_folder(args, fmt), markdown=fmt == "markdown")
        self.plan = Plan(fmt, out, self.sources, provenance=run_provenance(args, fmt))

    def _name_outputs(self, out: Path, one_file: bool = False, markdown: bool = False) -> None:
        """Text or Markdown output: every document listed here, named as the local engine names it
        (``assign_targets``); for ``-o FILE.md``, only counted (one is allowed)."""
        from ..output import assign_targets

        per_row = [sources_of(row, self.args.max_bytes) for row in self.rows]
        self.sources = [source for sources in per_row for source in sources]
        if one_file:
            check_one_document(self.args, self.sources)
            return
        if markdown:
            name_markdown(self.sources)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create the output folder {out} ({exc.strerror or exc})", 1) from None
        assign_targets(self.sources, out)
        for row, sources in zip(self.rows, per_row, strict=True):
            known = {k: (s.error, s.error_kind) for k, s in enumerate(sources) if s.error}
            row["overrides"] = pickle.dumps(known) if known else b""

    def documents(self, in_flight: deque[tuple[Source, bool]]) -> Iterator[Document]:
        """Each cleaned document in input order, its source appended to *in_flight* (a generator: close it to stop Ray)."""
        if not self.rows:
            return
        import ray
        import ray.data

        options = options_from_args(self.args)._replace(jobs=1, state=None)._asdict()
        with session(self.args.address or environment().get("RAY_ADDRESS"), num_cpus=self.args.jobs, debug=self.args.debug):
            cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
            blocks = min(len(self.rows), max(BLOCKS_PER_CPU * cpus, -(-len(self.rows) // FILES_PER_BLOCK)))
            ds = ray.data.from_items(self.rows, override_num_blocks=blocks)
            result = clean_dataset(ds, loader=partial(documents_from_files, max_bytes=self.args.max_bytes), **options)
            listed = iter(self.sources) if self.sources else None
            batches = result.iter_batches(batch_format="pyarrow", batch_size=None, prefetch_batches=0)  # blocks as they are: no copies
            for row in (row for block in batches for at in range(0, block.num_rows, ROWS_AT_ONCE)
                        for row in block.slice(at, ROWS_AT_ONCE).to_pylist()):
                doc = document_from_row(row)
                source = next(listed) if listed is not None else Source(doc.id, "", doc.source)
                if source.id != doc.id:
                    raise RuntimeError(f"{source.name} changed while it was being cleaned")
                in_flight.append((source, False))
                yield doc
