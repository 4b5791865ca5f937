"""Data for the shape tests of :mod:`cleaner.boilerplate.shapes`: dates, credit lines, bios; no logic.

The phrase rules (ads, navigation, related, ...) are not here: they are one table,
``cleaner/data/rules.toml``, read by :mod:`cleaner.boilerplate.rules`. What is here is structure
that a phrase list cannot say: what a date, a credit line or an author bio looks like.
"""

from __future__ import annotations

import re

from .. import regexcache  # re.compile, its work kept on disk

_I = re.I | re.U

# A date, as pages print one above or below the headline: a month name with a day or year,
# a numeric date, or a CJK date ("2025年5月28日").
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|januar|februar|märz|mai|juni|juli|oktober|dezember|"
           r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|"
           r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
           r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre|"
           r"janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|"
           r"januari|februari|maart|mei|augustus|augusti|januar|februar|marts|maj|"
           r"stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października|listopada|grudnia|"
           r"ledna|února|března|dubna|května|června|července|srpna|září|října|listopadu|prosince|"
           r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|"
           r"ocak|şubat|mart|nisan|mayıs|haziran|temmuz|ağustos|eylül|ekim|kasım|aralık")
DATE = regexcache.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?(?:{_MONTHS})\b|"
                  r"\b(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}|\b\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d\d\b|"
                  r"(?:19|20)\d\d\s*[年년]\s*\d{1,2}\s*[月월](?:\s*\d{1,2}\s*[日일])?", _I)
# A clock time: "09:14", "5.42 Uhr", "10h31", "6:00am".
TIME = regexcache.compile(r"\b\d{1,2}(?:[:.h]\s?\d{2}|\s?h\s?\d{2})\b(?:\s?(?:am|pm|a\.m\.|p\.m\.|uhr|h))?", re.I)
# What else a dateline may say: "Posted on", "Last updated:", "5 min read", "10:32 am PST", "By", in several languages.
DATELINE_WORDS = regexcache.compile(r"\b(?:posted|published|updated|last|on|at|by|min|mins|minutes?|read|reading|time|am|pm|"
                            r"[A-Z]{2,4}T|UTC|GMT|CET|CEST|veröffentlicht|aktualisiert|zuletzt|am|um|uhr|publié|le|à|mis à jour|"
                            r"publicado|el|a las|actualizado|atualizado|às|em|pubblicato|aggiornato|il|alle|gepubliceerd|"
                            r"aangepast|bijgewerkt|op|om|opublikowano|zaktualizowano|o|опубликовано|обновлено|в|publikováno|"
                            r"aktualizováno|publicerad|uppdaterad|publiceret|opdateret|yayınlanma|güncelleme)\b|"
                            r"来源|來源|发布时间|發佈時間|发布|發佈|更新|时间|時間|作者|出典|配信|公開|\d+|[^\w\s]", _I)

# A wire service's credit line at the end: "(Reporting by A in X and B; Editing by C)", "(Tekst: A en B; eindredactie: C)".
WIRE_REPORTERS = regexcache.compile(
    r"^\(?\s*(?:(?:additional )?reporting by|reported by|writing by|text by|text:|texte\s?:|reportage (?:de|par)|"
    r"información(?: de|:)|informação de|reportagem de|texto\s?:|tekst\s?:|bericht\s?:|mitarbeit\s?:|redazione\s?:|"
    r"testo di|tekst i zdjęcia\s?:|текст\s?:)\s*(?P<names>[^;()]{3,160})(?P<rest>;[^()]{0,200})?\)?\.?$", _I)
WIRE_EDITORS = regexcache.compile(r"\b(?:editing|edited by|edición|eindredactie|redactie|redaktion|édité|édition|edição|a cura di|"
                          r"redakcja|редактор|editor)\b", _I)
WIRE_NAME_SEPARATOR = regexcache.compile(r"\s*(?:,|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bi\b|\boraz\b|&)\s*", _I)
WIRE_PLACE = regexcache.compile(r"\s+(?:in|en|à|a|em|aus|w|в|från|i)\s+[A-ZÀ-Þ][\w.'’ -]*$", re.U)

