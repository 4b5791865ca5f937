"""Data for HTML-mode post-filters (:mod:`cleaner.html`): phrase patterns, no logic.

Every pattern is matched case-insensitively against one body block (a paragraph,
heading or list item as trafilatura returns it), after whitespace normalisation.
Several languages are covered where sites use fixed words.
"""

from __future__ import annotations

import re

from .patterns import whole_line as _whole

_I = re.I | re.U


# A heading (short block) that opens a trailing section which is not the article:
# the heading and everything after it go, when it comes late in the body.
TAIL_HEADINGS: dict[str, re.Pattern[str]] = {
    "related": _whole(
        r"related(?: articles?| posts?| stories| news| content| coverage| reading| links| publications| reports)?"
        r"(?: that may interest you)?\s*:?",
        r"(?:more|other) (?:stories|news|articles|posts|reading)(?: (?:from|on|in|about) .{1,40})?\s*:?",
        r"(?:read|see) (?:next|more|also)\s*:?", r"what to read next", r"further reading\s*:?",
        r"you (?:may|might) also (?:like|enjoy|be interested in)(?: the following.{0,30})?\s*:?",
        r"recommended(?: for you| stories| reading| articles)?\s*:?", r"latest (?:updates|news|stories|posts)(?: on .{1,60})?",
        r"(?:lesen sie auch|mehr zum thema|das könnte sie auch interessieren|weitere artikel)\s*:?",
        r"(?:à lire aussi|lire aussi|sur le même sujet|articles similaires)\s*:?",
        r"(?:lee también|te puede interesar|artículos relacionados|noticias relacionadas)\s*:?",
        r"(?:leggi anche|articoli correlati|potrebbe interessarti)\s*:?",
        r"(?:leia também|artigos relacionados|veja também)\s*:?", r"(?:lees ook|gerelateerde artikelen)\s*:?",
    ),
    "references": _whole(
        r"(?:article |additional |primary )?(?:sources?|references?|bibliography|citations|works cited)\s*:?",
        r"(?:foot)?notes\s*:?", r"(?:quellen|literatur|einzelnachweise|références|fuentes|referencias|fonti)\s*:?",
    ),
    "author_bio": _whole(
        r"about the (?:authors?|writer|contributor)s?\s*:?", r"author bio", r"meet the author",
        r"über (?:den|die) autor(?:in)?", r"à propos de l'auteur", r"sobre el autor", r"sull'autore",
    ),
    "newsletter": _whole(
        r".{0,40}newsletter\s*[.!:]?", r"stay (?:informed|up to date|in the loop|in touch)[.!]?", r"keep in touch",
        r"(?:sign up|subscribe)(?: (?:now|today|for free|below))?[.!]?", r"join (?:our|the) (?:community|mailing list)",
        r"(?:abonnieren sie|abonnez-vous|suscríbete|iscriviti).{0,40}",
    ),
    "comments": _whole(
        r"\d*\s*(?:comments?|responses?|replies)", r"leave a (?:reply|comment)", r"post a comment",
        r"join the (?:conversation|discussion)", r"kommentare?", r"commentaires?", r"comentarios?", r"commenti",
    ),
    "share": _whole(r"share (?:this|the) (?:article|story|post|page)\s*:?", r"share your story", r"follow us(?: on .{1,30})?"),
}

