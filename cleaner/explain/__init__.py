"""Why each line stayed or went: the views of one run's trace (``Options(trace=True)``).

:mod:`.terminal` prints one document's lines (``cleaner explain FILE``); :mod:`.report` collects every
document's lines in page order, with repeats linked to the sentence first seen; :mod:`.page` renders that
report as one self-contained HTML page (``cleaner explain --html``).
"""
