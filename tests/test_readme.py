"""The README's Python examples run, and say what the README says they say."""

from __future__ import annotations

import contextlib
import io
import re

from .conftest import ROOT


def test_readme_python_examples_run():
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


def test_architecture_example_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    namespace: dict = {}
    for block in re.findall(r"```python\n(.*?)```", text, re.S):
        exec(compile(block, "ARCHITECTURE.md", "exec"), namespace)
    assert namespace["doc"].ok and namespace["doc"].title.startswith("Czech Government Condemns")
