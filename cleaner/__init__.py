"""cleaner: noisy scraped news and blog pages in, the article alone out.

>>> from cleaner import clean
>>> clean("Advertisement\\nThe ministry said the intruders had been inside since 2022.").text
'The ministry said the intruders had been inside since 2022.'
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import clean, clean_many
from .document import Document, Duplicate, Removal, Repair
from .errors import InputError
from .options import Options
from .pipeline import Pipeline, Stage, default_pipeline

__all__ = ["Document", "Duplicate", "InputError", "Options", "Pipeline", "Removal", "Repair", "Stage", "__version__",
           "clean", "clean_many", "default_pipeline"]
