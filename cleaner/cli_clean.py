"""``cleaner clean``: plan the run, clean the documents, write them, tell what happened.

Split from :mod:`cleaner.cli` (the parser and the entry point): the pieces here are
the plan (read stdin, settle the format, list the inputs, what ``--resume`` skips), the
documents (each input read only just before it is cleaned), the writer (one JSON Lines
file, one text file per input, or stdout, always atomic) and the tally (the summary line).
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
    from .document import Document
    from .options import Options
    from .sources import Source

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
_LIMIT_FLAGS = {"too_large": "--max-bytes", "timeout": "--timeout"}  # the flag that moves the limit a document met


def _error(name: str, message: str) -> None:
    print(f"cleaner: {name}: {message}", file=sys.stderr)


@dataclass
class _Tally:
    cleaned: int = 0
    failed: int = 0
    dropped: Counter = field(default_factory=Counter)  # per reason: "language", "duplicate"
    skipped: int = 0
    duplicates: int = 0
    reasons: Counter = field(default_factory=Counter)

    def summary(self, resume: bool) -> str:
        top = ", ".join(f"{reason} {count}"
                        for reason, count in sorted(self.reasons.items(), key=lambda kv: (-kv[1], kv[0])))
        parts = [f"{self.cleaned} cleaned", f"{self.failed} failed"]
        if resume:
            parts.append(f"{self.skipped} already done (--resume)")
        if self.dropped["language"]:
            parts.append(f"{self.dropped['language']} filtered by language")
        if self.dropped["duplicate"]:
            parts.append(f"{self.dropped['duplicate']} dropped as duplicate articles")
        parts.append(f"{sum(self.reasons.values())} removals" + (f" ({top})" if top else ""))
        parts.append(f"{self.duplicates} duplicate sentences")
        return "cleaner: " + "; ".join(parts)


class _Stop(Exception):
    """A write error after which the batch cannot go on (a full disk, say)."""


def _check_paths(args: argparse.Namespace, fmt: str) -> str | None:
    """A usage problem with the output path, or None."""
    if not args.output:
        return None
    out = Path(args.output).resolve()
    for src in args.src:
        if src != "-" and Path(src).exists() and Path(src).resolve() == out:
            return f"the output {args.output} is also an input"
    if fmt in ("jsonl", "parquet") and out.is_dir():
        return f"--format {fmt} writes one file, but {args.output} is a folder"
    if fmt == "text" and out.exists() and not out.is_dir():
        return f"--format text writes one file per input into a folder, but {args.output} is a file"
    return None


def _guess_format(args: argparse.Namespace, stdin: bytes | None) -> str:
    from .decode import decode_bytes, sniff_kind
    from .errors import InputError

    if args.format:
        return args.format
    if args.output and args.output.lower().endswith(".parquet"):
        return "parquet"
    if any(s.lower().endswith(".jsonl") for s in args.src):
        return "jsonl"
    if stdin is not None:
        try:
            return "jsonl" if sniff_kind(decode_bytes(stdin)) == "jsonl" else "text"
        except InputError:
            pass
    return "text"


def _write_failed(target: Path | str, exc: OSError) -> str:
    return f"cannot write {target} ({exc.strerror or exc})"


def _silence_stdout() -> None:
    """After stdout failed, point it at /dev/null so Python's exit-time flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


