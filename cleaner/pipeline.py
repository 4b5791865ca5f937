"""Stages and the pipeline that runs them: one document in, one cleaned document out.

A stage is a named callable ``Document -> Document`` (:class:`Stage`: a plain
function and its keyword arguments). A :class:`Pipeline` runs a list of them on
one document and contains, in one place, what can go wrong with it: bad input,
a time limit, an unexpected error (the document fails, never the batch).
:func:`default_pipeline` builds the standard one from :class:`Options`; executors
(:mod:`cleaner.local`, :mod:`cleaner.ray`) run a pipeline over many documents and
add the cross-article dedup.

>>> doc = default_pipeline().run(Document(id="a", raw="Connect with us\\nThe ministry said on Wednesday "
...                                                   "that it had found the intruders last year."))
>>> doc.text, [(r.stage, r.reason) for r in doc.removed]
('The ministry said on Wednesday that it had found the intruders last year.', [('boilerplate', 'navigation')])
>>> shout = Stage("shout", lambda d: (setattr(d, "paragraphs", [p.upper() for p in d.paragraphs]), d)[1])
>>> Pipeline((Stage("extract", extract), shout)).run(Document(id="b", raw="quiet")).paragraphs
['QUIET']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .boilerplate.headline import html_title
from .boilerplate.listblock import is_list_body
from .boilerplate.rules import RuleSet, rules_with
from .boilerplate.stage import strip
from .dates import date_from_datelines
from .document import Document
from .errors import DocumentTimeout, InputError, TooLarge, time_limit
from .extract import Judge, extract
from .language import tag_language
from .options import DEFAULT_MAX_BYTES, Options
from .repair import repair


@dataclass(frozen=True)
class Stage:
    """A named step: ``func(doc, **kwargs)`` returns the document, changed."""

    name: str
    func: Callable[..., Document]
    kwargs: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self, doc: Document) -> Document:
        return self.func(doc, **self.kwargs)


@dataclass(frozen=True)
class Pipeline:
    """Stages run in order on one document, with per-document limits and errors handled here only."""

    stages: Sequence[Stage]
    max_bytes: int = DEFAULT_MAX_BYTES  # larger inputs (UTF-8 bytes) fail with a clear message
    timeout: float | None = None  # seconds per document; None: no limit
    debug: bool = False  # unexpected errors propagate instead of failing the document
    trace: bool = False  # record each line's fate in doc.trace

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def run(self, doc: Document) -> Document:
        """*doc* through every stage; bad input sets ``doc.error`` (and ``error_kind``) instead of raising."""
        if doc.error:  # already failed (e.g. unreadable): keep its reason
            doc.raw = ""
            return doc
        if self.trace and doc.trace is None:
            doc.trace = []
        try:
            _check_size(doc.raw, self.max_bytes)
            with time_limit(self.timeout):
                for stage in self.stages:
                    doc = stage(doc)
        except (InputError, DocumentTimeout) as exc:
            doc.fail(exc.kind, str(exc))
        except RecursionError:
            doc.fail("input", "input nested too deeply to parse")
        except Exception as exc:  # a bug met on odd input: one document fails, not the batch
            if self.debug:
                raise
            doc.fail("internal", f"internal error ({type(exc).__name__}: {exc}); please report it")
        doc.raw = ""  # the cleaned record no longer needs (or ships) the input
        return doc

    __call__ = run


def _check_size(raw: str, limit: int) -> None:
    size = len(raw) if len(raw) * 4 <= limit or raw.isascii() else utf8_size(raw)
    if size > limit:
        raise TooLarge(f"{size:,} bytes, over the {limit:,}-byte limit")
    if not raw.strip():
        raise InputError("empty input")


def utf8_size(text: str, step: int = 1 << 20) -> int:
    """The UTF-8 length of *text*, encoded a part at a time (a long text is never copied whole).

    >>> utf8_size("café" * 3, step=5) == len(("café" * 3).encode("utf-8"))
    True
    """
    return sum(len(text[at:at + step].encode("utf-8", "replace")) for at in range(0, len(text), step))


JUDGE = Judge(title=html_title, list_article=is_list_body)  # what extract asks of the boilerplate engine's rules


def default_pipeline(options: Options | None = None, *, rules: RuleSet | None = None) -> Pipeline:
    """extract, repair, boilerplate, date, language: the per-article stages as *options* ask."""
    options = (options or Options()).check()
    stages = (
        Stage("extract", extract, {"favor": options.favor, "markdown": options.markdown, "links": options.links,
                                   "judge": JUDGE}),
        Stage("repair", repair),
        Stage("boilerplate", strip, {"rules": rules or rules_with(options.rules), "favor": options.favor}),
        Stage("date", date_from_datelines),
        Stage("language", tag_language, {"detector": options.detector, "keep": options.lang}),
    )
    return Pipeline(stages, max_bytes=options.max_bytes, timeout=options.timeout, debug=options.debug,
                    trace=options.trace)
