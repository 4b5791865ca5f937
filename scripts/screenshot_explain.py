"""The explain page of samples/ in a real browser: docs/explain.png, and a check of what the browser made of it.

    python scripts/screenshot_explain.py [--out docs/explain.png] [--chromium PATH]     (make explain-shot)

Not part of the tests: it needs headless Chromium (Debian: ``apt-get install chromium``). It writes
``cleaner explain --html`` for samples/ into a scratch folder, then asks Chromium for

1. the page's DOM once parsed and laid out (``--dump-dom``): every section, id and in-page link the
   page was written with must be in it, each link landing on an element of the page, and nothing
   fetched from elsewhere (no script, no src);
2. a screenshot, ``--width`` x ``--height``: decoded here with the standard library (zlib and PNG's
   row filters), it must be that size and not blank (ink in the contents column and in the article
   column, a few colours), then written again with each colour channel rounded to 16 levels, which
   text keeps well and which brings it under ``--max-kb``.

Exit status 0 when every check holds (the screenshot is written only then), 1 otherwise.
"""

from __future__ import annotations

import argparse
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import lxml.html
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--disable-extensions")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
LEVELS = 16  # per colour channel in the written screenshot


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    out, pos = [], len(PNG_SIGNATURE)
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        out.append((kind, png[pos + 8:pos + 8 + length]))
        pos += 12 + length
    return out


def _unfilter(line: bytearray, prev: bytes, kind: int, bpp: int) -> bytearray:
    """One scanline with PNG's filter *kind* undone (0 none, 1 sub, 2 up, 3 average, 4 Paeth)."""
    for x in range(len(line)) if kind else ():
        a = line[x - bpp] if x >= bpp else 0
        b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
        if kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            a = a if pa <= pb and pa <= pc else b if pb <= pc else c
        line[x] = (line[x] + (a if kind in (1, 4) else b if kind == 2 else (a + b) // 2)) & 255
    return line


def decode_png(png: bytes) -> np.ndarray:
    """The pixels of an 8-bit RGB or RGBA PNG (not interlaced), as an array height x width x 3."""
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG file")
    chunks = _chunks(png)
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"a PNG this script does not read (depth {depth}, colour type {colour}, interlace {interlace})")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(data for kind, data in chunks if kind == b"IDAT"))
    stride, prev, rows = width * bpp, bytes(width * bpp), []
    for y in range(height):
        at = y * (stride + 1)
        prev = bytes(_unfilter(bytearray(raw[at + 1:at + 1 + stride]), prev, raw[at], bpp))
        rows.append(prev)
    return np.frombuffer(b"".join(rows), np.uint8).reshape(height, width, bpp)[:, :, :3]


def encode_png(pixels: np.ndarray) -> bytes:
    """*pixels* (height x width x 3) as an RGB PNG, each row with the filter (none, sub, up) that leaves least to store."""
    height, width, _ = pixels.shape
    flat = pixels.reshape(height, width * 3).astype(np.int16)
    sub = (flat - np.pad(flat, ((0, 0), (3, 0)))[:, :-3]) % 256
    up = (flat - np.pad(flat, ((1, 0), (0, 0)))[:-1]) % 256
    rows = bytearray()
    for y in range(height):
        options = [(0, flat[y]), (1, sub[y]), (2, up[y])]
        kind, row = min(options, key=lambda o: int(np.minimum(o[1], 256 - o[1]).sum()))
        rows += bytes([kind]) + row.astype(np.uint8).tobytes()

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return PNG_SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")


def posterize(pixels: np.ndarray, levels: int = LEVELS) -> np.ndarray:
    """Each channel rounded to *levels* values: antialiased text keeps its look and compresses far better."""
    step = 256 // levels
    return np.minimum((pixels.astype(np.int16) + step // 2) // step * step, 255).astype(np.uint8)


def check_dom(dom: str, written: str, documents: int) -> list[str]:
    """What is wrong with the browser's DOM of the page, against the page as written."""
    shown, page = lxml.html.fromstring(dom), lxml.html.fromstring(written)
    ids = set(shown.xpath("//@id"))
    problems = [f"{len(shown.xpath('//main/article'))} document sections in the browser, {documents} inputs"] \
        if len(shown.xpath("//main/article")) != documents else []
    if ids != set(page.xpath("//@id")):
        problems.append(f"ids differ between the page and the browser's DOM: {sorted(ids ^ set(page.xpath('//@id')))[:5]}")
    problems += [f"a link to #{href[1:]} lands nowhere" for href in shown.xpath("//a/@href") if href[1:] not in ids]
    if shown.xpath("//script|//@src") or not all(h.startswith("#") for h in shown.xpath("//@href")):
        problems.append("the page fetches or runs something")
    if not shown.xpath("//span[contains(@class, 'dup')]/a[@class='seen']"):
        problems.append("no repeated sentence linked to its first appearance")
    return problems


def check_image(pixels: np.ndarray, width: int, height: int, sidebar: int = 300) -> list[str]:
    """What is wrong with the screenshot: its size, or no ink where the contents and the first article stand."""
    if pixels.shape[:2] != (height, width):
        return [f"the screenshot is {pixels.shape[1]}x{pixels.shape[0]}, not {width}x{height}"]
    ink = np.any(np.abs(pixels.astype(np.int16) - pixels[0, 0]) > 40, axis=2)
    problems = []
    for name, part in (("contents column", ink[:, :sidebar]), ("article column", ink[:, sidebar + 60:])):
        if not 0.01 <= part.mean() <= 0.6:
            problems.append(f"the {name} looks blank or flooded ({part.mean():.1%} of its pixels inked)")
    colours = len(np.unique(pixels.reshape(-1, 3) // 32, axis=0))
    return problems + ([f"only {colours} colours"] if colours < 8 else [])


def _browser(name: str | None) -> str:
    found = shutil.which(name) if name else next((path for b in BROWSERS if (path := shutil.which(b))), None)
    if not found:
        raise SystemExit("no Chromium found: apt-get install chromium (or pass --chromium PATH)")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "explain.png")
    parser.add_argument("--chromium", help=f"the browser (default: the first of {', '.join(BROWSERS)} found)")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=1100)
    parser.add_argument("--max-kb", type=int, default=300)
    args = parser.parse_args()
    browser = _browser(args.chromium)
    inputs = sorted((ROOT / "samples").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        page, shot = Path(tmp) / "explain.html", Path(tmp) / "shot.png"
        subprocess.run([sys.executable, "-m", "cleaner", "explain", "--html", str(page), "samples"], cwd=ROOT, check=True)
        dom = subprocess.run([browser, *FLAGS, "--dump-dom", page.as_uri()], capture_output=True, check=True, timeout=120)
        problems = check_dom(dom.stdout.decode(), page.read_text(encoding="utf-8"), len(inputs))
        subprocess.run([browser, *FLAGS, f"--window-size={args.width},{args.height}", f"--screenshot={shot}", page.as_uri()],
                       capture_output=True, check=True, timeout=120)
        pixels = decode_png(shot.read_bytes())
    problems += check_image(pixels, args.width, args.height)
    png = encode_png(posterize(pixels))
    if len(png) > args.max_kb * 1000:
        problems.append(f"the screenshot is {len(png) // 1000} KB, over {args.max_kb} KB: lower --height")
    for problem in problems:
        print(f"screenshot_explain: {problem}", file=sys.stderr)
    if problems:
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(png)
    print(f"{args.out}: {args.width}x{args.height}, {len(png) // 1000} KB; the browser's DOM has every section and link")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
