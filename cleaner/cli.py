"""The ``cleaner`` command: a thin user of the library.

    cleaner clean SRC... [-o OUT] [--format text|jsonl] [--no-dedup] [--lang CODES] [--jobs N]
                         [--max-bytes N] [--timeout SECONDS] [--resume] [--debug]
    cleaner explain FILE

Exit status: 0 when every input was cleaned, 1 when some could not be (each
named on stderr in one line), 2 for usage errors.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from . import __version__

if TYPE_CHECKING:
    from .document import Document

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
DEFAULT_TIMEOUT = 60.0

_CLEAN_EPILOG = """\
reliability:
  A bad input (unreadable, empty, binary, too large, too slow, malformed JSON
  Lines record, ...) gets one line on stderr naming it, and the batch goes on;
  the exit status is then 1.  Inputs are never modified and nothing is written
  outside -o.  Every output file is written to a temporary .NAME.part beside it
  and renamed into place when complete, so an interrupted run leaves no
  half-written file; rerunning gives identical bytes.

--resume:
  text output (-o DIR): an input whose output file exists is not written again
  (a file that exists is complete).  jsonl output (-o FILE): the records of an
  existing, complete FILE are kept and inputs whose id it already holds are
  skipped; new records are appended, and FILE is replaced atomically at the end.
  With dedup on and no --state, skipped inputs are still cleaned (not written)
  so later articles are deduplicated exactly as in an uninterrupted run.
  Outputs are trusted as they are: resume with the options of the first run.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 <= value < 1e6:
        raise argparse.ArgumentTypeError("must be 0 (no limit) or a positive number of seconds")
    return value


def build_parser() -> argparse.ArgumentParser:
    from .sources import DEFAULT_MAX_BYTES

    parser = _Parser(prog="cleaner", description="Noisy scraped news and blog pages in, the article alone out.")
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    clean = sub.add_parser("clean", help="clean articles (files, directories, JSON Lines or - for stdin)",
                           description="Clean articles: HTML (.html/.htm), page text (.txt), JSON Lines (.jsonl), "
                                       "or - for stdin (sniffed).",
                           epilog=_CLEAN_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    clean.add_argument("src", nargs="+", metavar="SRC", help="file, directory (recursive, sorted) or - for stdin")
    clean.add_argument("-o", "--output", metavar="OUT",
                       help="folder for --format text (one .txt per input), file for --format jsonl")
    clean.add_argument("--format", choices=("text", "jsonl"),
                       help="text: title line then one paragraph per line; jsonl: one record per article "
                            "(default: jsonl for JSON Lines input, else text)")
    clean.add_argument("--dedup", choices=("remove", "mark", "off"), default="remove",
                       help="cross-article sentence dedup: remove repeats (default), mark them, or off")
    clean.add_argument("--no-dedup", dest="dedup", action="store_const", const="off", help="same as --dedup off")
    clean.add_argument("--state", metavar="FILE", help="SQLite file of what earlier runs saw, for dedup across runs")
    clean.add_argument("--lang", metavar="CODES", help="keep only these languages, e.g. en,de")
    clean.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default 1)")
    clean.add_argument("--max-bytes", type=_positive_int, default=DEFAULT_MAX_BYTES, metavar="N",
                       help=f"refuse a document (a .txt or .html file, a JSON Lines record) over N bytes "
                            f"(default {DEFAULT_MAX_BYTES})")
    clean.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                       help=f"give up on a document that takes longer than this to clean "
                            f"(default {DEFAULT_TIMEOUT:g}; 0: no limit)")
    clean.add_argument("--resume", action="store_true",
                       help="skip inputs whose output an earlier (interrupted) run already wrote; see below")
    clean.add_argument("--debug", action="store_true", help="show tracebacks")
    explain = sub.add_parser("explain", help="show every line of one input kept or removed, and why")
    explain.add_argument("file", metavar="FILE", help="an input file, or - for stdin")
    explain.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    return parser


def _error(name: str, message: str) -> None:
    print(f"cleaner: {name}: {message}", file=sys.stderr)


