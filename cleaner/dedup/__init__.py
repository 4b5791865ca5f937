"""Cross-article dedup: a sentence or quote repeated near-verbatim is kept in its first article only.

Three phases, as datatrove splits them: *signatures* (:func:`signatures`, pure, per document, in
:mod:`.deduper` over :mod:`.minhash`), *find* and *filter* (:class:`Deduper`, in input order, over the
seen units of :mod:`.state` and its sorted index levels :mod:`.level`). What matches, which copy wins
(:func:`cleaner.dedup.rules.wins`: the earliest) and what goes are decided once, in :mod:`.rules`, for
every executor; :mod:`.ray_phases` runs the same rules as Ray Data group-by phases.

>>> from cleaner.dedup import Deduper, signatures
>>> Deduper.__name__, signatures.__name__
('Deduper', 'signatures')

The names are imported when first used, so importing one module of this folder loads no other.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .deduper import Deduper, DocSignatures, signatures, unit_signatures

__all__ = ["Deduper", "DocSignatures", "signatures", "unit_signatures"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'cleaner.dedup' has no attribute {name!r}")
    value = getattr(import_module(".deduper", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
