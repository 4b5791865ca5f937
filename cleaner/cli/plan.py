"""``cleaner clean``, the plan: read stdin, settle the format, check the paths and rule files, list the
inputs and what ``--resume`` skips, and the options the run cleans with; before any document is cleaned.

Both engines plan here (:mod:`cleaner.cli.clean` for the local one, :mod:`cleaner.cli.ray_run` for Ray).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..inputs.sources import Source
    from ..options import Options

EXIT_SOME_FAILED, EXIT_USAGE = 1, 2
OUTPUT_SUFFIXES = ((".jsonl.gz", "jsonl"), (".jsonl", "jsonl"), (".parquet", "parquet"), (".md", "markdown"))  # -o NAME says the format


def format_of_output(output: str | None) -> str | None:
    """The format an ``-o`` name asks for by its suffix, or None when it asks for none.

    >>> format_of_output("pages.jsonl.gz"), format_of_output("x.PARQUET"), format_of_output("out"), format_of_output(None)
    ('jsonl', 'parquet', None, None)
    """
    lower = (output or "").lower()
    return next((fmt for suffix, fmt in OUTPUT_SUFFIXES if lower.endswith(suffix)), None)


def is_one_of(path: str | Path, others: list[str]) -> bool:
    """Whether *path* is the same file as one of *others* that exists (``-``, stdin, is no file)."""
    resolved = Path(path).resolve()
    return any(other != "-" and Path(other).exists() and Path(other).resolve() == resolved for other in others)


def _check_paths(args: argparse.Namespace, fmt: str) -> str | None:
    """A usage problem with the output path, or None."""
    if not args.output:
        return None
    out = Path(args.output).resolve()
    if is_one_of(out, args.src):
        return f"the output {args.output} is also an input"
    if fmt in ("jsonl", "parquet") and (out.is_dir() or args.output.endswith(("/", os.sep))):
        return f"--format {fmt} writes one file, but {args.output} names a folder"
    if writes_folder(args, fmt) and out.exists() and not out.is_dir():
        return f"--format {fmt} writes one file per input into a folder, but {args.output} is a file"
    return None


def _check_stats(args: argparse.Namespace) -> str | None:
    """A usage problem with ``--stats FILE``, or None."""
    stats = getattr(args, "stats", None)
    if not stats:
        return None
    path = Path(stats)
    if path.is_dir() or stats.endswith(("/", os.sep)):
        return f"--stats {stats}: a folder, not a file"
    if is_one_of(path, [*args.src, *([args.output] if args.output else [])]):
        return f"--stats {stats} is also an input or the output"
    return None


def _guess_format(args: argparse.Namespace, stdin: bytes | None) -> str:
    from ..errors import InputError
    from ..inputs.compressed import decompress_sniffed
    from ..inputs.decode import decode_bytes, sniff_kind
    from ..inputs.kinds import is_container, kind_from_suffix

    implied = format_of_output(args.output)
    if args.format and implied and args.format != implied:
        raise UsageError(f"--format {args.format} contradicts -o {args.output}, a {implied} file by its name")
    if args.format or implied:
        return args.format or implied
    if any(is_container(kind_from_suffix(s)) for s in args.src):  # also pages.jsonl.gz, crawl.warc.gz
        return "jsonl"
    if stdin is not None:
        try:
            return "jsonl" if sniff_kind(decode_bytes(decompress_sniffed(stdin, args.max_bytes))) == "jsonl" else "text"
        except InputError:
            pass
    return "text"


class UsageError(Exception):
    """A problem with the command line: one line, exit status 2 (or 1 when *status* says so)."""

    def __init__(self, message: str, status: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Plan:
    """What a ``clean`` run will read and write, settled before any document is cleaned."""

    fmt: str  # "text" or "jsonl"
    out: Path | None  # -o, or None for stdout
    sources: list[Source] | Iterator[Source]  # listed when names, --resume or the progress counter need it
    done: set[int] = field(default_factory=set)  # inputs an earlier run already wrote (--resume)
    resume_from: Path | None = None  # the JSON Lines output whose records are kept
    keep_for_dedup: bool = False  # skipped inputs are still cleaned (not written) so dedup sees them
    provenance: dict | None = None  # jsonl: what made this run's records, written into each

    @property
    def total(self) -> int:
        if not isinstance(self.sources, list):
            return 0
        return len(self.sources) - (0 if self.keep_for_dedup else len(self.done))


def check_rules(paths: list[str]) -> None:
    """Each --rules file read and checked now: a bad one is a usage error naming the file and line."""
    from ..boilerplate.rules import load_rules
    from ..errors import RulesError

    for path in paths:
        try:
            load_rules(path)
        except RulesError as exc:
            raise UsageError(str(exc)) from None


def check_arguments(args: argparse.Namespace, stdin: bytes | None) -> str:
    """What every engine checks before it reads an input: the output format it settles on, or :class:`UsageError`."""
    fmt = _guess_format(args, stdin)
    if args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    problem = _check_paths(args, fmt) or _check_stats(args)
    if problem:
        raise UsageError(problem)
    check_rules(args.rules)
    check_markdown(args, fmt)
    check_options(args)
    _check_parquet(args, fmt)
    return fmt


def check_options(args: argparse.Namespace) -> None:
    """The library's own checks of the options (:meth:`cleaner.Options.check`), told with the flag's name."""
    from ..options import OptionError

    try:
        options_from_args(args).check()
    except OptionError as exc:
        flag = "--" + exc.option.replace("_", "-")
        raise UsageError(flag + str(exc)[len(exc.option):] if str(exc).startswith(exc.option) else f"{flag}: {exc}") from None


def plan_run(args: argparse.Namespace) -> Plan:
    """Read stdin, settle the format, check the paths, list the inputs and what --resume skips."""
    from ..inputs.sources import iter_sources
    from ..output import assign_targets, resume_jsonl

    stdin = sys.stdin.buffer.read() if "-" in args.src else None
    fmt = check_arguments(args, stdin)
    out = Path(args.output) if args.output else None
    found = iter_sources(args.src, stdin=stdin, exclude=out, max_bytes=args.max_bytes)
    resume_from = out if fmt == "jsonl" and out is not None and args.resume and out.exists() else None
    listed = (out is not None and fmt in ("text", "markdown")) or resume_from is not None or sys.stderr.isatty()
    plan = Plan(fmt, out, list(found) if listed else found, resume_from=resume_from,
                 keep_for_dedup=args.dedup != "off" and not args.state)
    plan.provenance = run_provenance(args, fmt)
    if out is not None and fmt == "markdown" and not writes_folder(args, fmt):
        check_one_document(args, plan.sources)
    elif out is not None and fmt in ("text", "markdown"):
        assert isinstance(plan.sources, list)
        if fmt == "markdown":
            name_markdown(plan.sources)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"cannot create the output folder {out} ({exc.strerror or exc})", EXIT_SOME_FAILED) from None
        assign_targets(plan.sources, out)
        if args.resume:
            plan.done = {i for i, s in enumerate(plan.sources) if not s.error and s.rel and (out / s.rel).is_file()}
    elif resume_from is not None:
        assert isinstance(plan.sources, list)
        resumed = resume_jsonl(resume_from, plan.sources)
        if isinstance(resumed, str):
            raise UsageError(resumed)
        plan.done = resumed
    return plan


def run_provenance(args: argparse.Namespace, fmt: str) -> dict | None:
    """What made this run's records (records only: JSON Lines and Parquet), the same for every engine."""
    if fmt not in ("jsonl", "parquet"):
        return None
    from ..provenance import provenance

    return provenance(options_from_args(args))


