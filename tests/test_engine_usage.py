"""``--engine ray`` without the ray extra, and ``--format parquet`` without pyarrow: one line, exit 2."""

from __future__ import annotations

import importlib.util

import pytest

from cleaner.cli.main import main

from .conftest import SAMPLES


@pytest.mark.parametrize(("missing", "flags", "message"), [
    ("ray", ["--engine", "ray"], "--engine ray needs Ray Data, which is not installed: pip install 'cleaner[ray]'"),
    ("pyarrow", ["-o", "out.parquet"], "--format parquet needs pyarrow: pip install 'cleaner[ray]'"),
])
def test_a_missing_extra_says_how_to_install_it(tmp_path, capsys, monkeypatch, missing, flags, message):
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == missing else find_spec(name, *a))
    monkeypatch.chdir(tmp_path)
    assert main(["clean", str(SAMPLES), *flags]) == 2
    assert capsys.readouterr().err == f"cleaner: error: {message}\n"
    assert not list(tmp_path.iterdir())


def test_parquet_needs_an_output_file(capsys):
    assert main(["clean", str(SAMPLES), "--format", "parquet"]) == 2
    assert capsys.readouterr().err == "cleaner: error: --format parquet writes a file: give -o FILE.parquet\n"


def test_an_address_without_the_ray_engine_is_a_usage_error(capsys):
    assert main(["clean", str(SAMPLES), "--address", "ray://head:10001"]) == 2
    assert capsys.readouterr().err == "cleaner: error: --address is the Ray cluster of --engine ray: add --engine ray\n"
