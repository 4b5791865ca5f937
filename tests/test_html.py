"""HTML mode: extraction (cleaner.extract) and the HTML user of the boilerplate engine (cleaner.boilerplate.htmlblocks)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cleaner import InputError, clean
from cleaner.boilerplate.htmlblocks import Block, filter_blocks
from cleaner.extract import extract_html

from .conftest import needs_shared

_PARAS = [
    "The city council voted on Tuesday to expand the tram network into the northern districts, "
    "ending a debate that had run for almost a decade.",
    "Supporters said the new line would cut commuting times by a third for about forty thousand residents "
    "who currently rely on crowded buses.",
    "Opponents warned that construction would disrupt local shops for at least two years and questioned "
    "whether the budget of 300 million euros was realistic.",
    "The mayor promised that businesses along the route would receive compensation and that work would "
    "be phased to keep every street open to traffic.",
    "Construction is expected to begin next spring, with the first trams running in 2029 if the regional "
    "government approves its share of the funding.",
]

ARTICLE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Council approves northern tram line | Riverside Gazette</title>
<meta name="author" content="Maria Keller">
<meta property="article:published_time" content="2024-03-12T09:30:00Z">
<meta property="og:title" content="Council approves northern tram line">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/contact">Contact</a></li></ul></nav></header>
<main><article>
<h1>Council approves northern tram line</h1>
<p class="byline">By Maria Keller</p>
{"".join(f"<p>{p}</p>" for p in _PARAS)}
<p>Related: Five things to know about the city budget</p>
<h2>Related articles</h2>
<ul><li><a href="/a">Bus fares to rise in June</a></li><li><a href="/b">New bridge opens to cyclists</a></li>
<li><a href="/c">Parking rules change downtown</a></li><li><a href="/d">Station renovation delayed again</a></li></ul>
</article></main>
<footer><p>© 2024 Riverside Gazette. All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>
</body></html>"""


def test_article_body_without_chrome() -> None:
    doc = clean(ARTICLE)
    body = doc.text
    for paragraph in _PARAS:
        assert paragraph in body
    for chrome in ("Home", "Privacy policy", "All rights reserved", "Bus fares to rise", "Five things to know",
                   "Council approves northern tram line"):
        assert chrome not in body
    assert doc.title == "Council approves northern tram line"
    assert {"related", "title"} <= {r.reason for r in doc.removed}
    assert {r.stage for r in doc.removed} == {"boilerplate"}  # HTML mode records removals as text mode does


def test_metadata_filled() -> None:
    result = extract_html(ARTICLE)
    assert result.title == "Council approves northern tram line"
    assert result.author == "Maria Keller"
    assert result.date.startswith("2024-03-12")


def test_deterministic() -> None:
    assert extract_html(ARTICLE) == extract_html(ARTICLE)


def test_deeply_nested_page_is_a_clear_error_not_a_crash() -> None:
    depth = 50_000
    page = "<html><body>" + "<div>" * depth + "<p>" + _PARAS[0] + "</p>" + "</div>" * depth + "</body></html>"
    assert extract_html(page).blocks == []  # lxml refuses the depth: no blocks, no exception
    with pytest.raises(InputError) as caught:
        clean(page)
    assert "\n" not in str(caught.value)


def test_non_article_page_gives_no_paragraphs() -> None:
    page = """<html><head><title>Sign in</title></head><body>
    <nav><a href="/">Home</a> <a href="/shop">Shop</a> <a href="/help">Help</a></nav>
    <form><label>Email</label><input name="email"><label>Password</label><input type="password">
    <button>Sign in</button></form><footer>© 2024 Example Ltd</footer></body></html>"""
    with pytest.raises(InputError, match="no article text found"):
        clean(page)


