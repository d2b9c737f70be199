"""The README's tour runs as written: every shell command and Python snippet after a `<!-- tour -->`
mark, in order, in a temporary folder laid out like a fresh clone (the repository's `src/` inside, the
shared corpus beside it as `../shared`). A command that fails, or a file it names that is not there,
fails this test."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
MARK = "<!-- tour -->"
BLOCK = re.compile(r"<!-- tour -->\n```(sh|python)\n(.*?)```", re.S)
COMMENT = re.compile(r"\s+#\s.*$")


def tour() -> list[tuple[str, str]]:
    """(kind, text) in README order: ("sh", one command line) or ("python", a whole snippet)."""
    steps: list[tuple[str, str]] = []
    for kind, body in BLOCK.findall(README):
        if kind == "python":
            steps.append(("python", body))
            continue
        for line in body.splitlines():
            line = COMMENT.sub("", line).strip()
            if not line or line.startswith(("#", ". ", "source ")):
                continue
            steps.extend(("sh", part.strip()) for part in line.split("·") if part.strip())
    return steps


STEPS = tour()


def test_the_tour_is_marked() -> None:
    assert README.count(MARK) == len(BLOCK.findall(README)), "a tour mark without a code block under it"
    commands = [text for kind, text in STEPS if kind == "sh"]
    assert len(commands) >= 30
    assert all(c.startswith("luoshi ") for c in commands), [c for c in commands if not c.startswith("luoshi ")]
    for needed in ("import", "assign", "split", "progress review", "override", "rules load", "review", "corpus"):
        assert any(c.startswith(f"luoshi {needed} ") for c in commands), needed


def test_english_ledger_block_is_the_chinese_one() -> None:
    """The English section repeats the Chinese tour's ledger commands; they must not drift apart."""
    english = README[README.index("## The target ledger"):]
    body = english[english.index("```sh\n") + 6:]
    body = body[:body.index("```")]
    chinese = {text for kind, text in STEPS if kind == "sh"}
    for line in body.splitlines():
        for part in COMMENT.sub("", line).split("·"):
            if part.strip():
                assert part.strip() in chinese, f"English tour command not in the Chinese tour: {part.strip()}"


def test_the_tour_runs(tmp_path: Path, shared: Path) -> None:
    clone = tmp_path / "luoshi"
    clone.mkdir()
    (clone / "src").symlink_to(REPO / "src")
    (clone / "tests").symlink_to(REPO / "tests")
    (tmp_path / "shared").symlink_to(shared)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LUOSHI_")}
    env.update(LUOSHI_SHARED=str(tmp_path / "shared"), LUOSHI_CONFIG="", PYTHONIOENCODING="utf-8")
    for kind, text in STEPS:
        if kind == "sh":
            argv = [sys.executable, "-m", "luoshi", *shlex.split(text)[1:]]
        else:
            script = clone / "snippet.py"
            script.write_text(text, encoding="utf-8")
            argv = [sys.executable, str(script)]
        done = subprocess.run(argv, cwd=clone, env=env, capture_output=True, text=True, timeout=600, check=False)
        shown = text if kind == "sh" else f"python snippet:\n{text}"
        assert done.returncode == 0, f"README step failed (exit {done.returncode}): {shown}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr, f"{shown}\n{done.stderr[-2000:]}"
    # What the tour says it makes is there.
    for made in ("luoshi.db", "任务分解表.xlsx", "进展通报.docx", "台账备份.json.gz", "恢复.db", "兑现.xlsx", "历年对比.xlsx",
                 "主要预期目标.xlsx", "指标.xlsx", "指标.jsonl", "贵州.db", "脚本.db"):
        assert (clone / made).exists(), made
    assert any((clone / "语料表").glob("*.parquet"))

