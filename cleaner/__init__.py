"""cleaner: noisy scraped news and blog pages in, the article alone out.

>>> from cleaner import clean
>>> clean("Advertisement\\nThe ministry said the intruders had been inside since 2022.").text
'The ministry said the intruders had been inside since 2022.'

The names below are imported when first used, so ``cleaner --help`` starts without numpy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_WHERE = {"clean": "api", "clean_many": "api", "as_document": "api", "Document": "document", "Duplicate": "document", "Removal": "document",
          "Repair": "document", "InputError": "errors", "Options": "options", "Pipeline": "pipeline", "Stage": "pipeline",
          "default_pipeline": "pipeline"}

if TYPE_CHECKING:
    from .api import as_document, clean, clean_many
    from .document import Document, Duplicate, Removal, Repair
    from .errors import InputError
    from .options import Options
    from .pipeline import Pipeline, Stage, default_pipeline

__all__ = ["Document", "Duplicate", "InputError", "Options", "Pipeline", "Removal", "Repair", "Stage", "__version__",
           "as_document", "clean", "clean_many", "default_pipeline"]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
    value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
