"""Shared paths for the tests: real text lives in samples/ and tests/data/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"


def load_json(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seeds() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))}


@pytest.fixture(scope="session")
def seed_gold() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted((SAMPLES / "expected").glob("*.gold"))}
