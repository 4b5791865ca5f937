"""Data for the boilerplate stage: phrase lists and patterns, no logic.

Each entry maps a reason name (what the JSONL ``removed`` record says) to the
lines it recognises. Patterns match a whole line, case-insensitively, after
whitespace normalisation. Several languages are covered where sites use a
fixed word ("Advertisement", "Anzeige", "Publicité" ...).
"""

from __future__ import annotations

import re

_I = re.I | re.U


def whole_line(*alternatives: str) -> re.Pattern[str]:
    """One case-insensitive pattern that must match a whole line: any of *alternatives*."""
    return re.compile(r"^(?:" + "|".join(alternatives) + r")$", _I)


_whole = whole_line


# Single lines that are never article text, whatever comes around them.
LINE_PATTERNS: dict[str, re.Pattern[str]] = {
    "advertisement": _whole(
        r"(?:advertisement|advertising|sponsored(?: content)?|anzeige|werbung|publicité|publicidad|"
        r"pubblicità|reklama|advertentie|annonse|mainos)\.?(?:\s*[-–—|.]?\s*scroll to continue(?: reading)?\.?)?",
        r"scroll to continue(?: reading| with content)?\.?",
        r"see also:.{0,200}",
        r"(?:story|article) continues (?:below|after (?:the )?(?:ad|advertisement))\.?",
    ),
    "navigation": _whole(
        r"connect with us", r"hi,? what are you looking for\??", r"skip to (?:main )?(?:content|navigation)",
        r"(?:main |open |close |toggle )?(?:menu|navigation)", r"search(?: for)?:?", r"home", r"close", r"back to top",
        r"(?:sign|log) ?(?:in|out|up)", r"register|login|subscribe", r"my account", r"follow us(?: on .{1,40})?",
        r"load more(?: articles| stories)?", r"next(?: article| post| story)?", r"previous(?: article| post| story)?",
        r"(?:press )?(?:enter|esc) to (?:search|close)", r"type (?:above|here) and press enter.*",
        r"you are here:?.{0,80}", r"breadcrumbs?", r"startseite|accueil|inicio|domů|home page",
        r"首页|主页|登录|注册|搜索|返回顶部|ホーム|トップページ|ログイン|検索|홈|로그인|검색",  # zh, ja, ko
    ),
    "share_bar": _whole(
        r"share(?: this)?(?: article| story| post| page)?(?: on| via)?:?.{0,40}", r"tweet|print|e-?mail|copy link",
        r"(?:facebook|twitter|x|linkedin|reddit|whatsapp|telegram|pinterest|email|print)(?:\s*[|/·•,]\s*"
        r"(?:facebook|twitter|x|linkedin|reddit|whatsapp|telegram|pinterest|email|print))+",
        r"(?:分享到|分享|シェア|공유)\s*[:：]?", r"微信|微博|qq空间|朋友圈|line|はてなブックマーク|카카오톡",
    ),
    "call_to_action": _whole(
        r"watch now|register(?: now| here| today)?|learn more|download(?: now| the report)?|listen now|"
        r"join now|read more|read the full (?:story|article)|continue reading|get started|try (?:it )?(?:for )?free",
    ),
    "related": re.compile(
        r"^(?:related|read more|read also|also read|see more|more on this(?: story)?|further reading|"
        r"recommended|lesen sie auch|mehr zum thema|à lire aussi|lire aussi|lee también|leggi anche|"
        r"čtěte také|czytaj też)\s*[:|–—-]\s*\S.{0,200}$", _I),
    "image_credit": re.compile(
        r"^(?:imgsrc|image(?: source| credit)?|photo(?: credit)?|picture|credit|bild|foto|photo ?:|"
        r"getty images|reuters photo)\s*[:/|]\s*\S.{0,100}$", _I),
    "tags": re.compile(r"^(?:(?:tags?|topics?|filed under|categories|schlagwörter|hashtags?|mots-clés|etiquetas)"
                       r"\s*:.{0,300}|(?:#\w+[\s,]*){2,})$", _I),
    "newsletter": re.compile(
        r"^(?:(?:subscribe|sign up|register) (?:to|for) (?:our |the )?.{0,60}"
        r"(?:newsletter|briefing|inbox|e-?mail|updates|digest).{0,200}|"
        r"get (?:the latest|our).{0,80}(?:inbox|newsletter).{0,120}|.{0,40}newsletter)$", _I),
    "copyright": re.compile(r"^(?:©|\(c\)|copyright\s*(?:©|\(c\))?\s*\d{4}).{0,200}$|^.{0,120}all rights reserved\.?$|"
                           r"^.{0,40}(?:版权所有|版權所有|著作権|저작권).{0,160}$", _I),
    "cookie_notice": re.compile(r"^(?=.{0,400}$).*(?:\b(?:we|site|website|page) uses? cookies|\baccept (?:all )?cookies|"
                                r"\bcookie (?:settings|preferences|policy|consent)|\bby continuing to (?:use|browse)).*$", _I),
    "separator": re.compile(r"^[\W_]{1,12}$", _I),
    "byline": re.compile(
        r"^(?i:(?:written |posted |reported |words |text )?by|von|par|por|di|door|av|autor(?:in)?:?|author:?)"
        r"\s+\p{Lu}[\w.'’-]*(?:\s+(?:\p{Lu}[\w.'’-]*|and|und|et|y|&|,)){0,6}(?:\s*[|,·•–—-]\s*.{0,60})?$"
        .replace(r"\p{Lu}", "[A-ZÀ-ÖØ-ÞĀ-Ž]"), re.U),
    "byline_at_site": re.compile(r"^[A-ZÀ-Þ][\w.'’-]+(?: [A-ZÀ-Þ][\w.'’-]+){0,3} ?@ ?[\w][\w .&'’-]{1,40}$", re.U),
    "people_on_the_move": _whole(r"more people on the move"),
    "disclaimer": re.compile(
        r"^.{0,200}\bviews (?:and opinions )?expressed\b.{0,120}\b(?:are|do not)\b.{0,300}$|"
        r"^this (?:story|article|post|piece)\b.{0,120}\bwas (?:written|produced|reported|originally published)\b.{0,300}$|"
        r"^.{0,80}\btranscripts?\b.{0,80}\bmay (?:vary|be revised|contain errors|not be in (?:its|their) final form).{0,300}$|"
        r"^.{0,300}\b(?:from which|for which) (?:we|this site) (?:may )?receives? (?:compensation|a commission).{0,300}$", _I),
    "notification_prompt": _whole(
        r"(?:would you like to|do you want to) (?:receive|get|turn on|allow) (?:push |browser )?notifications.{0,80}",
        r"(?:allow|enable|turn on) (?:push |browser )?notifications.{0,40}"),
}

