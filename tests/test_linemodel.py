"""The compiled line model against LightGBM's own predict: the same decisions on real pages, cached once."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

from cleaner.boilerplate import compiled, linemodel
from cleaner.boilerplate.linefeatures import FEATURE_NAMES, line_features
from cleaner.boilerplate.rules import default_rules
from cleaner.boilerplate.textpage import rule_verdicts
from cleaner.cli import model as cli_model

from .conftest import assert_refuses_other_features, needs_shared

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "data" / "dev"
HAVE_LLEAVES = importlib.util.find_spec("lleaves") is not None


def _pages() -> list[list[str]]:
    paths = sorted(DEV.glob("*.page.txt")) + sorted((ROOT / "samples").glob("*.txt"))
    paths += [ROOT / "tests" / "data" / name for name in ("de_page.txt", "zh_page.txt", "ja_page.txt")]
    return [[line for line in p.read_text(encoding="utf-8").split("\n") if line.strip()] for p in paths]


@needs_shared
@pytest.mark.slow  # a sweep over every line of the dev pages, scored twice
def test_the_compiled_model_decides_every_line_of_real_pages_as_lightgbm_does():
    predict = compiled.compiled_predictor(linemodel.MODEL_PATH)
    assert (predict is not None) == HAVE_LLEAVES  # make test compiles it; without lleaves LightGBM does the work
    if predict is None:
        return
    booster, rules = linemodel._booster(), default_rules()
    pages = _pages()
    assert len(pages) > 120
    lines = flips = 0
    for page in pages:
        X = line_features(page, **rule_verdicts(page, rules))
        ours, theirs = predict(X), booster.predict(X, num_threads=1)
        np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-9)
        flips += int(np.sum((ours >= linemodel.THRESHOLD) != (theirs >= linemodel.THRESHOLD)))
        lines += len(page)
    assert lines > 20_000 and flips == 0


def _use(monkeypatch, settings: compiled.Settings) -> None:
    monkeypatch.setattr(compiled, "_settings", settings)


def test_the_commands_environment_sets_the_cache_folder_and_the_scorer(monkeypatch, tmp_path):
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    assert cli_model.from_environment(env) == compiled.Settings(cache_dir=tmp_path / "xdg" / "cleaner")
    env[cli_model.ENV_CACHE] = str(tmp_path / "mine")
    assert cli_model.from_environment(env).cache_dir == tmp_path / "mine"
    assert cli_model.from_environment({}) == compiled.Settings()
    monkeypatch.setattr(compiled, "_settings", compiled.Settings())
    monkeypatch.setenv(cli_model.ENV_CACHE, str(tmp_path / "env"))
    cli_model.configure_from_environment()
    assert compiled.cache_dir() == tmp_path / "env"


def _tiny_model(path: Path, seed: int, trees: int = 5) -> Path:
    """A real LightGBM model file over the line features, small enough to compile in a second."""
    import lightgbm as lgb

    rng = np.random.default_rng(seed)
    X = rng.random((400, len(FEATURE_NAMES)))
    y = (X[:, 0] + X[:, 7] > 1).astype(int)
    booster = lgb.train({"objective": "binary", "num_leaves": 7, "verbose": -1, "seed": seed, "num_threads": 1},
                        lgb.Dataset(X, y, feature_name=FEATURE_NAMES), num_boost_round=trees)
    booster.save_model(str(path))
    return path


@pytest.mark.skipif(not HAVE_LLEAVES, reason="lleaves is not installed for this Python")
def test_compiled_once_into_the_cache_keyed_by_the_model_files_hash(tmp_path, monkeypatch, capsys):
    import lightgbm as lgb

    _use(monkeypatch, compiled.Settings(cache_dir=tmp_path / "cache"))
    first, second = _tiny_model(tmp_path / "a.txt", 1), _tiny_model(tmp_path / "b.txt", 2)
    predict = compiled.compiled_predictor(first)
    assert "compiling the line model" in capsys.readouterr().err  # the one-line notice, first use only
    assert compiled.cache_path(first).exists() and compiled.cache_path(first).parent == tmp_path / "cache"
    X = np.random.default_rng(0).random((50, len(FEATURE_NAMES))).astype(np.float32)
    np.testing.assert_allclose(predict(X), lgb.Booster(model_file=str(first)).predict(X), rtol=0, atol=1e-12)
    again = compiled.compiled_predictor(first)
    assert capsys.readouterr().err == ""  # loaded from the cache, not compiled again
    np.testing.assert_array_equal(again(X), predict(X))
    assert compiled.cache_path(second) != compiled.cache_path(first)  # a retrained file is a new build
    assert compiled.compiled_predictor(second, compile=False) is None


def test_lightgbm_on_request_and_the_model_files_features_checked(tmp_path, monkeypatch):
    _use(monkeypatch, cli_model.from_environment({cli_model.ENV_MODEL: "lightgbm"}))
    assert compiled.compiled_predictor(linemodel.MODEL_PATH) is None
    assert_refuses_other_features(linemodel._predictor, tmp_path, monkeypatch)


@pytest.mark.skipif(not HAVE_LLEAVES, reason="lleaves is not installed for this Python")
def test_compiling_on_first_use_is_not_counted_against_the_documents_time_limit(tmp_path, monkeypatch):
    import time

    from cleaner.errors import time_limit

    _use(monkeypatch, compiled.Settings(cache_dir=tmp_path))
    model = _tiny_model(tmp_path / "m.txt", 3, trees=100)
    limit = 0.02
    started = time.perf_counter()
    with time_limit(limit):  # a document's limit, far shorter than compiling takes
        predict = compiled.compiled_predictor(model, quiet=True)
    assert time.perf_counter() - started > 5 * limit and predict is not None


@pytest.mark.skipif(not HAVE_LLEAVES or importlib.util.find_spec("pandas") is None,
                    reason="needs lleaves, and pandas installed beside it")
@pytest.mark.slow  # a fresh process: what a clean imports is the contract
def test_the_compiled_model_loads_without_importing_pandas_which_stays_importable():
    """lleaves imports pandas whenever it is installed (about 100 MB a process); cleaner loads it without."""
    import subprocess
    import sys

    script = ("import sys; from cleaner import clean\n"
              "doc = clean('Breaking news.\\n' + 'The council met on Monday and voted on the budget for next year.\\n' * 12)\n"
              "assert 'lleaves' in sys.modules, 'the compiled model was not used'\n"
              "assert 'pandas' not in sys.modules\n"
              "import pandas\n"
              "print(doc.paragraphs[0], pandas.DataFrame)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("The council met")