class _Usage(Exception):
    """A problem with the command line: one line, exit status 2 (or 1 when *status* says so)."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class _Plan:
    """What a ``clean`` run will read and write, settled before any document is cleaned."""

    fmt: str  # "text" or "jsonl"
    out: Path | None  # -o, or None for stdout
    sources: list[Source] | Iterator[Source]  # listed when names, --resume or the progress counter need it
    done: set[int] = field(default_factory=set)  # inputs an earlier run already wrote (--resume)
    resume_from: Path | None = None  # the JSON Lines output whose records are kept
    keep_for_dedup: bool = False  # skipped inputs are still cleaned (not written) so dedup sees them

    @property
    def total(self) -> int:
        if not isinstance(self.sources, list):
            return 0
        return len(self.sources) - (0 if self.keep_for_dedup else len(self.done))


def _plan(args: argparse.Namespace) -> _Plan:
    """Read stdin, settle the format, check the paths, list the inputs and what --resume skips."""
    from .output import assign_targets, resume_jsonl
    from .sources import iter_sources

    stdin = sys.stdin.buffer.read() if "-" in args.src else None
    fmt = _guess_format(args, stdin)
    if args.jobs < 1:
        raise _Usage("--jobs must be 1 or more")
    problem = _check_paths(args, fmt)
    if problem:
        raise _Usage(problem)
    _check_parquet(args, fmt)
    out = Path(args.output) if args.output else None
    found = iter_sources(args.src, stdin=stdin, exclude=out, max_bytes=args.max_bytes)
    resume_from = out if fmt == "jsonl" and out is not None and args.resume and out.exists() else None
    listed = (out is not None and fmt == "text") or resume_from is not None or sys.stderr.isatty()
    plan = _Plan(fmt, out, list(found) if listed else found, resume_from=resume_from,
                 keep_for_dedup=args.dedup != "off" and not args.state)
    if out is not None and fmt == "text":
        assert isinstance(plan.sources, list)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _Usage(f"cannot create the output folder {out} ({exc.strerror or exc})", EXIT_SOME_FAILED) from None
        assign_targets(plan.sources, out)
        if args.resume:
            plan.done = {i for i, s in enumerate(plan.sources) if not s.error and s.rel and (out / s.rel).is_file()}
    elif resume_from is not None:
        assert isinstance(plan.sources, list)
        resumed = resume_jsonl(resume_from, plan.sources)
        if isinstance(resumed, str):
            raise _Usage(resumed)
        plan.done = resumed
    return plan


def _check_parquet(args: argparse.Namespace, fmt: str) -> None:
    """Parquet output needs a file and pyarrow."""
    import importlib.util

    if fmt == "parquet" and not args.output:
        raise _Usage("--format parquet writes a file: give -o FILE.parquet")
    if fmt == "parquet" and importlib.util.find_spec("pyarrow") is None:
        raise _Usage("--format parquet needs pyarrow: pip install 'cleaner[ray]'")


def _ray_engine(args: argparse.Namespace) -> Any:
    """The plan of a run on Ray (``cleaner.ray_cli.RayRun``), or a usage error when Ray is not installed."""
    import importlib.util

    if any(importlib.util.find_spec(name) is None for name in ("ray", "pyarrow")):
        raise _Usage("--engine ray needs Ray Data, which is not installed: pip install 'cleaner[ray]'")
    from .ray_cli import RayRun

    return RayRun(args)


def _documents(plan: _Plan, tally: _Tally, in_flight: deque[tuple[Source, bool]]) -> Iterator[Document]:
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

    def __init__(self, plan: _Plan) -> None:
        from .output import AtomicTextFile

        self.fmt, self.out = plan.fmt, plan.out
        self.out_real = plan.out.resolve() if plan.out is not None else None
        self.jsonl_file: Any = None
        self.first_text = True
        if self.fmt in ("jsonl", "parquet") and self.out is not None:
            try:
                if self.fmt == "parquet":
                    from .output_parquet import ParquetRecords

                    self.jsonl_file = ParquetRecords(self.out)
                else:
                    self.jsonl_file = AtomicTextFile(self.out, plan.resume_from)
            except OSError as exc:
                raise _Stop(_write_failed(self.out, exc)) from exc

    def write(self, doc: Document, source: Source) -> str | None:
        """Write one document; a problem with this document alone is returned, one that stops the batch raised."""
        from .output import FATAL_WRITE_ERRNOS, jsonl_line, lands_inside, write_atomic

        if self.fmt != "text" or self.out is None:
            record = doc.to_record() if self.fmt == "parquet" else None
            text = jsonl_line(doc.to_record()) if self.fmt == "jsonl" else ("" if self.first_text else "\n") + doc.to_text()
            try:
                (self.jsonl_file or sys.stdout).write(record if record is not None else text)
            except OSError as exc:
                raise _Stop(_write_failed(self.out or "standard output", exc)) from exc
            self.first_text = False
            return None
        assert self.out_real is not None
        target = self.out / source.rel
        try:
            if not lands_inside(self.out_real, target):
                raise OSError(0, "it would land outside the output folder (a symbolic link)")
            write_atomic(target, doc.to_text())
        except OSError as exc:
            if exc.errno in FATAL_WRITE_ERRNOS:
                raise _Stop(_write_failed(target, exc)) from exc
            return _write_failed(target, exc)
        return None

    def commit(self) -> None:
        try:
            if self.jsonl_file:
                self.jsonl_file.commit()
            elif self.out is None:
                sys.stdout.flush()
        except OSError as exc:
            raise _Stop(_write_failed(self.out or "standard output", exc)) from exc

    def abort(self) -> None:
        if self.jsonl_file:
            self.jsonl_file.abort()


def _options(args: argparse.Namespace) -> Options:
    from .language import parse_codes
    from .options import Options

    return Options(dedup=args.dedup, state=args.state, jobs=args.jobs, lang=parse_codes(args.lang) if args.lang else None,
                   max_bytes=args.max_bytes, timeout=args.timeout or None, debug=args.debug)


def _message(doc: Document) -> str:
    """A document's error, with the flag that changes its limit when there is one."""
    hint = _LIMIT_FLAGS.get(doc.error_kind)
    return f"{doc.error} ({hint})" if hint else doc.error


