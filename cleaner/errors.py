"""The exception the pipeline raises for bad input, and the per-document time limit.

:class:`InputError` messages are a single human-readable line; the CLI prefixes the file name.

>>> str(InputError("empty file"))
'empty file'
>>> import time
>>> with time_limit(0.05):  # doctest: +IGNORE_EXCEPTION_DETAIL
...     time.sleep(1)
Traceback (most recent call last):
DocumentTimeout: took longer than the 0.05-second limit
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class InputError(ValueError):
    """Input that cannot be cleaned: binary, empty, too large, not an article."""

    kind = "input"  # ``Document.error_kind`` of a document that failed with it


class TooLarge(InputError):
    """A document over the size limit (the CLI names its ``--max-bytes`` flag)."""

    kind = "too_large"


class DocumentTimeout(BaseException):
    """One document took longer than its time limit.

    A ``BaseException`` so that no ``except Exception`` inside a stage swallows it.
    """

    kind = "timeout"


def _seconds(limit: float) -> str:
    return f"{limit:g}-second"


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`DocumentTimeout` in the block once *seconds* have passed.

    Uses ``SIGALRM``, so it works only on the main thread of a process (which is
    where pool workers run their tasks too); elsewhere, or with *seconds* None or
    0, the block runs unlimited.  The timer re-fires every second until the block
    ends (in case the first alarm lands where Python ignores exceptions, e.g. in
    ``__del__``), and it is always cleared and the old handler restored on exit.
    """
    if not seconds or seconds <= 0 or not hasattr(signal, "setitimer") \
            or threading.current_thread() is not threading.main_thread():
        yield
        return
    armed = True

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        if armed:
            raise DocumentTimeout(f"took longer than the {_seconds(seconds)} limit")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        try:
            armed = False
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


@contextmanager
def time_limit_paused() -> Iterator[None]:
    """Stop the clock of an enclosing :func:`time_limit` for the block (set-up work, not the document's).

    >>> import time
    >>> with time_limit(0.05), time_limit_paused():
    ...     time.sleep(0.1)  # no timeout: the clock was stopped
    """
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    remaining, interval = signal.setitimer(signal.ITIMER_REAL, 0)
    try:
        yield
    finally:
        if remaining > 0:
            signal.setitimer(signal.ITIMER_REAL, remaining, interval)


class RulesError(ValueError):
    """A rules file that cannot be used: one line naming the file (and line) and the problem."""
