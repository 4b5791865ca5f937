"""Our own golden pages (corpus/golden): per failure kind and language, no article line is ever lost,
and the junk goes, in both modes.

Each page is a JSON spec (scripts/pages.py) rendered as page text and as HTML. Junk that is not
removed yet is listed in corpus/golden/known_failures.json (page -> mode -> lines); those pages' junk
tests run as strict xfail, as ftfy's known failures do: when a fix lands, the entry must go.
"""

from __future__ import annotations

import json
import sys

import pytest

from cleaner import clean_many

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from pages import load, page_html, page_text  # noqa: E402

GOLDEN = ROOT / "corpus" / "golden"
SPECS = load(GOLDEN)
KNOWN = json.loads((GOLDEN / "known_failures.json").read_text(encoding="utf-8"))
MODES = ("text", "html")


@pytest.fixture(scope="module")
def cleaned() -> dict[tuple[str, str], str]:
    out = {}
    for mode in MODES:
        render = page_text if mode == "text" else page_html
        docs = clean_many([{"id": s["name"], mode: render(s)} for s in SPECS], dedup="off")
        out.update({(d.id, mode): d.text for d in docs})
    return out


def test_every_kind_has_pages_in_several_languages():
    kinds: dict[str, set[str]] = {}
    for spec in SPECS:
        kinds.setdefault(spec["kind"], set()).add(spec["lang"])
    assert len(kinds) == 8 and all(len(langs) >= 2 and langs - {"en"} for langs in kinds.values()), kinds


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("spec", SPECS, ids=[s["name"] for s in SPECS])
def test_no_article_line_is_lost(cleaned, spec, mode):
    text = cleaned[(spec["name"], mode)]
    lost = [b["text"] for b in spec["blocks"] if b["gold"] is True and " ".join(b["text"].split()) not in text]
    assert not lost, lost


def _junk_params():
    for spec in SPECS:
        for mode in MODES:
            known = KNOWN.get(spec["name"], {}).get(mode)
            marks = [pytest.mark.xfail(strict=True, reason=f"known: {known}")] if known else []
            yield pytest.param(spec, mode, marks=marks, id=f"{spec['name']}-{mode}")


@pytest.mark.parametrize(("spec", "mode"), list(_junk_params()))
def test_the_junk_goes(cleaned, spec, mode):
    lines = set(cleaned[(spec["name"], mode)].split("\n"))
    kept = [b["text"] for b in spec["blocks"] if b["gold"] is False and " ".join(b["text"].split()) in lines]
    assert not kept, kept


def test_known_failures_name_real_junk_lines():
    by_name = {s["name"]: s for s in SPECS}
    for name, modes in KNOWN.items():
        junk = {b["text"] for b in by_name[name]["blocks"] if b["gold"] is False}
        for mode, lines in modes.items():
            assert mode in MODES and lines and set(lines) <= junk, (name, mode)
