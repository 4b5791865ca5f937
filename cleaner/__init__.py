"""cleaner: noisy scraped news and blog pages in, the article alone out.

>>> from cleaner import clean
>>> clean("Advertisement\\nThe ministry said the intruders had been inside since 2022.").text
'The ministry said the intruders had been inside since 2022.'
"""

from __future__ import annotations

__version__ = "0.1.0"

from .document import Document, Duplicate, Removal, Repair
from .errors import InputError
from .pipeline import Options, clean, clean_document, clean_many

__all__ = ["Document", "Duplicate", "InputError", "Options", "Removal", "Repair", "__version__",
           "clean", "clean_document", "clean_many"]
