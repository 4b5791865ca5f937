"""Boilerplate stage, page-text logic (cleaner.boilerplate.textpage) on real text: the seeds, whole blocks, sentences that must survive.

The phrase rules themselves are golden JSON cases, in tests/test_rules.py.
"""

from __future__ import annotations

import pytest

from cleaner import clean
from cleaner.boilerplate.shapes import is_dateline
from cleaner.boilerplate.textpage import strip_page

from .conftest import DATA, load_json
from .scoring import f1

SURVIVORS = load_json("must_survive.json")["lines"]

ARTICLE = [
    "Czech Government Condemns Chinese Hack on Critical Infrastructure",
    "The Czech government delivered a pointed warning to China on Wednesday, publicly attributing a "
    "years-long intrusion in the foreign ministry’s networks to APT31.",
    "In a blunt statement, the government said the hackers broke into one of the ministry’s unclassified "
    "systems as early as 2022 and lingered undetected inside critical-infrastructure networks.",
    "The statement did not include any technical details on the intrusions or what was stolen, but public "
    "reports say the affected systems have since been rebuilt and isolated.",
    "The European Union issued a separate statement condemning the APT31 activity and warned that Chinese "
    "hackers have ramped up attacks against member states.",
]


def test_every_seed_matches_its_gold(seeds, seed_gold):
    for name, text in seeds.items():
        score = f1(clean(text).to_text(), seed_gold[name])
        assert score >= 0.95, (name, score)


@pytest.mark.parametrize("sentence", SURVIVORS)
def test_article_sentence_that_looks_like_boilerplate_survives(sentence):
    page = ["Connect with us", "Data Breaches", *ARTICLE[:3], sentence, *ARTICLE[3:], "Advertisement", "Trending"]
    doc = clean("\n".join(page))
    assert sentence in doc.paragraphs
    assert doc.title == ARTICLE[0]


def test_heading_takes_its_whole_block_at_the_end_of_the_article():
    page = ARTICLE + ["People on the Move",
                      "Coro, a provider of cybersecurity solutions for SMBs, has appointed Joe Sykora as CEO.",
                      "SonicWall has hired Rajnish Mishra as Senior Vice President and Chief Development Officer.",
                      "More People On The Move"]
    result = strip_page(page, use_model=False)
    assert result.kept == ARTICLE[1:]
    assert [r for r, _ in result.removed] == ["people_on_the_move"] * 4


def test_byline_fills_author_and_bio_goes_with_written_by():
    page = ["Pierluigi Paganini@Security Affairs", "//", *ARTICLE, "Written By",
            "Ryan Naraine is Editor-at-Large at SecurityWeek and host of the popular Security Conversations podcast."]
    result = strip_page(page, use_model=False)
    assert result.author == "Pierluigi Paganini"
    assert ("author_bio", page[-1]) in result.removed
    assert result.kept == ARTICLE[1:]


def test_inline_cross_reference_is_cut_and_recorded():
    line = ("The U.S. Department of Justice in March 2024 indicted seven Chinese nationals "
            "(see: US Indicts Accused APT31 Chinese Hackers for Hire).")
    result = strip_page([line], use_model=False, find_title=False)
    assert result.kept == ["The U.S. Department of Justice in March 2024 indicted seven Chinese nationals."]
    assert result.removed == [("cross_reference", "(see: US Indicts Accused APT31 Chinese Hackers for Hire)")]


def test_heading_early_in_the_page_does_not_take_the_article_with_it():
    page = ["Trending", "Short teaser one", "Short teaser two", *ARTICLE]
    result = strip_page(page, use_model=False)
    assert result.kept == ARTICLE[1:]


def test_german_page_keeps_its_article_and_drops_its_chrome():
    page = (DATA / "de_page.txt").read_text(encoding="utf-8")
    doc = clean(page)
    assert doc.title == "Tschechien macht China für Cyberangriff auf Außenministerium verantwortlich"
    assert doc.lang == "de"
    body = doc.text
    for sentence in ("Die tschechische Regierung hat China am Mittwoch", "„Die Regierung der Tschechischen Republik verurteilt",
                     "Außenminister Jan Lipavský sagte", "Peking wies die Vorwürfe zurück."):
        assert sentence in body
    for chrome in ("Startseite", "Anzeige", "Mehr zum Thema", "Impressum", "Jetzt abonnieren", "© 2025"):
        assert chrome not in body


