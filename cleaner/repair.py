"""Stage, repair: mojibake, lost bytes and whitespace.

ftfy does the heavy lifting (with curly quotes kept: legitimate typography
stays). Before it runs, :func:`fix_lost_quote_byte` handles what ftfy cannot:
UTF-8 read as cp1252 where the last byte of ``”`` (0x9D, undefined in cp1252)
was dropped, leaving a bare ``â€``.

ftfy is called only on text it could change: :func:`might_change` is one character
class built from ftfy's own tables, and it is a superset of every trigger that
``ftfy.fix_and_explain`` has under :func:`_ftfy_config`, so skipping ftfy never loses
a fix, whatever the encoding (cp1252, Latin-1, cp1251, cp1250, MacRoman, cp437 ...):

- ``fix_encoding`` returns its input unless ``ftfy.badness.is_bad`` (its regex
  ``BADNESS_RE`` matches); restore_byte_a0, replace_lossy_sequences and
  decode_inconsistent_utf8 run only inside it. Every alternative of ``BADNESS_RE``
  needs one character of the categories c1, bad, law, currency, numeric, box,
  upper_accented or lower_accented, or of ``Ù‚ЂВГРСΒΓΞΟ`` (the alternatives
  ``[ØÙ]…[ØÙ]``, ``‚[âó][àä°ê]``, ``вЂ``, ``[ВГРС]…[ВГРС]`` and ``[ΒΓΞΟ]…[ΒΓΞΟ]``, whose
  other characters may all be ones the gate lets by, such as quotes);
  tests/test_repair_encodings.py checks this alternative by alternative on the installed ftfy.
- fix_c1_controls needs a C1 control (category c1); unescape_html an ``&``;
  remove_terminal_escapes an ESC and remove_control_chars one of ftfy's
  ``CONTROL_CHARS`` (ESC is one of them); fix_surrogates a surrogate.
- uncurl_quotes, fix_latin_ligatures, fix_character_width and fix_line_breaks are off.
- NFC normalization is what the skip path does itself. ftfy repeats its round of
  fixes until nothing changes, and its second round sees the NFC text, where
  composing can make a trigger (``A`` + U+0303 + no-break space is ``Ã`` + no-break space,
  the cp1252 reading of ``à``), so the gate tests the NFC text as well.

With no trigger in the text nor in its NFC form, ftfy's first round only normalises,
its second changes nothing: ``fix_and_explain(text) == NFC(text)``, which is what the
skip path returns. A character class tests characters one by one, so the same holds
for each line that ``ftfy.fix_text`` fixes on its own.

>>> fix_text("a high degree of certaintyâ€ and")
'a high degree of certainty” and'
>>> fix_text("naïve café — “quoted”")
'naïve café — “quoted”'
>>> fix_text("РџСЂРё СЃРѕР·РґР°РЅРёРё")  # UTF-8 read as cp1251
'При создании'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from . import regexcache
from .document import Document
from .installed import package_key
from .regexcache import DiskMemo, source_key

# "â€" is the cp1252 reading of the first two bytes of every U+20xx character
# (” – — … ’ “ € †). When the third byte was lost (0x9D of ” is undefined in
# cp1252, so decoders drop it), "â€" is followed by no continuation character
# at all: by whitespace, punctuation or the end of the text.
_LOST_QUOTE_BYTE = re.compile("\u00e2\u20ac(?=[\\s.,;:!?)\\]}]|$)")
# "Â" left before a space: the lead byte of a no-break space whose second byte became a plain space.
_LOST_NBSP_BYTE = re.compile("(?<![A-ZÀ-Þ])\u00c2(?= )")
# Spaces, and line breaks inside a line (a paragraph is one line: U+2028, U+0085, tabs ... become a space)
_OTHER_SPACES = r"\t\n\v\f\r\x1c-\x1f\x85\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"  # all but " "
_SPACES = re.compile(rf"[ {_OTHER_SPACES}]+")
_OTHER_SPACE = re.compile(rf"[{_OTHER_SPACES}]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SENTENCE_END = re.compile(r"[.!?:;…]['\"’”»)\]]*$")
MAX_REPAIR_ROUNDS = 3


def fix_lost_nbsp_byte(text: str) -> str:
    """``aboutÂ Scripps`` (a no-break space read as cp1252, then made a plain space) becomes ``about Scripps``.

    UTF-8 for U+00A0 is C2 A0; read as cp1252 it is "Â" + no-break space, and when
    a scraper turns that into a plain space, ftfy no longer sees the pair. No
    word ends in "Â" (all-capital words such as "ROMÂNIA" keep theirs).
    """
    return _LOST_NBSP_BYTE.sub("", text)


def fix_lost_quote_byte(text: str) -> str:
    """``certaintyâ€`` (the third byte of ``”`` lost) becomes ``certainty”``."""
    return _LOST_QUOTE_BYTE.sub("\u201d", text)


@lru_cache(maxsize=1)
def _ftfy_config():  # imported lazily (about 0.1 s): only the repair stage needs ftfy
    import ftfy

    return ftfy.TextFixerConfig(uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False,
                                fix_line_breaks=False, normalization="NFC")  # line breaks: normalize_whitespace


# The characters of which BADNESS_RE needs one beyond its categories (see the module docstring).
_BADNESS_LETTERS = "\u00d9\u201a\u0402\u0412\u0413\u0420\u0421\u0392\u0393\u039e\u039f"
_BADNESS_CATEGORIES = ("c1", "bad", "law", "currency", "numeric", "box", "upper_accented", "lower_accented")


def _gate_pattern() -> str:
    from ftfy.badness import MOJIBAKE_CATEGORIES
    from ftfy.chardata import CONTROL_CHARS

    badness = "".join(MOJIBAKE_CATEGORIES[name] for name in _BADNESS_CATEGORIES)
    controls = re.escape("".join(map(chr, sorted(CONTROL_CHARS))))
    return f"[{badness}{_BADNESS_LETTERS}&{controls}\ud800-\udfff]"


# The gate's text, kept in the cache folder (regexcache.DiskMemo) for this code and the installed ftfy: a page
# that has nothing for ftfy to fix is cleaned without importing ftfy (about 40 ms of every process's start).
_GATE = DiskMemo("ftfygate", lambda: f"{source_key(__file__)}-{package_key('ftfy')}")


@lru_cache(maxsize=1)
def _ftfy_gate() -> re.Pattern[str]:
    """One character class: what ftfy needs to see before it changes anything but the normal form."""
    return regexcache.compile(_GATE.get("gate", _gate_pattern))


def might_change(text: str) -> bool:
    """False when ftfy (with cleaner's config) would only NFC-normalise *text*; see the module docstring.

    >>> might_change("“Quoted,” she said — ‘fine’ …"), might_change("РџСЂРё"), might_change("A\\u0303\\u00a0la")
    (False, True, True)
    """
    gate = _ftfy_gate()
    if gate.search(text):
        return True
    return not unicodedata.is_normalized("NFC", text) and bool(gate.search(unicodedata.normalize("NFC", text)))


def fix_mojibake(text: str) -> tuple[str, list[str]]:
    """Run ftfy (curly quotes kept) where it could change something, else NFC only; return the text and ftfy's steps."""
    if not might_change(text):
        return (text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)), []
    import ftfy

    fixed, explanation = ftfy.fix_and_explain(text, config=_ftfy_config())
    steps = [f"{kind}:{name}" for kind, name in explanation or []]
    return fixed, steps


