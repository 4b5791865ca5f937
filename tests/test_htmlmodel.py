"""The HTML block model (cleaner/htmlmodel, issue 21) on real dev pages: blocks, features, labels, training."""

from __future__ import annotations

import re
import sys

import numpy as np
import pytest

from cleaner.htmlmodel.dom import page_blocks, parse
from cleaner.htmlmodel.features import all_feature_names, page_features, trafilatura_view
from cleaner.htmlmodel.labels import coverage, gold_labels
from cleaner.htmlmodel.select import select

from .conftest import ROOT, SHARED, needs_shared
from .scoring import f1

DEV = SHARED / "data" / "dev"
PAGE = "wcxb-0004"  # prevention.com: a menu of link lists, a byline, the article with h2 sections, footer


def _page(name: str = PAGE) -> tuple[str, str]:
    return (DEV / f"{name}.html").read_text(encoding="utf-8"), (DEV / f"{name}.gold.txt").read_text(encoding="utf-8")


@needs_shared
def test_the_blocks_follow_the_page_in_reading_order_without_its_scripts():
    html, gold = _page()
    blocks = page_blocks(parse(html))
    texts = [b.text for b in blocks]
    words = [" ".join(re.findall(r"\w+", t)) for t in texts]  # the gold writes straight quotes, the page curly ones
    paragraphs = [" ".join(re.findall(r"\w+", line)[:10]) for line in gold.splitlines() if len(line) > 80]
    where = [next(i for i, t in enumerate(words) if start in t) for start in paragraphs]
    assert where == sorted(where) and len(where) > 10
    scripts = [s.text_content() for s in parse(html).iter("script") if len(s.text_content()) > 200]
    assert scripts and not any(s[:100] in t for s in scripts for t in texts)
    menu = [b for b in blocks[:20] if b.tag == "li"]
    assert menu and all(b.link_density == 1.0 and b.siblings > 3 for b in menu)


@needs_shared
def test_features_carry_the_dom_trafilatura_and_text_signals():
    html, gold = _page()
    blocks = page_blocks(parse(html))
    X = page_features(blocks, trafilatura_view(html))
    names = all_feature_names()
    assert X.shape == (len(blocks), len(names)) and np.isfinite(X).all()
    y = gold_labels([b.text for b in blocks], gold)
    traf = X[:, names.index("traf")]
    assert traf[y == 1].mean() > 0.8 > 0.2 > traf[y == 0].mean()  # trafilatura mostly agrees with the gold here
    nav = X[:, names.index("kw_nav")] + X[:, names.index("kwa_nav")]
    assert nav[:20].mean() > nav[y == 1].mean()  # the menu's items stand in "nav" elements, the article's do not
    assert X[:, names.index("line_log_words")].max() > 3  # the text-mode line features come along


@needs_shared
def test_labels_from_the_gold_select_the_article_and_only_once():
    html, gold = _page()
    texts = [b.text for b in page_blocks(parse(html))]
    y = gold_labels(texts, gold)
    assert f1("\n".join(t for t, label in zip(texts, y, strict=True) if label), gold) > 0.95
    twice = texts + [t for t, label in zip(texts, y, strict=True) if label]
    again = gold_labels(twice, gold)
    assert again[len(texts):].sum() == 0 and (again[:len(texts)] == y).all()
    assert 0 < coverage(texts, gold).mean() < 1


@needs_shared
def test_training_is_deterministic_and_learns_from_a_few_pages(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import blockmodel_data as bd
    import train_blockmodel as tb

    names = sorted(p.name[: -len(".gold.txt")] for p in DEV.glob("*.gold.txt"))[:5]
    pages = [bd.build_page("dev", name, name, cache=tmp_path) for name in names]
    one, two = tb.train(pages[:4], rounds=20), tb.train(pages[:4], rounds=20)
    assert one.model_to_string() == two.model_to_string()
    held = pages[4]
    p = one.predict(held.X, num_threads=1)
    assert p[held.y == 1].mean() > p[held.y == 0].mean() + 0.3
    keep = select(p, [len(t) for t in held.texts])
    body = "\n".join(t for t, k in zip(held.texts, keep, strict=True) if k)
    assert f1(body, bd.gold_of("dev", held.name)) > 0.7
    sys.modules.pop("blockmodel_data", None), sys.modules.pop("train_blockmodel", None)


def test_a_page_without_body_or_html_gives_no_blocks():
    assert page_blocks(parse("")) == []
    assert [b.text for b in page_blocks(parse("<html><head><title>T</title><script>x()</script></head></html>"))] == []
    hidden = page_blocks(parse("<body><div style='display: none'>menu</div><p hidden>gone</p><p>kept</p></body>"))
    assert [b.text for b in hidden] == ["kept"]


@pytest.mark.parametrize("smooth", [True, False])
def test_selection_keeps_sure_blocks_anywhere(smooth):
    p = [0.95, 0.1, 0.1, 0.1, 0.1, 0.6, 0.7, 0.8]
    keep = select(p, [100] * len(p), smooth=smooth)
    assert keep[0] and keep[5:] == [True, True, True]
