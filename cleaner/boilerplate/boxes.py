"""Boxes in the middle of an article: a block led by a heading or built around a sign-up form takes
its own lines, and no more; the article goes on after it.

A box is a "more on this" list (a label, headline links, perhaps a one-sentence summary under each),
a sign-up form (a heading, a pitch, the field, the button, the small print), an ad or a "people on
the move" list. It ends at the first line that continues the article: running text that ends like a
sentence and is no link or headline. Only blocks that really end an article (comments, a site
footer, an author bio, references, tags) end it; every other block heading in mid-article is a box.
Used by :mod:`cleaner.textpage` (page lines) and :mod:`cleaner.htmlblocks` (HTML blocks).

>>> lines = ["Mehr zum Thema", "Buslinie 12 wird im Sommer eingestellt",
...          "Anwohner sammeln Unterschriften gegen die Gleise",
...          "Die Anwohner hatten in den vergangenen Monaten mehrfach gegen die Pläne protestiert, weil sie "
...          "fürchten, dass während der Bauarbeiten Parkplätze wegfallen."]
>>> box_end(lines, [None] * 4, 0)
3
"""

from __future__ import annotations

from ..sentences import ENDS_SENTENCE, LONG_PROSE_CHARS, is_long_prose, is_prose
from ..words import content_words, count_words, width
from .shapes import is_dateline

ENDS_ARTICLE = frozenset({"comments", "comment_action", "site_footer", "author_bio", "references", "metadata_footer"})
LINK_REASONS = frozenset({"link_line", "link_list"})  # a line or list of links, by its share of link text (HTML)
MAX_PITCH_WIDTH = 150  # a pitch, a teaser's summary or a form's small print is a line, not a paragraph
MAX_BUTTON_WORDS = 4  # "Count me in", "Kostenlos bestellen"
MAX_LABEL_WORDS = 10  # a box's heading
MAX_FORM_LABELS = 1  # a form's label or button over its first line that a rule named otherwise ("E-Mail")
SUBHEADING_SHARE = 0.8  # a subheading under a box of links is at most this share of each link's words
MIN_PROSE_AFTER = 2  # sentences (of two paragraphs' length) right after a box for the article to go on


def is_sentence(line: str) -> bool:
    """A line of three words or more that ends like a sentence (a headline or a link does not)."""
    return count_words(line) >= 3 and bool(ENDS_SENTENCE.search(line))


def box_end(lines: list[str], reasons: list[str | None], start: int, *, form: bool = False,
            small_print: bool = False, heads=None) -> int:
    """The index just past the box whose heading (or first line) is at *start*.

    The box takes rule-marked lines, lines that are no sentence (labels, headline links, buttons),
    a one-sentence pitch right under its heading, a one-sentence summary under a headline link (when
    the box's links have summaries: a link followed by a link says they do not) and one line of
    small print after a form's field. It ends before running text (:func:`continues_article`) and
    any other sentence; the last link before that is the article's subheading when it is shorter
    than every other link and shares a word with the paragraph it opens.
    With *form*, *start* is a sign-up form's last line (*small_print*: the form has had its own);
    *heads* (line index -> bool) says where another block's heading starts another box.
    """
    prev, summaries, items = ("marked" if form else "heading"), None, []
    j = start + 1
    while j < len(lines) and not (heads is not None and heads(j)):
        line, reason = lines[j], reasons[j]
        if reason is not None and reason != "low_content_score":
            if reason in ENDS_ARTICLE:
                break
            if reason in LINK_REASONS:  # a headline link a rule knows: an item, with no summary when two follow
                summaries = False if prev == "item" and summaries is None else summaries
                kind = "item"
            else:
                small_print, kind = small_print or reason == "consent_line", "marked"
        elif continues_article(line):
            return j - 1 if items and items[-1] == j - 1 and _opens_paragraph(lines, items, line, bool(summaries)) else j
        elif not is_sentence(line):
            if form and not is_button(line):
                break  # under a form, a heading is the article's
            if prev == "item" and summaries is None:
                summaries = False
            kind = "item"
            items.append(j)
        elif prev == "item" and summaries is not False and width(line) < MAX_PITCH_WIDTH:
            summaries, kind = True, "summary"
        elif prev == "heading" and width(line) < MAX_PITCH_WIDTH:
            kind = "pitch"
        elif prev == "marked" and not small_print and width(line) < MAX_PITCH_WIDTH:
            small_print, kind = True, "small_print"
        else:
            break
        prev = kind
        j += 1
    return j


def continues_article(line: str) -> bool:
    """Running text of a paragraph's length: long prose, or long prose-like text ending in a colon."""
    return is_long_prose(line) or (is_prose(line) and width(line) >= MAX_PITCH_WIDTH)