# A single block that is never article text, wherever it stands.
LINE_PATTERNS: dict[str, re.Pattern[str]] = {
    "advertisement": _whole(
        r"(?:advertisement|advertising|sponsored|anzeige|werbung|publicité|publicidad|pubblicità|reklama|advertentie)",
        r"(?:story|article) continues (?:below|after (?:the )?(?:ad|advertisement))\.?", r"embed:?",
    ),
    "related": re.compile(
        r"^[-•➡️→»\s]*(?:related|read more|read also|also read|see also|check out|more on this(?: story)?|"
        r"lesen sie auch|mehr zum thema|à lire aussi|lire aussi|lee también|leggi anche|leia também|"
        r"lees ook)\s*[:|–—-]\s*\S.{0,200}$", _I),
    "image_credit": re.compile(
        r"^(?:(?:image|images|photo|photos|picture|pictures|credit|credits|photo credit|image credit|image source|"
        r"photo sources?|bild|foto|fotos|crédit photo|crédito)\s*[:|]\s*\S.{0,160}"
        r"|(?:photo|image)s? (?:courtesy of|by|via)\s+\S.{0,100}|credit:?)$", _I),
    "newsletter": re.compile(
        r"^(?=.{0,300}$)(?:.*\b(?:sign up|subscribe|register)\b.{0,80}\b(?:newsletter|inbox|e-?mails?|updates)\b.*"
        r"|(?:enter )?(?:your )?e-?mail(?: address)?\s*:?\*?|thanks? (?:you )?for (?:subscribing|signing up).*"
        r"|.*\byou(?:'|’)re (?:all )?subscribed\b.*|.*\bby entering your e-?mail\b.*"
        r"|.*\bunsubscribe\b.*)$", _I),
    "affiliate_disclosure": re.compile(
        r"^(?=.{0,400}$)(?=.*\b(?:we|us|our|i|this (?:post|article|page|site))\b)"
        r".*\b(?:affiliate links?|(?:earn|receive|get) (?:us )?(?:a |an )?(?:small )?(?:commission|kick ?back)|"
        r"advertiser disclosure|chosen independently by our editors|handpick(?:ed)? every product)\b.*$", _I),
    "share_bar": _whole(
        r"share(?: this)?(?: article| story| post| page)?(?: on| via)?:?", r"tweet|print|e-?mail|copy link",
        r"(?:facebook|twitter|x|linkedin|reddit|whatsapp|telegram|pinterest|email|print|instagram|tiktok)"
        r"(?:\s*[|/·•,]\s*(?:facebook|twitter|x|linkedin|reddit|whatsapp|telegram|pinterest|email|print|instagram|tiktok))+",
        r"(?:enjoy|like|love)d? (?:the|this) (?:post|article)\?.{0,60}",
    ),
    "call_to_action": _whole(
        r"\(?(?:back to )?(?:top|up)\)?\s*[↑^]?", r"[↑^]", r"(?:where to buy|shop now|buy now|check (?:the )?price|"
        r"view deal|see (?:the )?(?:price|deal)|get (?:the )?deal|read more|continue reading|learn more|"
        r"weiterlesen|mehr lesen|lire la suite|leer más|leggi di più)\s*[:>»→]?",
    ),
    "table_of_contents": _whole(r"table of contents", r"contents", r"on this page", r"in this article",
                                r"inhaltsverzeichnis", r"sommaire", r"índice", r"indice", r"jump to(?: section)?"),
    "reading_time": _whole(r"(?:estimated )?(?:reading time:?\s*)?\d+\s*(?:-\s*\d+\s*)?(?:min(?:ute)?s?|mins?)\.?(?: read(?:ing time)?)?",
                           r"estimated reading time:?", r"\d+\s*min(?:uten)?\.? lesezeit", r"lecture\s*:?\s*\d+\s*min\.?",
                           r"listen to (?:this|the) article.{0,40}"),
    "dateline": _whole(r"(?:(?:last )?updated|published|posted|modified|aktualisiert|mis à jour|actualizado)\s*(?:on)?:?\s*"
                       r".{0,40}\d.{0,20}"),
    "paywall": re.compile(r"^(?=.{0,250}$).*\b(?:exclusive to .{0,30}subscribers|already (?:have an account|a subscriber)|"
                          r"unlock this article|subscribe to (?:continue|read|unlock))\b.*$", _I),
}

# Screens for the three slowest LINE_PATTERNS (each scans the line several times): every alternative of
# the pattern contains one of these words, so a block whose case-folded text (see ``cleaner.html.line_reason``)
# contains none of them cannot match and skips the pattern.  Keep them in step with the patterns above.
LINE_SCREENS: dict[str, tuple[str, ...]] = {
    "newsletter": ("sign up", "subscri", "register", "email", "e-mail", "thank"),
    "affiliate_disclosure": ("affiliate link", "commission", "kick back", "kickback", "advertiser disclosure",
                             "chosen independently by our editors", "handpick"),
    "paywall": ("exclusive to", "already", "unlock this article", "subscribe to"),
}

# Bylines and dates at the top of the body: "By Jane Doe", "- Jun 9".
LEADING_META = re.compile(
    r"^[-•\s]*(?:(?:by|von|par|por|di|door|av)\s+\S.{0,60}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?|"
    r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\.?\s+\w+\.?\s+\d{4})$", _I)

# "Jane Doe is a freelance writer ..." – an author bio, dropped at the end of the body.
BIO_SENTENCE = re.compile(
    r"^(?i:about the authors?\s*:?\s*)?(?:[A-ZÀ-Þ][\w.'’()-]*\s+){1,4}(?:is|was|has been|writes|covers|started|founded|"
    r"ist|est|es|è)\b", re.U)
BIO_ROLE = re.compile(
    r"\b(?:editor|writer|journalist|reporter|correspondent|contributor|columnist|author|freelance|blogger|"
    r"photographer|host|director|founder|professor|faculty|expert|specialist|redakteur(?:in)?|journaliste|"
    r"periodista|giornalista|autor(?:in)?)\b", _I)

# Title separators: "Headline - Site Name", "Headline | Site".
TITLE_SEPARATORS = re.compile(r"\s+[-|–—·:»]\s+")
