"""The README's Python examples run, and say what the README says they say."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import shutil
import subprocess
import sys

from .conftest import ROOT


def test_readme_python_examples_run(monkeypatch):
    monkeypatch.chdir(ROOT)  # as a reader runs them: from the checkout (the datatrove example reads examples/)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, "README.md", "exec"), {})
    printed = out.getvalue().split("\n")
    assert printed[0] == "The ministry said on Wednesday that it had found the intruders."
    assert printed[1] == "[('boilerplate', 'navigation')]"
    assert printed[3] == "1 True Officials repeated it. ['0']"  # the repeated quote is gone, traced to article 0
    assert printed[4] == "CZECH MINISTRY FINDS INTRUDERS ['extract', 'repair', 'boilerplate', 'date', 'language', 'shout']"
    assert printed[5] == ("https://www.example.com/news/czech-ministry 2024-05-01 "  # the published date, not the updated
                          "['cleaner', 'dedup', 'favor', 'lang', 'linemodel', 'rules', 'state', 'user_rules']")
    for line in printed[6:11]:  # Hugging Face datasets, then datatrove: each says what it prints after its "# "
        assert line, printed
    comments = re.findall(r"print\(.*\)  # (.*)", _section(readme, "Hugging Face datasets") + _section(readme, "datatrove"))
    assert printed[6:11] == comments


def _section(text: str, heading: str) -> str:
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_readme_input_examples_run(tmp_path):
    """The Inputs section's command lines, run as written (in a scratch folder holding examples/), write what they say."""
    block = re.search(r"```sh\n(.*?)```", _section((ROOT / "README.md").read_text(encoding="utf-8"), "Inputs"), re.S)[1]
    commands = [shlex.split(line.split("#")[0]) for line in block.strip().split("\n")]
    assert [c[:2] for c in commands] == [["cleaner", "clean"]] * 3
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    outs = []
    for command in commands:
        res = subprocess.run([sys.executable, "-m", "cleaner", *command[1:]], cwd=tmp_path, capture_output=True, timeout=300)
        assert res.returncode == 0 and res.stderr.decode().startswith("cleaner: 3 cleaned; 0 failed"), res.stderr
        outs.append(res.stdout.decode())
    pages = [json.loads(line) for line in outs[0].split("\n") if line]
    assert len(pages) == 3 and all(r["url"].startswith("https://") and r["text"] for r in pages)  # each with its url
    crawl = [json.loads(line) for line in (tmp_path / "crawl.jsonl").read_text(encoding="utf-8").split("\n") if line]
    assert [r["id"][:9] for r in crawl] == ["urn:uuid:"] * 3 and all(r["url"].startswith("https://") for r in crawl)
    written = sorted((tmp_path / "crawl").rglob("*.txt"))
    assert [p.relative_to(tmp_path / "crawl").parent.name for p in written] == ["crawl"] * 3
    assert [p.read_text(encoding="utf-8").split("\n", 1)[0] for p in written] == [r["title"] for r in crawl]


def test_architecture_example_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    namespace: dict = {}
    for block in re.findall(r"```python\n(.*?)```", text, re.S):
        exec(compile(block, "ARCHITECTURE.md", "exec"), namespace)
    assert namespace["doc"].ok and namespace["doc"].title.startswith("Czech Government Condemns")