@pytest.mark.parametrize(("page", "texts"), [
    ("", []), ("   ", []), ("<<<>>><<", []), ("\x00\x01 binary junk", []), ("<html>" + "<table><tr><td>" * 3000, []),
    ("<html><body><p>unclosed <b>tags <i>everywhere", ["unclosed tags everywhere"]),
])
def test_malformed_and_empty_input_give_what_they_hold(page, texts) -> None:
    assert [block.text for block in extract_html(page).blocks] == texts


@pytest.mark.parametrize("key", ["articleBody", "\\u0061rticleBody"])  # the key as JSON may escape it
def test_json_ld_article_body_rescues_script_rendered_page(key: str) -> None:
    text = " ".join(_PARAS * 3)
    page = ('<html><head><title>Tram line</title><script type="application/ld+json">'
            '{"@type": "NewsArticle", "headline": "Tram line", "' + key + '": "' + text + '"}</script></head>'
            "<body><p>Loading the story for you right now, please wait a moment.</p></body></html>")
    result = extract_html(page)
    assert _PARAS[2] in " ".join(block.text for block in result.blocks)
    assert "Loading the story" not in " ".join(block.text for block in result.blocks)


def test_filters_title_bio_and_link_list() -> None:
    blocks = [Block("head", "Council approves northern tram line"), Block("p", "By Maria Keller")]
    blocks += [Block("p", p) for p in _PARAS]
    blocks += [Block("list", "- Bus fares to rise", 1.0), Block("list", "- New bridge opens", 1.0), Block("p", "Advertisement"),
               Block("p", "Maria Keller is a reporter covering transport and city politics for the Gazette.")]
    kept, dropped = filter_blocks(blocks, title="Council approves northern tram line | Riverside Gazette",
                                  author="Maria Keller")
    assert [block.text for block in kept] == _PARAS
    assert [reason for reason, _ in dropped] == ["title", "byline", "link_list", "link_list", "advertisement",
                                                 "author_bio"]


def test_import_is_cheap() -> None:
    code = "import sys, cleaner.extract; print('trafilatura' in sys.modules, 'lxml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_fragment_trafilatura_skips_falls_back_to_page_text():
    doc = clean("<html><body><p>The ministry said on Wednesday that the intruders had been inside its network "
                "since 2022.</p></body></html>")
    assert doc.text == "The ministry said on Wednesday that the intruders had been inside its network since 2022."


def test_page_with_no_article_is_a_clear_error():
    with pytest.raises(InputError, match="no article text found in this HTML"):
        clean("<html><body><nav>Home</nav><a href='/login'>Log in</a></body></html>")


def _extractions(monkeypatch) -> list[bool]:
    """Record the ``fast`` flag of every trafilatura extraction."""
    import trafilatura

    calls: list[bool] = []
    real = trafilatura.bare_extraction

    def counting(*args, **kwargs):
        calls.append(kwargs.get("fast", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", counting)
    return calls


@needs_shared
def test_a_good_fast_body_is_kept_and_a_poor_one_takes_trafilaturas_full_path(monkeypatch) -> None:
    from pathlib import Path

    calls = _extractions(monkeypatch)
    dev = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev"
    long_page = (dev / "wcxb-0096.html").read_text(encoding="utf-8")
    assert sum(len(block.text.split()) for block in extract_html(long_page).blocks) > 1500
    assert calls == [True]  # the fast path was enough
    calls.clear()
    bloated = (dev / "wcxb-0214.html").read_text(encoding="utf-8")  # the fast path takes in 2.5x the paragraphs' words
    assert len(extract_html(bloated).blocks) > 10 and calls == [True, False]
    calls.clear()
    assert len(extract_html(ARTICLE).blocks) >= len(_PARAS) and calls == [True, False]  # under 150 words: both
    collapsing = (dev / "wcxb-0281.html").read_text(encoding="utf-8")  # the fast path finds 33 of its ~2,500 words
    calls.clear()
    blocks = extract_html(collapsing).blocks
    assert calls == [True, False] and sum(len(block.text.split()) for block in blocks) > 2000
