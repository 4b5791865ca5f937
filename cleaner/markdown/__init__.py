"""Markdown output: the article with its structure kept (headings, lists, tables, quotes, code).

:mod:`.shapes` says what each line is (:class:`~cleaner.markdown.shapes.Shape`): in HTML mode from
trafilatura's body blocks, read by extract; in text mode from the lines' own shapes.
:mod:`.render` renders the kept lines in their shapes, escaping what Markdown would read as syntax.
:mod:`.parse` reads a record's Markdown back into shapes, for executors that keep records between
their phases. Nothing heavy is imported here.
"""