# Screens for the slowest LINE_PATTERNS (each scans the whole line): words every match must
# contain, searched with the pattern's own flags, so a line without them skips the pattern.
# Keep in step with the pattern: each of its alternatives needs one of these words.
LINE_SCREENS: dict[str, re.Pattern[str]] = {
    "cookie_notice": re.compile(r"cookie|by continuing", _I),
    "disclaimer": re.compile(r"expressed|was (?:written|produced|reported|originally published)|transcript|"
                             r"receives? (?:compensation|a commission)", _I),
}

# Headings that open a block which is not the article (its items go with it).
BLOCK_HEADINGS: dict[str, re.Pattern[str]] = {
    "author_bio": _whole(r"written by", r"about the authors?", r"author bio", r"about the writer",
                         r"über (?:den|die) autor(?:in)?", r"à propos de l'auteur", r"sobre el autor"),
    "people_on_the_move": _whole(r"people on the move"),
    "expert_insights": _whole(r"expert insights"),
    "references": _whole(r"references?\s*:?", r"sources?\s*:?", r"quellen\s*:?", r"références\s*:?",
                         r"further reading\s*:?", r"notes\s*:?"),
    "metadata_footer": _whole(r"classification\s*:?", r"tags\s*:?", r"topics\s*:?", r"filed under\s*:?"),
    "trending": _whole(r"trending(?: now| stories| topics)?", r"most (?:read|popular|viewed|shared)",
                       r"popular (?:now|stories|posts)", r"meistgelesen", r"les plus lus",
                       r"热门(?:新闻|文章|推荐)?|热点|排行榜|アクセスランキング|人気記事|많이 본 뉴스"),
    "newsletter": _whole(r".{0,40}newsletter", r"stay (?:informed|up to date|in the loop)",
                         r"(?:sign up|subscribe)(?: (?:now|today|for free))?"),
    "related": _whole(r"related(?: articles| posts| stories| news| content| coverage| reading| topics)?\s*:?",
                      r"more (?:stories|news|articles|from .{1,40})", r"recommended(?: for you| stories| reading)?",
                      r"you (?:may|might) also (?:like|enjoy)", r"read (?:next|more)", r"what to read next",
                      r"(?:more|latest) (?:in|on) .{1,40}", r"das könnte sie auch interessieren", r"à lire aussi",
                      r"相关(?:新闻|阅读|文章|报道)|相關(?:新聞|閱讀|文章)|推荐阅读|延伸阅读|関連(?:記事|ニュース)|관련 ?기사"),
    "comments": _whole(r"\d*\s*comments?", r"leave a (?:reply|comment)", r"post a comment", r"join the (?:conversation|discussion)",
                       r"kommentare", r"commentaires", r"comentarios", r"responses?", r"评论|評論|コメント|댓글"),
    "site_footer": _whole(r"about us", r"contact(?: us)?", r"privacy(?: policy)?", r"terms (?:of (?:use|service)|and conditions)",
                          r"impressum", r"datenschutz", r"mentions légales", r"follow us"),
}