@pytest.mark.parametrize(("name", "lang", "body_starts", "chrome"), [
    ("zh_page.txt", "zh-cn", ("捷克政府周三表示", "捷克外交部在声明中说", "声明说：“我们呼吁中国", "欧盟外交与安全政策高级代表"),
     ("首页", "相关新闻", "北约加强网络防御合作", "分享到", "微博", "版权所有")),
    ("ja_page.txt", "ja", ("チェコ政府は28日", "外務省の声明によると", "同省は「中国が", "欧州連合もチェコへの連帯"),
     ("ホーム", "ログイン", "関連記事", "EU、サイバー攻撃に制裁", "シェア", "著作権")),
    ("th_page.txt", "th", ("รัฐบาลสาธารณรัฐเช็กแถลง", "กระทรวงการต่างประเทศเช็กระบุ", "แถลงการณ์ระบุว่า", "ผู้แทนระดับสูงด้านการต่างประเทศ"),
     ("หน้าแรก", "เข้าสู่ระบบ")),
])
def test_chinese_and_japanese_pages_keep_their_unspaced_sentences(name, lang, body_starts, chrome):
    """Han and kana count a word per character, Thai a word per three letters with their marks:
    a paragraph is prose, not a short label."""
    doc = clean((DATA / name).read_text(encoding="utf-8"))
    assert doc.lang == lang
    lines = doc.text.split("\n")
    for start in body_starts:
        assert any(line.startswith(start) for line in lines), start
    for junk in chrome:
        assert not any(junk in line for line in lines), junk


@pytest.mark.parametrize("closing", [
    "Amanda Furrer, Editor, Running Reviews, studied journalism at NYU and writing at Emerson College.",
    "Executive Editor at Digit. Technology journalist since Jan 2008, with stints at two other magazines.",
    "Ryan Naraine is Editor-at-Large at SecurityWeek and host of the popular Security Conversations podcast.",
])
def test_closing_author_bio_goes(closing):
    result = strip_page(ARTICLE + [closing], use_model=False)
    assert result.kept == ARTICLE[1:]
    assert ("author_bio", closing) in result.removed


def test_closing_sentence_naming_a_person_stays():
    last = "Kaja Kallas, the EU foreign policy chief, told reporters the attack was serious."
    assert strip_page(ARTICLE + [last], use_model=False).kept[-1] == last


@pytest.mark.parametrize(("line", "expected"), [
    ("December 17, 2025", True), ("Posted on June 29, 2020", True), ("Nov 25, 2025 5:00 am PST", True),
    ("Faith Katunga • Oct 20, 2025", True), ("Updated on 09/10/2025", True), ("Am 3. März 2025 veröffentlicht", True),
    ("2025年5月28日 10:32 来源：新华网", True),
    ("2024 Election Results Are In", False), ("Apple Unveils iPhone 17 on September 9", False),
    ("The March 15 Deadline Looms for Taxpayers", False), ("May Day Protests Spread Across Europe", False),
])
def test_dateline_is_a_date_and_little_else(line, expected):
    assert is_dateline(line) is expected


def test_the_title_is_the_headline_above_its_byline_and_dateline():
    page = ["Home", "Czech Government Condemns Chinese Hack on Critical Infrastructure",
            "Written By: Ryan Naraine", "May 28, 2025 | 4 min read", *ARTICLE[1:]]
    result = strip_page(page, use_model=False)
    assert result.title == "Czech Government Condemns Chinese Hack on Critical Infrastructure"
    assert ("dateline", "May 28, 2025 | 4 min read") in result.removed
    assert ("byline", "Written By: Ryan Naraine") in result.removed
    assert result.kept == ARTICLE[1:]
