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

import pytest

from .conftest import ROOT, SAMPLES, run


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
                          "['cleaner', 'dedup', 'favor', 'lang', 'lexicon', 'linemodel', 'rules', 'state', 'user_rules']")
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
        res = run(*command[1:], cwd=tmp_path)
        assert res.returncode == 0 and res.stderr.decode().startswith("cleaner: 3 cleaned; 0 failed"), res.stderr
        outs.append(res.stdout.decode())
    pages = [json.loads(line) for line in outs[0].split("\n") if line]
    assert len(pages) == 3 and all(r["url"].startswith("https://") and r["text"] for r in pages)  # each with its url
    crawl = [json.loads(line) for line in (tmp_path / "crawl.jsonl").read_text(encoding="utf-8").split("\n") if line]
    assert [r["id"][:9] for r in crawl] == ["urn:uuid:"] * 3 and all(r["url"].startswith("https://") for r in crawl)
    written = sorted((tmp_path / "crawl").rglob("*.txt"))
    assert [p.relative_to(tmp_path / "crawl").parent.name for p in written] == ["crawl"] * 3
    assert [p.read_text(encoding="utf-8").split("\n", 1)[0] for p in written] == [r["title"] for r in crawl]


@pytest.mark.slow  # the lines run in a shell, redirection included
def test_readme_explain_report_examples_run(tmp_path):
    """The Explain report section's command lines, run as written (shell redirection included), write the page it shows."""
    import lxml.html

    section = _section((ROOT / "README.md").read_text(encoding="utf-8"), "Explain report")
    block = re.search(r"```sh\n(.*?)```", section, re.S)[1]
    commands = [line.split("#")[0].strip() for line in block.strip().split("\n")]
    assert [c.split()[:3] for c in commands] == [["cleaner", "explain", "--html"]] * 2
    assert "](docs/explain.png)" in section and (ROOT / "docs" / "explain.png").read_bytes()[:4] == b"\x89PNG"
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    sections = []
    for command in commands:
        line = f"{shlex.quote(sys.executable)} -m {command}"
        res = subprocess.run(line, shell=True, cwd=tmp_path, capture_output=True, timeout=300)
        assert res.returncode == 0 and res.stderr == b"", res.stderr
        page = lxml.html.fromstring((tmp_path / "explain.html").read_bytes())
        sections.append([h2.text_content() for h2 in page.xpath("//main/article/h2")])
    assert sections == [[f"{n}. samples/{p.name}" for n, p in enumerate(sorted(SAMPLES.glob("*.txt")), 1)], ["1. <stdin>"]]


def test_architecture_example_runs(monkeypatch):
    monkeypatch.chdir(ROOT)
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    namespace: dict = {}
    for block in re.findall(r"```python\n(.*?)```", text, re.S):
        exec(compile(block, "ARCHITECTURE.md", "exec"), namespace)
    assert namespace["doc"].ok and namespace["doc"].title.startswith("Czech Government Condemns")


def test_readme_rules_examples_run(tmp_path):
    """The --rules section: its command lines run as written, the file it shows is the one they use, and the rule is named."""
    section = _section((ROOT / "README.md").read_text(encoding="utf-8"), "Rules of your own (`--rules FILE`)")
    block = re.search(r"```sh\n(.*?)```", section, re.S)[1]
    commands = [shlex.split(line.split("#")[0]) for line in block.strip().split("\n")]
    shown = re.search(r"```toml\n(.*?)```", section, re.S)[1]
    used = (ROOT / "examples" / "site_rules.toml").read_text(encoding="utf-8")
    assert shown.strip() == "\n".join(line for line in used.split("\n") if not line.startswith("#")).strip()
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    outs = []
    for command in commands:
        res = run(*command[1:], cwd=tmp_path)
        assert res.returncode == 0, res.stderr
        outs.append(res.stdout.decode())
    plain, ruled = (json.loads((tmp_path / name).read_text(encoding="utf-8")) for name in ("blog.jsonl", "blog-rules.jsonl"))
    lines = ["Wpis zawiera linki afiliacyjne", "Agnieszka Nowicka testuje sprzęt"]
    assert all(line in plain["text"] for line in lines) and not any(line in ruled["text"] for line in lines)
    fired = {r["rule"]: r["reason"] for r in ruled["removed"] if r["rule"].startswith("examples/site_rules.toml")}
    assert fired == {"examples/site_rules.toml:5": "affiliate_disclosure", "examples/site_rules.toml:10": "credit_line"}
    rest = [line for line in plain["text"].split("\n") if not line.startswith(tuple(lines))]
    assert ruled["text"].split("\n") == rest  # nothing else changed
    assert "[examples/site_rules.toml:5]" in outs[2] and "affiliate_disclosure" in outs[2]
