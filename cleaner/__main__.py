"""``python -m cleaner`` is the ``cleaner`` command."""

from .cli import main

raise SystemExit(main())
