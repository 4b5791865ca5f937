"""What a process pays for before its first page: built once into the cache folder, then read, with the same output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner import repair
from cleaner.regexcache import DiskMemo

ROOT = Path(__file__).resolve().parent.parent

# One process: the cache folder given, LightGBM (no native compile in a test); a plain page and a mojibake line.
_PROBE = """
import json, sys
from pathlib import Path
from cleaner.boilerplate import compiled
compiled.configure(compiled.Settings(cache_dir=Path(sys.argv[1]), use_compiled=False))
from cleaner import clean
from cleaner.language import _factory
page = clean(Path(sys.argv[2]).read_text(encoding="utf-8"))
plain = {"ftfy": "ftfy" in sys.modules, "lazy_table": type(_factory().word_lang_prob_map).__name__ == "LazyRows"}
fixed = clean("The minister said on Monday: РџСЂРё СЃРѕР·РґР°РЅРёРё of the new law the talks had failed.").text
print(json.dumps({**plain, "record": page.to_record(), "fixed": fixed}))
"""


def _probe(cache: Path) -> dict:
    sample = ROOT / "samples" / "000_b0e08e17cefa5128.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _PROBE, str(cache), str(sample)], capture_output=True, env=env,
                          timeout=300, check=True)
    return json.loads(done.stdout)


@pytest.mark.slow  # two real processes: what a fresh process imports is the contract
def test_a_second_process_reads_what_the_first_built_and_cleans_alike(tmp_path):
    first, second = _probe(tmp_path), _probe(tmp_path)
    assert first["ftfy"] and not second["ftfy"]  # the first builds ftfy's gate; the second reads it
    assert second["lazy_table"]
    assert second["record"] == first["record"] and second["fixed"] == first["fixed"]
    assert "При создании" in second["fixed"]  # ftfy is still imported where the gate lets a line through
    assert {path.name.split("-")[0] for path in tmp_path.iterdir()} >= {"langdetect", "regex", "linematch", "ftfygate"}


def test_the_kept_gate_is_the_one_built_from_ftfy(tmp_path, monkeypatch):
    from cleaner.boilerplate import compiled

    previous = compiled.configure(compiled.Settings(cache_dir=tmp_path))
    try:
        memo = DiskMemo("ftfygate", lambda: "test")
        monkeypatch.setattr(repair, "_GATE", memo)
        repair._ftfy_gate.cache_clear()
        built = repair._ftfy_gate()
        memo.save()
        monkeypatch.setattr(repair, "_GATE", DiskMemo("ftfygate", lambda: "test"))
        monkeypatch.setattr(repair, "_gate_pattern", lambda: pytest.fail("the kept gate was not read"))
        repair._ftfy_gate.cache_clear()
        assert repair._ftfy_gate() == built  # the same pattern, read back
    finally:
        repair._ftfy_gate.cache_clear()
        compiled.configure(previous)
