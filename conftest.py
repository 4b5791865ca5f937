"""Doctest collection: modules of an optional extra are collected only where it is installed.

``cleaner[ray]`` for the Ray executor (its pyarrow for Parquet output), ``cleaner[datasets]`` for :mod:`cleaner.hf`,
``cleaner[datatrove]`` for :mod:`cleaner.datatrove_step`.
"""

import importlib.util


def _have(*names: str) -> bool:
    return all(importlib.util.find_spec(name) is not None for name in names)


_OPTIONAL = {
    ("ray", "pyarrow"): ["cleaner/ray.py", "cleaner/dedup/ray_phases.py", "cleaner/ray_io.py", "cleaner/cli/ray_run.py"],
    ("datasets", "pyarrow"): ["cleaner/hf.py"],
    ("datatrove",): ["cleaner/datatrove_step.py"],
    ("pyarrow",): ["cleaner/output_parquet.py"],
}
collect_ignore = [path for needs, paths in _OPTIONAL.items() if not _have(*needs) for path in paths]
