"""The ``cleaner`` command: a thin user of the library.

    cleaner clean SRC... [-o OUT] [--format text|jsonl] [--no-dedup] [--lang CODES] [--jobs N]
    cleaner explain FILE

Exit status: 0 when every input was cleaned, 1 when some could not be (each
named on stderr in one line), 2 for usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cleaner", description="Noisy scraped news and blog pages in, the article alone out.")
    parser.add_argument("--version", action="version", version=f"cleaner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    clean = sub.add_parser("clean", help="clean articles (files, directories, JSON Lines or - for stdin)",
                           description="Clean articles: HTML (.html/.htm), page text (.txt), JSON Lines (.jsonl), "
                                       "or - for stdin (sniffed).")
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
    clean.add_argument("--debug", action="store_true", help="show tracebacks")
    explain = sub.add_parser("explain", help="show every line of one input kept or removed, and why")
    explain.add_argument("file", metavar="FILE", help="an input file, or - for stdin")
    explain.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    return parser


def _error(name: str, message: str) -> None:
    print(f"cleaner: {name}: {message}", file=sys.stderr)


def _summary(docs: int, failed: int, dropped: int, reasons: Counter, duplicates: int) -> str:
    top = ", ".join(f"{reason} {count}" for reason, count in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])))
    parts = [f"{docs} cleaned", f"{failed} failed"]
    if dropped:
        parts.append(f"{dropped} filtered by language")
    parts.append(f"{sum(reasons.values())} removals" + (f" ({top})" if top else ""))
    parts.append(f"{duplicates} duplicate sentences")
    return "cleaner: " + "; ".join(parts)


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


def run_clean(args: argparse.Namespace) -> int:
    from .language import parse_codes
    from .output import AtomicTextFile, jsonl_line, write_atomic
    from .pipeline import clean_many
    from .sources import iter_sources

    stdin = sys.stdin.buffer.read() if "-" in args.src else None
    fmt = args.format
    if fmt is None:
        from .decode import sniff_kind

        jsonl_in = any(s.lower().endswith(".jsonl") for s in args.src) or (
            stdin is not None and sniff_kind(stdin[:65536].decode("utf-8", "replace")) == "jsonl")
        fmt = "jsonl" if jsonl_in else "text"
    if args.jobs < 1:
        print("cleaner: error: --jobs must be 1 or more", file=sys.stderr)
        return EXIT_USAGE
    problem = _check_paths(args, fmt)
    if problem:
        print(f"cleaner: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.output) if args.output else None
    sources = list(iter_sources(args.src, stdin=stdin, exclude=out if fmt == "text" else None))
    rels = {id(s.doc): s for s in sources}
    jsonl_file = AtomicTextFile(out) if fmt == "jsonl" and out is not None else None
    reasons: Counter = Counter()
    cleaned = failed = dropped = duplicates = 0
    written: set[str] = set()
    first_text = True
    progress = sys.stderr.isatty() and len(sources) > 1
    try:
        docs = clean_many((s.doc for s in sources), dedup=args.dedup, state=args.state,
                          lang=parse_codes(args.lang) if args.lang else None, jobs=args.jobs)
        for n, doc in enumerate(docs, start=1):
            source = rels.get(id(doc))
            if progress:
                print(f"\rcleaner: {n}/{len(sources)}", end="", file=sys.stderr, flush=True)
            if doc.error:
                failed += 1
                _error(source.name if source else doc.id, doc.error)
                continue
            if doc.dropped:
                dropped += 1
                continue
            cleaned += 1
            reasons.update(r.reason for r in doc.removed)
            duplicates += len(doc.duplicates)
            if fmt == "jsonl":
                line = jsonl_line(doc.to_record())
                if jsonl_file:
                    jsonl_file.write(line)
                else:
                    sys.stdout.write(line)
            elif out is not None:
                rel = source.rel if source else f"{doc.id}.txt"
                stem, k = rel[:-4], 1
                while rel in written:  # two inputs with one output name: neither overwrites the other
                    k += 1
                    rel = f"{stem}~{k}.txt"
                written.add(rel)
                write_atomic(out / rel, doc.to_text())
            else:
                sys.stdout.write(("" if first_text else "\n") + doc.to_text())
                first_text = False
        if jsonl_file:
            jsonl_file.commit()
    except BaseException:
        if jsonl_file:
            jsonl_file.abort()
        raise
    if progress:
        print(file=sys.stderr)
    print(_summary(cleaned, failed, dropped, reasons, duplicates), file=sys.stderr)
    return EXIT_SOME_FAILED if failed else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        if args.command == "explain":
            from .explain import run_explain

            return run_explain(args.file, color=args.color)
        return run_clean(args)
    except KeyboardInterrupt:
        print("cleaner: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug or an environment problem: one line unless --debug
        if getattr(args, "debug", False):
            raise
        print(f"cleaner: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_SOME_FAILED


if __name__ == "__main__":
    raise SystemExit(main())
