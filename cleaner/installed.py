"""The installed version of a package, read from its ``.dist-info`` folder's name: cache keys without importlib.metadata.

``importlib.metadata`` takes tens of milliseconds to import (email parsing and more), paid by every
process that only wants to know whether its cache file is still the right one. A package installed
by pip sits beside its ``NAME-VERSION.dist-info`` folder; that name is the version. Where there is no
single such folder (an egg, a source checkout), ``importlib.metadata`` answers as before.

>>> import langdetect
>>> dist_version("langdetect", langdetect.__file__).startswith("langdetect-")
True
"""

from __future__ import annotations

import os


def dist_version(name: str, module_file: str) -> str:
    """A key of the installed distribution *name*, whose top-level package holds *module_file* (its ``__init__.py``
    or any module directly inside it): the dist-info folder's name, else ``importlib.metadata``'s version."""
    site = os.path.dirname(os.path.dirname(module_file))
    prefix = name.lower().replace("-", "_") + "-"  # a dist-info folder's name spells a "-" of the name as "_"
    try:
        with os.scandir(site) as entries:
            found = [e.name for e in entries if e.name.lower().startswith(prefix) and e.name.endswith(".dist-info")]
    except OSError:
        found = []
    if len(found) == 1:
        return found[0]
    from importlib.metadata import version

    return version(name)


def package_key(name: str) -> str:
    """:func:`dist_version` of the installed package *name*, found without importing it ("" where it is not installed)."""
    from importlib.util import find_spec

    spec = find_spec(name)
    if spec is None or spec.origin is None:
        return ""
    return dist_version(name, spec.origin)
