"""The process environment, read in one place: the library reads none of it, the CLI reads these.

* ``NO_COLOR``: no colour in ``cleaner explain`` on a terminal (``--color auto``);
* ``RAY_ADDRESS``: the Ray cluster of ``--engine ray`` when ``--address`` is not given;
* ``CLEANER_CACHE_DIR`` and ``CLEANER_LINE_MODEL``: where the compiled line model is kept, and whether to
  use it (:func:`cleaner.cli.model.from_environment`).

>>> "PATH" in environment()
True
"""

from __future__ import annotations

import os
from collections.abc import Mapping


def environment() -> Mapping[str, str]:
    """This process's environment variables."""
    return os.environ
