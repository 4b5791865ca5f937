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


def assert_refuses_other_features(load, tmp_path: Path, monkeypatch) -> None:
    """*load* (a cached loader of ``linemodel.MODEL_PATH``) refuses a model file whose feature names are not the code's."""
    from cleaner import linemodel

    text = linemodel.MODEL_PATH.read_text(encoding="utf-8").replace("feature_names=log_chars ", "feature_names=chars ", 1)
    (tmp_path / "model.txt").write_text(text, encoding="utf-8")
    monkeypatch.setattr(linemodel, "MODEL_PATH", tmp_path / "model.txt")
    load.cache_clear()
    try:
        with pytest.raises(linemodel.ModelMismatch, match="retrain it"):
            load()
    finally:
        load.cache_clear()
