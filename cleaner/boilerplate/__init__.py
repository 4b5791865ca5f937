"""The boilerplate engine: what to remove from an article's lines or blocks, and why.

The stage function is :func:`cleaner.boilerplate.stage.strip`. It runs the same engine in both modes:
phrase rules read from ``cleaner/data/rules.toml`` (:mod:`.rules`, matched fast by :mod:`.linematch`),
line shapes (:mod:`.shapes`, their patterns in :mod:`.patterns`), the page-text logic (:mod:`.textpage`,
with the runs of junk in :mod:`.junkblocks` and the end of a mid-article box in :mod:`.boxes`), the
HTML-block logic (:mod:`.htmlblocks`), and in text mode the line model (:mod:`.linemodel` over
:mod:`.linefeatures`, compiled to native code by :mod:`.compiled`). Nothing is imported here:
``import cleaner.boilerplate.rules`` loads the rules alone.
"""
