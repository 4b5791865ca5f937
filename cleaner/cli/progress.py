"""The progress of a batch on stderr: a tqdm bar when stderr is a terminal, nothing otherwise.

The bar shows the documents done, documents per second, and the time left when the number of
documents is known. Messages (one line per input that failed) are written above it, so it is
never torn. When stderr is not a terminal (a log file, a pipe) nothing is shown but those
messages: tqdm is not even imported.

>>> import io
>>> stream = io.StringIO()
>>> progress = progress_for(stream, total=2)
>>> progress.update(); progress.message("cleaner: a.txt: empty input"); progress.close()
>>> stream.getvalue()
'cleaner: a.txt: empty input\\n'
"""

from __future__ import annotations

from typing import Any, TextIO

MIN_INTERVAL = 0.5  # seconds between two redraws of the bar


class Progress:
    """No bar: messages go straight to the stream."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def update(self) -> None:
        """One more document done."""

    def message(self, line: str) -> None:
        """A line for the user (above the bar, when there is one)."""
        print(line, file=self.stream, flush=True)

    def close(self) -> None:
        """The bar (if any) left in its final state, the cursor on a new line."""


class Bar(Progress):
    """A tqdm bar: ``cleaner:  40%|████      | 812/2000 [00:21<00:31, 38.2doc/s]``."""

    def __init__(self, stream: TextIO, total: int | None) -> None:
        super().__init__(stream)
        from tqdm import tqdm

        self.bar: Any = tqdm(total=total, desc="cleaner", unit="doc", file=stream, mininterval=MIN_INTERVAL,
                             dynamic_ncols=True, smoothing=0.1)

    def update(self) -> None:
        self.bar.update(1)

    def message(self, line: str) -> None:
        self.bar.write(line, file=self.stream)

    def close(self) -> None:
        self.bar.close()


def progress_for(stream: TextIO, total: int | None) -> Progress:
    """A :class:`Bar` when *stream* is a terminal and there is more than one document, else a silent :class:`Progress`.

    *total*: the number of documents, or None when unknown (the bar then shows no time left).
    """
    if total == 1 or total == 0 or not stream.isatty():
        return Progress(stream)
    return Bar(stream, total)
