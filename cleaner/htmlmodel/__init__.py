"""The HTML block model (issue 21, first version): decide every visible block of a page, trafilatura as one signal.

HTML mode today filters trafilatura's body and can never add a block trafilatura left out. This
folder reads the page itself: :mod:`.dom` parses the HTML once (lxml) and walks its visible
block-level elements in reading order (paragraphs, headings, list items, table cells, ``<div>`` s
with text of their own ...), each with its tag, ancestors, class and id tokens, link density and
repeated siblings; :mod:`.features` turns a page's blocks into one numeric row each (those DOM
measures, the class/id keyword table of ``cleaner/data/htmlkeywords.json``, whether trafilatura's
body holds the block, and the text-mode line features of :mod:`cleaner.boilerplate.linefeatures`
with their neighbour context); :mod:`.labels` derives training labels from a gold text (the 4-gram
rule of text mode) and :mod:`.select` turns block probabilities into the kept stretch. The model
is trained and measured by ``scripts/train_blockmodel.py`` and ``scripts/eval_blockmodel.py``;
the pipeline does not use it yet. Nothing heavy is imported here.
"""
