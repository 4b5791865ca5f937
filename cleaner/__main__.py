"""``python -m cleaner`` is the ``cleaner`` command."""

from .cli.main import main

raise SystemExit(main())
