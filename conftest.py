"""Doctest collection: the Ray executor's modules need the optional extra (``pip install 'cleaner[ray]'``)."""

import importlib.util

_RAY_MODULES = ["cleaner/ray.py", "cleaner/ray_dedup.py", "cleaner/ray_io.py", "cleaner/ray_cli.py"]
_HAVE_RAY = all(importlib.util.find_spec(name) is not None for name in ("ray", "pyarrow"))
collect_ignore = [] if _HAVE_RAY else _RAY_MODULES