def _opens_paragraph(lines: list[str], items: list[int], paragraph: str, summaries: bool) -> bool:
    """Whether the box's last item is a subheading of the article: clearly shorter than each other item, and
    without the summary the box's links have, or on the paragraph's topic."""
    *others, last = items
    words = count_words(lines[last])
    return bool(others) and all(words <= SUBHEADING_SHARE * count_words(lines[k]) for k in others) \
        and (summaries or bool(content_words(lines[last]) & content_words(paragraph)))


def article_goes_on(lines: list[str], reasons: list[str | None], end: int, is_prose_line) -> bool:
    """Whether the article resumes right after a box ending at *end*: the next lines no rule has named
    are running text, two or three sentences of two paragraphs' length, one of them a paragraph's own
    (a subheading or a short paragraph may open them: "The repairs will cost 14 million."), with nothing
    that ends an article before them. (A page's tail reads otherwise: a blurb, then a button, a headline,
    another form; or teasers of even width, each a headline and a summary, none a paragraph's length.)"""
    found, chars, long = 0, 0, False
    for j in range(end, len(lines)):
        if reasons[j] in ENDS_ARTICLE or found > MIN_PROSE_AFTER:
            break
        if reasons[j] is None:
            if j == end and is_box_label(lines[j]):
                continue  # the subheading that opens the paragraph (see box_end)
            if not (is_sentence(lines[j]) and is_prose_line(lines[j])):
                break
            found, chars, long = found + 1, chars + width(lines[j]), long or is_long_prose(lines[j])
            if found >= MIN_PROSE_AFTER and chars >= MIN_PROSE_AFTER * LONG_PROSE_CHARS and long:
                return True
    return False


def is_button(line: str) -> bool:
    """A form's button or field label: a few words, no sentence."""
    return count_words(line) <= MAX_BUTTON_WORDS and not is_sentence(line)


def is_box_label(line: str) -> bool:
    """A line that can head a box: a few words, no sentence, no long text."""
    return 1 <= count_words(line) <= MAX_LABEL_WORDS and not is_sentence(line) and width(line) < MAX_PITCH_WIDTH \
        and not is_dateline(line)



def ad_end(lines: list[str], reasons: list[str | None], at: int) -> int:
    """The index just past a text ad under the marker at *at* ("Advertisement", "Anzeige"): a headline and
    a one-line pitch, right before running text and sharing no content word with the paragraphs on either
    side (an ad is off the article's topic). *at* + 1 when the lines under the marker are no such ad: on
    most pages they are the article's own (a subheading, its paragraph), or the ad was an image.

    >>> before = "Die Kosten für Behälter und Einbau schätzen die Stadtwerke auf etwa 180.000 Euro, sagte ein Sprecher."
    >>> after = ("Für Vereine und Schulen ist die Schließung ein Problem. Der Schwimmverein trainiert vorerst im "
    ...          "Hallenbad der Nachbarstadt, allerdings nur zweimal pro Woche.")
    >>> ad = ["Sommerurlaub an der Ostsee: Jetzt Frühbucherrabatt sichern",
    ...       "Ferienwohnungen direkt am Strand, bis zu 25 % günstiger bei Buchung bis Ende Juni."]
    >>> ad_end([before, "Anzeige", *ad, after], [None, "advertisement", None, None, None], 1)
    4
    >>> ad_end([before, "Anzeige", "Der Schwimmverein sucht Ersatz", "Die Halle ist zu klein.", after],
    ...        [None, "advertisement", None, None, None], 1)  # on the article's topic: its subheading
    2
    """
    head, pitch, after = at + 1, at + 2, at + 3
    before = next((j for j in range(at - 1, -1, -1) if reasons[j] is None), None)
    if after >= len(lines) or before is None or ":" in lines[at] or count_words(lines[at]) > MAX_BUTTON_WORDS \
            or any(reasons[j] is not None for j in (head, pitch, after)):
        return at + 1
    shaped = is_box_label(lines[head]) and is_sentence(lines[pitch]) and not continues_article(lines[pitch]) \
        and continues_article(lines[after]) and is_prose(lines[before])
    if not shaped or content_words(lines[head] + " " + lines[pitch]) & (
            content_words(lines[before]) | content_words(lines[after])):
        return at + 1
    return after


def above_form(lines: list[str], reasons: list[str | None], top: int) -> list[int]:
    """The lines over a sign-up form whose first line is at *top* that are its box's: a field's label or a
    button a rule named otherwise just above it ("E-Mail" as a share link), then a one-line pitch and the
    box's heading, when no rule has named them.
    """
    k = top - 1
    while k >= 0 and top - k <= MAX_FORM_LABELS and reasons[k] not in (None, *ENDS_ARTICLE) and is_button(lines[k]):
        k -= 1  # the form's own field label, button
    found = []
    if k >= 0 and reasons[k] is None and not is_long_prose(lines[k]) and width(lines[k]) < MAX_PITCH_WIDTH \
            and is_sentence(lines[k]):
        found.append(k)
        k -= 1
    if k >= 0 and reasons[k] is None and is_box_label(lines[k]):
        found.append(k)
    return found