def _write_all(docs: Iterator[Document], in_flight: deque[tuple[Source, bool]], writer: _Writer, tally: _Tally,
               progress_total: int | None, keep_dropped: bool = False) -> None:
    """Every cleaned document written (or its failure told), counted in *tally*."""
    for n, doc in enumerate(docs, start=1):
        source, silent = in_flight.popleft()
        if progress_total is not None:
            print(f"\rcleaner: {n}/{max(n, progress_total)}", end="", file=sys.stderr, flush=True)
        if silent:
            continue
        problem = _message(doc) if doc.error else None
        if problem is None and doc.dropped:
            tally.dropped[doc.dropped] += 1
            if not (keep_dropped and writer.fmt == "jsonl"):
                continue  # left out: never written as a husk
        problem = problem or writer.write(doc, source)
        if problem:
            tally.failed += 1
            _error(source.name, problem)
            continue
        if doc.dropped:
            continue
        tally.cleaned += 1
        tally.reasons.update(r.reason for r in doc.removed)
        tally.duplicates += len(doc.duplicates)
    writer.commit()


def run_clean(args: argparse.Namespace) -> int:
    """``cleaner clean``: plan the run, clean the documents, write them; the exit status."""
    from .api import clean_many

    try:
        if getattr(args, "address", None) and args.engine != "ray":
            raise _Usage("--address is the Ray cluster of --engine ray: add --engine ray")
        ray_run = _ray_engine(args) if getattr(args, "engine", "local") == "ray" else None
        plan = ray_run.plan if ray_run is not None else _plan(args)
    except _Usage as usage:
        print(f"cleaner: error: {usage}", file=sys.stderr)
        return usage.status
    tally = _Tally(skipped=len(plan.done))
    in_flight: deque[tuple[Source, bool]] = deque()
    progress = plan.total if sys.stderr.isatty() and plan.total > 1 else None
    docs = None
    writer = None
    try:
        writer = _Writer(plan)
        docs = ray_run.documents(in_flight) if ray_run is not None else \
            clean_many(_documents(plan, tally, in_flight), **_options(args)._asdict())
        _write_all(docs, in_flight, writer, tally, progress, args.keep_dropped)
    except _Stop as stop:
        if writer:
            writer.abort()
        if plan.out is None or isinstance(stop.__cause__, BrokenPipeError):
            _silence_stdout()
        if isinstance(stop.__cause__, BrokenPipeError):
            return EXIT_OK
        print(("\n" if progress else "") + f"cleaner: {stop}; stopping", file=sys.stderr)
        print(tally.summary(args.resume), file=sys.stderr)
        return EXIT_SOME_FAILED
    except BaseException:
        if writer:
            writer.abort()
        raise
    finally:
        if docs is not None:
            docs.close()  # stops worker processes and closes the dedup state
    print(("\n" if progress else "") + tally.summary(args.resume), file=sys.stderr)
    return EXIT_SOME_FAILED if tally.failed else EXIT_OK