@dataclass
class _Tally:
    cleaned: int = 0
    failed: int = 0
    dropped: int = 0
    skipped: int = 0
    duplicates: int = 0
    reasons: Counter = field(default_factory=Counter)

    def summary(self, resume: bool) -> str:
        top = ", ".join(f"{reason} {count}"
                        for reason, count in sorted(self.reasons.items(), key=lambda kv: (-kv[1], kv[0])))
        parts = [f"{self.cleaned} cleaned", f"{self.failed} failed"]
        if resume:
            parts.append(f"{self.skipped} already done (--resume)")
        if self.dropped:
            parts.append(f"{self.dropped} filtered by language")
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
    if fmt == "jsonl" and out.is_dir():
        return f"--format jsonl writes one file, but {args.output} is a folder"
    if fmt == "text" and out.exists() and not out.is_dir():
        return f"--format text writes one file per input into a folder, but {args.output} is a file"
    return None


def _guess_format(args: argparse.Namespace, stdin: bytes | None) -> str:
    from .decode import decode_bytes, sniff_kind
    from .errors import InputError

    if args.format:
        return args.format
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


def run_clean(args: argparse.Namespace) -> int:
    from .language import parse_codes
    from .output import FATAL_WRITE_ERRNOS, AtomicTextFile, assign_targets, jsonl_line, lands_inside, resume_jsonl, write_atomic
    from .pipeline import clean_many
    from .sources import Source, iter_sources

    stdin = sys.stdin.buffer.read() if "-" in args.src else None
    fmt = _guess_format(args, stdin)
    if args.jobs < 1:
        print("cleaner: error: --jobs must be 1 or more", file=sys.stderr)
        return EXIT_USAGE
    problem = _check_paths(args, fmt)
    if problem:
        print(f"cleaner: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.output) if args.output else None
    # Sources know how to load their content, not the content.  All of them are listed first (ids and
    # names only) when output names, --resume or the progress counter need it; else they stream.
    found = iter_sources(args.src, stdin=stdin, exclude=out, max_bytes=args.max_bytes)
    del stdin
    resume_from = out if fmt == "jsonl" and out is not None and args.resume and out.exists() else None
    listed = (out is not None and fmt == "text") or resume_from is not None or sys.stderr.isatty()
    sources: list[Source] | Iterator[Source] = list(found) if listed else found
    done: set[int] = set()
    if out is not None and fmt == "text":
        assert isinstance(sources, list)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            print(f"cleaner: error: cannot create the output folder {out} ({exc.strerror or exc})", file=sys.stderr)
            return EXIT_SOME_FAILED
        assign_targets(sources, out)
        if args.resume:
            done = {i for i, s in enumerate(sources) if not s.error and s.rel and (out / s.rel).is_file()}
    elif resume_from is not None:
        assert isinstance(sources, list)
        resumed = resume_jsonl(resume_from, sources)
        if isinstance(resumed, str):
            print(f"cleaner: error: {resumed}", file=sys.stderr)
            return EXIT_USAGE
        done = resumed
    # Skipped inputs still go through dedup (cleaned, not written) unless the state file already knows them.
    keep_for_dedup = args.dedup != "off" and not args.state
    total = len(sources) - (0 if keep_for_dedup else len(done)) if isinstance(sources, list) else 0
    tally = _Tally(skipped=len(done))
    in_flight: deque[tuple[Source, bool]] = deque()  # the source of each document given to clean_many, and
    # whether it is only there for dedup (not written)

    def documents() -> Iterator[Document]:
        """Each input read and decoded only now, in input order, just before it is cleaned."""
        for i, source in enumerate(sources):
            if i in done and not keep_for_dedup and not source.probe():
                continue  # done, and still readable: not cleaned again
            doc = source.load()
            if i in done and doc.error:  # done before, but cannot be read now: a failure, as in a first run
                done.discard(i)
                tally.skipped -= 1
            in_flight.append((source, i in done))
            yield doc

    out_real = out.resolve() if out is not None else None
    jsonl_file = None
    docs = None
    first_text = True
    progress = sys.stderr.isatty() and total > 1
    options: dict[str, Any] = {"dedup": args.dedup, "state": args.state, "jobs": args.jobs,
                               "lang": parse_codes(args.lang) if args.lang else None,
                               "max_bytes": args.max_bytes, "timeout": args.timeout or None}
    try:
        if fmt == "jsonl" and out is not None:
            try:
                jsonl_file = AtomicTextFile(out, resume_from)
            except OSError as exc:
                raise _Stop(_write_failed(out, exc)) from exc
        docs = clean_many(documents(), **options)
        for n, doc in enumerate(docs, start=1):
            source, silent = in_flight.popleft()
            if progress:
                print(f"\rcleaner: {n}/{max(n, total)}", end="", file=sys.stderr, flush=True)
            if silent:
                continue
            if doc.error:
                tally.failed += 1
                _error(source.name, doc.error)
                continue
            if doc.dropped:
                tally.dropped += 1
                continue
            if fmt == "jsonl":
                line = jsonl_line(doc.to_record())
                try:
                    (jsonl_file or sys.stdout).write(line)
                except OSError as exc:
                    raise _Stop(_write_failed(out or "standard output", exc)) from exc
            elif out is not None and out_real is not None:
                target = out / source.rel
                try:
                    if not lands_inside(out_real, target):
                        raise OSError(0, "it would land outside the output folder (a symbolic link)")
                    write_atomic(target, doc.to_text())
                except OSError as exc:
                    if exc.errno in FATAL_WRITE_ERRNOS:
                        raise _Stop(_write_failed(target, exc)) from exc
                    tally.failed += 1
                    _error(source.name, _write_failed(target, exc))
                    continue
            else:
                try:
                    sys.stdout.write(("" if first_text else "\n") + doc.to_text())
                except OSError as exc:
                    raise _Stop(_write_failed("standard output", exc)) from exc
                first_text = False
            tally.cleaned += 1
            tally.reasons.update(r.reason for r in doc.removed)
            tally.duplicates += len(doc.duplicates)
        try:
            if jsonl_file:
                jsonl_file.commit()
            elif out is None:
                sys.stdout.flush()
        except OSError as exc:
            raise _Stop(_write_failed(out or "standard output", exc)) from exc
    except _Stop as stop:
        if jsonl_file:
            jsonl_file.abort()
        if out is None or isinstance(stop.__cause__, BrokenPipeError):
            _silence_stdout()
        if isinstance(stop.__cause__, BrokenPipeError):
            return EXIT_OK
        if progress:
            print(file=sys.stderr)
        print(f"cleaner: {stop}; stopping", file=sys.stderr)
        print(tally.summary(args.resume), file=sys.stderr)
        return EXIT_SOME_FAILED
    except BaseException:
        if jsonl_file:
            jsonl_file.abort()
        raise
    finally:
        if docs is not None:
            docs.close()  # stops worker processes and closes the dedup state
    if progress:
        print(file=sys.stderr)
    print(tally.summary(args.resume), file=sys.stderr)
    return EXIT_SOME_FAILED if tally.failed else EXIT_OK


def _on_sigterm(main_pid: int) -> Any:
    def handler(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != main_pid:  # a forked worker: just go
            os._exit(128 + signum)
        raise SystemExit(128 + signum)  # unwinds, so temporary files are removed

    return handler


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    debug = getattr(args, "debug", False)
    previous_env = os.environ.get("CLEANER_DEBUG")
    if debug:
        os.environ["CLEANER_DEBUG"] = "1"  # clean_document re-raises unexpected errors (in workers too)
    try:
        previous_term = signal.signal(signal.SIGTERM, _on_sigterm(os.getpid()))
    except ValueError:  # not the main thread: leave SIGTERM alone
        previous_term = None
    try:
        if args.command == "explain":
            from .explain import run_explain

            return run_explain(args.file, color=args.color)
        return run_clean(args)
    except KeyboardInterrupt:
        print("cleaner: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except Exception as exc:  # a bug or an environment problem: one line unless --debug
        if debug:
            raise
        print(f"cleaner: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_SOME_FAILED
    finally:
        if previous_term is not None:
            signal.signal(signal.SIGTERM, previous_term)
        if debug and previous_env is None:
            os.environ.pop("CLEANER_DEBUG", None)


if __name__ == "__main__":
    raise SystemExit(main())
