"""The ``cleaner`` command: a thin user of the library.

    cleaner clean SRC... [-o OUT] [--format text|jsonl|parquet|markdown] [--markdown] [--links] [--no-dedup] [--lang CODES] [--jobs N]
                         [--engine local|ray] [--address ADDR] [--max-bytes N] [--timeout SECONDS] [--resume] [--debug]
    cleaner explain FILE [--rules FILE] [--favor ...]               # every line of one input, kept or removed, and why
    cleaner explain --html OUT.html FILE... [--dedup ...] [--state FILE] [--rules FILE] [--favor ...]
                                                      # the same for several inputs, as one self-contained HTML page

Exit status: 0 when every input was cleaned, 1 when some could not be (each
named on stderr in one line), 2 for usage errors.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from types import FrameType
from typing import Any

from .. import __version__

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


_EXPLAIN_EPILOG = """\
--html OUT.html:
  One page, opened from the file in any browser (inline CSS, no script, nothing
  fetched): a section per document with every line, removed lines greyed and
  labelled with stage, reason and phrase rule, repairs shown before and after,
  repeated sentences linked to where they first appeared (named when an earlier
  run's --state saw them); the documents' contents and the count of each
  stage and reason.  Written as clean writes a file (.OUT.html.part, then
  renamed); a bad input is named on stderr and on the page, exit status 1.
"""


ERROR_PREFIX = "cleaner: error: "  # every usage error's line starts so, whichever command


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, the prefix of every other usage error
        command = self.prog.split(" ", 1)[1] if " " in self.prog else ""
        self.exit(EXIT_USAGE, f"{ERROR_PREFIX}{command + ': ' if command else ''}{message}\n")


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


def _add_cleaning_options(parser: argparse.ArgumentParser) -> None:
    """The options that change what is cleaned and how repeats are found, the same for clean and explain."""
    parser.add_argument("--dedup", choices=("remove", "mark", "off"), default="remove",
                        help="cross-article sentence dedup: remove repeats (default), mark them, or off")
    parser.add_argument("--no-dedup", dest="dedup", action="store_const", const="off", help="same as --dedup off")
    parser.add_argument("--state", metavar="FILE", help="SQLite file of what earlier runs saw, for dedup across runs")
    parser.add_argument("--favor", choices=("balanced", "precision", "recall"), default="balanced",
                        help="keep less (precision) or lose less (recall) on borderline lines (default balanced)")


def _add_explain(sub: Any) -> None:
    from ..options import DEFAULT_MAX_BYTES

    explain = sub.add_parser("explain", help="show every line of an input kept or removed, and why (--html: a page for several)",
                             description="Show every line of one input (HTML or text, or - for stdin) kept or removed,\n"
                                         "with stage, reason and phrase rule.  With --html OUT.html: the inputs clean\n"
                                         "takes, cleaned as clean cleans them (dedup across them), on one page.",
                             epilog=_EXPLAIN_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    explain.add_argument("file", nargs="+", metavar="FILE",
                         help="an input file, or - for stdin; with --html also several, directories, JSON Lines, WARC")
    explain.add_argument("--html", metavar="OUT.html",
                         help="write one self-contained HTML page (no script, no network) explaining every FILE")
    explain.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    explain.add_argument("--rules", metavar="FILE", action="append", default=[], help="extra phrase rules, as for clean")
    _add_cleaning_options(explain)
    explain.set_defaults(jobs=1, lang=None, max_bytes=DEFAULT_MAX_BYTES, timeout=DEFAULT_TIMEOUT, debug=False)


def build_parser() -> argparse.ArgumentParser:
    from ..options import DEFAULT_MAX_BYTES

    parser = _Parser(prog="cleaner", description="Noisy scraped news and blog pages in, the article alone out.")
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    clean = sub.add_parser("clean", help="clean articles (files, directories, JSON Lines or - for stdin)",
                           description="Clean articles: HTML (.html/.htm), page text (.txt), JSON Lines (.jsonl), "
                                       "any of them compressed (.gz, .zst), WARC (.warc, .warc.gz), "
                                       "or - for stdin (sniffed).",
                           epilog=_CLEAN_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    clean.add_argument("src", nargs="+", metavar="SRC", help="file, directory (recursive, sorted) or - for stdin")
    clean.add_argument("-o", "--output", metavar="OUT",
                       help="folder for --format text (one .txt per input) or markdown (one .md), file for --format jsonl or "
                            "parquet; a name ending .jsonl, .jsonl.gz (gzip-compressed as written), .parquet or .md (one "
                            "input's Markdown) sets the format")
    clean.add_argument("--stats", metavar="FILE",
                       help="also write every count of the run (the summary's, all removal reasons) to FILE as JSON")
    clean.add_argument("--format", choices=("text", "jsonl", "parquet", "markdown"),
                       help="text: title line then one paragraph per line; jsonl: one record per article; parquet: the "
                            "records as one Parquet file, needs pyarrow; markdown: one .md per input (or -o FILE.md for "
                            "one input), headings, lists, tables, quotes and code kept (default: what -o's suffix says, "
                            "jsonl for JSON Lines or WARC input, else text; a --format that contradicts -o's suffix is refused)")
    clean.add_argument("--markdown", action="store_true",
                       help="jsonl, parquet: also a 'markdown' field in each record (the article as --format markdown writes it)")
    clean.add_argument("--links", action="store_true",
                       help="Markdown: keep the body's links as Markdown links with absolute URLs (default: their text only)")
    _add_cleaning_options(clean)
    clean.add_argument("--rules", metavar="FILE", action="append", default=[],
                       help="a TOML file of extra phrase rules (as cleaner/data/rules.toml, plus 'scope'); repeatable")
    clean.add_argument("--keep-dropped", action="store_true",
                       help="jsonl: also write the records of documents left out (another language, a duplicate article), "
                            "with empty text and their 'dropped' and 'duplicate_of'")
    clean.add_argument("--lang", metavar="CODES", help="keep only these languages, e.g. en,de")
    clean.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes (default 1); CPUs of a local Ray")
    clean.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="local (default): this machine's processes; ray: Ray Data, on a local Ray with --jobs CPUs "
                            "or the cluster at --address (pip install 'cleaner[ray]')")
    clean.add_argument("--address", metavar="ADDR", help="--engine ray: the Ray cluster to use (default: $RAY_ADDRESS, else a local Ray)")
    clean.add_argument("--max-bytes", type=_positive_int, default=DEFAULT_MAX_BYTES, metavar="N",
                       help=f"refuse a document (a .txt or .html file, a JSON Lines record) over N bytes "
                            f"(default {DEFAULT_MAX_BYTES})")
    clean.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                       help=f"give up on a document that takes longer than this to clean "
                            f"(default {DEFAULT_TIMEOUT:g}; 0: no limit)")
    clean.add_argument("--resume", action="store_true",
                       help="skip inputs whose output an earlier (interrupted) run already wrote; see below")
    clean.add_argument("--debug", action="store_true", help="show tracebacks")
    _add_explain(sub)
    return parser


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
    try:
        previous_term = signal.signal(signal.SIGTERM, _on_sigterm(os.getpid()))
    except ValueError:  # not the main thread: leave SIGTERM alone
        previous_term = None
    try:
        from .cli_environment import environment
        from .model import configure_from_environment

        configure_from_environment()
        if args.command == "explain":
            from .explain import run_explain_command

            use_color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in environment())
            return run_explain_command(args, color=use_color)
        from .clean import run_clean

        return run_clean(args)
    except KeyboardInterrupt:
        print("cleaner: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        from .clean import silence_stdout

        silence_stdout()
        return EXIT_OK
    except Exception as exc:  # a bug or an environment problem: one line unless --debug
        if debug:
            raise
        print(f"cleaner: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_SOME_FAILED
    finally:
        if previous_term is not None:
            signal.signal(signal.SIGTERM, previous_term)


if __name__ == "__main__":
    raise SystemExit(main())
