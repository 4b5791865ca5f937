"""Package versions read from dist-info folder names: what importlib.metadata says, so cache keys stay as they were."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from cleaner.installed import dist_version


@pytest.mark.parametrize("name", ["langdetect", "lleaves", "numpy"])
def test_the_dist_info_name_holds_importlib_metadatas_version(name):
    module = pytest.importorskip(name)
    found = dist_version(name, module.__file__)
    assert found.removesuffix(".dist-info").split("-", 1)[1] == version(name)


def test_without_a_dist_info_folder_importlib_metadata_answers(tmp_path):
    package = tmp_path / "langdetect"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    assert dist_version("langdetect", str(package / "__init__.py")) == version("langdetect")


def test_the_line_models_machine_key_reads_lleaves_version_as_before():
    pytest.importorskip("lleaves")
    from cleaner.boilerplate import compiled

    assert compiled._lleaves_version() == version("lleaves")