# A date, as pages print one above or below the headline: a month name with a day or year,
# a numeric date, or a CJK date ("2025年5月28日").
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
           r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|januar|februar|märz|mai|juni|juli|oktober|dezember|"
           r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|"
           r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
           r"gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre")
DATE = re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:{_MONTHS})\b|"
                  r"\b(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}|\b\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d\d\b|"
                  r"(?:19|20)\d\d\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?", _I)
# What else a dateline may say: "Posted on", "Last updated:", "5 min read", "10:32 am PST", "By".
DATELINE_WORDS = re.compile(r"\b(?:posted|published|updated|last|on|at|by|min|mins|minutes?|read|reading|time|am|pm|"
                            r"[A-Z]{2,4}T|UTC|GMT|veröffentlicht|aktualisiert|am|um|publié|le|mis à jour|publicado|el|"
                            r"actualizado|pubblicato|il)\b|来源|來源|发布时间|發佈時間|发布|更新|时间|作者|出典|配信|公開|\d+|[^\w\s]", _I)

# A credit line under a headline: "Written By: Jane Doe ...", "Reviewed by ...", "By: X".
BYLINE_START = re.compile(r"^(?:(?:written|reviewed|fact-checked|posted|reported|edited|words|text|photos?|medically reviewed)"
                          r"\s+)?by\b\s*:?|^(?:von|par|por|di|door|av|autor(?:in)?|author)\s*:", _I)

# Inline spans inside article sentences that point elsewhere: "(see: ...)".
INLINE_CROSS_REFERENCE = re.compile(
    r"\s*\((?:see(?: also)?|read(?: more)?|related|siehe(?: auch)?|voir(?: aussi)?|véase)\s*:\s*[^()]{1,200}\)", _I)

# "Ryan Naraine is Editor-at-Large at SecurityWeek ..." – the name of a bio's subject.
BIO_SUBJECT = re.compile(r"^(?!(?:The|This|That|There|It|He|She|They|We|Our|Its|His|Her)\s)"
                         r"((?:[A-ZÀ-Þ][\w.'’-]+\s){2,3})(?:is|was|has been|writes|covers)\b", re.U)
# The article's last lines about its author: "Amanda Furrer, Editor, ...", "Executive Editor at Digit. ..."
CLOSING_BIO = re.compile(
    r"^(?:(?!(?:The|This|That|These|Those|It|He|She|They|We|In|On|At|A|An)\s)"
    r"(?:[A-ZÀ-Þ][\w.'’-]+\s?(?:\([^)]{1,30}\)\s?)?){2,4}(?:,|is\b|was\b|has\b|started\b|studied\b|joined\b|writes\b|covers\b)|"
    r"(?i:(?:senior |executive |managing |contributing |staff |deputy )?(?:editor|writer|journalist|reporter|correspondent|"
    r"columnist|contributor)\b))"
    r"(?=.{0,400}\b(?i:editor|writer|journalist|reporter|correspondent|columnist|contributor|author|founder|veteran|"
    r"studied journalism|has written)\b)", re.U)
BIO_ROLE = re.compile(r"^\S+(?:\s\S+){1,3}\s(?:is|was|has been)\s(?:\S+\s){0,6}(?:editor|writer|journalist|reporter|"
                      r"correspondent|contributor|columnist|author|analyst|host|freelancer?)\b", re.I)
