"""The one exception type the pipeline raises for bad input.

Its message is a single human-readable line; the CLI prefixes the file name.

>>> str(InputError("empty file"))
'empty file'
"""


class InputError(ValueError):
    """Input that cannot be cleaned: binary, empty, too large, not an article."""