def _check_parquet(args: argparse.Namespace, fmt: str) -> None:
    """Parquet output needs a file and pyarrow."""
    import importlib.util

    if fmt == "parquet" and not args.output:
        raise UsageError("--format parquet writes a file: give -o FILE.parquet")
    if fmt == "parquet" and importlib.util.find_spec("pyarrow") is None:
        raise UsageError("--format parquet needs pyarrow: pip install 'cleaner[ray]'")


def options_from_args(args: argparse.Namespace) -> Options:
    from ..language import parse_codes
    from ..options import Options

    return Options(dedup=args.dedup, state=args.state, jobs=args.jobs, lang=parse_codes(args.lang) if args.lang else None,
                   max_bytes=args.max_bytes, timeout=args.timeout or None, debug=args.debug, rules=tuple(args.rules),
                   favor=args.favor, markdown=wants_markdown(args), links=getattr(args, "links", False))


def wants_markdown(args: argparse.Namespace) -> bool:
    """Whether documents are rendered as Markdown: ``--format markdown`` (or ``-o FILE.md``), or ``--markdown``."""
    return bool(getattr(args, "markdown", False) or getattr(args, "format", None) == "markdown"
                or format_of_output(getattr(args, "output", None)) == "markdown")


def writes_folder(args: argparse.Namespace, fmt: str) -> bool:
    """Whether the run writes one file per document below ``-o``: text, and Markdown unless ``-o`` names a ``.md`` file."""
    return bool(args.output) and (fmt == "text" or fmt == "markdown" and format_of_output(args.output) != "markdown")


def check_markdown(args: argparse.Namespace, fmt: str) -> None:
    """``--links`` needs Markdown; ``--markdown`` adds a field to records, so it needs records."""
    if getattr(args, "links", False) and not wants_markdown(args):
        raise UsageError("--links keeps links in the Markdown: add --format markdown (or --markdown for a record field)")
    if getattr(args, "markdown", False) and fmt not in ("jsonl", "parquet", "markdown"):
        raise UsageError(f"--markdown adds a 'markdown' field to records: use --format jsonl or parquet, not {fmt}")


def check_one_document(args: argparse.Namespace, sources: list[Source]) -> None:
    """``-o FILE.md`` holds one document: the inputs must give one."""
    if len(sources) != 1:
        raise UsageError(f"-o {args.output} holds one document, but the inputs give {len(sources)}: give -o a folder")


def name_markdown(sources: list[Source]) -> None:
    """Markdown output files are named as text ones, with ``.md`` for ``.txt``."""
    for source in sources:
        if source.rel.endswith(".txt"):
            source.rel = source.rel[:-4] + ".md"