def normalize_whitespace(line: str) -> str:
    """Collapse runs of spaces (including no-break and other Unicode spaces).

    Most lines have single plain spaces only, which need no change: they are found by a
    scan, three times faster than rewriting every space.

    >>> normalize_whitespace(" a\u00a0 b\tc  d e\u200b ")
    'a b c d e'
    """
    line = _ZERO_WIDTH.sub("", line)
    if "  " in line or _OTHER_SPACE.search(line):
        line = _SPACES.sub(" ", line)
    return line.strip()


def rejoin_broken_lines(lines: list[str]) -> list[str]:
    """Join a line that stops mid-sentence with a next line that continues it.

    >>> rejoin_broken_lines(["They said it was “certain”", "that a group did it.", "Next."])
    ['They said it was “certain” that a group did it.', 'Next.']
    """
    out: list[str] = []
    for line in lines:
        if out and continues_sentence(out[-1], line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def continues_sentence(previous: str, line: str) -> bool:
    """Whether *line* goes on with the sentence *previous* left unfinished (a line broken mid-sentence)."""
    return line[:1].islower() and not _SENTENCE_END.search(previous) and len(previous.split()) >= 4


# What ftfy cannot see, each with the characters that must be present for it to apply.
_LOST_BYTE_FIXES: tuple[tuple[str, str, Callable[[str], str]], ...] = (
    ("lost_quote_byte", "\u00e2\u20ac", fix_lost_quote_byte),
    ("lost_nbsp_byte", "\u00c2 ", fix_lost_nbsp_byte),
)


def fix_text(text: str) -> str:
    """All repairs on one string, without the record (see :func:`repair_text`)."""
    return repair_text(text, lambda *_: None)


def repair_text(text: str, record: Callable[[str, str, str], None]) -> str:
    """Repair *text*, calling ``record(reason, before, after)`` for each change."""
    for reason, marker, fix in _LOST_BYTE_FIXES:
        fixed = fix(text) if marker in text else text
        if fixed != text:
            record(reason, text, fixed)
            text = fixed
    fixed, steps = fix_mojibake(text)
    if fixed != text:
        record(ftfy_reason(steps), text, fixed)
    return fixed


# ftfy's steps that are not about mojibake, by the reason a repair record gives; any other step is mojibake.
_FTFY_STEP_REASONS = {"apply:unescape_html": "html_entity", "apply:remove_terminal_escapes": "control_character",
                      "apply:remove_control_chars": "control_character", "apply:fix_surrogates": "control_character",
                      "normalize:NFC": "unicode_normalization"}
_REASON_ORDER = ("mojibake", "html_entity", "control_character", "unicode_normalization")


def ftfy_reason(steps: list[str]) -> str:
    """The reason recorded for ftfy's *steps*: mojibake if any step re-decodes, else what the others did.

    >>> ftfy_reason(["apply:unescape_html", "normalize:NFC"]), ftfy_reason(["encode:sloppy-windows-1251", "decode:utf-8"])
    ('html_entity', 'mojibake')
    """
    reasons = {_FTFY_STEP_REASONS.get(step, "mojibake") for step in steps} or {"unicode_normalization"}
    return min(reasons, key=_REASON_ORDER.index)


def repair_line(text: str, record: Callable[[str, str, str], None]) -> str:
    """One line (paragraph) repaired and whitespace-normalised, as the repair stage does it.

    Repeated (at most :data:`MAX_REPAIR_ROUNDS` times) while a round changes something: once
    a soft hyphen or a stray space is gone, the mojibake it split may show, and repaired
    text must stay as it is when it is repaired again.

    >>> repair_line("\u00adÂ\x80 costs  10", lambda *_: None)
    '€ costs 10'
    """
    for _ in range(MAX_REPAIR_ROUNDS):
        fixed = normalize_whitespace(repair_text(text, record))
        if fixed == text:
            break
        text = fixed
    return text


def repair(doc: Document) -> Document:
    """The stage: title and paragraphs repaired, each change recorded; paragraphs left empty are dropped.

    >>> doc = repair(Document(id="a", paragraphs=["a high degree of certaintyâ€ and", "  "]))
    >>> doc.paragraphs, [r.reason for r in doc.repairs]
    (['a high degree of certainty” and'], ['lost_quote_byte'])
    """
    def record(reason: str, before: str, after: str) -> None:
        doc.record_repair("repair", reason, before, after)

    doc.title = repair_line(doc.title, record) if doc.title else ""
    fixed = [repair_line(line, record) for line in doc.paragraphs]
    if doc.layout:  # HTML: each block keeps its tag and link density
        doc.layout = [block for block, line in zip(doc.layout, fixed, strict=True) if line]
    if doc.structure:  # HTML with Markdown: each line's shape, with the line as repaired
        doc.structure = [shape._replace(text=line) for shape, line in zip(doc.structure, fixed, strict=True) if line]
    doc.paragraphs = [line for line in fixed if line]
    return doc
