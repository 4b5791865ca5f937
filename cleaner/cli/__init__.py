"""The ``cleaner`` command, a thin user of the library's public API.

:mod:`.main` parses the arguments (and is all that ``cleaner --help`` loads); :mod:`.plan` checks the
options and plans a run before any document is read; :mod:`.clean` runs ``clean`` on the local engine
and :mod:`.ray_run` on Ray; :mod:`.explain` runs ``explain``; :mod:`.progress` draws the progress bar;
:mod:`.model` compiles the line model (``python -m cleaner.cli.model``); :mod:`.cli_environment` is
the one place that reads the process environment.
"""

from .main import main

__all__ = ["main"]
