"""The package's layout is its architecture: folders for the clusters, no private name imported across
modules, every public import path of the README working, and an installed (not editable) package complete."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SAMPLES

PACKAGE = ROOT / "cleaner"
EXTRAS = {"cleaner.ray": "ray", "cleaner.ray_io": "ray", "cleaner.hf": "datasets", "cleaner.datatrove_step": "datatrove",
          "cleaner.output_parquet": "pyarrow"}


def _readme_imports() -> list[tuple[str, str]]:
    """(module, name) of every ``from cleaner... import ...`` and every dotted ``cleaner.x.Name`` the README shows."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = [(module, name.strip()) for module, names in re.findall(r"from (cleaner[\w.]*) import ([\w, ]+)", text)
             for name in names.split(",") if name.strip()]
    for dotted in re.findall(r"`(cleaner(?:\.\w+)+)[`(]", text):
        module, _, name = dotted.rpartition(".")
        found.append((module, name))
    return sorted(set(found))


def test_the_readme_shows_the_public_paths_that_must_keep_working():
    shown = _readme_imports()
    for must in [("cleaner", "clean"), ("cleaner", "clean_many"), ("cleaner.dedup", "signatures"),
                 ("cleaner.local", "LocalExecutor"), ("cleaner.hf", "clean_batch"), ("cleaner.ray", "clean_dataset")]:
        assert must in shown


@pytest.mark.parametrize(("module", "name"), _readme_imports())
def test_every_public_import_path_of_the_readme_works(module, name):
    extra = EXTRAS.get(module)
    if extra and importlib.util.find_spec(extra) is None:
        pytest.skip(f"{module} needs the {extra} extra")
    imported = importlib.import_module(module)
    assert hasattr(imported, name) or importlib.util.find_spec(f"{module}.{name}") is not None, f"{module}.{name}"


def test_the_entry_points_and_folders_import():
    from cleaner.cli import main

    assert callable(main)
    for folder in ("boilerplate", "dedup", "inputs", "explain", "cli", "markdown"):
        module = importlib.import_module(f"cleaner.{folder}")
        assert module.__doc__ and len(module.__doc__.split()) >= 30, folder  # says what lives there
    from cleaner.dedup import Deduper, signatures

    assert Deduper.__module__ == signatures.__module__ == "cleaner.dedup.deduper"


def _private_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("cleaner")):
            found += [f"{path.relative_to(ROOT)}:{node.lineno}: {alias.name}" for alias in node.names
                      if alias.name.startswith("_") and alias.name != "__version__"]
    return found


def test_no_private_name_is_imported_across_modules():
    paths = [*PACKAGE.rglob("*.py"), *(ROOT / "tests").glob("*.py"), *(ROOT / "scripts").glob("*.py"), *(ROOT / "bench").glob("*.py")]
    assert [found for path in paths for found in _private_imports(path)] == []


def test_at_most_25_modules_at_the_top_and_every_path_the_docs_name_exists():
    assert len(list(PACKAGE.glob("*.py"))) <= 25
    for doc in ("README.md", "ARCHITECTURE.md"):
        named = set(re.findall(r"cleaner/[\w/]+\.(?:py|toml|txt|html)", (ROOT / doc).read_text(encoding="utf-8")))
        assert named and [path for path in sorted(named) if not (ROOT / path).exists()] == [], doc


@pytest.mark.slow  # builds and installs a wheel: the installed package, not the checkout, is the contract
def test_the_installed_package_has_every_folder_and_cleans_the_samples(tmp_path):
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), *map(str, wheels.glob("*.whl"))],
                   check=True, capture_output=True, timeout=600)
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
    where = subprocess.run([sys.executable, "-c", "import cleaner.boilerplate.rules as m, cleaner; print(cleaner.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site))  # the installed copy, not the checkout
    res = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(SAMPLES), "-o", str(tmp_path / "out")],
                         cwd=tmp_path, env=env, capture_output=True, timeout=600)
    assert res.returncode == 0, res.stderr.decode()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in SAMPLES.glob("*.txt"))
