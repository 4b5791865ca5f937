"""``cleaner explain``: one input's lines on the terminal, or ``--html OUT.html``: one page for several inputs.

The terminal view is :func:`cleaner.explain.terminal.run_explain` (one article, unchanged). The page cleans
its inputs as ``cleaner clean`` does: the same input plan (stdin read first, the ``--rules`` files
checked, :func:`cleaner.inputs.sources.iter_sources` with the output never read back as input), the same
options (:func:`cleaner.cli.plan.options_from_args`) and :func:`cleaner.clean_many` with cross-article dedup
(``--state`` included), with the trace on; :mod:`cleaner.explain.report` reads the documents and
:mod:`cleaner.explain.page` renders them. The page is written as ``clean`` writes a file:
``.OUT.part`` beside it, renamed into place when complete (:class:`cleaner.output.AtomicTextFile`).

Exit status as for ``clean``: 0, 1 when an input could not be cleaned (each named on stderr in one
line, and on the page) or the page cannot be written, 2 for usage errors.

>>> _output_problem(Path("samples"), ["samples"])
'--html writes one file, but samples is a folder'
"""

from __future__ import annotations

import argparse
import errno
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .plan import EXIT_SOME_FAILED, EXIT_USAGE, UsageError, check_options, check_rules, is_one_of, options_from_args

if TYPE_CHECKING:
    from ..document import Document
    from ..inputs.sources import Source
    from ..output import AtomicTextFile


def run_explain_command(args: argparse.Namespace, *, color: bool) -> int:
    """``cleaner explain``: the terminal view of one FILE, or with ``--html`` the page of every FILE."""
    if args.html is not None:
        return run_page(args)
    problem = ("explain shows one FILE on the terminal; for several, write a page: --html OUT.html" if len(args.file) > 1
               else "--state looks across runs, which only the page shows: add --html OUT.html" if args.state else None)
    if problem:
        print(f"cleaner: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    from ..explain.terminal import run_explain

    return run_explain(args.file[0], color=color, rules=tuple(args.rules), favor=args.favor)


def _output_problem(out: Path, srcs: list[str]) -> str | None:
    """A usage problem with the page's path (a folder, or one of the inputs), or None."""
    if out.is_dir():
        return f"--html writes one file, but {out} is a folder"
    if is_one_of(out, srcs):
        return f"the output {out} is also an input"
    return None


def _sources(args: argparse.Namespace, out: Path) -> Iterator[Source]:
    """The inputs, planned as ``clean`` plans them; a problem with the command line raises :class:`UsageError`."""
    from ..inputs.sources import iter_sources

    stdin = sys.stdin.buffer.read() if "-" in args.file else None
    problem = _output_problem(out, args.file)
    if problem:
        raise UsageError(problem)
    check_rules(args.rules)
    check_options(args)
    return iter_sources(args.file, stdin=stdin, exclude=out, max_bytes=args.max_bytes)


def _open_page(out: Path) -> AtomicTextFile:
    """The page's temporary file, opened before anything is cleaned; a folder that does not exist is not made."""
    from ..output import AtomicTextFile

    if not out.parent.is_dir():
        code = errno.ENOTDIR if out.parent.exists() else errno.ENOENT
        raise OSError(code, f"{'not a folder' if code == errno.ENOTDIR else 'no such folder'}: {out.parent}")
    return AtomicTextFile(out)


def _told(docs: Iterator[Document], failed: list[str]) -> Iterator[Document]:
    """*docs* as they come, each failure named on stderr in one line (and its name kept in *failed*)."""
    from .clean import failure_message

    for doc in docs:
        if doc.error:
            failed.append(doc.source or doc.id)
            print(f"cleaner: {doc.source or doc.id}: {failure_message(doc)}", file=sys.stderr)
        yield doc


def run_page(args: argparse.Namespace) -> int:
    """``cleaner explain --html OUT FILE...``: every FILE cleaned as ``clean`` would, on one page; the exit status."""
    from ..api import clean_many
    from ..explain.page import render
    from ..explain.report import collect
    from ..provenance import provenance
    from .clean import write_failed

    out = Path(args.html)
    try:
        sources = _sources(args, out)
    except UsageError as usage:
        print(f"cleaner: error: {usage}", file=sys.stderr)
        return usage.status
    try:
        page = _open_page(out)
    except OSError as exc:
        print(f"cleaner: {write_failed(out, exc)}", file=sys.stderr)
        return EXIT_SOME_FAILED
    options = options_from_args(args)._replace(trace=True)
    docs = clean_many((source.load() for source in sources), **options._asdict())
    failed: list[str] = []
    try:
        page.write(render(collect(_told(docs, failed)), dedup=options.dedup, about=provenance(options)))
        page.commit()
    except OSError as exc:
        page.abort()
        print(f"cleaner: {write_failed(out, exc)}", file=sys.stderr)
        return EXIT_SOME_FAILED
    except BaseException:
        page.abort()
        raise
    finally:
        docs.close()
    return EXIT_SOME_FAILED if failed else 0
