"""Inputs, before a document exists: bytes from files, folders and stdin, as sources to clean one at a time.

:mod:`.sources` turns the CLI's SRC arguments into :class:`~cleaner.inputs.base.Source` objects that load
their content only when cleaned; :mod:`.kinds` is the registry of input kinds (suffix, container or not,
reader), with the container readers :mod:`.jsonl` and :mod:`.warc`; :mod:`.compressed` reads ``.gz`` and
``.zst``; :mod:`.decode` turns bytes into text and sniffs its kind; :mod:`.names` makes ids safe file names.
"""
