"""Site-grouped folds over ../shared/data/multilingual, written once and committed.

    python scripts/folds.py [--data ../shared/data/multilingual] [--k 5] [--out scripts/data/multilingual_folds.json]

A page's site is the host of its ``url`` in cases.json (for a web.archive.org URL, the
archived URL's host), lower-cased, a leading ``www.`` stripped; a "url" that is a file name
("hard::zeit.de.zugverkehr.html", 36 pages) gives the domain the name starts with; a page
without a URL is a site of its own. Sites are sorted by page count (largest first), then by name, and each goes
to the fold with the fewest pages so far (the lowest fold number on a tie): every page of a
site lands in one fold, the folds are balanced by pages, and the same cases.json gives the
same file. The text-mode line model (scripts/train_linemodel.py --exclude-fold) and the HTML
work measure out of fold with these folds.

>>> site_of("https://www.Tagblatt.ch/kultur/x"), site_of("http://web.archive.org/web/2019/https://www.spiegel.de/a")
('tagblatt.ch', 'spiegel.de')
>>> site_of(None, "page1"), site_of("https://web.archive.org/web/20180101000000*/blog.example.org/x")
('page:page1', 'blog.example.org')

trafilatura's cases without a URL name the page's file instead ("hard::SITE-what.html"):

>>> [site_of(u) for u in ("hard::dw.com.colonial.html", "hard::diaadia.com.pa-ulpiano.html",
...                       "hard::blog.python.org.html", "recall::mercurynews.com.2023.01.16.letters-1119.html")]
['dw.com', 'diaadia.com.pa', 'blog.python.org', 'mercurynews.com']
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "multilingual"
FOLDS = ROOT / "scripts" / "data" / "multilingual_folds.json"
_ARCHIVED = re.compile(r"^/web/[^/]*/(.+)$")
# trafilatura's "hard::zeit.de.zugverkehr.html" cases: no URL, the site is the file name's domain part
_PSEUDO = re.compile(r"^[a-z]+::(.+?)(?:\.html?)?$")
_GENERIC_TLDS = frozenset({"com", "net", "org", "gov", "edu", "info", "biz"})


def _domain_of_file_name(stem: str) -> str:
    """The domain a file name starts with: "dw.com.colonial" -> "dw.com", "diaadia.com.pa-ulpiano" -> "diaadia.com.pa"."""
    labels = stem.split("-")[0].lower().split(".")
    for i, label in enumerate(labels[1:], start=1):
        if label in _GENERIC_TLDS or (len(label) == 2 and label.isalpha()):
            end = i + 1
            if label in _GENERIC_TLDS and end < len(labels) and len(labels[end]) == 2 and labels[end].isalpha():
                end += 1  # com.pa, gov.jm
            return ".".join(labels[:end])
    return ".".join(labels)


def _host(url: str) -> str:
    host = (urlsplit(url if "//" in url else "http://" + url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def site_of(url: str | None, name: str = "") -> str:
    """The site a page belongs to: its URL's host, the archived page's for web.archive.org."""
    if not url:
        return f"page:{name}"
    pseudo = _PSEUDO.match(url)
    if pseudo and "//" not in url:
        host = _domain_of_file_name(pseudo.group(1))
        return host[4:] if host.startswith("www.") else host
    host = _host(url)
    if host == "web.archive.org":
        archived = _ARCHIVED.match(urlsplit(url).path)
        if archived:
            host = _host(archived.group(1)) or host
    return host or f"page:{name}"


def assign(sites: dict[str, str], k: int = 5) -> dict[str, int]:
    """Page name -> fold in 0..k-1, whole sites at a time, each to the lightest fold (see the module doc)."""
    sizes = Counter(sites.values())
    load = [0] * k
    fold_of_site = {}
    for site, size in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        fold = min(range(k), key=lambda f: (load[f], f))
        fold_of_site[site] = fold
        load[fold] += size
    return {name: fold_of_site[site] for name, site in sorted(sites.items())}


def load_folds(path: Path = FOLDS) -> dict[str, int]:
    """The committed assignment: page name -> fold."""
    return json.loads(path.read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--out", type=Path, default=FOLDS)
    args = parser.parse_args()
    cases = json.loads((args.data / "cases.json").read_text(encoding="utf-8"))
    sites = {name: site_of(case.get("url"), name) for name, case in cases.items()}
    folds = assign(sites, args.k)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(folds, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    for fold in range(args.k):
        members = [n for n, f in folds.items() if f == fold]
        print(f"fold {fold}: {len(members)} pages, {len({sites[n] for n in members})} sites")
    print(f"{len(set(sites.values()))} sites, largest {Counter(sites.values()).most_common(3)}; wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