# The words that open a credit line: "Written by", "By:", "Von", "Par" ... The foreign ones are
# also common words ("par ailleurs"), so they open a credit line only with a colon or before a name.
_BY_AUTHOR = r"written|posted|reported|words|text"  # "... by": the author
_BY_OTHER = r"reviewed|fact-checked|edited|photos?|medically reviewed"  # "... by": someone else
CREDIT_FOREIGN = r"von|par|por|di|door|av|autor(?:in)?|author"
AUTHOR_BY = rf"(?:(?:{_BY_AUTHOR})\s+)?by"
_NAME_WORD = r"[A-ZÀ-ÖØ-ÞĀ-Ž][\w.'’-]*"
# A credit line under a headline: "Written By: Jane Doe ...", "Reviewed by ...", "By: X", "Par : Y".
CREDIT_START = regexcache.compile(rf"^(?:(?:{_BY_AUTHOR}|{_BY_OTHER})\s+)?by\b\s*:?|^(?:{CREDIT_FOREIGN})\s*:", _I)
# A byline on its own line: credit words, then up to seven capitalised names (and "and", "&" ...),
# then perhaps a short tail after a separator ("By Jane Doe | Reuters").
BYLINE = regexcache.compile(rf"^(?i:{AUTHOR_BY}|{CREDIT_FOREIGN}):?\s+{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|and|und|et|y|&|,)){{0,6}}"
                    r"(?:\s*[|,·•–—-]\s*.{0,60})?$", re.U)
# The name in a byline: after the credit words, up to a separator.
BYLINE_NAME = regexcache.compile(rf"^(?i:{AUTHOR_BY}|{CREDIT_FOREIGN}):?\s+(.+?)(?:\s*[|,·•–—-]\s*.*)?$", re.U)
# "Jane Doe @ Security Affairs": a name at a site.
BYLINE_AT_SITE = regexcache.compile(r"^[A-ZÀ-Þ][\w.'’-]+(?: [A-ZÀ-Þ][\w.'’-]+){0,3} ?@ ?[\w][\w .&'’-]{1,40}$", re.U)
AT_SITE_NAME = regexcache.compile(r"^(.+?)\s?@")

# Inline spans inside article sentences that point elsewhere: "(see: ...)".
INLINE_CROSS_REFERENCE = regexcache.compile(
    r"\s*\((?:see(?: also)?|read(?: more)?|related|siehe(?: auch)?|voir(?: aussi)?|véase)\s*:\s*[^()]{1,200}\)", _I)

# What an author is, in an author bio.
_ROLES = (r"editor|writer|journalist|reporter|correspondent|contributor|columnist|author|analyst|host|freelancer?|"
          r"blogger|photographer|director|founder|professor|faculty|expert|specialist|redakteur(?:in)?|journaliste|"
          r"periodista|giornalista|autor(?:in)?")
# "Ryan Naraine is Editor-at-Large at SecurityWeek ...": the name of a bio's subject.
BIO_SUBJECT = regexcache.compile(r"^(?!(?:The|This|That|There|It|He|She|They|We|Our|Its|His|Her)\s)"
                         r"((?:[A-ZÀ-Þ][\w.'’-]+\s){2,3})(?:is|was|has been|writes|covers)\b", re.U)
# ... and the role right after "is": a statement about the writer, not about someone in the news.
BIO_ROLE = regexcache.compile(r"^\S+(?:\s\S+){1,3}\s(?:is|was|has been)\s(?:\S+\s){0,6}(?:editor|writer|journalist|reporter|"
                      r"correspondent|contributor|columnist|author|analyst|host|freelancer?)\b", re.I)
# "Jane Doe is a freelance writer ...", "About the author: ...": a bio sentence at the end of the body.
BIO_SENTENCE = regexcache.compile(
    r"^(?i:about the authors?\s*:?\s*)?(?:[A-ZÀ-Þ][\w.'’()-]*\s+){1,4}(?:is|was|has been|writes|covers|started|founded|"
    r"ist|est|es|è)\b", re.U)
BIO_ROLE_WORD = regexcache.compile(rf"\b(?:{_ROLES})\b", _I)
# The article's last lines about its author: "Amanda Furrer, Editor, ...", "Executive Editor at Digit. ..."
CLOSING_BIO = regexcache.compile(
    r"^(?:(?!(?:The|This|That|These|Those|It|He|She|They|We|In|On|At|A|An)\s)"
    r"(?:[A-ZÀ-Þ][\w.'’-]+\s?(?:\([^)]{1,30}\)\s?)?){2,4}(?:,|is\b|was\b|has\b|started\b|studied\b|joined\b|writes\b|covers\b)|"
    r"(?i:(?:senior |executive |managing |contributing |staff |deputy )?(?:editor|writer|journalist|reporter|correspondent|"
    r"columnist|contributor)\b))"
    r"(?=.{0,400}\b(?i:editor|writer|journalist|reporter|correspondent|columnist|contributor|author|founder|veteran|"
    r"studied journalism|has written)\b)", re.U)

# Title separators: "Headline - Site Name", "Headline | Site".
