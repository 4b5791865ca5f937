"""``cleaner clean``: plan the run, clean the documents, write them, tell what happened.

Split from :mod:`cleaner.cli.main` (the parser and the entry point): the plan is
:mod:`cleaner.cli.plan`; the pieces here are the documents (each input read only just
before it is cleaned), the writer (one JSON Lines or Parquet file, one text file per
input, or stdout, always atomic) and the tally (the summary line).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..document import Document
    from ..inputs.sources import Source
    from .progress import Progress

from .plan import EXIT_SOME_FAILED, EXIT_USAGE, Plan, UsageError, options_from_args, plan_run  # noqa: F401  (EXIT_USAGE: used by cli)

EXIT_OK = 0
_LIMIT_FLAGS = {"too_large": "--max-bytes", "timeout": "--timeout"}  # the flag that moves the limit a document met
SUMMARY_REASONS = 3  # removal reasons the summary line names (the commonest); --stats FILE has every count


@dataclass
class Tally:
    cleaned: int = 0
    failed: int = 0
    dropped: Counter = field(default_factory=Counter)  # per reason: "language", "duplicate"
    skipped: int = 0
    duplicates: int = 0
    reasons: Counter = field(default_factory=Counter)
    records_skipped: Counter = field(default_factory=Counter)  # per kind: the input records that hold no document

    def summary(self, resume: bool, width: int | None = None) -> str:
        """The one-line summary: the counts, and the commonest removal reasons (:data:`SUMMARY_REASONS` of them,
        fewer when *width*, a terminal's, is too narrow; ``…`` says some are left out: ``--stats`` has them all)."""
        ranked = _commonest(self.reasons)
        shown = min(len(ranked), SUMMARY_REASONS)
        while True:
            top = ", ".join([f"{reason} {count}" for reason, count in ranked[:shown]] + (["…"] if shown < len(ranked) else []))
            line = self._line(resume, top)
            if width is None or len(line) <= width or shown == 0:
                return line
            shown -= 1

    def _line(self, resume: bool, top: str) -> str:
        parts = [f"{self.cleaned} cleaned", f"{self.failed} failed"]
        if resume:
            parts.append(f"{self.skipped} already done (--resume)")
        if self.dropped["language"]:
            parts.append(f"{self.dropped['language']} filtered by language")
        if self.dropped["duplicate"]:
            parts.append(f"{self.dropped['duplicate']} dropped as duplicate articles")
        if self.records_skipped:
            parts.append(skipped_records(self.records_skipped))
        parts.append(f"{sum(self.reasons.values())} removals" + (f" ({top})" if top else ""))
        parts.append(f"{self.duplicates} duplicate sentences")
        return "cleaner: " + "; ".join(parts)

    def stats(self, resume: bool) -> dict[str, Any]:
        """Every count of the run, for ``--stats FILE`` (JSON): the summary's counts, all removal reasons."""
        return {"cleaned": self.cleaned, "failed": self.failed, "already_done": self.skipped if resume else 0,
                "dropped": dict(sorted(self.dropped.items())), "removals": sum(self.reasons.values()),
                "removal_reasons": dict(_commonest(self.reasons)),
                "duplicate_sentences": self.duplicates, "records_skipped": dict(sorted(self.records_skipped.items()))}


def _commonest(counts: Counter) -> list[tuple[str, int]]:
    """*counts*' items, the commonest first, ties by name: the order every count is shown in."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def skipped_records(counts: Counter) -> str:
    """The summary's words for the input records that hold no document, by kind, the commonest first ('' for none).

    >>> skipped_records(Counter({"request": 4, "non-HTML response": 3, "HTTP 404": 2, "metadata": 4}))
    '13 WARC records skipped: 4 metadata, 4 request, 3 non-HTML response, 2 HTTP 404'
    """
    total = sum(counts.values())
    if not total:
        return ""
    kinds = ", ".join(f"{count} {kind}" for kind, count in _commonest(counts))
    return f"{total} WARC record{'' if total == 1 else 's'} skipped: {kinds}"


class _Stop(Exception):
    """A write error after which the batch cannot go on (a full disk, say)."""


def write_failed(target: Path | str, exc: OSError) -> str:
    return f"cannot write {target} ({exc.strerror or exc})"


def silence_stdout() -> None:
    """After stdout failed, point it at /dev/null so Python's exit-time flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _ray_engine(args: argparse.Namespace) -> Any:
    """The plan of a run on Ray (``cleaner.cli.ray_run.RayRun``), or a usage error when Ray is not installed."""
    import importlib.util

    if any(importlib.util.find_spec(name) is None for name in ("ray", "pyarrow")):
        raise UsageError("--engine ray needs Ray Data, which is not installed: pip install 'cleaner[ray]'")
    from .ray_run import RayRun

    return RayRun(args)


def _documents(plan: Plan, tally: Tally, in_flight: deque[tuple[Source, bool]]) -> Iterator[Document]:
    """Each input read and decoded only now, in input order, just before it is cleaned.

    *in_flight* gets each document's source, and whether it is there only for dedup (not written).
    """
    for i, source in enumerate(plan.sources):
        if i in plan.done and not plan.keep_for_dedup and not source.probe():
            continue  # done, and still readable: not cleaned again
        doc = source.load()
        if i in plan.done and doc.error:  # done before, but cannot be read now: a failure, as in a first run
            plan.done.discard(i)
            tally.skipped -= 1
        in_flight.append((source, i in plan.done))
        yield doc


class _Writer:
    """Where cleaned documents go: one JSON Lines file (atomic), one text file each below a folder, or stdout."""

    def __init__(self, plan: Plan) -> None:
        from ..output import AtomicTextFile

        self.fmt, self.out, self.provenance = plan.fmt, plan.out, plan.provenance
        self.out_real = plan.out.resolve() if plan.out is not None else None
        self.jsonl_file: Any = None
        self.first_text = True
        if self.fmt in ("jsonl", "parquet") and self.out is not None:
            try:
                if self.fmt == "parquet":
                    from ..output_parquet import ParquetRecords

                    self.jsonl_file = ParquetRecords(self.out, markdown="markdown" in (self.provenance or {}))
                else:
                    self.jsonl_file = AtomicTextFile(self.out, plan.resume_from)
            except OSError as exc:
                raise _Stop(write_failed(self.out, exc)) from exc

    def write(self, doc: Document, source: Source) -> str | None:
        """Write one document; a problem with this document alone is returned, one that stops the batch raised."""
        from ..output import FATAL_WRITE_ERRNOS, jsonl_line, lands_inside, write_atomic

        page = doc.to_markdown() if self.fmt == "markdown" else None
        if self.fmt not in ("text", "markdown") or self.out is None:
            record = doc.to_record(self.provenance) if self.fmt == "parquet" else None
            text = jsonl_line(doc.to_record(self.provenance)) if self.fmt == "jsonl" else \
                ("" if self.first_text else "\n") + (doc.to_text() if page is None else page)
            try:
                (self.jsonl_file or sys.stdout).write(record if record is not None else text)
            except OSError as exc:
                raise _Stop(write_failed(self.out or "standard output", exc)) from exc
            self.first_text = False
            return None
        assert self.out_real is not None
        one_file = self.fmt == "markdown" and self.out.name.lower().endswith(".md")  # -o FILE.md: one document
        target = self.out if one_file else self.out / source.rel
        try:
            if not one_file and not lands_inside(self.out_real, target):
                raise OSError(0, "it would land outside the output folder (a symbolic link)")
            write_atomic(target, doc.to_text() if page is None else page)
        except OSError as exc:
            if exc.errno in FATAL_WRITE_ERRNOS:
                raise _Stop(write_failed(target, exc)) from exc
            return write_failed(target, exc)
        return None

    def commit(self) -> None:
        try:
            if self.jsonl_file:
                self.jsonl_file.commit()
            elif self.out is None:
                sys.stdout.flush()
        except OSError as exc:
            raise _Stop(write_failed(self.out or "standard output", exc)) from exc

    def abort(self) -> None:
        if self.jsonl_file:
            self.jsonl_file.abort()


def failure_message(doc: Document) -> str:
    """A document's error, with the flag that changes its limit when there is one."""
    hint = _LIMIT_FLAGS.get(doc.error_kind)
    return f"{doc.error} ({hint})" if hint else doc.error


def _write_all(docs: Iterator[Document], in_flight: deque[tuple[Source, bool]], writer: _Writer, tally: Tally,
               progress: Progress, keep_dropped: bool = False) -> None:
    """Every cleaned document written (or its failure told), counted in *tally*."""
    from ..inputs.base import SKIPPED

    for doc in docs:
        source, silent = in_flight.popleft()
        progress.update()
        if silent:
            continue
        if doc.error_kind == SKIPPED:  # a WARC request, a 404 page: no document, counted by kind
            tally.records_skipped[doc.error] += 1
            continue
        problem = failure_message(doc) if doc.error else None
        if problem is None and doc.dropped:
            tally.dropped[doc.dropped] += 1
            if not (keep_dropped and writer.fmt == "jsonl"):
                continue  # left out: never written as a husk
        problem = problem or writer.write(doc, source)
        if problem:
            tally.failed += 1
            progress.message(f"cleaner: {source.name}: {problem}")
            continue
        if doc.dropped:
            continue
        tally.cleaned += 1
        tally.reasons.update(r.reason for r in doc.removed)
        tally.duplicates += len(doc.duplicates)
    writer.commit()


def run_clean(args: argparse.Namespace) -> int:
    """``cleaner clean``: plan the run, clean the documents, write them; the exit status."""
    from ..api import clean_many
    from .progress import progress_for

    try:
        if getattr(args, "address", None) and args.engine != "ray":
            raise UsageError("--address is the Ray cluster of --engine ray: add --engine ray")
        ray_run = _ray_engine(args) if getattr(args, "engine", "local") == "ray" else None
        plan = ray_run.plan if ray_run is not None else plan_run(args)
    except UsageError as usage:
        print(f"cleaner: error: {usage}", file=sys.stderr)
        return usage.status
    tally = Tally(skipped=len(plan.done))
    in_flight: deque[tuple[Source, bool]] = deque()
    progress = progress_for(sys.stderr, plan.total)
    docs = None
    writer = None
    try:
        writer = _Writer(plan)
        docs = ray_run.documents(in_flight) if ray_run is not None else \
            clean_many(_documents(plan, tally, in_flight), **options_from_args(args)._asdict())
        _write_all(docs, in_flight, writer, tally, progress, args.keep_dropped)
    except _Stop as stop:
        if writer:
            writer.abort()
        if plan.out is None or isinstance(stop.__cause__, BrokenPipeError):
            silence_stdout()
        if isinstance(stop.__cause__, BrokenPipeError):
            return EXIT_OK
        progress.close()
        print(f"cleaner: {stop}; stopping", file=sys.stderr)
        _report(tally, args)
        return EXIT_SOME_FAILED
    except BaseException:
        if writer:
            writer.abort()
        raise
    finally:
        progress.close()
        if docs is not None:
            docs.close()  # stops worker processes and closes the dedup state
    return max(_report(tally, args), EXIT_SOME_FAILED if tally.failed else EXIT_OK)


def _report(tally: Tally, args: argparse.Namespace) -> int:
    """The summary line on stderr (fitted to a terminal's width), and every count in ``--stats FILE``;
    1 when that file cannot be written."""
    import json
    import shutil

    width = shutil.get_terminal_size().columns if sys.stderr.isatty() else None
    print(tally.summary(args.resume, width), file=sys.stderr)
    if not getattr(args, "stats", None):
        return EXIT_OK
    from ..output import write_atomic

    try:
        write_atomic(Path(args.stats), json.dumps(tally.stats(args.resume), ensure_ascii=False, indent=1) + "\n")
    except OSError as exc:
        print(f"cleaner: {write_failed(args.stats, exc)}", file=sys.stderr)
        return EXIT_SOME_FAILED
    return EXIT_OK
