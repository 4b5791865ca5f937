"""Junk blocks recognised by their shape, in any language: live tickers, comment threads, sign-up boxes.

Phrase rules name single lines; these name runs of lines by what the run is made of, so they
work in wordings and languages no phrase list has seen. Each marks ``reasons[i]`` of the
lines it recognises (never a line a rule has already given a reason) and leaves long prose alone
unless it sits inside a comment thread.

>>> lines = ["Breaking", "09:14 Parliament votes on the budget", "09:02 Storm closes the coast road",
...          "08:51 Rail strike called off", "08:40 Schools reopen after the floods"]
>>> reasons = [None] * len(lines)
>>> mark_tickers(lines, reasons)
>>> reasons
['ticker', 'ticker', 'ticker', 'ticker', 'ticker']
"""

from __future__ import annotations

import re
from statistics import median

from ..sentences import is_prose
from ..words import count_words, width
from .boxes import above_form, box_end, is_button, is_sentence

_CLOCK_START = re.compile(r"^\s*(?:\d{1,2}[:.h]\s?\d{2}|\d{1,2}\s?h\s?\d{2})(?:\s?(?:am|pm|uhr|h))?\b\s*[:|·•–—-]?\s*\S", re.I)
MIN_TICKER_LINES = 4  # a run of this many short timestamped lines is a ticker, not a live blog's entries
MAX_TICKER_WORDS = 25
MIN_THREAD_ACTIONS = 3  # "Reply", "12 likes" ... this often, close together: a comment thread
MAX_ACTION_GAP = 8  # lines between two actions of one thread
MAX_PITCH_WIDTH = 150  # the pitch above a sign-up form is a line, not a paragraph
_FORM_REASONS = ("signup_form", "call_to_action")
_EMPTY_REASONS = (None, "low_content_score")
_BOX_REASONS = ("signup_form", "newsletter", "consent_line")  # what a sign-up box is made of


def _is_ticker_line(line: str) -> bool:
    return bool(_CLOCK_START.match(line)) and not is_prose(line) and count_words(line) <= MAX_TICKER_WORDS


def mark_tickers(lines: list[str], reasons: list[str | None]) -> None:
    """Runs of short timestamped headlines ("09:14 Parliament votes ...") and the label above them.

    A live blog's own entries start with a time too, but they are prose; a ticker's are headlines.
    """
    i = 0
    while i < len(lines):
        if not _is_ticker_line(lines[i]):
            i += 1
            continue
        j = i
        while j < len(lines) and _is_ticker_line(lines[j]):
            j += 1
        if j - i >= MIN_TICKER_LINES:
            start = i - 1 if i > 0 and reasons[i - 1] is None and count_words(lines[i - 1]) <= 4 \
                and not is_prose(lines[i - 1]) else i
            for k in range(start, j):
                reasons[k] = reasons[k] or "ticker"
        i = j


def mark_comment_threads(lines: list[str], reasons: list[str | None]) -> None:
    """A comment thread: comment actions ("Reply", "12 likes", "Report") again and again, close together.

    Everything from the first comment to the last action goes, the comments' prose included; the
    first comment starts where the regular spacing of the actions says it does, or after a comments
    heading just above it.
    """
    actions = [i for i, reason in enumerate(reasons) if reason == "comment_action"]
    groups: list[list[int]] = []
    for i in actions:
        if groups and i - groups[-1][-1] <= MAX_ACTION_GAP:
            groups[-1].append(i)
        else:
            groups.append([i])
    for group in groups:
        if len(group) < MIN_THREAD_ACTIONS:
            continue
        gaps = [b - a for a, b in zip(group, group[1:], strict=False)]
        start = max(group[0] - int(median(gaps)) + 1, 0)
        heading = next((k for k in range(group[0] - 1, max(group[0] - MAX_ACTION_GAP, -1), -1)
                        if reasons[k] == "comments"), None)
        if heading is not None:
            start = min(start, heading + 1)
        for k in range(start, group[-1] + 1):
            reasons[k] = reasons[k] or "comments"


def mark_pitches(lines: list[str], reasons: list[str | None], is_headline) -> None:
    """The line that pitches a sign-up form or a call to action, just above it ("Get our weekly bulletin ..."),
    then the rest of each sign-up box (:func:`mark_signup_boxes`)."""
    for i in range(1, len(lines)):
        if reasons[i] in _FORM_REASONS and reasons[i - 1] is None and not is_headline(lines[i - 1]) \
                and (reasons[i] == "call_to_action" or width(lines[i - 1]) < MAX_PITCH_WIDTH):
            reasons[i - 1] = "promo_blurb" if reasons[i] == "call_to_action" else "newsletter"  # the form's pitch
    mark_signup_boxes(lines, reasons)


def mark_signup_boxes(lines: list[str], reasons: list[str | None]) -> None:
    """A sign-up box takes its own lines: above its form, a pitch and the box's heading; below it, the
    button and a line of small print; it ends where the article goes on (:func:`cleaner.boxes.box_end`).

    A form is two lines or more a rule names (a field, a pitch, a consent line) around a sign-up field,
    or a pitch or field with a consent sentence; a lone "Email" in a share bar is none.
    """
    i = 0
    while i < len(lines):
        if reasons[i] not in _BOX_REASONS:
            i += 1
            continue
        j = i
        while j < len(lines) and (reasons[j] in _BOX_REASONS or (reasons[j] is None and is_button(lines[j]))):
            j += 1
        marked = [reasons[k] for k in range(i, j) if reasons[k] in _BOX_REASONS]
        if len(marked) >= 2 and ("signup_form" in marked or any(
                reasons[k] == "consent_line" and is_sentence(lines[k]) for k in range(i, j))):
            for k in range(i, j):
                reasons[k] = reasons[k] or "signup_form"
            for k in above_form(lines, reasons, i):  # its pitch and heading
                reasons[k] = "newsletter"
            consent = any(reasons[k] == "consent_line" for k in range(i, j))
            for k in range(j, box_end(lines, reasons, j - 1, form=True, small_print=consent)):
                reasons[k] = reasons[k] or "newsletter"
        i = j

